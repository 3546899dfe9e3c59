"""What a run did, for the closing report, the logs and the benchmarks; and how it says how far it got."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from briefer.models import SourceReport

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while a run advances."""


def no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class RunReport:
    """What a run did, for the closing report and for the logs."""

    sources: list[SourceReport] = field(default_factory=list)
    documents: int = 0
    downloads: int = 0  # full HTTP bodies received
    not_modified: int = 0  # HTTP 304 answers (nothing downloaded, nothing parsed)
    reused: int = 0  # extractions and analyses taken from the store instead of made again
    kept: int = 0
    merged: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # editions whose files were already up to date
    timings: dict[str, float] = field(default_factory=dict)  # wall seconds per stage, for -v and benchmarks
    day_key: str = ""  # what the day's selection and themes were made from (see cached.day_key)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the wall time of the block to ``stage``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start
