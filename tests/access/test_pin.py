"""A forum's PIN stands before every facilitator page and every action, in one place
(`services.require` and `services.run`): before the PIN a facilitator link shows the PIN form
and nothing else, and every command the pages run is refused; after it, everything works."""

from __future__ import annotations

import pytest
import streamlit as st

from assistant.store import backup, commands
from assistant.ui import chat_page, console_page, projector_page, state, work_plan_page
from tests.access.test_roles import widget_keys
from tests.apptest import open_page, render_page

PIN = "2468"
FACILITATOR_PAGES = (console_page.render, projector_page.render, chat_page.render, work_plan_page.render)
PIN_FORM = {state.PIN_INPUT, "FormSubmitter:console.pin_form-כניסה"}


def _pin_form_only(at, forum) -> None:
    assert not at.exception
    assert widget_keys(at) - {state.LANGUAGE} == PIN_FORM
    tree = str(at._tree)
    assert forum.created.forum.join_code not in tree  # not the join code, the ideas, nor the links
    assert forum.created.facilitator_token not in "".join(c.value for c in at.code)


def _unlock(at, pin: str = PIN):
    at.text_input(key=state.PIN_INPUT).input(pin)
    next(b for b in at.button if "pin_form" in (b.key or "")).click().run()
    return at


@pytest.mark.parametrize("render", FACILITATOR_PAGES, ids=lambda r: r.__module__.rsplit(".", 1)[1])
def test_every_facilitator_page_asks_for_the_pin_first(make_app_forum, render):
    forum = make_app_forum(pin=PIN)
    at = render_page(render, f=forum.created.facilitator_token)
    _pin_form_only(at, forum)
    _unlock(at, "1111")
    assert [e.value for e in at.error] == ["קוד PIN שגוי."]
    _pin_form_only(at, forum)
    _unlock(at)
    assert not at.exception and not at.error
    assert state.PIN_INPUT not in widget_keys(at)
    if render is console_page.render:
        assert forum.created.forum.join_code in str(at._tree)


def test_the_app_opened_with_a_facilitator_link_shows_only_the_pin_form_and_no_pages(make_app_forum):
    forum = make_app_forum(pin=PIN)
    at = open_page(f=forum.created.facilitator_token)
    _pin_form_only(at, forum)
    at = _unlock(at)
    assert not at.exception and forum.created.forum.join_code in str(at._tree)


def _run_every_action() -> None:
    """Every kind of command the facilitator's pages run, through `services.run`, as a button
    would (the assistant's suggested actions included); what each returned is written."""
    from assistant.ui import services

    access = services.current_access()
    fid = access.forum_id
    forum = services.forum(fid)
    step = forum.steps[1]
    actions = [
        (commands.go_to_step, (fid, step.id), {}),
        (commands.advance_step, (fid,), {}),
        (commands.open_collection, (fid, "idea"), {}),
        (commands.add_room_ideas, (fid, "רעיון מהחדר", "idea"), {}),
        (commands.add_note, (fid, "הערה"), {}),
        (commands.create_poll, (fid,), {"title": "סקר", "method": "dots", "labels": ["א", "ב"], "open_now": True}),
        (commands.record_attendance, (fid, 1, 30), {}),
        (commands.set_participant_cap, (fid, 500), {}),
        (commands.set_pin, (fid, None), {}),
        (commands.change_join_code, (fid,), {}),
        (commands.erase_names, (fid,), {}),
        (commands.reissue_links, (fid,), {}),  # last: the session's link is an old one after it
    ]
    for command, args, kwargs in actions:
        services.run(command, *args, **kwargs)
        level = st.session_state.get(state.NOTICE, ("success", ""))[0]
        st.write(f"{command.__name__}: {'refused' if level == 'error' else 'done'}")
        services.show_notice()


def test_every_action_is_refused_until_the_pin_is_typed(make_app_forum):
    forum = make_app_forum(pin=PIN)
    store = forum.store()
    before = backup.dump_forum(store, forum.forum_id)
    at = render_page(_run_every_action, f=forum.created.facilitator_token)
    assert not at.exception
    results = [m.value for m in at.markdown if ": " in m.value]
    assert results and all(r.endswith("refused") for r in results), results
    assert {e.value for e in at.error} == {"הקישור הזה אינו מאפשר גישה לעמוד. אפשר לבקש קישור חדש מהמנחה."}
    after = backup.dump_forum(store, forum.forum_id)
    assert after["tables"] == before["tables"]  # nothing changed, and the forum is still there

    at.session_state[state.PIN_OK] = forum.forum_id  # as the PIN form leaves it
    at.run()
    assert not at.exception
    done = [m.value for m in at.markdown if m.value.endswith(": done")]
    assert len(done) == 12, [m.value for m in at.markdown]
    store.dispose()
