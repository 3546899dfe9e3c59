"""``briefer extract`` on a feed (a file or a URL on a real HTTP server) lists its items, and
on a folder lists its articles, each dated in the briefing's time zone."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import extract as invoke
from httpserver import TestServer

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour News</title>
<item><title>Dredging approved</title><link>https://harbour.example/dredging</link>
<pubDate>Tue, 02 Dec 2025 08:30:00 +0000</pubDate>
<description>The harbour board voted on Tuesday to dredge the eastern channel before the winter storms
arrive.</description></item>
<item><title>Ferry fares frozen</title><link>https://harbour.example/fares</link>
<pubDate>Mon, 01 Dec 2025 17:00:00 +0000</pubDate>
<description>The ferry company said on Monday that fares would stay the same until the end of next
summer season.</description></item>
<item><title>Empty item</title><link>https://harbour.example/empty</link></item>
</channel></rss>
"""


def workspace_config(tmp_path: Path) -> Path:
    config = tmp_path / "sources.yaml"
    config.write_text("briefing: {timezone: Asia/Karachi}\nsources: []\n")
    return config


def test_a_feed_file_lists_its_items(tmp_path: Path) -> None:
    feed = tmp_path / "harbour.xml"
    feed.write_bytes(FEED)
    code, out, err = invoke(str(feed), "--config", str(workspace_config(tmp_path)))
    assert code == 0, err
    assert out.startswith(f"feed: {feed}: 2 items (times in Asia/Karachi)\n")
    assert "[1] Dredging approved\n    url:       https://harbour.example/dredging\n" in out
    assert "    published: 2025-12-02 13:30:00+05:00 (feed)\n" in out
    assert "[2] Ferry fares frozen\n" in out and "2025-12-01 22:00:00+05:00 (feed)" in out
    assert "left out (1):\n  Empty item: feed item has no text\n" in out


def test_a_feed_url_lists_its_items_as_json(http_server: TestServer, tmp_path: Path) -> None:
    url = http_server.route("/rss", FEED, headers={"Content-Type": "application/rss+xml"})
    code, out, err = invoke(url, "--format", "json", "--config", str(workspace_config(tmp_path)))
    assert code == 0, err
    data = json.loads(out)
    assert data["kind"] == "feed" and data["where"] == url
    assert [(a["title"], a["published"]) for a in data["articles"]] == [
        ("Dredging approved", "2025-12-02T08:30:00+00:00"),
        ("Ferry fares frozen", "2025-12-01T17:00:00+00:00"),
    ]
    assert data["articles"][0]["text"].startswith("The harbour board voted")


def test_a_folder_lists_its_articles(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "2025-12-02-dredging.txt").write_text(
        "Dredging approved\n\nThe harbour board voted on Tuesday to dredge the eastern channel before winter.\n"
        "It will cost more than the board had planned, its chairman said after the vote.\n"
    )
    (folder / "empty.md").write_text("---\ntitle: Nothing\n---\n\n")
    code, out, err = invoke(str(folder), "--config", str(workspace_config(tmp_path)))
    assert code == 0, err
    assert out.startswith(f"folder: {folder}: 1 article (times in Asia/Karachi)\n")
    assert "[1] Dredging approved\n" in out and "published: 2025-12-02 12:00:00+05:00 (path)" in out
    assert "left out (1):" in out


def test_a_missing_path_is_still_one_line(tmp_path: Path) -> None:
    code, _, err = invoke(str(tmp_path / "nope"))
    assert code == 1
    assert "no such file or folder" in err
