"""The SQLite store, on real files, with real concurrent processes."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from briefer.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError


def test_missing_store_is_created_with_wal_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "store.sqlite"
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION >= 1
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "validators", "cache", "source_runs", "runs", "deliveries", "theme_volume"} <= tables


def test_corrupt_store_is_moved_aside_and_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "store.sqlite"
    garbage = b"this is not a database\x00\xff" * 500
    path.write_bytes(garbage)
    with caplog.at_level(logging.WARNING, logger="briefer.store"), Store(path) as store:
        store.cache_put("extract", "abc", b"value")
        assert store.cache_get("extract", "abc") == b"value"
    aside = list(tmp_path.glob("store.sqlite.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == garbage
    assert any("damaged" in r.getMessage() and str(aside[0]) in r.getMessage() for r in caplog.records)
    with Store(path) as again:  # the rebuilt store is a good one: reopening moves nothing
        assert again.cache_get("extract", "abc") == b"value"
    assert len(list(tmp_path.glob("store.sqlite.corrupt-*"))) == 1


def test_a_store_from_a_newer_briefer_is_refused_not_destroyed(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))


def test_a_version_1_store_keeps_its_source_results_when_they_move_to_the_runs_ids(tmp_path: Path) -> None:
    from briefer.store import MIGRATIONS

    path = tmp_path / "store.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    for status in ("error", "error"):  # the run ids of version 1: a uuid of their own, joined to nothing
        conn.execute(
            "INSERT INTO source_runs (run_id, source, status, error, at) VALUES (?, 'Wire', ?, 'down', '2025-11-03')",
            (f"2025-11-03T06:00:00+00:00-{status}", status),
        )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.failure_streak("Wire") == 2  # the streak goes on across the upgrade
        run = store.start_run("2025-11-04", "manual")
        store.record_source(run, "Wire", "error", "down")
        assert store.failure_streak("Wire") == 3
        assert store.source_results(run) == [("Wire", "error", "down")]


def test_seen_returns_first_sighting(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        monday = datetime(2025, 11, 3, 6, tzinfo=UTC)
        tuesday = monday + timedelta(days=1)
        assert store.seen("https://a.example/1", "h1", monday, title="One") == monday
        assert store.seen("https://a.example/1", "h1-edited", tuesday) == monday
        assert store.seen("https://mirror.example/1", "h1-edited", tuesday) == monday  # same text, other address
        assert store.seen("https://a.example/2", "h2", tuesday) == tuesday


def test_validators_and_cache_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        assert store.get_validators("https://x.example/feed") == (None, None)
        store.set_validators("https://x.example/feed", '"etag-1"', "Mon, 03 Nov 2025 06:00:00 GMT")
        assert store.get_validators("https://x.example/feed") == ('"etag-1"', "Mon, 03 Nov 2025 06:00:00 GMT")
        store.set_validators("https://x.example/feed", None, "Tue, 04 Nov 2025 06:00:00 GMT")
        assert store.get_validators("https://x.example/feed") == (None, "Tue, 04 Nov 2025 06:00:00 GMT")
        assert store.cache_get("analyse", "k") is None
        store.cache_put("analyse", "k", b"\x00\x01")
        store.cache_put("analyse", "k", b"\x02")
        assert store.cache_get("analyse", "k") == b"\x02"
        assert store.cache_get("extract", "k") is None


def test_failure_streak_counts_consecutive_errors_newest_first(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        assert store.failure_streak("Wire") == 0
        for status in ["error", "ok", "error", "error", "error"]:
            run = store.start_run("2025-11-03", "manual")
            store.record_source(run, "Wire", status, "timed out" if status == "error" else None)
            store.record_source(run, "Ledger", "ok", None)
        assert store.failure_streak("Wire") == 3
        assert store.failure_streak("Ledger") == 0
        assert store.source_results(run) == [("Wire", "error", "timed out"), ("Ledger", "ok", None)]
        store.record_source(None, "Wire", "not_modified", None)  # a run that was not recorded
        assert store.failure_streak("Wire") == 0
        with pytest.raises(StoreError):  # a result belongs to a run of the runs table, or to none
            store.record_source(run + 100, "Wire", "ok", None)


def test_runs_deliveries_and_theme_volume(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        first = store.start_run(date(2025, 11, 3), "schedule")
        store.finish_run(first, "ok", "2 editions")
        second = store.start_run("2025-11-03", "manual")
        runs = store.recent_runs(5)
        assert [r.id for r in runs] == [second, first]
        assert runs[0].outcome is None and runs[1].outcome == "ok" and runs[1].finished_at is not None
        assert store.abandon_unfinished("manual", "process died") == 1
        assert [r.outcome for r in store.runs_per_day("2025-11-03")] == ["ok", "abandoned"]
        with pytest.raises(ValueError):
            store.finish_run(first, "fine")

        assert not store.was_sent("2025-11-03", "analyst", "a@example.org")
        store.record_delivery("2025-11-03", "analyst", "a@example.org", "failed", 3, "refused")
        assert not store.was_sent("2025-11-03", "analyst", "a@example.org")
        store.record_delivery("2025-11-03", "analyst", "A@Example.org", "sent", 1)
        assert store.was_sent("2025-11-03", "analyst", "a@example.org")
        assert not store.was_sent("2025-11-04", "analyst", "a@example.org")

        store.record_theme_volume("2025-11-02", {"Talks": 4, "Mediation": 2})
        store.record_theme_volume("2025-11-03", {"Talks": 1})
        store.record_theme_volume("2025-11-03", {"Talks": 5})  # a re-run replaces the day
        volume = store.theme_volume(3, "2025-11-03")
        assert volume == {"2025-11-01": {}, "2025-11-02": {"Mediation": 2, "Talks": 4}, "2025-11-03": {"Talks": 5}}


def test_a_delivery_claim_has_one_holder_until_it_is_settled_or_taken_over(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        first = store.claim_delivery("2025-11-03", "analyst", "A@Example.org", "first")
        assert (first.token, first.state, first.recipient) == ("first", "sending", "a@example.org")
        second = store.claim_delivery("2025-11-03", "analyst", "a@example.org", "second")
        assert second == first  # the claim that holds is the first one's
        assert store.claim_delivery("2025-11-04", "analyst", "a@example.org", "other day").token == "other day"
        store.settle_delivery(first, "failed", 2, "refused")
        seen: list[str] = []
        taken = store.claim_delivery(
            "2025-11-03", "analyst", "a@example.org", "third", take_over=lambda c: seen.append(c.state) or True
        )
        assert seen == ["failed"] and (taken.token, taken.state) == ("third", "sending")
        store.settle_delivery(first, "sent", 1)  # a stale holder's record never changes the new claim
        assert store.claim_delivery("2025-11-03", "analyst", "a@example.org", "x").state == "sending"
        store.settle_delivery(taken, "sent", 1)
        assert store.claim_delivery("2025-11-03", "analyst", "a@example.org", "x").state == "sent"
        assert [d.status for d in store.deliveries("2025-11-03")] == ["failed", "sent", "sent"]


def test_sends_recorded_before_claims_existed_count_as_claimed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute(
        "INSERT INTO deliveries (day, audience, recipient, status, attempts, error, at) "
        "VALUES ('2025-11-03', 'analyst', 'a@example.org', 'sent', 1, NULL, '2025-11-03T06:00:00+00:00')"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(path) as store:
        claim = store.claim_delivery("2025-11-03", "analyst", "a@example.org", "new")
        assert (claim.state, claim.token) == ("sent", "before-claims")
        assert store.claim_delivery("2025-11-03", "analyst", "b@example.org", "new").token == "new"


WRITER = textwrap.dedent(
    """
    import sys
    import time
    from datetime import UTC, datetime
    from briefer.store import Store

    path, name, other = sys.argv[1], sys.argv[2], sys.argv[3]
    store = Store(path)
    print("ready", flush=True)
    sys.stdin.readline()  # the test's barrier: both start writing at once
    first = store.start_run("2025-11-03", "manual")
    store.finish_run(first, "ok", name)
    # Both are writing before either goes on: the other's first run is in the store.
    while not any(run.message == other for run in store.recent_runs(1000)):
        time.sleep(0.001)
    for i in range(150):
        store.seen(f"https://{name}.example/{i}", f"{name}-{i}", datetime.now(UTC))
        store.cache_put("extract", f"{name}-{i}", name.encode() * 100)
        run = store.start_run("2025-11-03", "manual")
        store.record_source(run, name, "error" if i % 2 else "ok", None)
        store.finish_run(run, "ok", name)
    print("done")
    """
)


def started_together(script: str, *argvs: list[str]) -> list[subprocess.Popen[str]]:
    """One process per ``argv``, each running ``script``; released together once all say they are ready."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, *argv],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv in argvs
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n", proc.communicate()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    return procs


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    procs = started_together(WRITER, [str(path), "alpha", "beta"], [str(path), "beta", "alpha"])
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert out.strip() == "done"
    with Store(path) as store:
        runs = store.recent_runs(1000)
        assert len(runs) == 302 and len({r.id for r in runs}) == 302
        assert {r.message for r in runs} == {"alpha", "beta"}
        assert store.cache_get("extract", "beta-149") == b"beta" * 100
        assert store.failure_streak("alpha") == 1  # 149 is odd: the last one failed
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 300
    assert conn.execute("SELECT COUNT(*) FROM cache").fetchone()[0] == 300
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


