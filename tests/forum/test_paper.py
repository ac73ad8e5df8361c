"""Dots voted on paper in the room, as the facilitator counts them."""

import pytest

from assistant.errors import InvalidInputError
from assistant.forum.paper import PAPER_DOTS_MAX, check_paper_count, paper_from_stored
from assistant.forum.records import PaperCount, PollParams
from assistant.forum.vocabulary import VotingMethod

DOTS = VotingMethod.DOTS
PARAMS = PollParams(budget=5, cap=3)
OPTIONS = (10, 11, 12)


def test_a_count_keeps_the_options_that_got_dots_in_order():
    counted = check_paper_count(DOTS, PARAMS, OPTIONS, 4, {12: 6, 10: 9, 11: None, "11": 0})
    assert counted == PaperCount(4, {10: 9, 12: 6})
    assert list(counted.dots) == [10, 12] and counted.total == 15


def test_nothing_counted_clears_it():
    assert check_paper_count(DOTS, PARAMS, OPTIONS, None, {}) is None
    assert check_paper_count(DOTS, PARAMS, OPTIONS, 0, {10: 0, 11: None}) is None


def test_each_person_on_paper_had_the_polls_budget_and_cap():
    assert check_paper_count(DOTS, PARAMS, OPTIONS, 2, {10: 6, 11: 4}).total == 10  # exactly 2 x 5, 2 x 3
    with pytest.raises(InvalidInputError) as caught:
        check_paper_count(DOTS, PARAMS, OPTIONS, 2, {10: 6, 11: 4, 12: 1})
    assert caught.value.params == {"field": "paper_votes", "reason": "paper_over_budget", "dots": 11, "voters": 2,
                                   "budget": 5}
    assert caught.value.message("he").startswith("הצבעה על נייר: נספרו 11 נקודות, יותר ממה ש-2 משתתפים")
    with pytest.raises(InvalidInputError) as caught:
        check_paper_count(DOTS, PARAMS, OPTIONS, 2, {10: 7})
    assert caught.value.params["reason"] == "paper_over_cap" and "7" in caught.value.message("en")


@pytest.mark.parametrize("voters, dots, reason", [
    (0, {10: 1}, "paper_over_budget"),  # dots nobody could have stuck
    (None, {10: 1}, "paper_over_budget"),
    (3, {}, "paper_no_dots"),
    (-1, {10: 1}, "attendance_count"),
    (2, {10: -1}, "attendance_count"),
    (2, {10: 1.5}, "attendance_count"),
    (True, {10: 1}, "attendance_count"),
    (2, {10: PAPER_DOTS_MAX + 1}, "attendance_count"),
    (2, {99: 1}, "choice"),
])
def test_counts_that_cannot_be_are_refused_with_a_reason(voters, dots, reason):
    with pytest.raises(InvalidInputError) as caught:
        check_paper_count(DOTS, PARAMS, OPTIONS, voters, dots)
    assert caught.value.params["reason"] == reason
    for language in ("he", "ar", "en"):
        assert "{" not in caught.value.message(language)


@pytest.mark.parametrize("method", [VotingMethod.RANKING, VotingMethod.RATING])
def test_only_a_dots_vote_can_be_voted_on_paper(method):
    with pytest.raises(InvalidInputError) as caught:
        check_paper_count(method, PARAMS, OPTIONS, 2, {10: 1})
    assert caught.value.params["reason"] == "paper_not_dots"


def test_the_stored_form_reads_back():
    assert paper_from_stored(None, {10: None}) is None
    assert paper_from_stored(3, {10: 4, 11: None, 12: 0}) == PaperCount(3, {10: 4})
