"""Which saved files carry the names participants gave: erasing the names erases those copies."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from assistant.exports import data
from assistant.exports.autobackup import autobackup_filename
from assistant.exports.bundle import DOCUMENTS, EXPORTS, build, files_with_names
from assistant.exports.reading import read_snapshot
from assistant.store import commands, teams
from assistant.store.backup import backup_bytes, backup_filename
from assistant.store.database import open_store
from tests.reports.fixtures import make_small_forum

NAMES = ("זהבה ממן-ליבוביץ", "ليلى حداد")


def _text(content: bytes) -> str:
    """The readable text of a file: each member of a zip (docx, xlsx, zipped csv), tags dropped."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(_text(archive.read(name)) for name in archive.namelist())
    return re.sub(r"<[^>]+>", "", content.decode("utf-8-sig", errors="ignore"))


@pytest.fixture
def named(tmp_path, playbook):
    store = open_store(f"sqlite:///{tmp_path / 'forum.db'}")
    small = make_small_forum(store, playbook)
    code = read_snapshot(store, small.forum_id).forum.join_code
    joined = [commands.join(store, join_code=code, sector="residents", language=language, display_name=name)
              for name, language in zip(NAMES, ("he", "ar"), strict=True)]
    # after the forum, one of them in a professional team, and someone added to it by name
    team = teams.create_team(store, small.forum_id, "תעסוקת צעירים", "f" * 32, lead_name="ראש אגף החינוך").team
    teams.add_member(store, small.forum_id, team.id, participant_id=joined[1].participant.id)
    teams.add_member(store, small.forum_id, team.id, name=NAMES[0] + " (מהעירייה)", sector="municipality")
    yield store, small.forum_id, playbook
    store.dispose()


def test_only_the_data_files_and_backups_carry_names(named):
    store, forum_id, playbook = named
    snapshot = read_snapshot(store, forum_id)
    files = {EXPORTS[name].filename: build(name, snapshot, playbook).content for name in (*DOCUMENTS, "data-xlsx", "data-csv")}
    files |= data.csv_files(snapshot)
    files["progress-report.docx"] = build("progress-report", snapshot, playbook).content
    files[backup_filename(forum_id)] = files[autobackup_filename(forum_id)] = backup_bytes(store, forum_id)
    carrying = {name for name, content in files.items() if any(n in _text(content) for n in NAMES)}
    assert carrying == set(files_with_names(forum_id))
    assert {"shared-agenda.docx", "work-plan.docx", "ideas.csv"} <= files.keys() - carrying

    commands.erase_names(store, forum_id)
    after = read_snapshot(store, forum_id)
    assert not any(n in _text(data.xlsx_bytes(after)) + _text(backup_bytes(store, forum_id)) for n in NAMES)
