"""Near-duplicate ideas, by character n-grams (works for Hebrew, Arabic and
English alike, and for typos and inflections)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.forum.records import IdeaRecord
from assistant.text.normalize import normalize
from assistant.text.tfidf import Tfidf

DUPLICATE_THRESHOLD = 0.45


@dataclass(frozen=True)
class DuplicatePair:
    first_id: int
    second_id: int
    similarity: float


def similarity_matrix(texts: Sequence[str]):
    """Cosine similarity of every two texts' char n-grams (rows have unit length)."""
    vectors = Tfidf("char_wb", (2, 4), sublinear_tf=True).fit_transform([normalize(t) or "-" for t in texts])
    return (vectors @ vectors.T).toarray()


def near_duplicates(ideas: Sequence[IdeaRecord], threshold: float = DUPLICATE_THRESHOLD) -> list[DuplicatePair]:
    """Pairs of ideas that say nearly the same thing, most similar first."""
    if len(ideas) < 2:
        return []
    matrix = similarity_matrix([i.text for i in ideas])
    pairs = [DuplicatePair(ideas[a].id, ideas[b].id, round(float(matrix[a, b]), 3))
             for a in range(len(ideas)) for b in range(a + 1, len(ideas)) if matrix[a, b] >= threshold]
    return sorted(pairs, key=lambda p: (-p.similarity, p.first_id, p.second_id))
