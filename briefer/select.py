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
import json
import logging
import os
import re
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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


Known = Mapping[str, Fingerprint] | Callable[[str, str], Fingerprint | None]
"""Fingerprints made before, by :func:`text_key`: held, or read when asked for (``known(key, text)``)."""

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
    """Each text's words as :class:`_Shingles` reads them: ``words``' own when it has them, else made
    again from the text, the last ``KEPT`` made kept. The words of a day are the size of its texts
    (100 MB at 50,000 articles), and the shingles need those of LSH's candidates and of the articles
    that share a shingle with them only."""

    KEPT = 4096

    def __init__(self, texts: Sequence[str], words: Sequence[str | None] | None = None) -> None:
        self.texts = texts
        self.words = words
        self.made: OrderedDict[int, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        words = self.words[index] if self.words is not None else None
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


class _Ids(Sequence[np.ndarray]):
    """Each article's shingle ids (uint64), in article order: held as arrays, or, ``spilled``, written a
    block at a time to a temporary file (``tempfile``'s folder, 8 bytes a shingle: some 150 MB at 50,000
    articles) and read back an article or a run of articles at a time, so that what select holds of them
    does not grow with the day (a Dask driver's select, issue 15: docs/dask.md). Close it when done."""

    def __init__(self, spilled: bool = False) -> None:
        self.arrays: list[np.ndarray] = []
        self.file = tempfile.TemporaryFile(prefix="briefer-select-") if spilled else None
        self.ends: list[int] = [0]  # spilled: where each article's ids end in the file, in ids
        self.flushed = True

    def add(self, ids: np.ndarray) -> None:
        if self.file is None:
            self.arrays.append(ids)
            return
        self.file.write(np.ascontiguousarray(ids, dtype=np.uint64).tobytes())
        self.ends.append(self.ends[-1] + len(ids))
        self.flushed = False

    def __len__(self) -> int:
        return len(self.arrays) if self.file is None else len(self.ends) - 1

    def length(self, index: int) -> int:
        """How many ids article ``index`` has (read from nothing)."""
        return len(self.arrays[index]) if self.file is None else self.ends[index + 1] - self.ends[index]

    def total(self) -> int:
        return sum(map(len, self.arrays)) if self.file is None else self.ends[-1]

    def _read(self, first: int, last: int) -> np.ndarray:
        """The ids of articles ``first`` to ``last`` (excluded), one after the other."""
        assert self.file is not None
        if not self.flushed:
            self.file.flush()
            self.flushed = True
        start, end = self.ends[first], self.ends[last]
        data = os.pread(self.file.fileno(), 8 * (end - start), 8 * start)
        return np.frombuffer(data, dtype=np.uint64)

    def __getitem__(self, index: int) -> np.ndarray:  # type: ignore[override]
        if self.file is None:
            return self.arrays[index]
        return self._read(index, index + 1)

    def joined(self, articles: list[int]) -> tuple[np.ndarray, list[int]]:
        """The ids of ``articles`` one after the other, and how many each has."""
        if self.file is None or not articles:
            return _joined(self.arrays, articles)
        ends = self.ends
        lengths = [ends[i + 1] - ends[i] for i in articles]
        if articles[-1] - articles[0] == len(articles) - 1:  # a run: read at once
            return self._read(articles[0], articles[-1] + 1), lengths
        return np.concatenate([self._read(i, i + 1) for i in articles]), lengths

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        self.arrays = []


def _joined(ids: Sequence[np.ndarray], articles: list[int]) -> tuple[np.ndarray, list[int]]:
    """:meth:`_Ids.joined` of ids held as arrays."""
    if isinstance(ids, _Ids):
        return ids.joined(articles)
    if not articles:
        return np.zeros(0, dtype=np.uint64), []
    return np.concatenate([ids[i] for i in articles]), [len(ids[i]) for i in articles]


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


def _band_neighbours(signatures: np.ndarray, threshold: float) -> dict[int, list[int]]:
    """For each row of ``signatures`` that has some, the earlier rows it shares a band with: what MinHash
    LSH at ``threshold`` would return for it had every earlier row been inserted (all the rows of one
    band equal), in ascending order, by row. (A set for every row was 11 MB at 50,000 articles.)"""
    bands, rows = lsh_bands(threshold)
    earlier: dict[int, set[int]] = {}
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
            if bucket:
                earlier.setdefault(row, set()).update(bucket)
            bucket.append(row)
    return {row: sorted(found) for row, found in sorted(earlier.items())}


def jaccard(a: frozenset[str], b: frozenset[str], common: frozenset[str] | set[str] = frozenset()) -> float:
    """Jaccard similarity of two shingle sets, ``common`` shingles (boilerplate) left out
    when at least ``MIN_OWN_SHARE`` of each set remains."""
    if common:
        own_a, own_b = a - common, b - common
        if len(own_a) >= MIN_OWN_SHARE * len(a) and len(own_b) >= MIN_OWN_SHARE * len(b):
            a, b = own_a, own_b
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def _unique_ids(ids: Sequence[np.ndarray], blocks: list[list[int]]) -> np.ndarray:
    """The ids of the articles of ``blocks``, each once, sorted: each block's, once each, one after the other
    in one array (its pages past them never touched, so never made), then sorted in place. A list of them,
    joined, then np.unique's sorted copy were three to four times their size at once (some 60 MB at 20,000
    articles, a million ids queried, in a Dask driver's select child: docs/performance.md, session 64)."""
    lengths = ids.length if isinstance(ids, _Ids) else (lambda i: len(ids[i]))
    found = np.empty(sum(lengths(i) for block in blocks for i in block), dtype=np.uint64)
    end = 0
    for block in blocks:
        here = np.unique(_joined(ids, block)[0])
        found[end : end + len(here)] = here
        end += len(here)
        del here
    found = found[:end]
    found.sort()
    return found[np.concatenate(([True], found[1:] != found[:-1]))] if end else found.copy()


class _Shingles:
    """The shingle sets of the articles that LSH makes candidates, and which of their shingles are
    boilerplate (in ``BOILERPLATE_DF`` articles or more), counted exactly.

    The count runs over the 64-bit shingle ids of every article, not the strings: an id is in at
    least as many articles as each of its shingles, so one under the threshold settles it, and an id
    at the threshold or over is confirmed on the words of articles that carry it (a collision of two
    shingles' ids then costs time, not a different answer: each id's verdict is kept with its shingle's
    ``hash()``, and another shingle of that id is confirmed again, so a different answer would take the
    two shingles' 64-bit ids and their ``hash()`` both to collide).

    What it holds is bounded, not the day's candidates' strings: the ids are counted a block of
    articles at a time (``BLOCK_IDS``), the carriers are kept only for the ids that may be boilerplate,
    as one array, their verdicts as two arrays (no shingle string), and the shingles (list, set,
    boilerplate) of at most ``KEPT`` articles at once, the most recently used: at 10,000 articles select
    held 336 MB of them, every candidate's (docs/performance.md, "Fourth pass").
    """

    # Ids looked up at once: some 85 bytes of arrays an id at the count's most (ids, owners, their order,
    # slots, pairs), whatever the day's size. At 1 << 19 those were 39 MB at once, and select's child in a
    # Dask driver kept their pages to its end (docs/performance.md, session 64).
    BLOCK_IDS = 1 << 17
    KEPT = 256  # articles whose shingle strings are kept (each 50-100 KB)
    CARRIERS = BOILERPLATE_DF + 1  # carriers kept an id: enough to confirm it, unless ids collide

    def __init__(self, words: Sequence[str], ids: Sequence[np.ndarray], wanted: Sequence[int]) -> None:
        self.words = words
        self.ids = ids
        self.kept: OrderedDict[int, _Kept] = OrderedDict()
        self.short = np.zeros(len(ids), dtype=np.int8)  # an article's text of SHINGLE words or fewer: 1, else 2
        # Every id of a wanted article, each once and sorted: the ids whose carriers are counted.
        queried = self.queried = _unique_ids(ids, list(self._blocks(wanted)))
        # Flags on the queried ids' low bits, about four a queried id: most ids no wanted article has
        # stop there, before the binary search. A bit each (a bool each was 8 MB at 20,000 articles).
        bits = min(max(len(queried).bit_length() + 2, 16), 24)
        self.low = np.uint64((1 << bits) - 1)
        self.table = np.zeros(1 << (bits - 3), dtype=np.uint8)
        flags = (queried & self.low).astype(np.intp)
        np.bitwise_or.at(self.table, flags >> 3, (1 << (flags & 7)).astype(np.uint8))
        del flags
        # How many articles carry each queried id (an article's two shingles of one id count once),
        # then, for the ids carried by BOILERPLATE_DF articles or more, the first CARRIERS of them, in
        # article order: what confirms such an id on the words unless ids collide (then the others are
        # found again: _carriers). All of them were 42 MB at 50,000 articles (issue 15).
        counts = np.zeros(len(queried), dtype=np.int32)
        total = ids.total() if isinstance(ids, _Ids) else sum(map(len, ids))
        small = total <= 4 * self.BLOCK_IDS  # a small day's hits are found once, not twice
        hits = list(self._hits(range(len(ids)))) if small else None
        for slots, _ in hits if hits is not None else self._hits(range(len(ids))):
            counts += np.bincount(slots, minlength=len(queried)).astype(np.int32)
        self.maybe_common = counts >= BOILERPLATE_DF
        # The maybe-common ids' slots, in order: an id's row below is its place here (one int32 a
        # maybe-common id, not one a queried id: 4.3 MB at 20,000 articles).
        self.common_slots = np.flatnonzero(self.maybe_common).astype(np.int32)
        self.counts = counts[self.maybe_common]
        del counts
        self.first = np.full((len(self.counts), self.CARRIERS), -1, dtype=np.int32)
        # Whether a maybe-common id's shingle is boilerplate once confirmed (1: it is, 2: it is not), and that
        # shingle's hash() as a witness: a shingle whose id collides with it is confirmed apart, not cached.
        # A dict of the shingles held every candidate's boilerplate-like shingle strings, which grow with the
        # day (24.6 MB at 20,000 articles, in a Dask driver's select child: docs/performance.md, session 64).
        self.verdict = np.zeros(len(self.counts), dtype=np.int8)
        self.witness = np.zeros(len(self.counts), dtype=np.int64)
        filled = np.zeros(len(self.counts), dtype=np.int32)
        for slots, owners in hits if hits is not None else self._hits(range(len(ids))):
            keep = self.maybe_common[slots]
            rows, owners = self._rows(slots[keep]), owners[keep]
            if not len(rows):
                continue
            order = np.argsort(rows, kind="stable")  # by id, each id's carriers still in article order
            rows, owners = rows[order], owners[order]
            del order, keep
            first = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))  # where each id's run starts
            runs = np.diff(np.append(first, len(rows)))
            at = filled[rows] + (np.arange(len(rows)) - np.repeat(first, runs))
            fits = at < self.CARRIERS
            self.first[rows[fits], at[fits]] = owners[fits]
            filled[rows[first]] += runs.astype(np.int32)
        del hits, filled

    def _rows(self, slots: Any) -> Any:
        """The rows of the maybe-common ids at ``slots`` (in ``queried``) in the arrays kept of them."""
        return np.searchsorted(self.common_slots, slots)

    def _length(self, index: int) -> int:
        ids = self.ids
        return ids.length(index) if isinstance(ids, _Ids) else len(ids[index])

    def _blocks(self, articles: Sequence[int]) -> Iterator[list[int]]:
        """``articles`` in runs of about ``BLOCK_IDS`` ids."""
        block: list[int] = []
        size = 0
        for index in articles:
            block.append(index)
            size += self._length(index)
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
            ids, lengths = _joined(self.ids, block)
            owners = np.repeat(np.asarray(block, dtype=np.int64), lengths)
            flags = (ids & self.low).astype(np.intp)
            maybe = (self.table[flags >> 3] >> (flags & 7).astype(np.uint8)) & 1 == 1
            del flags
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

    def _carriers(self, slot: int, row: int) -> Iterator[int]:
        """The articles that carry the queried id at ``slot`` (one that may be boilerplate, at ``row`` of the
        arrays kept of those), in article order: the first ``CARRIERS`` as kept, the others (asked for only
        when ids collide) found again."""
        count = int(self.counts[row])
        kept = self.first[row, : min(count, self.CARRIERS)].tolist()
        yield from kept
        if count > self.CARRIERS:
            wanted = self.queried[slot]
            for block in self._blocks(range(kept[-1] + 1, len(self.ids))):
                ids, lengths = _joined(self.ids, block)
                yield from np.unique(np.repeat(np.asarray(block, dtype=np.int64), lengths)[ids == wanted]).tolist()

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
            verdict, witness = self.verdict, self.witness
            common = []
            maybe = np.flatnonzero(self.maybe_common[slots])
            for k, row in zip(maybe.tolist(), self._rows(slots[maybe]).tolist(), strict=True):
                shingle = shingles[k]
                known = int(verdict[row])
                if known and int(witness[row]) == hash(shingle):
                    is_common = known == 1
                else:
                    is_common = self._confirm(shingle, int(slots[k]), row, index)
                    if not known:
                        verdict[row], witness[row] = (1 if is_common else 2), hash(shingle)
                if is_common:
                    common.append(shingle)
            entry.common = frozenset(common)
        return entry.common

    def _confirm(self, shingle: str, slot: int, row: int, carrier: int) -> bool:
        """Whether ``BOILERPLATE_DF`` articles carry ``shingle``: ``carrier`` does, and the others that
        carry its id (at ``slot``, ``row``) are looked at until that is settled."""
        confirmed, left = 1, int(self.counts[row]) - 1
        for index in self._carriers(slot, row):
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
        if not self.short[index]:
            self.short[index] = 1 if words.count(" ") < SHINGLE else 2
        if self.short[index] == 1:  # SHINGLE words or fewer: its one shingle is the whole text
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
    known: Known | None = None,
    made: dict[str, Fingerprint] | None = None,
    keep_words: bool = True,
    sink: Callable[[list[tuple[str, Fingerprint]]], None] | None = None,
    blockwise: bool = False,
) -> Selection:
    """The articles of the window, duplicates merged (``threshold``: shingle Jaccard).

    Each article's :class:`Fingerprint` is computed with ``executor`` (this process when None); the
    keys, the LSH and the confirmation of its candidates run here. ``known``: fingerprints made
    before, by :func:`text_key` (from the store; or a function of the key and the text that reads one,
    None when there is none), not made again; ``made``: receives those made
    here, by :func:`text_key`, for the store; ``sink``: is given them as they are made, by
    :func:`text_key`; without their words unless ``keep_words`` (the words the candidates' shingles
    need are made again: :class:`_Words`). ``blockwise``: the fingerprints are made ``PRINTS_BLOCK``
    texts at a time, each block given to ``sink`` and its shingle ids written to a temporary file
    (:class:`_Ids`), so that what select holds grows with the day by its signatures and keys only,
    under 1 KB an article, not by every article's shingle ids (a Dask driver's select: issue 15)."""
    _ready(threshold)
    order, dropped = _in_select_order(articles, window, in_window_always)
    kept = [articles[i] for i in order]
    texts = [a.text for a in kept]
    prints = _fingerprinted(texts, executor or InProcess(), known, made, keep_words, sink, blockwise)
    try:
        group_of = _grouped(lambda i: _url_keys(kept[i]), texts, prints, threshold)
    finally:
        prints.ids.close()
    del prints, texts
    # The merged articles are made once what found the groups is let go: made among those objects, they
    # kept the memory pools that held them from the system (46 MB at 50,000 articles: issue 15).
    return _merged(_groups(kept, group_of), dropped)


