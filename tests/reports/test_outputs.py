"""What each meeting produced, resolved from a demo forum through the playbook."""

from __future__ import annotations

from dataclasses import replace

from assistant.forum.vocabulary import IdeaKind, IdeaStatus, VotingMethod
from assistant.reports.outputs import find_poll, outcomes


def test_every_playbook_output_is_resolved(demo_snapshot, playbook):
    found = outcomes(demo_snapshot, playbook)
    assert set(found) == {o.key for m in playbook.meetings for o in m.outputs}
    for outcome in found.values():
        assert outcome.items, outcome.key  # the demo gathers something for every output
        assert outcome.collected_at, outcome.key


def test_ranked_output_follows_its_poll(demo_snapshot, playbook):
    challenges = outcomes(demo_snapshot, playbook)["prioritised_challenges"]
    assert challenges.poll.method is VotingMethod.RANKING and challenges.voted
    assert challenges.voted_at.id == "m2-rank"
    expected = list(demo_snapshot.results[challenges.poll.id].table["label"])
    assert [i.text for i in challenges.items] == expected
    assert [i.rank for i in challenges.items] == list(range(1, len(expected) + 1))
    scores = [i.score for i in challenges.items]
    assert scores == sorted(scores, reverse=True)


def test_unranked_output_lists_visible_ideas_in_order(demo_snapshot, playbook):
    concept = outcomes(demo_snapshot, playbook)["shared_concept"]
    assert concept.poll is None and not concept.ranked
    assert [i.text for i in concept.items] == [i.text for i in demo_snapshot.visible(1, IdeaKind.IDEA)]


def test_hidden_ideas_left_out_and_ideas_outside_the_vote_follow_unranked(demo_snapshot, playbook):
    hidden = demo_snapshot.visible(1, IdeaKind.IDEA)[0]
    late = replace(demo_snapshot.visible(2, IdeaKind.CHALLENGE)[0], id=10_000, text="אתגר שנשלח אחרי ההצבעה")
    ideas = tuple(replace(i, status=IdeaStatus.HIDDEN) if i.id == hidden.id else i
                  for i in demo_snapshot.ideas)
    snapshot = replace(demo_snapshot, ideas=(*ideas, late))
    found = outcomes(snapshot, playbook)
    assert hidden.text not in [i.text for i in found["shared_concept"].items]
    last = found["prioritised_challenges"].items[-1]
    assert last.text == late.text and last.rank is None


def test_a_poll_run_outside_its_step_is_found_by_the_kind_of_its_options(demo_snapshot, playbook):
    ranking = next(p for p in demo_snapshot.polls if p.method is VotingMethod.RANKING)
    moved = replace(demo_snapshot, polls=tuple(replace(p, step_id=None) if p.id == ranking.id else p
                                               for p in demo_snapshot.polls))
    assert find_poll(moved, 2, "m2-rank", IdeaKind.CHALLENGE).id == ranking.id
    assert find_poll(moved, 2, "m2-rank", IdeaKind.STRENGTH) is None
