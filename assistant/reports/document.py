"""A small, pure model of a Word document: a title, a language and a list of blocks.

Reports (shared agenda, collective work plan, meeting summaries) are composed from these
blocks; `assistant.word.writer.render` turns a `Document` into .docx bytes. Text is kept
exactly as given; a `None` table cell or a "placeholder" paragraph is rendered highlighted,
carrying the document's `placeholder_label` (the caller's "to complete" in its language).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

Language = Literal["he", "ar", "en"]
ParagraphStyle = Literal["body", "note", "source", "placeholder"]

LANGUAGES: tuple[str, ...] = ("he", "ar", "en")
RTL_LANGUAGES: frozenset[str] = frozenset({"he", "ar"})
PARAGRAPH_STYLES: tuple[str, ...] = ("body", "note", "source", "placeholder")
METADATA_KEYS: frozenset[str] = frozenset({"author", "subject", "keywords", "comments", "category"})
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1

    def __post_init__(self) -> None:
        if self.level not in (1, 2, 3):
            raise ValueError(f"heading level must be 1, 2 or 3, not {self.level!r}")


@dataclass(frozen=True)
class Paragraph:
    """Body text; "note" is a shaded remark, "source" a small grey provenance line,
    "placeholder" a highlighted hint the reader must complete (prefixed by the label)."""

    text: str
    style: ParagraphStyle = "body"

    def __post_init__(self) -> None:
        if self.style not in PARAGRAPH_STYLES:
            raise ValueError(f"paragraph style must be one of {PARAGRAPH_STYLES}, not {self.style!r}")


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))


@dataclass(frozen=True)
class Table:
    """A table with a header row; a `None` cell is a placeholder to complete.
    `widths` are relative column widths (e.g. (3, 1, 1)); without, columns share alike."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    caption: str | None = None
    widths: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "rows", tuple(tuple(row) for row in self.rows))
        if not self.columns:
            raise ValueError("a table needs at least one column")
        if self.widths is not None:
            object.__setattr__(self, "widths", tuple(float(w) for w in self.widths))
            if len(self.widths) != len(self.columns) or not all(w > 0 for w in self.widths):
                raise ValueError("widths need one positive number per column")
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(f"table row {number} has {len(row)} cells, expected {len(self.columns)}")


@dataclass(frozen=True)
class KeyValue:
    """Label/value pairs, e.g. on a cover page; a `None` value is a placeholder."""

    pairs: tuple[tuple[str, str | None], ...]

    def __post_init__(self) -> None:
        pairs = tuple(tuple(pair) for pair in self.pairs)
        if any(len(pair) != 2 for pair in pairs):
            raise ValueError("each key-value pair must have exactly two items")
        object.__setattr__(self, "pairs", pairs)


@dataclass(frozen=True)
class Image:
    png: bytes
    width_cm: float = 15.0
    caption: str | None = None
    alt: str | None = None  # what the picture shows, for a screen reader

    def __post_init__(self) -> None:
        if not self.png.startswith(PNG_SIGNATURE):
            raise ValueError("image must be PNG bytes")
        if not self.width_cm > 0:
            raise ValueError("image width must be positive")


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | BulletList | Table | KeyValue | Image | PageBreak
BLOCK_TYPES = (Heading, Paragraph, BulletList, Table, KeyValue, Image, PageBreak)


@dataclass(frozen=True)
class Document:
    title: str
    language: Language
    blocks: tuple[Block, ...] = ()
    subtitle: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    placeholder_label: str | None = None

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {self.language!r}")
        blocks = tuple(self.blocks)
        for block in blocks:
            if not isinstance(block, BLOCK_TYPES):
                raise TypeError(f"not a document block: {block!r}")
        object.__setattr__(self, "blocks", blocks)
        unknown = set(self.metadata) - METADATA_KEYS
        if unknown:
            raise ValueError(f"unknown metadata keys {sorted(unknown)}; allowed: {sorted(METADATA_KEYS)}")
        object.__setattr__(self, "metadata", MappingProxyType(dict(self.metadata)))
        if self.has_placeholders and not self.placeholder_label:
            raise ValueError("the document has placeholders, so it needs a placeholder_label")

    @property
    def rtl(self) -> bool:
        return self.language in RTL_LANGUAGES

    @property
    def has_placeholders(self) -> bool:
        return any(_has_placeholder(block) for block in self.blocks)


def _has_placeholder(block: Block) -> bool:
    if isinstance(block, Paragraph):
        return block.style == "placeholder"
    if isinstance(block, Table):
        return any(cell is None for row in block.rows for cell in row)
    if isinstance(block, KeyValue):
        return any(value is None for _, value in block.pairs)
    return False
