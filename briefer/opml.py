"""``briefer sources import feeds.opml``: a feed reader's subscriptions, added to sources.yaml.

The OPML file is read without resolving entities or touching the network. Each
``<outline xmlUrl="...">`` becomes a ``feed`` source, named by its title; feeds
already in the config (same address) are skipped, and a name already taken gets
the feed's host added. The new sources are written as lines of text after the
last existing source, so the file keeps its comments, its order and its layout;
the result is validated as a whole before it replaces the file (atomically).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from lxml import etree

from briefer.config import ConfigError, parse_config
from briefer.safeyaml import CONFIG_VALUES, compose

MAX_OPML_BYTES = 5_000_000


class ImportFailed(Exception):
    """The OPML file or the config could not be used; the message is one line."""


@dataclass(frozen=True)
class Feed:
    title: str
    url: str


@dataclass
class Imported:
    added: list[Feed] = field(default_factory=list)
    already: list[Feed] = field(default_factory=list)  # the same address is a source already
    refused: list[tuple[str, str]] = field(default_factory=list)  # (what, why)


def read_opml(data: bytes) -> tuple[list[Feed], list[tuple[str, str]]]:
    """The feeds of an OPML document, in document order (categories flattened), and what was refused."""
    if len(data) > MAX_OPML_BYTES:
        raise ImportFailed(f"larger than {MAX_OPML_BYTES:,} bytes: not a list of feeds")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(f"not valid XML: {exc}") from None
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise ImportFailed("not an OPML file (its root element is not <opml>)")
    feeds: list[Feed] = []
    refused: list[tuple[str, str]] = []
    seen: set[str] = set()
    for outline in root.iter("{*}outline", "outline"):
        attrs = {str(k).lower(): str(v) for k, v in outline.attrib.items()}
        url = attrs.get("xmlurl", "").strip()
        title = " ".join((attrs.get("title") or attrs.get("text") or "").split())
        if not url:
            continue  # a category
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            refused.append((title or url, f"not an http(s) address: {url[:80]}"))
            continue
        if url in seen:
            continue
        seen.add(url)
        feeds.append(Feed(title or urlsplit(url).netloc, url))
    return feeds, refused


def import_opml(config_path: Path, opml_path: Path, *, full_text: bool = False, dry_run: bool = False) -> Imported:
    """Add the OPML file's feeds to the config file as ``feed`` sources; returns what was done."""
    try:
        data = opml_path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{opml_path}: cannot read: {exc.strerror}") from None
    try:
        feeds, refused = read_opml(data)
    except ImportFailed as exc:
        raise ImportFailed(f"{opml_path}: {exc}") from None
    try:
        text = config_path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ImportFailed(f"{config_path}: cannot read: {exc.strerror}") from None
    config = parse_config(text, origin=str(config_path), base_dir=config_path.parent)  # ConfigError as it is
    result = Imported(refused=refused)
    urls = {s.url for s in config.sources if s.url}
    names = {s.name for s in config.sources}
    entries = []
    for feed in feeds:
        if feed.url in urls:
            result.already.append(feed)
            continue
        name = _free_name(feed, names)
        names.add(name)
        urls.add(feed.url)
        result.added.append(Feed(name, feed.url))
        entry: dict[str, object] = {"name": name, "type": "feed", "url": feed.url}
        if full_text:
            entry["full_text"] = True
        entries.append(entry)
    if not entries or dry_run:
        return result
    updated = add_sources(text, entries)
    try:
        parse_config(updated, origin=str(config_path), base_dir=config_path.parent)
    except ConfigError as exc:  # a bug here, never a half-written file
        raise ImportFailed(f"the sources could not be added cleanly, nothing written: {exc}") from None
    _write_atomic(config_path, updated)
    return result


def _free_name(feed: Feed, taken: set[str]) -> str:
    name = feed.title
    if name not in taken:
        return name
    name = f"{feed.title} ({urlsplit(feed.url).netloc})"
    number = 2
    while name in taken:
        name = f"{feed.title} ({number})"
        number += 1
    return name


def add_sources(text: str, entries: list[dict[str, object]]) -> str:
    """``text`` (a sources.yaml) with ``entries`` added at the end of its ``sources:`` list, as text.

    Block list: new ``- {...}`` lines after the last item, at its indentation. Flow list
    (``sources: []``, ``[{...}]``): rewritten as a block list of its items' own text and the new
    ones. No ``sources:`` key: one is added at the end of the file. Comments elsewhere stay.
    """
    lines = [_flow(entry) for entry in entries]
    node = compose(text, CONFIG_VALUES)
    sources = None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "sources":
                sources = (key, value)
    if sources is None or (isinstance(sources[1], yaml.ScalarNode) and sources[1].value in ("", "~", "null")):
        body = "".join(f"  - {line}\n" for line in lines)
        if sources is None:
            return text + ("" if text.endswith("\n") or not text else "\n") + "sources:\n" + body
        key, value = sources
        end = _line_end(text, key.end_mark.index)
        return text[: key.start_mark.index] + "sources:\n" + body + text[end + 1 :]
    key, value = sources
    if not isinstance(value, yaml.SequenceNode):
        raise ImportFailed("sources: is not a list in the config; fix it first")
    if value.flow_style or not value.value:
        items = [text[item.start_mark.index : item.end_mark.index] for item in value.value]
        indent = " " * (key.start_mark.column + 2)
        body = "\n" + "".join(f"{indent}- {item}\n" for item in [*items, *lines])
        end = value.end_mark.index
        rest = text[end:]
        rest = rest[1:] if rest.startswith("\n") else rest
        return text[: value.start_mark.index].rstrip(" ") + body + rest
    last = value.value[-1]
    while isinstance(last, yaml.MappingNode | yaml.SequenceNode) and not last.flow_style and last.value:
        inner = last.value[-1]  # a block item ends where its last value ends, not after the comments below it
        last = inner[1] if isinstance(inner, tuple) else inner
    dash = " " * value.start_mark.column
    at = _line_end(text, max(last.end_mark.index - 1, last.start_mark.index))
    insert = "".join(f"{dash}- {line}\n" for line in lines)
    if at >= len(text):
        return text + ("\n" if not text.endswith("\n") else "") + insert
    return text[: at + 1] + insert + text[at + 1 :]


def _line_end(text: str, index: int) -> int:
    """Index of the newline that ends the line holding ``index`` (``len(text)`` on the last line)."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end


def _flow(entry: dict[str, object]) -> str:
    return yaml.safe_dump(entry, default_flow_style=True, sort_keys=False, width=10_000, allow_unicode=True).strip()


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
