"""The files a forum exports, by name: what each is called and its media type. Light on
purpose (no document or spreadsheet library): pages that only offer the downloads import it."""

from __future__ import annotations

from dataclasses import dataclass

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"


@dataclass(frozen=True)
class Kind:
    name: str
    filename: str
    mime: str


@dataclass(frozen=True)
class Export:
    kind: Kind
    content: bytes


DOCUMENTS = ("shared-agenda", "work-plan", "meeting-1", "meeting-2", "meeting-3", "meeting-4", "progress-report")
EXPORTS: dict[str, Kind] = {name: Kind(name, f"{name}.docx", DOCX) for name in DOCUMENTS}
EXPORTS["data-xlsx"] = Kind("data-xlsx", "data.xlsx", XLSX)
EXPORTS["data-csv"] = Kind("data-csv", "data-csv.zip", ZIP)
