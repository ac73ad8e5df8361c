"""Voting rules: what a valid ballot is for each method, as pure functions.

Choices come from the phone as
- dots:    {option_id: dots}                       within a budget and a cap per option
- ranking: [option_id, ...]                        best first, at most top_n, no repeats
- rating:  {option_id: {criterion: 1..scale}}      every criterion for each rated option
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from assistant.errors import InvalidBallotError, InvalidPollError
from assistant.forum.records import DEFAULT_CRITERIA, BallotEntry, PollParams
from assistant.forum.vocabulary import VotingMethod

MAX_OPTIONS = 40
MIN_POLL_OPTIONS = 2
_STEP_POLL_SETTINGS = ("budget", "cap", "top_n", "criteria")


def step_poll_params(spec: Mapping[str, Any], options: int) -> dict[str, Any]:
    """A playbook step's poll settings for a poll over `options` ideas, top-N no larger than the options."""
    params = {k: spec[k] for k in _STEP_POLL_SETTINGS if k in spec}
    if spec.get("method") == VotingMethod.RANKING and "top_n" in params:
        params["top_n"] = min(params["top_n"], max(options, MIN_POLL_OPTIONS))
    return params


def poll_params(method: VotingMethod, raw: Mapping[str, Any] | None, n_options: int) -> PollParams:
    """Checked parameters for a poll with `n_options` options: where a poll is created or
    restored, and where the store reads one (its record carries them parsed)."""
    raw = dict(raw or {})
    try:
        params = PollParams(
            budget=int(raw.get("budget", 5)),
            cap=int(raw.get("cap", min(3, int(raw.get("budget", 5))))),
            top_n=int(raw.get("top_n", min(3, n_options))),
            criteria=tuple(str(c).strip() for c in raw.get("criteria", DEFAULT_CRITERIA) if str(c).strip()),
            scale=int(raw.get("scale", 5)),
        )
    except (TypeError, ValueError) as exc:
        raise InvalidPollError(reason=str(exc)) from exc
    if n_options < 2:
        raise InvalidPollError(reason="options<2")
    if n_options > MAX_OPTIONS:
        raise InvalidPollError(reason=f"options>{MAX_OPTIONS}")
    if method is VotingMethod.DOTS and not (1 <= params.cap <= params.budget <= 50):
        raise InvalidPollError(reason="1 <= cap <= budget <= 50")
    if method is VotingMethod.RANKING and not (1 <= params.top_n <= n_options):
        raise InvalidPollError(reason="1 <= top_n <= options")
    if method is VotingMethod.RATING and (not params.criteria or not (2 <= params.scale <= 10)):
        raise InvalidPollError(reason="criteria and 2 <= scale <= 10")
    return params


def _as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise InvalidBallotError(reason="not_a_number")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidBallotError(reason="not_a_number") from None
    if number != value and not isinstance(value, str):
        raise InvalidBallotError(reason="not_a_number")
    return number


def _known(option_id: Any, options: frozenset[int]) -> int:
    oid = _as_int(option_id)
    if oid not in options:
        raise InvalidBallotError(reason="unknown_option")
    return oid


def ballot_entries(method: VotingMethod, params: PollParams, option_ids: Iterable[int],
                   choices: Any) -> tuple[BallotEntry, ...]:
    """The entries to store for these choices, or InvalidBallotError."""
    options = frozenset(option_ids)
    if method is VotingMethod.DOTS:
        return _dots(params, options, choices)
    if method is VotingMethod.RANKING:
        return _ranking(params, options, choices)
    return _rating(params, options, choices)


def _dots(params: PollParams, options: frozenset[int], choices: Any) -> tuple[BallotEntry, ...]:
    if not isinstance(choices, Mapping):
        raise InvalidBallotError(reason="shape")
    entries = []
    for option_id, dots in choices.items():
        oid, n = _known(option_id, options), _as_int(dots)
        if n < 0:
            raise InvalidBallotError(reason="negative")
        if n > params.cap:
            raise InvalidBallotError(reason="over_cap", cap=params.cap)
        if n:
            entries.append(BallotEntry(option_id=oid, value=n))
    total = sum(e.value for e in entries)
    if total == 0:
        raise InvalidBallotError(reason="empty")
    if total > params.budget:
        raise InvalidBallotError(reason="over_budget", budget=params.budget, used=total)
    return tuple(sorted(entries, key=lambda e: e.option_id))


def _ranking(params: PollParams, options: frozenset[int], choices: Any) -> tuple[BallotEntry, ...]:
    if isinstance(choices, (str, bytes, Mapping)) or not isinstance(choices, Iterable):
        raise InvalidBallotError(reason="shape")
    ranked = [_known(oid, options) for oid in choices]
    if not ranked:
        raise InvalidBallotError(reason="empty")
    if len(set(ranked)) != len(ranked):
        raise InvalidBallotError(reason="repeated")
    if len(ranked) > params.top_n:
        raise InvalidBallotError(reason="too_many", top_n=params.top_n)
    return tuple(BallotEntry(option_id=oid, value=rank) for rank, oid in enumerate(ranked, start=1))


def _rating(params: PollParams, options: frozenset[int], choices: Any) -> tuple[BallotEntry, ...]:
    if not isinstance(choices, Mapping):
        raise InvalidBallotError(reason="shape")
    entries = []
    for option_id, scores in choices.items():
        oid = _known(option_id, options)
        if not isinstance(scores, Mapping) or set(scores) != set(params.criteria):
            raise InvalidBallotError(reason="criteria", criteria=params.criteria)
        for criterion in params.criteria:
            value = _as_int(scores[criterion])
            if not 1 <= value <= params.scale:
                raise InvalidBallotError(reason="out_of_scale", scale=params.scale)
            entries.append(BallotEntry(option_id=oid, value=value, criterion=criterion))
    if not entries:
        raise InvalidBallotError(reason="empty")
    return tuple(sorted(entries, key=lambda e: (e.option_id, e.criterion)))


def choices_from_entries(method: VotingMethod, entries: Iterable[BallotEntry]) -> Any:
    """The choices a phone would have sent for these stored entries (`ballot_entries` run on
    them gives the entries back when, and only when, they keep the poll's rules)."""
    entries = list(entries)
    if method is VotingMethod.DOTS:
        choices: dict[int, int] = {}
        for e in entries:  # an option twice is a shape no phone sends: it adds up, and is checked so
            choices[e.option_id] = choices.get(e.option_id, 0) + e.value
        return choices
    if method is VotingMethod.RANKING:
        return [e.option_id for e in sorted(entries, key=lambda e: (e.value, e.option_id))]
    scores: dict[int, dict[str, int]] = {}
    for e in entries:
        scores.setdefault(e.option_id, {})[e.criterion] = e.value
    return scores


def borda_points(rank: int, top_n: int) -> int:
    """Rank 1 of a top-N ranking earns N points, rank N earns 1."""
    return top_n - rank + 1
