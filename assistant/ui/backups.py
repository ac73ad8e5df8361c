"""The console's backups: the panel to download one (and how the automatic ones are kept),
and the sidebar's automatic backup, written while the console is open and said when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st

from assistant.config import get_settings
from assistant.forum.records import ForumRecord
from assistant.ui import services
from assistant.ui.common import current_language, markdown_literal, t
from assistant.ui.downloads import backup_button

LOOK_SECONDS = 60


def backup_age(age: timedelta) -> str:
    minutes = max(0, int(age.total_seconds() // 60))
    if minutes < 60:
        return t("console.autobackup_minutes", count=minutes)
    if minutes < 48 * 60:
        return t("console.autobackup_hours", count=minutes // 60)
    return t("console.autobackup_days", count=minutes // (24 * 60))


@st.fragment(run_every=LOOK_SECONDS)
@services.follows_forum
def autobackup_status(forum_id: int) -> None:
    """Saves the forum's automatic backup when one is due, and says when the last was saved."""
    backups = services.autobackups()
    if not backups.enabled:
        return
    backups.tick(services.store(), forum_id)
    if (failure := backups.failure(forum_id)) is not None:
        st.warning(markdown_literal(t("console.autobackup_failed", reason=failure.message(current_language()))),
                   icon=":material/warning:")
    elif (latest := backups.latest(forum_id)) is not None:
        st.caption(backup_age(datetime.now(UTC) - latest.taken_at))


def backup_panel(forum: ForumRecord) -> None:
    """The forum in one file: to keep, or to restore on another server's home page."""
    with st.expander(t("console.backup")):
        st.caption(t("console.backup_help"))
        backup_button(forum.id)
        backups = services.autobackups()
        if backups.enabled:
            minutes = get_settings().backup_minutes
            every = t("console.autobackup_every", count=int(minutes) if minutes == int(minutes) else minutes)
            st.caption(t("console.autobackup_help", every=every, keep=backups.keep,
                         folder=f"`{backups.folder(forum.id)}`"))
