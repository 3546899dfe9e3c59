"""What a Dask driver holds at select's moment, before the analysis: gather and extract on a LocalCluster.

    PYTHONPATH=TREE nice python benchmarks/select_probe.py --config WS/sources.yaml --store /tmp/probe.sqlite

The run's first stages as a Dask driver runs them (``pipeline._gather``, ``pipeline._extract`` with a
:class:`briefer.executor.DaskExecutor` on a LocalCluster of two workers, ``filter_articles``), on a store of
its own (``--store``, emptied first: the extractions are made on the cluster, as on a cold day), the heap
traced from the cluster's start (``tracemalloc``, one frame a block). Printed at the moment select would
start (after ``release_memory``): this process's RSS and PSS, the traced memory and its peak, the lines that
hold the most, and the articles' deep size by part (texts, the other fields), in MB and in KB an article.
``--fork``: then select's forked child as the run starts it (``pipeline._select_places`` with a pipe), the
PSS of the parent and the child sampled every 0.2 s, the highest of their sum printed with its parts.
``PROBE_REFERRERS=1``: what the traced blocks made by the cluster's results' unpickling are (by size), and
which containers hold large strings other than the texts; ``PROBE_FRAMES=N``: N frames a traced block and
the large blocks' paths (slow: 4 frames took the gather and extract 64 s against 28).
Session 56: ``PROBE_TRACE=0``: no tracing (tracemalloc's own tables are some 15 MB of PSS at 10,000 articles);
``PROBE_SMAPS=1``: this process's mappings (the heap, the threads' arenas, Python's pools) at select's moment,
then what of them it shares with select's child and holds alone, before the fork and once the child has sent
its fingerprints; ``PROBE_CHILD=none|touch|grow``: a child that reads nothing, every article's fields, or that
and 1,000,000 small strings, instead of select (what the child's reads alone unshare);
``PROBE_DISCARD=1``: the fingerprints received and let go, not stored; ``PROBE_FREEZE=1``: this process's
objects set aside for its collector while the child runs (``tuning.old_objects_set_aside``).
The probe's LocalCluster runs its scheduler in this process: counted in its PSS and traced, it unpickles
each task's documents and keeps them (a block the size of each text, made at ``pickle.py:95`` as the
results are, session 55, second pass); a run's scheduler is a process of its own: ``--scheduler-file`` (a cluster
started apart, ``dask scheduler --scheduler-file F`` and ``dask worker --scheduler-file F``) measures that.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import sys
import threading
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from day_memory import deep_size
from speed import _memory


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _print_mappings(top: int = 12) -> None:
    """This process's mappings with the most PSS (``/proc/self/smaps``): its name (``[heap]``, a file, or
    none: anonymous), its size and its PSS in MB."""
    rows: list[tuple[int, int, str]] = []
    size = 0
    name = ""
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            head = line.split()
            if "-" in head[0] and not head[0].endswith(":"):
                start, end = (int(x, 16) for x in head[0].split("-"))
                size, name = end - start, head[5] if len(head) > 5 else "(anonymous)"
            elif head[0] == "Pss:":
                rows.append((int(head[1]) * 1024, size, name))
    rows.sort(reverse=True)
    anonymous = sum(pss for pss, _, name in rows if name == "(anonymous)")
    print(f"  mappings: anonymous {anonymous / 2**20:.1f} MB of PSS in {sum(n == '(anonymous)' for *_, n in rows)}")
    for pss, size, name in rows[:top]:
        print(f"    {pss / 2**20:7.1f} MB of {size / 2**20:7.1f} MB  {name}")


def _child_only(articles: list, what: str) -> int:
    """A forked child that reads ``articles`` as ``what`` says (``none``, ``touch``: each article's fields,
    ``grow``: the same, then 1,000,000 small strings made), then waits 3 s to be sampled."""
    import gc

    gc.freeze()
    count = 0
    if what in ("touch", "grow"):
        for article in articles:
            count += len(article.text) + len(article.id) + len(article.urls) + len(article.source)
    if what == "grow":
        junk = [str(i) * 3 for i in range(1_000_000)]
        count += len(junk)
    time.sleep(3)
    return count


def _print_shared(when: str, top: int = 8) -> None:
    """This process's mappings by what they share with others (``Shared_*``) and hold alone
    (``Private_*``), in MB, the largest private first."""
    rows: list[tuple[int, int, int, str]] = []
    size, name, shared, private = 0, "", 0, 0
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            head = line.split()
            if "-" in head[0] and not head[0].endswith(":"):
                if size:
                    rows.append((private, shared, size, name))
                start, end = (int(x, 16) for x in head[0].split("-"))
                size, name, shared, private = end - start, head[5] if len(head) > 5 else "(anonymous)", 0, 0
            elif head[0] in ("Shared_Clean:", "Shared_Dirty:"):
                shared += int(head[1]) * 1024
            elif head[0] in ("Private_Clean:", "Private_Dirty:"):
                private += int(head[1]) * 1024
    rows.append((private, shared, size, name))
    rows.sort(reverse=True)
    anon = [r for r in rows if r[3] in ("(anonymous)", "[heap]")]
    print(
        f"  {when}: anonymous and heap private {sum(r[0] for r in anon) / 2**20:.1f} MB, "
        f"shared {sum(r[1] for r in anon) / 2**20:.1f} MB"
    )
    for private, shared, size, name in rows[:top]:
        print(f"    private {private / 2**20:6.1f} shared {shared / 2**20:6.1f} of {size / 2**20:6.1f} MB  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--date", default="2025-01-15")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--fork", action="store_true")
    parser.add_argument("--scheduler-file", help="a cluster started apart, as a run's is")
    args = parser.parse_args()

    import multiprocessing
    import os
    from datetime import date

    from distributed import Client, LocalCluster

    from briefer import cached, pipeline
    from briefer.config import load_config
    from briefer.executor import DaskExecutor, release_memory, run_aside
    from briefer.filters import filter_articles
    from briefer.report import RunReport
    from briefer.select import day_window
    from briefer.store import RunMemory, open_store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.store}{suffix}").unlink(missing_ok=True)
    config = load_config(args.config)
    config = config.model_copy(update={"store": config.store.model_copy(update={"path": args.store})})
    cluster = None
    if args.scheduler_file:
        client = Client(scheduler_file=args.scheduler_file)
    else:
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    executor = DaskExecutor(client)
    day = date.fromisoformat(args.date)
    gc.collect()
    release_memory()
    base = (_rss_mb(), _memory(os.getpid()) / 2**20)
    traced_here = os.environ.get("PROBE_TRACE", "1") != "0"  # 0: PSS alone, without tracemalloc's own tables
    if traced_here:
        tracemalloc.start(int(os.environ.get("PROBE_FRAMES", "1")))
    memory = RunMemory(open_store(config.store.path), False)
    report = RunReport()
    started = time.perf_counter()
    _, documents, dropped = pipeline._gather(config, lambda *a: None, memory, None, report, None)
    gathered = (tracemalloc.get_traced_memory()[0], _memory(os.getpid()) / 2**20)
    articles, always = pipeline._extract(config, documents, dropped, memory, executor, report, lambda *a: None)
    del documents
    articles, filtered = filter_articles(articles, config, day)
    steps = os.environ.get("PROBE_BUILD", "")  # what pipeline._build does next: earlier, key, load
    if steps:
        print(f"  after extract: PSS {_memory(os.getpid()) / 2**20:.1f} MB")
    if "earlier" in steps:
        earlier = memory.earlier_theme_profiles(day)
        print(f"  after the earlier profiles: PSS {_memory(os.getpid()) / 2**20:.1f} MB")
    if "key" in steps:
        key = cached.day_key(config, day, articles, always, earlier if "earlier" in steps else None)
        print(f"  after the day's key: PSS {_memory(os.getpid()) / 2**20:.1f} MB")
        if "load" in steps:
            cached.load_day(memory, key)
            print(f"  after the day's memo looked for: PSS {_memory(os.getpid()) / 2**20:.1f} MB")
    release_memory()
    if not os.environ.get("PROBE_NO_GC"):  # 1: as a run does before session 56, no collection here
        gc.collect()
    print(f"  select's moment, before the probe's counts: PSS {_memory(os.getpid()) / 2**20:.1f} MB")
    traced, peak = tracemalloc.get_traced_memory()
    snapshot = tracemalloc.take_snapshot() if traced_here else None
    pss = _memory(os.getpid()) / 2**20
    print(f"{len(articles)} articles, gather and extract {time.perf_counter() - started:.1f} s")
    if os.environ.get("PROBE_SMAPS"):  # the process's mappings with the most PSS: heap, threads' arenas, pools
        _print_mappings()
    print(f"before (the cluster started): RSS {base[0]:.1f} MB, PSS {base[1]:.1f} MB")
    print(f"gathered: traced {gathered[0] / 2**20:.1f} MB, PSS {gathered[1]:.1f} MB")
    print(
        f"select's moment: RSS {_rss_mb():.1f} MB, PSS {pss:.1f} MB; traced {traced / 2**20:.1f} MB "
        f"(peak {peak / 2**20:.1f} MB)"
    )
    for stat in snapshot.statistics("lineno")[: args.top] if snapshot is not None else ():
        frame = stat.traceback[0]
        name = frame.filename.split("site-packages/")[-1].split("/wt/")[-1]
        print(f"  {stat.size / 2**20:7.1f} MB {stat.count:8d} blocks  {name}:{frame.lineno}")
    if os.environ.get("PROBE_REFERRERS") and snapshot is not None:
        import collections

        by = collections.Counter()
        count = collections.Counter()
        for trace in snapshot.traces:
            if trace.traceback[0].lineno == 95 and "pickle" in trace.traceback[0].filename:
                bucket = "large" if trace.size > 512 else str(trace.size)
                by[bucket] += trace.size
                count[bucket] += 1
        for bucket, size in by.most_common(12):
            print(f"    pickle.py:95 blocks of {bucket}: {size / 2**20:.1f} MB, {count[bucket]}")
        texts_traced = sum(sys.getsizeof(a.text) for a in articles) / 2**20
        print(f"    the texts' own size {texts_traced:.1f} MB")
        texts_ids = {id(a.text) for a in articles}
        found = 0
        for o in gc.get_objects():
            values = o.values() if isinstance(o, dict) else o if isinstance(o, tuple | list) else ()
            try:
                strings = [v for v in values if isinstance(v, str) and len(v) > 600 and id(v) not in texts_ids]
            except Exception:
                continue
            if strings:
                found += 1
                if found <= 3:
                    print("    held by", type(o).__name__, len(o), repr(o)[:200].replace(chr(10), " "))
                    for ref in gc.get_referrers(o)[:3]:
                        print("      itself held by", type(ref).__name__, repr(ref)[:200].replace(chr(10), " "))
        print(f"    containers of other large strings: {found}")

        big = [t for t in snapshot.traces if t.size > 512 and t.traceback[0].lineno == 95]
        print(f"    large blocks {len(big)}")
        paths = collections.Counter()
        for t in big:
            paths[tuple(f"{f.filename.split('/')[-1]}:{f.lineno}" for f in t.traceback)] += t.size
        for path, size in paths.most_common(4):
            print(f"    {size / 2**20:.1f} MB by", " <- ".join(path))
        sample = articles[0]
        for name in ("text", "title", "url"):
            tb = tracemalloc.get_object_traceback(getattr(sample, name))
            print(f"    {name} made at {tb[0] if tb else None}")
    del snapshot
    tracemalloc.stop()
    seen: set[int] = set()
    n = max(len(articles), 1)
    texts = deep_size([a.text for a in articles], seen) - sys.getsizeof([])
    rest = 0
    for article in articles:
        rest += deep_size(article, seen)
    print(f"  articles' texts {texts / 2**20:.1f} MB ({texts / n / 1024:.2f} KB an article)")
    print(f"  articles' other fields {rest / 2**20:.1f} MB ({rest / n / 1024:.2f} KB an article)")
    fields = [f.name for f in dataclasses.fields(articles[0])] if articles else []
    print(f"  fields: {', '.join(fields)}; dropped {len(dropped) + len(filtered)}, always {len(always)}")
    from briefer.models import Article

    live = [o for o in gc.get_objects() if isinstance(o, Article)]
    ours = {id(a) for a in articles}
    others = [o for o in live if id(o) not in ours]
    print(f"  Article objects alive: {len(live)}, not the day's articles: {len(others)}")
    if others and os.environ.get("PROBE_REFERRERS"):
        for ref in gc.get_referrers(others[0])[:5]:
            print("    held by", type(ref).__name__, repr(ref)[:200])
    del live, others
    if args.fork:
        window = day_window(day, config.briefing.timezone)
        samples: list[tuple[float, float, float]] = []
        done = threading.Event()

        def sample(child: list[int]) -> None:
            while not done.is_set():
                kids = [int(p) for p in Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()]
                here = _memory(os.getpid()) / 2**20
                there = sum(_memory(k) for k in kids) / 2**20
                samples.append((time.perf_counter() - started, here, there))
                time.sleep(0.2)

        release_memory()
        if os.environ.get("PROBE_SMAPS"):
            _print_shared("the parent before the fork")
        known = cached.stored_fingerprints(memory, articles)
        receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
        watcher = threading.Thread(target=sample, args=([],), daemon=True)
        watcher.start()
        from briefer.tuning import old_objects_set_aside

        aside = old_objects_set_aside() if os.environ.get("PROBE_FREEZE") else contextlib.nullcontext()
        if os.environ.get("PROBE_CHILD"):  # what the child's reads alone unshare: none, or every article touched
            send.close()
            receive.close()
            what = os.environ["PROBE_CHILD"]
            pending = run_aside(_child_only, articles, what)
            if os.environ.get("PROBE_SMAPS"):
                time.sleep(2)
                _print_shared(f"the parent, the child {what}")
            pending()
            done.set()
            watcher.join()
            top = max(samples, key=lambda s: s[1] + s[2])
            print(f"child {what}: the tree's highest {top[1] + top[2]:.1f} MB: ", end="")
            print(f"this process {top[1]:.1f} MB, the child {top[2]:.1f} MB")
            return
        with aside:
            if hasattr(pipeline, "_SelectAside"):  # session 56: the child reads the day as prepared before the fork
                send.close()
                receive.close()
                selection = pipeline._selected_aside(
                    articles, window, always, config.duplicates.threshold, known, memory
                )
                kept, merged = selection.articles, selection.merged
            else:
                pending = run_aside(
                    pipeline._select_places, articles, window, always, config.duplicates.threshold, known, send
                )
                send.close()
                del known
                if os.environ.get("PROBE_DISCARD"):  # the fingerprints received and let go, not stored
                    with contextlib.suppress(EOFError):
                        while receive.recv() is not None:
                            pass
                else:
                    cached.keep_fingerprints_sent(memory, receive)
                receive.close()
                if os.environ.get("PROBE_SMAPS"):  # the child has sent all, it is still there
                    _print_shared("the parent, the child's fingerprints all sent")
                kept, _, merged, _ = pending()
        done.set()
        watcher.join()
        top = max(samples, key=lambda s: s[1] + s[2])
        print(f"select forked: kept {len(kept)}, merged {merged}; the tree's highest {top[1] + top[2]:.1f} MB")
        print(f"  at {top[0]:.1f} s: this process {top[1]:.1f} MB, the child {top[2]:.1f} MB")
        first = next((s for s in samples if s[2] > 0), top)
        if os.environ.get("PROBE_SAMPLES"):  # every sample: time, this process, its children
            print("  samples:", " ".join(f"{t:.1f}:{a:.0f}+{b:.0f}" for t, a, b in samples))
        print(f"  the child's first sample: this process {first[1]:.1f} MB, the child {first[2]:.1f} MB")
    client.close()
    if cluster is not None:
        cluster.close()


if __name__ == "__main__":
    main()
