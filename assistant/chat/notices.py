"""What the search page, the command line and the assistant say about a query beside its
results: its slips corrected, the documents' language, the words they never use. Light to
import (no playbook, no store), so that `forum-assistant search` starts fast."""

from __future__ import annotations

from assistant.i18n import quoted_list, translate
from assistant.text.spelling import Correction


def other_language_notice(script: str, language: str) -> str:
    """Tells a question in another language that the documents are written in `script`'s language."""
    return translate("documents.other_language", language, written_in=translate(f"script_in.{script}", language))


def sources_language_notice(script: str, language: str) -> str:
    """One line beside results found across languages: the sources are in `script`'s language."""
    return translate("documents.sources_in", language, written_in=translate(f"script_in.{script}", language))


def unmatched_words_notice(unmatched: tuple[str, ...], language: str) -> str:
    """Names a question's words that the documents never use, so it can be put differently."""
    return translate("documents.unmatched_words", language, count=len(unmatched),
                     words=quoted_list(unmatched, language))


def corrected_spelling_notice(corrections: tuple[Correction, ...], language: str) -> str:
    """Says which words were searched in place of the typing slips of a question."""
    return translate("documents.corrected_spelling", language,
                     searched=quoted_list([c.corrected for c in corrections], language),
                     typed=quoted_list([c.typed for c in corrections], language))
