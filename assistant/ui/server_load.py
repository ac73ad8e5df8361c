"""How busy this server process is: the screens connected to it (phones, the console, the
projector) and how many of them are waiting for their page to be run right now.

A screen waits from the moment its tap, send or timed refresh reaches the server until the run
it asked for ends. On a calm server that is a few at any instant; when the server cannot keep
up, the waiting pile up, and the console says so (`busy`), so that the facilitator can give the
room a moment instead of hearing about it from the phones. Each process of a cluster counts
its own screens.

Streamlit has no public API for its sessions: this reads the runtime's session manager and
each session's script runner. If a release renames them, `server_load` returns None and the
console shows nothing (logged once), never an error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from assistant.ui.runtime_fix import finished_on_its_own

log = logging.getLogger(__name__)
# Busy: at least this many screens waiting, and at least this share of those connected.
BUSY_WAITING = 5
BUSY_SHARE = 0.1


@dataclass(frozen=True)
class ServerLoad:
    screens: int  # connected to this process, the one asking excluded
    waiting: int  # of those, waiting for a run of their page

    @property
    def busy(self) -> bool:
        return self.waiting >= max(BUSY_WAITING, BUSY_SHARE * self.screens)


def _waiting(session: object) -> bool:
    runner = session._scriptrunner
    if runner is None:
        return False
    if not hasattr(runner, "_requests") or not hasattr(runner, "_execing"):
        raise AttributeError("ScriptRunner has no _requests or _execing")
    return not finished_on_its_own(runner)


def server_load() -> ServerLoad | None:
    """This process's screens and how many wait, the asking session excluded; None outside a
    running server (AppTest) or if Streamlit's internals changed."""
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        if not Runtime.exists() or type(Runtime.instance()) is not Runtime:  # none, or AppTest's mock of one
            return None
        ctx = get_script_run_ctx()
        me = ctx.session_id if ctx is not None else None
        sessions = [info.session for info in Runtime.instance()._session_mgr.list_active_sessions()]
        others = [s for s in sessions if s.id != me]
        return ServerLoad(screens=len(others), waiting=sum(1 for s in others if _waiting(s)))
    except Exception as exc:  # noqa: BLE001 - a changed private API: show nothing, say why once
        _warn_once(f"{type(exc).__name__}: {exc}")
        return None


@cache
def _warn_once(reason: str) -> None:
    log.warning("cannot count the screens waiting for the server: %s", reason)
