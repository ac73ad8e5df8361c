"""Every state change of a live forum, as a named command.

Each command runs in one write transaction that is committed before it
returns, checks that everything it touches belongs to the forum it was given,
and returns an explicit outcome (or raises a ForumError the UI can show).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from assistant.errors import (
    AccessDeniedError,
    CollectionClosedError,
    DeletionNotConfirmedError,
    ForumFullError,
    IdeaLimitError,
    IdeaLockedError,
    InvalidInputError,
    InvalidPollError,
    JoinCodeError,
    NotFoundError,
    PollHasBallotsError,
    PollNotOpenError,
    WrongPinError,
)
from assistant.forum import access, guard, inputs
from assistant.forum.attendance import Attendance, check_attendance
from assistant.forum.authorship import IdeaLock, author_lock
from assistant.forum.ballots import ballot_entries, poll_params, step_poll_params
from assistant.forum.paper import check_paper_count
from assistant.forum.plan import MeetingPlan, check_plan
from assistant.forum.records import (
    BallotRecord,
    ForumRecord,
    IdeaRecord,
    NoteRecord,
    PaperCount,
    ParticipantRecord,
    PollRecord,
)
from assistant.forum.vocabulary import IdeaKind, IdeaStatus, MobilityDomain, PollStatus, Sector, VotingMethod
from assistant.i18n import LANGUAGES
from assistant.store import guards
from assistant.store import queries as q
from assistant.store import schema as s
from assistant.store import teams as team_queries
from assistant.store.database import Store, room_changed
from assistant.store.forum_rows import delete_forum_rows, drawing_join_codes, new_forum_row, retire_join_code

SEEN_EVERY = timedelta(seconds=30)


def _now() -> datetime:
    return datetime.now(UTC)


# Outcomes ---------------------------------------------------------------------


@dataclass(frozen=True)
class ForumCreated:
    forum: ForumRecord
    facilitator_token: str
    manager_token: str


@dataclass(frozen=True)
class Access:
    role: access.Role
    forum_id: int
    participant_id: int | None = None
    team_id: int | None = None  # a team lead's team


@dataclass(frozen=True)
class NamesErased:
    count: int  # participants who had given a name


@dataclass(frozen=True)
class ForumDeleted:
    forum_id: int
    title: str


@dataclass(frozen=True)
class Joined:
    participant: ParticipantRecord
    token: str
    forum_kind: str = "forum"  # which playbook the forum runs: the phone needs it at once

    @property
    def access(self) -> Access:
        """What the new participant's link opens, known without reading it back."""
        return Access(role=access.Role.PARTICIPANT, forum_id=self.participant.forum_id,
                      participant_id=self.participant.id)


class IdeaOutcome(StrEnum):
    ADDED = "added"
    ALREADY_ADDED = "already_added"  # the same submission arrived twice (retry)


@dataclass(frozen=True)
class IdeaAdded:
    idea: IdeaRecord
    outcome: IdeaOutcome


@dataclass(frozen=True)
class ParticipantCapSet:
    forum_id: int
    limit: int | None  # None: the server's


@dataclass(frozen=True)
class ParticipantsRemoved:
    count: int
    ideas: int  # they sent, deleted with them
    ballots: int  # they cast, deleted with them


@dataclass(frozen=True)
class IdeasHidden:
    participant_ids: tuple[int, ...]
    count: int


@dataclass(frozen=True)
class NoteAdded:
    note: NoteRecord


@dataclass(frozen=True)
class NoteDeleted:
    note_id: int


@dataclass(frozen=True)
class PollDeleted:
    poll_id: int
    title: str
    ballots: int  # deleted with it


@dataclass(frozen=True)
class LinksReissued:
    forum_id: int
    title: str
    facilitator_token: str
    manager_token: str
    pin_cleared: bool
    team_tokens: tuple[tuple[str, str], ...] = ()  # each team's name and its lead's new link


@dataclass(frozen=True)
class JoinCodeChanged:
    forum_id: int
    title: str
    old_code: str
    new_code: str


@dataclass(frozen=True)
class PaperVotesRecorded:
    poll: PollRecord
    paper: PaperCount | None  # None: cleared


@dataclass(frozen=True)
class PaperBallotAdded:
    ballot: BallotRecord
    count: int  # the poll's paper ballots, this one included


@dataclass(frozen=True)
class PaperBallotRemoved:
    ballot_id: int
    count: int  # the poll's paper ballots left


@dataclass(frozen=True)
class AttendanceRecorded:
    meeting: int
    attendance: Attendance | None  # None: cleared


@dataclass(frozen=True)
class RoomIdeasAdded:
    ideas: tuple[IdeaRecord, ...]
    kind: IdeaKind


class RevisionOutcome(StrEnum):
    REVISED = "revised"
    UNCHANGED = "unchanged"  # the same words sent again


@dataclass(frozen=True)
class IdeaRevised:
    idea: IdeaRecord
    outcome: RevisionOutcome


@dataclass(frozen=True)
class IdeaWithdrawn:
    idea: IdeaRecord


@dataclass(frozen=True)
class IdeasMerged:
    target: IdeaRecord
    merged_ids: tuple[int, ...]


class BallotOutcome(StrEnum):
    RECORDED = "recorded"
    REPLACED = "replaced"


@dataclass(frozen=True)
class BallotCast:
    ballot: BallotRecord
    outcome: BallotOutcome


@dataclass(frozen=True)
class StepChanged:
    previous_step_id: int | None
    current_step_id: int
    meeting_number: int


@dataclass(frozen=True)
class MeetingsScheduled:
    dates: dict[int, date | None]


@dataclass(frozen=True)
class StepClockStarted:
    step_id: int
    started_at: datetime


# Helpers ----------------------------------------------------------------------


_forum = q.forum_row


def _current_step(session: Session, forum: s.Forum) -> s.Step | None:
    return session.get(s.Step, forum.current_step_id) if forum.current_step_id else None


