"""After the forum, the facilitator forms the professional teams: one per focus area the forum
chose (4-6), each with its domain lead and its link, and its members (forum participants,
suggested by what they sent and voted on that focus area, and people added by name). Each
team's part of the plan is then edited here or by its lead (`team_panel`)."""

from __future__ import annotations

import streamlit as st

from assistant import links
from assistant.exports.reading import read_snapshot
from assistant.forum.access import Role, team_token_for
from assistant.forum.teams import MAX_TEAMS, TEAM_SIZE, Team, sector_mix, team_of_area
from assistant.forum.vocabulary import Sector
from assistant.reports.trail import Trail, suggestions, team_areas, trails
from assistant.reports.work_plan import plan_for
from assistant.store import reads
from assistant.store import teams as team_commands
from assistant.ui import services
from assistant.ui.common import literal, markdown_literal, reading_table, t
from assistant.ui.team_panel import key, render_team

SUGGESTED = 12  # participants suggested per team


def _create(forum_id: int, choices: dict[str, int | None]) -> None:
    chosen = st.session_state.get("teams.create.areas") or []
    named = (st.session_state.get("teams.create.name") or "").strip()
    wanted = [(title, choices.get(title)) for title in chosen] + ([(named, None)] if named else [])
    for title, idea_id in wanted:
        if services.run(team_commands.create_team, forum_id, title, services.current_token(), idea_id=idea_id) is None:
            return
    if wanted:
        st.session_state["teams.create.name"] = ""
        services.notice("success", t("teams.created", count=len(wanted)))


def _create_form(forum_id: int, plan, teams: list[Team]) -> None:
    open_areas = {area.title: area.idea_id for area in plan.focus_areas
                  if team_of_area(teams, area.title, area.idea_id) is None}
    with st.expander(t("teams.create_title"), icon=":material/group_add:", expanded=not teams, key="teams.create.open"):
        st.caption(t("teams.create_help", low=TEAM_SIZE[0], high=TEAM_SIZE[1], most=MAX_TEAMS))
        with st.form("teams.create", border=False):
            if open_areas:
                st.multiselect(t("teams.create_areas"), list(open_areas), key="teams.create.areas",
                               default=list(open_areas)[:6] if not teams else None,
                               placeholder=t("teams.choose"))
            else:
                st.caption(t("teams.all_areas_have_teams"))
            st.text_input(t("teams.create_named"), key="teams.create.name", max_chars=120)
            st.form_submit_button(t("teams.create_button"), icon=":material/group_add:", type="primary",
                                  on_click=_create, args=(forum_id, open_areas))


def _save_lead(forum_id: int, team: Team) -> None:
    services.run_for_team(team_commands.update_team, team.id, lead_name=st.session_state.get(key(team, "lead")),
                          plan_start=st.session_state.get(key(team, "start")), success="teams.lead_saved")


def _replace_link(team: Team) -> None:
    if not st.session_state.get(key(team, "replace.confirm")):
        services.notice("warning", t("teams.replace_confirm_first"))
        return
    st.session_state[key(team, "replace.confirm")] = False
    services.run(team_commands.replace_team_link, team.forum_id, team.id, services.current_token(),
                 success="teams.link_replaced")


def _remove_team(team: Team) -> None:
    if not st.session_state.get(key(team, "remove.confirm")):
        services.notice("warning", t("teams.remove_confirm_first"))
        return
    services.run(team_commands.remove_team, team.forum_id, team.id, success="teams.removed")


def _lead_and_link(team: Team) -> None:
    with st.expander(t("teams.lead_and_link"), icon=":material/badge:", expanded=team.lead_name is None,
                     key=key(team, "lead.open")):
        with st.form(key(team, "lead.form"), border=False):
            cols = st.columns([2, 1])
            cols[0].text_input(t("field.lead_name"), value=team.lead_name or "", key=key(team, "lead"), max_chars=60)
            cols[1].date_input(t("teams.plan_start"), value=team.plan_start, key=key(team, "start"),
                               format="DD.MM.YYYY")
            st.form_submit_button(t("teams.save_lead"), icon=":material/save:", on_click=_save_lead,
                                  args=(team.forum_id, team))
        st.markdown(f"**{t('teams.link_title')}**")
        st.caption(t("teams.link_help"))
        token = team_token_for(services.current_token(), team.id, team.link_generation)
        st.code(links.team_url(services.base_url(), token), language=None, wrap_lines=True)
        cols = st.columns([2, 1])
        cols[0].checkbox(t("teams.replace_confirm"), key=key(team, "replace.confirm"))
        cols[1].button(t("teams.replace_link"), key=key(team, "replace"), icon=":material/sync_lock:",
                       on_click=_replace_link, args=(team,))
        cols = st.columns([2, 1])
        cols[0].checkbox(t("teams.remove_confirm", name=markdown_literal(team.name)), key=key(team, "remove.confirm"))
        cols[1].button(t("teams.remove"), key=key(team, "remove"), icon=":material/delete:",
                       on_click=_remove_team, args=(team,))


