"""Meeting summaries: attendance, ideas by kind, polls with results, decisions."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.exports.reading import read_snapshot
from assistant.reports.document import Heading, KeyValue, Paragraph, Table
from assistant.reports.summary import meeting_summary
from assistant.store import commands
from tests.reports.texts import all_text, of_type, under


def phone_attendance(document) -> str:
    """The paragraph on who took part from a phone (the room's own count comes before it)."""
    return next(p.text for p in of_type(under(document, "נוכחות", level=1), Paragraph) if "מהטלפון" in p.text)


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_summary_of_each_meeting(demo_snapshot, playbook, number):
    document = meeting_summary(demo_snapshot, playbook, number)
    assert document.title == f"סיכום מפגש {number}"
    assert document.subtitle == playbook.meetings[number - 1].title.render("he", "STEM ומיומנויות המאה ה-21")
    took_part = demo_snapshot.took_part(number)
    attendance = phone_attendance(document)
    assert attendance.startswith(f"{len(took_part)} משתתפים")
    assert f"מתוך {len(demo_snapshot.participants)}" in attendance
    ideas = of_type(under(document, "רעיונות לפי סוג", level=1), Table)[0]
    kinds = Counter(i.kind for i in demo_snapshot.ideas if i.meeting_number == number)
    assert sum(int(row[1]) for row in ideas.rows) == sum(kinds.values())
    polls = under(document, "הצבעות ותוצאות", level=1)
    for poll in demo_snapshot.polls_of(number):
        result = demo_snapshot.results[poll.id]
        tables = [t for t in of_type(polls, Table) if t.columns[1] == "אפשרות"]
        assert any([row[1] for row in t.rows] == list(result.table["label"]) for t in tables)
    decisions = of_type(under(document, "החלטות", level=1), Table)[0]
    outputs = playbook.meetings[number - 1].outputs
    assert len(decisions.rows) == len(outputs)
    for output, row in zip(outputs, decisions.rows, strict=True):
        assert row[2].startswith(f"מקור: מפגש {number}")
        assert row[1].startswith("1. ") if output.ranked else "נאספו" in row[1]


def test_a_meeting_not_held_yet_is_summarised_honestly(new_forum, playbook):
    store, created = new_forum()
    document = meeting_summary(read_snapshot(store, created.forum.id), playbook, 3)
    facts = dict(of_type(document.blocks, KeyValue)[0].pairs)
    assert facts["תאריך"] is None and facts["השתתפו"] == "0"
    attendance = phone_attendance(document)
    assert attendance.startswith("אף משתתף עוד לא לקח חלק במפגש הזה")
    assert any(b.style == "placeholder" for b in of_type(under(document, "רעיונות לפי סוג"), Paragraph))
    assert "במפגש הזה לא התקיימה הצבעה." in all_text(document)
    decisions = of_type(under(document, "החלטות", level=1), Table)[0]
    assert all(row[1] is None for row in decisions.rows)
    assert sum(isinstance(b, Heading) for b in document.blocks) >= 5


@pytest.mark.parametrize("language, attendance, poll_line", [
    ("he", "משתתף אחד לקח חלק במפגש הזה", "מצביע אחד · 2 אפשרויות"),
    ("ar", "شارك مشارك واحد في هذا اللقاء", "مصوّت واحد · خياران"),
    ("en", "1 participant took part", "1 voter · 2 options"),
])
def test_one_person_is_counted_in_the_singular(new_forum, playbook, language, attendance, poll_line):
    store, created = new_forum(language)
    fid = created.forum.id
    person = commands.join(store, join_code=created.forum.join_code, sector="residents", language=language,
                           display_name="נועה").participant
    step = {s.key: s.id for s in created.forum.steps}
    commands.go_to_step(store, fid, step["m2-root-problems"])
    commands.open_collection(store, fid, "challenge")
    ideas = [commands.add_idea(store, fid, text, participant_id=person.id).idea for text in ("נשירה", "הסעות")]
    commands.close_collection(store, fid)
    commands.go_to_step(store, fid, step["m2-rank"])
    poll = commands.create_poll(store, fid, title="m2-rank", method="ranking", idea_ids=[i.id for i in ideas],
                                params={"top_n": 2}, anonymous=True, open_now=True)
    commands.cast_ballot(store, fid, poll.id, person.id, [o.id for o in poll.options])
    document = meeting_summary(read_snapshot(store, fid), playbook, 2)
    text = all_text(document)
    assert attendance in text and poll_line in text


def test_the_summary_says_how_many_ideas_the_facilitator_typed_in_from_the_room(new_forum, playbook):
    store, created = new_forum()
    fid = created.forum.id
    commands.go_to_step(store, fid, next(s.id for s in created.forum.steps if s.key == "m2-root-problems"))
    commands.open_collection(store, fid, "challenge")
    person = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he").participant
    commands.add_idea(store, fid, "מהטלפון", participant_id=person.id)
    commands.add_room_ideas(store, fid, "מהלוח\nמהשולחן", "challenge")
    snapshot = read_snapshot(store, fid)
    notes = [b.text for b in under(meeting_summary(snapshot, playbook, 2), "רעיונות לפי סוג", level=1)
             if isinstance(b, Paragraph) and b.style == "note"]
    assert notes == ["2 מהם הוקלדו בידי המנחה ממה שעלה בחדר בלי טלפון."]
    table = of_type(under(meeting_summary(snapshot, playbook, 2), "רעיונות לפי סוג", level=1), Table)[0]
    assert table.rows[0][:2] == ("אתגר", "3")
    english = all_text(meeting_summary(snapshot.in_language("en"), playbook, 2))
    assert "2 of them were typed in by the facilitator from what the room said without phones." in english


def test_the_summary_gives_the_rooms_count_beside_the_phones(new_forum, playbook):
    store, created = new_forum()
    commands.record_attendance(store, created.forum.id, 2, 40, {"residents": 18, "ngo": 7})
    snapshot = read_snapshot(store, created.forum.id)
    counted = meeting_summary(snapshot, playbook, 2)
    assert dict(of_type(counted.blocks, KeyValue)[0].pairs)["נכחו בחדר"] == "40"
    section = under(counted, "נוכחות", level=1)
    assert of_type(section, Paragraph)[0].text == "לפי ספירת המנחה נכחו בחדר 40 אנשים."
    assert of_type(section, Table)[0].rows == (("תושבים", "18"), ("ארגוני חברה אזרחית", "7"),
                                               ("לא נספרו לפי מגזר", "15"), ('סה"כ', "40"))
    not_counted = meeting_summary(snapshot, playbook, 3)
    assert dict(of_type(not_counted.blocks, KeyValue)[0].pairs)["נכחו בחדר"] is None  # to complete
    first = of_type(under(not_counted, "נוכחות", level=1), Paragraph)[0]
    assert first.style == "placeholder" and "לא נרשם" in first.text
    arabic = all_text(meeting_summary(snapshot.in_language("ar"), playbook, 2))
    assert "حسب عدّ الميسّر حضر في القاعة 40 شخصًا." in arabic


def test_the_summary_ends_with_the_facilitators_notes_under_their_steps(new_forum, playbook):
    store, created = new_forum()
    fid = created.forum.id
    commands.go_to_step(store, fid, next(s.id for s in created.forum.steps if s.key == "m2-rank"))
    commands.add_note(store, fid, "הקבוצה ביקשה לאחד שני אתגרים")
    commands.add_note(store, fid, "לבדוק נתוני נשירה עם הפיקוח")
    snapshot = read_snapshot(store, fid)
    rank = next(s for s in playbook.meetings[1].steps if s.id == "m2-rank").title.render("he", "הנוער")
    notes = under(meeting_summary(snapshot, playbook, 2), "הערות המנחה", level=1)
    assert notes[0].items == (f"{rank}: הקבוצה ביקשה לאחד שני אתגרים", f"{rank}: לבדוק נתוני נשירה עם הפיקוח")
    none = under(meeting_summary(snapshot, playbook, 3), "הערות המנחה", level=1)
    assert [(b.text, b.style) for b in none] == [("המנחה לא רשם הערות במפגש הזה.", "note")]


def test_a_vote_partly_on_paper_says_so_and_shows_the_paper_dots(new_forum, playbook):
    store, created = new_forum()
    fid = created.forum.id
    commands.go_to_step(store, fid, next(s.id for s in created.forum.steps if s.key == "m2-rank"))
    poll = commands.create_poll(store, fid, title="עדיפויות", method="dots", labels=["הסעות", "נשירה"],
                                params={"budget": 3, "cap": 2}, open_now=True)
    person = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he").participant
    commands.cast_ballot(store, fid, poll.id, person.id, {poll.options[0].id: 2})
    commands.record_paper_votes(store, fid, poll.id, 3, {poll.options[1].id: 5, poll.options[0].id: 1})
    snapshot = read_snapshot(store, fid)
    section = under(meeting_summary(snapshot, playbook, 2), "עדיפויות", level=2)
    lines = [p.text for p in of_type(section, Paragraph)]
    assert "4 מצביעים" in lines[0]  # one phone and three on paper
    assert lines[1] == "מתוכם 3 הצביעו על נייר; נקודות על נייר: 6."
    table = of_type(section, Table)[0]
    assert table.columns[2:5] == ("נקודות", "מהן על נייר", "מצביעים בטלפון")
    assert [row[1:5] for row in table.rows] == [("נשירה", "5", "5", "0"), ("הסעות", "3", "1", "1")]
    english = all_text(meeting_summary(snapshot.in_language("en"), playbook, 2))
    assert "Of them, 3 people voted on paper; dots on paper: 6." in english


def test_a_ranking_partly_on_paper_slips_says_so_and_counts_them_as_voters(new_forum, playbook):
    store, created = new_forum()
    fid = created.forum.id
    commands.go_to_step(store, fid, next(s.id for s in created.forum.steps if s.key == "m2-rank"))
    poll = commands.create_poll(store, fid, title="דירוג", method="ranking", labels=["הסעות", "נשירה"],
                                params={"top_n": 2}, open_now=True)
    a, b = (o.id for o in poll.options)
    person = commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he").participant
    commands.cast_ballot(store, fid, poll.id, person.id, [a, b])
    for _ in range(2):
        commands.add_paper_ballot(store, fid, poll.id, [b, a])
    snapshot = read_snapshot(store, fid)
    section = under(meeting_summary(snapshot, playbook, 2), "דירוג", level=2)
    lines = [p.text for p in of_type(section, Paragraph)]
    assert "3 מצביעים" in lines[0] and lines[1] == "מתוכם 2 הצביעו על נייר (פתקים שהוקלדו במסוף)."
    table = of_type(section, Table)[0]
    assert "מהן על נייר" not in table.columns and "מצביעים בטלפון" not in table.columns
    assert [row[1:3] for row in table.rows] == [("נשירה", "5"), ("הסעות", "4")]
    arabic = all_text(meeting_summary(snapshot.in_language("ar"), playbook, 2))
    assert "منهم مشاركان صوّتا على الورق (ورقتان أُدخلتا في لوحة الميسّر)." in arabic
