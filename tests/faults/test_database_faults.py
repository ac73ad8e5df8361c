"""The database locked by another program or made read-only: every page says so clearly,
in the reader's language, keeps the link and what was typed, and shows no traceback."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assistant.errors import StoreBusyError, StoreReadOnlyError
from assistant.store import queries
from assistant.ui import state
from tests.apptest import open_page as page
from tests.apptest import shown

IDEA = "מרכז למידה פתוח בערבים"


def errors(at: AppTest) -> list[str]:
    """Error boxes and toasts as the reader sees them."""
    return [shown(e.value) for e in (*at.error, *at.toast)]


def stored_ideas(forum) -> list[str]:
    store = forum.store()
    try:
        with store.read() as session:
            return [i.text for i in queries.ideas(session, forum.forum_id)]
    finally:
        store.dispose()


def test_a_database_locked_when_the_app_opens_it_says_so_and_keeps_the_link(make_app_forum, lock_database):
    forum = make_app_forum(language="ar")
    created, joined, path = forum.created, forum.joined, forum.path
    release = lock_database(path, "everything")
    links = {"f": created.facilitator_token, "p": joined.token, "m": created.manager_token}
    sessions = {}
    for param, token in links.items():
        at = sessions[param] = page(**{param: token})
        assert not at.exception  # nobody's language can be read yet: the app's default
        assert errors(at) == [StoreBusyError(path=str(path)).message("he")]
        assert at.query_params[param] == token  # the link survives: reloading later works
        assert not at.text_input and not at.text_area and not at.button  # nothing to act on
    release()
    for at in sessions.values():
        at.run()
        assert not at.exception and not at.error
    assert sessions["f"].tabs and sessions["p"].text_area(key=state.PHONE_IDEA)
    assert sessions["m"].metric


def test_a_write_lock_when_the_app_opens_still_shows_every_page(make_app_forum, lock_database):
    """A current schema is only read on open, so a writer holding the lock blocks nobody's reading."""
    forum = make_app_forum(language="ar")
    release = lock_database(forum.path, "writes")
    try:
        console = page(f=forum.created.facilitator_token)
        phone = page(p=forum.joined.token)
        manager = page(m=forum.created.manager_token)
    finally:
        release()
    for at in (console, phone, manager):
        assert not at.exception and not at.error
    assert console.tabs and phone.text_area(key=state.PHONE_IDEA) and manager.metric


def test_a_write_lock_while_the_room_is_running_refuses_changes_and_loses_nothing(make_app_forum,
                                                                                   lock_database):
    forum = make_app_forum(language="ar")
    created, joined, path = forum.created, forum.joined, forum.path
    phone, console = page(p=joined.token), page(f=created.facilitator_token)
    release = lock_database(path, "writes")

    phone.text_area(key=state.PHONE_IDEA).input(IDEA).run()
    phone.button(key="phone.send").click().run()
    assert not phone.exception
    assert errors(phone) == [StoreBusyError(path=str(path)).message("ar")]
    assert phone.text_area(key=state.PHONE_IDEA).value == IDEA  # still in the box, ready to resend
    console.button(key="console.next").click().run()
    assert not console.exception
    assert errors(console) == [StoreBusyError(path=str(path)).message("he")]
    assert console.tabs  # the console is still there

    release()
    phone.button(key="phone.send").click().run()
    assert not phone.exception and not phone.error and phone.success
    assert stored_ideas(forum) == [IDEA]


def test_a_read_only_database_shows_everything_and_refuses_changes_clearly(make_app_forum, read_only):
    forum = make_app_forum(language="ar")
    created, joined, path = forum.created, forum.joined, forum.path
    read_only(path)
    phone, console = page(p=joined.token), page(f=created.facilitator_token)
    manager = page(m=created.manager_token)
    for at in (phone, console, manager):
        assert not at.exception and not at.error
    assert console.tabs and manager.metric

    phone.text_area(key=state.PHONE_IDEA).input(IDEA).run()
    phone.button(key="phone.send").click().run()
    assert not phone.exception
    assert errors(phone) == [StoreReadOnlyError(path=str(path)).message("ar")]
    assert phone.text_area(key=state.PHONE_IDEA).value == IDEA
    console.button(key="console.next").click().run()
    assert not console.exception
    assert errors(console) == [StoreReadOnlyError(path=str(path)).message("he")]
    assert stored_ideas(forum) == []


def test_a_phone_on_the_network_is_told_to_try_again_and_never_sees_where_the_database_is(
        make_app_forum, read_only, monkeypatch):
    """Faults speak to their audience: the facilitator gets the cause and the path, a
    participant's phone (from another machine than the server's) what to do about it."""
    from assistant.forum.guard import Client
    from assistant.ui import services

    forum = make_app_forum(language="ar")
    path = forum.path
    read_only(path)
    monkeypatch.setattr(services, "client", lambda: Client("203.0.113.9", "phone"))
    phone = page(p=forum.joined.token)
    phone.text_area(key=state.PHONE_IDEA).input(IDEA).run()
    phone.button(key="phone.send").click().run()
    assert not phone.exception
    assert errors(phone) == ["لا يستطيع المنتدى الحفظ الآن. يرجى المحاولة مجددًا بعد دقيقة؛ ما أرسلته سابقًا محفوظ."]
    assert str(path) not in str(phone._tree) and "FORUM_" not in str(phone._tree)
    assert phone.text_area(key=state.PHONE_IDEA).value == IDEA  # kept to send again
    console = page(f=forum.created.facilitator_token)  # the facilitator, from another machine too
    console.button(key="console.next").click().run()
    assert errors(console) == [StoreReadOnlyError(path=str(path)).message("he")]
