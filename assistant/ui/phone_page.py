"""The participant's phone: one action per screen, following the facilitator.

Only a small status fragment refreshes on a timer. When the facilitator moves
the room (another step, collection opened or closed, a poll opened), that
fragment reruns the whole page; otherwise nothing the participant is typing
is touched. The idea and ballot screens are fragments too: sending an idea or
a ballot, or moving a dot, reruns only that screen, which keeps a room of
phones voting at once cheap for the server.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from datetime import date

import streamlit as st

from assistant import links
from assistant.config import get_settings
from assistant.errors import ForumError, IdeaLockedError
from assistant.forum import inputs
from assistant.forum.access import Role, normalize_join_code
from assistant.forum.authorship import author_lock
from assistant.forum.inputs import IDEA_MAX
from assistant.forum.records import ForumRecord, IdeaRecord, PollRecord
from assistant.forum.vocabulary import IdeaKind, IdeaStatus, Sector, VotingMethod
from assistant.i18n import isolate, joined, long_date
from assistant.store import commands, reads
from assistant.ui import device, services, state
from assistant.ui.common import (
    current_language,
    language_picker,
    literal,
    markdown_literal,
    shortened,
    t,
    widget_class,
)
from assistant.ui.pending import pending_line
from assistant.ui.steps import meeting_agenda, step_prompt, step_title
from assistant.ui.worries import worry_names

AGENDA_MARKS = {"done": ":material/check_circle:", "now": ":material/radio_button_checked:",
                "next": ":material/radio_button_unchecked:"}
SENT = (IdeaStatus.VISIBLE, IdeaStatus.HIDDEN, IdeaStatus.MERGED)  # all but those their author withdrew
# Ideas left at this step below which the phone says how many (see inputs.IDEAS_PER_STEP).
IDEAS_LEFT_SHOWN = 5
FRESH_SECONDS = min(1.0, get_settings().refresh_seconds / 2)  # a mode read this recently needs no re-check
SEEN_SECONDS = commands.SEEN_EVERY.total_seconds()
RESULTS_TOP = 5
# A paper count added after a vote closes changes its results but not what phones follow.
RESULTS_REFRESH_SECONDS = 10 * get_settings().refresh_seconds


def _mode(forum: ForumRecord, poll: PollRecord | None) -> tuple:
    return (forum.current_step_id, forum.collecting_kind, poll.id if poll else None)


def _load(forum_id: int) -> tuple[ForumRecord, PollRecord | None]:
    return reads.phone_view(services.store(), forum_id)


def _come_back(token: str) -> None:
    services.remember_participant(token)
    services.current_access()  # takes up the participant's language, for the welcome too
    services.notice("info", t("phone.welcome_back"))


def language_buttons() -> None:
    """The three languages as buttons at the top of the phone, each in its own words: a tap
    redraws the page in it at once (a list that opens would stay open over the page)."""
    language_picker(st.container())


def _join_screen() -> None:
    device.clear_forgotten_cookie()
    code = st.query_params.get(links.JOIN, "")
    remembered = device.remembered_participants()
    wanted = normalize_join_code(code)
    back = next((token for forum, token in remembered if wanted and forum.join_code == wanted), None)
    if back is not None:  # the join code again, on a phone that joined this forum before
        _come_back(back)
        st.rerun()
    language_buttons()
    pending_line()
    st.title(t("phone.join_title"))
    target = reads.join_target(services.store(), wanted) if wanted else None
    if target is None:  # no code, or an old card's code after a new one was given
        for forum, token in remembered:
            st.button(t("phone.continue_in", title=markdown_literal(isolate(forum.title))), type="primary",
                      width="stretch", key=f"phone.continue.{forum.id}", on_click=_come_back, args=(token,))
    with st.container(border=True):
        if target is not None:  # the link's code is good: the forum is named, and there is no box to clear
            st.markdown(t("phone.joining", title=markdown_literal(isolate(target.title)),
                          locality=markdown_literal(isolate(target.locality))))
        _sector_picker()
        with st.form("phone.join_form", border=False):
            if target is None:
                if code and state.PHONE_JOIN_CODE not in st.session_state:
                    st.session_state[state.PHONE_JOIN_CODE] = code
                st.text_input(t("home.join_code"), key=state.PHONE_JOIN_CODE)
            st.text_input(t("phone.name_optional"), key=state.PHONE_NAME)
            # Keyed: a language chosen above relabels the button, and an unkeyed button would
            # then get a new identity and lose a click.
            st.form_submit_button(t("phone.join_button"), type="primary", width="stretch", key="phone.join",
                                  on_click=_join, args=(target.join_code if target else None,))
    services.show_notice()  # why a join was refused


@st.fragment
def _sector_picker() -> None:
    """The sector is chosen outside the join form: a form's choices live in the browser until
    it is sent, and a language tapped after the sector would relabel its buttons and clear it.
    A fragment: a tap reruns these buttons only, not the page (a room of phones joins at once).
    No sector is chosen for anyone: a default would count everyone who skips it as that
    sector in the results by sector and the cross-sector consensus. Buttons, not a list that
    opens: one tap, every word ours, and nothing left open over the join button."""
    names = {sector: t(f"sector.{sector}") for sector in Sector}  # Streamlit asks thrice for each
    st.pills(t("phone.sector_required"), list(Sector), format_func=names.__getitem__, key=state.PHONE_SECTOR)
    st.caption(t("phone.sector_help"))  # not a tooltip: its button is named in English


def _join(link_code: str | None) -> None:
    """Joins before the page runs, so that the same run draws the participant's page: one run
    per join instead of two (a room of phones joins at once). `link_code`: the join link's
    code when it names a forum (no box is shown then)."""
    try:
        joined = commands.join(services.store(), join_code=link_code or st.session_state.get(state.PHONE_JOIN_CODE, ""),
                               sector=st.session_state.get(state.PHONE_SECTOR), language=current_language(),
                               display_name=st.session_state.get(state.PHONE_NAME),
                               client=services.client(), limits=services.limits())
    except ForumError as exc:
        services.notice("error", services.message_for(exc))
        return
    services.admit_participant(joined)
    st.session_state[state.PHONE_JUST_JOINED] = True  # a new participant: no idea of theirs to read


@st.fragment(run_every=get_settings().refresh_seconds)
@services.follows_forum
def _follow(forum_id: int, participant_id: int) -> None:
    # A confirmation still pending here means the run that stored the idea or ballot did not
    # draw it (or empty the idea box): the participant would see neither and send it again.
    # A whole run draws both.
    if state.NOTICE in st.session_state:
        st.rerun(scope="app")
    # Every phone runs this every few seconds, so it stays light: nothing when the page
    # itself has just read the room (the run that declares the fragment), one small query
    # otherwise, and activity written at most as often as the store keeps it.
    now = time.monotonic()
    if now - st.session_state.get(state.PHONE_CHECKED_AT, 0.0) < FRESH_SECONDS:
        return
    st.session_state[state.PHONE_CHECKED_AT] = now
    mode, read_at = reads.phone_mode(services.store(), forum_id)
    if room_moved(st.session_state.get(state.PHONE_MODE), st.session_state.get(state.PHONE_READ_AT, 0.0),
                  mode, read_at):
        st.rerun(scope="app")
    if now - st.session_state.get(state.PHONE_SEEN_AT, -SEEN_SECONDS) < SEEN_SECONDS:
        return
    st.session_state[state.PHONE_SEEN_AT] = now
    with contextlib.suppress(ForumError):  # activity is a nicety; never block the participant on it
        commands.mark_seen(services.store(), forum_id, participant_id)


def room_moved(shown: tuple | None, shown_at: float, seen: tuple, seen_at: float) -> bool:
    """Whether the room's mode `seen` (read at `seen_at`, shared by the process's phones) asks
    for the page showing `shown` (read at `shown_at`) to be drawn again. A mode read before
    the page read its forum is older than what the page shows (the room changed meanwhile,
    from another process): drawing again for it reran the page over and over for a second,
    and under load a send made meanwhile was lost."""
    return seen != shown and seen_at >= shown_at


def _submit_idea(forum_id: int, participant_id: int) -> None:
    try:
        added = commands.add_idea(services.store(), forum_id, st.session_state.get(state.PHONE_IDEA, ""),
                                  participant_id=participant_id,
                                  client_key=st.session_state.get(state.PHONE_DRAFT_KEY))
    except ForumError as exc:
        services.notice("error", services.message_for(exc))
        return
    st.session_state[state.PHONE_IDEA] = ""
    st.session_state[state.PHONE_DRAFT_KEY] = uuid.uuid4().hex
    # The notice is Markdown; the idea is quoted as typed, never as a link, image or heading.
    services.notice("success", t("phone.idea_recorded", text=markdown_literal(added.idea.text[:80])))


def _draft_of_step(step_id: int | None) -> str:
    """The idea box holds what was typed at this step: a text begun at another step is put
    aside (the room has moved on to another question) and offered back, never sent silently
    as an answer to the new one. Returns the text put aside, if any."""
    drafts: dict = st.session_state.setdefault(state.PHONE_DRAFTS, {})
    held = st.session_state.get(state.PHONE_DRAFT_STEP, step_id)
    if held != step_id:
        typed = (st.session_state.get(state.PHONE_IDEA) or "").strip()
        if typed:
            drafts[held] = typed
        st.session_state[state.PHONE_IDEA] = drafts.pop(step_id, "")
        st.session_state[state.PHONE_DRAFT_KEY] = uuid.uuid4().hex
    st.session_state[state.PHONE_DRAFT_STEP] = step_id
    return next((text for other, text in drafts.items() if other != step_id and text), "")


def _take_draft(text: str) -> None:
    st.session_state[state.PHONE_IDEA] = text
    drafts: dict = st.session_state.get(state.PHONE_DRAFTS, {})
    for step_id in [k for k, v in drafts.items() if v == text]:
        drafts.pop(step_id)


@st.cache_data(ttl=RESULTS_REFRESH_SECONDS, max_entries=64, show_spinner=False)
def _room_worries(database: str, forum_id: int, language: str) -> str:
    """What the room found most worrying in the situation picture, as one line, read once for
    all the room's phones every little while ("" before the room was asked)."""
    worries = reads.room_worries(services.store(), forum_id)
    return worry_names(worries, language) if worries is not None else ""


