"""The console's situation-picture data: a forum's indicators, imported from a spreadsheet or
typed one by one, listed with each one's gap to what it is compared with."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assistant.errors import IndicatorFileError
from assistant.exports import xlsx
from assistant.forum.ballots import MAX_OPTIONS
from assistant.forum.indicator_file import read_indicators, template_headers
from assistant.forum.indicators import (
    AgeStage,
    Comparison,
    Indicator,
    by_domain_and_stage,
    cells,
    format_gap,
    format_value,
    plan_targets,
    suggested_links,
)
from assistant.forum.records import ForumRecord
from assistant.forum.vocabulary import IdeaKind, VotingMethod
from assistant.forum.work_plan import WorkPlan
from assistant.i18n import direction, translate
from assistant.playbook.cards import domain_label
from assistant.store import commands, reads
from assistant.store.indicators import (
    import_indicators,
    link_indicators,
    remove_indicator,
    save_indicator,
    show_indicator,
)
from assistant.text.normalize import dominant_script
from assistant.ui import services
from assistant.ui.common import current_language, literal, markdown_literal, t

UPLOAD = "indicators.upload"
IMPORT_ERROR = "indicators.import_error"
REMOVE = "indicators.remove"


def _domains() -> dict[str, tuple[str, ...]]:
    """Each mobility domain's key and its names in the three languages (a file may use any)."""
    labels = services.playbook().domains
    return {d.value: tuple(n for n in (labels[d].he, labels[d].ar, labels[d].en) if n) for d in labels}


def _import(forum_id: int) -> None:
    st.session_state.pop(IMPORT_ERROR, None)
    uploaded = st.session_state.get(UPLOAD)
    if uploaded is None:
        return
    language = current_language()
    try:
        found = read_indicators(uploaded.getvalue(), uploaded.name, _domains())
    except IndicatorFileError as exc:
        st.session_state[IMPORT_ERROR] = exc.message(language)
        return
    done = services.run(import_indicators, forum_id, found)
    if done is not None:
        services.notice("success", t("indicators.imported", count=len(done.indicators)))


def _error_markdown(message: str) -> str:
    """The import's message with the file's own text shown as typed (a list of problems)."""
    lines = message.split("\n")
    return "\n".join("- " + markdown_literal(line[2:]) if line.startswith("- ") else markdown_literal(line)
                     for line in lines)


def template_bytes(language: str, sheet: str) -> bytes:
    """An empty spreadsheet with the import's headers in `language` (right to left in he/ar)."""
    return xlsx.workbook_bytes([xlsx.Sheet(sheet, template_headers(language), [],
                                           widths=[28, 14, 18, 10, 12, 12, 14, 8, 40],
                                           rtl=direction(language) == "rtl")])


def _table(stored) -> pd.DataFrame:
    return pd.DataFrame([{t(f"indicators.col.{k}"): v for k, v in cells(item.indicator, t).items()}
                         for item in stored])


def gap_words(indicator: Indicator) -> str:
    """The gap said in words: "3 percentage points below similar localities (20%)"."""
    gap = indicator.gap
    if gap is None:
        return ""
    other = t(f"indicators.compared.{indicator.compared_to}") if indicator.compared_to else t("indicators.comparison")
    points = round(abs(gap), 2)
    size = (t("indicators.points", count=int(points) if points == int(points) else points) if indicator.unit == "%"
            else format_value(abs(gap), indicator.unit))
    key = "indicators.gap_equal" if gap == 0 else ("indicators.gap_above" if gap > 0 else "indicators.gap_below")
    return t(key, gap=size, other=other, comparison=format_value(indicator.comparison, indicator.unit))


# The add-or-edit form's fields, by the Indicator field each one holds.
FIELDS = {"name": "indicators.new_name", "value": "indicators.new_value", "unit": "indicators.new_unit",
          "domain": "indicators.new_domain", "age_stage": "indicators.new_stage",
          "comparison": "indicators.new_comparison", "compared_to": "indicators.new_compared_to",
          "year": "indicators.new_year", "source": "indicators.new_source"}
EDITING = "indicators.editing"
TEXTS = ("name", "unit", "source")
CHOICES = ("domain", "age_stage", "compared_to")


def _fill(stored_by_id: dict) -> None:
    """The form takes the indicator chosen for editing (or is cleared for a new one)."""
    chosen = stored_by_id.get(st.session_state.get(EDITING))
    for name, key in FIELDS.items():
        value = getattr(chosen.indicator, name) if chosen is not None else None
        if name in TEXTS or name in CHOICES:  # "" is a box left empty, a list's "—"
            value = "" if value is None else str(value)
        st.session_state[key] = value