def _in_select_order(
    articles: Sequence[Article], window: tuple[datetime, datetime], in_window_always: set[str] | None
) -> tuple[list[int], list[DroppedArticle]]:
    """The places in ``articles`` of the window's articles in select's order (longest first: the fullest copy
    of a story is the one that stays), and the others as dropped."""
    always = in_window_always or set()
    dropped: list[DroppedArticle] = []
    kept: list[int] = []
    for i, article in enumerate(articles):
        if in_window(article, window, always):
            kept.append(i)
        else:
            dropped.append(DroppedArticle(article.title, article.url, "published outside the briefing's day"))
    kept.sort(key=lambda i: (-len(articles[i].text), articles[i].published, articles[i].id))
    return kept, dropped


def _ready(threshold: float) -> None:
    """What select's first call imports (NumPy's random, polynomial and masked-array modules) and caches,
    imported before the day's work: imported in its midst, their objects, few and kept for good, were
    spread among the pools of the day's and kept 42 MB of them from the system at 50,000 articles."""
    _permutations()
    _band_neighbours(np.zeros((2, PERMUTATIONS), dtype=np.uint32), max(0.05, threshold - 0.1))
    np.unique(np.zeros(2, dtype=np.uint64))


@dataclass
class _Prints:
    """What :func:`select` keeps of its texts' fingerprints, in the order of the texts: their hashes, their
    signatures (a row each), their shingle ids and their words (None: made again from the texts)."""

    hashes: list[str]
    signatures: np.ndarray
    ids: _Ids
    words: list[str | None] | None


