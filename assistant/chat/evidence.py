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

With the meaning side, a question in the documents' language is also refused when its best
passage's similarity of meaning is below `meaning_threshold` (the bundled model: 0.83, set on
the same sets), or when a question of municipal life the documents do not answer (a city's
services: `assistant/retrieval/elsewhere.py`) is nearer to it in meaning than that passage by
more than `elsewhere_margin` (the bundled model: 0.03, set on the same sets). A question in
another language is judged by the words the glossary gave it, and by the nearer question
elsewhere (the same margin: the two similarities are the same question's, in whatever
language).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

from assistant.retrieval.engine import Retrieval, Retriever, SearchResult, WordMatch
from assistant.text.spelling import Correction, Spelled

CANDIDATES = 10
UNMATCHED_SHARE = 0.3
UNMATCHED_FACTOR = 2.0
# One unknown word is often only a verb form the documents put otherwise ("מתעדפים").
UNMATCHED_MIN_WORDS = 2


class StrengthMeasure(Protocol):
    def __call__(self, retrieval: Retrieval) -> float: ...


def ranker_strength(retrieval: Retrieval) -> float:
    """`ngram * log(1 + bm25)` of the top passage of each ranker (0 when either finds nothing)."""
    return retrieval.tops.get("ngram", 0.0) * math.log1p(retrieval.tops.get("lexical", 0.0))


@dataclass(frozen=True)
class Evidence:
    question: str  # as searched
    results: tuple[SearchResult, ...]
    strength: float
    threshold: float
    words: WordMatch
    corrections: tuple[Correction, ...]  # typing slips corrected before searching
    # The best passage's similarity of meaning, and the least an answer needs (None: not used).
    meaning: float | None = None
    meaning_threshold: float | None = None
    worded: str = ""  # a question in another language: the documents' words it was searched by
    # Its similarity of meaning to the nearest question the documents do not answer, and by how
    # much that may exceed `meaning` before it is refused (None: not used).
    elsewhere: float | None = None
    elsewhere_margin: float | None = None

    @property
    def translated(self) -> bool:
        return bool(self.worded) and self.worded != self.question

    @property
    def nearer_elsewhere(self) -> bool:
        """A question of municipal life the documents do not answer is nearer to it in meaning
        than its best passage, by more than the margin: it is about something else."""
        return (self.elsewhere_margin is not None and self.elsewhere is not None and self.meaning is not None
                and self.meaning < self.elsewhere - self.elsewhere_margin)

    @property
    def covered(self) -> bool:
        if not self.results or self.strength < self.threshold:
            return False
        if self.meaning is not None:
            # An absolute floor holds for the documents' language only (across languages the
            # model's similarities run lower); a nearer question elsewhere is nearer in any.
            if not self.translated and self.meaning_threshold is not None and self.meaning < self.meaning_threshold:
                return False
            if self.nearer_elsewhere:
                return False
        return not (len(self.words.unmatched) >= UNMATCHED_MIN_WORDS
                    and self.words.unmatched_share >= UNMATCHED_SHARE
                    and self.strength < UNMATCHED_FACTOR * self.threshold)


def gather(retriever: Retriever, question: str | Spelled, threshold: float, *, candidates: int = CANDIDATES,
           measure: StrengthMeasure = ranker_strength, as_typed: bool = False,
           meaning_threshold: float | None = None, elsewhere_margin: float | None = None) -> Evidence:
    """The top passages for `question` (its typing slips corrected unless `as_typed`) and how
    strongly they match it, in one trip to the retriever."""
    found = retriever.retrieve(question, k=candidates, as_typed=as_typed, word_match=True,
                               elsewhere=elsewhere_margin is not None)
    meaning = found.tops.get("dense")
    return Evidence(question=found.searched, results=found.results, strength=round(measure(found), 4),
                    threshold=threshold, words=found.words, corrections=found.corrections,
                    meaning=None if meaning is None else round(meaning, 4), meaning_threshold=meaning_threshold,
                    worded=found.worded, elsewhere=None if found.elsewhere is None else round(found.elsewhere, 4),
                    elsewhere_margin=elsewhere_margin)
