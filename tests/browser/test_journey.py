"""A meeting step end to end in real browsers: a facilitator, three phones and a manager.

The facilitator creates a forum on the home page, opens meeting 2's challenge
collection from the console, three phones (one in Arabic) join by the join link and
send challenges, the facilitator merges a duplicate and opens a dot vote built from
the wall, the phones vote (one changes its ballot), the projector shows the result,
and the manager downloads the shared agenda, which names the winning challenge.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from assistant.forum.vocabulary import IdeaKind, IdeaStatus, VotingMethod
from assistant.i18n import isolate, translate
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands, queries
from assistant.store.database import SHARED_READ_SECONDS
from assistant.ui import state
from assistant.ui.common import LANGUAGE_NAMES
from tests.browser.harness import choose, expect, key, key_prefix, no_exception, notices_on_failure
from tests.live import PROJECT, running_app

pytestmark = pytest.mark.slow

TEACHERS = "אין מספיק מורים למתמטיקה ולמדעים בחטיבות הביניים"
TEACHERS_AGAIN = "אין מספיק מורים למתמטיקה ולמדעים בחטיבת הביניים!"
LABS = "نقص في المختبرات العلمية المجهزة في المدارس"
BUSES = "אין תחבורה ציבורית לחוגי העשרה בשעות אחר הצהריים"
DROPOUT = "בני נוער נושרים ממגמות מדעים בתיכון"
FROM_THE_ROOM = "הורים לא מכירים את מסלולי ההעשרה ביישוב"


def t(key_: str, lang: str = "he", **params) -> str:
    return translate(key_, lang, **params)


def token_of(url: str, param: str) -> str:
    return parse_qs(urlsplit(url).query)[param][0]


# Steps a person takes -------------------------------------------------------------


def create_forum(page, base_url: str) -> str:
    """The home page's form; returns the facilitator link it shows once."""
    page.goto(base_url)
    page.locator(key("home.title") + " input").fill("פורום עיצוב STEM")
    page.locator(key("home.locality") + " input").fill("בית הכרם")
    page.get_by_role("button", name=t("home.create_button")).click()
    link = page.get_by_role("link", name=t("home.open_console"))
    expect(link).to_be_visible()
    no_exception(page)
    return link.get_attribute("href")


def open_console(context, home_page):
    """The facilitator follows the link the home page gave (it opens a new tab)."""
    with context.expect_page() as opened:
        home_page.get_by_role("link", name=t("home.open_console")).click()
    console = opened.value
    expect(console.get_by_role("tab", name=t("console.tab_now"))).to_be_visible()
    expect(console.get_by_role("dialog")).to_have_count(0)  # no "Page not found"
    return console


def go_to_step(console, store, forum_id: int, meeting: int, step_key: str) -> None:
    with store.read() as session:
        step = next(s for s in queries.get_forum(session, forum_id).steps if s.key == step_key)
    side = console.get_by_test_id("stSidebar")
    side.get_by_text(t("console.meeting_n", n=meeting), exact=True).click()
    side.locator(key(f"console.goto.{step.id}")).get_by_role("button").click()
    expect(side.get_by_text(re.compile(rf"◀ {step.position + 1}\. "))).to_be_visible()  # the current step, its marker pointing into the text


