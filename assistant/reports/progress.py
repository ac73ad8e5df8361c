"""The progress report for the local steering forum (מינהלת) and steering committee: per
team, each target planned against actual at its control points with its computed status,
what was measured since the last report, and what the team's own meetings decided since."""

from __future__ import annotations

from datetime import date

from assistant.forum.indicators import format_value
from assistant.forum.teams import ON_TRACK, TargetStatus, statuses
from assistant.playbook.models import Playbook
from assistant.reports import sections
from assistant.reports.document import (
    Block,
    BulletList,
    Document,
    Heading,
    KeyValue,
    PageBreak,
    Paragraph,
    Table,
)
from assistant.reports.outputs import domain_label
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.teams import progress_chart, targets_table, team_facts
from assistant.reports.wording import Wording

SUMMARY_STATUSES = (TargetStatus.ON_TRACK, TargetStatus.AT_RISK, TargetStatus.BEHIND, TargetStatus.NOT_MEASURED)


def progress_report(snapshot: ForumSnapshot, playbook: Playbook, since: date | None = None) -> Document:
    """`since`: the day of the last report (measurements recorded and meetings' decisions taken
    from it on are listed as new); by default the forum's (`ForumSnapshot.reported_since`)."""
    since = since or snapshot.reported_since
    say = Wording(snapshot.language)
    today = snapshot.taken_at.date()
    teams = snapshot.teams
    counted = statuses(teams, today)
    blocks: list[Block] = [
        KeyValue([(say("field.forum_title"), snapshot.forum.title), (say("field.locality"), snapshot.forum.locality),
                  (say("report.prepared_on"), say.date(snapshot.taken_at)),
                  (say("progress.since"), say.date(since) if since else say("progress.since_start")),
                  (say("progress.teams"), say.number(len(teams))),
                  (say("progress.targets"), say.number(sum(len(t.targets) for t in teams)))]),
        Paragraph(say("progress.intro", share=round(ON_TRACK * 100))),
    ]
    if not teams:
        blocks.append(Paragraph(say("progress.no_teams"), "placeholder"))
        return sections.report(snapshot, say, say("progress.title"), _subtitle(snapshot, playbook), blocks)
    blocks += [Heading(say("progress.summary"), 1), _summary(teams, say, today)]
    if counted:
        blocks.append(Paragraph(say("progress.summary_line", **{s.value: counted.get(s, 0) for s in TargetStatus}),
                                "note"))
    chart = progress_chart(teams, say, named=True)
    if chart is not None:
        blocks.append(chart)
    for team in teams:
        blocks += [PageBreak(), Heading(team.name, 1), team_facts(team, say), Heading(say("teams.targets"), 2),
                   targets_table(team, say, today)]
        new = [(target, point) for target in team.targets for point in target.points
               if point.measured_on is not None and (since is None or point.measured_on >= since)]
        blocks.append(Heading(say("progress.new_measures"), 2))
        if new:
            blocks.append(BulletList([
                say("progress.measure_line", target=target.name, value=format_value(point.actual, target.unit),
                    planned=format_value(point.planned, target.unit), day=say.date(point.measured_on))
                + (f" ({point.note})" if point.note else "") for target, point in new]))
        else:
            blocks.append(Paragraph(say("progress.no_new_measures"), "note"))
        decided = [d for d in team.decisions if since is None or (d.on is not None and d.on >= since)]
        blocks.append(Heading(say("progress.decisions"), 2))
        if decided:
            blocks.append(BulletList([decision_line(d, say) for d in decided]))
        else:
            blocks.append(Paragraph(say("progress.no_decisions" if team.meetings_forum_id else "progress.no_meetings"),
                                    "note"))
    return sections.report(snapshot, say, say("progress.title"), _subtitle(snapshot, playbook), blocks)


def decision_line(decision, say: Wording) -> str:
    """"Meeting 2 (12.03.2027): Ranking the targets: 1. ..., 2. ... (9 voted)" or a note."""
    when = f" ({say.date(decision.on)})" if decision.on else ""
    if not decision.leaders:
        return say("progress.note_line", meeting=decision.meeting, when=when, text=decision.title)
    leaders = say("narrative.separator").join(f"{n}. {label}" for n, label in enumerate(decision.leaders, 1))
    return say("progress.decision_line", meeting=decision.meeting, when=when, title=decision.title,
               leaders=leaders, voters=say("count.voters", count=decision.voters))


def _subtitle(snapshot: ForumSnapshot, playbook: Playbook) -> str:
    return f"{snapshot.forum.locality} · {domain_label(playbook, snapshot)}"


def _summary(teams, say: Wording, today: date) -> Table:
    rows = []
    for team in teams:
        counted = statuses([team], today)
        rows.append((team.name, team.lead_name, say.number(len(team.targets)),
                     *(say.number(counted.get(s, 0)) for s in SUMMARY_STATUSES)))
    columns = [say("teams.col.team"), say("teams.lead"), say("progress.targets"),
               *(say(f"teams.status.{s}") for s in SUMMARY_STATUSES)]
    return Table(columns, rows, widths=(3, 2.4, 1.2, 1.2, 1.2, 1.2, 1.4))
