from assistant.text.highlight import query_forms, spans


def marked(text: str, query: str) -> list[str]:
    return [text[a:b] for a, b in spans(text, query_forms(query))]


def test_the_querys_words_are_marked_in_any_form_without_punctuation():
    text = "מה עושים עם התושבים? ולתושבים (תושב) יש פורום-עיצוב, ו-STEM."
    assert marked(text, "איך משתפים תושבים בפורום העיצוב של STEM?") == [
        "התושבים", "ולתושבים", "תושב", "פורום-עיצוב", "ו-STEM"]


def test_question_words_and_words_the_query_lacks_are_not_marked():
    assert marked("מה זה? איך עושים ובוחרים את זה?", "מה איך עושים בוחרים") == ["ובוחרים"]
    assert marked("פורום העיצוב", "") == []
    assert spans("טקסט", frozenset()) == []


def test_a_fuller_spelling_in_the_query_marks_the_shorter_one_in_the_text():
    assert marked("עקרון השקיפות", "איזה עיקרון?") == ["עקרון"]
