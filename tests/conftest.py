"""Fixture factories: one per concept (settings, corpus folder, retriever)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.config import Settings, get_settings

PROJECT = Path(__file__).resolve().parent.parent
SHIPPED_CORPUS = PROJECT / "corpus"
DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test reads the developer's data directory or FORUM_* variables."""
    import os

    for name in list(os.environ):
        if name.startswith("FORUM_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FORUM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def make_settings(tmp_path) -> Callable[..., Settings]:
    """Settings over a private data dir; lexical-only unless asked otherwise."""

    def factory(**overrides) -> Settings:
        values = {"data_dir": tmp_path / "data", "corpus_dir": SHIPPED_CORPUS, "dense_weight": 0.0}
        values.update(overrides)
        return Settings(**values)

    return factory


@pytest.fixture
def make_corpus(tmp_path) -> Callable[..., Path]:
    """A corpus folder with the given files ({name: text or bytes}); `shipped=True` copies ours."""

    def factory(files: dict[str, str | bytes] | None = None, shipped: bool = False, name: str = "corpus") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        if shipped:
            for item in SHIPPED_CORPUS.iterdir():
                shutil.copy(item, root / item.name)
        for filename, content in (files or {}).items():
            path = root / filename
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return factory


@pytest.fixture(scope="session")
def shipped_retriever(tmp_path_factory):
    """The full lexical retriever over the shipped corpus, built once."""
    from assistant.retrieval.engine import open_retriever

    settings = Settings(data_dir=tmp_path_factory.mktemp("shipped"), corpus_dir=SHIPPED_CORPUS, dense_weight=0.0)
    return open_retriever(settings)
