"""The facilitation assistant: questions about the method answered from the
documents with numbered citations (streamed when an LLM is configured), the
suggested next actions as buttons that run the store commands, and help to
converge the current step's ideas (themes, near-duplicates, summary)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assistant.chat.actions import SuggestedAction, suggest
from assistant.chat.answer import Answer, Basis, Mode
from assistant.chat.context import ForumContext, read_context
from assistant.chat.converge import Summary, Themes, duplicates, group_themes, summarise
from assistant.corpus.cleaning import reading_order
from assistant.errors import ForumError, InvalidInputError
from assistant.forum.access import Role
from assistant.forum.inputs import QUESTION_MAX, clean_text
from assistant.forum.records import IdeaRecord
from assistant.i18n import joined
from assistant.store import commands
from assistant.text.highlight import query_forms, spans
from assistant.ui import services, state
from assistant.ui.common import current_language, literal, markdown_literal, marked, t

SIMILARITY_PERCENT = 100


@dataclass(frozen=True)
class Entry:
    """One message of the conversation: who says it and what it holds."""

    role: str  # "user" or "assistant"
    kind: str  # question, answer, themes, duplicates, summary, error
    payload: object


@dataclass(frozen=True)
class DuplicateView:
    first: IdeaRecord
    second: IdeaRecord
    similarity: float


# Services -------------------------------------------------------------------------


def _history() -> list[Entry]:
    return st.session_state.setdefault(state.CHAT_HISTORY, [])


# Rendering ------------------------------------------------------------------------


def _render_answer(answer: Answer) -> None:
    if answer.fallback is not None:
        st.warning(markdown_literal(t("chat.fallback", reason=answer.detail)))
    literal(answer.text, "answer")
    if answer.basis is not Basis.DOCUMENTS:
        st.caption(t(f"chat.mode_{answer.basis}"))
    else:
        st.caption(t("chat.mode_llm") if answer.mode is Mode.LLM else t("chat.mode_offline"))
    forms = query_forms(answer.searched or answer.question)
    for citation in answer.citations:
        label = t("chat.source", number=citation.number, document=citation.document,
                  section=reading_order(citation.section) or "—")
        with st.expander(markdown_literal(label)):
            text = reading_order(citation.text)
            marked(text, spans(text, forms), "passage")
            st.caption(t("search.passage_id", passage_id=citation.passage_id))


def _render_themes(themes: Themes) -> None:
    if not themes.themes:
        literal(t("chat.themes.none", count=len(themes.ungrouped)))
    for number, theme in enumerate(themes.themes, 1):
        terms = joined(theme.terms, current_language()) or "—"
        literal(t("chat.themes.theme", number=number, count=len(theme.ideas), terms=terms), "theme")
        for idea in theme.ideas:
            literal(f"• {idea.text}")
    if themes.themes and themes.ungrouped:
        literal(t("chat.themes.ungrouped", count=len(themes.ungrouped)), "theme")
        for idea in themes.ungrouped:
            literal(f"• {idea.text}")


def _render_duplicates(pairs: list[DuplicateView], forum_id: int, message: int) -> None:
    if not pairs:
        literal(t("chat.duplicates.none"))
    for pair in pairs:
        with st.container(border=True):
            st.caption(t("chat.duplicates.pair", percent=round(pair.similarity * SIMILARITY_PERCENT)))
            literal(f"#{pair.first.id}: {pair.first.text}")
            literal(f"#{pair.second.id}: {pair.second.text}")
            st.button(t("chat.duplicates.merge", target=pair.first.id, source=pair.second.id),
                      key=f"chat.merge.{message}.{pair.first.id}.{pair.second.id}", on_click=services.run,
                      args=(commands.merge_ideas, forum_id, pair.first.id, [pair.second.id]),
                      kwargs={"success": "chat.action.done"})


def _render_summary(summary: Summary) -> None:
    literal(t("chat.summary.head", ideas=t("count.items", count=summary.ideas),
              participants=t("count.participants", count=summary.participants),
              themes=t("count.themes", count=summary.themes)))
    if summary.duplicates:
        literal(t("chat.summary.duplicates", count=summary.duplicates))
    if summary.highlights:
        literal(t("chat.summary.highlights"))
        for idea in summary.highlights:
            literal(f"• {idea.text}")


def _render(entry: Entry, forum_id: int, index: int) -> None:
    with st.chat_message(entry.role):
        if entry.kind == "answer":
            _render_answer(entry.payload)
        elif entry.kind == "themes":
            _render_themes(entry.payload)
        elif entry.kind == "duplicates":
            _render_duplicates(entry.payload, forum_id, index)
        elif entry.kind == "summary":
            _render_summary(entry.payload)
        elif entry.kind == "error":
            st.error(markdown_literal(entry.payload))
        else:
            literal(str(entry.payload), "question")


# Actions and converging -----------------------------------------------------------


def _run_action(action: SuggestedAction) -> None:
    command, args, kwargs = action.command()
    services.run(command, *args, success=action.success, **kwargs)


def _actions(context: ForumContext) -> None:
    actions = suggest(context)
    with st.container(border=True):
        st.markdown(f"**{t('chat.actions.title')}**")
        if not actions:
            st.caption(t("chat.actions.none"))
        for action in actions:
            # A label may quote participants' words: shown as typed, never as Markdown.
            st.button(markdown_literal(action.label(current_language())), key=f"chat.action.{action.key}",
                      on_click=_run_action, args=(action,), width="stretch")


def _converge_buttons(context: ForumContext) -> str | None:
    kind = t(f"kind.{context.focus_kind}") if context.focus_kind else t("chat.converge.all_kinds")
    st.caption(t("chat.converge.title", count=len(context.ideas), kind=kind))
    cols = st.columns(3)
    wanted = None
    for col, name in zip(cols, ("themes", "duplicates", "summary"), strict=True):
        if col.button(t(f"chat.converge.{name}"), key=f"chat.converge.{name}", width="stretch",
                      disabled=not context.ideas):
            wanted = name
    return wanted


def _converge(name: str, context: ForumContext) -> Entry:
    ideas = list(context.ideas)
    if name == "themes":
        return Entry("assistant", "themes", group_themes(ideas, vectors=services.idea_vectors(i.text for i in ideas)))
    if name == "duplicates":
        by_id = {i.id: i for i in ideas}
        pairs = [DuplicateView(by_id[p.first_id], by_id[p.second_id], p.similarity)
                 for p in duplicates(ideas, services.idea_vectors(i.text for i in ideas))]
        return Entry("assistant", "duplicates", pairs)
    return Entry("assistant", "summary", summarise(ideas, vectors=services.idea_vectors(i.text for i in ideas)))


# Asking ---------------------------------------------------------------------------


def _ask(question: str, context: ForumContext) -> Entry:
    """Answer in a chat message as it streams; the final answer replaces the stream."""
    with st.chat_message("assistant"):
        slot = st.empty()
        try:
            answerer = services.answerer()
            with st.spinner(t("chat.searching")):  # retrieval, and a model's translation of the question
                stream = answerer.stream(question, context)
            if answerer.mode is Mode.LLM:
                with slot.container():
                    st.write_stream(markdown_literal(chunk) for chunk in stream)
            answer = stream.result()
        except ForumError as exc:
            message = exc.message(current_language())
            slot.error(markdown_literal(message))
            return Entry("assistant", "error", message)
        with slot.container():
            _render_answer(answer)
    return Entry("assistant", "answer", answer)


def _question(typed: str | None) -> str | None:
    """The question cleaned like everything people type; an error (with the limit) if it is too long."""
    if typed is None:
        return None
    try:
        return clean_text(typed, "question", QUESTION_MAX, required=False)
    except InvalidInputError as exc:
        st.error(exc.message(current_language()))
        return None


def render() -> None:
    access = services.require(Role.FACILITATOR)
    st.title(t("chat.title"))
    try:
        context = read_context(services.store(), services.playbook(), access.forum_id, current_language())
    except ForumError as exc:
        st.error(exc.message(current_language()))
        return
    if context.card is not None:
        st.caption(t("console.step_of", meeting=context.card.meeting, title=context.card.meeting_title,
                     position=context.card.position, steps=context.card.steps) + " · " + context.card.title)
    services.show_notice()
    _actions(context)
    wanted = _converge_buttons(context)

    history = _history()
    if not history:
        st.info(t("chat.welcome"))
    for index, entry in enumerate(history):
        _render(entry, access.forum_id, index)
    if wanted:
        entry = _converge(wanted, context)
        history.append(entry)
        _render(entry, access.forum_id, len(history) - 1)

    # The box takes a little more than the limit so an over-long question is refused with
    # the limit rather than cut silently.
    typed = st.chat_input(t("chat.placeholder"), key=state.CHAT_INPUT, max_chars=2 * QUESTION_MAX)
    question = _question(typed)
    if question:
        history.append(Entry("user", "question", question))
        _render(history[-1], access.forum_id, len(history) - 1)
        history.append(_ask(question, context))
    if history and st.button(t("chat.clear"), key="chat.clear"):
        history.clear()
        st.rerun()
