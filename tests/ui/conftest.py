"""Fixtures of the pages' tests: a demo forum in the database the app under AppTest opens."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from assistant.config import get_settings
from assistant.demo import create_demo
from assistant.playbook.loader import load_playbook
from assistant.store.database import open_store
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def playbook():
    return load_playbook(PROJECT / "prompts")


@pytest.fixture
def make_demo(tmp_path, monkeypatch, playbook):
    """`make_demo(participants)`: (store, DemoForum), the demo forum in the app's own database
    (its exports in the test's folder)."""
    import streamlit as st

    stores = []

    def factory(participants: int = 10):
        monkeypatch.setenv("FORUM_EXPORTS_DIR", str(tmp_path / "exports"))
        get_settings.cache_clear()
        st.cache_resource.clear()
        store = open_store(get_settings().resolved_database_url)
        stores.append(store)
        return store, create_demo(store, playbook, participants=participants, base_url="http://test.invalid/",
                                  seed=3)

    yield factory
    for store in stores:
        store.dispose()


def token_of(url: str, param: str) -> str:
    return parse_qs(urlsplit(url).query)[param][0]
