"""Untrusted text stays text: in Markdown, HTML and PDF, and WeasyPrint fetches nothing.

Article titles, text, source names and error messages come from strangers.
The brief is rendered from an article that tries every trick we know while a
real HTTP server listens on 127.0.0.1; the server must see no request at all.
A control test proves that plain WeasyPrint would have called that server.
"""

from __future__ import annotations

import io
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import lxml.html
import markdown
import pypdf
import pytest

from briefer.config import Audience, Config, parse_config
from briefer.models import (
    AnalysedArticle,
    Article,
    Briefing,
    Entity,
    SourceReport,
    SourceStatus,
    Story,
    SummarizedArticle,
    SummarySentence,
    ThemeGroup,
)
from briefer.render import render_edition, safe_url


def tiny_png(size: int = 1) -> bytes:
    """A red square PNG, ``size`` pixels wide."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    pixels = (b"\0" + b"\xff\0\0" * size) * size
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b"")


class RecordingServer:
    """A real HTTP server on 127.0.0.1 that serves an image or a stylesheet and notes every request."""

    def __init__(self) -> None:
        owner = self
        self.requests: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests.append(self.path)
                body, kind = (tiny_png(), "image/png") if ".png" in self.path else (b"p{color:red}", "text/css")
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> RecordingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[RecordingServer]:
    with RecordingServer() as running:
        yield running


def attacks(u: str) -> list[str]:
    """Every way we know for text to load something or run something, each aimed at the server ``u``."""
    return [
        "<script>alert(1)</script>",
        f'<img src="{u}/img.png">',
        '<img src="file:///etc/passwd">',
        f'<link rel="stylesheet" href="{u}/link.css">',
        f'<style>@import url("{u}/import.css"); body {{ background: url({u}/style-bg.png) }}</style>',
        f'<div style="background:url({u}/style-attr.png)">styled</div>',
        f"![x]({u}/md-image.png)",
        f'![y][ref] [ref]: {u}/ref-image.png "t"',
        f'{{: style="background:url({u}/attr-list.png)" }}',
        f"<{u}/autolink.css>",
        f'<object data="{u}/object.png"></object><embed src="{u}/embed.png"><iframe src="{u}/iframe.css"></iframe>',
        f'<svg><image href="{u}/svg-image.png"/><use href="{u}/svg-use.png#x"/></svg>',
        f'<video poster="{u}/poster.png"></video><input type="image" src="{u}/input.png">',
        f'<base href="{u}/base/"><meta http-equiv="refresh" content="0;url={u}/meta.png">',
        f"&#60;img src={u}/entity.png&#62;",
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">js link</a>',
        "{{ 7*7 }} {{ title }} {% if true %}jinja-if{% endif %}",
    ]


@dataclass(frozen=True)
class Evil:
    md: str
    html: str
    pdf: pypdf.PdfReader
    pdf_text: str
    requests: list[str]  # what the server received while the brief was rendered
    base: str


TITLES = ["# heading", "[click](javascript:alert(1))", "**bold**", "1. list", "<b>tag</b> and {{ 7*7 }}"]
BAD_URLS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(2)",
    "java\tscript:alert(3)",
    "data:text/html,<script>alert(4)</script>",
    "vbscript:msgbox(5)",
]


def evil_briefing(u: str) -> Briefing:
    lines = attacks(u)
    text = " ".join(lines)
    articles = []
    for i, title in enumerate(TITLES):
        url = BAD_URLS[i] if i < len(BAD_URLS) else "javascript:alert(9)"
        article = Article(
            id=f"evil{i}",
            title=title,
            url=url,
            source="Stranger <script>alert('src')</script>",
            text=text,
            published=datetime(2025, 11, 3, 9, 0, tzinfo=UTC),
            published_from="feed",
            sources=("Stranger <script>alert('src')</script>", f"![x]({u}/second-source.png)"),
        )
        analysed = AnalysedArticle(article, tuple(lines), (), (), (), (), ())
        # every attack as its own summary sentence: in Markdown each starts a line
        summary = tuple(SummarySentence(line, (article.id,), position=n) for n, line in enumerate(lines))
        articles.append(SummarizedArticle(analysed, summary))
    # an article whose URL tries to break out of the Markdown link and the HTML attribute
    breakout = Article(
        id="breakout",
        title="Break-out link",
        url=f'https://news.example/a)![x]({u}/breakout.png) "onmouseover="alert(1)',
        source="Stranger",
        text="Just text.",
        published=datetime(2025, 11, 3, 9, 0, tzinfo=UTC),
        published_from="feed",
        sources=("Stranger",),
    )
    plain = AnalysedArticle(breakout, ("Just text.",), (), (), (), (), ())
    articles.append(SummarizedArticle(plain, (SummarySentence("Just text.", ("breakout",)),)))
    theme = ThemeGroup(
        "Talks",
        summary=tuple(SummarySentence(line, ("evil0",)) for line in lines),
        articles=tuple(articles),
        entities=(Entity(f"<img src={u}/entity-name.png>", "ORG", 2), Entity("{{ 7*7 }}", "PERSON", 1)),
        stories=(
            Story(f"**story** ![s]({u}/story.png)", (SummarySentence(lines[1], ("evil1",)),), ("evil1", "evil2")),
        ),
    )
    return Briefing(
        title="Security Brief",
        date="2025-11-03",
        timezone="UTC",
        generated_at=datetime(2025, 11, 3, 5, 0, tzinfo=UTC),
        themes=(theme,),
        sources_report=(
            SourceReport(
                "Stranger <script>alert('src')</script>", SourceStatus.ERROR, 0, f"| <img src={u}/error.png> |"
            ),
        ),
    )


def make_config(workspace: Path) -> Config:
    return parse_config("briefing: {title: Security Brief}\n", base_dir=workspace)


ANALYST = Audience(name="analyst", template="analyst", formats=["md", "html", "pdf"])


@pytest.fixture(scope="module")
def evil(server: RecordingServer, tmp_path_factory: pytest.TempPathFactory) -> Evil:
    before = len(server.requests)
    config = make_config(tmp_path_factory.mktemp("workspace"))
    files = render_edition(evil_briefing(server.base), ANALYST, config, ["md", "html", "pdf"]).files
    requests = server.requests[before:]
    reader = pypdf.PdfReader(io.BytesIO(files["briefing.pdf"]))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return Evil(files["briefing.md"].decode(), files["briefing.html"].decode(), reader, text, requests, server.base)


def flat(text: str) -> str:
    return " ".join(text.split())


# -- nothing is fetched ---------------------------------------------------------------------


def test_plain_weasyprint_would_call_the_server_so_the_payload_is_real(server: RecordingServer) -> None:
    import weasyprint

    before = len(server.requests)
    weasyprint.HTML(string=f'<img src="{server.base}/control.png"><p>control</p>').write_pdf()
    assert server.requests[before:] == ["/control.png"]


def test_rendering_the_brief_makes_no_request_at_all(evil: Evil) -> None:
    assert evil.requests == []


def test_the_pdf_renderer_loads_template_files_and_nothing_else(server: RecordingServer, tmp_path: Path) -> None:
    # Even a (trusted) layout template that points outside its folder cannot make WeasyPrint fetch it.
    u = server.base
    outside = tmp_path / "outside.png"
    outside.write_bytes(tiny_png(3))
    folder = tmp_path / "templates" / "analyst"
    folder.mkdir(parents=True)
    (folder / "logo.png").write_bytes(tiny_png(2))
    (folder / "briefing.html.j2").write_text(
        f"""<!DOCTYPE html><html><head>
