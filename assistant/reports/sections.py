"""Blocks every report uses: where a statement comes from, poll result tables and
charts, and the ranked or listed items of a meeting output."""

from __future__ import annotations

from collections.abc import Callable

from assistant.forum.records import PollRecord
from assistant.forum.tallies import PollResult
from assistant.forum.vocabulary import VotingMethod
from assistant.i18n import joined
from assistant.reports import charts
from assistant.reports.document import (
    RTL_LANGUAGES,
    Block,
    BulletList,
    Document,
    Heading,
    Image,
    Paragraph,
    Table,
)
from assistant.reports.outputs import Item, Outcome
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.wording import Wording

CHART_WIDTH_CM = 15.5


def report(snapshot: ForumSnapshot, say: Wording, title: str, subtitle: str, blocks: list[Block]) -> Document:
    """A forum report in the forum's language; missing cells read "to complete"."""
    return Document(title=title, language=snapshot.language, subtitle=subtitle, blocks=blocks,
                    metadata={"subject": snapshot.forum.title, "keywords": title},
                    placeholder_label=say("report.to_complete"))


def paper_note(result: PollResult, say: Callable[..., str]) -> str | None:
    """How many of a vote's voters voted on paper: stickers counted (with their dots) or slips
    typed in; None when nobody did. `say` is a catalog lookup (a Wording, or the UI's `t`)."""
    if not result.paper_voters:
        return None
    key = "results.paper" if result.paper_dots else "results.paper_ballots"
    return say(key, count=result.paper_voters, dots=result.paper_dots)


def poll_name(snapshot: ForumSnapshot, poll: PollRecord, step_title: str | None) -> str:
    """The poll's title; a poll titled with its step's key is named by the step's title."""
    step = snapshot.step(poll.step_id)
    if step_title and step is not None and poll.title == step.key:
        return step_title
    return poll.title


def source(snapshot: ForumSnapshot, outcome: Outcome, say: Wording) -> Paragraph:
    """Meeting, step and poll a section rests on."""
    steps = say("narrative.separator").join(say.quote(step.title) for step in outcome.collected_at)
    if outcome.poll is not None and outcome.voted:
        poll = outcome.poll
        when = poll.closed_at or poll.opened_at or poll.created_at
        name = poll_name(snapshot, poll, outcome.voted_at.title if outcome.voted_at else None)
        text = say("report.source_poll", meeting=outcome.meeting, steps=steps, poll=say.quote(name),
                   method=say.method(poll.method), voters=say("count.voters", count=outcome.result.voters),
                   date=say.date(when))
    elif outcome.items:
        text = say("report.source_collected", meeting=outcome.meeting, steps=steps, count=len(outcome.items))
    else:
        text = say("report.source_nothing", meeting=outcome.meeting, steps=steps)
    if outcome.also_voted:
        others = joined((say("report.poll_voters", poll=say.quote(poll_name(snapshot, p, None)),
                             voters=say("count.voters", count=snapshot.results[p.id].voters))
                         for p in outcome.also_voted), say.language, clauses=True)
        text = f"{text} {say('report.also_voted', polls=others)}"
    return Paragraph(text, "source")


def poll_blocks(snapshot: ForumSnapshot, poll: PollRecord, say: Wording, step_title: str | None) -> list[Block]:
    """A vote no output of the playbook accounts for: its title, its results, where it was held."""
    result = snapshot.results[poll.id]
    when = poll.closed_at or poll.opened_at or poll.created_at
    where = say("report.source_vote_only", meeting=poll.meeting_number, step=say.quote(step_title or "–"),
                method=say.method(poll.method), voters=say("count.voters", count=result.voters), date=say.date(when))
    return [Heading(poll_name(snapshot, poll, step_title), 3), result_table(result, say, say("results.option")),
            Paragraph(where, "source")]


def _decimals(method: VotingMethod) -> int:
    return 2 if method is VotingMethod.RATING else 0


