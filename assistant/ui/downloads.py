"""Download buttons for every document and data file of a forum.

A file is built only when its button is clicked (`st.download_button` with a callable),
from the forum's data at that moment, so pages stay fast and no preparing click is
needed. Each download also writes a timestamped copy to `<exports_dir>/forum-<id>/`.
Widget keys are fixed (`download-shared-agenda`, `download-work-plan`,
`download-meeting-1` … `download-meeting-4`, `download-data-xlsx`, `download-data-csv`;
the papers to print: `download-run-sheet-1` … `download-run-sheet-4`, `download-join-card`, a
vote's slips `download-slips-<poll id>`, and the forum's backup `download-backup`).

While the callable runs, Streamlit itself shows a spinner on the button and disables it
(and shows the error, should it fail). Streamlit commands inside the callable are ignored
(it runs on another thread), so no toast can be shown from it; with a language model the
Word buttons carry a tooltip saying the first download takes longer. Drafted paragraphs
are remembered per forum (`assistant.reports.llm_narrator.DRAFTS`), so a second click
with unchanged ideas asks the model nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import streamlit as st

from assistant.config import get_settings
from assistant.errors import ForumError
from assistant.exports.files import download_name, save_export
from assistant.exports.kinds import DOCUMENTS, DOCX, EXPORTS, Export, Kind
from assistant.exports.printables import (
    PRINTABLES,
    RUN_SHEETS,
    build_printable,
    build_slips,
    guide_titles,
    join_details,
    slips_kind,
)
from assistant.exports.reading import read_snapshot
from assistant.reports.snapshot import ForumSnapshot
from assistant.store.backup import backup_bytes, backup_filename
from assistant.store.database import Store
from assistant.ui import services
from assistant.ui.common import current_language, t

log = logging.getLogger(__name__)
ICONS = {"data-xlsx": ":material/table_view:", "data-csv": ":material/folder_zip:"}


def widget_key(name: str) -> str:
    return f"download-{name}"


# Files whose last download failed, by forum: (file name, why), shown on the page's next run.
# The callable runs on a thread of its own, where no page element can be drawn.
_FAILED: dict[int, dict[str, str]] = {}
_FAILED_LOCK = threading.Lock()


def _maker(store: Store, forum_id: int, exports_dir: Path, build_from: Callable[[ForumSnapshot], Export],
           *, filename: str | None = None, mime: str | None = None) -> Callable[[], bytes]:
    """The callable a button runs on click: read the forum, build the file, keep a copy, return it.
    A Word document that cannot be built downloads as one page saying so in the page's
    language (Streamlit's own notice of a failed download is in English), and the page says it too."""
    language = current_language()

    def make() -> bytes:
        from assistant.exports.bundle import failed_document, failure

        try:
            snapshot = read_snapshot(store, forum_id)
            export = build_from(snapshot)
        except ForumError:
            raise
        except Exception as exc:
            if mime != DOCX or filename is None:
                raise
            log.exception("%s of forum %s could not be built", filename, forum_id)
            with _FAILED_LOCK:
                _FAILED.setdefault(forum_id, {})[filename] = failure(exc)
            return failed_document(filename, language, failure(exc))
        path = save_export(exports_dir, forum_id, export.kind.filename, export.content, snapshot.taken_at)
        log.info("%s of forum %s written to %s", export.kind.name, forum_id, path)
        with _FAILED_LOCK:
            _FAILED.get(forum_id, {}).pop(export.kind.filename, None)
        return export.content

    return make


def _failures(forum_id: int) -> None:
    with _FAILED_LOCK:
        failed = dict(_FAILED.get(forum_id, {}))
    for filename, reason in failed.items():
        st.warning(t("downloads.failed", file=filename, reason=reason))


def file_maker(store: Store, playbook, forum_id: int, name: str, exports_dir: Path) -> Callable[[], bytes]:
    """A document or data file, drafted with the forum's language model when there is one (the
    libraries that write them are loaded on the first click, not with the page)."""

    def build_it(snapshot: ForumSnapshot) -> Export:
        from assistant.exports.bundle import build
        from assistant.reports.llm_narrator import narrator_for

        export = build(name, snapshot, playbook, narrator_for(get_settings(), forum_id))
        if name == "progress-report" and snapshot.teams:  # the last report: the next one starts here
            from assistant.store.teams import progress_reported

            progress_reported(store, forum_id, snapshot.taken_at.date())
        return export

    return _maker(store, forum_id, exports_dir, build_it,
                  filename=EXPORTS[name].filename, mime=EXPORTS[name].mime)


def _label(name: str) -> str:
    if name.startswith("meeting-"):
        return t("downloads.meeting", n=int(name.removeprefix("meeting-")))
    return t(f"downloads.{name}")


UNDRAFTED = ("work-plan", "progress-report")  # tables and figures only: no paragraph is drafted


def _help(name: str, drafted: bool) -> str | None:
    """A tooltip on the Word buttons when a language model drafts their paragraphs."""
    return t("downloads.llm_help") if drafted and name in DOCUMENTS and name not in UNDRAFTED else None


def _named(filename: str, forum_id: int) -> str:
    """The name a download gets: its kind, the forum's locality and today's date."""
    return download_name(filename, services.forum(forum_id).locality, date.today())


def render_downloads(forum_id: int, *, documents_only: bool = False) -> None:
    """Every file of the forum; `documents_only`: the Word documents alone (the data files carry
    the names participants gave, for the people running the forum)."""
    st.subheader(t("downloads.title"))
    st.caption(t("downloads.intro"))
    _failures(forum_id)
    settings = get_settings()
    store, playbook, exports_dir = services.store(), services.playbook(), settings.exports_dir
    columns = st.columns(2)
    offered = [(name, kind) for name, kind in EXPORTS.items() if name in DOCUMENTS or not documents_only]
    for index, (name, kind) in enumerate(offered):
        columns[index % 2].download_button(
            _label(name), data=file_maker(store, playbook, forum_id, name, exports_dir),
            file_name=_named(kind.filename, forum_id), mime=kind.mime, key=widget_key(name), on_click="ignore",
            icon=ICONS.get(name, ":material/description:"), width="stretch",
            help=_help(name, bool(settings.llm)))


def printable_maker(store: Store, playbook, forum_id: int, name: str, base: str,
                    exports_dir: Path) -> Callable[[], bytes]:
    """A paper to print, with how phones join the forum served at `base`."""
    return _maker(store, forum_id, exports_dir,
                  lambda snapshot: build_printable(name, snapshot, playbook,
                                                   join_details(base, snapshot.forum.join_code),
                                                   titles=guide_titles(get_settings().corpus_dir)))


def slips_button(forum_id: int, poll_id: int) -> None:
    """A ranking's or rating's slips to print, for people voting without a phone."""
    store, exports_dir = services.store(), get_settings().exports_dir
    st.download_button(
        t("downloads.paper_ballot"), data=_maker(store, forum_id, exports_dir, lambda s: build_slips(s, poll_id)),
        file_name=_named(slips_kind(poll_id).filename, forum_id), mime=DOCX, key=widget_key(f"slips-{poll_id}"),
        on_click="ignore",
        icon=":material/print:", help=t("downloads.paper_ballot_help"))


def backup_maker(store: Store, forum_id: int, exports_dir: Path) -> Callable[[], bytes]:
    """The forum as one JSON file (`assistant.store.backup`), with a copy kept in its exports folder."""

    def make() -> bytes:
        data = backup_bytes(store, forum_id)
        path = save_export(exports_dir, forum_id, backup_filename(forum_id), data)
        log.info("backup of forum %s written to %s", forum_id, path)
        return data

    return make


def backup_button(forum_id: int) -> None:
    st.download_button(
        t("downloads.backup"), data=backup_maker(services.store(), forum_id, get_settings().exports_dir),
        file_name=_named(backup_filename(forum_id), forum_id), mime="application/json", key=widget_key("backup"),
        on_click="ignore", icon=":material/backup:")


def render_printables(forum_id: int, base: str) -> None:
    """Before a meeting: each meeting's run sheet for the facilitators, the join card for the tables."""
    st.markdown(f"**{t('downloads.printables')}**")
    st.caption(t("downloads.printables_intro"))
    store, playbook, exports_dir = services.store(), services.playbook(), get_settings().exports_dir
    for name, kind in PRINTABLES.items():
        label = (t("downloads.run_sheet", n=RUN_SHEETS.index(name) + 1) if name in RUN_SHEETS
                 else t("downloads.join_card"))
        st.download_button(
            label, data=printable_maker(store, playbook, forum_id, name, base, exports_dir),
            file_name=_named(kind.filename, forum_id), mime=kind.mime, key=widget_key(name), on_click="ignore",
            icon=":material/print:", width="stretch")


def team_part_kind(team_id: int) -> Kind:
    return Kind(f"work-plan-team-{team_id}", f"work-plan-team-{team_id}.docx", DOCX)


def render_team_downloads(forum_id: int, team_id: int) -> None:
    """A team's own part of the work plan, and the progress report for the steering forum."""
    store, playbook, exports_dir = services.store(), services.playbook(), get_settings().exports_dir
    kind = team_part_kind(team_id)

    def build_part(snapshot: ForumSnapshot) -> Export:
        from assistant.reports.work_plan import collective_work_plan
        from assistant.word.writer import render

        return Export(kind, render(collective_work_plan(snapshot, playbook, team_id=team_id)))

    cols = st.columns(2)
    cols[0].download_button(
        t("teams.download_part"), data=_maker(store, forum_id, exports_dir, build_part, filename=kind.filename,
                                               mime=DOCX),
        file_name=_named(kind.filename, forum_id), mime=DOCX, key=widget_key(f"team-{team_id}-part"),
        on_click="ignore", icon=":material/description:", width="stretch")
    report = EXPORTS["progress-report"]
    cols[1].download_button(
        t("downloads.progress-report"), data=file_maker(store, playbook, forum_id, report.name, exports_dir),
        file_name=_named(report.filename, forum_id), mime=DOCX, key=widget_key(f"team-{team_id}-progress"),
        on_click="ignore", icon=":material/description:", width="stretch")
