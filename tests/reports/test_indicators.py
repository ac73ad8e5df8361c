"""The situation picture in the shared agenda: the indicators' table, their chart, and what
the room found most worrying (the demo forum's sample set and its vote over them)."""

from assistant.reports.agenda import shared_agenda
from assistant.reports.document import Heading, Image, Paragraph, Table
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
    at = section.index(chart)  # the chart's figures name their source under it
    assert isinstance(section[at + 1], Paragraph) and section[at + 1].text.startswith("מקור: מפת הדרכים")
    links = of_type(under(document, "אתגרים והמדדים שמראים אותם", level=3), Table)[0]
    assert dict(links.rows) == {"פערים בין שכונות בהישגים": "אשכול חברתי-כלכלי, מדד הפריפריאליות",
                                "נשירה של בני נוער מלימודי מדעים": "אקדמאים",
                                "הקמת מרכז STEM יישובי": "השתתפות בתנועות נוער, אקדמאים"}
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


def test_the_work_plans_problem_cell_carries_the_linked_indicators_as_a_draft(demo_snapshot, playbook):
    from dataclasses import replace

    from assistant.reports.seed import seed_plan

    plain = replace(demo_snapshot, indicator_links={})
    area = seed_plan(plain, playbook).focus_areas[0]  # an action arena the forum chose
    before = (area.logic.get("problem") or "").split("\n") if area.logic.get("problem") else []
    linked = replace(demo_snapshot, indicator_links={area.idea_id: ("השתתפות בתנועות נוער", "תושבים")})
    drafted = next(a for a in seed_plan(linked, playbook).focus_areas if a.title == area.title)
    lines = drafted.logic["problem"].split("\n")
    assert lines[: len(before)] == before  # what the challenges said comes first
    assert ("[טיוטה, מתמונת המצב] השתתפות בתנועות נוער: 17%, מול 20% (יישובים דומים); "
            "מקור: מפת הדרכים (קרן רש״י): דש בורד לדוגמה; הממוצע בפריפריה") in lines
    assert "[טיוטה, מתמונת המצב] תושבים: 18,642 תושבים; מקור: מפת הדרכים (קרן רש״י): דש בורד לדוגמה" in lines
    others = [a for a in seed_plan(linked, playbook).focus_areas if a.title != area.title]
    assert not any("מתמונת המצב" in (a.logic.get("problem") or "") for a in others)


def test_the_linked_indicators_measure_the_focus_areas_goal_from_the_localitys_baseline(demo_snapshot, playbook):
    from dataclasses import replace

    from assistant.reports.seed import seed_plan

    plain = seed_plan(replace(demo_snapshot, indicator_links={}), playbook)
    assert not any(row.get("metrics") for area in plain.focus_areas for row in area.operational)
    area = plain.focus_areas[0]
    linked = replace(demo_snapshot, indicator_links={area.idea_id: ("השתתפות בתנועות נוער", "תושבים")})
    drafted = next(a for a in seed_plan(linked, playbook).focus_areas if a.title == area.title)
    assert drafted.operational[0]["metrics"] == "השתתפות בתנועות נוער (בסיס: 17%)\nתושבים (בסיס: 18,642 תושבים)"
    assert [dict(r, metrics=None) for r in drafted.operational] == [dict(r, metrics=None) for r in area.operational]


