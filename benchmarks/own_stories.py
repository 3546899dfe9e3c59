"""Stories on our own days, apart from placement (issue 17).

    python benchmarks/own_stories.py [--days border,...] [--cache DIR] [--show]

``benchmarks/own_days.py`` scores a brief end to end: an article placed in the wrong theme
is in no story with its event's other reports. This script scores the stories alone, three
ways, on the same days (``benchmarks/own_days/<day>``, their ``gold.json``):

- **brief**: the day's themes as briefer placed them, stories found in each by the code
  checked out, the day's round-ups across themes standing alone as in a brief (the
  end-to-end figure of ``own_days.py``, to the digit);
- **agreed**: the same stories, scored only over the pairs of articles that the gold and
  briefer both put in one theme (what placement cannot explain);
- **gold themes**: ``find_stories`` run on each of the gold's themes (and on its "Other");
- **no themes**: the day as a desk with ``themes: []`` sees it, every article in "Other", whose
  stories are the day's top stories (issue 17 asks for both ways).

Each day's articles are gathered, analysed and summarized once by the pipeline (``--fresh``,
on the day's date) and kept with briefer's themes in ``--cache`` (default
``/tmp/own-stories``); later runs only find the stories again. ``--show`` prints each
wrong pair (joined or parted) with the headlines. Besides all days, the figures of the two
development halves: A and B, every other desk in alphabetical order (a rule is tuned on A and
checked on B).
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from own_days import DATES, HERE, build_watched

from briefer.models import SummarizedArticle


def _key(item: SummarizedArticle) -> str:
    found = re.search(r"/(\d\d)-", item.article.url or "")
    if not found:
        raise ValueError(f"an article's file name does not start with its gold key: {item.article.url}")
    return found.group(1)


def _day_items(day: str, cache: Path) -> tuple[list[SummarizedArticle], dict[str, str]]:
    """The day's summarized articles and briefer's theme of each (by gold key)."""
    kept = cache / f"{day}.pkl"
    if kept.exists():
        loaded: tuple[list[SummarizedArticle], dict[str, str]] = pickle.loads(kept.read_bytes())
        return loaded
    captured: list[SummarizedArticle] = []

    def watch(analysed: list[object], summarized: list[SummarizedArticle]) -> bool:
        captured.extend(summarized)
        return True  # and the brief, for its placements

    briefing = build_watched(day, watch)
    placed = {}
    by_id = {item.article.id: _key(item) for item in captured}
    for theme in briefing.themes:
        for item in theme.articles:
            placed[by_id[item.article.id]] = theme.name
    cache.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(pickle.dumps((captured, placed)))
    return captured, placed


def _stories(items: Sequence[SummarizedArticle], themes: dict[str, str]) -> dict[str, tuple[str, int]]:
    """Each article's story (theme, index) when each theme's stories are found on its own, the day's
    round-ups (:func:`briefer.stories.day_roundups`, read across the themes as a brief reads them)
    standing alone."""
    from briefer.group import OTHER
    from briefer.stories import day_roundups, find_stories

    label: dict[str, tuple[str, int]] = {}
    members_of = {name: [item for item in items if themes[_key(item)] == name] for name in sorted(set(themes.values()))}
    alone = day_roundups({name: [item.analysed for item in found] for name, found in members_of.items()}, OTHER)
    for name, members in members_of.items():
        for k, story in enumerate(find_stories(members, alone=alone, mixed=name == OTHER)):
            for article_id in story.article_ids:
                label[article_id] = (name, k)
    return {_key(item): label[item.article.id] for item in items}


def _pairs(
    label: dict[str, tuple[str, int]], gold: dict[str, str], among: set[tuple[str, str]] | None = None
) -> tuple[int, int, int, list[tuple[str, str, str]]]:
    tp = fp = fn = 0
    wrong = []
    for a, b in itertools.combinations(sorted(label), 2):
        if among is not None and (a, b) not in among:
            continue
        same_gold, same = gold[a] == gold[b], label[a] == label[b]
        tp += same_gold and same
        fp += same and not same_gold
        fn += same_gold and not same
        if same != same_gold:
            wrong.append(("joined" if same else "parted", a, b))
    return tp, fp, fn, wrong


def _pr(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f} R {r:.3f} F1 {f:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", default=",".join(DATES))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/own-stories"))
    parser.add_argument("--show", action="store_true", help="print each wrong pair")
    args = parser.parse_args()
    from briefer.group import OTHER

    totals = {kind: [0, 0, 0] for kind in ("brief", "agreed", "gold themes", "no themes")}
    # The development halves a rule is tuned on and checked on: every other desk in alphabetical order.
    half_of = {day: "AB"[k % 2] for k, day in enumerate(sorted(DATES))}
    halves = {(half, kind): [0, 0, 0] for half in "AB" for kind in totals}
    for day in args.days.split(","):
        items, placed = _day_items(day, args.cache)
        gold = json.loads((HERE / day / "gold.json").read_text())
        titles = {_key(item): item.article.title for item in items}
        brief = _stories(items, placed)
        agreed = {
            (a, b)
            for a, b in itertools.combinations(sorted(brief), 2)
            if placed[a] == placed[b] and gold["themes"][a] == gold["themes"][b]
        }
        on_gold = _stories(items, gold["themes"])
        no_themes = _stories(items, dict.fromkeys(gold["themes"], OTHER))
        line = [f"{day:9s}"]
        for kind, label, among in (
            ("brief", brief, None),
            ("agreed", brief, agreed),
            ("gold themes", on_gold, None),
            ("no themes", no_themes, None),
        ):
            tp, fp, fn, wrong = _pairs(label, gold["stories"], among)
            totals[kind] = [x + y for x, y in zip(totals[kind], (tp, fp, fn), strict=True)]
            key = (half_of[day], kind)
            halves[key] = [x + y for x, y in zip(halves[key], (tp, fp, fn), strict=True)]
            line.append(f"{kind}: {_pr(tp, fp, fn)}")
            if args.show and kind not in ("agreed", "no themes"):
                for how, a, b in wrong:
                    print(f"  [{kind}] {how} {a} {b}: {titles[a][:60]!r} / {titles[b][:60]!r}")
        print("  ".join(line))
    for half in "AB":
        print(f"half {half}    " + "  ".join(f"{kind}: {_pr(*halves[half, kind])}" for kind in totals))
    print("all days  " + "  ".join(f"{kind}: {_pr(*totals[kind])}" for kind in totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
