"""The playbook as the plan a new forum is created with (step keys, minutes, phones)."""

from __future__ import annotations

from typing import Any

from assistant.forum.plan import MeetingPlan, StepPlan
from assistant.playbook.models import PhoneAction, Playbook


def phone_spec(phone: PhoneAction) -> dict[str, Any]:
    spec: dict[str, Any] = {"action": phone.action.value}
    if phone.kind is not None:
        spec["kind"] = phone.kind.value
    if phone.poll is not None:
        poll = phone.poll
        spec["poll"] = {"method": poll.method.value, "kind": poll.kind.value}
        if poll.dots is not None:
            spec["poll"].update(budget=poll.dots, cap=poll.cap)
        if poll.top_n is not None:
            spec["poll"]["top_n"] = poll.top_n
        if poll.criteria:
            spec["poll"]["criteria"] = [c.key for c in poll.criteria]
    if phone.results_of is not None:
        spec["results_of"] = phone.results_of
    return spec


def forum_plan(playbook: Playbook) -> tuple[MeetingPlan, ...]:
    return tuple(
        MeetingPlan(number=meeting.number,
                    steps=tuple(StepPlan(key=step.id, minutes=step.minutes, phone=phone_spec(step.phone))
                                for step in meeting.steps))
        for meeting in playbook.meetings
    )
