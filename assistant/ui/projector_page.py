"""What the projector shows the hall, in large type: how to join, the ideas
coming in, the live results, or the meeting's agenda. It refreshes itself."""

from __future__ import annotations

import html
from datetime import UTC, datetime

import streamlit as st

from assistant import links
from assistant.config import get_settings
from assistant.forum.access import Role
from assistant.forum.indicators import format_value
from assistant.forum.vocabulary import IdeaKind
from assistant.store import reads
from assistant.ui import services, state
from assistant.ui.common import current_language, literal, t
from assistant.ui.indicators_panel import gap_words
from assistant.ui.results_view import render_result, result_for
from assistant.ui.steps import meeting_agenda, step_title
from assistant.ui.worries import worry_names

MODES = ("auto", "join", "ideas", "results", "agenda")
# Beside the ideas, the results or the agenda, how to join keeps this share of the width (the
# QR code stays at least 40% of a 1080 or 768 screen's height, with the address beside it).
SIDE = (5, 4)
BARS_ON_SCREEN = 8
BIG = """<style>
.projector .literal, .projector-idea { font-size: 1.9rem; line-height: 1.35; }
.projector-code-box { container-type: inline-size; }
.projector-code { font-size: min(5rem, 19cqi); font-weight: 700; letter-spacing: .05em; direction: ltr;
                  text-align: center; white-space: nowrap; }
.st-key-projector-qr img { max-height: 62vh; width: auto; max-width: 100%; display: block; margin: 0 auto; }
.st-key-projector-side .st-key-projector-qr img { max-height: 46vh; }
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; padding-bottom: 1rem; }
.projector-title { font-size: clamp(1.5rem, 2.4vw, 2.6rem); font-weight: 700; line-height: 1.2; margin: 0 0 .5rem; }
.projector-time { font-size: 1.6rem; font-weight: 600; color: #31333f; }
.projector-how { font-size: 1.9rem; line-height: 1.35; }
.projector-worries { font-size: 1.6rem; line-height: 1.35; font-weight: 600; padding: .4rem 1rem; margin: .3rem 0 .8rem;
                     background: #fdecef; border-inline-start: .4rem solid #c8102e; border-radius: .4rem; }
.projector-address { font-size: min(2.4rem, 7cqi); direction: ltr; text-align: center; overflow-wrap: anywhere; }
.projector-step { font-size: 1.6rem; line-height: 1.35; padding: .25rem 1rem; margin: .3rem 0; border-radius: .4rem; }
.projector-step.done { color: #8a8f98; }
.projector-step.now { font-weight: 700; background: #fff3d6; border-inline-start: .4rem solid #e8a317; }
.projector-idea { border-inline-start: .4rem solid #4c78a8; padding: .3rem 1rem; margin: .5rem 0;
                  background: #f4f7fb; border-radius: .4rem; }
.indicator-name { font-size: clamp(2rem, 3.2vw, 3.4rem); font-weight: 700; line-height: 1.2; margin: .5rem 0 1.2rem; }
.indicator-row { display: flex; align-items: center; gap: 1rem; margin: .9rem 0; font-size: 1.7rem; }
.indicator-label { flex: 0 0 30%; }
.indicator-track { flex: 1; }
.indicator-bar { height: 3.2rem; border-radius: .3rem; min-width: .4rem; }
.indicator-bar.here { background: #c8102e; }
.indicator-bar.other { background: #9aa4b1; }
.indicator-figure { flex: 0 0 auto; font-weight: 700; font-size: 2.2rem; direction: ltr; unicode-bidi: isolate; }
.indicator-gap { font-size: 2rem; line-height: 1.35; margin-top: 1.4rem; font-weight: 600; }
.indicator-source { font-size: 1.2rem; color: #5b6270; margin-top: 1rem; }
</style>"""


def _qr(forum) -> None:
    url = links.join_url(services.base_url(), forum.join_code)
    with st.container(key="projector-qr"):  # never taller than the screen leaves it
        st.image(links.qr_png(url, box_size=16), width="stretch", alt=t("join.qr_alt", url=url))


def _code(forum) -> None:
    # As large as the column allows: beside the ideas it is a fifth of the screen.
    st.html(f'<div class="projector-code-box"><div class="projector-code">{forum.join_code}</div></div>')


def _join_panel(forum) -> None:
    """How to join, beside whatever else the screen shows: the QR code, the address to type
    and the join code, as large as the column allows."""
    address = links.join_address(services.base_url())
    with st.container(key="projector-side"):
        _qr(forum)
        st.html(f'<div class="projector-code-box"><div class="projector-address">{html.escape(address)}</div></div>')
        _code(forum)


def _join_screen(forum) -> None:
    """How to join, for the whole hall on one screen: the QR code beside the join code and
    the address to type it at, for a phone that cannot scan."""
    address = links.join_address(services.base_url())
    qr, how = st.columns(2, vertical_alignment="center")
    with qr:
        _qr(forum)
    with how:
        st.html(f'<div class="projector-how">{html.escape(t("projector.join_how"))}</div>')
        st.html(f'<div class="projector-code-box"><div class="projector-address">{html.escape(address)}</div></div>')
        _code(forum)


def _agenda(forum) -> None:
    """The meeting's steps for the hall: those done greyed, where the room is highlighted."""
    lines = [f'<div class="projector-step {item.state}">'
             f'{html.escape(t("phone.agenda_step", title=item.title, count=item.step.minutes))}</div>'
             for item in meeting_agenda(services.playbook(), forum, current_language())]
    st.html(f'<div class="projector-agenda">{"".join(lines)}</div>')  # one block: no gaps between steps