def result_table(result: PollResult, say: Wording, option_label: str, caption: str | None = None) -> Table:
    """Rank, option, the method's scores, voters and how many sectors put it in their top 3."""
    method = result.poll.method
    criteria = list(result.poll.params.criteria) if method is VotingMethod.RATING else []
    columns = [say("results.rank"), option_label]
    paper = method is VotingMethod.DOTS and result.paper_voters > 0  # its dots are in the score
    if method is VotingMethod.DOTS:
        columns.append(say(f"results.score_{result.poll.score_unit}"))
        if paper:
            columns.append(say("results.paper_dots"))
    elif method is VotingMethod.RANKING:
        columns += [say("results.score_ranking"), say("report.first_choices")]
    else:
        columns += [say.criterion(c) for c in criteria]
        if "quadrant" in result.table:
            columns.append(say("results.quadrant"))
    sectors = len(result.voters_by_sector)
    columns += [say("results.phone_voters" if paper else "results.voters"), say("report.sectors_in_top")]
    rows = []
    for row in result.table.to_dict("records"):
        cells = [str(row["rank"]), str(row["label"])]
        if method is VotingMethod.DOTS:
            cells.append(say.number(row["score"]))
            if paper:
                cells.append(say.number(row["paper_dots"]))
        elif method is VotingMethod.RANKING:
            cells += [say.number(row["score"]), say.number(row.get("first_choices", 0))]
        else:
            cells += [say.number(row.get(f"mean_{c}"), 2) for c in criteria]
            if "quadrant" in result.table:
                quadrant = row.get("quadrant")
                cells.append(say(f"quadrant.{quadrant}") if isinstance(quadrant, str) else "–")
        cells += [say.number(row["voters"]), f"{int(row['sectors_in_top'])}/{sectors}" if sectors else "–"]
        rows.append(cells)
    scores = [1.9 if name == say("results.quadrant") else 1.3 for name in columns[2:-2]]
    widths = (1.2, 3.8, *scores, 1.4, 1.6)
    return Table(columns, rows, caption=caption, widths=widths)


def result_chart(result: PollResult, say: Wording, rtl: bool) -> Image:
    table = result.table
    png = charts.bar_chart(list(table["label"]), [float(v) for v in table["score"]],
                           axis_label=say(f"results.score_{result.poll.score_unit}"), rtl=rtl,
                           decimals=_decimals(result.poll.method))
    caption = say("report.chart_caption", poll=say.method(result.poll.method))
    bars = joined((f"{label} {say.number(float(score), _decimals(result.poll.method))}"
                   for label, score in zip(table["label"], table["score"], strict=True)), say.language, clauses=True)
    alt = say("report.chart_alt", axis=say(f"results.score_{result.poll.score_unit}"), bars=bars)
    return Image(png, CHART_WIDTH_CM, caption=caption, alt=alt)


def bullets(items: list[Item] | tuple[Item, ...]) -> BulletList:
    return BulletList([item.text for item in items])


def output_blocks(snapshot: ForumSnapshot, outcome: Outcome, say: Wording, *, chart: bool = False,
                  option_label: str | None = None) -> list[Block]:
    """The output's items: a results table (and chart) when voted on, else a list;
    ideas left out of the vote follow; nothing gathered is a placeholder."""
    blocks: list[Block] = []
    if not outcome.items:
        blocks.append(Paragraph(say("report.nothing_gathered", kind=say.kind(outcome.kind)), "placeholder"))
    elif outcome.voted:
        label = option_label or say.kind(outcome.kind).capitalize()
        blocks.append(result_table(outcome.result, say, label))
        if chart:
            blocks.append(result_chart(outcome.result, say, rtl=snapshot.language in RTL_LANGUAGES))
        unranked = [i for i in outcome.items if i.rank is None]
        if unranked:
            blocks += [Paragraph(say("report.not_in_vote", count=len(unranked))), bullets(unranked)]
    else:
        blocks.append(bullets(outcome.items))
        if outcome.ranked:
            blocks.append(Paragraph(say("report.not_voted"), "note"))
    blocks.append(source(snapshot, outcome, say))
    return blocks
