"""The wheel carries the built-in templates and the starter workspace, and briefer finds them there.

Builds the wheel from a copy of the source tree (so the repository gets no
build/ folder), unpacks it, and runs a Python whose ``briefer`` is the
unpacked wheel (the editable install hidden): the lookups go through
importlib.resources exactly as in an installed copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
STARTER = ("sources.yaml", "inbox/arva-water-talks.md", "templates/README.md", "templates/analyst/briefing.md.j2")

PROBE = """
import json, sys
from pathlib import Path
import briefer
from briefer.config import parse_config
from briefer.render import check_templates, packaged_templates
from briefer.workspace import init_workspace

workspace = Path(sys.argv[1])
init_workspace(workspace)
config = parse_config((workspace / "sources.yaml").read_text(), base_dir=workspace)
for name in ("analyst", "executive"):
    check_templates(config, name)
print(json.dumps({
    "module": briefer.__file__,
    "templates": sorted(str(p.relative_to(packaged_templates())) for p in packaged_templates().rglob("*.*")),
    "workspace": sorted(str(p.relative_to(workspace)) for p in workspace.rglob("*") if p.is_file()),
}))
"""


@pytest.mark.slow
def test_the_wheel_ships_the_templates_and_the_starter_workspace(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "briefer", source / "briefer", ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(source),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = (tmp_path / "dist").glob("briefer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for edition in ("analyst", "executive"):
        for name in ("briefing.md.j2", "briefing.html.j2", "style.css"):
            assert f"briefer/templates/{edition}/{name}" in names
    for name in STARTER:
        assert f"briefer/scaffold/{name}" in names

    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    # -S: no site-packages, so the editable install cannot answer; the dependencies come by PYTHONPATH after it.
    deps = [p for p in sys.path if p.endswith("site-packages")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(unpacked), *deps])}
    probe = subprocess.run(
        [sys.executable, "-S", "-c", PROBE, str(tmp_path / "ws")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert probe.returncode == 0, probe.stderr[-2000:]
    found = json.loads(probe.stdout)
    assert Path(found["module"]).is_relative_to(unpacked)
    assert "executive/briefing.md.j2" in found["templates"] and "analyst/style.css" in found["templates"]
    assert {"sources.yaml", "inbox/arva-water-talks.md", "templates/originals/executive/style.css"} <= set(
        found["workspace"]
    )
