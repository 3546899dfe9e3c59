"""Scheduling defaults: ``briefer status`` shows what is configured (and says when the schedule
is only the default), and a scheduled brief covers the previous day unless told otherwise."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefer.cli import main
from briefer.config import load_config
from briefer.schedule import BriefScheduler
from briefer.store import Store

ARTICLES = Path(__file__).parent / "fixtures" / "render" / "articles"
BASE = """\
briefing: {title: Arva Valley Brief, timezone: UTC}
sources:
  - {name: Valley Desk, type: folder, path: articles/desk}
audiences:
  - {name: desk, template: analyst, formats: [md]}
"""


def workspace(tmp_path: Path, extra: str = "") -> Path:
    shutil.copytree(ARTICLES, tmp_path / "articles")
    (tmp_path / "sources.yaml").write_text(BASE + extra, encoding="utf-8")
    return tmp_path / "sources.yaml"


def status(config: Path) -> str:
    result = CliRunner().invoke(main, ["status", "--config", str(config)])
    assert result.exit_code == 0, result.output
    return result.output


def test_status_says_when_no_schedule_is_configured(tmp_path: Path) -> None:
    out = status(workspace(tmp_path))
    first = out.splitlines()[0]
    assert first == (
        "schedule:  none in sources.yaml (briefer schedule would use the default, 0 6 * * * (UTC), "
        "briefing the previous day)"
    ), out
    assert "next run:" not in out  # no scheduler has run, and none is configured: no made-up time


def test_status_shows_the_configured_schedule_and_its_next_run(tmp_path: Path) -> None:
    out = status(workspace(tmp_path, 'schedule: {cron: "30 7 * * 1-5", timezone: Asia/Karachi, day: current}\n'))
    assert out.splitlines()[0] == "schedule:  30 7 * * 1-5 (Asia/Karachi), briefing the day it runs, so far"
    assert "next run:" in out and "07:30:00+05:00" in out


def test_a_scheduled_brief_covers_the_previous_day_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2025, 11, 4, 6, 0, tzinfo=UTC).timestamp())))
    config = load_config(workspace(tmp_path))
    scheduler = BriefScheduler(config)
    try:
        assert scheduler.run_brief() == "ok"
    finally:
        scheduler.store.close()
    with Store(config.store.path) as store:
        (run,) = store.recent_runs(1)
    assert run.day == "2025-11-03"
    brief = (tmp_path / "output" / "2025-11-03" / "desk" / "briefing.md").read_text()
    assert "Lakeland offers to mediate" in brief  # the previous day's articles, whole


def test_status_shows_run_times_in_the_briefing_time_zone(tmp_path: Path) -> None:
    path = workspace(tmp_path)
    path.write_text(path.read_text().replace("timezone: UTC", "timezone: Asia/Karachi"))
    config = load_config(path)
    config.store.path.parent.mkdir(parents=True, exist_ok=True)
    with Store(config.store.path) as store:
        store.finish_run(store.start_run("2025-11-03", "manual"), "ok", "3 article(s)")
    line = next(line for line in status(path).splitlines() if line.strip().startswith("#"))
    started = line.split()[3:5]  # "#1 2025-11-03 manual <date> <time+offset> ok ..."
    assert started[1].endswith("+05:00"), line
    assert "." not in started[1], line  # to the second
