from __future__ import annotations

from datetime import UTC, datetime, timedelta

from assistant.forum.clock import STALE_AFTER, StepTime, duration, step_time

NOW = datetime(2026, 11, 21, 18, 30, tzinfo=UTC)


def test_time_left_on_a_step():
    spent = step_time(NOW - timedelta(minutes=4, seconds=12), 15, NOW)
    assert spent == StepTime(elapsed=252, planned=900)
    assert (spent.remaining, spent.overrun) == (648, 0)
    assert spent.minutes_left == 11  # rounded up: 10:48 is "11 minutes left"
    assert step_time(NOW - timedelta(minutes=14), 15, NOW).minutes_left == 1


def test_time_over_a_step():
    spent = step_time(NOW - timedelta(minutes=17, seconds=5), 15, NOW)
    assert (spent.remaining, spent.overrun) == (0, 125)


def test_a_clock_never_started_or_left_running_since_an_earlier_meeting_is_not_shown():
    assert step_time(None, 15, NOW) is None
    assert step_time(NOW - STALE_AFTER - timedelta(seconds=1), 15, NOW) is None
    assert step_time(NOW - STALE_AFTER, 15, NOW) is not None


def test_a_clock_started_a_moment_ahead_reads_zero():
    # another machine's clock, a second ahead
    assert step_time(NOW + timedelta(seconds=1), 15, NOW).elapsed == 0


def test_durations_read_as_minutes_and_seconds():
    assert [duration(s) for s in (0, 5, 65, 600, 3599, 3600, 3725, -3)] == \
        ["0:00", "0:05", "1:05", "10:00", "59:59", "1:00:00", "1:02:05", "0:00"]

