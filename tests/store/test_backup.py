"""A forum's backup: everything in it comes back as it was (ids aside), on SQLite and
PostgreSQL; a bad file is refused with the reason and writes nothing."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from assistant.errors import AccessDeniedError, BackupError, WrongPinError
from assistant.forum.access import Role
from assistant.forum.vocabulary import IdeaStatus
from assistant.forum.work_plan import FocusArea
from assistant.store import backup, commands, queries
from assistant.store import schema as s
from assistant.store.work_plan import save_work_plan
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def playbook():
    from assistant.playbook.loader import load_playbook

    return load_playbook(PROJECT / "prompts")


@pytest.fixture
def full_forum(make_store, playbook):
    """The demo forum (phones' ideas and ballots, paper votes, dates) with a row in every table:
    a note, a hidden and a merged idea, the room's attendance, a PIN and a work plan."""
    store = make_store()
    return (store, *make_full_forum(store, playbook))


def make_full_forum(store, playbook):
    """`full_forum`'s forum, made in `store`: its id and the demo's links."""
    from assistant.demo import create_demo

    demo = create_demo(store, playbook, participants=12, base_url="http://localhost:8501/")
    forum_id = demo.forum_id
    commands.add_note(store, forum_id, "סוכם: המפגש הבא בספרייה")
    with store.read() as session:
        ideas = queries.ideas(session, forum_id)
    visible = [i for i in ideas if i.status is IdeaStatus.VISIBLE]
    commands.hide_idea(store, forum_id, visible[0].id)
    commands.merge_ideas(store, forum_id, visible[1].id, [visible[2].id])
    commands.record_attendance(store, forum_id, 1, 31, {"residents": 9, "ngo": 4})
    commands.set_pin(store, forum_id, "2468")
    save_work_plan(store, forum_id, [FocusArea(title="מרחבי למידה", idea_id=visible[1].id,
                                               logic={"problem": "אין שעות פנאי מדעיות"},
                                               operational=({"actions": "חוג רובוטיקה", "budget": "40,000"},))])
    return forum_id, demo


def canonical(document: dict, *, drop: set[tuple[str, str]] = frozenset()) -> dict:
    """The document with every id and reference replaced by the row's place in its table, so
    two copies of one forum compare equal whatever ids their databases gave them."""
    tables = document["tables"]
    order = {name: {row["id"]: n for n, row in enumerate(rows)} for name, rows in tables.items()}
    out = {}
    for table in backup.TABLES:
        rows = []
        for row in tables[table.name]:
            new = {}
            for column in table.columns:
                if column.name not in row or (table.name, column.name) in drop:
                    continue
                value = row[column.name]
                if column.primary_key:
                    value = order[table.name][value]
                elif column.foreign_keys and value is not None:
                    value = order[next(iter(column.foreign_keys)).column.table.name][value]
                new[column.name] = value
            rows.append(new)
        out[table.name] = rows
    return out


def _count(store, table) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_a_forum_moved_through_its_backup_comes_back_whole(full_forum):
    store, forum_id, demo = full_forum
    document = backup.parse_backup(backup.backup_bytes(store, forum_id))
    assert all(document["tables"][t.name] for t in backup.TABLES), "every table has rows"
    with store.read() as session:
        participant = session.scalar(select(s.Participant).where(s.Participant.forum_id == forum_id))
        phone_digest = participant.token_digest
    join_code = document["forum"]["join_code"]
    commands.delete_forum(store, forum_id, join_code)  # the old server is gone

    restored = backup.restore_forum(store, document)

    assert restored.join_code_kept and restored.phone_links_kept and restored.forum.join_code == join_code
    assert restored.notes("en") == [f"The join code is still {join_code}, so printed join cards remain right "
                                    "(their address is the old server's, if the forum moved)."]
    again = backup.dump_forum(store, restored.forum.id)
    assert canonical(again) == canonical(document)
    assert restored.counts["ballot_entries"] == len(document["tables"]["ballot_entries"]) > 0
    # New links for the facilitator and managers; the PIN and the phones' links stay.
    assert commands.authenticate(store, restored.facilitator_token).role is Role.FACILITATOR
    assert commands.authenticate(store, restored.manager_token).role is Role.MANAGER
    old_facilitator = demo.facilitator_url.split("f=")[1]
    with pytest.raises(AccessDeniedError):
        commands.authenticate(store, old_facilitator)
    with pytest.raises(WrongPinError):
        commands.check_pin(store, restored.forum.id, "1111")
    commands.check_pin(store, restored.forum.id, "2468")
    with store.read() as session:
        moved = session.scalar(select(s.Participant).where(s.Participant.token_digest == phone_digest))
        assert moved.forum_id == restored.forum.id
        # The room stands where it stood; a merged idea points at its target in the copy.
        forum = queries.get_forum(session, restored.forum.id)
        assert forum.current_step.key == document_step_key(document)
        merged = session.scalars(select(s.Idea).where(s.Idea.forum_id == restored.forum.id,
                                                      s.Idea.merged_into_id.is_not(None))).all()
        assert merged and all(session.get(s.Idea, i.merged_into_id).forum_id == restored.forum.id for i in merged)


def document_step_key(document: dict) -> str:
    current = document["tables"]["forums"][0]["current_step_id"]
    return next(row["key"] for row in document["tables"]["steps"] if row["id"] == current)


def test_a_copy_restored_beside_its_original_gets_its_own_code_and_leaves_the_phones_to_the_original(full_forum):
    store, forum_id, _ = full_forum
    document = backup.parse_backup(backup.backup_bytes(store, forum_id))
    with store.read() as session:
        digests = set(session.scalars(select(s.Participant.token_digest).where(s.Participant.forum_id == forum_id)))

    copy_of = backup.restore_forum(store, document)

    assert copy_of.forum.id != forum_id and not copy_of.join_code_kept and not copy_of.phone_links_kept
    assert copy_of.forum.join_code != document["forum"]["join_code"]
    lines = copy_of.notes("he")
    assert lines[0].startswith(f"קוד ההצטרפות {document['forum']['join_code']} תפוס בשרת הזה")
    assert copy_of.forum.join_code in lines[0] and "כמשתתף חדש" in lines[1]
    with store.read() as session:
        kept = set(session.scalars(select(s.Participant.token_digest).where(s.Participant.forum_id == forum_id)))
        copied = set(session.scalars(select(s.Participant.token_digest)
                                     .where(s.Participant.forum_id == copy_of.forum.id)))
    assert kept == digests and len(copied) == len(digests) and not copied & digests
    drop = {("forums", "join_code"), ("participants", "token_digest")}
    assert canonical(backup.dump_forum(store, copy_of.forum.id), drop=drop) == canonical(document, drop=drop)


@pytest.fixture
def small_document(make_forum):
    store, created = make_forum()
    joined = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="ar",
                           display_name="סמיר")
    commands.open_collection(store, created.forum.id, "challenge")
    commands.add_idea(store, created.forum.id, "תחבורה לחוגים", participant_id=joined.participant.id)
    return store, backup.parse_backup(backup.backup_bytes(store, created.forum.id))


