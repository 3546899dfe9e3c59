"""Gather from real folders, real feed files and a real HTTP server on 127.0.0.1.

Every failure must become an error status with a one-line reason, and the
run must go on with the other sources.
"""

from __future__ import annotations

import gzip
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from httpserver import TestServer

from briefer.config import Config, parse_config
from briefer.extract import extract
from briefer.gather import Gathered, gather
from briefer.http import Fetcher
from briefer.models import Article, RawDocument, SourceReport, SourceStatus

FIXTURES = Path(__file__).parent / "fixtures" / "gather"
ARTICLE_HTML = (FIXTURES / "article.html").read_bytes()
RSS20 = (FIXTURES / "rss20.xml").read_bytes()


def make_config(tmp_path: Path, *sources: dict[str, Any], **http: Any) -> Config:
    """A real Config from YAML text, as sources.yaml would give it; short timeouts."""
    text = yaml.safe_dump({"sources": list(sources), "http": {"timeout": 0.5, **http}})
    return parse_config(text, base_dir=tmp_path)


def run(tmp_path: Path, *sources: dict[str, Any], **http: Any) -> Gathered:
    config = make_config(tmp_path, *sources, **http)
    with Fetcher(config.http, backoff=0.01, max_retry_after=0.05) as fetcher:  # retries, without the waits
        return gather(config, fetcher=fetcher)


def report(result: Gathered, name: str) -> SourceReport:
    (found,) = [r for r in result.reports if r.name == name]
    return found


def docs_of(result: Gathered, name: str) -> list[RawDocument]:
    return [d for d in result.documents if d.source == name]


def as_article(doc: RawDocument, max_chars: int = 20_000) -> Article:
    result = extract(doc, max_chars)
    assert isinstance(result, Article), result
    return result


def assert_one_line_error(rep: SourceReport, *fragments: str) -> None:
    assert rep.status is SourceStatus.ERROR, rep
    assert rep.articles == 0
    assert rep.error and "\n" not in rep.error and "Traceback" not in rep.error, rep.error
    for fragment in fragments:
        assert fragment in rep.error, rep.error


# -- folders ---------------------------------------------------------------

TXT = """Ferry service resumes after the floods

The river ferry between Altmoor and Brennstadt resumed on Monday after two weeks of floods, the operator said.

Crossings will run every forty minutes until the end of the month.
"""

MD = """---
title: Tram line approved by the council
date: 2025-03-11T14:05:00+01:00
---
The city council approved a seven-kilometre tram line on Tuesday by 31 votes to 12, the transport committee said.

Construction is due to start next spring.
"""

HTML_PAGE = """<!DOCTYPE html><html><head><title>Library extends hours</title>
<meta property="article:published_time" content="2025-03-10T08:00:00Z"></head>
<body><article><h1>Library extends its opening hours</h1>
<p>The central library will stay open until ten in the evening from April, the city said, after a petition signed by
4,000 students.</p><p>The longer hours will cost about 300,000 euros a year, paid from the culture budget.</p>
</article></body></html>"""