@st.fragment
def _idea_screen(forum: ForumRecord, participant_id: int) -> None:
    kind = IdeaKind(forum.collecting_kind)
    st.subheader(t(f"phone.add.{kind}"))
    prompt = step_prompt(services.playbook(), forum, current_language())
    if prompt:
        literal(prompt, "phone-prompt")
    if kind is IdeaKind.CHALLENGE:
        worries = _room_worries(services.store().url, forum.id, current_language())
        if worries:
            st.caption(t("phone.worries", names=markdown_literal(worries)))
    if state.PHONE_DRAFT_KEY not in st.session_state:  # (a new key costs a random draw: only when needed)
        st.session_state[state.PHONE_DRAFT_KEY] = uuid.uuid4().hex
    aside = _draft_of_step(forum.current_step_id)
    st.text_area(t("phone.your_idea"), key=state.PHONE_IDEA, height=120,
                 help=t("phone.idea_limit", limit=IDEA_MAX))
    if aside:
        with st.container(border=True, key="phone.aside"):
            st.caption(t("phone.draft_aside"))
            literal(shortened(aside, 200), "my-idea")
            st.button(t("phone.draft_take"), key="phone.draft_take", type="tertiary", icon=":material/undo:",
                      on_click=_take_draft, args=(aside,))
    st.button(t("phone.send_idea"), type="primary", width="stretch", key="phone.send",
              on_click=_submit_idea, args=(forum.id, participant_id))
    services.show_notice()
    if st.session_state.pop(state.PHONE_JUST_JOINED, False):  # its join's own run: nothing sent yet
        mine, polled = [], set()
    else:
        mine, polled = reads.own_ideas(services.store(), forum.id, participant_id, forum.current_meeting, SENT)
    left = inputs.IDEAS_PER_STEP - sum(1 for i in mine if i.step_id == forum.current_step_id)
    if left <= IDEAS_LEFT_SHOWN:
        st.caption(t("phone.ideas_left", count=max(0, left)))
    if mine:
        st.caption(t("phone.your_ideas", count=len(mine)))
        for idea in reversed(mine[-10:]):
            open_to_change = author_lock(idea, forum, in_poll=idea.id in polled) is None
            if open_to_change and st.session_state.get(state.PHONE_EDITING) == idea.id:
                _edit_form(forum.id, participant_id, idea)
                continue
            with st.container(border=True):
                literal(idea.text, "my-idea")
                if idea.status is not IdeaStatus.VISIBLE:  # what the facilitator did with it, said openly
                    st.caption(t(f"phone.idea_status.{idea.status}"))
                if open_to_change:
                    st.button(t("phone.edit"), key=f"phone.edit.{idea.id}", type="tertiary",
                              icon=":material/edit:", on_click=_start_edit, args=(idea,))


