"""The work plan as editable tables (pandas) and back.

One table of focus areas (title, logic model, social infrastructures) and, per focus
area, one table per section. Each focus-area row carries the `key` of the area it was
drawn from, so renaming, reordering or deleting areas in the table keeps their section
tables with them; a new row (no key) starts with empty sections.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from assistant.forum.work_plan import INFRASTRUCTURES, LOGIC_FIELDS, SECTIONS, FocusArea, WorkPlan

KEY = "key"
TITLE = "title"
INFRA_PREFIX = "infra_"
FOCUS_COLUMNS = (TITLE, *LOGIC_FIELDS, *(INFRA_PREFIX + name for name in INFRASTRUCTURES))


def _value(value) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value)
    return text if text.strip() else None


def _text_frame(rows: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype(dict.fromkeys(columns, "object"))


def focus_frame(plan: WorkPlan) -> pd.DataFrame:
    rows = [{KEY: index, TITLE: area.title, **area.logic,
             **{INFRA_PREFIX + name: value for name, value in area.infrastructures.items()}}
            for index, area in enumerate(plan.focus_areas)]
    frame = _text_frame(rows, FOCUS_COLUMNS)
    frame.insert(0, KEY, pd.array([r[KEY] for r in rows], dtype="Int64"))
    return frame


def section_frame(area: FocusArea, section: str) -> pd.DataFrame:
    return _text_frame([dict(row) for row in area.rows(section)], SECTIONS[section])


def section_rows(frame: pd.DataFrame | None, section: str) -> tuple[dict[str, str | None], ...]:
    if frame is None:
        return ()
    names = SECTIONS[section]
    return tuple({name: _value(record.get(name)) for name in names} for record in frame.to_dict("records"))


def plan_from_frames(plan: WorkPlan, focus: pd.DataFrame,
                     sections: Mapping[tuple[int, str], pd.DataFrame]) -> list[FocusArea]:
    """The focus areas as edited; `sections[(key, section)]` is that area's edited table."""
    areas = []
    for record in focus.to_dict("records"):
        key = record.get(KEY)
        key = None if key is None or pd.isna(key) else int(key)
        base = plan.focus_areas[key] if key is not None and 0 <= key < len(plan.focus_areas) else None
        tables = {section: (section_rows(sections.get((key, section)), section) if (key, section) in sections
                            else base.rows(section) if base else ())
                  for section in SECTIONS}
        areas.append(FocusArea(
            title=_value(record.get(TITLE)) or "",
            logic={name: _value(record.get(name)) for name in LOGIC_FIELDS},
            infrastructures={name: _value(record.get(INFRA_PREFIX + name)) for name in INFRASTRUCTURES},
            idea_id=base.idea_id if base else None,
            **tables,
        ))
    return areas