def _url_keys(article: Article) -> list[str]:
    """The keys of ``article``'s URLs, each in its source (:func:`_grouped`)."""
    return [f"url:{article.source}\n{canonical_url(u)}" for u in article.urls]


def _grouped(
    url_keys: Callable[[int], list[str]], texts: Sequence[str], prints: _Prints, threshold: float
) -> np.ndarray:
    """The group of each text (longest first, fingerprinted: ``prints``; ``url_keys(i)``: its article's
    :func:`_url_keys`), numbered in the order the groups start; ``prints``' hashes and signatures let go
    once used."""
    # A URL is one article within its source; across sources only the text decides (the same words,
    # or near copies below), so a source that gives another's URL (a blog linking a wire story with
    # ?utm_source=blog) never has its text stand for the other's article.
    keys = [[*url_keys(i), f"text:{text_hash}"] for i, text_hash in enumerate(prints.hashes)]
    prints.hashes = []
    # An article is compared on its text only when none of its keys came earlier (else it joins that
    # key's group): which ones are compared never depends on the comparisons.
    seen: set[str] = set()
    compared: list[int] = []
    for i, article_keys in enumerate(keys):
        if not any(k in seen for k in article_keys):
            compared.append(i)
        seen.update(article_keys)
    del seen
    # LSH proposes candidates a little below the threshold; the exact Jaccard decides. A compared
    # article's candidates are the groups started by earlier compared articles it shares a band with.
    neighbours: dict[int, list[int]] = {}
    signatures = prints.signatures
    prints.signatures = signatures[:0]
    if len(compared) > 1:
        for row, i in enumerate(compared):  # the compared rows first, in place (a copy was 25 MB at 50,000)
            if row != i:
                signatures[row] = signatures[i]
        found = _band_neighbours(signatures[: len(compared)], max(0.05, threshold - 0.1))
        neighbours = {compared[row]: [compared[j] for j in earlier] for row, earlier in found.items()}
        del found
    del signatures
    wanted = sorted(set(neighbours).union(*neighbours.values()))
    shingle_sets = _Shingles(_Words(texts, prints.words), prints.ids, wanted) if wanted else None
    group_of = np.empty(len(keys), dtype=np.int32)
    groups = 0
    started: dict[int, int] = {}  # article -> the group it started
    by_key: dict[str, int] = {}
    for i, article_keys in enumerate(keys):
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
                index = groups
                groups += 1
                started[i] = index
        group_of[i] = index
        for key in article_keys:
            by_key.setdefault(key, index)
    return group_of


