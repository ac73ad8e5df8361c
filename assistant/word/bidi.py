"""Split mixed Hebrew/Arabic/Latin text into runs by writing direction.

Word decides how digits and neutral characters (spaces, punctuation, symbols) are ordered
from each run's `w:rtl` flag, so a run must hold one direction only: Hebrew and Arabic
letters make right-to-left runs; Latin letters and numbers make left-to-right runs, so
"2025", "1,200", "STEM" and dates keep their order inside Hebrew. Neutral characters
follow the Unicode bidi rules in spirit: between two runs of the same direction they join
them; otherwise (and at either end of the text) they take the paragraph's direction.
A pair of brackets takes one direction for both ends, so "(40%)" never splits. Text
without any Hebrew or Arabic letter is one left-to-right run, punctuation included.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

RTL, LTR, NUMBER, NUMBER_AFFIX, NEUTRAL = "rtl", "ltr", "number", "affix", "neutral"

_CLASSES = {
    "R": RTL,
    "AL": RTL,
    "L": LTR,
    "EN": NUMBER,
    "AN": NUMBER,
    "ET": NUMBER_AFFIX,  # %, currency signs, degree: part of an adjacent number
}
_BRACKETS = {"(": ")", "[": "]", "{": "}", "\u2329": "\u232a", "\u3008": "\u3009"}
_MAX_BRACKET_DEPTH = 63  # as in the Unicode bidi algorithm


@dataclass(frozen=True)
class Segment:
    text: str
    rtl: bool


def split_by_direction(text: str, rtl_paragraph: bool) -> list[Segment]:
    """Consecutive runs of `text`, each of one direction, joined back they equal `text`."""
    if not text:
        return []
    classes = _resolve_marks([_class_of(char) for char in text])
    classes = _resolve_number_affixes(classes)
    classes = [LTR if c == NUMBER else c for c in classes]
    if RTL not in classes:
        return [Segment(text, False)]
    classes = _resolve_brackets(text, classes, RTL if rtl_paragraph else LTR)
    directions = _resolve_neutrals(classes, rtl_paragraph)
    segments: list[Segment] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or directions[index] != directions[start]:
            segments.append(Segment(text[start:index], directions[start] == RTL))
            start = index
    return segments


def _class_of(char: str) -> str:
    bidi = unicodedata.bidirectional(char)
    if bidi == "NSM":
        return "mark"
    return _CLASSES.get(bidi, NEUTRAL)


def _resolve_marks(classes: list[str]) -> list[str]:
    """Combining marks (niqqud, harakat) take the class of the character they sit on."""
    resolved: list[str] = []
    for cls in classes:
        resolved.append((resolved[-1] if resolved else NEUTRAL) if cls == "mark" else cls)
    return resolved


def _resolve_number_affixes(classes: list[str]) -> list[str]:
    """%, ₪, $ touching a number (possibly through other such signs) belong to it."""
    resolved = list(classes)
    for index, cls in enumerate(classes):
        if cls != NUMBER_AFFIX:
            continue
        resolved[index] = NUMBER if _touches_number(classes, index) else NEUTRAL
    return resolved


def _touches_number(classes: list[str], index: int) -> bool:
    for step in (-1, 1):
        position = index + step
        while 0 <= position < len(classes) and classes[position] == NUMBER_AFFIX:
            position += step
        if 0 <= position < len(classes) and classes[position] == NUMBER:
            return True
    return False


def _resolve_brackets(text: str, classes: list[str], base: str) -> list[str]:
    """Both ends of a bracket pair get one direction: the paragraph's if the brackets hold
    text of that direction; the other one if they hold only that and follow it."""
    resolved = list(classes)
    for opening, closing in _bracket_pairs(text):
        inside = set(classes[opening + 1 : closing]) - {NEUTRAL}
        if not inside:
            continue
        if base in inside:
            direction = base
        else:
            before = next((c for c in reversed(resolved[:opening]) if c != NEUTRAL), base)
            direction = before if before in inside else base
        resolved[opening] = resolved[closing] = direction
    return resolved


def _bracket_pairs(text: str) -> list[tuple[int, int]]:
    """(opening, closing) index pairs, outermost first, matched as the bidi algorithm does."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if char in _BRACKETS:
            if len(stack) == _MAX_BRACKET_DEPTH:
                break
            stack.append((_BRACKETS[char], index))
        elif char in _BRACKETS.values():
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _resolve_neutrals(classes: list[str], rtl_paragraph: bool) -> list[str]:
    base = RTL if rtl_paragraph else LTR
    resolved = list(classes)
    index = 0
    while index < len(classes):
        if classes[index] != NEUTRAL:
            index += 1
            continue
        end = index
        while end < len(classes) and classes[end] == NEUTRAL:
            end += 1
        before = classes[index - 1] if index > 0 else base
        after = classes[end] if end < len(classes) else base
        direction = before if before == after else base
        resolved[index:end] = [direction] * (end - index)
        index = end
    return resolved
