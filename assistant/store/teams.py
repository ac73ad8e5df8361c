"""The professional teams in the store: reads and named commands.

Every command takes the forum and the team it acts on, checks that the team (and the target,
control point or member named) belongs to that forum, runs in one write transaction and
returns an explicit outcome, or raises a ForumError the pages say in the user's language.
Who may run them is `check_team_access`'s to say: the facilitator any team of its forum, a
team lead its own team only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assistant.errors import AccessDeniedError, InvalidInputError, NotFoundError, OtherTeamError
from assistant.forum import access
from assistant.forum.indicators import YEARS, AgeStage
from assistant.forum.plan import MeetingPlan, check_plan
from assistant.forum.records import ForumRecord
from assistant.forum.teams import (
    MAX_CONTROL_POINTS,
    MAX_INVESTMENTS,
    MAX_MEMBERS,
    MAX_TARGETS,
    MAX_TEAMS,
    ControlPoint,
    Investment,
    Member,
    Target,
    Team,
    check_due,
    check_note,
    check_person_name,
    check_target_name,
    check_team_name,
    check_unit,
    parse_measure,
    report_since,
)
from assistant.forum.vocabulary import MobilityDomain, Sector
from assistant.store import schema as s
from assistant.store.database import Store
from assistant.store.forum_rows import delete_forum_rows, drawing_join_codes, new_forum_row
from assistant.store.queries import forum_row, get_forum

# Outcomes ---------------------------------------------------------------------


class Outcome(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    KEPT = "kept"  # asked for what is already so (a member added twice, a team that exists)


@dataclass(frozen=True)
class TeamCreated:
    team: Team
    token: str  # its lead's link
    outcome: Outcome


@dataclass(frozen=True)
class TeamChanged:
    team: Team


@dataclass(frozen=True)
class TeamRemoved:
    team_id: int
    name: str


@dataclass(frozen=True)
class TeamLinkReplaced:
    team: Team
    token: str


@dataclass(frozen=True)
class TeamMeetingsOpened:
    team_id: int
    forum: ForumRecord  # the team's own meetings
    token: str  # their facilitator link, drawn from the lead's
    outcome: Outcome


@dataclass(frozen=True)
class MemberAdded:
    member: Member
    outcome: Outcome


@dataclass(frozen=True)
class MemberRemoved:
    member_id: int


@dataclass(frozen=True)
class TargetSaved:
    target: Target
    outcome: Outcome


@dataclass(frozen=True)
class TargetRemoved:
    target_id: int


@dataclass(frozen=True)
class ControlPointSaved:
    point: ControlPoint
    outcome: Outcome


@dataclass(frozen=True)
class ControlPointRemoved:
    point_id: int


@dataclass(frozen=True)
class MeasurementRecorded:
    point: ControlPoint
    target: Target


@dataclass(frozen=True)
class InvestmentsSaved:
    investments: tuple[Investment, ...]


# Who may act ------------------------------------------------------------------


def check_team_access(who: Any, team_id: int) -> None:
    """`who` (a link's access: role, forum_id, team_id) may change team `team_id`: the
    facilitator any team of its forum (the command checks the forum), a team lead its own
    only. Anyone else, or a lead naming another team, is refused."""
    role = getattr(who, "role", None)
    if role is access.Role.FACILITATOR:
        return
    if role is access.Role.TEAM_LEAD:
        if getattr(who, "team_id", None) == team_id:
            return
        raise OtherTeamError()
    raise AccessDeniedError()


def _relink(session: Session, row: s.TeamRow, facilitator_token: str) -> str:
    """The team's lead link (and its meetings' links, drawn from it) from the facilitator's."""
    token = access.team_token_for(facilitator_token, row.id, row.link_generation)
    row.lead_digest = access.digest(token)
    meetings = session.get(s.Forum, row.meetings_forum_id) if row.meetings_forum_id is not None else None
    if meetings is not None:
        console = access.meetings_token_for(token)
        meetings.facilitator_digest = access.digest(console)
        meetings.manager_digest = access.digest(access.manager_token_for(console))
    return token


def relink_teams(session: Session, forum_id: int, facilitator_token: str) -> tuple[tuple[str, str], ...]:
    """The forum's team links anew from a new facilitator link (the old ones stop working):
    each team's name and its lead's new link, in the teams' order."""
    rows = session.scalars(select(s.TeamRow).where(s.TeamRow.forum_id == forum_id).order_by(s.TeamRow.position))
    return tuple((row.name, _relink(session, row, facilitator_token)) for row in rows)


