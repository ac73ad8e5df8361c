"""Retrieval quality and speed on the shipped corpus, with the bundled multilingual model.
Prints its figures (`make bench`) with their 95% intervals, and per set the questions fusion
gained and lost against the word-based rankers alone; asserts no timings, only that fusion
loses at most one question the words alone found on each Hebrew set."""

from __future__ import annotations

import json
import statistics
import time

import pytest

from assistant.config import Settings
from assistant.retrieval.embeddings import engine_build
from assistant.retrieval.engine import Retriever, open_retriever
from assistant.retrieval.evaluation import EvalReport, compare, contains_evidence, evaluate, load_eval_file
from assistant.retrieval.index_store import IndexStore
from tests.conftest import DATA, PROJECT, SHIPPED_CORPUS

pytestmark = [pytest.mark.benchmark, pytest.mark.slow, pytest.mark.usefixtures("only_with_make_bench")]
HEBREW = ("retrieval_dev.he.jsonl", "retrieval_validation.he.jsonl", "retrieval_test.he.jsonl",
          "facilitator_heldout.he.jsonl", "facilitator_heldout2.he.jsonl")
# Questions in another language, evidence in Hebrew
OTHER_LANGUAGES = ("arabic_dev.ar.jsonl", "arabic_heldout.ar.jsonl", "english_dev.en.jsonl")
SETS = HEBREW + OTHER_LANGUAGES


def _only(retriever: Retriever, names: set[str], force_dense: bool = False) -> Retriever:
    return Retriever(
        retriever.passages,
        [r for r in retriever.rankers if r.name in names],
        {name: (1.0 if name in names else 0.0) for name in ("lexical", "ngram", "dense")}
        | {n: w for n, w in retriever.weights.items() if n in names},
        rrf_k=retriever.rrf_k,
        candidates=retriever.candidates,
        dense_reads=(lambda script: True) if force_dense else retriever._dense_reads,
        synonyms=retriever.synonyms,
        lexicon=retriever.lexicon,
        glossary=retriever.glossary,
        glossary_weight=retriever.glossary_weight,
        translations=retriever.translations,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    data = tmp_path_factory.mktemp("bench")
    # Every window embedded (not the vectors shipped for the shipped corpus).
    settings = Settings(data_dir=data, corpus_dir=SHIPPED_CORPUS, shipped_vectors=False)
    store = IndexStore(settings)
    started = time.perf_counter()
    report = store.build()
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    store.build()
    reindex_seconds = time.perf_counter() - started
    shipped = Settings(data_dir=tmp_path_factory.mktemp("bench-shipped"), corpus_dir=SHIPPED_CORPUS)
    started = time.perf_counter()
    IndexStore(shipped).build()
    shipped_seconds = time.perf_counter() - started
    return settings, report, build_seconds, reindex_seconds, shipped_seconds


def _reports(retriever: Retriever) -> dict[str, EvalReport]:
    return {name: evaluate(load_eval_file(DATA / name),
                           lambda q, k: [r.passage.text for r in retriever.search(q, k)], k=5)
            for name in SETS}


def _figures(reports: dict[str, EvalReport]) -> dict:
    """Each set's recall@5 and MRR with their 95% intervals: on a set of 33-45 questions a
    figure is known to about +-0.08, which is why settings are told apart by `_paired`."""
    return {name: {"recall_at_5": r.recall_at_k, "mrr": r.mrr,
                   "recall_at_5_95": list(r.recall_interval()), "mrr_95": list(r.mrr_interval())}
            for name, r in reports.items()}


def _paired(before: dict[str, EvalReport], after: dict[str, EvalReport]) -> dict:
    """Per set, how many questions `after` gained and lost against `before`, and the exact
    McNemar test's p over them."""
    out = {}
    for name in SETS:
        change = compare(before[name], after[name])
        out[name] = {"gained": len(change.gained), "lost": len(change.lost), "p": round(change.p_value, 4)}
    return out


# A fused score this near the top five's edge is the engine's rounding: the engine built for
# another processor moves a cosine in its fourth decimal, which can swap two neighbouring ranks
# by meaning, about 1.5e-4 of fused score at rank 24 (docs/search.md, session 39).
EDGE = 2e-4


def _at_the_edge(retriever: Retriever) -> dict:
    """Per set, the questions whose passage holding the answer is within `EDGE` of the top
    five's edge: found ones that could be lost, missed ones that could be found."""
    out = {}
    for name in SETS:
        found = missed = 0
        for item in load_eval_file(DATA / name):
            results = retriever.search(item.question, 50)
            at = next((i for i, r in enumerate(results) if contains_evidence(r.passage.text, item.evidence)), None)
            if at is None or len(results) < 6:
                continue
            edge = results[5].score if at < 5 else results[4].score
            if abs(results[at].score - edge) < EDGE:
                found, missed = found + (at < 5), missed + (at >= 5)
        out[name] = {"found": found, "missed": missed}
    return out


def _resident_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return round(kb / 1024, 1)


def test_retrieval_figures(built):
    settings, report, build_seconds, reindex_seconds, shipped_seconds = built
    before_model = _resident_mb()
    full = open_retriever(settings, build=False)
    full.search("פורום עיצוב")  # loads the model
    with_model = _resident_mb()
    variants = {
        "fused (default)": full,
        "lexical + n-gram (no meaning side)": _only(full, {"lexical", "ngram"}),
        "lexical_only": _only(full, {"lexical"}),
        "dense_only (multilingual-e5-small)": _only(full, {"dense"}, force_dense=True),
    }
    reports = {name: _reports(r) for name, r in variants.items()}
    figures = {name: _figures(found) for name, found in reports.items()}
    words_only = reports["lexical + n-gram (no meaning side)"]
    fused_against_words = _paired(words_only, reports["fused (default)"])

    questions = [item.question for name in SETS for item in load_eval_file(DATA / name)]
    latencies = []
    for number, q in enumerate(questions):
        started = time.perf_counter()
        full.search(f"{q} {number}", k=5)  # never a query seen before: its embedding included
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    summary = {
        "passages": report.passages,
        "vectors": full_vectors(settings),
        "full_build_s": round(build_seconds, 2),
        "model_engine_built": engine_build(),  # "here" (make's, for this processor) or "wheel"
        "first_build_with_shipped_vectors_s": round(shipped_seconds, 2),
        "reindex_unchanged_s": round(reindex_seconds, 3),
        "search_ms_p50": round(statistics.median(latencies), 2),
        "search_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 2),
        "resident_mb_before_model": before_model,
        "resident_mb_with_model": with_model,
        # This process's: under `make bench` the benchmarks before this one (a load test's phones)
        # are in it too, so what the model adds is the figure to compare.
        "resident_mb_model_adds": round(with_model - before_model, 1),
        "quality": figures,
        "fused_against_the_words_alone": fused_against_words,
        "fused_within_rounding_of_the_top_five_edge": _at_the_edge(full),
    }
    out_dir = PROJECT / "test-output"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "retrieval-benchmark.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print("\n" + json.dumps(summary, ensure_ascii=False, indent=2))

    for name in HEBREW:  # the meaning side costs each Hebrew set at most one question the words found
        assert fused_against_words[name]["lost"] <= 1, (name, compare(words_only[name], reports["fused (default)"][name]))
    for name in OTHER_LANGUAGES:  # in another language the meaning side finds what the translated words miss
        assert figures["fused (default)"][name]["recall_at_5"] > figures["lexical_only"][name]["recall_at_5"]


def full_vectors(settings: Settings) -> int:
    return IndexStore(settings).vector_index(settings.embedding_model).count()
