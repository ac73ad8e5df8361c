"""Narrative paragraphs drafted from what the room wrote (a vision statement from the
vision ideas, say). A `Narrator` may be backed by an LLM; `DataNarrator`, the default,
composes its text deterministically from the items, quoting them as written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from assistant.reports.document import Paragraph
from assistant.reports.wording import Wording

NARRATIVE_KINDS = ("shared_concept", "situation", "vision", "commitments")
QUOTED_ITEMS = 3


class Narrator(Protocol):
    def draft(self, kind: str, items: Sequence[str], language: str,
              ids: Sequence[int | None] | None = None) -> list[Paragraph] | None:
        """Paragraphs about `items` (best first) for a section of `kind`, or None to
        leave the section without narrative. Must not add facts the items lack.
        `ids`, when given, are the items' idea numbers (for citing them)."""


class DataNarrator:
    """Offline and deterministic: one sentence per kind, quoting the leading items."""

    def draft(self, kind: str, items: Sequence[str], language: str,
              ids: Sequence[int | None] | None = None) -> list[Paragraph] | None:
        if kind not in NARRATIVE_KINDS:
            raise ValueError(f"unknown narrative kind {kind!r}")
        if not items:
            return None
        say = Wording(language)
        quoted = say("narrative.separator").join(say.quote(item) for item in items[:QUOTED_ITEMS])
        text = say(f"narrative.{kind}", items=quoted, count=len(items))
        return [Paragraph(text)]
