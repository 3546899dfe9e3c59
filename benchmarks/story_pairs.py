"""The same-event score of briefer/stories.py, fitted and cross-validated on ECB+ half 1 (issue 17).

    python benchmarks/story_pairs.py --data ../shared/data/ecbplus --cache /tmp/ecb-analysed.pkl [--fit]

The first look of the story clustering cuts a learned probability that two
articles of one theme report one event (``same_event``: a logistic regression on
``pair_features``). Its examples are the pairs of themes built from the topics
of ECB+ **half 1 only** (topics 1, 5, 9, ...; half 2 is held out, see
``benchmarks/story_days.py``): small mixed days (3 documents of each of a
topic's two events; and 1 to 6), seeds other than the benchmark's, and each
topic alone. The hard negatives are the pairs of one topic's two events.

Without ``--fit``: 3-fold cross-validation over half 1's topics. For each fold,
the score is fitted on the other topics' themes and ``find_stories`` (the
production path, steps 2 to 4 included) is run with it, at each cut of
``CUTS``, on days of the fold's topics only, beside the weighted cosine of
before (``SAME_EVENT_COEFFICIENTS`` empty: ``cluster``'s score). With ``--fit``:
the fit on all of half 1, printed as the constants to paste into
``briefer/stories.py``.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).parent))

from stories import load, to_article
from story_days import groups_of, make_days, scored, summed

from briefer import stories
from briefer.analyse import analyse
from briefer.models import AnalysedArticle, SummarizedArticle

FEATURES = ("word", "specifics", "lead", "title", "found_min", "found_max", "people", "actors", "years")
CUTS = (0.2, 0.25, 0.3, 0.35, 0.4)
FOLDS = 3
C = 1.0  # scikit-learn's default regularisation; not tuned


def examples(items: Sequence[SummarizedArticle], gold: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels (same event or not) of every pair of one theme."""
    order = sorted(range(len(items)), key=lambda k: stories._fixed_order(items[k]))
    day = stories.theme_day([items[k] for k in order])
    features = stories.pair_features(day)
    upper = np.triu_indices(len(order), 1)
    labels = np.asarray([gold[k] for k in order])
    return (
        np.column_stack([features[name][upper] for name in FEATURES]),
        (labels[:, None] == labels[None, :])[upper],
    )


def themes(docs: Sequence[dict], topics: Sequence[int], mixed: range, uneven: range) -> list[list[int]]:
    per_day = None if len(topics) >= 4 else len(topics)
    out = make_days(docs, topics, mixed, per_day, 3) + make_days(docs, topics, uneven, per_day, None)
    return out + [[i for i, d in enumerate(docs) if d["topic"] == t] for t in topics]


def fit(items: Sequence[SummarizedArticle], gold: Sequence[str], docs: Sequence[dict], topics: Sequence[int]):  # type: ignore[no-untyped-def]
    xs, ys = [], []
    for idx in themes(docs, topics, range(100, 130), range(200, 230)):
        x, y = examples([items[i] for i in idx], [gold[i] for i in idx])
        xs.append(x)
        ys.append(y)
    return LogisticRegression(C=C, max_iter=5000).fit(np.vstack(xs), np.concatenate(ys))


def using(model, cut: float | None) -> None:  # type: ignore[no-untyped-def]
    """Set the score of ``briefer.stories``: ``model`` at ``cut``, or the cosine of before (None)."""
    if model is None:
        stories.SAME_EVENT_COEFFICIENTS = {}
        stories.SAME_EVENT_INTERCEPT = 0.0
        return
    stories.SAME_EVENT_COEFFICIENTS = dict(zip(FEATURES, (float(c) for c in model.coef_[0]), strict=True))
    stories.SAME_EVENT_INTERCEPT = float(model.intercept_[0])
    stories.SAME_EVENT_CUT = cut if cut is not None else stories.SAME_EVENT_CUT


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding ECB+ docs.jsonl")
    parser.add_argument("--cache", type=Path, help="pickle of the analysed articles (made if missing)")
    parser.add_argument("--fit", action="store_true", help="fit on all of half 1 and print the constants")
    parser.add_argument("--features", help="comma-separated subset of FEATURES (for trying)")
    args = parser.parse_args(argv)
    if args.features:
        global FEATURES
        FEATURES = tuple(args.features.split(","))
    docs = load(args.data)
    gold = [d["event_cluster"] for d in docs]
    analysed: list[AnalysedArticle]
    if args.cache and args.cache.exists():
        analysed = pickle.loads(args.cache.read_bytes())
    else:
        analysed = analyse([to_article(d) for d in docs])
        if args.cache:
            args.cache.write_bytes(pickle.dumps(analysed))
    items = [SummarizedArticle(a, ()) for a in analysed]
    half1 = sorted({d["topic"] for d in docs})[0::2]

    if args.fit:
        model = fit(items, gold, docs, half1)
        print(f"SAME_EVENT_INTERCEPT = {model.intercept_[0]:.4f}")
        print("SAME_EVENT_COEFFICIENTS: dict[str, float] = {")
        for name, c in zip(FEATURES, model.coef_[0], strict=True):
            print(f'    "{name}": {c:.4f},')
        print("}")
        return 0

    kinds = ("3 per event", "1 to 6 per event", "one topic at a time")
    counts: dict[str, dict[str, list[tuple[int, int, int]]]] = {}
    for k in range(FOLDS):
        fold = half1[k::FOLDS]
        model = fit(items, gold, docs, [t for t in half1 if t not in fold])
        test = {
            kinds[0]: make_days(docs, fold, range(20), len(fold), 3),
            kinds[1]: make_days(docs, fold, range(20), len(fold), None),
            kinds[2]: [[i for i, d in enumerate(docs) if d["topic"] == t] for t in fold],
        }
        for setting in ("before", *CUTS):
            using(None if setting == "before" else model, None if setting == "before" else float(setting))
            for kind, days in test.items():
                for idx in days:
                    day = [items[i] for i in idx]
                    found = groups_of(stories.find_stories(day, stories.DEFAULT_THRESHOLD, 1), day)
                    counts.setdefault(str(setting), {}).setdefault(kind, []).append(scored(found, idx, gold))
    print(f"ECB+ half 1, {FOLDS}-fold cross-validation over its topics (days of each fold's topics only)")
    for setting, by_kind in counts.items():
        label = "cosine (before)" if setting == "before" else f"learned, cut {setting}"
        cells = " | ".join(
            "{}: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}".format(k, **summed(v)) for k, v in by_kind.items()
        )
        print(f"  {label:18s} {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
