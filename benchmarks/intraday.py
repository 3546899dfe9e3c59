"""What an intraday update costs a resident process that keeps its models loaded (issue 15).

``briefer schedule`` today starts a fresh process for every run, which imports
briefer and loads spaCy again; ``benchmarks/speed.py``'s ``new`` step measures
that (a ``briefer run`` subprocess). This measures the other case, in ONE
process: the day's cold run (empty store, models loaded on the way), then
``--new-fraction`` (10%) new synthetic articles added and the day run again in
the same process, as a resident scheduler that kept its models would run it.
Each run is timed in wall and CPU seconds (this process and its forked workers,
``getrusage``), with the stages' wall times from the run report.

    nice python benchmarks/intraday.py --data ../shared/data/bbc-news-summary/articles \\
        --themes ../shared/tools/bbc-themes.json

Workspaces go to ``--work`` (default ``benchmarks/work/``, git-ignored): they
hold third-party text, never commit them. Results: a JSON file under
``benchmarks/results/`` and a few lines on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workspace import add_new, make_workspace

HERE = Path(__file__).resolve().parent


def cpu_seconds() -> float:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def timed_run(config_path: Path, day: date) -> dict[str, Any]:
    from briefer.config import load_config
    from briefer.pipeline import run

    config = load_config(config_path)  # read again: a scheduler reads its config for every run
    wall, cpu = time.perf_counter(), cpu_seconds()
    _, report = run(config, day)
    return {
        "wall_s": round(time.perf_counter() - wall, 2),
        "cpu_s": round(cpu_seconds() - cpu, 2),
        "reused": report.reused,
        "kept": report.kept,
        "stages": {k: round(v, 2) for k, v in report.timings.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="folder of .txt articles (bbc-news-summary/articles)")
    parser.add_argument("--themes", type=Path, required=True, help="JSON {theme: [keywords]}, e.g. bbc-themes.json")
    parser.add_argument("--size", type=int, help="articles in the day (default: all of --data)")
    parser.add_argument("--new-fraction", type=float, default=0.1, help="share of new articles in the update")
    parser.add_argument("--day", default="2025-01-15", help="the briefing's day")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="where the workspace goes (git-ignored)")
    parser.add_argument("--out", type=Path, help="results file (default benchmarks/results/intraday-<time>.json)")
    args = parser.parse_args()

    ws = make_workspace(args.work / "intraday", args.data, args.themes, args.size)
    os.chdir(ws.root)
    day = date.fromisoformat(args.day)
    load_before = os.getloadavg()
    cold = timed_run(ws.config, day)
    print(f"cold   {cold['wall_s']:7.1f} s wall {cold['cpu_s']:7.1f} s cpu  {cold['stages']}", flush=True)
    added = add_new(ws, args.data, args.new_fraction)
    update = timed_run(ws.config, day)
    update["added"] = added
    print(f"update {update['wall_s']:7.1f} s wall {update['cpu_s']:7.1f} s cpu  {update['stages']}", flush=True)
    ratios = {
        "update_share_wall": round(update["wall_s"] / cold["wall_s"], 3),
        "update_share_cpu": round(update["cpu_s"] / cold["cpu_s"], 3),
    }
    print(f"{ws.count} articles, {added} new: {ratios} (target <= 0.3)")
    result = {
        "size": ws.count,
        "cold": cold,
        "update": update,
        "ratios": ratios,
        "load": [load_before, os.getloadavg()],
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or HERE / "results" / f"intraday-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results: {out}")


if __name__ == "__main__":
    main()
