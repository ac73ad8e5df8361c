"""The retriever: rankers over the indexed passages, fused, with citations."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from assistant.config import Settings
from assistant.corpus.models import Passage
from assistant.errors import EmbeddingModelError, EmptyQueryError
from assistant.i18n import parallel_messages
from assistant.retrieval.base import Ranker
from assistant.retrieval.fusion import reciprocal_rank_fusion
from assistant.retrieval.index_store import IndexStore, vectors_match
from assistant.retrieval.word_rankers import word_rankers
from assistant.text.lexicon import WordfreqLexicon
from assistant.text.normalize import (
    LANGUAGE_OF_SCRIPT,
    STOPWORDS,
    analyze,
    dominant_script,
    script_of,
    script_shares,
    words,
)
from assistant.text.parallel import WordTranslations
from assistant.text.query import content_words, matching_forms
from assistant.text.spelling import Correction, Lexicon, Spelled, SpellingCorrector
from assistant.text.synonyms import SynonymTable

MAX_QUERY_CHARS = 2000
# A script with less than this share of the documents' words is only quoted in them
# (the Arabic name of a council in a Hebrew guide), not a language they are written in.
WRITTEN_IN_SHARE = 0.05
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchResult:
    passage: Passage
    rank: int
    score: float
    ranks: dict[str, int] = field(default_factory=dict)  # per ranker, 1-based

    def citation(self) -> dict:
        p = self.passage
        return {
            "document": p.title,
            "section": p.section,
            "passage_id": p.passage_id,
            "page": p.page,
            "source": p.source,
            "text": p.text,
        }

    def as_dict(self) -> dict:
        return {"rank": self.rank, "score": round(self.score, 6), "ranks": self.ranks, **self.citation()}


@dataclass(frozen=True)
class WordMatch:
    """A query's topic words against the documents: how many it has, and those
    the documents never use in any form, as the query spells them."""

    content: int
    unmatched: tuple[str, ...] = ()

    @property
    def unmatched_share(self) -> float:
        return len(self.unmatched) / self.content if self.content else 0.0


def clean_query(query: str | None) -> str:
    text = " ".join((query or "").split())
    if not text:
        raise EmptyQueryError()
    return text[:MAX_QUERY_CHARS]


class Retriever:
    """Fuses any number of rankers. Dense may only vote on queries in a
    language its model reads (see `Settings.embedding_languages`)."""

    def __init__(
        self,
        passages: list[Passage],
        rankers: list[Ranker],
        weights: dict[str, float],
        rrf_k: int = 60,
        candidates: int = 50,
        dense_reads=lambda script: True,
        synonyms: SynonymTable | None = None,
        lexicon: Lexicon | None = None,
        glossary: SynonymTable | None = None,
        glossary_weight: float = 0.5,
        translations: Callable[[str, str], WordTranslations | None] | None = None,
    ) -> None:
        self.passages = passages
        self.synonyms = synonyms
        self.glossary = glossary
        self.glossary_weight = glossary_weight
        self.translations = translations  # (query's script, documents' script) -> its words' translations
        self.lexicon = lexicon
        self.rankers = rankers
        self.weights = weights
        self.rrf_k = rrf_k
        self.candidates = candidates
        self._dense_reads = dense_reads
        self.unembedded: EmbeddingModelError | None = None  # the index was built without vectors, and why

    @cached_property
    def written_in(self) -> tuple[str, ...]:
        """The scripts the documents are written in, most used first."""
        shares = script_shares(p.text for p in self.passages)
        return tuple(s for s in sorted(shares, key=shares.__getitem__, reverse=True)
                     if shares[s] >= WRITTEN_IN_SHARE)

    @cached_property
    def _vocabulary(self) -> frozenset[str]:
        return frozenset(word for p in self.passages for word in words(p.text))

    @cached_property
    def _index_terms(self) -> frozenset[str]:
        lexical = next((r for r in self.rankers if isinstance(getattr(r, "vocabulary", None), frozenset)), None)
        if lexical is not None:  # the word ranker analysed the same texts already
            return lexical.vocabulary
        return frozenset(term for p in self.passages for term in analyze(p.search_text))

    @cached_property
    def _speller(self) -> SpellingCorrector | None:
        if self.lexicon is None:
            return None
        return SpellingCorrector((p.text for p in self.passages), self.lexicon, self._in_glossary)

    def _in_glossary(self, word: str) -> bool:
        return self.synonyms is not None and bool(self.synonyms.expand(word))

    def shared_analysis(self) -> dict:
        """What its rankers learnt of the passages that others can reuse: the n-gram ranker's
        fitted vectorizer and the word ranker's terms of each passage (when it has them)."""
        shared: dict = {}
        for ranker in self.rankers:
            if ranker.name == "ngram" and hasattr(ranker, "vectorizer"):
                shared["vectorizer"] = ranker.vectorizer
            if ranker.name == "lexical" and hasattr(ranker, "passage_terms"):
                shared["passage_terms"] = ranker.passage_terms
        return shared

    def warm_up(self) -> None:
        """Builds now what the first query would otherwise wait for."""
        _ = self._index_terms
        if self._speller is not None:
            self._speller.warm_up()

    def spell(self, query: str | None, *, as_typed: bool = False) -> Spelled:
        """`query` as it is searched: with the slips of typing no document word nor word
        of the language explains corrected to the document word they most likely are
        (unless `as_typed`)."""
        text = clean_query(query)
        if as_typed or self._speller is None or self._no_document_words_in(text):
            return Spelled(text)
        return self._speller.correct(text)

    def _no_document_words_in(self, text: str) -> bool:
        """Arabic asked of Hebrew documents (or the reverse): no word of it is a slip for one of
        theirs, and no keyboard layout maps one alphabet on the other."""
        return dominant_script(text) in ("he", "ar") and self.foreign_to_documents(text) is not None

    def word_match(self, query: str, *, as_typed: bool = False) -> WordMatch:
        """Which of `query`'s topic words the documents never use, in any form or
        glossary synonym ("חניון" in a question about parking, asked of a guide that
        never mentions it); misspelt words count as corrected unless `as_typed`."""
        return self._word_match(self.spell(query, as_typed=as_typed).text)

    def _word_match(self, spelled: str) -> WordMatch:
        topic = content_words(spelled)
        return WordMatch(content=len(topic),
                         unmatched=tuple(typed for word, typed in topic.items() if not self._uses(word)))

    def _uses(self, word: str) -> bool:
        if matching_forms(word) & self._index_terms:
            return True
        synonyms = self.synonyms.expand(word) if self.synonyms is not None else ()
        return any(all(matching_forms(w) & self._index_terms for w in words(phrase)) for phrase in synonyms)

    def foreign_to_documents(self, query: str) -> str | None:
        """When `query` is in a language the documents are not written in (Arabic or English
        asked of Hebrew documents), the script they are written in; otherwise None. A query in
        Latin letters counts as English unless half or more of its words are the documents' own:
        Hebrew text uses English terms (STEM, ECOSTEM21) that a question may be made of, and
        ordinary English words too ("local", "start": the shipped guide has 58 such words), which
        an English question must not be taken for Hebrew by."""
        script = dominant_script(query)
        if not self.written_in or script in self.written_in or script == "other":
            return None
        if script == "latin":
            latin = [w for w in words(query) if script_of(w) == "latin" and w not in STOPWORDS]
            if latin and 2 * sum(w in self._vocabulary for w in latin) >= len(latin):
                return None
        return self.written_in[0]

    @property
    def dense_failure(self) -> EmbeddingModelError | None:
        """Why the meaning side sits out (its model could not be loaded), if it does."""
        if self.unembedded is not None:
            return self.unembedded
        return next((r.failure for r in self.rankers if getattr(r, "failure", None) is not None), None)

    def reads_meaning(self, query: str) -> bool:
        """Whether the meaning side votes on `query` (its model reads the query's language and
        loaded): a question in Arabic or English then finds the Hebrew passages."""
        return self.dense_failure is None and any(r.name == "dense" for r in self.active_rankers(query))

    def active_rankers(self, query: str) -> list[Ranker]:
        script = dominant_script(query)
        return [
            r
            for r in self.rankers
            if self.weights.get(r.name, 0) > 0 and (r.name != "dense" or self._dense_reads(script))
        ]

    def in_documents_words(self, query: str) -> str:
        """What the word-based rankers search for: `query` itself, or for a query in a
        language the documents are not written in, its words in their script (STEM, 2018) and
        the glossary's translations of the method's terms it uses ("منتدى التصميم" ->
        "פורום עיצוב"), then those learned from the app's messages for its other words ("لقاء"
        -> "מפגש"). Its own words could only match by accident (a quoted name)."""
        documents_in = self.foreign_to_documents(query)
        if documents_in is None:
            return query
        asked_in = dominant_script(query)
        kept = [w for w in words(query) if script_of(w) != asked_in]
        translated = self.glossary.expand(query) if self.glossary is not None else []
        learned = self.translations(asked_in, documents_in) if self.translations is not None else None
        if learned is not None:
            translated += [word for word in learned.translate(query) if word not in translated]
        kept += [phrase for phrase in translated if dominant_script(phrase) in self.written_in]
        return " ".join(kept)

    def search(self, query: str | None, k: int = 5, *, as_typed: bool = False) -> list[SearchResult]:
        return list(self.retrieve(query, k, as_typed=as_typed).results)

    def retrieve(self, query: str | Spelled | None, k: int = 5, *, as_typed: bool = False,
                 word_match: bool = False, elsewhere: bool = False) -> Retrieval:
        """One trip for a question: its slips corrected once (a `Spelled` query already is),
        each ranker run once; the fused results with each ranker's best score (how strongly
        anything matched), when `word_match` which of its topic words the documents never use,
        and when `elsewhere` how near it is to a question they do not answer."""
        spelled = query if isinstance(query, Spelled) else self.spell(query, as_typed=as_typed)
        text = spelled.text
        k = max(1, int(k))
        worded = self.in_documents_words(text)
        rankings = {r.name: r.rank(text if r.name == "dense" else worded, max(self.candidates, k))
                    for r in self.active_rankers(text) if r.name == "dense" or worded.strip()}
        weights = self.weights
        if worded != text:  # translated terms: the meaning side leads, the words help
            weights = {name: w * (1 if name == "dense" else self.glossary_weight) for name, w in weights.items()}
        fused = reciprocal_rank_fusion(rankings, weights, self.rrf_k)
        per_ranker = {
            name: {hit.index: rank for rank, hit in enumerate(hits, 1)} for name, hits in rankings.items()
        }
        results = tuple(
            SearchResult(
                passage=self.passages[hit.index],
                rank=rank,
                score=hit.score,
                ranks={name: pos[hit.index] for name, pos in per_ranker.items() if hit.index in pos},
            )
            for rank, hit in enumerate(fused[:k], 1)
        )
        nearest = None
        if elsewhere and "dense" in rankings:
            similarity = getattr(next(r for r in self.rankers if r.name == "dense"), "elsewhere", None)
            nearest = similarity(text) if similarity is not None else None
        return Retrieval(
            searched=text, corrections=spelled.corrections, results=results,
            tops={name: hits[0].score if hits else 0.0 for name, hits in rankings.items()},
            elsewhere=nearest,
            words=self._word_match(text) if word_match else None,
            worded=worded,
        )


