"""Article extraction: score what ``briefer extract`` keeps of each web page.

    python benchmarks/extraction.py --data ../shared/data/article-extraction

Each page (``html/<id>.html``) goes through :func:`briefer.extract.extract_one`,
the one function ``briefer extract`` calls, and the text is scored against the
page's true article body (``ground-truth.json``) with the benchmark authors'
metric: ``\\w+`` tokens, 4-token shingles, true/false positives and negatives
as min/excess counts of the shingle multisets, precision and recall per
document averaged over documents, F1 from the averages. The stored outputs of
other extractors (``baselines/<name>.json``) are scored the same way, on the
same pages, so the figures sit side by side. A page briefer drops (no article
text after cleaning) scores as empty.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path

import floors

from briefer.extract import ExtractError, extract_one

SHINGLE = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(max(0, len(tokens) - SHINGLE + 1)))


def precision_recall(gold: str, found: str) -> tuple[float, float]:
    """Per-document precision and recall of shingle multisets (empty against empty counts as perfect)."""
    g, f = shingles(gold), shingles(found)
    tp = sum((g & f).values())
    fp = sum((f - g).values())
    fn = sum((g - f).values())
    precision = tp / (tp + fp) if tp + fp else (1.0 if not g else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def score(gold: dict[str, str], found: dict[str, str]) -> dict[str, float]:
    pairs = [precision_recall(gold[k], found.get(k, "")) for k in sorted(gold)]
    p = sum(x for x, _ in pairs) / len(pairs)
    r = sum(y for _, y in pairs) / len(pairs)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def briefer_texts(folder: Path, ids: list[str]) -> tuple[dict[str, str], int]:
    texts: dict[str, str] = {}
    dropped = 0
    for key in ids:
        try:
            article = extract_one(str(folder / "html" / f"{key}.html"))
        except ExtractError:
            dropped += 1
            texts[key] = ""
            continue
        texts[key] = article.text
    return texts, dropped


def halves(ids: list[str]) -> dict[str, list[str]]:
    """The development split cut in two by sorted page id: ``tune`` (even places) to work on, ``held-out``
    (odd places) to report and to hold the floor against."""
    return {"tune": ids[0::2], "held-out": ids[1::2], "all": ids}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the article-extraction folder")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    gold = {k: v.get("articleBody") or "" for k, v in truth.items()}
    ids = sorted(gold)
    started = time.perf_counter()
    ours, dropped = briefer_texts(args.data, ids)
    seconds = time.perf_counter() - started
    print(f"{len(ids)} pages; briefer dropped {dropped}; {seconds:.1f} s ({seconds / len(ids) * 1000:.0f} ms a page)")
    stored = {
        path.stem: {k: (v or {}).get("articleBody") or "" for k, v in json.loads(path.read_text("utf-8")).items()}
        for path in sorted((args.data / "baselines").glob("*.json"))
    }
    by_half: dict[str, dict[str, dict[str, float]]] = {}
    for half, chosen in halves(ids).items():
        part = {k: gold[k] for k in chosen}
        results = {"briefer": score(part, ours)} | {name: score(part, texts) for name, texts in stored.items()}
        by_half[half] = results
        print(f"\n{half}: {len(chosen)} pages")
        print(f"{'extractor':<14}{'precision':>10}{'recall':>10}{'F1':>8}")
        for name, figures in sorted(results.items(), key=lambda item: -item[1]["f1"]):
            print(f"{name:<14}{figures['precision']:>10.3f}{figures['recall']:>10.3f}{figures['f1']:>8.3f}")
    if args.json:
        args.json.write_text(json.dumps({"pages": len(ids), "dropped": dropped, "results": by_half}, indent=2))
    failures = floors.check("extraction", by_half["held-out"]["briefer"])
    for failure in failures:
        print("BELOW FLOOR:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
