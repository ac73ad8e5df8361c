"""Splitting passages into sentences and picking the one that answers."""

from __future__ import annotations

from assistant.chat.sentences import MAX_WORDS, SentenceScorer, split_sentences
from assistant.corpus.models import Passage


def test_sentences_end_at_punctuation_and_blank_lines():
    text = "הפורום נפגש ארבע פעמים בשנה. כל מפגש נמשך כשעתיים וחצי!\n\nהמשתתפים מגיעים מכל המגזרים ביישוב"
    assert split_sentences(text) == ["הפורום נפגש ארבע פעמים בשנה.", "כל מפגש נמשך כשעתיים וחצי!",
                                     "המשתתפים מגיעים מכל המגזרים ביישוב"]


def test_short_blocks_join_the_next_and_long_ones_are_cut():
    assert split_sentences("כותרת\n\nתא\n\nמשפט של ממש עם כמה מילים") == ["כותרת תא משפט של ממש עם כמה מילים"]
    pieces = split_sentences(" ".join(f"מילה{i}" for i in range(2 * MAX_WORDS + 2)))
    assert [len(p.split()) for p in pieces] == [MAX_WORDS, MAX_WORDS + 2]  # a short tail stays attached
    assert split_sentences("") == []


def test_the_sentence_with_the_questions_words_ranks_first():
    text = ("ההקדמה מספרת על תולדות הקרן ועל שנות פעילותה הרבות. "
            "הצוות המקצועי מונה 10-15 משתתפים מכל המגזרים ומוביל התחום עומד בראשו. "
            "בסוף השנה מתפרסם דוח שנתי מפורט על כל הפעולות.")
    passages = [Passage("p1", "d", "מסמך", "", 0, text, "d.txt"),
                Passage("p2", "d", "מסמך", "", 1, "טקסט אחר לגמרי על תקציבים ומפות השקעה ברשות", "d.txt")]
    scorer = SentenceScorer(passages)
    best, score = scorer.ranked(scorer.question("כמה משתתפים יש בצוות המקצועי?"), text)[0]
    assert best.startswith("הצוות המקצועי מונה") and score > 0
    assert scorer.ranked(scorer.question("מה?"), text)[0][1] == 0.0  # nothing to match on
