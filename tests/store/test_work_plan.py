"""The work plan in the store: save, seed, conflicts, validation (SQLite, and PostgreSQL on CI)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assistant.errors import InvalidInputError, NotFoundError, WorkPlanConflictError
from assistant.forum.work_plan import FocusArea
from assistant.store import commands, queries
from assistant.store import schema as s
from assistant.store.work_plan import PlanOutcome, save_work_plan, seed_work_plan, work_plan

AREAS = [
    FocusArea("חינוך בלתי פורמלי", logic={"problem": "רק 1,200 משתתפים", "impact": None},
              infrastructures={"participation": "מועצת נוער"},
              operational=({"goal": "הגברת ההשתתפות", "targets": "1,800 תוך 5 שנים", "budget": "500"},
                           {"goal": None}),
              timeline=({"action": "פורום יישובי", "start": "Q2 2026", "end": "2026-Q4"},),
              control=({"when": "2026-Q4", "measure": "משתתפים"},)),
    FocusArea("מורים", operational=({"actions": "הכשרה"},)),
]


def _read(store, forum_id):
    with store.read() as session:
        return work_plan(session, forum_id)


def test_save_and_read_back(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    assert _read(store, fid) is None
    saved = save_work_plan(store, fid, AREAS)
    assert saved.outcome is PlanOutcome.SAVED and saved.plan.revision == 1 and saved.plan.updated_at
    plan = _read(store, fid)
    assert plan == saved.plan
    first = plan.focus_areas[0]
    assert [a.title for a in plan.focus_areas] == ["חינוך בלתי פורמלי", "מורים"]
    assert first.logic["problem"] == "רק 1,200 משתתפים"
    assert first.infrastructures["participation"] == "מועצת נוער"
    assert len(first.operational) == 1 and first.operational[0]["budget"] == "500"  # the empty row is dropped
    assert first.timeline[0]["start"] == "2026-Q2" and first.control[0]["measure"] == "משתתפים"


def test_saving_again_replaces_the_plan_and_counts_revisions(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    save_work_plan(store, fid, AREAS)
    again = save_work_plan(store, fid, AREAS[1:], expected_revision=1)
    assert again.plan.revision == 2 and [a.title for a in again.plan.focus_areas] == ["מורים"]
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(s.WorkPlanFocusArea)) == 1
        assert session.scalar(select(func.count()).select_from(s.WorkPlanRow)) == 1


def test_a_stale_save_is_refused_and_changes_nothing(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    save_work_plan(store, fid, AREAS)
    save_work_plan(store, fid, AREAS, expected_revision=1)
    with pytest.raises(WorkPlanConflictError) as caught:
        save_work_plan(store, fid, AREAS[1:], expected_revision=1)
    assert "2" in caught.value.message("he")
    assert len(_read(store, fid).focus_areas) == 2


def test_invalid_cells_are_refused_before_anything_is_written(make_forum):
    store, created = make_forum()
    with pytest.raises(InvalidInputError):
        save_work_plan(store, created.forum.id, [FocusArea("a", logic={"problem": "x" * 2001})])
    assert _read(store, created.forum.id) is None
    with pytest.raises(NotFoundError):
        save_work_plan(store, 999_999, AREAS)


def test_seeding_keeps_an_existing_plan_unless_asked_to_replace(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    assert seed_work_plan(store, fid, AREAS[:1]).outcome is PlanOutcome.SAVED
    kept = seed_work_plan(store, fid, AREAS[1:])
    assert kept.outcome is PlanOutcome.KEPT and kept.plan.focus_areas[0].title == "חינוך בלתי פורמלי"
    replaced = seed_work_plan(store, fid, AREAS[1:], replace=True)
    assert replaced.plan.revision == 2 and replaced.plan.focus_areas[0].title == "מורים"


def test_idea_links_stay_within_the_forum_and_the_plan_goes_with_it(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    mine = commands.add_idea(store, fid, "זירה", kind="task").idea
    _, other = make_forum(store, title="פורום אחר")
    theirs = commands.add_idea(store, other.forum.id, "זירה אחרת", kind="task").idea
    areas = [FocusArea("א", idea_id=mine.id), FocusArea("ב", idea_id=theirs.id)]
    plan = save_work_plan(store, fid, areas).plan
    assert [a.idea_id for a in plan.focus_areas] == [mine.id, None]
    with store.write() as session:
        session.delete(session.get(s.Forum, fid))
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(s.WorkPlan)) == 0
        assert session.scalar(select(func.count()).select_from(s.WorkPlanRow)) == 0
        assert queries.forum_listings(session)[0].title == "פורום אחר"
