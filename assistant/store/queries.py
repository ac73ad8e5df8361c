"""Reads: ORM rows in, immutable records out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from assistant.errors import ForumGoneError, NotFoundError
from assistant.forum import access
from assistant.forum.attendance import attendance_from_json
from assistant.forum.ballots import poll_params
from assistant.forum.paper import paper_from_stored
from assistant.forum.records import (
    BallotEntry,
    BallotRecord,
    ForumRecord,
    IdeaRecord,
    MeetingRecord,
    NoteRecord,
    ParticipantRecord,
    PollOptionRecord,
    PollRecord,
    StepRecord,
)
from assistant.forum.vocabulary import IdeaKind, IdeaStatus, MobilityDomain, PollStatus, Sector, VotingMethod
from assistant.store import schema as s
from assistant.store.database import room_changed


def aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def step_record(row: s.Step, meeting_number: int) -> StepRecord:
    return StepRecord(id=row.id, meeting_number=meeting_number, position=row.position, key=row.key,
                      minutes=row.minutes, phone=dict(row.phone or {}))


def forum_record(row: s.Forum, meetings: tuple[MeetingRecord, ...] | None = None) -> ForumRecord:
    """From a Forum row (or a row of its columns, with `meetings` read separately)."""
    if meetings is None:
        meetings = tuple(
            MeetingRecord(id=m.id, number=m.number, scheduled_on=m.scheduled_on,
                          steps=tuple(step_record(st, m.number) for st in m.steps),
                          attendance=attendance_from_json(m.attendance_total, m.attendance_by_sector))
            for m in row.meetings
        )
    return ForumRecord(
        id=row.id, title=row.title, locality=row.locality, domain=MobilityDomain(row.domain),
        language=row.language, join_code=row.join_code, created_at=aware(row.created_at),
        current_step_id=row.current_step_id,
        collecting_kind=IdeaKind(row.collecting_kind) if row.collecting_kind else None,
        has_pin=row.pin_hash is not None, step_started_at=aware(row.step_started_at), meetings=meetings,
        max_participants=row.max_participants, shown_indicator_id=row.shown_indicator_id, kind=row.kind,
    )


def participant_record(row: s.Participant) -> ParticipantRecord:
    return ParticipantRecord(id=row.id, forum_id=row.forum_id, display_name=row.display_name,
                             sector=Sector(row.sector), language=row.language,
                             joined_at=aware(row.joined_at), last_seen_at=aware(row.last_seen_at),
                             device=row.device)


def idea_record(row: s.Idea | Row, meeting_number: int) -> IdeaRecord:
    return IdeaRecord(id=row.id, forum_id=row.forum_id, meeting_number=meeting_number, step_id=row.step_id,
                      participant_id=row.participant_id, kind=IdeaKind(row.kind), text=row.text,
                      status=IdeaStatus(row.status), merged_into_id=row.merged_into_id,
                      created_at=aware(row.created_at), updated_at=aware(row.updated_at))


def poll_record(row: s.Poll, meeting_number: int) -> PollRecord:
    options = tuple(PollOptionRecord(id=o.id, idea_id=o.idea_id, label=o.label, position=o.position)
                    for o in row.options)
    method = VotingMethod(row.method)
    return PollRecord(id=row.id, forum_id=row.forum_id, meeting_number=meeting_number, step_id=row.step_id,
                      title=row.title, method=method, params=poll_params(method, row.params, len(options)),
                      status=PollStatus(row.status), anonymous=row.anonymous, options=options,
                      created_at=aware(row.created_at), opened_at=aware(row.opened_at),
                      closed_at=aware(row.closed_at),
                      paper=paper_from_stored(row.paper_voters, {o.id: o.paper_dots for o in row.options}))


def ballot_record(row: s.Ballot) -> BallotRecord:
    entries = tuple(sorted((BallotEntry(option_id=e.option_id, value=e.value, criterion=e.criterion)
                            for e in row.entries), key=lambda e: (e.option_id, e.criterion)))
    return BallotRecord(id=row.id, poll_id=row.poll_id, participant_id=row.participant_id,
                        revision=row.revision, entries=entries, cast_at=aware(row.cast_at),
                        updated_at=aware(row.updated_at))


def _meeting_numbers(session: Session, forum_id: int) -> dict[int, int]:
    rows = session.execute(select(s.Meeting.id, s.Meeting.number).where(s.Meeting.forum_id == forum_id))
    return dict(rows.all())


_FORUM_COLUMNS = (s.Forum.id, s.Forum.title, s.Forum.locality, s.Forum.domain, s.Forum.language,
                  s.Forum.join_code, s.Forum.created_at, s.Forum.current_step_id, s.Forum.collecting_kind,
                  s.Forum.pin_hash, s.Forum.step_started_at, s.Forum.schedule_revision,
                  s.Forum.max_participants, s.Forum.shown_indicator_id, s.Forum.kind)


def forum_row(session: Session, forum_id: int, *, lock: bool = False) -> s.Forum:
    """The forum's row for a command to change (locked for the transaction when `lock`)."""
    query = select(s.Forum).where(s.Forum.id == forum_id)
    if lock:
        query = query.with_for_update()
        room_changed(session)
    row = session.scalar(query)
    if row is None:
        raise ForumGoneError()
    return row


