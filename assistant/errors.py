"""Errors a user can hit. Each carries a catalog key and parameters, so the UI
and the CLI can say it in the user's language."""

from __future__ import annotations

from typing import Any


class ForumError(Exception):
    """Base for every error shown to a user."""

    key = "error.generic"

    def __init__(self, **params: Any) -> None:
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)

    def message(self, language: str | None = None) -> str:
        from assistant.i18n import translate

        return translate(self.key, language, **self.params)


class EmptyQueryError(ForumError):
    key = "error.empty_query"


class CorpusMissingError(ForumError):
    key = "error.corpus_missing"


class CorpusEmptyError(ForumError):
    key = "error.corpus_empty"


class EmbeddingModelError(ForumError):
    """The configured embedding model can't be loaded; names the setting."""

    key = "error.embedding_model"


class IndexNotReadyError(ForumError):
    key = "error.index_not_ready"


class EvalFileError(ForumError):
    key = "error.eval_file"