def _add_participant(team: Team, participant_id: int) -> None:
    services.run_for_team(team_commands.add_member, team.id, participant_id=participant_id,
                          success="teams.member_added")


def _add_named(team: Team) -> None:
    done = services.run_for_team(team_commands.add_member, team.id,
                                 name=st.session_state.get(key(team, "member.name")),
                                 sector=st.session_state.get(key(team, "member.sector")),
                                 success="teams.member_added")
    if done is not None:
        st.session_state[key(team, "member.name")] = ""


def _remove_member(team: Team, member_id: int) -> None:
    services.run_for_team(team_commands.remove_member, team.id, member_id, success="teams.member_removed")


def _person(name: str | None, sector: str) -> str:
    return f"{name} ({t(f'sector.{sector}')})" if name else t("teams.unnamed", sector=t(f"sector.{sector}"))


def _sector_mix(team: Team, snapshot) -> None:
    """The team's members by sector beside the forum's participants, as shares."""
    mix = sector_mix(team.members, [p.sector for p in snapshot.participants])
    rows = [{t("teams.col.sector"): t(f"sector.{sector}"),
             t("teams.col.team_share"): f"{mix.share(sector):.0%}",
             t("teams.col.forum_share"): f"{mix.share(sector, of='forum'):.0%}"}
            for sector in dict.fromkeys([*mix.forum, *mix.team])]
    reading_table(rows, key(team, "sector_mix"))


def _members(team: Team, snapshot, trail: Trail | None) -> None:
    low, high = TEAM_SIZE
    with st.expander(t("teams.members_title", count=len(team.members), low=low, high=high), icon=":material/group:",
                     key=key(team, "members.open")):
        for member in team.members:
            cols = st.columns([4, 1])
            with cols[0]:
                literal(_person(member.name, member.sector))
            cols[1].button(t("teams.remove_member"), key=key(team, f"member.remove.{member.id}"),
                           icon=":material/person_remove:", on_click=_remove_member, args=(team, member.id))
        if team.members:
            _sector_mix(team, snapshot)
        found = suggestions(snapshot, trail, team)[:SUGGESTED] if trail is not None else []
        if found:
            st.markdown(f"**{t('teams.suggested')}**")
            st.caption(t("teams.suggested_help"))
            for person in found:
                cols = st.columns([4, 1])
                with cols[0]:
                    literal(_person(person.name, person.sector))
                    st.caption(t("teams.involvement", ideas=person.ideas, votes=person.votes))
                cols[1].button(t("teams.add_member"), key=key(team, f"member.add.{person.participant_id}"),
                               icon=":material/person_add:", on_click=_add_participant,
                               args=(team, person.participant_id))
        st.markdown(f"**{t('teams.add_named')}**")
        with st.form(key(team, "member.form"), border=False):
            cols = st.columns([2, 1])
            cols[0].text_input(t("field.member_name"), key=key(team, "member.name"), max_chars=60)
            cols[1].selectbox(t("field.member_sector"), [s.value for s in Sector], key=key(team, "member.sector"),
                              format_func=lambda s: t(f"sector.{s}"))
            st.form_submit_button(t("teams.add_member"), icon=":material/person_add:", on_click=_add_named,
                                  args=(team,))


def render() -> None:
    access = services.require(Role.FACILITATOR)
    forum = services.forum(access.forum_id)
    with st.container(key="teams.notice"):  # one slot: a notice coming and going moves nothing below it
        services.show_notice()
    st.header(t("teams.title"))
    st.caption(t("teams.intro"))
    playbook = services.playbook()
    snapshot = read_snapshot(services.store(), forum.id)
    teams = list(snapshot.teams)
    plan = plan_for(snapshot, playbook)
    _create_form(forum.id, plan, teams)
    if not teams:
        return
    found = trails(snapshot, playbook, team_areas(snapshot))
    situation = reads.indicators(services.store(), forum.id)
    sectors = [p.sector for p in snapshot.participants]
    for tab, team, trail in zip(st.tabs([markdown_literal(team.name) for team in teams]), teams, found, strict=True):
        with tab:
            _lead_and_link(team)
            _members(team, snapshot, trail)
            render_team(forum.id, team, trail, situation, sectors, plan)
