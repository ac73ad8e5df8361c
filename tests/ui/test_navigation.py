"""Which page path a browser asked for, and the pages a link's role gets."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from assistant.ui import navigation, state
from tests.conftest import PROJECT


@pytest.mark.parametrize(("url", "unknown"), [
    ("http://10.0.0.5:8501/nothing", "nothing"),
    ("http://10.0.0.5:8501/consol/", "consol"),
    ("http://10.0.0.5:8501/a/b", None),  # never a page's path
    ("http://localhost:8501/", None),
    ("http://localhost:8501", None),
    ("http://localhost:8501/search", None),
    ("http://localhost:8501/phone", None),
    ("http://localhost:8501/start", None),  # the default page's own path
    ("http://localhost:8501/%3Cscript%3E", None),
    (None, None),  # no browser (AppTest, a script run without one)
])
def test_a_path_is_unknown_only_when_no_page_has_it(monkeypatch, url, unknown):
    monkeypatch.setattr(navigation.st, "context", SimpleNamespace(url=url))
    assert navigation.requested_path() == unknown


@pytest.mark.parametrize(("url", "unknown"), [
    ("https://city.example/forum/", None),  # the server's own base path is no page's
    ("https://city.example/forum", None),
    ("https://city.example/forum/phone", None),
    ("https://city.example/forum/consol", "consol"),
])
def test_a_server_under_a_base_path_counts_paths_after_it(monkeypatch, url, unknown):
    from streamlit import config

    monkeypatch.setattr(navigation.st, "context", SimpleNamespace(url=url))
    config.set_option("server.baseUrlPath", "/forum/")
    try:
        assert navigation.requested_path() == unknown
    finally:
        config.set_option("server.baseUrlPath", "")


def test_an_unknown_path_is_one_more_hidden_door_to_the_roles_default_page():
    def listing():
        import json

        import streamlit as st

        from assistant.forum.access import Role
        from assistant.ui import navigation

        described = [[p.url_path, p.title, p._visibility, p._page.__name__]
                     for p in navigation.pages_for(Role.PARTICIPANT, "phone_x")]
        plain = [p.url_path for p in navigation.pages_for(Role.PARTICIPANT)]
        st.text(json.dumps({"pages": described, "plain": plain}))

    at = AppTest.from_function(listing).run()
    assert not at.exception, at.exception
    found = json.loads(at.text[0].value)
    assert [p[0] for p in found["pages"]] == found["plain"] + ["phone_x"]
    assert found["pages"][-1][1:] == [found["pages"][0][1], "hidden", "phone_page"]


def test_the_warm_up_freezes_what_the_libraries_loaded(monkeypatch):
    """Python's oldest collection walked everything the libraries loaded, about 0.2 s holding
    every thread each time: once the pages are loaded, that is frozen."""
    import gc
    import threading

    for thread in threading.enumerate():  # the server's own warm-up, begun after an earlier test's run
        if thread.name == "pages-warm-up":
            thread.join(120)
    done = []
    monkeypatch.setattr(navigation, "WARM_MODULES", ("assistant.forum.vocabulary",))
    monkeypatch.setattr(gc, "freeze", lambda: done.append("frozen"))
    navigation._warm_up()
    assert done == ["frozen"]


@pytest.fixture
def fresh_modules(tmp_path, monkeypatch):
    """A folder of modules no test has imported, on the path; each records whether the
    navigation's import lock was held while its body ran."""
    import sys

    monkeypatch.syspath_prepend(str(tmp_path))

    def make(name: str) -> str:
        (tmp_path / f"{name}.py").write_text(
            "from assistant.ui import navigation\nHELD = navigation._IMPORTING.locked()\n", encoding="utf-8")
        monkeypatch.delitem(sys.modules, name, raising=False)
        return name

    return make


def test_the_warm_up_starts_once_when_a_first_run_ends_even_a_failed_one(monkeypatch):
    import threading

    started = []
    monkeypatch.setattr(navigation, "_warm_up_started", threading.Event())
    monkeypatch.setattr(navigation, "_warm_up", lambda: started.append(threading.current_thread().name))
    monkeypatch.setattr(navigation, "_run", lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        navigation.run()
    monkeypatch.setattr(navigation, "_run", lambda: None)
    navigation.run()
    for thread in threading.enumerate():
        if thread.name == "pages-warm-up" and thread is not threading.current_thread():
            thread.join(5)
    assert started == ["pages-warm-up"]


def test_the_warm_up_imports_each_module_under_the_lock_the_pages_take(fresh_modules):
    """Python fails one of two threads that import the same packages in another order at once
    (`_DeadlockError`): a fresh server's first page, drawn while the warm-up imported, showed
    Streamlit's error box. Neither imports without the other's lock."""
    import importlib

    warm, page = fresh_modules("forum_warm_test"), fresh_modules("forum_page_test")
    navigation._warm([warm])
    assert importlib.import_module(warm).HELD
    assert navigation.imported(page).HELD


def test_a_page_waits_for_the_module_being_warmed_and_not_for_one_already_loaded(fresh_modules):
    import threading

    page = fresh_modules("forum_waiting_test")
    done = threading.Event()
    with navigation._IMPORTING:  # the warm-up is importing something
        assert navigation.imported("json").dumps([1]) == "[1]"  # loaded: no wait
        waiting = threading.Thread(target=lambda: (navigation.imported(page), done.set()))
        waiting.start()
        assert not done.wait(0.3)  # not loaded: it waits its turn
    assert done.wait(5)
    waiting.join()


@pytest.mark.parametrize(("language", "words"), [("he", "השרת לא הוגדר כראוי"), ("ar", "لم يُضبط الخادم")])
def test_a_setting_that_cannot_be_read_is_named_on_the_page_in_the_browser_s_language(monkeypatch, language, words):
    monkeypatch.setenv("FORUM_LLM_TIMEOUT", "-5")
    monkeypatch.setattr(navigation, "browser_language", lambda: language)
    at = AppTest.from_file(str(PROJECT / "streamlit_app.py"), default_timeout=60).run()
    assert not at.exception
    [error] = at.error
    assert words in error.value and "FORUM_LLM_TIMEOUT" in error.value and "-5" not in error.value
    assert at.session_state[state.LANGUAGE] == language


def test_the_warm_up_lets_a_waiting_page_import_before_its_next_module(fresh_modules, tmp_path):
    """A released lock is not handed to the thread waiting for it: the warm-up, taking it again
    for its next module at once, kept a fresh server's first page waiting for all of them."""
    import threading

    order = []
    page = fresh_modules("forum_first_page_test")
    warm = [fresh_modules(f"forum_warm_{n}_test") for n in range(3)]
    (tmp_path / f"{warm[0]}.py").write_text("import time\ntime.sleep(0.3)\n", encoding="utf-8")  # a slow one
    real_import = navigation.importlib.import_module

    def recording(name, *args):
        if name.startswith("forum_"):
            order.append(name)
        return real_import(name, *args)

    navigation.importlib.import_module = recording
    try:
        warming = threading.Thread(target=navigation._warm, args=(warm,))
        warming.start()
        while not order:  # the warm-up is importing its first module
            threading.Event().wait(0.001)
        navigation.imported(page)  # a page opened meanwhile
        warming.join(5)
    finally:
        navigation.importlib.import_module = real_import
    assert order == [warm[0], page, warm[1], warm[2]]
    assert navigation._pages_waiting == 0
