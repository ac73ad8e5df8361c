"""The room's attendance as the facilitator counts it."""

import pytest

from assistant.errors import InvalidInputError
from assistant.forum.attendance import ATTENDANCE_MAX, Attendance, attendance_from_json, check_attendance
from assistant.forum.vocabulary import Sector


def test_a_total_with_some_sectors_counted():
    counted = check_attendance(42, {"residents": 20, Sector.MUNICIPALITY: 6, "ngo": None, "business": 0})
    assert counted == Attendance(42, {Sector.RESIDENTS: 20, Sector.MUNICIPALITY: 6})
    assert list(counted.by_sector) == [Sector.MUNICIPALITY, Sector.RESIDENTS]  # in the sectors' order
    assert counted.counted_by_sector == 26 and counted.to_json() == {"municipality": 6, "residents": 20}


def test_without_a_total_the_sectors_add_up_to_it_and_nothing_counted_clears():
    assert check_attendance(None, {"ngo": 5, "education": 7}).total == 12
    assert check_attendance(None, {}) is None and check_attendance(0, {"ngo": 0}) is None
    assert check_attendance(None) is None
    assert check_attendance(30) == Attendance(30)


@pytest.mark.parametrize("total, sectors, reason", [
    (10, {"residents": 8, "ngo": 3}, "attendance_below_sectors"),
    (-1, {}, "attendance_count"),
    (ATTENDANCE_MAX + 1, {}, "attendance_count"),
    (12, {"ngo": -2}, "attendance_count"),
    (2.5, {}, "attendance_count"),
    (True, {}, "attendance_count"),
    (5, {"aliens": 1}, "choice"),
])
def test_counts_that_cannot_be_are_refused_with_a_reason(total, sectors, reason):
    with pytest.raises(InvalidInputError) as caught:
        check_attendance(total, sectors)
    assert caught.value.params["reason"] == reason
    assert "{" not in caught.value.message("he") and caught.value.message("ar") != caught.value.message("en")


def test_the_refusal_names_both_numbers():
    with pytest.raises(InvalidInputError) as caught:
        check_attendance(10, {"residents": 8, "ngo": 3})
    assert caught.value.message("he") == ("נוכחות: סך הנוכחים (10) קטן מסכום המגזרים (11). "
                                          "המספרים נשארו בטופס; נא לתקן אותם.")


def test_the_stored_form_reads_back_and_forgets_unknown_sectors():
    assert attendance_from_json(None, {"ngo": 3}) is None
    assert attendance_from_json(9, {"ngo": 3, "retired-sector": 2}) == Attendance(9, {Sector.NGO: 3})
