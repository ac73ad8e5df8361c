"""Removal of PDF-extraction artefacts: running headers and footers, back-links
to the table of contents, placeholder text and stray page numbers.

Text is otherwise left as extracted (including lines whose word order the PDF
reversed), so a quote taken from the source still matches a passage.
"""

from __future__ import annotations

import re
from collections import Counter

_TOC_LINK_RE = re.compile(r"-?\s*בחזרה לתוכן (?:ה)?עניינים\s*-?")
_PLACEHOLDER_RE = re.compile(r"(?:Dummy Text)+|(?:Lorem ipsum[^\n]*)", re.IGNORECASE)
_PAGE_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*$")
_NON_LETTERS_RE = re.compile(r"[\W\d_]+")
_DIGITS_RE = re.compile(r"\d{1,4}")


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
