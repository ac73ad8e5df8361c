"""The figures the command prints and when it fails."""

from __future__ import annotations

import pytest

from assistant.i18n import LANGUAGES
from assistant.loadtest.audit import BallotCounts, IdeaCounts
from assistant.loadtest.report import LoadReport, percentile

REQUIRED = {"participants", "ideas_expected", "ideas_stored", "ballots_expected", "ballots_stored",
            "ack_p50_ms", "ack_p95_ms"}


def report(**changes) -> LoadReport:
    values = {"participants": 4, "ideas": IdeaCounts(12, 12, 0, 0, 0), "ballots": BallotCounts(4, 4, 0, 0, 0),
              "ack_ms": (120.0, 80.0, 400.0, 95.0), "seconds": 3.2, "joined": 4, "ideas_acked": 12, "ballots_acked": 4}
    values.update(changes)
    return LoadReport(**values)


@pytest.mark.parametrize(("values", "q", "expected"), [
    ([5.0], 50, 5.0), ([5.0], 95, 5.0), ([1.0, 2.0, 3.0, 4.0], 50, 2.0), ([1.0, 2.0, 3.0, 4.0], 95, 4.0),
    (list(range(1, 101)), 95, 95), (list(range(100, 0, -1)), 50, 50), ([], 50, None),
])
def test_percentile_is_the_nearest_rank(values, q, expected):
    assert percentile(values, q) == expected


def test_the_json_has_the_contract_fields():
    data = report().as_dict()
    assert set(data) >= REQUIRED
    assert (data["ack_p50_ms"], data["ack_p95_ms"]) == (95.0, 400.0)
    assert (data["ideas_stored"], data["ballots_stored"]) == (12, 4)
    assert report().ok and report().problems() == []
    assert report(ack_ms=()).as_dict()["ack_p95_ms"] is None


@pytest.mark.parametrize(("changes", "problem"), [
    ({"ideas": IdeaCounts(12, 11, 1, 0, 0)}, "loadtest.problem.ideas_lost"),
    ({"ideas": IdeaCounts(12, 13, 0, 1, 0)}, "loadtest.problem.ideas_duplicated"),
    ({"ideas": IdeaCounts(12, 12, 0, 0, 1)}, "loadtest.problem.ideas_lost"),
    ({"ballots": BallotCounts(4, 3, 1, 0, 0)}, "loadtest.problem.ballots_lost"),
    ({"ballots": BallotCounts(4, 4, 0, 1, 0)}, "loadtest.problem.ballots_mismatched"),
    ({"errors": ("#2 join: no participant link within 60 s",)}, "loadtest.problem.errors"),
    ({"timed_out": True}, "loadtest.problem.timeout"),
])
def test_anything_lost_duplicated_or_unfinished_fails_the_run(changes, problem):
    bad = report(**changes)
    assert problem in bad.problems() and not bad.ok


@pytest.mark.parametrize("language", LANGUAGES)
def test_lines_are_translated_and_carry_the_figures(language):
    lines = report(errors=("#2 boom",), timed_out=True).lines(language)
    text = "\n".join(lines)
    assert "loadtest." not in text            # every key has a text
    assert "400.0" in text and "#2 boom" in text and "12" in text
