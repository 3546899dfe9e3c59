"""Summarize: extractive summaries, per article and per theme.

Every sentence returned is a sentence of its article exactly as the analyse
stage cut it from the text, never rewritten; it carries the ids of the
articles it comes from, its score and a short reason (``why``), so a reader
can see why it was chosen.

Per article (``summarize_article``), the default algorithm ``"briefer"``
ranks the article's sentences by their expected worth (:func:`worth`): the
chance that they belong in a summary, times their length. The chance is a
logistic function, fitted on news with reference summaries, of two graph
rankings and two facts about the sentence. The graphs are TextRank as
published (Mihalcea and Tarau, 2004: edges weigh the words two sentences
share, divided by the sum of the logarithms of their lengths; no self-loops,
unlike sumy's ``TextRankSummarizer``, whose self-loops favour long sentences)
and TextRank over the cosine of word counts; both vectorised with numpy and
ranked by PageRank. The facts: a lead that states figures or a date (news
puts its facts first) is raised, a quotation lowered. The measurements behind
these choices are in ``benchmarks/README.md``. sumy's algorithms and
``lead`` remain available.

Before ranking, sentences unfit for a summary are set aside: the headline
again (unless the sentence adds figures or a date to it: :func:`facts`),
captions, bylines and other lines without a sentence's final punctuation,
fragments. A sentence that leans on the one before it ("He
added that...", '"...," she said.', "Responding to those remarks...", "The move
was...") is taken only after that sentence, or when not
enough other sentences are left. The chosen sentences stand in article order;
among them, a lead that states figures or a date scores as the best, so an
edition that shows one sentence an article shows it.

Per theme or story (``summarize_group``), the candidates are the articles'
own summary sentences and their leads (a group of one article keeps its own ranking),
ranked by centrality among all candidates (LexRank with continuous TF-IDF
cosine weights, vectorised, its random walk biased towards the sentences
that restate their article's headline), then picked by
maximal marginal relevance: near-repeats of a sentence already picked are skipped, and
an article already cited gives way to the others while they have candidates.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse

from briefer import article_memo
from briefer.labels import labelled_piece
from briefer.models import AnalysedArticle, SummarizedArticle, SummarySentence
from briefer.stem import stem
from briefer.text import squash
from briefer.tfidf import fit_transform
from briefer.words import SENTENCE_END as _FINAL
from briefer.words import STOP_WORDS
from briefer.words import WORD as _WORD

log = logging.getLogger(__name__)

DEFAULT_ALGORITHM = "briefer"
SUMY_ALGORITHMS = ("lexrank", "textrank", "lsa", "luhn", "sumbasic", "kl")
ALGORITHMS = (DEFAULT_ALGORITHM, "lead", *SUMY_ALGORITHMS)

MIN_WORDS = 4
LEAD_STORY_REPORTS = 3  # a theme's summary opens on its most reported story of this many reports (group_summary)
NEAR_DUPLICATE = 0.5
"""TF-IDF cosine at or above which two sentences of a group summary say the same thing."""

_ANNOUNCES = re.compile(
    r"(?:here\s+(?:are|is)|here['’]s|below\s+(?:are|is)|these\s+are)\s+"
    r"(?:what\s+(?:we\s+know|happened|you\s+need\s+to\s+know)\b|(?:the|our|a|some|today['’]s)\b"
    r"[^.!?]*?\b(?:stories|headlines|news|developments|round-?up|briefing|summary|look)\b)"
    r"[^.!?]*[.!?:]?$",
    re.I,
)
"""A sentence that only says what the article will list ("Here are the main stories for technology and
energy on Thursday."): it tells the reader nothing."""
_DESCRIBES_ITSELF = re.compile(
    r"(?:an?|our|this|today['’]s)\s+(?:round-?up|summary|digest|wrap|look|guide)\s+(?:of|at|to)\s+"
    r"[^.!?]*?\b(?:news|stories|headlines|developments|events)\b[^.!?]*[.!?]$",
    re.I,
)
"""A round-up's line about itself ("A round-up of Monday's main stories from the Western Isles."): what
the article is, not what happened."""
_KIND_OF_DAY = (
    r"(?:busy|quiet|turbulent|eventful|hectic|long|difficult|tough|big|bad|grim|mixed)\s+"
    r"(?:day|week|weekend|morning|afternoon|evening|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
"""What kind of day it was ("busy Wednesday", "quiet week"): the heart of a round-up's filler."""
_BUSY_DAY = re.compile(
    r"(?:it|this|today|yesterday)(?:['’]s|\s+was|\s+is|\s+has\s+been)\s+(?:an?\s+)?" + _KIND_OF_DAY + r"\b[^:;]*[.!?]$",
    re.I,
)
"""A round-up's filler ("It was a busy Wednesday for Europe's technology regulators."): what kind of
day it was, and nothing that happened in it."""
_BUSY_DAY_VERBLESS = re.compile(
    r"an?\s+"
    + _KIND_OF_DAY
    + r"\b(?:\s+(?:for|across|in|on|at|along|around)\s+(?P<where>[^,.!?;:]+))?"
    + r"(?:,\s+from\s+[^.!?;:]+?\s+to\s+[^.!?;:]+)?[.!?]$",
    re.I,
)
"""The same filler with no verb at all ("A busy Saturday for palm oil in Indonesia and Malaysia."; "A busy
day across the basin, from the talks in Nairobi to flooded fields in Egypt."); not when what follows it
states a figure or seems to have a verb ("A busy day for traders ended with shares up 3%.", "A long day
of talks ended without a deal")."""
_FINITE = re.compile(r"\b(?:\w+ed|is|are|was|were|has|have|had|will|would|saw|brought|began|left|made|took)\b", re.I)
_BYLINE = re.compile(
    r"^(?:by|photo|photograph|picture|image|video|caption|credit|source|file photo|reporting by|editing by)\b[\s:]",
    re.I,
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DATE = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June"
    r"|July|August|September|October|November|December)\b"
)
_LEANING = re.compile(
    r"""^[\s"'“‘(]*(?:he|she|they|its"""
    r"""|it\s+(?:has\s+|had\s+|also\s+)*(?:said|says|added|adds|told|warned|announced|confirmed|denied|noted"""
    r"""|urged|urges|asked|asks|called|calls|expects|expected|plans|planned))\b""",
    re.I,
)
"""A sentence opening on a personal pronoun names its subject in an earlier sentence ("He added...",
"Its owners...", "It has said..."); "It is unclear..." stands alone."""
_SAID_BY_PRONOUN = re.compile(
    r"""[,"'”’]\s*(?:he|she|they)\s+(?:said|says|added|adds|told|tells|went\s+on|continued|explained|warned)\b""",
    re.I,
)
"""A quotation closed by a pronoun ('..., he said.') names its speaker in an earlier sentence."""
_OPENING = r"""^[\s"'“‘(]*"""
_REFERS_BACK = re.compile(
    _OPENING + r"(?:(?:responding|reacting|replying)\s+to\s+(?:th(?:is|at|ese|ose|e)|his|her|their|its)\b"
    r"|in\s+(?:response|reply|turn)\b"
    r"|(?:these|those|such)\s+(?!(?:who|that|as|with|in|of|on|at|from)\b|\w+ing\b)\w"
    r"|the\s+(?:move|decision|step|measures?|remarks|comments|announcement|statement|claims?|warning|news"
    r"|development|ruling|findings|incident)\s+"
    r"(?:was|is|were|are|has|have|had|came|comes|follows|followed|would|will|could|may|might|drew|prompted|sparked"
    r"|led|marks|marked|raised|means)\b"
    r"|it\s+(?:also|added|said|says)\b"
    # a demonstrative after a connective ("If that draft survives", "But this plan") or naming a thing
    # ("That draft", "These talks"): what it points at was told before; "This week" is only a time
    r"|(?:(?:if|but|and|yet|so|when|while|although|though|once|unless|until)\s+)?(?:this|that|these|those)\s+"
    r"(?!(?:week|weekend|year|month|morning|afternoon|evening|night|time|summer|winter|spring|autumn|season|day"
    r"|is|was|has|had|would|will|comes|came|means|meant|follows|followed|could|may|might"
    r"|who|which|whose|as|with|in|of|on|at|from|for|to|by)\b|\w+ing\b)[a-z]\w*\b)"
    # outside a quotation: a speaker's "This is the best season" points at the day, not at a sentence
    r"|^\s*(?:this|that)\s+(?:is|was|has|had|would|will|comes|came|means|meant|follows|followed|could|may|might)\b",
    re.I,
)
"""A sentence opening by pointing back ("Responding to those remarks", "In response", "These measures",
"Such talks", "It also", "This was" (not quoted), or a shell noun: "The move was", "The remarks drew") says what it
answers in an earlier sentence."""
_ALSO_REPORTED = re.compile(
    r"\b(?:said|says|added|told)\b.*\b(?:would|will|had|has|have|was|were|is|are|could)\s+also\b", re.I
)
"""A reported "also" ('..., said the team would also return home') adds to something told before."""
_THERE = re.compile(
    r"(?<![\"“])(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bthere\b"
    r"(?!\s+(?:is|are|was|were|seems?|seemed|appears?|appeared|remains?|remained|exists?|existed"
    r"|(?:will|would|may|might|could|should|must|can|cannot)(?:\s+not)?\s+(?:be|have\s+been)"
    r"|(?:has|have|had)(?:\s+not)?\s+been|used\s+to|to\s+be)\b|[’']s\b)",
    re.I,
)
"""'there' as a place ("Teams will return there next week"), not as 'there is': it points at a place
named before."""
_QUOTE = re.compile(r"[\"“”]")
"""A double quotation mark: the sentence quotes someone."""


class SpacyTokenizer:
    """The tokenizer interface sumy expects, without NLTK's downloaded data.

    Sentences are already cut by spaCy in the analyse stage; ``to_words``
    only needs to find the words of one sentence.
    """

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:  # pragma: no cover - sentences come from spaCy
        return (paragraph,)

    @staticmethod
    def to_words(sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))


@lru_cache(maxsize=8)
def _summarizer(algorithm: str) -> Any:
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.kl import KLSummarizer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.sum_basic import SumBasicSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    classes = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
        "sumbasic": SumBasicSummarizer,
        "kl": KLSummarizer,
    }
    summarizer = classes[algorithm](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return summarizer


def sumy_rank(sentences: Sequence[str], algorithm: str, count: int) -> list[int]:
    """Indexes of the ``count`` sentences a sumy summarizer picks, in text order."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = SpacyTokenizer()
    document = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])
    position: dict[str, int] = {}
    for i, s in enumerate(sentences):
        position.setdefault(str(Sentence(s, tokenizer)), i)
    picked = _summarizer(algorithm)(document, count)
    return sorted(position[str(s)] for s in picked)


# -- the graph ranking --------------------------------------------------------


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words("english"))


def sentence_words(sentence: str) -> list[str]:
    """The words TextRank compares: lower-cased, stop words out, Snowball stems (as sumy does)."""
    stops = _stop_words()
    return [stem(w) for w in (w.lower() for w in _WORD.findall(sentence)) if w not in stops]


def _count_matrix(word_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, words in enumerate(word_lists):
        for w in words:
            rows.append(i)
            cols.append(vocabulary.setdefault(w, len(vocabulary)))
    data = np.ones(len(rows))
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(word_lists), max(1, len(vocabulary))))


DENSE_COUNTS = 2_000_000
"""Sentences x words up to which :func:`_shared_words` counts in a dense array (16 MB at most)."""


def _shared_words(word_lists: Sequence[Sequence[str]]) -> np.ndarray:
    """Words each pair of sentences shares, counted (``counts @ counts.T`` of :func:`_count_matrix`).

    Sums of whole numbers, exact in floating point however they are added: the same array from a
    dense product as from the sparse one, which an article's few dozen sentences make in half the
    time (docs/performance.md, "The cold run's regression traced")."""
    vocabulary: dict[str, int] = {}
    places: list[int] = []
    for words in word_lists:
        places.extend(vocabulary.setdefault(w, len(vocabulary)) for w in words)
    n, width = len(word_lists), max(1, len(vocabulary))
    if n * width > DENSE_COUNTS:
        counts = _count_matrix(word_lists)
        return np.asarray((counts @ counts.T).toarray())
    rows = np.repeat(np.arange(n), [len(words) for words in word_lists])
    dense = np.bincount(rows * width + np.asarray(places, dtype=np.intp), minlength=n * width)
    matrix = dense.reshape(n, width).astype(float)
    return np.asarray(matrix @ matrix.T)


def pagerank(
    weights: np.ndarray, damping: float = 0.85, epsilon: float = 1e-4, teleport: np.ndarray | None = None
) -> np.ndarray:
    """Stationary scores of the row-normalised weight matrix, with damping (power method).

    ``teleport`` is where the random surfer restarts (uniform when None or all
    zero): a personalised PageRank. A sentence linked to no other (a dangling
    node) passes its score on as a restart, so no score leaks out of the graph.
    """
    n = weights.shape[0]
    if n == 0:
        return np.zeros(0)
    restart = np.full(n, 1.0 / n)
    if teleport is not None and float(teleport.sum()) > 0:
        restart = teleport / teleport.sum()
    out_weight = weights.sum(axis=1)
    linked = out_weight > 0
    transition = np.divide(weights, out_weight[:, None], out=np.zeros_like(weights), where=linked[:, None])
    scores = np.full(n, 1.0 / n)
    for _ in range(1000):
        flow = transition.T @ scores + scores[~linked].sum() * restart
        updated = (1 - damping) * restart + damping * flow
        done = np.linalg.norm(updated - scores) < epsilon
        scores = updated
        if done:
            break
    return scores


def textrank_scores(sentences: Sequence[str], self_loops: bool = False) -> np.ndarray:
    """TextRank scores of ``sentences``, vectorised.

    With ``self_loops=True`` this is exactly sumy's ``TextRankSummarizer``
    (same words, same matrix, same power method), in numpy instead of a
    quadratic Python loop; the default is TextRank as published.
    """
    return _textrank([sentence_words(s) for s in sentences], self_loops)


def _textrank(word_lists: Sequence[Sequence[str]], self_loops: bool = False) -> np.ndarray:
    shared = _shared_words(word_lists)
    logs = np.log(np.array([max(len(w), 1) for w in word_lists], dtype=float))
    norm = logs[:, None] + logs[None, :]
    weights = np.divide(shared, norm, out=shared.copy(), where=~np.isclose(norm, 0.0))
    if not self_loops:
        np.fill_diagonal(weights, 0.0)
    return pagerank(weights)


def cosine_words(sentence: str) -> list[str]:
    """The words the cosine graph compares: lower-cased, spaCy's stop words out, not stemmed."""
    return [w for w in (w.lower() for w in _WORD.findall(sentence)) if w not in STOP_WORDS]


def cosine_textrank_scores(sentences: Sequence[str]) -> np.ndarray:
    """TextRank over the cosine of the sentences' word counts (the common variant of TextRank's
    similarity): long sentences are not favoured, and a word repeated in both counts for more."""
    shared = _shared_words([cosine_words(s) for s in sentences])
    norms = np.sqrt(np.diag(shared))
    outer = norms[:, None] * norms[None, :]
    weights = np.divide(shared, outer, out=np.zeros_like(shared), where=outer > 0)
    np.fill_diagonal(weights, 0.0)
    return pagerank(weights)


WORTH_COEFFICIENTS = (1.44, 4.80, 0.71, -0.38)
WORTH_INTERCEPT = -6.73
"""How a sentence turns into the chance that it belongs in a summary: the logistic function of
``WORTH_COEFFICIENTS`` times its :func:`worth_features` (TextRank, cosine TextRank, the lead's facts, a quote),
plus ``WORTH_INTERCEPT``. Fitted by logistic regression on the candidate sentences of the tuning half
of the BBC development split (``python benchmarks/summaries.py --data ... --fit`` prints them);
see benchmarks/README.md."""
LENGTH_EXPONENT = 0.4
"""A summary's worth grows with the words it carries: each sentence's chance is weighed by its
length in content words to this power (chosen on the tuning half among 0.15, 0.25, 0.3, 0.35, 0.4, 0.5)."""


def worth_features(sentences: Sequence[str]) -> np.ndarray:
    """One row a sentence (the candidates of one article, in order): its TextRank score and its
    cosine TextRank score, each times the number of sentences (1: an average sentence); 1 for the
    first when it states figures or a date (:func:`facts`), else 0; 1 when it quotes someone (a
    double quotation mark), else 0."""
    return _features([sentence_words(s) for s in sentences], sentences)


def _features(word_lists: Sequence[Sequence[str]], sentences: Sequence[str]) -> np.ndarray:
    n = len(sentences)
    lead = np.zeros(n)
    if n and facts(sentences[0]):
        lead[0] = 1.0
    quotes = np.array([1.0 if _QUOTE.search(s) else 0.0 for s in sentences])
    return np.column_stack([_textrank(word_lists) * n, cosine_textrank_scores(sentences) * n, lead, quotes])


def worth(sentences: Sequence[str]) -> np.ndarray:
    """What each sentence (the candidates of one article, in order) is expected to bring to a summary:
    the chance that it belongs there (:func:`worth_features`: its two TextRank scores, for the lead
    the facts it states, a quotation), times its length (to :data:`LENGTH_EXPONENT`). The two graphs
    see the article differently: TextRank's shared words over the sum of the logs of the lengths,
    and the cosine of word counts; each tells what the other misses. The chance alone picks the
    likeliest sentences, and so favours short ones that say little; and on a short article whose
    sentences share few words neither graph can tell them apart: the lead's facts then decide."""
    if not len(sentences):
        return np.zeros(0)
    word_lists = [sentence_words(s) for s in sentences]
    logit = _features(word_lists, sentences) @ np.array(WORTH_COEFFICIENTS) + WORTH_INTERCEPT
    words = np.array([max(len(w), 1) for w in word_lists], dtype=float)
    return words**LENGTH_EXPONENT / (1.0 + np.exp(-logit))


# -- per-article summaries ----------------------------------------------------


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def unfit_reason(sentence: str, title: str) -> str | None:
    """Why a sentence cannot stand in a summary, or None when it can."""
    words = _words(sentence)
    if len(words) < MIN_WORDS:
        return "fragment"
    head = set(_words(title))
    if head and squash(sentence).lower().rstrip(".") == squash(title).lower().rstrip("."):
        return "headline"
    if head and len(set(words) ^ head) <= max(1, len(head) // 5) and not facts(sentence) - facts(title):
        return "headline"
    if _BYLINE.match(sentence.strip()):
        return "byline or caption"
    if _ANNOUNCES.match(sentence.strip()) or _DESCRIBES_ITSELF.match(sentence.strip()):
        return "announces what follows (a round-up's opening line)"
    verbless = _BUSY_DAY_VERBLESS.match(sentence.strip())
    where = verbless.group("where") or "" if verbless else ""
    if _BUSY_DAY.match(sentence.strip()) or (verbless and not _NUMBER.search(where) and not _FINITE.search(where)):
        return "says what kind of day it was (a round-up's filler)"
    if not _FINAL.search(sentence.strip()):
        return "no final punctuation (caption, heading or list line)"
    return None


def facts(text: str) -> set[str]:
    """The figures and dates a text states: numbers ("12", "48", "2,300"), weekdays and months
    (capitalised: "May", not "may").
    A lead that restates its headline with these added carries news the headline lacks."""
    found = {n.replace(",", "") for n in _NUMBER.findall(text)}
    return found | {w.lower() for w in _DATE.findall(text)}


@lru_cache(maxsize=1 << 15)
def leans_on_previous(sentence: str) -> bool:
    """True when the sentence needs the one before it to say who ('He added...', '"...," she said.')
    or what it answers ('Responding to those remarks...', 'The move was...', '... would also ...').
    Kept for the last sentences asked about: a theme's summary and its stories' ask it of the same
    candidates, and so does each update of the day."""
    return bool(
        _LEANING.match(sentence)
        or _SAID_BY_PRONOUN.search(sentence)
        or _REFERS_BACK.match(sentence)
        or _ALSO_REPORTED.search(sentence)
        or _THERE.search(sentence)
    )


def _fit(item: AnalysedArticle) -> Iterator[int]:
    """Indexes of the sentences fit for a summary, in order, each judged when asked for."""
    title = item.article.title
    return (i for i, s in enumerate(item.sentences) if unfit_reason(s, title) is None)


def candidates(item: AnalysedArticle) -> list[int]:
    """Indexes of the sentences fit for a summary."""
    return list(_fit(item))


def first_candidate(item: AnalysedArticle) -> int | None:
    """The first of :func:`candidates` (None when there is none), judging no sentence after it: a theme's
    and each story's summary ask it of every article, and most articles' lead is their first sentence."""
    return next(_fit(item), None)


def _pick(ranked: Sequence[int], sentences: Sequence[str], count: int) -> list[int]:
    """The first ``count`` of ``ranked``, passing over a sentence that leans on an
    unchosen predecessor while other sentences are left."""
    chosen: list[int] = []
    deferred: list[int] = []
    for i in ranked:
        if len(chosen) == count:
            break
        if leans_on_previous(sentences[i]) and (i - 1) not in chosen:
            deferred.append(i)
            continue
        chosen.append(i)
        # a deferred sentence whose antecedent just came in may now stand
        for j in list(deferred):
            if j - 1 in chosen and len(chosen) < count:
                chosen.append(j)
                deferred.remove(j)
    for i in deferred:  # unavoidable: not enough self-standing sentences
        if len(chosen) == count:
            break
        chosen.append(i)
    return chosen


@dataclass(frozen=True)
class _Ranking:
    order: list[int]  # sentence indexes, best first
    scores: dict[int, float]  # sentence index -> score, best = 1.0


def _rank(item: AnalysedArticle, pool: list[int], algorithm: str, count: int) -> _Ranking:
    if algorithm == "lead":
        return _Ranking(pool, {i: 1.0 for i in pool})
    if algorithm == DEFAULT_ALGORITHM:
        value = worth([item.sentences[i] for i in pool])
        top = float(value.max()) or 1.0
        order = [pool[j] for j in np.argsort(-value, kind="stable")]
        return _Ranking(order, {pool[j]: float(value[j]) / top for j in range(len(pool))})
    if algorithm not in SUMY_ALGORITHMS:
        raise ValueError(f"unknown summary algorithm {algorithm!r} (choose from {', '.join(ALGORITHMS)})")
    picked = [pool[j] for j in sumy_rank([item.sentences[i] for i in pool], algorithm, count)]
    rest = [i for i in pool if i not in picked]
    return _Ranking(picked + rest, {i: 1.0 for i in picked})


def summarize_article(item: AnalysedArticle, algorithm: str = DEFAULT_ALGORITHM, count: int = 3) -> SummarizedArticle:
    """``count`` sentences of the article, in article order."""
    pool = candidates(item)
    if not pool:
        return SummarizedArticle(analysed=item, summary=())
    ranking = _rank(item, pool, algorithm, count)
    if len(pool) <= count:
        chosen = pool
    elif algorithm == "lead":
        chosen = pool[:count]
    else:
        chosen = _pick(ranking.order, item.sentences, count)
    rank_of = {i: r for r, i in enumerate(ranking.order, 1)}
    scores = {i: round(ranking.scores.get(i, 0.0), 4) for i in chosen}
    notes = dict.fromkeys(chosen, "")
    lead = pool[0]
    if algorithm == DEFAULT_ALGORITHM and lead in scores and facts(item.sentences[lead]):
        best = max(scores.values())
        if scores[lead] < best:
            notes[lead] = f"; the lead, stating figures or a date, scores as the best (its own {scores[lead]:.2f})"
            scores[lead] = best
    summary = tuple(
        SummarySentence(
            text=item.sentences[i],
            article_ids=(item.article.id,),
            score=scores[i],
            position=i,
            why=f"{algorithm}: rank {rank_of[i]} of {len(pool)} candidate sentences, sentence {i + 1} of the article"
            + notes[i],
        )
        for i in sorted(chosen)
    )
    return SummarizedArticle(analysed=item, summary=summary)


def summarize_articles(
    items: Sequence[AnalysedArticle], algorithm: str = DEFAULT_ALGORITHM, count: int = 3
) -> list[SummarizedArticle]:
    return [summarize_article(item, algorithm, count) for item in items]


# -- multi-article summaries ------------------------------------------------


def _content_lemmas(lemmas: Sequence[str]) -> list[str]:
    return [w for w in lemmas if w not in STOP_WORDS and _WORD.fullmatch(w)]


def tfidf_matrix(lemma_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows of lemma lists (stop words and non-words out)."""
    return tfidf_matrices(lemma_lists, ())[0]


def tfidf_matrices(
    lemma_lists: Sequence[Sequence[str]], others: Sequence[Sequence[str]]
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """TF-IDF rows of ``lemma_lists`` and, in the same space (fitted on the first), of ``others``."""
    try:
        model, matrix = fit_transform([_content_lemmas(seq) for seq in lemma_lists], sublinear_tf=True)
    except ValueError:  # no words at all
        return sparse.csr_matrix((len(lemma_lists), 1)), sparse.csr_matrix((len(others), 1))
    if not len(others):
        return matrix, sparse.csr_matrix((0, matrix.shape[1]))
    return matrix, model.transform([_content_lemmas(seq) for seq in others])


def centrality(similarity: np.ndarray, damping: float = 0.85, teleport: np.ndarray | None = None) -> np.ndarray:
    """LexRank with continuous weights: PageRank over the similarity graph, no self-loops.

    With ``teleport``, biased LexRank (Otterbacher, Erkan and Radev, 2005): the
    random walk restarts at each sentence in proportion to ``teleport``.
    """
    weights = similarity.copy()
    np.fill_diagonal(weights, 0.0)
    return pagerank(weights, damping, epsilon=1e-9, teleport=teleport)


MAX_CANDIDATES = 1500
"""Most candidate sentences a multi-article summary ranks (3 a article: a theme of 500 articles)."""


def summarize_group(
    articles: Sequence[SummarizedArticle],
    count: int,
    redundancy: float = NEAR_DUPLICATE,
    trade_off: float = 0.7,
    headline_bias: bool = True,
    stories: Sequence[Sequence[str]] = (),
) -> tuple[SummarySentence, ...]:
    """:func:`group_summary`, kept for the same articles (analyses and summaries, in the same
    order) and the same arguments and settings (:mod:`briefer.article_memo`): an update of the day
    makes again only the summaries of the stories and themes that took in a new article."""
    if not article_memo.kept():
        return group_summary(articles, count, redundancy, trade_off, headline_bias, stories)
    key = _group_key(articles, [count, redundancy, trade_off, headline_bias, [list(ids) for ids in stories]])
    found = _GROUPS.get(key)
    if found is article_memo.MISSING:
        found = group_summary(articles, count, redundancy, trade_off, headline_bias, stories)
        _GROUPS.put(key, found)
    return found


_GROUPS: article_memo.Memo[tuple[SummarySentence, ...]] = article_memo.Memo("group summaries")
_SENTENCE_FIELDS = tuple(f.name for f in dataclasses.fields(SummarySentence))


def _group_key(articles: Sequence[SummarizedArticle], arguments: list[object]) -> str:
    """Everything :func:`group_summary` reads: each article (its analysis, by its key) with its own
    summary (:func:`_item_key`), its other ``arguments`` (as JSON) and the module's settings."""
    payload = json.dumps([[_item_key(item) for item in articles], arguments], ensure_ascii=False)
    return article_memo.module_stamp_of(__name__, payload)


def _item_key(item: SummarizedArticle) -> str:
    """A digest of an article's analysis (its key) and of its own summary, every field of each
    sentence. Worked out once per summary object while it lives: an article is in its theme's
    summary and in its story's, and a resident process hands the next run the same objects
    (``briefer.cached.summarized``), whose summaries of the day's stories and themes are looked up
    for every run."""
    analysis = article_memo.article_key(item.analysed)
    known = _ITEM_KEYS.get(id(item.summary))
    if known is not None and known[0] is item.summary and known[1] == analysis:
        return known[2]
    sentences = [[getattr(s, f) for f in _SENTENCE_FIELDS] for s in item.summary]
    payload = json.dumps([analysis, sentences], ensure_ascii=False)
    key = hashlib.blake2b(payload.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
    if len(_ITEM_KEYS) > article_memo.MOST:
        _ITEM_KEYS.clear()
    _ITEM_KEYS[id(item.summary)] = (item.summary, analysis, key)
    return key


_ITEM_KEYS: dict[int, tuple[tuple[SummarySentence, ...], str, str]] = {}
""":func:`_item_key`'s digests by the summary object's address, with the object itself (held, so that
the address is never another's while the entry stands) and the analysis's key."""


def group_summary(
    articles: Sequence[SummarizedArticle],
    count: int,
    redundancy: float = NEAR_DUPLICATE,
    trade_off: float = 0.7,
    headline_bias: bool = True,
    stories: Sequence[Sequence[str]] = (),
) -> tuple[SummarySentence, ...]:
    """A multi-article summary: central sentences first, no near-repeats, several articles.

    Candidates are each article's own summary sentences and its lead (:func:`_leads_left_out`),
    ranked by centrality among all candidates. Centrality alone favours a sentence that shares
    many words with the others even when it says little ("X spoke by
    telephone with Y and Z, the ministry said"); the sentence that carries an
    article's news is the one that restates its headline, usually the lead.
    So, with ``headline_bias``, the ranking is biased LexRank: the random
    walk restarts at each candidate in proportion to its TF-IDF cosine with
    its own article's headline (uniformly when no candidate shares a word
    with its headline). A candidate's centrality is then weighed by what its
    own article's summary made of it (``0.5 + 0.5 * score``, its best 1, a lead 1):
    a short sentence of common words ("The union is asking for 15 percent.")
    is central among a story's few sentences but was its article's weakest pick.
    Candidates are then picked greedily by maximal marginal relevance,
    ``trade_off * relevance - (1 - trade_off) * (largest similarity to a
    sentence already picked)``. A candidate whose TF-IDF cosine with a picked
    sentence reaches ``redundancy`` is never taken; while some article not yet
    cited has a candidate left, a cited one waits, and a sentence that leans on
    the one before it waits for that one. With ``stories`` (the article ids of
    each of a theme's stories), a story already told waits in the same way while
    another has candidates: a theme's summary tells its events before it tells
    one of them twice; and the story most outlets told (``LEAD_STORY_REPORTS``
    reports or more, more than any other story) gives the first line, as an
    editor leads with it. Costs grow with the square
    of the candidates (4 a article), in vectorised numpy.
    """
    pairs: list[tuple[SummarizedArticle, SummarySentence]] = [
        (item, sentence) for item in articles for sentence in item.summary
    ]
    if not pairs or count <= 0:
        return ()
    if len({item.article.id for item, _ in pairs}) == 1:
        return _own_summary(pairs, count)
    pairs += _leads_left_out(articles)
    lemmas_of = {id(item): item.analysed.sentence_lemmas for item in articles}  # once each: they are packed
    lemma_lists = [lemmas_of[id(item)][s.position] for item, s in pairs]
    numbers: dict[str, int] = {}
    article_of = np.array([numbers.setdefault(item.article.id, len(numbers)) for item, _ in pairs])
    headlines = {item.article.id: item.analysed.title_lemmas for item, _ in pairs}
    matrix, titles = tfidf_matrices(lemma_lists, list(headlines.values()))
    total = len(pairs)
    if total > MAX_CANDIDATES:
        # Ranking is quadratic in the candidates: keep those closest to the theme's centroid (a linear,
        # first-order estimate of centrality), so a theme of thousands of articles stays bounded.
        centroid = np.asarray(matrix.mean(axis=0)).ravel()
        keep = np.sort(np.argsort(-(matrix @ centroid), kind="stable")[:MAX_CANDIDATES])
        pairs = [pairs[i] for i in keep]
        matrix, article_of = matrix[keep], article_of[keep]
    similarity = (matrix @ matrix.T).toarray()
    news = np.asarray(matrix.multiply(titles[article_of]).sum(axis=1)).ravel()  # cosine with its headline
    scores = centrality(similarity, teleport=news if headline_bias else None)
    own = np.array([s.score for _, s in pairs])
    scores = scores * (0.5 + 0.5 * own)
    relevance = scores / (scores.max() or 1.0)
    texts = [squash(s.text).lower() for _, s in pairs]

    n = len(pairs)
    leans = [
        (int(article_of[i]), s.position - 1) if leans_on_previous(s.text) else None for i, (_, s) in enumerate(pairs)
    ]
    story_of = {article_id: k for k, ids in enumerate(stories) for article_id in ids}
    labelled = {item.article.id: labelled_piece(item.article.title) for item, _ in pairs}  # once an article
    event_of = np.array(
        [story_of.get(item.article.id, len(story_of) + int(a)) for (item, _), a in zip(pairs, article_of, strict=True)]
    )
    # The theme's most reported event opens its summary (an editor leads with the story most outlets
    # told), when one story has more reports than any other and at least LEAD_STORY_REPORTS.
    sizes = sorted((len(set(ids)) for ids in stories), reverse=True)
    lead_event = None
    if sizes and sizes[0] >= LEAD_STORY_REPORTS and (len(sizes) == 1 or sizes[0] > sizes[1]):
        lead_event = next(k for k, ids in enumerate(stories) if len(set(ids)) == sizes[0])
    chosen = _maximal_marginal_relevance(
        relevance,
        similarity,
        article_of,
        texts,
        count,
        redundancy,
        trade_off,
        leans,
        [s.position for _, s in pairs],
        event_of,
        # A round-up or an analysis its outlet labels retells the day's events: it waits as a
        # story already told does, and speaks only when the events have each been told.
        np.array([labelled[item.article.id] for item, _ in pairs]),
        lead_event,
    )

    out = []
    for rank, i in enumerate(chosen, 1):
        item, sentence = pairs[i]
        before = max((similarity[i, j] for j in chosen[: rank - 1]), default=0.0)
        out.append(
            SummarySentence(
                text=sentence.text,
                article_ids=(item.article.id,),
                score=round(float(relevance[i]), 4),
                position=sentence.position,
                why=(
                    f"centrality {relevance[i]:.2f} among {n} candidate sentences of {len(articles)} articles"
                    + (f" (the {n} nearest the theme's centroid of {total})" if total > n else "")
                    + (f", biased to those that restate their headline (this {news[i]:.2f})" if headline_bias else "")
                    + f"; largest similarity to the sentences above {before:.2f}"
                ),
            )
        )
    return tuple(out)


def _leads_left_out(articles: Sequence[SummarizedArticle]) -> list[tuple[SummarizedArticle, SummarySentence]]:
    """Each article's lead (its first sentence fit for a summary), where its own summary left it out.

    An article's summary may pass over its lead when the headline, shown beside it, already says
    what the lead says. A theme's or a story's summary shows no headline: there the lead, which
    says who did what, where and when, is the sentence that tells the event."""
    out = []
    stamp = article_memo.module_stamp_of(__name__)
    leads = article_memo.each(_LEADS, [item.analysed for item in articles], _lead, stamp)
    for item, found in zip(articles, leads, strict=True):
        if found is not None and all(s.position != found[0] for s in item.summary):
            first, text = found
            out.append((item, SummarySentence(text=text, article_ids=(item.article.id,), score=1.0, position=first)))
    return out


def _lead(item: AnalysedArticle) -> tuple[int, str] | None:
    """The article's first sentence fit for a summary (:func:`first_candidate`) and its text."""
    first = first_candidate(item)
    return None if first is None else (first, item.sentences[first])


_LEADS: article_memo.Memo[tuple[int, str] | None] = article_memo.Memo("leads")
"""Each article's :func:`_lead` (see :mod:`briefer.article_memo`): a theme's summary and its stories'
ask it of the same articles, and so does each update of the day."""


def _maximal_marginal_relevance(
    relevance: np.ndarray,
    similarity: np.ndarray,
    article_of: np.ndarray,
    texts: Sequence[str],
    count: int,
    redundancy: float,
    trade_off: float,
    leans: Sequence[tuple[int, int] | None] | None = None,
    positions: Sequence[int] | None = None,
    event_of: np.ndarray | None = None,
    retold: np.ndarray | None = None,
    lead_event: int | None = None,
) -> list[int]:
    """Up to ``count`` candidates, greedily: ``trade_off * relevance - (1 - trade_off) * (largest
    similarity to one picked)``; never one at ``redundancy`` or above to one picked, nor the same text;
    an article already cited waits while another has candidates, and so does a sentence that leans on
    the one before it in its article (``leans``: that sentence's (article, position), or None) until
    that one is picked: out of its article it would point at nothing ("If that draft survives...").
    ``event_of`` (each candidate's story): a story already told waits too, before an article does;
    ``retold``: candidates that wait so from the start (a labelled round-up's). ``lead_event``: the
    story whose candidates the first pick is made among, when it has one that waits for nothing."""
    n = len(relevance)
    available = np.ones(n, dtype=bool)
    overlap = np.zeros(n)  # largest similarity to a picked sentence
    cited = np.zeros(n, dtype=bool)  # the candidate's article is already cited
    told = np.zeros(n, dtype=bool) if retold is None else retold.copy()  # the candidate's story is already told
    events = event_of if event_of is not None else article_of
    waiting = np.array([lean is not None for lean in leans]) if leans is not None else np.zeros(n, dtype=bool)
    picked: set[tuple[int, int]] = set()
    chosen: list[int] = []
    while len(chosen) < count and available.any():
        for pool in (
            available & ~told & ~waiting & (events == lead_event if lead_event is not None and not chosen else True),
            available & ~told & ~waiting,
            available & ~cited & ~waiting,
            available & ~waiting,
            available & ~cited,
            available,
        ):
            if pool.any():
                break
        value = np.where(pool, trade_off * relevance - (1 - trade_off) * overlap, -np.inf)
        best = int(np.argmax(value))
        chosen.append(best)
        available[best] = False
        available &= similarity[best] < redundancy
        available &= np.array([t != texts[best] for t in texts])
        overlap = np.maximum(overlap, similarity[best])
        cited |= article_of == article_of[best]
        told |= events == events[best]
        if leans is not None and positions is not None:
            picked.add((int(article_of[best]), positions[best]))
            waiting &= np.array([lean is None or lean not in picked for lean in leans])
    return chosen


def _own_summary(pairs: Sequence[tuple[SummarizedArticle, SummarySentence]], count: int) -> tuple[SummarySentence, ...]:
    """A group of one article: centrality among a handful of its sentences means little (a random walk
    on three sentences settles on the one that links the other two), so its own summary leads, best
    ranked first."""
    ranked = sorted(pairs, key=lambda pair: (-pair[1].score, pair[1].position))[:count]
    return tuple(
        SummarySentence(
            text=s.text,
            article_ids=(item.article.id,),
            score=s.score,
            position=s.position,
            why=f"the group's only article: its own summary, best ranked first (this {s.score:.2f})",
        )
        for item, s in ranked
    )
