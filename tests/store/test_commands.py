from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from assistant.errors import (
    AccessDeniedError,
    CollectionClosedError,
    DeletionNotConfirmedError,
    ForumGoneError,
    IdeaLimitError,
    IdeaLockedError,
    InvalidBallotError,
    InvalidInputError,
    InvalidPollError,
    JoinCodeError,
    NotFoundError,
    PollHasBallotsError,
    PollNotOpenError,
    WrongPinError,
)
from assistant.forum.access import Role
from assistant.forum.inputs import IDEAS_PER_STEP
from assistant.forum.tallies import tally
from assistant.forum.vocabulary import IdeaKind, IdeaStatus, PollStatus, Sector
from assistant.forum.work_plan import FocusArea
from assistant.store import commands, queries, schema
from assistant.store.work_plan import save_work_plan

HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1)) \u202eevil\u202c \u200b 🎉 '; DROP TABLE ideas;-- שלום مرحبا"


def _join(store, created, **kw):
    values = {"join_code": created.forum.join_code, "sector": "residents", "language": "he"}
    values.update(kw)
    return commands.join(store, **values)


def test_create_forum_has_four_meetings_and_one_current_step(make_forum):
    _store, created = make_forum()
    forum = created.forum
    assert [m.number for m in forum.meetings] == [1, 2, 3, 4]
    assert forum.current_step.key == "m1-open"
    assert forum.current_meeting == 1
    assert len(forum.join_code) == 6


def test_tokens_map_to_roles_and_bad_tokens_fail_alike(make_forum):
    store, created = make_forum()
    assert commands.authenticate(store, created.facilitator_token).role is Role.FACILITATOR
    assert commands.authenticate(store, created.manager_token).role is Role.MANAGER
    joined = _join(store, created)
    who = commands.authenticate(store, joined.token)
    assert (who.role, who.participant_id) == (Role.PARTICIPANT, joined.participant.id)
    token = created.facilitator_token
    one_off = token[:-1] + ("B" if token.endswith("A") else "A")
    for bad in ["", None, "x" * 10, one_off, "' OR 1=1 --" * 3]:
        with pytest.raises(AccessDeniedError):
            commands.authenticate(store, bad)


def test_pin(make_forum):
    store, created = make_forum(pin="4321")
    assert created.forum.has_pin
    commands.check_pin(store, created.forum.id, "4321")
    with pytest.raises(WrongPinError):
        commands.check_pin(store, created.forum.id, "1234")


def test_join_code_is_forgiving_about_case_and_spaces(make_forum):
    store, created = make_forum()
    code = created.forum.join_code
    joined = _join(store, created, join_code=f" {code[:3].lower()} {code[3:]} ", display_name="  דנה  ")
    assert joined.participant.display_name == "דנה"
    with pytest.raises(JoinCodeError):
        _join(store, created, join_code="ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY")
    with pytest.raises(InvalidInputError):
        _join(store, created, sector="aliens")
    with pytest.raises(InvalidInputError) as unchosen:
        _join(store, created, sector=None)
    assert unchosen.value.params == {"field": "sector", "reason": "choice", "limit": 0}


def test_a_new_join_code_stops_the_old_one_and_keeps_everyone_who_joined(make_forum):
    store, created = make_forum(pin="4321")
    fid, old = created.forum.id, created.forum.join_code
    person = _join(store, created)
    _, other = make_forum(store)  # another forum on the server: the new code is free of it
    changed = commands.change_join_code(store, fid)
    assert (changed.forum_id, changed.old_code) == (fid, old)
    assert changed.new_code != old and changed.new_code != other.forum.join_code
    assert len(changed.new_code) == len(old) and changed.new_code.isalnum()
    with pytest.raises(JoinCodeError):
        _join(store, created)  # the old code, as the printed cards and the QR carry it
    joined = _join(store, created, join_code=changed.new_code.lower())
    assert joined.participant.forum_id == fid
    assert commands.authenticate(store, person.token).participant_id == person.participant.id  # phones keep going
    assert commands.authenticate(store, created.facilitator_token).forum_id == fid
    commands.check_pin(store, fid, "4321")
    with store.read() as session:
        forum = queries.get_forum(session, fid)
    assert forum.join_code == changed.new_code and forum.has_pin
    assert commands.change_join_code(store, fid).old_code == changed.new_code
    commands.delete_forum(store, other.forum.id, other.forum.join_code)
    with pytest.raises(ForumGoneError):
        commands.change_join_code(store, other.forum.id)