def _groups(kept: list[Article], group_of: np.ndarray) -> Iterator[list[Article]]:
    """The articles of each group (:func:`_grouped`), in the order the groups start, each in the order of
    ``kept``."""
    if not len(group_of):
        return
    order = np.argsort(group_of, kind="stable")
    ordered = group_of[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1]))).tolist()
    for start, end in zip(starts, [*starts[1:], len(order)], strict=True):
        yield [kept[i] for i in order[start:end].tolist()]


PRINTS_BLOCK = 2000
"""Texts fingerprinted at once by a ``blockwise`` :func:`select` (each block's fingerprints then given to
its ``sink`` for the store, their shingle ids written to a file): some 10 MB of fingerprints."""


def _fingerprinted(
    texts: Sequence[str],
    executor: Executor,
    known: Known | None,
    made: dict[str, Fingerprint] | None,
    keep_words: bool,
    sink: Callable[[list[tuple[str, Fingerprint]]], None] | None,
    blockwise: bool,
) -> _Prints:
    """What :func:`select` keeps of each text's fingerprint (:func:`_fingerprints_of`, all at once or a
    block at a time): its hash, its signature (a row of one array), its shingle ids and its words
    (``keep_words`` only); those made here put in ``made`` and given to ``sink`` as they come."""
    count = len(texts)
    signatures = np.empty((count, PERMUTATIONS), dtype=np.uint32)
    hashes: list[str] = []
    words: list[str | None] | None = [] if keep_words else None
    ids = _Ids(spilled=blockwise)
    step = PRINTS_BLOCK if blockwise else max(count, 1)
    try:
        for start in range(0, count, step):
            here: dict[str, Fingerprint] | None = {} if made is not None or sink is not None else None
            prints = _fingerprints_of(list(texts[start : start + step]), executor, known, here, keep_words)
            for row, print_ in enumerate(prints, start):
                hashes.append(print_.text_hash)
                signatures[row] = print_.signature
                ids.add(print_.shingle_ids)
                if words is not None:
                    words.append(print_.words)
            del prints
            if here:
                if made is not None:
                    made.update(here)
                if sink is not None:
                    sink(list(here.items()))
    except BaseException:
        ids.close()
        raise
    return _Prints(hashes, signatures, ids, words)


