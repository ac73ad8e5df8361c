"""The app's long-lived services, built from settings in one place: the store, the retriever,
the playbook and its step matcher, the assistant, idea vectors, automatic backups and the
limits on joining. No Streamlit here: the UI caches one `Services` per settings
(`assistant/ui/services.py`), each command of the command line builds its own, and the demo
takes what it is given.

Each service is built on first use, once, even when several sessions ask at the same moment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from assistant.config import Settings

if TYPE_CHECKING:
    import numpy as np

    from assistant.chat.answer import Answerer
    from assistant.chat.guide import StepMatcher
    from assistant.chat.llm_answerer import TextModel
    from assistant.chat.offline import OfflineAnswerer
    from assistant.corpus.models import Passage
    from assistant.exports.autobackup import AutoBackups
    from assistant.forum.guard import Limits
    from assistant.playbook.models import Playbook
    from assistant.retrieval.engine import Retriever
    from assistant.store.database import Store

T = TypeVar("T")


def _once(build: Callable[[Services], T]) -> property:
    """A service built on first use and kept; a second caller waits for the first to finish."""
    name = build.__name__

    def get(self: Services) -> T:
        try:
            return self._built[name]
        except KeyError:
            pass
        with self._lock_for(name):
            if name not in self._built:
                self._built[name] = build(self)
            return self._built[name]

    get.__doc__ = build.__doc__
    return property(get)


class Services:
    def __init__(self, settings: Settings, *, warm_up: bool = False) -> None:
        self.settings = settings
        self._warm_up = warm_up  # a server warms the retriever's word lists up in the background
        self._built: dict[str, Any] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock_for(self, name: str) -> threading.Lock:
        """One lock per service: building the retriever does not hold up opening the store."""
        with self._guard:
            return self._locks.setdefault(name, threading.Lock())

    def built(self, name: str) -> bool:
        """Whether the service `name` has been built (closing need not build it)."""
        return name in self._built

    @_once
    def store(self) -> Store:
        """The forums' database (SQLite or PostgreSQL), migrated to the current schema."""
        from assistant.store.database import open_store

        return open_store(self.settings.resolved_database_url)

    @_once
    def retriever(self) -> Retriever:
        """Search over the methodology documents (the index is refreshed first if the corpus changed)."""
        from assistant.retrieval.engine import open_retriever

        engine = open_retriever(self.settings)
        if self._warm_up:
            threading.Thread(target=engine.warm_up, name="retriever-warm-up", daemon=True).start()
        return engine

    @_once
    def passages(self) -> Sequence[Passage]:
        """The corpus's passages: the retriever's when it is open, else read from the index
        (no ranker is opened for them)."""
        if self.built("retriever"):
            return self.retriever.passages
        from assistant.playbook.evidence import corpus_passages

        return corpus_passages(self.settings)

    @_once
    def passages_by_id(self) -> dict[str, Passage]:
        return {p.passage_id: p for p in self.passages}

    @_once
    def playbook(self) -> Playbook:
        """The four meetings, each step's backing passages checked against the corpus."""
        from assistant.playbook.loader import load_playbook

        return load_playbook(self.settings.prompts_dir, list(self.passages))

    @_once
    def team_playbook(self) -> Playbook:
        """The professional teams' four meetings after the forum, checked as the forum's are."""
        from assistant.playbook.loader import load_team_playbook

        return load_team_playbook(self.settings.prompts_dir, list(self.passages))

    @_once
    def step_matcher(self) -> StepMatcher:
        """Finds the playbook step a question is about, in any of its languages."""
        from assistant.chat.guide import StepMatcher

        return StepMatcher(self.playbook)

    @_once
    def offline_answerer(self) -> OfflineAnswerer:
        from assistant.chat.offline import OfflineAnswerer

        settings = self.settings
        return OfflineAnswerer(self.retriever, self.playbook, threshold=settings.chat_min_score,
                               passages=settings.chat_passages, matcher=self.step_matcher,
                               meaning_threshold=settings.meaning_threshold,
                               elsewhere_margin=settings.elsewhere_margin)

    @_once
    def text_model(self) -> TextModel | None:
        """The configured language model (None: offline only)."""
        from assistant.chat.service import text_model

        return text_model(self.settings)

    @property
    def answerer(self) -> Answerer:
        """The assistant: offline, or the LLM with the offline answer to fall back on."""
        from assistant.chat.service import make_answerer

        return make_answerer(self.offline_answerer, self.text_model)

    @_once
    def idea_vectors(self) -> IdeaVectors:
        return IdeaVectors(self.settings)

    @_once
    def autobackups(self) -> AutoBackups:
        """The forums' automatic backups (one per server process, so it remembers what it saw)."""
        from assistant.exports.autobackup import AutoBackups

        settings = self.settings
        return AutoBackups(settings.exports_dir, timedelta(minutes=settings.backup_minutes), settings.backup_keep)

    @_once
    def limits(self) -> Limits:
        """The limits on joining (FORUM_MAX_PARTICIPANTS, FORUM_JOIN_BURST, FORUM_JOINS_PER_MINUTE)."""
        from assistant.forum import guard

        settings = self.settings
        return guard.Limits(join=guard.RateLimit(burst=settings.join_burst, per_minute=settings.joins_per_minute),
                            max_participants=settings.max_participants)

    def close(self) -> None:
        """Let go of the database connections (a command line's services, when it is done)."""
        if self.built("store"):
            self.store.dispose()


class IdeaVectors:
    """Ideas embedded by the meaning model, each text once (a wall is compared again at every
    rerun). Gives None when the meaning side is off or its model cannot load: n-grams then."""

    LIMIT = 20_000

    def __init__(self, settings: Settings) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, np.ndarray] = {}
        self._embedder = None
        if settings.dense_weight > 0:
            from assistant.errors import EmbeddingModelError
            from assistant.retrieval.embeddings import settings_embedder

            try:
                self._embedder = settings_embedder(settings)
            except EmbeddingModelError:
                self._embedder = None

    def __call__(self, texts: Sequence[str]) -> np.ndarray | None:
        """One unit-length row per text, by meaning; None when there is no meaning model."""
        if self._embedder is None or not texts:
            return None
        import numpy as np

        with self._lock:
            if len(self._known) > self.LIMIT:
                self._known.clear()
            for text in texts:
                if text not in self._known:
                    self._known[text] = self._embedder.embed_query(text)
            return np.vstack([self._known[text] for text in texts])
