"""How briefer tunes the C allocator, NumPy's BLAS threads and Python's cycle collector, in one place.

Each is measured (docs/performance.md) and each is a no-op where it does not
apply; none changes what a run makes, only how long it takes.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def tune_allocator() -> None:
    """Fixed glibc malloc thresholds for a run: large buffers stay in the heap between stages.

    glibc raises its mmap threshold only after a large block is freed; until
    then every buffer over 128 KiB (spaCy's and NumPy's arrays, pickles of a
    chunk's results) is mapped and unmapped again, a page fault per page each
    time (docs/performance.md, "allocator"). The same as setting
    MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_; a no-op elsewhere than
    glibc, or when the user set either.
    """
    if not sys.platform.startswith("linux") or {"MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"} & set(os.environ):
        return
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 * 2**20)  # M_MMAP_THRESHOLD: 32 MiB, glibc's largest
        libc.mallopt(-1, 64 * 2**20)  # M_TRIM_THRESHOLD: give memory back above 64 MiB free
    except (OSError, AttributeError):  # another C library (musl)
        return


BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
"""The variables that set how many threads NumPy's BLAS (OpenBLAS, or MKL) starts."""


def one_blas_thread() -> None:
    """NumPy's BLAS on one thread per process, unless the user chose a thread count.

    OpenBLAS starts a thread per core and splits even a dot product of two
    vectors between them; briefer's parallel stages already give each core a
    process of its own, so the threads only wait for each other (spinning:
    CPU time spent for nothing) and, on a loaded machine, for the cores.
    Measured on 2 cores at load 6 (benchmarks/README-speed.md, "BLAS threads"): 1,200
    norms of a 60,000-term vector took 1.74 s wall and 0.69 s CPU on OpenBLAS's
    threads, 0.12 s and 0.04 s on one; a 1,114-article cold run 36.5 s CPU
    before, 28.9 s after. Sums over one thread are also the same on every
    machine. Must run before NumPy is first imported: a no-op after (its BLAS
    has read the variables), or when any of :data:`BLAS_THREADS` is set.
    """
    if "numpy" in sys.modules or any(name in os.environ for name in BLAS_THREADS):
        return
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    os.environ["MKL_NUM_THREADS"] = "1"


@contextmanager
def old_objects_set_aside() -> Iterator[None]:
    """Python's cycle collector, for the duration, looks only at objects made from now on.

    WeasyPrint allocates millions of small objects (boxes, styles, lines), and
    every so many of them the collector runs a full collection, which walks
    every object in the process: after a cold build, the day's analyses and
    spaCy's pipeline. Those are not garbage (the caller holds them), so
    ``gc.freeze()`` sets them aside; ``gc.unfreeze()`` puts them back after, so
    nothing is kept for good (``briefer schedule`` runs day after day in one
    process). Measured: docs/performance.md, "collector". Under a freeze someone
    else made (a resident process's, between and across its runs: ``briefer.warm.set_aside``)
    what was made since is set aside too, and nothing is put back at the end: that
    freeze's owner puts it all back when it collects.
    """
    if not gc.isenabled():
        yield
        return
    if gc.get_freeze_count():
        gc.freeze()
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def quick_exit() -> None:
    """At exit, every object left is set aside for the collector (``gc.freeze``): finalizing the
    interpreter otherwise runs one last full collection over spaCy's pipeline and the day's
    analyses, for memory the system takes back anyway (docs/performance.md). For a command's
    process only: every file is written and closed, and the store closed, before exit."""
    atexit.register(gc.freeze)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection for the duration: for reading back a large structure that holds no
    cycles and is kept whole (the day from the store: JSON, then the objects made from it). The
    collector would otherwise walk it again and again as it grows, and the parsed JSON's tens of
    thousands of lists, freed at the end, would bring the next full collections forward
    (docs/performance.md, "The store in plain JSON")."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
