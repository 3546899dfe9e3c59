"""Stories: inside one theme, the articles that report the same event.

Two events of the same kind (two ceasefire talks, two celebrity arrests)
share most of their words; what tells them apart are the specifics: who,
where, which numbers and dates. Each article is therefore described twice:

- its *words*: content lemmas of headline, lead and body (the headline
  counted twice);
- its *specifics*: the words of its named entities, the numbers, the month
  names and the capitalised words inside sentences (proper nouns that the
  entity recogniser missed).

Similarity is a weighted mean of the TF-IDF cosine of each description
(sparse matrices, no Python loop over pairs); tokens that only one article
has are dropped, so two articles compare on what they share with the rest. Articles are clustered by
average linkage, cut at ``threshold``. Then every cluster is clustered again
on its own: its IDF is recomputed among its members only, so the words all
its articles share (the kind of event) weigh little and the specifics that
differ (which event) decide. This repeats until no cluster splits.

One threshold rules it all (config ``stories.threshold``); see
``benchmarks/README-stories.md`` for how its default was chosen.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from spacy.lang.en.stop_words import STOP_WORDS

from briefer.models import AnalysedArticle, Story, SummarizedArticle
from briefer.summarize import summarize_group
from briefer.tfidf import smoothed_idf, unit_rows
from briefer.words import TOKEN as _ENTITY_WORD
from briefer.words import WORD as _WORD

DEFAULT_THRESHOLD = 0.2
SHARED_FROM = 5  # from this many articles on, tokens of a single article are ignored
WORD_WEIGHT = 0.3  # share of the plain word similarity; the rest is the specifics'
SUMMARY_SENTENCES = 3
RUNNING_STORY = 4  # a theme of this many articles or more that forms one cluster is looked at again
MAX_DEPTH = 8  # re-clustering rounds; in practice two or three suffice

_NUMBER = re.compile(r"\d+")
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
_MONTHS = {
    "jan": "january",
    "feb": "february",
    "mar": "march",
    "apr": "april",
    "may": "may",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}
_MONTH_NAMES = set(_MONTHS.values())


def _month(word: str) -> str | None:
    if word in _MONTH_NAMES:
        return word
    return _MONTHS.get(word)


@lru_cache(maxsize=65536)
def _token_specific(word: str) -> tuple[str | None, bool]:
    """What a word token adds to the specifics, and whether it does so at a sentence's start too
    (a month does; a capitalised word there is only the sentence's first word)."""
    lower = word.lower()
    month = _month(lower.rstrip("."))
    if month:
        return f"m:{month}", True
    if word[0].isupper() and lower not in STOP_WORDS:
        return f"c:{lower}", False
    return None, False


def _sentence_specifics(text: str, skip_first: bool) -> list[str]:
    out = [f"n:{m.lstrip('0') or '0'}" for m in _NUMBER.findall(text)]
    tokens = _TOKEN.findall(text)
    if not tokens:
        return out
    specific = _token_specific
    first, anywhere = specific(tokens[0])
    if first is not None and (anywhere or not skip_first):
        out.append(first)
    out += [found for found, _ in map(specific, tokens[1:]) if found is not None]
    return out


@lru_cache(maxsize=65536)
def _is_content(lemma: str) -> bool:
    return lemma not in STOP_WORDS and _WORD.fullmatch(lemma) is not None


def article_features(item: AnalysedArticle) -> tuple[list[str], list[str]]:
    """``(words, specifics)`` of one analysed article, as token lists."""

    def content(seq: Sequence[str]) -> list[str]:
        return [w for w in seq if is_content(w)]

    is_content = _is_content
    words = content(item.title_lemmas) * 2 + content(item.lead_lemmas) + content(item.body_lemmas)
    specifics = [
        f"e:{token}"
        for text, _ in item.entities
        for token in _ENTITY_WORD.findall(text.lower())
        if token not in STOP_WORDS
    ]
    specifics += _sentence_specifics(item.article.title, skip_first=False)
    for sentence in item.sentences:
        specifics += _sentence_specifics(sentence, skip_first=True)
    return words, specifics


class _Terms:
    """Token lists counted once, over one vocabulary in sorted order: the TF-IDF of any subset
    of them is then array arithmetic, with no Python loop over tokens. Its columns are the
    subset's terms, still in sorted order, and each row is stored in column order: the matrix
    scikit-learn's ``TfidfVectorizer`` (fitted on the subset, then transforming it) made, to
    the bit, as the clustering used to be computed."""

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        counted = [Counter(doc) for doc in docs]
        vocabulary = sorted({term for counts in counted for term in counts})
        column = {term: j for j, term in enumerate(vocabulary)}
        self.size = len(vocabulary)
        self.ids: list[np.ndarray] = []
        self.counts: list[np.ndarray] = []
        for counts in counted:
            ids = np.fromiter((column[t] for t in counts), dtype=np.int32, count=len(counts))
            values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            order = np.argsort(ids)
            self.ids.append(ids[order])
            self.counts.append(values[order])

    def tfidf(self, members: Sequence[int], drop_common: bool = False) -> sparse.csr_matrix:
        """Unit TF-IDF rows of the ``members``, IDF taken among them. Among ``SHARED_FROM``
        articles or more, a token found in only one of them is left out: it links that
        article to nothing, and keeping it in the norm only dilutes what the article shares
        with the others.

        ``drop_common``: a token every article has names the running story, not an event:
        weigh it ``ln((1 + n) / (1 + df))``, zero when df = n (the smoothed IDF adds 1).
        """
        n = len(members)
        min_df = 2 if n >= SHARED_FROM else 1
        lengths = np.array([len(self.ids[i]) for i in members], dtype=np.int64)
        if not lengths.sum():  # not one token in any document
            return sparse.csr_matrix((n, 1))
        indices = np.concatenate([self.ids[i] for i in members])
        data = np.concatenate([self.counts[i] for i in members])
        df = np.bincount(indices, minlength=self.size)
        keep = df >= min_df
        if not keep.any():
            return sparse.csr_matrix((n, 1))
        column = np.cumsum(keep, dtype=np.int64) - 1  # term id -> column among the kept terms
        kept = keep[indices]
        rows = np.repeat(np.arange(n), lengths)[kept]
        indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n))))
        counts = sparse.csr_matrix(
            (data[kept], column[indices[kept]].astype(np.int32), indptr.astype(np.int32)),
            shape=(n, int(keep.sum())),
        )
        idf = smoothed_idf(df[keep], n)
        if drop_common:
            idf = idf - 1.0
        return unit_rows(counts, idf, sublinear_tf=True)