def _refused(store, document, reason: str, where: str | None = None) -> BackupError:
    before = _count(store, s.Forum), _count(store, s.Idea), _count(store, s.Participant)
    with pytest.raises(BackupError) as caught:
        backup.restore_forum(store, document)
    assert caught.value.params["reason"] == reason
    if where is not None:
        assert caught.value.params["where"] == where
    assert (_count(store, s.Forum), _count(store, s.Idea), _count(store, s.Participant)) == before
    return caught.value


def _edited(document, table, column, value, index=0):
    edited = copy.deepcopy(document)
    edited["tables"][table][index][column] = value
    return edited


def test_a_damaged_or_edited_backup_is_refused_with_where_and_nothing_is_written(small_document):
    store, document = small_document
    idea_id = document["tables"]["ideas"][0]["id"]
    cases = [
        (_edited(document, "ideas", "kind", "rumour"), "ideas[0].kind"),
        (_edited(document, "ideas", "text", 7), "ideas[0].text"),
        (_edited(document, "ideas", "meeting_id", 999_999), "ideas[0].meeting_id"),
        (_edited(document, "ideas", "created_at", "yesterday"), "ideas[0].created_at"),
        (_edited(document, "ideas", "merged_into_id", idea_id + 1000), "ideas.merged_into_id"),
        (_edited(document, "participants", "sector", "<script>"), "participants[0].sector"),
        (_edited(document, "forums", "title", "א" * 201), "forums[0].title"),
        (_edited(document, "forums", "secret_column", 1), "forums[0].secret_column"),
        (_edited(document, "meetings", "number", 5), "meetings"),
        (_edited(document, "steps", "phone", ["not", "a", "dict"]), "steps[0].phone"),
    ]
    for edited, where in cases:
        _refused(store, edited, "invalid", where)
    _refused(store, _edited(document, "steps", "phone", {"action": "vote", "poll": {"method": "lottery"}}),
             "invalid", "steps[0].phone")
    _refused(store, _edited(document, "steps", "phone", {"action": "collect", "kind": "gossip"}),
             "invalid", "steps[0].phone")
    duplicate = copy.deepcopy(document)
    duplicate["tables"]["steps"].append(dict(duplicate["tables"]["steps"][0]))
    _refused(store, duplicate, "invalid", "steps[12].id")
    missing = copy.deepcopy(document)
    del missing["tables"]["ideas"][0]["text"]
    _refused(store, missing, "invalid", "ideas[0].text")
    no_table = copy.deepcopy(document)
    del no_table["tables"]["polls"]
    error = _refused(store, no_table, "invalid", "polls")
    assert error.message("he") == "קובץ הגיבוי פגום או ששונה ביד (בחלק `polls`), ולכן לא שוחזר ממנו דבר."


