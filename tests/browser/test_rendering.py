"""Hostile text in a real browser: on the phone that sends it, on the facilitator's wall and
on the projector it reads as typed, and no element, link, image or script comes of it."""

from __future__ import annotations

import pytest

from assistant.i18n import translate
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands
from tests.apptest import shown
from tests.browser.harness import choose, expect, key, no_exception, show_on_projector
from tests.hostile.strings import BY_NAME, MARKUP
from tests.live import PROJECT

pytestmark = pytest.mark.slow
# The phone sends the first itself (a Markdown link: its confirmation quotes it).
SHOWN = (BY_NAME["markdown-link"], *(c for c in MARKUP if c.name != "markdown-link"), BY_NAME["emoji"],
         BY_NAME["mixed-scripts"], BY_NAME["zero-width"])


def t(key_: str, **params) -> str:
    return translate(key_, "he", **params)


def watch_for_script(page) -> list[str]:
    """Alerts and dialogs the page opens (none may come from user text)."""
    opened = []
    page.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    return opened


def assert_inert(page, where) -> None:
    """Nothing the hostile strings describe exists as an element, and none of their scripts ran."""
    for selector in ('a[href*="evil.example"]', 'img[src*="evil.example"]', 'img[src="x"]', "svg[onload]",
                     "[onerror]", '[style*="position:fixed"]', "b:text('מודגש')", "del", "code:text('code')"):
        expect(where.locator(selector)).to_have_count(0)
    for heading in ("h1", "h2"):
        expect(where.locator(heading).filter(has_text="כותרת")).to_have_count(0)
    assert page.evaluate("() => window.__pwned") is None
    no_exception(page)


def test_hostile_text_reads_as_typed_on_the_phone_the_wall_and_the_projector(live_app, live_store,
                                                                             make_context):
    store = live_store
    created = commands.create_forum(store, title="פורום <b>בדיקה</b>", locality="חיפה", domain="stem",
                                    language="he", plan=forum_plan(load_playbook(PROJECT / "prompts")))
    forum_id = created.forum.id
    commands.open_collection(store, forum_id, "idea")
    joined = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he")
    for case in SHOWN[1:]:
        commands.add_idea(store, forum_id, case.typed, participant_id=joined.participant.id)

    # The phone sends the first one itself: the confirmation quotes it, as text.
    phone = make_context("phone").new_page()
    phone_dialogs = watch_for_script(phone)
    phone.goto(f"{live_app.url}?p={joined.token}")
    first = SHOWN[0]
    phone.locator(key("phone.idea_text") + " textarea").fill(first.typed)
    phone.locator(key("phone.send")).get_by_role("button").click()
    notice = phone.get_by_test_id("stAlertContentSuccess")
    expect(notice).to_be_visible()
    assert shown(notice.inner_text()) == t("phone.idea_recorded", text=first.stored[:80])
    mine = phone.locator(".my-idea")  # the latest ten the phone sent, the new one first
    expect(mine.first).to_have_text(first.stored)
    expect(mine).to_have_count(min(len(SHOWN), 10))
    assert_inert(phone, phone.locator("main"))

    # The facilitator's wall and the projector's idea wall.
    desk = make_context()
    console = desk.new_page()
    console_dialogs = watch_for_script(console)
    console.goto(f"{live_app.url}?f={created.facilitator_token}")
    console.get_by_role("tab", name=t("console.tab_ideas")).click()
    wall = console.locator(".idea")
    expect(wall).to_have_count(len(SHOWN))
    for case in SHOWN:
        expect(wall.filter(has_text=case.stored.split("\n")[0])).to_have_count(1)
    expect(console.locator(".forum-title")).to_have_text("פורום <b>בדיקה</b>")
    assert_inert(console, console.locator("main"))

    console.get_by_test_id("stSidebarNav").get_by_role("link", name=t("nav.projector")).click()
    show_on_projector(console, "ideas")
    big = console.locator(".projector-idea")
    expect(big).to_have_count(len(SHOWN))
    texts = big.all_inner_texts()
    for case in SHOWN:
        assert case.stored in texts, case.name  # line breaks and all
    assert_inert(console, console.locator("main"))
    assert phone_dialogs == [] and console_dialogs == []


def test_a_join_link_carrying_markup_explains_itself_as_text(live_app, make_context):
    phone = make_context("phone").new_page()
    dialogs = watch_for_script(phone)
    code = BY_NAME["markdown-link"].typed
    phone.goto(f"{live_app.url}phone?join={code}")
    expect(phone.locator(key("phone.join_code") + " input")).to_have_value(code)
    choose(phone, "phone.sector", translate("sector.ngo", "he"))
    phone.locator(key("phone.join")).get_by_role("button").click()
    expect(phone.get_by_test_id("stAlertContentError")).to_contain_text("קוד")
    assert_inert(phone, phone.locator("main"))
    assert dialogs == []
