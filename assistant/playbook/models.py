"""The facilitation playbook: four meetings, their steps, polls, outputs and evidence.

Models are frozen and validate themselves. A check that spans several fields
raises `FieldProblem`, which carries the path of the offending field so the
loader can name it (`steps[3].outputs[0]`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.forum.vocabulary import MEETING_NUMBERS, IdeaKind, MobilityDomain, VotingMethod

LANGUAGES = ("he", "ar", "en")
PLACEHOLDERS = frozenset({"domain"})
RUN_MINUTES = 150
RUN_TOLERANCE = 15
QUOTE_WORDS = (4, 15)

_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_KEY = r"^[a-z][a-z0-9_]*$"
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


class FieldProblem(ValueError):
    """A cross-field check failed; `field` is relative to the model that raised it."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LocalizedText(_Frozen):
    """One text in Hebrew (primary), Arabic and English; `{domain}` may appear in each."""

    he: str = Field(min_length=1)
    ar: str = ""
    en: str = ""

    @model_validator(mode="after")
    def _known_placeholders(self) -> LocalizedText:
        for lang in LANGUAGES:
            for name in _PLACEHOLDER_RE.findall(getattr(self, lang)):
                if name not in PLACEHOLDERS:
                    raise FieldProblem(lang, f"unknown placeholder {{{name}}}; only {{domain}} is allowed")
        return self

    def get(self, language: str) -> str:
        """The text in `language`, falling back to Hebrew when missing."""
        text = getattr(self, language, "") if language in LANGUAGES else ""
        return text or self.he

    def render(self, language: str, domain: str = "") -> str:
        return self.get(language).replace("{domain}", domain)

    def missing(self) -> list[str]:
        return [lang for lang in LANGUAGES if not getattr(self, lang).strip()]


class Evidence(_Frozen):
    """A short exact quote from a corpus document; `passage_ids` are filled at load."""

    document: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    passage_ids: tuple[str, ...] = ()

    @field_validator("quote")
    @classmethod
    def _quote_length(cls, value: str) -> str:
        low, high = QUOTE_WORDS
        if not low <= len(value.split()) <= high:
            raise ValueError(f"a quote has {low}-{high} words, this one has {len(value.split())}")
        return value


class Criterion(_Frozen):
    """A rating criterion, e.g. impact or feasibility."""

    key: str = Field(pattern=_KEY)
    label: LocalizedText


class PollSpec(_Frozen):
    """How a vote runs; its options are the ideas of `kind` gathered earlier in the meeting."""

    method: VotingMethod
    kind: IdeaKind
    dots: int | None = None
    cap: int | None = None
    top_n: int | None = None
    criteria: tuple[Criterion, ...] = ()

    @model_validator(mode="after")
    def _parameters(self) -> PollSpec:
        wanted = {
            VotingMethod.DOTS: {"dots", "cap"},
            VotingMethod.RANKING: {"top_n"},
            VotingMethod.RATING: {"criteria"},
        }[self.method]
        for name in ("dots", "cap", "top_n", "criteria"):
            given = getattr(self, name) not in (None, ())
            if name in wanted and not given:
                raise FieldProblem(name, f"a {self.method} poll needs {name}")
            if name not in wanted and given:
                raise FieldProblem(name, f"a {self.method} poll takes no {name}")
        if self.method == VotingMethod.DOTS:
            if self.dots < 1:
                raise FieldProblem("dots", "the dots budget must be at least 1")
            if not 1 <= self.cap <= self.dots:
                raise FieldProblem("cap", "the cap per option must be between 1 and the dots budget")
        if self.method == VotingMethod.RANKING and self.top_n < 2:
            raise FieldProblem("top_n", "a ranking needs top_n of at least 2")
        keys = [c.key for c in self.criteria]
        if len(keys) != len(set(keys)):
            raise FieldProblem("criteria", "criteria keys must be unique")
        return self


class Action(StrEnum):
    WAIT = "wait"
    COLLECT = "collect"
    VOTE = "vote"
    RESULTS = "results"


