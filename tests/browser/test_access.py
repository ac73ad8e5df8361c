"""The same links in a real browser, under every page path the app has: a participant's link
shows only its phone, a manager's only the read-only view, a guessed one nothing."""

from __future__ import annotations

import secrets

import pytest

from assistant.i18n import translate
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands
from tests.browser.harness import expect, key_prefix, no_exception
from tests.live import PROJECT

pytestmark = pytest.mark.slow
PATHS = ("", "console", "projector", "assistant", "workplan", "manager", "phone", "search", "home")


@pytest.fixture(scope="module")
def forum(live_store):
    created = commands.create_forum(live_store, title="פורום הרשאות", locality="רמלה", domain="youth",
                                    language="he", plan=forum_plan(load_playbook(PROJECT / "prompts")))
    joined = commands.join(live_store, join_code=created.forum.join_code, sector="residents", language="he")
    return created, joined


def test_a_participant_link_shows_only_its_phone_whatever_the_path(live_app, forum, make_context):
    _, joined = forum
    page = make_context("phone").new_page()
    for path in PATHS:
        page.goto(f"{live_app.url}{path}?p={joined.token}")
        expect(page.get_by_role("heading", name=translate("phone.waiting", "he"))).to_be_visible()
        expect(page.get_by_test_id("stDialog")).to_have_count(0)  # not Streamlit's "Page not found"
        expect(page.locator(key_prefix("console."))).to_have_count(0)
        expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
        no_exception(page)


def test_a_manager_link_shows_only_the_read_only_view_whatever_the_path(live_app, forum, make_context):
    created, _ = forum
    page = make_context().new_page()
    for path in PATHS:
        page.goto(f"{live_app.url}{path}?m={created.manager_token}")
        if path == "search":
            expect(page.get_by_role("heading", name=translate("search.title", "he"))).to_be_visible()
            continue
        expect(page.get_by_text(translate("manager.read_only", "he"))).to_be_visible()
        expect(page.get_by_test_id("stDialog")).to_have_count(0)
        expect(page.locator(key_prefix("console."))).to_have_count(0)
        nav = page.get_by_test_id("stSidebarNav").get_by_role("link")
        expect(nav).to_have_count(2)
        expect(nav).to_contain_text([translate("nav.manager", "he"), translate("nav.search", "he")])
        no_exception(page)


def test_a_guessed_link_shows_nothing_of_any_forum(live_app, forum, make_context):
    created, _ = forum
    page = make_context().new_page()
    for param in ("f", "m", "p"):
        page.goto(f"{live_app.url}?{param}={secrets.token_urlsafe(24)}")
        expect(page.get_by_text(translate("error.access_denied", "he"))).to_be_visible()
        expect(page.get_by_role("tab")).to_have_count(0)
        expect(page.get_by_text(created.forum.join_code)).to_have_count(0)
        expect(page.get_by_text(created.forum.title)).to_have_count(0)
        no_exception(page)


def test_a_path_the_app_does_not_have_opens_the_links_own_page_and_says_so(live_app, forum, make_context):
    """Not Streamlit's "Page not found" box, in English over the page."""
    created, joined = forum
    page = make_context().new_page()
    notice = translate("nav.unknown_path", "he", path="\u2068/nothing\u2069")
    page.goto(f"{live_app.url}nothing")
    expect(page.get_by_role("heading", name=translate("home.create_title", "he"))).to_be_visible()
    expect(page.get_by_test_id("stAlert")).to_have_text(notice)
    expect(page.get_by_test_id("stDialog")).to_have_count(0)
    page.goto(f"{live_app.url}consol?f={created.facilitator_token}")  # a letter short
    expect(page.get_by_role("tab")).to_have_count(6)
    expect(page.get_by_test_id("stAlert").filter(has_text="/consol")).to_have_count(1)
    expect(page.get_by_test_id("stDialog")).to_have_count(0)
    phone = make_context("phone").new_page()
    phone.goto(f"{live_app.url}phone_x?p={joined.token}")
    expect(phone.get_by_role("heading", name=translate("phone.waiting", "he"))).to_be_visible()
    expect(phone.get_by_test_id("stDialog")).to_have_count(0)
    no_exception(page)
    no_exception(phone)
