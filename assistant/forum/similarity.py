"""Near-duplicate ideas: by meaning when the ideas' embeddings are given (multilingual-e5-small:
paraphrases, and the same idea in Hebrew and in Arabic), else by character n-grams (typos and
inflections). Measured on 203 labelled pairs (tests/data/idea_pairs.jsonl; thresholds set on
half of them, figures on the other half; `make bench`). Pure: the vectors come from the caller."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.forum.records import IdeaRecord
from assistant.text.normalize import dominant_script, normalize
from assistant.text.tfidf import Tfidf

DUPLICATE_THRESHOLD = 0.45
# Cosine of two ideas' embeddings (E5's "query: " on both) from which they are suggested as one:
# within a script 0.91 (on the tuning half of the pairs in one language, 38 of 53 suggested are
# right, and all but one right pair suggested); across scripts cosines run lower: 0.87 (40
# Hebrew-Arabic pairs: precision 0.92, recall 0.85).
MEANING_THRESHOLD = 0.91
ACROSS_LANGUAGES_THRESHOLD = 0.87


@dataclass(frozen=True)
class DuplicatePair:
    first_id: int
    second_id: int
    similarity: float
    across_languages: bool = False  # maybe the same idea, in another language


def similarity_matrix(texts: Sequence[str]):
    """Cosine similarity of every two texts' char n-grams (rows have unit length)."""
    vectors = Tfidf("char_wb", (2, 4), sublinear_tf=True).fit_transform([normalize(t) or "-" for t in texts])
    return (vectors @ vectors.T).toarray()


def near_duplicates(ideas: Sequence[IdeaRecord], threshold: float | None = None, *,
                    vectors: np.ndarray | None = None) -> list[DuplicatePair]:
    """Pairs of ideas that say nearly the same thing, most similar first; by meaning when
    `vectors` (one unit-length row per idea) are given."""
    return most_similar_pairs(ideas, threshold, vectors=vectors)[0]


def most_similar_pairs(ideas: Sequence[IdeaRecord], threshold: float | None = None, *,
                       vectors: np.ndarray | None = None, limit: int | None = None) -> tuple[list[DuplicatePair], int]:
    """The first `limit` of `near_duplicates` (all when None), and how many there are in all.
    Only those are made: a room that sends the same idea again and again has tens of thousands
    of pairs, and the console asks at each refresh for the ten it shows."""
    if len(ideas) < 2:
        return [], 0
    by_meaning = vectors is not None and len(vectors) == len(ideas)
    matrix = np.asarray(vectors @ vectors.T) if by_meaning else similarity_matrix([i.text for i in ideas])
    # Every pair at once (the console asks at each refresh, over hundreds of ideas): the
    # threshold each pair needs, across scripts when two ideas are in different ones.
    scripts = np.array([dominant_script(i.text) for i in ideas])
    known = scripts != "other"
    across = (scripts[:, None] != scripts[None, :]) & known[:, None] & known[None, :] & by_meaning
    if threshold is not None:
        needed = threshold
    else:
        needed = np.where(across, ACROSS_LANGUAGES_THRESHOLD, MEANING_THRESHOLD) if by_meaning else DUPLICATE_THRESHOLD
    first, second = np.nonzero(np.triu(matrix >= needed, k=1))
    ids = np.array([i.id for i in ideas])
    # Most similar first (as shown: to three places), then by the two ideas' ids.
    order = np.lexsort((ids[second], ids[first], -np.round(matrix[first, second], 3)))
    if limit is not None:
        order = order[:max(0, limit)]
    pairs = [DuplicatePair(ideas[a].id, ideas[b].id, round(float(matrix[a, b]), 3), bool(across[a, b]))
             for a, b in zip(first[order].tolist(), second[order].tolist(), strict=True)]
    return pairs, len(first)
