"""Runs that remember: the pipeline against a real HTTP server and a real SQLite store.

A second run of the day downloads no unchanged feed again and analyses
nothing again; ``fresh`` ignores the store; a damaged or unusable store is a
warning, never a failed run; dates that cannot be trusted fall back to the
time an article was first seen; a source failing run after run is flagged.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from httpserver import Route, TestServer
from test_http import Waits, scripted

from briefer.config import Config, parse_config
from briefer.http import Fetcher
from briefer.models import Briefing, SourceStatus
from briefer.pipeline import RunReport, build
from briefer.render import briefing_json

FIXTURES = Path(__file__).parent / "fixtures" / "gather"
DAY = date(2025, 3, 11)
CLOCK = datetime(2025, 3, 11, 12, 0, tzinfo=UTC)
RSS = "application/rss+xml"


def make_config(tmp_path: Path, *sources: dict[str, Any]) -> Config:
    text = yaml.safe_dump({"sources": list(sources), "http": {"timeout": 0.5, "max_bytes": 50_000}})
    return parse_config(text, base_dir=tmp_path)


def run(
    config: Config, fresh: bool = False, clock: datetime = CLOCK, waits: Waits | None = None
) -> tuple[Briefing, RunReport]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(int(clock.timestamp())))
        with Fetcher(config.http, backoff=0.01, max_retry_after=0.01, sleep=waits or Waits()) as fetcher:
            return build(config, DAY, fresh=fresh, fetcher=fetcher)


def status(report: RunReport, name: str) -> SourceStatus:
    (found,) = [s for s in report.sources if s.name == name]
    return found.status


def titles(briefing: Briefing) -> set[str]:
    return {item.article.title for item in briefing.articles}


def rss(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title>'
        "<link>https://wire.example/</link>" + "".join(items) + "</channel></rss>"
    ).encode()


def item(title: str, text: str, link: str = "", date: str | None = None) -> str:
    when = f"<pubDate>{date}</pubDate>" if date else ""
    where = f"<link>{link}</link>" if link else f"<guid isPermaLink='false'>{title}</guid>"
    return f"<item><title>{title}</title>{where}{when}<description>{text}</description></item>"


ALL = {"window": "all"}


# -- the web at its worst, twice ----------------------------------------------------


def test_every_failure_is_reported_the_run_completes_and_a_second_run_downloads_nothing_unchanged(
    tmp_path: Path, http_server: TestServer
) -> None:
    s = http_server
    routes = scripted(s)
    s.route("/rss20", (FIXTURES / "rss20.xml").read_bytes(), headers={"Content-Type": RSS, "ETag": '"r20"'})
    s.route(
        "/rss10",
        (FIXTURES / "rss10.rdf").read_bytes(),
        headers={"Content-Type": "application/rdf+xml", "Last-Modified": "Tue, 11 Mar 2025 08:00:00 GMT"},
    )
    s.route(
        "/atom",
        (FIXTURES / "atom.xml").read_bytes(),
        headers={"Content-Type": "application/atom+xml", "ETag": '"atom"'},
    )
    broken = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Oops</ti"
    s.route("/broken", broken, headers={"Content-Type": RSS})
    zurich = rss(
        item(
            "Zürich votes on the lake tunnel",
            "Voters in Zürich approved the lake tunnel on Sunday by "
            "58 percent, the city’s election office said, and work starts in 2027.",
            "https://wire.example/z",
        )
    )
    s.route("/charset", zurich, headers={"Content-Type": "application/rss+xml; charset=iso-8859-1", "ETag": '"z"'})
    routes.then(
        "/flaky",
        Route(status=500),
        Route(
            body=rss(
                item(
                    "Ferry service resumes",
                    "The river ferry between Altmoor and Brennstadt resumed on Monday after two weeks "
                    "of floods, the operator said.",
                    "https://wire.example/ferry",
                )
            ),
            headers={"Content-Type": RSS},
        ),
    )
    routes.then(
        "/busy",
        Route(status=429, headers={"Retry-After": "1"}),
        Route(
            body=rss(
                item(
                    "Bakers win the city cup",
                    "The bakers' football team won the city cup on Saturday for the first time in "
                    "forty years, beating the printers 3-1.",
                    "https://wire.example/cup",
                )
            ),
            headers={"Content-Type": RSS},
        ),
    )
    s.redirect("/loop", "/loop")
    s.route("/huge", rss(item("Huge", "Far too long. " * 5000)), headers={"Content-Type": RSS})
    s.route("/slow", zurich, delay=2.0, headers={"Content-Type": RSS})
    names = ["RSS 2.0", "RSS 1.0", "Atom", "Broken", "Charset", "Missing", "Flaky", "Busy", "Loop", "Huge", "Slow"]
    paths = [
        "/rss20",
        "/rss10",
        "/atom",
        "/broken",
        "/charset",
        "/missing",
        "/flaky",
        "/busy",
        "/loop",
        "/huge",
        "/slow",
    ]
    config = make_config(
        tmp_path, *({"name": n, "type": "feed", "url": s.url(p), **ALL} for n, p in zip(names, paths, strict=True))
    )
    waits = Waits()

    briefing, report = run(config, waits=waits)

    expected = {
        "RSS 2.0": SourceStatus.OK,
        "RSS 1.0": SourceStatus.OK,
        "Atom": SourceStatus.OK,
        "Charset": SourceStatus.OK,
        "Flaky": SourceStatus.OK,
        "Busy": SourceStatus.OK,
        "Broken": SourceStatus.ERROR,
        "Missing": SourceStatus.ERROR,
        "Loop": SourceStatus.ERROR,
        "Huge": SourceStatus.ERROR,
        "Slow": SourceStatus.ERROR,
    }
    assert {r.name: r.status for r in report.sources} == expected
    errors = {r.name: r.error or "" for r in report.sources if r.error}
    assert "malformed" in errors["Broken"] and "HTTP 404" in errors["Missing"]
    assert "too many redirects" in errors["Loop"] and "too large" in errors["Huge"] and "timed out" in errors["Slow"]
    assert waits.seconds == [0.01, 0.01]  # Retry-After: 1 and the 500's backoff, both cut to the test's cap
    first_titles = titles(briefing)
    assert {"Zürich votes on the lake tunnel", "Ferry service resumes", "Bakers win the city cup"} <= first_titles
    assert "Council approves the new tram line" in first_titles  # RSS 2.0
    assert report.reused == 0

    s.requests.clear()
    second, again = run(config)

    for name in ("RSS 2.0", "RSS 1.0", "Atom", "Charset"):
        assert status(again, name) is SourceStatus.NOT_MODIFIED, name
    conditional = {p: h for p, h in s.requests if p in ("/rss20", "/rss10", "/atom", "/charset")}
    assert conditional["/rss20"]["If-None-Match"] == '"r20"'
    assert conditional["/rss10"]["If-Modified-Since"] == "Tue, 11 Mar 2025 08:00:00 GMT"
    assert again.not_modified == 4
    assert again.downloads == 3  # only the feeds that sent no validators: Flaky, Busy and Broken
    assert titles(second) == first_titles  # the 304 feeds' articles are still in the brief
    assert {a.article.id for a in second.articles} == {a.article.id for a in briefing.articles}
    assert again.reused == again.kept > 0  # nothing analysed twice


def test_fresh_ignores_the_store(tmp_path: Path, http_server: TestServer) -> None:
    scripted(http_server)
    url = http_server.route("/rss20", (FIXTURES / "rss20.xml").read_bytes(), headers={"ETag": '"r20"'})
    config = make_config(tmp_path, {"name": "Ledger", "type": "feed", "url": url, **ALL})
    run(config)
    http_server.requests.clear()

    _, report = run(config, fresh=True)

    assert "If-None-Match" not in http_server.requests[0][1]
    assert status(report, "Ledger") is SourceStatus.OK
    assert (report.downloads, report.not_modified, report.reused) == (1, 0, 0)
    http_server.requests.clear()
    _, after = run(config)  # what the fresh run learnt is kept
    assert status(after, "Ledger") is SourceStatus.NOT_MODIFIED


# -- the store itself ------------------------------------------------------------------


def test_corrupt_store_is_rebuilt_with_a_warning(
    tmp_path: Path, http_server: TestServer, caplog: pytest.LogCaptureFixture
) -> None:
    url = http_server.route("/rss20", (FIXTURES / "rss20.xml").read_bytes())
    config = make_config(tmp_path, {"name": "Ledger", "type": "feed", "url": url, **ALL})
    config.store.path.parent.mkdir(parents=True)
    config.store.path.write_bytes(b"this is not a database, just junk " * 100)

    briefing, report = run(config)

    assert status(report, "Ledger") is SourceStatus.OK and briefing.articles
    assert any("damaged" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")
    assert list(config.store.path.parent.glob("store.sqlite.corrupt-*"))
    with sqlite3.connect(config.store.path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2


def test_unusable_store_is_a_warning_and_the_run_goes_on(
    tmp_path: Path, http_server: TestServer, caplog: pytest.LogCaptureFixture
) -> None:
    url = http_server.route("/rss20", (FIXTURES / "rss20.xml").read_bytes())
    (tmp_path / "blocked").write_text("a file where the store's folder should be")
    text = yaml.safe_dump(
        {
            "sources": [{"name": "Ledger", "type": "feed", "url": url, **ALL}],
            "store": {"path": "blocked/store.sqlite"},
        }
    )
    config = parse_config(text, base_dir=tmp_path)

    briefing, report = run(config)

    assert status(report, "Ledger") is SourceStatus.OK and len(briefing.articles) == 2
    assert any("cannot be used" in r.getMessage() for r in caplog.records if r.levelname == "WARNING")


def test_two_runs_at_once_share_the_store_safely(tmp_path: Path, http_server: TestServer) -> None:
    url = http_server.route("/rss20", (FIXTURES / "rss20.xml").read_bytes(), headers={"ETag": '"r20"'})
    config = make_config(tmp_path, {"name": "Ledger", "type": "feed", "url": url, **ALL})
    results: list[RunReport] = []
    failures: list[BaseException] = []

    def one_run() -> None:
        try:
            with Fetcher(config.http) as fetcher:
                results.append(build(config, DAY, fetcher=fetcher)[1])
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert not failures and len(results) == 2
    assert all(r.kept == 2 for r in results)
    with sqlite3.connect(config.store.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
        assert conn.execute("SELECT COUNT(*) FROM source_runs").fetchone()[0] == 2


# -- dates -----------------------------------------------------------------------------


def test_untrustworthy_dates_fall_back_to_first_seen_and_say_so(tmp_path: Path, http_server: TestServer) -> None:
    feed = rss(
        item(
            "Zoned",
            "The harbour authority in Karsa said on Tuesday that the new quay would open in May, two months late.",
            "https://wire.example/zoned",
            "Tue, 11 Mar 2025 09:00:00 +0500",
        ),
        item(
            "Naive",
            "Farmers in the upper valley began the spring sowing a week early after the mildest winter on record.",
            "https://wire.example/naive",
            "Tue, 11 Mar 2025 09:00:00",
        ),
        item(
            "Future",
            "The orchestra announced its autumn season with three premieres and a tour of the northern coast towns.",
            "https://wire.example/future",
            "Sat, 01 Jan 2099 00:00:00 GMT",
        ),
        item(
            "Undated",
            "A new cycle bridge across the canal was opened by the mayor, who rode across it "
            "first with the schoolchildren.",
            "https://wire.example/undated",
        ),
    )
    url = http_server.route("/dates", feed)
    config = make_config(tmp_path, {"name": "Dated", "type": "feed", "url": url})

    briefing, _ = run(config)
    later, _ = run(config, clock=CLOCK + timedelta(hours=3))

    for brief in (briefing, later):
        found = {a.article.title: a.article for a in brief.articles}
        assert set(found) == {"Zoned", "Naive", "Future", "Undated"}
        zoned = found["Zoned"]
        assert (zoned.published_from, zoned.published.utcoffset()) == ("feed", timedelta(hours=5))
        assert zoned.published == datetime(2025, 3, 11, 4, 0, tzinfo=UTC)
        assert found["Naive"].published_from == "first_seen:no_zone"
        assert found["Future"].published_from == "first_seen:future"
        assert found["Undated"].published_from == "first_seen"
        for title in ("Naive", "Future", "Undated"):
            assert found[title].published == CLOCK, title  # first seen on the first run, not the second
    data = briefing_json(later, config.audiences[0])
    published = {a["title"]: (a["published"], a["published_from"]) for t in data["themes"] for a in t["articles"]}
    assert published["Zoned"] == ("2025-03-11T09:00:00+05:00", "feed")
    assert published["Undated"] == (CLOCK.isoformat(), "first_seen")


# -- source health -------------------------------------------------------------------------


def test_a_source_failing_three_runs_in_a_row_is_flagged(tmp_path: Path, http_server: TestServer) -> None:
    good = http_server.route("/rss20", (FIXTURES / "rss20.xml").read_bytes())
    config = make_config(
        tmp_path,
        {"name": "Ledger", "type": "feed", "url": good, **ALL},
        {"name": "Gone", "type": "feed", "url": http_server.url("/gone"), **ALL},
    )
    streaks = []
    for _ in range(3):
        briefing, report = run(config)
        streaks.append({s.name: (s.failing_runs, s.flagged) for s in report.sources})

    assert [s["Gone"] for s in streaks] == [(1, False), (2, False), (3, True)]
    assert all(s["Ledger"] == (0, False) for s in streaks)
    gone = [r for r in briefing_json(briefing, config.audiences[0])["sources_report"] if r["name"] == "Gone"]
    assert gone == [
        {"name": "Gone", "status": "error", "articles": 0, "error": "HTTP 404 Not Found", "failing_runs": 3}
    ]

    http_server.route("/gone", (FIXTURES / "atom.xml").read_bytes())
    _, healed = run(config)
    assert {s.name: s.failing_runs for s in healed.sources} == {"Ledger": 0, "Gone": 0}


# -- full text ---------------------------------------------------------------------------------

PAGE = """<html><head><title>{title}</title></head><body><nav>Home | World | Sport</nav><article><h1>{title}</h1>
<p>{text}</p><p>The second paragraph of the full article is only on the page, never in the feed.</p>
</article><footer>Copyright Wire</footer></body></html>"""


def test_full_text_feed_fetches_each_new_item_page_once_with_the_teaser_as_fallback(
    tmp_path: Path, http_server: TestServer
) -> None:
    s = http_server
    scripted(s)
    long = "The city council approved a seven-kilometre tram line on Tuesday by 31 votes to 12, officials said."
    s.route("/a", PAGE.format(title="Tram line approved", text=long), headers={"Content-Type": "text/html"})
    s.route("/c", "<html><body><nav>Home</nav></body></html>", headers={"Content-Type": "text/html"})
    teaser_b = "Teaser: the central library will stay open until ten in the evening from April, the city said."
    teaser_c = "Teaser: the river ferry between Altmoor and Brennstadt resumed on Monday after the floods."
    items = [
        item(
            "Tram line approved",
            "Teaser: the council voted on the tram line and more is on the page.",
            s.url("/a"),
            "Tue, 11 Mar 2025 08:00:00 GMT",
        ),
        item("Library hours", teaser_b, s.url("/b"), "Tue, 11 Mar 2025 08:00:00 GMT"),  # the page is a 404
        item("Ferry resumes", teaser_c, s.url("/c"), "Tue, 11 Mar 2025 08:00:00 GMT"),  # the page has no article
    ]
    s.route("/feed", rss(*items), headers={"ETag": '"one"'})
    config = make_config(tmp_path, {"name": "Teasers", "type": "feed", "url": s.url("/feed"), "full_text": True})

    briefing, _ = run(config)

    texts = {a.article.title: a.article.text for a in briefing.articles}
    assert "only on the page" in texts["Tram line approved"] and "Teaser" not in texts["Tram line approved"]
    assert "Home" not in texts["Tram line approved"]
    assert texts["Library hours"] == teaser_b
    assert texts["Ferry resumes"] == teaser_c
    assert sorted(p for p, _ in s.requests) == ["/a", "/b", "/c", "/feed"]

    s.requests.clear()
    second, report = run(config)  # the feed is unchanged: one conditional request, no page fetched
    assert [p for p, _ in s.requests] == ["/feed"] and status(report, "Teasers") is SourceStatus.NOT_MODIFIED
    assert {a.article.title: a.article.text for a in second.articles} == texts

    s.route("/d", PAGE.format(title="Bakers win", text="The bakers won the city cup on Saturday, 3-1."))
    items.append(item("Bakers win", "Teaser: bakers.", s.url("/d"), "Tue, 11 Mar 2025 08:00:00 GMT"))
    s.route("/feed", rss(*items), headers={"ETag": '"two"'})
    s.requests.clear()
    third, _ = run(config)  # the new item's page is fetched, the failed one tried again, the others reused
    assert sorted(p for p, _ in s.requests) == ["/b", "/d", "/feed"]
    assert "only on the page" in {a.article.title: a.article.text for a in third.articles}["Bakers win"]


def test_a_store_that_fails_in_the_middle_of_a_run_costs_a_warning_not_the_brief(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Another process takes the store's write lock once the run is under way and keeps it: every
    write of the run after that fails ("database is locked"); the brief is written all the same."""
    import logging

    from test_deliver import make_workspace, write_config

    import briefer.store
    from briefer.pipeline import run as run_pipeline

    monkeypatch.setattr(briefer.store, "BUSY_TIMEOUT_MS", 100)  # give up on the lock in 0.1 s, not 30
    workspace = make_workspace(tmp_path / "ws")
    config = write_config(workspace)
    blockers: list[sqlite3.Connection] = []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "extract" and not blockers:  # the store is open and in use by now
            blockers.append(sqlite3.connect(config.store.path, isolation_level=None))
            blockers[0].execute("BEGIN EXCLUSIVE")

    try:
        with caplog.at_level(logging.DEBUG, logger="briefer"):
            briefing, report = run_pipeline(config, date(2025, 11, 3), progress=progress)
        assert len(blockers) == 1
    finally:
        for blocker in blockers:
            blocker.close()
    folder = config.output / "2025-11-03" / "analyst"
    assert sorted(p.name for p in report.written) == ["briefing.json", "briefing.md"]
    assert (folder / "briefing.md").read_text(encoding="utf-8").startswith("# River Crossing Brief")
    assert len(briefing.articles) == 2
    failures = [r for r in caplog.records if r.name == "briefer.store" and "going on without it" in r.getMessage()]
    assert failures and "locked" in failures[0].getMessage()
    assert [r.levelname for r in failures].count("WARNING") == 1  # one warning, the rest at debug level
    conn = sqlite3.connect(config.store.path)  # the store itself is whole, and the next run uses it again
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    run_pipeline(config, date(2025, 11, 3))
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
    conn.close()
