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