def _save(forum_id: int, stored_by_id: dict) -> None:
    values = {name: st.session_state.get(key) for name, key in FIELDS.items()}
    if values["value"] is None:
        services.notice("error", t("indicators.value_needed"))
        return
    indicator = Indicator(
        name=values["name"] or "", value=values["value"], unit=values["unit"] or "",
        domain=values["domain"] or None, comparison=values["comparison"],
        compared_to=Comparison(values["compared_to"]) if values["compared_to"] else None,
        age_stage=AgeStage(values["age_stage"]) if values["age_stage"] else None,
        year=int(values["year"]) if values["year"] else None, source=values["source"] or "")
    editing = st.session_state.get(EDITING)
    editing = editing if editing in stored_by_id else None  # removed meanwhile: added as new
    saved = services.run(save_indicator, forum_id, indicator, editing,
                         success="indicators.added" if editing is None else "indicators.saved")
    if saved is not None:
        st.session_state[EDITING] = None
        _fill(stored_by_id)


def _editor(forum_id: int, stored) -> None:
    """One form to add an indicator or edit one: choosing an indicator above it fills it in."""
    stored_by_id = {item.id: item for item in stored}
    if st.session_state.get(EDITING) not in (None, *stored_by_id):
        st.session_state[EDITING] = None
    playbook = services.playbook()
    domains = playbook.domains
    language = current_language()
    with st.expander(t("indicators.add_title"), icon=":material/edit:"):
        if stored:
            st.selectbox(t("indicators.edit_which"), [None, *stored_by_id], key=EDITING, on_change=_fill,
                         args=(stored_by_id,),
                         format_func=lambda i: t("indicators.new_one") if i is None else stored_by_id[i].indicator.name)
        with st.form("indicators.add", clear_on_submit=False, border=False):
            st.text_input(t("field.indicator_name"), key=FIELDS["name"], max_chars=200)
            cols = st.columns(3)
            cols[0].number_input(t("field.indicator_value"), key=FIELDS["value"], value=None, format="%g")
            cols[1].text_input(t("field.indicator_unit"), key=FIELDS["unit"], max_chars=40)
            cols[2].selectbox(t("indicators.col.stage"), [""] + [s.value for s in AgeStage],
                              format_func=lambda v: t(f"indicators.stage.{v}") if v else "—", key=FIELDS["age_stage"])
            cols = st.columns(3)
            cols[0].number_input(t("field.indicator_comparison"), key=FIELDS["comparison"], value=None, format="%g")
            cols[1].selectbox(t("indicators.col.compared_to"), [""] + [c.value for c in Comparison],
                              format_func=lambda v: t(f"indicators.compared.{v}") if v else "—",
                              key=FIELDS["compared_to"])
            cols[2].number_input(t("field.indicator_year"), key=FIELDS["year"], value=None, min_value=1948,
                                 max_value=2100, step=1)
            cols = st.columns([1, 2])
            cols[0].selectbox(t("indicators.col.domain"), [""] + [d.value for d in domains],
                              format_func=lambda v: domain_label(playbook, v, language) if v else "—",
                              key=FIELDS["domain"])
            cols[1].text_input(t("field.indicator_source"), key=FIELDS["source"], max_chars=400)
            editing = st.session_state.get(EDITING) is not None
            st.form_submit_button(t("indicators.save") if editing else t("indicators.add"),
                                  icon=":material/save:" if editing else ":material/add:",
                                  on_click=_save, args=(forum_id, stored_by_id))


def _remove(forum_id: int) -> None:
    chosen = st.session_state.get(REMOVE)
    if chosen is not None:
        services.run(remove_indicator, forum_id, chosen, success="indicators.removed")


def _show(forum_id: int, indicator_id: int | None) -> None:
    services.run(show_indicator, forum_id, indicator_id)


# The room's pick: which indicators worry people most, up to three (one dot each).
WORRY_PICKS = 3


def _ask_the_room(forum_id: int, names: tuple[str, ...]) -> None:
    """A vote on the phones over the indicators: up to three, one dot each; its results (by
    sector too) are on the votes and results tabs and the projector like any vote."""
    services.run(commands.create_poll, forum_id, title=t("indicators.worry_title"), method=VotingMethod.DOTS,
                 labels=names[:MAX_OPTIONS], params={"budget": min(WORRY_PICKS, len(names)), "cap": 1},
                 open_now=True, success="indicators.worry_opened")


