from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from assistant.forum.ballots import poll_params
from assistant.forum.records import (
    BallotEntry,
    BallotRecord,
    PaperCount,
    ParticipantRecord,
    PollOptionRecord,
    PollRecord,
)
from assistant.forum.tallies import quadrant, tally
from assistant.forum.vocabulary import PollStatus, Sector, VotingMethod

NOW = datetime(2026, 11, 21, tzinfo=UTC)


def make_poll(method, labels=("א", "ב", "ג", "ד"), **params) -> PollRecord:
    options = tuple(PollOptionRecord(id=10 + i, idea_id=100 + i, label=label, position=i)
                    for i, label in enumerate(labels))
    return PollRecord(id=1, forum_id=1, meeting_number=2, step_id=None, title="t", method=method,
                      params=poll_params(method, params, len(options)), status=PollStatus.OPEN, anonymous=True, options=options,
                      created_at=NOW, opened_at=NOW, closed_at=None)


def person(pid, sector) -> ParticipantRecord:
    return ParticipantRecord(id=pid, forum_id=1, display_name=None, sector=Sector(sector), language="he",
                             joined_at=NOW, last_seen_at=NOW)


def ballot(pid, entries) -> BallotRecord:
    return BallotRecord(id=pid, poll_id=1, participant_id=pid, revision=1,
                        entries=tuple(BallotEntry(*e) for e in entries), cast_at=NOW, updated_at=NOW)


def test_dot_totals_voters_and_tie_break_by_voters_then_position():
    poll = make_poll(VotingMethod.DOTS, budget=5, cap=3)
    ballots = [ballot(1, [(10, 3), (11, 2)]), ballot(2, [(11, 1), (12, 2)]), ballot(3, [(12, 1), (13, 3)])]
    result = tally(poll, ballots)
    table = result.table.set_index("label")
    assert table.loc["ב", "score"] == 3 and table.loc["ב", "voters"] == 2
    # א, ב, ג and ד all have 3 dots: more voters first (ב, ג), then poll order (א before ד).
    assert list(result.table["label"]) == ["ב", "ג", "א", "ד"]
    assert result.table["tied"].all()
    assert result.voters == 3 and result.winner == "ב"


def test_borda_scores_and_first_choices():
    poll = make_poll(VotingMethod.RANKING, top_n=3)
    ballots = [ballot(1, [(12, 1), (10, 2), (11, 3)]), ballot(2, [(12, 1), (11, 2)]), ballot(3, [(10, 1)])]
    table = tally(poll, ballots).table.set_index("label")
    assert table.loc["ג", "score"] == 6 and table.loc["ג", "first_choices"] == 2
    assert table.loc["א", "score"] == 2 + 3
    assert table.loc["ב", "score"] == 1 + 2
    assert table.loc["ד", "score"] == 0 and table.loc["ד", "rank"] == 4


def test_rating_means_spread_and_quadrants():
    poll = make_poll(VotingMethod.RATING, labels=("א", "ב"), criteria=["impact", "feasibility"])
    ballots = [
        ballot(1, [(10, 5, "impact"), (10, 4, "feasibility"), (11, 2, "impact"), (11, 5, "feasibility")]),
        ballot(2, [(10, 3, "impact"), (10, 4, "feasibility"), (11, 2, "impact"), (11, 3, "feasibility")]),
    ]
    table = tally(poll, ballots).table.set_index("label")
    assert table.loc["א", "mean_impact"] == 4 and table.loc["א", "std_impact"] == pytest.approx(1.41421, 1e-4)
    assert table.loc["א", "quadrant"] == "quick_win" and table.loc["ב", "quadrant"] == "fill_in"
    assert list(tally(poll, ballots).table["label"]) == ["א", "ב"]
    assert quadrant(5, 1) == "major_project" and quadrant(1, 1) == "reconsider"


