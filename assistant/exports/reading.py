"""Reading a forum's snapshot out of the store, in one read transaction.

Commands already strip control and bidi-override characters from what people type;
text is stripped again here, so rows written any other way cannot reorder a document.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from assistant.errors import NotFoundError, UnknownForumError
from assistant.forum.inputs import strip_unsafe
from assistant.forum.tallies import tally
from assistant.forum.teams import Decision, Team
from assistant.forum.vocabulary import IdeaStatus, PollStatus
from assistant.reports.snapshot import ForumSnapshot
from assistant.store import queries
from assistant.store.database import Store
from assistant.store.indicators import indicators, links
from assistant.store.teams import reported_since, teams
from assistant.store.work_plan import work_plan


def read_snapshot(store: Store, forum_id: int) -> ForumSnapshot:
    """Everything the documents need; an unknown forum is an `UnknownForumError`."""
    with store.read() as session:
        try:
            forum = queries.get_forum(session, forum_id)
        except NotFoundError:
            raise UnknownForumError(forum_id=forum_id) from None
        polls = [replace(p, title=strip_unsafe(p.title),
                         options=tuple(replace(o, label=strip_unsafe(o.label)) for o in p.options))
                 for p in queries.polls(session, forum_id)]
        stored = indicators(session, forum_id)
        names = {item.id: strip_unsafe(item.indicator.name) for item in stored}
        linked = {idea: tuple(names[i] for i in ids) for idea, ids in links(session, forum_id).items()}
        return ForumSnapshot(
            forum=replace(forum, title=strip_unsafe(forum.title), locality=strip_unsafe(forum.locality)),
            participants=tuple(replace(p, display_name=p.display_name and strip_unsafe(p.display_name))
                               for p in queries.participants(session, forum_id)),
            ideas=tuple(replace(i, text=strip_unsafe(i.text))
                        for i in queries.ideas(session, forum_id, statuses=tuple(IdeaStatus))),
            polls=tuple(polls),
            ballots={poll.id: tuple(queries.ballots(session, forum_id, poll.id)) for poll in polls},
            work_plan=work_plan(session, forum_id),
            notes=tuple(replace(n, text=strip_unsafe(n.text)) for n in queries.notes(session, forum_id)),
            indicators=tuple(replace(i.indicator, name=strip_unsafe(i.indicator.name),
                                     unit=strip_unsafe(i.indicator.unit), source=strip_unsafe(i.indicator.source))
                             for i in stored),
            indicator_links=linked,
            teams=tuple(_clean_team(replace(team, decisions=_decisions(session, team.meetings_forum_id)))
                        for team in teams(session, forum_id)),
            reported_since=reported_since(session, forum_id, datetime.now(UTC).date()),
        )



DECISION_LEADERS = 3


def _decisions(session, meetings_forum_id: int | None) -> tuple[Decision, ...]:
    """What the team's own meetings decided: each closed vote with its leading options, and the
    lead's notes, oldest first."""
    if meetings_forum_id is None:
        return ()
    found = []
    for poll in queries.polls(session, meetings_forum_id):
        if poll.status is not PollStatus.CLOSED:
            continue
        result = tally(poll, queries.ballots(session, meetings_forum_id, poll.id))
        found.append((poll.closed_at, Decision(
            meeting=poll.meeting_number, title=strip_unsafe(poll.title), on=poll.closed_at.date() if poll.closed_at else None,
            leaders=tuple(strip_unsafe(label) for label, _ in result.leaders(DECISION_LEADERS)), voters=result.voters)))
    for note in queries.notes(session, meetings_forum_id):
        found.append((note.created_at, Decision(meeting=note.meeting_number, title=strip_unsafe(note.text),
                                                on=note.created_at.date())))
    never = datetime.max.replace(tzinfo=UTC)  # a vote closed without a time (none is) goes last
    return tuple(decision for _, decision in sorted(found, key=lambda pair: pair[0] or never))


def _clean_team(team: Team) -> Team:
    return replace(
        team, name=strip_unsafe(team.name), lead_name=team.lead_name and strip_unsafe(team.lead_name),
        members=tuple(replace(m, name=m.name and strip_unsafe(m.name)) for m in team.members),
        targets=tuple(replace(t, name=strip_unsafe(t.name), unit=strip_unsafe(t.unit),
                              points=tuple(replace(p, note=strip_unsafe(p.note)) for p in t.points))
                      for t in team.targets),
        investments=tuple(replace(i, note=strip_unsafe(i.note)) for i in team.investments))
