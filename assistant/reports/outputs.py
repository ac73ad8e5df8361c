"""What each meeting produced, per playbook output: its ideas, the poll that ranked
them and the steps they came from (so every statement can name its source).

An output of kind K in meeting M gathers the visible ideas of kind K sent in M. Its
poll is the one run at the playbook's vote step for it; failing that, the latest poll
of M whose options are all ideas of kind K. Ranked items follow the poll (what people
voted on); ideas sent but left out of the poll follow, unranked.
"""

from __future__ import annotations

import math
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


def find_poll(snapshot: ForumSnapshot, meeting: int, vote_step: str | None,
              kind: IdeaKind) -> PollRecord | None:
    polls = snapshot.polls_of(meeting)
    at_step = [p for p in polls if vote_step and _step_key(snapshot, p) == vote_step]
    ideas = {i.id: i.kind for i in snapshot.ideas}
    of_kind = [p for p in polls if p.options and all(o.idea_id is not None and ideas.get(o.idea_id) is kind
                                                     for o in p.options)]
    for candidates in (at_step, of_kind):
        if candidates:
            closed = [p for p in candidates if p.status is PollStatus.CLOSED]
            return max(closed or candidates, key=lambda p: p.id)
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
    poll = None
    if output.ranked:
        poll = find_poll(snapshot, meeting.number, vote.id if vote else None, output.kind)
    result = snapshot.results[poll.id] if poll else None
    return Outcome(key=output.key, meeting=meeting.number, meeting_title=say(meeting.title),
                   title=say(output.title), kind=output.kind, ranked=output.ranked, collected_at=collected,
                   voted_at=vote, poll=poll, result=result,
                   items=_items(snapshot, meeting.number, output.kind, result))


def outcomes(snapshot: ForumSnapshot, playbook: Playbook) -> dict[str, Outcome]:
    """Every playbook output of the four meetings, by output key."""
    found: dict[str, Outcome] = {}
    for meeting in playbook.meetings:
        found.update(meeting_outcomes(snapshot, playbook, meeting))
    return found
