"""Who the console names as maybe flooding: one person, or one device joined as many."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from assistant.forum.floods import IDENTITIES, PERSON_IDEAS, floods
from assistant.forum.records import IdeaRecord, ParticipantRecord
from assistant.forum.vocabulary import IdeaKind, IdeaStatus, Sector

NOW = datetime(2026, 12, 6, 18, 0, tzinfo=UTC)


def person(pid: int, device: str | None) -> ParticipantRecord:
    return ParticipantRecord(id=pid, forum_id=1, display_name=None, sector=Sector.RESIDENTS, language="he",
                             joined_at=NOW, last_seen_at=NOW, device=device)


def ideas_of(pid: int, count: int, start: int = 0, status: IdeaStatus = IdeaStatus.VISIBLE) -> list[IdeaRecord]:
    return [IdeaRecord(id=pid * 1000 + start + n, forum_id=1, meeting_number=2, step_id=1, participant_id=pid,
                       kind=IdeaKind.CHALLENGE, text=f"{pid}/{n}", status=status, merged_into_id=None,
                       created_at=NOW + timedelta(seconds=start + n), updated_at=NOW)
            for n in range(count)]


def test_one_person_with_many_ideas_is_named_alone():
    people = {1: person(1, "a"), 2: person(2, "b")}
    [flood] = floods(ideas_of(1, PERSON_IDEAS) + ideas_of(2, 3), people)
    assert flood.participant_ids == (1,) and flood.ideas == PERSON_IDEAS and not flood.one_device
    assert flood.last_idea.text == f"1/{PERSON_IDEAS - 1}"
    assert floods(ideas_of(1, PERSON_IDEAS - 1), people) == []
    assert floods(ideas_of(1, PERSON_IDEAS, status=IdeaStatus.HIDDEN), people) == []  # already dealt with


def test_one_phone_rejoining_as_many_people_is_named_with_all_of_them():
    """The attack seen: one client without its cookie joined as 15 and sent 210 ideas, 14 each."""
    people = {pid: person(pid, "bot") for pid in range(1, 16)}
    people[99] = person(99, "someone else")
    sent = [i for pid in range(1, 16) for i in ideas_of(pid, 14)] + ideas_of(99, 3)
    [flood] = floods(sent, people)
    assert flood.participant_ids == tuple(range(1, 16)) and flood.ideas == 210 and flood.one_device


def test_a_room_on_one_wifi_sending_as_people_do_is_not_named():
    """Sixty people behind one address, many with the same phone: two or three ideas each."""
    people = {pid: person(pid, "same iphone") for pid in range(1, 9)}
    assert len(people) < IDENTITIES
    sent = [i for pid in people for i in ideas_of(pid, 3)]
    assert floods(sent, people) == []


def test_many_people_joined_from_one_device_are_named_even_before_they_send():
    people = {pid: person(pid, "bot") for pid in range(1, IDENTITIES + 1)}
    [flood] = floods([], people)
    assert len(flood.participant_ids) == IDENTITIES and flood.ideas == 0 and flood.last_idea is None
    people = {pid: person(pid, None) for pid in range(1, 30)}  # devices not known: nobody grouped
    assert floods([], people) == []
