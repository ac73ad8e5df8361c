"""A focus area's trail: what in the forum led to it, for the team formed around it.

The focus area itself (the action arena the room chose, with its place in the vote), the
ideas merged into it, and the challenges, strengths, commitments and tasks that read like it
(the same matching the work plan's draft uses), each with its meeting, its step and the vote
that ranked it; and the situation picture's indicators linked to any of them. Inverted, the
trail tells a participant what became of each idea they sent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.forum.indicators import Indicator
from assistant.forum.records import IdeaRecord
from assistant.forum.teams import Suggestion, Team, team_of_area
from assistant.forum.vocabulary import IdeaKind, IdeaStatus
from assistant.playbook.models import Playbook
from assistant.reports.outputs import outcomes
from assistant.reports.seed import assign
from assistant.reports.snapshot import ForumSnapshot

# Outputs whose ideas a focus area's trail gathers, in the order the trail shows them.
TRAIL_KINDS = (IdeaKind.CHALLENGE, IdeaKind.STRENGTH, IdeaKind.COMMITMENT, IdeaKind.TASK)


@dataclass(frozen=True)
class TrailItem:
    idea: IdeaRecord
    why: str  # "area" (the focus area itself), "merged" (merged into it) or "matched" (reads like it)
    rank: int | None = None  # in the vote over its output, if any
    of: int | None = None  # options in that vote
    step_key: str | None = None


@dataclass(frozen=True)
class Trail:
    title: str
    idea_id: int | None
    items: tuple[TrailItem, ...]
    indicators: tuple[Indicator, ...] = ()


def _ranks(snapshot: ForumSnapshot, playbook: Playbook) -> dict[int, tuple[int, int]]:
    """Idea id -> (its rank, options) in the vote over its output."""
    found: dict[int, tuple[int, int]] = {}
    for outcome in outcomes(snapshot, playbook).values():
        for item in outcome.items:
            if item.idea_id is not None and item.rank is not None and (item.score or 0) > 0:
                found.setdefault(item.idea_id, (item.rank, len(outcome.items)))
    return found


def _item(snapshot: ForumSnapshot, ranks: dict[int, tuple[int, int]], idea: IdeaRecord, why: str) -> TrailItem:
    rank = ranks.get(idea.id)
    step = snapshot.step(idea.step_id)
    return TrailItem(idea=idea, why=why, rank=rank[0] if rank else None, of=rank[1] if rank else None,
                     step_key=step.key if step else None)


def trails(snapshot: ForumSnapshot, playbook: Playbook, areas: Sequence[tuple[str, int | None]]) -> list[Trail]:
    """Each focus area's trail, for `areas` as (title, idea id)."""
    if not areas:
        return []
    ranks = _ranks(snapshot, playbook)
    by_id = {i.id: i for i in snapshot.ideas}
    visible = [i for i in snapshot.ideas if i.status is IdeaStatus.VISIBLE and i.kind in TRAIL_KINDS]
    own = {idea_id for _, idea_id in areas if idea_id is not None}
    candidates = [i for i in visible if i.id not in own]
    matched = assign([title for title, _ in areas], [i.text for i in candidates])
    order = {kind: n for n, kind in enumerate(TRAIL_KINDS)}
    found = []
    for index, (title, idea_id) in enumerate(areas):
        items: list[TrailItem] = []

        if idea_id is not None and idea_id in by_id:
            items.append(_item(snapshot, ranks, by_id[idea_id], "area"))
            items += [_item(snapshot, ranks, idea, "merged") for idea in snapshot.ideas if idea.merged_into_id == idea_id]
        for idea, where in sorted(zip(candidates, matched, strict=True),
                                  key=lambda pair: (order[pair[0].kind], pair[0].meeting_number, pair[0].id)):
            if where == index:
                items.append(_item(snapshot, ranks, idea, "matched"))
                items += [_item(snapshot, ranks, merged, "merged") for merged in snapshot.ideas
                          if merged.merged_into_id == idea.id]
        names = {name for item in items for name in snapshot.indicator_links.get(item.idea.id, ())}
        found.append(Trail(title=title, idea_id=idea_id, items=tuple(items),
                           indicators=tuple(i for i in snapshot.indicators if i.name in names)))
    return found


@dataclass(frozen=True)
class Fate:
    """What became of one idea a participant sent."""

    idea: IdeaRecord
    merged_into: IdeaRecord | None  # the idea it was merged into, if it was
    focus_area: str | None  # the focus area whose trail it is on
    team: Team | None  # the team formed around that focus area


def fates(snapshot: ForumSnapshot, playbook: Playbook, participant_id: int,
          areas: Sequence[tuple[str, int | None]]) -> list[Fate]:
    """Each idea the participant sent (withdrawn ones left out), newest first: merged into what,
    on which focus area's trail, in which team's plan."""
    return all_fates(snapshot, playbook, areas).get(participant_id, [])


def all_fates(snapshot: ForumSnapshot, playbook: Playbook,
              areas: Sequence[tuple[str, int | None]]) -> dict[int, list[Fate]]:
    """`fates` of every participant who sent an idea, by participant id: the trails are drawn once
    for the whole room."""
    by_id = {i.id: i for i in snapshot.ideas}
    on_trail: dict[int, int] = {}
    for index, trail in enumerate(trails(snapshot, playbook, areas)):
        for item in trail.items:
            on_trail.setdefault(item.idea.id, index)
    found: dict[int, list[Fate]] = {}
    for idea in sorted((i for i in snapshot.ideas if i.participant_id is not None
                        and i.status is not IdeaStatus.WITHDRAWN), key=lambda i: -i.id):
        into = by_id.get(idea.merged_into_id) if idea.merged_into_id is not None else None
        index = on_trail.get(idea.id)
        if index is None and into is not None:
            index = on_trail.get(into.id)
        title, area_idea = areas[index] if index is not None else (None, None)
        team = team_of_area(snapshot.teams, title, area_idea) if title is not None else None
        found.setdefault(idea.participant_id, []).append(Fate(idea=idea, merged_into=into, focus_area=title,
                                                              team=team))
    return found


def team_areas(snapshot: ForumSnapshot) -> list[tuple[str, int | None]]:
    """The teams' focus areas as (title, idea id)."""
    return [(team.name, team.idea_id) for team in snapshot.teams]


def suggestions(snapshot: ForumSnapshot, trail: Trail, team: Team | None = None) -> list[Suggestion]:
    """Forum participants who took part in the team's focus area, most involved first: who sent
    an idea on its trail (counted twice) or gave it a vote; members already in the team left out."""
    ideas = {item.idea.id for item in trail.items}
    sent = Counter(item.idea.participant_id for item in trail.items if item.idea.participant_id is not None)
    votes: Counter[int] = Counter()
    for poll in snapshot.polls:
        options = {o.id for o in poll.options if o.idea_id in ideas}
        if not options:
            continue
        for ballot in snapshot.ballots.get(poll.id, ()):
            if ballot.participant_id is not None and any(e.option_id in options and e.value > 0
                                                         for e in ballot.entries):
                votes[ballot.participant_id] += 1
    members = {m.participant_id for m in team.members} if team else set()
    people = {p.id: p for p in snapshot.participants}
    found = [Suggestion(participant_id=pid, name=people[pid].display_name, sector=people[pid].sector,
                        ideas=sent.get(pid, 0), votes=votes.get(pid, 0))
             for pid in set(sent) | set(votes) if pid in people and pid not in members]
    return sorted(found, key=lambda s: (-s.weight, s.participant_id))
