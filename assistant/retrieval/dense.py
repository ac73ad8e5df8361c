"""The dense ranker: embed the query, ask the vector index."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache

import numpy as np

from assistant.retrieval.base import Hit
from assistant.retrieval.elsewhere import nearest
from assistant.retrieval.embeddings import Embedder
from assistant.retrieval.vector_index import VectorIndex


class DenseRanker:
    name = "dense"

    def __init__(self, embedder: Embedder, index: VectorIndex, passage_ids: Sequence[str],
                 elsewhere: Callable[[], np.ndarray] | None = None) -> None:
        self._embedder = embedder
        # An exact scan of every window in memory where the index is small enough (all this
        # app's corpora), chromadb's graph otherwise.
        self._index = index.in_memory() or index
        self._position = {pid: i for i, pid in enumerate(passage_ids)}
        self._elsewhere = elsewhere  # makes the vectors of questions the documents do not answer
        # A question is embedded once for its ranking and its nearest question elsewhere.
        self._vector = lru_cache(maxsize=64)(embedder.embed_query)

    def rank(self, query: str, k: int) -> list[Hit]:
        vector = self._vector(query)
        hits = [
            Hit(self._position[pid], score)
            for pid, score in self._index.query(vector, k)
            if pid in self._position
        ]
        return [h for h in hits if h.score > 0]

    @cached_property
    def _elsewhere_vectors(self) -> np.ndarray:
        return self._elsewhere() if self._elsewhere is not None else np.zeros((0, 0), np.float32)

    def elsewhere(self, query: str) -> float | None:
        """The similarity of `query` to the nearest question the documents do not answer (see
        `assistant.retrieval.elsewhere`); None without such questions."""
        return nearest(self._vector(query), self._elsewhere_vectors)
