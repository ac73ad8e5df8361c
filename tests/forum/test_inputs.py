import pytest

from assistant.errors import InvalidInputError
from assistant.forum.inputs import clean_text


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
