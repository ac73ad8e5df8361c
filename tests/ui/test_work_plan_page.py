"""The work-plan page (st.data_editor, saved through the command) and the manager
page's download buttons, through AppTest."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from streamlit.testing.v1 import AppTest

from assistant.config import get_settings
from assistant.store import queries
from assistant.store.work_plan import work_plan
from tests.apptest import render_page
from tests.conftest import PROJECT
from tests.ui.conftest import token_of

APP = str(PROJECT / "streamlit_app.py")
DOWNLOAD_KEYS = {"download-shared-agenda", "download-work-plan", "download-meeting-1", "download-meeting-2",
                 "download-meeting-3", "download-meeting-4", "download-data-xlsx", "download-data-csv",
                 "download-progress-report"}


@pytest.fixture
def demo(make_demo):
    return make_demo(10)


_token = token_of


def _page(token: str) -> AppTest:
    from assistant.ui import work_plan_page

    at = render_page(work_plan_page.render, f=token)
    assert not at.exception, at.exception
    return at


def _plan(store, forum_id):
    with store.read() as session:
        return work_plan(session, forum_id)


def _edits(**rows) -> dict:
    return {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def test_work_plan_page_edits_and_saves_the_plan(demo):
    store, created = demo
    at = _page(_token(created.facilitator_url, "f"))
    assert "טיוטה ראשונה" in at.info[0].value
    focus = at.data_editor(key="work_plan.focus.r0")
    titles = list(focus.value["title"])
    assert titles and focus.editing_mode == "dynamic" and len(at.tabs) == len(titles)
    assert at.data_editor(key="work_plan.timeline.0.r0").value.shape[1] == 4
    editors = list(at.data_editor)
    assert len(editors) == 1 + 3 * len(titles)
    for editor in editors:  # cells to fill show blank, not "None"
        assert editor.proto.HasField("placeholder") and editor.proto.placeholder == ""
        assert editor.proto.alt

    at.session_state["work_plan.focus.r0"] = _edits(**{"0": {"outcomes": "עלייה של 40% בהשתתפות"}})
    at.session_state["work_plan.operational.0.r0"] = _edits(**{"0": {"budget": "500", "partners": "מתנ\"ס"}})
    at.session_state["work_plan.timeline.0.r0"] = _edits(**{"0": {"start": "2026-Q2", "end": "2026-Q4"}})
    at.button(key="work_plan.save").click().run()
    assert not at.exception, at.exception
    plan = _plan(store, created.forum_id)
    assert plan.revision == 1 and [a.title for a in plan.focus_areas] == titles
    first = plan.focus_areas[0]
    assert first.logic["outcomes"] == "עלייה של 40% בהשתתפות"
    assert first.operational[0]["budget"] == "500" and first.operational[0]["partners"] == "מתנ\"ס"
    assert (first.timeline[0]["start"], first.timeline[0]["end"]) == ("2026-Q2", "2026-Q4")
    assert any("גרסה שמורה 1" in c.value for c in at.caption)
    assert at.data_editor(key="work_plan.focus.r1").value.loc[0, "outcomes"] == "עלייה של 40% בהשתתפות"

    at.session_state["work_plan.timeline.0.r1"] = _edits(**{"0": {"start": "spring"}})
    at.button(key="work_plan.save").click().run()
    assert "Q1" in at.error[0].value and "spring" in at.error[0].value
    assert _plan(store, created.forum_id).revision == 1  # nothing saved

    at = _page(_token(created.facilitator_url, "f"))
    at.button(key="work_plan.reseed").click().run()
    assert not at.exception
    again = _plan(store, created.forum_id)
    assert again.revision == 2 and again.focus_areas[0].logic["outcomes"] is None


def test_manager_page_offers_every_download(demo):
    _store, created = demo
    manager = AppTest.from_file(APP, default_timeout=90)
    manager.query_params["m"] = _token(created.manager_url, "m")
    manager.run()
    assert not manager.exception, manager.exception
    buttons = {b.key: b for b in manager.get("download_button")}
    assert set(buttons) == DOWNLOAD_KEYS
    assert buttons["download-shared-agenda"].proto.label == "אג'נדה משותפת (Word)"
    assert not manager.button  # still nothing that changes the forum


def test_with_a_language_model_the_drafted_documents_say_the_first_download_is_slower(demo, monkeypatch):
    _store, created = demo

    def tooltips():
        get_settings.cache_clear()
        manager = AppTest.from_file(APP, default_timeout=90)
        manager.query_params["m"] = _token(created.manager_url, "m")
        manager.run()
        assert not manager.exception, manager.exception
        return {b.key: b.proto.help for b in manager.get("download_button")}

    assert not any(tooltips().values())
    monkeypatch.setenv("FORUM_LLM", "openai:stub-model")
    with_model = tooltips()
    drafted = {"download-shared-agenda", "download-meeting-1", "download-meeting-2", "download-meeting-3",
               "download-meeting-4"}
    assert {key for key, text in with_model.items() if text} == drafted
    assert "מודל שפה" in with_model["download-shared-agenda"]


def test_a_download_builds_the_file_and_keeps_a_copy(demo, tmp_path, playbook):
    from assistant.ui.downloads import file_maker

    store, created = demo
    exports = tmp_path / "exports"
    content = file_maker(store, playbook, created.forum_id, "shared-agenda", exports)()
    with zipfile.ZipFile(BytesIO(content)) as package:
        assert "אג'נדה משותפת" in package.read("word/document.xml").decode("utf-8")
    file_maker(store, playbook, created.forum_id, "data-csv", exports)()
    kept = sorted(p.name for p in (exports / f"forum-{created.forum_id}").iterdir())
    assert len(kept) == 2 and kept[0].startswith("data-csv-") and kept[1].startswith("shared-agenda-")


PRINTABLE_KEYS = {"download-join-card", *(f"download-run-sheet-{n}" for n in (1, 2, 3, 4))}


def test_the_console_offers_the_papers_to_print_and_the_manager_does_not(demo):
    store, created = demo
    console = render_page(_console_render(), f=_token(created.facilitator_url, "f"))
    assert not console.exception, console.exception
    buttons = {b.key: b.proto.label for b in console.get("download_button")}
    with store.read() as session:
        latest = queries.polls(session, created.forum_id)[-1]  # the paper votes' default: a rating's slips
    assert latest.method == "rating"
    assert PRINTABLE_KEYS | DOWNLOAD_KEYS | {f"download-slips-{latest.id}", "download-backup",
                                             "indicators.template"} == set(buttons)
    assert buttons["indicators.template"] == "הורדת תבנית"  # the situation picture's spreadsheet
    assert buttons["download-backup"] == "גיבוי הפורום (JSON)"
    assert buttons["download-run-sheet-2"] == "מהלך מפגש 2 למנחים (Word)"
    assert buttons["download-join-card"] == "כרטיס הצטרפות לשולחנות (Word)"


def test_the_backup_download_is_the_whole_forum_and_keeps_a_copy(demo, tmp_path):
    from assistant.store.backup import parse_backup
    from assistant.ui.downloads import backup_maker

    store, created = demo
    exports = tmp_path / "exports"
    document = parse_backup(backup_maker(store, created.forum_id, exports)())
    assert document["forum"]["join_code"] == _token(created.join_url, "join")
    assert len(document["tables"]["ballots"]) > 50 and len(document["tables"]["steps"]) > 20
    [kept] = (exports / f"forum-{created.forum_id}").iterdir()
    assert kept.name.startswith(f"forum-{created.forum_id}-backup-") and parse_backup(kept.read_bytes()) == document


def _console_render():
    from assistant.ui import console_page

    return console_page.render


def test_a_paper_to_print_carries_the_rooms_address_and_the_guides_titles(demo, tmp_path, playbook, monkeypatch):
    from assistant.ui.downloads import printable_maker

    store, created = demo
    exports = tmp_path / "exports"
    base = "http://10.0.0.5:8501/"
    card = printable_maker(store, playbook, created.forum_id, "join-card", base, exports)()
    with zipfile.ZipFile(BytesIO(card)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
        assert "10.0.0.5:8501/phone" in xml and _token(created.join_url, "join") in xml
        assert any(name.startswith("word/media/") for name in package.namelist())  # the QR code
    sheet = printable_maker(store, playbook, created.forum_id, "run-sheet-3", base, exports)()
    with zipfile.ZipFile(BytesIO(sheet)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert "מפת הדרכים" in xml  # the guide's title from corpus/SOURCES.md, not its file's id
    assert "roadmap-municipal-social-mobility.he" not in xml
    kept = sorted(p.name for p in (exports / f"forum-{created.forum_id}").iterdir())
    assert len(kept) == 2 and kept[0].startswith("join-card-") and kept[1].startswith("meeting-3-run-sheet-")
    monkeypatch.setenv("FORUM_CORPUS_DIR", str(tmp_path / "no-corpus"))  # the guide's files gone
    get_settings.cache_clear()
    sheet = printable_maker(store, playbook, created.forum_id, "run-sheet-3", base, exports)()
    with zipfile.ZipFile(BytesIO(sheet)) as package:
        assert "roadmap-municipal-social-mobility.he" in package.read("word/document.xml").decode("utf-8")
