"""Where a large day's memory is: what the analysed day holds per article, field by field, and what
the themes' stage adds on top (docs/performance.md, "The curve").

    python benchmarks/day_memory.py --config WS/sources.yaml --date 2025-01-15 [--fresh] [--out result.json]

Runs ``briefer run`` once in this process (one process: ``executor.processes`` 1; the store's
analyses are reused unless ``--fresh``) and, when the day reaches ``group_themes``:

- sizes what the analysed and summarized articles hold, by field: every object reached from the
  field (``sys.getsizeof``, deep), each object counted once, for the first field that reaches it
  (an interned lemma shared by many articles counts once, for the first); fields in the order
  listed, so ``text`` counts the article's text and ``sentences`` only what is not shared with it;
- measures with ``tracemalloc``, started there, what the themes' stage (themes, their summaries,
  key actors, quotes and stories) adds at its peak over what was held when it started.

The day holds third-party text: nothing of it is printed, only sizes.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from array import array
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # the tree this script is in, not whichever briefer the environment installed
    sys.path.insert(0, str(REPO))

FIELDS = (
    ("article", ("text", "title", "url", "source", "id", "sources", "urls", "published")),
    ("analysed", ("sentences", "title_lemmas", "sentence_lemmas", "lead_lemmas", "body_lemmas", "entities")),
    ("summarized", ("summary",)),
)
PACKED = ("places", "lemmas", "ends", "title", "lead", "body", "entities")
"""The same, packed (briefer/packed.py): the sentences' places, the lemmas' ids and where sentences end."""


def deep_size(value: Any, seen: set[int]) -> int:
    """Bytes of ``value`` and of everything it holds that is not in ``seen`` (which it adds to): an object's
    ``__dict__`` and its slots (a packed article's arrays), a container's items; a class is no data."""
    total = 0
    stack = [value]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, type):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, str | bytes | bytearray | int | float | bool | array) or obj is None:
            continue
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, tuple | list | set | frozenset):
            stack.extend(obj)
        else:
            held = getattr(obj, "__dict__", None)
            if held is not None:
                stack.append(held)
            stack.extend(getattr(obj, name) for name in getattr(type(obj), "__slots__", ()) if hasattr(obj, name))
    return total


def breakdown(summarized: list[Any]) -> dict[str, Any]:
    """Bytes per field over the day's summarized articles (each object once, see the module's doc)."""
    seen: set[int] = set()
    sizes: dict[str, int] = {}
    # The containers themselves: the objects and their __dict__s (and the packed values).
    shells = 0
    for item in summarized:
        for obj in (item, item.analysed, item.article, item.analysed.__dict__.get("_packed")):
            for part in (obj, getattr(obj, "__dict__", None)):
                if part is not None and id(part) not in seen:
                    seen.add(id(part))
                    shells += sys.getsizeof(part)
    packed = "_packed" in summarized[0].analysed.__dict__ if summarized else False
    for owner, names in FIELDS:
        if owner == "analysed" and packed:  # what is held, not what a read unpacks (briefer/packed.py)
            owner, names = "packed", PACKED
        for name in names:
            total = 0
            for item in summarized:
                if owner == "packed":
                    holder = item.analysed.__dict__["_packed"] if name != "entities" else item.analysed
                else:
                    holder = item if owner == "summarized" else item.analysed if owner == "analysed" else item.article
                value = getattr(holder, name)
                total += deep_size(value, seen)
            sizes[f"{owner}.{name}"] = total
    if packed:
        from briefer import packed as packed_module

        sizes["vocabulary (whole process)"] = deep_size(packed_module._WORDS, seen) + sys.getsizeof(packed_module._IDS)
    sizes["objects (dataclasses and their dicts)"] = shells
    n = max(1, len(summarized))
    return {
        "articles": len(summarized),
        "bytes": sizes,
        "bytes_per_article": {k: round(v / n) for k, v in sizes.items()},
        "total_per_article": round(sum(sizes.values()) / n),
    }


class _Sized(Exception):
    """--held-only: the run stops here."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--date", required=True)
    parser.add_argument("--fresh", action="store_true", help="analyse again instead of reading the store")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--held-only", action="store_true", help="stop once the analysed day is sized")
    args = parser.parse_args()

    import briefer.group as group
    from briefer import config as config_module
    from briefer import pipeline
    from briefer.executor import InProcess

    found: dict[str, Any] = {}
    group_themes = group.group_themes

    def spy(analysed: Any, summarized: Any, *rest: Any) -> Any:
        gc.collect()
        found["held"] = breakdown(list(summarized))
        if args.held_only:
            raise _Sized
        tracemalloc.start()
        start = time.process_time()
        base = tracemalloc.get_traced_memory()[0]
        try:
            return group_themes(analysed, summarized, *rest)
        finally:
            current, peak = tracemalloc.get_traced_memory()
            snapshot = tracemalloc.take_snapshot()
            tracemalloc.stop()
            found["left_by_line"] = [
                (str(stat.traceback[0]), round(stat.size / 2**20, 2), stat.count)
                for stat in snapshot.statistics("lineno")[:15]
            ]
            found["group"] = {
                "peak_added_mb": round((peak - base) / 2**20, 1),
                "left_mb": round((current - base) / 2**20, 1),
                "cpu_s_traced": round(time.process_time() - start, 1),
            }

    group.group_themes = spy
    cfg = config_module.load_config(args.config)
    from datetime import date

    try:
        pipeline.build(cfg, date.fromisoformat(args.date), fresh=args.fresh, executor=InProcess())
    except _Sized:
        pass
    held = found["held"]
    print(f"{held['articles']} articles; held per article: {held['total_per_article']} bytes")
    for name, size in sorted(held["bytes_per_article"].items(), key=lambda kv: -kv[1]):
        print(f"  {name:<40} {size:>8}")
    if "group" in found:
        print("themes' stage:", found["group"])
        for line in found["left_by_line"]:
            print("  left:", *line)
    if args.out:
        args.out.write_text(json.dumps(found, indent=1) + "\n")


if __name__ == "__main__":
    main()
