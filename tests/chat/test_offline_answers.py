"""Offline answers: cited, grounded in the passages that hold the answer, and a
refusal when the documents do not cover the question."""

from __future__ import annotations

import re

import pytest

from assistant.chat.answer import Mode
from assistant.chat.context import no_forum
from assistant.chat.guide import CardReason
from assistant.chat.offline import OfflineAnswerer
from assistant.config import Settings
from assistant.corpus.cleaning import reading_order
from assistant.errors import EmptyQueryError
from assistant.retrieval.engine import Retriever
from assistant.retrieval.evaluation import contains_evidence, load_eval_file
from assistant.text.normalize import collapse_for_match
from tests.chat.conftest import questions
from tests.conftest import DATA

HE = no_forum("he")


def citation_accuracy(offline, name: str) -> tuple[float, int, int]:
    """Share of questions whose answer cites a passage holding the evidence."""
    items = load_eval_file(DATA / name)
    hits = sum(any(contains_evidence(c.text, item.evidence)
                   for c in offline.answer(item.question, HE).citations) for item in items)
    return hits / len(items), hits, len(items)


def test_dev_answers_cite_the_passages_that_hold_the_answer(offline):
    accuracy, hits, n = citation_accuracy(offline, "retrieval_dev.he.jsonl")
    print(f"\ndev: offline citations contain the answer for {hits}/{n} = {accuracy:.3f}")
    assert accuracy >= 0.88


# Held-out facilitator questions, written before anything was tuned on them. Set 1 was
# then looked at (it decided plain retrieval order over sentence re-ranking); set 2
# was written after that and first measured at 26/33 (0.788) before a sentence-split
# fix, now 28/33. See docs/assistant.md for the full history of these figures.
HELD_OUT = ("facilitator_heldout.he.jsonl", "facilitator_heldout2.he.jsonl")


@pytest.fixture(scope="module")
def held_out(offline) -> dict[str, tuple[float, int, int]]:
    return {name: citation_accuracy(offline, name) for name in HELD_OUT}


def test_held_out_facilitator_questions_figure(held_out):
    for name, (accuracy, hits, n) in held_out.items():
        print(f"\n{name}: offline citations contain the answer for {hits}/{n} = {accuracy:.3f}")
    hits, total = sum(r[1] for r in held_out.values()), sum(r[2] for r in held_out.values())
    print(f"held-out pooled: {hits}/{total} = {hits / total:.3f}")
    assert hits / total >= 0.87  # regression floor just under the measured level (65/73)


@pytest.mark.slow
def test_with_the_meaning_side_held_out_facilitator_questions_reach_the_target(dense_retriever,
                                                                              shipped_playbook_for_chat):
    """The app's default answerer (words, n-grams and multilingual-e5-small, the meaning floor and
    the nearer question elsewhere): 36/40 and 31/33, 67/73 = 0.918 pooled (0.890 by the words
    alone, above)."""
    defaults = Settings(dense_weight=1.0)  # the app's defaults (the tests' environment turns meaning off)
    answerer = OfflineAnswerer(dense_retriever, shipped_playbook_for_chat, threshold=defaults.chat_min_score,
                               passages=defaults.chat_passages, meaning_threshold=defaults.meaning_threshold,
                               elsewhere_margin=defaults.elsewhere_margin)
    found = [citation_accuracy(answerer, name) for name in HELD_OUT]
    hits, total = sum(f[1] for f in found), sum(f[2] for f in found)
    print(f"\nheld-out pooled with meaning: {hits}/{total} = {hits / total:.3f}")
    assert hits / total >= 0.90


def test_off_topic_questions_are_refused_not_answered(offline):
    for question in questions("offtopic_dev.he.jsonl"):
        answer = offline.answer(question, HE)
        assert not answer.covered and answer.citations == (), question
        assert "אינם עוסקים" in answer.text
        assert "כתובים בעברית" not in answer.text


def test_an_answer_never_repeats_a_sentence_that_overlapping_passages_share(offline):
    """Passages overlap, so a sentence may be whole in one and cut short in the next; before
    this check 40 of the 200 dev, validation, test and held-out answers said one twice."""
    repeated = []
    for name in ("retrieval_dev.he.jsonl", "facilitator_heldout2.he.jsonl"):
        for question in questions(name):
            points = [collapse_for_match(p.sentence) for p in offline.prepare(question, HE).points]
            if any(a in b for i, a in enumerate(points) for j, b in enumerate(points) if i != j):
                repeated.append(question)
    assert repeated == []


