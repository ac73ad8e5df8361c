"""Sample documents and a way to look inside the .docx they render to."""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO

import pytest
from lxml import etree

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

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MIXED = "תקציב 500 אלף ₪ for STEM 2025"


def png(width: int = 40, height: int = 20) -> bytes:
    """A solid red RGB PNG."""
    raw = b"".join(b"\x00" + bytes([200, 50, 50]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def xml_parts(docx: bytes) -> dict[str, etree._Element]:
    """Every XML part of the package, by name."""
    with zipfile.ZipFile(BytesIO(docx)) as package:
        names = [name for name in package.namelist() if name.endswith(".xml")]
        return {name: etree.fromstring(package.read(name)) for name in names}


def sample(language: str = "he") -> Document:
    """A report using every block type, in Hebrew, Arabic or English."""
    if language == "en":
        return Document(
            "Shared agenda 2025",
            "en",
            [
                Heading("Situation picture", 1),
                Paragraph("Budget 500 thousand NIS for STEM 2025"),
                Paragraph("The shared agenda (אג'נדה משותפת) of the forum"),
                Paragraph("From meeting 2, step 3, poll 'Top challenges'", "source"),
                Table(["Goal", "Metric"], [["Participation", None]], caption="Table 1"),
                Paragraph("Describe the vision", "placeholder"),
            ],
            placeholder_label="To complete",
        )
    words = {
        "he": ("אג'נדה משותפת", "תמונת מצב", "יעד", "מדד", "חיזוק הקשר", "להשלמה", "פריט ראשון", "הערה"),
        "ar": (
            "الأجندة المشتركة", "صورة الوضع", "هدف", "مؤشر", "تعزيز المشاركة", "للاستكمال", "البند الأول",
            "ملاحظة",
        ),
    }[language]
    title, heading, goal, metric, goal_text, label, item, note = words
    return Document(
        title,
        language,
        [
            Heading(heading, 1),
            Paragraph(MIXED),
            Paragraph(f"{note} 2, 3 'STEM'", "source"),
            Paragraph(note, "note"),
            Paragraph(heading, "placeholder"),
            BulletList([item, f"{item} STEM"]),
            Heading(heading, 2),
            Table([goal, metric, "2025"], [[goal_text, "מ-1,200 ל-1,800 (40%)", "500"], [goal, None, "120"]],
                  caption=heading),
            KeyValue([(goal, goal_text), (metric, None)]),
            Heading(heading, 3),
            Image(png(), 5, heading),
            PageBreak(),
            Paragraph(goal_text),
        ],
        subtitle=heading,
        metadata={"author": goal_text, "subject": heading},
        placeholder_label=label,
    )


@pytest.fixture
def make_sample():
    return sample