def test_a_work_plan_its_page_could_not_show_is_refused(full_forum):
    store, forum_id, _ = full_forum
    document = backup.parse_backup(backup.backup_bytes(store, forum_id))
    for column, value in (("logic", {"problem": 7}), ("logic", {"mood": "טוב"}),
                          ("infrastructures", {"policy": {"nested": "x"}}), ("title", " ")):
        _refused(store, _edited(document, "work_plan_focus_areas", column, value), "invalid",
                 "work_plan_focus_areas" if column == "title" else "work_plan_focus_areas[0]")
    _refused(store, _edited(document, "work_plan_rows", "cells", {"budget": "1", "colour": "red"}), "invalid",
             "work_plan_focus_areas[0]")


def test_a_forum_can_be_restored_without_its_pin(full_forum):
    store, forum_id, _ = full_forum
    document = backup.parse_backup(backup.backup_bytes(store, forum_id))
    kept = backup.restore_forum(store, document)
    cleared = backup.restore_forum(store, document, clear_pin=True)
    assert kept.forum.has_pin and not cleared.forum.has_pin
    commands.check_pin(store, cleared.forum.id, "")  # the console opens without one
    with pytest.raises(WrongPinError):
        commands.check_pin(store, kept.forum.id, "")


def test_every_table_of_the_schema_is_in_a_backup():
    """A table added to the schema and not here would be lost by every backup."""
    assert {t.name for t in backup.TABLES} == set(s.Base.metadata.tables) - s.SERVER_TABLES
    owned = {t.name for t in backup.TABLES if "forum_id" in t.c} | set(backup.PARENT) | {"forums"}
    assert owned == set(s.Base.metadata.tables) - s.SERVER_TABLES
    for name in s.SERVER_TABLES:  # the server's own: they name no forum
        assert "forum_id" not in s.Base.metadata.tables[name].c


def test_a_poll_whose_settings_do_not_fit_its_options_is_refused(make_forum):
    store, created = make_forum()
    commands.open_collection(store, created.forum.id, "challenge")
    ideas = [commands.add_idea(store, created.forum.id, t).idea.id for t in ("תחבורה", "ספרייה", "מלגות")]
    commands.create_poll(store, created.forum.id, title="דירוג", method="ranking", idea_ids=ideas,
                         params={"top_n": 3})
    document = backup.parse_backup(backup.backup_bytes(store, created.forum.id))
    _refused(store, _edited(document, "polls", "params", {"top_n": 9}), "invalid", "polls[0].params")


def test_rows_missing_a_column_with_a_default_take_it_and_keep_their_order(small_document):
    store, document = small_document
    edited = copy.deepcopy(document)
    first = dict(edited["tables"]["ideas"][0], id=10_001, text="ראשון")
    second = {k: v for k, v in first.items() if k != "updated_at"} | {"id": 10_002, "text": "שני"}
    third = dict(first, id=10_003, text="שלישי", client_key=None)
    edited["tables"]["ideas"] = [first, second, third]
    restored = backup.restore_forum(store, edited)
    with store.read() as session:
        rows = session.scalars(select(s.Idea).where(s.Idea.forum_id == restored.forum.id).order_by(s.Idea.id)).all()
    assert [r.text for r in rows] == ["ראשון", "שני", "שלישי"] and all(r.updated_at for r in rows)


