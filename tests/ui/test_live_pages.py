"""The live-session pages through AppTest: console, phone, projector, manager, home."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from assistant.config import get_settings
from assistant.forum.vocabulary import IdeaKind, Sector, VotingMethod
from assistant.i18n import isolate, long_date
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands, queries, reads
from assistant.store.database import open_store
from assistant.store.schema import Forum
from assistant.ui import phone_page, state
from assistant.ui.common import markdown_literal
from tests.apptest import render_page
from tests.conftest import PROJECT

APP = str(PROJECT / "streamlit_app.py")


@pytest.fixture(scope="session")
def playbook_plan():
    return forum_plan(load_playbook(PROJECT / "prompts"))


@pytest.fixture
def live(playbook_plan):
    """A forum in the app's own database, and a factory for browser sessions by link."""
    import streamlit as st

    st.cache_resource.clear()
    store = open_store(get_settings().resolved_database_url)
    created = commands.create_forum(store, title="פורום <b>STEM</b> בית הכרם", locality="בית הכרם",
                                    domain="stem", language="he", plan=playbook_plan)

    def session(**params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=90)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        return at

    yield store, created, session
    store.dispose()


def _confirm_and_press(console: AppTest, button: str, confirm_key: str) -> None:
    """A console button that cannot be undone: disabled until its checkbox is ticked, then pressed."""
    assert console.button(key=button).disabled  # not before it is confirmed
    console.checkbox(key=confirm_key).check().run()
    console.button(key=button).click().run()
    assert not console.exception


def _step(forum, key):
    return next(s for s in forum.steps if s.key == key)


def _html(at) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


def test_home_creates_a_forum_and_shows_the_facilitator_link_once():
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.text_input(key="home.title").input("<img src=x onerror=alert(1)> פורום")
    at.text_input(key="home.locality").input("עכו")
    next(b for b in at.button if "create_form" in b.key).click().run()
    assert not at.exception
    link = at.code[0].value
    assert "/?f=" in link  # the console is the facilitator's first page, served at the root
    store = open_store(get_settings().resolved_database_url)
    assert commands.authenticate(store, link.split("f=")[1]).role.value == "facilitator"


def test_a_server_with_a_creation_code_creates_forums_only_for_those_who_have_it(monkeypatch):
    monkeypatch.setenv("FORUM_CREATE_CODE", "קוד-עירוני 7")
    get_settings.cache_clear()
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.text_input(key="home.title").input("פורום נוער")
    at.text_input(key="home.locality").input("לוד")
    at.text_input(key=state.HOME_CREATE_CODE).input("ניחוש")
    next(b for b in at.button if "create_form" in b.key).click().run()
    assert not at.exception and at.error[0].value.startswith("קוד יצירת הפורום שגוי")
    assert at.text_input(key="home.title").value == "פורום נוער"  # nothing lost
    store = open_store(get_settings().resolved_database_url)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Forum)) == 0
    at.text_input(key=state.HOME_CREATE_CODE).input(" קוד-עירוני 7 ")
    next(b for b in at.button if "create_form" in b.key).click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "/?f=" in at.code[0].value
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Forum)) == 1
    store.dispose()


def test_without_a_creation_code_the_home_page_does_not_ask_for_one():
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert state.HOME_CREATE_CODE not in [t.key for t in at.text_input]


def _restore(at: AppTest, data: bytes | None) -> AppTest:
    if data is not None:
        at.file_uploader(key=state.HOME_RESTORE_FILE).upload("forum-1-backup.json", data, "application/json")
    return at.button(key="home.restore_button").click().run()


def test_a_backup_uploaded_on_the_home_page_comes_back_as_a_forum_with_new_links(live):
    from assistant.store.backup import backup_bytes

    store, created, _ = live
    person = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he")
    commands.open_collection(store, created.forum.id, "challenge")
    commands.add_idea(store, created.forum.id, "חסרים <i>מרחבים</i> לנוער", participant_id=person.participant.id)
    data = backup_bytes(store, created.forum.id)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert [e.label for e in at.expander] == ["שחזור פורום מגיבוי"]

    _restore(at, b"PK\x03\x04 a Word file")  # the wrong file: said, and nothing made
    assert not at.exception and [e.value for e in at.error] == [
        'הקובץ הזה אינו גיבוי של פורום: אי אפשר לקרוא אותו כ-JSON. נא לבחור את קובץ ה-json שהורד מ"גיבוי הפורום" '
        "במסוף. דבר לא נשמר."]
    with store.read() as session:
        assert len(queries.forum_listings(session)) == 1

    at.file_uploader(key=state.HOME_RESTORE_FILE).set_value(None)
    _restore(at, data)
    assert not at.exception and not at.error, [e.value for e in at.error]
    summary = at.success[0].value
    assert summary.startswith("הפורום \"פורום \\<b\\>STEM\\</b\\> בית הכרם\" שוחזר. מפגשים: 4 · משתתפים: 1 · "
                              "רעיונות: 1 · הצבעות: 0 · פתקי הצבעה: 0.")
    link = at.code[0].value
    access = commands.authenticate(store, link.split("f=")[1])
    assert access.role.value == "facilitator" and access.forum_id != created.forum.id
    with store.read() as session:
        code = queries.get_forum(session, access.forum_id).join_code
    # A home-page restore always gets a new join code (only the server's command line keeps one).
    assert code != created.forum.join_code
    assert f"פורום ששוחזר מעמוד הבית מקבל קוד הצטרפות חדש: {code} (בגיבוי: {created.forum.join_code})" in summary
    with store.read() as session:
        assert [i.text for i in queries.ideas(session, access.forum_id)] == ["חסרים <i>מרחבים</i> לנוער"]


def test_restoring_asks_for_the_servers_creation_code_and_can_leave_the_pin_behind(live, monkeypatch):
    from assistant.errors import WrongPinError
    from assistant.store.backup import backup_bytes

    store, created, _ = live
    commands.set_pin(store, created.forum.id, "1234")
    data = backup_bytes(store, created.forum.id)
    monkeypatch.setenv("FORUM_CREATE_CODE", "7788")
    get_settings.cache_clear()
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    _restore(at, data)
    assert at.error[0].value.startswith("קוד יצירת הפורום שגוי")
    at.text_input(key=state.HOME_RESTORE_CODE).input("7788")
    at.checkbox(key=state.HOME_RESTORE_CLEAR_PIN).check()
    _restore(at, None)  # the file is still chosen
    assert not at.error and "/?f=" in at.code[0].value
    with store.read() as session:
        assert len(queries.forum_listings(session)) == 2
    access = commands.authenticate(store, at.code[0].value.split("f=")[1])
    commands.check_pin(store, access.forum_id, "")  # restored without the PIN it had
    with pytest.raises(WrongPinError):
        commands.check_pin(store, created.forum.id, "")


def test_bad_token_shows_a_clear_message_and_no_forum(live):
    _, created, session = live
    at = session(f="A" * 32)
    assert "הקישור הזה אינו מאפשר" in at.error[0].value
    assert created.forum.join_code not in "".join(m.value for m in at.markdown)


def test_participant_link_cannot_open_the_console(live):
    store, created, _ = live
    joined = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he")

    def console():
        from assistant.ui import console_page

        console_page.render()

    at = AppTest.from_function(console, default_timeout=60)
    at.query_params["p"] = joined.token
    at.run()
    assert at.error and not at.button and not at.tabs


def test_joining_asks_for_a_sector_and_keeps_what_was_typed(live):
    """No sector is chosen for anyone: a default would count whoever skips it as that sector."""
    store, created, _ = live
    phone = render_page(phone_page.render, join=created.forum.join_code)
    sector = phone.pills(key=state.PHONE_SECTOR)
    assert sector.value is None and sector.label == "המגזר שלך (חובה)"  # marked as required
    phone.text_input(key=state.PHONE_NAME).input("נועה")
    phone.button(key="phone.join").click().run()
    assert [e.value for e in phone.error] == ["מגזר: נא לבחור אחת מהאפשרויות."]
    assert "p" not in phone.query_params and phone.text_input(key=state.PHONE_NAME).value == "נועה"
    phone.pills(key=state.PHONE_SECTOR).set_value("residents")
    phone.button(key="phone.join").click().run()
    assert not phone.error and "p" in phone.query_params
    with store.read() as s:
        [person] = queries.participants(s, created.forum.id)
    assert person.display_name == "נועה" and person.sector.value == "residents"


def test_the_run_that_joins_draws_the_participants_page_without_reading_the_link_back(live, monkeypatch):
    """A room of phones joins at once: the join already knows who joined (forum, participant,
    language, which playbook), so the run it starts reads none of it back."""
    store, created, _ = live
    authenticate = commands.authenticate

    def read_back(*args, **kwargs):
        raise AssertionError("the join's own run read the link back")

    phone = render_page(phone_page.render, join=created.forum.join_code)
    phone.session_state[state.LANGUAGE] = "ar"
    phone.pills(key=state.PHONE_SECTOR).set_value("ngo")
    for name in ("forum_kind", "get_participant"):
        monkeypatch.setattr(reads, name, read_back)
    monkeypatch.setattr(commands, "authenticate", read_back)
    phone.button(key="phone.join").click().run()
    assert not phone.exception and not phone.error
    expected = authenticate(store, phone.query_params["p"])
    assert phone.session_state[state.ACCESS] == expected and expected.participant_id is not None
    assert phone.session_state[state.FORUM_KIND] == "forum" and phone.session_state[state.LANGUAGE] == "ar"
    assert phone.button(key="phone.not_me") and not phone.pills  # the participant's page, not the join form
    with store.read() as s:
        assert queries.get_participant(s, created.forum.id, expected.participant_id).language == "ar"


def test_the_run_that_joins_a_collecting_room_reads_no_ideas_of_the_new_participant(live, monkeypatch):
    """A new participant has sent nothing: the join's run draws the idea box without asking the
    database for their ideas; the runs after it read them (the idea just sent is listed)."""
    store, created, _ = live
    fid = created.forum.id
    commands.go_to_step(store, fid, _step(created.forum, "m2-root-problems").id)
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    own_ideas, asked = reads.own_ideas, []
    monkeypatch.setattr(reads, "own_ideas", lambda *a, **k: asked.append(a[2]) or own_ideas(*a, **k))
    phone = render_page(phone_page.render, join=created.forum.join_code)
    phone.pills(key=state.PHONE_SECTOR).set_value("residents")
    phone.button(key="phone.join").click().run()
    assert not phone.exception and not phone.error and phone.text_area(key=state.PHONE_IDEA)
    assert asked == [] and state.PHONE_JUST_JOINED not in phone.session_state
    phone.text_area(key=state.PHONE_IDEA).input("אין תחבורה ציבורית בערב")
    phone.button(key="phone.send").click().run()
    assert not phone.exception and len(asked) >= 1
    assert any("אין תחבורה ציבורית בערב" in m.value for m in phone.markdown) or \
        "אין תחבורה ציבורית בערב" in _html(phone)


