"""`forum-assistant export`: every file written, nothing overwritten, clear errors."""

from __future__ import annotations

import json
import zipfile

import pytest

from assistant.cli import main
from assistant.config import get_settings
from assistant.forum.access import digest
from assistant.store import queries
from assistant.store.database import open_store
from tests.reports.fixtures import make_small_forum

DOCUMENTS = ["shared-agenda.docx", "work-plan.docx", "meeting-1.docx", "meeting-2.docx", "meeting-3.docx",
             "meeting-4.docx", "progress-report.docx"]
FILES = [*DOCUMENTS, "data.xlsx", "meetings.csv", "participants.csv", "ideas.csv", "ballots.csv", "results.csv",
         "notes.csv", "indicators.csv", "teams.csv", "team_members.csv", "targets.csv", "measurements.csv"]


@pytest.fixture
def forum(tmp_path, monkeypatch, playbook):
    url = f"sqlite:///{tmp_path / 'forum.db'}"
    monkeypatch.setenv("FORUM_DATABASE_URL", url)
    monkeypatch.setenv("FORUM_EXPORTS_DIR", str(tmp_path / "exports"))
    get_settings.cache_clear()
    store = open_store(url)
    yield make_small_forum(store, playbook)
    store.dispose()


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_export_writes_every_file_and_prints_them(forum, tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, _ = _run(capsys, "export", str(forum.forum_id), "--out", str(out), "--json")
    assert code == 0
    written = json.loads(stdout)
    assert written["forum_id"] == forum.forum_id and list(written["files"]) == FILES
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    secrets = [s for token in forum.tokens for s in (token, digest(token))]
    for name in FILES:
        path = out / name
        assert written["files"][name] == str(path)
        content = path.read_bytes()
        if name.endswith((".docx", ".xlsx")):
            with zipfile.ZipFile(path) as package:
                content = b"".join(package.read(part) for part in package.namelist())
        assert not any(secret.encode() in content for secret in secrets), name
    with zipfile.ZipFile(out / "shared-agenda.docx") as package:
        assert "אג'נדה משותפת" in package.read("word/document.xml").decode("utf-8")


@pytest.fixture
def quick_documents(monkeypatch):
    """File handling only: documents stand in as small bytes (their content is tested above)."""
    from assistant.exports import bundle

    monkeypatch.setattr(bundle, "build",
                        lambda name, *args, **kw: bundle.Export(bundle.EXPORTS[name], b"PK doc"))


def test_nothing_is_overwritten_unless_asked(forum, tmp_path, capsys, quick_documents):
    out = tmp_path / "out"
    _run(capsys, "export", str(forum.forum_id), "--out", str(out))
    (out / "work-plan.docx").write_bytes(b"edited by the domain lead")
    code, stdout, _ = _run(capsys, "--lang", "en", "export", str(forum.forum_id), "--out", str(out))
    assert code == 0 and f"{len(FILES)} files written for forum {forum.forum_id}:" in stdout
    assert (out / "work-plan.docx").read_bytes() == b"edited by the domain lead"
    assert (out / "work-plan-2.docx").read_bytes() == b"PK doc" and str(out / "work-plan-2.docx") in stdout
    _run(capsys, "export", str(forum.forum_id), "--out", str(out), "--overwrite")
    assert (out / "work-plan.docx").read_bytes().startswith(b"PK")
    assert not (out / "work-plan-3.docx").exists()


def test_without_out_the_files_go_to_the_forums_exports_folder(forum, tmp_path, capsys, quick_documents):
    code, stdout, _ = _run(capsys, "export", str(forum.forum_id), "--json")
    assert code == 0
    folder = tmp_path / "exports" / f"forum-{forum.forum_id}"
    paths = [folder / p.rsplit("/", 1)[-1] for p in json.loads(stdout)["files"].values()]
    assert all(p.exists() and p.parent == folder for p in paths)
    assert any(p.name.startswith("shared-agenda-20") and p.suffix == ".docx" for p in paths)
    _run(capsys, "export", str(forum.forum_id))
    assert len(list(folder.iterdir())) == 2 * len(FILES)


PRINTABLE_FILES = [*(f"meeting-{n}-run-sheet.docx" for n in (1, 2, 3, 4)), "join-card.docx"]


def test_the_papers_to_print_need_the_address_phones_open(forum, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    code, stdout, stderr = _run(capsys, "--lang", "en", "export", str(forum.forum_id), "--printables",
                                "--out", str(out))
    assert code == 2 and not stdout and "set FORUM_PUBLIC_URL or pass --public-url" in stderr
    assert not out.exists()  # nothing written
    code, stdout, _ = _run(capsys, "export", str(forum.forum_id), "--printables", "--out", str(out),
                           "--public-url", "http://10.0.0.5:8501/", "--json")
    with forum.store.read() as session:  # and each ranking's or rating's slips
        slips = [f"vote-{p.id}-slips.docx" for p in queries.polls(session, forum.forum_id) if p.method != "dots"]
    assert slips and code == 0 and list(json.loads(stdout)["files"]) == [*FILES, *PRINTABLE_FILES, *slips]
    with zipfile.ZipFile(out / "join-card.docx") as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert "10.0.0.5:8501/phone" in xml and forum.join_code in xml
    monkeypatch.setenv("FORUM_PUBLIC_URL", "https://forum.example.org")  # the settings' address
    get_settings.cache_clear()
    code, stdout, _ = _run(capsys, "export", str(forum.forum_id), "--printables", "--json")
    assert code == 0
    card = next(p for name, p in json.loads(stdout)["files"].items() if name == "join-card.docx")
    with zipfile.ZipFile(card) as package:
        assert "forum.example.org/phone" in package.read("word/document.xml").decode("utf-8")


def test_an_unknown_forum_is_a_clear_error(forum, capsys):
    code, stdout, stderr = _run(capsys, "export", "999")
    assert code == 2 and not stdout
    assert "אין במסד הנתונים הזה פורום שמספרו 999" in stderr
    code, _, stderr = _run(capsys, "--lang", "en", "export", "999")
    assert "There is no forum number 999" in stderr


def test_export_with_an_unreachable_model_keeps_the_offline_text_and_says_so(forum, tmp_path, monkeypatch,
                                                                            capsys):
    from assistant.i18n import translate
    from assistant.store import commands, queries

    with forum.store.read() as session:
        step = {s.key: s.id for s in queries.get_forum(session, forum.forum_id).steps}
    commands.go_to_step(forum.store, forum.forum_id, step["m3-future-picture"])
    commands.add_idea(forum.store, forum.forum_id, "כל נער מוצא את מקומו ביישוב", kind="vision")
    monkeypatch.setenv("FORUM_LLM", "openai:stub-model")
    monkeypatch.setenv("FORUM_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("FORUM_LLM_TIMEOUT", "3")
    get_settings.cache_clear()
    out = tmp_path / "out"
    code, _, _ = _run(capsys, "export", str(forum.forum_id), "--out", str(out))
    get_settings.cache_clear()
    assert code == 0
    with zipfile.ZipFile(out / "shared-agenda.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert translate("narrative.offline", "he") in xml
