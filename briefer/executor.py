"""Where the per-article stages run: in this process, local worker processes, or Dask.

The pipeline hands an :class:`Executor` a module-level function that takes a
list of items (a chunk) and returns one result per item, and gets the results
back in order. The function and the values must pickle: they are frozen
dataclasses of :mod:`briefer.models`. The store never leaves the process that
runs the pipeline: cache look-ups happen before the map, cache writes after.

- :class:`InProcess`: no workers (``executor: {processes: 1}``, or a map too
  small to share).
- :class:`ForkPool` (the default where the OS forks, Linux): fork-join. Each
  map forks ``processes - 1`` children from this process, which already holds
  the items and what the function needs (spaCy's pipeline loaded, its caches
  warm: a child starts in milliseconds and shares those pages copy-on-write),
  and this process works through chunks alongside them.
- :class:`ProcessPool` (where only ``spawn`` is safe: macOS, Windows):
  ``concurrent.futures`` with spawned workers, which import everything again
  (seconds each), so it takes over only from :data:`MIN_SPAWN_ITEMS` items.
- :class:`DaskExecutor`: the same map on a Dask cluster
  (``executor: {dask: tcp://host:8786}``); needs ``pip install briefer[dask]``.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import gc
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from briefer import article_memo
from briefer.config import Executor as ExecutorOptions
from briefer.tuning import old_objects_set_aside

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

MIN_SPAWN_ITEMS = 2000
"""Below this many items a spawn pool's map runs in this process: a spawned worker imports spaCy
and loads its pipeline again, and holds its own copy (measured: docs/performance.md, "Figures
behind the code's constants")."""

MIN_FORK_ITEMS = 100
"""Below this many items a fork pool's map runs in this process: a forked child
costs milliseconds, but a chunk must be worth pickling its results back."""

LIGHT_FORK_FACTOR = 5
"""A light map (each item a millisecond's work or so: an article's extraction, the stories' features of
an article) forks from this many times the pool's own threshold (:func:`light_items`): below it the
children cost more than they take off this process. The resident process's update of the 1,114-article
day (111 new articles): its extraction and story features forked cost 0.11-0.12 and 0.20-0.22 s of CPU
(0.17-0.37 s wall at load 5), in this process 0.08 and 0.11 s (docs/performance.md, "session 36")."""

DEFAULT_CHUNK = 64


class ExecutorError(RuntimeError):
    """The executor could not be started (a Dask scheduler unreachable, Dask not installed)."""


class Executor(Protocol):
    """What runs the per-article stages, and what it can do (asked, never guessed from its class)."""

    name: str
    shares_memory: bool
    """Its workers are forks of this process: they have what it loaded before a map, and a task
    can run aside in a forked child (:func:`run_aside`, :class:`Standby`) while it goes on."""

    def preloads_models(self, items: int) -> bool:
        """Whether loading the models here before a map of ``items`` items serves the map's workers."""
        ...

    def map(
        self,
        fn: Callable[[list[T]], list[R]],
        items: Sequence[T],
        chunk: int = DEFAULT_CHUNK,
        min_items: int | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> list[R]:
        """``fn`` over ``items`` in chunks of at most ``chunk``, results in order. ``min_items``: the
        fewest items worth sharing out, for a map whose items are each heavy (themes, not articles);
        forked workers use it instead of their own threshold. ``on_progress(done)``: called in this
        process as items get done (as often as the executor can tell), for a progress bar."""
        ...

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
    shares_memory = False

    def preloads_models(self, items: int) -> bool:
        return False

    def map(
        self,
        fn: Callable[[list[T]], list[R]],
        items: Sequence[T],
        chunk: int = DEFAULT_CHUNK,
        min_items: int | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> list[R]:
        if on_progress is None:
            return fn(list(items)) if items else []
        out: list[R] = []
        for part in _chunks(items, chunk):
            out.extend(fn(part))
            on_progress(len(out))
        return out

    def close(self) -> None:
        return None


_HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while this process forks, and are raised once the fork is done.

    A signal that comes during ``os.fork`` makes its exception inside the fork's hooks (logging's
    lock release), where Python prints "Exception ignored" and drops it: the parent then went on
    waiting for a child that would work for ten minutes, and a forked child ran its job with its
    Ctrl-C lost. Held, the signal is pending through the fork; the parent gets it at the end of
    this block, and the child, which inherits the held mask, lets it go in :func:`_child_start`
    once its own handlers are set.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # Python runs signal handlers in the main thread only
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def release_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; nothing elsewhere).

    A peak's large arrays, once freed, often stay in the heap as free but resident pages (glibc
    serves arrays of up to 32 MB from the heap once one that large was freed). Before a fork they
    would be counted in this process's memory for as long as it runs, and reused by each process
    apart (each copy its own); after a theme's working set, kept until the next theme's.
    Some 20 ms for a heap of a few hundred MB."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def _child_start() -> None:
    """A forked child: the parent's signal handlers are not its own, nor is Ctrl-C. (Its log
    handlers are set by :mod:`briefer.logs`, which owns them, at the fork.)

    What it inherited is set aside for its cycle collector (``gc.freeze``): a full collection
    writes to the header of every object it walks, and each page it writes to becomes the
    child's own copy. Without this a child forked late in a large day (the themes' map) copied
    most of the parent's heap (docs/performance.md, "The curve")."""
    gc.freeze()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the scheduler's clean-stop handler is the parent's
    # Ctrl-C reaches every process of the terminal's group; it is the parent's to handle, and the
    # parent ends its children (a failed map terminates them, pipes close, daemons end with it).
    # Without this each child printed a KeyboardInterrupt traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)  # held by the parent over the fork (_signals_held)