def test_a_step_end_to_end_collect_then_vote(live):
    store, created, session = live
    fid = created.forum.id
    commands.go_to_step(store, fid, _step(created.forum, "m2-root-problems").id)

    console = session(f=created.facilitator_token)
    assert console.header[0].value  # the step card
    next(b for b in console.button if b.key == "console.open_collection").click().run()
    assert not console.exception
    with store.read() as s:
        assert queries.get_forum(s, fid).collecting_kind is IdeaKind.CHALLENGE

    joined = commands.join(store, join_code=created.forum.join_code, sector="residents", language="ar")
    phone = session(p=joined.token)
    assert phone.text_area(key=state.PHONE_IDEA)
    phone.text_area(key=state.PHONE_IDEA).input("נשירה של <b>בני נוער</b> מלימודי מדעים").run()
    phone.button(key="phone.send").click().run()
    assert not phone.exception and phone.success
    assert phone.text_area(key=state.PHONE_IDEA).value == ""
    assert "أرسلت فكرة واحدة في هذا اللقاء" in [c.value for c in phone.caption]  # in the phone's language
    phone.text_area(key=state.PHONE_IDEA).input("א" * 501).run()
    phone.button(key="phone.send").click().run()
    assert "500" in phone.error[0].value
    assert phone.text_area(key=state.PHONE_IDEA).value == "א" * 501  # nothing lost
    commands.add_idea(store, fid, "מחסור במורים למתמטיקה", kind="challenge")
    commands.add_idea(store, fid, "אין תחבורה למרכזי העשרה", kind="challenge")
    with store.read() as s:
        texts = [i.text for i in queries.ideas(s, fid)]
    assert "נשירה של <b>בני נוער</b> מלימודי מדעים" in texts
    assert "<b>בני נוער</b>" not in _html(phone).replace("&lt;b&gt;", "")

    commands.go_to_step(store, fid, _step(created.forum, "m2-rank").id)
    console = session(f=created.facilitator_token)
    next(b for b in console.button if b.key == "console.step_poll").click().run()
    assert not console.exception
    with store.read() as s:
        poll = queries.active_poll(s, fid)
    assert poll is not None and len(poll.options) == 3

    phone = session(p=joined.token)
    tap = {o.id: f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.pick.{o.id}" for o in poll.options}
    labels = [phone.button(key=tap[o.id]).label for o in poll.options]
    assert labels == [markdown_literal(isolate(o.label)) for o in poll.options]  # each in its own direction
    assert not phone.multiselect and not phone.selectbox  # nothing that opens a list over the page
    phone.button(key=tap[poll.options[2].id]).click().run()
    phone.button(key=tap[poll.options[0].id]).click().run()
    assert phone.button(key=tap[poll.options[2].id]).label.startswith("**1**\u2003")  # each shows its place
    assert phone.button(key=tap[poll.options[0].id]).label.startswith("**2**\u2003")
    phone.button(key=f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.send").click().run()
    assert not phone.exception
    said = phone.success[0].value
    assert said.startswith("تم تسجيل تصويتك.\n\n1\\. ") and "2\\. " in said  # what was recorded, in order
    with store.read() as s:
        ballot = queries.ballot_of(s, poll.id, joined.participant.id)
    assert [e.option_id for e in sorted(ballot.entries, key=lambda e: e.value)] == [poll.options[2].id,
                                                                                   poll.options[0].id]
    phone.button(key=tap[poll.options[2].id]).click().run()  # a tap again takes the first back
    assert phone.button(key=tap[poll.options[0].id]).label.startswith("**1**\u2003")
    phone.button(key=f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.send").click().run()
    with store.read() as s:
        again = queries.ballot_of(s, poll.id, joined.participant.id)
    assert again.revision == 2 and [e.option_id for e in again.entries] == [poll.options[0].id]

    console = session(f=created.facilitator_token)
    assert not console.exception
    assert any(m.value == "1" for m in console.metric)  # voted


def _chooser(at, key: str):
    """The console's results or paper-votes chooser, whose key follows the vote being run."""
    return next(box for box in at.selectbox if box.key.startswith(f"{key}."))


def _timer_after_an_interrupted_send(forum_id: int, participant_id: int) -> None:
    """The phone's timer fragment running after a run that stored an idea but did not draw
    its confirmation; the timer has a whole run draw it."""
    import time

    import streamlit as st

    from assistant.store import queries
    from assistant.ui import phone_page, services, state

    if "test.interrupted" not in st.session_state:
        st.session_state["test.interrupted"] = True
        with services.store().read() as session:  # the room has not moved: no rerun for that
            st.session_state[state.PHONE_MODE] = queries.phone_mode(session, forum_id)
        services.notice("success", "הרעיון נשמר")
    else:  # what a whole run of the page does before the timer fragment
        st.session_state[state.PHONE_CHECKED_AT] = time.monotonic()
        services.show_notice()
    phone_page._follow(forum_id, participant_id)


def _clock(console):
    metric = next(m for m in console.metric if m.label == "זמן בשלב")
    return metric.value, metric.delta


def test_the_step_card_times_the_step_against_the_playbook(live):
    store, created, session = live
    fid = created.forum.id
    console = session(f=created.facilitator_token)
    assert _clock(console) == ("—", "השעון לא הופעל")  # created days before the meeting
    assert [m.value for m in console.metric if m.label.startswith("דקות במפגש")] == [isolate("0–15′")]
    console.button(key="console.clock_start").click().run()
    value, left = _clock(console)
    assert value in ("0:00", "0:01", "0:02") and left.startswith(("נותרו 15:00", "נותרו 14:5"))
    assert console.button(key="console.clock_start").label == "הפעלת השעון מחדש"

    with store.write() as s:  # twenty minutes on a fifteen-minute step
        from assistant.store.schema import Forum

        s.get(Forum, fid).step_started_at = datetime.now(UTC) - timedelta(minutes=20, seconds=30)
    console.run()
    value, over = _clock(console)
    assert value.startswith("20:3") and over.startswith("חריגה של 5:3")
    commands.go_to_step(store, fid, _step(created.forum, "m1-personal-view").id)
    console.run()
    value, left = _clock(console)
    assert value.startswith("0:0") and left.startswith(("נותרו 20:00", "נותרו 19:5"))  # a 20-minute step


def test_a_confirmation_left_pending_is_drawn_by_the_next_timer_tick(live):
    store, created, _ = live
    joined = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he")
    at = AppTest.from_function(_timer_after_an_interrupted_send, default_timeout=60,
                               args=(created.forum.id, joined.participant.id))
    at.run()
    assert not at.exception
    assert [s.value for s in at.success] == ["הרעיון נשמר"]
    assert state.NOTICE not in at.session_state


def test_an_idea_sent_as_the_collection_closed_is_still_confirmed(live):
    store, created, session = live
    joined = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he")
    phone = session(p=joined.token)  # nothing is being collected: the waiting screen
    phone.session_state[state.NOTICE] = ("success", "הרעיון נשמר")
    phone.run()
    assert [s.value for s in phone.success] == ["הרעיון נשמר"]


def test_the_phone_says_how_many_ideas_are_left_near_the_limit_and_refuses_one_more(live, monkeypatch):
    from assistant.forum import inputs

    monkeypatch.setattr(inputs, "IDEAS_PER_STEP", 7)
    store, created, session = live
    fid = created.forum.id
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    joined = commands.join(store, join_code=created.forum.join_code, sector="residents", language="he")
    commands.add_idea(store, fid, "ראשון", participant_id=joined.participant.id)
    phone = session(p=joined.token)
    assert not [c for c in phone.caption if "אפשר לשלוח עוד" in c.value]  # 6 left: nothing said yet
    for n, said in ((2, "אפשר לשלוח עוד 5 רעיונות בשלב הזה."), (3, "אפשר לשלוח עוד 4 רעיונות בשלב הזה."),
                    (4, "אפשר לשלוח עוד 3 רעיונות בשלב הזה."), (5, "אפשר לשלוח עוד שני רעיונות בשלב הזה."),
                    (6, "אפשר לשלוח עוד רעיון אחד בשלב הזה."),
                    (7, "שלחת את המספר המרבי של רעיונות בשלב הזה. אפשר עדיין לערוך רעיון ששלחת.")):
        phone.text_area(key=state.PHONE_IDEA).input(f"רעיון {n}").run()
        phone.button(key="phone.send").click().run()
        assert said in [c.value for c in phone.caption], n
    phone.text_area(key=state.PHONE_IDEA).input("אחד יותר מדי").run()
    phone.button(key="phone.send").click().run()
    assert [e.value for e in phone.error] == [
        "שלחת כבר 7 רעיונות בשלב הזה, וזה המספר המרבי לאדם אחד. אפשר לערוך רעיון ששלחת. הטקסט שלך נשמר בתיבה."]
    assert phone.text_area(key=state.PHONE_IDEA).value == "אחד יותר מדי"


def test_a_participant_rewords_or_withdraws_an_idea_until_the_collection_closes(live):
    store, created, session = live
    fid = created.forum.id
    commands.go_to_step(store, fid, _step(created.forum, "m2-root-problems").id)
    commands.open_collection(store, fid, IdeaKind.CHALLENGE)
    joined = commands.join(store, join_code=created.forum.join_code, sector="residents", language="he")
    first = commands.add_idea(store, fid, "תחבורה", participant_id=joined.participant.id).idea
    second = commands.add_idea(store, fid, "מעונות", participant_id=joined.participant.id).idea
    console = session(f=created.facilitator_token)  # open before the author changes anything
    phone = session(p=joined.token)
    assert [b.key for b in phone.button if b.key.startswith("phone.edit.")] == [f"phone.edit.{second.id}",
                                                                               f"phone.edit.{first.id}"]

    phone.button(key=f"phone.edit.{first.id}").click().run()
    assert phone.text_area(key=state.PHONE_EDIT_TEXT).value == "תחבורה"
    phone.text_area(key=state.PHONE_EDIT_TEXT).input("   ").run()
    phone.button(key="phone.save_edit").click().run()
    assert phone.error and phone.text_area(key=state.PHONE_EDIT_TEXT).value == "   "  # still open, as typed
    phone.text_area(key=state.PHONE_EDIT_TEXT).input("תחבורה ציבורית לחוגים").run()
    phone.button(key="phone.save_edit").click().run()
    assert not phone.exception and phone.success[0].value == "עודכן: תחבורה ציבורית לחוגים"
    assert state.PHONE_EDITING not in phone.session_state

    phone.button(key=f"phone.edit.{second.id}").click().run()
    phone.button(key="phone.withdraw").click().run()
    assert phone.success[0].value == "הרעיון הוסר."
    with store.read() as s:
        assert [i.text for i in queries.ideas(s, fid)] == ["תחבורה ציבורית לחוגים"]
    assert [c.value for c in phone.caption if "רעיון" in c.value] == ["שלחת רעיון אחד במפגש הזה"]

    third = commands.add_idea(store, fid, "חוגים", participant_id=joined.participant.id).idea
    commands.hide_idea(store, fid, third.id)
    phone.run()  # the author sees what the facilitator did with it, and can no longer change it
    assert "הרעיון הוסר מהקיר בידי המנחה." in [c.value for c in phone.caption]
    assert f"phone.edit.{third.id}" not in [b.key for b in phone.button]
    phone.button(key=f"phone.edit.{first.id}").click().run()
    phone.text_area(key=state.PHONE_EDIT_TEXT).input("מאוחר מדי").run()
    commands.create_poll(store, fid, title="p", method="dots", idea_ids=[first.id],
                         labels=["אחר"])  # the facilitator puts it to a vote meanwhile
    phone.button(key="phone.save_edit").click().run()
    assert phone.error[0].value.startswith("הרעיון כבר עומד להצבעה")
    assert not [b for b in phone.button if b.key.startswith("phone.edit.")]
    with store.read() as s:
        assert queries.get_idea(s, fid, first.id).text == "תחבורה ציבורית לחוגים"

    console.run()
    assert not console.exception
    assert f"console.restore.{second.id}" not in [b.key for b in console.button]  # the author's choice
    # The facilitator's edit box offers the author's new wording, not the one it first showed.
    assert not [b for b in console.text_area if b.key.startswith("console.edit.")]  # none until asked for
    console.button(key=f"console.edit.{first.id}").click().run()
    box = next(b for b in console.text_area if b.key.startswith(f"console.edit.{first.id}."))
    assert box.value == "תחבורה ציבורית לחוגים"


def test_a_full_wall_shows_its_newest_ideas_and_opens_one_edit_box_at_a_time(live):
    """600 ideas from 200 phones made every refresh of the console slow: an edit box on each
    row. The wall shows the newest 40, the rest on request, and one edit box when asked."""
    store, created, session = live
    fid = created.forum.id
    ideas = commands.add_room_ideas(store, fid, "\n".join(f"רעיון {n}" for n in range(45)), "idea").ideas
    console = session(f=created.facilitator_token)
    rows = [b.key for b in console.button if b.key.startswith("console.hide.")]
    assert len(rows) == 40 and rows[0] == f"console.hide.{ideas[-1].id}"  # the newest first
    assert "מוצגים 40 הרעיונות האחרונים מתוך 45" in [c.value for c in console.caption]
    edit_boxes = lambda: [b for b in console.text_area if b.key.startswith("console.edit.")]  # noqa: E731
    assert not edit_boxes()
    console.toggle(key=state.WALL_ALL).set_value(True).run()
    assert len([b for b in console.button if b.key.startswith("console.hide.")]) == 45
    console.button(key=f"console.edit.{ideas[0].id}").click().run()
    (box,) = edit_boxes()
    box.input("רעיון מתוקן").run()
    console.button(key=f"{box.key}.save").click().run()
    assert not console.exception and not edit_boxes()  # saved, and the box closed
    with store.read() as s:
        assert queries.get_idea(s, fid, ideas[0].id).text == "רעיון מתוקן"


def test_a_dot_ballot_stops_at_the_budget_on_the_phone(live):
    store, created, session = live
    fid = created.forum.id
    poll = commands.create_poll(store, fid, title="עדיפויות", method="dots", labels=["א", "ב", "ג"],
                                params={"budget": 3, "cap": 2}, open_now=True)
    joined = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="en")
    phone = session(p=joined.token)
    boxes = [f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.{option.id}" for option in poll.options]
    values = lambda: [phone.number_input(key=k).value for k in boxes]  # noqa: E731
    phone.number_input(key=boxes[0]).set_value(3).run()
    # Past the option's cap: taken down to it, saying why under its box.
    assert values() == [2, 0, 0] and [i.value for i in phone.info] == ["At most 2 dots on one option."]
    assert phone.get("progress")[0].proto.text == "1 dot of 3 left"
    phone.number_input(key=boxes[1]).set_value(2).run()
    # Past the dots left: taken down to what is left, saying how to give more.
    assert values() == [2, 1, 0]
    assert [i.value for i in phone.info] == ["You have 3 dots in all. To give more here, take some from another option."]
    assert phone.get("progress")[0].proto.text == "All 3 dots given"
    phone.number_input(key=boxes[2]).set_value(-1).run()
    assert values() == [2, 1, 0] and not phone.info  # below none is none; the last word goes
    # The boxes themselves have no bounds for the browser to enforce in its own (English) words.
    assert all(phone.number_input(key=k).min is None and phone.number_input(key=k).max is None for k in boxes)
    phone.button(key=f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.send").click().run()
    assert phone.success[0].value.startswith("Your vote was recorded.")
    with store.read() as s:
        assert queries.ballot_of(s, poll.id, joined.participant.id) is not None


def test_a_pick_of_up_to_three_is_a_tick_per_option_and_a_fourth_is_taken_back(live):
    """A dots poll of one dot per option (the room's "which worries you most?") is a pick list:
    a tick per option; a fourth tick is taken back with a word; the ballot holds what was
    ticked, shown again when the phone comes back."""
    store, created, session = live
    fid = created.forum.id
    poll = commands.create_poll(store, fid, title="מה מדאיג", method="dots", labels=["א", "ב", "ג", "ד"],
                                params={"budget": 3, "cap": 1}, open_now=True)
    joined = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="en")
    phone = session(p=joined.token)
    picks = [f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.{option.id}" for option in poll.options]
    assert not phone.number_input  # no boxes of numbers to type into
    assert "Choose up to 3, with a tap on each." in [c.value for c in phone.caption]
    for key in picks:
        phone.checkbox(key=key).check().run()
    assert phone.info[0].value == "You chose 3 already. To change, untick one."
    assert [phone.checkbox(key=k).value for k in picks] == [True, True, True, False]
    assert "3 of 3 chosen." in [c.value for c in phone.caption]
    phone.checkbox(key=picks[1]).uncheck().run()
    assert "2 of 3 chosen." in [c.value for c in phone.caption]
    phone.button(key=f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.send").click().run()
    assert phone.success[0].value.startswith("Your vote was recorded.")
    with store.read() as s:
        ballot = queries.ballot_of(s, poll.id, joined.participant.id)
    assert sorted((e.option_id, e.value) for e in ballot.entries) == [(poll.options[0].id, 1),
                                                                      (poll.options[2].id, 1)]
    assert "א" in phone.success[0].value and "ג" in phone.success[0].value and "dot" not in phone.success[0].value
    again = session(p=joined.token)  # the phone comes back: its ticks are shown
    assert [again.checkbox(key=k).value for k in picks] == [True, False, True, False]


def test_more_picks_than_the_budget_sent_at_once_are_refused_in_words_of_a_pick(live, monkeypatch):
    """A ballot that reaches the send with more ticks than allowed (two screens of one phone,
    a page sending its values at once) is refused as a pick, the ticks kept."""
    store, created, session = live
    poll = commands.create_poll(store, created.forum.id, title="מה מדאיג", method="dots", labels=["א", "ב", "ג", "ד"],
                                params={"budget": 3, "cap": 1}, open_now=True)
    joined = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="en")
    monkeypatch.setattr(phone_page, "_tick", lambda *args: None)  # as if the ticks came all at once
    phone = session(p=joined.token)
    picks = [f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.{option.id}" for option in poll.options]
    for key in picks:
        phone.checkbox(key=key).check()
    phone.button(key=f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.send").click().run()
    assert phone.error[0].value == "4 are ticked, and up to 3 can be chosen. Untick one and send again; your ticks are kept."
    assert [phone.checkbox(key=k).value for k in picks] == [True] * 4
    with store.read() as s:
        assert queries.ballot_of(s, poll.id, joined.participant.id) is None


def test_projector_and_manager_views(live):
    store, created, session = live
    fid = created.forum.id
    commands.open_collection(store, fid, "idea")
    commands.add_idea(store, fid, "<script>alert(1)</script>", kind="idea")

    def projector():
        from assistant.ui import projector_page

        projector_page.render()

    at = AppTest.from_function(projector, default_timeout=60)
    at.query_params["f"] = created.facilitator_token
    at.run()
    assert not at.exception
    assert created.forum.join_code in _html(at)
    assert "<script>alert(1)</script>" not in _html(at)
    manager = session(m=created.manager_token)
    assert not manager.exception
    assert not manager.button  # read-only: nothing to press
    assert "<script>alert(1)</script>" not in _html(manager)


def test_the_projector_tells_the_hall_the_minutes_left_and_never_the_overrun(live):
    from assistant.store.schema import Forum

    store, created, _session = live
    fid = created.forum.id
    commands.go_to_step(store, fid, _step(created.forum, "m1-personal-view").id)  # 20 minutes
    commands.open_collection(store, fid, "idea")
    def projector():
        from assistant.ui import projector_page

        projector_page.render()

    at = AppTest.from_function(projector, default_timeout=60)
    at.query_params["f"] = created.facilitator_token
    at.run()
    assert "נותרו 20 דקות" in _html(at)
    for minutes, shown in ((17.5, "נותרו 3 דקות"), (18.5, "נותרו שתי דקות"), (19.5, "נותרה דקה אחת"), (21, None)):
        with store.write() as s:
            s.get(Forum, fid).step_started_at = datetime.now(UTC) - timedelta(minutes=minutes)
        at.run()
        assert not at.exception
        assert ("נותר" in _html(at)) == (shown is not None) and (shown is None or shown in _html(at))


def test_the_meetings_are_scheduled_from_the_console_and_shown_to_phones_and_the_manager(live):
    store, created, session = live
    fid = created.forum.id
    today = date.today()
    console = session(f=created.facilitator_token)
    console.date_input(key=f"{state.MEETING_DATE_PREFIX}.1").set_value(today)
    console.date_input(key=f"{state.MEETING_DATE_PREFIX}.2").set_value(today - timedelta(days=1))
    console.button(key="FormSubmitter:console.schedule-שמירת המועדים").click().run()
    assert [t.value for t in console.toast] == [
        "מועדי המפגשים: מפגש 2 לא יכול להתקיים לפני מפגש 1. התאריכים נשארו בטופס; נא לתקן אותם."]
    assert console.date_input(key=f"{state.MEETING_DATE_PREFIX}.2").value == today - timedelta(days=1)  # kept
    console.date_input(key=f"{state.MEETING_DATE_PREFIX}.2").set_value(today + timedelta(days=14))
    console.button(key="FormSubmitter:console.schedule-שמירת המועדים").click().run()
    assert [t.value for t in console.toast] == ["המועדים נשמרו."]
    with store.read() as s:
        meetings = queries.get_forum(s, fid).meetings
    assert [m.scheduled_on for m in meetings] == [today, today + timedelta(days=14), None, None]
    assert long_date(today, "he") in [c.value for c in console.sidebar.caption]  # the meeting shown is today's
    # Dated from another session meanwhile: the form shows that date, not the one it first showed.
    commands.schedule_meetings(store, fid, {2: today + timedelta(days=21)})
    console.run()
    box = console.date_input(key=f"{state.MEETING_DATE_PREFIX}.2.{today + timedelta(days=21)}")
    assert box.value == today + timedelta(days=21)

    person = commands.join(store, join_code=created.forum.join_code, sector="residents", language="ar")
    phone = session(p=person.token)
    assert [h.value for h in phone.subheader] == ["استمعوا إلى الميسّر"]  # meeting 1 is today
    commands.schedule_meetings(store, fid, {1: today - timedelta(days=2)})  # the day after meeting 1
    phone = session(p=person.token)
    assert [h.value for h in phone.subheader] == ["نلتقي في اللقاء القادم"]
    assert f"اللقاء 2: {long_date(today + timedelta(days=21), 'ar')}" in _html(phone)

    manager = session(m=created.manager_token)
    assert any(long_date(today + timedelta(days=21), "he") in e.label for e in manager.expander)


def test_a_language_change_keeps_every_choice_made_in_the_console(live):
    """Choices are kept by their labels: after a language change, one chosen by a Hebrew
    label used to show nothing chosen and read the Hebrew label back as its value."""
    store, created, session = live
    fid = created.forum.id
    commands.go_to_meeting(store, fid, 2)
    for text in ("נשירה", "הסעות", "מורים"):
        commands.add_idea(store, fid, text, kind="challenge")
    console = session(f=created.facilitator_token)
    console.radio(key=state.POLL_METHOD).set_value(VotingMethod.RANKING).run()
    console.segmented_control(key=state.LANGUAGE).set_value("ar").run()
    # What the browser is sent: the chosen options under their Arabic labels. (AppTest itself
    # formats labels outside the page's run, in the default language, so it cannot go on.)
    assert [(r.proto.raw_value, r.proto.set_value) for r in (console.sidebar.radio[0],
                                                              console.radio(key=state.POLL_METHOD))] == \
        [("اللقاء 2", True), ("الترتيب", True)]
    assert console.session_state[state.POLL_METHOD] is VotingMethod.RANKING



def test_the_console_offers_to_hide_everything_a_flooding_phone_sent(live):
    from assistant.forum.floods import PERSON_IDEAS as FLOOD_IDEAS

    store, created, session = live
    fid = created.forum.id
    flooder = commands.join(store, join_code=created.forum.join_code, sector="residents", language="he",
                            display_name="<b>בוט</b>").participant
    calm = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he").participant
    commands.open_collection(store, fid, "challenge")
    for n in range(FLOOD_IDEAS):
        commands.add_idea(store, fid, f"ספאם {n}", participant_id=flooder.id)
    commands.add_idea(store, fid, "מרכז למידה שכונתי", participant_id=calm.id)

    console = session(f=created.facilitator_token)
    [panel] = [e for e in console.expander if e.label == "ייתכן שמישהו מציף את הפורום"]
    shown = html.escape(f'<b>בוט</b> (תושבים): {FLOOD_IDEAS} רעיונות, האחרון: "ספאם {FLOOD_IDEAS - 1}"')
    assert [h.proto.body for h in panel.get("html") if shown in h.proto.body]  # as text, never as HTML
    assert not [b for b in console.button if b.key == f"console.flood.{calm.id}-1"]
    console.button(key=f"console.flood.{flooder.id}-1").click().run()
    assert not console.exception
    assert [t.value for t in console.toast] == [f"הוסתרו {FLOOD_IDEAS} רעיונות."]
    with store.read() as s:
        assert [i.text for i in queries.ideas(s, fid)] == ["מרכז למידה שכונתי"]
    assert not [e for e in console.expander if "מציף" in e.label]


def test_the_open_console_keeps_automatic_backups_and_says_when_it_last_did(live, monkeypatch):
    store, created, session = live
    fid = created.forum.id
    console = session(f=created.facilitator_token)
    [saved] = services_autobackups().saved(fid)
    assert saved.path.parent == get_settings().exports_dir / f"forum-{fid}"
    assert [c.value for c in console.sidebar.caption][-1] == "גיבוי אוטומטי: נשמר עכשיו"
    help_text = next(c.value for c in console.caption if "גיבוי אוטומטי" in c.value)
    assert "כל 5 דקות" in help_text and f"`{saved.path.parent}`" in help_text and "12 האחרונים" in help_text

    commands.add_idea(store, fid, "מרחב לימוד משותף", kind="challenge")
    console.run()  # changed, but not due again for five minutes
    assert len(services_autobackups().saved(fid)) == 1

    blocked = get_settings().exports_dir.parent / "blocked"
    blocked.write_text("a file where the exports folder should be")
    monkeypatch.setenv("FORUM_EXPORTS_DIR", str(blocked))
    get_settings.cache_clear()
    console = session(f=created.facilitator_token)
    [warning] = console.sidebar.warning
    text = warning.value.replace("\\", "")
    assert text.startswith("הגיבוי האוטומטי לא נשמר: אי אפשר לכתוב את") and "/blocked/forum-1/" in text


def services_autobackups():
    from assistant.ui import services

    return services.autobackups()


def test_the_console_erases_names_and_deletes_the_forum_only_with_its_join_code(live):
    from assistant.exports.files import forum_folder, save_export

    store, created, session = live
    fid = created.forum.id
    exports = get_settings().exports_dir
    save_export(exports, fid, "shared-agenda.docx", b"x")
    named = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he",
                          display_name="רונית").participant
    for name in ("data.xlsx", f"forum-{fid}-backup.json"):  # copies that hold the name
        save_export(exports, fid, name, b"y")
    phone = session(p=commands.join(store, join_code=created.forum.join_code, sector="residents",
                                    language="ar").token)

    console = session(f=created.facilitator_token)
    _confirm_and_press(console, "console.erase_names", state.ERASE_NAMES_CONFIRM)
    with store.read() as s:
        assert queries.get_participant(s, fid, named.id).display_name is None
    assert console.checkbox(key=state.ERASE_NAMES_CONFIRM).value is False
    assert [s.value for s in console.toast] == [  # and the console's automatic backup
        "נמחק השם של משתתף אחד. נמחקו גם 3 עותקים שמורים של קובצי נתונים ושל גיבויים, שהיו בהם השמות."]
    kept = sorted(forum_folder(exports, fid).iterdir())
    assert [p.name.split("-")[0] for p in kept] == ["forum", "shared"]  # a new automatic backup at once
    assert "autobackup" in kept[0].name and "רונית" not in kept[0].read_text()

    console.text_input(key=state.DELETE_CONFIRM).input("ABC123").run()
    console.button(key="console.delete_forum").click().run()
    assert console.toast and "דבר לא נמחק" in console.toast[0].value
    with store.read() as s:
        assert queries.get_forum(s, fid).id == fid

    console.text_input(key=state.DELETE_CONFIRM).input(created.forum.join_code.lower()).run()
    console.button(key="console.delete_forum").click().run()
    assert not console.exception
    assert [s.value for s in console.success] == ["הפורום פורום \\<b\\>STEM\\</b\\> בית הכרם נמחק, עם כל מה שנאסף בו."]
    assert not [t for t in console.text_input if t.key == state.DELETE_CONFIRM]  # the home page now
    assert not forum_folder(exports, fid).exists()
    with store.read() as s:
        assert queries.participants(s, fid) == []

    phone.run()  # a phone still open on the deleted forum
    assert not phone.exception
    assert [e.value for e in phone.error] == ["حُذف هذا المنتدى مع كل ما جُمع فيه. الرابط لم يعد فعّالًا."]


def test_the_console_replaces_a_leaked_facilitator_link_and_the_old_one_stops_everywhere(live):
    store, created, session = live
    fid = created.forum.id
    commands.set_pin(store, fid, "2468")
    console = session(f=created.facilitator_token)
    console.text_input(key=state.PIN_INPUT).input("2468")
    console.button[0].click().run()  # unlocked
    elsewhere = session(f=created.facilitator_token)  # the leaked link, open on another laptop
    manager = session(m=created.manager_token)
    _confirm_and_press(console, "console.new_links", state.REISSUE_CONFIRM)
    assert console.toast[0].value.startswith("נוצרו קישורים חדשים")
    token = console.query_params["f"]  # the session goes on under the new link
    assert token != created.facilitator_token
    assert commands.authenticate(store, token).role.value == "facilitator"
    codes = [c.value for c in console.code]
    assert any(token in c for c in codes) and not any(created.facilitator_token in c for c in codes)
    assert console.checkbox(key=state.REISSUE_CONFIRM).value is False
    assert not [t for t in console.text_input if t.key == state.PIN_INPUT]  # still unlocked
    for stale in (elsewhere, manager):
        stale.run()
        assert not stale.exception
        assert [e.value for e in stale.error] == ["הקישור הזה אינו מאפשר גישה לעמוד. אפשר לבקש קישור חדש מהמנחה."]
    with store.read() as s:
        assert queries.get_forum(s, fid).join_code == created.forum.join_code


def test_the_console_gives_a_leaked_join_code_a_new_one_and_the_old_one_stops_admitting(live):
    store, created, session = live
    fid, old = created.forum.id, created.forum.join_code
    joined = commands.join(store, join_code=old, sector="ngo", language="he")
    console = session(f=created.facilitator_token)
    _confirm_and_press(console, "console.new_join_code", state.JOIN_CODE_CONFIRM)
    with store.read() as s:
        new = queries.get_forum(s, fid).join_code
    assert new != old
    assert console.toast[0].value == (f"קוד ההצטרפות החדש: {new}. הקוד הקודם ({old}) כבר לא מצרף אנשים; "
                                      "מי שהצטרף ממשיך כרגיל.")
    assert console.checkbox(key=state.JOIN_CODE_CONFIRM).value is False
    assert any(f"{new}" in c.value for c in console.code) and not any(old in c.value for c in console.code)

    stale = render_page(phone_page.render, join=old)  # the QR code on a printed card
    stale.pills(key=state.PHONE_SECTOR).set_value("residents")
    stale.button(key="phone.join").click().run()
    assert stale.error and old in stale.error[0].value and "p" not in stale.query_params
    fresh = render_page(phone_page.render, join=new)
    fresh.pills(key=state.PHONE_SECTOR).set_value("residents")
    fresh.button(key="phone.join").click().run()
    assert not fresh.error and "p" in fresh.query_params
    phone = session(p=joined.token)  # whoever joined before goes on
    assert not phone.error


def _room_kind(at):
    """The kind picker of the room's ideas (keyed by the current step)."""
    return next(s for s in at.selectbox if s.key.startswith(f"{state.ROOM_KIND}."))


def test_the_facilitator_adds_what_the_room_said_without_phones(live):
    store, created, session = live
    fid = created.forum.id
    commands.go_to_step(store, fid, _step(created.forum, "m2-root-problems").id)
    console = session(f=created.facilitator_token)
    assert _room_kind(console).value is IdeaKind.CHALLENGE  # the step's kind

    typed = "1. מחסור במורים למדעים\n2. " + "א" * 501
    console.text_area(key=state.ROOM_TEXT).input(typed)
    console.button(key="console.room_add").click().run()
    assert not console.exception
    assert console.toast[0].value.startswith("רעיונות מהחדר: שורה 2 ארוכה מ-500 תווים")
    assert console.text_area(key=state.ROOM_TEXT).value == typed  # nothing lost
    with store.read() as s:
        assert queries.ideas(s, fid) == []  # and nothing half-added

    console.text_area(key=state.ROOM_TEXT).input("1. מחסור במורים למדעים\n\n2. אין הסעות לחוגים")
    console.button(key="console.room_add").click().run()
    assert [t.value for t in console.toast] == ["נוספו 2 רעיונות מהחדר (אתגר)."]
    assert console.text_area(key=state.ROOM_TEXT).value == ""  # ready for the next table's notes
    with store.read() as s:
        ideas = queries.ideas(s, fid)
    assert [(i.text, i.kind, i.participant_id) for i in ideas] == [
        ("מחסור במורים למדעים", IdeaKind.CHALLENGE, None), ("אין הסעות לחוגים", IdeaKind.CHALLENGE, None)]
    assert "אתגר · מהחדר" in [c.value for c in console.caption]

    commands.go_to_step(store, fid, _step(created.forum, "m3-strengths").id)
    console.run()
    assert _room_kind(console).value is IdeaKind.STRENGTH  # a new step, its own kind


def _inputs(at, prefix: str) -> dict:
    """A form's number inputs keyed "<prefix>.<name>[.<stored version>]", by name."""
    return {n.key.removeprefix(prefix).split(".")[0]: n for n in at.number_input if n.key.startswith(prefix)}


def _counts(at, number: int) -> dict:
    """The attendance form's inputs of meeting `number`, by total or sector."""
    return _inputs(at, f"{state.ATTENDANCE_PREFIX}.{number}.")


def test_the_room_is_counted_per_meeting_from_the_console(live):
    store, created, session = live
    fid = created.forum.id
    console = session(f=created.facilitator_token)
    assert console.radio(key=state.ATTENDANCE_MEETING).value == 1  # the current meeting
    fields = _counts(console, 1)
    assert set(fields) == {"total", *(s.value for s in Sector)} and fields["total"].value is None
    fields["total"].set_value(10)
    fields["residents"].set_value(8)
    fields["ngo"].set_value(3)
    console.button(key="console.save_attendance").click().run()
    assert console.toast[0].value.startswith("נוכחות: סך הנוכחים (10) קטן מסכום המגזרים (11).")
    assert [_counts(console, 1)[k].value for k in ("total", "residents", "ngo")] == [10, 8, 3]  # kept
    with store.read() as s:
        assert queries.get_forum(s, fid).attendance(1) is None

    _counts(console, 1)["total"].set_value(40)
    console.button(key="console.save_attendance").click().run()
    assert [t.value for t in console.toast] == ["הנוכחות במפגש 1 נשמרה."]
    with store.read() as s:
        assert queries.get_forum(s, fid).attendance(1).by_sector == {Sector.RESIDENTS: 8, Sector.NGO: 3}
    assert _counts(console, 1)["total"].value == 40
    console.radio(key=state.ATTENDANCE_MEETING).set_value(2).run()
    assert _counts(console, 2)["total"].value is None and not _counts(console, 1)

    commands.record_attendance(store, fid, 1, 45, {"residents": 8})  # counted again elsewhere
    console.radio(key=state.ATTENDANCE_MEETING).set_value(1).run()
    assert [_counts(console, 1)[k].value for k in ("total", "residents", "ngo")] == [45, 8, None]
    manager = session(m=created.manager_token)
    assert "נכחו בחדר 45 אנשים (ספירת המנחה)" in [c.value for c in manager.caption]


def test_a_vote_set_up_by_mistake_is_deleted_from_the_console(live):
    store, created, session = live
    fid = created.forum.id
    poll = commands.create_poll(store, fid, title="הצבעה <b>שגויה</b>", method="dots", labels=["א", "ב"],
                                open_now=True)
    person = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he").participant
    commands.cast_ballot(store, fid, poll.id, person.id, {poll.options[0].id: 1})
    kept = commands.create_poll(store, fid, title="נשארת", method="dots", labels=["ג", "ד"])
    console = session(f=created.facilitator_token)
    _chooser(console, state.RESULTS_POLL).set_value(poll.id).run()  # its results on show
    console.button(key=f"console.delete_poll.{poll.id}").click().run()
    assert console.toast[0].value.startswith("ההצבעה כבר קיבלה פתק אחד.")
    with store.read() as s:
        assert [p.id for p in queries.polls(s, fid)] == [poll.id, kept.id]  # not without saying so
    console.checkbox(key=f"console.delete_poll.{poll.id}.ballots").check().run()
    console.button(key=f"console.delete_poll.{poll.id}").click().run()
    assert not console.exception
    assert [t.value for t in console.toast] == ["ההצבעה הצבעה \\<b\\>שגויה\\</b\\> נמחקה."]
    with store.read() as s:
        assert [p.id for p in queries.polls(s, fid)] == [kept.id] and queries.active_poll(s, fid) is None
    assert not [b for b in console.button if b.key == f"console.delete_poll.{poll.id}"]
    assert _chooser(console, state.RESULTS_POLL).value == kept.id  # the results tab moved on


def _paper(at, poll_id: int) -> dict:
    """The paper-vote form's inputs for `poll_id`, by "voters" or option id."""
    return _inputs(at, f"{state.PAPER_PREFIX}.{poll_id}.")


def test_dots_voted_on_paper_are_counted_in_from_the_console(live):
    store, created, session = live
    fid = created.forum.id
    console = session(f=created.facilitator_token)
    assert "אין עדיין הצבעה." in " ".join(c.value for c in console.caption)
    dots = commands.create_poll(store, fid, title="עדיפויות", method="dots", labels=["הסעות", "נשירה"],
                                open_now=True)
    ranked = commands.create_poll(store, fid, title="דירוג", method="ranking", labels=["א", "ב"])
    person = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he").participant
    commands.cast_ballot(store, fid, dots.id, person.id, {dots.options[0].id: 3})
    console.run()
    chooser = _chooser(console, state.PAPER_POLL)
    assert chooser.options == [isolate("דירוג"), isolate("עדיפויות")]
    assert chooser.value == dots.id  # the vote being run, not the newest one
    assert not [b for b in console.get("download_button") if "download-slips-" in b.proto.id]  # stickers
    _chooser(console, state.PAPER_POLL).set_value(ranked.id).run()
    assert [b for b in console.get("download_button") if "download-slips-" in b.proto.id]  # the ranking's
    _chooser(console, state.PAPER_POLL).set_value(dots.id).run()
    fields = _paper(console, dots.id)
    assert set(fields) == {"voters", *(str(o.id) for o in dots.options)}
    fields["voters"].set_value(1)
    fields[str(dots.options[1].id)].set_value(4)
    console.button(key="console.paper_save").click().run()
    assert console.toast[0].value.startswith("הצבעה על נייר: אפשרות אחת קיבלה 4 נקודות")
    assert [f.value for f in _paper(console, dots.id).values()] == [1, None, 4]  # kept
    with store.read() as s:
        assert queries.polls(s, fid)[0].paper is None

    _paper(console, dots.id)["voters"].set_value(2)
    console.button(key="console.paper_save").click().run()
    assert [t.value for t in console.toast] == ["הספירה נשמרה: 2 משתתפים, 4 נקודות על נייר."]
    with store.read() as s:
        assert dict(queries.polls(s, fid)[0].paper.dots) == {dots.options[1].id: 4}
    assert "הצבעת נקודות · פתוחה · מפגש 1 · ועוד 2 על נייר" in [c.value for c in console.caption]
    _chooser(console, state.RESULTS_POLL).set_value(dots.id).run()
    captions = [c.value for c in console.caption]
    assert "3 הצביעו" in captions and "מתוכם 2 הצביעו על נייר; נקודות על נייר: 4." in captions

    commands.record_paper_votes(store, fid, dots.id, 3, {dots.options[0].id: 2})  # counted again elsewhere
    console.run()
    assert [f.value for f in _paper(console, dots.id).values()] == [3, 2, None]

    def projector():
        from assistant.ui import projector_page

        projector_page.render()

    hall = AppTest.from_function(projector, default_timeout=60)
    hall.query_params["f"] = created.facilitator_token
    hall.run()  # the open vote's results, paper included
    assert not hall.exception
    assert "מתוכם 3 הצביעו על נייר; נקודות על נייר: 2." in [c.value for c in hall.caption]


def _slip(at, poll_id: int, widgets: str = "selectbox") -> dict:
    """The paper-slip form's inputs for `poll_id`, by rank or "option.criterion"."""
    prefix = f"{state.PAPER_SLIP_PREFIX}.{poll_id}."
    return {".".join(w.key.removeprefix(prefix).split(".")[1:]): w for w in getattr(at, widgets)
            if w.key and w.key.startswith(prefix)}


def _slips_shown(at) -> list[str]:
    """The slips listed under the form, without the marks isolating each option's direction."""
    found = re.findall(r'class="paper-slip"[^>]*>([^<]*)<', _html(at))
    return [html.unescape(text).replace("\u2068", "").replace("\u2069", "") for text in found]


def test_ranking_and_rating_slips_from_paper_are_typed_in_one_by_one(live):
    store, created, session = live
    fid = created.forum.id
    ranked = commands.create_poll(store, fid, title="סדר <b>עדיפויות</b>", method="ranking",
                                  labels=["הסעות", "נשירה", "ספרייה"], params={"top_n": 2}, open_now=True)
    a, b, c = (o.id for o in ranked.options)
    console = session(f=created.facilitator_token)
    assert "עד 2 אפשרויות לפי הסדר" in " ".join(x.value for x in console.caption)
    [slips] = [b for b in console.get("download_button") if b.proto.id.endswith(f"download-slips-{ranked.id}")]
    assert slips.proto.label == "פתקים להדפסה (Word)"
    slip = _slip(console, ranked.id)
    assert list(slip) == ["1", "2"] and [s.label for s in slip.values()] == ["מקום 1", "מקום 2"]
    slip["1"].set_value(b)
    slip["2"].set_value(b)
    console.button(key="console.paper_add").click().run()
    assert [t.value for t in console.toast] == ["כל אפשרות יכולה להופיע פעם אחת בלבד בדירוג."]
    assert [s.value for s in _slip(console, ranked.id).values()] == [b, b]  # kept, to be corrected
    _slip(console, ranked.id)["2"].set_value(c)
    console.button(key="console.paper_add").click().run()
    assert [t.value for t in console.toast] == ["הפתק נוסף. זה הפתק הראשון מנייר בהצבעה הזו."]
    assert [s.value for s in _slip(console, ranked.id).values()] == [None, None]  # ready for the next slip
    _slip(console, ranked.id)["1"].set_value(a)
    console.button(key="console.paper_add").click().run()
    assert [t.value for t in console.toast] == ["הפתק נוסף. בהצבעה הזו 2 פתקים מנייר."]
    assert [e.label for e in console.expander if e.label.startswith("הפתק")] == ["הפתקים שהוקלדו (2)"]
    assert _slips_shown(console) == ["פתק 1: 1. נשירה · 2. ספרייה", "פתק 2: 1. הסעות"]
    assert "דירוג · פתוחה · מפגש 1 · ועוד 2 על נייר" in [x.value for x in console.caption]
    with store.read() as s:
        slips = [b for b in queries.ballots(s, fid, ranked.id) if b.on_paper]
    assert [[e.option_id for e in sorted(x.entries, key=lambda e: e.value)] for x in slips] == [[b, c], [a]]
    _chooser(console, state.RESULTS_POLL).set_value(ranked.id).run()
    assert "מתוכם 2 הצביעו על נייר (פתקים שהוקלדו במסוף)." in [x.value for x in console.caption]

    console.button(key=f"console.paper_remove.{slips[1].id}").click().run()
    assert [t.value for t in console.toast] == ["הפתק הוסר."]
    assert [e.label for e in console.expander if e.label.startswith("הפתק")] == ["הפתק שהוקלד (אחד)"]
    with store.read() as s:
        assert [x.id for x in queries.ballots(s, fid, ranked.id) if x.on_paper] == [slips[0].id]

    rating = commands.create_poll(store, fid, title="משימות", method="rating", labels=["מרכז", "חונכות"])
    console.run()
    _chooser(console, state.PAPER_POLL).set_value(rating.id).run()
    x, y = (o.id for o in rating.options)
    scores = _slip(console, rating.id, "number_input")
    assert list(scores) == [f"{x}.impact", f"{x}.feasibility", f"{y}.impact", f"{y}.feasibility"]
    assert scores[f"{x}.impact"].label == f"{isolate('מרכז')}: השפעה"
    scores[f"{x}.impact"].set_value(5)
    scores[f"{x}.feasibility"].set_value(4)
    scores[f"{y}.impact"].set_value(2)  # half rated
    console.button(key="console.paper_add").click().run()
    assert [t.value for t in console.toast] == ["יש לדרג כל קריטריון (השפעה, ישימות) לכל אפשרות שמדרגים."]
    _slip(console, rating.id, "number_input")[f"{y}.feasibility"].set_value(3)
    console.button(key="console.paper_add").click().run()
    assert [t.value for t in console.toast] == ["הפתק נוסף. זה הפתק הראשון מנייר בהצבעה הזו."]
    assert _slips_shown(console) == ["פתק 1: מרכז: השפעה 5, ישימות 4 · חונכות: השפעה 2, ישימות 3"]
    with store.read() as s:
        [stored] = queries.ballots(s, fid, rating.id)
    assert stored.on_paper and {(e.option_id, e.criterion, e.value) for e in stored.entries} == {
        (x, "impact", 5), (x, "feasibility", 4), (y, "impact", 2), (y, "feasibility", 3)}


def test_a_waiting_phone_shows_the_meetings_agenda_in_its_language(live, playbook_plan):
    store, created, _ = live
    fid = created.forum.id
    commands.go_to_step(store, fid, _step(created.forum, "m2-sharpen").id)
    token = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="ar").token
    phone = render_page(phone_page.render, p=token)
    assert not phone.exception
    [agenda] = [e for e in phone.expander if e.label == "جدول أعمال اللقاء 2"]
    lines = [m.value for m in agenda.markdown]
    meeting = next(m for m in playbook_plan if m.number == 2)
    assert len(lines) == len(meeting.steps)
    now = next(i for i, s in enumerate(meeting.steps) if s.key == "m2-sharpen")
    assert all(line.startswith(":material/check_circle:") for line in lines[:now])
    assert lines[now].startswith(":material/radio_button_checked: **")  # where the room is, in bold
    assert lines[now].endswith(f" · {meeting.steps[now].minutes} دقائق**")
    assert all(line.startswith(":material/radio_button_unchecked:") for line in lines[now + 1:])
    assert "افتتاح" in lines[0]  # the playbook's Arabic title of the opening
    commands.open_collection(store, fid, "challenge")
    phone.run()
    assert not [e for e in phone.expander if e.label.startswith("جدول")]  # sending ideas: nothing else


def _results_box(at) -> list[str]:
    """The texts of the phone's box of results (the container keyed "phone.results")."""
    def keyed(block):
        for child in getattr(block, "children", {}).values():
            if str(getattr(child.proto, "id", "")).endswith("-phone.results"):
                yield child
            else:
                yield from keyed(child)

    boxes = list(keyed(at.main))
    return [m.value for box in boxes for m in box.markdown] + [c.value for box in boxes for c in box.caption]


def test_a_waiting_phone_shows_the_results_of_the_meetings_last_closed_vote(live):
    store, created, _ = live
    fid = created.forum.id
    first = commands.create_poll(store, fid, title="מפגש 1", method="dots", labels=["א", "ב"], open_now=True)
    commands.close_poll(store, fid, first.id)  # an earlier meeting's: not shown in meeting 2
    commands.go_to_step(store, fid, _step(created.forum, "m2-sharpen").id)
    people = [commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he")
              for _ in range(2)]
    poll = commands.create_poll(store, fid, title="<b>עדיפויות</b>", method="dots",
                                labels=["הסעות", "נשירה", "[קישור](http://x)"], open_now=True)
    for joined in people:
        commands.cast_ballot(store, fid, poll.id, joined.participant.id, {poll.options[2].id: 3, poll.options[0].id: 1})
    phone = render_page(phone_page.render, p=people[0].token)
    assert not phone.exception and not _results_box(phone)  # voting now
    commands.close_poll(store, fid, poll.id)
    phone.run()
    shown = _results_box(phone)
    assert shown[0] == "**תוצאות ההצבעה האחרונה**"
    assert shown[1] == f"**1.** {markdown_literal(isolate('[קישור](http://x)'))} · נקודות: 6"
    assert shown[2].startswith("**2.** ") and shown[2].endswith("· נקודות: 2") and shown[-1] == "2 הצביעו"
    assert "&lt;b&gt;עדיפויות&lt;/b&gt;</div>" in _html(phone)  # the title as typed, never as HTML
    commands.record_paper_votes(store, fid, poll.id, 3, {poll.options[1].id: 9})  # counted after closing
    phone.run()
    assert _results_box(phone)[1].startswith("**1.** \u2068נשירה\u2069 · נקודות: 9") and _results_box(phone)[-1] == "5 הצביעו"
    commands.delete_poll(store, fid, poll.id, with_ballots=True)
    phone.run()
    assert not _results_box(phone)  # meeting 1's vote is not this meeting's

    ranked = commands.create_poll(store, fid, title="סדר", method="ranking", labels=["הסעות", "נשירה"],
                                  params={"top_n": 1}, open_now=True)
    commands.cast_ballot(store, fid, ranked.id, people[0].participant.id, [ranked.options[0].id])
    commands.close_poll(store, fid, ranked.id)
    phone.run()
    assert _results_box(phone)[-1] == "הצביע משתתף אחד"
    for _ in range(2):  # slips typed in after the vote closed
        slip = commands.add_paper_ballot(store, fid, ranked.id, [ranked.options[1].id])
    phone.run()
    assert _results_box(phone)[1].startswith("**1.** \u2068נשירה\u2069") and _results_box(phone)[-1] == "3 הצביעו"
    commands.remove_paper_ballot(store, fid, ranked.id, slip.ballot.id)
    commands.add_paper_ballot(store, fid, ranked.id, [ranked.options[0].id])  # the same count, other slips
    phone.run()
    assert _results_box(phone)[1].startswith("**1.** \u2068הסעות\u2069") and _results_box(phone)[-1] == "3 הצביעו"


def test_the_facilitator_keeps_notes_of_the_meeting_on_the_step_card(live):
    store, created, session = live
    fid = created.forum.id
    commands.go_to_step(store, fid, _step(created.forum, "m2-root-problems").id)
    console = session(f=created.facilitator_token)
    assert "עוד אין הערות למפגש הזה." in [c.value for c in console.caption]
    console.text_area(key=state.NOTE_TEXT).input("   ")
    console.button(key="console.add_note").click().run()
    assert console.toast[0].value == "הערה: נא למלא את השדה."
    console.text_area(key=state.NOTE_TEXT).input("נציגת ההורים תבדוק את נתוני ההסעות")
    console.button(key="console.add_note").click().run()
    assert [t.value for t in console.toast] == ["ההערה נשמרה."]
    assert console.text_area(key=state.NOTE_TEXT).value == ""
    with store.read() as s:
        [note] = queries.notes(s, fid, meeting=2)
    assert note.text == "נציגת ההורים תבדוק את נתוני ההסעות" and note.step_id == _step(created.forum, "m2-root-problems").id
    assert "נציגת ההורים תבדוק את נתוני ההסעות" in _html(console)
    manager = session(m=created.manager_token)
    assert "• נציגת ההורים תבדוק את נתוני ההסעות" in _html(manager)  # read-only, under meeting 2
    console.button(key=f"console.delete_note.{note.id}").click().run()
    assert not console.exception
    with store.read() as s:
        assert queries.notes(s, fid) == []


def test_the_projector_shows_the_hall_the_meetings_agenda(live, playbook_plan):
    store, created, _ = live
    commands.go_to_step(store, created.forum.id, _step(created.forum, "m1-personal-view").id)

    def projector():
        from assistant.ui import projector_page

        projector_page.render()

    at = AppTest.from_function(projector, default_timeout=60)
    at.query_params["f"] = created.facilitator_token
    at.run()
    at.radio(key=state.PROJECTOR_MODE).set_value("agenda").run()
    assert not at.exception
    [agenda] = [str(h.proto.body) for h in at.get("html") if 'class="projector-agenda"' in str(h.proto.body)]
    steps = re.findall(r'<div class="projector-step [^"]+">[^<]*</div>', agenda)
    meeting = next(m for m in playbook_plan if m.number == 1)
    assert len(steps) == len(meeting.steps)
    now = next(i for i, s in enumerate(meeting.steps) if s.key == "m1-personal-view")
    assert ['projector-step now' in s for s in steps] == [i == now for i in range(len(steps))]
    assert all('projector-step done' in s for s in steps[:now]) and now > 0
    assert steps[now].endswith(f" · {meeting.steps[now].minutes} דקות</div>")


def test_the_last_step_of_a_meeting_reminds_the_facilitator_to_count_the_room(live, playbook_plan):
    store, created, session = live
    fid = created.forum.id
    last = next(m for m in playbook_plan if m.number == 2).steps[-1].key
    console = session(f=created.facilitator_token)
    assert not [i for i in console.info if "לפני שכולם יוצאים" in i.value]  # the first step
    commands.go_to_step(store, fid, _step(created.forum, last).id)
    console.run()
    [reminder] = [i.value for i in console.info if "לפני שכולם יוצאים" in i.value]
    assert "מפגש 2" in reminder
    commands.record_attendance(store, fid, 2, 35)
    console.run()
    assert not [i for i in console.info if "לפני שכולם יוצאים" in i.value]  # counted: nothing to remind


def test_the_results_and_paper_votes_follow_the_vote_being_run(live):
    store, created, session = live
    fid = created.forum.id
    first = commands.create_poll(store, fid, title="ראשונה", method="dots", labels=["א", "ב"], open_now=True)
    console = session(f=created.facilitator_token)
    assert _chooser(console, state.RESULTS_POLL).value == first.id
    commands.close_poll(store, fid, first.id)
    second = commands.create_poll(store, fid, title="שנייה", method="ranking", labels=["ג", "ד"], open_now=True)
    console.run()
    assert _chooser(console, state.RESULTS_POLL).value == second.id  # not the one shown before
    assert _chooser(console, state.PAPER_POLL).value == second.id
    _chooser(console, state.RESULTS_POLL).set_value(first.id).run()  # chosen by hand: it stays
    console.run()
    assert _chooser(console, state.RESULTS_POLL).value == first.id


@pytest.mark.parametrize(("waiting", "shown"), [(20, True), (3, False)])
def test_the_console_says_when_the_server_cannot_keep_up_with_the_phones(live, monkeypatch, waiting, shown):
    from assistant.ui import console_page
    from assistant.ui.server_load import ServerLoad

    monkeypatch.setattr(console_page, "server_load", lambda: ServerLoad(screens=60, waiting=waiting))
    _, created, session = live
    console = session(f=created.facilitator_token)
    warnings = [w.value for w in console.warning if "השרת עמוס" in w.value]
    assert warnings == (["השרת עמוס: 20 מתוך 60 המסכים המחוברים מחכים לו כרגע. כדאי לתת לחדר רגע: "
                         "מה שנשלח נשמר, וכל טלפון מציג שהשליחה בדרך."] if shown else [])


def test_the_console_lists_the_indicators_and_adds_and_removes_one(live):
    from assistant.forum.indicator_file import sample_indicators
    from assistant.store.indicators import import_indicators, indicators

    store, created, session = live
    import_indicators(store, created.forum.id, sample_indicators())
    console = session(f=created.facilitator_token)
    table = console.dataframe[0].value
    assert list(table.columns) == ["מדד", "שלב ברצף הגילים", "ביישוב", "להשוואה", "השוואה אל", "פער", "שנה", "מקור"]
    youth = table[table["מדד"] == "השתתפות בתנועות נוער"].iloc[0]
    assert (youth["ביישוב"], youth["להשוואה"], youth["השוואה אל"], youth["פער"], youth["שלב ברצף הגילים"]) == (
        "17%", "20%", "יישובים דומים", "-3%", "על-יסודי")
    assert table[table["מדד"] == "תושבים"].iloc[0]["ביישוב"] == "18,642 תושבים"

    console.text_input(key="indicators.new_name").input("נשירה מבתי ספר")
    console.number_input(key="indicators.new_value").set_value(3.5)
    console.number_input(key="indicators.new_comparison").set_value(2.0)
    console.selectbox(key="indicators.new_compared_to").set_value("national")
    console.button(key="FormSubmitter:indicators.add-הוספה").click().run()
    assert not console.exception
    with store.read() as db:
        stored = indicators(db, created.forum.id)
    assert stored[-1].indicator.name == "נשירה מבתי ספר" and stored[-1].indicator.comparison == 2.0
    assert console.text_input(key="indicators.new_name").value == ""

    console.selectbox(key="indicators.remove").set_value(stored[0].id)
    console.button(key="indicators.remove_button").click().run()
    with store.read() as db:
        assert [s.id for s in indicators(db, created.forum.id)] == [s.id for s in stored[1:]]


def test_an_indicator_is_edited_in_the_same_form_that_adds_one(live):
    from assistant.forum.indicator_file import sample_indicators
    from assistant.store.indicators import import_indicators, indicators

    store, created, session = live
    stored = import_indicators(store, created.forum.id, sample_indicators()).indicators
    youth = next(s for s in stored if s.indicator.name == "השתתפות בתנועות נוער")
    console = session(f=created.facilitator_token)
    console.selectbox(key="indicators.editing").set_value(youth.id).run()  # the form takes its values
    assert console.text_input(key="indicators.new_name").value == "השתתפות בתנועות נוער"
    assert console.number_input(key="indicators.new_value").value == 17
    assert console.selectbox(key="indicators.new_compared_to").value == "similar"
    console.number_input(key="indicators.new_value").set_value(19)
    console.number_input(key="indicators.new_year").set_value(2024)
    console.selectbox(key="indicators.new_domain").set_value("youth")
    console.button(key="FormSubmitter:indicators.add-שמירת השינויים").click().run()
    assert not console.exception
    with store.read() as db:
        after = indicators(db, created.forum.id)
    assert [s.id for s in after] == [s.id for s in stored]  # in its place, not added at the end
    edited = next(s.indicator for s in after if s.id == youth.id)
    assert (edited.value, edited.year, edited.domain, edited.comparison) == (19, 2024, "youth", 20)
    assert console.selectbox(key="indicators.editing").value is None  # ready for a new one
    assert console.text_input(key="indicators.new_name").value == ""
    assert "המדד עודכן." in [t.value for t in console.toast]


def test_the_facilitator_steps_the_projector_through_the_indicators(live):
    from assistant.forum.indicator_file import sample_indicators
    from assistant.store.indicators import import_indicators
    from assistant.ui import projector_page

    store, created, session = live
    import_indicators(store, created.forum.id, sample_indicators())
    console = session(f=created.facilitator_token)
    assert console.button(key="indicators.previous").disabled and console.button(key="indicators.stop").disabled
    console.button(key="indicators.next").click().run()  # shows the first
    console.button(key="indicators.next").click().run()
    assert "מדד 2 מתוך 12" in " ".join(m.value for m in console.markdown)

    def screen() -> str:
        projector = render_page(projector_page.render, f=created.facilitator_token)
        assert not projector.exception
        return html.unescape(" ".join(h.proto.body for h in projector.get("html")))

    assert "בתי אב" in screen() and "505 בתי אב" in screen()
    for _ in range(8):  # to the youth movements, compared with similar localities
        console.button(key="indicators.next").click().run()
    shown = screen()
    assert "השתתפות בתנועות נוער" in shown and "17%" in shown and "20%" in shown
    assert "3 נקודות אחוז פחות מאשר ביישובים דומים (20%)" in shown
    assert "מקור: מפת הדרכים (קרן רש״י)" in shown
    console.button(key="indicators.stop").click().run()
    assert "השתתפות בתנועות נוער" not in screen()


def test_the_room_is_asked_which_indicators_worry_it_most(live):
    from assistant.forum.indicator_file import sample_indicators
    from assistant.store.indicators import import_indicators

    store, created, session = live
    import_indicators(store, created.forum.id, sample_indicators())
    console = session(f=created.facilitator_token)
    console.button(key="indicators.worry").click().run()
    assert not console.exception
    with store.read() as db:
        [poll] = queries.polls(db, created.forum.id)
    assert poll.title == "איזה מהמדדים מדאיג אתכם יותר מכל? (עד 3)" and poll.status == "open"
    assert poll.method == "dots" and (poll.params.budget, poll.params.cap) == (3, 1)
    assert [o.label for o in poll.options] == [i.name for i in sample_indicators()]
    phone = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he")
    ids = [o.id for o in poll.options]
    commands.cast_ballot(store, created.forum.id, poll.id, phone.participant.id, {ids[0]: 1, ids[9]: 1, ids[10]: 1})
    from assistant.errors import InvalidBallotError

    with pytest.raises(InvalidBallotError):  # two dots on one indicator: one each
        commands.cast_ballot(store, created.forum.id, poll.id, phone.participant.id, {ids[0]: 2})


def test_the_wall_offers_the_most_similar_pairs_and_finds_them_again_only_when_the_ideas_change(live, monkeypatch):
    """A room sends one idea again and again: the wall offers its ten most similar pairs, counts
    them all, and does not look for them again at a refresh that brought nothing new."""
    from assistant.i18n import translate
    from assistant.ui import console_page

    store, created, session = live
    fid = created.forum.id
    commands.open_collection(store, fid, "idea")
    for _ in range(6):  # six times the same: 15 pairs
        commands.add_idea(store, fid, "אין הסעות לחוגים בשכונות")
    found = []
    real = console_page.most_similar_pairs
    monkeypatch.setattr(console_page, "most_similar_pairs", lambda *a, **k: found.append(len(a[0])) or real(*a, **k))

    def merges(console):
        return [b for b in console.button if b.key.startswith("console.merge.")]

    console = session(f=created.facilitator_token)
    assert len(merges(console)) == console_page.MERGE_PAIRS_SHOWN == 10
    assert translate("console.merge_title", "he", count=15) in [e.label for e in console.expander]
    console.run()  # a refresh, nothing new
    assert found == [6] and len(merges(console)) == 10
    commands.add_idea(store, fid, "אין הסעות לחוגים בשכונות")
    console.run()
    assert found == [6, 7] and translate("console.merge_title", "he", count=21) in [e.label for e in console.expander]


def test_the_facilitator_links_a_challenge_to_the_suggested_indicators(live, monkeypatch):
    import numpy as np

    from assistant.forum.indicator_file import sample_indicators
    from assistant.store.indicators import import_indicators, links
    from assistant.ui import services

    store, created, session = live
    stored = import_indicators(store, created.forum.id, sample_indicators()).indicators
    commands.open_collection(store, created.forum.id, "challenge")
    idea = commands.add_idea(store, created.forum.id, "מעט בני נוער משתתפים בתנועות נוער").idea

    def vectors(texts):  # the challenge closest to the youth movements (0.92), the rest far (0.5)
        texts = list(texts)
        if texts[0] != idea.text:  # the wall's near-duplicates: no meaning model here
            return None
        rows = [np.array([1.0, 0.0])] + [np.array([0.92, 0.39]) if "תנועות נוער" in t else np.array([0.5, 0.87])
                                         for t in texts[1:]]
        return np.array(rows)

    monkeypatch.setattr(services, "idea_vectors", vectors)
    console = session(f=created.facilitator_token)
    assert "הצעה לפי המשמעות: «השתתפות בתנועות נוער»" in [c.value for c in console.caption]
    chosen = console.multiselect(key=f"indicators.link_chosen.{idea.id}")
    youth = next(s.id for s in stored if s.indicator.name == "השתתפות בתנועות נוער")
    assert chosen.value == [youth]  # the suggestion, ready to save
    chosen.select(stored[2].id).run()
    console.button(key="indicators.links_save").click().run()
    assert not console.exception
    with store.read() as db:
        assert links(db, created.forum.id) == {idea.id: (stored[2].id, youth)}


def test_what_worried_the_room_opens_the_challenges_step_on_console_phones_and_projector(live):
    """The worry vote feeds the next step: where the room writes its challenges (root problems),
    the console's card, every phone and the projector show the indicators it put first."""
    from assistant.forum.indicator_file import sample_indicators
    from assistant.store.indicators import import_indicators
    from assistant.ui import projector_page

    store, created, session = live
    fid = created.forum.id
    import_indicators(store, fid, sample_indicators())
    names = [i.name for i in sample_indicators()]
    poll = commands.create_poll(store, fid, title="מה מדאיג", method="dots", labels=names,
                                params={"budget": 3, "cap": 1}, open_now=True)
    ids = [o.id for o in poll.options]
    people = [commands.join(store, join_code=created.forum.join_code, sector=s, language="he")
              for s in ("ngo", "education", "residents", "business")]
    for person, picks in zip(people, ((9, 10, 4), (9, 10, 4), (9, 10, 2), (9, 1, 0)), strict=True):
        commands.cast_ballot(store, fid, poll.id, person.participant.id, {ids[n]: 1 for n in picks})
    commands.close_poll(store, fid, poll.id)
    commands.go_to_step(store, fid, _step(created.forum, "m2-root-problems").id)
    commands.open_collection(store, fid, "challenge")
    phone_page._room_worries.clear()

    console = session(f=created.facilitator_token)
    assert "מה הדאיג את החדר בתמונת המצב" in " ".join(m.value for m in console.markdown)
    shown = html.unescape(_html(console))
    places = [shown.index(f"{n}. {names[i]} ({picks} בחירות)") for n, i, picks in ((1, 9, 4), (2, 10, 3), (3, 4, 2))]
    assert places == sorted(places)
    assert markdown_literal("17% · 3 נקודות אחוז פחות מאשר ביישובים דומים (20%)") in [c.value for c in console.caption]

    quoted = f"«{isolate(names[9])}», «{isolate(names[10])}», «{isolate(names[4])}»"
    line = f"מה שהדאיג את החדר בתמונת המצב: {quoted}"
    phone = session(p=people[0].token)
    assert f"מה שהדאיג את החדר בתמונת המצב: {markdown_literal(quoted)}" in [c.value for c in phone.caption]
    projector = render_page(projector_page.render, f=created.facilitator_token)
    assert line in html.unescape(_html(projector))

    commands.go_to_step(store, fid, _step(created.forum, "m2-sharpen").id)  # a later step: not there
    assert "מה הדאיג את החדר" not in " ".join(m.value for m in session(f=created.facilitator_token).markdown)


def test_an_indicator_named_with_markup_is_text_on_the_projector_the_console_and_the_phones(live):
    from assistant.forum.indicators import Indicator
    from assistant.store.indicators import save_indicator, show_indicator
    from assistant.ui import projector_page

    hostile = "עלות $$ <b>בתיכון</b> **כוכב** [קישור](http://evil.example)"
    store, created, session = live
    fid = created.forum.id
    saved = save_indicator(store, fid, Indicator(hostile, 14263, "₪", comparison=15000)).indicator
    save_indicator(store, fid, Indicator("אקדמאים", 10, "%"))
    show_indicator(store, fid, saved.id)
    projector = render_page(projector_page.render, f=created.facilitator_token)
    assert not projector.exception
    shown = _html(projector)
    assert html.escape(hostile) in shown and "<b>בתיכון</b>" not in shown
    console = session(f=created.facilitator_token)
    console.button(key="indicators.worry").click().run()  # the room is asked: the name is an option
    assert not console.exception
    with store.read() as db:
        assert len(queries.polls(db, fid)) == 1
    joined = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he")
    phone = session(p=joined.token)
    labels = [c.label for c in phone.checkbox]
    assert markdown_literal(isolate(hostile)) in labels  # shown as typed: no bold, no link


def test_the_managers_dashboard_shows_each_indicators_baseline_and_the_plans_target(live):
    from assistant.forum.indicators import Indicator
    from assistant.forum.work_plan import FocusArea
    from assistant.store.indicators import import_indicators
    from assistant.store.work_plan import save_work_plan

    store, created, session = live
    fid = created.forum.id
    import_indicators(store, fid, [Indicator("השתתפות בתנועות נוער", 17, "%", domain="youth", comparison=20, year=2021),
                                   Indicator("אקדמאים", 10, "%", domain="stem", year=2022)])
    manager = session(m=created.manager_token)
    assert [m.label for m in manager.metric] == ["הצטרפו", "רעיונות", "הצבעות", "השתתפות בתנועות נוער", "אקדמאים"]
    assert "בסיס: 2021; עדיין אין יעד בתכנית העבודה" in [c.value for c in manager.caption]
    labels = load_playbook(PROJECT / "prompts").domains
    assert [s.value for s in manager.subheader if s.value in (labels["youth"].he, labels["stem"].he)] == [
        labels["youth"].he, labels["stem"].he]  # two domains: grouped by domain
    save_work_plan(store, fid, [FocusArea("תנועת נוער בכל שכונה", operational=(
        {"goal": "א", "metrics": "השתתפות בתנועות נוער (בסיס: 17%)", "targets": "25% עד 2028"},))])
    manager = session(m=created.manager_token)
    assert not manager.exception
    assert "יעד בתכנית העבודה: 25% עד 2028 (תנועת נוער בכל שכונה)" in [c.value for c in manager.caption]


def test_the_situation_picture_from_the_uploaded_file_to_the_agenda_and_the_plan(live, playbook_plan):
    """Issue 30's path through the pages: the sample file uploaded and imported at the console,
    the projector stepped through it, three phones pick three, two challenges linked, and the
    documents built from what the pages stored."""
    import io

    from docx import Document

    from assistant.exports.bundle import build
    from assistant.exports.reading import read_snapshot
    from assistant.forum.indicator_file import SAMPLE
    from assistant.store.indicators import links
    from assistant.ui import projector_page

    store, created, session = live
    fid = created.forum.id
    commands.go_to_step(store, fid, _step(created.forum, "m2-situation-report").id)
    console = session(f=created.facilitator_token)
    console.file_uploader(key="indicators.upload").upload(SAMPLE.name, SAMPLE.read_bytes(), "text/csv").run()
    console.button(key="indicators.import").click().run()
    assert not console.exception
    assert "יובאו 12 מדדים." in [t.value for t in console.toast]
    names = list(console.dataframe[0].value["מדד"])
    assert len(names) == 12 and "השתתפות בתנועות נוער" in names

    for _ in range(10):
        console.button(key="indicators.next").click().run()
    projector = render_page(projector_page.render, f=created.facilitator_token)
    assert "השתתפות בתנועות נוער" in html.unescape(_html(projector))

    console.button(key="indicators.worry").click().run()
    with store.read() as db:
        poll = queries.active_poll(db, fid)
    option = {o.label: o.id for o in poll.options}
    for sector, chosen in (("ngo", ("השתתפות בתנועות נוער", "אקדמאים", "בתי אב")),
                           ("residents", ("השתתפות בתנועות נוער", "אקדמאים", "תושבים")),
                           ("education", ("השתתפות בתנועות נוער", "מדד הפריפריאליות", "ילדים עד גיל 17"))):
        person = commands.join(store, join_code=created.forum.join_code, sector=sector, language="he")
        phone = session(p=person.token)
        for name in chosen:
            phone.checkbox(key=f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.{option[name]}").check().run()
        phone.button(key=f"{state.PHONE_BALLOT_PREFIX}.{poll.id}.send").click().run()
        assert phone.success[0].value.startswith("ההצבעה שלך נקלטה.")
    commands.close_poll(store, fid, poll.id)

    commands.go_to_step(store, fid, _step(created.forum, "m2-root-problems").id)
    commands.open_collection(store, fid, "challenge")
    challenges = [commands.add_idea(store, fid, text).idea for text in
                  ("אין תנועת נוער פעילה בשכונות הצפון", "מעטים ממשיכים ללימודים אקדמיים")]
    console = session(f=created.facilitator_token)
    assert "1. השתתפות בתנועות נוער (3 בחירות)" in html.unescape(_html(console))
    ids = {s.indicator.name: s.id for s in reads.indicators(store, fid)}
    for idea, name in zip(challenges, ("השתתפות בתנועות נוער", "אקדמאים"), strict=True):
        console.selectbox(key="indicators.link_challenge").set_value(idea.id).run()
        console.multiselect(key=f"indicators.link_chosen.{idea.id}").set_value([ids[name]])
        console.button(key="indicators.links_save").click().run()
    with store.read() as db:
        assert {k: set(v) for k, v in links(db, fid).items()} == {
            challenges[0].id: {ids["השתתפות בתנועות נוער"]}, challenges[1].id: {ids["אקדמאים"]}}

    snapshot = read_snapshot(store, fid)
    agenda = Document(io.BytesIO(build("shared-agenda", snapshot, load_playbook(PROJECT / "prompts")).content))
    cells = [cell.text for table in agenda.tables for row in table.rows for cell in row.cells]
    assert "20% (יישובים דומים)" in cells and "השתתפות בתנועות נוער" in cells
    assert len(agenda.inline_shapes) >= 2  # the comparison chart and the continuum's
    plan = Document(io.BytesIO(build("work-plan", snapshot, load_playbook(PROJECT / "prompts")).content))
    problem = [cell.text for table in plan.tables for row in table.rows for cell in row.cells]
    assert any("[טיוטה, מתמונת המצב] השתתפות בתנועות נוער: 17%, מול 20% (יישובים דומים)" in c for c in problem)


def test_a_bad_indicators_file_is_refused_at_the_console_naming_its_row_and_column(live):
    store, created, session = live
    console = session(f=created.facilitator_token)
    bad = "שם המדד,ערך ביישוב\nתושבים,הרבה\nבתי אב,505\n".encode()
    console.file_uploader(key="indicators.upload").upload("מדדים.csv", bad, "text/csv").run()
    console.button(key="indicators.import").click().run()
    assert not console.exception
    [error] = console.error
    assert f"שורה 2, עמודה «{isolate('ערך ביישוב')}»\\: «{isolate('הרבה')}» אינו מספר" in error.value
    assert reads.indicators(store, created.forum.id) == []  # nothing half-imported
