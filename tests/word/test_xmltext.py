"""Which characters can't be written to Word, and what happens to them."""

from __future__ import annotations

from assistant.word.xmltext import xml_safe


def test_characters_illegal_in_xml_are_removed():
    controls = [*range(9), 0x0B, 0x0C, *range(0x0E, 0x20)]
    illegal = "".join(map(chr, controls)) + "\ufffe\uffff\ud800\udfff"
    assert xml_safe(f"a{illegal}b") == "ab"


def test_line_endings_become_line_feeds_and_tabs_stay():
    assert xml_safe("a\r\nb\rc\nd\te") == "a\nb\nc\nd\te"


def test_everything_else_is_kept_literally():
    text = "<script>&amp; **md** \u202eevil\u202c \u200b\u200d\u2066 🎉 \x7f\x85 \U0010fffd ש"
    assert xml_safe(text) == text
