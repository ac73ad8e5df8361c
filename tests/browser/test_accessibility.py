"""Accessibility in a real browser: axe-core (the engine behind Lighthouse's accessibility
audit, bundled by axe-playwright-python, nothing downloaded) finds no violation of the
WCAG rules it checks on any screen a participant, facilitator or manager uses: the phone
in each of its states, in light and dark mode and in each language, the projector, every
tab of the console, the work plan, the assistant, the manager view, search and home.

The page's language is the one it is written in (Streamlit's says "en" whatever it holds,
and a screen reader picks its voice by it). Before this test, captions were #828180 on white (3.9:1, under the 4.5:1 small text
needs), the QR codes had no text alternative, headings skipped a level, and long links
scrolled in boxes a keyboard could not reach."""

from __future__ import annotations

import pytest

from assistant.forum.indicator_file import sample_indicators
from assistant.i18n import translate
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands, queries
from assistant.store.indicators import import_indicators
from assistant.ui import state
from tests.browser.harness import expect, key, no_exception
from tests.live import PROJECT

pytestmark = pytest.mark.slow
axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")


# Streamlit's file uploader draws its drop zone as <section role="presentation" tabindex="-1"
# aria-label=...>, which axe calls a (minor) role conflict; its button and file input, which a
# keyboard or screen reader uses, are checked like everything else.
STREAMLIT_MARKUP = {("presentation-role-conflict", 'data-testid="stFileUploaderDropzone"')}


def _ours(violation: dict) -> bool:
    return not all(any(rule == violation["id"] and mark in node["html"] for rule, mark in STREAMLIT_MARKUP)
                   for node in violation["nodes"])


def violations(page) -> list[str]:
    """Each rule axe finds broken on the page, with the elements that break it."""
    no_exception(page)
    found = [v for v in axe_playwright.Axe().run(page).response["violations"] if _ours(v)]
    return [f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in found]


@pytest.fixture(scope="module")
def forum(live_store):
    created = commands.create_forum(live_store, title="פורום נגישות", locality="נצרת", domain="stem",
                                    language="he", plan=forum_plan(load_playbook(PROJECT / "prompts")))
    people = {lang: commands.join(live_store, join_code=created.forum.join_code, sector="residents",
                                  language=lang) for lang in ("he", "ar", "en")}
    # The situation picture's indicators: the console's data tab and the manager's dashboard show them.
    import_indicators(live_store, created.forum.id, sample_indicators())
    return created, people


@pytest.mark.parametrize(("language", "scheme"), [("he", "light"), ("ar", "dark"), ("en", "light")])
def test_every_screen_of_the_phone_passes(live_app, live_store, forum, browser, language, scheme):
    created, people = forum
    fid = created.forum.id
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  color_scheme=scheme)
    try:
        page = context.new_page()
        url = f"{live_app.url}?p={people[language].token}"
        page.goto(url)
        expect(page.get_by_role("heading", name=translate("phone.waiting", language))).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", language)  # the voice a screen reader reads in
        found = {"waiting": violations(page)}
        commands.open_collection(live_store, fid, "challenge")
        page.goto(url)
        expect(page.locator(key("phone.idea_text") + " textarea")).to_be_visible()
        found["collecting"] = violations(page)
        commands.close_collection(live_store, fid)
        for method, params in (("dots", None), ("ranking", {"top_n": 2}), ("rating", None)):
            poll = commands.create_poll(live_store, fid, title=f"סדרי עדיפויות ({method})", method=method,
                                        labels=["הסעות", "ספרייה", "מעבדה"], params=params, open_now=True)
            page.goto(url)
            expect(page.locator(key(f"phone.ballot.{poll.id}.send"))).to_be_visible()
            found[method] = violations(page)
            commands.cast_ballot(live_store, fid, poll.id, people["he"].participant.id,
                                 {"dots": {poll.options[0].id: 2}, "ranking": [poll.options[1].id],
                                  "rating": {o.id: {"impact": 4, "feasibility": 3} for o in poll.options}}[method])
            commands.close_poll(live_store, fid, poll.id)
        page.goto(url)
        expect(page.locator(key("phone.results"))).to_be_visible()
        found["results"] = violations(page)
    finally:
        context.close()
    assert {screen: broken for screen, broken in found.items() if broken} == {}


