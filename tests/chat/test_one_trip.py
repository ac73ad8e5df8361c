"""One trip to the retriever per question: its spelling corrected once, each ranker run once,
and the evidence's strength read off those same rankings."""

from __future__ import annotations

from assistant.chat.context import no_forum
from assistant.chat.offline import OfflineAnswerer
from assistant.retrieval.engine import Retriever


class _Counting:
    def __init__(self, ranker):
        self._ranker, self.name, self.calls = ranker, ranker.name, 0

    def rank(self, query, k):
        self.calls += 1
        return self._ranker.rank(query, k)


def test_an_answer_spells_once_and_runs_each_ranker_once(shipped_retriever, shipped_playbook_for_chat, monkeypatch):
    rankers = [_Counting(r) for r in shipped_retriever.rankers]
    retriever = Retriever(shipped_retriever.passages, rankers, shipped_retriever.weights,
                          rrf_k=shipped_retriever.rrf_k, candidates=shipped_retriever.candidates,
                          synonyms=shipped_retriever.synonyms, lexicon=shipped_retriever.lexicon)
    spelled = []
    original = Retriever.spell

    def counting_spell(self, query, *, as_typed=False):
        spelled.append((query, as_typed))
        return original(self, query, as_typed=as_typed)

    monkeypatch.setattr(Retriever, "spell", counting_spell)
    answerer = OfflineAnswerer(retriever, shipped_playbook_for_chat, threshold=0.151)
    answer = answerer.answer("איך עובדים עם המינלהת היישובית?", no_forum("he"))  # a slip to correct
    assert answer.covered and "המינהלת" in answer.searched
    assert [call for call in spelled if not call[1]] == [(spelled[0][0], False)]  # corrected once
    assert all(r.calls == 1 for r in rankers if r.name in retriever.weights and retriever.weights[r.name] > 0), \
        [(r.name, r.calls) for r in rankers]
