"""``update_runs.py``'s cold run and update on a day of ``--size`` articles, with the peak PSS (issue 15).

Issue 15's intraday target: an update that adds 1% new articles to a 50,000-article day costs at most 15%
of that day's cold run. ``update_runs.py prepare`` makes the BBC day as is (1,114 articles); this makes
the day with ``benchmarks/workspace.py``'s ``make_workspace(size=...)`` (synthetic articles beyond the
data) and ``--new-fraction`` new ones kept aside, in ``update_runs.py``'s layout (``WORK/ws``,
``WORK/new``), so that its steps run on it unchanged:

- ``prepare``: the workspace and the new articles (as ``update_runs.py prepare``, with a size);
- ``cold``, ``update``: as ``update_runs.py``'s (the same clock, the same snapshot and new-article
  handling, its ``restore``/``new_articles``/``keep_brief``), each ``briefer run`` measured by
  ``speed.measure``: wall, CPU of the process and its reaped children (``wait4``), peak PSS of the
  process tree (sampled every 0.2 s), the run's stage times;
- ``resident``: ``update_runs.resident`` as is (CPU of the resident process and its reaped children,
  over the update alone), with the peak PSS of this script's descendants sampled over the whole
  invocation (the scheduler, the resident process loading its models, the update).

Each step appends a JSON line to ``WORK/results.jsonl`` and prints it.

    nice -n 19 python benchmarks/update_50k.py prepare --work /tmp/m50k --size 50000 --new-fraction 0.01 \\
        --data ../shared/data/bbc-news-summary/articles --themes ../shared/tools/bbc-themes.json
    nice -n 19 python benchmarks/update_50k.py cold --work /tmp/m50k --code TREE --tag main
    nice -n 19 python benchmarks/update_50k.py update --work /tmp/m50k --code TREE --tag main
    nice -n 19 python benchmarks/update_50k.py resident --work /tmp/m50k --code TREE --tag main
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import speed
import update_runs
from workspace import add_new, make_workspace


def prepare(work: Path, data: Path, themes: Path, size: int, fraction: float) -> dict[str, Any]:
    ws = work / "ws"
    made = make_workspace(ws, data, themes, size)
    before = set(made.articles.rglob("*.txt"))
    add_new(made, data, fraction)
    for path in sorted(set(made.articles.rglob("*.txt")) - before):
        target = work / "new" / path.relative_to(made.articles)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
    new = len(list((work / "new").rglob("*.txt")))
    return {"step": "prepare", "articles": made.count, "synthetic": made.synthetic, "new": new}


def measured_run(work: Path, tree: str, label: str, extra: list[str]) -> dict[str, Any]:
    """``update_runs.run``'s command, clock and kept brief, measured by ``speed.measure``."""
    ws = work / "ws"
    speed.ENV.update(PYTHONPATH=tree, SOURCE_DATE_EPOCH=update_runs.EPOCH)
    speed.RUN_DIR[0] = ws
    cmd = [sys.executable, "-m", "briefer", "run", "--config", str(ws / "sources.yaml")]
    cmd += ["--date", update_runs.DAY, "-v", *extra]
    log = work / f"{label}.log"
    step = speed.measure(cmd, log)
    if step["returncode"]:
        sys.exit(f"{label}: exit {step['returncode']}\n{log.read_text(errors='replace')[-3000:]}")
    step["stages"] = speed.stage_times(log)
    update_runs.keep_brief(work, ws, label)
    return {"step": label, **step}


def descendants_pss(stop: threading.Event, peak: list[int]) -> None:
    me = os.getpid()
    while not stop.is_set():
        children = speed._children_map().get(me, [])
        peak[0] = max(peak[0], sum(speed.tree_memory(pid) for pid in children))
        time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["prepare", "cold", "update", "resident"])
    parser.add_argument("--work", type=Path, required=True, help="the workspace's folder (outside the repo)")
    parser.add_argument("--data", type=Path, help="prepare: folder of .txt articles")
    parser.add_argument("--themes", type=Path, help="prepare: JSON {theme: [keywords]}")
    parser.add_argument("--size", type=int, default=50000)
    parser.add_argument("--new-fraction", type=float, default=0.01)
    parser.add_argument("--code", default="", help="briefer source tree to run")
    parser.add_argument("--tag", default="tree", help="the snapshot's and results' name")
    args = parser.parse_args()
    work, ws = args.work, args.work / "ws"
    start = time.time()
    if args.step == "prepare":
        result = prepare(work, args.data, args.themes, args.size, args.new_fraction)
    elif args.step == "cold":
        update_runs.new_articles(work, False)
        for name in ("store", "output"):
            shutil.rmtree(ws / name, ignore_errors=True)
        (ws / "store").mkdir()
        result = measured_run(work, args.code, f"cold-{args.tag}", ["--fresh"])
        snapshot = work / f"snapshot-{args.tag}"
        shutil.rmtree(snapshot, ignore_errors=True)
        snapshot.mkdir()
        for name in ("store", "output"):
            shutil.copytree(ws / name, snapshot / name)
    elif args.step == "update":
        update_runs.restore(work, args.tag)
        update_runs.new_articles(work, True)
        try:
            result = measured_run(work, args.code, f"update-{args.tag}", [])
        finally:
            update_runs.new_articles(work, False)
    else:
        update_runs.restore(work, args.tag)
        stop, peak = threading.Event(), [0]
        sampler = threading.Thread(target=descendants_pss, args=(stop, peak), daemon=True)
        sampler.start()
        try:
            cpu = update_runs.resident(work, args.code, f"resident-{args.tag}", False)
        finally:
            stop.set()
            sampler.join()
        result = {"step": f"resident-{args.tag}", "cpu_s": round(cpu, 2), "peak_tree_mb_invocation": peak[0] / 2**20}
    result["elapsed_s"] = round(time.time() - start, 1)
    result["utc"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    line = json.dumps(result)
    with (work / "results.jsonl").open("a") as out:
        out.write(line + "\n")
    print(line, flush=True)


if __name__ == "__main__":
    main()