def _idea(session: Session, forum_id: int, idea_id: int) -> s.Idea:
    row = session.get(s.Idea, idea_id)
    if row is None or row.forum_id != forum_id:
        raise NotFoundError(what="idea")
    return row


def _poll(session: Session, forum_id: int, poll_id: int, *, lock: bool = False) -> s.Poll:
    query = select(s.Poll).where(s.Poll.id == poll_id).options(selectinload(s.Poll.options))
    if lock:
        query = query.with_for_update()
        room_changed(session)
    row = session.scalar(query)
    if row is None or row.forum_id != forum_id:
        raise NotFoundError(what="poll")
    return row


def _number(session: Session, meeting_id: int) -> int:
    return session.get(s.Meeting, meeting_id).number


def _idea_out(session: Session, row: s.Idea) -> IdeaRecord:
    return q.idea_record(row, _number(session, row.meeting_id))


def _poll_out(session: Session, row: s.Poll) -> PollRecord:
    return q.poll_record(row, _number(session, row.meeting_id))


def _participant(session: Session, forum_id: int, participant_id: int) -> s.Participant:
    row = session.get(s.Participant, participant_id)
    if row is None or row.forum_id != forum_id:
        raise AccessDeniedError()
    return row


def _check_participant(session: Session, forum_id: int, participant_id: int) -> None:
    """The participant is the forum's (read as one column: every idea a phone sends asks)."""
    if session.scalar(select(s.Participant.forum_id).where(s.Participant.id == participant_id)) != forum_id:
        raise AccessDeniedError()


def _where_the_room_is(session: Session, forum: s.Forum) -> tuple[s.Meeting, s.Step | None]:
    """The current meeting and step (the first meeting while no step is current): where what
    is added now belongs."""
    step = _current_step(session, forum)
    if step is not None:
        return session.get(s.Meeting, step.meeting_id), step
    return session.scalar(select(s.Meeting).where(s.Meeting.forum_id == forum.id).order_by(s.Meeting.number)), None


# Forum and access -------------------------------------------------------------


def create_forum(store: Store, *, title: str, locality: str, domain: MobilityDomain | str, language: str,
                 plan: Sequence[MeetingPlan], pin: str | None = None,
                 meeting_dates: dict[int, date] | None = None) -> ForumCreated:
    title = inputs.clean_text(title, "forum_title", inputs.TITLE_MAX)
    locality = inputs.clean_text(locality, "locality", inputs.TITLE_MAX)
    domain = MobilityDomain(domain)
    meeting_dates = inputs.check_meeting_dates(meeting_dates or {})
    if language not in LANGUAGES:
        raise InvalidInputError(field="language", reason="choice", limit=0)
    pin = inputs.clean_text(pin, "pin", inputs.PIN_MAX, required=False)
    plan = tuple(plan)
    check_plan(plan)
    token = access.new_token()

    def write(session: Session) -> ForumRecord:
        return q.forum_record(new_forum_row(session, title=title, locality=locality, domain=domain.value,
                                            language=language, plan=plan, token=token, pin=pin,
                                            meeting_dates=meeting_dates))

    record = drawing_join_codes(store, write)
    return ForumCreated(forum=record, facilitator_token=token, manager_token=access.manager_token_for(token))


def authenticate(store: Store, token: str | None, *, client: guard.Client = guard.LOCAL) -> Access:
    """Who a link's token belongs to. Fails the same way for every bad token; a client that
    opened too many that match nobody waits (TryLaterError) before its next is looked up."""
    if client.is_local:
        return _authenticate(store, token)
    guards.check(store, guard.Scope.LINK, client.key())
    try:
        return _authenticate(store, token)
    except AccessDeniedError:
        guards.fail(store, guard.Scope.LINK, client.key(), guard.WRONG_CODE)
        raise


def _authenticate(store: Store, token: str | None) -> Access:
    if not access.looks_like_token(token):
        raise AccessDeniedError()
    wanted = access.digest(token)
    with store.read() as session:
        forum = session.scalar(select(s.Forum).where(s.Forum.facilitator_digest == wanted))
        if forum is not None and access.same_digest(forum.facilitator_digest, token):
            return Access(role=access.Role.FACILITATOR, forum_id=forum.id)
        forum = session.scalar(select(s.Forum).where(s.Forum.manager_digest == wanted))
        if forum is not None and access.same_digest(forum.manager_digest, token):
            return Access(role=access.Role.MANAGER, forum_id=forum.id)
        person = session.scalar(select(s.Participant).where(s.Participant.token_digest == wanted))
        if person is not None and access.same_digest(person.token_digest, token):
            return Access(role=access.Role.PARTICIPANT, forum_id=person.forum_id, participant_id=person.id)
        team = session.scalar(select(s.TeamRow).where(s.TeamRow.lead_digest == wanted))
        if team is not None and access.same_digest(team.lead_digest, token):
            return Access(role=access.Role.TEAM_LEAD, forum_id=team.forum_id, team_id=team.id)
    raise AccessDeniedError()


def check_pin(store: Store, forum_id: int, pin: str) -> None:
    """Unlocks the console, or WrongPinError (with how long the next try waits). Each try is
    counted before it is checked, so that tries sent at once wait their turn too; after a few
    wrong ones each waits twice as long as the last (TryLaterError until then), per forum."""
    # Cleaned as it was when set: the same keystrokes (a bidi mark, a trailing space) unlock.
    pin = inputs.clean_text(pin, "pin", inputs.PIN_MAX, required=False) or ""
    key = str(forum_id)
    with store.read() as session:
        stored = _forum(session, forum_id).pin_hash
    if stored is None:
        return
    with store.write() as session:
        wait = guards.count_try(session, guard.Scope.PIN, key, guard.PIN)
    if not access.verify_pin(stored, pin):
        raise WrongPinError(seconds=wait)
    with store.write() as session:
        guards.clear(session, guard.Scope.PIN, key)


