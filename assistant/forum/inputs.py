"""Checks on text people type: control characters and bidi embedding/override/
isolate characters are stripped (they can reorder what others see), then the
text is trimmed and bounded. Everything else (HTML, Markdown, zero-width
joiners, emoji) is kept exactly as typed and shown literally."""

from __future__ import annotations

import unicodedata
from datetime import date
from itertools import pairwise

from assistant.errors import InvalidInputError

IDEA_MAX = 500
NAME_MAX = 60
TITLE_MAX = 120
CELL_MAX = 2000
QUESTION_MAX = 1000
PIN_MAX = 32

_ALLOWED_CONTROLS = {"\n", "\t"}
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def strip_unsafe(text: str) -> str:
    return "".join(ch for ch in text if ch not in BIDI_CONTROLS
                   and (ch in _ALLOWED_CONTROLS or unicodedata.category(ch) != "Cc"))


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


def check_meeting_dates(dates: dict[int, date | None]) -> dict[int, date | None]:
    """The meetings' dates (None: not set), refused when a meeting comes before an earlier one."""
    dated = sorted((number, day) for number, day in dates.items() if day is not None)
    for (earlier, first), (later, second) in pairwise(dated):
        if second < first:
            raise InvalidInputError(field="meeting_dates", reason="meeting_order", earlier=earlier, later=later)
    return dict(dates)
