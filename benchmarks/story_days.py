"""Stories on small mixed days (issue 17): pairwise precision, recall and F1 on ECB+.

    python benchmarks/story_days.py --data ../shared/data/ecbplus [--cache /tmp/ecb-analysed.pkl]

A desk's day is small and mixed: each ECB+ topic holds two events of the same
kind (two Oscar hosts, two Indonesian earthquakes), and on a small day both
stand among other topics' events. Each day here takes, from each of its
topics, 3 documents of each of the topic's two events (seeded), shuffled:
days of 4 to 10 topics (24 to 60 articles), and days of exactly 8 topics (48
articles) as the issue describes. Two ways, as in a brief:

- every article in one theme: ``find_stories`` over the day;
- ``themes: []``: ``group_themes`` with no themes, every article in "Other",
  whose stories are the day's top stories.

Topics are cut in two halves as in ``benchmarks/stories.py`` (alternate
topics in sorted order). The settings in ``briefer/stories.py`` were chosen
looking at half 1 only; half 2 is held out. Pairwise scores are summed over
all pairs of all days of a half. ECB+ one topic at a time (each topic a
theme) is scored too.
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

import floors
from stories import labels_of, load, pairwise, to_article

from briefer.analyse import analyse
from briefer.config import parse_config
from briefer.group import group_themes
from briefer.models import AnalysedArticle, SummarizedArticle
from briefer.stories import DEFAULT_THRESHOLD, find_stories

DAYS = 10
PER_EVENT = 3
MAX_PER_EVENT = 6  # days of events told by 1 to this many documents (a desk's day is uneven)


def make_days(
    docs: list[dict], topics: Sequence[int], seeds: range, topics_per_day: int | None, per_event: int | None = PER_EVENT
) -> list[list[int]]:
    """Document indexes of each day, shuffled. ``per_event``: documents of each event, or None
    for 1 to ``MAX_PER_EVENT`` (seeded, each event its own number)."""
    days = []
    for seed in seeds:
        rng = random.Random(seed)
        k = topics_per_day or rng.randint(4, min(10, len(topics)))
        picked: list[int] = []
        for topic in rng.sample(list(topics), k):
            for sub in ("ecb", "ecbplus"):
                pool = [i for i, d in enumerate(docs) if d["topic"] == topic and d["subtopic"] == sub]
                take = per_event if per_event is not None else rng.randint(1, MAX_PER_EVENT)
                picked += rng.sample(pool, min(take, len(pool)))
        rng.shuffle(picked)
        days.append(picked)
    return days


def scored(groups: list[list[int]], idx: Sequence[int], gold: Sequence[str]) -> tuple[int, int, int]:
    """(true pairs found, pairs predicted, true pairs) of one day."""
    labels = np.asarray(labels_of(groups, len(idx)))
    ref = np.asarray([gold[i] for i in idx])
    upper = np.triu_indices(len(idx), 1)
    predicted = (labels[:, None] == labels[None, :])[upper]
    true = (ref[:, None] == ref[None, :])[upper]
    return int((predicted & true).sum()), int(predicted.sum()), int(true.sum())


def summed(counts: list[tuple[int, int, int]]) -> dict[str, float]:
    tp, pp, tt = (sum(c[k] for c in counts) for k in range(3))
    p, r = tp / max(pp, 1), tp / max(tt, 1)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def groups_of(stories: Sequence, items: Sequence[SummarizedArticle]) -> list[list[int]]:  # type: ignore[type-arg]
    where = {item.article.id: k for k, item in enumerate(items)}
    return [[where[a] for a in story.article_ids] for story in stories]


def fmt(s: dict[str, float]) -> str:
    return "P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}".format(**s)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding ECB+ docs.jsonl")
    parser.add_argument("--cache", type=Path, help="pickle of the analysed articles (made if missing)")
    parser.add_argument("--days", type=int, default=DAYS, help="days per half and kind (seeds 0 to days-1)")
    parser.add_argument(
        "--tune-only", action="store_true", help="half 1 only: the held-out half is neither run nor printed (no floors)"
    )
    parser.add_argument(
        "--per-event",
        type=int,
        default=PER_EVENT,
        help="documents of each event on the mixed days (with --tune-only: 2 is the hardest case for step 2)",
    )
    args = parser.parse_args(argv)
    if args.per_event != PER_EVENT and not args.tune_only:
        parser.error("--per-event is for tuning: use it with --tune-only (the floors are for 3 per event)")

    docs = load(args.data)
    gold = [d["event_cluster"] for d in docs]
    analysed: list[AnalysedArticle]
    if args.cache and args.cache.exists():
        analysed = pickle.loads(args.cache.read_bytes())
    else:
        analysed = analyse([to_article(d) for d in docs])
        if args.cache:
            args.cache.write_bytes(pickle.dumps(analysed))
    # Stories need summarized articles; a one-sentence lead summary is enough (only story
    # summaries use it, not the clustering).
    items = [SummarizedArticle(a, ()) for a in analysed]
    topics = sorted({d["topic"] for d in docs})
    halves = [topics[0::2], topics[1::2]]
    no_themes = parse_config("themes: []\nsources: []\n")

    print(f"ECB+ {len(docs)} documents; {args.days} seeded days per half and kind; {args.per_event} per event")
    held_out: dict[str, float] = {}

    def one_topic_at_a_time(chosen_topics: Sequence[int]) -> dict[str, float]:
        labels = [0] * len(docs)
        offset = 0
        for topic in chosen_topics:
            idx = [i for i, d in enumerate(docs) if d["topic"] == topic]
            day = [items[i] for i in idx]
            for k, group in enumerate(groups_of(find_stories(day, DEFAULT_THRESHOLD, 1), day)):
                for i in group:
                    labels[idx[i]] = offset + k
            offset += len(idx)
        chosen = [i for i, d in enumerate(docs) if d["topic"] in chosen_topics]
        return pairwise([labels[i] for i in chosen], [gold[i] for i in chosen])

    for h, half in enumerate(halves[:1] if args.tune_only else halves):
        role = "tuned on" if h == 0 else "held out"
        print(f"\nhalf {h + 1} ({role}): topics {', '.join(map(str, half))}")
        kinds = (
            (f"4 to 10 topics ({8 * args.per_event}-{20 * args.per_event} articles)", None, args.per_event),
            (f"8 topics ({16 * args.per_event} articles)", 8, args.per_event),
            (f"4 to 10 topics, 1 to {MAX_PER_EVENT} documents per event", None, None),
        )
        for label, per_day, per_event in kinds:
            one_theme, themeless = [], []
            started = time.perf_counter()
            for idx in make_days(docs, half, range(args.days), per_day, per_event):
                day = [items[i] for i in idx]
                one_theme.append(scored(groups_of(find_stories(day, DEFAULT_THRESHOLD, 1), day), idx, gold))
                (other,) = group_themes([i.analysed for i in day], day, no_themes)
                themeless.append(scored(groups_of(other.stories, day), idx, gold))
            took = time.perf_counter() - started
            print(f"  days of {label}: one theme {fmt(summed(one_theme))} | themes: [] {fmt(summed(themeless))}")
            print(f"    ({took:.1f} s for {2 * args.days} days)")
            if h == 1 and per_day is None and per_event == PER_EVENT:
                held_out.update(summed(themeless))
            elif h == 1 and per_event is None:
                held_out.update({f"uneven_{k}": v for k, v in summed(themeless).items()})
        print("  ECB+ one topic at a time: " + fmt(one_topic_at_a_time(half)))
    if args.tune_only:
        return 0
    every_topic = one_topic_at_a_time(topics)
    print(f"\nECB+ one topic at a time, all {len(topics)} topics: {fmt(every_topic)}")
    held_out["per_topic_f1"] = every_topic["f1"]
    failures = floors.check("story_days", held_out)
    for failure in failures:
        print(f"FLOOR: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
