"""The app's long-lived services for this server (built by `assistant.services`, cached here)
and who is using this session."""

from __future__ import annotations

import contextlib
import functools
import socket
from typing import TYPE_CHECKING

import streamlit as st

from assistant import links
from assistant.config import get_settings
from assistant.errors import AccessDeniedError, ForumError, ForumGoneError
from assistant.forum import guard
from assistant.forum.access import Role
from assistant.services import Services
from assistant.store import commands, reads
from assistant.store import teams as team_queries
from assistant.store.commands import Access
from assistant.store.database import Store
from assistant.ui import state, unlock
from assistant.ui.common import current_language, t

if TYPE_CHECKING:
    from assistant.playbook.models import Playbook
    from assistant.retrieval.engine import Retriever

TOKEN_PARAMS = {links.FACILITATOR: Role.FACILITATOR, links.PARTICIPANT: Role.PARTICIPANT, links.MANAGER: Role.MANAGER,
                links.TEAM: Role.TEAM_LEAD}


@st.cache_resource(show_spinner=False)
def _services(settings_json: str) -> Services:
    return Services(get_settings(), warm_up=True)


_settings_key: tuple[object, str] | None = None


def built() -> Services:
    """The services for the settings in force (built in `assistant.services`, cached here: one
    set per server process and settings). Every page asks many times per run, so the settings'
    key is worked out once for each settings object."""
    global _settings_key  # noqa: PLW0603
    settings, key = get_settings(), _settings_key
    if key is None or key[0] is not settings:
        key = _settings_key = (settings, settings.model_dump_json())
    return _services(key[1])


def store() -> Store:
    return built().store


def retriever() -> Retriever:
    return built().retriever


def playbook() -> Playbook:
    """The playbook of this session's forum: the teams' for a professional team's own meetings
    (their console, projector and phones), the design forum's otherwise."""
    return built().team_playbook if st.session_state.get(state.FORUM_KIND) == "team" else built().playbook


def team_playbook() -> Playbook:
    return built().team_playbook


def passages_by_id() -> dict:
    """The corpus's passages by id, read from the index (no ranker is opened for them): the
    console quotes the guide's words behind each step with them."""
    return built().passages_by_id


def step_matcher():
    """Finds the playbook step a question is about, in any of its languages."""
    return built().step_matcher


def answerer():
    return built().answerer


def idea_vectors(texts):
    """One unit-length row per text, by meaning; None when there is no meaning model."""
    return built().idea_vectors(list(texts))


def autobackups():
    """The forums' automatic backups (one per server process, so it remembers what it saw)."""
    return built().autobackups


def limits() -> guard.Limits:
    """The server's limits on joining (FORUM_MAX_PARTICIPANTS, FORUM_JOIN_BURST, FORUM_JOINS_PER_MINUTE)."""
    return built().limits


def base_url() -> str:
    settings = get_settings()
    if settings.public_url:
        return settings.public_url
    try:
        return st.context.url or "http://localhost:8501/"
    except Exception:  # noqa: BLE001 - outside a browser session (tests)
        return "http://localhost:8501/"


# Headers a reverse proxy adds: a request that carries one came from elsewhere, even when the
# proxy runs on this machine (uvicorn already takes the address from X-Forwarded-For when the
# proxy is on loopback).
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")
USER_AGENT_MAX = 300


@functools.cache
def own_addresses() -> frozenset[str]:
    """This machine's own network addresses: a browser on the laptop that runs the forum may
    open it at its network address (the one phones use) rather than at localhost."""
    found: set[str] = set()
    with contextlib.suppress(OSError):
        found |= {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)}
    for probe, family in (("10.255.255.255", socket.AF_INET), ("fd00::1", socket.AF_INET6)):
        with contextlib.suppress(OSError), socket.socket(family, socket.SOCK_DGRAM) as sock:
            sock.connect((probe, 1))  # no packet is sent: this only picks the outgoing address
            found.add(sock.getsockname()[0])
    return frozenset(found)


