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
# Up to this many windows, a search reads them all from memory (`in_memory`): 50,000 vectors
# of the bundled model are 77 MB, scanned in a few milliseconds.
EXACT_SCAN_UP_TO = 50_000


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


def _passage_of(row_id: str, meta: dict | None) -> str:
    """The passage a stored row (one of its windows: "<passage_id>~<n>" after the first) is of."""
    return (meta or {}).get("passage_id") or row_id.split("~")[0]


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

    def in_memory(self, limit: int = EXACT_SCAN_UP_TO) -> InMemoryWindows | None:
        """Every window's vector, read once, for an exact scan; None past `limit` windows (then
        `query` asks chromadb's graph)."""
        total = self.count()
        if total > limit:
            return None
        if not total:
            return InMemoryWindows([], np.zeros((0, 0), np.float32))
        rows = self._collection.get(include=["embeddings", "metadatas"])
        metadatas = rows.get("metadatas") or [None] * len(rows["ids"])
        owners = [_passage_of(row_id, meta) for row_id, meta in zip(rows["ids"], metadatas, strict=True)]
        return InMemoryWindows(owners, np.asarray(rows["embeddings"], dtype=np.float32))

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
            best.setdefault(_passage_of(row_id, meta), 1.0 - float(distance))  # rows come best first
        return list(best.items())[:k]


class InMemoryWindows:
    """The windows' vectors of an index as one matrix: a question's cosine with every window
    is one matrix product, exact, where chromadb walks its approximate graph (its query took
    16 ms of a 90 ms search over the shipped corpus's 501 windows; this takes well under 1 ms).
    Read when a retriever first ranks by meaning, so it holds the index its passages came
    from. `query` answers as `VectorIndex.query` does."""

    def __init__(self, owners: Sequence[str], vectors: np.ndarray) -> None:
        norms = np.linalg.norm(vectors, axis=1, keepdims=True) if len(vectors) else 1.0
        self._vectors = vectors / np.where(norms > 0, norms, 1.0)
        self._passage_ids = list(dict.fromkeys(owners))  # passages in their windows' first order
        position = {name: i for i, name in enumerate(self._passage_ids)}
        self._owner = np.fromiter((position[o] for o in owners), dtype=np.int64, count=len(owners))

    def __len__(self) -> int:
        return len(self._vectors)

    def query(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(passage_id, cosine similarity of its best window), best first, up to `k` passages."""
        if not len(self._vectors) or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32)
        norm = float(np.linalg.norm(query))
        cosines = self._vectors @ (query / norm if norm > 0 else query)
        best = np.full(len(self._passage_ids), -np.inf, dtype=np.float32)
        np.maximum.at(best, self._owner, cosines)
        top = np.argsort(-best, kind="stable")[:k]
        return [(self._passage_ids[i], float(best[i])) for i in top]