class PhoneAction(_Frozen):
    """What participants' phones do during a step."""

    action: Action
    prompt: LocalizedText | None = None
    kind: IdeaKind | None = None
    poll: PollSpec | None = None
    results_of: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> PhoneAction:
        needs = {
            Action.WAIT: set(),
            Action.COLLECT: {"prompt", "kind"},
            Action.VOTE: {"prompt", "poll"},
            Action.RESULTS: {"results_of"},
        }[self.action]
        for name in ("prompt", "kind", "poll", "results_of"):
            given = getattr(self, name) is not None
            if name in needs and not given:
                raise FieldProblem(name, f"a '{self.action}' step needs {name}")
            if name not in needs and given and name != "prompt":
                raise FieldProblem(name, f"a '{self.action}' step takes no {name}")
        return self

    @property
    def idea_kind(self) -> IdeaKind | None:
        """The kind of idea this step gathers or votes on."""
        return self.poll.kind if self.poll else self.kind


class Output(_Frozen):
    """Something a meeting produces, gathered as ideas of `kind`; `ranked` if a poll orders it."""

    key: str = Field(pattern=_KEY)
    title: LocalizedText
    kind: IdeaKind
    ranked: bool = False


class Step(_Frozen):
    id: str = Field(pattern=_SLUG)
    title: LocalizedText
    goal: LocalizedText
    minutes: int = Field(gt=0)
    facilitator: LocalizedText
    script: LocalizedText
    tips: tuple[LocalizedText, ...] = Field(min_length=1)
    phone: PhoneAction
    uses: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = Field(min_length=1)


class Meeting(_Frozen):
    number: int
    title: LocalizedText
    goals: tuple[LocalizedText, ...] = Field(min_length=1)
    outputs: tuple[Output, ...] = Field(min_length=1)
    inputs: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = Field(min_length=1)
    steps: tuple[Step, ...] = Field(min_length=1)

    @field_validator("number")
    @classmethod
    def _known_number(cls, value: int) -> int:
        if value not in MEETING_NUMBERS:
            raise ValueError(f"a meeting number is one of {MEETING_NUMBERS}")
        return value

    @property
    def total_minutes(self) -> int:
        return sum(step.minutes for step in self.steps)

    def output(self, key: str) -> Output | None:
        return next((o for o in self.outputs if o.key == key), None)

    @model_validator(mode="after")
    def _coherent(self) -> Meeting:
        _unique([o.key for o in self.outputs], "outputs", "output key")
        _unique([s.id for s in self.steps], "steps", "step id")
        low, high = RUN_MINUTES - RUN_TOLERANCE, RUN_MINUTES + RUN_TOLERANCE
        if not low <= self.total_minutes <= high:
            raise FieldProblem("steps", f"the steps add up to {self.total_minutes} minutes, not {low}-{high}")
        for i, key in enumerate(self.inputs):
            if self.output(key):
                raise FieldProblem(f"inputs[{i}]", f"'{key}' is an output of this same meeting")
        _check_steps(self)
        _check_outputs(self)
        return self


def _unique(values: list[str], field: str, what: str) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            raise FieldProblem(f"{field}[{i}]", f"duplicate {what} '{value}'")
        seen.add(value)


def _check_steps(meeting: Meeting) -> None:
    """Steps refer only to what exists before them in the flow."""
    collected: set[IdeaKind] = set()
    earlier: dict[str, Action] = {}
    produced: set[str] = set()
    for i, step in enumerate(meeting.steps):
        at = f"steps[{i}]"
        phone = step.phone
        if phone.action == Action.VOTE and phone.poll.kind not in collected:
            raise FieldProblem(f"{at}.phone.poll.kind", f"no earlier step collects '{phone.poll.kind}' ideas")
        gathered = earlier.get(phone.results_of) in (Action.COLLECT, Action.VOTE)
        if phone.action == Action.RESULTS and not gathered:
            raise FieldProblem(
                f"{at}.phone.results_of", f"'{phone.results_of}' is not an earlier collect or vote step"
            )
        for j, key in enumerate(step.uses):
            if key not in meeting.inputs and key not in produced:
                raise FieldProblem(f"{at}.uses[{j}]", f"'{key}' is neither an input nor an earlier output")
        for j, key in enumerate(step.outputs):
            output = meeting.output(key)
            if output is None:
                raise FieldProblem(f"{at}.outputs[{j}]", f"unknown output '{key}'")
            if phone.idea_kind is not None and phone.idea_kind != output.kind:
                raise FieldProblem(
                    f"{at}.outputs[{j}]",
                    f"'{key}' gathers '{output.kind}' ideas, this step '{phone.idea_kind}'",
                )
        if phone.action == Action.COLLECT:
            collected.add(phone.kind)
        earlier[step.id] = phone.action
        produced.update(step.outputs)


