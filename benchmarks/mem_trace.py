"""``briefer run`` with its Python heap traced (``tracemalloc``): what each phase holds at its peak, by line.

    PYTHONPATH=TREE nice python benchmarks/mem_trace.py run --config WS/sources-one.yaml --date 2025-01-15 -v

The run's phases (select, the analyses, the scoring, each theme's parts, the day's base, the story memory,
render) are marked by wrapping their functions; a thread samples the traced memory every
``MEM_TRACE_EVERY`` seconds (default 2) and, when a phase's traced memory passes its highest so far by
``MEM_TRACE_STEP`` MB (default 40), takes a snapshot (one frame a block) and keeps its largest lines: the
last of each phase is that phase's peak. At the end, printed to stderr: each phase's traced memory at its
first start, its highest sampled and its end, and at its peak the lines that hold the most
(``MEM_TRACE_TOP``, default 12) with their growth over the phase's first start.
``MEM_TRACE_FROM=score_themes``: traced from that phase's first call on only (the run's first stages at
their own speed; what they allocated is not seen). The figures are the Python heap's blocks (NumPy's
arrays included), not the process's PSS; run it in one process (``executor: {processes: 1}``), whose heap
is the run's. Some 1.5-3 times slower than the run where it traces.
"""

from __future__ import annotations

import atexit
import functools
import os
import sys
import threading
import time
import tracemalloc
from typing import Any

from briefer import cached, entities, group, pipeline, quotes, stories

EVERY = float(os.environ.get("MEM_TRACE_EVERY", "2"))
STEP = float(os.environ.get("MEM_TRACE_STEP", "40")) * 2**20
TOP = int(os.environ.get("MEM_TRACE_TOP", "12"))
FROM = os.environ.get("MEM_TRACE_FROM", "")
"""The phase from whose first call the heap is traced (``score_themes``: the group stage), none: from the start."""

STACK: list[str] = ["run"]
PHASES: dict[str, dict[str, Any]] = {}
LOCK = threading.Lock()
STARTED = time.perf_counter()


def _phase(name: str) -> dict[str, Any]:
    return PHASES.setdefault(
        name, {"start": None, "peak": 0, "end": None, "snapshot": None, "base": None, "at": 0.0, "calls": 0}
    )


def _lines(snapshot: tracemalloc.Snapshot) -> dict[str, tuple[int, int]]:
    """Each line's size and blocks, the largest ``4 * TOP`` (a snapshot itself is too large to keep)."""
    stats = snapshot.statistics("lineno")[: 4 * TOP]
    out = {}
    for stat in stats:
        frame = stat.traceback[0]
        out[f"{frame.filename.split('site-packages/')[-1]}:{frame.lineno}"] = (stat.size, stat.count)
    return out


def _snap(row: dict[str, Any], current: int) -> None:
    row["snapshot"] = _lines(tracemalloc.take_snapshot())
    row["peak"] = current
    row["at"] = time.perf_counter() - STARTED


def _wrap(module: Any, name: str, label: str | None = None) -> None:
    fn = getattr(module, name)
    label = label or name

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if label == FROM and not tracemalloc.is_tracing():
            tracemalloc.start(1)
            threading.Thread(target=_sampler, daemon=True).start()
        if not tracemalloc.is_tracing():
            return fn(*args, **kwargs)
        with LOCK:
            row = _phase(label)
            current = tracemalloc.get_traced_memory()[0]
            if row["start"] is None:
                row["start"] = current
                row["base"] = _lines(tracemalloc.take_snapshot())
            row["calls"] += 1
            STACK.append(label)
        try:
            return fn(*args, **kwargs)
        finally:
            with LOCK:
                STACK.pop()
                row["end"] = tracemalloc.get_traced_memory()[0]

    setattr(module, name, wrapper)


def _sampler() -> None:
    while True:
        time.sleep(EVERY)
        with LOCK:
            current = tracemalloc.get_traced_memory()[0]
            row = _phase(STACK[-1])
            if row["start"] is None:
                row["start"] = current
            row["max"] = max(row.get("max", 0), current)
            if row["snapshot"] is None or current > row["peak"] + STEP:
                _snap(row, current)


def _mb(n: float | None) -> str:
    return "-" if n is None else f"{n / 2**20:,.1f}"


def _show() -> None:
    print("\n== traced memory by phase (MB): start, peak (s into the run), end; at the peak the lines", file=sys.stderr)
    for label, row in PHASES.items():
        print(
            f"{label} ({row['calls']} calls): {_mb(row['start'])} -> sampled max {_mb(row.get('max'))},"
            f" snapshot {_mb(row['peak'])} at {row['at']:.0f} s"
            f" -> {_mb(row['end'])}",
            file=sys.stderr,
        )
        lines = row["snapshot"]
        if lines is None:
            continue
        base = row["base"] or {}
        for where, (size, count) in list(lines.items())[:TOP]:
            grown = size - base.get(where, (0, 0))[0]
            print(f"    {_mb(size)} MB (+{_mb(grown)}), {count:,} blocks: {where}", file=sys.stderr)


def main() -> None:
    for module, name, label in (
        (pipeline, "select", "select"),
        (pipeline, "select_keeping", "select"),
        (pipeline, "_summarized_with", "analyse"),
        (group, "score_themes", None),
        (group, "day_profiles", None),
        (group, "_fill_story_features", None),
        (group, "theme_parts", None),
        (group, "base_of", None),
        (cached, "save_base", None),
        (cached, "without_lemmas", None),
        (cached, "grouped_on_cluster", "themes from the cluster"),
        (stories, "theme_space", None),
        (quotes, "theme_quotes", None),
        (entities, "key_actors", None),
        (pipeline, "remember", "story memory (remember)"),
        (getattr(cached, "DayOnCluster", None), "remember", "story memory (on the cluster)"),
        (pipeline, "render_edition", "render"),
    ):
        if module is not None:  # a tree before session 58 has no DayOnCluster
            _wrap(module, name, label)
    if not FROM:
        tracemalloc.start(1)
        threading.Thread(target=_sampler, daemon=True).start()
    atexit.register(_show)
    from briefer.cli import entry

    sys.argv = ["briefer", *sys.argv[1:]]
    entry()


if __name__ == "__main__":
    main()
