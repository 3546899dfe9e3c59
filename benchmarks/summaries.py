"""Per-article summaries against the BBC News Summary reference extracts.

For each distinct article, 3 sentences (``--sentences``) are chosen by
briefer's default and, side by side, by Lead-3 and each sumy algorithm, all
from the same spaCy sentences. Reported: ROUGE-1, ROUGE-2 and ROUGE-L F1
(rouge-score, Porter stemming) against the reference, and the share of the
chosen sentences that stand in the reference extract. Fails (exit 1) when
briefer's default drops below ``floors.json``.

briefer's default is also measured on the two halves of the development
split (an article's half is the parity of the SHA-256 of its path): its few
fitted numbers (summarize.WORTH_COEFFICIENTS, WORTH_INTERCEPT, LENGTH_EXPONENT)
were chosen on the tuning half, so the check half is the figure on data not
tuned on. ``--fit`` refits them on the tuning half alone and prints them with
the tuning half's ROUGE-2 for each length exponent tried (it never reads the
check half).

    python benchmarks/summaries.py --data ../shared/data/bbc-news-summary
    python benchmarks/summaries.py --data ../shared/data/bbc-news-summary --fit
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

sys.path.insert(0, str(Path(__file__).parent))

import bbc
import floors

import briefer.summarize
from briefer.models import AnalysedArticle
from briefer.summarize import (
    DEFAULT_ALGORITHM,
    SUMY_ALGORITHMS,
    candidates,
    summarize_article,
    summarize_articles,
    summarize_group,
    sumy_rank,
    worth_features,
)
from briefer.text import squash

Picker = Callable[[AnalysedArticle, int], list[str]]


def briefer_picker(algorithm: str) -> Picker:
    def pick(item: AnalysedArticle, count: int) -> list[str]:
        return [s.text for s in summarize_article(item, algorithm, count).summary]

    return pick


def lead(item: AnalysedArticle, count: int) -> list[str]:
    return list(item.sentences[:count])


def sumy_picker(algorithm: str) -> Picker:
    """The sumy algorithm on all of the article's sentences, as a user of sumy would run it."""

    def pick(item: AnalysedArticle, count: int) -> list[str]:
        return [item.sentences[i] for i in sumy_rank(item.sentences, algorithm, count)]

    return pick


def measure(articles: list[bbc.BbcArticle], pick: Picker, count: int) -> dict[str, float]:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    scores = []
    in_reference = []
    started = time.perf_counter()
    for a in articles:
        chosen = pick(a.analysed, count)
        reference = "\n".join(bbc.split_reference(a.reference))
        result = scorer.score(reference, "\n".join(chosen))
        scores.append([result[k].fmeasure for k in ("rouge1", "rouge2", "rougeL")])
        flat = squash(a.reference)
        in_reference.extend(squash(s) in flat for s in chosen)
    mean = np.mean(scores, axis=0)
    return {
        "rouge1": float(mean[0]),
        "rouge2": float(mean[1]),
        "rougeL": float(mean[2]),
        "in_reference": float(np.mean(in_reference)) if in_reference else 0.0,
        "sentences": float(len(in_reference)),
        "seconds": time.perf_counter() - started,
    }


def half(article: bbc.BbcArticle) -> str:
    """``"tuning"`` or ``"check"``: the half of the development split an article belongs to."""
    return ("tuning", "check")[int(hashlib.sha256(article.path.encode()).hexdigest(), 16) % 2]


def measure_halves(articles: list[bbc.BbcArticle], count: int) -> dict[str, dict[str, float]]:
    """briefer's default on the tuning half and on the check half."""
    print("\nbriefer's default on the halves of the development split\n")
    print("| half | articles | ROUGE-1 | ROUGE-2 | ROUGE-L | in reference |\n|---|---|---|---|---|---|")
    out = {}
    for name in ("tuning", "check"):
        group = [a for a in articles if half(a) == name]
        r = measure(group, briefer_picker(DEFAULT_ALGORITHM), count)
        out[name] = r
        print(
            f"| {name} | {len(group)} | {r['rouge1']:.4f} | {r['rouge2']:.4f} | {r['rougeL']:.4f} |"
            f" {r['in_reference']:.1%} |"
        )
    return out


EXPONENTS = (0.15, 0.25, 0.3, 0.35, 0.4, 0.5)


