"""Questions about the room itself (its votes, the ideas it sent, who took part), answered
from the forum's data rather than the documents."""

from __future__ import annotations

import json

import pytest

from assistant.chat.answer import Basis, Mode
from assistant.chat.context import no_forum, read_context
from assistant.chat.room import (
    asked_kinds,
    asks_for_attendance,
    asks_for_ideas,
    asks_for_results,
    attendance_text,
    ideas_text,
    results_text,
    room_topic,
)
from assistant.forum.vocabulary import IdeaKind
from assistant.i18n import translate
from assistant.store import commands
from tests.chat.conftest import step_id
from tests.conftest import DATA


@pytest.mark.parametrize("question", [
    "מה היו התוצאות של ההצבעה האחרונה?", "מי ניצח?", "מה יצא בהצבעה במפגש השני?", "מה הוחלט בסקר?",
    "What were the results of the vote?", "who won?", "ما نتائج التصويت؟", "من فاز؟",
    "מה החלטנו במפגש השני?", "What did we decide in meeting 1?", "ماذا قررنا؟",
])
def test_questions_about_the_rooms_votes(question):
    assert asks_for_results(question)


@pytest.mark.parametrize("question", [
    "מה תוצאות התשתית?", "איך בונים הצבעה?", "מי זכה באליפות העולם בכדורגל ב-2018?",
    "מי ניצח בבחירות לראשות העיר בשנה שעברה בתל אביב?", "How do we run a vote?",
    "How do we decide which challenges to keep?", "מה מחליטים במפגש השני?",
])
def test_questions_about_the_method_or_anything_else_are_not(question):
    assert not asks_for_results(question)


@pytest.mark.parametrize(("question", "kinds"), [
    ("אילו אתגרים הועלו עד עכשיו?", (IdeaKind.CHALLENGE,)), ("מה האתגרים שעלו?", (IdeaKind.CHALLENGE,)),
    ("מה הרעיונות שעלו במפגש הראשון?", tuple(IdeaKind)), ("כמה חוזקות נאספו?", (IdeaKind.STRENGTH,)),
    ("אילו משימות הציעו המשתתפים?", (IdeaKind.TASK,)), ("מה העקרונות שכתבנו?", (IdeaKind.PRINCIPLE,)),
    ("Which challenges and strengths were raised?", (IdeaKind.CHALLENGE, IdeaKind.STRENGTH)),
    ("What ideas came up in meeting 2?", tuple(IdeaKind)), ("ما التحديات التي طرحت؟", (IdeaKind.CHALLENGE,)),
])
def test_questions_about_the_ideas_the_room_sent(question, kinds):
    assert asks_for_ideas(question) and asked_kinds(question) == kinds and room_topic(question) is Basis.IDEAS


@pytest.mark.parametrize("question", [
    "מה עושים עם האתגרים שעלו?", "איך ממיינים את הרעיונות שעלו?", "מה האתגרים של היישוב?",
    "אילו אתגרים כדאי להעלות?", "How do we group the ideas that came up?", "מה הוחלט על הרעיונות?",
])
def test_questions_about_handling_ideas_are_for_the_documents(question):
    assert not asks_for_ideas(question)


@pytest.mark.parametrize("question", [
    "כמה משתתפים הצטרפו?", "כמה אנשים היו במפגש הקודם?", "כמה אנשים יש בחדר?", "כמה משתתפים היו במפגש השני?",
    "כמה נוכחים היום?", "How many people joined?", "How many participants attended the meeting?",
    "كم مشاركا انضموا؟",
])
def test_questions_about_who_took_part(question):
    assert asks_for_attendance(question) and room_topic(question) is Basis.ATTENDANCE


@pytest.mark.parametrize("question", [
    "כמה אנשים משתתפים במפגש?", "כמה משתתפים צריכים להיות במפגש?", "כמה אנשים אמורים להשתתף בכל צוות מקצועי?",
    "כמה אנשים השתתפו בתוכניות, ומאילו קהילות הם הגיעו?", "How many participants should a meeting have?",
    "כמה משתתפים בפורום עיצוב?",
])
def test_questions_about_how_many_should_take_part_are_for_the_documents(question):
    assert not asks_for_attendance(question)


def test_no_question_of_the_question_files_is_taken_for_one_about_the_room():
    checked = 0
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            question = json.loads(line).get("question") if line.strip() else None
            if question:
                checked += 1
                assert room_topic(question) is None, (path.name, question)
    assert checked >= 400


