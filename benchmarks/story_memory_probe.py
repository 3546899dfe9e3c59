"""The story memory (``memory.remember``) on a day's themes read back from a store, its Python heap traced.

    PYTHONPATH=TREE nice python benchmarks/story_memory_probe.py /tmp/scale-work/ws-10000/store/store.sqlite

The day's memo (as :mod:`end_probe` reads it: the themes a Dask driver holds once they are back from the
cluster) is briefed by the story memory against a new, empty store (every story new: no earlier day to
regroup against), with ``tracemalloc`` on: a thread samples the traced memory every 0.05 s and takes a
snapshot each time it passes its highest so far by 8 MB; printed: the story memory's time, its traced peak
over its start and its end, and the lines holding the most at the last snapshot (``--top``). The figures are
the Python heap's blocks, not the process's PSS; the probe's themes share no equal strings as the driver's do
(:class:`briefer.cached._One`), and the run's story memory reads the lemmatizer's tables earlier.
"""

from __future__ import annotations

import argparse
import gc
import linecache
import tempfile
import threading
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from end_probe import _memo

from briefer import memory
from briefer.models import Briefing
from briefer.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    themes = tuple(_memo(args.store).themes)
    gc.collect()
    briefing = Briefing("probe", "2025-01-15", "UTC", datetime.now(UTC), themes, ())
    store = Store(Path(tempfile.mkdtemp()) / "store.sqlite")
    tracemalloc.start(1)
    start = tracemalloc.get_traced_memory()[0]
    snapshots: list[tuple[int, Any]] = []
    highest = [start]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            now = tracemalloc.get_traced_memory()[0]
            if now > highest[0] + 8 * 2**20:
                highest[0] = now
                snapshots[:] = [(now, tracemalloc.take_snapshot())]
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    began = time.perf_counter()
    memory.remember(briefing, store, 7, {}, sentences=3)
    took = time.perf_counter() - began
    done.set()
    sampler.join()
    end, peak = tracemalloc.get_traced_memory()
    count = sum(len(t.articles) for t in themes)
    print(f"{args.store}: {count:,} articles in {len(themes)} themes; the story memory {took:.1f} s (traced)")
    print(f"  traced: start {start / 2**20:.1f} MB, peak {peak / 2**20:.1f} MB, end {end / 2**20:.1f} MB")
    for at, snapshot in snapshots:
        print(f"  the last snapshot, at {at / 2**20:.1f} MB, by line:")
        for stat in snapshot.statistics("lineno")[: args.top]:
            frame = stat.traceback[0]
            line = linecache.getline(frame.filename, frame.lineno).strip()[:80]
            name = f"{Path(frame.filename).name}:{frame.lineno}"
            print(f"    {stat.size / 2**20:6.1f} MB {stat.count:8,} {name:24} {line}")


if __name__ == "__main__":
    main()
