"""Spelling correction of a query against the documents' own words.

A word is corrected only when nothing matches it in the documents (in any form)
and it is not a word of the language either: "מינלהת" becomes "מינהלת", but
"מקשים", a real word the documents happen not to use, is left alone (putting a
document word in its place would search for something else). The replacement is
the document word one edit away (a letter added, dropped, changed, or two
neighbours swapped), with the prefix letters typed before it kept; among several,
two letters swapped first, then the most frequent.

A query typed whole with the keyboard on the wrong layout ("nv zv vnhbvk,?") is read
as the same keys type it in the documents' layout ("מה זה המינהלת?"; see `keyboard`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from assistant.text.keyboard import LAYOUTS, retype
from assistant.text.normalize import LANGUAGE_OF_SCRIPT, normalize, prefix_variants, script_of, words
from assistant.text.query import content_words

MIN_LETTERS = 5  # shorter words are too often another real word one edit away
MAX_EDITS = 1
CACHED_QUERIES = 256
_SURFACE_RE = re.compile(r"[^\W\d_]+")
# Typed with the keyboard in the wrong layout: at most this share of the words are English,
# and at least this share, retyped, are words of the documents or of their language.
MAX_ENGLISH_SHARE = 0.25
MIN_RETYPED_SHARE = 0.75
_EDGE_KEYS = "?!\"()"  # around a word typed in the wrong layout; ",.;'/[]" are letters there


class Lexicon(Protocol):
    """Whether a word belongs to a language in general (not only to the documents)."""

    def knows(self, word: str, language: str) -> bool: ...


@dataclass(frozen=True)
class Correction:
    typed: str
    corrected: str

    def as_dict(self) -> dict:
        return {"typed": self.typed, "corrected": self.corrected}


@dataclass(frozen=True)
class Spelled:
    """A query as searched: `text`, after `corrections` (none when it was searched as typed)."""

    text: str
    corrections: tuple[Correction, ...] = ()


class SpellingCorrector:
    def __init__(self, texts: Iterable[str], lexicon: Lexicon, protected: Callable[[str], bool] = lambda word: False,
                 *, min_letters: int = MIN_LETTERS, max_edits: int = MAX_EDITS) -> None:
        """`texts`: the documents; `protected(word)`: a normalised word never to correct
        (a glossary term the documents put otherwise)."""
        surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        for text in texts:
            for token in _SURFACE_RE.findall(text):
                word = normalize(token)
                surfaces[word][token] += 1
                if len(word) == len(token):  # prefix letters come off the token as written, too
                    for form in prefix_variants(word):
                        surfaces[form][token[len(word) - len(form):]] += 1
        # Each form of a document word (with or without its prefix letters), how often it occurs,
        # and how the documents most often write it (final letters, capitals).
        self._frequency = Counter({form: sum(written.values()) for form, written in surfaces.items()})
        self._surface = {form: written.most_common(1)[0][0] for form, written in surfaces.items()}
        self._by_script: dict[str, list[str]] = defaultdict(list)
        for form in self._frequency:
            if len(form) >= min_letters - max_edits:
                self._by_script[script_of(form)].append(form)
        self._lexicon, self._protected = lexicon, protected
        self._min_letters, self._max_edits = min_letters, max_edits
        # An answer spells its question more than once (the card, the search, the word check).
        self.correct = lru_cache(maxsize=CACHED_QUERIES)(self._correct)

    def warm_up(self) -> None:
        """Loads the lexicon's word list of each language the documents are written in,
        which the first query with an unknown word would otherwise wait for."""
        for script, forms in self._by_script.items():
            if script in LANGUAGE_OF_SCRIPT and forms:
                self._lexicon.knows(self._surface[max(forms, key=self._frequency.__getitem__)],
                                    LANGUAGE_OF_SCRIPT[script])

    def _correct(self, query: str) -> Spelled:
        retyped = self.retyped(query)
        if retyped is not None:
            return Spelled(retyped, (Correction(query, retyped),))
        text, corrections = query, []
        for word, typed in content_words(query).items():
            if words(typed) != [word]:  # part of a token (בSTEM): not replaced alone
                continue
            replacement = self.replacement(word, typed)
            if replacement is None:
                continue
            text = re.sub(rf"(?<!\w){re.escape(typed)}(?!\w)", replacement, text)
            corrections.append(Correction(typed, replacement))
        return Spelled(text, tuple(corrections))

    def retyped(self, query: str) -> str | None:
        """`query` as meant, when it was typed in Latin letters with the keyboard's Hebrew or
        Arabic layout off: most of its words then read as no English word, and most of the
        same keys in that layout as words of the documents or of the language."""
        if any(script_of(w) != "latin" for w in words(query) if not w.isdigit()):
            return None
        typed = [chunk for chunk in query.split() if not any(c.isupper() for c in chunk)]
        cores = [core for chunk in typed if len(core := chunk.strip(_EDGE_KEYS)) >= 3]
        if not cores or _share(cores, self._english) > MAX_ENGLISH_SHARE:
            return None
        for script in LAYOUTS:
            if not self._by_script.get(script):
                continue
            meant = [w for chunk in typed for w in _SURFACE_RE.findall(retype(chunk, script))]
            known = sum(normalize(w) in self._frequency or self._lexicon.knows(w, LANGUAGE_OF_SCRIPT[script])
                        for w in meant)
            if meant and known >= MIN_RETYPED_SHARE * len(meant):
                return retype(query, script)
        return None

    def _english(self, chunk: str) -> bool:
        """A Latin word of the documents or of English ("what's" too; "na,naho" is neither)."""
        return (re.fullmatch(r"[A-Za-z]+('[a-z]+)?", chunk) is not None
                and (normalize(chunk) in self._frequency or self._lexicon.knows(chunk, "en")))

    def replacement(self, word: str, typed: str) -> str | None:
        """What to search instead of `word` (normalised; `typed` as typed), if anything: the
        nearest form of a document word, behind the prefix letters typed before it."""
        script = script_of(word)
        language = LANGUAGE_OF_SCRIPT.get(script)
        forms = [word, *prefix_variants(word)]  # without 0, 1, 2… prefix letters
        if (language is None or len(word) < self._min_letters or any(c.isdigit() for c in word)
                or any(form in self._frequency for form in forms) or self._protected(word)):
            return None
        if len(typed) != len(word):  # typed otherwise than one letter per letter: not peeled
            forms = [word]
        # A word of the language, maybe behind prefix letters (כשמעריכים), is meant as typed.
        if any(self._lexicon.knows(typed[len(word) - len(form):], language) for form in forms):
            return None
        near = [
            # Fewest edits, then the fewest prefix letters assumed, then two letters swapped
            # (the same letters), then the commonest document form.
            (distance, len(word) - len(form), sorted(match) != sorted(form), -self._frequency[match], match)
            for form in forms if len(form) >= self._min_letters
            for match, distance, _ in process.extract(form, self._by_script[script], limit=None,
                                                      scorer=DamerauLevenshtein.distance,
                                                      score_cutoff=self._max_edits)
        ]
        if not near:
            return None
        _, peeled, _, _, match = min(near)
        return typed[:peeled] + self._surface[match]


def _share(items: list[str], test: Callable[[str], bool]) -> float:
    return sum(map(test, items)) / len(items)
