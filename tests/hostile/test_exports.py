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
    # Every vote method over the hostile ideas, so that each reaches the charts and the tables
    # of every document (the agenda's ranked challenges, the 2x2 of a rating, the summaries).
    ids = [i.id for i in ideas]
    dots = commands.create_poll(store, fid, title=BY_NAME["markdown-header"].typed, method="dots",
                                idea_ids=ids, params={"budget": 5, "cap": 3}, anonymous=False, open_now=True)
    for n, person in enumerate(people):
        commands.cast_ballot(store, fid, dots.id, person.id, {dots.options[n % len(dots.options)].id: 2})
    commands.close_poll(store, fid, dots.id)
    ranking = commands.create_poll(store, fid, title=BY_NAME["dollars"].typed, method="ranking",
                                   idea_ids=ids[-10:], params={"top_n": 3}, open_now=True)
    for n, person in enumerate(people):
        options = [o.id for o in ranking.options]
        commands.cast_ballot(store, fid, ranking.id, person.id, [options[(n + k) % len(options)] for k in range(3)])
    commands.close_poll(store, fid, ranking.id)
    commands.go_to_step(store, fid, step["m4-task-rating"])
    rating = commands.create_poll(store, fid, title=BY_NAME["math"].typed, method="rating", idea_ids=ids[-8:],
                                  open_now=True)
    for n, person in enumerate(people):
        scores = {o.id: {"impact": 1 + (n + k) % 5, "feasibility": 1 + (n * k) % 5}
                  for k, o in enumerate(rating.options)}
        commands.cast_ballot(store, fid, rating.id, person.id, scores)
    commands.close_poll(store, fid, rating.id)
    snapshot = read_snapshot(store, fid)
    files = {name: build(name, snapshot, playbook).content for name in EXPORTS}
    join = JoinDetails(created.forum.join_code, "http://10.0.0.5:8501/phone", "10.0.0.5:8501/phone")
    files.update({name: build_printable(name, snapshot, playbook, join).content for name in PRINTABLES})
    return files, names, (store, fid)


def test_the_word_documents_open_and_quote_the_strings_as_text(exports):
    from docx import Document

    files, *_ = exports
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
        if name == "meeting-2":  # every vote's title, as typed
            for case in ("markdown-header", "dollars", "math"):
                assert flat(BY_NAME[case].stored) in flat(text), (name, case)
        if name == "meeting-2":
            for case in NOTES:
                assert flat(case.stored) in flat(text), (name, case.name)
        assert flat(BY_NAME["script"].stored) in flat(text), name  # the forum's title


def test_the_spreadsheet_keeps_every_string_as_text(exports):
    from openpyxl import load_workbook

    files, names, _ = exports
    book = load_workbook(io.BytesIO(files["data-xlsx"]))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula, from anyone
    values = {c.value for c in cells if isinstance(c.value, str)}
    for case in IDEAS:
        assert case.stored in values, case.name
    for case in names:
        assert case.stored is None or case.stored in values, case.name


def test_the_csv_files_keep_every_string_and_defuse_formulas(exports):
    files, *_ = exports
    with zipfile.ZipFile(io.BytesIO(files["data-csv"])) as archive:
        tables = {name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                  for name in archive.namelist()}
    values = {value for rows in tables.values() for row in rows for value in row}
    assert not [v for v in values if v.startswith(("=", "@"))]  # what Excel would run as a formula
    for case in IDEAS:
        kept = "'" + case.stored if case.stored.startswith(("=", "+", "-", "@")) else case.stored
        assert kept in values, case.name


def test_a_chart_takes_dollars_literally_and_alt_text_drops_what_xml_cannot_hold(playbook):
    """The two faults seen: "$$" in a ranked challenge broke the agenda's chart, and U+FFFF
    in a chart's alt text broke the file."""
    from docx import Document as WordDocument

    from assistant.reports.charts import bar_chart
    from assistant.reports.document import Document, Image, Paragraph
    from assistant.word.writer import render

    labels = [BY_NAME["dollars"].typed, BY_NAME["math"].typed, "$", "x$y$z\\"]
    png = bar_chart(labels, [4, 3, 2, 1], axis_label="$$ points", rtl=True)
    data = render(Document(title="t", language="he", blocks=(
        Image(png, alt="a\uffffb\ud800c\x00d " + BY_NAME["dollars"].typed), Paragraph("\ufffe"))))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert 'descr="abcd We need $$ for buses"' in xml
    WordDocument(io.BytesIO(data))  # opens


def test_one_document_that_cannot_be_built_leaves_the_others_written(exports, playbook, tmp_path, monkeypatch):
    """`export` writes what it can and names what failed and why."""
    from assistant.exports import bundle

    real = bundle.document

    def broken(name, *args, **kwargs):
        if name == "shared-agenda":
            raise ValueError("a chart could not be drawn")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(bundle, "document", broken)
    store, fid = exports[2]
    report = bundle.write_all(read_snapshot(store, fid), playbook, tmp_path)
    assert report.failed == {"shared-agenda.docx": "ValueError: a chart could not be drawn"}
    assert "work-plan.docx" in report.written and "data.xlsx" in report.written
    assert not (tmp_path / "shared-agenda.docx").exists()
    page = bundle.failed_document("shared-agenda.docx", "ar", report.failed["shared-agenda.docx"])
    from docx import Document as WordDocument

    text = "\n".join(p.text for p in WordDocument(io.BytesIO(page)).paragraphs)
    assert "تعذّر إعداد shared-agenda.docx" in text and "ValueError: a chart could not be drawn" in text