def meetings_forum_ids(session: Session, forum_id: int) -> list[int]:
    """The forums of the forum's teams' own meetings."""
    return list(session.scalars(select(s.TeamRow.meetings_forum_id).where(
        s.TeamRow.forum_id == forum_id, s.TeamRow.meetings_forum_id.is_not(None))))


# Reads ------------------------------------------------------------------------


def _member(row: s.TeamMemberRow, people: Mapping[int, s.Participant]) -> Member:
    person = people.get(row.participant_id) if row.participant_id is not None else None
    if person is not None:
        return Member(id=row.id, name=person.display_name, sector=person.sector, participant_id=person.id)
    return Member(id=row.id, name=row.name, sector=row.sector)


def _point(row: s.ControlPointRow) -> ControlPoint:
    return ControlPoint(id=row.id, due=row.due, planned=row.planned, actual=row.actual,
                        measured_on=row.measured_on, note=row.note or "")


def teams(session: Session, forum_id: int, *, only: int | None = None) -> list[Team]:
    """The forum's teams in order (`only`: that team alone), each with its members, targets
    (and their control points) and investment map."""
    query = select(s.TeamRow).where(s.TeamRow.forum_id == forum_id).order_by(s.TeamRow.position)
    rows = list(session.scalars(query if only is None else query.where(s.TeamRow.id == only)))
    if not rows:
        return []
    ids = [r.id for r in rows]
    members = list(session.scalars(select(s.TeamMemberRow).where(s.TeamMemberRow.team_id.in_(ids))
                                   .order_by(s.TeamMemberRow.id)))
    people = {p.id: p for p in session.scalars(select(s.Participant).where(
        s.Participant.id.in_({m.participant_id for m in members if m.participant_id is not None})))}
    targets = list(session.scalars(select(s.TargetRow).where(s.TargetRow.team_id.in_(ids))
                                   .order_by(s.TargetRow.position)))
    points = list(session.scalars(select(s.ControlPointRow).where(
        s.ControlPointRow.target_id.in_([t.id for t in targets])).order_by(s.ControlPointRow.due)))
    money = list(session.scalars(select(s.InvestmentRow).where(s.InvestmentRow.team_id.in_(ids))
                                 .order_by(s.InvestmentRow.position)))
    found = []
    for row in rows:
        own_targets = tuple(
            Target(id=t.id, name=t.name, unit=t.unit or "", baseline=t.baseline, baseline_year=t.baseline_year,
                   points=tuple(_point(p) for p in points if p.target_id == t.id))
            for t in targets if t.team_id == row.id)
        found.append(Team(
            id=row.id, forum_id=row.forum_id, position=row.position, name=row.name, lead_name=row.lead_name,
            idea_id=row.idea_id, plan_start=row.plan_start, link_generation=row.link_generation,
            meetings_forum_id=row.meetings_forum_id,
            members=tuple(_member(m, people) for m in members if m.team_id == row.id),
            targets=own_targets,
            investments=tuple(Investment(id=i.id, domain=i.domain,
                                         age_stage=AgeStage(i.age_stage) if i.age_stage else None,
                                         amount=i.amount, note=i.note or "")
                              for i in money if i.team_id == row.id)))
    return found


def team(session: Session, forum_id: int, team_id: int) -> Team:
    found = teams(session, forum_id, only=team_id)
    if not found:
        raise NotFoundError(what="team")
    return found[0]


def reported_since(session: Session, forum_id: int, today: date) -> date | None:
    """The day a progress report made `today` starts from (`forum.teams.report_since`)."""
    row = forum_row(session, forum_id)
    return report_since(row.progress_reported_on, row.progress_reported_before, today)


def team_count(session: Session, forum_id: int) -> int:
    return session.scalar(select(func.count()).select_from(s.TeamRow).where(s.TeamRow.forum_id == forum_id))


# Commands ---------------------------------------------------------------------


def _team_row(session: Session, forum_id: int, team_id: int) -> s.TeamRow:
    row = session.get(s.TeamRow, team_id)
    if row is None or row.forum_id != forum_id:
        raise NotFoundError(what="team")
    return row


def _target_row(session: Session, team_row: s.TeamRow, target_id: int) -> s.TargetRow:
    row = session.get(s.TargetRow, target_id)
    if row is None or row.team_id != team_row.id:
        raise NotFoundError(what="target")
    return row


