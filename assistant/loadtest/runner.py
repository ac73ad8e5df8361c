"""A whole load test: the room opens, N phones join and send their ideas at
once, the facilitator opens the vote, every phone notices it and votes; then
the database is read back. Each stage can also be driven on its own (the
durability test kills the server in the middle of `vote`)."""

from __future__ import annotations

import asyncio
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant import links
from assistant.errors import ForumError
from assistant.forum.records import PollRecord
from assistant.loadtest import audit, protocol, room
from assistant.loadtest.client import BrowserSession, PageTimeout, SessionLost
from assistant.loadtest.phone import Phone, persona
from assistant.loadtest.report import LoadReport
from assistant.store.database import Store, open_store


class ServerUnreachable(ConnectionError):
    """The app does not answer its health check."""


@dataclass(frozen=True)
class LoadPlan:
    url: str
    participants: int
    database_url: str
    prompts_dir: Path
    ideas_each: int = 3
    options: int = room.DEFAULT_OPTIONS
    timeout: float = 120.0        # the whole run
    step_timeout: float = 60.0    # one page answer
    ramp_seconds: float = 0.0     # phones arrive spread over this long
    console_lead: float = 5.0     # the console is open this long before the first phone comes


class LoadRun:
    def __init__(self, plan: LoadPlan) -> None:
        if plan.participants < 1:
            raise ValueError("participants must be at least 1")
        protocol.address(plan.url)  # refuses an address that is not http(s)
        self.plan = plan
        self.store: Store | None = None
        self.room: room.Room | None = None
        self.poll: PollRecord | None = None
        self.phones = [Phone(protocol.server_root(plan.url), persona(n, plan.ideas_each),
                             step_timeout=plan.step_timeout) for n in range(plan.participants)]
        self.console: BrowserSession | None = None  # the facilitator's console, open all along
        self.timed_out = False
        self.failures: list[str] = []   # what stopped the run itself (not one phone)
        self._started = time.perf_counter()
        self._acked = asyncio.Event()

    # Stages -------------------------------------------------------------------

    async def setup(self) -> room.Room:
        from assistant.playbook.loader import load_playbook
        from assistant.playbook.plan import forum_plan

        def prepare():
            try:
                with urllib.request.urlopen(protocol.health_url(self.plan.url), timeout=10) as answer:
                    answer.read()
            except OSError as exc:  # nothing is created for a server that is not there
                raise ServerUnreachable(f"{self.plan.url}: {exc}") from exc
            store = open_store(self.plan.database_url)
            return store, room.open_room(store, forum_plan(load_playbook(self.plan.prompts_dir)),
                                         participants=self.plan.participants)

        self._started = time.perf_counter()
        self.store, self.room = await asyncio.to_thread(prepare)
        await self.open_console()
        return self.room

    async def open_console(self) -> None:
        """The facilitator's console, open on the room's laptop before the phones come and all
        through the run (its panels refresh themselves, as in a forum)."""
        self.console = BrowserSession(links.facilitator_url(protocol.server_root(self.plan.url),
                                                            self.room.facilitator_token))
        try:
            await self.console.open(self.plan.step_timeout)
            await self.console.wait_for(lambda page: page.settled, self.plan.step_timeout, "console")
        except (SessionLost, PageTimeout, OSError) as exc:
            self.failures.append(f"console: {exc}")
        # The facilitator opens the console before people join: a server that has just started
        # finishes loading the facilitator's pages meanwhile (navigation's warm-up).
        await asyncio.sleep(self.plan.console_lead)

    async def collect(self) -> None:
        """Every phone joins and sends its ideas, all at once."""
        async def one(n: int, phone: Phone) -> None:
            if self.plan.ramp_seconds and self.plan.participants > 1:
                await asyncio.sleep(self.plan.ramp_seconds * n / (self.plan.participants - 1))
            if await phone.run(phone.join, self.room.join_code):
                await phone.run(phone.send_ideas)

        await asyncio.gather(*(one(n, p) for n, p in enumerate(self.phones)))

    async def open_vote(self) -> PollRecord:
        self.poll = await asyncio.to_thread(room.open_vote, self.store, self.room, options=self.plan.options)
        return self.poll

    async def vote(self, phones: Sequence[Phone] | None = None) -> None:
        """Every phone (or those given) waits for its page to show the ballot, then votes."""
        params = self.poll.params

        def choose(index, option_ids):
            return room.dots_for(index, option_ids, params)

        async def one(phone: Phone) -> None:
            if await phone.run(phone.vote, choose, self.plan.step_timeout):
                self._acked.set()

        await asyncio.gather(*(one(p) for p in (self.phones if phones is None else phones)))

    async def ballots_acknowledged(self, count: int) -> None:
        """Returns once at least `count` ballots were confirmed."""
        while sum(p.outcome.ballot_acked for p in self.phones) < count:
            self._acked.clear()
            await self._acked.wait()

    async def close(self) -> None:
        sessions = [p.close() for p in self.phones] + ([self.console.close()] if self.console else [])
        await asyncio.gather(*sessions, return_exceptions=True)

    async def run(self) -> LoadReport:
        try:
            async with asyncio.timeout(self.plan.timeout):
                await self.setup()
                await self.collect()
                await self.open_vote()
                await self.vote()
        except TimeoutError:
            self.timed_out = True
        except ServerUnreachable as exc:
            self.failures.append(str(exc))
        except ForumError as exc:  # e.g. too few ideas arrived to build the vote
            self.failures.append(exc.message("en"))
        finally:
            await self.close()
        return await asyncio.to_thread(self.report)

    # Reading back -------------------------------------------------------------

    def report(self, store: Store | None = None) -> LoadReport:
        seconds = time.perf_counter() - self._started
        store = store or self.store or open_store(self.plan.database_url)
        outcomes = [p.outcome for p in self.phones]
        expectations = [audit.Expectation(token=o.token, ideas=p.who.ideas, ideas_acked=tuple(o.ideas_acked),
                                          ballot=o.ballot, ballot_acked=o.ballot_acked)
                        for p, o in zip(self.phones, outcomes, strict=True)]
        if self.room is None:
            ideas = audit.reconcile_ideas({str(n): p.who.ideas for n, p in enumerate(self.phones)}, [], {})
            ballots = audit.reconcile_ballots(len(self.phones), {}, {}, [])
        else:
            ideas, ballots = audit.read_back(store, self.room.forum_id, self.poll.id if self.poll else None,
                                             expectations)
        return LoadReport(
            participants=len(self.phones), ideas=ideas, ballots=ballots,
            ack_ms=tuple(o.ack_ms for o in outcomes if o.ack_ms is not None), seconds=seconds,
            join_ms=tuple(o.join_ms for o in outcomes if o.join_ms is not None),
            idea_ms=tuple(ms for o in outcomes for ms in o.idea_ms),
            forum_id=self.room.forum_id if self.room else None, poll_id=self.poll.id if self.poll else None,
            joined=sum(1 for o in outcomes if o.token), ideas_acked=sum(len(o.ideas_acked) for o in outcomes),
            ballots_acked=sum(1 for o in outcomes if o.ballot_acked),
            errors=(*self.failures, *(f"#{o.index + 1} {o.error}" for o in outcomes if o.error)),
            timed_out=self.timed_out)

    def dispose(self) -> None:
        if self.store is not None:
            self.store.dispose()
