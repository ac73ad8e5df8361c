"""The console's situation-picture panel: its template reads back."""

import io

from assistant.forum.indicator_file import read_indicators, template_headers


def test_the_consoles_template_is_read_back_with_its_rows_filled_in():
    """The spreadsheet the console offers (headers in the forum's language, right to left),
    filled in by a manager, imports."""
    import openpyxl

    from assistant.ui.indicators_panel import template_bytes

    for language in ("he", "ar", "en"):
        book = openpyxl.load_workbook(io.BytesIO(template_bytes(language, "Indicators")))
        sheet = book.active
        assert [c.value for c in sheet[1]] == template_headers(language)
        assert bool(sheet.sheet_view.rightToLeft) is (language != "en")
        sheet.append(["תושבים", None, None, None, 18642, None, None, 2021, "הלמ\"ס"])
        out = io.BytesIO()
        book.save(out)
        [found] = read_indicators(out.getvalue(), "filled.xlsx")
        assert (found.name, found.value, found.year) == ("תושבים", 18642.0, 2021)
