"""Dots voted on paper: sticker dots on a flipchart, counted by the facilitator and added to
a dots poll's phone ballots. How many people voted on paper, and how many dots each option
got there. Paper has no sector, so it counts in the score, never in the consensus."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from assistant.errors import InvalidInputError
from assistant.forum.attendance import ATTENDANCE_MAX
from assistant.forum.records import PaperCount, PollParams
from assistant.forum.vocabulary import VotingMethod

PAPER_DOTS_MAX = ATTENDANCE_MAX * 50  # the largest budget a dots poll may have


def check_paper_count(method: VotingMethod, params: PollParams, option_ids: Iterable[int],
                      voters: Any, dots: Mapping[Any, Any] | None) -> PaperCount | None:
    """The paper count to keep, or None when nothing was counted (which clears it).

    Each person on paper had the poll's budget and cap: more dots than that could not have
    been stuck, so the count is refused rather than kept wrong."""
    if method is not VotingMethod.DOTS:
        raise InvalidInputError(field="paper_votes", reason="paper_not_dots")
    known = frozenset(option_ids)
    counted: dict[int, int] = {}
    for option, n in (dots or {}).items():
        oid = int(option) if isinstance(option, str) and option.isdigit() else option
        if oid not in known:
            raise InvalidInputError(field="paper_votes", reason="choice", limit=0)
        if n is not None:
            counted[oid] = _count(n, PAPER_DOTS_MAX)
    people = 0 if voters is None else _count(voters, ATTENDANCE_MAX)
    total = sum(counted.values())
    if not people and not total:
        return None
    if not total:
        raise InvalidInputError(field="paper_votes", reason="paper_no_dots", voters=people)
    if total > people * params.budget:
        raise InvalidInputError(field="paper_votes", reason="paper_over_budget", dots=total, voters=people,
                                budget=params.budget)
    over = next((n for n in counted.values() if n > people * params.cap), None)
    if over is not None:
        raise InvalidInputError(field="paper_votes", reason="paper_over_cap", dots=over, voters=people,
                                cap=params.cap)
    return PaperCount(people, counted)


def _count(value: Any, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        raise InvalidInputError(field="paper_votes", reason="attendance_count", limit=limit)
    return value


def paper_from_stored(voters: int | None, dots: Mapping[int, int | None]) -> PaperCount | None:
    """The stored form read back."""
    return None if voters is None else PaperCount(int(voters), {o: int(n) for o, n in dots.items() if n})
