"""Suggested next actions: what the playbook says the current step needs,
given where the room stands, as typed objects that each name the store command
that carries them out (the page runs it; nothing here touches Streamlit)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from assistant.chat.context import ForumContext
from assistant.forum.ballots import MIN_POLL_OPTIONS
from assistant.forum.records import IdeaRecord
from assistant.forum.similarity import near_duplicates
from assistant.forum.vocabulary import IdeaKind, PollStatus, VotingMethod
from assistant.i18n import isolate, translate
from assistant.store import commands
from assistant.text.normalize import snippet


class SuggestedAction(Protocol):
    key: str  # stable within a page: the button's key

    def label(self, language: str) -> str: ...

    def command(self) -> tuple[Callable[..., Any], tuple, dict]:
        """The store command and its arguments after the store."""
        ...

    @property
    def success(self) -> str:
        """Catalog key of the message shown once the command succeeded."""
        ...


def _kind(kind: IdeaKind, language: str) -> str:
    return translate(f"kind.{kind}", language)


@dataclass(frozen=True)
class OpenCollection:
    forum_id: int
    kind: IdeaKind
    key: str = "open_collection"
    success: str = "console.collection_opened"

    def label(self, language: str) -> str:
        return translate("chat.action.open_collection", language, kind=_kind(self.kind, language))

    def command(self):
        return commands.open_collection, (self.forum_id, self.kind.value), {}


@dataclass(frozen=True)
class CloseCollection:
    forum_id: int
    kind: IdeaKind
    key: str = "close_collection"
    success: str = "chat.action.done"

    def label(self, language: str) -> str:
        return translate("chat.action.close_collection", language, kind=_kind(self.kind, language))

    def command(self):
        return commands.close_collection, (self.forum_id,), {}


@dataclass(frozen=True)
class BuildPoll:
    """A poll over the step's ideas, built the way the step's playbook entry says, and opened."""

    forum_id: int
    title: str
    method: VotingMethod
    kind: IdeaKind
    idea_ids: tuple[int, ...]  # the ideas it will be over, as suggested (one sent meanwhile joins them)
    spec: tuple[tuple[str, Any], ...] = ()  # the step's playbook entry for its vote
    key: str = "build_poll"
    success: str = "console.poll_opened"

    def label(self, language: str) -> str:
        return translate("chat.action.build_poll", language, count=len(self.idea_ids),
                         kind=_kind(self.kind, language), method=translate(f"method.{self.method}", language))

    def command(self):
        return commands.open_step_poll, (self.forum_id,), {"title": self.title, "spec": dict(self.spec)}


@dataclass(frozen=True)
class OpenPoll:
    forum_id: int
    poll_id: int
    key: str = "open_poll"
    success: str = "console.poll_opened"

    def label(self, language: str) -> str:
        return translate("chat.action.open_poll", language)

    def command(self):
        return commands.open_poll, (self.forum_id, self.poll_id), {}


@dataclass(frozen=True)
class ClosePoll:
    forum_id: int
    poll_id: int
    voters: int
    participants: int
    key: str = "close_poll"
    success: str = "chat.action.done"

    def label(self, language: str) -> str:
        return translate("chat.action.close_poll", language, voters=self.voters,
                         participants=self.participants)

    def command(self):
        return commands.close_poll, (self.forum_id, self.poll_id), {}


@dataclass(frozen=True)
class MergeDuplicates:
    """Fold `source_id` into `target_id` (kept as merged, so it can be restored)."""

    forum_id: int
    target_id: int
    source_id: int
    pairs: int
    target_text: str = ""
    source_text: str = ""
    key: str = "merge_duplicates"
    success: str = "chat.action.done"

    def label(self, language: str) -> str:
        """Names the two ideas by their words (shortened), not by their numbers."""
        return translate("chat.action.merge", language, target=_quoted(self.target_text),
                         source=_quoted(self.source_text), pairs=self.pairs)

    def command(self):
        return commands.merge_ideas, (self.forum_id, self.target_id, [self.source_id]), {}


@dataclass(frozen=True)
class NextStep:
    forum_id: int
    step_id: int
    title: str
    key: str = "next_step"
    success: str = "chat.action.done"

    def label(self, language: str) -> str:
        return translate("chat.action.next_step", language, title=self.title)

    def command(self):
        return commands.go_to_step, (self.forum_id, self.step_id), {}


def _hashable(spec: dict) -> tuple[tuple[str, Any], ...]:
    """A playbook entry as a frozen dataclass can hold it."""
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(spec.items()))


def _poll_actions(context: ForumContext, forum_id: int) -> list[SuggestedAction]:
    spec = (context.step.phone or {}).get("poll") if context.step else None
    if not spec or context.card is None:
        return []
    poll = context.poll_for_step()
    if poll is None:
        if len(context.ideas) < MIN_POLL_OPTIONS:
            return []
        return [BuildPoll(forum_id=forum_id, title=context.card.title, method=VotingMethod(spec["method"]),
                          kind=IdeaKind(spec["kind"]), idea_ids=tuple(i.id for i in context.ideas),
                          spec=_hashable(spec))]
    if poll.status is PollStatus.DRAFT:
        return [OpenPoll(forum_id=forum_id, poll_id=poll.id)]
    if poll.status is PollStatus.OPEN:
        return [ClosePoll(forum_id=forum_id, poll_id=poll.id, voters=poll.voters,
                          participants=context.participants)]
    return []


QUOTED_CHARS = 40


def _quoted(text: str) -> str:
    return isolate(snippet(text, QUOTED_CHARS))


def _merge_action(ideas: tuple[IdeaRecord, ...], forum_id: int) -> list[SuggestedAction]:
    pairs = near_duplicates(list(ideas))
    if not pairs:
        return []
    first, second = sorted((pairs[0].first_id, pairs[0].second_id))
    text = {i.id: i.text for i in ideas}
    return [MergeDuplicates(forum_id=forum_id, target_id=first, source_id=second, pairs=len(pairs),
                            target_text=text[first], source_text=text[second])]


def suggest(context: ForumContext) -> list[SuggestedAction]:
    """What to do next on the current step, most pressing first (empty without a forum)."""
    forum, card = context.forum, context.card
    if forum is None or card is None:
        return []
    actions: list[SuggestedAction] = []
    collecting = forum.collecting_kind
    phone = card.phone
    if phone.action == "collect" and phone.kind:
        if collecting is None or collecting.value != phone.kind:
            actions.append(OpenCollection(forum_id=forum.id, kind=IdeaKind(phone.kind)))
        elif context.ideas:
            actions.append(CloseCollection(forum_id=forum.id, kind=collecting))
    elif collecting is not None:
        actions.append(CloseCollection(forum_id=forum.id, kind=collecting))
    if phone.action == "vote":
        actions += _poll_actions(context, forum.id)
    actions += _merge_action(context.ideas, forum.id)
    if context.next_step is not None:
        title = context.next_card.title if context.next_card else context.next_step.key
        actions.append(NextStep(forum_id=forum.id, step_id=context.next_step.id, title=title))
    return actions
