"""Where a large day's themes' map spends its time: each part of one theme's work timed, at several sizes.

    python benchmarks/group_probe.py capture --store WS/store/store.sqlite --out /tmp/theme.pickle [--theme NAME|all]
    python benchmarks/group_probe.py time /tmp/theme.pickle [--fractions 0.25,0.5,1]

``capture`` reads the day's memo a run left in a workspace's store (its themes, each article's summary; the
latest memo, whatever the code version it was written by), the full analyses of one theme's articles from the
store's analysis cache (the largest theme by default), and pickles them. ``time`` works that theme out as the
themes' map does (:func:`briefer.group.theme_parts`) on an evenly spread share of its articles (every k-th
one: a smaller day of the same stories, fewer reports of each), and prints the CPU time (``time.process_time``)
of each part: the stories (step 1's features, the clustering and its candidate pairs, the later steps, each
story's title and summary), the theme's summary, its quotations, its key actors, its space for the day's base.
The pickle holds third-party text: keep it outside the repository.

Run ``time`` from the code tree to measure (``PYTHONPATH=TREE``), with the same pickle, to compare two versions.
"""

from __future__ import annotations

import argparse
import functools
import json
import pickle
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def capture(store: Path, out: Path, theme: str | None) -> None:
    from briefer import cached
    from briefer.models import SummarizedArticle
    from briefer.store import RunMemory, Store

    started = time.perf_counter()
    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    (key,) = conn.execute(
        "SELECT substr(key, 1, 64) FROM cache WHERE kind = 'day' ORDER BY created_at DESC LIMIT 1"
    ).fetchone()
    conn.close()
    backend = Store(store)
    raw = backend.cache_get("day", key)
    assert raw is not None
    stored = cached._DAY_CODEC.decode(json.loads(bytes(raw).decode("utf-8")))
    del raw
    themes = {t.name: t.articles for t in stored.themes}
    print({name: len(found) for name, found in themes.items()}, f"{time.perf_counter() - started:.0f} s")
    if theme == "all":  # every theme, "Other" too, each to its own pickle: OUT's name with the theme's before it
        names = list(themes)
    else:
        names = [theme or max((n for n in themes if n != "Other"), key=lambda n: len(themes[n]))]
    memory = RunMemory(backend)
    for name in names:
        lean = themes[name]
        keys = [cached._text_digest(item.analysed.article) for item in lean]
        full = []
        for item, k in zip(lean, keys, strict=True):
            analysed = cached._cached_analysis(memory, k, item.analysed.article)
            assert analysed is not None, k
            full.append(SummarizedArticle(analysed=analysed, summary=item.summary))
        path = out if len(names) == 1 else out.with_name(f"{name.lower()}-{out.name}")
        path.write_bytes(pickle.dumps({"theme": name, "items": full}, protocol=5))
        print(f"{name}: {len(full)} articles to {path}, {time.perf_counter() - started:.0f} s", flush=True)


PARTS = {
    "stories": (
        "_day_of",
        "_blocked_labels",
        "_candidate_pairs",
        "_sparse_average_linkage",
        "_looked",
        "_opinion_apart",
        "_one_event",
        "_found_continues",
        "_joint_rows",
        "_title_of",
        "_story_summary",
        "_signature",
    ),
}


