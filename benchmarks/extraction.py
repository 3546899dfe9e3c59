"""Article extraction: score what ``briefer extract`` keeps of each web page, on pages it was not tuned on.

    python benchmarks/extraction.py --data ../shared/data/article-extraction

Each page (``html/<id>.html``) is scored against its true article body
(``ground-truth.json``) with the benchmark authors' metric: ``\\w+`` tokens,
4-token shingles, true/false positives and negatives as min/excess counts of
the shingle multisets, precision and recall per document averaged over
documents, F1 from the averages. The stored outputs of other extractors
(``baselines/<name>.json``) are scored the same way, on the same pages. A page
briefer drops (no article text after cleaning) scores as empty.

Two measures:

- **shipped**: every page through :func:`briefer.peek.extract_one`, what
  ``briefer extract`` calls, with the default settings, on the whole split.
  The defaults were chosen looking at these pages, so this is not an unseen
  figure.
- **cross-validated** (the unseen figure): the pages are dealt into ``--folds``
  folds by a seeded hash of their id. For each fold, every tunable setting of
  the extractor (:class:`briefer.extract.ExtractSettings`, the grid below) is
  chosen on the other folds, by F1, and the chosen settings are scored on the
  left-out fold. The figure is the mean over the left-out folds, and over the
  ``--seeds`` deals; the spread is over every left-out fold. Trafilatura's
  stored output is scored on the same folds.

The floors (``floors.json``, ``extraction``) hold the cross-validated figures.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import hashlib
import itertools
import json
import logging
import re
import statistics
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import floors

import briefer.extract as extract_module
from briefer.clean import CleanSettings
from briefer.config import Config, Source
from briefer.extract import DEFAULTS, ExtractSettings, extract
from briefer.gather import read_file
from briefer.models import DroppedArticle
from briefer.peek import ExtractError, extract_one

SHINGLE = 4
# The grid the cross-validation chooses from; each tuple starts with the default, which wins ties.
PAGE_GRID: dict[str, tuple[Any, ...]] = {
    "favor": ("precision", "balanced", "recall"),
    "tables": (True, False),
    "deduplicate": (False, True),
    "min_extracted_chars": (250, 100),
    "min_article_chars": (80, 200),
}
CLEAN_GRID: dict[str, tuple[Any, ...]] = {
    "repeats": ("none", "sentences", "all"),
    "prose_words": (3, 2, 5),
    "mention_chars": (160, 320),
}


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(max(0, len(tokens) - SHINGLE + 1)))


def precision_recall(gold: str | Counter[tuple[str, ...]], found: str) -> tuple[float, float]:
    """Per-document precision and recall of shingle multisets (empty against empty counts as perfect)."""
    g = shingles(gold) if isinstance(gold, str) else gold
    f = shingles(found)
    tp = sum((g & f).values())
    fp = sum((f - g).values())
    fn = sum((g - f).values())
    precision = tp / (tp + fp) if tp + fp else (1.0 if not g else 0.0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def f1_of(pairs: list[tuple[float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages, F1 from the averages."""
    p = sum(x for x, _ in pairs) / len(pairs)
    r = sum(y for _, y in pairs) / len(pairs)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score(gold: dict[str, str], found: dict[str, str]) -> dict[str, float]:
    return f1_of([precision_recall(gold[k], found.get(k, "")) for k in sorted(gold)])


def shipped_texts(folder: Path, ids: list[str]) -> tuple[dict[str, str], int]:
    """Each page as ``briefer extract`` shows it (default settings)."""
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


def grid() -> list[ExtractSettings]:
    """Every setting of the grid, the defaults first."""
    out = []
    for page in itertools.product(*PAGE_GRID.values()):
        for clean in itertools.product(*CLEAN_GRID.values()):
            out.append(
                ExtractSettings(
                    **dict(zip(PAGE_GRID, page, strict=True)),
                    clean=CleanSettings(**dict(zip(CLEAN_GRID, clean, strict=True))),
                )
            )
    assert out[0] == DEFAULTS, "the grid must start with the defaults"
    return out


