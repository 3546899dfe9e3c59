"""TF-IDF on SciPy sparse matrices: what scikit-learn's ``TfidfVectorizer`` computes, without scikit-learn.

Importing scikit-learn was a large part of every cold run (docs/performance.md), and its
vectorizer's checks and copies cost more than the arithmetic on the small
matrices of a theme's stories. This module computes the very same matrices
for documents that are already token lists (a vectorizer with a callable
``analyzer``), with the vectorizer's defaults: smoothed IDF
``ln((1 + n) / (1 + df)) + 1``, optionally sublinear TF ``1 + ln(tf)``, terms in
fewer than ``min_df`` documents left out, rows scaled to unit length.

The results are bit for bit scikit-learn's, not only equal up to rounding:
columns are the terms in sorted order, and the entries of each row are stored
in the order scikit-learn leaves them (the order in which the terms were first
seen in the documents for a fitted matrix, column order for a transformed one),
so row norms and products add up in the same order. ``tests/test_tfidf.py``
compares both on real text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse


@dataclass
class Tfidf:
    """A fitted TF-IDF model: the vocabulary (term -> column) and each column's IDF."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    sublinear_tf: bool = False

    @classmethod
    def fit(
        cls, docs: Sequence[Iterable[str]], sublinear_tf: bool = False, min_df: int = 1
    ) -> tuple[Tfidf, sparse.csr_matrix]:
        """The model learned from ``docs``, and their term counts in its columns.

        Raises ``ValueError`` when no term is left (as scikit-learn does).
        The counts' entries keep scikit-learn's order in each row: by when their term was
        first seen; :meth:`weigh` turns them into the vectorizer's ``fit_transform``, and the
        same after ``sort_indices()`` into its ``transform`` of the same documents.
        """
        seen: dict[str, int] = {}  # term -> order of first appearance
        indices: list[int] = []
        values: list[int] = []
        indptr = [0]
        for doc in docs:
            counts = Counter(doc)  # keys in order of first appearance, as scikit-learn counts
            indices.extend([seen.setdefault(term, len(seen)) for term in counts])
            values.extend(counts.values())
            indptr.append(len(indices))
        if not seen:
            raise ValueError("empty vocabulary")
        n = len(indptr) - 1
        counts_matrix = sparse.csr_matrix(
            (np.asarray(values, dtype=np.float64), np.asarray(indices, dtype=np.int32), np.asarray(indptr, np.int32)),
            shape=(n, len(seen)),
        )
        counts_matrix.sort_indices()  # by first appearance: scikit-learn sorts before renumbering
        df = np.bincount(counts_matrix.indices, minlength=len(seen))
        keep = df >= min_df
        if not keep.any():
            raise ValueError("no term is in min_df documents")
        terms = [term for term, k in zip(seen, keep, strict=True) if k]
        order = sorted(range(len(terms)), key=terms.__getitem__)
        column = np.empty(len(seen), dtype=np.int32)  # first-appearance number -> column (sorted term order)
        column[np.flatnonzero(keep)[order]] = np.arange(len(terms), dtype=np.int32)
        if not keep.all():
            entries = keep[counts_matrix.indices]
            counts_matrix = sparse.csr_matrix(
                (
                    counts_matrix.data[entries],
                    counts_matrix.indices[entries],
                    np.concatenate(([0], np.cumsum(entries, dtype=np.int64))).astype(np.int32)[counts_matrix.indptr],
                ),
                shape=counts_matrix.shape,
            )
        counts_matrix = sparse.csr_matrix(
            (counts_matrix.data, column[counts_matrix.indices], counts_matrix.indptr), shape=(n, len(terms))
        )
        counts_matrix.has_sorted_indices = False  # entries stay in first-appearance order, as scikit-learn's do
        idf = smoothed_idf(np.bincount(counts_matrix.indices, minlength=len(terms)), n)
        vocabulary = {terms[j]: rank for rank, j in enumerate(order)}
        return cls(vocabulary, idf, sublinear_tf), counts_matrix

    def counts(self, docs: Sequence[Iterable[str]]) -> sparse.csr_matrix:
        """Term counts of ``docs`` in the model's columns (unknown terms ignored), columns in order."""
        vocabulary = self.vocabulary
        indices: list[int] = []
        values: list[int] = []
        indptr = [0]
        for doc in docs:
            counts = Counter(term for term in doc if term in vocabulary)
            indices.extend([vocabulary[term] for term in counts])
            values.extend(counts.values())
            indptr.append(len(indices))
        matrix = sparse.csr_matrix(
            (np.asarray(values, dtype=np.float64), np.asarray(indices, dtype=np.int32), np.asarray(indptr, np.int32)),
            shape=(len(indptr) - 1, len(vocabulary)),
        )
        matrix.sort_indices()
        return matrix

    def weigh(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        """TF-IDF rows of unit length from term counts (a new matrix; ``counts`` is left alone)."""
        return unit_rows(counts, self.idf, self.sublinear_tf)

    def transform(self, docs: Sequence[Iterable[str]]) -> sparse.csr_matrix:
        """TF-IDF rows of ``docs`` in the model's space."""
        return self.weigh(self.counts(docs))


def smoothed_idf(df: np.ndarray, documents: int) -> np.ndarray:
    """``ln((1 + n) / (1 + df)) + 1`` of document frequencies, computed as scikit-learn does."""
    df = df.astype(np.float64) + 1.0
    idf = np.full_like(df, float(documents + 1)) / df
    np.log(idf, out=idf)
    idf += 1.0
    return idf


UNIT_BLOCK = 4096
""":func:`unit_rows` weighs and scales the rows of a matrix this many at a time: over the whole matrix at once it
made four arrays the size of its values for a moment (the weights of each value, the squares, the lengths
repeated, its columns copied): some 250 MB at 50,000 articles each time the scoring's rounds made a theme's space
without its keywords, the scoring child's peak (docs/performance.md, session 46). Each row's sum is its own, so
the floats are the same whatever the block."""


def unit_values(counts: sparse.csr_matrix, idf: np.ndarray, sublinear_tf: bool = False) -> np.ndarray:
    """The values of :func:`unit_rows` (in ``counts``' stored order), :data:`UNIT_BLOCK` rows at a time."""
    data = counts.data.astype(np.float64, copy=True)
    indices, indptr = counts.indices, counts.indptr
    rows, width = counts.shape
    ones = np.ones(width)
    for start in range(0, rows, UNIT_BLOCK):
        stop = min(start + UNIT_BLOCK, rows)
        first, last = int(indptr[start]), int(indptr[stop])
        part = data[first:last]  # a view: changed in place
        if sublinear_tf:
            np.log(part, out=part)
            part += 1.0
        part *= idf[indices[first:last]]
        # Each row's sum of squares added up in stored order (a sparse product with ones does
        # exactly that), then divided by its root, as scikit-learn's normalize does.
        bounds = indptr[start : stop + 1] - first
        squares = sparse.csr_matrix((part * part, indices[first:last], bounds), shape=(stop - start, width))
        norms = np.sqrt(squares @ ones)
        norms[norms == 0.0] = 1.0
        part /= np.repeat(norms, np.diff(bounds))
    return data


def unit_rows(counts: sparse.csr_matrix, idf: np.ndarray, sublinear_tf: bool = False) -> sparse.csr_matrix:
    """TF-IDF rows of unit length from term counts (a new matrix; ``counts`` is left alone)."""
    out = sparse.csr_matrix(
        (unit_values(counts, idf, sublinear_tf), counts.indices.copy(), counts.indptr.copy()), shape=counts.shape
    )
    out.has_sorted_indices = counts.has_sorted_indices
    return out


def fit_transform(
    docs: Sequence[Iterable[str]], sublinear_tf: bool = False, min_df: int = 1
) -> tuple[Tfidf, sparse.csr_matrix]:
    """The model fitted on ``docs`` and their TF-IDF rows (``TfidfVectorizer.fit_transform``)."""
    model, counts = Tfidf.fit(docs, sublinear_tf, min_df)
    return model, model.weigh(counts)
