"""chromadb is imported with `overrides`' marks kept and its development checks skipped, and
the library is left as it was."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import overrides
import pytest

from assistant.retrieval.vector_index import _overrides_marked_not_checked
from tests.conftest import PROJECT


def _class_with_a_method_marked_without_a_base():
    class Lone:
        @overrides.override
        def method(self) -> int:
            return 1

    return Lone


def test_while_chromadb_is_imported_a_mark_is_set_and_nothing_checked():
    with pytest.raises(TypeError, match="No super class method found"):
        _class_with_a_method_marked_without_a_base()  # the library's own check
    with _overrides_marked_not_checked():
        lone = _class_with_a_method_marked_without_a_base()
        marked = overrides.overrides(check_signature=False)(lambda self: 2)
    assert lone.method.__override__ is True and marked.__override__ is True and lone().method() == 1
    with pytest.raises(TypeError, match="No super class method found"):
        _class_with_a_method_marked_without_a_base()  # back as it was


def test_chromadb_imported_this_way_works_and_leaves_overrides_as_it_was(tmp_path):
    script = textwrap.dedent(f"""
        import sys
        import numpy as np
        import overrides
        module = sys.modules["overrides.overrides"]
        before = (overrides.override, overrides.overrides, module.override, module.overrides)
        from assistant.corpus.models import Passage
        from assistant.retrieval.vector_index import VectorIndex
        index = VectorIndex(__import__("pathlib").Path({str(tmp_path)!r}), "model")
        passage = Passage(passage_id="d#1", doc_id="d", title="t", section="s", position=0, text="x",
                          source="d.md")
        index.add([passage], np.ones((1, 4), dtype=np.float32))
        assert index.count() == 1
        assert (overrides.override, overrides.overrides, module.override, module.overrides) == before
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], check=False, cwd=PROJECT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def _passages(count: int):
    from assistant.corpus.models import Passage

    return [Passage(passage_id=f"d#{i}", doc_id="d", title="t", section="s", position=i, text=f"x{i}",
                    source="d.md") for i in range(count)]


def test_the_exact_scan_in_memory_answers_as_chromadb_does(tmp_path):
    """Each passage as its best window, best first, the same cosines: chromadb's graph is exact
    at this size, and the scan is exact at any size."""
    import numpy as np

    from assistant.retrieval.vector_index import VectorIndex

    rng = np.random.default_rng(7)
    passages = _passages(30)
    windows = [1 + i % 4 for i in range(30)]  # 1-4 windows each
    vectors = rng.normal(size=(sum(windows), 16)).astype(np.float32)
    index = VectorIndex(tmp_path, "model")
    index.add(passages, vectors, windows)
    scan = index.in_memory()
    assert scan is not None and len(scan) == sum(windows)
    for _ in range(5):
        question = rng.normal(size=16).astype(np.float32)
        expected = index.query(question, 10)
        found = scan.query(question, 10)
        assert [pid for pid, _ in found] == [pid for pid, _ in expected]
        assert np.allclose([s for _, s in found], [s for _, s in expected], atol=1e-5)
    # A passage scores as its best window: the one window made the question itself.
    question = vectors[sum(windows[:7]) + 2]  # passage 7's third window
    assert scan.query(question, 1) == [("d#7", pytest.approx(1.0, abs=1e-5))]


def test_past_its_limit_the_index_is_searched_by_chromadb(tmp_path):
    import numpy as np

    from assistant.retrieval.dense import DenseRanker
    from assistant.retrieval.embeddings import HashingEmbedder
    from assistant.retrieval.vector_index import InMemoryWindows, VectorIndex

    embedder = HashingEmbedder(32)
    passages = _passages(3)
    index = VectorIndex(tmp_path, embedder.name)
    index.add(passages, embedder.embed_documents([p.text for p in passages]))
    assert index.in_memory(limit=2) is None and isinstance(index.in_memory(limit=3), InMemoryWindows)
    ranker = DenseRanker(embedder, index, [p.passage_id for p in passages])
    assert isinstance(ranker._index, InMemoryWindows) and ranker.rank("x1", 1)[0].index == 1
    assert VectorIndex(tmp_path / "empty", embedder.name).in_memory().query(np.ones(32), 3) == []
