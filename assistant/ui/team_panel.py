"""One professional team's part of the plan, for its lead (its own team) and the facilitator
(any team of the forum): its trail from the forum, its targets planned against actual with
their control points and measurements, its investment map and its documents. Every change
goes through `services.run_for_team`, which checks that the link may change this team."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assistant.forum.indicators import AgeStage, format_value
from assistant.forum.teams import TargetStatus, Team, sector_mix, statuses, team_of_area
from assistant.forum.vocabulary import MobilityDomain
from assistant.i18n import direction
from assistant.playbook.cards import domain_label
from assistant.reports.trail import Trail
from assistant.store import teams as team_commands
from assistant.ui import services
from assistant.ui.common import current_language, literal, markdown_literal, reading_table, t
from assistant.ui.downloads import render_team_downloads

STATUS_ICONS = {TargetStatus.ON_TRACK: ":material/check_circle:", TargetStatus.AT_RISK: ":material/warning:",
                TargetStatus.BEHIND: ":material/error:", TargetStatus.NOT_MEASURED: ":material/schedule:",
                TargetStatus.UPCOMING: ":material/event:"}
STATUS_COLORS = {TargetStatus.ON_TRACK: "green", TargetStatus.AT_RISK: "orange", TargetStatus.BEHIND: "red",
                 TargetStatus.NOT_MEASURED: "gray", TargetStatus.UPCOMING: "blue"}
INVESTMENT_COLUMNS = ("domain", "stage", "amount", "note")


def key(team: Team, name: str) -> str:
    return f"team.{team.id}.{name}"


def status_badge(status: TargetStatus | None) -> None:
    if status is None:
        st.caption(t("teams.no_points"))
        return
    st.badge(t(f"teams.status.{status}"), icon=STATUS_ICONS[status], color=STATUS_COLORS[status])


# The trail -----------------------------------------------------------------------


def _step_title(meeting: int, step_key: str | None, domain: str) -> str | None:
    """The forum playbook's title of the step an idea was sent at (None: not sent at a step)."""
    from assistant.playbook.cards import step_card

    if step_key is None:
        return None
    try:
        return step_card(services.built().playbook, meeting, step_key, current_language(), domain).title
    except KeyError:
        return None


def render_trail(trail: Trail | None, domain: str) -> None:
    """What in the forum led to the team's focus area, each with its meeting, step and vote."""
    st.caption(t("teams.trail_help"))
    if trail is None or not trail.items:
        st.info(t("teams.trail_empty"))
        return
    for item in trail.items:
        where = t("teams.trail_where", meeting=item.idea.meeting_number, kind=t(f"kind.{item.idea.kind}"))
        step = _step_title(item.idea.meeting_number, item.step_key, domain)
        if step:
            where += " · " + step
        if item.rank is not None:
            where += " · " + t("teams.trail_rank", rank=item.rank, of=item.of)
        if item.why == "merged":
            where += " · " + t("teams.trail_merged")
        literal(("■ " if item.why == "area" else "• ") + item.idea.text, "trail")
        st.caption(where)
    if trail.indicators:
        st.markdown(f"**{t('teams.trail_indicators')}**")
        for indicator in trail.indicators:
            literal(f"• {indicator.name}: {format_value(indicator.value, indicator.unit)}"
                    + (f" ({indicator.year})" if indicator.year else ""))


def _decisions(team: Team) -> None:
    """What the team's own meetings decided: each closed vote's leading options, the lead's notes."""
    if not team.decisions:
        return
    from assistant.reports.progress import decision_line
    from assistant.reports.wording import Wording

    st.markdown(f"**{t('progress.decisions')}**")
    say = Wording(current_language())
    for decision in team.decisions:
        literal(f"• {decision_line(decision, say)}")


# Targets ---------------------------------------------------------------------------


