"""Dots voted on paper in the room (stickers on a flipchart), counted by the facilitator and
added to a dots poll's results. Outside the polls' refreshing fragment, so a refresh never
touches numbers being typed."""

from __future__ import annotations

import streamlit as st

from assistant.forum.attendance import ATTENDANCE_MAX
from assistant.forum.ballots import poll_params
from assistant.forum.paper import PAPER_DOTS_MAX
from assistant.forum.records import ForumRecord, PollRecord
from assistant.forum.vocabulary import VotingMethod
from assistant.i18n import isolate
from assistant.store import commands, queries
from assistant.ui import services, state
from assistant.ui.common import bound_key, markdown_literal, t, version_of

LABEL_CHARS = 80


def _keys(poll: PollRecord) -> dict[str | int, str]:
    """Widget keys bound to the stored count: a count saved elsewhere shows, not the old one."""
    version = version_of([poll.paper.voters, sorted(poll.paper.dots.items())] if poll.paper else None)
    names: list[str | int] = ["voters", *(o.id for o in poll.options)]
    return {name: bound_key(f"{state.PAPER_PREFIX}.{poll.id}.{name}", version) for name in names}


def _save(forum_id: int, poll_id: int, keys: dict[str | int, str]) -> None:
    counts = {name: st.session_state.get(key) for name, key in keys.items()}
    voters = counts.pop("voters")
    recorded = services.run(commands.record_paper_votes, forum_id, poll_id, voters, counts)
    if recorded is not None:
        services.notice("success", t("console.paper_saved", count=recorded.paper.voters, dots=recorded.paper.total)
                        if recorded.paper else t("console.paper_cleared"))


def _label(text: str) -> str:
    """An option as a widget label (which renders Markdown): shown as typed."""
    return markdown_literal(isolate(text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"))


def render_paper_votes(forum: ForumRecord) -> None:
    st.markdown(f"**{t('console.paper')}**")
    with services.store().read() as session:
        polls = [p for p in reversed(queries.polls(session, forum.id)) if p.method is VotingMethod.DOTS]
    if not polls:
        st.caption(t("console.paper_none"))
        return
    st.caption(t("console.paper_help"))
    by_id = {p.id: p for p in polls}
    chosen = st.selectbox(t("console.paper_poll"), list(by_id), format_func=lambda i: isolate(by_id[i].title),
                          key=state.PAPER_POLL)
    poll = by_id.get(chosen) or polls[0]
    params = poll_params(poll.method, poll.params, len(poll.options))
    st.caption(t("console.paper_rules", budget=params.budget, cap=params.cap))
    keys = _keys(poll)
    stored = poll.paper
    with st.form(f"console.paper.{poll.id}"):
        st.number_input(t("console.paper_voters"), min_value=0, max_value=ATTENDANCE_MAX, step=1,
                        value=stored.voters if stored else None, key=keys["voters"])
        cols = st.columns(2)
        for i, option in enumerate(poll.options):
            cols[i % 2].number_input(_label(option.label), min_value=0, max_value=PAPER_DOTS_MAX, step=1,
                                     value=stored.dots.get(option.id) if stored else None, key=keys[option.id])
        st.form_submit_button(t("console.paper_save"), key="console.paper_save", on_click=_save,
                              args=(forum.id, poll.id, keys))
