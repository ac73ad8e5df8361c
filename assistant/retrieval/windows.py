"""What the dense side embeds for a passage: overlapping windows of its text, each with the
passage's section heading, cut between words. A small model reads a short window more
sharply than a 1,200-character passage; a passage scores as its best window.

Pure: no model, no index."""

from __future__ import annotations

from bisect import bisect_left

from assistant.corpus.models import Passage


def text_windows(text: str, size: int, step: int) -> list[str]:
    """`text` in windows of about `size` characters, starting every `step`, each cut at a
    space or line break (never inside a word); the whole text when `size` is 0 or the text
    is short."""
    text = text.strip()
    if size <= 0 or len(text) <= size:
        return [text]
    step = max(1, min(step or size, size))
    gaps = [i for i, ch in enumerate(text) if ch.isspace()]
    windows: list[str] = []
    start = 0
    while True:
        end = min(len(text), start + size)
        if end < len(text) and not text[end].isspace():
            before = bisect_left(gaps, end) - 1  # the last gap before the end
            if before >= 0 and gaps[before] >= start + size // 2:
                end = gaps[before]
        windows.append(text[start:end].strip())
        if end >= len(text):
            return [w for w in windows if w]
        following = start + step
        after = bisect_left(gaps, following)  # the first gap from there
        start = gaps[after] + 1 if after < len(gaps) and gaps[after] < end else min(following, end)


def passage_windows(passage: Passage, size: int, step: int) -> list[str]:
    """The texts the dense side embeds for `passage`: its heading and each window."""
    head = f"{passage.section}\n" if passage.section else ""
    return [head + window for window in text_windows(passage.text, size, step)]
