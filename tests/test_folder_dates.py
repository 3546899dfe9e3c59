"""Dates a reader can trust: a folder file without a date of its own takes the date in its
name or its folder's name before its modification time; every time ``briefer extract``
shows is in the briefing's time zone, to the second; the demo shows its own days only."""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefer.cli import main
from briefer.config import Source
from briefer.gather import date_in_path, read_folder

REPO = Path(__file__).resolve().parents[1]
BODY = "The harbour board voted on Tuesday to dredge the eastern channel before the winter storms arrive.\n"
OTHER = "Fishing crews said the new quota rules would keep half of the fleet in port for most of the spring.\n"
# 2025-11-03 07:08:09.123456 UTC: a modification time with microseconds
MTIME_NS = int(datetime(2025, 11, 3, 7, 8, 9, tzinfo=UTC).timestamp()) * 10**9 + 123_456_000


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(MTIME_NS, MTIME_NS))
    return path


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    write(folder / "2026-12-02" / "dredging.txt", f"Dredging approved\n\n{BODY}")
    write(folder / "2026-12-01-ferry-fares.txt", f"Ferry fares frozen\n\n{BODY.replace('dredge', 'freeze')}")
    write(folder / "2026-11" / "2026-11-30-pilots.md", f"---\ntitle: Pilots strike\n---\n{BODY}")
    write(folder / "2026-12-02" / "2026-11-29-copied.txt", f"Older note\n\n{BODY.replace('eastern', 'western')}")
    write(folder / "undated.txt", f"Undated note\n\n{BODY.replace('harbour', 'river')}")
    write(folder / "2026-13-45-not-a-date.txt", f"Bad name\n\n{BODY.replace('board', 'council')}")
    write(folder / "day-only.md", f"---\ntitle: Day only\ndate: 2026-12-02\n---\n{OTHER}")
    return folder


def test_a_date_in_the_file_or_folder_name_comes_before_the_modification_time(inbox: Path) -> None:
    source = Source(name="Inbox", type="folder", path=inbox)
    docs, _ = read_folder(source, "America/New_York")
    found = {d.title: (d.published.isoformat() if d.published else None, d.published_from) for d in docs}
    assert found == {
        "Dredging approved": ("2026-12-02T12:00:00-05:00", "path"),  # its folder's name
        "Ferry fares frozen": ("2026-12-01T12:00:00-05:00", "path"),  # its own name
        "Pilots strike": ("2026-11-30T12:00:00-05:00", "path"),  # the file's name before its folder's
        "Older note": ("2026-11-29T12:00:00-05:00", "path"),
        "Undated note": ("2025-11-03T07:08:09+00:00", "mtime"),  # to the second
        "Bad name": ("2025-11-03T07:08:09+00:00", "mtime"),
        "Day only": ("2026-12-02T12:00:00-05:00", "metadata"),  # a date without a time: that day there
    }


def test_only_folders_inside_the_source_count(tmp_path: Path) -> None:
    path = write(tmp_path / "2026-12-02" / "inbox" / "note.txt", f"Note\n\n{BODY}")
    assert date_in_path(path, tmp_path / "2026-12-02" / "inbox") is None
    assert date_in_path(path, tmp_path) == date(2026, 12, 2)


def test_a_day_from_a_name_is_that_day_in_a_time_zone_far_from_utc(inbox: Path) -> None:
    (inbox.parent / "sources.yaml").write_text(
        "briefing: {timezone: Pacific/Kiritimati}\n"
        "sources: [{name: Inbox, type: folder, path: inbox}]\n"
        "audiences: [{name: desk, formats: [json]}]\n"
    )
    result = CliRunner().invoke(
        main, ["run", "--config", str(inbox.parent / "sources.yaml"), "--date", "2026-12-02", "-q"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads((inbox.parent / "output" / "2026-12-02" / "desk" / "briefing.json").read_text())
    titles = sorted(a["title"] for t in data["themes"] for a in t["articles"])
    assert titles == ["Day only", "Dredging approved"]


def test_extract_shows_times_in_the_briefing_time_zone_without_microseconds(inbox: Path) -> None:
    config = inbox.parent / "sources.yaml"
    config.write_text("briefing: {timezone: Asia/Karachi}\nsources: []\n")
    result = CliRunner().invoke(main, ["extract", str(inbox / "undated.txt"), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "published: 2025-11-03 12:08:09+05:00 (mtime)\n" in result.stdout
    named = CliRunner().invoke(main, ["extract", str(inbox / "2026-12-02" / "dredging.txt"), "--config", str(config)])
    assert "published: 2026-12-02 12:00:00+05:00 (path)\n" in named.stdout


def test_the_demo_shows_no_day_of_the_copy_beside_its_own(tmp_path: Path) -> None:
    """The demo's files are copied today; every article is dated by its own day, in 2025."""
    shutil.copytree(REPO / "demo", tmp_path / "demo")
    shutil.copy2(REPO / "sources.yaml", tmp_path / "sources.yaml")
    now = datetime(2026, 12, 2, 9, 0, tzinfo=UTC).timestamp()
    for path in (tmp_path / "demo").rglob("*"):
        os.utime(path, (now, now))
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "demo" / "articles"), "--format", "json"])
    assert result.exit_code == 0, result.output
    listing = json.loads(result.stdout)
    assert len(listing["articles"]) == 20
    years = {a["title"]: a["published"][:4] for a in listing["articles"]}
    assert set(years.values()) == {"2025"}, years
    assert {a["published_from"] for a in listing["articles"]} == {"path", "metadata"}


def test_front_matter_with_a_colon_in_the_title_keeps_its_title_and_date(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """'title: Fines: what comes next' is no valid YAML; a hand-written file holds it often. Its
    fields are read line by line, with a warning naming the file, not dropped for today's date."""
    folder = tmp_path / "desk"
    write(
        folder / "fines.md",
        '---\ntitle: Fines: what comes next for the port\ndate: 2026-04-22T09:30:00+02:00\nsource: "Quay Post"\n---\n'
        + BODY,
    )
    docs, dropped = read_folder(Source(name="Desk", type="folder", path=folder), "Europe/Brussels")
    assert not dropped
    (doc,) = docs
    assert doc.title == "Fines: what comes next for the port"
    assert (doc.published.isoformat() if doc.published else None, doc.published_from) == (
        "2026-04-22T09:30:00+02:00",
        "metadata",
    )
    assert any("fines.md" in r.getMessage() and "not valid YAML" in r.getMessage() for r in caplog.records)
