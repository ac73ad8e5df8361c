"""Putting the assistant together from settings: the offline answerer always,
wrapped by the LLM answerer when `FORUM_LLM` is set. A model that cannot even
be set up still answers (offline, with the setup error as its notice)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from assistant.chat.answer import Answerer
from assistant.chat.context import ForumContext, no_forum, read_context
from assistant.chat.llm_answerer import LlmAnswerer, TextModel
from assistant.chat.offline import OfflineAnswerer
from assistant.config import Settings
from assistant.errors import ForumError, NotFoundError, UnknownForumError
from assistant.playbook.models import Playbook


class _Unavailable:
    """Stands in for a model that could not be set up: every call fails the same way."""

    def __init__(self, error: ForumError) -> None:
        self.error = error

    def stream(self, prompt: str, language: str, variables: Mapping[str, str]) -> Iterator[str]:
        raise self.error


def text_model(settings: Settings) -> TextModel | None:
    """The configured language model behind the prompt files (None: offline only)."""
    if not settings.llm:
        return None
    from assistant.llm import prompted_model  # LangChain loads only when an LLM is configured

    try:
        return prompted_model(settings)
    except ForumError as exc:
        return _Unavailable(exc)


def make_answerer(offline: OfflineAnswerer, model: TextModel | None) -> Answerer:
    """The LLM answerer around `offline` when a model is set up, else `offline` alone."""
    return LlmAnswerer(offline, model) if model is not None else offline


def forum_context(store, playbook: Playbook, forum_id: int | None, language: str) -> ForumContext:
    if forum_id is None:
        return no_forum(language)
    try:
        return read_context(store, playbook, forum_id, language)
    except NotFoundError as exc:
        raise UnknownForumError(forum_id=forum_id) from exc
