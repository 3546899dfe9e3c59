"""``briefer schedule``: make the brief on a cron schedule, in the foreground.

APScheduler 3 runs one job, ``daily-brief``, on a :class:`CronTrigger` built
from ``schedule.cron`` in ``schedule.timezone`` (default
``briefing.timezone``). What makes it dependable:

- **Persistence.** The job lives in a SQLAlchemy job store, a SQLite file next
  to the store (``schedule.sqlite``). A scheduler that comes back after being
  down finds the job's next run time in the past and makes the brief it
  missed, if it is back within ``schedule.misfire_grace_time`` seconds.
  Several missed times become one run (``coalesce``). A run missed for good
  is logged as an error and recorded in the store as ``missed``: a day is
  never skipped silently. On start the stored job is kept, not replaced
  (replacing it would compute the next run from *now* and lose a missed run);
  only a changed cron expression or time zone reschedules it.
- **One at a time.** A scheduler holds an OS lock (``fcntl.flock``) on
  ``scheduler.lock`` for its whole life, so a second scheduler on the same
  workspace stops at once with a clear message (or, with ``wait_for_lock``,
  waits as a standby). Each run also holds ``run.lock``, which other tools
  that write the brief can take too (:func:`run_lock`).
- **Clean stops.** Each brief is made in a child process that writes into a
  staging folder (``output/.staging/run-<id>``); only a finished brief is
  published as ``output/<date>/``, the whole day's set in one swap
  (:mod:`briefer.publish`). SIGINT or SIGTERM abandons the current run: the child is
  stopped, the staging folder removed, the run recorded as ``abandoned``, and
  the output folder is left as it was.
- **A resident process, if asked for** (``schedule.resident``, :mod:`briefer.warm`):
  one child makes brief after brief of the day, its models loaded once and what
  it worked out for each article kept between runs. It answers each run on its
  pipe and stays; the scheduler sees it die (a crash, a kill: the run fails, or
  the next run finds it gone) and the next run gets a fresh one, as it does for a
  new day to brief. A stop signal ends it as it ends a per-run child.
- **Signals reach it, whichever thread the kernel hands them to.** Python runs
  a signal's handler only in the main thread, between two of its bytecodes; a
  SIGTERM that the kernel gives to another thread (one spawning a process
  unblocks its signals just then) waits for the main thread to wake up. So
  APScheduler runs in a thread of its own and the main thread waits for
  nothing but a byte on a pipe, :func:`signal.set_wakeup_fd`'s, which every
  signal writes whatever thread takes it. The handler only notes the signal;
  the main thread acts on it (:meth:`BriefScheduler._act_on_signals`), so a
  handler never waits for a lock its own thread may hold (issue 18).

The cron expression is the crontab one (minute hour day month weekday, with
0 or 7 for Sunday), with an optional sixth field for seconds, at the end.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import multiprocessing
import os
import select
import shutil
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Protocol, cast
from urllib.parse import quote
from zoneinfo import ZoneInfo

from briefer import clock
from briefer.config import Config, ConfigError
from briefer.output import update_archive
from briefer.store import RunRecord, Store, recorded_run

if TYPE_CHECKING:
    from briefer.executor import Executor
    from briefer.warm import WarmProcess

log = logging.getLogger(__name__)

JOB_ID = "daily-brief"
JOB_FUNC = "briefer.schedule:_scheduled_brief"
STAGING = ".staging"
KILL_AFTER = 20.0
"""Seconds a stopped run gets to end on its own before it is killed (the default of
:attr:`BriefScheduler.kill_after`, read when a scheduler is made)."""
CATCH_UP_NOTICE = 60.0
"""A run starting this many seconds after its time is logged as a catch-up."""

_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


class SchedulerLocked(Exception):
    """Another scheduler holds the workspace's lock."""


# -- cron ----------------------------------------------------------------------