def client() -> guard.Client:
    """Who is at the other end of this session: its network address (None: this machine, with
    no proxy in between) and its browser's name."""
    try:
        address, headers = st.context.ip_address, st.context.headers
    except Exception:  # noqa: BLE001 - outside a browser session: this machine
        return guard.LOCAL
    if not isinstance(address, str) or address in own_addresses():  # this machine (or AppTest's stand-in)
        address = None
    forwarded = next((headers.get(name) for name in FORWARDING_HEADERS if headers.get(name)), None)
    if address is None and forwarded:
        address = f"forwarded:{forwarded[:200]}"
    return guard.Client(address=address, user_agent=(headers.get("user-agent") or "")[:USER_AGENT_MAX])


def _token_from_url() -> tuple[str, str] | None:
    for param in TOKEN_PARAMS:
        value = st.query_params.get(param)
        if value:
            return param, value
    return None


def current_access() -> Access | None:
    """Who this session is, from the link's token (kept across page changes)."""
    found = _token_from_url()
    if found is None and st.session_state.get(state.TOKEN):
        found = st.session_state[state.TOKEN]
    if found is None:
        return None
    param, token = found
    cached = st.session_state.get(state.ACCESS)
    if st.session_state.get(state.TOKEN) == found and cached is not None:
        access = cached
        if access.role is not Role.PARTICIPANT:  # a replaced facilitator or manager link stops here
            try:
                commands.authenticate(store(), token)
            except AccessDeniedError:
                forum(access.forum_id)  # a deleted forum says so (ForumGoneError)
                raise
    else:
        st.session_state.pop(state.ACCESS, None)
        st.session_state.pop(state.PIN_OK, None)
        access = commands.authenticate(store(), token, client=client())
        if TOKEN_PARAMS[param] is not access.role:
            raise AccessDeniedError()
        language = None
        if access.role is Role.PARTICIPANT:  # the phone speaks the participant's language
            language = reads.get_participant(store(), access.forum_id, access.participant_id).language
        # Not the whole forum, its kind: every join asks.
        _take_up(found, access, reads.forum_kind(store(), access.forum_id), language)
    if st.query_params.get(param) != token:
        st.query_params[param] = token
    return access


def adopt_token(role: Role, token: str) -> None:
    """This session goes on under a new link of the same forum and role (the PIN stays unlocked)."""
    param = next(p for p, r in TOKEN_PARAMS.items() if r is role)
    st.session_state[state.TOKEN] = (param, token)
    st.query_params[param] = token


def forget_access() -> None:
    for key in (state.TOKEN, state.ACCESS, state.PIN_OK, state.FORUM_KIND):
        st.session_state.pop(key, None)
    for param in TOKEN_PARAMS:
        st.query_params.pop(param, None)


def _take_up(found: tuple[str, str], access: Access, forum_kind: str, language: str | None) -> None:
    """This session is now `access`, under the link `found` (param, token); a participant's
    `language` is the page's."""
    st.session_state.pop(state.PIN_OK, None)
    st.session_state[state.TOKEN] = found
    st.session_state[state.ACCESS] = access
    st.session_state[state.FORUM_KIND] = forum_kind
    if language is not None:
        st.session_state[state.LANGUAGE] = language


def admit_participant(joined: commands.Joined) -> None:
    """This session goes on as the participant who has just joined: who they are is known from
    the join itself, so the run that draws their page reads none of it back (a room of phones
    joins at once)."""
    remember_participant(joined.token)
    _take_up((links.PARTICIPANT, joined.token), joined.access, joined.forum_kind, joined.participant.language)


def remember_participant(token: str) -> None:
    st.session_state[state.TOKEN] = (links.PARTICIPANT, token)
    st.session_state.pop(state.ACCESS, None)
    st.query_params.pop(links.JOIN, None)
    st.query_params[links.PARTICIPANT] = token


