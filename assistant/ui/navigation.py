"""Which pages a session sees, chosen by the role its link grants."""

from __future__ import annotations

import gc
import importlib
import logging
import re
import sys
import threading
import time
from urllib.parse import urlsplit

import streamlit as st
from pydantic import ValidationError

from assistant.config import Settings, get_settings
from assistant.errors import AccessDeniedError, ForumError, ForumGoneError, NotFoundError, SettingsError
from assistant.forum.access import Role
from assistant.i18n import isolate, translate
from assistant.ui import services, state
from assistant.ui.common import (
    apply_language,
    browser_language,
    current_language,
    language_picker,
    markdown_literal,
)

log = logging.getLogger(__name__)
# Streamlit put its "Page not found" box (in English) over a default page opened at its own
# path, so a default page's path is one no link has (see `pages_for`).
DEFAULT_PATH = "start"
_PAGES: dict[str, st.Page] = {}


def _page(name: str, render, icon: str, default: bool = False) -> st.Page:
    """`icon` is a Material Symbol, from the font Streamlit serves itself: an emoji would
    need a colour-emoji font on the facilitator's machine and shows as a box without one."""
    page = st.Page(render, title=translate(f"nav.{name}", current_language()), icon=icon,
                   url_path=DEFAULT_PATH if default else name, default=default)
    _PAGES[name] = page
    return page


def page(name: str) -> st.Page:
    return _PAGES[name]


# Modules the facilitator's and the manager's pages need, imported on a thread of their own once
# the server's first run is drawn (charts, documents, similarity: about three seconds on two
# cores), so that their first page is drawn as fast as any later one. A phone never waits for
# them: its page imports none of them (a fresh server's first join screen took 4.0 s while they
# were imported beside it, 2.0-2.5 s before them).
WARM_MODULES = ("assistant.ui.console_page", "assistant.ui.manager_page", "assistant.ui.projector_page",
                "assistant.ui.work_plan_page", "assistant.ui.chat_page", "assistant.ui.teams_page", "assistant.exports.bundle",
                "assistant.text.tfidf")


# Python locks each module while it is imported: two threads importing the same packages
# in another order can each hold what the other waits for, and Python then fails one of them
# ("_DeadlockError: deadlock detected by _ModuleLock('narwhals.stable.v1')"). A fresh server
# whose first page was the assistant's, drawn while the warm-up imported the console's
# modules, showed Streamlit's error box (now and then: twice in five starts, then in none of
# fifteen). The warm-up and the pages import their modules one at a time, under this lock.
_IMPORTING = threading.Lock()
# Pages waiting for that lock. The warm-up lets them go first: a lock released is not handed to
# the thread waiting for it, and the warm-up, taking it again for its next module at once, kept
# a fresh server's first page (a phone's join screen) waiting for all of them (2.2 s of 8.6).
_pages_waiting = 0
_WAITING_COUNT = threading.Lock()


def _count_waiting(step: int) -> None:
    global _pages_waiting  # noqa: PLW0603 - one count for the process
    with _WAITING_COUNT:
        _pages_waiting += step


def imported(name: str):
    """The module `name`: as loaded when it is, else imported under `_IMPORTING`, before
    whatever the warm-up would import next."""
    module = sys.modules.get(name)
    if module is not None and not getattr(getattr(module, "__spec__", None), "_initializing", False):
        return module
    _count_waiting(1)
    with _IMPORTING:
        _count_waiting(-1)
        return importlib.import_module(name)


def _warm(modules) -> None:
    for module in modules:
        while _pages_waiting:  # a page first
            time.sleep(0.01)
        try:
            with _IMPORTING:
                importlib.import_module(module)
        except Exception:  # a page that fails to import says so when it is opened
            log.exception("warming up %s", module)


def _warm_up() -> None:
    try:
        get_settings()
    except ValidationError:  # the pages' modules read the settings: every page says why instead
        return
    _warm(WARM_MODULES)
    # What the libraries have loaded lives as long as the server: Python's oldest garbage
    # collection walked all of it, about 0.2 s holding every thread each time, a dozen times
    # for 200 phones. Frozen, each walks only what was made since.
    gc.freeze()


_warm_up_started = threading.Event()


def _start_warm_up() -> None:
    """Once per process, after the server's first run: that first page (a phone's, often) is
    not drawn while the warm-up holds the interpreter importing pages it does not need."""
    if not _warm_up_started.is_set():
        _warm_up_started.set()
        threading.Thread(target=_warm_up, name="pages-warm-up", daemon=True).start()


def _lazy(module: str):
    """A page's render function that imports its module only when the page runs: the
    console, assistant, work-plan and manager pages pull in seconds of libraries (charts,
    documents, retrieval, chat models) that a participant's phone never needs."""
    def render() -> None:
        imported(f"assistant.ui.{module}").render()

    render.__name__ = render.__qualname__ = module
    return render


