"""Where a query's topic words occur in a text, in any of their forms: the spans a
search result marks. Hebrew prefixes and endings count (the query's תושבים marks
the text's ולתושבים), question and filler words do not."""

from __future__ import annotations

import re

from assistant.text.normalize import words
from assistant.text.query import WORD_EDGES, FormWeights, content_words, matching_forms, word_terms

_TOKEN_RE = re.compile(r"\S+")


def query_forms(query: str) -> frozenset[str]:
    """Every form of the query's topic words."""
    return frozenset(form for word in content_words(query) for form in matching_forms(word))


def spans(text: str, forms: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of each word of `text` that is a form of one of `forms`, punctuation
    around it left out."""
    out: list[tuple[int, int]] = []
    if not forms:
        return out
    for token in _TOKEN_RE.finditer(text):
        raw = token.group()
        stripped = raw.strip(WORD_EDGES)
        if not stripped:
            continue
        if any(set(word_terms(word, FormWeights())) & forms for word in words(stripped)):
            start = token.start() + raw.index(stripped)
            out.append((start, start + len(stripped)))
    return out
