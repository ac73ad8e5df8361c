"""How long the room has been on the current step, against the time the playbook gives it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# A step clock older than this was left running between meetings, not started in the room.
STALE_AFTER = timedelta(hours=4)


@dataclass(frozen=True)
class StepTime:
    elapsed: int  # seconds on the step
    planned: int  # seconds the playbook gives it

    @property
    def remaining(self) -> int:
        return max(self.planned - self.elapsed, 0)

    @property
    def minutes_left(self) -> int:
        """Whole minutes, rounded up: what a hall is told."""
        return -(-self.remaining // 60)

    @property
    def overrun(self) -> int:
        return max(self.elapsed - self.planned, 0)


def step_time(started_at: datetime | None, minutes: int, now: datetime) -> StepTime | None:
    """None when the step's clock was never started, or was started so long ago that
    it must have been left running since an earlier meeting."""
    if started_at is None:
        return None
    elapsed = now - started_at
    if elapsed > STALE_AFTER:
        return None
    return StepTime(elapsed=max(int(elapsed.total_seconds()), 0), planned=minutes * 60)


def duration(seconds: int) -> str:
    """4:05, or 1:02:03 from an hour up."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
