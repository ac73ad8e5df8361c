"""Fixture factories: one per concept (settings, corpus folder, retriever)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.config import Settings, get_settings

PROJECT = Path(__file__).resolve().parent.parent
SHIPPED_CORPUS = PROJECT / "corpus"
DATA = Path(__file__).parent / "data"

# Tests that measure load or time, or reproduce a race: `make test` runs them alone, after the
# rest has run two at a time (pytest-xdist), so that the other half of the machine is idle.
SERIAL = ("tests/loadtest/", "tests/cluster/", "tests/ui/test_runtime_fix.py", "tests/browser/test_pending.py",
          # the benchmarks that time something (the grouping one counts right and wrong suggestions;
          # the export one, in `make test`, checks what it writes in one round)
          "tests/benchmarks/test_first_load_benchmark.py",
          "tests/benchmarks/test_loadtest_benchmark.py", "tests/benchmarks/test_restore_benchmark.py",
          "tests/benchmarks/test_retrieval_benchmark.py")


def _serial_only(config) -> bool:
    return (config.getoption("markexpr", "") or "").strip() == "serial"


def _in_project(path) -> str | None:
    """`path` from the project's folder, as SERIAL writes it (None: outside it)."""
    try:
        return Path(str(path)).relative_to(PROJECT).as_posix()
    except ValueError:
        return None


def pytest_ignore_collect(collection_path, config):
    """`-m serial` (make test's second phase) reads only the serial tests' files, not the whole
    suite's (ten seconds of collecting to deselect them)."""
    if not _serial_only(config):
        return None
    path = _in_project(collection_path)
    if path is None:
        return None
    if collection_path.is_dir():
        wanted = any(prefix.startswith(path + "/") or path.startswith(prefix.rstrip("/")) for prefix in SERIAL)
    else:
        wanted = path.startswith(SERIAL) or collection_path.name == "conftest.py"
    return None if wanted else True


def pytest_configure(config):
    """Two workers on two cores: the embedding engine's OpenMP threads, two a worker by default,
    spin waiting for a core the other worker holds (the retrieval and chat tests took 2.6 times
    as long so). One thread a worker; the serial phase and `make bench` keep the default."""
    import os

    if hasattr(config, "workerinput"):
        os.environ.setdefault("OMP_NUM_THREADS", "1")
    _scan_for_components_once()


def _scan_for_components_once() -> None:
    """Each new AppTest has Streamlit read every installed package's metadata, looking for
    components (about 0.85 s here: half the time of a page test); the installed packages do
    not change while the tests run, so it is read once."""
    import functools

    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:  # a Streamlit without them scans nothing
        return
    scan = manifest_scanner.scan_component_manifests
    found = functools.cache(lambda: tuple(scan()))
    manifest_scanner.scan_component_manifests = lambda max_workers=None: list(found())


