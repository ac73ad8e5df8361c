"""Reading a locality's indicators from a .csv or .xlsx file, as people fill them in.

Headers may be in Hebrew, Arabic or English (`COLUMNS`: any of a column's names, in any
letter case and spacing); only the indicator's name and the locality's value are required;
other columns are left aside.
Numbers are read as people type them: thousands separators ("18,642"), a percent sign
("30.9%", which also sets the unit when none is given), Arabic-Indic digits ("٣٠٫٩"), a
decimal comma ("30,9"). A CSV may be UTF-8 or a Windows code page (1255 Hebrew, 1256 Arabic),
separated by commas, semicolons or tabs. Empty rows are skipped.

All or nothing: every problem of every row is collected (row and column as the file names
them) and the file is refused with all of them (`IndicatorFileError`), so a corrected file can
be sent once. Spreadsheet formulas are refused (the value itself is wanted; a formula in a
file passed around is also how spreadsheets get attacked), as are duplicate indicators.

Pure: bytes in, `Indicator`s out; openpyxl reads .xlsx.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import IndicatorFileError
from assistant.forum.indicators import (
    MAX_INDICATORS,
    NAME_MAX,
    SOURCE_MAX,
    UNIT_MAX,
    YEARS,
    AgeStage,
    Comparison,
    Indicator,
)
from assistant.forum.numbers import NUMBER, plain_number, western_digits

MAX_BYTES = 2 * 1024 * 1024
# The demo forum's indicators: figures the roadmap in corpus/ states (its example locality
# dashboard), each with its source and, in a column the import leaves aside, the words of the
# document that hold it (tests/forum/test_indicator_file.py finds them there).
SAMPLE = Path(__file__).parent / "data" / "sample-indicators.he.csv"
MAX_ROWS = MAX_INDICATORS

# A column's names, the first of each language being the template's header.
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "name": {"he": ("שם המדד", "מדד", "שם"), "ar": ("اسم المؤشر", "المؤشر", "الاسم"),
             "en": ("Indicator", "Name", "Indicator name")},
    "domain": {"he": ("תחום", "תחום מוביליות"), "ar": ("المجال", "مجال الحراك"), "en": ("Domain", "Mobility domain")},
    "age_stage": {"he": ("שלב ברצף הגילים", "שלב גיל", "גיל"), "ar": ("المرحلة العمرية", "العمر"),
                  "en": ("Age stage", "Age")},
    "unit": {"he": ("יחידה", "יחידת מידה"), "ar": ("الوحدة", "وحدة القياس"), "en": ("Unit",)},
    "value": {"he": ("ערך ביישוב", "ערך", "ערך יישובי"), "ar": ("قيمة البلدة", "القيمة"),
              "en": ("Locality value", "Value")},
    "comparison": {"he": ("ערך להשוואה", "ערך השוואה", "השוואה"), "ar": ("قيمة المقارنة", "المقارنة"),
                   "en": ("Comparison value", "Comparison")},
    "compared_to": {"he": ("השוואה אל", "סוג ההשוואה", "מול"), "ar": ("مقارنة مع", "نوع المقارنة"),
                    "en": ("Compared to", "Comparison kind")},
    "year": {"he": ("שנה",), "ar": ("السنة",), "en": ("Year",)},
    "source": {"he": ("מקור",), "ar": ("المصدر",), "en": ("Source",)},
}
REQUIRED = ("name", "value")

# Words people use for an age stage or a comparison, in the three languages (and the keys).
STAGE_WORDS: dict[AgeStage, tuple[str, ...]] = {
    AgeStage.EARLY_CHILDHOOD: ("הגיל הרך", "גיל רך", "לידה עד 6", "الطفولة المبكرة", "early childhood", "birth to 6"),
    AgeStage.ELEMENTARY: ("יסודי", "בית ספר יסודי", "ابتدائي", "المرحلة الابتدائية", "elementary", "primary"),
    AgeStage.SECONDARY: ("על-יסודי", "על יסודי", "תיכון", "ثانوي", "المرحلة الثانوية", "secondary", "high school"),
    AgeStage.SERVICE: ("שירות צבאי ולאומי", "שירות", "צבא", "שירות לאומי", "الخدمة العسكرية والمدنية", "الخدمة",
                       "service", "military or national service"),
    AgeStage.HIGHER_EDUCATION: ("השכלה גבוהה", "التعليم العالي", "higher education"),
    AgeStage.EMPLOYMENT: ("תעסוקה", "التشغيل", "العمل", "employment"),
}
COMPARISON_WORDS: dict[Comparison, tuple[str, ...]] = {
    Comparison.NATIONAL: ("ארצי", "ממוצע ארצי", "ישראל", "قطري", "المعدل القطري", "national", "national average"),
    Comparison.DISTRICT: ("מחוזי", "מחוז", "لوائي", "اللواء", "district"),
    Comparison.SIMILAR: ("יישובים דומים", "אשכול", "بلدات مشابهة", "similar localities", "similar"),
    Comparison.TARGET: ("יעד", "هدف", "الهدف", "target"),
}

_BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"))


def _key(text: str) -> str:
    """A header or a word as compared: letter case, spacing, marks and punctuation aside."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_BIDI).casefold()
    return " ".join(re.sub(r"[^\w%]+", " ", text).split())


