"""Extractive answers: split passages into sentences and find the ones that
answer a question best.

A sentence scores the IDF-weighted share of the question's content words it
contains (with the prefix and suffix forms the lexical ranker uses) plus its
char n-gram cosine to the question. Passages are PDF extractions, so a
"sentence" is cut at sentence punctuation or a blank line and kept to at most
`MAX_WORDS` words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.chat.readable import reads_as_sentence
from assistant.corpus.cleaning import columns_run_together, narrow_box, prose_width, reading_order
from assistant.corpus.models import Passage
from assistant.text.normalize import STOPWORDS, analyze, words
from assistant.text.query import FormWeights, is_filler, word_terms
from assistant.text.tfidf import Tfidf

MIN_WORDS = 4
MAX_WORDS = 30
# Shorter sentences score proportionally less.
FULL_WORDS = 8
_BREAK_RE = re.compile(r"((?<=[.!?;:])\s+|\n\s*\n)")
_TOKEN_RE = re.compile(r"\S+")


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage, whitespace collapsed, long ones cut into pieces.
    Blocks too short to stand alone (table cells, headings) join the next one."""
    return [sentence for sentence, _ in sentences_and_lines(text)]


def sentences_and_lines(text: str) -> list[tuple[str, frozenset[int]]]:
    """`split_sentences`, each sentence with the numbers of the lines of `text` it is made of."""
    out: list[list[tuple[str, int]]] = []  # each sentence's words, with the line each is on
    carry: list[tuple[str, int]] = []
    line = 0  # the line of `text` the block starts on
    parts = _BREAK_RE.split(text)  # blocks, and the breaks between them (their lines counted)
    for block, gap in zip(parts[::2], [*parts[1::2], ""], strict=True):
        tokens = carry + [(m.group(), line + block.count("\n", 0, m.start())) for m in _TOKEN_RE.finditer(block)]
        line += block.count("\n") + gap.count("\n")
        if len(tokens) < MIN_WORDS:
            carry = tokens
            continue
        carry = []
        for start in range(0, len(tokens), MAX_WORDS):
            piece = tokens[start:start + MAX_WORDS]
            if len(piece) >= MIN_WORDS or not out:
                out.append(piece)
            else:
                out[-1].extend(piece)
    if carry:
        if out:
            out[-1].extend(carry)
        else:
            out.append(carry)
    return [(" ".join(word for word, _ in sentence), frozenset(n for _, n in sentence)) for sentence in out]


def _ngram_text(text: str) -> str:
    return " ".join(w for w in words(text) if w not in STOPWORDS)


@dataclass(frozen=True)
class _Sentences:
    sentences: tuple[str, ...]
    matrix: object  # char n-gram TF-IDF rows, one per sentence (None if no sentence)
    terms: tuple[frozenset[str], ...]
    unquotable: frozenset[str] = frozenset()  # on a line of two columns run together, or in a narrow box


@dataclass(frozen=True)
class QuestionTerms:
    forms: tuple[frozenset[str], ...]  # per content word, its index forms
    weights: tuple[float, ...]  # per content word, its IDF
    vector: object  # char n-gram TF-IDF row

    @property
    def empty(self) -> bool:
        return not self.forms


