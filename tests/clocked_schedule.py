"""``briefer schedule`` (the real command) in a process whose clock the test sets.

    python clocked_schedule.py 2025-11-03T05:59:50+00:00 [--kill-after 1] schedule --config ws/sources.yaml

The scheduler's clock starts *frozen* at the given time, so no cron time can
come (or pass) while the process starts, however slow the machine. The test
moves it with a line on stdin:

- ``freeze <iso time>``: the clock shows that time and stays there;
- ``run <iso time>``: the clock shows that time and goes on at the real pace.

After each move the scheduler is woken to look at its jobs again, exactly as
it does at the end of a wait. ``--kill-after`` sets how long a stopped run gets
before it is killed (:attr:`briefer.schedule.BriefScheduler.kill_after`).

The clock is injected where the scheduler reads the time: briefer's wall
clock (:func:`briefer.clock.wall`, how late a run is, what the store records)
reads it, and APScheduler 3's scheduler and executor modules, which call
``datetime.now(tz)`` on their module's ``datetime``, get a subclass whose
``now`` reads it. Only the scheduling process is affected: the brief itself is
made in a child process with the real clock (and the day from
``SOURCE_DATE_EPOCH``, which the test sets).
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import UTC, datetime, timedelta, tzinfo

import apscheduler.executors.base
import apscheduler.schedulers.base

import briefer.clock
import briefer.schedule
from briefer.cli_ops import ops

PATCHED = (apscheduler.schedulers.base, apscheduler.executors.base)


class Clock:
    def __init__(self, start: datetime) -> None:
        self._lock = threading.Lock()
        self._base, self._since, self._running = start, time.monotonic(), False

    def now(self) -> datetime:
        with self._lock:
            elapsed = time.monotonic() - self._since if self._running else 0.0
            return self._base + timedelta(seconds=elapsed)

    def set(self, moment: datetime, running: bool) -> None:
        with self._lock:
            self._base, self._since, self._running = moment, time.monotonic(), running


CLOCK: Clock


class ClockedDatetime(datetime):
    """``datetime`` whose ``now`` is :data:`CLOCK`; everything else is the real class's."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]
        moment = CLOCK.now()
        return moment.astimezone(tz) if tz is not None else moment.astimezone().replace(tzinfo=None)


def _listen() -> None:
    for line in sys.stdin:
        command, _, when = line.strip().partition(" ")
        if command not in ("freeze", "run"):
            print(f"clocked_schedule: unknown command {line!r}", file=sys.stderr, flush=True)
            continue
        CLOCK.set(datetime.fromisoformat(when), running=command == "run")
        print(f"clocked_schedule: clock {command} at {when}", file=sys.stderr, flush=True)
        active = briefer.schedule._ACTIVE
        if active is not None and active._scheduler is not None:
            active._scheduler.wakeup()


def main(argv: list[str]) -> None:
    global CLOCK
    start = datetime.fromisoformat(argv.pop(0))
    if start.tzinfo is None:
        raise SystemExit("clocked_schedule: give the start time with its UTC offset")
    if argv[:1] == ["--kill-after"]:
        briefer.schedule.KILL_AFTER = float(argv[1])
        del argv[:2]
    CLOCK = Clock(start)
    for module in PATCHED:  # a new APScheduler that reads the time otherwise fails here, not silently
        assert getattr(module, "datetime", None) is datetime, f"{module.__name__} no longer reads datetime.now"
        module.datetime = ClockedDatetime  # type: ignore[attr-defined]
    briefer.clock.wall = lambda: CLOCK.now().astimezone(UTC)
    threading.Thread(target=_listen, name="clock", daemon=True).start()
    ops.main(argv, prog_name="briefer")


if __name__ == "__main__":
    main(sys.argv[1:])
