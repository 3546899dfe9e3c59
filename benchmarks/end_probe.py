"""What the process that runs briefer holds at the end of a run, by part: the day's memo read back from a store.

    PYTHONPATH=TREE nice python benchmarks/end_probe.py /tmp/scale-work/ws-10000/store/store.sqlite

The day's memo (``cached.save_day``) is the value a Dask driver holds once the themes are back from the
cluster (``cached.grouped_on_cluster``: "the same value the process that runs briefer holds"): the
selection's articles and the themes, each article's analysis without its lemmas, its summary. Each part's
deep size (``sys.getsizeof`` of every object reached once, an object shared counted in the first part that
reaches it, in the order printed) is printed in MB and in KB an article, and the themes' placements as
the driver holds them (:class:`briefer.cached.PackedPlacements`) too. The figures are the objects' own
sizes, not the allocator's pools around them nor the process's PSS.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import sqlite3
import time
from pathlib import Path
from typing import Any

from day_memory import deep_size

from briefer import cached
from briefer.cache import DAY


def _memo(path: Path) -> Any:
    with sqlite3.connect(path) as conn:
        keys = [k for (k,) in conn.execute("SELECT key FROM cache WHERE kind = ?", (DAY.name,))]
    if not keys:
        raise SystemExit(f"no day memo in {path}")
    whole = sorted({k.split("\n")[0] for k in keys})[-1]  # a part's key is its entry's, a newline, its number
    from briefer.store import Store

    store = Store(path)
    raw = store.cache_get(DAY.name, whole)
    assert raw is not None
    return cached._DAY_CODEC.decode(__import__("json").loads(bytes(raw).decode("utf-8")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    args = parser.parse_args()
    started = time.perf_counter()
    day = _memo(args.store)
    gc.collect()
    selection, themes = day.selection, day.themes
    count = len(selection.articles)
    items = list({id(i): i for t in themes for i in t.articles}.values())
    seen: set[int] = set()
    rows: list[tuple[str, int]] = []
    alive: list[Any] = []  # each part's list held: a list let go would leave its id to the next one (seen)

    def part(name: str, values: Any) -> None:
        alive.append(values)
        rows.append((name, deep_size(values, seen)))

    part("articles' texts", [a.text for a in selection.articles])
    part("articles' other fields", selection.articles)
    part("analyses' sentences and lemmas (packed)", [i.analysed.__dict__["_packed"] for i in items])
    part("analyses' entities", [i.analysed.entities for i in items])
    part("analyses (the objects)", [i.analysed for i in items])
    part("summaries", [i.summary for i in items])
    part("summarized articles (the objects)", items)
    part("themes' placements (dicts)", [t.placements for t in themes])
    packed = [
        cached.PackedPlacements(t.placements, cached.PLACEMENTS_PACKED, [i.article.id for i in t.articles])
        for t in themes
    ]
    rows.append(("  the same, packed (as the driver holds them)", deep_size(packed, set())))
    part("themes' scores", [t.scores for t in themes])
    part("themes' stories", [t.stories for t in themes])
    part("themes' quotes, key actors, summary", [(t.quotes, t.entities, t.summary) for t in themes])
    part("themes' articles (tuples)", [t.articles for t in themes])
    part("dropped", selection.dropped)
    print(f"{args.store}: {count:,} articles in the selection, {len(items):,} in the themes, {len(themes)} themes")
    for name, size in rows:
        print(f"  {name:50} {size / 2**20:9.1f} MB {size / max(count, 1) / 1024:7.2f} KB an article")
    held = sum(size for name, size in rows if not name.startswith(" "))
    held -= next(size for name, size in rows if name.startswith("themes' placements"))
    held += next(size for name, size in rows if name.startswith(" "))
    print(f"  {'held, placements packed':50} {held / 2**20:9.1f} MB {held / max(count, 1) / 1024:7.2f} KB an article")
    # What the driver holds from render on since session 55 (pipeline._as_rendered): the themes, their
    # placements packed, each article without its analysis, and without its text unless a quotation cites it.
    from datetime import UTC, datetime

    from briefer.models import Briefing
    from briefer.pipeline import _as_rendered

    themes_packed = tuple(dataclasses.replace(t, placements=p) for t, p in zip(themes, packed, strict=True))
    rendered = _as_rendered(Briefing("", "", "UTC", datetime.now(UTC), themes_packed, ()))
    size = deep_size(list(rendered.themes), set())
    name = "as render gets it (pipeline._as_rendered)"
    print(f"  {name:50} {size / 2**20:9.1f} MB {size / max(count, 1) / 1024:7.2f} KB an article")
    print(f"  ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
