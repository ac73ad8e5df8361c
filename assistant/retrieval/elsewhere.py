"""Questions the documents do not answer, as a signal against answering from them.

A question about a city's services (a fee, a timetable, an office) shares the documents'
subject, and a small model finds it a passage of fair similarity: the best passage's cosine
alone cannot tell it from a question the documents answer. Its similarity to questions of
municipal life that the documents do not answer can: an answerable question is nearer to some
passage than to any of them, a services question is nearer to one of them. The questions are a
file (`FORUM_ELSEWHERE_FILE`, bundled: `data/elsewhere.he.txt`); the dense ranker embeds them
once, as questions, and `Retriever.retrieve` reports the nearest one's similarity.

Pure: no model, no index."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def read_questions(path: Path | None) -> tuple[str, ...]:
    """The questions in `path`, one per line (blank lines and `#` comments skipped); none for no
    file."""
    if path is None or not path.is_file():
        return ()
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(dict.fromkeys(line for line in lines if line and not line.startswith("#")))


def nearest(vector: np.ndarray, questions: np.ndarray) -> float | None:
    """The cosine of `vector` (normalised) to the nearest of `questions` (one normalised row
    each); None when there are none."""
    if questions.size == 0:
        return None
    return float(np.max(questions @ vector))
