"""What a participant may still do with an idea they sent.

An author may reword or withdraw their idea while the room is still collecting
it: the same step, the same kind, the collection open. Not once the facilitator
has hidden or merged it, nor once it is an option of a poll (ballots would then
be for words no one voted on).
"""

from __future__ import annotations

from enum import StrEnum

from assistant.forum.records import ForumRecord, IdeaRecord
from assistant.forum.vocabulary import IdeaStatus


class IdeaLock(StrEnum):
    WITHDRAWN = "withdrawn"  # its author withdrew it already
    MODERATED = "moderated"  # the facilitator hid or merged it
    IN_POLL = "in_poll"  # it is an option of a poll
    CLOSED = "closed"  # the collection it was sent to is over


def author_lock(idea: IdeaRecord, forum: ForumRecord, *, in_poll: bool) -> IdeaLock | None:
    """Why the author may no longer change `idea`, or None while they may."""
    if idea.status is IdeaStatus.WITHDRAWN:
        return IdeaLock.WITHDRAWN
    if idea.status is not IdeaStatus.VISIBLE:
        return IdeaLock.MODERATED
    if in_poll:
        return IdeaLock.IN_POLL
    if forum.collecting_kind is not idea.kind or forum.current_step_id != idea.step_id:
        return IdeaLock.CLOSED
    return None
