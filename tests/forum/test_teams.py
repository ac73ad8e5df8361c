"""The teams' rules: statuses computed from baseline, plan and actual; values typed in a unit."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.errors import InvalidInputError
from assistant.forum.teams import (
    ControlPoint,
    Member,
    Target,
    TargetStatus,
    check_due,
    parse_measure,
    sector_mix,
    status_of,
)


@pytest.mark.parametrize(("baseline", "planned", "actual", "expected"), [
    (17, 25, 25, TargetStatus.ON_TRACK),
    (17, 25, 30, TargetStatus.ON_TRACK),
    (17, 25, 24.3, TargetStatus.ON_TRACK),  # 91% of the way
    (17, 25, 22, TargetStatus.AT_RISK),  # 62.5%
    (17, 18.5, 17.9, TargetStatus.AT_RISK),  # 60%, though 0.9 / 1.5 is 0.5999... in floating point
    (17, 25, 20, TargetStatus.BEHIND),
    (17, 25, 15, TargetStatus.BEHIND),  # went the wrong way
    (12, 6, 6, TargetStatus.ON_TRACK),  # a target to lower (dropout)
    (12, 6, 8, TargetStatus.AT_RISK),
    (12, 6, 11, TargetStatus.BEHIND),
    (12, 6, 13, TargetStatus.BEHIND),
    (50, 50, 51, TargetStatus.ON_TRACK),  # to hold a level
    (50, 50, 48, TargetStatus.AT_RISK),
    (50, 50, 30, TargetStatus.BEHIND),
])
def test_status_is_the_share_of_the_planned_change_reached(baseline, planned, actual, expected):
    assert status_of(baseline, planned, actual) is expected


def test_a_target_s_status_is_at_its_latest_measure_and_a_missed_date_says_so():
    today = date(2027, 7, 1)
    points = (ControlPoint(1, date(2027, 1, 1), 19, actual=19.5), ControlPoint(2, date(2027, 6, 1), 21),
              ControlPoint(3, date(2028, 1, 1), 25))
    target = Target(1, "השתתפות בתנועות נוער", "%", 17, points=points)
    assert target.status(today) is TargetStatus.NOT_MEASURED  # June passed unmeasured
    assert target.status(date(2027, 3, 1)) is TargetStatus.ON_TRACK
    measured = Target(1, "x", "%", 17, points=(points[0], ControlPoint(2, date(2027, 6, 1), 21, actual=19)))
    assert measured.status(today) is TargetStatus.BEHIND  # 2 of 4 points
    assert Target(1, "x", "%", 17, points=(points[2],)).status(today) is TargetStatus.UPCOMING
    assert Target(1, "x", "%", 17).status(today) is None


@pytest.mark.parametrize(("typed", "unit", "value"), [
    ("25", "%", 25.0), ("25%", "%", 25.0), (" 25.5 % ", "%", 25.5), ("25,5", "%", 25.5),
    ("1,200", "ילדים", 1200.0), ("1,200 ילדים", "ילדים", 1200.0), ("\u200f-3", "", -3.0),
    ("12,560 ₪", "₪", 12560.0), (40, "", 40.0), ("\u221212", "", -12.0),
    # as typed on an Arabic keyboard: Arabic-Indic digits, its decimal point and percent sign
    ("١٩٫٥", "%", 19.5), ("١٩٫٥٪", "%", 19.5), ("١٢٬٥٦٠ ₪", "₪", 12560.0), ("۱۲۰۰", "", 1200.0),
])
def test_a_value_is_read_in_its_unit(typed, unit, value):
    assert parse_measure(typed, unit) == value


@pytest.mark.parametrize(("typed", "unit", "reason"), [
    ("", "%", "number"), ("בערך עשרים", "%", "number"), ("25%", "ילדים", "unit"), ("25 ₪", "%", "unit"),
    ("1.2.3", "", "number"), (True, "", "number"), (float("nan"), "", "number"), ("1e400", "", "number"),
    ("=1+1", "", "number"),
])
def test_a_value_that_is_not_a_number_or_in_another_unit_is_refused_in_words(typed, unit, reason):
    with pytest.raises(InvalidInputError) as caught:
        parse_measure(typed, unit)
    assert caught.value.params["reason"] == reason
    message = caught.value.message("he")
    assert "{" not in message and "error." not in message
    if reason == "unit":
        assert unit in message


def test_a_control_point_before_the_plan_starts_is_refused():
    assert check_due(date(2027, 3, 1), date(2027, 1, 1)) == date(2027, 3, 1)
    with pytest.raises(InvalidInputError) as caught:
        check_due(date(2026, 12, 1), date(2027, 1, 1))
    assert caught.value.params["reason"] == "before_plan"
    assert "2027" in caught.value.message("ar")


def test_sector_mix_names_the_forum_s_sectors_the_team_lacks():
    members = [Member(1, "דנה", "municipality"), Member(2, None, "residents"), Member(3, "x", "municipality")]
    mix = sector_mix(members, ["residents"] * 10 + ["ngo"] * 5 + ["municipality"] * 5)
    assert mix.missing == ["ngo"]
    assert mix.share("municipality") == pytest.approx(2 / 3)
    assert mix.share("residents", of="forum") == pytest.approx(0.5)
