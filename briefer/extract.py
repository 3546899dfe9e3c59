"""Extract: a raw document becomes a clean :class:`Article`, or a reason to drop it.

:func:`extract` is the stage; :func:`extract_all` runs it over a day's
documents on an executor, with the store's cache (keyed by a hash of the
whole document and the extraction code's version); :func:`settle_published` decides which time an article is
dated by; :func:`extract_one` is what ``briefer extract`` shows.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import lxml.html
import markdown as md
from lxml import etree

from briefer import clock
from briefer.clean import boilerplate_rule, clean_paragraphs, is_sentence_paragraph
from briefer.config import Config, Source
from briefer.executor import Executor, InProcess
from briefer.gather import FOLDER_SUFFIXES, document_to_json, parse_datetime, read_file
from briefer.http import Fetcher, FetchError
from briefer.models import Article, DroppedArticle, RawDocument
from briefer.store import RunMemory
from briefer.text import NotText, decode, html_to_text, squash

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
EXTRACT_VERSION = "1"
"""Bump when extraction or cleaning changes what comes out: cached extractions are then ignored."""
FUTURE_TOLERANCE = timedelta(minutes=15)
"""A published time later than the run's clock by more than this is not believed."""


class ExtractError(Exception):
    """``extract_one`` could not read or extract the page or file; the message is one line."""


_LIST_ITEM = re.compile(r"([-*•–—]|\d{1,2}[.)])\s")


def article_id(source: str, title: str, text: str) -> str:
    """Stable id: the same source, headline and text always give the same id,
    wherever the workspace lives (no absolute path or fetch time goes in)."""
    return hashlib.sha1(f"{source}\n{squash(title)}\n{squash(text)}".encode()).hexdigest()[:12]


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
        # Raw HTML inside Markdown is HTML (as Markdown defines it), so its tags
        # are stripped like a feed item's: never shown as text, never fetched.
        html = md.markdown(doc.body)
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
        if doc.fallback_body is not None:  # a full_text page that gave nothing: the feed's own text
            log.info("%s: no article in the page; using the feed's text", doc.url)
            fallback = dataclasses.replace(doc, body=doc.fallback_body, kind="fragment", fallback_body=None)
            return extract(fallback, max_chars, now)
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


def _text_paragraphs(body: str) -> list[str]:
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
            if not continuation and boilerplate_rule(line):
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
    import trafilatura  # on first use: 0.2 s of imports that a day of text files never needs

    text = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        deduplicate=True,
    )
    if not text and tree is not None:
        body = tree.find(".//body")
        text = html_to_text(etree.tostring(body, encoding="unicode")) if body is not None else ""
    paragraphs = re.split(r"\n+", text or "")
    return title, published, paragraphs


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


# -- the cache ---------------------------------------------------------------------


def extract_key(doc: RawDocument, max_chars: int) -> str:
    """Store key of ``doc``'s extraction: the document itself and everything the result depends on."""
    payload = json.dumps(
        [EXTRACT_VERSION, _trafilatura_version(), max_chars, document_to_json(doc)], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=1)
def _trafilatura_version() -> str:
    """trafilatura's version from its package metadata, without importing it."""
    import importlib.metadata

    return importlib.metadata.version("trafilatura")


def extract_many(
    docs: list[RawDocument], max_chars: int, now: datetime | None = None
) -> list[Article | DroppedArticle]:
    """:func:`extract` over a chunk of documents (what an executor runs)."""
    return [extract(doc, max_chars, now) for doc in docs]


def extract_all(
    docs: Sequence[RawDocument],
    max_chars: int,
    memory: RunMemory,
    now: datetime | None = None,
    executor: Executor | None = None,
) -> list[Article | DroppedArticle]:
    """:func:`extract` for every document, reusing the store's extractions; the rest run on ``executor``."""
    keys = [extract_key(doc, max_chars) for doc in docs]
    results: dict[int, Article | DroppedArticle] = {}
    for i, (doc, key) in enumerate(zip(docs, keys, strict=True)):
        cached = memory.get_json("extract", key)
        if cached is not None:
            try:
                results[i] = _result_from_json(cached)
            except (KeyError, TypeError, ValueError):
                log.warning("store: unreadable cached extraction for %s, extracting again", doc.url)
    missing = [i for i in range(len(docs)) if i not in results]
    work = functools.partial(extract_many, max_chars=max_chars, now=now)
    fresh = (executor or InProcess()).map(work, [docs[i] for i in missing])
    for i, result in zip(missing, fresh, strict=True):
        results[i] = result
        memory.put_json("extract", keys[i], _result_to_json(result))
    return [results[i] for i in range(len(docs))]


def _result_to_json(result: Article | DroppedArticle) -> dict[str, Any]:
    value = dataclasses.asdict(result)
    if isinstance(result, Article):
        value["published"] = result.published.isoformat()
        return {"article": value}
    return {"dropped": value}


def _result_from_json(value: dict[str, Any]) -> Article | DroppedArticle:
    if "dropped" in value:
        return DroppedArticle(**value["dropped"])
    data = dict(value["article"])
    data["published"] = datetime.fromisoformat(data["published"])
    data["sources"], data["urls"] = tuple(data["sources"]), tuple(data["urls"])
    return Article(**data)


