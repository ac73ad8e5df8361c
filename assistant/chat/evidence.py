"""Retrieval for an answer, and whether its evidence is strong enough to answer from.

Fused scores are rank-based, so they say which passage is best but not whether
any passage is good. Strength uses two absolute signals instead: the char
n-gram cosine and the BM25 score of the best passage each ranker finds,
combined as `ngram * log(1 + bm25)`. The default threshold (`chat_min_score`)
was calibrated on the dev and validation questions against off-topic ones
(tests/data/offtopic_dev.he.jsonl); see tests/chat/test_calibration.py.

Strength alone lets through a question near the documents' subject that they
do not answer ("how much is parking at city hall?"): it shares a word or two
with them (city hall) and nothing else. So a match that is only moderately
strong (below `UNMATCHED_FACTOR` times the threshold) also fails when at least
`UNMATCHED_SHARE` of the question's topic words, and two or more, occur nowhere
in the documents.
Both were calibrated on the same answerable questions against questions from
municipal life that the documents do not answer (offtopic_nearby_dev).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from assistant.retrieval.engine import Retriever, SearchResult, WordMatch
from assistant.text.spelling import Correction

CANDIDATES = 10
UNMATCHED_SHARE = 0.3
UNMATCHED_FACTOR = 2.0
# One unknown word is often only a verb form the documents put otherwise ("מתעדפים").
UNMATCHED_MIN_WORDS = 2


class StrengthMeasure(Protocol):
    def __call__(self, retriever: Retriever, query: str) -> float: ...


def ranker_strength(retriever: Retriever, query: str) -> float:
    """`ngram * log(1 + bm25)` of the top passage of each ranker (0 when either finds nothing)."""
    tops = {"lexical": 0.0, "ngram": 0.0}
    for ranker in retriever.rankers:
        if ranker.name in tops:
            hits = ranker.rank(query, 1)
            tops[ranker.name] = hits[0].score if hits else 0.0
    return tops["ngram"] * math.log1p(tops["lexical"])


@dataclass(frozen=True)
class Evidence:
    question: str  # as searched
    results: tuple[SearchResult, ...]
    strength: float
    threshold: float
    words: WordMatch
    corrections: tuple[Correction, ...]  # typing slips corrected before searching

    @property
    def covered(self) -> bool:
        if not self.results or self.strength < self.threshold:
            return False
        return not (len(self.words.unmatched) >= UNMATCHED_MIN_WORDS
                    and self.words.unmatched_share >= UNMATCHED_SHARE
                    and self.strength < UNMATCHED_FACTOR * self.threshold)


def gather(retriever: Retriever, question: str, threshold: float, *, candidates: int = CANDIDATES,
           measure: StrengthMeasure = ranker_strength) -> Evidence:
    """The top passages for `question` (its typing slips corrected) and how strongly they match it."""
    spelled = retriever.spell(question)
    results = tuple(retriever.search(spelled.text, k=candidates, as_typed=True))
    return Evidence(question=spelled.text, results=results, strength=round(measure(retriever, spelled.text), 4),
                    threshold=threshold, words=retriever.word_match(spelled.text, as_typed=True),
                    corrections=spelled.corrections)
