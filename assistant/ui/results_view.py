"""Poll results on screen: ranking table, bar chart, impact x feasibility, by sector.

Charts are laid out left to right (see `apply_direction`); their labels are isolates
that read in their own direction."""

from __future__ import annotations

import html

import altair as alt
import pandas as pd
import streamlit as st

from assistant.forum.records import PollRecord
from assistant.forum.tallies import PollResult
from assistant.forum.vocabulary import VotingMethod
from assistant.i18n import isolate, joined
from assistant.reports.sections import paper_note
from assistant.reports.spots import spot_labels
from assistant.store import reads
from assistant.ui import services
from assistant.ui.common import current_language, reading_table, shortened, t

LABEL_CHARS = 60


def result_for(forum_id: int, poll: PollRecord) -> PollResult:
    return reads.result(services.store(), forum_id, poll)


def _short(label: str) -> str:
    return shortened(label, LABEL_CHARS)


def bar_chart(result: PollResult, height: int = 320, font_size: int = 13, top: int | None = None) -> alt.Chart:
    """The options' scores as bars, each bar carrying its number: whole numbers for dots and
    ranking points (the axis too), two decimals for a rating's mean. Every part is named for
    screen readers in the page's language (Vega-Lite's own descriptions are English)."""
    whole = result.poll.method is not VotingMethod.RATING
    table = result.table if top is None else result.table.head(top)
    data = table.assign(
        option=[isolate(f"{r}. {_short(label)}") for r, label in zip(table["rank"], table["label"], strict=True)],
        shown=[f"{score:.0f}" if whole else f"{score:.2f}" for score in table["score"]],
        said=[f"{r}. {label}: {score:g}" for r, label, score in
              zip(table["rank"], table["label"], table["score"].round(2), strict=True)])
    highest = max([float(v) for v in table["score"]] + [1.0])
    axis_title = t(f"results.score_{result.poll.score_unit}")
    x = alt.X("score:Q", title=axis_title, scale=alt.Scale(domain=[0, highest * 1.18]),
              axis=alt.Axis(labelFontSize=font_size, titleFontSize=font_size, format="d" if whole else ".1f",
                            tickMinStep=1 if whole else 0.5, tickCount=6, description=axis_title))
    y = alt.Y("option:N", sort=list(data["option"]), title=None,
              axis=alt.Axis(labelLimit=600, labelFontSize=font_size, description=t("results.option")))
    base = alt.Chart(data).encode(x=x, y=y)
    bars = base.mark_bar().encode(
        description="said:N",
        tooltip=[alt.Tooltip("label:N", title=t("results.option")),
                 alt.Tooltip("score:Q", title=t("results.score"), format=".0f" if whole else ".2f"),
                 alt.Tooltip("voters:Q", title=t("results.voters"))])
    numbers = base.mark_text(align="left", dx=5, fontSize=font_size, fontWeight="bold", aria=False).encode(
        text="shown:N")
    return (bars + numbers).properties(height=max(height, (font_size * 2 + 2) * len(data)))


def matrix_chart(result: PollResult, font_size: int = 13, height: int = 420) -> alt.Chart:
    """Impact against feasibility. Each point is labelled with its rank, as in the list
    beside it (whole labels of options rated alike would be written over one another); points
    on one spot share one label, "1, 3"."""
    data = result.table.dropna(subset=["mean_impact", "mean_feasibility"]).assign(
        option=lambda d: [isolate(_short(x)) for x in d["label"]], number=lambda d: d["rank"].astype(str))
    data = data.assign(said=[t("agenda.matrix_point", rank=row["rank"], impact=f"{row['mean_impact']:.2f}",
                               feasibility=f"{row['mean_feasibility']:.2f}") for row in data.to_dict("records")])
    data = data.assign(number=spot_labels(list(zip(data["number"], data["mean_feasibility"], data["mean_impact"],
                                                   strict=True))))
    top = result.poll.params.scale
    scale = alt.Scale(domain=[1, top], zero=False, nice=False)
    feasibility, impact = t("criterion.feasibility"), t("criterion.impact")
    points = alt.Chart(data).mark_circle(size=160 * font_size // 13).encode(
        x=alt.X("mean_feasibility:Q", scale=scale, title=feasibility,
                axis=alt.Axis(tickMinStep=1, format="d", labelFontSize=font_size, titleFontSize=font_size,
                              description=feasibility)),
        y=alt.Y("mean_impact:Q", scale=scale, title=impact,
                axis=alt.Axis(tickMinStep=1, format="d", labelFontSize=font_size, titleFontSize=font_size,
                              description=impact)),
        description="said:N",
        tooltip=[alt.Tooltip("option:N", title=t("results.option")),
                 alt.Tooltip("mean_impact:Q", title=impact, format=".2f"),
                 alt.Tooltip("mean_feasibility:Q", title=feasibility, format=".2f"),
                 alt.Tooltip("voters:Q", title=t("results.voters"))])
    labels = points.mark_text(align="left", dx=8 * font_size // 13, fontSize=font_size,
                              fontWeight="bold", aria=False).encode(text="number:N")
    middle = pd.DataFrame({"v": [(1 + top) / 2]})
    rules = (alt.Chart(middle).mark_rule(strokeDash=[4, 4], aria=False).encode(x=alt.X("v:Q", scale=scale))
             + alt.Chart(middle).mark_rule(strokeDash=[4, 4], aria=False).encode(y=alt.Y("v:Q", scale=scale)))
    return (rules + points + labels).properties(height=height)


