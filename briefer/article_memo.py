"""Per-article results kept from one run of the day to the next in the same process (issue 15).

An intraday update adds a few articles to a day already briefed; most of what
the day's analysis works out for one article alone (its keyword matches, its
terms, a story's features of it, its quotations) is what the run before
worked out for the very same article. Those results are memoised here, keyed
by :func:`article_key`: a digest of everything the article and its analysis
hold (its text, headline, dates, sources, sentences, lemmas and entities),
together with a stamp of the settings of the module that makes them
(:func:`module_stamp`: its upper-case constants), so that a result is reused
only for the very same input. Only pure functions of one article are memoised:
what they return is the same object a fresh call would equal, and the brief
is the same byte for byte (``benchmarks/intraday.py`` checks it against a
cold run).

Memory: a :class:`Memo` keeps the entries used in the current run and the
one before (:func:`new_run` ages them), so a day's entries live one run past
their last use; a memo holds at most :data:`MOST` entries (past it, results
are made and not kept).

**Off unless turned on** (:func:`keep_between_runs`): a process that makes one
brief (``briefer run``, and ``briefer schedule``'s process per brief without
``schedule.resident``) would only pay for keeping them (the parent receives the
stories' features from its workers, and holds them: some 60 MB more at the peak
of the 1,114-article day). A process that briefs the day again and again turns
them on: ``briefer schedule``'s resident process (``schedule.resident``,
:mod:`briefer.warm`), ``benchmarks/intraday.py``.

Forked workers inherit the parent's memos as they stand at the fork; what a
worker makes dies with it. So the parent fills what the workers will need
before it forks (see :func:`briefer.group.group_themes`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from types import ModuleType
from typing import Any, Generic, TypeVar

from briefer.models import AnalysedArticle

V = TypeVar("V")

MOST = 200_000
"""Entries a memo keeps at most (a 50,000-article day, four kinds of result, fits)."""

MISSING: Any = object()
"""What :meth:`Memo.get` returns for a key it does not hold (a result may be None)."""


class Memo(Generic[V]):
    """Results by key, those of this run and of the run before."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.current: dict[str, V] = {}
        self.previous: dict[str, V] = {}
        self.found = self.missed = 0  # lookups since the last new_run (benchmarks/intraday.py prints them)
        _MEMOS[name] = self

    def get(self, key: str) -> Any:
        """The value kept for ``key``, else :data:`MISSING`."""
        found = self.current.get(key, MISSING)
        if found is MISSING:
            found = self.previous.pop(key, MISSING)
            if found is not MISSING:
                self.current[key] = found
        if found is MISSING:
            self.missed += 1
        else:
            self.found += 1
        return found

    def put(self, key: str, value: V) -> None:
        if _ON and len(self.current) < MOST:
            self.current[key] = value
            if _RECORDED is not None:
                _RECORDED.append((self.name, key, value))

    def age(self) -> None:
        """A new run: this run's entries become the run before's; those of the run before go."""
        self.previous, self.current = self.current, {}
        self.found = self.missed = 0

    def clear(self) -> None:
        self.previous, self.current = {}, {}

    def __len__(self) -> int:
        return len(self.current) + len(self.previous)


_MEMOS: dict[str, Memo[Any]] = {}
_RECORDED: list[tuple[str, str, Any]] | None = None
_SCOPE: dict[tuple[str, str, int], tuple[AnalysedArticle, Any]] | None = None
"""While :func:`within` runs (and nothing is kept between runs): results by memo, stamp and the
article object's id, each with its article (an id is only that object's while it lives)."""
_ONLY: frozenset[str] | None = None
"""The memos whose results the :func:`within` block keeps, when it was given them; else every memo's."""
_KEYS: dict[int, tuple[weakref.ref[AnalysedArticle], str]] = {}
_LOCK = threading.Lock()
_ON = False


def keep_between_runs(on: bool = True) -> None:
    """Keep per-article results from one run to the next (off by default: see the module's notes);
    turning it off forgets what was kept."""
    global _ON
    _ON = on
    if not on:
        clear()


def kept() -> bool:
    """Whether per-article results are kept between runs."""
    return _ON


