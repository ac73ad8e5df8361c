"""Automatic backups: written when due and the forum changed, kept by age, restorable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from assistant.exports.autobackup import AutoBackups, Saved, autobackup_filename, keep_set
from assistant.exports.files import forum_folder
from assistant.store import commands, queries
from assistant.store import schema as s
from assistant.store.backup import parse_backup, restore_forum

T0 = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)
EVERY = timedelta(minutes=5)


@pytest.fixture
def forum(new_forum):
    store, created = new_forum()
    return store, created.forum.id, created.forum.join_code


def _names(backups: AutoBackups, forum_id: int) -> list[str]:
    return [saved.path.name for saved in backups.saved(forum_id)]


def test_a_backup_is_written_when_due_and_only_if_the_forum_changed(tmp_path, forum):
    store, fid, code = forum
    backups = AutoBackups(tmp_path, EVERY, keep=12)
    first = backups.tick(store, fid, T0)
    assert first == forum_folder(tmp_path, fid) / "forum-1-autobackup-20260301-170000.json"
    assert backups.latest(fid) == Saved(first, T0)

    commands.join(store, join_code=code, sector="ngo", language="he", display_name="דנה")
    assert backups.tick(store, fid, T0 + timedelta(minutes=4)) is None  # not due yet
    second = backups.tick(store, fid, T0 + EVERY)
    assert second is not None and "דנה" in second.read_text()

    assert backups.tick(store, fid, T0 + 3 * EVERY) is None  # due, but nothing changed
    with store.write() as session:  # a phone that is merely open is no change
        session.execute(update(s.Participant).values(last_seen_at=T0 + 3 * EVERY))
    assert backups.tick(store, fid, T0 + 5 * EVERY) is None
    commands.add_idea(store, fid, "מרכז נוער פתוח בערב", kind="challenge")
    assert backups.tick(store, fid, T0 + 6 * EVERY) is not None
    assert len(_names(backups, fid)) == 3


def test_after_a_restart_the_newest_file_stands_for_the_last_look(tmp_path, forum):
    store, fid, _code = forum
    AutoBackups(tmp_path, EVERY, keep=12).tick(store, fid, T0)
    restarted = AutoBackups(tmp_path, EVERY, keep=12)
    assert restarted.tick(store, fid, T0 + timedelta(minutes=1)) is None  # the file is a minute old
    assert restarted.tick(store, fid, T0 + 2 * EVERY) is None  # and holds what the forum holds
    commands.add_idea(store, fid, "חונכות בין גילאים", kind="challenge")
    assert restarted.tick(store, fid, T0 + 3 * EVERY) is not None

    forum_folder(tmp_path, fid).joinpath(_names(restarted, fid)[-1]).write_text("{broken")
    again = AutoBackups(tmp_path, EVERY, keep=12)
    assert again.tick(store, fid, T0 + 5 * EVERY) is not None  # an unreadable newest file is replaced


def test_the_newest_and_the_last_of_each_earlier_day_are_kept(tmp_path, forum):
    store, fid, _code = forum
    backups = AutoBackups(tmp_path, EVERY, keep=3)
    moments = [T0 + timedelta(days=day, minutes=5 * i) for day in (0, 14, 28) for i in range(4)]
    for n, moment in enumerate(moments):
        commands.add_idea(store, fid, f"רעיון {n}", kind="challenge")
        assert backups.tick(store, fid, moment) is not None
    assert [saved.taken_at for saved in backups.saved(fid)] == [moments[3], moments[7], *moments[-3:]]


def test_keep_set_by_time_then_name():
    def saved(name: str, day: int, minute: int) -> Saved:
        return Saved(Path(name), T0 + timedelta(days=day, minutes=minute))
    items = [saved("a", 0, 0), saved("b", 0, 5), saved("c", 1, 0), saved("d", 1, 5), saved("e", 1, 10)]
    assert keep_set(items, 2) == {Path("b"), Path("d"), Path("e")}
    assert keep_set(items, 10) == {p.path for p in items}
    assert keep_set([], 3) == set()


def test_a_failed_write_is_reported_and_tried_again_when_next_due(tmp_path, forum):
    store, fid, _code = forum
    blocked = tmp_path / "exports"
    blocked.write_text("a file where the folder should be")
    backups = AutoBackups(blocked, EVERY, keep=12)
    assert backups.tick(store, fid, T0) is None
    assert "exports" in backups.failure(fid).message("he")
    assert backups.tick(store, fid, T0 + timedelta(minutes=1)) is None  # not every minute
    blocked.unlink()
    assert backups.tick(store, fid, T0 + EVERY) is not None  # unchanged, but never written
    assert backups.failure(fid) is None


def test_none_when_switched_off_or_the_forum_is_gone(tmp_path, forum):
    store, fid, code = forum
    assert AutoBackups(tmp_path, timedelta(0), keep=12).tick(store, fid, T0) is None
    assert not forum_folder(tmp_path, fid).exists()
    backups = AutoBackups(tmp_path, EVERY, keep=12)
    commands.delete_forum(store, fid, code)
    assert backups.tick(store, fid, T0) is None


def test_an_automatic_backup_restores_and_forget_writes_anew(tmp_path, forum):
    store, fid, code = forum
    commands.join(store, join_code=code, sector="ngo", language="ar", display_name="سلمى")
    backups = AutoBackups(tmp_path, EVERY, keep=12)
    path = backups.tick(store, fid, T0)
    restored = restore_forum(store, parse_backup(path.read_bytes()))
    with store.read() as session:
        assert [p.display_name for p in queries.participants(session, restored.forum.id)] == ["سلمى"]
    assert path.name.startswith(autobackup_filename(fid).removesuffix(".json"))

    commands.erase_names(store, fid)
    path.unlink()
    backups.forget(fid)
    assert backups.tick(store, fid, T0 + timedelta(minutes=1)) is not None  # at once, not in 5 minutes
