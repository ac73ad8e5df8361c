"""After the forum: the professional teams, their targets and how they are followed.

Around each focus area the shared agenda chose, a professional team (10-15 partners, led by
the municipality's domain lead) writes its part of the collective work plan and follows it.
Each target has a baseline, a planned value at each control point's date and, once measured,
the actual value; its status is computed here, not typed. Plain data and rules only: the
store keeps them (`assistant.store.teams`), the pages and documents show them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from assistant.errors import InvalidInputError
from assistant.forum.indicators import AgeStage
from assistant.forum.inputs import NAME_MAX, TITLE_MAX, clean_text
from assistant.forum.numbers import plain_number, western_digits

MAX_TEAMS = 12
MAX_MEMBERS = 60
MAX_TARGETS = 30
MAX_CONTROL_POINTS = 24
MAX_INVESTMENTS = 120
TEAM_SIZE = (10, 15)  # the method's professional team
UNIT_MAX = 40
NOTE_MAX = 500
AMOUNT_MAX = 10**12
# The share of a control point's planned change (from the baseline) that an actual value must
# reach: at least ON_TRACK is on track, at least AT_RISK at risk, less is behind.
ON_TRACK = 0.9
AT_RISK = 0.6


class TargetStatus(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BEHIND = "behind"
    NOT_MEASURED = "not_measured"  # its date has passed and no value was recorded
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class Member:
    id: int
    name: str | None  # None: a forum participant who gave no name, or a name erased
    sector: str
    participant_id: int | None = None


@dataclass(frozen=True)
class ControlPoint:
    id: int
    due: date
    planned: float
    actual: float | None = None
    measured_on: date | None = None
    note: str = ""


@dataclass(frozen=True)
class Target:
    id: int
    name: str
    unit: str
    baseline: float
    baseline_year: int | None = None
    points: tuple[ControlPoint, ...] = ()

    def latest_measured(self) -> ControlPoint | None:
        measured = [p for p in self.points if p.actual is not None]
        return max(measured, key=lambda p: p.due) if measured else None

    def point_status(self, point: ControlPoint, today: date) -> TargetStatus:
        """One control point's status: as measured, else not yet due or not measured when due."""
        if point.actual is not None:
            return status_of(self.baseline, point.planned, point.actual)
        return TargetStatus.UPCOMING if point.due > today else TargetStatus.NOT_MEASURED

    def status(self, today: date) -> TargetStatus | None:
        """The status at its latest measured control point; a point whose date passed without
        a value says so; None while it has no control point."""
        if not self.points:
            return None
        overdue = [p for p in self.points if p.actual is None and p.due <= today]
        latest = self.latest_measured()
        if latest is not None and not any(p.due > latest.due for p in overdue):
            return status_of(self.baseline, latest.planned, latest.actual)
        return TargetStatus.NOT_MEASURED if overdue else TargetStatus.UPCOMING


@dataclass(frozen=True)
class Investment:
    id: int
    domain: str | None  # a mobility domain's key
    age_stage: AgeStage | None
    amount: float
    note: str = ""


@dataclass(frozen=True)
class Decision:
    """What one of a team's own meetings decided: a closed vote and its leading options, or a
    note the lead took."""

    meeting: int
    title: str
    on: date | None
    leaders: tuple[str, ...] = ()
    voters: int = 0


@dataclass(frozen=True)
class Team:
    id: int
    forum_id: int
    position: int
    name: str
    lead_name: str | None
    idea_id: int | None  # the focus area's idea (the action arena the forum chose), if any
    plan_start: date | None
    link_generation: int
    members: tuple[Member, ...] = ()
    targets: tuple[Target, ...] = ()
    investments: tuple[Investment, ...] = ()
    meetings_forum_id: int | None = None  # the team's own meetings, once prepared
    decisions: tuple[Decision, ...] = ()  # of its own meetings, oldest first (read with a snapshot)

    @property
    def budget(self) -> float:
        return sum(i.amount for i in self.investments)


def status_of(baseline: float, planned: float, actual: float) -> TargetStatus:
    """How far `actual` went of the way from `baseline` to `planned` (either direction: a
    target may be to lower a figure, dropout say)."""
    change = planned - baseline
    if change == 0:  # to hold a level: at it or beyond is on track, within 5% at risk
        if actual >= planned if planned >= 0 else actual <= planned:
            return TargetStatus.ON_TRACK
        return TargetStatus.AT_RISK if abs(actual - planned) <= 0.05 * max(abs(planned), 1) else TargetStatus.BEHIND
    share = round((actual - baseline) / change, 9)  # 17.9 of 17 -> 18.5 is 60%, not 59.99...
    if share >= ON_TRACK:
        return TargetStatus.ON_TRACK
    return TargetStatus.AT_RISK if share >= AT_RISK else TargetStatus.BEHIND


def team_of_area(teams: Sequence[Team], title: str, idea_id: int | None) -> Team | None:
    """The team formed around a focus area: by the idea the forum chose it by, else by its title."""
    if idea_id is not None:
        found = next((t for t in teams if t.idea_id == idea_id), None)
        if found is not None:
            return found
    wanted = " ".join(title.split()).casefold()
    return next((t for t in teams if " ".join(t.name.split()).casefold() == wanted), None)


