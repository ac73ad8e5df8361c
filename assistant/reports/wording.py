"""How documents say things in their language: catalog texts, labels, dates and numbers."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from assistant.i18n import name_of, translate

DATE_FORMAT = "%d.%m.%Y"


class Wording:
    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, key: str, **params: Any) -> str:
        return translate(key, self.language, **params)

    def sector(self, sector: str) -> str:
        return self(f"sector.{sector}")

    def kind(self, kind: str) -> str:
        return self(f"kind.{kind}")

    def method(self, method: str) -> str:
        return self(f"method.{method}")

    def criterion(self, criterion: str) -> str:
        return name_of("criterion", criterion, self.language)

    def quote(self, text: str) -> str:
        return self("report.quote", text=text)

    @staticmethod
    def date(moment: date | datetime | None) -> str:
        return moment.strftime(DATE_FORMAT) if moment else ""

    def date_range(self, first: date, last: date) -> str:
        if first == last:
            return self.date(first)
        return self("report.date_range", first=self.date(first), last=self.date(last))

    @staticmethod
    def number(value: float | None, decimals: int = 0) -> str:
        if value is None or math.isnan(value):
            return "–"
        return f"{value:,.{decimals}f}"
