"""briefer.tfidf computes scikit-learn's TfidfVectorizer matrices exactly (scikit-learn is a test dependency)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from nlp_fixtures import analysed
from scipy import sparse

from briefer import tfidf
from briefer.group import content_stems
from briefer.stories import SHARED_FROM, _Terms, article_features

text = pytest.importorskip("sklearn.feature_extraction.text")

DOCS = [
    ["ceasefire", "talks", "resume", "in", "doha", "talks"],
    ["talks", "in", "istanbul", "end", "without", "ceasefire", "ceasefire", "ceasefire"],
    ["floods", "hit", "the", "coast"],
    ["zebra", "apple", "talks", "doha", "doha"],
    ["apple", "floods", "apple"],
    [],
]


def _identical(ours: sparse.csr_matrix, theirs: sparse.spmatrix) -> None:
    """Same shape, same entries in the same stored order, same bits."""
    theirs = sparse.csr_matrix(theirs)
    assert ours.shape == theirs.shape
    np.testing.assert_array_equal(ours.indptr, theirs.indptr)
    np.testing.assert_array_equal(ours.indices, theirs.indices)
    np.testing.assert_array_equal(ours.data, theirs.data)


def _vectorizer(sublinear_tf: bool, min_df: int):  # type: ignore[no-untyped-def]
    return text.TfidfVectorizer(analyzer=lambda seq: list(seq), sublinear_tf=sublinear_tf, min_df=min_df)


def _corpora() -> list[list[list[str]]]:
    items = analysed()
    features = [article_features(item) for item in items]
    return [
        DOCS,
        [content_stems((*i.title_lemmas, *i.lead_lemmas, *i.body_lemmas)) for i in items],
        [words for words, _ in features],
        [specifics for _, specifics in features],
        [list(lemmas) for item in items for lemmas in item.sentence_lemmas],
    ]


@pytest.mark.parametrize("sublinear_tf", [False, True])
@pytest.mark.parametrize("min_df", [1, 2])
def test_fit_transform_is_scikit_learns(sublinear_tf: bool, min_df: int) -> None:
    for docs in _corpora():
        vectorizer = _vectorizer(sublinear_tf, min_df)
        theirs = vectorizer.fit_transform(docs)
        model, ours = tfidf.fit_transform(docs, sublinear_tf=sublinear_tf, min_df=min_df)
        _identical(ours, theirs)
        assert model.vocabulary == vectorizer.vocabulary_
        np.testing.assert_array_equal(model.idf, vectorizer.idf_)
        # products add up in the same order too
        np.testing.assert_array_equal((ours @ ours.T).toarray(), (theirs @ theirs.T).toarray())


@pytest.mark.parametrize("min_df", [1, 2])
def test_transform_is_scikit_learns(min_df: int) -> None:
    for docs in _corpora():
        vectorizer = _vectorizer(True, min_df).fit(docs)
        model, counts = tfidf.Tfidf.fit(docs, sublinear_tf=True, min_df=min_df)
        others: Sequence[Sequence[str]] = [*docs[::-1], ["unknown", "words"], []]
        _identical(model.transform(others), vectorizer.transform(others))
        # The counts of the fitted documents, sorted, are their transform (what stories uses).
        counts.sort_indices()
        _identical(model.weigh(counts), vectorizer.transform(docs))


def test_lowered_idf_as_stories_uses_it() -> None:
    """stories' drop_common: IDF minus one, so a term in every document weighs nothing."""
    docs = [*DOCS[:5], ["talks", "apple"]]
    vectorizer = _vectorizer(True, 2).fit(docs)
    vectorizer.idf_ = vectorizer.idf_ - 1.0
    model, counts = tfidf.Tfidf.fit(docs, sublinear_tf=True, min_df=2)
    model.idf = model.idf - 1.0
    counts.sort_indices()
    _identical(model.weigh(counts), vectorizer.transform(docs))


def test_smoothed_idf_and_unit_rows() -> None:
    model, matrix = tfidf.fit_transform([["a", "b"], ["a"], ["a", "c", "c"]])
    assert model.vocabulary == {"a": 0, "b": 1, "c": 2}
    np.testing.assert_allclose(model.idf, [np.log(4 / 4) + 1, np.log(4 / 2) + 1, np.log(4 / 2) + 1])
    np.testing.assert_allclose(np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()), [1.0, 1.0, 1.0])


def test_no_term_raises_value_error_like_scikit_learn() -> None:
    with pytest.raises(ValueError):
        tfidf.fit_transform([[], []])
    with pytest.raises(ValueError):
        tfidf.fit_transform([["a"], ["b"]], min_df=2)


def test_stories_subsets_are_scikit_learns() -> None:
    """stories counts a theme's tokens once; the TF-IDF of any subset is what a vectorizer fitted
    on that subset (then transforming it) gives, with drop_common's lowered IDF too."""
    for docs in [*_corpora()[2:4], DOCS]:
        terms = _Terms(docs)
        n = len(docs)
        for members in (list(range(n)), list(range(0, n, 2)), [0, 1, 2], list(range(1, min(n, 6))), [n - 1]):
            subset = [docs[i] for i in members]
            for drop_common in (False, True):
                vectorizer = _vectorizer(True, 2 if len(subset) >= SHARED_FROM else 1)
                ours = terms.tfidf(members, drop_common)
                try:
                    vectorizer.fit(subset)
                except ValueError:  # no term left: a zero column
                    assert ours.shape == (len(subset), 1) and ours.nnz == 0
                    continue
                if drop_common:
                    vectorizer.idf_ = vectorizer.idf_ - 1.0
                _identical(ours, vectorizer.transform(subset))
