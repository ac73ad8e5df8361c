"""The services, built in one place from settings: each once, on first use, however many ask."""

from __future__ import annotations

import threading
import time

from assistant.retrieval import engine
from assistant.services import Services


def test_each_service_is_built_once_even_when_sessions_ask_together(monkeypatch, make_settings):
    built = []
    real = engine.open_retriever

    def slow_open(settings):
        built.append(threading.current_thread().name)
        time.sleep(0.2)
        return real(settings)

    monkeypatch.setattr(engine, "open_retriever", slow_open)
    services = Services(make_settings())
    got = []
    threads = [threading.Thread(target=lambda: got.append(services.retriever)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1 and len(got) == 4 and all(r is got[0] for r in got)


def test_building_one_service_does_not_hold_up_another(monkeypatch, make_settings):
    release, started = threading.Event(), threading.Event()

    def waiting_open(settings):
        started.set()
        release.wait(10)
        return object()

    monkeypatch.setattr(engine, "open_retriever", waiting_open)
    services = Services(make_settings())
    slow = threading.Thread(target=lambda: services.retriever)
    slow.start()
    try:
        assert started.wait(5)
        began = time.monotonic()
        assert services.limits.max_participants == services.settings.max_participants
        assert time.monotonic() - began < 2  # not waiting for the retriever
    finally:
        release.set()
        slow.join()


def test_a_server_warms_its_retriever_up_in_the_background(monkeypatch, make_settings):
    """The word lists load while the page is drawn; the first question does not wait for them."""
    release, started = threading.Event(), threading.Event()

    class SlowToWarm:
        def warm_up(self):
            self.thread = threading.current_thread()
            started.set()
            release.wait(10)

    fake = SlowToWarm()
    monkeypatch.setattr(engine, "open_retriever", lambda settings: fake)
    try:
        assert Services(make_settings(), warm_up=True).retriever is fake  # returned while the warm-up still waits
        assert started.wait(5) and fake.thread is not threading.main_thread() and fake.thread.daemon
    finally:
        release.set()


def test_the_playbook_and_the_retriever_share_the_passages(make_settings):
    services = Services(make_settings())
    assert services.passages_by_id  # read from the index, no ranker opened
    assert not services.built("retriever")
    other = Services(make_settings())
    retriever = other.retriever
    assert other.passages is retriever.passages  # once the retriever is open, its own
    assert other.playbook.meetings and other.step_matcher is other.step_matcher


def test_closing_opens_nothing_and_lets_go_of_the_store(make_settings):
    services = Services(make_settings())
    services.close()
    assert not services.built("store")
    store = services.store
    services.close()
    assert services.store is store  # kept: closing only lets go of its connections