def message_for(exc: ForumError) -> str:
    """An error as this session's person should read it: the facilitator, a manager and whoever
    sits at the server itself get the cause (a database's path, a setting); a participant or a
    stranger what they can do about it."""
    cached = st.session_state.get(state.ACCESS)
    insider = (cached is not None and cached.role is not Role.PARTICIPANT) or client().is_local
    language = current_language()
    return exc.message(language) if insider else exc.public_message(language)


def locked(access: Access | None) -> bool:
    """Whether this session holds a facilitator link of a forum with a PIN it has not typed.
    Every facilitator page (`require`) and every action (`run`) asks this, and nothing else."""
    if access is None or access.role is not Role.FACILITATOR:
        return False
    if st.session_state.get(state.PIN_OK) == access.forum_id:
        return False
    return forum(access.forum_id).has_pin


def require(role: Role) -> Access:
    """The session's access for a page that needs `role`; stops the page otherwise. A facilitator
    link of a forum with a PIN gets the PIN form until the PIN is typed, whatever the page."""
    try:
        access = current_access()
        if access is not None and access.role is role and locked(access):
            unlock.render(forum(access.forum_id), store())
            st.stop()
    except ForumError as exc:
        st.error(message_for(exc))
        st.stop()
    if access is None or access.role is not role:
        st.error(AccessDeniedError().message(current_language()))
        st.stop()
    return access


def forum(forum_id: int):
    return reads.get_forum(store(), forum_id)


def follows_forum(render):
    """For a fragment that refreshes on a timer: once its forum is deleted, or the link the
    page was opened with is replaced, the whole page reruns and says so (see navigation.run),
    instead of the fragment showing a traceback or going on without a valid link."""
    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        try:
            current_access()
            return render(*args, **kwargs)
        except (ForumGoneError, AccessDeniedError):
            st.rerun(scope="app")
    return wrapper


def notice(level: str, message: str) -> None:
    st.session_state[state.NOTICE] = (level, message)


def show_notice(*, toast: bool = False) -> None:
    """The pending confirmation or error, drawn once. It is taken off only after it is drawn:
    a rerun asked for meanwhile (a phone's timer, another tap) stops this run inside the
    drawing call, before anything is sent, and the next run must still have it to show (under
    load, a confirmation taken first was lost, and the phone never saw its idea confirmed)."""
    pending = st.session_state.get(state.NOTICE)
    if not pending or not pending[1]:
        st.session_state.pop(state.NOTICE, None)
        return
    level, message = pending
    if toast:
        st.toast(message, icon=":material/check_circle:" if level == "success" else ":material/warning:")
    else:
        getattr(st, level)(message)
    if st.session_state.get(state.NOTICE) is pending:
        st.session_state.pop(state.NOTICE, None)


def _reported(call, success: str | None):
    """`call()`'s result, its ForumError said as a message (never a traceback), and `success`'s
    confirmation when it went through."""
    try:
        result = call()
    except ForumError as exc:
        notice("error", exc.message(current_language()))
        return None
    if success:
        notice("success", t(success))
    return result


def run(command, *args, success: str | None = None, **kwargs):
    """Run a store command for the facilitator's pages. Only a facilitator link that passed its
    PIN runs one."""
    def call():
        access = current_access()
        if access is None or access.role is not Role.FACILITATOR or locked(access):
            raise AccessDeniedError()
        return command(store(), *args, **kwargs)

    return _reported(call, success)


def run_for_team(command, team_id: int, *args, success: str | None = None, **kwargs):
    """Run a team's store command (`command(store, forum_id, team_id, ...)`): the facilitator's
    link on any team of its forum, a team lead's on its own team only (`check_team_access`)."""
    def call():
        access = current_access()
        if access is None or locked(access):
            raise AccessDeniedError()
        team_queries.check_team_access(access, team_id)
        return command(store(), access.forum_id, team_id, *args, **kwargs)

    return _reported(call, success)


def current_token() -> str:
    found = st.session_state.get(state.TOKEN)
    return found[1] if found else ""
