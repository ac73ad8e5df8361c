"""A draft belongs to its step: text typed in the idea box at one step is not carried, unsent,
into the next step's box (where it would answer another question); it is put aside and offered
back, and nothing typed is lost."""

from __future__ import annotations

from assistant.store import commands, queries
from assistant.ui import state
from tests.apptest import html_bodies
from tests.ui.test_live_pages import live, playbook_plan

__all__ = ["live", "playbook_plan"]


def _step(created, key: str):
    return next(s for s in created.forum.steps if s.key == key)


def test_a_draft_stays_with_its_step_and_is_offered_back(live):
    store, created, session = live
    fid = created.forum.id
    commands.go_to_step(store, fid, _step(created, "m2-root-problems").id)
    commands.open_collection(store, fid, "challenge")
    joined = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he")
    phone = session(p=joined.token)
    phone.text_area(key=state.PHONE_IDEA).input("נשירה של בני נוער מלימודי").run()  # typed, not sent

    commands.go_to_step(store, fid, _step(created, "m2-action-arenas").id)  # the room moves on
    commands.open_collection(store, fid, "task")
    phone.run()
    assert phone.text_area(key=state.PHONE_IDEA).value == ""  # the new question's box starts empty
    aside = [c.value for c in phone.caption if "בשלב הקודם" in c.value]
    assert aside, [c.value for c in phone.caption]
    assert any("נשירה של בני נוער מלימודי" in body for body in html_bodies(phone))  # as text, beside the box
    phone.button(key="phone.draft_take").click().run()  # the person wants it here after all
    assert phone.text_area(key=state.PHONE_IDEA).value == "נשירה של בני נוער מלימודי"
    assert not [b for b in phone.button if b.key == "phone.draft_take"]
    with store.read() as session_:
        assert queries.ideas(session_, fid) == []  # nothing was sent on the person's behalf
