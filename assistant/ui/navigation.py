"""Which pages a session sees, chosen by the role its link grants."""

from __future__ import annotations

import streamlit as st

from assistant.errors import AccessDeniedError, ForumError, NotFoundError
from assistant.forum.access import Role
from assistant.i18n import translate
from assistant.ui import services
from assistant.ui.common import apply_direction, current_language, language_picker

_PAGES: dict[str, st.Page] = {}


def _page(name: str, render, icon: str, default: bool = False) -> st.Page:
    page = st.Page(render, title=translate(f"nav.{name}", current_language()), icon=icon, url_path=name,
                   default=default)
    _PAGES[name] = page
    return page


def page(name: str) -> st.Page:
    return _PAGES[name]


def pages_for(role: Role | None) -> list[st.Page]:
    from assistant.ui import (
        chat_page, console_page, home_page, manager_page, phone_page, projector_page, search_page,
        workplan_page,
    )

    _PAGES.clear()
    if role is Role.FACILITATOR:
        return [_page("console", console_page.render, "🧭", default=True),
                _page("projector", projector_page.render, "📽️"),
                _page("assistant", chat_page.render, "💬"),
                _page("workplan", workplan_page.render, "🗂️"),
                _page("search", search_page.render, "🔎")]
    if role is Role.PARTICIPANT:
        return [_page("phone", phone_page.render, "📱", default=True)]
    if role is Role.MANAGER:
        return [_page("manager", manager_page.render, "📄", default=True),
                _page("search", search_page.render, "🔎")]
    return [_page("home", home_page.render, "🏠", default=True),
            _page("phone", phone_page.render, "📱"),
            _page("search", search_page.render, "🔎")]


def run() -> None:
    role, problem = None, None
    try:
        access = services.current_access()
        role = access.role if access else None
    except (AccessDeniedError, NotFoundError) as exc:  # a bad link: forget it
        services.forget_access()
        problem = exc.message(current_language())
    except ForumError as exc:  # the store is busy, read-only or down: say so and keep the link
        apply_direction()
        st.error(exc.message(current_language()))
        st.stop()
    pages = pages_for(role)
    phone = role is Role.PARTICIPANT
    current = st.navigation(pages, position="hidden" if phone else "sidebar")
    if not phone and current.url_path != "phone":
        language_picker()
    apply_direction()
    if problem:
        st.error(problem)
    current.run()
