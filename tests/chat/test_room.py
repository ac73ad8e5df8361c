"""Questions about the room's own votes, answered from its results rather than the documents."""

from __future__ import annotations

import json

import pytest

from assistant.chat.answer import Basis, Mode
from assistant.chat.context import no_forum, read_context
from assistant.chat.room import asks_for_results, results_text
from assistant.store import commands
from tests.chat.conftest import step_id
from tests.conftest import DATA


@pytest.mark.parametrize("question", [
    "מה היו התוצאות של ההצבעה האחרונה?", "מי ניצח?", "מה יצא בהצבעה במפגש השני?", "מה הוחלט בסקר?",
    "What were the results of the vote?", "who won?", "ما نتائج التصويت؟", "من فاز؟",
])
def test_questions_about_the_rooms_votes(question):
    assert asks_for_results(question)


@pytest.mark.parametrize("question", [
    "מה תוצאות התשתית?", "איך בונים הצבעה?", "מי זכה באליפות העולם בכדורגל ב-2018?",
    "מי ניצח בבחירות לראשות העיר בשנה שעברה בתל אביב?", "How do we run a vote?",
])
def test_questions_about_the_method_or_anything_else_are_not(question):
    assert not asks_for_results(question)


def test_no_question_of_the_question_files_is_taken_for_one_about_the_votes():
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            question = json.loads(line).get("question") if line.strip() else None
            assert not (question and asks_for_results(question)), (path.name, question)


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
    assert offline.about_the_votes("מה עושים במפגש השני?", voted()) is None
