"""The guards' state in the store: lockouts and rate limits (the rules are `forum.guard`'s).

A guard is one row per (scope, key). Every change locks its row (SELECT ... FOR UPDATE on
PostgreSQL; on SQLite every write holds the file's lock from its start, in every process), so
several server processes share one count. Rows idle for longer than `guard.KEEP` are pruned now and then.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.errors import TryLaterError
from assistant.forum.guard import KEEP, Lockout, RateLimit, Scope
from assistant.store import schema as s
from assistant.store.database import Store

PRUNE_CHANCE = 0.01  # of a write, to delete idle rows


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _row(session: Session, scope: Scope, key: str) -> s.Guard:
    """The guard's row, locked for this transaction; a new one when there is none."""
    statement = select(s.Guard).where(s.Guard.scope == scope.value, s.Guard.key == key).with_for_update()
    row = session.scalar(statement)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = s.Guard(scope=scope.value, key=key, failures=0, updated_at=_now())
            session.add(row)
    except IntegrityError:  # another process made it meanwhile
        row = session.scalar(statement.execution_options(populate_existing=True))
    if random.random() < PRUNE_CHANCE:
        session.execute(delete(s.Guard).where(s.Guard.updated_at < _now() - KEEP))
    return row


def _seconds(delta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


def wait_left(session: Session, scope: Scope, key: str, now: datetime | None = None) -> int:
    """Seconds before `key` may try again (0: now). A read: no row is written."""
    now = now or _now()
    until = session.scalar(select(s.Guard.locked_until).where(s.Guard.scope == scope.value, s.Guard.key == key))
    until = _aware(until)
    return _seconds(until - now) if until is not None and until > now else 0


def check(store: Store, scope: Scope, key: str) -> None:
    """TryLaterError while `key` is locked out of `scope`."""
    with store.read() as session:
        seconds = wait_left(session, scope, key)
    if seconds:
        raise TryLaterError(reason=scope.value, seconds=seconds)


def count_try(session: Session, scope: Scope, key: str, rule: Lockout) -> int:
    """Count a try before its outcome is known (as a wrong one, until `clear` says otherwise),
    so that tries sent all at once cannot slip through together. Raises TryLaterError while
    locked; returns the seconds the next try would wait if this one is wrong."""
    now = _now()
    row = _row(session, scope, key)
    until = _aware(row.locked_until)
    if until is not None and until > now:
        raise TryLaterError(reason=scope.value, seconds=_seconds(until - now))
    if _aware(row.updated_at) < now - rule.forget_after:
        row.failures = 0
    row.failures += 1
    wait = rule.wait_after(row.failures)
    row.locked_until = now + wait if wait else None
    row.updated_at = now
    return _seconds(wait) if wait else 0


def fail(store: Store, scope: Scope, key: str, rule: Lockout) -> int:
    """Record one wrong try after the fact (its own transaction); the seconds the next waits."""
    with store.write() as session:
        return count_try(session, scope, key, rule)


def clear(session: Session, scope: Scope, key: str) -> None:
    """A right try: the count starts again."""
    session.execute(delete(s.Guard).where(s.Guard.scope == scope.value, s.Guard.key == key))


def take(session: Session, scope: Scope, key: str, limit: RateLimit) -> None:
    """Spend one of `key`'s tries in `scope`'s bucket, or TryLaterError saying when one is back."""
    now = _now()
    row = _row(session, scope, key)
    elapsed = (now - _aware(row.updated_at)).total_seconds() if row.tokens is not None else 0.0
    tokens, wait = limit.take(row.tokens, elapsed)
    if wait:
        raise TryLaterError(reason=scope.value, seconds=max(1, math.ceil(wait)))
    row.tokens, row.updated_at = tokens, now


def reset(store: Store, scope: Scope, key: str) -> None:
    with store.write() as session:
        clear(session, scope, key)
