"""The facilitator's side of a load test, on a real store and the real playbook."""

from __future__ import annotations

import pytest

from assistant.forum.ballots import ballot_entries
from assistant.forum.records import PollParams
from assistant.forum.vocabulary import IdeaKind, PollStatus, VotingMethod
from assistant.loadtest import room
from assistant.store import commands, queries


@pytest.mark.parametrize("n_options", [2, 3, 5, 8, 40])
@pytest.mark.parametrize(("budget", "cap"), [(3, 1), (5, 3), (5, 5), (10, 2)])
def test_every_participant_casts_a_valid_ballot_spending_what_the_caps_allow(n_options, budget, cap):
    params = PollParams(budget=budget, cap=cap)
    option_ids = list(range(100, 100 + n_options))
    starts = set()
    for index in range(60):
        ballot = room.dots_for(index, option_ids, params)
        assert sum(ballot.values()) == min(budget, cap * n_options)
        assert ballot_entries(VotingMethod.DOTS, params, option_ids, ballot)  # raises when invalid
        assert ballot == room.dots_for(index, option_ids, params)            # deterministic
        starts.add(min(ballot, key=lambda oid: (oid - 100 - index) % n_options))
    assert len(starts) == n_options  # the room's dots are spread over every option


def test_spread_takes_evenly_spaced_items():
    assert room.spread(list(range(10)), 5) == [0, 2, 4, 6, 8]
    assert room.spread(list(range(180)), 8) == [0, 22, 45, 67, 90, 112, 135, 157]
    assert room.spread([1, 2], 8) == [1, 2]


def test_the_room_collects_then_votes_at_meeting_two(make_store, playbook_plan):
    store = make_store()
    opened = room.open_room(store, playbook_plan)
    with store.read() as session:
        forum = queries.get_forum(session, opened.forum_id)
    assert forum.current_step.key == room.COLLECT_STEP and forum.current_meeting == 2
    assert forum.collecting_kind is IdeaKind.TASK is opened.kind
    assert forum.join_code == opened.join_code

    joined = commands.join(store, join_code=opened.join_code, sector="ngo", language="he")
    ideas = [commands.add_idea(store, opened.forum_id, f"זירה {n}", participant_id=joined.participant.id).idea
             for n in range(12)]
    poll = room.open_vote(store, opened, options=5)
    with store.read() as session:
        forum = queries.get_forum(session, opened.forum_id)
        assert queries.active_poll(session, opened.forum_id).id == poll.id
    assert forum.current_step.key == room.VOTE_STEP and forum.collecting_kind is None
    assert poll.status is PollStatus.OPEN and poll.method is VotingMethod.DOTS
    assert [o.idea_id for o in poll.options] == [i.id for i in room.spread(ideas, 5)]
    params = poll.params
    assert (params.budget, params.cap) == (3, 1)  # the playbook's arena vote: 3 dots, one per arena
