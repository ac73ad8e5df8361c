"""BM25 over normalised Hebrew/Arabic/Latin terms (bm25s)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import bm25s
import numpy as np

from assistant.retrieval.base import Hit
from assistant.text.normalize import analyze

logging.getLogger("bm25s").setLevel(logging.WARNING)


class LexicalRanker:
    name = "lexical"

    def __init__(self, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> None:
        self._size = len(texts)
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        corpus = [analyze(t) or [""] for t in texts]
        self._bm25.index(corpus, show_progress=False)
        self._vocab = set(self._bm25.vocab_dict)

    def rank(self, query: str, k: int) -> list[Hit]:
        terms = [t for t in analyze(query) if t in self._vocab]
        if not terms or not self._size:
            return []
        scores = np.asarray(self._bm25.get_scores(terms), dtype=float)
        order = np.argsort(-scores, kind="stable")[:k]
        return [Hit(int(i), float(scores[i])) for i in order if scores[i] > 0]
