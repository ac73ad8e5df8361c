"""Poll results on screen: ranking table, bar chart, impact x feasibility, by sector.

Charts are laid out left to right (see `apply_direction`); their labels are isolates
that read in their own direction."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from assistant.forum.records import PollRecord
from assistant.forum.tallies import PollResult, tally
from assistant.forum.vocabulary import VotingMethod
from assistant.i18n import isolate
from assistant.reports.sections import paper_note
from assistant.store import queries
from assistant.ui import services
from assistant.ui.common import shortened, t

LABEL_CHARS = 60


def result_for(forum_id: int, poll: PollRecord) -> PollResult:
    with services.store().read() as session:
        ballots = queries.ballots(session, forum_id, poll.id)
        people = queries.participants(session, forum_id)
    return tally(poll, ballots, people)


def _short(label: str) -> str:
    return shortened(label, LABEL_CHARS)


def bar_chart(result: PollResult, height: int = 320, font_size: int = 13) -> alt.Chart:
    data = result.table.assign(option=[isolate(f"{r}. {_short(label)}") for r, label in
                                       zip(result.table["rank"], result.table["label"], strict=True)])
    return (alt.Chart(data).mark_bar()
            .encode(x=alt.X("score:Q", title=t(f"results.score_{result.poll.method}"),
                            axis=alt.Axis(labelFontSize=font_size, titleFontSize=font_size)),
                    y=alt.Y("option:N", sort=list(data["option"]), title=None,
                            axis=alt.Axis(labelLimit=600, labelFontSize=font_size)),
                    tooltip=[alt.Tooltip("label:N", title=t("results.option")),
                             alt.Tooltip("score:Q", title=t("results.score"), format=".2f"),
                             alt.Tooltip("voters:Q", title=t("results.voters"))])
            .properties(height=max(height, 28 * len(data))))


def matrix_chart(result: PollResult, font_size: int = 13) -> alt.Chart:
    """Impact against feasibility. Each point is labelled with its rank, as in the bar chart
    beside it: whole labels of options rated alike would be written over one another."""
    data = result.table.dropna(subset=["mean_impact", "mean_feasibility"]).assign(
        option=lambda d: [isolate(_short(x)) for x in d["label"]], number=lambda d: d["rank"].astype(str))
    top = result.poll.params.get("scale", 5)
    scale = alt.Scale(domain=[1, top], zero=False, nice=False)
    points = alt.Chart(data).mark_circle(size=160 * font_size // 13).encode(
        x=alt.X("mean_feasibility:Q", scale=scale, title=t("criterion.feasibility"),
                axis=alt.Axis(tickMinStep=1, labelFontSize=font_size, titleFontSize=font_size)),
        y=alt.Y("mean_impact:Q", scale=scale, title=t("criterion.impact"),
                axis=alt.Axis(tickMinStep=1, labelFontSize=font_size, titleFontSize=font_size)),
        tooltip=[alt.Tooltip("option:N", title=t("results.option")),
                 alt.Tooltip("mean_impact:Q", title=t("criterion.impact"), format=".2f"),
                 alt.Tooltip("mean_feasibility:Q", title=t("criterion.feasibility"), format=".2f"),
                 alt.Tooltip("voters:Q", title=t("results.voters"))])
    labels = points.mark_text(align="left", dx=8 * font_size // 13, fontSize=font_size,
                              fontWeight="bold").encode(text="number:N")
    middle = pd.DataFrame({"v": [(1 + top) / 2]})
    rules = (alt.Chart(middle).mark_rule(strokeDash=[4, 4]).encode(x=alt.X("v:Q", scale=scale))
             + alt.Chart(middle).mark_rule(strokeDash=[4, 4]).encode(y=alt.Y("v:Q", scale=scale)))
    return (rules + points + labels).properties(height=420)


def ranking_table(result: PollResult) -> pd.DataFrame:
    columns = {"rank": t("results.rank"), "label": t("results.option"), "score": t("results.score"),
               "voters": t("results.voters"), "sectors_in_top": t("results.sectors_in_top")}
    if result.poll.method is VotingMethod.RATING:
        for criterion in result.poll.params.get("criteria", []):
            columns[f"mean_{criterion}"] = t(f"criterion.{criterion}")
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


def render_result(result: PollResult, *, big: bool = False) -> None:
    st.caption(t("results.voters_count", count=result.voters))
    if paper := paper_note(result, t):
        st.caption(paper)
    if result.voters == 0:
        st.info(t("results.no_votes"))
        return
    st.altair_chart(bar_chart(result, font_size=22 if big else 13), width="stretch")
    if result.poll.method is VotingMethod.RATING and "quadrant" in result.table:
        st.altair_chart(matrix_chart(result, font_size=20 if big else 13), width="stretch")
    if big:
        return
    st.dataframe(ranking_table(result), hide_index=True, width="stretch")
    if result.voters_by_sector:
        st.caption(t("results.by_sector"))
        st.dataframe(sector_table(result), hide_index=True, width="stretch")
