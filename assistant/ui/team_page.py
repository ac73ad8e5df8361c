"""A professional team's page, opened by its lead's link: the team's part of the plan to
write and follow (`team_panel`), with the forum's decisions that led to it read-only."""

from __future__ import annotations

import streamlit as st

from assistant.exports.reading import read_snapshot
from assistant.forum.access import Role
from assistant.reports.trail import trails
from assistant.reports.work_plan import plan_for
from assistant.store import reads
from assistant.ui import services
from assistant.ui.common import markdown_literal, t
from assistant.ui.downloads import render_downloads
from assistant.ui.team_panel import render_team


def render() -> None:
    access = services.require(Role.TEAM_LEAD)
    forum = services.forum(access.forum_id)
    with st.container(key="teams.notice"):  # one slot: a notice coming and going moves nothing below it
        services.show_notice()
    snapshot = read_snapshot(services.store(), forum.id)
    team = next((x for x in snapshot.teams if x.id == access.team_id), None)
    if team is None:  # removed since the link was opened
        st.error(t("teams.gone"))
        st.stop()
    st.caption(markdown_literal(t("teams.of_forum", forum=forum.title, locality=forum.locality)))
    st.header(markdown_literal(team.name), anchor=False)
    trail = trails(snapshot, services.playbook(), [(team.name, team.idea_id)])[0]
    situation = reads.indicators(services.store(), forum.id)
    render_team(forum.id, team, trail, situation, [p.sector for p in snapshot.participants],
                plan_for(snapshot, services.playbook()))
    with st.expander(t("teams.forum_decisions"), icon=":material/visibility:"):
        st.caption(t("teams.forum_decisions_help"))
        render_downloads(forum.id, documents_only=True)