def schedule_meetings(store: Store, forum_id: int, dates: dict[int, date | None]) -> MeetingsScheduled:
    """Set (or, with None, clear) the dates of the meetings named in `dates`; the others keep theirs."""
    with store.write() as session:
        forum = _forum(session, forum_id, lock=True)
        meetings = {m.number: m for m in forum.meetings}
        if set(dates) - set(meetings):
            raise NotFoundError(what="meeting")
        merged = inputs.check_meeting_dates({n: dates.get(n, m.scheduled_on) for n, m in meetings.items()})
        for number, day in merged.items():
            meetings[number].scheduled_on = day
        forum.schedule_revision += 1
        return MeetingsScheduled(dates=merged)


def record_attendance(store: Store, forum_id: int, number: int, total: int | None,
                      by_sector: Mapping[str, int | None] | None = None) -> AttendanceRecorded:
    """How many were in the room at meeting `number`, as counted there (nothing counted clears it)."""
    attendance = check_attendance(total, by_sector)
    with store.write() as session:
        forum = _forum(session, forum_id, lock=True)
        meeting = next((m for m in forum.meetings if m.number == number), None)
        if meeting is None:
            raise NotFoundError(what="meeting")
        meeting.attendance_total = attendance.total if attendance else None
        meeting.attendance_by_sector = attendance.to_json() if attendance else None
        forum.schedule_revision += 1  # the meetings as phones keep them changed
        return AttendanceRecorded(meeting=number, attendance=attendance)


def reissue_links(store: Store, forum_id: int, *, clear_pin: bool = False) -> LinksReissued:
    """New facilitator and manager links, for one lost or shared too widely: the old two stop
    working, and so do the team leads' links drawn from them (the console shows the new ones).
    The join code and the participants' links stay; the PIN too, unless `clear_pin`."""
    token = access.new_token()
    manager = access.manager_token_for(token)
    with store.write() as session:
        forum = _forum(session, forum_id, lock=True)
        forum.facilitator_digest, forum.manager_digest = access.digest(token), access.digest(manager)
        teams = team_queries.relink_teams(session, forum_id, token)
        if clear_pin:
            forum.pin_hash = None
        guards.clear(session, guard.Scope.PIN, str(forum_id))  # whoever locked it out has no link now
        return LinksReissued(forum_id=forum_id, title=forum.title, facilitator_token=token, manager_token=manager,
                             pin_cleared=clear_pin, team_tokens=teams)


def change_join_code(store: Store, forum_id: int) -> JoinCodeChanged:
    """A new join code, for one that reached people outside the forum: the old code (and the
    QR codes and join cards that carry it) no longer lets anyone join. Those who joined keep
    their personal links; the facilitator and manager links and the PIN stay."""
    with store.write() as session:
        forum = _forum(session, forum_id, lock=True)
        old, forum.join_code = forum.join_code, q.free_join_code(session)  # never its own code either
        retire_join_code(session, old, q.RETIRED_REPLACED)
        return JoinCodeChanged(forum_id=forum_id, title=forum.title, old_code=old, new_code=forum.join_code)


def set_pin(store: Store, forum_id: int, pin: str | None) -> None:
    pin = inputs.clean_text(pin, "pin", inputs.PIN_MAX, required=False)
    with store.write() as session:
        _forum(session, forum_id).pin_hash = access.hash_pin(pin) if pin else None
        guards.clear(session, guard.Scope.PIN, str(forum_id))


def set_participant_cap(store: Store, forum_id: int, limit: int | None) -> ParticipantCapSet:
    """How many may join the forum (None: the server's FORUM_MAX_PARTICIPANTS). A cap below
    those who joined already is refused: nobody is turned out by it."""
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 100_000):
        raise InvalidInputError(field="max_participants", reason="range", limit=100_000)
    with store.write() as session:
        forum = _forum(session, forum_id, lock=True)
        joined = q.participant_count(session, forum_id)
        if limit is not None and limit < joined:
            raise InvalidInputError(field="max_participants", reason="below_joined", limit=joined)
        forum.max_participants = limit
        return ParticipantCapSet(forum_id=forum_id, limit=limit)


# Participants -----------------------------------------------------------------


def erase_names(store: Store, forum_id: int) -> NamesErased:
    """Forget the names participants gave, and those of the teams' members added by name; their
    sector, ideas and ballots stay (anonymous). The teams' leads keep theirs: they sign the plan
    in their office's role."""
    with store.write() as session:
        _forum(session, forum_id, lock=True)
        result = session.execute(update(s.Participant)
                                 .where(s.Participant.forum_id == forum_id, s.Participant.display_name.is_not(None))
                                 .values(display_name=None))
        team_ids = select(s.TeamRow.id).where(s.TeamRow.forum_id == forum_id)
        members = session.execute(update(s.TeamMemberRow)
                                  .where(s.TeamMemberRow.team_id.in_(team_ids), s.TeamMemberRow.name.is_not(None))
                                  .values(name=None))
        # Which phone joined is forgotten too: the devices' digests and the key that made them.
        session.execute(update(s.Participant).where(s.Participant.forum_id == forum_id).values(device=None))
        session.execute(update(s.Forum).where(s.Forum.id == forum_id).values(device_salt=secrets.token_hex(16)))
        return NamesErased(count=result.rowcount + members.rowcount)


def delete_forum(store: Store, forum_id: int, confirmation: str | None) -> ForumDeleted:
    """Delete the forum and everything in it (meetings, participants, ideas, polls, ballots,
    work plan). `confirmation` must be the forum's join code, typed again."""
    with store.write() as session:
        forum = _forum(session, forum_id, lock=True)
        if access.normalize_join_code(confirmation or "") != forum.join_code:
            raise DeletionNotConfirmedError()
        title = forum.title
        for meetings in team_queries.meetings_forum_ids(session, forum_id):  # its teams' own meetings too
            delete_forum_rows(session, meetings)
        delete_forum_rows(session, forum_id)
        session.expunge_all()
    return ForumDeleted(forum_id=forum_id, title=title)


