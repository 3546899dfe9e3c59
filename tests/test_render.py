"""Render: Jinja -> Markdown; Markdown -> HTML -> WeasyPrint PDF; JSON.

Most tests render a :class:`Briefing` built directly (fast); the PDF is
rendered once per module and read back with pypdf (text, pages, link
annotations). The end-to-end tests run the real pipeline on a small folder
source in ``tests/fixtures/render/articles``.
"""

from __future__ import annotations

import dataclasses
import enum
import gc
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy
import pypdf
import pytest

from briefer.codec import Lazy
from briefer.config import Audience, Config, parse_config
from briefer.context import build_context
from briefer.models import (
    AnalysedArticle,
    Article,
    Briefing,
    DroppedArticle,
    Entity,
    SourceReport,
    SourceStatus,
    Story,
    SummarizedArticle,
    SummarySentence,
    ThemeGroup,
)
from briefer.pipeline import run
from briefer.render import RenderError, lay_out_pdf, md_escape, packaged_templates, render_edition, shorten

FIXTURES = Path(__file__).parent / "fixtures" / "render"
DAY = "2025-11-03"


# -- building a Briefing by hand ---------------------------------------------------


def make_article(
    id: str, title: str, url: str, source: str, sentences: list[str], *, also: tuple[str, ...] = ()
) -> SummarizedArticle:
    article = Article(
        id=id,
        title=title,
        url=url,
        source=source,
        text=" ".join(sentences),
        published=datetime(2025, 11, 3, 6, 30, tzinfo=UTC),
        published_from="metadata",
        sources=(source, *also),
        urls=(url,),
    )
    analysed = AnalysedArticle(article, tuple(sentences), (), (), (), (), ())
    return SummarizedArticle(analysed, tuple(SummarySentence(s, (id,), position=i) for i, s in enumerate(sentences)))


TALKS = make_article(
    "talks01",
    "Delegations resume river talks in Velm",
    "https://valley-wire.example/2025/11/03/velm-talks",
    "Valley Wire",
    [
        "Delegations from Northland and Southland resumed talks in Velm on Monday.",
        "Water minister Ilse Varga leads the Northland side.",
    ],
    also=("River Post",),
)
WEIR = make_article(
    "weir02",
    "Shots fired near the Arva weir",
    "https://river-post.example/news/weir?id=7&lang=en",
    "River Post",
    [
        "Border guards exchanged fire near the Arva weir late on Sunday.",
        "The crossing at the weir was closed for the night.",
    ],
)
# One unbroken "word" far wider than the page, as untrusted text may hold.
LONG_WORD = "https://kesh-daily.example/tickets?" + "&".join(f"seat{n}=row{n}" for n in range(40))
TEA = make_article(
    "tea03",
    "Record crowds at the Kesh tea fair",
    "https://kesh-daily.example/tea-fair",
    "Kesh Daily",
    ["The autumn tea fair in Kesh drew record crowds on Monday.", "Tickets: " + LONG_WORD],
)


def make_briefing(themes: tuple[ThemeGroup, ...] | None = None) -> Briefing:
    if themes is None:
        themes = (
            ThemeGroup(
                "Talks",
                summary=(SummarySentence(TALKS.analysed.sentences[0], ("talks01",), 1.0),),
                articles=(TALKS,),
                scores={"talks01": 5.0},
                entities=(
                    Entity("Ilse Varga", "PERSON", 1),
                    Entity("River Commission", "ORG", 1),
                    Entity("Velm", "GPE", 1),
                ),
                stories=(Story("Delegations resume river talks in Velm", (TALKS.summary[0],), ("talks01", "weir02")),),
            ),
            ThemeGroup(
                "Border tensions",
                summary=(SummarySentence(WEIR.analysed.sentences[0], ("weir02",), 0.8),),
                articles=(WEIR,),
                scores={"weir02": 3.0},
            ),
            ThemeGroup("Other", summary=(), articles=(TEA,)),
        )
    return Briefing(
        title="Arva Valley Brief",
        date=DAY,
        timezone="Europe/Berlin",
        generated_at=datetime(2025, 11, 3, 5, 0, tzinfo=UTC),
        themes=themes,
        sources_report=(
            SourceReport("Valley Wire", SourceStatus.OK, 1),
            SourceReport("River Post", SourceStatus.OK, 2),
            SourceReport(
                "Kesh Daily", SourceStatus.ERROR, 0, "HTTP 503 from https://kesh-daily.example/rss", failing_runs=3
            ),
        ),
        dropped=(DroppedArticle("Old figures", "https://river-post.example/old", "outside the briefing's day"),),
        documents_read=4,
    )


def make_config(workspace: Path, extra: str = "") -> Config:
    text = "briefing: {title: Arva Valley Brief, timezone: Europe/Berlin}\n" + textwrap.dedent(extra)
    return parse_config(text, base_dir=workspace)


ANALYST = Audience(name="analyst", template="analyst", formats=["md", "pdf", "json"])


@dataclass(frozen=True)
class Rendered:
    md: str
    html: str
    json: dict[str, Any]
    pdf: pypdf.PdfReader
    pages: list[str]  # text of each page
    pdf_bytes: bytes

    def uris(self) -> list[str]:
        found = []
        for page in self.pdf.pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A")
                if action is not None and action.get("/S") == "/URI":
                    found.append(str(action["/URI"]))
        return found

    def internal_links(self) -> list[str]:
        return [
            str(annot.get_object()["/Dest"])
            for page in self.pdf.pages
            for annot in page.get("/Annots") or []
            if "/Dest" in annot.get_object()
        ]


def read_pdf(data: bytes) -> tuple[pypdf.PdfReader, list[str]]:
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    config = make_config(tmp_path_factory.mktemp("workspace"))
    edition = render_edition(make_briefing(), ANALYST, config, ["md", "html", "pdf", "json"])
    assert set(edition.files) == {"briefing.md", "briefing.html", "briefing.pdf", "briefing.json"}
    reader, pages = read_pdf(edition.files["briefing.pdf"])
    return Rendered(
        md=edition.files["briefing.md"].decode(),
        html=edition.files["briefing.html"].decode(),
        json=json.loads(edition.files["briefing.json"]),
        pdf=reader,
        pages=pages,
        pdf_bytes=edition.files["briefing.pdf"],
    )