def forum_kind(session: Session, forum_id: int) -> str:
    """"forum", or "team" for a professional team's own meetings (which playbook it runs)."""
    kind = session.scalar(select(s.Forum.kind).where(s.Forum.id == forum_id))
    if kind is None:
        raise ForumGoneError()
    return kind


def get_forum(session: Session, forum_id: int) -> ForumRecord:
    """Read as plain columns, not ORM objects: every phone loads its forum (with the
    steps of all four meetings) on every page run, and this is several times cheaper."""
    row = session.execute(select(*_FORUM_COLUMNS).where(s.Forum.id == forum_id)).one_or_none()
    if row is None:
        raise ForumGoneError()
    return forum_record(row, _meetings(session, forum_id))


# A forum's meetings and steps, and a poll's title, method, parameters and options, never
# change once created (only a forum's current step, step clock and collecting kind, its
# meetings' dates, which bump its schedule revision, and a poll's status and times, do).
# The phone view keeps them here, keyed by the database and the row's own id and creation
# time (a recreated database gets new ones), so that the page every phone reruns reads one
# row per run instead of six queries' worth.
_FIXED: dict[tuple, object] = {}
_FIXED_MAX = 512


def _fixed(key: tuple, build):
    found = _FIXED.get(key)
    if found is None:
        if len(_FIXED) >= _FIXED_MAX:
            _FIXED.clear()
        found = _FIXED[key] = build()
    return found


def _meetings(session: Session, forum_id: int) -> tuple[MeetingRecord, ...]:
    meetings = session.execute(select(s.Meeting.id, s.Meeting.number, s.Meeting.scheduled_on,
                                      s.Meeting.attendance_total, s.Meeting.attendance_by_sector)
                               .where(s.Meeting.forum_id == forum_id).order_by(s.Meeting.number)).all()
    steps: dict[int, list[StepRecord]] = {m.id: [] for m in meetings}
    numbers = {m.id: m.number for m in meetings}
    rows = session.execute(select(s.Step.id, s.Step.meeting_id, s.Step.position, s.Step.key, s.Step.minutes,
                                  s.Step.phone).join(s.Meeting, s.Step.meeting_id == s.Meeting.id)
                           .where(s.Meeting.forum_id == forum_id).order_by(s.Step.position))
    for st in rows:
        steps[st.meeting_id].append(step_record(st, numbers[st.meeting_id]))
    return tuple(MeetingRecord(id=m.id, number=m.number, scheduled_on=m.scheduled_on, steps=tuple(steps[m.id]),
                               attendance=attendance_from_json(m.attendance_total, m.attendance_by_sector))
                 for m in meetings)


_OPEN_POLL = aliased(s.Poll)  # so the subquery never correlates with an outer query on polls


def _open_poll_id(forum_id: int):
    """The most recently opened poll that is still open, as a scalar subquery: what phones show."""
    return (select(_OPEN_POLL.id).where(_OPEN_POLL.forum_id == forum_id,
                                        _OPEN_POLL.status == PollStatus.OPEN.value)
            .order_by(_OPEN_POLL.opened_at.desc(), _OPEN_POLL.id.desc()).limit(1).scalar_subquery())


