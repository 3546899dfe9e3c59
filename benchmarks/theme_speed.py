"""Speed of a theme summary over 500 articles, next to sumy's LexRank on the same candidates.

The candidates are the 500 articles' own summaries (3 sentences each, briefer's
default), as in a brief. briefer ranks them with vectorised code (TF-IDF
cosine LexRank and MMR); sumy's LexRankSummarizer gets the very same
sentences. Fails (exit 1) when briefer's time is above ``floors.json``.

    python benchmarks/theme_speed.py --data ../shared/data/bbc-news-summary
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bbc
import floors

from briefer.summarize import summarize_articles, summarize_group, sumy_rank


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bbc-news-summary folder")
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--sentences", type=int, default=5, help="sentences in the theme summary")
    parser.add_argument("--skip-sumy", action="store_true", help="do not time sumy (it takes a minute or more)")
    parser.add_argument("--cache", type=Path, default=bbc.DEFAULT_CACHE, help="where the spaCy analysis is cached")
    args = parser.parse_args()
    articles = bbc.load(args.data, args.cache)[: args.articles]
    summarized = summarize_articles([a.analysed for a in articles])
    candidates = [s.text for item in summarized for s in item.summary]
    print(f"{len(summarized)} articles, {len(candidates)} candidate sentences\n")
    print("| ranking | seconds |\n|---|---|")
    started = time.perf_counter()
    summary = summarize_group(summarized, args.sentences)
    ours = time.perf_counter() - started
    print(f"| briefer theme summary (vectorised LexRank + MMR) | {ours:.2f} |", flush=True)
    if not args.skip_sumy:
        started = time.perf_counter()
        sumy_rank(candidates, "lexrank", args.sentences)
        print(f"| sumy LexRank, same candidates | {time.perf_counter() - started:.2f} |")
    print()
    for s in summary:
        print(f"- [{s.score:.2f}] {s.article_ids[0]}: {s.text[:100]}")
    failures = floors.check("theme_speed", {"summary_seconds_max": ours})
    for line in failures:
        print("FAIL", line)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
