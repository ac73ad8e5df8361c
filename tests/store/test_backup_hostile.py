"""A backup is hostile input all the way: crafted files are refused with one clear reason,
never a traceback, and nothing a phone could not do gets in (a ballot worth a million dots,
one naming another vote's option, negative attendance, a broken PIN hash). A fuzz test
restores a few hundred mutated backups: none raises anything but BackupError, none touches
another forum, and every forum that does come back keeps the app's rules."""

from __future__ import annotations

import copy
import json
import random

import pytest

from assistant.errors import BackupError
from assistant.forum.tallies import tally
from assistant.forum.vocabulary import IdeaStatus, VotingMethod
from assistant.store import backup, queries
from assistant.store.database import open_store
from tests.store.test_backup import canonical, make_full_forum, playbook

__all__ = ["playbook"]


@pytest.fixture(scope="module")
def full_document(tmp_path_factory, playbook) -> str:
    """The backup of test_backup's full forum, made once (the demo takes two seconds; its
    restore a tenth of one)."""
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('full-forum') / 'forum.db'}")
    try:
        forum_id, _ = make_full_forum(store, playbook)
        return json.dumps(backup.dump_forum(store, forum_id))
    finally:
        store.dispose()


@pytest.fixture
def full_forum(make_store, full_document):
    """The full forum in the store under test, brought there by its backup."""
    store = make_store()
    restored = backup.restore_forum(store, backup.parse_backup(full_document))
    return store, restored.forum.id, None


def _document(store, forum_id) -> dict:
    return backup.dump_forum(store, forum_id)


def _refused(store, document, where: str | None = None) -> BackupError:
    with pytest.raises(BackupError) as refused:
        backup.restore_forum(store, backup.parse_backup(json.dumps(document)))
    if where is not None:
        assert refused.value.params.get("where") == where, refused.value.params
    assert "\n" not in refused.value.message("he")  # one clear line
    return refused.value


def _first(document, table, **match) -> tuple[int, dict]:
    rows = document["tables"][table]
    return next((n, row) for n, row in enumerate(rows) if all(row.get(k) == v for k, v in match.items()))


def test_a_file_too_deep_or_too_large_is_refused_before_it_costs_anything():
    deep = '{"format": "forum-assistant/forum-backup", "version": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(BackupError) as refused:
        backup.parse_backup(deep)
    assert refused.value.params == {"reason": "invalid", "where": "(depth)"}
    nested = {"format": backup.FORMAT, "version": 1, "tables": {"forums": [{"x": [[[[[[[[1]]]]]]]]}]}}
    with pytest.raises(BackupError):
        backup.parse_backup(json.dumps(nested))
    with pytest.raises(BackupError) as refused:
        backup.parse_backup(b" " * (backup.MAX_BYTES + 1))
    assert refused.value.params["reason"] == "too_large"
    assert refused.value.message("en") == "The backup file is too large (at most 16 MB). Nothing was saved."


def test_text_that_no_database_holds_is_cleaned_as_typed_text_is(full_forum):
    store, forum_id, _ = full_forum
    document = _document(store, forum_id)
    _, idea = _first(document, "ideas")
    idea["text"] = "רעיון \ud800 עם \ufffe תווים \uffff שבורים"
    _, step = _first(document, "steps")
    step["phone"] = {**step["phone"], "action": "שלב \udfff"}
    restored = backup.restore_forum(store, backup.parse_backup(json.dumps(document)))
    with store.read() as session:
        texts = [i.text for i in queries.ideas(session, restored.forum.id, statuses=tuple(IdeaStatus))]
    assert "רעיון  עם  תווים  שבורים" in texts


@pytest.mark.parametrize("case", ["attendance-text", "attendance-negative", "sector-count-negative"])
def test_attendance_is_checked_as_the_console_checks_it(full_forum, case):
    store, forum_id, _ = full_forum
    document = _document(store, forum_id)
    index, meeting = _first(document, "meetings", number=1)
    if case == "attendance-text":
        meeting["attendance_by_sector"] = {"residents": "many"}
    elif case == "attendance-negative":
        meeting["attendance_total"] = -40
    else:
        meeting["attendance_by_sector"] = {"residents": -3}
    _refused(store, document, f"meetings[{index}].attendance")


def test_a_dot_ballot_worth_a_million_is_refused(full_forum):
    store, forum_id, _ = full_forum
    document = _document(store, forum_id)
    dots = {p["id"] for p in document["tables"]["polls"] if p["method"] == VotingMethod.DOTS}
    ballot_index, ballot = next((n, b) for n, b in enumerate(document["tables"]["ballots"]) if b["poll_id"] in dots)
    _, entry = _first(document, "ballot_entries", ballot_id=ballot["id"])
    entry["value"] = 1_000_000
    _refused(store, document, f"ballots[{ballot_index}]")


