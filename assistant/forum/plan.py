"""What a new forum is created with: its four meetings and their ordered steps.

The playbook produces a plan; the store only needs the step keys, their length
and what phones do during each step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.forum.vocabulary import MEETING_NUMBERS


@dataclass(frozen=True)
class StepPlan:
    key: str
    minutes: int = 10
    phone: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MeetingPlan:
    number: int
    steps: tuple[StepPlan, ...]


def check_plan(plan: tuple[MeetingPlan, ...]) -> None:
    numbers = [m.number for m in plan]
    if sorted(numbers) != list(MEETING_NUMBERS):
        raise ValueError(f"a forum has meetings {MEETING_NUMBERS}, got {numbers}")
    for meeting in plan:
        keys = [s.key for s in meeting.steps]
        if not keys or len(set(keys)) != len(keys):
            raise ValueError(f"meeting {meeting.number}: steps must be non-empty and unique")