def _tfidf(docs: Sequence[Sequence[str]], drop_common: bool = False) -> sparse.csr_matrix:
    """Unit TF-IDF rows of token lists (see :meth:`_Terms.tfidf`)."""
    return _Terms(docs).tfidf(range(len(docs)), drop_common)


def _similarity(
    words: _Terms, specifics: _Terms, members: Sequence[int], word_weight: float, drop_common: bool = False
) -> np.ndarray:
    a = words.tfidf(members, drop_common)
    b = specifics.tfidf(members, drop_common)
    sim = word_weight * (a @ a.T).toarray() + (1 - word_weight) * (b @ b.T).toarray()
    np.fill_diagonal(sim, 1.0)
    return np.clip(sim, 0.0, 1.0)


def similarity(
    words: Sequence[Sequence[str]],
    specifics: Sequence[Sequence[str]],
    word_weight: float = WORD_WEIGHT,
    drop_common: bool = False,
) -> np.ndarray:
    """Pairwise similarity (0-1) of articles, IDF taken among these articles only.

    ``drop_common``: tokens that every article has weigh nothing.
    """
    return _similarity(_Terms(words), _Terms(specifics), range(len(words)), word_weight, drop_common)


def _average_linkage(sim: np.ndarray, threshold: float) -> np.ndarray:
    """Cluster label of each row: average linkage cut where mean similarity falls under ``threshold``."""
    distance = 1.0 - (sim + sim.T) / 2
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(np.clip(distance, 0.0, None), checks=False), method="average")
    return np.asarray(fcluster(tree, t=1.0 - threshold, criterion="distance")) - 1