def grid_scores(
    folder: Path, ids: list[str], gold: dict[str, str], settings: list[ExtractSettings], shipped: dict[str, str]
) -> list[list[tuple[float, float]]]:
    """``[setting][page] -> (precision, recall)``, each page read as ``briefer extract`` reads it and
    extracted with each setting. Settings that differ only in cleaning share one trafilatura pass
    (memoised here, for speed: the benchmark's only intrusion into :mod:`briefer.extract`)."""
    original = extract_module._from_page

    @functools.lru_cache(maxsize=len(ids) + 1)
    def page_pass(html: str, page_settings: ExtractSettings) -> Any:
        return original(html, page_settings)

    def from_page(html: str, page_settings: ExtractSettings = DEFAULTS) -> Any:
        trafilatura_only = dataclasses.replace(
            page_settings, clean=DEFAULTS.clean, min_article_chars=DEFAULTS.min_article_chars
        )
        return page_pass(html, trafilatura_only)

    config = Config()
    now = datetime.now(UTC).replace(microsecond=0)
    docs = []
    for key in ids:
        path = (folder / "html" / f"{key}.html").resolve()
        source = Source(name=path.parent.name, type="folder", path=path.parent)
        docs.append(read_file(path, source, config.briefing.timezone, root=path.parent.parent))
    gold_shingles = [shingles(gold[k]) for k in ids]
    table: list[list[tuple[float, float]]] = []
    seen: dict[tuple[int, str], tuple[float, float]] = {}
    extract_module._from_page = from_page  # type: ignore[assignment]
    quiet = extract_module.log.level
    extract_module.log.setLevel(logging.ERROR)  # the shipped pass has said which pages are cut
    try:
        for n, setting in enumerate(settings):
            row = []
            for i, doc in enumerate(docs):
                result = extract(doc, config.briefing.max_article_chars, now, setting)
                text = "" if isinstance(result, DroppedArticle) else result.text
                if n == 0 and text != shipped[ids[i]]:
                    raise SystemExit(f"{ids[i]}: the grid's default differs from briefer extract's text")
                digest = (i, hashlib.sha1(text.encode()).hexdigest())
                if digest not in seen:
                    seen[digest] = precision_recall(gold_shingles[i], text)
                row.append(seen[digest])
            table.append(row)
    finally:
        extract_module._from_page = original  # type: ignore[assignment]
        extract_module.log.setLevel(quiet)
    return table


def deal(ids: list[str], folds: int, seed: int) -> list[list[int]]:
    """Page places dealt into ``folds`` folds of near-equal size, in the order of a seeded hash of the id."""
    order = sorted(range(len(ids)), key=lambda i: hashlib.sha1(f"{seed}:{ids[i]}".encode()).hexdigest())
    return [sorted(order[f::folds]) for f in range(folds)]


def cross_validate(
    table: list[list[tuple[float, float]]], baseline: list[tuple[float, float]], folds: list[list[int]]
) -> list[dict[str, Any]]:
    """For each fold: the setting chosen on the other folds (by F1; the first of equals), its figures
    on the left-out fold, and the baseline's there."""
    out = []
    for f, left_out in enumerate(folds):
        train = [i for g, fold in enumerate(folds) if g != f for i in fold]
        best = max(range(len(table)), key=lambda s: (f1_of([table[s][i] for i in train])["f1"], -s))
        out.append(
            {
                "fold": f,
                "pages": len(left_out),
                "chosen": best,
                "train_f1": f1_of([table[best][i] for i in train])["f1"],
                "briefer": f1_of([table[best][i] for i in left_out]),
                "baseline": f1_of([baseline[i] for i in left_out]),
            }
        )
    return out


