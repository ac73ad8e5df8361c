import json

import pytest

from assistant.errors import EvalFileError
from assistant.retrieval.evaluation import EvalItem, compare, contains_evidence, evaluate, load_eval_file


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


def _report(ranks):
    questions = [f"q{i}" for i in range(len(ranks))]
    answers = {q: ["x"] * (rank - 1) + ["evidence"] if rank else ["x"] for q, rank in zip(questions, ranks)}
    return evaluate([EvalItem(q, "evidence") for q in questions], lambda q, k: answers[q][:k], k=5)


def test_each_question_keeps_its_rank():
    report = _report([1, 3, None, 6])
    assert report.questions == ("q0", "q1", "q2", "q3")
    assert report.ranks == (1, 3, None, None)  # a passage past k does not count
    assert report.misses == ("q2", "q3")


def test_recall_has_wilsons_interval():
    # 41 of 45 found: Wilson's 95% interval, worked by hand from its formula
    low, high = _report([1] * 41 + [None] * 4).recall_interval()
    assert (low, high) == pytest.approx((0.7927, 0.9649), abs=1e-4)
    assert _report([1] * 10).recall_interval()[1] == pytest.approx(1.0)
    assert _report([1] * 10).recall_interval()[0] < 0.75  # ten of ten found is not proof of 1.0


def test_mrr_interval_holds_the_mrr_and_narrows_with_more_questions():
    few = _report([1, 2, None, 1, 3, 1, None, 5, 1, 2])
    many = _report([1, 2, None, 1, 3, 1, None, 5, 1, 2] * 10)
    for report in (few, many):
        low, high = report.mrr_interval()
        assert low < report.mrr < high
    assert many.mrr_interval()[1] - many.mrr_interval()[0] < (few.mrr_interval()[1] - few.mrr_interval()[0]) / 2
    assert few.mrr_interval() == few.mrr_interval()  # a fixed seed: the same report, the same interval
    assert _report([1, 1, 1]).mrr_interval() == (1.0, 1.0)


def test_a_paired_comparison_names_the_questions_gained_and_lost():
    before, after = _report([1, None, 2, None, 4]), _report([2, 1, None, None, 1])
    change = compare(before, after)
    assert change.gained == ("q1",) and change.lost == ("q2",)
    assert change.p_value == 1.0  # one each way: nothing told apart
    lopsided = compare(_report([None] * 8), _report([1] * 8))
    assert len(lopsided.gained) == 8 and lopsided.p_value == pytest.approx(2 / 2**8)
    assert compare(before, before).p_value == 1.0
    with pytest.raises(ValueError):
        compare(before, _report([1, 1]))