@contextmanager
def within(only: Iterable[str] | None = None) -> Iterator[None]:
    """Per-article results made while the block runs are made once, even when nothing is kept between
    runs: kept by article object for the block only, and let go at its end. ``only``: the names of the
    memos whose results the block keeps (the others' made at each call, as outside a block), for a
    step that asks one result twice of many articles and need not hold the rest.

    A cold run asks several of them more than once of every article: the placement its term counts
    (:func:`briefer.group.day_vectors` then :func:`briefer.group.day_profiles`), the day's round-ups
    its story facts (two counts of one day), the story memory its story features (twice). Opened
    around one such step at a time, so that what it holds is not held through the themes' map
    (where the run's memory peaks). A no-op when results are kept between runs (the memos do it)
    or inside another block."""
    global _SCOPE, _ONLY
    if _ON or _SCOPE is not None:
        yield
        return
    _SCOPE = {}
    _ONLY = frozenset(only) if only is not None else None
    try:
        yield
    finally:
        _SCOPE = _ONLY = None


def new_run() -> None:
    """Age every memo (see :meth:`Memo.age`): called once per analysis of a day."""
    with _LOCK:
        for memo in _MEMOS.values():
            memo.age()
        # The keys of articles still alive stay: a resident process hands the next run the very
        # objects of this one (briefer.cached.summarized), whose keys need not be worked out again.
        for address in [address for address, (ref, _) in _KEYS.items() if ref() is None]:
            del _KEYS[address]


def lookups() -> dict[str, tuple[int, int]]:
    """Per memo, this process's lookups since the last :func:`new_run`: ``(found, missed)``."""
    return {name: (memo.found, memo.missed) for name, memo in _MEMOS.items() if memo.found or memo.missed}


def held() -> int:
    """Entries every memo of this process holds (this run's and the run before's)."""
    return sum(len(memo) for memo in _MEMOS.values())


def clear() -> None:
    """Forget everything (tests)."""
    with _LOCK:
        for memo in _MEMOS.values():
            memo.clear()
        _KEYS.clear()


