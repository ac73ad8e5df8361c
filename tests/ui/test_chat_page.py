"""The assistant page through AppTest: cited offline answers, suggested actions
that run store commands, converging a step's ideas, and the LLM path (streamed,
or a failing endpoint that falls back with a notice and never crashes)."""

from __future__ import annotations

import re
import shutil
import threading

import pytest
from streamlit.testing.v1 import AppTest

from assistant.chat.answer import Fallback, Mode
from assistant.config import get_settings
from assistant.forum.vocabulary import IdeaKind, IdeaStatus
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands, queries
from assistant.store.database import open_store
from assistant.ui import state
from tests.apptest import render_page
from tests.conftest import PROJECT
from tests.live import free_port


@pytest.fixture(scope="module", autouse=True)
def _fresh_caches():
    import streamlit as st

    st.cache_resource.clear()


@pytest.fixture
def forum(lexical_index, monkeypatch):
    monkeypatch.setenv("FORUM_DENSE_WEIGHT", "0")
    get_settings.cache_clear()
    settings = get_settings()
    shutil.copytree(lexical_index, settings.index_dir)
    store = open_store(settings.resolved_database_url)
    created = commands.create_forum(store, title="פורום STEM", locality="בית הכרם", domain="stem",
                                    language="he", plan=forum_plan(load_playbook(PROJECT / "prompts")))
    root = next(s.id for s in created.forum.steps if s.key == "m2-root-problems")
    commands.go_to_step(store, created.forum.id, root)
    yield store, created
    store.dispose()


def page(token: str) -> AppTest:
    from assistant.ui import chat_page

    at = render_page(chat_page.render, f=token)
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input(key=state.CHAT_INPUT).set_value(question).run()
    assert not at.exception, at.exception
    return at


def _html(at) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


def test_an_offline_answer_with_numbered_citations(forum):
    _store, created = forum
    at = ask(page(created.facilitator_token), "מה התוצרים של המפגש השני?")
    entry = at.session_state[state.CHAT_HISTORY][-1]
    answer = entry.payload
    assert entry.kind == "answer" and answer.mode is Mode.OFFLINE and len(answer.citations) >= 5
    assert "מספר ההנחיה: מפגש 2" in _html(at) and "[1]" in _html(at)
    labels = [e.label for e in at.expander]
    assert any(label.startswith("\\[1\\]") for label in labels) and len(labels) >= len(answer.citations)
    assert answer.citations[0].passage_id in "\n".join(c.value for c in at.caption)
    assert at.title[0].value == "עוזר ההנחיה"


def test_a_question_about_the_votes_is_answered_from_the_forums_results(forum):
    store, created = forum
    fid = created.forum.id
    poll = commands.create_poll(store, fid, title="עדיפויות", method="dots", labels=["הסעות", "נשירה"],
                                open_now=True)
    commands.record_paper_votes(store, fid, poll.id, 2, {poll.options[1].id: 4})
    at = ask(page(created.facilitator_token), "מי ניצח בהצבעה?")
    assert "תוצאות ההצבעות במפגש 2:" in _html(at) and "1. נשירה · נקודות: 4" in _html(at)
    assert "התשובה מתוצאות ההצבעות בפורום, כפי שנספרו" in [c.value for c in at.caption]
    assert not at.expander  # no passages to cite


def test_questions_about_the_rooms_ideas_and_attendance_are_answered_from_the_forum(forum):
    store, created = forum
    fid = created.forum.id
    commands.add_idea(store, fid, "אין *הסעות* לחוגים", kind="challenge")
    commands.record_attendance(store, fid, 2, 35)
    at = ask(page(created.facilitator_token), "אילו אתגרים הועלו?")
    assert "• אין *הסעות* לחוגים" in _html(at)  # as typed, never Markdown
    assert "התשובה מהרעיונות שנשלחו לפורום, כפי שהם עכשיו במסוף (בלי מוסתרים ומאוחדים)" in [
        c.value for c in at.caption]
    at.chat_input(key=state.CHAT_INPUT).set_value("כמה אנשים היו במפגש השני?").run()
    assert "מפגש 2: בחדר 35 לפי ספירת המנחה" in _html(at) and not at.expander


def test_cited_lines_the_pdf_gave_in_visual_order_read_in_reading_order(forum):
    _store, created = forum
    at = ask(page(created.facilitator_token), "יכולות אירגוניות וסטטוטוריות בעיצוב וניהול כלל המענים לתושב")
    answer = at.session_state[state.CHAT_HISTORY][-1].payload
    assert any("אירגוניות  ביכולות  יחסי" in c.text for c in answer.citations)  # as extracted
    html = _html(at)
    assert re.search(r"<mark [^>]*>וסטטוטוריות</mark>", html)  # the question's words are marked
    shown = " ".join(re.sub(r"<mark [^>]*>|</mark>", "", html).split())
    assert "יחסי ביכולות אירגוניות וסטטוטוריות, בעיצוב וניהול כלל המענים לתושב" in shown
    assert "אירגוניות ביכולות יחסי" not in shown


