"""A download's file stays for the browser while other runs end (assistant/ui/media_keep.py),
played against Streamlit's own media file manager and in-memory storage."""

from __future__ import annotations

import inspect

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from assistant.ui import media_keep

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _streamlits_own() -> type[MediaFileManager]:
    """Streamlit's manager as Streamlit has it, whether or not a page run in this process has
    applied the fix to its class."""

    class Manager(MediaFileManager):
        _get_inactive_file_ids = inspect.unwrap(MediaFileManager._get_inactive_file_ids)
        execute_deferred = inspect.unwrap(MediaFileManager.execute_deferred)

    return Manager


def _clicked(manager: MediaFileManager) -> str:
    """A download button drawn and clicked: the id of the file the browser is to fetch."""
    placeholder = manager.add_deferred(lambda: b"PK agenda", DOCX, "1.2.3", "shared-agenda.docx")
    url = manager.execute_deferred(placeholder)
    return url.rsplit("/", 1)[-1].split(".", 1)[0]


def _served(manager: MediaFileManager, file_id: str) -> bool:
    try:
        return manager._storage.get_file(file_id).filename == "shared-agenda.docx"
    except MediaFileStorageError:
        return False


def _run_ends(manager: MediaFileManager, times: int) -> None:
    """Other sessions' runs end: each sweeps the files no session references."""
    for _ in range(times):
        manager.remove_orphaned_files()


def test_without_the_fix_two_runs_ending_lose_the_file():
    manager = _streamlits_own()(MemoryMediaFileStorage("/media"))
    file_id = _clicked(manager)
    _run_ends(manager, 1)
    assert _served(manager, file_id)
    _run_ends(manager, 1)
    assert not _served(manager, file_id)  # the browser's request, made now, is "not found"


@pytest.fixture
def kept():
    Manager = _streamlits_own()  # patched alone: Streamlit's own class is left as it is
    clock = Clock()
    assert media_keep.keep_unreferenced(Manager, grace=60, clock=clock)
    return Manager(MemoryMediaFileStorage("/media")), clock


def test_the_file_stays_through_many_runs_until_its_grace_is_over(kept):
    manager, clock = kept
    file_id = _clicked(manager)
    _run_ends(manager, 50)
    clock.now += 59
    _run_ends(manager, 50)
    assert _served(manager, file_id)
    clock.now += 1  # then given up as Streamlit does: marked at one sweep, deleted at the next
    _run_ends(manager, 1)
    assert _served(manager, file_id)
    _run_ends(manager, 1)
    assert not _served(manager, file_id)
    _run_ends(manager, 1)
    assert media_keep._unreferenced_since(manager) == {}  # nothing held for a file gone


def test_a_second_click_gives_the_file_its_grace_again(kept):
    manager, clock = kept
    first = _clicked(manager)
    _run_ends(manager, 3)
    clock.now += 59
    second = _clicked(manager)  # the same content: the same file, left 59 s ago
    assert second == first
    _run_ends(manager, 1)
    clock.now += 30
    _run_ends(manager, 5)
    assert _served(manager, second)  # the second click's request finds it too
    clock.now += 31
    _run_ends(manager, 2)
    assert not _served(manager, second)


def test_the_app_patches_streamlits_manager_once():
    assert media_keep.apply() and media_keep.apply()
    assert getattr(MediaFileManager, "_forum_assistant_keep", False)
    patched = MediaFileManager._get_inactive_file_ids
    assert inspect.unwrap(patched) is not patched and inspect.unwrap(inspect.unwrap(patched)) is inspect.unwrap(patched)
