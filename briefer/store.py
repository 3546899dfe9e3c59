"""The store: what must survive between runs, in one SQLite file.

Articles seen and when, HTTP validators, cached extraction and analysis keyed
by content hash, the history of runs, source results and deliveries, and the
per-day volume of each theme. :class:`Store` is safe for several threads
(one connection behind a lock) and for several processes at once (WAL mode,
a busy timeout, and every write in a ``BEGIN IMMEDIATE`` transaction).

The schema is versioned with ``PRAGMA user_version``: each entry of
:data:`MIGRATIONS` moves the file one version up, inside one transaction.
A file that is not a SQLite database (garbage bytes, a truncated copy) is
moved aside to ``<path>.corrupt-<timestamp>`` and a new store is built, with a
warning: the store is a cache and a history, never the only copy of a brief.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from briefer import clock
from briefer.codec import json_into, lazy_items

if TYPE_CHECKING:
    from briefer.cache import Kind

log = logging.getLogger(__name__)

Blob = bytes | bytearray
"""A cache entry's value as written: a large JSON value is built in a bytearray (:func:`json_bytes`)."""

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another process's write transaction to end."""

MIGRATIONS: tuple[str, ...] = (
    # version 1
    """
    CREATE TABLE articles (
        canonical_url TEXT PRIMARY KEY,
        content_hash  TEXT NOT NULL,
        first_seen    TEXT NOT NULL,
        title         TEXT
    );
    CREATE INDEX articles_content_hash ON articles (content_hash);
    CREATE TABLE validators (
        url           TEXT PRIMARY KEY,
        etag          TEXT,
        last_modified TEXT,
        updated_at    TEXT NOT NULL
    );
    CREATE TABLE cache (
        kind       TEXT NOT NULL,
        key        TEXT NOT NULL,
        value      BLOB NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (kind, key)
    );
    CREATE TABLE runs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        day         TEXT NOT NULL,
        trigger     TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        outcome     TEXT,
        message     TEXT
    );
    CREATE INDEX runs_day ON runs (day);
    CREATE TABLE source_runs (
        id     INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL,
        source TEXT NOT NULL,
        status TEXT NOT NULL,
        error  TEXT,
        at     TEXT NOT NULL
    );
    CREATE INDEX source_runs_source ON source_runs (source, id);
    CREATE TABLE deliveries (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        day       TEXT NOT NULL,
        audience  TEXT NOT NULL,
        recipient TEXT NOT NULL,
        status    TEXT NOT NULL,
        attempts  INTEGER NOT NULL,
        error     TEXT,
        at        TEXT NOT NULL
    );
    CREATE INDEX deliveries_key ON deliveries (day, audience, recipient);
    CREATE TABLE theme_volume (
        day      TEXT NOT NULL,
        theme    TEXT NOT NULL,
        articles INTEGER NOT NULL,
        PRIMARY KEY (day, theme)
    );
    """,
    # version 2: one claim per edition and recipient, taken before the message is sent (at most once)
    """
    CREATE TABLE delivery_claims (
        day        TEXT NOT NULL,
        audience   TEXT NOT NULL,
        recipient  TEXT NOT NULL,
        state      TEXT NOT NULL,
        token      TEXT NOT NULL,
        host       TEXT NOT NULL,
        pid        INTEGER NOT NULL,
        claimed_at TEXT NOT NULL,
        PRIMARY KEY (day, audience, recipient)
    );
    INSERT INTO delivery_claims (day, audience, recipient, state, token, host, pid, claimed_at)
        SELECT day, audience, recipient, 'sent', 'before-claims', '', 0, MAX(at)
        FROM deliveries WHERE status = 'sent' GROUP BY day, audience, recipient;
    """,
    # version 3: a source's result belongs to a run of the runs table (it had a uuid of its own,
    # which joined nothing); results recorded before keep no run.
    """
    CREATE TABLE source_runs_2 (
        id     INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER REFERENCES runs (id),
        source TEXT NOT NULL,
        status TEXT NOT NULL,
        error  TEXT,
        at     TEXT NOT NULL
    );
    INSERT INTO source_runs_2 (id, run_id, source, status, error, at)
        SELECT id, NULL, source, status, error, at FROM source_runs ORDER BY id;
    DROP TABLE source_runs;
    ALTER TABLE source_runs_2 RENAME TO source_runs;
    CREATE INDEX source_runs_source ON source_runs (source, id);
    CREATE INDEX source_runs_run ON source_runs (run_id);
    """,
    # version 4: the desk's memory of earlier days (issue 12)
    """
    CREATE TABLE story_days (
        day        TEXT NOT NULL,
        story_id   TEXT NOT NULL,
        theme      TEXT NOT NULL,
        title      TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        articles   INTEGER NOT NULL,
        features   TEXT NOT NULL,
        PRIMARY KEY (day, story_id)
    );
    CREATE INDEX story_days_id ON story_days (story_id, day);
    CREATE TABLE printed (
        audience TEXT NOT NULL,
        day      TEXT NOT NULL,
        sentence TEXT NOT NULL,
        PRIMARY KEY (audience, day, sentence)
    );
    """,
    # version 5: what each theme's articles looked like, day by day (briefer.group.day_profiles)
    """
    CREATE TABLE IF NOT EXISTS theme_profiles (
        day      TEXT NOT NULL,
        theme    TEXT NOT NULL,
        articles INTEGER NOT NULL,
        terms    TEXT NOT NULL,
        PRIMARY KEY (day, theme)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

RUN_OUTCOMES = ("ok", "partial", "failed", "abandoned", "missed")
"""``partial``: the brief was written, but some sources failed.
``missed``: a scheduled run that came too late (past ``schedule.misfire_grace_time``) and was not made."""


def _switch_to_wal(conn: sqlite3.Connection) -> str:
    """``PRAGMA journal_mode = WAL``, retried while another process holds the lock.

    Switching a new file to WAL needs an exclusive lock, and SQLite answers
    "database is locked" at once instead of calling the busy handler: two
    processes opening a new store together would otherwise see one fail.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


class StoreError(Exception):
    """The store cannot be used, or cannot do what was asked: written by a newer briefer, a
    folder that cannot be written, a disk full, a lock held too long. The one exception type
    of the store, whatever its backend (SQLite's own errors never leave this module)."""


@contextmanager
def _as_store_error() -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(str(exc)) from exc


@dataclass(frozen=True)
class RunRecord:
    """One row of ``runs``; ``outcome`` is ``None`` while the run is going on."""

    id: int
    day: str
    trigger: str
    started_at: datetime
    finished_at: datetime | None
    outcome: str | None
    message: str | None


@dataclass(frozen=True)
class DeliveryRecord:
    day: str
    audience: str
    recipient: str
    status: str
    attempts: int
    error: str | None
    at: datetime


@dataclass(frozen=True)
class DeliveryClaim:
    """Who may send one edition to one recipient (one row of ``delivery_claims``).

    ``state`` is ``sending`` from the claim until the outcome is recorded,
    then ``sent`` or ``failed``. A claim left ``sending`` by a process that
    ended is a send whose outcome nobody knows.
    """

    day: str
    audience: str
    recipient: str
    state: str
    token: str
    host: str
    pid: int
    claimed_at: datetime


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("the store keeps aware datetimes only (UTC)")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _utcnow() -> str:
    return _iso(clock.wall())


def _day(day: date | str) -> str:
    return day.isoformat() if isinstance(day, date) else date.fromisoformat(day).isoformat()


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Store:
    """One SQLite file; open it once per process and share it between threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot make the folder {self.path.parent}: {exc.strerror or exc}") from exc
        try:
            with _as_store_error():
                self._connect()
        except OSError as exc:
            raise StoreError(f"cannot open {self.path}: {exc.strerror or exc}") from exc

    def _connect(self) -> None:
        try:
            self._conn = self._open()
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):
                raise
            try:  # another process may have rebuilt it meanwhile
                self._conn = self._open()
                return
            except sqlite3.DatabaseError:
                pass
            self._move_aside(exc)
            self._conn = self._open()

    # -- opening, versions, corruption -----------------------------------------

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Reading the header is where a file of garbage fails ("file is not a database").
            mode = _switch_to_wal(conn)
            if str(mode).lower() != "wal":
                log.warning("store %s: could not switch to WAL mode (journal_mode=%s)", self.path, mode)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(conn)
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed: quick_check says {check}")
        except BaseException:
            conn.close()
            raise
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"store {self.path} has schema version {version}, newer than this briefer knows "
                f"({SCHEMA_VERSION}): upgrade briefer or point store.path at another file"
            )
        if version == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")  # one process migrates; the other waits, then sees the new version
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[number]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number + 1}")
            conn.execute("COMMIT")
            if version == 0:
                log.info("store %s: created (schema version %d)", self.path, SCHEMA_VERSION)
            else:
                log.info("store %s: schema version %d -> %d", self.path, version, SCHEMA_VERSION)
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _move_aside(self, exc: Exception) -> None:
        stamp = clock.wall().strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        log.warning(
            "store %s is damaged (%s): moved it to %s and started a new, empty store; "
            "articles seen before will count as new once, and the run history starts again",
            self.path,
            exc,
            aside,
        )
        try:
            self.path.replace(aside)
        except FileNotFoundError:
            return
        for suffix in ("-wal", "-shm"):
            extra = self.path.with_name(self.path.name + suffix)
            if extra.exists():
                extra.replace(aside.with_name(aside.name + suffix))

    def close(self) -> None:
        with self._lock, _as_store_error():
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._lock, _as_store_error():
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``BEGIN IMMEDIATE``) so two processes queue, not deadlock."""
        with self._lock, _as_store_error():
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock, _as_store_error():
            return self._conn.execute(sql, params).fetchall()

    # -- articles ----------------------------------------------------------------

    def seen(self, canonical_url: str, content_hash: str, now: datetime, title: str | None = None) -> datetime:
        """When this article was first seen; records it as seen ``now`` if it is new.

        An article is known by its canonical URL, or by its content hash when
        the same text turns up under another address.
        """
        with self._write() as conn:
            row = conn.execute("SELECT first_seen FROM articles WHERE canonical_url = ?", (canonical_url,)).fetchone()
            if row is None:
                row = conn.execute(
                    "SELECT MIN(first_seen) FROM articles WHERE content_hash = ?", (content_hash,)
                ).fetchone()
                first_seen = row[0] if row and row[0] else _iso(now)
                conn.execute(
                    "INSERT INTO articles (canonical_url, content_hash, first_seen, title) VALUES (?, ?, ?, ?)",
                    (canonical_url, content_hash, first_seen, title),
                )
            else:
                first_seen = row[0]
                conn.execute(
                    "UPDATE articles SET content_hash = ?, title = COALESCE(?, title) WHERE canonical_url = ?",
                    (content_hash, title, canonical_url),
                )
        return datetime.fromisoformat(first_seen)

    # -- HTTP validators -----------------------------------------------------------

    def get_validators(self, url: str) -> tuple[str | None, str | None]:
        rows = self._read("SELECT etag, last_modified FROM validators WHERE url = ?", (url,))
        if not rows:
            return None, None
        etag, last_modified = rows[0]
        return (str(etag) if etag else None), (str(last_modified) if last_modified else None)

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO validators (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?)",
                (url, etag, last_modified, _utcnow()),
            )

    # -- cache ---------------------------------------------------------------------

    def cache_get(self, kind: str, key: str) -> Blob | None:
        """The entry of ``kind`` under ``key``, or None; one kept in parts (:meth:`cache_put_parts`)
        comes back whole, its parts read in the same statement (none of another write's). The
        statement is one range of the primary key: the entry's key first, then its parts."""
        with self._lock, _as_store_error():
            rows = self._conn.execute(
                "SELECT key, value FROM cache WHERE kind = ? AND key >= ? AND key < ? ORDER BY key",
                (kind, key, _part_range(key)[1]),
            )
            try:
                return _whole(key, rows)
            finally:
                rows.close()  # its read ends here, whatever is left of the range

    def cache_put(self, kind: str, key: str, value: bytes) -> None:
        self.cache_put_many(kind, [(key, value)])

    def cache_put_many(self, kind: str, items: Iterable[tuple[str, Blob]]) -> None:
        """Several entries of one kind in one transaction; one larger than :data:`PART_BYTES` is kept
        in parts (:meth:`cache_put_parts`)."""
        now = _utcnow()
        with self._write() as conn:
            whole: list[tuple[str, str, Any, str]] = []
            for key, value in items:
                if len(value) <= PART_BYTES and bytes(value[: len(_PARTS)]) != _PARTS:
                    whole.append((kind, key, sqlite3.Binary(value), now))
                    continue
                self._put_whole(conn, whole)
                whole = []
                self._put_parts(conn, kind, key, [value], now)
            self._put_whole(conn, whole)

    def cache_put_parts(self, kind: str, key: str, parts: Iterable[Blob]) -> None:
        """One entry of ``kind`` made of ``parts`` (in order), kept in parts of at most
        :data:`PART_BYTES`, each a row of its own written as it comes (SQLite copies what it is given:
        a value given whole was held twice), all in one transaction; :meth:`cache_get` reads it back
        whole."""
        with self._write() as conn:
            self._put_parts(conn, kind, key, parts, _utcnow())

    @staticmethod
    def _put_whole(conn: sqlite3.Connection, rows: list[tuple[str, str, Any, str]]) -> None:
        if rows:
            conn.executemany("INSERT OR REPLACE INTO cache (kind, key, value, created_at) VALUES (?, ?, ?, ?)", rows)

    @staticmethod
    def _put_parts(conn: sqlite3.Connection, kind: str, key: str, parts: Iterable[Blob], now: str) -> None:
        """``parts`` (in order) under ``key``: one row, as any entry, when they come to
        :data:`PART_BYTES` at most (a small day's memo stays one JSON value); else in rows of
        :data:`PART_BYTES` each but the last, whatever the sizes of the parts given (:func:`even_parts`)."""
        sql = "INSERT OR REPLACE INTO cache (kind, key, value, created_at) VALUES (?, ?, ?, ?)"
        rows = even_parts(parts, PART_BYTES)
        first = next(rows, bytearray())
        second = next(rows, None)
        if second is None and bytes(first[: len(_PARTS)]) != _PARTS:
            conn.execute(sql, (kind, key, first, now))
            return
        conn.execute("DELETE FROM cache WHERE kind = ? AND key >= ? AND key < ?", (kind, *_part_range(key)))
        count = total = 0

        def put(row: Blob) -> None:
            nonlocal count, total
            conn.execute(sql, (kind, _part_key(key, count), row, now))
            count += 1
            total += len(row)

        put(first)
        del first  # each row let go of once SQLite has it
        if second is not None:
            put(second)
            del second
            for row in rows:
                put(row)
                del row
        conn.execute(sql, (kind, key, _PARTS + f"{count} {total}".encode(), now))

    # -- sources -------------------------------------------------------------------

    def record_source(self, run_id: int | None, source: str, status: str, error: str | None = None) -> None:
        """``status`` as in the run report: ``ok``, ``not_modified``, ``empty`` or ``error``; ``run_id``:
        the run of ``runs`` it was part of (None: a run that was not recorded, such as a benchmark's)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO source_runs (run_id, source, status, error, at) VALUES (?, ?, ?, ?, ?)",
                (run_id, source, status, error, _utcnow()),
            )

    def source_results(self, run_id: int) -> list[tuple[str, str, str | None]]:
        """``(source, status, error)`` of every source read by run ``run_id``, in the order recorded."""
        rows = self._read("SELECT source, status, error FROM source_runs WHERE run_id = ? ORDER BY id", (run_id,))
        return [(str(source), str(status), error) for source, status, error in rows]

    def failure_streak(self, source: str) -> int:
        """How many of the source's latest runs failed in a row (0 when the latest one worked)."""
        streak = 0
        for (status,) in self._read("SELECT status FROM source_runs WHERE source = ? ORDER BY id DESC", (source,)):
            if status != "error":
                break
            streak += 1
        return streak

    # -- runs ----------------------------------------------------------------------

    def start_run(self, day: date | str, trigger: str) -> int:
        if trigger not in ("manual", "schedule"):
            raise ValueError(f"trigger must be 'manual' or 'schedule', not {trigger!r}")
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO runs (day, trigger, started_at) VALUES (?, ?, ?)", (_day(day), trigger, _utcnow())
            )
            return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, outcome: str, message: str | None = None) -> None:
        if outcome not in RUN_OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(RUN_OUTCOMES)}, not {outcome!r}")
        with self._write() as conn:
            conn.execute(
                "UPDATE runs SET finished_at = ?, outcome = ?, message = ? WHERE id = ?",
                (_utcnow(), outcome, message, run_id),
            )

    def record_missed_run(self, day: date | str, message: str) -> int:
        """A scheduled run that was not made because it came too late: kept so nobody misses the gap."""
        run_id = self.start_run(day, "schedule")
        self.finish_run(run_id, "missed", message)
        return run_id

    def abandon_unfinished(self, trigger: str, message: str) -> int:
        """Mark runs that never finished (their process died) as abandoned; returns how many."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE runs SET finished_at = ?, outcome = 'abandoned', message = ? "
                "WHERE finished_at IS NULL AND trigger = ?",
                (_utcnow(), message, trigger),
            )
            return cursor.rowcount

    def recent_runs(self, limit: int = 10) -> list[RunRecord]:
        """The latest runs, newest first."""
        rows = self._read(
            "SELECT id, day, trigger, started_at, finished_at, outcome, message FROM runs ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [_run(row) for row in rows]

    def runs_per_day(self, day: date | str) -> list[RunRecord]:
        """Every run made for one briefing day, oldest first."""
        rows = self._read(
            "SELECT id, day, trigger, started_at, finished_at, outcome, message FROM runs WHERE day = ? ORDER BY id",
            (_day(day),),
        )
        return [_run(row) for row in rows]

    # -- deliveries ----------------------------------------------------------------

    def was_sent(self, day: date | str, audience: str, recipient: str) -> bool:
        rows = self._read(
            "SELECT 1 FROM deliveries WHERE day = ? AND audience = ? AND recipient = ? AND status = 'sent' LIMIT 1",
            (_day(day), audience, recipient.lower()),
        )
        return bool(rows)

    def record_delivery(
        self, day: date | str, audience: str, recipient: str, status: str, attempts: int, error: str | None = None
    ) -> None:
        with self._write() as conn:
            _insert_delivery(conn, (_day(day), audience, recipient.lower()), status, attempts, error)

    def claim_delivery(
        self,
        day: date | str,
        audience: str,
        recipient: str,
        token: str,
        take_over: Callable[[DeliveryClaim], bool] = lambda claim: False,
    ) -> DeliveryClaim:
        """Claim the sending of one edition to one recipient, atomically; returns the claim that holds.

        The claim is ours when its ``token`` is ``token``. There is one claim
        per day, audience and recipient: the first process to ask gets it (an
        ``INSERT ... ON CONFLICT DO NOTHING`` in one write transaction), and an
        existing claim passes to ``token`` only when ``take_over(claim)`` says
        so, in the same transaction, so two processes can never both hold it.
        """
        key = (_day(day), audience, recipient.lower())
        mine = (token, socket.gethostname(), os.getpid(), _utcnow())
        with self._write() as conn:
            inserted = conn.execute(
                "INSERT INTO delivery_claims (day, audience, recipient, state, token, host, pid, claimed_at) "
                "VALUES (?, ?, ?, 'sending', ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (*key, *mine),
            ).rowcount
            claim = self._claim(conn, key)
            if not inserted and take_over(claim):
                conn.execute(
                    "UPDATE delivery_claims SET state = 'sending', token = ?, host = ?, pid = ?, claimed_at = ? "
                    "WHERE day = ? AND audience = ? AND recipient = ?",
                    (*mine, *key),
                )
                claim = self._claim(conn, key)
        return claim

    @staticmethod
    def _claim(conn: sqlite3.Connection, key: tuple[str, str, str]) -> DeliveryClaim:
        row = conn.execute(
            "SELECT day, audience, recipient, state, token, host, pid, claimed_at FROM delivery_claims "
            "WHERE day = ? AND audience = ? AND recipient = ?",
            key,
        ).fetchone()
        day, audience, recipient, state, token, host, pid, claimed_at = row
        return DeliveryClaim(day, audience, recipient, state, token, host, int(pid), datetime.fromisoformat(claimed_at))

    def settle_delivery(
        self,
        claim: DeliveryClaim,
        status: str,
        attempts: int,
        error: str | None = None,
    ) -> None:
        """Record how a claimed send ended (``sent`` or ``failed``), in the claim and in ``deliveries``, at once."""
        with self._write() as conn:
            _insert_delivery(conn, (claim.day, claim.audience, claim.recipient), status, attempts, error)
            conn.execute(
                "UPDATE delivery_claims SET state = ? WHERE day = ? AND audience = ? AND recipient = ? AND token = ?",
                (status, claim.day, claim.audience, claim.recipient, claim.token),
            )

    def deliveries(self, day: date | str) -> list[DeliveryRecord]:
        """Every delivery attempt for one day, oldest first."""
        rows = self._read(
            "SELECT day, audience, recipient, status, attempts, error, at FROM deliveries WHERE day = ? ORDER BY id",
            (_day(day),),
        )
        return [DeliveryRecord(d, a, r, s, int(n), e, datetime.fromisoformat(t)) for d, a, r, s, n, e, t in rows]

    # -- theme volume ----------------------------------------------------------------

    def record_theme_volume(self, day: date | str, counts: Mapping[str, int]) -> None:
        """The day's article count per theme; replaces what an earlier run of the same day recorded."""
        key = _day(day)
        with self._write() as conn:
            conn.execute("DELETE FROM theme_volume WHERE day = ?", (key,))
            conn.executemany(
                "INSERT INTO theme_volume (day, theme, articles) VALUES (?, ?, ?)",
                [(key, theme, int(count)) for theme, count in counts.items()],
            )

    def theme_volume(self, days_back: int, until_day: date | str) -> dict[str, dict[str, int]]:
        """``{day: {theme: articles}}`` for the ``days_back`` days ending with ``until_day``.

        Every day of the range is a key, in order, even one with no record
        (an empty dict), so a trend chart shows the gap.
        """
        until = date.fromisoformat(_day(until_day))
        first = until - timedelta(days=days_back - 1)
        result: dict[str, dict[str, int]] = {
            (first + timedelta(days=i)).isoformat(): {} for i in range(max(days_back, 0))
        }
        rows = self._read(
            "SELECT day, theme, articles FROM theme_volume WHERE day BETWEEN ? AND ? ORDER BY day, theme",
            (first.isoformat(), until.isoformat()),
        )
        for day_key, theme, count in rows:
            result.setdefault(day_key, {})[theme] = int(count)
        return result

    # -- theme profiles ---------------------------------------------------------------

    def record_theme_profiles(self, day: date | str, profiles: Mapping[str, tuple[int, Mapping[str, float]]]) -> None:
        """Each theme's articles of the day (``{theme: (articles, {term: weight})}``); replaces what
        an earlier run of the same day recorded."""
        key = _day(day)
        with self._write() as conn:
            conn.execute("DELETE FROM theme_profiles WHERE day = ?", (key,))
            conn.executemany(
                "INSERT INTO theme_profiles (day, theme, articles, terms) VALUES (?, ?, ?, ?)",
                [
                    (key, theme, int(count), json.dumps(dict(terms), sort_keys=True, ensure_ascii=False))
                    for theme, (count, terms) in profiles.items()
                ],
            )

    def theme_profiles(self, before_day: date | str, days: int) -> dict[str, dict[str, tuple[int, dict[str, float]]]]:
        """``{day: {theme: (articles, terms)}}`` of the ``days`` latest recorded days strictly before
        ``before_day``: a run never reads its own day, so running it again gives the same brief."""
        rows = self._read(
            "SELECT day, theme, articles, terms FROM theme_profiles WHERE day IN "
            "(SELECT DISTINCT day FROM theme_profiles WHERE day < ? ORDER BY day DESC LIMIT ?) ORDER BY day, theme",
            (_day(before_day), max(days, 0)),
        )
        result: dict[str, dict[str, tuple[int, dict[str, float]]]] = {}
        for day_key, theme, count, terms in rows:
            result.setdefault(day_key, {})[theme] = (int(count), json.loads(terms))
        return result

    # -- story memory and printed sentences (docs/store.md) ------------------------

    def record_stories(self, day: date | str, stories: Iterable[StoryRecord]) -> None:
        """The day's stories; replaces what an earlier run of the same day recorded. ``stories`` is read once,
        each written as it comes (:func:`briefer.memory._records` makes them as they are written)."""
        key = _day(day)
        with self._write() as conn:
            conn.execute("DELETE FROM story_days WHERE day = ?", (key,))
            conn.executemany(
                "INSERT INTO story_days (day, story_id, theme, title, first_seen, articles, features)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    (key, s.id, s.theme, s.title, s.first_seen, s.articles, json.dumps(s.features, sort_keys=True))
                    for s in stories
                ),
            )

    def stories_between(self, first_day: date | str, before_day: date | str) -> list[StoryRecord]:
        """Stories recorded from ``first_day`` up to the day before ``before_day``, oldest first."""
        rows = self._read(
            "SELECT day, story_id, theme, title, first_seen, articles, features FROM story_days"
            " WHERE day >= ? AND day < ? ORDER BY day, story_id",
            (_day(first_day), _day(before_day)),
        )
        return [StoryRecord(d, i, t, title, f, int(n), json.loads(feats)) for d, i, t, title, f, n, feats in rows]

    def story_days(self, story_ids: Iterable[str], before_day: date | str) -> dict[str, list[str]]:
        """Every day before ``before_day`` on which each story appeared, oldest first."""
        ids = sorted(set(story_ids))
        out: dict[str, list[str]] = {i: [] for i in ids}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            for story_id, day_key in self._read(
                f"SELECT story_id, day FROM story_days WHERE day < ? AND story_id IN ({marks}) ORDER BY day",
                (_day(before_day), *part),
            ):
                out[story_id].append(day_key)
        return out

    def record_printed(self, audience: str, day: date | str, sentences: Iterable[str]) -> None:
        """The sentences (keys) an audience's edition of the day printed; replaces an earlier run's."""
        key = _day(day)
        with self._write() as conn:
            conn.execute("DELETE FROM printed WHERE audience = ? AND day = ?", (audience, key))
            conn.executemany(
                "INSERT OR IGNORE INTO printed (audience, day, sentence) VALUES (?, ?, ?)",
                [(audience, key, s) for s in sentences],
            )

    def printed_between(self, audience: str, first_day: date | str, before_day: date | str) -> dict[str, str]:
        """Sentence key -> the first day, from ``first_day`` to the day before ``before_day``, it was printed."""
        rows = self._read(
            "SELECT sentence, MIN(day) FROM printed WHERE audience = ? AND day >= ? AND day < ? GROUP BY sentence",
            (audience, _day(first_day), _day(before_day)),
        )
        return {sentence: day_key for sentence, day_key in rows}

    # -- retention (briefer.retention) ----------------------------------------------

    def prune(self, before_day: date | str, kinds: Iterable[str]) -> dict[str, int]:
        """Forget the days before ``before_day``: the rows of every per-day table (runs and their
        source results, deliveries and claims, theme volume and profiles, stories, printed
        sentences), the articles first seen before it, and the cache entries of ``kinds`` written
        before it. Returns the rows deleted per table; one transaction."""
        cut = _day(before_day)
        deleted: dict[str, int] = {}
        statements = (
            ("source_runs", "DELETE FROM source_runs WHERE at < ? OR run_id IN (SELECT id FROM runs WHERE day < ?)"),
            ("runs", "DELETE FROM runs WHERE day < ?"),
            ("deliveries", "DELETE FROM deliveries WHERE day < ?"),
            ("delivery_claims", "DELETE FROM delivery_claims WHERE day < ?"),
            ("theme_volume", "DELETE FROM theme_volume WHERE day < ?"),
            ("theme_profiles", "DELETE FROM theme_profiles WHERE day < ?"),
            ("story_days", "DELETE FROM story_days WHERE day < ?"),
            ("printed", "DELETE FROM printed WHERE day < ?"),
            ("articles", "DELETE FROM articles WHERE first_seen < ?"),
        )
        with self._write() as conn:
            for table, sql in statements:
                deleted[table] = conn.execute(sql, (cut,) * sql.count("?")).rowcount
            marks = ",".join("?" * len(kinds := sorted(set(kinds))))
            if kinds:
                deleted["cache"] = conn.execute(
                    f"DELETE FROM cache WHERE created_at < ? AND kind IN ({marks})", (cut, *kinds)
                ).rowcount
        return deleted

    def latest_day(self) -> str | None:
        """The newest day the store has a run or a theme volume for (``YYYY-MM-DD``), or None."""
        rows = self._read(
            "SELECT MAX(day) FROM (SELECT MAX(day) AS day FROM runs UNION ALL SELECT MAX(day) FROM theme_volume)"
        )
        return rows[0][0] if rows and rows[0][0] else None

    def free_fraction(self) -> tuple[float, int]:
        """The share of the file's pages that are free (left by deletes), and the file's size in bytes."""
        with self._lock, _as_store_error():
            pages = int(self._conn.execute("PRAGMA page_count").fetchone()[0])
            free = int(self._conn.execute("PRAGMA freelist_count").fetchone()[0])
            size = int(self._conn.execute("PRAGMA page_size").fetchone()[0]) * pages
        return (free / pages if pages else 0.0), size

    def vacuum(self) -> None:
        """Rebuild the file without its free pages (``VACUUM``), then fold the WAL back into it.
        Waits for other processes' writes like any write (the busy timeout)."""
        with self._lock, _as_store_error():
            self._conn.execute("VACUUM")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@dataclass(frozen=True)
