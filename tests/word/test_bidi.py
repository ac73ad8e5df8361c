"""Splitting mixed text into runs of one direction."""

from __future__ import annotations

import itertools

import pytest

from assistant.word.bidi import Segment, split_by_direction


def runs(text: str, rtl_paragraph: bool = True) -> list[tuple[str, bool]]:
    return [(segment.text, segment.rtl) for segment in split_by_direction(text, rtl_paragraph)]


def test_hebrew_with_numbers_currency_and_english():
    assert runs("תקציב 500 אלף ₪ for STEM 2025") == [
        ("תקציב ", True),
        ("500", False),
        (" אלף ₪ ", True),
        ("for STEM 2025", False),
    ]


def test_arabic_with_digits():
    assert runs("خطة 2025 للعمل") == [("خطة ", True), ("2025", False), (" للعمل", True)]


def test_numbers_keep_separators_and_affixes():
    assert runs("גידול של 40% מ-1,200 ל-1,800") == [
        ("גידול של ", True),
        ("40%", False),
        (" מ-", True),
        ("1,200", False),
        (" ל-", True),
        ("1,800", False),
    ]
    assert runs("תאריך 12/05/2025.") == [("תאריך ", True), ("12/05/2025", False), (".", True)]


def test_niqqud_stays_with_its_letter():
    assert runs("שָׁלוֹם עולם") == [("שָׁלוֹם עולם", True)]


def test_bracket_pairs_take_one_direction():
    assert runs("יעד (40%) לשנה") == [("יעד (", True), ("40%", False), (") לשנה", True)]
    assert runs("מ-1,800 (40%)") == [("מ-", True), ("1,800 (40%)", False)]
    assert runs("f(x) שווה") == [("f(x)", False), (" שווה", True)]


def test_text_without_hebrew_or_arabic_is_one_left_to_right_run():
    assert runs("Heading <script>alert(1)</script>!") == [("Heading <script>alert(1)</script>!", False)]
    assert runs("🎉 — 42") == [("🎉 — 42", False)]


def test_english_paragraph_puts_neutrals_between_directions_on_the_left_to_right_side():
    assert runs("see תקציב now", rtl_paragraph=False) == [("see ", False), ("תקציב", True), (" now", False)]


@pytest.mark.parametrize(
    "text",
    ["", "א", "a\u202eb שלום", "x\u200d\u200bש", "[[[(((", "a" * 500 + "ש" * 500, "\u05b0\u05b0 אב"],
)
def test_segments_join_back_to_the_text_and_alternate(text):
    segments = split_by_direction(text, True)
    assert "".join(segment.text for segment in segments) == text
    assert all(segment.text for segment in segments)
    assert all(a.rtl != b.rtl for a, b in itertools.pairwise(segments))


def test_segment_is_a_value():
    assert Segment("a", False) == Segment("a", False)
