"""``briefer schedule`` as a real process: real cron times, real signals, a real SMTP server.

Nothing here waits for the wall clock. Each scheduler runs with a clock the
test sets (``clocked_schedule.py``): it starts frozen a little before the
cron time, and the test moves it to the cron time only once the scheduler
has said when its next brief is. A run that must still be going when a
signal comes reads a feed that the test's HTTP server holds until the test
lets it answer.
"""

from __future__ import annotations

import ctypes
import io
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from httpserver import TestServer
from pypdf import PdfReader
from test_deliver import SmtpSink, email_settings, make_workspace, write_config

from briefer.cli_ops import ops
from briefer.config import ConfigError, load_config
from briefer.schedule import cron_trigger
from briefer.schedule import status as schedule_status
from briefer.store import Store

CLOCKED = Path(__file__).parent / "clocked_schedule.py"
DUE = datetime(2025, 11, 3, 6, 0, tzinfo=UTC)
"""The cron time of ``0 6 * * *`` on the test day, in UTC (the schedule's time zone)."""
TOMORROW = "next brief: 2025-11-04T06:00:00+00:00"
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Held Wire</title><link>http://example.org/</link><description>x</description>
<item><title>Ferry talks resume at the crossing</title><link>http://example.org/ferry</link>
<pubDate>Mon, 03 Nov 2025 05:00:00 GMT</pubDate>
<description>Negotiators said the ferry talks would resume at the crossing on Tuesday.</description></item>
</channel></rss>"""


class Scheduler:
    """``briefer schedule`` in a process of its own, its clock frozen at ``clock``; its log goes to a file."""

    def __init__(
        self, workspace: Path, name: str, *args: str, clock: datetime, kill_after: float | None = None
    ) -> None:
        self.log_path = workspace / f"{name}.log"
        self._log = self.log_path.open("wb")
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "SOURCE_DATE_EPOCH": str(int(DUE.timestamp()))}
        options = ["--kill-after", str(kill_after)] if kill_after is not None else []
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(CLOCKED),
                clock.isoformat(),
                *options,
                "schedule",
                "--config",
                str(workspace / "sources.yaml"),
                *args,
            ],
            stdin=subprocess.PIPE,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            cwd=workspace,
            env=env,
        )

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_log(self, text: str, timeout: float = 60) -> None:
        wait_for(lambda: text in self.log or self.process.poll() is not None, timeout, f"{text!r} in the log")
        assert text in self.log, self.log

    def clock(self, command: str, moment: datetime) -> None:
        """Move the scheduler's clock: ``freeze`` it at ``moment``, or ``run`` it from there."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"{command} {moment.isoformat()}\n".encode())
        self.process.stdin.flush()

    def send_signal(self, sig: int) -> None:
        self.process.send_signal(sig)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.wait(timeout)

    def wait(self, timeout: float = 60) -> int:
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
    """Poll ``predicate`` (a condition the test waits for, not a margin of time) until true."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def signal_a_thread(pid: int, sig: int) -> None:
    """Send ``sig`` to one of ``pid``'s threads other than its main one (``tgkill``), as the kernel
    may hand a process's signal to any of its threads that does not block it."""
    threads = sorted(int(task.name) for task in Path(f"/proc/{pid}/task").iterdir() if int(task.name) != pid)
    assert threads, f"process {pid} has no thread besides its main one"
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.tgkill(pid, threads[0], sig) != 0:
        raise OSError(ctypes.get_errno(), f"tgkill({pid}, {threads[0]}, {sig})")


@pytest.fixture
def started() -> Iterator[list[Scheduler]]:
    """Schedulers started by a test; any still running at the end are killed."""
    processes: list[Scheduler] = []
    yield processes
    for process in processes:
        process.kill()


@pytest.fixture
def held_feed() -> Iterator[tuple[TestServer, threading.Event]]:
    """A feed on 127.0.0.1 that answers only once the test sets the event (set again at the end)."""
    gate = threading.Event()
    with TestServer() as server:
        server.route("/feed.xml", RSS, headers={"Content-Type": "application/rss+xml"}, gate=gate)
        try:
            yield server, gate
        finally:
            gate.set()