def fit(articles: list[bbc.BbcArticle], count: int) -> None:
    """Fit the worth model on the tuning half only: logistic regression of "stands in the
    reference" on each candidate sentence's :func:`worth_features`; then the tuning half's ROUGE-2
    with the fitted numbers for each length exponent in ``EXPONENTS``."""
    from sklearn.linear_model import LogisticRegression

    tuning = [a for a in articles if half(a) == "tuning"]
    rows, labels = [], []
    for a in tuning:
        sentences = [a.analysed.sentences[i] for i in candidates(a.analysed)]
        if not sentences:
            continue
        flat = squash(a.reference)
        rows.append(worth_features(sentences))
        labels.extend(squash(s) in flat for s in sentences)
    model = LogisticRegression(C=1e4, max_iter=2000).fit(np.vstack(rows), np.array(labels))
    coefficients = tuple(round(float(c), 2) for c in model.coef_[0])
    intercept = round(float(model.intercept_[0]), 2)
    print(f"tuning half: {len(tuning)} articles, {len(labels)} candidate sentences, {np.mean(labels):.1%} in reference")
    print(f"WORTH_COEFFICIENTS = {coefficients}\nWORTH_INTERCEPT = {intercept}\n")
    print("| LENGTH_EXPONENT | ROUGE-2 tuning | in reference tuning |\n|---|---|---|")
    names = ("WORTH_COEFFICIENTS", "WORTH_INTERCEPT", "LENGTH_EXPONENT")
    saved = {name: getattr(briefer.summarize, name) for name in names}
    try:
        briefer.summarize.WORTH_COEFFICIENTS, briefer.summarize.WORTH_INTERCEPT = coefficients, intercept
        for exponent in EXPONENTS:
            briefer.summarize.LENGTH_EXPONENT = exponent
            r = measure(tuning, briefer_picker(DEFAULT_ALGORITHM), count)
            print(f"| {exponent} | {r['rouge2']:.4f} | {r['in_reference']:.1%} |", flush=True)
    finally:
        for name, value in saved.items():
            setattr(briefer.summarize, name, value)


def measure_themes(articles: list[bbc.BbcArticle], size: int = 20, count: int = 5) -> None:
    """Theme summaries of each category's articles in groups of ``size``: how many of the chosen
    sentences stand in their article's reference extract, and how many are their article's lead."""
    reference = {a.analysed.article.id: squash(a.reference) for a in articles}
    summarized = {s.article.id: s for s in summarize_articles([a.analysed for a in articles])}
    print(f"\ntheme summaries, {count} sentences, groups of {size} articles of one category\n")
    print("| ranking | groups | in reference | article leads |\n|---|---|---|---|")
    for bias in (False, True):
        in_reference, leads, groups = [], [], 0
        for category in bbc.CATEGORIES:
            ids = [a.analysed.article.id for a in articles if a.category == category]
            for start in range(0, len(ids) - size + 1, size):
                groups += 1
                for s in summarize_group([summarized[i] for i in ids[start : start + size]], count, headline_bias=bias):
                    item = summarized[s.article_ids[0]].analysed
                    in_reference.append(squash(s.text) in reference[item.article.id])
                    leads.append(candidates(item).index(s.position) == 0)
        name = "biased to the headlines (default)" if bias else "centrality alone"
        print(f"| {name} | {groups} | {np.mean(in_reference):.1%} | {np.mean(leads):.1%} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bbc-news-summary folder")
    parser.add_argument("--sentences", type=int, default=3, help="sentences per summary (default 3)")
    parser.add_argument("--only", nargs="*", help="run only these systems (briefer, lead3, textrank, ...)")
    parser.add_argument("--lengths", action="store_true", help="also briefer's default at 1 to 6 sentences")
    parser.add_argument("--themes", action="store_true", help="also theme summaries of same-category groups")
    parser.add_argument("--fit", action="store_true", help="refit the worth model on the tuning half, and stop")
    parser.add_argument("--cache", type=Path, default=bbc.DEFAULT_CACHE, help="where the spaCy analysis is cached")
    args = parser.parse_args()

    articles = bbc.load(args.data, args.cache)
    if args.fit:
        fit(articles, args.sentences)
        return 0
    systems: dict[str, Picker] = {
        f"briefer ({DEFAULT_ALGORITHM})": briefer_picker(DEFAULT_ALGORITHM),
        "lead3": lead,
        **{f"sumy {name}": sumy_picker(name) for name in SUMY_ALGORITHMS},
    }
    if args.only:
        systems = {k: v for k, v in systems.items() if any(o in k for o in args.only)}
    print(f"{len(articles)} distinct articles, {args.sentences} sentences each\n")
    print("| system | ROUGE-1 | ROUGE-2 | ROUGE-L | in reference | seconds |\n|---|---|---|---|---|---|")
    results = {}
    for name, pick in systems.items():
        r = measure(articles, pick, args.sentences)
        results[name] = r
        print(
            f"| {name} | {r['rouge1']:.4f} | {r['rouge2']:.4f} | {r['rougeL']:.4f} | "
            f"{r['in_reference']:.1%} | {r['seconds']:.1f} |",
            flush=True,
        )
    if args.lengths:
        print("\nbriefer's default by summary length\n\n| sentences | ROUGE-1 | ROUGE-2 | ROUGE-L | in reference |")
        print("|---|---|---|---|---|")
        for n in range(1, 7):
            r = measure(articles, briefer_picker(DEFAULT_ALGORITHM), n)
            print(f"| {n} | {r['rouge1']:.4f} | {r['rouge2']:.4f} | {r['rougeL']:.4f} | {r['in_reference']:.1%} |")
    if args.themes:
        measure_themes(articles)
    default = next((r for k, r in results.items() if k.startswith("briefer")), None)
    if default is None or args.sentences != 3:
        return 0
    check = measure_halves(articles, args.sentences)["check"]
    default = {**default, "rouge2_check": check["rouge2"], "in_reference_check": check["in_reference"]}
    failures = floors.check("summaries", default)
    for line in failures:
        print("FAIL", line)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
