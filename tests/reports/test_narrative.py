"""The offline narrator: deterministic, quoting what the room wrote, nothing more."""

from __future__ import annotations

import pytest

from assistant.reports.narrative import DataNarrator


def test_quotes_the_leading_items_in_the_document_language():
    narrator = DataNarrator()
    items = ["כל ילד מגיע לבגרות מדעית", "היישוב מוביל חדשנות", "הנוער חוזר ליישוב", "רביעי"]
    [paragraph] = narrator.draft("vision", items, "he")
    assert paragraph.text == ('תמונת העתיד שצייר הפורום, ובראשה "כל ילד מגיע לבגרות מדעית"; '
                              '"היישוב מוביל חדשנות"; "הנוער חוזר ליישוב".')
    assert narrator.draft("vision", items, "he") == [paragraph]
    [english] = narrator.draft("commitments", items[:1], "en")
    assert english.text == "1 personal commitment was made: “כל ילד מגיע לבגרות מדעית”."


def test_nothing_to_say_without_items_and_unknown_kinds_refused():
    assert DataNarrator().draft("vision", [], "he") is None
    with pytest.raises(ValueError):
        DataNarrator().draft("poem", ["x"], "he")
