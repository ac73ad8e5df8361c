from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from assistant.errors import StoreBusyError, StoreReadOnlyError, StoreUnavailableError
from assistant.store import commands, queries
from assistant.store.database import Store, open_store
from assistant.store.migrate import alembic_config, current_revision, head_revision


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
