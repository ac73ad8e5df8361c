"""Forum Assistant: the Streamlit entry point (a thin router)."""

import streamlit as st

from assistant.i18n import translate
from assistant.ui import navigation, runtime_fix
from assistant.ui.common import chosen_language

runtime_fix.apply()  # before the first reply can be lost (see its docstring)
st.set_page_config(page_title=translate("app.name", chosen_language()), page_icon="🗺️", layout="wide")
navigation.run()