def cluster(
    words: Sequence[Sequence[str]],
    specifics: Sequence[Sequence[str]],
    threshold: float = DEFAULT_THRESHOLD,
    word_weight: float = WORD_WEIGHT,
    max_depth: int = MAX_DEPTH,
) -> list[list[int]]:
    """Indexes of the articles grouped by event, each group in input order.

    Groups come largest first, ties in order of their first article.
    """
    return _cluster(_Terms(words), _Terms(specifics), len(words), threshold, word_weight, max_depth)


def _cluster(
    words: _Terms,
    specifics: _Terms,
    size: int,
    threshold: float = DEFAULT_THRESHOLD,
    word_weight: float = WORD_WEIGHT,
    max_depth: int = MAX_DEPTH,
) -> list[list[int]]:
    done: list[list[int]] = []
    pending: list[tuple[list[int], int]] = [(list(range(size)), 0)]
    while pending:
        members, depth = pending.pop()
        if len(members) < 2 or depth >= max_depth:
            done.append(members)
            continue
        sim = _similarity(words, specifics, members, word_weight)
        labels = _average_linkage(sim, threshold)
        if depth == 0 and len(members) >= RUNNING_STORY and len(np.unique(labels)) == 1:
            # The whole theme is one cluster: a running story whose every report names the same
            # countries and talks. Look once more, with what all of them share set aside.
            sim = _similarity(words, specifics, members, word_weight, drop_common=True)
            labels = _average_linkage(sim, threshold)
        parts = [[members[i] for i in np.flatnonzero(labels == k)] for k in np.unique(labels)]
        if len(parts) == 1:
            done.append(members)
        else:
            pending.extend((part, depth + 1) for part in parts)
    done.sort(key=lambda group: (-len(group), group[0]))
    return done


def _central(sim: np.ndarray) -> int:
    """Index of the row most similar, on average, to the others (first on ties)."""
    if sim.shape[0] < 2:
        return 0
    return int(np.argmax(sim.sum(axis=1)))


def find_stories(
    items: Sequence[SummarizedArticle],
    threshold: float = DEFAULT_THRESHOLD,
    sentences: int = SUMMARY_SENTENCES,
) -> tuple[Story, ...]:
    """The stories of one theme: each event once, with every article that reported it.

    An article that is the only report of its event is a story of one article.
    A story's title is the headline of its most central article, its summary
    the multi-article summary of its articles (:func:`summarize_group`; a
    story of one article keeps that article's own summary), and
    its ``article_ids`` keep the order of ``items``. Stories come largest
    first, then in the order of their first article.
    """
    if not items:
        return ()
    feats = [article_features(item.analysed) for item in items]
    words = _Terms([w for w, _ in feats])
    specifics = _Terms([s for _, s in feats])
    stories = []
    groups = _cluster(words, specifics, len(items), threshold)
    # One similarity over the theme serves every story's choice of title (no TF-IDF fit per story).
    whole = _similarity(words, specifics, range(len(items)), WORD_WEIGHT) if any(len(g) > 2 for g in groups) else None
    for group in groups:
        members = [items[i] for i in group]
        central = _central(whole[np.ix_(group, group)]) if whole is not None and len(group) > 2 else 0
        title = members[central].article.title
        stories.append(
            Story(
                title=title,
                # A story of one article is that article: its own summary, in its own order.
                summary=summarize_group(members, sentences) if len(members) > 1 else members[0].summary[:sentences],
                article_ids=tuple(m.article.id for m in members),
            )
        )
    return tuple(stories)