def test_results_by_sector_and_consensus():
    poll = make_poll(VotingMethod.DOTS, budget=3, cap=3)
    people = [person(1, "residents"), person(2, "municipality"), person(3, "ngo"), person(4, "ngo")]
    ballots = [ballot(1, [(10, 3)]), ballot(2, [(10, 1), (11, 2)]), ballot(3, [(12, 3)]), ballot(4, [(12, 3)])]
    result = tally(poll, ballots, people, consensus_top_n=1)
    assert result.voters_by_sector == {"municipality": 1, "ngo": 2, "residents": 1}
    by_sector = result.by_sector.set_index("label")
    assert by_sector.loc["ג", "ngo"] == 6 and by_sector.loc["א", "residents"] == 3
    table = result.table.set_index("label")
    assert table.loc["ג", "score"] == 6 and table.loc["ג", "rank"] == 1
    assert table.loc["א", "sectors_in_top"] == 1 and table.loc["ב", "sectors_in_top"] == 1
    assert table.loc["ג", "consensus"] == pytest.approx(1 / 3)


def test_no_ballots_gives_zero_scores_in_poll_order():
    result = tally(make_poll(VotingMethod.DOTS), [])
    assert list(result.table["label"]) == ["א", "ב", "ג", "ד"]
    assert result.voters == 0 and result.winner is None and not result.table["tied"].any()


def test_ballots_of_other_polls_are_ignored():
    other = BallotRecord(id=9, poll_id=2, participant_id=9, revision=1, entries=(BallotEntry(10, 3),),
                         cast_at=NOW, updated_at=NOW)
    assert tally(make_poll(VotingMethod.DOTS), [other]).voters == 0


def test_rating_poll_without_ballots_has_no_quadrants():
    result = tally(make_poll(VotingMethod.RATING, criteria=["impact", "feasibility"]), [])
    assert result.voters == 0 and "quadrant" not in result.table
    assert list(result.table["label"]) == ["א", "ב", "ג", "ד"]


def test_dots_on_paper_add_to_the_score_but_not_to_any_sector():
    poll = replace(make_poll(VotingMethod.DOTS, budget=5, cap=3), paper=PaperCount(3, {13: 7, 10: 2}))
    people = [person(1, "residents"), person(2, "ngo")]
    ballots = [ballot(1, [(10, 3), (11, 2)]), ballot(2, [(11, 3), (12, 2)])]
    result = tally(poll, ballots, people)
    table = result.table.set_index("label")
    assert list(result.table["label"]) == ["ד", "ב", "א", "ג"]  # 7 on paper; 5 by two phones; 5 by one, and 2
    assert table.loc["ד", "score"] == 7 and table.loc["ד", "voters"] == 0 and table.loc["ד", "paper_dots"] == 7
    assert table.loc["א", "score"] == 5 and table.loc["א", "dots"] == 5 and table.loc["א", "paper_dots"] == 2
    assert table.loc["ג", "paper_dots"] == 0
    assert result.voters == 5 and result.paper_voters == 3 and result.paper_dots == 9
    assert result.voters_by_sector == {"ngo": 1, "residents": 1}  # paper has no sector
    assert table.loc["ד", "sectors_in_top"] == 0
    assert result.winner == "ד"


def test_a_vote_only_on_paper_has_results():
    poll = replace(make_poll(VotingMethod.DOTS), paper=PaperCount(2, {11: 4}))
    result = tally(poll, [])
    assert result.voters == 2 and result.winner == "ב" and result.voters_by_sector == {}
    assert list(result.table["score"]) == [4, 0, 0, 0] and not result.table["tied"].any()


def test_a_paper_count_left_on_another_method_is_ignored():
    poll = replace(make_poll(VotingMethod.RANKING, top_n=2), paper=PaperCount(2, {11: 4}))
    result = tally(poll, [ballot(1, [(10, 1)])])
    assert result.voters == 1 and result.paper_voters == 0 and "paper_dots" not in result.table


def paper_ballot(ballot_id, entries) -> BallotRecord:
    return replace(ballot(ballot_id, entries), participant_id=None)


