"""Group: sort the day's articles into the configured themes.

Placement weighs two kinds of evidence, the way a reader of news would:

1. **Keywords**, read as an inverted pyramid. Keywords and phrases match on
   lemmas reduced to their stem ("mediate" finds "mediated", "mediation",
   "mediator", and counts once for them all; a single-word keyword also
   finds its derived forms, "championship" for "champion"; a keyword that
   is a word of another theme's phrase counts for that theme too); a match in the headline counts
   3 points, in the lead (first two sentences) 2, in the rest of the body 1,
   and a keyword repeated counts as the square root of its repeats (the
   fourth "game" in a body adds little). A keyword that matches nearly every
   article of the day (``UBIQUITOUS`` of them, on a day of at least
   ``UBIQUITOUS_MIN`` articles) cannot tell themes apart: it is ignored for
   the day, with a warning. Short of that, a keyword in more than
   ``COMMON_SHARE`` of the day's articles counts less in the lead and body,
   by how common it is (:func:`_weigh_common`): it is the desk's background
   there, and a rarer keyword of another theme says what happened.
2. **Learned vocabulary**: each theme's profile is the TF-IDF centroid of its
   articles: today's confident keyword matches (then every article placed,
   until the placement settles), plus what the theme's articles looked like
   on the desk's earlier days (:class:`Prior`, read from the store: the days
   strictly before the run's, so a day run again gives the same brief).
   An article that says "willing to facilitate a meeting" lands in Mediation
   when Mediation's articles use those words, whether or not a keyword says
   so. Words that nearly every article shares (Pakistan, Afghanistan,
   Taliban on a border-crisis desk: in ``UBIQUITOUS`` of today's articles, or
   of today's and the earlier days' together) weigh nothing. A member of a
   theme is compared with the profile of the *other* members, so it never
   votes for itself.

3. **Similar words** (:func:`similar_words`): what English says about which words go together,
   from pretrained word vectors shipped with briefer (:mod:`briefer.vectors`, GloVe). A word of
   the article that is no keyword but is close to one theme's keywords ("footballer" to Sport's
   "rugby" and "match", "album" to "band" and "singer"), clearly closer than to any other
   theme's, counts as weak keyword evidence: its margin, placed as a keyword is (headline 3,
   lead 2, body 1), scaled by how much of everyday English the theme's keywords draw (themes
   whose keywords are common words would otherwise take every article). This is what places an
   article that uses no keyword on a fresh workspace's small day, where there is little
   vocabulary to learn. It never makes evidence strong: the headline's keywords still hold, and
   a similar word counts at most what a keyword would in its place. The words of the day's
   places and dates (:func:`name_stems`) are never similar words: "Kabul" is no kind of border.
   A phrase's vector, the mean of everyday words' ("winter road"), is close to every everyday
   word ("end", "time", "home"): such words count in the score but make no article fit
   (``PHRASE_NAMING``); only those still close to the phrase without the everyday words' common
   direction do ("route", "snow").

An article's score for a theme (0 to 1) is ``(similarity + w * evidence) /
(1 + w)``: evidence is the keyword points ``p`` (with the similar words' points) saturated as ``p / (p +
KEYWORD_HALF)`` (a headline match is half of it), and ``w`` is
``KEYWORD_WEIGHT`` for a theme whose profile rests on no article yet, less as
it rests on more (``PROFILE_HALF``): on a fresh workspace's small day the
keywords lead, on a large day or after a few days in the store the learned
vocabulary does. An article *fits* a theme when its keyword points (or its similar words'
points) reach ``min_score`` or its similarity reaches the theme's floor (``min_similarity``,
or half what the theme's confident seeds typically reach); it goes to the
fitting theme it scores best for (the similarity that makes it fit leaves out the names of
places and peoples, dates and figures: :func:`topical_terms`; a folk festival in Edmonton shares
only those with the day's fire reports) (``multiple=True``: to every fitting theme
within ``SHARE`` of its best). Strong keyword evidence (the only theme its
headline names, with the most keyword points) holds unless another theme's
vocabulary is clearly closer (by ``OVERRIDE`` of similarity while the
profiles rest on a handful of articles, by less as they grow): weak
similarity never outvotes the headline. An article that fits no theme goes
to "Other". An article that uses no theme's keyword, and is about the desk's subject (as close to the rest of
the day as its typical article, within ``BARE_DESK_GAP``), is measured against a theme as the theme's articles are
without their keywords (:func:`bare_fits`): the floor the seeds set owes much to the keywords they share, which such
an article cannot share. A theme that ends the day with no article though its keywords made seeds takes the
articles its keywords name when their wording fits each other's (:func:`starved`): with no articles of
its own it has no wording to tell its keywords' sense by, and the desk's background theme would take them.

Every placement carries its explanation (:class:`~briefer.models.Placement`,
from :func:`explain`): the scores for every theme, the keywords matched and
where, the learned terms that counted, and a plain sentence saying why.
The day's own profiles go to the store (:func:`day_profiles`) for the days after.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import logging
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar, cast, overload

import numpy as np
from scipy import sparse

from briefer import article_memo, packed
from briefer.analyse import keyword_lemmas
from briefer.config import Config, Theme
from briefer.executor import Executor, InProcess, light_items, release_memory
from briefer.models import (
    AnalysedArticle,
    Entity,
    KeywordMatch,
    Placement,
    Quote,
    SimilarWord,
    Story,
    SummarizedArticle,
    SummarySentence,
    ThemeGroup,
    ThemeScore,
)
from briefer.stem import stem
from briefer.stories import ThemeSpace
from briefer.tfidf import smoothed_idf, unit_rows, unit_values
from briefer.tuning import old_objects_set_aside
from briefer.vectors import WordVectors
from briefer.words import STOP_WORDS, fold

log = logging.getLogger(__name__)

OTHER = "Other"
PLACES = ("headline", "lead", "body")
TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
BODY_WEIGHT = 1.0
MIN_SCORE = 2.0
CONFIDENT_MARGIN = 2.0
"""A confident keyword match scores at least this many times any other theme."""
MIN_SIMILARITY = 0.1
"""Cosine similarity to a theme's profile that makes an article fit the theme."""
SEED_SHARE = 0.5  # an article must reach half the median similarity of the theme's confident seeds
SENSE = True  # a theme's one keyword in another sense names nothing (see astray)
SENSE_DWELT = 5
"""... unless the headline, the lead and at least this many of the body's mentions use it, and no other theme's keyword
stands in the headline or lead (KeywordHits.dwelt_on): on the 152 desks of session 63, the articles of a word in
another sense that the headline and lead use have it at most 3 times in their body; 5 reports about a borewell, mussel
rafts, pensioners, coir workers or a port 5 to 7. Without the second condition the BBC's held-out days of 8 fell 0.889
-> 0.884 over ten deals (a business report dwelling on a film); with it 0.888, days of 20 unchanged (0 to turn it
off)."""
SENSE_SHARE = 0.75
"""A theme's one keyword names an article only when its wording reaches this share of ``min_similarity``
(of ``MIN_SIMILARITY`` at most: a desk that raises the floor to place by keywords alone does not lose
its single-keyword articles; see :func:`astray`)."""
SEEDS_FOR_FLOOR = 3  # with fewer seeds their median says little: min_similarity alone
KEYWORD_WEIGHT = 1.0
"""How much keyword evidence counts beside similarity in an article's score for a theme."""
PROFILE_HALF = 1.0
"""Articles in a theme's profile at which its keywords count half as much as with none."""
KEYWORD_HALF = 3.0
"""Keyword points that make half the full keyword evidence (a headline match)."""
OVERRIDE = 0.3
"""Similarity by which another theme must be closer to take an article with strong keyword evidence."""
SHARE = 0.5
"""With several themes per article: another theme needs at least this share of the best score."""
UBIQUITOUS = 0.8
"""A word or keyword in this share of the day's articles says nothing about their theme."""
UBIQUITOUS_MIN = 5
"""...on a day of at least this many articles (on fewer, every word is in most of them)."""
COMMON_KEYWORDS = True
COMMON_SHARE = 0.3
"""A keyword in more than this share of the day's articles counts less in the lead and body:
``log(1 / share) / log(1 / COMMON_SHARE)`` of a point for each point (the day's inverse document
frequency; half at about 55% of the articles, nothing at all of them). See :func:`_weigh_common`."""
PRIOR_WEIGHT = 1.0
"""An earlier day's article counts this much of one of today's in a theme's profile."""
PRIOR_DAYS = 10
"""Earlier days whose profiles are read from the store."""
PROFILE_TERMS = 300
"""Terms kept per theme and day in the store."""
MAX_ROUNDS = 10
SUBLINEAR_KEYWORDS = True
DERIVED_FORMS = True
"""A derived form of a single-word keyword counts as the keyword (see :func:`_derived_from`)."""
SHARED_PHRASE_WORDS = True
"""A theme also matches another theme's single-word keyword that one of its phrases holds (see
:func:`share_phrase_words`)."""