def _start_edit(idea: IdeaRecord) -> None:
    st.session_state[state.PHONE_EDITING] = idea.id
    st.session_state[state.PHONE_EDIT_TEXT] = idea.text


def _stop_edit() -> None:
    st.session_state.pop(state.PHONE_EDITING, None)
    st.session_state.pop(state.PHONE_EDIT_TEXT, None)


def _change_own_idea(command, *args) -> None:
    """Runs an author's command; a bad wording keeps the form open with what they typed."""
    try:
        result = command(services.store(), *args)
    except ForumError as exc:
        if isinstance(exc, IdeaLockedError):  # nothing left to change
            _stop_edit()
        services.notice("error", services.message_for(exc))
        return
    _stop_edit()
    if isinstance(result, commands.IdeaWithdrawn):
        services.notice("success", t("phone.idea_withdrawn"))
    elif result.outcome is commands.RevisionOutcome.UNCHANGED:
        services.notice("info", t("phone.idea_unchanged"))
    else:
        services.notice("success", t("phone.idea_revised", text=markdown_literal(result.idea.text[:80])))


def _save_edit(forum_id: int, participant_id: int, idea_id: int) -> None:
    _change_own_idea(commands.revise_own_idea, forum_id, participant_id, idea_id,
                     st.session_state.get(state.PHONE_EDIT_TEXT, ""))


