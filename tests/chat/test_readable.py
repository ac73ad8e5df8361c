"""The quotes a facilitator is shown read as sentences: measured on 120 sentences the offline
answerer quoted for the dev questions, each labelled by reading it."""

import json

from assistant.chat.readable import reads_as_sentence
from tests.conftest import DATA


def _labelled():
    return [json.loads(line) for line in (DATA / "quoted_sentences.he.jsonl").read_text("utf-8").splitlines()]


def test_sentences_that_read_are_kept_and_most_run_together_cells_are_not():
    rows = _labelled()
    kept_good = sum(reads_as_sentence(r["sentence"]) for r in rows if r["reads"])
    good = sum(r["reads"] for r in rows)
    dropped_bad = sum(not reads_as_sentence(r["sentence"]) for r in rows if not r["reads"])
    bad = len(rows) - good
    print(f"\nreadable kept {kept_good}/{good}; run-together dropped {dropped_bad}/{bad}")
    assert kept_good >= good - 2  # a readable sentence is almost never dropped
    assert dropped_bad >= 0.4 * bad


def test_the_signs_of_a_table_run_together():
    assert not reads_as_sentence("21 תוצרי המפגש מטרות המפגש מרחב עיצוב 1.")
    assert not reads_as_sentence("מהדקים ECOSTEM21כלל המשתתפים ב המרכזיות ומפת הדרכים להתמודדות.")
    assert not reads_as_sentence("מפגש רביעי מפגש שלישי מפגש שני מפגש ראשון התכנית הקולקטיבית.")
    assert not reads_as_sentence("מוביל / ניהול השקעות ועדת היגוי / מיפוי נכסים")
    assert reads_as_sentence("הצוות יכלול 10-15 שותפים שהם אנשי מקצוע רלוונטיים לתחום.")
    assert reads_as_sentence("הדרך לקידום התכנית היא באמצעות מפגשי פורום העיצוב.")
