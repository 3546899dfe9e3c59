"""Speed and memory of ``briefer run`` against the yardstick, in one invocation.

For each size, a workspace is made from the articles of ``--data`` (see
``benchmarks/workspace.py``), then each step runs as a subprocess, measured
for wall time, CPU time (user + system, children included), the peak RSS of
the largest process (``wait4``) and the peak memory of the whole process tree
(PSS summed over the process and its descendants, sampled every 0.2 s: what
worker processes cost together), with the load average before and after:

- ``naive``: the yardstick, ``python NAIVE ARTICLES THEMES OUT`` (only at sizes
  up to ``--naive-max``; it is the slow one);
- ``cold``: ``briefer run`` with an empty store (the store file deleted;
  ``--fresh`` passed too when the CLI has it), all formats of the analyst edition;
- ``warm``: the same day again, nothing new;
- ``pdf``: in one process, the day built from the warm store, then the analyst
  edition rendered alone as pdf, md and json, each timed (PDF time apart);
- ``one``: one new synthetic article added, run again: what any day that changed
  pays, however little changed (start-up, spaCy, the day's themes and stories,
  the PDF);
- ``new``: ``--new-fraction`` (10%) new synthetic articles added, run again.

``--profile`` adds a cold and a warm run under pyinstrument (not timed: the
profiler slows the run down) and saves each profile as text, tree and flat
(self time), under ``benchmarks/results/``.

Results: ``benchmarks/results/<label>-<time>.json`` and a table on stdout.
Generated workspaces go to ``--work`` (default ``benchmarks/work/``, git-ignored):
they hold third-party text, never commit them.

    python benchmarks/speed.py --data ../shared/data/bbc-news-summary/articles \
        --themes ../shared/tools/bbc-themes.json --label before            # the data as is
    python benchmarks/speed.py ... --sizes 1000,5000,20000 --skip-naive   # scaling
    python benchmarks/speed.py --table benchmarks/results/before-....json  # the table again
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import floors
from workspace import AUDIENCE, Workspace, add_new, make_workspace

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
DEFAULT_WORK = REPO / "benchmarks" / "work"
DEFAULT_NAIVE = REPO.parent / "shared" / "tools" / "naive_brief.py"
DEFAULT_DAY = "2025-01-15"
STEPS = ("naive", "cold", "warm", "pdf", "one", "new")
PAGE = os.sysconf("SC_PAGE_SIZE")
ENV = dict(os.environ)  # --code puts another briefer source tree first on PYTHONPATH
RUN_DIR = [REPO]  # subprocesses run here: `python -m` puts the current folder first on sys.path
TARGETS = {"cold_speedup": 10.0, "warm_speedup": 50.0, "cold_peak_mb": 1024.0, "new_share": 0.1}

# ---------------------------------------------------------------- measuring


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _memory(pid: int) -> int:
    """PSS of one process in bytes (RSS when smaps_rollup is not readable)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE
    except OSError:
        return 0


def tree_memory(root: int) -> int:
    """Memory of ``root`` and every descendant, in bytes (PSS: shared pages counted once)."""
    children = _children_map()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _memory(pid)
        todo.extend(children.get(pid, ()))
    return total


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def measure(cmd: list[str], log: Path, *, timeout: float | None = None) -> dict[str, Any]:
    """Run ``cmd``, stdout and stderr to ``log``; wall, CPU, peak RSS (largest process), peak tree memory."""
    log.parent.mkdir(parents=True, exist_ok=True)
    before = load()
    peak_tree = 0
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=ENV, cwd=RUN_DIR[0])
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak_tree = max(peak_tree, tree_memory(proc.pid))
            if timeout and time.perf_counter() - start > timeout:
                proc.kill()
            time.sleep(0.2)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "cmd": [str(c) for c in cmd],
        "returncode": proc.returncode,
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # the largest single process (KiB on Linux)
        "peak_tree_mb": round(peak_tree / 2**20, 1),  # sampled; every process of the run together
        "load_before": before,
        "load_after": load(),
        "log": str(log),
    }


