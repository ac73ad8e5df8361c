"""After the forum, on a participant's phone: their team, their personal commitment, and what
became of each idea they sent (merged into which, on which focus area's trail, in which team's
plan). Imported by the phone's page only once the forum has teams: it reads the whole forum."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assistant.forum.vocabulary import IdeaKind, IdeaStatus
from assistant.i18n import isolate
from assistant.ui import services
from assistant.ui.common import literal, markdown_literal, t

KEPT_SECONDS = 60  # one reading of the forum serves every phone's refreshes for a minute


@dataclass(frozen=True)
class _Room:
    """The forum after it, read once for all the room's phones."""

    teams: tuple  # of forum.teams.Team
    commitments: dict[int, list[str]]  # by participant id
    fates: dict[int, list]  # of reports.trail.Fate, by participant id


@st.cache_data(ttl=KEPT_SECONDS, max_entries=16, show_spinner=False)
def _room(database: str, forum_id: int) -> _Room:
    from assistant.exports.reading import read_snapshot
    from assistant.reports.trail import all_fates, team_areas

    snapshot = read_snapshot(services.store(), forum_id)
    commitments: dict[int, list[str]] = {}
    for idea in snapshot.ideas:
        if idea.participant_id is not None and idea.kind is IdeaKind.COMMITMENT and idea.status is IdeaStatus.VISIBLE:
            commitments.setdefault(idea.participant_id, []).append(idea.text)
    return _Room(teams=snapshot.teams, commitments=commitments,
                 fates=all_fates(snapshot, services.playbook(), team_areas(snapshot)))


def _view(database: str, forum_id: int, participant_id: int):
    room = _room(database, forum_id)
    mine = [team for team in room.teams if any(m.participant_id == participant_id for m in team.members)]
    return mine, room.commitments.get(participant_id, []), room.fates.get(participant_id, [])


def _said(text: str) -> str:
    return markdown_literal(isolate(text))


def render(forum_id: int, participant_id: int) -> None:
    mine, commitments, found = _view(services.store().url, forum_id, participant_id)
    with st.container(border=True, key="phone.after"):
        st.markdown(f"**{t('phone.after_title')}**")
        if mine:
            for team in mine:
                literal(t("phone.your_team", name=team.name), "your-team")
                if team.lead_name:
                    st.caption(t("phone.team_lead", name=team.lead_name))
        else:
            st.caption(t("phone.no_team"))
        for text in commitments:
            literal(t("phone.your_commitment", text=text), "commitment")
        if found:
            st.markdown(f"**{t('phone.ideas_became')}**")
        for fate in found:
            literal(f"• {fate.idea.text}", "idea")
            parts = []  # people's words, in captions that read Markdown: taken literally
            if fate.merged_into is not None:
                parts.append(t("phone.fate_merged", into=_said(fate.merged_into.text)))
            if fate.team is not None and fate.team.name == fate.focus_area:
                parts.append(t("phone.fate_team_plan", team=_said(fate.team.name)))
            elif fate.team is not None:
                parts.append(t("phone.fate_team", area=_said(fate.focus_area), team=_said(fate.team.name)))
            elif fate.focus_area is not None:
                parts.append(t("phone.fate_area", area=_said(fate.focus_area)))
            elif fate.idea.status is IdeaStatus.HIDDEN:
                parts.append(t("phone.fate_hidden"))
            else:
                parts.append(t("phone.fate_kept", meeting=fate.idea.meeting_number))
            st.caption(" · ".join(parts))
