from datetime import date

import pytest

from assistant.errors import InvalidInputError
from assistant.forum.inputs import check_meeting_dates, clean_text


def test_keeps_markup_emoji_and_zero_width_but_strips_controls_and_bidi_overrides():
    raw = " <b>x</b> [a](http://e) 👩‍👩‍👧 a\u200bb \u202eabc\u202c \u2067ש\u2069 tab\tnew\nline\x07 "
    assert clean_text(raw, "idea", 500) == "<b>x</b> [a](http://e) 👩‍👩‍👧 a\u200bb abc ש tab\tnew\nline"


def test_limits_and_emptiness():
    assert clean_text("x" * 500, "idea", 500) == "x" * 500
    with pytest.raises(InvalidInputError) as caught:
        clean_text("x" * 501, "idea", 500)
    assert "500" in caught.value.message("he") and "501" in caught.value.message("en")
    assert clean_text("  ", "display_name", 60, required=False) is None
    with pytest.raises(InvalidInputError):
        clean_text("\r\n", "idea", 500)


def test_meeting_dates_must_follow_the_meetings_order():
    d = date(2026, 12, 3)
    assert check_meeting_dates({1: d, 2: None, 3: d, 4: date(2027, 1, 1)}) == {1: d, 2: None, 3: d, 4: date(2027, 1, 1)}
    with pytest.raises(InvalidInputError) as caught:
        check_meeting_dates({1: date(2026, 12, 10), 2: None, 3: d})
    assert caught.value.params == {"field": "meeting_dates", "reason": "meeting_order", "earlier": 1, "later": 3}
    assert "Meeting dates: meeting 3 cannot come before meeting 1." in caught.value.message("en")

