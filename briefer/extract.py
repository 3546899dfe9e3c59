"""Extract: a raw document becomes a clean :class:`Article`, or a reason to drop it.

:func:`extract` is the stage; :func:`extract_many` runs it over a chunk of
documents (an executor's map; :func:`briefer.cached.extract_all` wraps it with
the store's cache); :func:`settle_published` decides which time an article is
dated by; :func:`extract_one` is what ``briefer extract`` shows.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import re
import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

import lxml.html
import markdown as md
from lxml import etree

from briefer import clock
from briefer.clean import CLEAN_DEFAULTS, CleanSettings, boilerplate_rule, clean_paragraphs, is_sentence_paragraph
from briefer.dates import parse_datetime
from briefer.models import Article, DroppedArticle, RawDocument
from briefer.text import html_to_text, squash, strip_controls

if TYPE_CHECKING:
    from configparser import ConfigParser

log = logging.getLogger(__name__)

_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datePublished",
    "date",
    "dc.date",
    "DC.date.issued",
    "pubdate",
    "publishdate",
    "sailthru.date",
    "parsely-pub-date",
)
MIN_ARTICLE_CHARS = 80
"""An article shorter than this after cleaning is dropped (or replaced by its feed's text)."""
FUTURE_TOLERANCE = timedelta(minutes=15)
"""A published time later than the run's clock by more than this is not believed."""


@dataclasses.dataclass(frozen=True)
class ExtractSettings:
    """The tunable numbers and switches of extraction; ``benchmarks/extraction.py`` chooses them by
    cross-validation, and the defaults are what ``briefer`` runs with.

    ``favor``, ``tables``, ``deduplicate`` and ``min_extracted_chars`` are trafilatura's (its mode,
    whether table text is article text, whether it drops text it has already output, and the length
    below which it tries its fallback extractors); ``min_article_chars`` is the shortest article
    kept; ``clean`` holds the cleaner's.
    """

    favor: Literal["precision", "balanced", "recall"] = "precision"
    tables: bool = True
    deduplicate: bool = False
    min_extracted_chars: int = 250
    min_article_chars: int = MIN_ARTICLE_CHARS
    clean: CleanSettings = CLEAN_DEFAULTS


DEFAULTS = ExtractSettings()

_ONE_PAGE_AT_A_TIME = threading.Lock()
"""Held around trafilatura, whose duplicate cache is the process's (see :func:`_from_page`)."""

_TABLE_RULE = re.compile(r":?-+:?")

_LIST_ITEM = re.compile(r"([-*•–—]|\d{1,2}[.)])\s")


def article_id(source: str, title: str, text: str) -> str:
    """Stable id: the same source, headline and text always give the same id,
    wherever the workspace lives (no absolute path or fetch time goes in)."""
    return hashlib.sha1(f"{source}\n{squash(title)}\n{squash(text)}".encode()).hexdigest()[:12]


def extract(
    doc: RawDocument, max_chars: int, now: datetime | None = None, settings: ExtractSettings = DEFAULTS
) -> Article | DroppedArticle:
    """Turn ``doc`` into an :class:`Article`; a :class:`DroppedArticle` says why not."""
    title = doc.title
    published, published_from = doc.published, doc.published_from
    if doc.kind == "html":
        meta_title, meta_date, paragraphs = _from_page(doc.body, settings)
        title = title or meta_title
        if meta_date:
            published, published_from = meta_date, "metadata"
    elif doc.kind == "fragment":
        paragraphs = html_to_text(doc.body).split("\n\n")
    elif doc.kind == "markdown":
        # Raw HTML inside Markdown is HTML (as Markdown defines it), so its tags
        # are stripped like a feed item's: never shown as text, never fetched.
        html = md.markdown(doc.body)
        paragraphs = html_to_text(html).split("\n\n")
        if not title:
            heading = re.search(r"^#\s+(.+)$", doc.body, re.M)
            title = heading.group(1).strip() if heading else None
    else:
        paragraphs = _text_paragraphs(doc.body, settings.clean)
    paragraphs = [strip_controls(p) for p in paragraphs]  # a stranger's control characters stop here
    title = squash(strip_controls(title or "")) or _first_words(paragraphs)
    cleaned = clean_paragraphs(paragraphs, title, max_chars, settings.clean)
    for rule, line in cleaned.removed:
        log.debug("%s: removed %s: %.60s", doc.url, rule, line)
    if cleaned.truncated:
        log.warning("%s: article longer than %d characters, cut", doc.url, max_chars)
    if len(cleaned.text) < settings.min_article_chars:
        if doc.fallback_body is not None:  # a full_text page that gave nothing: the feed's own text
            log.info("%s: no article in the page; using the feed's text", doc.url)
            fallback = dataclasses.replace(doc, body=doc.fallback_body, kind="fragment", fallback_body=None)
            return extract(fallback, max_chars, now, settings)
        return DroppedArticle(title=title, url=doc.url, reason="no article text after cleaning")
    if published is None:
        published, published_from = (now or clock.now()), "fetched"
    return Article(
        id=article_id(doc.source, title, cleaned.text),
        title=title,
        url=doc.url,
        source=doc.source,
        text=cleaned.text,
        published=published,
        published_from=published_from,
        sources=(doc.source,),
        urls=(doc.url,),
        truncated=cleaned.truncated,
    )


def _text_paragraphs(body: str, clean: CleanSettings = CLEAN_DEFAULTS) -> list[str]:
    """Paragraphs of plain text.

    Blank lines separate paragraphs. Inside a block, hard-wrapped lines are
    joined back together, but a line that is boilerplate on its own
    ("Read: ..."), a short first line followed by a capitalised one (a
    heading or a label) and a line that ends a sentence each close a
    paragraph, so the cleaner can drop the boilerplate and keep the prose
    whole.
    """
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", body.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        width = max((len(line) for line in lines), default=0)
        current: list[str] = []
        for i, line in enumerate(lines):
            continuation = bool(current) and line[0].islower()  # the rest of a wrapped sentence
            if current and _LIST_ITEM.match(line):  # a list item starts its own paragraph
                paragraphs.append(" ".join(current))
                current = []
            if not continuation and boilerplate_rule(line, clean):
                if current:
                    paragraphs.append(" ".join(current))
                    current = []
                paragraphs.append(line)
                continue
            current.append(line)
            is_last = i == len(lines) - 1
            heading = len(current) == 1 and len(line) < 0.6 * width and not is_last and lines[i + 1][0].isupper()
            if is_last or heading or is_sentence_paragraph(line):
                paragraphs.append(" ".join(current))
                current = []
    return paragraphs


def _first_words(paragraphs: list[str]) -> str:
    for para in paragraphs:
        words = para.split()
        if words:
            return " ".join(words[:12]) + ("..." if len(words) > 12 else "")
    return "(untitled)"


def _from_page(html: str, settings: ExtractSettings = DEFAULTS) -> tuple[str | None, datetime | None, list[str]]:
    """Title, published time and paragraphs of a full web page."""
    title: str | None = None
    published: datetime | None = None
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        tree = None
    if tree is not None:
        for name in _DATE_META:
            for node in tree.xpath(f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]'):
                published = parse_datetime(node.get("content"), assume_utc=False)
                if published:
                    break
            if published:
                break
        if published is None:
            for node in tree.xpath("//time[@datetime]"):
                published = parse_datetime(node.get("datetime"), assume_utc=False)
                if published:
                    break
        og = tree.xpath('//meta[@property="og:title"]/@content')
        h1 = tree.xpath("//h1")
        if h1 and h1[0].text_content().strip():
            title = h1[0].text_content().strip()
        elif og:
            title = str(og[0]).strip()
        elif tree.find(".//title") is not None:
            title = (tree.findtext(".//title") or "").strip() or None
    import trafilatura  # on first use: imports that a day of text files never needs
    from trafilatura.deduplication import LRU_TEST

    with _ONE_PAGE_AT_A_TIME:
        # trafilatura's deduplication counts text in one cache for the whole process, so a page's
        # text would depend on the pages extracted before it (the fourth copy of a wire story came back
        # empty, a duplicate, and the page was dropped or read whole, menus and all): each page starts
        # afresh. Within one page, repeated text still goes.
        LRU_TEST.clear()
        text = trafilatura.extract(
            html,
            output_format="txt",
            include_comments=False,
            include_tables=settings.tables,
            include_images=False,
            include_links=False,
            favor_precision=settings.favor == "precision",
            favor_recall=settings.favor == "recall",
            deduplicate=settings.deduplicate,
            config=_trafilatura_config(settings.min_extracted_chars),
        )
    if not text and tree is not None:
        body = tree.find(".//body")
        text = html_to_text(etree.tostring(body, encoding="unicode")) if body is not None else ""
    paragraphs = [_table_row(line) for line in re.split(r"\n+", text or "")]
    return title, published, paragraphs


def _table_row(line: str) -> str:
    """A table row as trafilatura writes it (``| 2 | Brennstadt | 5:54.9 |``) as plain text, its cells
    between middle dots (``2 · Brennstadt · 5:54.9``); the header rule (``|---|---|``) as nothing."""
    stripped = line.strip()
    if len(stripped) < 2 or not (stripped.startswith("|") and stripped.endswith("|")):
        return line
    cells = [cell.strip() for cell in stripped[1:-1].split("|")]
    return " · ".join(cell for cell in cells if cell and not _TABLE_RULE.fullmatch(cell))


@functools.lru_cache(maxsize=8)
def _trafilatura_config(min_extracted_chars: int) -> ConfigParser:
    """trafilatura's configuration (its settings.cfg) with our length below which it tries its fallbacks."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(min_extracted_chars))
    return config


# -- dates -------------------------------------------------------------------------


def settle_published(article: Article, first_seen: datetime, now: datetime, from_web: bool = True) -> Article:
    """The time the article is dated by, always with a time zone.

    A web article (feed or page) without a date, with a date that has no
    time zone, or with a date in the future is dated by when briefer first
    saw it, and ``published_from`` says why: ``first_seen`` (no date),
    ``first_seen:no_zone`` or ``first_seen:future``. Local files (folders,
    a feed file) are the user's own: a date without a zone is taken as UTC
    and a future date is kept; only a missing date is replaced.
    """
    published, origin = article.published, article.published_from
    if origin == "fetched":
        return dataclasses.replace(article, published=first_seen, published_from="first_seen")
    if published.tzinfo is None:
        if not from_web:
            return dataclasses.replace(article, published=published.replace(tzinfo=UTC))
        log.info("%s: %s date %s has no time zone; dated by first sight", article.url, origin, published)
        return dataclasses.replace(article, published=first_seen, published_from="first_seen:no_zone")
    if from_web and published > now + FUTURE_TOLERANCE:
        log.info("%s: %s date %s is in the future; dated by first sight", article.url, origin, published)
        return dataclasses.replace(article, published=first_seen, published_from="first_seen:future")
    return article


def extract_many(
    docs: list[RawDocument], max_chars: int, now: datetime | None = None
) -> list[Article | DroppedArticle]:
    """:func:`extract` over a chunk of documents (what an executor runs), with the default settings."""
    return [extract(doc, max_chars, now) for doc in docs]
