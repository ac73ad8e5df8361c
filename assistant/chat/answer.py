"""The answer contract: what every answerer returns, and the `Answerer` protocol
the offline and the LLM answerers both implement."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from assistant.chat.context import ForumContext
    from assistant.chat.guide import GuideCard


class Mode(StrEnum):
    OFFLINE = "offline"
    LLM = "llm"


class Basis(StrEnum):
    """What an answer is drawn from."""

    DOCUMENTS = "documents"  # the guide's passages and the playbook
    RESULTS = "results"  # the forum's own votes
    IDEAS = "ideas"  # the ideas the forum sent
    ATTENDANCE = "attendance"  # who joined and took part


class Fallback(StrEnum):
    """Why the LLM path gave the offline answer instead of its own."""

    TIMEOUT = "timeout"
    ERROR = "error"
    EMPTY = "empty"


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer: `[number]` in the text points here."""

    number: int
    document: str
    section: str
    passage_id: str
    text: str

    def as_dict(self) -> dict:
        return {"document": self.document, "section": self.section, "passage_id": self.passage_id,
                "text": self.text}


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    citations: tuple[Citation, ...]
    mode: Mode
    # False when the evidence was too weak: the text then says the documents do not cover it.
    covered: bool = True
    strength: float = 0.0
    card: GuideCard | None = None
    # Set when an LLM was asked but the offline answer is shown; `detail` says why, translated.
    fallback: Fallback | None = None
    detail: str = ""
    # What the documents were searched for, when not the question as typed (a typing slip
    # corrected, or a step's topic for "what now?").
    searched: str = ""
    basis: Basis = Basis.DOCUMENTS

    def as_dict(self) -> dict:
        data = {"answer": self.text, "citations": [c.as_dict() for c in self.citations],
                "mode": self.mode.value, "covered": self.covered}
        if self.fallback is not None:
            data["fallback"] = self.fallback.value
        if self.basis is not Basis.DOCUMENTS:
            data["basis"] = self.basis.value
        return data


class AnswerStream:
    """Text chunks as they arrive (for `st.write_stream`); once exhausted,
    `answer` holds the final answer, which may differ from the streamed text
    when the LLM failed half-way and the offline answer replaced it."""

    def __init__(self, chunks: Iterable[str], finish: Callable[[str], Answer]) -> None:
        self._generator = self._run(iter(chunks), finish)
        self.answer: Answer | None = None

    def _run(self, chunks: Iterator[str], finish: Callable[[str], Answer]) -> Iterator[str]:
        parts: list[str] = []
        for chunk in chunks:
            parts.append(chunk)
            yield chunk
        self.answer = finish("".join(parts))

    def __iter__(self) -> Iterator[str]:
        return self._generator

    def result(self) -> Answer:
        """Drain what is left of the stream and return the final answer."""
        for _ in self._generator:
            pass
        assert self.answer is not None
        return self.answer


class Answerer(Protocol):
    mode: Mode

    def answer(self, question: str, context: ForumContext) -> Answer: ...

    def stream(self, question: str, context: ForumContext) -> AnswerStream: ...
