"""Stories: inside one theme, the articles that report the same event.

A story is one event: who did what, where and when. Two events of the same
kind on one day (two offers to host talks, two earthquakes, two games of one
team) share most of their words; what tells them apart are the specifics:
who, where, which numbers and dates. Each article is described three ways:

- its *words*: content lemmas of headline, lead and body (the headline
  counted twice);
- its *specifics*: the words of its named entities, the numbers, the month
  names and the capitalised words inside sentences (proper nouns that the
  entity recogniser missed);
- its *facts*: those specifics as a set, and among them its *lead facts*,
  the ones its headline and first two sentences state.

The theme is clustered in three steps:

1. **Similar articles.** Similarity is a weighted mean of the TF-IDF cosine
   of words and specifics, IDF taken over the theme (sparse matrices, no
   Python loop over pairs; among 5 articles or more a token of a single
   article is dropped). Average linkage, cut at ``threshold``. When the
   whole theme (4 articles or more) forms one cluster, a running story whose
   every report names the same countries and talks, the first look is taken
   again with the tokens every article has weighted zero.
2. **Two events under one cluster.** A cluster of 4 articles or more is
   looked at again with what *all* its members share weighted zero (IDF
   ``ln((1 + n) / (1 + df))`` among its members): the kind of event and the
   day's background no longer count, only what some members share and the
   others lack. It is cut in two (average linkage); the cut stands when each
   part holds together (mean similarity ``SPLIT_COHESION`` or more) and the
   parts hardly touch (``SPLIT_CROSS`` or less). Each part is looked at again.
   Two reports of one event differ in words, not in a set of facts that half
   of them share and the other half lack, so they do not split.
3. **An article with facts of its own.** An article whose lead facts are
   mostly missing from every other article of its cluster (weighted by how
   rare each fact is in the theme, ``ln((1 + n) / (1 + df))``, so the
   crisis's countries and capitals weigh little) reports another event:
   its share found elsewhere under ``ALONE`` makes it a story of its own. A
   pair is parted when neither article's lead facts are found in the other.
   In a theme of fewer than ``SHARED_FROM`` articles a fact's rarity says
   nothing, and this step is left out.

``benchmarks/README-stories.md`` tells how the settings were chosen, on which
topics, and what they score on the others.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Sequence
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
LEAD_SENTENCES = 2  # sentences after the headline whose specifics are an article's lead facts
MIN_PART = 2  # a cluster is cut in two only into parts of this many articles or more (step 2)
SPLIT_COHESION = 0.3  # ... each holding together at least this much, with what all share set aside
SPLIT_CROSS = 0.2  # ... and the two parts at most this similar
LEAD_FACT_WEIGHT = 0.3  # share of the lead facts in that second look
ALONE = 0.2  # an article whose lead facts are found elsewhere in its cluster less than this is alone (step 3)
SIGNATURE_SIZE = 12  # lead facts kept as a story's signature

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


def article_facts(item: AnalysedArticle) -> tuple[frozenset[str], frozenset[str]]:
    """``(lead facts, all facts)`` of one analysed article: the specifics (see
    :func:`article_features`) of its headline and first ``LEAD_SENTENCES`` sentences, with its
    named entities' words; and those with the specifics of the rest of its text. A fact is the
    token without its kind, so an entity's word and the same capitalised word are one fact."""
    lead = [token for text, _ in item.entities for token in _ENTITY_WORD.findall(text.lower())]
    lead = [token for token in lead if token not in STOP_WORDS]
    lead += [t.split(":", 1)[1] for t in _sentence_specifics(item.article.title, skip_first=False)]
    for sentence in item.sentences[:LEAD_SENTENCES]:
        lead += [t.split(":", 1)[1] for t in _sentence_specifics(sentence, skip_first=True)]
    rest = [
        t.split(":", 1)[1]
        for sentence in item.sentences[LEAD_SENTENCES:]
        for t in _sentence_specifics(sentence, skip_first=True)
    ]
    return frozenset(lead), frozenset(lead).union(rest)


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


def _halves(sim: np.ndarray) -> np.ndarray:
    """Label (0 or 1) of each row: average linkage cut into two clusters."""
    distance = 1.0 - (sim + sim.T) / 2
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(np.clip(distance, 0.0, None), checks=False), method="average")
    return np.asarray(fcluster(tree, t=2, criterion="maxclust")) - 1


def _mean_within(sim: np.ndarray, rows: np.ndarray) -> float:
    """Mean similarity of the distinct pairs among ``rows``."""
    k = len(rows)
    block = sim[np.ix_(rows, rows)]
    return float((block.sum() - np.trace(block)) / (k * (k - 1)))


