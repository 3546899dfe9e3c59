"""Quality floors kept in ``benchmarks/floors.json``: a benchmark fails below them.

The floors are only ever raised by hand, in a reviewed commit; a benchmark
never lowers them.
"""

from __future__ import annotations

import json
from pathlib import Path

FLOORS = Path(__file__).with_name("floors.json")


def check(section: str, measured: dict[str, float]) -> list[str]:
    """Messages for every figure of ``section`` below its floor (empty when all pass)."""
    floors = json.loads(FLOORS.read_text())[section]
    failures = []
    for key, floor in floors.items():
        if key.startswith("_"):
            continue
        value = measured.get(key)
        if value is None:
            failures.append(f"{section}.{key}: not measured")
        elif key.endswith("_seconds_max"):
            if value > floor:
                failures.append(f"{section}.{key}: {value:.3f} is above the ceiling {floor}")
        elif value < floor:
            failures.append(f"{section}.{key}: {value:.4f} is below the floor {floor}")
    return failures
