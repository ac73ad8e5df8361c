"""Themes, near-duplicates and summaries of a step's ideas."""

from __future__ import annotations

from assistant.chat.converge import duplicates, group_themes, shared_terms, summarise
from tests.chat.conftest import idea

TEXTS = ["מחסור במורים למתמטיקה", "חסרים מורים למתמטיקה ולפיזיקה", "מחסור חמור במורים למדעים",
         "אין תחבורה ציבורית למרכזי העשרה", "התחבורה הציבורית לא מגיעה לחוגים", "אין אוטובוסים בערב לתחבורה",
         "נשירה של בני נוער מלימודי מדעים", "הורים לא מעורבים", "מעט בנות בוחרות במגמות טכנולוגיות"]


def ideas():
    return [idea(i + 1, text, participant=i % 4 + 1) for i, text in enumerate(TEXTS)]


def test_ideas_group_into_themes_largest_first():
    result = group_themes(ideas())
    groups = [sorted(i.id for i in theme.ideas) for theme in result.themes]
    assert groups == [[1, 2, 3], [4, 5, 6]]
    assert sorted(i.id for i in result.ungrouped) == [7, 8, 9]
    assert result.themes[0].terms[0] == "מורים" and "תחבורה" in result.themes[1].terms
    assert result.themes[0].participants == 3


def test_the_representative_idea_is_the_most_central():
    theme = group_themes(ideas()).themes[0]
    assert theme.representative.id == 1  # shares most with both others


def test_shared_terms_prefer_whole_words_to_stripped_forms():
    assert shared_terms([idea(1, "במורים טובים"), idea(2, "מורים רבים")]) == ("מורים",)
    assert shared_terms([idea(1, "שלום"), idea(2, "להתראות")]) == ()


def test_too_few_ideas_make_no_theme():
    assert group_themes([]).themes == () and group_themes([idea(1, "רעיון יחיד")]).ungrouped[0].id == 1


def test_near_duplicates_and_summary():
    items = ideas() + [idea(10, "מחסור במורים למתמטיקה!", participant=None)]
    pairs = duplicates(items)
    assert (pairs[0].first_id, pairs[0].second_id) == (1, 10)
    summary = summarise(items)
    assert (summary.ideas, summary.participants, summary.themes) == (10, 4, 2)
    assert summary.duplicates == len(pairs)
    assert [i.id for i in summary.highlights][:2] in ([1, 4], [10, 4])
