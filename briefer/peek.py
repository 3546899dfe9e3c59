"""What ``briefer extract`` shows: one page, file, feed or folder, read and extracted as a run
would read it (no store: an article is first seen now).

It composes the gather and extract stages for one address, as the pipeline composes them for a
day; neither stage imports the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from briefer import clock
from briefer.config import Config, Source
from briefer.extract import extract, settle_published
from briefer.gather import FOLDER_SUFFIXES, read_file
from briefer.http import Fetcher, FetchError
from briefer.models import Article, DroppedArticle, RawDocument
from briefer.text import NotText, decode


class ExtractError(Exception):
    """``extract_one`` could not read or extract the page or file; the message is one line."""


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