def ranking_table(result: PollResult, *, spread: bool = False) -> pd.DataFrame:
    """The results as a table; a rating's spread per criterion only with `spread` (the screen
    leaves it to the data files, so that the table fits a laptop's width)."""
    columns = {"rank": t("results.rank"), "label": t("results.option"), "score": t("results.score"),
               "voters": t("results.voters"), "sectors_in_top": t("results.sectors_in_top")}
    if result.poll.method is VotingMethod.RATING:
        for criterion in result.poll.params.criteria:
            columns[f"mean_{criterion}"] = t(f"criterion.{criterion}")
            if spread:
                columns[f"std_{criterion}"] = t("results.spread", criterion=t(f"criterion.{criterion}"))
        if "quadrant" in result.table:
            columns["quadrant"] = t("results.quadrant")
    if result.paper_dots:  # paper dots are in the score; who stuck them is not known per option
        columns = {**columns, "paper_dots": t("results.paper_dots"), "voters": t("results.phone_voters")}
        columns = {k: columns[k] for k in ("rank", "label", "score", "paper_dots", "voters", "sectors_in_top")}
    table = result.table[[c for c in columns if c in result.table]].rename(columns=columns).round(2)
    if t("results.quadrant") in table:
        table[t("results.quadrant")] = table[t("results.quadrant")].map(
            lambda q: t(f"quadrant.{q}") if isinstance(q, str) else "")
    return table


def sector_table(result: PollResult) -> pd.DataFrame:
    frame = result.by_sector.drop(columns=["option_id"]).rename(columns={"label": t("results.option")}).round(2)
    return frame.rename(columns={s: t(f"sector.{s}") for s in result.voters_by_sector})


def described(chart: alt.Chart, text: str) -> alt.Chart:
    """The chart named as a whole for screen readers, in the page's language."""
    return chart.properties(description=text)


def bars_in_words(result: PollResult) -> str:
    table = result.table
    bars = joined((f"{label} {score:g}" for label, score in zip(table["label"], table["score"].round(2), strict=True)),
                  current_language(), clauses=True)
    return t("report.chart_alt", axis=t(f"results.score_{result.poll.score_unit}"), bars=bars)


def points_in_words(result: PollResult) -> str:
    rows = result.table.dropna(subset=["mean_impact", "mean_feasibility"]).to_dict("records")
    points = joined((t("agenda.matrix_point", rank=row["rank"], impact=f"{row['mean_impact']:.2f}",
                       feasibility=f"{row['mean_feasibility']:.2f}") for row in rows), current_language(), clauses=True)
    return t("agenda.matrix_alt", points=points)


def _ranked_list(result: PollResult, top: int | None) -> None:
    """The options in order with their mean, in two columns of large type (the projector)."""
    rows = result.table if top is None else result.table.head(top)
    items = "".join(f'<li dir="auto"><b>{int(rank)}.</b> {html.escape(isolate(_short(label)))} '
                    f'<span class="projector-score">{score:.2f}</span></li>'
                    for rank, label, score in zip(rows["rank"], rows["label"], rows["score"], strict=True))
    st.html(f'<ul class="projector-legend" style="columns: 2; list-style: none; padding: 0; margin: 0; '
            f'font-size: 1.25rem; line-height: 1.5">{items}</ul>')


def render_result(result: PollResult, *, big: bool = False, top: int | None = None) -> None:
    """A vote's results; `big` for the projector: larger type, the `top` options, and a rating's
    2x2 beside its bars, so that both fit one screen from 1024x768 to 1920x1080."""
    st.caption(t("results.voters_count", count=result.voters))
    if paper := paper_note(result, t):
        st.caption(paper)
    if result.voters == 0:
        st.info(t("results.no_votes"))
        return
    matrix = result.poll.method is VotingMethod.RATING and "quadrant" in result.table
    size = (18 if matrix else 22) if big else 13
    if matrix and big:  # the 2x2, its points numbered as in the list under it: one screen's height
        square = matrix_chart(result, font_size=size, height=260).properties(width=300)
        st.altair_chart(described(square, points_in_words(result)), width="content")
        _ranked_list(result, top)
        return
    bars = described(bar_chart(result, height=260 if big else 320, font_size=size, top=top), bars_in_words(result))
    st.altair_chart(bars, width="stretch")
    if matrix:
        st.altair_chart(described(matrix_chart(result, font_size=size), points_in_words(result)), width="stretch")
    if big:
        return
    table = ranking_table(result)
    widths = {t("results.option"): "medium", t("results.quadrant"): "medium"}
    reading_table(table, f"ranking-{result.poll.id}", {name: widths.get(name, "small") for name in table.columns})
    if result.voters_by_sector:
        st.caption(t("results.by_sector"))
        frame = sector_table(result)
        reading_table(frame, f"sectors-{result.poll.id}",
                      {name: "large" if name == t("results.option") else "small" for name in frame.columns})
