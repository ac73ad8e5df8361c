from __future__ import annotations

from datetime import UTC, date, datetime

from assistant.forum.records import ForumRecord, MeetingRecord, StepRecord

NOW = datetime(2026, 11, 21, 18, 30, tzinfo=UTC)


def test_the_upcoming_meeting_is_the_next_dated_one_unless_the_room_meets_today():
    def forum(current: int, *dates):
        meetings = tuple(MeetingRecord(id=n, number=n, scheduled_on=d,
                                       steps=(StepRecord(id=10 * n, meeting_number=n, position=0, key="k", minutes=5),))
                         for n, d in enumerate(dates, start=1))
        return ForumRecord(id=1, title="t", locality="l", domain="stem", language="he", join_code="C",
                           created_at=NOW, current_step_id=10 * current, collecting_kind=None, has_pin=False,
                           meetings=meetings)

    dec = [date(2026, 12, d) for d in (3, 10, 17, 24)]
    assert forum(1, *dec).upcoming_meeting(date(2026, 12, 1)).number == 1
    assert forum(1, *dec).upcoming_meeting(dec[0]) is None  # meeting day
    assert forum(1, *dec).upcoming_meeting(date(2026, 12, 4)).number == 2  # still on meeting 1's last step
    assert forum(2, dec[0], None, dec[2], None).upcoming_meeting(date(2026, 12, 4)).number == 3
    assert forum(3, dec[0], dec[1], None, None).upcoming_meeting(date(2026, 12, 1)) is None  # earlier ones only
    assert forum(1, None, None, None, None).upcoming_meeting(dec[0]) is None
