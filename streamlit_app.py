"""Forum Assistant: the Streamlit entry point (a thin router)."""

import streamlit as st

from assistant.i18n import translate
from assistant.ui import search_page
from assistant.ui.common import current_language

st.set_page_config(page_title=translate("app.name"), page_icon="🗺️", layout="wide")

pages = [
    st.Page(search_page.render, title=translate("nav.search", current_language()), icon="🔎",
            url_path="search", default=True),
]
st.navigation(pages).run()