def join(store: Store, *, join_code: str, sector: Sector | str | None, language: str,
         display_name: str | None = None, client: guard.Client = guard.LOCAL,
         limits: guard.Limits = guard.DEFAULT_LIMITS) -> Joined:
    """A new participant. From another machine than the server's own, a client that typed too
    many join codes that admit nobody waits (TryLaterError), and so does one network that
    joins faster than `limits.join`; a forum takes at most its cap (ForumFullError)."""
    code = access.normalize_join_code(join_code or "")
    name = inputs.clean_text(display_name, "display_name", inputs.NAME_MAX, required=False)
    try:
        sector = Sector(sector)
    except ValueError:
        raise InvalidInputError(field="sector", reason="choice", limit=0) from None
    language = language if language in LANGUAGES else "he"
    key = None if client.is_local else client.key()
    if key is not None:
        guards.check(store, guard.Scope.JOIN_CODE, key)
    token = access.new_token()
    try:
        with store.write() as session:
            forum = session.execute(select(s.Forum.id, s.Forum.kind, s.Forum.max_participants, s.Forum.device_salt)
                                    .where(s.Forum.join_code == code)).one_or_none() if code else None
            if forum is None:  # names the code as looked up: never echoes markup or bidi controls
                raise JoinCodeError(code=code or "—")
            if key is not None:
                guards.take(session, guard.Scope.JOIN, key, limits.join)
            cap = forum.max_participants or limits.max_participants
            if q.participant_count(session, forum.id) >= cap:
                raise ForumFullError(limit=cap)
            salt = forum.device_salt or _device_salt(session, forum.id)
            row = s.Participant(forum_id=forum.id, token_digest=access.digest(token), display_name=name,
                                sector=sector.value, language=language, device=client.device(salt))
            session.add(row)
            session.flush()
            record = q.participant_record(row)
    except JoinCodeError:
        if key is not None:
            guards.fail(store, guard.Scope.JOIN_CODE, key, guard.WRONG_CODE)
        raise
    return Joined(participant=record, token=token, forum_kind=forum.kind)


def _device_salt(session: Session, forum_id: int) -> str:
    """A forum made before devices were told apart gets its key on its first join."""
    salt = secrets.token_hex(16)
    session.execute(update(s.Forum).where(s.Forum.id == forum_id, s.Forum.device_salt.is_(None))
                    .values(device_salt=salt))
    return session.scalar(select(s.Forum.device_salt).where(s.Forum.id == forum_id))


def update_profile(store: Store, forum_id: int, participant_id: int, *, display_name: str | None,
                   sector: Sector | str, language: str) -> ParticipantRecord:
    name = inputs.clean_text(display_name, "display_name", inputs.NAME_MAX, required=False)
    sector = Sector(sector)
    with store.write() as session:
        row = _participant(session, forum_id, participant_id)
        row.display_name, row.sector = name, sector.value
        row.language = language if language in LANGUAGES else row.language
        return q.participant_record(row)


def mark_seen(store: Store, forum_id: int, participant_id: int) -> bool:
    """Record activity, at most once per SEEN_EVERY (phones poll far more often)."""
    now = _now()
    with store.read() as session:
        seen = session.scalar(select(s.Participant.last_seen_at).where(s.Participant.id == participant_id,
                                                                       s.Participant.forum_id == forum_id))
    if seen is None or q.aware(seen) >= now - SEEN_EVERY:
        return False
    with store.write() as session:
        result = session.execute(
            update(s.Participant)
            .where(s.Participant.id == participant_id, s.Participant.forum_id == forum_id,
                   s.Participant.last_seen_at < now - SEEN_EVERY)
            .values(last_seen_at=now))
        return result.rowcount > 0


# Ideas ------------------------------------------------------------------------


def open_collection(store: Store, forum_id: int, kind: IdeaKind | str) -> ForumRecord:
    kind = IdeaKind(kind)
    with store.write() as session:
        _forum(session, forum_id, lock=True).collecting_kind = kind.value
        return q.get_forum(session, forum_id)


def close_collection(store: Store, forum_id: int) -> ForumRecord:
    with store.write() as session:
        _forum(session, forum_id, lock=True).collecting_kind = None
        return q.get_forum(session, forum_id)


def add_idea(store: Store, forum_id: int, text: str, *, participant_id: int | None = None,
             kind: IdeaKind | str | None = None, client_key: str | None = None) -> IdeaAdded:
    """A participant adds to the open collection; the facilitator (no participant) to any kind."""
    text = inputs.clean_text(text, "idea", inputs.IDEA_MAX)
    client_key = (client_key or "")[:64] or None
    with store.write() as session:
        forum = _forum(session, forum_id)
        if participant_id is not None:
            _check_participant(session, forum_id, participant_id)
            if forum.collecting_kind is None or (kind is not None and IdeaKind(kind).value != forum.collecting_kind):
                raise CollectionClosedError()
            kind = IdeaKind(forum.collecting_kind)
            if client_key:
                existing = session.scalar(select(s.Idea.id).where(s.Idea.participant_id == participant_id,
                                                                  s.Idea.client_key == client_key))
                if existing is not None:
                    return IdeaAdded(idea=_idea_out(session, session.get(s.Idea, existing)),
                                     outcome=IdeaOutcome.ALREADY_ADDED)
        else:
            kind = IdeaKind(kind or forum.collecting_kind or IdeaKind.IDEA)
        meeting, step = _where_the_room_is(session, forum)
        if participant_id is not None and _sent_here(session, participant_id, meeting, step) >= inputs.IDEAS_PER_STEP:
            raise IdeaLimitError(limit=inputs.IDEAS_PER_STEP)
        row = s.Idea(forum_id=forum_id, meeting_id=meeting.id, step_id=step.id if step else None,
                     participant_id=participant_id, client_key=client_key, kind=kind.value, text=text)
        session.add(row)
        session.flush()
        record = q.idea_record(row, meeting.number)
    return IdeaAdded(idea=record, outcome=IdeaOutcome.ADDED)


