"""What each link can reach (AppTest): a participant link only its own phone, a manager link
nothing that changes the forum, a guessed or altered token nothing at all."""

from __future__ import annotations

import secrets

import pytest

from assistant.errors import AccessDeniedError, JoinCodeError
from assistant.forum.access import new_join_code
from assistant.store import commands, queries
from assistant.ui import (
    chat_page,
    console_page,
    manager_page,
    projector_page,
    state,
    team_page,
    teams_page,
    work_plan_page,
)
from tests.apptest import open_page, render_page, shown

FACILITATOR_PAGES = (console_page.render, projector_page.render, chat_page.render, work_plan_page.render,
                     teams_page.render)
DOWNLOAD_KEYS = {"download-shared-agenda", "download-work-plan", "download-data-xlsx", "download-data-csv",
                 "download-progress-report",
                 *(f"download-meeting-{n}" for n in (1, 2, 3, 4))}
READ_ONLY_KEYS = {state.LANGUAGE, *DOWNLOAD_KEYS}  # the picker changes this browser's language only


def denied(at, language: str = "he") -> bool:
    return [shown(e.value) for e in at.error] == [AccessDeniedError().message(language)]


def widget_keys(at) -> set[str]:
    """Keys of every widget on the page (an unkeyed widget counts as a key of its own)."""
    from streamlit.testing.v1.element_tree import Widget

    from tests.apptest import _nodes

    return {getattr(node, "key", None) or f"<{node.type} {getattr(node, 'label', '')}>"
            for node in _nodes(at._tree) if isinstance(node, Widget) or node.type == "download_button"}


@pytest.mark.parametrize("render", FACILITATOR_PAGES + (manager_page.render, team_page.render),
                         ids=lambda r: r.__module__)
def test_a_participant_link_opens_no_other_page(make_app_forum, render):
    forum = make_app_forum(language="ar")
    at = render_page(render, p=forum.joined.token)
    assert not at.exception
    assert denied(at, "ar") and not widget_keys(at)  # in the participant's language
    assert forum.created.forum.join_code not in str(at._tree)


def test_a_participant_link_routes_only_to_its_phone(make_app_forum):
    forum = make_app_forum()
    store = forum.store()
    poll = commands.create_poll(store, forum.forum_id, title="מה קודם?", method="dots", labels=["א", "ב"],
                                open_now=True)
    other = commands.join(store, join_code=forum.created.forum.join_code, sector="residents", language="he")
    store.dispose()
    phone = open_page(p=forum.joined.token)
    assert not phone.exception
    keys = widget_keys(phone)
    assert keys == {state.LANGUAGE, *(f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.{o.id}" for o in poll.options),
                    f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.send", "phone.not_me"}
    assert not phone.sidebar.children  # no navigation to other pages
    phone.number_input(key=f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.{poll.options[0].id}").set_value(1).run()
    phone.button(key=f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.send").click().run()
    assert phone.success and not phone.exception
    store = forum.store()
    with store.read() as session:
        ballots = {b.participant_id for b in queries.ballots(session, forum.forum_id, poll.id)}
    store.dispose()
    assert ballots == {forum.joined.participant.id}  # its own ballot, nobody else's
    assert other.participant.id not in ballots


def test_a_manager_link_changes_nothing(make_app_forum):
    forum = make_app_forum()
    store = forum.store()
    commands.add_idea(store, forum.forum_id, "רעיון", participant_id=forum.joined.participant.id)
    poll = commands.create_poll(store, forum.forum_id, title="סקר", method="dots", labels=["א", "ב"],
                                open_now=True)
    commands.cast_ballot(store, forum.forum_id, poll.id, forum.joined.participant.id, {poll.options[0].id: 1})
    store.dispose()
    manager = open_page(m=forum.created.manager_token)
    assert not manager.exception and not manager.error
    assert widget_keys(manager) <= READ_ONLY_KEYS
    for render in FACILITATOR_PAGES:
        at = render_page(render, m=forum.created.manager_token)
        assert not at.exception and denied(at) and not widget_keys(at), render.__module__


def test_a_team_lead_link_opens_its_team_and_no_page_of_the_forum_s_running(make_app_forum):
    from assistant.store import teams as team_commands

    forum = make_app_forum()
    store = forum.store()
    created = team_commands.create_team(store, forum.forum_id, "תעסוקת צעירים", forum.created.facilitator_token)
    store.dispose()
    for render in (*FACILITATOR_PAGES, manager_page.render):
        at = render_page(render, t=created.token)
        assert not at.exception and denied(at) and not widget_keys(at), render.__module__
    at = render_page(team_page.render, t=created.token)
    assert not at.exception and not at.error
    assert any("תעסוקת צעירים" in h.value for h in at.header)
    at = render_page(team_page.render, m=forum.created.manager_token)
    assert denied(at) and not widget_keys(at)


@pytest.mark.parametrize("param", ["f", "m", "p"])
def test_guessed_and_altered_tokens_open_nothing(make_app_forum, param):
    forum = make_app_forum()
    real = {"f": forum.created.facilitator_token, "m": forum.created.manager_token, "p": forum.joined.token}
    token = real[param]
    guesses = [secrets.token_urlsafe(24), secrets.token_hex(16), token[:-1], token[:16], token + "A",
               token.swapcase(), token.upper(), token.lower(), f" {token} ", token[::-1], "A" * len(token)]
    guesses += [v for k, v in real.items() if k != param]  # another role's token in this role's place
    store = forum.store()
    for guess in guesses:
        if guess == token:
            continue  # e.g. a hex token's lower case is itself
        try:
            access = commands.authenticate(store, guess)
        except AccessDeniedError:
            access = None
        assert access is None or access.role.value[0] != param, guess
    store.dispose()
    for guess in guesses[:4] + guesses[-2:]:
        at = open_page(**{param: guess})
        assert not at.exception
        assert denied(at), guess
        assert param not in at.query_params  # the bad link is dropped, not kept around
        page_text = str(at._tree)
        assert forum.created.forum.title not in page_text and forum.created.forum.join_code not in page_text


def test_guessed_join_codes_join_nothing(make_app_forum):
    forum = make_app_forum()
    store = forum.store()
    code = forum.created.forum.join_code
    for guess in {new_join_code() for _ in range(30)} - {code}:
        with pytest.raises(JoinCodeError):
            commands.join(store, join_code=guess, sector="ngo", language="he")
    with store.read() as session:
        assert len(queries.participants(session, forum.forum_id)) == 1
    store.dispose()