def test_the_agenda_ends_with_the_localitys_dashboard_its_baselines_and_the_plans_targets(demo_snapshot, playbook):
    """The dashboard as a page of the agenda: by age stage, each indicator's baseline, and the
    target the work plan sets for it once a goal measured by it has one written."""
    from dataclasses import replace

    from assistant.forum.work_plan import WorkPlan
    from assistant.reports.document import PageBreak
    from assistant.reports.seed import seed_plan

    area = seed_plan(demo_snapshot, playbook).focus_areas[0]
    linked = replace(demo_snapshot, indicator_links={area.idea_id: ("השתתפות בתנועות נוער",)})
    seeded = next(a for a in seed_plan(linked, playbook).focus_areas if a.title == area.title)
    before = shared_agenda(replace(linked, work_plan=WorkPlan(focus_areas=(seeded,), revision=1)), playbook)
    goal = {**seeded.operational[0], "targets": "25% עד 2028"}  # the team writes the target
    planned = replace(seeded, operational=(goal, *seeded.operational[1:]))
    document = shared_agenda(replace(linked, work_plan=WorkPlan(focus_areas=(planned,), revision=2)), playbook)

    at = next(n for n, b in enumerate(document.blocks)
              if isinstance(b, Heading) and b.text == "תמונת המצב: מדדי היישוב לפי שלבי הגיל")
    assert isinstance(document.blocks[at - 1], PageBreak) and document.blocks[at].level == 1
    page = document.blocks[at:]
    stages = [b.text for b in page if isinstance(b, Heading) and b.level == 3]
    assert stages == ["היישוב", "הגיל הרך", "יסודי", "על-יסודי", "שירות צבאי ולאומי", "השכלה גבוהה"]
    rows = {row[0]: row for table in of_type(page, Table) for row in table.rows}
    assert len(rows) == len(demo_snapshot.indicators)
    assert rows["השתתפות בתנועות נוער"][1:] == ("17%", "20% (יישובים דומים)", "25% עד 2028", area.title)
    assert rows["אקדמאים"][3:] == ("טרם נקבע", "")
    assert "לפי שעה נקבעו יעדים ל-1 מתוך 12 המדדים." in page[1].text
    old = {row[0]: row for table in of_type(before.blocks[at:], Table) for row in table.rows}
    assert old["השתתפות בתנועות נוער"][3] == "טרם נקבע"  # a metric without a written target sets none
    [chart] = of_type(page, Image)  # the percentages from birth to employment, in that order
    assert chart.alt.index("הגיל הרך: ילדים עד גיל 6") < chart.alt.index("על-יסודי: השתתפות בתנועות נוער") \
        < chart.alt.index("השכלה גבוהה: אקדמאים")


HOSTILE = "עלות $$ לילד <b>בתיכון</b> **כוכב** [קישור](http://evil.example) `קוד`"


def test_an_indicator_named_with_markup_and_dollars_reaches_the_documents_as_typed(demo_snapshot, playbook):
    """A name is text wherever it goes: "$$" does not start mathematics in a chart, "<b>",
    "**" and a link stay characters in the Word file, on every page that names it."""
    import io
    from dataclasses import replace

    from docx import Document

    from assistant.exports.bundle import build
    from assistant.forum.indicators import Comparison, Indicator, check_indicator

    hostile = check_indicator(Indicator(HOSTILE, 14263, "₪", comparison=15000, compared_to=Comparison.NATIONAL))
    indicators = tuple(hostile if i.name == "עלות ממוצעת לילד בתיכון" else i for i in demo_snapshot.indicators)
    snapshot = replace(demo_snapshot, indicators=indicators)
    document = shared_agenda(snapshot, playbook)
    charts = [b for b in document.blocks if isinstance(b, Image) and HOSTILE[:20] in (b.alt or "")]
    assert charts  # drawn, with the name in its text alternative
    word = Document(io.BytesIO(build("shared-agenda", snapshot, playbook).content))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert cells.count(HOSTILE) == 2  # the situation table and the dashboard page


def test_indicators_of_several_domains_are_grouped_by_domain_on_the_dashboard_page(demo_snapshot, playbook):
    from dataclasses import replace

    indicators = tuple(replace(i, domain="youth") if i.name == "השתתפות בתנועות נוער" else
                       replace(i, domain="stem") if i.name == "אקדמאים" else i for i in demo_snapshot.indicators)
    document = shared_agenda(replace(demo_snapshot, indicators=indicators), playbook)
    at = next(n for n, b in enumerate(document.blocks)
              if isinstance(b, Heading) and b.text == "תמונת המצב: מדדי היישוב לפי שלבי הגיל")
    domains = [b.text for b in document.blocks[at:] if isinstance(b, Heading) and b.level == 2]
    assert domains == [playbook.domains["youth"].he, playbook.domains["stem"].he, "מדדים כלליים"]