class ForkPool:
    """Fork-join on this machine: each map forks ``workers - 1`` children and works alongside them.

    The children are forked at the start of the map, so they hold this
    process's state as it is then: the items themselves (never pickled on the
    way out), the spaCy pipeline the parent loaded, warm caches. Every process,
    this one included, claims the next chunk from a shared counter until none
    is left, so all finish together whatever each chunk costs; a child sends
    its results back once, at the end, and exits with the map.
    """

    name = "process pool"
    shares_memory = True

    def __init__(self, workers: int, min_items: int = MIN_FORK_ITEMS) -> None:
        self.workers = max(1, workers)
        self.min_items = min_items

    def preloads_models(self, items: int) -> bool:
        return items >= self.min_items

    def map(
        self,
        fn: Callable[[list[T]], list[R]],
        items: Sequence[T],
        chunk: int = DEFAULT_CHUNK,
        min_items: int | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> list[R]:
        if len(items) < (self.min_items if min_items is None else min_items) or self.workers == 1:
            return InProcess().map(fn, items, chunk, on_progress=on_progress)
        # Chunks small enough that all processes finish together, large enough to batch spaCy.
        size = max(1, min(chunk, max(8, -(-len(items) // (self.workers * 16)))))
        parts = _chunks(items, size)
        context = multiprocessing.get_context("fork")
        counter = context.Value("i", 0)  # the next chunk to claim; its lock makes a claim atomic
        children: list[tuple[Any, Any]] = []
        done: dict[int, list[R]] = {}
        release_memory()  # free pages the children would inherit, and each fill on its own
        # This process's collector leaves what the children share alone while they run: its writes
        # would make private copies of the shared pages, here as in a child (see _child_start).
        with old_objects_set_aside():
            try:
                for _ in range(min(self.workers - 1, len(parts) - 1)):
                    receive, send = context.Pipe(duplex=False)
                    child = context.Process(target=_child, args=(fn, parts, counter, send), daemon=True)
                    with _signals_held():
                        child.start()
                    send.close()
                    children.append((child, receive))
                for i in _claims(counter, len(parts)):
                    done[i] = fn(parts[i])
                    if on_progress is not None:  # chunks claimed, less one per child that may be at work on it
                        finished = max(len(done), min(counter.value, len(parts)) - len(children))
                        on_progress(min(len(items), finished * size))
                for child, receive in children:
                    done.update(_receive(child, receive))
            finally:
                for child, receive in children:
                    receive.close()
                    if child.is_alive() and not done.keys() >= set(range(len(parts))):
                        child.terminate()  # the map failed here: its chunks are of no use
                    child.join()
        return _flatten([done[i] for i in range(len(parts))], len(items))

    def close(self) -> None:
        return None


def _claims(counter: Any, total: int) -> Iterator[int]:
    """Chunk indexes for one process, each claimed from ``counter`` so that no two processes share one."""
    while True:
        with counter.get_lock():
            index = counter.value
            counter.value = index + 1
        if index >= total:
            return
        yield index


def _child(fn: Callable[[list[T]], list[R]], parts: list[list[T]], counter: Any, send: Any) -> None:
    """A forked child's map: claim chunks until none is left, then send all the results at once."""
    _child_start()
    try:
        outcome: object = {i: fn(parts[i]) for i in _claims(counter, len(parts))}
    except BaseException as exc:  # every error goes back to the parent, which raises it
        with counter.get_lock():
            counter.value = len(parts)  # nobody starts another chunk
        outcome = exc
    _send_back(send, outcome)


def _send_back(send: Any, outcome: object) -> None:
    """A child's result, or the exception that stopped it, to the parent (see :func:`_receive`)."""
    try:
        send.send(outcome)
    except OSError:  # the parent no longer listens (interrupted, or gone): nobody to tell
        pass
    except Exception as exc:  # something that does not pickle
        what = repr(outcome) if isinstance(outcome, BaseException) else "its result"
        send.send(ExecutorError(f"a worker process failed: {what} could not be sent back ({exc!r})"))
    finally:
        send.close()


def _receive(child: Any, receive: Any, timeout: float | None = None) -> Any:
    """What a forked child sent back; its exception raised here, its death an :class:`ExecutorError`, and so is
    its silence past ``timeout`` seconds, when given (a child can hang for ever in a library a thread of its parent
    held a lock of at the fork: fontconfig's, once, in session 60)."""
    if timeout is not None and not receive.poll(timeout):
        raise ExecutorError(f"a worker process gave no answer in {timeout:g} s")
    try:
        outcome = receive.recv()
    except EOFError:
        child.join()
        raise ExecutorError(f"a worker process died (exit code {child.exitcode})") from None
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def run_aside(fn: Callable[..., R], *args: Any, timeout: float | None = None) -> Callable[[], R]:
    """Start ``fn(*args)`` in a forked child while this process goes on; call the result to wait for it.

    For one long job (laying out a PDF) that the caller can overlap with other
    work. Where forking is unsafe (not Linux) the job runs when its result is
    asked for. An error in the child is raised by the call, a child that dies
    is an :class:`ExecutorError`, and so is one that has not answered ``timeout``
    seconds after the call (when given; the child is then ended).
    """
    if not can_fork():
        return lambda: fn(*args)
    job: Callable[..., Any] = fn
    if article_memo.storing():  # what the child makes for the store comes back with its result
        job, args = _carrying_stored, (fn, *args)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_aside_child, args=(job, args, send, receive), daemon=True)
    with _signals_held():
        child.start()
    send.close()
    return functools.partial(_result, child, receive, timeout)


@dataclasses.dataclass
class _Carried:
    """A child's result with the results it made for the store (:func:`briefer.article_memo.stored`)."""

    value: Any
    entries: article_memo.Entries


def _carrying_stored(fn: Callable[..., Any], *args: Any) -> _Carried:
    with article_memo.recorded() as made:
        value = fn(*args)
    return _Carried(value, article_memo.for_the_store(made))


def _result(child: Any, receive: Any, timeout: float | None = None) -> Any:
    """The outcome of a child's job (:func:`_receive`); if this process is interrupted while the child
    works (Ctrl-C), or the child gives no answer in ``timeout`` seconds, the child is ended: what it makes
    is of no use, and nobody would read it."""
    try:
        outcome = _receive(child, receive, timeout)
        if isinstance(outcome, _Carried):
            article_memo.replay(outcome.entries)
            return outcome.value
        return outcome
    except BaseException:
        if child.is_alive():
            child.terminate()
        raise
    finally:
        receive.close()
        child.join()


def _aside_child(fn: Callable[..., Any], args: tuple[Any, ...], send: Any, parents_end: Any) -> None:
    _child_start()
    parents_end.close()  # the parent's reading end: held here too, a write could wait for ever
    _aside_child_job(fn, args, send)


def _aside_child_job(fn: Callable[..., Any], args: tuple[Any, ...], send: Any) -> None:
    try:
        outcome = fn(*args)
    except BaseException as exc:
        outcome = exc
    _send_back(send, outcome)


class Standby:
    """A forked child that gets ready for a job (``prepare``: an import, say) while this process goes
    on, then runs the first job :meth:`run` gives it, as :func:`run_aside` would.

    For a job whose set-up is a fixed cost (WeasyPrint's import, paid by every PDF) and
    whose input comes late: the set-up is paid on a free core, off the run's path. Until
    :meth:`start` (and where forking is unsafe) there is no child, and :meth:`run` is
    :func:`run_aside`; so is every job after the first. :meth:`close` lets an unused child go.

    ``wait``: the child, once forked, does nothing until :meth:`ready` tells it to get ready (or
    a job comes, which it then runs as is). So it can be forked early, while this process is
    still small (a forked child keeps, as its own, every page this process writes after the
    fork), and hold its set-up's memory only from when it is needed.
    """

    def __init__(self, prepare: Callable[[], object], wait: bool = False) -> None:
        self._prepare = prepare
        self._wait = wait
        self._child: Any = None
        self._jobs: Any = None  # this end sends the job
        self._results: Any = None  # this end receives its outcome

    def start(self) -> None:
        if self._child is not None or not can_fork():
            return
        context = multiprocessing.get_context("fork")
        job_end, self._jobs = context.Pipe(duplex=False)
        self._results, result_end = context.Pipe(duplex=False)
        self._child = context.Process(
            target=_standby_child,
            args=(self._prepare, job_end, result_end, (self._jobs, self._results), self._wait),
            daemon=True,
        )
        with _signals_held():
            self._child.start()
        job_end.close()
        result_end.close()

    def ready(self) -> None:
        """Tell a child started with ``wait`` to get ready now (nothing otherwise, or twice)."""
        if self._child is None or not self._wait:
            return
        self._wait = False
        try:
            self._jobs.send(_GET_READY)
        except OSError:  # the child is gone: run() says how
            pass

    def run(self, fn: Callable[..., R], *args: Any, timeout: float | None = None) -> Callable[[], R]:
        child, jobs, results = self._child, self._jobs, self._results
        self._child = self._jobs = self._results = None
        if child is None:
            return run_aside(fn, *args, timeout=timeout)
        try:
            jobs.send((fn, args))
        except OSError:  # the child is gone: _receive says how
            pass
        finally:
            jobs.close()
        return functools.partial(_result, child, results, timeout)

    def close(self) -> None:
        """End a child that got no job: it was only getting ready, and nothing of it is needed (other
        children forked since hold its job pipe open, so it may never see that pipe closed)."""
        child, jobs, results = self._child, self._jobs, self._results
        self._child = self._jobs = self._results = None
        if child is None:
            return
        jobs.close()
        results.close()
        child.terminate()
        child.join()


_GET_READY = "get ready"
"""What :meth:`Standby.ready` sends a waiting child (a job is a tuple)."""


def _standby_child(
    prepare: Callable[[], object], jobs: Any, send: Any, parents_ends: tuple[Any, Any], wait: bool = False
) -> None:
    import threading

    _child_start()
    for end in parents_ends:  # held here too, this process would wait for ever: for a job, or to write
        end.close()
    job: list[Any] = []
    if wait:
        _read_job(jobs, job)
        if not job:
            return  # let go without a job
        if job[0] != _GET_READY:  # the job came first: it gets ready as it runs
            fn, args = job[0]
            _aside_child_job(fn, args, send)
            return
        job.clear()
    # The job is read as soon as it is sent, even while getting ready: a job larger than the pipe's
    # buffer (the HTML of a long brief) would otherwise hold the parent in send() until then.
    reader = threading.Thread(target=_read_job, args=(jobs, job), daemon=True)
    reader.start()
    try:
        prepare()
    except Exception:  # the job meets the same trouble and reports it
        log.debug("standby: getting ready failed", exc_info=True)
    reader.join()
    if job:
        fn, args = job[0]
        _aside_child_job(fn, args, send)


def _read_job(jobs: Any, into: list[Any]) -> None:
    try:
        into.append(jobs.recv())
    except (EOFError, OSError):  # closed: no job after all
        pass


class ProcessPool:
    """A local pool of worker processes, started on first use and reused for the run."""

    name = "process pool"
    shares_memory = False

    def preloads_models(self, items: int) -> bool:
        return False  # spawned workers import and load everything again

    def __init__(self, workers: int, min_items: int = MIN_SPAWN_ITEMS) -> None:
        self.workers = max(1, workers)
        self.min_items = min_items
        self._pool: ProcessPoolExecutor | None = None

    def map(
        self,
        fn: Callable[[list[T]], list[R]],
        items: Sequence[T],
        chunk: int = DEFAULT_CHUNK,
        min_items: int | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> list[R]:
        if len(items) < self.min_items or self.workers == 1:
            return InProcess().map(fn, items, chunk, on_progress=on_progress)
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


def cluster_chunk(client: Any, items: int, chunk: int = DEFAULT_CHUNK) -> int:
    """Items a task on the cluster of ``client``: a few tasks per worker, at most ``chunk`` each."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    return max(1, min(chunk, -(-items // (workers * 4))))


def _on_cluster(client: Any, fn: Callable[[list[T]], list[R]], items: Sequence[T], chunk: int) -> list[R]:
    """``fn`` over ``items`` on the cluster of ``client``: each chunk a task (:func:`cluster_chunk`), results
    gathered in order."""
    futures = client.map(fn, _chunks(items, cluster_chunk(client, len(items), chunk)), pure=False)
    return _flatten(client.gather(futures), len(items))


def _sent_messages_not_kept(client: Any) -> None:
    """``client``'s stream to the scheduler keeps no copy of what it sent. distributed's ``BatchedSend``
    keeps its last ``distributed.admin.low-level-log-length`` (1,000) payloads under 1 MB, a log for
    debugging (``recent_message_log``): on a Dask driver, the tasks it submitted with their arguments
    pickled, the day's articles with their texts sent to be analysed, held to the end of the run (15.1 /
    40.6 MB at 10,000 / 20,000 articles at the themes' fetch, the driver's peak there at 50,000 articles:
    docs/performance.md, session 62). A stream made again when the client reconnects keeps its log."""
    comm: Any = getattr(client, "scheduler_comm", None)
    if isinstance(getattr(comm, "recent_message_log", None), collections.deque):
        comm.recent_message_log = collections.deque(maxlen=0)


class DaskExecutor:
    """The map on a Dask cluster: each chunk a task, results gathered in order."""

    name = "dask"
    shares_memory = False

    def preloads_models(self, items: int) -> bool:
        return False

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
        _sent_messages_not_kept(self.client)

    def map(
        self,
        fn: Callable[[list[T]], list[R]],
        items: Sequence[T],
        chunk: int = DEFAULT_CHUNK,
        min_items: int | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> list[R]:
        return _on_cluster(self.client, fn, items, chunk) if items else []

    def run_aside(self, fn: Callable[..., R], *args: Any, timeout: float | None = None) -> Callable[[], R]:
        """Start ``fn(*args)`` as a task of the cluster while this process goes on; call the result to wait
        for it (:func:`run_aside`'s contract, on a worker rather than in a forked child: a Dask driver may
        not fork). Whatever goes wrong there (the task's own error, a worker lost, no answer in ``timeout``
        seconds) is an :class:`ExecutorError`, for the caller to do the job itself."""
        future = self.client.submit(fn, *args, pure=False)

        def wait() -> R:
            try:
                value: R = future.result(timeout=timeout)
                return value
            except Exception as exc:
                raise ExecutorError(f"{getattr(fn, '__name__', fn)} on the cluster: {exc!r}") from exc
            finally:
                future.release()

        return wait

    def close(self) -> None:
        if self._own:
            self.client.close()


class WithinCluster:
    """The map of a task that runs on a Dask worker (the day's group stage, :func:`briefer.cached.day_groups`):
    each chunk another task of the same cluster, as :class:`DaskExecutor` makes them. The task steps out of
    its worker's thread while the chunks run (``distributed.worker_client``), so that worker takes some too."""

    name = "dask"
    shares_memory = False

    def preloads_models(self, items: int) -> bool:
        return False

    def map(
        self,
        fn: Callable[[list[T]], list[R]],
        items: Sequence[T],
        chunk: int = DEFAULT_CHUNK,
        min_items: int | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> list[R]:
        if not items:
            return []
        from distributed import worker_client

        with worker_client() as client:
            return _on_cluster(client, fn, items, chunk)

    def close(self) -> None:
        return None


def light_items(executor: Executor | None) -> int | None:
    """The ``min_items`` for a light map on ``executor`` (see :data:`LIGHT_FORK_FACTOR`): a fork pool's
    threshold scaled, None (each executor's own) for the others."""
    if isinstance(executor, ForkPool):
        return executor.min_items * LIGHT_FORK_FACTOR
    return None


def make_executor(options: ExecutorOptions) -> Executor:
    """The executor ``sources.yaml`` asks for: Dask when a scheduler is named, else a local pool."""
    if options.dask:
        return DaskExecutor(options.dask)
    workers = options.processes or _cpus()
    if workers == 1:
        return InProcess()
    if can_fork():
        return ForkPool(workers, min_items=options.parallel_from or MIN_FORK_ITEMS)
    return ProcessPool(workers, min_items=options.parallel_from or MIN_SPAWN_ITEMS)


def can_fork() -> bool:
    """Forking a process that has loaded spaCy is safe on Linux; macOS's system libraries are not fork-safe."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def standby(
    executor: Executor, prepare: Callable[[], object], needed: bool = True, wait: bool = False
) -> Iterator[Standby | None]:
    """A :class:`Standby` for the run (closed at the end, whatever happens) when ``needed`` and the
    executor's workers are forks of this process; else None: the job then runs in this process.
    ``wait``: see :class:`Standby`."""
    if not needed or not executor.shares_memory:
        yield None
        return
    aside = Standby(prepare, wait)
    try:
        yield aside
    finally:
        aside.close()
