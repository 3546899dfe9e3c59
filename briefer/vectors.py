"""Pretrained word vectors: what English says about which words go together, for placing
articles that use none of a theme's keywords.

GloVe 6B in 50 dimensions (Pennington, Socher and Manning, Stanford NLP, 2014; Public Domain
Dedication and License), cut to the 50,000 most frequent lower-case words that are not stop words
and stored as 8-bit integers: 2.2 MB in ``briefer/data/word-vectors.npz``, built by
``scripts/word_vectors.py``. It is read once, the first time a day has an article that its
headline's keywords do not already place (about 0.08 s).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WordVectors:
    """Words and their vectors (rows of ``matrix``, in the order of ``index``)."""

    index: Mapping[str, int]
    matrix: np.ndarray  # words x dimensions (often a read-only memory map)

    def unit(self, words: Sequence[str]) -> np.ndarray:
        """``len(words)`` x dimensions: each word's vector scaled to length 1 (zeros when unknown)."""
        rows = [self.index.get(w, -1) for w in words]
        known = [i for i, r in enumerate(rows) if r >= 0]
        out = np.zeros((len(words), self.matrix.shape[1]))
        if known:
            found = np.asarray(self.matrix[np.array([rows[i] for i in known])], dtype=float)
            norms = np.linalg.norm(found, axis=1, keepdims=True)
            out[known] = np.divide(found, norms, out=np.zeros_like(found), where=norms > 0)
        return out


TABLE = Path(__file__).parent / "data" / "word-vectors.npz"
"""GloVe 6B, 50 dimensions (Stanford NLP, PDDL 1.0): the 50,000 most frequent lower-case words
that are not stop words, each vector of length 1 stored as 8-bit integers (scripts/word_vectors.py)."""


@functools.cache
def load() -> WordVectors | None:
    """The word vectors shipped with briefer, read once (None when the file is missing: placement
    then does without them)."""
    if not TABLE.is_file():
        log.warning("word vectors %s are missing: articles are placed without them", TABLE)
        return None
    with np.load(TABLE) as data:
        words = data["words"].tobytes().decode("ascii").split("\n")
        matrix = data["vectors"]
    log.debug("word vectors: %d words of %d dimensions", len(words), matrix.shape[1])
    return WordVectors({w: i for i, w in enumerate(words)}, matrix)
