"""The PIN a forum's facilitator pages ask for before anything else (see `services.require`)."""

from __future__ import annotations

import streamlit as st

from assistant.errors import ForumError
from assistant.forum.records import ForumRecord
from assistant.store import commands
from assistant.store.database import Store
from assistant.ui import state
from assistant.ui.common import current_language, literal, t


def unlocked(forum_id: int) -> None:
    """This session typed the forum's PIN."""
    st.session_state[state.PIN_OK] = forum_id


def render(forum: ForumRecord, store: Store) -> None:
    """The PIN form in place of the page; the page itself is drawn once the PIN is right."""
    literal(forum.title, "forum-title")
    st.subheader(t("console.locked_title"))
    st.caption(t("console.locked_help"))
    with st.form("console.pin_form"):
        st.text_input(t("field.pin"), type="password", key=state.PIN_INPUT)
        submitted = st.form_submit_button(t("console.unlock"), type="primary")
    if submitted:
        try:
            commands.check_pin(store, forum.id, st.session_state.get(state.PIN_INPUT, ""))
        except ForumError as exc:
            st.error(exc.message(current_language()))
            return
        unlocked(forum.id)
        st.rerun()
