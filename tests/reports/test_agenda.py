"""The shared agenda built from a demo forum: content, sources, placeholders, languages."""

from __future__ import annotations

import re

import pytest

from assistant.reports.agenda import focus_advice, shared_agenda
from assistant.reports.document import Heading, Image, KeyValue, Paragraph, Table
from assistant.reports.outputs import outcomes
from tests.reports.texts import all_text, of_type, under

CATALOG_KEY = re.compile(r"\b(agenda|report|plan|summary|narrative|results)\.[a-z_]+")


@pytest.fixture(scope="module")
def agenda(demo_snapshot, playbook):
    return shared_agenda(demo_snapshot, playbook)


def test_cover_states_the_forum_and_who_took_part(agenda, demo_snapshot):
    assert agenda.title == "אג'נדה משותפת" and agenda.language == "he"
    assert "בית הכרם" in agenda.subtitle and "STEM" in agenda.subtitle
    facts = dict(of_type(agenda.blocks, KeyValue)[0].pairs)
    assert facts["משתתפים"] == str(len(demo_snapshot.participants)) == "16"
    assert facts["מפגשים שהתקיימו"].startswith("4 מתוך 4")
    sectors = of_type(under(agenda, "המשתתפים לפי מגזר"), Table)[0]
    assert sectors.rows[-1] == ("סה\"כ", "16")
    assert sum(int(count) for _, count in sectors.rows[:-1]) == 16
    meetings = of_type(under(agenda, "מפגשי הפורום"), Table)[0]
    assert [row[0] for row in meetings.rows] == ["1", "2", "3", "4"]


def test_every_output_section_names_its_source(agenda, playbook):
    headings = [b.text for b in agenda.blocks if isinstance(b, Heading) and b.level == 1]
    for number in (1, 2, 3, 4):
        assert any(h.startswith(f"מפגש {number}:") for h in headings)
    for meeting in playbook.meetings:
        for output in meeting.outputs:
            if output.key == "focus_areas":
                continue  # stated under meeting 4, with its own heading
            title = output.title.render("he", "STEM ומיומנויות המאה ה-21")
            sources = [b.text for b in under(agenda, title, level=2)
                       if isinstance(b, Paragraph) and b.style == "source"]
            assert any(s.startswith(f"מקור: מפגש {meeting.number}") for s in sources), title
    focus = under(agenda, "תחומי המיקוד שנבחרו", level=2)
    assert any(b.style == "source" and "מפגש 2" in b.text and "הצבעה" in b.text
               for b in of_type(focus, Paragraph))


def test_prioritised_challenges_have_a_results_table_and_a_chart(agenda, demo_snapshot, playbook):
    challenges = outcomes(demo_snapshot, playbook)["prioritised_challenges"]
    section = under(agenda, challenges.title, level=2)
    table = of_type(section, Table)[0]
    result = demo_snapshot.results[challenges.poll.id]
    assert [row[1] for row in table.rows] == list(result.table["label"])
    assert [row[2] for row in table.rows] == [f"{s:,.0f}" for s in result.table["score"]]
    assert table.columns[2] == "נקודות בורדה"
    chart = of_type(section, Image)[0]
    assert chart.png.startswith(b"\x89PNG") and len(chart.png) > 5_000
    first, score = result.table["label"].iloc[0], result.table["score"].iloc[0]
    assert chart.alt.startswith(f"תרשים עמודות, נקודות בורדה: {first} {score:,.0f}; ")  # read aloud in order
    assert chart.alt.count("; ") == len(result.table) - 1
    source = [b.text for b in of_type(section, Paragraph) if b.style == "source"][-1]
    rank_step = next(s for s in playbook.meetings[1].steps if s.id == "m2-rank").title.he
    assert "הצבעה" in source and f"{result.voters} מצביעים" in source and f'"{rank_step}"' in source


def test_focus_areas_are_counted_against_the_method(agenda, demo_snapshot, playbook):
    chosen = outcomes(demo_snapshot, playbook)["focus_areas"].chosen
    text = "\n".join(b.text for b in of_type(under(agenda, "תחומי המיקוד שנבחרו", level=2), Paragraph))
    assert f"הפורום בחר {len(chosen)} תחומי מיקוד" in text and "4-6" in text


@pytest.mark.parametrize(("count", "advice"), [(0, "fewer"), (3, "fewer"), (4, "within"), (6, "within"),
                                               (7, "more")])
def test_fewer_or_more_focus_areas_than_recommended_are_flagged(count, advice):
    assert focus_advice(count) == advice


def test_missing_decisions_are_placeholders_never_invented(agenda):
    assert agenda.placeholder_label == "להשלמה"
    strengths = next(t for t in of_type(agenda.blocks, Table) if t.columns[0] == "אתגר (לפי סדר עדיפות)")
    assert strengths.rows and all(row[1] is None for row in strengths.rows)
    teams = of_type(under(agenda, "הצעדים הבאים", level=1), Table)[0]
    assert all(row[0] and row[1:] == (None, None, None) for row in teams.rows)
    assert "10-15" in all_text(agenda)


def test_no_catalog_key_leaks_and_other_languages_come_from_their_catalogs(agenda, demo_snapshot, playbook):
    assert not CATALOG_KEY.search(all_text(agenda))
    for language, title in (("ar", "الأجندة المشتركة"), ("en", "Shared agenda")):
        document = shared_agenda(demo_snapshot.in_language(language), playbook)
        assert document.title == title and document.language == language
        assert not CATALOG_KEY.search(all_text(document)), language
        if language == "en":
            english = all_text(document)
    assert "Meeting 2: Processing the situation picture" in english and "Source: meeting 2" in english


def test_a_narrator_drafts_the_narrative_sections(demo_snapshot, playbook):
    calls = []

    class Recorder:
        def draft(self, kind, items, language, ids=None):
            calls.append((kind, tuple(items), language))
            return [Paragraph(f"NARRATIVE {kind}")] if kind != "commitments" else None

    text = all_text(shared_agenda(demo_snapshot, playbook, Recorder()))
    assert [kind for kind, _, _ in calls] == ["shared_concept", "situation", "vision", "commitments"]
    assert all(items and language == "he" for _, items, language in calls)
    assert "NARRATIVE vision" in text and "NARRATIVE commitments" not in text


def test_every_picture_of_the_documents_says_what_it_shows(agenda, demo_snapshot, playbook):
    """Word reads an image's description to a screen reader: charts say their bars or points."""
    pictures = of_type(agenda.blocks, Image)
    assert len(pictures) >= 2 and all(p.alt for p in pictures)
    matrix = next(p for p in pictures if p.alt.startswith("תרשים פיזור"))
    assert "מקום 1: השפעה " in matrix.alt and ", ישימות " in matrix.alt
