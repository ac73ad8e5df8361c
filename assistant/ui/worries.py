"""The room's worries as one line (what it found most worrying in the situation picture), for
the phones and the projector. Its own module: a phone's page imports it without the console's
data panel."""

from __future__ import annotations

from assistant.forum.indicators import RoomWorries
from assistant.i18n import isolate, joined


def worry_names(worries: RoomWorries, language: str) -> str:
    """The worries' names as one line, each quoted as typed ("«A», «B», «C»")."""
    return joined([f"«{isolate(indicator.name)}»" for indicator, _ in worries.top], language)