def _crontab_weekdays(field_text: str) -> str:
    """Crontab weekdays (0 or 7 = Sunday, names allowed) as APScheduler 3 names.

    APScheduler 3 counts 0 as Monday; passing crontab numbers through would
    run a Monday brief on Tuesday. The field is expanded to a list of names.
    """
    if field_text in ("*", "?"):
        return "*"

    def number(token: str) -> int:
        token = token.strip().lower()
        if token[:3] in _WEEKDAYS and not token.isdigit():
            return _WEEKDAYS.index(token[:3])
        value = int(token)
        if not 0 <= value <= 7:
            raise ValueError(f"weekday {value} out of range 0-7")
        return value % 7

    days: set[int] = set()
    for part in field_text.split(","):
        base, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"bad step in {part!r}")
        if base == "*":
            values = list(range(0, 7))
        elif "-" in base:
            first_text, last_text = base.split("-", 1)
            first, last = number(first_text), int(last_text) if last_text.strip() == "7" else number(last_text)
            if last < first:
                raise ValueError(f"weekday range {base!r} runs backwards")
            values = [d % 7 for d in range(first, last + 1)]
        else:
            values = [number(base)]
            if step_text:
                values = list(range(values[0], 7))
        days.update(values[::step])
    if len(days) == 7:
        return "*"
    return ",".join(_WEEKDAYS[d] for d in sorted(days))


def cron_trigger(expression: str, timezone: str) -> Any:
    """A CronTrigger from ``schedule.cron``; raises :class:`ConfigError` naming the key."""
    from apscheduler.triggers.cron import CronTrigger

    fields = expression.split()
    if len(fields) not in (5, 6):
        raise ConfigError(
            f"schedule.cron: {expression!r} has {len(fields)} fields; expected 5 "
            "(minute hour day month weekday) or 6 (the same, then seconds)"
        )
    minute, hour, day, month, weekday = fields[:5]
    try:
        return CronTrigger(
            second=fields[5] if len(fields) == 6 else "0",
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=_crontab_weekdays(weekday),
            timezone=ZoneInfo(timezone),
        )
    except ValueError as exc:
        raise ConfigError(f"schedule.cron: {expression!r}: {exc}") from None


def schedule_timezone(config: Config) -> str:
    return config.schedule.timezone or config.briefing.timezone


# -- locks ---------------------------------------------------------------------


class Stop(Protocol):
    """What a wait for a lock asks whether to give up: a :class:`threading.Event`, or the main
    thread's :class:`_MainThreadStop`, whose wait ends at a signal."""

    def is_set(self) -> bool: ...

    def wait(self, timeout: float) -> bool: ...


