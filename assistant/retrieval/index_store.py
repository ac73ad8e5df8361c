"""Building and refreshing the corpus index, incrementally.

Layout under `<data_dir>/index/`: `manifest.json` (file hashes, chunking and
model), `passages/<doc_id>.json` per document, and `chroma/` for vectors. An
unchanged file is neither read nor embedded again; the embedding model is only
loaded when something needs embedding.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings
from assistant.corpus.chunking import CHUNKER_VERSION, ChunkingOptions, chunk
from assistant.corpus.models import Passage
from assistant.corpus.sources import CorpusFile, discover, read_document, titles_from_sources
from assistant.errors import CorpusEmptyError, CorpusMissingError, EmbeddingModelError, IndexNotReadyError
from assistant.retrieval.windows import passage_windows

log = logging.getLogger(__name__)

MANIFEST_VERSION = 3
EmbedderFactory = Callable[[], object]


@dataclass
class IndexReport:
    documents: int = 0
    passages: int = 0
    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # path -> reason
    seconds: float = 0.0
    # The embedding model could not be loaded: the index has no vectors, search goes by words.
    dense_error: EmbeddingModelError | None = None

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "passages": self.passages,
            "indexed": self.indexed,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "skipped": self.skipped,
            "seconds": round(self.seconds, 3),
            "dense_error": self.dense_error.message("en") if self.dense_error else None,
        }


# The settings the stored vectors were made with (recorded under these names in the
# manifest); a change re-embeds every passage.
VECTOR_KEYS = ("embedding_model", "embedding_document_prompt", "dense_window_chars", "dense_window_step")


def vector_record(settings: Settings) -> dict:
    return {key: getattr(settings, key) for key in VECTOR_KEYS}


def vectors_match(manifest: dict, settings: Settings) -> bool:
    """Whether the vectors in the index were made the way `settings` would make them."""
    return all(manifest.get(key) == value for key, value in vector_record(settings).items())


def _write_json(path: Path, data: object) -> None:
    """Atomic write: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


