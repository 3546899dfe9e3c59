"""The ``briefer`` command: a thin layer over :mod:`briefer.pipeline`.

Exit codes:
  0  the brief was written (some sources may have failed: see the report)
  1  the brief could not be written (template error, output not writable, internal error)
  2  bad usage or a bad config file: nothing was written
  3  ``run --strict`` only: the brief was written, but some sources failed

Errors are one line on stderr, never a traceback (``-vv`` logs it).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefer import __version__, clock
from briefer.cli_options import DEFAULT_CONFIG, DayChoice, DayParam, config_option, resolve_day, split_names
from briefer.output import FORMATS

if TYPE_CHECKING:
    from briefer.config import Config
    from briefer.models import Briefing, SummarySentence
    from briefer.report import Progress, RunReport
    from briefer.store import RunLog

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_SOURCES_FAILED = 3  # run --strict: written, but some sources failed
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)
"""Days ``--date`` accepts: a week of trend before and the next day's midnight must still be dates."""

log = logging.getLogger("briefer")


class BrieferFailure(click.ClickException):
    """The brief could not be written (exit 1)."""

    exit_code = EXIT_FAILED


class BadUsage(click.ClickException):
    """Bad options or a bad config: nothing was attempted (exit 2)."""

    exit_code = EXIT_USAGE


def _setup_logging(verbose: int, quiet: bool, interactive: bool) -> None:
    from briefer import logs

    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    if not interactive and not quiet:
        level = min(level, logging.INFO)  # cron and CI keep a log of what each run did
    logs.setup(level, "console" if interactive else "plain")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="briefer")
def main() -> None:
    """briefer: a daily brief written only from what the sources said.

    Every sentence in a brief is a real sentence from a cited article.

    \b
    Exit codes:
        0  the brief was written (some sources may have failed: see the report)
        1  the brief could not be written (template error, output not writable)
        2  bad usage or a bad config file: nothing was written
        3  run --strict: the brief was written, but some sources failed

    \b
    Example:
        briefer run                      # today's brief from ./sources.yaml
        briefer run --date 2025-11-03 --format md,json
        briefer schedule                 # make it every morning (schedule.cron)
    """
    from briefer.tuning import one_blas_thread, tune_allocator

    tune_allocator()
    one_blas_thread()  # before anything imports NumPy


def entry() -> None:
    """The ``briefer`` command: :func:`main`, then a quick exit (:func:`briefer.tuning.quick_exit`)."""
    from briefer.tuning import quick_exit

    quick_exit()
    main()


def _parse_formats(value: str | None) -> list[str] | None:
    if value is None:
        return None
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        shown = ", ".join(unknown) or repr(value)
        raise BadUsage(f"unknown format(s): {shown} (choose from {', '.join(FORMATS)})")
    return formats


