import json

from assistant.cli import main
from assistant.config import get_settings
from assistant.forum.access import Role
from assistant.forum.vocabulary import PollStatus
from assistant.store import commands, queries
from assistant.store.database import open_store


def test_demo_session_builds_a_realistic_forum_and_prints_working_links(capsys):
    assert main(["demo-session", "--participants", "12", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"forum_id", "facilitator_url", "join_url", "manager_url"}
    store = open_store(get_settings().resolved_database_url)
    assert commands.authenticate(store, out["facilitator_url"].split("f=")[1]).role is Role.FACILITATOR
    assert commands.authenticate(store, out["manager_url"].split("m=")[1]).role is Role.MANAGER
    fid = out["forum_id"]
    with store.read() as session:
        people = queries.participants(session, fid)
        ideas = queries.ideas(session, fid)
        polls = queries.polls(session, fid)
        ballots = [b for p in polls for b in queries.ballots(session, fid, p.id)]
        forum = queries.get_forum(session, fid)
    assert len(people) == 12 and len({p.sector for p in people}) >= 3
    assert {i.meeting_number for i in ideas} == {1, 2, 3, 4}
    assert polls and all(p.status is PollStatus.CLOSED for p in polls)
    assert {p.method for p in polls} >= {"dots", "ranking", "rating"}
    assert len(ballots) > len(polls) * 6
    assert forum.current_meeting == 4
    store.dispose()
