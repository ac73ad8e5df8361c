"""Everything the documents say, read out of the store once: a plain, immutable snapshot.

Report builders work on this alone, so they are pure and can be tested without a
database. Poll results are tallied on first use.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import cached_property

from assistant.forum.indicators import Indicator, over_indicators
from assistant.forum.records import (
    BallotRecord,
    ForumRecord,
    IdeaRecord,
    NoteRecord,
    ParticipantRecord,
    PollRecord,
    StepRecord,
)
from assistant.forum.tallies import PollResult, tally
from assistant.forum.teams import Team
from assistant.forum.vocabulary import IdeaKind, IdeaStatus
from assistant.forum.work_plan import WorkPlan


@dataclass(frozen=True)
class ForumSnapshot:
    forum: ForumRecord
    participants: tuple[ParticipantRecord, ...]
    ideas: tuple[IdeaRecord, ...]  # every status: hidden and merged ones too
    polls: tuple[PollRecord, ...]
    ballots: Mapping[int, tuple[BallotRecord, ...]]  # by poll id
    work_plan: WorkPlan | None = None  # the saved plan, if any
    notes: tuple[NoteRecord, ...] = ()  # the facilitator's, oldest first
    indicators: tuple[Indicator, ...] = ()  # the situation picture's, in the facilitator's order
    # Each challenge linked to indicators: the names of those that show it, by idea id.
    indicator_links: Mapping[int, tuple[str, ...]] = field(default_factory=dict)
    teams: tuple[Team, ...] = ()  # the professional teams after the forum, in order
    reported_since: date | None = None  # a progress report made now starts here (None: the plan's start)
    taken_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def language(self) -> str:
        return self.forum.language

    def in_language(self, language: str) -> ForumSnapshot:
        """The same data, for documents in another language (tallies are shared)."""
        copy = replace(self, forum=replace(self.forum, language=language))
        if "results" in self.__dict__:
            copy.__dict__["results"] = self.results
        return copy

    def over_indicators(self, poll: PollRecord) -> bool:
        """A vote over the situation picture's indicators (each option an indicator's name), as the
        console opens it: it belongs to the situation picture, not to an output's ideas."""
        return over_indicators(poll, {i.name for i in self.indicators})

    @cached_property
    def _steps(self) -> dict[int, StepRecord]:
        return {step.id: step for step in self.forum.steps}

    def step(self, step_id: int | None) -> StepRecord | None:
        return self._steps.get(step_id) if step_id is not None else None

    def visible(self, meeting: int | None = None, kind: IdeaKind | None = None) -> list[IdeaRecord]:
        return [i for i in self.ideas if i.status is IdeaStatus.VISIBLE
                and (meeting is None or i.meeting_number == meeting) and (kind is None or i.kind is kind)]

    def polls_of(self, meeting: int) -> list[PollRecord]:
        return [p for p in self.polls if p.meeting_number == meeting]

    @cached_property
    def results(self) -> Mapping[int, PollResult]:
        """Each poll's result by poll id, tallied when first asked for."""
        return _Results(self)

    def sector_of(self, participant_id: int | None) -> str | None:
        person = self._people.get(participant_id)
        return person.sector.value if person else None

    @cached_property
    def _people(self) -> dict[int, ParticipantRecord]:
        return {p.id: p for p in self.participants}

    def took_part(self, meeting: int) -> set[int]:
        """Participants who sent an idea or cast a ballot in `meeting`."""
        people = {i.participant_id for i in self.ideas if i.meeting_number == meeting and i.participant_id}
        for poll in self.polls_of(meeting):
            people.update(b.participant_id for b in self.ballots.get(poll.id, ()) if not b.on_paper)
        return people

    def activity_dates(self, meeting: int) -> tuple[date, date] | None:
        """First and last day anything was sent or cast in `meeting`."""
        moments = [i.created_at for i in self.ideas if i.meeting_number == meeting]
        for poll in self.polls_of(meeting):
            moments.extend(b.cast_at for b in self.ballots.get(poll.id, ()))
        if not moments:
            return None
        return min(moments).date(), max(moments).date()

    def held(self, meeting: int) -> bool:
        return any(i.meeting_number == meeting for i in self.ideas) or bool(self.polls_of(meeting))

    @cached_property
    def version(self) -> str:
        """Changes whenever anything a document shows changes (a cache key)."""
        parts = [self.forum.title, self.forum.locality, self.forum.language, str(self.forum.domain)]
        parts += [f"p{p.id}{p.sector}{p.display_name}" for p in self.participants]
        parts += [f"i{i.id}{i.status}{i.updated_at.isoformat()}" for i in self.ideas]
        parts += [f"v{p.id}{p.status}" for p in self.polls]
        parts += [f"b{b.id}.{b.revision}" for ballots in self.ballots.values() for b in ballots]
        parts.append(f"w{self.work_plan.revision if self.work_plan else 0}")
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


class _Results(Mapping):
    def __init__(self, snapshot: ForumSnapshot) -> None:
        self._snapshot = snapshot
        self._polls = {poll.id: poll for poll in snapshot.polls}
        self._done: dict[int, PollResult] = {}

    def __getitem__(self, poll_id: int) -> PollResult:
        if poll_id not in self._done:
            snapshot, poll = self._snapshot, self._polls[poll_id]
            self._done[poll_id] = tally(poll, snapshot.ballots.get(poll_id, ()), snapshot.participants)
        return self._done[poll_id]

    def __iter__(self):
        return iter(self._polls)

    def __len__(self) -> int:
        return len(self._polls)
