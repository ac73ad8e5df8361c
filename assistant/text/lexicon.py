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
    """The word's Zipf frequency in `language`, from wordfreq's small list when it holds the
    word (the words used once in a million or more, the same figures as the large list's; 35
    ms to load for Hebrew), else from the large one (down to once in a billion; 0.3-0.4 s to
    load, once a process): a question's everyday words no longer wait for the large list."""
    from wordfreq import zipf_frequency  # each list loads on its first use

    return zipf_frequency(word, language, wordlist="small") or zipf_frequency(word, language, wordlist="large")
