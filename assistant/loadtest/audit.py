"""What the database holds after a load test, compared with what the phones
sent and what the pages confirmed. `reconcile_*` are pure; `read_back` reads
the store."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from assistant.errors import ForumError
from assistant.forum.vocabulary import IdeaStatus
from assistant.store import commands, queries
from assistant.store.database import Store


@dataclass(frozen=True)
class IdeaCounts:
    expected: int
    stored: int        # rows of the participants' ideas
    lost: int          # sent ideas with no row
    duplicated: int    # rows beyond the first for one participant's text
    acked_missing: int  # confirmed on the page, not in the database


@dataclass(frozen=True)
class BallotCounts:
    expected: int
    stored: int
    lost: int           # participants with no ballot
    mismatched: int     # a ballot other than the one sent
    acked_missing: int


def reconcile_ideas(expected: Mapping[str, Sequence[str]], rows: Iterable[tuple[str, str]],
                    acked: Mapping[str, Sequence[str]]) -> IdeaCounts:
    """`expected` and `acked`: texts by participant; `rows`: (participant, text) in the database."""
    found = Counter(rows)
    wanted = {(who, text) for who, texts in expected.items() for text in texts}
    return IdeaCounts(
        expected=sum(len(texts) for texts in expected.values()),
        stored=sum(found.values()),
        lost=sum(1 for pair in wanted if not found[pair]),
        duplicated=sum(n - 1 for n in found.values() if n > 1),
        acked_missing=sum(1 for who, texts in acked.items() for text in texts if not found[(who, text)]),
    )


def reconcile_ballots(expected: int, sent: Mapping[str, Mapping[int, int]],
                      stored: Mapping[str, Mapping[int, int]], acked: Iterable[str]) -> BallotCounts:
    """`sent` and `stored`: {option id: dots} by participant; `acked`: participants whose page confirmed."""
    return BallotCounts(
        expected=expected,
        stored=len(stored),
        lost=expected - sum(1 for who in stored if who in sent),
        mismatched=sum(1 for who, ballot in stored.items() if dict(ballot) != dict(sent.get(who, {}))),
        acked_missing=sum(1 for who in acked if who not in stored),
    )


@dataclass(frozen=True)
class Expectation:
    """One phone: its link token, the ideas it meant to send, what was confirmed."""

    token: str
    ideas: tuple[str, ...]
    ideas_acked: tuple[str, ...]
    ballot: Mapping[int, int]
    ballot_acked: bool


def _who(store: Store, forum_id: int, token: str) -> int | None:
    if not token:
        return None
    try:
        found = commands.authenticate(store, token)
    except ForumError:
        return None
    return found.participant_id if found.forum_id == forum_id else None


def read_back(store: Store, forum_id: int, poll_id: int | None,
              phones: Sequence[Expectation]) -> tuple[IdeaCounts, BallotCounts]:
    """Counts from the database. Phones are told apart by their tokens; a phone
    that never got one is keyed by its position, so its ideas count as lost."""
    ids = {n: _who(store, forum_id, p.token) for n, p in enumerate(phones)}
    key = {n: str(pid) if pid is not None else f"unjoined-{n}" for n, pid in ids.items()}
    with store.read() as session:
        ideas = queries.ideas(session, forum_id, statuses=tuple(IdeaStatus))
        ballots = queries.ballots(session, forum_id, poll_id) if poll_id is not None else []
    rows = [(str(i.participant_id), i.text) for i in ideas]
    idea_counts = reconcile_ideas({key[n]: p.ideas for n, p in enumerate(phones)}, rows,
                                  {key[n]: p.ideas_acked for n, p in enumerate(phones)})
    stored = {str(b.participant_id): {e.option_id: e.value for e in b.entries} for b in ballots if not b.on_paper}
    ballot_counts = reconcile_ballots(
        len(phones), {key[n]: p.ballot for n, p in enumerate(phones) if p.ballot}, stored,
        [key[n] for n, p in enumerate(phones) if p.ballot_acked])
    return idea_counts, ballot_counts
