"""Phones' page runs, one (or a few) at a time, a joining phone's first.

Every Streamlit session runs its script on a thread of its own, and a Python process runs one
thread at a time. When 200 phones join at once, 200 runs share that one core in 5 ms slices:
each is slowed by all the others, and a joining phone's run waits behind the ideas and timed
refreshes of the phones that joined before it. Measured on this project's 2-core machine
(docs/operations.md): letting phones' runs in a few at a time in arrival order changed nothing,
but letting them in by what they are for, joins first, shortened the 200-phone join's p95 by
about a sixth, and the vote's acknowledgement p95 from about a second to under a tenth of one.

`RunGate` is the admission, pure threading (tested without Streamlit): `capacity` runs at once.
A joining phone's runs go first; a phone's send (an idea, a ballot) waits for the joins that
come up to `SEND_WAITS_AT_MOST` seconds after it, no longer (ideas sent while a room still
joins would otherwise wait for the whole wave); a timed refresh waits for both. Each waiting
run is handed its place directly by the run that leaves (one thread woken, not all). A phone's
send that reaches its run while that run waits as a timed refresh (Streamlit folds the two
into one run) makes it wait as a send (`hurry`). If the runs inside have held their places for
`stuck_after` seconds (a database that does not answer), a waiting run goes in anyway: the
gate orders the work, it never stops it.

`apply` puts the gate in front of Streamlit's script runs (`ScriptRunner._run_script` and
`request_rerun`, one patch per process, as `runtime_fix` does); only phones' runs go through
it (`phone_priority` says which): the console, projector and the other pages run as before. If
a Streamlit release renames what it relies on, nothing changes and it logs why.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable, Mapping
from urllib.parse import parse_qs

from assistant import links

log = logging.getLogger(__name__)
_APPLIED = "_forum_assistant_gate"
_applied_capacity: int | None = None

JOINING, SENDING, REFRESHING = 0, 1, 2  # a phone's runs, the first let in first
STUCK_AFTER = 10.0  # seconds every place is held before a waiting run goes in anyway
SEND_WAITS_AT_MOST = 3.0  # seconds a send waits for the joins that come after it


class _Ticket:
    __slots__ = ("arrival", "event", "key", "place", "priority", "since")

    def __init__(self, priority: int, since: float, arrival: int, key: object) -> None:
        self.priority, self.since, self.arrival, self.key = priority, since, arrival, key
        self.event = threading.Event()
        self.place: int | None = None


class RunGate:
    """At most `capacity` runs inside. The waiting are let in joins and sends first, each as if
    it had come when it came (a send: `send_waits` seconds later), then the timed refreshes in
    arrival order."""

    def __init__(self, capacity: int, stuck_after: float = STUCK_AFTER,
                 clock: Callable[[], float] = time.monotonic, send_waits: float = SEND_WAITS_AT_MOST) -> None:
        if capacity < 1:
            raise ValueError("a gate lets at least one run in")
        self.capacity, self.stuck_after, self._clock, self.send_waits = capacity, stuck_after, clock, send_waits
        self._lock = threading.Lock()
        self._inside: dict[int, float] = {}  # place -> since when it is held
        self._places = itertools.count()
        self._arrivals = itertools.count()
        self._waiting: list[tuple[bool, float, int, _Ticket]] = []  # a heap
        self._by_key: dict[object, _Ticket] = {}

    def enter(self, priority: int, key: object = None) -> int | None:
        """Waits for a place; the place, or None if let in past a stuck gate (leave it all
        the same). `key` names the waiting run for `hurry`."""
        with self._lock:
            if len(self._inside) < self.capacity and not self._waiting:
                return self._take()
            ticket = _Ticket(priority, self._clock(), next(self._arrivals), key)
            self._queue(ticket)
        while not ticket.event.wait(self.stuck_after / 4):
            with self._lock:
                if ticket.event.is_set():
                    break
                if self._stuck():
                    self._unqueue(ticket)
                    log.warning("phones' runs held every place for %.0f s; one more let in", self.stuck_after)
                    return None
        return ticket.place

    def hurry(self, key: object, priority: int) -> None:
        """The run waiting under `key` is now for something more urgent (a phone's send that
        reached it while its timed refresh waited): it waits as that, from when it came."""
        with self._lock:
            ticket = self._by_key.get(key)
            if ticket is None or ticket.event.is_set() or priority >= ticket.priority:
                return
            self._unqueue(ticket)
            ticket.priority = priority
            self._queue(ticket)

    def leave(self, place: int | None) -> None:
        if place is None:
            return
        with self._lock:
            self._inside.pop(place, None)
            if self._waiting and len(self._inside) < self.capacity:
                *_, ticket = heapq.heappop(self._waiting)
                if ticket.key is not None:
                    self._by_key.pop(ticket.key, None)
                ticket.place = self._take()
                ticket.event.set()

    def _queue(self, ticket: _Ticket) -> None:
        due = ticket.since + (self.send_waits if ticket.priority == SENDING else 0.0)
        heapq.heappush(self._waiting, (ticket.priority == REFRESHING, due, ticket.arrival, ticket))
        if ticket.key is not None:
            self._by_key[ticket.key] = ticket

    def _unqueue(self, ticket: _Ticket) -> None:
        self._waiting = [entry for entry in self._waiting if entry[-1] is not ticket]
        heapq.heapify(self._waiting)
        if ticket.key is not None:
            self._by_key.pop(ticket.key, None)

    def _take(self) -> int:
        place = next(self._places)
        self._inside[place] = self._clock()
        return place

    def _stuck(self) -> bool:
        now = self._clock()
        return len(self._inside) >= self.capacity and all(now - since >= self.stuck_after
                                                          for since in self._inside.values())


def phone_priority(query_string: str, auto_rerun: bool) -> int | None:
    """A run's priority at the gate from its page's address, or None for a page that is not
    a phone's (the console, the projector, a manager's, a team's: not gated). A phone with a
    join code is joining; one with its participant link sends, or refreshes on its timer."""
    params: Mapping[str, list[str]] = parse_qs(query_string, keep_blank_values=True)
    if any(key in params for key in (links.FACILITATOR, links.MANAGER, links.TEAM)):
        return None
    if links.PARTICIPANT in params:
        return REFRESHING if auto_rerun else SENDING
    if links.JOIN in params:
        return JOINING
    return None


def apply(capacity: int) -> bool:
    """Gates phones' script runs, `capacity` at a time (0: not gated), once per process;
    whether the gate is as asked. Called at every run: once applied, it compares one number."""
    global _applied_capacity  # noqa: PLW0603 - once per process
    if _applied_capacity is not None:
        return _applied_capacity == capacity
    if capacity < 1:
        _applied_capacity = capacity
        return True
    from streamlit.runtime.scriptrunner import script_runner

    runner_class = script_runner.ScriptRunner
    if getattr(runner_class, _APPLIED, None) is not None:
        _applied_capacity = getattr(runner_class, _APPLIED).capacity
        return _applied_capacity == capacity
    run_script = getattr(runner_class, "_run_script", None)
    request_rerun = getattr(runner_class, "request_rerun", None)
    if run_script is None or request_rerun is None:
        log.warning("Streamlit's ScriptRunner has changed; phones' runs are not gated")
        _applied_capacity = 0
        return False
    gate = RunGate(capacity)

    def gated_run_script(self, rerun_data):
        priority = phone_priority(getattr(rerun_data, "query_string", "") or "",
                                  bool(getattr(rerun_data, "is_auto_rerun", False)))
        if priority is None:
            return run_script(self, rerun_data)
        place = gate.enter(priority, key=self)
        try:
            return run_script(self, rerun_data)
        finally:
            gate.leave(place)

    def hurried_request_rerun(self, rerun_data):
        accepted = request_rerun(self, rerun_data)
        if accepted:  # a send reaching a run that waits as a timed refresh: it waits as a send
            priority = phone_priority(getattr(rerun_data, "query_string", "") or "",
                                      bool(getattr(rerun_data, "is_auto_rerun", False)))
            if priority is not None:
                gate.hurry(self, priority)
        return accepted

    runner_class._run_script = gated_run_script
    runner_class.request_rerun = hurried_request_rerun
    setattr(runner_class, _APPLIED, gate)
    _applied_capacity = capacity
    return True
