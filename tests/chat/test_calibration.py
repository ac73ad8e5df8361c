"""The weak-evidence threshold (`chat_min_score`): where it came from and how it holds up.

Calibrated on the dev and validation questions (all answerable) against
tests/data/offtopic_dev.he.jsonl: the midpoint between the weakest answerable
question and the strongest off-topic one. Off-topic questions written later
(offtopic_test, offtopic_heldout) show its limit: lexical evidence cannot tell
a municipal question the documents do not answer ("how much is parking at
city hall?") from one they do, so such questions often pass.

The unmatched-words rule (`UNMATCHED_SHARE`, `UNMATCHED_FACTOR`) catches part of
those. It was calibrated on the same answerable questions against
offtopic_nearby_dev (municipal questions the documents do not answer): the
values that refuse the most of those while refusing no answerable question.
Measured before and after on the later sets: offtopic_test 6 -> 8 of 15,
offtopic_heldout 9 -> 10 of 15, and no answerable question of any set newly refused.
offtopic_nearby_heldout was written after the rule was set and measured once:
9 -> 12 of 15. Short questions (short_questions: "איך מתעדפים אתגרים?") then showed
that one unknown word among two or three is usually a verb form the documents put
otherwise, so the rule asks for two unknown words (`UNMATCHED_MIN_WORDS`); that
cost one refusal in offtopic_heldout (11 -> 10) and none elsewhere.
"""

from __future__ import annotations

import pytest

from assistant.chat.evidence import (
    UNMATCHED_FACTOR,
    UNMATCHED_MIN_WORDS,
    UNMATCHED_SHARE,
    gather,
    ranker_strength,
)
from assistant.config import Settings
from tests.chat.conftest import questions

THRESHOLD = Settings().chat_min_score