@dataclass(frozen=True)
class Retrieval:
    """What one trip to the retriever brings back for a query."""

    searched: str  # the query as searched (typing slips corrected)
    corrections: tuple[Correction, ...]
    results: tuple[SearchResult, ...]
    tops: dict[str, float]  # each ranker that ran: its best passage's score (0: it found nothing)
    words: WordMatch | None = None
    worded: str = ""  # what the word-based rankers searched (the glossary's terms, for another language)
    # The meaning side's similarity to the nearest question the documents do not answer (asked
    # for with `elsewhere`; None without the meaning side or such questions).
    elsewhere: float | None = None

    @property
    def translated(self) -> bool:
        """Asked in a language the documents are not written in."""
        return bool(self.worded) and self.worded != self.searched

    @property
    def meaning_voted(self) -> bool:
        """The meaning side ran and found something (not when its model failed to load): a
        question in another language was then read, not only matched by the glossary."""
        return self.tops.get("dense", 0.0) > 0


class _LazyDense:
    """Loads the embedding model on the first dense vote, not at start-up. A model that
    cannot be loaded leaves search to the words (`failure` says why), never a crash."""

    name = "dense"

    def __init__(self, settings: Settings, store: IndexStore, passages: list[Passage], embedder=None) -> None:
        self._settings, self._store, self._passages = settings, store, passages
        self._embedder = embedder
        self._ranker = None
        self._lock = threading.Lock()
        self.failure: EmbeddingModelError | None = None

    def rank(self, query: str, k: int):
        with self._lock:
            if self.failure is not None:
                return []
            if self._ranker is None:
                from assistant.retrieval.dense import DenseRanker
                from assistant.retrieval.embeddings import settings_embedder

                try:
                    embedder = self._embedder or settings_embedder(self._settings)
                except EmbeddingModelError as exc:
                    logger.warning("searching by words only: %s", exc.message("en"))
                    self.failure = exc
                    return []
                index = self._store.vector_index(self._settings.embedding_model)
                self._ranker = DenseRanker(embedder, index, [p.passage_id for p in self._passages],
                                           elsewhere=lambda: self._elsewhere_vectors(embedder))
        return self._ranker.rank(query, k)

    def _elsewhere_vectors(self, embedder):
        from assistant.retrieval.elsewhere import read_questions
        from assistant.retrieval.vector_cache import cached, embed_questions

        questions = read_questions(_present(self._settings.elsewhere_file,
                                            "file of questions the documents do not answer not found, none used"))
        source = cached(embedder) if self._settings.shipped_vectors else embedder
        return embed_questions(source, questions)

    def elsewhere(self, query: str) -> float | None:
        """See `DenseRanker.elsewhere`; None before the model is loaded or when it failed."""
        ranker = self._ranker
        return ranker.elsewhere(query) if ranker is not None else None


