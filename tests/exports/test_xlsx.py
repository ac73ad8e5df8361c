"""The .xlsx writer, read back with openpyxl: types, header, panes, widths, direction;
and data.xlsx cell for cell as openpyxl's own writer made it."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from lxml import etree

from assistant.exports import data
from assistant.exports.xlsx import Sheet, workbook_bytes


def read(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def test_values_keep_their_types_and_text_is_never_a_formula():
    moment = datetime(2026, 3, 1, 18, 30, 12)
    rows = [["=1+1", 7, 2.5, True, moment, date(2026, 3, 1), None, float("nan"), "", "a\x00b <&> \"q\""]]
    book = read(workbook_bytes([Sheet("גיליון", [f"c{n}" for n in range(10)], rows, rtl=True)]))
    sheet = book["גיליון"]
    cells = next(sheet.iter_rows(min_row=2))
    assert [c.value for c in cells[:6]] == ["=1+1", 7, 2.5, True, moment, datetime(2026, 3, 1)]
    assert cells[0].data_type == "s" and cells[4].is_date and cells[5].is_date
    assert [c.value for c in cells[6:9]] == [None, None, None]
    assert cells[9].value == "ab <&> \"q\""
    assert sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1]) and not cells[0].font.b


def test_widths_many_columns_and_several_sheets():
    header = [f"h{n}" for n in range(30)]
    content = workbook_bytes([Sheet("one", header, [list(range(30))], widths=[n + 5 for n in range(30)]),
                              Sheet("two", ["x"], [])])
    book = read(content)
    assert book.sheetnames == ["one", "two"]
    one = book["one"]
    assert one["AD2"].value == 29 and 34 <= one.column_dimensions["AD"].width < 35  # Excel adds its padding
    assert not one.sheet_view.rightToLeft and book["two"].max_row == 1
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            etree.fromstring(archive.read(name))  # every part is well-formed XML


def test_moments_read_back_as_written():
    rnd = random.Random(5)
    moments = [datetime(1901, 1, 1) + timedelta(seconds=rnd.randrange(150 * 365 * 86_400)) for _ in range(300)]
    book = read(workbook_bytes([Sheet("t", ["when"], [[m] for m in moments])]))
    assert [row[0] for row in book["t"].iter_rows(min_row=2, values_only=True)] == moments


@pytest.mark.parametrize("language", ["he", "en"])
def test_data_xlsx_equals_what_openpyxl_wrote(demo_snapshot, language):
    """The sheets openpyxl's write-only mode made before, cell for cell."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    snapshot = demo_snapshot.in_language(language)
    frames = data.tables(snapshot)
    reference = Workbook(write_only=True)
    for name, frame in frames.items():
        sheet = reference.create_sheet(data.sheet_name(name, data.Wording(language)))
        sheet.append(list(frame.columns))
        for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None):
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    reference.save(buffer)
    ours, theirs = read(data.xlsx_bytes(snapshot, frames)), read(buffer.getvalue())
    assert ours.sheetnames == theirs.sheetnames
    for mine, other in zip(ours.worksheets, theirs.worksheets, strict=True):
        assert list(mine.values) == list(other.values)
        assert bool(mine.sheet_view.rightToLeft) == (language == "he")