@pytest.fixture(scope="module")
def strengths(shipped_retriever) -> dict[str, list[float]]:
    names = ("retrieval_dev", "retrieval_validation", "offtopic_dev", "offtopic_test", "offtopic_heldout")
    return {name: [ranker_strength(shipped_retriever.retrieve(q)) for q in questions(f"{name}.he.jsonl")]
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


ANSWERABLE = ("retrieval_dev", "retrieval_validation", "retrieval_test", "facilitator_heldout",
              "facilitator_heldout2", "short_questions")
OFF_TOPIC = ("offtopic_dev", "offtopic_nearby_dev", "offtopic_test", "offtopic_heldout", "offtopic_nearby_heldout")


@pytest.fixture(scope="module")
def refusals(shipped_retriever) -> dict[str, int]:
    return {name: sum(not gather(shipped_retriever, q, THRESHOLD).covered for q in questions(f"{name}.he.jsonl"))
            for name in ANSWERABLE + OFF_TOPIC}


def test_unmatched_words_refuse_nearby_questions_but_no_answerable_one(refusals):
    for name, count in refusals.items():
        print(f"\n{name}: {count}/{len(questions(f'{name}.he.jsonl'))} refused")
    assert refusals["retrieval_dev"] == refusals["retrieval_validation"] == 0  # the calibration sets
    # Strength alone refuses one held-out question and two short ones ("איך בוחרים יישוב?": the
    # guide writes "ישוב" and "בחירת"); the rule adds none. ("למה צריך דשבורד?" was a third until
    # the glossary learned that the guide writes "דש בורד".)
    assert sum(refusals[name] for name in ANSWERABLE) <= 3 and refusals["short_questions"] <= 2
    assert refusals["offtopic_dev"] == 20 and refusals["offtopic_nearby_dev"] >= 12
    assert refusals["offtopic_test"] >= 8 and refusals["offtopic_heldout"] >= 10
    assert refusals["offtopic_nearby_heldout"] >= 12


def test_one_unknown_word_in_a_short_question_does_not_refuse_it(shipped_retriever):
    evidence = gather(shipped_retriever, "איך מתעדפים אתגרים?", THRESHOLD)
    assert evidence.words.unmatched == ("מתעדפים",) and evidence.words.unmatched_share == 0.5
    assert evidence.covered


def test_the_unmatched_rule_is_what_refuses_the_nearby_questions(shipped_retriever):
    """Strength alone lets 13 of the 20 through; the rule's two conditions both matter."""
    nearby = [gather(shipped_retriever, q, THRESHOLD) for q in questions("offtopic_nearby_dev.he.jsonl")]
    by_strength = sum(e.strength < THRESHOLD for e in nearby)
    by_rule = sum(e.strength >= THRESHOLD and e.words.unmatched_share >= UNMATCHED_SHARE
                  and len(e.words.unmatched) >= UNMATCHED_MIN_WORDS
                  and e.strength < UNMATCHED_FACTOR * THRESHOLD for e in nearby)
    assert by_strength == 7 and by_rule >= 5


def test_a_question_nearer_to_a_city_service_than_to_any_passage_is_refused(shipped_retriever):
    from dataclasses import replace

    answered = replace(gather(shipped_retriever, "מי מוביל את פורום העיצוב?", THRESHOLD),
                       meaning=0.85, meaning_threshold=0.83, elsewhere_margin=0.03)
    assert answered.covered
    assert not replace(answered, elsewhere=0.89).covered  # a services question 0.04 nearer
    assert replace(answered, elsewhere=0.87).covered  # within the margin
    assert replace(answered, elsewhere=0.89, elsewhere_margin=None).covered  # off
    # Asked in another language: under the floor is no reason (similarities across languages run
    # lower), a question elsewhere nearer still is.
    arabic = replace(answered, question="من يقود منتدى التصميم؟", worded="פורום עיצוב", meaning=0.80)
    assert arabic.covered and not replace(arabic, elsewhere=0.84).covered


# With the meaning side: the margin (BUNDLED_ELSEWHERE_MARGIN) was chosen on the dev and validation
# questions against offtopic_nearby_dev (0.025-0.04 all keep the 90 answered and refuse 19/20; 0.03,
# the middle); the other sets were measured once after, offtopic_nearby_heldout2 (and the Arabic
# held-out one) written for it. Arabic questions were then judged by it too: the two similarities
# are the same question's, so the margin holds across languages where the floor (0.83) does not.
# (The facilitator questions are answered with it in test_offline_answers; retrieval_test, the short
# questions and the Arabic held-out set were measured once, none newly refused: 0, 3 and 5 before and after.)
MEANING_SETS = ("retrieval_dev.he", "retrieval_validation.he", "offtopic_nearby_dev.he", "offtopic_heldout.he",
                "offtopic_nearby_heldout.he", "offtopic_nearby_heldout2.he", "arabic_dev.ar",
                "offtopic_nearby_dev.ar", "offtopic_nearby_heldout.ar")


@pytest.mark.slow
def test_with_the_meaning_side_questions_nearer_to_a_city_service_are_refused(dense_retriever):
    from dataclasses import replace

    defaults = Settings(dense_weight=1.0)
    evidence = {name: [gather(dense_retriever, q, defaults.chat_min_score, meaning_threshold=defaults.meaning_threshold,
                              elsewhere_margin=defaults.elsewhere_margin) for q in questions(f"{name}.jsonl")]
                for name in MEANING_SETS}
    now = {name: sum(not e.covered for e in found) for name, found in evidence.items()}
    before = {name: sum(not replace(e, elsewhere_margin=None).covered for e in found) for name, found in evidence.items()}
    for name in MEANING_SETS:
        print(f"\n{name}: {before[name]} -> {now[name]} refused")
    assert now["retrieval_dev.he"] == now["retrieval_validation.he"] == 0
    assert now["offtopic_nearby_dev.he"] >= 19 and before["offtopic_nearby_dev.he"] <= 15
    assert now["offtopic_nearby_heldout.he"] >= 13 and now["offtopic_heldout.he"] >= 14
    assert now["offtopic_nearby_heldout2.he"] >= 15
    # Arabic: no answerable question newly refused; the near-domain ones 15 -> 19 of 20, 11 -> 12 of 15.
    assert now["arabic_dev.ar"] == before["arabic_dev.ar"]
    assert now["offtopic_nearby_dev.ar"] >= 19 and now["offtopic_nearby_heldout.ar"] >= 12
