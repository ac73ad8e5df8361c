"""The general lexicon: word frequencies of Hebrew, Arabic and English at large
(wordfreq's lists, installed with the package; nothing is downloaded)."""

from __future__ import annotations

from functools import lru_cache

# Zipf frequency (log10 of uses per billion words): 2.0 is about once in 100
# million words. Real inflected forms of everyday words are above it; typing
# slips ("מינלהת") are at 0, or rarely just above.
KNOWN_ZIPF = 2.0


class WordfreqLexicon:
    def __init__(self, min_zipf: float = KNOWN_ZIPF) -> None:
        self.min_zipf = min_zipf

    def knows(self, word: str, language: str) -> bool:
        return _zipf(word, language) >= self.min_zipf


@lru_cache(maxsize=4096)
def _zipf(word: str, language: str) -> float:
    from wordfreq import zipf_frequency  # loads its word list on first use

    return zipf_frequency(word, language)
