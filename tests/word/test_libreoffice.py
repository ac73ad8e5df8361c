"""LibreOffice opens the documents and lays Hebrew and Arabic out in reading order.

Needs `soffice` (libreoffice-writer) and `pdftotext` (poppler-utils). Skipped when they
are missing, unless FORUM_TEST_REQUIRE_TOOLS=1 (as on CI), where missing tools fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from assistant.reports.document import Document, Heading, Paragraph, Table
from assistant.word.writer import write
from tests.word.conftest import sample

REQUIRE_TOOLS = os.environ.get("FORUM_TEST_REQUIRE_TOOLS") == "1"  # read before conftest clears FORUM_*
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HEBREW_SENTENCE = "הפורום בחר שתי משימות עירוניות מתוך המיפוי"
ARABIC_SENTENCE = "اختار المنتدى مهمتين للمدينة من الخريطة"


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian: libreoffice-writer-nogui, poppler-utils)"
        if REQUIRE_TOOLS:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def pdf_texts(tmp_path_factory) -> dict[str, str]:
    """Plain text of each sample after a docx -> pdf round through LibreOffice."""
    soffice, pdftotext = tool("soffice"), tool("pdftotext")
    folder = tmp_path_factory.mktemp("libreoffice")
    documents = {
        "he": _with_sentence(sample("he"), HEBREW_SENTENCE),
        "ar": _with_sentence(sample("ar"), ARABIC_SENTENCE),
        "hostile": Document(
            "<script>\u202e", "he",
            [Heading("\u202eevil\u202c 🎉"), Paragraph("\u200b\u200d" + "ש" * 10000),
             Table(["<w:p/>"], [["**md**"], [None]])],
            placeholder_label="להשלמה",
        ),
    }
    paths = [str(write(document, folder / f"{name}.docx")) for name, document in documents.items()]
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder), *paths],
        check=True, capture_output=True, timeout=120,
    )
    texts = {}
    for name in documents:
        command = [pdftotext, str(folder / f"{name}.pdf"), "-"]
        result = subprocess.run(command, check=True, capture_output=True, timeout=30)
        texts[name] = BIDI_CONTROLS.sub("", result.stdout.decode("utf-8"))
    return texts


def _with_sentence(document: Document, sentence: str) -> Document:
    return Document(document.title, document.language, (Paragraph(sentence), *document.blocks),
                    placeholder_label=document.placeholder_label)


def test_hebrew_comes_out_in_logical_order(pdf_texts):
    text = pdf_texts["he"]
    assert HEBREW_SENTENCE in text
    assert "אג'נדה משותפת" in text and "חיזוק הקשר" in text
    assert "for STEM 2025" in text and "1,200" in text and "1,800" in text


def test_arabic_comes_out_in_logical_order(pdf_texts):
    text = pdf_texts["ar"]
    assert ARABIC_SENTENCE in text
    assert "صورة الوضع" in text and "تعزيز المشاركة" in text  # (pdftotext splits lam-alef ligatures)


def test_hostile_text_converts(pdf_texts):
    # pdftotext reorders neutrals at the ends of Latin-only text in RTL paragraphs, so no "<" or "*" here.
    text = pdf_texts["hostile"]
    assert "script" in text and "md" in text and "להשלמה" in text and "ש" * 40 in text
