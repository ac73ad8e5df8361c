"""The work plan as editable tables and back: edits, renames, additions and deletions."""

from __future__ import annotations

import pandas as pd

from assistant.forum.work_plan import FocusArea, WorkPlan
from assistant.forum.work_plan_tables import focus_frame, plan_from_frames, section_frame

PLAN = WorkPlan(focus_areas=(
    FocusArea("נוער", logic={"problem": "נשירה"}, idea_id=7,
              operational=({"goal": "השתתפות", "budget": "500"},)),
    FocusArea("מורים", timeline=({"action": "הכשרה", "start": "2026-Q1"},)),
), revision=2)


def test_round_trip_without_edits_gives_the_same_areas():
    focus = focus_frame(PLAN)
    assert list(focus["key"]) == [0, 1] and focus.loc[0, "title"] == "נוער"
    sections = {(i, s): section_frame(a, s) for i, a in enumerate(PLAN.focus_areas)
                for s in ("operational", "timeline", "control")}
    assert plan_from_frames(PLAN, focus, sections) == list(PLAN.focus_areas)


def test_renamed_reordered_deleted_and_new_areas_keep_their_own_tables():
    focus = focus_frame(PLAN).iloc[[1]].copy()  # "נוער" deleted
    focus.loc[1, "title"] = "הכשרת מורים"
    focus.loc[1, "infra_data"] = "לוח נתונים"
    new = pd.DataFrame([{"key": pd.NA, "title": "גיל רך", "problem": float("nan")}])
    focus = pd.concat([new, focus], ignore_index=True)
    timeline = section_frame(PLAN.focus_areas[1], "timeline")
    timeline.loc[0, "owner"] = "  "
    timeline.loc[1] = {"action": "ליווי", "owner": "מחלקת חינוך", "start": None, "end": None}
    areas = plan_from_frames(PLAN, focus, {(1, "timeline"): timeline})
    assert [a.title for a in areas] == ["גיל רך", "הכשרת מורים"]
    assert areas[0].idea_id is None and areas[0].logic["problem"] is None and areas[0].timeline == ()
    assert areas[1].infrastructures["data"] == "לוח נתונים"
    assert [r["action"] for r in areas[1].timeline] == ["הכשרה", "ליווי"]
    assert areas[1].timeline[0]["owner"] is None  # blank is "to complete"
    assert areas[1].operational == () and areas[1].idea_id is None