# -- one page or file, for ``briefer extract`` -------------------------------------


def extract_one(path_or_url: str, config: Config | None = None, now: datetime | None = None) -> Article:
    """What briefer sees in one web page or local file: title, published time, clean text.

    A URL is fetched with the config's HTTP limits; a file is read as a
    folder source would read it (.html, .htm, .md, .markdown, .txt). The
    date is settled as on a first run (no store: first seen is now).
    Raises :class:`ExtractError` with a one-line reason.
    """
    found = extract_any(path_or_url, config, now)
    if isinstance(found, Listing):
        raise ExtractError(f"{path_or_url}: a {found.kind}, not one article (briefer extract lists its articles)")
    return found


@dataclass(frozen=True)
class Listing:
    """What ``briefer extract`` shows of a feed or a folder: each article as a run would read it."""

    kind: str  # "feed" or "folder"
    where: str
    articles: tuple[Article, ...]
    dropped: tuple[DroppedArticle, ...]


FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
_FEED_START = re.compile(r"\A\ufeff?\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*|<\?[^>]*>\s*)*<(rss|feed|rdf:RDF)\b", re.S)


def looks_like_feed(body: str) -> bool:
    """An RSS, RDF or Atom document, by its root element."""
    return bool(_FEED_START.match(body[:4096]))


def extract_any(path_or_url: str, config: Config | None = None, now: datetime | None = None) -> Article | Listing:
    """One article (a page or an article file), or the articles of a feed (a URL or a file) or of a
    folder, each extracted and dated as a run would (no store: first seen is now)."""
    config = config or Config()
    now = now or clock.now().replace(microsecond=0)
    zone = config.briefing.timezone
    is_url = path_or_url.lower().startswith(("http://", "https://"))
    if is_url:
        try:
            with Fetcher(config.http) as http:
                response = http.get(path_or_url)
            body = decode(response.content, response.encoding)
        except FetchError as exc:
            raise ExtractError(f"{path_or_url}: {exc}") from None
        except NotText as exc:
            raise ExtractError(f"{path_or_url}: {exc}") from None
        host = response.url.split("/")[2] if "://" in response.url else response.url
        if looks_like_feed(body):
            return _feed_listing(response.content, host, response.url, config, now, from_web=True)
        doc = RawDocument(source=host, url=response.url, body=body, kind="html")
    else:
        path = Path(path_or_url).expanduser()
        if path.is_dir():
            return _folder_listing(path, config, now)
        if path.is_file() and path.suffix.lower() in FEED_SUFFIXES:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ExtractError(f"{path}: cannot read: {exc.strerror}") from None
            return _feed_listing(data, path.stem, path.resolve().as_uri(), config, now, False, str(path))
        path = Path(path_or_url).expanduser()
        if not path.is_file():
            raise ExtractError(f"{path}: no such file or folder (give a file, a folder or an http(s):// URL)")
        if path.suffix.lower() not in FOLDER_SUFFIXES:
            known = ", ".join(sorted({*FOLDER_SUFFIXES, *FEED_SUFFIXES}))
            raise ExtractError(f"{path}: unknown kind of file {path.suffix or '(no suffix)'!r} (known: {known})")
        folder = path.resolve().parent
        source = Source(name=folder.name or "file", type="folder", path=folder)
        try:
            doc = read_file(path, source, zone, root=folder.parent)
        except NotText as exc:
            raise ExtractError(f"{path}: {exc}") from None
        except OSError as exc:
            raise ExtractError(f"{path}: cannot read: {exc.strerror}") from None
    result = extract(doc, config.briefing.max_article_chars, now)
    if isinstance(result, DroppedArticle):
        raise ExtractError(f"{path_or_url}: {result.reason}")
    return settle_published(result, now, now, from_web=is_url)


def _listing(
    kind: str,
    where: str,
    docs: Sequence[RawDocument],
    dropped: Sequence[DroppedArticle],
    config: Config,
    now: datetime,
    from_web: bool = False,
) -> Listing:
    articles: list[Article] = []
    left_out = list(dropped)
    for doc in docs:
        result = extract(doc, config.briefing.max_article_chars, now)
        if isinstance(result, DroppedArticle):
            left_out.append(result)
        else:
            articles.append(settle_published(result, now, now, from_web=from_web))
    return Listing(kind, where, tuple(articles), tuple(left_out))


def _feed_listing(
    data: bytes, name: str, base: str, config: Config, now: datetime, from_web: bool, where: str = ""
) -> Listing:
    from briefer.gather import SourceError, parse_feed

    source = Source(name=name or "feed", type="feed", url=base if from_web else None, path=None if from_web else Path())
    try:
        docs, dropped = parse_feed(data, source, base)
    except SourceError as exc:
        raise ExtractError(f"{base}: {exc}") from None
    return _listing("feed", where or base, docs, dropped, config, now, from_web)


def _folder_listing(folder: Path, config: Config, now: datetime) -> Listing:
    from briefer.gather import read_folder

    source = Source(name=folder.resolve().name or "folder", type="folder", path=folder)
    docs, dropped = read_folder(source, config.briefing.timezone)
    return _listing("folder", str(folder), docs, dropped, config, now)
