import json

import pytest

from assistant.errors import EvalFileError
from assistant.retrieval.evaluation import EvalItem, contains_evidence, evaluate, load_eval_file


def test_evidence_matching_collapses_whitespace_and_quote_forms():
    assert contains_evidence('ארגון צה״ל\n  והמשטרה', 'צה"ל והמשטרה')
    assert contains_evidence("מס' שנים", "מס׳ שנים")
    assert not contains_evidence("אחר לגמרי", "צה״ל")


def test_recall_and_mrr():
    items = [EvalItem("q1", "אלף"), EvalItem("q2", "בית"), EvalItem("q3", "גימל")]
    answers = {"q1": ["אלף"], "q2": ["x", "בית"], "q3": ["x", "y"]}
    report = evaluate(items, lambda q, k: answers[q][:k], k=5)
    assert report.as_dict() == {"n": 3, "k": 5, "recall_at_k": 0.6667, "mrr": 0.5}
    assert report.misses == ("q3",)


def test_k_limits_what_counts():
    report = evaluate([EvalItem("q", "b")], lambda q, k: ["a", "b"][:k], k=1)
    assert report.recall_at_k == 0.0


def test_bad_eval_files(tmp_path):
    with pytest.raises(EvalFileError):
        load_eval_file(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"question": "q"}) + "\n", encoding="utf-8")
    with pytest.raises(EvalFileError) as err:
        load_eval_file(bad)
    assert "1" in err.value.message("en")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(EvalFileError):
        load_eval_file(empty)
