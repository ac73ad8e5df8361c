"""The collective work plan: its draft from the forum's data, and the document."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from assistant.forum.work_plan import FocusArea, WorkPlan
from assistant.reports.document import Heading, KeyValue, Paragraph, Table
from assistant.reports.outputs import outcomes
from assistant.reports.seed import assign, seed_plan
from assistant.reports.work_plan import collective_work_plan, timeline_quarters
from tests.reports.texts import all_text, of_type, under


@pytest.fixture(scope="module")
def seed(demo_snapshot, playbook):
    return seed_plan(demo_snapshot, playbook)


def test_the_draft_takes_the_chosen_focus_areas_and_only_clear_matches(seed, demo_snapshot, playbook):
    found = outcomes(demo_snapshot, playbook)
    assert [a.title for a in seed.focus_areas] == [i.text for i in found["focus_areas"].chosen]
    assert not seed.saved
    vision = found["vision"].chosen[0].text
    tasks = {i.text for i in found["tasks"].items}
    for area in seed.focus_areas:
        assert area.idea_id is not None
        assert area.logic["impact"] == vision  # the forum's leading vision
        assert area.logic["outcomes"] is None and set(area.infrastructures.values()) == {None}
        # the demo's meeting-4 tasks repeat the arenas' words, so each area gets its own task
        assert area.logic["activities"] == area.title and area.title in tasks
        assert [row["actions"] for row in area.operational] == [area.title]
        assert area.operational[0]["targets"] is None and area.operational[0]["budget"] is None
        assert [row["action"] for row in area.timeline] == [area.title] and area.timeline[0]["start"] is None
        assert area.control == ()


def test_texts_go_to_the_focus_area_they_resemble_or_nowhere():
    titles = ["הקמת מרכז STEM יישובי", "תוכנית הכשרה למורים"]
    texts = ["מרכז STEM יישובי בקריה", "הכשרה למורים למתמטיקה", "ספורט ימי לנוער"]
    assert assign(titles, texts) == [0, 1, None]
    assert assign([], texts) == [None, None, None]


def test_document_has_every_part_per_focus_area_with_placeholders(seed, demo_snapshot, playbook):
    document = collective_work_plan(demo_snapshot, playbook)
    assert document.title == "תכנית עבודה קולקטיבית" and document.placeholder_label == "להשלמה"
    status = dict(of_type(document.blocks, KeyValue)[0].pairs)["סטטוס"]
    assert status.startswith("טיוטה ראשונה")
    chapters = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert chapters == [*(f"תחום מיקוד {n}: {a.title}" for n, a in enumerate(seed.focus_areas, start=1)),
                        "מפת ההשקעות היישובית"]  # the demo's two teams planned their budgets
    first = under(document, chapters[0], level=1)
    assert any(b.style == "source" and "מפגש 2" in b.text for b in of_type(first, Paragraph))
    logic = of_type(first, KeyValue)[0]
    assert next(k for k, _ in logic.pairs) == "מה הבעיה? (נתונים ועובדות)" and len(logic.pairs) == 5
    assert dict(logic.pairs)["מה תוצאות הזהב המצופות?"] is None
    infrastructures, operational, timeline, control, *_team = of_type(first, Table)  # then its team's
    assert [row[0] for row in infrastructures.rows][1] == "שימוש בנתונים כבסיס לקבלת החלטות"
    assert all(row[1] is None for row in infrastructures.rows)
    assert operational.columns == ("מטרת על", "יעדים", "מדדים", "פעולות", "שותפים", "תקציב")
    assert timeline.columns[:3] == ("פעולה", "אחראי/ת", "מתי") and len(timeline.columns) == 9
    assert control.rows == ((None, None, None, None),)


def test_a_saved_plan_is_used_as_written(demo_snapshot, playbook):
    long_cell = "נתונים " * 285 + "🎉"  # 2,000 characters
    assert len(long_cell) == 1996
    plan = WorkPlan(focus_areas=(FocusArea(
        title="חינוך בלתי פורמלי",
        logic={"problem": long_cell},
        operational=({"goal": "הגברת ההשתתפות", "targets": "מ-1,200 ל-1,800 (40%) תוך 5 שנים",
                      "budget": "500"},),
        timeline=({"action": "פורום יישובי", "owner": "מחלקת הנוער", "start": "2026-Q2",
                   "end": "2026-Q4"},),
        control=({"when": "2026-Q4", "measure": "מספר משתתפים", "target": "1,400"},),
    ),), revision=3, updated_at=datetime(2026, 5, 1, tzinfo=UTC))
    snapshot = replace(demo_snapshot, work_plan=plan, taken_at=datetime(2026, 3, 1, tzinfo=UTC))
    document = collective_work_plan(snapshot, playbook)
    text = all_text(document)
    assert long_cell in text and "מ-1,200 ל-1,800 (40%) תוך 5 שנים" in text
    assert dict(of_type(document.blocks, KeyValue)[0].pairs)["סטטוס"] == "גרסה 3, נשמרה ב-01.05.2026"
    timeline = of_type(under(document, "ציר יישום", level=2), Table)[0]
    assert timeline.columns[3:] == ("Q2 2026", "Q3 2026", "Q4 2026", "Q1 2027", "Q2 2027", "Q3 2027")
    assert timeline.rows[0] == ("פורום יישובי", "מחלקת הנוער", "2026-Q2 עד 2026-Q4",
                                "■", "■", "■", "", "", "")
    appendix = [b for b in document.blocks if isinstance(b, Heading) and b.text.startswith("נספח")]
    assert appendix  # the forum's tasks this plan does not take up


def test_timeline_starts_at_the_earliest_start_or_the_given_quarter():
    rows = [{"start": "2027-Q3"}, {"start": None}, {"start": "2027-Q1"}]
    assert timeline_quarters(rows, 0, count=2) == [2027 * 4, 2027 * 4 + 1]
    assert timeline_quarters([{"start": None}], 42, count=3) == [42, 43, 44]


def test_without_focus_areas_the_plan_says_what_to_do(demo_snapshot, playbook):
    snapshot = replace(demo_snapshot, work_plan=WorkPlan(focus_areas=(), revision=1,
                                                         updated_at=datetime(2026, 5, 1, tzinfo=UTC)))
    document = collective_work_plan(snapshot, playbook)
    assert any(isinstance(b, Paragraph) and b.style == "placeholder" for b in document.blocks)
    assert "עדיין אין תחומי מיקוד" in all_text(document)
