"""Every export of a forum by name: the six Word documents, the .xlsx and the zipped
.csv files; building one, and writing them all to a folder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.exports import data
from assistant.exports.autobackup import autobackup_filename
from assistant.exports.files import write_new
from assistant.playbook.models import Playbook
from assistant.reports.agenda import shared_agenda
from assistant.reports.document import Document
from assistant.reports.narrative import DataNarrator, Narrator
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.summary import meeting_summary
from assistant.reports.work_plan import collective_work_plan
from assistant.store.backup import backup_filename
from assistant.word.writer import render

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"


@dataclass(frozen=True)
class Kind:
    name: str
    filename: str
    mime: str


DOCUMENTS = ("shared-agenda", "work-plan", "meeting-1", "meeting-2", "meeting-3", "meeting-4")
EXPORTS: dict[str, Kind] = {name: Kind(name, f"{name}.docx", DOCX) for name in DOCUMENTS}
EXPORTS["data-xlsx"] = Kind("data-xlsx", "data.xlsx", XLSX)
EXPORTS["data-csv"] = Kind("data-csv", "data-csv.zip", ZIP)


def files_with_names(forum_id: int) -> tuple[str, ...]:
    """The file names under which a forum's saved copies carry the names participants gave:
    the data files and the backups (the documents never name anyone)."""
    return (EXPORTS["data-xlsx"].filename, EXPORTS["data-csv"].filename,
            *(f"{table}.csv" for table in data.NAMED_TABLES), backup_filename(forum_id),
            autobackup_filename(forum_id))


@dataclass(frozen=True)
class Export:
    kind: Kind
    content: bytes


def document(name: str, snapshot: ForumSnapshot, playbook: Playbook,
             narrator: Narrator | None = None) -> Document:
    narrator = narrator or DataNarrator()
    if name == "shared-agenda":
        return shared_agenda(snapshot, playbook, narrator)
    if name == "work-plan":
        return collective_work_plan(snapshot, playbook)
    if name.startswith("meeting-") and name in DOCUMENTS:
        return meeting_summary(snapshot, playbook, int(name.removeprefix("meeting-")), narrator)
    raise KeyError(f"no document named {name!r}")


def build(name: str, snapshot: ForumSnapshot, playbook: Playbook, narrator: Narrator | None = None) -> Export:
    kind = EXPORTS[name]
    makers: dict[str, Callable[[], bytes]] = {"data-xlsx": lambda: data.xlsx_bytes(snapshot),
                                              "data-csv": lambda: data.csv_zip(snapshot)}
    maker = makers.get(name) or (lambda: render(document(name, snapshot, playbook, narrator)))
    return Export(kind, maker())


def write_all(snapshot: ForumSnapshot, playbook: Playbook, folder: Path, *,
              name_for: Callable[[str], str] = str, overwrite: bool = False,
              narrator: Narrator | None = None) -> dict[str, Path]:
    """The documents, data.xlsx and one .csv per table in `folder`; `name_for` maps each
    file name to the one used (e.g. adding a timestamp). Returns the paths by file name."""
    frames = data.tables(snapshot)
    files = {EXPORTS[name].filename: build(name, snapshot, playbook, narrator).content for name in DOCUMENTS}
    files["data.xlsx"] = data.xlsx_bytes(snapshot, frames)
    files.update(data.csv_files(snapshot, frames))
    return {filename: write_new(Path(folder) / name_for(filename), content, overwrite=overwrite)
            for filename, content in files.items()}
