import numpy as np
import pytest

from assistant.errors import EmbeddingModelError
from assistant.retrieval.dense import DenseRanker
from assistant.retrieval.embeddings import HashingEmbedder, SentenceTransformerEmbedder, make_embedder
from assistant.retrieval.vector_index import VectorIndex
from assistant.corpus.models import Passage


def _passages(texts):
    return [Passage(f"d#{i}", "d", "D", "", i, t, "d.txt") for i, t in enumerate(texts)]


def test_hashing_embedder_is_deterministic_and_normalised():
    e = HashingEmbedder(64)
    a, b = e.embed(["פורום עיצוב", "פורום עיצוב"])
    assert np.allclose(a, b) and np.isclose(np.linalg.norm(a), 1.0)


def test_vector_index_round_trip_and_document_delete(tmp_path):
    embedder = HashingEmbedder(128)
    passages = _passages(["design forum meetings", "collective work plan budget", "shared agenda"])
    index = VectorIndex(tmp_path / "chroma", embedder.name)
    index.add(passages, embedder.embed([p.text for p in passages]))
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
    vectors = embedder.embed(["shared agenda", "collective work plan", "shared agenda"])
    assert vectors.shape == (3, 384)
    assert float(vectors[0] @ vectors[2]) > 0.99 > float(vectors[0] @ vectors[1])
