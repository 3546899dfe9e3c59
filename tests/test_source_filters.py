"""Per-source filters: include and exclude words, and the oldest article a source may give,
on a feed served by a real HTTP server on 127.0.0.1; what they leave out is reported."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from httpserver import TestServer

from briefer.cli import main

DAY = "2025-11-03"


def item(title: str, day: str, text: str) -> str:
    return (
        f"<item><title>{title}</title><link>https://valley.example/{title.lower().replace(' ', '-')}</link>"
        f"<pubDate>{day}</pubDate><description>{text}</description></item>"
    )


FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Valley</title>'
    + item(
        "Talks resume in Velm",
        "Mon, 03 Nov 2025 08:00:00 +0000",
        "Delegations from Northland and Southland resumed talks on the Arva river in Velm on Monday morning.",
    )
    + item(
        "Ceasefire holds at the weir",
        "Sun, 02 Nov 2025 09:00:00 +0000",
        "The ceasefire at the Arva weir held for a third night, border guards on both banks said on Sunday.",
    )
    + item(
        "Cricket final in Velm ends the talks of the town",
        "Mon, 03 Nov 2025 10:00:00 +0000",
        "Velm won the valley cricket final by four wickets, and for once nobody in town discussed the river.",
    )
    + item(
        "Gardeners count the stalks",
        "Mon, 03 Nov 2025 11:00:00 +0000",
        "Gardeners in Velm counted the sunflower stalks at the autumn fair, a tradition that goes back decades.",
    )
    + item(
        "Old talks remembered",
        "Mon, 20 Oct 2025 08:00:00 +0000",
        "Two weeks ago the first round of talks on the river ended after one day, the envoys recalled on Monday.",
    )
    + "</channel></rss>"
)


def brief(tmp_path: Path, url: str, filters: str) -> dict:
    (tmp_path / "sources.yaml").write_text(
        "briefing: {title: Valley Brief, timezone: UTC}\n"
        f'sources:\n  - {{name: Valley, type: feed, url: "{url}", window: all{filters}}}\n'
        "audiences: [{name: desk, formats: [json]}]\n"
    )
    result = CliRunner().invoke(main, ["run", "--config", str(tmp_path / "sources.yaml"), "--date", DAY, "-q"])
    assert result.exit_code == 0, result.output
    return json.loads((tmp_path / "output" / DAY / "desk" / "briefing.json").read_text())


def titles(data: dict) -> list[str]:
    return sorted(a["title"] for t in data["themes"] for a in t["articles"])


def test_without_filters_every_item_is_kept(tmp_path: Path, http_server: TestServer) -> None:
    url = http_server.route("/feed.xml", FEED.encode(), headers={"Content-Type": "application/rss+xml"})
    assert len(titles(brief(tmp_path, url, ""))) == 5


def test_include_exclude_and_max_age_days(tmp_path: Path, http_server: TestServer) -> None:
    url = http_server.route("/feed.xml", FEED.encode(), headers={"Content-Type": "application/rss+xml"})
    data = brief(tmp_path, url, ", include: [talks, Ceasefire], exclude: [cricket final], max_age_days: 2")
    assert titles(data) == ["Ceasefire holds at the weir", "Talks resume in Velm"]
    reasons = {d["title"]: d["reason"] for d in data["dropped"]}
    assert reasons == {
        "Cricket final in Velm ends the talks of the town": "filtered out: the source's exclude word 'cricket final'",
        "Gardeners count the stalks": "filtered out: none of the source's include words (talks, Ceasefire)",
        "Old talks remembered": "filtered out: older than the source's max_age_days (2)",
    }


def test_a_filter_key_that_is_not_a_list_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - {name: Desk, type: folder, path: inbox, exclude: cricket, max_age_days: -1}\n"
    )
    result = CliRunner().invoke(main, ["run", "--config", str(tmp_path / "sources.yaml")])
    assert result.exit_code == 2
    assert "sources[0].exclude: should be a list" in result.stderr
    assert "sources[0].max_age_days:" in result.stderr