class StoryRecord:
    """One story on one day, as the store keeps it to recognise the story on a later day."""

    day: str
    id: str
    theme: str
    title: str
    first_seen: str
    articles: int
    features: dict[str, int]  # the event's specifics (names, places, figures) -> occurrences


def _insert_delivery(
    conn: sqlite3.Connection, key: tuple[str, str, str], status: str, attempts: int, error: str | None
) -> None:
    """One delivery attempt of (day, audience, recipient) in ``deliveries``: ``sent`` or ``failed``."""
    if status not in ("sent", "failed"):
        raise ValueError(f"status must be 'sent' or 'failed', not {status!r}")
    conn.execute(
        "INSERT INTO deliveries (day, audience, recipient, status, attempts, error, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (*key, status, attempts, error, _utcnow()),
    )


def _run(row: tuple[Any, ...]) -> RunRecord:
    id_, day, trigger, started, finished, outcome, message = row
    return RunRecord(
        id=int(id_),
        day=day,
        trigger=trigger,
        started_at=datetime.fromisoformat(started),
        finished_at=_parse(finished),
        outcome=outcome,
        message=message,
    )


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """A damaged file, as opposed to a locked or read-only one (which must not be moved aside)."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and "locked" in text:
        return False
    return any(
        phrase in text for phrase in ("not a database", "malformed", "file is encrypted", "disk image", "corrupt")
    )


class RunMemory:
    """The store as one run uses it.

    ``fresh`` skips every cached read (downloads, validators, extraction,
    analysis) while still writing what the run learns, so the next run can
    reuse it. Without a store (it could not be opened) the run goes on
    without memory. A store error during the run (disk full, a lock held too
    long) is logged as a warning and the run goes on: the store is a cache
    and a history, never a reason to lose a brief.
    """

    def __init__(self, store: StoreBackend | None, fresh: bool = False) -> None:
        self.store = store
        self.fresh = fresh
        self._warned = False
        self._later: list[Callable[[], None]] = []
        self.article_rows: dict[str, Any] = {}
        """The stored results of the day's articles read by this run (:func:`briefer.cached.stored_results`),
        by their key: read once for the group stage and the story memory, then let go."""

    def later(self, write: Callable[[], None]) -> None:
        """Keep a write for :meth:`flush`: the run makes it when it has a moment (while a PDF
        is laid out in another process), or at the end whatever happens."""
        self._later.append(write)

    def flush(self) -> None:
        """Make the writes kept by :meth:`later`, in order."""
        while self._later:
            self._later.pop(0)()

    def _failed(self, what: str, exc: Exception) -> None:
        level = logging.DEBUG if self._warned else logging.WARNING
        self._warned = True
        log.log(level, "store: cannot %s (%s); going on without it", what, exc)

    def get_bytes(self, kind: Kind, key: str) -> Blob | None:
        """The entry of ``kind`` known by ``key``, as stored by this kind's version (see
        :mod:`briefer.cache`); None when there is none, or the run is ``fresh``."""
        if self.store is None or self.fresh:
            return None
        try:
            return self.store.cache_get(kind.name, kind.key(key))
        except StoreError as exc:
            self._failed(f"read the {kind.name} cache", exc)
            return None

    def put_bytes(self, kind: Kind, key: str, value: Blob) -> None:
        self.put_bytes_many(kind, [(key, value)])

    def put_bytes_many(self, kind: Kind, items: Iterable[tuple[str, Blob]]) -> None:
        """Several entries of one kind, written in one transaction."""
        if self.store is None:
            return
        try:
            self.store.cache_put_many(kind.name, [(kind.key(key), value) for key, value in items])
        except StoreError as exc:
            self._failed(f"write the {kind.name} cache", exc)

    def put_parts(self, kind: Kind, key: str, parts: Iterable[Blob]) -> None:
        """One entry written a part at a time (:meth:`Store.cache_put_parts`), never held whole."""
        if self.store is None:
            return
        try:
            self.store.cache_put_parts(kind.name, kind.key(key), parts)
        except StoreError as exc:
            self._failed(f"write the {kind.name} cache", exc)

    def get_json(self, kind: Kind, key: str) -> Any | None:
        raw = self.get_bytes(kind, key)
        if raw is None:
            return None
        try:
            text = raw.decode("utf-8")
            del raw  # a day's JSON is megabytes: the bytes go before it is parsed
            return json.loads(text)
        except (UnicodeDecodeError, ValueError):
            log.warning("store: unreadable %s cache entry, ignored", kind.name)
            return None

    def put_json(self, kind: Kind, key: str, value: Any, piecewise: int = 0) -> None:
        self.put_json_many(kind, [(key, value)], piecewise)

    def put_json_many(self, kind: Kind, items: Iterable[tuple[str, Any]], piecewise: int = 0) -> None:
        """Several JSON entries of one kind, written in one transaction; ``piecewise``: see :func:`json_bytes`."""
        if self.store is None:
            return
        encoded = [(key, json_bytes(value, piecewise)) for key, value in items]
        self.put_bytes_many(kind, encoded)

    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        if self.store is None:
            return
        try:
            self.store.set_validators(url, etag, last_modified)
        except StoreError as exc:
            self._failed("record HTTP validators", exc)

    def seen(self, canonical_url: str, content_hash: str, now: datetime, title: str | None = None) -> datetime:
        """When the article was first seen (``now`` without a store)."""
        if self.store is None:
            return now
        try:
            return self.store.seen(canonical_url, content_hash, now, title)
        except StoreError as exc:
            self._failed("record an article as seen", exc)
            return now

    def theme_volume(self, days_back: int, until_day: date | str) -> dict[str, dict[str, int]]:
        """:meth:`Store.theme_volume`, or nothing (the trend then shows today only)."""
        if self.store is None:
            return {}
        try:
            return self.store.theme_volume(days_back, until_day)
        except StoreError as exc:
            self._failed("read the theme volume of earlier days", exc)
            return {}

    def record_theme_volume(self, day: date | str, counts: Mapping[str, int]) -> None:
        if self.store is None:
            return
        try:
            self.store.record_theme_volume(day, counts)
        except StoreError as exc:
            self._failed("record the theme volume", exc)

    def record_source(self, run_id: int | None, source: str, status: str, error: str | None) -> int:
        """Record the source's result; returns its failure streak (runs failed in a row, this one included)."""
        if self.store is None:
            return 1 if status == "error" else 0
        try:
            self.store.record_source(run_id, source, status, error)
            return self.store.failure_streak(source)
        except StoreError as exc:
            self._failed("record source results", exc)
            return 1 if status == "error" else 0

    def earlier_theme_profiles(self, day: date) -> dict[str, dict[str, tuple[int, dict[str, float]]]]:
        """The theme profiles of the ``THEME_PROFILE_DAYS`` latest days before ``day`` (none
        without a store, or when it fails: the themes then learn from the day alone)."""
        if self.store is None:
            return {}
        try:
            return self.store.theme_profiles(day, THEME_PROFILE_DAYS)
        except (StoreError, ValueError) as exc:
            self._failed("read the earlier days' theme profiles", exc)
            return {}

    def record_theme_profiles(self, day: date, profiles: Mapping[str, tuple[int, Mapping[str, float]]]) -> None:
        if self.store is None:
            return
        try:
            self.store.record_theme_profiles(day, profiles)
        except StoreError as exc:
            self._failed("record the day's theme profiles", exc)