def _edit_form(forum_id: int, participant_id: int, idea: IdeaRecord) -> None:
    with st.container(border=True, key=f"phone.editing.{idea.id}"):
        st.text_area(t("phone.edit_label"), key=state.PHONE_EDIT_TEXT, height=100,
                     help=t("phone.idea_limit", limit=IDEA_MAX))
        save, cancel = st.columns(2)
        save.button(t("phone.save_edit"), key="phone.save_edit", type="primary", width="stretch",
                    on_click=_save_edit, args=(forum_id, participant_id, idea.id))
        cancel.button(t("phone.cancel_edit"), key="phone.cancel_edit", width="stretch", on_click=_stop_edit)
        st.button(t("phone.withdraw"), key="phone.withdraw", type="tertiary", icon=":material/delete:",
                  on_click=_change_own_idea, args=(commands.withdraw_own_idea, forum_id, participant_id, idea.id))


def _ballot_key(poll: PollRecord, *parts) -> str:
    return ".".join([state.PHONE_BALLOT_PREFIX, str(poll.id), *map(str, parts)])


def _prefill(poll: PollRecord, participant_id: int) -> None:
    """Start the widgets from the ballot already cast (once per poll)."""
    marker = _ballot_key(poll, "prefilled")
    if st.session_state.get(marker):
        return
    st.session_state[marker] = True
    ballot = reads.ballot_of(services.store(), poll.id, participant_id)
    if ballot is None:
        return
    if poll.method is VotingMethod.DOTS:
        for entry in ballot.entries:
            st.session_state[_ballot_key(poll, entry.option_id)] = bool(entry.value) if poll.picks else entry.value
    elif poll.method is VotingMethod.RANKING:
        ranked = sorted(ballot.entries, key=lambda e: e.value)
        st.session_state[_ballot_key(poll, "rank")] = [e.option_id for e in ranked]
    else:
        for entry in ballot.entries:
            st.session_state[_ballot_key(poll, entry.option_id, entry.criterion)] = entry.value


def _choices(poll: PollRecord):
    params = poll.params
    if poll.method is VotingMethod.DOTS:
        return {o.id: int(st.session_state.get(_ballot_key(poll, o.id), 0) or 0) for o in poll.options}
    if poll.method is VotingMethod.RANKING:
        return list(st.session_state.get(_ballot_key(poll, "rank"), []))
    chosen = {}
    for option in poll.options:
        scores = {c: st.session_state.get(_ballot_key(poll, option.id, c)) for c in params.criteria}
        rated = {c: v for c, v in scores.items() if v is not None}
        if rated:
            chosen[option.id] = rated
    return chosen


