"""No framework English on a Hebrew or Arabic screen: every screen a participant, facilitator
or manager sees, swept in a real browser for Latin-letter interface words (text on screen,
placeholders, names screen readers read) that are not people's own content, a code, a link,
or a name the app keeps in Latin (STEM, PIN, QR, the file formats, "English" among the languages).

Seen before: "Choose options", "Choose an option", "Select all", "Press Ctrl+Enter to apply"
on screen, and "Skip to main content", "Main menu", "Help for …" for screen readers."""

from __future__ import annotations

import json
import re

import pytest

from assistant.forum.indicator_file import sample_indicators
from assistant.i18n import translate
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands
from assistant.store.indicators import import_indicators
from assistant.ui import state
from tests.browser.harness import choose, expect, key, no_exception, settled
from tests.live import PROJECT

pytestmark = pytest.mark.slow

# What a page shows or names, with whether it is content (people's or the documents' words, a
# code or a link), which may be in any script.
SWEEP = """() => {
  const found = [];
  const content = (el) => !!el.closest('.literal, .option, .my-idea, .poll-title, .forum-title, .phone-prompt, '
    + '.projector-idea, .projector-code, .projector-address, [data-testid="stCode"], '
    + '[data-testid="stExpanderDetails"], [data-testid="stIconMaterial"], [data-testid="stExpanderIcon"], '
    + '[data-testid="stDataFrame"], code, [aria-hidden="true"], [role="img"][translate="no"]');  // icons
  const shown = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const p = n.parentElement, t = n.nodeValue.trim();
    if (!t || !p || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(p.tagName)) continue;
    if (shown(p) || p.closest('[data-testid="stSkipToContent"]')) found.push(['text', t, content(p)]);
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]'))
    for (const a of ['placeholder', 'aria-label', 'title']) {
      const v = el.getAttribute(a);
      if (v && v.trim()) found.push([a, v.trim(), content(el)]);
    }
  return found;
}"""
KEPT_IN_LATIN = {"STEM", "PIN", "QR", "JSON", "json", "MB", "English", "Word", "Enter", "Ctrl", "CSV", "csv",
                 "xlsx", "docx", "zip", "Excel", "PNG", "SVG", "F11"}  # F11: a key's name
LINK = re.compile(r"https?://\S+|\b[\w.-]+:\d+/\S*")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’]*")


def interface_english(page, content: tuple[str, ...] = ()) -> list[str]:
    """Interface text on the page with Latin words that are not content, a code or a link."""
    no_exception(page)
    page.wait_for_timeout(300)  # the page's words script runs right after the page draws
    found = set()
    for kind, text, is_content in page.evaluate(SWEEP):
        if is_content:
            continue
        rest = LINK.sub("", text)
        for item in content:
            rest = rest.replace(item, "")
        words = [w for w in WORD.findall(rest) if w not in KEPT_IN_LATIN and not re.fullmatch(r"[A-Z0-9]{6}", w)]
        if words:
            found.add(f"{kind}: {text[:80]}")
    return sorted(found)


@pytest.fixture(scope="module")
def forum(live_store):
    created = commands.create_forum(live_store, title="פורום שפות STEM", locality="טמרה", domain="stem",
                                    language="he", plan=forum_plan(load_playbook(PROJECT / "prompts")),
                                    pin="1357")
    people = {lang: commands.join(live_store, join_code=created.forum.join_code, sector="residents",
                                  language=lang) for lang in ("he", "ar")}
    # The situation picture's indicators: the console's data tab and the manager's dashboard show them.
    import_indicators(live_store, created.forum.id, sample_indicators())
    return created, people