def _write(folder: Path, name: str, data: bytes | str, mtime: float | None = None) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def test_folder_reads_txt_md_and_html_with_headline_url_and_published(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    mtime = datetime(2025, 3, 9, 12, 30, tzinfo=UTC).timestamp()
    txt = _write(folder, "ferry.txt", TXT, mtime)
    md = _write(folder, "tram.md", MD, mtime)
    html = _write(folder, "library.html", HTML_PAGE, mtime)
    _write(folder, "notes.csv", "not,an,article\n")  # not an article suffix
    _write(folder, ".hidden/secret.txt", TXT)  # hidden folders are skipped

    result = run(tmp_path, {"name": "Wire", "type": "folder", "path": "articles"})

    assert report(result, "Wire") == SourceReport("Wire", SourceStatus.OK, 3, None)
    by_url = {d.url: d for d in result.documents}
    assert set(by_url) == {txt.resolve().as_uri(), md.resolve().as_uri(), html.resolve().as_uri()}
    assert all(url.startswith("file:///") for url in by_url)

    ferry = by_url[txt.resolve().as_uri()]
    assert ferry.title == "Ferry service resumes after the floods"
    assert "Ferry service resumes" not in ferry.body  # the headline is not body text
    assert ferry.body.strip().startswith("The river ferry between Altmoor")
    assert ferry.published == datetime(2025, 3, 9, 12, 30, tzinfo=UTC)
    assert ferry.published_from == "mtime"

    tram = by_url[md.resolve().as_uri()]
    assert tram.title == "Tram line approved by the council"
    assert tram.published == datetime(2025, 3, 11, 13, 5, tzinfo=UTC)
    assert tram.published_from == "metadata"
    assert "title:" not in tram.body

    library = as_article(by_url[html.resolve().as_uri()])
    assert library.title == "Library extends its opening hours"
    assert library.published == datetime(2025, 3, 10, 8, 0, tzinfo=UTC)
    assert library.published_from == "metadata"
    assert library.text.startswith("The central library will stay open")


ACCENTED = "Zürich café: the mayor’s “new deal” costs 5 € — señor Müller agrees."


@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("cp1252", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le-no-bom"],
)
def test_folder_text_in_any_common_encoding(tmp_path: Path, codec: str, bom: bytes) -> None:
    _write(tmp_path / "in", "story.txt", bom + f"Café owners meet the mayor\n\n{ACCENTED}\n".encode(codec))

    result = run(tmp_path, {"name": "Local", "type": "folder", "path": "in"})

    (doc,) = result.documents
    assert doc.title == "Café owners meet the mayor"
    assert doc.body.strip() == ACCENTED


def test_folder_latin1_text(tmp_path: Path) -> None:
    text = "Grève à Zürich\n\nLes employés de la crèche ont cessé le travail, a déclaré le syndicat.\n"
    _write(tmp_path / "in", "greve.txt", text.encode("latin-1"))

    (doc,) = run(tmp_path, {"name": "Local", "type": "folder", "path": "in"}).documents

    assert doc.title == "Grève à Zürich"
    assert doc.body.strip() == "Les employés de la crèche ont cessé le travail, a déclaré le syndicat."


def test_folder_skips_binary_and_empty_files_with_reasons_and_reads_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    good = _write(folder, "ferry.txt", TXT)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4
    _write(folder, "photo.html", png)
    _write(folder, "empty.txt", b"")
    _write(folder, "blank.md", b"  \n\n \t\n")
    _write(folder, "headline-only.txt", "Only a headline here\n")
    _write(folder, "noise.txt", bytes(range(1, 9)) * 100 + bytes(range(14, 32)) * 100)  # control bytes, no NUL

    result = run(tmp_path, {"name": "Local", "type": "folder", "path": "in"})

    assert [d.url for d in result.documents] == [good.resolve().as_uri()]
    assert report(result, "Local") == SourceReport("Local", SourceStatus.OK, 1, None)
    reasons = {Path(d.url).name: d.reason for d in result.dropped}
    assert set(reasons) == {"photo.html", "empty.txt", "blank.md", "headline-only.txt", "noise.txt"}
    assert "binary" in reasons["photo.html"]
    assert "binary" in reasons["noise.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "empty" in reasons["blank.md"]
    assert "no text" in reasons["headline-only.txt"]
    assert all(d.url.startswith("file:///") for d in result.dropped)


def test_missing_folder_is_an_error_and_other_sources_still_run(tmp_path: Path) -> None:
    _write(tmp_path / "good", "ferry.txt", TXT)
    _write(tmp_path, "a-file.txt", TXT)

    result = run(
        tmp_path,
        {"name": "Gone", "type": "folder", "path": "no/such/folder"},
        {"name": "Not a folder", "type": "folder", "path": "a-file.txt"},
        {"name": "Good", "type": "folder", "path": "good"},
    )

    assert_one_line_error(report(result, "Gone"), "folder not found", str(tmp_path / "no" / "such" / "folder"))
    assert_one_line_error(report(result, "Not a folder"), "not a folder")
    assert report(result, "Good").status is SourceStatus.OK
    assert [d.source for d in result.documents] == ["Good"]
    assert [r.name for r in result.reports] == ["Gone", "Not a folder", "Good"]  # config order


def test_empty_folder_is_reported_empty(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run(tmp_path, {"name": "Nothing", "type": "folder", "path": "empty"})
    assert report(result, "Nothing") == SourceReport("Nothing", SourceStatus.EMPTY, 0, "no articles found")


# -- feeds -----------------------------------------------------------------

FEEDS = {
    "rss091.xml": (
        "Ferry service resumes after the floods",
        "http://valley.example/news/ferry-resumes",
        None,
        "the operator said in Zürich.",  # a Latin-1 byte, declared in the XML prolog
    ),
    "rss10.rdf": (
        "New cranes double the port's container capacity",
        "http://harbour.example/2025/03/cranes",
        datetime(2025, 3, 12, 8, 30, tzinfo=UTC),
        "The harbour board said the cranes cost 38 million euros.",
    ),
    "rss20.xml": (
        "Council approves the new tram line",
        "https://ledger.example/news/tram-line-approved",
        datetime(2025, 3, 11, 14, 5, tzinfo=UTC),
        "the first trams should run in 2028, the transport committee said.",  # content:encoded beats the teaser
    ),
    "atom.xml": (
        "Avalanche warning raised for the eastern passes",
        "https://mountain.example/avalanche-warning",
        datetime(2025, 3, 13, 6, 15, tzinfo=UTC),  # <published>, not <updated>
        "Two roads were closed and skiers were told to stay on marked runs.",
    ),
}


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_feed_file_in_every_format(tmp_path: Path, name: str) -> None:
    title, link, published, phrase = FEEDS[name]

    result = run(tmp_path, {"name": "Feed", "type": "feed", "path": str(FIXTURES / name)})

    assert report(result, "Feed").status is SourceStatus.OK
    doc = docs_of(result, "Feed")[0]
    assert (doc.title, doc.url, doc.published) == (title, link, published)
    assert doc.published_from == ("feed" if published else "none")
    article = as_article(doc)
    assert phrase in article.text
    assert "<" not in article.text


@pytest.mark.parametrize("name", sorted(FEEDS))
@pytest.mark.parametrize("content_type", ["application/xml", "text/xml; charset=windows-1251"])
def test_feed_over_http_in_every_format_even_with_a_wrong_charset(
    tmp_path: Path, http_server: TestServer, name: str, content_type: str
) -> None:
    title, link, published, phrase = FEEDS[name]
    url = http_server.route("/feed", (FIXTURES / name).read_bytes(), headers={"Content-Type": content_type})

    result = run(tmp_path, {"name": "Feed", "type": "feed", "url": url})

    doc = docs_of(result, "Feed")[0]
    assert (doc.title, doc.url, doc.published) == (title, link, published)
    assert phrase in as_article(doc).text


def test_feed_over_http_gives_every_item(tmp_path: Path, http_server: TestServer) -> None:
    url = http_server.route("/rss.xml", RSS20, headers={"Content-Type": "application/rss+xml; charset=utf-8"})

    result = run(tmp_path, {"name": "Ledger", "type": "feed", "url": url})

    assert report(result, "Ledger") == SourceReport("Ledger", SourceStatus.OK, 2, None)
    titles = [d.title for d in result.documents]
    assert titles == ["Council approves the new tram line", "Library extends its opening hours"]
    assert http_server.requests[0][1]["User-Agent"].startswith("briefer")


def test_feed_with_wrong_declared_charset_is_decoded_as_utf8(tmp_path: Path, http_server: TestServer) -> None:
    body = RSS20.replace(b"Council approves", "Zürich’s council approves".encode())
    url = http_server.route("/rss.xml", body, headers={"Content-Type": "application/rss+xml; charset=iso-8859-1"})

    result = run(tmp_path, {"name": "Ledger", "type": "feed", "url": url})

    assert result.documents[0].title == "Zürich’s council approves the new tram line"


LINKS_RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Links</title><link>https://links.example/</link>
<item><title>Relative</title><link>/news/relative-link</link>
  <description>The first item has a relative link, which the feed's address completes.</description></item>
<item><title>Script</title><link>javascript:alert(1)</link>
  <description>The second item's link is a script, which must never reach a brief.</description></item>
<item><title>No link one</title>
  <description>The third item has no link at all, and neither does the fourth.</description></item>
<item><title>No link two</title>
  <description>The fourth item has no link either, but it is a different story.</description></item>
<item><title>Guid</title><guid>https://links.example/by-guid</guid>
  <description>The fifth item has only a permalink guid, which serves as its address.</description></item>
</channel></rss>"""


def test_feed_item_links_are_absolute_web_addresses_and_never_shared(tmp_path: Path, http_server: TestServer) -> None:
    url = http_server.route("/feeds/links.xml", LINKS_RSS, headers={"Content-Type": "application/rss+xml"})

    docs = {d.title: d.url for d in run(tmp_path, {"name": "Links", "type": "feed", "url": url}).documents}

    assert docs["Relative"] == http_server.url("/news/relative-link")
    assert docs["Guid"] == "https://links.example/by-guid"
    for title in ("Script", "No link one", "No link two"):
        assert docs[title].startswith(url + "#item-"), docs[title]
    assert len(set(docs.values())) == 5  # no two items share an address
    assert not any("javascript" in u for u in docs.values())


BROKEN_XML = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Oops</ti"
NOT_A_FEED = b"<!DOCTYPE html><html><head><title>Welcome</title></head><body><p>Hello there.</p></body></html>"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (BROKEN_XML, "malformed feed: line 1, column"),
        (NOT_A_FEED, "not an RSS or Atom feed: got an HTML page"),
        (b"   \n", "empty feed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "not an RSS or Atom feed: binary content"),
    ],
    ids=["broken-xml", "html-page", "empty", "binary"],
)
def test_malformed_feed_is_an_error(tmp_path: Path, http_server: TestServer, body: bytes, fragment: str) -> None:
    url = http_server.route("/feed", body, headers={"Content-Type": "application/xml"})
    result = run(tmp_path, {"name": "Bad", "type": "feed", "url": url})
    assert_one_line_error(report(result, "Bad"), fragment)


def test_partly_broken_feed_still_gives_its_entries(tmp_path: Path) -> None:
    cut = RSS20[: RSS20.index(b"<title>Library") + 60]  # the second item is cut off mid-way
    _write(tmp_path, "cut.xml", cut)

    result = run(tmp_path, {"name": "Cut", "type": "feed", "path": "cut.xml"})

    assert report(result, "Cut") == SourceReport("Cut", SourceStatus.OK, 1, None)
    assert [d.title for d in result.documents] == ["Council approves the new tram line"]
    # the cut-off item kept its title but lost its text: dropped, with the reason
    dropped = [(d.title, d.reason) for d in result.dropped]
    assert dropped == [("Library extends its opening hours", "feed item has no text")]


def test_missing_feed_file_is_an_error(tmp_path: Path) -> None:
    result = run(tmp_path, {"name": "Nowhere", "type": "feed", "path": "missing.xml"})
    assert_one_line_error(report(result, "Nowhere"), "feed file not found", "missing.xml")


HOSTILE_RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rss [<!ENTITY leak SYSTEM "file:///etc/hostname">]>
<rss version="2.0"><channel><title>Hostile</title>
<item>
  <title>Dam repairs finish early &amp;leak;</title>
  <link>https://hostile.example/dam</link>
  <description><![CDATA[
    <link rel="stylesheet" href="file:///etc/passwd">
    <style>p { color: red } /* STYLE-LEAK */</style>
    <script>document.write("SCRIPT-LEAK")</script>
    <p onclick="alert('ATTR-LEAK')">Repairs to the Lindau dam finished two weeks early,
    the water board said on Friday.</p>
    <img src="file:///etc/passwd" onerror="alert('IMG-LEAK')">
    <p>The reservoir will be refilled slowly over the summer, and a <a href="javascript:alert('LINK-LEAK')">map</a>
    of the new footpaths is on the board's website.</p>
    &leak;
  ]]></description>
</item>
</channel></rss>"""


def test_hostile_feed_item_gives_plain_text_only(tmp_path: Path) -> None:
    _write(tmp_path, "hostile.xml", HOSTILE_RSS)
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else "no-such-host"

    result = run(tmp_path, {"name": "Hostile", "type": "feed", "path": "hostile.xml"})

    article = as_article(result.documents[0])
    assert "Repairs to the Lindau dam finished two weeks early" in article.text
    assert "a map of the new footpaths" in article.text
    for leak in ("<", ">", "LEAK", "javascript", "file://", "passwd", "alert", "color: red"):
        assert leak not in article.text, leak
    assert hostname not in article.text and hostname not in article.title


# -- pages -----------------------------------------------------------------


def test_page_over_http_gives_title_published_and_clean_text(tmp_path: Path, http_server: TestServer) -> None:
    url = http_server.route("/museum", ARTICLE_HTML, headers={"Content-Type": "text/html; charset=utf-8"})

    result = run(tmp_path, {"name": "Herald", "type": "page", "url": url})

    assert report(result, "Herald") == SourceReport("Herald", SourceStatus.OK, 1, None)
    (doc,) = result.documents
    assert doc.url == url and doc.kind == "html"
    article = as_article(doc)
    assert article.title == "Glacier Museum reopens after three-year renovation"
    assert article.published == datetime(2025, 3, 14, 6, 45, tzinfo=UTC)
    assert article.text.split("\n\n") == [
        "The Glacier Museum in Kelnau reopened on Friday after a three-year renovation that added a climate "
        "gallery and a rooftop observatory, the museum's director said.",
        "More than 2,000 visitors queued in the snow before the doors opened at nine, and the first guided tours "
        "were fully booked by noon.",
        "The renovation cost 14 million francs, most of it paid by the canton, and kept the original 1911 facade "
        "of the building.",
        "The ministry said it would share its findings on visitor numbers with the regional tourism board in the "
        "autumn.",
    ]


def test_page_redirect_is_followed_and_final_url_kept(tmp_path: Path, http_server: TestServer) -> None:
    final = http_server.route("/2025/museum", ARTICLE_HTML, headers={"Content-Type": "text/html"})
    start = http_server.redirect("/short", "/2025/museum", status=301)

    (doc,) = run(tmp_path, {"name": "Herald", "type": "page", "url": start}).documents

    assert doc.url == final


def test_every_http_failure_is_a_one_line_error_and_the_run_goes_on(
    tmp_path: Path, http_server: TestServer, refused_url: str
) -> None:
    big = b"<html><body><p>" + b"Far too long. " * 20_000 + b"</p></body></html>"  # about 280 kB
    s = http_server
    s.route("/good", ARTICLE_HTML, headers={"Content-Type": "text/html; charset=utf-8"})
    s.route("/error", b"<h1>Oops</h1>", status=500, headers={"Content-Type": "text/html"})
    s.redirect("/loop-a", "/loop-b")
    s.redirect("/loop-b", "/loop-a")
    s.route("/slow", ARTICLE_HTML, gate=threading.Event(), headers={"Content-Type": "text/html"})  # never answers
    s.route("/big", big, headers={"Content-Type": "text/html"})
    s.route("/big-chunked", big, chunked=True, chunk_size=16_384, headers={"Content-Type": "text/html"})
    s.route("/bad-feed", b"Internal error", status=502, headers={"Content-Type": "text/plain"})
    s.redirect("/to-file", "file:///etc/passwd")
    s.route("/bad-gzip", b"this is not gzip data", headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
    sources = [
        {"name": "Refused", "type": "page", "url": refused_url},
        {"name": "Missing", "type": "page", "url": s.url("/nothing-here")},
        {"name": "Broken", "type": "page", "url": s.url("/error")},
        {"name": "Loop", "type": "page", "url": s.url("/loop-a")},
        {"name": "Slow", "type": "page", "url": s.url("/slow")},
        {"name": "Big", "type": "page", "url": s.url("/big")},
        {"name": "Big chunked", "type": "page", "url": s.url("/big-chunked")},
        {"name": "Bad feed", "type": "feed", "url": s.url("/bad-feed")},
        {"name": "To file", "type": "page", "url": s.url("/to-file")},
        {"name": "Bad gzip", "type": "page", "url": s.url("/bad-gzip")},
        {"name": "Good", "type": "page", "url": s.url("/good")},
    ]

    result = run(tmp_path, *sources, timeout=2.0, max_bytes=100_000, max_redirects=3)

    assert_one_line_error(report(result, "Refused"), "cannot connect")
    assert_one_line_error(report(result, "Missing"), "HTTP 404")
    assert_one_line_error(report(result, "Broken"), "HTTP 500")
    assert_one_line_error(report(result, "Loop"), "too many redirects")
    assert_one_line_error(report(result, "Slow"), "timed out after 2 s")
    assert_one_line_error(report(result, "Big"), "too large", "100000")
    assert_one_line_error(report(result, "Big chunked"), "too large", "100000")
    assert_one_line_error(report(result, "Bad feed"), "HTTP 502")
    assert_one_line_error(report(result, "To file"), "unsupported protocol")
    assert_one_line_error(report(result, "Bad gzip"), "cannot decode the response")
    assert report(result, "Good").status is SourceStatus.OK
    assert [d.source for d in result.documents] == ["Good"]
    assert [p for p, _ in s.requests].count("/slow") == 1  # abandoned at the timeout, and not asked again


def test_body_that_trickles_in_slower_than_the_timeout_is_abandoned(tmp_path: Path, http_server: TestServer) -> None:
    # Each chunk arrives within the read timeout, but the whole body would take 3 s.
    http_server.route("/drip", ARTICLE_HTML[:3000], chunked=True, chunk_size=100, chunk_delay=0.1)
    result = run(tmp_path, {"name": "Drip", "type": "page", "url": http_server.url("/drip")}, timeout=0.25)
    assert_one_line_error(report(result, "Drip"), "timed out")  # without a deadline it would come whole, in 3 s


def test_gzip_compressed_page_is_decompressed(tmp_path: Path, http_server: TestServer) -> None:
    url = http_server.route("/gz", ARTICLE_HTML, gzip=True, headers={"Content-Type": "text/html; charset=utf-8"})

    (doc,) = run(tmp_path, {"name": "Gz", "type": "page", "url": url}).documents

    assert "gzip" in http_server.requests[0][1].get("Accept-Encoding", "")
    assert "Glacier Museum in Kelnau reopened" in as_article(doc).text


def test_gzip_bomb_is_stopped_at_max_bytes(tmp_path: Path, http_server: TestServer) -> None:
    bomb = b"<html><body><p>" + b"a" * 5_000_000 + b"</p></body></html>"  # 5 MB, about 5 kB compressed
    assert len(gzip.compress(bomb)) < 20_000
    url = http_server.route("/bomb", bomb, gzip=True, headers={"Content-Type": "text/html"})

    result = run(tmp_path, {"name": "Bomb", "type": "page", "url": url}, max_bytes=1_000_000)

    assert_one_line_error(report(result, "Bomb"), "too large")


UTF8_PAGE = """<html><head><title>Zürich vote</title></head><body><article><h1>Zürich votes on the lake tunnel</h1>
<p>Voters in Zürich approved the lake tunnel on Sunday by 58 percent, the city’s election office said.</p>
<p>Work on the “Seetunnel” will start in 2027 and cost 1.2 billion francs, the canton’s engineers said.</p>
</article></body></html>"""

CP1252_PAGE = """<html><head><meta charset="windows-1252"><title>Café closes</title></head><body><article>
<h1>Historic café closes its doors</h1>
<p>The Café Müller, open since 1894, served its last “Wiener Melange” on Saturday, the owners said.</p>
<p>A new tenant will pay €4,000 a month in rent, according to the landlord’s agent.</p>
</article></body></html>"""


def test_page_declared_latin1_but_sent_as_utf8(tmp_path: Path, http_server: TestServer) -> None:
    headers = {"Content-Type": "text/html; charset=iso-8859-1"}
    url = http_server.route("/zurich", UTF8_PAGE.encode("utf-8"), headers=headers)

    article = as_article(run(tmp_path, {"name": "P", "type": "page", "url": url}).documents[0])

    assert article.title == "Zürich votes on the lake tunnel"
    assert "Voters in Zürich approved" in article.text
    assert "the city’s election office said" in article.text
    assert "Ã" not in article.text


def test_cp1252_page_declared_as_latin1_by_the_server(tmp_path: Path, http_server: TestServer) -> None:
    # Pages that say "latin-1" are really Windows-1252: curly quotes and the euro sign live in 0x80-0x9f.
    body = CP1252_PAGE.replace('<meta charset="windows-1252">', "").encode("cp1252")
    url = http_server.route("/cafe", body, headers={"Content-Type": "text/html; charset=ISO-8859-1"})

    article = as_article(run(tmp_path, {"name": "P", "type": "page", "url": url}).documents[0])

    assert "served its last “Wiener Melange” on Saturday" in article.text
    assert "€4,000" in article.text


def test_cp1252_page_declared_in_meta_charset(tmp_path: Path, http_server: TestServer) -> None:
    url = http_server.route("/cafe", CP1252_PAGE.encode("cp1252"), headers={"Content-Type": "text/html"})

    article = as_article(run(tmp_path, {"name": "P", "type": "page", "url": url}).documents[0])

    assert article.title == "Historic café closes its doors"
    assert "The Café Müller, open since 1894, served its last “Wiener Melange” on Saturday" in article.text
    assert "€4,000" in article.text


def test_binary_page_is_an_error(tmp_path: Path, http_server: TestServer) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500)
    url = http_server.route("/photo", png, headers={"Content-Type": "image/png"})
    result = run(tmp_path, {"name": "Photo", "type": "page", "url": url})
    assert_one_line_error(report(result, "Photo"), "binary")


def test_hostile_page_gives_plain_text_only(tmp_path: Path, http_server: TestServer) -> None:
    url = http_server.route("/bridge", (FIXTURES / "hostile.html").read_bytes(), headers={"Content-Type": "text/html"})

    article = as_article(run(tmp_path, {"name": "Hostile", "type": "page", "url": url}).documents[0])

    assert article.title == "Bridge inspection finds no damage"
    assert "found no structural damage" in article.text
    assert "a full report will be published next month." in article.text
    for leak in ("<", ">", "LEAK", "javascript", "file://", "passwd", "alert", "background"):
        assert leak not in article.text, leak
    assert [path for path, _ in http_server.requests] == ["/bridge"]  # nothing else was fetched
