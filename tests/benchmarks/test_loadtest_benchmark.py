"""Many phones at once against the real server: 60 (the forum size in the
guide), 100 and 200 participants, then 200 again on a server that runs every
phone's run at once (`FORUM_PHONE_RUNS=0`), to print the run gate's effect as
ratios measured in the same sitting; then 200 and 300 on two processes of this
machine behind HAProxy (`forum-assistant cluster`, on the SQLite file), the
200's ratios to one process printed. Prints the figures (`make bench`) and writes
them to test-output/loadtest-benchmark.json; asserts only that nothing was lost
or duplicated. Takes minutes, so it runs only when benchmarks are asked for
(`-m benchmark`)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import PROJECT
from tests.live import have_haproxy, running_app, running_cluster

pytestmark = [pytest.mark.benchmark, pytest.mark.slow, pytest.mark.usefixtures("only_with_make_bench")]
SIZES = (60, 100, 200)
OUT = PROJECT / "test-output" / "loadtest-benchmark.json"
FIELDS = ("participants", "seconds", "joined", "ideas_expected", "ideas_stored", "ballots_expected", "ballots_stored",
          "join_p50_ms", "join_p95_ms", "idea_ack_p50_ms", "idea_ack_p95_ms", "ack_p50_ms", "ack_p95_ms", "ack_max_ms",
          "errors")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("bench-load")) as live:
        yield live


@pytest.fixture(scope="module")
def ungated_app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("bench-load-ungated"), {"FORUM_PHONE_RUNS": "0"}) as live:
        yield live


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not have_haproxy():
        pytest.skip("haproxy is not installed (Debian: apt-get install haproxy)")
    with running_cluster(tmp_path_factory.mktemp("bench-cluster")) as live:
        yield live


@pytest.fixture(scope="module")
def figures():
    found: dict[int | str, dict] = {}
    yield found
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(found, ensure_ascii=False, indent=2))


def _load(app, participants: int) -> tuple[dict, subprocess.CompletedProcess]:
    timeout = 120 + 3 * participants
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "loadtest", "--url", app.url,
         "--participants", str(participants), "--timeout", str(timeout), "--json"], check=False,
        cwd=PROJECT, env=dict(app.env), capture_output=True, text=True, timeout=timeout + 60)
    return json.loads(done.stdout), done


def _nothing_lost(result: dict, done: subprocess.CompletedProcess) -> None:
    assert result["ideas_duplicated"] == 0 and result["ballots_mismatched"] == 0
    assert result["ideas_acknowledged_missing"] == 0 and result["ballots_acknowledged_missing"] == 0
    assert done.returncode == 0, result["errors"][:5]


@pytest.mark.parametrize("participants", SIZES)
def test_loadtest_figures(app, figures, participants):
    result, done = _load(app, participants)
    figures[participants] = result
    shown = {k: result[k] for k in FIELDS}
    shown["errors"] = len(result["errors"])
    print(f"\nloadtest {participants} phones, the console open (targets: at 60 ballot ack p95 <= 1 s; at 200 all "
          f"join, nothing lost, join p95 <= 5 s, ballot ack p95 <= 2 s): "
          + json.dumps(shown, ensure_ascii=False))
    _nothing_lost(result, done)


def test_the_run_gate_against_every_run_at_once(ungated_app, figures):
    """The same 200 phones on a server that gates nothing, right after the gated run: the
    ratios (ungated / gated) are what to compare, the machine's speed being the same."""
    result, done = _load(ungated_app, 200)
    figures["200-ungated"] = result
    gated = figures.get(200)
    keys = ("join_p95_ms", "idea_ack_p95_ms", "ack_p95_ms", "seconds")
    shown = {k: result[k] for k in keys}
    if gated:
        shown["ratios ungated/gated"] = {k: round(result[k] / gated[k], 2) for k in keys if gated.get(k) and result.get(k)}
    print("\nloadtest 200 phones, FORUM_PHONE_RUNS=0 (every phone's run at once): " + json.dumps(shown))
    _nothing_lost(result, done)


@pytest.mark.parametrize("participants", (200, 300))
def test_two_processes_on_this_machine(cluster, figures, participants):
    """The same load spread over two processes on the two cores (the load generator on them
    too), on one SQLite file: what `forum-assistant cluster --processes 2` gives a big room."""
    result, done = _load(cluster, participants)
    figures[f"{participants}-two-processes"] = result
    shown = {k: result[k] for k in FIELDS}
    shown["errors"] = len(result["errors"])
    one = figures.get(participants)
    keys = ("join_p95_ms", "idea_ack_p95_ms", "ack_p95_ms", "seconds")
    if one:
        shown["ratios two/one process"] = {k: round(result[k] / one[k], 2) for k in keys if one.get(k) and result.get(k)}
    print(f"\nloadtest {participants} phones, two processes behind HAProxy (the console on one): "
          + json.dumps(shown, ensure_ascii=False))
    _nothing_lost(result, done)
