"""Commands for working on a workspace, and what ``briefer extract`` prints of a feed or folder.

``briefer check``, ``briefer docs`` and ``briefer sources import`` live here;
they are attached to the main ``briefer`` group in :mod:`briefer.cli`.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import click

if TYPE_CHECKING:
    from briefer.extract import Listing


def shown_time(moment: datetime, timezone: str) -> str:
    """A time as a reader sees it: in the briefing's time zone, to the second."""
    return moment.astimezone(ZoneInfo(timezone)).isoformat(sep=" ", timespec="seconds")


def echo_listing(listing: Listing, timezone: str, output_format: str) -> None:
    """A feed's items or a folder's articles, one block each; or all of it as JSON."""
    if output_format == "json":
        value = {
            "kind": listing.kind,
            "where": listing.where,
            "articles": [
                {
                    "title": a.title,
                    "url": a.url,
                    "published": a.published.isoformat(timespec="seconds"),
                    "published_from": a.published_from,
                    "truncated": a.truncated,
                    "text": a.text,
                }
                for a in listing.articles
            ],
            "dropped": [{"title": d.title, "url": d.url, "reason": d.reason} for d in listing.dropped],
        }
        click.echo(json.dumps(value, ensure_ascii=False, indent=2))
        return
    noun = "item" if listing.kind == "feed" else "article"
    count = len(listing.articles)
    click.echo(f"{listing.kind}: {listing.where}: {count} {noun}{'' if count == 1 else 's'} (times in {timezone})")
    for number, article in enumerate(listing.articles, 1):
        click.echo("")
        click.echo(f"[{number}] {article.title}")
        click.echo(f"    url:       {article.url}")
        click.echo(f"    published: {shown_time(article.published, timezone)} ({article.published_from})")
        truncated = " (truncated)" if article.truncated else ""
        click.echo(f"    length:    {len(article.text)} characters{truncated}")
    if listing.dropped:
        click.echo("")
        click.echo(f"left out ({len(listing.dropped)}):")
        for dropped in listing.dropped:
            click.echo(f"  {dropped.title}: {dropped.reason}")
    click.echo("")
    click.echo("briefer extract FILE-OR-URL shows one article's clean text.")


# -- briefer docs -------------------------------------------------------------------


def docs_folder() -> Path | None:
    """The manual: ``briefer/docs/`` in an installed wheel, else ``docs/`` of a source checkout."""
    packaged = Path(str(resources.files("briefer") / "docs"))
    if packaged.is_dir() and any(packaged.glob("*.md")):
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "docs"
    return checkout if checkout.is_dir() else None


def doc_topics(folder: Path) -> dict[str, Path]:
    """Topic name -> file: ``configuration`` -> configuration.md; ``readme`` is the README."""
    topics = {path.stem.lower(): path for path in sorted(folder.glob("*.md"))}
    readme = folder / "README.md" if (folder / "README.md").is_file() else folder.parent / "README.md"
    if readme.is_file():
        topics["readme"] = readme
    return topics


def _first_heading(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""


@click.command("docs")
@click.argument("topic", required=False)
def docs_command(topic: str | None) -> None:
    """Print briefer's documentation: the list of topics, or one topic (a prefix is enough).

    The manual ships with briefer, so it is at hand wherever briefer is
    installed; on a terminal it opens in a pager.

    \b
    Example:
        briefer docs                  # the topics
        briefer docs configuration    # every option of sources.yaml
        briefer docs templ            # templates.md: editions, blocks, styles, variables
    """
    folder = docs_folder()
    if folder is None:
        raise click.ClickException("the documentation is not installed with this copy of briefer")
    topics = doc_topics(folder)
    if topic is None:
        click.echo("briefer docs TOPIC prints one of:")
        for name, path in topics.items():
            click.echo(f"  {name:<14} {_first_heading(path)}")
        return
    wanted = topic.lower().removesuffix(".md")
    matches = [name for name in topics if name == wanted] or [name for name in topics if name.startswith(wanted)]
    if len(matches) != 1:
        why = "is ambiguous" if matches else "is not a topic"
        error = click.UsageError(f"{topic!r} {why}; topics: {', '.join(matches or topics)}")
        raise error
    text = topics[matches[0]].read_text(encoding="utf-8")
    if sys.stdout.isatty():
        click.echo_via_pager(text)
    else:
        click.echo(text, nl=False)
