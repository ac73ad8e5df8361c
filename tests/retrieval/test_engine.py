import pytest

from assistant.errors import EmptyQueryError
from assistant.retrieval.base import Hit
from assistant.retrieval.engine import Retriever
from assistant.retrieval.evaluation import evaluate, load_eval_file
from tests.conftest import DATA


@pytest.mark.parametrize("query", ["", "   ", "\n\t", None])
def test_empty_query_is_a_clear_error(shipped_retriever, query):
    with pytest.raises(EmptyQueryError) as err:
        shipped_retriever.search(query)
    assert "empty" in err.value.message("en")
    assert err.value.message("he")


def test_results_carry_citations(shipped_retriever):
    results = shipped_retriever.search("כמה מפגשים יש לפורום העיצוב?", k=3)
    assert [r.rank for r in results] == [1, 2, 3]
    citation = results[0].citation()
    assert set(citation) >= {"document", "section", "passage_id", "text"}
    assert citation["document"].startswith(("מפת הדרכים", "ECOSTEM21"))
    assert results[0].score >= results[-1].score
    assert "lexical" in results[0].ranks or "ngram" in results[0].ranks


def test_finds_the_funnel_passage(shipped_retriever):
    texts = [" ".join(r.passage.text.split()) for r in shipped_retriever.search("איך בנוי כל מפגש, משפך?", k=5)]
    assert any("עובדים בצורת משפך" in t for t in texts)


def test_nonsense_query_returns_no_results(shipped_retriever):
    assert shipped_retriever.search("qqqzzzxxy", k=5) == []


@pytest.mark.parametrize(
    "name", ["retrieval_dev.he.jsonl", "retrieval_validation.he.jsonl", "retrieval_test.he.jsonl"]
)
def test_dev_questions_recall(shipped_retriever, name):
    items = load_eval_file(DATA / name)
    assert len(items) >= 30
    report = evaluate(items, lambda q, k: [r.passage.text for r in shipped_retriever.search(q, k)], k=5)
    # Measured 0.89-0.95 recall@5 and 0.66-0.72 MRR; the floor guards regressions.
    assert report.recall_at_k >= 0.84, report
    assert report.mrr >= 0.62, report


class _Fixed:
    def __init__(self, name, order):
        self.name, self.order = name, order

    def rank(self, query, k):
        return [Hit(i, 1.0) for i in self.order[:k]]


def test_dense_votes_only_in_languages_its_model_reads():
    passages = [_Text("an english guide"), _Text("an english guide"), _Text("an english guide")]
    lexical, dense = _Fixed("lexical", [0, 1, 2]), _Fixed("dense", [2, 1, 0])
    english_only = Retriever(passages, [lexical, dense], {"lexical": 1, "dense": 5},
                             dense_reads=lambda script: script == "latin")
    assert [r.name for r in english_only.active_rankers("מה זה")] == ["lexical"]
    assert [r.name for r in english_only.active_rankers("what is it")] == ["lexical", "dense"]
    assert english_only.search("what is it", k=1)[0].passage is passages[2]


class _Text:
    def __init__(self, text):
        self.text = text


def test_a_question_in_a_language_the_documents_are_not_written_in_is_recognised():
    guide = ("מפת הדרכים לעבודה רשותית עם שותפים מכל המגזרים. " * 5
             + "STEM ומיומנויות עד 2030, מפגש 4. המועצה המקומית ساجور (local)")
    hebrew = Retriever([_Text(guide)] * 3, [], {})
    assert hebrew.written_in == ("he",)  # the one quoted Arabic name and "STEM" do not count
    assert hebrew.foreign_to_documents("كيف نختار مجالات التركيز؟") == "he"
    assert hebrew.foreign_to_documents("איך בוחרים תחומי מיקוד?") is None
    assert hebrew.foreign_to_documents("STEM") is None  # English terms are used in Hebrew text
    assert hebrew.foreign_to_documents("What are STEM skills?") is None  # half its words are the documents'
    assert hebrew.foreign_to_documents("local STEM") is None
    # One ordinary English word the documents happen to use does not make a question Hebrew.
    assert hebrew.foreign_to_documents("How often does the local management team meet?") == "he"
    assert hebrew.foreign_to_documents("How do we choose focus areas?") == "he"
    assert hebrew.foreign_to_documents("Who leads meeting 4 in 2030?") == "he"  # numbers are no language
    assert hebrew.foreign_to_documents("2030") is None
    both = Retriever([_Text(guide), _Text("خارطة طريق للعمل البلدي مع الشركاء من جميع القطاعات")], [], {})
    assert both.written_in == ("he", "ar")
    assert both.foreign_to_documents("كيف نختار مجالات التركيز؟") is None


def test_the_shipped_guide_is_written_in_hebrew(shipped_retriever):
    assert shipped_retriever.written_in == ("he",)


class _Passage:
    def __init__(self, text, section=""):
        self.text = text
        self.search_text = f"{section}\n{text}" if section else text


def test_word_match_names_the_topic_words_the_documents_never_use():
    guide = Retriever([_Passage("העירייה מקימה פורום עיצוב ובוחרת עקרונות פעולה", section="מפגשים")], [], {})
    match = guide.word_match("כמה עולה חניה בחניון העירייה?")
    # "כמה" is a question word; "העירייה" is in the documents; the rest is not, as typed.
    assert match.content == 4 and match.unmatched == ("עולה", "חניה", "בחניון")
    assert match.unmatched_share == pytest.approx(0.75)
    # Forms count: prefixes, endings, the section heading, and a fuller spelling of a word.
    assert guide.word_match("מי בוחר את העיקרון לפורומים במפגש?").unmatched == ()
    assert guide.word_match("מה עושים?").content == 0 and guide.word_match("מה עושים?").unmatched_share == 0.0


def test_a_word_whose_glossary_synonym_the_documents_use_is_matched():
    from assistant.text.synonyms import SynonymTable

    passages = [_Passage("דש בורד יישובי לקבלת החלטות מבוססות נתונים")]
    plain = Retriever(passages, [], {})
    glossary = Retriever(passages, [], {}, synonyms=SynonymTable.from_lines(["דשבורד, דש בורד"]))
    assert plain.word_match("למה צריך דשבורד?").unmatched == ("דשבורד",)
    assert glossary.word_match("למה צריך דשבורד?").unmatched == ()
    assert glossary.word_match("למה צריך חניון?").unmatched == ("חניון",)
