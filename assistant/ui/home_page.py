"""Start page for someone without a link: create a forum, restore one from a backup,
or join one by code."""

from __future__ import annotations

import streamlit as st

from assistant import links
from assistant.config import get_settings
from assistant.errors import CreateCodeError, ForumError, LocalOnlyError
from assistant.forum.access import normalize_join_code, same_secret
from assistant.forum.vocabulary import MobilityDomain
from assistant.i18n import LANGUAGES
from assistant.playbook.cards import domain_label
from assistant.playbook.plan import forum_plan
from assistant.store import commands
from assistant.store.backup import MAX_BYTES, parse_backup, restore_forum
from assistant.ui import navigation, services, state
from assistant.ui.common import LANGUAGE_NAMES, current_language, markdown_literal, t, uploader_words

MAX_MB = MAX_BYTES // (1024 * 1024)


def _check_create_code(key: str) -> None:
    """With a creation code set, it must be typed; without one, only the server's own machine
    creates or restores forums (a laptop running the forum; a public server sets the code)."""
    required = get_settings().create_code
    if required is None:
        if not services.client().is_local:
            raise LocalOnlyError()
    elif not same_secret(required.get_secret_value(), st.session_state.get(key)):
        raise CreateCodeError()


def _create(values: dict) -> None:
    try:
        _check_create_code(state.HOME_CREATE_CODE)
        created = commands.create_forum(services.store(), plan=forum_plan(services.playbook()), **values)
    except ForumError as exc:
        st.error(services.message_for(exc))
        return
    st.session_state[state.CREATED] = (created.forum.id, created.facilitator_token)


def _restore() -> None:
    upload = st.session_state.get(state.HOME_RESTORE_FILE)
    lang = current_language()
    try:
        _check_create_code(state.HOME_RESTORE_CODE)
        if upload is None:
            st.error(t("home.restore_no_file"))
            return
        document = parse_backup(upload.getvalue())
        # Always under a new join code here: nobody without the server's own command line can
        # put a forum behind the cards and QR codes of a code that another forum gave up.
        restored = restore_forum(services.store(), document, keep_join_code=False,
                                 clear_pin=bool(st.session_state.get(state.HOME_RESTORE_CLEAR_PIN)))
    except ForumError as exc:
        st.error(services.message_for(exc))
        return
    counts = restored.counts
    summary = t("home.restored", title=markdown_literal(restored.forum.title), participants=counts["participants"],
                ideas=counts["ideas"], polls=counts["polls"], ballots=counts["ballots"])
    st.session_state[state.RESTORED] = [summary, *restored.notes(lang)]
    st.session_state[state.CREATED] = (restored.forum.id, restored.facilitator_token)


def _restore_panel() -> None:
    with st.expander(t("home.restore_title"), icon=":material/settings_backup_restore:"):
        st.caption(t("home.restore_help"))
        st.file_uploader(t("home.restore_file"), type=["json"], key=state.HOME_RESTORE_FILE)
        uploader_words(state.HOME_RESTORE_FILE, t("home.restore_choose"), t("home.restore_limit", limit=MAX_MB))
        st.checkbox(t("home.restore_clear_pin"), help=t("home.restore_clear_pin_help"),
                    key=state.HOME_RESTORE_CLEAR_PIN)
        if get_settings().create_code is not None:
            st.text_input(t("home.create_code"), type="password", help=t("home.create_code_help"),
                          key=state.HOME_RESTORE_CODE)
        if st.button(t("home.restore_button"), key="home.restore_button", icon=":material/upload_file:"):
            _restore()
            if state.CREATED in st.session_state:
                st.rerun()


def _created_panel() -> None:
    _, token = st.session_state[state.CREATED]
    url = links.facilitator_url(services.base_url(), token)
    restored = st.session_state.get(state.RESTORED)
    st.success("\n\n".join(restored) if restored else t("home.created"))
    st.warning(t("home.keep_link"))
    st.code(url, language=None, wrap_lines=True)
    st.link_button(t("home.open_console"), url, type="primary")


def render() -> None:
    lang = current_language()
    st.title(t("app.name"))
    st.caption(t("app.tagline"))
    services.show_notice()  # a forum just deleted from its console
    join_col, create_col = st.columns([1, 2], gap="large")

    with join_col:
        st.header(t("home.join_title"))
        with st.form("home.join_form"):
            code = st.text_input(t("home.join_code"), max_chars=12, key="home.join_code")
            if st.form_submit_button(t("home.join_button"), type="primary"):
                st.query_params[links.JOIN] = normalize_join_code(code)
                st.switch_page(navigation.page("phone"))  # the phone page finishes joining

    with create_col:
        st.header(t("home.create_title"))
        if state.CREATED in st.session_state:
            _created_panel()
            return
        if get_settings().create_code is None and not services.client().is_local:
            st.info(t("home.local_only"))
            return
        playbook = services.playbook()
        with st.form("home.create_form"):
            title = st.text_input(t("field.forum_title"), key="home.title")
            locality = st.text_input(t("field.locality"), key="home.locality")
            domain = st.selectbox(t("home.domain"), list(MobilityDomain),
                                  format_func=lambda d: domain_label(playbook, d, lang), key=state.HOME_DOMAIN)
            language = st.selectbox(t("home.forum_language"), list(LANGUAGES), index=LANGUAGES.index(lang),
                                    format_func=LANGUAGE_NAMES.get, key="home.language")
            pin = st.text_input(t("home.pin"), type="password", help=t("home.pin_help"), key="home.pin")
            if get_settings().create_code is not None:
                st.text_input(t("home.create_code"), type="password", help=t("home.create_code_help"),
                              key=state.HOME_CREATE_CODE)
            if st.form_submit_button(t("home.create_button"), type="primary"):
                _create({"title": title, "locality": locality, "domain": domain, "language": language,
                         "pin": pin or None})
                if state.CREATED in st.session_state:
                    st.rerun()
        _restore_panel()
