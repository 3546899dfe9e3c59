"""select alone on a large day: its CPU, its memory, and a digest of what it chose
(docs/performance.md, "Fourth pass").

    python benchmarks/select_memory.py --config WS/sources.yaml --date 2025-01-15 --articles /tmp/day.pickle

The day's articles are gathered and extracted once (in this process, with a store of their own next to
``--articles``, so the workspace's store is left alone) and kept in ``--articles`` (a pickle: the day
holds third-party text, keep it outside the repository); every run after that reads them back. The
fingerprints are made first (as the store would give them), then :func:`briefer.select.select` runs
under ``tracemalloc``: its CPU time, the peak of what it allocated, the growth of the process's RSS
(glibc keeps a heap once grown), and a digest of the selection (the articles kept, with their sources,
URLs and dates; the dropped; the merged count), which two versions of select must share.

``--cold``: select as a run's forked child runs it on a cold store (``pipeline._select_places``): the
fingerprints are made inside, under ``tracemalloc`` too, and what the child sends back is pickled and sized.
``--one``: select as one process (``executor: {processes: 1}``) runs it on a cold store: before session 53
whole (``select.select_keeping``, the fingerprints made with their words and kept until stored), since
then a block of texts at a time (``--one blockwise``: each block's fingerprints given to a sink, here
dropped, their shingle ids to a temporary file). ``--top N``: the lines that held the most at the peak
(a snapshot when the traced memory passes its highest by 20 MB), and the LSH's candidate pairs counted.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import pickle
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # the tree this script is in, not whichever briefer the environment installed
    sys.path.insert(0, str(REPO))


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--date", required=True)
    parser.add_argument("--articles", type=Path, required=True, help="the day's articles, pickled (made once)")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="as a run's forked child on a cold store: the fingerprints made inside, traced too, and the "
        "size of what the child sends back (pipeline._select_places, pickled)",
    )
    parser.add_argument("--one", choices=("whole", "blockwise"), help="as one process runs it, cold (session 53)")
    parser.add_argument("--top", type=int, default=0, help="the lines holding the most at the peak")
    args = parser.parse_args()

    from briefer import select

    if not args.articles.exists():
        from briefer import pipeline
        from briefer.config import load_config
        from briefer.executor import InProcess
        from briefer.report import RunReport
        from briefer.store import RunMemory, open_store

        config = load_config(args.config)
        store = config.store.model_copy(update={"path": args.articles.with_suffix(".sqlite")})
        config = config.model_copy(update={"store": store})
        memory = RunMemory(open_store(config.store.path), True)
        report = RunReport()
        _, documents, dropped = pipeline._gather(config, lambda *a: None, memory, None, report, None)
        articles, always = pipeline._extract(config, documents, dropped, memory, InProcess(), report, lambda *a: None)
        window = select.day_window(date.fromisoformat(args.date), config.briefing.timezone)
        with args.articles.open("wb") as out:
            pickle.dump((articles, always, window, config.duplicates.threshold), out)
    with args.articles.open("rb") as source:
        articles, always, window, threshold = pickle.load(source)
    if args.top:
        _count_pairs(select)
    if args.one:
        gc.collect()
        before = rss_mb()
        tracemalloc.start()
        peaks = _peak_snapshots(args.top)
        start = time.process_time()
        if args.one == "whole":
            chosen, made = select.select_keeping(articles, window, always, threshold, {})
        else:
            made = {}
            chosen = select.select(
                articles,
                window,
                always,
                threshold,
                known=lambda key, text: None,
                keep_words=False,
                sink=lambda part: None,
                blockwise=True,
            )
        cpu = time.process_time() - start
        peak = tracemalloc.get_traced_memory()[1]
        snapshot = peaks()
        tracemalloc.stop()
        print(f"{len(made)} fingerprints made and held until stored")
        _show_top(snapshot, args.top)
    elif args.cold:
        from briefer import pipeline

        gc.collect()
        before = rss_mb()
        tracemalloc.start()
        start = time.process_time()
        kept, dropped, merged, made = pipeline._select_places(articles, window, always, threshold, {})
        cpu = time.process_time() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        sent = len(pickle.dumps((kept, dropped, merged, made), pickle.HIGHEST_PROTOCOL))
        chosen = pipeline._selection_from(articles, kept, dropped, merged)
        print(f"the child sends back {sent / 2**20:.1f} MB ({len(made)} fingerprints)")
    else:
        texts = [a.text for a in articles]
        known = {select.text_key(text): found for text, found in zip(texts, select.fingerprints(texts), strict=True)}
        gc.collect()
        before = rss_mb()
        tracemalloc.start()
        start = time.process_time()
        chosen = select.select(articles, window, always, threshold, known=known)
        cpu = time.process_time() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    kept = [(a.id, a.sources, a.urls, a.published) for a in chosen.articles]
    digest = hashlib.sha256(repr((kept, chosen.dropped, chosen.merged)).encode()).hexdigest()[:16]
    print(
        f"{len(articles)} articles: select {cpu:.2f} s CPU, traced peak {peak / 2**20:.1f} MB, "
        f"RSS {before:.0f} -> {rss_mb():.0f} MB; kept {len(chosen.articles)}, merged {chosen.merged}, digest {digest}"
    )


def _peak_snapshots(top: int) -> Any:
    """A thread that snapshots the traced memory each time it passes its highest so far by 20 MB; the
    function returned stops it and gives the last snapshot (None without ``top``)."""
    import threading

    if not top:
        return lambda: None
    state: dict[str, Any] = {"high": 0, "snapshot": None, "stop": False}

    def watch() -> None:
        while not state["stop"]:
            time.sleep(0.5)
            current = tracemalloc.get_traced_memory()[0]
            if current > state["high"] + 20 * 2**20:
                state["snapshot"] = tracemalloc.take_snapshot()
                state["high"] = current

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()

    def stop() -> Any:
        state["stop"] = True
        thread.join()
        return state["snapshot"]

    return stop


def _show_top(snapshot: Any, top: int) -> None:
    if snapshot is None:
        return
    total = sum(stat.size for stat in snapshot.statistics("filename"))
    print(f"at the peak's last snapshot {total / 2**20:.1f} MB traced; the lines holding the most:")
    for stat in snapshot.statistics("lineno")[:top]:
        frame = stat.traceback[0]
        print(
            f"    {stat.size / 2**20:8.1f} MB {stat.count:>10,} blocks  {frame.filename.split('/')[-1]}:{frame.lineno}"
        )


def _count_pairs(select: Any) -> None:
    """The LSH's candidate pairs (:func:`briefer.select._band_neighbours`), counted as select finds them."""
    found = select._band_neighbours

    def counted(signatures: Any, threshold: float) -> Any:
        neighbours = found(signatures, threshold)
        pairs = sum(map(len, neighbours.values()))
        print(f"LSH: {len(signatures)} rows compared, {len(neighbours)} with candidates, {pairs:,} candidate pairs")
        return neighbours

    select._band_neighbours = counted


if __name__ == "__main__":
    main()
