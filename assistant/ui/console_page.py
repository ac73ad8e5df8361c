"""The facilitator's console: where the room stands, what to do now, and the
controls that move it (steps, idea collection, moderation, polls, results)."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from assistant import links
from assistant.config import get_settings
from assistant.errors import ForumError
from assistant.exports.files import discard_copies, discard_forum_exports
from assistant.forum.access import Role, manager_token_for
from assistant.forum.attendance import ATTENDANCE_MAX
from assistant.forum.clock import duration
from assistant.forum.floods import floods
from assistant.forum.inputs import IDEA_MAX, IDEAS_PER_STEP, NOTE_MAX
from assistant.forum.records import ForumRecord, IdeaRecord, PollRecord
from assistant.forum.similarity import most_similar_pairs
from assistant.forum.vocabulary import IdeaKind, IdeaStatus, PollStatus, Sector, VotingMethod
from assistant.i18n import isolate, long_date
from assistant.store import commands, reads
from assistant.ui import services, state, unlock
from assistant.ui.backups import autobackup_status, backup_panel
from assistant.ui.common import (
    bound_key,
    current_language,
    literal,
    markdown_literal,
    t,
    version_of,
)
from assistant.ui.downloads import render_downloads, render_printables
from assistant.ui.indicators_panel import render_indicators, render_worries
from assistant.ui.paper_votes import render_paper_votes
from assistant.ui.results_view import render_result, result_for
from assistant.ui.server_load import server_load
from assistant.ui.steps import card_for

# Step navigator (sidebar) -----------------------------------------------------


def _navigator(forum: ForumRecord) -> None:
    lang = current_language()
    playbook = services.playbook()
    bar = st.sidebar
    bar.markdown(f"**{t('console.join_code')}:** `{forum.join_code}`")
    current = forum.current_step
    numbers = [m.number for m in forum.meetings]
    meeting = bar.radio(t("console.meeting"), numbers, index=numbers.index(forum.current_meeting or 1),
                        format_func=lambda n: t("console.meeting_n", n=n), horizontal=True,
                        key=f"{state.CONSOLE_MEETING}.{forum.current_step_id}")
    chosen = next(m for m in forum.meetings if m.number == meeting)
    if chosen.scheduled_on:
        bar.caption(long_date(chosen.scheduled_on, lang))
    steps = chosen.steps
    for step in steps:
        card = card_for(playbook, forum, step, lang)
        label = f"{step.position + 1}. {card.title if card else step.key} · {step.minutes}′"
        if current and step.id == current.id:
            bar.markdown(f"**{t('console.current_marker')} {label}**")
        else:
            bar.button(label, key=f"console.goto.{step.id}", width="stretch",
                       on_click=services.run, args=(commands.go_to_step, forum.id, step.id))
    back, forward = bar.columns(2)
    back.button(t("console.previous"), key="console.prev", width="stretch",
                on_click=services.run, args=(commands.advance_step, forum.id, -1))
    forward.button(t("console.next"), key="console.next", type="primary", width="stretch",
                   on_click=services.run, args=(commands.advance_step, forum.id, 1))
    with bar:
        autobackup_status(forum.id)


# Now: the step card and its phone action ---------------------------------------


def _passage_texts(ids: tuple[str, ...]) -> list:
    try:
        by_id = services.passages_by_id()
    except ForumError:
        return []
    return [by_id[i] for i in ids if i in by_id]


def _open_collection(forum_id: int, kind: str) -> None:
    services.run(commands.open_collection, forum_id, kind, success="console.collection_opened")


def _poll_from_step(forum: ForumRecord, spec: dict, title: str) -> None:
    services.run(commands.open_step_poll, forum.id, title=title, spec=spec, success="console.poll_opened")


@st.fragment(run_every=get_settings().refresh_seconds)
@services.follows_forum
def _step_clock(forum_id: int, minutes: int, offset: int, meeting_minutes: int) -> None:
    """Time on the step against the time the playbook gives it, and where the step sits
    in the meeting's run of show (minutes into the meeting, not clock times)."""
    spent = services.forum(forum_id).time_on_step(datetime.now(UTC))
    cols = st.columns(3)
    if spent is None:
        cols[0].metric(t("console.clock"), "—", t("console.clock_idle"), delta_color="off", delta_arrow="off")
    elif spent.overrun:
        cols[0].metric(t("console.clock"), duration(spent.elapsed),
                       t("console.clock_over", time=duration(spent.overrun)), delta_color="red", delta_arrow="up")
    else:
        cols[0].metric(t("console.clock"), duration(spent.elapsed),
                       t("console.clock_left", time=duration(spent.remaining)), delta_color="off", delta_arrow="off")
    cols[1].metric(t("console.minutes"), f"{minutes}′")
    cols[2].metric(t("console.slot", total=meeting_minutes), isolate(f"{offset}–{offset + minutes}′"))
    cols[0].button(t("console.clock_start") if spent is None else t("console.clock_restart"),
                   key="console.clock_start", type="tertiary", icon=":material/timer:",
                   on_click=services.run, args=(commands.start_step_clock, forum_id))


