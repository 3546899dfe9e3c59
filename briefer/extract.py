"""Extract: a raw document becomes a clean :class:`Article`, or a reason to drop it."""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import UTC, datetime

import lxml.html
import markdown as md
import trafilatura
from lxml import etree

from briefer.clean import clean_paragraphs
from briefer.gather import parse_datetime
from briefer.models import Article, DroppedArticle, RawDocument
from briefer.text import html_to_text, squash

log = logging.getLogger(__name__)

_DATE_META = (
    "article:published_time", "og:article:published_time", "datePublished", "date", "dc.date",
    "DC.date.issued", "pubdate", "publishdate", "sailthru.date", "parsely-pub-date",
)
MIN_ARTICLE_CHARS = 80


def article_id(url: str, text: str) -> str:
    """Stable id: the same URL and text always give the same id."""
    return hashlib.sha1(f"{url}\n{squash(text)}".encode()).hexdigest()[:12]


def extract(doc: RawDocument, max_chars: int, now: datetime | None = None) -> Article | DroppedArticle:
    """Turn ``doc`` into an :class:`Article`; a :class:`DroppedArticle` says why not."""
    title = doc.title
    published, published_from = doc.published, doc.published_from
    if doc.kind == "html":
        meta_title, meta_date, paragraphs = _from_page(doc.body)
        title = title or meta_title
        if meta_date:
            published, published_from = meta_date, "metadata"
    elif doc.kind == "fragment":
        paragraphs = html_to_text(doc.body).split("\n\n")
    elif doc.kind == "markdown":
        html = md.markdown(_escape_raw_html(doc.body))
        paragraphs = html_to_text(html).split("\n\n")
        if not title:
            heading = re.search(r"^#\s+(.+)$", doc.body, re.M)
            title = heading.group(1).strip() if heading else None
    else:
        paragraphs = _text_paragraphs(doc.body)
    title = squash(title or "") or _first_words(paragraphs)
    cleaned = clean_paragraphs(paragraphs, title, max_chars)
    for rule, line in cleaned.removed:
        log.debug("%s: removed %s: %.60s", doc.url, rule, line)
    if cleaned.truncated:
        log.warning("%s: article longer than %d characters, cut", doc.url, max_chars)
    if len(cleaned.text) < MIN_ARTICLE_CHARS:
        return DroppedArticle(title=title, url=doc.url, reason="no article text after cleaning")
    if published is None:
        published, published_from = (now or datetime.now(UTC)), "fetched"
    return Article(
        id=article_id(doc.url, cleaned.text),
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


def _text_paragraphs(body: str) -> list[str]:
    """Paragraphs of plain text: blank lines separate them, and so do lines
    that stand alone as boilerplate ("Read: ...") even without a blank line."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", body.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if len(lines) > 1 and all(len(line) < 200 for line in lines):
            # Short lines: a list or stacked labels rather than a wrapped paragraph.
            from briefer.clean import boilerplate_rule, is_sentence_paragraph

            if any(boilerplate_rule(line) or not is_sentence_paragraph(line) for line in lines[:-1]):
                paragraphs.extend(lines)
                continue
        paragraphs.append(" ".join(lines))
    return paragraphs


def _escape_raw_html(text: str) -> str:
    """Markdown articles are data: raw HTML in them is shown as text, not parsed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _first_words(paragraphs: list[str]) -> str:
    for para in paragraphs:
        words = para.split()
        if words:
            return " ".join(words[:12]) + ("..." if len(words) > 12 else "")
    return "(untitled)"


def _from_page(html: str) -> tuple[str | None, datetime | None, list[str]]:
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
                published = parse_datetime(node.get("content"))
                if published:
                    break
            if published:
                break
        if published is None:
            for node in tree.xpath("//time[@datetime]"):
                published = parse_datetime(node.get("datetime"))
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
    text = trafilatura.extract(
        html, output_format="txt", include_comments=False, include_tables=False,
        include_images=False, include_links=False, favor_precision=True, deduplicate=True,
    )
    if not text and tree is not None:
        body = tree.find(".//body")
        text = html_to_text(etree.tostring(body, encoding="unicode")) if body is not None else ""
    paragraphs = re.split(r"\n+", text or "")
    return title, published, paragraphs