def _fingerprints_of(
    texts: list[str],
    executor: Executor,
    known: Known | None,
    made: dict[str, Fingerprint] | None,
    keep_words: bool = True,
) -> list[Fingerprint]:
    """Each text's fingerprint: from ``known`` when it has it (by :func:`text_key`; or ``known(key, text)``
    when it is a function, None if it has not), else made on ``executor`` (and put in ``made``);
    those made here without their words unless ``keep_words``."""
    make = fingerprints if keep_words else functools.partial(fingerprints, keep_words=False)
    if known is None and made is None:
        return executor.map(make, texts)
    keys = [text_key(text) for text in texts]
    if callable(known):  # read when asked for (from the store, a block at a time)
        found = {i: print_ for i, key in enumerate(keys) if (print_ := known(key, texts[i])) is not None}
    else:
        found = {i: known[key] for i, key in enumerate(keys) if known and key in known}
    missing = [i for i in range(len(texts)) if i not in found]
    for i, print_ in zip(missing, executor.map(make, [texts[i] for i in missing]), strict=True):
        found[i] = print_
        if made is not None:
            made[keys[i]] = print_
    return [found[i] for i in range(len(texts))]


class Prepared:
    """What a forked :func:`select` reads of the day, made before the fork (:func:`prepared`), so that the
    child reads no article object: the window's articles in select's order (their places in the articles
    given), the others dropped, and the texts and URL keys of those kept written to a temporary file
    (UTF-8, read back a block or a text at a time: :meth:`text`), the places of each in it held as arrays.

    A child that reads an object writes to its page (the reference count), which the system then copies
    for it: select's child copied every page of the day's articles it was forked with (some 3 KB an
    article, the day's texts and fields, in the Dask driver's tree: docs/performance.md, session 56).
    Close it when done (the file goes).

    ``let_go_of_texts`` (``articles`` a list): once written, every article of ``articles`` is made again
    without its text, in place, so that the process that forks select's child does not hold the day's
    texts while it runs (a Dask driver: some 3 KB an article, counted in both processes' PSS at select's
    moment, docs/performance.md, session 60); :func:`merged_from` reads back from the file the text of each
    article the selection keeps, so that it is the selection :func:`select` makes."""

    def __init__(
        self,
        articles: Sequence[Article],
        window: tuple[datetime, datetime],
        in_window_always: set[str] | None,
        let_go_of_texts: bool = False,
    ) -> None:
        kept, self.dropped = _in_select_order(articles, window, in_window_always)
        self.order = np.asarray(kept, dtype=np.int64)
        self.file = tempfile.TemporaryFile(prefix="briefer-texts-")
        text_ends = np.zeros(len(kept) + 1, dtype=np.int64)
        key_ends = np.zeros(len(kept) + 1, dtype=np.int64)
        at = 0
        try:
            for start in range(0, len(kept), PRINTS_BLOCK):
                block = [articles[i] for i in kept[start : start + PRINTS_BLOCK]]
                texts = [a.text.encode("utf-8", "surrogatepass") for a in block]
                keys = [json.dumps(_url_keys(a)).encode("ascii") for a in block]  # any character, escaped
                for row, (text, key) in enumerate(zip(texts, keys, strict=True), start):
                    text_ends[row + 1] = at = at + len(text)
                    key_ends[row + 1] = at = at + len(key)
                self.file.write(b"".join(b for pair in zip(texts, keys, strict=True) for b in pair))
                del block, texts, keys
            self.file.flush()
        except BaseException:
            self.file.close()
            raise
        self.text_ends = text_ends
        self.key_ends = key_ends
        self.texts_let_go = let_go_of_texts
        if let_go_of_texts:
            assert isinstance(articles, list)
            for i, article in enumerate(articles):
                if article.text:
                    articles[i] = replace(article, text="")

    def __len__(self) -> int:
        return len(self.order)

    def _read(self, start: int, end: int) -> str:
        return os.pread(self.file.fileno(), end - start, start).decode("utf-8", "surrogatepass")

    def text(self, row: int) -> str:
        """The text of the ``row``-th article in select's order."""
        return self._read(int(self.key_ends[row]), int(self.text_ends[row + 1]))

    def url_keys(self, row: int) -> list[str]:
        """:func:`_url_keys` of the ``row``-th article in select's order."""
        keys: list[str] = json.loads(self._read(int(self.text_ends[row + 1]), int(self.key_ends[row + 1])))
        return keys

    def close(self) -> None:
        self.file.close()


