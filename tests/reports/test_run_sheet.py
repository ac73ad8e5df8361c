"""The facilitators' run sheet of a meeting and the join card for the tables."""

from __future__ import annotations

import io
from itertools import pairwise

import docx
import pytest

from assistant.exports.printables import PRINTABLES, RUN_SHEETS, build_printable, printable
from assistant.exports.reading import read_snapshot
from assistant.links import qr_png
from assistant.reports import run_sheet as run_sheet_module
from assistant.reports.document import Heading, Image, KeyValue, Paragraph, Table
from assistant.reports.join_card import join_card
from assistant.reports.run_sheet import JoinDetails, run_sheet
from tests.reports.texts import all_text, of_type, under

URL = "http://192.168.1.20:8501/phone?join=ABC123"
JOIN = JoinDetails("ABC123", URL, "192.168.1.20:8501/phone", qr_png(URL))
STEM = "STEM ומיומנויות המאה ה-21"


def steps_of(playbook, number):
    return playbook.meetings[number - 1].steps


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_every_step_of_the_meeting_is_in_the_run_of_show_and_spelled_out(demo_snapshot, playbook, number):
    sheet = run_sheet(demo_snapshot, playbook, number, join=JOIN)
    meeting = playbook.meetings[number - 1]
    assert sheet.title == f"תוכנית המפגש למנחים: מפגש {number}"
    assert sheet.subtitle == meeting.title.render("he", STEM)
    table = of_type(under(sheet, "מהלך המפגש", level=1), Table)[0]
    assert [row[2] for row in table.rows] == [s.title.render("he", STEM) for s in meeting.steps]
    spans = [tuple(map(int, row[1].split("–"))) for row in table.rows]
    assert spans[0][0] == 0 and spans[-1][1] == meeting.total_minutes
    assert all(a[1] == b[0] for a, b in pairwise(spans))  # back to back
    assert f"{meeting.total_minutes} דקות" in table.caption
    for position, step in enumerate(meeting.steps, start=1):
        section = under(sheet, f"{position}. {step.title.render('he', STEM)}", level=2)
        facts = dict(of_type(section, KeyValue)[0].pairs)
        assert facts["מטרה"] == step.goal.render("he", STEM)
        assert facts["מה עושים"] == step.facilitator.render("he", STEM)
        assert f"({step.minutes} דקות)" in facts["מתי"]
        texts = all_text(sheet)
        assert step.script.render("he", STEM) in texts
        assert all(tip.render("he", STEM) in texts for tip in step.tips)
        sources = [b.text for b in of_type(section, Paragraph) if b.style == "source"]
        assert len(sources) == len(step.evidence)
        assert all(e.quote in s for e, s in zip(step.evidence, sources, strict=True))
    assert "runsheet." not in all_text(sheet)  # every catalog key found


def test_what_phones_show_is_named_per_step(demo_snapshot, playbook):
    sheet = run_sheet(demo_snapshot, playbook, 2)
    table = of_type(under(sheet, "מהלך המפגש", level=1), Table)[0]
    phones = {row[2]: row[3] for row in table.rows}
    steps = {s.id: s.title.render("he", STEM) for s in steps_of(playbook, 2)}
    assert phones[steps["m2-root-problems"]] == "שליחה: אתגר"
    assert phones[steps["m2-rank"]] == "הצבעה: דירוג"
    assert phones[steps["m2-opening"]] == "–"
    rank = dict(of_type(under(sheet, f". {steps['m2-rank']}", level=2), KeyValue)[0].pairs)
    assert rank["בטלפונים"].startswith("הצבעה: דירוג. ")  # then what the phone asks
    assert "אתגרים מדורגים (בעיות שורש)" in rank["מפיק"]


