"""Intraday updates (issue 15): a run that finds a few new articles in a store that already holds the
day's others writes the brief a cold run of the same articles writes, byte for byte.

A real store (SQLite), real folders of articles (our own writing: tests/fixtures/themes), the whole
pipeline; only the run's clock is fixed (``SOURCE_DATE_EPOCH``), as a cron job's two runs of one day
would see two times.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from theme_days import BORDER_THEMES, FOLDER

from briefer import article_memo
from briefer.config import Config, parse_config
from briefer.pipeline import run
from briefer.report import RunReport

DAY = date(2026, 4, 7)
DAY_START = datetime(2026, 4, 7, tzinfo=UTC)
MORNING = datetime(2026, 4, 7, 9, 0, tzinfo=UTC)
NOON = datetime(2026, 4, 7, 12, 30, tzinfo=UTC)


def workspace(root: Path) -> Config:
    """A workspace with an empty folder of articles, the border desk's themes, a store and JSON + Markdown out."""
    (root / "articles").mkdir(parents=True)
    config = {
        "briefing": {"title": "Border desk", "timezone": "UTC"},
        "sources": [{"name": "Desk", "type": "folder", "path": "articles", "window": "all"}],
        "themes": [t.model_dump(mode="json") for t in BORDER_THEMES],
        "audiences": [{"name": "analyst", "template": "analyst", "formats": ["json", "md"]}],
        "store": {"path": "store.sqlite"},
        "output": "out",
        "executor": {"processes": 1},
    }
    return parse_config(yaml.safe_dump(config), base_dir=root)


def add(root: Path, folder: str, names: list[str] | None = None) -> None:
    """Copy articles of a fixture day into the workspace, each dated in its front matter (a file's
    own time would be the copy's: two workspaces would not hold the same articles)."""
    for number, path in enumerate(sorted((FOLDER / folder).glob("*.txt"))):
        if names is None or path.stem in names:
            title, body = path.read_text(encoding="utf-8").split("\n", 1)
            published = DAY_START.replace(hour=6 + number % 6, minute=7 * number % 60)
            front = yaml.safe_dump({"title": title, "date": published.isoformat()})
            (root / "articles" / f"{folder}-{path.stem}.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def brief(config: Config, root: Path, clock: datetime) -> tuple[bytes, bytes, RunReport]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(int(clock.timestamp())))
        _, report = run(config, DAY, output=root / "out")
    folder = root / "out" / DAY.isoformat() / "analyst"
    return (folder / "briefing.json").read_bytes(), (folder / "briefing.md").read_bytes(), report


def stored(root: Path, kind: str) -> int:
    """Entries of one kind in the workspace's store (read with sqlite3, as any tool would)."""
    with closing(sqlite3.connect(root / "store.sqlite")) as db:
        (count,) = db.execute("SELECT COUNT(*) FROM cache WHERE kind = ?", (kind,)).fetchone()
    return int(count)


def cold(config: Config, root: Path, clock: datetime) -> tuple[bytes, bytes, RunReport]:
    """The brief of the workspace's articles as they stand, from an empty store (the same paths,
    so the same URLs and ids: the same articles)."""
    (root / "store.sqlite").unlink()
    shutil.rmtree(root / "out")
    article_memo.clear()  # and nothing the process kept of the articles (a fresh process's run)
    return brief(config, root, clock)


@pytest.fixture(autouse=True, params=[False, True], ids=["fresh process", "resident process"])
def _memos(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test as a process per run would make the briefs, and as one process that keeps what it
    worked out for each article between runs (briefer/article_memo.py)."""
    article_memo.keep_between_runs(request.param)
    yield
    article_memo.keep_between_runs(False)


def test_an_update_with_new_articles_writes_the_brief_a_cold_run_of_the_same_articles_writes(tmp_path: Path) -> None:
    later = ["turkey-envoy", "kurram-shelling", "crossing-traders"]  # three of the next day's stories arrive at noon
    config = workspace(tmp_path)
    add(tmp_path, "border-day")
    morning_json, _, morning = brief(config, tmp_path, MORNING)
    add(tmp_path, "border-day-2", later)
    update_json, update_md, update = brief(config, tmp_path, NOON)
    cold_json, cold_md, first = cold(config, tmp_path, NOON)

    assert update_json != morning_json  # the update did change the brief...
    assert update.kept == first.kept == morning.kept + len(later)
    assert update.reused == morning.kept  # ...analysing only what was new
    assert stored(tmp_path, "fingerprint") == morning.kept + len(later)  # one per text, kept for the next run
    assert first.reused == 0
    assert update_json == cold_json  # byte for byte
    assert update_md == cold_md


def test_a_second_update_and_a_run_with_nothing_new_keep_to_the_cold_brief(tmp_path: Path) -> None:
    # Three runs in a day, articles arriving in two batches after the first; then a run with nothing new.
    config = workspace(tmp_path)
    add(tmp_path, "border-day", ["russia-mediation", "airspace-violation", "doha-round", "cricket"])
    brief(config, tmp_path, MORNING)
    add(tmp_path, "border-day")
    brief(config, tmp_path, MORNING.replace(hour=10))
    add(tmp_path, "border-day-2")
    update_json, _, _ = brief(config, tmp_path, NOON)
    again_json, _, again = brief(config, tmp_path, NOON)
    cold_json, _, _ = cold(config, tmp_path, NOON)

    assert update_json == cold_json
    assert again_json == cold_json
    assert again.unchanged and not again.written  # nothing new: the files on disk are kept


def test_a_resident_process_reads_back_only_the_articles_it_did_not_see_as_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Kept between runs, an unchanged article's analysis is the object the run before made; one
    # re-dated (the same text: the same store key) or rewritten is read or made again, never served stale.
    from briefer import cached
    from briefer.store import RunMemory

    if not article_memo.kept():
        pytest.skip("a resident process's test")
    config = workspace(tmp_path)
    add(tmp_path, "border-day")
    brief(config, tmp_path, MORNING)
    read: list[str] = []
    original = cached._cached_analysis
    monkeypatch.setattr(
        cached, "_cached_analysis", lambda m, k, a, *sent: read.append(a.title) or original(m, k, a, *sent)
    )
    kinds: list[str] = []
    get_json = RunMemory.get_json
    monkeypatch.setattr(RunMemory, "get_json", lambda m, kind, key: kinds.append(kind.name) or get_json(m, kind, key))
    articles = sorted((tmp_path / "articles").glob("*.md"))
    redated, rewritten = articles[0], articles[1]
    redated.write_text(redated.read_text(encoding="utf-8").replace("T0", "T1", 1), encoding="utf-8")
    rewritten.write_text(rewritten.read_text(encoding="utf-8") + "\nA paragraph added at noon.\n", encoding="utf-8")
    update_json, _, update = brief(config, tmp_path, NOON)
    monkeypatch.setattr(cached, "_cached_analysis", original)
    monkeypatch.setattr(RunMemory, "get_json", get_json)
    cold_json, _, _ = cold(config, tmp_path, NOON)

    assert update_json == cold_json
    assert len(read) == 2  # the two changed articles only; the rest handed back as they were
    assert update.reused == update.kept - 1  # the re-dated article's analysis read back, the rewritten one made
    assert kinds.count("extract") == 2  # two documents changed: their extractions looked up, not the others'
    assert kinds.count("fingerprint") == 1  # one text changed (the re-dated article's is the same text)
