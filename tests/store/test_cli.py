"""`forum-assistant forums` and `forum-assistant new-links`: the server operator's way back
into a forum whose facilitator link was lost."""

from __future__ import annotations

import json

import pytest

from assistant.cli import main
from assistant.config import get_settings
from assistant.errors import AccessDeniedError
from assistant.forum.access import Role
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands, queries
from assistant.store.database import open_store
from tests.conftest import PROJECT


@pytest.fixture
def store():
    opened = open_store(get_settings().resolved_database_url)
    yield opened
    opened.dispose()


def _forum(store, title):
    return commands.create_forum(store, title=title, locality="עכו", domain="youth", language="he",
                                 plan=forum_plan(load_playbook(PROJECT / "prompts")))


def test_the_forums_are_listed_without_any_secret(store, capsys):
    assert main(["forums"]) == 0
    assert capsys.readouterr().out.strip() == "אין עדיין פורומים בשרת הזה."
    first, second = _forum(store, "פורום א"), _forum(store, "פורום ב")
    commands.join(store, join_code=second.forum.join_code, sector="ngo", language="he")
    commands.go_to_meeting(store, second.forum.id, 3)
    assert main(["forums", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(f["forum_id"], f["title"], f["current_meeting"], f["participants"]) for f in listed] == [
        (first.forum.id, "פורום א", 1, 0), (second.forum.id, "פורום ב", 3, 1)]
    assert main(["--lang", "en", "forums"]) == 0
    out = capsys.readouterr().out
    assert f"2. פורום ב (עכו) · code {second.forum.join_code} · created " in out and "meeting 3 · 1 participants" in out
    assert first.facilitator_token not in out and first.manager_token not in out


def test_new_links_replace_the_facilitators_and_managers_and_nothing_else(store, capsys):
    created = _forum(store, "פורום")
    other = _forum(store, "פורום אחר")
    person = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he")
    commands.set_pin(store, created.forum.id, "4321")
    assert main(["new-links", str(created.forum.id), "--public-url", "https://forum.example/", "--json"]) == 0
    issued = json.loads(capsys.readouterr().out)
    assert issued["facilitator_url"].startswith("https://forum.example/?f=") and not issued["pin_cleared"]
    new_facilitator, new_manager = issued["facilitator_url"].split("f=")[1], issued["manager_url"].split("m=")[1]
    for old in (created.facilitator_token, created.manager_token):
        with pytest.raises(AccessDeniedError):
            commands.authenticate(store, old)
    assert commands.authenticate(store, new_facilitator).role is Role.FACILITATOR
    assert commands.authenticate(store, new_manager).role is Role.MANAGER
    assert commands.authenticate(store, person.token).role is Role.PARTICIPANT  # phones keep working
    assert commands.authenticate(store, other.facilitator_token).forum_id == other.forum.id
    with store.read() as session:
        forum = queries.get_forum(session, created.forum.id)
    assert forum.join_code == created.forum.join_code and forum.has_pin  # the PIN stays

    assert main(["new-links", str(created.forum.id), "--clear-pin"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("לפורום פורום יש קישורים חדשים;") and "http://localhost:8501/?f=" in out
    assert "הקוד הסודי של הקונסולה הוסר" in out
    with store.read() as session:
        assert not queries.get_forum(session, created.forum.id).has_pin


def test_new_links_give_the_teams_leads_new_links_too(store, capsys):
    from assistant.store import teams

    created = _forum(store, "פורום")
    team = teams.create_team(store, created.forum.id, "תעסוקת צעירים", created.facilitator_token)
    assert main(["new-links", str(created.forum.id), "--json"]) == 0
    issued = json.loads(capsys.readouterr().out)
    new = issued["team_urls"]["תעסוקת צעירים"].split("t=")[1]
    with pytest.raises(AccessDeniedError):
        commands.authenticate(store, team.token)
    assert commands.authenticate(store, new).team_id == team.team.id
    assert main(["new-links", str(created.forum.id)]) == 0
    assert 'הקישור החדש של מוביל/ת הצוות "תעסוקת צעירים": http://localhost:8501/?t=' in capsys.readouterr().out


def test_new_links_for_a_forum_that_does_not_exist(store, capsys):
    assert main(["new-links", "99"]) == 2
    assert "99" in capsys.readouterr().err


def test_a_forum_backed_up_and_restored_from_the_command_line(store, capsys, tmp_path, monkeypatch):
    created = _forum(store, "פורום הנוער")
    person = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he")
    commands.open_collection(store, created.forum.id, "challenge")
    commands.add_idea(store, created.forum.id, "אין מקום לבני נוער בערב", participant_id=person.participant.id)

    assert main(["backup", str(created.forum.id)]) == 0
    out = capsys.readouterr().out.strip()
    kept = get_settings().exports_dir / f"forum-{created.forum.id}"
    [path] = kept.glob("forum-*-backup-*.json")
    assert out == f"הגיבוי של הפורום פורום הנוער נשמר ב-{path}"
    target = tmp_path / "moved.json"
    assert main(["backup", str(created.forum.id), "--out", str(target), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"forum_id": created.forum.id, "file": str(target),
                                                   "bytes": target.stat().st_size}
    assert target.read_bytes() == path.read_bytes().replace(
        json.loads(path.read_text())["exported_at"].encode(), json.loads(target.read_text())["exported_at"].encode())

    # Another server: an empty database of its own.
    monkeypatch.setenv("FORUM_DATA_DIR", str(tmp_path / "other-server"))
    get_settings.cache_clear()
    assert main(["--lang", "en", "restore", str(target), "--public-url", "https://forum.example/"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("The forum פורום הנוער was restored as forum 1 on this server. "
                      "Participants: 1 · ideas: 1 · votes: 0 · ballots: 0.")
    assert out[1].startswith(f"The join code is still {created.forum.join_code},")
    assert out[2].startswith("Facilitator link (keep private): https://forum.example/?f=")
    other = open_store(get_settings().resolved_database_url)
    try:
        assert commands.authenticate(other, out[2].split("f=")[1]).role is Role.FACILITATOR
        assert commands.authenticate(other, person.token).role is Role.PARTICIPANT  # the phone's link came along
        with other.read() as session:
            assert [i.text for i in queries.ideas(session, 1)] == ["אין מקום לבני נוער בערב"]
    finally:
        other.dispose()
    commands.set_pin(store, created.forum.id, "9090")
    assert main(["backup", str(created.forum.id), "--out", str(target), "--overwrite"]) == 0
    capsys.readouterr()
    assert main(["restore", str(target), "--json", "--clear-pin"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["forum_id"] == 2 and not second["join_code_kept"] and not second["phone_links_kept"]
    other = open_store(get_settings().resolved_database_url)
    try:
        with other.read() as session:
            assert not queries.get_forum(session, 2).has_pin
    finally:
        other.dispose()


def test_restoring_what_is_not_a_backup_writes_nothing_and_says_why(store, capsys, tmp_path):
    notes = tmp_path / "notes.json"
    notes.write_text('{"title": "פורום"}', encoding="utf-8")
    assert main(["restore", str(notes)]) == 2
    assert "אינו גיבוי של פורום" in capsys.readouterr().err
    assert main(["--lang", "ar", "restore", str(tmp_path / "missing.json")]) == 2
    assert "تعذّرت قراءة" in capsys.readouterr().err
    assert main(["backup", "99"]) == 2
    assert "99" in capsys.readouterr().err
    with store.read() as session:
        assert queries.forum_listings(session) == []


def test_every_forum_backed_up_at_once_for_a_nightly_job(store, capsys, tmp_path):
    assert main(["backup", "--all"]) == 0
    assert capsys.readouterr().out.strip() == "אין עדיין פורומים בשרת הזה."
    first, second = _forum(store, "פורום א"), _forum(store, "פורום ב")
    commands.delete_forum(store, first.forum.id, first.forum.join_code)
    third = _forum(store, "פורום ג")

    assert main(["backup", "--all", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["forum_id"] for row in rows] == [second.forum.id, third.forum.id]
    for row in rows:
        path = get_settings().exports_dir / f"forum-{row['forum_id']}"
        assert row["file"].startswith(str(path)) and len((path / row["file"]).read_bytes()) == row["bytes"]

    nightly = tmp_path / "nightly"
    assert main(["backup", "--all", "--out", str(nightly)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"הגיבוי של הפורום פורום ב נשמר ב-{nightly / f'forum-{second.forum.id}-backup.json'}",
        f"הגיבוי של הפורום פורום ג נשמר ב-{nightly / f'forum-{third.forum.id}-backup.json'}"]
    assert main(["backup", "--all", "--out", str(nightly), "--overwrite"]) == 0  # the same two files, replaced
    assert sorted(p.name for p in nightly.iterdir()) == [f"forum-{second.forum.id}-backup.json",
                                                          f"forum-{third.forum.id}-backup.json"]
    with pytest.raises(SystemExit):
        main(["backup", str(second.forum.id), "--all"])
    with pytest.raises(SystemExit):
        main(["backup"])


def test_new_join_code_replaces_the_code_and_nothing_else(store, capsys):
    created = _forum(store, "פורום")
    person = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he")
    assert main(["new-join-code", str(created.forum.id), "--json"]) == 0
    changed = json.loads(capsys.readouterr().out)
    assert changed["forum_id"] == created.forum.id and changed["previous_join_code"] == created.forum.join_code
    with store.read() as session:
        assert queries.get_forum(session, created.forum.id).join_code == changed["join_code"]
    assert commands.authenticate(store, person.token).role is Role.PARTICIPANT
    assert commands.authenticate(store, created.facilitator_token).role is Role.FACILITATOR

    assert main(["--lang", "en", "new-join-code", str(created.forum.id)]) == 0
    out = capsys.readouterr().out
    with store.read() as session:
        code = queries.get_forum(session, created.forum.id).join_code
    assert out.startswith(f"The forum פורום has a new join code: {code}. The previous code ({changed['join_code']})")
    assert "Print the join cards again." in out


def test_new_join_code_for_a_forum_that_does_not_exist(store, capsys):
    assert main(["new-join-code", "99"]) == 2
    assert "99" in capsys.readouterr().err
