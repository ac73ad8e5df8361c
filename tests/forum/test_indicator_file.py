"""Reading indicators from the files people make: every bad input a clear message, nothing half-read."""

import io

import pytest
from openpyxl import Workbook

from assistant.errors import IndicatorFileError
from assistant.forum.indicator_file import MAX_BYTES, read_indicators, template_headers
from assistant.forum.indicators import AgeStage, Comparison

DOMAINS = {"stem": ("STEM ומיומנויות המאה ה-21", "STEM"), "youth": ("הנוער", "نوع", "youth")}
HEBREW_CSV = (
    "שם המדד,שלב ברצף הגילים,יחידה,ערך ביישוב,ערך להשוואה,השוואה אל,שנה,מקור\n"
    'תושבים,,תושבים,"18,642",,,2021,דש בורד\n'
    "ילדים עד גיל 17,הגיל הרך,,30.9%,28%,ארצי,2021,הלמ\"ס\n"
    ",,,,,,,\n"
    "מתגייסים לשירות,שירות צבאי ולאומי,%,٦٦,\"72,5\",יעד,٢٠٢١,דש בורד\n"
)


def problems_of(excinfo):
    return [(p.row, p.column, p.kind) for p in excinfo.value.params["problems"]]


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_numbers_are_read_as_people_type_them_and_empty_rows_skipped():
    found = read_indicators(HEBREW_CSV.encode("utf-8"), "מדדים.csv")
    assert [(i.name, i.value, i.unit, i.comparison, i.compared_to, i.year, i.age_stage) for i in found] == [
        ("תושבים", 18642.0, "תושבים", None, None, 2021, None),
        ("ילדים עד גיל 17", 30.9, "%", 28.0, Comparison.NATIONAL, 2021, AgeStage.EARLY_CHILDHOOD),
        ("מתגייסים לשירות", 66.0, "%", 72.5, Comparison.TARGET, 2021, AgeStage.SERVICE),
    ]
    assert found[1].gap == pytest.approx(2.9) and found[2].relative_gap == pytest.approx(-6.5 / 72.5)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1255", "utf-16"])
def test_a_hebrew_csv_from_excel_in_any_of_its_encodings(encoding):
    text = HEBREW_CSV.replace(",", ";").replace('"18;642"', "18642").replace('"72;5"', "72.5")
    data = text.replace("٦٦", "66").replace("٢٠٢١", "2021").encode(encoding)  # digits a code page has
    assert [i.name for i in read_indicators(data, "x.csv")][2] == "מתגייסים לשירות"


def test_arabic_and_english_headers_in_any_case_and_a_windows_1256_file():
    arabic = "اسم المؤشر,القيمة,المقارنة,مقارنة مع,المجال\nالتسرب من المدارس,3.5,2,قطري,نوع\n"
    [found] = read_indicators(arabic.encode("cp1256"), "a.csv", DOMAINS)
    assert (found.name, found.value, found.comparison, found.compared_to, found.domain) == (
        "التسرب من المدارس", 3.5, 2.0, Comparison.NATIONAL, "youth")
    english = "  INDICATOR ,value,Age Stage\nDrop-out,3,Secondary\n"
    assert read_indicators(english.encode(), "e.csv")[0].age_stage is AgeStage.SECONDARY


def test_a_spreadsheet_reads_like_the_csv_and_its_formulas_are_refused():
    rows = [["שם המדד", "ערך ביישוב", "ערך להשוואה", "שנה"], ["תושבים", 18642, None, 2021],
            [None, None, None, None], ["בתי אב", "=SUM(B2:B3)", 3, 2021]]
    with pytest.raises(IndicatorFileError) as excinfo:
        read_indicators(xlsx(rows), "m.xlsx")
    assert problems_of(excinfo) == [(4, "ערך ביישוב", "formula")]
    rows[3][1] = 505
    assert [(i.name, i.value) for i in read_indicators(xlsx(rows), "m.xlsx")] == [("תושבים", 18642.0),
                                                                                  ("בתי אב", 505.0)]


def test_every_problem_of_every_row_is_named_and_nothing_is_read():
    data = ("שם המדד,ערך ביישוב,שנה,שלב ברצף הגילים,מקור\n"
            "א,שלושים,2021,,\n"           # text in a number column
            ",5,2021,,\n"                 # no name
            "ג,5,21,,\n"                  # not a year
            "ד,5,2021,גן חובה,\n"         # not an age stage
            "ה,5,2021,,=HYPERLINK(\"http://x\")\n"  # a formula in a text cell
            "ו,\"1,234\",2021,,\n"
            "ו,7,2020,,\n")               # the same indicator again
    with pytest.raises(IndicatorFileError) as excinfo:
        read_indicators(data.encode(), "x.csv")
    assert problems_of(excinfo) == [(2, "ערך ביישוב", "not_number"), (3, "שם המדד", "required"),
                                    (4, "שנה", "year"), (5, "שלב ברצף הגילים", "stage"),
                                    (6, "מקור", "formula"), (8, "שם המדד", "duplicate")]
    message = excinfo.value.message("he").replace("\u2068", "").replace("\u2069", "")  # isolates aside
    assert message.startswith("נמצאו 6 בעיות בקובץ, ולכן לא יובא דבר.")
    assert "- שורה 2, עמודה «ערך ביישוב»: «שלושים» אינו מספר." in message
    assert "- שורה 8: המדד «ו» כבר מופיע בשורה 7 (לאותו שלב גיל)." in message
    english, arabic = (excinfo.value.message(lang).replace("\u2068", "").replace("\u2069", "") for lang in ("en", "ar"))
    assert "Row 2, column «ערך ביישוב»: «שלושים» is not a number." in english
    assert "الصف 2، العمود «ערך ביישוב»: «שלושים» ليس رقمًا." in arabic
    assert "«\u2068=HYPERLINK" in excinfo.value.message("he")  # the file's text isolated in a right-to-left line


