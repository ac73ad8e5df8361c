"""A locality's indicators: the situation picture's figures (תמונת מצב), each against what it
is compared with. Meeting 2 presents them, the room says which worry it most, challenges link
to them, and the agenda and the work plan carry them forward.

Pure: no store, no files (`indicator_file` reads a spreadsheet into these).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from assistant.errors import InvalidInputError
from assistant.forum.inputs import clean_text
from assistant.forum.records import PollRecord
from assistant.forum.work_plan import WorkPlan


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
MAX_INDICATORS = 500


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


def check_indicator(indicator: Indicator) -> Indicator:
    """`indicator` as stored: its texts cleaned and bounded, its numbers finite, its year a
    year, or an InvalidInputError naming the field."""
    name = clean_text(indicator.name, "indicator_name", NAME_MAX)
    unit = clean_text(indicator.unit, "indicator_unit", UNIT_MAX, required=False) or ""
    source = clean_text(indicator.source, "indicator_source", SOURCE_MAX, required=False) or ""
    for field, number in (("indicator_value", indicator.value), ("indicator_comparison", indicator.comparison)):
        if number is not None and (isinstance(number, bool) or not math.isfinite(number)):
            raise InvalidInputError(field=field, reason="number")
    if indicator.year is not None and indicator.year not in YEARS:
        raise InvalidInputError(field="indicator_year", reason="number")
    return replace(indicator, name=name, unit=unit, source=source,
                   value=float(indicator.value),
                   comparison=None if indicator.comparison is None else float(indicator.comparison))


def format_number(number: float) -> str:
    """18642 -> "18,642", 30.9 -> "30.9", 0.125 -> "0.13": thousands marked, at most two decimals."""
    rounded = round(number, 2)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.2f}".rstrip("0").rstrip(".")


def format_value(number: float | None, unit: str) -> str:
    """A value with its unit as a table shows it: "30.9%", "12,560 ₪", "4 מתוך 10"."""
    if number is None:
        return ""
    text = format_number(number)
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit else text


def format_gap(indicator: Indicator) -> str:
    """The gap with its sign ("-3%", "+2.9%"); percentages' gaps are in percentage points."""
    gap = indicator.gap
    if gap is None:
        return ""
    sign = "+" if gap > 0 else ("-" if gap < 0 else "")
    return sign + format_value(abs(gap), indicator.unit)


def cells(indicator: Indicator, say: Callable[[str], str]) -> dict[str, str]:
    """An indicator's cells as the tables show them, by column ("name", "stage", "value",
    "comparison", "compared_to", "gap", "year", "source"); `say` words a catalog key."""
    i = indicator
    return {"name": i.name, "stage": say(f"indicators.stage.{i.age_stage}") if i.age_stage else "",
            "value": format_value(i.value, i.unit), "comparison": format_value(i.comparison, i.unit),
            "compared_to": say(f"indicators.compared.{i.compared_to}") if i.compared_to else "",
            "gap": format_gap(i), "year": str(i.year) if i.year else "", "source": i.source}


# Suggested links between a challenge and indicators, by meaning (multilingual-e5-small's
# query vectors): at least this similar (a Hebrew challenge to a Hebrew name; an Arabic one
# across scripts), and within MARGIN of the best. Set on a handful of challenges against the
# sample set: suggestions only, the facilitator decides.
LINK_THRESHOLD = 0.89
LINK_ACROSS_THRESHOLD = 0.86
LINK_MARGIN = 0.02
LINKS_SUGGESTED = 2


def suggested_links(similarities, across) -> list[int]:
    """Positions of the indicators to suggest for a challenge, most similar first, from each
    one's similarity to it and whether it is in another script."""
    needed = [LINK_ACROSS_THRESHOLD if a else LINK_THRESHOLD for a in across]
    passing = [n for n, sim in enumerate(similarities) if sim >= needed[n]]
    if not passing:
        return []
    best = max(similarities[n] for n in passing)
    close = [n for n in passing if similarities[n] >= best - LINK_MARGIN]
    return sorted(close, key=lambda n: -similarities[n])[:LINKS_SUGGESTED]


