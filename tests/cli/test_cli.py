import json
import re

import pytest

from assistant.cli import main
from tests.conftest import DATA


@pytest.fixture
def lexical_env(monkeypatch, make_corpus):
    monkeypatch.setenv("FORUM_DENSE_WEIGHT", "0")
    monkeypatch.setenv("FORUM_CORPUS_DIR", str(make_corpus(shipped=True)))


def test_index_then_search_json(lexical_env, capsys):
    assert main(["index", "--no-dense", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 2 and report["passages"] > 50 and report["skipped"] == {}

    assert main(["search", "מי מוביל את הצוות המקצועי?", "--k", "3", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["results"]) == 3
    assert {"document", "section", "passage_id", "text", "score"} <= set(out["results"][0])


def test_search_text_output(lexical_env, capsys):
    assert main(["search", "אג'נדה", "משותפת", "--k", "2"]) == 0
    out = capsys.readouterr().out
    assert "[1]" in out and "[2]" in out and "#" in out


def test_search_prints_lines_the_pdf_gave_in_visual_order_in_reading_order(lexical_env, capsys):
    assert main(["search", "למי שמוסמך ברשות לקבל החלטות", "--k", "3"]) == 0
    out = capsys.readouterr().out
    assert "למי שמוסמך ברשות לקבל החלטות" in out and "לקבל ברשות שמוסמך למי" not in out


def test_output_read_only_in_part_ends_without_a_traceback(lexical_env):
    """`forum-assistant search ... | head -1`: the reader leaves after a line; no Python error."""
    import os
    import subprocess
    import sys

    read, write = os.pipe()
    command = [sys.executable, "-m", "assistant.cli", "search", "תחומי מיקוד", "--k", "20"]
    with subprocess.Popen(command, stdout=write, stderr=subprocess.PIPE) as process:
        os.close(write)
        os.close(read)  # the reader has gone before anything was written
        _, err = process.communicate(timeout=120)
    assert process.returncode == 1 and b"Traceback" not in err and b"BrokenPipe" not in err, err.decode()[-1500:]


def test_empty_query_exits_with_a_message(lexical_env, capsys):
    assert main(["--lang", "en", "search", "   "]) == 2
    assert "empty search" in capsys.readouterr().err


def test_missing_corpus_message(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("FORUM_CORPUS_DIR", str(tmp_path / "nowhere"))
    assert main(["--lang", "en", "index"]) == 2
    err = capsys.readouterr().err
    assert "nowhere" in err and "FORUM_CORPUS_DIR" in err and "Traceback" not in err


def test_bad_model_setting_is_named(monkeypatch, make_corpus, tmp_path, capsys):
    monkeypatch.setenv("FORUM_CORPUS_DIR", str(make_corpus({"a.md": "# A\n\nsome text"})))
    monkeypatch.setenv("FORUM_EMBEDDING_MODEL", str(tmp_path / "missing-model"))
    monkeypatch.setenv("FORUM_DENSE_WEIGHT", "1")
    assert main(["--lang", "en", "index"]) == 0  # the words are indexed: search works without the model
    err = capsys.readouterr().err
    assert "FORUM_EMBEDDING_MODEL" in err and "missing-model" in err and "by their words only" in err
    assert main(["--lang", "en", "search", "some", "text", "--json"]) == 0
    captured = capsys.readouterr()
    assert "some text" in json.loads(captured.out)["results"][0]["text"]
    assert "by their words only" in captured.err and "FORUM_EMBEDDING_MODEL" in captured.err


def test_eval_retrieval_prints_the_contract(lexical_env, capsys):
    assert main(["eval-retrieval", str(DATA / "retrieval_dev.he.jsonl"), "--k", "5", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"n", "k", "recall_at_k", "mrr"}
    assert out["n"] == 45 and out["k"] == 5 and 0.8 <= out["recall_at_k"] <= 1


def test_eval_retrieval_bad_file(lexical_env, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    assert main(["--lang", "en", "eval-retrieval", str(bad)]) == 2
    assert "line 1" in capsys.readouterr().err


def test_a_query_in_another_language_is_told_the_documents_language(lexical_env, capsys):
    assert main(["--lang", "ar", "search", "كيف", "نختار", "مجالات", "التركيز؟", "--json"]) == 0
    captured = capsys.readouterr()
    assert "مكتوبة بالعبرية" in captured.err and json.loads(captured.out)["query"]
    assert main(["--lang", "ar", "search", "תחומי", "מיקוד", "--json"]) == 0
    assert capsys.readouterr().err == ""


def test_search_names_the_query_words_the_documents_never_use(lexical_env, capsys):
    assert main(["--lang", "en", "search", "ערר", "על", "ארנונה", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err.strip() == "The documents never use the words “ערר” and “ארנונה”."
    assert json.loads(captured.out)["query"] == "ערר על ארנונה"


def test_search_corrects_a_typing_slip_and_says_so(lexical_env, capsys):
    assert main(["--lang", "en", "search", "מה", "תפקיד", "המינלהת?", "--k", "3", "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.err.strip() == "Searched for “המינהלת” instead of “המינלהת”."
    out = json.loads(captured.out)
    assert out["query"] == "מה תפקיד המינלהת?" and out["searched"] == "מה תפקיד המינהלת?"
    assert out["corrections"] == [{"typed": "המינלהת", "corrected": "המינהלת"}]
    assert any("המינהלת" in r["text"] for r in out["results"])
    assert main(["--lang", "en", "search", "מה", "תפקיד", "המינלהת?", "--json", "--as-typed"]) == 0
    captured = capsys.readouterr()
    assert "Searched for" not in captured.err and json.loads(captured.out)["corrections"] == []


def test_a_setting_that_cannot_be_read_is_named_without_a_traceback(monkeypatch, capsys):
    monkeypatch.setenv("FORUM_REFRESH_SECONDS", "soon")
    monkeypatch.setenv("FORUM_LANGUAGE", "fr")  # the default language itself: said in the app's default
    assert main(["index"]) == 2
    err = capsys.readouterr().err
    assert "הגדרה לא תקינה" in err and "FORUM_REFRESH_SECONDS" in err and "FORUM_LANGUAGE" in err
    assert "Traceback" not in err and "soon" not in err  # the value itself is not repeated (it may be a key)
    assert main(["--lang", "en", "index"]) == 2
    assert "Invalid setting: FORUM_LANGUAGE" in capsys.readouterr().err


def test_eval_retrieval_says_how_far_its_figures_can_be_trusted(lexical_env, capsys):
    assert main(["--lang", "en", "eval-retrieval", str(DATA / "retrieval_dev.he.jsonl")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("n=45 k=5 recall@k=")
    low, high = (float(x) for x in re.search(r"recall@k (\S+)-(\S+),", lines[1]).groups())
    recall = float(re.search(r"recall@k=(\S+)", lines[0]).group(1))
    assert lines[1].startswith("95% intervals:") and low < recall <= high and high - low > 0.1