@st.fragment(run_every=get_settings().refresh_seconds)
def _server_busy() -> None:
    """Above the tabs, only while this server process cannot keep up with its screens."""
    load = server_load()
    if load is not None and load.busy:
        st.warning(t("console.server_busy", waiting=load.waiting, screens=load.screens),
                   icon=":material/hourglass_top:")


def _step_action(forum: ForumRecord, card, step) -> None:
    """What the phones do at this step, and its one main action, at the top of the card: open or
    close the collection; build the step's vote from the meeting's ideas and open it, close it
    while it runs, or say it is closed with its results on the projector and the results tab."""
    phone = card.phone
    spec = step.phone or {}
    with st.container(border=True, key="console.step_action"):
        st.markdown(f"**{t('console.phones')}**")
        if phone.action == "collect":
            literal(t("console.phones_collect", kind=t(f"kind.{phone.kind}")) + " — " + phone.prompt)
            if forum.collecting_kind and forum.collecting_kind.value == phone.kind:
                st.success(t("console.collecting", kind=t(f"kind.{phone.kind}")))
                st.button(t("console.close_collection"), key="console.close_collection",
                          on_click=services.run, args=(commands.close_collection, forum.id))
            else:
                st.button(t("console.open_collection", kind=t(f"kind.{phone.kind}")), type="primary",
                          key="console.open_collection", on_click=_open_collection, args=(forum.id, phone.kind))
        elif phone.action == "vote" and spec.get("poll"):
            literal(t("console.phones_vote", method=t(f"method.{phone.method}")) + " — " + phone.prompt)
            here = [p for p in reads.polls(services.store(), forum.id) if p.step_id == forum.current_step_id]
            running = next((p for p in reversed(here) if p.status is PollStatus.OPEN), None)
            if running is not None:
                st.success(t("console.step_poll_open", title=markdown_literal(running.title)))
                st.button(t("console.close_step_poll"), type="primary", key="console.step_poll_close",
                          on_click=services.run, args=(commands.close_poll, forum.id, running.id),
                          kwargs={"success": "console.poll_closed"})
            elif here:
                st.info(t("console.step_poll_closed", title=markdown_literal(here[-1].title)))
            else:
                st.button(t("console.build_step_poll", kind=t(f"kind.{phone.kind}")), type="primary",
                          key="console.step_poll", on_click=_poll_from_step, args=(forum, spec["poll"], card.title))
        elif phone.action == "results":
            st.info(t("console.phones_results"))
        else:
            st.info(t("console.phones_wait"))
        if forum.collecting_kind and (phone.action != "collect" or forum.collecting_kind.value != phone.kind):
            st.warning(t("console.collecting", kind=t(f"kind.{forum.collecting_kind}")))
            st.button(t("console.close_collection"), key="console.close_other",
                      on_click=services.run, args=(commands.close_collection, forum.id))


def _now_tab(forum: ForumRecord) -> None:
    lang = current_language()
    step = forum.current_step
    card = card_for(services.playbook(), forum, step, lang)
    if card is None:
        st.warning(t("console.no_card"))
        return
    st.caption(t("console.step_of", meeting=card.meeting, title=card.meeting_title, position=card.position,
                 steps=card.steps))
    st.header(card.title)
    _step_clock(forum.id, card.minutes, card.offset, card.meeting_minutes)
    _step_action(forum, card, step)
    if card.phone.action == "collect" and card.phone.kind == IdeaKind.CHALLENGE:
        render_worries(forum)  # the situation picture's worries start the root problems
    if card.position == card.steps and forum.attendance(card.meeting) is None:  # before the room empties
        st.info(t("console.count_the_room", n=card.meeting), icon=":material/groups:")
    st.markdown(f"**{t('console.goal')}**")
    literal(card.goal)
    st.markdown(f"**{t('console.you_do')}**")
    literal(card.facilitator)
    st.markdown(f"**{t('console.you_say')}**")
    literal(card.script, "script")
    with st.expander(t("console.tips")):
        for tip in card.tips:
            literal(f"• {tip}")

    if card.outputs or card.uses:
        st.subheader(t("console.outputs"))
        for output in card.uses:
            literal(f"← {t('console.meeting_n', n=output.meeting)}: {output.title}")
        for output in card.outputs:
            literal(f"→ {output.title}")
    with st.expander(t("console.sources", count=len(card.evidence))):
        for evidence in card.evidence:
            for passage in _passage_texts(evidence.passage_ids)[:1]:
                st.caption(t("search.citation", document=passage.title, section=passage.section or "—"))
                literal(f"“{evidence.quote}”", "quote")
    _notes(forum)


