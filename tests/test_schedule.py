"""``briefer schedule`` as a real process: real cron times, real signals, a real SMTP server.

The cron expressions name exact seconds a few seconds ahead (the optional
sixth field), so these tests go through the same CronTrigger path as
``0 6 * * *`` does, only sooner.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_deliver import SmtpSink, email_settings, make_workspace, write_config

from briefer.cli_ops import ops
from briefer.config import ConfigError
from briefer.schedule import cron_trigger
from briefer.store import Store

STARTUP = 3.5
"""Seconds between launching a scheduler and its first cron time: enough to start on a busy machine."""


def cron_at(lead: float, count: int = 1, gap: int = 2) -> tuple[str, list[datetime]]:
    """A cron expression (with seconds) that fires ``count`` times, ``gap`` s apart, from ``lead`` s on."""
    first = (datetime.now(UTC) + timedelta(seconds=lead)).replace(microsecond=0) + timedelta(seconds=1)
    if first.second + gap * (count - 1) > 59:  # keep every time in one minute: one cron line
        first = first.replace(second=0) + timedelta(minutes=1)
    times = [first + timedelta(seconds=gap * i) for i in range(count)]
    seconds = ",".join(str(t.second) for t in times)
    return f"{first.minute} {first.hour} {first.day} {first.month} * {seconds}", times


class Scheduler:
    """A ``python -m briefer.cli_ops schedule`` process; its log goes to a file."""

    def __init__(self, workspace: Path, name: str, *args: str) -> None:
        self.log_path = workspace / f"{name}.log"
        self._log = self.log_path.open("wb")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("SOURCE_DATE_EPOCH", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefer.cli_ops", "schedule", "--config", str(workspace / "sources.yaml"), *args],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            cwd=workspace,
            env=env,
        )

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_log(self, text: str, timeout: float = 30) -> None:
        wait_for(lambda: text in self.log or self.process.poll() is not None, timeout, f"{text!r} in the log")
        assert text in self.log, self.log

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout)
        finally:
            self._log.close()
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._log.close()


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def started() -> Iterator[list[Scheduler]]:
    """Schedulers started by a test; any still running at the end are killed."""
    processes: list[Scheduler] = []
    yield processes
    for process in processes:
        process.kill()


def workspace_with(tmp_path: Path, cron: str, **overrides: Any) -> Path:
    ws = make_workspace(tmp_path / "ws")
    # day: current (the default is previous): these tests look at the day the brief is made
    schedule = {"cron": cron, "timezone": "UTC", "day": "current", **overrides.pop("schedule", {})}
    write_config(ws, schedule=schedule, **overrides)
    return ws


def runs(ws: Path) -> list[Any]:
    with Store(ws / ".briefer" / "store.sqlite") as store:
        return list(reversed(store.recent_runs(100)))


def leftovers(ws: Path) -> list[Path]:
    """Temporary or staging files anywhere under output/."""
    output = ws / "output"
    return [p for p in output.rglob("*") if p.name.endswith(".tmp") or ".staging" in p.parts] if output.exists() else []


def test_cron_fields_mean_what_crontab_means() -> None:
    monday = cron_trigger("0 6 * * 1", "Asia/Karachi")
    after = datetime(2025, 11, 5, tzinfo=UTC)  # a Wednesday
    fire = monday.get_next_fire_time(None, after)
    assert (fire.strftime("%A %H:%M:%S"), str(fire.tzinfo)) == ("Monday 06:00:00", "Asia/Karachi")
    sunday = cron_trigger("30 7 * * 0", "UTC").get_next_fire_time(None, after)
    assert (
        sunday.strftime("%A %H:%M")
        == "Sunday 07:30"
        == cron_trigger("30 7 * * 7", "UTC").get_next_fire_time(None, after).strftime("%A %H:%M")
    )
    weekdays = cron_trigger("0 6 * * 1-5", "UTC")
    fires = [weekdays.get_next_fire_time(None, after + timedelta(days=i)).strftime("%a") for i in range(7)]
    assert set(fires) == {"Mon", "Tue", "Wed", "Thu", "Fri"}
    with_seconds = cron_trigger("5 6 * * * 30", "UTC").get_next_fire_time(None, after)
    assert with_seconds.strftime("%H:%M:%S") == "06:05:30"
    for bad in ("0 6 * *", "61 6 * * *", "0 6 * * 9"):
        with pytest.raises(ConfigError, match=r"schedule\.cron"):
            cron_trigger(bad, "UTC")


def test_a_scheduled_brief_is_written_and_emailed(tmp_path: Path, started: list[Scheduler]) -> None:
    with SmtpSink() as sink:
        cron, (due,) = cron_at(STARTUP)
        ws = workspace_with(
            tmp_path,
            cron,
            audiences=[{"name": "analyst", "formats": ["md", "pdf"], "recipients": ["desk@example.org"]}],
            delivery=email_settings(sink.port),
        )
        scheduler = Scheduler(ws, "scheduler")
        started.append(scheduler)
        wait_for(lambda: len(sink.messages) == 1 or scheduler.process.poll() is not None, 60, "the email")
        assert scheduler.stop() == 0, scheduler.log
    folder = ws / "output" / due.date().isoformat() / "analyst"
    assert sorted(p.name for p in folder.iterdir()) == ["briefing.md", "briefing.pdf"]
    assert (folder / "briefing.pdf").read_bytes().startswith(b"%PDF")
    [message] = sink.messages
    assert message["Subject"] == f"River Crossing Brief — analyst edition — {due.date().isoformat()}"
    assert [a.get_content_type() for a in message.iter_attachments()] == ["application/pdf"]
    [run] = runs(ws)
    assert (run.trigger, run.outcome) == ("schedule", "ok") and "email: 1 sent" in (run.message or "")
    assert run.started_at >= due
    assert not leftovers(ws)
    assert "SIGTERM received: stopping" in scheduler.log and "scheduler stopped" in scheduler.log


def test_a_restart_after_missed_times_catches_up_exactly_once(tmp_path: Path, started: list[Scheduler]) -> None:
    cron, times = cron_at(STARTUP, count=2, gap=2)
    ws = workspace_with(tmp_path, cron)
    first = Scheduler(ws, "first")
    started.append(first)
    first.wait_log("next brief:")  # the job, with its next run time, is in the job store
    assert first.stop() == 0
    wait_for(lambda: datetime.now(UTC) > times[-1] + timedelta(seconds=1), 30, "both times to pass")
    assert runs(ws) == []
    second = Scheduler(ws, "second")
    started.append(second)
    second.wait_log("run 1 for")
    time.sleep(1.0)  # room for a wrong second run of the missed times
    assert second.stop() == 0
    [run] = runs(ws)
    assert run.outcome == "ok" and run.started_at > times[-1]
    assert (ws / "output" / times[0].date().isoformat() / "analyst" / "briefing.md").is_file()
    assert "was not made while the scheduler was down" in second.log
    assert second.log.count("making the brief") == 1


def test_a_run_missed_past_the_grace_time_is_loud_and_recorded(tmp_path: Path, started: list[Scheduler]) -> None:
    cron, (due,) = cron_at(STARTUP)
    ws = workspace_with(tmp_path, cron, schedule={"misfire_grace_time": 1})
    first = Scheduler(ws, "first")
    started.append(first)
    first.wait_log("next brief:")
    assert first.stop() == 0
    wait_for(lambda: datetime.now(UTC) > due + timedelta(seconds=3), 30, "the time to pass, and the grace time")
    second = Scheduler(ws, "second")
    started.append(second)
    second.wait_log("MISSED")
    assert second.stop() == 0
    assert "ERROR MISSED: the brief due at" in second.log and f"briefer run --date {due.date()}" in second.log
    [run] = runs(ws)
    assert run.outcome == "missed" and run.day == due.date().isoformat()
    assert not (ws / "output").exists()


def test_sigterm_during_a_run_abandons_it_and_leaves_no_partial_output(
    tmp_path: Path, started: list[Scheduler]
) -> None:
    cron, (due,) = cron_at(STARTUP)
    ws = workspace_with(tmp_path, cron, audiences=[{"name": "analyst", "formats": ["md", "json", "html"]}])
    folder = ws / "output" / due.date().isoformat() / "analyst"
    folder.mkdir(parents=True)
    (folder / "briefing.md").write_text("yesterday's edition, still complete\n", encoding="utf-8")
    scheduler = Scheduler(ws, "scheduler")
    started.append(scheduler)
    scheduler.wait_log("making the brief")
    wait_for(lambda: "[brief]" in scheduler.log, 30, "the brief's process to be at work")
    assert scheduler.stop() == 0, scheduler.log
    assert "abandoning run 1" in scheduler.log
    [run] = runs(ws)
    assert run.outcome == "abandoned" and run.finished_at is not None
    assert not leftovers(ws)
    assert sorted(p.name for p in folder.iterdir()) == ["briefing.md"]
    assert (folder / "briefing.md").read_text(encoding="utf-8") == "yesterday's edition, still complete\n"
    assert sorted(p.name for p in (ws / "output").iterdir()) == [due.date().isoformat()]


def test_two_schedulers_never_make_two_briefs(tmp_path: Path, started: list[Scheduler]) -> None:
    cron, _ = cron_at(STARTUP + 1)
    ws = workspace_with(tmp_path, cron)
    first = Scheduler(ws, "first")
    started.append(first)
    first.wait_log("scheduler started")
    standby = Scheduler(ws, "standby", "--wait")
    second = Scheduler(ws, "second")
    started.extend([standby, second])
    assert second.process.wait(30) == 1
    assert "another scheduler holds the lock on this workspace (pid " in second.log
    standby.wait_log("waiting as a standby")
    first.wait_log("run 1 for")
    assert first.stop() == 0
    standby.wait_log("took over the lock")
    standby.wait_log("next brief:")
    time.sleep(1.0)
    assert standby.stop() == 0
    assert [r.outcome for r in runs(ws)] == ["ok"]
    assert "making the brief" not in standby.log and "making the brief" not in second.log


def test_status_shows_the_next_run_and_the_last_runs(tmp_path: Path) -> None:
    ws = workspace_with(tmp_path, "0 6 * * *")
    result = CliRunner().invoke(ops, ["status", "--config", str(ws / "sources.yaml")])
    assert result.exit_code == 0, result.output
    assert "scheduler: not running" in result.output and "06:00:00+00:00" in result.output
    assert "runs:      none yet" in result.output
    with Store(ws / ".briefer" / "store.sqlite") as store:
        run = store.start_run("2025-11-03", "schedule")
        store.finish_run(run, "failed", "no sources answered")
    result = CliRunner().invoke(ops, ["status", "--config", str(ws / "sources.yaml")])
    assert "2025-11-03  schedule" in result.output and "failed" in result.output
    assert "no sources answered" in result.output


def test_commands_have_help_with_examples() -> None:
    for command in ("schedule", "status"):
        result = CliRunner().invoke(ops, [command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output


def test_a_bad_cron_is_a_usage_error(tmp_path: Path) -> None:
    ws = workspace_with(tmp_path, "every morning")
    result = CliRunner().invoke(ops, ["schedule", "--config", str(ws / "sources.yaml")])
    assert result.exit_code == 2 and "schedule.cron" in result.output


def test_a_morning_schedule_can_brief_the_previous_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefer.schedule import _brief_day

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762131600")  # 2025-11-03 01:00 UTC = 06:00 in Asia/Karachi
    workspace = make_workspace(tmp_path / "ws")
    base = {"briefing": {"title": "T", "timezone": "Asia/Karachi"}}
    assert _brief_day(write_config(workspace, **base)).isoformat() == "2025-11-02"  # the default: previous
    current = write_config(workspace, **base, schedule={"cron": "0 6 * * *", "day": "current"})
    assert _brief_day(current).isoformat() == "2025-11-03"
