"""The situation picture in the documents: the forum's indicators as a table (with each gap
and source), a chart of the locality against each comparison, and which indicators the room
found most worrying (a vote over the indicators, `worry_polls`); and the locality's dashboard:
the indicators by age stage, each its baseline and the target the work plan sets for it."""

from __future__ import annotations

from assistant.forum.indicators import by_domain_and_stage, by_stage, cells, plan_targets
from assistant.forum.records import PollRecord
from assistant.forum.vocabulary import MobilityDomain
from assistant.i18n import isolate
from assistant.playbook.models import Playbook
from assistant.reports import charts, sections
from assistant.reports.document import RTL_LANGUAGES, Block, Heading, Image, PageBreak, Paragraph, Table
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.wording import Wording


def worry_polls(snapshot: ForumSnapshot) -> list[PollRecord]:
    """Votes over the indicators (every option an indicator's name) that people voted in."""
    return [p for p in snapshot.polls if snapshot.over_indicators(p) and snapshot.results[p.id].voters]


def _compared(row: dict[str, str]) -> str:
    """"20% (יישובים דומים)": the comparison with what it is."""
    return f"{row['comparison']} ({row['compared_to']})" if row["comparison"] and row["compared_to"] \
        else row["comparison"]


def indicator_table(snapshot: ForumSnapshot, say: Wording) -> Table:
    rows = []
    for i in snapshot.indicators:
        row = cells(i, say)
        rows.append((row["name"], row["stage"], row["value"], _compared(row),
                     isolate(row["gap"]) if row["gap"] else "",  # "-3%", not "3%-"
                     row["year"], row["source"]))
    columns = [say(f"indicators.col.{c}") for c in ("name", "stage", "value", "comparison", "gap", "year", "source")]
    return Table(columns, rows, widths=(2.8, 1.5, 1.8, 1.8, 1, 0.8, 2.6))


def comparison_chart(snapshot: ForumSnapshot, say: Wording) -> Image | None:
    """Each indicator with a comparison: the locality's value as a share of it (100 = the same)."""
    compared = [i for i in snapshot.indicators if i.comparison not in (None, 0)]
    if not compared:
        return None
    values = [round(i.value / i.comparison * 100, 1) for i in compared]
    axis = say("indicators.chart_axis")
    png = charts.bar_chart([i.name for i in compared], values, axis_label=axis,
                           rtl=snapshot.language in RTL_LANGUAGES, decimals=0, reference=100)
    bars = say("narrative.separator").join(f"{i.name} {say.number(v, 0)}" for i, v in zip(compared, values, strict=True))
    return Image(png, sections.CHART_WIDTH_CM, caption=say("indicators.chart_caption"),
                 alt=say("report.chart_alt", axis=axis, bars=bars))


def situation_blocks(snapshot: ForumSnapshot, say: Wording) -> list[Block]:
    """The section, or nothing for a forum without indicators."""
    if not snapshot.indicators:
        return []
    blocks: list[Block] = [Heading(say("indicators.title"), 2), indicator_table(snapshot, say)]
    chart = comparison_chart(snapshot, say)
    if chart is not None:
        blocks += [chart, *_sources([i for i in snapshot.indicators if i.comparison not in (None, 0)], say)]
    linked = [(idea, snapshot.indicator_links[idea.id]) for idea in snapshot.ideas
              if idea.id in snapshot.indicator_links]
    if linked:
        blocks += [Heading(say("indicators.links_title"), 3),
                   Table([say("indicators.link_challenge"), say("indicators.link_indicators")],
                         [(idea.text, ", ".join(names)) for idea, names in linked],
                         widths=(3, 2))]
    for poll in worry_polls(snapshot):
        result = snapshot.results[poll.id]
        blocks += [Heading(say("indicators.worried_heading"), 3),
                   sections.result_table(result, say, say("indicators.col.name")),
                   Paragraph(say("indicators.worried_source", meeting=poll.meeting_number,
                                 voters=say("count.voters", count=result.voters)), "source")]
    return blocks


def continuum_chart(snapshot: ForumSnapshot, say: Wording) -> Image | None:
    """The percentages along the continuum from birth to employment, in its order, each bar
    named with its age stage (none when fewer than two indicators are percentages)."""
    shares = [(stage, i) for stage, group in by_stage(snapshot.indicators) for i in group if i.unit == "%"]
    if len(shares) < 2:
        return None
    labels = [f"{say(f'indicators.stage.{stage}')}: {i.name}" if stage else i.name for stage, i in shares]
    values = [i.value for _, i in shares]
    axis = say("indicators.continuum_axis")
    decimals = 0 if all(v == int(v) for v in values) else 1
    png = charts.bar_chart(labels, values, axis_label=axis, rtl=snapshot.language in RTL_LANGUAGES, decimals=decimals)
    bars = say("narrative.separator").join(f"{label} {say.number(v, decimals)}"
                                           for label, v in zip(labels, values, strict=True))
    return Image(png, sections.CHART_WIDTH_CM, caption=say("indicators.continuum_caption"),
                 alt=say("report.chart_alt", axis=axis, bars=bars))


def _dashboard_rows(group, targets, say: Wording) -> list[tuple[str, ...]]:
    rows = []
    for i in group:
        row = cells(i, say)
        target = targets[id(i)]
        rows.append((i.name, row["value"] + (f" ({row['year']})" if row["year"] else ""), _compared(row),
                     target.text if target else say("indicators.no_target"), target.focus_area if target else ""))
    return rows


def dashboard_blocks(snapshot: ForumSnapshot, say: Wording, playbook: Playbook) -> list[Block]:
    """The locality's dashboard as a page: by mobility domain when there are several, by age
    stage, each indicator's baseline (the locality's value and its year), its comparison, and
    the target the work plan sets for it with its focus area; nothing without indicators."""
    if not snapshot.indicators:
        return []
    targets = dict(zip(map(id, snapshot.indicators), plan_targets(snapshot.work_plan, snapshot.indicators),
                       strict=True))
    columns = [say(f"indicators.col.{c}") for c in ("name", "baseline", "comparison", "target", "focus_area")]
    blocks: list[Block] = [PageBreak(), Heading(say("indicators.dashboard"), 1),
                           Paragraph(say("indicators.dashboard_intro", set=sum(1 for t in targets.values() if t),
                                         count=len(targets)))]
    grouped = by_domain_and_stage(snapshot.indicators)
    for domain, stages in grouped:
        if len(grouped) > 1:
            blocks.append(Heading(playbook.domains[MobilityDomain(domain)].get(snapshot.language) if domain
                                  else say("indicators.no_domain"), 2))
        for stage, group in stages:
            blocks += [Heading(say(f"indicators.stage.{stage}") if stage else say("indicators.general"), 3),
                       Table(columns, _dashboard_rows(group, targets, say), widths=(3, 1.8, 1.8, 2.2, 2.2))]
    chart = continuum_chart(snapshot, say)
    if chart is not None:
        blocks.append(chart)
    return blocks + _sources(snapshot.indicators, say)


def _sources(indicators, say: Wording) -> list[Block]:
    """One line naming where the figures come from (each source once), if any says."""
    sources = list(dict.fromkeys(i.source for i in indicators if i.source))
    return [Paragraph(say("indicators.source_line", source=say("narrative.separator").join(sources)), "source")
            ] if sources else []