def create_team(store: Store, forum_id: int, name: str, facilitator_token: str, *, idea_id: int | None = None,
                lead_name: str | None = None) -> TeamCreated:
    """A team for a focus area (`idea_id`: the idea the forum chose it by). A team of the same
    focus area (or the same name) is kept, not made twice."""
    name = check_team_name(name)
    lead_name = check_person_name(lead_name, "lead_name", required=False)
    with store.write() as session:
        forum_row(session, forum_id, lock=True)
        existing = list(session.scalars(select(s.TeamRow).where(s.TeamRow.forum_id == forum_id)))
        same = next((r for r in existing if (idea_id is not None and r.idea_id == idea_id) or r.name == name), None)
        if same is not None:
            token = access.team_token_for(facilitator_token, same.id, same.link_generation)
            return TeamCreated(team=team(session, forum_id, same.id), token=token, outcome=Outcome.KEPT)
        if len(existing) >= MAX_TEAMS:
            raise InvalidInputError(field="team_name", reason="too_many_teams", limit=MAX_TEAMS)
        if idea_id is not None:
            idea = session.get(s.Idea, idea_id)
            idea_id = idea.id if idea is not None and idea.forum_id == forum_id else None
        row = s.TeamRow(forum_id=forum_id, position=max((r.position for r in existing), default=-1) + 1,
                        name=name, idea_id=idea_id, lead_name=lead_name, link_generation=1)
        session.add(row)
        session.flush()
        token = _relink(session, row, facilitator_token)
        session.flush()
        return TeamCreated(team=team(session, forum_id, row.id), token=token, outcome=Outcome.ADDED)


def open_team_meetings(store: Store, forum_id: int, team_id: int, lead_token: str,
                       plan: Sequence[MeetingPlan]) -> TeamMeetingsOpened:
    """The team's own four meetings, as a forum of kind "team" (`plan`: the teams' playbook's):
    the lead runs them from its console, members join them from their phones by its join code.
    Their facilitator link is drawn from the lead's (`lead_token`, which must be the team's:
    `access.meetings_token_for`); asked again, the same meetings are kept."""
    plan = tuple(plan)
    check_plan(plan)

    def write(session: Session) -> TeamMeetingsOpened:
        row = _team_row(session, forum_id, team_id)
        if not access.same_digest(row.lead_digest, lead_token):
            raise AccessDeniedError()
        token = access.meetings_token_for(lead_token)
        existing = session.get(s.Forum, row.meetings_forum_id) if row.meetings_forum_id else None
        if existing is not None:
            return TeamMeetingsOpened(team_id=team_id, forum=get_forum(session, existing.id), token=token,
                                      outcome=Outcome.KEPT)
        parent = forum_row(session, forum_id)
        meetings = new_forum_row(session, title=row.name, locality=parent.locality, domain=parent.domain,
                                 language=parent.language, plan=plan, token=token, kind="team")
        row.meetings_forum_id = meetings.id
        session.flush()
        return TeamMeetingsOpened(team_id=team_id, forum=get_forum(session, meetings.id), token=token,
                                  outcome=Outcome.ADDED)

    return drawing_join_codes(store, write)


@dataclass(frozen=True)
class ProgressReported:
    since: date | None  # what the report told about started here (None: the plan's start)
    on: date


def progress_reported(store: Store, forum_id: int, today: date) -> ProgressReported:
    """A progress report was made `today`: the next one tells what happened since."""
    with store.write() as session:
        forum = forum_row(session, forum_id, lock=True)
        since = report_since(forum.progress_reported_on, forum.progress_reported_before, today)
        if forum.progress_reported_on != today:
            forum.progress_reported_before, forum.progress_reported_on = forum.progress_reported_on, today
        return ProgressReported(since=since, on=today)


def update_team(store: Store, forum_id: int, team_id: int, *, name: str | None = None,
                lead_name: str | None = None, plan_start: date | None = None) -> TeamChanged:
    """The team's name, lead and the day its plan starts (a control point before it is refused,
    so a start after one of its control points is too)."""
    name = check_team_name(name) if name is not None else None
    lead_name = check_person_name(lead_name, "lead_name", required=False)
    with store.write() as session:
        row = _team_row(session, forum_id, team_id)
        if name is not None:
            row.name = name
        row.lead_name = lead_name
        if plan_start is not None:
            earliest = session.scalar(select(func.min(s.ControlPointRow.due)).join(s.TargetRow).where(
                s.TargetRow.team_id == team_id))
            if earliest is not None:
                check_due(earliest, plan_start)
        row.plan_start = plan_start
        session.flush()
        return TeamChanged(team=team(session, forum_id, team_id))


def remove_team(store: Store, forum_id: int, team_id: int) -> TeamRemoved:
    with store.write() as session:
        row = _team_row(session, forum_id, team_id)
        name, meetings = row.name, row.meetings_forum_id
        session.delete(row)
        if meetings is not None:  # its own meetings go with it
            delete_forum_rows(session, meetings)
        return TeamRemoved(team_id=team_id, name=name)


