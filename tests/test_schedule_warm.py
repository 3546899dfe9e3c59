"""schedule.warm: each run's process is started ahead of time, its models loaded before the run
is due, and it still makes exactly one brief (briefer.warm)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from test_schedule import DUE, Scheduler, leftovers, runs, started, workspace_with

__all__ = ["started"]  # the fixture, used by name

READY = "brief process ready: models loaded"


def test_warm_runs_start_with_their_models_loaded(tmp_path: Path, started: list[Scheduler]) -> None:
    ws = workspace_with(tmp_path, "0,30 6 * * *", schedule={"warm": True})
    scheduler = Scheduler(ws, "scheduler", clock=DUE - timedelta(seconds=2))
    started.append(scheduler)
    scheduler.wait_log(f"next brief: {DUE.isoformat()}")
    scheduler.wait_log(READY, timeout=120)  # loaded while nothing was due yet
    scheduler.clock("run", DUE)
    scheduler.wait_log("run 1 for 2025-11-03: ok", timeout=120)
    # The next run's process is started once run 1 is over, and loads its models before 06:30.
    later = DUE + timedelta(minutes=30)
    scheduler.wait_log(f"next brief: {later.isoformat()}")
    scheduler.wait_log(READY)  # (the first one's line)
    from test_schedule import wait_for

    wait_for(lambda: scheduler.log.count(READY) == 2, 120, "the second run's process to be ready")
    scheduler.clock("run", later - timedelta(seconds=1))
    scheduler.wait_log("run 2 for 2025-11-03: ok", timeout=120)
    assert scheduler.stop() == 0, scheduler.log

    log = scheduler.log
    assert "run 1: its process was started ahead" in log and "run 2: its process was started ahead" in log
    assert log.index(READY) < log.index("run 1: making the brief")
    assert [(r.outcome, r.day) for r in runs(ws)] == [("ok", "2025-11-03")] * 2
    assert (ws / "output" / "2025-11-03" / "analyst" / "briefing.md").is_file()
    assert not leftovers(ws)
    assert "scheduler stopped" in log
