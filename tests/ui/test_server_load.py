"""Counting the screens that wait for the server (Streamlit's sessions, read from its runtime)."""

from types import SimpleNamespace

import pytest
from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType

from assistant.ui import server_load as load_module
from assistant.ui.server_load import ServerLoad, server_load


def runner(*, running: bool):
    """A script runner as Streamlit keeps it: a finished one asked to stop and left its script."""
    state = ScriptRequestType.CONTINUE if running else ScriptRequestType.STOP
    return SimpleNamespace(_requests=SimpleNamespace(_state=state), _execing=running)


def fake_runtime(monkeypatch, runners):
    from streamlit.runtime import Runtime

    sessions = [SimpleNamespace(session=SimpleNamespace(id=f"s{i}", _scriptrunner=r)) for i, r in enumerate(runners)]
    manager = SimpleNamespace(list_active_sessions=lambda: sessions)
    runtime = Runtime.__new__(Runtime)  # a runtime, with only what is read of it
    runtime._session_mgr = manager
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))
    monkeypatch.setattr(Runtime, "instance", classmethod(lambda cls: runtime))


@pytest.mark.parametrize(("screens", "waiting", "busy"), [
    (60, 4, False), (60, 5, False), (60, 6, True), (10, 5, True), (300, 29, False), (300, 30, True), (0, 0, False)])
def test_busy_means_several_screens_and_a_tenth_of_them_waiting(screens, waiting, busy):
    assert ServerLoad(screens, waiting).busy is busy


def test_screens_running_or_queued_count_as_waiting(monkeypatch):
    queued = SimpleNamespace(_requests=SimpleNamespace(_state=ScriptRequestType.RERUN), _execing=False)
    fake_runtime(monkeypatch, [runner(running=True), runner(running=False), None, queued, runner(running=True)])
    assert server_load() == ServerLoad(screens=5, waiting=3)


def test_outside_a_server_or_with_changed_internals_nothing_is_counted(monkeypatch, caplog):
    assert server_load() is None  # no runtime: AppTest, a script
    load_module._warn_once.cache_clear()
    fake_runtime(monkeypatch, [SimpleNamespace()])  # a runner Streamlit renamed the parts of
    assert server_load() is None
    assert "cannot count the screens" in caplog.text