_HEADERS = {_key(name): column for column, names in COLUMNS.items() for group in names.values() for name in group}
_STAGES = {_key(w): stage for stage, words in STAGE_WORDS.items() for w in (*words, stage.value)}
_COMPARISONS = {_key(w): kind for kind, words in COMPARISON_WORDS.items() for w in (*words, kind.value)}


@dataclass(frozen=True)
class Problem:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    column: str  # the header as the file has it
    kind: str  # not_number, formula, required, year, stage, domain, compared_to, too_long, duplicate
    value: str = ""
    other_row: int = 0  # for a duplicate: the row it repeats


def template_headers(language: str) -> list[str]:
    lang = language if language in ("he", "ar", "en") else "he"
    return [names[lang][0] for names in COLUMNS.values()]


def read_indicators(data: bytes, filename: str, domains: dict[str, tuple[str, ...]] | None = None) -> list[Indicator]:
    """The indicators in a .csv or .xlsx file (its name says which), or IndicatorFileError with
    every problem found. `domains`: each mobility domain's key and the names it may be given."""
    if len(data) > MAX_BYTES:
        raise IndicatorFileError(reason="too_large", limit=MAX_BYTES // (1024 * 1024))
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "xlsx":
        table = _xlsx_rows(data)
    elif suffix in ("csv", "txt"):
        table = _csv_rows(data)
    else:
        raise IndicatorFileError(reason="kind", name=filename)
    return _indicators(table, domains or {})


def _csv_rows(data: bytes) -> list[list[object]]:
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text), dialect)]


