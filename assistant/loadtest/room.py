"""The facilitator's side of a load test, through the same store commands the
console uses: a fresh forum on meeting 2's action-arena collection, then the
dot vote on the arenas the room sent. Also the ballot each phone casts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from assistant.forum.plan import MeetingPlan
from assistant.forum.records import PollParams, PollRecord
from assistant.forum.vocabulary import IdeaKind, VotingMethod
from assistant.store import commands, queries
from assistant.store.database import Store

# Meeting 2 of the playbook: the room sends action arenas, then spreads dots over them.
COLLECT_STEP = "m2-action-arenas"
VOTE_STEP = "m2-arenas-vote"
DEFAULT_OPTIONS = 8


@dataclass(frozen=True)
class Room:
    forum_id: int
    join_code: str
    facilitator_token: str
    kind: IdeaKind
    vote_step_id: int
    vote_spec: dict


def _step(plan: Sequence[MeetingPlan], key: str):
    for meeting in plan:
        for step in meeting.steps:
            if step.key == key:
                return step
    raise ValueError(f"the playbook has no step {key!r}")


def open_room(store: Store, plan: Sequence[MeetingPlan], *, language: str = "he",
              title: str | None = None, participants: int | None = None) -> Room:
    """Create a forum and open idea collection at meeting 2's action-arena step; with
    `participants`, the forum takes that many (as a facilitator raises the cap for a big room)."""
    collect, vote = _step(plan, COLLECT_STEP), _step(plan, VOTE_STEP)
    dots = vote.phone.get("poll", {}).get("method") == VotingMethod.DOTS
    if collect.phone.get("action") != "collect" or not dots:
        raise ValueError(f"{COLLECT_STEP} must collect and {VOTE_STEP} must be a dot vote")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    created = commands.create_forum(store, title=title or f"בדיקת עומס {stamp}", locality="בדיקת עומס",
                                    domain="stem", language=language, plan=plan)
    if participants:
        commands.set_participant_cap(store, created.forum.id, participants)
    steps = {s.key: s for s in created.forum.steps}
    commands.go_to_step(store, created.forum.id, steps[COLLECT_STEP].id)
    kind = IdeaKind(collect.phone["kind"])
    commands.open_collection(store, created.forum.id, kind)
    return Room(forum_id=created.forum.id, join_code=created.forum.join_code,
                facilitator_token=created.facilitator_token, kind=kind,
                vote_step_id=steps[VOTE_STEP].id, vote_spec=dict(vote.phone["poll"]))


def spread(items: Sequence, k: int) -> list:
    """k items evenly spaced through the sequence (all of them when k >= len)."""
    if k >= len(items):
        return list(items)
    return [items[(i * len(items)) // k] for i in range(k)]


def open_vote(store: Store, room: Room, *, options: int = DEFAULT_OPTIONS) -> PollRecord:
    """Move to the vote step and open a dot vote over `options` of the room's ideas."""
    commands.go_to_step(store, room.forum_id, room.vote_step_id)
    with store.read() as session:
        ideas = queries.ideas(session, room.forum_id, meeting=2, kind=room.kind)
    chosen = spread(ideas, options)
    params = {"budget": room.vote_spec.get("budget", 3), "cap": room.vote_spec.get("cap", 1)}
    return commands.create_poll(store, room.forum_id, title="בחירת זירות הפעולה", method=VotingMethod.DOTS,
                                idea_ids=[i.id for i in chosen], params=params, open_now=True)


def dots_for(index: int, option_ids: Sequence[int], params: PollParams) -> dict[int, int]:
    """Participant `index`'s dots: the whole budget, at most `cap` per option,
    starting at a different option for each participant. Always a valid ballot."""
    n = len(option_ids)
    ballot: dict[int, int] = {}
    left = min(params.budget, params.cap * n)
    position = index % n
    while left:
        oid = option_ids[position % n]
        give = min(params.cap - ballot.get(oid, 0), left)
        if give > 0:
            ballot[oid] = ballot.get(oid, 0) + give
            left -= give
        position += 1
    return ballot
