"""The reads every phone makes on every page run: cheap, and the same answers
as the full queries."""

from __future__ import annotations

import time
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from assistant.store import commands, queries
from assistant.store import schema as s


def _full_mode(store, forum_id):
    with store.read() as session:
        forum, poll = queries.get_forum(session, forum_id), queries.active_poll(session, forum_id)
    return forum.current_step_id, forum.collecting_kind, poll.id if poll else None


def _mode(store, forum_id):
    with store.read() as session:
        return queries.phone_mode(session, forum_id)


def test_phone_mode_follows_steps_collection_and_polls(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    seen = [_mode(store, fid)]
    assert seen[0] == _full_mode(store, fid) == (created.forum.steps[0].id, None, None)

    commands.go_to_step(store, fid, created.forum.steps[1].id)
    commands.open_collection(store, fid, "challenge")
    ideas = [commands.add_idea(store, fid, f"אתגר {n}").idea.id for n in range(3)]
    seen.append(_mode(store, fid))
    first = commands.create_poll(store, fid, title="א", method="dots", idea_ids=ideas[:2], open_now=True)
    seen.append(_mode(store, fid))
    second = commands.create_poll(store, fid, title="ב", method="dots", idea_ids=ideas[1:], open_now=True)
    seen.append(_mode(store, fid))
    commands.close_poll(store, fid, second.id)
    seen.append(_mode(store, fid))
    commands.close_poll(store, fid, first.id)
    seen.append(_mode(store, fid))

    assert [m[2] for m in seen] == [None, None, first.id, second.id, first.id, None]
    assert seen[-1] == _full_mode(store, fid)
    assert seen[1][1] == "challenge"


def test_get_forum_matches_the_orm_record_and_sees_its_own_transaction(make_forum):
    from datetime import date

    store, created = make_forum(meeting_dates={2: date(2026, 3, 1)})
    fid = created.forum.id
    with store.read() as session:
        row = session.scalar(select(s.Forum).where(s.Forum.id == fid)
                             .options(selectinload(s.Forum.meetings).selectinload(s.Meeting.steps)))
        forum = queries.get_forum(session, fid)
        assert forum == queries.forum_record(row)
    assert forum == created.forum
    assert [m.scheduled_on for m in forum.meetings] == [None, date(2026, 3, 1), None, None]
    # A command that changes the forum answers from the same transaction.
    assert commands.open_collection(store, fid, "idea").collecting_kind == "idea"


def _view(store, forum_id):
    with store.read() as session:
        return queries.phone_view(session, forum_id)


def _full(store, forum_id):
    with store.read() as session:
        return queries.get_forum(session, forum_id), queries.active_poll(session, forum_id)


def test_phone_view_is_get_forum_and_active_poll_in_every_state(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    assert _view(store, fid) == _full(store, fid) and _view(store, fid)[1] is None

    commands.go_to_step(store, fid, created.forum.steps[1].id)
    commands.open_collection(store, fid, "challenge")
    ideas = [commands.add_idea(store, fid, f"אתגר {n}").idea.id for n in range(3)]
    assert _view(store, fid) == _full(store, fid)
    first = commands.create_poll(store, fid, title="א", method="dots", idea_ids=ideas[:2], open_now=True)
    assert _view(store, fid) == _full(store, fid) and _view(store, fid)[1].id == first.id
    second = commands.create_poll(store, fid, title="ב", method="rating", idea_ids=ideas[1:], open_now=True)
    view = _view(store, fid)
    assert view == _full(store, fid) and view[1].id == second.id and len(view[1].options) == 2
    commands.close_poll(store, fid, second.id)
    commands.advance_step(store, fid)
    assert _view(store, fid) == _full(store, fid) and _view(store, fid)[1].id == first.id
    commands.close_poll(store, fid, first.id)
    assert _view(store, fid) == _full(store, fid) and _view(store, fid)[1] is None
    commands.start_step_clock(store, fid)
    commands.schedule_meetings(store, fid, {2: date(2026, 12, 10)})  # the kept meetings are read again
    assert _view(store, fid) == _full(store, fid) and _view(store, fid)[0].meetings[1].scheduled_on.day == 10



def test_the_room_s_mode_is_read_once_for_every_phone_and_a_change_is_seen_at_once(make_forum, monkeypatch):
    """Every waiting phone asks every few seconds: one read answers all the phones of this
    process within `SHARED_READ_SECONDS`; a command of this process is seen at once; a change
    written by another process (another Store on the database), once that window has passed."""
    from sqlalchemy import event

    from assistant.store import database, reads
    from assistant.store.database import Store

    store, created = make_forum()
    fid = created.forum.id
    asked = []
    event.listen(store.read_engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: asked.append(statement) if "SELECT" in statement.upper() else None)
    first, read_at = reads.phone_mode(store, fid)
    for _ in range(50):  # fifty phones within a second: one read, and when it began
        assert reads.phone_mode(store, fid) == (first, read_at)
    assert len(asked) == 1
    assert read_at <= time.monotonic()

    def mode():
        return reads.phone_mode(store, fid)[0]

    seen = []
    commands.go_to_step(store, fid, created.forum.steps[1].id)
    seen.append(mode())
    commands.open_collection(store, fid, "challenge")
    seen.append(mode())
    ideas = [commands.add_idea(store, fid, f"אתגר {n}").idea.id for n in range(3)]
    poll = commands.create_poll(store, fid, title="א", method="dots", idea_ids=ideas, open_now=True)
    seen.append(mode())
    commands.close_poll(store, fid, poll.id)
    seen.append(mode())
    commands.open_poll(store, fid, poll.id)
    seen.append(mode())
    step = created.forum.steps[1].id
    assert seen == [(step, None, None), (step, "challenge", None), (step, "challenge", poll.id),
                    (step, "challenge", None), (step, "challenge", poll.id)]
    assert seen[-1] == _full_mode(store, fid)

    monkeypatch.setattr(database, "SHARED_READ_SECONDS", 0.3)
    other = Store(store.url)  # another process's
    try:
        commands.close_poll(other, fid, poll.id)
        stale, stale_at = reads.phone_mode(store, fid)
        assert stale[2] == poll.id  # not yet; and read before the change (a phone's page read since knows better)
        time.sleep(0.35)
        assert mode() == (step, "challenge", None) == _full_mode(store, fid)
        assert reads.phone_mode(store, fid)[1] > stale_at
    finally:
        other.dispose()


def test_a_forum_s_kind_is_read_alone_and_a_deleted_forum_says_so(make_forum):
    import pytest

    from assistant.errors import ForumGoneError
    from assistant.store import reads

    store, created = make_forum()
    assert reads.forum_kind(store, created.forum.id) == "forum"
    with pytest.raises(ForumGoneError):
        reads.forum_kind(store, created.forum.id + 1000)


def test_the_forum_a_join_code_names_is_read_once_for_a_room_and_a_new_code_at_once(make_forum, monkeypatch):
    """A room scans one code at once: one read answers them; a code replaced by this process
    names nothing at once, and the new one names the forum; a forum deleted, likewise; codes
    typed at random only ever fill the shared reads up to their bound."""
    from sqlalchemy import event

    from assistant.store import database, reads

    store, created = make_forum()
    forum = created.forum
    asked = []
    event.listen(store.read_engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: asked.append(statement) if "SELECT" in statement.upper() else None)
    for _ in range(30):
        assert reads.join_target(store, forum.join_code).id == forum.id
    assert len(asked) == 1

    changed = commands.change_join_code(store, forum.id)
    assert reads.join_target(store, changed.old_code) is None
    assert reads.join_target(store, changed.new_code).title == forum.title

    monkeypatch.setattr(database, "SHARED_READS_MAX", 50)
    for n in range(500):
        assert reads.join_target(store, f"ZZ{n:04d}") is None
    assert len(store._shared) <= 50

    assert reads.join_target(store, changed.new_code) is not None
    commands.delete_forum(store, forum.id, changed.new_code)
    assert reads.join_target(store, changed.new_code) is None
