"""Hostile text (markup, bidi overrides, 2,000 characters, emoji) reaches the Word
documents intact as text, and harmless: no markup, no reordering characters."""

from __future__ import annotations

import zipfile
from io import BytesIO

from lxml import etree
from sqlalchemy import select

from assistant.exports.bundle import build
from assistant.exports.reading import read_snapshot
from assistant.store import schema as s
from assistant.store.database import open_store
from tests.reports.fixtures import BIDI_OVERRIDE, EMOJI, HOSTILE_HTML, make_small_forum

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LONG = ("אתגר ארוך מאוד עם STEM ו-2025 " * 70)[:2000]


def _paragraphs(docx: bytes) -> tuple[list[str], bytes]:
    with zipfile.ZipFile(BytesIO(docx)) as package:
        xml = package.read("word/document.xml")
    root = etree.fromstring(xml)
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")], xml


def test_hostile_ideas_survive_intact_and_harmless(tmp_path, playbook):
    store = open_store(f"sqlite:///{tmp_path / 'forum.db'}")
    forum = make_small_forum(store, playbook)
    with store.write() as session:  # rows written behind the commands' back, unchecked
        meeting = session.scalar(select(s.Meeting).where(s.Meeting.forum_id == forum.forum_id,
                                                         s.Meeting.number == 2))
        for text in (HOSTILE_HTML, f"{EMOJI} {BIDI_OVERRIDE}", LONG):
            session.add(s.Idea(forum_id=forum.forum_id, meeting_id=meeting.id, kind="challenge", text=text))
    snapshot = read_snapshot(store, forum.forum_id)
    store.dispose()
    for name in ("shared-agenda", "meeting-2"):
        paragraphs, xml = _paragraphs(build(name, snapshot, playbook).content)
        assert HOSTILE_HTML in paragraphs, name
        assert f"{EMOJI} evil" in paragraphs, name
        assert LONG in paragraphs and len(LONG) == 2000, name
        assert b"<script>" not in xml and b"<b>" not in xml
        assert "\u202e" not in xml.decode("utf-8") and "\u202c" not in xml.decode("utf-8")
