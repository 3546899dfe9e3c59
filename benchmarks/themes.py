"""Theme grouping against the BBC News Summary categories, on the whole day and on small days.

Five themes named after the categories, each with the client's 8 keywords
(``--themes``, default the built-in copy below, identical to
``shared/tools/bbc-themes.json``): written once, never tuned on these
scores. Reported: macro F1 of the articles' themes against the categories (an
article left in "Other" counts as a miss), for keyword counting alone (the
obvious composition: the theme with most keyword hits, whole text) and for
briefer's grouping, one theme per article.

Small days: the development half is split in two parts by a hash of each
article's file name, ``tune`` and ``held-out`` (``--part``); briefer's
placement was tuned on ``tune`` only, and its figures count on ``held-out``.
The part is dealt (seeded) into ten days of 8, of 20 and of 50 articles, each
day placed from a fresh store; and into ten consecutive days of 20 in one
workspace (a real SQLite store; each day reads the profiles of the days before
it), three workspaces with different deals. Each figure is the macro F1 of the
ten days' placements pooled (the consecutive days: of day N in the three
workspaces pooled). All of it is done for three deals (A, B, C); the floors
are on their mean. Fails (exit 1) below ``floors.json`` (on ``held-out``).

    python benchmarks/themes.py --data ../shared/data/bbc-news-summary [--part held-out]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from statistics import mean

from sklearn.metrics import classification_report, f1_score

sys.path.insert(0, str(Path(__file__).parent))

import bbc
import floors

from briefer import group
from briefer.config import Theme
from briefer.group import MIN_SCORE, OTHER, Prior, assign_themes, day_profiles, prior_from_days, score_themes
from briefer.store import Store

CLIENT_THEMES = {
    "Business": ["economy", "company", "market", "bank", "sales", "investors", "prices", "oil"],
    "Entertainment": ["film", "music", "band", "singer", "box office", "oscar", "tv", "comedy"],
    "Politics": ["government", "election", "minister", "mp", "blair", "campaign", "tax", "party"],
    "Sport": ["game", "season", "coach", "injury", "match", "champion", "olympic", "rugby"],
    "Technology": ["technology", "software", "online", "computer", "broadband", "games console", "web", "mobile"],
}
GOLD = {
    "business": "Business",
    "entertainment": "Entertainment",
    "politics": "Politics",
    "sport": "Sport",
    "tech": "Technology",
}
DAYS = 10
SIZES = (8, 20, 50)
WORKSPACES = 3
DEALS = {"A": "", "B": "-b", "C": "-c"}
"""Three seeded deals of the same part: one deal of ten small days is a sample of 80 to 500 articles."""
FIRST_DAY = date(2026, 1, 5)

Placer = Callable[[list[bbc.BbcArticle], dict[str, list[str]]], list[str]]


def part_of(article: bbc.BbcArticle) -> str:
    """``tune`` or ``held-out``: a fixed half of the development set, by a hash of the file name."""
    return "tune" if hashlib.sha256(article.path.encode()).digest()[0] % 2 == 0 else "held-out"


def keyword_counting(articles: list[bbc.BbcArticle], themes: dict[str, list[str]]) -> list[str]:
    """The obvious composition (shared/tools/naive_brief.py): most keyword hits in headline and text."""
    out = []
    for a in articles:
        text = (a.analysed.article.title + " " + a.analysed.article.text).lower()
        scores = {n: sum(len(re.findall(r"\b" + re.escape(k.lower()), text)) for k in kws) for n, kws in themes.items()}
        best = max(scores, key=lambda n: scores[n])
        out.append(best if scores[best] > 0 else OTHER)
    return out


def _config(themes: dict[str, list[str]]) -> list[Theme]:
    return [Theme(name=n, keywords=k) for n, k in themes.items()]


def briefer_keywords(articles: list[bbc.BbcArticle], themes: dict[str, list[str]]) -> list[str]:
    """briefer's keyword step alone: stemmed lemmas, headline 3, lead 2, body 1; best theme from 2 points."""
    scores = score_themes([a.analysed for a in articles], _config(themes))
    best = scores.keywords.argmax(axis=1)
    return [scores.themes[b] if scores.keywords[i, b] >= MIN_SCORE else OTHER for i, b in enumerate(best)]