def stage_times(log: str | Path) -> dict[str, float]:
    """The ``time: gather 0.08 s, extract ...`` line that ``briefer run -v`` logs, as a dict."""
    found: dict[str, float] = {}
    for line in Path(log).read_text(errors="replace").splitlines():
        if " time: " in line:
            for part in line.split(" time: ", 1)[1].split(", "):
                stage, _, seconds = part.partition(" ")
                found[stage] = float(seconds.removesuffix(" s"))
    return found


def peak_mb(step: dict[str, Any]) -> float:
    return max(step.get("peak_rss_mb", 0.0), step.get("peak_tree_mb", 0.0))


# ---------------------------------------------------------------- briefer


def cli_has_fresh(python: str) -> bool:
    cmd = [python, "-m", "briefer", "run", "--help"]
    result = subprocess.run(cmd, capture_output=True, text=True, env=ENV, cwd=RUN_DIR[0])
    return "--fresh" in result.stdout


def briefer_cmd(python: str, ws: Workspace, day: str, extra: list[str] | None = None) -> list[str]:
    return [python, "-m", "briefer", "run", "--config", str(ws.config), "--date", day, *(extra or [])]


def clear_store(ws: Workspace) -> None:
    for path in ws.store.parent.glob(ws.store.name + "*"):
        path.unlink()
    shutil.rmtree(ws.output, ignore_errors=True)


def edition(ws: Workspace, day: str) -> Path:
    return ws.output / day / AUDIENCE


def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader

        return len(PdfReader(path).pages)
    except Exception:  # pypdf missing or a broken file: the figure is simply absent
        return None


def brief_facts(folder: Path) -> dict[str, Any]:
    """What the edition holds: articles, themes, merges and drops (from briefing.json), PDF pages and sizes."""
    facts: dict[str, Any] = {}
    data_file = folder / "briefing.json"
    if data_file.exists():
        data = json.loads(data_file.read_text())
        ids = {a["id"] for t in data.get("themes", []) for a in t.get("articles", [])}
        reasons = Counter(d.get("reason", "?") for d in data.get("dropped", []))
        facts.update(
            articles=len(ids),
            themes={t["name"]: len(t.get("articles", [])) for t in data.get("themes", [])},
            stories=sum(len(t.get("stories", [])) for t in data.get("themes", [])),
            dropped=dict(reasons),
            merged=sum(n for r, n in reasons.items() if r.startswith("duplicate")),
        )
    pdf = folder / "briefing.pdf"
    if pdf.exists():
        facts["pdf_pages"] = pdf_pages(pdf)
    facts["bytes"] = {p.name: p.stat().st_size for p in sorted(folder.glob("briefing.*"))}
    return facts


def naive_facts(out: Path) -> dict[str, Any]:
    pdf = out / "briefing.pdf"
    return {"pdf_pages": pdf_pages(pdf) if pdf.exists() else None}


PDF_PROBE = """
import json, sys, time
from datetime import date
from briefer.config import load_config
from briefer.pipeline import build, render_all, select_audiences
config = load_config(sys.argv[1])
t = time.perf_counter()
briefing, _ = build(config, date.fromisoformat(sys.argv[2]))
out = {"build_s": round(time.perf_counter() - t, 2)}
audiences = select_audiences(config, [sys.argv[3]])
for fmt in ("pdf", "md", "json"):
    t = time.perf_counter()
    editions = render_all(briefing, config, audiences, [fmt])
    out[fmt + "_s"] = round(time.perf_counter() - t, 2)
    out[fmt + "_bytes"] = sum(len(c) for e in editions for c in e.files.values())
print("PDF_PROBE " + json.dumps(out))
"""


def pdf_probe(python: str, ws: Workspace, day: str, logs: Path, timeout: float | None) -> dict[str, Any]:
    """Build from the warm store, then time each format of the analyst edition alone (in memory)."""
    step = measure([python, "-c", PDF_PROBE, str(ws.config), day, AUDIENCE], logs / "pdf.log", timeout=timeout)
    for line in Path(step["log"]).read_text(errors="replace").splitlines():
        if line.startswith("PDF_PROBE "):
            step.update(json.loads(line.removeprefix("PDF_PROBE ")))
    return step