def test_a_refusal_names_the_words_the_documents_never_use(offline):
    answer = offline.answer("מה תפריט ארוחת הצהריים בבית הספר?", HE)
    assert not answer.covered and answer.citations == ()
    assert answer.text.endswith('המסמכים לא משתמשים במילים "תפריט", "ארוחת" ו"הצהריים".')
    # Municipal, and close enough in words to pass on strength alone: refused for its unknown words.
    refused = offline.answer("איך מדווחים על מפגע תאורה ברחוב?", no_forum("en"))  # asked in Hebrew: said in Hebrew
    assert not refused.covered
    assert 'המסמכים לא משתמשים במילים "מפגע" ו"תאורה".' in refused.text
    # An answer from the documents names no words; an unknown word alone does not refuse.
    answered = offline.answer("מי מוביל את פורום העיצוב?", HE)
    assert answered.covered and "לא משתמשים" not in answered.text


def test_an_arabic_question_finds_hebrew_passages_through_the_glossary(offline):
    """Even without the meaning side, the method's terms an Arabic question uses are searched
    for in Hebrew; the answer speaks Arabic and says its sources are in Hebrew."""
    answer = offline.answer("ما هي الميزانية المطلوبة للخطة؟", no_forum("he"))
    assert answer.covered and answer.citations
    assert answer.text.startswith("ما ورد في الوثائق:")
    assert "المصادر مكتوبة بالعبرية" in answer.text
    assert any("תקציב" in c.text for c in answer.citations)


def test_with_neither_glossary_nor_meaning_a_question_in_arabic_is_told_the_documents_are_in_hebrew(
        offline, shipped_retriever):
    """Not "the documents do not cover this": they may well, in Hebrew."""
    bare = Retriever(shipped_retriever.passages, shipped_retriever.rankers, shipped_retriever.weights,
                     rrf_k=shipped_retriever.rrf_k, candidates=shipped_retriever.candidates,
                     synonyms=shipped_retriever.synonyms, lexicon=shipped_retriever.lexicon)  # no glossary
    offline = OfflineAnswerer(bare, offline.playbook, threshold=offline.threshold, passages=offline.passages)
    answer = offline.answer("ما هي الميزانية المطلوبة للخطة؟", no_forum("ar"))
    assert not answer.covered and answer.citations == ()
    assert answer.text == ("الوثائق في المستودع مكتوبة بالعبرية، والسؤال بلغة أخرى لا يكاد يجد فيها شيئًا. "
                           "للبحث فيها، صوغوا السؤال بالعبرية.")
    # The playbook says each step in Arabic and in Hebrew: a question about a step finds its card,
    # and the documents are searched for the step in Hebrew.
    with_card = offline.answer("كيف نبني خريطة الطريق بعد المنتدى؟", no_forum("ar"))
    assert with_card.card is not None and "ما ورد في الوثائق:" in with_card.text
    assert {c.passage_id for c in with_card.citations} > set(with_card.card.passage_ids)
    assert with_card.text.count("المصادر مكتوبة بالعبرية.") == 1  # one line: the sources are in Hebrew
    assert "لا تستخدم الوثائق" not in answer.text + with_card.text  # the language notice says why


def test_an_answer_numbers_its_citations_and_quotes_its_passages(offline):
    answer = offline.answer("מה עושים עם הדו\"ח הראשוני של המיפוי?", HE)
    assert answer.mode is Mode.OFFLINE and answer.covered
    numbers = [c.number for c in answer.citations]
    assert numbers == list(range(1, len(numbers) + 1)) and 3 <= len(numbers) <= 7
    referenced = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert referenced == set(numbers)
    # Each extracted sentence comes from the passage it cites, as read (visual-order lines repaired).
    by_number = {c.number: collapse_for_match(reading_order(c.text)) for c in answer.citations}
    for line in answer.text.splitlines():
        if line.startswith("• "):
            sentence, number = re.match(r"• (.*) \[(\d+)\]$", line).groups()
            assert collapse_for_match(sentence) in by_number[int(number)]