def briefer_themes(
    articles: list[bbc.BbcArticle], themes: dict[str, list[str]], prior: Prior | None = None
) -> list[str]:
    groups = assign_themes([a.analysed for a in articles], _config(themes), prior=prior)
    where = {item.article.id: name for name, members in groups.items() for item, _ in members}
    return [where[a.analysed.article.id] for a in articles]


def deal(articles: Sequence[bbc.BbcArticle], size: int, days: int, seed: str) -> list[list[bbc.BbcArticle]]:
    """``days`` days of ``size`` articles, none twice, dealt from the articles in a seeded order."""
    order = sorted(articles, key=lambda a: a.path)
    random.Random(seed).shuffle(order)
    if size * days > len(order):
        raise SystemExit(f"{len(order)} articles cannot make {days} days of {size}")
    return [order[i * size : (i + 1) * size] for i in range(days)]


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    labels = sorted(set(GOLD.values()))
    return float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0))


def small_days(
    articles: list[bbc.BbcArticle], themes: dict[str, list[str]], size: int, run: Placer, seed: str = ""
) -> float:
    gold: list[str] = []
    predicted: list[str] = []
    for day in deal(articles, size, DAYS, f"days-of-{size}{seed}"):
        gold += [GOLD[a.category] for a in day]
        predicted += run(day, themes)
    return macro_f1(gold, predicted)


