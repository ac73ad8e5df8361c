"""Keyboard layouts: what a key types in Hebrew or Arabic that it types as a Latin
letter (or mark) on an English keyboard. Text typed with the wrong layout on
("thl cujrho ,junh nheus?") reads again as meant ("איך בוחרים תחומי מיקוד?")."""

from __future__ import annotations

import re

_ENGLISH_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,./"

# SI-1452, the Hebrew layout of Israeli keyboards.
_HEBREW_KEYS = "/'קראטוןםפ][שדגכעיחלךף,זסבהנמצתץ."

# Arabic (101), the common Arabic layout; its b key types two letters (لا).
_ARABIC_KEYS = ["ض", "ص", "ث", "ق", "ف", "غ", "ع", "ه", "خ", "ح", "ج", "د",
                "ش", "س", "ي", "ب", "ل", "ا", "ت", "ن", "م", "ك", "ط",
                "ئ", "ء", "ؤ", "ر", "لا", "ى", "ة", "و", "ز", "ظ"]

LAYOUTS: dict[str, dict[int, str]] = {
    "he": dict(zip(map(ord, _ENGLISH_KEYS), _HEBREW_KEYS, strict=True)),
    "ar": dict(zip(map(ord, _ENGLISH_KEYS), _ARABIC_KEYS, strict=True)),
}


_KEYS_RE = re.compile(r"[A-Za-z]+|[\[\];',./]")


def retype(text: str, script: str) -> str:
    """`text`, typed on an English keyboard, as the same keys type it in `script`'s layout.
    A word with a capital stays as typed: on those layouts Shift types Latin capitals,
    which is how STEM is typed among Hebrew words."""
    layout = LAYOUTS[script]

    def key(match: re.Match) -> str:
        keys = match.group(0)
        return keys if any(c.isupper() for c in keys) else keys.translate(layout)

    return _KEYS_RE.sub(key, text)