def test_the_facilitators_and_managers_pages_pass(live_app, live_store, forum, make_context):
    created, _ = forum
    fid = created.forum.id
    commands.add_idea(live_store, fid, "אין הסעות לחוגים", kind="challenge")
    for method, slip in (("ranking", lambda ids: ids[:2]),
                         ("rating", lambda ids: {ids[0]: {"impact": 4, "feasibility": 2}})):
        poll = commands.create_poll(live_store, fid, title=f"משימות ({method})", method=method,
                                    labels=["הסעות", "ספרייה", "מעבדה"], open_now=True)
        commands.add_paper_ballot(live_store, fid, poll.id, slip([o.id for o in poll.options]))
        commands.close_poll(live_store, fid, poll.id)  # the forum is the module's: later tests' phones vote anew
    base = live_app.url
    page = make_context().new_page()
    found: dict[str, list[str]] = {}
    page.goto(f"{base}?f={created.facilitator_token}")
    tabs = page.get_by_role("tab")
    expect(tabs).to_have_count(6)
    for index in range(6):
        tabs.nth(index).click()
        expect(tabs.nth(index)).to_have_attribute("aria-selected", "true")
        page.wait_for_timeout(500)  # the tab's own fragments draw
        found[f"console tab {index + 1}"] = violations(page)
    expect(page.locator(key("console.paper_add"))).to_have_count(1)  # the rating's slip form was checked
    page.get_by_text(translate("console.backup", "he")).click()  # on the links tab, shown last
    expect(page.locator(key("download-backup"))).to_be_visible()
    found["console backup"] = violations(page)
    page.goto(f"{base}projector?f={created.facilitator_token}")
    expect(page.locator(key("projector"))).to_be_visible()
    found["projector"] = violations(page)
    page.goto(f"{base}workplan?f={created.facilitator_token}")
    expect(page.get_by_role("heading", name=translate("work_plan.title", "he"))).to_be_visible()
    found["work plan"] = violations(page)
    page.goto(f"{base}assistant?f={created.facilitator_token}")
    page.get_by_test_id("stChatInputTextArea").fill("איך מדרגים את האתגרים?")
    page.get_by_test_id("stChatInputTextArea").press("Enter")
    expect(page.get_by_test_id("stExpander").first).to_be_visible()
    found["assistant"] = violations(page)
    page.goto(f"{base}?m={created.manager_token}")
    expect(page.get_by_text(translate("manager.read_only", "he"))).to_be_visible()
    found["manager"] = violations(page)
    page.goto(f"{base}search")
    query = page.locator(key(state.SEARCH_QUERY) + " input")
    query.fill("מה זה פורום עיצוב?")
    query.press("Enter")
    expect(page.get_by_test_id("stExpander").first).to_be_visible()
    found["search"] = violations(page)
    page.goto(base)
    expect(page.get_by_role("heading", name=translate("home.create_title", "he"))).to_be_visible()
    page.get_by_text(translate("home.restore_title", "he")).click()
    expect(page.get_by_role("button", name=translate("home.restore_choose", "he"))).to_be_visible()
    found["home"] = violations(page)
    assert {screen: broken for screen, broken in found.items() if broken} == {}


def tab_to(page, locator, limit: int = 40) -> None:
    """Press Tab until `locator` has the focus (a keyboard or switch user moves so)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def test_a_participant_sends_an_idea_and_votes_with_the_keyboard_alone(live_app, live_store, forum, browser):
    created, _ = forum
    fid = created.forum.id
    joined = commands.join(live_store, join_code=created.forum.join_code, sector="ngo", language="he")
    commands.open_collection(live_store, fid, "challenge")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{live_app.url}?p={joined.token}")
        box = page.locator(key("phone.idea_text") + " textarea")
        expect(box).to_be_visible()
        tab_to(page, box)
        page.keyboard.type("מרכז נוער פתוח בערבים")
        tab_to(page, page.locator(key("phone.send")).get_by_role("button"))
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("מרכז נוער פתוח בערבים")
        commands.close_collection(live_store, fid)
        poll = commands.create_poll(live_store, fid, title="מה קודם?", method="dots", labels=["הסעות", "ספרייה"],
                                    params={"budget": 3, "cap": 3}, open_now=True)
        page.goto(f"{live_app.url}?p={joined.token}")
        dots = page.locator(key(f"phone.ballot.{poll.id}.{poll.options[1].id}") + " input")
        expect(dots).to_be_visible()
        tab_to(page, dots)
        page.keyboard.press("ArrowUp")  # a number box steps with the arrow keys
        page.keyboard.press("ArrowUp")
        page.keyboard.press("Enter")
        expect(page.get_by_text(translate("phone.dots_left", "he", count=1, budget=3))).to_be_visible()
        tab_to(page, page.locator(key(f"phone.ballot.{poll.id}.send")).get_by_role("button"))
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(translate("phone.ballot_recorded", "he"))
    finally:
        context.close()
    with live_store.read() as session:
        ballot = queries.ballot_of(session, poll.id, joined.participant.id)
        ideas = queries.ideas(session, fid, participant_id=joined.participant.id)
    assert {e.option_id: e.value for e in ballot.entries} == {poll.options[1].id: 2}
    assert [i.text for i in ideas] == ["מרכז נוער פתוח בערבים"]
