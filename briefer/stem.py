"""English Snowball stems (Porter2), from PyStemmer's C implementation.

Used by theme matching (lemma, then stem) and by TextRank (as sumy does). It
replaced NLTK's pure-Python ``SnowballStemmer``, whose import (it imports
scikit-learn and SciPy when they are installed) every run that analyses
anything paid, and whose stemming was slower (docs/performance.md). PyStemmer follows
Snowball 3, which stems 28 of the 22,549 words of the BBC benchmark
differently from NLTK, each a fix ("added" -> "add" not "ad", "evening" no
longer "even", "university" apart from "universal"): ROUGE-2 0.5601 against
0.5604 and theme macro F1 0.959 both ways (docs/performance.md).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case word."""
    return str(_stemmer().stemWord(word)) if word else word
