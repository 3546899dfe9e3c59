"""Score the held-out desks (``benchmarks/held_out/``) on one commit, the way its README says, in one command.

Copies ``own_days.py``, ``own_stories.py``, ``quotes.py`` and ``memory_desks.py`` to a scratch folder, points
them at the held-out desks (their dates from the table in ``held_out/README.md``), extracts ``git archive <commit>
briefer templates`` beside them, and runs the three from the scratch folder with that archive first on
the path: ``python -m briefer`` takes the working directory first, so run from the repository it would
score the checkout, not the commit (session 30 lost a run that way).

    python benchmarks/score_held_out.py 5fa13a5
    python benchmarks/score_held_out.py HEAD --desks tasmansea,caspian

Prints each script's summary lines; ``--keep DIR`` keeps the scratch folder (the briefs under
``DIR/briefs``). Read the desks only after scoring them: then move them to ``own_days/``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
HELD_OUT = BENCHMARKS / "held_out"
_ROW = re.compile(r"^\|\s*([a-z0-9]+)\s*\|\s*(\d{4}-\d{2}-\d{2})\s*\|", re.M)


def held_out_dates() -> dict[str, str]:
    """The desks in ``held_out/README.md``'s table that are still in the folder, with their dates."""
    table = dict(_ROW.findall((HELD_OUT / "README.md").read_text(encoding="utf-8")))
    return {desk: day for desk, day in table.items() if (HELD_OUT / desk / "gold.json").exists()}


def _pointed(script: str, dates: dict[str, str]) -> str:
    """``own_days.py``'s text with its desks' folder and dates replaced by the held-out ones."""
    text, here = re.subn(r"^HERE = .*$", f"HERE = Path({str(HELD_OUT)!r})", script, count=1, flags=re.M)
    text, dated = re.subn(r"^DATES = \{.*?^\}", f"DATES = {dates!r}", text, count=1, flags=re.M | re.S)
    if not (here and dated):
        raise SystemExit("own_days.py no longer has 'HERE = ...' and a 'DATES = {...}' block: update this script")
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("commit", help="the commit to score (e.g. the session's first main)")
    parser.add_argument("--desks", help="which held-out desks (default: every one in held_out/README.md)")
    parser.add_argument("--keep", type=Path, help="keep the scratch folder here")
    args = parser.parse_args()
    dates = held_out_dates()
    if args.desks:
        unknown = set(args.desks.split(",")) - set(dates)
        if unknown:
            raise SystemExit(f"not held out: {', '.join(sorted(unknown))}")
        dates = {desk: dates[desk] for desk in args.desks.split(",")}
    if not dates:
        raise SystemExit("no held-out desks left in benchmarks/held_out")
    with tempfile.TemporaryDirectory(prefix="held-out-") as scratch:
        work = args.keep or Path(scratch)
        code = work / "code"
        code.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", args.commit, "briefer", "templates"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
        (work / "own_days.py").write_text(_pointed((BENCHMARKS / "own_days.py").read_text(), dates))
        for name in ("own_stories.py", "quotes.py", "memory_desks.py", "memory.py", "floors.py", "floors.json"):
            (work / name).write_text((BENCHMARKS / name).read_text())
        env = {**os.environ, "PYTHONPATH": str(code)}
        runs = (
            ["own_days.py", *(["--keep", str(work / "briefs")] if args.keep else [])],
            ["quotes.py"],
            ["own_stories.py", "--cache", str(work / "stories-cache")],
            ["memory_desks.py"],  # story memory: each desk cut into two mornings
        )
        tails = {"memory_desks.py": 6}
        print(f"held-out desks {', '.join(dates)} on {args.commit}:")
        for run in runs:
            done = subprocess.run([sys.executable, *run], cwd=work, env=env, capture_output=True, text=True)
            if done.returncode:
                print(done.stdout + done.stderr)
                return done.returncode
            lines = [line for line in done.stdout.splitlines() if not line.startswith("Warning")]
            print("\n".join(lines[-tails.get(run[0], len(dates) + 1) :]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