# -- Markdown ----------------------------------------------------------------------


def test_markdown_has_title_date_themes_summaries_and_links(rendered: Rendered) -> None:
    md = rendered.md
    assert md.startswith("# Arva Valley Brief\n")
    assert "**Monday 3 November 2025** · analyst edition · 3 articles · times in Europe/Berlin" in md
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Volume {#volume}",
        "## Contents {#contents}",
        "## Talks {#theme-talks}",
        "## Border tensions {#theme-border-tensions}",
        "## Other {#theme-other}",
        "## Sources {#sources}",
    ]
    assert (
        "- Delegations from Northland and Southland resumed talks in Velm on Monday. (Valley Wire, [1](#article-1))"
        in md
    )
    assert "[source](https://valley-wire.example/2025/11/03/velm-talks)" in md
    assert "[source](https://river-post.example/news/weir?id=7&lang=en)" in md
    # times are shown in the briefing's time zone (06:30 UTC is 07:30 in Berlin)
    assert "3 Nov 2025 07:30" in md
    assert "| Kesh Daily | error | 0 | HTTP 503 from https://kesh-daily.example/rss **Failed 3 runs in a row.** |" in md


def test_markdown_keeps_the_spaces_in_separators(rendered: Rendered) -> None:
    # Separators go through the same escaping as article text; it must not eat their spaces.
    assert "*Key actors:* Ilse Varga (1), River Commission (1)" in rendered.md
    assert "(2 reports: [1](#article-1), [2](#article-2))" in rendered.md
    assert "Valley Wire (also River Post) · " in rendered.md


def test_the_analyst_lists_places_apart_from_who_acts(rendered: Rendered) -> None:
    """A town where things happen is no actor: key actors are people, organisations and countries (a
    capital acts for its government), places a line of their own."""
    assert "*Places:* Velm (1)" in rendered.md
    assert "Velm (1)" not in rendered.md.split("*Key actors:*")[1].split("\n")[0]


def test_a_name_one_theme_shows_as_a_place_is_a_place_in_every_theme(tmp_path: Path) -> None:
    """One name is read one way in one brief: "Velm", a place where the talks' report writes it, is no key actor of
    the border theme whose recogniser called it an organisation."""
    talks, border, other = make_briefing().themes
    border = dataclasses.replace(border, entities=(Entity("Velm", "ORG", 1), Entity("Border Guard", "ORG", 1)))
    briefing = make_briefing((talks, border, other))
    md = render_edition(briefing, ANALYST, make_config(tmp_path), ["md"]).files["briefing.md"].decode()
    border_part = md.split("## Border tensions")[1].split("## Other")[0]
    assert "*Key actors:* Border Guard (1)" in border_part
    assert "*Places:* Velm (1)" in border_part
    assert "Velm (1)" not in md.split("## Talks")[1].split("*Key actors:*")[1].split("\n")[0]


def test_md_escape_leaves_plain_words_alone_and_escapes_markup() -> None:
    assert md_escape("Talks resume in Velm, officials say.") == "Talks resume in Velm, officials say."
    assert md_escape(", ") == ", "
    assert md_escape("  two\n lines ") == " two lines "
    assert md_escape("1. list") == "1\\. list"
    assert md_escape("2) list") == "2\\) list"
    assert md_escape("# heading") == "\\# heading"
    assert md_escape("<b>") == "&lt;b&gt;"
    assert md_escape(None) == ""


# -- HTML and PDF ----------------------------------------------------------------------


def test_html_is_a_full_document_with_print_css_and_anchors(rendered: Rendered) -> None:
    html = rendered.html
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Arva Valley Brief · 2025-11-03</title>" in html
    assert "@page" in html and "counter(pages)" in html
    assert '<h2 id="theme-talks">Talks</h2>' in html
    assert '<a href="#article-1">1</a>' in html
    assert '<a href="https://river-post.example/news/weir?id=7&amp;lang=en">source</a>' in html


def test_pdf_text_has_title_date_themes_and_summaries(rendered: Rendered) -> None:
    text = "\n".join(rendered.pages)
    assert "Arva Valley Brief" in rendered.pages[0]
    assert "Monday 3 November 2025" in rendered.pages[0]
    for theme in ("Talks", "Border tensions", "Other", "Sources"):
        assert f"\n{theme}\n" in text
    flat = " ".join(text.split())
    assert "Delegations from Northland and Southland resumed talks in Velm on Monday." in flat
    assert "Border guards exchanged fire near the Arva weir late on Sunday." in flat
    assert rendered.pdf.metadata is not None
    assert rendered.pdf.metadata.title == "Arva Valley Brief · 2025-11-03"


def test_pdf_numbers_every_page_as_x_of_y(rendered: Rendered) -> None:
    total = len(rendered.pages)
    for number, text in enumerate(rendered.pages, 1):
        assert f"Page {number} of {total}" in text


def test_pdf_links_to_every_source_and_to_its_own_sections(rendered: Rendered) -> None:
    uris = rendered.uris()
    for url in (TALKS.article.url, WEIR.article.url, TEA.article.url):
        assert url in uris
    internal = rendered.internal_links()
    assert {"theme-talks", "theme-border-tensions", "theme-other", "article-1", "article-2"} <= set(internal)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_pdf_text_stays_inside_the_page_margins(rendered: Rendered, tmp_path: Path) -> None:
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(rendered.pdf_bytes)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes)
    assert len(words) > 100
    mm = 72 / 25.4
    left, right = 18 * mm - 1, 595.28 - 18 * mm + 1  # the page's side margins, in points
    outside = [(text, float(x0), float(x1)) for x0, x1, text in words if float(x0) < left or float(x1) > right]
    assert outside == []
    assert "seat39=row39" in " ".join(text for _, _, text in words)  # the long word is printed, broken


def test_pdf_page_is_a4(rendered: Rendered) -> None:
    box = rendered.pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


