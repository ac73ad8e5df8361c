"""Persistent vector store on chromadb: the only module that imports it.

Embeddings always come from our embedder; collections are created with no
embedding function, so chromadb never fetches a model of its own.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from assistant.corpus.models import Passage

# Windows asked of the index per passage wanted: a passage has several, and its best counts.
WINDOWS_ASKED = 8


_IMPORT_LOCK = threading.Lock()


@contextmanager
def _overrides_marked_not_checked():
    """While chromadb is imported, `overrides.override` marks a method as overriding (what
    chromadb's `EnforceOverrides` classes read) without checking it against its base class.
    That check, a development aid, disassembles the class's body and compares signatures for
    each of chromadb's 170 marked methods: about a quarter of chromadb's import (0.54-0.76 s
    against 0.77-0.95 s with it), on every cold `forum-assistant ask` and server start. The
    library's own functions are back once chromadb is loaded."""
    import overrides

    module = sys.modules["overrides.overrides"]  # the package's `overrides` is the function

    def mark(method=None, *, check_signature: bool = True, check_at_runtime: bool = False):
        if method is None:
            return mark
        method.__override__ = True
        return method

    names = ("override", "overrides")
    saved = {(owner, name): getattr(owner, name) for owner in (overrides, module) for name in names}
    for owner, name in saved:
        setattr(owner, name, mark)
    try:
        yield
    finally:
        for (owner, name), value in saved.items():
            setattr(owner, name, value)


def _chromadb():
    """chromadb, imported once (see `_overrides_marked_not_checked`)."""
    if "chromadb" in sys.modules:
        import chromadb

        return chromadb
    with _IMPORT_LOCK, _overrides_marked_not_checked():
        import chromadb
        import chromadb.config

    return chromadb


def collection_name(model: str) -> str:
    return "passages-" + hashlib.sha1(model.encode("utf-8")).hexdigest()[:12]


class VectorIndex:
    def __init__(self, path: Path, model: str) -> None:
        chromadb = _chromadb()
        ChromaSettings = chromadb.config.Settings

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

    def add(self, passages: Sequence[Passage], vectors: np.ndarray, windows: Sequence[int] | None = None) -> None:
        """`vectors` holds `windows[i]` rows for passage i, in order (one each by default)."""
        if not passages:
            return
        counts = list(windows) if windows is not None else [1] * len(passages)
        if len(counts) != len(passages) or sum(counts) != len(vectors):
            raise ValueError("one count of windows per passage, one vector per window")
        ids, metadatas = [], []
        for passage, count in zip(passages, counts, strict=True):
            for window in range(count):
                ids.append(passage.passage_id if window == 0 else f"{passage.passage_id}~{window}")
                metadatas.append({"doc_id": passage.doc_id, "passage_id": passage.passage_id,
                                  "position": passage.position})
        batch = 500
        for start in range(0, len(ids), batch):
            self._collection.upsert(ids=ids[start : start + batch],
                                    embeddings=vectors[start : start + batch].tolist(),
                                    metadatas=metadatas[start : start + batch])

    def query(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(passage_id, cosine similarity of its best window), best first, up to `k` passages."""
        total = self.count()
        if not total:
            return []
        wanted = min(total, k * WINDOWS_ASKED)
        result = self._collection.query(query_embeddings=[vector.tolist()], n_results=wanted,
                                        include=["distances", "metadatas"])
        ids = result["ids"][0]
        distances = result["distances"][0] if result["distances"] else [1.0] * len(ids)
        metadatas = result["metadatas"][0] if result["metadatas"] else [None] * len(ids)
        best: dict[str, float] = {}
        for row_id, distance, meta in zip(ids, distances, metadatas, strict=True):
            passage_id = (meta or {}).get("passage_id") or row_id.split("~")[0]
            best.setdefault(passage_id, 1.0 - float(distance))  # rows come best first
        return list(best.items())[:k]
