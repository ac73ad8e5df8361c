from assistant.text.normalize import normalize
from assistant.text.query import FormWeights, is_filler, merge_terms, weighted_terms, word_terms


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