def workspace_with(tmp_path: Path, cron: str = "0 6 * * *", **overrides: Any) -> Path:
    ws = make_workspace(tmp_path / "ws")
    # day: current (the default is previous): these tests look at the day the brief is made
    schedule = {"cron": cron, "timezone": "UTC", "day": "current", **overrides.pop("schedule", {})}
    write_config(ws, schedule=schedule, **overrides)
    return ws


def with_held_feed(server: TestServer) -> dict[str, Any]:
    """Config blocks for the folder of articles and the held feed (a long timeout: the test lets it answer)."""
    return {
        "sources": [
            {"name": "Valley Wire", "type": "folder", "path": "articles", "window": "all"},
            {"name": "Held Wire", "type": "feed", "url": server.url("/feed.xml"), "window": "all"},
        ],
        "http": {"timeout": 300},
    }


def runs(ws: Path) -> list[Any]:
    with Store(ws / ".briefer" / "store.sqlite") as store:
        return list(reversed(store.recent_runs(100)))


def leftovers(ws: Path) -> list[Path]:
    """Temporary or staging files anywhere under output/."""
    output = ws / "output"
    return [p for p in output.rglob("*") if p.name.endswith(".tmp") or ".staging" in p.parts] if output.exists() else []


def next_run(ws: Path) -> datetime | None:
    """When the job store says the brief runs next (what ``briefer status`` shows)."""
    return schedule_status(load_config(ws / "sources.yaml")).next_run