def _projector_controls(forum: ForumRecord, stored) -> None:
    """One indicator at a time on the projector, stepped from here (the hall follows)."""
    ids = [item.id for item in stored]
    shown = forum.shown_indicator_id if forum.shown_indicator_id in ids else None
    with st.container(border=True, key="indicators.projector"):
        if shown is None:
            st.markdown(t("indicators.projector_off"))
        else:
            name = next(item.indicator.name for item in stored if item.id == shown)
            st.markdown(t("indicators.projector_on", position=ids.index(shown) + 1, count=len(ids)))
            literal(name, "indicator-shown")
        cols = st.columns(3)
        at = ids.index(shown) if shown is not None else -1
        back, on = ((":material/arrow_forward:", ":material/arrow_back:") if direction(current_language()) == "rtl"
                    else (":material/arrow_back:", ":material/arrow_forward:"))
        cols[0].button(t("indicators.previous"), key="indicators.previous", icon=back,
                       disabled=at <= 0, on_click=_show, args=(forum.id, ids[at - 1] if at > 0 else None),
                       width="stretch")
        cols[1].button(t("indicators.next") if shown is not None else t("indicators.show_first"),
                       key="indicators.next", type="primary", icon=on,
                       disabled=at >= len(ids) - 1, width="stretch",
                       on_click=_show, args=(forum.id, ids[at + 1] if at < len(ids) - 1 else None))
        cols[2].button(t("indicators.stop"), key="indicators.stop", icon=":material/visibility_off:",
                       disabled=shown is None, on_click=_show, args=(forum.id, None), width="stretch")


LINK_CHALLENGE = "indicators.link_challenge"
LINK_CHOSEN = "indicators.link_chosen"


def _suggestions(challenge: str, stored) -> list[int]:
    """The indicators' ids the meaning model finds closest to `challenge` (none without it)."""
    names = [item.indicator.name for item in stored]
    vectors = services.idea_vectors([challenge, *names])
    if vectors is None:
        return []
    script = dominant_script(challenge)
    across = [dominant_script(name) not in (script, "other") for name in names]
    return [stored[n].id for n in suggested_links(list(vectors[1:] @ vectors[0]), across)]


def _save_links(forum_id: int, idea_id: int) -> None:
    services.run(link_indicators, forum_id, idea_id, st.session_state.get(f"{LINK_CHOSEN}.{idea_id}") or (),
                 success="indicators.links_saved")


def _links(forum: ForumRecord, stored) -> None:
    """Which indicators show each challenge: chosen by the facilitator, suggested by meaning."""
    # Challenges, and the action arenas the work plan's focus areas come from.
    challenges = [*reads.ideas(services.store(), forum.id, kind=IdeaKind.CHALLENGE),
                  *reads.ideas(services.store(), forum.id, kind=IdeaKind.TASK)]
    with st.expander(t("indicators.links_title"), icon=":material/link:"):
        if not challenges:
            st.caption(t("indicators.links_none"))
            return
        linked = reads.indicator_links(services.store(), forum.id)
        st.caption(t("indicators.links_intro", linked=sum(1 for c in challenges if linked.get(c.id)),
                     count=len(challenges)))
        texts = {c.id: f"{t(f'kind.{c.kind}')}: {c.text}" for c in challenges}
        idea_id = st.selectbox(t("indicators.link_challenge"), list(texts), key=LINK_CHALLENGE,
                               format_func=lambda i: texts[i][:120] + (
                                   f" ({t('indicators.linked_count', count=len(linked[i]))})" if linked.get(i) else ""))
        names = {item.id: item.indicator.name for item in stored}
        suggested = _suggestions(next(c.text for c in challenges if c.id == idea_id), stored)
        if suggested:
            st.caption(t("indicators.suggested", names=", ".join(f"«{markdown_literal(names[i])}»" for i in suggested)))
        st.multiselect(t("indicators.link_indicators"), list(names), format_func=names.get,
                       default=list(linked.get(idea_id) or suggested), key=f"{LINK_CHOSEN}.{idea_id}")
        st.button(t("indicators.links_save"), key="indicators.links_save", icon=":material/link:",
                  on_click=_save_links, args=(forum.id, idea_id))


