"""Result charts as the console and the projector draw them (Vega-Lite specs, no browser)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.forum.records import PaperCount
from assistant.forum.tallies import tally
from assistant.forum.vocabulary import VotingMethod
from assistant.ui.results_view import matrix_chart, ranking_table, sector_table
from tests.forum.test_tallies import ballot, make_poll

LABELS = ("הקמת מרכז STEM יישובי", "מיפוי שנתי של הנתונים", "פורום הורים מוביל")


def rated_alike():
    """Three options rated almost the same: whole labels would be written over one another."""
    poll = make_poll(VotingMethod.RATING, labels=LABELS, criteria=["impact", "feasibility"], scale=5)
    ballots = [ballot(pid, [(10, 3, "impact"), (10, 3, "feasibility"), (11, 3, "impact"), (11, 2, "feasibility"),
                            (12, 2, "impact"), (12, 3, "feasibility")]) for pid in (1, 2)]
    return tally(poll, ballots)


def test_the_matrix_labels_each_point_with_its_rank_and_keeps_the_rating_scale():
    result = rated_alike()
    spec = matrix_chart(result).to_dict()
    points, labels = spec["layer"][2], spec["layer"][3]
    assert labels["mark"]["type"] == "text" and labels["encoding"]["text"]["field"] == "number"
    rows = spec["datasets"][points["data"]["name"]]
    assert sorted(r["number"] for r in rows) == ["1", "2", "3"]
    assert {r["number"]: r["label"] for r in rows} == {
        str(rank): label for rank, label in zip(result.table["rank"], result.table["label"], strict=True)}
    # every layer on the 1-5 scale: the middle lines must not stretch it to 0
    for layer in spec["layer"]:
        for channel in ("x", "y"):
            if channel in layer.get("encoding", {}):
                assert layer["encoding"][channel]["scale"]["domain"] == [1, 5], layer
                assert layer["encoding"][channel]["scale"]["zero"] is False, layer


def test_the_ranking_table_shows_the_paper_dots_and_calls_the_voters_phone_voters():
    poll = replace(make_poll(VotingMethod.DOTS, labels=LABELS), paper=PaperCount(2, {12: 5}))
    table = ranking_table(tally(poll, [ballot(1, [(10, 3)])]))
    assert list(table.columns) == ["מקום", "אפשרות", "ניקוד", "מהן על נייר", "מצביעים בטלפון",
                                   "מגזרים שדירגו בשלושת הראשונים"]
    assert table.iloc[0].tolist()[1:5] == [LABELS[2], 5.0, 5.0, 0]
    plain = ranking_table(tally(make_poll(VotingMethod.DOTS, labels=LABELS), [ballot(1, [(10, 3)])]))
    assert "מהן על נייר" not in plain.columns and "מצביעים" in plain.columns


def test_the_tables_round_a_ratings_means_to_two_places():
    poll = make_poll(VotingMethod.RATING, labels=LABELS[:2], criteria=["impact", "feasibility"], scale=5)
    ballots = [ballot(pid, [(10, v, "impact"), (10, 2, "feasibility"), (11, 4, "impact"), (11, 4, "feasibility")])
               for pid, v in ((1, 3), (2, 3), (3, 4))]
    result = tally(poll, ballots)
    assert result.table["mean_impact"].iloc[1] == pytest.approx(10 / 3)  # 3.3333…
    table = ranking_table(result)
    assert table["השפעה"].tolist() == [4.0, 3.33] and table["ניקוד"].tolist() == [4.0, 2.67]
    assert sector_table(result).iloc[1].tolist()[1:] == [2.67]
