"""The locality manager's read-only view: what each meeting produced, how the room voted,
and the documents and data to download."""

from __future__ import annotations

import streamlit as st

from assistant.forum.access import Role
from assistant.forum.vocabulary import IdeaKind
from assistant.i18n import long_date
from assistant.playbook.cards import domain_label, meeting_card
from assistant.store import reads
from assistant.ui import services
from assistant.ui.common import current_language, literal, markdown_literal, t
from assistant.ui.downloads import render_downloads
from assistant.ui.indicators_panel import render_dashboard
from assistant.ui.results_view import render_result, result_for
from assistant.ui.team_panel import render_overview


def render() -> None:
    access = services.require(Role.MANAGER)
    lang = current_language()
    forum = services.forum(access.forum_id)
    playbook = services.playbook()
    literal(forum.title, "forum-title")
    st.caption(markdown_literal(f"{forum.locality} · {domain_label(playbook, forum.domain, lang)}"))
    held = reads.contents(services.store(), forum.id)
    people, ideas, polls, notes = held.participants, held.ideas, held.polls, held.notes
    cols = st.columns(3)
    cols[0].metric(t("turnout.joined"), len(people))
    cols[1].metric(t("manager.ideas"), len(ideas))
    cols[2].metric(t("manager.polls"), len(polls))
    st.info(t("manager.read_only"))
    render_downloads(forum.id)
    teams = reads.teams(services.store(), forum.id)
    if teams:
        with st.expander(t("manager.teams", count=len(teams)), icon=":material/groups:", expanded=True):
            render_overview(teams)
    situation = reads.indicators(services.store(), forum.id)
    if situation:
        with st.expander(t("indicators.dashboard"), icon=":material/monitoring:", expanded=True):
            render_dashboard(situation, reads.work_plan(services.store(), forum.id))
    for meeting in forum.meetings:
        card = meeting_card(playbook, meeting.number, lang, forum.domain)
        when = f" · {long_date(meeting.scheduled_on, lang)}" if meeting.scheduled_on else ""
        with st.expander(f"{t('console.meeting_n', n=meeting.number)}{when}: {card.title}",
                         expanded=meeting.number == forum.current_meeting):
            if meeting.attendance:
                st.caption(t("manager.in_room", count=meeting.attendance.total))
            for kind in IdeaKind:
                of_kind = [i for i in ideas if i.meeting_number == meeting.number and i.kind is kind]
                if of_kind:
                    st.markdown(f"**{t(f'kind.{kind}')}** ({len(of_kind)})")
                    for idea in of_kind:
                        literal(f"• {idea.text}")
            for poll in (p for p in polls if p.meeting_number == meeting.number):
                st.markdown(f"**{t('manager.poll')}**")
                literal(poll.title, "poll-title")
                render_result(result_for(forum.id, poll))
            noted = [n for n in notes if n.meeting_number == meeting.number]
            if noted:
                st.markdown(f"**{t('manager.notes')}** ({len(noted)})")
                for note in noted:
                    literal(f"• {note.text}")
