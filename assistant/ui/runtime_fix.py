"""A fix for a race in Streamlit's server: a run's reply lost when the browser's next
request is read just after the run ended.

When a run ends on its own, its script thread has already posted everything it drew to the
server's event loop. If the browser's next request (a timed fragment's, every few seconds on
every phone) is read by the loop before those messages are, the session starts a new script
runner, and then drops every message the old one posted that the loop had not yet handled,
as coming from "a non-current ScriptRunner". The run's work is done (an idea stored) but its
reply (the "received" and the emptied idea box) never reaches the phone, whose person then
sees nothing happen. The busier the server, the later the loop handles messages: measured
here, 1 to 37 phones in 300 lost a confirmation this way (`tests/ui/test_runtime_fix.py`
reproduces it deterministically).

The fix: a runner that had finished on its own when it was replaced still has its messages
delivered, in the order they were posted (all before the new runner existed, so before any of
its messages). Only its shutdown is left out: that would retire the new runner. A runner
stopped while running (a full rerun interrupting it) is dropped as before: what it drew is
drawn again by the run that replaced it.

`apply` patches the server's session class once per process; if a Streamlit release renames
what it relies on, it changes nothing and logs why.
"""

from __future__ import annotations

import logging
import weakref

log = logging.getLogger(__name__)
_APPLIED = "_forum_assistant_fix"
_applied = False


def finished_on_its_own(runner: object) -> bool:
    """The runner returned from its last run and asked for no other: everything it will ever
    post, but its shutdown, is posted."""
    from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType

    requests = getattr(runner, "_requests", None)
    return getattr(requests, "_state", None) is ScriptRequestType.STOP and getattr(runner, "_execing", True) is False


def _finishing(session: object) -> weakref.WeakSet:
    return session.__dict__.setdefault("_forum_finishing_runners", weakref.WeakSet())


def apply() -> bool:
    """Patches Streamlit's AppSession (once); whether the fix is in place. Called at every
    run: once applied, it looks at one flag."""
    global _applied  # noqa: PLW0603 - once per process
    if _applied:
        return True
    from streamlit.runtime import app_session
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunnerEvent

    session_class = app_session.AppSession
    if getattr(session_class, _APPLIED, False):
        _applied = True
        return True
    request_rerun = getattr(session_class, "request_rerun", None)
    handle = getattr(session_class, "_handle_scriptrunner_event_on_event_loop", None)
    if request_rerun is None or handle is None:
        log.warning("Streamlit's AppSession has changed; its lost-reply fix is not applied")
        return False

    def patched_request_rerun(self, client_state=None):
        old = getattr(self, "_scriptrunner", None)
        finished = old is not None and finished_on_its_own(old)
        request_rerun(self, client_state)
        if finished and getattr(self, "_scriptrunner", None) is not old:
            _finishing(self).add(old)

    def patched_handle(self, sender, event, *args, **kwargs):
        finishing = _finishing(self)
        if sender is not None and sender is not self._scriptrunner and sender in finishing:
            if event == ScriptRunnerEvent.SHUTDOWN:
                finishing.discard(sender)
                return None
            current, self._scriptrunner = self._scriptrunner, sender
            try:
                return handle(self, sender, event, *args, **kwargs)
            finally:
                self._scriptrunner = current
        return handle(self, sender, event, *args, **kwargs)

    session_class.request_rerun = patched_request_rerun
    session_class._handle_scriptrunner_event_on_event_loop = patched_handle
    setattr(session_class, _APPLIED, True)
    _applied = True
    return True
