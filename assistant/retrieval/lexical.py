"""BM25 over normalised Hebrew/Arabic/Latin terms (bm25s), with weighted
query terms: the words as typed count most, looser forms and glossary
synonyms less.

An IDF floor keeps a term that occurs in many passages from counting for almost
nothing: the corpus is a few documents about one subject, so its commonest
content words (רשות, יישוב, מוביליות) still tell passages apart."""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence

import bm25s
import numpy as np

from assistant.retrieval.base import Hit
from assistant.text.normalize import analyze
from assistant.text.query import FormWeights, merge_terms, weighted_terms
from assistant.text.synonyms import SynonymTable

logging.getLogger("bm25s").setLevel(logging.WARNING)


def bm25_idf(df: int, n: int) -> float:
    """The IDF bm25s scores with (its default, Lucene's): never negative."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def idf_lifts(corpus: Sequence[Sequence[str]], floor: float) -> dict[str, float]:
    """Per term whose IDF is below `floor`, the factor that raises it to `floor`."""
    if floor <= 0:
        return {}
    n = len(corpus)
    df = Counter(term for doc in corpus for term in set(doc))
    return {term: floor / idf for term, count in df.items() if (idf := bm25_idf(count, n)) < floor}


class LexicalRanker:
    name = "lexical"

    def __init__(
        self,
        texts: Sequence[str],
        k1: float = 1.2,
        b: float = 0.75,
        *,
        forms: FormWeights | None = None,
        synonyms: SynonymTable | None = None,
        synonym_weight: float = 0.0,
        idf_floor: float = 0.0,
    ) -> None:
        self._size = len(texts)
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        corpus = [analyze(t) or [""] for t in texts]
        self._bm25.index(corpus, show_progress=False)
        self._vocab = set(self._bm25.vocab_dict)
        self.passage_terms = tuple(frozenset(doc) - {""} for doc in corpus)  # per passage, as analysed
        self._idf_lift = idf_lifts(corpus, idf_floor)
        self._forms = forms or FormWeights()
        self._synonyms = synonyms
        self._synonym_weight = synonym_weight

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every term of the indexed passages (as `analyze` gives them)."""
        return frozenset(self._vocab - {""})

    def query_terms(self, query: str) -> dict[str, float]:
        """Weighted terms of `query` (and its synonyms) that occur in the index."""
        terms = weighted_terms(query, self._forms)
        if self._synonyms is not None and self._synonym_weight > 0:
            for phrase in self._synonyms.expand(query):
                terms = merge_terms(terms, weighted_terms(phrase, self._forms), self._synonym_weight)
        return {t: w for t, w in terms.items() if t in self._vocab}

    def rank(self, query: str, k: int) -> list[Hit]:
        terms = self.query_terms(query)
        if not terms or not self._size:
            return []
        scores = np.zeros(self._size)
        for term, weight in terms.items():
            lifted = weight * self._idf_lift.get(term, 1.0)
            scores += lifted * np.asarray(self._bm25.get_scores([term]), dtype=float)
        order = np.argsort(-scores, kind="stable")[:k]
        return [Hit(int(i), float(scores[i])) for i in order if scores[i] > 0]
