"""Query side of lexical matching: drop question and filler words, then give
each remaining word's forms a weight (the word as typed counts most).

Documents are still indexed with every form by `normalize.analyze`; only the
query decides how much a looser form is worth.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.text.normalize import STOPWORDS, normalize, prefix_variants, suffix_variant, words

# Words a facilitator's question is wrapped in that never name the topic.
_FILLER = """
מה מי איך למה מדוע כמה איזה איזו אילו האם מתי היכן איפה לאן מהו מהי מהם מהן
צריך צריכה צריכים צריכות אמור אמורה אמורים אמורות אפשר ניתן היה היו הייתה להיות
עושים עושה לעשות קורה כדאי בכלל בדיוק עוד כבר יותר פחות לפי כדי תוך דבר משהו
שלהם שלהן שלה שלו שלנו אותו אותה אותם אותן איתם איתה איתו עצמו עצמה עצמם
"""
FILLER_WORDS = frozenset(normalize(w) for w in _FILLER.split())


@dataclass(frozen=True)
class FormWeights:
    original: float = 1.0  # the word as typed
    prefix: float = 0.7  # with prefix letters peeled off
    stem: float = 0.7  # with an inflectional ending removed


def is_filler(word: str) -> bool:
    """A stop word, a question/filler word, or one of those behind prefix
    letters (באילו, לכמה, שצריך)."""
    if word in STOPWORDS or word in FILLER_WORDS:
        return True
    return any(v in FILLER_WORDS or v in STOPWORDS for v in prefix_variants(word))


def word_terms(word: str, weights: FormWeights) -> dict[str, float]:
    """Index terms for one normalised word, each with its weight."""
    terms = {word: weights.original}
    for variant in prefix_variants(word):
        if variant not in STOPWORDS:
            terms.setdefault(variant, weights.prefix)
    for form in list(terms):
        stem = suffix_variant(form)
        if stem:
            terms.setdefault(stem, weights.stem)
    return terms


def weighted_terms(text: str, weights: FormWeights | None = None, *, drop_filler: bool = True) -> dict[str, float]:
    """Index terms of a query with weights; a term reached from several words
    keeps its highest weight."""
    weights = weights or FormWeights()
    out: dict[str, float] = {}
    for word in words(text):
        if is_filler(word) if drop_filler else word in STOPWORDS:
            continue
        for term, weight in word_terms(word, weights).items():
            out[term] = max(out.get(term, 0.0), weight)
    return out


def merge_terms(base: dict[str, float], extra: dict[str, float], scale: float) -> dict[str, float]:
    """`base` plus `extra` scaled down; a term already in `base` keeps the higher weight."""
    merged = dict(base)
    for term, weight in extra.items():
        merged[term] = max(merged.get(term, 0.0), weight * scale)
    return merged
