"""Navigation, run of show, localized text and the corpus passages helper."""

from __future__ import annotations

import itertools
from datetime import time

import pytest

from assistant.config import Settings
from assistant.corpus.chunking import chunk
from assistant.corpus.sources import discover, read_document, titles_from_sources
from assistant.playbook.cards import step_card
from assistant.playbook.evidence import corpus_passages
from assistant.playbook.flow import (
    clock,
    first_step,
    get_meeting,
    get_step,
    next_step,
    previous_step,
    run_of_show,
    slot_for,
)
from assistant.playbook.models import LocalizedText
from assistant.retrieval.index_store import IndexStore


def test_next_and_previous(shipped_playbook):
    meeting = get_meeting(shipped_playbook, 2)
    ids = [s.id for s in meeting.steps]
    assert previous_step(meeting, ids[0]) is None
    assert next_step(meeting, ids[-1]) is None
    assert first_step(meeting).id == ids[0]
    for before, after in itertools.pairwise(ids):
        assert next_step(meeting, before).id == after
        assert previous_step(meeting, after).id == before


def test_unknown_lookups(shipped_playbook):
    with pytest.raises(KeyError):
        get_meeting(shipped_playbook, 5)
    with pytest.raises(KeyError):
        get_step(get_meeting(shipped_playbook, 1), "no-such-step")


def test_run_of_show_offsets_are_cumulative(shipped_playbook):
    meeting = get_meeting(shipped_playbook, 1)
    slots = run_of_show(meeting, time(18, 0))
    assert [s.step_id for s in slots] == [s.id for s in meeting.steps]
    assert slots[0].offset == 0 and slots[0].start == "18:00"
    for slot, following in itertools.pairwise(slots):
        assert following.offset == slot.offset + slot.minutes
        assert following.start == slot.end
    assert slots[-1].offset + slots[-1].minutes == meeting.total_minutes
    hours, minutes = divmod(18 * 60 + meeting.total_minutes, 60)
    assert slots[-1].end == f"{hours:02d}:{minutes:02d}"


def test_clock():
    assert clock(time(0, 0), 0) == "00:00"
    assert clock(time(9, 5), 150) == "11:35"
    assert clock(time(23, 30), 45) == "00:15"


def test_step_card_carries_its_slot(shipped_playbook):
    meeting = get_meeting(shipped_playbook, 4)
    step = meeting.steps[3]
    card = step_card(shipped_playbook, 4, step.id, "he", "stem")
    slot = slot_for(meeting, step.id)
    assert (card.offset, card.minutes, card.position) == (slot.offset, step.minutes, 4)
    assert card.meeting_minutes == sum(s.minutes for s in meeting.steps)
    assert card.phone.method == "rating" and len(card.phone.criteria) == 2
    assert card.evidence and all(e.passage_ids for e in card.evidence)


def test_localized_text_falls_back_to_hebrew():
    text = LocalizedText(he="שלום {domain}", ar="", en="Hello {domain}")
    assert text.get("en") == "Hello {domain}"
    assert text.get("ar") == "שלום {domain}"
    assert text.get("fr") == "שלום {domain}"
    assert text.render("en", "youth") == "Hello youth"
    assert text.missing() == ["ar"]


def test_corpus_passages_prefers_a_current_index(make_settings):
    settings: Settings = make_settings()
    root = settings.corpus_dir
    titles = titles_from_sources(root)
    direct = [p.passage_id for f in discover(root) for p in chunk(read_document(f, root, titles))]
    assert [p.passage_id for p in corpus_passages(settings)] == direct
    IndexStore(settings).build(dense=False)
    assert sorted(p.passage_id for p in corpus_passages(settings)) == sorted(direct)
