"""The work plan's cells: cleaned, bounded, quarters normalised, never invented."""

from __future__ import annotations

import pytest

from assistant.errors import InvalidInputError
from assistant.forum.inputs import CELL_MAX
from assistant.forum.work_plan import FocusArea, clean_plan, parse_quarter, quarter_index, quarter_of


def test_areas_fill_missing_columns_with_none_and_refuse_unknown_ones():
    area = FocusArea("נוער", logic={"problem": "נשירה"}, operational=({"goal": "השתתפות"},))
    assert area.logic == {"problem": "נשירה", "inputs": None, "activities": None, "outcomes": None,
                          "impact": None}
    assert area.operational[0]["budget"] is None and area.timeline == ()
    with pytest.raises(ValueError):
        FocusArea("x", logic={"colour": "red"})


def test_cleaning_strips_unsafe_characters_drops_empty_rows_and_keeps_the_rest():
    hostile = "<b>יעד</b> \u202eevil\u202c 🎉 " + "א" * 100
    [area] = clean_plan([FocusArea("  נוער  ", logic={"problem": hostile, "inputs": "   "},
                                   operational=({"goal": None}, {"goal": "g", "budget": " 500 "}),
                                   timeline=({"action": "a", "start": "q2 2026", "end": "2027 Q1"},))])
    assert area.title == "נוער"
    assert area.logic["problem"] == "<b>יעד</b> evil 🎉 " + "א" * 100 and area.logic["inputs"] is None
    assert area.operational == ({"goal": "g", "targets": None, "metrics": None, "actions": None,
                                 "partners": None, "budget": "500"},)
    assert (area.timeline[0]["start"], area.timeline[0]["end"]) == ("2026-Q2", "2027-Q1")


@pytest.mark.parametrize(("areas", "field", "reason"), [
    ([FocusArea("")], "focus_area", "empty"),
    ([FocusArea("a"), FocusArea("a")], "focus_area", "duplicate"),
    ([FocusArea("a", logic={"problem": "x" * (CELL_MAX + 1)})], "cell", "too_long"),
    ([FocusArea("a", timeline=({"start": "spring"},))], "quarter", "quarter"),
    ([FocusArea("a", timeline=({"start": "2026-Q3", "end": "2026-Q1"},))], "quarter", "order"),
    ([FocusArea("a", control=tuple({"when": str(n)} for n in range(61)))], "control", "too_many"),
    ([FocusArea(str(n)) for n in range(13)], "focus_area", "too_many"),
])
def test_invalid_plans_name_the_field_and_the_rule(areas, field, reason):
    with pytest.raises(InvalidInputError) as caught:
        clean_plan(areas)
    assert caught.value.params["field"] == field and caught.value.params["reason"] == reason
    assert "error.invalid_input" not in caught.value.message("he")


def test_a_cell_of_exactly_the_limit_is_kept():
    [area] = clean_plan([FocusArea("a", logic={"impact": "ש" * CELL_MAX})])
    assert len(area.logic["impact"]) == CELL_MAX


def test_quarters():
    assert parse_quarter("2026-Q1") == parse_quarter("Q1 2026") == parse_quarter("2026/q1") == (2026, 1)
    assert quarter_of(quarter_index("2026-Q4") + 1) == "2027-Q1"
