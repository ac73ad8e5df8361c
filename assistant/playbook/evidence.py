"""Evidence quotes resolved to the corpus passages that contain them.

Quotes are matched in the loose form retrieval evaluation uses
(`collapse_for_match`), so a quote survives re-chunking as long as it stays
whole inside some passage.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.config import Settings
from assistant.corpus.chunking import ChunkingOptions, chunk
from assistant.corpus.models import Passage
from assistant.corpus.sources import discover, read_document, titles_from_sources
from assistant.errors import IndexNotReadyError
from assistant.playbook.models import Evidence, FieldProblem
from assistant.retrieval.index_store import IndexStore
from assistant.text.normalize import collapse_for_match

# document id -> [(passage id, passage text in match form)]
QuoteIndex = dict[str, list[tuple[str, str]]]


def corpus_passages(settings: Settings) -> list[Passage]:
    """The passages of the index when it is current, else the corpus chunked afresh."""
    store = IndexStore(settings)
    if store.is_current():
        try:
            return store.load_passages()
        except IndexNotReadyError:
            pass
    root = settings.corpus_dir
    titles = titles_from_sources(root)
    options = ChunkingOptions(settings.passage_chars, settings.passage_overlap)
    return [p for file in discover(root) for p in chunk(read_document(file, root, titles), options)]


def quote_index(passages: Sequence[Passage]) -> QuoteIndex:
    index: QuoteIndex = {}
    for passage in passages:
        index.setdefault(passage.doc_id, []).append((passage.passage_id, collapse_for_match(passage.text)))
    return index


def passages_quoting(index: QuoteIndex, document: str, quote: str) -> tuple[str, ...]:
    needle = collapse_for_match(quote)
    return tuple(pid for pid, text in index.get(document, ()) if needle in text)


def resolve(evidence: Evidence, index: QuoteIndex) -> Evidence:
    """`evidence` with the ids of the passages holding its quote; FieldProblem if none does."""
    if evidence.document not in index:
        known = ", ".join(sorted(index)) or "none"
        raise FieldProblem("document", f"'{evidence.document}' is not a corpus document (known: {known})")
    found = passages_quoting(index, evidence.document, evidence.quote)
    if not found:
        raise FieldProblem("quote", f"not found in {evidence.document}: \"{evidence.quote}\"")
    return evidence.model_copy(update={"passage_ids": found})
