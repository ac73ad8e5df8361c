"""The LLM answerer: the same evidence and playbook card as the offline answer,
written up by a language model that streams its words. A timeout, an error or
an empty answer gives the offline answer instead, flagged so the page can say
so. Weak evidence never reaches the model: the offline refusal is returned."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from typing import Protocol

from assistant.chat.answer import Answer, AnswerStream, Citation, Fallback, Mode
from assistant.chat.context import ForumContext
from assistant.chat.offline import Draft, OfflineAnswerer
from assistant.chat.prompt_data import QUESTION, answer_variables, block
from assistant.errors import ForumError, LlmEmptyAnswerError, LlmTimeoutError
from assistant.i18n import translate

ANSWER_PROMPT = "chat/answer"
TRANSLATE_PROMPT = "chat/translate_question"
MAX_TRANSLATION_CHARS = 500
_REFERENCE_RE = re.compile(r"\[(\d+)\]")
logger = logging.getLogger(__name__)


class TextModel(Protocol):
    """Streams the text a named prompt produces (assistant.llm.PromptedModel, or a test double)."""

    def stream(self, prompt: str, language: str, variables: Mapping[str, str]) -> Iterator[str]: ...


def cited(text: str, citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
    """The citations the text refers to by number; all of them if it refers to none."""
    numbers = {int(n) for n in _REFERENCE_RE.findall(text)}
    chosen = tuple(c for c in citations if c.number in numbers)
    return chosen or citations


class LlmAnswerer:
    mode = Mode.LLM

    def __init__(self, offline: OfflineAnswerer, model: TextModel) -> None:
        self.offline = offline
        self.model = model

    def _fallback(self, draft: Draft, context: ForumContext, error: BaseException) -> Answer:
        if isinstance(error, LlmTimeoutError):
            reason = Fallback.TIMEOUT
        elif isinstance(error, LlmEmptyAnswerError):
            reason = Fallback.EMPTY
        else:
            reason = Fallback.ERROR
        logger.warning("language model failed (%s), answering offline: %s", reason, error)
        detail = error.message(context.language) if isinstance(error, ForumError) else type(error).__name__
        answer = self.offline.compose(draft, context)
        return Answer(question=answer.question, text=answer.text, citations=answer.citations,
                      mode=Mode.OFFLINE, covered=answer.covered, strength=answer.strength, card=answer.card,
                      fallback=reason, detail=detail, searched=answer.searched)

    def _final(self, draft: Draft, context: ForumContext, text: str) -> Answer:
        return Answer(question=draft.question, text=text.strip(), citations=cited(text, draft.citations),
                      mode=Mode.LLM, covered=True, strength=draft.evidence.strength, card=draft.card,
                      searched=draft.evidence.question)

    def _in_documents_language(self, draft: Draft, context: ForumContext) -> Draft:
        """A question in a language the documents are not written in is searched again in the
        model's translation (the meaning side and the glossary find less than the documents' own
        words); `draft` itself when that finds nothing or the model cannot translate."""
        if draft.documents_script is None:
            return draft
        variables = {"target": translate(f"script_in.{draft.documents_script}", context.language),
                     "question": block(QUESTION, draft.question)}
        try:
            text = " ".join("".join(self.model.stream(TRANSLATE_PROMPT, context.language, variables)).split())
        except Exception as exc:  # noqa: BLE001 - no translation: the offline notice stands
            logger.warning("language model could not translate the question: %s", exc)
            return draft
        if not text:
            return draft
        translated = self.offline.prepare(draft.question, context, search=text[:MAX_TRANSLATION_CHARS])
        return translated if translated.points else draft

    def stream(self, question: str, context: ForumContext) -> AnswerStream:
        room = self.offline.about_the_room(question, context)  # the forum's data, exactly, not written up
        if room is not None:
            return AnswerStream([room.text], lambda _text: room)
        draft = self._in_documents_language(self.offline.prepare(question, context), context)
        if not draft.covered:
            answer = self.offline.compose(draft, context)
            return AnswerStream([answer.text], lambda _text: answer)
        failure: list[BaseException] = []

        def chunks() -> Iterator[str]:
            try:
                variables = answer_variables(draft.question, context, draft.card, draft.citations)
                yield from self.model.stream(ANSWER_PROMPT, context.language, variables)
            except Exception as exc:  # noqa: BLE001 - any failure of the model means: answer offline
                failure.append(exc)

        def finish(text: str) -> Answer:
            if failure:
                return self._fallback(draft, context, failure[0])
            if not text.strip():
                return self._fallback(draft, context, LlmEmptyAnswerError())
            return self._final(draft, context, text)

        return AnswerStream(chunks(), finish)

    def answer(self, question: str, context: ForumContext) -> Answer:
        return self.stream(question, context).result()
