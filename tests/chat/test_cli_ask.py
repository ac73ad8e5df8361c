"""`forum-assistant ask`: JSON shape, forum state, an unknown forum, the LLM path
(refusals are covered by tests/chat/test_offline_answers.py)."""

from __future__ import annotations

import json
import shutil
import threading

import pytest

from assistant.cli import main
from assistant.config import get_settings
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands
from assistant.store.database import open_store
from tests.conftest import PROJECT


@pytest.fixture
def data_dir(lexical_index, monkeypatch):
    monkeypatch.setenv("FORUM_DENSE_WEIGHT", "0")
    get_settings.cache_clear()
    shutil.copytree(lexical_index, get_settings().index_dir)
    return get_settings().data_dir


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_json(data_dir, capsys):
    code, out, _ = run(capsys, "ask", "כמה", "אנשים", "אמורים", "להשתתף", "בכל", "צוות", "מקצועי?", "--json")
    data = json.loads(out)
    assert code == 0 and data["mode"] == "offline" and data["covered"] is True
    assert "[1]" in data["answer"] and len(data["citations"]) >= 3
    assert all(set(c) == {"document", "section", "passage_id", "text"} for c in data["citations"])
    assert any("10-15" in c["text"] for c in data["citations"])


def test_ask_knows_the_forums_step(data_dir, capsys):
    store = open_store(get_settings().resolved_database_url)
    created = commands.create_forum(store, title="פורום", locality="עכו", domain="youth", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")))
    store.dispose()
    code, out, _ = run(capsys, "--lang", "en", "ask", "What now?", "--forum", str(created.forum.id))
    assert code == 0 and out.startswith("Now: Meeting 1 · step 1 of 9")
    assert "\n[1] " in out  # the citations, listed


def test_an_unknown_forum_is_one_clear_line(data_dir, capsys):
    code, out, err = run(capsys, "ask", "מה עושים עכשיו?", "--forum", "424242", "--json")
    assert code == 2 and out == "" and "424242" in err and len(err.strip().splitlines()) == 1


def test_ask_through_an_llm(data_dir, capsys, monkeypatch):
    from tests.llm.test_openai_stub import ANSWER, StubServer

    server = StubServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("FORUM_LLM", "openai:stub-model")
        monkeypatch.setenv("FORUM_LLM_BASE_URL", server.base_url)
        get_settings.cache_clear()
        code, out, err = run(capsys, "ask", "מה עושים עם הדו\"ח הראשוני של המיפוי?", "--json")
        data = json.loads(out)
        assert code == 0 and data["mode"] == "llm" and data["answer"] == ANSWER
        assert len(data["citations"]) == 2
        assert err == ""
    finally:
        server.shutdown()
        server.server_close()