<link rel="stylesheet" href="{u}/layout-link.css">
<style>@import "{u}/layout-import.css"; body {{ background: url({u}/layout-bg.png) }}</style>
</head><body>
<img src="logo.png" alt="logo">
<img src="{outside.as_uri()}"><img src="file:///etc/passwd"><img src="{u}/layout-img.png">
<img src="data:image/png;base64,iVBORw0KGgo=">
{{{{ body }}}}
</body></html>
""",
        encoding="utf-8",
    )
    before = len(server.requests)
    files = render_edition(evil_briefing(u), ANALYST, make_config(tmp_path), ["pdf"]).files
    assert server.requests[before:] == []
    reader = pypdf.PdfReader(io.BytesIO(files["briefing.pdf"]))
    sizes = {image.image.size for page in reader.pages for image in page.images if image.image is not None}
    assert sizes == {(2, 2)}  # the template's own logo.png, and nothing from outside its folder


# -- escaped everywhere ------------------------------------------------------------------------


def body_of(html: str) -> lxml.html.HtmlElement:
    document = lxml.html.document_fromstring(html)
    main = document.find(".//main")
    assert main is not None
    return main


def test_html_has_no_active_element_or_style_from_the_article(evil: Evil) -> None:
    main = body_of(evil.html)
    tags = {element.tag for element in main.iter() if isinstance(element.tag, str)}
    dangerous = {
        "script",
        "img",
        "link",
        "style",
        "iframe",
        "object",
        "embed",
        "svg",
        "image",
        "use",
        "video",
        "input",
        "base",
        "meta",
    }
    assert tags & dangerous == set()
    assert [e.tag for e in main.iter() if isinstance(e.tag, str) and e.get("style") is not None] == []
    assert "background:url" not in "".join(main.xpath("//@*"))


def test_html_shows_the_attacks_as_text(evil: Evil) -> None:
    text = flat(body_of(evil.html).text_content())
    for attack in attacks(evil.base):
        shown = attack.replace("&#60;", "&#60;")  # entities stay as typed, not decoded
        assert flat(shown) in text, attack


def test_html_links_are_only_internal_or_http(evil: Evil) -> None:
    hrefs = body_of(evil.html).xpath("//a/@href")
    assert hrefs, "the brief has links"
    for href in hrefs:
        assert href.startswith("#") or href.startswith(("http://", "https://")), href
    assert not any("javascript" in h.lower() or "script:" in h.lower() or h.startswith("data:") for h in hrefs)
    # the break-out URL stays one percent-encoded link: no quote, no parenthesis, no image
    breakout = [h for h in hrefs if h.startswith("https://news.example/")]
    assert len(breakout) == 1
    assert '"' not in breakout[0] and "(" not in breakout[0] and ")" not in breakout[0]


def test_markdown_titles_stay_literal_text(evil: Evil) -> None:
    main = body_of(evil.html)
    headings = [flat(h.text_content()) for h in main.iter("h4")]
    for number, title in enumerate(TITLES, 1):
        assert f"[{number}] {title}" in headings
    assert [h.text_content() for h in main.iter("h1")] == []  # "# heading" made no heading
    assert [h.text_content() for h in lxml.html.fromstring(evil.html).iter("h1")] == ["Security Brief"]  # the cover
    assert "bold" not in [s.text_content() for s in main.iter("strong")]
    assert all(flat(li.text_content()) != "list" for li in main.iter("li"))
    assert "[click](javascript:alert(1))" in headings[1]


# {{ 7*7 }} evaluated: 49 standing alone (not the digits of the test server's port, e.g. :36495)
EVALUATED = re.compile(r"(?<!\d)49(?!\d)")


def test_jinja_in_article_text_is_never_evaluated(evil: Evil) -> None:
    text = flat(body_of(evil.html).text_content())
    assert "{{ 7*7 }} {{ title }} {% if true %}jinja-if{% endif %}" in text
    assert not EVALUATED.search(text)
    assert "Security Brief" not in text.replace("Security Brief", "", 1)  # only the title itself


def test_markdown_file_renders_back_to_the_same_literal_text(evil: Evil) -> None:
    # A reader may open briefing.md in any Markdown viewer: it must show text, not markup.
    html = markdown.markdown(evil.md, extensions=["attr_list", "tables"])
    main = lxml.html.fragment_fromstring(html, create_parent="div")
    assert {e.tag for e in main.iter() if isinstance(e.tag, str)} & {"script", "img", "link", "style", "svg"} == set()
    assert [e for e in main.iter() if isinstance(e.tag, str) and e.get("style") is not None] == []
    text = flat(main.text_content())
    assert "{{ 7*7 }} {{ title }} {% if true %}jinja-if{% endif %}" in text
    assert "<script>alert(1)</script>" in text
    assert "javascript" not in "".join(main.xpath("//@href")).lower()
    for number, title in enumerate(TITLES, 1):
        assert f"[{number}] {title}" in text
    assert not EVALUATED.search(evil.md)


def test_pdf_shows_the_attacks_as_text(evil: Evil) -> None:
    text = flat(evil.pdf_text)
    for piece in (
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        "{% if true %}jinja-if{% endif %}",
        "# heading",
        "**bold**",
        "1. list",
        "[click](javascript:alert(1))",
        '<link rel="stylesheet"',
    ):
        assert piece in text, piece


def test_pdf_has_no_javascript_or_data_link(evil: Evil) -> None:
    uris = []
    for page in evil.pdf.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None:
                assert action.get("/S") == "/URI", action  # no /JavaScript or /Launch action
                uris.append(str(action["/URI"]))
    # The feed's URL was https://news.example/a)![x](<base>/breakout.png) "onmouseover="alert(1): its
    # brackets, quotes and spaces are percent-encoded, so it stays one link and nothing breaks out of it.
    assert uris == [f"https://news.example/a%29![x]%28{evil.base}/breakout.png%29%20%22onmouseover=%22alert%281%29"]
    assert "/JavaScript" not in str(evil.pdf.trailer["/Root"])


@pytest.mark.parametrize(
    "url",
    [
        *BAD_URLS,
        "JAVASCRIPT:x",
        "javascript://example.com/%0aalert(1)",
        "file:",
        "http:///nohost",
        "//evil.example/x",
        "https://ok.example/\nx",
        "",
    ],
)
def test_unsafe_urls_never_become_links(url: str) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize("url", ["https://ok.example/a?b=1&c=2", "http://ok.example", "file:///tmp/a%20b.md"])
def test_ordinary_urls_stay_links(url: str) -> None:
    assert safe_url(url) == url


def test_a_pipe_in_a_source_error_cannot_break_the_sources_table(evil: Evil) -> None:
    rows = body_of(evil.html).xpath("//table/tbody/tr")
    assert len(rows) == 1
    cells = [flat(td.text_content()) for td in rows[0].iter("td")]
    assert cells == [
        "Stranger <script>alert('src')</script>",
        "error",
        "0",
        f"| <img src={evil.base}/error.png> |",
    ]
