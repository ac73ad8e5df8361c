"""The quotes a facilitator is shown read as sentences: measured on 120 sentences the offline
answerer quoted for the dev questions, each labelled by reading it."""

import json

from assistant.chat.readable import reads_as_sentence
from assistant.chat.sentences import SentenceScorer
from assistant.corpus.cleaning import columns_run_together, narrow_box, prose_width
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


def test_two_columns_run_into_one_line_are_told_from_one_columns_line():
    """Justification widens one column's gaps and not the other's."""
    assert columns_run_together("בכלל הקהילה ולא בקבוצת יעד ספציפית, ומעבירה  לעיר.  כמו  כן  תפעל  לתמוך")
    assert columns_run_together("קולקטיב אימפקט )השקעה קולקטיבית( המינהלת  שמובילה  תהליך  הינו  עיצוב  פורום")
    assert not columns_run_together("הצוות המקצועי מונה 10-15 משתתפים מכל המגזרים ומוביל התחום עומד בראשו.")
    assert not columns_run_together("עצמי.  למימוש  ולהגיע  להתקדם  הזדמנות  לכל  לתת")  # one justified line
    assert not columns_run_together("הפורום נפגש ארבע  פעמים  בשנה,  בכל")  # three words spaced singly
    assert columns_run_together("הפורום נפגש ארבע פעמים  בשנה,  בכל  מפגש")  # four
    assert not columns_run_together("")


def test_a_sentence_on_a_line_of_two_columns_is_not_quoted(shipped_retriever):
    """The labelled quotes, each found in its passage: a sentence that reads, and whose lines are
    each one column's, is quoted; one built on a line of two columns run together is not."""
    scorer = SentenceScorer(shipped_retriever.passages)
    rows = _labelled()
    kept = {True: 0, False: 0}
    for row in rows:
        passage = next(p for p in shipped_retriever.passages
                       if row["sentence"] in scorer._prepared(p.text).sentences)
        kept[row["reads"]] += scorer.quotable(passage.text, row["sentence"])
    good = sum(r["reads"] for r in rows)
    bad = len(rows) - good
    print(f"\nquotable: readable kept {kept[True]}/{good}; run-together dropped {bad - kept[False]}/{bad}")
    # 43/46 kept: a narrow box costs one (a research summary in a sidebar), two the sentence's own signs
    assert kept[True] >= good - 3
    # 53/74 dropped (30/74 by the sentence alone, 43/74 with two columns on one line)
    assert bad - kept[False] >= 0.68 * bad


def test_a_documents_prose_width_is_its_long_lines_not_its_many_short_ones():
    lines = ["כותרת", "תא בטבלה", "עוד תא", "מספר 12"] * 3 + ["שורה ארוכה של גוף הטקסט " * 3] * 3
    assert prose_width(["\n".join(lines)]) == len(lines[-1].strip())
    assert prose_width(["", "  \n "]) == 0


def test_a_narrow_box_is_three_lines_or_more_all_well_short_of_the_prose():
    assert narrow_box([44, 48, 44, 40], 85)  # two sidebar columns, their lines taken in turn
    assert not narrow_box([44, 48], 85)  # two short lines: a paragraph's last, a heading
    assert not narrow_box([44, 84, 40], 85)  # one full line: body text
    assert not narrow_box([44, 48, 44], 0)  # no width known
