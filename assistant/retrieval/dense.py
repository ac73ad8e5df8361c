"""The dense ranker: embed the query, ask the vector index."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.retrieval.base import Hit
from assistant.retrieval.embeddings import Embedder
from assistant.retrieval.vector_index import VectorIndex


class DenseRanker:
    name = "dense"

    def __init__(self, embedder: Embedder, index: VectorIndex, passage_ids: Sequence[str]) -> None:
        self._embedder = embedder
        self._index = index
        self._position = {pid: i for i, pid in enumerate(passage_ids)}

    def rank(self, query: str, k: int) -> list[Hit]:
        vector = self._embedder.embed_query(query)
        hits = [
            Hit(self._position[pid], score)
            for pid, score in self._index.query(vector, k)
            if pid in self._position
        ]
        return [h for h in hits if h.score > 0]
