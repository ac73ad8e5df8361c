"""After the forum, in real browsers (issue 31's "done when").

After meeting 4 of a demo forum the facilitator forms two teams from the focus areas; each
lead, in a browser of its own, writes its focus area of the plan, adds a target from the
situation picture with a control point and records a measurement, then prepares its team's
own meetings; the first runs a step with two members' phones voting (the second team's step
runs through the same commands, for the report); one lead's link shows its
own team only, whatever page it asks for; a participant's phone shows their team and what
became of their idea; the manager downloads the work plan and the progress report, which
carry each team's targets planned against actual, and, rendered by LibreOffice, read right
to left.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from assistant.demo import create_demo
from assistant.forum.access import team_token_for
from assistant.i18n import isolate
from assistant.playbook.loader import load_playbook, load_team_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands, queries
from assistant.store import teams as team_queries
from tests.browser.harness import choose, expect, key, key_prefix, no_exception
from tests.browser.test_journey import docx_text, download, go_to_step, join, send_idea, t, token_of
from tests.browser.test_situation_picture import _page_with, _x
from tests.live import PROJECT
from tests.word.test_libreoffice import tool

pytestmark = pytest.mark.slow

TARGETS = ("השתתפות בתנועות נוער", "אקדמאים")  # one from the situation picture for each team
PLANNED, ACTUAL = ("21", "12"), ("19.5%", "10.8")


def _teams(store, forum_id):
    with store.read() as session:
        return team_queries.teams(session, forum_id)


def _open(page, label: str, inside: str) -> None:
    """Open the expander `label` until the widget `inside` it shows (a rerun under load can redraw
    the page between the tap and the opening)."""
    for _ in range(3):
        if page.locator(key(inside)).is_visible():
            return
        page.locator("summary").filter(has_text=label).first.click()
        try:
            expect(page.locator(key(inside))).to_be_visible(timeout=10_000)
            return
        except AssertionError:
            continue
    expect(page.locator(key(inside))).to_be_visible()


def _lead_fills_its_part(page, team, target: str, planned: str, actual: str) -> None:
    """The team's plan, a target from the situation picture, a control point and its measure."""
    prefix = f"team.{team.id}"
    page.get_by_role("tab", name=t("teams.tab.plan")).click()
    outcomes = page.locator(key_prefix(f"{prefix}.logic.outcomes.r") + " textarea")  # r<the plan's revision>
    outcomes.fill(f"{target}: עלייה של שתי נקודות בשנה")
    page.locator(key(f"{prefix}.plan.save")).get_by_role("button").click()
    expect(page.get_by_text(t("teams.plan_saved_now"))).to_be_visible()
    page.get_by_role("tab", name=t("teams.tab.targets")).click()
    _open(page, t("teams.add_target"), f"{prefix}.target.from")
    choose(page, f"{prefix}.target.from", target)
    page.get_by_role("button", name=t("teams.add_target_button")).click()
    expect(page.get_by_text(t("teams.target_added"))).to_be_visible()
    _open(page, t("teams.add_point"), f"{prefix}.point.due")
    field = page.locator(key(f"{prefix}.point.due")).get_by_role("group")
    field.locator('[data-type="day"]').click()
    page.keyboard.type("30062027")
    page.locator(key(f"{prefix}.point.planned") + " input").fill(planned)
    page.get_by_role("button", name=t("teams.add_point_button")).click()
    expect(page.get_by_text(t("teams.point_saved"))).to_be_visible()
    value = page.locator(key(f"{prefix}.measure.value") + " input")
    value.fill("בערך עשרים")  # not a number: refused in words, kept in the box
    page.get_by_role("button", name=t("teams.measure_button")).click()
    expect(page.get_by_test_id("stAlertContentError")).to_contain_text(t("field.measurement"))
    expect(value).to_have_value("בערך עשרים")
    value.fill(actual)
    page.get_by_role("button", name=t("teams.measure_button")).click()
    expect(page.get_by_text(t("teams.measured"))).to_be_visible()
    no_exception(page)


