"""What each meeting produced, per playbook output: its ideas, the poll that ranked
them and the steps they came from (so every statement can name its source).

An output of kind K in meeting M gathers the visible ideas of kind K sent in M. Its
poll is the one run at the playbook's vote step for it; failing that, the latest poll
of M whose options are all ideas of kind K. Ranked items follow the poll (what people
voted on); ideas sent but left out of the poll follow, unranked.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assistant.forum.records import PollRecord
from assistant.forum.tallies import PollResult
from assistant.forum.vocabulary import IdeaKind, PollStatus
from assistant.playbook.models import Action, Meeting, Output, Playbook
from assistant.reports.snapshot import ForumSnapshot


@dataclass(frozen=True)
class Item:
    text: str
    idea_id: int | None = None
    rank: int | None = None
    score: float | None = None
    result: dict[str, Any] | None = None  # the poll's row for this option


@dataclass(frozen=True)
class StepRef:
    id: str
    title: str


@dataclass(frozen=True)
class Outcome:
    key: str
    meeting: int
    meeting_title: str
    title: str
    kind: IdeaKind
    ranked: bool
    collected_at: tuple[StepRef, ...]
    voted_at: StepRef | None
    poll: PollRecord | None
    result: PollResult | None
    items: tuple[Item, ...]
    also_voted: tuple[PollRecord, ...] = ()  # other votes held on this output's items, oldest first

    @property
    def voted(self) -> bool:
        return self.result is not None and self.result.voters > 0

    @property
    def chosen(self) -> tuple[Item, ...]:
        """Options that got any support in the vote, best first."""
        return tuple(i for i in self.items if i.rank is not None and (i.score or 0) > 0)


def domain_label(playbook: Playbook, snapshot: ForumSnapshot) -> str:
    return playbook.domains[snapshot.forum.domain].get(snapshot.language)


def _say(playbook: Playbook, snapshot: ForumSnapshot):
    label = domain_label(playbook, snapshot)
    return lambda text: text.render(snapshot.language, label)


def polls_for(snapshot: ForumSnapshot, meeting: int, steps: set[str], kind: IdeaKind) -> list[PollRecord]:
    """Every vote of `meeting` held on this output: at one of its `steps` (where it is gathered
    or voted on), or over ideas of its kind only. Oldest first."""
    ideas = {i.id: i.kind for i in snapshot.ideas}
    found = []
    for poll in snapshot.polls_of(meeting):
        if snapshot.over_indicators(poll):  # the situation picture's own vote
            continue
        at_step = _step_key(snapshot, poll) in steps
        of_kind = bool(poll.options) and all(o.idea_id is not None and ideas.get(o.idea_id) is kind
                                             for o in poll.options)
        if at_step or of_kind:
            found.append(poll)
    return sorted(found, key=lambda p: p.id)


def find_poll(snapshot: ForumSnapshot, meeting: int, vote_step: str | None,
              kind: IdeaKind, steps: set[str] | None = None) -> PollRecord | None:
    """The vote an output's results come from: the latest closed one (else the latest) held at
    its vote step, else on its steps or ideas."""
    candidates = polls_for(snapshot, meeting, set(steps or ()) | ({vote_step} if vote_step else set()), kind)
    at_step = [p for p in candidates if vote_step and _step_key(snapshot, p) == vote_step]
    for group in (at_step, candidates):
        if group:
            closed = [p for p in group if p.status is PollStatus.CLOSED]
            return max(closed or group, key=lambda p: p.id)
    return None


def _step_key(snapshot: ForumSnapshot, poll: PollRecord) -> str | None:
    step = snapshot.step(poll.step_id)
    return step.key if step else None


def _items(snapshot: ForumSnapshot, meeting: int, kind: IdeaKind,
           result: PollResult | None) -> tuple[Item, ...]:
    items: list[Item] = []
    polled: set[int] = set()
    if result is not None:
        for row in result.table.to_dict("records"):
            idea = row["idea_id"]
            idea_id = None if idea is None or (isinstance(idea, float) and math.isnan(idea)) else int(idea)  # a typed option
            polled.add(idea_id)
            ranked = result.voters > 0
            items.append(Item(text=str(row["label"]), idea_id=idea_id,
                              rank=int(row["rank"]) if ranked else None,
                              score=float(row["score"]) if ranked else None, result=row if ranked else None))
    items += [Item(text=i.text, idea_id=i.id) for i in snapshot.visible(meeting, kind) if i.id not in polled]
    return tuple(items)


def meeting_outcomes(snapshot: ForumSnapshot, playbook: Playbook, meeting: Meeting) -> dict[str, Outcome]:
    say = _say(playbook, snapshot)
    found = {}
    for output in meeting.outputs:
        found[output.key] = _outcome(snapshot, meeting, output, say)
    return found


def _outcome(snapshot: ForumSnapshot, meeting: Meeting, output: Output, say) -> Outcome:
    makers = [s for s in meeting.steps if output.key in s.outputs]
    collected = tuple(StepRef(s.id, say(s.title)) for s in makers if s.phone.action is Action.COLLECT)
    vote = next((StepRef(s.id, say(s.title)) for s in makers if s.phone.action is Action.VOTE), None)
    steps = {s.id for s in makers}
    # Every vote held on the output counts, ranked in the playbook or not: a room that voted on
    # its principles has voted, and the agenda says so.
    held = [p for p in polls_for(snapshot, meeting.number, steps, output.kind) if snapshot.results[p.id].voters]
    poll = find_poll(snapshot, meeting.number, vote.id if vote else None, output.kind, steps)
    if held and (poll is None or not snapshot.results[poll.id].voters):
        poll = held[-1]
    result = snapshot.results[poll.id] if poll else None
    return Outcome(key=output.key, meeting=meeting.number, meeting_title=say(meeting.title),
                   title=say(output.title), kind=output.kind, ranked=output.ranked, collected_at=collected,
                   voted_at=vote, poll=poll, result=result,
                   items=_items(snapshot, meeting.number, output.kind, result),
                   also_voted=tuple(p for p in held if poll is None or p.id != poll.id))


def outcomes(snapshot: ForumSnapshot, playbook: Playbook) -> dict[str, Outcome]:
    """Every playbook output of the four meetings, by output key."""
    found: dict[str, Outcome] = {}
    for meeting in playbook.meetings:
        found.update(meeting_outcomes(snapshot, playbook, meeting))
    return found


def other_votes(snapshot: ForumSnapshot, found: Mapping[str, Outcome], meeting: int) -> list[PollRecord]:
    """The votes of `meeting` that people voted in and no output of the playbook accounts for
    (a vote at a step that gathers nothing, over typed options): each still has its place."""
    accounted = {p.id for o in found.values() for p in ((o.poll,) if o.poll else ()) + o.also_voted}
    return [p for p in snapshot.polls_of(meeting) if p.id not in accounted and snapshot.results[p.id].voters]
