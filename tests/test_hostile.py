"""Hostile input, part 2: each attack of issue 13, replayed against real servers on 127.0.0.1.

The configured source lives on one server; a second server on another port
plays a host of the internal network that a stranger's link must not reach.
Every test here failed before its fix.
"""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import brotli
import httpcore
import pytest
import yaml
from cli_runner import invoke as run_cli
from httpserver import TestServer

from briefer.config import Config, parse_config
from briefer.gather import Gathered, gather
from briefer.http import Fetcher, FetchError, make_client

ARTICLE = """<html><head><title>{title}</title></head><body><article><h1>{title}</h1>
<p>{text} The harbour authority confirmed the figures on Monday, and the port's two unions agreed with them.</p>
<p>Work on the new quay is due to start in the spring, the authority's engineers said in a short statement.</p>
</article></body></html>"""

SECRET = "The internal wiki says the admin password is hunter2."


def rss(*items: tuple[str, str, str]) -> str:
    """An RSS 2.0 feed; each item is (title, link, description); an empty link is left out."""
    parts = []
    for title, link, text in items:
        link_tag = f"<link>{link}</link>" if link else ""
        parts.append(
            f"<item><title>{title}</title>{link_tag}<description>{text}</description>"
            "<pubDate>Mon, 03 Nov 2025 08:00:00 +0000</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Harbour news</title>'
        f"<link>http://example.org/</link>{''.join(parts)}</channel></rss>"
    )


def make_config(tmp_path: Path, *sources: dict[str, Any], **http: Any) -> Config:
    text = yaml.safe_dump({"sources": list(sources), "http": {"timeout": 2, **http}})
    return parse_config(text, base_dir=tmp_path)


def gather_from(tmp_path: Path, *sources: dict[str, Any], **http: Any) -> Gathered:
    config = make_config(tmp_path, *sources, **http)
    with Fetcher(config.http, backoff=0.01, max_retry_after=0.05) as fetcher:
        return gather(config, fetcher=fetcher)


@pytest.fixture
def internal() -> Iterator[TestServer]:
    """A second server on another port: a host of the internal network (another origin)."""
    with TestServer() as server:
        yield server


def paths(server: TestServer) -> list[str]:
    return [path for path, _ in server.requests]


# -- 1. content encodings ------------------------------------------------------


def test_stacked_gzip_is_refused_and_the_run_goes_on(tmp_path: Path, http_server: TestServer) -> None:
    page = ARTICLE.format(title="Quay plans", text="Twelve berths are planned.").encode()
    http_server.route(
        "/double",
        gzip.compress(gzip.compress(page)),
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip, gzip"},
    )
    good = http_server.route("/good", page, headers={"Content-Type": "text/html"})

    result = gather_from(
        tmp_path,
        {"name": "Double", "type": "page", "url": http_server.url("/double")},
        {"name": "Good", "type": "page", "url": good},
    )

    by_name = {r.name: r for r in result.reports}
    assert by_name["Double"].error and "stacked content encodings 'gzip, gzip'" in by_name["Double"].error
    assert by_name["Good"].status.value == "ok"


def test_an_encoding_briefer_did_not_ask_for_is_refused(http_server: TestServer) -> None:
    page = ARTICLE.format(title="Quay plans", text="Twelve berths are planned.").encode()
    url = http_server.route(
        "/br", brotli.compress(page), headers={"Content-Type": "text/html", "Content-Encoding": "br"}
    )

    with Fetcher(make_config(Path(".")).http) as http, pytest.raises(FetchError, match="'br' was not asked for"):
        http.get(url)
    assert "br" not in http_server.requests[0][1]["Accept-Encoding"]


