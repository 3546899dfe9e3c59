"""CPU time of each day-level analysis function (select, themes, stories, summaries, entities) on a real day.

    python benchmarks/day_stages.py capture --config WS/sources.yaml --date 2025-01-15 --out /tmp/day.pickle
    python benchmarks/day_stages.py time /tmp/day.pickle [--rounds 3]

``capture`` runs ``briefer run`` once (the store's analyses are reused when
present) and saves what ``select`` and ``group_themes`` were given: the day's
articles, and the analysed and summarized articles with the config. ``time``
then calls each stage function on those inputs, ``--rounds`` times, and prints
the smallest CPU time (``time.process_time``, steadier than wall time on a
shared machine) of each; module import times are measured in a fresh process.
The pickle holds third-party text: keep it outside the repository.

Run ``time`` from the code tree to measure (``PYTHONPATH=TREE``), with the same
pickle, to compare two versions in the same conditions.
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def capture(config: Path, day: str, out: Path) -> None:
    import briefer.group as group
    import briefer.pipeline as pipeline
    from briefer.cli import main as cli_main

    saved: dict[str, Any] = {}
    select_keeping, group_themes = pipeline.select_keeping, group.group_themes

    def select_spy(*args: Any) -> Any:
        saved["select"] = args[:4]  # articles, window, always, threshold: select's own arguments
        return select_keeping(*args)

    def group_spy(analysed: Any, summarized: Any, cfg: Any, *rest: Any) -> Any:
        saved["group"] = (list(analysed), list(summarized), cfg)
        return group_themes(analysed, summarized, cfg, *rest)

    def here(fn: Any, *args: Any) -> Any:  # what run_aside would run in a child: here, so the spies see it
        return lambda: fn(*args)

    pipeline.select_keeping, group.group_themes, pipeline.run_aside = select_spy, group_spy, here
    sys.argv = ["briefer", "run", "--config", str(config), "--date", day, "-q", "--fresh"]
    try:
        cli_main()
    except SystemExit as exc:
        if exc.code:
            raise
    out.write_bytes(pickle.dumps(saved))
    print(f"saved {len(saved['select'][0])} articles, {len(saved['group'][0])} analysed, to {out}")


def _best(fn: Callable[[], Any], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return min(times)


def _import_seconds() -> float:
    code = (
        "import time; t = time.process_time(); import briefer.stories, briefer.group, briefer.summarize, "
        "briefer.select, briefer.entities; print(time.process_time() - t)"
    )
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def time_stages(path: Path, rounds: int) -> None:
    imports = min(_import_seconds() for _ in range(rounds))
    from briefer import entities, group, select, stories, summarize

    saved = pickle.loads(path.read_bytes())
    analysed, summarized, config = saved["group"]
    articles = saved["select"][0]
    rows: list[tuple[str, float]] = [("import stories, group, summarize, select, entities", imports)]

    stem_module = sys.modules.get("briefer.stem")

    def clear_caches() -> None:  # per-word caches (stems) would stay warm from one round to the next
        for module, name in ((group, "_normalize"), (summarize, "_stem"), (stem_module, "stem")):
            fn = getattr(module, name, None)
            if fn is not None and hasattr(fn, "cache_clear"):
                fn.cache_clear()

    def cold(fn: Callable[[], Any]) -> Callable[[], Any]:
        def run() -> Any:
            clear_caches()
            return fn()

        return run

    def add(name: str, fn: Callable[[], Any]) -> None:
        rows.append((name, _best(fn, rounds)))

    add("select.select", lambda: select.select(*saved["select"]))
    texts = [a.text for a in articles]
    add("  select.shingles", lambda: [select.shingles(t) for t in texts])
    add("  select.content_hash", lambda: [select.content_hash(t) for t in texts])
    grouping = config.grouping
    matchers = [group.ThemeMatcher.from_theme(t) for t in config.themes]

    add("group.keyword_scores (stem caches cold)", cold(lambda: group.keyword_scores(analysed, matchers)))
    add("group.article_vectors", lambda: group.article_vectors(analysed))
    settings = (config.themes, grouping.min_score, grouping.multiple, grouping.min_similarity)
    add("group.assign_themes (stem caches cold)", cold(lambda: group.assign_themes(analysed, *settings)))
    groups = group.assign_themes(analysed, *settings)
    by_id = {s.article.id: s for s in summarized}
    themes = {
        name: tuple(by_id[a.article.id] for a, _ in members)
        for name, members in groups.items()
        if members and name != group.OTHER
    }
    every = [item for items in themes.values() for item in items]
    add("stories.article_features", lambda: [stories.article_features(i.analysed) for i in every])
    feats = {name: [stories.article_features(i.analysed) for i in items] for name, items in themes.items()}
    split = [([w for w, _ in f], [s for _, s in f]) for f in feats.values()]
    threshold, sentences = config.stories.threshold, config.summaries.theme_sentences
    add("stories.cluster", lambda: [stories.cluster(w, s, threshold) for w, s in split])
    add("stories.similarity (whole theme)", lambda: [stories.similarity(w, s) for w, s in split])
    add("stories.find_stories", lambda: [stories.find_stories(i, threshold, sentences) for i in themes.values()])
    summary = summarize.summarize_group
    add("summarize.summarize_group (themes)", lambda: [summary(i, sentences) for i in themes.values()])
    add("group.group_themes (all of it, one process)", cold(lambda: group.group_themes(analysed, summarized, config)))
    add("entities.key_actors", lambda: [entities.key_actors(i.analysed for i in items) for items in themes.values()])
    print(
        f"{len(articles)} articles, {len(analysed)} analysed, themes: "
        + ", ".join(f"{k} {len(v)}" for k, v in themes.items())
    )
    print(f"\n| function | CPU seconds (best of {rounds}) |\n|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture")
    cap.add_argument("--config", type=Path, required=True)
    cap.add_argument("--date", required=True)
    cap.add_argument("--out", type=Path, required=True)
    tim = sub.add_parser("time")
    tim.add_argument("pickle", type=Path)
    tim.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.command == "capture":
        capture(args.config, args.date, args.out)
    else:
        time_stages(args.pickle, args.rounds)


if __name__ == "__main__":
    main()