def _sent_here(session: Session, participant_id: int, meeting: s.Meeting, step: s.Step | None) -> int:
    """The ideas a participant sent at this step (withdrawn ones aside)."""
    return session.scalar(select(func.count()).select_from(s.Idea).where(
        s.Idea.participant_id == participant_id, s.Idea.meeting_id == meeting.id,
        s.Idea.step_id == step.id if step is not None else s.Idea.step_id.is_(None),
        s.Idea.status != IdeaStatus.WITHDRAWN.value))


def add_room_ideas(store: Store, forum_id: int, text: str, kind: IdeaKind | str) -> RoomIdeasAdded:
    """Ideas the room gave without phones (a flipchart, a table's notes), typed in by the
    facilitator one per line, all or none, at the current step, with no participant."""
    lines = inputs.idea_lines(text)
    kind = IdeaKind(kind)
    with store.write() as session:
        forum = _forum(session, forum_id)
        meeting, step = _where_the_room_is(session, forum)
        rows = [s.Idea(forum_id=forum_id, meeting_id=meeting.id, step_id=step.id if step else None,
                       participant_id=None, kind=kind.value, text=line) for line in lines]
        session.add_all(rows)
        session.flush()
        return RoomIdeasAdded(ideas=tuple(q.idea_record(row, meeting.number) for row in rows), kind=kind)


def add_note(store: Store, forum_id: int, text: str) -> NoteAdded:
    """A note for the meeting's record, at the current step."""
    text = inputs.clean_text(text, "note", inputs.NOTE_MAX)
    with store.write() as session:
        forum = _forum(session, forum_id)
        meeting, step = _where_the_room_is(session, forum)
        row = s.Note(forum_id=forum_id, meeting_id=meeting.id, step_id=step.id if step else None, text=text)
        session.add(row)
        session.flush()
        return NoteAdded(note=q.note_record(row, meeting.number))


def delete_note(store: Store, forum_id: int, note_id: int) -> NoteDeleted:
    with store.write() as session:
        _forum(session, forum_id)
        row = session.get(s.Note, note_id)
        if row is None or row.forum_id != forum_id:
            raise NotFoundError(what="note")
        session.delete(row)
        return NoteDeleted(note_id=note_id)


def edit_idea(store: Store, forum_id: int, idea_id: int, text: str) -> IdeaRecord:
    text = inputs.clean_text(text, "idea", inputs.IDEA_MAX)
    with store.write() as session:
        row = _moderated(session, forum_id, idea_id)
        row.text, row.updated_at = text, _now()
        return _idea_out(session, row)


def _own_idea(session: Session, forum_id: int, participant_id: int, idea_id: int) -> s.Idea:
    """The author's idea, checked open to change (the forum row locked, so the
    collection cannot close between the check and the change)."""
    forum = _forum(session, forum_id, lock=True)
    _check_participant(session, forum_id, participant_id)
    row = _idea(session, forum_id, idea_id)
    if row.participant_id != participant_id:
        raise NotFoundError(what="idea")
    lock = author_lock(_idea_out(session, row), q.forum_record(forum, meetings=()),
                       in_poll=bool(q.ideas_in_polls(session, forum_id, [idea_id])))
    if lock is not None:
        raise IdeaLockedError(reason=lock.value)
    return row


def revise_own_idea(store: Store, forum_id: int, participant_id: int, idea_id: int, text: str) -> IdeaRevised:
    """An author rewords their idea while the room is still collecting it."""
    text = inputs.clean_text(text, "idea", inputs.IDEA_MAX)
    with store.write() as session:
        row = _own_idea(session, forum_id, participant_id, idea_id)
        if row.text == text:
            return IdeaRevised(idea=_idea_out(session, row), outcome=RevisionOutcome.UNCHANGED)
        row.text, row.updated_at = text, _now()
        return IdeaRevised(idea=_idea_out(session, row), outcome=RevisionOutcome.REVISED)


def withdraw_own_idea(store: Store, forum_id: int, participant_id: int, idea_id: int) -> IdeaWithdrawn:
    """An author takes their idea back while the room is still collecting it. The row is
    kept (status withdrawn), out of the wall, the polls and the documents."""
    with store.write() as session:
        row = _own_idea(session, forum_id, participant_id, idea_id)
        row.status, row.updated_at = IdeaStatus.WITHDRAWN.value, _now()
        return IdeaWithdrawn(idea=_idea_out(session, row))


def _moderated(session: Session, forum_id: int, idea_id: int) -> s.Idea:
    """An idea the facilitator may act on: any but one its author withdrew."""
    row = _idea(session, forum_id, idea_id)
    if row.status == IdeaStatus.WITHDRAWN.value:
        raise IdeaLockedError(reason=IdeaLock.WITHDRAWN.value)
    return row


def _set_status(store: Store, forum_id: int, idea_id: int, status: IdeaStatus) -> IdeaRecord:
    with store.write() as session:
        row = _moderated(session, forum_id, idea_id)
        row.status, row.merged_into_id, row.updated_at = status.value, None, _now()
        return _idea_out(session, row)


def hide_idea(store: Store, forum_id: int, idea_id: int) -> IdeaRecord:
    return _set_status(store, forum_id, idea_id, IdeaStatus.HIDDEN)


