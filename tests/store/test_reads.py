"""Reads for the pages: each takes the store and returns records, as the queries do in a session."""

from __future__ import annotations

from assistant.forum.vocabulary import IdeaStatus, PollStatus
from assistant.store import commands, queries, reads


def _room(make_forum):
    store, created = make_forum()
    fid = created.forum.id
    people = [commands.join(store, join_code=created.forum.join_code, sector=s, language="he").participant
              for s in ("residents", "ngo")]
    commands.open_collection(store, fid, "idea")
    ideas = [commands.add_idea(store, fid, text, participant_id=people[0].id, kind="idea").idea
             for text in ("א", "ב", "ג")]
    commands.hide_idea(store, fid, ideas[2].id)
    return store, created, fid, people, ideas


def test_a_read_of_one_query_is_the_query_in_a_transaction_of_its_own(make_forum):
    store, created, fid, _, _ = _room(make_forum)
    with store.read() as session:
        assert reads.get_forum(store, fid) == queries.get_forum(session, fid)
        assert reads.ideas(store, fid, meeting=1) == queries.ideas(session, fid, meeting=1)
        assert reads.participant_count(store, fid) == 2
    assert reads.join_target(store, created.forum.join_code).id == fid
    assert reads.join_target(store, "NOPE00") is None


def test_the_wall_holds_every_state_and_who_sent_it(make_forum):
    store, _, fid, people, ideas = _room(make_forum)
    everything, senders = reads.wall(store, fid, 1)
    assert [i.id for i in everything] == [i.id for i in ideas]
    assert {i.status for i in everything} == {IdeaStatus.VISIBLE, IdeaStatus.HIDDEN}
    assert set(senders) == {p.id for p in people}


def test_a_participants_ideas_and_those_a_vote_is_over(make_forum):
    store, _, fid, people, ideas = _room(make_forum)
    poll = commands.create_poll(store, fid, title="t", method="dots", idea_ids=[ideas[0].id, ideas[1].id],
                                open_now=True)
    mine, polled = reads.own_ideas(store, fid, people[0].id, 1, (IdeaStatus.VISIBLE,))
    assert [i.id for i in mine] == [ideas[0].id, ideas[1].id] and polled == {ideas[0].id, ideas[1].id}
    assert reads.own_ideas(store, fid, people[1].id, 1, (IdeaStatus.VISIBLE,)) == ([], set())

    commands.cast_ballot(store, fid, poll.id, people[1].id, {poll.options[1].id: 3})
    by_id, by_record = reads.result(store, fid, poll.id), reads.result(store, fid, poll)
    assert by_id.voters == by_record.voters == 1 and by_id.leaders(1)[0][0] == "ב"
    panel = reads.poll_panel(store, fid, 1)
    assert [p.id for p in panel.polls] == [poll.id] and panel.cast == {poll.id: 1} and panel.on_paper == {}
    polls, running = reads.polls_and_running(store, fid)
    assert running.id == poll.id and [p.id for p in polls] == [poll.id]
    commands.close_poll(store, fid, poll.id)
    closed, slips = reads.last_closed(store, fid, 1)
    assert closed.id == poll.id and closed.status is PollStatus.CLOSED and slips == ()
    shown, open_now, wall = reads.screen(store, fid, 1)
    assert [p.id for p in shown] == [poll.id] and open_now is None and len(wall) == 2
    assert reads.paper_slips(store, fid, poll.id) == []
