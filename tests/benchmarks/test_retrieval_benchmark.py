"""Retrieval quality and speed on the shipped corpus. Prints its figures
(`make bench`); asserts no timings, only that fusion never loses to the
lexical side alone on the Hebrew question sets."""

from __future__ import annotations

import json
import statistics
import time

import pytest

from assistant.config import Settings
from assistant.indexing import IndexStore
from assistant.retrieval.engine import Retriever, open_retriever
from assistant.retrieval.evaluation import evaluate, load_eval_file
from tests.conftest import DATA, PROJECT, SHIPPED_CORPUS

pytestmark = [pytest.mark.benchmark, pytest.mark.slow]
SETS = ("retrieval_dev.he.jsonl", "retrieval_validation.he.jsonl", "retrieval_test.he.jsonl")


def _only(retriever: Retriever, names: set[str], force_dense: bool = False) -> Retriever:
    return Retriever(
        retriever.passages,
        [r for r in retriever.rankers if r.name in names],
        {name: (1.0 if name in names else 0.0) for name in ("lexical", "ngram", "dense")}
        | {n: w for n, w in retriever.weights.items() if n in names},
        rrf_k=retriever.rrf_k,
        candidates=retriever.candidates,
        dense_reads=(lambda script: True) if force_dense else retriever._dense_reads,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    data = tmp_path_factory.mktemp("bench")
    settings = Settings(data_dir=data, corpus_dir=SHIPPED_CORPUS)
    store = IndexStore(settings)
    started = time.perf_counter()
    report = store.build()
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    store.build()
    reindex_seconds = time.perf_counter() - started
    return settings, report, build_seconds, reindex_seconds


def _figures(retriever: Retriever) -> dict:
    out = {}
    for name in SETS:
        items = load_eval_file(DATA / name)
        report = evaluate(items, lambda q, k: [r.passage.text for r in retriever.search(q, k)], k=5)
        out[name] = {"recall_at_5": report.recall_at_k, "mrr": report.mrr}
    return out


def test_retrieval_figures(built):
    settings, report, build_seconds, reindex_seconds = built
    full = open_retriever(settings, build=False)
    variants = {
        "fused (default)": full,
        "lexical_only": _only(full, {"lexical"}),
        "ngram_only": _only(full, {"ngram"}),
        "dense_only (bundled model)": _only(full, {"dense"}, force_dense=True),
        "fused_with_dense_forced": _only(full, {"lexical", "ngram", "dense"}, force_dense=True),
    }
    figures = {name: _figures(r) for name, r in variants.items()}

    questions = [item.question for name in SETS for item in load_eval_file(DATA / name)]
    full.search(questions[0])  # warm
    latencies = []
    for q in questions:
        started = time.perf_counter()
        full.search(q, k=5)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    summary = {
        "passages": report.passages,
        "full_build_s": round(build_seconds, 2),
        "reindex_unchanged_s": round(reindex_seconds, 3),
        "search_ms_p50": round(statistics.median(latencies), 2),
        "search_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 2),
        "quality": figures,
    }
    out_dir = PROJECT / "test-output"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "retrieval-benchmark.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print("\n" + json.dumps(summary, ensure_ascii=False, indent=2))

    for name in SETS:
        fused, lexical = figures["fused (default)"][name], figures["lexical_only"][name]
        assert fused["recall_at_5"] >= lexical["recall_at_5"]
        assert fused["mrr"] >= lexical["mrr"] - 0.01