def profile(python: str, ws: Workspace, day: str, stem: Path, logs: Path, timeout: float | None) -> dict[str, str]:
    """A pyinstrument run, saved as a session, a text tree and a flat (self time) listing."""
    session = stem.with_suffix(".pyisession")
    cmd = [python, "-m", "pyinstrument", "-r", "pyisession", "-o", str(session), "-m", "briefer"]
    cmd += briefer_cmd(python, ws, day, ["-q"])[3:]
    measure(cmd, logs / f"{stem.name}.log", timeout=timeout)
    tree, flat = stem.with_suffix(".txt"), stem.with_suffix(".flat.txt")
    pyi = [python, "-m", "pyinstrument", "--load", str(session), "-r", "text", "-p", "color=false"]
    subprocess.run([*pyi, "-p", "unicode=true", "-o", str(tree)], check=False, env=ENV, cwd=RUN_DIR[0])
    subprocess.run([*pyi, "-p", "flat=true", "-o", str(flat)], check=False, env=ENV, cwd=RUN_DIR[0])
    return {"session": str(session), "tree": str(tree), "flat": str(flat)}


# ---------------------------------------------------------------- one size


def run_size(args: argparse.Namespace, size: int | None, stamp: str) -> dict[str, Any]:
    name = f"ws-{size or 'all'}"
    ws = make_workspace(args.work / name, args.data, args.themes, size)
    logs = args.work / "logs" / f"{stamp}-{name}"
    result: dict[str, Any] = {"size": ws.count, "synthetic": ws.synthetic, "workspace": str(ws.root), "steps": {}}
    steps = result["steps"]
    fresh = ["--fresh"] if cli_has_fresh(args.python) else []
    print(f"\n== {ws.count} articles ({ws.synthetic} synthetic) in {ws.root}; load {load()}", flush=True)

    def done(step: str) -> None:
        s = steps[step]
        print(f"  {step:<6} {s['wall_s']:>8.1f} s  peak {peak_mb(s):>7.0f} MB  rc {s['returncode']}", flush=True)
        if s.get("stages"):
            print("         " + ", ".join(f"{k} {v:.2f}" for k, v in s["stages"].items()), flush=True)

    if "naive" in args.steps and not args.skip_naive and ws.count <= args.naive_max:
        out = args.work / f"naive-{name}"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [args.python, str(args.naive), str(ws.articles), str(args.themes), str(out)]
        steps["naive"] = measure(cmd, logs / "naive.log", timeout=args.timeout) | naive_facts(out)
        done("naive")
    if "cold" in args.steps:
        clear_store(ws)
        cmd = briefer_cmd(args.python, ws, args.day, [*fresh, "-v"])
        steps["cold"] = measure(cmd, logs / "cold.log", timeout=args.timeout)
        steps["cold"] |= brief_facts(edition(ws, args.day)) | {"stages": stage_times(steps["cold"]["log"])}
        done("cold")
    if "warm" in args.steps:
        steps["warm"] = measure(briefer_cmd(args.python, ws, args.day, ["-v"]), logs / "warm.log", timeout=args.timeout)
        steps["warm"] |= brief_facts(edition(ws, args.day)) | {"stages": stage_times(steps["warm"]["log"])}
        done("warm")
    if "pdf" in args.steps:
        steps["pdf"] = pdf_probe(args.python, ws, args.day, logs, args.timeout)
        done("pdf")
    if args.profile:
        stem = RESULTS / f"profile-{args.label}-{ws.count}"
        clear_store(ws)
        result["profile_cold"] = profile(args.python, ws, args.day, stem.with_name(stem.name + "-cold"), logs, None)
        result["profile_warm"] = profile(args.python, ws, args.day, stem.with_name(stem.name + "-warm"), logs, None)
        print(f"  profiles: {result['profile_cold']['tree']}, {result['profile_warm']['tree']}", flush=True)
    # Articles added to the day, then briefer run again: one new article, then 10% more.
    for step, add in (
        ("one", lambda: add_new(ws, args.data, count=1, prefix="one")),
        ("new", lambda: add_new(ws, args.data, args.new_fraction)),
    ):
        if step not in args.steps:
            continue
        added = add()
        cmd = briefer_cmd(args.python, ws, args.day, ["-v"])
        steps[step] = measure(cmd, logs / f"{step}.log", timeout=args.timeout)
        steps[step] |= brief_facts(edition(ws, args.day)) | {"added": added}
        steps[step]["stages"] = stage_times(steps[step]["log"])
        done(step)
    result["ratios"] = ratios(steps)
    if not args.keep:
        shutil.rmtree(ws.root, ignore_errors=True)
    return result


