"""Persistent vector store on chromadb: the only module that imports it.

Embeddings always come from our embedder; collections are created with no
embedding function, so chromadb never fetches a model of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.corpus.models import Passage


def collection_name(model: str) -> str:
    return "passages-" + hashlib.sha1(model.encode("utf-8")).hexdigest()[:12]


class VectorIndex:
    def __init__(self, path: Path, model: str) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        path.mkdir(parents=True, exist_ok=True)
        self._client = chromadb.PersistentClient(
            path=str(path), settings=ChromaSettings(anonymized_telemetry=False, allow_reset=True)
        )
        self._collection = self._client.get_or_create_collection(
            collection_name(model),
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "model": model},
        )

    def clear(self) -> None:
        ids = self._collection.get(include=[])["ids"]
        if ids:
            self._collection.delete(ids=ids)

    def count(self) -> int:
        return self._collection.count()

    def delete_document(self, doc_id: str) -> None:
        self._collection.delete(where={"doc_id": doc_id})

    def add(self, passages: Sequence[Passage], vectors: np.ndarray) -> None:
        if not passages:
            return
        batch = 500
        for start in range(0, len(passages), batch):
            chunk = passages[start : start + batch]
            self._collection.upsert(
                ids=[p.passage_id for p in chunk],
                embeddings=vectors[start : start + batch].tolist(),
                metadatas=[{"doc_id": p.doc_id, "position": p.position} for p in chunk],
            )

    def query(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(passage_id, cosine similarity), best first."""
        total = self.count()
        if not total:
            return []
        result = self._collection.query(
            query_embeddings=[vector.tolist()], n_results=min(k, total), include=["distances"]
        )
        ids = result["ids"][0]
        distances = result["distances"][0] if result["distances"] else [1.0] * len(ids)
        return [(pid, 1.0 - float(d)) for pid, d in zip(ids, distances, strict=True)]
