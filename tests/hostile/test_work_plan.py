"""The nasty strings in the collective work plan's cells and focus-area titles: stored as
typed (modulo the documented cleaning) or refused with the limit, and the work-plan
document still opens and quotes them as text."""

from __future__ import annotations

import io

import pytest

from assistant.errors import InvalidInputError
from assistant.exports.bundle import build
from assistant.exports.reading import read_snapshot
from assistant.forum import inputs
from assistant.forum.work_plan import FocusArea
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store.work_plan import save_work_plan, work_plan
from tests.conftest import PROJECT
from tests.hostile.strings import BY_NAME, CASES, flat

CELLS = [c for c in CASES if c.outcome(inputs.CELL_MAX, required=False) == "stored"]


def saved(store, forum_id: int):
    with store.read() as session:
        return work_plan(session, forum_id)


def test_cells_and_titles_are_stored_as_typed_and_the_document_quotes_them(make_forum):
    playbook = load_playbook(PROJECT / "prompts")
    store, created = make_forum(plan=forum_plan(playbook))
    fid = created.forum.id
    titled = [c for c in CASES if c.outcome(inputs.IDEA_MAX) == "stored"][:11]
    areas = [FocusArea(title=case.typed, logic={"problem": case.typed}) for case in titled]
    areas.append(FocusArea(title="תחום הטבלה", operational=tuple(
        {"goal": case.typed, "budget": "500"} for case in CELLS)))
    save_work_plan(store, fid, areas)

    plan = saved(store, fid)
    assert [a.title for a in plan.focus_areas[:-1]] == [c.stored for c in titled]
    assert [a.logic["problem"] for a in plan.focus_areas[:-1]] == [c.stored for c in titled]
    assert [row["goal"] for row in plan.focus_areas[-1].operational] == [c.stored for c in CELLS]

    from docx import Document

    content = build("work-plan", read_snapshot(store, fid), playbook).content
    document = Document(io.BytesIO(content))  # still opens
    text = flat("\n".join([p.text for p in document.paragraphs]
                          + [c.text for t in document.tables for r in t.rows for c in r.cells]))
    for case in titled + [c for c in CELLS if c.stored]:
        assert flat(case.stored) in text, case.name
    assert not [r for r in document.part.rels.values() if r.is_external and "evil.example" in r.target_ref]


@pytest.mark.parametrize("where", ["title", "logic", "operational"])
def test_an_over_long_cell_is_refused_with_the_limit_and_the_saved_plan_kept(make_forum, where):
    store, created = make_forum()
    fid = created.forum.id
    save_work_plan(store, fid, [FocusArea(title="תחום", logic={"problem": "בעיה"})])
    long = BY_NAME["long"].typed
    area = {"title": FocusArea(title=long),
            "logic": FocusArea(title="תחום", logic={"problem": long}),
            "operational": FocusArea(title="תחום", operational=({"goal": long},))}[where]
    with pytest.raises(InvalidInputError) as refused:
        save_work_plan(store, fid, [area])
    limit = inputs.IDEA_MAX if where == "title" else inputs.CELL_MAX
    assert refused.value.params["reason"] == "too_long"
    assert str(limit) in refused.value.message("he") and str(len(long)) in refused.value.message("he")
    plan = saved(store, fid)
    assert [(a.title, a.logic["problem"]) for a in plan.focus_areas] == [("תחום", "בעיה")]
