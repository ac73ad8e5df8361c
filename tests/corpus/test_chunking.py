import pytest

from assistant.corpus.chunking import ChunkingOptions, chunk
from assistant.corpus.models import Block, SourceDocument
from assistant.text.normalize import collapse_for_match


def _doc(blocks):
    return SourceDocument(path="x.txt", doc_id="x", title="X", blocks=blocks)


def _long_paragraph(word: str, n: int) -> str:
    return " ".join(f"{word}{i}" for i in range(n))


def test_every_short_quote_survives_in_some_passage():
    blocks = [Block("פתיחה", heading=True)] + [Block(_long_paragraph(f"מילה{j}-", 40)) for j in range(12)]
    passages = chunk(_doc(blocks), ChunkingOptions(passage_chars=400, overlap=120))
    assert len(passages) > 3
    full = collapse_for_match(" ".join(b.text for b in blocks))
    words = full.split()
    for start in range(0, len(words) - 6, 5):
        quote = " ".join(words[start : start + 6])
        assert any(quote in collapse_for_match(p.text) for p in passages), quote


def test_headings_stay_in_text_and_name_sections():
    blocks = [
        Block("פרק ראשון", heading=True),
        Block(_long_paragraph("א", 80)),
        Block("פרק שני", heading=True),
        Block(_long_paragraph("ב", 80)),
    ]
    passages = chunk(_doc(blocks), ChunkingOptions(passage_chars=500, overlap=100))
    assert passages[0].section == "פרק ראשון"
    second = [p for p in passages if p.section == "פרק שני"]
    assert second and "פרק שני" in second[0].text
    assert second[0].text.index("פרק שני") <= 100 + len("פרק שני")  # within the overlap
    assert all(p.title == "X" and p.doc_id == "x" for p in passages)
    assert [p.position for p in passages] == list(range(len(passages)))


@pytest.mark.parametrize("stray", [
    "בעתידו כמבוגר.",  # a paragraph's last line, standing alone
    "מוביליות  ולקידום  המחר  אתגרי  לקראת  הילד",  # a justified line the PDF gave in visual order
])
def test_a_stray_paragraph_line_cuts_but_does_not_name_a_section(stray):
    blocks = [
        Block("פרק ראשון", heading=True),
        Block(_long_paragraph("א", 80)),
        Block(stray, heading=True),
        Block(_long_paragraph("ב", 80)),
    ]
    passages = chunk(_doc(blocks), ChunkingOptions(passage_chars=500, overlap=100))
    assert {p.section for p in passages} == {"פרק ראשון"}
    assert passages[0].text.endswith("א79")  # still a place to cut


def test_passage_ids_are_stable_and_unique():
    blocks = [Block(_long_paragraph("ג", 300))]
    first = chunk(_doc(blocks), ChunkingOptions(passage_chars=400, overlap=100))
    second = chunk(_doc(blocks), ChunkingOptions(passage_chars=400, overlap=100))
    assert [p.passage_id for p in first] == [p.passage_id for p in second]
    assert len({p.passage_id for p in first}) == len(first)
    assert all(p.passage_id.startswith("x#") for p in first)


def test_small_document_is_one_passage():
    passages = chunk(_doc([Block("קצר מאוד.")]))
    assert len(passages) == 1 and passages[0].text == "קצר מאוד."


def test_bad_options_are_rejected():
    with pytest.raises(ValueError):
        ChunkingOptions(passage_chars=50)
    with pytest.raises(ValueError):
        ChunkingOptions(passage_chars=400, overlap=300)
