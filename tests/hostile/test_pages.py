"""The nasty strings typed into the pages' text fields (AppTest): shown literally wherever they
appear, refused with the limit and left in the box when too long, never a traceback."""

from __future__ import annotations

import pytest

from assistant.errors import InvalidInputError, JoinCodeError
from assistant.forum import inputs
from assistant.i18n import translate
from assistant.store import commands, queries
from assistant.ui import manager_page, phone_page, projector_page, state
from tests.apptest import assert_literal, markdown_sources, open_page, render_page, shown
from tests.hostile.strings import BY_NAME, CASES, MARKUP, Nasty


def refusal(case: Nasty, field: str, limit: int, language: str) -> str:
    reason = case.outcome(limit)
    length = len(case.stored) if case.stored else 0
    return InvalidInputError(field=field, reason=reason, limit=limit, length=length).message(language)


def test_ideas_typed_on_a_phone(make_app_forum, monkeypatch):
    monkeypatch.setattr(inputs, "IDEAS_PER_STEP", len(CASES))  # every case from the one phone
    forum = make_app_forum(language="ar")
    phone = open_page(p=forum.joined.token)
    for case in CASES:
        phone.text_area(key=state.PHONE_IDEA).input(case.typed).run()
        phone.button(key="phone.send").click().run()
        assert not phone.exception, case.name
        box = phone.text_area(key=state.PHONE_IDEA).value
        if case.outcome(inputs.IDEA_MAX) == "stored":
            assert [shown(s.value) for s in phone.success] == [
                translate("phone.idea_recorded", "ar", text=case.stored[:80])], case.name
            assert box == "" and not phone.error, case.name
            assert_literal(phone, case.stored)  # in "your ideas"
        else:
            assert [shown(e.value) for e in phone.error] == [refusal(case, "idea", inputs.IDEA_MAX, "ar")]
            assert box == case.typed, case.name  # nothing lost: the text is still there to shorten
    store = forum.store()
    with store.read() as session:
        texts = [i.text for i in queries.ideas(session, forum.forum_id)]
    store.dispose()
    assert texts == [c.stored for c in CASES if c.outcome(inputs.IDEA_MAX) == "stored"]


def test_names_and_join_codes_on_the_join_screen(make_app_forum):
    forum = make_app_forum()
    code = forum.created.forum.join_code
    for case in CASES:
        # A join link carrying the string as its code: the box shows it, joining explains.
        phone = render_page(phone_page.render, join=case.typed)
        assert not phone.exception, case.name
        phone.pills(key=state.PHONE_SECTOR).set_value("ngo")
        assert phone.text_input(key=state.PHONE_JOIN_CODE).value == case.typed
        phone.button(key="phone.join").click().run()
        looked_up = JoinCodeError(code="".join(c for c in case.typed.upper() if c.isascii() and c.isalnum())
                                  or "—").message("he")
        assert [shown(e.value) for e in phone.error] == [looked_up], case.name
        # The right code and the string as a display name.
        phone.text_input(key=state.PHONE_JOIN_CODE).input(code)
        phone.text_input(key=state.PHONE_NAME).input(case.typed)
        phone.button(key="phone.join").click().run()
        assert not phone.exception, case.name
        if case.outcome(inputs.NAME_MAX, required=False) == "stored":
            assert not phone.error and "p" in phone.query_params, case.name
            store = forum.store()
            access = commands.authenticate(store, phone.query_params["p"])
            with store.read() as session:
                person = queries.get_participant(session, access.forum_id, access.participant_id)
            store.dispose()
            assert person.display_name == case.stored, case.name
        else:
            expected = refusal(case, "display_name", inputs.NAME_MAX, "he")
            assert [shown(e.value) for e in phone.error] == [expected]
            assert phone.text_input(key=state.PHONE_NAME).value == case.typed
            assert "p" not in phone.query_params


@pytest.mark.parametrize("name", ["html", "script", "markdown-link", "bidi-override", "newlines", "long",
                                  "only-invisible"])
