"""The collective work plan in the store: one query and two named commands.

A save replaces the whole plan in one transaction and bumps its revision; a caller that
passes the revision it edited gets a `WorkPlanConflictError` if someone saved since.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from assistant.errors import ForumGoneError, NotFoundError, WorkPlanConflictError
from assistant.forum.work_plan import SECTIONS, FocusArea, WorkPlan, clean_plan
from assistant.store import schema as s
from assistant.store.database import Store
from assistant.store.queries import aware


class PlanOutcome(StrEnum):
    SAVED = "saved"
    KEPT = "kept"  # a seed was offered but a plan already exists


@dataclass(frozen=True)
class WorkPlanSaved:
    plan: WorkPlan
    outcome: PlanOutcome


def _record(row: s.WorkPlan) -> WorkPlan:
    areas = []
    for area in row.focus_areas:
        rows = {section: [] for section in SECTIONS}
        for entry in sorted(area.rows, key=lambda r: (r.section, r.position)):
            rows[entry.section].append(dict(entry.cells or {}))
        areas.append(FocusArea(title=area.title, logic=dict(area.logic or {}),
                               infrastructures=dict(area.infrastructures or {}), idea_id=area.idea_id,
                               **{section: tuple(items) for section, items in rows.items()}))
    return WorkPlan(focus_areas=tuple(areas), revision=row.revision, updated_at=aware(row.updated_at))


def _plan_row(session: Session, forum_id: int, *, lock: bool = False) -> s.WorkPlan | None:
    query = (select(s.WorkPlan).where(s.WorkPlan.forum_id == forum_id)
             .options(selectinload(s.WorkPlan.focus_areas).selectinload(s.WorkPlanFocusArea.rows)))
    if lock:
        query = query.with_for_update()
    return session.scalar(query)


def work_plan(session: Session, forum_id: int) -> WorkPlan | None:
    """The saved plan, or None if nobody has saved one yet."""
    row = _plan_row(session, forum_id)
    return _record(row) if row is not None else None


def save_work_plan(store: Store, forum_id: int, focus_areas: Sequence[FocusArea], *,
                   expected_revision: int | None = None) -> WorkPlanSaved:
    """Replace the forum's plan with `focus_areas` (validated, empty rows dropped)."""
    cleaned = clean_plan(focus_areas)
    with store.write() as session:
        return _save(session, forum_id, cleaned, expected_revision)


def seed_work_plan(store: Store, forum_id: int, seed: Sequence[FocusArea], *,
                   replace: bool = False) -> WorkPlanSaved:
    """Store `seed` (drawn from the forum's data) unless a plan exists; `replace` starts over."""
    cleaned = clean_plan(seed)
    with store.write() as session:
        row = _plan_row(session, forum_id, lock=True)
        if row is not None and not replace:
            return WorkPlanSaved(plan=_record(row), outcome=PlanOutcome.KEPT)
        return _save(session, forum_id, cleaned, None)


def save_team_area(store: Store, forum_id: int, team_id: int, area: FocusArea, draft: Sequence[FocusArea], *,
                   expected_revision: int | None = None) -> WorkPlanSaved:
    """A team's own focus area of the plan becomes `area` (its logic model and tables; its title
    and the idea it was chosen by stay the team's), every other focus area as it was: as saved,
    or as `draft` (the plan drawn from the forum's data) when nobody has saved one yet."""
    with store.write() as session:
        team = session.get(s.TeamRow, team_id)
        if team is None or team.forum_id != forum_id:
            raise NotFoundError(what="team")
        row = _plan_row(session, forum_id, lock=True)
        areas = list(_record(row).focus_areas) if row is not None else list(clean_plan(draft))
        mine = replace(area, title=team.name, idea_id=team.idea_id)
        wanted = " ".join(team.name.split()).casefold()
        index = next((i for i, a in enumerate(areas) if team.idea_id is not None and a.idea_id == team.idea_id),
                     next((i for i, a in enumerate(areas) if " ".join(a.title.split()).casefold() == wanted), None))
        if index is None:
            areas.append(mine)
        else:
            areas[index] = replace(mine, title=areas[index].title)
        return _save(session, forum_id, clean_plan(areas), expected_revision)


def _save(session: Session, forum_id: int, areas: tuple[FocusArea, ...],
          expected_revision: int | None) -> WorkPlanSaved:
    if session.get(s.Forum, forum_id) is None:
        raise ForumGoneError()
    row = _plan_row(session, forum_id, lock=True)
    current = row.revision if row is not None else 0
    if expected_revision is not None and expected_revision != current:
        raise WorkPlanConflictError(revision=current)
    now = datetime.now(UTC)
    if row is None:
        row = s.WorkPlan(forum_id=forum_id, revision=1, updated_at=now)
        session.add(row)
        session.flush()
    else:
        session.execute(delete(s.WorkPlanFocusArea).where(s.WorkPlanFocusArea.plan_id == row.id))
        session.expire(row, ["focus_areas"])
        row.revision, row.updated_at = current + 1, now
    ideas = {i for (i,) in session.execute(select(s.Idea.id).where(
        s.Idea.forum_id == forum_id, s.Idea.id.in_([a.idea_id for a in areas if a.idea_id is not None])))}
    for position, area in enumerate(areas):
        focus = s.WorkPlanFocusArea(plan_id=row.id, position=position, title=area.title,
                                    idea_id=area.idea_id if area.idea_id in ideas else None,
                                    logic=dict(area.logic), infrastructures=dict(area.infrastructures))
        focus.rows = [s.WorkPlanRow(section=section, position=i, cells=dict(cells))
                      for section in SECTIONS for i, cells in enumerate(area.rows(section))]
        session.add(focus)
    session.flush()
    session.expire(row, ["focus_areas"])
    return WorkPlanSaved(plan=_record(_plan_row(session, forum_id)), outcome=PlanOutcome.SAVED)
