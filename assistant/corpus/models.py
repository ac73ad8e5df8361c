"""Value objects of the corpus: what a loader yields and what gets indexed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Block:
    """A paragraph or a heading as read from a source file."""

    text: str
    heading: bool = False
    page: int | None = None


@dataclass
class SourceDocument:
    path: str
    doc_id: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Passage:
    """A citable slice of a document."""

    passage_id: str
    doc_id: str
    title: str
    section: str
    position: int
    text: str
    source: str
    page: int | None = None

    @property
    def search_text(self) -> str:
        """What the rankers see: section heading and text."""
        return f"{self.section}\n{self.text}" if self.section else self.text

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Passage:
        return cls(**data)