def test_forum_title_and_locality_on_the_home_page(make_app_forum, name):
    store = make_app_forum().store()  # the app's database and settings
    case = BY_NAME[name]
    home = open_page()
    home.text_input(key="home.title").input(case.typed)
    home.text_input(key="home.locality").input(case.typed)
    next(b for b in home.button if "create_form" in b.key).click().run()
    assert not home.exception
    outcome = case.outcome(inputs.TITLE_MAX)
    if outcome != "stored":
        assert [shown(e.value) for e in home.error] == [refusal(case, "forum_title", inputs.TITLE_MAX, "he")]
        assert home.text_input(key="home.title").value == case.typed  # the form keeps what was typed
        assert home.text_input(key="home.locality").value == case.typed
        return
    token = home.code[0].value.split("f=")[1]
    with store.read() as session:
        made = queries.get_forum(session, commands.authenticate(store, token).forum_id)
    store.dispose()
    assert (made.title, made.locality) == (case.stored, case.stored)
    console = open_page(f=token)
    assert not console.exception
    assert_literal(console, case.stored)


def test_the_facilitator_pin_unlocks_with_the_same_keystrokes(make_app_forum):
    typed = "\u200f 2468 \u202c"  # a direction mark from the keyboard, spaces around
    forum = make_app_forum(pin=typed)
    console = open_page(f=forum.created.facilitator_token)
    assert not console.tabs  # locked
    console.text_input(key=state.PIN_INPUT).input(typed)
    next(b for b in console.button if "pin_form" in b.key).click().run()
    assert not console.exception and not console.error
    assert console.tabs


def test_poll_titles_typed_in_the_console(make_app_forum):
    forum = make_app_forum()
    store = forum.store()
    options = [commands.add_idea(store, forum.forum_id, text, kind="idea").idea.id for text in ("א", "ב")]
    store.dispose()
    console = open_page(f=forum.created.facilitator_token)
    made = 0
    for case in (*MARKUP, BY_NAME["bidi-override"], BY_NAME["long"]):
        console.multiselect(key=state.POLL_IDEAS).set_value(options)
        console.text_input(key=state.POLL_TITLE).input(case.typed)
        console.button(key="console.create_poll").click().run()
        assert not console.exception, case.name
        if case.outcome(inputs.TITLE_MAX) == "stored":
            made += 1
            assert_literal(console, case.stored)
        else:
            assert [shown(t.value) for t in console.toast] == [
                refusal(case, "poll_title", inputs.TITLE_MAX, "he")], case.name
    store = forum.store()
    with store.read() as session:
        assert [p.title for p in queries.polls(session, forum.forum_id)][-made:] == [
            c.stored for c in (*MARKUP, BY_NAME["bidi-override"]) if c.outcome(inputs.TITLE_MAX) == "stored"]
    store.dispose()


def test_what_people_typed_is_literal_on_the_wall_projector_and_manager_view(make_app_forum, monkeypatch):
    monkeypatch.setattr(inputs, "IDEAS_PER_STEP", len(CASES))  # every case from the one phone
    forum = make_app_forum()
    store = forum.store()
    shown_cases = [c for c in CASES if c.outcome(inputs.IDEA_MAX) == "stored"]
    for case in shown_cases:
        commands.add_idea(store, forum.forum_id, case.typed, participant_id=forum.joined.participant.id)
    poll = commands.create_poll(store, forum.forum_id, title=BY_NAME["markdown-link"].typed, method="dots",
                                labels=[c.typed for c in MARKUP], open_now=True)
    commands.cast_ballot(store, forum.forum_id, poll.id, forum.joined.participant.id,
                         {poll.options[0].id: 2, poll.options[1].id: 1})
    store.dispose()
    token = forum.created.facilitator_token
    results = render_page(projector_page.render, f=token)
    ideas = render_page(projector_page.render, f=token)
    ideas.radio(key=state.PROJECTOR_MODE).set_value("ideas").run()
    pages = {"console": open_page(f=token), "projector ideas": ideas,
             "manager": render_page(manager_page.render, m=forum.created.manager_token)}
    for name, at in (*pages.items(), ("projector results", results)):
        assert not at.exception, name
    for at in pages.values():
        for case in shown_cases:
            assert_literal(at, case.stored)
    assert_literal(results, BY_NAME["markdown-link"].stored)  # the poll's title over its chart
    for case in MARKUP:
        assert not [m for m in markdown_sources(results) if case.stored in m], case.name


def test_the_locality_is_literal_on_the_manager_view(make_app_forum):
    case = BY_NAME["markdown-link"]
    forum = make_app_forum(locality=case.typed)
    at = render_page(manager_page.render, m=forum.created.manager_token)
    assert not at.exception
    assert not [m for m in markdown_sources(at) if case.stored in m]