@main.command()
@config_option("The workspace's sources.yaml; its paths are relative to it.")
@click.option(
    "--date",
    "day",
    type=DayParam(),
    metavar="YYYY-MM-DD|today|yesterday|-N",
    help="The day to brief, in briefing.timezone: YYYY-MM-DD, today, yesterday or -N (N days ago). "
    "Default: today there.",
)
@click.option(
    "--audience",
    "audiences",
    multiple=True,
    help="Render only these editions (analyst,executive; repeatable). Default: every audience in the config.",
)
@click.option(
    "--format", "formats", metavar=",".join(FORMATS), help="Files to write. Default: each audience's formats."
)
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder. Default: the config's output (output/ beside sources.yaml).",
)
@click.option(
    "--send",
    is_flag=True,
    help="Then email each edition to its audience's recipients (delivery.email); "
    "recipients who already have the day's edition are skipped.",
)
@click.option("--resend", is_flag=True, help="Like --send, and send again to those who already received it.")
@click.option(
    "--to",
    "test_to",
    multiple=True,
    metavar="ADDRESS",
    help="With --send: a test send, to these addresses only (a,b; repeatable) instead of the recipients; "
    "nothing is recorded as delivered.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Also print why each summary sentence was chosen (its score, its rank, its article) and why each "
    "article is in its theme (its score for every theme, keywords matched and where, learned terms).",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="Ignore what the store remembers (cached downloads, extractions, analyses); download everything again.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 3 (instead of 0) when the brief was written but some sources failed: for cron and CI.",
)
@click.option("-v", "--verbose", count=True, help="More log lines (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors, and no report.")
def run(
    config_path: Path,
    day: DayChoice | None,
    audiences: tuple[str, ...],
    formats: str | None,
    output: Path | None,
    send: bool,
    resend: bool,
    fresh: bool,
    explain: bool,
    verbose: int,
    quiet: bool,
    strict: bool = False,
    test_to: tuple[str, ...] = (),
) -> None:
    """Gather the day's articles and write the brief to output/<date>/<audience>/.

    Writes briefing.md, briefing.pdf and briefing.json (each audience's
    formats, or --format), then prints a report: each source and how it
    fared, articles kept and dropped (and why), and the files written.

    \b
    Example:
        briefer run
        briefer run --config ~/desk/sources.yaml --date 2025-11-03
        briefer run --audience analyst --format pdf --output /tmp/briefs
        briefer run --date yesterday --strict   # for cron: exit 3 if sources failed
        briefer run --audience analyst,executive --format md,json
        briefer run --send          # and email it (see docs/email.md)
        briefer run --send --to me@example.org   # a test send, recorded nowhere
        briefer run --fresh         # ignore the store: download and analyse everything again
        briefer run --explain       # print why each sentence was chosen, each article placed
    """
    interactive = sys.stderr.isatty()
    _setup_logging(verbose, quiet, interactive)
    wanted = _parse_formats(formats)
    audiences = split_names(audiences)
    test_to = split_names(test_to)
    if test_to and not send:
        raise BadUsage("--to is for a test send: use it with --send")
    if test_to and resend:
        raise BadUsage("--to makes a test send, which records nothing: --resend has no meaning with it")
    if test_to:
        from briefer.deliver import DeliveryError
        from briefer.trial import check_address

        try:
            for address in test_to:
                check_address(address)
        except DeliveryError as exc:
            raise BadUsage(str(exc)) from None
    config = _config_for_run(config_path, audiences, send or resend)
    today = clock.today(config.briefing.timezone)
    asked = day.resolve(today) if day else today
    if not FIRST_DAY <= asked <= LAST_DAY:
        raise BadUsage(f"--date {asked.isoformat()}: give a day from {FIRST_DAY} to {LAST_DAY}")
    the_day = resolve_day(day, today)
    briefing, report = _recorded_brief(config, the_day, audiences, wanted, output, interactive and not quiet, fresh)
    log.info("time: %s", ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in report.timings.items()))
    if not quiet:
        _print_report(report, briefing)
    if explain:
        _print_explanation(briefing)
        _print_placements(briefing)
    if test_to:
        _send_test(config, briefing, audiences, output, test_to, quiet=quiet)
    elif send or resend:
        _send(config, briefing, audiences, output, resend=resend, quiet=quiet)
    _exit_if_strict(strict, report)


def _config_for_run(config_path: Path, audiences: Sequence[str], send: bool) -> Config:
    """The config, checked for this run before any source is read: the audiences asked for, email
    when sending, and every template set used (a typo fails now)."""
    from briefer.config import ConfigError, load_config
    from briefer.render import RenderError, TemplateSetNotFound, check_templates

    try:
        config = load_config(config_path)
        for name in audiences:
            config.audience(name)
        if send and config.delivery.email is None:
            raise ConfigError("--send needs delivery.email in the config (see docs/email.md)")
    except ConfigError as exc:
        raise BadUsage(str(exc)) from None
    try:
        for template in sorted({config.audience(n).template for n in audiences or [a.name for a in config.audiences]}):
            check_templates(config, template)
    except TemplateSetNotFound as exc:  # a config error: the audience names a set that is nowhere
        raise BadUsage(str(exc)) from None
    except RenderError as exc:
        raise BrieferFailure(f"nothing written: {exc}") from None
    return config


