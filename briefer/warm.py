"""The scheduled briefs' process, started ahead of time (``schedule.warm``), or kept (``schedule.resident``).

``briefer schedule`` makes each brief in a process of its own (spawned: the
scheduler is threaded, so it never forks), which imports briefer and loads
spaCy's pipeline before it can analyse anything.

- With ``schedule.warm: true`` that process is started as soon as the
  scheduler starts and again as soon as a run ends: it imports the pipeline,
  loads the models and waits for its job, so a run that comes due (every 30
  minutes, say) starts with its models loaded. Each brief still gets a fresh
  process, which ends with its run.
- With ``schedule.resident: true`` the process started ahead stays: it makes
  brief after brief of the day, and keeps between them what the day's
  analysis worked out for each article (:mod:`briefer.article_memo`), so an
  update that adds a few articles works out only theirs. Its updates (its runs
  after the first) are made in it, with no child forked (:func:`update_executor`).
  The brief is the one a fresh process would write, byte for byte
  (``tests/test_schedule_resident.py``).

What stays true either way: a stop signal ends the process in the middle of a
run (the scheduler abandons the run and removes its staging folder); a crash
or a kill is seen by the scheduler (the run fails, or, between runs, the next
run finds the process gone) and the next run gets a fresh process. A run that
fails ends the resident process too: the next one starts from nothing kept.

Memory a resident process holds between runs: spaCy's pipeline and the
libraries (as a warm process: some 250 MB), plus the per-article results of
the day's last two runs (:meth:`briefer.article_memo.Memo.age` drops what the
run before last used and the last run did not). It only ever briefs one day:
the scheduler replaces it with a fresh process when the day to brief changes
(ahead of the run, when the next run's day is known), so nothing of a day no
longer briefed is kept, nor anything else a long-lived process would gather
(spaCy's string store, the vocabulary of :mod:`briefer.packed`). After each run
it logs what it holds (``resident brief process: ... MB``).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import resource
import signal
import sys
from datetime import date
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from briefer.config import Config

if TYPE_CHECKING:
    from briefer.executor import Executor

log = logging.getLogger(__name__)

READY = "brief process ready: models loaded"
"""What a process started ahead logs once it has loaded its models (tests wait for it)."""


class WarmProcess:
    """One spawned process that loads the models, then makes one brief when handed it (``resident``:
    one brief after another, until it is closed, a run fails, or it is stopped)."""

    def __init__(self, level: int, resident: bool = False) -> None:
        context = multiprocessing.get_context("spawn")
        self.resident = resident
        self.day: date | None = None
        """The day it was handed last (a resident process briefs one day only)."""
        self.runs = 0
        """Briefs it was handed."""
        self.jobs, child_end = context.Pipe(duplex=True)
        self.process: Any = context.Process(
            target=_warm_child, args=(child_end, level, resident), name="brief-resident" if resident else "brief-warm"
        )
        self.process.start()
        child_end.close()

    def hand(self, config: Config, day: date, staging: Path, run_id: int) -> bool:
        """Give the process its brief; False when it is gone (it crashed, or was killed while waiting)."""
        if not self.process.is_alive():
            return False
        try:
            self.jobs.send((config, day, staging, run_id))
        except OSError:
            return False
        self.day = day
        self.runs += 1
        return True

    @property
    def pid(self) -> int:
        return int(self.process.pid)

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def ended(self) -> str:
        """How the process ended, for the log (``killed by SIGKILL``, ``exit code 1``)."""
        code = self.process.exitcode
        if code is None:
            return "still running"
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exit code {code}"

    def close(self) -> None:
        """End the process if it is still waiting (or running), and close its pipe."""
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(10)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        self.jobs.close()


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _warm_child(conn: Any, level: int, resident: bool = False) -> None:
    """In the spawned process: load what a brief needs, wait for the job, make the brief (``resident``:
    then wait for the next one, keeping the per-article results)."""
    signal.signal(signal.SIGTERM, _exit_on_signal)
    from briefer import article_memo, cached, logs
    from briefer.schedule import _child_brief

    logs.setup(level, "service", tag="brief")
    logging.getLogger("briefer").setLevel(level)
    cached.preload()
    if resident:
        article_memo.keep_between_runs(True)
        # WeasyPrint imported and its fonts loaded once, here: every run's PDF is laid out in a child
        # forked from this process (briefer.executor.Standby), which then starts with them instead of
        # paying for them again (0.36 s of CPU a run; some 20 MB held here).
        from briefer.render import prepare_pdf

        prepare_pdf()
        set_aside(0)
        log.info("resident %s (pid %d), waiting for the day's runs", READY, os.getpid())
    else:
        log.info("%s, waiting for the next run", READY)
    runs = 0
    while True:
        try:
            config, day, staging, run_id = conn.recv()
        except (EOFError, OSError):  # the scheduler stopped or died first
            return
        # a failed run ends the process (SystemExit)
        _child_brief(config, day, staging, run_id, conn, level, executor=update_executor(config, runs, resident))
        if not resident:
            return
        runs += 1
        set_aside(runs)
        log.info("resident brief process after run %d: %s", run_id, holding())


def update_executor(config: Config, runs: int, resident: bool) -> Executor | None:
    """Where a resident process's run after its first works: in this process (an update of the day, whose
    per-article results it holds: every map and the PDF here, no child forked), unless the config names a
    Dask cluster; None (the config's executor) for its first run and for any other process.

    A child forked from a resident process shares its heap, several hundred MB, and each page either
    process writes while they both live is copied: the update's maps (the new articles' analysis, the
    themes') and the PDF laid out aside cost 0.6-1.2 s more CPU forked than here, of a 9-11 s update of
    the 1,114-article day (docs/performance.md, "session 37"); forked, they took some 1.5-2 s off its wall
    time. A resident process exists for updates every few minutes, and its cost is CPU taken from the
    machine, not the minutes between them."""
    if not resident or runs == 0 or config.executor.dask:
        return None
    from briefer.executor import InProcess

    return InProcess()


RECOLLECT = 8
"""Every this many runs a resident process puts back what it set aside for the cycle collector and
collects it once (:func:`set_aside`)."""


def set_aside(runs: int) -> None:
    """What a resident process holds between runs (spaCy's pipeline, the per-article results it keeps,
    the store's caches) set aside for the cycle collector (``gc.freeze``, which costs nothing): the next
    run's full collections walk only what that run makes, not the 230,000 objects held after a run of the
    1,114-article day (one full collection of them: 0.23-0.27 s of a 10%-new update's CPU). What is held
    is alive, not garbage (a full collection right after such an update found no unreachable object), and
    what a later run lets go of is freed as ever when no cycle holds it; every :data:`RECOLLECT` runs all
    of it is put back and collected once (0.15 s), so that a cycle let go since is freed all the same.
    Within a run, :func:`briefer.tuning.old_objects_set_aside` (the pool's maps) sets aside what the run made
    so far as well, under this freeze, and leaves it so."""
    if runs and runs % RECOLLECT == 0:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def holding() -> str:
    """What this process holds: its resident memory and the per-article results it keeps."""
    from briefer import article_memo

    reused = sum(found for found, _ in article_memo.lookups().values())
    made = sum(missed for _, missed in article_memo.lookups().values())
    return (
        f"{resident_mb():.0f} MB resident, {article_memo.held()} per-article results kept; "
        f"this run reused {reused} and made {made}"
    )


def resident_mb() -> float:
    """This process's resident memory now, in MB (its peak where /proc is not there)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return peak_mb()


def peak_mb() -> float:
    """This process's peak resident memory, in MB (``ru_maxrss``: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024
