"""The .docx the writer produces, read back as OOXML and through python-docx."""

from __future__ import annotations

import re
from io import BytesIO

import docx
import pytest

from assistant.reports.document import BulletList, Document, Heading, Image, KeyValue, Paragraph, Table
from assistant.word.writer import TEXT_WIDTH_CM, render, write
from tests.word.conftest import MIXED, W, png, sample, xml_parts

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"

RTL_LETTER = re.compile("[\u05d0-\u05ea\u0620-\u064a\u066e-\u06d3\ufb1d-\ufb4f\ufb50-\ufdff\ufe70-\ufefc]")
LTR_CHARACTER = re.compile("[A-Za-z0-9]")

# Child order of a few property elements, copied from the ECMA-376 schema independently of the writer.
SCHEMA = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd"
    " tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi"
    " adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection"
    " textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof"
    " snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText"
    " vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc"
    " tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign"
    " hideMark",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders"
    " lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid"
    " printerSettings",
}
HOSTILE = [
    "<script>alert('x')</script> & <w:p/> ]]>",
    "**bold** _md_ # heading [link](http://x) | a | b |",
    "abc \u202eevil\u202c \u2066iso\u2069 \u200e\u200f",
    "zero\u200bwidth\u200djoin\ufeffbom",
    "emoji 🎉👩🏽‍💻 שלום 🇮🇱",
    "ש" * 5000 + "a" * 5000,
    "tab\there\nnew line",
]


@pytest.fixture(scope="module")
def hebrew():
    return xml_parts(render(sample("he")))


@pytest.fixture(scope="module")
def arabic():
    return xml_parts(render(sample("ar")))


@pytest.fixture(scope="module")
def english():
    return xml_parts(render(sample("en")))


def local(element) -> str:
    return element.tag.split("}")[1]


def run_text(run) -> str:
    return "".join(t.text or "" for t in run.iter(f"{W}t"))


def content_parts(parts):
    return [root for name, root in parts.items() if name == "word/document.xml" or "footer" in name]


def test_every_paragraph_and_the_section_are_right_to_left(hebrew):
    paragraphs = [p for root in content_parts(hebrew) for p in root.iter(f"{W}p")]
    assert len(paragraphs) > 20
    for paragraph in paragraphs:
        assert paragraph.find(f"{W}pPr/{W}bidi") is not None
    sections = list(hebrew["word/document.xml"].iter(f"{W}sectPr"))
    assert sections and all(s.find(f"{W}bidi") is not None for s in sections)


@pytest.mark.parametrize("fixture", ["hebrew", "arabic"])
def test_only_hebrew_and_arabic_runs_are_rtl(fixture, request):
    parts = request.getfixturevalue(fixture)
    runs = [r for root in content_parts(parts) for r in root.iter(f"{W}r") if run_text(r)]
    assert any(RTL_LETTER.search(run_text(r)) for r in runs)
    for run in runs:
        text = run_text(run)
        rtl = run.find(f"{W}rPr/{W}rtl") is not None
        if RTL_LETTER.search(text):
            assert rtl and not LTR_CHARACTER.search(text), text
        elif LTR_CHARACTER.search(text):
            assert not rtl, text


def test_mixed_text_is_split_so_numbers_and_english_stay_left_to_right(hebrew):
    body = hebrew["word/document.xml"]
    paragraph = next(p for p in body.iter(f"{W}p") if "".join(run_text(r) for r in p.iter(f"{W}r")) == MIXED)
    runs = [(run_text(r), r.find(f"{W}rPr/{W}rtl") is not None) for r in paragraph.iter(f"{W}r")]
    assert runs == [("תקציב ", True), ("500", False), (" אלף ₪ ", True), ("for STEM 2025", False)]


@pytest.mark.parametrize("fixture", ["hebrew", "arabic", "english"])
def test_complex_script_size_and_bold_go_with_size_and_bold(fixture, request):
    parts = request.getfixturevalue(fixture)
    checked = 0
    for name in ("word/document.xml", "word/styles.xml"):
        for rpr in parts[name].iter(f"{W}rPr"):
            children = {local(c) for c in rpr}
            if "sz" in children:
                assert "szCs" in children
                checked += 1
            if "b" in children:
                assert "bCs" in children
                checked += 1
    assert checked > 10


