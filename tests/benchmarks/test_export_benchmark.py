"""How long writing the exports of a four-meeting forum takes: 60 participants and 200
ideas, all polls closed. Times the six Word documents (reading and tallying included) and
everything the export command writes (plus data.xlsx and the .csv files). Prints its
figures (`make bench`, also written to test-output/export-benchmark.json); asserts what
was written, never a timing."""

from __future__ import annotations

import json
import statistics
import time

import pytest

from assistant import demo as demo_module
from assistant.demo import create_demo
from assistant.exports import data
from assistant.exports.bundle import DOCUMENTS, build, write_all
from assistant.exports.reading import read_snapshot
from assistant.forum.vocabulary import IdeaKind
from assistant.store.database import open_store
from tests.conftest import PROJECT

pytestmark = pytest.mark.benchmark

PARTICIPANTS = 60
IDEAS = 200
TARGET_SECONDS = 3.0
ROUNDS = 3  # under `make bench`; one in every `make test`, which asserts what is written and keeps time
# ideas per collect step: 11 collect steps (idea, principle and task are collected twice)
PER_STEP = dict.fromkeys(IdeaKind, 18) | {IdeaKind.SKILL: 19, IdeaKind.CHALLENGE: 19}


def _ideas() -> dict[IdeaKind, tuple[str, ...]]:
    return {kind: tuple(f"{texts[n % len(texts)]} ({n + 1})" for n in range(PER_STEP[kind]))
            for kind, texts in demo_module.IDEAS.items()}


@pytest.fixture(scope="module")
def forum(tmp_path_factory):
    from assistant.playbook.loader import load_playbook

    playbook = load_playbook(PROJECT / "prompts")
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('bench') / 'forum.db'}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo_module, "IDEAS", _ideas())
        created = create_demo(store, playbook, participants=PARTICIPANTS, base_url="http://bench.invalid/")
    yield store, playbook, created.forum_id
    store.dispose()


def test_export_figures(forum, tmp_path, request):
    store, playbook, forum_id = forum
    rounds = ROUNDS if "benchmark" in (request.config.getoption("-m") or "") else 1
    snapshot = read_snapshot(store, forum_id)
    assert len(snapshot.participants) == PARTICIPANTS and len(snapshot.visible()) == IDEAS
    write_all(snapshot, playbook, tmp_path / "warm")  # imports, fonts and the template, once

    documents, documents_cpu = [], []
    for round_ in range(rounds):  # the six Word documents, from reading the forum to the files
        started, started_cpu = time.perf_counter(), time.process_time()
        fresh = read_snapshot(store, forum_id)
        for name in DOCUMENTS:
            (tmp_path / f"{name}-{round_}.docx").write_bytes(build(name, fresh, playbook).content)
        documents.append(time.perf_counter() - started)
        documents_cpu.append(time.process_time() - started_cpu)

    wall, cpu = [], []
    for round_ in range(rounds):  # everything the export command writes
        started, started_cpu = time.perf_counter(), time.process_time()
        written = write_all(read_snapshot(store, forum_id), playbook, tmp_path / f"round-{round_}").written
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        files = len(DOCUMENTS) + 1 + len(data.TABLES)  # the documents, data.xlsx and a .csv per table
        assert len(written) == files and all(p.stat().st_size > 0 for p in written.values())

    snapshot = read_snapshot(store, forum_id)
    started = time.perf_counter()
    _ = [snapshot.results[poll.id] for poll in snapshot.polls]
    parts = {"tally_all_polls": time.perf_counter() - started}
    for name in (*DOCUMENTS, "data-xlsx", "data-csv"):
        started = time.perf_counter()
        build(name, snapshot, playbook)
        parts[name] = time.perf_counter() - started

    summary = {
        "participants": PARTICIPANTS, "ideas": IDEAS, "polls": len(snapshot.polls),
        "ballots": sum(len(b) for b in snapshot.ballots.values()),
        "files": len(written), "rounds": rounds,
        "documents_s_median": round(statistics.median(documents), 2),
        "documents_s_min": round(min(documents), 2),
        "documents_cpu_s_median": round(statistics.median(documents_cpu), 2),
        "all_files_s_median": round(statistics.median(wall), 2), "all_files_s_min": round(min(wall), 2),
        "all_files_cpu_s_median": round(statistics.median(cpu), 2),
        "target_s": TARGET_SECONDS, "documents_within_target": min(documents) <= TARGET_SECONDS,
        "parts_s": {name: round(seconds, 3) for name, seconds in parts.items()},
        "sizes_kb": {name: round(path.stat().st_size / 1024) for name, path in written.items()},
    }
    out_dir = PROJECT / "test-output"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "export-benchmark.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print("\n" + json.dumps(summary, ensure_ascii=False, indent=2))
