"""An intraday update in a new process against the same day cold, on one fixed workspace (issue 15).

``speed.py --steps cold,new`` makes a new workspace per invocation, and the new articles' files get
the time they are written (their date, when the text has none): two trees' updates do not brief the
same articles. Here the workspace and the new articles are made once (``prepare``), and each step
runs ``briefer run`` from a tree (``--code``, put first on ``PYTHONPATH``) with the clock fixed
(``SOURCE_DATE_EPOCH``):

- ``cold``: the day without the new articles, from an empty store (``--fresh``); the store and the
  output are then kept aside as the tree's snapshot (``--tag``);
- ``update``: the snapshot put back, the new articles copied in (their times kept), ``briefer run``;
- ``ref``: the same with ``--fresh``: the same store and the same articles, nothing read from the
  store's caches. Its briefing.json (``generated_at`` blanked) and briefing.md must be the update's
  byte for byte.
- ``resident``: the update made by ``briefer schedule``'s resident process (``schedule.resident``,
  the scheduler's clock set by ``tests/clocked_schedule.py``) started on the snapshot: its models
  loaded and WeasyPrint imported before the run is due (not counted), nothing of the day in its
  memory: what it reuses it reads from the store, as ``update`` does. CPU: the resident process and
  the children it reaped (the PDF's, the pool's), from ``/proc``, over the run alone. With
  ``--after-day`` it first briefs the day without the new articles from an empty store (a resident
  process's first run of the day, the cold run), then the update in the same process: the day's
  per-article results are then in its memory (``benchmarks/resident.py`` measures that case against a
  cold run of its own workspace).

Each step prints its CPU time (user + system, children included), wall time, load and the run's
stage times; the edition's files go to ``WORK/res/<step>-<tag>/``. ``--config-name sources1.yaml``
runs a copy of the config with ``executor: {processes: 1}`` (made by ``prepare``).

    python benchmarks/update_runs.py prepare --work /tmp/upd --data ../shared/data/bbc-news-summary/articles \\
        --themes ../shared/tools/bbc-themes.json
    python benchmarks/update_runs.py cold --work /tmp/upd --code TREE --tag main
    python benchmarks/update_runs.py update --work /tmp/upd --code TREE --tag main
    python benchmarks/update_runs.py ref --work /tmp/upd --code TREE --tag main
    python benchmarks/update_runs.py resident --work /tmp/upd --code TREE --tag main [--after-day]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from resident import Scheduler, process_cpu
from workspace import add_new, make_workspace

DAY = "2025-01-15"
EPOCH = "1736935200"  # 2025-01-15 10:00 UTC


def run(work: Path, tree: str, label: str, extra: list[str], config: str) -> float:
    ws = work / "ws"
    env = dict(os.environ, PYTHONPATH=tree, SOURCE_DATE_EPOCH=EPOCH)
    cmd = [sys.executable, "-m", "briefer", "run", "--config", str(ws / config), "--date", DAY, "-v", *extra]
    before_load = os.getloadavg()[0]
    start, used = time.time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, env=env, cwd=ws, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.time() - start
    cpu = (after.ru_utime - used.ru_utime) + (after.ru_stime - used.ru_stime)
    (work / f"{label}.log").write_text(done.stdout + done.stderr)
    if done.returncode:
        sys.exit(f"{label}: exit {done.returncode}\n{done.stderr[-3000:]}")
    stages = [line for line in (done.stdout + done.stderr).splitlines() if "time:" in line][-1:]
    keep_brief(work, ws, label)
    print(f"{label}: cpu {cpu:.1f} s wall {wall:.1f} s load {before_load:.1f}->{os.getloadavg()[0]:.1f} {stages}")
    return cpu


def keep_brief(work: Path, ws: Path, label: str) -> None:
    """The step's analyst edition, kept under ``res/<label>``, with its ``briefing.json`` once more without
    the time it was made (``briefing.blank.json``): the steps' briefs compared byte for byte."""
    out = work / "res" / label
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(ws / "output" / DAY / "analyst", out)
    brief = json.loads((out / "briefing.json").read_text())
    brief["generated_at"] = ""
    (out / "briefing.blank.json").write_text(json.dumps(brief, ensure_ascii=False, sort_keys=True))


def nth(scheduler: Scheduler, pattern: str, count: int, timeout: float = 1800) -> re.Match[str]:
    """The ``count``-th line of the scheduler's log that matches ``pattern``, once it is there (the run
    ids are the store's: the snapshot's store has the cold run's)."""
    deadline = time.monotonic() + timeout
    while True:
        found = list(re.finditer(pattern, scheduler.log))
        if len(found) >= count:
            return found[count - 1]
        if scheduler.process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"no {pattern!r} ({count}) in the scheduler's log:\n{scheduler.log[-3000:]}")
        time.sleep(0.2)


