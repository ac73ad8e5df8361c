"""The professional teams in the documents: a team's targets planned against actual, its
investment map, and the locality's investment map summed across teams."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.forum.indicators import format_value
from assistant.forum.teams import Team, progress
from assistant.forum.teams import investment_map as summed
from assistant.playbook.cards import domain_label
from assistant.playbook.models import Playbook
from assistant.reports import charts, sections
from assistant.reports.document import RTL_LANGUAGES, Block, Heading, Image, KeyValue, Paragraph, Table
from assistant.reports.wording import Wording

TARGET_WIDTHS = (3, 1.6, 1.6, 1.6, 1.6, 1.8)
INVESTMENT_WIDTHS = (2.2, 2.2, 1.6, 3)


def domain_name(playbook: Playbook, domain: str | None, say: Wording) -> str:
    return domain_label(playbook, domain, say.language) if domain else say("teams.no_domain")


def team_facts(team: Team, say: Wording) -> KeyValue:
    sectors = sorted({m.sector for m in team.members})
    return KeyValue([
        (say("teams.lead"), team.lead_name),
        (say("teams.members"), say("teams.members_count", count=len(team.members),
                                   sectors=say("narrative.separator").join(say.sector(s) for s in sectors))
         if team.members else None),
        (say("teams.plan_start"), say.date(team.plan_start) if team.plan_start else None),
    ])


def targets_table(team: Team, say: Wording, today: date) -> Table:
    """Per target, each control point: planned, actual and its status (a point not yet due
    and not measured says so)."""
    rows: list[tuple[str | None, ...]] = []
    for target in team.targets:
        name = f"{target.name} ({say('teams.baseline_short', value=format_value(target.baseline, target.unit))}"
        name += f", {target.baseline_year})" if target.baseline_year else ")"
        if not target.points:
            rows.append((name, None, None, None, None, say("teams.no_points")))
        for n, point in enumerate(target.points):
            status = say(f"teams.status.{target.point_status(point, today)}")
            rows.append((name if n == 0 else "", say.date(point.due), format_value(point.planned, target.unit),
                         format_value(point.actual, target.unit) if point.actual is not None else "–",
                         say.date(point.measured_on) if point.measured_on else "", status))
    if not rows:
        rows.append((None, None, None, None, None, None))
    columns = [say(f"teams.col.{c}") for c in ("target", "due", "planned", "actual", "measured_on", "status")]
    return Table(columns, rows, widths=TARGET_WIDTHS)


def progress_chart(teams: Sequence[Team], say: Wording, *, named: bool) -> Image | None:
    """Each measured target's share of its planned change reached at its latest measure, against
    the line of 100% (on plan); none when nothing was measured."""
    bars = []
    for team in teams:
        for target in team.targets:
            latest = target.latest_measured()
            share = progress(target.baseline, latest.planned, latest.actual) if latest else None
            if share is not None:
                bars.append((f"{team.name}: {target.name}" if named else target.name, share))
    if not bars:
        return None
    axis = say("teams.progress_axis")
    png = charts.bar_chart([label for label, _ in bars], [max(v, 0.0) for _, v in bars], axis_label=axis,
                           rtl=say.language in RTL_LANGUAGES, reference=100)
    text = say("narrative.separator").join(f"{label} {say.number(v)}%" for label, v in bars)
    return Image(png, sections.CHART_WIDTH_CM, caption=say("teams.progress_caption"),
                 alt=say("report.chart_alt", axis=axis, bars=text))


def investment_table(lines, playbook: Playbook, say: Wording) -> Table:
    rows = [(domain_name(playbook, i.domain, say),
             say(f"indicators.stage.{i.age_stage}") if i.age_stage else say("indicators.general"),
             say.number(i.amount), i.note or "") for i in lines] or [(None, None, None, None)]
    columns = [say(f"teams.col.{c}") for c in ("domain", "stage", "amount", "note")]
    return Table(columns, rows, widths=INVESTMENT_WIDTHS)


def team_blocks(team: Team, playbook: Playbook, say: Wording, today: date) -> list[Block]:
    """A focus area's team in the work plan: who, its targets and control points, its investments."""
    blocks: list[Block] = [Heading(say("teams.team_heading", name=team.name), 2), team_facts(team, say),
                           Heading(say("teams.targets"), 3), targets_table(team, say, today)]
    chart = progress_chart([team], say, named=False)
    if chart is not None:
        blocks.append(chart)
    blocks += [Heading(say("teams.investments"), 3), investment_table(team.investments, playbook, say)]
    if team.investments:
        blocks.append(Paragraph(say("teams.budget_total", amount=say.number(team.budget)), "source"))
    return blocks


def locality_investments(teams: Sequence[Team], playbook: Playbook, say: Wording) -> list[Block]:
    """The locality's investment map: every team's budget by domain and age stage, with a chart
    along the continuum from birth to employment."""
    totals = summed(teams)
    if not totals:
        return []
    rows = [(domain_name(playbook, domain, say),
             say(f"indicators.stage.{stage}") if stage else say("indicators.general"), say.number(amount))
            for (domain, stage), amount in totals.items()]
    rows.append((say("teams.total"), "", say.number(sum(totals.values()))))
    blocks: list[Block] = [Heading(say("teams.locality_investments"), 1),
                           Paragraph(say("teams.locality_investments_intro", teams=len(teams))),
                           Table([say(f"teams.col.{c}") for c in ("domain", "stage", "amount")], rows,
                                 widths=(2.4, 2.4, 1.6))]
    by_stage: dict[str, float] = {}
    for (_, stage), amount in totals.items():
        label = say(f"indicators.stage.{stage}") if stage else say("indicators.general")
        by_stage[label] = by_stage.get(label, 0.0) + amount
    if len(by_stage) > 1:
        axis = say("teams.amount_axis")
        png = charts.bar_chart(list(by_stage), list(by_stage.values()), axis_label=axis,
                               rtl=say.language in RTL_LANGUAGES)
        text = say("narrative.separator").join(f"{k} {say.number(v)}" for k, v in by_stage.items())
        blocks.append(Image(png, sections.CHART_WIDTH_CM, caption=say("teams.by_stage_caption"),
                            alt=say("report.chart_alt", axis=axis, bars=text)))
    return blocks