THEME_PROFILE_DAYS = 10
"""Earlier days whose theme profiles a run reads: what each theme's articles looked like lately."""


PART_BYTES = 1 << 20
"""A cache entry larger than this is kept in parts of this size (but the last), each a row of its own
under the entry's key, a newline and its number (:meth:`Store.cache_put_parts`): SQLite copies every
value it is given, and the day's memo (92 MB at 10,000 articles), given whole, was held twice at the end
of the run, as its JSON and as SQLite's copy (docs/performance.md, "Fourth pass"). SQLite holds a row
twice as it writes it (its copy of the value, the record made of it) beside its page cache (2 MB): in
parts of 4 MB its memory reached 10.3 MB, in parts of 1 MB 4.3 (docs/performance.md, session 66)."""


def even_parts(parts: Iterable[Blob], size: int) -> Iterator[bytearray]:
    """The bytes of ``parts``, in order, in parts of ``size`` bytes each but the last (1 to ``size``
    bytes; none when there are no bytes), whatever the sizes of the parts given: a part's tail is
    the start of the next one, never a short part of its own. One part of ``size`` is held at a time
    besides the one given (copied, ``size`` at most at a time)."""
    held = bytearray()
    for part in parts:
        view = memoryview(part)
        if held:
            take = size - len(held)
            held += view[:take]
            view = view[take:]  # empty when ``held`` is not full yet
            if len(held) == size:
                yield held
                held = bytearray()
        while len(view) >= size:
            yield bytearray(view[:size])
            view = view[size:]
        held += view
        del view, part  # no view of a part is held while the next is asked for
    if held:
        yield held


