"""The demo forum `forum-assistant demo-session` creates."""

from __future__ import annotations

import itertools
import re
from datetime import date

from assistant.demo import WORRY_STEP, WORRY_TITLE, create_demo
from assistant.forum.vocabulary import VotingMethod
from assistant.playbook.cards import step_card
from assistant.playbook.loader import load_playbook
from assistant.store import queries
from assistant.store.database import open_store
from tests.conftest import PROJECT


def test_demo_votes_are_titled_as_their_steps_are_in_the_playbook(tmp_path):
    playbook = load_playbook(PROJECT / "prompts")
    store = open_store(f"sqlite:///{tmp_path / 'forum.db'}")
    try:
        demo = create_demo(store, playbook, participants=6, base_url="http://test.invalid/", seed=3)
        with store.read() as session:
            forum = queries.get_forum(session, demo.forum_id)
            polls = queries.polls(session, demo.forum_id)
    finally:
        store.dispose()
    steps = {step.id: step for step in forum.steps}
    # The room's pick of the indicators that worry it most is titled as the console titles it.
    [worry] = [p for p in polls if p.title == WORRY_TITLE]
    assert steps[worry.step_id].key == WORRY_STEP and worry.status == "closed"
    polls = [p for p in polls if p is not worry]
    assert len(polls) >= 5
    dates = [m.scheduled_on for m in forum.meetings]  # weekly, the one the demo stands at today
    assert dates[-1] == date.today() and [(b - a).days for a, b in itertools.pairwise(dates)] == [7, 7, 7]
    assert forum.current_meeting == 4
    for poll in polls:
        step = steps[poll.step_id]
        assert poll.title == step_card(playbook, step.meeting_number, step.key, "he", forum.domain).title
        assert not re.search(r"[a-z]\d?-[a-z]", poll.title), poll.title  # never a step key like m3-vision-vote
    for poll in polls:  # a few people without phones voted with stickers in every dots vote
        assert (poll.paper is not None) == (poll.method is VotingMethod.DOTS), poll.title
        if poll.paper:
            params = poll.params
            assert 2 <= poll.paper.voters <= 4 and poll.paper.total <= poll.paper.voters * params.budget
