"""Split a document into citable passages that follow its sections.

The whole document is one stream of text (headings included, so nothing the
source says is lost). Windows of about `passage_chars` are cut preferably just
before a heading, else at a paragraph break or a space. Windows always
overlap (headings in extracted PDF text are guesses, and a hard cut at a false
one loses context), so any short quote lies whole inside some passage.
Each passage is labelled with the section it opens in. A heading guess that is a
stray line of a paragraph (one that ends like a sentence, "עתידם.", or a justified
line in visual order) still marks a place to cut, but never names a section.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass

from assistant.corpus.cleaning import is_visual_order
from assistant.corpus.models import Passage, SourceDocument
from assistant.text.normalize import collapse_for_match

# Bump when cleaning or chunking changes what passages come out: indexes
# built by an older version are rebuilt.
CHUNKER_VERSION = 6


@dataclass(frozen=True)
class ChunkingOptions:
    passage_chars: int = 1200
    overlap: int = 300

    def __post_init__(self) -> None:
        if self.passage_chars < 100:
            raise ValueError("passage_chars must be at least 100")
        if not 0 <= self.overlap < self.passage_chars // 2:
            raise ValueError("overlap must be between 0 and half of passage_chars")


@dataclass(frozen=True)
class _Stream:
    text: str
    starts: list[int]  # offset of each block
    headings: list[int]  # offsets of heading blocks: places to cut
    heading_text: dict[int, str]
    pages: list[int | None]
    titles: list[int]  # offsets of the headings that may name a section


def _stream(document: SourceDocument) -> _Stream:
    parts: list[str] = []
    starts: list[int] = []
    headings: list[int] = []
    heading_text: dict[int, str] = {}
    titles: list[int] = []
    pages: list[int | None] = []
    offset = 0
    for block in document.blocks:
        text = block.text.strip()
        if not text:
            continue
        starts.append(offset)
        pages.append(block.page)
        if block.heading:
            headings.append(offset)
            heading_text[offset] = " ".join(text.split())
            if names_a_section(text):
                titles.append(offset)
        parts.append(text)
        offset += len(text) + 1
    return _Stream("\n".join(parts), starts, headings, heading_text, pages, titles)


def names_a_section(heading: str) -> bool:
    """A heading guess that ends like a sentence, or a justified line the PDF gave in visual
    order, is a stray line of a paragraph, not a title."""
    return not heading.rstrip().endswith(".") and not is_visual_order(heading)


def _last_in(points: list[int], lo: int, hi: int) -> int | None:
    """The greatest point p with lo < p <= hi."""
    i = bisect.bisect_right(points, hi) - 1
    return points[i] if i >= 0 and points[i] > lo else None


def _cut(stream: _Stream, start: int, size: int) -> int:
    text = stream.text
    if start + size >= len(text):
        return len(text)
    lo, hi = start + size // 2, start + size
    for candidate in (_last_in(stream.headings, lo, hi), _last_in(stream.starts, lo, hi)):
        if candidate is not None:
            return candidate - 1  # the newline before the block
    space = text.rfind(" ", lo, hi)
    return space if space > lo else hi


def _next_start(text: str, end: int, overlap: int) -> int:
    lo = max(0, end - overlap)
    spaces = [p for p in (text.find(" ", lo, end), text.find("\n", lo, end)) if p != -1]
    return min(spaces) + 1 if spaces else end


def spans(stream: _Stream, size: int, overlap: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = 0
    while start < len(stream.text):
        end = _cut(stream, start, size)
        out.append((start, end))
        if end >= len(stream.text):
            break
        start = max(_next_start(stream.text, end, overlap), start + 1)
    # A short tail is folded into the window before it.
    if len(out) > 1 and out[-1][1] - out[-1][0] < size // 3:
        out[-2] = (out[-2][0], out.pop()[1])
    return out


def _section_for(stream: _Stream, start: int, end: int, overlap: int) -> str:
    """A heading near the start of the window names it; else the one in force."""
    titles = stream.titles
    if _last_in(titles, start - 1, min(end, start + overlap + 1)) is not None:
        return stream.heading_text[titles[bisect.bisect_left(titles, start)]]
    before = _last_in(titles, -1, start)
    return stream.heading_text[before] if before is not None else ""


def _page_for(stream: _Stream, start: int) -> int | None:
    i = bisect.bisect_right(stream.starts, start) - 1
    return stream.pages[i] if i >= 0 else None


def passage_id(doc_id: str, text: str, seen: set[str]) -> str:
    """Stable across re-indexing: the document id and a hash of the text."""
    digest = hashlib.sha1(collapse_for_match(text).encode("utf-8")).hexdigest()
    length = 8
    candidate = f"{doc_id}#{digest[:length]}"
    while candidate in seen:
        length += 2
        candidate = f"{doc_id}#{digest[:length]}"
    seen.add(candidate)
    return candidate


def chunk(document: SourceDocument, options: ChunkingOptions | None = None) -> list[Passage]:
    options = options or ChunkingOptions()
    stream = _stream(document)
    passages: list[Passage] = []
    seen: set[str] = set()
    for start, end in spans(stream, options.passage_chars, options.overlap):
        text = stream.text[start:end].strip()
        if not text:
            continue
        passages.append(
            Passage(
                passage_id=passage_id(document.doc_id, text, seen),
                doc_id=document.doc_id,
                title=document.title,
                section=_section_for(stream, start, end, options.overlap),
                position=len(passages),
                text=text,
                source=document.path,
                page=_page_for(stream, start),
            )
        )
    return passages
