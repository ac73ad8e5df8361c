"""What a phone's browser remembers: the participant it joined each forum as (a cookie)."""

from __future__ import annotations

import streamlit as st

from assistant import links
from assistant.errors import ForumError
from assistant.forum.access import Role, looks_like_token
from assistant.forum.records import ForumRecord
from assistant.store import commands
from assistant.ui import services, state


def _secure() -> bool:
    return str(st.context.url or "").startswith("https://")


def remembered_participants() -> list[tuple[ForumRecord, str]]:
    """The forums this browser joined, with the participant token for each, that still
    hold (a forgotten one, or a token no longer valid, is left out)."""
    forgotten = st.session_state.get(state.PHONE_FORGOTTEN, set())
    found = []
    for forum_id, token in sorted(links.remembered(st.context.cookies).items()):
        if forum_id in forgotten or not looks_like_token(token):
            continue
        try:
            who = commands.authenticate(services.store(), token)
        except ForumError:
            continue
        if who.role is Role.PARTICIPANT and who.forum_id == forum_id:
            found.append((services.forum(forum_id), token))
    return found


def remember(forum_id: int, token: str) -> None:
    """Keep the participant's token on this phone (written once per browser session)."""
    if st.session_state.get(state.PHONE_REMEMBERED) == token:
        return
    st.html(links.cookie_script(links.remember_cookie(forum_id), token, secure=_secure()),
            unsafe_allow_javascript=True)
    st.session_state[state.PHONE_REMEMBERED] = token


def forget(forum_id: int) -> None:
    """This phone is no longer that participant: the next join is someone new."""
    st.session_state.setdefault(state.PHONE_FORGOTTEN, set()).add(forum_id)
    st.session_state.pop(state.PHONE_REMEMBERED, None)
    st.session_state[state.PHONE_CLEAR_COOKIE] = forum_id


def clear_forgotten_cookie() -> None:
    forum_id = st.session_state.get(state.PHONE_CLEAR_COOKIE)
    if forum_id is not None:
        st.html(links.cookie_script(links.remember_cookie(forum_id), None, secure=_secure()),
                unsafe_allow_javascript=True)
        st.session_state.pop(state.PHONE_CLEAR_COOKIE, None)  # once sent (see services.show_notice)
