"""Gather: read every configured source into :class:`RawDocument` values.

A source that fails is reported with a one-line reason and skipped; the run
goes on with the rest. Nothing here parses article text beyond what the
source format itself says (headline, date, link).

With a store (:class:`~briefer.store.RunMemory`), every feed and page is
fetched conditionally: the parsed documents of the last full download are
kept in the store's cache with the ETag and Last-Modified that came with
them, and a 304 answer reuses them without parsing anything; the source is
then reported ``not_modified``. ``full_text`` feeds fetch each new item's
page once; a page fetched before is reused. See docs/store.md.
"""

from __future__ import annotations

import calendar
import dataclasses
import hashlib
import logging
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import feedparser
import yaml

from briefer import safeyaml
from briefer.cache import FEED, ITEM_PAGE, PAGE, Kind
from briefer.config import Config, Source
from briefer.dates import parse_datetime
from briefer.http import Fetcher, FetchError, Response
from briefer.models import DroppedArticle, RawDocument, SourceReport, SourceStatus
from briefer.store import RunMemory
from briefer.text import NotText, decode, strip_controls

log = logging.getLogger(__name__)

FOLDER_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
_HTML_START = re.compile(rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=""", re.I)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


FULL_TEXT_WORKERS = 4
"""Item pages of one ``full_text`` feed fetched at once (the per-host limit still applies)."""


class SourceError(Exception):
    """The whole source failed; the message is the one-line reason."""


@dataclass
class Gathered:
    documents: list[RawDocument] = field(default_factory=list)
    reports: list[SourceReport] = field(default_factory=list)
    dropped: list[DroppedArticle] = field(default_factory=list)


@dataclass
class _Read:
    documents: list[RawDocument]
    dropped: list[DroppedArticle] = field(default_factory=list)
    not_modified: bool = False


def gather(
    config: Config,
    on_source_done: Callable[[SourceReport], None] | None = None,
    *,
    memory: RunMemory | None = None,
    fetcher: Fetcher | None = None,
) -> Gathered:
    """Read every source in ``config``; never raises for a bad source.

    ``memory``: the run's store (validators and cached documents); without
    it every download is a full one. ``fetcher``: the HTTP client to use
    (one is made from ``config.http`` and closed again when not given).
    """
    result = Gathered()
    if not config.sources:
        return result
    memory = memory or RunMemory(None)
    own = fetcher is None
    http = fetcher or Fetcher(config.http)
    try:
        with ThreadPoolExecutor(max_workers=min(8, len(config.sources))) as pool:
            zone = config.briefing.timezone
            futures = [pool.submit(_gather_one, source, http, memory, zone) for source in config.sources]
            _collect(config, futures, result, on_source_done)
    finally:
        if own:
            http.close()
    return result


def _collect(
    config: Config,
    futures: list[Any],
    result: Gathered,
    on_source_done: Callable[[SourceReport], None] | None,
) -> None:
    for source, future in zip(config.sources, futures, strict=True):
        docs, dropped, report = future.result()
        result.documents.extend(docs)
        result.dropped.extend(dropped)
        result.reports.append(report)
        if report.status is SourceStatus.ERROR:
            log.warning("source %r failed: %s", source.name, report.error)
        else:
            log.info("source %r: %s, %d document(s)", source.name, report.status.value, report.articles)
        if on_source_done:
            on_source_done(report)


def _gather_one(
    source: Source, http: Fetcher, memory: RunMemory, timezone: str = "UTC"
) -> tuple[list[RawDocument], list[DroppedArticle], SourceReport]:
    try:
        if source.type == "folder":
            read = _Read(*read_folder(source, timezone))
        elif source.type == "feed":
            read = read_feed(source, http, memory)
        else:
            read = read_page(source, http, memory)
    except SourceError as exc:
        return [], [], SourceReport(source.name, SourceStatus.ERROR, 0, strip_controls(str(exc)))
    except Exception as exc:  # a bug or an exotic failure must not sink the other sources
        log.exception("unexpected failure reading source %r", source.name)
        problem = strip_controls(f"unexpected {type(exc).__name__}: {exc}")
        return [], [], SourceReport(source.name, SourceStatus.ERROR, 0, problem)
    docs = read.documents
    if read.not_modified:
        return docs, read.dropped, SourceReport(source.name, SourceStatus.NOT_MODIFIED, len(docs), None)
    status = SourceStatus.OK if docs else SourceStatus.EMPTY
    error = None if docs else "no articles found"
    return docs, read.dropped, SourceReport(source.name, status, len(docs), error)


# -- folders ---------------------------------------------------------------


def read_folder(source: Source, timezone: str = "UTC") -> tuple[list[RawDocument], list[DroppedArticle]]:
    """Every article file under the source's folder; ``timezone`` (the briefing's) places a date
    without a time, from front matter or from a file or folder name, at noon of that day there."""
    assert source.path is not None
    folder = source.path
    if not folder.exists():
        raise SourceError(f"folder not found: {folder}")
    if not folder.is_dir():
        raise SourceError(f"not a folder: {folder}")
    docs: list[RawDocument] = []
    dropped: list[DroppedArticle] = []
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in FOLDER_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    for path in files:
        try:
            size = path.stat().st_size
            if size > source.max_file_bytes:
                raise NotText(f"file too large: {size} bytes (max_file_bytes {source.max_file_bytes})")
            docs.append(read_file(path, source, timezone, root=folder))
        except (NotText, OSError) as exc:
            reason = str(exc) if isinstance(exc, NotText) else f"cannot read: {exc.strerror}"
            log.warning("skipped %s: %s", path, reason)
            dropped.append(DroppedArticle(title=path.name, url=path.resolve().as_uri(), reason=reason))
    return docs, dropped


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, :class:`NotText` past ``limit`` (read no further: the file may grow)."""
    with path.open("rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise NotText(f"file too large: over {limit} bytes (max_file_bytes {limit})")
    return data


def read_file(
    path: Path, source: Source, timezone: str = "UTC", root: Path | None = None, limit: int | None = None
) -> RawDocument:
    """One local article file: .txt (first line is the headline), .md or .html; at most ``limit``
    bytes (the source's ``max_file_bytes`` by default).

    Its date, when it has none of its own (front matter ``date:``; an HTML
    page's is read at extraction): a date at the start of its name
    (``2026-12-02-talks.txt``) or of a folder's name between ``root`` and it
    (``2026-12-02/talks.txt``), else its modification time. A copied file
    keeps its place in the news that way, not the day it was copied."""
    kind = FOLDER_SUFFIXES[path.suffix.lower()]
    text = decode(read_capped(path, limit or source.max_file_bytes))
    title: str | None = None
    published: datetime | None = None
    if kind == "text":
        lines = text.lstrip("\ufeff").strip().splitlines()
        title = lines[0].strip() if lines else None
        text = "\n".join(lines[1:])
    elif kind == "markdown":
        meta, text = split_front_matter(text, path.name)
        title = _as_str(meta.get("title"))
        value = meta.get("date")
        day = _day_only(value)
        published = _noon(day, timezone) if day else parse_datetime(value)
    if not text.strip():
        raise NotText("no text after the headline")
    origin = "metadata"
    if published is None:
        named = date_in_path(path, root or path.parent)
        if named is not None:
            published, origin = _noon(named, timezone), "path"
        else:
            published, origin = datetime.fromtimestamp(int(path.stat().st_mtime), tz=UTC), "mtime"
    return RawDocument(
        source=source.name,
        url=path.resolve().as_uri(),
        body=text,
        kind=kind,
        title=title,
        published=published,
        published_from=origin,
        in_window_always=source.window == "all",
    )


_NAMED_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")


def date_in_path(path: Path, root: Path) -> date | None:
    """The date a file's name starts with, else the nearest folder's under ``root`` that starts with one."""
    try:
        parents = path.parent.relative_to(root).parts
    except ValueError:
        parents = ()
    for name in (path.stem, *reversed(parents)):
        found = _NAMED_DAY.match(name)
        if found:
            try:
                return date(*map(int, found.groups()))
            except ValueError:  # 2026-13-45: not a date after all
                continue
    return None


def _day_only(value: Any) -> date | None:
    """``2025-11-03`` (a YAML date or that text): a day without a time."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _noon(day: date, timezone: str) -> datetime:
    """Midday of ``day`` in ``timezone``: a day without a time falls on that day there."""
    return datetime.combine(day, clock_time(12), tzinfo=ZoneInfo(timezone))


_PLAIN_FIELD = re.compile(r"^([A-Za-z_][\w-]*):[ \t]+(.+?)[ \t]*$")


def _plain_fields(block: str) -> dict[str, Any]:
    """Front matter that YAML cannot read, read as one ``key: value`` a line, the value everything
    after the first colon: a headline with a colon of its own (``title: Fines: what next``) is
    what a hand-written file holds most often. Quotes around a whole value are taken off."""
    fields: dict[str, Any] = {}
    for line in block.splitlines():
        found = _PLAIN_FIELD.match(line)
        if found:
            value = found.group(2)
            if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            fields.setdefault(found.group(1), value)
    return fields


def split_front_matter(text: str, name: str = "") -> tuple[dict[str, Any], str]:
    """The front matter of a Markdown file (``name``, for messages) and the text after it."""
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return {}, text
    try:
        meta = safeyaml.load(match.group(1), safeyaml.FRONT_MATTER_VALUES)
    except safeyaml.YamlRefused as exc:  # an alias bomb: the article is skipped, not expanded
        raise NotText(f"front matter refused: {exc.problem}") from None
    except yaml.YAMLError as exc:
        meta = _plain_fields(match.group(1))
        where = f" in {name}" if name else ""
        problem = getattr(exc, "problem", None) or "not YAML"
        log.warning("front matter%s is not valid YAML (%s): read as 'key: value' lines", where, problem)
    return (meta if isinstance(meta, dict) else {}), text.lstrip("\ufeff")[match.end() :]


def _as_str(value: Any) -> str | None:
    return str(value).strip() if value not in (None, "") else None


# -- feeds -----------------------------------------------------------------


def read_feed(source: Source, http: Fetcher, memory: RunMemory | None = None) -> _Read:
    """A feed file, or a feed over HTTP: conditional when the store has its last copy."""
    memory = memory or RunMemory(None)
    if not source.url:
        assert source.path is not None
        try:
            data = read_capped(source.path, source.max_file_bytes)
        except NotText as exc:
            raise SourceError(str(exc)) from None
        except FileNotFoundError:
            raise SourceError(f"feed file not found: {source.path}") from None
        except OSError as exc:
            raise SourceError(f"cannot read feed file {source.path}: {exc.strerror}") from None
        docs, dropped = parse_feed(data, source, source.path.resolve().as_uri(), {})
        if source.full_text:
            docs = _full_text(docs, source, http, memory)
        return _Read(docs, dropped)
    key = f"full_text={source.full_text} {source.url}"
    response, cached = _conditional_get(http, source.url, memory, FEED, key)
    if response.not_modified and cached:
        log.info("feed %r not modified: reusing its %d item(s)", source.name, len(cached["documents"]))
        return _Read(
            [_restamp(document_from_json(d), source) for d in cached["documents"]],
            [DroppedArticle(**d) for d in cached["dropped"]],
            not_modified=True,
        )
    if response.not_modified:  # a 304 we did not ask for: nothing to reuse
        raise SourceError("HTTP 304 Not Modified without a copy to reuse")
    data = response.content
    headers = {"content-type": _trusted_content_type(response.content_type, data)} if response.content_type else {}
    docs, dropped = parse_feed(data, source, response.url, headers)
    if source.full_text:
        docs = _full_text(docs, source, http, memory)
    if response.etag or response.last_modified:
        memory.put_json(
            FEED,
            key,
            {
                "etag": response.etag,
                "last_modified": response.last_modified,
                "documents": [document_to_json(d) for d in docs],
                "dropped": [dataclasses.asdict(d) for d in dropped],
            },
        )
        memory.set_validators(source.url, response.etag, response.last_modified)
    return _Read(docs, dropped)


def _restamp(doc: RawDocument, source: Source) -> RawDocument:
    """A cached document under the source's current name and window."""
    return dataclasses.replace(doc, source=source.name, in_window_always=source.window == "all")


def document_to_json(doc: RawDocument) -> dict[str, Any]:
    value = dataclasses.asdict(doc)
    value["published"] = doc.published.isoformat() if doc.published else None
    return value


def document_from_json(value: dict[str, Any]) -> RawDocument:
    published = value.get("published")
    return RawDocument(**{**value, "published": datetime.fromisoformat(published) if published else None})


def _full_text(docs: list[RawDocument], source: Source, http: Fetcher, memory: RunMemory) -> list[RawDocument]:
    """Each item's own page in place of the feed's teaser; the teaser stays as the fallback.

    The item links come from the feed, not from sources.yaml: they may reach internal addresses
    only on the feed's own origin. The pages of one feed share one deadline
    (``http.full_text_deadline``); the items not fetched by then keep the feed's text."""
    if not docs:
        return docs
    deadline = time.monotonic() + http.options.full_text_deadline
    late: list[str] = []

    def page(doc: RawDocument) -> RawDocument:
        if time.monotonic() >= deadline:
            late.append(doc.url)
            return doc
        return _item_page(doc, source, http, memory, deadline)

    with ThreadPoolExecutor(max_workers=min(FULL_TEXT_WORKERS, len(docs))) as pool:
        result = list(pool.map(page, docs))
    if late:
        log.warning(
            "feed %r: %d item page(s) not fetched within http.full_text_deadline (%g s); using the feed's text",
            source.name,
            len(late),
            http.options.full_text_deadline,
        )
    return result


def _item_page(doc: RawDocument, source: Source, http: Fetcher, memory: RunMemory, deadline: float) -> RawDocument:
    parts = urlsplit(doc.url)
    if parts.scheme not in ("http", "https") or parts.fragment.startswith("item-"):
        return doc  # no page of its own
    cached = memory.get_json(ITEM_PAGE, doc.url)
    if cached:
        html = str(cached["body"])
    else:
        try:
            response = http.get(doc.url, origin=source.url or "", deadline=deadline)
            html = decode(response.content, response.encoding)
        except (FetchError, NotText) as exc:
            log.info("%s: full text not fetched (%s); using the feed's text", doc.url, exc)
            return doc
        memory.put_json(ITEM_PAGE, doc.url, {"url": response.url, "body": html})
    return dataclasses.replace(doc, body=html, kind="html", fallback_body=doc.body)


def _trusted_content_type(content_type: str, data: bytes) -> str:
    """The server's Content-Type, without its charset when the feed says its
    own (XML declaration, byte-order mark) or is valid UTF-8: servers often
    declare the wrong one, and the document knows better."""
    media_type, _, params = content_type.partition(";")
    if "charset" not in params.lower():
        return content_type
    head = data[:1024]
    if _XML_ENCODING.search(head) or head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return media_type.strip()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return content_type
    return media_type.strip()


def parse_feed(
    data: bytes, source: Source, base: str, headers: dict[str, str] | None = None
) -> tuple[list[RawDocument], list[DroppedArticle]]:
    """The items of an RSS 0.9x/1.0/2.0 or Atom feed; items without text are dropped with a reason."""
    if not data.strip():
        raise SourceError("empty feed")
    try:
        decode(data)
    except NotText as exc:
        raise SourceError(f"not an RSS or Atom feed: {exc}") from None
    data = _valid_char_refs(data)
    parsed = feedparser.parse(data, response_headers=headers or {}, sanitize_html=False, resolve_relative_uris=False)
    version = parsed.get("version") or ""
    if not parsed.entries:
        if _HTML_START.match(data[:1024]):
            raise SourceError("not an RSS or Atom feed: got an HTML page")
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            raise SourceError(f"malformed feed: {_one_line(problem)}")
        if not version:
            raise SourceError("not an RSS or Atom feed")
        return [], []
    if parsed.get("bozo"):
        problem = _one_line(parsed.get("bozo_exception"))
        log.info("feed %r is not well-formed (%s); using what could be read", source.name, problem)
    docs: list[RawDocument] = []
    dropped: list[DroppedArticle] = []
    entries = parsed.entries
    if len(entries) > source.max_items:
        extra = len(entries) - source.max_items
        log.warning(
            "feed %r: %d item(s), only the first %d read (max_items)", source.name, len(entries), source.max_items
        )
        reason = f"over the feed's max_items ({source.max_items})"
        dropped.append(DroppedArticle(title=f"{extra} more item(s) of {source.name}", url=base, reason=reason))
        entries = entries[: source.max_items]
    for entry in entries:
        body = ""
        if entry.get("content"):
            body = max((c.get("value", "") for c in entry.content), key=len)
        if len(entry.get("summary", "")) > len(body):
            body = entry.get("summary", "")
        link = _entry_url(entry, base)
        published = _entry_published(entry)
        title = " ".join(strip_controls(str(entry.get("title", ""))).split()) or None
        if not body.strip():
            dropped.append(DroppedArticle(title=title or str(link), url=str(link), reason="feed item has no text"))
            continue
        docs.append(
            RawDocument(
                source=source.name,
                url=str(link),
                body=body,
                kind="fragment",
                title=title,
                published=published,
                published_from="feed" if published else "none",
                in_window_always=source.window == "all",
            )
        )
    return docs, dropped


_CHAR_REF = re.compile(rb"&#([xX][0-9a-fA-F]{1,16}|[0-9]{1,20});")


def _valid_char_refs(data: bytes) -> bytes:
    """A character reference to a code point XML does not allow (``&#xD800;``, ``&#0;``, past
    U+10FFFF) becomes U+FFFD: one stranger's byte must not fail the whole feed."""

    def fix(match: re.Match[bytes]) -> bytes:
        digits = match.group(1)
        code = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
        allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
        return match.group(0) if allowed or 0x10000 <= code <= 0x10FFFF else b"&#xFFFD;"

    return _CHAR_REF.sub(fix, data) if b"&#" in data else data


def _entry_published(entry: Any) -> datetime | None:
    """The item's date with the zone it was written in; naive when the feed gave no zone.

    feedparser turns every date into UTC (and a date without a zone into
    UTC too, silently), so the written value is read first, and feedparser's
    reading is the fallback for the formats only it knows.
    """
    for key in ("published", "updated", "created"):
        written = entry.get(key)
        if written:
            parsed = parse_datetime(written, assume_utc=False)
            if parsed is not None:
                return parsed
        stamp = entry.get(f"{key}_parsed")
        if stamp:
            return datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC)
    return None


