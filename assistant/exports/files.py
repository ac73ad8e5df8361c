"""Writing export files without ever replacing one silently.

Every export also lands in `<exports_dir>/forum-<id>/` under a timestamped name. A file
is created exclusively; if the name is taken, "-2", "-3" ... is added before the suffix.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from assistant.errors import ExportWriteError

STAMP_FORMAT = "%Y%m%d-%H%M%S"
MAX_ATTEMPTS = 1000


def forum_folder(exports_dir: Path, forum_id: int) -> Path:
    return Path(exports_dir) / f"forum-{forum_id}"


def stamped(name: str, moment: datetime | None = None) -> str:
    """"shared-agenda.docx" -> "shared-agenda-20260301-183012.docx" (UTC)."""
    path = Path(name)
    when = (moment or datetime.now(UTC)).astimezone(UTC).strftime(STAMP_FORMAT)
    return f"{path.stem}-{when}{path.suffix}"


# What no file name may hold on Windows, macOS or Linux, and what reads as a path.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]+')


def download_name(name: str, locality: str, day: date) -> str:
    """"shared-agenda.docx" for Lod on 6 December 2026 -> "shared-agenda-לוד-2026-12-06.docx": a
    downloaded file says whose it is and when. The locality keeps its own script (the browser
    gets it as RFC 5987 UTF-8; the server's own copies keep plain ASCII names, `stamped`)."""
    path = Path(name)
    place = "-".join(_NOT_IN_NAMES.sub(" ", locality).split())[:40].strip("-.")
    parts = [path.stem, place, day.isoformat()]
    return "-".join(p for p in parts if p) + path.suffix


def _candidates(path: Path):
    yield path
    for number in range(2, MAX_ATTEMPTS):
        yield path.with_name(f"{path.stem}-{number}{path.suffix}")


def write_new(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write `data` at `path`, or at the first free "-N" variant of it; returns where."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if overwrite:
            path.write_bytes(data)
            return path
        for candidate in _candidates(path):
            try:
                with open(candidate, "xb") as handle:
                    handle.write(data)
                return candidate
            except FileExistsError:
                continue
    except OSError as exc:
        raise ExportWriteError(path=str(path), reason=exc.strerror or type(exc).__name__) from exc
    raise ExportWriteError(path=str(path), reason=os.strerror(17))


def save_export(exports_dir: Path, forum_id: int, name: str, data: bytes,
                moment: datetime | None = None) -> Path:
    """The export's copy in the forum's exports folder, timestamped."""
    return write_new(forum_folder(exports_dir, forum_id) / stamped(name, moment), data)


def discard_forum_exports(exports_dir: Path, forum_id: int) -> int:
    """Remove a deleted forum's exports folder; returns how many files it held."""
    folder = forum_folder(exports_dir, forum_id)
    if not folder.is_dir():
        return 0
    count = sum(1 for path in folder.rglob("*") if path.is_file())
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        raise ExportWriteError(path=str(folder), reason=exc.strerror or type(exc).__name__) from exc
    return count


def copies_of(folder: Path, name: str) -> list[Path]:
    """The files in `folder` saved as `name`: as is, timestamped, or with "-N" added."""
    path = Path(name)
    pattern = re.compile(rf"{re.escape(path.stem)}(-\d{{8}}-\d{{6}})?(-\d+)?{re.escape(path.suffix)}")
    if not Path(folder).is_dir():
        return []
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and pattern.fullmatch(p.name))


def discard_copies(exports_dir: Path, forum_id: int, names: Iterable[str]) -> int:
    """Remove the forum's saved copies of the files called `names`; returns how many."""
    folder = forum_folder(exports_dir, forum_id)
    removed = 0
    for name in names:
        for path in copies_of(folder, name):
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise ExportWriteError(path=str(path), reason=exc.strerror or type(exc).__name__) from exc
            removed += 1
    return removed
