"""Character n-gram TF-IDF: catches Hebrew inflections that share a stem
(תשתית / תשתיות, עקרון / עקרונות) where whole-word terms miss."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant.retrieval.base import Hit
from assistant.text.normalize import STOPWORDS, words
from assistant.text.synonyms import SynonymTable
from assistant.text.tfidf import Tfidf


def _prepare(text: str) -> str:
    return " ".join(w for w in words(text) if w not in STOPWORDS)


class NgramRanker:
    name = "ngram"

    def __init__(
        self,
        texts: Sequence[str],
        ngram_range: tuple[int, int] = (3, 5),
        *,
        synonyms: SynonymTable | None = None,
        synonym_weight: float = 0.0,
    ) -> None:
        self._vectorizer = Tfidf("char_wb", ngram_range, sublinear_tf=True)
        self._matrix = self._vectorizer.fit_transform([_prepare(t) for t in texts]) if texts else None
        self._synonyms = synonyms
        self._synonym_weight = synonym_weight

    @property
    def vectorizer(self) -> Tfidf:
        """The fitted n-gram vectorizer (the answer's sentence scorer reuses it)."""
        return self._vectorizer

    def _query_vector(self, query: str, prepared: str):
        vector = self._vectorizer.transform([prepared])
        if self._synonyms is None or self._synonym_weight <= 0:
            return vector
        extra = _prepare(" ".join(self._synonyms.expand(query)))
        return vector + self._synonym_weight * self._vectorizer.transform([extra]) if extra else vector

    def rank(self, query: str, k: int) -> list[Hit]:
        prepared = _prepare(query)
        if self._matrix is None or not prepared:
            return []
        scores = (self._matrix @ self._query_vector(query, prepared).T).toarray().ravel()
        order = np.argsort(-scores, kind="stable")[:k]
        return [Hit(int(i), float(scores[i])) for i in order if scores[i] > 0]
