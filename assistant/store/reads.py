"""Reads for the pages: each function takes the store, opens one read transaction and returns
records, as `commands` does for every change. Pages hold no database session.

A page that shows several things together (the wall and who sent it, a vote and its ballots)
reads them in one transaction, so that they agree with each other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from assistant.forum.indicators import WORRIES_SHOWN, RoomWorries, over_indicators
from assistant.forum.records import BallotRecord, IdeaRecord, NoteRecord, ParticipantRecord, PollRecord
from assistant.forum.tallies import PollResult, tally
from assistant.forum.vocabulary import IdeaKind, IdeaStatus, VotingMethod
from assistant.store import indicators as indicator_queries
from assistant.store import queries
from assistant.store import teams as team_queries
from assistant.store import work_plan as work_plan_queries
from assistant.store.database import Store

P = ParamSpec("P")
R = TypeVar("R")


def _read(query: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Store, P], R]:
    """`query` (which takes a session) as a read of its own (which takes the store)."""

    @functools.wraps(query)
    def read(store: Store, *args: P.args, **kwargs: P.kwargs) -> R:
        with store.read() as session:
            return query(session, *args, **kwargs)

    return read


get_forum = _read(queries.get_forum)
forum_kind = _read(queries.forum_kind)
indicators = _read(indicator_queries.indicators)
indicator_links = _read(indicator_queries.links)
get_participant = _read(queries.get_participant)
phone_view = _read(queries.phone_view)
participant_count = _read(queries.participant_count)
ideas = _read(queries.ideas)
polls = _read(queries.polls)
notes = _read(queries.notes)
ballot_of = _read(queries.ballot_of)
ballots = _read(queries.ballots)
turnout = _read(queries.turnout)
work_plan = _read(work_plan_queries.work_plan)
teams = _read(team_queries.teams)
team_count = _read(team_queries.team_count)
_phone_mode = _read(queries.phone_mode)
_join_target = _read(queries.join_target)


def phone_mode(store: Store, forum_id: int) -> tuple[tuple[int | None, IdeaKind | None, int | None], float]:
    """What the forum's phones follow (`queries.phone_mode`), read once for all the phones
    this process serves (`Store.shared_read`): every waiting phone asks every few seconds. With
    when that read began: a phone that read its forum itself since knows better. A forum gone
    is read again, and says so, at each ask."""
    return store.shared_read(("mode", forum_id), functools.partial(_phone_mode, store, forum_id))


def join_target(store: Store, code: str) -> queries.JoinTarget | None:
    """The forum a join code names, for the join screen (`Store.shared_read`): a room of
    phones scans one code at once. Joining itself checks the code in its own transaction."""
    return store.shared_read(("join", code), functools.partial(_join_target, store, code))[0]


@dataclass(frozen=True)
class ForumContents:
    """Everything a forum holds, for the manager's overview."""

    participants: list[ParticipantRecord]
    ideas: list[IdeaRecord]
    polls: list[PollRecord]
    notes: list[NoteRecord]


def contents(store: Store, forum_id: int) -> ForumContents:
    with store.read() as session:
        return ForumContents(participants=queries.participants(session, forum_id),
                             ideas=queries.ideas(session, forum_id), polls=queries.polls(session, forum_id),
                             notes=queries.notes(session, forum_id))


def wall(store: Store, forum_id: int, meeting: int) -> tuple[list[IdeaRecord], dict[int, ParticipantRecord]]:
    """A meeting's ideas in every state (the facilitator's wall), and who sent them."""
    with store.read() as session:
        everything = queries.ideas(session, forum_id, meeting=meeting, statuses=tuple(IdeaStatus))
        people = {p.id: p for p in queries.participants(session, forum_id)}
    return everything, people


def own_ideas(store: Store, forum_id: int, participant_id: int, meeting: int,
              statuses: Sequence[IdeaStatus]) -> tuple[list[IdeaRecord], set[int]]:
    """A participant's ideas at a meeting, and which of them a vote is over (no longer theirs to change)."""
    with store.read() as session:
        mine = queries.ideas(session, forum_id, participant_id=participant_id, meeting=meeting,
                             statuses=tuple(statuses))
        return mine, queries.ideas_in_polls(session, forum_id, [i.id for i in mine])


def result(store: Store, forum_id: int, poll: PollRecord | int) -> PollResult:
    """A vote's results: its ballots (paper included) tallied, by sector too."""
    with store.read() as session:
        if isinstance(poll, int):
            poll = queries.get_poll(session, forum_id, poll)
        return tally(poll, queries.ballots(session, forum_id, poll.id), queries.participants(session, forum_id))


def last_closed(store: Store, forum_id: int, meeting: int) -> tuple[PollRecord | None, tuple]:
    """The meeting's vote closed last, and the key of its paper slips (whose change means new results)."""
    with store.read() as session:
        poll = queries.last_closed_poll(session, forum_id, meeting)
        slips = queries.paper_ballots_key(session, poll.id) if poll and poll.method is not VotingMethod.DOTS else ()
    return poll, slips


@dataclass(frozen=True)
class PollPanel:
    """What the console's votes tab shows: the meeting's ideas to build a vote from, every
    vote, and how many ballots each has (and how many of them on paper)."""

    ideas: list[IdeaRecord]
    polls: list[PollRecord]
    cast: dict[int, int]
    on_paper: dict[int, int]


def poll_panel(store: Store, forum_id: int, meeting: int) -> PollPanel:
    with store.read() as session:
        return PollPanel(ideas=queries.ideas(session, forum_id, meeting=meeting),
                         polls=queries.polls(session, forum_id),
                         cast=queries.ballot_counts(session, forum_id),
                         on_paper=queries.ballot_counts(session, forum_id, paper_only=True))


def polls_and_running(store: Store, forum_id: int) -> tuple[list[PollRecord], PollRecord | None]:
    """Every vote of the forum, and the one open now (if any)."""
    with store.read() as session:
        return queries.polls(session, forum_id), queries.active_poll(session, forum_id)


def screen(store: Store, forum_id: int, meeting: int) -> tuple[list[PollRecord], PollRecord | None, list[IdeaRecord]]:
    """What the projector chooses from: every vote, the open one, and the meeting's ideas."""
    with store.read() as session:
        return (queries.polls(session, forum_id), queries.active_poll(session, forum_id),
                queries.ideas(session, forum_id, meeting=meeting))


def paper_slips(store: Store, forum_id: int, poll_id: int) -> list[BallotRecord]:
    """The slips typed in for a vote at the console."""
    return [b for b in ballots(store, forum_id, poll_id) if b.on_paper]


def room_worries(store: Store, forum_id: int, top: int = WORRIES_SHOWN) -> RoomWorries | None:
    """The room's latest vote over the situation picture's indicators that anyone voted in, its
    leading indicators first (None before there is one)."""
    with store.read() as session:
        stored = [item.indicator for item in indicator_queries.indicators(session, forum_id)]
        names = {i.name for i in stored}
        people = None
        for poll in reversed(queries.polls(session, forum_id)):
            if not over_indicators(poll, names):
                continue
            people = people if people is not None else queries.participants(session, forum_id)
            result = tally(poll, queries.ballots(session, forum_id, poll.id), people)
            if result.voters:
                return RoomWorries.of(poll, result.voters, result.leaders(top), stored)
    return None
