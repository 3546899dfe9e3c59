"""The benchmark floors' gate (benchmarks/floors.py): what fails, and that every floor is enforced.

No benchmark runs here (they need /work/shared's data and minutes); this checks the
gate's rules and that each section of floors.json belongs to a benchmark that checks it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
_spec = importlib.util.spec_from_file_location("floors", BENCHMARKS / "floors.py")
assert _spec is not None and _spec.loader is not None
floors = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(floors)

TABLE = {"extraction": {"_about": "x", "f1": 0.95, "precision": 0.94}, "speed": {"cold_speedup": 8, "peak_mb_max": 900}}


def test_a_figure_below_its_floor_or_above_its_ceiling_or_missing_fails() -> None:
    assert floors.check("extraction", {"f1": 0.95, "precision": 0.99}, TABLE) == []
    assert floors.check("extraction", {"f1": 0.9499, "precision": 0.99}, TABLE) == [
        "extraction.f1: 0.9499 is below the floor 0.95"
    ]
    assert floors.check("extraction", {"f1": 0.96}, TABLE) == ["extraction.precision: not measured"]
    assert floors.check("speed", {"cold_speedup": 9, "peak_mb_max": 901}, TABLE) == [
        "speed.peak_mb_max: 901.000 is above the ceiling 900"
    ]
    assert floors.check("stories", {"f1": 1.0}, TABLE) == ["stories: no floors in floors.json"]


def test_lowering_a_floor_raising_a_ceiling_or_dropping_one_is_refused() -> None:
    assert floors.lowered(TABLE, TABLE) == []
    raised = {"extraction": {**TABLE["extraction"], "f1": 0.96}, "speed": TABLE["speed"]}
    assert floors.lowered(TABLE, raised) == []
    worse = {"extraction": {"_about": "changed", "f1": 0.94}, "speed": {"cold_speedup": 8, "peak_mb_max": 1000}}
    assert floors.lowered(TABLE, worse) == [
        "extraction.f1: floor lowered from 0.95 to 0.94",
        "extraction.precision: removed (was 0.94)",
        "speed.peak_mb_max: ceiling raised from 900 to 1000",
    ]
    assert floors.lowered(TABLE, {"extraction": TABLE["extraction"]}) == ["speed: the section was removed"]


def test_every_section_of_floors_json_is_enforced_by_its_benchmark(tmp_path: Path) -> None:
    table = json.loads((BENCHMARKS / "floors.json").read_text(encoding="utf-8"))
    assert {"extraction", "duplicates", "summaries", "themes"} <= set(table)
    for section, figures in table.items():
        assert [k for k in figures if not k.startswith("_")], f"{section} has no figure"
        assert all(isinstance(v, int | float) for k, v in figures.items() if not k.startswith("_")), section
    assert floors.unenforced(table) == []
    (tmp_path / "lonely.py").write_text('floors.check("extraction", measured)\n', encoding="utf-8")
    assert floors.unenforced({"extraction": {}, "speed": {}}, tmp_path) == [
        "speed: no benchmark calls floors.check('speed', ...)"
    ]