def phone_view(session: Session, forum_id: int) -> tuple[ForumRecord, PollRecord | None]:
    """`get_forum` and `active_poll` in one: the row that changes (the forum, and the open
    poll's status and times) read in one query, the parts that never change from `_FIXED`.
    The poll is for voting: it carries no paper count (`last_closed_poll` has results)."""
    active = _open_poll_id(forum_id)
    row = session.execute(
        select(*_FORUM_COLUMNS, s.Poll.id.label("poll_id"), s.Poll.meeting_id.label("poll_meeting_id"),
               s.Poll.created_at.label("poll_created_at"), s.Poll.status.label("poll_status"),
               s.Poll.opened_at.label("poll_opened_at"), s.Poll.closed_at.label("poll_closed_at"))
        .select_from(s.Forum).outerjoin(s.Poll, s.Poll.id == active).where(s.Forum.id == forum_id)
    ).one_or_none()
    if row is None:
        raise ForumGoneError()
    database = str(session.get_bind().url)
    meetings = _fixed((database, "meetings", forum_id, row.join_code, row.created_at, row.schedule_revision),
                      lambda: _meetings(session, forum_id))
    forum = forum_record(row, meetings)
    if row.poll_id is None:
        return forum, None
    number = next(m.number for m in meetings if m.id == row.poll_meeting_id)
    fixed = _fixed((database, "poll", row.poll_id, row.poll_created_at),
                   lambda: poll_record(session.scalar(select(s.Poll).where(s.Poll.id == row.poll_id)
                                                      .options(selectinload(s.Poll.options))), number))
    return forum, replace(fixed, status=PollStatus(row.poll_status), opened_at=aware(row.poll_opened_at),
                          closed_at=aware(row.poll_closed_at), paper=None)


@dataclass(frozen=True)
class ForumListing:
    """A forum as the server's operator lists them (no secret)."""

    id: int
    title: str
    locality: str
    join_code: str
    created_at: datetime
    current_meeting: int | None
    participants: int
    kind: str = "forum"  # "team": a professional team's own meetings

    def as_dict(self) -> dict:
        return {"forum_id": self.id, "title": self.title, "locality": self.locality, "join_code": self.join_code,
                "created_at": self.created_at.isoformat(), "current_meeting": self.current_meeting,
                "participants": self.participants, "kind": self.kind}


def forum_listings(session: Session) -> list[ForumListing]:
    people = (select(s.Participant.forum_id, func.count().label("n")).group_by(s.Participant.forum_id)
              .subquery())
    rows = session.execute(
        select(s.Forum.id, s.Forum.title, s.Forum.locality, s.Forum.join_code, s.Forum.created_at,
               s.Meeting.number, people.c.n, s.Forum.kind)
        .outerjoin(s.Step, s.Step.id == s.Forum.current_step_id)
        .outerjoin(s.Meeting, s.Meeting.id == s.Step.meeting_id)
        .outerjoin(people, people.c.forum_id == s.Forum.id)
        .order_by(s.Forum.id))
    return [ForumListing(id=r[0], title=r[1], locality=r[2], join_code=r[3], created_at=aware(r[4]),
                         current_meeting=r[5], participants=r[6] or 0, kind=r[7]) for r in rows]


@dataclass(frozen=True)
class JoinTarget:
    """The forum a join code admits to, as the join screen names it."""

    id: int
    title: str
    locality: str
    join_code: str


def join_target(session: Session, code: str) -> JoinTarget | None:
    row = session.execute(select(s.Forum.id, s.Forum.title, s.Forum.locality, s.Forum.join_code)
                          .where(s.Forum.join_code == code)).first()
    return None if row is None else JoinTarget(id=row[0], title=row[1], locality=row[2], join_code=row[3])


def free_join_code(session: Session) -> str:
    """A join code no forum on the server has, nor ever had (see `join_code_free`)."""
    while True:
        code = access.new_join_code()
        if join_code_free(session, code):
            return code


def join_code_free(session: Session, code: str, *, reclaim_deleted: bool = False) -> bool:
    """Whether a forum may take `code`: no forum has it, and it was never retired (a code
    replaced because it leaked never comes back; a deleted forum's may, with
    `reclaim_deleted`, for the operator rolling a forum back to a backup)."""
    if join_target(session, code) is not None:
        return False
    reason = session.scalar(select(s.RetiredJoinCode.reason).where(s.RetiredJoinCode.code == code))
    return reason is None or (reclaim_deleted and reason == RETIRED_DELETED)


RETIRED_REPLACED, RETIRED_DELETED = "replaced", "deleted"


def participant_count(session: Session, forum_id: int) -> int:
    return session.scalar(select(func.count()).select_from(s.Participant).where(s.Participant.forum_id == forum_id))


def get_participant(session: Session, forum_id: int, participant_id: int) -> ParticipantRecord:
    row = session.get(s.Participant, participant_id)
    if row is None or row.forum_id != forum_id:
        raise NotFoundError(what="participant")
    return participant_record(row)