def _check_outputs(meeting: Meeting) -> None:
    """Each output is gathered by a collect step, and a ranked one is ordered by a poll."""
    for i, output in enumerate(meeting.outputs):
        makers = [s.phone for s in meeting.steps if output.key in s.outputs]
        if not any(p.action == Action.COLLECT for p in makers):
            raise FieldProblem(f"outputs[{i}]", f"no collect step gathers '{output.key}'")
        voted = any(p.action == Action.VOTE for p in makers)
        if output.ranked and not voted:
            raise FieldProblem(f"outputs[{i}].ranked", f"no vote step ranks '{output.key}'")
        if voted and not output.ranked:
            raise FieldProblem(f"outputs[{i}].ranked", f"'{output.key}' is voted on, so it is ranked")


class Fact(_Frozen):
    """A fact of the method in one sentence (4-6 focus areas, 10-15 people per professional
    team), the questions it answers in each language, and the guide's words behind it."""

    id: str = Field(min_length=1)
    says: LocalizedText
    asks: dict[str, tuple[str, ...]]
    evidence: tuple[Evidence, ...] = ()

    @field_validator("asks")
    @classmethod
    def _asked_in_every_language(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        missing = [lang for lang in LANGUAGES if not any(q.strip() for q in value.get(lang, ()))]
        if missing:
            raise ValueError(f"no question in {', '.join(missing)}")
        return value


class Playbook(_Frozen):
    meetings: tuple[Meeting, ...]
    domains: dict[MobilityDomain, LocalizedText]
    facts: tuple[Fact, ...] = ()

    @model_validator(mode="after")
    def _coherent(self) -> Playbook:
        numbers = tuple(m.number for m in self.meetings)
        if numbers != MEETING_NUMBERS:
            raise FieldProblem("meetings", f"expected meetings {MEETING_NUMBERS} in order, got {numbers}")
        missing = [d.value for d in MobilityDomain if d not in self.domains]
        if missing:
            raise FieldProblem("domains", f"no label for {', '.join(missing)}")
        owner: dict[str, int] = {}
        for m, meeting in enumerate(self.meetings):
            for i, key in enumerate(meeting.inputs):
                if key not in owner:
                    raise FieldProblem(
                        f"meetings[{m}].inputs[{i}]", f"'{key}' is not an output of an earlier meeting"
                    )
            for i, output in enumerate(meeting.outputs):
                if output.key in owner:
                    raise FieldProblem(
                        f"meetings[{m}].outputs[{i}]",
                        f"'{output.key}' is already an output of meeting {owner[output.key]}",
                    )
                owner[output.key] = meeting.number
        return self

    def evidence(self) -> Iterator[tuple[str, Evidence]]:
        """Every evidence entry with its field path, meetings first then their steps."""
        for m, meeting in enumerate(self.meetings):
            for e, item in enumerate(meeting.evidence):
                yield f"meetings[{m}].evidence[{e}]", item
            for s, step in enumerate(meeting.steps):
                for e, item in enumerate(step.evidence):
                    yield f"meetings[{m}].steps[{s}].evidence[{e}]", item


def texts(model: BaseModel, path: str = "") -> Iterator[tuple[str, LocalizedText]]:
    """Every LocalizedText inside `model`, with its field path."""
    if isinstance(model, LocalizedText):
        yield path, model
        return
    for name in type(model).model_fields:
        yield from _texts_in(getattr(model, name), f"{path}.{name}" if path else name)


def _texts_in(value: object, path: str) -> Iterator[tuple[str, LocalizedText]]:
    if isinstance(value, BaseModel):
        yield from texts(value, path)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _texts_in(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_in(item, f"{path}.{key}")