def _add_note(forum_id: int) -> None:
    if services.run(commands.add_note, forum_id, st.session_state.get(state.NOTE_TEXT),
                    success="console.note_added") is not None:
        st.session_state[state.NOTE_TEXT] = ""


def _notes(forum: ForumRecord) -> None:
    """The meeting's record in the facilitator's words, kept with the step each was written at."""
    lang = current_language()
    notes = reads.notes(services.store(), forum.id, meeting=forum.current_meeting)
    st.subheader(t("console.notes"))
    st.caption(t("console.notes_help"))
    steps = {step.id: step for step in forum.steps}
    for note in notes:
        text_col, delete_col = st.columns([9, 1], vertical_alignment="center")
        with text_col:
            literal(note.text, "note")
            card = card_for(services.playbook(), forum, steps.get(note.step_id), lang)
            if card is not None:
                st.caption(card.title)
        delete_col.button(":material/delete:", key=f"console.delete_note.{note.id}", help=t("console.delete_note"),
                          on_click=services.run, args=(commands.delete_note, forum.id, note.id))
    if not notes:
        st.caption(t("console.no_notes"))
    with st.form("console.note_form", border=False):
        st.text_area(t("console.note_text"), key=state.NOTE_TEXT, height=90, max_chars=NOTE_MAX)
        st.form_submit_button(t("console.add_note"), key="console.add_note", on_click=_add_note,
                              args=(forum.id,))


# Ideas: the live wall and moderation -----------------------------------------


# The wall shows its newest ideas (all of them on request): a room of 200 phones sends 600, and
# the wall redraws itself every few seconds.
WALL_NEWEST = 40
MERGE_PAIRS_SHOWN = 10  # near-duplicate pairs offered at a time, the most similar first


def _edit(idea_id: int | None) -> None:
    st.session_state[state.WALL_EDITING] = idea_id


def _save_edit(forum_id: int, idea_id: int, key: str) -> None:
    if services.run(commands.edit_idea, forum_id, idea_id, st.session_state[key], success="console.saved"):
        _edit(None)


def _idea_row(forum_id: int, idea: IdeaRecord, sector: str | None) -> None:
    """An idea with its sender's sector, a button to edit it and one to hide it. Only the idea
    being edited has an edit box: a box on every row made each refresh of a full wall slow."""
    text_col, edit_col, hide_col = st.columns([8, 1, 1], vertical_alignment="center")
    with text_col:
        literal(idea.text, "idea")
        source = t(f"sector.{sector}") if sector else t("console.from_room") if idea.participant_id is None else ""
        st.caption(" · ".join(x for x in (t(f"kind.{idea.kind}"), source) if x))
    edit_col.button(":material/edit:", key=f"console.edit.{idea.id}", help=t("console.edit"),
                    on_click=_edit, args=(idea.id,))
    hide_col.button(":material/visibility_off:", key=f"console.hide.{idea.id}", help=t("console.hide"),
                    on_click=services.run, args=(commands.hide_idea, forum_id, idea.id))
    if st.session_state.get(state.WALL_EDITING) == idea.id:
        key = bound_key(f"console.edit.{idea.id}", f"{idea.updated_at.timestamp():.6f}")  # its author may reword it
        st.text_area(t("field.idea"), value=idea.text, key=key, max_chars=IDEA_MAX)
        save_col, cancel_col = st.columns(2)
        save_col.button(t("console.save"), key=f"{key}.save", type="primary", on_click=_save_edit,
                        args=(forum_id, idea.id, key))
        cancel_col.button(t("console.cancel"), key=f"{key}.cancel", on_click=_edit, args=(None,))


def _add_room_ideas(forum_id: int, kind_key: str) -> None:
    added = services.run(commands.add_room_ideas, forum_id, st.session_state.get(state.ROOM_TEXT),
                         st.session_state.get(kind_key) or IdeaKind.IDEA)
    if added is not None:
        services.notice("success", t("console.room_added", count=len(added.ideas), kind=t(f"kind.{added.kind}")))
        st.session_state[state.ROOM_TEXT] = ""