def consecutive_days(
    articles: list[bbc.BbcArticle], themes: dict[str, list[str]], size: int = 20, seed: str = ""
) -> list[float]:
    """Macro F1 of day 1..10 in workspaces that keep their store from day to day, pooled."""
    gold: list[list[str]] = [[] for _ in range(DAYS)]
    predicted: list[list[str]] = [[] for _ in range(DAYS)]
    config = _config(themes)
    for w in range(WORKSPACES):
        with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "store.sqlite") as store:
            for d, day in enumerate(deal(articles, size, DAYS, f"workspace-{w}{seed}")):
                when = FIRST_DAY + timedelta(days=d)
                prior = prior_from_days(store.theme_profiles(when, group.PRIOR_DAYS))
                items = [a.analysed for a in day]
                scores = score_themes(items, config, prior=prior)
                store.record_theme_profiles(when, day_profiles(items, scores))
                where = {
                    items[a].article.id: scores.themes[row.argmax()] if row.any() else OTHER
                    for a, row in enumerate(scores.placed)
                }
                gold[d] += [GOLD[a.category] for a in day]
                predicted[d] += [where[a.analysed.article.id] for a in day]
    return [macro_f1(g, p) for g, p in zip(gold, predicted, strict=True)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bbc-news-summary folder")
    parser.add_argument("--themes", type=Path, help="JSON file: theme name -> keywords (default: the client's)")
    parser.add_argument("--part", choices=("tune", "held-out"), default="held-out", help="which part for small days")
    parser.add_argument("--report", action="store_true", help="print per-category precision and recall (whole day)")
    parser.add_argument("--whole", action="store_true", help="only the whole day (the 1,086 articles as one day)")
    parser.add_argument(
        "--deals",
        type=int,
        default=0,
        help="only days of 8 and 20 over this many seeded deals (tuning: past the noise of 3)",
    )
    parser.add_argument("--cache", type=Path, default=bbc.DEFAULT_CACHE, help="where the spaCy analysis is cached")
    args = parser.parse_args()
    themes = json.loads(args.themes.read_text()) if args.themes else CLIENT_THEMES
    articles = bbc.load(args.data, args.cache)
    gold = [GOLD[a.category] for a in articles]
    labels = sorted(set(gold))
    print(f"{len(articles)} distinct articles, {len(themes)} themes\n")
    print("Whole day (every article of the development half at once):\n")
    print("| grouping | macro F1 | in Other | seconds |\n|---|---|---|---|")
    results = {}
    for name, run in (
        ("keyword counting (naive)", lambda: keyword_counting(articles, themes)),
        ("briefer, keyword step only", lambda: briefer_keywords(articles, themes)),
        ("briefer (keywords + learned vocabulary)", lambda: briefer_themes(articles, themes)),
    ):
        started = time.perf_counter()
        predicted = run()
        seconds = time.perf_counter() - started
        macro = macro_f1(gold, predicted)
        results[name] = macro
        print(f"| {name} | {macro:.4f} | {predicted.count(OTHER)} | {seconds:.1f} |", flush=True)
        if args.report:
            print(classification_report(gold, predicted, labels=labels, zero_division=0, digits=3))
    figures = {"macro_f1": results["briefer (keywords + learned vocabulary)"]}
    if args.deals:
        part = [a for a in articles if part_of(a) == args.part]
        seeds = [*DEALS.values(), *(f"-{i}" for i in range(len(DEALS), args.deals))][: args.deals]
        print(f"\nSmall days, part {args.part!r} ({len(part)} articles), mean of {len(seeds)} seeded deals:\n")
        for size in (8, 20):
            ours = [small_days(part, themes, size, briefer_themes, seed) for seed in seeds]
            print(f"days of {size}: {mean(ours):.4f} (deals {' '.join(f'{f:.3f}' for f in ours)})", flush=True)
        return 0
    if not args.whole:
        part = [a for a in articles if part_of(a) == args.part]
        print(f"\nSmall days, part {args.part!r} ({len(part)} articles), {DAYS} days each, fresh store;")
        print(f"deals {', '.join(DEALS)} and their mean (the floors are on the mean):\n")
        deals = " | ".join(f"briefer, deal {d}" for d in DEALS)
        print(f"| day of | keyword counting (mean) | {deals} | briefer (mean) |")
        print("|---" * (len(DEALS) + 3) + "|")
        for size in SIZES:
            naive = [small_days(part, themes, size, keyword_counting, DEALS[d]) for d in DEALS]
            ours = [small_days(part, themes, size, briefer_themes, DEALS[d]) for d in DEALS]
            figures[f"days_of_{size}"] = mean(ours)
            cells = " | ".join(f"{f:.4f}" for f in ours)
            print(f"| {size} | {mean(naive):.4f} | {cells} | **{mean(ours):.4f}** |", flush=True)
        runs = [consecutive_days(part, themes, 20, DEALS[d]) for d in DEALS]
        series = [mean(day) for day in zip(*runs, strict=True)]
        print(f"\n{DAYS} consecutive days of 20 in one workspace ({WORKSPACES} workspaces pooled), by deal:\n")
        print("| deal | " + " | ".join(str(d + 1) for d in range(DAYS)) + " | days 5-10 |")
        print("|---" * (DAYS + 2) + "|")
        for d, run in zip(DEALS, [*runs], strict=True):
            print(f"| {d} | " + " | ".join(f"{f:.3f}" for f in run) + f" | {mean(run[4:]):.3f} |")
        print("| mean | " + " | ".join(f"{f:.3f}" for f in series) + f" | {mean(series[4:]):.3f} |")
        figures["consecutive_day_5"] = series[4]
        figures["consecutive_days_5_10"] = mean(series[4:])
        print(f"\nday 1 {series[0]:.4f}, day 5 {series[4]:.4f}, days 5-10 {figures['consecutive_days_5_10']:.4f}")
    if args.part != "held-out":
        print("\n(tuning part: no floors checked)")
        return 0
    failures = floors.check("themes", figures)
    for line in failures:
        print("FAIL", line)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
