"""Group: sort the day's articles into the configured themes.

Two steps, so that a theme does not depend on the exact word:

1. Keywords seed each theme. Keywords and phrases match on lemmas reduced to
   their stem, so "mediate" finds "mediated", "mediating", "mediation" and
   "mediator" alike; a match in the headline counts three times, in the lead
   twice, in the rest once. An article is a *confident* match for a theme
   when that score reaches ``min_score`` and is at least twice its score for
   any other theme.
2. Each theme's vocabulary is learned from the day's articles: the TF-IDF
   centroid of its confident matches. Every article is then compared with
   every centroid (cosine similarity, 0 to 1): an article that says "willing
   to facilitate a meeting" lands in Mediation when Mediation's articles use
   those words, whether or not a keyword says so. The centroids are then
   recomputed from the articles so placed, until the placement settles.

The theme score of an article is that similarity. An article fits a theme
when the similarity reaches ``min_similarity`` or its keyword score reaches
``min_score``; with ``multiple=False`` it goes to the fitting theme it is most
similar to, with ``multiple=True`` to every fitting theme whose similarity is
at least ``share`` of its best. An article that fits no theme goes to "Other".
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from briefer.analyse import keyword_lemmas
from briefer.config import Config, Theme
from briefer.executor import Executor, InProcess
from briefer.models import AnalysedArticle, Entity, Story, SummarizedArticle, SummarySentence, ThemeGroup
from briefer.stem import stem
from briefer.tfidf import fit_transform

log = logging.getLogger(__name__)

OTHER = "Other"
TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
BODY_WEIGHT = 1.0
MIN_SCORE = 2.0
CONFIDENT_MARGIN = 2.0
"""A confident keyword match scores at least this many times any other theme."""
MIN_SIMILARITY = 0.1
SEED_SHARE = 0.5  # an article must reach half the median similarity of the theme's confident seeds
SEEDS_FOR_FLOOR = 3  # with fewer seeds their median says little: min_similarity alone
KEYWORD_BONUS = 0.02  # a tie-breaker, not a vote: similarity credited to a theme whose keywords the article uses
"""Cosine similarity to a theme's centroid that makes an article fit the theme."""
SHARE = 0.5
"""With several themes per article: another theme needs at least this share of the best similarity."""
MAX_ROUNDS = 10


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=65536)
def _normalize(lemma: str) -> str:
    """Lemma, then Snowball stem: joins derived forms the lemmatizer keeps apart
    (mediation, mediator -> mediat; negotiation -> negoti)."""
    return stem(lemma)


@dataclass(frozen=True)
class ThemeMatcher:
    name: str
    phrases: tuple[tuple[str, ...], ...]

    @classmethod
    def from_theme(cls, theme: Theme) -> ThemeMatcher:
        phrases = tuple(tuple(_normalize(w) for w in seq) for seq in keyword_lemmas(theme.keywords))
        return cls(theme.name, phrases)

    def count(self, lemmas: Sequence[str]) -> int:
        return self.count_in(_ngrams(lemmas, self.lengths))

    def count_in(self, ngrams: Counter[tuple[str, ...]]) -> int:
        """Occurrences of the keywords among counted n-grams (see :func:`_ngrams`)."""
        return sum(ngrams[phrase] for phrase in self.phrases)

    @property
    def lengths(self) -> frozenset[int]:
        return frozenset(len(p) for p in self.phrases)

    def score(self, item: AnalysedArticle) -> float:
        return _weighted(self.count(item.title_lemmas), self.count(item.lead_lemmas), self.count(item.body_lemmas))


def _weighted(title: int, lead: int, body: int) -> float:
    return TITLE_WEIGHT * title + LEAD_WEIGHT * lead + BODY_WEIGHT * body


def _ngrams(lemmas: Sequence[str], lengths: Iterable[int]) -> Counter[tuple[str, ...]]:
    """Every n-gram of stems of the given lengths, counted: one pass over an article for all themes."""
    seq = [_normalize(w) for w in lemmas]
    counts: Counter[tuple[str, ...]] = Counter()
    for n in lengths:
        counts.update(tuple(seq[i : i + n]) for i in range(len(seq) - n + 1))
    return counts