def _room_ideas(forum: ForumRecord) -> None:
    """What the room said without phones, typed in one idea per line; kept in the box on an error.
    Outside the wall's fragment, so its refreshes never touch what is being typed."""
    card = card_for(services.playbook(), forum, forum.current_step, current_language())
    step_kind = card.phone.kind if card is not None and card.phone.action == "collect" else None
    default = IdeaKind(forum.collecting_kind or step_kind or IdeaKind.IDEA)
    kind_key = bound_key(state.ROOM_KIND, forum.current_step_id)  # a new step: its own kind again
    with st.expander(t("console.room_ideas"), icon=":material/edit_note:"), \
            st.form("console.room_form", border=False):
        st.caption(t("console.room_help"))
        st.selectbox(t("console.room_kind"), list(IdeaKind), index=list(IdeaKind).index(default), key=kind_key,
                     format_func=lambda k: t(f"kind.{k}"))
        st.text_area(t("console.room_text"), key=state.ROOM_TEXT, height=160,
                     placeholder=t("console.room_placeholder"))
        st.form_submit_button(t("console.room_add"), key="console.room_add", on_click=_add_room_ideas,
                              args=(forum.id, kind_key))


def _merge(forum_id: int) -> None:
    target = st.session_state.get(state.MERGE_TARGET)
    sources = st.session_state.get(state.MERGE_SOURCES) or []
    if target is not None and services.run(commands.merge_ideas, forum_id, target, sources,
                                           success="console.merged"):
        st.session_state[state.MERGE_SOURCES] = []


def _hide_ideas_of(forum_id: int, participant_ids: tuple[int, ...], meeting: int) -> None:
    hidden = services.run(commands.hide_ideas_of, forum_id, participant_ids, meeting)
    if hidden is not None:
        services.notice("success", t("console.flood_hidden", count=hidden.count))


def _remove_participants(forum_id: int, participant_ids: tuple[int, ...], confirm_key: str) -> None:
    removed = services.run(commands.remove_participants, forum_id, participant_ids)
    if removed is not None:
        services.notice("success", t("console.flood_removed", count=removed.count, ideas=removed.ideas,
                                     ballots=removed.ballots))
        st.session_state[confirm_key] = False


def _floods(forum: ForumRecord, ideas: list[IdeaRecord], people: dict) -> None:
    """Whoever may be flooding (one person with many ideas, one device joined as many people;
    see forum.floods), with a way to hide all they sent, or to remove them and it."""
    found = floods(ideas, people)
    if not found:
        return
    with st.expander(t("console.flood_title", count=len(found)), expanded=True, icon=":material/warning:"):
        st.caption(t("console.flood_help", limit=IDEAS_PER_STEP))
        for flood in found:
            ids = flood.participant_ids
            first = people.get(ids[0])
            last = flood.last_idea.text[:60] if flood.last_idea else ""
            if flood.one_device:
                literal(t("console.flood_device", people=len(ids), count=flood.ideas, last=last))
            else:
                who = first.display_name if first and first.display_name else t("console.participant_n", n=ids[0])
                sector = t(f"sector.{first.sector.value}") if first else ""
                literal(t("console.flood_row", who=f"{who} ({sector})" if sector else who, count=flood.ideas,
                          last=last))
            confirm_key = f"{state.FLOOD_REMOVE_CONFIRM}.{flood.key}"
            confirmed = st.checkbox(t("console.flood_remove_confirm", count=len(ids)), key=confirm_key)
            hide_col, remove_col = st.columns(2)
            hide_col.button(t("console.flood_hide"), key=f"console.flood.{flood.key}", icon=":material/visibility_off:",
                            disabled=not flood.ideas, on_click=_hide_ideas_of,
                            args=(forum.id, ids, forum.current_meeting))
            remove_col.button(t("console.flood_remove", count=len(ids)), key=f"console.flood_remove.{flood.key}",
                              icon=":material/person_remove:", disabled=not confirmed, on_click=_remove_participants,
                              args=(forum.id, ids, confirm_key))
            st.divider()