def render_indicators(forum: ForumRecord) -> None:
    st.subheader(t("indicators.title"))
    st.caption(t("indicators.intro"))
    stored = reads.indicators(services.store(), forum.id)
    if stored:
        widths = {"name": 220, "stage": 105, "value": 90, "comparison": 70, "compared_to": 100, "gap": 55,
                  "year": 50, "source": "medium"}
        st.dataframe(_table(stored), hide_index=True, width="stretch",
                     column_config={t(f"indicators.col.{k}"): st.column_config.TextColumn(width=w)
                                    for k, w in widths.items()})
        _projector_controls(forum, stored)
        _links(forum, stored)
        st.button(t("indicators.worry_ask"), key="indicators.worry", icon=":material/how_to_vote:",
                  disabled=len(stored) < 2, help=t("indicators.worry_help"), on_click=_ask_the_room,
                  args=(forum.id, tuple(dict.fromkeys(item.indicator.name for item in stored))))
    else:
        st.info(t("indicators.none"))

    with st.expander(t("indicators.import_title"), icon=":material/upload_file:", expanded=not stored):
        # In the forum's language, as the documents are (a manager fills it in for the forum).
        st.download_button(t("indicators.template"),
                           template_bytes(forum.language, translate("indicators.template_sheet", forum.language)),
                           file_name=translate("indicators.template_file", forum.language) + ".xlsx",
                           icon=":material/download:",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="indicators.template")
        st.file_uploader(t("indicators.file"), type=["xlsx", "csv"], key=UPLOAD,
                         help=t("indicators.file_help"))
        if st.session_state.get(IMPORT_ERROR):
            st.error(_error_markdown(st.session_state[IMPORT_ERROR]))
        st.button(t("indicators.import") if not stored else t("indicators.replace", count=len(stored)),
                  key="indicators.import", type="primary", icon=":material/upload:",
                  disabled=st.session_state.get(UPLOAD) is None, on_click=_import, args=(forum.id,))

    _editor(forum.id, stored)

    if stored:
        with st.expander(t("indicators.remove_title"), icon=":material/delete:"):
            st.selectbox(t("indicators.remove_which"), [s.id for s in stored], key=REMOVE,
                         format_func={s.id: s.indicator.name for s in stored}.get)
            st.button(t("indicators.remove"), key="indicators.remove_button", icon=":material/delete:",
                      on_click=_remove, args=(forum.id,))


def render_dashboard(stored, plan: WorkPlan | None) -> None:
    """The indicators as a dashboard, by age stage from birth to employment (the manager's page):
    each its value (the baseline), against what it is compared, and the target the work plan
    sets for it once it sets one."""
    if not stored:
        return
    indicators = [item.indicator for item in stored]
    targets = dict(zip(map(id, indicators), plan_targets(plan, indicators), strict=True))
    playbook, language = services.playbook(), current_language()
    grouped = by_domain_and_stage(indicators)
    for d, (domain, stages) in enumerate(grouped):
        if len(grouped) > 1:
            st.subheader(domain_label(playbook, domain, language) if domain else t("indicators.no_domain"))
        for stage, group in stages:
            st.markdown(f"**{t(f'indicators.stage.{stage}') if stage else t('indicators.general')}**")
            cols = st.columns(3)
            for n, i in enumerate(group):
                with cols[n % 3].container(border=True, key=f"dashboard.{d}.{stage}.{n}"):
                    _card(i, targets[id(i)])


def _card(i: Indicator, target) -> None:
    """One indicator on the dashboard: its value, against what, and the plan's target."""
    versus = ""
    if i.comparison is not None:
        other = t(f"indicators.compared.{i.compared_to}") if i.compared_to else t("indicators.comparison")
        versus = t("indicators.versus", gap=format_gap(i), other=other, comparison=format_value(i.comparison, i.unit))
    st.metric(markdown_literal(i.name), format_value(i.value, i.unit), versus or None,
              delta_color="off", delta_arrow="off")
    if target is not None:
        st.caption(t("indicators.plan_target", target=markdown_literal(target.text),
                     area=markdown_literal(target.focus_area)))
    elif i.year:
        st.caption(t("indicators.baseline_year", year=i.year))


def render_worries(forum: ForumRecord) -> None:
    """At the step where the room writes its challenges: what it found most worrying in the
    situation picture, to start the groups' "why does this happen?" from."""
    worries = reads.room_worries(services.store(), forum.id)
    if worries is None or not worries.top:
        return
    with st.container(border=True, key="console.worries"):
        st.markdown(f"**{t('indicators.worries_title')}**")
        for rank, (indicator, score) in enumerate(worries.top, 1):
            literal(f"{rank}. {indicator.name} ({t('indicators.picks', count=int(score))})", "worry")
            facts = [format_value(indicator.value, indicator.unit), gap_words(indicator)]
            st.caption(markdown_literal(" · ".join(f for f in facts if f)))
        st.caption(t("indicators.worries_help", voters=t("results.voters_count", count=worries.voters)))