def test_a_language_chosen_last_keeps_the_name_and_sector_already_given(live_app, live_store, make_context):
    """A person types a name and taps a sector, then switches to Arabic and taps join at once:
    both stay (the sector's buttons were relabelled; inside the form they came back blank)."""
    created = commands.create_forum(live_store, title="פורום שפות", locality="טמרה", domain="youth", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")))
    commands.open_collection(live_store, created.forum.id, "idea")
    phone = make_context("phone").new_page()
    phone.goto(live_app.url + f"phone?join={created.forum.join_code}")
    expect(phone.get_by_text("פורום שפות")).to_be_visible()  # named, with no code box to clear
    expect(phone.locator(key("phone.join_code"))).to_have_count(0)
    phone.locator(key("phone.name") + " input").fill("سمير")
    choose(phone, "phone.sector", t("sector.education"))
    choose(phone, "ui.language", LANGUAGE_NAMES["ar"])
    expect(phone.get_by_role("radio", name=t("sector.education", "ar"))).to_be_checked()
    expect(phone.locator(key("phone.name") + " input")).to_have_value("سمير")
    phone.locator(key("phone.join")).get_by_role("button").click()
    expect(phone.locator(key("phone.idea_text") + " textarea")).to_be_visible()
    no_exception(phone)
    with live_store.read() as session:
        [person] = queries.participants(session, created.forum.id)
    assert (person.display_name, person.sector, person.language) == ("سمير", "education", "ar")


def join(context, join_url: str, *, name: str, sector: str, language: str | None = None,
         ballot: bool = False):
    """A phone opens the join link, fills the form and joins; returns its page."""
    phone = context.new_page()
    phone.goto(join_url)
    if language:  # the language buttons at the top come first: a tap redraws the form in it
        choose(phone, "ui.language", LANGUAGE_NAMES[language])
    phone.locator(key("phone.name") + " input").fill(name)
    choose(phone, "phone.sector", t(f"sector.{sector}", language))
    phone.locator(key("phone.join")).get_by_role("button").click()
    landing = key_prefix("phone.ballot.") if ballot else key("phone.idea_text") + " textarea"
    expect(phone.locator(landing).first).to_be_visible()
    no_exception(phone)
    return phone


def send_idea(phone, text: str) -> None:
    box = phone.locator(key("phone.idea_text") + " textarea")
    box.fill(text)
    phone.locator(key("phone.send")).get_by_role("button").click()
    expect(phone.get_by_test_id("stAlertContentSuccess")).to_contain_text(text[:40])
    expect(box).to_have_value("")
    no_exception(phone)


def set_dots(phone, poll_id: int, dots: dict[int, int], budget: int, lang: str = "he", *,
             used: int | None = None) -> None:
    """Type dots for some options; `used` is the ballot's new total (default: these dots)."""
    for option_id, value in dots.items():
        box = phone.locator(key(f"phone.ballot.{poll_id}.{option_id}") + " input")
        box.fill(str(value))
        box.press("Enter")
        expect(box).to_have_value(str(value))
    used = sum(dots.values()) if used is None else used
    caption = phone.get_by_text(t("phone.dots_left", lang, count=budget - used, budget=budget))
    try:
        expect(caption).to_be_visible(timeout=10_000)
    except AssertionError:
        # On a loaded machine Streamlit can drop the rerun of a change that lands while the
        # phone's timed check (another fragment) runs: the box keeps its value, and the next
        # change sends every box's value with it (so does the send button; the ballots stored
        # are checked after). Seen once in about twenty CI runs.
        other = value - 1 if value > 0 else value + 1
        for typed in (other, value):
            box.fill(str(typed))
            box.press("Enter")
        expect(caption).to_be_visible()


def send_ballot(phone, poll_id: int, expected: str) -> None:
    phone.locator(key(f"phone.ballot.{poll_id}.send")).get_by_role("button").click()
    # The confirmation, then what was recorded.
    expect(phone.get_by_test_id("stAlertContentSuccess")).to_contain_text(expected)
    no_exception(phone)


# The journey ----------------------------------------------------------------------


def test_a_meeting_step_from_forum_creation_to_the_downloaded_agenda(live_app, live_store, make_context,
                                                                     tmp_path):
    store = live_store
    desk = make_context()
    home = desk.new_page()
    facilitator_url = create_forum(home, live_app.url)
    facilitator_token = token_of(facilitator_url, "f")
    forum_id = commands.authenticate(store, facilitator_token).forum_id

    # Meeting 2, the root-problems step; the facilitator opens challenge collection.
    console = open_console(desk, home)
    go_to_step(console, store, forum_id, 2, "m2-root-problems")
    console.locator(key("console.open_collection")).get_by_role("button").click()
    expect(console.locator(key("console.close_collection"))).to_be_visible()
    with store.read() as session:
        assert queries.get_forum(session, forum_id).collecting_kind is IdeaKind.CHALLENGE
    no_exception(console)

    # The join link, as the console shows it.
    console.get_by_role("tab", name=t("console.tab_links")).click()
    join_block = console.get_by_test_id("stCode").filter(has_text="join=")
    expect(join_block).to_be_visible()
    join_url = join_block.inner_text().strip()
    manager_url = console.get_by_test_id("stCode").filter(has_text="m=").inner_text().strip()
    assert urlsplit(join_url).netloc == urlsplit(live_app.url).netloc
    card = docx_text(download(console, "download-join-card", tmp_path))  # for the tables
    assert f"{urlsplit(join_url).netloc}/phone" in card and parse_qs(urlsplit(join_url).query)["join"][0] in card

    # Three phones join; the second one in Arabic.
    phones = {}
    for name, sector, lang in (("נועה", "residents", None), ("سمير", "ngo", "ar"),
                               ("Dana", "education", None)):
        phones[name] = join(make_context("phone"), join_url, name=name, sector=sector, language=lang)
    noa, samir, dana = phones.values()
    expect(samir.get_by_role("heading", name=t("phone.add.challenge", "ar"))) \
        .to_be_visible()
    expect(noa.get_by_role("heading", name=t("phone.add.challenge"))).to_be_visible()

    send_idea(noa, TEACHERS)
    send_idea(noa, DROPOUT)
    send_idea(samir, LABS)
    send_idea(dana, TEACHERS_AGAIN)
    send_idea(dana, BUSES)
    tokens = {name: token_of(page.url, "p") for name, page in phones.items()}
    with store.read() as session:
        people = {p.display_name: p for p in queries.participants(session, forum_id)}
        ideas = {i.text: i for i in queries.ideas(session, forum_id, meeting=2)}
    assert set(people) == set(phones)
    assert people["سمير"].language == "ar" and people["سمير"].sector.value == "ngo"
    assert set(ideas) == {TEACHERS, TEACHERS_AGAIN, LABS, BUSES, DROPOUT}
    assert {i.kind for i in ideas.values()} == {IdeaKind.CHALLENGE}
    assert ideas[LABS].participant_id == people["سمير"].id

    # The wall shows every challenge; the facilitator merges the suggested duplicate.
    console.get_by_role("tab", name=t("console.tab_ideas")).click()
    wall = console.locator(".idea")
    for text in ideas:
        expect(wall.filter(has_text=text)).to_have_count(1)
    first, second = sorted((ideas[TEACHERS].id, ideas[TEACHERS_AGAIN].id))
    console.locator(key(f"console.merge.{first}.{second}")).get_by_role("button").click()
    expect(wall.filter(has_text=TEACHERS_AGAIN)).to_have_count(0)
    with store.read() as session:
        merged = queries.get_idea(session, forum_id, ideas[TEACHERS_AGAIN].id)
    assert merged.status is IdeaStatus.MERGED and merged.merged_into_id == ideas[TEACHERS].id
    no_exception(console)

    # What a table said without phones, typed in from its notes.
    console.get_by_text(t("console.room_ideas")).click()
    console.locator(key(state.ROOM_TEXT) + " textarea").fill(f"- {FROM_THE_ROOM}\n")
    console.locator(key("console.room_add")).get_by_role("button").click()
    with notices_on_failure(console):  # seen once on CI: the idea never showed (why, unknown)
        expect(wall.filter(has_text=FROM_THE_ROOM)).to_have_count(1)
    with store.read() as session:
        typed = [i for i in queries.ideas(session, forum_id, meeting=2) if i.text == FROM_THE_ROOM]
    assert [(i.kind, i.participant_id) for i in typed] == [(IdeaKind.CHALLENGE, None)]

    # A dot vote over the four remaining challenges, opened on the phones.
    console.get_by_role("tab", name=t("console.tab_polls")).click()
    for text in (TEACHERS, LABS, BUSES, DROPOUT):
        choose(console, "console.poll_ideas", f"{t('kind.challenge')}: {isolate(text)}", multiple=True)
    console.keyboard.press("Escape")  # close the list
    console.locator(key("console.poll_method")).get_by_text(t("method.dots"), exact=True).click()
    console.locator(key("console.poll_title") + " input").fill("סדר עדיפויות לאתגרים")
    console.locator(key("console.poll_title") + " input").press("Enter")
    console.locator(key("console.create_poll")).get_by_role("button").click()
    expect(console.get_by_test_id("stToast").filter(has_text=t("console.poll_opened"))).to_be_visible()
    with store.read() as session:
        poll = queries.active_poll(session, forum_id)
    assert poll is not None and poll.method is VotingMethod.DOTS and len(poll.options) == 4
    budget = poll.params.budget
    option = {o.label: o.id for o in poll.options}
    assert set(option) == {TEACHERS, LABS, BUSES, DROPOUT}

    # The phones follow by themselves to the ballot; they vote, Dana changes her mind.
    for phone in phones.values():
        expect(phone.locator(key(f"phone.ballot.{poll.id}.send"))).to_be_visible()
    set_dots(noa, poll.id, {option[TEACHERS]: 3, option[LABS]: 2}, budget)
    send_ballot(noa, poll.id, t("phone.ballot_recorded"))
    set_dots(samir, poll.id, {option[TEACHERS]: 2, option[BUSES]: 3}, budget, "ar")
    send_ballot(samir, poll.id, t("phone.ballot_recorded", "ar"))
    set_dots(dana, poll.id, {option[LABS]: 3}, budget)
    send_ballot(dana, poll.id, t("phone.ballot_recorded"))
    set_dots(dana, poll.id, {option[LABS]: 0, option[TEACHERS]: 3}, budget)
    send_ballot(dana, poll.id, t("phone.ballot_replaced"))
    with store.read() as session:
        ballots = {b.participant_id: b for b in queries.ballots(session, forum_id, poll.id)}
    assert len(ballots) == 3 and ballots[people["Dana"].id].revision == 2
    totals = dict.fromkeys(option.values(), 0)
    for ballot in ballots.values():
        for entry in ballot.entries:
            totals[entry.option_id] += entry.value
    assert totals == {option[TEACHERS]: 8, option[LABS]: 2, option[BUSES]: 3, option[DROPOUT]: 0}

    # The projector shows the live result.
    console.get_by_test_id("stSidebarNav").get_by_role("link", name=t("nav.projector")).click()
    projector = console
    expect(projector.locator(".projector-idea").filter(has_text="סדר עדיפויות לאתגרים")).to_be_visible()
    expect(projector.get_by_text(t("results.voters_count", count=3))).to_be_visible()
    expect(projector.get_by_test_id("stVegaLiteChart")).to_have_count(1)
    no_exception(projector)

    # The manager opens the read-only view and downloads the shared agenda.
    manager = make_context().new_page()
    manager.goto(manager_url)
    expect(manager.get_by_text(t("manager.read_only"))).to_be_visible()
    expect(manager.get_by_role("dialog")).to_have_count(0)
    agenda = download(manager, "download-shared-agenda", tmp_path)
    assert agenda.name.startswith("shared-agenda-") and agenda.suffix == ".docx"
    text = docx_text(agenda)
    assert TEACHERS in text and TEACHERS_AGAIN not in text  # the winner; the merged duplicate is not
    assert text.index(TEACHERS) < text.index(BUSES) < text.index(LABS)  # in the room's order: 8, 3, 2 dots
    no_exception(manager)

    # No secret ended up in the server's log, the document or the exports folder.
    secrets_ = [facilitator_token, token_of(manager_url, "m"), *tokens.values()]
    log = live_app.log()
    assert log and not [s for s in secrets_ if s in log]
    assert "Traceback" not in log  # no page raised, on any of the seven tabs, even unseen
    exported = [agenda, *(live_app.data_dir / "exports").rglob("*.*")]
    assert len(exported) > 1  # the server kept its copy there
    for path in exported:
        content = file_text(path)
        assert not [s for s in secrets_ if s in content], path
    for page in (console, manager, *phones.values()):
        no_exception(page)


def download(page, widget_key: str, folder):
    """Click a download button and keep the file it gives."""
    button = page.locator(key(widget_key)).get_by_role("button")
    expect(button).to_be_visible()
    with page.expect_download() as info:
        button.click()
    name = info.value.suggested_filename
    assert date.today().isoformat() in name, name  # whose and when: the locality and the date
    path = folder / name
    info.value.save_as(path)
    return path


def file_text(path) -> str:
    """Everything in a file, unzipped if it is a zip (docx, xlsx), for a search for secrets."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return path.read_bytes().decode("utf-8", "replace")


def docx_text(path) -> str:
    from docx import Document

    document = Document(io.BytesIO(path.read_bytes()))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


# Reconnecting ---------------------------------------------------------------------


def test_a_phone_that_reloads_keeps_its_identity_and_its_ballot(live_app, live_store, make_context):
    store = live_store
    created = commands.create_forum(store, title="פורום חזרה", locality="עכו", domain="stem", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")))
    forum_id = created.forum.id
    poll = commands.create_poll(store, forum_id, title="מה קודם?", method="dots", labels=["א", "ב", "ג"],
                                params={"budget": 3, "cap": 2}, open_now=True)
    a, b, _ = (o.id for o in poll.options)
    context = make_context("phone")
    phone = join(context, live_app.url + f"phone?join={created.forum.join_code}", name="רונית",
                 sector="residents", ballot=True)
    set_dots(phone, poll.id, {a: 2, b: 1}, 3)
    send_ballot(phone, poll.id, t("phone.ballot_recorded"))
    link = phone.url
    assert "p=" in link

    def shows_my_ballot(page) -> None:
        expect(page.locator(key(f"phone.ballot.{poll.id}.{a}") + " input")).to_have_value("2")
        expect(page.locator(key(f"phone.ballot.{poll.id}.{b}") + " input")).to_have_value("1")
        expect(page.get_by_text(t("phone.dots_left", count=0, budget=3))).to_be_visible()
        no_exception(page)

    phone.reload()  # the same tab
    shows_my_ballot(phone)
    again = make_context("phone").new_page()  # the browser was closed; the link reopened from history
    again.goto(link)
    shows_my_ballot(again)
    set_dots(again, poll.id, {a: 1}, 3, used=2)
    send_ballot(again, poll.id, t("phone.ballot_replaced"))  # the same person: the ballot is replaced
    with store.read() as session:
        people = queries.participants(session, forum_id)
        ballot = queries.ballot_of(session, poll.id, people[0].id)
    assert len(people) == 1 and people[0].display_name == "רונית"
    assert ballot.revision == 2 and {e.option_id: e.value for e in ballot.entries} == {a: 1, b: 1}


@pytest.fixture
def quick_app(tmp_path):
    """A server whose pages refresh every second (the results on a waiting phone every 10 s)."""
    from assistant.store.database import open_store

    with running_app(tmp_path / "quick", {"FORUM_REFRESH_SECONDS": "1"}) as app:
        store = open_store(f"sqlite:///{app.data_dir / 'forum.db'}")
        yield app, store
        store.dispose()


def test_a_waiting_phone_follows_the_results_as_the_vote_closes_and_paper_is_counted(quick_app, make_context):
    """Nobody touches the phone: closing the vote shows its results; stickers counted on paper
    afterwards change no mode the phone follows, and still reach it within the results' refresh."""
    live_app, store = quick_app
    results_refresh_seconds = 10 * 1.0  # RESULTS_REFRESH_SECONDS with FORUM_REFRESH_SECONDS=1
    created = commands.create_forum(store, title="פורום נייר", locality="צפת", domain="stem", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")))
    forum_id = created.forum.id
    poll = commands.create_poll(store, forum_id, title="מה דחוף?", method="dots", labels=["הסעות", "ספרייה"],
                                params={"budget": 3, "cap": 3}, open_now=True)
    buses, library = (o.id for o in poll.options)
    phone = join(make_context("phone"), live_app.url + f"phone?join={created.forum.join_code}", name="דנה",
                 sector="residents", ballot=True)
    set_dots(phone, poll.id, {buses: 3}, 3)
    send_ballot(phone, poll.id, t("phone.ballot_recorded"))
    commands.close_poll(store, forum_id, poll.id)
    box = phone.locator(key("phone.results"))
    expect(box).to_contain_text(t("results.voters_count", count=1))
    expect(box).to_contain_text(isolate("הסעות"))
    commands.record_paper_votes(store, forum_id, poll.id, 2, {library: 5})
    wait_ms = int(results_refresh_seconds * 1000) + 10_000
    expect(box).to_contain_text(t("results.voters_count", count=3), timeout=wait_ms)
    expect(box.locator("p").nth(1)).to_contain_text("ספרייה")  # the paper dots now lead
    no_exception(phone)


def test_a_phone_that_scans_the_join_code_again_comes_back_as_the_same_person(live_app, live_store,
                                                                               make_context):
    """At the next meeting the QR code is scanned again, in a new tab: the phone remembers who
    joined on it. A shared phone lets the next person join as themselves."""
    store = live_store
    created = commands.create_forum(store, title="פורום חוזרים", locality="לוד", domain="youth", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")))
    forum_id = created.forum.id
    commands.open_collection(store, forum_id, "idea")
    join_url = live_app.url + f"phone?join={created.forum.join_code}"
    context = make_context("phone")
    first = join(context, join_url, name="סמיר", sector="ngo", language="ar")
    send_idea(first, "מועדון נוער פתוח בערב")
    first.close()

    back = context.new_page()
    back.goto(join_url)  # weeks later: the same code, a new tab
    expect(back.get_by_text(translate("phone.welcome_back", "ar"))).to_be_visible()  # in their language
    expect(back.get_by_text("מועדון נוער פתוח בערב")).to_be_visible()
    expect(back.locator(key("phone.join"))).to_have_count(0)
    no_exception(back)
    with store.read() as session:
        assert [p.display_name for p in queries.participants(session, forum_id)] == ["סמיר"]

    elsewhere = context.new_page()
    elsewhere.goto(live_app.url + "phone")  # no code: the forums this phone joined are offered
    elsewhere.locator(key(f"phone.continue.{forum_id}")).get_by_role("button").click()
    expect(elsewhere.get_by_text("מועדון נוער פתוח בערב")).to_be_visible()
    elsewhere.close()

    back.get_by_role("button", name=translate("phone.not_me", "ar")).click()  # a shared phone: asked twice
    back.locator(key("phone.not_me")).get_by_role("button").click()
    expect(back.locator(key("phone.join"))).to_be_visible()
    expect(back.get_by_text("פורום חוזרים")).to_be_visible()
    expect(back.locator(key("phone.join_code"))).to_have_count(0)  # the link's code, named as its forum
    expect(back.get_by_text("מועדון נוער פתוח בערב")).to_have_count(0)
    other = join(context, join_url, name="ליה", sector="residents")  # not taken for סמיר again
    expect(other.get_by_text("מועדון נוער פתוח בערב")).to_have_count(0)
    with store.read() as session:
        assert [p.display_name for p in queries.participants(session, forum_id)] == ["סמיר", "ליה"]
    again = context.new_page()
    again.goto(join_url)
    expect(again.get_by_text(t("phone.welcome_back"))).to_be_visible()
    expect(again.get_by_role("button", name=translate("phone.not_me", "he"))).to_be_visible()
    with store.read() as session:  # the phone now carries on as ליה
        assert len(queries.participants(session, forum_id)) == 2
    assert [c["value"] for c in context.cookies() if c["name"] == f"forum_p{forum_id}"] == [
        again.url.split("p=")[1].split("&")[0]]

    commands.change_join_code(store, forum_id)  # the code leaked: the printed cards now carry an old one
    time.sleep(SHARED_READ_SECONDS)  # changed by this test's process: the server sees it within that
    stale = context.new_page()
    stale.goto(join_url)  # the phone that joined offers to go on in its forum beside the join form
    stale.locator(key(f"phone.continue.{forum_id}")).get_by_role("button").click()
    expect(stale.get_by_text(t("phone.welcome_back"))).to_be_visible()
    no_exception(stale)


# Voting by tapping ------------------------------------------------------------------


@pytest.mark.parametrize("language", ["he", "ar"])
def test_phones_rank_and_rate_by_tapping_and_send_with_one_tap(live_app, live_store, make_context, language):
    """Ranking: tap the options in order, each shows its place, a tap again takes it back.
    Rating: 1-5 buttons per criterion, always on screen. Sending takes one tap even with the
    "Not you?" panel still open over the page (a list left open once swallowed the first tap)."""
    store = live_store
    created = commands.create_forum(store, title="פורום הקשות", locality="טייבה", domain="stem", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")))
    fid = created.forum.id
    ranking = commands.create_poll(store, fid, title="דירוג", method="ranking", labels=["הסעות", "ספרייה", "מעבדה"],
                                   params={"top_n": 2}, open_now=True)
    phone = join(make_context("phone"), live_app.url + f"phone?join={created.forum.join_code}", name="סמיר",
                 sector="ngo", language=language, ballot=True)
    first, second, third = (o.id for o in ranking.options)
    tap = {oid: phone.locator(key(f"phone.ballot.{ranking.id}.pick.{oid}")).get_by_role("button")
           for oid in (first, second, third)}
    expect(tap[first]).to_be_visible()
    expect(phone.get_by_role("listbox")).to_have_count(0)  # nothing that opens a list
    tap[third].click()
    expect(tap[third]).to_contain_text("1")
    tap[first].click()
    expect(tap[first]).to_contain_text("2")
    tap[third].click()  # taken back: the other moves up
    expect(tap[first]).to_contain_text("1")
    tap[second].click()
    expect(tap[second]).to_contain_text("2")
    phone.get_by_text(t("phone.not_me", language)).click()  # a panel left open over the page
    expect(phone.get_by_text(t("phone.not_me_help", language))).to_be_visible()
    phone.locator(key(f"phone.ballot.{ranking.id}.send")).get_by_role("button").click()  # one tap
    expect(phone.get_by_test_id("stAlertContentSuccess")).to_contain_text(t("phone.ballot_recorded", language))
    with store.read() as session:
        ballot = queries.ballot_of(session, ranking.id, queries.participants(session, fid)[0].id)
    assert [e.option_id for e in sorted(ballot.entries, key=lambda e: e.value)] == [first, second]

    commands.close_poll(store, fid, ranking.id)
    rating = commands.create_poll(store, fid, title="השפעה וישימות", method="rating", labels=["הסעות", "ספרייה"],
                                  open_now=True)
    a, _ = (o.id for o in rating.options)
    impact = phone.locator(key(f"phone.ballot.{rating.id}.{a}.impact"))
    expect(impact.get_by_role("radio")).to_have_count(5)  # the scale on screen before a tap
    expect(phone.get_by_text(t("phone.not_rated", language)).first).to_be_visible()
    one, five = impact.get_by_role("radio", name="1", exact=True), impact.get_by_role("radio", name="5", exact=True)
    right_to_left = one.bounding_box()["x"] > five.bounding_box()["x"]
    assert right_to_left  # 1 at the right in Hebrew and Arabic
    impact.get_by_role("radio", name="4", exact=True).click()
    expect(impact.get_by_role("radio", name="4", exact=True)).to_be_checked()
    feasibility = phone.locator(key(f"phone.ballot.{rating.id}.{a}.feasibility"))
    feasibility.get_by_role("radio", name="2", exact=True).click()
    expect(feasibility.get_by_role("radio", name="2", exact=True)).to_be_checked()
    phone.locator(key(f"phone.ballot.{rating.id}.send")).get_by_role("button").click()
    expect(phone.get_by_test_id("stAlertContentSuccess")).to_contain_text(t("phone.ballot_recorded", language))
    with store.read() as session:
        ballot = queries.ballot_of(session, rating.id, queries.participants(session, fid)[0].id)
    assert {(e.option_id, e.criterion, e.value) for e in ballot.entries} == {(a, "impact", 4), (a, "feasibility", 2)}
    no_exception(phone)