def hide_ideas_of(store: Store, forum_id: int, participant_ids: int | Sequence[int], meeting: int) -> IdeasHidden:
    """Hide every idea a participant (or each of several: one device's) has on the wall at this
    meeting (a phone that flooded it); each can be shown again from the hidden list."""
    wanted = sorted({participant_ids} if isinstance(participant_ids, int) else set(participant_ids))
    with store.write() as session:
        _forum(session, forum_id)
        found = session.scalars(select(s.Participant.id).where(s.Participant.id.in_(wanted),
                                                               s.Participant.forum_id == forum_id)).all()
        if not wanted or len(found) != len(wanted):
            raise NotFoundError(what="participant")
        meeting_id = session.scalar(select(s.Meeting.id).where(s.Meeting.forum_id == forum_id,
                                                               s.Meeting.number == meeting))
        if meeting_id is None:
            raise NotFoundError(what="meeting")
        result = session.execute(
            update(s.Idea)
            .where(s.Idea.forum_id == forum_id, s.Idea.participant_id.in_(wanted),
                   s.Idea.meeting_id == meeting_id, s.Idea.status == IdeaStatus.VISIBLE.value)
            .values(status=IdeaStatus.HIDDEN.value, updated_at=_now()))
        return IdeasHidden(participant_ids=tuple(wanted), count=result.rowcount)


def remove_participants(store: Store, forum_id: int, participant_ids: Sequence[int]) -> ParticipantsRemoved:
    """Remove participants who are not real (a phone that joined over and over) with everything
    they sent: their ideas and their ballots. Ideas merged into one of theirs come back to the
    wall; an option made from one of their ideas stays in its vote, as its text."""
    wanted = sorted(set(participant_ids))
    if not wanted:
        return ParticipantsRemoved(count=0, ideas=0, ballots=0)
    with store.write() as session:
        _forum(session, forum_id, lock=True)
        found = set(session.scalars(select(s.Participant.id).where(s.Participant.forum_id == forum_id,
                                                                   s.Participant.id.in_(wanted))))
        if found != set(wanted):
            raise NotFoundError(what="participant")
        theirs = select(s.Idea.id).where(s.Idea.forum_id == forum_id, s.Idea.participant_id.in_(wanted))
        session.execute(update(s.Idea).where(s.Idea.merged_into_id.in_(theirs), s.Idea.status == IdeaStatus.MERGED.value)
                        .values(status=IdeaStatus.VISIBLE.value, merged_into_id=None, updated_at=_now()))
        ballot_ids = select(s.Ballot.id).where(s.Ballot.participant_id.in_(wanted))
        session.execute(delete(s.BallotEntryRow).where(s.BallotEntryRow.ballot_id.in_(ballot_ids)))
        ballots = session.execute(delete(s.Ballot).where(s.Ballot.participant_id.in_(wanted))).rowcount
        ideas = session.execute(delete(s.Idea).where(s.Idea.forum_id == forum_id,
                                                     s.Idea.participant_id.in_(wanted))).rowcount
        count = session.execute(delete(s.Participant).where(s.Participant.id.in_(wanted))).rowcount
        return ParticipantsRemoved(count=count, ideas=ideas, ballots=ballots)


def restore_idea(store: Store, forum_id: int, idea_id: int) -> IdeaRecord:
    """Show a hidden idea again, or undo a merge."""
    return _set_status(store, forum_id, idea_id, IdeaStatus.VISIBLE)


def merge_ideas(store: Store, forum_id: int, target_id: int, source_ids: Sequence[int]) -> IdeasMerged:
    """Duplicates are kept (status merged, pointing at the idea that absorbs them)."""
    sources = [i for i in dict.fromkeys(source_ids) if i != target_id]
    if not sources:
        raise InvalidInputError(field="merge", reason="empty", limit=0)
    with store.write() as session:
        target = _idea(session, forum_id, target_id)
        if target.status != IdeaStatus.VISIBLE.value:
            raise InvalidInputError(field="merge", reason="target_hidden", limit=0)
        now = _now()
        for source_id in sources:
            row = _moderated(session, forum_id, source_id)
            row.status, row.merged_into_id, row.updated_at = IdeaStatus.MERGED.value, target.id, now
            session.execute(update(s.Idea).where(s.Idea.merged_into_id == source_id)
                            .values(merged_into_id=target.id))
        return IdeasMerged(target=_idea_out(session, target), merged_ids=tuple(sources))


# Polls and ballots ------------------------------------------------------------


def create_poll(store: Store, forum_id: int, *, title: str, method: VotingMethod | str,
                idea_ids: Sequence[int] = (), labels: Sequence[str] = (), params: dict[str, Any] | None = None,
                anonymous: bool = True, open_now: bool = False) -> PollRecord:
    """Options come from ideas (their text is the label) and/or extra labels."""
    title = inputs.clean_text(title, "poll_title", inputs.TITLE_MAX)
    method = VotingMethod(method)
    extra = [inputs.clean_text(label, "option", inputs.IDEA_MAX) for label in labels]
    with store.write() as session:
        forum = _forum(session, forum_id)
        chosen = [_idea(session, forum_id, i) for i in dict.fromkeys(idea_ids)]
        if any(i.status != IdeaStatus.VISIBLE.value for i in chosen):
            raise InvalidPollError(reason="hidden_or_merged_option")
        return _new_poll(session, forum, _where_the_room_is(session, forum), title=title, method=method,
                         ideas=chosen, labels=extra, params=params, anonymous=anonymous, open_now=open_now)


