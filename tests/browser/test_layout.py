"""Right-to-left layout in a real browser: the sidebar sits on the right, and on a phone,
where it starts folded away, none of it shows over the page."""

from __future__ import annotations

import re

import pytest

from assistant import links
from assistant.i18n import translate
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands
from tests.browser.harness import choose, expect, key, no_exception, show_on_projector
from tests.live import PROJECT

pytestmark = pytest.mark.slow


def sidebar_bits_on_screen(page) -> list[str]:
    """Text or icons of the sidebar that the viewport shows (visible and inside it)."""
    return page.evaluate(
        """() => {
        const width = window.innerWidth, height = window.innerHeight;
        const bits = [];
        for (const el of document.querySelectorAll('[data-testid="stSidebarContent"] *')) {
            if (el.children.length || !(el.textContent || '').trim()) continue;
            const box = el.getBoundingClientRect(), style = getComputedStyle(el);
            const inside = box.right > 0 && box.left < width && box.bottom > 0 && box.top < height;
            if (inside && box.width > 0 && style.visibility === 'visible' && style.opacity !== '0')
                bits.push(el.textContent.trim());
        }
        return bits;
    }"""
    )


def open_rtl(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => getComputedStyle(document.querySelector('.stApp')).direction === 'rtl'")
    expect(page.get_by_test_id("stSidebarNavLink").first).to_be_attached()
    no_exception(page)


@pytest.fixture(scope="module")
def forum(live_store):
    return commands.create_forum(live_store, title="פורום פריסה", locality="חיפה", domain="stem",
                                 language="he", plan=forum_plan(load_playbook(PROJECT / "prompts")))


@pytest.mark.parametrize("who", ["visitor", "facilitator"])
def test_on_a_phone_the_folded_sidebar_shows_nothing_over_the_page(live_app, forum, make_context, who):
    page = make_context("phone").new_page()
    query = f"?f={forum.facilitator_token}" if who == "facilitator" else f"phone?join={forum.forum.join_code}"
    open_rtl(page, f"{live_app.url}{query}")
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    assert sidebar_bits_on_screen(page) == []

    page.get_by_test_id("stExpandSidebarButton").click()
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "false")
    expect(page.get_by_test_id("stSidebarNavLink").first).to_be_visible()
    assert sidebar_bits_on_screen(page)


def test_on_a_desktop_the_sidebar_is_on_the_right_and_folds_away_cleanly(live_app, forum, make_context):
    page = make_context().new_page()
    open_rtl(page, f"{live_app.url}?f={forum.facilitator_token}")
    sidebar = page.get_by_test_id("stSidebar").bounding_box()
    main = page.get_by_test_id("stMain").bounding_box()
    assert sidebar["x"] >= main["x"] + main["width"] - 1

    page.get_by_test_id("stSidebar").hover()
    page.get_by_test_id("stSidebarCollapseButton").get_by_role("button").click()
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    assert sidebar_bits_on_screen(page) == []
    assert page.get_by_test_id("stSidebar").evaluate("el => getComputedStyle(el).visibility") == "hidden"
    # On a loaded machine the click can land while the sidebar is still sliding away, and is lost.
    nav = page.get_by_test_id("stSidebarNavLink").first
    expand = page.get_by_test_id("stExpandSidebarButton")
    for _ in range(3):
        if expand.is_visible():
            expand.click()
        try:
            expect(nav).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            continue
    expect(nav).to_be_visible()


def test_links_read_left_to_right_from_their_start(live_app, forum, make_context):
    page = make_context().new_page()
    open_rtl(page, f"{live_app.url}?f={forum.facilitator_token}")
    page.get_by_role("tab", name=translate("console.tab_links", "he")).click()
    blocks = page.get_by_test_id("stCode").locator("pre")
    expect(blocks).to_have_count(4)  # the join link, the projector, manager and facilitator links
    for block in blocks.all():
        assert block.evaluate("el => getComputedStyle(el).direction") == "ltr"
        start = block.evaluate("""el => {
            const text = document.createTreeWalker(el, NodeFilter.SHOW_TEXT).nextNode();
            const range = document.createRange();
            range.setStart(text, 0); range.setEnd(text, Math.min(4, text.length));
            const word = range.getBoundingClientRect(), box = el.getBoundingClientRect();
            return word.left >= box.left - 1 && word.right <= box.right + 1; }""")
        assert start, block.inner_text()  # "http" is on screen


