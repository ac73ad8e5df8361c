"""Helping the room converge: group a step's ideas into suggested themes,
flag near-duplicates, and summarise the ideas extractively.

Themes are agglomerative clusters (average linkage) over the cosine distance
of character n-gram TF-IDF vectors (the same vectors as the near-duplicate
check), so inflections, typos and Hebrew, Arabic or English all group alike.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering

from assistant.forum.records import IdeaRecord
from assistant.forum.similarity import DuplicatePair, near_duplicates, similarity_matrix
from assistant.text.normalize import normalize, prefix_variants
from assistant.text.query import is_filler

# Ideas join a theme while their average cosine distance stays under this: of their n-grams, or
# of their embeddings when given (62 ideas in 8 themes, tests/data/idea_themes.jsonl: n-grams
# V-measure 0.615, adjusted Rand 0.061; embeddings at 0.12: 0.646 and 0.164).
THEME_DISTANCE = 0.8
MEANING_THEME_DISTANCE = 0.12
TERMS_PER_THEME = 3
MIN_TERM_LETTERS = 3
HIGHLIGHTS = 5
_WORD_RE = re.compile(r"\w+")
_FINAL_FORMS = str.maketrans({"כ": "ך", "מ": "ם", "נ": "ן", "פ": "ף", "צ": "ץ"})


@dataclass(frozen=True)
class Theme:
    terms: tuple[str, ...]  # words most of its ideas share
    ideas: tuple[IdeaRecord, ...]  # most central first
    participants: int

    @property
    def representative(self) -> IdeaRecord:
        return self.ideas[0]


@dataclass(frozen=True)
class Themes:
    themes: tuple[Theme, ...]  # largest first
    ungrouped: tuple[IdeaRecord, ...]


@dataclass(frozen=True)
class Summary:
    ideas: int
    participants: int
    themes: int
    highlights: tuple[IdeaRecord, ...]  # the ideas that stand for the rest
    duplicates: int


def _display(form: str) -> str:
    """A normalised Hebrew word with its final letter restored."""
    return form[:-1] + form[-1].translate(_FINAL_FORMS) if form and "\u05d0" <= form[-1] <= "\u05ea" else form


def _forms(text: str) -> set[str]:
    out: set[str] = set()
    for word in _WORD_RE.findall(normalize(text)):
        if is_filler(word):
            continue
        for form in (word, *prefix_variants(word)):
            if len(form) >= MIN_TERM_LETTERS and not is_filler(form):
                out.add(form)
    return out


def shared_terms(ideas: Sequence[IdeaRecord], limit: int = TERMS_PER_THEME) -> tuple[str, ...]:
    """Words that at least two of the ideas use, most widely shared first; a
    word stands for its own prefix-stripped forms (מורים, not רים)."""
    counts = Counter(form for idea in ideas for form in _forms(idea.text))
    candidates = sorted((f for f, n in counts.items() if n >= 2), key=lambda f: (-counts[f], -len(f), f))
    chosen: list[str] = []
    for form in candidates:
        if any(form in c or c in form for c in chosen):
            continue
        chosen.append(form)
        if len(chosen) == limit:
            break
    return tuple(_display(f) for f in chosen)


def _central_first(indices: list[int], similarity: np.ndarray) -> list[int]:
    if len(indices) == 1:
        return indices
    block = similarity[np.ix_(indices, indices)]
    centrality = (block.sum(axis=1) - 1.0) / (len(indices) - 1)
    return [indices[i] for i in np.argsort(-centrality, kind="stable")]


def group_themes(ideas: Sequence[IdeaRecord], distance: float | None = None, *,
                 vectors: np.ndarray | None = None) -> Themes:
    """Suggested themes (two ideas or more), largest first; the rest stay ungrouped. By meaning
    when `vectors` (one unit-length row per idea) are given."""
    ideas = list(ideas)
    if len(ideas) < 2:
        return Themes(themes=(), ungrouped=tuple(ideas))
    by_meaning = vectors is not None and len(vectors) == len(ideas)
    similarity = np.asarray(vectors @ vectors.T) if by_meaning else similarity_matrix([i.text for i in ideas])
    distance = distance if distance is not None else (MEANING_THEME_DISTANCE if by_meaning else THEME_DISTANCE)
    distances = np.clip(1.0 - similarity, 0.0, None)
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=distance).fit_predict(distances)
    themes, ungrouped = [], []
    for label in sorted(set(labels), key=lambda lab: min(np.flatnonzero(labels == lab))):
        members = _central_first([int(i) for i in np.flatnonzero(labels == label)], similarity)
        group = tuple(ideas[i] for i in members)
        if len(group) < 2:
            ungrouped.extend(group)
            continue
        people = len({i.participant_id for i in group if i.participant_id is not None})
        themes.append(Theme(terms=shared_terms(group), ideas=group, participants=people))
    themes.sort(key=lambda t: -len(t.ideas))
    return Themes(themes=tuple(themes), ungrouped=tuple(ungrouped))


def duplicates(ideas: Sequence[IdeaRecord], vectors: np.ndarray | None = None) -> list[DuplicatePair]:
    return near_duplicates(list(ideas), vectors=vectors)


def summarise(ideas: Sequence[IdeaRecord], limit: int = HIGHLIGHTS, *, vectors: np.ndarray | None = None) -> Summary:
    """How many ideas, from how many people, in how many themes, and the ideas
    that stand for them: each theme's most central idea, largest theme first,
    then the ungrouped ideas."""
    grouped = group_themes(ideas, vectors=vectors)
    highlights = [t.representative for t in grouped.themes] + list(grouped.ungrouped)
    return Summary(ideas=len(ideas), participants=len({i.participant_id for i in ideas if i.participant_id}),
                   themes=len(grouped.themes), highlights=tuple(highlights[:limit]),
                   duplicates=len(duplicates(ideas, vectors)))
