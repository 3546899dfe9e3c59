"""The archive: every brief in the output folder, as a page and as a feed readers can subscribe to.

After the editions of a run are written, :func:`update_archive` looks at the
output folder as it stands (``<YYYY-MM-DD>/<audience>/briefing.*``, whatever
run wrote them) and writes two files next to the day folders:

- ``index.html``: every brief by date, newest first, each audience with a
  link to each of its files;
- ``feed.xml``: an Atom feed (RFC 4287) with one entry per edition per day,
  newest first, its PDF as an ``enclosure`` link.

Both are made from the folder alone, so they stay right whatever order days
are run in, and a day run twice is listed once. Titles and theme names come
from each edition's ``briefing.json`` when there is one (article text: always
escaped); links are relative to the output folder, so the folder can be
served or copied as it is. Each file is written atomically.
"""

from __future__ import annotations

import html
import json
import logging
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

log = logging.getLogger(__name__)

INDEX = "index.html"
FEED = "feed.xml"
FEED_ENTRIES = 60
"""Newest editions in the feed; the page lists every one."""
ATOM = "http://www.w3.org/2005/Atom"
FORMATS = (
    ("pdf", "PDF", "application/pdf"),
    ("html", "HTML", "text/html"),
    ("md", "Markdown", "text/markdown"),
    ("json", "JSON", "application/json"),
)
"""The files of an edition, in the order they are linked: (format, label, media type)."""
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID_NAMESPACE = uuid.UUID("6f1c5a52-4e0b-4c9f-9d5e-5b2a1f0c7e11")


@dataclass(frozen=True)
class ArchivedEdition:
    """One audience's brief of one day, as found in the output folder."""

    day: str  # YYYY-MM-DD
    audience: str
    files: tuple[tuple[str, str, int], ...]  # (format, path relative to the output folder, size in bytes)
    title: str
    generated_at: datetime
    themes: tuple[str, ...]
    articles: int | None

    def file(self, fmt: str) -> tuple[str, str, int] | None:
        return next((f for f in self.files if f[0] == fmt), None)


def find_editions(output: Path) -> list[ArchivedEdition]:
    """Every edition in ``output``, newest day first, audiences in name order."""
    found: list[ArchivedEdition] = []
    if not output.is_dir():
        return found
    for day_dir in sorted((p for p in output.iterdir() if p.is_dir() and _DAY.match(p.name)), reverse=True):
        try:
            date.fromisoformat(day_dir.name)
        except ValueError:
            continue
        for folder in sorted(p for p in day_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
            edition = _edition(output, day_dir.name, folder)
            if edition is not None:
                found.append(edition)
    return found


def _edition(output: Path, day: str, folder: Path) -> ArchivedEdition | None:
    files = []
    newest = 0.0
    for fmt, _, _ in FORMATS:
        path = folder / f"briefing.{fmt}"
        if path.is_file():
            stat = path.stat()
            newest = max(newest, stat.st_mtime)
            files.append((fmt, path.relative_to(output).as_posix(), stat.st_size))
    if not files:
        return None
    title, themes, articles, generated = _described(folder / "briefing.json")
    if generated is None:
        generated = datetime.fromtimestamp(int(newest), tz=UTC)
    return ArchivedEdition(day, folder.name, tuple(files), title, generated, themes, articles)


_Description = tuple[str, tuple[str, ...], int | None, datetime | None]
_DESCRIBED: dict[str, tuple[tuple[int, int], _Description]] = {}
"""What each edition's ``briefing.json`` says of itself, by path, with the size and time of the file
it was read from: the archive is updated twice a run, and read again only where a file changed."""


def remember_edition(path: Path, title: str, themes: Sequence[str], articles: int, generated_at: datetime) -> None:
    """What an edition's ``briefing.json`` just written at ``path`` says of itself, told by the
    run that wrote it: the archive need not parse the file back whole (102 MB at 10,000 articles)."""
    try:
        stat = path.stat()
    except OSError:
        return
    generated = datetime.fromisoformat(generated_at.isoformat(timespec="seconds")).astimezone(UTC)
    _DESCRIBED[str(path)] = ((stat.st_size, stat.st_mtime_ns), (title, tuple(themes), articles, generated))


def _described(path: Path) -> _Description:
    """``(title, themes, articles, generated_at)`` of an edition's ``briefing.json`` (empty when none)."""
    try:
        stat = path.stat()
    except OSError:
        return "", (), None, None
    seen = _DESCRIBED.get(str(path))
    if seen is not None and seen[0] == (stat.st_size, stat.st_mtime_ns):
        return seen[1]
    title, articles, generated = "", None, None
    themes: tuple[str, ...] = ()
    data = _read_json(path)
    if data is not None:
        title = str(data.get("title") or "")
        raw_themes = data.get("themes")
        if isinstance(raw_themes, list):
            themes = tuple(str(t.get("name", "")) for t in raw_themes if isinstance(t, dict))
            ids = {
                str(a.get("id"))
                for t in raw_themes
                if isinstance(t, dict)
                for a in t.get("articles") or ()
                if isinstance(a, dict)
            }
            articles = len(ids)
        try:
            generated = datetime.fromisoformat(str(data.get("generated_at"))).astimezone(UTC)
        except ValueError:
            pass
    described: _Description = (title, themes, articles, generated)
    _DESCRIBED[str(path)] = ((stat.st_size, stat.st_mtime_ns), described)
    return described


def _read_json(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        log.warning("archive: cannot read %s (%s)", path, exc)
        return None
    return data if isinstance(data, dict) else None


def _href(relative: str) -> str:
    return quote(relative, safe="/-._~")


def index_html(title: str, editions: Sequence[ArchivedEdition]) -> str:
    """The archive page: a section per day, newest first, a line per audience with its files."""
    esc = html.escape
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(title)}: archive</title>",
        f'<link rel="alternate" type="application/atom+xml" title="{esc(title)}" href="{FEED}">',
        "<style>body{font-family:sans-serif;max-width:44em;margin:2em auto;padding:0 1em}"
        "li{margin:.3em 0}.themes{color:#555}</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
        f'<p>Every brief, newest first. <a href="{FEED}">Subscribe (Atom feed)</a>.</p>',
    ]
    if not editions:
        lines.append("<p>No brief yet.</p>")
    days: dict[str, list[ArchivedEdition]] = {}
    for edition in editions:
        days.setdefault(edition.day, []).append(edition)
    for day, items in days.items():
        lines.append(f'<section id="day-{esc(day)}">')
        lines.append(f"<h2>{esc(_long_date(day))}</h2>")
        lines.append("<ul>")
        for e in items:
            links = " · ".join(
                f'<a href="{esc(_href(path))}">{esc(label)}</a>'
                for fmt, label, _ in FORMATS
                if (found := e.file(fmt)) is not None
                for path in (found[1],)
            )
            note = ""
            if e.articles is not None:
                note = f"{e.articles} article{'' if e.articles == 1 else 's'}"
                if e.themes:
                    note += ": " + ", ".join(e.themes)
                note = f' <span class="themes">({esc(note)})</span>'
            lines.append(f"<li><strong>{esc(e.audience)}</strong>: {links}{note}</li>")
        lines.append("</ul>")
        lines.append("</section>")
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)


