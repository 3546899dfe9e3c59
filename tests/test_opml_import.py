"""``briefer sources import feeds.opml``: a feed reader's export added to sources.yaml, comments kept,
then the imported feeds read from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from httpserver import TestServer

from briefer.cli import main
from briefer.config import load_config

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title>
<item><title>Dredging approved</title><link>https://harbour.example/dredging</link>
<pubDate>Mon, 03 Nov 2025 08:30:00 +0000</pubDate>
<description>The harbour board voted on Monday to dredge the eastern channel before the winter storms.</description>
</item></channel></rss>"""


def opml(harbour: str, river: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="Local" title="Local">
      <outline type="rss" text="Harbour News" title="Harbour News" xmlUrl="{harbour}" htmlUrl="https://harbour.example/"/>
      <outline type="rss" text="Inbox" xmlUrl="{river}"/>
    </outline>
    <outline text="Tricks">
      <outline type="rss" text="Leak" xmlUrl="file:///etc/passwd"/>
      <outline type="rss" text="Script" xmlUrl="javascript:alert(1)"/>
    </outline>
    <outline type="rss" text="Harbour again" xmlUrl="{harbour}"/>
  </body>
</opml>
"""


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "desk")])
    assert result.exit_code == 0, result.output
    return tmp_path / "desk"


def import_(desk: Path, opml_path: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["sources", "import", str(opml_path), "--config", str(desk / "sources.yaml"), *args]
    )


def test_import_adds_the_feeds_keeps_the_comments_and_the_feeds_are_read(desk: Path, http_server: TestServer) -> None:
    harbour = http_server.route("/harbour.xml", FEED, headers={"Content-Type": "application/rss+xml"})
    river = http_server.url("/river.xml")
    host = river.split("/")[2]
    (desk / "feeds.opml").write_text(opml(harbour, river))
    before = (desk / "sources.yaml").read_text()

    result = import_(desk, desk / "feeds.opml")

    assert result.exit_code == 0, result.output
    assert f"added 2 feed(s) to {desk / 'sources.yaml'}" in result.output
    assert f"  + Harbour News: {harbour}" in result.output
    assert f"  + Inbox ({host}): {river}" in result.output  # "Inbox" is taken
    assert "  ! Leak: not an http(s) address: file:///etc/passwd" in result.output
    assert "javascript:alert(1)" in result.output
    after = (desk / "sources.yaml").read_text()
    old_lines = before.splitlines()
    assert [line for line in after.splitlines() if line in old_lines] == old_lines  # every line kept, in order
    assert len(after.splitlines()) == len(old_lines) + 2
    config = load_config(desk / "sources.yaml")
    assert [(s.name, s.type, s.url) for s in config.sources[1:]] == [
        ("Harbour News", "feed", harbour),
        (f"Inbox ({host})", "feed", river),
    ]

    again = import_(desk, desk / "feeds.opml")
    assert "added 0 feed(s)" in again.output and f"  = Harbour News: already a source ({harbour})" in again.output
    assert (desk / "sources.yaml").read_text() == after

    run = CliRunner().invoke(
        main, ["run", "--config", str(desk / "sources.yaml"), "--date", "2025-11-03", "--format", "json", "-q"]
    )
    assert run.exit_code == 0, run.output
    data = json.loads((desk / "output" / "2025-11-03" / "analyst" / "briefing.json").read_text())
    status = {r["name"]: r["status"] for r in data["sources_report"]}
    assert status["Harbour News"] == "ok"
    assert status[f"Inbox ({host})"] == "error"  # the server has no /river.xml: 404
    assert "Dredging approved" in {a["title"] for t in data["themes"] for a in t["articles"]}


def test_dry_run_and_full_text(desk: Path, tmp_path: Path) -> None:
    (tmp_path / "feeds.opml").write_text(opml("https://harbour.example/rss", "https://river.example/rss"))
    before = (desk / "sources.yaml").read_text()
    result = import_(desk, tmp_path / "feeds.opml", "--dry-run")
    assert result.exit_code == 0 and "would add 2 feed(s)" in result.output
    assert (desk / "sources.yaml").read_text() == before
    assert import_(desk, tmp_path / "feeds.opml", "--full-text").exit_code == 0
    assert [s.full_text for s in load_config(desk / "sources.yaml").sources[1:]] == [True, True]


@pytest.mark.parametrize(
    "content, expected",
    [
        ("<html><body>not a list</body></html>", "not an OPML file"),
        ("<opml><body><outline", "not valid XML"),
        (
            '<!DOCTYPE opml [<!ENTITY s SYSTEM "file:///etc/hostname">]>'
            '<opml><body><outline text="&s;" xmlUrl="https://a.example/rss"/></body></opml>',
            "external entity",  # never read
        ),
    ],
)
def test_a_file_that_is_not_opml_exits_2_and_changes_nothing(
    desk: Path, tmp_path: Path, content: str, expected: str
) -> None:
    (tmp_path / "feeds.opml").write_text(content)
    before = (desk / "sources.yaml").read_text()
    result = import_(desk, tmp_path / "feeds.opml")
    assert result.exit_code == 2
    assert expected in result.output
    assert (desk / "sources.yaml").read_text() == before


def test_a_flow_list_of_sources_becomes_a_block_list(tmp_path: Path) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text("# my desk\nsources: [{name: A, type: folder, path: a}]  # one for now\nthemes: []\n")
    (tmp_path / "feeds.opml").write_text(opml("https://harbour.example/rss", "https://river.example/rss"))
    result = CliRunner().invoke(main, ["sources", "import", str(tmp_path / "feeds.opml"), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert config.read_text() == (
        "# my desk\nsources:\n  - {name: A, type: folder, path: a}\n"
        "  - {name: Harbour News, type: feed, url: 'https://harbour.example/rss'}\n"
        "  - {name: Inbox, type: feed, url: 'https://river.example/rss'}\n"
        "  # one for now\nthemes: []\n"
    )
