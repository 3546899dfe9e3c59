"""Select: the day's articles, each story carried once.

Keeps what was published on the briefing's day (in its time zone), then
merges duplicates: the same URL or text from two sources, and near copies
(syndicated wire stories, lightly edited rewrites) found with MinHash over
word shingles. A merged article lists every source that carried it.

MinHash LSH only proposes candidates; each is confirmed on the exact Jaccard
similarity of the two shingle sets. Boilerplate is kept out of that
comparison: a shingle that three articles or more carry (a wire service's
standard paragraph, a site's "sign up for our newsletter") is ignored, as
long as most of each article is left to compare; two different stories from
one template therefore do not merge, while five copies of one story (every
shingle of which is common) still do. A short article quoted whole inside a
long one does not merge either: their Jaccard similarity is small.

The signatures and the bands are computed here with numpy, exactly as
datasketch 2's ``MinHash`` (its default "affine32" scheme over the SHA-1 of
each shingle) and ``MinHashLSH`` compute them: the same candidates, so the
same merges, without a MinHash object per article nor SciPy's integration
to choose the bands (a second of every run with datasketch).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import numpy as np

from briefer.models import Article, DroppedArticle

log = logging.getLogger(__name__)

SHINGLE = 4
PERMUTATIONS = 128
BOILERPLATE_DF = 3  # a shingle in this many articles or more is boilerplate
MIN_OWN_SHARE = 0.3  # compare without boilerplate only if this share of both articles is left
SEED = 7
_WORDS = re.compile(r"\w+")
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ref_src|cmpid|ocid|smid|__twitter_impression)$", re.I)


@dataclass(frozen=True)
class Selection:
    articles: list[Article]
    dropped: list[DroppedArticle]
    merged: int  # articles folded into another as duplicates


def day_window(day: date, timezone: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(timezone)
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def canonical_url(url: str) -> str:
    """URL without tracking parameters, fragment, default port or trailing slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    netloc = parts.netloc.lower().removeprefix("www.")
    netloc = re.sub(r":(80|443)$", "", netloc)
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.lower())


def _hash_words(words: list[str]) -> str:
    return hashlib.sha1(" ".join(words).encode()).hexdigest()


def content_hash(text: str) -> str:
    return _hash_words(_words(text))


def _shingles(words: list[str]) -> frozenset[str]:
    if len(words) <= SHINGLE:
        return frozenset((" ".join(words),))
    return frozenset(map(" ".join, zip(*(words[i:] for i in range(SHINGLE)), strict=False)))


def shingles(text: str) -> frozenset[str]:
    """The word 4-grams of ``text`` (the whole text when it is shorter)."""
    return _shingles(_words(text))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations ``h -> a * h + b mod 2**32`` (``a`` odd) for ``SEED``."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, PERMUTATIONS, dtype=np.uint32)
    return a, b


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer on uint32 values (datasketch mixes each hash with it first)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signature(shingle_set: frozenset[str]) -> np.ndarray:
    """MinHash signature of a shingle set: datasketch's ``MinHash(num_perm=128, seed=7)``
    ``.hashvalues`` after ``update_batch`` of the shingles' UTF-8 bytes, as uint32."""
    sha1 = hashlib.sha1
    digests = b"".join([sha1(s.encode()).digest() for s in shingle_set])
    hashes = _fmix32(np.frombuffer(digests, dtype="<u4").reshape(-1, 5)[:, 0].astype(np.uint32))
    a, b = _permutations()
    return (hashes[:, None] * a + b).min(axis=0)