_PARTS = b"\x00briefer: in parts\x00"
"""How the row under an entry's own key starts when the entry is kept in parts; then its parts' count
and total size. An entry that starts so itself is kept in parts too, whatever its size."""


def _whole(key: str, rows: Iterator[tuple[str, bytes]]) -> Blob | None:
    """The entry under ``key`` from the rows of its range of keys, in order (:meth:`Store.cache_get`)."""
    head = next(rows, None)
    if head is None or head[0] != key:
        return None
    if bytes(head[1][: len(_PARTS)]) != _PARTS:
        return bytes(head[1])
    try:
        count, total = (int(n) for n in bytes(head[1][len(_PARTS) :]).split(b" "))
    except ValueError:
        return None
    out = bytearray()
    found = 0
    for part_key, value in rows:
        if found == count:
            break
        if part_key == _part_key(key, found):  # another key may sort among them: not one of its parts
            out += value
            found += 1
    return out if found == count and len(out) == total else None


def _part_key(key: str, n: int) -> str:
    return f"{key}\npart {n:08d}"


def _part_range(key: str) -> tuple[str, str]:
    """The keys of ``key``'s parts lie from the first to the second (excluded)."""
    return f"{key}\n", f"{key}\x0b"


def json_bytes(value: Any, piecewise: int = 0, indent: int | None = None, end: str = "") -> Blob:
    """``value`` as UTF-8 JSON, byte for byte ``(json.dumps(value, ensure_ascii=False, indent=indent) +
    end).encode()``.

    ``piecewise``: for a large value (the day's memo: 80 MB of JSON at 10,000 articles; briefing.json:
    100 MB), the lists and string-keyed dicts of its first ``piecewise`` levels are written item by
    item into one buffer, so that the JSON text, its chunks and its UTF-8 copy are never held at once:
    the peak of writing the memo went from 285 MB to the size of the result at 10,000 articles
    (docs/performance.md, "The curve").
    """
    if piecewise <= 0:
        return (json.dumps(value, ensure_ascii=False, indent=indent, default=lazy_items) + end).encode("utf-8")
    out = bytearray()
    json_into(out, value, piecewise, indent)
    out += end.encode("utf-8")
    return out  # a bytearray is written to SQLite as it is (a copy would be the size of the memo again)