PYRAMID_TERMS = True
"""The headline's words count three times and the lead's twice in an article's vector."""
TOPICAL_FIT = True
"""An article fits a theme by its wording only through the words that say what happened: not the
names of places and peoples, nor dates, times and figures (see :func:`topical_terms`)."""
NAME_LABELS = frozenset(
    {"GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "CARDINAL", "ORDINAL"}
)
"""Entity labels whose words say where or when, not what happened. People are left out (an
election desk's candidates are what its Campaign articles share), and so are organisations
("Fire Service", "Teachers' Union" name what they do)."""
TIME_WORDS = frozenset(
    "today yesterday tomorrow tonight day days week weeks weekend month months year years morning afternoon "
    "evening night hour hours minute minutes percent cent monday tuesday wednesday thursday friday saturday "
    "sunday january february march april may june july august september october november december".split()
)
"""Words of time and proportion that every kind of news uses."""


@lru_cache(maxsize=65536)
def _normalize(lemma: str) -> str:
    """Lemma, its accents taken off, then Snowball stem: joins derived forms the lemmatizer keeps apart
    (mediation, mediator -> mediat; negotiation -> negoti), and a word a desk's keywords write without
    its accents to the text's ("metro" and "Metrô Line 3")."""
    return stem(fold(lemma))


@lru_cache(maxsize=4096)
def _keyword_phrase(keyword: str) -> tuple[str, ...]:
    """A keyword as the sequence of stems it matches (empty for a keyword of punctuation)."""
    found = keyword_lemmas([keyword])
    return tuple(_normalize(w) for w in found[0]) if found else ()


@dataclass(frozen=True)
class ThemeMatcher:
    name: str
    phrases: tuple[tuple[str, ...], ...]
    keywords: tuple[str, ...] = ()  # each phrase as the config writes it (the first keyword giving it)
    excluded: tuple[tuple[str, ...], ...] = ()  # the theme's ``exclude`` phrases: its keywords do not count in them
    exclude: tuple[str, ...] = ()  # each excluded phrase as the config writes it

    @classmethod
    def from_theme(cls, theme: Theme) -> ThemeMatcher:
        # "mediate", "mediation" and "mediator" are one stem: counted once, not three times.
        by_phrase: dict[tuple[str, ...], str] = {}
        for keyword in theme.keywords:
            phrase = _keyword_phrase(keyword)
            if phrase:
                by_phrase.setdefault(phrase, keyword)
        excluded: dict[tuple[str, ...], str] = {}
        for text in theme.exclude:
            phrase = _keyword_phrase(text)
            if phrase and any(_inside(p, phrase) for p in by_phrase):
                excluded.setdefault(phrase, text)
            elif phrase:
                log.warning("theme %r: exclude %r holds none of its keywords, so it changes nothing", theme.name, text)
        return cls(theme.name, tuple(by_phrase), tuple(by_phrase.values()), tuple(excluded), tuple(excluded.values()))

    def count(self, lemmas: Sequence[str]) -> int:
        return self.count_in(_ngrams(lemmas, self.lengths))

    def count_in(self, ngrams: Counter[tuple[str, ...]]) -> int:
        """Occurrences of the keywords among counted n-grams (see :func:`_ngrams`), those inside an
        excluded phrase left out."""
        return sum(max(0, ngrams[p] - sum(ngrams[e] * _inside(p, e) for e in self.excluded)) for p in self.phrases)

    @property
    def lengths(self) -> frozenset[int]:
        return frozenset(len(p) for p in (*self.phrases, *self.excluded))

    def score(self, item: AnalysedArticle) -> float:
        return _weighted(self.count(item.title_lemmas), self.count(item.lead_lemmas), self.count(item.body_lemmas))


def _inside(phrase: tuple[str, ...], longer: tuple[str, ...]) -> int:
    """How many times ``phrase`` stands in ``longer``, word for word (stems)."""
    size = len(phrase)
    return sum(1 for k in range(len(longer) - size + 1) if longer[k : k + size] == phrase)


def share_phrase_words(matchers: Sequence[ThemeMatcher]) -> list[ThemeMatcher]:
    """The matchers, each theme also matching another theme's single-word keyword that is a word
    of one of its own phrases. With Sport's "game" and Technology's "games console", the desk says
    that Technology's articles speak of games too: "game" alone then counts for both themes (as a
    keyword that two themes share does) and the rest of the article's evidence decides."""
    singles = {p: (m.name, w) for m in matchers for p, w in zip(m.phrases, m.keywords, strict=True) if len(p) == 1}
    out = []
    for m in matchers:
        extra: dict[tuple[str, ...], str] = {}
        for phrase in m.phrases:
            for word in phrase if len(phrase) > 1 else ():
                owner = singles.get((word,))
                if owner is not None and owner[0] != m.name and (word,) not in m.phrases:
                    extra.setdefault((word,), owner[1])
        if extra:
            m = dataclasses.replace(m, phrases=m.phrases + tuple(extra), keywords=m.keywords + tuple(extra.values()))
        out.append(m)
    return out


def _weighted(title: float, lead: float, body: float) -> float:
    return TITLE_WEIGHT * title + LEAD_WEIGHT * lead + BODY_WEIGHT * body


def _ngrams(lemmas: Sequence[str], lengths: Iterable[int]) -> Counter[tuple[str, ...]]:
    """Every n-gram of stems of the given lengths, counted: one pass over an article for all themes."""
    seq = [_normalize(w) for w in lemmas]
    counts: Counter[tuple[str, ...]] = Counter()
    for n in lengths:
        counts.update(tuple(seq[i : i + n]) for i in range(len(seq) - n + 1))
    return counts


DERIVED_SUFFIXES = frozenset("s es er ers ing ship ships ist ists ian ians ic ics ical al ial ation ations".split())
"""Endings that make a derived form of a keyword ("champion" -> "championship", "minister" ->
"ministerial", "tax" -> "taxation"), which counts as the keyword. English morphology, not any
desk's vocabulary."""
Y_SUFFIXES = frozenset(("ic", "ics", "ical", "ist", "ists", "ian", "ians"))
"""Endings that replace a keyword's final "y" ("economy" -> "economist", "comedy" -> "comedian")."""
DERIVED_ROOT = 3
"""Letters a keyword needs before a derived form of it counts (not "mp" -> "mph")."""


@lru_cache(maxsize=4096)
def _keyword_word(keyword: str) -> str:
    """A single-word keyword's lemma (empty for a phrase)."""
    found = keyword_lemmas([keyword])
    return found[0][0] if len(found) == 1 and len(found[0]) == 1 else ""


def _derived_from(lemma: str, word: str) -> bool:
    """True when ``lemma`` is a derived form of the keyword ``word`` (see :data:`DERIVED_SUFFIXES`)."""
    if len(word) < DERIVED_ROOT or lemma == word:
        return False
    if lemma.startswith(word) and lemma[len(word) :] in DERIVED_SUFFIXES:
        return True
    root = word[:-1]
    return word.endswith("y") and lemma.startswith(root) and lemma[len(root) :] in Y_SUFFIXES


class _PhraseCounter:
    """Counts given phrases among the stems of lemma sequences: for them, what :func:`_ngrams`
    counts, without building every other n-gram of an article (a tuple per word and length).
    ``words``: single-word keywords' lemmas and their stems; a derived form of one (see
    :func:`_derived_from`) counts as the keyword."""

    def __init__(self, phrases: Iterable[tuple[str, ...]], words: Mapping[str, str] | None = None) -> None:
        unique = set(phrases)
        self.single = [p for p in unique if len(p) == 1]
        self.longer = {p for p in unique if len(p) > 1}
        self.lengths = sorted({len(p) for p in self.longer})
        self.firsts = {p[0] for p in self.longer}
        self.words = sorted((w, s) for w, s in (words or {}).items() if len(w) >= DERIVED_ROOT)
        self.stem_of = dict(self.words)
        self.forms: dict[str, str] = {}

    def _stem(self, lemma: str) -> str:
        found = self.forms.get(lemma)
        if found is None:
            found = _normalize(lemma)
            derived = self._derived(lemma)
            if derived is not None:
                found = self.stem_of[derived]
            self.forms[lemma] = found
        return found

    def _derived(self, lemma: str) -> str | None:
        """The first keyword (in sorted order) that ``lemma`` is a derived form of (see
        :func:`_derived_from`), found by looking up the lemma's beginnings, not by trying every
        keyword: the same as ``next(w for w, _ in self.words if _derived_from(lemma, w))``."""
        words = self.stem_of
        found: list[str] = []
        for k in range(DERIVED_ROOT - 1, len(lemma)):
            head, tail = lemma[:k], lemma[k:]
            if k >= DERIVED_ROOT and head in words and tail in DERIVED_SUFFIXES:
                found.append(head)
            if tail in Y_SUFFIXES and head + "y" in words:
                found.append(head + "y")
        return min(found) if found else None

    def __call__(self, lemmas: Sequence[str]) -> Counter[tuple[str, ...]]:
        if self.words:  # a lemma seen before is a look-up, not a method call
            get, make = self.forms.get, self._stem
            seq = [found if (found := get(w)) is not None else make(w) for w in lemmas]
        else:
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


@dataclass(frozen=True)
class KeywordHits:
    """Every keyword phrase of the day's themes, counted in every article's headline, lead and body."""

    phrases: tuple[tuple[str, ...], ...]
    counts: np.ndarray  # articles x phrases x 3 (headline, lead, body)
    of_theme: tuple[tuple[int, ...], ...]  # per theme: its phrases (indices into ``phrases``)
    ignored: frozenset[int] = frozenset()  # phrases in nearly every article: they count for nothing today
    weights: np.ndarray | None = None  # per phrase, what each of its points counts today (_weigh_common)
    named: np.ndarray | None = None  # articles x phrases: True where the article writes it only as a name

    def articles_with(self) -> np.ndarray:
        """Per phrase, how many articles use it (headline, lead or body): the day's document frequency."""
        return (self.counts.sum(axis=2) > 0).sum(axis=0)

    def used(self, theme: int) -> list[int]:
        """The phrases of the theme at index ``theme`` that count today (the ignored ones left out)."""
        return [p for p in self.of_theme[theme] if p not in self.ignored]

    def points(self, sublinear: bool = False) -> np.ndarray:
        """Articles x themes: keyword points (headline 3, lead 2, body 1), ignored phrases left out,
        common ones counted at their ``weights`` in the lead and body."""
        weights = np.array([TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT])
        counts = np.sqrt(self.counts) if sublinear else self.counts
        if not counts.size:
            per_phrase = np.zeros(counts.shape[:2])
        elif self.weights is None:
            per_phrase = counts @ weights
        else:  # a headline's keyword says what the article is about, however common it is today
            per_phrase = counts[:, :, 0] * TITLE_WEIGHT + (counts[:, :, 1:] @ weights[1:]) * self.weights
        out = np.zeros((self.counts.shape[0], len(self.of_theme)))
        for t in range(len(self.of_theme)):
            used = self.used(t)
            if used:
                out[:, t] = per_phrase[:, used].sum(axis=1)
        return out

    def single(self) -> np.ndarray:
        """Articles x themes: True where the article uses exactly one of the theme's phrases that count,
        or at most one besides those it writes only as names (``named``, see :func:`_only_a_name`)."""
        out = np.zeros((self.counts.shape[0], len(self.of_theme)), dtype=bool)
        for t in range(len(self.of_theme)):
            used = self.used(t)
            if used:
                present = self.counts[:, used].sum(axis=2) > 0
                out[:, t] = present.sum(axis=1) == 1
                if self.named is not None:
                    out[:, t] |= present.any(axis=1) & ((present & ~self.named[:, used]).sum(axis=1) <= 1)
        return out

    def dwelt_on(self, body: int) -> np.ndarray:
        """Articles x themes: True where the article writes one of the theme's phrases that count in its headline, its
        lead and at least ``body`` times in its body, and no other theme's in its headline or lead: what the article is
        about ("Four-year-old girl falls into open borewell ...", the borewell named in its lead and five times after),
        not a word in another sense, which a headline and a lead may use ("... ends goal drought") but the body does not
        dwell on."""
        out = np.zeros((self.counts.shape[0], len(self.of_theme)), dtype=bool)
        front = np.zeros_like(out)  # a theme's phrase in the headline or the lead
        for t in range(len(self.of_theme)):
            used = self.used(t)
            if used:
                c = self.counts[:, used]
                out[:, t] = ((c[:, :, 0] > 0) & (c[:, :, 1] > 0) & (c[:, :, 2] >= body)).any(axis=1)
                front[:, t] = (c[:, :, :2] > 0).any(axis=(1, 2))
        # ... when no other theme's phrase stands in its headline or lead
        return out & (front.sum(axis=1, keepdims=True) == 1)

    def in_passing(self) -> np.ndarray:
        """Articles x themes: True where the article uses two of the theme's phrases, one in its headline
        and the other once, in its body only ("on fire" in a cricket report's headline, "hit the timber"
        once in its body; see ``PASSING_MENTION``)."""
        out = np.zeros((self.counts.shape[0], len(self.of_theme)), dtype=bool)
        for t in range(len(self.of_theme)):
            used = self.used(t)
            if used:
                present = self.counts[:, used].sum(axis=2) > 0
                once = (self.counts[:, used, 2] == 1) & (self.counts[:, used, :2].sum(axis=2) == 0)
                main = present & ~once
                titled = (self.counts[:, used, 0] > 0) & main
                out[:, t] = (main.sum(axis=1) == 1) & (present.sum(axis=1) == 2) & titled.any(axis=1)
        return out


PASSING_MENTION = True
"""A second phrase the article writes once, in its body only, does not make its keyword evidence more than
one phrase (:meth:`KeywordHits.single`) when the first is in its headline: the sense test still asks whether
its wording is the theme's ("Opener on fire as ... chases down 214" and a bowler who "hit the timber"),
where the theme has ``SEEDS_FOR_FLOOR`` other articles to tell it by."""


def _headline_counts(hits: KeywordHits) -> np.ndarray:
    """Articles x themes: keyword matches in the headline (ignored keywords left out)."""
    out = np.zeros((hits.counts.shape[0], len(hits.of_theme)))
    for t in range(len(hits.of_theme)):
        used = hits.used(t)
        if used:
            out[:, t] = hits.counts[:, used, 0].sum(axis=1)
    return out


NAMED_BASES = True
"""A keyword the desk wrote in a derived form ("boarding") does not match its bare base word
("board") on a day that names an organisation or place by that word (see :func:`named_bases`)."""
BASE_NAME_LABELS = frozenset({"ORG", "FAC", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})
"""Entity labels whose last word says what kind of body or thing is named ("National Fisheries
Board", "Shell")."""


def named_bases(items: Sequence[AnalysedArticle], matchers: Sequence[ThemeMatcher]) -> dict[tuple[str, ...], str]:
    """Single-word keyword phrases -> the bare base word that does not count for them today.

    A desk that writes "boarding" (of ships) means the act. Its lemma, "board", is also a noun of
    another sense, and a day that names the "National Fisheries Board" (an entity whose name ends
    in the word, or the word capitalised inside a sentence) uses the word in that sense:
    one sense per discourse (Gale, Church and Yarowsky, 1992), the day's desk being one discourse.
    On such a day the bare word used as a name ("the board", "Fisheries board": :func:`_name_uses`)
    does not count as the keyword, while its other forms ("boarding", "boarded") still do. Only
    keywords in "-ing" whose lemma is a shorter word ("mining", "shelling"); not a keyword written
    as its base ("navy", of which the "Fiji Navy" is one), a plural ("vessels"), nor a base that is
    itself one of the day's keywords."""
    if not NAMED_BASES:
        return {}
    derived: dict[tuple[str, ...], str] = {}
    bases: set[str] = set()
    for m in matchers:
        for phrase, keyword in zip(m.phrases, m.keywords, strict=True):
            base = _keyword_word(keyword)
            if len(phrase) != 1 or not base:
                continue
            written = keyword.strip().lower()
            if written.endswith("ing") and written != base:
                derived.setdefault(phrase, base)
            else:
                bases.add(base)
    wanted = {base for base in derived.values() if base not in bases}
    if not wanted:
        return {}
    named: set[str] = set()
    for item in items:
        for text, label in item.entities:
            if label in BASE_NAME_LABELS:
                last = text.lower().rsplit(None, 1)[-1] if text.strip() else ""
                if last in wanted:
                    named.add(last)
                elif last.endswith("s") and last[:-1] in wanted:
                    named.add(last[:-1])
        left = wanted - named
        text = item.article.text or ""
        if left and any(base.capitalize() in text for base in left):
            # the name the recognizer missed: the word capitalised inside a sentence, after a word
            for found in _capitalised(tuple(sorted(left))).finditer(text):
                before = text[max(0, found.start() - 40) : found.start()].rstrip(" \"'\u201c\u2018(\u2014-")
                if before and (before[-1].isalnum() or before[-1] in ",;"):
                    named.add(found.group(1).lower())
    return {phrase: base for phrase, base in derived.items() if base in named}


@lru_cache(maxsize=256)
def _capitalised(bases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the base words, or its plural, written with a capital and the rest in lower case."""
    words = "|".join(re.escape(b.capitalize()) for b in bases)
    return re.compile(rf"(?<![\w-])({words})s?(?![\w-])")


@lru_cache(maxsize=256)
def _bare(base: str) -> re.Pattern[str]:
    """The bare base word and its plural, as whole words in any case ("board", "Boards")."""
    return re.compile(rf"(?<![\w-]){re.escape(base)}s?(?![\w-])", re.IGNORECASE)


ONLY_NAMES = True
"""A single-word keyword, written in lower case by the desk, that an article writes only with a capital,
and at least once inside a sentence, may be a name there rather than the keyword (see
:func:`_only_a_name`), when other articles of the day write it in lower case: it still counts, but
does not vouch for its own sense (the sense test of :func:`astray` asks the article's wording, as
it does of a theme's one keyword). A word the day never writes in lower case ("Blair", "Oscar")
is the name the desk means."""
_OPENING_QUOTES = "\"'\u201c\u2018"


@lru_cache(maxsize=1024)
def _word_forms(words: tuple[str, ...]) -> re.Pattern[str]:
    """The keyword's words and their plurals, as whole words in any case."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?:s|es)?(?![\w-])", re.IGNORECASE)


NAME_USE, COMMON_USE = 1, 2
"""What :func:`_written_as` says of an article's keyword: only as a name, or in lower case somewhere."""


def _written_as(words: tuple[str, ...], title: str, text: str) -> int:
    """``COMMON_USE`` when the article (``title``, ``text``) writes the keyword (``words``: as the desk
    wrote it and its lemma) in lower case anywhere, ``NAME_USE`` when only as a name (see
    :func:`_only_a_name`), else 0 (only opening sentences, or not in the body)."""
    forms = _word_forms(words)
    inside = False
    for found in forms.finditer(text):
        if found.group()[0].islower():
            return COMMON_USE
        before = text[max(0, found.start() - 40) : found.start()].rstrip().rstrip(_OPENING_QUOTES).rstrip()
        inside = inside or (bool(before) and (before[-1].isalnum() or before[-1] in ",;"))
    if any(found.group()[0].islower() for found in forms.finditer(title)):
        return COMMON_USE
    return NAME_USE if inside else 0


def _only_a_name(words: tuple[str, ...], title: str, text: str) -> bool:
    """True when the article (``title``, ``text``) writes the keyword (``words``: as the desk wrote it
    and its lemma) only as a name: never in
    lower case, and at least once with a capital inside a sentence of the body (after a word or a
    comma, a quotation mark between them allowed: "beat Kholmsk Port 4-3", "stages 'Blackout', a
    play"). A hockey report on "Sakhalin Storm" and its win over "Kholmsk Port" has no storm and no
    port in it, whatever its headline says; the weather desk's "Storm Babet" report writes "the storm"
    too. A capital opening a sentence says nothing either way; nor does the headline, which may
    capitalise every word."""
    return _written_as(words, title, text) == NAME_USE


NAME_DETERMINERS = frozenset("the a an its their his her this".split())  # not "that": "crews that board"
"""Words before a bare base that make it a noun naming the body ("the board said")."""
_WORD_BEFORE = re.compile(r"([\w'\u2019.-]+)\W*$")


def _name_uses(base: str, text: str) -> int:
    """How often ``text`` uses the bare ``base`` as the day's name: capitalised ("Board managing
    director"), after a determiner ("the board said") or after a capitalised word ("Fisheries
    board"). Other bare uses keep counting as the keyword: "troops returned fire", "could not
    cross"."""
    count = 0
    for found in _bare(base).finditer(text):
        word = _WORD_BEFORE.search(text, max(0, found.start() - 40), found.start())
        before = word.group(1) if word else ""
        if found.group()[0].isupper() or before.lower() in NAME_DETERMINERS or before[:1].isupper():
            count += 1
    return count


def keyword_hits(items: Sequence[AnalysedArticle], matchers: Sequence[ThemeMatcher]) -> KeywordHits:
    """Each phrase counted once per article part, for all themes (a phrase shared by two themes once)."""
    phrases = tuple(dict.fromkeys(p for m in matchers for p in m.phrases))
    index = {p: i for i, p in enumerate(phrases)}
    # A theme's ``exclude`` phrases: each keyword phrase inside one counts that many times less.
    inside: dict[tuple[str, ...], dict[tuple[str, ...], int]] = defaultdict(dict)
    for m in matchers:
        for longer in m.excluded:
            for phrase in m.phrases:
                if times := _inside(phrase, longer):
                    inside[phrase][longer] = times
    excluded = tuple(dict.fromkeys(e for m in matchers for e in m.excluded if e not in index))
    words: dict[str, str] = {}  # single-word keywords: their derived forms count as they do
    if DERIVED_FORMS:
        for m in matchers:
            for phrase, keyword in zip(m.phrases, m.keywords, strict=True):
                if len(phrase) == 1 and (word := _keyword_word(keyword)):
                    words.setdefault(word, phrase[0])
    count = _PhraseCounter(phrases + excluded, words)
    counts = np.zeros((len(items), len(phrases), 3))
    bare = named_bases(items, matchers)
    forms: dict[tuple[str, ...], set[str]] = defaultdict(set)  # single-word phrases: the desk's words, lemmas
    if ONLY_NAMES:
        for m in matchers:
            for phrase, keyword in zip(m.phrases, m.keywords, strict=True):
                word = keyword.strip()
                if len(phrase) == 1 and word.islower() and " " not in word and (lemma := _keyword_word(word)):
                    forms[phrase] |= {word, lemma}  # not "WFP", "Gazprom": the desk wrote a name
    written = {phrase: tuple(sorted(w)) for phrase, w in forms.items()}
    stamp = ""  # the settings the hits depend on, worked out only when they are kept
    if article_memo.kept():
        exclusions = sorted((p, sorted(longer.items())) for p, longer in inside.items())
        settings = (phrases, sorted(words.items()), sorted(bare.items()), sorted(written.items()), exclusions)
        stamp = article_memo.module_stamp_of(__name__, repr(settings))

    def hits(item: AnalysedArticle) -> tuple[tuple[int, int, int, int], ...]:
        found = []
        texts: tuple[str, ...] = ()
        names: dict[tuple[str, ...], int] = {}
        for part, lemmas in enumerate((item.title_lemmas, item.lead_lemmas, item.body_lemmas)):
            counted = count(lemmas)
            for phrase, n in counted.items():
                if phrase not in index:
                    continue  # an excluded phrase: it only takes from the keywords inside it
                if phrase in inside:
                    n -= sum(counted.get(longer, 0) * times for longer, times in inside[phrase].items())
                if phrase in written:
                    if phrase not in names:
                        title, text = item.article.title or "", item.article.text or ""
                        names[phrase] = _written_as(written[phrase], title, text)
                base = bare.get(phrase)
                if base is not None:
                    if not texts:
                        sentences = item.sentences
                        cut = packed.LEAD_SENTENCES
                        texts = (item.article.title, " ".join(sentences[:cut]), " ".join(sentences[cut:]))
                    n -= _name_uses(base, texts[part])
                if n > 0:
                    found.append((index[phrase], part, n, names.get(phrase, 0)))
        return tuple(found)

    uses = np.zeros((len(items), len(phrases)), dtype=np.int8)
    for a, found in enumerate(article_memo.each_once(_HITS, items, hits, stamp)):
        for p, part, n, use in found:
            counts[a, p, part] = n
            uses[a, p] = use
    # A name only where the day also writes the word in lower case: a desk whose articles never do
    # ("Blair", "Oscar", "MP") means the name, whatever case it wrote the keyword in.
    named = (uses == NAME_USE) & (uses == COMMON_USE).any(axis=0)
    of_theme = tuple(tuple(index[p] for p in m.phrases) for m in matchers)
    return KeywordHits(phrases, counts, of_theme, named=named)


_HITS: article_memo.Memo[tuple[tuple[int, int, int, int], ...]] = article_memo.Memo("keyword hits")
"""Per article (and the day's keyword phrases): ``(phrase, part, count, use)`` of :func:`keyword_hits`
(use: :func:`_written_as`)."""


def keyword_scores(items: Sequence[AnalysedArticle], matchers: Sequence[ThemeMatcher]) -> np.ndarray:
    """Articles x themes keyword points; each article's stems are computed once, for all themes."""
    return keyword_hits(items, matchers).points()


def _ignore_ubiquitous(hits: KeywordHits, matchers: Sequence[ThemeMatcher]) -> KeywordHits:
    """The hits with the keywords that match nearly every article set aside, each with a warning."""
    n = hits.counts.shape[0]
    if n < UBIQUITOUS_MIN or not hits.phrases:
        return hits
    present = hits.articles_with()
    ignored = frozenset(int(p) for p in np.flatnonzero(present >= UBIQUITOUS * n))
    for p in sorted(ignored):
        for m in matchers:
            if hits.phrases[p] in m.phrases:
                keyword = m.keywords[m.phrases.index(hits.phrases[p])] if m.keywords else " ".join(hits.phrases[p])
                log.warning(
                    "theme %r: keyword %r matches %d of the day's %d articles, so it cannot tell themes "
                    "apart: ignored today (choose words that only this theme's articles use)",
                    m.name,
                    keyword,
                    int(present[p]),
                    n,
                )
    return dataclasses.replace(hits, ignored=ignored)


def _weigh_common(hits: KeywordHits) -> KeywordHits:
    """The hits with each keyword weighted by how rare it is among the day's articles: in
    ``COMMON_SHARE`` of them or fewer, a point is a point; in more, a point of the lead or body
    counts ``log(1 / share) / log(1 / COMMON_SHARE)``. A desk's background words name what most
    of its articles are about (a West African ports desk's "port" is in the body of its customs
    seizures and its dockers' football final; "tourism" in a Caribbean carnival band's), and tell
    little about which theme an article is: the rarer keyword of another theme says what
    happened. A headline's keyword counts in full, however common: "Moscow ready to mediate"
    is Mediation's on a day when half the articles mention mediation. Days under
    ``UBIQUITOUS_MIN`` articles are left as they are (on a day of four, every word is in a
    quarter of them)."""
    n = hits.counts.shape[0]
    if n < UBIQUITOUS_MIN or not hits.phrases:
        return hits
    share = hits.articles_with() / n
    weights = np.clip(np.log(1.0 / np.maximum(share, 1.0 / n)) / math.log(1.0 / COMMON_SHARE), 0.0, 1.0)
    return dataclasses.replace(hits, weights=weights)


# -- similar words (pretrained word vectors) ----------------------------------------------------

SIMILAR_WORDS = True
"""Words close to one theme's keywords in pretrained word vectors count as weak keyword evidence."""
SIMILAR_MIN = 0.6
"""Cosine with one of a theme's keywords that makes a word similar to the theme..."""
SIMILAR_MARGIN = 0.15
"""...by at least this much more than to any other theme's keywords."""
SIMILAR_WEIGHT = 1.0
"""Keyword points a similar word counts for (where a keyword would count 1), per unit of margin."""
SIMILAR_SUPPORT = 2
"""A word's closeness to a theme: the mean of its cosines with the theme's ``SIMILAR_SUPPORT``
closest keywords. One keyword alone is a weak witness: a word has several senses ("broker" a
deal; a stock "broker" draws "trader" and "investor" to a Mediation theme), its theme's other
keywords say which one the desk means."""
SIMILAR_PHRASES = True
"""A keyword of several words draws similar words by the mean of its words' vectors. Tried
without (phrases draw none) and with the phrase's last word alone: placement of our own days
fell (0.880 -> 0.870 mean F1), and "offices" of "good offices" drew "bank" to Mediation."""
SIMILAR_CAP = 1.0
"""A similar word counts at most what a keyword would in its place (weak evidence: never more)."""
SIMILAR_COMMON = 20_000
"""English's most frequent words, over which each theme's draw is measured (see :func:`_draw`)."""
PHRASE_NAMING = True
"""A word similar to a theme through its phrases names an article (makes it fit the theme, as ``min_score``
keyword points do) only when it is still close to them without the everyday words' common direction (see
:func:`_naming`); it counts in the score all the same. A phrase's vector is the mean of its words', and the
mean of everyday words ("winter road", "ice crossing", "load limit") sits among all everyday words: it
draws "end", "time", "home", "long" and "past", which every article uses. A Winter roads theme of such
phrases got two points from a dozen of them in a hockey report, a diamond mine's shutdown and a land camp's,
and took all three. Without the common direction its phrases draw their topic's words still (route, lake,
snow, river), and none of those."""
PHRASE_NAMING_MIN = 0.55
"""Cosine with a theme's keywords, without the common direction (:func:`_naming`), that a word similar to
the theme needs to name an article: the common direction's part of a cosine is about 0.05 for a topical
word and 0.2 for an everyday one ("solar" to "power plant": 0.68, 0.60 without; "time" to "winter road":
0.67, 0.42)."""


@dataclass(frozen=True)
class SimilarWords:
    """Articles x themes: the points of the words similar to each theme's keywords; and per article
    and theme those words, most telling first, each with the keyword it is closest to."""

    points: np.ndarray
    words: Sequence[tuple[tuple[SimilarWord, ...], ...]]  # per article, per theme (a tuple; _ShownWords on a large day)
    naming: np.ndarray | None = None  # articles x themes: the points of the words that may name it (_naming)

    @property
    def naming_points(self) -> np.ndarray:
        """Articles x themes: the points of the similar words that may name an article (``PHRASE_NAMING``)."""
        return self.points if self.naming is None else self.naming


@dataclass(frozen=True)
class _KeywordVectors:
    keys: np.ndarray  # keywords x dimensions, unit rows (a phrase: its words' mean)
    owners: np.ndarray  # per keyword, its theme
    names: tuple[str, ...]  # per keyword, as the config writes it
    factor: np.ndarray  # per theme: the mean draw over the theme's own (see _draw)
    words: tuple[tuple[str, ...], ...] = ()  # per keyword, the words (lemmas) its vector is made of


def _closest(sims: np.ndarray, owners: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per word (rows of ``sims``, words x keywords): the theme it is closest to, how close, by how
    much more than to the next theme, and per theme its nearest keyword."""
    per_theme = np.full((sims.shape[0], k), -1.0)
    nearest = np.zeros((sims.shape[0], k), dtype=int)
    for t in range(k):
        cols = np.flatnonzero(owners == t)
        if cols.size:
            part = sims[:, cols]
            m = min(SIMILAR_SUPPORT, cols.size)
            per_theme[:, t] = np.sort(part, axis=1)[:, -m:].mean(axis=1)
            nearest[:, t] = cols[part.argmax(axis=1)]
    order = np.argsort(-per_theme, axis=1, kind="stable")
    rows = np.arange(sims.shape[0])
    top = per_theme[rows, order[:, 0]]
    margin = top - (per_theme[rows, order[:, 1]] if k > 1 else 0.0)
    return order[:, 0], top, margin, nearest


def _draw(table: WordVectors, keys: np.ndarray, owners: np.ndarray, k: int) -> np.ndarray:
    """Per theme, how much of everyday English is similar to its keywords: the margins of the
    ``SIMILAR_COMMON`` most frequent words that are, summed. Keywords that are everyday words
    (government, party, campaign) draw far more of any text than specific ones (broadband,
    software): each theme's similar words are scaled by the mean draw over its own, so that
    no theme wins articles only because its keywords are common words."""
    words = [w for w, _ in sorted(table.index.items(), key=lambda wi: wi[1])[:SIMILAR_COMMON]]
    best, top, margin, _ = _closest(table.unit(words) @ keys.T, owners, k)
    good = (top >= SIMILAR_MIN) & (margin >= SIMILAR_MARGIN)
    return np.bincount(best[good], weights=margin[good], minlength=k)


@lru_cache(maxsize=64)
def _keyword_vectors(themes: tuple[tuple[str, ...], ...]) -> _KeywordVectors | None:
    """The keywords of each theme (``themes``: per theme its keywords) as word vectors; None
    without word vectors or when none of the keywords has one."""
    from briefer import vectors

    table = vectors.load()
    if table is None:
        return None
    rows, owners, names = [], [], []
    made_of: list[tuple[str, ...]] = []
    for t, keywords in enumerate(themes):
        anchors: set[tuple[str, ...]] = set()
        for keyword in keywords:
            lemmas = keyword_lemmas([keyword])
            words = tuple(lemmas[0]) if lemmas else ()
            if (len(words) > 1 and not SIMILAR_PHRASES) or words in anchors:
                continue  # a phrase; or "cross-border" beside "border": one witness, not two
            anchors.add(words)
            total = table.unit(list(words)).sum(axis=0)
            norm = float(np.linalg.norm(total))
            if norm > 0:
                rows.append(total / norm)
                owners.append(t)
                names.append(keyword)
                made_of.append(words)
    if not rows:
        return None
    keys, owned = np.vstack(rows), np.array(owners)
    draw = _draw(table, keys, owned, len(themes))
    factor = np.divide(draw.mean(), draw, out=np.ones(len(themes)), where=draw > 0)
    return _KeywordVectors(keys, owned, tuple(names), factor, tuple(made_of))


@functools.cache
def _everyday_direction() -> np.ndarray | None:
    """The common direction of everyday English in the word vectors: the mean of the ``SIMILAR_COMMON``
    most frequent words' unit vectors (None without the vectors). GloVe's vectors share it, the more so
    the more frequent the word (Mu and Viswanath 2018, "All-but-the-top"; Arora et al. 2017 take it out
    of a sentence's mean vector)."""
    from briefer import vectors

    table = vectors.load()
    if table is None:
        return None
    words = [w for w, _ in sorted(table.index.items(), key=lambda wi: wi[1])[:SIMILAR_COMMON]]
    return np.asarray(table.unit(words).mean(axis=0))


def _without_everyday(rows: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """``rows`` (unit word vectors, zeros for unknown words) less the everyday ``direction``, at unit length."""
    known = np.linalg.norm(rows, axis=1) > 0
    out = _unit_dense(rows - direction[None, :])
    out[~known] = 0.0
    return out


def _unit_dense(rows: np.ndarray) -> np.ndarray:
    """Each row of ``rows`` at unit length (zero rows stay zero)."""
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)


def _naming(table: WordVectors, words: Sequence[str], found: _KeywordVectors, best: np.ndarray, k: int) -> np.ndarray:
    """Per word of ``words`` (each similar to theme ``best``): whether it may name an article, as ``min_score``
    keyword points do (``PHRASE_NAMING``). Compared with the themes' phrases, the word's vector and the
    phrase's words' vectors are taken without the everyday direction (:func:`_everyday_direction`), the
    phrase then made of their mean; single keywords are compared as they are. The word names its theme when
    it is still closest to it, by ``SIMILAR_MARGIN``, at ``PHRASE_NAMING_MIN`` at least."""
    phrases = np.array([len(w) > 1 for w in found.words], dtype=bool)
    direction = _everyday_direction()
    if not phrases.any() or direction is None:
        return np.ones(len(words), dtype=bool)
    keys = found.keys.copy()
    for j in np.flatnonzero(phrases).tolist():
        keys[j] = _unit_dense(_without_everyday(table.unit(list(found.words[j])), direction).sum(axis=0)[None, :])[0]
    plain = table.unit(words)
    sims = plain @ keys.T
    sims[:, phrases] = _without_everyday(plain, direction) @ keys[phrases].T
    again, top, margin, _ = _closest(sims, found.owners, k)
    return (again == best) & (top >= PHRASE_NAMING_MIN) & (margin >= SIMILAR_MARGIN)


def similar_words(
    items: Sequence[AnalysedArticle],
    matchers: Sequence[ThemeMatcher],
    hits: KeywordHits,
    names: frozenset[str] = frozenset(),
) -> SimilarWords | None:
    """Words of the articles close to one theme's keywords in pretrained word vectors (not
    keywords themselves, which count as such): a word counts ``SIMILAR_WEIGHT`` x its margin
    over the next theme (scaled by the theme's draw, see :func:`_draw`), placed as a keyword is
    (headline 3, lead 2, body 1; repeats as their square root). "footballer" is close to Sport's
    "rugby", "album" to Entertainment's "band": an article that uses no keyword still says
    what it is about. None when no article needs it (every one held by its headline's keywords)
    or without word vectors."""
    from briefer import vectors

    n, k = len(items), len(matchers)
    if n == 0 or k == 0 or strong(hits.points(), _headline_counts(hits)).any(axis=1).all():
        return None
    table = vectors.load()
    found = _keyword_vectors(tuple(m.keywords for m in matchers)) if table is not None else None
    if table is None or found is None:
        return None
    keyword_words = {w for p in hits.phrases for w in p} | names  # names: where and when (name_stems)
    stamp = article_memo.module_stamp_of(__name__)
    counted = article_memo.each_once(_SIMILAR_COUNTS, items, _similar_counts, stamp)  # asked once a run
    counts: Iterable[tuple[Counter[str], ...]]
    if article_memo.kept() or n <= SIMILAR_HELD_MOST:
        counts = list(counted)
        words = sorted({w for parts in counts for c in parts for w in c if _normalize(w) not in keyword_words})
    else:  # made again below rather than held for the second pass
        words = sorted({w for parts in counted for c in parts for w in c if _normalize(w) not in keyword_words})
        counts = map(_similar_counts, items)
    if not words:
        return None
    best, top, margin, nearest = _closest(table.unit(words) @ found.keys.T, found.owners, k)
    good = (top >= SIMILAR_MIN) & (margin >= SIMILAR_MARGIN)
    candidates = np.flatnonzero(good)
    may_name = _naming(table, [words[i] for i in candidates], found, best[candidates], k) if PHRASE_NAMING else None
    naming = {words[i] for j, i in enumerate(candidates.tolist()) if may_name is None or may_name[j]}
    useful = {
        w: (
            int(best[i]),
            min(SIMILAR_CAP, SIMILAR_WEIGHT * float(margin[i] * found.factor[best[i]])),
            found.names[nearest[i, best[i]]],
        )
        for i, w in enumerate(words)
        if good[i]
    }
    points = np.zeros((n, k))
    named = np.zeros((n, k))  # ... of the words that may name the article (_naming)
    shown: list[tuple[tuple[SimilarWord, ...], ...]] = []
    packed_shown = None if article_memo.kept() or n <= SIMILAR_HELD_MOST else _ShownWords(matchers, list(useful))
    for a, parts in enumerate(counts):
        places: dict[str, list[int]] = {}
        for p, c in enumerate(parts):
            for w, times in c.items():
                if w in useful:
                    places.setdefault(w, [0, 0, 0])[p] = times
        per: list[list[SimilarWord]] = [[] for _ in range(k)]
        for w, where in sorted(places.items()):
            t, unit, like = useful[w]
            gain = sum(
                weight * math.sqrt(times) * unit  # correctly rounded, as np.sqrt is: the same float
                for weight, times in zip((TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT), where, strict=True)
            )
            points[a, t] += gain
            if w in naming:
                named[a, t] += gain
            per[t].append(SimilarWord(matchers[t].name, w, like, where[0], where[1], where[2], gain))
        if packed_shown is not None:
            packed_shown.add(sorted(p, key=lambda s: (-s.points, s.word)) for p in per)
        else:
            shown.append(tuple(tuple(sorted(p, key=lambda s: (-s.points, s.word))) for p in per))
    return SimilarWords(
        points, tuple(shown) if packed_shown is None else packed_shown.done(), named if PHRASE_NAMING else None
    )


class _ShownWords(Sequence[tuple[tuple[SimilarWord, ...], ...]]):
    """:attr:`SimilarWords.words` of a large day (:data:`SIMILAR_HELD_MOST`): per article and theme its similar
    words as machine numbers (the word's and its keyword's places in lists of the very strings), each article's
    :class:`briefer.models.SimilarWord` tuples made when asked. Held as objects they were some 2 KB an article
    through the scoring child's rounds and explanations (docs/performance.md, session 46); the same values, in
    the same order."""

    __slots__ = (
        "_counts",
        "_gains",
        "_like_at",
        "_likes",
        "_names",
        "_places",
        "_themes",
        "_where",
        "_word_at",
        "_words",
    )

    def __init__(self, matchers: Sequence[ThemeMatcher], words: Sequence[str]) -> None:
        self._names = tuple(m.name for m in matchers)
        self._words = list(words)
        self._word_at = {w: i for i, w in enumerate(words)}
        self._likes: list[str] = []
        self._like_at: dict[str, int] = {}
        self._places = array("q", [0])  # where each article's words start in the arrays below
        self._themes, self._where, self._counts, self._gains = array("i"), array("i"), array("q"), array("d")

    def add(self, per_theme: Iterable[Sequence[SimilarWord]]) -> None:
        """The next article's similar words, per theme, in the order they are shown."""
        likes, like_at = self._likes, self._like_at
        for t, found in enumerate(per_theme):
            for word in found:
                self._themes.append(t)
                self._where.append(self._word_at[word.word])
                if word.like not in like_at:
                    like_at[word.like] = len(likes)
                    likes.append(word.like)
                self._where.append(like_at[word.like])
                self._counts.extend((word.headline, word.lead, word.body))
                self._gains.append(word.points)
        self._places.append(len(self._themes))

    def done(self) -> _ShownWords:
        """This, its look-up of the words let go (nothing is added once the day is counted)."""
        self._word_at, self._like_at = {}, {}
        return self

    def __len__(self) -> int:
        return len(self._places) - 1

    @overload
    def __getitem__(self, a: int) -> tuple[tuple[SimilarWord, ...], ...]: ...

    @overload
    def __getitem__(self, a: slice) -> Sequence[tuple[tuple[SimilarWord, ...], ...]]: ...

    def __getitem__(self, a: int | slice) -> Any:
        if isinstance(a, slice):
            return tuple(self[i] for i in range(*a.indices(len(self))))
        if not -len(self) <= a < len(self):
            raise IndexError(a)
        a %= len(self)
        per: list[list[SimilarWord]] = [[] for _ in self._names]
        names, words, likes, where, counts = self._names, self._words, self._likes, self._where, self._counts
        for e in range(self._places[a], self._places[a + 1]):
            t = self._themes[e]
            h, lead, body = counts[3 * e], counts[3 * e + 1], counts[3 * e + 2]
            per[t].append(
                SimilarWord(names[t], words[where[2 * e]], likes[where[2 * e + 1]], h, lead, body, self._gains[e])
            )
        return tuple(tuple(found) for found in per)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(self[a] == other[a] for a in range(len(self)))

    __hash__ = None  # type: ignore[assignment]


SIMILAR_HELD_MOST = 20_000
"""A day of more articles makes each article's similar-word counts twice (0.1 ms an article) rather than hold
them all between :func:`similar_words`' two passes: 4 KB an article, the scoring child's peak at 50,000 articles
(docs/performance.md, session 43). Not in a process that keeps them between runs (its memo holds them)."""


def _similar_counts(item: AnalysedArticle) -> tuple[Counter[str], ...]:
    """The words of the headline, the lead and the body that may be similar words, counted."""
    return tuple(
        Counter(w for w in lemmas if w not in STOP_WORDS and w.isalpha() and len(w) > 2)
        for lemmas in (item.title_lemmas, item.lead_lemmas, item.body_lemmas)
    )


# -- learned vocabulary -------------------------------------------------------------------------


def content_stems(lemmas: Sequence[str]) -> list[str]:
    return [_normalize(w) for w in lemmas if w not in STOP_WORDS and w.isalpha() and len(w) > 1]


def _terms(item: AnalysedArticle) -> list[str]:
    """The article's content stems; the headline's three times and the lead's twice (inverted pyramid)."""
    title, lead, body = (
        content_stems(item.title_lemmas),
        content_stems(item.lead_lemmas),
        content_stems(item.body_lemmas),
    )
    if PYRAMID_TERMS:
        return title * 3 + lead * 2 + body
    return title + lead + body


def _term_counts(item: AnalysedArticle) -> Counter[str]:
    """The article's :func:`_terms`, counted (in the order they first come)."""
    return Counter(_terms(item))


def _word_counts(item: AnalysedArticle) -> Counter[tuple[str, str]]:
    """``(stem, lemma)`` of the article's content words, counted: which word shows a stem."""
    lemmas = (*item.title_lemmas, *item.lead_lemmas, *item.body_lemmas)
    content = [w for w in lemmas if w not in STOP_WORDS and w.isalpha() and len(w) > 1]
    return Counter(zip(map(_normalize, content), content, strict=True))  # counted in C, in the order they come


_SUBLINEAR = [1.0 + float(np.log(c)) if c else 0.0 for c in range(256)]
"""``1 + log(c)`` of the counts a term has in most articles, each the very float :func:`_unit_weights`
would work out (NumPy's log of one number at a time, 1 µs a term: 0.3 s of a cold run's scoring)."""


def _unit_weights(counts: Mapping[str, int]) -> dict[str, float]:
    """Sublinear term frequencies of one article, as a unit vector."""
    table, most = _SUBLINEAR, len(_SUBLINEAR)
    weights = {t: table[c] if 0 < c < most else 1.0 + float(np.log(c)) for t, c in counts.items()}
    norm = float(np.sqrt(sum(w * w for w in weights.values()))) or 1.0
    return {t: w / norm for t, w in weights.items()}


_TERM_COUNTS: article_memo.Memo[Counter[str]] = article_memo.Memo("term counts")
_WORD_COUNTS: article_memo.Memo[Counter[tuple[str, str]]] = article_memo.Memo("word counts")
_UNITS: article_memo.Memo[dict[str, float]] = article_memo.Memo("unit term weights")
_SIMILAR_COUNTS: article_memo.Memo[tuple[Counter[str], ...]] = article_memo.Memo("similar-word counts")
"""Per article, what :func:`day_vectors`, :func:`day_profiles` and :func:`similar_words` count in it
(see :mod:`briefer.article_memo`): callers read them, never change them."""


@dataclass(frozen=True)
class ThemeProfile:
    """What one theme's articles looked like on one day: how many, and their summed term weights
    (each article a unit vector of sublinear term frequencies, before any IDF)."""

    articles: int
    terms: Mapping[str, float]


@dataclass(frozen=True)
class Prior:
    """What the desk's earlier days looked like (from the store; see :func:`prior_from_days`):
    per theme its articles' summed term weights, and every term's document frequency."""

    days: tuple[str, ...] = ()
    documents: int = 0
    df: Mapping[str, int] = field(default_factory=dict)
    themes: Mapping[str, ThemeProfile] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.days)


BACKGROUND = ""
"""The store's profile of all the day's articles (document frequencies); no theme has an empty name."""


def prior_from_days(days: Mapping[str, Mapping[str, tuple[int, Mapping[str, float]]]]) -> Prior:
    """A :class:`Prior` from the store's ``{day: {theme: (articles, terms)}}`` (see
    :meth:`briefer.store.Store.theme_profiles`), summed in the order of the days."""
    documents = 0
    df: Counter[str] = Counter()
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    articles: Counter[str] = Counter()
    for day in sorted(days):
        for theme, (count, terms) in sorted(days[day].items()):
            if theme == BACKGROUND:
                documents += count
                df.update({t: int(v) for t, v in terms.items()})
            else:
                articles[theme] += count
                totals[theme].update(terms)
    themes = {name: ThemeProfile(articles[name], dict(totals[name])) for name in sorted(totals)}
    return Prior(tuple(sorted(days)), documents, dict(df), themes)


@dataclass(frozen=True)
class Vocabulary:
    """The day's vector space: terms (today's and the earlier days' themes'), their IDF and a
    readable word for each stem."""

    terms: tuple[str, ...]
    idf: np.ndarray
    words: Mapping[str, str]

    @functools.cached_property
    def index(self) -> dict[str, int]:
        """Each term's column."""
        return {term: i for i, term in enumerate(self.terms)}


def day_vectors(
    items: Sequence[AnalysedArticle], prior: Prior | None = None
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, Vocabulary]:
    """Unit TF-IDF vectors of the articles, the raw term counts, and the vocabulary.

    IDF counts today's articles and the earlier days' together; a term in ``UBIQUITOUS`` of them
    (or of today's alone) weighs nothing.
    """
    prior = prior or Prior()
    stamp = article_memo.module_stamp_of(__name__)
    words: Counter[tuple[str, str]] = Counter()
    # asked once a run: not held to the end of the caller's within block (article_memo.each_once)
    for found in article_memo.each_once(_WORD_COUNTS, items, _word_counts, stamp):
        words.update(found)
    readable: dict[str, str] = {}
    for (s, w), _ in sorted(words.items(), key=lambda kv: (-kv[1], kv[0])):
        readable.setdefault(s, w)
    del words
    # Read once, each term numbered as it first comes, then renumbered in the terms' order: the counts need not
    # all be held to know the day's terms first (_term_counts_held). Machine integers, not lists of Python ints:
    # each column index over 256 was an object of its own, some 44 bytes a stored count with the lists'
    # pointers (12 here), for a moment: 7.5 million counts at 50,000 articles (docs/performance.md, session 43).
    first: dict[str, int] = {}
    indices, values, indptr = array("i"), array("q"), array("i", [0])
    for counts in _day_term_counts(items, stamp):
        for t, c in counts.items():
            indices.append(first.setdefault(t, len(first)))
            values.append(c)
        indptr.append(len(indices))
    known = set(first)
    for profile in prior.themes.values():
        known.update(profile.terms)
    terms = tuple(sorted(known))
    column = {t: i for i, t in enumerate(terms)}
    renumbered = np.array([column[t] for t in first], dtype=np.int32)
    del first, column
    n, width = len(indptr) - 1, max(len(terms), 1)
    counts_matrix = sparse.csr_matrix(
        (
            np.asarray(values, dtype=float),
            renumbered[np.asarray(indices, dtype=np.int32)],
            np.asarray(indptr, dtype=np.int32),
        ),
        shape=(n, width),
    )
    del indices, values, indptr, renumbered
    counts_matrix.sort_indices()  # each article's terms in the columns' order, as they were written before
    df_today = np.bincount(counts_matrix.indices, minlength=width).astype(float)
    df_prior = np.array([prior.df.get(t, 0) for t in terms] or [0], dtype=float)
    total = n + prior.documents
    idf = smoothed_idf(df_today + df_prior, total)
    common = np.zeros(width, dtype=bool)
    if n >= UBIQUITOUS_MIN:
        common |= df_today >= UBIQUITOUS * n
    if prior.documents >= UBIQUITOUS_MIN:
        common |= (df_today + df_prior) >= UBIQUITOUS * total
    idf[common] = 0.0
    vectors = unit_rows(counts_matrix, idf, sublinear_tf=True)
    return vectors, counts_matrix, Vocabulary(terms, idf, readable)


TERMS_HELD_MOST = 20_000
"""A day of more articles makes each article's term counts twice, for :func:`day_vectors` and again for
:func:`day_profiles`, rather than hold them all between the two: some 4 KB an article, held by the scoring child
from the day's vectors to its end (its rounds, the scoring child's peak at 50,000 articles: docs/performance.md,
session 46). Not in a process that keeps them between runs (its memo holds them), nor while the store gives
them (:func:`briefer.article_memo.stored`)."""


def _term_counts_held(items: Sequence[AnalysedArticle]) -> bool:
    """Whether the day's term counts are held between :func:`day_vectors` and :func:`day_profiles`
    (:data:`TERMS_HELD_MOST`)."""
    return article_memo.kept() or article_memo.storing() or len(items) <= TERMS_HELD_MOST


def _day_term_counts(items: Sequence[AnalysedArticle], stamp: str) -> Iterable[Counter[str]]:
    """Each article's :func:`_term_counts`, held by the caller's within block or made again when asked again
    (:data:`TERMS_HELD_MOST`)."""
    if _term_counts_held(items):
        return article_memo.each(_TERM_COUNTS, items, _term_counts, stamp)
    return article_memo.each_once(_TERM_COUNTS, items, _term_counts, stamp)


def article_vectors(items: Sequence[AnalysedArticle]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF vectors of the articles (headline, lead and body stems), fitted on the day."""
    return day_vectors(items)[0]


def prior_matrix(prior: Prior | None, names: Sequence[str], vocabulary: Vocabulary) -> np.ndarray:
    """Themes x terms: each theme's earlier articles as one vector in today's space, weighing
    ``PRIOR_WEIGHT`` of today's articles each (zero for a theme the store has nothing on)."""
    out = np.zeros((len(names), len(vocabulary.terms)))
    if not prior:
        return out
    column = vocabulary.index
    for k, name in enumerate(names):
        profile = prior.themes.get(name)
        if profile is None or not profile.articles:
            continue
        row = np.zeros(len(vocabulary.terms))
        for term, weight in profile.terms.items():
            if term in column:
                row[column[term]] = weight
        row *= vocabulary.idf
        norm = float(np.linalg.norm(row))
        if norm > 0:
            out[k] = row / norm * PRIOR_WEIGHT * profile.articles
    return out


def _theme_similarity(
    vectors: sparse.csr_matrix, column: np.ndarray, prior: np.ndarray | None, rows: np.ndarray | None = None
) -> np.ndarray:
    """The cosine similarity of each article (of ``rows``, or all) with one theme's profile (its
    members ``column``, plus ``prior``), a member with the profile of the others, unclipped
    (:func:`centroid_similarity`)."""
    size = vectors.shape[0] if rows is None else rows.size
    total = np.asarray(vectors[column].sum(axis=0)).ravel() if column.any() else np.zeros(vectors.shape[1])
    if prior is not None:
        total = total + prior
    keep = np.flatnonzero(total)
    if keep.size == 0:
        return np.zeros(size)
    inside = column if rows is None else column[rows]
    weights = total[keep]
    if rows is None and size > SIMILARITY_BLOCK:
        dots, own = np.empty(size), np.empty(size)
        for start in range(0, size, SIMILARITY_BLOCK):
            stop = min(start + SIMILARITY_BLOCK, size)
            dots[start:stop], own[start:stop] = _dots_and_norms(vectors[start:stop], keep, weights)
    else:
        dots, own = _dots_and_norms(vectors if rows is None else vectors[rows], keep, weights)
    norm2 = np.full(size, float(weights @ weights))
    norm2[inside] = norm2[inside] - 2 * dots[inside] + own[inside]
    dots[inside] = dots[inside] - own[inside]
    norms = np.sqrt(np.maximum(norm2, 0.0))
    return np.divide(dots, norms, out=np.zeros(size), where=norms > 1e-12)


SIMILARITY_BLOCK = 4096
""":func:`_theme_similarity` over every article works through the day's vectors this many rows at a time: the
columns of the theme's profile taken out of the whole day at once, and their squares, were copies of the day's
values (some 250 MB for a moment at 50,000 articles, in each round of the scoring: docs/performance.md,
session 44). Each row's products are its own: the same floats whatever the block."""


def _dots_and_norms(rows: sparse.csr_matrix, keep: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's dot product with ``weights`` over the columns ``keep``, and its squared length over them."""
    part = rows[:, keep]
    return np.asarray(part @ weights).ravel(), np.asarray(part.multiply(part).sum(axis=1)).ravel()


def centroid_similarity(vectors: sparse.csr_matrix, members: np.ndarray, prior: np.ndarray | None = None) -> np.ndarray:
    """Articles x themes: cosine similarity of each article with each theme's profile.

    A theme's profile is the sum of its members' (unit) vectors, plus its row of ``prior`` (the
    earlier days' articles). A member is compared with the profile of the *other* members, so an
    article never votes for itself: with a handful of articles a theme, self-similarity would
    otherwise keep any member in its theme.
    """
    n, k = members.shape
    out = np.zeros((n, k))
    for t in range(k):
        out[:, t] = _theme_similarity(vectors, members[:, t], None if prior is None else prior[t])
    return np.clip(out, 0.0, 1.0)


def _confident(keywords: np.ndarray, min_score: float) -> np.ndarray:
    """Articles x themes: True where the keyword match is confident."""
    if keywords.shape[1] == 0:
        return np.zeros_like(keywords, dtype=bool)
    best = keywords.max(axis=1, keepdims=True)
    others = np.where(keywords == best, -np.inf, keywords)
    second = np.maximum(others.max(axis=1, keepdims=True), 0.0)
    ties = (keywords == best).sum(axis=1, keepdims=True) > 1
    return (keywords == best) & (best >= min_score) & (best >= CONFIDENT_MARGIN * second) & ~ties


def evidence(keywords: np.ndarray) -> np.ndarray:
    """Keyword points as evidence between 0 and 1: a headline match is half of it, more adds less."""
    return keywords / (keywords + KEYWORD_HALF)


def keyword_weight(profile_size: np.ndarray) -> np.ndarray:
    """Per theme, how much keyword evidence counts beside similarity: ``KEYWORD_WEIGHT`` for a
    theme whose profile rests on nothing yet, less as it rests on more articles (``profile_size``:
    today's members, plus the earlier days' at ``PRIOR_WEIGHT`` each). A profile learnt from a
    handful of articles is a weak witness; one learnt from a hundred knows the theme better than
    eight keywords do."""
    return KEYWORD_WEIGHT * PROFILE_HALF / (PROFILE_HALF + np.asarray(profile_size, dtype=float))


def combined(similarity: np.ndarray, keywords: np.ndarray, weight: np.ndarray | float = KEYWORD_WEIGHT) -> np.ndarray:
    """An article's score for a theme, 0 to 1: its similarity and its keyword evidence, weighted
    ``1 : weight`` (``weight`` per theme, see :func:`keyword_weight`)."""
    return (similarity + weight * evidence(keywords)) / (1.0 + weight)


@dataclass(frozen=True)
class ThemeScores:
    """Per article and theme: keyword points, similarity to the theme's profile, score and placement."""

    themes: tuple[str, ...]
    keywords: np.ndarray  # articles x themes
    similarity: np.ndarray  # articles x themes
    placed: np.ndarray  # articles x themes, bool
    hits: KeywordHits | None = None
    vectors: sparse.csr_matrix | None = None
    vocabulary: Vocabulary | None = None
    profiles: np.ndarray | None = None  # themes x terms: members' vectors summed, plus the prior
    floors: np.ndarray | None = None  # per theme, the similarity an article needs to fit it
    seeds: np.ndarray | None = None  # articles x themes: confident keyword matches
    prior_days: int = 0
    weight: np.ndarray | float = KEYWORD_WEIGHT  # per theme, what keyword evidence counts for
    keyword_texts: Mapping[tuple[int, tuple[str, ...]], str] = field(default_factory=dict)  # as the config writes them
    support: np.ndarray | None = None  # articles x themes: the keyword points the score counts (see evidence)
    similar: SimilarWords | None = None  # words close to each theme's keywords (see similar_words)
    fit_similarity: np.ndarray | None = None  # articles x themes: the similarity the floors are for (topical_terms)
    astray: np.ndarray | None = None  # articles x themes: one keyword in another sense (see astray)
    sense: float = 0.0  # ... when the wording is under this similarity
    sense_similarity: np.ndarray | None = None  # articles x themes: what the sense test compared (_sense_spaces)
    meaning_gap: np.ndarray | None = None  # articles x themes: the meaning test's gap (meaning_gaps; NaN: not asked)
    desk_gap: np.ndarray | None = None  # per article: its meaning's gap from the rest of the day (desk_gap)
    away: np.ndarray | None = None  # articles x themes: about something else than the desk, unlike the theme
    excluded_texts: Mapping[tuple[int, tuple[str, ...]], str] = field(default_factory=dict)  # themes' ``exclude``
    starved: np.ndarray | None = None  # articles x themes: taken by a theme that had none (see starved)
    bare_similarity: np.ndarray | None = None  # articles x themes: the keyword-free comparison (bare_fits; NaN: none)
    bare_floors: np.ndarray | None = None  # per theme, what bare_similarity must reach (NaN: not asked)
    floor_sense: np.ndarray | None = None  # articles x themes: what the relative sense test compared (NaN: not asked)
    sense_floors: np.ndarray | None = None  # per theme, what floor_sense must reach (sense_unlike; NaN: not asked)
    followed: np.ndarray | None = None  # per article: the report whose theme it follows (follow_reports; -1: none)
    followed_similarity: np.ndarray | None = None  # ... and how alike the two are
    genre: np.ndarray | None = None  # per article: of a genre no theme of the desk is of (genres_apart)

    @property
    def bare(self) -> np.ndarray | None:
        """Articles x themes: True where an article that uses no theme's keyword fits the theme by its wording
        compared as the theme's articles are without the theme's keywords (see :func:`bare_fits`)."""
        if self.bare_similarity is None or self.bare_floors is None:
            return None
        with np.errstate(invalid="ignore"):
            return np.asarray(self.bare_similarity >= self.bare_floors[None, :])

    @property
    def score(self) -> np.ndarray:
        return combined(self.similarity, self.keywords if self.support is None else self.support, self.weight)

    @property
    def fitting(self) -> np.ndarray:
        """Articles x themes: the similarity the theme's floors are for (``fit_similarity``, else ``similarity``)."""
        return self.similarity if self.fit_similarity is None else self.fit_similarity


def score_themes(
    items: Sequence[AnalysedArticle],
    themes: Sequence[Theme],
    min_score: float = MIN_SCORE,
    multiple: bool = False,
    min_similarity: float = MIN_SIMILARITY,
    prior: Prior | None = None,
) -> ThemeScores:
    """Keyword points, learned similarities and the resulting placement of every article.

    ``prior``: what each theme's articles looked like on the desk's earlier days (see
    :func:`prior_from_days`); without it the day teaches the themes their vocabulary alone.
    """
    matchers = [ThemeMatcher.from_theme(t) for t in themes]
    if SHARED_PHRASE_WORDS:
        matchers = share_phrase_words(matchers)
    names = tuple(m.name for m in matchers)
    n, k = len(items), len(matchers)
    hits = _ignore_ubiquitous(keyword_hits(items, matchers), matchers)
    if COMMON_KEYWORDS:
        hits = _weigh_common(hits)
    keywords = hits.points()
    texts = {(t, p): w for t, m in enumerate(matchers) for p, w in zip(m.phrases, m.keywords, strict=True)}
    if n == 0 or k == 0:
        return ThemeScores(names, keywords, np.zeros((n, k)), np.zeros((n, k), dtype=bool), hits, keyword_texts=texts)
    vectors, _, vocabulary = day_vectors(items, prior)
    earlier = prior_matrix(prior, names, vocabulary)
    seeds = _confident(keywords, min_score)
    headlines = _headline_counts(hits)
    support = hits.points(sublinear=True) if SUBLINEAR_KEYWORDS else keywords
    names_today = name_stems(items, matchers) if TOPICAL_FIT else frozenset()
    similar = similar_words(items, matchers, hits, names_today) if SIMILAR_WORDS else None
    soft = None  # the similar words' points that may make an article fit (see PHRASE_NAMING)
    if similar is not None:
        support = support + similar.points
        soft = similar.naming_points
    members = seeds
    similarity = np.zeros((n, k))
    placed = np.zeros((n, k), dtype=bool)
    floors = np.full(k, min_similarity)
    before = np.array([prior.themes[m].articles if prior and m in prior.themes else 0 for m in names]) * PRIOR_WEIGHT
    weight = keyword_weight(before)
    topical = topical_terms(names_today, vocabulary) if TOPICAL_FIT else None
    # The space in which an article fits a theme: the day's vectors without the names (topical_terms).
    fit_space = None if topical is None else (_reweighed(vectors, topical.astype(float)), earlier * topical)
    stray = np.zeros((n, k), dtype=bool)
    lone = hits.single() if SENSE else stray  # the rounds change the wording, not the keywords
    # ... and where a theme has articles enough to say what its words mean, a passing second keyword too
    passing = hits.in_passing() & ~lone if SENSE and PASSING_MENTION else None
    if SENSE and SENSE_DWELT:  # but a keyword the article dwells on is in the theme's sense
        dwelt = hits.dwelt_on(SENSE_DWELT)
        lone = lone & ~dwelt
        passing = None if passing is None else passing & ~dwelt
    asked = lone if passing is None else lone | passing  # where the sense test may be asked
    genre = genres_apart(items, matchers) if GENRES else None
    senses = _sense_spaces(vectors, earlier, vocabulary, matchers, asked, topical) if SENSE_WITHOUT_KEYWORDS else {}
    meanings = _meanings(vectors, vocabulary, matchers, topical) if MEANING and (asked.any() or OFF_DESK) else None
    desk_gaps = desk_gap(meanings) if OFF_DESK and meanings is not None else None
    off = desk_gaps < -OFF_DESK_GAP if desk_gaps is not None else None
    away = np.zeros((n, k), dtype=bool)
    spaces = dict(senses)  # a theme's space without its keywords, made once for the rounds (_sense_spaces)
    gaps = None
    forced = np.zeros((n, k), dtype=bool)  # articles a theme that had none takes (see starved)
    bare_sim, bare_floors = None, None  # keyword-free articles compared without each theme's keywords (bare_fits)
    floor_sense, sense_floors = None, None  # one keyword's sense against the theme's own seeds (sense_unlike)
    starving = STARVED  # the starved test is yet to be asked
    rounds = 0
    while rounds < MAX_ROUNDS:
        rounds += 1
        similarity = centroid_similarity(vectors, members, earlier)
        fit_similarity = similarity if fit_space is None else centroid_similarity(fit_space[0], members, fit_space[1])
        # A keyword in another sense makes no seed: its article does not teach the theme its words.
        judged = lone  # one keyword, or one in the headline and a passing one where the theme can tell
        if passing is not None and passing.any():
            judged = lone | (passing & (members.sum(axis=0) - members >= SEEDS_FOR_FLOOR))
        sense = fit_similarity
        if senses:
            sense = fit_similarity.copy()
            for t, (space, before_t) in senses.items():
                # The lower of the two (leaving the keywords out may also shrink the profile), where
                # the theme's other articles are enough to say what else its articles share.
                rows = np.flatnonzero(judged[:, t] & (members[:, t].sum() - members[:, t] >= SEEDS_FOR_FLOOR))
                if rows.size:
                    bare = np.clip(_theme_similarity(space.rows(), members[:, t], before_t, rows), 0.0, 1.0)
                    sense[rows, t] = np.minimum(sense[rows, t], bare)
        stray = astray(judged, sense, min(min_similarity, MIN_SIMILARITY))
        if meanings is not None:
            gaps = meaning_gaps(meanings, members, judged)
            stray |= gaps < -MEANING_GAP
        if SENSE_FLOOR and SENSE_WITHOUT_KEYWORDS and desk_gaps is not None:
            # ... and, in an article less about the desk's subject than its typical one, against what the theme's
            # own seeds reach in the same comparison
            below = judged & ~stray & (desk_gaps < 0.0)[:, None]
            floor_sense, sense_floors = sense_unlike(
                vectors, earlier, vocabulary, matchers, topical, spaces, members, seeds & ~stray, below, min_similarity
            )
            with np.errstate(invalid="ignore"):
                stray |= floor_sense < sense_floors[None, :]
        confident = seeds & ~stray
        floors = join_floors(fit_similarity, confident, min_similarity)
        if meanings is not None and off is not None and off.any():
            # An article about something else than the desk: its keywords, however many, vouch for nothing where
            # it is also further from the theme's articles than they are from each other and its wording does
            # not fit the theme (a tennis report on a desk of business and sport keeps its Sport).
            far = meaning_gaps(meanings, members, np.repeat(off[:, None], k, axis=1)) < -OFF_THEME_GAP
            wording = fit_similarity.copy()  # ... its wording without the theme's keywords, as the sense test reads it
            missing = far.copy()
            missing[:, list(spaces)] = False
            spaces.update(_sense_spaces(vectors, earlier, vocabulary, matchers, missing, topical))
            for t in np.flatnonzero(far.any(axis=0)).tolist():
                space, before_t = spaces[t]
                rows = np.flatnonzero(far[:, t])
                bare = np.clip(_theme_similarity(space.rows(), members[:, t], before_t, rows), 0.0, 1.0)
                wording[rows, t] = np.minimum(wording[rows, t], bare)
            unlike = keyword_gaps(meanings, members, far, matchers) < -OFF_KEYWORD_GAP
            away = far & (wording < floors[None, :]) & unlike
        weight = keyword_weight(members.sum(axis=0) + before)
        # Where the keyword is in another sense, its wording without the keyword is what may fit.
        fitting = np.where(stray, np.minimum(sense, fit_similarity), fit_similarity) if STRAY_FIT else fit_similarity
        if BARE_FIT and desk_gaps is not None:
            # An article that uses no theme's keyword, about as close to the rest of the day as its typical article
            # (about the desk's subject, not the sports page: BARE_DESK_GAP), that reaches no theme's floor.
            unheld = (fitting < floors[None, :]) & ~(stray | away)
            unheld &= ((keywords <= 0).all(axis=1) & (desk_gaps >= -BARE_DESK_GAP))[:, None]
            bare_sim, bare_floors = bare_fits(
                vectors, earlier, vocabulary, matchers, topical, spaces, members, confident, unheld, min_similarity
            )
        updated = place(
            similarity,
            keywords,
            min_score,
            multiple,
            floors,
            weight,
            headlines,
            support,
            soft,
            fitting,
            stray | away,
            None if bare_sim is None or bare_floors is None else bare_sim >= bare_floors[None, :],
        )
        updated &= ~away  # neither keywords nor wording hold an article about something else than the desk
        if genre is not None:
            updated &= ~genre[:, None]  # nor a sports report or a review a theme of neither
        updated[forced.any(axis=1)] = forced[forced.any(axis=1)]
        settled = np.array_equal(updated, placed)
        placed = updated
        members = placed | confident | forced
        if settled or rounds == MAX_ROUNDS:
            if starving:
                starving = False
                forced = starved(
                    placed, seeds, keywords, vectors if fit_space is None else fit_space[0], min_score, min_similarity
                )
                if forced.any():  # the rounds again, from the seeds and what the empty themes took
                    members, placed, rounds = seeds | forced, np.zeros((n, k), dtype=bool), 0
                    continue
            break
    profiles = np.vstack([np.asarray(vectors[members[:, t]].sum(axis=0)).ravel() + earlier[t] for t in range(k)])
    followed, followed_similarity = None, None
    if FOLLOW_REPORT:
        followed, followed_similarity = follow_reports(vectors, keywords, seeds & ~(stray | away), placed | forced)
        moved = followed >= 0
        if moved.any():
            placed = placed.copy()
            placed[moved] = placed[followed[moved]]
    log.debug("themes: %d confident keyword matches, %d placed", seeds.any(axis=1).sum(), placed.any(axis=1).sum())
    days = len(prior.days) if prior else 0
    return ThemeScores(
        names,
        keywords,
        similarity,
        placed,
        hits,
        vectors,
        vocabulary,
        profiles,
        floors,
        seeds,
        days,
        weight,
        texts,
        support,
        similar,
        None if fit_space is None else fit_similarity,
        stray,
        SENSE_SHARE * min(min_similarity, MIN_SIMILARITY),
        sense if senses else None,
        gaps,
        desk_gaps,
        away if away.any() else None,
        {(t, e): text for t, m in enumerate(matchers) for e, text in zip(m.excluded, m.exclude, strict=True)},
        forced if forced.any() else None,
        bare_sim,
        bare_floors,
        floor_sense,
        sense_floors,
        followed if followed is not None and (followed >= 0).any() else None,
        followed_similarity,
        genre if genre is not None and genre.any() else None,
    )


FOLLOW_REPORT = True
"""An article that uses no theme's keyword goes where the report of the same event it is most like is held by its
keywords (:func:`follow_reports`): "Money sent home by Tajik workers in Russia drops by a tenth" with
"Remittances to Tajikistan fall 11%", not with the water theme whose canal "bank" and "winter" it shares."""
FOLLOW_SIMILARITY = 0.4
"""How alike (cosine of the day's term vectors) a keyword-free article and the report it follows must be: a report
of the same event. On the own desks (72, 1,494 articles) no keyword-free article that sits right is as alike as
this to an article of another theme; two misplaced ones are (0.42, 0.50)."""


FOLLOW_LIMIT = 2000
"""Reports are followed on days of at most this many articles (a desk's day is 10 to 100): every keyword-free
article is compared with every article, which a day of 100,000 could not afford."""


def follow_reports(
    vectors: sparse.csr_matrix, keywords: np.ndarray, held: np.ndarray, placed: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per article, the report whose themes it follows, or -1; and how alike the two are (on days of at most
    ``FOLLOW_LIMIT`` articles; none above). An article follows
    when it uses no theme's keyword and the article most like it (``FOLLOW_SIMILARITY`` or more) is held by its
    keywords (``held``: confident keyword matches, none in another sense) in every theme it is placed in, and
    they differ from the article's. The first of equals on ties: the same on every run."""
    n = vectors.shape[0]
    out = np.full(n, -1)
    alike = np.zeros(n)
    bare = np.flatnonzero((keywords <= 0).all(axis=1))
    if n < 2 or not bare.size or n > FOLLOW_LIMIT:
        return out, alike
    norms = np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel())
    unit = sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ vectors
    sims = np.asarray((unit[bare] @ unit.T).todense())
    sims[np.arange(bare.size), bare] = -1.0  # not itself
    for row, a in enumerate(bare.tolist()):
        b = int(np.argmax(sims[row]))
        alike[a] = sims[row, b]
        home = placed[b]
        if sims[row, b] < FOLLOW_SIMILARITY or not home.any() or (held[b] < home).any():
            continue
        if not np.array_equal(home, placed[a]):
            out[a] = b
    return out, alike


BARE_FIT = True
"""An article that uses no theme's keyword, and is about as close to the rest of the day as the day's typical
article (:func:`desk_gap` at least ``-BARE_DESK_GAP``: about the desk's subject), fits a theme when its wording,
compared with the theme's articles without the theme's keywords, reaches the floor the theme's seeds set in that
same comparison (see :func:`bare_fits`). Not on a day too small to tell its typical article (``OFF_DESK_DAY``), nor
without word vectors."""
BARE_DESK_GAP = 0.03
"""How much further from the rest of the day than the day's median article (:func:`desk_gap`) an article that uses
no keyword may be and still be measured as the theme's articles are without their keywords. Half of a desk's own
reports sit under the median by construction, and a report written without the desk's words (flights cancelled
under an ash cloud, a chip maker's first wafers shipped, a fishing market's prices) sits a little under it: at 0
they were never asked. Chosen on half the own desks (every gap from 0.03 to 0.08 gains there, none loses): the
largest that leaves the demo's snow advisory on an Afghan pass (-0.037, alike in wording to a border desk's
closed crossings) in Other; then checked on the other half."""


def bare_fits(
    vectors: sparse.csr_matrix,
    earlier: np.ndarray,
    vocabulary: Vocabulary,
    matchers: Sequence[ThemeMatcher],
    topical: np.ndarray | None,
    spaces: dict[int, tuple[_Space, np.ndarray]],
    members: np.ndarray,
    confident: np.ndarray,
    asked: np.ndarray,
    min_similarity: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The keyword-free comparison: articles x themes, where ``asked`` (an article that uses no theme's
    keyword and does not reach the theme's floor), its similarity with the theme's articles (``members``) in
    the day's vectors without the theme's keyword stems and the day's names (:func:`_sense_spaces`, kept in
    ``spaces`` for the rounds), NaN elsewhere; and per theme, the floor in that comparison: ``SEED_SHARE`` of
    what the theme's ``confident`` seeds reach in it, ``min_similarity`` at least (NaN for a theme with under
    ``SEEDS_FOR_FLOOR`` seeds: ``min_similarity`` alone is its floor, whatever the comparison).

    A theme's floor is set by its seeds, and a seed shares its keywords with the others (every one of a
    Fisheries theme's seeds writes "catch" or "trawler"): their similarity owes much to the keywords, which
    an article that uses none cannot share. Measured against that floor, a report on a pellet plant's
    halt or a grain terminal's lay-offs, written in the theme's wording but not its keywords, falls short
    (similarity 0.18, floor 0.19) and goes to Other. Without the keywords on both sides the comparison is
    like with like: the seeds' similarity falls, the floor with it, and the article reaches it or not."""
    similarity = np.full(asked.shape, np.nan)
    floors = np.full(asked.shape[1], np.nan)
    for t in np.flatnonzero(asked.any(axis=0)).tolist():
        seeds = np.flatnonzero(confident[:, t])
        if seeds.size < SEEDS_FOR_FLOOR:
            continue
        space, before = _space_without(t, vectors, earlier, vocabulary, matchers, topical, spaces)
        matrix = space.rows()
        reached = _theme_similarity(matrix, members[:, t], before, seeds)
        floors[t] = max(min_similarity, SEED_SHARE * float(np.median(reached)))
        rows = np.flatnonzero(asked[:, t])
        similarity[rows, t] = _theme_similarity(matrix, members[:, t], before, rows)
        del matrix  # a large day's is made again when asked (SPACES_HELD_MOST): not two at a time
    return similarity, floors


def _space_without(
    t: int,
    vectors: sparse.csr_matrix,
    earlier: np.ndarray,
    vocabulary: Vocabulary,
    matchers: Sequence[ThemeMatcher],
    topical: np.ndarray | None,
    spaces: dict[int, tuple[_Space, np.ndarray]],
) -> tuple[_Space, np.ndarray]:
    """Theme ``t``'s space without its keywords and the day's names (:func:`_sense_spaces`), made once into
    ``spaces``."""
    if t not in spaces:
        only = np.zeros((vectors.shape[0], len(matchers)), dtype=bool)
        only[:, t] = True
        spaces.update(_sense_spaces(vectors, earlier, vocabulary, matchers, only, topical))
    return spaces[t]


SENSE_FLOOR = True
"""A theme's one keyword, in an article less about the desk's subject than the day's typical article, names it
only when its wording without the theme's keywords reaches ``SENSE_FLOOR_SHARE`` of the floor the theme's seeds
set in that same comparison (see :func:`sense_unlike`). Part of the sense test without the keywords: off with
``SENSE_WITHOUT_KEYWORDS``."""
SENSE_FLOOR_SHARE = 0.7
"""The share of the theme's keyword-free floor (:func:`bare_fits`) that an article named by one keyword of the
theme, and less about the desk than its typical article, must reach; chosen on half the own desks (0.6, 0.7,
0.75, 0.8 tried), then checked on the other half."""


def sense_unlike(
    vectors: sparse.csr_matrix,
    earlier: np.ndarray,
    vocabulary: Vocabulary,
    matchers: Sequence[ThemeMatcher],
    topical: np.ndarray | None,
    spaces: dict[int, tuple[_Space, np.ndarray]],
    members: np.ndarray,
    confident: np.ndarray,
    asked: np.ndarray,
    min_similarity: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The sense test against the theme's own seeds: articles x themes, where ``asked`` (one keyword of the
    theme names the article, and it is less about the desk's subject than the day's typical article), its
    similarity with the theme's articles without the theme's keyword stems and the day's names, NaN elsewhere;
    and per theme, ``SENSE_FLOOR_SHARE`` of the floor the theme's ``confident`` seeds set in that comparison
    (:func:`bare_fits`; NaN for a theme with under ``SEEDS_FOR_FLOOR`` seeds). Under it, the keyword is in
    another sense.

    :func:`astray` asks the same without the keywords, but against a fixed share of ``min_similarity``: a desk's
    everyday words (year, city, prices, night) lift a TV blackout's report, a film shoot's "crews", a ferry's
    "maiden voyage" or a Christmas "caravan" of trucks over it, while the theme's own articles, alike in what they
    report, reach far more with each other. Only for an article less about the desk's subject than its typical
    one (:func:`desk_gap` under 0): a report of the desk's own subject, however briefly it names its theme, is
    left to the tests that do not ask so much."""
    similarity, floors = bare_fits(
        vectors, earlier, vocabulary, matchers, topical, spaces, members, confident, asked, min_similarity
    )
    return similarity, SENSE_FLOOR_SHARE * floors


SENSE_WITHOUT_KEYWORDS = True
"""The sense test (:func:`astray`) compares an article with a theme's articles without the theme's
own keywords: the keyword whose sense is in question does not vouch for itself. A train
"platform" used three times shares that word with an oil desk's platform reports and little else."""


def _sense_spaces(
    vectors: sparse.csr_matrix,
    earlier: np.ndarray,
    vocabulary: Vocabulary,
    matchers: Sequence[ThemeMatcher],
    lone: np.ndarray,
    topical: np.ndarray | None,
) -> dict[int, tuple[_Space, np.ndarray]]:
    """Per theme that some article names by one keyword only (``lone``): the day's vectors and the
    earlier days' profile without the theme's keyword stems (nor the day's names, ``topical``)."""
    out = {}
    held = vectors.shape[0] <= SPACES_HELD_MOST
    for t, matcher in enumerate(matchers):
        if not lone[:, t].any():
            continue
        keep = _without_keywords(vectors.shape[1], vocabulary, matcher.phrases, topical)
        out[t] = (_Space(vectors, keep, held), earlier[t] * keep)
    return out


SPACES_HELD_MOST = 20_000
"""On a day of more articles a theme's space without its keywords (:func:`_sense_spaces`) is made again each
time the rounds ask for it, rather than one per theme held through them: each as large as the day's values
(60 MB at 50,000 articles; with the floors' space some 290 MB held through the rounds, the scoring child's
peak: docs/performance.md, session 44). Made again, it is the same floats (:func:`_reweighed`); some 0.2 s
each time at 50,000 articles."""


class _Space:
    """A theme's space without its keywords (:func:`_sense_spaces`): the day's ``vectors`` reweighed by ``keep``,
    made once and held when ``held``, else made anew at each :meth:`rows` (:data:`SPACES_HELD_MOST`)."""

    __slots__ = ("_keep", "_made", "_vectors")

    def __init__(self, vectors: sparse.csr_matrix, keep: np.ndarray, held: bool) -> None:
        self._vectors = vectors
        self._keep = keep
        self._made = _reweighed(vectors, keep) if held else None

    def rows(self) -> sparse.csr_matrix:
        """The space's rows (unit length), one per article."""
        return self._made if self._made is not None else _reweighed(self._vectors, self._keep)


def _reweighed(vectors: sparse.csr_matrix, weights: np.ndarray) -> sparse.csr_matrix:
    """``tfidf.unit_rows(vectors, weights)`` holding its values only: its columns and rows are ``vectors``' own
    arrays, not copies of them. The scoring holds one such space per theme for its rounds and one for the
    floors (:func:`_sense_spaces`, ``fit_space``): their copies of where each value sits were a third of
    them (docs/performance.md, session 43). Nothing changes a matrix's structure in place here."""
    values = unit_values(vectors, weights)
    out = sparse.csr_matrix((values, vectors.indices, vectors.indptr), shape=vectors.shape, copy=False)
    out.has_sorted_indices = vectors.has_sorted_indices
    return out


def _without_keywords(
    width: int, vocabulary: Vocabulary, phrases: Iterable[tuple[str, ...]], topical: np.ndarray | None
) -> np.ndarray:
    """Per term, 1.0 to keep it, 0.0 for the words of ``phrases`` (keyword stems) and, with
    ``topical``, for the day's names (:func:`topical_terms`)."""
    keep = np.ones(width) if topical is None else topical.astype(float)
    index = vocabulary.index
    for phrase in phrases:
        for word in phrase:
            if word in index:
                keep[index[word]] = 0.0
    return keep


STRAY_FIT = True
"""An article whose theme's keyword is in another sense (:func:`astray`) fits the theme by its wording
without the theme's keywords, not by the keyword it shares with the theme's articles."""
MEANING = True
"""The sense test also asks what the article is about, in pretrained word vectors (see
:func:`meaning_gaps`)."""
MEANING_GAP = 0.08
"""How much further than a theme's own articles typically are (cosine of word-vector centroids) an
article named by the theme's one keyword may be from them before the keyword names nothing."""


def _meanings(
    vectors: sparse.csr_matrix, vocabulary: Vocabulary, matchers: Sequence[ThemeMatcher], topical: np.ndarray | None
) -> np.ndarray | None:
    """Articles x dimensions: what each article is about, as the centroid of its words' pretrained
    vectors (:mod:`briefer.vectors`) weighted by TF-IDF, without the themes' keywords and the day's
    names (``topical``), at unit length. None without the vectors' file."""
    from briefer import vectors as word_vectors

    table = word_vectors.load()
    if table is None or not vocabulary.terms:
        return None
    keep = _without_keywords(vectors.shape[1], vocabulary, (p for m in matchers for p in m.phrases), topical)
    embedded = table.unit([vocabulary.words.get(term, term) for term in vocabulary.terms])
    dense = np.asarray(_reweighed(vectors, keep) @ embedded)
    norms = np.linalg.norm(dense, axis=1, keepdims=True)
    return np.divide(dense, norms, out=np.zeros_like(dense), where=norms > 0)


OFF_DESK = True
"""An article whose meaning is far from the rest of the desk's day (see :func:`desk_gap`) is not held by
its keywords where it is also unlike the theme's articles, in meaning and in wording: a cup final's "late
strike" and "storm past"."""
OFF_DESK_GAP = 0.12
"""How much further than the day's typical article (cosine of word-vector centroids with the rest of the
day) an article may be before it is about something else than the desk."""
OFF_THEME_GAP = 0.08
"""... and how much further than a theme's articles are from each other it then needs to be from them."""
OFF_KEYWORD_GAP = 0.12
"""... and how much less than the theme's articles its meaning may be like the theme's keywords (the desk's
own words for the theme, in word vectors): a tennis report on a day of business is as like Sport's
keywords as Sport's football reports are; a cup final's "late strike" is not like a port desk's strikes."""
OFF_DESK_DAY = 8
"""Articles a day needs before one of them can be told apart from the rest."""


def desk_gap(meanings: np.ndarray) -> np.ndarray | None:
    """Per article, how much closer (negative: further) its meaning (:func:`_meanings`) is to the rest of
    the day than the day's median article is; None for a day under ``OFF_DESK_DAY`` articles. Under
    ``-OFF_DESK_GAP`` it is about something else than the desk: the sports page of a border desk, a film
    shoot on an outage desk. On a day of several desks' topics no article stands out from the median by
    so much, and an article of a theme unlike the rest of the day is close to its theme's articles
    (see ``OFF_THEME_GAP``)."""
    if meanings.shape[0] < OFF_DESK_DAY:
        return None
    rest = meanings.sum(axis=0)[None, :] - meanings
    cosines = _cosines(meanings, rest)
    return cosines - float(np.median(cosines))


def keyword_gaps(
    meanings: np.ndarray, members: np.ndarray, rows: np.ndarray, matchers: Sequence[ThemeMatcher]
) -> np.ndarray:
    """Articles x themes, where ``rows``: how much more (negative: less) the article's meaning is like the
    theme's keywords (the centroid of their word vectors, :func:`_keyword_vectors`) than the median of the
    theme's other members is; NaN elsewhere, and for a theme without keyword vectors or other members."""
    out = np.full(rows.shape, np.nan)
    found = _keyword_vectors(tuple(m.keywords for m in matchers))
    if found is None:
        return out
    for t in range(rows.shape[1]):
        cells = np.flatnonzero(rows[:, t])
        keys = found.keys[found.owners == t]
        if not cells.size or not keys.size:
            continue
        centre = keys.sum(axis=0)
        centre = centre / (float(np.linalg.norm(centre)) or 1.0)
        likeness = meanings @ centre
        theirs = np.flatnonzero(members[:, t])
        for i in cells:
            own = theirs[theirs != i]
            if own.size:
                out[i, t] = likeness[i] - float(np.median(likeness[own]))
    return out


def meaning_gaps(meanings: np.ndarray, members: np.ndarray, lone: np.ndarray) -> np.ndarray:
    """Articles x themes, where the theme's keyword evidence is one keyword (``lone``): how much
    closer (negative: further) the article's meaning (:func:`_meanings`) is to the centroid of the
    theme's other members than they are to each other's (the median, each left out in turn); NaN
    elsewhere. Under ``-MEANING_GAP`` the article is about something else. A hockey report on "Sakhalin
    Storm" and "Kholmsk Port" shares a desk's everyday words (night, region, weather) with its port
    reports, enough for the TF-IDF sense test (:func:`astray`), but in meaning it is about goals and
    overtime, not ships and cyclones. Only themes with ``SEEDS_FOR_FLOOR`` other members: fewer say
    little about what the theme is about.
    """
    out = np.full(lone.shape, np.nan)
    for t in range(lone.shape[1]):
        rows = np.flatnonzero(lone[:, t])
        own = np.flatnonzero(members[:, t])
        if not rows.size or own.size < SEEDS_FOR_FLOOR + 1:
            continue
        total = meanings[own].sum(axis=0)
        rest = total - meanings[own]  # each member's theme without it
        typical = float(np.median(_cosines(meanings[own], rest)))
        for i in rows:
            others = total - meanings[i] if members[i, t] else total
            if own.size - int(members[i, t]) >= SEEDS_FOR_FLOOR:
                out[i, t] = _cosines(meanings[i : i + 1], others[None, :])[0] - typical
    return out


STARVED = True
"""A theme that ends the day with no article takes the articles its keywords name whose wording fits each
other's (see :func:`starved`)."""
STARVED_MIN = 2
"""Articles an empty theme's keywords must name, each fitting the others' wording, before it takes them."""


def starved(
    placed: np.ndarray,
    seeds: np.ndarray,
    keywords: np.ndarray,
    space: sparse.csr_matrix,
    min_score: float,
    min_similarity: float,
) -> np.ndarray:
    """Articles x themes: for each theme that ends the day with no article (``placed``) though its keywords
    made it a seed (``seeds``: each then called astray, or taken elsewhere), the articles its keywords name
    (``min_score`` points) whose wording fits the others' as an article fits a theme (``min_similarity``, in
    ``space``: the day's vectors without the names of places and dates), when at least ``STARVED_MIN`` do.
    A theme without articles has no wording of its own to judge its keywords' sense by, so the sense test
    calls each of its one-keyword articles astray, and the desk's background theme (every article of a
    mining desk names a mine) takes them all; the articles that name it vouch for each other instead, and
    one in another sense (a senate's budget "blockade" on a day of road blockades) shares no wording with
    them. Articles that only share a keyword (a games console's "game" and a cup tie's) share little else."""
    out = np.zeros(placed.shape, dtype=bool)
    for t in np.flatnonzero(~placed.any(axis=0) & seeds.any(axis=0)).tolist():
        named = keywords[:, t] >= min_score
        if named.sum() < STARVED_MIN:
            continue
        alike = named & (_theme_similarity(space, named, None) >= min_similarity)
        if alike.sum() >= STARVED_MIN:
            out[alike, t] = True
    return out


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row by row cosine of ``a`` and ``b`` (0 where either is zero)."""
    norms = np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
    dots = np.einsum("ij,ij->i", a, b)
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)


def name_stems(items: Sequence[AnalysedArticle], matchers: Sequence[ThemeMatcher]) -> frozenset[str]:
    """The stems that say where and when, not what happened: the words of the day's places,
    peoples, dates and figures (its named entities of ``NAME_LABELS``) and the everyday words of
    time (``TIME_WORDS``), save a theme's own keywords."""
    named: set[str] = {_normalize(w) for w in TIME_WORDS}
    for item in items:
        for text, label in item.entities:
            if label in NAME_LABELS:
                named.update(_normalize(w) for w in text.lower().replace("'s", " ").split() if w.isalpha())
    for matcher in matchers:
        for phrase in matcher.phrases:
            named.difference_update(phrase)
    return frozenset(named)


def topical_terms(names: frozenset[str], vocabulary: Vocabulary) -> np.ndarray:
    """Per term of the day's vocabulary, True when it may make an article fit a theme by wording
    (not one of :func:`name_stems`). A folk festival in Edmonton shares "Edmonton", "Thursday"
    and "day" with the day's fire reports, and nothing of what they report."""
    return np.array([t not in names for t in vocabulary.terms] or [True], dtype=bool)


def join_floors(similarity: np.ndarray, seeds: np.ndarray, min_similarity: float) -> np.ndarray:
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


def strong(keywords: np.ndarray, headlines: np.ndarray) -> np.ndarray:
    """Articles x themes: True where keyword evidence is strong: the theme is the only one named
    in the headline (``headlines``: articles x themes keyword matches there), and no other theme
    has more keyword points. The headline says what an article is about."""
    alone = (headlines > 0) & ((headlines > 0).sum(axis=1, keepdims=True) == 1)
    return alone & (keywords >= keywords.max(axis=1, keepdims=True))


def _in_passing(match: KeywordMatch, theme: str, used: Sequence[str]) -> bool:
    """Whether ``match`` is the second keyword a headline keyword's sense test passes over (see
    ``PASSING_MENTION``): one of ``used`` of ``theme``, written once, in the body only."""
    return match.theme == theme and match.keyword in used and (match.headline, match.lead, match.body) == (0, 0, 1)


GENRES = True
"""On a desk that covers no sport (no arts), a sports report (a piece on the arts) belongs to no theme, whatever keyword
it uses (a basketball side's "third-quarter cyclone" on a desk of cyclones, a derby's "late strike" on a desk of port
strikes, a play called "Blackout" on a desk of power cuts): see :func:`genres_apart`."""
GENRE_CUES = 2  # ... when its headline and lead hold this many of the genre's words
GENRE_WORDS = {
    "sport": frozenset(
        """derby league goal goals striker midfielder goalkeeper coach ladder tournament championship stadium fixture
        referee penalty rink bonspiel curling innings wicket rugby football soccer cricket hockey basketball tennis golf
        olympic athlete medal thriller half-time playoff playoffs footballer cricketer batsman bowler quarter-final
        semi-final forward defender header""".split()
    ),
    "arts": frozenset(
        """theatre theater novel novelist poet poetry painting painter artist exhibition gallery museum concert
        orchestra singer album film satire comedy opera ballet choir sculpture triptych playwright actor actress
        premiere audience song songs drama teatro broadway playhouse musical carol carols""".split()
    ),
}
"""The words of a genre (lower case, lemmas or as written): a theme whose name or keywords hold one is of it."""
GENRE_NAMES = {"sport": frozenset({"sport", "sports"}), "arts": frozenset({"arts", "art", "culture", "music", "books"})}
"""... and so is one that names the genre ("Sport", "Arts and culture")."""


def genres_apart(items: Sequence[AnalysedArticle], matchers: Sequence[ThemeMatcher]) -> np.ndarray:
    """Per article: True where its headline and lead hold ``GENRE_CUES`` words of a genre
    (:data:`GENRE_WORDS`: "basketball" and "league"; "painter" and "painting") and no theme's name and keywords hold
    one of that genre's: the desk covers no sport, or no arts. A desk with a Sport theme places a football club's
    takeover in Business or Sport as it places any article (on the BBC day, whose desk has Sport and Entertainment
    themes, excluding such articles from the other themes put five more in Other, days of 8 0.888 -> 0.877)."""
    words = set(_GENRE_TOKEN.findall(" ".join(w for m in matchers for w in (m.name, *m.keywords)).lower()))
    # a desk with a theme of the genre weighs its articles as any other's
    covered = {genre for genre, cues in GENRE_WORDS.items() if words & (cues | GENRE_NAMES[genre])}
    return np.array([(found := genre_of(item)) is not None and found[0] not in covered for item in items], dtype=bool)


_GENRE_TOKEN = re.compile(r"[a-z][a-z-]*")


_SCORE = re.compile(
    r"\b(?:beat|beats|defeated|defeats|edged|thrashed|downed|drew\s+with|draw\s+with|held)\s+(?:[A-Z][\w.'’-]*\s+){1,4}"
    r"\d{1,2}[-–]\d{1,2}\b|\b\d{1,2}[-–]\d{1,2}\s+(?:home\s+|away\s+)?(?:win|victory|draw|defeat|loss|rout)\b"
)
"""A match's score, a sport's cue beside its words: "Emelec beat Barcelona SC 2-1", "a 3-0 home win". A side is
named in capitals, so a vote ("the council voted 7-2", "defeated the bill 52-48") is none."""


def genre_of(item: AnalysedArticle) -> tuple[str, list[str]] | None:
    """The genre an article's headline and lead are of and the words that say so (for ``--explain``), or None."""
    words = {w.lower() for w in (*item.title_lemmas, *item.lead_lemmas)}
    words.update(_GENRE_TOKEN.findall(item.article.title.lower()))
    for genre, cues in GENRE_WORDS.items():
        found = sorted(words & cues)
        if genre == "sport" and _SCORE.search(" ".join((item.article.title, *item.sentences[:2]))):
            found.append("a score")
        if len(found) >= GENRE_CUES:
            return genre, found
    return None


def astray(lone: np.ndarray, fitting: np.ndarray, min_similarity: float) -> np.ndarray:
    """Articles x themes: True where the theme's keyword evidence is one keyword (``lone``: one
    phrase, in headline, lead or body, :meth:`KeywordHits.single`) and the article's wording is
    unlike the theme's articles (``fitting``, the similarity without the day's names, under
    ``SENSE_SHARE`` of ``min_similarity``): the word in another sense ("a late strike" in a
    football report, "goal drought", a karting "grid", an art fair's "eruption of colour"). Such a
    keyword names nothing, in the headline or not."""
    return lone & (fitting < SENSE_SHARE * min_similarity)


def place(
    similarity: np.ndarray,
    keywords: np.ndarray,
    min_score: float,
    multiple: bool,
    min_similarity: np.ndarray | float,
    weight: np.ndarray | float = KEYWORD_WEIGHT,
    headlines: np.ndarray | None = None,
    support: np.ndarray | None = None,
    soft: np.ndarray | None = None,
    fit_similarity: np.ndarray | None = None,
    stray: np.ndarray | None = None,
    bare: np.ndarray | None = None,
) -> np.ndarray:
    """``stray``: where a theme's one keyword is used in another sense (:func:`astray`): it names
    nothing and holds nothing. ``bare``: where an article that uses no keyword fits a theme by its
    wording compared without the theme's keywords (:func:`bare_fits`)."""
    # the article uses the theme's own words (or words close to them), in its headline or lead at least
    named = _named(keywords, soft, min_score, stray)
    fits = ((similarity if fit_similarity is None else fit_similarity) >= min_similarity) | named
    if bare is not None:
        fits |= bare
    score = combined(similarity, keywords if support is None else support, weight)
    # Strong keyword evidence holds unless another theme's vocabulary is clearly closer: by
    # OVERRIDE while the profiles rest on a handful of articles, by less as they grow.
    held = strong(keywords, headlines) if headlines is not None else np.zeros_like(keywords, dtype=bool)
    if stray is not None:
        held &= ~stray
    # A comparison is as weak as the weaker of the two profiles (the held theme's and the rival's).
    reliance = np.broadcast_to(np.asarray(weight, dtype=float), similarity.shape)
    held_reliance = (reliance * held).sum(axis=1, keepdims=True)
    margin = OVERRIDE * np.maximum(reliance, held_reliance) / KEYWORD_WEIGHT if KEYWORD_WEIGHT else OVERRIDE
    closer = similarity - (similarity * held).sum(axis=1, keepdims=True) >= margin
    fits &= ~held.any(axis=1, keepdims=True) | held | closer
    ranked = np.where(fits, score, -np.inf)
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
    prior: Prior | None = None,
) -> dict[str, list[tuple[AnalysedArticle, float]]]:
    """Theme name -> its articles with their theme scores, in config order, then "Other".

    Inside a theme, articles come by descending score, then newest first.
    An article in "Other" carries its best score for any theme.
    """
    scores = score_themes(items, themes, min_score, multiple, min_similarity, prior)
    return _groups(items, scores)


def _groups(items: Sequence[AnalysedArticle], scores: ThemeScores) -> dict[str, list[tuple[AnalysedArticle, float]]]:
    groups: dict[str, list[tuple[AnalysedArticle, float]]] = {name: [] for name in scores.themes}
    groups[OTHER] = []
    score = scores.score
    for a, item in enumerate(items):
        row = scores.placed[a]
        if row.any():
            for t in np.flatnonzero(row):
                groups[scores.themes[t]].append((item, float(score[a, t])))
        else:
            best = float(score[a].max()) if len(scores.themes) else 0.0
            groups[OTHER].append((item, best))
    for members in groups.values():
        members.sort(key=lambda pair: (-pair[1], -pair[0].article.published.timestamp(), pair[0].article.id))
    return groups


LEARNED_SHOWN = 6
"""Learned terms shown per placement: those that added most to its similarity."""


def explain(items: Sequence[AnalysedArticle], scores: ThemeScores, min_score: float = MIN_SCORE) -> list[Placement]:
    """Why each article sits where it does: scores for every theme, keywords and where they
    matched, the learned terms that counted, and one plain sentence."""
    return list(_explained(items, scores, min_score))


def _explained(items: Sequence[AnalysedArticle], scores: ThemeScores, min_score: float) -> Iterator[Placement]:
    """:func:`explain`'s placements, one article at a time (a large day's are not all held at once:
    :func:`_placed_packed`)."""
    # Every article's scores and bare fits at once: as properties of the day's scores each is worked out over
    # every article when read, and read for each article it made the explanations quadratic in the day's size.
    score = scores.score
    bare = scores.bare
    held = None  # strong keyword evidence, every article's at once
    if scores.hits is not None and scores.keywords.size:
        held = strong(scores.keywords, _headline_counts(scores.hits))
        if scores.astray is not None:
            held &= ~scores.astray
        if scores.away is not None:
            held &= ~scores.away
    for a in range(len(items)):
        chosen = tuple(scores.themes[t] for t in np.flatnonzero(scores.placed[a])) or (OTHER,)
        fits = _fits(scores, a, min_score, bare)
        rows = tuple(
            ThemeScore(
                theme=name,
                score=round(float(score[a, t]), 3),
                keyword_points=round(float(scores.keywords[a, t]), 3),
                similarity=round(float(scores.similarity[a, t]), 3),
                fits=bool(fits[t]),
            )
            for t, name in enumerate(scores.themes)
        )
        matches = _matches(scores, a)
        home = int(np.flatnonzero(scores.placed[a])[0]) if scores.placed[a].any() else None
        target = home if home is not None else (int(score[a].argmax()) if scores.themes else None)
        learned = _learned(scores, a, target) if target is not None else ()
        yield Placement(
            themes=chosen,
            scores=rows,
            keywords=matches,
            learned=learned,
            reason=_reason(
                scores,
                a,
                home,
                fits,
                matches,
                learned,
                min_score,
                held,
                score[a],
                bare,
                genre_of(items[a]) if scores.genre is not None and scores.genre[a] else None,
            )
            + _excluded_note(items[a], scores.excluded_texts),
            earlier_days=scores.prior_days,
            similar=tuple(w for per in scores.similar.words[a] for w in per) if scores.similar is not None else (),
        )


def _named(
    keywords: np.ndarray, soft: np.ndarray | None, min_score: float, stray: np.ndarray | None = None
) -> np.ndarray:
    """Where keyword points, or the similar words' points (``soft``), reach ``min_score``; not by one
    keyword in another sense (``stray``, :func:`astray`)."""
    named = keywords >= min_score
    if stray is not None:
        named &= ~stray
    return named | (soft >= min_score) if soft is not None else named


def _fits(scores: ThemeScores, a: int, min_score: float, bare: np.ndarray | None) -> np.ndarray:
    """``bare``: ``scores.bare``, every article's, read once by the caller."""
    floors = scores.floors if scores.floors is not None else MIN_SIMILARITY
    soft = scores.similar.naming_points[a] if scores.similar is not None else None
    stray = scores.astray[a] if scores.astray is not None else None
    if scores.away is not None:
        stray = scores.away[a] if stray is None else stray | scores.away[a]
    fits = (scores.fitting[a] >= floors) | _named(scores.keywords[a], soft, min_score, stray)
    return np.asarray(fits | bare[a]) if bare is not None else np.asarray(fits)


def _matches(scores: ThemeScores, a: int) -> tuple[KeywordMatch, ...]:
    hits = scores.hits
    if hits is None:
        return ()
    found = []
    counts = hits.counts[a].tolist()  # Python ints, read once: not three NumPy scalars per phrase
    weights = hits.weights.tolist() if hits.weights is not None else None
    for t, phrases in enumerate(hits.of_theme):
        for p in phrases:
            headline, lead, body = (int(c) for c in counts[p])
            if headline or lead or body:
                weight = round(weights[p], 3) if weights is not None else 1.0
                text = _keyword_text(scores, t, p)
                found.append(KeywordMatch(scores.themes[t], text, headline, lead, body, p in hits.ignored, weight))
    return tuple(found)


def _keyword_text(scores: ThemeScores, t: int, p: int) -> str:
    assert scores.hits is not None
    phrase = scores.hits.phrases[p]
    return scores.keyword_texts.get((t, phrase), " ".join(phrase))


def _learned(scores: ThemeScores, a: int, t: int) -> tuple[str, ...]:
    """The words of the article that added most to its similarity with theme ``t``'s profile
    (without the article itself, as the similarity is computed)."""
    if scores.vectors is None or scores.profiles is None or scores.vocabulary is None:
        return ()
    vectors = scores.vectors
    start, end = vectors.indptr[a], vectors.indptr[a + 1]  # the row's terms and weights, in the row's
    indices, data = vectors.indices[start:end], vectors.data[start:end]  # order (no sparse row made)
    profile = scores.profiles[t].copy()
    if scores.seeds is not None and (scores.placed[a, t] or scores.seeds[a, t]):
        profile[indices] -= data
    shares = data * profile[indices]  # each term's gain times the profile's norm
    shown = _surely_shown(shares, profile)
    if shown is None:
        norm = float(np.linalg.norm(profile))
        if norm <= 0:
            return ()
        gains = shares / norm
        order = np.argsort(-gains, kind="stable")
        shown = [int(i) for i in order[:LEARNED_SHOWN] if gains[i] > LEARNED_FLOOR]
    terms = scores.vocabulary.terms
    words = scores.vocabulary.words
    return tuple(words.get(terms[indices[i]], terms[indices[i]]) for i in shown)


LEARNED_FLOOR = 1e-4
"""The gain a term of :func:`_learned` needs to be shown."""


def _surely_shown(shares: np.ndarray, profile: np.ndarray) -> list[int] | None:
    """The terms :func:`_learned` shows (places in ``shares``, most first), or None when the last bits of the
    profile's norm could decide which.

    The gains are ``shares`` over the profile's norm, ``np.linalg.norm``: an OpenBLAS dot product, which on a
    vector of more than 10,000 terms (a day of some 20,000 articles or more) splits its sum over the library's
    threads and waits for them, 1 to 30 ms a call on this 2-core machine as its load goes (5 ms of CPU, the
    threads spinning, under the load of one other run), for each of a day's articles (docs/performance.md,
    session 50). The same norm summed here, in NumPy's own order, differs from it by at most a few units of its
    last place; which terms are shown and in what order change with the norm only where two shares, or a gain
    and :data:`LEARNED_FLOOR`, are that close. Here they are far enough apart (``margin``, relative, well above
    the two sums' rounding) for any norm within the bound, so the terms are those the exact norm shows: else
    None, and the caller divides by the exact norm as before."""
    approx = math.sqrt(float(np.add.reduce(profile * profile)))
    if not (approx > 0 and math.isfinite(approx)):
        return None
    margin = max(1e-9, 16 * (len(profile) + 256) * float(np.finfo(np.float64).eps))
    order = np.argsort(-shares, kind="stable")  # the gains' order, for any positive norm, but for near ties
    values = shares[order]
    # Each run of equal shares that begins at a shown place far enough from the next (equal shares stay equal
    # gains, in the order of their places, whatever the norm).
    start = 0  # where the run of values[k - 1] begins
    for k in range(1, len(values)):
        if start >= LEARNED_SHOWN:
            break
        if values[k] != values[k - 1]:
            if values[k - 1] - values[k] <= margin * max(abs(values[k - 1]), abs(values[k])):
                return None
            start = k
    shown = []
    for i in order[:LEARNED_SHOWN]:
        gain = shares[i] / approx
        if abs(gain - LEARNED_FLOOR) <= margin * LEARNED_FLOOR:
            return None
        if gain > LEARNED_FLOOR:
            shown.append(int(i))
    return shown


def _where(match: KeywordMatch) -> str:
    parts = [
        f"{n}x in the {place}" if n > 1 else f"in the {place}"
        for n, place in zip((match.headline, match.lead, match.body), PLACES, strict=True)
        if n
    ]
    return f"'{match.keyword}' " + ", ".join(parts)


SIMILAR_SHOWN = 4
"""Similar words shown per placement."""


def _similar_text(scores: ThemeScores, a: int, t: int, needed: str = "") -> str:
    """ " Words close to Sport's keywords: footballer (like 'rugby'), ... (2.1 points)." or ""."""
    if scores.similar is None or scores.similar.points[a, t] <= 0:
        return ""
    found = scores.similar.words[a][t]
    shown = ", ".join(f"{w.word} (like '{w.like}')" for w in found[:SIMILAR_SHOWN])
    more = f" and {len(found) - SIMILAR_SHOWN} more" if len(found) > SIMILAR_SHOWN else ""
    points, naming = scores.similar.points[a, t], scores.similar.naming_points[a, t]
    # the words close to its phrases only as every everyday word is (PHRASE_NAMING) do not make it fit
    part = f", {naming:.2f} of them by words close to them beyond everyday words" if naming < points else ""
    return (
        f" Words close to {scores.themes[t]}'s keywords: {shown}{more} "
        f"({points:.2f} point(s){part}{needed}, counted as weak keyword evidence)."
    )


def _excluded_note(item: AnalysedArticle, texts: Mapping[tuple[int, tuple[str, ...]], str]) -> str:
    """The desk's ``exclude`` phrases the article uses (their keywords did not count), as a sentence."""
    if not texts:
        return ""
    lengths = {len(phrase) for _, phrase in texts}
    used: Counter[tuple[str, ...]] = Counter()
    for lemmas in (item.title_lemmas, item.lead_lemmas, item.body_lemmas):
        used.update(_ngrams(lemmas, lengths))
    found = sorted({text for (_, phrase), text in texts.items() if used[phrase]})
    if not found:
        return ""
    return f" Not counted: the keywords in {', '.join(map(repr, found))}, which the desk excludes."


def _named_keywords(scores: ThemeScores, a: int, t: int) -> list[str]:
    """The keywords of theme ``t`` that article ``a`` writes only as names (:func:`_only_a_name`)."""
    hits = scores.hits
    if hits is None or hits.named is None:
        return []
    return [
        scores.keyword_texts.get((t, hits.phrases[p]), " ".join(hits.phrases[p]))
        for p in hits.used(t)
        if hits.named[a, p]  # set only where the article uses the phrase
    ]


def _reason(
    scores: ThemeScores,
    a: int,
    home: int | None,
    fits: np.ndarray,
    matches: tuple[KeywordMatch, ...],
    learned: tuple[str, ...],
    min_score: float,
    held: np.ndarray | None,
    score: np.ndarray,
    bare: np.ndarray | None,
    genre: tuple[str, list[str]] | None = None,
) -> str:
    """``held``: :func:`strong` of every article (else worked out for ``a``); ``score``: the article's
    ``scores.score`` row; ``bare``: ``scores.bare``, every article's (both read once by the caller); ``genre``: the
    article's genre and its words where no theme of the desk is of it (:func:`genre_of`)."""
    names, keywords, similarity = scores.themes, scores.keywords[a], scores.similarity[a]
    words = f" (shared words: {', '.join(learned[:4])})" if learned else ""
    ignored = sorted({m.keyword for m in matches if m.ignored})
    note = f" Ignored today, as nearly every article has it: {', '.join(map(repr, ignored))}." if ignored else ""
    common = sorted({(m.keyword, m.weight) for m in matches if not m.ignored and m.weight < 1.0})
    if common:
        listed = ", ".join(f"'{k}' x{w:.2f}" for k, w in common)
        note += f" Common in today's articles, so counted at part weight in the lead and body: {listed}."
    if home is None:
        if not len(names):
            return "No themes are configured."
        if genre is not None and not (scores.astray is not None and scores.astray[a].any()):
            # (a keyword in another sense says more of why: the sense test's own words, below)
            kind, cues = genre
            return (
                f"Other: {'a sports report' if kind == 'sport' else 'a piece on the arts'} (its headline and lead: "
                f"{', '.join(map(repr, cues))}), and {' and '.join(names)} "
                f"{'is' if len(names) == 1 else 'are'} not about {kind}: its keywords and wording hold it nowhere."
                f"{note}"
            )
        held_by = scores.away[a] & (keywords >= min_score) if scores.away is not None else None
        sensed = scores.astray is not None and bool(scores.astray[a].any())
        if held_by is not None and scores.desk_gap is not None and held_by.any() and not sensed:
            apart = [names[t] for t in np.flatnonzero(held_by)]
            return (
                f"Other: about something else than the desk's day. What it is about, in word vectors, is further "
                f"from the day's other articles than the day's typical article is, by {-scores.desk_gap[a]:.3f} "
                f"({OFF_DESK_GAP:.3f} allowed), and further from {' and '.join(apart)}'s articles than they are "
                f"from each other: its keywords and wording hold it nowhere.{note}"
            )
        best_kw = int(keywords.argmax())
        gate = scores.fitting[a]  # what the floors are for
        best_sim = int(gate.argmax())
        kw_part = (
            f"its keywords reach {keywords[best_kw]:.3g} point(s) at best ({names[best_kw]}), {min_score:g} needed"
            if keywords.max() > 0
            else "it uses no theme's keyword"
        )
        floor = scores.floors[best_sim] if scores.floors is not None else MIN_SIMILARITY
        without = " without the names of places and dates" if scores.fit_similarity is not None else ""
        close = ""
        if scores.similar is not None and scores.similar.points[a].max() > 0:
            best_close = int(scores.similar.points[a].argmax())
            close = _similar_text(scores, a, best_close, f", {min_score:g} needed to fit")
        if scores.astray is not None and scores.astray[a, best_kw] and keywords[best_kw] >= min_score:
            theme = names[best_kw]
            as_names = _named_keywords(scores, a, best_kw)
            used = [m.keyword for m in matches if m.theme == theme and not m.ignored and m.keyword not in as_names]
            listed = ", ".join(f"'{k}'" for k in as_names)
            if as_names and used:
                which = f"it writes {listed} only as names, and '{used[0]}' is {theme}'s only other keyword in it"
            elif as_names:
                which = f"it writes {listed} only as {'names' if len(as_names) > 1 else 'a name'}"
            elif len(used) == 2 and (passing := [m.keyword for m in matches if _in_passing(m, theme, used)]):
                main = next(k for k in used if k != passing[0])
                which = f"'{main}' is the only keyword of {theme} it uses but '{passing[0]}' once in passing"
            else:
                which = f"'{used[0] if used else ''}' is the only keyword of {theme} it uses"
            sense, but = gate[best_kw], without
            if scores.sense_similarity is not None and scores.sense_similarity[a, best_kw] < sense:
                sense = scores.sense_similarity[a, best_kw]
                but = f"{without or ' without'} and {theme}'s keywords"
            gap = np.nan if scores.meaning_gap is None else scores.meaning_gap[a, best_kw]
            relative = np.nan if scores.floor_sense is None else scores.floor_sense[a, best_kw]
            needed = np.nan if scores.sense_floors is None else scores.sense_floors[best_kw]
            if relative < needed and not sense < scores.sense and not gap < -MEANING_GAP:
                unlike = (
                    f"it is less about the desk's subject than the day's typical article, and its wording without "
                    f"{theme}'s keywords is unlike {theme}'s articles (similarity {relative:.2f}, under {needed:.2f}: "
                    f"{SENSE_FLOOR_SHARE:g} of what {theme}'s articles reach with each other without them)"
                )
            elif sense < scores.sense or not gap < -MEANING_GAP:
                unlike = (
                    f"its wording is unlike {theme}'s articles (similarity {sense:.2f}{but}, under {scores.sense:.2f})"
                )
            else:
                unlike = (
                    f"what it is about, in word vectors, is further from {theme}'s articles than they are from "
                    f"each other, by {-gap:.3f} ({MEANING_GAP:.3f} allowed)"
                )
            kw_part = f"{which}, and {unlike}: the word in another sense"
        return (
            f"Other: {kw_part}, and no theme's articles are close enough in wording "
            f"(closest: {names[best_sim]}, similarity {gate[best_sim]:.2f}{without}, {floor:.2f} needed).{note}{close}"
        )
    name = names[home]
    if scores.followed is not None and scores.followed[a] >= 0 and scores.followed_similarity is not None:
        return (
            f"{name}: it uses no theme's keyword, and the article most like it (similarity "
            f"{scores.followed_similarity[a]:.2f}, {FOLLOW_SIMILARITY:.2f} needed: a report of the same event) is "
            f"{name}'s by its keywords.{note}"
        )
    own = [m for m in matches if m.theme == name and not m.ignored]
    evidence_text = "; ".join(_where(m) for m in own[:4])
    rivals = [t for t in range(len(names)) if t != home and fits[t]]
    runner = max(rivals, key=lambda t: score[t]) if rivals else None
    versus = f", ahead of {names[runner]} ({score[runner]:.2f})" if runner is not None else ""
    if held is None and scores.hits is not None:
        held = np.zeros_like(scores.keywords, dtype=bool)
        held[a] = strong(scores.keywords[a : a + 1], _headline_counts(scores.hits)[a : a + 1])[0]
    if held is not None and held[a, home]:
        return (
            f"{name}: the only theme its headline names, {evidence_text} ({keywords[home]:.3g} keyword points, "
            f"the most); weak similarity never overrides that (score {score[home]:.2f}{versus}).{note}"
        )
    close = _similar_text(scores, a, home)
    if scores.starved is not None and scores.starved[a, home]:
        alike = int(scores.starved[:, home].sum()) - 1
        beside = f"; {names[runner]} {score[runner]:.2f}" if runner is not None else ""
        return (
            f"{name}: no article was {name}'s until its keywords, {evidence_text} ({keywords[home]:.3g} points), "
            f"named this one and {alike} other(s) whose wording fits each other's: a theme without articles has no "
            f"wording to tell its keywords' sense by, so the articles it names vouch for each other (score "
            f"{score[home]:.2f}{beside}).{note}{close}"
        )
    if keywords[home] >= min_score:
        return (
            f"{name}: its keywords, {evidence_text} ({keywords[home]:.3g} points), and its wording "
            f"(similarity {similarity[home]:.2f}){words} give the best score, {score[home]:.2f}{versus}.{note}{close}"
        )
    if scores.similar is not None and scores.similar.naming_points[a, home] >= min_score:
        own_text = f"; its own keywords: {evidence_text} ({keywords[home]:.3g} point(s))" if own else ""
        wording = f"its wording (similarity {similarity[home]:.2f}){words} and " if similarity[home] >= 0.01 else ""
        return (
            f"{name}: it uses words close to {name}'s keywords{own_text}; {wording}those words give the "
            f"best score, {score[home]:.2f}{versus}.{note}{close}"
        )
    other_kw = [t for t in range(len(names)) if t != home and keywords[t] > 0]
    if other_kw:
        k = max(other_kw, key=lambda t: keywords[t])
        return (
            f"{name}: its wording is closest to {name}'s articles (similarity {similarity[home]:.2f}){words}; "
            f"the keyword evidence for {names[k]} ({keywords[k]:.3g} point(s)) is too weak to outweigh it "
            f"(score {score[home]:.2f}{versus}).{note}{close}"
        )
    if keywords[home] > 0:
        return (
            f"{name}: {evidence_text} ({keywords[home]:.3g} point(s)), and its wording is close to {name}'s "
            f"articles (similarity {similarity[home]:.2f}){words}; score {score[home]:.2f}{versus}.{note}{close}"
        )
    if bare is not None and bare[a, home] and scores.bare_similarity is not None and scores.bare_floors is not None:
        floor = scores.floors[home] if scores.floors is not None else MIN_SIMILARITY
        note = (
            f" Its wording falls short of {name}'s floor ({scores.fitting[a, home]:.2f}, {floor:.2f} needed), which "
            f"{name}'s seeds set with the keywords they share; compared as they are without {name}'s keywords, which "
            f"it does not use, it reaches it (similarity {scores.bare_similarity[a, home]:.2f}, "
            f"{scores.bare_floors[home]:.2f} needed).{note}"
        )
    return (
        f"{name}: no theme's keyword, but its wording is closest to {name}'s articles "
        f"(similarity {similarity[home]:.2f}){words}; score {score[home]:.2f}{versus}.{note}{close}"
    )


def group_themes(
    analysed: Sequence[AnalysedArticle],
    summarized: Sequence[SummarizedArticle],
    config: Config,
    executor: Executor | None = None,
    earlier: Mapping[str, Mapping[str, tuple[int, Mapping[str, float]]]] | None = None,
    on_profiles: Callable[[dict[str, tuple[int, dict[str, float]]]], None] | None = None,
    base: DayBase | None = None,
    on_base: Callable[[DayBase], None] | None = None,
    plan: tuple[list[SummarizedArticle], set[str]] | None = None,
) -> list[ThemeGroup]:
    """The themes of the day: articles sorted into themes, each with its summary and key actors.

    Theme grouping lives here, in one place; stories are found inside each theme and
    inside "Other" (with ``themes: []``, every article: the day's top stories).
    Each theme's summary, key actors and stories are worked out apart from the
    others, so the themes are shared out among the ``executor``'s workers.
    Every configured theme is listed, in config order, with no articles when it
    has none today (a desk needs to know that nothing happened on it); "Other"
    only when some article fits no theme; none at all on a day without articles.
    ``earlier``: the store's theme profiles of the days before (:meth:`Store.theme_profiles`);
    ``on_profiles`` receives the day's own (:func:`day_profiles`), for the store.
    ``base``: what an earlier run of a large day made of it (:class:`DayBase`), grown by the articles it
    lacks rather than the day grouped whole (:func:`_grown_themes`, :data:`REBUILD_SHARE`); ``on_base``
    receives the day's, for the store, on a day of :data:`UPDATE_FROM` articles or more. ``plan``: what
    :func:`grown_plan` made of ``base`` and these articles, when the caller has it already (each article's
    digest is worked out once, not twice).
    """
    from briefer import stories  # imported before workers fork: once, not in each

    article_memo.new_run()  # what the run before kept of its articles, for an update of the day
    if base is None or len(analysed) < UPDATE_FROM:
        plan = None
    elif plan is None:
        plan = grown_plan(base, summarized)
    with article_memo.patched(stories, STORY_FEATURES + STORY_LAZY, _STORY_MEMOS.__getitem__) as stamp:
        if base is not None and plan is not None:
            fresh, gone = plan
            log.info("the day's groups grown by %d article(s), %d left out", len(fresh), len(gone))
            grown: dict[str, ThemeSpace] = {}
            themes = _grown_themes(base, fresh, gone, summarized, config, executor, earlier, stories, stamp, grown)
            if on_base is not None:
                profiles = {n: (p.articles, p.terms) for n, p in base.profiles.items()}
                on_base(base_of(themes, base.whole, profiles, grown))
            return themes
        kept: list[dict[str, tuple[int, dict[str, float]]]] = []

        def profiled(profiles: dict[str, tuple[int, dict[str, float]]]) -> None:
            kept.append(profiles)
            if on_profiles is not None:
                on_profiles(profiles)

        large = on_base is not None and len(analysed) >= UPDATE_FROM
        wants = on_profiles is not None or large
        spaces: dict[str, Any] | None = {} if large else None
        themes = _group_themes(
            analysed, summarized, config, executor, earlier, profiled if wants else None, stories, stamp, spaces
        )
        if on_base is not None and large and kept:
            on_base(base_of(themes, len(analysed), kept[0], spaces or {}))
        return themes


SCORE_ASIDE_FROM = 200
"""From this many analysed articles a day is scored and placed in a forked child (when the workers
fork): below it the themes' map is small, and the map's processes would work out again what the
scoring left warm in this process (docs/performance.md, "Seventh pass"). Up to :data:`SCORED_HERE_FROM`."""

SCORED_HERE_FROM = 20_000
"""From this many analysed articles a day the workers would score in a forked child (:data:`SCORE_ASIDE_FROM`)
is scored and placed in this process, before the themes' map, which a day this large works out here too
(:data:`MAP_ALONE_FROM`: every article is placed, in "Other" at least, so a day of this many analysed articles
places as many). Forked, the child copied the pages of this process it read the day from (reading an object
writes its reference count: the list of analysed articles, their texts, their lemmas' arrays, some 7 KB an
article) beside its own working set, 987 MB at 50,000 articles, the run's peak (docs/performance.md, sessions 46
to 48); here the day is held once. What the scoring leaves is what the child sent back (the placements packed);
its working set, freed, goes back to the system (:func:`briefer.executor.release_memory`) before the map. The
child overlapped :func:`_meanwhile`, which on a day this large only loads the word vectors."""

STORY_FEATURES = (
    "article_features",
    "article_facts",
    "article_actor",
    "article_dates",
    "article_action",
    "article_protagonist",
)
"""What :func:`briefer.stories.find_stories` works out for each article alone: memoised while the day's
themes are grouped (:mod:`briefer.article_memo`), so an update of the day works them out for its new
articles only."""
STORY_LAZY = ("article_sentence_facts", "headline_facts", "headline_capitals", "article_kind")
"""Memoised as :data:`STORY_FEATURES` are, but made where they are asked for (a candidate round-up's
sentences' facts: :func:`briefer.stories.tells_events`; a theme's headlines' facts and capitals, 0.3 s
of a resident update of the 1,114-article day; the kinds of event of a mixed theme's articles, asked of
"Other" only), not for every article before the stories."""
_STORY_MEMOS = {name: article_memo.Memo[Any](f"stories.{name}") for name in STORY_FEATURES + STORY_LAZY}


def article_story_features(items: Sequence[AnalysedArticle]) -> list[tuple[list[str], list[str]]]:
    """:func:`briefer.stories.article_features` of each item, through the memo the themes' stories
    read (:data:`STORY_FEATURES`): the story memory asks it again of every article, twice a run."""
    from briefer import stories

    make = getattr(stories.article_features, "__wrapped__", stories.article_features)
    return article_memo.each(_STORY_MEMOS["article_features"], items, make, article_memo.module_stamp(stories))


def _story_features(items: list[AnalysedArticle]) -> list[tuple[Any, ...]]:
    """Every :data:`STORY_FEATURES` of each item (a worker's job: what it makes goes back to the parent)."""
    from briefer import stories

    return [tuple(getattr(stories, name)(item) for name in STORY_FEATURES) for item in items]


def _fill_story_features(items: Sequence[AnalysedArticle], executor: Executor | None, stamp: str) -> None:
    """The :data:`STORY_FEATURES` of the items the memos lack, made on ``executor`` and kept here,
    before the themes' stories are found (by forked workers, which inherit them)."""
    todo = article_memo.missing(_STORY_MEMOS[STORY_FEATURES[0]], items, stamp)
    made = (executor or InProcess()).map(_story_features, todo, min_items=light_items(executor))
    for k, name in enumerate(STORY_FEATURES):
        article_memo.fill(_STORY_MEMOS[name], todo, [values[k] for values in made], stamp)


def _group_themes(
    analysed: Sequence[AnalysedArticle],
    summarized: Sequence[SummarizedArticle],
    config: Config,
    executor: Executor | None,
    earlier: Mapping[str, Mapping[str, tuple[int, Mapping[str, float]]]] | None,
    on_profiles: Callable[[dict[str, tuple[int, dict[str, float]]]], None] | None,
    stories: Any,
    stamp: str,
    spaces: dict[str, Any] | None = None,
) -> list[ThemeGroup]:
    """``spaces``: receives each large theme's :class:`briefer.stories.ThemeSpace`, when given."""
    from briefer.executor import run_aside

    by_id = {s.article.id: s for s in summarized}
    aside = (
        executor is not None
        and executor.shares_memory
        and not article_memo.kept()
        and len(analysed) >= SCORE_ASIDE_FROM
    )
    here = aside and len(analysed) >= SCORED_HERE_FROM  # a large day scored in this process (see there)
    placements: dict[str, Placement] = {}  # each article's, when not packed by theme
    # Each article's story facts are made once for the day's two counts of the round-ups, and, when the
    # day is scored in a child, while it is scored.
    with article_memo.within():
        if here:
            # What the forked child would send back (its placements packed), made here: the child copied the
            # day's pages it read (SCORED_HERE_FROM). Its working set, freed, is not kept for the map.
            with old_objects_set_aside():
                placed, packed, profiles = _placed_packed(analysed, config, earlier, on_profiles is not None)
            release_memory()
            _meanwhile(analysed, stories)
        elif aside:
            # Scored and placed in a forked child, which sends back only what the rest needs: the scores'
            # matrices, their peak's temporaries and the heap they leave go with it, so the themes' map
            # forks from a smaller parent (docs/performance.md, "Seventh pass"). Not in a resident process:
            # what the per-article memos keep of the scoring would die with the child. Meanwhile this
            # process makes on the other core what comes next whatever the placement (session 30).
            # Its placements come back packed, a theme's at a time (_placed_packed).
            placed_later = run_aside(_placed_packed, analysed, config, earlier, on_profiles is not None)
            _meanwhile(analysed, stories)
            placed, packed, profiles = placed_later()
        elif isinstance(executor, InProcess) and not article_memo.kept() and len(analysed) >= SCORE_ASIDE_FROM:
            # One process (``executor: {processes: 1}``): the placements packed as a forked child's come
            # back (_placed_packed), not held as objects from here to the end of the run (6 KB an article,
            # some 600 MB at 100,000 articles: docs/performance.md, session 53); the scoring's working set,
            # freed, given back before the map. A resident process's runs are left as they were.
            placed, packed, profiles = _placed_packed(analysed, config, earlier, on_profiles is not None)
            release_memory()
        else:
            placed, explained, profiles = _placed(analysed, config, earlier, on_profiles is not None)
            placements = {a.article.id: p for a, p in zip(analysed, explained, strict=True)}
            packed = None
            del explained
        groups = {name: [(analysed[i], score) for i, score in found] for name, found in placed.items()}
        del placed
        if on_profiles is not None and profiles is not None:
            on_profiles(profiles)
        del profiles
        members = {name: tuple(by_id[a.article.id] for a, _ in found) for name, found in groups.items() if found}
        _fill_story_features([item.analysed for found in members.values() for item in found], executor, stamp)
        # A round-up of the whole day names several themes' events; each theme alone sees one or two.
        alone = stories.day_roundups(
            {name: [item.analysed for item in found] for name, found in members.items()}, OTHER
        )
    parts, quotes = _worked_themes(members, list(members), config, alone, executor, stories, spaces)
    keywords = {theme.name: tuple(theme.keywords) for theme in config.themes}
    themes: list[ThemeGroup] = []
    if not analysed:
        return themes  # a day without articles: the brief says so, not a list of empty themes
    for name, found in groups.items():
        if not found and name == OTHER:
            continue  # a configured theme with nothing today stays, so the brief can say so; "Other" goes
        themes.append(
            _theme_group(
                name,
                members.get(name, ()),
                {a.article.id: score for a, score in found},
                packed[name] if packed is not None else {a.article.id: placements[a.article.id] for a, _ in found},
                parts,
                quotes,
                keywords,
            )
        )
    return themes


def _theme_group(
    name: str,
    articles: tuple[SummarizedArticle, ...],
    scores: Mapping[str, float],
    placements: dict[str, Placement],
    parts: Mapping[str, tuple[Any, Any, Any]],
    quotes: Mapping[str, tuple[Quote, ...]],
    keywords: Mapping[str, tuple[str, ...]],
) -> ThemeGroup:
    """One theme of the day from what :func:`_worked_themes` made of it (``parts``, ``quotes``; its
    quotations found here when no worker found them), for the cold and the grown paths alike."""
    from briefer.entities import without
    from briefer.quotes import theme_quotes

    summary, entities, told = parts.get(name, ((), (), ()))
    return ThemeGroup(
        name=name,
        summary=summary,
        articles=articles,
        scores={i: round(score, 3) for i, score in scores.items()},
        entities=without(entities, keywords.get(name, ())),  # a theme's own keywords say nothing of its actors
        stories=told,
        quotes=quotes[name] if name in quotes else theme_quotes([item.analysed for item in articles]),
        placements=placements,
    )


def _meanwhile(analysed: Sequence[AnalysedArticle], stories: Any) -> None:
    """What a parent makes while a forked child scores the day: each article's story facts (inside the
    caller's :func:`briefer.article_memo.within` block: the day's round-ups read them all; the sentences'
    specifics stay in their cache for the themes' map) and the word vectors (each theme's key actors,
    in the map's processes, which inherit them). Not the facts on a day of more than
    ``stories.DAY_ROUNDUP_LIMIT`` articles, where the round-ups are looked for among the placed articles
    only, and only when they are that few: held here for every article while the child scores the day, the
    facts were some 10 KB an article at the run's peak (docs/performance.md, session 43), for nothing."""
    from briefer import vectors

    if len(analysed) <= stories.DAY_ROUNDUP_LIMIT:
        for item in analysed:
            stories.article_facts(item)
    vectors.load()


def _placed(
    analysed: Sequence[AnalysedArticle],
    config: Config,
    earlier: Mapping[str, Mapping[str, tuple[int, Mapping[str, float]]]] | None,
    profiles: bool,
) -> tuple[dict[str, list[tuple[int, float]]], list[Placement], dict[str, tuple[int, dict[str, float]]] | None]:
    """The day scored and placed (:func:`score_themes`): each theme's articles as their places in
    ``analysed`` with their scores (:func:`_groups`), each article's :class:`Placement` (:func:`explain`),
    and the day's :func:`day_profiles` when ``profiles``. What goes back from a forked child."""
    return _scored(analysed, config, earlier, profiles, lambda placement: placement)


_Kept = TypeVar("_Kept")


def _scored(
    analysed: Sequence[AnalysedArticle],
    config: Config,
    earlier: Mapping[str, Mapping[str, tuple[int, Mapping[str, float]]]] | None,
    profiles: bool,
    keep: Callable[[Placement], _Kept],
) -> tuple[dict[str, list[tuple[int, float]]], list[_Kept], dict[str, tuple[int, dict[str, float]]] | None]:
    """:func:`_placed`, each article's placement kept as ``keep`` makes it, as it is made."""
    grouping = config.grouping
    prior = prior_from_days(earlier) if earlier else None
    with article_memo.within():  # each article's term counts made once, for the scores and the profiles
        scores = score_themes(
            analysed, config.themes, grouping.min_score, grouping.multiple, grouping.min_similarity, prior
        )
        place = {id(item): i for i, item in enumerate(analysed)}
        groups = {
            name: [(place[id(a)], score) for a, score in found] for name, found in _groups(analysed, scores).items()
        }
        explained = [keep(placement) for placement in _explained(analysed, scores, grouping.min_score)]
        return groups, explained, day_profiles(analysed, scores) if profiles else None


def _placed_packed(
    analysed: Sequence[AnalysedArticle],
    config: Config,
    earlier: Mapping[str, Mapping[str, tuple[int, Mapping[str, float]]]] | None,
    profiles: bool,
) -> tuple[
    dict[str, list[tuple[int, float]]], dict[str, dict[str, Placement]], dict[str, tuple[int, dict[str, float]]] | None
]:
    """:func:`_placed`, each theme's placements packed (:class:`briefer.cached.PackedPlacements`, in the order
    of the theme's articles, the order briefing.json reads them in) as the forked child that scores the day
    sends them back. As objects they were 6 KB an article (300 MB at 50,000 articles) held by the run's
    process from the themes' map to the end of the run, and shared with the map's worker; packed, a tenth
    of that, each part unpacked when briefing.json asks for its first placement (docs/performance.md,
    session 43)."""
    import pickle

    from briefer.cached import PackedPlacements

    # Each article's placement pickled as it is made (some 1.5 KB, not 6 KB of objects), the themes' parts
    # packed from these in each theme's order.
    groups, pickled, made = _scored(analysed, config, earlier, profiles, lambda p: pickle.dumps(p, protocol=5))
    packed = {
        name: PackedPlacements.from_pickled({analysed[i].article.id: pickled[i] for i, _ in found})
        for name, found in groups.items()
    }
    return groups, cast(dict[str, dict[str, Placement]], packed), made


def _worked_themes(
    members: Mapping[str, tuple[SummarizedArticle, ...]],
    names: Collection[str],
    config: Config,
    alone: Collection[str],
    executor: Executor | None,
    stories: Any,
    spaces: dict[str, Any] | None,
) -> tuple[dict[str, tuple[Any, Any, Any]], dict[str, tuple[Quote, ...]]]:
    """The themes ``names`` of ``members`` worked out (:func:`theme_parts`, mapped by ``executor``; "Other"'s
    stories here): per theme its (summary, key actors, stories), and its quotations where a worker found them.
    ``spaces``, when given, receives each large theme's :class:`briefer.stories.ThemeSpace`."""
    work = sorted((name for name in names if name != OTHER), key=lambda name: -len(members[name]))
    # A theme's quotations are found by the process that finds its stories, not one theme after the
    # other here once the map is done; unless this process keeps its articles' quotations for the next
    # run (a resident one), which a worker's lookups would not renew here.
    quoted = not article_memo.kept()
    placed = sum(len(found) for found in members.values())
    packed = placed >= PARTS_PACKED_FROM
    step: Callable[[list[tuple[SummarizedArticle, ...]]], list[Any]] = functools.partial(
        _packed_theme_parts if packed else theme_parts,
        threshold=config.stories.threshold,
        sentences=config.summaries.theme_sentences,
        alone=alone,
        quotes=quoted,
        spaces=spaces is not None,
    )
    # Largest first: each process claims the next theme as it becomes free, so they finish together.
    # A day of MAP_ALONE_FROM placed articles or more is worked out here, a theme after the other (see there).
    mapper = executor if executor is not None and placed < MAP_ALONE_FROM else InProcess()
    shared = mapper.map(step, [members[name] for name in work], chunk=1, min_items=2)
    parts: dict[str, tuple[Any, Any, Any]] = {}
    quotes: dict[str, tuple[Quote, ...]] = {}
    for name, part in zip(work, shared, strict=True):
        summary, entities, told, said, made, space = _unpacked(part) if packed else part
        if space is not None and spaces is not None:
            spaces[name] = space
        article_memo.replay(made)  # what a worker kept (its stories' summaries), for the next run
        parts[name] = (summary, entities, told)
        if said is not None:
            quotes[name] = said
    if OTHER in names and OTHER in members:
        # "Other" (every article of a day without themes) gets its stories too, not a summary of its own.
        other = stories.find_stories(
            members[OTHER], config.stories.threshold, config.summaries.theme_sentences, alone=alone, mixed=True
        )
        parts[OTHER] = ((), (), other)
        if spaces is not None and len(members[OTHER]) > stories.EXACT_LIMIT:
            spaces[OTHER] = stories.theme_space(members[OTHER], other)
    if placed >= MAP_ALONE_FROM and not article_memo.kept():
        _let_go_of_story_caches(stories)
    return parts, quotes


STORY_CACHES = ("_specifics_of", "_facts_of")
"""The stories' memoised functions of a sentence's text (bounded ``lru_cache``s, keyed by the sentences' strings)
that the run's process lets go of once it has worked out a large day's themes itself (:data:`MAP_ALONE_FROM`):
filled by the themes' map, some 35-70 MB held to the end of the run for nothing, where a forked worker's died
with it (docs/performance.md, session 45). Not in a process that keeps its results between runs."""


def _let_go_of_story_caches(stories: Any) -> None:
    """Empty :data:`STORY_CACHES` of ``stories`` (the module, or what stands for it)."""
    for name in STORY_CACHES:
        cache_clear = getattr(getattr(stories, name, None), "cache_clear", None)
        if cache_clear is not None:
            cache_clear()


PARTS_PACKED_FROM = 5_000
"""From this many placed articles (counted in each theme that holds them) the process that works out a theme in the
themes' map (:func:`theme_parts`) pickles and compresses what it made as it finishes the theme, and the parts are
unpacked here once the map is over: held as objects, each process's themes' stories, summaries, key actors,
quotations and spaces (some 20 KB a placed article) were held beside the next theme's working set, and the
themes' map was the run's peak at 50,000 articles (docs/performance.md, session 44). A forked worker's parts came
back pickled already; the same values."""


MAP_ALONE_FROM = 20_000
"""From this many placed articles (counted in each theme that holds them) the themes are worked out in this
process, one after the other, not by the executor's map. Forked, the map's worker and this process each made
their own copy of nearly every page of this process they shared at the fork (reading the day's objects writes
their reference counts, and a page written by either is then held twice): 875 MB at the fork of a
50,000-article day, 1,007 + 1,008 MB at the map's end, the run's peak (docs/performance.md, sessions 44 and 45).
Alone it holds the day once and one theme's working set: the map's CPU is the same, its wall time that CPU.
Smaller days (10,000 articles: 337 MB at the fork) keep the map's second core."""


def _packed_theme_parts(themes: list[tuple[SummarizedArticle, ...]], **options: Any) -> list[bytes]:
    """:func:`theme_parts`, each theme's parts pickled and compressed as soon as they are made."""
    import pickle
    import zlib

    return [zlib.compress(pickle.dumps(part, protocol=5), 1) for part in theme_parts(themes, **options)]


def _unpacked(blob: bytes) -> ThemeParts:
    import pickle
    import zlib

    return cast(ThemeParts, pickle.loads(zlib.decompress(blob)))


ThemeParts = tuple[
    tuple[SummarySentence, ...],
    tuple[Entity, ...],
    tuple[Story, ...],
    tuple[Quote, ...] | None,
    article_memo.Entries,
    Any,
]
"""What :func:`theme_parts` works out for one theme."""


SPACE_FEATURES_SHARED = (_STORY_MEMOS["article_features"].name,)
"""The memo whose results a large theme's stories hand its space (:func:`theme_parts`): the space
(:func:`briefer.stories.theme_space`) asks :func:`briefer.stories.article_features` of every article the stories
asked it of a moment before, and outside a :func:`briefer.article_memo.within` block (the themes' map of a cold run)
made them all again, some 60% of the space's time (docs/performance.md, session 51). Held for those two steps only,
not through the theme's summary and quotations; the same values."""

ENTITY_RUNS_SHARED = ("entities: runs and names",)
"""The memo (``briefer.entities._RUNS_AND_NAMES``) whose results a theme's quotations hand its key actors
(:func:`theme_parts`): the quotations' key-actor merge (:func:`briefer.quotes.theme_quotes`) and the theme's key
actors (:func:`briefer.entities.key_actors`) each ran every article's entities together, the dearest part of both
(docs/performance.md, session 52). Held for those two steps only; the same values."""


def theme_parts(
    themes: list[tuple[SummarizedArticle, ...]],
    threshold: float,
    sentences: int,
    alone: Collection[str] = (),
    quotes: bool = False,
    spaces: bool = False,
) -> list[ThemeParts]:
    """Per theme (its articles): its summary, its key actors, its stories, its quotations when ``quotes``
    (else None); what the memos kept meanwhile (:func:`briefer.article_memo.recorded`: a forked
    worker's memos die with it); and, when ``spaces``, a theme of more than ``EXACT_LIMIT`` articles'
    :class:`briefer.stories.ThemeSpace` (for the day's :class:`DayBase`), else None."""
    from briefer.entities import key_actors
    from briefer.executor import release_memory
    from briefer.quotes import theme_quotes
    from briefer.stories import EXACT_LIMIT, find_stories, theme_space
    from briefer.summarize import summarize_group

    out = []
    for items in themes:
        spaced = spaces and len(items) > EXACT_LIMIT
        with article_memo.recorded() as made:
            # A theme's space reads each article's story features as its stories did: made once, held from
            # the stories to the space, which comes next (SPACE_FEATURES_SHARED).
            with article_memo.within(only=SPACE_FEATURES_SHARED) if spaced else contextlib.nullcontext():
                stories = find_stories(items, threshold, sentences, alone=alone)
                space = theme_space(items, stories) if spaced else None
            # the summary tells the theme's stories before it tells one twice
            summary = summarize_group(items, sentences, stories=[story.article_ids for story in stories])
            # The quotations' key-actor merge and the theme's key actors read each article's entity runs: made
            # once for both (ENTITY_RUNS_SHARED).
            with article_memo.within(only=ENTITY_RUNS_SHARED) if quotes else contextlib.nullcontext():
                said = theme_quotes([item.analysed for item in items]) if quotes else None
                actors = key_actors(item.analysed for item in items)
        out.append((summary, actors, stories, said, made, space))
        release_memory()  # a large theme's matrices, freed, are not kept resident for the next one
    return out


def day_profiles(items: Sequence[AnalysedArticle], scores: ThemeScores) -> dict[str, tuple[int, dict[str, float]]]:
    """What to keep of the day for the days after (``{theme: (articles, terms)}``, for the store):
    per theme, its placed articles' summed unit term-frequency vectors (the ``PROFILE_TERMS``
    heaviest terms), and under :data:`BACKGROUND` every term's document frequency."""
    stamp = article_memo.module_stamp_of(__name__)
    out: dict[str, tuple[int, dict[str, float]]] = {}
    df: Counter[str] = Counter()
    totals: list[Counter[str]] = [Counter() for _ in scores.themes]
    if not _term_counts_held(items):
        # A large day's counts made again, one article at a time (TERMS_HELD_MOST): its document frequencies and
        # its themes' totals summed in the articles' order, the same floats as below.
        made = article_memo.each_once(_TERM_COUNTS, items, _term_counts, stamp)
        for counts, themes in zip(made, scores.placed, strict=True):
            df.update(counts.keys())
            unit = _unit_weights(counts)
            for t in np.flatnonzero(themes).tolist():
                totals[t].update(unit)
        out[BACKGROUND] = (len(items), dict(sorted(df.items())))
        return _profiles_out(out, scores, totals)
    docs = article_memo.each(_TERM_COUNTS, items, _term_counts, stamp)
    counted = {id(item): counts for item, counts in zip(items, docs, strict=True)}  # not counted again
    for counts in docs:
        df.update(counts.keys())
    out[BACKGROUND] = (len(items), dict(sorted(df.items())))
    # Each article's unit weights added to its themes' totals as they are made, in the articles' order (each
    # theme's sums the same floats as when every article's weights were held first: 7 KB an article).
    units = article_memo.each_once(_UNITS, items, lambda item: _unit_weights(counted[id(item)]), stamp)
    for unit, themes in zip(units, scores.placed, strict=True):
        for t in np.flatnonzero(themes).tolist():
            totals[t].update(unit)
    return _profiles_out(out, scores, totals)


def _profiles_out(
    out: dict[str, tuple[int, dict[str, float]]], scores: ThemeScores, totals: list[Counter[str]]
) -> dict[str, tuple[int, dict[str, float]]]:
    """:func:`day_profiles`' themes added to ``out`` from their summed unit weights (``totals``)."""
    for t, name in enumerate(scores.themes):
        top = sorted(totals[t].items(), key=lambda kv: (-kv[1], kv[0]))[:PROFILE_TERMS]
        out[name] = (len(np.flatnonzero(scores.placed[:, t])), {term: round(weight, 6) for term, weight in sorted(top)})
    return out


# -- an update of a large day (issue 15) ------------------------------------------------

UPDATE_FROM = 1000
"""A day of at least this many analysed articles keeps what its group stage made (:class:`DayBase`), and
an update of the day grows it with its new articles (:func:`_grown_themes`) instead of placing and
clustering the whole day again. A smaller day (every desk's: 10 to a few hundred articles) is grouped whole
on every run, as it always was: its update is its cold brief. From a thousand articles the day's placement
alone is a sixth of an update's CPU (session 39: 0.8-1.0 s of 5.7 s on the 1,114-article day, whose
update is then placed as the large day's is; its themes, all under ``stories.EXACT_LIMIT``, are still
worked out whole). Session 38 set it at 5,000."""
REBUILD_SHARE = 0.15
"""An update grows the stored groups while the articles it adds or changes since the day was last grouped
whole are at most this share of that run's articles; past it the day is grouped whole again. A tenth of the
day's files new (the issue's intraday update) is a little more of its articles once duplicates are merged
(110 new and 2 changed of 1,069 on the 1,114-file day): 0.15, not 0.1 (session 38's)."""


@dataclass(frozen=True)
class BaseProfile:
    """One theme's :func:`day_profiles` entry: its articles and its terms' weights."""

    articles: int
    terms: dict[str, float]


@dataclass(frozen=True)
class BaseTheme:
    """A theme as a run of the day made it (a :class:`ThemeGroup` without its articles' analyses)."""

    name: str
    ids: tuple[str, ...]
    scores: dict[str, float]
    placements: dict[str, Placement]
    summary: tuple[SummarySentence, ...]
    entities: tuple[Entity, ...]
    stories: tuple[Story, ...]
    quotes: tuple[Quote, ...]
    space: ThemeSpace | None = None  # a theme of more than EXACT_LIMIT articles': its stories' space


@dataclass(frozen=True)
class DayBase:
    """What a run of a large day (:data:`UPDATE_FROM`) made of its themes, for the day's updates:
    ``articles``, each placed article's digest (:func:`article_digest`, to tell it unchanged);
    ``whole``: the articles of the last run that grouped the day whole; ``profiles``: that run's
    :func:`day_profiles`; ``themes``: each theme as it stands."""

    articles: dict[str, str]
    whole: int
    profiles: dict[str, BaseProfile]
    themes: tuple[BaseTheme, ...]


def article_digest(item: SummarizedArticle) -> str:
    """What an article's place and stories are made of, as a digest: its headline, text, date, sources and
    URLs (a duplicate merged into it in an update adds a source)."""
    a = item.article
    payload = "\n".join((a.id, a.published.isoformat(), repr(a.sources), repr(a.urls), a.title, a.text))
    return hashlib.sha1(payload.encode("utf-8", "surrogatepass")).hexdigest()


def base_of(
    themes: Sequence[ThemeGroup],
    whole: int,
    profiles: Mapping[str, tuple[int, Mapping[str, float]]],
    spaces: Mapping[str, ThemeSpace],
) -> DayBase:
    """The :class:`DayBase` of a run's themes (before the story memory), with their large ones' ``spaces``.

    A theme's placements held packed (:func:`_placed_packed`, a day placed by a forked child) stay packed,
    the very mapping the theme holds: unpacked, they were some 1.2 KB an article more held by the run's
    process until the base was written (the store's codec writes each placement once by its content, so
    an article's placement in two themes is one there: :func:`briefer.cached.save_base`)."""
    digests: dict[str, str] = {}
    out = []
    # An article's placement is one object whatever theme holds it (the store's codec shares it).
    placements: dict[str, Placement] = {}
    for theme in themes:
        for item in theme.articles:
            if item.article.id not in digests:
                digests[item.article.id] = article_digest(item)
        held = theme.placements
        out.append(
            BaseTheme(
                theme.name,
                tuple(item.article.id for item in theme.articles),
                dict(theme.scores),
                held if type(held) is not dict else {i: _one(placements, i, p) for i, p in held.items()},
                theme.summary,
                theme.entities,
                theme.stories,
                theme.quotes,
                spaces.get(theme.name),
            )
        )
    kept = {name: BaseProfile(count, dict(terms)) for name, (count, terms) in profiles.items()}
    return DayBase(digests, whole, kept, tuple(out))


def _one(placements: dict[str, Placement], key: str, placement: Placement) -> Placement:
    """The placement ``placements`` holds for ``key`` when it is this one (an equal object), else this one."""
    held = placements.setdefault(key, placement)
    return held if held is placement or held == placement else placement


def grown_plan(
    base: DayBase, summarized: Sequence[SummarizedArticle]
) -> tuple[list[SummarizedArticle], set[str]] | None:
    """The articles an update adds (new, or changed since the base) and the base's ids it no longer has
    (gone or changed), or None when the day is to be grouped whole (:data:`REBUILD_SHARE`)."""
    today = {item.article.id: item for item in summarized}
    fresh = [item for item in summarized if base.articles.get(item.article.id) != article_digest(item)]
    changed = {item.article.id for item in fresh}
    gone = {i for i in base.articles if i not in today or i in changed}
    if len(fresh) + len(gone - changed) > REBUILD_SHARE * base.whole:
        return None
    return fresh, gone


def _grown_themes(
    base: DayBase,
    fresh: list[SummarizedArticle],
    gone: set[str],
    summarized: Sequence[SummarizedArticle],
    config: Config,
    executor: Executor | None,
    earlier: Mapping[str, Mapping[str, tuple[int, Mapping[str, float]]]] | None,
    stories: Any,
    stamp: str,
    spaces: dict[str, ThemeSpace],
) -> list[ThemeGroup]:
    """The day's themes grown from ``base`` (an earlier run of the day) by its ``fresh`` articles, ``gone``
    ones left out (issue 15). Deterministic: the same stored base and the same articles give the same themes.

    - The articles of the base keep their themes, scores and placements; the fresh ones are placed as a
      day of their own whose themes learn from the base's profiles of the day and the days before
      (:func:`score_themes`' prior).
    - A theme of at most ``EXACT_LIMIT`` articles gets its stories, summary, key actors and quotations
      worked out over all its articles (:func:`theme_parts`), as on any day.
    - A larger theme that gains or loses articles gets the base's stories grown by them
      (:func:`briefer.stories.grown_stories`); its summary, key actors and quotations stay the base's
      until the day is grouped whole again (:data:`REBUILD_SHARE`). One that neither gains nor loses any
      is the base's."""

    limit = stories.EXACT_LIMIT
    by_id = {item.article.id: item for item in summarized}
    fresh_ids = {item.article.id for item in fresh}
    days = {name: dict(profiles) for name, profiles in (earlier or {}).items()}
    days["~ the day so far"] = {name: (p.articles, p.terms) for name, p in base.profiles.items()}
    analysed = [item.analysed for item in fresh]
    placed, explained, _ = _placed(analysed, config, days, False) if analysed else ({}, [], None)
    placements = {a.article.id: p for a, p in zip(analysed, explained, strict=True)}
    names = [theme.name for theme in config.themes] + [OTHER]
    stored = {theme.name: theme for theme in base.themes}
    scored: dict[str, dict[str, float]] = {}
    for name in names:
        theme = stored.get(name)
        scores = {i: s for i, s in theme.scores.items() if i not in gone} if theme is not None else {}
        scores.update({analysed[i].article.id: score for i, score in placed.get(name, [])})
        scored[name] = scores
    members: dict[str, tuple[SummarizedArticle, ...]] = {}
    for name, scores in scored.items():
        ranked = sorted(scores, key=lambda i: (-scores[i], -by_id[i].article.published.timestamp(), i))
        if ranked:
            members[name] = tuple(by_id[i] for i in ranked)
    whole = [
        name
        for name, found in members.items()
        if len(found) <= limit or name not in stored or len(stored[name].ids) <= limit
    ]
    grown = [name for name in members if name not in whole]
    with article_memo.within():
        todo = [item.analysed for name in whole for item in members[name]] + [item.analysed for item in fresh]
        _fill_story_features(todo, executor, stamp)
        alone = stories.day_roundups(
            {name: [item.analysed for item in found] for name, found in members.items()}, OTHER
        )
    parts, quotes = _worked_themes(members, whole, config, alone, executor, stories, spaces)
    for name in grown:
        theme = stored[name]
        ids = set(theme.ids) - gone
        touched = gone & set(theme.ids) or any(item.article.id in fresh_ids for item in members[name])
        if touched:
            told, space = stories.grown_stories(
                theme.stories,
                members[name],
                [item.article.id for item in members[name] if item.article.id not in ids],
                config.stories.threshold,
                config.summaries.theme_sentences,
                alone=alone,
                mixed=name == OTHER,
                space=theme.space,
            )
        else:
            told, space = theme.stories, theme.space
        if space is not None:
            spaces[name] = space
        parts[name] = (theme.summary, theme.entities, told)
        quotes[name] = theme.quotes
    keywords = {theme.name: tuple(theme.keywords) for theme in config.themes}
    out: list[ThemeGroup] = []
    for name in names:
        found = members.get(name, ())
        if not found and name == OTHER:
            continue
        theme = stored.get(name)
        where = {}
        for item in found:
            i = item.article.id
            where[i] = placements[i] if i in placements else theme.placements[i]  # type: ignore[union-attr]
        scores = {item.article.id: scored[name][item.article.id] for item in found}
        out.append(_theme_group(name, found, scores, where, parts, quotes, keywords))
    return out