@lru_cache(maxsize=16)
def lsh_bands(threshold: float, permutations: int = PERMUTATIONS) -> tuple[int, int]:
    """(bands, rows a band) that datasketch's ``MinHashLSH(threshold)`` chooses: the pair with the
    smallest mean of the false positive and false negative probabilities (integrals of the
    S-curve, exact here by Gauss-Legendre quadrature: the integrands are polynomials of degree
    at most ``permutations``), first such pair by bands then rows."""
    pairs = [(b, r) for b in range(1, permutations + 1) for r in range(1, permutations // b + 1)]
    bands = np.array([p[0] for p in pairs], dtype=float)[:, None]
    rows = np.array([p[1] for p in pairs], dtype=float)[:, None]
    nodes, weights = np.polynomial.legendre.leggauss(permutations // 2 + 32)
    below = threshold / 2 * (nodes + 1)
    above = threshold + (1 - threshold) / 2 * (nodes + 1)
    false_positive = (1 - (1 - below**rows) ** bands) @ weights * (threshold / 2)
    false_negative = ((1 - above**rows) ** bands) @ weights * ((1 - threshold) / 2)
    return pairs[int(np.argmin(0.5 * false_positive + 0.5 * false_negative))]


class _LSH:
    """MinHash LSH: two signatures are candidates when all the rows of one band agree."""

    def __init__(self, threshold: float) -> None:
        bands, rows = lsh_bands(threshold)
        self.ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self.tables: list[dict[bytes, list[int]]] = [{} for _ in range(bands)]

    def insert(self, key: int, signature: np.ndarray) -> None:
        for (start, end), table in zip(self.ranges, self.tables, strict=True):
            table.setdefault(signature[start:end].tobytes(), []).append(key)

    def query(self, signature: np.ndarray) -> set[int]:
        found: set[int] = set()
        for (start, end), table in zip(self.ranges, self.tables, strict=True):
            found.update(table.get(signature[start:end].tobytes(), ()))
        return found


def jaccard(a: frozenset[str], b: frozenset[str], common: frozenset[str] | set[str] = frozenset()) -> float:
    """Jaccard similarity of two shingle sets, ``common`` shingles (boilerplate) left out
    when at least ``MIN_OWN_SHARE`` of each set remains."""
    if common:
        own_a, own_b = a - common, b - common
        if len(own_a) >= MIN_OWN_SHARE * len(a) and len(own_b) >= MIN_OWN_SHARE * len(b):
            a, b = own_a, own_b
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def select(
    articles: Sequence[Article],
    window: tuple[datetime, datetime],
    in_window_always: set[str] | None = None,
    threshold: float = 0.6,
) -> Selection:
    """The articles of the window, duplicates merged (``threshold``: shingle Jaccard)."""
    start, end = window
    always = in_window_always or set()
    dropped: list[DroppedArticle] = []
    kept: list[Article] = []
    for article in articles:
        if article.id in always or start <= article.published < end:
            kept.append(article)
        else:
            dropped.append(DroppedArticle(article.title, article.url, "published outside the briefing's day"))
    # Longest first: the fullest copy of a story is the one that stays.
    kept.sort(key=lambda a: (-len(a.text), a.published, a.id))
    words = [_words(a.text) for a in kept]
    sets = [_shingles(w) for w in words]
    frequency: Counter[str] = Counter()
    for shingle_set in sets:
        frequency.update(shingle_set)
    common = {s for s, n in frequency.items() if n >= BOILERPLATE_DF}
    groups: list[list[Article]] = []
    group_sets: list[frozenset[str]] = []
    by_key: dict[str, int] = {}
    # LSH proposes candidates a little below the threshold; the exact Jaccard decides.
    lsh = _LSH(max(0.05, threshold - 0.1))
    for article, article_words, shingle_set in zip(kept, words, sets, strict=True):
        keys = [f"url:{canonical_url(u)}" for u in article.urls] + [f"text:{_hash_words(article_words)}"]
        index = next((by_key[k] for k in keys if k in by_key), None)
        if index is None:
            minhash = signature(shingle_set)
            scored = [(jaccard(shingle_set, group_sets[n], common), -n) for n in lsh.query(minhash)]
            best = max(scored, default=(0.0, 0))
            index = -best[1] if best[0] >= threshold else None
            if index is None:
                index = len(groups)
                groups.append([])
                group_sets.append(shingle_set)
                lsh.insert(index, minhash)
        groups[index].append(article)
        for key in keys:
            by_key.setdefault(key, index)
    merged_articles = []
    merged = 0
    for group in groups:
        primary = group[0]
        if len(group) > 1:
            merged += len(group) - 1
            sources = tuple(dict.fromkeys(s for a in group for s in a.sources))
            urls = tuple(dict.fromkeys(u for a in group for u in a.urls))
            published = min(a.published for a in group)
            for other in group[1:]:
                log.info("merged duplicate %r (%s) into %r", other.title, other.source, primary.title)
                dropped.append(DroppedArticle(other.title, other.url, "duplicate, merged with another source's copy"))
            primary = replace(primary, sources=sources, urls=urls, published=published)
        merged_articles.append(primary)
    merged_articles.sort(key=lambda a: (a.published, a.id))
    return Selection(merged_articles, dropped, merged)