def replace_team_link(store: Store, forum_id: int, team_id: int, facilitator_token: str) -> TeamLinkReplaced:
    """A new link for the team's lead (the old one leaked): the old one stops working."""
    with store.write() as session:
        row = _team_row(session, forum_id, team_id)
        row.link_generation += 1
        token = _relink(session, row, facilitator_token)
        session.flush()
        return TeamLinkReplaced(team=team(session, forum_id, team_id), token=token)


def add_member(store: Store, forum_id: int, team_id: int, *, participant_id: int | None = None,
               name: str | None = None, sector: Sector | str | None = None) -> MemberAdded:
    """A forum participant (by id: their name and sector are theirs), or a person by name and sector."""
    if participant_id is None:
        name = check_person_name(name)
        try:
            sector = Sector(sector).value
        except ValueError as exc:
            raise InvalidInputError(field="member_sector", reason="choice") from exc
    with store.write() as session:
        row = _team_row(session, forum_id, team_id)
        count = session.scalar(select(func.count()).select_from(s.TeamMemberRow)
                               .where(s.TeamMemberRow.team_id == row.id))
        people: dict[int, s.Participant] = {}
        if participant_id is not None:
            person = session.get(s.Participant, participant_id)
            if person is None or person.forum_id != forum_id:
                raise NotFoundError(what="participant")
            people[person.id] = person
            same = session.scalar(select(s.TeamMemberRow).where(
                s.TeamMemberRow.team_id == row.id, s.TeamMemberRow.participant_id == person.id))
            if same is not None:
                return MemberAdded(member=_member(same, people), outcome=Outcome.KEPT)
            member = s.TeamMemberRow(team_id=row.id, participant_id=person.id, sector=person.sector)
        else:
            same = session.scalar(select(s.TeamMemberRow).where(
                s.TeamMemberRow.team_id == row.id, s.TeamMemberRow.participant_id.is_(None),
                s.TeamMemberRow.name == name, s.TeamMemberRow.sector == sector))
            if same is not None:
                return MemberAdded(member=_member(same, people), outcome=Outcome.KEPT)
            member = s.TeamMemberRow(team_id=row.id, name=name, sector=sector)
        if count >= MAX_MEMBERS:
            raise InvalidInputError(field="member_name", reason="too_many_members", limit=MAX_MEMBERS)
        session.add(member)
        session.flush()
        return MemberAdded(member=_member(member, people), outcome=Outcome.ADDED)


def remove_member(store: Store, forum_id: int, team_id: int, member_id: int) -> MemberRemoved:
    with store.write() as session:
        row = _team_row(session, forum_id, team_id)
        member = session.get(s.TeamMemberRow, member_id)
        if member is None or member.team_id != row.id:
            raise NotFoundError(what="member")
        session.delete(member)
        return MemberRemoved(member_id=member_id)


def _year(year: int | None) -> int | None:
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or year not in YEARS):
        raise InvalidInputError(field="baseline_year", reason="number")
    return year


def save_target(store: Store, forum_id: int, team_id: int, *, name: str, unit: str | None, baseline: object,
                baseline_year: int | None = None, target_id: int | None = None) -> TargetSaved:
    """Add a target (no `target_id`) or change one; its baseline is a number in its unit."""
    name = check_target_name(name)
    unit = check_unit(unit)
    value = parse_measure(baseline, unit, "baseline")
    year = _year(baseline_year)
    with store.write() as session:
        row = _team_row(session, forum_id, team_id)
        if target_id is None:
            positions = list(session.scalars(select(s.TargetRow.position).where(s.TargetRow.team_id == row.id)))
            if len(positions) >= MAX_TARGETS:
                raise InvalidInputError(field="target_name", reason="too_many_targets", limit=MAX_TARGETS)
            target = s.TargetRow(team_id=row.id, position=max(positions, default=-1) + 1, name=name, unit=unit,
                                 baseline=value, baseline_year=year)
            session.add(target)
            outcome = Outcome.ADDED
        else:
            target = _target_row(session, row, target_id)
            target.name, target.unit, target.baseline, target.baseline_year = name, unit, value, year
            outcome = Outcome.CHANGED
        session.flush()
        return TargetSaved(target=_target_of(session, forum_id, team_id, target.id), outcome=outcome)


def _target_of(session: Session, forum_id: int, team_id: int, target_id: int) -> Target:
    return next(t for t in team(session, forum_id, team_id).targets if t.id == target_id)