def _recorded(poll: PollRecord, choices) -> str:
    """What the phone's ballot says, for the confirmation: the person sees what was counted."""
    labels = {o.id: isolate(shortened(o.label, 60)) for o in poll.options}
    if poll.picks:
        parts = [labels[oid] for oid, n in choices.items() if n]
    elif poll.method is VotingMethod.DOTS:
        parts = [t("phone.recorded_dots", label=labels[oid], count=n) for oid, n in choices.items() if n]
    elif poll.method is VotingMethod.RANKING:
        parts = [f"{place}. {labels[oid]}" for place, oid in enumerate(choices, start=1)]
    else:
        parts = [t("phone.recorded_rating", label=labels[oid],
                   scores=joined([f"{t(f'criterion.{c}')} {v}" for c, v in scores.items()], current_language()))
                 for oid, scores in choices.items()]
    return markdown_literal(joined(parts, current_language(), clauses=True))


def _cast(forum_id: int, poll: PollRecord, participant_id: int) -> None:
    choices = _choices(poll)
    chosen = _ticked(choices) if poll.picks else 0
    if chosen > poll.params.budget:  # said in the words of a pick, not of dots
        services.notice("error", t("phone.pick_too_many", budget=poll.params.budget, count=chosen))
        return
    try:
        cast = commands.cast_ballot(services.store(), forum_id, poll.id, participant_id, choices)
    except ForumError as exc:
        services.notice("error", services.message_for(exc))
        return
    services.notice("success", f"{t(f'phone.ballot_{cast.outcome}')}\n\n{_recorded(poll, choices)}")


def _toggle_rank(poll: PollRecord, option_id: int, top_n: int) -> None:
    """A tap on an option: the next place if it has none, else it gives its place back (those
    after it move up)."""
    key = _ballot_key(poll, "rank")
    ranked = list(st.session_state.get(key, []))
    if option_id in ranked:
        ranked.remove(option_id)
    elif len(ranked) < top_n:
        ranked.append(option_id)
    else:
        services.notice("info", t("phone.rank_full", top_n=top_n))
    st.session_state[key] = ranked


def _ranking(poll: PollRecord, params) -> None:
    """Tap the options in order of preference: each shows its place; a tap again takes it back.
    A chosen option is tinted and outlined, not filled like the send button below them."""
    ranked = list(st.session_state.get(_ballot_key(poll, "rank"), []))
    st.caption(t("phone.rank_status", count=len(ranked), top_n=params.top_n))
    if ranked:
        chosen = ", ".join(f".{widget_class(_ballot_key(poll, 'pick', oid))} button" for oid in ranked)
        st.html(f"<style>{chosen} {{ background: #fdecef; border: 2px solid #c8102e; color: #141414; }}</style>")
    for option in poll.options:
        place = ranked.index(option.id) + 1 if option.id in ranked else None
        label = markdown_literal(isolate(shortened(option.label, 160)))
        st.button(f"**{place}**\u2003{label}" if place else label, key=_ballot_key(poll, "pick", option.id),
                  width="stretch", on_click=_toggle_rank, args=(poll, option.id, params.top_n))


def _ticked(choices: dict[int, int]) -> int:
    """How many options a pick's ballot ticks."""
    return sum(1 for n in choices.values() if n)


def _tick(poll: PollRecord, option_id: int, budget: int) -> None:
    """A tick past the budget is taken back, saying why (the others stay ticked)."""
    if _ticked(_choices(poll)) > budget:
        st.session_state[_ballot_key(poll, option_id)] = False
        services.notice("info", t("phone.pick_full", budget=budget))


def _picks(poll: PollRecord, params) -> None:
    """Up to `budget` options, a tick each (a dots poll of one dot per option: "which of these
    worries you most?"); a tick past the budget is taken back with a word. Not a form: measured
    in Chromium, a form's send inside this fragment was sometimes run only seconds later (or
    with the next timed check), while a tick that reruns the screen and a plain send are not."""
    chosen = _ticked(_choices(poll))
    st.caption(t("phone.pick_status", count=chosen, budget=params.budget))
    for option in poll.options:
        st.checkbox(markdown_literal(isolate(shortened(option.label, 160))), key=_ballot_key(poll, option.id),
                    on_change=_tick, args=(poll, option.id, params.budget))


