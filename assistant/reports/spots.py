"""Points of a 2x2 that fall on one spot (two tasks rated alike) share one label, "1, 3",
instead of labels written over one another. Pure: used by the screen's chart and Word's."""

from __future__ import annotations

from collections.abc import Sequence

# Means closer than this on both axes are drawn on one spot (a 1-5 scale; a point is ~0.1 wide).
CLOSE = 0.05


def spot_labels(points: Sequence[tuple[str, float, float]], separator: str = ", ") -> list[str]:
    """For each (name, x, y): what to write at it: the names of every point on its spot,
    joined, at the first of them; "" at the others."""
    spots: list[tuple[float, float, list[int]]] = []
    for index, (_, x, y) in enumerate(points):
        spot = next((s for s in spots if abs(s[0] - x) < CLOSE and abs(s[1] - y) < CLOSE), None)
        if spot is None:
            spots.append((x, y, [index]))
        else:
            spot[2].append(index)
    labels = [""] * len(points)
    for _, _, members in spots:
        labels[members[0]] = separator.join(points[i][0] for i in members)
    return labels
