"""An intraday update made by ``briefer schedule``'s resident process (``schedule.resident``, issue 15).

``benchmarks/intraday.py`` measures an update in one process that calls the
pipeline twice; this measures the real thing: ``briefer schedule`` (the
command, with its clock set by ``tests/clocked_schedule.py``, so that runs come
due when the script says) on a workspace of ``benchmarks/workspace.py``, with
``schedule.resident: true``. Its resident process loads the models before the
first run is due; run 1 briefs the day; ``--new-fraction`` new synthetic
articles are added; run 2, due 30 minutes later, briefs the day again in the
same process. The script reads the resident process's CPU time from
``/proc/<pid>/stat`` (user + system, and its reaped children: the pool's
workers, the PDF's process), before run 1, after it and after run 2, and its
memory between runs (RSS from its log line, PSS from ``smaps_rollup``).

Then the scheduler is stopped, the store and the output moved aside, and
``briefer run`` (a fresh process, as a cron line would start it) briefs the
same articles cold from an empty store: its CPU time is the yardstick (the
issue's "cold run", models loaded inside), and every file of its brief must
be the resident update's byte for byte, else the script exits 1.

    nice python benchmarks/resident.py --data ../shared/data/bbc-news-summary/articles \\
        --themes ../shared/tools/bbc-themes.json

Workspaces go to ``--work`` (default ``benchmarks/work/``, git-ignored): they
hold third-party text, never commit them. Results: a JSON file under
``benchmarks/results/`` and a few lines on stdout.
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workspace import add_new, make_workspace, update_arguments

HERE = Path(__file__).resolve().parent
CLOCKED = HERE.parent / "tests" / "clocked_schedule.py"
DUE = datetime(2025, 1, 15, 10, 0, tzinfo=UTC)
"""The first run's time (the day intraday.py briefs); the second comes 30 minutes later."""
TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and of the children it has reaped (``/proc/<pid>/stat``: utime, stime,
    cutime, cstime)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return sum(int(fields[k]) for k in (11, 12, 13, 14)) / TICKS