@st.fragment(run_every=get_settings().refresh_seconds)
@services.follows_forum
def _ideas_tab(forum_id: int) -> None:
    forum = services.forum(forum_id)
    everything, people = reads.wall(services.store(), forum_id, forum.current_meeting)
    sectors = {pid: p.sector.value for pid, p in people.items()}
    kinds = sorted({i.kind for i in everything}, key=list(IdeaKind).index)
    shown_kind = st.segmented_control(t("console.filter_kind"), [None, *kinds], key=state.WALL_KIND,
                                      format_func=lambda k: t("console.all_kinds") if k is None else t(f"kind.{k}"))
    visible = [i for i in everything if i.status is IdeaStatus.VISIBLE and (shown_kind is None or i.kind == shown_kind)]
    services.show_notice(toast=True)
    _floods(forum, everything, people)
    st.caption(t("console.idea_count", count=len(visible)))
    shown = list(reversed(visible))
    # The toggle is drawn whenever the wall is longer (a widget not drawn forgets its value).
    if len(shown) > WALL_NEWEST and not st.toggle(t("console.wall_all"), key=state.WALL_ALL):
        editing = next((i for i in shown[WALL_NEWEST:] if i.id == st.session_state.get(state.WALL_EDITING)), None)
        shown = shown[:WALL_NEWEST] + ([editing] if editing else [])
        st.caption(t("console.wall_newest", shown=WALL_NEWEST, count=len(visible)))
    for idea in shown:
        _idea_row(forum_id, idea, sectors.get(idea.participant_id))

    labels = {i.id: isolate(i.text[:80]) for i in visible}
    pairs, count = _near_duplicates(visible)
    with st.expander(t("console.merge_title", count=count), expanded=bool(pairs)):
        for pair in pairs:
            a, b = labels[pair.first_id], labels[pair.second_id]
            cols = st.columns([8, 2])
            cols[0].caption(f"{pair.similarity:.0%}" + (" · " + t("console.merge_across") if pair.across_languages else ""))
            with cols[0]:
                literal(f"{a}\n≈ {b}")
            cols[1].button(t("console.merge_pair"), key=f"console.merge.{pair.first_id}.{pair.second_id}",
                           on_click=services.run, args=(commands.merge_ideas, forum_id, pair.first_id,
                                                         [pair.second_id]))
        st.selectbox(t("console.merge_target"), list(labels), format_func=labels.get, key=state.MERGE_TARGET,
                     index=None)
        st.multiselect(t("console.merge_sources"), list(labels), format_func=labels.get, key=state.MERGE_SOURCES)
        st.button(t("console.merge"), key="console.merge", on_click=_merge, args=(forum_id,))

    hidden = [i for i in everything if i.status is not IdeaStatus.VISIBLE]
    with st.expander(t("console.hidden_title", count=len(hidden))):
        for idea in hidden:
            cols = st.columns([8, 2])
            with cols[0]:
                literal(idea.text)
                st.caption(t(f"status.{idea.status}"))
            if idea.status is not IdeaStatus.WITHDRAWN:  # its author's choice, not the facilitator's
                cols[1].button(t("console.restore"), key=f"console.restore.{idea.id}",
                               on_click=services.run, args=(commands.restore_idea, forum_id, idea.id))


def _near_duplicates(visible: list[IdeaRecord]) -> tuple[list, int]:
    """The most similar pairs the wall offers to merge, and how many there are: found again
    only when the ideas changed (the wall refreshes every few seconds; at 600 ideas finding
    them takes a tenth of a second)."""
    shown = tuple((i.id, i.text) for i in visible)
    held = st.session_state.get(state.WALL_PAIRS)
    if held is None or held[0] != shown:
        found = most_similar_pairs(visible, vectors=services.idea_vectors(i.text for i in visible),
                                   limit=MERGE_PAIRS_SHOWN)
        held = st.session_state[state.WALL_PAIRS] = (shown, found)
    return held[1]


# Polls ------------------------------------------------------------------------


def _create_poll(forum_id: int) -> None:
    method = st.session_state[state.POLL_METHOD]
    params = {"budget": st.session_state[state.POLL_BUDGET], "cap": st.session_state[state.POLL_CAP],
              "top_n": st.session_state[state.POLL_TOP_N]}
    if services.run(commands.create_poll, forum_id, title=st.session_state.get(state.POLL_TITLE, ""),
                    method=method, idea_ids=st.session_state.get(state.POLL_IDEAS) or [], params=params,
                    anonymous=st.session_state[state.POLL_ANONYMOUS], open_now=True, success="console.poll_opened"):
        st.session_state[state.POLL_IDEAS] = []


def _delete_poll(forum_id: int, poll: PollRecord) -> None:
    with_ballots = bool(st.session_state.get(f"console.delete_poll.{poll.id}.ballots"))
    if services.run(commands.delete_poll, forum_id, poll.id, with_ballots=with_ballots) is not None:
        services.notice("success", t("console.poll_deleted", title=markdown_literal(poll.title)))