def wait_until_tomorrow_is_next(ws: Path) -> None:
    """Wait for the job store to hold tomorrow's 06:00: today's time is dealt with, no run of it is pending.
    (The log's "next brief:" line can come before the job store is updated after a missed run.)"""
    wait_for(lambda: next_run(ws) == DUE + timedelta(days=1), 60, "the job store's next run to be tomorrow")


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, from /proc (whichever of its threads started them)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def gone(pid: int) -> bool:
    """Dead: no such process, or a zombie (it runs no more code)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def start_a_run(scheduler: Scheduler) -> None:
    """Once the scheduler has put the job in place, bring its clock to the cron time."""
    scheduler.wait_log(f"next brief: {DUE.isoformat()}")
    scheduler.clock("run", DUE)
    scheduler.wait_log("making the brief")


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
        ws = workspace_with(
            tmp_path,
            audiences=[{"name": "analyst", "formats": ["md", "pdf"], "recipients": ["desk@example.org"]}],
            delivery=email_settings(sink.port),
        )
        scheduler = Scheduler(ws, "scheduler", clock=DUE - timedelta(seconds=2))
        started.append(scheduler)
        start_a_run(scheduler)
        scheduler.wait_log("run 1 for 2025-11-03: ok")  # logged once the run is recorded, email sent
        wait_until_tomorrow_is_next(ws)
        assert scheduler.stop() == 0, scheduler.log
    assert f"the brief due at {DUE.isoformat()} starts" in scheduler.log
    folder = ws / "output" / "2025-11-03" / "analyst"
    assert sorted(p.name for p in folder.iterdir()) == ["briefing.md", "briefing.pdf"]
    text = pdf_text(folder / "briefing.pdf")
    assert "River Crossing Brief" in text and "crossing" in text
    # The archive beside the day folders lists the scheduled brief too (not only manual runs').
    assert 'href="2025-11-03/analyst/briefing.pdf"' in (ws / "output" / "index.html").read_text(encoding="utf-8")
    assert "2025-11-03/analyst/briefing.pdf" in (ws / "output" / "feed.xml").read_text(encoding="utf-8")
    [message] = sink.messages
    assert message["Subject"] == "River Crossing Brief — analyst edition — 2025-11-03"
    [attachment] = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == (folder / "briefing.pdf").read_bytes()
    [run] = runs(ws)
    assert (run.trigger, run.outcome, run.day) == ("schedule", "ok", "2025-11-03")
    assert "email: 1 sent" in (run.message or "")
    assert not leftovers(ws)
    assert "SIGTERM received: stopping" in scheduler.log and "scheduler stopped" in scheduler.log


def test_a_restart_after_missed_times_catches_up_exactly_once(tmp_path: Path, started: list[Scheduler]) -> None:
    ws = workspace_with(tmp_path, "0,1 6 * * *")  # 06:00 and 06:01: two times to miss
    first = Scheduler(ws, "first", clock=DUE - timedelta(minutes=1))
    started.append(first)
    first.wait_log(f"next brief: {DUE.isoformat()}")  # the job, with its next run time, is in the job store
    assert first.stop() == 0
    assert runs(ws) == []
    second = Scheduler(ws, "second", clock=DUE + timedelta(minutes=3))  # back after both times
    started.append(second)
    second.wait_log("run 1 for")
    wait_until_tomorrow_is_next(ws)  # no second run is pending
    assert second.stop() == 0
    [run] = runs(ws)
    assert run.outcome == "ok"
    assert (ws / "output" / "2025-11-03" / "analyst" / "briefing.md").is_file()
    assert "was not made while the scheduler was down" in second.log
    assert "catching up: the brief due at 2025-11-03T06:01:00+00:00 runs now, 2 min late" in second.log
    assert second.log.count("making the brief") == 1


def test_a_run_missed_past_the_grace_time_is_loud_and_recorded(tmp_path: Path, started: list[Scheduler]) -> None:
    ws = workspace_with(tmp_path, schedule={"misfire_grace_time": 1})
    first = Scheduler(ws, "first", clock=DUE - timedelta(minutes=1))
    started.append(first)
    first.wait_log(f"next brief: {DUE.isoformat()}")
    assert first.stop() == 0
    second = Scheduler(ws, "second", clock=DUE + timedelta(seconds=3))  # 3 s late, past a 1 s grace time
    started.append(second)
    second.wait_log("MISSED")
    wait_for(lambda: [r.outcome for r in runs(ws)] == ["missed"], 60, "the missed run to be recorded")
    wait_until_tomorrow_is_next(ws)
    assert second.stop() == 0
    assert "ERROR MISSED: the brief due at" in second.log and "briefer run --date 2025-11-03" in second.log
    [run] = runs(ws)
    assert run.outcome == "missed" and run.day == "2025-11-03"
    assert not (ws / "output").exists()


def test_sigterm_during_a_run_abandons_it_and_leaves_no_partial_output(
    tmp_path: Path, started: list[Scheduler], held_feed: tuple[TestServer, threading.Event]
) -> None:
    server, gate = held_feed
    ws = workspace_with(
        tmp_path, **with_held_feed(server), audiences=[{"name": "analyst", "formats": ["md", "json", "html"]}]
    )
    folder = ws / "output" / "2025-11-03" / "analyst"
    folder.mkdir(parents=True)
    (folder / "briefing.md").write_text("yesterday's edition, still complete\n", encoding="utf-8")
    scheduler = Scheduler(ws, "scheduler", clock=DUE - timedelta(seconds=2))
    started.append(scheduler)
    start_a_run(scheduler)
    wait_for(lambda: any(path == "/feed.xml" for path, _ in server.requests), 60, "the run to ask for the held feed")
    scheduler.send_signal(signal.SIGTERM)  # the run is certainly going on: it waits for the feed
    scheduler.wait_log("run 1: its process has the signal")
    gate.set()  # the brief's process has the signal: whatever it does now, it cannot finish the brief
    assert scheduler.wait() == 0, scheduler.log
    assert "abandoning run 1" in scheduler.log and "killing" not in scheduler.log
    [run] = runs(ws)
    assert run.outcome == "abandoned" and run.finished_at is not None
    assert "stopped by a signal" in (run.message or "")
    assert not leftovers(ws)
    assert sorted(p.name for p in folder.iterdir()) == ["briefing.md"]
    assert (folder / "briefing.md").read_text(encoding="utf-8") == "yesterday's edition, still complete\n"
    assert sorted(p.name for p in (ws / "output").iterdir()) == ["2025-11-03"]


def test_a_sigterm_taken_by_another_thread_stops_the_scheduler(tmp_path: Path, started: list[Scheduler]) -> None:
    """Python runs a signal's handler in the main thread only; a SIGTERM the kernel gives to another
    thread (one spawning a process, as after each warm run, issue 18) must stop the scheduler all the
    same, not when its main thread next wakes up (here: at the next brief, an hour away)."""
    ws = workspace_with(tmp_path)
    scheduler = Scheduler(ws, "scheduler", clock=DUE - timedelta(hours=1))
    started.append(scheduler)
    scheduler.wait_log(f"next brief: {DUE.isoformat()}")
    signal_a_thread(scheduler.process.pid, signal.SIGTERM)
    assert scheduler.wait(60) == 0, scheduler.log
    assert "SIGTERM received: stopping" in scheduler.log and "scheduler stopped" in scheduler.log
    assert runs(ws) == []


def test_a_run_that_does_not_stop_is_killed_after_kill_after(
    tmp_path: Path, started: list[Scheduler], held_feed: tuple[TestServer, threading.Event]
) -> None:
    server, _gate = held_feed  # never set: the brief's process waits for the feed even after SIGTERM
    ws = workspace_with(tmp_path, **with_held_feed(server))
    scheduler = Scheduler(ws, "scheduler", clock=DUE - timedelta(seconds=2), kill_after=0.5)
    started.append(scheduler)
    start_a_run(scheduler)
    wait_for(lambda: any(path == "/feed.xml" for path, _ in server.requests), 60, "the run to ask for the held feed")
    assert scheduler.stop() == 0, scheduler.log
    assert "ERROR run 1 did not stop within 0.5 s: killing it" in scheduler.log
    [run] = runs(ws)
    assert run.outcome == "abandoned"
    assert not leftovers(ws) and not (ws / "output" / "2025-11-03").exists()


def test_a_scheduler_killed_during_a_run_is_tidied_by_the_next_one(
    tmp_path: Path, started: list[Scheduler], held_feed: tuple[TestServer, threading.Event]
) -> None:
    server, gate = held_feed
    ws = workspace_with(tmp_path, **with_held_feed(server))
    first = Scheduler(ws, "first", clock=DUE - timedelta(seconds=2))
    started.append(first)
    start_a_run(first)
    wait_for(lambda: any(path == "/feed.xml" for path, _ in server.requests), 60, "the run to ask for the held feed")
    children = descendants(first.process.pid)  # the brief's process is started by a thread, not the main one
    assert children, "the brief's process is running"
    first.kill()  # SIGKILL: no handler runs, the run stays unfinished in the store
    for child in children:  # the brief's process, orphaned; a machine that lost power loses it too
        os.kill(child, signal.SIGKILL)
    wait_for(lambda: all(gone(child) for child in children), 60, "the orphaned processes to be dead")
    [unfinished] = runs(ws)
    assert unfinished.outcome is None and unfinished.finished_at is None
    (ws / "output" / ".staging" / "run-1").mkdir(parents=True, exist_ok=True)  # as a killed run may leave it
    gate.set()
    second = Scheduler(ws, "second", clock=DUE + timedelta(hours=1))
    started.append(second)
    second.wait_log("recorded as abandoned")
    second.wait_log(TOMORROW)
    assert second.stop() == 0, second.log
    [run] = runs(ws)
    assert run.outcome == "abandoned" and "killed or crashed" in (run.message or "")
    assert not (ws / "output" / ".staging").exists()
    assert "making the brief" not in second.log  # the 06:00 brief was claimed by the killed run


def test_two_schedulers_never_make_two_briefs(tmp_path: Path, started: list[Scheduler]) -> None:
    ws = workspace_with(tmp_path)
    first = Scheduler(ws, "first", clock=DUE - timedelta(seconds=2))
    started.append(first)
    first.wait_log(f"next brief: {DUE.isoformat()}")
    standby = Scheduler(ws, "standby", "--wait", clock=DUE - timedelta(seconds=2))
    second = Scheduler(ws, "second", clock=DUE - timedelta(seconds=2))
    started.extend([standby, second])
    assert second.process.wait(60) == 1
    assert "another scheduler holds the lock on this workspace (pid " in second.log
    standby.wait_log("waiting as a standby")
    first.clock("run", DUE)
    first.wait_log("run 1 for")
    assert first.stop() == 0
    standby.wait_log("took over the lock")
    standby.clock("run", DUE + timedelta(seconds=1))  # the standby's clock is past 06:00 too
    standby.wait_log(TOMORROW)  # the job store says tomorrow: the brief of 06:00 was made
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
    from briefer.schedule import brief_day

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762131600")  # 2025-11-03 01:00 UTC = 06:00 in Asia/Karachi
    workspace = make_workspace(tmp_path / "ws")
    base = {"briefing": {"title": "T", "timezone": "Asia/Karachi"}}
    assert brief_day(write_config(workspace, **base)).isoformat() == "2025-11-02"  # the default: previous
    current = write_config(workspace, **base, schedule={"cron": "0 6 * * *", "day": "current"})
    assert brief_day(current).isoformat() == "2025-11-03"


def test_a_promotion_that_stops_half_way_leaves_the_previous_editions(tmp_path: Path, started: list[Scheduler]) -> None:
    """The day's folder holds something the new brief cannot replace (a folder named briefing.md, where the
    new brief has a file): the promotion fails part way through, after it has dealt with briefing.json. The
    readers still see the previous set, whole; the run is recorded failed and the scheduler goes on."""
    ws = workspace_with(tmp_path, audiences=[{"name": "analyst", "formats": ["md", "json"]}])
    folder = ws / "output" / "2025-11-03" / "analyst"
    (folder / "briefing.md").mkdir(parents=True)
    (folder / "briefing.md" / "in-the-way.txt").write_text("not an edition\n", encoding="utf-8")
    (folder / "briefing.json").write_text('{"edition": "yesterday"}\n', encoding="utf-8")
    before = {p.relative_to(ws / "output"): p.read_bytes() for p in (ws / "output").rglob("*") if p.is_file()}
    scheduler = Scheduler(ws, "scheduler", clock=DUE - timedelta(seconds=2))
    started.append(scheduler)
    start_a_run(scheduler)
    scheduler.wait_log("run 1 for 2025-11-03: failed")
    wait_until_tomorrow_is_next(ws)
    assert scheduler.stop() == 0, scheduler.log
    [run] = runs(ws)
    assert run.outcome == "failed" and "briefing.md" in (run.message or "")
    after = {p.relative_to(ws / "output"): p.read_bytes() for p in (ws / "output").rglob("*") if p.is_file()}
    assert after == before  # not the new briefing.json beside the old folder: the previous set, byte for byte
    assert not leftovers(ws)
    assert "Traceback" not in scheduler.log.split("run 1 for")[1]  # reported in one line, the scheduler went on


def test_status_reads_the_next_run_from_the_job_store_through_apscheduler_and_writes_nothing(
    tmp_path: Path,
) -> None:
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    from briefer.config import load_config
    from briefer.schedule import JOB_FUNC, JOB_ID, jobstore_path, status

    ws = workspace_with(tmp_path, "0 6 * * *")
    config = load_config(ws / "sources.yaml")
    assert status(config).next_run_from == "cron"  # no scheduler has run yet
    assert not jobstore_path(config).exists()  # and status made no job store
    when = datetime(2031, 5, 6, 7, 8, tzinfo=UTC)  # not a time the cron would give
    jobstore_path(config).parent.mkdir(parents=True, exist_ok=True)
    scheduler = BackgroundScheduler(jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{jobstore_path(config)}")})
    scheduler.start(paused=True)
    scheduler.add_job(JOB_FUNC, trigger=cron_trigger("0 6 * * *", "UTC"), id=JOB_ID, next_run_time=when)
    scheduler.shutdown(wait=False)
    before = jobstore_path(config).stat().st_mtime_ns
    found = status(config)
    assert (found.next_run, found.next_run_from) == (when, "job store")
    assert jobstore_path(config).stat().st_mtime_ns == before