def _targets_overview(team: Team, today: date) -> None:
    if not team.targets:
        st.info(t("teams.no_targets"))
        return
    for target in team.targets:
        with st.container(border=True, key=key(team, f"target.{target.id}")):
            cols = st.columns([3, 1])
            with cols[0]:
                literal(target.name, "target-name")
                baseline = format_value(target.baseline, target.unit)
                st.caption(t("teams.baseline_line", value=baseline, year=target.baseline_year)
                           if target.baseline_year else t("teams.baseline_only", value=baseline))
            with cols[1]:
                status_badge(target.status(today))
            if target.points:
                rows = []
                for point in target.points:
                    state = target.point_status(point, today)
                    rows.append({t("teams.col.due"): point.due.strftime("%d.%m.%Y"),
                                 t("teams.col.planned"): format_value(point.planned, target.unit),
                                 t("teams.col.actual"): format_value(point.actual, target.unit),
                                 t("teams.col.status"): t(f"teams.status.{state}")})
                reading_table(rows, key(team, f"points.{target.id}"))


def _progress_chart(teams: list[Team], *, named: bool = False) -> None:
    from assistant.reports.teams import progress_chart
    from assistant.reports.wording import Wording

    chart = progress_chart(teams, Wording(current_language()), named=named)
    if chart is not None:
        st.image(chart.png, caption=chart.caption, width=720)


def _add_target(team: Team, situation) -> None:
    picked = st.session_state.get(key(team, "target.from"))
    indicator = next((i.indicator for i in situation if i.id == picked), None)
    name = (st.session_state.get(key(team, "target.name")) or "").strip() or (indicator.name if indicator else "")
    unit = st.session_state.get(key(team, "target.unit")) or (indicator.unit if indicator else "")
    baseline = st.session_state.get(key(team, "target.baseline")) or (
        format_value(indicator.value, "") if indicator else "")
    year = st.session_state.get(key(team, "target.year")) or (indicator.year if indicator else None)
    services.run_for_team(team_commands.save_target, team.id, name=name, unit=unit, baseline=baseline,
                          baseline_year=int(year) if year else None, success="teams.target_added")


def _add_point(team: Team) -> None:
    target_id = st.session_state.get(key(team, "point.target"))
    if target_id is None:
        return
    services.run_for_team(team_commands.set_control_point, team.id, target_id,
                          due=st.session_state.get(key(team, "point.due")),
                          planned=st.session_state.get(key(team, "point.planned")), success="teams.point_saved")


def _measure(team: Team) -> None:
    point_id = st.session_state.get(key(team, "measure.point"))
    if point_id is None:
        return
    services.run_for_team(team_commands.record_measurement, team.id, point_id,
                          st.session_state.get(key(team, "measure.value")),
                          measured_on=st.session_state.get(key(team, "measure.on")),
                          note=st.session_state.get(key(team, "measure.note")), success="teams.measured")


def _target_forms(team: Team, situation) -> None:
    with (st.expander(t("teams.add_target"), icon=":material/add_chart:", key=key(team, "target.open")),
          st.form(key(team, "target.form"), clear_on_submit=False, border=False)):
            if situation:
                by_id = {i.id: i.indicator for i in situation}
                st.selectbox(t("teams.target_from"), [None, *by_id], key=key(team, "target.from"),
                             format_func=lambda i: t("teams.target_own") if i is None else by_id[i].name)
            st.text_input(t("field.target_name"), key=key(team, "target.name"), max_chars=120)
            cols = st.columns(3)
            cols[0].text_input(t("field.target_unit"), key=key(team, "target.unit"), max_chars=40,
                               placeholder="%")
            cols[1].text_input(t("field.baseline"), key=key(team, "target.baseline"), max_chars=40)
            cols[2].number_input(t("field.baseline_year"), key=key(team, "target.year"), value=None,
                                 min_value=1948, max_value=2100, step=1)
            st.form_submit_button(t("teams.add_target_button"), icon=":material/add:", on_click=_add_target,
                                  args=(team, situation))
    if not team.targets:
        return
    targets = {target.id: target for target in team.targets}
    with st.expander(t("teams.add_point"), icon=":material/flag:", key=key(team, "point.open")):
        if team.plan_start:
            st.caption(t("teams.plan_start_line", day=team.plan_start.strftime("%d.%m.%Y")))
        with st.form(key(team, "point.form"), clear_on_submit=False, border=False):
            st.selectbox(t("field.target_name"), list(targets), key=key(team, "point.target"),
                         format_func=lambda i: targets[i].name)
            cols = st.columns(2)
            cols[0].date_input(t("field.control_date"), key=key(team, "point.due"), value=None, format="DD.MM.YYYY")
            cols[1].text_input(t("field.planned_value"), key=key(team, "point.planned"), max_chars=40)
            st.form_submit_button(t("teams.add_point_button"), icon=":material/add:", on_click=_add_point,
                                  args=(team,))
    points = {p.id: (target, p) for target in team.targets for p in target.points}
    if not points:
        return
    with (st.expander(t("teams.measure"), icon=":material/straighten:", expanded=True, key=key(team, "measure.open")),
          st.form(key(team, "measure.form"), clear_on_submit=False, border=False)):
            st.selectbox(t("teams.measure_which"), list(points), key=key(team, "measure.point"),
                         format_func=lambda i: t("teams.point_label", target=points[i][0].name,
                                                 day=points[i][1].due.strftime("%d.%m.%Y"),
                                                 planned=format_value(points[i][1].planned, points[i][0].unit)))
            cols = st.columns(2)
            cols[0].text_input(t("field.measurement"), key=key(team, "measure.value"), max_chars=40,
                               help=t("teams.measure_help"))
            cols[1].date_input(t("teams.measured_on"), key=key(team, "measure.on"), value="today",
                               format="DD.MM.YYYY")
            st.text_input(t("field.measurement_note"), key=key(team, "measure.note"), max_chars=500)
            st.form_submit_button(t("teams.measure_button"), icon=":material/save:", on_click=_measure,
                                  args=(team,))


