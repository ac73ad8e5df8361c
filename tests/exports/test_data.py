"""Data exports: .xlsx sheets and .csv files with a BOM; no secrets; text never a formula."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

from assistant.exports import data
from assistant.exports.reading import read_snapshot
from assistant.store import commands
from assistant.store.database import open_store
from tests.reports.fixtures import make_small_forum


@pytest.fixture
def small(tmp_path, playbook):
    store = open_store(f"sqlite:///{tmp_path / 'forum.db'}")
    yield make_small_forum(store, playbook)
    store.dispose()


def test_xlsx_has_a_sheet_per_table_right_to_left_with_text_kept_as_text(small):
    snapshot = read_snapshot(small.store, small.forum_id)
    book = openpyxl.load_workbook(io.BytesIO(data.xlsx_bytes(snapshot)))
    assert book.sheetnames == ["מפגשים", "משתתפים", "רעיונות", "פתקי הצבעה", "תוצאות", "הערות המנחה",
                               "מדדי תמונת המצב", "צוותים", "חברי הצוותים", "יעדים", "צמתי בקרה ומדידות"]
    _meetings, people, ideas, ballots, results, _notes, _indicators, *_teams = (book[name] for name in book.sheetnames)
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    assert [c.value for c in people[1]][:3] == ["מס' משתתף", "שם", "מגזר"] and people.max_row == 7
    texts = [row[4] for row in ideas.iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://x")' in texts
    formula = next(c for row in ideas.iter_rows(min_row=2) for c in row
                   if c.value == '=HYPERLINK("http://x")')
    assert formula.data_type == "s"
    assert ballots.max_row - 1 == sum(len(b.entries) for bs in snapshot.ballots.values() for b in bs)
    voters = [row[2] for row in ballots.iter_rows(min_row=2, values_only=True)]
    assert voters == [None] * (ballots.max_row - 1)  # an anonymous poll
    assert [row[6] for row in results.iter_rows(min_row=2, values_only=True)] == \
        list(snapshot.results[snapshot.polls[0].id].table["label"])


def test_the_meetings_table_gives_the_rooms_count_beside_the_phones(small):
    commands.record_attendance(small.store, small.forum_id, 2, 30, {"residents": 12, "ngo": 4})
    snapshot = read_snapshot(small.store, small.forum_id)
    book = openpyxl.load_workbook(io.BytesIO(data.xlsx_bytes(snapshot)))
    rows = list(book["מפגשים"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:6] == ("מפגש", "תאריך", "נכחו בחדר", "השתתפו מהטלפון", "רעיונות", "הצבעות")
    assert "נכחו בחדר: תושבים" in header and len(header) == 6 + 9
    second = dict(zip(header, rows[2], strict=True))
    assert (second["מפגש"], second["נכחו בחדר"], second["השתתפו מהטלפון"]) == (2, 30, 6)
    assert (second["נכחו בחדר: תושבים"], second["נכחו בחדר: ארגוני חברה אזרחית"]) == (12, 4)
    assert second["נכחו בחדר: מגזר עסקי"] is None and second["רעיונות"] == 4 and second["הצבעות"] == 1
    first = dict(zip(header, rows[1], strict=True))
    assert first["נכחו בחדר"] is None and first["השתתפו מהטלפון"] == 0  # not counted: blank, not 0
    meetings = list(csv.DictReader(io.StringIO(data.csv_files(snapshot)["meetings.csv"].decode("utf-8-sig"))))
    assert [m["נכחו בחדר"] for m in meetings] == ["", "30", "", ""]


def test_a_dots_votes_paper_dots_are_a_column_of_the_results(small):
    poll = commands.create_poll(small.store, small.forum_id, title="נקודות", method="dots", labels=["א", "ב"],
                                open_now=True)
    commands.record_paper_votes(small.store, small.forum_id, poll.id, 2, {poll.options[1].id: 4})
    results = list(csv.DictReader(io.StringIO(
        data.csv_files(read_snapshot(small.store, small.forum_id))["results.csv"].decode("utf-8-sig"))))
    dots = [(r["אפשרות"], r["ניקוד"], r["נקודות על נייר (כלולות בניקוד)"]) for r in results if r["הצבעה"] == "נקודות"]
    assert dots == [("ב", "4.0", "4"), ("א", "0.0", "0")]
    assert {r["נקודות על נייר (כלולות בניקוד)"] for r in results if r["הצבעה"] != "נקודות"} == {""}  # ranking


def test_csv_files_start_with_a_bom_and_make_formulas_inert(small):
    snapshot = read_snapshot(small.store, small.forum_id)
    files = data.csv_files(snapshot)
    assert set(files) == {"meetings.csv", "participants.csv", "ideas.csv", "ballots.csv", "results.csv", "notes.csv",
                          "indicators.csv", "teams.csv", "team_members.csv", "targets.csv", "measurements.csv"}
    for content in files.values():
        assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(files["ideas.csv"].decode("utf-8-sig"))))
    assert [r["טקסט"] for r in rows] == ["נשירה מבית הספר", "מחסור במורים", "'=HYPERLINK(\"http://x\")",
                                         "אין הסעות"]
    with zipfile.ZipFile(io.BytesIO(data.csv_zip(snapshot))) as archive:
        assert sorted(archive.namelist()) == sorted(files)
        assert archive.read("ideas.csv") == files["ideas.csv"]


def test_named_ballots_when_the_poll_is_not_anonymous(tmp_path, playbook):
    store = open_store(f"sqlite:///{tmp_path / 'named.db'}")
    forum = make_small_forum(store, playbook, anonymous=False)
    frames = data.tables(read_snapshot(store, forum.forum_id))
    store.dispose()
    assert frames["ballots"]["מס' משתתף"].notna().all()


def test_no_token_or_digest_in_any_data_file(small):
    from assistant.forum.access import digest

    snapshot = read_snapshot(small.store, small.forum_id)
    blobs = [data.xlsx_bytes(snapshot), data.csv_zip(snapshot), *data.csv_files(snapshot).values()]
    texts = [_unzipped(blob) for blob in blobs]
    assert len(small.tokens) == 8
    for token in small.tokens:
        for secret in (token, digest(token)):
            assert not any(secret in text for text in texts)
    assert not any(small.join_code in text for text in texts)


def _unzipped(blob: bytes) -> str:
    """All text inside a zip package (xlsx, docx, zip of csv), or the bytes as text."""
    if not blob.startswith(b"PK"):
        return blob.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_the_facilitators_notes_are_a_table_of_their_own(small):
    commands.add_note(small.store, small.forum_id, "=לבדוק עם הפיקוח")
    snapshot = read_snapshot(small.store, small.forum_id)
    [row] = list(csv.DictReader(io.StringIO(data.csv_files(snapshot)["notes.csv"].decode("utf-8-sig"))))
    assert (row["מפגש"], row["שלב"], row["טקסט"]) == ("2", "m2-rank", "'=לבדוק עם הפיקוח")  # never a formula


def test_slips_typed_in_from_paper_are_ballots_marked_as_such_and_nobodys(small):
    took_part = list(data.tables(read_snapshot(small.store, small.forum_id))["meetings"]["השתתפו מהטלפון"])
    poll = commands.create_poll(small.store, small.forum_id, title="דירוג", method="ranking", labels=["א", "ב"],
                                params={"top_n": 2}, open_now=True)
    commands.add_paper_ballot(small.store, small.forum_id, poll.id, [poll.options[1].id, poll.options[0].id])
    frames = data.tables(read_snapshot(small.store, small.forum_id))
    ballots = frames["ballots"]
    slips = ballots[ballots["מס' הצבעה"] == poll.id]
    assert list(slips["הוצבע ב"]) == ["פתק נייר", "פתק נייר"] and slips["מס' משתתף"].isna().all()
    assert list(slips["מגזר"]) == ["", ""]
    assert set(ballots[ballots["מס' הצבעה"] != poll.id]["הוצבע ב"]) == {"טלפון"}
    assert list(frames["meetings"]["השתתפו מהטלפון"]) == took_part  # a slip is no phone
    people = frames["participants"]
    assert people["הצבעות"].sum() == len(ballots[ballots["הוצבע ב"] == "טלפון"]["מס' פתק"].unique())