def _recorded_brief(
    config: Config,
    the_day: date,
    audiences: Sequence[str],
    wanted: list[str] | None,
    output: Path | None,
    progress_bar: bool,
    fresh: bool,
) -> tuple[Briefing, RunReport]:
    """The brief, made as a run recorded in the store; what goes wrong is one line (exit 1 or 2)."""
    from briefer.config import ConfigError
    from briefer.executor import ExecutorError
    from briefer.render import RenderError

    try:
        with _sigterm_as_ctrl_c(), _recorded_run(config, the_day) as run:
            briefing, report = _run(
                config, the_day, audiences, wanted, output, progress_bar=progress_bar, fresh=fresh, run_id=run.id
            )
            failed = [s.name for s in report.sources if s.status.value == "error"]
            message = f"{report.kept} article(s), {len(report.written)} file(s) written"
            run.message = f"{message}; failed: {', '.join(failed)}" if failed else message
            run.outcome = "partial" if failed else "ok"
    except ConfigError as exc:
        raise BadUsage(str(exc)) from None
    except RenderError as exc:
        raise BrieferFailure(f"nothing written: {exc}") from None
    except ExecutorError as exc:
        raise BrieferFailure(f"nothing written: {exc}") from None
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise BrieferFailure(f"cannot write the brief: {exc.strerror or exc}{where}") from None
    except Exception as exc:  # a bug: say so in one line; -vv logs the traceback
        log.debug("internal error", exc_info=True)
        raise BrieferFailure(f"internal error: {type(exc).__name__}: {exc} (run with -vv for details)") from None
    return briefing, report


def _send_test(
    config: Config, briefing: Briefing, audiences: Sequence[str], output: Path | None, to: Sequence[str], *, quiet: bool
) -> None:
    """``--send --to``: the editions to ``to`` only, recorded nowhere (see :mod:`briefer.trial`)."""
    from briefer.deliver import DeliveryError
    from briefer.trial import send_trial

    try:
        results = send_trial(config, date.fromisoformat(briefing.date), list(audiences) or None, output, to)
    except DeliveryError as exc:
        raise BrieferFailure(f"brief written, but not emailed: {exc}") from None
    if not quiet:
        for result in results:
            click.echo(f"test email {result.status:<7} {result.audience} -> {result.recipient} (not recorded)")
    failed = [f"{r.recipient}: {r.error}" for r in results if r.status == "failed"]
    if failed:
        raise BrieferFailure(f"brief written; test email failed for {'; '.join(failed)}")


def _exit_if_strict(strict: bool, report: RunReport) -> None:
    """``--strict``: a brief made while sources failed exits 3 (it is written; cron hears of it)."""
    failed = [s.name for s in report.sources if s.status.value == "error"]
    if strict and failed:
        click.echo(f"Error: brief written, but {len(failed)} source(s) failed: {', '.join(failed)}", err=True)
        raise SystemExit(EXIT_SOURCES_FAILED)