@pytest.mark.parametrize("method", list(VotingMethod))
def test_a_ballot_naming_another_votes_option_is_refused(full_forum, method):
    store, forum_id, _ = full_forum
    document = _document(store, forum_id)
    tables = document["tables"]
    poll = next((p for p in tables["polls"] if p["method"] == method and
                 any(b["poll_id"] == p["id"] for b in tables["ballots"])), None)
    if poll is None:
        pytest.skip(f"the demo has no {method} ballots")
    ballot = next(b for b in tables["ballots"] if b["poll_id"] == poll["id"])
    entry_index, entry = _first(document, "ballot_entries", ballot_id=ballot["id"])
    entry["option_id"] = next(o["id"] for o in tables["poll_options"] if o["poll_id"] != poll["id"])
    _refused(store, document, f"ballot_entries[{entry_index}].option_id")


def test_ranks_with_a_gap_and_ratings_off_the_scale_are_refused(full_forum):
    store, forum_id, _ = full_forum
    for method, value in ((VotingMethod.RANKING, 9), (VotingMethod.RATING, 0)):
        document = _document(store, forum_id)
        tables = document["tables"]
        polls = {p["id"] for p in tables["polls"] if p["method"] == method}
        found = next(((n, b) for n, b in enumerate(tables["ballots"]) if b["poll_id"] in polls), None)
        if found is None:
            continue
        ballot_index, ballot = found
        _, entry = _first(document, "ballot_entries", ballot_id=ballot["id"])
        entry["value"] = value
        _refused(store, document, f"ballots[{ballot_index}]")


def test_a_broken_pin_hash_is_refused(full_forum):
    store, forum_id, _ = full_forum
    document = _document(store, forum_id)
    document["tables"]["forums"][0]["pin_hash"] = "scrypt$not-hex$zz"
    _refused(store, document, "forums[0].pin_hash")


def test_a_paper_count_beyond_its_voters_budget_is_refused(full_forum):
    store, forum_id, _ = full_forum
    document = _document(store, forum_id)
    tables = document["tables"]
    index, poll = next((n, p) for n, p in enumerate(tables["polls"]) if p["method"] == VotingMethod.DOTS)
    poll["paper_voters"] = 1
    for option in tables["poll_options"]:
        if option["poll_id"] == poll["id"]:
            option["paper_dots"] = 50
    _refused(store, document, f"polls[{index}].paper_voters")


# Fuzz -------------------------------------------------------------------------------------

HOSTILE_VALUES = (None, True, -1, 0, 2**31, -(2**40), 1.5, float("1e308"), "", "x" * 30_000, "\ud800",
                  "<script>", "'; DROP TABLE forums; --", {}, [], {"a": {"b": [1]}}, [[[[]]]], "2026-13-45",
                  "9999-01-01T00:00:00", "NaN", "scrypt$" + "0" * 32 + "$" + "0" * 64)


def _paths(value, prefix=()):
    """Every (path, value) inside the document's tables."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key), item
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index), item
            yield from _paths(item, (*prefix, index))


def _mutate(document: dict, rng: random.Random) -> dict:
    mutated = copy.deepcopy(document)
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        paths = [p for p, _ in _paths(mutated["tables"])]
        path = rng.choice(paths)
        parent = mutated["tables"]
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        kind = rng.random()
        if kind < 0.15 and isinstance(parent, dict):
            del parent[last]
        elif kind < 0.25 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))  # a row twice
        elif kind < 0.45 and isinstance(parent[last], int) and not isinstance(parent[last], bool):
            parent[last] = parent[last] + rng.choice((-1, 1, 7, 1000, -1000))  # ids and references off by some
        else:
            parent[last] = copy.deepcopy(rng.choice(HOSTILE_VALUES))
    return mutated


def _forums_now(store) -> list[int]:
    with store.read() as session:
        return [f.id for f in queries.forum_listings(session)]


def _keeps_the_rules(store, forum_id: int) -> None:
    """A restored forum reads, tallies and backs up again as any forum does."""
    with store.read() as session:
        queries.get_forum(session, forum_id)
        for poll in queries.polls(session, forum_id):
            tally(poll, queries.ballots(session, forum_id, poll.id))
    again = backup.dump_forum(store, forum_id)
    backup._check_shape({t.name: backup._rows(again, t) for t in backup.TABLES})


@pytest.mark.parametrize("rounds", [200])
def test_a_few_hundred_mutated_backups_raise_only_backup_errors_and_touch_no_other_forum(full_forum, rounds,
                                                                                         request):
    store, forum_id, _ = full_forum
    if "postgresql" in request.node.callspec.id:
        rounds = 80  # the same code; fewer rounds keep the suite's time
    document = _document(store, forum_id)
    before = canonical(document)
    rng = random.Random(20261206)
    outcomes = {"restored": 0, "refused": 0}
    for _ in range(rounds):
        mutated = _mutate(document, rng)
        existing = set(_forums_now(store))
        try:
            text = json.dumps(mutated, ensure_ascii=False, allow_nan=True)
            restored = backup.restore_forum(store, backup.parse_backup(text.encode("utf-8", "surrogatepass")))
        except BackupError:
            outcomes["refused"] += 1
            assert set(_forums_now(store)) == existing  # nothing half written
            continue
        outcomes["restored"] += 1
        assert set(_forums_now(store)) == existing | {restored.forum.id}
        _keeps_the_rules(store, restored.forum.id)
    assert canonical(_document(store, forum_id)) == before  # the original, untouched
    print(outcomes)
    assert outcomes["refused"] > rounds // 3 and outcomes["restored"] > 0, outcomes
