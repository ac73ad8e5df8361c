"""Readers for the file types a corpus folder may hold.

A loader is anything with `suffixes` and `load(path) -> list[Block]`; the
built-ins register themselves through the same `register_loader` a plug-in uses.
A loader that needs a library with a home elsewhere (python-docx lives in `word/`)
is registered from there: the modules in `LOADER_MODULES` each have
`register(register_loader)`, called the first time a loader is looked up.
"""

from __future__ import annotations

import importlib
import re
import threading
from pathlib import Path
from typing import Protocol

from assistant.corpus.cleaning import clean_lines, strip_page_edges
from assistant.corpus.models import Block


class Loader(Protocol):
    suffixes: tuple[str, ...]

    def load(self, path: Path) -> list[Block]: ...


_LOADERS: dict[str, Loader] = {}
LOADER_MODULES = ("assistant.word.reader",)  # .docx
_registered = threading.Event()
_registering = threading.Lock()


def register_loader(loader: Loader) -> None:
    for suffix in loader.suffixes:
        _LOADERS[suffix.lower()] = loader


def _loaders() -> dict[str, Loader]:
    if not _registered.is_set():
        with _registering:
            if not _registered.is_set():
                for module in LOADER_MODULES:
                    importlib.import_module(module).register(register_loader)
                _registered.set()
    return _LOADERS


def loader_for(path: Path) -> Loader | None:
    return _loaders().get(path.suffix.lower())


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(_loaders()))


_MAX_HEADING_CHARS = 70
_MAX_HEADING_WORDS = 9
_SENTENCE_END = (",", ";", "،")


def looks_like_heading(line: str) -> bool:
    """A short line with letters that does not run on like a sentence."""
    text = line.strip()
    if not text or len(text) > _MAX_HEADING_CHARS or len(text.split()) > _MAX_HEADING_WORDS:
        return False
    if text.endswith(_SENTENCE_END) or not any(ch.isalpha() for ch in text):
        return False
    letters = sum(ch.isalpha() for ch in text)
    return letters >= 4


def blocks_from_lines(lines: list[str], page: int | None = None) -> list[Block]:
    """Paragraphs are runs of lines between blank lines; a lone short line
    standing on its own is taken as a heading."""
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if not para:
            return
        text = "\n".join(para).strip()
        if text:
            heading = len(para) == 1 and looks_like_heading(para[0])
            blocks.append(Block(text=text, heading=heading, page=page))
        para.clear()

    for line in lines:
        if not line.strip():
            flush()
        elif line.startswith(" ") and not line.startswith("  ") and looks_like_heading(line):
            # Extracted section titles start with a single space.
            flush()
            blocks.append(Block(text=line.strip(), heading=True, page=page))
        else:
            para.append(line)
    flush()
    return blocks


def read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1255", "cp1256"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("utf-8", data, 0, 1, f"{path.name}: unknown text encoding")


class PlainTextLoader:
    """Text files, typically PDF extractions: cleaned, headings guessed."""

    suffixes = (".txt",)

    def load(self, path: Path) -> list[Block]:
        return blocks_from_lines(clean_lines(read_text(path).splitlines()))


_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")


class MarkdownLoader:
    suffixes = (".md", ".markdown")

    def load(self, path: Path) -> list[Block]:
        blocks: list[Block] = []
        para: list[str] = []
        for line in read_text(path).splitlines() + [""]:
            match = _MD_HEADING_RE.match(line)
            if match or not line.strip():
                if para:
                    blocks.append(Block(text="\n".join(para).strip()))
                    para = []
                if match and match.group(1):
                    blocks.append(Block(text=match.group(1), heading=True))
            else:
                para.append(line)
        return blocks


class PdfLoader:
    suffixes = (".pdf",)

    def load(self, path: Path) -> list[Block]:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        pages = [strip_page_edges((page.extract_text() or "").splitlines()) for page in reader.pages]
        # Running headers repeat across pages, so clean all pages together.
        flat: list[tuple[int, str]] = [(n, line) for n, lines in enumerate(pages, 1) for line in lines]
        cleaned = clean_lines([line for _, line in flat])
        blocks: list[Block] = []
        for number in range(1, len(pages) + 1):
            page_lines = [c for (n, _), c in zip(flat, cleaned, strict=True) if n == number]
            blocks.extend(blocks_from_lines(page_lines, page=number))
        return blocks


for _loader in (PlainTextLoader(), MarkdownLoader(), PdfLoader()):
    register_loader(_loader)
