"""Commands for working on a workspace, and what ``briefer extract`` prints of a feed or folder.

``briefer check``, ``briefer docs`` and ``briefer sources import`` live here;
they are attached to the main ``briefer`` group in :mod:`briefer.cli`.
"""

from __future__ import annotations

import json
from datetime import datetime
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