def over_indicators(poll: PollRecord, names: Collection[str]) -> bool:
    """A vote over the situation picture's indicators (each option an indicator's name), as the
    console opens it: it belongs to the situation picture, not to an output's ideas."""
    return len(poll.options) >= 2 and all(o.idea_id is None and o.label in names for o in poll.options)


# The worries carried into the challenges step (the console's card, the phones, the projector).
WORRIES_SHOWN = 3


@dataclass(frozen=True)
class RoomWorries:
    """What the room found most worrying in the situation picture: the indicators its vote put
    first, each with its score (picks), best first."""

    poll: PollRecord
    voters: int
    top: tuple[tuple[Indicator, float], ...]

    @classmethod
    def of(cls, poll: PollRecord, voters: int, leaders: Sequence[tuple[str, float]],
           indicators: Sequence[Indicator]) -> RoomWorries:
        by_name: dict[str, Indicator] = {}
        for indicator in indicators:
            by_name.setdefault(indicator.name, indicator)
        return cls(poll, voters, tuple((by_name[name], score) for name, score in leaders
                                       if name in by_name and score > 0))


def by_stage(indicators: Sequence[Indicator]) -> list[tuple[AgeStage | None, list[Indicator]]]:
    """The indicators grouped along the continuum from birth to employment, the locality's
    general figures (no age stage) first; each group in the facilitator's order."""
    groups: dict[AgeStage | None, list[Indicator]] = {}
    for indicator in indicators:
        groups.setdefault(indicator.age_stage, []).append(indicator)
    order = [None, *AgeStage]
    return sorted(groups.items(), key=lambda pair: order.index(pair[0]))


def by_domain_and_stage(indicators: Sequence[Indicator]
                        ) -> list[tuple[str | None, list[tuple[AgeStage | None, list[Indicator]]]]]:
    """The dashboard's order: by mobility domain when the indicators name more than one (in the
    order first named, those without one last), each by age stage; else by age stage alone
    (under a single `None`)."""
    domains = list(dict.fromkeys(i.domain for i in indicators))
    if len(domains) <= 1:
        return [(None, by_stage(indicators))]
    ordered = [d for d in domains if d is not None] + ([None] if None in domains else [])
    return [(domain, by_stage([i for i in indicators if i.domain == domain])) for domain in ordered]


@dataclass(frozen=True)
class PlanTarget:
    """What the work plan sets for an indicator: its words for the target, and where."""

    text: str
    focus_area: str


def _names(cell: str | None, name: str) -> bool:
    """Whether a plan's cell names the indicator, as a whole phrase (any case and spacing)."""
    if not cell:
        return False
    words = r"\s+".join(re.escape(word) for word in name.casefold().split())
    return re.search(rf"(?<!\w){words}(?!\w)", cell.casefold()) is not None


def _target_for(measure: str | None, text: str | None, name: str) -> str | None:
    """The target written for `name` in a plan's row: the targets' line beside the metrics' line
    that names it when both cells have as many lines (one metric per line, as the seed writes
    them), else the whole cell; None when the row does not measure it or sets no target."""
    if not text or not text.strip() or not _names(measure, name):
        return None
    measures = [line for line in (measure or "").splitlines() if line.strip()]
    targets = [line for line in text.splitlines() if line.strip()]
    if len(measures) > 1 and len(targets) == len(measures):
        text = next(target for line, target in zip(measures, targets, strict=True) if _names(line, name))
    return " ".join(text.split())


def plan_targets(plan: WorkPlan | None, indicators: Sequence[Indicator]) -> list[PlanTarget | None]:
    """Per indicator, the target the plan sets for it, if any: the first operational goal whose
    metrics name the indicator and whose targets are written, else the first control point
    that measures it with a target."""
    areas = plan.focus_areas if plan else ()
    rows = [(row["metrics"], row["targets"], area.title) for area in areas for row in area.operational]
    rows += [(row["measure"], row["target"], area.title) for area in areas for row in area.control]
    found: list[PlanTarget | None] = []
    for indicator in indicators:
        targets = ((_target_for(measure, text, indicator.name), title) for measure, text, title in rows)
        found.append(next((PlanTarget(text, title) for text, title in targets if text), None))
    return found
