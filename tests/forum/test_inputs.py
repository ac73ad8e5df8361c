from datetime import date

import pytest

from assistant.errors import InvalidInputError
from assistant.forum.inputs import ROOM_LINES_MAX, check_meeting_dates, clean_text, idea_lines


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



def test_ideas_typed_one_per_line_lose_their_list_marks_and_blank_lines():
    typed = "- מחסור במורים\r\n\r\n2. אין הסעות\n• \u202eפערים\u202c  בין   שכונות\n(3) גן קהילתי\nא) שיתוף הורים\n  \n"
    assert idea_lines(typed) == ["מחסור במורים", "אין הסעות", "פערים בין שכונות", "גן קהילתי", "שיתוף הורים"]
    # a number or letter that begins the idea itself is kept
    assert idea_lines("3 מורים חדשים בכל שנה\n2026: שנת המדע\nSTEM לכולם") == [
        "3 מורים חדשים בכל שנה", "2026: שנת המדע", "STEM לכולם"]


def test_ideas_typed_one_per_line_are_refused_by_the_line_at_fault():
    with pytest.raises(InvalidInputError) as empty:
        idea_lines(" \n - \n\u202e\n")
    assert empty.value.params["reason"] == "empty"
    with pytest.raises(InvalidInputError) as long_line:
        idea_lines("קצר\n\n" + "א" * 501)
    assert long_line.value.params == {"field": "room_ideas", "reason": "line_too_long", "line": 3, "limit": 500,
                                      "length": 501}
    assert long_line.value.message("he").startswith("רעיונות מהחדר: שורה 3 ארוכה מ-500 תווים (נכתבו 501).")
    with pytest.raises(InvalidInputError) as many:
        idea_lines("\n".join(f"רעיון {n}" for n in range(ROOM_LINES_MAX + 1)))
    assert many.value.params["reason"] == "too_many_lines" and f"({ROOM_LINES_MAX + 1} written)" in many.value.message("en")
    assert len(idea_lines("\n".join(f"רעיון {n}" for n in range(ROOM_LINES_MAX)))) == ROOM_LINES_MAX