def pss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Scheduler:
    def __init__(self, root: Path, config: Path, log: Path, env: dict[str, str]) -> None:
        self.log_path = log
        self._log = log.open("wb")
        start = DUE - timedelta(seconds=2)
        self.process = subprocess.Popen(
            [sys.executable, str(CLOCKED), start.isoformat(), "schedule", "--config", str(config)],
            stdin=subprocess.PIPE,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            cwd=root,
            env=env,
        )

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_log(self, pattern: str, timeout: float = 1800) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            found = re.search(pattern, self.log)
            if found:
                return found
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"no {pattern!r} in the scheduler's log:\n{self.log[-3000:]}")
            time.sleep(0.2)

    def run_clock(self, moment: datetime) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"run {moment.isoformat()}\n".encode())
        self.process.stdin.flush()

    def stop(self) -> int:
        self.process.terminate()
        code = self.process.wait(120)
        self._log.close()
        return code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    update_arguments(parser)
    parser.add_argument("--work", type=Path, default=HERE / "work", help="where the workspace goes (git-ignored)")
    parser.add_argument("--out", type=Path, help="results file (default benchmarks/results/resident-<time>.json)")
    args = parser.parse_args()

    ws = make_workspace(args.work / "resident", args.data, args.themes, args.size)
    config = json.loads(ws.config.read_text().split("\n", 1)[1])
    config["schedule"] = {"cron": "0,30 10 * * *", "timezone": "UTC", "day": "current", "resident": True}
    ws.config.write_text(json.dumps(config, indent=2) + "\n")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SOURCE_DATE_EPOCH": str(int(DUE.timestamp()))}
    env.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the CLI sets them (briefer.tuning)
    env.setdefault("MKL_NUM_THREADS", "1")

    scheduler = Scheduler(ws.root, ws.config, ws.root / "scheduler.log", env)
    try:
        pid = int(scheduler.wait_log(r"resident brief process ready: models loaded \(pid (\d+)\)").group(1))
        loaded = process_cpu(pid)
        scheduler.wait_log(re.escape(f"next brief: {DUE.isoformat()}"))
        scheduler.run_clock(DUE)
        scheduler.wait_log(r"run 1 for \S+: ok")
        after_1 = process_cpu(pid)
        held_1 = scheduler.wait_log(r"resident brief process after run 1: (\d+) MB resident, (\d+) per-article")
        pss_1 = pss_mb(pid)
        added = add_new(ws, args.data, args.new_fraction)
        later = DUE + timedelta(minutes=30)
        scheduler.wait_log(re.escape(f"next brief: {later.isoformat()}"))
        scheduler.run_clock(later - timedelta(seconds=1))
        scheduler.wait_log(r"run 2 for \S+: ok")
        made_by = scheduler.wait_log(r"run 2: made by the resident process \(pid (\d+), its run 2\)")
        after_2 = process_cpu(pid)
        held_2 = scheduler.wait_log(r"resident brief process after run 2: (\d+) MB resident, (\d+) per-article")
        pss_2 = pss_mb(pid)
    finally:
        code = scheduler.stop()
    if int(made_by.group(1)) != pid or code != 0:
        raise SystemExit(f"run 2 was not made by the resident process {pid}, or the scheduler ended with {code}")

    day = DUE.date().isoformat()
    briefs = ws.output / day
    update = {str(p.relative_to(briefs)): p.read_bytes() for p in sorted(briefs.rglob("*")) if p.is_file()}
    aside = ws.root / "scheduled"
    shutil.rmtree(aside, ignore_errors=True)
    aside.mkdir()
    shutil.move(ws.output, aside / "output")
    for path in ws.store.parent.glob("store.sqlite*"):
        shutil.move(path, aside / path.name)
    command = [sys.executable, "-m", "briefer", "run", "--config", str(ws.config), "--date", day]
    before, wall = children_cpu(), time.perf_counter()
    done = subprocess.run(command, cwd=ws.root, env=env, capture_output=True, text=True)
    cold_cpu, cold_wall = children_cpu() - before, time.perf_counter() - wall
    if done.returncode != 0:
        raise SystemExit(f"the cold briefer run failed:\n{done.stdout}\n{done.stderr}")
    cold = {str(p.relative_to(briefs)): p.read_bytes() for p in sorted(briefs.rglob("*")) if p.is_file()}
    same = bool(update) and cold == update

    run_1, run_2 = after_1 - loaded, after_2 - after_1
    result: dict[str, Any] = {
        "size": ws.count,
        "added": added,
        "new_fraction": args.new_fraction,
        "resident_cpu_s": {"load": round(loaded, 2), "run_1": round(run_1, 2), "run_2": round(run_2, 2)},
        "resident_mb": {
            "after_run_1": {"rss": int(held_1.group(1)), "pss": round(pss_1), "results_kept": int(held_1.group(2))},
            "after_run_2": {"rss": int(held_2.group(1)), "pss": round(pss_2), "results_kept": int(held_2.group(2))},
        },
        "cold_briefer_run": {"cpu_s": round(cold_cpu, 2), "wall_s": round(cold_wall, 2)},
        "ratios": {
            "update_over_cold_run_cpu": round(run_2 / cold_cpu, 3),
            "update_over_run_1_cpu": round(run_2 / run_1, 3),
        },
        "same_files": same,
        "load": os.getloadavg(),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    print(f"{ws.count} articles, {added} new; resident process {pid}")
    print(f"  CPU s: models {loaded:.1f}, run 1 {run_1:.1f}, run 2 (the update) {run_2:.1f}")
    print(f"  cold briefer run (fresh process, empty store): {cold_cpu:.1f} s CPU, {cold_wall:.1f} s wall")
    print(f"  update / cold briefer run: {result['ratios']['update_over_cold_run_cpu']}")
    print(f"  resident process after run 1: {result['resident_mb']['after_run_1']}")
    print(f"  resident process after run 2: {result['resident_mb']['after_run_2']}")
    print(f"  every file of the brief {'identical' if same else 'DIFFERS'} to the cold run's")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or HERE / "results" / f"resident-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results: {out}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
