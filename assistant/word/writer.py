"""Render a `assistant.reports.document.Document` as a .docx file.

The only module that writes Word files. Hebrew and Arabic documents are right-to-left
throughout: every paragraph and the section carry `w:bidi`, tables `w:bidiVisual`, and
text is split into runs by direction (`assistant.word.bidi`) so that only Hebrew/Arabic
runs carry `w:rtl`. Right alignment is never set: on a bidi paragraph Word reads
`jc=right` as "end", which lands flush left; the default (start) is already right.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import NamedTuple

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Cm

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
from assistant.word import styles
from assistant.word.bidi import split_by_direction
from assistant.word.ooxml import element, put, qn
from assistant.word.styles import Look
from assistant.word.widths import fit_widths
from assistant.word.xmltext import xml_safe

PAGE_WIDTH_CM, PAGE_HEIGHT_CM, MARGIN_CM = 21.0, 29.7, 2.5
TEXT_WIDTH_CM = PAGE_WIDTH_CM - 2 * MARGIN_CM
KEY_COLUMN_SHARE = 0.32
CORE_PROPERTY_LIMIT = 255  # python-docx refuses longer core property strings
APPLICATION = "Forum Assistant"
_TEXT_PARTS = re.compile("([\t\n])")

_PARAGRAPH_STYLES = {
    "body": "Normal",
    "note": styles.NOTE_STYLE,
    "source": styles.SOURCE_STYLE,
    "placeholder": styles.PLACEHOLDER_STYLE,
}


def render(document: Document) -> bytes:
    """The .docx bytes of `document`."""
    look = styles.LOOKS[document.language]
    word = docx.Document()
    _drop_template_thumbnail(word)
    styles.prepare_styles(word, look)
    _set_page(word, look)
    _set_core_properties(word, document, look)
    writer = _Writer(word, document, look)
    writer.title()
    for block in document.blocks:
        writer.block(block)
    writer.finish()
    if look.rtl:
        _mark_paragraphs_rtl(word)
    buffer = BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def write(document: Document, path: str | Path) -> Path:
    """Render `document` to `path` (parents created); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(document))
    return path