def pytest_collection_modifyitems(config, items):
    for item in items:
        if (_in_project(item.fspath) or "").startswith(SERIAL):
            item.add_marker(pytest.mark.serial)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test reads the developer's data directory or FORUM_* variables."""
    import os

    for name in list(os.environ):
        if name.startswith("FORUM_") and not name.startswith("FORUM_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FORUM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FORUM_EXPORTS_DIR", str(tmp_path / "exports"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # Lexical unless a test asks for the meaning side (embedding the corpus takes ~40 s).
    monkeypatch.setenv("FORUM_DENSE_WEIGHT", "0")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def make_settings(tmp_path) -> Callable[..., Settings]:
    """Settings over a private data dir; lexical-only unless asked otherwise."""

    def factory(**overrides) -> Settings:
        values = {"data_dir": tmp_path / "data", "corpus_dir": SHIPPED_CORPUS, "dense_weight": 0.0}
        values.update(overrides)
        return Settings(**values)

    return factory


@pytest.fixture
def make_corpus(tmp_path) -> Callable[..., Path]:
    """A corpus folder with the given files ({name: text or bytes}); `shipped=True` copies ours."""

    def factory(files: dict[str, str | bytes] | None = None, shipped: bool = False, name: str = "corpus") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        if shipped:
            for item in SHIPPED_CORPUS.iterdir():
                shutil.copy(item, root / item.name)
        for filename, content in (files or {}).items():
            path = root / filename
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return factory


@pytest.fixture(scope="session")
def shipped_retriever(tmp_path_factory):
    """The full lexical retriever over the shipped corpus, built once."""
    from assistant.retrieval.engine import open_retriever

    settings = Settings(data_dir=tmp_path_factory.mktemp("shipped"), corpus_dir=SHIPPED_CORPUS, dense_weight=0.0)
    return open_retriever(settings)


@pytest.fixture(scope="session")
def lexical_index(tmp_path_factory) -> Path:
    """The shipped corpus indexed once (no dense vectors), to copy into a test's data dir."""
    from assistant.retrieval.index_store import IndexStore

    settings = Settings(data_dir=tmp_path_factory.mktemp("lexical-index"), corpus_dir=SHIPPED_CORPUS,
                        dense_weight=0.0)
    IndexStore(settings).build(dense=False)
    return settings.index_dir


@pytest.fixture(scope="session")
def dense_index(tmp_path_factory) -> Path:
    """The shipped corpus indexed once with the bundled multilingual model (about 45 s), to
    open or to copy into a test's data dir."""
    from assistant.retrieval.index_store import IndexStore

    settings = Settings(data_dir=tmp_path_factory.mktemp("dense-index"), corpus_dir=SHIPPED_CORPUS,
                        dense_weight=1.0)
    report = IndexStore(settings).build()
    assert report.dense_error is None, report.dense_error
    return settings.index_dir


@pytest.fixture(scope="session")
def dense_retriever(dense_index):
    """The app's default retriever over the shipped corpus: words, n-grams and meaning."""
    from assistant.retrieval.engine import open_retriever

    return open_retriever(Settings(data_dir=dense_index.parent, corpus_dir=SHIPPED_CORPUS, dense_weight=1.0),
                          build=False)


# Live sessions ------------------------------------------------------------------

POSTGRES_URL_ENV = "FORUM_TEST_POSTGRES_URL"


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _backends() -> list:
    import os

    params = [pytest.param("sqlite", id="sqlite")]
    params.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.skipif(
        not os.environ.get(POSTGRES_URL_ENV) and not os.environ.get("FORUM_TEST_REQUIRE_TOOLS"),
        reason=f"{POSTGRES_URL_ENV} not set")))
    return params


_worker_databases: dict[str, str] = {}


def _worker_database(url: str, worker: str) -> str:
    """This test process's own database beside the CI's (created once): two processes of
    pytest-xdist never empty each other's."""
    if worker not in _worker_databases:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        base = make_url(url)
        name = f"{base.database}_{worker}"
        engine = create_engine(base, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        _worker_databases[worker] = base.set(database=name).render_as_string(hide_password=False)
    return _worker_databases[worker]


def fresh_postgres() -> str:
    """An empty PostgreSQL database (the CI's, or this test process's own under xdist)."""
    import os

    url = os.environ.get(POSTGRES_URL_ENV)
    if not url:
        pytest.fail(f"FORUM_TEST_REQUIRE_TOOLS is set but {POSTGRES_URL_ENV} is not")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        url = _worker_database(url, worker)
    _reset_postgres(url)
    return url


@pytest.fixture(params=_backends())
def store_url(request, tmp_path) -> str:
    """A fresh, empty database: SQLite always, PostgreSQL when the CI provides one."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'forum.db'}"
    return fresh_postgres()


@pytest.fixture
def make_store(store_url):
    """Opens (and migrates) the store under test; disposed at the end."""
    from assistant.store.database import open_store

    opened = []

    def factory():
        store = open_store(store_url)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.dispose()


def simple_plan():
    """Four short meetings: a collection step, a vote step, a closing step each."""
    from assistant.forum.plan import MeetingPlan, StepPlan

    return tuple(
        MeetingPlan(number=n, steps=(
            StepPlan(key=f"m{n}-open", minutes=20, phone={"action": "wait"}),
            StepPlan(key=f"m{n}-collect", minutes=40, phone={"action": "collect", "kind": "challenge"}),
            StepPlan(key=f"m{n}-vote", minutes=30, phone={"action": "vote", "poll": {"method": "dots"}}),
        ))
        for n in (1, 2, 3, 4)
    )


@pytest.fixture
def make_forum(make_store):
    """A forum in a fresh store: returns (store, ForumCreated)."""
    from assistant.store import commands

    def factory(store=None, **overrides):
        store = store or make_store()
        values = {"title": "פורום עיצוב STEM", "locality": "בית הכרם", "domain": "stem", "language": "he",
                  "plan": simple_plan()}
        values.update(overrides)
        return store, commands.create_forum(store, **values)

    return factory