@pytest.fixture
def voted(playbook_forum, shipped_playbook_for_chat):
    """Meeting 1 voted twice; the room now stands in meeting 2."""
    store, created = playbook_forum
    fid = created.forum.id
    people = [commands.join(store, join_code=created.forum.join_code, sector="ngo", language="he").participant
              for _ in range(3)]
    skills = commands.create_poll(store, fid, title="מיומנויות", method="dots", labels=["יצירתיות", "עבודת צוות"],
                                  open_now=True)
    for person in people:
        commands.cast_ballot(store, fid, skills.id, person.id, {skills.options[1].id: 2, skills.options[0].id: 1})
    commands.record_paper_votes(store, fid, skills.id, 2, {skills.options[0].id: 6})
    commands.close_poll(store, fid, skills.id)
    ranked = commands.create_poll(store, fid, title="עקרונות", method="ranking", labels=["שקיפות", "נגישות"],
                                  params={"top_n": 2}, open_now=True)
    commands.cast_ballot(store, fid, ranked.id, people[0].id, [ranked.options[1].id, ranked.options[0].id])
    commands.go_to_step(store, fid, step_id(created.forum, "m2-root-problems"))
    return lambda language="he": read_context(store, shipped_playbook_for_chat, fid, language)


def test_the_last_vote_of_the_latest_meeting_that_voted(voted):
    assert results_text("מה היו התוצאות של ההצבעה האחרונה?", voted()) == "\n".join([
        "במפגש 2 עוד לא הצביעו. אלה התוצאות של מפגש 1:",
        "",
        "\"עקרונות\" · דירוג · פתוחה · מצביע אחד",
        "1. נגישות · נקודות בורדה: 2",
        "2. שקיפות · נקודות בורדה: 1",
    ])


def test_a_named_meeting_gives_each_of_its_votes_paper_included(voted):
    text = results_text("מה יצא בהצבעות במפגש הראשון?", voted())
    blocks = text.split("\n\n")
    assert blocks[0] == "תוצאות ההצבעות במפגש 1:" and len(blocks) == 3
    assert blocks[1].splitlines() == ["\"מיומנויות\" · הצבעת נקודות · סגורה · 5 מצביעים (מתוכם על נייר: 2)",
                                      "1. יצירתיות · נקודות: 9", "2. עבודת צוות · נקודות: 6"]
    english = results_text("What were the results of the votes in meeting 1?", voted("en")).split("\n\n")
    assert english[1].startswith("“מיומנויות” · dot voting · closed · 5 voters (2 of them on paper)\n1. יצירתיות · Dots: 9")


def test_a_meeting_that_did_not_vote_and_no_forum_say_so(voted):
    assert results_text("מה התוצאות של ההצבעה במפגש השלישי?", voted()).startswith("במפגש 3 עוד לא הצביעו.")
    assert results_text("מי ניצח?", no_forum("he")).startswith("לעוזר אין פורום פתוח")


def test_the_answerers_give_the_results_without_the_documents_or_a_model(voted, offline):
    answer = offline.answer("מי ניצח בהצבעה במפגש הראשון?", voted())
    assert answer.mode is Mode.OFFLINE and answer.citations == () and answer.covered
    assert answer.basis is Basis.RESULTS and answer.as_dict()["basis"] == "results"
    assert answer.text.startswith("תוצאות ההצבעות במפגש 1:") and "1. יצירתיות · נקודות: 9" in answer.text
    assert offline.about_the_room("מה עושים במפגש השני?", voted()) is None


@pytest.fixture
def gathered(playbook_forum, shipped_playbook_for_chat):
    """Meeting 1 sent ideas of three kinds (one hidden, one merged), counted the room and voted
    (on phones, and a slip on paper);
    meeting 2, where the room now stands, sent 14 challenges."""
    store, created = playbook_forum
    fid = created.forum.id
    sectors = ["residents", "residents", "municipality", "ngo"]
    people = [commands.join(store, join_code=created.forum.join_code, sector=sector, language="he").participant
              for sector in sectors]
    commands.open_collection(store, fid, "idea")
    commands.add_idea(store, fid, "מרכז מדע   קהילתי", participant_id=people[0].id)
    hidden = commands.add_idea(store, fid, "פרסומת", participant_id=people[1].id).idea
    commands.hide_idea(store, fid, hidden.id)
    commands.add_idea(store, fid, "שקיפות", kind="principle")
    twin = commands.add_idea(store, fid, "שקיפות!", kind="principle").idea
    kept = commands.add_idea(store, fid, "נגישות", kind="principle").idea
    commands.merge_ideas(store, fid, kept.id, [twin.id])
    commands.record_attendance(store, fid, 1, 30, {"residents": 12})
    poll = commands.create_poll(store, fid, title="עקרונות", method="dots", labels=["א", "ב"], open_now=True)
    commands.cast_ballot(store, fid, poll.id, people[2].id, {poll.options[0].id: 1})
    ranked = commands.create_poll(store, fid, title="סדר", method="ranking", labels=["א", "ב"], open_now=True)
    commands.add_paper_ballot(store, fid, ranked.id, [ranked.options[0].id])  # nobody's phone
    commands.go_to_step(store, fid, step_id(created.forum, "m2-root-problems"))
    commands.open_collection(store, fid, "challenge")
    for n in range(14):
        commands.add_idea(store, fid, f"אתגר {n + 1}", kind="challenge", participant_id=people[3].id)
    return lambda language="he": read_context(store, shipped_playbook_for_chat, fid, language)