def progress(baseline: float, planned: float, actual: float) -> float | None:
    """The share of the planned change reached, in percent (None for a target to hold a level)."""
    change = planned - baseline
    return None if change == 0 else 100 * (actual - baseline) / change


def investment_map(teams: Iterable[Team]) -> dict[tuple[str | None, AgeStage | None], float]:
    """The budget summed by (mobility domain, age stage) across `teams`, in the continuum's order."""
    totals: dict[tuple[str | None, AgeStage | None], float] = {}
    for team in teams:
        for line in team.investments:
            key = (line.domain, line.age_stage)
            totals[key] = totals.get(key, 0.0) + line.amount
    order = {stage: n for n, stage in enumerate(AgeStage)}
    return dict(sorted(totals.items(), key=lambda item: (order.get(item[0][1], len(order)), item[0][0] or "")))


def report_since(reported_on: date | None, reported_before: date | None, today: date) -> date | None:
    """The day a progress report made `today` starts from: the last report made before today
    (a second one the same day starts where the first did); None: the plan's start."""
    if reported_on is None:
        return None
    return reported_before if reported_on >= today else reported_on


def statuses(teams: Sequence[Team], today: date) -> Counter:
    """How many targets of `teams` are in each status (targets without control points left out)."""
    return Counter(s for team in teams for target in team.targets if (s := target.status(today)) is not None)


# Input ------------------------------------------------------------------------

_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"))
_SPLIT = re.compile(r"^\s*([+\-\u2212]?[\d.,\s]*\d[\d.,]*)\s*(.*?)\s*$")


def parse_measure(value: object, unit: str, field: str = "measurement") -> float:
    """A typed value in `unit` ("25", "25.5", "25,5", "1,200", "١٩٫٥", "25%" for a target in %,
    "1,200 ₪" for one in ₪), or an InvalidInputError: not a number, or written in another unit
    ("25%" for a target counted in children)."""
    if isinstance(value, bool):
        raise InvalidInputError(field=field, reason="number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = western_digits(str(value or "").translate(_BIDI).replace("\u00a0", " ")).strip()
        found = _SPLIT.match(text) if text else None
        if found is None:
            raise InvalidInputError(field=field, reason="number")
        digits, written = "".join(found.group(1).split()), found.group(2).strip()
        if any(ch.isdigit() for ch in written):
            raise InvalidInputError(field=field, reason="number")
        if written and " ".join(written.split()).casefold() != " ".join(unit.split()).casefold():
            raise InvalidInputError(field=field, reason="unit", unit=unit or "-", written=written[:UNIT_MAX])
        number = plain_number(digits)
        if number is None:
            raise InvalidInputError(field=field, reason="number")
    if not math.isfinite(number) or abs(number) > AMOUNT_MAX:
        raise InvalidInputError(field=field, reason="number")
    return number


def check_team_name(name: str | None) -> str:
    return clean_text(name, "team_name", TITLE_MAX)


def check_target_name(name: str | None) -> str:
    return clean_text(name, "target_name", TITLE_MAX)


def check_person_name(name: str | None, field: str = "member_name", *, required: bool = True) -> str | None:
    return clean_text(name, field, NAME_MAX, required=required)


def check_unit(unit: str | None) -> str:
    return clean_text(unit, "target_unit", UNIT_MAX, required=False) or ""


def check_note(note: str | None) -> str:
    return clean_text(note, "measurement_note", NOTE_MAX, required=False) or ""


def check_due(due: date, plan_start: date | None) -> date:
    """A control point's date: on or after the day the team's plan starts."""
    if not isinstance(due, date):
        raise InvalidInputError(field="control_date", reason="choice")
    if plan_start is not None and due < plan_start:
        raise InvalidInputError(field="control_date", reason="before_plan", start=plan_start.isoformat())
    return due


# Who might join a team --------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    participant_id: int
    name: str | None
    sector: str
    ideas: int  # on the team's focus area
    votes: int  # ballots in the votes that put it forward

    @property
    def weight(self) -> int:
        return 2 * self.ideas + self.votes


@dataclass(frozen=True)
class SectorMix:
    """A team's members by sector beside the forum's participants, as shares."""

    team: dict[str, int] = field(default_factory=dict)
    forum: dict[str, int] = field(default_factory=dict)

    def share(self, sector: str, of: str = "team") -> float:
        counts = self.team if of == "team" else self.forum
        total = sum(counts.values())
        return counts.get(sector, 0) / total if total else 0.0

    @property
    def missing(self) -> list[str]:
        """Sectors of the forum that the team has nobody from."""
        return [sector for sector in self.forum if not self.team.get(sector)]


def sector_mix(members: Iterable[Member], forum_sectors: Iterable[str]) -> SectorMix:
    team = Counter(m.sector for m in members)
    forum = Counter(forum_sectors)
    return SectorMix(team=dict(team.most_common()), forum=dict(forum.most_common()))
