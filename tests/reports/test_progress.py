"""After the forum, in the documents: each team's part of the work plan and the progress report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from assistant.forum.teams import ControlPoint, Investment, Target, Team
from assistant.reports.document import Heading, Image, Table
from assistant.reports.progress import progress_report
from assistant.reports.work_plan import collective_work_plan
from assistant.word.writer import render
from tests.reports.texts import all_text, of_type, under


def _team(snapshot):
    return snapshot.teams[0]


def test_each_focus_area_with_a_team_carries_its_targets_planned_against_actual(demo_snapshot, playbook):
    team = _team(demo_snapshot)
    document = collective_work_plan(demo_snapshot, playbook)
    part = under(document, f"הצוות המקצועי: {team.name}", level=2)
    targets = next(t for t in of_type(part, Table) if t.columns[0] == "יעד")
    assert targets.columns == ("יעד", "צומת בקרה", "מתוכנן", "בפועל", "נמדד", "סטטוס")
    first = team.targets[0]
    assert targets.rows[0][0].startswith(f"{first.name} (בסיס: 17%")
    assert targets.rows[0][3] == f"{first.points[0].actual:g}%"  # measured today
    assert {row[5] for row in targets.rows[1:3]} == {"טרם הגיע המועד"}
    chart = next(b for b in part if isinstance(b, Image))  # its share of the planned change reached
    assert first.name in chart.alt and "אחוז מהשינוי המתוכנן" in chart.alt
    investments = under(document, "מפת ההשקעות היישובית", level=1)
    totals = of_type(investments, Table)[0]
    assert totals.rows[-1] == ("סך הכול", "", f"{sum(t.budget for t in demo_snapshot.teams):,.0f}")
    assert any(isinstance(b, Image) for b in investments)  # by age stage, birth to employment


def test_a_team_downloads_its_own_part_alone(demo_snapshot, playbook):
    first, second = demo_snapshot.teams
    document = collective_work_plan(demo_snapshot, playbook, team_id=first.id)
    text = all_text(document)
    assert document.title == f"תכנית העבודה של הצוות: {first.name}"
    assert first.targets[0].name in text and second.name not in text
    chapters = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert len(chapters) == 1 and first.name in chapters[0]
    with pytest.raises(KeyError):
        collective_work_plan(demo_snapshot, playbook, team_id=10**6)


def test_the_progress_report_has_every_team_s_targets_planned_and_actual(demo_snapshot, playbook):
    document = progress_report(demo_snapshot, playbook)
    assert document.title == "דוח התקדמות למינהלת"
    summary = of_type(under(document, "תמונת מצב", level=1), Table)[0]
    assert [row[0] for row in summary.rows] == [t.name for t in demo_snapshot.teams]
    for team in demo_snapshot.teams:
        table = of_type(under(document, team.name, level=1), Table)[0]
        for target in team.targets:
            measured = target.points[0]
            row = next(r for r in table.rows if r[0].startswith(target.name))
            assert row[2] and row[3] != "–" and float(row[3].rstrip("%")) == pytest.approx(measured.actual)
    assert "מדידה ראשונה" in all_text(document)
    render(document)  # a Word file


def _team_with(points, today):
    target = Target(1, "נשירה מלימודים", "%", 12, 2022, points=points)
    return Team(id=1, forum_id=1, position=0, name="מניעת נשירה", lead_name="ראש אגף", idea_id=None,
                plan_start=today - timedelta(days=400), link_generation=1, targets=(target,),
                investments=(Investment(1, "youth", None, 1000.0),))


def test_statuses_and_what_is_new_since_the_last_report(demo_snapshot, playbook):
    today = date(2028, 1, 10)
    points = (ControlPoint(1, date(2027, 1, 1), 10, 11.5, date(2027, 1, 3), "לפני הדוח הקודם"),
              ControlPoint(2, date(2027, 12, 31), 6, 8, date(2028, 1, 5), "מדידה חדשה"),
              ControlPoint(3, date(2028, 12, 31), 4))
    snapshot = replace(demo_snapshot, teams=(_team_with(points, today),),
                       taken_at=datetime(2028, 1, 10, 12))
    document = progress_report(snapshot, playbook, since=date(2027, 6, 1))
    text = all_text(document)
    table = of_type(under(document, "מניעת נשירה", level=1), Table)[0]
    # 12% down: 0.5 of 2 points (behind), then 4 of 6 (at risk), the last not yet due
    assert [r[5] for r in table.rows] == ["בפיגור", "בסיכון", "טרם הגיע המועד"]
    assert "מדידה חדשה" in text and "לפני הדוח הקודם" not in text.split("מה נמדד מאז")[1]


def test_a_forum_without_teams_says_how_they_are_formed(demo_snapshot, playbook):
    document = progress_report(replace(demo_snapshot, teams=()), playbook)
    assert "עמוד הצוותים" in all_text(document)


def test_what_the_team_s_meetings_decided_since_the_last_report(demo_snapshot, playbook):
    from assistant.forum.teams import Decision

    today = date(2028, 1, 10)
    team = replace(_team_with((), today), meetings_forum_id=7, decisions=(
        Decision(1, "דירוג בעיות השורש", date(2027, 3, 1), ("אין הסעות", "מעט חוגים"), 9),
        Decision(2, "דירוג היעדים", date(2027, 9, 1), ("25% בתנועות נוער עד 2028",), 11),
        Decision(2, "להזמין את מנהלת המתנס למפגש הבא", date(2027, 9, 1))))
    snapshot = replace(demo_snapshot, teams=(team,), taken_at=datetime(2028, 1, 10, 12))
    text = all_text(progress_report(snapshot, playbook, since=date(2027, 6, 1)))
    decided = text.split("מה החליטו מפגשי הצוות")[1]
    assert "מפגש 2 (01.09.2027): דירוג היעדים: 1. 25% בתנועות נוער עד 2028 (11 מצביעים)" in decided
    assert "מפגש 2 (01.09.2027), הערה: להזמין את מנהלת המתנס למפגש הבא" in decided
    assert "דירוג בעיות השורש" not in decided  # before the last report
    without = replace(team, meetings_forum_id=None, decisions=())
    assert "הצוות עדיין לא קיים מפגשים באפליקציה" in all_text(progress_report(replace(snapshot, teams=(without,)),
                                                                                 playbook))