def article_key(item: AnalysedArticle) -> str:
    """A digest of the article and its analysis, every field of both (made once per object)."""
    known = _KEYS.get(id(item))
    if known is not None and known[0]() is item:
        return known[1]
    a = item.article
    published = a.published.isoformat() if a.published is not None else None
    payload = json.dumps(
        [
            a.id,
            a.title,
            a.url,
            a.source,
            a.text,
            published,
            a.published_from,
            a.sources,
            a.urls,
            a.truncated,
            item.sentences,
            item.title_lemmas,
            item.lead_lemmas,
            item.body_lemmas,
            item.sentence_lemmas,
            item.entities,
        ],
        ensure_ascii=False,
    )
    key = hashlib.blake2b(payload.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
    if len(_KEYS) > MOST:
        _KEYS.clear()
    _KEYS[id(item)] = (weakref.ref(item), key)
    return key


def text_key(text: str) -> str:
    """A digest of a text (for results that depend on the text alone)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def module_stamp(module: ModuleType) -> str:
    """A digest of a module's settings: its upper-case constants of plain types (a test or a user that
    changes one gets results made with it, never those made before).

    Worked out again only when one of the module's upper-case names is bound to another object than
    at the last call (:data:`_STAMPS`): the story memory asks for the stories' stamp once per story,
    1,336 times a run of the 1,114-article day, and the digest of 67 constants took 0.18 ms a time.
    Nor are the module's names listed again while it holds as many as then and each upper-case name is
    bound to the same object (2,214 calls a resident update of that day: listing the stories' 600
    names each time took 0.2 s)."""
    names = vars(module)
    known = _STAMPS.get(module.__name__)
    if known is not None and len(names) == known[2]:
        get = names.get
        if all(get(n, _UNBOUND) is v for n, v in known[0]):
            return known[1]
    upper = [(name, value) for name, value in names.items() if name.isupper()]
    if known is not None and len(known[0]) == len(upper):
        if all(n == m and v is w for (n, v), (m, w) in zip(upper, known[0], strict=True)):
            _STAMPS[module.__name__] = (known[0], known[1], len(names))
            return known[1]
    plain = (bool, int, float, str, tuple, frozenset)
    settings = sorted(
        (name, repr(sorted(value) if isinstance(value, frozenset) else value))
        for name, value in upper
        if isinstance(value, plain)
    )
    stamp = hashlib.blake2b(repr(settings).encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
    if all(_frozen(value) for _, value in upper if isinstance(value, plain)):
        _STAMPS[module.__name__] = (upper, stamp, len(names))  # holds the values: an identical object is the same value
    else:  # a tuple holding a list could change in place: worked out at every call
        _STAMPS.pop(module.__name__, None)
    return stamp


_STAMPS: dict[str, tuple[list[tuple[str, Any]], str, int]] = {}
"""Per module, its upper-case names and the objects they were bound to at the last :func:`module_stamp`,
the stamp, and how many names the module held; kept only when every plain value is immutable through
and through (:func:`_frozen`). A name added (a new constant) changes the count, one removed or bound
again is seen by its own test."""
_UNBOUND: Any = object()


def _frozen(value: Any) -> bool:
    """Whether ``value`` cannot change in place: a number, a string, None, or a tuple or frozenset of such."""
    if isinstance(value, tuple | frozenset):
        return all(_frozen(v) for v in value)
    return value is None or isinstance(value, bool | int | float | str | bytes)


def module_stamp_of(module_name: str, *extra: str) -> str:
    """:func:`module_stamp` of the module named ``module_name``, with ``extra`` (what else the result
    depends on: a day's keyword phrases, say)."""
    digest = hashlib.blake2b(module_stamp(sys.modules[module_name]).encode(), digest_size=12)
    for part in extra:
        digest.update(f"\n{len(part)}:{part}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def memoised(
    memo: Memo[V], fn: Callable[[AnalysedArticle], V], stamp: Callable[[], str]
) -> Callable[[AnalysedArticle], V]:
    """``fn`` (a pure function of one analysed article) through ``memo``; ``stamp``: the settings it
    depends on, read at each call."""

    def call(item: AnalysedArticle) -> V:
        return _through(memo, item, fn, stamp())

    call.__wrapped__ = fn  # type: ignore[attr-defined]
    call.__name__ = getattr(fn, "__name__", "memoised")
    call.__doc__ = fn.__doc__
    return call


def each(memo: Memo[V], items: Iterable[AnalysedArticle], make: Callable[[AnalysedArticle], V], stamp: str) -> list[V]:
    """``make(item)`` for every item, through ``memo`` (``stamp``: the settings ``make`` depends on)."""
    if not _ON and _SCOPE is None and (_TIER is None or memo.name not in _STORABLE):
        return [make(item) for item in items]
    return [_through(memo, item, make, stamp) for item in items]


def each_once(
    memo: Memo[V], items: Iterable[AnalysedArticle], make: Callable[[AnalysedArticle], V], stamp: str
) -> Iterator[V]:
    """:func:`each` for a result that a run asks once of every article, one at a time: kept between runs
    and read from or given to the store as :func:`each`'s are, but not held by a :func:`within` block,
    whose results live to the block's end. A block opened for the results a run asks twice (the term
    counts of the day's placement) held with them those it asks once: the day's (stem, word) counts, 13
    KB an article, in the scoring child of a large day (docs/performance.md, session 43)."""
    if _ON:
        for item in items:
            yield _through(memo, item, make, stamp)
    elif _TIER is not None and memo.name in _STORABLE:
        for item in items:
            yield _stored(memo, item, make, stamp)
    else:
        for item in items:
            yield make(item)


def _through(memo: Memo[V], item: AnalysedArticle, make: Callable[[AnalysedArticle], V], stamp: str) -> V:
    """What ``memo`` keeps for ``item`` (under ``stamp``), else ``make(item)``, then kept (in the
    :func:`within` block's results when nothing is kept between runs)."""
    if not _ON:
        scope = _SCOPE
        if scope is None or (_ONLY is not None and memo.name not in _ONLY):
            return _stored(memo, item, make, stamp) if _TIER is not None else make(item)
        place = (memo.name, stamp, id(item))
        held = scope.get(place)
        if held is not None and held[0] is item:
            return held[1]
        value = _stored(memo, item, make, stamp) if _TIER is not None else make(item)
        scope[place] = (item, value)
        return value
    key = f"{stamp}:{article_key(item)}"
    found = memo.get(key)
    if found is MISSING:
        # Not kept from the run before: the store's, when it holds it (a resident process's first run of
        # a day other processes briefed, or after a restart), else made and given to the store too.
        found = _stored(memo, item, make, stamp) if _TIER is not None else make(item)
        memo.put(key, found)
    return found


@contextmanager
def patched(module: ModuleType, names: tuple[str, ...], memo_of: Callable[[str], Memo[Any]]) -> Iterator[str]:
    """``module``'s functions ``names`` memoised (each in ``memo_of(name)``) while the block runs, for
    the callers that look them up in the module (a forked worker started inside inherits them).
    Yields the stamp of the module's settings that the keys hold (see :func:`filled`). When nothing
    is kept between runs a memoised function makes its result anew, unless a :func:`within` block runs."""
    stamp = module_stamp(module)
    saved = {name: getattr(module, name) for name in names if callable(getattr(module, name, None))}
    try:
        for name, fn in saved.items():
            if not hasattr(fn, "__wrapped__"):
                setattr(module, name, memoised(memo_of(name), fn, lambda: stamp))
        yield stamp
    finally:
        for name, fn in saved.items():
            setattr(module, name, fn)


def missing(memo: Memo[Any], items: Iterable[AnalysedArticle], stamp: str) -> list[AnalysedArticle]:
    """The items ``memo`` holds nothing for (none when nothing is kept: nobody would read them)."""
    if not _ON:
        return []
    return [item for item in items if memo.get(f"{stamp}:{article_key(item)}") is MISSING]


def fill(memo: Memo[V], items: Iterable[AnalysedArticle], values: Iterable[V], stamp: str) -> None:
    """Keep ``values`` (made elsewhere, by a worker) for ``items``."""
    for item, value in zip(items, values, strict=True):
        memo.put(f"{stamp}:{article_key(item)}", value)


Entries = list[tuple[str, str, Any]]
"""What the memos were given in a block: ``(memo, key, value)``."""


@contextmanager
def recorded() -> Iterator[Entries]:
    """Every entry put into a memo while the block runs, for a forked worker to send to its parent
    (:func:`replay`): what a worker makes would otherwise die with it."""
    global _RECORDED
    outer, _RECORDED = _RECORDED, []
    try:
        yield _RECORDED
    finally:
        _RECORDED = outer


def replay(entries: Entries) -> None:
    """Put entries :func:`recorded` in a worker into this process's memos (and the store's entries it
    made, :func:`stored`, among those this process will write)."""
    for name, key, value in entries:
        if name == _TIER_ENTRY:
            _made_for_store(key, *value)
            continue
        memo = _MEMOS.get(name)
        if memo is not None:
            memo.put(key, value)


# -- results kept in the store (issue 15: an update in a new process) --------------------------------

StoreRow = dict[str, list[str]]
"""What the store keeps of one article: per memo, ``[stamp, the value as JSON]`` (:func:`encode`)."""

_STORABLE: set[str] = set()
"""The memos whose results may be kept in the store (:func:`storable`)."""
_TIER: dict[int, tuple[AnalysedArticle, str, StoreRow]] | None = None
"""While :func:`stored` runs: by the article object's id, the article, its key in the store and what
the store held for it."""
_TIER_MADE: dict[str, StoreRow] = {}
"""Results made while :func:`stored` runs (here, or in a forked child that sent them back), by the
article's key in the store: what the block's end gives the caller to write."""
_TIER_ENTRY = ""
"""The memo name of a stored result among :func:`recorded` entries (no memo has it)."""


def storable_name(name: str) -> None:
    """Let the results of the memo named ``name`` be kept in the store beside the article (:func:`stored`):
    its values must be what :func:`encode` writes and :func:`decode` reads back equal, of the same types."""
    _STORABLE.add(name)


@contextmanager
def stored(rows: Iterable[tuple[AnalysedArticle, str, StoreRow | None]]) -> Iterator[dict[str, StoreRow]]:
    """While the block runs, the :func:`storable` memos' results for these articles are read from
    ``rows`` (each article, its key in the store, what the store held for it) when they were made with
    the same settings, else made and kept; yields, filled at the block's end, the rows to write back
    (every row that gained a result: old results and new). For a process that briefs the day once
    (nothing kept between runs): an update of the day in a new process reads the group stage's
    per-article work of the articles it briefed before. Forked children inherit the rows; what they
    make comes back through :func:`recorded` (the themes' map) or :func:`briefer.executor.run_aside`.

    In a process that keeps results between runs (a resident one, :func:`keep_between_runs`; its first
    run, :func:`briefer.cached.stored_results`) the memos come first: the store is read for what they
    lack (:func:`_through`), and what is made is written to it as well, for a process started later (a
    cron line's, the resident process that replaces this one)."""
    global _TIER
    if _TIER is not None:
        yield {}
        return
    out: dict[str, StoreRow] = {}
    _TIER = {id(item): (item, key, row or {}) for item, key, row in rows}
    _TIER_MADE.clear()
    try:
        yield out
        for key, made in _TIER_MADE.items():
            out[key] = made
        held = {key: row for _, key, row in _TIER.values()}
        for key, row in out.items():
            out[key] = {**held.get(key, {}), **row}
    finally:
        _TIER = None
        _TIER_MADE.clear()


def holds_stored() -> bool:
    """Whether the memos of results the store may keep (:func:`storable_name`) hold any: none in a
    resident process's first run until its group stage, which reads the store (:func:`stored`)."""
    return any(len(_MEMOS[name]) for name in _STORABLE if name in _MEMOS)


def storing() -> bool:
    """Whether a :func:`stored` block runs."""
    return _TIER is not None


def for_the_store(entries: Entries) -> Entries:
    """The entries among ``entries`` that :func:`stored` writes (not a resident process's memos')."""
    return [entry for entry in entries if entry[0] == _TIER_ENTRY]


def _stored(memo: Memo[V], item: AnalysedArticle, make: Callable[[AnalysedArticle], V], stamp: str) -> V:
    """``make(item)``, or the value the store holds for it (see :func:`stored`)."""
    tier = _TIER
    held = tier.get(id(item)) if tier is not None and memo.name in _STORABLE else None
    if held is None or held[0] is not item:
        return make(item)
    entry = held[2].get(memo.name)
    if entry is not None and entry[0] == stamp:
        try:
            return decode(json.loads(entry[1]))
        except (ValueError, KeyError, TypeError, IndexError):
            pass  # a row the store garbled: made again, and written again
    value = make(item)
    try:
        text = json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return value  # a value encode does not know: made again by the next run
    _made_for_store(held[1], memo.name, stamp, text)
    if _RECORDED is not None:
        _RECORDED.append((_TIER_ENTRY, held[1], (memo.name, stamp, text)))
    return value


def _made_for_store(key: str, name: str, stamp: str, text: str) -> None:
    if _TIER is not None:
        _TIER_MADE.setdefault(key, {})[name] = [stamp, text]


_ATOMS = frozenset({str, int, float, bool, type(None)})


def _plain(values: Iterable[Any]) -> bool:
    """Whether every value is a JSON atom (a list of them is written and read as it is)."""
    return set(map(type, values)) <= _ATOMS


def _encoded(values: Iterable[Any]) -> list[Any]:
    values = list(values)
    return values if _plain(values) else [encode(v) for v in values]


def _decoded(values: list[Any]) -> list[Any]:
    return values if _plain(values) else [decode(v) for v in values]


def encode(value: Any) -> Any:
    """``value`` as plain JSON, its types told (a tuple, a frozenset, a Counter, a date, a quotation's
    place are not JSON's list and object): see :func:`decode`. A mapping is its keys and its values,
    in order (a Counter's order can reach a brief)."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is list:
        return _encoded(value)
    if kind is tuple:
        return {"t": _encoded(value)}
    if kind is frozenset:
        return {"f": _encoded(value)}
    if kind is set:
        return {"s": _encoded(value)}
    if kind is Counter:
        return {"C": [_encoded(value), _encoded(value.values())]}
    if kind is dict:
        return {"d": [_encoded(value), _encoded(value.values())]}
    if kind is date:
        return {"D": value.isoformat()}
    coder = _CLASSES.get(kind.__qualname__)
    if coder is not None and coder[0] is kind and dataclasses.is_dataclass(value):
        return {"o": [kind.__qualname__, [encode(getattr(value, f.name)) for f in dataclasses.fields(value)]]}
    raise TypeError(f"cannot keep a {kind.__name__} in the store")


def decode(value: Any) -> Any:
    """What :func:`encode` made, back as it was."""
    if type(value) is not dict:
        return _decoded(value) if type(value) is list else value
    ((tag, inner),) = value.items()
    if tag == "t":
        return tuple(_decoded(inner))
    if tag == "f":
        return frozenset(_decoded(inner))
    if tag == "s":
        return set(_decoded(inner))
    if tag == "C":
        keys, values = inner
        return Counter(dict(zip(_decoded(keys), _decoded(values), strict=True)))
    if tag == "d":
        keys, values = inner
        return dict(zip(_decoded(keys), _decoded(values), strict=True))
    if tag == "D":
        return date.fromisoformat(inner)
    if tag == "o":
        name, fields = inner
        return _CLASSES[name][0](*(decode(v) for v in fields))
    raise ValueError(f"unknown tag {tag!r} in a stored result")


_CLASSES: dict[str, tuple[type, None]] = {}
"""The dataclasses a stored result may hold (:func:`storable_class`), by qualified name."""


def storable_class(cls: type[V]) -> type[V]:
    """Let instances of the dataclass ``cls`` (plain fields, in order) be kept by :func:`encode`."""
    _CLASSES[cls.__qualname__] = (cls, None)
    return cls
