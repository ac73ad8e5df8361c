"""Retrieval evaluation: recall@k and MRR of evidence strings."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import EvalFileError
from assistant.text.normalize import collapse_for_match


@dataclass(frozen=True)
class EvalItem:
    question: str
    evidence: str


@dataclass(frozen=True)
class EvalReport:
    n: int
    k: int
    recall_at_k: float
    mrr: float
    misses: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"n": self.n, "k": self.k, "recall_at_k": self.recall_at_k, "mrr": self.mrr}


def load_eval_file(path: Path) -> list[EvalItem]:
    if not path.is_file():
        raise EvalFileError(path=str(path), line=0, reason="not found")
    items: list[EvalItem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            question, evidence = row["question"], row["evidence"]
        except (ValueError, KeyError, TypeError) as exc:
            raise EvalFileError(path=str(path), line=number, reason=str(exc)) from exc
        if not isinstance(question, str) or not isinstance(evidence, str) or not evidence.strip():
            raise EvalFileError(path=str(path), line=number, reason="question and evidence must be text")
        items.append(EvalItem(question=question, evidence=evidence))
    if not items:
        raise EvalFileError(path=str(path), line=0, reason="no questions")
    return items


def contains_evidence(passage_text: str, evidence: str) -> bool:
    return collapse_for_match(evidence) in collapse_for_match(passage_text)


def evaluate(
    items: Sequence[EvalItem],
    search: Callable[[str, int], Sequence[str]],
    k: int,
) -> EvalReport:
    """`search(question, k)` returns the texts of the top-k passages, best first."""
    hits = 0
    reciprocal = 0.0
    misses: list[str] = []
    for item in items:
        texts = search(item.question, k)
        rank = next((r for r, text in enumerate(texts, 1) if contains_evidence(text, item.evidence)), None)
        if rank is None:
            misses.append(item.question)
        else:
            hits += 1
            reciprocal += 1.0 / rank
    n = len(items)
    return EvalReport(
        n=n,
        k=k,
        recall_at_k=round(hits / n, 4) if n else 0.0,
        mrr=round(reciprocal / n, 4) if n else 0.0,
        misses=tuple(misses),
    )
