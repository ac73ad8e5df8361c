"""A fix for a download lost in Streamlit's server while the room's phones are on it.

A download button built from a function (every document and data file here, see
`downloads.py`) makes its file when clicked, and the browser then fetches it by its address.
Streamlit keeps that file referenced by no session, and the end of every script run in the
process, any session's and any fragment's, sweeps such files: the first sweep marks it, the
second deletes it. With a room of phones on the server, each phone's status fragment ending
every few seconds, two runs can end between the file being made and the browser asking for
it, and the browser gets "not found": measured with 60 phones waiting, 3 of 15 downloads of
the shared agenda by the manager failed so (a file named by its hash, the download cancelled),
and once in a browser test on a busy machine.

The fix: a file no session references is kept `GRACE_SECONDS` from the moment a sweep first
finds it so (or from when a click made it again), and only then marked and deleted as before.
A file made for a download is thus there for the browser's request however busy the server
is; a file a run references again starts afresh when it is next left.

`apply` patches the media file manager's class once per process; if a Streamlit release
renames what it relies on, it changes nothing and logs why.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)
GRACE_SECONDS = 60.0
_APPLIED = "_forum_assistant_keep"
_applied = False


def _unreferenced_since(manager) -> dict[str, float]:
    """When each file the manager's sweeps found referenced by no session was first found so."""
    return manager.__dict__.setdefault("_forum_unreferenced_since", {})


def keep_unreferenced(manager_class: type, grace: float = GRACE_SECONDS,
                      clock: Callable[[], float] = time.monotonic) -> bool:
    """Patches `manager_class` (Streamlit's MediaFileManager or a subclass of it) so that a file
    no session references is only given up `grace` seconds after it was first found so.
    Whether it is patched."""
    inactive = getattr(manager_class, "_get_inactive_file_ids", None)
    execute = getattr(manager_class, "execute_deferred", None)
    if inactive is None or execute is None:
        log.warning("Streamlit's media file manager has changed; downloads are not kept for the browser")
        return False

    @functools.wraps(inactive)  # (its __wrapped__ is Streamlit's own, for the tests)
    def patched_inactive(self) -> set[str]:  # called with the manager's lock held
        found = inactive(self)
        now = clock()
        since = _unreferenced_since(self)
        for file_id in [f for f in since if f not in found]:  # referenced again, or deleted
            del since[file_id]
        return {f for f in found if now - since.setdefault(f, now) >= grace}

    @functools.wraps(execute)
    def patched_execute(self, file_id: str) -> str:
        url = execute(self, file_id)
        with self._lock:  # made again (the same content, clicked again): its grace starts afresh
            _unreferenced_since(self).pop(url.rsplit("/", 1)[-1].split(".", 1)[0], None)
        return url

    manager_class._get_inactive_file_ids = patched_inactive
    manager_class.execute_deferred = patched_execute
    setattr(manager_class, _APPLIED, True)
    return True


def apply() -> bool:
    """Patches Streamlit's MediaFileManager (once); whether the fix is in place. Called at
    every run: once applied, it looks at one flag."""
    global _applied  # noqa: PLW0603 - once per process
    if _applied:
        return True
    from streamlit.runtime.media_file_manager import MediaFileManager

    _applied = getattr(MediaFileManager, _APPLIED, False) or keep_unreferenced(MediaFileManager)
    return _applied
