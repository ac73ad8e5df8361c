"""Questions the documents do not answer: read from their file, embedded once as questions, and
the nearest one's similarity reported with a question's retrieval."""

from __future__ import annotations

import json

import numpy as np

from assistant.config import BUNDLED_ELSEWHERE, Settings
from assistant.retrieval.dense import DenseRanker
from assistant.retrieval.elsewhere import nearest, read_questions
from assistant.retrieval.embeddings import HashingEmbedder
from assistant.retrieval.engine import open_retriever
from assistant.text.normalize import collapse_for_match
from tests.conftest import DATA


def test_questions_are_read_one_a_line_without_comments_blanks_or_repeats(tmp_path):
    path = tmp_path / "elsewhere.txt"
    path.write_text("# a comment\n\nאיך משלמים ארנונה?\n  מתי מפנים אשפה?  \nאיך משלמים ארנונה?\n", encoding="utf-8")
    assert read_questions(path) == ("איך משלמים ארנונה?", "מתי מפנים אשפה?")
    assert read_questions(tmp_path / "missing.txt") == () and read_questions(None) == ()


def test_nearest_is_the_best_cosine_and_none_without_questions():
    questions = np.array([[1.0, 0.0], [0.6, 0.8]], dtype=np.float32)
    assert nearest(np.array([0.0, 1.0], dtype=np.float32), questions) == np.float32(0.8)
    assert nearest(np.array([0.0, 1.0], dtype=np.float32), np.zeros((0, 0), np.float32)) is None


def test_the_bundled_questions_are_none_of_the_held_out_ones():
    """The file was written as a services catalogue; the sets it is measured on are not in it."""
    bundled = {collapse_for_match(q) for q in read_questions(BUNDLED_ELSEWHERE)}
    assert len(bundled) >= 25
    for name in ("offtopic_test", "offtopic_heldout", "offtopic_nearby_heldout", "offtopic_nearby_heldout2"):
        held_out = {collapse_for_match(json.loads(line)["question"])
                    for line in (DATA / f"{name}.he.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
        assert not bundled & held_out, name


class _CountingEmbedder(HashingEmbedder):
    def __init__(self):
        super().__init__(64)
        self.queries = []

    def embed_query(self, text):
        self.queries.append(text)
        return super().embed_query(text)


class _Index:
    def __init__(self, vectors):
        self.vectors = vectors

    def query(self, vector, k):
        scores = self.vectors @ vector
        return [(f"p{i}", float(scores[i])) for i in np.argsort(-scores)[:k]]

    def in_memory(self):  # searched as it is, as a VectorIndex past its exact scan's limit
        return None


def test_a_question_is_embedded_once_for_its_ranking_and_its_nearest_question_elsewhere():
    embedder = _CountingEmbedder()
    passages = ["פורום העיצוב נפגש ארבע פעמים", "תחומי המיקוד של התכנית"]
    made = []

    def elsewhere():
        made.append(1)
        return HashingEmbedder(64).embed_documents(["איך משלמים ארנונה?", "מתי מפנים אשפה?"])

    ranker = DenseRanker(embedder, _Index(HashingEmbedder(64).embed_documents(passages)), ["p0", "p1"],
                         elsewhere=elsewhere)
    hits = ranker.rank("איך משלמים ארנונה?", 2)
    assert hits and ranker.elsewhere("איך משלמים ארנונה?") > 0.99
    assert ranker.elsewhere("פורום העיצוב") < 0.5
    assert embedder.queries == ["איך משלמים ארנונה?", "פורום העיצוב"] and made == [1]  # each once
    assert DenseRanker(embedder, _Index(np.zeros((0, 64))), []).elsewhere("שאלה") is None


def test_a_retrieval_reports_the_nearest_question_elsewhere_only_when_asked_and_read_by_meaning(
        make_settings, tmp_path):
    path = tmp_path / "elsewhere.txt"
    path.write_text("כמה עולה חניה ליד העירייה?\n", encoding="utf-8")
    settings = make_settings(dense_weight=1.0, embedding_model="hashing:128", elsewhere_file=path)
    retriever = open_retriever(settings)
    asked = retriever.retrieve("כמה עולה חניה ליד העירייה?", 3, elsewhere=True)
    assert asked.elsewhere is not None and asked.elsewhere > 0.99
    assert retriever.retrieve("כמה עולה חניה ליד העירייה?", 3).elsewhere is None  # not asked
    words_only = open_retriever(make_settings(elsewhere_file=path, data_dir=tmp_path / "words"))
    assert words_only.retrieve("כמה עולה חניה ליד העירייה?", 3, elsewhere=True).elsewhere is None
    no_file = open_retriever(make_settings(dense_weight=1.0, embedding_model="hashing:128", elsewhere_file="",
                                           data_dir=tmp_path / "none"))
    assert no_file.retrieve("כמה עולה חניה ליד העירייה?", 3, elsewhere=True).elsewhere is None


def test_a_missing_file_of_questions_is_logged_and_answers_go_on(make_settings, tmp_path, caplog):
    missing = tmp_path / "nowhere.txt"
    retriever = open_retriever(make_settings(dense_weight=1.0, embedding_model="hashing:128", elsewhere_file=missing))
    with caplog.at_level("WARNING"):
        found = retriever.retrieve("כמה עולה חניה ליד העירייה?", 3, elsewhere=True)
    assert found.results and found.elsewhere is None
    assert str(missing) in caplog.text


def test_the_margin_is_the_bundled_models_by_default_and_off_for_another_or_at_zero():
    assert Settings(dense_weight=1.0).elsewhere_margin == 0.03
    assert Settings(dense_weight=0.0).elsewhere_margin is None
    assert Settings(dense_weight=1.0, embedding_model="hashing:64").elsewhere_margin is None
    assert Settings(dense_weight=1.0, chat_elsewhere_margin=0).elsewhere_margin is None
    assert Settings(dense_weight=1.0, embedding_model="hashing:64", chat_elsewhere_margin=0.05).elsewhere_margin == 0.05
