"""Select: the day's articles, each story carried once.

Keeps what was published on the briefing's day (in its time zone), then
merges duplicates: the same URL twice in one source, the same text from two
sources, and near copies
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
to choose the bands (a cost of every run with datasketch: docs/performance.md).

The per-article work (words, content hash, the SHA-1 of every shingle, the
signature: most of the stage) runs as an executor's map, so forked workers
share it; each article comes back as a :class:`Fingerprint` (its words, a
uint32 signature, a 64-bit id per shingle), not as a set of strings, which
would cost more to send back than to make. What stays here is global and
cheap: the keys, the bands, and the candidates' exact Jaccard, on shingle sets
made here for those articles, a few at a time (:class:`_Shingles`). Boilerplate
is counted on the ids of every article and confirmed on the words, so the
count, and every merge, is the one the shingle strings give.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import logging
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import numpy as np

from briefer.executor import Executor, InProcess
from briefer.models import Article, DroppedArticle
from briefer.words import TOKEN

log = logging.getLogger(__name__)

SHINGLE = 4
PERMUTATIONS = 128
BOILERPLATE_DF = 3  # a shingle in this many articles or more is boilerplate
MIN_OWN_SHARE = 0.3  # compare without boilerplate only if this share of both articles is left
SEED = 7
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


ITEM_FRAGMENT = "item-"
"""Fragment that gather gives a feed item without a link of its own (``<feed>#item-<hash>``): it is
the item's identity, so canonical URLs keep it."""


def canonical_url(url: str) -> str:
    """URL without tracking parameters, fragment, default port or trailing slash; a fragment that
    gather made for a feed item without a link (``#item-...``) is kept: it is that item's address."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    netloc = parts.netloc.lower().removeprefix("www.")
    netloc = re.sub(r":(80|443)$", "", netloc)
    path = parts.path.rstrip("/") or "/"
    fragment = parts.fragment if parts.fragment.startswith(ITEM_FRAGMENT) else ""
    return urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))


def _words(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def _hash_words(words: list[str]) -> str:
    return hashlib.sha1(" ".join(words).encode()).hexdigest()


def content_hash(text: str) -> str:
    return _hash_words(_words(text))


def _shingles(words: list[str]) -> frozenset[str]:
    if len(words) <= SHINGLE:
        return frozenset((" ".join(words),))
    return frozenset(map(" ".join, zip(*(words[i:] for i in range(SHINGLE)), strict=False)))


def _shingle_list(words: list[str]) -> list[str]:
    """The shingles of ``_shingles(words)``, each once, in the order they first occur: the same
    order in every process (a set's order is not), so ids computed elsewhere line up with them."""
    if len(words) <= SHINGLE:
        return [" ".join(words)]
    return list(dict.fromkeys(map(" ".join, zip(*(words[i:] for i in range(SHINGLE)), strict=False))))


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


def _digests(shingles: Iterable[str]) -> np.ndarray:
    """The SHA-1 of each shingle's UTF-8 bytes, in order, one row of five little-endian uint32 each."""
    sha1 = hashlib.sha1
    return np.frombuffer(b"".join([sha1(s.encode()).digest() for s in shingles]), dtype="<u4").reshape(-1, 5)


def _minhash(digests: np.ndarray) -> np.ndarray:
    hashes = _fmix32(digests[:, 0].astype(np.uint32))
    a, b = _permutations()
    return (hashes[:, None] * a + b).min(axis=0)


def _shingle_ids(digests: np.ndarray) -> np.ndarray:
    """Each shingle's 64-bit id (the first 8 bytes of its SHA-1) as uint64, in the order of ``digests``."""
    return digests[:, 0].astype(np.uint64) | (digests[:, 1].astype(np.uint64) << np.uint64(32))


def signature(shingle_set: frozenset[str]) -> np.ndarray:
    """MinHash signature of a shingle set: datasketch's ``MinHash(num_perm=128, seed=7)``
    ``.hashvalues`` after ``update_batch`` of the shingles' UTF-8 bytes, as uint32."""
    return _minhash(_digests(shingle_set))


class Fingerprint(NamedTuple):
    """What :func:`select` needs of one article's text, computed where the executor runs it."""

    words: str | None  # the text's words, lower case, one space between two (None: not kept, made again
    # from the text when select needs them: :func:`for_the_store`)
    text_hash: str  # SHA-1 of the words: the ``text:`` key
    signature: np.ndarray  # MinHash, uint32[PERMUTATIONS]
    shingle_ids: np.ndarray  # 64-bit id of each of its shingles, in ``_shingle_list`` order (uint64)


FINGERPRINT_SETTINGS = f"words {TOKEN.pattern}\nshingle {SHINGLE} permutations {PERMUTATIONS} seed {SEED}"
"""What a :class:`Fingerprint` depends on besides the text: part of every stored one's key."""


def text_key(text: str) -> str:
    """The key of ``text``'s :class:`Fingerprint` in the store: the SHA-256 of the settings that shape
    it and of the text. A fingerprint is a pure function of the two, so a stored one is the one
    :func:`fingerprints` would make."""
    return hashlib.sha256(f"{FINGERPRINT_SETTINGS}\n{text}".encode()).hexdigest()


def fingerprint_json(print_: Fingerprint) -> dict[str, Any]:
    """What the store keeps of ``print_``, as JSON (the store holds JSON only: docs/store.md): its
    signature and shingle ids, the costly part (the SHA-1 of every shingle), as base64 of their
    little-endian bytes. Its words and their hash, quick to make again from the text, are not kept:
    they would double the size (:func:`fingerprint_from_json` makes them again)."""
    return {
        "signature": base64.b64encode(np.ascontiguousarray(print_.signature, dtype="<u4").tobytes()).decode("ascii"),
        "shingle_ids": base64.b64encode(np.ascontiguousarray(print_.shingle_ids, dtype="<u8").tobytes()).decode(
            "ascii"
        ),
    }


def fingerprint_from_json(value: Any, text: str) -> Fingerprint:
    """The :class:`Fingerprint` of ``text`` whose :func:`fingerprint_json` ``value`` is; ValueError
    when ``value`` is not one."""
    try:
        signature = base64.b64decode(value["signature"], validate=True)
        ids = base64.b64decode(value["shingle_ids"], validate=True)
    except (TypeError, KeyError, binascii.Error) as exc:
        raise ValueError(f"not a stored fingerprint: {exc}") from None
    if len(signature) != 4 * PERMUTATIONS or len(ids) % 8:
        raise ValueError("stored fingerprint of the wrong length")
    words = _words(text)
    return Fingerprint(
        " ".join(words),
        _hash_words(words),
        np.frombuffer(signature, dtype="<u4").astype(np.uint32),
        np.frombuffer(ids, dtype="<u8").astype(np.uint64),
    )


def for_the_store(print_: Fingerprint) -> Fingerprint:
    """``print_`` without its words, which the store does not keep (:func:`fingerprint_json`) and which
    are the size of the text again: what a forked select sends back to be stored is a third smaller
    (docs/performance.md, "Fifth pass"). :func:`select` given it makes the words from the text."""
    return print_._replace(words=None)


def fingerprints(texts: list[str], keep_words: bool = True) -> list[Fingerprint]:
    """:class:`Fingerprint` of each text (an executor's map function: module level, pickles); without
    their words unless ``keep_words`` (:func:`select` makes those it needs again)."""
    out = []
    for text in texts:
        words = _words(text)
        digests = _digests(_shingle_list(words))
        joined = " ".join(words) if keep_words else None
        out.append(Fingerprint(joined, _hash_words(words), _minhash(digests), _shingle_ids(digests)))
    return out


class _Words(Sequence[str]):
    """Each text's words as :class:`_Shingles` reads them: a fingerprint's own when it kept them, else
    made again from the text, the last ``KEPT`` made kept. The words of a day are the size of its texts
    (100 MB at 50,000 articles), and the shingles need those of LSH's candidates and of the articles
    that share a shingle with them only."""

    KEPT = 4096

    def __init__(self, texts: Sequence[str], prints: Sequence[Fingerprint]) -> None:
        self.texts = texts
        self.prints = prints
        self.made: OrderedDict[int, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        words = self.prints[index].words
        if words is not None:
            return words
        found = self.made.get(index)
        if found is None:
            found = self.made[index] = " ".join(_words(self.texts[index]))
            if len(self.made) > self.KEPT:
                self.made.popitem(last=False)
        else:
            self.made.move_to_end(index)
        return found


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


def _band_neighbours(signatures: np.ndarray, threshold: float) -> list[list[int]]:
    """For each row of ``signatures``, the earlier rows it shares a band with: what MinHash LSH at
    ``threshold`` would return for it had every earlier row been inserted (all the rows of one band
    equal), in ascending order."""
    bands, rows = lsh_bands(threshold)
    earlier: list[set[int]] = [set() for _ in range(len(signatures))]
    for band in range(bands):
        part = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        _, inverse, counts = np.unique(
            part.view(np.dtype((np.void, part.shape[1] * part.itemsize))).ravel(),
            return_inverse=True,
            return_counts=True,
        )
        inverse = inverse.ravel()
        shared = np.flatnonzero(counts[inverse] > 1)  # rows whose band value another row has too
        buckets: dict[int, list[int]] = {}
        for row in shared.tolist():
            bucket = buckets.setdefault(int(inverse[row]), [])
            earlier[row].update(bucket)
            bucket.append(row)
    return [sorted(found) for found in earlier]


def jaccard(a: frozenset[str], b: frozenset[str], common: frozenset[str] | set[str] = frozenset()) -> float:
    """Jaccard similarity of two shingle sets, ``common`` shingles (boilerplate) left out
    when at least ``MIN_OWN_SHARE`` of each set remains."""
    if common:
        own_a, own_b = a - common, b - common
        if len(own_a) >= MIN_OWN_SHARE * len(a) and len(own_b) >= MIN_OWN_SHARE * len(b):
            a, b = own_a, own_b
    union = len(a | b)
    return len(a & b) / union if union else 1.0


class _Shingles:
    """The shingle sets of the articles that LSH makes candidates, and which of their shingles are
    boilerplate (in ``BOILERPLATE_DF`` articles or more), counted exactly.

    The count runs over the 64-bit shingle ids of every article, not the strings: an id is in at
    least as many articles as each of its shingles, so one under the threshold settles it, and an id
    at the threshold or over is confirmed on the words of articles that carry it (a collision of two
    shingles' ids then costs time, never a different answer).

    What it holds is bounded, not the day's candidates' strings: the ids are counted a block of
    articles at a time (``BLOCK_IDS``), the carriers are kept only for the ids that may be boilerplate,
    as one array, and the shingles (list, set, boilerplate) of at most ``KEPT`` articles at once, the
    most recently used: at 10,000 articles select held 336 MB of them, every candidate's
    (docs/performance.md, "Fourth pass").
    """

    BLOCK_IDS = 1 << 19  # ids looked up at once: a few MB of arrays, whatever the day's size
    KEPT = 256  # articles whose shingle strings are kept (each 50-100 KB)

    def __init__(self, words: Sequence[str], ids: Sequence[np.ndarray], wanted: Sequence[int]) -> None:
        self.words = words
        self.ids = ids
        self.kept: OrderedDict[int, _Kept] = OrderedDict()
        self.short: dict[int, bool] = {}
        self.confirmed: dict[str, bool] = {}
        # Every id of a wanted article, each once and sorted: the ids whose carriers are counted.
        uniques = [np.unique(np.concatenate([ids[i] for i in block])) for block in self._blocks(wanted)]
        queried = self.queried = np.unique(np.concatenate(uniques)) if uniques else np.zeros(0, dtype=np.uint64)
        del uniques
        # Flags on the queried ids' low bits, about four a queried id: most ids no wanted article has
        # stop there, before the binary search.
        bits = min(max(len(queried).bit_length() + 2, 16), 24)
        self.low = np.uint64((1 << bits) - 1)
        self.table = np.zeros(1 << bits, dtype=bool)
        self.table[(queried & self.low).astype(np.intp)] = True
        # How many articles carry each queried id (an article's two shingles of one id count once),
        # then, for the ids carried by BOILERPLATE_DF articles or more, which ones, in article order.
        counts = np.zeros(len(queried), dtype=np.int64)
        small = sum(map(len, ids)) <= 4 * self.BLOCK_IDS  # a small day's hits are found once, not twice
        hits = list(self._hits(range(len(ids)))) if small else None
        for slots, _ in hits if hits is not None else self._hits(range(len(ids))):
            counts += np.bincount(slots, minlength=len(queried))
        self.maybe_common = counts >= BOILERPLATE_DF
        # Their carriers, by id then article: each id's run put where the counts say it starts, a block
        # at a time (the blocks come in article order), so that the hits of the whole day are never
        # held and sorted at once (its peak 99 -> 66 MB at 10,000 articles: docs/performance.md, "Fifth pass").
        carried = np.where(self.maybe_common, counts, 0)
        del counts
        ends = np.cumsum(carried)
        starts = ends - carried
        del carried
        self.carriers = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.int32)
        filled = starts.copy()
        for slots, owners in hits if hits is not None else self._hits(range(len(ids))):
            keep = self.maybe_common[slots]
            slots, owners = slots[keep], owners[keep]
            if not len(slots):
                continue
            order = np.argsort(slots, kind="stable")  # by id, each id's carriers still in article order
            slots, owners = slots[order], owners[order]
            del order, keep
            first = np.flatnonzero(np.concatenate(([True], slots[1:] != slots[:-1])))  # where each id's run starts
            runs = np.diff(np.append(first, len(slots)))
            self.carriers[filled[slots] + (np.arange(len(slots)) - np.repeat(first, runs))] = owners
            filled[slots[first]] += runs
        del hits, filled
        self.starts = starts.astype(np.int32)
        self.ends = ends.astype(np.int32)

    def _blocks(self, articles: Sequence[int]) -> Iterator[list[int]]:
        """``articles`` in runs of about ``BLOCK_IDS`` ids."""
        block: list[int] = []
        size = 0
        for index in articles:
            block.append(index)
            size += len(self.ids[index])
            if size >= self.BLOCK_IDS:
                yield block
                block, size = [], 0
        if block:
            yield block

    def _hits(self, articles: Sequence[int]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """For each block of ``articles``: the places in ``queried`` of their ids that are queried, and
        the article carrying each, one pair per article and id, by article."""
        queried = self.queried
        if not len(queried):
            return
        for block in self._blocks(articles):
            ids = np.concatenate([self.ids[i] for i in block])
            owners = np.repeat(np.asarray(block, dtype=np.int64), [len(self.ids[i]) for i in block])
            maybe = self.table[(ids & self.low).astype(np.intp)]
            ids, owners = ids[maybe], owners[maybe]
            order = np.argsort(ids)  # sorted, the ids are looked up three times faster
            slots = np.empty(len(ids), dtype=np.intp)
            slots[order] = np.searchsorted(queried, ids[order])
            del order
            slots[slots == len(queried)] = 0
            hit = queried[slots] == ids
            # One pair per article and id (two shingles of one article may share an id), by article.
            pairs = np.sort(owners[hit] * len(queried) + slots[hit])
            pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
            yield (pairs % len(queried)).astype(np.int32), (pairs // len(queried)).astype(np.int32)

    def _entry(self, index: int) -> _Kept:
        found = self.kept.get(index)
        if found is None:
            words = self.words[index]
            shingles = _shingle_list(words.split(" ") if words else [])
            found = self.kept[index] = _Kept(shingles, frozenset(shingles))
            if len(self.kept) > self.KEPT:
                self.kept.popitem(last=False)
        else:
            self.kept.move_to_end(index)
        return found

    def of(self, index: int) -> frozenset[str]:
        return self._entry(index).set

    def common(self, index: int) -> frozenset[str]:
        """The shingles of article ``index`` (one of ``wanted``) that are boilerplate."""
        entry = self._entry(index)
        if entry.common is None:
            shingles = entry.list
            slots = np.searchsorted(self.queried, self.ids[index])
            known = self.confirmed
            common = []
            for k in np.flatnonzero(self.maybe_common[slots]).tolist():
                shingle = shingles[k]
                is_common = known.get(shingle)
                if is_common is None:
                    is_common = known[shingle] = self._confirm(shingle, int(slots[k]), index)
                if is_common:
                    common.append(shingle)
            entry.common = frozenset(common)
        return entry.common

    def _confirm(self, shingle: str, slot: int, carrier: int) -> bool:
        """Whether ``BOILERPLATE_DF`` articles carry ``shingle``: ``carrier`` does, and the others that
        carry its id (at ``slot``) are looked at until that is settled."""
        carriers = self.carriers[self.starts[slot] : self.ends[slot]].tolist()
        confirmed, left = 1, len(carriers) - 1
        for index in carriers:
            if index == carrier:
                continue
            if confirmed + left < BOILERPLATE_DF:  # too few carriers left to confirm it
                return False
            left -= 1
            found = self.kept.get(index)
            if shingle in found.set if found is not None else self._carries(index, shingle):
                confirmed += 1
                if confirmed == BOILERPLATE_DF:
                    return True
        return False

    def _carries(self, index: int, shingle: str) -> bool:
        """``shingle in self.of(index)`` without building the set: the shingles of a text of more than
        ``SHINGLE`` words are its runs of exactly ``SHINGLE`` words, and a word holds no space."""
        words = self.words[index]
        short = self.short.get(index)
        if short is None:
            short = self.short[index] = words.count(" ") < SHINGLE
        if short:  # SHINGLE words or fewer: its one shingle is the whole text
            return shingle == words
        if shingle.count(" ") != SHINGLE - 1:
            return False
        end = len(words)
        at = words.find(shingle)
        while at >= 0:  # at the start of a word, and followed by the end of one
            after = at + len(shingle)
            if (at == 0 or words[at - 1] == " ") and (after == end or words[after] == " "):
                return True
            at = words.find(shingle, at + 1)
        return False


@dataclass
class _Kept:
    """An article's shingles as :class:`_Shingles` keeps them for a while: in order, as a set, and its
    boilerplate once worked out."""

    list: list[str]
    set: frozenset[str]
    common: frozenset[str] | None = None


def in_window(article: Article, window: tuple[datetime, datetime], always: set[str]) -> bool:
    """Whether :func:`select` keeps ``article`` for the window (before duplicates are merged)."""
    start, end = window
    return article.id in always or start <= article.published < end


def select(
    articles: Sequence[Article],
    window: tuple[datetime, datetime],
    in_window_always: set[str] | None = None,
    threshold: float = 0.6,
    executor: Executor | None = None,
    known: Mapping[str, Fingerprint] | None = None,
    made: dict[str, Fingerprint] | None = None,
    keep_words: bool = True,
) -> Selection:
    """The articles of the window, duplicates merged (``threshold``: shingle Jaccard).

    Each article's :class:`Fingerprint` is computed with ``executor`` (this process when None); the
    keys, the LSH and the confirmation of its candidates run here. ``known``: fingerprints made
    before, by :func:`text_key` (from the store), not made again; ``made``: receives those made
    here, by :func:`text_key`, for the store; without their words unless ``keep_words`` (the words
    the candidates' shingles need are made again: :class:`_Words`)."""
    always = in_window_always or set()
    dropped: list[DroppedArticle] = []
    kept: list[Article] = []
    for article in articles:
        if in_window(article, window, always):
            kept.append(article)
        else:
            dropped.append(DroppedArticle(article.title, article.url, "published outside the briefing's day"))
    # Longest first: the fullest copy of a story is the one that stays.
    kept.sort(key=lambda a: (-len(a.text), a.published, a.id))
    prints = _fingerprints_of([a.text for a in kept], executor or InProcess(), known, made, keep_words)
    # A URL is one article within its source; across sources only the text decides (the same words,
    # or near copies below), so a source that gives another's URL (a blog linking a wire story with
    # ?utm_source=blog) never has its text stand for the other's article.
    keys = [
        [f"url:{a.source}\n{canonical_url(u)}" for u in a.urls] + [f"text:{p.text_hash}"]
        for a, p in zip(kept, prints, strict=True)
    ]
    # An article is compared on its text only when none of its keys came earlier (else it joins that
    # key's group): which ones are compared never depends on the comparisons.
    seen: set[str] = set()
    compared: list[int] = []
    for i, article_keys in enumerate(keys):
        if not any(k in seen for k in article_keys):
            compared.append(i)
        seen.update(article_keys)
    # LSH proposes candidates a little below the threshold; the exact Jaccard decides. A compared
    # article's candidates are the groups started by earlier compared articles it shares a band with.
    neighbours: dict[int, list[int]] = {}
    if len(compared) > 1:
        signatures = np.stack([prints[i].signature for i in compared])
        for row, found in enumerate(_band_neighbours(signatures, max(0.05, threshold - 0.1))):
            if found:
                neighbours[compared[row]] = [compared[j] for j in found]
    wanted = sorted(set(neighbours).union(*neighbours.values()))
    shingle_sets = None
    if wanted:
        words: Sequence[str] = (
            [p.words if p.words is not None else " ".join(_words(a.text)) for a, p in zip(kept, prints, strict=True)]
            if keep_words
            else _Words([a.text for a in kept], prints)
        )
        shingle_sets = _Shingles(words, [p.shingle_ids for p in prints], wanted)
    groups: list[list[Article]] = []
    started: dict[int, int] = {}  # article -> the group it started
    by_key: dict[str, int] = {}
    for i, (article, article_keys) in enumerate(zip(kept, keys, strict=True)):
        index = next((by_key[k] for k in article_keys if k in by_key), None)
        if index is None:
            scored = []
            if shingle_sets is not None:
                for j in neighbours.get(i, ()):
                    if j in started:
                        pair_common = shingle_sets.common(i) | shingle_sets.common(j)
                        scored.append((jaccard(shingle_sets.of(i), shingle_sets.of(j), pair_common), -started[j]))
            best = max(scored, default=(0.0, 0))
            index = -best[1] if best[0] >= threshold else None
            if index is None:
                index = len(groups)
                groups.append([])
                started[i] = index
        groups[index].append(article)
        for key in article_keys:
            by_key.setdefault(key, index)
    return _merged(groups, dropped)


def _fingerprints_of(
    texts: list[str],
    executor: Executor,
    known: Mapping[str, Fingerprint] | None,
    made: dict[str, Fingerprint] | None,
    keep_words: bool = True,
) -> list[Fingerprint]:
    """Each text's fingerprint: from ``known`` when it has it, else made on ``executor`` (and put in ``made``);
    those made here without their words unless ``keep_words``."""
    make = fingerprints if keep_words else functools.partial(fingerprints, keep_words=False)
    if known is None and made is None:
        return executor.map(make, texts)
    keys = [text_key(text) for text in texts]
    found = {i: known[key] for i, key in enumerate(keys) if known and key in known}
    missing = [i for i in range(len(texts)) if i not in found]
    for i, print_ in zip(missing, executor.map(make, [texts[i] for i in missing]), strict=True):
        found[i] = print_
        if made is not None:
            made[keys[i]] = print_
    return [found[i] for i in range(len(texts))]


def select_keeping(
    articles: Sequence[Article],
    window: tuple[datetime, datetime],
    in_window_always: set[str] | None,
    threshold: float,
    known: Mapping[str, Fingerprint] | None = None,
    executor: Executor | None = None,
    keep_words: bool = True,
) -> tuple[Selection, dict[str, Fingerprint]]:
    """:func:`select`, and the fingerprints it made (those not in ``known``), for the store: a forked
    child's job too, whose fingerprints would otherwise stay with it."""
    made: dict[str, Fingerprint] = {}
    selection = select(
        articles, window, in_window_always, threshold, executor, known=known, made=made, keep_words=keep_words
    )
    return selection, made


def _merged(groups: list[list[Article]], dropped: list[DroppedArticle]) -> Selection:
    """Each group as one article (the first, the fullest copy), carrying every source and URL of the
    group and its earliest date; the others are dropped as duplicates."""
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
