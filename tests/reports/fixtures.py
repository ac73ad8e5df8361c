"""Forums to build documents from, shared by the report, export and benchmark tests."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from assistant.demo import create_demo
from assistant.exports.reading import read_snapshot
from assistant.playbook.loader import load_playbook
from assistant.playbook.plan import forum_plan
from assistant.store import commands, queries
from assistant.store.database import open_store
from tests.conftest import PROJECT

HOSTILE_HTML = "<script>alert('x')</script><b>מודגש</b> & <w:p/>"
EMOJI = "צוות 🎉👩🏽‍🔬 مرحبا"
BIDI_OVERRIDE = "\u202eevil\u202c"


@pytest.fixture(scope="session")
def playbook():
    return load_playbook(PROJECT / "prompts")


@pytest.fixture(scope="session")
def demo(tmp_path_factory, playbook):
    """A realistic Hebrew forum: 16 participants, ideas and closed polls in all four meetings."""
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'forum.db'}")
    created = create_demo(store, playbook, participants=16, base_url="http://test.invalid/", seed=7)
    yield store, created
    store.dispose()


@pytest.fixture(scope="session")
def demo_snapshot(demo):
    store, created = demo
    return read_snapshot(store, created.forum_id)


@pytest.fixture
def new_forum(tmp_path, playbook):
    """A factory of new forums (nothing held yet) on the playbook's plan: returns (store, ForumCreated)."""
    stores = []

    def make(language: str = "he"):
        store = open_store(f"sqlite:///{tmp_path / f'forum-{len(stores)}.db'}")
        stores.append(store)
        return store, commands.create_forum(store, title="פורום", locality="לוד", domain="youth",
                                            language=language, plan=forum_plan(playbook))

    yield make
    for store in stores:
        store.dispose()


@dataclass
class SmallForum:
    store: object
    forum_id: int
    tokens: list[str] = field(default_factory=list)  # facilitator, manager, participants
    join_code: str = ""


def make_small_forum(store, playbook, *, language: str = "he", anonymous: bool = True) -> SmallForum:
    """Six participants whose tokens we keep, challenges ranked in meeting 2, focus areas voted."""
    created = commands.create_forum(store, title="פורום עיצוב", locality="עכו", domain="youth",
                                    language=language, plan=forum_plan(playbook))
    fid = created.forum.id
    forum = SmallForum(store, fid, [created.facilitator_token, created.manager_token],
                       created.forum.join_code)
    people = []
    for n, sector in enumerate(["residents", "municipality", "ngo", "education", "residents", "business"]):
        joined = commands.join(store, join_code=created.forum.join_code, sector=sector, language="he",
                               display_name=f"משתתף {n}")
        forum.tokens.append(joined.token)
        people.append(joined.participant)
    step = {s.key: s.id for s in created.forum.steps}
    commands.go_to_step(store, fid, step["m2-root-problems"])
    commands.open_collection(store, fid, "challenge")
    for n, text in enumerate(["נשירה מבית הספר", "מחסור במורים", "=HYPERLINK(\"http://x\")", "אין הסעות"]):
        commands.add_idea(store, fid, text, participant_id=people[n].id)
    commands.close_collection(store, fid)
    commands.go_to_step(store, fid, step["m2-rank"])
    with store.read() as session:
        challenges = queries.ideas(session, fid, meeting=2)
    poll = commands.create_poll(store, fid, title="m2-rank", method="ranking",
                                idea_ids=[i.id for i in challenges], params={"top_n": 3}, anonymous=anonymous, open_now=True)
    options = [o.id for o in poll.options]
    for n, person in enumerate(people):
        commands.cast_ballot(store, fid, poll.id, person.id, options[n % 2: n % 2 + 3])
    commands.close_poll(store, fid, poll.id)
    return forum
