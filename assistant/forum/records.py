"""Plain, immutable views of the forum's state, read out of the store.

Pure logic (tallies, the assistant, reports) works on these, never on ORM rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from assistant.forum.attendance import Attendance
from assistant.forum.clock import StepTime, step_time
from assistant.forum.vocabulary import IdeaKind, IdeaStatus, MobilityDomain, PollStatus, Sector, VotingMethod


@dataclass(frozen=True)
class StepRecord:
    id: int
    meeting_number: int
    position: int
    key: str
    minutes: int
    phone: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MeetingRecord:
    id: int
    number: int
    scheduled_on: date | None
    steps: tuple[StepRecord, ...]
    attendance: Attendance | None = None


@dataclass(frozen=True)
class ForumRecord:
    id: int
    title: str
    locality: str
    domain: MobilityDomain
    language: str
    join_code: str
    created_at: datetime
    current_step_id: int | None
    collecting_kind: IdeaKind | None
    has_pin: bool
    step_started_at: datetime | None = None
    meetings: tuple[MeetingRecord, ...] = ()
    max_participants: int | None = None  # None: the server's limit (FORUM_MAX_PARTICIPANTS)
    shown_indicator_id: int | None = None  # on the projector (the situation picture), if any
    kind: str = "forum"  # "team": a professional team's own meetings (the teams' playbook)

    @property
    def steps(self) -> tuple[StepRecord, ...]:
        return tuple(step for meeting in self.meetings for step in meeting.steps)

    @property
    def current_step(self) -> StepRecord | None:
        return next((s for s in self.steps if s.id == self.current_step_id), None)

    @property
    def current_meeting(self) -> int | None:
        step = self.current_step
        return step.meeting_number if step else None

    def time_on_step(self, now: datetime) -> StepTime | None:
        """How long the room has been on the current step, if its clock runs."""
        step = self.current_step
        return step_time(self.step_started_at, step.minutes, now) if step else None

    def attendance(self, number: int) -> Attendance | None:
        """How many the facilitator counted in the room at meeting `number`, if anyone did."""
        return next((m.attendance for m in self.meetings if m.number == number), None)

    def upcoming_meeting(self, today: date) -> MeetingRecord | None:
        """The next meeting (this one or a later one) dated after `today`, unless one is dated
        today: the room is meeting."""
        dated = [m for m in self.meetings if m.scheduled_on and m.number >= (self.current_meeting or 1)]
        if any(m.scheduled_on == today for m in dated):
            return None
        return min((m for m in dated if m.scheduled_on > today), key=lambda m: m.scheduled_on, default=None)


@dataclass(frozen=True)
class ParticipantRecord:
    id: int
    forum_id: int
    display_name: str | None
    sector: Sector
    language: str
    joined_at: datetime
    last_seen_at: datetime
    device: str | None = None  # which device joined, as an opaque key (see forum.guard.Client.device)


@dataclass(frozen=True)
class IdeaRecord:
    id: int
    forum_id: int
    meeting_number: int
    step_id: int | None
    participant_id: int | None
    kind: IdeaKind
    text: str
    status: IdeaStatus
    merged_into_id: int | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class NoteRecord:
    id: int
    meeting_number: int
    step_id: int | None
    text: str
    created_at: datetime


@dataclass(frozen=True)
class PollOptionRecord:
    id: int
    idea_id: int | None
    label: str
    position: int


DEFAULT_CRITERIA = ("impact", "feasibility")


@dataclass(frozen=True)
class PollParams:
    """A poll's settings, checked (see `assistant.forum.ballots.poll_params`): a dots poll's
    budget and cap per option, a ranking's top N, a rating's criteria and scale."""

    budget: int = 5
    cap: int = 3
    top_n: int = 3
    criteria: tuple[str, ...] = DEFAULT_CRITERIA
    scale: int = 5

    def picks(self, method: VotingMethod) -> bool:
        """A dots poll of one dot per option is a pick of up to `budget` options."""
        return method is VotingMethod.DOTS and self.cap == 1

    def as_dict(self) -> dict[str, Any]:
        return {"budget": self.budget, "cap": self.cap, "top_n": self.top_n,
                "criteria": list(self.criteria), "scale": self.scale}


@dataclass(frozen=True)
class PaperCount:
    """Dots voted on paper in the room: how many people, and each option's dots."""

    voters: int
    dots: Mapping[int, int] = field(default_factory=dict)  # option id -> dots, options with none left out

    def __post_init__(self) -> None:
        kept = {option: n for option, n in sorted(self.dots.items()) if n}
        object.__setattr__(self, "dots", MappingProxyType(kept))

    @property
    def total(self) -> int:
        return sum(self.dots.values())


@dataclass(frozen=True)
class PollRecord:
    id: int
    forum_id: int
    meeting_number: int
    step_id: int | None
    title: str
    method: VotingMethod
    params: PollParams  # parsed once, where the poll is read
    status: PollStatus
    anonymous: bool
    options: tuple[PollOptionRecord, ...]
    created_at: datetime
    opened_at: datetime | None
    closed_at: datetime | None
    paper: PaperCount | None = None  # dots voted on paper in the room (dots polls only)

    @property
    def picks(self) -> bool:
        """A pick of up to `params.budget` options, one dot each."""
        return self.params.picks(self.method)

    @property
    def score_unit(self) -> str:
        """What its results count: "dots", "pick" (options chosen), "ranking" or "rating"."""
        return "pick" if self.picks else self.method.value


@dataclass(frozen=True)
class BallotEntry:
    option_id: int
    value: int
    criterion: str = ""


@dataclass(frozen=True)
class BallotRecord:
    id: int
    poll_id: int
    participant_id: int | None  # None: a paper ballot, typed in at the console
    revision: int
    entries: tuple[BallotEntry, ...]
    cast_at: datetime
    updated_at: datetime

    @property
    def on_paper(self) -> bool:
        return self.participant_id is None
