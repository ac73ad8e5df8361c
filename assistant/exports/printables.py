"""Papers to print before a meeting, by name: each meeting's run sheet for the facilitators
and the join card for the tables. Unlike the forum's documents they need to know how phones
join (the address and QR code) and the guide's document titles, so the caller passes both.
Besides them, each ranking or rating vote's slips for people without a phone."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from assistant.corpus.sources import document_titles
from assistant.errors import CorpusEmptyError, CorpusMissingError
from assistant.exports.files import write_new
from assistant.exports.kinds import DOCX, Export, Kind
from assistant.forum.vocabulary import VotingMethod
from assistant.links import join_address, join_url, qr_png
from assistant.playbook.models import Playbook
from assistant.reports.document import Document
from assistant.reports.join_card import join_card
from assistant.reports.paper_ballot import paper_ballot
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


def slips_kind(poll_id: int) -> Kind:
    return Kind(f"slips-{poll_id}", f"vote-{poll_id}-slips.docx", DOCX)


def build_slips(snapshot: ForumSnapshot, poll_id: int) -> Export:
    """A ranking's or rating's slips to print (KeyError: no such vote; ValueError: a dots vote)."""
    return Export(slips_kind(poll_id), render(paper_ballot(snapshot, poll_id)))


def guide_titles(corpus_dir: Path) -> dict[str, str]:
    """The guide's document titles by id; none when the corpus folder is gone (the run
    sheets then name a quote's document by its id)."""
    try:
        return document_titles(corpus_dir)
    except (CorpusMissingError, CorpusEmptyError):
        return {}


def join_details(base: str, code: str) -> JoinDetails:
    """How phones join a forum served at `base`: the link, its QR code and the address to type."""
    url = join_url(base, code)
    return JoinDetails(code, url, join_address(base), qr_png(url))


def write_printables(snapshot: ForumSnapshot, playbook: Playbook, join: JoinDetails, folder: Path, *,
                     titles: Mapping[str, str] | None = None, name_for: Callable[[str], str] = str,
                     overwrite: bool = False) -> dict[str, Path]:
    """Every printable in `folder` (names mapped by `name_for`), each vote's slips among them;
    the paths by file name."""
    exports = [build_printable(name, snapshot, playbook, join, titles=titles) for name in PRINTABLES]
    exports += [build_slips(snapshot, poll.id) for poll in snapshot.polls if poll.method is not VotingMethod.DOTS]
    return {export.kind.filename: write_new(Path(folder) / name_for(export.kind.filename), export.content,
                                            overwrite=overwrite)
            for export in exports}
