"""Charts for the documents, as PNG bytes (matplotlib, Agg, no global pyplot state).

Matplotlib (3.11+) lays text out with libraqm, which applies the Unicode bidi algorithm
and Arabic shaping. A label takes its direction from its first strong letter, so in a
right-to-left document each label starts with a RIGHT-TO-LEFT MARK: a Hebrew label that
begins with "STEM" or a number still reads right to left. Right-to-left charts also
mirror: labels on the right, bars growing leftwards.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from io import BytesIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from assistant.reports.spots import spot_labels

RLM = "\u200f"
# Every text of a chart is taken literally: people's words may hold "$" ("We need $$ for
# buses"), which matplotlib would otherwise read as the start of mathematics and fail on.
LITERAL = {"parse_math": False}
FONT = "DejaVu Sans"  # ships with matplotlib; has Hebrew and Arabic letters
LABEL_CHARS = 42
BAR_COLOR = "#2F5597"
TEXT_COLOR = "#262626"
GRID_COLOR = "#D9D9D9"
WIDTH_IN = 6.3  # the text width of an A4 page with 2.5 cm margins
DPI = 150


def chart_label(text: str, rtl: bool, limit: int = LABEL_CHARS) -> str:
    """One line, at most `limit` characters, its direction pinned for RTL documents."""
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return RLM + line if rtl else line


def _png(figure: Figure) -> bytes:
    buffer = BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # glyphs the font lacks (emoji) draw as boxes
        FigureCanvasAgg(figure)
        figure.tight_layout()
        figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def bar_chart(labels: Sequence[str], values: Sequence[float], *, axis_label: str, rtl: bool,
              decimals: int = 0, reference: float | None = None) -> bytes:
    """Horizontal bars, the first label on top; each bar carries its value; `reference` draws a
    line across (100: the same as what they are compared with)."""
    count = len(labels)
    figure = Figure(figsize=(WIDTH_IN, 0.9 + 0.42 * max(count, 1)), dpi=DPI)  # one dpi: text layout cached
    axes = figure.add_subplot()
    positions = list(range(count))
    axes.barh(positions, values, color=BAR_COLOR, height=0.62)
    axes.set_yticks(positions, [chart_label(label, rtl) for label in labels], fontsize=9, family=FONT,
                    color=TEXT_COLOR, **LITERAL)
    axes.invert_yaxis()
    top = max([float(v) for v in values] + [1.0] + ([float(reference)] if reference is not None else []))
    axes.set_xlim(0, top * 1.15)
    if reference is not None:
        axes.axvline(reference, color=TEXT_COLOR, linewidth=1.2, linestyle="--")
    axes.xaxis.set_major_locator(MaxNLocator(integer=decimals == 0))
    for position, value in zip(positions, values, strict=True):
        axes.text(value + top * 0.015, position, f"{value:,.{decimals}f}", va="center",
                  ha="right" if rtl else "left", fontsize=8, family=FONT, color=TEXT_COLOR, **LITERAL)
    if rtl:
        axes.invert_xaxis()
        axes.yaxis.tick_right()
    axes.set_xlabel(chart_label(axis_label, rtl), fontsize=9, family=FONT, color=TEXT_COLOR, **LITERAL)
    axes.tick_params(axis="x", labelsize=8, colors=TEXT_COLOR)
    axes.tick_params(axis="y", length=0)
    axes.grid(axis="x", color=GRID_COLOR, linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "left", "right"):
        axes.spines[side].set_visible(False)
    return _png(figure)


def matrix_chart(points: Sequence[tuple[str, float, float]], *, x_label: str, y_label: str, scale: int,
                 rtl: bool) -> bytes:
    """The 2x2 of two 1..scale means (e.g. feasibility across, impact up); points are
    marked with their short name (a rank number) so the table beside it carries the text.
    Its axes keep their mathematical orientation; only the axis titles follow `rtl`."""
    figure = Figure(figsize=(WIDTH_IN * 0.8, WIDTH_IN * 0.66), dpi=DPI)
    axes = figure.add_subplot()
    middle = (1 + scale) / 2
    axes.axvline(middle, color=GRID_COLOR, linestyle="--", linewidth=1)
    axes.axhline(middle, color=GRID_COLOR, linestyle="--", linewidth=1)
    if points:
        axes.scatter([x for _, x, _ in points], [y for _, _, y in points], s=220, color=BAR_COLOR, zorder=3)
    for (name, x, y), label in zip(points, spot_labels(points), strict=True):
        if label == name:  # alone on its spot: its number inside the point
            axes.text(x, y, name, ha="center", va="center", color="white", fontsize=8, family=FONT,
                      fontweight="bold", zorder=4, **LITERAL)
        elif label:  # points on one spot: their numbers beside it
            axes.text(x + 0.12, y, label, ha="left", va="center", color=TEXT_COLOR, fontsize=8, family=FONT,
                      fontweight="bold", zorder=4, **LITERAL)
    axes.set_xlim(0.8, scale + 0.2)
    axes.set_ylim(0.8, scale + 0.2)
    axes.set_xlabel(chart_label(x_label, rtl), fontsize=9, family=FONT, color=TEXT_COLOR, **LITERAL)
    axes.set_ylabel(chart_label(y_label, rtl), fontsize=9, family=FONT, color=TEXT_COLOR, **LITERAL)
    axes.tick_params(labelsize=8, colors=TEXT_COLOR)
    return _png(figure)