class WorkspaceLock:
    """An exclusive ``fcntl.flock`` on a file; the holder writes its pid there for others to read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, blocking: bool = False, poll: float = 0.5, stop: Stop | None = None) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not blocking or (stop is not None and stop.is_set()):
                    os.close(fd)
                    return False
                if stop is not None:
                    stop.wait(poll)
                else:
                    time.sleep(poll)
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} since {clock.wall().isoformat(timespec='seconds')}\n".encode())
        self._fd = fd
        return True

    def holder(self) -> str:
        """Who holds the lock, as its holder wrote it (``pid 123 since ...``)."""
        try:
            return self.path.read_text(encoding="utf-8").strip() or "unknown process"
        except OSError:
            return "unknown process"

    def is_held_elsewhere(self) -> bool:
        if self._fd is not None:
            return False
        if not self.path.exists():
            return False
        fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)  # closing drops a lock we may just have taken
        return False

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # the file stays; the lock goes with the descriptor
            self._fd = None


def lock_paths(config: Config) -> tuple[Path, Path]:
    """``(scheduler.lock, run.lock)``, next to the store."""
    folder = config.store.path.parent
    return folder / "scheduler.lock", folder / "run.lock"


def jobstore_path(config: Config) -> Path:
    return config.store.path.parent / "schedule.sqlite"


@contextlib.contextmanager
def run_lock(config: Config, stop: Stop | None = None) -> Iterator[bool]:
    """Hold the workspace's run lock while writing a brief; waits for another run to end.

    Yields ``False`` (without the lock) only when ``stop`` was set while waiting.
    """
    lock = WorkspaceLock(lock_paths(config)[1])
    if not lock.acquire(blocking=False):
        log.warning("another brief is being made (%s): waiting for it to end", lock.holder())
        if not lock.acquire(blocking=True, stop=stop):
            yield False
            return
    try:
        yield True
    finally:
        lock.release()


# -- one run -----------------------------------------------------------------------


def brief_day(config: Config) -> date:
    """The day a scheduled run briefs: today in the briefing's time zone (as the
    pipeline counts it, ``SOURCE_DATE_EPOCH`` included), or the day before."""
    return clock.today(config.briefing.timezone) - timedelta(days=1 if config.schedule.day == "previous" else 0)


def _day_of_run(config: Config, when: datetime) -> date:
    """The day a run due at ``when`` briefs (as :func:`brief_day` will count it then)."""
    day = when.astimezone(ZoneInfo(config.briefing.timezone)).date()
    return day - timedelta(days=1 if config.schedule.day == "previous" else 0)


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _child_brief(
    config: Config,
    day: date,
    staging: Path,
    run_id: int,
    conn: Connection,
    level: int,
    executor: Executor | None = None,
) -> None:
    """In a child process: make the brief into ``staging`` and report back through ``conn`` (``executor``:
    where its per-article stages run; default: the config's)."""
    # SIGTERM ends the run with an exception, so write_atomic removes its temporary file.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    if not logging.getLogger("briefer").handlers:  # a process of its own (spawned): it owns its logging
        from briefer import logs

        logs.setup(level, "service", tag="brief")
    logging.getLogger("briefer").setLevel(level)
    from briefer.pipeline import run as run_pipeline

    try:
        # The pipeline records each source's result and the theme volume itself.
        _, report = run_pipeline(config, day, output=staging, run_id=run_id, executor=executor)
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        raise SystemExit(1) from None
    failed = sum(1 for s in report.sources if s.status.value == "error")
    message = f"{report.kept} article(s), {len(report.written)} file(s), {failed} source(s) failed"
    conn.send(("ok", message, failed, _described_editions(staging)))


def _described_editions(staging: Path) -> list[tuple[str, str, tuple[str, ...], int, datetime]]:
    """What each edition's ``briefing.json`` in ``staging`` says of itself, as the run told the archive
    (``(path under the output folder, title, themes, articles, generated_at)``): the scheduler's process
    tells its own archive after promoting them, instead of parsing each file back whole (0.35 s of CPU
    at 1,114 articles, the file is 100 MB at 10,000). The run's own archive update has just read them
    (from what the run told it: :func:`briefer.archive.remember_edition`), so this parses nothing again;
    an edition whose JSON says no article count is left out (the scheduler's archive reads it itself)."""
    from briefer.archive import find_editions

    described = []
    for edition in find_editions(staging):
        entry = edition.file("json")
        if entry is not None and edition.articles is not None:
            described.append((entry[1], edition.title, edition.themes, edition.articles, edition.generated_at))
    return described


def promote(staging: Path, output: Path, day: date) -> dict[str, Path]:
    """Publish a finished brief from ``staging`` as ``output/<date>/``, in one swap (briefer.publish):
    the day's other files stay, and readers never see half of the new set."""
    from briefer.output import edition_dir
    from briefer.publish import publish

    staged_day = staging / day.isoformat()
    if not staged_day.is_dir():
        return {}
    names = sorted(p.name for p in staged_day.iterdir() if p.is_dir() and not p.name.startswith("."))
    publish(staged_day, output, day)
    return {name: edition_dir(output, day, name) for name in names}


def _tell_archive(output: Path, described: list[tuple[str, str, tuple[str, ...], int, datetime]]) -> None:
    """The archive of this process told what the promoted editions' ``briefing.json`` hold, as the
    run that wrote them said (:func:`_described_editions`; the files are the same, moved)."""
    from briefer.archive import remember_edition

    for path, title, themes, articles, generated_at in described:
        remember_edition(output / path, title, themes, articles, generated_at)


def _remove_staging(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
    parent = path.parent
    with contextlib.suppress(OSError):
        parent.rmdir()  # only when empty


@dataclass
class _Running:
    run_id: int
    process: Any
    stopped_at: float | None = None


@dataclass
class BriefScheduler:
    """One scheduler for one workspace; :meth:`serve` blocks until SIGINT or SIGTERM."""

    config: Config
    wait_for_lock: bool = False
    log_level: int = logging.INFO
    stop_event: threading.Event = field(default_factory=threading.Event)
    kill_after: float = field(default_factory=lambda: KILL_AFTER)
    """Seconds a stopped run gets to end on its own before it is killed."""
    _running: _Running | None = None
    _scheduler: Any = None
    _store: Store | None = None
    _signals: deque[int] = field(default_factory=deque)
    """Signals received and not acted on yet: the handler only notes them (:meth:`_act_on_signals`)."""
    _wakeup: _Wakeup | None = None
    """What the main thread waits on while :meth:`serve` runs."""
    _startup_error: BaseException | None = None
    _busy: threading.Lock = field(default_factory=threading.Lock)
    """Held while a run is going on; :meth:`serve` waits for it before returning."""
    _warm: WarmProcess | None = None
    """The next run's process, already started (``schedule.warm``)."""

    # -- the job ---------------------------------------------------------------

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.config.store.path)
        return self._store

    def run_brief(self) -> str | None:
        """Make one brief (and send it); returns the run's outcome, or None when stopped before it began."""
        try:
            with self._busy:
                try:
                    return self._run_brief()
                finally:
                    self._start_warm()
        finally:
            self._wake()  # serve() may be waiting for this run to end

    def _start_warm(self) -> None:
        """With ``schedule.warm``, the next run's process, started now; with ``schedule.resident``, the
        resident process kept, or a fresh one when there is none or the next run briefs another day
        (briefer.warm)."""
        schedule = self.config.schedule
        if not (schedule.warm or schedule.resident) or self.stop_event.is_set():
            return
        warm = self._warm
        if warm is not None and warm.resident and warm.day is not None and self._next_day() not in (None, warm.day):
            log.info("the next run briefs another day than %s: a fresh resident process replaces it", warm.day)
            self._close_warm()
        if self._warm is None:
            from briefer.warm import WarmProcess

            self._warm = WarmProcess(self.log_level, resident=schedule.resident)

    def _next_day(self) -> date | None:
        """The day the next scheduled run will brief, when the job store says when it comes (with
        ``SOURCE_DATE_EPOCH`` set, the run's clock stands still: the day :func:`brief_day` gives now)."""
        if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
            return brief_day(self.config)
        job = self._scheduler.get_job(JOB_ID) if self._scheduler is not None else None
        if job is None or job.next_run_time is None:
            return None
        return _day_of_run(self.config, job.next_run_time)

    def _close_warm(self) -> None:
        warm, self._warm = self._warm, None
        if warm is not None:
            warm.close()

    def _run_brief(self) -> str | None:
        config = self.config
        with run_lock(config, self.stop_event) as locked:
            if not locked or self.stop_event.is_set():
                log.warning("stopping: the brief was not started")
                return None
            day = brief_day(config)
            with recorded_run(self.store, day, "schedule", required=True) as run:
                run_id = run.id
                assert run_id is not None  # required: a store error raises
                log.info("run %d: making the brief for %s", run_id, day)
                try:
                    run.outcome, run.message = self._make(run_id, day)
                except Exception as exc:  # a run never takes the scheduler down
                    log.exception("run %d failed", run_id)
                    run.outcome, run.message = "failed", f"{type(exc).__name__}: {exc}"
            outcome, message = run.outcome, run.message
        level = logging.INFO if outcome == "ok" else logging.WARNING if outcome == "partial" else logging.ERROR
        log.log(level, "run %d for %s: %s: %s", run_id, day, outcome, message)
        self._log_next_run()
        return outcome

    def _make(self, run_id: int, day: date) -> tuple[str, str]:
        config = self.config
        staging = config.output / STAGING / f"run-{run_id}"
        _remove_staging(staging)
        warm = self._handed(run_id, day, staging)  # schedule.warm or resident: a process started ahead
        resident = warm is not None and warm.resident
        if warm is not None:
            process, receive, send = warm.process, warm.jobs, None
        else:
            context = multiprocessing.get_context("spawn")  # no fork from a threaded process
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_child_brief, args=(config, day, staging, run_id, send, self.log_level), name=f"brief-{run_id}"
            )
        self._running = _Running(run_id, process)
        reply = None
        try:
            if self.stop_event.is_set():
                if warm is not None:
                    warm.close()  # it has the job already: it must not make the brief
                    _remove_staging(staging)  # nor leave what it began
                return "abandoned", "stopped before the brief began"
            if send is not None:
                process.start()
                send.close()
            self._wait(process, receive if resident else None)  # a resident process answers and stays
            try:
                reply = receive.recv() if receive.poll() else None
            except (EOFError, OSError):  # the child ended without a word (stopped or crashed)
                reply = None
        finally:
            self._running = None
            if warm is not None and resident:
                self._keep_or_close(warm, run_id, reply)
            else:
                receive.close()
        # A resident process's brief is done when it says so (it stays); another's when it ended well too.
        finished = reply is not None and reply[0] == "ok" and (resident or process.exitcode == 0)
        if self.stop_event.is_set() and not finished:
            _remove_staging(staging)
            return "abandoned", "stopped by a signal before the brief was finished; nothing was written"
        if not finished:
            _remove_staging(staging)
            detail = reply[1] if reply else f"the brief's process ended with exit code {process.exitcode}"
            return "failed", str(detail)
        assert reply is not None
        try:
            editions = promote(staging, config.output, day)
        finally:  # a promotion that failed leaves the day as it was, and nothing staged behind
            _remove_staging(staging)
        _tell_archive(config.output, reply[3] if len(reply) > 3 else [])
        update_archive(config.output, config.briefing.title)  # the child's was made in the staging folder
        message = str(reply[1])
        log.info("run %d: brief written to %s", run_id, ", ".join(str(p) for p in editions.values()))
        if config.delivery.email is not None and config.schedule.send and not self.stop_event.is_set():
            message += "; " + self._send(day, editions)
        return ("partial" if len(reply) > 2 and reply[2] else "ok"), message  # partial: some sources failed

    def _handed(self, run_id: int, day: date, staging: Path) -> WarmProcess | None:
        """The process started ahead (``schedule.warm``) or kept (``schedule.resident``), handed this
        run; None when there is none (or it is gone, without ``resident``): the run gets a process of
        its own. A resident process that is gone, or that briefed another day, is replaced by a fresh
        one, which loads its models during the run."""
        warm, self._warm = self._warm, None
        if warm is None:
            return None
        if self.stop_event.is_set():
            warm.close()
            return None
        if warm.resident and warm.day not in (None, day):
            log.info("run %d: a new day to brief (%s): the resident process of %s is replaced", run_id, day, warm.day)
        elif warm.hand(self.config, day, staging, run_id):
            if warm.runs > 1:
                log.info("run %d: made by the resident process (pid %d, its run %d)", run_id, warm.pid, warm.runs)
            else:
                log.info("run %d: its process was started ahead, loading the models meanwhile", run_id)
            return warm
        else:
            log.warning("run %d: the brief's process started ahead is gone (%s)", run_id, warm.ended())
        warm.close()
        if not warm.resident:
            return None
        warm = self._fresh_resident()
        if not warm.hand(self.config, day, staging, run_id):  # gone already: a process of its own, then
            log.error("run %d: a fresh resident process ended at once (%s)", run_id, warm.ended())
            warm.close()
            return None
        log.info("run %d: made by a fresh resident process (pid %d), loading its models first", run_id, warm.pid)
        return warm

    def _fresh_resident(self) -> WarmProcess:
        from briefer.warm import WarmProcess

        return WarmProcess(self.log_level, resident=True)

    def _keep_or_close(self, warm: WarmProcess, run_id: int, reply: Any) -> None:
        """After a run made by a resident process: kept for the next run when it made the brief and is
        still there; else ended (the next run gets a fresh one)."""
        if reply is not None and reply[0] == "ok" and warm.alive() and not self.stop_event.is_set():
            self._warm = warm
            return
        if reply is None:  # its pipe closed as it died: reaped first, so the log says how it ended
            warm.process.join(5)
        if not warm.alive() and not self.stop_event.is_set():
            log.warning("run %d: the resident process ended (%s): the next run gets a fresh one", run_id, warm.ended())
        warm.close()

    def _wait(self, process: Any, replies: Connection | None = None) -> None:
        """Until ``process`` ends, or (a resident process) until it answers on ``replies``."""
        from multiprocessing.connection import wait

        while process.is_alive() and not (replies is not None and replies.poll()):
            wait([process.sentinel, *([replies] if replies is not None else [])], 0.2)
            running = self._running
            if running and running.stopped_at and time.monotonic() - running.stopped_at > self.kill_after:
                log.error("run %d did not stop within %g s: killing it", running.run_id, self.kill_after)
                process.kill()
                process.join()

    def _send(self, day: date, editions: dict[str, Path]) -> str:
        from briefer.deliver import DeliveryError, send_editions

        try:
            results = send_editions(self.config, day, editions, self.store, sleep=self.stop_event.wait)
        except DeliveryError as exc:
            log.error("email not sent: %s", exc)
            return f"email not sent: {exc}"
        counts = {s: sum(1 for r in results if r.status == s) for s in ("sent", "skipped", "failed")}
        return "email: " + ", ".join(f"{n} {s}" for s, n in counts.items() if n) if results else "email: no recipients"

    # -- the scheduler --------------------------------------------------------------

    def serve(self) -> None:
        """Take the lock, start APScheduler and block until stopped by a signal."""
        tz = schedule_timezone(self.config)
        trigger = cron_trigger(self.config.schedule.cron, tz)  # a bad expression fails before anything starts
        scheduler_lock = WorkspaceLock(lock_paths(self.config)[0])
        locked = scheduler_lock.acquire(blocking=False)
        if not locked and not self.wait_for_lock:
            raise SchedulerLocked(
                f"another scheduler holds the lock on this workspace ({scheduler_lock.holder()}, "
                f"{scheduler_lock.path}): not starting a second one"
            )
        with self._signals_to_main_thread():
            if not locked:
                log.warning("another scheduler holds the lock (%s): waiting as a standby", scheduler_lock.holder())
                if not scheduler_lock.acquire(blocking=True, stop=_MainThreadStop(self)):
                    log.info("stopped while waiting for the lock")
                    return
                log.info("took over the lock: this scheduler is now the active one")
            try:
                self._serve(trigger, tz)
            finally:
                self._close_warm()
                if self._store is not None:
                    self._store.close()
                    self._store = None
                scheduler_lock.release()

    def _serve(self, trigger: Any, tz: str) -> None:
        from apscheduler.schedulers.background import BackgroundScheduler

        self._recover()
        self._start_warm()
        # In a thread of its own: the main thread is kept for signals (see the module docs).
        self._scheduler = BackgroundScheduler(
            jobstores={"default": self._jobstore()},
            executors={"default": {"type": "threadpool", "max_workers": 1}},
            timezone=ZoneInfo(tz),
        )
        self._add_listeners(trigger)
        if not self._stopping():
            log.info("scheduler started: cron %r in %s, pid %d", self.config.schedule.cron, tz, os.getpid())
            self._scheduler.start(paused=True)  # resumed by _on_started once the job is in place
            while not self._pause():
                pass
            # wait=False: APScheduler would wait for the job while holding its job store lock, which
            # the job needs; the run itself is waited for below, through self._busy.
            self._scheduler.shutdown(wait=False)
        if self._busy.locked():
            log.info("waiting for the current run to end")
        while self._busy.locked():  # the run in progress is abandoned and recorded before we return
            self._pause()  # run_brief wakes us when it ends; a second signal kills the run meanwhile
        if self._startup_error is not None:
            raise self._startup_error
        log.info("scheduler stopped")

    def _jobstore(self) -> Any:
        from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

        path = jobstore_path(self.config)
        path.parent.mkdir(parents=True, exist_ok=True)
        return SQLAlchemyJobStore(url=f"sqlite:///{path}")

    def _recover(self) -> None:
        """Tidy what a killed scheduler left: runs never finished, staging folders."""
        count = self.store.abandon_unfinished(
            "schedule", "the scheduler stopped during this run without finishing it (killed or crashed)"
        )
        if count:
            log.warning("%d scheduled run(s) left unfinished by an earlier scheduler: recorded as abandoned", count)
        staging = self.config.output / STAGING
        if staging.is_dir():
            with run_lock(self.config, _MainThreadStop(self)) as locked:
                if locked:
                    shutil.rmtree(staging, ignore_errors=True)

    def _add_listeners(self, trigger: Any) -> None:
        from apscheduler.events import (
            EVENT_JOB_MAX_INSTANCES,
            EVENT_JOB_MISSED,
            EVENT_JOB_SUBMITTED,
            EVENT_SCHEDULER_STARTED,
        )

        scheduler = self._scheduler

        def on_started(event: Any) -> None:
            try:
                self._ensure_job(trigger)
                scheduler.resume()
                self._log_next_run()
            except BaseException as exc:  # APScheduler would only log it and stay paused forever
                log.exception("could not set up the schedule")
                self._startup_error = exc
                self._stop()

        def on_submitted(event: Any) -> None:
            due = max(event.scheduled_run_times)
            late = (clock.wall() - due).total_seconds()
            if late > CATCH_UP_NOTICE:
                log.warning(
                    "catching up: the brief due at %s runs now, %s late (within misfire_grace_time)",
                    due.isoformat(timespec="seconds"),
                    _duration(late),
                )
            else:
                log.info("the brief due at %s starts", due.isoformat(timespec="seconds"))

        def on_missed(event: Any) -> None:
            due = event.scheduled_run_time
            day = _day_of_run(self.config, due)  # the day it would have briefed
            late = (clock.wall() - due).total_seconds()
            message = (
                f"MISSED: the brief due at {due.isoformat(timespec='seconds')} was not made: the scheduler "
                f"was {_duration(late)} late, past schedule.misfire_grace_time "
                f"({self.config.schedule.misfire_grace_time} s). Make it by hand: briefer run --date {day}"
            )
            log.error(message)
            self.store.record_missed_run(day, message)
            self._log_next_run()

        def on_max_instances(event: Any) -> None:
            due = ", ".join(t.isoformat(timespec="seconds") for t in event.scheduled_run_times)
            log.error("the brief due at %s was not started: the previous run is still going", due)

        scheduler.add_listener(on_started, EVENT_SCHEDULER_STARTED)
        scheduler.add_listener(on_submitted, EVENT_JOB_SUBMITTED)
        scheduler.add_listener(on_missed, EVENT_JOB_MISSED)
        scheduler.add_listener(on_max_instances, EVENT_JOB_MAX_INSTANCES)

    def _ensure_job(self, trigger: Any) -> None:
        """Keep the stored job (and so a missed run); add it only the first time; reschedule on a new cron."""
        scheduler = self._scheduler
        options = {"misfire_grace_time": self.config.schedule.misfire_grace_time, "coalesce": True, "max_instances": 1}
        job = scheduler.get_job(JOB_ID)
        if job is None:
            scheduler.add_job(JOB_FUNC, trigger=trigger, id=JOB_ID, name="daily brief", **options)
            log.info("schedule created: %s", trigger)
            return
        scheduler.modify_job(JOB_ID, func=JOB_FUNC, **options)
        if repr(job.trigger) != repr(trigger):
            scheduler.reschedule_job(JOB_ID, trigger=trigger)
            log.warning("schedule changed from %s to %s: the next run is computed from now", job.trigger, trigger)
        elif job.next_run_time is not None and job.next_run_time < clock.wall():
            log.warning(
                "the brief due at %s was not made while the scheduler was down",
                job.next_run_time.isoformat(timespec="seconds"),
            )

    def _log_next_run(self) -> None:
        if self.stop_event.is_set():
            return
        job = self._scheduler.get_job(JOB_ID) if self._scheduler is not None else None
        if job is not None and job.next_run_time is not None:
            log.info("next brief: %s", job.next_run_time.isoformat(timespec="seconds"))

    # -- stopping -------------------------------------------------------------------

    @contextlib.contextmanager
    def _signals_to_main_thread(self) -> Iterator[None]:
        """SIGINT and SIGTERM noted by a handler and written to the main thread's wake-up pipe;
        both set back as they were on the way out (a signal then acts as it would have before)."""
        wakeup = _Wakeup()
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        previous_fd = signal.set_wakeup_fd(wakeup.write_fd, warn_on_full_buffer=False)
        self._wakeup = wakeup

        def note(signum: int, frame: FrameType | None) -> None:
            self._signals.append(signum)  # nothing else here: no lock, no logging (see the module docs)

        try:
            for sig in handlers:
                signal.signal(sig, note)
            yield
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
            signal.set_wakeup_fd(previous_fd)
            self._wakeup = None
            wakeup.close()

    def _pause(self, timeout: float | None = None) -> bool:
        """In the main thread: wait for a signal, a wake-up or ``timeout``; act on the signals; True when stopping."""
        wakeup = self._wakeup
        if wakeup is not None and not self._signals and not self.stop_event.is_set():
            wakeup.wait(timeout)  # a signal that came after the test above has written to the pipe
        return self._stopping()

    def _stopping(self) -> bool:
        """Act on the signals noted (main thread only); True when the scheduler is stopping."""
        self._act_on_signals()
        return self.stop_event.is_set()

    def _act_on_signals(self) -> None:
        while self._signals:
            name = signal.Signals(self._signals.popleft()).name
            running = self._running
            if self.stop_event.is_set():
                if running is not None:
                    log.warning("%s again: killing run %d now", name, running.run_id)
                    running.process.kill()
                continue
            log.warning("%s received: stopping%s", name, f"; abandoning run {running.run_id}" if running else "")
            self.stop_event.set()
            if running is not None and running.process.pid:
                running.stopped_at = time.monotonic()
                with contextlib.suppress(ProcessLookupError):
                    os.kill(running.process.pid, signal.SIGTERM)
                    log.info("run %d: its process has the signal and %g s to end", running.run_id, self.kill_after)

    def _stop(self) -> None:
        """Stop from any thread: serve() shuts APScheduler down once the main thread is woken."""
        self.stop_event.set()
        self._wake()

    def _wake(self) -> None:
        wakeup = self._wakeup
        if wakeup is not None:
            wakeup.wake()


