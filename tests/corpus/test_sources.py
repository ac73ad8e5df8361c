import pytest

from assistant.corpus.sources import discover, document_titles, read_document, titles_from_sources
from assistant.errors import CorpusEmptyError, CorpusMissingError


def test_missing_folder_says_where_documents_go(tmp_path):
    with pytest.raises(CorpusMissingError) as err:
        discover(tmp_path / "nope")
    message = err.value.message("en")
    assert str(tmp_path / "nope") in message and ".pdf" in message and "FORUM_CORPUS_DIR" in message


def test_empty_folder_is_a_clear_error(make_corpus):
    root = make_corpus({"notes.xyz": "ignored"})
    with pytest.raises(CorpusEmptyError) as err:
        discover(root)
    assert "forum-assistant index" in err.value.message("en")
    assert "forum-assistant index" in err.value.message("he")


def test_titles_come_from_sources_md(make_corpus):
    root = make_corpus(shipped=True)
    titles = titles_from_sources(root)
    assert titles["roadmap-municipal-social-mobility.he.txt"].startswith("מפת הדרכים")
    files = discover(root)
    assert [f.doc_id for f in files] == [
        "beit-hakerem-ecostem21-2021-2023.he",
        "roadmap-municipal-social-mobility.he",
    ]
    doc = read_document(files[1], root, titles)
    assert doc.title == titles["roadmap-municipal-social-mobility.he.txt"]
    text = "\n".join(b.text for b in doc.blocks)
    for artefact in ("בחזרה לתוכן עניינים", "Dummy Text", "יוזמת היישוב במרכז  54"):
        assert artefact not in text
    assert "עובדים בצורת משפך" in " ".join(text.split())


def test_hidden_files_and_sources_md_are_not_documents(make_corpus):
    root = make_corpus({"a.md": "# A\n\ntext", ".hidden/b.md": "x", "SOURCES.md": "| `a.md` | Title A | x |"})
    files = discover(root)
    assert [f.path.name for f in files] == ["a.md"]
    assert read_document(files[0], root, titles_from_sources(root)).title == "Title A"


def test_documents_are_named_by_id_as_their_passages_are(make_corpus):
    root = make_corpus({"a.md": "# A\n\ntext", "sub/b-c.md": "x", "SOURCES.md": "| `a.md` | Title A | x |"})
    assert document_titles(root) == {"a": "Title A", "sub-b-c": "b c"}  # no SOURCES.md row: the file's name
    titles = titles_from_sources(root)
    assert {f.doc_id: read_document(f, root, titles).title for f in discover(root)} == document_titles(root)