class _PhraseCounter:
    """Counts given phrases among the stems of lemma sequences: for them, what :func:`_ngrams`
    counts, without building every other n-gram of an article (a tuple per word and length)."""

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        unique = set(phrases)
        self.single = [p for p in unique if len(p) == 1]
        self.longer = {p for p in unique if len(p) > 1}
        self.lengths = sorted({len(p) for p in self.longer})
        self.firsts = {p[0] for p in self.longer}

    def __call__(self, lemmas: Sequence[str]) -> Counter[tuple[str, ...]]:
        seq = list(map(_normalize, lemmas))
        stems = Counter(seq)
        counts: Counter[tuple[str, ...]] = Counter({p: stems[p[0]] for p in self.single if p[0] in stems})
        if self.longer:
            firsts, longer, size = self.firsts, self.longer, len(seq)
            for i in [i for i, stem in enumerate(seq) if stem in firsts]:
                for n in self.lengths:
                    if i + n <= size and (gram := tuple(seq[i : i + n])) in longer:
                        counts[gram] += 1
        return counts


def keyword_scores(items: Sequence[AnalysedArticle], matchers: Sequence[ThemeMatcher]) -> np.ndarray:
    """Articles x themes keyword scores; each article's stems are computed once, for all themes."""
    count = _PhraseCounter(p for m in matchers for p in m.phrases)
    rows = []
    for item in items:
        parts = [count(p) for p in (item.title_lemmas, item.lead_lemmas, item.body_lemmas)]
        rows.append([_weighted(*(m.count_in(c) for c in parts)) for m in matchers])
    return np.array(rows, dtype=float).reshape(len(items), len(matchers))


def _content(lemmas: Sequence[str]) -> list[str]:
    stop = _stop_words()
    return [_normalize(w) for w in lemmas if w not in stop and w.isalpha() and len(w) > 1]


