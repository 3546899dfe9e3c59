"""Commands for working on a workspace, and what ``briefer extract`` prints of a feed or folder.

``briefer check``, ``briefer docs`` and ``briefer sources import`` live here;
they are attached to the main ``briefer`` group in :mod:`briefer.cli`.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import click

from briefer.cli_options import config_option

if TYPE_CHECKING:
    from briefer.config import Config
    from briefer.peek import Listing


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


# -- briefer check ------------------------------------------------------------------


def check_workspace(config: Config) -> tuple[list[str], list[str]]:
    """What ``briefer check`` finds: (lines that are fine, problems), without reading any source.

    Each audience's templates are compiled and checked (variables, blocks, stylesheet imports),
    then rendered on an empty day in memory (a wrong attribute shows there); a folder or feed
    file that is not there, and email settings that cannot work, are problems too.
    """
    from briefer.models import Briefing, SourceReport, SourceStatus
    from briefer.render import RenderError, check_templates, render_edition

    fine: list[str] = []
    problems: list[str] = []
    for source in config.sources:
        if source.path is not None and not source.url:
            want_dir = source.type == "folder"
            exists = source.path.is_dir() if want_dir else source.path.is_file()
            if not exists:
                what = "folder" if want_dir else "feed file"
                problems.append(f"source {source.name!r}: {what} not found: {source.path}")
                continue
        fine.append(f"source {source.name!r}: {source.type}, {source.url or source.path}")
    empty = Briefing(
        title=config.briefing.title,
        date="2000-01-03",
        timezone=config.briefing.timezone,
        generated_at=datetime(2000, 1, 3, tzinfo=ZoneInfo("UTC")),
        themes=(),
        sources_report=tuple(SourceReport(s.name, SourceStatus.OK) for s in config.sources),
    )
    for audience in config.audiences:
        try:
            check_templates(config, audience.template)
            formats = [f for f in audience.formats if f != "pdf"] + (["html"] if "pdf" in audience.formats else [])
            render_edition(empty, audience, config, formats)
        except RenderError as exc:
            problems.append(f"audience {audience.name!r}: {exc}")
            continue
        fine.append(f"audience {audience.name!r}: templates {audience.template!r} ok ({', '.join(audience.formats)})")
    email = config.delivery.email
    wants_email = [a.name for a in config.audiences if a.recipients]
    if email is None and wants_email:
        problems.append(f"audience(s) {', '.join(wants_email)} have recipients, but delivery.email is not set")
    if email is not None:
        for key in ("username_env", "password_env"):
            name = getattr(email, key)
            if name and name not in os.environ:
                problems.append(f"delivery.email.{key}: the environment variable {name} is not set here")
        fine.append(
            f"email: via {email.host}:{email.port} to {sum(len(a.recipients) for a in config.audiences)} recipient(s)"
        )
    return fine, problems


@click.command("check")
@config_option()
def check_command(config_path: Path) -> None:
    """Check sources.yaml and the templates without running: nothing is fetched or written.

    Exit 0 when all is well, 2 for a config error (every problem listed,
    each with its line), 1 when a template does not render or a local
    source or the email settings would fail.

    \b
    Example:
        briefer check
        briefer check --config ~/desk/sources.yaml
    """
    from briefer.config import ConfigError, load_config
    from briefer.render import TemplateSetNotFound, check_template_set

    try:
        config = load_config(config_path)
        for audience in config.audiences:
            check_template_set(config, audience.template)
    except (ConfigError, TemplateSetNotFound) as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(2) from None
    fine, problems = check_workspace(config)
    click.echo(
        f"{config_path}: {len(config.sources)} source(s), {len(config.themes)} theme(s), "
        f"{len(config.audiences)} audience(s)"
    )
    for line in fine:
        click.echo(f"  ok       {line}")
    for line in problems:
        click.echo(f"  PROBLEM  {line}")
    if problems:
        click.echo(f"Error: {len(problems)} problem(s) found", err=True)
        raise SystemExit(1)


# -- briefer sources import ---------------------------------------------------------


@click.group("sources")
def sources_group() -> None:
    """Manage the sources in sources.yaml.

    \b
    Example:
        briefer sources import feeds.opml
    """


@sources_group.command("import")
@click.argument("opml_file", type=click.Path(dir_okay=False, path_type=Path))
@config_option("The sources.yaml to add the feeds to (its comments and layout are kept).")
@click.option("--full-text", is_flag=True, help="Add each feed with full_text: true (fetch every item's page).")
@click.option("--dry-run", is_flag=True, help="Only say what would be added; change nothing.")
def import_command(opml_file: Path, config_path: Path, full_text: bool, dry_run: bool) -> None:
    """Add the feeds of an OPML file (a feed reader's export) to sources.yaml as feed sources.

    Feeds already in sources.yaml (same address) are skipped; the new ones
    are added after the last source, and the file keeps its comments.
    Exit 2 when the OPML file or sources.yaml cannot be used.

    \b
    Example:
        briefer sources import feeds.opml
        briefer sources import ~/Downloads/subscriptions.opml --config ~/desk/sources.yaml --dry-run
    """
    from briefer.config import ConfigError
    from briefer.opml import ImportFailed, import_opml

    try:
        result = import_opml(config_path, opml_file, full_text=full_text, dry_run=dry_run)
    except (ImportFailed, ConfigError) as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(2) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {config_path}: {exc.strerror or exc}") from None
    verb = "would add" if dry_run else "added"
    click.echo(f"{verb} {len(result.added)} feed(s) to {config_path}")
    for feed in result.added:
        click.echo(f"  + {feed.title}: {feed.url}")
    for feed in result.already:
        click.echo(f"  = {feed.title}: already a source ({feed.url})")
    for what, why in result.refused:
        click.echo(f"  ! {what}: {why}")
    if result.added and not dry_run:
        click.echo("next: briefer check, then briefer run")