def _long_date(day: str) -> str:
    moment = date.fromisoformat(day)
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def _entry_id(title: str, day: str, audience: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, json.dumps([title, day, audience]))}"


def feed_xml(title: str, editions: Sequence[ArchivedEdition]) -> bytes:
    """The Atom feed: one entry per edition, newest first, the PDF (else another file) linked."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    shown = list(editions)[:FEED_ENTRIES]
    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "title", title)
    sub(feed, "id", _entry_id(title, "", ""))
    newest = max((e.generated_at for e in shown), default=datetime(2000, 1, 1, tzinfo=UTC))
    sub(feed, "updated", _atom_time(newest))
    author = sub(feed, "author")
    sub(author, "name", "briefer")
    sub(feed, "link", rel="self", href=FEED, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=INDEX, type="text/html")
    sub(feed, "generator", "briefer")
    for e in shown:
        entry = sub(feed, "entry")
        heading = e.title or title
        sub(entry, "title", f"{heading}: {e.audience} edition, {_long_date(e.day)}")
        sub(entry, "id", _entry_id(title, e.day, e.audience))
        sub(entry, "updated", _atom_time(e.generated_at))
        first = e.file("pdf") or e.file("html") or e.file("md") or e.files[0]
        sub(entry, "link", rel="alternate", href=_href(first[1]), type=_mime(first[0]))
        pdf = e.file("pdf")
        if pdf is not None:
            sub(entry, "link", rel="enclosure", href=_href(pdf[1]), type="application/pdf", length=str(pdf[2]))
        if e.articles is not None:
            text = f"{e.articles} article{'' if e.articles == 1 else 's'}"
            if e.themes:
                text += " in " + ", ".join(e.themes)
            sub(entry, "summary", text + ".", type="text")
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


def _mime(fmt: str) -> str:
    return next(mime for f, _, mime in FORMATS if f == fmt)


def _atom_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def update_archive(output: Path, title: str) -> list[Path]:
    """Write ``index.html`` and ``feed.xml`` in ``output`` from the editions it holds; returns their paths."""
    from briefer.output import write_atomic  # the editions' own atomic writer

    editions = find_editions(output)
    index, feed = output / INDEX, output / FEED
    write_atomic(index, index_html(title, editions).encode("utf-8"))
    write_atomic(feed, feed_xml(title, editions))
    return [index, feed]