@pytest.mark.parametrize("language", ["he", "ar"])
def test_every_phone_screen_speaks_only_its_language(live_app, live_store, forum, make_context, language):
    created, people = forum
    fid = created.forum.id
    context = make_context("phone", locale={"he": "he-IL", "ar": "ar-IL"}[language])
    found = {}
    page = context.new_page()
    page.goto(f"{live_app.url}phone?join={created.forum.join_code}")  # a stranger: the browser's language
    expect(page.get_by_role("heading", name=translate("phone.join_title", language))).to_be_visible()
    found["join"] = interface_english(page)
    url = f"{live_app.url}?p={people[language].token}"
    page.goto(url)
    expect(page.get_by_role("heading", name=translate("phone.waiting", language))).to_be_visible()
    found["waiting"] = interface_english(page)
    commands.open_collection(live_store, fid, "challenge")
    page.goto(url)
    expect(page.locator(key("phone.idea_text") + " textarea")).to_be_visible()
    page.locator(key("phone.idea_text") + " textarea").fill("מרכז למידה")
    found["collecting"] = interface_english(page)  # with what is typed, and its typing hint
    commands.close_collection(live_store, fid)
    for method in ("dots", "ranking", "rating"):
        poll = commands.create_poll(live_store, fid, title=f"הצבעה {method}", method=method,
                                    labels=["הסעות", "ספרייה", "מעבדה"], open_now=True)
        page.goto(url)
        expect(page.locator(key(f"phone.ballot.{poll.id}.send"))).to_be_visible()
        found[method] = interface_english(page, (method,))
        commands.cast_ballot(live_store, fid, poll.id, people[language].participant.id,
                             {"dots": {poll.options[0].id: 2}, "ranking": [poll.options[1].id],
                              "rating": {o.id: {"impact": 4, "feasibility": 3} for o in poll.options}}[method])
        commands.close_poll(live_store, fid, poll.id)
    page.goto(url)
    expect(page.locator(key("phone.results"))).to_be_visible()
    found["results"] = interface_english(page, ("rating",))
    failing = {screen: words for screen, words in found.items() if words}
    assert not failing, json.dumps(failing, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("language", ["he", "ar"])
def test_every_facilitator_and_manager_screen_speaks_only_its_language(live_app, live_store, forum, make_context,
                                                                      language):
    created, _ = forum
    base, token = live_app.url, created.facilitator_token
    page = make_context().new_page()
    found: dict[str, list[str]] = {}
    page.goto(f"{base}?f={token}")
    expect(page.locator(key("console.pin") + " input")).to_be_visible()
    if language != "he":
        choose(page, "ui.language", {"ar": "العربية"}[language])
        expect(page.get_by_role("heading", name=translate("console.locked_title", language))).to_be_visible()
    found["pin form"] = interface_english(page)
    page.locator(key("console.pin") + " input").fill("1357")
    page.keyboard.press("Enter")
    tabs = page.get_by_role("tab")
    expect(tabs).to_have_count(6)
    for index in range(6):
        tabs.nth(index).click()
        expect(tabs.nth(index)).to_have_attribute("aria-selected", "true")
        page.wait_for_timeout(500)
        found[f"console tab {index + 1}"] = interface_english(page)
    for path, what in (("projector", "projector"), ("workplan", "work plan"), ("assistant", "assistant")):
        page.goto(f"{base}{path}?f={token}")
        settled(page)
        found[what] = interface_english(page)
    page.goto(f"{base}?m={created.manager_token}")
    settled(page)
    found["manager"] = interface_english(page)
    page.goto(f"{base}search")  # no link: the browser's language (Hebrew here), chosen again
    settled(page)
    if language != "he":
        choose(page, "ui.language", {"ar": "العربية"}[language])
        expect(page.get_by_role("heading", name=translate("search.title", language))).to_be_visible()
    found["search"] = interface_english(page)
    # A number past a box's bounds: Streamlit's own check, said in the page's language both to a
    # screen reader and in the box's warning mark.
    box = page.locator(key(state.SEARCH_K))
    box.locator("input").fill("25")
    box.locator("input").press("Tab")
    said = translate("framework.number_between", language, low=1, high=20)
    expect(box.get_by_role("alert")).to_have_text(f"{translate('framework.error', language)}: {said}")
    box.locator("svg").first.hover()
    expect(page.get_by_role("tooltip")).to_contain_text(said)
    found["search, a number out of bounds"] = interface_english(page)
    page.goto(base)  # a stranger's page: the browser's language (Hebrew here), chosen again
    if language != "he":
        choose(page, "ui.language", {"ar": "العربية"}[language])
    page.get_by_text(translate("home.restore_title", language)).click()
    found["home"] = interface_english(page)
    failing = {screen: words for screen, words in found.items() if words}
    assert not failing, json.dumps(failing, ensure_ascii=False, indent=1)