class _Writer:
    def __init__(self, word, document: Document, look: Look) -> None:
        self.word = word
        self.document = document
        self.look = look
        self.style_ids: dict[str, str | None] = {}
        self.directions: dict[str, list[bool]] = {}  # per character, by text (this document only)
        self.default_style_id = word.styles.default(WD_STYLE_TYPE.PARAGRAPH).style_id
        self.table_style_id = word.styles["Table Grid"].style_id
        # A page break is the next paragraph's "page break before", and a table's spacer is
        # written only when another table follows: a paragraph of their own, after a table that
        # fills its page, would start a page and leave it blank.
        self.break_pending = False
        self.spacer_pending = False

    def style_id(self, name: str) -> str | None:
        """The id of a paragraph style (None for the default), looked up once: python-docx
        scans every style on each lookup, which dominates the time of long tables."""
        if name not in self.style_ids:
            style = self.word.styles[name]
            self.style_ids[name] = None if style.style_id == self.default_style_id else style.style_id
        return self.style_ids[name]

    def new_paragraph(self, style: str):
        """A new body paragraph (its w:p element) in `style`."""
        self.spacer_pending = False
        p = self.word.add_paragraph()._p
        _set_style(p, self.style_id(style))
        if self.break_pending:
            put(p.get_or_add_pPr(), "w:pageBreakBefore")
            self.break_pending = False
        return p

    def finish(self) -> None:
        """A document that ends with a table still ends with a paragraph, as Word expects."""
        if self.spacer_pending:
            self.new_paragraph("Normal")

    def title(self) -> None:
        self.text(self.new_paragraph("Title"), self.document.title)
        if self.document.subtitle:
            self.text(self.new_paragraph("Subtitle"), self.document.subtitle)

    def block(self, block) -> None:
        if isinstance(block, Heading):
            self.text(self.new_paragraph(f"Heading {block.level}"), block.text)
        elif isinstance(block, Paragraph):
            self.paragraph(block)
        elif isinstance(block, BulletList):
            for item in block.items:
                self.text(self.new_paragraph("List Bullet"), item)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, KeyValue):
            self.key_value(block)
        elif isinstance(block, Image):
            self.image(block)
        elif isinstance(block, PageBreak):
            self.break_pending = True
        else:
            raise TypeError(f"cannot render {block!r}")

    def paragraph(self, block: Paragraph) -> None:
        paragraph = self.new_paragraph(_PARAGRAPH_STYLES[block.style])
        if block.style != "placeholder":
            self.text(paragraph, block.text)
            return
        label = _Piece(self.document.placeholder_label or "", bold=True, highlight=True)
        hint = [_Piece(": " + block.text, highlight=True)] if block.text else []
        self.pieces(paragraph, [label, *hint])

    def placeholder(self, paragraph) -> None:
        """The caller's "to complete" label, highlighted, standing in for missing text."""
        self.text(paragraph, self.document.placeholder_label or "", bold=True, highlight=True)

    def table(self, block: Table) -> None:
        if block.caption:
            caption = self.new_paragraph("Caption")
            put(caption.get_or_add_pPr(), "w:keepNext")
            self.text(caption, block.caption)
        table = self.new_table(len(block.rows) + 1, len(block.columns), caption=block.caption)
        shares = block.widths or (1.0,) * len(block.columns)
        total = sum(shares)
        widths = fit_widths([TEXT_WIDTH_CM * w / total for w in shares], block.columns, block.rows,
                            styles.TABLE_SIZE / 2)
        _set_widths(table, [Cm(w) for w in widths])
        header, *rows = table._tbl.tr_lst
        _repeat_as_header(header)
        for tc, name in zip(header.tc_lst, block.columns):
            _shade(tc, styles.TABLE_HEADER_FILL)
            self.cell(tc, name, bold=True)
        for tr, values in zip(rows, block.rows):
            for tc, value in zip(tr.tc_lst, values):
                self.cell(tc, value)
        self.after_table()

    def key_value(self, block: KeyValue) -> None:
        if not block.pairs:
            return  # Word refuses a table without rows
        table = self.new_table(len(block.pairs), 2, first_row_is_header=False)
        _set_widths(table, (Cm(TEXT_WIDTH_CM * KEY_COLUMN_SHARE), Cm(TEXT_WIDTH_CM * (1 - KEY_COLUMN_SHARE))))
        for tr, (key, value) in zip(table._tbl.tr_lst, block.pairs):
            key_cell, value_cell = tr.tc_lst
            _shade(key_cell, styles.KEY_FILL)
            self.cell(key_cell, key, bold=True)
            self.cell(value_cell, value)
        self.after_table()

    def after_table(self) -> None:
        """Word merges tables that touch; a paragraph keeps them apart (written when a table
        comes next, see `new_table`)."""
        self.spacer_pending = True

    def new_table(
        self, rows: int, columns: int, caption: str | None = None, first_row_is_header: bool = True
    ):
        if self.spacer_pending or self.break_pending:  # two tables touching, or a page break before this one
            self.new_paragraph("Normal")
        table = self.word.add_table(rows=rows, cols=columns)
        properties = table._tbl.tblPr
        put(properties, "w:tblStyle", val=self.table_style_id)
        if self.look.rtl:
            put(properties, "w:bidiVisual")
        put(properties, "w:tblW", w="5000", type="pct")
        put(properties, "w:tblLook", val="04A0" if first_row_is_header else "0400",
            firstRow="1" if first_row_is_header else "0", lastRow="0", firstColumn="0",
            lastColumn="0", noHBand="0", noVBand="1")
        if caption:
            put(properties, "w:tblCaption", val=_core_text(caption))
        return table

    def cell(self, tc, value: str | None, bold: bool = False) -> None:
        """Fill a table cell (its w:tc element)."""
        p = tc.p_lst[0]
        _set_style(p, self.style_id(styles.TABLE_TEXT_STYLE))
        if value is None:
            _shade(tc, styles.PLACEHOLDER_FILL)
            self.placeholder(p)
        else:
            self.text(p, value, bold=bold)

    def image(self, block: Image) -> None:
        width = Cm(min(block.width_cm, TEXT_WIDTH_CM))
        picture = self.word.add_paragraph()
        shape = picture.add_run().add_picture(BytesIO(block.png), width=width)
        if block.alt or block.caption:
            shape._inline.docPr.set("descr", xml_safe(block.alt or block.caption))  # Word's "alt text"
        properties = picture._p.get_or_add_pPr()
        put(properties, "w:jc", val="center")
        if block.caption:
            put(properties, "w:keepNext")  # the caption stays on the picture's page
            self.text(self.new_paragraph("Caption"), block.caption)

    def text(self, paragraph, text: str, bold: bool = False, highlight: bool = False) -> None:
        self.pieces(paragraph, [_Piece(text, bold, highlight)])

    def pieces(self, p, pieces: list[_Piece]) -> None:
        """Append differently formatted pieces of one text to the paragraph `p` (a w:p
        element), one run per piece and direction; directions are decided over the whole text."""
        pieces = [piece._replace(text=xml_safe(piece.text)) for piece in pieces]
        text = "".join(piece.text for piece in pieces)
        if self.look.rtl:
            rtl = self.directions.get(text)
            if rtl is None:  # tables repeat their cells (numbers, sectors, "–"): split each text once
                rtl = [segment.rtl for segment in split_by_direction(text, True) for _ in segment.text]
                self.directions[text] = rtl
        else:
            rtl = [False] * len(text)
        owner = [index for index, piece in enumerate(pieces) for _ in piece.text]
        start = 0
        for end in range(1, len(text) + 1):
            if end < len(text) and (owner[end], rtl[end]) == (owner[start], rtl[start]):
                continue
            self.run(p, text[start:end], pieces[owner[start]], rtl[start])
            start = end

    def run(self, p, text: str, piece: _Piece, rtl: bool) -> None:
        """A w:r built directly (python-docx's add_run costs several lookups per run)."""
        r = element("w:r")
        if piece.bold or piece.highlight or rtl:
            properties = element("w:rPr")
            r.append(properties)
            if piece.bold:
                styles.set_bold(properties)
            if piece.highlight:
                put(properties, "w:highlight", val=styles.PLACEHOLDER_HIGHLIGHT)
            if rtl:
                put(properties, "w:rtl")
        _append_text(r, text)
        p.append(r)


