"""The situation picture in the shared agenda: the indicators' table, their chart, and what
the room found most worrying (the demo forum's sample set and its vote over them)."""

from assistant.reports.agenda import shared_agenda
from assistant.reports.document import Heading, Image, Table
from tests.reports.texts import of_type, under


def test_the_agenda_carries_the_indicators_with_their_gaps_chart_and_the_rooms_worries(demo_snapshot, playbook):
    document = shared_agenda(demo_snapshot, playbook)
    section = under(document, "תמונת המצב: מדדי היישוב", level=2)
    table = of_type(section, Table)[0]
    assert table.columns == ("מדד", "שלב ברצף הגילים", "ביישוב", "להשוואה", "פער", "שנה", "מקור")
    assert [row[0] for row in table.rows] == [i.name for i in demo_snapshot.indicators]
    youth = next(row for row in table.rows if row[0] == "השתתפות בתנועות נוער")
    assert youth[2:4] == ("17%", "20% (יישובים דומים)") and youth[6].startswith("מפת הדרכים")
    assert youth[4] == "\u2068-3%\u2069"  # isolated: a right-to-left cell shows "-3%", not "3%-"
    [chart] = of_type(section, Image)
    assert chart.png.startswith(b"\x89PNG") and "השתתפות בתנועות נוער 85" in chart.alt
    links = of_type(under(document, "אתגרים והמדדים שמראים אותם", level=3), Table)[0]
    assert dict(links.rows) == {"פערים בין שכונות בהישגים": "אשכול חברתי-כלכלי, מדד הפריפריאליות",
                                "נשירה של בני נוער מלימודי מדעים": "אקדמאים"}
    worried = under(document, "המדדים שהחדר מצא מדאיגים ביותר", level=3)
    ranked = of_type(worried, Table)[0]
    assert {row[1] for row in ranked.rows} <= {i.name for i in demo_snapshot.indicators}
    # Held in meeting 2, the vote is shown here and nowhere else.
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    assert not any("איזה מהמדדים מדאיג" in h for h in headings)


def test_a_forum_without_indicators_has_no_such_section(new_forum, playbook):
    from assistant.exports.reading import read_snapshot

    store, created = new_forum()
    document = shared_agenda(read_snapshot(store, created.forum.id), playbook)
    assert not any(isinstance(b, Heading) and "מדדי היישוב" in b.text for b in document.blocks)
