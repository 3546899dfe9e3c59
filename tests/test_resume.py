"""A run killed half-way through the analysis (SIGKILL) and run again does not analyse again what
its finished batches stored (briefer.cached.ANALYSIS_BATCH)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

import briefer
from briefer.cached import PAUSE_ENV, analysis_batches

DAY = "2026-04-14"
TOPICS = [
    (
        "Ferry crews vote to strike at Oskar harbour",
        "Ferry crews at Oskar harbour voted on Tuesday to stop work for two days next month. "
        "The union says rosters have been cut twice since spring. "
        "The operator warned that island deliveries of fuel and milk would be delayed.",
    ),
    (
        "Orchard growers count frost losses in the Tamm valley",
        "A late frost destroyed most of the apricot blossom in the Tamm valley last week. "
        "Growers estimate the harvest at a third of a normal year. "
        "The regional bank offered to defer loan payments until the autumn.",
    ),
    (
        "City council approves a tram line to the river port",
        "The council approved a four-kilometre tram line linking the old town with the river port. "
        "Construction starts in March and should last eighteen months. "
        "Shop owners on Weaver Street fear the works will keep customers away.",
    ),
    (
        "Library reopens its reading room after repairs",
        "The municipal library reopened its domed reading room on Monday after two years of repairs. "
        "Masons replaced the cracked skylight and restored the oak shelves. "
        "Visitors queued before dawn to see the painted ceiling again.",
    ),
    (
        "Glass factory in Ruel adds a night shift",
        "A glassworks in Ruel is hiring sixty people for a new night shift. "
        "Export orders for laboratory glass doubled this year, the manager said. "
        "The furnaces already run day and night, so only packing needs more hands.",
    ),
    (
        "Hospital board names a new director for northern clinics",
        "The hospital board named a paediatric surgeon, Mira Holt, to run the northern clinics. "
        "She takes over a network of nine clinics short of nurses. "
        "Her first task is a plan for weekend opening hours.",
    ),
    (
        "Cyclists ride the old salt road in the autumn race",
        "Four hundred riders crossed the pass on the old salt road in the annual autumn race. "
        "A farmer from Velde won in just under five hours. "
        "Organisers want to close the road to cars for the whole weekend next year.",
    ),
]


def write_workspace(folder: Path) -> Path:
    """Seven short articles of our own, one folder source, the Markdown edition only."""
    articles = folder / "articles"
    articles.mkdir(parents=True)
    for n, (title, body) in enumerate(TOPICS):
        (articles / f"a{n}.md").write_text(
            f"---\ntitle: {title}\ndate: {DAY}T0{n}:30:00+00:00\n---\n\n{body}\n", encoding="utf-8"
        )
    (folder / "sources.yaml").write_text(
        yaml.safe_dump(
            {
                "briefing": {"title": "Resume Desk", "timezone": "UTC"},
                "sources": [{"name": "Desk", "type": "folder", "path": "articles"}],
                "summaries": {"algorithm": "lead"},
                "executor": {"processes": 1},
                "audiences": [{"name": "analyst", "formats": ["md"]}],
            }
        ),
        encoding="utf-8",
    )
    return folder


BATCH = 3
"""Articles per stored batch in these runs: seven articles make three batches (3, 2, 2)."""


def start(workspace: Path, **env: str) -> subprocess.Popen[str]:
    """``briefer run`` in a real process, analysing in batches of :data:`BATCH`."""
    code = (
        "import sys; import briefer.cached as c; from briefer.cli import main; "
        f"c.ANALYSIS_BATCH = {BATCH}; sys.argv = ['briefer'] + sys.argv[1:]; main()"
    )
    args = ["run", "--config", str(workspace / "sources.yaml"), "--date", DAY]
    environment = {
        **os.environ,
        "PYTHONPATH": str(Path(briefer.__file__).parent.parent),
        "SOURCE_DATE_EPOCH": "1776160800",
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_batches_are_even_and_at_most_the_batch_size() -> None:
    assert analysis_batches(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert [len(b) for b in analysis_batches(list(range(1114)), 1000)] == [557, 557]
    assert analysis_batches(list(range(1114))) == [list(range(1114))]  # the benchmark day: one batch, as before
    assert analysis_batches(list(range(5)), 1000) == [[0, 1, 2, 3, 4]]
    assert analysis_batches([], 3) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="the pause hook uses FIFOs")
def test_a_run_killed_during_the_analysis_resumes_from_what_it_stored(tmp_path: Path) -> None:
    workspace = write_workspace(tmp_path / "ws")
    pause = tmp_path / "pause"
    pause.mkdir()
    os.mkfifo(pause / "stored")
    os.mkfifo(pause / "resume")

    killed = start(workspace, **{PAUSE_ENV: str(pause)})
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append((pause / "stored").read_text()), daemon=True)
    reader.start()
    while reader.is_alive() and killed.poll() is None:
        reader.join(0.5)
    assert got, f"the run never stored a batch (exit {killed.poll()}): {killed.stderr and killed.stderr.read()}"
    assert got[0].strip() == str(BATCH)
    killed.send_signal(signal.SIGKILL)  # mid-analysis: batches two and three never finished
    killed.communicate(timeout=60)
    assert killed.returncode == -signal.SIGKILL
    assert not (workspace / "output" / DAY / "analyst" / "briefing.md").exists()

    again = start(workspace)
    stdout, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr
    assert f"{BATCH} analysis(es) reused from the store" in stdout, stdout

    # The resumed brief is the brief of a run that was never interrupted.
    whole = tmp_path / "whole"
    shutil.copytree(workspace / "articles", whole / "articles")
    shutil.copy(workspace / "sources.yaml", whole / "sources.yaml")
    uninterrupted = start(whole)
    stdout, stderr = uninterrupted.communicate(timeout=300)
    assert uninterrupted.returncode == 0, stderr
    assert "reused from the store" not in stdout
    brief = Path("output") / DAY / "analyst" / "briefing.md"
    resumed = (workspace / brief).read_text(encoding="utf-8").replace(str(workspace), "<workspace>")
    assert resumed == (whole / brief).read_text(encoding="utf-8").replace(str(whole), "<workspace>")
    assert resumed.count("](") >= len(TOPICS)  # every article is in it
