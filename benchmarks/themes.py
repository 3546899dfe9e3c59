"""Theme grouping against the BBC News Summary categories.

Five themes named after the categories, each with the client's 8 keywords
(``--themes``, default the built-in copy below, identical to
``shared/tools/bbc-themes.json``): written once, never tuned on these
scores. Reported: macro F1 of the articles' themes against the categories (an
article left in "Other" counts as a miss), for keyword counting alone (the
obvious composition: the theme with most keyword hits, whole text) and for
briefer's grouping, one theme per article. Fails (exit 1) below ``floors.json``.

    python benchmarks/themes.py --data ../shared/data/bbc-news-summary
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from sklearn.metrics import classification_report, f1_score

sys.path.insert(0, str(Path(__file__).parent))

import bbc
import floors

from briefer.config import Theme
from briefer.group import MIN_SCORE, OTHER, assign_themes, score_themes

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


def keyword_counting(articles: list[bbc.BbcArticle], themes: dict[str, list[str]]) -> list[str]:
    """The obvious composition (shared/tools/naive_brief.py): most keyword hits in headline and text."""
    out = []
    for a in articles:
        text = (a.analysed.article.title + " " + a.analysed.article.text).lower()
        scores = {n: sum(len(re.findall(r"\b" + re.escape(k.lower()), text)) for k in kws) for n, kws in themes.items()}
        best = max(scores, key=lambda n: scores[n])
        out.append(best if scores[best] > 0 else OTHER)
    return out


def briefer_keywords(articles: list[bbc.BbcArticle], themes: dict[str, list[str]]) -> list[str]:
    """briefer's keyword step alone: stemmed lemmas, headline 3, lead 2, body 1; best theme from 2 points."""
    config = [Theme(name=n, keywords=k) for n, k in themes.items()]
    scores = score_themes([a.analysed for a in articles], config)
    best = scores.keywords.argmax(axis=1)
    return [scores.themes[b] if scores.keywords[i, b] >= MIN_SCORE else OTHER for i, b in enumerate(best)]


def briefer_themes(articles: list[bbc.BbcArticle], themes: dict[str, list[str]]) -> list[str]:
    config = [Theme(name=n, keywords=k) for n, k in themes.items()]
    groups = assign_themes([a.analysed for a in articles], config)
    where = {item.article.id: name for name, members in groups.items() for item, _ in members}
    return [where[a.analysed.article.id] for a in articles]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bbc-news-summary folder")
    parser.add_argument("--themes", type=Path, help="JSON file: theme name -> keywords (default: the client's)")
    parser.add_argument("--report", action="store_true", help="print per-category precision and recall")
    parser.add_argument("--cache", type=Path, default=bbc.DEFAULT_CACHE, help="where the spaCy analysis is cached")
    args = parser.parse_args()
    themes = json.loads(args.themes.read_text()) if args.themes else CLIENT_THEMES
    articles = bbc.load(args.data, args.cache)
    gold = [GOLD[a.category] for a in articles]
    labels = sorted(set(gold))
    print(f"{len(articles)} distinct articles, {len(themes)} themes\n")
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
        macro = float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0))
        results[name] = macro
        print(f"| {name} | {macro:.4f} | {predicted.count(OTHER)} | {seconds:.1f} |", flush=True)
        if args.report:
            print(classification_report(gold, predicted, labels=labels, zero_division=0, digits=3))
    failures = floors.check("themes", {"macro_f1": results["briefer (keywords + learned vocabulary)"]})
    for line in failures:
        print("FAIL", line)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