class _Day:
    """What the clustering of one theme needs, counted once: words, specifics, lead facts (as
    :class:`_Terms`) and the facts of each article, with each fact's weight in the theme."""

    def __init__(
        self,
        words: Sequence[Sequence[str]],
        specifics: Sequence[Sequence[str]],
        leads: Sequence[frozenset[str]],
        facts: Sequence[frozenset[str]],
    ) -> None:
        self.size = len(words)
        self.words = _Terms(words)
        self.specifics = _Terms(specifics)
        self.leads = [sorted(lead) for lead in leads]
        self.lead_terms = _Terms(self.leads)
        self.facts = facts
        df = Counter(fact for found in facts for fact in found)
        n = self.size
        # A fact every article states weighs nothing; one stated by a single article, the most.
        self.weight = {fact: math.log((1 + n) / (1 + count)) for fact, count in df.items()}

    def contrast(self, members: Sequence[int], word_weight: float) -> np.ndarray:
        """Similarity among ``members`` with what all of them share weighted zero."""
        a = self.words.tfidf(members, drop_common=True)
        b = self.specifics.tfidf(members, drop_common=True)
        c = self.lead_terms.tfidf(members, drop_common=True)
        lead = LEAD_FACT_WEIGHT
        return (
            (1 - lead) * word_weight * (a @ a.T).toarray()
            + (1 - lead) * (1 - word_weight) * (b @ b.T).toarray()
            + lead * (c @ c.T).toarray()
        )

    def found(self, member: int, others: Sequence[int]) -> float:
        """Share (by weight) of ``member``'s lead facts that some of ``others`` state too; 1.0
        when its lead states nothing of weight."""
        weight = self.weight
        lead = self.leads[member]
        total = math.fsum(weight.get(fact, 0.0) for fact in lead)
        if total <= 0.0:
            return 1.0
        elsewhere = frozenset().union(*(self.facts[o] for o in others))
        return math.fsum(weight.get(fact, 0.0) for fact in lead if fact in elsewhere) / total


def cluster(
    words: Sequence[Sequence[str]],
    specifics: Sequence[Sequence[str]],
    threshold: float = DEFAULT_THRESHOLD,
    word_weight: float = WORD_WEIGHT,
    leads: Sequence[Collection[str]] | None = None,
    facts: Sequence[Collection[str]] | None = None,
) -> list[list[int]]:
    """Indexes of the articles grouped by event, each group in input order.

    ``leads`` and ``facts``: each article's lead facts and all its facts (see
    :func:`article_facts`); without them, an article's specifics serve as both.
    Groups come largest first, ties in order of their first article.
    """
    lead_sets = [frozenset(x) for x in (leads if leads is not None else specifics)]
    fact_sets = [frozenset(x) for x in (facts if facts is not None else specifics)]
    return _cluster(_Day(words, specifics, lead_sets, fact_sets), threshold, word_weight)


def _cluster(day: _Day, threshold: float = DEFAULT_THRESHOLD, word_weight: float = WORD_WEIGHT) -> list[list[int]]:
    if day.size < 2:
        return [[0]] if day.size else []
    everyone = list(range(day.size))
    labels = _average_linkage(_similarity(day.words, day.specifics, everyone, word_weight), threshold)
    if day.size >= RUNNING_STORY and len(np.unique(labels)) == 1:
        # The whole theme is one cluster: a running story whose every report names the same
        # countries and talks. Look once more, with what all of them share set aside.
        sim = _similarity(day.words, day.specifics, everyone, word_weight, drop_common=True)
        labels = _average_linkage(sim, threshold)
    pending = [[int(i) for i in np.flatnonzero(labels == k)] for k in np.unique(labels)]
    done: list[list[int]] = []
    while pending:
        members = pending.pop()
        parts = _split(day, members, word_weight)
        if parts is None:
            parts = _alone(day, members)
        if parts is None:
            done.append(sorted(members))
        else:
            pending.extend(parts)
    done.sort(key=lambda group: (-len(group), group[0]))
    return done


def _split(day: _Day, members: list[int], word_weight: float) -> list[list[int]] | None:
    """The two events under one cluster, or None (see step 2 of the module's description)."""
    if len(members) < 2 * MIN_PART:
        return None
    sim = day.contrast(members, word_weight)
    labels = _halves(sim)
    first, second = np.flatnonzero(labels == 0), np.flatnonzero(labels == 1)
    if min(len(first), len(second)) < MIN_PART:
        return None
    if min(_mean_within(sim, first), _mean_within(sim, second)) < SPLIT_COHESION:
        return None
    if float(sim[np.ix_(first, second)].mean()) > SPLIT_CROSS:
        return None
    return [[members[i] for i in first], [members[i] for i in second]]


def _alone(day: _Day, members: list[int]) -> list[list[int]] | None:
    """The article of ``members`` whose lead facts are least found in the others, set apart when
    that share is under ``ALONE`` (a pair: when neither is found in the other), or None."""
    if len(members) < 2 or day.size < SHARED_FROM:
        return None  # among so few articles, how rare a fact is says nothing
    shares = [day.found(m, [o for o in members if o != m]) for m in members]
    k = int(np.argmin(shares))  # the first on ties: the same article on every run
    if (max(shares) if len(members) == 2 else shares[k]) >= ALONE:
        return None
    return [[members[k]], [m for m in members if m != members[k]]]


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
    facts = [article_facts(item.analysed) for item in items]
    day = _Day([w for w, _ in feats], [s for _, s in feats], [lead for lead, _ in facts], [f for _, f in facts])
    stories = []
    groups = _cluster(day, threshold)
    # One similarity over the theme serves every story's choice of title (no TF-IDF fit per story).
    whole = (
        _similarity(day.words, day.specifics, range(len(items)), WORD_WEIGHT)
        if any(len(g) > 2 for g in groups)
        else None
    )
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
                signature=_signature(day, group),
            )
        )
    return tuple(stories)


def _signature(day: _Day, group: Sequence[int]) -> tuple[str, ...]:
    """What names the story's event, to match it with a story of another day: the lead facts
    stated by the most of its articles, the rarer in the theme first, at most ``SIGNATURE_SIZE``."""
    counts = Counter(fact for i in group for fact in day.leads[i])
    ranked = sorted(counts, key=lambda fact: (-counts[fact], -day.weight.get(fact, 0.0), fact))
    return tuple(ranked[:SIGNATURE_SIZE])
