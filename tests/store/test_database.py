from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import text

from assistant.errors import StoreBusyError, StoreReadOnlyError, StoreUnavailableError
from assistant.forum.vocabulary import IdeaKind, IdeaStatus
from assistant.store import commands, queries
from assistant.store.database import Store, database_label, open_store, shared_by_processes
from assistant.store.migrate import alembic_config, current_revision, head_revision
from tests.conftest import simple_plan
from tests.live import PROJECT


def test_migrations_create_upgrade_and_downgrade(make_store):
    from alembic import command

    store = make_store()
    assert current_revision(store.read_engine) == head_revision()
    assert {"forums", "ideas", "polls", "ballots", "ballot_entries"} <= store.tables()
    command.downgrade(alembic_config(store.write_engine), "base")
    assert store.tables() <= {"alembic_version"}
    store.migrate()
    assert "ballots" in store.tables()


def test_paper_slips_leave_with_a_downgrade_below_them_and_phone_ballots_stay(make_forum):
    from alembic import command

    store, created = make_forum()
    fid = created.forum.id
    poll = commands.create_poll(store, fid, title="t", method="ranking", labels=["a", "b"], open_now=True)
    person = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he").participant
    commands.cast_ballot(store, fid, poll.id, person.id, [poll.options[0].id])
    commands.add_paper_ballot(store, fid, poll.id, [poll.options[1].id, poll.options[0].id])
    command.downgrade(alembic_config(store.write_engine), "0007")
    with store.read() as session:
        assert session.execute(text("SELECT participant_id FROM ballots")).scalars().all() == [person.id]
        assert session.execute(text("SELECT count(*) FROM ballot_entries")).scalar() == 1
    store.migrate()  # up again: SQLite copies the ballots table, and must not lose their entries
    with store.write() as session:
        assert session.execute(text("SELECT count(*) FROM ballot_entries")).scalar() == 1
        if store.is_sqlite:
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again after migrating
    assert commands.add_paper_ballot(store, fid, poll.id, [poll.options[1].id]).count == 1


def test_sqlite_runs_in_wal_with_foreign_keys(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'f.db'}")
    with store.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_one_ballot_per_participant_under_concurrent_casts(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    poll = commands.create_poll(store, fid, title="t", method="dots", labels=["a", "b", "c"], open_now=True)
    people = [commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he").participant
              for _ in range(8)]
    errors: list[BaseException] = []

    def vote(pid: int, option: int) -> None:
        try:
            for _ in range(3):
                commands.cast_ballot(store, fid, poll.id, pid, {poll.options[option].id: 1})
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=vote, args=(p.id, i % 3)) for i, p in enumerate(people * 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with store.read() as session:
        ballots = queries.ballots(session, fid, poll.id)
    assert len(ballots) == len(people)
    assert all(b.revision == 6 and len(b.entries) == 1 for b in ballots)


# One of two processes sharing a SQLite file (`forum-assistant cluster` on one machine): joins,
# ideas and ballots (each cast twice), all at the same moment as the other process's.
_ONE_PROCESS = """
import json, sys, time
from assistant.store import commands
from assistant.store.database import open_store
url, code, fid, poll_id, options, people, at = sys.argv[1:]
store = open_store(url)
time.sleep(max(0.0, float(at) - time.time()))
errors = []
for n in range(int(people)):
    try:
        pid = commands.join(store, join_code=code, sector="ngo", language="he").participant.id
        for i in range(3):
            commands.add_idea(store, int(fid), f"רעיון {n}-{i} מ-{sys.argv[-1]}", participant_id=pid)
        option = json.loads(options)[n % 3]
        for _ in range(2):
            commands.cast_ballot(store, int(fid), int(poll_id), pid, {option: 1})
    except Exception as exc:
        errors.append(repr(exc))
print(json.dumps(errors))
"""


def test_processes_share_a_sqlite_file_or_postgresql_but_not_memory(tmp_path):
    assert shared_by_processes(f"sqlite:///{tmp_path / 'f.db'}")
    assert shared_by_processes("postgresql+psycopg://forum@127.0.0.1/forum")
    assert not shared_by_processes("sqlite://") and not shared_by_processes("sqlite:///:memory:")
    assert database_label(f"sqlite:///{tmp_path / 'f.db'}") == f"SQLite {tmp_path / 'f.db'}"
    assert database_label("postgresql+psycopg://forum:SECRET@db.example.org/forum") == "PostgreSQL db.example.org/forum"


def test_two_processes_share_one_sqlite_file_and_lose_nothing(tmp_path):
    """Every write takes SQLite's lock at once (BEGIN IMMEDIATE) and waits its turn behind the
    other process's (busy timeout): nothing refused, lost or doubled."""
    store = open_store(f"sqlite:///{tmp_path / 'shared.db'}")
    created = commands.create_forum(store, title="פורום", locality="בית הכרם", domain="stem", language="he",
                                    plan=simple_plan())
    fid = created.forum.id
    commands.open_collection(store, fid, IdeaKind.IDEA)
    poll = commands.create_poll(store, fid, title="t", method="dots", labels=["a", "b", "c"], open_now=True)
    options = json.dumps([o.id for o in poll.options])
    at = str(time.time() + 3.0)  # both start together, once imported
    processes = [subprocess.Popen([sys.executable, "-c", _ONE_PROCESS, store.url, created.forum.join_code, str(fid),
                                   str(poll.id), options, "25", at], cwd=PROJECT, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], [err[-2000:] for _, err in outputs]
    assert [json.loads(out) for out, _ in outputs] == [[], []]
    with store.read() as session:
        ideas = queries.ideas(session, fid, statuses=tuple(IdeaStatus))
        ballots = queries.ballots(session, fid, poll.id)
        people = session.execute(text("SELECT count(*) FROM participants")).scalar()
    assert (people, len(ideas), len({(i.participant_id, i.text) for i in ideas})) == (50, 150, 150)
    assert len(ballots) == 50 and all(b.revision == 2 for b in ballots)


def test_read_only_database_gives_a_clear_error(tmp_path):
    path = tmp_path / "ro.db"
    open_store(f"sqlite:///{path}").dispose()
    store = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StoreReadOnlyError) as caught, store.write() as session:
        session.execute(text("UPDATE forums SET title = 'x'"))
    assert "ro.db" in caught.value.message("he")


def test_locked_database_gives_a_clear_error(tmp_path, monkeypatch):
    from assistant.store import database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "locked.db"
    store = open_store(f"sqlite:///{path}")
    import sqlite3

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreBusyError) as caught, store.write() as session:
            session.execute(text("SELECT 1"))
        assert "locked.db" in caught.value.message("en")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_unreachable_database_gives_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreUnavailableError):
        open_store(f"sqlite:///{blocker / 'sub' / 'f.db'}")


def test_the_migrated_schema_matches_the_models(make_store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from assistant.store.schema import Base

    store = make_store()
    with store.write_engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []
