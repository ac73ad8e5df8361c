"""tally() against a plain-Python reference on seeded random polls: every method, by
sector, consensus and ties (the pandas code is vectorised; this is what it must equal)."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime

import pytest

from assistant.forum.ballots import poll_params
from assistant.forum.records import BallotEntry, BallotRecord, ParticipantRecord, PollOptionRecord, PollRecord
from assistant.forum.tallies import tally
from assistant.forum.vocabulary import PollStatus, Sector, VotingMethod

NOW = datetime(2026, 11, 21, tzinfo=UTC)
CRITERIA = (("impact", "feasibility"), ("impact", "feasibility", "urgency"), ("support",))
METHODS = (VotingMethod.DOTS, VotingMethod.RANKING, VotingMethod.RATING)


def random_poll(seed: int):
    """A poll, its ballots, the participants and a consensus top-N; ties are frequent."""
    rnd = random.Random(seed)
    method = METHODS[seed % 3]
    n = rnd.randint(2, 10)
    positions = rnd.sample(range(n), n)
    if seed % 5 == 0:
        positions = [p // 2 for p in positions]  # equal positions: poll order decides
    options = tuple(PollOptionRecord(id=50 + 3 * i, idea_id=i, label=f"o{i}", position=positions[i])
                    for i in range(n))
    if method is VotingMethod.DOTS:
        budget = rnd.randint(1, 6)
        params = {"budget": budget, "cap": rnd.randint(1, budget)}
    elif method is VotingMethod.RANKING:
        params = {"top_n": rnd.randint(1, n)}
    else:
        params = {"criteria": list(rnd.choice(CRITERIA)), "scale": rnd.choice((3, 5))}
    poll = PollRecord(id=1, forum_id=1, meeting_number=2, step_id=None, title="t", method=method,
                      params=poll_params(method, params, len(options)), status=PollStatus.OPEN, anonymous=False, options=options,
                      created_at=NOW, opened_at=NOW, closed_at=None)
    sectors = list(Sector)[:rnd.randint(1, len(Sector))]
    people = [ParticipantRecord(id=pid, forum_id=1, display_name=None, sector=rnd.choice(sectors),
                                language="he", joined_at=NOW, last_seen_at=NOW)
              for pid in range(1, rnd.randint(2, 30))]  # some voters are unknown: sector "other"
    ids = [o.id for o in options]
    ballots = []
    for pid in rnd.sample(range(1, 40), 0 if seed % 9 == 0 else rnd.randint(1, 35)):
        if method is VotingMethod.DOTS:
            dots: dict[int, int] = {}
            left = params["budget"]
            while left and len(dots) < 4:
                oid = rnd.choice(ids)
                given = rnd.randint(1, min(params["cap"] - dots.get(oid, 0), left) or 1)
                if dots.get(oid, 0) + given <= params["cap"]:
                    dots[oid] = dots.get(oid, 0) + given
                    left -= given
                elif rnd.random() < 0.5:
                    break
            entries = [BallotEntry(oid, v) for oid, v in sorted(dots.items())]
        elif method is VotingMethod.RANKING:
            chosen = rnd.sample(ids, rnd.randint(1, params["top_n"]))
            entries = [BallotEntry(oid, rank) for rank, oid in enumerate(chosen, start=1)]
        else:
            entries = [BallotEntry(oid, rnd.randint(1, params["scale"]), c)
                       for oid in sorted(rnd.sample(ids, rnd.randint(1, n))) for c in params["criteria"]]
        if entries:
            ballots.append(BallotRecord(id=pid, poll_id=1, participant_id=pid, revision=1,
                                        entries=tuple(entries), cast_at=NOW, updated_at=NOW))
    return poll, ballots, people, rnd.randint(1, 4)


def reference_scores(poll: PollRecord, ballots: list[BallotRecord]) -> dict[int, tuple[float, int]]:
    """(score, voters) per option that got any entry, computed the obvious way."""
    values: dict[int, list[tuple[str, int]]] = {}
    voters: dict[int, set[int]] = {}
    for ballot in ballots:
        for entry in ballot.entries:
            values.setdefault(entry.option_id, []).append((entry.criterion, entry.value))
            voters.setdefault(entry.option_id, set()).add(ballot.participant_id)
    scores = {}
    for oid, pairs in values.items():
        if poll.method is VotingMethod.DOTS:
            score = float(sum(v for _, v in pairs))
        elif poll.method is VotingMethod.RANKING:
            score = float(sum(poll.params.top_n - v + 1 for _, v in pairs))
        else:
            means = [sum(got) / len(got) for c in poll.params.criteria
                     if (got := [v for k, v in pairs if k == c])]
            score = sum(means) / len(means) if means else 0.0
        scores[oid] = (score, len(voters[oid]))
    return scores


def reference_order(poll: PollRecord, scores: dict[int, tuple[float, int]]) -> list[int]:
    """Option ids best first: score, voters, position, then poll order."""
    order = {o.id: n for n, o in enumerate(poll.options)}
    return sorted(order, key=lambda oid: (-scores.get(oid, (0.0, 0))[0], -scores.get(oid, (0.0, 0))[1],
                                          next(o.position for o in poll.options if o.id == oid), order[oid]))


def reference(poll, ballots, people, top_n):
    sector_of = {p.id: p.sector.value for p in people}
    scores = reference_scores(poll, ballots)
    by_sector_ballots: dict[str, list[BallotRecord]] = {}
    for ballot in ballots:
        by_sector_ballots.setdefault(sector_of.get(ballot.participant_id, "other"), []).append(ballot)
    by_sector, in_top = {}, {o.id: 0 for o in poll.options}
    for sector in sorted(by_sector_ballots):
        sector_scores = reference_scores(poll, by_sector_ballots[sector])
        by_sector[sector] = {oid: sector_scores.get(oid, (0.0, 0))[0] for oid in in_top}
        best = [oid for oid in reference_order(poll, sector_scores) if sector_scores.get(oid, (0.0, 0))[0] > 0]
        for oid in best[:top_n]:
            in_top[oid] += 1
    voters_by_sector = {s: len({b.participant_id for b in bs}) for s, bs in sorted(by_sector_ballots.items())}
    return scores, reference_order(poll, scores), by_sector, in_top, voters_by_sector


@pytest.mark.parametrize("seed", range(90))
def test_tally_equals_the_reference(seed):
    poll, ballots, people, top_n = random_poll(seed)
    result = tally(poll, ballots, people, consensus_top_n=top_n)
    scores, order, by_sector, in_top, voters_by_sector = reference(poll, ballots, people, top_n)

    table = result.table
    assert list(table["option_id"]) == order
    assert list(table["rank"]) == list(range(1, len(order) + 1))
    for row in table.to_dict("records"):
        score, voters = scores.get(row["option_id"], (0.0, 0))
        assert row["score"] == score and row["voters"] == voters
        assert row["tied"] == (score > 0 and sum(s == score for s, _ in scores.values()) > 1)
        assert row["sectors_in_top"] == in_top[row["option_id"]]
        expected = in_top[row["option_id"]] / len(voters_by_sector) if voters_by_sector else 0.0
        assert math.isclose(row["consensus"], expected)

    assert result.voters_by_sector == voters_by_sector
    assert list(result.voters_by_sector) == list(voters_by_sector)
    frame = result.by_sector
    assert list(frame.columns) == ["option_id", "label", *voters_by_sector]
    assert list(frame["option_id"]) == order
    for sector, expected_scores in by_sector.items():
        assert dict(zip(frame["option_id"], frame[sector], strict=True)) == expected_scores
    assert result.voters == len({b.participant_id for b in ballots})


def test_random_polls_cover_ties_sectors_and_empty_polls():
    """The seeds above do exercise what they claim to."""
    results = [tally(*random_poll(seed)[:3]) for seed in range(90)]
    assert {r.poll.method for r in results} == set(METHODS)
    assert any(r.table["tied"].any() for r in results)
    assert any(len(r.voters_by_sector) > 2 for r in results)
    assert any(r.voters == 0 for r in results)