@contextlib.contextmanager
def _sigterm_as_ctrl_c() -> Iterator[None]:
    """SIGTERM (systemd, ``timeout``, ``kill``) stops a run the way Ctrl-C does: an exception that
    unwinds it, so nothing half-written stays (the day's previous editions are left as they were)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _recorded_run(config: Config, day: date) -> Iterator[RunLog]:
    """A manual run holds the workspace's run lock (it waits while a scheduled brief is being
    made) and is recorded in the store, so ``briefer status`` lists it; the store is optional."""
    from briefer.schedule import run_lock
    from briefer.store import open_store, recorded_run

    with run_lock(config):
        store = open_store(config.store.path)
        try:
            with recorded_run(store, day, "manual") as run:
                yield run
        finally:
            if store is not None:
                store.close()


def _send(
    config: Config, briefing: Briefing, audiences: Sequence[str], output: Path | None, *, resend: bool, quiet: bool
) -> None:
    from briefer.deliver import DeliveryError, send_day

    try:
        results = send_day(config, date.fromisoformat(briefing.date), list(audiences) or None, output, resend=resend)
    except DeliveryError as exc:
        raise BrieferFailure(f"brief written, but not emailed: {exc}") from None
    if not quiet:
        for result in results:
            click.echo(f"email {result.status:<7} {result.audience} -> {result.recipient}")
    failed = [r.recipient for r in results if r.status == "failed"]
    if failed:
        raise BrieferFailure(f"brief written; email failed for {', '.join(failed)} (retried; see the log)")


def _run(
    config: Config,
    the_day: date | None,
    audiences: Sequence[str],
    formats: list[str] | None,
    output: Path | None,
    *,
    progress_bar: bool,
    fresh: bool = False,
    run_id: int | None = None,
) -> tuple[Briefing, RunReport]:
    from briefer.pipeline import run as run_pipeline

    if not progress_bar:
        return run_pipeline(
            config, the_day, list(audiences) or None, formats, output, _log_progress(), fresh=fresh, run_id=run_id
        )

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        return run_pipeline(
            config, the_day, list(audiences) or None, formats, output, progress, fresh=fresh, run_id=run_id
        )


def _log_progress() -> Progress:
    started: set[str] = set()

    def progress(stage: str, done: int, total: int) -> None:
        if done == 0 and stage not in started:
            started.add(stage)
            log.info("%s: %d item(s)", stage, total)

    return progress


def _print_report(report: RunReport, briefing: Briefing) -> None:
    from rich.console import Console

    console = Console(stderr=False, highlight=False, soft_wrap=True)
    ok = sum(1 for s in report.sources if s.status.value in ("ok", "not_modified"))
    console.print(f"[bold]briefer[/] {briefing.date}: {len(report.sources)} source(s) read, {ok} ok")
    for source in report.sources:
        mark = {"ok": "ok", "not_modified": "not modified", "empty": "empty", "error": "FAILED"}[source.status.value]
        note = f": {source.error}" if source.error and source.status.value != "ok" else ""
        if source.flagged:
            note += f" [failed {source.failing_runs} runs in a row]"
        console.print(f"  {mark:<12} {source.name} ({source.articles} document(s)){note}", markup=False)
    dropped = sum(report.dropped.values())
    console.print(
        f"articles: {report.documents} read, {report.kept} kept, {dropped} dropped"
        f" ({report.merged} duplicate(s) merged)"
    )
    for reason, count in report.dropped.most_common():
        console.print(f"  dropped {count}: {reason}", markup=False)
    if report.downloads or report.not_modified or report.reused:
        console.print(
            f"web: {report.downloads} download(s), {report.not_modified} not modified;"
            f" {report.reused} analysis(es) reused from the store",
            markup=False,
        )
    if not briefing.themes:
        console.print(f"no articles for {briefing.date}: the brief says so", markup=False)
    if report.written or not report.unchanged:
        console.print("written:")
    for path in report.written:
        console.print(f"  {path}", markup=False)
    if report.unchanged:
        console.print("up to date (nothing changed since the last run; files kept):")
    for folder in report.unchanged:
        console.print(f"  {folder}", markup=False)


def _print_explanation(briefing: Briefing) -> None:
    """Each summary sentence with its score, why it was chosen and the article it quotes."""
    titles = {item.article.id: f"{item.article.source}: {item.article.title}" for item in briefing.articles}

    def show(sentence: SummarySentence, indent: str) -> None:
        cited = "; ".join(titles.get(i, i) for i in sentence.article_ids)
        click.echo(f"{indent}[{sentence.score:.3f}] {sentence.text}")
        click.echo(f"{indent}        from {cited}, sentence {sentence.position + 1}")
        if sentence.why:
            click.echo(f"{indent}        why: {sentence.why}")

    click.echo("why these sentences:")
    for theme in briefing.themes:
        click.echo(f"  theme {theme.name}:")
        for sentence in theme.summary:
            show(sentence, "    ")
        for story in theme.stories:
            if len(story.article_ids) > 1:
                click.echo(f"    story {story.title}:")
                for sentence in story.summary:
                    show(sentence, "      ")
        for item in theme.articles:
            click.echo(f"    article {titles[item.article.id]}:")
            for sentence in item.summary:
                show(sentence, "      ")


def _print_placements(briefing: Briefing) -> None:
    """Each article's theme and why: its score for every theme, its keywords and where, the
    learned terms that counted (what briefing.json's ``placement`` holds)."""
    click.echo("why these themes:")
    for theme in briefing.themes:
        for item in theme.articles:
            placement = theme.placements.get(item.article.id)
            if placement is None:
                continue
            click.echo(f"  {theme.name}: {item.article.source}: {item.article.title}")
            click.echo(f"      why: {placement.reason}")
            scores = ", ".join(
                f"{s.theme} {s.score:.2f} (keywords {s.keyword_points:.3g}, similarity {s.similarity:.2f})"
                for s in placement.scores
            )
            click.echo(f"      scores: {scores}")
            if placement.keywords:
                found = "; ".join(
                    f"{k.theme}: '{k.keyword}' "
                    + ", ".join(
                        f"{n} {place}"
                        for n, place in ((k.headline, "headline"), (k.lead, "lead"), (k.body, "body"))
                        if n
                    )
                    + (" (ignored today: in nearly every article)" if k.ignored else "")
                    for k in placement.keywords
                )
                click.echo(f"      keywords: {found}")
            if placement.learned:
                click.echo(f"      learned terms: {', '.join(placement.learned)}")
            if placement.similar:
                close = "; ".join(f"{w.theme}: {w.word} (like '{w.like}', {w.points:.2f})" for w in placement.similar)
                click.echo(f"      similar words: {close}")
    days = max((p.earlier_days for t in briefing.themes for p in t.placements.values()), default=0)
    click.echo(f"  (themes learned from today's articles and {days} earlier day(s) in the store)")


@main.command("extract")
@click.argument("path_or_url")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: headline, date and clean text; json: the same as one JSON object.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this sources.yaml's HTTP limits and article length. Default: ./sources.yaml if present.",
)
def extract_command(path_or_url: str, output_format: str, config_path: Path | None) -> None:
    """Show what briefer sees in one web page or file: title, published time, clean text.

    Debug a source with it: what the cleaning kept, and which date the
    article would be filed under (published_from says where it came from),
    in briefing.timezone. A feed (a URL or a .xml/.rss/.atom file) or a
    folder lists its articles instead, each as a run would read it.
    Exit 1 when the page or file gives no article.

    \b
    Example:
        briefer extract https://example.org/news/2025/11/03/talks
        briefer extract demo/articles/kabul-ledger/kl-traders-losses-spin-boldak.md --format json
        briefer extract demo/feeds/eurasia-monitor.xml      # a feed's items
        briefer extract demo/articles/kabul-ledger          # a folder's articles
    """
    import json

    from briefer.cli_workspace import echo_listing, shown_time
    from briefer.config import ConfigError, load_config
    from briefer.peek import ExtractError, Listing, extract_any

    config = None
    try:
        if config_path is not None or Path(DEFAULT_CONFIG).is_file():
            config = load_config(config_path or Path(DEFAULT_CONFIG))
    except ConfigError as exc:
        raise BadUsage(str(exc)) from None
    try:
        article = extract_any(path_or_url, config)
    except ExtractError as exc:
        raise BrieferFailure(str(exc)) from None
    except Exception as exc:  # a bug: one line, not a traceback
        raise BrieferFailure(f"internal error: {type(exc).__name__}: {exc}") from None
    zone = config.briefing.timezone if config else "UTC"
    if isinstance(article, Listing):
        echo_listing(article, zone, output_format)
        return
    if output_format == "json":
        value = {
            "title": article.title,
            "url": article.url,
            "published": article.published.isoformat(timespec="seconds"),
            "published_from": article.published_from,
            "truncated": article.truncated,
            "text": article.text,
        }
        click.echo(json.dumps(value, ensure_ascii=False, indent=2))
        return
    click.echo(f"title:     {article.title}")
    click.echo(f"url:       {article.url}")
    click.echo(f"published: {shown_time(article.published, zone)} ({article.published_from})")
    click.echo(f"length:    {len(article.text)} characters{' (truncated)' if article.truncated else ''}")
    click.echo("")
    click.echo(article.text)