def test_a_question_naming_a_meeting_gets_its_playbook_card_first(offline):
    answer = offline.answer("מה התוצרים של המפגש השני?", HE)
    assert answer.card is not None and answer.card.reason is CardReason.MEETING and answer.card.meeting == 2
    assert answer.text.startswith("מספר ההנחיה: מפגש 2")
    assert "אתגרים מדורגים" in answer.text  # an output of meeting 2, from the playbook
    assert answer.citations[0].passage_id in answer.card.passage_ids


def test_answers_speak_the_language_of_the_question(offline):
    answer = offline.answer("What are the outputs of meeting 2?", no_forum("he"))
    assert answer.text.startswith("From the playbook: Meeting 2")
    assert "Prioritised challenges" in answer.text
    hebrew = offline.answer("מה התוצרים של המפגש השני?", no_forum("en"))  # an English screen, a Hebrew question
    assert hebrew.text.startswith("מתוך המדריך") or "אתגרים מדורגים" in hebrew.text.split("\n")[0] + hebrew.text


def test_an_empty_question_is_a_clear_error(offline):
    with pytest.raises(EmptyQueryError):
        offline.answer("   ", HE)


def test_as_dict_is_the_cli_shape(offline):
    data = offline.answer("כמה אנשים אמורים להשתתף בכל צוות מקצועי?", HE).as_dict()
    assert data["mode"] == "offline" and data["answer"]
    assert set(data["citations"][0]) == {"document", "section", "passage_id", "text"}


def test_a_typing_slip_is_answered_and_the_answer_says_what_was_searched(offline):
    # As typed, "האתרגים" matches nothing and the question was refused.
    answer = offline.answer("מה עושים עם האתרגים שעלו?", HE)
    assert answer.covered and answer.citations
    assert answer.text.startswith('חיפשתי "האתגרים" במקום "האתרגים".\n\nמה כתוב במסמכים:')
    assert any("אתגרים" in c.text for c in answer.citations)
    assert "לא משתמשים" not in answer.text
    screen = offline.answer("מי יושב במינלהת היישובית?", no_forum("en"))  # asked in Hebrew: said in Hebrew
    assert screen.covered and screen.text.startswith('חיפשתי "במינהלת" במקום "במינלהת".')
    assert not any(line.startswith(("חיפשתי", "Searched"))
                   for line in offline.answer("מי מוביל את פורום העיצוב?", HE).text.splitlines())


def test_a_question_typed_with_the_keyboard_in_english_is_answered(offline):
    answer = offline.answer("nv guaho go vt,drho agku?", HE)  # "מה עושים עם האתגרים שעלו?"
    assert answer.covered and answer.citations
    # The Latin question is isolated, so the right-to-left line keeps its "?" at its end.
    assert answer.text.startswith('חיפשתי "מה עושים עם האתגרים שעלו?" במקום "\u2068nv guaho go vt,drho agku?\u2069".')
    assert "בעברית" not in answer.text  # not told to ask in Hebrew: it was asked in Hebrew


@pytest.mark.slow
def test_a_question_about_a_city_service_is_told_the_documents_do_not_cover_it_in_its_language(
        dense_retriever, shipped_playbook_for_chat):
    """Read by meaning and found nearer to a services question than to any passage: not "ask in
    Hebrew" (the question was read), and no fact of the method its words touch ("when ... the
    municipality" is not the meetings' timetable)."""
    from assistant.i18n import translate

    defaults = Settings(dense_weight=1.0)
    answerer = OfflineAnswerer(dense_retriever, shipped_playbook_for_chat, threshold=defaults.chat_min_score,
                               passages=defaults.chat_passages, meaning_threshold=defaults.meaning_threshold,
                               elsewhere_margin=defaults.elsewhere_margin)
    for question, language in (("متى يُفتح التسجيل لرياض الأطفال البلدية؟", "ar"),
                               ("מה המחיר של מנוי חודשי לחדר הכושר העירוני?", "he")):
        draft = answerer.prepare(question, no_forum("he"))
        assert draft.evidence.nearer_elsewhere and draft.fact is None, question
        answer = answerer.compose(draft, no_forum("he"))
        assert not answer.covered and answer.citations == ()
        assert answer.text == translate("chat.not_covered", language), answer.text