# The team's focus area in the work plan ----------------------------------------------

PLAN_SECTIONS = ("operational", "timeline")


def _area_of(plan, team: Team):
    return next((a for a in plan.focus_areas if team_of_area((team,), a.title, a.idea_id) is team), None)


def _plan_editors(team: Team, plan) -> None:
    """The team's focus area: its logic model, operational table and timeline, as saved or as
    drafted from what the forum decided about it; saved alone (the other areas stay theirs)."""
    from assistant.forum.work_plan import LOGIC_FIELDS, FocusArea
    from assistant.forum.work_plan_tables import section_frame, section_rows
    from assistant.store.work_plan import save_team_area
    from assistant.ui.work_plan_page import EMPTY_CELL, section_columns

    area = _area_of(plan, team) or FocusArea(title=team.name, idea_id=team.idea_id)
    version = f"r{plan.revision}"
    st.caption(t("teams.plan_saved", revision=plan.revision) if plan.saved else t("teams.plan_draft"))
    st.markdown(f"**{t('plan.logic_model')}**")
    for name in LOGIC_FIELDS:
        st.text_area(t(f"plan.logic.{name}"), value=area.logic.get(name) or "", key=key(team, f"logic.{name}.{version}"),
                     max_chars=2000, height=90)
    tables = {}
    for section in PLAN_SECTIONS:
        st.markdown(f"**{t(f'plan.{section}')}**")
        tables[section] = st.data_editor(
            section_frame(area, section), key=key(team, f"{section}.{version}"), num_rows="dynamic", hide_index=True,
            column_config=section_columns(section), width="stretch", placeholder=EMPTY_CELL,
            alt=f"{team.name}: {t(f'plan.{section}')}")
    if team.meetings_forum_id is not None:
        st.button(t("teams.draw_on_meetings"), key=key(team, "plan.from_meetings"), icon=":material/input:",
                  help=t("teams.draw_on_meetings_help"), on_click=_draw_on_meetings, args=(team, plan))
    if st.button(t("teams.save_plan"), key=key(team, "plan.save"), type="primary", icon=":material/save:"):
        edited = FocusArea(
            title=area.title, idea_id=area.idea_id, infrastructures=area.infrastructures, control=area.control,
            logic={name: (st.session_state.get(key(team, f"logic.{name}.{version}")) or "").strip() or None
                   for name in LOGIC_FIELDS},
            **{section: section_rows(tables[section], section) for section in PLAN_SECTIONS})
        if services.run_for_team(save_team_area, team.id, edited, plan.focus_areas,
                                 expected_revision=plan.revision, success="teams.plan_saved_now"):
            st.rerun()


# The team's own four meetings ------------------------------------------------------------


def lead_token(team: Team) -> str:
    """The team lead's link: this session's own for a lead, drawn from the facilitator's for the
    facilitator."""
    from assistant.forum.access import Role, team_token_for

    access = services.current_access()
    if access is not None and access.role is Role.TEAM_LEAD:
        return services.current_token()
    return team_token_for(services.current_token(), team.id, team.link_generation)


