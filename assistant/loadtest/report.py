"""A load test's figures: the JSON the command prints, what counts as a
failure, and the same figures as translated lines."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.i18n import translate
from assistant.loadtest.audit import BallotCounts, IdeaCounts


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass(frozen=True)
class LoadReport:
    participants: int
    ideas: IdeaCounts
    ballots: BallotCounts
    ack_ms: tuple[float, ...]
    seconds: float
    join_ms: tuple[float, ...] = ()
    idea_ms: tuple[float, ...] = ()
    forum_id: int | None = None
    poll_id: int | None = None
    joined: int = 0
    ideas_acked: int = 0
    ballots_acked: int = 0
    errors: tuple[str, ...] = field(default_factory=tuple)
    timed_out: bool = False

    def as_dict(self) -> dict:
        def rounded(values: Sequence[float], q: float) -> float | None:
            found = percentile(values, q)
            return None if found is None else round(found, 1)

        return {
            "participants": self.participants,
            "ideas_expected": self.ideas.expected,
            "ideas_stored": self.ideas.stored,
            "ballots_expected": self.ballots.expected,
            "ballots_stored": self.ballots.stored,
            "ack_p50_ms": rounded(self.ack_ms, 50),
            "ack_p95_ms": rounded(self.ack_ms, 95),
            "ack_max_ms": rounded(self.ack_ms, 100),
            "join_p50_ms": rounded(self.join_ms, 50),
            "join_p95_ms": rounded(self.join_ms, 95),
            "idea_ack_p50_ms": rounded(self.idea_ms, 50),
            "idea_ack_p95_ms": rounded(self.idea_ms, 95),
            "seconds": round(self.seconds, 2),
            "joined": self.joined,
            "ideas_acknowledged": self.ideas_acked,
            "ideas_lost": self.ideas.lost,
            "ideas_duplicated": self.ideas.duplicated,
            "ideas_acknowledged_missing": self.ideas.acked_missing,
            "ballots_acknowledged": self.ballots_acked,
            "ballots_lost": self.ballots.lost,
            "ballots_mismatched": self.ballots.mismatched,
            "ballots_acknowledged_missing": self.ballots.acked_missing,
            "timed_out": self.timed_out,
            "errors": list(self.errors),
            "forum_id": self.forum_id,
            "poll_id": self.poll_id,
        }

    def problems(self) -> list[str]:
        """Catalog keys of what went wrong (empty when nothing was lost or duplicated)."""
        found = []
        if self.ideas.lost or self.ideas.acked_missing or self.ideas.stored != self.ideas.expected:
            found.append("loadtest.problem.ideas_lost")
        if self.ideas.duplicated:
            found.append("loadtest.problem.ideas_duplicated")
        if self.ballots.lost or self.ballots.acked_missing or self.ballots.stored != self.ballots.expected:
            found.append("loadtest.problem.ballots_lost")
        if self.ballots.mismatched:
            found.append("loadtest.problem.ballots_mismatched")
        if self.errors:
            found.append("loadtest.problem.errors")
        if self.timed_out:
            found.append("loadtest.problem.timeout")
        return found

    @property
    def ok(self) -> bool:
        return not self.problems()

    def lines(self, language: str | None = None) -> list[str]:
        d = self.as_dict()
        t = lambda key, **kw: translate(key, language, **kw)  # noqa: E731
        none = t("loadtest.none")

        def ms(key: str):
            return none if d[key] is None else d[key]

        out = [
            t("loadtest.summary", participants=d["participants"], seconds=d["seconds"], joined=d["joined"]),
            t("loadtest.ideas", stored=d["ideas_stored"], expected=d["ideas_expected"],
              acknowledged=d["ideas_acknowledged"], lost=d["ideas_lost"], duplicated=d["ideas_duplicated"]),
            t("loadtest.ballots", stored=d["ballots_stored"], expected=d["ballots_expected"],
              acknowledged=d["ballots_acknowledged"], lost=d["ballots_lost"],
              mismatched=d["ballots_mismatched"]),
            t("loadtest.join_latency", p50=ms("join_p50_ms"), p95=ms("join_p95_ms")),
            t("loadtest.idea_latency", p50=ms("idea_ack_p50_ms"), p95=ms("idea_ack_p95_ms")),
            t("loadtest.latency", p50=ms("ack_p50_ms"), p95=ms("ack_p95_ms"), max=ms("ack_max_ms")),
        ]
        out += [t(key) for key in self.problems()] or [t("loadtest.ok")]
        out += [t("loadtest.error", error=e) for e in self.errors[:10]]
        if len(self.errors) > 10:
            out.append(t("loadtest.more_errors", count=len(self.errors) - 10))
        return out
