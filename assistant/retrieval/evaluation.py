"""Retrieval evaluation: recall@k and MRR of evidence strings, how far a set of a few dozen
questions can be trusted (95% intervals), and which questions one ranking gained or lost
against another (a paired comparison, the way two settings are told apart on one set)."""

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
    # Per question, in the set's order: the question and the rank of the first passage holding
    # its evidence within the top k (None: not found). The figures above are drawn from these.
    questions: tuple[str, ...] = ()
    ranks: tuple[int | None, ...] = ()

    @property
    def misses(self) -> tuple[str, ...]:
        """The questions whose evidence is in none of the top k passages."""
        return tuple(q for q, rank in zip(self.questions, self.ranks, strict=True) if rank is None)

    def as_dict(self) -> dict:
        return {"n": self.n, "k": self.k, "recall_at_k": self.recall_at_k, "mrr": self.mrr}

    def recall_interval(self, confidence: float = 0.95) -> tuple[float, float]:
        """Wilson's interval for recall@k, a share of n questions: on 45 questions one question
        is 0.022, and 41 found (0.911) could well come from a retriever that finds anywhere
        from 0.79 to 0.96 of such questions."""
        from scipy.stats import binomtest

        if not self.ranks:
            return (0.0, 1.0)
        found = sum(rank is not None for rank in self.ranks)
        interval = binomtest(found, len(self.ranks)).proportion_ci(confidence, method="wilson")
        return (round(float(interval.low), 4), round(float(interval.high), 4))

    def mrr_interval(self, confidence: float = 0.95, resamples: int = 4000) -> tuple[float, float]:
        """A percentile bootstrap interval for MRR (the questions drawn again with replacement;
        a fixed seed, so the same report gives the same interval)."""
        import numpy as np

        if not self.ranks:
            return (0.0, 1.0)
        reciprocal = np.array([1.0 / rank if rank else 0.0 for rank in self.ranks])
        draws = np.random.default_rng(0).integers(0, len(reciprocal), (resamples, len(reciprocal)))
        means = reciprocal[draws].mean(axis=1)
        tail = (1 - confidence) / 2
        low, high = np.quantile(means, [tail, 1 - tail])
        return (round(float(low), 4), round(float(high), 4))


@dataclass(frozen=True)
class Comparison:
    """The questions `after` found in its top k and `before` did not (gained), and the other
    way round (lost). Only these tell two rankings of one set apart; `p_value` is the exact
    McNemar test over them: the chance of a split at least this uneven if each such question
    were a coin toss."""

    gained: tuple[str, ...]
    lost: tuple[str, ...]

    @property
    def p_value(self) -> float:
        from scipy.stats import binomtest

        changed = len(self.gained) + len(self.lost)
        return float(binomtest(len(self.gained), changed).pvalue) if changed else 1.0


def compare(before: EvalReport, after: EvalReport) -> Comparison:
    """Which questions of one set `after` gained and lost against `before`."""
    if before.questions != after.questions or before.k != after.k:
        raise ValueError("a comparison needs two reports of the same questions at the same k")
    pairs = list(zip(before.questions, before.ranks, after.ranks, strict=True))
    return Comparison(
        gained=tuple(q for q, old, new in pairs if old is None and new is not None),
        lost=tuple(q for q, old, new in pairs if old is not None and new is None),
    )


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
    ranks = tuple(
        next((r for r, text in enumerate(search(item.question, k)[:k], 1) if contains_evidence(text, item.evidence)),
             None)
        for item in items
    )
    n = len(items)
    return EvalReport(
        n=n,
        k=k,
        recall_at_k=round(sum(rank is not None for rank in ranks) / n, 4) if n else 0.0,
        mrr=round(sum(1.0 / rank for rank in ranks if rank) / n, 4) if n else 0.0,
        questions=tuple(item.question for item in items),
        ranks=ranks,
    )
