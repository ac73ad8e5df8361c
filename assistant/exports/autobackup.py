"""Automatic backups: while the console is open and the forum changes, a backup of it
every few minutes in its exports folder, so a damaged or lost database costs at most those
minutes. Kept: the newest few, and the last of each earlier day (a meeting's final state).

They are ordinary backups (`assistant.store.backup`): restored from the home page or with
`forum-assistant restore`, deleted with the forum, and with the names when those are erased."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from assistant.errors import ExportWriteError, ForumGoneError
from assistant.exports.files import STAMP_FORMAT, copies_of, forum_folder, save_export
from assistant.store.backup import dump_forum, encode
from assistant.store.database import Store

log = logging.getLogger(__name__)
# Columns whose change alone is no reason for a new backup (a phone that is merely open).
IGNORED = {"participants": ("last_seen_at",)}
_STAMP = re.compile(r"-(\d{8}-\d{6})(?:-\d+)?\.json$")


def autobackup_filename(forum_id: int) -> str:
    return f"forum-{forum_id}-autobackup.json"


@dataclass(frozen=True)
class Saved:
    path: Path
    taken_at: datetime


def fingerprint(document: Mapping[str, Any]) -> str:
    """What a backup holds, without when it was taken or the columns in IGNORED."""
    tables = {name: [{k: v for k, v in row.items() if k not in IGNORED.get(name, ())} for row in rows]
              for name, rows in document.get("tables", {}).items()}
    text = json.dumps([document.get("version"), document.get("forum"), tables], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_fingerprint(path: Path) -> str | None:
    try:
        return fingerprint(json.loads(path.read_bytes()))
    except (OSError, ValueError, AttributeError):
        return None


def keep_set(saved: list[Saved], keep: int) -> set[Path]:
    """The newest `keep`, and the last of each (UTC) day."""
    ordered = sorted(saved, key=lambda s: (s.taken_at, s.path.name))
    last_of_day = {item.taken_at.date(): item.path for item in ordered}
    newest = ordered[-keep:] if keep > 0 else []
    return {item.path for item in newest} | set(last_of_day.values())


class AutoBackups:
    """Call `tick` often (the console does, every minute); it writes only when a backup is
    due (`every` since the last look) and the forum changed since the last one written."""

    def __init__(self, exports_dir: Path, every: timedelta, keep: int) -> None:
        self.exports_dir, self.every, self.keep = Path(exports_dir), every, keep
        self._looked: dict[int, tuple[datetime, str | None]] = {}  # forum -> (when, fingerprint)
        self._failed: dict[int, ExportWriteError] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.every > timedelta(0)

    def folder(self, forum_id: int) -> Path:
        return forum_folder(self.exports_dir, forum_id)

    def saved(self, forum_id: int) -> list[Saved]:
        """The forum's automatic backups, oldest first."""
        found = []
        for path in copies_of(self.folder(forum_id), autobackup_filename(forum_id)):
            stamp = _STAMP.search(path.name)
            if stamp:
                found.append(Saved(path, datetime.strptime(stamp.group(1), STAMP_FORMAT).replace(tzinfo=UTC)))
        return sorted(found, key=lambda s: (s.taken_at, s.path.name))

    def latest(self, forum_id: int) -> Saved | None:
        saved = self.saved(forum_id)
        return saved[-1] if saved else None

    def failure(self, forum_id: int) -> ExportWriteError | None:
        """Why the last backup due could not be written, until one is."""
        return self._failed.get(forum_id)

    def tick(self, store: Store, forum_id: int, now: datetime | None = None) -> Path | None:
        """Write a backup if one is due and the forum changed; returns where, or None.
        A write that fails is kept as `failure`, and tried again one interval later."""
        if not self.enabled:
            return None
        now = now or datetime.now(UTC)
        with self._lock:
            looked = self._looked.get(forum_id)
            if looked is None:  # first look since start: the newest file on disk stands for it
                latest = self.latest(forum_id)
                looked = (latest.taken_at, _file_fingerprint(latest.path)) if latest else None
            if looked is not None and now - looked[0] < self.every:
                self._looked[forum_id] = looked
                return None
            try:
                document = dump_forum(store, forum_id)
            except ForumGoneError:
                self._looked.pop(forum_id, None)
                return None
            current = fingerprint(document)
            self._looked[forum_id] = (now, current)
            if looked is not None and looked[1] == current:
                return None
            try:
                path = save_export(self.exports_dir, forum_id, autobackup_filename(forum_id), encode(document), now)
                self._prune(forum_id)
            except ExportWriteError as exc:
                log.warning("automatic backup of forum %s failed: %s", forum_id, exc.message("en"))
                self._looked[forum_id] = (now, None)  # not written: differs from anything, so tried again
                self._failed[forum_id] = exc
                return None
            self._failed.pop(forum_id, None)
            log.info("automatic backup of forum %s written to %s", forum_id, path)
            return path

    def forget(self, forum_id: int) -> None:
        """After the forum's backups were deleted (names erased): the next look writes anew."""
        with self._lock:
            self._looked.pop(forum_id, None)

    def _prune(self, forum_id: int) -> None:
        saved = self.saved(forum_id)
        kept = keep_set(saved, self.keep)
        for item in saved:
            if item.path not in kept:
                try:
                    item.path.unlink(missing_ok=True)
                except OSError as exc:
                    raise ExportWriteError(path=str(item.path), reason=exc.strerror or type(exc).__name__) from exc
