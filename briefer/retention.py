"""Old days leave the store: ``store.keep_days`` of history, pruned once a day, then ``VACUUM``.

A store that keeps every day grows with the news: a 100,000-article day adds
its articles, analyses and summaries to the file. :func:`prune_store` deletes
what is older than the days kept, counted back from the newest day the store
has a run for (see :meth:`briefer.store.Store.prune`),
never fewer days than the brief reads back (the story memory and printed
sentences: ``stories.memory_days``; the trend: ``TREND_DAYS``; the theme
profiles: ``THEME_PROFILE_DAYS``), and rebuilds the file when a good share of
it is left free. It runs at most once per calendar day (the date of the last
pruning is kept in the cache table under the kind ``retention``), after the
run's own writes, so a run never waits on it for the brief.

Cached feeds and pages are kept whatever their age: a feed that has not
changed for months answers 304, and its documents come from the cache.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from briefer.cache import KINDS
from briefer.config import Config
from briefer.context import TREND_DAYS
from briefer.store import THEME_PROFILE_DAYS, Store, StoreError

log = logging.getLogger(__name__)

KEPT_KINDS = frozenset({"feed", "page"})
"""Cache kinds never pruned: a 304 answer reuses them however old they are."""
PRUNED_KINDS = tuple(sorted(k.name for k in KINDS if k.name not in KEPT_KINDS))

VACUUM_FREE_SHARE = 0.25
"""``VACUUM`` when at least this share of the file's pages is free after pruning..."""
VACUUM_MIN_BYTES = 8 * 1024 * 1024
"""...and the free pages come to at least this much: rebuilding a small file is not worth it."""

_MARK = ("retention", "pruned")


@dataclass
class Pruned:
    """What one pruning did: the first day kept, the rows deleted per table, the file's size
    before and after (bytes), and whether it was vacuumed."""

    first_kept: date
    deleted: dict[str, int] = field(default_factory=dict)
    size_before: int = 0
    size_after: int = 0
    vacuumed: bool = False


def _mark(day: date) -> bytes:
    """The day last pruned for, as the cache keeps every entry: JSON (a string)."""
    return json.dumps(day.isoformat()).encode()


def days_kept(config: Config) -> int:
    """``store.keep_days``, raised to what the brief reads back from the store."""
    return max(config.store.keep_days, config.stories.memory_days + 1, TREND_DAYS, THEME_PROFILE_DAYS)


def prune_store(store: Store, config: Config, today: date, *, force: bool = False) -> Pruned | None:
    """Prune ``store`` to the :func:`days_kept` days ending with its newest day (the newest day
    it has a run or a theme volume for, and never later than ``today``), unless it was already
    pruned for that day (``force``: prune anyway). None when skipped, or when the store has no
    day yet. Counting from the newest day, not the clock, a desk that stopped for a season, or
    days briefed with ``--date`` long after, keep their history. A store error is a warning:
    pruning is housekeeping, never a reason to fail a run."""
    try:
        latest = store.latest_day()
        if latest is None:
            return None
        newest = min(today, date.fromisoformat(latest))
        if not force and store.cache_get(*_MARK) == _mark(newest):
            return None
        first_kept = newest - timedelta(days=days_kept(config) - 1)
        result = Pruned(first_kept)
        _, result.size_before = store.free_fraction()
        result.deleted = store.prune(first_kept, PRUNED_KINDS)
        free, size = store.free_fraction()
        if free >= VACUUM_FREE_SHARE and free * size >= VACUUM_MIN_BYTES:
            store.vacuum()
            result.vacuumed = True
        _, result.size_after = store.free_fraction()
        store.cache_put(*_MARK, _mark(newest))
    except StoreError as exc:
        log.warning("store: could not prune the days before the last %d (%s)", days_kept(config), exc)
        return None
    gone = sum(result.deleted.values())
    if gone or result.vacuumed:
        log.info(
            "store: %d rows older than %s deleted%s (%.1f MB -> %.1f MB)",
            gone,
            first_kept.isoformat(),
            ", file rebuilt (VACUUM)" if result.vacuumed else "",
            result.size_before / 1e6,
            result.size_after / 1e6,
        )
    return result