def _run_a_team_meeting_step(lead, team, problems, store, fid, live_app, make_context) -> None:
    """The lead prepares the team's meetings, opens their console, collects two root problems
    from two members' phones (Hebrew and Arabic) and runs the ranking, each phone ranking the
    second first."""
    lead.get_by_role("tab", name=t("teams.tab.meetings")).click()
    lead.get_by_role("button", name=t("teams.prepare_meetings")).click()
    expect(lead.get_by_text(t("teams.meetings_ready"))).to_be_visible()
    meetings_id = next(x for x in _teams(store, fid) if x.id == team.id).meetings_forum_id
    with store.read() as session:
        code = queries.get_forum(session, meetings_id).join_code
    console = lead.context.new_page()
    console.goto(lead.get_by_role("link", name=t("teams.open_console")).get_attribute("href"))
    expect(console.get_by_role("heading", name="פתיחה: מי אנחנו ומה המנדט")).to_be_visible()
    go_to_step(console, store, meetings_id, 1, "t1-root-problems")
    console.locator(key("console.open_collection")).get_by_role("button").click()
    members = [join(make_context("phone"), live_app.url + f"phone?join={code}", name=name, sector=sector,
                    language=language) for name, sector, language in (("רונית", "government", "he"),
                                                                      ("سامر", "ngo", "ar"))]
    for member, problem in zip(members, problems, strict=True):
        send_idea(member, problem)
    console.locator(key("console.close_collection")).get_by_role("button").click()
    go_to_step(console, store, meetings_id, 1, "t1-rank")
    console.locator(key("console.step_poll")).get_by_role("button").click()
    expect(console.locator(key("console.step_poll_close"))).to_be_visible()
    with store.read() as session:
        poll = queries.active_poll(session, meetings_id)
    by_label = {o.label: o.id for o in poll.options}
    for member, language in zip(members, ("he", "ar"), strict=True):
        for place, problem in enumerate((problems[1], problems[0]), 1):  # tap in order of preference
            tap = member.locator(key(f"phone.ballot.{poll.id}.pick.{by_label[problem]}")).get_by_role("button")
            tap.click()
            expect(tap).to_contain_text(str(place))
        member.locator(key(f"phone.ballot.{poll.id}.send")).get_by_role("button").click()
        expect(member.get_by_test_id("stAlertContentSuccess")).to_contain_text(t("phone.ballot_recorded", language))
    console.locator(key("console.step_poll_close")).get_by_role("button").click()
    expect(console.locator(key("console.step_poll_close"))).to_have_count(0)  # closed (its notice may come and go)
    with store.read() as session:
        assert len(queries.ballots(session, meetings_id, poll.id)) == 2
    no_exception(console)


def _run_a_team_meeting_step_by_commands(team, lead_link: str, problems, store, fid) -> None:
    """The same step for another team through the commands the lead's and the console's buttons
    and the members' phones call (the browser runs it for the first team): two members each
    send a root problem and rank the second first."""
    plan = forum_plan(load_team_playbook(PROJECT / "prompts"))
    meetings = team_queries.open_team_meetings(store, fid, team.id, lead_link, plan).forum
    collect, rank = (next(s for s in meetings.steps if s.key == k) for k in ("t1-root-problems", "t1-rank"))
    commands.go_to_step(store, meetings.id, collect.id)
    commands.open_collection(store, meetings.id, "challenge")
    members = [commands.join(store, join_code=meetings.join_code, sector=sector, language=language).participant
               for sector, language in (("government", "he"), ("ngo", "ar"))]
    for member, problem in zip(members, problems, strict=True):
        commands.add_idea(store, meetings.id, problem, participant_id=member.id)
    commands.close_collection(store, meetings.id)
    commands.go_to_step(store, meetings.id, rank.id)
    poll = commands.open_step_poll(store, meetings.id, title="דירוג", spec=rank.phone["poll"])
    by_label = {o.label: o.id for o in poll.options}
    for member in members:
        commands.cast_ballot(store, meetings.id, poll.id, member.id, [by_label[problems[1]], by_label[problems[0]]])
    commands.close_poll(store, meetings.id, poll.id)


