"""Narrative paragraphs drafted by the configured language model, with our own citation.

`LlmNarrator` asks the model (through `assistant.llm`, prompt `prompts/reports/narrative.<lang>.yaml`)
for one paragraph about a section's ideas, which go to it numbered, inside a <participant_data>
block the prompt declares to be data. The paragraph is followed by a "note" line, composed by
us, saying it is a draft to check and listing the idea numbers it cites (only numbers we gave;
others are dropped from the text). When the model fails or answers nothing, the offline
`DataNarrator` text stands, followed by a note saying so; after one failure the rest of the
document is offline too (no waiting for a dead server again).

Drafts are remembered (`DRAFTS`, bounded) by a hash of the forum, the model and the exact
prompt data, so downloading again with unchanged ideas asks the model nothing; failures
are not remembered.

`narrator_for(settings, forum_id)`: this narrator when FORUM_LLM is set, else the offline one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence

from assistant.chat.prompt_data import LANGUAGE_NAMES, PARTICIPANT_DATA, block
from assistant.config import Settings, get_settings
from assistant.errors import ForumError
from assistant.reports.document import Paragraph
from assistant.reports.narrative import NARRATIVE_KINDS, DataNarrator, Narrator
from assistant.reports.wording import Wording

log = logging.getLogger(__name__)
PROMPT = "reports/narrative"
MAX_ITEMS = 30
MEMO_SIZE = 256
_CITE_RE = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")


class DraftMemo:
    """Drafted texts by key, the least recently used dropped beyond `size` (thread-safe:
    downloads run on Streamlit's threads)."""

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self.size = size
        self._texts: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(*parts: str) -> str:
        return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()

    def get(self, key: str) -> str | None:
        with self._lock:
            text = self._texts.get(key)
            if text is not None:
                self._texts.move_to_end(key)
            return text

    def put(self, key: str, text: str) -> None:
        with self._lock:
            self._texts[key] = text
            self._texts.move_to_end(key)
            while len(self._texts) > self.size:
                self._texts.popitem(last=False)

    def __len__(self) -> int:
        return len(self._texts)

    def clear(self) -> None:
        with self._lock:
            self._texts.clear()


DRAFTS = DraftMemo()  # the process's memo, used by `narrator_for`


class LlmNarrator:
    def __init__(self, settings: Settings | None = None, model=None, offline: Narrator | None = None,
                 memo: DraftMemo | None = None, scope: str = "") -> None:
        self.settings = settings or get_settings()
        self.model = model  # a LangChain chat model (tests); None: the one FORUM_LLM names
        self.offline = offline or DataNarrator()
        self.memo = memo  # None: ask every time
        self.scope = scope  # part of the memo key (the forum)
        self.failed = False

    def draft(self, kind: str, items: Sequence[str], language: str,
              ids: Sequence[int | None] | None = None) -> list[Paragraph] | None:
        fallback = self.offline.draft(kind, items, language)
        if kind not in NARRATIVE_KINDS or not items:
            return fallback
        say = Wording(language)
        numbers = [n if n is not None else position
                   for position, n in enumerate(ids or [None] * len(items), start=1)][:MAX_ITEMS]
        text = None if self.failed else self._ask(kind, items[:MAX_ITEMS], numbers, language, say)
        if not text:
            return [*(fallback or []), Paragraph(say("narrative.offline"), "note")]
        text, cited = cite(text, numbers)
        ideas = say("narrative.separator").join(str(n) for n in (cited or numbers))
        return [Paragraph(text), Paragraph(say("narrative.drafted", ideas=ideas), "note")]

    def _ask(self, kind: str, items: Sequence[str], numbers: Sequence[int], language: str,
             say: Wording) -> str | None:
        from assistant import llm  # LangChain only when a model is used

        lines = "\n".join(f"[{n}] {' '.join(text.split())}" for n, text in zip(numbers, items))
        variables = {"language": LANGUAGE_NAMES.get(language, language),
                     "topic": say(f"narrative.topic.{kind}"), "count": str(len(items)),
                     "ideas": block(PARTICIPANT_DATA, lines)}
        key = DraftMemo.key(self.scope, self.settings.llm or "", self.settings.llm_base_url or "",
                            PROMPT, kind, language, lines)
        if self.memo is not None and (known := self.memo.get(key)) is not None:
            return known
        try:
            text = llm.draft(PROMPT, variables, language=language, settings=self.settings, model=self.model)
        except ForumError as exc:
            log.warning("narrative %s drafted offline: %s", kind, exc.message("en"))
            self.failed = True
            return None
        text = text.strip()
        if text and self.memo is not None:
            self.memo.put(key, text)
        return text or None


def cite(text: str, numbers: Sequence[int]) -> tuple[str, list[int]]:
    """The text without bracketed numbers we did not give, and the given ones it cites, in order."""
    known, cited = set(numbers), []

    def keep(match: re.Match) -> str:
        found = [int(n) for n in re.findall(r"\d+", match.group(1))]
        good = [n for n in found if n in known]
        cited.extend(n for n in good if n not in cited)
        return f" [{', '.join(map(str, good))}]" if good else ""

    return " ".join(_CITE_RE.sub(keep, text).split()), cited


def narrator_for(settings: Settings | None = None, forum_id: int | None = None) -> Narrator:
    """The narrator documents use: the language model's when FORUM_LLM is set (its drafts
    remembered in `DRAFTS`), else offline."""
    settings = settings or get_settings()
    if not settings.llm:
        return DataNarrator()
    return LlmNarrator(settings, memo=DRAFTS, scope=f"forum-{forum_id}" if forum_id is not None else "")