def _rating(poll: PollRecord, params) -> None:
    """1 to `scale` for each criterion of each option, as buttons always on screen (right to left
    in Hebrew and Arabic), saying so while one is not rated yet."""
    scale = list(range(1, params.scale + 1))
    for option in poll.options:
        with st.container(border=True):
            literal(option.label, "option")
            for criterion in params.criteria:
                key = _ballot_key(poll, option.id, criterion)
                st.segmented_control(t(f"criterion.{criterion}"), scale, key=key, width="stretch")
                if st.session_state.get(key) is None:
                    st.caption(t("phone.not_rated"))


def _place_dots(poll: PollRecord, option_id: int, params) -> None:
    """A box's new number, kept within the option's cap and the dots left, saying why when it
    is taken down. Done here rather than by the box's own bounds: bounds that follow the dots
    left lag a change behind when a person moves dots quickly from one option to another, and
    the box then refuses the number in the browser's words (English), not the app's."""
    key = _ballot_key(poll, option_id)
    chosen = _choices(poll)
    wanted = max(chosen[option_id], 0)
    room = max(params.budget - (sum(chosen.values()) - chosen[option_id]), 0)
    placed = min(wanted, params.cap, room)
    note = _ballot_key(poll, "dots_note")
    if placed < wanted:  # said under the box, where the person is looking
        st.session_state[note] = (option_id, "phone.dots_cap" if placed == params.cap else "phone.dots_over")
    else:
        st.session_state.pop(note, None)
    st.session_state[key] = placed


def _dots(poll: PollRecord, params) -> None:
    """A number per option; a number past the option's cap or the dots left is taken down, with
    a word under its box (`_place_dots`) until the next change."""
    chosen = _choices(poll)
    left = params.budget - sum(chosen.values())
    noted, note = st.session_state.get(_ballot_key(poll, "dots_note"), (None, None))
    for option in poll.options:
        literal(option.label, "option")
        st.number_input(t("phone.dots_for"), step=1, key=_ballot_key(poll, option.id), label_visibility="collapsed",
                        on_change=_place_dots, args=(poll, option.id, params))
        if option.id == noted:  # in the language of the screen drawn, should it change meanwhile
            st.info(t(note, cap=params.cap, budget=params.budget))
    st.progress(min((params.budget - left) / params.budget, 1.0),
                text=t("phone.dots_left", count=max(left, 0), budget=params.budget))


@st.fragment
def _ballot_screen(forum: ForumRecord, poll: PollRecord, participant_id: int) -> None:
    params = poll.params
    st.subheader(t("phone.vote_title"))
    literal(poll.title, "poll-title")
    how = "pick" if poll.picks else poll.method
    st.caption(t(f"phone.how_{how}", budget=params.budget, cap=params.cap, top_n=params.top_n, scale=params.scale))
    _prefill(poll, participant_id)
    if poll.picks:
        _picks(poll, params)
    elif poll.method is VotingMethod.DOTS:
        _dots(poll, params)
    elif poll.method is VotingMethod.RANKING:
        _ranking(poll, params)
    else:
        _rating(poll, params)
    st.button(t("phone.send_ballot"), type="primary", width="stretch", key=_ballot_key(poll, "send"),
              on_click=_cast, args=(forum.id, poll, participant_id))
    services.show_notice()


def _waiting_screen(forum: ForumRecord) -> None:
    upcoming = forum.upcoming_meeting(date.today())
    if upcoming is not None:  # between meetings: nobody is there to listen to
        st.subheader(t("phone.next_meeting"))
        literal(t("phone.next_meeting_when", n=upcoming.number,
                      date=long_date(upcoming.scheduled_on, current_language())))
        st.caption(t("phone.next_meeting_help"))
    else:
        st.subheader(t("phone.waiting"))
        st.caption(t("phone.waiting_help"))
        _last_results(forum)
        _agenda(forum)
    services.show_notice()  # an idea sent as the collection closed is still confirmed


@st.cache_data(ttl=30, max_entries=64, show_spinner=False)
def _has_teams(database: str, forum_id: int) -> bool:
    """Whether the forum went on into professional teams (read once for the room's phones)."""
    return bool(reads.team_count(services.store(), forum_id))