LISTS = """\
<main class="brief">
<h2 id="theme-a">Theme A</h2>
<ul>
<li>A short summary sentence. (Source, <a href="#article-1">1</a>)</li>
<li>A summary sentence long enough to wrap onto a second line of the page, and then on to a third one
if it keeps going a little longer than that. (Source, <a href="#article-2">2</a>)</li>
</ul>
<ul><li>Tight item<ul><li>nested one</li><li>nested two<ul><li>third level</li></ul></li></ul></li><li>Second</li></ul>
<ul><li><p>Loose item, its text in a paragraph.</p><p>Its second paragraph.</p></li><li><p>Loose two.</p></li></ul>
<h4 id="theme-a-more">More in Theme A</h4>
<ul><li id="article-3">[3] <a href="https://example.org/x">A title</a> · Source · 3 Nov 2025 10:00</li></ul>
<ol><li>numbered</li><li>numbered two<ul><li>a list in a numbered list</li></ul></li></ol>
</main>
"""


def _words(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float]]:
    path = tmp_path / "words.pdf"
    path.write_bytes(pdf)
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', boxes)
    return [(text, float(x), float(y)) for x, y, text in found]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
def test_pdf_bullets_sit_exactly_where_list_markers_would(tmp_path: Path) -> None:
    """The analyst style draws bullets as text (``li::before``: WeasyPrint lays out each outside
    ``::marker`` as a box of its own, slowly); on the page nothing may move: every bullet and
    every word where the browser-style marker would put it, nested and loose lists included."""
    css = (packaged_templates() / "analyst" / "style.css").read_text(encoding="utf-8")
    markers = css + "ul > li { list-style-type: inherit !important; } ul > li::before { content: none !important; }"

    def page(style: str) -> str:
        return f"<!DOCTYPE html><html><head><style>{style}</style></head><body>{LISTS}</body></html>"

    ours = _words(lay_out_pdf(page(css), []), tmp_path)
    native = _words(lay_out_pdf(page(markers), []), tmp_path)
    assert [w for w, _, _ in ours] == [w for w, _, _ in native]
    assert [w for w, _, _ in ours].count("•") == 7 and "◦" in [w for w, _, _ in ours]
    moved = [(a, b) for a, b in zip(ours, native, strict=True) if abs(a[1] - b[1]) > 0.01 or abs(a[2] - b[2]) > 0.01]
    assert moved == []


def _analyst_page(body: str) -> str:
    css = (packaged_templates() / "analyst" / "style.css").read_text(encoding="utf-8")
    return (
        f'<!DOCTYPE html><html><head><style>{css}</style></head><body><main class="brief">{body}</main></body></html>'
    )


def _pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _filler(lines: int) -> str:
    """``lines`` one-line paragraphs: moves what follows down the page a line at a time."""
    return "".join(f"<p>Filler line {n} of the page.</p>" for n in range(lines))


SOURCES = (
    '<h2 id="sources">Sources</h2><table><thead><tr><th>Source</th><th>Status</th><th>Articles read</th>'
    "<th>Note</th></tr></thead><tbody>"
    + "".join(f"<tr><td>Wire {n}</td><td>ok</td><td>{n}</td><td></td></tr>" for n in range(1, 6))
    + "</tbody></table><p><em>Every sentence above is quoted from the article it cites.</em></p>"
)


@pytest.mark.parametrize("lines", range(24, 36))
def test_pdf_keeps_a_short_sources_table_on_one_page(lines: int) -> None:
    """Wherever the Sources section falls, its heading and all five rows share a page: a table of a
    few rows never leaves one row alone on the next page."""
    pages = _pages_of(lay_out_pdf(_analyst_page(_filler(lines) + SOURCES), []))
    holding = [i for i, text in enumerate(pages) if "Wire" in text]
    assert len(holding) == 1, f"the table is split over pages {holding}"
    assert "Sources" in pages[holding[0]] and all(f"Wire {n}" in pages[holding[0]] for n in range(1, 6))


ARTICLE = (
    '<h4 id="article-9">[9] Harbour board votes to extend the north quay</h4>'
    '<p>Valley Wire · 3 Nov 2025 10:00 · <a href="https://example.org/q">source</a></p>'
    "<p>The harbour board voted on Monday to extend the north quay by forty metres, its chair said, "
    "after two years of talks with the ferry companies and the town council about the cost of the work "
    "and who should pay for it.</p>"
)


@pytest.mark.parametrize("lines", range(28, 36))
def test_pdf_keeps_an_articles_heading_and_source_line_with_its_text(lines: int) -> None:
    """An article's heading and its source line never sit at the foot of a page with its text on the next."""
    pages = _pages_of(lay_out_pdf(_analyst_page(_filler(lines) + ARTICLE), []))
    heading = next(i for i, text in enumerate(pages) if "Harbour board votes" in text)
    assert "Valley Wire" in pages[heading]
    assert "The harbour board voted" in pages[heading]


SUMMARY_BULLET = (
    "## Roads\n\n- Crews cleared the fallen trees from the coast road near Porto Seco early on Wednesday, reopening "
    "the route to lorries and buses, the council and police said. (Costa Weekly News, [4](#article-4))\n"
)


def test_pdf_breaks_a_cited_sentence_at_its_last_space_that_fits() -> None:
    """A summary sentence whose citation does not fit at the end of its last line wraps there: WeasyPrint broke
    the plain text before an inline citation at its first space instead, and printed "reopening" alone on a line,
    the sentence going on below it. Real layout, read back from the PDF."""
    from briefer.render import markdown_to_safe_html

    (page,) = _pages_of(lay_out_pdf(_analyst_page(markdown_to_safe_html(SUMMARY_BULLET)), []))
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    assert not [line for line in lines if len(line.split()) == 1 and line[:1].islower()], lines
    assert "(Costa Weekly News, 4)" in lines  # the citation whole on a line of its own


