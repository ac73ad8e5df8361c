"""A first draft of the collective work plan, drawn only from what the forum decided.

Focus areas are the action arenas the forum voted for in meeting 2 (else the arenas it
listed, else its top-ranked challenges). Texts from other meetings go to the focus area
they are most similar to (character n-grams), and only when the likeness is clear:
challenges → the problem, strengths and commitments → existing inputs, meeting 4 tasks →
main activities, an operational row and a timeline row. The problem's data and facts are the
indicators linked to those challenges (or to the arena itself): value, comparison, year and
source, each line marked as drawn from the situation picture. The forum's leading vision is the
impact every focus area serves. Everything else stays empty, for the team to complete.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.forum.indicators import format_value
from assistant.forum.inputs import CELL_MAX
from assistant.forum.similarity import similarity_matrix
from assistant.forum.work_plan import FocusArea, WorkPlan
from assistant.playbook.models import Playbook
from assistant.reports.outputs import Item, outcomes
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.wording import Wording

MATCH_THRESHOLD = 0.3
MAX_CHALLENGE_AREAS = 6


def _ranked(items: Sequence[Item]) -> list[Item]:
    voted = [i for i in items if i.rank is not None and (i.score or 0) > 0]
    return voted or list(items)


def assign(titles: Sequence[str], texts: Sequence[str],
           threshold: float = MATCH_THRESHOLD) -> list[int | None]:
    """For each text, the index of the title it is most like, or None if none is clearly so."""
    if not titles or not texts:
        return [None] * len(texts)
    matrix = similarity_matrix([*titles, *texts])
    found: list[int | None] = []
    for row in range(len(titles), len(titles) + len(texts)):
        scores = matrix[row, : len(titles)]
        best = int(scores.argmax())
        found.append(best if scores[best] >= threshold else None)
    return found


def joined_cell(texts: Sequence[str]) -> str | None:
    """One line per text, as many whole texts as fit in a cell."""
    kept: list[str] = []
    for text in texts:
        if len("\n".join([*kept, text])) > CELL_MAX:
            break
        kept.append(text)
    return "\n".join(kept) or None


def _linked(snapshot: ForumSnapshot, titles: Sequence[str], ideas: dict[str, int | None],
            problems: Sequence[Sequence[str]], challenge_ids: dict[str, int | None]) -> list[list]:
    """Per focus area, the indicators linked to the area itself or to its challenges."""
    by_name = {i.name: i for i in snapshot.indicators}
    found = []
    for index, title in enumerate(titles):
        ids = [ideas.get(title), *(challenge_ids.get(text) for text in problems[index])]
        names = dict.fromkeys(name for idea in ids if idea is not None
                              for name in snapshot.indicator_links.get(idea, ()))
        found.append([by_name[name] for name in names if name in by_name])
    return found


def _metric(indicator, say: Wording) -> str:
    """An operational goal's metric, with the locality's value as its baseline
    ("השתתפות בתנועות נוער (בסיס: 17%, 2021)")."""
    baseline = format_value(indicator.value, indicator.unit) + (f", {indicator.year}" if indicator.year else "")
    return say("workplan.metric_baseline", name=indicator.name, baseline=baseline)


def _fact(indicator, say: Wording) -> str:
    """"השתתפות בתנועות נוער: 17%, מול 20% (יישובים דומים); 2021; מקור: ..." with its draft mark."""
    parts = [format_value(indicator.value, indicator.unit)]
    if indicator.comparison is not None:
        other = say(f"indicators.compared.{indicator.compared_to}") if indicator.compared_to else ""
        parts.append(say("workplan.fact_versus", comparison=format_value(indicator.comparison, indicator.unit),
                         other=f" ({other})" if other else ""))
    details = [str(indicator.year)] if indicator.year else []
    if indicator.source:
        details.append(say("indicators.source_line", source=indicator.source))
    text = f"{indicator.name}: {', '.join(parts)}" + (f"; {'; '.join(details)}" if details else "")
    return say("workplan.fact_draft", fact=text)


def seed_plan(snapshot: ForumSnapshot, playbook: Playbook) -> WorkPlan:
    found = outcomes(snapshot, playbook)
    challenges = _ranked(found["prioritised_challenges"].items)
    arenas = _ranked(found["focus_areas"].items)
    from_challenges = not arenas
    chosen = arenas or challenges[:MAX_CHALLENGE_AREAS]
    titles = list(dict.fromkeys(item.text for item in chosen))
    ideas = {item.text: item.idea_id for item in chosen}
    if not titles:
        return WorkPlan(focus_areas=())

    def grouped(texts: Sequence[str]) -> list[list[str]]:
        groups: list[list[str]] = [[] for _ in titles]
        for text, index in zip(texts, assign(titles, texts), strict=True):
            if index is not None and text not in groups[index]:
                groups[index].append(text)
        return groups

    problems = [[t] for t in titles] if from_challenges else grouped([i.text for i in challenges])
    say = Wording(snapshot.language)
    linked = _linked(snapshot, titles, ideas, problems, {i.text: i.idea_id for i in challenges})
    assets = [*found["strengths"].items, *found["commitments"].items]
    inputs = grouped([i.text for i in assets])
    tasks = grouped([i.text for i in _ranked(found["tasks"].items)])
    visions = _ranked(found["vision"].items)
    impact = visions[0].text if visions else None

    areas = []
    for index, title in enumerate(titles):
        activities = tasks[index]
        operational = [{"goal": title, "actions": task} for task in activities] or [{"goal": title}]
        if linked[index]:  # the linked indicators measure the goal, the locality's value the baseline
            metrics = joined_cell([_metric(i, say) for i in linked[index]])
            operational = [{**operational[0], "metrics": metrics}, *operational[1:]]
        timeline = [{"action": task} for task in activities]
        areas.append(FocusArea(
            title=title, idea_id=ideas.get(title),
            logic={"problem": joined_cell([*problems[index], *(_fact(i, say) for i in linked[index])]), "inputs": joined_cell(inputs[index]),
                   "activities": joined_cell(activities), "impact": impact},
            operational=tuple(operational), timeline=tuple(timeline),
        ))
    return WorkPlan(focus_areas=tuple(areas))


def unassigned_tasks(snapshot: ForumSnapshot, playbook: Playbook, plan: WorkPlan) -> list[Item]:
    """Meeting 4 tasks that no focus area's activities or actions mention."""
    used = "\n".join(
        "\n".join(filter(None, [area.logic.get("activities") or ""]
                         + [row.get("actions") or "" for row in area.operational]
                         + [row.get("action") or "" for row in area.timeline]))
        for area in plan.focus_areas)
    return [item for item in _ranked(outcomes(snapshot, playbook)["tasks"].items) if item.text not in used]