class _MainThreadStop:
    """:class:`Stop` for a wait in the main thread (for a lock): its wait ends at a signal, which it acts on."""

    def __init__(self, scheduler: BriefScheduler) -> None:
        self.scheduler = scheduler

    def is_set(self) -> bool:
        return self.scheduler._stopping()

    def wait(self, timeout: float) -> bool:
        return self.scheduler._pause(timeout)


class _Wakeup:
    """A pipe the main thread waits on: a signal writes its number there (:func:`signal.set_wakeup_fd`),
    whichever thread took it, and :meth:`wake` a byte, from any thread."""

    def __init__(self) -> None:
        self._read, self.write_fd = os.pipe()
        os.set_blocking(self._read, False)
        os.set_blocking(self.write_fd, False)
        self._lock = threading.Lock()  # never taken in a signal handler
        self._closed = False

    def wake(self) -> None:
        with self._lock:
            if not self._closed:
                with contextlib.suppress(BlockingIOError):  # full: it will wake anyway
                    os.write(self.write_fd, b"\0")

    def wait(self, timeout: float | None) -> None:
        select.select([self._read], [], [], timeout)
        with contextlib.suppress(BlockingIOError):
            while os.read(self._read, 512):
                pass

    def close(self) -> None:
        with self._lock:
            self._closed = True
            os.close(self._read)
            os.close(self.write_fd)


