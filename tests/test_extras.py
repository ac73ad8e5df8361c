"""Packages that serve only an optional path are extras (pyproject.toml); without one, that
path says which to install, in one clear message, and everything else works."""

from __future__ import annotations

import sys
import tomllib

import pytest

from assistant.errors import EmbeddingModelError, LlmSetupError, StoreUnavailableError
from tests.conftest import PROJECT

PYPROJECT = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))


def _without(monkeypatch, package: str) -> None:
    """As if `package` were not installed, even when a test before imported it."""
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")] or [package]:
        monkeypatch.setitem(sys.modules, name, None)


def _names(requirements) -> set[str]:
    import re

    return {re.split(r"[<>=\[ ;]", r, maxsplit=1)[0].lower() for r in requirements}


def test_optional_paths_are_extras_and_the_tests_install_them():
    required = _names(PYPROJECT["project"]["dependencies"])
    extras = {name: _names(reqs) for name, reqs in PYPROJECT["project"]["optional-dependencies"].items()}
    assert {"psycopg"} <= extras["postgres"] and {"langchain-openai"} <= extras["openai"]
    assert {"websockets"} <= extras["loadtest"] and {"sentence-transformers", "torch"} <= extras["models"]
    assert not required & (extras["postgres"] | extras["openai"] | extras["loadtest"] | extras["models"])
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert all(name in makefile for name in ("postgres", "openai", "loadtest", "models", "test"))


def test_a_postgresql_url_without_its_driver_names_the_extra_and_hides_the_password(monkeypatch):
    from assistant.store.database import Store

    _without(monkeypatch, "psycopg")
    with pytest.raises(StoreUnavailableError) as caught:
        Store("postgresql+psycopg://forum:s3cret@db.example/forum")
    said = caught.value.message("en")
    assert "[postgres]" in said and "s3cret" not in said and "db.example" in said


def test_another_embedding_model_without_sentence_transformers_names_the_extra(monkeypatch):
    from assistant.retrieval.embeddings import SentenceTransformerEmbedder

    _without(monkeypatch, "sentence_transformers")
    with pytest.raises(EmbeddingModelError) as caught:
        SentenceTransformerEmbedder("/nowhere/model")
    said = caught.value.message("he")
    assert "[models]" in said and "FORUM_EMBEDDING_MODEL" in said


def test_an_openai_model_without_its_provider_names_the_extra(monkeypatch, make_settings):
    from langchain.chat_models import base

    from assistant.llm import chat_model

    _without(monkeypatch, "langchain_openai")
    creators = getattr(base, "_get_chat_model_creator", None)  # LangChain keeps each provider's class
    try:
        if creators is not None:
            creators.cache_clear()
        with pytest.raises(LlmSetupError) as caught:
            chat_model(make_settings(llm="openai:gpt-4o-mini", llm_api_key="x"))
    finally:
        if creators is not None:
            creators.cache_clear()
    assert "[openai]" in caught.value.message("en")


def test_the_load_test_without_its_websocket_client_names_the_extra(monkeypatch, capsys):
    from assistant.cli import main

    _without(monkeypatch, "websockets")
    for module in [m for m in sys.modules if m.startswith(("assistant.loadtest.runner", "assistant.loadtest.client",
                                                             "assistant.loadtest.phone"))]:
        monkeypatch.delitem(sys.modules, module)
    assert main(["--lang", "en", "loadtest", "--url", "http://127.0.0.1:1/"]) == 2
    assert "[loadtest]" in capsys.readouterr().err
