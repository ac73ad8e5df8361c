"""The collective work plan (תכנית עבודה קולקטיבית), one chapter per focus area: the
logic model, the five social infrastructures, the operational table, the implementation
timeline by quarter and the control points. Missing cells say "to complete"."""

from __future__ import annotations

from dataclasses import replace

from assistant.forum.teams import team_of_area
from assistant.forum.work_plan import (
    INFRASTRUCTURES,
    LOGIC_FIELDS,
    SECTIONS,
    FocusArea,
    WorkPlan,
    quarter_index,
    quarter_of,
)
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
from assistant.reports.outputs import domain_label, outcomes
from assistant.reports.seed import seed_plan, unassigned_tasks
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.teams import locality_investments, team_blocks
from assistant.reports.wording import Wording

TIMELINE_QUARTERS = 6  # quarters shown in a focus area's timeline
ACTIVE = "■"
OPERATIONAL_WIDTHS = (2.8, 2.2, 2.2, 2.8, 2.2, 1.9)
CONTROL_WIDTHS = (2, 3, 2.4, 2)


def plan_for(snapshot: ForumSnapshot, playbook: Playbook) -> WorkPlan:
    """The saved plan, else a draft seeded from the forum's data."""
    return snapshot.work_plan or seed_plan(snapshot, playbook)


def collective_work_plan(snapshot: ForumSnapshot, playbook: Playbook,
                         plan: WorkPlan | None = None, team_id: int | None = None) -> Document:
    """The whole plan, each focus area with its team's part; with `team_id`, that team's part
    alone (its focus area, targets and investments), for the team to download."""
    plan = plan or plan_for(snapshot, playbook)
    if team_id is not None:
        team = next((t for t in snapshot.teams if t.id == team_id), None)
        if team is None:
            raise KeyError(f"no team {team_id}")
        areas = tuple(a for a in plan.focus_areas if team_of_area((team,), a.title, a.idea_id) is team)
        plan = replace(plan, focus_areas=areas or (FocusArea(title=team.name, idea_id=team.idea_id),))
        snapshot = replace(snapshot, teams=(team,))
    return _Plan(snapshot, playbook, plan, team_only=team_id is not None).document()


def timeline_quarters(rows, first_quarter: int, count: int = TIMELINE_QUARTERS) -> list[int]:
    """Quarter numbers (see `quarter_index`) the timeline shows: from the earliest start
    in the rows (else `first_quarter`), `count` of them."""
    starts = [quarter_index(row["start"]) for row in rows if row.get("start")]
    begin = min(starts) if starts else first_quarter
    return list(range(begin, begin + count))


