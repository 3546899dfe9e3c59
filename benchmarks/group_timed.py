"""``briefer run`` with the group stage's parts timed in the run itself, CPU (``time.process_time``) and wall time
(``time.perf_counter``), printed to stderr at the end: the scoring, the placements explained, the day's profiles,
each theme's stories, quotations, space and key actors (as the themes' map calls them), the day's base stored,
the story memory (session 51: the run's split at 50,000 and 100,000 articles, which the probe,
``group_probe.py``, sees on a share of a stored day only).

    PYTHONPATH=TREE nice python benchmarks/group_timed.py run --config WS/sources.yaml --date 2025-01-15 -v

The quotations' own key-actor merge is counted in ``theme_quotes`` (quotes imports ``key_actors`` by name).
"""

from __future__ import annotations

import atexit
import functools
import sys
import time
from collections.abc import Iterator
from typing import Any

from briefer import cached, entities, group, pipeline, quotes, stories

TABLE: dict[str, list[float]] = {}
ORDER: list[tuple[str, int, float, float]] = []


def _timed(module: Any, name: str, label: str | None = None) -> None:
    fn = getattr(module, name)
    label = label or name

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            row = TABLE.setdefault(label, [0.0, 0.0, 0])
            row[0] += cpu
            row[1] += wall
            row[2] += 1
            size = len(args[0]) if args and hasattr(args[0], "__len__") else -1
            ORDER.append((label, size, cpu, wall))

    setattr(module, name, wrapper)


def _explained_timed(explained: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        cpu, wall = time.process_time(), time.perf_counter()
        yield from explained(*args, **kwargs)
        row = TABLE.setdefault("_explained (with its consumer)", [0.0, 0.0, 0])
        row[0] += time.process_time() - cpu
        row[1] += time.perf_counter() - wall
        row[2] += 1

    return wrapper


def _show() -> None:
    print("\n== parts (CPU s, wall s, calls)", file=sys.stderr)
    for label, (cpu, wall, calls) in TABLE.items():
        print(f"  {label}: {cpu:.1f} CPU, {wall:.1f} wall, {calls:.0f} calls", file=sys.stderr)
    print("== in order (part, articles, CPU, wall), over 1 s", file=sys.stderr)
    for label, size, cpu, wall in ORDER:
        if wall >= 1:
            print(f"  {label} {size} {cpu:.1f} {wall:.1f}", file=sys.stderr)


def main() -> None:
    for module, name in (
        (group, "score_themes"),
        (group, "day_profiles"),
        (group, "_fill_story_features"),
        (group, "theme_parts"),
        (group, "base_of"),
        (stories, "find_stories"),
        (stories, "theme_space"),
        (stories, "day_roundups"),
        (quotes, "theme_quotes"),
        (entities, "key_actors"),
        (cached, "save_base"),
    ):
        _timed(module, name)
    _timed(pipeline, "remember", "story memory (remember)")
    group._explained = _explained_timed(group._explained)
    atexit.register(_show)
    from briefer.cli import entry

    sys.argv = ["briefer", *sys.argv[1:]]
    entry()


if __name__ == "__main__":
    main()
