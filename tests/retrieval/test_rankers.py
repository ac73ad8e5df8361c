import pytest

from assistant.retrieval.lexical import LexicalRanker, bm25_idf, idf_lifts
from assistant.retrieval.ngram import NgramRanker
from assistant.text.query import FormWeights
from assistant.text.synonyms import SynonymTable

TEXTS = [
    "באשכול מתגוררים כ-160,000 תושבות ותושבים בשמונה רשויות",
    "הפורום נפגש ארבע פעמים בשנה ודן באתגרים",
    "מנהלת התחום בונה תכנית עבודה",
]
SYNONYMS = SynonymTable.from_lines(["תושבים, תושבות, גרים"])


def test_lexical_ignores_question_words():
    ranker = LexicalRanker(TEXTS)
    assert ranker.query_terms("כמה?") == {}
    assert ranker.rank("מה?", 3) == []


def test_lexical_prefers_the_exact_form_over_a_stem():
    texts = ["תכנית עבודה", "תכניות רבות"]
    ranker = LexicalRanker(texts, forms=FormWeights(prefix=0.5, stem=0.2))
    assert next(h.index for h in ranker.rank("תכנית", 2)) == 0


def test_lexical_synonyms_reach_a_paraphrase():
    plain = LexicalRanker(TEXTS)
    expanded = LexicalRanker(TEXTS, synonyms=SYNONYMS, synonym_weight=0.5)
    assert plain.rank("גרים", 3) == []
    assert [h.index for h in expanded.rank("גרים", 3)] == [0]


def test_lexical_synonyms_weigh_less_than_typed_words():
    ranker = LexicalRanker(TEXTS, synonyms=SYNONYMS, synonym_weight=0.5)
    terms = ranker.query_terms("גרים")
    assert max(terms.values()) == 0.5


def test_ngram_synonyms_reach_a_paraphrase():
    plain = NgramRanker(TEXTS)
    expanded = NgramRanker(TEXTS, synonyms=SYNONYMS, synonym_weight=0.5)
    def score(ranker):
        return {h.index: h.score for h in ranker.rank("גרים", 3)}.get(0, 0.0)
    assert score(expanded) > score(plain)
    assert expanded.rank("גרים", 3)[0].index == 0


def test_idf_floor_lifts_only_terms_common_in_the_corpus():
    corpus = [["רשות", "תקציב"], ["רשות", "יישוב"], ["רשות"], ["מינהלת"]]
    lifts = idf_lifts(corpus, floor=1.0)
    assert set(lifts) == {"רשות"}  # in 3 of 4 passages; the others are rare enough
    assert lifts["רשות"] * bm25_idf(3, 4) == pytest.approx(1.0)
    assert idf_lifts(corpus, floor=0.0) == {}


def test_idf_floor_makes_a_common_word_count_more():
    texts = ["רשות תקציב", "רשות רשות רשות תקציב", "תקציב", "תקציב", "תקציב יישוב"] + ["מינהלת"] * 3
    plain, floored = LexicalRanker(texts), LexicalRanker(texts, idf_floor=2.0)

    def gap(ranker: LexicalRanker) -> float:  # lead of the passage richest in the common word
        scores = {h.index: h.score for h in ranker.rank("רשות תקציב", 8)}
        return scores[1] - scores[2]

    assert floored.rank("רשות תקציב", 1)[0].index == 1
    assert gap(floored) > gap(plain) > 0