def _entry_url(entry: Any, base: str) -> str:
    """The item's web address: its link (relative links resolved against the
    feed's URL), else an id that is a URL. An item with neither, or with a
    ``javascript:``/``file:``/``data:`` link, gets the feed's address plus a
    fragment of its own, so items never share one URL (and are never merged
    as duplicates of each other)."""
    for candidate in (entry.get("link"), entry.get("id")):
        if not candidate:
            continue
        url = urljoin(base, str(candidate).strip()) if base.startswith(("http://", "https://")) else str(candidate)
        if urlsplit(url).scheme in ("http", "https"):
            return url
    key = str(entry.get("id") or entry.get("link") or "") or "\n".join(
        str(entry.get(name) or "") for name in ("title", "summary", "published")
    )
    return f"{base.split('#', 1)[0]}#item-{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def _one_line(exc: object) -> str:
    text = str(exc or "unknown error").strip().splitlines()
    line = text[0][:200] if text else "unknown error"
    # expat's "<unknown>:3:12: not well-formed" -> "line 3, column 12: not well-formed"
    return re.sub(r"^<unknown>:(\d+):(\d+):\s*", r"line \1, column \2: ", line)


def _conditional_get(
    http: Fetcher, url: str, memory: RunMemory, kind: Kind, key: str
) -> tuple[Response, dict[str, Any] | None]:
    """GET ``url`` with the validators of the store's last copy (``kind``, ``key``), and that copy."""
    cached = memory.get_json(kind, key)
    etag, last_modified = (cached["etag"], cached["last_modified"]) if cached else (None, None)
    try:
        return http.get(url, etag, last_modified), cached
    except FetchError as exc:
        raise SourceError(str(exc)) from None


# -- pages -----------------------------------------------------------------


def read_page(source: Source, http: Fetcher, memory: RunMemory | None = None) -> _Read:
    """One web page; conditional when the store has its last copy."""
    assert source.url is not None
    memory = memory or RunMemory(None)
    key = source.url
    response, cached = _conditional_get(http, source.url, memory, PAGE, key)
    if response.not_modified and cached:
        doc = RawDocument(source=source.name, url=cached["url"], body=cached["body"], kind="html")
        return _Read([_restamp(doc, source)], not_modified=True)
    if response.not_modified:
        raise SourceError("HTTP 304 Not Modified without a copy to reuse")
    try:
        html = decode(response.content, response.encoding)
    except NotText as exc:
        raise SourceError(str(exc)) from None
    if response.etag or response.last_modified:
        memory.put_json(
            PAGE,
            key,
            {"etag": response.etag, "last_modified": response.last_modified, "url": response.url, "body": html},
        )
        memory.set_validators(source.url, response.etag, response.last_modified)
    doc = RawDocument(source=source.name, url=response.url, body=html, kind="html")
    return _Read([_restamp(doc, source)])
