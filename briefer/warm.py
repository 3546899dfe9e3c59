"""The next scheduled brief's process, started ahead of time (``schedule.warm``, issue 15).

``briefer schedule`` makes each brief in a process of its own (spawned: the
scheduler is threaded, so it never forks), which imports briefer and loads
spaCy's pipeline before it can analyse anything. With ``schedule.warm: true``
that process is started as soon as the scheduler starts and again as soon as
a run ends: it imports the pipeline, loads the models and waits for its job,
so a run that comes due (every 30 minutes, say) starts with its models loaded.
Each brief still gets a fresh process, which ends with its run: a stop, a
kill or a crash behaves exactly as without ``warm``. The cost is the waiting
process's memory between runs (spaCy's pipeline, some 200-300 MB).
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

from briefer.config import Config

log = logging.getLogger(__name__)


class WarmProcess:
    """One spawned process that loads the models, then makes one brief when handed it."""

    def __init__(self, level: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.jobs, child_end = context.Pipe(duplex=True)
        self.process: Any = context.Process(target=_warm_child, args=(child_end, level), name="brief-warm")
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
        return True

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


def _warm_child(conn: Any, level: int) -> None:
    """In the spawned process: load what a brief needs, wait for the job, make the brief."""
    signal.signal(signal.SIGTERM, _exit_on_signal)
    from briefer import cached, logs
    from briefer.schedule import _child_brief

    logs.setup(level, "service", tag="brief")
    logging.getLogger("briefer").setLevel(level)
    cached.preload()
    log.info("brief process ready: models loaded, waiting for the next run")
    try:
        config, day, staging, run_id = conn.recv()
    except (EOFError, OSError):  # the scheduler stopped or died first
        return
    _child_brief(config, day, staging, run_id, conn, level)