def test_ideas_need_an_open_collection_and_take_its_kind(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    person = _join(store, created).participant
    with pytest.raises(CollectionClosedError):
        commands.add_idea(store, fid, "רעיון", participant_id=person.id)
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    added = commands.add_idea(store, fid, HOSTILE, participant_id=person.id, client_key="k1")
    assert added.outcome is commands.IdeaOutcome.ADDED
    assert added.idea.kind is IdeaKind.CHALLENGE and added.idea.text == HOSTILE.replace("\u202e", "").replace("\u202c", "")
    again = commands.add_idea(store, fid, HOSTILE, participant_id=person.id, client_key="k1")
    assert again.outcome is commands.IdeaOutcome.ALREADY_ADDED and again.idea.id == added.idea.id
    with pytest.raises(CollectionClosedError):
        commands.add_idea(store, fid, "x", participant_id=person.id, kind=IdeaKind.VISION)
    with store.read() as session:
        assert [i.text for i in queries.ideas(session, fid)] == [added.idea.text]


def test_the_rooms_attendance_is_recorded_per_meeting_and_can_be_cleared(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    with store.read() as session:
        before, _ = queries.phone_view(session, fid)
    recorded = commands.record_attendance(store, fid, 2, 40, {"residents": 18, "ngo": 7})
    assert recorded.meeting == 2 and recorded.attendance.total == 40
    with store.read() as session:
        forum = queries.get_forum(session, fid)
        cached, _ = queries.phone_view(session, fid)
    assert forum.attendance(2).by_sector == {Sector.NGO: 7, Sector.RESIDENTS: 18}
    assert forum.attendance(1) is None and forum.attendance(5) is None
    assert cached.attendance(2) == forum.attendance(2) and before.attendance(2) is None  # not a stale cache
    with pytest.raises(InvalidInputError):
        commands.record_attendance(store, fid, 2, 20, {"residents": 18, "ngo": 7})
    with pytest.raises(NotFoundError):
        commands.record_attendance(store, fid, 5, 20)
    with store.read() as session:
        assert queries.get_forum(session, fid).attendance(2).total == 40  # the refused count changed nothing
    assert commands.record_attendance(store, fid, 2, None, {}).attendance is None
    with store.read() as session:
        assert queries.get_forum(session, fid).attendance(2) is None


def test_the_facilitators_notes_are_kept_per_meeting_with_their_step(make_forum):
    store, created = make_forum()
    _, other = make_forum(store=store)
    fid = created.forum.id
    step = {st.key: st.id for st in created.forum.steps}
    first = commands.add_note(store, fid, "  הוחלט לצרף את נציגות ההורים  ").note
    commands.go_to_step(store, fid, step["m2-collect"])
    second = commands.add_note(store, fid, HOSTILE).note
    assert (first.meeting_number, first.step_id, first.text) == (1, step["m1-open"], "הוחלט לצרף את נציגות ההורים")
    assert second.meeting_number == 2 and "\u202e" not in second.text
    for bad in ("  ", "א" * 2001):
        with pytest.raises(InvalidInputError):
            commands.add_note(store, fid, bad)
    with pytest.raises(NotFoundError):
        commands.delete_note(store, other.forum.id, first.id)  # not that forum's
    with store.read() as session:
        assert [n.id for n in queries.notes(session, fid)] == [first.id, second.id]
        assert [n.id for n in queries.notes(session, fid, meeting=2)] == [second.id]
    assert commands.delete_note(store, fid, first.id).note_id == first.id
    with pytest.raises(NotFoundError):
        commands.delete_note(store, fid, first.id)
    with store.read() as session:
        assert [n.id for n in queries.notes(session, fid)] == [second.id]
    commands.delete_forum(store, fid, created.forum.join_code)
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(schema.Note)) == 0  # they go with the forum


def test_the_facilitator_adds_the_rooms_ideas_at_the_current_step_all_or_none(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    step = {st.key: st.id for st in created.forum.steps}
    commands.go_to_step(store, fid, step["m2-collect"])  # no collection open: the facilitator may add
    added = commands.add_room_ideas(store, fid, "1. מחסור במורים\n\n2. " + HOSTILE, "challenge")
    assert added.kind is IdeaKind.CHALLENGE and len(added.ideas) == 2
    assert all(i.participant_id is None and i.meeting_number == 2 and i.kind is IdeaKind.CHALLENGE
               for i in added.ideas)
    with pytest.raises(InvalidInputError):
        commands.add_room_ideas(store, fid, "טוב\n" + "א" * 501, IdeaKind.CHALLENGE)
    with pytest.raises(ValueError):
        commands.add_room_ideas(store, fid, "טוב", "wish")
    with store.read() as session:
        stored = queries.ideas(session, fid, meeting=2)
    assert [i.text for i in stored] == ["מחסור במורים", HOSTILE.replace("\u202e", "").replace("\u202c", "")]
    assert {i.step_id for i in stored} == {step["m2-collect"]}  # nothing of the refused batches
    commands.delete_forum(store, fid, created.forum.join_code)
    with pytest.raises(ForumGoneError):
        commands.add_room_ideas(store, fid, "עוד", IdeaKind.IDEA)


@pytest.mark.parametrize("text, reason", [("   ", "empty"), ("א" * 501, "too_long"), ("\x00\u202e\x07", "empty")])
def test_bad_idea_text_is_rejected_with_a_reason(make_forum, text, reason):
    store, created = make_forum()
    commands.open_collection(store, created.forum.id, IdeaKind.IDEA)
    person = _join(store, created).participant
    with pytest.raises(InvalidInputError) as caught:
        commands.add_idea(store, created.forum.id, text, participant_id=person.id)
    assert caught.value.params["reason"] == reason
    assert caught.value.message("en") != caught.value.key


def test_hide_restore_and_merge(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    a, b, c = (commands.add_idea(store, fid, t, kind="challenge").idea for t in ("תחבורה", "תחבורה ציבורית", "x"))
    commands.hide_idea(store, fid, c.id)
    merged = commands.merge_ideas(store, fid, a.id, [b.id, a.id])
    assert merged.merged_ids == (b.id,)
    with store.read() as session:
        visible = queries.ideas(session, fid)
        every = {i.id: i for i in queries.ideas(session, fid, statuses=tuple(IdeaStatus))}
    assert [i.id for i in visible] == [a.id]
    assert every[b.id].status is IdeaStatus.MERGED and every[b.id].merged_into_id == a.id
    assert every[c.id].status is IdeaStatus.HIDDEN
    assert commands.restore_idea(store, fid, b.id).status is IdeaStatus.VISIBLE


def test_commands_never_reach_into_another_forum(make_forum):
    store, first = make_forum()
    _, second = make_forum(store=store)
    idea = commands.add_idea(store, first.forum.id, "רעיון", kind="idea").idea
    with pytest.raises(NotFoundError):
        commands.hide_idea(store, second.forum.id, idea.id)
    other = _join(store, second).participant
    poll = commands.create_poll(store, first.forum.id, title="p", method="dots",
                                labels=["א", "ב"], open_now=True)
    with pytest.raises(AccessDeniedError):
        commands.cast_ballot(store, first.forum.id, poll.id, other.id, {poll.options[0].id: 1})
    commands.open_collection(store, first.forum.id, "idea")
    for stranger in (other.id, 999_999):  # another forum's participant, and nobody's
        with pytest.raises(AccessDeniedError):
            commands.add_idea(store, first.forum.id, "רעיון", participant_id=stranger, client_key="k")
        with pytest.raises(AccessDeniedError):
            commands.revise_own_idea(store, first.forum.id, stranger, idea.id, "אחר")
    with pytest.raises(NotFoundError):
        commands.cast_ballot(store, second.forum.id, poll.id, other.id, {poll.options[0].id: 1})


def test_dot_ballot_is_recorded_then_replaced_and_closed_polls_refuse(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    ideas = [commands.add_idea(store, fid, f"אתגר {n}", kind="challenge").idea for n in range(4)]
    poll = commands.create_poll(store, fid, title="סדרי עדיפויות", method="dots",
                                idea_ids=[i.id for i in ideas], params={"budget": 5, "cap": 3})
    assert poll.status is PollStatus.DRAFT and [o.label for o in poll.options] == [i.text for i in ideas]
    person = _join(store, created).participant
    with pytest.raises(PollNotOpenError):
        commands.cast_ballot(store, fid, poll.id, person.id, {poll.options[0].id: 1})
    commands.open_poll(store, fid, poll.id)
    first = commands.cast_ballot(store, fid, poll.id, person.id, {poll.options[0].id: 3, poll.options[1].id: 2})
    assert first.outcome is commands.BallotOutcome.RECORDED
    second = commands.cast_ballot(store, fid, poll.id, person.id, {str(poll.options[2].id): "1"})
    assert second.outcome is commands.BallotOutcome.REPLACED and second.ballot.revision == 2
    assert [(e.option_id, e.value) for e in second.ballot.entries] == [(poll.options[2].id, 1)]
    with pytest.raises(InvalidBallotError) as caught:
        commands.cast_ballot(store, fid, poll.id, person.id, {poll.options[0].id: 3, poll.options[1].id: 3})
    assert caught.value.params["reason"] == "over_budget"
    with store.read() as session:
        assert len(queries.ballots(session, fid, poll.id)) == 1
        assert queries.ballot_of(session, poll.id, person.id).revision == 2
    commands.close_poll(store, fid, poll.id)
    with pytest.raises(PollNotOpenError):
        commands.cast_ballot(store, fid, poll.id, person.id, {poll.options[0].id: 1})


def test_a_vote_set_up_by_mistake_is_deleted_its_ballots_only_when_said_so(make_forum):
    store, created = make_forum()
    _, other = make_forum(store=store)
    fid = created.forum.id
    wrong = commands.create_poll(store, fid, title="בטעות", method="dots", labels=["א", "ב"], open_now=True)
    kept = commands.create_poll(store, fid, title="נשארת", method="dots", labels=["ג", "ד"], open_now=True)
    people = [_join(store, created).participant for _ in range(2)]
    for person in people:
        commands.cast_ballot(store, fid, wrong.id, person.id, {wrong.options[0].id: 1})
    commands.cast_ballot(store, fid, kept.id, people[0].id, {kept.options[1].id: 2})
    with pytest.raises(PollHasBallotsError) as caught:
        commands.delete_poll(store, fid, wrong.id)
    assert caught.value.params == {"count": 2} and caught.value.message("he").startswith("ההצבעה כבר קיבלה 2 פתקים.")
    with pytest.raises(NotFoundError):
        commands.delete_poll(store, other.forum.id, wrong.id, with_ballots=True)  # not that forum's
    with store.read() as session:
        assert queries.ballot_counts(session, fid) == {wrong.id: 2, kept.id: 1}
    deleted = commands.delete_poll(store, fid, wrong.id, with_ballots=True)
    assert (deleted.poll_id, deleted.title, deleted.ballots) == (wrong.id, "בטעות", 2)
    with store.read() as session:
        assert [p.id for p in queries.polls(session, fid)] == [kept.id]
        assert queries.ballot_counts(session, fid) == {kept.id: 1}
        assert session.scalar(select(func.count()).select_from(schema.PollOption)
                              .where(schema.PollOption.poll_id == wrong.id)) == 0
        assert session.scalar(select(func.count()).select_from(schema.BallotEntryRow)) == 1
        assert queries.phone_view(session, fid)[1].id == kept.id
    draft = commands.create_poll(store, fid, title="טיוטה", method="dots", labels=["ה", "ו"])
    assert commands.delete_poll(store, fid, draft.id).ballots == 0  # nothing cast: nothing to say
    with pytest.raises(NotFoundError):
        commands.delete_poll(store, fid, draft.id)


def test_dots_voted_on_paper_are_counted_into_the_polls_results_and_can_be_cleared(make_forum):
    store, created = make_forum()
    _, other = make_forum(store=store)
    fid = created.forum.id
    poll = commands.create_poll(store, fid, title="עדיפויות", method="dots", labels=["א", "ב", "ג"],
                                params={"budget": 3, "cap": 2}, open_now=True)
    a, b, c = (o.id for o in poll.options)
    person = _join(store, created).participant
    commands.cast_ballot(store, fid, poll.id, person.id, {a: 2, b: 1})
    recorded = commands.record_paper_votes(store, fid, poll.id, 4, {a: None, b: 5, c: 3})
    assert recorded.paper.voters == 4 and dict(recorded.paper.dots) == {b: 5, c: 3}
    assert recorded.poll.paper == recorded.paper
    with store.read() as session:
        stored = next(p for p in queries.polls(session, fid) if p.id == poll.id)
        result = tally(stored, queries.ballots(session, fid, poll.id), queries.participants(session, fid))
    assert stored.paper == recorded.paper
    assert list(result.table["label"]) == ["ב", "ג", "א"] and result.voters == 5 and result.paper_dots == 8
    with pytest.raises(InvalidInputError) as caught:
        commands.record_paper_votes(store, fid, poll.id, 4, {b: 9})  # 4 people, at most 2 each on one
    assert caught.value.params["reason"] == "paper_over_cap"
    with pytest.raises(NotFoundError):
        commands.record_paper_votes(store, other.forum.id, poll.id, 1, {a: 1})  # not that forum's
    ranked = commands.create_poll(store, fid, title="דירוג", method="ranking", labels=["א", "ב"])
    with pytest.raises(InvalidInputError) as caught:
        commands.record_paper_votes(store, fid, ranked.id, 1, {ranked.options[0].id: 1})
    assert caught.value.params["reason"] == "paper_not_dots"
    with store.read() as session:
        assert queries.polls(session, fid)[0].paper == recorded.paper  # the refused counts changed nothing
    commands.close_poll(store, fid, poll.id)
    assert commands.record_paper_votes(store, fid, poll.id, 1, {a: 2}).paper.total == 2  # closed: still counted
    assert commands.record_paper_votes(store, fid, poll.id, None, {a: None}).paper is None
    with store.read() as session:
        assert queries.polls(session, fid)[0].paper is None
        assert session.scalar(select(func.count()).select_from(schema.PollOption)
                              .where(schema.PollOption.paper_dots.is_not(None))) == 0


def test_ranking_and_rating_slips_from_paper_count_in_the_results_and_can_be_taken_back(make_forum):
    store, created = make_forum()
    _, other = make_forum(store=store)
    fid = created.forum.id
    poll = commands.create_poll(store, fid, title="דירוג", method="ranking", labels=["א", "ב", "ג"],
                                params={"top_n": 2}, open_now=True)
    a, b, c = (o.id for o in poll.options)
    person = _join(store, created, sector="ngo").participant
    commands.cast_ballot(store, fid, poll.id, person.id, [a, b])
    first = commands.add_paper_ballot(store, fid, poll.id, [c, b])
    second = commands.add_paper_ballot(store, fid, poll.id, [c])
    assert first.count == 1 and second.count == 2
    assert first.ballot.on_paper and [(e.option_id, e.value) for e in first.ballot.entries] == [(b, 2), (c, 1)]
    commands.close_poll(store, fid, poll.id)
    late = commands.add_paper_ballot(store, fid, poll.id, [b, a])  # slips are typed in after the vote too
    with store.read() as session:
        result = tally(queries.get_poll(session, fid, poll.id), queries.ballots(session, fid, poll.id),
                       queries.participants(session, fid))
        assert queries.turnout(session, fid, poll_id=poll.id)["voted"] == 1  # phones
        assert queries.ballot_counts(session, fid) == {poll.id: 4}
        assert queries.ballot_counts(session, fid, paper_only=True) == {poll.id: 3}
        key = queries.paper_ballots_key(session, poll.id)
    assert list(result.table["label"]) == ["ב", "ג", "א"]  # 4 points from three voters, 4 from two, 3
    assert result.voters == 4 and result.paper_voters == 3 and result.voters_by_sector == {"ngo": 1}

    with pytest.raises(InvalidBallotError) as caught:
        commands.add_paper_ballot(store, fid, poll.id, [a, a])
    assert caught.value.params["reason"] == "repeated"
    with pytest.raises(InvalidBallotError):
        commands.add_paper_ballot(store, fid, poll.id, [])
    with pytest.raises(NotFoundError):
        commands.add_paper_ballot(store, other.forum.id, poll.id, [a])  # not that forum's
    with store.read() as session:
        mine = queries.ballot_of(session, poll.id, person.id)
        assert queries.paper_ballots_key(session, poll.id) == key  # the refused slips changed nothing
    with pytest.raises(NotFoundError):
        commands.remove_paper_ballot(store, fid, poll.id, mine.id)  # a phone's ballot is not the console's
    with pytest.raises(NotFoundError):
        commands.remove_paper_ballot(store, other.forum.id, poll.id, late.ballot.id)
    removed = commands.remove_paper_ballot(store, fid, poll.id, late.ballot.id)
    assert removed.count == 2
    with pytest.raises(NotFoundError):
        commands.remove_paper_ballot(store, fid, poll.id, late.ballot.id)  # already gone
    with store.read() as session:
        assert queries.paper_ballots_key(session, poll.id) != key
        assert queries.ballot_of(session, poll.id, person.id) == mine

    rating = commands.create_poll(store, fid, title="דירוג משימות", method="rating", labels=["מרכז", "הסעות"])
    x, y = (o.id for o in rating.options)
    slip = commands.add_paper_ballot(store, fid, rating.id, {x: {"impact": 5, "feasibility": 2}})
    assert slip.count == 1 and {e.criterion for e in slip.ballot.entries} == {"impact", "feasibility"}
    with pytest.raises(InvalidBallotError) as caught:
        commands.add_paper_ballot(store, fid, rating.id, {y: {"impact": 3}})  # half rated
    assert caught.value.message("he") == "יש לדרג כל קריטריון (השפעה, ישימות) לכל אפשרות שמדרגים."
    assert caught.value.message("ar") == "قيّم كل معيار (الأثر، قابلية التنفيذ) لكل خيار تقيّمه."
    dots = commands.create_poll(store, fid, title="נקודות", method="dots", labels=["א", "ב"])
    with pytest.raises(InvalidInputError) as caught:
        commands.add_paper_ballot(store, fid, dots.id, {dots.options[0].id: 1})
    assert caught.value.params["reason"] == "paper_ballot_dots"
    with pytest.raises(PollHasBallotsError):
        commands.delete_poll(store, fid, rating.id)  # a slip is a ballot the vote would lose
    assert commands.delete_poll(store, fid, rating.id, with_ballots=True).ballots == 1


def test_polls_refuse_hidden_options_and_too_few_options(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    a = commands.add_idea(store, fid, "a", kind="idea").idea
    b = commands.add_idea(store, fid, "b", kind="idea").idea
    commands.hide_idea(store, fid, b.id)
    with pytest.raises(InvalidPollError):
        commands.create_poll(store, fid, title="t", method="dots", idea_ids=[a.id, b.id])
    with pytest.raises(InvalidPollError):
        commands.create_poll(store, fid, title="t", method="dots", idea_ids=[a.id])


def test_the_steps_vote_is_built_over_this_meetings_visible_ideas_of_its_kind_and_opened(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    earlier = commands.add_idea(store, fid, "מהמפגש הראשון", kind="challenge").idea
    for _ in range(3):
        commands.advance_step(store, fid)  # on to meeting 2
    wanted = [commands.add_idea(store, fid, text, kind="challenge").idea.id for text in ("א", "ב", "ג")]
    hidden = commands.add_idea(store, fid, "מוסתר", kind="challenge").idea
    commands.hide_idea(store, fid, hidden.id)
    commands.add_idea(store, fid, "חוזקה", kind="strength")
    spec = {"method": "ranking", "kind": "challenge", "top_n": 5}
    poll = commands.open_step_poll(store, fid, title="דירוג האתגרים", spec=spec)
    assert [o.idea_id for o in poll.options] == wanted and earlier.id not in [o.idea_id for o in poll.options]
    assert poll.status is PollStatus.OPEN and poll.meeting_number == 2
    assert poll.params.top_n == 3  # the step's 5, no more than the three ideas


def test_a_steps_vote_over_fewer_than_two_ideas_is_refused_and_nothing_is_written(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    commands.add_idea(store, fid, "רק אחד", kind="challenge")
    with pytest.raises(InvalidPollError) as refused:
        commands.open_step_poll(store, fid, title="t", spec={"method": "dots", "kind": "challenge", "budget": 3})
    assert refused.value.params["reason"] == "options<2"
    with store.read() as session:
        assert queries.polls(session, fid) == []


def test_steps_advance_across_meetings_and_close_collection(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    commands.open_collection(store, fid, "challenge")
    for _ in range(3):
        changed = commands.advance_step(store, fid)
    assert changed.meeting_number == 2
    with store.read() as session:
        forum = queries.get_forum(session, fid)
    assert forum.current_step.key == "m2-open" and forum.collecting_kind is None
    assert commands.advance_step(store, fid, -1).meeting_number == 1
    assert commands.go_to_meeting(store, fid, 4).meeting_number == 4
    for _ in range(5):
        last = commands.advance_step(store, fid)
    with store.read() as session:
        assert queries.get_forum(session, fid).current_step.key == "m4-vote" == \
            next(s for s in queries.get_forum(session, fid).steps if s.id == last.current_step_id).key


def test_the_step_clock_starts_on_a_move_or_on_request_and_not_on_creation(make_forum):
    store, created = make_forum()
    fid = created.forum.id

    def started_at():
        with store.read() as session:
            return queries.get_forum(session, fid).step_started_at

    assert created.forum.step_started_at is None and started_at() is None  # created the week before
    before = datetime.now(UTC)
    moved = commands.advance_step(store, fid)
    assert before <= started_at() <= datetime.now(UTC)
    first = started_at()
    commands.go_to_step(store, fid, moved.current_step_id)  # already there: the clock runs on
    assert started_at() == first
    restarted = commands.start_step_clock(store, fid)
    assert restarted.step_id == moved.current_step_id and started_at() == restarted.started_at >= first
    commands.advance_step(store, fid, -1)
    assert started_at() >= restarted.started_at


def test_meetings_are_scheduled_in_order_and_a_wrong_order_is_refused(make_forum):
    store, created = make_forum(meeting_dates={1: date(2026, 12, 3)})
    fid = created.forum.id

    def dates():
        with store.read() as session:
            return {m.number: m.scheduled_on for m in queries.get_forum(session, fid).meetings}

    assert dates() == {1: date(2026, 12, 3), 2: None, 3: None, 4: None}
    done = commands.schedule_meetings(store, fid, {2: date(2026, 12, 17), 4: date(2027, 1, 14)})
    assert done.dates == dates() == {1: date(2026, 12, 3), 2: date(2026, 12, 17), 3: None, 4: date(2027, 1, 14)}
    with pytest.raises(InvalidInputError) as caught:
        commands.schedule_meetings(store, fid, {3: date(2026, 12, 10)})  # between 1 and 2: before meeting 2
    assert caught.value.message("he") == \
        "מועדי המפגשים: מפגש 3 לא יכול להתקיים לפני מפגש 2. התאריכים נשארו בטופס; נא לתקן אותם."
    assert dates()[3] is None  # nothing written
    commands.schedule_meetings(store, fid, {2: None})
    assert dates()[2] is None
    with pytest.raises(NotFoundError):
        commands.schedule_meetings(store, fid, {5: date(2027, 2, 1)})
    with pytest.raises(InvalidInputError):
        make_forum(meeting_dates={1: date(2026, 12, 3), 2: date(2026, 11, 3)})


def test_turnout_counts_joined_active_and_voted(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    people = [_join(store, created).participant for _ in range(3)]
    poll = commands.create_poll(store, fid, title="t", method="ranking", labels=["a", "b", "c"], open_now=True)
    commands.cast_ballot(store, fid, poll.id, people[0].id, [poll.options[1].id, poll.options[0].id])
    with store.read() as session:
        assert queries.turnout(session, fid, poll_id=poll.id) == {"joined": 3, "active": 3, "voted": 1}


def test_mark_seen_writes_at_most_once_per_interval(make_forum):
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from assistant.store import schema

    store, created = make_forum()
    fid = created.forum.id
    person = _join(store, created).participant
    assert commands.mark_seen(store, fid, person.id) is False  # just joined
    with store.write() as session:
        session.execute(update(schema.Participant).values(last_seen_at=datetime.now(UTC) - timedelta(minutes=10)))
    assert commands.mark_seen(store, fid, person.id) is True
    assert commands.mark_seen(store, fid, person.id) is False
    other = make_forum(store=store)[1]
    assert commands.mark_seen(store, other.forum.id, person.id) is False  # not this forum's participant
    with store.read() as session:
        assert queries.turnout(session, fid)["active"] == 1


def test_profile_and_pin_changes(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    person = _join(store, created).participant
    changed = commands.update_profile(store, fid, person.id, display_name=" <i>נור</i> ", sector="business",
                                      language="ar")
    assert (changed.display_name, changed.sector.value, changed.language) == ("<i>נור</i>", "business", "ar")
    with pytest.raises(AccessDeniedError):
        commands.update_profile(store, make_forum(store=store)[1].forum.id, person.id, display_name=None,
                                sector="ngo", language="he")
    commands.set_pin(store, fid, "9999")
    commands.check_pin(store, fid, "9999")
    with pytest.raises(WrongPinError):
        commands.check_pin(store, fid, "0000")
    commands.set_pin(store, fid, None)
    commands.check_pin(store, fid, "")


def test_an_author_rewords_or_withdraws_an_idea_while_it_is_collected(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    author, other = _join(store, created).participant, _join(store, created).participant
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    idea = commands.add_idea(store, fid, "תחבורה", participant_id=author.id).idea
    kept = commands.add_idea(store, fid, "מעונות יום", participant_id=author.id).idea

    revised = commands.revise_own_idea(store, fid, author.id, idea.id, "  תחבורה ציבורית לבית הספר ")
    assert revised.outcome is commands.RevisionOutcome.REVISED
    assert revised.idea.text == "תחבורה ציבורית לבית הספר" and revised.idea.updated_at > idea.updated_at
    same = commands.revise_own_idea(store, fid, author.id, idea.id, "תחבורה ציבורית לבית הספר")
    assert same.outcome is commands.RevisionOutcome.UNCHANGED
    with pytest.raises(InvalidInputError):
        commands.revise_own_idea(store, fid, author.id, idea.id, "   ")
    with pytest.raises(NotFoundError):  # someone else's idea is not theirs to know of
        commands.revise_own_idea(store, fid, other.id, idea.id, "שלי")
    with pytest.raises(NotFoundError):
        commands.withdraw_own_idea(store, fid, other.id, idea.id)

    withdrawn = commands.withdraw_own_idea(store, fid, author.id, idea.id)
    assert withdrawn.idea.status is IdeaStatus.WITHDRAWN
    with store.read() as session:
        assert [i.id for i in queries.ideas(session, fid)] == [kept.id]
        assert queries.get_idea(session, fid, idea.id).text == "תחבורה ציבורית לבית הספר"  # kept, not deleted
    with pytest.raises(IdeaLockedError) as caught:
        commands.revise_own_idea(store, fid, author.id, idea.id, "שוב")
    assert caught.value.params == {"reason": "withdrawn"}
    # The facilitator cannot bring back, reword, hide or merge what its author took back.
    for act in (lambda: commands.restore_idea(store, fid, idea.id), lambda: commands.hide_idea(store, fid, idea.id),
                lambda: commands.edit_idea(store, fid, idea.id, "x"),
                lambda: commands.merge_ideas(store, fid, kept.id, [idea.id])):
        with pytest.raises(IdeaLockedError):
            act()


def test_one_participant_sends_a_bounded_number_of_ideas_per_step(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    flooder, other = _join(store, created).participant, _join(store, created).participant
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    sent = [commands.add_idea(store, fid, f"רעיון {n}", participant_id=flooder.id).idea
            for n in range(IDEAS_PER_STEP)]
    with pytest.raises(IdeaLimitError) as caught:
        commands.add_idea(store, fid, "עוד אחד", participant_id=flooder.id)
    assert caught.value.message("he").startswith(f"שלחת כבר {IDEAS_PER_STEP} רעיונות בשלב הזה")
    commands.hide_idea(store, fid, sent[0].id)  # hidden ones still count
    with pytest.raises(IdeaLimitError):
        commands.add_idea(store, fid, "עוד אחד", participant_id=flooder.id)
    commands.withdraw_own_idea(store, fid, flooder.id, sent[1].id)  # one taken back by its author does not
    commands.add_idea(store, fid, "במקום זה", participant_id=flooder.id)
    assert commands.revise_own_idea(store, fid, flooder.id, sent[2].id, "ניסוח אחר").idea.text == "ניסוח אחר"
    commands.add_idea(store, fid, "של מישהו אחר", participant_id=other.id)
    commands.add_idea(store, fid, "מהחדר", kind=IdeaKind.CHALLENGE)  # the facilitator has no limit
    commands.advance_step(store, fid, 1)
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    commands.add_idea(store, fid, "בשלב הבא", participant_id=flooder.id)  # a new step, a new count


def test_the_facilitator_hides_all_a_participant_has_on_the_wall_at_a_meeting(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    flooder, other = _join(store, created).participant, _join(store, created).participant
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    first = [commands.add_idea(store, fid, f"ספאם {n}", participant_id=flooder.id).idea for n in range(4)]
    kept = commands.add_idea(store, fid, "רעיון רציני", participant_id=other.id).idea
    commands.merge_ideas(store, fid, kept.id, [first[0].id])
    commands.go_to_meeting(store, fid, 2)
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    later = commands.add_idea(store, fid, "במפגש 2", participant_id=flooder.id).idea

    hidden = commands.hide_ideas_of(store, fid, flooder.id, 1)
    assert (hidden.participant_ids, hidden.count) == ((flooder.id,), 3)
    with store.read() as session:
        status = {i.id: i.status for i in queries.ideas(session, fid, statuses=tuple(IdeaStatus))}
    assert [status[i.id] for i in first] == [IdeaStatus.MERGED] + [IdeaStatus.HIDDEN] * 3
    assert status[kept.id] is status[later.id] is IdeaStatus.VISIBLE  # others' and another meeting's stay
    assert commands.hide_ideas_of(store, fid, flooder.id, 1).count == 0
    commands.restore_idea(store, fid, first[1].id)  # each can come back
    with pytest.raises(NotFoundError):
        commands.hide_ideas_of(store, fid, 999, 1)
    with pytest.raises(NotFoundError):
        commands.hide_ideas_of(store, fid, flooder.id, 7)


@pytest.mark.parametrize("then, reason", [
    ("close", "closed"), ("next_step", "closed"), ("other_kind", "closed"),
    ("hide", "moderated"), ("merge", "moderated"), ("poll", "in_poll"),
])
def test_an_idea_is_the_authors_to_change_only_until_the_room_moves_on(make_forum, then, reason):
    store, created = make_forum()
    fid = created.forum.id
    author = _join(store, created).participant
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    idea = commands.add_idea(store, fid, "תחבורה", participant_id=author.id).idea
    other = commands.add_idea(store, fid, "מעונות יום", participant_id=author.id).idea
    {
        "close": lambda: commands.close_collection(store, fid),
        "next_step": lambda: commands.advance_step(store, fid),
        "other_kind": lambda: commands.open_collection(store, fid, IdeaKind.VISION),
        "hide": lambda: commands.hide_idea(store, fid, idea.id),
        "merge": lambda: commands.merge_ideas(store, fid, other.id, [idea.id]),
        "poll": lambda: commands.create_poll(store, fid, title="p", method="dots", idea_ids=[idea.id, other.id]),
    }[then]()
    for change in (lambda: commands.revise_own_idea(store, fid, author.id, idea.id, "אחר"),
                   lambda: commands.withdraw_own_idea(store, fid, author.id, idea.id)):
        with pytest.raises(IdeaLockedError) as caught:
            change()
        assert caught.value.params == {"reason": reason}
        assert caught.value.message("he") != caught.value.key
    with store.read() as session:
        assert queries.get_idea(session, fid, idea.id).text == "תחבורה"


def test_an_idea_reopened_for_the_same_step_and_kind_is_the_authors_again(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    author = _join(store, created).participant
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    idea = commands.add_idea(store, fid, "תחבורה", participant_id=author.id).idea
    commands.close_collection(store, fid)
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    assert commands.revise_own_idea(store, fid, author.id, idea.id, "תחבורה ציבורית").idea.text == "תחבורה ציבורית"


def test_names_are_erased_but_sectors_ideas_and_ballots_stay(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    named = _join(store, created, display_name="רונית כהן").participant
    _join(store, created, sector="ngo")
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    commands.add_idea(store, fid, "תחבורה", participant_id=named.id)
    assert commands.erase_names(store, fid).count == 1
    assert commands.erase_names(store, fid).count == 0
    with store.read() as session:
        people = queries.participants(session, fid)
        assert [(p.display_name, p.sector.value) for p in people] == [(None, "residents"), (None, "ngo")]
        assert [i.participant_id for i in queries.ideas(session, fid)] == [named.id]


def test_a_forum_is_deleted_whole_and_only_with_its_join_code(make_forum):
    store, created = make_forum()
    _, other = make_forum(store=store)
    fid = created.forum.id
    person = _join(store, created).participant
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    idea = commands.add_idea(store, fid, "תחבורה", participant_id=person.id).idea
    poll = commands.create_poll(store, fid, title="p", method="dots", idea_ids=[idea.id],
                                labels=["אחר"], open_now=True)
    commands.cast_ballot(store, fid, poll.id, person.id, {poll.options[0].id: 1})
    save_work_plan(store, fid, [FocusArea("מורים", operational=({"actions": "הכשרה"},))])
    for wrong in ("", None, "XXXXXX", other.forum.join_code):
        with pytest.raises(DeletionNotConfirmedError):
            commands.delete_forum(store, fid, wrong)
    with store.read() as session:
        assert queries.get_forum(session, fid).id == fid  # nothing was deleted

    typed = f" {created.forum.join_code.lower()[:3]}-{created.forum.join_code.lower()[3:]} "
    deleted = commands.delete_forum(store, fid, typed)
    assert (deleted.forum_id, deleted.title) == (fid, created.forum.title)
    with store.read() as session:
        with pytest.raises(ForumGoneError):
            queries.get_forum(session, fid)
        with pytest.raises(ForumGoneError):
            queries.phone_mode(session, fid)
        def rows(table) -> int:
            return session.scalar(select(func.count()).select_from(table))

        # What is left is the other forum's, whole.
        assert (rows(schema.Meeting), rows(schema.Step)) == (4, len(other.forum.steps))
        for table in (schema.Participant, schema.Idea, schema.Poll, schema.PollOption, schema.Ballot,
                      schema.BallotEntryRow, schema.WorkPlan, schema.WorkPlanFocusArea, schema.WorkPlanRow):
            assert rows(table) == 0, table
        assert queries.get_forum(session, other.forum.id).steps == other.forum.steps
    for token in (created.facilitator_token, created.manager_token):
        with pytest.raises(AccessDeniedError):
            commands.authenticate(store, token)
    with pytest.raises(ForumGoneError):
        commands.delete_forum(store, fid, created.forum.join_code)