def test_a_step_says_what_people_without_a_phone_do_and_where_the_facilitator_types_it_in(demo_snapshot, playbook):
    sheet = run_sheet(demo_snapshot, playbook, 2)
    steps = {s.id: s.title.render("he", STEM) for s in steps_of(playbook, 2)}

    def facts(key):
        return dict(of_type(under(sheet, f". {steps[key]}", level=2), KeyValue)[0].pairs)

    assert facts("m2-arenas-vote")["בלי טלפון"] == (
        "מדביקים עד 3 מדבקות על הבריסטול, עד 1 על אפשרות אחת; את הספירה מזינים בלשונית הצבעות "
        "(\"הצבעה על נייר\"). כדאי להכין מדבקות מראש.")
    assert "בלשונית רעיונות (\"הוספת רעיונות מהחדר\")" in facts("m2-root-problems")["בלי טלפון"]
    assert facts("m2-rank")["בלי טלפון"] == (
        "כותבים על פתק את 3 המובילים, מהחשוב ביותר; את הפתקים מקלידים בלשונית הצבעות (\"הצבעה על נייר\"), "
        "פתק אחד בכל פעם.")
    assert "בלי טלפון" not in facts("m2-opening")  # the phones wait
    english = all_text(run_sheet(demo_snapshot.in_language("en"), playbook, 2))
    assert 'enter the count in the Votes tab ("Paper vote")' in english
    rating = dict(of_type(under(run_sheet(demo_snapshot, playbook, 4), ". דירוג המשימות: השפעה וישימות", level=2),
                          KeyValue)[0].pairs)
    assert rating["בלי טלפון"].startswith("כותבים על פתק ציון 1–5 לכל אפשרות (השפעה, ישימות);")
    arabic = all_text(run_sheet(demo_snapshot.in_language("ar"), playbook, 4))
    assert "(الأثر، قابلية التنفيذ)" in arabic


def test_a_meeting_lists_what_earlier_meetings_decided_in_vote_order(demo_snapshot, playbook, monkeypatch):
    heading = "אתגרים מדורגים (בעיות שורש) (מפגש 2)"
    poll = next(p for p in demo_snapshot.polls_of(2) if demo_snapshot.step(p.step_id).key == "m2-rank")
    table = demo_snapshot.results[poll.id].table.sort_values("rank")
    ranked = [f"{n}. {label}" for n, label in enumerate(table[table["score"] > 0]["label"], start=1)]
    section = under(run_sheet(demo_snapshot, playbook, 3), heading, level=2)
    assert list(section[0].items) == ranked and len(ranked) == 6
    assert of_type(section, Paragraph)[-1].text.startswith("מקור: מפגש 2")
    monkeypatch.setattr(run_sheet_module, "INPUT_ITEMS", 4)
    section = under(run_sheet(demo_snapshot, playbook, 3), heading, level=2)
    assert list(section[0].items) == ranked[:4]
    assert of_type(section, Paragraph)[0].text == "ועוד 2 פריטים (הרשימה המלאה בסיכום המפגש)."
    assert "על מה המפגש נשען" not in all_text(run_sheet(demo_snapshot, playbook, 1))  # nothing earlier


def test_an_input_not_gathered_yet_is_marked_to_complete(new_forum, playbook):
    store, created = new_forum()
    sheet = run_sheet(read_snapshot(store, created.forum.id), playbook, 4)
    inputs = under(sheet, "על מה המפגש נשען", level=1)
    missing = [b for b in of_type(inputs, Paragraph) if b.style == "placeholder"]
    assert len(missing) == len(playbook.meetings[3].inputs)
    assert missing[0].text.startswith("עדיין לא נאסף במפגש")
    facts = dict(of_type(sheet.blocks, KeyValue)[0].pairs)
    assert facts["תאריך"] is None  # no date set, nothing held: to complete
    assert "קוד הצטרפות" not in facts and not of_type(sheet.blocks, Image)  # no join details given