def open_store(path: Path) -> StoreBackend | None:
    """The store at ``path``, or ``None`` with a warning when it cannot be used at all.

    A damaged file is already moved aside and rebuilt by :class:`Store`; this
    catches what is left (a folder that cannot be written, a store from a
    newer briefer), so that a run never fails for want of its memory.
    """
    try:
        return Store(path)
    except StoreError as exc:
        log.warning("store %s cannot be used (%s): this run has no memory of earlier runs", path, exc)
        return None


@dataclass
class RunLog:
    """The run being recorded by :func:`recorded_run`: its id in ``runs`` (None when the store could
    not record it), and the outcome and message it will be finished with."""

    id: int | None
    outcome: str = "ok"
    message: str = ""


@contextmanager
def recorded_run(
    store: StoreBackend | None, day: date | str, trigger: str, *, required: bool = False
) -> Iterator[RunLog]:
    """Record one run in ``runs``, for ``briefer status``: started now, finished at the end with the
    outcome and message set on the :class:`RunLog` (``failed`` and the exception's one line when
    the block raises; the exception goes on). A store error is a warning, the run goes on without
    its record, unless ``required`` (the scheduler, which names its staging folder by the id)."""
    run_id = None
    if store is not None:
        try:
            run_id = store.start_run(day, trigger)
        except StoreError as exc:
            if required:
                raise
            log.warning("store: cannot record the run (%s)", exc)
    run = RunLog(run_id)
    try:
        yield run
    except BaseException as exc:
        run.outcome, run.message = "failed", f"{type(exc).__name__}: {exc}"[:300]
        raise
    finally:
        if store is not None and run.id is not None:
            try:
                store.finish_run(run.id, run.outcome, run.message)
            except StoreError as exc:
                log.warning("store: cannot record the run's outcome (%s)", exc)


