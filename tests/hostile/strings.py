"""The nasty strings, each with what the store keeps of it.

The documented cleaning (assistant/forum/inputs.py): control characters other than
newline and tab, bidi embedding/override/isolate characters and noncharacters are removed;
CR and CRLF become LF; the text is trimmed. Everything else is kept exactly as typed. `stored` is
written out by hand for every case, not computed by the code under test; None means
nothing is left, so a required field refuses it as empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LONG = "ש" * 10_000


@dataclass(frozen=True)
class Nasty:
    name: str
    typed: str
    stored: str | None

    def outcome(self, limit: int, *, required: bool = True) -> str:
        """"stored", "empty" or "too_long" for a field with this limit."""
        if self.stored is None:
            return "empty" if required else "stored"
        return "too_long" if len(self.stored) > limit else "stored"


def _same(name: str, text: str) -> Nasty:
    return Nasty(name, text, text)


CASES = (
    _same("html", "<b>מודגש</b> <i>x</i> </div><div style='position:fixed'>"),
    _same("script", "<script>window.__pwned=1</script>"),
    _same("img-onerror", '<img src=x onerror="window.__pwned=1">'),
    _same("svg-onload", "<svg onload=window.__pwned=1>"),
    _same("markdown-link", "[לחצו כאן](https://evil.example/login)"),
    _same("markdown-image", "![x](https://evil.example/pixel.png)"),
    _same("markdown-header", "# כותרת\n## heading\n---"),
    _same("markdown-inline", "**bold** _it_ `code` ~~del~~ :red[red] $x^2$ <https://evil.example>"),
    _same("html-entities", "&lt;script&gt; &amp; &#x3C;b&#x3E;"),
    _same("template", "{title} {{7*7}} ${jndi:x} %s %(x)s"),
    Nasty("bidi-override", "\u202eevil\u202c text \u2066iso\u2069 \u202aemb\u202c \u2067r\u2069",
          "evil text iso emb r"),
    _same("bidi-marks", "\u200fשלום\u200e hello"),  # marks, not overrides: they cannot reorder others
    _same("zero-width", "a\u200bb\u200cc\u200dd\ufeffe\u2060f"),
    _same("emoji", "🎉 👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽 🇮🇱"),
    _same("sql", "'; DROP TABLE ideas; --"),
    _same("sql-or", "x' OR '1'='1"),
    _same("formula", '=HYPERLINK("https://evil.example","x")'),
    _same("mixed-scripts", "מורים معلمون teachers ٢٠٢٥ 2025"),
    Nasty("whitespace", "  \t רווחים מסביב \n ", "רווחים מסביב"),
    Nasty("newlines", "שורה 1\r\nשורה 2\rשורה 3\n\nסוף", "שורה 1\nשורה 2\nשורה 3\n\nסוף"),
    Nasty("controls", "a\x00b\x07c\x1bd\x7fe\x85f", "abcdef"),
    Nasty("only-invisible", "\u202e\u202c \n\t\x00", None),
    # Ordinary text that a chart library would read as mathematics ("$...$"), and code points
    # that are no character (no XML document can hold U+FFFF): a phone can send both.
    _same("dollars", "We need $$ for buses"),
    _same("math", "Budget $\\x$ gap $\\frac{1}{$ ^_"),
    Nasty("noncharacters", "a\uffffb\ufffec\U0010ffffd\ufdd0e", "abcde"),
    _same("long", LONG),
)

BY_NAME = {case.name: case for case in CASES}
MARKUP = tuple(BY_NAME[n] for n in ("html", "script", "img-onerror", "svg-onload", "markdown-link",
                                    "markdown-image", "markdown-header", "markdown-inline"))


def flat(text: str) -> str:
    """Words in order, whatever the lines, paragraphs and directional marks between them
    (for finding a string in a document's text)."""
    return " ".join(re.sub("[\u200e\u200f]", "", text).split())