@main.command("init")
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the starter files that are already there (others stay).")
def init_command(folder: Path, force: bool) -> None:
    """Make a new workspace in FOLDER (default: here), ready to run.

    Writes a commented sources.yaml, an inbox/ folder source with one sample
    article, templates/ (a README, an example that overrides one block of
    the analyst edition, and copies of the built-in templates to read) and
    output/. Refuses to replace existing files (exit 2) unless --force.

    \b
    Example:
        briefer init my-brief && cd my-brief && briefer run
        briefer init --force     # restore the starter files here
    """
    from briefer.workspace import WorkspaceExists, init_workspace

    try:
        scaffold = init_workspace(folder, force=force)
    except WorkspaceExists as exc:
        raise BadUsage(str(exc)) from None
    except OSError as exc:
        raise BrieferFailure(f"cannot write the workspace: {exc.strerror or exc} ({exc.filename})") from None
    click.echo(f"workspace ready in {scaffold.folder} ({len(scaffold.written)} files)")
    click.echo(f"next: cd {scaffold.folder} && briefer run     # then edit sources.yaml and templates/")


def _attach_service_commands() -> None:
    """``briefer schedule`` and ``briefer status`` live in :mod:`briefer.cli_ops`."""
    from briefer.cli_ops import schedule, status
    from briefer.cli_workspace import check_command, docs_command, sources_group

    main.add_command(schedule)
    main.add_command(status)
    main.add_command(check_command)
    main.add_command(docs_command)
    main.add_command(sources_group)


_attach_service_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
