"""The word-based rankers are made once and kept beside the index, and made anew whenever
anything they were made from changes or their file cannot be read."""

from __future__ import annotations

import logging

import pytest

from assistant.retrieval import word_rankers as module
from assistant.retrieval.engine import open_retriever
from assistant.retrieval.word_rankers import FILE_NAME, word_rankers
from assistant.text.synonyms import SynonymTable

TEXTS = ["תשתית חברתית נשארת ביישוב לאורך זמן", "פורום העיצוב בוחר ארבעה עד שישה תחומי מיקוד",
         "منتدى التصميم يختار مجالات التركيز"]
QUERIES = ["תשתיות חברתיות", "כמה תחומי מיקוד", "مجالات التركيز", "פורום"]


@pytest.fixture
def made(monkeypatch):
    """How many times the rankers were made (not read)."""
    calls = []
    real = module._make

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(module, "_make", counting)
    return calls


def _ranks(rankers) -> list:
    return [[(h.index, round(h.score, 9)) for h in ranker.rank(q, 3)] for ranker in rankers for q in QUERIES]


def test_made_once_then_read_with_the_same_rankings(tmp_path, make_settings, made):
    settings = make_settings()
    first = word_rankers(tmp_path, TEXTS, settings, None)
    assert (tmp_path / FILE_NAME).exists() and len(made) == 1
    again = word_rankers(tmp_path, TEXTS, settings, None)
    assert len(made) == 1  # read, not made
    assert [r.name for r in again] == ["lexical", "ngram"]
    assert _ranks(again) == _ranks(first) and any(_ranks(first))


@pytest.mark.parametrize("change", ["text", "setting", "synonyms", "code"])
def test_anything_they_are_made_from_changing_makes_them_anew(tmp_path, make_settings, made, monkeypatch, change):
    settings, texts, synonyms = make_settings(), list(TEXTS), None
    word_rankers(tmp_path, texts, settings, synonyms)
    if change == "text":
        texts[1] = "פורום העיצוב בוחר שלושה תחומי מיקוד"
    elif change == "setting":
        settings = make_settings(lexical_idf_floor=settings.lexical_idf_floor + 1)
    elif change == "synonyms":
        synonyms = SynonymTable.from_lines(["תחום מיקוד = נושא ליבה"])
    else:
        real = module._source
        monkeypatch.setattr(module, "_source", lambda name: real(name) + ("#" if name.endswith("tfidf") else ""))
    rankers = word_rankers(tmp_path, texts, settings, synonyms)
    assert len(made) == 2
    word_rankers(tmp_path, texts, settings, synonyms)
    assert len(made) == 2  # and kept for the next time
    if change == "text":
        assert rankers[0].rank("שלושה", 1)[0].index == 1


def test_a_damaged_file_is_made_anew_and_said_in_the_log(tmp_path, make_settings, made, caplog):
    settings = make_settings()
    (tmp_path / FILE_NAME).write_bytes(b"\x80\x05not a pickle")
    with caplog.at_level(logging.WARNING):
        rankers = word_rankers(tmp_path, TEXTS, settings, None)
    assert len(made) == 1 and rankers[0].rank("תשתית", 1)
    assert "could not be read" in caplog.text
    word_rankers(tmp_path, TEXTS, settings, None)
    assert len(made) == 1  # written over with good ones


def test_a_folder_it_cannot_write_still_gets_its_rankers(tmp_path, make_settings, made):
    (tmp_path / "a-file").write_text("")
    folder = tmp_path / "a-file" / "index"  # no folder can be made there, whoever runs this
    assert word_rankers(folder, TEXTS, make_settings(), None)[1].rank("מיקוד", 1)
    assert word_rankers(folder, TEXTS, make_settings(), None)[0].rank("מיקוד", 1)
    assert len(made) == 2


def test_the_retriever_reads_them_from_its_index_folder(make_settings, made):
    settings = make_settings()
    first = open_retriever(settings)
    assert (settings.index_dir / FILE_NAME).exists() and len(made) == 1
    second = open_retriever(settings)
    assert len(made) == 1
    question = "כמה תחומי מיקוד בוחרים בפורום העיצוב?"
    assert [r.passage.passage_id for r in second.search(question, 5)] == [r.passage.passage_id for r in first.search(question, 5)]
