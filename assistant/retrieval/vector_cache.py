"""Vectors already made, kept by the exact text they were made of.

Embedding the shipped corpus takes the bundled model about 45 s on two cores; its vectors
never change while the model and the text do not. A cache is a file of (text digest, vector)
pairs for one model (`Embedder.cache_key`, which names the model and its version). The app
ships one for the shipped corpus (`data/vectors/`), so a fresh machine's first `make run`
indexes in seconds; a changed or added passage misses and is embedded as before. An
embedder without a `cache_key` (a sentence-transformers folder that may change under the
same name) is never cached.

Pure numpy: no model, no index. `python -m assistant.retrieval.vector_cache` writes the
shipped file again after the corpus or the windows changed (`make vectors`).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

SHIPPED_DIR = Path(__file__).parent / "data" / "vectors"
# A question's vector (the model's query side) is kept under its text after this mark, apart
# from a passage's vector of the same text.
QUESTION = "\x00question\x00"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def cache_file(directory: Path, key: str) -> Path:
    return directory / (re.sub(r"[^A-Za-z0-9._-]+", "_", key) + ".npz")


class VectorCache:
    """The vectors of one model, by text digest, read from `path` (if it exists)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._vectors: dict[str, np.ndarray] = {}
        if path.is_file():
            try:
                with np.load(path, allow_pickle=False) as data:
                    keys, vectors = data["keys"], data["vectors"]
            except (OSError, ValueError, KeyError):  # unreadable: a cache, not a source of truth
                return
            if vectors.ndim == 2 and len(keys) == len(vectors):
                self._vectors = {str(k): vectors[i] for i, k in enumerate(keys)}

    def __len__(self) -> int:
        return len(self._vectors)

    def get(self, text: str) -> np.ndarray | None:
        return self._vectors.get(digest(text))

    def put(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        for text, vector in zip(texts, vectors, strict=True):
            self._vectors[digest(text)] = np.asarray(vector, dtype=np.float32)

    def keep_only(self, texts: Iterable[str]) -> None:
        wanted = {digest(t) for t in texts}
        self._vectors = {k: v for k, v in self._vectors.items() if k in wanted}

    def save(self) -> None:
        """Atomically: a crash never leaves half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = sorted(self._vectors)
        vectors = np.stack([self._vectors[k] for k in keys]) if keys else np.zeros((0, 0), np.float32)
        tmp = self.path.with_name(self.path.name + ".tmp.npz")
        np.savez_compressed(tmp, keys=np.array(keys), vectors=vectors.astype(np.float32))
        os.replace(tmp, self.path)


class CachedEmbedder:
    """`embedder` with the passages' vectors, and the fixed questions' (`embed_questions`),
    looked up in `caches` first; only the texts none holds are embedded. A query always goes to
    the model."""

    def __init__(self, embedder, caches: Sequence[VectorCache]) -> None:
        self._embedder = embedder
        self._caches = list(caches)
        self.name = embedder.name
        self.embedded = 0  # texts the model was asked for (the rest came from a cache)

    def _cached(self, text: str) -> np.ndarray | None:
        return next((v for c in self._caches if (v := c.get(text)) is not None), None)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        found = [self._cached(t) for t in texts]
        missing = [i for i, v in enumerate(found) if v is None]
        if missing:
            made = self._embedder.embed_documents([texts[i] for i in missing])
            self.embedded += len(missing)
            for i, vector in zip(missing, made, strict=True):
                found[i] = vector
        if not found:
            return self._embedder.embed_documents([])
        return np.stack(found).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._embedder.embed_query(text)

    def embed_questions(self, texts: Sequence[str]) -> np.ndarray:
        found = [self._cached(QUESTION + t) for t in texts]
        for i, vector in enumerate(found):
            if vector is None:
                found[i] = self._embedder.embed_query(texts[i])
                self.embedded += 1
        return np.stack(found).astype(np.float32) if found else np.zeros((0, 0), np.float32)


def embed_questions(embedder, texts: Sequence[str]) -> np.ndarray:
    """`texts` embedded as questions (the model's query side), one row each; from a cache where
    `embedder` reads one."""
    if hasattr(embedder, "embed_questions"):
        return embedder.embed_questions(texts)
    rows = [embedder.embed_query(t) for t in texts]
    return np.stack(rows).astype(np.float32) if rows else np.zeros((0, 0), np.float32)


def cached(embedder, directory: Path | None = None):
    """`embedder` reading the vectors shipped for its model, if it can be cached and any are."""
    key = getattr(embedder, "cache_key", None)
    if not key:
        return embedder
    cache = VectorCache(cache_file(directory or SHIPPED_DIR, key))
    return CachedEmbedder(embedder, [cache]) if len(cache) else embedder


def write_shipped(settings=None) -> tuple[Path, int]:
    """Embeds every window of the shipped corpus with the default model (as the index would),
    and the bundled questions the documents do not answer (`elsewhere`) as questions, and writes
    them as the shipped cache. Returns the file and how many vectors it holds."""
    from assistant.config import get_settings
    from assistant.corpus.chunking import ChunkingOptions, chunk
    from assistant.corpus.sources import discover, read_document, titles_from_sources
    from assistant.retrieval.elsewhere import read_questions
    from assistant.retrieval.embeddings import settings_embedder
    from assistant.retrieval.windows import passage_windows

    settings = settings or get_settings()
    root = settings.corpus_dir
    titles = titles_from_sources(root)
    options = ChunkingOptions(settings.passage_chars, settings.passage_overlap)
    texts = [window
             for file in discover(root)
             for passage in chunk(read_document(file, root, titles), options)
             for window in passage_windows(passage, settings.dense_window_chars, settings.dense_window_step)]
    embedder = settings_embedder(settings)
    cache = VectorCache(cache_file(SHIPPED_DIR, embedder.cache_key))
    new = [t for t in dict.fromkeys(texts) if cache.get(t) is None]
    if new:
        cache.put(new, embedder.embed_documents(new))
    questions = read_questions(settings.elsewhere_file)
    unseen = [q for q in questions if cache.get(QUESTION + q) is None]
    if unseen:
        cache.put([QUESTION + q for q in unseen], embed_questions(embedder, unseen))
    cache.keep_only([*texts, *(QUESTION + q for q in questions)])
    cache.save()
    return cache.path, len(cache)


if __name__ == "__main__":
    written, count = write_shipped()
    print(f"{count} vectors -> {written}")
