"""``briefer schedule`` and ``briefer status``: the commands for running briefer as a service.

Thin click commands over :mod:`briefer.schedule`; they are attached to the
main ``briefer`` group in :mod:`briefer.cli`, and also run on their own:
``python -m briefer.cli_ops schedule``.

Exit codes: 0 stopped cleanly (SIGINT/SIGTERM) or status shown; 1 another
scheduler holds the workspace, or the scheduler failed; 2 a bad config.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import click

from briefer import clock
from briefer.cli_options import config_option

if TYPE_CHECKING:
    from briefer.config import Config


class OpsFailure(click.ClickException):
    exit_code = 1


class OpsBadUsage(click.ClickException):
    exit_code = 2


def _setup_logging(verbose: int, quiet: bool) -> None:
    """A service's log: every line with its date and time, on stderr (journald or a file keeps it)."""
    from briefer import logs

    logs.setup(
        logging.WARNING if quiet else (logging.DEBUG if verbose else logging.INFO), "service", also=("apscheduler",)
    )
    logging.getLogger("apscheduler").setLevel(logging.DEBUG if verbose > 1 else logging.WARNING)


def _load(config_path: Path) -> Config:
    from briefer.config import ConfigError, load_config

    try:
        return load_config(config_path)
    except ConfigError as exc:
        raise OpsBadUsage(str(exc)) from None


@click.command("schedule")
@config_option()
@click.option(
    "--wait",
    "wait_for_lock",
    is_flag=True,
    help="If another scheduler already runs on this workspace, wait as a standby instead of exiting.",
)
@click.option("-v", "--verbose", count=True, help="Debug lines (-vv adds APScheduler's own).")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors.")
def schedule(config_path: Path, wait_for_lock: bool, verbose: int, quiet: bool) -> None:
    """Make the brief on schedule.cron, in the foreground, until Ctrl-C or SIGTERM.

    The schedule is kept in a file next to the store, so a scheduler that was
    down at the hour makes the missed brief when it comes back (within
    schedule.misfire_grace_time). After each brief the editions are emailed
    when delivery.email is set and schedule.send is true. Only one scheduler
    runs per workspace; see docs/scheduling.md.

    \b
    Example:
        briefer schedule
        briefer schedule --config /srv/brief/sources.yaml
        briefer schedule --wait      # a standby that takes over when the first one stops
    """
    from briefer.config import ConfigError
    from briefer.schedule import SchedulerLocked, serve
    from briefer.store import StoreError

    _setup_logging(verbose, quiet)
    config = _load(config_path)
    try:
        serve(config, wait_for_lock=wait_for_lock, log_level=logging.getLogger("briefer").level)
    except ConfigError as exc:
        raise OpsBadUsage(str(exc)) from None
    except (SchedulerLocked, StoreError) as exc:
        raise OpsFailure(str(exc)) from None
    except OSError as exc:
        raise OpsFailure(f"the scheduler stopped: {exc}") from None


@click.command("status")
@config_option()
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="How many runs to list.")
def status(config_path: Path, limit: int) -> None:
    """Show the next scheduled brief, whether a scheduler is running, and the last runs.

    \b
    Example:
        briefer status
        briefer status --config /srv/brief/sources.yaml --limit 30
    """
    from briefer.config import ConfigError
    from briefer.schedule import status as read_status
    from briefer.store import StoreError

    config = _load(config_path)
    try:
        state = read_status(config, limit)
    except ConfigError as exc:
        raise OpsBadUsage(str(exc)) from None
    except StoreError as exc:
        raise OpsFailure(str(exc)) from None
    now = clock.wall()
    briefs = "the previous day" if config.schedule.day == "previous" else "the day it runs, so far"
    if config.schedule.configured:
        click.echo(f"schedule:  {state.cron} ({state.timezone}), briefing {briefs}")
    else:
        click.echo(
            f"schedule:  none in {config_path.name} (briefer schedule would use the default, "
            f"{state.cron} ({state.timezone}), briefing {briefs})"
        )
    if state.scheduler:
        click.echo(f"scheduler: running ({state.scheduler})")
    else:
        click.echo("scheduler: not running")
    if state.next_run is not None and (config.schedule.configured or state.next_run_from != "cron"):
        when = state.next_run.isoformat(timespec="seconds")
        if state.next_run < now:
            note = "OVERDUE: made when a scheduler runs, if within schedule.misfire_grace_time"
        elif state.next_run_from == "cron":
            note = "from the cron expression: no scheduler has run here yet"
        else:
            note = f"in {_until(state.next_run - now)}"
        click.echo(f"next run:  {when} ({note})")
    if not state.runs:
        click.echo("runs:      none yet")
        return
    click.echo("last runs (newest first):")
    for run in state.runs:
        took = f"{(run.finished_at - run.started_at).total_seconds():.0f} s" if run.finished_at else "-"
        outcome = run.outcome or "running"
        started = run.started_at.astimezone(ZoneInfo(config.briefing.timezone)).isoformat(sep=" ", timespec="seconds")
        line = f"  #{run.id:<5} {run.day}  {run.trigger:<8}  {started}  {outcome:<9} {took:>6}"
        click.echo(f"{line}  {run.message}" if run.message else line)


def _until(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 120:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def ops() -> None:
    """briefer's service commands on their own (python -m briefer.cli_ops)."""


ops.add_command(schedule)
ops.add_command(status)


if __name__ == "__main__":
    ops()
