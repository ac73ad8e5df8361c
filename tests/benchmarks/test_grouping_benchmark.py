"""Grouping ideas, by letters and by meaning, on labelled sets (`make bench` prints the figures):
- 203 idea pairs in Hebrew and Arabic (tests/data/idea_pairs.jsonl: paraphrases, typos, the
  same words meaning something else, other ideas on the topic, unrelated ideas, and the same
  idea in Hebrew and in Arabic), the duplicate suggestion's precision and recall: thresholds
  chosen on the even rows, figures on the odd ones;
- 62 ideas in 8 themes (tests/data/idea_themes.jsonl), V-measure and adjusted Rand of the themes.
Asserts only what was adopted: meaning beats the letters on both."""

from __future__ import annotations

import json

import numpy as np
import pytest

from assistant.forum.similarity import (
    ACROSS_LANGUAGES_THRESHOLD,
    DUPLICATE_THRESHOLD,
    MEANING_THRESHOLD,
    similarity_matrix,
)
from assistant.retrieval.embeddings import make_embedder
from tests.conftest import DATA

pytestmark = [pytest.mark.benchmark, pytest.mark.slow]


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line.strip()]


def _embed(texts: list[str]) -> np.ndarray:
    embedder = make_embedder("multilingual-e5-small")
    return np.vstack([embedder.embed_query(t) for t in texts])


def _prf(scores: list[float], same: list[bool], threshold: float) -> tuple[float, float]:
    tp = sum(s >= threshold and y for s, y in zip(scores, same, strict=True))
    fp = sum(s >= threshold and not y for s, y in zip(scores, same, strict=True))
    fn = sum(s < threshold and y for s, y in zip(scores, same, strict=True))
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 0.0)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def test_duplicate_suggestions_by_letters_meaning_and_both():
    rows = _rows("idea_pairs.jsonl")
    texts = sorted({t for r in rows for t in (r["a"], r["b"])})
    at = {t: i for i, t in enumerate(texts)}
    letters, meaning = similarity_matrix(texts), _embed(texts)
    meaning = meaning @ meaning.T
    kinds = {"letters": lambda i, j: letters[i, j], "meaning": lambda i, j: meaning[i, j],
             "both (mean)": lambda i, j: (letters[i, j] + (meaning[i, j] - 0.8) / 0.2) / 2}
    held = rows[1::2]
    figures = {}
    for name, score in kinds.items():
        tune = rows[0::2]
        scores = [score(at[r["a"]], at[r["b"]]) for r in tune]
        grid = np.linspace(min(scores), max(scores), 200)
        best = max(grid, key=lambda t: _f1(*_prf(scores, [r["same"] for r in tune], t)))
        p, r = _prf([score(at[x["a"]], at[x["b"]]) for x in held], [x["same"] for x in held], best)
        figures[name] = {"threshold": round(float(best), 3), "precision": round(p, 3), "recall": round(r, 3),
                         "f1": round(_f1(p, r), 3)}
    p, r = _prf([letters[at[x["a"]], at[x["b"]]] for x in held], [x["same"] for x in held], DUPLICATE_THRESHOLD)
    figures[f"letters as shipped ({DUPLICATE_THRESHOLD})"] = {"precision": round(p, 3), "recall": round(r, 3),
                                                              "f1": round(_f1(p, r), 3)}
    # As shipped: one threshold within a script, a lower one across (cosines across scripts run lower).
    shipped = [meaning[at[x["a"]], at[x["b"]]] - (ACROSS_LANGUAGES_THRESHOLD if x["lang"] == "he-ar"
                                                  else MEANING_THRESHOLD) for x in held]
    p, r = _prf(shipped, [x["same"] for x in held], 0.0)
    figures[f"meaning as shipped ({MEANING_THRESHOLD}, across scripts {ACROSS_LANGUAGES_THRESHOLD})"] = {
        "precision": round(p, 3), "recall": round(r, 3), "f1": round(_f1(p, r), 3)}
    across = [r for r in rows if r["lang"] == "he-ar"]
    p, r = _prf([meaning[at[x["a"]], at[x["b"]]] for x in across], [x["same"] for x in across],
                ACROSS_LANGUAGES_THRESHOLD)
    figures["Hebrew-Arabic pairs by meaning"] = {"threshold": ACROSS_LANGUAGES_THRESHOLD, "precision": round(p, 3),
                                                 "recall": round(r, 3), "pairs": len(across)}
    print("\n" + json.dumps(figures, ensure_ascii=False, indent=1))
    assert figures["meaning"]["f1"] > figures["letters"]["f1"]
    shipped_meaning = next(v for k, v in figures.items() if k.startswith("meaning as shipped"))
    assert shipped_meaning["f1"] > figures[f"letters as shipped ({DUPLICATE_THRESHOLD})"]["f1"]
    assert figures["Hebrew-Arabic pairs by meaning"]["precision"] >= 0.8  # so they are suggested


def test_themes_by_letters_and_by_meaning():
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    from assistant.chat.converge import MEANING_THEME_DISTANCE, THEME_DISTANCE, group_themes
    from tests.forum.test_similarity_meaning import _idea

    rows = _rows("idea_themes.jsonl")
    ideas = [_idea(n, r["idea"]) for n, r in enumerate(rows, 1)]
    truth = [r["theme"] for r in rows]

    def labels(themes) -> list[int]:
        of = {i.id: n for n, theme in enumerate(themes.themes) for i in theme.ideas}
        return [of.get(i.id, -i.id) for i in ideas]  # an ungrouped idea is a theme of its own

    letters = labels(group_themes(ideas, THEME_DISTANCE))
    meaning = labels(group_themes(ideas, MEANING_THEME_DISTANCE, vectors=_embed([r["idea"] for r in rows])))
    figures = {name: {"v_measure": round(v_measure_score(truth, got), 3),
                      "adjusted_rand": round(adjusted_rand_score(truth, got), 3), "themes": len(set(got))}
               for name, got in (("letters", letters), ("meaning", meaning))}
    print("\n" + json.dumps(figures, indent=1))
    assert figures["meaning"]["adjusted_rand"] > figures["letters"]["adjusted_rand"]
