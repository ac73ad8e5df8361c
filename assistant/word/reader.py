"""Reading .docx files placed in the corpus: a corpus loader, registered from python-docx's
home through the corpus's `register_loader`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.corpus.models import Block


class DocxLoader:
    suffixes = (".docx",)

    def load(self, path: Path) -> list[Block]:
        return [Block(text=text, heading=heading) for text, heading in docx_paragraphs(path)]


def register(register_loader: Callable) -> None:
    register_loader(DocxLoader())


def docx_paragraphs(path: Path) -> list[tuple[str, bool]]:
    """(text, is_heading) for each non-empty paragraph, table cells included."""
    from docx import Document

    document = Document(str(path))
    out: list[tuple[str, bool]] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        heading = style.lower().startswith(("heading", "title", "כותרת"))
        out.append((text, heading))
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
            if cells:
                out.append((" | ".join(dict.fromkeys(cells)), False))
    return out