def within(page, part, width: int, height: int) -> dict:
    box = part.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, (part, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (part, box)
    return box


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1024, 768)])
def test_the_projector_keeps_the_qr_large_with_the_address_beside_the_ideas(live_app, forum, make_context,
                                                                          width, height):
    page = make_context(viewport={"width": width, "height": height}).new_page()
    open_rtl(page, f"{live_app.url}projector?f={forum.facilitator_token}")
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")  # opens folded
    show_on_projector(page, "ideas")
    side = page.locator(key("projector-side"))
    expect(side.locator(".projector-code")).to_have_text(forum.forum.join_code)
    expect(side.locator(".projector-address")).to_have_text(re.compile(r"/phone$"))
    assert side.locator(".projector-code").evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    qr = within(page, side.locator(".st-key-projector-qr img"), width, height)
    assert qr["height"] >= 0.4 * height, qr  # scannable from the back of the hall
    for part in (side.locator(".projector-code"), side.locator(".projector-address")):
        within(page, part, width, height)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720), (1024, 768)])
def test_the_projectors_join_screen_fits_the_screen(live_app, forum, make_context, width, height):
    """The hall joins from what it sees: the QR code, the code and the address, none below the fold."""
    page = make_context(viewport={"width": width, "height": height}).new_page()
    open_rtl(page, f"{live_app.url}projector?f={forum.facilitator_token}")
    show_on_projector(page, "join")
    code = page.locator(".projector-code")
    expect(code).to_have_text(forum.forum.join_code)
    expect(page.locator(".projector-address")).to_have_text(re.compile(r"/phone$"))
    for part in (page.locator(".st-key-projector-qr img"), code, page.locator(".projector-address")):
        within(page, part, width, height)
    assert page.locator(".st-key-projector-qr img").bounding_box()["height"] >= 0.4 * height  # still large


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1024, 768)])
@pytest.mark.parametrize("method", ["dots", "rating"])
def test_a_votes_results_fit_the_projector_and_stay_after_it_closes(live_app, live_store, make_context, width,
                                                                   height, method):
    created = commands.create_forum(live_store, title="פורום מקרן", locality="חדרה", domain="stem", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")))
    fid = created.forum.id
    people = [commands.join(live_store, join_code=created.forum.join_code, sector="ngo", language="he")
              for _ in range(4)]
    labels = ["הסעות לחוגי העשרה מכל השכונות", "מרכז למידה פתוח בערבים", "חונכות של סטודנטים לתלמידים",
              "מיפוי שנתי של הנתונים ביישוב", "פורום הורים שמוביל יחד עם בית הספר", "מעבדת מדע ניידת"]
    poll = commands.create_poll(live_store, fid, title="מה קודם?", method=method, labels=labels, open_now=True)
    for n, person in enumerate(people):
        ids = [o.id for o in poll.options]
        choices = ({ids[n]: 3, ids[n + 1]: 2} if method == "dots" else
                   {o: {"impact": 1 + (n + k) % 5, "feasibility": 1 + (n * k) % 5} for k, o in enumerate(ids)})
        commands.cast_ballot(live_store, fid, poll.id, person.participant.id, choices)
    commands.close_poll(live_store, fid, poll.id)  # closed: its results stay until the room moves on
    page = make_context(viewport={"width": width, "height": height}).new_page()
    open_rtl(page, f"{live_app.url}projector?f={created.facilitator_token}")
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart).to_be_visible()
    within(page, chart, width, height)
    if method == "rating":
        legend = page.locator(".projector-legend")
        expect(legend).to_contain_text("1.")
        within(page, legend, width, height)
    else:  # each bar carries its number
        expect(chart.locator("g.mark-text.role-mark text")).to_have_text(["5", "5", "5", "3", "2", "0"])
    commands.advance_step(live_store, fid)  # the facilitator moves on: the results give way
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(0, timeout=15_000)