def _timed(table: dict[str, float], name: str, fn: Callable[..., Any], depth: list[int]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        depth.append(1)
        started = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            table[name] = table.get(name, 0.0) + time.process_time() - started
            depth.pop()

    return wrapper


def _collections(spent: dict[int, float]) -> Callable[[str, dict[str, int]], None]:
    """A :data:`gc.callbacks` entry adding each collection's CPU time to ``spent`` by generation."""
    started = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            generation = info["generation"]
            spent[generation] = spent.get(generation, 0.0) + time.process_time() - started[0]

    return callback


def _ballast(store: Path) -> Any:
    """The day's memo decoded (every article's text, sentences and summary): a heap of the day's size."""
    from briefer import cached
    from briefer.store import Store

    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    (key,) = conn.execute(
        "SELECT substr(key, 1, 64) FROM cache WHERE kind = 'day' ORDER BY created_at DESC LIMIT 1"
    ).fetchone()
    conn.close()
    raw = Store(store).cache_get("day", key)
    assert raw is not None
    return cached._DAY_CODEC.decode(json.loads(bytes(raw).decode("utf-8")))


def time_theme(path: Path, fractions: list[float], ballast: Path | None = None) -> None:
    import gc

    from briefer import article_memo, stories
    from briefer.entities import key_actors
    from briefer.quotes import theme_quotes
    from briefer.summarize import summarize_group

    data = pickle.loads(path.read_bytes())
    items = data["items"]
    held = _ballast(ballast) if ballast is not None else None
    if held is not None:
        print(f"ballast: the day's memo, {len(held.selection.articles)} articles, {len(gc.get_objects())} objects")
    spent: dict[int, float] = {}
    gc.callbacks.append(_collections(spent))
    table: dict[str, float] = {}
    depth: list[int] = []
    for name in PARTS["stories"]:
        setattr(stories, name, _timed(table, name, getattr(stories, name), depth))
    for fraction in fractions:
        step = max(1, round(1 / fraction))
        part = tuple(items[::step])
        table.clear()
        spent.clear()
        article_memo.new_run()
        with article_memo.within():
            t0 = time.process_time()
            mixed = data["theme"] == "Other"  # as the map finds "Other"'s stories: of many kinds, no summary
            told = stories.find_stories(part, 0.2, 4, mixed=mixed)
            t1 = time.process_time()
            summary = () if mixed else summarize_group(part, 4, stories=[s.article_ids for s in told])
            t2 = time.process_time()
            theme_quotes([item.analysed for item in part])
            t3 = time.process_time()
            stories.theme_space(part, told) if len(part) > stories.EXACT_LIMIT else None
            t4 = time.process_time()
            key_actors(item.analysed for item in part)
            t5 = time.process_time()
        sizes = sorted((len(s.article_ids) for s in told), reverse=True)
        print(
            f"\n{data['theme']} 1/{step}: {len(part)} articles, {len(told)} stories (largest {sizes[:5]}), "
            f"summary {len(summary)} sentences"
        )
        print(
            f"find_stories {t1 - t0:.1f} s, summarize_group {t2 - t1:.1f} s, theme_quotes {t3 - t2:.1f} s, "
            f"theme_space {t4 - t3:.1f} s, key_actors {t5 - t4:.1f} s"
        )
        print("  the cycle collector: " + ", ".join(f"generation {g} {spent[g]:.1f} s" for g in sorted(spent)))
        for name in PARTS["stories"]:
            if name in table:
                print(f"  {name}: {table[name]:.1f} s")
        sys.stdout.flush()


def time_parts(path: Path, fractions: list[float], quotes: bool = False) -> None:
    """The theme worked out as a large day's themes' map does (:func:`briefer.group.theme_parts`, with its space
    for the day's base, with its quotations when ``quotes``), on an evenly spread share of its articles: the CPU
    time of the whole and of its stories, space, summary, quotations and key actors as the map calls them (the
    quotations' own key-actor merge counted in theirs), and a digest of what it made (to compare two trees'
    results; without ``quotes`` the digest of session 51's, which had none)."""
    import hashlib

    from briefer import article_memo, entities, group, stories, summarize
    from briefer import quotes as quoting

    data = pickle.loads(path.read_bytes())
    items = data["items"]
    table: dict[str, float] = {}
    depth: list[int] = []
    for module, name in (
        (stories, "find_stories"),
        (stories, "theme_space"),
        (entities, "key_actors"),
        (quoting, "theme_quotes"),
    ):
        setattr(module, name, _timed(table, name, getattr(module, name), depth))
    summarize.summarize_group = _timed(table, "summarize_group", summarize.summarize_group, depth)
    for fraction in fractions:
        step = max(1, round(1 / fraction))
        part = tuple(items[::step])
        table.clear()
        article_memo.new_run()
        # each article's story features through the memos, as group_themes has them
        memos = group.STORY_FEATURES + group.STORY_LAZY
        with article_memo.patched(stories, memos, group._STORY_MEMOS.__getitem__):
            t0 = time.process_time()
            ((summary, actors, told, said, _, space),) = group.theme_parts([part], 0.2, 4, quotes=quotes, spaces=True)
            t1 = time.process_time()
        made = pickle.dumps(
            (summary, actors, told, space, said) if quotes else (summary, actors, told, space), protocol=5
        )
        print(
            f"{data['theme']} 1/{step}: {len(part)} articles, theme_parts {t1 - t0:.1f} s: "
            + ", ".join(f"{name} {spent:.1f} s" for name, spent in table.items())
            + f"; made {hashlib.blake2b(made, digest_size=8).hexdigest()}",
            flush=True,
        )


def time_placements(store: Path, config_path: Path, fractions: list[float], first: int) -> None:
    """The day (every analysed article in the store's memo) scored on an evenly spread share of its articles
    (:func:`briefer.group.score_themes`), then the first ``first`` articles' placements explained
    (:func:`briefer.group._explained`, what a large day's scoring ends with), each timed."""
    import cProfile
    import pstats

    from briefer import article_memo, cached, group
    from briefer.config import load_config
    from briefer.store import RunMemory, Store

    config = load_config(config_path)
    grouping = config.grouping
    started = time.perf_counter()
    day = _ballast(store)
    memory = RunMemory(Store(store))
    analysed = []
    for article in day.selection.articles:
        item = cached._cached_analysis(memory, cached._text_digest(article), article)
        assert item is not None
        analysed.append(item)
    del day
    print(f"{len(analysed)} analyses read, {time.perf_counter() - started:.0f} s", flush=True)
    for fraction in fractions:
        step = max(1, round(1 / fraction))
        part = analysed[::step]
        article_memo.new_run()
        with article_memo.within():
            t0 = time.process_time()
            scores = group.score_themes(
                part, config.themes, grouping.min_score, grouping.multiple, grouping.min_similarity, None
            )
            t1 = time.process_time()
            profile = cProfile.Profile()
            profile.enable()
            placements = group._explained(part, scores, grouping.min_score)
            for _ in range(min(first, len(part))):
                next(placements)
            profile.disable()
            t2 = time.process_time()
        terms = scores.profiles.shape[1] if scores.profiles is not None else 0
        print(
            f"\n1/{step}: {len(part)} articles, {terms} terms: score_themes {t1 - t0:.1f} s; "
            f"the first {first} placements explained {t2 - t1:.1f} s ({(t2 - t1) / first * 1000:.2f} ms each: "
            f"{(t2 - t1) / first * len(part):.0f} s for the day's)"
        )
        pstats.Stats(profile).sort_stats("tottime").print_stats(8)
        del scores, placements
        sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture")
    cap.add_argument("--store", type=Path, required=True)
    cap.add_argument("--out", type=Path, required=True)
    cap.add_argument("--theme", help='a theme (the largest but "Other" by default), or "all"')
    tim = sub.add_parser("time")
    tim.add_argument("pickle", type=Path)
    tim.add_argument("--fractions", default="0.25,0.5,1")
    tim.add_argument("--ballast", type=Path, help="a store whose day's memo is held meanwhile (a day-sized heap)")
    par = sub.add_parser("parts")
    par.add_argument("pickle", type=Path)
    par.add_argument("--fractions", default="0.25,0.5,1")
    par.add_argument("--quotes", action="store_true", help="the theme's quotations too, as a run's map has them")
    pla = sub.add_parser("placements")
    pla.add_argument("--store", type=Path, required=True)
    pla.add_argument("--config", type=Path, required=True)
    pla.add_argument("--fractions", default="0.25,0.5,1")
    pla.add_argument("--first", type=int, default=2000)
    args = parser.parse_args()
    if args.command == "capture":
        capture(args.store, args.out, args.theme)
    elif args.command == "parts":
        time_parts(args.pickle, [float(f) for f in args.fractions.split(",")], args.quotes)
    elif args.command == "placements":
        time_placements(args.store, args.config, [float(f) for f in args.fractions.split(",")], args.first)
    else:
        time_theme(args.pickle, [float(f) for f in args.fractions.split(",")], args.ballast)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