def _prepare_meetings(team: Team) -> None:
    from assistant.playbook.plan import forum_plan

    services.run_for_team(team_commands.open_team_meetings, team.id, lead_token(team),
                          forum_plan(services.team_playbook()), success="teams.meetings_ready")


def _console_link(team: Team) -> None:
    """Where the lead runs the team's meetings, and how members' phones join them."""
    from assistant import links
    from assistant.forum.access import meetings_token_for

    meetings = services.forum(team.meetings_forum_id)
    base = services.base_url()
    st.link_button(t("teams.open_console"), links.facilitator_url(base, meetings_token_for(lead_token(team))),
                   icon=":material/co_present:", type="primary")
    st.caption(t("teams.console_help", code=meetings.join_code))
    st.code(links.join_url(base, meetings.join_code), language=None, wrap_lines=True)


def _meetings(team: Team, forum_domain: str) -> None:
    """The team's four meetings as the roadmap lays them out: each meeting's goals and, step by
    step, its time, what the lead does and says, tips, and the guide's words behind it; and the
    console the lead runs them from, with the members' phones."""
    from assistant.playbook.cards import meeting_card, step_card

    playbook, language = services.team_playbook(), current_language()
    if team.meetings_forum_id is None:
        st.caption(t("teams.prepare_help"))
        st.button(t("teams.prepare_meetings"), key=key(team, "meetings.prepare"), icon=":material/event:",
                  on_click=_prepare_meetings, args=(team,))
    else:
        _console_link(team)
    st.caption(t("teams.meetings_help"))
    for meeting in playbook.meetings:
        card = meeting_card(playbook, meeting.number, language, forum_domain)
        with st.expander(t("teams.meeting_title", n=card.number, title=card.title, minutes=card.minutes)):
            for goal in card.goals:
                literal(f"• {goal}")
            for step in meeting.steps:
                shown = step_card(playbook, meeting.number, step.id, language, forum_domain)
                line = t("teams.step_line", position=shown.position, title=shown.title, minutes=shown.minutes)
                with st.container(border=True, key=key(team, f"meeting.{meeting.number}.{step.id}")):
                    st.markdown(f"**{markdown_literal(line)}**")
                    literal(shown.goal)
                    st.caption(t("console.you_do"))
                    literal(shown.facilitator)
                    st.caption(t("console.you_say"))
                    literal(shown.script, "script")
                    for tip in shown.tips:
                        literal(f"• {tip}")
                    if shown.phone.prompt:
                        st.caption(t("teams.phones_show", prompt=markdown_literal(shown.phone.prompt)))
                    for evidence in shown.evidence[:1]:
                        literal(f"“{evidence.quote}”", "quote")


def _draw_on_meetings(team: Team, plan) -> None:
    """The team's focus area with what its own meetings decided added (empty cells filled, new
    rows), saved as the team's part of the plan."""
    from assistant.exports.reading import read_snapshot
    from assistant.forum.work_plan import FocusArea
    from assistant.reports.team_seed import from_team_meetings
    from assistant.store.work_plan import save_team_area

    area = _area_of(plan, team) or FocusArea(title=team.name, idea_id=team.idea_id)
    meetings = read_snapshot(services.store(), team.meetings_forum_id)
    drawn = from_team_meetings(area, meetings, services.team_playbook())
    services.run_for_team(save_team_area, team.id, drawn, plan.focus_areas, expected_revision=plan.revision,
                          success="teams.drawn_on_meetings")


# Investment map --------------------------------------------------------------------


