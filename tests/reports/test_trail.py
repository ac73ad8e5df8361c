"""A focus area's trail, and what became of each idea a participant sent."""

from __future__ import annotations

from dataclasses import replace

from assistant.forum.vocabulary import IdeaKind, IdeaStatus
from assistant.reports.trail import fates, suggestions, team_areas, trails


def test_a_team_s_trail_starts_from_its_focus_area_and_its_vote(demo_snapshot, playbook):
    areas = team_areas(demo_snapshot)
    found = trails(demo_snapshot, playbook, areas)
    assert [t.title for t in found] == [team.name for team in demo_snapshot.teams]
    first = found[0].items[0]
    assert first.why == "area" and first.idea.text == areas[0][0] and first.idea.kind is IdeaKind.TASK
    assert first.rank is not None and first.of >= first.rank and first.step_key
    kinds = [i.idea.kind for i in found[0].items[1:] if i.why == "matched"]
    assert kinds == sorted(kinds, key=[IdeaKind.CHALLENGE, IdeaKind.STRENGTH, IdeaKind.COMMITMENT,
                                       IdeaKind.TASK].index)
    # an idea is on one trail at most
    ids = [i.idea.id for t in found for i in t.items]
    assert len(ids) == len(set(ids))


def test_the_stem_centre_s_trail_carries_the_indicators_linked_to_it(demo_snapshot, playbook):
    found = trails(demo_snapshot, playbook, [("הקמת מרכז STEM יישובי",
                                              next(i.id for i in demo_snapshot.ideas
                                                   if i.text == "הקמת מרכז STEM יישובי"))])
    assert {i.name for i in found[0].indicators} >= {"השתתפות בתנועות נוער", "אקדמאים"}


def test_a_participant_sees_what_became_of_each_idea(demo_snapshot, playbook):
    areas = team_areas(demo_snapshot)
    trail = trails(demo_snapshot, playbook, areas)[0]
    sent = next(i.idea for i in trail.items if i.idea.participant_id is not None)
    person = sent.participant_id
    # one more idea of theirs, merged into the team's focus area
    area_idea = next(i for i in demo_snapshot.ideas if i.id == areas[0][1])
    merged = replace(sent, id=10**6, text="עוד רעיון דומה", status=IdeaStatus.MERGED, merged_into_id=area_idea.id,
                     kind=IdeaKind.TASK)
    snapshot = replace(demo_snapshot, ideas=(*demo_snapshot.ideas, merged))
    found = {f.idea.id: f for f in fates(snapshot, playbook, person, areas)}
    assert found[sent.id].team.name == demo_snapshot.teams[0].name
    assert found[10**6].merged_into.id == area_idea.id and found[10**6].team is demo_snapshot.teams[0]
    assert next(iter(found)) == 10**6  # newest first
    assert all(f.idea.participant_id == person for f in found.values())


def test_members_are_suggested_by_what_they_sent_and_voted_on_the_focus_area(demo_snapshot, playbook):
    team = demo_snapshot.teams[0]
    trail = trails(demo_snapshot, playbook, team_areas(demo_snapshot))[0]
    found = suggestions(demo_snapshot, trail, team)
    members = {m.participant_id for m in team.members}
    assert found and not members & {s.participant_id for s in found}
    assert [s.weight for s in found] == sorted((s.weight for s in found), reverse=True)
    senders = {i.idea.participant_id for i in trail.items} - members - {None}
    assert senders <= {s.participant_id for s in found if s.ideas}
    assert any(s.votes for s in found)  # the vote that chose the focus area