def resident(work: Path, tree: str, label: str, after_day: bool) -> float:
    """The update made by a resident ``briefer schedule`` process (see the module's description)."""
    ws = work / "ws"
    config = json.loads((ws / "sources.yaml").read_text().split("\n", 1)[1])
    config["schedule"] = {"cron": "0,30 10 * * *", "timezone": "UTC", "day": "current", "resident": True}
    (ws / "resident.yaml").write_text(json.dumps(config, indent=2) + "\n")
    env = dict(os.environ, PYTHONPATH=tree, SOURCE_DATE_EPOCH=EPOCH, PYTHONUNBUFFERED="1")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the CLI sets them (briefer.tuning)
    env.setdefault("MKL_NUM_THREADS", "1")
    due = datetime.fromtimestamp(int(EPOCH), UTC)
    scheduler = Scheduler(ws, ws / "resident.yaml", work / f"{label}.log", env)  # its clock: due - 2 s
    try:
        pid = int(scheduler.wait_log(r"resident brief process ready: models loaded \(pid (\d+)\)").group(1))
        moment, runs = due, 0
        scheduler.wait_log(re.escape(f"next brief: {moment.isoformat()}"))
        if after_day:
            scheduler.run_clock(moment)
            nth(scheduler, r"resident brief process after run \d+:", 1)
            runs, moment = 1, moment + timedelta(minutes=30)
            scheduler.wait_log(re.escape(f"next brief: {moment.isoformat()}"))
        new_articles(work, True)
        before_load, start = os.getloadavg()[0], time.time()
        before = process_cpu(pid)
        scheduler.run_clock(moment - timedelta(seconds=1) if runs else moment)
        nth(scheduler, r"resident brief process after run \d+:", runs + 1)  # logged once the run is done
        cpu, wall = process_cpu(pid) - before, time.time() - start
        nth(scheduler, r"run \d+ for \S+: ok", runs + 1)
        # One process made every run: no other was started (one "ready" line), none replaced it.
        alone = len(re.findall(r"brief process ready", scheduler.log)) == 1 and "fresh resident" not in scheduler.log
    finally:
        code = scheduler.stop()
        new_articles(work, False)
    if not alone or code != 0:
        sys.exit(f"{label}: the run was not made by the resident process {pid}, or the scheduler ended with {code}")
    keep_brief(work, ws, label)
    print(f"{label}: cpu {cpu:.1f} s wall {wall:.1f} s load {before_load:.1f}->{os.getloadavg()[0]:.1f}")
    return cpu


def new_articles(work: Path, on: bool) -> None:
    for path in (work / "new").rglob("*.txt"):
        there = work / "ws" / "articles" / path.relative_to(work / "new")
        if on:
            shutil.copy2(path, there)
        else:
            there.unlink(missing_ok=True)


def restore(work: Path, tag: str) -> None:
    ws, snapshot = work / "ws", work / f"snapshot-{tag}"
    for name in ("store", "output"):
        shutil.rmtree(ws / name, ignore_errors=True)
        shutil.copytree(snapshot / name, ws / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["prepare", "cold", "update", "ref", "resident"])
    parser.add_argument("--work", type=Path, required=True, help="the workspace's folder (outside the repo)")
    parser.add_argument("--data", type=Path, help="prepare: folder of .txt articles")
    parser.add_argument("--themes", type=Path, help="prepare: JSON {theme: [keywords]}")
    parser.add_argument("--new-fraction", type=float, default=0.1)
    parser.add_argument("--code", default="", help="briefer source tree to run")
    parser.add_argument("--tag", default="tree", help="the snapshot's and results' name")
    parser.add_argument("--config-name", default="sources.yaml")
    parser.add_argument("--after-day", action="store_true", help="resident: brief the day cold first, same process")
    args = parser.parse_args()
    work, ws = args.work, args.work / "ws"
    if args.step == "prepare":
        made = make_workspace(ws, args.data, args.themes)
        before = set(made.articles.rglob("*.txt"))
        add_new(made, args.data, args.new_fraction)
        for path in sorted(set(made.articles.rglob("*.txt")) - before):
            target = work / "new" / path.relative_to(made.articles)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
        text = made.config.read_text()
        (ws / "sources1.yaml").write_text(text.replace('"output":', '"executor": {"processes": 1},\n  "output":', 1))
        print(f"{ws}: {made.count} articles, {len(list((work / 'new').rglob('*.txt')))} new ones in {work / 'new'}")
        return
    if args.step == "cold":
        new_articles(work, False)
        for name in ("store", "output"):
            shutil.rmtree(ws / name, ignore_errors=True)
        (ws / "store").mkdir()
        run(work, args.code, f"cold-{args.tag}", ["--fresh"], args.config_name)
        snapshot = work / f"snapshot-{args.tag}"
        shutil.rmtree(snapshot, ignore_errors=True)
        snapshot.mkdir()
        for name in ("store", "output"):
            shutil.copytree(ws / name, snapshot / name)
        return
    if args.step == "resident":
        if args.after_day:
            new_articles(work, False)
            for name in ("store", "output"):
                shutil.rmtree(ws / name, ignore_errors=True)
            (ws / "store").mkdir()
        else:
            restore(work, args.tag)
        resident(work, args.code, f"resident{'-day' if args.after_day else ''}-{args.tag}", args.after_day)
        return
    restore(work, args.tag)
    new_articles(work, True)
    try:
        run(work, args.code, f"{args.step}-{args.tag}", ["--fresh"] if args.step == "ref" else [], args.config_name)
    finally:
        new_articles(work, False)


if __name__ == "__main__":
    main()
