"""Forum Assistant: the Streamlit entry point (a thin router)."""

import streamlit as st

from assistant.i18n import translate
from assistant.ui import navigation
from assistant.ui.common import chosen_language

st.set_page_config(page_title=translate("app.name", chosen_language()), page_icon="🗺️", layout="wide")
navigation.run()
