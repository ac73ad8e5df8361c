"""The shared agenda and the work plan open in LibreOffice and their Hebrew comes out of
the PDF in reading order. Skipped without soffice/pdftotext unless FORUM_TEST_REQUIRE_TOOLS=1."""

from __future__ import annotations

import re
import subprocess

import pytest

from assistant.exports.bundle import build
from assistant.exports.printables import build_printable
from assistant.reports.outputs import outcomes
from tests.reports.test_run_sheet import JOIN
from tests.word.test_libreoffice import BIDI_CONTROLS, tool


@pytest.fixture(scope="module")
def pdf_texts(tmp_path_factory, demo_snapshot, playbook) -> dict[str, str]:
    soffice, pdftotext = tool("soffice"), tool("pdftotext")
    folder = tmp_path_factory.mktemp("exports-pdf")
    files = {name: build(name, demo_snapshot, playbook).content
             for name in ("shared-agenda", "work-plan", "meeting-2", "meeting-4")}
    files.update({name: build_printable(name, demo_snapshot, playbook, JOIN).content
                  for name in ("join-card", "run-sheet-3")})
    names = tuple(files)
    paths = []
    for name, content in files.items():
        path = folder / f"{name}.docx"
        path.write_bytes(content)
        paths.append(str(path))
    profile = (folder / "profile").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(folder), *paths],
                   check=True, capture_output=True, timeout=180)
    texts = {"docx": files}
    for name in names:
        result = subprocess.run([pdftotext, str(folder / f"{name}.pdf"), "-"], check=True,
                                capture_output=True, timeout=30)
        texts[name] = BIDI_CONTROLS.sub("", result.stdout.decode("utf-8"))
    return texts


def test_shared_agenda_reads_in_hebrew_order(pdf_texts, demo_snapshot, playbook):
    text = pdf_texts["shared-agenda"]
    assert "אג'נדה משותפת" in text and "המשתתפים לפי מגזר" in text and "הצעדים הבאים" in text
    assert "אתגרים מדורגים" in text and "חוזקות יישוביות שאפשר להישען עליהן" in text
    top = outcomes(demo_snapshot, playbook)["prioritised_challenges"].items[0].text
    assert top in text
    assert "להשלמה" in text and "10-15" in text


def test_work_plan_reads_in_hebrew_order(pdf_texts, demo_snapshot, playbook):
    text = pdf_texts["work-plan"]
    assert "תכנית עבודה קולקטיבית" in text and "מודל לוגי" in text and "חמש התשתיות החברתיות" in text
    assert "שימוש בנתונים כבסיס לקבלת החלטות" in text and "נקודות בקרה ומדידת התקדמות" in text
    first = outcomes(demo_snapshot, playbook)["focus_areas"].chosen[0].text
    assert "תחום מיקוד" in text and first in text  # (pdftotext moves the ":" of "1:" around)


def test_the_join_card_reads_in_order_in_each_language(pdf_texts):
    lines = [line.strip() for line in pdf_texts["join-card"].splitlines() if line.strip()]
    assert "הצטרפו לפורום מהטלפון" in lines and "בוחרים שפה ומגזר; השם לא חובה." in lines
    # a line in another language and direction keeps its words and stops in their order
    assert any(line.startswith("Scan the code to join; the page is in English too") for line in lines)
    # (pdftotext breaks the lam-alef ligature and sets the tanween apart, so two words are left out)
    assert any(line.startswith("امسحوا الرمز ") and "؛ الصفحة متوفرة بالعربية " in line for line in lines)


def test_the_run_sheet_reads_in_hebrew_order(pdf_texts):
    text = pdf_texts["run-sheet-3"]
    assert "תוכנית המפגש למנחים" in text and "מהלך המפגש" in text and "על מה המפגש נשען" in text
    assert "אתגרים מדורגים (בעיות שורש) (מפגש" in text and "מה אומרים:" in text


def test_no_page_is_left_blank(pdf_texts):
    """A page break after a table that fills its page once left the next page empty (4 of the
    work plan's 10 pages)."""
    for name, text in pdf_texts.items():
        if name == "docx":
            continue
        pages = text.rstrip("\f").split("\f")
        blank = [n for n, page in enumerate(pages, start=1) if not page.strip()]
        assert not blank, (name, blank, len(pages))


def test_table_headers_never_break_inside_a_word(pdf_texts):
    """Each word of every table's header comes out of the PDF whole ("הצבעו/ת" did not)."""
    import io

    from docx import Document
    from docx.oxml.ns import qn

    for name, content in pdf_texts["docx"].items():
        bare = lambda w: re.sub(r"[\W_]", "", w)  # noqa: E731 - brackets come out of a PDF mirrored
        words = {bare(w) for w in pdf_texts[name].split()}
        for table in Document(io.BytesIO(content)).tables:
            first = table.rows[0]._tr
            if first.trPr is None or first.trPr.find(qn("w:tblHeader")) is None:
                continue  # a key-value table: no header row
            header = {cell.text for cell in table.rows[0].cells}
            for word in (bare(w) for text in header for w in text.split() if len(bare(w)) >= 4):
                assert word in words, (name, word)