@pytest.mark.parametrize("fixture", ["hebrew", "arabic"])
def test_no_right_alignment_on_rtl_paragraphs(fixture, request):
    for root in content_parts(request.getfixturevalue(fixture)):
        for jc in root.iter(f"{W}jc"):
            assert jc.get(f"{W}val") not in ("right", "end")


def test_tables_put_their_first_column_on_the_right(hebrew):
    tables = list(hebrew["word/document.xml"].iter(f"{W}tbl"))
    assert len(tables) == 2
    assert all(t.find(f"{W}tblPr/{W}bidiVisual") is not None for t in tables)


def test_tables_repeat_a_bold_header_row_and_never_touch(hebrew):
    body = hebrew["word/document.xml"].find(f"{W}body")
    table = body.find(f"{W}tbl")
    first_row = table.find(f"{W}tr")
    assert first_row.find(f"{W}trPr/{W}tblHeader") is not None
    for run in first_row.iter(f"{W}r"):
        assert run.find(f"{W}rPr/{W}b") is not None and run.find(f"{W}rPr/{W}bCs") is not None
    children = [local(c) for c in body]
    assert all(children[i + 1] != "tbl" for i, tag in enumerate(children) if tag == "tbl")


@pytest.mark.parametrize(("fixture", "bidi"), [("hebrew", "he-IL"), ("arabic", "ar-SA")])
def test_default_languages_and_fonts(fixture, bidi, request):
    styles = request.getfixturevalue(fixture)["word/styles.xml"]
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    lang = defaults.find(f"{W}lang")
    assert lang.get(f"{W}bidi") == bidi and lang.get(f"{W}val") == "en-US"
    fonts = defaults.find(f"{W}rFonts")
    assert fonts.get(f"{W}cs") and fonts.get(f"{W}ascii") and fonts.get(f"{W}hAnsi")


