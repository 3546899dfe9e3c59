"""The clock, in one place.

Two times, kept apart on purpose:

- :func:`now` is the run's clock, the time a brief is made at: it goes into
  the brief (``generated_at``), dates an article that carries no date and
  decides which day is "today". ``SOURCE_DATE_EPOCH`` (seconds since 1970,
  UTC) fixes it, so the same articles give the same brief byte for byte.
- :func:`wall` is the real time, for what happens around a brief and is
  never printed in one: when a run started and ended, when a cache entry was
  written, how late a scheduled run is. ``SOURCE_DATE_EPOCH`` does not move it.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def now() -> datetime:
    """The run's clock, aware and in UTC, to the second: ``SOURCE_DATE_EPOCH`` when set, else the time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC).replace(microsecond=0)


def today(timezone: str) -> date:
    """The day :func:`now` falls on in ``timezone`` (an IANA name such as ``Asia/Karachi``)."""
    return now().astimezone(ZoneInfo(timezone)).date()


def wall() -> datetime:
    """The real time, aware and in UTC, to the microsecond (records and timers, never a brief's content)."""
    return datetime.now(UTC)
