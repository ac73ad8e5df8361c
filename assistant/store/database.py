"""The store: one engine per database URL, migrated on open, with SQLite set up
for many phones at once (WAL, foreign keys, busy timeout, immediate writes)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from assistant.errors import StoreBusyError, StoreReadOnlyError, StoreUnavailableError

BUSY_TIMEOUT_MS = 15_000
T = TypeVar("T")

# What every phone asks of its forum over and over (what the room is doing: its step, the kind
# of idea being collected, the open vote; which forum a join code names) is read at most once
# in this many seconds for all the phones this process serves: 200 phones ask every few
# seconds, and one read answers them all. A change this process writes is seen at once
# (`room_changed` drops every such read on commit); one written by another process (a cluster,
# the command line), within these seconds.
SHARED_READ_SECONDS = 1.0
SHARED_READS_MAX = 1024  # join codes typed at random each take a place: a flood only empties it
_ROOM_CHANGED = "forum_room_changed"


def room_changed(session: Session) -> None:
    """Marks a change of what phones follow or a join code; shared reads are dropped on commit."""
    session.info[_ROOM_CHANGED] = True


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    name = parsed.database
    if parsed.query.get("uri") == "true":
        name = name.removeprefix("file:")
    return Path(name)


def shared_by_processes(url: str) -> bool:
    """Whether several processes on this machine can share the database at `url`: PostgreSQL,
    or a SQLite file (each write takes the file's lock at once, `BEGIN IMMEDIATE`, and waits
    up to `BUSY_TIMEOUT_MS` behind the other processes'); not an in-memory SQLite."""
    return make_url(url).get_backend_name() != "sqlite" or _sqlite_path(url) is not None


def database_label(url: str) -> str:
    """Where the data is, for an operator to read: "SQLite /path/forum.db", "PostgreSQL host/name"
    (never a password)."""
    parsed = make_url(url)
    path = _sqlite_path(url)
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite {path}" if path is not None else "SQLite (memory)"
    return f"PostgreSQL {parsed.host or 'localhost'}/{parsed.database or ''}"


def _configure_sqlite(engine: Engine, *, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def translate_error(exc: BaseException, url: str) -> Exception:
    text = str(getattr(exc, "orig", exc)).lower()
    where = _sqlite_path(url) or make_url(url).render_as_string(hide_password=True)
    if "locked" in text or "busy" in text:
        return StoreBusyError(path=str(where))
    if "readonly" in text or "read-only" in text or "read only" in text:
        return StoreReadOnlyError(path=str(where))
    return StoreUnavailableError(path=str(where), reason=type(exc).__name__)


class Store:
    """Sessions for reading and for writing; `write()` commits before it returns."""

    def __init__(self, url: str) -> None:
        self.url = url
        path = _sqlite_path(url)
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreUnavailableError(path=str(path), reason=type(exc).__name__) from exc
        # A server connection can drop between uses; a SQLite file cannot, so it is not pinged.
        options = {} if self.is_sqlite else {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}
        try:
            self.read_engine = create_engine(url, **options)
        except ImportError as exc:  # the server's driver is an extra: pip install -e ".[postgres]"
            raise StoreUnavailableError(path=make_url(url).render_as_string(hide_password=True),
                                        reason=f"{exc.name or exc}: pip install -e '.[postgres]'") from exc
        self.write_engine = create_engine(url, **options) if self.is_sqlite else self.read_engine
        if self.is_sqlite:
            _configure_sqlite(self.read_engine, immediate=False)
            _configure_sqlite(self.write_engine, immediate=True)
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)
        self._write = sessionmaker(self.write_engine, expire_on_commit=False)
        # SQLite takes one writer at a time. Writers of this process queue on a lock of their
        # own, each let in the moment the last is done, instead of retrying the database's
        # lock after ever longer sleeps (a room of phones writes at once). Other processes
        # still meet the database's own lock.
        self._one_writer = threading.RLock() if self.is_sqlite else None
        self._shared: dict[tuple, tuple[float, Any]] = {}

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with self._read() as session, session.begin():
                yield session
        except (OperationalError, DBAPIError) as exc:
            raise translate_error(exc, self.url) from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        if self._one_writer is not None and not self._one_writer.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
            raise StoreBusyError(path=str(_sqlite_path(self.url) or self.url))
        try:
            with self._write() as session, session.begin():
                info = session.info
                yield session
            if info.pop(_ROOM_CHANGED, False):  # committed
                self._shared.clear()
        except OperationalError as exc:
            raise translate_error(exc, self.url) from exc
        finally:
            if self._one_writer is not None:
                self._one_writer.release()

    def shared_read(self, key: tuple, read: Callable[[], T]) -> tuple[T, float]:
        """`read()`, as read within `SHARED_READ_SECONDS` by any session of this process under
        `key`, unless a write of this store changed a room since (see `room_changed`); and
        when that read began (`time.monotonic()`), for a caller that has read it itself since."""
        now = time.monotonic()
        found = self._shared.get(key)
        if found is not None and now - found[0] < SHARED_READ_SECONDS:
            return found[1], found[0]
        value = read()
        if len(self._shared) >= SHARED_READS_MAX:
            self._shared.clear()
        self._shared[key] = (now, value)
        return value, now

    def migrate(self) -> None:
        """Upgrade to the newest schema; a current schema is only read, so opening
        the store does not wait for a writer that holds the lock."""
        from assistant.store.migrate import current_revision, head_revision, upgrade

        try:
            if current_revision(self.read_engine) == head_revision():
                return
            upgrade(self.write_engine)
        except OperationalError as exc:
            raise translate_error(exc, self.url) from exc

    def tables(self) -> set[str]:
        return set(inspect(self.read_engine).get_table_names())

    def dispose(self) -> None:
        self.read_engine.dispose()
        if self.write_engine is not self.read_engine:
            self.write_engine.dispose()


def open_store(url: str) -> Store:
    store = Store(url)
    store.migrate()
    return store
