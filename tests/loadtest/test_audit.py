"""Reading back what was stored, and telling lost from duplicated."""

from __future__ import annotations

from assistant.loadtest import audit, room
from assistant.store import commands


def test_ideas_lost_duplicated_and_confirmed_but_missing_are_told_apart():
    expected = {"1": ["a", "b", "c"], "2": ["d", "e", "f"]}
    rows = [("1", "a"), ("1", "b"), ("1", "b"), ("2", "d"), ("2", "e"), ("2", "f")]
    counts = audit.reconcile_ideas(expected, rows, {"1": ["a", "c"], "2": ["d"]})
    assert counts == audit.IdeaCounts(expected=6, stored=6, lost=1, duplicated=1, acked_missing=1)
    clean = audit.reconcile_ideas(expected, [(w, t) for w, ts in expected.items() for t in ts], expected)
    assert clean == audit.IdeaCounts(expected=6, stored=6, lost=0, duplicated=0, acked_missing=0)


def test_the_same_text_from_two_participants_is_not_a_duplicate():
    counts = audit.reconcile_ideas({"1": ["x"], "2": ["x"]}, [("1", "x"), ("2", "x")], {})
    assert counts.duplicated == 0 and counts.lost == 0


def test_ballots_lost_changed_and_confirmed_but_missing():
    sent = {"1": {10: 1, 11: 1}, "2": {12: 1}, "3": {10: 1}}
    stored = {"1": {10: 1, 11: 1}, "2": {12: 1, 13: 1}}
    counts = audit.reconcile_ballots(4, sent, stored, acked=["1", "3"])
    assert counts == audit.BallotCounts(expected=4, stored=2, lost=2, mismatched=1, acked_missing=1)


def test_read_back_counts_rows_by_each_phone_token(make_store, playbook_plan):
    store = make_store()
    opened = room.open_room(store, playbook_plan)
    alice = commands.join(store, join_code=opened.join_code, sector="ngo", language="he")
    bob = commands.join(store, join_code=opened.join_code, sector="residents", language="ar")
    for text in ("א", "ב"):
        commands.add_idea(store, opened.forum_id, text, participant_id=alice.participant.id)
    commands.add_idea(store, opened.forum_id, "ג", participant_id=bob.participant.id)
    commands.add_idea(store, opened.forum_id, "ג", participant_id=bob.participant.id)  # sent twice
    poll = room.open_vote(store, opened, options=3)
    first = poll.options[0].id
    commands.cast_ballot(store, opened.forum_id, poll.id, alice.participant.id, {first: 1})
    phones = [
        audit.Expectation(token=alice.token, ideas=("א", "ב"), ideas_acked=("א", "ב"), ballot={first: 1},
                          ballot_acked=True),
        audit.Expectation(token=bob.token, ideas=("ג", "ד"), ideas_acked=("ג", "ד"), ballot={first: 1},
                          ballot_acked=True),
        audit.Expectation(token="", ideas=("ה",), ideas_acked=(), ballot={}, ballot_acked=False),
    ]
    ideas, ballots = audit.read_back(store, opened.forum_id, poll.id, phones)
    assert ideas == audit.IdeaCounts(expected=5, stored=4, lost=2, duplicated=1, acked_missing=1)
    assert ballots == audit.BallotCounts(expected=3, stored=1, lost=2, mismatched=0, acked_missing=1)