class SentenceScorer:
    """Scores sentences against questions, with IDF and n-grams learnt from the
    passages; the passages' own sentences are split and vectorised once."""

    def __init__(self, passages: Sequence[Passage], *, vectorizer: Tfidf | None = None,
                 passage_terms: Sequence[frozenset[str]] | None = None) -> None:
        """`vectorizer` and `passage_terms`, when given, are the retriever's own, fitted on the
        same passages' search texts in the same way (the n-gram ranker's, the word ranker's):
        nothing is analysed twice."""
        self._terms = list(passage_terms) if passage_terms is not None else [
            frozenset(analyze(p.search_text)) for p in passages]
        if vectorizer is None:
            vectorizer = Tfidf("char_wb", (3, 5), sublinear_tf=True)
            vectorizer.fit([_ngram_text(p.search_text) or "-" for p in passages] or ["-"])
        self._vectorizer = vectorizer
        self._forms = FormWeights()
        self._known: dict[str, _Sentences] = {}  # a passage's sentences, split when first quoted
        documents: dict[str, list[str]] = {}
        for p in passages:
            documents.setdefault(p.doc_id, []).append(p.text)
        widths = {doc: prose_width(texts) for doc, texts in documents.items()}
        self._width = {p.text: widths[p.doc_id] for p in passages}  # each passage's document's prose width

    def _prepare(self, text: str) -> _Sentences:
        split = sentences_and_lines(reading_order(text))  # as a person reads them, line for line
        sentences = [sentence for sentence, _ in split]
        lines = text.split("\n")  # reading order keeps each line, and its length
        run_together = {n for n, line in enumerate(lines) if columns_run_together(line)}
        width = self._width.get(text) or prose_width([text])
        unquotable = frozenset(s for s, numbers in split if numbers & run_together
                               or narrow_box([len(lines[n].strip()) for n in numbers], width))
        matrix = self._vectorizer.transform([_ngram_text(s) for s in sentences]) if sentences else None
        return _Sentences(tuple(sentences), matrix, tuple(frozenset(analyze(s)) for s in sentences), unquotable)

    def _prepared(self, text: str) -> _Sentences:
        prepared = self._known.get(text)
        if prepared is None:
            prepared = self._known[text] = self._prepare(text)
        return prepared

    def quotable(self, text: str, sentence: str) -> bool:
        """Whether `sentence`, one of the passage `text`'s, may be quoted to a facilitator: it
        reads as a sentence (`reads_as_sentence`), none of its lines is two of the PDF's columns
        run together (`columns_run_together`), and its lines are not those of a box much
        narrower than the document's prose (`narrow_box`); its passage is cited all the same."""
        return reads_as_sentence(sentence) and sentence not in self._prepared(text).unquotable

    def _idf(self, forms: frozenset[str]) -> float:
        df = sum(1 for terms in self._terms if forms & terms)
        return math.log((len(self._terms) + 1) / (df + 1)) + 1

    def question(self, question: str) -> QuestionTerms:
        content = [w for w in dict.fromkeys(words(question)) if not is_filler(w)]
        forms = tuple(frozenset(word_terms(w, self._forms)) for w in content)
        return QuestionTerms(forms=forms, weights=tuple(self._idf(f) for f in forms),
                             vector=self._vectorizer.transform([_ngram_text(question)]))

    def _scores(self, question: QuestionTerms, prepared: _Sentences) -> list[float]:
        if question.empty or not prepared.sentences:
            return [0.0] * len(prepared.sentences)
        cosines = (prepared.matrix @ question.vector.T).toarray()[:, 0]
        total = sum(question.weights)
        out = []
        for sentence, terms, cosine in zip(prepared.sentences, prepared.terms, cosines, strict=True):
            covered = sum(w for f, w in zip(question.forms, question.weights, strict=True) if f & terms)
            brevity = min(1.0, len(sentence.split()) / FULL_WORDS)  # headings and table cells say little
            out.append((covered / total + float(cosine)) * brevity)
        return out

    def scores(self, question: QuestionTerms, sentences: Sequence[str]) -> list[float]:
        return self._scores(question, self._prepare_sentences(sentences))

    def _prepare_sentences(self, sentences: Sequence[str]) -> _Sentences:
        matrix = self._vectorizer.transform([_ngram_text(s) for s in sentences]) if sentences else None
        return _Sentences(tuple(sentences), matrix, tuple(frozenset(analyze(s)) for s in sentences))

    def ranked(self, question: QuestionTerms, text: str) -> list[tuple[str, float]]:
        """The passage's sentences, best answer first."""
        prepared = self._prepared(text)
        scored = zip(prepared.sentences, self._scores(question, prepared), strict=True)
        return sorted(scored, key=lambda pair: -pair[1])
