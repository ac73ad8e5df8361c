from assistant.text.normalize import (
    analyze,
    collapse_for_match,
    dominant_script,
    normalize,
    prefix_variants,
    snippet,
    suffix_variant,
    words,
)


def test_niqqud_and_cantillation_are_stripped():
    assert normalize("שָׁלוֹם") == normalize("שלום")
    assert normalize("בְּרֵאשִׁ֖ית") == normalize("בראשית")


def test_geresh_and_gershayim_forms_are_one_word():
    assert normalize('צה"ל') == normalize("צה״ל") == normalize("צהל")
    assert normalize("ג׳וינט") == normalize("ג'וינט") == normalize("גוינט")


def test_maqaf_becomes_a_space():
    assert normalize("בית־ספר").split() == normalize("בית ספר").split()


def test_final_letters_are_folded():
    assert normalize("ךםןףץ") == "כמנפצ"


def test_arabic_diacritics_alef_taa_marbuta_alef_maqsura():
    assert normalize("مَدْرَسَة") == normalize("مدرسه")
    assert normalize("أحمد") == normalize("إحمد") == normalize("احمد")
    assert normalize("مستشفى") == normalize("مستشفي")
    assert normalize("الــتعليم") == normalize("التعليم")  # tatweel


def test_hebrew_prefixes_peeled_while_three_letters_remain():
    assert prefix_variants(normalize("ובשיתוף")) == ["בשיתופ", "שיתופ", "יתופ"]  # at most three
    assert prefix_variants("משפכ") == ["שפכ"]
    assert prefix_variants("הלב") == []  # would leave two letters
    assert prefix_variants(normalize("וכשהמשתתפים"))[:3] == ["כשהמשתתפימ", "שהמשתתפימ", "המשתתפימ"]


def test_arabic_prefixes():
    assert "مدرسه" in prefix_variants(normalize("والمدرسة"))


def test_suffix_variant_joins_plural_and_singular():
    assert suffix_variant(normalize("תושבים")) == suffix_variant(normalize("תושבות")) == "תושב"
    assert suffix_variant("abc") is None


def test_analyze_drops_stopwords_and_adds_variants():
    terms = analyze("מה הם האתגרים של הרשות?")
    assert "מה" not in terms and "של" not in terms
    assert "אתגרימ" in terms and "רשות" in terms


def test_query_and_document_forms_meet():
    doc = set(analyze("השותפים לתהליך נדרשים לדרג את סדר העדיפויות"))
    query = set(analyze("איך מדרגים עדיפויות?"))
    assert doc & query


def test_collapse_for_match():
    assert collapse_for_match('צה״ל  \n במפגש') == collapse_for_match('צה"ל במפגש')
    assert collapse_for_match("מס׳ שנים") == "מס' שנים"


def test_snippet():
    assert snippet("אחת\n  שתיים", 100) == "אחת שתיים"
    assert snippet("אבגדה", 3) == "אבג…"


def test_dominant_script():
    assert dominant_script("מה זה STEM בעצם") == "he"
    assert dominant_script("ما هو المنتدى") == "ar"
    assert dominant_script("what is a design forum") == "latin"
    assert dominant_script("123") == "other"


def test_words_glued_across_scripts_are_split_and_prefixes_before_latin_dropped():
    assert words("ECOSTEM21כלל המשתתפים") == ["ecostem21", "כלל", "המשתתפימ"]
    assert words("הECOSTEM21 בSTEM ה2030") == ["ecostem21", "stem", "2030"]
    assert words("5שנים 2019רחלי") == ["5", "שנימ", "2019", "רחלי"]
    assert words("ב-STEM מהגן") == ["ב", "stem", "מהגנ"]


def test_script_shares_count_words_by_script():
    from assistant.text.normalize import script_shares

    assert script_shares(["שלום לכם STEM", "مرحبا 2024"]) == {"he": 0.5, "latin": 0.25, "ar": 0.25}
    assert script_shares(["123 ..."]) == {}