def test_the_guides_documents_are_named_by_title(demo_snapshot, playbook):
    document = steps_of(playbook, 1)[0].evidence[0].document
    named = run_sheet(demo_snapshot, playbook, 1, titles={document: "מפת דרכים"})
    plain = run_sheet(demo_snapshot, playbook, 1)
    assert "מתוך מפת דרכים: " in all_text(named)
    assert f"מתוך {document}: " in all_text(plain)


def test_joining_the_room_is_on_the_sheet(demo_snapshot, playbook):
    sheet = run_sheet(demo_snapshot, playbook, 1, join=JOIN)
    assert dict(of_type(sheet.blocks, KeyValue)[0].pairs)["קוד הצטרפות"] == "ABC123"
    section = under(sheet, "הצטרפות מהטלפון", level=1)
    assert "192.168.1.20:8501/phone" in section[0].text and "ABC123" in section[0].text
    assert of_type(section, Image)[0].png == JOIN.qr_png
    assert of_type(section, Image)[0].alt == f"קוד QR להצטרפות לפורום מהטלפון: {JOIN.url}"


@pytest.mark.parametrize("language, title, minutes", [
    ("ar", "خطة اللقاء للميسّرين: اللقاء 2", "الدقائق 0–10 (10 دقائق)"),
    ("en", "Facilitators' plan: meeting 2", "Minutes 0–10 (10 minutes)"),
])
def test_the_sheet_speaks_the_forums_language(demo_snapshot, playbook, language, title, minutes):
    sheet = run_sheet(demo_snapshot.in_language(language), playbook, 2, join=JOIN)
    assert sheet.title == title and sheet.language == language
    first = dict(of_type(under(sheet, "1. ", level=2), KeyValue)[0].pairs)
    assert minutes in first.values()
    assert "runsheet." not in all_text(sheet)


def test_the_join_card_has_the_code_the_address_and_a_line_in_each_other_language(demo_snapshot):
    card = join_card(demo_snapshot, JOIN)
    assert card.title == demo_snapshot.forum.title and card.subtitle == "הצטרפו לפורום מהטלפון"
    assert of_type(card.blocks, Image)[0].png == JOIN.qr_png
    assert of_type(card.blocks, Image)[0].alt == f"קוד QR להצטרפות לפורום מהטלפון: {JOIN.url}"
    assert of_type(card.blocks, Heading)[0].text == "קוד הצטרפות: ABC123"
    text = all_text(card)
    assert "192.168.1.20:8501/phone" in text and "joincard." not in text
    assert "امسحوا الرمز للانضمام؛ الصفحة متوفرة بالعربية أيضًا" in text
    assert "Scan the code to join; the page is in English too" in text
    assert "הדף זמין גם בעברית" not in text  # the card's own language needs no such line
    arabic = all_text(join_card(demo_snapshot.in_language("ar"), JOIN))
    assert "הדף זמין גם בעברית" in arabic and "رمز الانضمام: ABC123" in arabic
    # without a QR code it still says how to join
    bare = join_card(demo_snapshot, JoinDetails("ABC123", URL, "192.168.1.20:8501/phone"))
    assert not of_type(bare.blocks, Image) and "ABC123" in all_text(bare)


@pytest.mark.parametrize("name", list(PRINTABLES))
def test_each_printable_renders_to_a_right_to_left_word_file(demo_snapshot, playbook, name):
    export = build_printable(name, demo_snapshot, playbook, JOIN)
    assert export.kind.filename.endswith(".docx")
    word = docx.Document(io.BytesIO(export.content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "ABC123" in text
    assert word.paragraphs[1]._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is not None
    assert len(word.inline_shapes) == 1  # the QR code
    if name in RUN_SHEETS:
        assert word.tables[1].rows[1].cells[2].text == steps_of(playbook, int(name[-1]))[0].title.render("he", STEM)


def test_an_unknown_printable_is_a_key_error(demo_snapshot, playbook):
    with pytest.raises(KeyError):
        printable("run-sheet-5", demo_snapshot, playbook, JOIN)