def _after_the_forum(forum: ForumRecord, participant_id: int) -> None:
    if _has_teams(services.store().url, forum.id):
        from assistant.ui import after_forum  # reads the whole forum: only once there are teams

        after_forum.render(forum.id, participant_id)


@st.cache_data(max_entries=64, show_spinner=False)
def _closed_result(database: str, forum_id: int, poll_id: int, closed_at: str, paper: tuple
                   ) -> tuple[int, tuple[tuple[str, float], ...]]:
    """A closed poll's voters and leading options, tallied once for all the room's phones:
    the key (its database, closing time, and paper count or slips) changes whenever its result can."""
    result = reads.result(services.store(), forum_id, poll_id)
    return result.voters, result.leaders(RESULTS_TOP)


@st.fragment(run_every=RESULTS_REFRESH_SECONDS)
def _last_results(forum: ForumRecord) -> None:
    """The results of the meeting's vote closed last, as the projector shows them."""
    if forum.current_meeting is None:
        return
    poll, slips = reads.last_closed(services.store(), forum.id, forum.current_meeting)
    if poll is None or poll.closed_at is None:
        return
    paper = (poll.paper.voters, tuple(poll.paper.dots.items())) if poll.paper else slips
    voters, top = _closed_result(services.store().url, forum.id, poll.id, poll.closed_at.isoformat(), paper)
    if not voters:
        return
    with st.container(border=True, key="phone.results"):
        st.markdown(f"**{t('phone.results')}**")
        literal(poll.title, "poll-title")
        unit = t(f"results.score_{poll.score_unit}")
        for rank, (label, score) in enumerate(top, 1):
            st.markdown(t("phone.result_line", rank=rank, label=markdown_literal(isolate(label)),
                          score=f"{score:g}", unit=unit))
        st.caption(t("results.voters_count", count=voters))


def _agenda(forum: ForumRecord) -> None:
    """While there is nothing to send: where the meeting stands and what comes next."""
    items = meeting_agenda(services.playbook(), forum, current_language())
    if not items:
        return
    with st.expander(t("phone.agenda", n=forum.current_meeting)):
        for item in items:
            line = t("phone.agenda_step", title=markdown_literal(item.title), count=item.step.minutes)
            mark = AGENDA_MARKS[item.state]
            st.markdown(f"{mark} **{line}**" if item.state == "now" else f"{mark} {line}")


def render() -> None:
    try:
        access = services.current_access()
    except ForumError as exc:
        st.error(services.message_for(exc))
        access = None
    if access is None or access.role is not Role.PARTICIPANT:
        _join_screen()
        return
    read_at = time.monotonic()
    forum, poll = _load(access.forum_id)
    st.session_state[state.PHONE_MODE] = _mode(forum, poll)
    st.session_state[state.PHONE_READ_AT] = read_at
    st.session_state[state.PHONE_CHECKED_AT] = time.monotonic()
    language_buttons()
    pending_line()
    literal(forum.title, "forum-title")
    title = step_title(services.playbook(), forum, current_language())
    if title:
        st.caption(title)
    if poll is not None or forum.collecting_kind is None:
        st.session_state.pop(state.PHONE_JUST_JOINED, None)  # read by the idea screen only, in this run
    if poll is not None:
        _ballot_screen(forum, poll, access.participant_id)
    elif forum.collecting_kind is not None:
        _idea_screen(forum, access.participant_id)
    else:
        _waiting_screen(forum)
        _after_the_forum(forum, access.participant_id)
    with st.popover(t("phone.not_me"), type="tertiary"):  # a second tap, so a stray one changes nothing
        st.caption(t("phone.not_me_help"))
        st.button(t("phone.not_me_confirm"), key="phone.not_me", on_click=_not_me, args=(forum,))
    device.remember(forum.id, services.current_token())
    _follow(forum.id, access.participant_id)


def _not_me(forum: ForumRecord) -> None:
    """A shared phone: the next person joins as themselves."""
    for key in [k for k in st.session_state if str(k).startswith("phone.") and k != state.PHONE_FORGOTTEN]:
        del st.session_state[key]  # their draft, their ballot's widgets, what they typed to join
    services.forget_access()
    device.forget(forum.id)
    st.query_params[links.JOIN] = forum.join_code
