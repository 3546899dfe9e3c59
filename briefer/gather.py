"""Gather: read every configured source into :class:`RawDocument` values.

A source that fails is reported with a one-line reason and skipped; the run
goes on with the rest. Nothing here parses article text beyond what the
source format itself says (headline, date, link).
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import httpx
import yaml

from briefer.config import Config, HttpOptions, Source
from briefer.http import FetchError, fetch, make_client
from briefer.models import DroppedArticle, RawDocument, SourceReport, SourceStatus
from briefer.text import NotText, decode

log = logging.getLogger(__name__)

FOLDER_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
_HTML_START = re.compile(rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=""", re.I)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


class SourceError(Exception):
    """The whole source failed; the message is the one-line reason."""


@dataclass
class Gathered:
    documents: list[RawDocument] = field(default_factory=list)
    reports: list[SourceReport] = field(default_factory=list)
    dropped: list[DroppedArticle] = field(default_factory=list)


def gather(config: Config, on_source_done: Callable[[SourceReport], None] | None = None) -> Gathered:
    """Read every source in ``config``; never raises for a bad source."""
    result = Gathered()
    if not config.sources:
        return result
    with make_client(config.http) as client, ThreadPoolExecutor(max_workers=min(8, len(config.sources))) as pool:
        futures = [pool.submit(_gather_one, source, client, config.http) for source in config.sources]
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
    return result


def _gather_one(
    source: Source, client: httpx.Client, options: HttpOptions
) -> tuple[list[RawDocument], list[DroppedArticle], SourceReport]:
    try:
        if source.type == "folder":
            docs, dropped = read_folder(source)
        elif source.type == "feed":
            docs, dropped = read_feed(source, client, options)
        else:
            docs, dropped = read_page(source, client, options), []
    except SourceError as exc:
        return [], [], SourceReport(source.name, SourceStatus.ERROR, 0, str(exc))
    except Exception as exc:  # a bug or an exotic failure must not sink the other sources
        log.exception("unexpected failure reading source %r", source.name)
        return [], [], SourceReport(source.name, SourceStatus.ERROR, 0, f"unexpected {type(exc).__name__}: {exc}")
    status = SourceStatus.OK if docs else SourceStatus.EMPTY
    error = None if docs else "no articles found"
    return docs, dropped, SourceReport(source.name, status, len(docs), error)


# -- folders ---------------------------------------------------------------


def read_folder(source: Source) -> tuple[list[RawDocument], list[DroppedArticle]]:
    assert source.path is not None
    folder = source.path
    if not folder.exists():
        raise SourceError(f"folder not found: {folder}")
    if not folder.is_dir():
        raise SourceError(f"not a folder: {folder}")
    docs: list[RawDocument] = []
    dropped: list[DroppedArticle] = []
    files = sorted(
        p for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in FOLDER_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    for path in files:
        try:
            docs.append(read_file(path, source))
        except (NotText, OSError) as exc:
            reason = str(exc) if isinstance(exc, NotText) else f"cannot read: {exc.strerror}"
            log.warning("skipped %s: %s", path, reason)
            dropped.append(DroppedArticle(title=path.name, url=path.resolve().as_uri(), reason=reason))
    return docs, dropped


def read_file(path: Path, source: Source) -> RawDocument:
    """One local article file: .txt (first line is the headline), .md or .html."""
    kind = FOLDER_SUFFIXES[path.suffix.lower()]
    text = decode(path.read_bytes())
    mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    title: str | None = None
    published: datetime | None = None
    if kind == "text":
        lines = text.lstrip("\ufeff").strip().splitlines()
        title = lines[0].strip() if lines else None
        text = "\n".join(lines[1:])
    elif kind == "markdown":
        meta, text = split_front_matter(text)
        title = _as_str(meta.get("title"))
        published = parse_datetime(meta.get("date"))
    if not text.strip():
        raise NotText("no text after the headline")
    return RawDocument(
        source=source.name,
        url=path.resolve().as_uri(),
        body=text,
        kind=kind,
        title=title,
        published=published or mtime,
        published_from="metadata" if published else "mtime",
        in_window_always=source.window == "all",
    )


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        log.warning("ignored unreadable front matter")
        meta = None
    return (meta if isinstance(meta, dict) else {}), text.lstrip("\ufeff")[match.end():]


def _as_str(value: Any) -> str | None:
    return str(value).strip() if value not in (None, "") else None


def parse_datetime(value: Any) -> datetime | None:
    """A date or date-time from metadata; naive values are taken as UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        result = value
    elif hasattr(value, "year") and hasattr(value, "month"):  # a datetime.date from YAML
        result = datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip().replace("Z", "+00:00")
        try:
            result = datetime.fromisoformat(text)
        except ValueError:
            from email.utils import parsedate_to_datetime

            try:
                result = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None
    return result if result.tzinfo else result.replace(tzinfo=UTC)


# -- feeds -----------------------------------------------------------------


def read_feed(
    source: Source, client: httpx.Client, options: HttpOptions
) -> tuple[list[RawDocument], list[DroppedArticle]]:
    if source.url:
        try:
            response = fetch(client, source.url, options)
        except FetchError as exc:
            raise SourceError(str(exc)) from None
        data, base = response.content, response.url
        headers = {"content-type": _trusted_content_type(response.content_type, data)} if response.content_type else {}
    else:
        assert source.path is not None
        try:
            data = source.path.read_bytes()
        except FileNotFoundError:
            raise SourceError(f"feed file not found: {source.path}") from None
        except OSError as exc:
            raise SourceError(f"cannot read feed file {source.path}: {exc.strerror}") from None
        base, headers = source.path.resolve().as_uri(), {}
    return parse_feed(data, source, base, headers)


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
    for entry in parsed.entries:
        body = ""
        if entry.get("content"):
            body = max((c.get("value", "") for c in entry.content), key=len)
        if len(entry.get("summary", "")) > len(body):
            body = entry.get("summary", "")
        link = _entry_url(entry, base)
        published = None
        for key in ("published_parsed", "updated_parsed", "created_parsed"):
            stamp = entry.get(key)
            if stamp:
                published = datetime.fromtimestamp(calendar.timegm(stamp), tz=UTC)
                break
        title = " ".join(str(entry.get("title", "")).split()) or None
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
    key = str(entry.get("id") or entry.get("link") or entry.get("title") or entry.get("summary") or "")
    return f"{base.split('#', 1)[0]}#item-{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def _one_line(exc: object) -> str:
    text = str(exc or "unknown error").strip().splitlines()
    line = text[0][:200] if text else "unknown error"
    # expat's "<unknown>:3:12: not well-formed" -> "line 3, column 12: not well-formed"
    return re.sub(r"^<unknown>:(\d+):(\d+):\s*", r"line \1, column \2: ", line)


# -- pages -----------------------------------------------------------------


def read_page(source: Source, client: httpx.Client, options: HttpOptions) -> list[RawDocument]:
    assert source.url is not None
    try:
        response = fetch(client, source.url, options)
    except FetchError as exc:
        raise SourceError(str(exc)) from None
    try:
        html = decode(response.content, response.encoding)
    except NotText as exc:
        raise SourceError(str(exc)) from None
    return [
        RawDocument(
            source=source.name,
            url=response.url,
            body=html,
            kind="html",
            in_window_always=source.window == "all",
        )
    ]