def test_missing_columns_name_the_template_headers_and_what_was_found():
    with pytest.raises(IndicatorFileError) as excinfo:
        read_indicators("שם,כמות\nא,5\n".encode(), "x.csv")
    assert excinfo.value.params["missing"] == ("value",)
    assert "«ערך ביישוב»" in excinfo.value.message("he") and "כמות" in excinfo.value.message("he")
    assert "«قيمة البلدة»" in excinfo.value.message("ar")


@pytest.mark.parametrize(("data", "name", "reason"), [
    (b"x" * (MAX_BYTES + 1), "big.csv", "too_large"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old.xls", "kind"),
    (b"PK\x03\x04 not really a workbook", "fake.xlsx", "unreadable"),
    (b"\x00\x01\x02binary", "bin.csv", "unreadable"),
    (b"", "empty.csv", "empty"),
    ("שם המדד,ערך ביישוב\n,\n".encode(), "header-only.csv", "empty"),
])
def test_files_that_are_no_table_of_indicators(data, name, reason):
    with pytest.raises(IndicatorFileError) as excinfo:
        read_indicators(data, name)
    assert excinfo.value.params["reason"] == reason
    for language in ("he", "ar", "en"):
        assert "error.indicators" not in excinfo.value.message(language)


def test_a_ten_megabyte_file_is_refused_before_it_is_read():
    with pytest.raises(IndicatorFileError) as excinfo:
        read_indicators(("שם המדד,ערך ביישוב\n" + "א,1\n" * 3_000_000).encode(), "big.csv")
    assert excinfo.value.params["reason"] == "too_large"
    assert "2 MB" in excinfo.value.message("he")


def test_the_template_headers_are_read_back_in_each_language():
    for language in ("he", "ar", "en"):
        row = ["א", "", "", "%", "5", "4", "", "2024", "מקור"]
        data = (",".join(template_headers(language)) + "\n" + ",".join(row) + "\n").encode()
        [found] = read_indicators(data, "t.csv")
        assert (found.value, found.comparison, found.year, found.source, found.unit) == (5, 4, 2024, "מקור", "%")


def test_the_sample_indicators_are_figures_the_roadmap_states():
    """Each sample row names, in a column the import leaves aside, the words of the roadmap in
    corpus/ that hold its figure; they are found there (whitespace and thousands commas aside)."""
    import csv

    from assistant.corpus.sources import discover, read_document, titles_from_sources
    from assistant.forum.indicator_file import SAMPLE, sample_indicators
    from assistant.text.normalize import collapse_for_match
    from tests.conftest import SHIPPED_CORPUS

    titles = titles_from_sources(SHIPPED_CORPUS)
    roadmap = next(f for f in discover(SHIPPED_CORPUS) if f.doc_id.startswith("roadmap"))
    text = collapse_for_match(" ".join(b.text for b in read_document(roadmap, SHIPPED_CORPUS, titles).blocks)
                              ).replace(",", "")
    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8")))
    found = sample_indicators()
    assert len(found) == len(rows) >= 10
    for row in rows:
        for quote in row["מובאה במסמך"].split(" | "):
            assert collapse_for_match(quote).replace(",", "") in text, quote
    assert {i.age_stage for i in found if i.age_stage} >= {"early_childhood", "elementary", "secondary", "service"}
    assert any(i.comparison is not None for i in found)



def test_links_are_suggested_only_when_close_and_near_the_best():
    from assistant.forum.indicators import suggested_links

    # Measured with the bundled model on the sample set: a youth-movement challenge 0.918, the
    # next 0.851; a transport challenge no closer than 0.844 to anything; an Arabic one 0.873.
    assert suggested_links([0.851, 0.918, 0.843], [False] * 3) == [1]
    assert suggested_links([0.844, 0.841, 0.836], [False] * 3) == []
    assert suggested_links([0.873, 0.836], [True, True]) == [0]
    assert suggested_links([0.895, 0.893, 0.892, 0.80], [False] * 4) == [0, 1]  # at most two, closest first
    assert suggested_links([0.931, 0.901], [False, False]) == [0]  # the second is not near the best
