"""The weak-evidence threshold (`chat_min_score`): where it came from and how it holds up.

Calibrated on the dev and validation questions (all answerable) against
tests/data/offtopic_dev.he.jsonl: the midpoint between the weakest answerable
question and the strongest off-topic one. Off-topic questions written later
(offtopic_test, offtopic_heldout) show its limit: lexical evidence cannot tell
a municipal question the documents do not answer ("how much is parking at
city hall?") from one they do, so such questions often pass.
"""

from __future__ import annotations

import pytest

from assistant.chat.evidence import gather, ranker_strength
from assistant.config import Settings
from tests.chat.conftest import questions

THRESHOLD = Settings().chat_min_score


@pytest.fixture(scope="module")
def strengths(shipped_retriever) -> dict[str, list[float]]:
    names = ("retrieval_dev", "retrieval_validation", "offtopic_dev", "offtopic_test", "offtopic_heldout")
    return {name: [ranker_strength(shipped_retriever, q) for q in questions(f"{name}.he.jsonl")]
            for name in names}


def test_the_threshold_separates_the_calibration_sets(strengths):
    answerable = strengths["retrieval_dev"] + strengths["retrieval_validation"]
    off_topic = strengths["offtopic_dev"]
    print(f"\nanswerable (dev+validation, n={len(answerable)}): min strength {min(answerable):.4f}")
    print(f"off-topic (offtopic_dev, n={len(off_topic)}): max strength {max(off_topic):.4f}")
    print(f"threshold {THRESHOLD}")
    assert max(off_topic) < THRESHOLD <= min(answerable)
    assert THRESHOLD == pytest.approx((max(off_topic) + min(answerable)) / 2, abs=0.001)


def test_later_off_topic_sets_are_refused_at_least_as_often_as_measured(strengths):
    refused = {name: sum(s < THRESHOLD for s in strengths[name])
               for name in ("offtopic_test", "offtopic_heldout")}
    for name, count in refused.items():
        print(f"\n{name}: {count}/{len(strengths[name])} refused")
    assert refused["offtopic_test"] >= 6 and refused["offtopic_heldout"] >= 9


def test_strength_is_zero_when_nothing_matches(shipped_retriever):
    evidence = gather(shipped_retriever, "zzzz qqqq", THRESHOLD)
    assert evidence.strength == 0.0 and not evidence.covered
