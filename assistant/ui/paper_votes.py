"""Votes cast on paper in the room, added at the console to a poll's results: a dots poll's
stickers on a flipchart as a count, a ranking or rating poll's slips one by one. Outside the
polls' refreshing fragment, so a refresh never touches numbers being typed."""

from __future__ import annotations

import streamlit as st

from assistant.forum.attendance import ATTENDANCE_MAX
from assistant.forum.paper import PAPER_DOTS_MAX
from assistant.forum.records import BallotRecord, ForumRecord, PollParams, PollRecord
from assistant.forum.vocabulary import PollStatus, VotingMethod
from assistant.i18n import isolate, joined
from assistant.store import commands, reads
from assistant.ui import services, state
from assistant.ui.common import (
    bound_key,
    current_language,
    literal,
    markdown_literal,
    shortened,
    t,
    version_of,
)
from assistant.ui.downloads import slips_button

LABEL_CHARS = 80


def _short(text: str) -> str:
    return shortened(text, LABEL_CHARS)


def _label(text: str) -> str:
    """An option as a widget label (which renders Markdown): shown as typed."""
    return markdown_literal(isolate(_short(text)))


# Dots: a count ---------------------------------------------------------------------


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


def _dots_count(forum: ForumRecord, poll: PollRecord, params: PollParams) -> None:
    st.caption(t("console.paper_help"))
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


# Ranking and rating: slips ---------------------------------------------------------


def _slip_keys(poll: PollRecord, params: PollParams, typed: int) -> dict[tuple[int | str, ...], str]:
    """(rank,) or (option id, criterion) -> widget key. Keyed by the slips typed so far, so
    the form is empty for the next slip once one is added, and keeps what was typed when
    the slip is refused."""
    prefix = f"{state.PAPER_SLIP_PREFIX}.{poll.id}.{typed}"
    if poll.method is VotingMethod.RANKING:
        return {(n,): f"{prefix}.{n}" for n in range(1, params.top_n + 1)}
    return {(o.id, c): f"{prefix}.{o.id}.{c}" for o in poll.options for c in params.criteria}


def _choices(method: VotingMethod, keys: dict[tuple[int | str, ...], str]) -> object:
    """The slip as a phone would send it: blanks left out (a rating's half-rated option is
    kept half, for the rules to refuse)."""
    values = {name: st.session_state.get(key) for name, key in keys.items()}
    if method is VotingMethod.RANKING:
        return [option for _, option in sorted(values.items()) if option is not None]
    rated: dict[int, dict[str, int]] = {}
    for (option, criterion), value in values.items():
        if value is not None:
            rated.setdefault(int(option), {})[str(criterion)] = int(value)
    return rated


def _add_slip(forum_id: int, poll: PollRecord, keys: dict[tuple[int | str, ...], str]) -> None:
    added = services.run(commands.add_paper_ballot, forum_id, poll.id, _choices(poll.method, keys))
    if added is not None:
        services.notice("success", t("console.paper_added", count=added.count))


def _remove_slip(forum_id: int, poll_id: int, ballot_id: int) -> None:
    if services.run(commands.remove_paper_ballot, forum_id, poll_id, ballot_id) is not None:
        services.notice("success", t("console.paper_removed"))


def _slip_text(poll: PollRecord, params: PollParams, slip: BallotRecord) -> str:
    """A slip as written: a ranking in its order; a rating option by option, in the poll's order."""
    labels = {o.id: isolate(_short(o.label)) for o in poll.options}
    if poll.method is VotingMethod.RANKING:
        return " · ".join(f"{e.value}. {labels[e.option_id]}" for e in sorted(slip.entries, key=lambda e: e.value))
    values = {(e.option_id, e.criterion): e.value for e in slip.entries}
    rated = [(o.id, [f"{t(f'criterion.{c}')} {values[(o.id, c)]}" for c in params.criteria if (o.id, c) in values])
             for o in poll.options]
    return " · ".join(f"{labels[o]}: {joined(scores, current_language())}" for o, scores in rated if scores)


def _slips(forum: ForumRecord, poll: PollRecord, params: PollParams) -> None:
    typed = reads.paper_slips(services.store(), forum.id, poll.id)
    if poll.method is VotingMethod.RANKING:
        st.caption(t("console.paper_help_ranking", top_n=params.top_n))
    else:
        st.caption(t("console.paper_help_rating", scale=params.scale))
    slips_button(forum.id, poll.id)
    keys = _slip_keys(poll, params, len(typed))
    labels = {o.id: o.label for o in poll.options}
    with st.form(f"console.paper_slip.{poll.id}"):
        if poll.method is VotingMethod.RANKING:
            for (n,), key in keys.items():
                st.selectbox(t("console.paper_rank_n", n=n), list(labels), index=None,
                             format_func=lambda o: isolate(_short(labels[o])), key=key)
        else:
            widths = [2] + [1] * len(params.criteria)
            for col, criterion in zip(st.columns(widths)[1:], params.criteria, strict=True):
                col.markdown(f"**{t(f'criterion.{criterion}')}**")
            for option in poll.options:
                cols = st.columns(widths, vertical_alignment="center")
                with cols[0]:
                    literal(_short(option.label))
                for col, criterion in zip(cols[1:], params.criteria, strict=True):
                    col.number_input(f"{_label(option.label)}: {t(f'criterion.{criterion}')}", min_value=1,
                                     max_value=params.scale, step=1, value=None, label_visibility="collapsed",
                                     key=keys[(option.id, criterion)])
        st.form_submit_button(t("console.paper_add"), key="console.paper_add", on_click=_add_slip,
                              args=(forum.id, poll, keys))
    if not typed:
        return
    with st.expander(t("console.paper_slips", count=len(typed))):
        for n, slip in enumerate(typed, start=1):
            cols = st.columns([8, 1], vertical_alignment="center")
            with cols[0]:
                literal(f"{t('console.paper_slip', n=n)}: {_slip_text(poll, params, slip)}", "paper-slip")
            cols[1].button(t("console.paper_remove_short"), key=f"console.paper_remove.{slip.id}",
                           icon=":material/delete:", type="tertiary", help=t("console.paper_remove", n=n),
                           on_click=_remove_slip, args=(forum.id, poll.id, slip.id))


def render_paper_votes(forum: ForumRecord) -> None:
    st.markdown(f"**{t('console.paper')}**")
    polls = list(reversed(reads.polls(services.store(), forum.id)))
    if not polls:
        st.caption(t("console.paper_none"))
        return
    by_id = {p.id: p for p in polls}
    running = next((p.id for p in polls if p.status is PollStatus.OPEN), polls[0].id)
    chosen = st.selectbox(t("console.paper_poll"), list(by_id), index=list(by_id).index(running),
                          format_func=lambda i: isolate(by_id[i].title), key=f"{state.PAPER_POLL}.{running}")
    poll = by_id.get(chosen) or polls[0]
    params = poll.params
    if poll.method is VotingMethod.DOTS:
        _dots_count(forum, poll, params)
    else:
        _slips(forum, poll, params)