def test_result_chart_labels_stand_clear_of_the_bars(live_app, live_store, make_context):
    created = commands.create_forum(live_store, title="פורום תוצאות", locality="חיפה", domain="stem", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")))
    forum_id = created.forum.id
    labels = ["רצף מהגן ועד התעסוקה", "שיתוף תושבים לאורך כל הדרך", "נגישות לכל הילדים, בכל השכונות"]
    poll = commands.create_poll(live_store, forum_id, title="עקרונות", method="dots", labels=labels, open_now=True)
    for n in range(3):
        voter = commands.join(live_store, join_code=created.forum.join_code, sector="ngo", language="he")
        commands.cast_ballot(live_store, forum_id, poll.id, voter.participant.id, {poll.options[n].id: n + 1})
    commands.close_poll(live_store, forum_id, poll.id)

    page = make_context().new_page()
    open_rtl(page, f"{live_app.url}?f={created.facilitator_token}")
    page.get_by_role("tab", name=translate("console.tab_results", "he")).click()
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart.locator(".role-axis-label text").filter(has_text=labels[0])).to_have_count(1)
    geometry = chart.evaluate("""el => ({
        labels: [...el.querySelectorAll('.role-axis-label text')].filter(t => /[\\u0590-\\u05FF]/.test(t.textContent))
                .map(t => t.getBoundingClientRect().right),
        bars: [...el.querySelectorAll('.role-mark path, .role-mark rect')].map(b => b.getBoundingClientRect().left)})""")
    assert len(geometry["labels"]) == 3 and geometry["bars"]
    assert max(geometry["labels"]) <= min(geometry["bars"]) + 1, geometry
    # Each label reads in its own right-to-left order, its rank on the right.
    first = chart.locator(".role-axis-label text").filter(has_text=labels[0])
    assert re.fullmatch(f"\u2068[1-3]\\. {labels[0]}\u2069", first.text_content())