class _Plan:
    def __init__(self, snapshot: ForumSnapshot, playbook: Playbook, plan: WorkPlan, team_only: bool = False) -> None:
        self.team_only = team_only
        self.snapshot = snapshot
        self.playbook = playbook
        self.plan = plan
        self.say = Wording(snapshot.language)
        self.arenas = outcomes(snapshot, playbook)["focus_areas"]

    def document(self) -> Document:
        say, forum = self.say, self.snapshot.forum
        blocks: list[Block] = [*self.cover()]
        if not self.plan.focus_areas:
            blocks += [Heading(say("plan.no_focus_areas"), 1),
                       Paragraph(say("plan.no_focus_areas_hint"), "placeholder")]
        for number, area in enumerate(self.plan.focus_areas, start=1):
            blocks += self.focus_area(number, area)
        if self.snapshot.teams and not self.team_only:
            investments = locality_investments(self.snapshot.teams, self.playbook, say)
            blocks += [PageBreak(), *investments] if investments else []
        blocks += [] if self.team_only else self.appendix()
        title = say("plan.title")
        if self.team_only:
            title = say("teams.part_title", name=self.snapshot.teams[0].name)
        return sections.report(self.snapshot, say, title,
                               f"{forum.locality} · {domain_label(self.playbook, self.snapshot)}", blocks)

    def cover(self) -> list[Block]:
        say, snapshot, plan = self.say, self.snapshot, self.plan
        status = say("plan.status_seed")
        if plan.saved:
            status = say("plan.status_saved", revision=plan.revision, date=say.date(plan.updated_at))
        return [
            KeyValue([
                (say("field.forum_title"), snapshot.forum.title),
                (say("field.locality"), snapshot.forum.locality),
                (say("report.domain"), domain_label(self.playbook, snapshot)),
                (say("plan.status"), status),
                (say("plan.focus_count"), say.number(len(plan.focus_areas))),
                (say("report.prepared_on"), say.date(snapshot.taken_at)),
            ]),
            Paragraph(say("plan.intro")),
            Paragraph(say("plan.placeholders_note"), "note"),
            Heading(say("plan.principles"), 2),
            BulletList([say(f"plan.principle_{n}") for n in (1, 2, 3, 4)]),
            PageBreak(),
        ]

    def focus_source(self, area: FocusArea) -> Paragraph:
        say = self.say
        item = next((i for i in self.arenas.items if area.idea_id is not None and i.idea_id == area.idea_id),
                    None)
        if item is not None and item.rank is not None:
            return Paragraph(say("plan.focus_source_ranked", rank=item.rank, count=len(self.arenas.items),
                                 poll=sections.source(self.snapshot, self.arenas, say).text), "source")
        return Paragraph(say("plan.focus_source_team"), "source")

    def focus_area(self, number: int, area: FocusArea) -> list[Block]:
        say = self.say
        blocks: list[Block] = [] if number == 1 else [PageBreak()]
        blocks += [
            Heading(say("plan.focus_heading", n=number, title=area.title), 1),
            self.focus_source(area),
            Heading(say("plan.logic_model"), 2),
            Paragraph(say("plan.logic_intro")),
            KeyValue([(say(f"plan.logic.{name}"), area.logic[name]) for name in LOGIC_FIELDS]),
            Heading(say("plan.infrastructures"), 2),
            Paragraph(say("plan.infrastructures_intro")),
            Table([say("plan.infrastructure"), say("plan.infrastructure_actions")],
                  [[say(f"plan.infra.{name}"), area.infrastructures[name]] for name in INFRASTRUCTURES],
                  widths=(1, 1.6)),
            Heading(say("plan.operational"), 2),
            self.rows_table("operational", area, OPERATIONAL_WIDTHS),
            Heading(say("plan.timeline"), 2),
            self.timeline(area),
            Heading(say("plan.control"), 2),
            Paragraph(say("plan.control_intro")),
            self.rows_table("control", area, CONTROL_WIDTHS),
        ]
        team = team_of_area(self.snapshot.teams, area.title, area.idea_id)
        if team is not None:
            blocks += team_blocks(team, self.playbook, say, self.snapshot.taken_at.date())
        return blocks

    def rows_table(self, section: str, area: FocusArea, widths) -> Table:
        names = SECTIONS[section]
        rows = [[row[name] for name in names] for row in area.rows(section)] or [[None] * len(names)]
        return Table([self.say(f"plan.{section}.{name}") for name in names], rows, widths=widths)

    def timeline(self, area: FocusArea) -> Table:
        say = self.say
        moment = self.snapshot.taken_at
        quarters = timeline_quarters(area.timeline, moment.year * 4 + (moment.month - 1) // 3)
        rows = []
        for row in area.timeline or ({"action": None, "owner": None, "start": None, "end": None},):
            start = quarter_index(row["start"]) if row["start"] else None
            end = quarter_index(row["end"]) if row["end"] else start
            if start is None:
                when = None
            elif end == start:
                when = row["start"]
            else:
                when = say("plan.quarter_range", first=row["start"], last=row["end"])
            marks = [ACTIVE if start is not None and start <= q <= end else "" for q in quarters]
            rows.append([row["action"], row["owner"], when, *marks])
        columns = [say("plan.timeline.action"), say("plan.timeline.owner"), say("plan.timeline.when"),
                   *[f"Q{q % 4 + 1} {q // 4}" for q in quarters]]
        return Table(columns, rows, caption=say("plan.timeline_caption", first=quarter_of(quarters[0]),
                                                last=quarter_of(quarters[-1])),
                     widths=(3.2, 1.8, 1.8, *[1] * len(quarters)))

    def appendix(self) -> list[Block]:
        say = self.say
        left = unassigned_tasks(self.snapshot, self.playbook, self.plan)
        if not left:
            return []
        tasks = outcomes(self.snapshot, self.playbook)["tasks"]
        return [PageBreak(), Heading(say("plan.appendix"), 1), Paragraph(say("plan.appendix_intro")),
                BulletList([item.text for item in left]), sections.source(self.snapshot, tasks, say)]
