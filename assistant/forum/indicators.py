"""A locality's indicators: the situation picture's figures (תמונת מצב), each against what it
is compared with. Meeting 2 presents them, the room says which worry it most, challenges link
to them, and the agenda and the work plan carry them forward.

Pure: no store, no files (`indicator_file` reads a spreadsheet into these).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AgeStage(StrEnum):
    """Where along the continuum from birth to employment an indicator looks (the roadmap's
    stages: birth to 6, elementary, secondary, military or national service, higher
    education, employment)."""

    EARLY_CHILDHOOD = "early_childhood"
    ELEMENTARY = "elementary"
    SECONDARY = "secondary"
    SERVICE = "service"
    HIGHER_EDUCATION = "higher_education"
    EMPLOYMENT = "employment"


class Comparison(StrEnum):
    """What the comparison value is."""

    NATIONAL = "national"
    DISTRICT = "district"
    SIMILAR = "similar"  # similar localities (the same socio-economic cluster, say)
    TARGET = "target"


NAME_MAX = 200
UNIT_MAX = 40
SOURCE_MAX = 400
YEARS = range(1948, 2101)


@dataclass(frozen=True)
class Indicator:
    name: str
    value: float
    unit: str = ""
    domain: str | None = None  # a mobility domain's key (prompts/playbook/domains.yaml)
    age_stage: AgeStage | None = None
    comparison: float | None = None
    compared_to: Comparison | None = None
    year: int | None = None
    source: str = ""

    @property
    def gap(self) -> float | None:
        """The locality's value minus the comparison (None without one)."""
        return None if self.comparison is None else self.value - self.comparison

    @property
    def relative_gap(self) -> float | None:
        """The gap as a share of the comparison (None without one, or against zero)."""
        if self.comparison in (None, 0):
            return None
        return (self.value - self.comparison) / abs(self.comparison)

    def identity(self) -> tuple[str, str | None]:
        """Two rows are the same indicator when they name it alike for the same age stage."""
        return " ".join(self.name.casefold().split()), self.age_stage
