"""The ranker contract: every retrieval side, built-in or plug-in, is one of these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Hit:
    index: int  # position of the passage in the retriever's passage list
    score: float


class Ranker(Protocol):
    name: str

    def rank(self, query: str, k: int) -> list[Hit]:
        """The best `k` passages for `query`, best first; only positive evidence."""
        ...
