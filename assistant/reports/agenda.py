"""The shared agenda (אג'נדה משותפת): what the forum agreed on over its four meetings,
each section naming the meeting, step and poll it comes from."""

from __future__ import annotations

from assistant.forum.vocabulary import VotingMethod
from assistant.i18n import joined
from assistant.playbook.models import Playbook
from assistant.reports import charts, sections
from assistant.reports.document import (
    RTL_LANGUAGES,
    Block,
    BulletList,
    Document,
    Heading,
    Image,
    KeyValue,
    PageBreak,
    Paragraph,
    Table,
)
from assistant.reports.facts import forum_dates, meetings_held, meetings_table, sector_table
from assistant.reports.indicators import dashboard_blocks, situation_blocks, worry_polls
from assistant.reports.narrative import DataNarrator, Narrator
from assistant.reports.outputs import Outcome, domain_label, other_votes, outcomes
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.wording import Wording

FOCUS_AREAS_RECOMMENDED = (4, 6)  # shared topics a shared agenda agrees on, per the method
TEAM_SIZE = (10, 15)


def focus_advice(count: int, recommended: tuple[int, int] = FOCUS_AREAS_RECOMMENDED) -> str:
    """How the number of chosen focus areas compares with the method's 4-6."""
    low, high = recommended
    return "within" if low <= count <= high else "fewer" if count < low else "more"


def shared_agenda(snapshot: ForumSnapshot, playbook: Playbook, narrator: Narrator | None = None) -> Document:
    return _Agenda(snapshot, playbook, narrator or DataNarrator()).document()


