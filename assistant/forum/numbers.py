"""A number as people write it in a cell or a box, once its spaces, marks and unit are off:
"1,200" (a thousands comma), "25,5" (a decimal comma), "-3.5"; and Arabic-Indic digits and
separators ("١٩٫٥", "۱۲۰۰") read as these by `western_digits`."""

from __future__ import annotations

import re

NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")

# Arabic-Indic and Eastern Arabic-Indic digits, the Arabic decimal and thousands separators and
# percent sign, and the minus sign, as the Western ones the rules read.
_WESTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬٪\u2212", "01234567890123456789.,%-")


def western_digits(text: str) -> str:
    """`text` with its digits, separators, percent and minus signs in their Western forms."""
    return text.translate(_WESTERN)


def plain_number(text: str) -> float | None:
    """The number `text` writes with digits, a sign, commas and a point; None if it is not one."""
    if THOUSANDS.match(text):
        text = text.replace(",", "")
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a decimal comma
    return float(text) if NUMBER.match(text) else None
