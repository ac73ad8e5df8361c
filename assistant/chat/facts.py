"""The method's facts (prompts/playbook/facts.yaml), said first when a question asks for one:
"how many focus areas?" is answered "4-6" in one sentence before anything is quoted.

A question is matched to the questions each fact answers, in the three languages, by char
n-grams (as steps are: `guide.StepMatcher`), so it works with no model at all."""

from __future__ import annotations

import numpy as np

from assistant.playbook.models import Fact, Playbook
from assistant.text.normalize import STOPWORDS, analyze, normalize
from assistant.text.tfidf import Tfidf


def _terms(text: str) -> list[str]:
    return [term for term in analyze(text) if term not in STOPWORDS]

# A question this close to one of a fact's questions (letters and words, half each) asks for it; set on
# tests/data/fact_questions.jsonl against the dev and validation questions (see tests/chat).
FACT_MATCH = 0.6


class FactMatcher:
    def __init__(self, playbook: Playbook) -> None:
        self._facts: list[Fact] = []
        owners: list[int] = []
        asks: list[str] = []
        for number, fact in enumerate(playbook.facts):
            self._facts.append(fact)
            for questions in fact.asks.values():
                for question in questions:
                    owners.append(number)
                    asks.append(normalize(question))
        self._owners = np.array(owners, dtype=int)
        # Letters (a word's other forms and slips) and whole words (prefixes peeled, endings
        # dropped: "שותפים" is not "משותפים"), half each.
        self._letters = Tfidf("char_wb", (3, 5), sublinear_tf=True)
        self._words = Tfidf(_terms, sublinear_tf=True)
        self._matrix = self._letters.fit_transform(asks) if asks else None
        self._word_matrix = self._words.fit_transform(asks) if asks else None

    def scores(self, question: str) -> list[tuple[Fact, float]]:
        """Each fact and how close `question` comes to the nearest question it answers."""
        if self._matrix is None:
            return []
        text = normalize(question)
        letters = (self._matrix @ self._letters.transform([text]).T).toarray().ravel()
        terms = (self._word_matrix @ self._words.transform([text]).T).toarray().ravel()
        row = (letters + terms) / 2
        best = np.zeros(len(self._facts))
        np.maximum.at(best, self._owners, row)
        return list(zip(self._facts, best.tolist(), strict=True))

    def match(self, question: str) -> Fact | None:
        scored = self.scores(question)
        if not scored:
            return None
        fact, score = max(scored, key=lambda pair: pair[1])
        return fact if score >= FACT_MATCH else None
