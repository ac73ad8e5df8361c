"""The document model: immutable, validated, language-neutral."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.reports.document import (
    BulletList,
    Document,
    Heading,
    Image,
    KeyValue,
    PageBreak,
    Paragraph,
    Table,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"rest"


def test_blocks_are_frozen_and_lists_become_tuples():
    table = Table(columns=["a", "b"], rows=[["1", None]])
    document = Document("t", "he", [table, BulletList(["x"])], placeholder_label="fill")
    assert table.columns == ("a", "b") and table.rows == (("1", None),)
    assert isinstance(document.blocks, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        document.title = "other"
    with pytest.raises(TypeError):
        document.metadata["author"] = "x"


def test_rtl_follows_language():
    assert Document("t", "he").rtl and Document("t", "ar").rtl
    assert not Document("t", "en").rtl


@pytest.mark.parametrize(
    "make",
    [
        lambda: Document("t", "fr"),
        lambda: Heading("h", 4),
        lambda: Paragraph("p", "bold"),
        lambda: Table(columns=[], rows=[]),
        lambda: Table(columns=["a", "b"], rows=[["only one"]]),
        lambda: KeyValue([("a", "b", "c")]),
        lambda: Image(b"GIF89a", 5),
        lambda: Image(PNG, 0),
        lambda: Document("t", "he", metadata={"colour": "red"}),
        lambda: Document("t", "he", ["not a block"]),
    ],
)
def test_invalid_input_is_refused(make):
    with pytest.raises((ValueError, TypeError)):
        make()


@pytest.mark.parametrize(
    "block",
    [
        Paragraph("describe the vision", "placeholder"),
        Table(columns=["a"], rows=[[None]]),
        KeyValue([("date", None)]),
    ],
)
def test_placeholders_need_the_callers_label(block):
    with pytest.raises(ValueError, match="placeholder_label"):
        Document("t", "he", [block])
    document = Document("t", "he", [block], placeholder_label="להשלמה")
    assert document.has_placeholders


def test_a_document_without_placeholders_needs_no_label():
    document = Document("t", "en", [Heading("h"), Paragraph("p", "source"), PageBreak(), Image(PNG, 3, "c")])
    assert not document.has_placeholders
