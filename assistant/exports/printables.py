"""Papers to print before a meeting, by name: each meeting's run sheet for the facilitators
and the join card for the tables. Unlike the forum's documents they need to know how phones
join (the address and QR code) and the guide's document titles, so the caller passes both."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.exports.bundle import DOCX, Export, Kind
from assistant.playbook.models import Playbook
from assistant.reports.document import Document
from assistant.reports.join_card import join_card
from assistant.reports.run_sheet import JoinDetails, run_sheet
from assistant.reports.snapshot import ForumSnapshot
from assistant.word.writer import render

RUN_SHEETS = tuple(f"run-sheet-{n}" for n in range(1, 5))
PRINTABLES: dict[str, Kind] = {name: Kind(name, f"meeting-{name[-1]}-run-sheet.docx", DOCX) for name in RUN_SHEETS}
PRINTABLES["join-card"] = Kind("join-card", "join-card.docx", DOCX)


def printable(name: str, snapshot: ForumSnapshot, playbook: Playbook, join: JoinDetails, *,
              titles: Mapping[str, str] | None = None) -> Document:
    if name == "join-card":
        return join_card(snapshot, join)
    if name in RUN_SHEETS:
        return run_sheet(snapshot, playbook, int(name[-1]), titles=titles, join=join)
    raise KeyError(f"no printable named {name!r}")


def build_printable(name: str, snapshot: ForumSnapshot, playbook: Playbook, join: JoinDetails, *,
                    titles: Mapping[str, str] | None = None) -> Export:
    return Export(PRINTABLES[name], render(printable(name, snapshot, playbook, join, titles=titles)))
