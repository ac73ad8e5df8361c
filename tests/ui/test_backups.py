"""The sidebar's word for how long ago the automatic backup was saved."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assistant.ui.backups import backup_age


@pytest.mark.parametrize("age, said", [
    (timedelta(seconds=59), "גיבוי אוטומטי: נשמר עכשיו"),
    (timedelta(minutes=1, seconds=30), "גיבוי אוטומטי: נשמר לפני דקה"),
    (timedelta(minutes=2), "גיבוי אוטומטי: נשמר לפני שתי דקות"),
    (timedelta(minutes=59), "גיבוי אוטומטי: נשמר לפני 59 דקות"),
    (timedelta(minutes=60), "גיבוי אוטומטי: נשמר לפני שעה"),
    (timedelta(hours=47, minutes=59), "גיבוי אוטומטי: נשמר לפני 47 שעות"),
    (timedelta(days=2), "גיבוי אוטומטי: נשמר לפני יומיים"),
    (timedelta(days=15), "גיבוי אוטומטי: נשמר לפני 15 ימים"),
    (timedelta(seconds=-5), "גיבוי אוטומטי: נשמר עכשיו"),  # a clock a little behind the file's stamp
])
def test_backup_age_in_minutes_then_hours_then_days(age, said):
    assert backup_age(age) == said
