"""The ``briefer`` command: a thin layer over :mod:`briefer.pipeline`.

Exit codes:
  0  the brief was written (some sources may have failed: see the report)
  1  the brief could not be written (template error, output not writable, internal error)
  2  bad usage or a bad config file: nothing was written
"""

from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path

import click

from briefer import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_CONFIG = "sources.yaml"


class BrieferFailure(click.ClickException):
    exit_code = EXIT_FAILED


class BadUsage(click.ClickException):
    exit_code = EXIT_USAGE


def _setup_logging(verbose: int, quiet: bool, interactive: bool) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    root = logging.getLogger("briefer")
    root.setLevel(level)
    root.handlers.clear()
    if interactive:
        from rich.console import Console
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=Console(stderr=True), show_path=False, show_time=False)
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
    root.addHandler(handler)
    root.propagate = False
    if not interactive and not quiet:
        root.setLevel(min(level, logging.INFO))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="briefer")
def main() -> None:
    """briefer: a daily brief written only from what the sources said.

    Every sentence in a brief is a real sentence from a cited article.

    \b
    Example:
        briefer run                      # today's brief from ./sources.yaml
        briefer run --date 2025-11-03 --format md,json
    """


def _parse_formats(value: str | None) -> list[str] | None:
    if not value:
        return None
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = sorted(set(formats) - {"md", "pdf", "json", "html"})
    if unknown:
        raise BadUsage(f"unknown format(s): {', '.join(unknown)} (choose from md, pdf, json, html)")
    return formats


@main.command()
@click.option("--config", "config_path", default=DEFAULT_CONFIG, show_default=True, type=click.Path(dir_okay=False, path_type=Path), help="The workspace's sources.yaml.")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), help="The day to brief, YYYY-MM-DD, in briefing.timezone. Default: today there.")
@click.option("--audience", "audiences", multiple=True, help="Render only this edition (repeatable). Default: every audience in the config.")
@click.option("--format", "formats", metavar="md,pdf,json,html", help="Files to write. Default: each audience's formats.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), help="Output folder. Default: the config's output (./output).")
@click.option("-v", "--verbose", count=True, help="More log lines (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors, and no report.")
def run(
    config_path: Path, day: date | None, audiences: tuple[str, ...], formats: str | None,
    output: Path | None, verbose: int, quiet: bool,
) -> None:
    """Gather the day's articles and write the brief to output/<date>/<audience>/.

    \b
    Example:
        briefer run
        briefer run --config ~/desk/sources.yaml --date 2025-11-03
        briefer run --audience analyst --format pdf --output /tmp/briefs
    """
    from briefer.config import ConfigError, load_config
    from briefer.pipeline import run as run_pipeline
    from briefer.render import RenderError

    interactive = sys.stderr.isatty()
    _setup_logging(verbose, quiet, interactive)
    wanted = _parse_formats(formats)
    try:
        config = load_config(config_path)
        config.audience  # noqa: B018 - fail early on names below
        for name in audiences:
            config.audience(name)
    except ConfigError as exc:
        raise BadUsage(str(exc)) from None
    the_day = day.date() if day else None
    try:
        if interactive and not quiet:
            briefing, report = _run_with_progress(config, the_day, audiences, wanted, output)
        else:
            briefing, report = run_pipeline(config, the_day, list(audiences) or None, wanted, output, _log_progress)
    except ConfigError as exc:
        raise BadUsage(str(exc)) from None
    except RenderError as exc:
        raise BrieferFailure(f"nothing written: {exc}") from None
    except OSError as exc:
        raise BrieferFailure(f"cannot write the brief: {exc}") from None
    if not quiet:
        _print_report(report, briefing.date)


_last_stage: list[str] = []


def _log_progress(stage: str, done: int, total: int) -> None:
    if done == 0 and (not _last_stage or _last_stage[-1] != stage):
        _last_stage.append(stage)
        logging.getLogger("briefer").info("%s: %d item(s)", stage, total)


def _run_with_progress(config, the_day, audiences, wanted, output):  # type: ignore[no-untyped-def]
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from briefer.pipeline import run as run_pipeline

    with Progress(
        TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        return run_pipeline(config, the_day, list(audiences) or None, wanted, output, progress)


def _print_report(report, day: str) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console

    console = Console(stderr=False, highlight=False, soft_wrap=True)
    ok = sum(1 for s in report.sources if s.status.value in ("ok", "not_modified"))
    console.print(f"[bold]briefer[/] {day}: {len(report.sources)} source(s) read, {ok} ok")
    for source in report.sources:
        mark = {"ok": "ok", "not_modified": "not modified", "empty": "empty", "error": "FAILED"}[source.status.value]
        note = f": {source.error}" if source.error and source.status.value != "ok" else ""
        console.print(f"  {mark:<12} {source.name} ({source.articles} document(s)){note}", markup=False)
    console.print(f"articles: {report.documents} read, {report.kept} kept, {report.merged} duplicate(s) merged")
    for reason, count in report.dropped.most_common():
        console.print(f"  dropped {count}: {reason}", markup=False)
    console.print("written:")
    for path in report.written:
        console.print(f"  {path}", markup=False)


if __name__ == "__main__":  # pragma: no cover
    main()
