from pathlib import Path

from assistant.corpus.loaders import loader_for, looks_like_heading


def _blocks(path: Path):
    return loader_for(path).load(path)


def test_markdown_headings(tmp_path):
    path = tmp_path / "guide.md"
    path.write_text("# פרק א\n\nטקסט ראשון\nשורה שנייה\n\n## סעיף\nעוד טקסט\n", encoding="utf-8")
    blocks = _blocks(path)
    assert [(b.text, b.heading) for b in blocks] == [
        ("פרק א", True),
        ("טקסט ראשון\nשורה שנייה", False),
        ("סעיף", True),
        ("עוד טקסט", False),
    ]


def test_text_in_windows_1255_is_read(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("מסמך ישן בקידוד ישן, עם פסקה ארוכה דיה כדי לא להיחשב כותרת כלל.".encode("cp1255"))
    assert "מסמך ישן" in _blocks(path)[0].text


def test_docx_paragraphs_headings_and_tables(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_heading("תכנית עבודה", level=1)
    doc.add_paragraph("היעד: חיזוק הקשר של בני נוער לחינוך הבלתי פורמלי.")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "תקציב"
    table.rows[0].cells[1].text = "500"
    path = tmp_path / "plan.docx"
    doc.save(path)
    blocks = _blocks(path)
    assert blocks[0].heading and blocks[0].text == "תכנית עבודה"
    assert any("חיזוק הקשר" in b.text for b in blocks)
    assert any("תקציב" in b.text and "500" in b.text for b in blocks)


def test_pdf_pages_are_read_and_page_numbers_dropped(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "guide.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in (1, 2):
        c.drawString(72, 800, f"Design forum guide, chapter {page}")
        c.drawString(72, 780, "The forum meets four times in the design year and works as a funnel.")
        c.drawString(300, 40, str(page))
        c.showPage()
    c.save()
    blocks = _blocks(path)
    assert {b.page for b in blocks} == {1, 2}
    text = "\n".join(b.text for b in blocks)
    assert "works as a funnel" in text
    assert all(b.text.strip() not in {"1", "2"} for b in blocks)


def test_heading_heuristic():
    assert looks_like_heading("פרק ראשון")
    assert looks_like_heading("מה היא אג'נדה משותפת?")
    assert not looks_like_heading("והשותפים, ")
    assert not looks_like_heading("2014-2015")
    assert not looks_like_heading("מילה " * 20)
