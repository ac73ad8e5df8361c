"""A ranking's or rating's slips to print for people voting without a phone."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pytest

from assistant.exports.printables import build_slips
from assistant.forum.vocabulary import VotingMethod
from assistant.reports.document import Heading, Paragraph, Table
from assistant.reports.paper_ballot import paper_ballot, slips_per_page
from tests.reports.texts import all_text, of_type


def _poll(snapshot, method):
    return next(p for p in snapshot.polls if p.method is method)


def test_a_rankings_slips_list_its_options_with_a_box_for_the_place(demo_snapshot):
    poll = _poll(demo_snapshot, VotingMethod.RANKING)
    document = paper_ballot(demo_snapshot, poll.id)
    assert document.language == "he" and document.subtitle == "פתק הצבעה"
    tables = of_type(document.blocks, Table)
    assert len(tables) == slips_per_page(poll) == 2  # to cut apart
    top_n = poll.params.top_n
    assert tables[0].columns == ("אפשרות", f"מקום (1–{top_n})")
    assert tables[0].rows == tuple((o.label, "") for o in poll.options)  # in the poll's order, boxes empty
    assert [h.text for h in of_type(document.blocks, Heading)] == [poll.title, poll.title]
    texts = [p.text for p in of_type(document.blocks, Paragraph)]
    assert texts[0].startswith("כתבו 1 ליד האפשרות החשובה ביותר") and f"עד {top_n}." in texts[0]
    assert "אין צורך לכתוב שם. את הפתק מוסרים למנחה." in texts
    assert sum(t.startswith("✂") for t in texts) == 1


def test_a_ratings_slips_have_a_column_per_criterion_in_the_forums_language(demo_snapshot):
    poll = _poll(demo_snapshot, VotingMethod.RATING)
    table = of_type(paper_ballot(demo_snapshot, poll.id).blocks, Table)[0]
    assert table.columns == ("אפשרות", "השפעה (1–5)", "ישימות (1–5)")
    assert all(row[1:] == ("", "") for row in table.rows)
    arabic = paper_ballot(demo_snapshot.in_language("ar"), poll.id)
    assert of_type(arabic.blocks, Table)[0].columns == ("الخيار", "الأثر (1–5)", "قابلية التنفيذ (1–5)")
    assert "في كل مما يلي: الأثر، قابلية التنفيذ." in all_text(arabic)


def test_many_options_take_a_page_a_slip_and_dots_or_unknown_votes_have_none(demo_snapshot):
    poll = _poll(demo_snapshot, VotingMethod.RANKING)
    many = replace(poll, options=tuple(replace(poll.options[0], id=900 + n, label=f"אפשרות {n}") for n in range(9)))
    assert slips_per_page(many) == 1
    with pytest.raises(ValueError):
        paper_ballot(demo_snapshot, _poll(demo_snapshot, VotingMethod.DOTS).id)
    with pytest.raises(KeyError):
        paper_ballot(demo_snapshot, 99_999)


def test_the_slips_render_to_a_right_to_left_word_file(demo_snapshot):
    poll = _poll(demo_snapshot, VotingMethod.RANKING)
    export = build_slips(demo_snapshot, poll.id)
    assert export.kind.filename == f"vote-{poll.id}-slips.docx"
    word = docx.Document(io.BytesIO(export.content))
    assert len(word.tables) == 2 and word.tables[0].rows[1].cells[0].text == poll.options[0].label
    assert word.paragraphs[1]._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is not None
