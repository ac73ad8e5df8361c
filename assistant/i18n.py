"""Translation catalog: Hebrew (default), Arabic and English.

Catalogs are JSON files in `assistant/locales/`. A key missing from a language
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


@lru_cache(maxsize=None)
def catalog(language: str) -> dict[str, str]:
    path = _LOCALES / f"{language}.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


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
