"""The professional teams' playbook (their four meetings after the forum) against the corpus:
validated as the forum's is, and about what the roadmap says a team does."""

from __future__ import annotations

import pytest

from assistant.forum.vocabulary import MEETING_NUMBERS, IdeaKind, MobilityDomain
from assistant.playbook.cards import meeting_card, step_card
from assistant.playbook.errors import PlaybookError
from assistant.playbook.flow import inputs_for
from assistant.playbook.loader import TEAM_PLAYBOOK_DIR, load_team_playbook
from assistant.playbook.models import QUOTE_WORDS, RUN_MINUTES, RUN_TOLERANCE, Action, texts
from tests.playbook.conftest import SHIPPED_PROMPTS
from tests.playbook.test_playbook_shipped import ARABIC, HEBREW, LATIN


@pytest.fixture(scope="module")
def team_playbook(shipped_passages):
    return load_team_playbook(SHIPPED_PROMPTS, shipped_passages)


def test_four_meetings_each_quote_found_in_the_guide(team_playbook, shipped_passages):
    assert tuple(m.number for m in team_playbook.meetings) == MEETING_NUMBERS
    by_id = {p.passage_id: p for p in shipped_passages}
    entries = list(team_playbook.evidence())
    assert len(entries) >= sum(1 + len(m.steps) for m in team_playbook.meetings)
    for field, evidence in entries:
        assert evidence.passage_ids, field
        assert all(by_id[pid].doc_id == evidence.document for pid in evidence.passage_ids), field
        assert QUOTE_WORDS[0] <= len(evidence.quote.split()) <= QUOTE_WORDS[1], field


def test_each_meeting_runs_two_and_a_half_hours_in_three_languages(team_playbook):
    for meeting in team_playbook.meetings:
        assert abs(meeting.total_minutes - RUN_MINUTES) <= RUN_TOLERANCE, meeting.number
    for field, text in texts(team_playbook):
        assert HEBREW.search(text.he) and ARABIC.search(text.ar), field
        assert LATIN.search(text.en) and not HEBREW.search(text.en) and not ARABIC.search(text.en), field


def test_the_meetings_follow_the_roadmap_s_four_stages(team_playbook):
    """1) study the situation picture, root problems; 2) a graduate image and recommended targets;
    3) long-term outcomes and the plan's activities; 4) control points, measures, approval."""
    outputs = {m.number: {o.key: o for o in m.outputs} for m in team_playbook.meetings}
    assert outputs[1]["root_problems"].kind is IdeaKind.CHALLENGE and outputs[1]["root_problems"].ranked
    assert {"graduate_image", "recommended_targets"} <= set(outputs[2])
    assert outputs[3]["activities"].kind is IdeaKind.TASK
    assert outputs[4]["team_commitments"].kind is IdeaKind.COMMITMENT
    # each meeting builds on the one before
    assert [(i.meeting, i.output.key) for i in inputs_for(team_playbook, 2)] == [(1, "root_problems")]
    assert {i.output.key for i in inputs_for(team_playbook, 4)} == {"activities", "recommended_targets"}
    # phones collect before they vote, in every meeting
    for meeting in team_playbook.meetings:
        actions = [s.phone.action for s in meeting.steps]
        if Action.VOTE in actions:
            assert actions.index(Action.COLLECT) < actions.index(Action.VOTE), meeting.number
    rating = next(s for s in team_playbook.meetings[2].steps if s.phone.action is Action.VOTE)
    assert [c.key for c in rating.phone.poll.criteria] == ["impact", "feasibility"]


def test_cards_render_for_every_domain_and_language(team_playbook):
    for domain in MobilityDomain:
        for language in ("he", "ar", "en"):
            for meeting in team_playbook.meetings:
                card = meeting_card(team_playbook, meeting.number, language, domain)
                assert card.title and card.goals and "{domain}" not in repr(card)
                for step in meeting.steps:
                    assert "{domain}" not in repr(step_card(team_playbook, meeting.number, step.id, language, domain))


def test_a_quote_the_guide_does_not_hold_is_refused_naming_the_file(tmp_path, shipped_passages):
    import shutil

    prompts = tmp_path / "prompts"
    shutil.copytree(SHIPPED_PROMPTS, prompts)
    path = prompts / TEAM_PLAYBOOK_DIR / "meeting-2.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("גיבוש תפיסה חינוכית ומודל דמות הבוגר המיטבית.",
                                                            "משפט שאינו מופיע במסמכי המתודולוגיה כלל"),
                    encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        load_team_playbook(prompts, shipped_passages)
    assert caught.value.params["file"] == "meeting-2.yaml" and "evidence" in caught.value.params["field"]