def _time_left(forum) -> None:
    """The minutes the playbook leaves the step, while it leaves any: the hall is not told it ran over."""
    spent = forum.time_on_step(datetime.now(UTC))
    if spent is not None and spent.remaining:
        st.html(f'<div class="projector-time">⏱ {html.escape(t("projector.time_left", count=spent.minutes_left))}</div>')


def _shown_poll(forum, mode: str, polls, running):
    """The vote the screen shows: the one open now (`running`); else, in automatic mode, the one
    closed at this step (its results stay on screen until the facilitator moves on); else, asked
    for results, the latest of `polls`."""
    if running is not None:
        return running
    if mode == "auto":
        here = [p for p in polls if p.step_id == forum.current_step_id and p.closed_at is not None]
        return here[-1] if here else None
    return polls[-1] if polls and mode == "results" else None


def _indicator_screen(forum) -> bool:
    """The indicator the facilitator put on the screen, large: the locality against its comparison
    as two bars, the gap in words, the source. False if there is none (it was removed)."""
    item = next((i for i in reads.indicators(services.store(), forum.id) if i.id == forum.shown_indicator_id), None)
    if item is None:
        return False
    indicator = item.indicator
    rows = [("here", forum.locality, indicator.value)]
    if indicator.comparison is not None:
        label = t(f"indicators.compared.{indicator.compared_to}") if indicator.compared_to else t("indicators.comparison")
        rows.append(("other", label, indicator.comparison))
    top = max(abs(v) for _, _, v in rows) or 1
    bars = "".join(
        f'<div class="indicator-row"><div class="indicator-label" dir="auto">{html.escape(label)}</div>'
        f'<div class="indicator-track"><div class="indicator-bar {kind}" style="width: {abs(v) / top * 100:.1f}%">'
        f'</div></div><div class="indicator-figure">{html.escape(format_value(v, indicator.unit))}</div></div>'
        for kind, label, v in rows)
    gap = gap_words(indicator)
    meta = " · ".join(x for x in (t(f"indicators.stage.{indicator.age_stage}") if indicator.age_stage else "",
                                   str(indicator.year) if indicator.year else "") if x)
    source = t("indicators.source_line", source=indicator.source) if indicator.source else ""
    st.html(f'<div class="indicator-screen"><div class="indicator-name" dir="auto">{html.escape(indicator.name)}</div>'
            f'{bars}'
            + (f'<div class="indicator-gap">{html.escape(gap)}</div>' if gap else "")
            + (f'<div class="indicator-source">{html.escape(meta)}</div>' if meta else "")
            + (f'<div class="indicator-source" dir="auto">{html.escape(source)}</div>' if source else "")
            + "</div>")
    return True


@st.fragment(run_every=get_settings().refresh_seconds)
@services.follows_forum
def _live(forum_id: int, mode: str) -> None:
    forum = services.forum(forum_id)
    polls, running, ideas = reads.screen(services.store(), forum_id, forum.current_meeting)
    poll = _shown_poll(forum, mode, polls, running)
    title = step_title(services.playbook(), forum, current_language()) or forum.title
    st.html(f'<h1 class="projector-title" dir="auto">{html.escape(title)}</h1>')
    if mode == "auto":
        mode = ("results" if poll is not None else "indicator" if forum.shown_indicator_id is not None
                else "ideas" if forum.collecting_kind else "join")
    if mode == "join":
        _join_screen(forum)
        return
    main, side = st.columns(SIDE)
    with side:
        _join_panel(forum)
    with main:
        _time_left(forum)
        if mode == "agenda":
            _agenda(forum)
        elif mode == "indicator" and _indicator_screen(forum):
            pass
        elif mode == "results" and poll is not None:
            literal(poll.title, "projector-idea")
            render_result(result_for(forum_id, poll), big=True, top=BARS_ON_SCREEN)
        elif mode == "results":
            st.info(t("console.no_polls"))
        else:
            if forum.collecting_kind:
                st.subheader(t("projector.collecting", kind=t(f"kind.{forum.collecting_kind}")))
            if forum.collecting_kind == IdeaKind.CHALLENGE:  # from the situation picture to root problems
                worries = reads.room_worries(services.store(), forum_id)
                if worries is not None and worries.top:
                    literal(t("phone.worries", names=worry_names(worries, current_language())), "projector-worries")
            st.caption(t("console.idea_count", count=len(ideas)))
            for idea in reversed(ideas[-24:]):
                literal(idea.text, "projector-idea")


def render() -> None:
    access = services.require(Role.FACILITATOR)
    st.set_page_config(initial_sidebar_state="collapsed")  # the hall sees the screen, not the app's pages
    st.html(BIG)
    with st.container(key="projector"):
        _live(access.forum_id, st.session_state.get(state.PROJECTOR_MODE, "auto"))
    # What the screen shows, chosen from a small control under it: the hall sees the content,
    # and the page opens with the sidebar folded (the projector link from the links tab).
    with st.popover(t("projector.mode"), icon=":material/tune:"):
        st.radio(t("projector.mode"), MODES, format_func=lambda m: t(f"projector.mode_{m}"),
                 key=state.PROJECTOR_MODE, label_visibility="collapsed")