def remove_target(store: Store, forum_id: int, team_id: int, target_id: int) -> TargetRemoved:
    with store.write() as session:
        session.delete(_target_row(session, _team_row(session, forum_id, team_id), target_id))
        return TargetRemoved(target_id=target_id)


def set_control_point(store: Store, forum_id: int, team_id: int, target_id: int, *, due: date,
                      planned: object) -> ControlPointSaved:
    """The value planned for the target by `due` (a point on that day already: its plan changes)."""
    with store.write() as session:
        row = _team_row(session, forum_id, team_id)
        target = _target_row(session, row, target_id)
        due = check_due(due, row.plan_start)
        value = parse_measure(planned, target.unit or "", "planned_value")
        point = session.scalar(select(s.ControlPointRow).where(
            s.ControlPointRow.target_id == target.id, s.ControlPointRow.due == due))
        if point is None:
            count = session.scalar(select(func.count()).select_from(s.ControlPointRow)
                                   .where(s.ControlPointRow.target_id == target.id))
            if count >= MAX_CONTROL_POINTS:
                raise InvalidInputError(field="control_date", reason="too_many_points", limit=MAX_CONTROL_POINTS)
            point = s.ControlPointRow(target_id=target.id, due=due, planned=value)
            session.add(point)
            outcome = Outcome.ADDED
        else:
            point.planned = value
            outcome = Outcome.CHANGED
        session.flush()
        return ControlPointSaved(point=_point(point), outcome=outcome)


def _point_row(session: Session, forum_id: int, team_id: int, point_id: int) -> tuple[s.ControlPointRow, s.TargetRow]:
    row = _team_row(session, forum_id, team_id)
    point = session.get(s.ControlPointRow, point_id)
    target = session.get(s.TargetRow, point.target_id) if point is not None else None
    if point is None or target is None or target.team_id != row.id:
        raise NotFoundError(what="control_point")
    return point, target


def remove_control_point(store: Store, forum_id: int, team_id: int, point_id: int) -> ControlPointRemoved:
    with store.write() as session:
        point, _ = _point_row(session, forum_id, team_id, point_id)
        session.delete(point)
        return ControlPointRemoved(point_id=point_id)


def record_measurement(store: Store, forum_id: int, team_id: int, point_id: int, actual: object, *,
                       measured_on: date | None = None, note: str | None = None) -> MeasurementRecorded:
    """The actual value at a control point, in its target's unit ("not a number" and "another
    unit" are refused, naming the unit); None clears it."""
    note = check_note(note)
    with store.write() as session:
        point, target = _point_row(session, forum_id, team_id, point_id)
        value = None if actual is None or actual == "" else parse_measure(actual, target.unit or "")
        point.actual, point.measured_on, point.note = value, measured_on if value is not None else None, note
        session.flush()
        return MeasurementRecorded(point=_point(point), target=_target_of(session, forum_id, team_id, target.id))


def save_investments(store: Store, forum_id: int, team_id: int,
                     lines: Sequence[Mapping[str, Any]]) -> InvestmentsSaved:
    """The team's investment map becomes `lines` (domain, age_stage, amount, note); a line
    without an amount is dropped, an amount that is not a number refused naming its line."""
    cleaned = []
    for number, line in enumerate(lines, start=1):
        amount = line.get("amount")
        if amount is None or (isinstance(amount, str) and not amount.strip()):
            continue
        try:
            value = parse_measure(amount, "", "investment_amount")
        except InvalidInputError as exc:
            raise InvalidInputError(field="investment_amount", reason="line_number", line=number) from exc
        if value < 0:
            raise InvalidInputError(field="investment_amount", reason="line_number", line=number)
        domain, stage = line.get("domain") or None, line.get("age_stage") or None
        if domain is not None and domain not in frozenset(MobilityDomain):
            raise InvalidInputError(field="investment_domain", reason="choice")
        if stage is not None and stage not in frozenset(AgeStage):
            raise InvalidInputError(field="investment_stage", reason="choice")
        cleaned.append({"domain": domain, "age_stage": stage, "amount": value,
                        "note": check_note(line.get("note"))})
    if len(cleaned) > MAX_INVESTMENTS:
        raise InvalidInputError(field="investment_amount", reason="too_many_lines", limit=MAX_INVESTMENTS,
                                count=len(cleaned))
    with store.write() as session:
        row = _team_row(session, forum_id, team_id)
        session.execute(delete(s.InvestmentRow).where(s.InvestmentRow.team_id == row.id))
        session.add_all([s.InvestmentRow(team_id=row.id, position=i, **line) for i, line in enumerate(cleaned)])
        session.flush()
        return InvestmentsSaved(investments=team(session, forum_id, team_id).investments)
