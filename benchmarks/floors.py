"""Quality floors kept in ``benchmarks/floors.json``: a benchmark fails below them.

Each section of ``floors.json`` belongs to one benchmark, which measures its
figures on data it was not tuned on and calls :func:`check` with them; the
benchmark exits 1 when a figure is below its floor (or above its ceiling: a
key ending in ``_max``), or was not measured at all. A key starting with ``_``
is a note for readers.

The floors are only ever raised by hand, in a reviewed commit; a benchmark
never lowers them, and this gate refuses a commit that does:

    python benchmarks/floors.py                 # every section is enforced by a benchmark
    python benchmarks/floors.py --against main  # ... and no floor is lower than on main
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

FLOORS = Path(__file__).with_name("floors.json")
BENCHMARKS = Path(__file__).parent


def is_ceiling(key: str) -> bool:
    """``..._max`` keys are ceilings (seconds, megabytes): the figure must stay at or under them."""
    return key.endswith("_max")


def check(section: str, measured: dict[str, float], floors: dict[str, Any] | None = None) -> list[str]:
    """Messages for every figure of ``section`` below its floor or above its ceiling (empty when all pass)."""
    table = json.loads(FLOORS.read_text()) if floors is None else floors
    if section not in table:
        return [f"{section}: no floors in {FLOORS.name}"]
    failures = []
    for key, floor in table[section].items():
        if key.startswith("_"):
            continue
        value = measured.get(key)
        if value is None:
            failures.append(f"{section}.{key}: not measured")
        elif is_ceiling(key):
            if value > floor:
                failures.append(f"{section}.{key}: {value:.3f} is above the ceiling {floor}")
        elif value < floor:
            failures.append(f"{section}.{key}: {value:.4f} is below the floor {floor}")
    return failures


def lowered(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Every floor of ``before`` that ``after`` lowers, ceiling it raises, or figure or section it drops."""
    out = []
    for section, old in before.items():
        new = after.get(section)
        if new is None:
            out.append(f"{section}: the section was removed")
            continue
        for key, floor in old.items():
            if key.startswith("_"):
                continue
            if key not in new:
                out.append(f"{section}.{key}: removed (was {floor})")
            elif is_ceiling(key) and new[key] > floor:
                out.append(f"{section}.{key}: ceiling raised from {floor} to {new[key]}")
            elif not is_ceiling(key) and new[key] < floor:
                out.append(f"{section}.{key}: floor lowered from {floor} to {new[key]}")
    return out


def unenforced(floors: dict[str, Any], folder: Path = BENCHMARKS) -> list[str]:
    """Sections that no benchmark script checks (``floors.check("<section>", ...)``)."""
    checked: set[str] = set()
    for script in folder.glob("*.py"):
        checked.update(re.findall(r"""floors\.check\(\s*["']([\w-]+)["']""", script.read_text(encoding="utf-8")))
    return [
        f"{section}: no benchmark calls floors.check({section!r}, ...)" for section in floors if section not in checked
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--against", metavar="REF", help="a git ref whose floors.json none may be lower than")
    args = parser.parse_args(argv)
    floors = json.loads(FLOORS.read_text())
    problems = unenforced(floors)
    if args.against:
        shown = subprocess.run(
            ["git", "show", f"{args.against}:benchmarks/floors.json"],
            capture_output=True,
            text=True,
            cwd=BENCHMARKS,
        )
        if shown.returncode != 0:
            print(f"cannot read floors.json at {args.against}: {shown.stderr.strip()}", file=sys.stderr)
            return 2
        problems += lowered(json.loads(shown.stdout), floors)
    for problem in problems:
        print(problem)
    if not problems:
        print(
            f"{len(floors)} sections, each enforced by its benchmark"
            + (f"; none lower than {args.against}" if args.against else "")
        )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
