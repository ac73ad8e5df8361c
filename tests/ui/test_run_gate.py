"""Phones' runs a few at a time, a joining phone's first (assistant/ui/run_gate.py)."""

from __future__ import annotations

import threading
import time

import pytest

from assistant.ui import run_gate
from assistant.ui.run_gate import JOINING, REFRESHING, SENDING, RunGate, phone_priority


def _queue(gate: RunGate, priorities: list[int], order: list[int], lock: threading.Lock, *,
           keys: list[str] | None = None, arrive=None) -> list[threading.Thread]:
    """One thread per priority, each entering in turn (arrival order is the list's order) under
    its key (`keys`), recording its index when let in and leaving at once; `arrive(index)` is
    called before each enters (to move a fake clock)."""
    threads = []
    for index, priority in enumerate(priorities):
        if arrive is not None:
            arrive(index)

        def run(index=index, priority=priority):
            place = gate.enter(priority, key=keys[index] if keys else None)
            with lock:
                order.append(index)
            gate.leave(place)
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        threads.append(thread)
        _wait_until(lambda n=index + 1: len(gate._waiting) == n)
    return threads


def _wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_the_waiting_are_let_in_by_priority_then_by_arrival():
    gate, order, lock = RunGate(1), [], threading.Lock()
    held = gate.enter(REFRESHING)
    threads = _queue(gate, [REFRESHING, SENDING, JOINING, SENDING, JOINING], order, lock)
    assert order == []  # the one place is held
    gate.leave(held)
    for thread in threads:
        thread.join(5)
    assert order == [2, 4, 1, 3, 0]  # joins, then sends, then the timed refresh, each in arrival order


def test_a_send_waits_for_the_joins_of_three_seconds_after_it_and_a_refresh_for_everything():
    now = [0.0]
    gate, order, lock = RunGate(1, clock=lambda: now[0]), [], threading.Lock()
    held = gate.enter(JOINING)
    # (seconds after the first, kind): a refresh, a send, a join 2 s later, one 4 s later, a send
    times, priorities = [0.0, 0.0, 2.0, 4.0, 4.0], [REFRESHING, SENDING, JOINING, JOINING, SENDING]
    threads = _queue(gate, priorities, order, lock, arrive=lambda index: now.__setitem__(0, times[index]))
    gate.leave(held)
    for thread in threads:
        thread.join(5)
    # the join of 2 s, then the send of 0 s (due at 3 s) before the join of 4 s, then the send
    # of 4 s (due at 7 s); the refresh, first to come, last
    assert order == [2, 1, 3, 4, 0]


