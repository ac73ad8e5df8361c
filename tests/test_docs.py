"""The README stays a short front page, and every link in it and in docs/ leads somewhere."""

from __future__ import annotations

import re

from tests.conftest import PROJECT

PAGES = [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)|src=\"([^\"]+)\"")


def _anchors(page) -> set[str]:
    """GitHub's anchors for a page's headings."""
    heads = re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in heads}


def test_the_readme_is_a_front_page():
    lines = (PROJECT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 150, len(lines)
    text = "\n".join(lines)
    assert "make run" in text and "make test" in text


def test_every_link_in_the_readme_and_docs_leads_to_a_file_and_heading_that_exist():
    broken = []
    for page in PAGES:
        for linked, anchor, image in LINK.findall(page.read_text(encoding="utf-8")):
            target = linked or image
            if re.match(r"[a-z]+://", target):
                continue
            path = (page.parent / target).resolve()
            if not path.exists():
                broken.append(f"{page.name}: {target}")
            elif anchor and path.suffix == ".md" and anchor[1:] not in _anchors(path):
                broken.append(f"{page.name}: {target}{anchor}")
    assert not broken, broken


def test_every_docs_page_is_linked_from_the_readme():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    unlinked = [p.name for p in PAGES[1:] if f"docs/{p.name}" not in readme]
    assert not unlinked, unlinked
