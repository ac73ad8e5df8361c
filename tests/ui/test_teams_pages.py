"""The teams after the forum, through AppTest: the facilitator forms them, a lead's link edits
its own team's plan only, a measurement that is not a number is refused in words."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from assistant.forum.access import team_token_for
from assistant.store import teams as team_queries
from tests.apptest import html_bodies, markdown_sources, render_page, shown
from tests.ui.conftest import token_of


@pytest.fixture
def demo(make_demo):
    return make_demo(12)


_token = token_of


def _teams(store, forum_id):
    with store.read() as session:
        return team_queries.teams(session, forum_id)


def _lead(created, team) -> str:
    """The team lead's link, drawn from the demo's facilitator link."""
    return team_token_for(_token(created.facilitator_url, "f"), team.id, team.link_generation)


def _submit(at, form: str):
    """Send the form keyed `form` (its submit button's key starts so)."""
    return next(b for b in at.button if b.key and b.key.startswith(f"FormSubmitter:{form}")).click().run()


def _text(at) -> str:
    return "\n".join(markdown_sources(at) + html_bodies(at))


def test_the_facilitator_forms_a_team_names_its_lead_and_adds_members(demo):
    from assistant.ui import teams_page

    store, created = demo
    token = _token(created.facilitator_url, "f")
    at = render_page(teams_page.render, f=token)
    assert not at.exception, at.exception
    before = _teams(store, created.forum_id)
    assert len(before) == 2 and {t.name for t in before} <= {tab.label for tab in at.tabs}  # the demo's two
    areas = at.multiselect(key="teams.create.areas")
    assert areas.options and not set(areas.options) & {t.name for t in before}
    areas.set_value(areas.options[:1])
    _submit(at, "teams.create")
    assert not at.exception, at.exception
    after = _teams(store, created.forum_id)
    assert [t.name for t in after][-1] == areas.options[0] and len(after) == 3
    assert "הוקמו 1 צוותים" in _text(at)
    new = after[-1]
    link = team_token_for(token, new.id, new.link_generation)
    assert any(link in c.value for c in at.code)  # the lead's link, to send
    # its lead, and a suggested participant added
    at.text_input(key=f"team.{new.id}.lead").set_value("רחל גולן, מנהלת הרווחה")
    _submit(at, f"team.{new.id}.lead.form")
    assert _teams(store, created.forum_id)[-1].lead_name == "רחל גולן, מנהלת הרווחה"
    suggested = [b for b in at.button if b.key and b.key.startswith(f"team.{new.id}.member.add.")]
    assert suggested
    suggested[0].click().run()
    assert not at.exception, at.exception
    assert len(_teams(store, created.forum_id)[-1].members) == 1


def test_a_lead_s_page_records_a_measurement_and_refuses_one_in_another_unit(demo):
    from assistant.ui import team_page

    store, created = demo
    first, second = _teams(store, created.forum_id)
    token = _lead(created, first)
    at = render_page(team_page.render, t=token)
    assert not at.exception, at.exception
    text = _text(at)
    assert first.name in text and second.name not in text
    point = first.targets[0].points[1]
    at.selectbox(key=f"team.{first.id}.measure.point").set_value(point.id)
    at.text_input(key=f"team.{first.id}.measure.value").set_value("20 ילדים")
    _submit(at, f"team.{first.id}.measure.form")
    assert not at.exception
    assert "היחידה של היעד היא" in at.error[0].value
    assert at.text_input(key=f"team.{first.id}.measure.value").value == "20 ילדים"  # kept
    at.text_input(key=f"team.{first.id}.measure.value").set_value("20%")
    _submit(at, f"team.{first.id}.measure.form")
    assert not at.error, [e.value for e in at.error]
    measured = next(p for p in _teams(store, created.forum_id)[0].targets[0].points if p.id == point.id)
    assert measured.actual == 20.0


def test_a_lead_s_link_cannot_change_another_team(demo):
    """The one place that runs a team's commands checks the link's team, whatever the page asks."""
    from streamlit.testing.v1 import AppTest

    store, created = demo
    first, second = _teams(store, created.forum_id)
    token = _lead(created, first)

    def script(other: int) -> None:
        import streamlit as st

        from assistant.store import teams as team_commands
        from assistant.ui import services

        services.run_for_team(team_commands.update_team, other, lead_name="someone else")
        services.show_notice()
        st.write("done")

    at = AppTest.from_function(script, args=(second.id,), default_timeout=60)
    at.query_params["t"] = token
    at.run()
    assert not at.exception, at.exception
    assert "צוות אחר" in at.error[0].value
    assert _teams(store, created.forum_id)[1].lead_name == second.lead_name


def test_a_participant_s_phone_shows_their_team_and_what_became_of_their_idea(demo):
    from assistant.store import commands
    from assistant.ui import phone_page

    store, created = demo
    first, _ = _teams(store, created.forum_id)
    code = parse_qs(urlsplit(created.join_url).query)["join"][0]
    joined = commands.join(store, join_code=code, sector="ngo", language="ar", display_name="ليلى")
    team_queries.add_member(store, created.forum_id, first.id, participant_id=joined.participant.id)
    commands.open_collection(store, created.forum_id, "task")
    mine = commands.add_idea(store, created.forum_id, "לקדם את " + first.name,
                             participant_id=joined.participant.id).idea
    commands.close_collection(store, created.forum_id)
    commands.merge_ideas(store, created.forum_id, first.idea_id, [mine.id])
    at = render_page(phone_page.render, p=joined.token)
    assert not at.exception, at.exception
    text = _text(at)
    assert f"فريقك: {first.name}" in text and first.lead_name in text
    assert mine.text in text
    assert "دُمج في" in text and "في خطة عمل الفريق «" in text


def test_the_manager_sees_every_team_planned_against_actual(demo):
    from assistant.ui import manager_page

    store, created = demo
    teams = _teams(store, created.forum_id)
    at = render_page(manager_page.render, m=_token(created.manager_url, "m"))
    assert not at.exception, at.exception
    assert any("הצוותים המקצועיים" in e.label for e in at.expander)
    labels = {m.label: m.value for m in at.metric}
    assert sum(int(labels[s]) for s in ("בהתאם לתכנון", "בסיכון", "בפיגור")) == sum(len(t.targets) for t in teams)
    assert all(t.name in "\n".join(markdown_sources(at)) for t in teams)
    assert "download-progress-report" in {b.key for b in at.get("download_button")}
    assert any("מפת ההשקעות היישובית" in source for source in markdown_sources(at))  # summed across teams


def test_a_lead_writes_its_focus_area_of_the_plan_and_the_others_stay_drafts(demo):
    from assistant.store.work_plan import work_plan
    from assistant.ui import team_page

    store, created = demo
    _first, second = _teams(store, created.forum_id)
    token = _lead(created, second)
    at = render_page(team_page.render, t=token)
    assert not at.exception, at.exception
    at.text_area(key=f"team.{second.id}.logic.outcomes.r0").set_value("שני תלמידים מכל כיתה במרכז")
    at.button(key=f"team.{second.id}.plan.save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with store.read() as session:
        plan = work_plan(session, created.forum_id)
    mine = next(a for a in plan.focus_areas if a.idea_id == second.idea_id)
    assert mine.logic["outcomes"] == "שני תלמידים מכל כיתה במרכז"
    assert all(a.logic["outcomes"] is None for a in plan.focus_areas if a is not mine)


HOSTILE = "עלות $$ <b>מודגש</b> **כוכבים** [קישור](javascript:alert(1))"


def test_hostile_names_stay_text_on_the_team_pages_and_in_the_documents(demo, playbook):
    from assistant.exports.bundle import build
    from assistant.exports.reading import read_snapshot
    from assistant.ui import team_page, teams_page

    store, created = demo
    token = _token(created.facilitator_url, "f")
    team = team_queries.create_team(store, created.forum_id, HOSTILE, token, lead_name=HOSTILE).team
    target = team_queries.save_target(store, created.forum_id, team.id, name=HOSTILE, unit="%", baseline=5).target
    point = team_queries.set_control_point(store, created.forum_id, team.id, target.id,
                                           due=date.today(), planned=10).point
    team_queries.record_measurement(store, created.forum_id, team.id, point.id, 7, note=HOSTILE)
    team_queries.add_member(store, created.forum_id, team.id, name=HOSTILE, sector="residents")
    for at in (render_page(team_page.render, t=team_token_for(token, team.id, 1)),
               render_page(teams_page.render, f=token)):
        assert not at.exception, at.exception
        assert not any("<b>" in body for body in html_bodies(at))  # escaped where shown as HTML
        assert not any("[קישור](javascript" in source for source in markdown_sources(at))  # escaped Markdown
    snapshot = read_snapshot(store, created.forum_id)
    for name in ("work-plan", "progress-report"):
        assert build(name, snapshot, playbook).content.startswith(b"PK")  # charts and tables take it as text


def test_a_lead_s_page_lays_out_the_team_s_four_meetings(demo):
    from assistant.ui import team_page

    store, created = demo
    first, _ = _teams(store, created.forum_id)
    at = render_page(team_page.render, t=_lead(created, first))
    assert not at.exception, at.exception
    titles = [e.label for e in at.expander if e.label.startswith("מפגש ")]
    assert len(titles) == 4 and "תמונת בוגר" in titles[1] and "צמתי בקרה" in titles[3]
    text = _text(at)
    assert "בעיות השורש" in text and "בטלפונים: דרגו את 3 בעיות השורש החשובות ביותר." in shown(text)


def test_a_lead_prepares_the_team_s_meetings_and_runs_them_from_a_console_of_their_own(demo):
    from assistant.forum.access import meetings_token_for
    from assistant.store import commands
    from assistant.ui import console_page, phone_page, team_page
    from tests.apptest import open_page

    store, created = demo
    first, _ = _teams(store, created.forum_id)
    lead = _lead(created, first)
    at = render_page(team_page.render, t=lead)
    at.button(key=f"team.{first.id}.meetings.prepare").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    meetings_id = _teams(store, created.forum_id)[0].meetings_forum_id
    assert meetings_id is not None
    console_link = meetings_token_for(lead)
    assert any(console_link in b.proto.url for b in at.get("link_button"))
    # the team's console: the teams' playbook's first step, and no work plan or teams of its own
    console = render_page(console_page.render, f=console_link)
    assert not console.exception, console.exception
    assert console.header[0].value == "פתיחה: מי אנחנו ומה המנדט"
    app = open_page(f=console_link)
    assert not app.exception
    # a member's phone joins the team's meetings and reads the team's step
    with store.read() as session:
        from assistant.store import queries

        code = queries.get_forum(session, meetings_id).join_code
    joined = commands.join(store, join_code=code, sector="ngo", language="he")
    phone = render_page(phone_page.render, p=joined.token)
    assert not phone.exception, phone.exception
    assert "היכרות ותמונת המצב של התחום · פתיחה: מי אנחנו ומה המנדט" in _text(phone)  # the team's step
    # what the team's meeting decides is its team's: on its page and in the progress report
    from assistant.exports.reading import read_snapshot

    poll = commands.create_poll(store, meetings_id, title="דירוג בעיות השורש", method="ranking",
                                labels=["אין הסעות", "מעט חוגים", "אין מדריכים"], params={"top_n": 2},
                                open_now=True)
    commands.cast_ballot(store, meetings_id, poll.id, joined.participant.id,
                         [poll.options[1].id, poll.options[0].id])
    commands.close_poll(store, meetings_id, poll.id)
    decided = read_snapshot(store, created.forum_id).teams[0].decisions
    assert [(d.meeting, d.title, d.leaders[:2], d.voters) for d in decided] == [
        (1, "דירוג בעיות השורש", ("מעט חוגים", "אין הסעות"), 1)]
    at = render_page(team_page.render, t=lead)
    assert "מה החליטו מפגשי הצוות" in _text(at) and "1. מעט חוגים" in _text(at)


def test_a_lead_draws_on_what_the_team_s_meetings_decided(demo):
    from assistant.playbook.loader import load_team_playbook
    from assistant.playbook.plan import forum_plan
    from assistant.store import commands
    from assistant.store.work_plan import work_plan
    from assistant.ui import team_page
    from tests.conftest import PROJECT

    store, created = demo
    first, _ = _teams(store, created.forum_id)
    lead = _lead(created, first)
    meetings = team_queries.open_team_meetings(store, created.forum_id, first.id, lead,
                                               forum_plan(load_team_playbook(PROJECT / "prompts"))).forum
    person = commands.join(store, join_code=meetings.join_code, sector="ngo", language="he").participant
    collect = next(s for s in meetings.steps if s.key == "t1-root-problems")
    commands.go_to_step(store, meetings.id, collect.id)
    commands.open_collection(store, meetings.id, "challenge")
    for text in ("אין מדריכים דוברי ערבית", "אין הסעות"):
        commands.add_idea(store, meetings.id, text, participant_id=person.id)
    commands.close_collection(store, meetings.id)
    vote = next(s for s in meetings.steps if s.key == "t1-rank")
    commands.go_to_step(store, meetings.id, vote.id)
    poll = commands.open_step_poll(store, meetings.id, title="דירוג", spec=vote.phone["poll"])
    commands.cast_ballot(store, meetings.id, poll.id, person.id, [o.id for o in poll.options])
    commands.close_poll(store, meetings.id, poll.id)
    at = render_page(team_page.render, t=lead)
    at.button(key=f"team.{first.id}.plan.from_meetings").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with store.read() as session:
        plan = work_plan(session, created.forum_id)
    mine = next(a for a in plan.focus_areas if a.idea_id == first.idea_id)
    problem = mine.logic["problem"].split("\n")
    assert problem[-2:] == ["אין מדריכים דוברי ערבית", "אין הסעות"]  # after what the draft had, best first
    assert problem[0].startswith("[טיוטה, מתמונת המצב]")


def test_the_trail_names_each_idea_s_meeting_step_and_vote(demo, playbook):
    from assistant.exports.reading import read_snapshot
    from assistant.playbook.cards import step_card
    from assistant.ui import team_page

    store, created = demo
    first, _ = _teams(store, created.forum_id)
    snapshot = read_snapshot(store, created.forum_id)
    idea = next(i for i in snapshot.ideas if i.id == first.idea_id)
    step = snapshot.step(idea.step_id)
    title = step_card(playbook, idea.meeting_number, step.key, "he", snapshot.forum.domain).title
    at = render_page(team_page.render, t=_lead(created, first))
    assert not at.exception, at.exception
    assert f"מפגש {idea.meeting_number} · משימה · {title} · מקום" in shown(_text(at))


def test_a_lead_s_choices_are_sent_again_under_their_new_labels_when_the_language_changes(demo):
    """The control point a measurement is for, shown under its Hebrew label, then the page
    switched to Arabic: the browser is sent the same point under its Arabic label (it sent the
    Hebrew label back as the value, and saving the measurement said the point was gone)."""
    from assistant.forum.indicators import format_value
    from assistant.i18n import translate
    from assistant.ui import state
    from tests.apptest import open_page

    store, created = demo
    first = _teams(store, created.forum_id)[0]
    target, point = first.targets[0], first.targets[0].points[0]  # the first, chosen as the form opens
    at = open_page(t=_lead(created, first))
    assert not at.exception, at.exception
    box = f"team.{first.id}.measure.point"
    assert at.session_state[box] == point.id
    at.segmented_control(key=state.LANGUAGE).set_value("ar").run()
    assert not at.exception, at.exception
    arabic = translate("teams.point_label", "ar", target=target.name, day=point.due.strftime("%d.%m.%Y"),
                       planned=format_value(point.planned, target.unit))
    assert (at.selectbox(key=box).proto.raw_value, at.selectbox(key=box).proto.set_value) == (arabic, True)
    assert at.session_state[box] == point.id
    assert not [w.value for w in at.warning if "Session State" in w.value]  # Streamlit's own, never
