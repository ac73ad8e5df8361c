"""Which pages a session sees, chosen by the role its link grants."""

from __future__ import annotations

import importlib

import streamlit as st

from assistant.errors import AccessDeniedError, ForumError, ForumGoneError, NotFoundError
from assistant.forum.access import Role
from assistant.i18n import translate
from assistant.ui import services
from assistant.ui.common import apply_language, current_language, language_picker

_PAGES: dict[str, st.Page] = {}


def _page(name: str, render, icon: str, default: bool = False) -> st.Page:
    """`icon` is a Material Symbol, from the font Streamlit serves itself: an emoji would
    need a colour-emoji font on the facilitator's machine and shows as a box without one."""
    page = st.Page(render, title=translate(f"nav.{name}", current_language()), icon=icon, url_path=name,
                   default=default)
    _PAGES[name] = page
    return page


def page(name: str) -> st.Page:
    return _PAGES[name]


def _lazy(module: str):
    """A page's render function that imports its module only when the page runs: the
    console, assistant, work-plan and manager pages pull in seconds of libraries (charts,
    documents, retrieval, chat models) that a participant's phone never needs."""
    def render() -> None:
        importlib.import_module(f"assistant.ui.{module}").render()

    render.__name__ = render.__qualname__ = module
    return render


def pages_for(role: Role | None) -> list[st.Page]:
    _PAGES.clear()
    if role is Role.FACILITATOR:
        return [_page("console", _lazy("console_page"), ":material/explore:", default=True),
                _page("projector", _lazy("projector_page"), ":material/co_present:"),
                _page("assistant", _lazy("chat_page"), ":material/forum:"),
                _page("workplan", _lazy("workplan_page"), ":material/table_view:"),
                _page("search", _lazy("search_page"), ":material/search:")]
    if role is Role.PARTICIPANT:
        return [_page("phone", _lazy("phone_page"), ":material/smartphone:", default=True)]
    if role is Role.MANAGER:
        return [_page("manager", _lazy("manager_page"), ":material/description:", default=True),
                _page("search", _lazy("search_page"), ":material/search:")]
    return [_page("home", _lazy("home_page"), ":material/home:", default=True),
            _page("phone", _lazy("phone_page"), ":material/smartphone:"),
            _page("search", _lazy("search_page"), ":material/search:")]


def run() -> None:
    role, problem = None, None
    try:
        access = services.current_access()
        role = access.role if access else None
    except (AccessDeniedError, NotFoundError) as exc:  # a bad link: forget it
        services.forget_access()
        problem = exc.message(current_language())
    except ForumError as exc:  # the store is busy, read-only or down: say so and keep the link
        apply_language()
        st.error(exc.message(current_language()))
        st.stop()
    pages = pages_for(role)
    phone = role is Role.PARTICIPANT
    current = st.navigation(pages, position="hidden" if phone else "sidebar")
    if not phone and current.url_path != "phone":
        language_picker()
    apply_language()
    if problem:
        st.error(problem)
    try:
        current.run()
    except ForumGoneError as exc:  # deleted while this page had it open
        services.forget_access()
        st.error(exc.message(current_language()))