def participants(session: Session, forum_id: int) -> list[ParticipantRecord]:
    rows = session.scalars(select(s.Participant).where(s.Participant.forum_id == forum_id)
                           .order_by(s.Participant.id))
    return [participant_record(r) for r in rows]


def ideas(session: Session, forum_id: int, *, meeting: int | None = None, kind: IdeaKind | None = None,
          statuses: tuple[IdeaStatus, ...] = (IdeaStatus.VISIBLE,), participant_id: int | None = None,
          step_id: int | None = None) -> list[IdeaRecord]:
    # Each idea's meeting number comes in the same query (every phone's idea screen reads these),
    # as plain columns: an ORM entity costs a row processor at every query, rows or none.
    query = (select(*_IDEA_COLUMNS, s.Meeting.number).join(s.Meeting, s.Idea.meeting_id == s.Meeting.id)
             .where(s.Idea.forum_id == forum_id, s.Idea.status.in_([st.value for st in statuses])))
    if meeting is not None:
        query = query.where(s.Meeting.number == meeting)
    if kind is not None:
        query = query.where(s.Idea.kind == kind.value)
    if participant_id is not None:
        query = query.where(s.Idea.participant_id == participant_id)
    if step_id is not None:
        query = query.where(s.Idea.step_id == step_id)
    return [idea_record(row, row.number) for row in session.execute(query.order_by(s.Idea.id))]


_IDEA_COLUMNS = (s.Idea.id, s.Idea.forum_id, s.Idea.step_id, s.Idea.participant_id, s.Idea.kind, s.Idea.text,
                 s.Idea.status, s.Idea.merged_into_id, s.Idea.created_at, s.Idea.updated_at)


def ideas_in_polls(session: Session, forum_id: int, idea_ids: Sequence[int]) -> set[int]:
    """Those of `idea_ids` that are an option of some poll of the forum."""
    if not idea_ids:
        return set()
    query = (select(s.PollOption.idea_id).join(s.Poll, s.Poll.id == s.PollOption.poll_id)
             .where(s.Poll.forum_id == forum_id, s.PollOption.idea_id.in_(list(idea_ids))))
    return set(session.scalars(query))


def get_idea(session: Session, forum_id: int, idea_id: int) -> IdeaRecord:
    row = session.get(s.Idea, idea_id)
    if row is None or row.forum_id != forum_id:
        raise NotFoundError(what="idea")
    return idea_record(row, _meeting_numbers(session, forum_id)[row.meeting_id])


def polls(session: Session, forum_id: int, *, meeting: int | None = None,
          statuses: tuple[PollStatus, ...] | None = None) -> list[PollRecord]:
    numbers = _meeting_numbers(session, forum_id)
    query = select(s.Poll).where(s.Poll.forum_id == forum_id).options(selectinload(s.Poll.options))
    if statuses:
        query = query.where(s.Poll.status.in_([st.value for st in statuses]))
    records = [poll_record(r, numbers[r.meeting_id]) for r in session.scalars(query.order_by(s.Poll.id))]
    return [p for p in records if meeting is None or p.meeting_number == meeting]


def get_poll(session: Session, forum_id: int, poll_id: int) -> PollRecord:
    row = session.scalar(select(s.Poll).where(s.Poll.id == poll_id).options(selectinload(s.Poll.options)))
    if row is None or row.forum_id != forum_id:
        raise NotFoundError(what="poll")
    return poll_record(row, _meeting_numbers(session, forum_id)[row.meeting_id])


def active_poll(session: Session, forum_id: int) -> PollRecord | None:
    """The most recently opened poll that is still open: what phones show."""
    row = session.scalar(select(s.Poll).where(s.Poll.id == _open_poll_id(forum_id))
                         .options(selectinload(s.Poll.options)))
    if row is None:
        return None
    return poll_record(row, _meeting_numbers(session, forum_id)[row.meeting_id])


def last_closed_poll(session: Session, forum_id: int, meeting: int) -> PollRecord | None:
    """The poll of meeting `meeting` closed last, if any: what a waiting phone shows the results of."""
    row = session.scalar(select(s.Poll).join(s.Meeting, s.Meeting.id == s.Poll.meeting_id)
                         .where(s.Poll.forum_id == forum_id, s.Meeting.number == meeting,
                                s.Poll.status == PollStatus.CLOSED.value)
                         .order_by(s.Poll.closed_at.desc(), s.Poll.id.desc()).limit(1)
                         .options(selectinload(s.Poll.options)))
    return poll_record(row, meeting) if row is not None else None