def _decode(data: bytes) -> str:
    """UTF-8 (with or without its mark), else the Windows code page whose letters it makes."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # "Unicode text" as spreadsheets save it
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IndicatorFileError(reason="unreadable") from exc
    if b"\x00" in data[:4096]:  # not text at all
        raise IndicatorFileError(reason="unreadable")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    hebrew, arabic = data.decode("cp1255", "replace"), data.decode("cp1256", "replace")
    he_letters = sum("\u05d0" <= c <= "\u05ea" for c in hebrew)
    ar_letters = sum("\u0621" <= c <= "\u064a" for c in arabic)
    return hebrew if he_letters >= ar_letters else arabic


def _xlsx_rows(data: bytes) -> list[list[object]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (BadZipFile, KeyError, ValueError, OSError) as exc:
        raise IndicatorFileError(reason="unreadable") from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 50:
                break
        return rows
    finally:
        book.close()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.translate(_BIDI).strip())


def _indicators(table: list[list[object]], domains: dict[str, tuple[str, ...]]) -> list[Indicator]:
    start = next((i for i, row in enumerate(table) if not all(_blank(v) for v in row)), None)
    if start is None:
        raise IndicatorFileError(reason="empty")
    header = ["" if _blank(v) else str(v).translate(_BIDI).strip() for v in table[start]]
    columns: dict[str, int] = {}
    for position, name in enumerate(header):
        column = _HEADERS.get(_key(name))
        if column and column not in columns:
            columns[column] = position
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        names = {lang: tuple(COLUMNS[c][lang][0] for c in missing) for lang in ("he", "ar", "en")}
        raise IndicatorFileError(reason="columns", missing=tuple(missing), names=names,
                                 found=tuple(h for h in header if h))
    rows = [(start + 2 + i, row) for i, row in enumerate(table[start + 1:]) if not all(_blank(v) for v in row)]
    if not rows:
        raise IndicatorFileError(reason="empty")
    if len(rows) > MAX_ROWS:
        raise IndicatorFileError(reason="too_many", limit=MAX_ROWS)
    domain_names = {_key(n): key for key, names in domains.items() for n in (*names, key)}
    problems: list[Problem] = []
    found: list[Indicator] = []
    seen: dict[tuple, int] = {}
    for number, row in rows:
        reader = _Row(number, row, columns, header, problems)
        indicator = reader.indicator(domain_names)
        if indicator is None:
            continue
        if (first := seen.get(indicator.identity())) is not None:
            problems.append(Problem(number, header[columns["name"]], "duplicate", indicator.name, first))
            continue
        seen[indicator.identity()] = number
        found.append(indicator)
    if problems:
        raise IndicatorFileError(reason="rows", problems=tuple(problems))
    return found


class _Row:
    def __init__(self, number: int, row: list[object], columns: dict[str, int], header: list[str],
                 problems: list[Problem]) -> None:
        self.row_number, self.row, self.columns, self.header, self.problems = number, row, columns, header, problems
        self.ok = True

    def _cell(self, column: str) -> object:
        position = self.columns.get(column)
        return self.row[position] if position is not None and position < len(self.row) else None

    def _problem(self, column: str, kind: str, value: object = "") -> None:
        self.ok = False
        shown = str(value).translate(_BIDI).strip()
        self.problems.append(Problem(self.row_number, self.header[self.columns[column]], kind,
                                     shown[:40] + ("…" if len(shown) > 40 else "")))

    def text(self, column: str, limit: int, *, required: bool = False) -> str:
        value = self._cell(column)
        if _blank(value):
            if required:
                self._problem(column, "required")
            return ""
        text = " ".join(str(value).translate(_BIDI).split())
        if text[:1] in "=@" or (text[:1] in "+-" and not NUMBER.match(text.replace(",", ""))):
            self._problem(column, "formula", text)
            return ""
        if len(text) > limit:
            self._problem(column, "too_long", text)
            return ""
        return text

    def number(self, column: str, *, required: bool = False) -> tuple[float | None, bool]:
        """The cell's number, and whether it carried a percent sign."""
        value = self._cell(column)
        if _blank(value):
            if required:
                self._problem(column, "required")
            return None, False
        if isinstance(value, bool):
            self._problem(column, "not_number", value)
            return None, False
        if isinstance(value, int | float):
            return float(value), False
        text = western_digits(str(value).translate(_BIDI))
        text = "".join(text.split()).replace("\u00a0", "")
        if text[:1] in "=@":
            self._problem(column, "formula", value)
            return None, False
        percent = text.endswith("%") or text.startswith("%")
        number = plain_number(text.strip("%"))
        if number is None:
            self._problem(column, "not_number", value)
            return None, False
        return number, percent

    def choice(self, column: str, names: dict[str, object], kind: str) -> object | None:
        value = self._cell(column)
        if _blank(value):
            return None
        found = names.get(_key(str(value)))
        if found is None:
            self._problem(column, kind, value)
        return found

    def year(self) -> int | None:
        number, _ = self.number("year") if "year" in self.columns else (None, False)
        if number is None:
            return None
        if number != int(number) or int(number) not in YEARS:
            self._problem("year", "year", self._cell("year"))
            return None
        return int(number)

    def indicator(self, domain_names: dict[str, str]) -> Indicator | None:
        name = self.text("name", NAME_MAX, required=True)
        value, percent = self.number("value", required=True)
        comparison, compared_percent = self.number("comparison") if "comparison" in self.columns else (None, False)
        unit = self.text("unit", UNIT_MAX) if "unit" in self.columns else ""
        stage = self.choice("age_stage", _STAGES, "stage") if "age_stage" in self.columns else None
        domain = self.choice("domain", domain_names, "domain") if "domain" in self.columns else None
        kind = self.choice("compared_to", _COMPARISONS, "compared_to") if "compared_to" in self.columns else None
        year = self.year()
        source = self.text("source", SOURCE_MAX) if "source" in self.columns else ""
        if not self.ok or value is None:
            return None
        return Indicator(name=name, value=value, unit=unit or ("%" if percent or compared_percent else ""),
                         domain=domain, age_stage=stage, comparison=comparison, compared_to=kind, year=year,
                         source=source)


def sample_indicators() -> list[Indicator]:
    return read_indicators(SAMPLE.read_bytes(), SAMPLE.name)
