"""``briefer docs``: the manual at hand, from a source checkout and from an installed wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefer.cli import main

REPO = Path(__file__).resolve().parents[1]


def test_docs_lists_the_topics_and_prints_one_by_prefix() -> None:
    listed = CliRunner().invoke(main, ["docs"])
    assert listed.exit_code == 0, listed.output
    for topic in ("configuration", "templates", "scheduling", "email", "readme"):
        assert f"\n  {topic} " in listed.output
    shown = CliRunner().invoke(main, ["docs", "config"])
    assert shown.exit_code == 0
    assert shown.output == (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("topic, expected", [("s", "is ambiguous; topics: scheduling, store"), ("nope", "not a topic")])
def test_an_unknown_or_ambiguous_topic_is_bad_usage(topic: str, expected: str) -> None:
    result = CliRunner().invoke(main, ["docs", topic])
    assert result.exit_code == 2
    assert expected in result.output


@pytest.mark.slow
def test_the_wheel_ships_the_docs_and_briefer_docs_reads_them_there(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "docs", source / "docs")
    shutil.copytree(REPO / "briefer", source / "briefer", ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "-q", "-w", "dist"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = (tmp_path / "dist").glob("briefer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for doc in sorted((REPO / "docs").glob("*.md")):
        assert f"briefer/docs/{doc.name}" in names
    assert "briefer/docs/README.md" in names
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    deps = [p for p in sys.path if p.endswith("site-packages")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(unpacked), *deps])}
    code = "import sys, briefer; from briefer.cli import main; print(briefer.__file__); main(sys.argv[1:])"
    shown = subprocess.run(
        [sys.executable, "-S", "-c", code, "docs", "templates"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,  # no docs/ here: the wheel's copy is the only one
    )
    assert shown.returncode == 0, shown.stderr[-2000:]
    module, text = shown.stdout.split("\n", 1)
    assert Path(module).is_relative_to(unpacked)
    assert text == (REPO / "docs" / "templates.md").read_text(encoding="utf-8")
