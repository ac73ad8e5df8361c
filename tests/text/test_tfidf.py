"""Our TF-IDF equals scikit-learn's (which it replaces on the search path, for start-up time)."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from assistant.text.normalize import analyze
from assistant.text.tfidf import Tfidf, char_wb_ngrams

TEXTS = ["פורום העיצוב נפגש ארבע פעמים בשנה", "תשתיות חברתיות ותשתית אחת", "منتدى التصميم يجتمع",
         "STEM skills  and\tthe 21st century", "א", "", "הצוות יכלול 10-15 שותפים"]
QUERIES = ["תשתית חברתית", "פורום", "STEM", "منتدى", "לא קיים בכלל", ""]


@pytest.mark.parametrize("ngram_range", [(3, 5), (2, 4)])
def test_char_ngrams_equal_scikit_learns(ngram_range):
    ours, theirs = Tfidf("char_wb", ngram_range), TfidfVectorizer(analyzer="char_wb", ngram_range=ngram_range,
                                                                   sublinear_tf=True)
    a, b = ours.fit_transform(TEXTS), theirs.fit_transform(TEXTS)
    assert np.allclose(a.toarray(), b.toarray())
    assert np.allclose((a @ ours.transform(QUERIES).T).toarray(), (b @ theirs.transform(QUERIES).T).toarray())


def test_a_callable_analyzer_equals_scikit_learns():
    ours, theirs = Tfidf(analyze), TfidfVectorizer(analyzer=analyze, sublinear_tf=True)
    assert np.allclose(ours.fit_transform(TEXTS).toarray(), theirs.fit_transform(TEXTS).toarray())
    assert np.allclose(ours.transform(QUERIES).toarray(), theirs.transform(QUERIES).toarray())


def test_the_ngrams_are_scikit_learns_short_words_included():
    theirs = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    for text in ("a", "ab", "abc", "  פורום   העיצוב ", "ECOSTEM21כלל", ""):
        assert char_wb_ngrams(text, 3, 5) == theirs(text)


def test_fit_then_transform_is_fit_transform():
    ours = Tfidf("char_wb", (3, 5)).fit(TEXTS)
    assert np.allclose(ours.transform(TEXTS).toarray(), Tfidf("char_wb", (3, 5)).fit_transform(TEXTS).toarray())
