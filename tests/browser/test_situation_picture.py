"""Meeting 2's situation picture end to end in real browsers (issue 30's "done when").

The facilitator imports the sample indicators from their file in the console's data tab,
steps the projector through them, asks the room which worry it most; two phones (Hebrew,
Arabic) tick three each, a third person through the command a phone calls; at the next step
the room's worries open the challenges, two challenges are linked to indicators; the shared
agenda carries the indicator table and its chart, the work plan's problem cell cites the
linked indicator, and both, rendered by LibreOffice, read right to left.
"""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest

from assistant.forum.indicator_file import SAMPLE, sample_indicators
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands, queries
from assistant.store.indicators import indicators, links
from tests.browser.harness import choose, expect, key, no_exception
from tests.browser.test_journey import docx_text, download, go_to_step, join, send_idea, t
from tests.live import PROJECT
from tests.word.test_libreoffice import BIDI_CONTROLS, tool

pytestmark = pytest.mark.slow

YOUTH = "השתתפות בתנועות נוער"
GRADUATES = "אקדמאים"
DROPOUT = "בני נוער נושרים ממגמות המדעים בתיכון"
NO_MOVEMENT = "אין תנועת נוער פעילה בשכונות הצפון"


def test_the_situation_picture_from_the_file_to_the_room_the_agenda_and_the_plan(live_app, live_store, make_context,
                                                                                 tmp_path):
    store = live_store
    created = commands.create_forum(store, title="פורום STEM", locality="בית הכרם", domain="stem", language="he",
                                    plan=forum_plan(load_playbook(PROJECT / "prompts")))
    fid = created.forum.id
    console = make_context().new_page()
    console.goto(live_app.url + f"?f={created.facilitator_token}")
    go_to_step(console, store, fid, 2, "m2-situation-report")

    # The sample file, imported in the data tab.
    console.get_by_role("tab", name=t("console.tab_data")).click()
    console.locator(key("indicators.upload") + " input[type=file]").set_input_files(str(SAMPLE))
    console.locator(key("indicators.import")).get_by_role("button").click()
    expect(console.get_by_text(t("indicators.imported", count=12))).to_be_visible()
    expect(console.get_by_test_id("stDataFrame")).to_be_visible()
    with store.read() as session:
        stored = indicators(session, fid)
    assert [s.indicator.name for s in stored] == [i.name for i in sample_indicators()]
    by_name = {s.indicator.name: s.id for s in stored}

    # The projector follows the facilitator from one indicator to the next.
    projector = make_context(viewport={"width": 1920, "height": 1080}).new_page()
    projector.goto(live_app.url + f"projector?f={created.facilitator_token}")
    console.locator(key("indicators.next")).get_by_role("button").click()
    expect(projector.locator(".indicator-name")).to_have_text(stored[0].indicator.name)
    for position in range(2, 11):  # to the youth movements, compared with similar localities
        console.locator(key("indicators.next")).get_by_role("button").click()
        expect(console.locator(key("indicators.projector"))).to_contain_text(f"מדד {position} מתוך 12")
    expect(projector.locator(".indicator-name")).to_have_text(YOUTH)
    expect(projector.locator(".indicator-gap")).to_have_text("3 נקודות אחוז פחות מאשר ביישובים דומים (20%)")
    no_exception(projector)

    # The room is asked; two phones pick three each with a tap per indicator.
    console.locator(key("indicators.stop")).get_by_role("button").click()
    console.locator(key("indicators.worry")).get_by_role("button").click()
    expect(console.get_by_text(t("indicators.worry_opened"))).to_be_visible()
    with store.read() as session:
        poll = queries.active_poll(session, fid)
    option = {o.label: o.id for o in poll.options}
    join_url = live_app.url + f"phone?join={created.forum.join_code}"
    picks = {"residents": (YOUTH, GRADUATES, "בתי אב"), "ngo": (YOUTH, "מדד הפריפריאליות", GRADUATES)}
    phones = {}
    for sector, chosen in picks.items():  # a third person's picks go through the command a phone calls
        language = "ar" if sector == "ngo" else "he"
        phone = join(make_context("phone"), join_url, name=sector, sector=sector, language=language, ballot=True)
        for n, name in enumerate(chosen, 1):  # a tap on the words ticks the box
            tick = phone.locator(key(f"phone.ballot.{poll.id}.{option[name]}"))
            tick.get_by_text(name).click()
            expect(tick.get_by_role("checkbox")).to_be_checked()
            expect(phone.get_by_text(t("phone.pick_status", language, count=n, budget=3))).to_be_visible()
        phone.locator(key(f"phone.ballot.{poll.id}.send")).get_by_role("button").click()
        expect(phone.get_by_test_id("stAlertContentSuccess")).to_contain_text(t("phone.ballot_recorded", language))
        phones[sector] = phone
    educator = commands.join(store, join_code=created.forum.join_code, sector="education", language="he").participant
    commands.cast_ballot(store, fid, poll.id, educator.id,
                         {option[name]: 1 for name in (YOUTH, "ילדים עד גיל 17", "אשכול חברתי-כלכלי")})
    with store.read() as session:
        ballots = queries.ballots(session, fid, poll.id)
    assert sorted(len(b.entries) for b in ballots) == [3, 3, 3]
    commands.close_poll(store, fid, poll.id)

    # The next step: the room's worries open the challenges on the console and the phones.
    console.get_by_role("tab", name=t("console.tab_now")).click()
    go_to_step(console, store, fid, 2, "m2-root-problems")
    console.locator(key("console.open_collection")).get_by_role("button").click()
    worries = console.locator(key("console.worries"))
    expect(worries).to_contain_text(f"1. {YOUTH} (3 בחירות)")
    expect(worries).to_contain_text(f"2. {GRADUATES} (2 בחירות)")
    resident = phones["residents"]
    expect(resident.get_by_text(t("phone.worries", names="").strip())).to_be_visible()
    send_idea(resident, NO_MOVEMENT)
    commands.add_idea(store, fid, DROPOUT, participant_id=educator.id)
    with store.read() as session:
        challenges = {i.text: i.id for i in queries.ideas(session, fid, meeting=2)}
    console.locator(key("console.close_collection")).get_by_role("button").click()  # the groups are done
    expect(console.locator(key("console.open_collection"))).to_be_visible()

    # Two challenges are linked to the indicators that show them.
    console.get_by_role("tab", name=t("console.tab_data")).click()
    console.get_by_text(t("indicators.links_title")).click()
    for done, (text, name) in enumerate(((NO_MOVEMENT, YOUTH), (DROPOUT, GRADUATES)), 1):
        choose(console, "indicators.link_challenge", f"{t('kind.challenge')}: {text}")
        chosen = console.locator(key(f"indicators.link_chosen.{challenges[text]}"))
        expect(chosen).to_be_visible()
        if not chosen.get_by_text(name, exact=True).count():  # unless the model suggested it already
            chosen.locator("input").click()
            console.keyboard.type(name)  # typed: a long list shows only its first options
            console.get_by_role("option", name=name, exact=True).click()
            expect(chosen.get_by_text(name, exact=True)).to_be_visible()
            console.keyboard.press("Escape")
        console.locator(key("indicators.links_save")).get_by_role("button").click()
        expect(console.get_by_text(t("indicators.links_intro", linked=done, count=2))).to_be_visible()
    with store.read() as session:
        linked = links(session, fid)
    assert by_name[YOUTH] in linked[challenges[NO_MOVEMENT]] and by_name[GRADUATES] in linked[challenges[DROPOUT]]
    no_exception(console)

    # The documents: the agenda's situation picture, the plan's problem cell.
    console.get_by_role("tab", name=t("console.tab_links")).click()
    agenda = download(console, "download-shared-agenda", tmp_path)
    plan = download(console, "download-work-plan", tmp_path)
    text = docx_text(agenda)
    assert "תמונת המצב: מדדי היישוב" in text and YOUTH in text and "20% (יישובים דומים)" in text
    assert "המדדים שהחדר מצא מדאיגים ביותר" in text
    with zipfile.ZipFile(agenda) as archive:
        body = archive.read("word/document.xml").decode()
    assert re.search(rf'descr="[^"]*{YOUTH} 85', body)  # the chart against the comparison, by its alt text
    drafted = f"[טיוטה, מתמונת המצב] {YOUTH}: 17%, מול 20% (יישובים דומים)"
    assert drafted in docx_text(plan)

    # Rendered, they read right to left: a table's first column stands at the right.
    soffice, pdftotext, pdftoppm = tool("soffice"), tool("pdftotext"), tool("pdftoppm")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(agenda), str(plan)],
                   check=True, capture_output=True, timeout=180)
    agenda_pdf, plan_pdf = tmp_path / f"{agenda.stem}.pdf", tmp_path / f"{plan.stem}.pdf"
    page, words = _page_with(pdftotext, agenda_pdf, ("מדד", "ביישוב", "פער", "מקור", "17%", "השתתפות"))
    assert _x(words, "מקור") < _x(words, "פער") < _x(words, "ביישוב") < _x(words, "מדד")  # name | ... | source
    assert _x(words, "17%") < _x(words, "השתתפות")  # the locality's value left of its name
    plan_page, plan_words = _page_with(pdftotext, plan_pdf, ("מתמונת", "17%", "20%"))
    assert _x(plan_words, "20%") < _x(plan_words, "17%") < _x(plan_words, "מתמונת")  # read leftwards: mark, value, comparison
    for pdf, number in ((agenda_pdf, page), (plan_pdf, plan_page)):
        subprocess.run([pdftoppm, "-f", str(number), "-l", str(number), "-r", "60", "-png", str(pdf),
                        str(tmp_path / pdf.stem)], check=True, capture_output=True, timeout=60)
    pictures = sorted(tmp_path.glob("*.png"))
    assert len(pictures) == 2 and all(p.stat().st_size > 10_000 for p in pictures)


def _page_with(pdftotext: str, pdf, needed: tuple[str, ...]) -> tuple[int, list[tuple[str, float]]]:
    """The first page of `pdf` holding every word of `needed`, and its words."""
    count = subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True,
                           timeout=60).stdout.decode().count("\f")
    for number in range(1, count + 1):
        words = _words(pdftotext, pdf, number)
        if all(any(_same(w, word) for w, _ in words) for word in needed):
            return number, words
    raise AssertionError(f"no page of {pdf.name} holds {needed}")


def _words(pdftotext: str, pdf, page: int) -> list[tuple[str, float]]:
    """Each word of a page with its left edge (pdftotext -bbox writes a Hebrew word's letters
    in the order they stand on the page, right to left reversed)."""
    html = subprocess.run([pdftotext, "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"], check=True,
                          capture_output=True, timeout=60).stdout.decode()
    return [(BIDI_CONTROLS.sub("", word), float(x)) for x, word in
            re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]+)</word>', html)]


def _same(found: str, word: str) -> bool:
    return found in (word, word[::-1])


def _x(words: list[tuple[str, float]], word: str) -> float:
    """The left edge of the first occurrence of `word`."""
    return next(x for w, x in words if _same(w, word))