def test_text_from_a_backup_loses_the_characters_that_could_reorder_what_others_see(small_document):
    store, document = small_document
    edited = _edited(document, "ideas", "text", "\u202eתחבורה\u0007 לחוגים")
    restored = backup.restore_forum(store, edited)
    with store.read() as session:
        assert [i.text for i in queries.ideas(session, restored.forum.id)] == ["תחבורה לחוגים"]


def test_what_is_not_a_backup_says_why(small_document, monkeypatch):
    _store, document = small_document
    cases = [
        (b"\xff\xfe not text", "not_json"),
        (b"{\"tables\": ", "not_json"),
        (json.dumps([1, 2]).encode(), "not_backup"),
        (json.dumps({"format": "something-else", "version": 1}).encode(), "not_backup"),
        (json.dumps({**document, "version": "1"}).encode(), "not_backup"),
    ]
    for data, reason in cases:
        with pytest.raises(BackupError) as caught:
            backup.parse_backup(data)
        assert caught.value.params["reason"] == reason, data[:30]
    with pytest.raises(BackupError) as caught:
        backup.parse_backup(json.dumps({**document, "version": backup.VERSION + 1}).encode())
    assert caught.value.message("en") == (
        "The backup was made by a newer version of the app (format 2; this server reads up to format 1). "
        "Update the app on this server and try again. Nothing was saved.")
    monkeypatch.setattr(backup, "MAX_BYTES", 1024)
    with pytest.raises(BackupError) as caught:
        backup.parse_backup(b" " * 1025)
    assert caught.value.params["reason"] == "too_large"


def test_a_backup_carries_no_link_secret_and_names_its_format(small_document):
    _store, document = small_document
    assert document["format"] == "forum-assistant/forum-backup" and document["version"] == 1
    forum = document["tables"]["forums"][0]
    assert "facilitator_digest" not in forum and "manager_digest" not in forum
    assert document["forum"] == {"title": forum["title"], "join_code": forum["join_code"]}
    assert document["tables"]["participants"][0]["display_name"] == "סמיר"


def test_a_forum_that_is_gone_has_no_backup(make_forum):
    from assistant.errors import ForumGoneError

    store, created = make_forum()
    commands.delete_forum(store, created.forum.id, created.forum.join_code)
    with pytest.raises(ForumGoneError):
        backup.dump_forum(store, created.forum.id)


def test_a_backup_made_by_this_first_format_still_restores(make_store):
    """tests/data/forum-backup-v1.json was written by format 1 (schema 0008) and is never
    regenerated: a migration that breaks reading it must bump VERSION and convert."""
    from assistant.exports.reading import read_snapshot
    from assistant.forum.tallies import tally
    from tests.conftest import DATA

    store = make_store()
    document = backup.parse_backup((DATA / "forum-backup-v1.json").read_bytes())
    restored = backup.restore_forum(store, document)

    assert restored.join_code_kept and restored.forum.title == "פורום נוער: גולדן" and restored.forum.has_pin
    commands.check_pin(store, restored.forum.id, "1357")
    assert restored.forum.current_step.key == "m1-vote"
    assert restored.forum.meetings[0].attendance.total == 14
    snapshot = read_snapshot(store, restored.forum.id)
    assert sorted((p.sector.value, p.language, p.display_name) for p in snapshot.participants) == [
        ("ngo", "ar", None), ("residents", "he", "דנה")]
    merged = next(i for i in snapshot.ideas if i.status is IdeaStatus.MERGED)
    assert merged.text == "חוסר בהסעות" and merged.merged_into_id == next(
        i.id for i in snapshot.ideas if i.text == "אין הסעות לחוגים")
    [poll] = snapshot.polls
    result = tally(poll, snapshot.ballots[poll.id], snapshot.participants)
    assert result.voters == 3 and result.paper_voters == 1 and result.voters_by_sector == {"ngo": 1, "residents": 1}
    assert result.leaders(3) == (("אין הסעות לחוגים", 3.0), ("מעט מקומות מפגש", 3.0), ("لا توجد مواصلات", 2.0))
    [area] = snapshot.work_plan.focus_areas
    assert area.title == "הסעות לחוגים" and area.operational[0]["budget"] == "20,000"
    assert area.timeline[0]["owner"] == "הרשות" and area.logic["problem"] == "אין הסעות"
    assert [n.text for n in snapshot.notes] == ["לבדוק עם מחלקת התחבורה"]
