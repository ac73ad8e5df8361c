"""The app's pages through Streamlit's AppTest, over a forum in the app's own database.

Import the fixtures into a folder's conftest (`from tests.apptest import make_app_forum`).
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import (
    AlertBase,
    Block,
    Expander,
    HeadingBase,
    Html,
    Markdown,
    Radio,
    Tab,
    Toast,
    Widget,
)

from tests.conftest import PROJECT

APP = str(PROJECT / "streamlit_app.py")


@dataclass(frozen=True)
class AppForum:
    created: object  # ForumCreated
    joined: object  # Joined: a participant
    path: Path  # the SQLite file

    @property
    def forum_id(self) -> int:
        return self.created.forum.id

    def store(self):
        from assistant.store.database import open_store

        return open_store(f"sqlite:///{self.path}")


@pytest.fixture
def make_app_forum(monkeypatch, lexical_index):
    """`make_app_forum(language="ar", collecting="idea", step=None)`: a forum in the database the
    app under AppTest opens, collecting ideas in the given step (key), and one participant.
    Every connection is closed before it returns, so the app opens the store afresh."""
    import streamlit as st

    from assistant.config import get_settings
    from assistant.playbook.loader import load_playbook
    from assistant.playbook.plan import forum_plan
    from assistant.store import commands, database
    from assistant.store.database import open_store

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 300)  # a busy database answers in 0.3 s, not 15
    monkeypatch.setenv("FORUM_DENSE_WEIGHT", "0")  # the console's passages without the embedding model
    get_settings.cache_clear()

    def factory(*, language: str = "he", collecting: str | None = "idea", step: str | None = None,
                **forum) -> AppForum:
        if not get_settings().index_dir.exists():
            shutil.copytree(lexical_index, get_settings().index_dir)
        url = get_settings().resolved_database_url
        store = open_store(url)
        values = {"title": "פורום עיצוב", "locality": "לוד", "domain": "stem", "language": "he"}
        created = commands.create_forum(store, plan=forum_plan(load_playbook(PROJECT / "prompts")),
                                        **{**values, **forum})
        if step:
            step_id = next(s.id for s in created.forum.steps if s.key == step)
            commands.go_to_step(store, created.forum.id, step_id)
        if collecting:
            commands.open_collection(store, created.forum.id, collecting)
        joined = commands.join(store, join_code=created.forum.join_code, sector="ngo", language=language)
        store.dispose()
        st.cache_resource.clear()
        return AppForum(created, joined, Path(url.removeprefix("sqlite:///")))

    yield factory
    st.cache_resource.clear()


def open_page(**params) -> AppTest:
    """The whole app, as a browser opening a link with these query parameters."""
    at = AppTest.from_file(APP, default_timeout=90)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def render_page(render, **params) -> AppTest:
    """One page's render function alone, with these query parameters (bypassing the router)."""
    at = AppTest.from_function(_call, args=(render.__module__, render.__name__), default_timeout=90)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def _call(module: str, name: str) -> None:
    import importlib

    getattr(importlib.import_module(module), name)()


def shown(markdown: str) -> str:
    """Markdown source as the reader sees it, for text whose only markup is backslash escapes
    and invisible word joiners (see assistant.ui.common.markdown_literal)."""
    return _JOINED.sub("", re.sub(r"\\(.)", r"\1", markdown))


_JOINED = re.compile("(?<=:)\u2060(?=//)|(?<=[wW]{3})\u2060(?=\\.)|\u2060(?=@)")


def _nodes(node):
    if isinstance(node, Block):
        yield node
        for child in node.children.values():
            yield from _nodes(child)
    else:
        yield node


def markdown_sources(at: AppTest) -> list[str]:
    """Every string the page hands to Streamlit's Markdown renderer: text elements, alerts,
    toasts, headings, widget and expander labels, radio options."""
    found = []
    for node in _nodes(at._tree):
        if isinstance(node, Markdown | HeadingBase | AlertBase | Toast):
            found.append(node.value)
        if isinstance(node, Widget) and isinstance(getattr(node, "label", None), str):
            found.append(node.label)
        if isinstance(node, Radio):
            found.extend(str(o) for o in node.options)
        if isinstance(node, Expander | Tab):
            found.append(node.label)
    return found


def html_bodies(at: AppTest) -> list[str]:
    return [node.proto.body for node in _nodes(at._tree) if isinstance(node, Html)]


def assert_literal(at: AppTest, text: str) -> None:
    """`text` (something a person typed) is on the page only as text: escaped in HTML, never
    handed raw to the Markdown renderer."""
    escaped = html.escape(text)
    assert any(escaped in body for body in html_bodies(at)), f"not shown: {text!r}"
    if escaped != text:
        assert not [b for b in html_bodies(at) if text in b], f"raw HTML on the page: {text!r}"
    if re.search(r"[\\`*_{}\[\]()#+\-.!|<>~$:&]", text):
        assert not [m for m in markdown_sources(at) if text in m], f"raw Markdown on the page: {text!r}"