def _investments(team: Team) -> None:
    playbook, language = services.playbook(), current_language()
    domains = {domain_label(playbook, d.value, language): d.value for d in MobilityDomain}
    stages = {t(f"indicators.stage.{s}"): s.value for s in AgeStage}
    rows = [{"domain": next((k for k, v in domains.items() if v == i.domain), None),
             "stage": next((k for k, v in stages.items() if v == (i.age_stage.value if i.age_stage else None)), None),
             "amount": format_value(i.amount, ""), "note": i.note} for i in team.investments]
    st.caption(t("teams.investments_help"))
    edited = st.data_editor(
        rows or [{"domain": None, "stage": None, "amount": "", "note": ""}], num_rows="dynamic", hide_index=True,
        width="stretch", key=key(team, f"investments.{len(team.investments)}.{team.budget}"), placeholder="",
        column_order=INVESTMENT_COLUMNS[::-1] if direction(language) == "rtl" else INVESTMENT_COLUMNS,
        column_config={
            "domain": st.column_config.SelectboxColumn(t("teams.col.domain"), options=list(domains)),
            "stage": st.column_config.SelectboxColumn(t("teams.col.stage"), options=list(stages)),
            "amount": st.column_config.TextColumn(t("teams.col.amount"), max_chars=20),
            "note": st.column_config.TextColumn(t("teams.col.note"), max_chars=500)})
    if st.button(t("teams.save_investments"), key=key(team, "investments.save"), icon=":material/save:"):
        lines = [{"domain": domains.get(row.get("domain")), "age_stage": stages.get(row.get("stage")),
                  "amount": row.get("amount"), "note": row.get("note")} for row in edited]
        services.run_for_team(team_commands.save_investments, team.id, lines, success="teams.investments_saved")
        st.rerun()
    if team.investments:
        st.caption(t("teams.budget_line", amount=format_value(team.budget, "₪")))


# The whole panel ---------------------------------------------------------------------


def render_team(forum_id: int, team: Team, trail: Trail | None, situation, forum_sectors, plan) -> None:
    today = date.today()
    facts = [t("teams.lead_line", name=team.lead_name) if team.lead_name else t("teams.no_lead"),
             t("teams.members_line", count=len(team.members))]
    if team.plan_start:
        facts.append(t("teams.plan_start_line", day=team.plan_start.strftime("%d.%m.%Y")))
    st.caption(markdown_literal(" · ".join(facts)))
    mix = sector_mix(team.members, forum_sectors)
    if team.members and mix.missing:
        st.caption(t("teams.missing_sectors", sectors=", ".join(t(f"sector.{s}") for s in mix.missing)))
    targets, part, trail_tab, meetings, money, files = st.tabs([
        t("teams.tab.targets"), t("teams.tab.plan"), t("teams.tab.trail"), t("teams.tab.meetings"),
        t("teams.tab.investments"), t("teams.tab.documents")])
    with meetings:
        _meetings(team, services.forum(forum_id).domain)
    with part:
        _plan_editors(team, plan)
    with targets:
        _targets_overview(team, today)
        _progress_chart([team])
        _target_forms(team, situation)
    with trail_tab:
        render_trail(trail, services.forum(forum_id).domain)
        _decisions(team)
    with money:
        _investments(team)
    with files:
        render_team_downloads(forum_id, team.id)


def render_overview(teams: list[Team]) -> None:
    """Every team's targets planned against actual, read-only (the manager's page): how many
    targets are in each status, a chart of each measured target's progress, each team's targets."""
    today = date.today()
    counted = statuses(teams, today)
    cols = st.columns(4)
    for col, status in zip(cols, (TargetStatus.ON_TRACK, TargetStatus.AT_RISK, TargetStatus.BEHIND,
                                  TargetStatus.NOT_MEASURED), strict=True):
        col.metric(t(f"teams.status.{status}"), counted.get(status, 0))
    _progress_chart(teams, named=True)
    _locality_investments(teams)
    for team in teams:
        st.markdown(f"**{markdown_literal(team.name)}**")
        st.caption(markdown_literal(t("teams.lead_line", name=team.lead_name) if team.lead_name else t("teams.no_lead")))
        _targets_overview(team, today)


def _locality_investments(teams: list[Team]) -> None:
    """The locality's investment map: every team's budget by domain and age stage, charted along
    the continuum (as the work plan's last chapter shows it)."""
    from assistant.reports.teams import locality_investments
    from assistant.reports.wording import Wording

    blocks = locality_investments(teams, services.playbook(), Wording(current_language()))
    if not blocks:
        return
    heading, _intro, table, *chart = blocks
    st.markdown(f"**{heading.text}**")
    reading_table([dict(zip(table.columns, row, strict=True)) for row in table.rows], "teams.locality_investments")
    if chart:
        st.image(chart[0].png, caption=chart[0].caption, width=720)
