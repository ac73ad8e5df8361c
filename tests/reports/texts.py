"""Reading report objects in tests: all their text, and the blocks under a heading."""

from __future__ import annotations

from assistant.reports.document import BulletList, Document, Heading, KeyValue, Paragraph, Table


def block_texts(block) -> list[str | None]:
    if isinstance(block, (Heading, Paragraph)):
        return [block.text]
    if isinstance(block, BulletList):
        return list(block.items)
    if isinstance(block, Table):
        return [*block.columns, *(cell for row in block.rows for cell in row), block.caption]
    if isinstance(block, KeyValue):
        return [text for pair in block.pairs for text in pair]
    return []


def all_text(document: Document) -> str:
    parts = [document.title, document.subtitle or ""]
    for block in document.blocks:
        parts += [text for text in block_texts(block) if text]
    return "\n".join(parts)


def under(document: Document, heading: str, level: int | None = None) -> list:
    """The blocks after the first heading containing `heading`, up to the next heading of
    the same or a higher level."""
    blocks = list(document.blocks)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and heading in b.text
                 and (level is None or b.level == level))
    found_level = blocks[start].level
    section = []
    for block in blocks[start + 1:]:
        if isinstance(block, Heading) and block.level <= found_level:
            break
        section.append(block)
    return section


def of_type(blocks, kind) -> list:
    return [b for b in blocks if isinstance(b, kind)]