class _PreparedTexts(Sequence[str]):
    """The texts of a :class:`Prepared` day as :func:`select` reads them: a slice read at once."""

    def __init__(self, day: Prepared) -> None:
        self.day = day

    def __len__(self) -> int:
        return len(self.day)

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            rows = range(*index.indices(len(self.day)))
            if not len(rows) or rows.step != 1:
                return [self.day.text(row) for row in rows]
            day = self.day
            whole = os.pread(
                day.file.fileno(), int(day.key_ends[rows[-1] + 1] - day.key_ends[rows[0]]), int(day.key_ends[rows[0]])
            )
            base = int(day.key_ends[rows[0]])
            starts, ends = (
                (day.key_ends[rows[0] : rows[-1] + 1] - base).tolist(),
                (day.text_ends[rows[0] + 1 : rows[-1] + 2] - base).tolist(),
            )
            return [whole[a:b].decode("utf-8", "surrogatepass") for a, b in zip(starts, ends, strict=True)]
        return self.day.text(index)


def prepared(
    articles: Sequence[Article],
    window: tuple[datetime, datetime],
    in_window_always: set[str] | None = None,
    let_go_of_texts: bool = False,
) -> Prepared:
    """The day as a forked select reads it (:class:`Prepared`, :func:`select_prepared`), made where the
    articles are; ``let_go_of_texts``: the articles' texts then let go of (see :class:`Prepared`)."""
    return Prepared(articles, window, in_window_always, let_go_of_texts)


