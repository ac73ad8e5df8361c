"""How many people were in the room at a meeting, as the facilitator counted them: phones
only count those who used one. A total, and optionally how many came from each sector."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from assistant.errors import InvalidInputError
from assistant.forum.vocabulary import Sector

ATTENDANCE_MAX = 5000


@dataclass(frozen=True)
class Attendance:
    total: int
    by_sector: Mapping[Sector, int] = field(default_factory=dict)  # sectors counted, in Sector order

    def __post_init__(self) -> None:
        ordered = {s: self.by_sector[s] for s in Sector if self.by_sector.get(s)}
        object.__setattr__(self, "by_sector", MappingProxyType(ordered))

    @property
    def counted_by_sector(self) -> int:
        return sum(self.by_sector.values())

    def to_json(self) -> dict[str, int]:
        return {sector.value: count for sector, count in self.by_sector.items()}


def check_attendance(total: int | None, by_sector: Mapping[Sector | str, int | None] | None = None
                     ) -> Attendance | None:
    """The attendance to keep, or None when nothing was counted (which clears it). Without a
    total the sectors' counts add up to it; with one, they may not exceed it (some people's
    sector is not known)."""
    counts: dict[Sector, int] = {}
    for name, count in (by_sector or {}).items():
        try:
            sector = Sector(name)
        except ValueError:
            raise InvalidInputError(field="sector", reason="choice", limit=0) from None
        if count:
            counts[sector] = _count(count)
    counted = sum(counts.values())
    if total in (None, 0) and not counted:
        return None
    total = counted if total is None else _count(total)
    if total < counted:
        raise InvalidInputError(field="attendance", reason="attendance_below_sectors", total=total,
                                counted=counted)
    return Attendance(total, counts)


def _count(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= ATTENDANCE_MAX:
        raise InvalidInputError(field="attendance", reason="attendance_count", limit=ATTENDANCE_MAX)
    return value


def attendance_from_json(total: int | None, by_sector: Mapping[str, int] | None) -> Attendance | None:
    """The stored form read back (sectors no longer known are dropped)."""
    if total is None:
        return None
    names = {s.value for s in Sector}
    known = {Sector(k): int(v) for k, v in (by_sector or {}).items() if k in names}
    return Attendance(int(total), known)