def _present(path: Path | None, missing: str) -> Path | None:
    """`path` if a file is there; None (with `missing` logged when one was named) if not."""
    if path is not None and not path.is_file():
        logger.warning("%s: %s", missing, path)
        return None
    return path


def _table(path: Path | None, missing: str) -> SynonymTable | None:
    """The groups of a synonyms or glossary file; None (with `missing` logged) if there is none."""
    path = _present(path, missing)
    return SynonymTable.from_file(path) if path is not None else None


def load_synonyms(settings: Settings) -> SynonymTable | None:
    if settings.synonym_weight <= 0:
        return None
    return _table(settings.synonyms_file, "synonyms file not found, query expansion off")


@cache
def catalog_translations(source_script: str, target_script: str) -> WordTranslations | None:
    """Word translations learned from the app's own messages (`assistant.text.parallel`), from
    a question's script into the documents': once per process, at the first question asked in
    another language (about 0.1 s). None between scripts the catalogs are not written in."""
    source, target = LANGUAGE_OF_SCRIPT.get(source_script), LANGUAGE_OF_SCRIPT.get(target_script)
    if source is None or target is None or source == target:
        return None
    return WordTranslations(parallel_messages(source, target), source=source_script, target=target_script)


def load_glossary(settings: Settings) -> SynonymTable | None:
    return _table(settings.glossary_file, "glossary file not found, questions in other languages go by meaning only")


