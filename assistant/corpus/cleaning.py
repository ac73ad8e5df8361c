"""Removal of PDF-extraction artefacts: running headers and footers, back-links
to the table of contents, placeholder text and stray page numbers; and, for
display, repair of right-to-left lines extracted in visual order.

A justified Hebrew line is sometimes extracted left to right as laid out on the
page: its words (or runs of words that kept their order) come out last-first,
separated by the wide gaps of justification ("עצמי.  למימוש  ולהגיע  להתקדם"
for "להתקדם ולהגיע למימוש עצמי."). Such a line has at least two wide gaps and
at most twice as many narrow gaps; its runs are put back in reading order
(gaps kept, so passage boundaries do not move).
A line with a single wide gap is left alone: that is as often two columns side
by side or a stray double space in an ordinary sentence.

Passages keep the text as extracted, so a quote taken from the source file
still matches a passage (and ranking, which reads words, not their order, is
unchanged); `reading_order` is applied where a passage is shown to a person.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

_TOC_LINK_RE = re.compile(r"-?\s*בחזרה לתוכן (?:ה)?עניינים\s*-?")
_PLACEHOLDER_RE = re.compile(r"(?:Dummy Text)+|(?:Lorem ipsum[^\n]*)", re.IGNORECASE)
_PAGE_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*$")
_NON_LETTERS_RE = re.compile(r"[\W\d_]+")
_DIGITS_RE = re.compile(r"\d{1,4}")
_WIDE_GAP_RE = re.compile(r" {2,}")
_RTL_LETTER_RE = re.compile(r"[\u0590-\u05FF\u0600-\u06FF]")
_LATIN_LETTER_RE = re.compile(r"[A-Za-z]")
# A run that starts with a full stop before a number (".18 עד") is itself in
# visual order: "עד 18.".
_VISUAL_RUN_RE = re.compile(r"^([.,:;])(?=[\d(])")


def _header_key(line: str) -> str:
    key = _NON_LETTERS_RE.sub("", line)
    half = len(key) // 2
    # "A | B  3 A | B |": the same header printed twice on a spread.
    if len(key) % 2 == 0 and key[:half] == key[half:]:
        key = key[:half]
    return key


def running_header_keys(lines: list[str], min_repeats: int = 3) -> set[str]:
    """Keys of pipe-decorated lines that recur: a publisher | title | page header."""
    counts = Counter(_header_key(line) for line in lines if "|" in line)
    return {key for key, n in counts.items() if key and n >= min_repeats and len(key) <= 80}


def _mostly_rtl(text: str) -> bool:
    return len(_RTL_LETTER_RE.findall(text)) > len(_LATIN_LETTER_RE.findall(text))


def is_visual_order(line: str, min_wide_gaps: int = 2) -> bool:
    """Whether an RTL line looks extracted in visual (left-to-right) order."""
    text = line.strip()
    if "|" in text or not _mostly_rtl(text):
        return False
    runs = _WIDE_GAP_RE.split(text)
    wide = len(runs) - 1
    narrow = sum(len(run.split()) - 1 for run in runs)
    return wide >= min_wide_gaps and narrow <= 2 * wide


_GAP_RE = re.compile(r"(?<=\S) +(?=\S)")
SAME_GAPS = 3  # gaps in a row: a run of four words


def columns_run_together(line: str) -> bool:
    """Whether a PDF line holds two columns run into one: four or more words with single spaces
    beside four or more with wide gaps. Justification widens one column's gaps (the PDF often
    gives that line in visual order) and not the other's, so a line of one column keeps one kind
    of gap: "בכלל הקהילה ולא בקבוצת יעד ספציפית, ומעבירה  לעיר.  כמו  כן  תפעל  לתמוך" is the end
    of a paragraph beside the start of another. Reading order cannot mend such a line (which
    words go with which line of the next is lost); a sentence built on it is not quoted."""
    gaps = "".join("s" if len(gap) == 1 else "w" for gap in _GAP_RE.findall(line))
    return "s" * SAME_GAPS in gaps and "w" * SAME_GAPS in gaps


NARROW_SHARE = 0.7  # of the document's prose width
NARROW_LINES = 3


def prose_width(texts: Iterable[str]) -> int:
    """How wide a document's prose runs: the 90th percentile of its lines' lengths, in
    characters without the spaces at their ends (0 for no line). Most of a report's lines are
    short (headings, table cells, captions); its body text fills the line."""
    lengths = sorted(len(line.strip()) for text in texts for line in text.split("\n") if line.strip())
    return lengths[(len(lengths) - 1) * 9 // 10] if lengths else 0


def narrow_box(lengths: Sequence[int], width: int) -> bool:
    """Whether text laid out in lines of these `lengths` came from a box well narrower than the
    document's prose `width`: `NARROW_LINES` lines or more, each shorter than `NARROW_SHARE` of
    it. A table's cells or a diagram's boxes, and in this guide's PDF most narrow boxes stand
    beside another whose lines the extraction took in turn with theirs ("בסיום מפגשי הפורום
    ישנה / בגיוס בעלי עניין מגוונים משלושת המגזרים (ציבורי, / הסכמה רחבה בנוגע לאתגרים"): a
    sentence read across them is rarely one sentence."""
    return len(lengths) >= NARROW_LINES and max(lengths) < NARROW_SHARE * width


def _reading_order_run(run: str) -> str:
    match = _VISUAL_RUN_RE.match(run)
    if not match:
        return run
    return " ".join(reversed(run[1:].split())) + match.group(1)


def to_reading_order(line: str) -> str:
    """A visual-order line with its runs (and any visual-order run) reversed.

    The gaps and the leading space are kept, so the line keeps its length and
    its look to heading detection: passages are cut where they were before."""
    body = line.rstrip()
    text = body.lstrip()
    parts = _WIDE_GAP_RE.split(text)
    gaps = _WIDE_GAP_RE.findall(text)
    runs = [_reading_order_run(run) for run in reversed(parts)]
    out = [runs[0]]
    for gap, run in zip(reversed(gaps), runs[1:], strict=True):
        out += [gap, run]
    return body[: len(body) - len(text)] + "".join(out)


_MIRRORED = str.maketrans("()[]", ")(][")


def bracket_faults(text: str) -> int:
    """Closing brackets with nothing open, plus brackets left open at the end."""
    faults, depth = 0, 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            if depth:
                depth -= 1
            else:
                faults += 1
    return faults + depth


def unmirror_brackets(text: str) -> str:
    """Right-to-left text whose brackets were extracted mirrored (")רווחה, חינוך(") with
    them turned back where that balances them better; any other text as it is."""
    if not _mostly_rtl(text):
        return text
    whole = bracket_faults(text.translate(_MIRRORED)) < bracket_faults(text)
    # Line by line where a line settles it; a bracket whose pair is on another line
    # follows the passage as a whole.
    out = []
    for line in text.split("\n"):
        swapped = line.translate(_MIRRORED)
        before, after = bracket_faults(line), bracket_faults(swapped)
        out.append(swapped if after < before or (after == before and whole) else line)
    return "\n".join(out)


# An English line in a right-to-left paragraph comes out of the PDF with its closing stop
# first (".From Local government to local governance", a section of the roadmap).
_STOPS = ".,:;!?"
_LEADING_STOP_RE = re.compile(rf"^([{re.escape(_STOPS)}]+)\s*(?=[A-Za-z])")


def stop_at_the_end(line: str) -> str:
    """A line in Latin letters only whose stop the PDF put first, with the stop at its end;
    any other line as it is."""
    found = _LEADING_STOP_RE.match(line)
    if found is None or _RTL_LETTER_RE.search(line) or line.rstrip()[-1:] in _STOPS:
        return line
    return line[found.end():].rstrip() + found.group(1)


def reading_order(text: str) -> str:
    """A passage as a person reads it: its visual-order lines put in reading order, an English
    line's stop put back at its end and mirrored brackets turned back."""
    lines = (to_reading_order(line) if is_visual_order(line) else stop_at_the_end(line) for line in text.split("\n"))
    return unmirror_brackets("\n".join(lines))


def clean_lines(lines: list[str]) -> list[str]:
    """Lines with artefacts removed; removed lines become blank lines."""
    stripped = [_PLACEHOLDER_RE.sub("", _TOC_LINK_RE.sub("", line)) for line in lines]
    headers = running_header_keys(stripped)
    cleaned: list[str] = []
    header_at: list[int] = []
    for i, line in enumerate(stripped):
        if "|" in line and _header_key(line) in headers:
            header_at.append(i)
            cleaned.append("")
        else:
            cleaned.append(line.rstrip())
    # A lone number next to a removed header is that page's number when the
    # header has no number of its own or one within a page of it.
    for i in header_at:
        numbers = {int(n) for n in _DIGITS_RE.findall(stripped[i])}
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(cleaned) and not cleaned[j].strip():
                j += step
            if 0 <= j < len(cleaned) and abs(j - i) <= 2 and _PAGE_NUMBER_RE.match(cleaned[j]):
                value = int(cleaned[j])
                if not numbers or any(abs(value - n) <= 1 for n in numbers):
                    cleaned[j] = ""
    return cleaned


def strip_page_edges(lines: list[str]) -> list[str]:
    """For a PDF page: a lone number on its first or last line is a page number."""
    out = list(lines)
    for idx in (0, -1):
        nonblank = [i for i, line in enumerate(out) if line.strip()]
        if nonblank and _PAGE_NUMBER_RE.match(out[nonblank[idx]]):
            out[nonblank[idx]] = ""
    return out
