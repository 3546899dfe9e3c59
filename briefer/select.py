"""Select: the day's articles, each story carried once.

Keeps what was published on the briefing's day (in its time zone), then
merges duplicates: the same URL or text from two sources, and near copies
(syndicated wire stories, lightly edited rewrites) found with MinHash over
word shingles. A merged article lists every source that carried it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from datasketch import MinHash, MinHashLSH

from briefer.models import Article, DroppedArticle

log = logging.getLogger(__name__)

SHINGLE = 4
PERMUTATIONS = 128
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


def _minhash(text: str) -> MinHash:
    words = _words(text)
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m = MinHash(num_perm=PERMUTATIONS, seed=7)
    m.update_batch([s.encode() for s in shingles])
    return m


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
    groups: list[list[Article]] = []
    by_key: dict[str, int] = {}
    lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    for article in kept:
        keys = [f"url:{canonical_url(u)}" for u in article.urls] + [f"text:{content_hash(article.text)}"]
        index = next((by_key[k] for k in keys if k in by_key), None)
        signature = _minhash(article.text)
        if index is None:
            near = lsh.query(signature)
            index = min(int(n) for n in near) if near else None
        if index is None:
            index = len(groups)
            groups.append([])
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
