"""Translation catalog: Hebrew (default), Arabic and English.

Catalogs are JSON files in `assistant/locales/<language>/`, one per area of the
app (core, chat, exports, ...); a language's catalog is their union, and a key
defined in two files of one language is an error. A key missing from a language
falls back to English, then to the key itself, so a gap never crashes a page.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGUAGES = ("he", "ar", "en")
RTL_LANGUAGES = frozenset({"he", "ar"})
DEFAULT_LANGUAGE = "he"
_LOCALES = Path(__file__).parent / "locales"


class CatalogError(RuntimeError):
    """Two catalog files of one language define the same key."""


@lru_cache(maxsize=None)
def catalog(language: str) -> dict[str, str]:
    entries: dict[str, str] = {}
    for path in sorted((_LOCALES / language).glob("*.json")):
        part = json.loads(path.read_text(encoding="utf-8"))
        clash = entries.keys() & part.keys()
        if clash:
            raise CatalogError(f"{path}: keys already defined: {sorted(clash)}")
        entries.update(part)
    return entries


def catalog_files(language: str) -> dict[str, dict[str, str]]:
    """Each area file of a language, by file name (for the catalog tests)."""
    return {path.name: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted((_LOCALES / language).glob("*.json"))}


def resolve_language(language: str | None) -> str:
    if language in LANGUAGES:
        return language  # type: ignore[return-value]
    if language is None:
        from assistant.config import get_settings

        return get_settings().language
    return DEFAULT_LANGUAGE


def translate(key: str, language: str | None = None, **params: Any) -> str:
    lang = resolve_language(language)
    text = catalog(lang).get(key) or catalog("en").get(key) or key
    return text.format(**params) if params else text


def direction(language: str | None) -> str:
    return "rtl" if resolve_language(language) in RTL_LANGUAGES else "ltr"


_FIRST_STRONG_ISOLATE, _POP_ISOLATE = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """`text` as a Unicode isolate whose direction is that of its first letter, for people's
    text in a place laid out in the other direction (a Hebrew poll title in an English
    list, option labels in a chart): "3. הקמת מרכז STEM יישובי" then keeps its own order,
    number on the right, and a closing "?" stays at its end."""
    return f"{_FIRST_STRONG_ISOLATE}{text}{_POP_ISOLATE}"
