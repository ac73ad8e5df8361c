"""Export files are never overwritten silently."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from assistant.errors import ExportWriteError
from assistant.exports.files import (
    copies_of,
    discard_copies,
    discard_forum_exports,
    forum_folder,
    save_export,
    stamped,
    write_new,
)

MOMENT = datetime(2026, 3, 1, 18, 30, 12, tzinfo=UTC)


def test_timestamped_names_in_the_forums_folder(tmp_path):
    assert stamped("shared-agenda.docx", MOMENT) == "shared-agenda-20260301-183012.docx"
    path = save_export(tmp_path, 7, "data.xlsx", b"one", MOMENT)
    assert path == forum_folder(tmp_path, 7) / "data-20260301-183012.xlsx" == tmp_path / "forum-7" / path.name
    again = save_export(tmp_path, 7, "data.xlsx", b"two", MOMENT)
    assert again.name == "data-20260301-183012-2.xlsx"
    assert path.read_bytes() == b"one" and again.read_bytes() == b"two"


def test_a_taken_name_gets_a_number_unless_overwriting_is_asked(tmp_path):
    first = write_new(tmp_path / "out" / "work-plan.docx", b"a")
    second = write_new(tmp_path / "out" / "work-plan.docx", b"b")
    third = write_new(tmp_path / "out" / "work-plan.docx", b"c")
    names = [p.name for p in (first, second, third)]
    assert names == ["work-plan.docx", "work-plan-2.docx", "work-plan-3.docx"]
    assert write_new(first, b"d", overwrite=True) == first and first.read_bytes() == b"d"
    assert second.read_bytes() == b"b"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_folder_is_a_clear_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    with pytest.raises(ExportWriteError) as caught:
        write_new(locked / "x.docx", b"x")
    assert str(locked) in caught.value.message("en")


def test_a_file_in_place_of_the_folder_is_a_clear_error(tmp_path):
    (tmp_path / "blocked").write_text("not a folder")
    with pytest.raises(ExportWriteError) as caught:
        write_new(tmp_path / "blocked" / "x.docx", b"x")
    assert "blocked" in caught.value.message("he") and "error." not in caught.value.message("he")


def test_a_deleted_forums_exports_go_with_it_and_no_other_forums(tmp_path):
    for forum_id in (3, 4):
        save_export(tmp_path, forum_id, "shared-agenda.docx", b"x")
        save_export(tmp_path, forum_id, "data.xlsx", b"y")
    assert discard_forum_exports(tmp_path, 3) == 2
    assert not forum_folder(tmp_path, 3).exists()
    assert len(list(forum_folder(tmp_path, 4).iterdir())) == 2
    assert discard_forum_exports(tmp_path, 3) == 0  # nothing was ever exported, or already gone


def test_copies_of_a_file_are_found_by_its_name_and_only_its_own(tmp_path):
    folder = forum_folder(tmp_path, 3)
    for moment in (MOMENT, MOMENT, MOMENT.replace(hour=19)):
        save_export(tmp_path, 3, "data.xlsx", b"x", moment)
    for name in ("data.xlsx", "data-2.xlsx", "data-csv-20260301-183012.zip", "data-old.xlsx",
                 "my-data-20260301-183012.xlsx", "data-20260301-183012.docx"):
        (folder / name).write_bytes(b"y")
    save_export(tmp_path, 4, "data.xlsx", b"z", MOMENT)
    assert [p.name for p in copies_of(folder, "data.xlsx")] == [
        "data-2.xlsx", "data-20260301-183012-2.xlsx", "data-20260301-183012.xlsx",
        "data-20260301-193012.xlsx", "data.xlsx"]
    assert copies_of(tmp_path / "none", "data.xlsx") == []

    assert discard_copies(tmp_path, 3, ["data.xlsx", "data-csv.zip", "participants.csv"]) == 6
    assert sorted(p.name for p in folder.iterdir()) == [
        "data-20260301-183012.docx", "data-old.xlsx", "my-data-20260301-183012.xlsx"]
    assert len(copies_of(forum_folder(tmp_path, 4), "data.xlsx")) == 1  # another forum's stay
    assert discard_copies(tmp_path, 9, ["data.xlsx"]) == 0


def test_a_download_is_named_with_its_locality_and_date():
    from datetime import date

    from assistant.exports.files import download_name

    day = date(2026, 12, 6)
    assert download_name("shared-agenda.docx", "לוד", day) == "shared-agenda-לוד-2026-12-06.docx"
    assert download_name("data.xlsx", "Tel Aviv / Yafo: \"x\"", day) == "data-Tel-Aviv-Yafo-x-2026-12-06.xlsx"
    assert download_name("forum-3-backup.json", "\u202eעכו\u202c", day) == "forum-3-backup-עכו-2026-12-06.json"
    assert download_name("work-plan.docx", " ", day) == "work-plan-2026-12-06.docx"  # no locality: no gap