@st.fragment(run_every=get_settings().refresh_seconds)
@services.follows_forum
def _polls_tab(forum_id: int) -> None:
    """Refreshes itself like the wall: the ideas on offer are the ones that exist now,
    not the ones there were when the page last ran in full."""
    forum = services.forum(forum_id)
    panel = reads.poll_panel(services.store(), forum.id, forum.current_meeting)
    ideas, polls, cast, on_paper = panel.ideas, panel.polls, panel.cast, panel.on_paper
    services.show_notice(toast=True)  # this fragment's own buttons rerun only this fragment
    with st.expander(t("console.new_poll"), expanded=not polls):
        labels = {i.id: f"{t(f'kind.{i.kind}')}: {isolate(i.text[:90])}" for i in ideas}
        st.text_input(t("field.poll_title"), key=state.POLL_TITLE)
        st.multiselect(t("console.poll_ideas"), list(labels), format_func=labels.get, key=state.POLL_IDEAS)
        st.radio(t("console.poll_method"), list(VotingMethod), format_func=lambda m: t(f"method.{m}"),
                 horizontal=True, key=state.POLL_METHOD)
        cols = st.columns(3)
        cols[0].number_input(t("console.budget"), 1, 50, 5, key=state.POLL_BUDGET)
        cols[1].number_input(t("console.cap"), 1, 50, 3, key=state.POLL_CAP)
        cols[2].number_input(t("console.top_n"), 1, 40, 3, key=state.POLL_TOP_N)
        st.checkbox(t("console.anonymous"), value=True, key=state.POLL_ANONYMOUS)
        st.button(t("console.create_poll"), type="primary", key="console.create_poll",
                  on_click=_create_poll, args=(forum.id,))
    for poll in reversed(polls):
        cols = st.columns([6, 2, 2], vertical_alignment="center")
        with cols[0]:
            literal(poll.title, "poll-title")
            slips = poll.paper.voters if poll.paper else on_paper.get(poll.id, 0)
            paper = f" · {t('console.paper_badge', count=slips)}" if slips else ""
            st.caption(f"{t(f'method.{poll.method}')} · {t(f'poll_status.{poll.status}')} · "
                       f"{t('console.meeting_n', n=poll.meeting_number)}{paper}")
        if poll.status is PollStatus.OPEN:
            cols[1].button(t("console.close_poll"), key=f"console.close_poll.{poll.id}",
                           on_click=services.run, args=(commands.close_poll, forum.id, poll.id))
        else:
            cols[1].button(t("console.open_poll"), key=f"console.open_poll.{poll.id}",
                           on_click=services.run, args=(commands.open_poll, forum.id, poll.id))
        with cols[2].popover(":material/delete:", help=t("console.delete_poll")):
            st.caption(t("console.delete_poll_help"))
            ballots = cast.get(poll.id, 0)
            if ballots:
                st.checkbox(t("console.delete_poll_ballots", count=ballots), key=f"console.delete_poll.{poll.id}.ballots")
            st.button(t("console.delete_poll"), key=f"console.delete_poll.{poll.id}", icon=":material/delete:",
                      on_click=_delete_poll, args=(forum.id, poll))
    render_paper_votes(forum)  # in the same fragment: a vote just created is offered at once


@st.fragment(run_every=get_settings().refresh_seconds)
@services.follows_forum
def _results_tab(forum_id: int) -> None:
    polls, active = reads.polls_and_running(services.store(), forum_id)
    if not polls:
        st.info(t("console.no_polls"))
        return
    by_id = {p.id: p for p in polls}
    ids = [p.id for p in reversed(polls)]
    running = active.id if active else ids[0]
    # Keyed by the vote being run (the open one, else the newest): a new vote opened, the choice
    # follows it, while one chosen by hand stays until then.
    chosen = st.selectbox(t("console.results_of"), ids, index=ids.index(running),
                          format_func=lambda i: isolate(by_id[i].title), key=f"{state.RESULTS_POLL}.{running}")
    poll = by_id[chosen or ids[0]]
    turnout = reads.turnout(services.store(), forum_id, poll_id=poll.id)
    cols = st.columns(3)
    for col, key in zip(cols, ("joined", "active", "voted"), strict=True):
        col.metric(t(f"turnout.{key}"), turnout[key])
    render_result(result_for(forum_id, poll))


# Links --------------------------------------------------------------------------


def _save_schedule(forum_id: int, keys: dict[int, str]) -> None:
    dates = {n: st.session_state.get(key) for n, key in keys.items()}
    services.run(commands.schedule_meetings, forum_id, dates, success="console.schedule_saved")


def _schedule_form(forum: ForumRecord) -> None:
    """The meetings' dates: phones are told when the next one is, the documents when each was."""
    keys = {m.number: bound_key(f"{state.MEETING_DATE_PREFIX}.{m.number}", m.scheduled_on) for m in forum.meetings}
    with st.form("console.schedule"):
        st.markdown(f"**{t('console.schedule')}**")
        cols = st.columns(2)
        for i, meeting in enumerate(forum.meetings):
            cols[i % 2].date_input(t("console.meeting_n", n=meeting.number), value=meeting.scheduled_on,
                                   format="DD/MM/YYYY", key=keys[meeting.number])
        st.form_submit_button(t("console.save_schedule"), on_click=_save_schedule, args=(forum.id, keys))


def _save_attendance(forum_id: int, number: int, keys: dict[str, str]) -> None:
    counts = {name: st.session_state.get(key) for name, key in keys.items()}
    total = counts.pop("total")
    recorded = services.run(commands.record_attendance, forum_id, number, total, counts)
    if recorded is not None:
        services.notice("success", t("console.attendance_saved", n=number) if recorded.attendance
                        else t("console.attendance_cleared", n=number))