def test_teams_after_the_forum_from_the_console_to_the_progress_report(live_app, live_store, make_context, tmp_path):
    store = live_store
    demo = create_demo(store, load_playbook(PROJECT / "prompts"), participants=12, base_url=live_app.url, seed=5,
                       teams=False)
    fid = demo.forum_id
    facilitator = token_of(demo.facilitator_url, "f")

    # The facilitator forms two teams from the plan's focus areas.
    console = make_context().new_page()
    console.goto(live_app.url + f"teams?f={facilitator}")
    areas = console.locator(key("teams.create.areas"))
    removes = areas.get_by_role("button", name=re.compile(t("framework.remove_of", text="")))
    expect(removes.first).to_be_visible()  # the first six are offered (in Hebrew words); two are kept
    while removes.count() > 2:
        removes.last.click()
    chosen = [removes.nth(n).get_attribute("aria-label").removeprefix(t("framework.remove_of", text=""))
              for n in range(2)]
    console.get_by_role("button", name=t("teams.create_button")).click()
    expect(console.get_by_text(t("teams.created", count=2))).to_be_visible()
    first, second = _teams(store, fid)
    assert [first.name[:15], second.name[:15]] == [c.strip()[:15] for c in chosen]
    links = [team_token_for(facilitator, team.id, team.link_generation) for team in (first, second)]
    # a team without a lead opens with its lead's form and the link to send
    expect(console.get_by_text(re.compile(rf"\?t={links[0]}"))).to_be_visible()
    console.locator(key(f"team.{first.id}.lead") + " input").fill("מיכל אברהם, מנהלת מחלקת החינוך")
    console.get_by_role("button", name=t("teams.save_lead")).first.click()
    expect(console.get_by_text(t("teams.lead_saved"))).to_be_visible()
    no_exception(console)

    # Each lead, in its own browser, fills part of its team's plan and records a measurement.
    leads = []
    for team, link, target, planned, actual in zip((first, second), links, TARGETS, PLANNED, ACTUAL, strict=True):
        page = make_context().new_page()
        page.goto(live_app.url + f"?t={link}")
        expect(page.get_by_role("heading", name=team.name)).to_be_visible()
        _lead_fills_its_part(page, team, target, planned, actual)
        leads.append(page)
    stored = _teams(store, fid)
    assert [[p.actual for tg in tm.targets for p in tg.points] for tm in stored] == [[19.5], [10.8]]

    # The first lead prepares its team's own meetings and runs a step with two members' phones;
    # the second team's step runs through the same commands (its decision goes in the report).
    problems = {first.id: ("אין הסעות לחוגים בשכונות הצפון", "אין מדריכים דוברי ערבית"),
                second.id: ("אין חונכים מהתעשייה", "מעט מלגות לסטודנטים מהיישוב")}
    _run_a_team_meeting_step(leads[0], first, problems[first.id], store, fid, live_app, make_context)
    _run_a_team_meeting_step_by_commands(second, links[1], problems[second.id], store, fid)

    # One lead's link opens its own team only, whatever page it asks for.
    other = leads[0]
    for path in ("teams", "console", "manager", "workplan"):
        other.goto(live_app.url + f"{path}?t={links[0]}")
        expect(other.get_by_role("heading", name=first.name)).to_be_visible()
        expect(other.get_by_text(second.name, exact=True)).to_have_count(0)
        expect(other.locator(key_prefix(f"team.{second.id}."))).to_have_count(0)
        no_exception(other)

    # A participant's phone: their team, and what became of the idea they sent.
    commands.open_collection(store, fid, "task")
    phone = join(make_context("phone"), live_app.url + f"phone?join={demo.join_url.rsplit('=', 1)[1]}",
                 name="ليلى", sector="ngo", language="ar")
    send_idea(phone, "להרחיב את " + first.name)
    with store.read() as session:
        mine = next(i for i in queries.ideas(session, fid) if i.text.startswith("להרחיב את"))
    team_queries.add_member(store, fid, first.id, participant_id=mine.participant_id)
    commands.merge_ideas(store, fid, first.idea_id, [mine.id])
    commands.close_collection(store, fid)
    after = phone.locator(key("phone.after"))
    expect(after).to_contain_text(t("phone.your_team", "ar", name=first.name))
    expect(after).to_contain_text(mine.text)
    expect(after).to_contain_text(t("phone.fate_team_plan", "ar", team=isolate(first.name)))
    no_exception(phone)

    # The manager downloads the work plan and the progress report.
    manager = make_context().new_page()
    manager.goto(demo.manager_url)
    expect(manager.get_by_text(t("manager.teams", count=2))).to_be_visible()
    plan = download(manager, "download-work-plan", tmp_path)
    report = download(manager, "download-progress-report", tmp_path)
    plan_text, report_text = docx_text(plan), docx_text(report)
    for target, planned, actual in zip(TARGETS, PLANNED, ACTUAL, strict=True):
        for text in (plan_text, report_text):  # both in %, as their indicators
            assert target in text and f"{planned}%" in text and f"{actual.rstrip('%')}%" in text
    assert first.name in report_text and second.name in report_text
    decided = report_text.split(t("progress.decisions"))
    assert f"1. {problems[first.id][1]}" in decided[1] and f"1. {problems[second.id][1]}" in decided[2]
    assert "מפת ההשקעות היישובית" not in plan_text  # no team planned a budget yet
    no_exception(manager)

    # Rendered, the progress report reads right to left: a table's first column at the right.
    soffice, pdftotext, pdftoppm = tool("soffice"), tool("pdftotext"), tool("pdftoppm")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(report), str(plan)],
                   check=True, capture_output=True, timeout=180)
    report_pdf, plan_pdf = tmp_path / f"{report.stem}.pdf", tmp_path / f"{plan.stem}.pdf"
    page, words = _page_with(pdftotext, report_pdf, ("יעד", "מתוכנן", "בפועל", "סטטוס", "21%"))
    assert _x(words, "סטטוס") < _x(words, "בפועל") < _x(words, "מתוכנן") < _x(words, "יעד")
    plan_page, plan_words = _page_with(pdftotext, plan_pdf, ("מתוכנן", "בפועל", "12%"))
    assert _x(plan_words, "בפועל") < _x(plan_words, "מתוכנן")
    for pdf, number in ((report_pdf, page), (plan_pdf, plan_page)):
        subprocess.run([pdftoppm, "-f", str(number), "-l", str(number), "-r", "60", "-png", str(pdf),
                        str(tmp_path / pdf.stem)], check=True, capture_output=True, timeout=60)
    pictures = sorted(tmp_path.glob("*.png"))
    assert len(pictures) == 2 and all(p.stat().st_size > 10_000 for p in pictures)
