"""The nasty strings typed into a forum (title, locality, names, ideas, a poll) and carried
through every export: the Word documents still open and quote them as text, the
spreadsheet and the CSV files keep them as text (never a formula), no link comes of them."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

from assistant.exports.bundle import DOCUMENTS, EXPORTS, build
from assistant.exports.printables import PRINTABLES, build_printable
from assistant.exports.reading import read_snapshot
from assistant.forum import inputs
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.reports.run_sheet import JoinDetails
from assistant.store import commands, queries
from tests.conftest import PROJECT
from tests.hostile.strings import BY_NAME, CASES, flat

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
IDEAS = [c for c in CASES if c.outcome(inputs.IDEA_MAX) == "stored"]
NOTES = [c for c in CASES if c.outcome(inputs.NOTE_MAX) == "stored"]


@pytest.fixture(scope="module")
def playbook():
    return load_playbook(PROJECT / "prompts")


@pytest.fixture
def exports(make_forum, playbook):
    """Every export of a forum whose every text field holds the nasty strings."""
    title = BY_NAME["script"].typed
    store, created = make_forum(title=title, locality=BY_NAME["markdown-link"].typed,
                                plan=forum_plan(playbook))
    fid = created.forum.id
    names = [c for c in CASES if c.outcome(inputs.NAME_MAX, required=False) == "stored"]
    people = [commands.join(store, join_code=created.forum.join_code, sector="residents", language="he",
                            display_name=c.typed).participant for c in names]
    step = {s.key: s.id for s in created.forum.steps}
    commands.go_to_step(store, fid, step["m2-root-problems"])
    commands.open_collection(store, fid, "challenge")
    for n, case in enumerate(IDEAS):
        commands.add_idea(store, fid, case.typed, participant_id=people[n % len(people)].id)
    commands.go_to_step(store, fid, step["m2-rank"])
    for case in NOTES:
        commands.add_note(store, fid, case.typed)
    with store.read() as session:
        ideas = queries.ideas(session, fid, meeting=2)
    poll = commands.create_poll(store, fid, title=BY_NAME["markdown-header"].typed, method="dots",
                                idea_ids=[i.id for i in ideas], params={"budget": 5, "cap": 3},
                                anonymous=False, open_now=True)
    for n, person in enumerate(people):
        commands.cast_ballot(store, fid, poll.id, person.id, {poll.options[n % len(poll.options)].id: 2})
    commands.close_poll(store, fid, poll.id)
    snapshot = read_snapshot(store, fid)
    files = {name: build(name, snapshot, playbook).content for name in EXPORTS}
    join = JoinDetails(created.forum.join_code, "http://10.0.0.5:8501/phone", "10.0.0.5:8501/phone")
    files.update({name: build_printable(name, snapshot, playbook, join).content for name in PRINTABLES})
    return files, names


def test_the_word_documents_open_and_quote_the_strings_as_text(exports):
    from docx import Document

    files, _ = exports
    for name in (*DOCUMENTS, *PRINTABLES):
        document = Document(io.BytesIO(files[name]))  # still opens
        text = "\n".join([p.text for p in document.paragraphs]
                         + [c.text for t in document.tables for r in t.rows for c in r.cells])
        with zipfile.ZipFile(io.BytesIO(files[name])) as package:
            xml = "".join(package.read(n).decode("utf-8") for n in package.namelist() if n.endswith((".xml", ".rels")))
        assert not BIDI_CONTROLS.search(xml), name  # nothing can reorder the reader's text
        assert "evil.example" not in "".join(r.target_ref for r in document.part.rels.values()
                                             if r.is_external), name  # no link came of the text
        assert "<script>" not in xml and "<img" not in xml, name
        if name in ("shared-agenda", "meeting-2"):
            for case in IDEAS:
                assert flat(case.stored) in flat(text), (name, case.name)
        if name == "meeting-2":
            for case in NOTES:
                assert flat(case.stored) in flat(text), (name, case.name)
        assert flat(BY_NAME["script"].stored) in flat(text), name  # the forum's title


def test_the_spreadsheet_keeps_every_string_as_text(exports):
    from openpyxl import load_workbook

    files, names = exports
    book = load_workbook(io.BytesIO(files["data-xlsx"]))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula, from anyone
    values = {c.value for c in cells if isinstance(c.value, str)}
    for case in IDEAS:
        assert case.stored in values, case.name
    for case in names:
        assert case.stored is None or case.stored in values, case.name


def test_the_csv_files_keep_every_string_and_defuse_formulas(exports):
    files, _ = exports
    with zipfile.ZipFile(io.BytesIO(files["data-csv"])) as archive:
        tables = {name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                  for name in archive.namelist()}
    values = {value for rows in tables.values() for row in rows for value in row}
    assert not [v for v in values if v.startswith(("=", "@"))]  # what Excel would run as a formula
    for case in IDEAS:
        kept = "'" + case.stored if case.stored.startswith(("=", "+", "-", "@")) else case.stored
        assert kept in values, case.name
