"""Search the methodology documents, with citations."""

from __future__ import annotations

import streamlit as st

from assistant.chat.guide import PLAYBOOK_LANGUAGE, step_topic
from assistant.chat.notices import (
    corrected_spelling_notice,
    other_language_notice,
    sources_language_notice,
    unmatched_words_notice,
)
from assistant.corpus.cleaning import reading_order
from assistant.errors import ForumError
from assistant.text.highlight import query_forms, spans
from assistant.text.normalize import snippet
from assistant.ui import services, state
from assistant.ui.common import current_language, literal, marked, t


def _run_search(as_typed: bool = False) -> None:
    st.session_state[state.SEARCH_ERROR] = None
    st.session_state[state.SEARCH_RESULTS] = None
    st.session_state[state.SEARCH_FOREIGN] = None
    st.session_state[state.SEARCH_ACROSS] = False
    st.session_state[state.SEARCH_BRIDGE] = None
    st.session_state[state.SEARCH_UNMATCHED] = ()
    st.session_state[state.SEARCH_CORRECTIONS] = ()
    query, engine = st.session_state.get(state.SEARCH_QUERY), services.retriever()
    try:
        found = engine.retrieve(query, int(st.session_state[state.SEARCH_K]), as_typed=as_typed, word_match=True)
    except ForumError as exc:
        st.session_state[state.SEARCH_ERROR] = exc.message(current_language())
        return
    st.session_state[state.SEARCH_RESULTS] = [r.as_dict() for r in found.results]
    st.session_state[state.SEARCH_MARKED] = query_forms(found.searched)
    st.session_state[state.SEARCH_CORRECTIONS] = found.corrections
    foreign = engine.foreign_to_documents(found.searched)
    st.session_state[state.SEARCH_FOREIGN] = foreign
    st.session_state[state.SEARCH_ACROSS] = foreign is not None and found.meaning_voted
    if foreign is None:
        st.session_state[state.SEARCH_UNMATCHED] = found.words.unmatched
    if foreign in PLAYBOOK_LANGUAGE:
        st.session_state[state.SEARCH_BRIDGE] = step_topic(services.playbook(), services.step_matcher(), query,
                                                           PLAYBOOK_LANGUAGE[foreign])


def _search_for(topic: str) -> None:
    st.session_state[state.SEARCH_QUERY] = topic
    _run_search()


def render() -> None:
    st.title(t("search.title"))
    try:
        engine = services.retriever()
    except ForumError as exc:
        st.error(exc.message(current_language()))
        return
    documents = len({p.doc_id for p in engine.passages})
    st.caption(t("search.corpus_info", documents=t("count.documents", count=documents),
                 passages=t("count.passages", count=len(engine.passages))))

    with st.form("search_form"):
        st.text_input(t("search.input"), placeholder=t("search.placeholder"), key=state.SEARCH_QUERY,
                      help=t("search.help"))
        st.number_input(t("search.k"), min_value=1, max_value=20, value=5, step=1, key=state.SEARCH_K)
        st.form_submit_button(t("search.button"), on_click=_run_search)

    error = st.session_state.get(state.SEARCH_ERROR)
    results = st.session_state.get(state.SEARCH_RESULTS)
    if error:
        st.warning(error)
    elif results is not None:
        foreign = st.session_state.get(state.SEARCH_FOREIGN)
        failure = engine.dense_failure
        if failure is not None:
            st.warning(t("search.dense_unavailable", error=failure.message(current_language())))
        if foreign and st.session_state.get(state.SEARCH_ACROSS):  # found by meaning, in the documents' language
            st.caption(sources_language_notice(foreign, current_language()))
        elif foreign:
            st.info(other_language_notice(foreign, current_language()))
            topic = st.session_state.get(state.SEARCH_BRIDGE)
            if topic:
                st.button(t("search.step_in_documents_language", written_in=t(f"script_in.{foreign}"),
                            topic=snippet(topic, 90)),
                          key="search.bridge", on_click=_search_for, args=(topic,))
        corrections = st.session_state.get(state.SEARCH_CORRECTIONS) or ()
        if corrections:
            st.caption(corrected_spelling_notice(corrections, current_language()))
            st.button(t("search.as_typed", query=snippet(st.session_state.get(state.SEARCH_QUERY) or "", 90)),
                      key="search.as_typed", on_click=_run_search, args=(True,))
        unmatched = st.session_state.get(state.SEARCH_UNMATCHED) or ()
        if not results:
            st.info(t("search.no_results"))
        else:
            st.caption(t("search.results_count", count=len(results)))
        if unmatched:
            st.caption(unmatched_words_notice(unmatched, current_language()))
        forms = st.session_state.get(state.SEARCH_MARKED) or frozenset()
        for r in results:
            with st.container(border=True):
                source = t("search.citation", document=r["document"], section=reading_order(r["section"]) or "—")
                if r.get("page"):
                    source += " · " + t("search.page", page=r["page"])
                st.markdown(f"**[{r['rank']}]**")
                literal(source, "citation")
                text = reading_order(r["text"])
                short = snippet(text, 350)
                marked(short, spans(short, forms), "snippet")
                with st.expander(t("search.show_text")):
                    marked(text, spans(text, forms), "passage")
                    st.caption(t("search.passage_id", passage_id=r["passage_id"]))
