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

Each step prints its CPU time (user + system, children included), wall time, load and the run's
stage times; the edition's files go to ``WORK/res/<step>-<tag>/``. ``--config-name sources1.yaml``
runs a copy of the config with ``executor: {processes: 1}`` (made by ``prepare``).

    python benchmarks/update_runs.py prepare --work /tmp/upd --data ../shared/data/bbc-news-summary/articles \\
        --themes ../shared/tools/bbc-themes.json
    python benchmarks/update_runs.py cold --work /tmp/upd --code TREE --tag main
    python benchmarks/update_runs.py update --work /tmp/upd --code TREE --tag main
    python benchmarks/update_runs.py ref --work /tmp/upd --code TREE --tag main
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

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
    out = work / "res" / label
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(ws / "output" / DAY / "analyst", out)
    brief = json.loads((out / "briefing.json").read_text())
    brief["generated_at"] = ""
    (out / "briefing.blank.json").write_text(json.dumps(brief, ensure_ascii=False, sort_keys=True))
    print(f"{label}: cpu {cpu:.1f} s wall {wall:.1f} s load {before_load:.1f}->{os.getloadavg()[0]:.1f} {stages}")
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
    parser.add_argument("step", choices=["prepare", "cold", "update", "ref"])
    parser.add_argument("--work", type=Path, required=True, help="the workspace's folder (outside the repo)")
    parser.add_argument("--data", type=Path, help="prepare: folder of .txt articles")
    parser.add_argument("--themes", type=Path, help="prepare: JSON {theme: [keywords]}")
    parser.add_argument("--new-fraction", type=float, default=0.1)
    parser.add_argument("--code", default="", help="briefer source tree to run")
    parser.add_argument("--tag", default="tree", help="the snapshot's and results' name")
    parser.add_argument("--config-name", default="sources.yaml")
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
    restore(work, args.tag)
    new_articles(work, True)
    try:
        run(work, args.code, f"{args.step}-{args.tag}", ["--fresh"] if args.step == "ref" else [], args.config_name)
    finally:
        new_articles(work, False)


if __name__ == "__main__":
    main()
