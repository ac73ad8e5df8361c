from __future__ import annotations

import pytest

from assistant.errors import InvalidBallotError, InvalidPollError
from assistant.forum.ballots import ballot_entries, borda_points, poll_params
from assistant.forum.records import PollParams
from assistant.forum.vocabulary import VotingMethod

OPTIONS = [1, 2, 3, 4]


def reason(method, params, choices):
    with pytest.raises(InvalidBallotError) as caught:
        ballot_entries(method, params, OPTIONS, choices)
    return caught.value.params["reason"]


def test_dots_within_budget_and_cap():
    params = PollParams(budget=5, cap=3)
    entries = ballot_entries(VotingMethod.DOTS, params, OPTIONS, {2: 3, "1": 2, 3: 0})
    assert [(e.option_id, e.value) for e in entries] == [(1, 2), (2, 3)]
    assert reason(VotingMethod.DOTS, params, {1: 3, 2: 3}) == "over_budget"
    assert reason(VotingMethod.DOTS, params, {1: 4}) == "over_cap"
    assert reason(VotingMethod.DOTS, params, {1: -1}) == "negative"
    assert reason(VotingMethod.DOTS, params, {9: 1}) == "unknown_option"
    assert reason(VotingMethod.DOTS, params, {1: 0}) == "empty"
    assert reason(VotingMethod.DOTS, params, {1: 1.5}) == "not_a_number"
    assert reason(VotingMethod.DOTS, params, {1: True}) == "not_a_number"
    assert reason(VotingMethod.DOTS, params, [1, 2]) == "shape"


def test_ranking_top_n_without_repeats():
    params = PollParams(top_n=3)
    entries = ballot_entries(VotingMethod.RANKING, params, OPTIONS, [3, 1])
    assert [(e.option_id, e.value) for e in entries] == [(3, 1), (1, 2)]
    assert reason(VotingMethod.RANKING, params, [1, 1]) == "repeated"
    assert reason(VotingMethod.RANKING, params, [1, 2, 3, 4]) == "too_many"
    assert reason(VotingMethod.RANKING, params, []) == "empty"
    assert reason(VotingMethod.RANKING, params, "12") == "shape"
    assert [borda_points(r, 3) for r in (1, 2, 3)] == [3, 2, 1]


def test_rating_needs_every_criterion_on_the_scale():
    params = PollParams(criteria=("impact", "feasibility"), scale=5)
    entries = ballot_entries(VotingMethod.RATING, params, OPTIONS, {1: {"impact": 5, "feasibility": 2}})
    assert {(e.criterion, e.value) for e in entries} == {("impact", 5), ("feasibility", 2)}
    assert reason(VotingMethod.RATING, params, {1: {"impact": 5}}) == "criteria"
    assert reason(VotingMethod.RATING, params, {1: {"impact": 6, "feasibility": 1}}) == "out_of_scale"
    assert reason(VotingMethod.RATING, params, {}) == "empty"


def test_poll_params_are_checked():
    assert poll_params(VotingMethod.DOTS, {"budget": 7, "cap": 2}, 5).budget == 7
    assert poll_params(VotingMethod.RANKING, None, 2).top_n == 2
    for method, raw, n in [(VotingMethod.DOTS, {"budget": 2, "cap": 3}, 4), (VotingMethod.DOTS, None, 1),
                           (VotingMethod.RANKING, {"top_n": 5}, 4), (VotingMethod.RATING, {"criteria": []}, 3),
                           (VotingMethod.DOTS, {"budget": "x"}, 3)]:
        with pytest.raises(InvalidPollError):
            poll_params(method, raw, n)


def test_a_steps_poll_settings_keep_top_n_within_the_options():
    from assistant.forum.ballots import step_poll_params

    ranking = {"method": "ranking", "kind": "challenge", "top_n": 3}
    assert step_poll_params(ranking, 8) == {"top_n": 3}
    assert step_poll_params(ranking, 2) == {"top_n": 2}
    assert step_poll_params(ranking, 1) == {"top_n": 2}  # never below a poll's two options
    dots = {"method": "dots", "kind": "idea", "budget": 3, "cap": 1, "title": "ignored"}
    assert step_poll_params(dots, 1) == {"budget": 3, "cap": 1}
