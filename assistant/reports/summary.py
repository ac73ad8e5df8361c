"""The summary of one meeting: attendance, ideas by kind, polls with their results,
and what the meeting decided."""

from __future__ import annotations

from collections import Counter

from assistant.forum.records import PollRecord
from assistant.forum.vocabulary import IdeaKind, IdeaStatus
from assistant.playbook.models import Playbook
from assistant.reports import sections
from assistant.reports.document import Block, BulletList, Document, Heading, KeyValue, Paragraph, Table
from assistant.reports.facts import in_room, meeting_date, sector_table
from assistant.reports.narrative import DataNarrator, Narrator
from assistant.reports.outputs import Outcome, domain_label, meeting_outcomes
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.wording import Wording

DECISION_ITEMS = 3


def meeting_summary(snapshot: ForumSnapshot, playbook: Playbook, number: int,
                    narrator: Narrator | None = None) -> Document:
    return _Summary(snapshot, playbook, number, narrator or DataNarrator()).document()


class _Summary:
    def __init__(self, snapshot: ForumSnapshot, playbook: Playbook, number: int, narrator: Narrator) -> None:
        self.snapshot = snapshot
        self.playbook = playbook
        self.number = number
        self.narrator = narrator
        self.meeting = playbook.meetings[number - 1]
        self.say = Wording(snapshot.language)
        self.domain = domain_label(playbook, snapshot)
        self.found = meeting_outcomes(snapshot, playbook, self.meeting)

    def render(self, text) -> str:
        return text.render(self.snapshot.language, self.domain)

    def document(self) -> Document:
        blocks = [*self.cover(), *self.attendance(), *self.ideas(), *self.polls(), *self.decisions(),
                  *self.notes()]
        return sections.report(self.snapshot, self.say, self.say("summary.title", n=self.number),
                               self.render(self.meeting.title), blocks)

    def cover(self) -> list[Block]:
        say, snapshot = self.say, self.snapshot
        return [
            KeyValue([
                (say("field.forum_title"), snapshot.forum.title),
                (say("field.locality"), snapshot.forum.locality),
                (say("report.domain"), self.domain),
                (say("report.date"), meeting_date(snapshot, self.number, say)),
                (say("report.in_room"), in_room(snapshot, self.number, say)),
                (say("report.took_part"), say.number(len(snapshot.took_part(self.number)))),
                (say("report.ideas"), say.number(len(snapshot.visible(self.number)))),
                (say("report.polls"), say.number(len(snapshot.polls_of(self.number)))),
                (say("report.prepared_on"), say.date(snapshot.taken_at)),
            ]),
            Heading(say("summary.goals"), 1),
            BulletList([self.render(goal) for goal in self.meeting.goals]),
        ]

    def attendance(self) -> list[Block]:
        say = self.say
        people = self.snapshot.took_part(self.number)
        blocks: list[Block] = [Heading(say("summary.attendance"), 1), *self.in_room()]
        blocks.append(Paragraph(say("summary.attendance_text", count=len(people),
                                    joined=len(self.snapshot.participants))))
        if people:
            blocks.append(sector_table(people, self.snapshot, say, say("report.took_part")))
        return blocks + [Paragraph(say("summary.attendance_note"), "note")]

    def in_room(self) -> list[Block]:
        """The facilitator's count of the room, by sector when counted so; else a gap to fill."""
        say = self.say
        counted = self.snapshot.forum.attendance(self.number)
        if counted is None:
            return [Paragraph(say("summary.in_room_missing"), "placeholder")]
        blocks: list[Block] = [Paragraph(say("summary.in_room_text", count=counted.total))]
        if counted.by_sector:
            rows = [[say.sector(sector), say.number(n)] for sector, n in
                    sorted(counted.by_sector.items(), key=lambda item: -item[1])]
            if counted.total > counted.counted_by_sector:
                rows.append([say("summary.sector_not_counted"), say.number(counted.total - counted.counted_by_sector)])
            rows.append([say("report.total"), say.number(counted.total)])
            blocks.append(Table([say("field.sector"), say("report.in_room")], rows, widths=(3, 1),
                                caption=say("summary.in_room_caption")))
        return blocks

    def ideas(self) -> list[Block]:
        say = self.say
        mine = [i for i in self.snapshot.ideas if i.meeting_number == self.number]
        blocks: list[Block] = [Heading(say("summary.ideas"), 1)]
        if not mine:
            return blocks + [Paragraph(say("summary.no_ideas"), "placeholder")]
        counts = Counter((i.kind, i.status) for i in mine)
        kinds = [k for k in IdeaKind if any(i.kind is k for i in mine)]
        blocks.append(Table(
            [say("summary.kind"), *[say(f"summary.status.{s}") for s in IdeaStatus]],
            [[say.kind(k), *[say.number(counts[(k, s)]) for s in IdeaStatus]] for k in kinds],
            caption=say("summary.ideas_caption")))
        from_room = sum(1 for i in mine if i.participant_id is None)
        if from_room:
            blocks.append(Paragraph(say("summary.room_ideas", count=from_room), "note"))
        for kind in kinds:
            visible = self.snapshot.visible(self.number, kind)
            if visible:
                blocks += [Heading(say("summary.kind_heading", kind=say.kind(kind), count=len(visible)), 2),
                           BulletList([i.text for i in visible])]
        return blocks

    def polls(self) -> list[Block]:
        say = self.say
        polls = self.snapshot.polls_of(self.number)
        blocks: list[Block] = [Heading(say("summary.polls"), 1)]
        if not polls:
            return blocks + [Paragraph(say("summary.no_polls"), "note")]
        for poll in polls:
            blocks += self.poll(poll)
        return blocks

    def step_title(self, poll: PollRecord) -> str | None:
        step = self.snapshot.step(poll.step_id)
        found = next((s for s in self.meeting.steps if step is not None and s.id == step.key), None)
        return self.render(found.title) if found else None

    def poll(self, poll: PollRecord) -> list[Block]:
        say = self.say
        result = self.snapshot.results[poll.id]
        step_title = self.step_title(poll)
        name = sections.poll_name(self.snapshot, poll, step_title)
        when = poll.closed_at or poll.opened_at or poll.created_at
        blocks: list[Block] = [
            Heading(name, 2),
            Paragraph(say("summary.poll_line", method=say.method(poll.method),
                          status=say(f"poll_status.{poll.status}"),
                          voters=say("count.voters", count=result.voters),
                          options=say("count.options", count=len(poll.options)), date=say.date(when),
                          step=say.quote(step_title) if step_title else "–"), "source"),
        ]
        if paper := sections.paper_note(result, say):
            blocks.append(Paragraph(paper, "source"))
        if result.voters == 0:
            return blocks + [Paragraph(say("results.no_votes"), "note")]
        blocks.append(sections.result_table(result, say, say("results.option")))
        if result.voters_by_sector:
            top = {}
            for sector in result.voters_by_sector:
                scores = result.by_sector[["label", sector]].sort_values(sector, ascending=False,
                                                                         kind="mergesort")
                best = scores.iloc[0]
                top[sector] = str(best["label"]) if best[sector] > 0 else "–"
            blocks.append(Table(
                [say("field.sector"), say("results.voters"), say("summary.sector_top")],
                [[say.sector(s), say.number(n), top[s]] for s, n in result.voters_by_sector.items()],
                caption=say("results.by_sector"), widths=(1.2, 0.8, 3)))
        return blocks

    def notes(self) -> list[Block]:
        """What the facilitator noted, in the order written, each with its step."""
        say = self.say
        mine = [n for n in self.snapshot.notes if n.meeting_number == self.number]
        if not mine:
            return [Heading(say("summary.notes"), 1), Paragraph(say("summary.no_notes"), "note")]
        titles = {step.id: self.render(step.title) for step in self.meeting.steps}  # by the playbook's key
        keys = {step.id: step.key for step in self.snapshot.forum.steps}  # the stored step's key
        lines = []
        for note in mine:
            title = titles.get(keys.get(note.step_id))
            lines.append(say("summary.note_at", step=title, text=note.text) if title else note.text)
        return [Heading(say("summary.notes"), 1), BulletList(lines)]

    def decision(self, outcome: Outcome) -> str | None:
        say = self.say
        if outcome.voted and outcome.chosen:
            leading = outcome.chosen[:DECISION_ITEMS]
            return say("narrative.separator").join(f"{i.rank}. {i.text}" for i in leading)
        if outcome.items:
            return say("summary.gathered", count=len(outcome.items), kind=say.kind(outcome.kind))
        return None

    def decisions(self) -> list[Block]:
        say = self.say
        rows = [[outcome.title, self.decision(outcome), sections.source(self.snapshot, outcome, say).text]
                for outcome in self.found.values()]
        columns = [say("summary.output"), say("summary.decision"), say("summary.source")]
        blocks: list[Block] = [Heading(say("summary.decisions"), 1),
                               Paragraph(say("summary.decisions_intro")),
                               Table(columns, rows, widths=(1.4, 2.6, 2))]
        narrative = next((o for o in self.found.values() if o.kind is IdeaKind.VISION), None)
        if narrative is not None:
            blocks += list(self.narrator.draft("vision", [i.text for i in narrative.items],
                                               self.snapshot.language,
                                               ids=[i.idea_id for i in narrative.items]) or [])
        return blocks
