"""The collective work plan, edited by the facilitator (or domain lead) with st.data_editor:
focus areas with their logic model and social infrastructures, then per focus area the
operational, timeline and control-point tables. Until the first save the tables show a
draft drawn from the forum's data; Save stores everything through one command."""

from __future__ import annotations

import streamlit as st

from assistant.exports.reading import read_snapshot
from assistant.forum.access import Role
from assistant.forum.inputs import CELL_MAX, IDEA_MAX
from assistant.forum.work_plan import INFRASTRUCTURES, LOGIC_FIELDS, SECTIONS, WorkPlan
from assistant.forum.work_plan_tables import (
    INFRA_PREFIX,
    KEY,
    TITLE,
    focus_frame,
    plan_from_frames,
    section_frame,
)
from assistant.reports.seed import seed_plan
from assistant.reports.wording import Wording
from assistant.store.work_plan import save_work_plan, seed_work_plan
from assistant.ui import services
from assistant.ui.common import current_language, shortened, t

SAVE_KEY = "work_plan.save"
RESEED_KEY = "work_plan.reseed"
TAB_TITLE_CHARS = 28
QUARTER_PATTERN = r"^(\d{4}-Q[1-4])?$"


def focus_key(revision: int) -> str:
    return f"work_plan.focus.r{revision}"


def section_key(section: str, area: int, revision: int) -> str:
    return f"work_plan.{section}.{area}.r{revision}"


def _text(label: str, limit: int = CELL_MAX, **options):
    return st.column_config.TextColumn(label, max_chars=limit, **options)


def _focus_columns() -> dict:
    columns = {KEY: None, TITLE: _text(t("work_plan.column.title"), IDEA_MAX, required=True, width="medium")}
    columns.update({name: _text(t(f"plan.logic.{name}"), width="medium") for name in LOGIC_FIELDS})
    columns.update({INFRA_PREFIX + name: _text(t(f"plan.infra.{name}"), width="medium")
                    for name in INFRASTRUCTURES})
    return columns


def section_columns(section: str) -> dict:
    columns = {name: _text(t(f"plan.{section}.{name}")) for name in SECTIONS[section]}
    if section == "timeline":
        for name in ("start", "end"):
            columns[name] = _text(t(f"plan.timeline.{name}"), 12, validate=QUARTER_PATTERN,
                                  help=t("work_plan.quarter_help"))
    return columns


def _short(title: str) -> str:
    return shortened(title, TAB_TITLE_CHARS)


def _reseed(forum_id: int) -> None:
    snapshot = read_snapshot(services.store(), forum_id)
    seed = seed_plan(snapshot, services.playbook())
    services.run(seed_work_plan, forum_id, seed.focus_areas, replace=True, success="work_plan.reseeded")


# A cell still to be filled shows blank (the document marks it "to complete"), not "None".
EMPTY_CELL = ""


def _editors(plan: WorkPlan):
    revision = plan.revision
    st.header(t("work_plan.focus_areas"))
    st.caption(t("work_plan.focus_help"))
    focus = st.data_editor(focus_frame(plan), key=focus_key(revision), num_rows="dynamic", hide_index=True,
                           column_config=_focus_columns(), width="stretch", placeholder=EMPTY_CELL,
                           alt=t("work_plan.focus_areas"))
    st.header(t("work_plan.tables"))
    sections = {}
    if not plan.focus_areas:
        st.info(t("work_plan.empty"))
        return focus, sections
    tabs = st.tabs([f"{n}. {_short(area.title)}" for n, area in enumerate(plan.focus_areas, start=1)])
    for index, (tab, area) in enumerate(zip(tabs, plan.focus_areas, strict=True)):
        with tab:
            for section in SECTIONS:
                st.markdown(f"**{t(f'plan.{section}')}**")
                sections[(index, section)] = st.data_editor(
                    section_frame(area, section), key=section_key(section, index, revision),
                    num_rows="dynamic", hide_index=True, column_config=section_columns(section),
                    width="stretch", placeholder=EMPTY_CELL, alt=f"{area.title}: {t(f'plan.{section}')}")
    return focus, sections


def render() -> None:
    access = services.require(Role.FACILITATOR)
    forum = services.forum(access.forum_id)
    st.title(t("work_plan.title"))
    st.caption(t("work_plan.intro"))
    services.show_notice()
    snapshot = read_snapshot(services.store(), forum.id)
    plan = snapshot.work_plan or seed_plan(snapshot, services.playbook())
    if plan.saved:
        st.caption(t("work_plan.saved_version", revision=plan.revision,
                     date=Wording(current_language()).date(plan.updated_at)))
    else:
        st.info(t("work_plan.seeded"))
    focus, sections = _editors(plan)
    if st.button(t("work_plan.save"), type="primary", key=SAVE_KEY):
        areas = plan_from_frames(plan, focus, sections)
        if services.run(save_work_plan, forum.id, areas, expected_revision=plan.revision,
                        success="work_plan.saved"):
            st.rerun()
        services.show_notice()
    with st.expander(t("work_plan.reseed")):
        st.button(t("work_plan.reseed_confirm"), key=RESEED_KEY, on_click=_reseed, args=(forum.id,))