def ratios(steps: dict[str, Any]) -> dict[str, float]:
    out: dict[str, float] = {}
    naive, cold, warm, new = (steps.get(k, {}).get("wall_s") for k in ("naive", "cold", "warm", "new"))
    if naive and cold:
        out["cold_speedup"] = round(naive / cold, 2)
    if naive and warm:
        out["warm_speedup"] = round(naive / warm, 2)
    if cold and new:
        out["new_share"] = round(new / cold, 3)
    one = steps.get("one", {}).get("wall_s")
    if cold and one:
        out["one_share"] = round(one / cold, 3)  # the floor of a day that changed
    # The same on CPU time (user + system): less sensitive to the load of a shared machine, but
    # blind to parallelism (worker processes add CPU time while they save wall time).
    cpu = {k: steps.get(k, {}).get("cpu_s") for k in ("naive", "cold", "warm", "new")}
    if cpu["naive"] and cpu["cold"]:
        out["cold_speedup_cpu"] = round(cpu["naive"] / cpu["cold"], 2)
    if cpu["naive"] and cpu["warm"]:
        out["warm_speedup_cpu"] = round(cpu["naive"] / cpu["warm"], 2)
    if cpu["cold"] and cpu["new"]:
        out["new_share_cpu"] = round(cpu["new"] / cpu["cold"], 3)
    if "cold" in steps:
        out["cold_peak_mb"] = peak_mb(steps["cold"])
    return out


# ---------------------------------------------------------------- output


def table(results: list[dict[str, Any]]) -> str:
    head = f"{'articles':>8} {'step':<6} {'wall s':>8} {'cpu s':>8} {'rss MB':>7} {'tree MB':>7} {'pages':>5}"
    lines = [head + "  load before/after", "-" * (len(head) + 20)]
    for r in results:
        for name in STEPS:
            s = r["steps"].get(name)
            if not s:
                continue
            pages = s.get("pdf_pages")
            extra = f"  pdf {s['pdf_s']} s" if "pdf_s" in s else ""
            lines.append(
                f"{r['size']:>8} {name:<6} {s['wall_s']:>8.1f} {s['cpu_s']:>8.1f} {s['peak_rss_mb']:>7.0f}"
                f" {s['peak_tree_mb']:>7.0f} {pages if pages is not None else '':>5}"
                f"  {s['load_before'][0]}/{s['load_after'][0]}{extra}{'' if s['returncode'] == 0 else '  FAILED'}"
            )
        for key, value in r["ratios"].items():
            if key not in TARGETS:
                note = " (CPU time: for comparison under load)" if key.endswith("_cpu") else ""
                lines.append(f"{'':>8} {key} = {value}{note}")
                continue
            target = TARGETS[key]
            ok = value <= target if key == "cold_peak_mb" else value >= target if "speedup" in key else None
            mark = "" if ok is None else ("  ok" if ok else "  MISSED")
            sign = "<=" if key == "cold_peak_mb" else "~" if ok is None else ">="
            lines.append(f"{'':>8} {key} = {value} (target {sign} {target}){mark}")
    return "\n".join(lines)


