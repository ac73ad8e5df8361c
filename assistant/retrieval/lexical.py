"""BM25 over normalised Hebrew/Arabic/Latin terms (bm25s), with weighted
query terms: the words as typed count most, looser forms and glossary
synonyms less."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import bm25s
import numpy as np

from assistant.retrieval.base import Hit
from assistant.text.normalize import analyze
from assistant.text.query import FormWeights, merge_terms, weighted_terms
from assistant.text.synonyms import SynonymTable

logging.getLogger("bm25s").setLevel(logging.WARNING)


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
    ) -> None:
        self._size = len(texts)
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        corpus = [analyze(t) or [""] for t in texts]
        self._bm25.index(corpus, show_progress=False)
        self._vocab = set(self._bm25.vocab_dict)
        self._forms = forms or FormWeights()
        self._synonyms = synonyms
        self._synonym_weight = synonym_weight

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
            scores += weight * np.asarray(self._bm25.get_scores([term]), dtype=float)
        order = np.argsort(-scores, kind="stable")[:k]
        return [Hit(int(i), float(scores[i])) for i in order if scores[i] > 0]
