"""Charts: PNG bytes, and Hebrew labels laid out right to left."""

from __future__ import annotations

import itertools

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from assistant.reports.charts import FONT, RLM, bar_chart, chart_label, matrix_chart


def _ink_runs(text: str) -> list[int]:
    """Widths of the inked stretches of `text` drawn left to right (gaps of 8+ pixels split them)."""
    figure = Figure(figsize=(6, 1))
    FigureCanvasAgg(figure)
    figure.text(0.02, 0.3, text, fontsize=30, family=FONT)
    figure.canvas.draw()
    inked = np.where((np.asarray(figure.canvas.buffer_rgba())[:, :, 0] < 128).any(axis=0))[0]
    runs, start = [], inked[0]
    for previous, column in itertools.pairwise(inked):
        if column - previous > 8:
            runs.append(previous - start)
            start = column
    runs.append(inked[-1] - start)
    return runs


def test_hebrew_is_laid_out_right_to_left_and_the_mark_pins_the_direction():
    narrow, wide, latin = _ink_runs("א בבבבבב")[1], _ink_runs("א בבבבבב")[0], _ink_runs("STEM")[0]
    assert narrow < wide  # the first word (narrow) is drawn on the right
    # a Hebrew label starting with a Latin word: without the mark it would start on the left
    assert _ink_runs(chart_label("STEM א בבבבבב", rtl=True)) == [wide, narrow, latin]
    assert _ink_runs(chart_label("STEM א בבבבבב", rtl=False)) == [latin, wide, narrow]


def test_labels_are_one_line_and_bounded():
    assert chart_label("שורה\nשנייה", rtl=True) == RLM + "שורה שנייה"
    long = chart_label("א" * 100, rtl=False)
    assert len(long) == 42 and long.endswith("…")


def test_charts_are_png():
    png = bar_chart(["ראשון", "שני 🎉", "مرحبا"], [12, 7.5, 0], axis_label="נקודות", rtl=True)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    matrix = matrix_chart([("1", 4.2, 3.0), ("2", 2.0, 4.5)], x_label="ישימות", y_label="השפעה", scale=5,
                          rtl=True)
    assert matrix.startswith(b"\x89PNG\r\n\x1a\n")
