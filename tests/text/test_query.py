from assistant.text.normalize import normalize
from assistant.text.query import (
    FormWeights,
    content_words,
    is_filler,
    matching_forms,
    merge_terms,
    plene_variants,
    weighted_terms,
    word_terms,
)


def test_question_and_filler_words_are_dropped_even_behind_prefixes():
    for word in ("כמה", "לכמה", "באילו", "צריך", "שצריך", "האם"):
        assert is_filler(normalize(word)), word
    assert not is_filler(normalize("תושבים"))


def test_query_keeps_only_topic_words():
    terms = weighted_terms("באילו שנים צריך להעביר את המחוון?")
    assert normalize("מחוונ") in terms
    assert not any(t in terms for t in (normalize("באילו"), normalize("צריך"), normalize("אילו")))


def test_the_word_as_typed_weighs_more_than_its_looser_forms():
    weights = FormWeights(original=1.0, prefix=0.6, stem=0.3)
    terms = word_terms(normalize("ותושבים"), weights)
    assert terms[normalize("ותושבים")] == 1.0
    assert terms[normalize("תושבים")] == 0.6
    assert terms[normalize("תושב")] == 0.3


def test_a_term_reached_twice_keeps_its_highest_weight():
    terms = weighted_terms("תושב ותושבים", FormWeights(prefix=0.6, stem=0.3))
    assert terms[normalize("תושב")] == 1.0


def test_merge_scales_extra_terms_but_never_lowers_base_ones():
    merged = merge_terms({"a": 1.0}, {"a": 1.0, "b": 1.0}, 0.4)
    assert merged == {"a": 1.0, "b": 0.4}


def test_content_words_keep_the_words_as_typed_and_drop_question_words():
    words = content_words("איך מגישים ערר על ארנונה (בעירייה)?")
    assert list(words.values()) == ["מגישים", "ערר", "ארנונה", "בעירייה"]
    assert list(words) == [normalize(w) for w in ("מגישים", "ערר", "ארנונה", "בעירייה")]
    assert content_words("מה אומרים ביניהם?") == {}  # pronouns and "say" are how questions are put


def test_matching_forms_include_the_short_spelling_of_a_full_one():
    assert plene_variants(normalize("עיקרון")) == [normalize("עקרון"), normalize("עיקרן")]
    assert normalize("עקרון") in matching_forms(normalize("והעיקרון"))
    assert plene_variants(normalize("גיל")) == []  # too short to lose a letter
    assert plene_variants("stem") == []
