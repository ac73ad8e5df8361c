"""The word-based rankers (BM25 over terms, TF-IDF over character n-grams) of the indexed
passages, made once and kept beside the index.

Analysing the 112 passages and fitting both took about 0.4 s of every cold `forum-assistant
search` or `ask` (a fifth of it) and of every server start. They are kept in the index folder
(`word-rankers.pickle`, written by this process, read only from there) under a key of
everything they are made from: the passages' text, the settings that shape them, the synonyms,
the source of the code that analyses and ranks, and the versions of bm25s, numpy and scipy.
Anything else (a missing, stale, or unreadable file) makes them anew, and writes them for the
next time when it can.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import pickle
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from assistant.config import Settings
from assistant.retrieval.lexical import LexicalRanker
from assistant.retrieval.ngram import NgramRanker
from assistant.text.query import FormWeights
from assistant.text.synonyms import SynonymTable

log = logging.getLogger(__name__)

FILE_NAME = "word-rankers.pickle"
_CODE = (  # the modules whose code decides what the rankers hold
    "assistant.text.normalize", "assistant.text.query", "assistant.text.synonyms", "assistant.text.tfidf",
    "assistant.retrieval.lexical", "assistant.retrieval.ngram", __name__,
)


def _source(module: str) -> str:
    try:
        return Path(importlib.import_module(module).__file__ or "").read_text(encoding="utf-8", errors="replace")
    except OSError:  # no source beside the code (a compiled install): its version stands for it
        return version("forum-assistant")


def _key(texts: Sequence[str], settings: Settings, synonyms: SynonymTable | None) -> str:
    digest = hashlib.sha256()
    for part in (
        repr((settings.prefix_form_weight, settings.stem_form_weight, settings.synonym_weight,
              settings.lexical_idf_floor)),
        repr(synonyms.groups if synonyms is not None else None),
        version("bm25s"), version("numpy"), version("scipy"),
        *(_source(module) for module in _CODE),
        *texts,
    ):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _make(texts: Sequence[str], settings: Settings, synonyms: SynonymTable | None) -> list:
    forms = FormWeights(prefix=settings.prefix_form_weight, stem=settings.stem_form_weight)
    return [
        LexicalRanker(texts, forms=forms, synonyms=synonyms, synonym_weight=settings.synonym_weight,
                      idf_floor=settings.lexical_idf_floor),
        NgramRanker(texts, synonyms=synonyms, synonym_weight=settings.synonym_weight),
    ]


def word_rankers(folder: Path, texts: Sequence[str], settings: Settings,
                 synonyms: SynonymTable | None) -> list:
    """[LexicalRanker, NgramRanker] of `texts`: read from `folder` when made there from the same
    things, else made (and written there for the next time)."""
    key = _key(texts, settings, synonyms)
    path = folder / FILE_NAME
    try:
        with path.open("rb") as stream:
            kept_key, rankers = pickle.load(stream)
        if kept_key == key:
            return rankers
    except FileNotFoundError:
        pass
    except Exception:
        log.warning("the word rankers kept in %s could not be read; made anew", path, exc_info=True)
    rankers = _make(texts, settings, synonyms)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with partial.open("wb") as stream:
            pickle.dump((key, rankers), stream, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    except OSError:  # a read-only index folder: made each time, as before
        log.info("could not keep the word rankers in %s", folder, exc_info=True)
    return rankers