def test_paper_ballots_count_as_voters_in_the_score_but_in_no_sector():
    poll = make_poll(VotingMethod.RANKING, top_n=2)
    people = [person(1, "residents"), person(2, "ngo")]
    # Ballot ids of paper ballots may equal participant ids: they are still other voters.
    ballots = [ballot(1, [(10, 1), (11, 2)]), ballot(2, [(10, 1)]),
               paper_ballot(1, [(12, 1), (11, 2)]), paper_ballot(3, [(12, 1), (13, 2)])]
    result = tally(poll, ballots, people, consensus_top_n=1)
    table = result.table.set_index("label")
    assert table.loc["א", "score"] == 4 and table.loc["א", "voters"] == 2
    assert table.loc["ג", "score"] == 4 and table.loc["ג", "voters"] == 2 and table.loc["ג", "first_choices"] == 2
    assert table.loc["ב", "score"] == 2 and table.loc["ב", "voters"] == 2
    assert result.voters == 4 and result.paper_voters == 2 and result.paper_dots == 0
    assert result.voters_by_sector == {"ngo": 1, "residents": 1}
    assert table.loc["ג", "sectors_in_top"] == 0 and table.loc["א", "sectors_in_top"] == 2
    assert list(result.by_sector.columns) == ["option_id", "label", "ngo", "residents"]


def test_paper_ratings_join_the_means_and_the_quadrants():
    poll = make_poll(VotingMethod.RATING, labels=("א", "ב"), criteria=["impact", "feasibility"])
    ballots = [ballot(1, [(10, 5, "impact"), (10, 4, "feasibility")]),
               paper_ballot(7, [(10, 1, "impact"), (10, 2, "feasibility"), (11, 4, "impact"), (11, 4, "feasibility")])]
    result = tally(poll, ballots, [person(1, "business")])
    table = result.table.set_index("label")
    assert table.loc["א", "mean_impact"] == 3 and table.loc["א", "mean_feasibility"] == 3
    assert table.loc["ב", "voters"] == 1 and table.loc["ב", "quadrant"] == "quick_win"
    assert result.voters == 2 and result.paper_voters == 1 and result.voters_by_sector == {"business": 1}
    assert result.by_sector.set_index("label").loc["ב", "business"] == 0


def test_a_vote_only_on_paper_ballots_has_results_and_no_sectors():
    poll = make_poll(VotingMethod.RANKING, top_n=1)
    result = tally(poll, [paper_ballot(5, [(13, 1)]), paper_ballot(6, [(13, 1)])])
    assert result.winner == "ד" and result.voters == 2 and result.paper_voters == 2
    assert result.voters_by_sector == {} and (result.table["consensus"] == 0).all()


def test_a_tally_asked_again_is_kept_and_anything_it_is_computed_from_makes_a_new_one(monkeypatch):
    """Every run of a team lead's page and every console refresh tallies the same votes again."""
    from assistant.forum import tallies

    computed = []
    real = tallies._tally

    def counted(*args):
        computed.append(args[0].id)
        return real(*args)

    monkeypatch.setattr(tallies, "_tally", counted)
    monkeypatch.setattr(tallies, "_kept", type(tallies._kept)())
    poll = replace(make_poll(VotingMethod.DOTS, budget=5, cap=3), id=77)
    ballots = [replace(ballot(1, [(10, 3), (11, 2)]), poll_id=77), replace(ballot(2, [(11, 1)]), poll_id=77)]
    people = [person(1, "residents"), person(2, "ngo")]
    first = tally(poll, ballots, people)
    first.table.loc[0, "score"] = -99  # a caller that writes into its copy
    first.voters_by_sector["residents"] = 99
    again = tally(poll, ballots, people)
    assert len(computed) == 1
    assert list(again.table["score"]) == [3, 3, 0, 0] and again.voters_by_sector == {"ngo": 1, "residents": 1}
    changed = [ballots[0], replace(ballots[1], revision=2, entries=(BallotEntry(12, 2),))]
    assert tally(poll, changed, people).table.set_index("label").loc["ג", "score"] == 2
    assert tally(poll, ballots, [person(1, "residents"), person(2, "business")]).voters_by_sector == {
        "business": 1, "residents": 1}
    assert tally(replace(poll, paper=PaperCount(voters=4, dots={12: 6})), ballots, people).voters == 6
    assert tally(poll, ballots, people, consensus_top_n=1).voters == 2
    assert len(computed) == 5
    monkeypatch.setattr(tallies, "KEPT_TALLIES", 2)
    tally(poll, ballots, people, consensus_top_n=2)  # kept from now: the newest two only
    assert len(computed) == 6 and len(tallies._kept) == 2
    tally(poll, ballots, people, consensus_top_n=1)  # still kept
    tally(poll, ballots, people)  # let go
    assert len(computed) == 7 and len(tallies._kept) == 2
