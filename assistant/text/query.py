"""Query side of lexical matching: drop question and filler words, then give
each remaining word's forms a weight (the word as typed counts most).

Documents are still indexed with every form by `normalize.analyze`; only the
query decides how much a looser form is worth.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.text.normalize import STOPWORDS, normalize, prefix_variants, script_of, suffix_variant, words

# Words a facilitator's question is wrapped in that never name the topic.
_FILLER = """
מה מי איך למה מדוע כמה איזה איזו אילו האם מתי היכן איפה לאן מהו מהי מהם מהן
צריך צריכה צריכים צריכות אמור אמורה אמורים אמורות אפשר ניתן היה היו הייתה להיות
עושים עושה לעשות קורה כדאי בכלל בדיוק עוד כבר יותר פחות לפי כדי תוך דבר משהו
שלהם שלהן שלה שלו שלנו אותו אותה אותם אותן איתם איתה איתו עצמו עצמה עצמם
ביניהם ביניהן בינינו אומר אומרת אומרים אומרות
"""
FILLER_WORDS = frozenset(normalize(w) for w in _FILLER.split())
# Punctuation that may stand around a word: dropped from a word as typed or marked.
WORD_EDGES = "?!.,;:()[]{}\"'״׳«»“”„‘’-–—…؟،؛•|/"
MIN_PLENE_LETTERS = 3  # a shorter spelling keeps at least three letters


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


def plene_variants(term: str) -> list[str]:
    """A Hebrew term with one inner vowel letter (י or ו) removed: questions are typed in full
    spelling (עיקרון), documents sometimes keep the older short one (עקרון)."""
    if script_of(term) != "he" or len(term) <= MIN_PLENE_LETTERS:
        return []
    return [term[:i] + term[i + 1:] for i in range(1, len(term) - 1) if term[i] in "יו"]


def matching_forms(word: str) -> set[str]:
    """Every index term a normalised word may match in the documents: its forms
    (`word_terms`) and their shorter spellings."""
    forms = set(word_terms(word, FormWeights()))
    return forms | {v for form in forms for v in plene_variants(form)}


def content_words(text: str) -> dict[str, str]:
    """The topic words of `text`, normalised, each mapped to the word as typed
    (without the punctuation around it), in order."""
    out: dict[str, str] = {}
    for token in text.split():
        typed = token.strip(WORD_EDGES)
        for word in words(token):
            if not is_filler(word):
                out.setdefault(word, typed or word)
    return out


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
