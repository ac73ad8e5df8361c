"""Every export of a forum by name: the seven Word documents (the progress report among them), the .xlsx and the zipped
.csv files; building one, and writing them all to a folder."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.exports import data
from assistant.exports.autobackup import autobackup_filename
from assistant.exports.files import write_new
from assistant.exports.kinds import DOCUMENTS, DOCX, EXPORTS, XLSX, ZIP, Export, Kind  # noqa: F401 - also here
from assistant.playbook.models import Playbook
from assistant.reports.agenda import shared_agenda
from assistant.reports.document import Document, Paragraph
from assistant.reports.narrative import DataNarrator, Narrator
from assistant.reports.progress import progress_report
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.summary import meeting_summary
from assistant.reports.work_plan import collective_work_plan
from assistant.store.backup import backup_filename
from assistant.word.writer import render

log = logging.getLogger(__name__)
def files_with_names(forum_id: int) -> tuple[str, ...]:
    """The file names under which a forum's saved copies carry the names participants gave:
    the data files and the backups (the documents never name anyone)."""
    return (EXPORTS["data-xlsx"].filename, EXPORTS["data-csv"].filename,
            *(f"{table}.csv" for table in data.NAMED_TABLES), backup_filename(forum_id),
            autobackup_filename(forum_id))


def document(name: str, snapshot: ForumSnapshot, playbook: Playbook,
             narrator: Narrator | None = None) -> Document:
    narrator = narrator or DataNarrator()
    if name == "shared-agenda":
        return shared_agenda(snapshot, playbook, narrator)
    if name == "work-plan":
        return collective_work_plan(snapshot, playbook)
    if name == "progress-report":
        return progress_report(snapshot, playbook)
    if name.startswith("meeting-") and name in DOCUMENTS:
        return meeting_summary(snapshot, playbook, int(name.removeprefix("meeting-")), narrator)
    raise KeyError(f"no document named {name!r}")


def build(name: str, snapshot: ForumSnapshot, playbook: Playbook, narrator: Narrator | None = None) -> Export:
    kind = EXPORTS[name]
    makers: dict[str, Callable[[], bytes]] = {"data-xlsx": lambda: data.xlsx_bytes(snapshot),
                                              "data-csv": lambda: data.csv_zip(snapshot)}
    maker = makers.get(name) or (lambda: render(document(name, snapshot, playbook, narrator)))
    return Export(kind, maker())


def failure(exc: BaseException) -> str:
    """Why a file could not be built, in one line (for the log, the CLI and the fallback page)."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def failed_document(filename: str, language: str, reason: str) -> bytes:
    """A one-page Word file in place of a document that could not be built, saying so in
    `language`: a download always gives the person something that tells them what happened."""
    from assistant.i18n import translate

    lang = language if language in ("he", "ar", "en") else "he"
    return render(Document(title=translate("export.failed_title", lang, file=filename), language=lang,
                           blocks=(Paragraph(translate("export.failed_body", lang)),
                                   Paragraph(reason, style="source"))))


@dataclass(frozen=True)
class ExportReport:
    written: dict[str, Path]  # by file name
    failed: dict[str, str]  # file name: why it could not be built


def write_all(snapshot: ForumSnapshot, playbook: Playbook, folder: Path, *,
              name_for: Callable[[str], str] = str, overwrite: bool = False,
              narrator: Narrator | None = None) -> ExportReport:
    """The documents, data.xlsx and one .csv per table in `folder`; `name_for` maps each
    file name to the one used (e.g. adding a timestamp). One file that cannot be built is
    named with the reason, and the others are written all the same."""
    files: dict[str, bytes] = {}
    failed: dict[str, str] = {}
    for name in DOCUMENTS:
        try:
            files[EXPORTS[name].filename] = build(name, snapshot, playbook, narrator).content
        except Exception as exc:  # one document's fault must not cost the others
            log.exception("%s of forum %s could not be built", name, snapshot.forum.id)
            failed[EXPORTS[name].filename] = failure(exc)
    try:
        frames = data.tables(snapshot)
        files["data.xlsx"] = data.xlsx_bytes(snapshot, frames)
        files.update(data.csv_files(snapshot, frames))
    except Exception as exc:  # the documents above are still worth writing
        log.exception("the data files of forum %s could not be built", snapshot.forum.id)
        failed["data.xlsx"] = failure(exc)
    written = {filename: write_new(Path(folder) / name_for(filename), content, overwrite=overwrite)
               for filename, content in files.items()}
    return ExportReport(written=written, failed=failed)
