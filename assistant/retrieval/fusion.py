"""Weighted reciprocal-rank fusion."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant.retrieval.base import Hit


def reciprocal_rank_fusion(
    rankings: Mapping[str, Sequence[Hit]],
    weights: Mapping[str, float],
    k: int = 60,
) -> list[Hit]:
    """Sum of weight / (k + rank) over the rankings a passage appears in.

    Ties are broken by the first ranking listed (the primary ranker), then by
    passage position, so the order is deterministic.
    """
    fused: dict[int, float] = {}
    primary_rank: dict[int, int] = {}
    for position, (name, hits) in enumerate(rankings.items()):
        weight = weights.get(name, 0.0)
        if weight <= 0:
            continue
        for rank, hit in enumerate(hits, start=1):
            fused[hit.index] = fused.get(hit.index, 0.0) + weight / (k + rank)
            if position == 0:
                primary_rank.setdefault(hit.index, rank)
    ordered = sorted(
        fused.items(),
        key=lambda item: (-item[1], primary_rank.get(item[0], 1 << 30), item[0]),
    )
    return [Hit(index, score) for index, score in ordered]
