"""The collective work plan as plain data, and the rules its cells follow.

Per focus area: a logic model (problem → existing inputs → main activities → expected
outcomes → impact), what it does for each of the five social infrastructures, and three
tables: operational (goal | targets | metrics | actions | partners | budget), the
implementation timeline by quarter and the control points. A cell is text or `None`
("to complete"); nothing is ever filled in on the team's behalf.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from assistant.errors import InvalidInputError
from assistant.forum.inputs import CELL_MAX, IDEA_MAX, clean_text

LOGIC_FIELDS = ("problem", "inputs", "activities", "outcomes", "impact")
INFRASTRUCTURES = ("policy", "data", "outcomes", "continuity", "participation")
SECTIONS: dict[str, tuple[str, ...]] = {
    "operational": ("goal", "targets", "metrics", "actions", "partners", "budget"),
    "timeline": ("action", "owner", "start", "end"),
    "control": ("when", "measure", "target", "responsible"),
}
QUARTER_FIELDS = ("start", "end")
MAX_FOCUS_AREAS = 12
MAX_ROWS = 60

Cells = Mapping[str, str | None]
_QUARTER = re.compile(r"^(?:(\d{4})\s*[-/ ]?\s*[Qq]([1-4])|[Qq]([1-4])\s*[-/ ]?\s*(\d{4}))$")


def _complete(cells: Cells | None, names: Sequence[str], where: str) -> dict[str, str | None]:
    cells = dict(cells or {})
    unknown = set(cells) - set(names)
    if unknown:
        raise ValueError(f"{where}: unknown columns {sorted(unknown)}")
    return {name: cells.get(name) for name in names}


@dataclass(frozen=True)
class FocusArea:
    title: str
    logic: Cells = field(default_factory=dict)
    infrastructures: Cells = field(default_factory=dict)
    operational: tuple[Cells, ...] = ()
    timeline: tuple[Cells, ...] = ()
    control: tuple[Cells, ...] = ()
    idea_id: int | None = None  # the idea (action arena) it was seeded from

    def __post_init__(self) -> None:
        object.__setattr__(self, "logic", _complete(self.logic, LOGIC_FIELDS, "logic"))
        object.__setattr__(self, "infrastructures",
                           _complete(self.infrastructures, INFRASTRUCTURES, "infrastructures"))
        for section, names in SECTIONS.items():
            rows = tuple(_complete(row, names, section) for row in getattr(self, section))
            object.__setattr__(self, section, rows)

    def rows(self, section: str) -> tuple[dict[str, str | None], ...]:
        return getattr(self, section)


@dataclass(frozen=True)
class WorkPlan:
    focus_areas: tuple[FocusArea, ...]
    revision: int = 0  # 0: a seed drawn from the forum's data, never saved
    updated_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "focus_areas", tuple(self.focus_areas))

    @property
    def saved(self) -> bool:
        return self.revision > 0


def parse_quarter(text: str) -> tuple[int, int]:
    """(year, quarter) of "2026-Q1" (also "2026 Q1", "Q1 2026", "q1/2026")."""
    match = _QUARTER.match(text.strip())
    if not match:
        raise InvalidInputError(field="quarter", reason="quarter", limit=0, value=text)
    year, quarter = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    return int(year), int(quarter)


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def quarter_index(text: str) -> int:
    """A running number of the quarter, for ranges and ordering."""
    year, quarter = parse_quarter(text)
    return year * 4 + quarter - 1


def quarter_of(index: int) -> str:
    return quarter_label(index // 4, index % 4 + 1)


def _cell(value: str | None) -> str | None:
    return clean_text(value, "cell", CELL_MAX, required=False)


def _clean_row(section: str, row: Cells) -> dict[str, str | None] | None:
    cells = {name: _cell(value) for name, value in row.items()}
    if section == "timeline":
        for name in QUARTER_FIELDS:
            if cells[name]:
                cells[name] = quarter_label(*parse_quarter(cells[name]))
        if cells["start"] and cells["end"] and quarter_index(cells["end"]) < quarter_index(cells["start"]):
            raise InvalidInputError(field="quarter", reason="order", limit=0)
    return cells if any(cells.values()) else None


def clean_focus_area(area: FocusArea) -> FocusArea:
    title = clean_text(area.title, "focus_area", IDEA_MAX)
    sections = {}
    for section in SECTIONS:
        rows = [row for row in (_clean_row(section, r) for r in area.rows(section)) if row is not None]
        if len(rows) > MAX_ROWS:
            raise InvalidInputError(field=section, reason="too_many", limit=MAX_ROWS)
        sections[section] = tuple(rows)
    return FocusArea(title=title, logic={k: _cell(v) for k, v in area.logic.items()},
                     infrastructures={k: _cell(v) for k, v in area.infrastructures.items()},
                     idea_id=area.idea_id, **sections)


def clean_plan(areas: Sequence[FocusArea]) -> tuple[FocusArea, ...]:
    """The plan to store, or an InvalidInputError naming the field and the rule.
    Empty rows are dropped; quarters are normalised to "2026-Q1"."""
    if len(areas) > MAX_FOCUS_AREAS:
        raise InvalidInputError(field="focus_area", reason="too_many", limit=MAX_FOCUS_AREAS)
    cleaned = tuple(clean_focus_area(area) for area in areas)
    seen: set[str] = set()
    for area in cleaned:
        if area.title in seen:
            raise InvalidInputError(field="focus_area", reason="duplicate", limit=0, value=area.title)
        seen.add(area.title)
    return cleaned
