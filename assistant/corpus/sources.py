"""Finding the corpus files, their titles (from SOURCES.md) and reading them."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.corpus.loaders import loader_for, supported_suffixes
from assistant.corpus.models import SourceDocument
from assistant.errors import CorpusEmptyError, CorpusMissingError

log = logging.getLogger(__name__)

SOURCES_FILE = "SOURCES.md"
_ROW_RE = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|")


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    doc_id: str
    sha256: str


def doc_id_for(path: Path, root: Path) -> str:
    rel = path.relative_to(root).as_posix()
    stem = rel.rsplit(".", 1)[0]
    return re.sub(r"[^\w.-]+", "-", stem).strip("-").lower()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def discover(root: Path) -> list[CorpusFile]:
    """Every readable-looking document under `root`, in a stable order."""
    if not root.is_dir():
        raise CorpusMissingError(path=str(root), suffixes=", ".join(supported_suffixes()))
    files = [
        p
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and loader_for(p) is not None
        and p.name != SOURCES_FILE
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    if not files:
        raise CorpusEmptyError(path=str(root), suffixes=", ".join(supported_suffixes()))
    return [CorpusFile(path=p, doc_id=doc_id_for(p, root), sha256=file_hash(p)) for p in files]


def titles_from_sources(root: Path) -> dict[str, str]:
    """File name -> title, from the table rows of SOURCES.md: | `file` | title | ..."""
    sources = root / SOURCES_FILE
    if not sources.exists():
        return {}
    titles: dict[str, str] = {}
    for line in sources.read_text(encoding="utf-8").splitlines():
        match = _ROW_RE.match(line)
        if match:
            titles[match.group(1).strip()] = match.group(2).strip()
    return titles


def default_title(path: Path) -> str:
    stem = path.name.split(".", 1)[0]
    return re.sub(r"[-_]+", " ", stem).strip()


def document_titles(root: Path) -> dict[str, str]:
    """Document id -> title, for every document under `root`."""
    titles = titles_from_sources(root)
    return {file.doc_id: _title(file.path, root, titles) for file in discover(root)}


def _title(path: Path, root: Path, titles: dict[str, str]) -> str:
    return titles.get(path.relative_to(root).as_posix()) or titles.get(path.name) or default_title(path)


def read_document(file: CorpusFile, root: Path, titles: dict[str, str]) -> SourceDocument:
    loader = loader_for(file.path)
    assert loader is not None
    rel = file.path.relative_to(root).as_posix()
    return SourceDocument(path=rel, doc_id=file.doc_id, title=_title(file.path, root, titles),
                          blocks=loader.load(file.path))