def _attendance_form(forum: ForumRecord) -> None:
    """How many were in the room, counted there: phones count only those who used one."""
    numbers = [m.number for m in forum.meetings]
    st.markdown(f"**{t('console.attendance')}**")
    st.caption(t("console.attendance_help"))
    number = st.radio(t("console.meeting"), numbers, index=numbers.index(forum.current_meeting or 1),
                      format_func=lambda n: t("console.meeting_n", n=n), horizontal=True,
                      key=state.ATTENDANCE_MEETING, label_visibility="collapsed")
    stored = next(m for m in forum.meetings if m.number == number).attendance
    version = version_of([stored.total, stored.to_json()] if stored else None)
    keys = {name: bound_key(f"{state.ATTENDANCE_PREFIX}.{number}.{name}", version)
            for name in ("total", *Sector)}
    with st.form(f"console.attendance.{number}"):
        st.number_input(t("console.attendance_total"), min_value=0, max_value=ATTENDANCE_MAX, step=1,
                        value=stored.total if stored else None, key=keys["total"])
        st.caption(t("console.attendance_sectors"))
        cols = st.columns(3)
        for i, sector in enumerate(Sector):
            cols[i % 3].number_input(t(f"sector.{sector}"), min_value=0, max_value=ATTENDANCE_MAX, step=1,
                                     value=stored.by_sector.get(sector) if stored else None, key=keys[sector])
        st.form_submit_button(t("console.save_attendance"), key="console.save_attendance",
                              on_click=_save_attendance, args=(forum.id, number, keys))


def _erase_names(forum_id: int) -> None:
    erased = services.run(commands.erase_names, forum_id)
    if erased is None:
        return
    message = t("console.names_erased", count=erased.count)
    if erased.count:  # the saved data files and backups hold the names too
        from assistant.exports.bundle import files_with_names  # the document libraries, on this rare click

        try:
            removed = discard_copies(get_settings().exports_dir, forum_id, files_with_names(forum_id))
            if removed:
                message = f"{message} {t('console.named_copies_removed', count=removed)}"
        except ForumError as exc:
            message = f"{message}\n\n{exc.message(current_language())}"
        services.autobackups().forget(forum_id)  # the next one, without the names, at once
    services.notice("success", message)
    st.session_state[state.ERASE_NAMES_CONFIRM] = False


def _delete_forum(forum_id: int) -> None:
    deleted = services.run(commands.delete_forum, forum_id, st.session_state.get(state.DELETE_CONFIRM))
    if deleted is None:
        return
    message = t("console.forum_deleted", title=markdown_literal(deleted.title))
    try:
        discard_forum_exports(get_settings().exports_dir, forum_id)
    except ForumError as exc:
        message = f"{message}\n\n{exc.message(current_language())}"
    services.forget_access()
    services.notice("success", message)


def _confirmed_button(name: str, confirm_key: str, on_click, forum_id: int, *, icon: str | None = None) -> None:
    """A button that cannot be undone, pressable once its checkbox ("<name>_confirm") is ticked;
    the button's label and key are `name`."""
    confirmed = st.checkbox(t(f"{name}_confirm"), key=confirm_key)
    st.button(t(name), key=name, disabled=not confirmed, icon=icon, on_click=on_click, args=(forum_id,))


def _reissue_links(forum_id: int) -> None:
    issued = services.run(commands.reissue_links, forum_id)
    if issued is not None:
        services.adopt_token(Role.FACILITATOR, issued.facilitator_token)
        services.notice("success", t("console.links_reissued"))
        st.session_state[state.REISSUE_CONFIRM] = False


def _new_links(forum: ForumRecord) -> None:
    """A facilitator or manager link sent to the wrong people: new ones, the old ones stop."""
    with st.expander(t("console.new_links")):
        st.caption(t("console.new_links_help"))
        _confirmed_button("console.new_links", state.REISSUE_CONFIRM, _reissue_links, forum.id, icon=":material/key:")


def _change_join_code(forum_id: int) -> None:
    changed = services.run(commands.change_join_code, forum_id)
    if changed is not None:
        services.notice("success", t("console.join_code_changed", code=changed.new_code, old=changed.old_code))
        st.session_state[state.JOIN_CODE_CONFIRM] = False


def _new_join_code(forum: ForumRecord) -> None:
    """A join code that reached people outside the forum: a new one, the old one stops admitting."""
    with st.expander(t("console.new_join_code")):
        st.caption(t("console.new_join_code_help"))
        _confirmed_button("console.new_join_code", state.JOIN_CODE_CONFIRM, _change_join_code, forum.id,
                          icon=":material/password:")