class _Agenda:
    def __init__(self, snapshot: ForumSnapshot, playbook: Playbook, narrator: Narrator) -> None:
        self.snapshot = snapshot
        self.playbook = playbook
        self.narrator = narrator
        self.say = Wording(snapshot.language)
        self.found = outcomes(snapshot, playbook)
        self.rtl = snapshot.language in RTL_LANGUAGES

    def document(self) -> Document:
        say, forum = self.say, self.snapshot.forum
        blocks = [*self.cover(), *self.meeting_1(), *self.meeting_2(), *self.meeting_3(), *self.meeting_4(),
                  *self.next_steps(), *dashboard_blocks(self.snapshot, self.say, self.playbook)]
        return sections.report(self.snapshot, say, say("agenda.title"),
                               f"{forum.locality} · {domain_label(self.playbook, self.snapshot)}", blocks)

    # Pieces ---------------------------------------------------------------------

    def narrative(self, kind: str, outcome: Outcome) -> list[Block]:
        return list(self.narrator.draft(kind, [i.text for i in outcome.items], self.snapshot.language,
                                        ids=[i.idea_id for i in outcome.items]) or [])

    def heading(self, number: int) -> Heading:
        meeting = self.playbook.meetings[number - 1]
        title = meeting.title.render(self.snapshot.language, domain_label(self.playbook, self.snapshot))
        return Heading(self.say("report.meeting_heading", n=number, title=title), 1)

    def output(self, key: str, *, chart: bool = False, narrative: str | None = None) -> list[Block]:
        outcome = self.found[key]
        blocks: list[Block] = [Heading(outcome.title, 2)]
        if narrative:
            blocks += self.narrative(narrative, outcome)
        return blocks + sections.output_blocks(self.snapshot, outcome, self.say, chart=chart)

    # Sections -------------------------------------------------------------------

    def cover(self) -> list[Block]:
        say, snapshot = self.say, self.snapshot
        held = meetings_held(snapshot)
        facts = KeyValue([
            (say("field.forum_title"), snapshot.forum.title),
            (say("field.locality"), snapshot.forum.locality),
            (say("report.domain"), domain_label(self.playbook, snapshot)),
            (say("report.dates"), forum_dates(snapshot, say)),
            (say("report.participants"), say.number(len(snapshot.participants))),
            (say("report.meetings_held"), say("report.meetings_held_value", count=len(held),
                                                   meetings=joined(map(str, held), say.language) or "–")),
            (say("report.prepared_on"), say.date(snapshot.taken_at)),
        ])
        return [
            facts,
            Paragraph(say("agenda.intro")),
            Heading(say("report.participants_by_sector"), 2),
            sector_table([p.id for p in snapshot.participants], snapshot, say, say("report.participants")),
            Heading(say("report.meetings"), 2),
            meetings_table(snapshot, self.playbook, say),
            PageBreak(),
        ]

    def other_votes(self, number: int) -> list[Block]:
        """The meeting's votes no output accounts for: every vote held has its place."""
        shown = {p.id for p in worry_polls(self.snapshot)}  # in the situation picture's section
        polls = [p for p in other_votes(self.snapshot, self.found, number) if p.id not in shown]
        if not polls:
            return []
        meeting = self.playbook.meetings[number - 1]
        label = domain_label(self.playbook, self.snapshot)
        titles = {step.id: step.title.render(self.snapshot.language, label) for step in meeting.steps}
        blocks: list[Block] = [Heading(self.say("agenda.other_votes"), 2)]
        for poll in polls:
            step = self.snapshot.step(poll.step_id)
            blocks += sections.poll_blocks(self.snapshot, poll, self.say, titles.get(step.key) if step else None)
        return blocks

    def meeting_1(self) -> list[Block]:
        return [self.heading(1), *self.output("shared_concept", narrative="shared_concept"),
                *self.output("local_principles"), *self.output("leading_skills"), *self.other_votes(1)]

    def meeting_2(self) -> list[Block]:
        return [self.heading(2), *situation_blocks(self.snapshot, self.say),
                *self.output("situation_highlights", narrative="situation"),
                *self.output("prioritised_challenges", chart=True), *self.other_votes(2)]

    def meeting_3(self) -> list[Block]:
        say = self.say
        strengths, challenges = self.found["strengths"], self.found["prioritised_challenges"]
        blocks: list[Block] = [self.heading(3), *self.output("strengths")]
        ranked = [i for i in challenges.items if i.rank is not None] or list(challenges.items)
        if ranked:
            blocks += [
                Paragraph(say("agenda.strengths_against_challenges")),
                Table([say("agenda.challenge"), say("agenda.strengths_to_use")],
                      [[item.text, None] for item in ranked],
                      caption=say("agenda.strengths_table_caption", count=len(strengths.items))),
                sections.source(self.snapshot, challenges, say),
            ]
        return blocks + [*self.output("vision", narrative="vision"), *self.output("working_principles"),
                         *self.other_votes(3)]

    def meeting_4(self) -> list[Block]:
        return [self.heading(4), *self.focus_areas(), *self.tasks(), *self.commitments(), *self.other_votes(4)]

    def focus_areas(self) -> list[Block]:
        say, outcome = self.say, self.found["focus_areas"]
        low, high = FOCUS_AREAS_RECOMMENDED
        blocks: list[Block] = [Heading(say("agenda.focus_areas"), 2)]
        if outcome.voted:
            count = len(outcome.chosen)
            advice = say(f"agenda.focus_count_{focus_advice(count)}", count=count, low=low, high=high)
            blocks.append(Paragraph(advice))
            blocks.append(BulletList([item.text for item in outcome.chosen]))
        else:
            blocks.append(Paragraph(say("agenda.focus_not_voted", low=low, high=high), "note"))
        return blocks + sections.output_blocks(self.snapshot, outcome, say)

    def tasks(self) -> list[Block]:
        say, outcome = self.say, self.found["tasks"]
        blocks = self.output("tasks")
        result = outcome.result
        if outcome.voted and result.poll.method is VotingMethod.RATING and "quadrant" in result.table:
            points = [(str(row["rank"]), row["mean_feasibility"], row["mean_impact"])
                      for row in result.table.to_dict("records") if row.get("quadrant")]
            png = charts.matrix_chart(points, x_label=say("criterion.feasibility"),
                                      y_label=say("criterion.impact"),
                                      scale=result.poll.params.scale, rtl=self.rtl)
            placed = joined((say("agenda.matrix_point", rank=rank, impact=say.number(impact, 2),
                                   feasibility=say.number(feasibility, 2)) for rank, feasibility, impact in points),
                            say.language, clauses=True)
            blocks.insert(-1, Image(png, 11, caption=say("agenda.matrix_caption"),
                                    alt=say("agenda.matrix_alt", points=placed)))
        roadmap = BulletList([say(f"agenda.roadmap_{n}") for n in (1, 2, 3, 4)])
        blocks += [Heading(say("agenda.roadmap"), 3), roadmap]
        return blocks

    def commitments(self) -> list[Block]:
        outcome = self.found["commitments"]
        blocks: list[Block] = [Heading(outcome.title, 2), *self.narrative("commitments", outcome)]
        if outcome.items:
            by_idea = {i.id: i for i in self.snapshot.ideas}
            lines = []
            for item in outcome.items:
                idea = by_idea.get(item.idea_id)
                sector = self.snapshot.sector_of(idea.participant_id) if idea else None
                lines.append(self.say("agenda.commitment_by", text=item.text, sector=self.say.sector(sector))
                             if sector else item.text)
            blocks.append(BulletList(lines))
        else:
            blocks.append(Paragraph(self.say("report.nothing_gathered", kind=self.say.kind(outcome.kind)),
                                    "placeholder"))
        return blocks + [sections.source(self.snapshot, outcome, self.say)]

    def next_steps(self) -> list[Block]:
        say = self.say
        low, high = TEAM_SIZE
        areas = self.found["focus_areas"].chosen or self.found["focus_areas"].items
        rows = [[item.text, None, None, None] for item in areas] or [[None, None, None, None]]
        return [
            PageBreak(),
            Heading(say("agenda.next_steps"), 1),
            Paragraph(say("agenda.next_teams", low=low, high=high)),
            Paragraph(say("agenda.next_plan")),
            Paragraph(say("agenda.next_adoption")),
            Table([say("agenda.focus_area"), say("agenda.team_lead"),
                   say("agenda.team_members", low=low, high=high), say("agenda.first_meeting")],
                  rows, caption=say("agenda.teams_caption"), widths=(2.4, 1.8, 1.8, 1.4)),
        ]
