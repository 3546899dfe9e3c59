"""Speed and peak memory of the analyse stage alone, before and after a change.

    python benchmarks/analyse_speed.py --data ../shared/data/bbc-news-summary/articles \\
        --baseline 616d1b9 --rounds 3

Every ``*.txt`` file under ``--data`` is an article (first line the headline,
the rest the text), byte-duplicates included, as the speed yardstick reads
them. Two versions of ``briefer/analyse.py`` are measured: the working tree's
and the one at git revision ``--baseline`` (read with ``git show``, loaded as a
module of its own). Each measurement is a fresh process (model loading, caches
and peak RSS are its own), and the versions alternate round by round, so a
machine shared with others slows both alike; the load average is printed with
each run. Reported: seconds for loading the spaCy pipeline, seconds for
``analyse()`` on all the articles, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_articles(folder: Path) -> list:  # type: ignore[type-arg]
    from briefer.models import Article

    out = []
    stamp = datetime(2005, 1, 1, tzinfo=UTC)
    for path in sorted(folder.rglob("*.txt")):
        title, _, body = _decode(path.read_bytes()).replace("\r\n", "\n").partition("\n")
        rel = str(path.relative_to(folder))
        out.append(
            Article(
                id=rel,
                title=title.strip(),
                url=f"file:{rel}",
                source="bench",
                text=body.strip(),
                published=stamp,
                published_from="none",
            )
        )
    return out


def child(module_path: Path, data: Path, limit: int | None) -> None:
    """One measurement, in this process: load the pipeline, analyse, report JSON on stdout."""
    spec = importlib.util.spec_from_file_location("analyse_under_test", module_path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    articles = read_articles(data)[:limit]
    started = time.perf_counter()
    module.load_nlp()
    loaded = time.perf_counter()
    result = module.analyse(articles)
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "articles": len(result),
                "sentences": sum(len(a.sentences) for a in result),
                "entities": sum(len(a.entities) for a in result),
                "load_s": round(loaded - started, 2),
                "analyse_s": round(done - loaded, 2),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "loadavg": round(os.getloadavg()[0], 2),
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="folder of article .txt files (searched recursively)")
    parser.add_argument("--baseline", default="HEAD", help="git revision whose analyse.py is the baseline")
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each version, interleaved")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data, args.limit)
        return 0

    source = subprocess.run(
        ["git", "show", f"{args.baseline}:briefer/analyse.py"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        baseline = Path(tmp) / "analyse_baseline.py"
        baseline.write_text(source, encoding="utf-8")
        versions = {f"baseline ({args.baseline})": baseline, "working tree": ROOT / "briefer" / "analyse.py"}
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
        print("| round | version | articles | sentences | entities | load s | analyse s | peak RSS MB | load avg |")
        print("|---|---|---|---|---|---|---|---|---|")
        for round_ in range(1, args.rounds + 1):
            for name, path in versions.items():
                command = [sys.executable, __file__, "--data", str(args.data), "--child", str(path)]
                if args.limit:
                    command += ["--limit", str(args.limit)]
                out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
                r = json.loads(out.strip().splitlines()[-1])
                runs[name].append(r)
                print(
                    f"| {round_} | {name} | {r['articles']} | {r['sentences']} | {r['entities']} | {r['load_s']} | "
                    f"{r['analyse_s']} | {r['peak_rss_mb']} | {r['loadavg']} |",
                    flush=True,
                )
    print("\n| version | median analyse s | min analyse s | max peak RSS MB |\n|---|---|---|---|")
    for name, rs in runs.items():
        times = [r["analyse_s"] for r in rs]
        peak = max(r["peak_rss_mb"] for r in rs)
        print(f"| {name} | {statistics.median(times):.1f} | {min(times):.1f} | {peak:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
