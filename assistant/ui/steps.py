"""The playbook's card for the forum's current step (None if the playbook no longer has it), and the
current meeting's agenda."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.forum.records import ForumRecord, StepRecord
from assistant.playbook.cards import StepCard, step_card


def card_for(playbook, forum: ForumRecord, step: StepRecord | None, language: str) -> StepCard | None:
    if step is None:
        return None
    try:
        return step_card(playbook, step.meeting_number, step.key, language, forum.domain)
    except KeyError:
        return None


def step_title(playbook, forum: ForumRecord, language: str) -> str:
    card = card_for(playbook, forum, forum.current_step, language)
    return f"{card.meeting_title} · {card.title}" if card else ""


@dataclass(frozen=True)
class AgendaItem:
    step: StepRecord
    title: str
    state: str  # "done", "now" or "next"


def meeting_agenda(playbook, forum: ForumRecord, language: str) -> list[AgendaItem]:
    """The current meeting's steps, each with its title in `language` and where the room is."""
    meeting = next((m for m in forum.meetings if m.number == forum.current_meeting), None)
    if meeting is None:
        return []
    now = next((i for i, step in enumerate(meeting.steps) if step.id == forum.current_step_id), 0)
    return [AgendaItem(step, card.title if (card := card_for(playbook, forum, step, language)) else step.key,
                       "done" if i < now else "now" if i == now else "next")
            for i, step in enumerate(meeting.steps)]


def step_prompt(playbook, forum: ForumRecord, language: str) -> str:
    card = card_for(playbook, forum, forum.current_step, language)
    if card is None or card.phone.kind != (forum.collecting_kind.value if forum.collecting_kind else None):
        return ""
    return card.phone.prompt