def test_a_gzip_bomb_is_decoded_a_chunk_at_a_time_and_stops_at_max_bytes(http_server: TestServer) -> None:
    # 200 MB of zeros in about 200 kB: decoding a whole received chunk at once would hold tens of MB.
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1_000_000)
    bomb = b"".join(packer.compress(zeros) for _ in range(200)) + packer.flush()
    assert len(bomb) < 300_000
    url = http_server.route("/bomb", bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
    options = make_config(Path("."), max_bytes=1_000_000).http

    with Fetcher(options) as http:
        tracemalloc.start()
        try:
            with pytest.raises(FetchError, match="too large: over 1000000 bytes"):
                http.get(url)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

    assert peak < 8_000_000, f"peak {peak} bytes while decoding"


def test_deflate_with_and_without_its_zlib_header_is_still_read(http_server: TestServer) -> None:
    page = ARTICLE.format(title="Quay plans", text="Twelve berths are planned.").encode()
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    http_server.route("/zlib", zlib.compress(page), headers={"Content-Encoding": "deflate"})
    http_server.route("/raw", raw.compress(page) + raw.flush(), headers={"Content-Encoding": "deflate"})

    with Fetcher(make_config(Path(".")).http) as http:
        assert http.get(http_server.url("/zlib")).content == page
        assert http.get(http_server.url("/raw")).content == page


# -- 2. forged requests through full_text ----------------------------------------


def full_text_feed(tmp_path: Path, feed_server: TestServer, links: list[str], **http: Any) -> Gathered:
    items = [(f"Item {i}", link, f"Teaser {i} of the harbour story, from the feed.") for i, link in enumerate(links)]
    url = feed_server.route("/feed", rss(*items), headers={"Content-Type": "application/rss+xml"})
    return gather_from(tmp_path, {"name": "Harbour", "type": "feed", "url": url, "full_text": True}, **http)


def test_an_item_link_to_an_internal_host_is_not_fetched(
    tmp_path: Path, http_server: TestServer, internal: TestServer
) -> None:
    internal.route("/admin", ARTICLE.format(title="Admin", text=SECRET), headers={"Content-Type": "text/html"})
    own = http_server.route("/story", ARTICLE.format(title="Quay", text="Twelve berths."))
    by_name = internal.url("/admin").replace("127.0.0.1", "localhost")  # a name that resolves to loopback

    result = full_text_feed(tmp_path, http_server, [internal.url("/admin"), by_name, own])

    assert paths(internal) == []
    bodies = [d.body for d in result.documents]
    assert not any(SECRET in body for body in bodies)
    assert bodies[0].startswith("Teaser 0") and bodies[1].startswith("Teaser 1")  # the feed's own text instead
    assert "Twelve berths." in bodies[2]  # the feed's own origin is the user's choice: fetched


def test_a_redirect_to_an_internal_host_is_not_followed(
    tmp_path: Path, http_server: TestServer, internal: TestServer
) -> None:
    internal.route("/admin", ARTICLE.format(title="Admin", text=SECRET), headers={"Content-Type": "text/html"})
    bounce = http_server.redirect("/bounce", internal.url("/admin"))

    result = full_text_feed(tmp_path, http_server, [bounce])

    assert "/bounce" in paths(http_server) and paths(internal) == []
    assert [d.body for d in result.documents] == ["Teaser 0 of the harbour story, from the feed."]


def test_a_configured_page_that_redirects_to_an_internal_host_fails_with_one_line(
    tmp_path: Path, http_server: TestServer, internal: TestServer
) -> None:
    internal.route("/admin", ARTICLE.format(title="Admin", text=SECRET), headers={"Content-Type": "text/html"})
    bounce = http_server.redirect("/bounce", internal.url("/admin"))

    result = gather_from(tmp_path, {"name": "Page", "type": "page", "url": bounce})

    assert paths(internal) == []
    (report,) = result.reports
    assert report.error and report.error.startswith("refused: 127.0.0.1") and "http.allow_private" in report.error


def test_an_item_link_to_a_name_that_does_not_resolve_keeps_the_feed_text(
    tmp_path: Path, http_server: TestServer
) -> None:
    result = full_text_feed(tmp_path, http_server, ["http://no-such-host.invalid/story"])

    assert result.reports[0].status.value == "ok", result.reports[0]
    assert [d.body for d in result.documents] == ["Teaser 0 of the harbour story, from the feed."]


def test_allow_private_lets_the_user_reach_internal_hosts(
    tmp_path: Path, http_server: TestServer, internal: TestServer
) -> None:
    internal.route("/intranet", ARTICLE.format(title="Intranet", text="The canteen opens at eight."))

    result = full_text_feed(tmp_path, http_server, [internal.url("/intranet")], allow_private=True)

    assert paths(internal) == ["/intranet"]
    assert "The canteen opens at eight." in result.documents[0].body


def test_the_address_checked_is_the_address_connected_to(
    http_server: TestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a name that is public when first looked up and loopback when connecting.

    The resolver is the one part replaced: it answers a public address to the first question and
    127.0.0.1 to every later one, as a rebinding DNS server would."""
    import socket

    real = socket.getaddrinfo
    answers: list[str] = []

    def rebinding(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        address = "93.184.215.14" if not answers else "127.0.0.1"
        answers.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    http_server.route("/admin", SECRET)
    port = http_server.base_url.rsplit(":", 1)[1]
    options = make_config(Path("."), timeout=1).http

    with Fetcher(options) as http, pytest.raises(FetchError, match=r"refused: rebind.test \(127.0.0.1\)"):
        http.get(f"http://rebind.test:{port}/admin", origin="http://news.example/feed")
    assert http_server.requests == []  # never connected to the loopback address


def test_the_guard_is_installed_in_the_client() -> None:
    """httpx has no public hook for the network backend: fail loudly if the one used moves."""
    from briefer.http import _GuardedBackend

    client = make_client(make_config(Path(".")).http)
    try:
        pool = client._transport._pool  # type: ignore[attr-defined]
        assert isinstance(pool._network_backend, _GuardedBackend)
        assert isinstance(pool._network_backend, httpcore.SyncBackend)
    finally:
        client.close()


# -- 3. YAML alias bombs -------------------------------------------------------------


def alias_bomb(levels: int, width: int = 9, indent: str = "") -> str:
    """A "billion laughs" in YAML: each level is ``width`` aliases of the one before."""
    lines = [f'{indent}l0: &l0 ["lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"{indent}l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_front_matter_skips_that_article_only(tmp_path: Path) -> None:
    # Six levels: half a million values once expanded (the nine levels made 4 GB), while
    # the file is a few hundred bytes; harmless to run without the fix, whose title it would become.
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "bomb.md").write_text(
        f"---\n{alias_bomb(6)}title: *l6\n---\nThe port reopened on Monday after the storm, the authority said.\n"
    )
    (folder / "good.md").write_text("---\ntitle: Port reopens\n---\nThe port reopened on Monday, officials said.\n")

    result = gather_from(tmp_path, {"name": "Desk", "type": "folder", "path": "articles"})

    assert [d.title for d in result.documents] == ["Port reopens"]
    (dropped,) = result.dropped
    assert dropped.title == "bomb.md"
    assert dropped.reason.startswith("front matter refused: more than 2000 values once its aliases")


def test_an_alias_bomb_in_sources_yaml_is_refused_at_once_with_exit_2(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from briefer.cli import main

    config = tmp_path / "sources.yaml"
    config.write_text("anchors:\n" + alias_bomb(9, indent="  ") + "sources: []\n")  # 9**9 values expanded
    assert len(config.read_bytes()) < 600

    result = CliRunner().invoke(main, ["run", "--config", str(config), "-q"])

    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "Traceback" not in result.output
    assert ": refused: more than 100000 values once its aliases (*name) are expanded" in errors[0]
    assert not (tmp_path / "output").exists()


def test_a_recursive_alias_and_deep_nesting_are_refused_too() -> None:
    from briefer.safeyaml import YamlRefused, load

    with pytest.raises(YamlRefused, match="refers to the value that contains it"):
        load("a: &a [1, *a]\n", 1000)
    with pytest.raises(YamlRefused, match="nested too deeply"):
        load("[" * 5000 + "]" * 5000, 1000)
    assert load("base: &b {x: 1}\nuse: *b\n", 1000) == {"base": {"x": 1}, "use": {"x": 1}}  # aliases still work


# -- 4 and 5. one article per story, never another source's text ----------------------------


def selected(result: Gathered) -> list[Any]:
    from datetime import UTC, datetime

    from briefer.extract import extract
    from briefer.models import Article
    from briefer.select import select

    articles = [a for a in (extract(d, 20_000) for d in result.documents) if isinstance(a, Article)]
    window = (datetime(2025, 11, 3, tzinfo=UTC), datetime(2025, 11, 4, tzinfo=UTC))
    return select(articles, window, threshold=0.5).articles


WIRE_TEXT = (
    "The harbour authority approved the new quay on Monday by seven votes to two, its chairwoman said. "
    "Construction of the twelve berths will start in April and last three years, the engineers said."
)
BLOG_TEXT = (
    "Our view: the quay is a white elephant that nobody in the valley asked for, and the vote was rigged. "
    "Readers should write to the authority before the money is gone, we say."
)


def test_a_blog_giving_the_wire_url_does_not_replace_the_wire_text(tmp_path: Path, http_server: TestServer) -> None:
    story = "http://wire.example/news/quay-approved"
    wire = http_server.route("/wire", rss(("Quay approved", story, WIRE_TEXT)))
    blog = http_server.route("/blog", rss(("Quay approved", story + "?utm_source=blog", BLOG_TEXT + " " + BLOG_TEXT)))

    result = gather_from(
        tmp_path, {"name": "Wire", "type": "feed", "url": wire}, {"name": "Blog", "type": "feed", "url": blog}
    )
    articles = selected(result)

    assert {a.source: (a.sources, a.text) for a in articles} == {
        "Wire": (("Wire",), WIRE_TEXT),
        "Blog": (("Blog",), BLOG_TEXT + " " + BLOG_TEXT),
    }


def test_three_feed_items_without_links_stay_three_articles(tmp_path: Path, http_server: TestServer) -> None:
    more = " The decision was announced at a short press conference in the town hall on Monday morning."
    items = [
        ("Ferry resumes", "", "The river ferry resumed on Monday after two weeks of floods, the operator said." + more),
        ("Tram approved", "", "The council approved a seven-kilometre tram line on Monday by 31 votes to 12." + more),
        ("Library hours", "", "The central library will stay open until ten in the evening, it said." + more),
    ]
    url = http_server.route("/feed", rss(*items), headers={"Content-Type": "application/rss+xml"})

    articles = selected(gather_from(tmp_path, {"name": "Town", "type": "feed", "url": url}))

    assert sorted(a.title for a in articles) == ["Ferry resumes", "Library hours", "Tram approved"]
    assert len({a.url for a in articles}) == 3


# -- 8. limits ------------------------------------------------------------------------


def test_full_text_pages_of_one_feed_share_one_deadline(tmp_path: Path, http_server: TestServer) -> None:
    for i in range(12):
        http_server.route(f"/slow/{i}", ARTICLE.format(title=f"Page {i}", text="From the page."), delay=0.4)
    links = [http_server.url(f"/slow/{i}") for i in range(12)]

    result = full_text_feed(tmp_path, http_server, links, full_text_deadline=0.5)

    pages = [p for p in paths(http_server) if p.startswith("/slow/")]
    teasers = [d for d in result.documents if d.body.startswith("Teaser")]
    # Two at a time, 0.4 s each: at most the first four start before 0.5 s; the rest keep the teaser.
    assert len(pages) <= 6, pages
    assert len(teasers) >= 6 and len(result.documents) == 12


def test_a_folder_file_over_the_byte_cap_is_skipped_and_never_read_whole(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "huge.txt").write_bytes(b"Huge headline\n\n" + b"All work and no play. " * 250_000)  # 5.5 MB
    (folder / "small.txt").write_text("Ferry resumes\n\nThe river ferry resumed on Monday, the operator said.\n")

    result = gather_from(tmp_path, {"name": "Desk", "type": "folder", "path": "articles"})

    assert [d.title for d in result.documents] == ["Ferry resumes"]
    (dropped,) = result.dropped
    assert dropped.title == "huge.txt" and dropped.reason == "file too large: 5500015 bytes (max_file_bytes 5000000)"


def test_a_feed_is_read_up_to_its_item_cap(tmp_path: Path, http_server: TestServer) -> None:
    items = [(f"Item {i}", f"http://news.example/{i}", f"Text of item {i}.") for i in range(30)]
    url = http_server.route("/feed", rss(*items), headers={"Content-Type": "application/rss+xml"})

    result = gather_from(tmp_path, {"name": "Flood", "type": "feed", "url": url, "max_items": 10})

    assert [d.title for d in result.documents] == [f"Item {i}" for i in range(10)]
    (dropped,) = result.dropped
    assert (dropped.title, dropped.reason) == ("20 more item(s) of Flood", "over the feed's max_items (10)")


def test_one_invalid_character_reference_does_not_fail_the_feed(tmp_path: Path, http_server: TestServer) -> None:
    items = [
        ("Ferry &#xD800; resumes", "http://news.example/1", "The ferry&#xD800; resumed on Monday&#0;&#99999999;."),
        ("Tram approved", "http://news.example/2", "The council approved the tram line &#x1F68B; on Monday."),
    ]
    url = http_server.route("/feed", rss(*items), headers={"Content-Type": "application/rss+xml"})

    result = gather_from(tmp_path, {"name": "Town", "type": "feed", "url": url})

    assert result.reports[0].status.value == "ok", result.reports[0]
    assert [d.title for d in result.documents] == ["Ferry \ufffd resumes", "Tram approved"]
    assert "\U0001f68b" in result.documents[1].body  # a valid reference is left alone


# -- 9. small ones ----------------------------------------------------------------------


def assert_refused(result: Any, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def test_a_line_break_in_the_title_never_reaches_a_header_and_the_run_ends_cleanly(tmp_path: Path) -> None:
    from test_deliver import SmtpSink, config_for, make_workspace

    workspace = make_workspace(tmp_path / "ws")
    with SmtpSink() as sink:
        config = config_for(workspace, sink.port, ["desk@example.org"])
        text = (
            (workspace / "sources.yaml")
            .read_text()
            .replace("title: River Crossing Brief", 'title: "River Crossing\\r\\nBcc: spy@example.org\\nBrief"')
        )
        (workspace / "sources.yaml").write_text(text)
        assert config.briefing.title == "River Crossing Brief"

        result = run_cli("run", "--config", str(workspace / "sources.yaml"), "--date", "2025-11-03", "-q", "--send")

        assert result.exit_code == 0, result.output
        (message,) = sink.messages
    assert message["Subject"].startswith("River Crossing Bcc: spy@example.org Brief — analyst edition")
    assert message["Bcc"] is None and message["To"] == "desk@example.org"


@pytest.mark.parametrize(
    ("recipient", "problem"),
    [
        ("a@example.org, b@example.org", "is several addresses: write one per entry"),
        ("a@example.org\nBcc: spy@example.org", "holds a line break or control character"),
        ("nobody", "is not an email address"),
    ],
)
def test_recipients_are_one_address_each(tmp_path: Path, recipient: str, problem: str) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text(yaml.safe_dump({"audiences": [{"name": "desk", "recipients": ["ok@example.org", recipient]}]}))

    assert_refused(run_cli("run", "--config", str(config)), 2, "audiences[0].recipients", problem)


@pytest.mark.parametrize("template", ["/etc", "../../etc", "analyst/../../x", "templates/analyst"])
def test_a_template_set_is_a_name_never_a_path(tmp_path: Path, template: str) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text(yaml.safe_dump({"audiences": [{"name": "desk", "template": template}]}))

    assert_refused(run_cli("run", "--config", str(config)), 2, "audiences[0].template", "never a path")


def test_init_never_writes_through_a_dangling_symlink(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    outside = tmp_path / "outside" / "planted.yaml"
    outside.parent.mkdir()
    (workspace / "sources.yaml").symlink_to(outside)  # dangling: its target does not exist yet

    for args in (["init", str(workspace)], ["init", "--force", str(workspace)]):
        assert_refused(run_cli(*args), 2, "sources.yaml is a symbolic link", "nothing written")
    assert not outside.exists()
    assert sorted(p.name for p in workspace.iterdir()) == ["sources.yaml"]


def test_init_never_writes_through_a_symlinked_folder(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (workspace / "templates").symlink_to(tmp_path / "elsewhere")

    assert_refused(run_cli("init", "--force", str(workspace)), 2, "templates is a symbolic link")
    assert list((tmp_path / "elsewhere").iterdir()) == []


CONTROL_ARTICLE = (
    "Mediator\x07 Amina\x1b[31m Rahimi meets delegations\x01\n\n"
    "Mediator Amina Rahimi met the two delegations in Doha on Monday,\x08 the foreign ministry said.\x1b[0m\n\n"
    "Amina Rahimi said the talks\x0b would resume on Thursday\r\nafter a pause for consultations.\x7f\x9b\n"
)


def test_control_characters_never_reach_the_outputs_or_key_actors(tmp_path: Path) -> None:
    import json

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "talks.txt").write_text(CONTROL_ARTICLE, encoding="utf-8")
    (tmp_path / "feed.xml").write_bytes(  # an item without text: dropped, its title listed in briefing.json
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item>'
        b"<title>Bell\x07 and \x1b[31mred</title><link>http://news.example/1</link></item></channel></rss>"
    )
    config = tmp_path / "sources.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "sources": [
                    {"name": "Desk", "type": "folder", "path": "articles", "window": "all"},
                    {"name": "Wire", "type": "feed", "path": "feed.xml"},
                ],
                "themes": [{"name": "Talks", "keywords": ["talks", "delegation"]}],
                "audiences": [{"name": "desk", "formats": ["md", "json", "html"]}],
            }
        )
    )

    result = run_cli("run", "--config", str(config), "--date", "2025-11-03", "-q")

    assert result.exit_code == 0, result.output
    folder = tmp_path / "output" / "2025-11-03" / "desk"
    outputs = {name: (folder / name).read_text(encoding="utf-8") for name in ("briefing.md", "briefing.html")}
    brief = json.loads((folder / "briefing.json").read_text(encoding="utf-8"))
    outputs["json"] = json.dumps(brief, ensure_ascii=False)
    for name, text in outputs.items():
        found = sorted({f"U+{ord(c):04X}" for c in text if (ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F})
        assert not found, f"{name}: {found}"
    assert "Mediator Amina Rahimi meets delegations" in outputs["briefing.md"]
    assert {"title": "Bell and red", "url": "http://news.example/1", "reason": "feed item has no text"} in brief[
        "dropped"
    ]
    actors = [e["name"] if isinstance(e, dict) else e for theme in brief["themes"] for e in theme["entities"]]
    assert any("Amina Rahimi" in str(a) for a in actors), actors


def test_a_date_out_of_range_is_bad_usage(tmp_path: Path) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text("sources: []\n")

    for day in ("9999-12-31", "0001-01-01"):
        assert_refused(run_cli("run", "--config", str(config), "--date", day), 2, f"--date {day}: give a day from")
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize(
    ("yaml_text", "problem"),
    [
        ("http: {timeout: 1e308}\n", "http.timeout: should be less than or equal to 3600"),
        ("delivery: {email: {host: h.example, from: a@h.example, timeout: 1e308}}\n", "delivery.email.timeout"),
        ('sources: [{name: A, type: page, url: "http://[::1"}]\n', "'http://[::1' is not a valid URL"),
        ('sources: [{name: A, type: page, url: "http://a.example:99999/"}]\n', "is not a valid URL"),
        ('sources: [{name: A, type: page, url: "http://"}]\n', "'http://' has no host name"),
        ("audiences: []\n", "audiences: should not be empty"),
    ],
)
def test_values_that_used_to_crash_later_are_refused_at_validation(
    tmp_path: Path, yaml_text: str, problem: str
) -> None:
    config = tmp_path / "sources.yaml"
    config.write_text(yaml_text)

    assert_refused(run_cli("run", "--config", str(config)), 2, problem)
    assert not (tmp_path / "output").exists()


# -- 6. never half an edition ----------------------------------------------------------------

EDITIONS_DAY = "2025-11-03"


def brief_workspace(folder: Path, title: str) -> Path:
    """A workspace of real articles, two audiences (one with a PDF), and no store (so that a size
    limit on the process hits the editions, not the store)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "articles").exists():
        shutil.copytree(Path(__file__).parent / "fixtures" / "render" / "articles", folder / "articles")
    (folder / "sources.yaml").write_text(
        yaml.safe_dump(
            {
                "briefing": {"title": title, "timezone": "UTC"},
                "sources": [
                    {"name": "Valley Desk", "type": "folder", "path": "articles/desk"},
                    {"name": "River Wire", "type": "folder", "path": "articles/wire"},
                ],
                "themes": [{"name": "Talks", "keywords": ["talks", "mediation", "delegation"]}],
                "summaries": {"algorithm": "lead"},
                "audiences": [
                    {"name": "analyst", "formats": ["md", "json", "pdf"]},
                    {"name": "desk", "formats": ["md", "html"]},
                ],
                "store": {"path": ".briefer/a-folder"},  # a folder, not a database: the run goes on without
            }
        )
    )
    (folder / ".briefer" / "a-folder").mkdir(parents=True, exist_ok=True)
    return folder


def start_run(workspace: Path, preexec: Any = None, **env: str) -> Any:
    """``python -m briefer run`` in a real process; ``preexec`` runs in the child before briefer."""
    import os
    import subprocess
    import sys

    import briefer

    environment = {**os.environ, "PYTHONPATH": str(Path(briefer.__file__).parent.parent), **env}
    command = [sys.executable, "-m", "briefer", "run", "--config", str(workspace / "sources.yaml")]
    return subprocess.Popen(
        [*command, "--date", EDITIONS_DAY, "-q"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,
    )


def day_files(workspace: Path) -> dict[str, bytes]:
    day = workspace / "output" / EDITIONS_DAY
    return {p.relative_to(day).as_posix(): p.read_bytes() for p in sorted(day.rglob("*")) if p.is_file()}


def leftovers(workspace: Path) -> list[str]:
    return sorted(p.name for p in (workspace / "output").iterdir() if p.name.startswith("."))


@pytest.fixture(scope="module")
def first_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A workspace whose day already has its complete set of editions (the previous run's)."""
    workspace = brief_workspace(tmp_path_factory.mktemp("editions"), "Arva Valley Brief")
    process = start_run(workspace)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    files = day_files(workspace)
    assert sorted(files) == [
        "analyst/briefing.json",
        "analyst/briefing.md",
        "analyst/briefing.pdf",
        "desk/briefing.html",
        "desk/briefing.md",
    ]
    return workspace, files


@pytest.fixture
def second_run(tmp_path: Path, first_set: tuple[Path, dict[str, bytes]]) -> tuple[Path, dict[str, bytes]]:
    """A copy of that workspace whose next run makes a different set (a new title)."""
    import shutil

    workspace = tmp_path / "ws"
    shutil.copytree(first_set[0], workspace)
    brief_workspace(workspace, "Arva Valley Evening Brief")
    return workspace, first_set[1]


class Paused:
    """The test end of briefer.publish's pause hook: two FIFOs, read and written with a time limit."""

    def __init__(self, folder: Path) -> None:
        import os

        self.folder = folder
        os.mkfifo(folder / "staged")
        os.mkfifo(folder / "resume")

    def wait_until_staged(self, process: Any, limit: float = 300) -> str:
        import threading

        got: list[str] = []
        reader = threading.Thread(target=lambda: got.append((self.folder / "staged").read_text()), daemon=True)
        reader.start()
        reader.join(limit)
        assert got, f"the run never reached the pause (exit {process.poll()})"
        return got[0].strip()

    def resume(self) -> None:
        (self.folder / "resume").write_text("go")


def test_sigterm_while_the_editions_are_written_leaves_the_previous_set(
    tmp_path: Path, second_run: tuple[Path, dict[str, bytes]]
) -> None:
    import signal

    workspace, previous = second_run
    pause = Paused(tmp_path)
    process = start_run(workspace, BRIEFER_TEST_PAUSE_PUBLISH=str(tmp_path))

    staged = pause.wait_until_staged(process)  # one file of the new set is written, the others not yet
    assert staged == "analyst/briefing.md"
    assert day_files(workspace) == previous
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)

    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr and stderr.strip().endswith("Aborted!"), stderr
    assert day_files(workspace) == previous  # the whole previous set, byte for byte
    assert leftovers(workspace) == []  # no staging folder, no .tmp file


def test_a_run_that_goes_on_swaps_in_the_whole_new_set(
    tmp_path: Path, second_run: tuple[Path, dict[str, bytes]]
) -> None:
    workspace, previous = second_run
    pause = Paused(tmp_path)
    process = start_run(workspace, BRIEFER_TEST_PAUSE_PUBLISH=str(tmp_path))

    pause.wait_until_staged(process)
    assert day_files(workspace) == previous
    pause.resume()
    _, stderr = process.communicate(timeout=120)

    assert process.returncode == 0, stderr
    new = day_files(workspace)
    assert sorted(new) == sorted(previous)
    assert all(new[name] != previous[name] for name in new)  # every file is of the new set
    assert b"Arva Valley Evening Brief" in new["desk/briefing.md"]
    assert leftovers(workspace) == []


def test_a_disk_that_fills_up_half_way_leaves_the_previous_set(second_run: tuple[Path, dict[str, bytes]]) -> None:
    import resource
    import signal

    workspace, previous = second_run
    limit = max(len(content) for content in previous.values()) // 2  # the md files fit, the PDF does not
    assert min(len(content) for content in previous.values()) < limit

    def small_disk() -> None:  # in the child: files cannot grow past `limit` (EFBIG, like ENOSPC)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    process = start_run(workspace, preexec=small_disk)
    _, stderr = process.communicate(timeout=300)

    assert process.returncode == 1, stderr
    assert "Error: cannot write the brief: File too large" in stderr, stderr
    assert day_files(workspace) == previous
    assert leftovers(workspace) == []


def test_what_a_killed_run_left_is_tidied_by_the_next_publish(tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the staging folder stays, and a day folder moved aside by the two-rename
    swap stays aside. The next publish of that day removes the one and puts the other back."""
    import subprocess
    import sys
    from datetime import date

    from briefer.publish import write_day

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)  # a process that has ended
    output = tmp_path / "output"
    staging = output / f".2025-11-03.staging-{dead}-x1"
    aside = output / f".2025-11-03.old-{dead}-x2"
    (staging / "desk").mkdir(parents=True)
    (staging / "desk" / "briefing.md").write_text("half")
    (aside / "day" / "analyst").mkdir(parents=True)
    (aside / "day" / "analyst" / "briefing.md").write_text("the previous analyst edition")
    other_day = output / f".2025-11-04.staging-{dead}-x3"
    other_day.mkdir()

    written = write_day(output, date(2025, 11, 3), {"desk/briefing.md": b"new desk edition"})

    day = output / "2025-11-03"
    assert written == [day / "desk" / "briefing.md"]
    assert (day / "analyst" / "briefing.md").read_text() == "the previous analyst edition"  # put back, kept
    assert (day / "desk" / "briefing.md").read_text() == "new desk edition"
    assert sorted(p.name for p in output.iterdir()) == [".2025-11-04.staging-" + f"{dead}-x3", "2025-11-03"]


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_publishing_carries_the_days_other_editions_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    from datetime import date

    import briefer.publish as publish

    if not exchange:  # a kernel or file system without RENAME_EXCHANGE
        monkeypatch.setattr(publish, "_renameat2", False)
    output, day = tmp_path / "output", date(2025, 11, 3)
    publish.write_day(
        output, day, {"analyst/briefing.md": b"analyst 1", "analyst/briefing.pdf": b"%PDF 1", "desk/x": b"1"}
    )

    publish.write_day(output, day, {"analyst/briefing.md": b"analyst 2", "desk/x": b"2"})

    folder = output / "2025-11-03"
    found = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    assert found == {"analyst/briefing.md": b"analyst 2", "analyst/briefing.pdf": b"%PDF 1", "desk/x": b"2"}
    assert sorted(p.name for p in output.iterdir()) == ["2025-11-03"]