def test_a_corrected_slip_is_said_and_its_document_word_marked(forum):
    _, created = forum
    at = ask(page(created.facilitator_token), "מי יושב במינלהת היישובית?")
    answer = at.session_state[state.CHAT_HISTORY][-1].payload
    assert answer.covered and answer.searched == "מי יושב במינהלת היישובית?"
    assert answer.text.startswith('חיפשתי "במינהלת" במקום "במינלהת".')
    html = _html(at)
    assert "חיפשתי &quot;במינהלת&quot; במקום &quot;במינלהת&quot;." in html
    assert re.search(r"<mark [^>]*>(ה|ו|ב|ל)*מינהלת", html)  # the word searched, not the slip


def test_a_suggested_action_runs_its_store_command(forum):
    store, created = forum
    at = page(created.facilitator_token)
    at.button(key="chat.action.open_collection").click().run()
    assert not at.exception
    with store.read() as session:
        assert queries.get_forum(session, created.forum.id).collecting_kind is IdeaKind.CHALLENGE
    assert "האיסוף פתוח" in "\n".join(s.value for s in at.success)
    assert not [b for b in at.button if b.key == "chat.action.open_collection"]  # done: no longer suggested


def test_a_suggested_merge_quotes_the_ideas_as_typed(forum):
    store, created = forum
    fid = created.forum.id
    commands.open_collection(store, fid, "challenge")
    for text in ("מחסור **במורים** [למתמטיקה](http://evil.example)", "מחסור **במורים** [למתמטיקה](http://evil.example)!"):
        commands.add_idea(store, fid, text, kind="challenge")
    at = page(created.facilitator_token)
    label = at.button(key="chat.action.merge_duplicates").proto.label
    assert "http://evil" not in label and "\\*\\*במורים\\*\\*" in label  # escaped: shown as typed
    assert label.startswith("איחוד כפילות") and "#" not in label


def test_themes_and_duplicates_of_the_steps_ideas(forum):
    store, created = forum
    fid = created.forum.id
    for text in ("מחסור במורים <b>למתמטיקה</b>", "מחסור במורים <b>למתמטיקה</b>!", "חסרים מורים למתמטיקה",
                 "אין תחבורה ציבורית לחוגים", "התחבורה הציבורית לא מגיעה לחוגים"):
        commands.add_idea(store, fid, text, kind="challenge")
    at = page(created.facilitator_token)
    at.button(key="chat.converge.themes").click().run()
    assert not at.exception
    themes = at.session_state[state.CHAT_HISTORY][-1].payload
    assert len(themes.themes) == 2
    html = _html(at)
    assert "&lt;b&gt;למתמטיקה&lt;/b&gt;" in html and "<b>למתמטיקה</b>" not in html  # literal, never markup

    at.button(key="chat.converge.duplicates").click().run()
    merge = next(b for b in at.button if b.key.startswith("chat.merge."))
    merge.click().run()
    assert not at.exception
    with store.read() as session:
        statuses = [i.status for i in queries.ideas(session, fid, statuses=tuple(IdeaStatus))]
    assert statuses.count(IdeaStatus.MERGED) == 1


def test_a_failing_llm_endpoint_shows_the_fallback_notice(forum, monkeypatch):
    _store, created = forum
    monkeypatch.setenv("FORUM_LLM", "openai:stub-model")
    monkeypatch.setenv("FORUM_LLM_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    monkeypatch.setenv("FORUM_LLM_TIMEOUT", "3")
    get_settings.cache_clear()
    at = ask(page(created.facilitator_token), "מה עושים עם הדו\"ח הראשוני של המיפוי?")
    answer = at.session_state[state.CHAT_HISTORY][-1].payload
    assert answer.fallback is Fallback.ERROR and answer.citations
    assert "מודל השפה לא ענה" in at.warning[0].value
    assert "תשובה מהמסמכים" in "\n".join(c.value for c in at.caption)


def test_an_llm_answer_streams_into_the_page(forum, monkeypatch):
    from tests.llm.test_openai_stub import ANSWER, StubServer

    server = StubServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _store, created = forum
        monkeypatch.setenv("FORUM_LLM", "openai:stub-model")
        monkeypatch.setenv("FORUM_LLM_BASE_URL", server.base_url)
        get_settings.cache_clear()
        at = ask(page(created.facilitator_token), "מה עושים עם הדו\"ח הראשוני של המיפוי?")
        answer = at.session_state[state.CHAT_HISTORY][-1].payload
        assert answer.mode is Mode.LLM and answer.text == ANSWER
        assert [c.number for c in answer.citations] == [1, 2]
        assert server.requests[0]["body"]["stream"] is True
        assert ANSWER in _html(at) and not at.warning
    finally:
        server.shutdown()
        server.server_close()