def phone_mode(session: Session, forum_id: int) -> tuple[int | None, IdeaKind | None, int | None]:
    """What phones follow: (current step, kind being collected, open poll), in one light
    query; `active_poll` and `get_forum` give the same answer at a much higher price."""
    row = session.execute(select(s.Forum.current_step_id, s.Forum.collecting_kind, _open_poll_id(forum_id))
                          .where(s.Forum.id == forum_id)).one_or_none()
    if row is None:
        raise ForumGoneError()
    step_id, kind, poll_id = row
    return step_id, IdeaKind(kind) if kind else None, poll_id


def ballots(session: Session, forum_id: int, poll_id: int) -> list[BallotRecord]:
    get_poll(session, forum_id, poll_id)
    rows = session.scalars(select(s.Ballot).where(s.Ballot.poll_id == poll_id)
                           .options(selectinload(s.Ballot.entries)).order_by(s.Ballot.id))
    return [ballot_record(r) for r in rows]


def notes(session: Session, forum_id: int, *, meeting: int | None = None) -> list[NoteRecord]:
    """The facilitator's notes, oldest first."""
    numbers = _meeting_numbers(session, forum_id)
    query = select(s.Note).where(s.Note.forum_id == forum_id).order_by(s.Note.created_at, s.Note.id)
    if meeting is not None:
        query = query.where(s.Note.meeting_id.in_([mid for mid, n in numbers.items() if n == meeting]))
    return [note_record(row, numbers[row.meeting_id]) for row in session.scalars(query)]


def note_record(row: s.Note, meeting_number: int) -> NoteRecord:
    return NoteRecord(id=row.id, meeting_number=meeting_number, step_id=row.step_id, text=row.text,
                      created_at=aware(row.created_at))


def ballot_counts(session: Session, forum_id: int, *, paper_only: bool = False) -> dict[int, int]:
    """Ballots cast, by poll (polls without any are left out); or only the paper ballots
    typed in at the console."""
    query = (select(s.Ballot.poll_id, func.count()).join(s.Poll, s.Poll.id == s.Ballot.poll_id)
             .where(s.Poll.forum_id == forum_id).group_by(s.Ballot.poll_id))
    if paper_only:
        query = query.where(s.Ballot.participant_id.is_(None))
    return dict(session.execute(query).all())


def paper_ballots_key(session: Session, poll_id: int) -> tuple[tuple[int, int, str, int], ...]:
    """What the poll's paper ballots hold, as a value that changes whenever they do (a cache
    key for its results once it is closed, when only paper can change them)."""
    rows = session.execute(
        select(s.BallotEntryRow.ballot_id, s.BallotEntryRow.option_id, s.BallotEntryRow.criterion,
               s.BallotEntryRow.value)
        .join(s.Ballot, s.Ballot.id == s.BallotEntryRow.ballot_id)
        .where(s.Ballot.poll_id == poll_id, s.Ballot.participant_id.is_(None))
        .order_by(s.BallotEntryRow.ballot_id, s.BallotEntryRow.option_id, s.BallotEntryRow.criterion))
    return tuple((r.ballot_id, r.option_id, r.criterion, r.value) for r in rows)


def ballot_of(session: Session, poll_id: int, participant_id: int) -> BallotRecord | None:
    row = session.scalar(select(s.Ballot).where(s.Ballot.poll_id == poll_id,
                                                s.Ballot.participant_id == participant_id)
                         .options(selectinload(s.Ballot.entries)))
    return ballot_record(row) if row else None


def turnout(session: Session, forum_id: int, *, active_minutes: int = 5,
            poll_id: int | None = None, now: datetime | None = None) -> dict[str, int]:
    now = now or datetime.now(UTC)
    since = now - timedelta(minutes=active_minutes)
    joined = session.scalar(select(func.count()).where(s.Participant.forum_id == forum_id)) or 0
    active = session.scalar(select(func.count()).where(s.Participant.forum_id == forum_id,
                                                       s.Participant.last_seen_at >= since)) or 0
    voted = 0
    if poll_id is not None:
        voted = session.scalar(select(func.count()).where(s.Ballot.poll_id == poll_id,
                                                          s.Ballot.participant_id.is_not(None))) or 0
    return {"joined": joined, "active": active, "voted": voted}