# Each role's pages as (name, module, icon), its default page first.
_ROLE_PAGES: dict[Role | None, tuple[tuple[str, str, str], ...]] = {
    Role.FACILITATOR: (("console", "console_page", ":material/explore:"),
                       ("projector", "projector_page", ":material/co_present:"),
                       ("assistant", "chat_page", ":material/forum:"),
                       ("workplan", "work_plan_page", ":material/table_view:"),
                       ("teams", "teams_page", ":material/groups:"),
                       ("search", "search_page", ":material/search:")),
    Role.PARTICIPANT: (("phone", "phone_page", ":material/smartphone:"),),
    Role.MANAGER: (("manager", "manager_page", ":material/description:"),
                   ("search", "search_page", ":material/search:")),
    Role.TEAM_LEAD: (("team", "team_page", ":material/groups:"),
                     ("search", "search_page", ":material/search:")),
    None: (("home", "home_page", ":material/home:"),
           ("phone", "phone_page", ":material/smartphone:"),
           ("search", "search_page", ":material/search:")),
}
# Every page path the app has. A link opened at a path its role has no page for (or at the path
# of its default page) shows the role's default page.
PATHS = tuple(dict.fromkeys(name for specs in _ROLE_PAGES.values() for name, _, _ in specs))


# A path the app has no page for (a link mistyped or cut short) opens the role's default page
# at that path, saying so in the page's language, instead of Streamlit's "Page not found"
# box in English. Only a single segment can be a page's path.
_UNKNOWN_PATH = re.compile(r"^[A-Za-z0-9_-]{1,60}$")


def requested_path() -> str | None:
    """The page path in the browser's address when it names no page of the app."""
    url = st.context.url
    if not url:
        return None
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    path = urlsplit(url).path.strip("/")
    if base and (path == base or path.startswith(f"{base}/")):
        path = path[len(base):].strip("/")
    return path if path not in PATHS and path != DEFAULT_PATH and _UNKNOWN_PATH.match(path) else None


# A professional team's own meetings are run like a forum's, without a work plan or teams of
# their own: those are the design forum's.
NOT_FOR_TEAM_MEETINGS = frozenset({"workplan", "teams"})


def pages_for(role: Role | None, unknown: str | None = None, *, team_meetings: bool = False) -> list[st.Page]:
    _PAGES.clear()
    specs = tuple(spec for spec in _ROLE_PAGES[role] if not (team_meetings and spec[0] in NOT_FOR_TEAM_MEETINGS))
    pages = [_page(name, _lazy(module), icon, default=not n) for n, (name, module, icon) in enumerate(specs)]
    default, module, _ = specs[0]  # served at "/"
    aliases = [path for path in PATHS if path == default or path not in _PAGES]
    if unknown:
        aliases.append(unknown)
    return pages + [st.Page(_lazy(module), title=pages[0].title, url_path=path, visibility="hidden")
                    for path in aliases]


def settings() -> Settings:
    """The server's settings. If a `FORUM_*` variable cannot be taken, every page says which,
    in the browser's language, and nothing else runs (the server's log says why)."""
    try:
        return get_settings()
    except ValidationError as error:
        exc = SettingsError.of(error)
        log.error("the settings cannot be read: %s", exc.params.get("reason"))
        if state.LANGUAGE not in st.session_state:
            st.session_state[state.LANGUAGE] = browser_language()
        apply_language()
        st.error(exc.public_message(current_language()))
        st.stop()
        raise  # st.stop() ends the run; outside one (bare mode) the error goes on


def run() -> None:
    try:
        _run()
    finally:
        _start_warm_up()


def _run() -> None:
    role, problem, locked = None, None, False
    try:
        access = services.current_access()
        role = access.role if access else None
        locked = services.locked(access)  # the PIN form stands for every page (services.require)
    except (AccessDeniedError, NotFoundError) as exc:  # a bad link: forget it
        services.forget_access()
        problem = services.message_for(exc)
    except ForumError as exc:  # the store is busy, read-only or down, or a client waits: say so
        apply_language()
        st.error(services.message_for(exc))
        st.stop()
    if role is None and state.LANGUAGE not in st.session_state:  # a stranger: their browser's language
        st.session_state[state.LANGUAGE] = browser_language()
    unknown = requested_path()
    pages = pages_for(role, unknown, team_meetings=st.session_state.get(state.FORUM_KIND) == "team")
    phone = role is Role.PARTICIPANT
    current = st.navigation(pages, position="hidden" if phone or locked else "sidebar")
    if not phone and current.url_path != "phone":
        language_picker()
    apply_language()
    if problem:
        st.error(problem)
    if unknown and current.url_path == unknown:
        st.info(translate("nav.unknown_path", current_language(), path=markdown_literal(isolate(f"/{unknown}"))))
    try:
        current.run()
    except ForumGoneError as exc:  # deleted while this page had it open
        services.forget_access()
        st.error(services.message_for(exc))
