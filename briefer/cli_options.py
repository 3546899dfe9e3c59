"""What people type on the command line, read the way they mean it.

``--date`` takes ``YYYY-MM-DD``, ``today``, ``yesterday`` or a number of days
back (``-1``); relative days are counted in ``briefing.timezone``, so they are
resolved once the config is read (:func:`resolve_day`). ``--audience`` takes
names separated by commas, like ``--format``, and may be repeated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import click

FUTURE_DAYS_WARNING = 1
"""A ``--date`` more than this many days after today (in briefing.timezone) is warned about:
nothing has been published on it yet, so the brief would be empty."""

_DAYS_BACK = re.compile(r"^-\d{1,5}$")


@dataclass(frozen=True)
class DayChoice:
    """A ``--date`` value: a calendar day, or a number of days before today."""

    day: date | None = None
    days_back: int = 0

    def resolve(self, today: date) -> date:
        return self.day if self.day is not None else today - timedelta(days=self.days_back)


class DayParam(click.ParamType):
    """``YYYY-MM-DD``, ``today``, ``yesterday`` or ``-N`` (N days ago)."""

    name = "YYYY-MM-DD|today|yesterday|-N"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> DayChoice:
        if isinstance(value, DayChoice):
            return value
        text = str(value).strip().lower()
        if text == "today":
            return DayChoice(days_back=0)
        if text == "yesterday":
            return DayChoice(days_back=1)
        if _DAYS_BACK.match(text):
            return DayChoice(days_back=int(text[1:]))
        try:
            return DayChoice(day=date.fromisoformat(text))
        except ValueError:
            self.fail(f"{value!r} is not a day: use YYYY-MM-DD, today, yesterday or -N (N days ago)", param, ctx)


def resolve_day(choice: DayChoice | None, today: date) -> date:
    """The day a ``--date`` names (today when not given); warns when it is far in the future."""
    if choice is None:
        return today
    day = choice.resolve(today)
    ahead = (day - today).days
    if ahead > FUTURE_DAYS_WARNING:
        click.echo(
            f"Warning: --date {day.isoformat()} is {ahead} days after today ({today.isoformat()}): "
            "few sources hold articles dated so far ahead, so the brief may have none",
            err=True,
        )
    return day


def split_names(values: tuple[str, ...]) -> tuple[str, ...]:
    """``("analyst,executive", "desk")`` -> ``("analyst", "executive", "desk")``, in order, once each."""
    names = [name.strip() for value in values for name in value.split(",")]
    return tuple(dict.fromkeys(name for name in names if name))


DEFAULT_CONFIG = "sources.yaml"
CONFIG_HELP = "The workspace's sources.yaml."

_Command = TypeVar("_Command", bound=Callable[..., Any])


def config_option(help: str = CONFIG_HELP) -> Callable[[_Command], _Command]:
    """``--config PATH`` (the ``config_path`` parameter), ``sources.yaml`` by default: one declaration
    for every command that reads a workspace, each with its own help."""
    return click.option(
        "--config",
        "config_path",
        default=DEFAULT_CONFIG,
        show_default=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=help,
    )
