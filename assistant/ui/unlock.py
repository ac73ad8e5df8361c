"""The PIN a forum's facilitator pages ask for before anything else (see `services.require`)."""

from __future__ import annotations

import streamlit as st

from assistant.errors import ForumError
from assistant.store import commands
from assistant.store.commands import Access
from assistant.ui import services, state
from assistant.ui.common import current_language, literal, t


def render(access: Access) -> None:
    """The PIN form in place of the page; the page itself is drawn once the PIN is right."""
    forum = services.forum(access.forum_id)
    literal(forum.title, "forum-title")
    st.subheader(t("console.locked_title"))
    st.caption(t("console.locked_help"))
    with st.form("console.pin_form"):
        st.text_input(t("field.pin"), type="password", key=state.PIN_INPUT)
        submitted = st.form_submit_button(t("console.unlock"), type="primary")
    if submitted:
        try:
            commands.check_pin(services.store(), forum.id, st.session_state.get(state.PIN_INPUT, ""))
        except ForumError as exc:
            st.error(exc.message(current_language()))
            return
        services.unlocked(forum.id)
        st.rerun()