def test_page_icons_come_from_the_apps_own_icon_font(live_app, forum, make_context):
    """Each page link's icon is a Material Symbol (served with the app), not an emoji that a
    machine without a colour-emoji font, like this one, shows as an empty box."""
    page = make_context("desktop").new_page()
    open_rtl(page, f"{live_app.url}?f={forum.facilitator_token}")
    links = page.get_by_test_id("stSidebarNavLink")
    expect(links).to_have_count(6)  # console, projector, assistant, work plan, teams, search
    fonts = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stSidebarNavLink"]')].map(link => {
            const icon = link.querySelector('[data-testid="stIconMaterial"]');
            return icon ? getComputedStyle(icon).fontFamily : null;
        })"""
    )
    assert all(font and "Material Symbols" in font for font in fonts), fonts


def test_a_fields_typing_hint_stays_clear_of_right_to_left_text(live_app, forum, make_context):
    page = make_context().new_page()
    open_rtl(page, f"{live_app.url}search?f={forum.facilitator_token}")
    field = page.get_by_role("textbox", name=translate("search.input", "he"))
    field.fill("איך בוחרים תחומי מיקוד לתוכנית העבודה?")
    hint = page.get_by_test_id("InputInstructions")
    expect(hint).to_be_visible()
    hint_box, field_box = hint.bounding_box(), field.bounding_box()
    # Hebrew is typed from the field's right end; the hint sits at the left one.
    assert hint_box["x"] + hint_box["width"] < field_box["x"] + field_box["width"] / 2, (hint_box, field_box)


def test_captions_start_at_the_right_in_right_to_left_pages(live_app, forum, make_context):
    """Streamlit aligns a caption left unless told otherwise; in Hebrew it starts at the right."""
    page = make_context().new_page()
    open_rtl(page, f"{live_app.url}search?f={forum.facilitator_token}")
    caption = page.get_by_test_id("stCaptionContainer").first
    expect(caption).to_contain_text("קטעים באינדקס")
    text_box = caption.locator("p").evaluate(
        "p => { const r = document.createRange(); r.selectNodeContents(p); const b = r.getBoundingClientRect();"
        " return {left: b.left, right: b.right}; }")
    box = caption.bounding_box()
    assert abs(text_box["right"] - (box["x"] + box["width"])) < 4, (text_box, box)
    assert text_box["left"] - box["x"] > box["width"] / 2  # a short line: its left end is far from the box's


def test_a_language_change_keeps_the_meeting_chosen_in_the_console(live_app, live_store, make_context):
    """A radio keeps the label its option was chosen by; relabelled, it showed nothing chosen."""
    created = commands.create_forum(live_store, title="פורום שפות", locality="עכו", domain="youth", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")))
    commands.go_to_meeting(live_store, created.forum.id, 3)
    page = make_context().new_page()
    open_rtl(page, f"{live_app.url}?f={created.facilitator_token}")
    expect(page.get_by_role("radio", name="מפגש 3")).to_be_checked()
    for language, label in (("English", "Meeting 3"), ("العربية", "اللقاء 3"), ("עברית", "מפגש 3")):
        choose(page, "ui.language", language)
        expect(page.get_by_role("radio", name=label)).to_be_checked()
    no_exception(page)


def test_dates_read_day_month_year_from_the_left_in_right_to_left_pages(live_app, forum, make_context):
    page = make_context().new_page()
    open_rtl(page, f"{live_app.url}?f={forum.facilitator_token}")
    page.get_by_role("tab", name=translate("console.tab_links", "he")).click()
    field = page.locator(key("console.meeting_date.1")).get_by_role("group")
    expect(field).to_be_visible()
    parts = [field.locator(f'[data-type="{part}"]').bounding_box()["x"] for part in ("day", "month", "year")]
    assert parts == sorted(parts), parts  # dd / mm / yyyy, not yyyy / mm / dd


def test_a_segmented_controls_ends_keep_their_borders_right_to_left(live_app, forum, make_context):
    """Streamlit hides a button's border on the side that touches the chosen one, a side it
    reckons left to right: with the middle language chosen, the row's two outer ends showed
    no border. Its buttons run right to left, each with its ends drawn and its words readable."""
    page = make_context().new_page()
    page.goto(links.join_url(live_app.url, forum.forum.join_code))
    choose(page, "ui.language", "العربية")
    page.wait_for_function("() => getComputedStyle(document.querySelector('.stApp')).direction === 'rtl'")
    row = page.locator(key("ui.language"))
    expect(row.get_by_role("radio", name="العربية")).to_be_checked()
    drawn = row.evaluate("""el => {
        const along = (from) => {  // the transforms from `el` down to `from`, as one
            let m = new DOMMatrix();
            for (let e = from; e && e !== el; e = e.parentElement) {
                const t = getComputedStyle(e).transform;
                if (t !== 'none') m = new DOMMatrix(t).multiply(m);
            }
            return m;
        };
        return [...el.querySelectorAll('button')].map(b => {
            const s = getComputedStyle(b), r = b.getBoundingClientRect(), mirrored = along(b).a < 0;
            return {text: b.innerText, left: r.left, right: r.right, words: along(b.firstElementChild).a,
                    leftColor: mirrored ? s.borderRightColor : s.borderLeftColor,  // as seen
                    rightColor: mirrored ? s.borderLeftColor : s.borderRightColor};
        });
    }""")
    assert [d["text"] for d in sorted(drawn, key=lambda d: -d["right"])] == ["עברית", "العربية", "English"]
    rightmost, leftmost = max(drawn, key=lambda d: d["right"]), min(drawn, key=lambda d: d["left"])
    transparent = "rgba(0, 0, 0, 0)"
    assert rightmost["rightColor"] != transparent and leftmost["leftColor"] != transparent, drawn
    assert all(d["words"] == 1 for d in drawn), drawn  # mirrored twice: the words read as written
    no_exception(page)
