"""Whether a sentence cut from a PDF passage reads as a sentence a facilitator can be quoted.

A guide laid out in columns, tables and diagrams comes out of the PDF with its cells run
together: "לפחות אחת לחודשיים.ת וריד ת צוותים מקצועיים מינהלת יישובית / פורום ועדת היגוי /
ECOSTEM21 עיצוב ... 10-15 איש 10-15 איש". Such a line still tells the retriever where the
answer is, so its passage is cited, but it is not quoted. The signs, each seen only in such
lines among the labelled quotes of tests/data/quoted_sentences.he.jsonl:

- it ends in a lone list number ("... מרחב עיצוב 1.");
- cells or boxes separated by slashes (two or more " / ");
- a letter glued to a word of another script ("ECOSTEM21כלל"), or two stray single letters;
- the same word three times or more over (a table's repeated header or unit);
- a short run of names with no word that binds a sentence and no full stop (a heading, a
  diagram's label, a list's lead-in).

Signs that a sentence alone does not show, its lines do: one of them is two columns run into
one line (`corpus.cleaning.columns_run_together`), or all of three or more are those of a box much
narrower than the document's body text (`corpus.cleaning.narrow_box`);
`chat.sentences.SentenceScorer.quotable` asks them all.

Pure: no model, no index.
"""

from __future__ import annotations

import re
from collections import Counter

from assistant.text.normalize import STOPWORDS, words

_LIST_NUMBER_END = re.compile(r"(?:^|\s)\d{1,2}\.?\s*$")
_GLUED = re.compile(r"[A-Za-z0-9][\u0590-\u05FF\u0600-\u06FF]|[\u0590-\u05FF\u0600-\u06FF][A-Za-z]")
_PUNCT = ".,:;()\"'-–*•!?׳״"
SHORT = 12  # words: a heading or label this short with no binding word is not a sentence


def reads_as_sentence(sentence: str) -> bool:
    text = sentence.strip()
    tokens = text.split()
    if not tokens:
        return False
    if _LIST_NUMBER_END.search(text):
        return False
    if text.count(" / ") + text.count("/ ") >= 2 or _GLUED.search(text):
        return False
    strays = sum(1 for t in tokens if len(t.strip(_PUNCT)) == 1 and not t.strip(_PUNCT).isdigit())
    if strays >= 2:
        return False
    found = words(text)
    repeated = sum(count - 1 for count in Counter(found).values() if count > 1)
    if repeated >= 3:
        return False
    heading = len(tokens) <= SHORT and not text.endswith((".", "?", "!"))
    return not (heading and not any(w in STOPWORDS for w in found))
