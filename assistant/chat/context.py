"""Where the room stands, as the assistant sees it: the current meeting and
step (with its playbook card), the ideas the step works on, the forum's polls
with their results, the room's count and the facilitator's notes. Everything works
without a forum too."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from assistant.forum.attendance import Attendance
from assistant.forum.clock import StepTime
from assistant.forum.records import ForumRecord, IdeaRecord, NoteRecord, PollRecord, StepRecord
from assistant.forum.vocabulary import IdeaKind, IdeaStatus, PollStatus, Sector, VotingMethod
from assistant.i18n import translate
from assistant.playbook.cards import StepCard, step_card
from assistant.playbook.models import Playbook

if TYPE_CHECKING:
    from assistant.store.database import Store

POLL_TOP = 5


@dataclass(frozen=True)
class PollView:
    """A poll of the forum with its leading options (label, score), best first."""

    id: int
    title: str
    method: VotingMethod
    status: PollStatus
    step_id: int | None
    voters: int  # by phone
    leaders: tuple[tuple[str, float], ...] = ()
    paper_voters: int = 0  # people who voted on paper (stickers or slips), in the leaders' scores
    meeting: int | None = None
    score_unit: str = ""  # what its scores count (PollRecord.score_unit)

    @property
    def voted(self) -> bool:
        return bool(self.voters or self.paper_voters)


@dataclass(frozen=True)
class ForumContext:
    language: str
    forum: ForumRecord | None = None
    step: StepRecord | None = None
    card: StepCard | None = None
    next_step: StepRecord | None = None
    next_card: StepCard | None = None
    # The kind of idea the current step gathers, votes on or shows, and those ideas (this meeting, visible).
    focus_kind: IdeaKind | None = None
    ideas: tuple[IdeaRecord, ...] = ()
    polls: tuple[PollView, ...] = ()  # every meeting's, in the order they were made
    participants: int = 0
    step_time: StepTime | None = None  # how long the room has been on the step, if its clock runs
    in_room: Attendance | None = None  # the meeting's count in the room, if the facilitator made one
    notes: tuple[NoteRecord, ...] = ()  # the facilitator's notes of this meeting
    forum_ideas: tuple[IdeaRecord, ...] = ()  # every meeting's visible ideas, oldest first
    took_part: Mapping[int, int] = field(default_factory=dict)  # by meeting: people who used a phone
    joined: Mapping[Sector, int] = field(default_factory=dict)  # participants by sector, largest first

    @property
    def has_forum(self) -> bool:
        return self.forum is not None

    @property
    def meeting(self) -> int | None:
        return self.step.meeting_number if self.step else None

    def poll_for_step(self) -> PollView | None:
        """The newest poll created during the current step."""
        if self.step is None:
            return None
        return next((p for p in reversed(self.polls) if p.step_id == self.step.id), None)


def progress_lines(context: ForumContext) -> list[str]:
    """How the current step is going, in the context's language: time on it against the plan
    (while its clock runs) and the ideas gathered so far (when it works on a kind of idea)."""
    say = lambda key, **kw: translate(key, context.language, **kw)  # noqa: E731
    lines: list[str] = []
    spent = context.step_time
    if spent is not None:
        lines.append(say("chat.state.clock_over" if spent.overrun else "chat.state.clock",
                         elapsed=spent.elapsed // 60, count=spent.planned // 60))
    if context.focus_kind is not None:
        lines.append(say("chat.state.ideas", count=len(context.ideas), kind=say(f"kind.{context.focus_kind}")))
    return lines


def no_forum(language: str) -> ForumContext:
    return ForumContext(language=language)


def card_of(playbook: Playbook, forum: ForumRecord, step: StepRecord | None,
            language: str) -> StepCard | None:
    if step is None:
        return None
    try:
        return step_card(playbook, step.meeting_number, step.key, language, forum.domain)
    except KeyError:  # the playbook no longer has this step
        return None


def following_step(forum: ForumRecord, step: StepRecord | None) -> StepRecord | None:
    steps = forum.steps
    if step is None:
        return steps[0] if steps else None
    index = next(i for i, s in enumerate(steps) if s.id == step.id)
    return steps[index + 1] if index + 1 < len(steps) else None


def _phone_kind(phone: dict) -> str | None:
    return phone.get("kind") or (phone.get("poll") or {}).get("kind")


def focus_kind(forum: ForumRecord, step: StepRecord | None) -> IdeaKind | None:
    """What the step works on; a results step works on what the step it shows gathered."""
    if step is None:
        return None
    kind = _phone_kind(step.phone)
    source = step.phone.get("results_of")
    if kind is None and source:
        same_meeting = (s for s in forum.steps if s.meeting_number == step.meeting_number)
        shown = next((s for s in same_meeting if s.key == source), None)
        kind = _phone_kind(shown.phone) if shown else None
    return IdeaKind(kind) if kind else None


def poll_view(poll: PollRecord, result) -> PollView:
    return PollView(id=poll.id, title=poll.title, method=poll.method, status=poll.status,
                    step_id=poll.step_id, voters=result.voters - result.paper_voters,
                    leaders=result.leaders(POLL_TOP), paper_voters=result.paper_voters, meeting=poll.meeting_number,
                    score_unit=poll.score_unit)


def read_context(store: Store, playbook: Playbook, forum_id: int, language: str,
                 now: datetime | None = None) -> ForumContext:
    """The context of one forum, read in one transaction (NotFoundError if there is none)."""
    # The store and the tallies load with a forum's context, not with every question (`ask`).
    from assistant.forum.tallies import tally
    from assistant.store import queries

    with store.read() as session:
        forum = queries.get_forum(session, forum_id)
        step = forum.current_step
        kind = focus_kind(forum, step)
        meeting = step.meeting_number if step else None
        every_idea = queries.ideas(session, forum_id, statuses=tuple(IdeaStatus))
        people = queries.participants(session, forum_id)
        took_part = {(i.meeting_number, i.participant_id) for i in every_idea if i.participant_id}
        polls = []
        for poll in queries.polls(session, forum_id):
            ballots = queries.ballots(session, forum_id, poll.id)
            took_part.update((poll.meeting_number, b.participant_id) for b in ballots if not b.on_paper)
            polls.append(poll_view(poll, tally(poll, ballots, people)))
        notes = queries.notes(session, forum_id, meeting=meeting) if meeting else []
    visible = tuple(i for i in every_idea if i.status is IdeaStatus.VISIBLE)
    ideas = [i for i in visible if i.meeting_number == meeting and (kind is None or i.kind is kind)] if meeting else []
    sectors = Counter(p.sector for p in people)
    upcoming = following_step(forum, step)
    return ForumContext(
        language=language, forum=forum, step=step, card=card_of(playbook, forum, step, language),
        next_step=upcoming, next_card=card_of(playbook, forum, upcoming, language), focus_kind=kind,
        ideas=tuple(ideas), polls=tuple(polls), participants=len(people),
        step_time=forum.time_on_step(now or datetime.now(UTC)),
        in_room=forum.attendance(meeting) if meeting else None, notes=tuple(notes), forum_ideas=visible,
        took_part=dict(sorted(Counter(number for number, _ in took_part).items())),
        joined=dict(sectors.most_common()),
    )