def describe(setting: ExtractSettings) -> str:
    """The setting's values that differ from the defaults."""
    changed = [
        f"{name}={getattr(setting, name)}" for name in PAGE_GRID if getattr(setting, name) != getattr(DEFAULTS, name)
    ] + [
        f"{name}={getattr(setting.clean, name)}"
        for name in CLEAN_GRID
        if getattr(setting.clean, name) != getattr(DEFAULTS.clean, name)
    ]
    return ", ".join(changed) or "the defaults"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the article-extraction folder")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seeds", default="0,1,2,3,4", help="deals of the pages into folds (comma-separated)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    gold = {k: v.get("articleBody") or "" for k, v in truth.items()}
    ids = sorted(gold)
    started = time.perf_counter()
    ours, dropped = shipped_texts(args.data, ids)
    seconds = time.perf_counter() - started
    print(f"{len(ids)} pages; briefer dropped {dropped}; {seconds:.1f} s ({seconds / len(ids) * 1000:.0f} ms a page)")
    stored = {
        path.stem: {k: (v or {}).get("articleBody") or "" for k, v in json.loads(path.read_text("utf-8")).items()}
        for path in sorted((args.data / "baselines").glob("*.json"))
    }
    shipped = {"briefer": score(gold, ours)} | {name: score(gold, texts) for name, texts in stored.items()}
    print("\nshipped defaults, whole split (tuned on these pages: not an unseen figure)")
    print(f"{'extractor':<14}{'precision':>10}{'recall':>10}{'F1':>8}")
    for name, figures in sorted(shipped.items(), key=lambda item: -item[1]["f1"]):
        print(f"{name:<14}{figures['precision']:>10.3f}{figures['recall']:>10.3f}{figures['f1']:>8.3f}")

    settings = grid()
    started = time.perf_counter()
    table = grid_scores(args.data, ids, gold, settings, ours)
    print(f"\ngrid of {len(settings)} settings scored in {time.perf_counter() - started:.0f} s")
    baseline = [precision_recall(gold[k], stored["trafilatura"][k]) for k in ids]
    runs: list[dict[str, Any]] = []
    for seed in (int(s) for s in args.seeds.split(",")):
        for run in cross_validate(table, baseline, deal(ids, args.folds, seed)):
            runs.append({"seed": seed} | run)
    print(f"\ncross-validated: {args.folds} folds, seeds {args.seeds}; settings chosen on the other folds")
    print(f"{'seed':>4}{'fold':>5}{'pages':>6}  {'briefer P/R/F1':<22}{'trafilatura F1':>15}  chosen")
    for run in runs:
        b = run["briefer"]
        print(
            f"{run['seed']:>4}{run['fold']:>5}{run['pages']:>6}  "
            f"{b['precision']:.3f} {b['recall']:.3f} {b['f1']:.3f}   {run['baseline']['f1']:>12.3f}  "
            f"{describe(settings[run['chosen']])}"
        )
    unseen = {key: statistics.fmean(run["briefer"][key] for run in runs) for key in ("precision", "recall", "f1")}
    theirs = {key: statistics.fmean(run["baseline"][key] for run in runs) for key in ("precision", "recall", "f1")}
    f1s = [run["briefer"]["f1"] for run in runs]
    ahead = sum(run["briefer"]["f1"] >= run["baseline"]["f1"] for run in runs)
    print(
        f"\nunseen (mean of left-out folds): briefer P {unseen['precision']:.3f} R {unseen['recall']:.3f} "
        f"F1 {unseen['f1']:.3f}; trafilatura 2.0.0 (stored) P {theirs['precision']:.3f} "
        f"R {theirs['recall']:.3f} F1 {theirs['f1']:.3f}"
    )
    print(
        f"left-out folds' F1: min {min(f1s):.3f}, max {max(f1s):.3f}, sd {statistics.stdev(f1s):.3f}; "
        f"briefer at or ahead of trafilatura on {ahead} of {len(runs)}"
    )
    chosen = Counter(describe(settings[run["chosen"]]) for run in runs)
    print("settings chosen:", "; ".join(f"{name} ({n}x)" for name, n in chosen.most_common()))
    whole = sorted(range(len(settings)), key=lambda s: (-f1_of(table[s])["f1"], s))
    print("\nbest on the whole split (what the defaults should be):")
    for s in whole[:5]:
        print(f"  F1 {f1_of(table[s])['f1']:.4f}  {describe(settings[s])}")
    if whole[0] != 0:
        print(f"  the defaults score {f1_of(table[0])['f1']:.4f}: they are not the whole split's choice")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "pages": len(ids),
                    "dropped": dropped,
                    "shipped": shipped,
                    "cross_validated": {"briefer": unseen, "trafilatura": theirs, "folds": runs},
                    "settings": [describe(s) for s in settings],
                },
                indent=2,
            )
        )
    failures = floors.check("extraction", unseen)
    for failure in failures:
        print("BELOW FLOOR:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
