"""Where a resident process's intraday update spends its CPU, step by step (issue 15).

In one process, as ``briefer schedule``'s resident process runs (per-article results kept between
runs, WeasyPrint loaded; the config's executor for the cold run, the update's executor as the resident
process chooses it, ``briefer.warm.update_executor``): the day of ``update_runs.py prepare``'s workspace
briefed cold from an empty store, then its new articles added and the day briefed again. Each step
of the update listed below is timed in CPU seconds of this process (``self``) and of the children it
reaped meanwhile (``children``: the pool's workers, the PDF's process), and the writes the run leaves
for later (``RunMemory.later``) each apart, by the line that left them. Steps nest (the group stage
holds the placement, which holds the scoring): the figures are inclusive, not to be summed.

A probe, not a benchmark: the figures move with the load as ``update_runs.py``'s do, and the wrappers
cost a little. Compare two trees by running it from each (``--code``), one after the other or at the
same time.

    python benchmarks/update_runs.py prepare --work /tmp/upd --data ../shared/data/bbc-news-summary/articles \\
        --themes ../shared/tools/bbc-themes.json
    python benchmarks/update_stages.py --work /tmp/upd --code TREE
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

STEPS = {
    "briefer.pipeline": ["_gather", "_extract", "remember", "render_edition"],
    "briefer.cached": ["summarized", "load_day", "save_day", "day_key", "stored_fingerprints", "without_lemmas"],
    "briefer.group": ["group_themes", "_placed", "score_themes", "explain", "day_profiles", "_fill_story_features"],
    "briefer.stories": ["day_roundups", "find_stories"],
    "briefer.quotes": ["theme_quotes"],
    "briefer.entities": ["key_actors"],
    "briefer.summarize": ["summarize_group"],
    "briefer.render": ["write_briefing_json", "render_markdown", "render_html"],
}
"""The steps timed, by module (each looked up through its module: a function another module imported
by name is timed where it is called through that module)."""


def cpu() -> tuple[float, float]:
    own, reaped = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, reaped.ru_utime + reaped.ru_stime


class Steps:
    def __init__(self) -> None:
        self.on = False
        self.seen: dict[str, list[float]] = {}

    def add(self, label: str, before: tuple[float, float], start: float) -> None:
        if self.on:
            after = cpu()
            found = self.seen.setdefault(label, [0, 0.0, 0.0, 0.0])
            found[0] += 1
            found[1] += after[0] - before[0]
            found[2] += after[1] - before[1]
            found[3] += time.perf_counter() - start

    def timed(self, label: str, fn: Any) -> Any:
        @functools.wraps(fn)
        def step(*args: Any, **kwargs: Any) -> Any:
            before, start = cpu(), time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(label, before, start)

        return step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, required=True, help="update_runs.py prepare's folder")
    parser.add_argument("--code", default="", help="briefer source tree to run (default: the installed one)")
    parser.add_argument("--config-name", default="sources.yaml")
    parser.add_argument("--profile", type=Path, help="also write the update's cProfile here (pstats)")
    args = parser.parse_args()
    if args.code and os.environ.get("UPDATE_STAGES_CHILD") != "1":
        env = dict(os.environ, PYTHONPATH=args.code, UPDATE_STAGES_CHILD="1")
        sys.exit(subprocess.run([sys.executable, *sys.argv], env=env).returncode)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1736935200")  # update_runs.py's clock
    from briefer.tuning import one_blas_thread

    one_blas_thread()
    import importlib
    import logging
    from datetime import date

    from briefer import article_memo, cached, logs, render, store
    from briefer.config import load_config

    work = args.work / "stages"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(args.work / "ws", work, ignore=shutil.ignore_patterns("output", "store", ".briefer"))
    (work / "store").mkdir(exist_ok=True)
    logs.setup(logging.WARNING, "service", tag="brief")
    cached.preload()
    article_memo.keep_between_runs(True)
    render.prepare_pdf()
    steps = Steps()
    for name, functions in STEPS.items():
        module = importlib.import_module(name)
        for function in functions:
            setattr(module, function, steps.timed(f"{name.split('.')[-1]}.{function}", getattr(module, function)))
    complete = render.Edition.complete
    render.Edition.complete = steps.timed("render: the PDF awaited", complete)  # type: ignore[method-assign]
    later = store.RunMemory.later

    def kept_for_later(memory: Any, write: Any) -> None:
        here = Path(__file__).name
        where = [frame for frame in traceback.extract_stack(limit=8) if Path(frame.filename).name != here][-1]
        label = f"written later: {Path(where.filename).name}:{where.lineno} ({where.name})"
        later(memory, steps.timed(label, write))

    store.RunMemory.later = kept_for_later  # type: ignore[method-assign]
    from briefer import pipeline

    os.chdir(work)
    config = load_config(Path(args.config_name))
    day = date(2025, 1, 15)
    before, start = cpu(), time.perf_counter()
    pipeline.run(config, day, fresh=True)
    after = cpu()
    wall = time.perf_counter() - start
    print(f"cold: self {after[0] - before[0]:.2f} s, children {after[1] - before[1]:.2f} s, wall {wall:.1f} s")
    for path in (args.work / "new").rglob("*.txt"):
        shutil.copy2(path, work / "articles" / path.relative_to(args.work / "new"))
    steps.on = True
    # As the resident process makes its runs after the first (briefer.warm.update_executor, from session 37:
    # in the process, no child forked); a tree without it, with the config's executor.
    from briefer import warm

    chosen = getattr(warm, "update_executor", lambda *_: None)(config, 1, True)
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    load, before, start = os.getloadavg()[0], cpu(), time.perf_counter()
    if profiler is not None:
        profiler.enable()
    pipeline.run(config, day, executor=chosen)
    if profiler is not None:
        profiler.disable()
    after = cpu()
    if profiler is not None:
        profiler.dump_stats(args.profile)
    print(
        f"update: self {after[0] - before[0]:.2f} s, children {after[1] - before[1]:.2f} s, "
        f"wall {time.perf_counter() - start:.1f} s, load {load:.1f}->{os.getloadavg()[0]:.1f}"
    )
    for label, (calls, own, reaped, wall) in sorted(steps.seen.items(), key=lambda kv: -(kv[1][1] + kv[1][2])):
        print(f"  {label:48s} {int(calls):3d}x  self {own:5.2f}  children {reaped:5.2f}  wall {wall:5.2f}")


if __name__ == "__main__":
    main()
