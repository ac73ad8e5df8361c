"""The shipped playbook against the shipped corpus."""

from __future__ import annotations

import re

from assistant.forum.vocabulary import MEETING_NUMBERS, IdeaKind, MobilityDomain
from assistant.playbook.cards import meeting_card, step_card
from assistant.playbook.flow import inputs_for
from assistant.playbook.models import QUOTE_WORDS, RUN_MINUTES, RUN_TOLERANCE, Action, texts

HEBREW = re.compile("[\u05d0-\u05ea]")
ARABIC = re.compile("[\u0621-\u064a]")
LATIN = re.compile("[A-Za-z]")


def test_meetings_are_the_four_in_order(shipped_playbook):
    assert tuple(m.number for m in shipped_playbook.meetings) == MEETING_NUMBERS


def test_every_quote_resolves_to_existing_passages(shipped_playbook, shipped_passages):
    by_id = {p.passage_id: p for p in shipped_passages}
    entries = list(shipped_playbook.evidence())
    assert len(entries) >= sum(1 + len(m.steps) for m in shipped_playbook.meetings)
    for field, evidence in entries:
        assert evidence.passage_ids, field
        for pid in evidence.passage_ids:
            assert by_id[pid].doc_id == evidence.document, field
        low, high = QUOTE_WORDS
        assert low <= len(evidence.quote.split()) <= high, field


def test_every_meeting_and_step_has_evidence(shipped_playbook):
    for meeting in shipped_playbook.meetings:
        assert meeting.evidence
        assert all(step.evidence for step in meeting.steps)


def test_run_of_show_is_about_two_and_a_half_hours(shipped_playbook):
    for meeting in shipped_playbook.meetings:
        total = sum(step.minutes for step in meeting.steps)
        assert total == meeting.total_minutes
        assert abs(total - RUN_MINUTES) <= RUN_TOLERANCE, meeting.number


def test_every_text_has_three_languages_in_their_scripts(shipped_playbook):
    found = list(texts(shipped_playbook))
    assert len(found) > 200
    for field, text in found:
        assert HEBREW.search(text.he), field
        assert ARABIC.search(text.ar), field
        assert LATIN.search(text.en) and not HEBREW.search(text.en) and not ARABIC.search(text.en), field


def test_domains_cover_the_vocabulary(shipped_playbook):
    assert set(shipped_playbook.domains) == set(MobilityDomain)


def test_domain_is_substituted_everywhere(shipped_playbook):
    for domain in MobilityDomain:
        for language in ("he", "ar", "en"):
            label = shipped_playbook.domains[domain].get(language)
            for meeting in shipped_playbook.meetings:
                card = meeting_card(shipped_playbook, meeting.number, language, domain)
                assert label in card.title
                for step in meeting.steps:
                    rendered = repr(step_card(shipped_playbook, meeting.number, step.id, language, domain))
                    assert "{domain}" not in rendered, (domain, language, step.id)


def test_some_texts_name_the_domain(shipped_playbook):
    step = shipped_playbook.meetings[0].steps[2]
    assert "{domain}" in step.phone.prompt.he
    card = step_card(shipped_playbook, 1, step.id, "en", MobilityDomain.EARLY_CHILDHOOD)
    assert "early childhood" in card.phone.prompt


def test_challenges_flow_into_meetings_three_and_four(shipped_playbook):
    for number in (3, 4):
        sources = [(i.meeting, i.output.key) for i in inputs_for(shipped_playbook, number)]
        assert (2, "prioritised_challenges") in sources
    meeting3, meeting4 = shipped_playbook.meetings[2], shipped_playbook.meetings[3]
    collects = Action.COLLECT
    strengths = next(s for s in meeting3.steps if "strengths" in s.outputs and s.phone.action == collects)
    assert "prioritised_challenges" in strengths.uses
    tasks = next(s for s in meeting4.steps if "tasks" in s.outputs and s.phone.action == collects)
    assert "prioritised_challenges" in tasks.uses
    commitments = next(s for s in meeting4.steps if "commitments" in s.outputs)
    assert "tasks" in commitments.uses


def test_outputs_per_meeting(shipped_playbook):
    outputs = {m.number: {o.key: (o.kind, o.ranked) for o in m.outputs} for m in shipped_playbook.meetings}
    assert outputs[1]["leading_skills"] == (IdeaKind.SKILL, True)
    assert outputs[2]["prioritised_challenges"] == (IdeaKind.CHALLENGE, True)
    assert outputs[3]["strengths"][0] == IdeaKind.STRENGTH
    assert outputs[4]["commitments"][0] == IdeaKind.COMMITMENT


def test_every_meeting_widens_then_converges(shipped_playbook):
    for meeting in shipped_playbook.meetings:
        actions = [s.phone.action for s in meeting.steps]
        assert Action.COLLECT in actions and Action.VOTE in actions
        assert actions.index(Action.COLLECT) < actions.index(Action.VOTE)