def select_prepared(
    day: Prepared,
    threshold: float = 0.6,
    known: Known | None = None,
    sink: Callable[[list[tuple[str, Fingerprint]]], None] | None = None,
) -> np.ndarray:
    """:func:`select`'s groups of a :class:`Prepared` day, a block of texts at a time (``blockwise``, the
    fingerprints without their words, given to ``sink``): the group of each of its articles in select's
    order, without reading an article object (:func:`merged_from` makes the selection where they are)."""
    _ready(threshold)
    texts = _PreparedTexts(day)
    prints = _fingerprinted(texts, InProcess(), known, None, False, sink, True)
    try:
        return _grouped(day.url_keys, texts, prints, threshold)
    finally:
        prints.ids.close()


def merged_from(articles: Sequence[Article], day: Prepared, group_of: np.ndarray) -> Selection:
    """The :class:`Selection` of ``articles`` (those :func:`prepared` was given) by the groups that
    :func:`select_prepared` found: the one :func:`select` makes. When ``day`` let go of the articles' texts,
    each group's first article (the one the selection keeps) is given its text back from ``day``'s file."""
    kept = [articles[i] for i in day.order.tolist()]
    if day.texts_let_go:
        for row in _first_rows(group_of):
            kept[row] = replace(kept[row], text=day.text(row))
    return _merged(_groups(kept, group_of), list(day.dropped))


