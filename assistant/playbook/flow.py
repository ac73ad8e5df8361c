"""Moving through a meeting: lookups, next and previous step, the run of show,
and the earlier outputs a meeting builds on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from assistant.playbook.models import Meeting, Output, Playbook, Step


@dataclass(frozen=True)
class Slot:
    """A step's place in the run of show; `offset` is minutes from the start."""

    step_id: str
    offset: int
    minutes: int
    start: str
    end: str


@dataclass(frozen=True)
class Input:
    """An output of an earlier meeting that a meeting builds on."""

    meeting: int
    output: Output


def get_meeting(playbook: Playbook, number: int) -> Meeting:
    for meeting in playbook.meetings:
        if meeting.number == number:
            return meeting
    raise KeyError(f"no meeting {number}")


def step_index(meeting: Meeting, step_id: str) -> int:
    for i, step in enumerate(meeting.steps):
        if step.id == step_id:
            return i
    raise KeyError(f"no step '{step_id}' in meeting {meeting.number}")


def get_step(meeting: Meeting, step_id: str) -> Step:
    return meeting.steps[step_index(meeting, step_id)]


def first_step(meeting: Meeting) -> Step:
    return meeting.steps[0]


def next_step(meeting: Meeting, step_id: str) -> Step | None:
    i = step_index(meeting, step_id) + 1
    return meeting.steps[i] if i < len(meeting.steps) else None


def previous_step(meeting: Meeting, step_id: str) -> Step | None:
    i = step_index(meeting, step_id) - 1
    return meeting.steps[i] if i >= 0 else None


def clock(start: time, minutes: int) -> str:
    """`start` plus `minutes`, as hh:mm on a 24-hour clock."""
    moment = datetime.combine(datetime.min.date(), start) + timedelta(minutes=minutes)
    return moment.strftime("%H:%M")


def run_of_show(meeting: Meeting, start: time = time(0, 0)) -> list[Slot]:
    slots: list[Slot] = []
    offset = 0
    for step in meeting.steps:
        end = offset + step.minutes
        slots.append(Slot(step.id, offset, step.minutes, clock(start, offset), clock(start, end)))
        offset += step.minutes
    return slots


def slot_for(meeting: Meeting, step_id: str, start: time = time(0, 0)) -> Slot:
    return run_of_show(meeting, start)[step_index(meeting, step_id)]


def inputs_for(playbook: Playbook, number: int) -> list[Input]:
    """The earlier outputs meeting `number` takes as inputs, in the order it declares them."""
    owners = {o.key: Input(m.number, o) for m in playbook.meetings for o in m.outputs}
    return [owners[key] for key in get_meeting(playbook, number).inputs]