def test_the_ideas_of_the_kind_asked_for_in_the_current_meeting(gathered):
    lines = ideas_text("אילו אתגרים הועלו עד עכשיו?", gathered()).split("\n")
    assert lines[:3] == ["מה שעלה במפגש 2:", "", "אתגר (14 פריטים):"]
    assert lines[3:15] == [f"• אתגר {n}" for n in range(1, 13)]
    assert lines[15:] == ["ועוד 2: הרשימה המלאה בלשונית הרעיונות במסוף."]


def test_the_ideas_of_a_named_meeting_kind_by_kind_without_hidden_or_merged_ones(gathered):
    text = ideas_text("מה הרעיונות שעלו במפגש הראשון?", gathered())
    assert text.split("\n\n") == ["מה שעלה במפגש 1:", "רעיון (פריט אחד):\n• מרכז מדע קהילתי",
                                  "עיקרון (2 פריטים):\n• שקיפות\n• נגישות"]
    english = ideas_text("Which principles were raised in the previous meeting?", gathered("en"))
    assert english == "What came up in meeting 1:\n\n2 items (principle):\n• שקיפות\n• נגישות"


def test_a_kind_the_meeting_has_not_sent_comes_from_the_latest_meeting_that_did(gathered):
    assert ideas_text("מה העקרונות שכתבנו?", gathered()).startswith(
        "במפגש 2 עוד לא עלו כאלה (עיקרון). אלה מה שעלה במפגש 1:\n\nעיקרון (2 פריטים):")
    assert ideas_text("אילו חוזקות נאספו?", gathered()).startswith("במפגש 2 עוד לא עלו כאלה (חוזקה).")
    assert ideas_text("אילו משימות הציעו במפגש 3?", gathered()).startswith("במפגש 3 עוד לא עלו כאלה (משימה).")


def test_who_took_part_by_phone_and_in_the_room(gathered):
    assert attendance_text("כמה משתתפים הצטרפו?", gathered()).split("\n") == [
        "הצטרפו לפורום בטלפון 4 משתתפים.",
        "לפי מגזר: תושבים 2, רשות מקומית 1, ארגוני חברה אזרחית 1.",
        "מפגש 1: בחדר 30 לפי ספירת המנחה; 3 השתמשו בטלפון.",  # two sent ideas (one hidden), one voted
        "מפגש 2: בחדר לא נספרו; משתתף אחד השתמש בטלפון.",
        "את מספר הנוכחים בחדר מזינים במסוף, בלשונית ההצטרפות והקישורים: הטלפונים סופרים רק את מי שהשתמש בהם.",
    ]
    previous = attendance_text("כמה אנשים היו במפגש הקודם?", gathered()).split("\n")
    assert previous[2:] == ["מפגש 1: בחדר 30 לפי ספירת המנחה; 3 השתמשו בטלפון."]  # counted: no hint
    assert attendance_text("How many people joined?", gathered("en")).startswith(
        "4 participants joined the forum by phone.\nBy sector: Residents 2,")
    assert translate("chat.attendance.joined", "he", count=0) == "עוד איש לא הצטרף לפורום בטלפון."
    assert translate("chat.attendance.phones", "ar", count=0) == "لم يستخدم أحد الهاتف"
    arabic = attendance_text("كم مشاركا انضموا؟", gathered("ar")).split("\n")
    assert arabic[1].startswith("حسب القطاع: السكان 2، ") and "؛ " in arabic[2]  # Arabic comma and semicolon


def test_the_answerers_give_the_rooms_ideas_and_attendance_without_a_model(gathered, offline):
    ideas = offline.answer("מה האתגרים שעלו?", gathered())
    assert ideas.basis is Basis.IDEAS and ideas.citations == () and ideas.as_dict()["basis"] == "ideas"
    people = offline.answer("כמה אנשים יש בחדר?", gathered())
    assert people.basis is Basis.ATTENDANCE and people.text.startswith("הצטרפו לפורום בטלפון 4 משתתפים.")
    assert offline.answer("כמה משתתפים הצטרפו?", no_forum("he")).text.startswith("לעוזר אין פורום פתוח")
    documents = offline.answer("מה עושים עם האתגרים שעלו?", gathered())
    assert documents.basis is Basis.DOCUMENTS and documents.citations
