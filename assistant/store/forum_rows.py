"""A new forum's rows: the forum, its four meetings and their steps, as a plan gives them. Used
by `commands.create_forum` (a design forum) and `teams.open_team_meetings` (a professional
team's own meetings), each inside its own write transaction."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import TypeVar

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.forum import access
from assistant.forum.plan import MeetingPlan
from assistant.store import queries as q
from assistant.store import schema as s
from assistant.store.database import Store, room_changed

T = TypeVar("T")


JOIN_CODE_DRAWS = 20


def drawing_join_codes(store: Store, write: Callable[[Session], T]) -> T:
    """`write(session)` in a write transaction of its own, run again (a new join code drawn)
    when the code it drew was taken meanwhile by another forum (an IntegrityError)."""
    for _ in range(JOIN_CODE_DRAWS):
        try:
            with store.write() as session:
                return write(session)
        except IntegrityError:
            continue
    raise RuntimeError("could not allocate a unique join code")


def new_forum_row(session: Session, *, title: str, locality: str, domain: str, language: str,
                  plan: Sequence[MeetingPlan], token: str, pin: str | None = None,
                  meeting_dates: dict[int, date] | None = None, kind: str = "forum") -> s.Forum:
    """The forum (its facilitator link `token`, its manager's drawn from it), flushed, standing
    at its first step; a join code drawn free (an IntegrityError if another took it meanwhile)."""
    meeting_dates = meeting_dates or {}
    forum = s.Forum(title=title, locality=locality, domain=domain, language=language, kind=kind,
                    join_code=q.free_join_code(session), facilitator_digest=access.digest(token),
                    manager_digest=access.digest(access.manager_token_for(token)),
                    pin_hash=access.hash_pin(pin) if pin else None, device_salt=secrets.token_hex(16))
    for meeting_plan in sorted(plan, key=lambda m: m.number):
        meeting = s.Meeting(number=meeting_plan.number, scheduled_on=meeting_dates.get(meeting_plan.number))
        meeting.steps = [s.Step(position=i, key=sp.key, minutes=sp.minutes, phone=dict(sp.phone))
                         for i, sp in enumerate(meeting_plan.steps)]
        forum.meetings.append(meeting)
    session.add(forum)
    session.flush()
    forum.current_step_id = forum.meetings[0].steps[0].id
    session.flush()
    room_changed(session)  # its join code names it at once
    return forum


def retire_join_code(session: Session, code: str, reason: str) -> None:
    """`code` is never drawn again (see `queries.join_code_free`)."""
    row = session.get(s.RetiredJoinCode, code)
    if row is None:
        session.add(s.RetiredJoinCode(code=code, reason=reason, retired_at=datetime.now(UTC)))
    elif reason == q.RETIRED_REPLACED:  # leaked once: never reclaimed, whatever happened since
        row.reason = reason


def delete_forum_rows(session: Session, forum_id: int) -> None:
    """The forum and everything in it; its join code is retired."""
    forum = session.get(s.Forum, forum_id)
    if forum is None:
        return
    retire_join_code(session, forum.join_code, q.RETIRED_DELETED)
    room_changed(session)
    forum.current_step_id = None  # its steps go with it
    session.flush()
    session.execute(delete(s.Forum).where(s.Forum.id == forum_id))
