"""The facilitators' run sheet of one meeting, to print and bring to the room: its goals and
outputs, what earlier meetings decided that it builds on, the run of show, and for each
step what to do and say, tips, what the phones show and the guide's words behind it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.forum.vocabulary import VotingMethod
from assistant.i18n import joined
from assistant.playbook.flow import Slot, inputs_for, run_of_show
from assistant.playbook.models import Action, Meeting, Playbook, Step
from assistant.reports import sections
from assistant.reports.document import (
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
from assistant.reports.facts import meeting_date
from assistant.reports.outputs import Item, Outcome, domain_label, meeting_outcomes
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.wording import Wording

INPUT_ITEMS = 8  # of an earlier output, the sheet lists this many and counts the rest
QR_WIDTH_CM = 5.0


@dataclass(frozen=True)
class JoinDetails:
    """How phones join: the code, the link its QR code (PNG) holds, and the shorter
    address a phone that cannot scan types before the code."""

    code: str
    url: str
    address: str
    qr_png: bytes | None = None


def run_sheet(snapshot: ForumSnapshot, playbook: Playbook, number: int, *,
              titles: Mapping[str, str] | None = None, join: JoinDetails | None = None) -> Document:
    """The run sheet of meeting `number` in the forum's language; `titles` name the guide's
    documents by id (the id stands in for a missing one)."""
    return _RunSheet(snapshot, playbook, number, titles or {}, join).document()


class _RunSheet:
    def __init__(self, snapshot: ForumSnapshot, playbook: Playbook, number: int,
                 titles: Mapping[str, str], join: JoinDetails | None) -> None:
        self.snapshot = snapshot
        self.playbook = playbook
        self.meeting: Meeting = playbook.meetings[number - 1]
        self.titles = titles
        self.join = join
        self.say = Wording(snapshot.language)
        self.domain = domain_label(playbook, snapshot)
        self.slots = run_of_show(self.meeting)
        self.outputs = {o.key: (self.meeting.number, self.render(o.title)) for o in self.meeting.outputs}
        for given in inputs_for(playbook, number):
            self.outputs[given.output.key] = (given.meeting, self.render(given.output.title))

    def render(self, text) -> str:
        return text.render(self.snapshot.language, self.domain)

    def document(self) -> Document:
        number = self.meeting.number
        blocks = [*self.cover(), *self.joining(), *self.inputs(), *self.run_of_show(), PageBreak()]
        for position, (slot, step) in enumerate(zip(self.slots, self.meeting.steps, strict=True), start=1):
            blocks += self.step(position, slot, step)
        return sections.report(self.snapshot, self.say, self.say("runsheet.title", n=number),
                               self.render(self.meeting.title), blocks)

    def cover(self) -> list[Block]:
        say, forum, meeting = self.say, self.snapshot.forum, self.meeting
        pairs = [
            (say("field.forum_title"), forum.title),
            (say("field.locality"), forum.locality),
            (say("report.domain"), self.domain),
            (say("report.date"), meeting_date(self.snapshot, meeting.number, say)),
            (say("runsheet.length"), say("runsheet.length_value", minutes=meeting.total_minutes,
                                     steps=len(meeting.steps))),
        ]
        if self.join is not None:
            pairs.append((say("runsheet.join_code"), self.join.code))
        pairs.append((say("report.prepared_on"), say.date(self.snapshot.taken_at)))
        outputs = [say("runsheet.output_ranked", title=self.render(o.title)) if o.ranked else self.render(o.title)
                   for o in meeting.outputs]
        return [KeyValue(pairs),
                Heading(say("summary.goals"), 1), BulletList([self.render(g) for g in meeting.goals]),
                Heading(say("runsheet.outputs"), 1), BulletList(outputs)]

    def joining(self) -> list[Block]:
        if self.join is None:
            return []
        say = self.say
        blocks: list[Block] = [Heading(say("runsheet.join"), 1),
                               Paragraph(say("runsheet.join_text", code=self.join.code, address=self.join.address))]
        if self.join.qr_png:
            blocks.append(Image(self.join.qr_png, QR_WIDTH_CM, alt=say("join.qr_alt", url=self.join.url)))
        return blocks

    def inputs(self) -> list[Block]:
        given = inputs_for(self.playbook, self.meeting.number)
        if not given:
            return []
        say = self.say
        blocks: list[Block] = [Heading(say("runsheet.inputs"), 1), Paragraph(say("runsheet.inputs_intro"))]
        found: dict[int, dict[str, Outcome]] = {}  # by earlier meeting, each read once
        for item in given:
            if item.meeting not in found:
                found[item.meeting] = meeting_outcomes(self.snapshot, self.playbook,
                                                       self.playbook.meetings[item.meeting - 1])
            outcome = found[item.meeting][item.output.key]
            blocks += [Heading(say("runsheet.input_heading", title=self.render(item.output.title), n=item.meeting), 2),
                       *self.input_items(outcome)]
        return blocks

    def input_items(self, outcome: Outcome) -> list[Block]:
        say = self.say
        if not outcome.items:
            return [Paragraph(say("runsheet.input_missing", n=outcome.meeting), "placeholder")]
        items: tuple[Item, ...] = outcome.chosen if outcome.voted else outcome.items
        lines = [f"{i.rank}. {i.text}" if outcome.voted else i.text for i in items[:INPUT_ITEMS]]
        blocks: list[Block] = [BulletList(lines)]
        if len(items) > INPUT_ITEMS:
            blocks.append(Paragraph(say("runsheet.input_more", count=len(items) - INPUT_ITEMS), "note"))
        return [*blocks, sections.source(self.snapshot, outcome, say)]

    def run_of_show(self) -> list[Block]:
        say = self.say
        rows = []
        for position, (slot, step) in enumerate(zip(self.slots, self.meeting.steps, strict=True), start=1):
            rows.append([str(position), say("runsheet.span", start=slot.offset, end=slot.offset + slot.minutes),
                         self.render(step.title), self.phones(step), self.produces(step) or "–"])
        columns = [say("runsheet.position"), say("runsheet.minutes"), say("runsheet.step"), say("runsheet.phones"),
                   say("runsheet.produces")]
        return [Heading(say("runsheet.run_of_show"), 1),
                Table(columns, rows, widths=(0.6, 1.2, 3.6, 1.8, 2.4),
                      caption=say("runsheet.run_of_show_caption", minutes=self.meeting.total_minutes))]

    def phones(self, step: Step) -> str:
        say, phone = self.say, step.phone
        if phone.action is Action.COLLECT:
            return say("runsheet.phone.collect", kind=say.kind(phone.kind))
        if phone.action is Action.VOTE:
            return say("runsheet.phone.vote", method=say.method(phone.poll.method))
        return say(f"runsheet.phone.{phone.action.value}")

    def without_phones(self, step: Step) -> str | None:
        """What people without a phone do at a step where the phones send or vote."""
        say, phone = self.say, step.phone
        if phone.action is Action.COLLECT:
            return say("runsheet.paper.collect", tab=say("console.tab_ideas"), form=say("console.room_ideas"))
        if phone.action is not Action.VOTE:
            return None
        poll, where = phone.poll, {"tab": say("console.tab_polls"), "form": say("console.paper")}
        if poll.method is VotingMethod.DOTS:
            return say("runsheet.paper.dots", budget=poll.dots, cap=poll.cap, **where)
        if poll.method is VotingMethod.RANKING:
            return say("runsheet.paper.ranking", top_n=poll.top_n, **where)
        criteria = joined([self.render(c.label) for c in poll.criteria], self.snapshot.language)
        return say("runsheet.paper.rating", criteria=criteria, **where)

    def produces(self, step: Step) -> str:
        return self.say("narrative.separator").join(self.outputs[key][1] for key in step.outputs)

    def step(self, position: int, slot: Slot, step: Step) -> list[Block]:
        say = self.say
        phones = self.phones(step)
        if step.phone.prompt is not None:
            prompt = self.render(step.phone.prompt)
            phones = prompt if step.phone.action is Action.WAIT else say("runsheet.phone_prompt", action=phones,
                                                                          prompt=prompt)
        pairs = [(say("runsheet.when"), say("runsheet.when_value", start=slot.offset, end=slot.offset + slot.minutes,
                                        count=step.minutes)),
                 (say("runsheet.goal"), self.render(step.goal)),
                 (say("runsheet.you_do"), self.render(step.facilitator)),
                 (say("runsheet.phones"), phones)]
        if (paper := self.without_phones(step)) is not None:
            pairs.append((say("runsheet.without_phones"), paper))
        if step.uses:
            pairs.append((say("runsheet.uses"), say("narrative.separator").join(
                say("runsheet.output_of", title=self.outputs[key][1], n=self.outputs[key][0]) for key in step.uses)))
        if step.outputs:
            pairs.append((say("runsheet.produces"), self.produces(step)))
        return [Heading(say("runsheet.step_heading", n=position, title=self.render(step.title)), 2),
                KeyValue(pairs),
                Paragraph(say("runsheet.you_say"), "body"), Paragraph(self.render(step.script), "note"),
                Paragraph(say("runsheet.tips")), BulletList([self.render(tip) for tip in step.tips]),
                *[Paragraph(say("runsheet.evidence", document=self.titles.get(e.document, e.document),
                                quote=say.quote(e.quote)), "source") for e in step.evidence]]