class _Piece(NamedTuple):
    text: str
    bold: bool = False
    highlight: bool = False


def _set_style(p, style_id: str | None) -> None:
    """A paragraph style by id (None: the default style, so nothing to set)."""
    if style_id is None:
        return
    properties = p.pPr
    if properties is None:
        properties = element("w:pPr")
        p.insert(0, properties)
    put(properties, "w:pStyle", val=style_id)


def _append_text(r, text: str) -> None:
    """Text into a run as python-docx writes it: tabs and line breaks as elements,
    spaces kept at either end."""
    for part in _TEXT_PARTS.split(text):
        if part == "\t":
            r.append(element("w:tab"))
        elif part == "\n":
            r.append(element("w:br"))
        elif part:
            t = element("w:t")
            t.text = part
            if part != part.strip():
                t.set(qn("xml:space"), "preserve")
            r.append(t)


def _set_widths(table, widths) -> None:
    """Column widths on the grid and on every cell (Word reads one, LibreOffice the other)."""
    for column, width in zip(table.columns, widths):
        column.width = width
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths):
            tc.width = width


def _repeat_as_header(tr) -> None:
    properties = tr.get_or_add_trPr()
    put(properties, "w:cantSplit")
    put(properties, "w:tblHeader")


def _shade(tc, fill: str) -> None:
    put(tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill=fill)


def _set_page(word, look: Look) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    section.top_margin = section.bottom_margin = Cm(MARGIN_CM)
    if look.rtl:
        put(section._sectPr, "w:bidi")
    footer = section.footer.paragraphs[0]
    put(footer._p.get_or_add_pPr(), "w:jc", val="center")
    footer._p.append(_page_number_field())


def _page_number_field():
    field = element("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = element("w:r")
    properties = element("w:rPr")
    run.append(properties)
    styles.set_size(properties, styles.FOOTER_SIZE)
    text = element("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field


def _drop_template_thumbnail(word) -> None:
    """The template's blank-page preview would stand for our document in file browsers."""
    package_rels = word.part.package.rels
    for rel in list(package_rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rel.rId)


def _set_core_properties(word, document: Document, look: Look) -> None:
    properties = word.core_properties
    now = datetime.now(UTC).replace(microsecond=0)
    properties.title = _core_text(document.title)
    properties.language = look.language_tag
    properties.author = _core_text(document.metadata.get("author", APPLICATION))
    properties.last_modified_by = APPLICATION
    properties.created = properties.modified = now
    properties.revision = 1
    for name in ("subject", "keywords", "comments", "category"):
        if name in document.metadata:
            setattr(properties, name, _core_text(document.metadata[name]))


def _core_text(text: str) -> str:
    return xml_safe(text).replace("\n", " ")[:CORE_PROPERTY_LIMIT]


def _mark_paragraphs_rtl(word) -> None:
    """Every paragraph, wherever it was made (body, cells, footer), is right-to-left."""
    roots = [word.element.body]
    for section in word.sections:
        roots.append(section.footer._element)
    for root in roots:
        for paragraph in root.iter(qn("w:p")):
            put(paragraph.get_or_add_pPr(), "w:bidi")