def open_step_poll(store: Store, forum_id: int, *, title: str, spec: Mapping[str, Any]) -> PollRecord:
    """The current step's vote, built as its playbook entry says (`spec`: the method, the kind
    of idea it is over, its settings) over the visible ideas of that kind gathered at the
    current meeting, and opened. One transaction: an idea sent meanwhile is in it or not.
    Fewer than two such ideas: `InvalidPollError`."""
    title = inputs.clean_text(title, "poll_title", inputs.TITLE_MAX)
    method, kind = VotingMethod(spec["method"]), IdeaKind(spec["kind"])
    with store.write() as session:
        forum = _forum(session, forum_id)
        where = _where_the_room_is(session, forum)
        ideas = list(session.scalars(select(s.Idea).where(
            s.Idea.forum_id == forum_id, s.Idea.meeting_id == where[0].id, s.Idea.kind == kind.value,
            s.Idea.status == IdeaStatus.VISIBLE.value).order_by(s.Idea.id)))
        return _new_poll(session, forum, where, title=title, method=method, ideas=ideas, labels=(),
                         params=step_poll_params(spec, len(ideas)), anonymous=True, open_now=True)


def _new_poll(session: Session, forum: s.Forum, where: tuple[s.Meeting, s.Step | None], *, title: str,
              method: VotingMethod, ideas: Sequence[s.Idea], labels: Sequence[str],
              params: Mapping[str, Any] | None, anonymous: bool, open_now: bool) -> PollRecord:
    """A poll at `where` (the room's meeting and step) over `ideas` (their text is the label) and `labels`."""
    checked = poll_params(method, params, len(ideas) + len(labels))
    meeting, step = where
    row = s.Poll(forum_id=forum.id, meeting_id=meeting.id, step_id=step.id if step else None, title=title,
                 method=method.value, params=checked.as_dict(), anonymous=anonymous,
                 status=PollStatus.DRAFT.value)
    labelled = [(i.id, i.text) for i in ideas] + [(None, label) for label in labels]
    row.options = [s.PollOption(idea_id=iid, label=label, position=pos)
                   for pos, (iid, label) in enumerate(labelled)]
    if open_now:
        row.status, row.opened_at = PollStatus.OPEN.value, _now()
        room_changed(session)
    session.add(row)
    session.flush()
    return q.poll_record(row, meeting.number)


def open_poll(store: Store, forum_id: int, poll_id: int) -> PollRecord:
    """Open (or re-open) a poll; ballots already cast are kept."""
    with store.write() as session:
        row = _poll(session, forum_id, poll_id, lock=True)
        row.status, row.opened_at, row.closed_at = PollStatus.OPEN.value, _now(), None
        return _poll_out(session, row)


def close_poll(store: Store, forum_id: int, poll_id: int) -> PollRecord:
    with store.write() as session:
        row = _poll(session, forum_id, poll_id, lock=True)
        if row.status != PollStatus.OPEN.value:
            raise PollNotOpenError()
        row.status, row.closed_at = PollStatus.CLOSED.value, _now()
        return _poll_out(session, row)


def delete_poll(store: Store, forum_id: int, poll_id: int, *, with_ballots: bool = False) -> PollDeleted:
    """Delete a vote set up by mistake, its options and (only when `with_ballots`) the
    ballots cast in it: it leaves the phones, the results and the documents."""
    with store.write() as session:
        row = _poll(session, forum_id, poll_id, lock=True)
        ballots = session.scalar(select(func.count()).select_from(s.Ballot).where(s.Ballot.poll_id == poll_id))
        if ballots and not with_ballots:
            raise PollHasBallotsError(count=ballots)
        title = row.title
        session.execute(delete(s.Poll).where(s.Poll.id == poll_id))  # options and ballots cascade
        session.expunge_all()
    return PollDeleted(poll_id=poll_id, title=title, ballots=ballots)


def record_paper_votes(store: Store, forum_id: int, poll_id: int, voters: int | None,
                       dots: Mapping[int, int | None]) -> PaperVotesRecorded:
    """The dots a dots poll got on paper in the room, counted by the facilitator: they add
    to the phones' dots in its results. Counting nothing clears it; any poll status."""
    with store.write() as session:
        row = _poll(session, forum_id, poll_id, lock=True)
        method = VotingMethod(row.method)
        params = poll_params(method, row.params, len(row.options))
        paper = check_paper_count(method, params, [o.id for o in row.options], voters, dots)
        row.paper_voters = paper.voters if paper else None
        for option in row.options:
            option.paper_dots = paper.dots.get(option.id) if paper else None
        session.flush()
        return PaperVotesRecorded(poll=_poll_out(session, row), paper=paper)


def _paper_ballots(session: Session, poll_id: int) -> int:
    return session.scalar(select(func.count()).select_from(s.Ballot)
                          .where(s.Ballot.poll_id == poll_id, s.Ballot.participant_id.is_(None)))


def add_paper_ballot(store: Store, forum_id: int, poll_id: int, choices: Any) -> PaperBallotAdded:
    """A ranking or rating slip filled in on paper in the room, typed in at the console. It
    counts in the results like a phone's ballot, in no sector. Any poll status, since slips
    are typed in after the vote too; a dots poll's paper votes are a count instead
    (record_paper_votes)."""
    with store.write() as session:
        row = _poll(session, forum_id, poll_id, lock=True)
        method = VotingMethod(row.method)
        if method is VotingMethod.DOTS:
            raise InvalidInputError(field="paper_votes", reason="paper_ballot_dots")
        params = poll_params(method, row.params, len(row.options))
        entries = ballot_entries(method, params, [o.id for o in row.options], choices)
        now = _now()
        ballot = s.Ballot(poll_id=poll_id, participant_id=None, revision=1, cast_at=now, updated_at=now,
                          entries=[s.BallotEntryRow(option_id=e.option_id, criterion=e.criterion, value=e.value)
                                   for e in entries])
        session.add(ballot)
        session.flush()
        return PaperBallotAdded(ballot=q.ballot_record(ballot), count=_paper_ballots(session, poll_id))


def remove_paper_ballot(store: Store, forum_id: int, poll_id: int, ballot_id: int) -> PaperBallotRemoved:
    """Take back a paper slip typed in by mistake (or twice). Phones' ballots are not the
    console's to remove."""
    with store.write() as session:
        _poll(session, forum_id, poll_id, lock=True)
        row = session.get(s.Ballot, ballot_id)
        if row is None or row.poll_id != poll_id or row.participant_id is not None:
            raise NotFoundError(what="ballot")
        session.delete(row)
        session.flush()
        return PaperBallotRemoved(ballot_id=ballot_id, count=_paper_ballots(session, poll_id))