OPENER = """
import sys
from briefer.store import Store
path, name = sys.argv[1], sys.argv[2]
print("ready", flush=True)
sys.stdin.readline()
with Store(path) as store:  # every process creates or opens the new file at the same instant
    store.cache_put("probe", name, name.encode())
print("done")
"""


def test_many_processes_opening_a_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    names = [f"p{i}" for i in range(6)]
    procs = started_together(OPENER, *([str(path), name] for name in names))
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and out.strip() == "done", err
    with Store(path) as store:
        assert all(store.cache_get("probe", name) == name.encode() for name in names)


def test_a_store_with_damaged_pages_is_caught_by_quick_check_and_moved_aside(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The header is fine, so the file opens; a table's pages are garbage, which only quick_check sees."""
    path = tmp_path / "store.sqlite"
    with Store(path) as store:
        for i in range(400):
            store.seen(f"https://a.example/{i}", f"hash-{i}", datetime(2025, 11, 3, tzinfo=UTC), title="x" * 200)
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    assert pages > root + 4 and not (tmp_path / "store.sqlite-wal").exists()  # all in the main file
    damaged = bytearray(path.read_bytes())
    for page in range(root, root + 4):  # the articles table's first pages: its root and leaves
        damaged[page * page_size + 8 : (page + 1) * page_size] = b"\xa5" * (page_size - 8)
    path.write_bytes(bytes(damaged))
    with caplog.at_level(logging.WARNING, logger="briefer.store"), Store(path) as store:
        assert store.seen("https://a.example/1", "hash-1", datetime(2025, 11, 4, tzinfo=UTC)).day == 4  # new again
    [aside] = tmp_path.glob("store.sqlite.corrupt-*")
    assert aside.read_bytes() == bytes(damaged)
    assert any("damaged" in r.getMessage() and "quick_check" in r.getMessage() for r in caplog.records)


def test_a_damaged_stores_wal_and_shm_go_aside_with_it(tmp_path: Path) -> None:
    """Another process still has the store open, its last writes in the -wal, when the file is found
    damaged: the -wal and -shm belong to the damaged file and go aside with it (replayed into the new
    store they would damage that one too), and the other process keeps its own view of the old file."""
    path = tmp_path / "store.sqlite"
    with Store(path) as store:
        store.cache_put("extract", "before", b"old")
    other = sqlite3.connect(path, isolation_level=None)  # stands for a scheduler with the store open
    other.execute("INSERT INTO cache VALUES ('extract', 'in the wal', x'00', '2025-11-03T06:00:00+00:00')")
    assert (tmp_path / "store.sqlite-wal").stat().st_size > 0
    with path.open("r+b") as handle:  # the header is overwritten (a bad copy, a disk error)
        handle.write(b"garbage!" * 12)
    with Store(path) as store:
        store.cache_put("extract", "after", b"new")
        assert store.cache_get("extract", "before") is None and store.cache_get("extract", "in the wal") is None
    [aside] = tmp_path.glob("store.sqlite.corrupt-*[0-9]Z")
    assert (tmp_path / f"{aside.name}-wal").stat().st_size > 0 and (tmp_path / f"{aside.name}-shm").exists()
    assert sorted(k for (k,) in other.execute("SELECT key FROM cache")) == ["before", "in the wal"]
    other.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [k for (k,) in conn.execute("SELECT key FROM cache")] == ["after"]


LARGE_VALUE = {
    "fields": {"Article": ["id", "text"], "Théme": []},
    "shared": {"Article": [["a1", 'Zürich \u2014 "quoted" \\ line\nbreak'], ["a2", ""]], "Empty": []},
    "root": [[0, 1, None, True, 0.125, -3], {}, {"1": [1.5e-9, "ünï"]}, [[[]]], ("tu", "ple")],
    "numbers keyed": {1: "a", 2: "b"},  # not string keys: json.dumps turns them into strings
}


@pytest.mark.parametrize("piecewise", [0, 1, 2, 3, 4, 8])
def test_a_large_value_written_piecewise_is_byte_for_byte_json_dumps(piecewise: int) -> None:
    import json

    from briefer.store import json_bytes

    assert bytes(json_bytes(LARGE_VALUE, piecewise)) == json.dumps(LARGE_VALUE, ensure_ascii=False).encode("utf-8")


def test_a_value_written_piecewise_reads_back_from_the_store(tmp_path: Path) -> None:
    from briefer.cache import DAY
    from briefer.store import RunMemory

    with Store(tmp_path / "store.sqlite") as store:
        memory = RunMemory(store)
        memory.put_json(DAY, "the day", LARGE_VALUE, piecewise=3)
        back = memory.get_json(DAY, "the day")
    assert back["shared"] == LARGE_VALUE["shared"]
    assert back["root"][4] == ["tu", "ple"] and back["numbers keyed"] == {"1": "a", "2": "b"}


def test_the_days_memo_written_piece_by_piece_reads_back_as_the_whole_encoding() -> None:
    """Codec.encode_json (the day's memo, each shared article and placement written as JSON as soon as it
    is encoded) gives the JSON of Codec.encode, and the same themes back."""
    import dataclasses
    import json

    from test_codec import themes

    from briefer.codec import Codec
    from briefer.models import Article, Placement, SummarizedArticle, ThemeGroup, ThemeScore

    shared = Placement(("Transport",), (ThemeScore("Transport", 0.5, 3.0, 0.25, True),), (), ("ferry",), "Fits.")
    value = [dataclasses.replace(t, placements={"a1": shared, "a2": shared}) for t in themes()]
    codec = Codec(list[ThemeGroup], shared=(Article, SummarizedArticle, Placement))
    written = codec.encode_json(value)
    assert json.loads(bytes(written)) == json.loads(json.dumps(codec.encode(value)))
    back = codec.decode(json.loads(bytes(written)))
    assert back == value
    assert back[0].placements["a1"] is back[0].placements["a2"]  # one placement, written once
    assert len(json.loads(bytes(written))["shared"]["Placement"]) == 1


@pytest.mark.parametrize("piecewise", [1, 2, 3, 5, 8])
@pytest.mark.parametrize("indent", [None, 2, 4])
def test_indented_json_written_piecewise_is_byte_for_byte_json_dumps(piecewise: int, indent: int | None) -> None:
    """briefing.json (indent 2) can be written item by item too, the same bytes as json.dumps gives."""
    import json

    from briefer.store import json_bytes

    value = {"themes": [{"articles": [{"id": "a\\nb", "n": [1, 2.5, None]}, {}], "e": []}, LARGE_VALUE], "x": "ü"}
    expected = (json.dumps(value, ensure_ascii=False, indent=indent) + "\n").encode("utf-8")
    assert bytes(json_bytes(value, piecewise, indent=indent, end="\n")) == expected


@pytest.mark.parametrize("piecewise", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("indent", [None, 2])
def test_a_lazy_list_is_written_as_its_items_each_made_once_the_one_before_is_written(
    piecewise: int, indent: int | None
) -> None:
    """briefing.json's articles (:class:`briefer.codec.Lazy`): the bytes are json.dumps's of the list
    of its items, empty or not, at any depth; within the depth written piece by piece, each item is
    made after the one before it is in the buffer (so it can be let go), and made once."""
    import json

    from briefer.codec import Lazy, json_into

    out = bytearray()
    made: list[int] = []

    def items(n: int) -> Iterator[dict[str, Any]]:
        for k in range(n):
            made.append(len(out))
            yield {"id": f"a{k}", "text": "ü\n" * k, "placement": {"scores": [k, 0.5], "why": None}}

    def value(lazy: bool) -> dict[str, Any]:
        def articles(n: int) -> Any:
            return Lazy(n, lambda: items(n)) if lazy else list(items(n))

        return {"themes": [{"name": "A", "articles": articles(3)}, {"name": "B", "articles": articles(0)}], "x": []}

    expected = json.dumps(value(False), ensure_ascii=False, indent=indent).encode("utf-8")
    made.clear()
    json_into(out, value(True), piecewise, indent)
    assert bytes(out) == expected
    assert len(made) == 3  # each item made once
    if piecewise >= 4:  # themes, a theme, its articles: each article made after the one before was written
        assert made[0] < made[1] < made[2]


def test_an_entry_larger_than_a_part_is_kept_in_parts_and_read_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry over PART_BYTES (the day's memo) is a head row and parts, each bound to SQLite alone
    (SQLite copies what it is given); read back whole, from another connection too. Replaced by a
    shorter one, in parts or whole, it reads as the new one; a part gone, it reads as nothing; an
    entry that starts as a head does is kept in parts, so never taken for one; pruned, its parts go.
    Parts that come to no more than one are written as one row, plain JSON as any entry."""
    import sqlite3

    import briefer.store as store_module
    from briefer.store import _PARTS

    monkeypatch.setattr(store_module, "PART_BYTES", 10)
    long, other = bytes(range(256)) * 3 + b"end", b"x" * 25
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.cache_put_many("day", [("small", b"0123456789"), ("long", long), ("odd", _PARTS + b"1 1")])
        store.cache_put_many("day", [("long\tx", b"sorts among its parts"), ("long\npart 00000005x", b"stray")])
        store.cache_put_parts("memo", "k", (bytearray(p) for p in (b"ab", b"", b"c" * 23)))
        store.cache_put_parts("memo", "small", [b'{"a": ', b"1}"])  # no larger than a part: one row, as it is
        with sqlite3.connect(path) as conn:
            rows = conn.execute("SELECT kind, key, value FROM cache WHERE key LIKE 'small%' ORDER BY kind").fetchall()
            assert rows == [("day", "small", b"0123456789"), ("memo", "small", b'{"a": 1}')]
        assert store.cache_get("day", "small") == b"0123456789"
        assert store.cache_get("day", "long") == long and store.cache_get("day", "odd") == _PARTS + b"1 1"
        assert store.cache_get("day", "long\tx") == b"sorts among its parts"
        assert store.cache_get("memo", "k") == b"ab" + b"c" * 23
        with sqlite3.connect(path) as conn:
            parts = conn.execute(
                "SELECT COUNT(*), MAX(LENGTH(value)) FROM cache WHERE key > ? AND key < ?", ("long\n", "long\x0b")
            ).fetchone()
        assert parts == (79, 10)  # besides the head: 78 parts of 10 bytes at most, and the stray key
        store.cache_put_many("day", [("long", other)])
        assert store.cache_get("day", "long") == other
        store.cache_put_many("day", [("long", b"short")])
        assert store.cache_get("day", "long") == b"short"
        store.cache_put_many("day", [("long", long)])
        with sqlite3.connect(path) as conn:
            conn.execute("DELETE FROM cache WHERE key = ?", ("long\npart 00000005",))
        assert store.cache_get("day", "long") is None
    with Store(path) as store:
        assert store.cache_get("memo", "k") == b"ab" + b"c" * 23
        store.prune("2999-01-01", ["day", "memo"])
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT COUNT(*) FROM cache WHERE kind IN ('day', 'memo')").fetchone() == (0,)


def test_an_entry_in_parts_is_kept_in_rows_of_a_part_each_whatever_the_parts_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows of an entry kept in parts are PART_BYTES each but the last, whatever the sizes of the parts
    it is given in (a part's tail is the start of the next row, never a short row of its own: the rows the
    Dask driver writes from the memo fetched from its worker are one process's); read back whole."""
    import briefer.store as store_module
    from briefer.store import even_parts

    monkeypatch.setattr(store_module, "PART_BYTES", 10)
    given = [b"a" * 15, b"", b"b" * 15, b"c" * 3, b"d" * 12]
    with Store(tmp_path / "s.sqlite") as store:
        store.cache_put_parts("memo", "k", given)
        with sqlite3.connect(tmp_path / "s.sqlite") as conn:
            rows = conn.execute("SELECT LENGTH(value) FROM cache WHERE key > 'k\n' AND key < 'k\x0b' ORDER BY key")
            assert [n for (n,) in rows] == [10, 10, 10, 10, 5]
        assert store.cache_get("memo", "k") == b"".join(given)
    for size in (1, 4, 10, 45, 60):
        cut = list(even_parts(given, size))
        assert b"".join(cut) == b"".join(given) and all(len(p) == size for p in cut[:-1]), (size, cut)
        assert 0 < len(cut[-1]) <= size
    assert list(even_parts([b"", b""], 4)) == []

    def reused() -> Iterator[bytearray]:  # a producer that clears its buffer once the next part is asked for
        buffer = bytearray()
        for part in given:
            buffer += part
            yield buffer
            buffer.clear()  # a view of it still held would make this a BufferError

    assert b"".join(even_parts(reused(), 10)) == b"".join(given)


def test_sqlite_holds_a_few_mb_as_it_writes_an_entry_in_parts(tmp_path: Path) -> None:
    """SQLite holds a row twice as it writes it (its copy of the value, the record made of it) beside its
    page cache: the day's memo, in rows of 4 MB, took its memory to 10.3 MB at the Dask driver's store flush,
    the end of the run (docs/performance.md, session 66); in rows of PART_BYTES (1 MB), some 4.3 MB. Measured
    by SQLite's own counter (``sqlite3_memory_highwater``), where the library is shared."""
    import ctypes

    from briefer.store import PART_BYTES

    maps = Path("/proc/self/maps")
    lines = maps.read_text(encoding="utf-8").splitlines() if maps.exists() else []
    found = [line.split()[-1] for line in lines if "libsqlite3" in line]
    if not found:
        pytest.skip("SQLite is not a shared library here")
    sqlite = ctypes.CDLL(found[0])
    sqlite.sqlite3_memory_highwater.restype = ctypes.c_int64
    with Store(tmp_path / "s.sqlite") as store:
        store.cache_put_many("memo", [("warm", b"x" * 100)])
        sqlite.sqlite3_memory_highwater(1)
        store.cache_put_parts("memo", "day", (bytearray([n]) * (4 << 20) for n in range(3)))  # the codec's parts
        held = sqlite.sqlite3_memory_highwater(1) / 2**20
        assert store.cache_get("memo", "day") == b"".join(bytearray([n]) * (4 << 20) for n in range(3))
    assert PART_BYTES <= 1 << 20 and held < 6, held


def test_the_memo_s_parts_are_its_json_in_order() -> None:
    """Codec.encode_json_parts: parts of at least the size asked (but the last), the JSON of
    Codec.encode's result once joined, whatever the size."""
    import json

    from test_codec import themes

    from briefer.codec import Codec
    from briefer.models import Article, Placement, SummarizedArticle, ThemeGroup

    value = themes()
    codec = Codec(list[ThemeGroup], shared=(Article, SummarizedArticle, Placement))
    expected = json.loads(json.dumps(codec.encode(value)))
    for size in (1, 50, 1000, 1 << 30):
        parts = list(codec.encode_json_parts(value, size))
        assert all(len(p) >= size for p in parts[:-1])
        assert len(parts) > 1 or size > 1000
        assert json.loads(b"".join(parts)) == expected
        assert b"".join(parts) == codec.encode_json(value)


def test_the_memo_s_pieces_held_compressed_give_the_same_parts() -> None:
    """Session 48: ``compressed`` holds each shared object's JSON text compressed until it is written (every
    article's and placement's text is held until the root is encoded: the last peak of a large day's run);
    the same parts, byte for byte, placements written once by their content as before."""
    import zlib

    from test_codec import themes

    from briefer.codec import Codec
    from briefer.models import Article, Placement, SummarizedArticle, ThemeGroup

    value = themes()
    codec = Codec(list[ThemeGroup], shared=(Article, SummarizedArticle, Placement), by_content=(Placement,))
    for size in (1, 50, 1000, 1 << 30):
        plain = list(codec.encode_json_parts(value, size))
        packed = codec.encode_json_parts(value, size, compressed=True)
        held = packed.gi_frame.f_locals["tables"]  # type: ignore[attr-defined]  # before the first part
        pieces = [piece for table in held.values() for piece in table]
        assert pieces and all(zlib.decompress(piece) for piece in pieces)  # each a compressed text
        assert list(packed) == plain
    with pytest.raises(ValueError):
        list(Codec(list[Article], shared=(Article,), keep_pieces=4).encode_json_parts([], compressed=True))


def test_a_large_value_s_root_is_written_a_part_at_a_time_too() -> None:
    """Session 49: the root's text goes out in parts of about ``size`` bytes as the shared tables' does, not
    whole in the last part (the day's base at 100,000 articles: some 140 MB of root text held at once beside
    its encoded form, the run's peak); the same bytes."""
    import json

    from test_codec import themes

    from briefer.codec import Codec
    from briefer.models import Article, Placement, SummarizedArticle, ThemeGroup

    value = themes() * 50  # a root of many themes
    codec = Codec(list[ThemeGroup], shared=(Article, SummarizedArticle, Placement), by_content=(Placement,))
    whole = bytes(codec.encode_json(value))
    for size in (1, 100, 4096):
        parts = list(codec.encode_json_parts(value, size))
        assert b"".join(parts) == whole
        root = whole.index(b'"root": ')
        longest = max(len(json.dumps(item).encode()) for item in json.loads(whole)["root"])
        # every part within a root's item (and its separator) of ``size``: none holds the root whole
        starts = [sum(len(p) for p in parts[:i]) for i in range(len(parts))]
        assert all(len(part) <= size + longest + 16 for part, at in zip(parts, starts, strict=True) if at > root)
        assert len(parts) > 2


def test_a_large_day_s_memo_is_encoded_with_its_pieces_compressed(monkeypatch: pytest.MonkeyPatch) -> None:
    """From ``cached.MEMO_COMPRESSED_FROM`` articles the day's memo holds its pieces compressed until written;
    a smaller day's as before."""
    from test_codec import themes

    from briefer import cached
    from briefer.select import Selection

    value = themes()
    articles = list({id(a.article): a.article for theme in value for a in theme.articles}.values())
    asked: list[bool] = []
    encode = cached._DAY_CODEC.encode_json_parts

    def spied(day: Any, size: int = 4 << 20, compressed: bool = False) -> Any:
        asked.append(compressed)
        return encode(day, size, compressed)

    class Memory:
        def later(self, job: Any) -> None:
            job()

        def put_parts(self, kind: Any, key: str, parts: Any) -> None:
            self.written = b"".join(parts)

    monkeypatch.setattr(cached._DAY_CODEC, "encode_json_parts", spied)
    written = []
    for threshold in (len(articles) + 1, len(articles)):
        monkeypatch.setattr(cached, "MEMO_COMPRESSED_FROM", threshold)
        memory = Memory()
        cached.save_day(memory, "key", (Selection(articles, [], 0), value))  # type: ignore[arg-type]
        written.append(memory.written)
    assert asked == [False, True]
    assert written[0] == written[1]
