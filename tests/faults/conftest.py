"""Fixture factories for database faults: another program locking the app's database, and
the database file made read-only (plus the app's forum, from tests.apptest)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.apptest import make_app_forum  # noqa: F401

LOCKER = r"""
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
if sys.argv[2] == "everything":  # no reader or writer gets in (the app must not be connected yet)
    connection.execute("PRAGMA locking_mode = EXCLUSIVE")
    connection.execute("BEGIN EXCLUSIVE")
    connection.execute("UPDATE forums SET title = title")
    connection.execute("COMMIT")  # exclusive locking mode keeps the lock after the commit
else:  # writes: what a backup tool or an open sqlite3 shell does (readers still read, WAL)
    connection.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()  # hold the lock until the test closes our stdin
"""


@pytest.fixture
def lock_database():
    """`lock_database(path, "writes" | "everything")` has another process hold a lock until
    `release()` (or the end of the test)."""
    held = []

    def release(process) -> None:
        if process.poll() is None:
            process.stdin.close()
            process.wait(10)

    def factory(path: Path, what: str = "writes"):
        process = subprocess.Popen([sys.executable, "-c", LOCKER, str(path), what], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True)
        held.append(process)
        assert process.stdout.readline().strip() == "locked"
        return lambda: release(process)

    yield factory
    for process in held:
        release(process)


@pytest.fixture
def read_only():
    """`read_only(path)` makes a file unwritable, even for root (immutable attribute), and
    undoes it at the end of the test."""
    changed = []

    def factory(path: Path) -> None:
        mode = path.stat().st_mode
        os.chmod(path, 0o444)
        changed.append((path, mode))
        if os.geteuid() == 0:  # root writes through permissions; not through the immutable flag
            done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
            if done.returncode != 0:
                pytest.skip(f"running as root and chattr +i failed: {done.stderr.decode().strip()}")
        try:
            with open(path, "r+b"):
                pass
        except PermissionError:
            return
        pytest.skip(f"could not make {path} read-only here")

    yield factory
    for path, mode in changed:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)
        os.chmod(path, mode)