def git(*args: str, cwd: Path = REPO) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    return result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    if len(sys.argv) == 3 and sys.argv[1] == "--table":  # print the table of a results file again
        results = json.loads(Path(sys.argv[2]).read_text())["results"]
        for r in results:
            r["ratios"] = ratios(r["steps"])
        print(table(results))
        return
    parser.add_argument("--data", type=Path, required=True, help="folder of .txt articles (bbc-news-summary/articles)")
    parser.add_argument("--themes", type=Path, required=True, help="JSON {theme: [keywords]}, e.g. bbc-themes.json")
    parser.add_argument("--sizes", default="all", help="comma-separated article counts; 'all' = the data as is")
    parser.add_argument("--steps", default=",".join(STEPS), help=f"subset of {','.join(STEPS)}")
    parser.add_argument("--naive", type=Path, default=DEFAULT_NAIVE, help="the yardstick script")
    parser.add_argument("--skip-naive", action="store_true", help="do not run the yardstick")
    parser.add_argument("--naive-max", type=int, default=1200, help="run the yardstick only up to this many articles")
    parser.add_argument("--new-fraction", type=float, default=0.1, help="share of new articles for the 'new' step")
    parser.add_argument("--profile", action="store_true", help="also profile a cold and a warm run (pyinstrument)")
    parser.add_argument("--label", default="run", help="name of the results file (before, after, ...)")
    parser.add_argument("--day", default=DEFAULT_DAY, help="--date given to briefer run")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="where workspaces go (git-ignored)")
    parser.add_argument("--keep", action="store_true", help="keep the workspaces after the run")
    parser.add_argument("--timeout", type=float, help="kill a step after this many seconds")
    parser.add_argument("--python", default=sys.executable, help="interpreter with briefer (and the yardstick's libs)")
    parser.add_argument(
        "--code",
        type=Path,
        help="briefer source tree to measure (put first on PYTHONPATH), e.g. a clean `git worktree` of a commit; "
        "default: the installed briefer",
    )
    parser.add_argument("--out", type=Path, help="results file (default benchmarks/results/<label>-<time>.json)")
    parser.add_argument(
        "--floors",
        action="store_true",
        help="check floors.json's speed section (exit 1 below it): for the held-out data, ECB+ as written by "
        "benchmarks/ecb_articles.py, with the naive, cold, warm and new steps",
    )
    args = parser.parse_args()
    args.steps = {s.strip() for s in args.steps.split(",") if s.strip()}
    unknown = args.steps - set(STEPS)
    if unknown:
        parser.error(f"unknown step(s): {', '.join(sorted(unknown))}")
    if "naive" in args.steps and not args.skip_naive and not args.naive.exists():
        parser.error(f"{args.naive}: no yardstick script (pass --naive PATH or --skip-naive)")
    sizes = [None if s.strip() == "all" else int(s) for s in args.sizes.split(",") if s.strip()]
    args.data, args.themes, args.work = args.data.resolve(), args.themes.resolve(), args.work.resolve()
    code = REPO
    if args.code:
        code = args.code.resolve()
        if not (code / "briefer" / "__init__.py").exists():
            parser.error(f"{code}: no briefer/ package there")
        RUN_DIR[0] = code
        ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), ENV.get("PYTHONPATH")]))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    meta = {
        "label": args.label,
        "started": stamp,
        "code": str(code),
        "commit": git("rev-parse", "--short", "HEAD", cwd=code),
        "dirty": bool(git("status", "--porcelain", "--", "briefer", cwd=code)),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
        "data": str(args.data),
        "themes": str(args.themes),
        "day": args.day,
    }
    print(f"{meta['label']} at {meta['commit']}{' (briefer/ modified)' if meta['dirty'] else ''}: {meta['uptime']}")
    results = [run_size(args, size, stamp) for size in sizes]
    meta["uptime_end"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    out = args.out or RESULTS / f"{args.label}-{stamp}.json"
    out.write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n")
    print()
    print(table(results))
    print(f"\nload at the end: {meta['uptime_end']}\nresults: {out}")
    if args.floors:
        failures = [f for r in results for f in floors.check("speed", floor_figures(r["ratios"]))]
        for failure in failures:
            print("BELOW FLOOR:", failure)
        if failures:
            raise SystemExit(1)


def floor_figures(found: dict[str, float]) -> dict[str, float]:
    """The ratios under floors.json's names: CPU-time ratios (the wall-time ones swing with the load of
    a shared machine), and ``_max`` for the figures that must stay under a ceiling."""
    names = {
        "cold_speedup_cpu": "cold_speedup_cpu",
        "warm_speedup_cpu": "warm_speedup_cpu",
        "new_share_cpu": "new_share_cpu_max",
        "cold_peak_mb": "cold_peak_mb_max",
    }
    return {names[key]: value for key, value in found.items() if key in names}


if __name__ == "__main__":
    main()
