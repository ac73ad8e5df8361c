"""Table column widths that never break a word: a column narrower than its longest word makes
Word and LibreOffice split the word across lines ("הצבעו/ת"). Each column gets at least the
width of its longest word (header in bold) and the rest is taken from the columns that have
room to spare. Widths are measured with DejaVu Sans, which ships with matplotlib and is wider
than the Arial (or Liberation Sans) the documents ask for, so a word that fits here fits there.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

CELL_PADDING_CM = 0.45  # both sides, and a little room for rounding
POINT_CM = 2.54 / 72


@cache
def _font(bold: bool, size_pt: float):
    from matplotlib import font_manager
    from PIL import ImageFont

    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans",
                                                             weight="bold" if bold else "normal"))
    return ImageFont.truetype(path, size=max(1, round(size_pt * 10)))  # measured at 10x, for precision


def word_cm(word: str, size_pt: float, *, bold: bool = False) -> float:
    """How wide `word` is set at `size_pt` points."""
    return _font(bold, size_pt).getlength(word) / 10 * POINT_CM


def longest_word_cm(text: str | None, size_pt: float, *, bold: bool = False) -> float:
    return max((word_cm(w, size_pt, bold=bold) for w in (text or "").split()), default=0.0)


def fit_widths(widths: Sequence[float], columns: Sequence[str], rows: Sequence[Sequence[str | None]],
               size_pt: float) -> list[float]:
    """`widths` (centimetres, summing to the table's width) moved so that every column holds its
    longest word; when the words cannot all fit, the narrowest columns are served first."""
    widths = [float(w) for w in widths]
    need = []
    for index, header in enumerate(columns):
        cells = (row[index] for row in rows if index < len(row))
        need.append(CELL_PADDING_CM + max(longest_word_cm(header, size_pt, bold=True),
                                          max((longest_word_cm(c, size_pt) for c in cells), default=0.0)))
    for _ in range(len(widths)):
        short = [i for i, (w, n) in enumerate(zip(widths, need, strict=True)) if w < n - 1e-6]
        if not short:
            break
        spare = {i: w - n for i, (w, n) in enumerate(zip(widths, need, strict=True)) if w > n}
        room = sum(spare.values())
        if room <= 0:
            break
        deficit = sum(need[i] - widths[i] for i in short)
        take = min(deficit, room)
        for i in short:  # each short column gets its share of what can be taken
            widths[i] += (need[i] - widths[i]) * take / deficit
        for i, extra in spare.items():
            widths[i] -= extra * take / room
    return widths