def article_vectors(items: Sequence[AnalysedArticle]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF vectors of the articles (headline, lead and body stems), fitted on the day."""
    docs = [_content((*item.title_lemmas, *item.lead_lemmas, *item.body_lemmas)) for item in items]
    try:
        return fit_transform(docs, sublinear_tf=True)[1]
    except ValueError:  # no words at all
        return sparse.csr_matrix((len(items), 1))


def centroid_similarity(vectors: sparse.csr_matrix, members: np.ndarray) -> np.ndarray:
    """Articles x themes: cosine similarity of each article with each theme's centroid.

    A theme's centroid is the sum of its members' (unit) vectors. A member is compared with
    the centroid of the *other* members, so an article never votes for
    itself: with a handful of articles a theme, self-similarity would
    otherwise keep any member in its theme.
    """
    n, k = members.shape
    out = np.zeros((n, k))
    for t in range(k):
        column = members[:, t]
        if not column.any():
            continue
        total = np.asarray(vectors[column].sum(axis=0)).ravel()
        keep = np.flatnonzero(total)
        part = vectors[:, keep]
        weights = total[keep]
        dots = np.asarray(part @ weights).ravel()
        own = np.asarray(part.multiply(part).sum(axis=1)).ravel()
        norm2 = np.full(n, float(weights @ weights))
        norm2[column] = norm2[column] - 2 * dots[column] + own[column]
        dots[column] = dots[column] - own[column]
        norms = np.sqrt(np.maximum(norm2, 0.0))
        out[:, t] = np.divide(dots, norms, out=np.zeros(n), where=norms > 1e-12)
    return out


def _confident(keywords: np.ndarray, min_score: float) -> np.ndarray:
    """Articles x themes: True where the keyword match is confident."""
    if keywords.shape[1] == 0:
        return np.zeros_like(keywords, dtype=bool)
    best = keywords.max(axis=1, keepdims=True)
    others = np.where(keywords == best, -np.inf, keywords)
    second = np.maximum(others.max(axis=1, keepdims=True), 0.0)
    ties = (keywords == best).sum(axis=1, keepdims=True) > 1
    return (keywords == best) & (best >= min_score) & (best >= CONFIDENT_MARGIN * second) & ~ties


@dataclass(frozen=True)
class ThemeScores:
    """Per article and theme: keyword score, similarity to the theme's centroid, and placement."""

    themes: tuple[str, ...]
    keywords: np.ndarray  # articles x themes
    similarity: np.ndarray  # articles x themes
    placed: np.ndarray  # articles x themes, bool


def score_themes(
    items: Sequence[AnalysedArticle],
    themes: Sequence[Theme],
    min_score: float = MIN_SCORE,
    multiple: bool = False,
    min_similarity: float = MIN_SIMILARITY,
) -> ThemeScores:
    """Keyword scores, learned similarities and the resulting placement of every article."""
    matchers = [ThemeMatcher.from_theme(t) for t in themes]
    names = tuple(m.name for m in matchers)
    n, k = len(items), len(matchers)
    keywords = keyword_scores(items, matchers)
    if n == 0 or k == 0:
        return ThemeScores(names, keywords, np.zeros((n, k)), np.zeros((n, k), dtype=bool))
    vectors = article_vectors(items)
    seeds = _confident(keywords, min_score)
    members = seeds
    similarity = np.zeros((n, k))
    placed = np.zeros((n, k), dtype=bool)
    for _ in range(MAX_ROUNDS):
        similarity = centroid_similarity(vectors, members)
        updated = _place(similarity, keywords, min_score, multiple, _floors(similarity, seeds, min_similarity))
        settled = np.array_equal(updated, placed)
        placed = updated
        members = placed | seeds
        if settled:
            break
    log.debug("themes: %d confident keyword matches, %d placed", seeds.any(axis=1).sum(), placed.any(axis=1).sum())
    return ThemeScores(names, keywords, similarity, placed)


def _floors(similarity: np.ndarray, seeds: np.ndarray, min_similarity: float) -> np.ndarray:
    """Per theme, the similarity an article needs to join it: ``min_similarity``, or a share of
    what the theme's own confident seeds typically reach, whichever is higher. A theme whose
    seeds all stand close to its profile does not take in an article that merely shares some
    of its everyday words (trucks and roads for a closed border crossing)."""
    floors = np.full(similarity.shape[1], min_similarity)
    for k in range(similarity.shape[1]):
        reached = similarity[seeds[:, k], k]
        if reached.size >= SEEDS_FOR_FLOOR:
            floors[k] = max(min_similarity, SEED_SHARE * float(np.median(reached)))
    return floors


def _place(
    similarity: np.ndarray,
    keywords: np.ndarray,
    min_score: float,
    multiple: bool,
    min_similarity: np.ndarray | float,
) -> np.ndarray:
    named = keywords >= min_score  # the article uses the theme's own words, in its headline or lead at least
    fits = (similarity >= min_similarity) | named
    # Among the themes it fits, the one whose keywords it uses goes first unless another is clearly closer.
    ranked = np.where(fits, similarity + KEYWORD_BONUS * named, -np.inf)
    best = ranked.max(axis=1, keepdims=True)
    if multiple:
        return fits & (ranked >= SHARE * best)
    first = np.zeros_like(fits)
    rows = np.flatnonzero(np.isfinite(best[:, 0]))
    first[rows, ranked[rows].argmax(axis=1)] = True
    return first


def assign_themes(
    items: Sequence[AnalysedArticle],
    themes: Sequence[Theme],
    min_score: float = MIN_SCORE,
    multiple: bool = False,
    min_similarity: float = MIN_SIMILARITY,
) -> dict[str, list[tuple[AnalysedArticle, float]]]:
    """Theme name -> its articles with their theme scores, in config order, then "Other".

    Inside a theme, articles come by descending score, then newest first.
    An article in "Other" carries its best similarity to any theme.
    """
    scores = score_themes(items, themes, min_score, multiple, min_similarity)
    groups: dict[str, list[tuple[AnalysedArticle, float]]] = {name: [] for name in scores.themes}
    groups[OTHER] = []
    for a, item in enumerate(items):
        row = scores.placed[a]
        if row.any():
            for t in np.flatnonzero(row):
                groups[scores.themes[t]].append((item, float(scores.similarity[a, t])))
        else:
            best = float(scores.similarity[a].max()) if len(scores.themes) else 0.0
            groups[OTHER].append((item, best))
    for members in groups.values():
        members.sort(key=lambda pair: (-pair[1], -pair[0].article.published.timestamp(), pair[0].article.id))
    return groups


def group_themes(
    analysed: Sequence[AnalysedArticle],
    summarized: Sequence[SummarizedArticle],
    config: Config,
    executor: Executor | None = None,
) -> list[ThemeGroup]:
    """The themes of the day: articles sorted into themes, each with its summary and key actors.

    Theme grouping lives here, in one place; stories are found inside each theme and
    inside "Other" (with ``themes: []``, every article: the day's top stories).
    Each theme's summary, key actors and stories are worked out apart from the
    others, so the themes are shared out among the ``executor``'s workers.
    Every configured theme is listed, in config order, with no articles when it
    has none today (a desk needs to know that nothing happened on it); "Other"
    only when some article fits no theme; none at all on a day without articles.
    """
    from briefer.entities import without
    from briefer.quotes import theme_quotes
    from briefer.stories import find_stories  # imported before workers fork: once, not in each

    by_id = {s.article.id: s for s in summarized}
    groups = assign_themes(
        analysed, config.themes, config.grouping.min_score, config.grouping.multiple, config.grouping.min_similarity
    )
    members = {name: tuple(by_id[a.article.id] for a, _ in found) for name, found in groups.items() if found}
    work = sorted((name for name in members if name != OTHER), key=lambda name: -len(members[name]))
    step = functools.partial(
        theme_parts, threshold=config.stories.threshold, sentences=config.summaries.theme_sentences
    )
    # Largest first: each process claims the next theme as it becomes free, so they finish together.
    shared = (executor or InProcess()).map(step, [members[name] for name in work], chunk=1, min_items=2)
    parts = dict(zip(work, shared, strict=True))
    if OTHER in members:
        # "Other" (every article of a day without themes) gets its stories too, not a summary of its own.
        other = find_stories(members[OTHER], config.stories.threshold, config.summaries.theme_sentences)
        parts[OTHER] = ((), (), other)
    keywords = {theme.name: tuple(theme.keywords) for theme in config.themes}
    themes: list[ThemeGroup] = []
    if not analysed:
        return themes  # a day without articles: the brief says so, not a list of empty themes
    for name, found in groups.items():
        if not found and name == OTHER:
            continue  # a configured theme with nothing today stays, so the brief can say so; "Other" goes
        summary, entities, stories = parts.get(name, ((), (), ()))
        entities = without(entities, keywords.get(name, ()))  # a theme's own keywords say nothing of its actors
        themes.append(
            ThemeGroup(
                name=name,
                summary=summary,
                articles=members.get(name, ()),
                scores={a.article.id: round(score, 3) for a, score in found},
                entities=entities,
                stories=stories,
                quotes=theme_quotes([item.analysed for item in members.get(name, ())]),
            )
        )
    return themes


def theme_parts(
    themes: list[tuple[SummarizedArticle, ...]], threshold: float, sentences: int
) -> list[tuple[tuple[SummarySentence, ...], tuple[Entity, ...], tuple[Story, ...]]]:
    """Per theme (its articles): its summary, its key actors and its stories."""
    from briefer.entities import key_actors
    from briefer.stories import find_stories
    from briefer.summarize import summarize_group

    return [
        (
            summarize_group(items, sentences),
            key_actors(item.analysed for item in items),
            find_stories(items, threshold, sentences),
        )
        for items in themes
    ]