def _first_rows(group_of: np.ndarray) -> list[int]:
    """The row (in select's order) of each group's first article: the one the selection keeps."""
    if not len(group_of):
        return []
    _, firsts = np.unique(group_of, return_index=True)
    return [int(row) for row in firsts.tolist()]


def shelved_from(articles: Sequence[Article], day: Prepared, group_of: np.ndarray) -> tuple[Selection, Shelf]:
    """:func:`merged_from` of a ``day`` that let go of the articles' texts, those the selection keeps left in
    ``day``'s file rather than given back: the selection's articles without their texts, and the
    :class:`Shelf` that gives each back when asked (which then owns ``day``: close the shelf, not the day)."""
    assert day.texts_let_go
    kept = [articles[i] for i in day.order.tolist()]
    rows = {kept[row].id: row for row in _first_rows(group_of)}
    return _merged(_groups(kept, group_of), list(day.dropped)), Shelf(day, rows)


class Shelf:
    """The texts of a selection's articles left in select's file (:class:`Prepared`, :func:`shelved_from`), by
    article id, read back one at a time when asked (:meth:`text`, :meth:`texted`): a Dask driver reads the
    selection's texts to key and send each article to be analysed, then only those a theme's quotation cites
    and those in no theme; held in its articles, the 50,000-article day's were some 125 MB of the driver's heap
    through the analysis and the group stage (docs/performance.md, session 67). Each text read back is a new
    string, equal to the one the article had. Close it when done (the file goes)."""

    def __init__(self, day: Prepared, rows: dict[str, int]) -> None:
        self.day = day
        self.rows = rows

    def __contains__(self, article_id: object) -> bool:
        return article_id in self.rows

    def text(self, article: Article) -> str:
        """``article``'s text: from the file when the shelf has it, else its own."""
        row = self.rows.get(article.id)
        return self.day.text(row) if row is not None else article.text

    def texted(self, article: Article) -> Article:
        """``article`` with its text (a new article when the shelf has it, else ``article`` itself)."""
        return replace(article, text=self.text(article)) if article.id in self.rows else article

    def close(self) -> None:
        self.day.close()


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


def _merged(groups: Iterable[list[Article]], dropped: list[DroppedArticle]) -> Selection:
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
