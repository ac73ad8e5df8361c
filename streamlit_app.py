"""Forum Assistant: the Streamlit entry point (a thin router)."""

import streamlit as st

from assistant.i18n import translate
from assistant.ui import media_keep, navigation, run_gate, runtime_fix, runtime_speed
from assistant.ui.common import chosen_language

runtime_fix.apply()  # before the first reply can be lost (see its docstring)
runtime_speed.apply()  # two per-run costs of Streamlit's that change nothing it sends
media_keep.apply()  # a download's file stays for the browser on a busy server
st.set_page_config(page_title=translate("app.name", chosen_language()), page_icon="🗺️", layout="wide")
settings = navigation.settings()  # a page naming a FORUM_* variable that cannot be read, if one is
run_gate.apply(settings.phone_runs)  # phones' runs a few at a time, joins first
navigation.run()
