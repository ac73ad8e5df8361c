"""A team's plan drawn on what its own meetings decided."""

from __future__ import annotations

from assistant.exports.reading import read_snapshot
from assistant.forum.work_plan import FocusArea
from assistant.playbook.loader import load_team_playbook
from assistant.playbook.plan import forum_plan
from assistant.reports.team_seed import from_team_meetings
from assistant.store import commands
from assistant.store import teams as team_queries
from tests.conftest import PROJECT


def _step(forum, key):
    return next(s for s in forum.steps if s.key == key)


def test_the_ranked_root_problems_and_targets_fill_the_team_s_plan_and_what_was_written_stays(make_forum):
    playbook = load_team_playbook(PROJECT / "prompts")
    store, created = make_forum()
    team = team_queries.create_team(store, created.forum.id, "תנועות נוער", created.facilitator_token)
    meetings = team_queries.open_team_meetings(store, created.forum.id, team.team.id, team.token,
                                               forum_plan(playbook)).forum
    people = [commands.join(store, join_code=meetings.join_code, sector="ngo", language="he").participant
              for _ in range(3)]

    def collect_and_vote(collect_key: str, vote_key: str, kind: str, texts: list[str], choose) -> None:
        commands.go_to_step(store, meetings.id, _step(meetings, collect_key).id)
        commands.open_collection(store, meetings.id, kind)
        for person, text in zip(people, texts, strict=False):
            commands.add_idea(store, meetings.id, text, participant_id=person.id)
        commands.close_collection(store, meetings.id)
        step = _step(meetings, vote_key)
        commands.go_to_step(store, meetings.id, step.id)
        poll = commands.open_step_poll(store, meetings.id, title="הצבעה", spec=step.phone["poll"])
        for person in people:
            commands.cast_ballot(store, meetings.id, poll.id, person.id, choose(poll))
        commands.close_poll(store, meetings.id, poll.id)

    by = lambda *order: lambda poll: [o.id for label in order for o in poll.options if o.label == label]  # noqa: E731
    collect_and_vote("t1-root-problems", "t1-rank", "challenge", ["אין הסעות", "אין מדריכים", "אין מקום"],
                     by("אין מדריכים", "אין הסעות", "אין מקום"))
    collect_and_vote("t2-targets", "t2-targets-rank", "idea", ["25% בתנועות עד 2028", "2 סניפים חדשים", "מדריך לכל 15"],
                     by("25% בתנועות עד 2028", "מדריך לכל 15", "2 סניפים חדשים"))
    area = FocusArea(title="תנועות נוער", logic={"outcomes": "נכתב על ידי הצוות"},
                     operational=({"goal": "תנועות נוער", "targets": "2 סניפים חדשים"},))
    drawn = from_team_meetings(area, read_snapshot(store, meetings.id), playbook)
    assert drawn.logic["problem"].split("\n")[:2] == ["אין מדריכים", "אין הסעות"]  # best first
    assert drawn.logic["outcomes"] == "נכתב על ידי הצוות"  # what the team wrote stays
    targets = [row["targets"] for row in drawn.operational]
    assert targets == ["2 סניפים חדשים", "25% בתנועות עד 2028", "מדריך לכל 15"]  # none twice
