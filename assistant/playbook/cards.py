"""A step or a meeting rendered for one language and one mobility domain:
plain values the UI can lay out without knowing the playbook models."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.forum.vocabulary import MobilityDomain
from assistant.playbook.flow import get_meeting, inputs_for, run_of_show, step_index
from assistant.playbook.models import Evidence, Meeting, Output, PhoneAction, Playbook


@dataclass(frozen=True)
class OutputCard:
    key: str
    title: str
    kind: str
    ranked: bool
    meeting: int


@dataclass(frozen=True)
class EvidenceCard:
    document: str
    quote: str
    passage_ids: tuple[str, ...]


@dataclass(frozen=True)
class PhoneCard:
    """What phones show; poll fields are set only for a vote."""

    action: str
    prompt: str = ""
    kind: str | None = None
    method: str | None = None
    dots: int | None = None
    cap: int | None = None
    top_n: int | None = None
    criteria: tuple[str, ...] = ()
    results_of: str | None = None


@dataclass(frozen=True)
class StepCard:
    meeting: int
    meeting_title: str
    step_id: str
    position: int  # 1-based
    steps: int
    title: str
    goal: str
    facilitator: str
    script: str
    tips: tuple[str, ...]
    minutes: int
    offset: int  # minutes into the meeting at which the step starts
    meeting_minutes: int
    phone: PhoneCard
    uses: tuple[OutputCard, ...]
    outputs: tuple[OutputCard, ...]
    evidence: tuple[EvidenceCard, ...]


@dataclass(frozen=True)
class MeetingCard:
    number: int
    title: str
    goals: tuple[str, ...]
    minutes: int
    inputs: tuple[OutputCard, ...]
    outputs: tuple[OutputCard, ...]
    evidence: tuple[EvidenceCard, ...]


def domain_label(playbook: Playbook, domain: MobilityDomain | str, language: str) -> str:
    return playbook.domains[MobilityDomain(domain)].get(language)


def step_card(
    playbook: Playbook,
    number: int,
    step_id: str,
    language: str,
    domain: MobilityDomain | str,
) -> StepCard:
    meeting = get_meeting(playbook, number)
    i = step_index(meeting, step_id)
    step = meeting.steps[i]
    offset = run_of_show(meeting)[i].offset
    say = _renderer(playbook, language, domain)
    known = _known_outputs(playbook, meeting)
    return StepCard(
        meeting=meeting.number,
        meeting_title=say(meeting.title),
        step_id=step.id,
        position=i + 1,
        steps=len(meeting.steps),
        title=say(step.title),
        goal=say(step.goal),
        facilitator=say(step.facilitator),
        script=say(step.script),
        tips=tuple(say(t) for t in step.tips),
        minutes=step.minutes,
        offset=offset,
        meeting_minutes=meeting.total_minutes,
        phone=_phone_card(step.phone, say),
        uses=tuple(_output_card(*known[key], say) for key in step.uses),
        outputs=tuple(_output_card(meeting.number, meeting.output(key), say) for key in step.outputs),
        evidence=_evidence_cards(step.evidence),
    )


def meeting_card(playbook: Playbook, number: int, language: str, domain: MobilityDomain | str) -> MeetingCard:
    meeting = get_meeting(playbook, number)
    say = _renderer(playbook, language, domain)
    return MeetingCard(
        number=meeting.number,
        title=say(meeting.title),
        goals=tuple(say(g) for g in meeting.goals),
        minutes=meeting.total_minutes,
        inputs=tuple(_output_card(i.meeting, i.output, say) for i in inputs_for(playbook, number)),
        outputs=tuple(_output_card(meeting.number, o, say) for o in meeting.outputs),
        evidence=_evidence_cards(meeting.evidence),
    )


def _renderer(playbook: Playbook, language: str, domain: MobilityDomain | str):
    label = domain_label(playbook, domain, language)
    return lambda text: text.render(language, label)


def _known_outputs(playbook: Playbook, meeting: Meeting) -> dict[str, tuple[int, Output]]:
    known = {i.output.key: (i.meeting, i.output) for i in inputs_for(playbook, meeting.number)}
    known.update({o.key: (meeting.number, o) for o in meeting.outputs})
    return known


def _output_card(meeting: int, output: Output, say) -> OutputCard:
    return OutputCard(output.key, say(output.title), output.kind.value, output.ranked, meeting)


def _evidence_cards(items: tuple[Evidence, ...]) -> tuple[EvidenceCard, ...]:
    return tuple(EvidenceCard(e.document, e.quote, e.passage_ids) for e in items)


def _phone_card(phone: PhoneAction, say) -> PhoneCard:
    prompt = say(phone.prompt) if phone.prompt else ""
    poll = phone.poll
    if poll is None:
        kind = phone.kind.value if phone.kind else None
        return PhoneCard(phone.action.value, prompt, kind, results_of=phone.results_of)
    return PhoneCard(
        action=phone.action.value,
        prompt=prompt,
        kind=poll.kind.value,
        method=poll.method.value,
        dots=poll.dots,
        cap=poll.cap,
        top_n=poll.top_n,
        criteria=tuple(say(c.label) for c in poll.criteria),
    )