def _local_link_help(token: str) -> None:
    """The console is open at localhost, so the join link and QR code lead to this computer only:
    say so in the facilitator's words, with this computer's address on the room's network (open
    the console there, and the codes and cards carry it)."""
    console = links.on_network(links.facilitator_url(services.base_url(), token), services.own_addresses())
    if console is None:
        st.warning(t("console.local_url_offline"))
        return
    st.warning(t("console.local_url_warning", address=f"`{links.join_address(console)}`"))
    st.link_button(t("console.open_on_network"), console, icon=":material/wifi:")


def _participant_cap(forum: ForumRecord) -> None:
    """How many may join: the server's number unless the facilitator raises (or lowers) it."""
    limit = forum.max_participants or get_settings().max_participants
    joined = reads.participant_count(services.store(), forum.id)
    full = joined >= limit
    with st.expander(t("console.cap_title", joined=joined, limit=limit), expanded=full,
                     icon=":material/groups:" if not full else ":material/block:"):
        if full:
            st.warning(t("console.cap_full", limit=limit))
        st.caption(t("console.cap_help"))
        with st.form("console.cap_form"):
            st.number_input(t("field.max_participants"), min_value=max(joined, 1), max_value=100_000,
                            value=max(limit, joined, 1), step=10, key=state.PARTICIPANT_CAP)
            if st.form_submit_button(t("console.cap_save")):
                services.run(commands.set_participant_cap, forum.id, int(st.session_state[state.PARTICIPANT_CAP]),
                             success="console.cap_saved")


def _privacy(forum: ForumRecord) -> None:
    """After the forum: forget who said what, or delete it all."""
    with st.expander(t("console.privacy")):
        st.caption(t("console.privacy_help"))
        _confirmed_button("console.erase_names", state.ERASE_NAMES_CONFIRM, _erase_names, forum.id)
        st.divider()
        st.text_input(t("console.delete_code", code=forum.join_code), key=state.DELETE_CONFIRM)
        st.button(t("console.delete_forum"), key="console.delete_forum", icon=":material/delete_forever:",
                  on_click=_delete_forum, args=(forum.id,))


def _links_tab(forum: ForumRecord) -> None:
    base = services.base_url()
    token = services.current_token()
    join = links.join_url(base, forum.join_code)
    left, right = st.columns([1, 1])
    with left:
        st.markdown(f"## {t('console.join_code')}: `{forum.join_code}`")
        st.image(links.qr_png(join), width=320, alt=t("join.qr_alt", url=join))
        st.code(join, language=None, wrap_lines=True)
        if links.is_local(join):
            _local_link_help(token)
        render_printables(forum.id, base)
        _new_join_code(forum)
        _participant_cap(forum)
    with right:
        projector = links.link(base, "projector", **{links.FACILITATOR: token})
        st.markdown(f"**{t('console.projector_link')}**")
        st.caption(t("console.projector_link_help"))
        st.link_button(t("console.open_projector"), projector, icon=":material/co_present:", type="primary")
        st.code(projector, language=None, wrap_lines=True)
        st.markdown(f"**{t('console.manager_link')}**")
        st.code(links.manager_url(base, manager_token_for(token)), language=None, wrap_lines=True)
        st.markdown(f"**{t('console.facilitator_link')}**")
        st.code(links.facilitator_url(base, token), language=None, wrap_lines=True)
        st.caption(t("console.keep_link"))
        _new_links(forum)
        _schedule_form(forum)
        _attendance_form(forum)
        with st.form("console.pin_set"):
            st.text_input(t("console.new_pin"), type="password", key=state.NEW_PIN)
            if st.form_submit_button(t("console.set_pin")):
                services.run(_set_pin, forum.id, st.session_state.get(state.NEW_PIN) or None,
                             success="console.pin_saved")
        backup_panel(forum)
        _privacy(forum)
    render_downloads(forum.id)


def _set_pin(store, forum_id: int, pin: str | None) -> None:
    commands.set_pin(store, forum_id, pin)
    unlock.unlocked(forum_id)  # whoever set it goes on; every other session asks for it


def render() -> None:
    access = services.require(Role.FACILITATOR)
    forum = services.forum(access.forum_id)
    _navigator(forum)
    literal(forum.title, "forum-title")
    _server_busy()
    tabs = st.tabs([t("console.tab_now"), t("console.tab_ideas"), t("console.tab_polls"),
                    t("console.tab_results"), t("console.tab_data"), t("console.tab_links")])
    services.show_notice(toast=True)
    with tabs[0]:
        _now_tab(forum)
    with tabs[1]:
        _room_ideas(forum)
        _ideas_tab(forum.id)
    with tabs[2]:
        _polls_tab(forum.id)
    with tabs[3]:
        _results_tab(forum.id)
    with tabs[4]:
        render_indicators(forum)
    with tabs[5]:
        _links_tab(forum)
