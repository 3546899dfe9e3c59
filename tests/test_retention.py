"""store.keep_days: the days past it leave a real SQLite store, and the file shrinks (VACUUM)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from briefer import clock
from briefer.config import ConfigError, parse_config
from briefer.retention import days_kept, prune_store
from briefer.store import Store, StoryRecord

TODAY = date(2026, 6, 30)
OLD_DAYS = [TODAY - timedelta(days=100 + i) for i in range(20)]  # well past 30 days
RECENT_DAYS = [TODAY - timedelta(days=i) for i in range(5)]


def config(tmp_path: Path, keep_days: int = 30, memory_days: int = 7):
    text = yaml.safe_dump(
        {
            "sources": [{"name": "Desk", "type": "folder", "path": "articles"}],
            "store": {"keep_days": keep_days},
            "stories": {"memory_days": memory_days},
        }
    )
    return parse_config(text, base_dir=tmp_path)


def fill(store: Store, day: date, monkeypatch: pytest.MonkeyPatch) -> None:
    """One day of history, written as if on that day: a run, its source, a delivery, theme volume and
    profile, a story, printed sentences, 50 articles seen and their cached analyses (40 KB each)."""
    moment = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(clock, "wall", lambda: moment)
    run_id = store.start_run(day, "schedule")
    store.record_source(run_id, "Desk", "ok")
    store.finish_run(run_id, "ok")
    store.record_delivery(day, "analyst", "desk@example.org", "sent", 1)
    store.record_theme_volume(day, {"Harbours": 3})
    store.record_theme_profiles(day, {"Harbours": (3, {"crane": 1.5})})
    store.record_stories(day, [StoryRecord(day.isoformat(), f"s-{day}", "Harbours", "Cranes", day.isoformat(), 3, {})])
    store.record_printed("analyst", day, [f"sentence-{day}"])
    for i in range(50):
        store.seen(f"https://example.org/{day}/{i}", f"hash-{day}-{i}", moment, "A crane")
    store.cache_put_many("analysis", [(f"{day}-{i}", bytes([i % 251]) * 40_000) for i in range(50)])
    store.cache_put("feed", f"https://example.org/{day}/feed", b"<rss/>")


def counts(store: Store) -> dict[str, int]:
    tables = ["runs", "source_runs", "deliveries", "theme_volume", "theme_profiles", "story_days", "printed"]
    out = {t: store._read(f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}
    out["articles"] = store._read("SELECT COUNT(*) FROM articles")[0][0]
    out["analysis"] = store._read("SELECT COUNT(*) FROM cache WHERE kind = 'analysis'")[0][0]
    out["feed"] = store._read("SELECT COUNT(*) FROM cache WHERE kind = 'feed'")[0][0]
    return out


def test_days_past_keep_days_leave_the_store_and_the_file_shrinks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.sqlite"
    store = Store(path)
    for day in OLD_DAYS + RECENT_DAYS:
        fill(store, day, monkeypatch)
    monkeypatch.undo()
    store._read("PRAGMA wal_checkpoint(TRUNCATE)")
    size_before = path.stat().st_size
    assert size_before > 40 * 1024 * 1024

    pruned = prune_store(store, config(tmp_path), TODAY)

    assert pruned is not None and pruned.vacuumed
    assert pruned.first_kept == TODAY - timedelta(days=29)
    after = counts(store)
    per_day = {"runs": 1, "source_runs": 1, "deliveries": 1, "theme_volume": 1, "theme_profiles": 1}
    for table, rows in per_day.items():
        assert after[table] == rows * len(RECENT_DAYS), table
    assert after["story_days"] == after["printed"] == len(RECENT_DAYS)
    assert after["articles"] == after["analysis"] == 50 * len(RECENT_DAYS)
    assert after["feed"] == len(OLD_DAYS) + len(RECENT_DAYS)  # a 304 reuses a feed however old
    assert sorted(r.day for r in store.recent_runs(100)) == sorted(d.isoformat() for d in RECENT_DAYS)
    assert sum(pruned.deleted.values()) > 0
    store.close()
    size_after = path.stat().st_size
    assert size_after < size_before / 3  # 20 old days of 25 gone, and given back to the disk
    assert size_after == pruned.size_after


def test_pruned_once_a_day_and_never_below_the_story_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(tmp_path / "store.sqlite")
    edge = TODAY - timedelta(days=40)  # inside memory_days=60, outside keep_days=30
    fill(store, edge, monkeypatch)
    fill(store, TODAY, monkeypatch)
    monkeypatch.undo()
    cfg = config(tmp_path, keep_days=30, memory_days=60)
    assert days_kept(cfg) == 61
    assert prune_store(store, cfg, TODAY) is not None
    assert counts(store)["story_days"] == 2  # the story memory still reaches the edge day
    assert prune_store(store, config(tmp_path), TODAY) is None  # already pruned today
    later = prune_store(store, config(tmp_path), TODAY + timedelta(days=1))
    assert later is None  # the store's newest day is still TODAY: nothing more to prune
    store.start_run(TODAY + timedelta(days=1), "manual")
    later = prune_store(store, config(tmp_path), TODAY + timedelta(days=1))
    assert later is not None and counts(store)["story_days"] == 1  # TODAY's; the edge day's is gone
    store.close()


def test_a_store_whose_days_are_long_past_keeps_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Days briefed with --date long after, or a desk that stopped for a season: the days kept are
    counted back from the newest day the store has, not from the clock."""
    store = Store(tmp_path / "store.sqlite")
    for day in RECENT_DAYS:
        fill(store, day, monkeypatch)
    monkeypatch.undo()
    pruned = prune_store(store, config(tmp_path), TODAY + timedelta(days=400))
    assert pruned is not None and sum(pruned.deleted.values()) == 0
    assert counts(store)["runs"] == len(RECENT_DAYS)
    store.close()


def test_keep_days_below_two_weeks_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="keep_days"):
        config(tmp_path, keep_days=3)