def open_retriever(settings: Settings, *, build: bool = True, embedder=None) -> Retriever:
    """A retriever over the index in the data directory, refreshed first when
    the corpus changed (and `build` is true)."""
    store = IndexStore(settings)
    unembedded = None
    dense = settings.dense_weight > 0
    # Refreshed when the corpus changed, or when the vectors are not the ones the settings ask
    # for (another model or windows, or none because the model failed last time: tried again).
    if build and (not store.is_current() or (dense and not vectors_match(store.load_manifest(), settings))):
        report = store.build((lambda: embedder) if embedder is not None else None, dense=dense)
        unembedded = report.dense_error
    passages = store.load_passages()
    texts = [p.search_text for p in passages]
    synonyms = load_synonyms(settings)
    rankers: list[Ranker] = word_rankers(store.root, texts, settings, synonyms)
    manifest = store.load_manifest()
    if settings.dense_weight > 0 and vectors_match(manifest, settings):
        rankers.append(_LazyDense(settings, store, passages, embedder))
    retriever = Retriever(
        passages,
        rankers,
        weights={
            "lexical": settings.lexical_weight,
            "ngram": settings.ngram_weight,
            "dense": settings.dense_weight,
        },
        rrf_k=settings.rrf_k,
        candidates=settings.candidates,
        dense_reads=settings.dense_reads,
        synonyms=synonyms,
        lexicon=WordfreqLexicon() if settings.spelling else None,
        glossary=load_glossary(settings),
        glossary_weight=settings.glossary_weight,
        translations=catalog_translations,
    )
    retriever.unembedded = unembedded
    return retriever