def test_no_theme_fonts_in_defaults_or_heading_styles(hebrew):
    assert "word/stylesWithEffects.xml" not in hebrew  # a stale second style sheet
    assert not any("thumbnail" in name for name in hebrew)
    styles = hebrew["word/styles.xml"]
    theme = [f"{W}{name}" for name in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")]
    for fonts in styles.iter(f"{W}rFonts"):
        assert not any(fonts.get(attribute) for attribute in theme)
    for style_id in ("Title", "Heading1", "Heading2", "Heading3"):
        style = styles.find(f"{W}style[@{W}styleId='{style_id}']")
        fonts = style.find(f"{W}rPr/{W}rFonts")
        assert fonts.get(f"{W}cs") == "Arial"
        assert style.find(f"{W}pPr/{W}bidi") is not None


@pytest.mark.parametrize("fixture", ["hebrew", "arabic", "english"])
def test_property_children_follow_the_schema_order(fixture, request):
    seen = 0
    for root in request.getfixturevalue(fixture).values():
        for parent_name, sequence in SCHEMA.items():
            order = {name: index for index, name in enumerate(sequence.split())}
            for parent in root.iter(f"{W}{parent_name}"):
                positions = [order[local(c)] for c in parent if local(c) in order]
                assert positions == sorted(positions), [local(c) for c in parent]
                seen += 1
    assert seen > 50


def test_english_documents_are_plain_left_to_right(english):
    for root in english.values():
        for tag in ("bidi", "rtl", "bidiVisual"):
            assert next(root.iter(f"{W}{tag}"), None) is None, tag


def test_placeholders_are_highlighted_and_carry_the_callers_label(hebrew, english):
    for parts, label in ((hebrew, "להשלמה"), (english, "To complete")):
        body = parts["word/document.xml"]
        labelled = [r for r in body.iter(f"{W}r") if run_text(r) == label]
        assert labelled
        for run in labelled:
            assert run.find(f"{W}rPr/{W}highlight").get(f"{W}val") == "yellow"
        cells = [tc for tc in body.iter(f"{W}tc") if any(run_text(r) == label for r in tc.iter(f"{W}r"))]
        assert cells and all(tc.find(f"{W}tcPr/{W}shd") is not None for tc in cells)
    english_text = "".join(run_text(r) for r in english["word/document.xml"].iter(f"{W}r"))
    assert "להשלמה" not in english_text


def test_a_placeholder_hint_in_another_script_keeps_the_label_first():
    hint = Paragraph("Describe the vision", "placeholder")
    document = Document("t", "he", [hint], placeholder_label="להשלמה")
    body = xml_parts(render(document))["word/document.xml"]
    paragraph = list(body.iter(f"{W}p"))[1]
    runs = [
        (run_text(r), r.find(f"{W}rPr/{W}rtl") is not None, r.find(f"{W}rPr/{W}b") is not None)
        for r in paragraph.iter(f"{W}r")
    ]
    assert runs == [("להשלמה", True, True), (": ", True, False), ("Describe the vision", False, False)]


def test_page_a4_and_page_numbers_in_the_footer(hebrew):
    section = hebrew["word/document.xml"].find(f".//{W}sectPr")
    size = section.find(f"{W}pgSz")
    assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (11906, 16838)
    footers = [root for name, root in hebrew.items() if "footer" in name]
    fields = [f.get(f"{W}instr") for root in footers for f in root.iter(f"{W}fldSimple")]
    assert any("PAGE" in instruction for instruction in fields)


def test_round_trip_through_python_docx(tmp_path):
    path = write(sample("he"), tmp_path / "out" / "agenda.docx")
    read = docx.Document(str(path))
    texts = [p.text for p in read.paragraphs]
    assert texts[:2] == ["אג'נדה משותפת", "תמונת מצב"]
    assert MIXED in texts
    assert read.paragraphs[0].style.name == "Title"
    assert [p.style.name for p in read.paragraphs if p.text == "תמונת מצב"][1:3] == ["Heading 1", "Heading 2"]
    assert [c.text for c in read.tables[0].rows[1].cells] == ["חיזוק הקשר", "מ-1,200 ל-1,800 (40%)", "500"]
    assert read.tables[0].rows[2].cells[1].text == "להשלמה"
    assert read.core_properties.title == "אג'נדה משותפת"
    assert read.core_properties.language == "he-IL"
    assert read.core_properties.author == "חיזוק הקשר"
    assert read.inline_shapes[0].width.cm == pytest.approx(5, abs=0.01)


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_hostile_text_is_written_literally(language):
    blocks = [Heading(text) for text in HOSTILE] + [Paragraph(text) for text in HOSTILE]
    blocks.append(Table(["<b>", "\u202e"], [[text, text] for text in HOSTILE], caption=HOSTILE[0]))
    blocks.append(KeyValue([(text, text) for text in HOSTILE]))
    read = docx.Document(BytesIO(render(Document(HOSTILE[0], language, blocks, subtitle=HOSTILE[2]))))
    texts = [p.text for p in read.paragraphs]
    extra = {HOSTILE[0]: 2, HOSTILE[2]: 1}  # the title and table caption; the subtitle
    for text in HOSTILE:
        assert texts.count(text) == 2 + extra.get(text, 0)
    assert [row.cells[0].text for row in read.tables[0].rows[1:]] == HOSTILE
    assert [row.cells[1].text for row in read.tables[1].rows] == HOSTILE
    assert read.core_properties.title == HOSTILE[0]


def test_characters_xml_cannot_hold_are_dropped_and_the_rest_kept():
    title = "x" * 300 + "\x00"
    paragraph = Paragraph("א\x00ב\x01\x08\x0b\x0c\x1f\ufffe\ud800ג\r\nד")
    document = Document(title, "he", [paragraph, Table(["\x07"], [["\x1b"]])])
    read = docx.Document(BytesIO(render(document)))
    assert "אבג\nד" in [p.text for p in read.paragraphs]
    assert read.tables[0].rows[0].cells[0].text == ""
    assert read.core_properties.title == "x" * 255


def test_empty_blocks_still_make_a_valid_document():
    blocks = [KeyValue([]), BulletList([]), Table(["a"], []), Paragraph(""), Heading("")]
    document = Document("", "he", blocks)
    parts = xml_parts(render(document))
    assert all(next(t.iter(f"{W}tr"), None) is not None for t in parts["word/document.xml"].iter(f"{W}tbl"))


def test_images_never_overflow_the_text_width():
    read = docx.Document(BytesIO(render(Document("t", "en", [Image(png(), 40)]))))
    assert read.inline_shapes[0].width.cm == pytest.approx(TEXT_WIDTH_CM, abs=0.01)


def test_a_pictures_text_alternative_is_its_alt_text_or_else_its_caption():
    blocks = [Image(png(), 5, "caption only"), Image(png(), 5, "caption", alt="bars: A 3, B 1"), Image(png(), 5)]
    body = xml_parts(render(Document("t", "en", blocks)))["word/document.xml"]
    described = [p.get("descr") for p in body.iter(f"{WP}docPr")]
    assert described == ["caption only", "bars: A 3, B 1", None]
