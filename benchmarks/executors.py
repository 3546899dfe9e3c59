"""The per-article stages on each executor, on the same workspace: in-process, forked workers, spawned pool, Dask.

    python benchmarks/executors.py --config benchmarks/work/ws-all/sources.yaml --date 2025-01-15

Each executor builds the day once with an empty store (``fresh``), so every
article is extracted, analysed and summarized on it; the time includes
starting the workers (forked children, spawned processes, or the
LocalCluster's worker processes) and their loading spaCy; the LocalCluster's
own start is printed apart. The briefs are compared: all executors
must give the same themes, articles and summaries.
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date
from pathlib import Path

from briefer.config import load_config
from briefer.executor import DaskExecutor, Executor, ForkPool, InProcess, ProcessPool, can_fork
from briefer.pipeline import build


def _signature(briefing: object) -> str:
    themes = getattr(briefing, "themes", ())
    return repr([(t.name, [(a.article.id, [s.text for s in a.summary]) for a in t.articles]) for t in themes])


def measure(name: str, executor: Executor, config_path: Path, day: date) -> tuple[float, str]:
    config = load_config(config_path)
    start = time.perf_counter()
    try:
        briefing, _ = build(config, day, fresh=True, executor=executor)
    finally:
        executor.close()
    elapsed = time.perf_counter() - start
    print(f"{name:<24} {elapsed:7.1f} s  load {os.getloadavg()[0]:.2f}", flush=True)
    return elapsed, _signature(briefing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--date", type=date.fromisoformat, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    results = {"in-process": measure("in-process", InProcess(), args.config, args.date)}
    if can_fork():
        results["fork"] = measure(
            f"forked workers ({args.workers})", ForkPool(args.workers, min_items=1), args.config, args.date
        )
    results["process pool"] = measure(
        f"spawned pool ({args.workers})", ProcessPool(args.workers, min_items=1), args.config, args.date
    )
    start = time.perf_counter()
    with (
        LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        print(f"{'(LocalCluster start)':<24} {time.perf_counter() - start:7.1f} s", flush=True)
        results["dask"] = measure(f"dask LocalCluster ({args.workers})", DaskExecutor(client), args.config, args.date)
    same = len({signature for _, signature in results.values()}) == 1
    print("same brief on every executor:", same)
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