def test_a_pdf_found_in_the_store_does_not_import_weasyprint(tmp_path: Path) -> None:
    """Importing WeasyPrint costs ~0.45 s; the cache key reads its version from the package metadata."""
    from briefer.cached import pdf_maker
    from briefer.store import RunMemory, Store

    with Store(tmp_path / "store.sqlite") as store:
        pdf = pdf_maker(RunMemory(store))("<p>x</p>", [])()
    code = (
        "import sys; from pathlib import Path; from briefer.cached import pdf_maker; "
        "from briefer.store import RunMemory, Store; "
        f"pdf = pdf_maker(RunMemory(Store({str(tmp_path / 'store.sqlite')!r})))('<p>x</p>', [])(); "
        "assert 'weasyprint' not in sys.modules, 'a cached PDF imported weasyprint'; "
        "sys.stdout.buffer.write(pdf)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == pdf


def test_the_pdf_sets_old_objects_aside_from_the_collector_and_puts_them_back(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def weasyprint(html: str, folders: list[Path]) -> bytes:
        seen.append(gc.get_freeze_count())
        return b""

    monkeypatch.setattr("briefer.render._weasyprint_pdf", weasyprint)
    assert gc.get_freeze_count() == 0
    lay_out_pdf("<p>x</p>", [])
    assert seen[0] > 0  # frozen while WeasyPrint runs
    assert gc.get_freeze_count() == 0 and gc.isenabled()  # and put back: nothing kept for good
    gc.freeze()  # a freeze made by someone else (a resident process's) is theirs: never undone here ...
    try:
        frozen = gc.get_freeze_count()
        made_since = [[n] for n in range(1000)]
        lay_out_pdf("<p>x</p>", [])
        assert seen[1] >= frozen + len(made_since)  # ... and what was made since is set aside too
        assert gc.get_freeze_count() >= frozen + len(made_since)  # and left so: not put back here
    finally:
        gc.unfreeze()


def _prepared_in_a_child(laid_out: list[str]) -> int:
    from briefer.render import prepare_pdf

    prepare_pdf()
    return len(laid_out)


def test_a_process_prepares_the_pdf_once_and_its_forked_children_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """A resident process prepares WeasyPrint when it starts; each run's PDF child, forked from it, starts
    prepared instead of laying out its small page again (every layout here is WeasyPrint's own)."""
    from briefer import render
    from briefer.executor import can_fork, run_aside

    laid_out: list[str] = []
    real = render._weasyprint_pdf

    def counted(html: str, folders: list[Path]) -> bytes:
        laid_out.append(html)
        return real(html, folders)

    monkeypatch.setattr(render, "_weasyprint_pdf", counted)
    monkeypatch.setattr(render, "_PREPARED", False)
    render.prepare_pdf()
    render.prepare_pdf()
    assert laid_out == ["<p>briefer</p>"]
    if can_fork():
        assert run_aside(_prepared_in_a_child, laid_out)() == 1  # the child laid out nothing more
    assert lay_out_pdf("<p>x</p>", []).startswith(b"%PDF-") and len(laid_out) == 2  # the brief's own PDF is laid out


LINUX_LDCONFIG = sys.platform.startswith("linux") and Path("/sbin/ldconfig").exists()


@pytest.mark.skipif(not LINUX_LDCONFIG, reason="ldconfig is Linux's")
def test_importing_weasyprint_forks_no_compiler_to_find_its_libraries() -> None:
    """cffi hands ctypes.util.find_library every library name that does not open (WeasyPrint tries the
    Windows and macOS names first); on Linux each miss ran ldconfig, gcc and ld, ~0.25 s of the import.
    One ``ldconfig -p`` listing answers them all, and find_library is put back afterwards."""
    code = textwrap.dedent(
        """
        import ctypes.util, json, subprocess
        started = []
        popen_init = subprocess.Popen.__init__
        def init(self, args, *more, **options):
            started.append(args if isinstance(args, str) else str(args[0]))
            popen_init(self, args, *more, **options)
        subprocess.Popen.__init__ = init
        find_library = ctypes.util.find_library
        from briefer.render import lay_out_pdf
        import io, pypdf
        assert pypdf.PdfReader(io.BytesIO(lay_out_pdf("<p>x</p>", []))).pages[0].extract_text().strip() == "x"
        assert ctypes.util.find_library is find_library, "find_library was not put back"
        print(json.dumps(started))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["/sbin/ldconfig"]


@pytest.mark.skipif(not LINUX_LDCONFIG, reason="ldconfig is Linux's")
def test_weasyprint_still_loads_when_ldconfig_lists_none_of_its_libraries() -> None:
    code = textwrap.dedent(
        """
        import subprocess
        run = subprocess.run
        def empty_listing(args, *more, **options):
            if list(args[:1]) == ["/sbin/ldconfig"]:
                return subprocess.CompletedProcess(args, 0, b"", b"")
            return run(args, *more, **options)
        subprocess.run = empty_listing
        from briefer.render import lay_out_pdf
        import io, pypdf
        assert pypdf.PdfReader(io.BytesIO(lay_out_pdf("<p>x</p>", []))).pages[0].extract_text().strip() == "x"
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# -- JSON --------------------------------------------------------------------------------


def test_json_follows_the_documented_schema(rendered: Rendered) -> None:
    data = rendered.json
    assert data["schema_version"] == "1.0"
    assert {"date", "title", "audience", "generated_at", "themes", "sources_report"} <= set(data)
    assert (data["date"], data["title"], data["audience"]) == (DAY, "Arva Valley Brief", "analyst")
    assert datetime.fromisoformat(data["generated_at"]) == datetime(2025, 11, 3, 5, 0, tzinfo=UTC)
    assert [t["name"] for t in data["themes"]] == ["Talks", "Border tensions", "Other"]
    for theme in data["themes"]:
        assert {"name", "summary", "entities", "stories", "articles"} <= set(theme)
        ids = {a["id"] for a in theme["articles"]}
        for sentence in theme["summary"]:
            assert isinstance(sentence["text"], str) and sentence["article_ids"]
            assert set(sentence["article_ids"]) <= ids
        for article in theme["articles"]:
            assert {"id", "title", "url", "source", "sources", "published", "summary"} <= set(article)
            assert article["source"] == article["sources"][0]
            datetime.fromisoformat(article["published"])
            for sentence in article["summary"]:
                assert sentence["article_ids"] == [article["id"]]
    talks = data["themes"][0]
    assert talks["entities"][0] == {"name": "Ilse Varga", "label": "PERSON", "articles": 1, "variants": []}
    assert talks["stories"] == [
        {
            "title": "Delegations resume river talks in Velm",
            "summary": [
                {
                    "text": TALKS.summary[0].text,
                    "article_ids": ["talks01"],
                    "score": 0.0,
                    "position": 0,
                    "why": "",
                    "printed_before": None,
                }
            ],
            "article_ids": ["talks01", "weir02"],
            # No story memory here (render alone): see test_memory.py.
            "id": None,
            "status": None,
            "first_seen": None,
            "days": [],
            "surge": None,
        }
    ]
    assert talks["articles"][0]["sources"] == ["Valley Wire", "River Post"]
    assert data["sources_report"] == [
        {"name": "Valley Wire", "status": "ok", "articles": 1, "error": None, "failing_runs": 0},
        {"name": "River Post", "status": "ok", "articles": 2, "error": None, "failing_runs": 0},
        {
            "name": "Kesh Daily",
            "status": "error",
            "articles": 0,
            "error": "HTTP 503 from https://kesh-daily.example/rss",
            "failing_runs": 3,
        },
    ]


def test_an_article_in_two_themes_is_listed_in_full_once(tmp_path: Path) -> None:
    talks, border, other = make_briefing().themes
    border = ThemeGroup(border.name, border.summary, (WEIR, TALKS), dict(border.scores))
    briefing = make_briefing(themes=(talks, border, other))
    files = render_edition(briefing, ANALYST, make_config(tmp_path), ["md", "html"]).files
    md, html = files["briefing.md"].decode(), files["briefing.html"].decode()
    assert md.count("{#article-1}") == 1
    assert "*Also in this theme:* [1](#article-1) Delegations resume river talks in Velm" in md
    assert html.count('id="article-1"') == 1
    assert "3 articles" in md


def test_one_line_entries_carry_no_attribute_line_in_markdown(tmp_path: Path) -> None:
    """A "More in <theme>" entry is one line in briefing.md: no "{#article-n}" under it, which a
    Markdown viewer prints as text; the HTML (and so the PDF) still gives the entry its id."""
    _talks, border, other = make_briefing().themes
    both = ThemeGroup(border.name, border.summary, (WEIR, TALKS), {"weir02": 3.0, "talks01": 2.0})
    briefing = make_briefing(themes=(both, other))
    audience = Audience(name="analyst", template="analyst", formats=["md", "html"], max_articles=1)
    files = render_edition(briefing, audience, make_config(tmp_path), ["md", "html"]).files
    md, html = files["briefing.md"].decode(), files["briefing.html"].decode()
    assert "#### More in Border tensions" in md
    entry = re.search(r"^- \\\[(\d+)\\\] .+$", md, flags=re.M)
    assert entry is not None
    number = entry.group(1)
    assert f"{{#article-{number}}}" not in md
    assert not re.search(r"^\s*\{#[\w-]+\}\s*$", md, flags=re.M)
    assert f'<li id="article-{number}">' in html


def test_a_day_with_no_themes_is_headed_top_stories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``themes: []`` every article is in "Other", whose stories are the day's top stories: the
    reader sees "Top stories" (heading, contents; no volume table of one row); briefing.json and the anchors
    keep "Other"."""
    from briefer import context, group

    assert context.OTHER == group.OTHER
    told = (
        Story("Delegations resume river talks in Velm", (TALKS.summary[0],), ("talks01", "weir02")),
        Story("Tea prices", (TEA.summary[0],), ("tea03", "weir02")),
    )
    only = ThemeGroup("Other", summary=(), articles=(TALKS, WEIR, TEA), stories=told)
    one = Audience(name="analyst", template="analyst", formats=["md"], max_articles=1, max_stories=1)
    monkeypatch.setattr(context, "MAX_LISTED", 0)  # the two not shown in full are not listed either
    files = render_edition(make_briefing(themes=(only,)), one, make_config(tmp_path), ["md", "json", "html"]).files
    md = files["briefing.md"].decode()
    assert "*And 2 more articles: see briefing.json.*" in md
    assert "*More stories:* Tea prices (2 reports" in md  # past max_stories: named, not only counted
    assert "## Top stories {#theme-other}" in md and "- [Top stories](#theme-other) (3)" in md
    assert "## Other" not in md
    # one bar of today's count, already in the header: no volume table or chart until there is a history
    assert "## Volume" not in md and "| Top stories | 3 |" not in md
    assert 'class="volume"' not in files["briefing.html"].decode()
    assert "in this theme" not in md and "in 1 theme" not in files["briefing.html"].decode()
    assert [t["name"] for t in json.loads(files["briefing.json"])["themes"]] == ["Other"]
    # with themes configured, "Other" is what it says
    assert (
        "## Other {#theme-other}"
        in render_edition(make_briefing(), ANALYST, make_config(tmp_path), ["md"]).files["briefing.md"].decode()
    )


def _volume_section(md: str) -> str:
    return md.split("## Volume")[1].split("## Contents")[0]


def test_a_fresh_workspace_shows_todays_volume_only(tmp_path: Path) -> None:
    """With no brief on an earlier day, a week of dashes is noise: the Markdown tables today's
    counts, the PDF charts today's bars, and each says once that earlier days come later."""
    edition = render_edition(make_briefing(), ANALYST, make_config(tmp_path), ["md", "pdf"], history={})
    edition = edition.complete() if hasattr(edition, "complete") else edition
    volume = _volume_section(edition.files["briefing.md"].decode())
    assert "| Theme | 3 Nov |\n|---|---|\n| Talks | 1 |\n| Border tensions | 1 |\n| Other | 1 |\n" in volume
    assert "–" not in volume
    assert volume.count("earlier days will appear here as briefs are made") == 1
    first = " ".join(pypdf.PdfReader(io.BytesIO(edition.files["briefing.pdf"])).pages[0].extract_text().split())
    assert "Articles per theme today" in first and "Articles today" in first
    assert first.count("Earlier days will appear here as briefs are made.") == 1
    assert "Last 7 days" not in first and "a dash" not in first


def test_with_an_earlier_brief_the_volume_shows_the_week(tmp_path: Path) -> None:
    history = {"2025-11-01": {"Talks": 2, "Border tensions": 0}}
    edition = render_edition(make_briefing(), ANALYST, make_config(tmp_path), ["md", "pdf"], history=history)
    edition = edition.complete() if hasattr(edition, "complete") else edition
    volume = _volume_section(edition.files["briefing.md"].decode())
    assert "| Theme | 28 Oct | 29 Oct | 30 Oct | 31 Oct | 1 Nov | 2 Nov | 3 Nov |" in volume
    assert "| Talks | – | – | – | – | 2 | – | 1 |" in volume
    assert "| Border tensions | – | – | – | – | 0 | – | 1 |" in volume
    assert "earlier days will appear" not in volume
    first = " ".join(pypdf.PdfReader(io.BytesIO(edition.files["briefing.pdf"])).pages[0].extract_text().split())
    assert "Last 7 days" in first and "a dash: no brief was made that day" in first
    assert "Earlier days will appear" not in first


def test_an_empty_day_says_so(tmp_path: Path) -> None:
    briefing = make_briefing(themes=())
    edition = render_edition(briefing, ANALYST, make_config(tmp_path), ["md", "json"])
    md = edition.files["briefing.md"].decode()
    assert "*No articles were published on Monday 3 November 2025 in the sources of this brief.*" in md
    assert "## Contents" not in md
    assert "| Kesh Daily | error |" in md
    assert json.loads(edition.files["briefing.json"])["themes"] == []


# -- template lookup: workspace first, then the built-in defaults -------------------------


def workspace_with(tmp_path: Path, files: dict[str, str]) -> Config:
    for name, text in files.items():
        path = tmp_path / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return make_config(tmp_path)


def test_a_workspace_style_css_overrides_the_built_in_one(tmp_path: Path) -> None:
    config = workspace_with(tmp_path, {"analyst/style.css": "h1 { color: #abcdef; } /* desk house style */\n"})
    html = render_edition(make_briefing(), ANALYST, config, ["html"]).files["briefing.html"].decode()
    assert "desk house style" in html
    assert "Print styles for the analyst edition" not in html


def test_a_workspace_markdown_template_overrides_the_built_in_one(tmp_path: Path) -> None:
    config = workspace_with(tmp_path, {"analyst/briefing.md.j2": "# {{ title }}\n\nOnly {{ article_count }} today.\n"})
    md = render_edition(make_briefing(), ANALYST, config, ["md"]).files["briefing.md"].decode()
    assert md == "# Arva Valley Brief\n\nOnly 3 today.\n"


@pytest.fixture
def resident() -> Iterator[None]:
    """Memos kept between runs (briefer.article_memo.kept), as in a resident ``briefer schedule``."""
    from briefer import article_memo

    article_memo.keep_between_runs(True)
    try:
        yield
    finally:
        article_memo.keep_between_runs(False)


def _analyst_md(config: Config) -> bytes:
    return render_edition(make_briefing(), ANALYST, config, ["md"]).files["briefing.md"]


def test_a_resident_process_keeps_its_templates_only_while_the_files_stand(tmp_path: Path, resident: None) -> None:
    # Kept between runs, the compiled templates follow the workspace's files: an override added,
    # edited or removed is what the next edition is made with.
    config = make_config(tmp_path)
    built_in = _analyst_md(config)
    assert _analyst_md(config) == built_in
    workspace_with(tmp_path, {"analyst/briefing.md.j2": "Only {{ article_count }} today.\n"})
    assert _analyst_md(config) == b"Only 3 today.\n"
    override = tmp_path / "templates" / "analyst" / "briefing.md.j2"
    override.write_text("Just {{ article_count }} now.\n", encoding="utf-8")
    assert _analyst_md(config) == b"Just 3 now.\n"
    override.unlink()
    assert _analyst_md(config) == built_in


def test_a_resident_process_checks_its_templates_blocks_again_when_a_file_changes(
    tmp_path: Path, resident: None
) -> None:
    # The blocks of a kept environment's templates are checked once (not parsed again each run), and
    # an override written since, with a misspelt block, is still an error, never a block dropped unseen.
    config = make_config(tmp_path)
    built_in = _analyst_md(config)
    assert _analyst_md(config) == built_in
    misspelt = '{% extends "default/analyst/briefing.md.j2" %}\n{% block sumary %}x{% endblock %}\n'
    workspace_with(tmp_path, {"analyst/briefing.md.j2": misspelt})
    with pytest.raises(RenderError, match=r"block 'sumary' is not in default/analyst/briefing.md.j2"):
        _analyst_md(config)


def test_a_template_in_the_workspace_root_applies_to_every_edition(tmp_path: Path) -> None:
    config = workspace_with(tmp_path, {"briefing.md.j2": "Root template for {{ edition }}.\n"})
    md = render_edition(make_briefing(), ANALYST, config, ["md"]).files["briefing.md"].decode()
    assert md == "Root template for analyst.\n"


def test_an_override_can_extend_the_default_and_replace_one_block(tmp_path: Path) -> None:
    config = workspace_with(
        tmp_path,
        {
            "analyst/briefing.md.j2": """\
            {% extends "default/analyst/briefing.md.j2" %}
            {% block footer %}
            *Desk edition: for internal use.*
            {% endblock %}
            """
        },
    )
    md = render_edition(make_briefing(), ANALYST, config, ["md"]).files["briefing.md"].decode()
    assert md.rstrip().endswith("*Desk edition: for internal use.*")
    assert "Generated by briefer" not in md
    assert "## Talks {#theme-talks}" in md  # the rest still comes from the default
    assert "## Sources {#sources}" in md


def test_a_new_template_set_can_hold_only_a_stylesheet(tmp_path: Path) -> None:
    config = workspace_with(tmp_path, {"desk/style.css": "body { color: #222; } /* desk set */\n"})
    desk = Audience(name="desk", template="desk", formats=["md", "html"])
    files = render_edition(make_briefing(), desk, config, ["md", "html"]).files
    assert "desk set" in files["briefing.html"].decode()
    assert "## Talks {#theme-talks}" in files["briefing.md"].decode()


def test_an_unknown_template_set_names_the_folders_searched(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    board = Audience(name="board", template="bored", formats=["md"])
    with pytest.raises(RenderError) as caught:
        render_edition(make_briefing(), board, config, ["md"])
    message = str(caught.value)
    assert "template set 'bored' not found" in message
    assert str(tmp_path / "templates" / "bored") in message
    assert str(Path("briefer") / "templates" / "bored") in message


MD = "analyst/briefing.md.j2"
BAD_TEMPLATES = {
    "syntax error": (MD, "# {{ title }}\n\n{% for t in themes %}\n{{ t.name\n", 4, "syntax error"),
    "unknown variable": (MD, "# {{ title }}\n\n{{ headline }}\n", 3, "'headline' is undefined"),
    "unknown attribute": (MD, "# {{ title }}\n{{ themes[0].colour }}\n", 2, "no attribute 'colour'"),
    "unknown filter": (MD, "x\n\n\n{{ title|shout }}\n", 4, "No filter named 'shout'"),
    "failing expression": (MD, "x\n{{ article_count / 0 }}\n", 2, "ZeroDivisionError"),
    "missing include": (MD, "x\n{% include 'masthead.md.j2' %}\n", 2, "'masthead.md.j2' not found"),
    "error in a block of an override": (
        MD,
        '{% extends "default/analyst/briefing.md.j2" %}\n{% block footer %}\n{{ nope }}\n{% endblock %}\n',
        3,
        "'nope' is undefined",
    ),
    "error in the HTML layout": ("analyst/briefing.html.j2", "<html>\n<p>{{ body }}{{ logo }}</p>\n", 2, "'logo'"),
}


@pytest.mark.parametrize("name, text, line, problem", list(BAD_TEMPLATES.values()), ids=list(BAD_TEMPLATES))
def test_a_broken_template_fails_with_file_and_line(
    tmp_path: Path, name: str, text: str, line: int, problem: str
) -> None:
    path = tmp_path / "templates" / name
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        render_edition(make_briefing(), ANALYST, make_config(tmp_path), ["md", "html"])
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}:"), message
    assert problem in message


# -- end to end: the real pipeline on a folder source ---------------------------------------


WORKSPACE_CONFIG = """\
briefing: {title: Arva Valley Brief, timezone: UTC}
sources:
  - {name: Valley Desk, type: folder, path: articles/desk}
  - {name: River Wire, type: folder, path: articles/wire}
themes:
  - {name: Mediation, keywords: [mediate, mediation, good offices]}
  - {name: Border tensions, keywords: [border, ceasefire, fire]}
  - {name: Talks, keywords: [talks, delegation, round]}
summaries: {algorithm: lead, article_sentences: 2, theme_sentences: 2}
audiences:
  - {name: analyst, template: analyst, formats: [md, pdf, json]}
"""


def make_workspace(folder: Path) -> Path:
    shutil.copytree(FIXTURES / "articles", folder / "articles")
    (folder / "sources.yaml").write_text(WORKSPACE_CONFIG, encoding="utf-8")
    return folder / "sources.yaml"


@dataclass(frozen=True)
class Run:
    workspace: Path
    folder: Path
    written: list[Path]
    old_inode: int
    kept_link: Path


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    from briefer.config import load_config

    workspace = tmp_path_factory.mktemp("desk")
    config = load_config(make_workspace(workspace))
    folder = workspace / "output" / DAY / "analyst"
    folder.mkdir(parents=True)
    # An earlier brief, hard-linked elsewhere: an atomic write replaces the file
    # (new inode) and leaves the old content intact under the other name.
    old = folder / "briefing.md"
    old.write_text("yesterday's draft\n")
    kept_link = workspace / "old-draft.md"
    os.link(old, kept_link)
    _, report = run(config, date(2025, 11, 3))
    return Run(workspace, folder, report.written, os.stat(kept_link).st_ino, kept_link)


def test_files_land_in_output_date_audience(pipeline_run: Run) -> None:
    names = sorted(p.name for p in pipeline_run.folder.iterdir())
    assert names == ["briefing.json", "briefing.md", "briefing.pdf"]  # and no temporary files left behind
    assert sorted(pipeline_run.written) == sorted(pipeline_run.folder / n for n in names)


def test_files_are_replaced_atomically_not_rewritten_in_place(pipeline_run: Run) -> None:
    target = pipeline_run.folder / "briefing.md"
    assert os.stat(target).st_ino != pipeline_run.old_inode
    assert pipeline_run.kept_link.read_text() == "yesterday's draft\n"
    assert target.read_text().startswith("# Arva Valley Brief\n")


KEPT_TITLES = {
    "Northland and Southland resume river talks in Velm",
    "Shots fired near the Arva weir as border guards trade blame",
    "Lakeland offers to mediate in the Arva water dispute",
    "Record crowds at the Kesh autumn tea fair",
}


def test_the_pipeline_brief_has_every_article_and_clickable_sources(pipeline_run: Run) -> None:
    # Which theme each article lands in is the grouping stage's business (tested there);
    # here: every kept article is in the brief once, under themes in config order.
    md = (pipeline_run.folder / "briefing.md").read_text()
    titles = re.findall(r"^#### \\\[\d+\\\] (.+) \{#article-\d+\}$", md, flags=re.M)
    assert sorted(titles) == sorted(KEPT_TITLES)
    order = ["Mediation", "Border tensions", "Talks", "Other"]
    shown = [h for h in re.findall(r"^## (.+?) \{#", md, flags=re.M) if h in order]
    assert shown == sorted(shown, key=order.index) and len(shown) >= 2
    assert "Valley Desk (also River Wire)" in md  # the wire copy was merged, both outlets named
    reader, pages = read_pdf((pipeline_run.folder / "briefing.pdf").read_bytes())
    uris = [
        str(a.get_object()["/A"]["/URI"])
        for page in reader.pages
        for a in page.get("/Annots") or []
        if "/A" in a.get_object()
    ]
    desk = (pipeline_run.workspace / "articles" / "desk").resolve()
    assert (desk / "talks-resume.md").as_uri() in uris
    assert (desk / "weir-shooting.md").as_uri() in uris
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    data = json.loads((pipeline_run.folder / "briefing.json").read_text())
    assert [t["name"] for t in data["themes"]] == shown
    assert {a["title"] for t in data["themes"] for a in t["articles"]} == KEPT_TITLES
    assert {(s["name"], s["status"], s["articles"]) for s in data["sources_report"]} == {
        ("Valley Desk", "ok", 5),
        ("River Wire", "ok", 1),
    }


def test_a_template_error_writes_nothing(tmp_path: Path) -> None:
    from briefer.config import load_config

    config = load_config(make_workspace(tmp_path))
    broken = tmp_path / "templates" / "analyst" / "briefing.html.j2"
    broken.parent.mkdir(parents=True)
    broken.write_text("<html>{% block %}</html>\n")
    with pytest.raises(RenderError, match=rf"^{broken}:1: template syntax error"):
        run(config, date(2025, 11, 3), formats=["md", "pdf"])
    assert not (tmp_path / "output").exists()


def test_a_run_that_fails_after_briefing_json_was_written_leaves_the_previous_set(tmp_path: Path) -> None:
    """briefing.json is written into the day's staging folder as it is made; an edition that fails
    to render after it (the second audience's broken template) leaves the day's previous set as it
    was, and no staging folder or half-written file anywhere under output/."""
    from briefer.config import load_config

    config_path = make_workspace(tmp_path)
    run(load_config(config_path), date(2025, 11, 3))
    output = tmp_path / "output"
    before = {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}
    assert "2025-11-03/analyst/briefing.json" in before
    broken = tmp_path / "templates" / "desk" / "briefing.md.j2"
    broken.parent.mkdir(parents=True)
    broken.write_text("{% block %}\n")
    config_path.write_text(
        WORKSPACE_CONFIG.replace("Arva Valley Brief", "Arva Valley Evening Brief")
        + "  - {name: desk, template: desk, formats: [md]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RenderError, match="template syntax error"):
        run(load_config(config_path), date(2025, 11, 3))
    after = {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}
    assert after == before
    assert sorted(p.name for p in output.iterdir()) == ["2025-11-03", "feed.xml", "index.html"]


def test_a_story_that_holds_the_whole_theme_is_not_shown_again() -> None:
    talks = ThemeGroup(
        "Talks",
        summary=(SummarySentence(TALKS.analysed.sentences[0], ("talks01",), 1.0),),
        articles=(TALKS,),
        stories=(Story("Delegations resume river talks in Velm", (TALKS.summary[0],), ("talks01",)),),
    )
    context = build_context(make_briefing((talks,)), Audience(name="analyst"))
    assert context.themes[0].stories == ()
    assert context.themes[0].story_count == 0  # a story of one report is its article; briefing.json keeps it


def test_a_themes_contents_link_leads_to_its_heading_whatever_letters_its_name_has(tmp_path: Path) -> None:
    (talks, *rest) = make_briefing().themes
    renamed = dataclasses.replace(talks, name="Économie & Société")
    briefing = make_briefing((renamed, *rest))
    html = render_edition(briefing, ANALYST, make_config(tmp_path), ["html"]).files["briefing.html"].decode()
    [target] = re.findall(r'<a href="#([^"]+)">Économie &amp; Société</a>', html)
    assert re.search(rf'<h2 id="{re.escape(target)}">Économie &amp; Société', html), target


class _Level(enum.IntEnum):
    HIGH = 3


_AWKWARD_JSON: dict[str, Any] = {
    "text": 'quote " backslash \\ new\nline \t tab \x00 \x1f ü 中 \u2028 \U0001f600',
    "numbers": [0, -1, 10**30, 0.1, -0.0, 1e-7, 1e22, 2.5e-300, float("nan"), float("inf"), float("-inf")],
    "flags": [True, False, None],
    "empties": [[], {}, (), "", [[]], {"a": {}}],
    "a tuple": (1, "two", (3.0,)),
    "subclasses": [_Level.HIGH, numpy.float64(0.25), {"score": numpy.float64(1 / 3)}],
    "not string keys": {7: "a", 2.5: "b", True: "c", None: "d"},
    "nested": {"articles": [{"id": "x", "summary": [{"text": "s", "ids": ["x", "y"], "score": 0.5}]}] * 3},
    "lazy": Lazy(2, lambda: ({"n": n, "scores": {"A": 0.5, "B": n / 3}} for n in range(2))),
    "empty lazy": Lazy(0, lambda: iter(())),
}


@pytest.mark.parametrize("depth", [0, 1, 2, 3, 4, 8])
def test_briefing_json_s_own_encoder_writes_what_json_dumps_writes(depth: int) -> None:
    """briefing.json's text, made by the codec's encoder for an indent of 2 (twice as fast as json's
    pure-Python one with an indent), is byte for byte ``json.dumps(value, ensure_ascii=False,
    indent=2)``: escapes, every kind of number (NaN, the infinities, -0.0, an IntEnum), keys json
    turns into strings, empty and nested containers, tuples, and Lazy lists above and below the
    levels written piece by piece."""
    import json

    from briefer.codec import json_into, lazy_items

    expected = json.dumps(_AWKWARD_JSON, ensure_ascii=False, indent=2, default=lazy_items).encode("utf-8")
    out = bytearray()
    json_into(out, _AWKWARD_JSON, depth, indent=2)
    assert bytes(out) == expected
    for value in _AWKWARD_JSON.values():  # each value alone, at the top
        out = bytearray()
        json_into(out, value, depth, indent=2)
        assert bytes(out) == json.dumps(value, ensure_ascii=False, indent=2, default=lazy_items).encode("utf-8")


def test_a_sentence_cut_for_the_page_ends_with_a_clause_not_mid_phrase_nor_inside_a_name() -> None:
    """The executive page cuts long sentences: at a comma's or a dash's break late enough (not one that
    closes a subject's apposition), else before a joining word ("and forced ...": not "hours after", a
    phrase), else at a word's end but not inside a name; a sentence at most five characters past its room
    stays whole."""
    eruption = (
        "Hundreds of passengers were stuck in Marrow on Sunday after the eruption of Mount Cale overnight left ash "
        "on the airport's runway and forced the cancellation of at least 40 flights."
    )
    assert shorten(eruption, 170) == (
        "Hundreds of passengers were stuck in Marrow on Sunday after the eruption of Mount Cale overnight left ash "
        "on the airport's runway…"
    )
    sweepers = (
        "Street sweepers began clearing ash in Tarrow and Milla on Sunday afternoon, hours after the region declared "
        "an emergency for six towns and set aside money for the clean-up."
    )
    assert shorten(sweepers, 120) == "Street sweepers began clearing ash in Tarrow and Milla on Sunday afternoon…"
    match = (
        "Marrow ended a run of four games without a goal on Saturday night, beating Kenda 1-0 at the Ulloo "
        "ground with a header from substitute Pietro Dal Santo in the last minute."
    )
    assert shorten(match, 145) == (
        "Marrow ended a run of four games without a goal on Saturday night, beating Kenda 1-0 at the Ulloo ground "
        "with a header from substitute…"
    )
    # A subject and its apposition are no clause: the cut keeps the verb.
    brokers = (
        "Norland and Vesta, the two countries that brokered last month's truce between Kestrel and Ostrava, are "
        "keeping up contacts with both capitals, diplomats said."
    )
    assert shorten(brokers, 120) == (
        "Norland and Vesta, the two countries that brokered last month's truce between Kestrel and Ostrava, are "
        "keeping up…"
    )
    assert shorten("Short enough to stay whole.", 24) == "Short enough to stay whole."