def test_no_more_than_capacity_inside_at_once():
    gate, inside, most, lock = RunGate(2), [0], [0], threading.Lock()

    def run(priority: int) -> None:
        place = gate.enter(priority)
        with lock:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.002)
        with lock:
            inside[0] -= 1
        gate.leave(place)

    threads = [threading.Thread(target=run, args=(n % 3,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert most[0] == 2 and inside[0] == 0
    assert len(gate._inside) == 0 and gate._waiting == []  # every place given back


def test_a_free_place_is_taken_without_waiting():
    gate = RunGate(2)
    first, second = gate.enter(SENDING), gate.enter(JOINING)
    assert first is not None and second is not None and first != second
    gate.leave(first)
    gate.leave(second)
    assert gate._inside == {}


def test_a_run_waits_past_a_gate_held_too_long_and_the_gate_goes_on():
    now = [100.0]
    gate = RunGate(1, stuck_after=0.04, clock=lambda: now[0])
    held = gate.enter(SENDING)
    got: list[object] = []
    waiter = threading.Thread(target=lambda: got.append(gate.enter(JOINING)), daemon=True)
    waiter.start()
    _wait_until(lambda: len(gate._waiting) == 1)
    time.sleep(0.05)
    assert waiter.is_alive()  # the holder's clock has not moved: not stuck, it waits
    now[0] += 0.05  # the place has now been held longer than stuck_after
    waiter.join(5)
    assert got == [None] and gate._waiting == []  # let in without a place
    gate.leave(None)  # leaving without a place gives nothing back
    assert len(gate._inside) == 1
    gate.leave(held)
    assert gate._inside == {}
    assert gate.enter(JOINING) is not None  # and the gate works on


def test_a_send_reaching_a_waiting_refresh_waits_as_a_send_in_its_arrival_order():
    gate, order, lock = RunGate(1), [], threading.Lock()
    held = gate.enter(SENDING)
    threads = _queue(gate, [REFRESHING, SENDING, REFRESHING, REFRESHING], order, lock,
                     keys=["refresh-a", "send-b", "refresh-c", "refresh-d"])
    gate.hurry("refresh-c", SENDING)  # the phone of refresh-c sent an idea meanwhile
    gate.hurry("refresh-d", REFRESHING)  # not more urgent: nothing changes
    gate.hurry("nobody", JOINING)  # no run waits under that name: nothing changes
    gate.leave(held)
    for thread in threads:
        thread.join(5)
    assert order == [1, 2, 0, 3]  # the sends (b, then c, which arrived later), then the refreshes
    assert gate._by_key == {} and gate._waiting == []


def test_a_gate_lets_at_least_one_in():
    with pytest.raises(ValueError):
        RunGate(0)


@pytest.mark.parametrize(("query", "auto", "expected"), [
    ("join=ABC123", False, JOINING),
    ("join=ABC123&lang=ar", True, JOINING),
    ("p=token", False, SENDING),
    ("p=token", True, REFRESHING),
    ("p=token&join=ABC123", False, SENDING),  # joined: its own link says who it is
    ("f=secret", False, None),
    ("f=secret", True, None),
    ("m=secret", False, None),
    ("t=secret&p=token", False, None),
    ("", False, None),
    ("lang=he", False, None),
    ("%%%&&==", False, None),  # whatever a browser sends: no error
])
def test_which_runs_are_phones_and_in_what_order(query, auto, expected):
    assert phone_priority(query, auto) == expected


def test_apply_patches_streamlit_s_runner_once_and_gates_only_phones(monkeypatch):
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

    calls = []

    class Runner:
        def _run_script(self, rerun_data):
            calls.append((rerun_data.query_string, len(gate()._inside)))

        def request_rerun(self, rerun_data):
            return True

    monkeypatch.setattr(script_runner, "ScriptRunner", Runner)
    monkeypatch.setattr(run_gate, "_applied_capacity", None)

    def gate() -> RunGate:
        return getattr(Runner, run_gate._APPLIED)

    assert run_gate.apply(1)
    patched = Runner._run_script
    assert run_gate.apply(1) and Runner._run_script is patched  # once
    assert not run_gate.apply(2)  # a process's gate is set once: another capacity is not in force
    Runner()._run_script(RerunData(query_string="join=ABC"))
    Runner()._run_script(RerunData(query_string="f=secret"))
    assert calls == [("join=ABC", 1), ("f=secret", 0)]  # the phone's run held a place, the console's none
    assert gate()._inside == {}
    hurried = []
    monkeypatch.setattr(gate(), "hurry", lambda key, priority: hurried.append(priority))
    runner = Runner()
    assert runner.request_rerun(RerunData(query_string="p=token"))
    assert runner.request_rerun(RerunData(query_string="p=token", is_auto_rerun=True))
    assert runner.request_rerun(RerunData(query_string="f=secret"))
    assert hurried == [SENDING, REFRESHING]  # a phone's request tells the gate what it now waits for


def test_apply_with_no_capacity_leaves_streamlit_as_it_is(monkeypatch):
    from streamlit.runtime.scriptrunner import script_runner

    class Runner:
        def _run_script(self, rerun_data):
            return None

        def request_rerun(self, rerun_data):
            return True

    original = Runner._run_script
    monkeypatch.setattr(script_runner, "ScriptRunner", Runner)
    monkeypatch.setattr(run_gate, "_applied_capacity", None)
    assert run_gate.apply(0)
    assert Runner._run_script is original and not hasattr(Runner, run_gate._APPLIED)