_ACTIVE: BriefScheduler | None = None


def _scheduled_brief() -> None:
    """The stored job's function; it holds no arguments, so the job store keeps no config."""
    if _ACTIVE is None:
        log.error("a scheduled brief came due, but no scheduler is active in this process")
        return
    _ACTIVE.run_brief()


def serve(config: Config, wait_for_lock: bool = False, log_level: int = logging.INFO) -> None:
    """Run the scheduler in the foreground until SIGINT or SIGTERM; see the module docs."""
    global _ACTIVE
    scheduler = BriefScheduler(config, wait_for_lock=wait_for_lock, log_level=log_level)
    _ACTIVE = scheduler
    try:
        scheduler.serve()
    finally:
        _ACTIVE = None


# -- status ------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    cron: str
    timezone: str
    next_run: datetime | None
    next_run_from: str
    """``job store`` (what a running or restarted scheduler will do) or ``cron`` (no scheduler has run yet)."""
    scheduler: str | None
    """Who holds the scheduler lock, or ``None`` when no scheduler runs."""
    runs: list[RunRecord]


def status(config: Config, limit: int = 10) -> Status:
    tz = schedule_timezone(config)
    trigger = cron_trigger(config.schedule.cron, tz)
    next_run, source = None, "cron"
    path = jobstore_path(config)
    stored = _stored_next_run(path) if path.exists() else None
    if stored is not None:
        next_run, source = stored.astimezone(ZoneInfo(tz)), "job store"
    if next_run is None:
        next_run = trigger.get_next_fire_time(None, datetime.now(ZoneInfo(tz)))
    lock = WorkspaceLock(lock_paths(config)[0])
    holder = lock.holder() if lock.is_held_elsewhere() else None
    runs: list[RunRecord] = []
    if config.store.path.exists():
        with Store(config.store.path) as store:
            runs = store.recent_runs(limit)
    return Status(config.schedule.cron, tz, next_run, source, holder, runs)


def _stored_next_run(path: Path) -> datetime | None:
    """When the job store says the brief runs next, asked through APScheduler's own job store
    (read only: ``briefer status`` never writes the file), or None when it holds no job."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from sqlalchemy.exc import SQLAlchemyError

    jobs = SQLAlchemyJobStore(url=f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true")
    try:
        return cast("datetime | None", jobs.get_next_run_time())
    except SQLAlchemyError:
        return None
    finally:
        jobs.engine.dispose()


def _duration(value: float) -> str:
    seconds = round(value)
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds / 3600:.1f} h"