class StoreBackend(Protocol):
    """What the rest of briefer asks of a store: :class:`Store` (SQLite, one file) is one; another
    backend (PostgreSQL, for a team's shared desk) implements the same methods and raises
    :class:`StoreError`, and no stage changes. Times are aware datetimes, days ``YYYY-MM-DD``."""

    def close(self) -> None: ...
    def seen(self, canonical_url: str, content_hash: str, now: datetime, title: str | None = None) -> datetime: ...
    def get_validators(self, url: str) -> tuple[str | None, str | None]: ...
    def set_validators(self, url: str, etag: str | None, last_modified: str | None) -> None: ...
    def cache_get(self, kind: str, key: str) -> Blob | None: ...
    def cache_put_many(self, kind: str, items: Iterable[tuple[str, Blob]]) -> None: ...
    def cache_put_parts(self, kind: str, key: str, parts: Iterable[Blob]) -> None: ...
    def record_source(self, run_id: int | None, source: str, status: str, error: str | None = None) -> None: ...
    def failure_streak(self, source: str) -> int: ...
    def source_results(self, run_id: int) -> list[tuple[str, str, str | None]]: ...
    def start_run(self, day: date | str, trigger: str) -> int: ...
    def finish_run(self, run_id: int, outcome: str, message: str | None = None) -> None: ...
    def record_missed_run(self, day: date | str, message: str) -> int: ...
    def abandon_unfinished(self, trigger: str, message: str) -> int: ...
    def recent_runs(self, limit: int = 10) -> list[RunRecord]: ...
    def runs_per_day(self, day: date | str) -> list[RunRecord]: ...
    def was_sent(self, day: date | str, audience: str, recipient: str) -> bool: ...
    def claim_delivery(
        self,
        day: date | str,
        audience: str,
        recipient: str,
        token: str,
        take_over: Callable[[DeliveryClaim], bool] = ...,
    ) -> DeliveryClaim: ...
    def settle_delivery(self, claim: DeliveryClaim, status: str, attempts: int, error: str | None = None) -> None: ...
    def deliveries(self, day: date | str) -> list[DeliveryRecord]: ...
    def record_theme_volume(self, day: date | str, counts: Mapping[str, int]) -> None: ...
    def theme_volume(self, days_back: int, until_day: date | str) -> dict[str, dict[str, int]]: ...
    def record_theme_profiles(
        self, day: date | str, profiles: Mapping[str, tuple[int, Mapping[str, float]]]
    ) -> None: ...
    def theme_profiles(
        self, before_day: date | str, days: int
    ) -> dict[str, dict[str, tuple[int, dict[str, float]]]]: ...
    def record_stories(self, day: date | str, stories: Iterable[StoryRecord]) -> None: ...
    def stories_between(self, first_day: date | str, before_day: date | str) -> list[StoryRecord]: ...
    def story_days(self, story_ids: Iterable[str], before_day: date | str) -> dict[str, list[str]]: ...
    def record_printed(self, audience: str, day: date | str, sentences: Iterable[str]) -> None: ...
    def printed_between(self, audience: str, first_day: date | str, before_day: date | str) -> dict[str, str]: ...
