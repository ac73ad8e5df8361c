"""Translation catalog: Hebrew (default), Arabic and English.

Catalogs are JSON files in `assistant/locales/<language>/`, one per area of the
app (core, chat, exports, ...); a language's catalog is their union, and a key
defined in two files of one language is an error. A key missing from a language
falls back to English, then to the key itself, so a gap never crashes a page.

An entry that counts something is an object of CLDR plural forms instead of a
string, chosen by its `count` parameter: {"one": "רעיון אחד", "two": "שני רעיונות",
"other": "{count} רעיונות"}, and "=0"-style keys for an exact number (as in ICU
MessageFormat). Every such entry has "other"; a form it lacks falls back to it.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list

LANGUAGES = ("he", "ar", "en")
RTL_LANGUAGES = frozenset({"he", "ar"})
DEFAULT_LANGUAGE = "he"
_LOCALES = Path(__file__).parent / "locales"


class CatalogError(RuntimeError):
    """Two catalog files of one language define the same key."""


Entry = str | dict[str, str]


@cache
def catalog(language: str) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for path in sorted((_LOCALES / language).glob("*.json")):
        part = _read(path)
        clash = entries.keys() & part.keys()
        if clash:
            raise CatalogError(f"{path}: keys already defined: {sorted(clash)}")
        entries.update(part)
    return entries


def parallel_messages(source: str, target: str) -> list[tuple[str, str]]:
    """Every message of the catalog as (its `source` language text, its `target` one): the same
    things said in two languages, each message once (a plural by its general form, "other")."""
    one, other = catalog(source), catalog(target)
    pairs: list[tuple[str, str]] = []
    for key, entry in one.items():
        match entry, other.get(key):
            case str(), str(them):
                pairs.append((entry, them))
            case {"other": str(mine)}, {"other": str(them)}:
                pairs.append((mine, them))
    return pairs


def catalog_files(language: str) -> dict[str, dict[str, Entry]]:
    """Each area file of a language, by file name (for the catalog tests)."""
    return {path.name: _read(path) for path in sorted((_LOCALES / language).glob("*.json"))}


def _read(path: Path) -> dict[str, Entry]:
    """An area file; a key written twice is an error (JSON would keep the last silently)."""

    def unique(pairs: list[tuple[str, Entry]]) -> dict[str, Entry]:
        twice = sorted(key for key, n in Counter(key for key, _ in pairs).items() if n > 1)
        if twice:
            raise CatalogError(f"{path}: keys written twice: {twice}")
        return dict(pairs)

    return json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=unique)


def resolve_language(language: str | None) -> str:
    if language in LANGUAGES:
        return language  # type: ignore[return-value]
    if language is None:
        from pydantic import ValidationError

        from assistant.config import get_settings

        try:
            return get_settings().language
        except ValidationError:  # the settings cannot be read: say so in the default language
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def plural_category(language: str, count: int) -> str:
    """The CLDR plural category of `count` in `language`: Hebrew has one, two and other;
    Arabic zero, one, two, few (3-10), many (11-99) and other."""
    return _locale(language).plural_form(abs(count))


def _choose(entry: Entry, language: str, params: dict[str, Any]) -> str:
    if isinstance(entry, str):
        return entry
    count = params.get("count")
    if not isinstance(count, int):
        return entry["other"]
    return entry.get(f"={count}") or entry.get(plural_category(language, count)) or entry["other"]


def translate(key: str, language: str | None = None, **params: Any) -> str:
    lang = resolve_language(language)
    if key in catalog(lang):
        entry, entry_lang = catalog(lang)[key], lang
    elif key in catalog("en"):
        entry, entry_lang = catalog("en")[key], "en"
    else:
        return key
    text = _choose(entry, entry_lang, params)
    return text.format(**params) if params else text


def name_of(kind: str, value: str, language: str | None = None) -> str:
    """The catalog's name for `value` of a kind ("criterion", "impact" -> "השפעה"), or `value`
    itself when the catalog has none (a criterion a playbook made up)."""
    key = f"{kind}.{value}"
    return translate(key, language) if key in catalog(resolve_language(language)) or key in catalog("en") else value


_QUOTES = {"he": ('"', '"'), "ar": ("«", "»"), "en": ("“", "”")}


def long_date(day: date, language: str | None = None) -> str:
    """A date as people say it: "יום חמישי, 3 בדצמבר 2026", "الخميس، 3 ديسمبر 2026"."""
    return format_date(day, "full", locale=_locale(resolve_language(language)))


def quoted_list(items: list[str] | tuple[str, ...], language: str | None = None) -> str:
    """Words quoted and joined as `language` lists them: "א", "ב" ו"ג"; «أ» و«ب»; “a” and “b”."""
    lang = resolve_language(language)
    opening, closing = _QUOTES.get(lang, _QUOTES["en"])
    return format_list([f"{opening}{_kept_in_order(item, lang)}{closing}" for item in items], locale=_locale(lang))


# How a language separates the items of a run-on list, and the longer parts of one.
_SEPARATORS = {"ar": ("، ", "؛ ")}


def joined(items, language: str | None = None, *, clauses: bool = False) -> str:
    """Items joined with the language's comma ("a, b"; "أ، ب"), or its semicolon when
    `clauses` (items that hold commas of their own)."""
    comma, semicolon = _SEPARATORS.get(resolve_language(language), (", ", "; "))
    return (semicolon if clauses else comma).join(items)


def _kept_in_order(item: str, language: str) -> str:
    """An item written in the other direction than `language` is isolated when it holds more
    than letters: the sentence would otherwise move its spaces and marks ("?" of a Latin
    question quoted in Hebrew would stand at its left)."""
    if text_direction(item) in (None, direction(language)) or all(ch.isalnum() for ch in item):
        return item
    return isolate(item)


def text_direction(text: str) -> str | None:
    """The direction of `text`'s first letter ("rtl" or "ltr"); None when it has none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def direction(language: str | None) -> str:
    return "rtl" if resolve_language(language) in RTL_LANGUAGES else "ltr"


_FIRST_STRONG_ISOLATE, _POP_ISOLATE = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """`text` as a Unicode isolate whose direction is that of its first letter, for people's
    text in a place laid out in the other direction (a Hebrew poll title in an English
    list, option labels in a chart): "3. הקמת מרכז STEM יישובי" then keeps its own order,
    number on the right, and a closing "?" stays at its end."""
    return f"{_FIRST_STRONG_ISOLATE}{text}{_POP_ISOLATE}"
