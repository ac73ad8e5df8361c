"""Checks on text people type: trimmed, bounded, and free of characters that no
store or document can hold. Everything else (HTML, Markdown, bidi marks, emoji)
is kept exactly as typed and shown literally."""

from __future__ import annotations

import unicodedata

from assistant.errors import InvalidInputError

IDEA_MAX = 500
NAME_MAX = 60
TITLE_MAX = 120
CELL_MAX = 2000
QUESTION_MAX = 1000

_ALLOWED_CONTROLS = {"\n", "\t"}


def _forbidden(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS for ch in text)


def clean_text(text: str | None, field: str, limit: int, *, required: bool = True) -> str | None:
    """The text to store, or an InvalidInputError naming the field and the rule."""
    value = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        if required:
            raise InvalidInputError(field=field, reason="empty", limit=limit)
        return None
    if len(value) > limit:
        raise InvalidInputError(field=field, reason="too_long", limit=limit, length=len(value))
    if _forbidden(value):
        raise InvalidInputError(field=field, reason="control", limit=limit)
    return value
