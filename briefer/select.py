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
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from briefer.models import Article, DroppedArticle

if TYPE_CHECKING:
    from datasketch import MinHash

log = logging.getLogger(__name__)

SHINGLE = 4
PERMUTATIONS = 128
BOILERPLATE_DF = 3  # a shingle in this many articles or more is boilerplate
MIN_OWN_SHARE = 0.3  # compare without boilerplate only if this share of both articles is left
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
    return re.findall(r"\w+", text.lower())


def content_hash(text: str) -> str:
    return hashlib.sha1(" ".join(_words(text)).encode()).hexdigest()


def shingles(text: str) -> frozenset[str]:
    """The word 4-grams of ``text`` (the whole text when it is shorter)."""
    words = _words(text)
    return frozenset(" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1)))


def _minhash(shingle_set: frozenset[str]) -> MinHash:
    from datasketch import MinHash  # imported on first use: it pulls in SciPy (a third of a second)

    m = MinHash(num_perm=PERMUTATIONS, seed=7)
    m.update_batch([s.encode() for s in shingle_set])
    return m


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
    sets = [shingles(a.text) for a in kept]
    frequency = Counter(s for shingle_set in sets for s in shingle_set)
    common = {s for s, n in frequency.items() if n >= BOILERPLATE_DF}
    groups: list[list[Article]] = []
    group_sets: list[frozenset[str]] = []
    by_key: dict[str, int] = {}
    # LSH proposes candidates a little below the threshold; the exact Jaccard decides.
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=max(0.05, threshold - 0.1), num_perm=PERMUTATIONS)
    for article, shingle_set in zip(kept, sets, strict=True):
        keys = [f"url:{canonical_url(u)}" for u in article.urls] + [f"text:{content_hash(article.text)}"]
        index = next((by_key[k] for k in keys if k in by_key), None)
        signature = _minhash(shingle_set)
        if index is None:
            scored = [(jaccard(shingle_set, group_sets[int(n)], common), -int(n)) for n in lsh.query(signature)]
            best = max(scored, default=(0.0, 0))
            index = -best[1] if best[0] >= threshold else None
        if index is None:
            index = len(groups)
            groups.append([])
            group_sets.append(shingle_set)
            lsh.insert(str(index), signature)
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
