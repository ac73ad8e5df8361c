"""Facts about the forum itself: when meetings took place, who took part, by sector."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from assistant.forum.vocabulary import Sector
from assistant.playbook.models import Playbook
from assistant.reports.document import Table
from assistant.reports.outputs import domain_label
from assistant.reports.snapshot import ForumSnapshot
from assistant.reports.wording import Wording


def meeting_date(snapshot: ForumSnapshot, number: int, say: Wording) -> str | None:
    """The scheduled date, else the days anything was sent or cast; None if unknown."""
    meeting = next((m for m in snapshot.forum.meetings if m.number == number), None)
    if meeting is not None and meeting.scheduled_on:
        return say.date(meeting.scheduled_on)
    days = snapshot.activity_dates(number)
    return say.date_range(*days) if days else None


def in_room(snapshot: ForumSnapshot, number: int, say: Wording) -> str | None:
    """How many the facilitator counted in the room; None (to complete) if nobody did."""
    counted = snapshot.forum.attendance(number)
    return say.number(counted.total) if counted else None


def forum_dates(snapshot: ForumSnapshot, say: Wording) -> str | None:
    days = [d for n in range(1, 5) for d in (snapshot.activity_dates(n) or ())]
    days += [m.scheduled_on for m in snapshot.forum.meetings if m.scheduled_on]
    return say.date_range(min(days), max(days)) if days else None


def meetings_held(snapshot: ForumSnapshot) -> list[int]:
    return [m.number for m in snapshot.forum.meetings if snapshot.held(m.number)]


def sector_table(participant_ids: Iterable[int], snapshot: ForumSnapshot, say: Wording,
                 heading: str) -> Table:
    """Participants by sector (largest first) with a total row."""
    counts = Counter(snapshot.sector_of(pid) or Sector.OTHER.value for pid in participant_ids)
    order = sorted(counts, key=lambda s: (-counts[s], list(Sector).index(Sector(s))))
    rows = [[say.sector(sector), say.number(counts[sector])] for sector in order]
    rows.append([say("report.total"), say.number(sum(counts.values()))])
    return Table([say("field.sector"), heading], rows, widths=(3, 1))


def meetings_table(snapshot: ForumSnapshot, playbook: Playbook, say: Wording) -> Table:
    """One row per meeting: title, date, how many took part, ideas sent, votes held."""
    label = domain_label(playbook, snapshot)
    rows = []
    for meeting in playbook.meetings:
        number = meeting.number
        held = snapshot.held(number)
        rows.append([
            str(number),
            meeting.title.render(snapshot.language, label),
            meeting_date(snapshot, number, say) if held else say("report.not_held"),
            in_room(snapshot, number, say) or "–",
            say.number(len(snapshot.took_part(number))),
            say.number(len(snapshot.visible(number))),
            say.number(len(snapshot.polls_of(number))),
        ])
    return Table([say("report.meeting"), say("report.meeting_title"), say("report.date"), say("report.in_room"),
                  say("report.took_part"), say("report.ideas"), say("report.polls")], rows,
                 widths=(1.1, 4.4, 2.2, 1.3, 1.4, 1.3, 1.3))