def cast_ballot(store: Store, forum_id: int, poll_id: int, participant_id: int, choices: Any) -> BallotCast:
    """One ballot per participant per poll; casting again while open replaces it."""
    for attempt in range(3):
        try:
            return _cast(store, forum_id, poll_id, participant_id, choices)
        except IntegrityError:  # a concurrent first ballot from the same participant won the insert
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _cast(store: Store, forum_id: int, poll_id: int, participant_id: int, choices: Any) -> BallotCast:
    # Plain statements rather than ORM objects: a room votes at once, and this is the
    # write every phone makes in the same few seconds.
    ballots, entries_table = s.Ballot.__table__, s.BallotEntryRow.__table__
    with store.write() as session:
        if session.scalar(select(s.Participant.forum_id).where(s.Participant.id == participant_id)) != forum_id:
            raise AccessDeniedError()
        poll = session.execute(select(s.Poll.forum_id, s.Poll.status, s.Poll.method, s.Poll.params)
                               .where(s.Poll.id == poll_id)).one_or_none()
        if poll is None or poll.forum_id != forum_id:
            raise NotFoundError(what="poll")
        if poll.status != PollStatus.OPEN.value:
            raise PollNotOpenError()
        option_ids = session.scalars(select(s.PollOption.id).where(s.PollOption.poll_id == poll_id)).all()
        method = VotingMethod(poll.method)
        params = poll_params(method, poll.params, len(option_ids))
        entries = ballot_entries(method, params, option_ids, choices)
        now = _now()
        existing = session.execute(select(ballots.c.id, ballots.c.revision, ballots.c.cast_at)
                                   .where(ballots.c.poll_id == poll_id, ballots.c.participant_id == participant_id)
                                   .with_for_update()).one_or_none()
        if existing is None:
            outcome, revision, cast_at = BallotOutcome.RECORDED, 1, now
            ballot_id = session.execute(
                ballots.insert().values(poll_id=poll_id, participant_id=participant_id, revision=1,
                                        cast_at=now, updated_at=now).returning(ballots.c.id)).scalar_one()
        else:
            outcome, revision, cast_at = BallotOutcome.REPLACED, existing.revision + 1, existing.cast_at
            ballot_id = existing.id
            session.execute(entries_table.delete().where(entries_table.c.ballot_id == ballot_id))
            session.execute(ballots.update().where(ballots.c.id == ballot_id)
                            .values(revision=revision, updated_at=now))
        if entries:
            session.execute(entries_table.insert(), [
                {"ballot_id": ballot_id, "option_id": e.option_id, "criterion": e.criterion, "value": e.value}
                for e in entries])
        # The record from what was just written, not a second read of the entries back.
        record = BallotRecord(id=ballot_id, poll_id=poll_id, participant_id=participant_id, revision=revision,
                              entries=tuple(sorted(entries, key=lambda e: (e.option_id, e.criterion))),
                              cast_at=q.aware(cast_at), updated_at=q.aware(now))
        return BallotCast(ballot=record, outcome=outcome)


# Steps ------------------------------------------------------------------------


def _ordered_steps(session: Session, forum_id: int) -> list[tuple[int, int]]:
    """(step id, meeting number) in running order across the four meetings."""
    rows = session.execute(select(s.Step.id, s.Meeting.number).join(s.Meeting, s.Step.meeting_id == s.Meeting.id)
                           .where(s.Meeting.forum_id == forum_id).order_by(s.Meeting.number, s.Step.position))
    return [(sid, number) for sid, number in rows]


def _move(session: Session, forum: s.Forum, step_id: int, meeting_number: int) -> StepChanged:
    previous = forum.current_step_id
    forum.current_step_id = step_id
    if previous != step_id:
        forum.collecting_kind = None
        forum.step_started_at = _now()
    return StepChanged(previous_step_id=previous, current_step_id=step_id, meeting_number=meeting_number)


def go_to_step(store: Store, forum_id: int, step_id: int) -> StepChanged:
    """Make a step current. Idea collection closes; polls stay as they are."""
    with store.write() as session:
        forum = _forum(session, forum_id, lock=True)
        found = dict(_ordered_steps(session, forum_id))
        if step_id not in found:
            raise NotFoundError(what="step")
        return _move(session, forum, step_id, found[step_id])


def advance_step(store: Store, forum_id: int, delta: int = 1) -> StepChanged:
    """Move to the next (or previous, delta=-1) step, across meeting boundaries."""
    with store.write() as session:
        forum = _forum(session, forum_id, lock=True)
        steps = _ordered_steps(session, forum_id)
        index = next((i for i, (sid, _) in enumerate(steps) if sid == forum.current_step_id), 0)
        step_id, number = steps[min(max(index + delta, 0), len(steps) - 1)]
        return _move(session, forum, step_id, number)


def go_to_meeting(store: Store, forum_id: int, number: int) -> StepChanged:
    """Jump to the first step of a meeting."""
    with store.write() as session:
        forum = _forum(session, forum_id, lock=True)
        for step_id, meeting_number in _ordered_steps(session, forum_id):
            if meeting_number == number:
                return _move(session, forum, step_id, number)
    raise NotFoundError(what="meeting")


def start_step_clock(store: Store, forum_id: int) -> StepClockStarted:
    """Start the current step's clock again from now (moving to a step starts it too)."""
    with store.write() as session:
        forum = _forum(session, forum_id, lock=True)
        if forum.current_step_id is None:
            raise NotFoundError(what="step")
        forum.step_started_at = _now()
        return StepClockStarted(step_id=forum.current_step_id, started_at=forum.step_started_at)
