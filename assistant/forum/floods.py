"""Who may be flooding the forum: one person sending too many ideas, or one device joining as
many people (a phone that drops its cookie and joins again and again).

Participants are grouped by the device they joined from (see `forum.guard.Client.device`); a
participant with no device known is a group of one. A group is flagged when one of its people
has `PERSON_IDEAS` ideas on the wall, when it sends like a few people pretending to be many
(`GROUP_IDEAS` ideas and `IDEAS_EACH` each on average), or when `IDENTITIES` people joined
from it. A room on one Wi-Fi behind a remote server can look like one device to it: the
console says so and leaves the call to the facilitator, who knows who is in the room.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from assistant.forum.records import IdeaRecord, ParticipantRecord
from assistant.forum.vocabulary import IdeaStatus

PERSON_IDEAS = 15  # on the wall at one meeting, from one participant
GROUP_IDEAS = 15  # from one device's participants together ...
IDEAS_EACH = 5  # ... at this many each on average (people in a room send two or three)
IDENTITIES = 10  # participants who joined from one device


@dataclass(frozen=True)
class Flood:
    participant_ids: tuple[int, ...]  # in joining order
    ideas: int  # on the wall at the meeting
    last_idea: IdeaRecord | None
    one_device: bool  # several people, joined from one device

    @property
    def key(self) -> str:
        """Names the group in widget keys: its first participant (groups never share one) and its size."""
        return f"{self.participant_ids[0]}-{len(self.participant_ids)}"


def floods(ideas: Iterable[IdeaRecord], people: Mapping[int, ParticipantRecord]) -> list[Flood]:
    """The groups to flag, the most ideas first; `ideas` are one meeting's."""
    on_wall = [i for i in ideas if i.status is IdeaStatus.VISIBLE and i.participant_id is not None]
    groups: dict[str, list[int]] = defaultdict(list)
    for pid in sorted(people):
        device = people[pid].device
        groups[f"device:{device}" if device else f"person:{pid}"].append(pid)
    per_person: dict[int, list[IdeaRecord]] = defaultdict(list)
    for idea in on_wall:
        per_person[idea.participant_id].append(idea)
    for pid in per_person.keys() - people.keys():  # ideas of someone not listed: a group of one
        groups[f"person:{pid}"].append(pid)
    found = []
    for members in groups.values():
        sent = sorted((i for pid in members for i in per_person.get(pid, ())), key=lambda i: (i.created_at, i.id))
        most = max((len(per_person.get(pid, ())) for pid in members), default=0)
        flagged = (most >= PERSON_IDEAS
                   or (len(members) > 1 and len(sent) >= GROUP_IDEAS and len(sent) >= IDEAS_EACH * len(members))
                   or len(members) >= IDENTITIES)
        if flagged:
            found.append(Flood(participant_ids=tuple(members), ideas=len(sent), last_idea=sent[-1] if sent else None,
                               one_device=len(members) > 1))
    return sorted(found, key=lambda f: (-f.ideas, -len(f.participant_ids), f.participant_ids))
