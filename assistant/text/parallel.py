"""Word translations learned from parallel texts.

The app's own messages say the same things in Hebrew and in Arabic (about 1,300 of them: the
forum, its meetings, ideas, votes, focus areas, teams, phones, the facilitator...). For each
word of one language, the word of the other that shares the most of its messages (the Dice
coefficient over message pairs, `2·both / (one + other)`) is taken as its translation when
they share at least `MIN_PAIRS` messages and `MIN_DICE` of them. A question asked in Arabic of
Hebrew documents then reaches the word rankers with its everyday words in Hebrew too ("لقاء"
-> "מפגש", "تصويت" -> "הצבעה"), beyond the method's terms the curated glossary gives.

A source word counts in each of its prefix-stripped forms (ولتحديد is also تحديد), so a
question's word finds its entry however it is prefixed; target words are kept as written (the
rankers peel their own prefixes). Pure: no files, no model.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from assistant.text.normalize import prefix_variants, script_of, words

# Chosen on the Arabic dev set with the catalogs of session 38 (0.822 / 0.551 -> 0.844 / 0.604
# recall@5 / MRR; the same 0.844 at 0.3-0.6, fewer words and 0.778 at 0.8).
MIN_DICE = 0.4
MIN_PAIRS = 2
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _words_in(text: str, script: str, *, with_forms: bool) -> set[str]:
    found: set[str] = set()
    for word in words(_PLACEHOLDER.sub(" ", text)):
        if script_of(word) == script:
            found.add(word)
            if with_forms:
                found.update(prefix_variants(word))
    return found


class WordTranslations:
    """Source word (or prefix-stripped form) -> target word, both as normalised by `words`.

    Learned from the pairs once; each word's translation is worked out when first asked for
    (counting the target words of the messages it is in), so a question pays for its own words
    only: about 0.05 s to read 1,300 pairs, against 0.15 s to pair every word of them."""

    def __init__(self, pairs: Iterable[tuple[str, str]], *, source: str, target: str,
                 min_dice: float = MIN_DICE, min_pairs: int = MIN_PAIRS) -> None:
        """From `pairs` of (source text, target text), the words written in the scripts
        `source` and `target` ('he', 'ar', 'latin'); a placeholder ({count}) is no word."""
        self.min_dice, self.min_pairs = min_dice, min_pairs
        self._messages: dict[str, list[int]] = {}  # source form -> the pairs it is in
        self._targets: list[set[str]] = []  # each pair's target words
        self._in_target: Counter[str] = Counter()
        for n, (source_text, target_text) in enumerate(pairs):
            for form in _words_in(source_text, source, with_forms=True):
                self._messages.setdefault(form, []).append(n)
            found = _words_in(target_text, target, with_forms=False)
            self._targets.append(found)
            self._in_target.update(found)
        self._known: dict[str, str | None] = {}

    def translation_of(self, form: str) -> str | None:
        """The target word sharing the most of `form`'s messages by the Dice coefficient (at
        least `min_pairs` of them and `min_dice`); between equals the alphabetically first."""
        messages = self._messages.get(form)
        if messages is None:  # a word the messages never use (what is kept stays within theirs)
            return None
        if form not in self._known:
            together = Counter(word for n in messages for word in self._targets[n])
            best: tuple[float, str] | None = None
            for word, both in together.items():
                if both < self.min_pairs:
                    continue
                dice = 2 * both / (len(messages) + self._in_target[word])
                if dice >= self.min_dice and (best is None or dice > best[0] or (dice == best[0] and word < best[1])):
                    best = (dice, word)
            self._known[form] = best[1] if best else None
        return self._known[form]

    def translate(self, text: str) -> list[str]:
        """The translations of `text`'s words, each word's first form that has one, in the
        order of the words, without repeats."""
        found: list[str] = []
        for word in words(text):
            for form in (word, *prefix_variants(word)):
                translation = self.translation_of(form)
                if translation is not None:
                    if translation not in found:
                        found.append(translation)
                    break
        return found
