"""Make any Python string writable as WordprocessingML text.

XML 1.0 cannot hold C0 control characters other than tab, line feed and carriage return,
nor U+FFFE, U+FFFF or unpaired surrogates; lxml (and so python-docx) raises on them. Those
are removed. Line endings become "\\n", which the writer turns into line breaks; tabs stay.
Everything else (markup-like text, bidi controls, zero-width characters, emoji, C1
controls, which XML allows) is kept as is.
"""

from __future__ import annotations

import re

# Complement of the XML 1.0 `Char` production, after line endings are normalised.
ILLEGAL_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_XML_CHARS.sub("", text)
