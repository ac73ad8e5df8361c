from assistant.config import BUNDLED_SYNONYMS
from assistant.text.normalize import normalize
from assistant.text.synonyms import SynonymTable, parse_groups

LINES = [
    "# comment line",
    "תושבים, תושבות, גרים  # trailing comment",
    "חזון, תמונת עתיד",
    "יחיד",
]


def _n(text):
    return " ".join(normalize(text).split())


def test_groups_are_parsed_and_single_entries_ignored():
    groups = parse_groups(LINES)
    assert len(groups) == 2
    assert groups[1][1] == tuple(normalize("תמונת עתיד").split())


def test_a_word_pulls_in_the_rest_of_its_group():
    table = SynonymTable.from_lines(LINES)
    assert set(table.expand("כמה גרים ביישוב?")) == {_n("תושבים"), _n("תושבות")}


def test_prefixed_words_and_phrases_match():
    table = SynonymTable.from_lines(LINES)
    assert _n("תושבות") in table.expand("מה חשוב לתושבים?")
    assert table.expand("איך יוצרים תמונת עתיד משותפת?") == [_n("חזון")]


def test_no_match_no_expansion():
    assert SynonymTable.from_lines(LINES).expand("מפגש ראשון") == []


def test_bundled_glossary_links_the_known_paraphrases():
    table = SynonymTable.from_file(BUNDLED_SYNONYMS)
    assert _n("תושבות") in table.expand("כמה תושבים גרים ברשות?")
    assert _n("מחוייבים") in table.expand("לכמה שנים התחייבו השותפים?")
    assert _n("מוביליות") in table.expand("ניידות חברתית")
