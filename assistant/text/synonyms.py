"""A curated synonym glossary: groups of interchangeable words and phrases.

File format: one group per line, entries separated by commas, `#` starts a
comment. Entries are compared in normalised form, and a query word matches an
entry word when one of its prefix-stripped forms equals it, so ולתושבים finds
the entry תושבים.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.text.normalize import prefix_variants, words

Phrase = tuple[str, ...]


def parse_groups(lines: Iterable[str]) -> list[list[Phrase]]:
    groups: list[list[Phrase]] = []
    for line in lines:
        content = line.split("#", 1)[0]
        entries = [tuple(words(entry)) for entry in content.split(",")]
        entries = [e for e in entries if e]
        if len(entries) > 1:
            groups.append(entries)
    return groups


def word_forms(word: str) -> set[str]:
    """A word and its prefix-stripped forms (already normalised)."""
    return {word, *prefix_variants(word)}


def _occurs(phrase: Phrase, forms: Sequence[set[str]]) -> bool:
    n = len(phrase)
    return any(
        all(phrase[j] in forms[i + j] for j in range(n)) for i in range(len(forms) - n + 1)
    )


@dataclass(frozen=True)
class SynonymTable:
    groups: tuple[tuple[Phrase, ...], ...]

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> SynonymTable:
        return cls(tuple(tuple(g) for g in parse_groups(lines)))

    @classmethod
    def from_file(cls, path: Path) -> SynonymTable:
        return cls.from_lines(path.read_text(encoding="utf-8").splitlines())

    def expand(self, text: str) -> list[str]:
        """Entries of every group that `text` touches, minus the ones it
        already contains, as phrases of normalised words."""
        forms = [word_forms(w) for w in words(text)]
        anywhere = set().union(*forms)  # a phrase with a word not in it cannot occur: no scan
        extra: list[str] = []
        for group in self.groups:
            present = [p for p in group if anywhere.issuperset(p) and _occurs(p, forms)]
            if not present:
                continue
            extra.extend(" ".join(p) for p in group if p not in present)
        return extra
