"""Dates as sources write them, read in one place for every stage."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def parse_datetime(value: Any, assume_utc: bool = True) -> datetime | None:
    """A date or date-time from metadata, with its own time zone.

    A value without a zone is taken as UTC, or left naive when
    ``assume_utc`` is false (the pipeline then dates the article by when it
    was first seen, and says so).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        result = value
    elif hasattr(value, "year") and hasattr(value, "month"):  # a datetime.date from YAML
        result = datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip().replace("Z", "+00:00")
        try:
            result = datetime.fromisoformat(text)
        except ValueError:
            from email.utils import parsedate_to_datetime

            try:
                result = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None
    if result.tzinfo is None and assume_utc:
        return result.replace(tzinfo=UTC)
    return result
