"""Where the per-article stages run: in this process, a local process pool, or Dask.

The pipeline hands an :class:`Executor` a module-level function that takes a
list of items (a chunk) and returns one result per item, and gets the results
back in order. The function and the values must pickle: they are frozen
dataclasses of :mod:`briefer.models`. The store never leaves the process that
runs the pipeline: cache look-ups happen before the map, cache writes after.

- :class:`InProcess`: no workers; used for days under
  :data:`MIN_PARALLEL_ITEMS` articles, where starting processes and loading
  spaCy in each would cost more than it saves.
- :class:`ProcessPool`: ``concurrent.futures`` with ``spawn``-ed workers (no
  fork of a process that holds threads, sockets and SQLite handles).
- :class:`DaskExecutor`: the same map on a Dask cluster
  (``executor: {dask: tcp://host:8786}``); needs ``pip install briefer[dask]``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol, TypeVar

from briefer.config import Executor as ExecutorOptions

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

MIN_PARALLEL_ITEMS = 2000
"""Below this many items a map runs in this process (``executor.parallel_from`` in the config).

Measured on 2 cores (docs/performance.md): a spawned worker takes 3-4 s to
import spaCy and load its pipeline and holds ~300 MB. At 1,114 articles two
workers shorten the build from 17.6 s to 13.2 s on an idle machine, but make
it slower under load (23 s -> 29 s at load 2.5) and take the run's memory
from ~400 MB to about 1 GB; from 2,000 articles they pay for themselves."""


DEFAULT_CHUNK = 64


class ExecutorError(RuntimeError):
    """The executor could not be started (a Dask scheduler unreachable, Dask not installed)."""


class Executor(Protocol):
    name: str

    def map(self, fn: Callable[[list[T]], list[R]], items: Sequence[T], chunk: int = DEFAULT_CHUNK) -> list[R]: ...

    def close(self) -> None: ...


def _chunks(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i : i + size]) for i in range(0, len(items), max(1, size))]


def _flatten(parts: Sequence[list[R]], expected: int) -> list[R]:
    out = [r for part in parts for r in part]
    if len(out) != expected:
        raise RuntimeError(f"executor returned {len(out)} results for {expected} items")
    return out


class InProcess:
    name = "in-process"

    def map(self, fn: Callable[[list[T]], list[R]], items: Sequence[T], chunk: int = DEFAULT_CHUNK) -> list[R]:
        return fn(list(items)) if items else []

    def close(self) -> None:
        return None


class ProcessPool:
    """A local pool of worker processes, started on first use and reused for the run."""

    name = "process pool"

    def __init__(self, workers: int, min_items: int = MIN_PARALLEL_ITEMS) -> None:
        self.workers = max(1, workers)
        self.min_items = min_items
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[[list[T]], list[R]], items: Sequence[T], chunk: int = DEFAULT_CHUNK) -> list[R]:
        if len(items) < self.min_items or self.workers == 1:
            return InProcess().map(fn, items, chunk)
        if self._pool is None:
            log.info("starting %d worker processes", self.workers)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        # Chunks small enough to balance the workers, large enough to batch spaCy.
        size = max(8, min(chunk, -(-len(items) // (self.workers * 4))))
        parts = list(self._pool.map(fn, _chunks(items, size)))
        return _flatten(parts, len(items))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskExecutor:
    """The map on a Dask cluster: each chunk a task, results gathered in order."""

    name = "dask"

    def __init__(self, address: str | Any) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ExecutorError("executor.dask needs Dask: pip install 'briefer[dask]'") from None
        try:
            self.client = address if isinstance(address, Client) else Client(address, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise ExecutorError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        self._own = not isinstance(address, Client)

    def map(self, fn: Callable[[list[T]], list[R]], items: Sequence[T], chunk: int = DEFAULT_CHUNK) -> list[R]:
        if not items:
            return []
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        size = max(1, min(chunk, -(-len(items) // (workers * 4))))  # a few tasks per worker
        futures = self.client.map(fn, _chunks(items, size), pure=False)
        return _flatten(self.client.gather(futures), len(items))

    def close(self) -> None:
        if self._own:
            self.client.close()


def make_executor(options: ExecutorOptions) -> Executor:
    """The executor ``sources.yaml`` asks for: Dask when a scheduler is named, else a local pool."""
    if options.dask:
        return DaskExecutor(options.dask)
    workers = options.processes or len(os.sched_getaffinity(0))
    return ProcessPool(workers, min_items=options.parallel_from) if workers > 1 else InProcess()
