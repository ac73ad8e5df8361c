"""Checks on text people type: control characters and bidi embedding/override/
isolate characters are stripped (they can reorder what others see), and so are
code points that are no character at all (lone surrogates, U+FFFE, U+FFFF and the
other noncharacters), which no document, database or XML file can hold; then the
text is trimmed and bounded. Everything else (HTML, Markdown, zero-width
joiners, emoji) is kept exactly as typed and shown literally."""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from assistant.errors import InvalidInputError

IDEA_MAX = 500
# Ideas one participant may send at one step (hidden ones count too): a phone pressing send
# in a loop cannot bury the wall. Rewording a sent idea is always possible.
IDEAS_PER_STEP = 20
NOTE_MAX = 2000
NAME_MAX = 60
TITLE_MAX = 120
CELL_MAX = 2000
QUESTION_MAX = 1000
PIN_MAX = 32

_ALLOWED_CONTROLS = {"\n", "\t"}
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
                     "\ufdd0-\ufdef\ufffe\uffff]")
_PLANE_NONCHARACTER = re.compile("[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff"
                                 "\U0004fffe\U0004ffff\U0005fffe\U0005ffff\U0006fffe\U0006ffff"
                                 "\U0007fffe\U0007ffff\U0008fffe\U0008ffff\U0009fffe\U0009ffff"
                                 "\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
                                 "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff"
                                 "\U0010fffe\U0010ffff]")


def strip_unsafe(text: str) -> str:
    """`text` without control characters (but line feed and tab), bidi embeddings, overrides
    and isolates, lone surrogates and noncharacters."""
    return _PLANE_NONCHARACTER.sub("", _UNSAFE.sub("", text))


def clean_text(text: str | None, field: str, limit: int, *, required: bool = True) -> str | None:
    """The text to store, or an InvalidInputError naming the field and the rule."""
    value = strip_unsafe((text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not value:
        if required:
            raise InvalidInputError(field=field, reason="empty", limit=limit)
        return None
    if len(value) > limit:
        raise InvalidInputError(field=field, reason="too_long", limit=limit, length=len(value))
    return value


ROOM_LINES_MAX = 60
_LIST_MARK = re.compile(r"^\s*(?:[-*•·–—]+|\(?\d{1,3}[.)]|\(?[א-ת][.)])\s+")


def idea_lines(text: str | None, field: str = "room_ideas") -> list[str]:
    """Ideas typed one per line (from a flipchart, sticky notes, what a table said): list
    marks ("-", "•", "3.", "א)") dropped, blank lines skipped, each line checked as an idea."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [_LIST_MARK.sub("", strip_unsafe(line)) for line in lines]
    lines = [" ".join(line.split()) for line in lines]
    found = [(number, line) for number, line in enumerate(lines, start=1) if line]
    if not found:
        raise InvalidInputError(field=field, reason="empty", limit=IDEA_MAX)
    if len(found) > ROOM_LINES_MAX:
        raise InvalidInputError(field=field, reason="too_many_lines", limit=ROOM_LINES_MAX, count=len(found))
    for number, line in found:
        if len(line) > IDEA_MAX:
            raise InvalidInputError(field=field, reason="line_too_long", line=number, limit=IDEA_MAX,
                                    length=len(line))
    return [line for _, line in found]


def check_meeting_dates(dates: dict[int, date | None]) -> dict[int, date | None]:
    """The meetings' dates (None: not set), refused when a meeting comes before an earlier one."""
    dated = sorted((number, day) for number, day in dates.items() if day is not None)
    for (earlier, first), (later, second) in pairwise(dated):
        if second < first:
            raise InvalidInputError(field="meeting_dates", reason="meeting_order", earlier=earlier, later=later)
    return dict(dates)