class IndexStore:
    """Reads and writes the on-disk index of one data directory."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = settings.index_dir
        self.manifest_path = self.root / "manifest.json"

    @property
    def chunking(self) -> ChunkingOptions:
        return ChunkingOptions(self.settings.passage_chars, self.settings.passage_overlap)

    def _fingerprint(self) -> dict:
        c = self.chunking
        return {
            "version": MANIFEST_VERSION,
            "chunker": CHUNKER_VERSION,
            "passage_chars": c.passage_chars,
            "overlap": c.overlap,
        }

    def _titles_key(self) -> str:
        titles = titles_from_sources(self.settings.corpus_dir)
        return json.dumps(titles, sort_keys=True, ensure_ascii=False)

    def load_manifest(self) -> dict:
        if not self.manifest_path.exists():
            return {}
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except ValueError:
            return {}

    def passages_path(self, doc_id: str) -> Path:
        return self.root / "passages" / f"{doc_id}.json"

    def load_passages(self) -> list[Passage]:
        manifest = self.load_manifest()
        if not manifest.get("documents"):
            raise IndexNotReadyError(path=str(self.root))
        passages: list[Passage] = []
        for doc_id in sorted(manifest["documents"]):
            path = self.passages_path(doc_id)
            if not path.exists():
                raise IndexNotReadyError(path=str(self.root))
            passages.extend(Passage.from_dict(d) for d in json.loads(path.read_text(encoding="utf-8")))
        return passages

    def is_current(self) -> bool:
        """Whether the index matches the corpus on disk (hashes and titles, no parsing)."""
        manifest = self.load_manifest()
        if manifest.get("fingerprint") != self._fingerprint() or manifest.get("titles") != self._titles_key():
            return False
        try:
            files = discover(self.settings.corpus_dir)
        except (CorpusMissingError, CorpusEmptyError, OSError):
            return False
        docs = manifest.get("documents", {})
        return {f.doc_id: f.sha256 for f in files} == {k: v["sha256"] for k, v in docs.items()}

    def build(self, embedder_factory: EmbedderFactory | None = None, *, dense: bool = True) -> IndexReport:
        """Index new and changed files, drop removed ones, keep the rest."""
        started = time.perf_counter()
        root = self.settings.corpus_dir
        files = discover(root)
        titles = titles_from_sources(root)
        titles_key = self._titles_key()
        manifest = self.load_manifest()
        fingerprint = self._fingerprint()
        same_rules = manifest.get("fingerprint") == fingerprint and manifest.get("titles") == titles_key
        old_docs: dict = manifest.get("documents", {}) if same_rules else {}
        model = self.settings.embedding_model if dense else None
        same_model = same_rules and vectors_match(manifest, self.settings)

        report = IndexReport()
        documents: dict[str, dict] = {}
        to_embed: list[tuple[CorpusFile, list[Passage]]] = []
        for file in files:
            old = old_docs.get(file.doc_id)
            rel = file.path.relative_to(root).as_posix()
            if old and old["sha256"] == file.sha256 and self.passages_path(file.doc_id).exists():
                documents[file.doc_id] = old
                report.unchanged.append(rel)
                if not same_model and model:
                    stored = json.loads(self.passages_path(file.doc_id).read_text(encoding="utf-8"))
                    to_embed.append((file, [Passage.from_dict(d) for d in stored]))
                continue
            try:
                passages = chunk(read_document(file, root, titles), self.chunking)
            except Exception as exc:  # noqa: BLE001 - any unreadable file is skipped, never fatal
                reason = f"{type(exc).__name__}: {exc}"[:200]
                log.warning("skipped %s: %s", rel, reason)
                report.skipped[rel] = reason
                continue
            if not passages:
                report.skipped[rel] = "no text"
                log.warning("skipped %s: no text", rel)
                continue
            _write_json(self.passages_path(file.doc_id), [p.to_dict() for p in passages])
            documents[file.doc_id] = {"sha256": file.sha256, "path": rel, "passages": len(passages)}
            report.indexed.append(rel)
            to_embed.append((file, passages))

        removed = sorted(set(manifest.get("documents", {})) - set(documents))
        for doc_id in removed:
            self.passages_path(doc_id).unlink(missing_ok=True)
            report.removed.append(manifest["documents"][doc_id].get("path", doc_id))

        if model and (to_embed or removed or not same_model):
            try:
                self._update_vectors(model, to_embed, removed, embedder_factory, rebuild=not same_model)
            except EmbeddingModelError as exc:  # words still find passages: index them, say why no meaning
                log.warning("no vectors: %s", exc.message("en"))
                report.dense_error = exc
                self.vector_index(model).clear()
                model = None

        _write_json(
            self.manifest_path,
            {
                "fingerprint": fingerprint,
                "titles": titles_key,
                **self._vectors_made(model, manifest, changed=bool(to_embed or removed), report=report),
                "documents": documents,
            },
        )
        report.documents = len(documents)
        report.passages = sum(d["passages"] for d in documents.values())
        report.seconds = time.perf_counter() - started
        return report

    def _vectors_made(self, model: str | None, manifest: dict, *, changed: bool, report: IndexReport) -> dict:
        """What the manifest records of the vectors: how they were made, or none when there
        are none for these passages (no dense side asked for, or its model failed)."""
        if model:
            return vector_record(self.settings)
        if report.dense_error is not None or changed:
            return dict.fromkeys(VECTOR_KEYS)
        return {key: manifest.get(key) for key in VECTOR_KEYS}

    def vector_index(self, model: str):
        from assistant.retrieval.vector_index import VectorIndex

        return VectorIndex(self.root / "chroma", model)

    def _update_vectors(self, model, to_embed, removed, embedder_factory, rebuild: bool) -> None:
        index = self.vector_index(model)
        if rebuild:
            index.clear()
        for doc_id in removed:
            index.delete_document(doc_id)
        if not to_embed:
            return
        embedder = embedder_factory() if embedder_factory else None
        if embedder is None:
            from assistant.retrieval.embeddings import settings_embedder

            embedder = settings_embedder(self.settings)
        if self.settings.shipped_vectors:
            from assistant.retrieval.vector_cache import cached

            embedder = cached(embedder)
        size, step = self.settings.dense_window_chars, self.settings.dense_window_step
        for file, passages in to_embed:
            index.delete_document(file.doc_id)
            windows = [passage_windows(p, size, step) for p in passages]
            vectors = embedder.embed_documents([text for texts in windows for text in texts])
            index.add(passages, vectors, [len(texts) for texts in windows])
