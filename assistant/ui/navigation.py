"""Which pages a session sees, chosen by the role its link grants."""

from __future__ import annotations

import importlib

import streamlit as st

from assistant.errors import AccessDeniedError, ForumError, ForumGoneError, NotFoundError
from assistant.forum.access import Role
from assistant.i18n import translate
from assistant.ui import services
from assistant.ui.common import apply_language, current_language, language_picker

# Every page path the app has. A link opened at a path its role has no page for shows the role's
# default page, as its own path does: Streamlit put its "Page not found" box (in English) over
# a default page opened at its path, so the default page's path is one no link has.
PATHS = ("home", "console", "projector", "assistant", "workplan", "manager", "phone", "search")
DEFAULT_PATH = "start"
_PAGES: dict[str, st.Page] = {}
_RENDERS: dict[str, object] = {}


def _page(name: str, render, icon: str, default: bool = False) -> st.Page:
    """`icon` is a Material Symbol, from the font Streamlit serves itself: an emoji would
    need a colour-emoji font on the facilitator's machine and shows as a box without one."""
    page = st.Page(render, title=translate(f"nav.{name}", current_language()), icon=icon,
                   url_path=DEFAULT_PATH if default else name, default=default)
    _PAGES[name], _RENDERS[name] = page, render
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
    _RENDERS.clear()
    if role is Role.FACILITATOR:
        pages = [_page("console", _lazy("console_page"), ":material/explore:", default=True),
                 _page("projector", _lazy("projector_page"), ":material/co_present:"),
                 _page("assistant", _lazy("chat_page"), ":material/forum:"),
                 _page("workplan", _lazy("workplan_page"), ":material/table_view:"),
                 _page("search", _lazy("search_page"), ":material/search:")]
    elif role is Role.PARTICIPANT:
        pages = [_page("phone", _lazy("phone_page"), ":material/smartphone:", default=True)]
    elif role is Role.MANAGER:
        pages = [_page("manager", _lazy("manager_page"), ":material/description:", default=True),
                 _page("search", _lazy("search_page"), ":material/search:")]
    else:
        pages = [_page("home", _lazy("home_page"), ":material/home:", default=True),
                 _page("phone", _lazy("phone_page"), ":material/smartphone:"),
                 _page("search", _lazy("search_page"), ":material/search:")]
    first = next(iter(_PAGES))  # the role's default page, served at "/"
    return pages + [st.Page(_RENDERS[first], title=_PAGES[first].title, url_path=path, visibility="hidden")
                    for path in PATHS if path == first or path not in _PAGES]


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
