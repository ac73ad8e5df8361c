import pytest

from assistant.text.lexicon import WordfreqLexicon
from assistant.text.spelling import Correction, Spelled, SpellingCorrector

DOCUMENTS = [
    "המינהלת היישובית מתכנסת אחת לחודש. חברי המינהלת בוחרים את האתגרים.",
    "שיתוף הציבור ותוכניות בטכנולוגיה ובמדעים; המינהלת מובילה את שיתוף הפעולה.",
    "רצפים של פעולות. רוצים רוצים רוצים לראות שינוי. Social Mobility Dashboard.",
    "الرؤية المشتركة للمدينة",
]


class FakeLexicon:
    """Knows the words given per language, and nothing else."""

    def __init__(self, **known: str) -> None:
        self.known = {language: set(text.split()) for language, text in known.items()}
        self.asked: list[tuple[str, str]] = []

    def knows(self, word: str, language: str) -> bool:
        self.asked.append((word, language))
        return word in self.known.get(language, set())


def corrector(lexicon=None, protected=lambda word: False) -> SpellingCorrector:
    return SpellingCorrector(DOCUMENTS, lexicon or FakeLexicon(), protected)


def test_a_slip_becomes_the_nearest_document_word():
    spelled = corrector().correct("מה תפקיד המינלהת היישובית?")
    assert spelled == Spelled("מה תפקיד המינהלת היישובית?", (Correction("המינלהת", "המינהלת"),))


@pytest.mark.parametrize(("typed", "meant"), [
    ("ובאכנולוגיה", "ובטכנולוגיה"),  # prefix letters typed before a slip are kept
    ("והשיתוך", "והשיתוף"),  # the documents' final letter
    ("רפצים", "רצפים"),  # two letters swapped, though a commoner document word is also one edit away
    ("Dashbaord", "Dashboard"),
    ("المشترگة", "المشتركة"),
])
def test_corrections(typed, meant):
    assert corrector().correct(f"{typed} ומה עוד").corrections == (Correction(typed, meant),)


def test_a_word_of_the_language_is_meant_as_typed():
    lexicon = FakeLexicon(he="המינלהת")
    assert corrector(lexicon).correct("המינלהת").corrections == ()
    # also behind prefix letters, which the lexicon does not list words with
    lexicon = FakeLexicon(he="מינלהת")
    assert corrector(lexicon).correct("והמינלהת").corrections == ()


def test_words_the_documents_use_are_never_asked_about_or_changed():
    lexicon = FakeLexicon()
    spelled = corrector(lexicon).correct("ומהמינהלת בטכנולוגיה שיתוף")
    assert spelled.corrections == () and lexicon.asked == []


def test_a_query_is_looked_into_once_however_often_it_is_spelled():
    lexicon = FakeLexicon()
    speller = corrector(lexicon)
    first = speller.correct("מה תפקיד המינלהת?")
    asked = len(lexicon.asked)
    assert asked > 0 and speller.correct("מה תפקיד המינלהת?") == first and len(lexicon.asked) == asked


@pytest.mark.parametrize("query", [
    "רצים",  # under five letters (one edit from "רצפים"): too many real words are that near
    "המינלהת2",  # numbers and codes
    "קקקקקקק",  # nothing one edit away
    "בSTEMX",  # part of a glued token
])
def test_left_as_typed(query):
    assert corrector().correct(query) == Spelled(query)


def test_a_glossary_term_is_protected():
    protected = corrector(protected=lambda word: word == "המינלהת")
    assert protected.correct("המינלהת").corrections == ()


def test_only_whole_words_are_replaced():
    spelled = corrector().correct("המינלהת? (המינלהת) והמינלהתים")
    assert spelled.text == "המינהלת? (המינהלת) והמינלהתים"
    assert spelled.corrections == (Correction("המינלהת", "המינהלת"),)


def test_the_general_lexicon_knows_real_words_and_not_slips():
    lexicon = WordfreqLexicon()
    assert lexicon.knows("מעריכים", "he") and lexicon.knows("dashboard", "en") and lexicon.knows("المدينة", "ar")
    assert not lexicon.knows("מינלהת", "he") and not lexicon.knows("dashbaord", "en")


def test_an_everyday_word_is_known_from_the_small_list_and_a_rarer_one_from_the_large(monkeypatch):
    import wordfreq

    from assistant.text import lexicon as module

    asked = []
    original = wordfreq.zipf_frequency

    def recording(word, language, wordlist="best", minimum=0.0):
        asked.append((word, wordlist))
        return original(word, language, wordlist=wordlist, minimum=minimum)

    monkeypatch.setattr(wordfreq, "zipf_frequency", recording)
    module._zipf.cache_clear()
    try:
        lexicon = WordfreqLexicon()
        assert lexicon.knows("בוחרים", "he") and asked == [("בוחרים", "small")]  # the large list never loaded
        assert lexicon.knows("אופנוען", "he")  # once in 300 million words: only the large list has it
        assert asked[1:] == [("אופנוען", "small"), ("אופנוען", "large")]
        assert not lexicon.knows("מינלהת", "he")
    finally:
        module._zipf.cache_clear()


def test_a_query_typed_with_the_hebrew_layout_off_is_read_as_meant():
    lexicon = FakeLexicon(he="מה זה איך", en="what is the")
    spelled = corrector(lexicon).correct("nv zv vnhbvk, vhhauch,?")
    assert spelled == Spelled("מה זה המינהלת היישובית?",
                              (Correction("nv zv vnhbvk, vhhauch,?", "מה זה המינהלת היישובית?"),))
    # A word with capitals was typed with Shift, as Latin: it stays.
    assert corrector(lexicon).correct("vnhbvk, Dashboard").text == "המינהלת Dashboard"


@pytest.mark.parametrize("query", [
    "what is the dashboard",  # English
    "Social Mobility Dashboard",
    "qqqzzzxx",  # no word in either layout
    "nv zv הרשות",  # not all Latin
])
def test_not_retyped(query):
    assert corrector(FakeLexicon(he="מה זה", en="what is the")).correct(query).text == query


def test_the_arabic_layout_for_arabic_documents():
    spelled = corrector().correct("hgvcdm hglajv;m")
    assert spelled.text == "الرؤية المشتركة"


def test_warming_up_asks_the_lexicon_about_a_word_of_each_language_of_the_documents():
    lexicon = FakeLexicon()
    corrector(lexicon).warm_up()
    assert {language for _, language in lexicon.asked} == {"he", "en", "ar"}
    assert all(any(word in text for text in DOCUMENTS) for word, _ in lexicon.asked)  # real words: lists load
