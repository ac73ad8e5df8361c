"""A team's part of the plan drawn on what its own meetings decided (the teams' playbook's
outputs): the root problems, the graduate image, the outcomes, the targets and the activities,
best first. What the plan does not hold yet is added (after a cell's lines, or as new rows):
what the team wrote stays as written."""

from __future__ import annotations

from dataclasses import replace

from assistant.forum.work_plan import FocusArea
from assistant.playbook.models import Playbook
from assistant.reports.outputs import Item, outcomes
from assistant.reports.seed import joined_cell
from assistant.reports.snapshot import ForumSnapshot

# The teams' playbook's outputs, by what they fill in the focus area.
LOGIC_FROM = {"problem": "root_problems", "outcomes": "long_term_outcomes", "impact": "graduate_image"}
TARGETS, ACTIVITIES = "recommended_targets", "activities"
TOP = 5  # of a ranked output, the best this many


def _best(items: tuple[Item, ...]) -> list[str]:
    voted = [i for i in items if i.rank is not None and (i.score or 0) > 0]
    return [i.text for i in (voted or list(items))][:TOP]


def from_team_meetings(area: FocusArea, meetings: ForumSnapshot, team_playbook: Playbook) -> FocusArea:
    """`area` with what the team's meetings (`meetings`: their forum's snapshot) decided added."""
    found = {key: _best(outcome.items) for key, outcome in outcomes(meetings, team_playbook).items()}
    logic = dict(area.logic)
    for cell, key in LOGIC_FROM.items():
        lines = (logic.get(cell) or "").split("\n") if logic.get(cell) else []
        new = [text for text in found.get(key, []) if not any(text in line for line in lines)]
        if new:
            logic[cell] = joined_cell([*lines, *new])
    operational = list(area.operational)
    written = "\n".join(v or "" for row in operational for v in row.values())
    for target in found.get(TARGETS, []):
        if target not in written:
            operational.append({"goal": area.title, "targets": target})
    for activity in found.get(ACTIVITIES, []):
        if activity not in written:
            operational.append({"goal": area.title, "actions": activity})
    timeline = list(area.timeline)
    planned = {row.get("action") for row in timeline}
    timeline += [{"action": activity} for activity in found.get(ACTIVITIES, []) if activity not in planned]
    return replace(area, logic=logic, operational=tuple(operational), timeline=tuple(timeline))
