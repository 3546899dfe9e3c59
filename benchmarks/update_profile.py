"""cProfile of an update, in one process, on a workspace of ``update_runs.py``'s layout (issue 15).

``update_50k.py``/``update_runs.py`` measure the update as ``briefer run`` makes it, with its forked
workers and children, whose work a profiler of the parent does not see. Here the tree's snapshot
(``--tag``, left by their ``cold`` step) is put back, the new articles copied in, and ``briefer run``
profiled by cProfile with a copy of the config that asks ``executor: {processes: 1}`` (every map, the
themes' parts, select and the placement in the one process); the new articles are taken out again
afterwards. The profile goes to ``--out`` (read it with ``pstats``), the run's log beside it.

    nice -n 19 python benchmarks/update_profile.py --work /tmp/d10k --code TREE --tag main --out /tmp/update.prof
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import update_runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, required=True, help="the workspace's folder (update_runs.py's layout)")
    parser.add_argument("--code", default="", help="briefer source tree to run")
    parser.add_argument("--tag", default="tree", help="the snapshot to start from")
    parser.add_argument("--out", type=Path, required=True, help="the profile's file")
    parser.add_argument("--top", type=int, default=60, help="functions printed, by cumulative time")
    args = parser.parse_args()
    work, ws = args.work, args.work / "ws"
    update_runs.restore(work, args.tag)
    text = "\n".join(line for line in (ws / "sources.yaml").read_text().splitlines() if not line.startswith("#"))
    config = json.loads(text)  # workspace.py writes JSON, which is YAML
    config["executor"] = {"processes": 1}
    (ws / "sources-profile.yaml").write_text(json.dumps(config, indent=2))
    update_runs.new_articles(work, True)
    try:
        env = dict(os.environ, PYTHONPATH=args.code, SOURCE_DATE_EPOCH=update_runs.EPOCH)
        cmd = [sys.executable, "-m", "cProfile", "-o", str(args.out), "-m", "briefer", "run"]
        cmd += ["--config", str(ws / "sources-profile.yaml"), "--date", update_runs.DAY, "-v"]
        done = subprocess.run(cmd, env=env, cwd=ws, capture_output=True, text=True)
        args.out.with_suffix(".log").write_text(done.stdout + done.stderr)
        if done.returncode:
            sys.exit(f"exit {done.returncode}\n{done.stderr[-3000:]}")
    finally:
        update_runs.new_articles(work, False)
    pstats.Stats(str(args.out)).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
