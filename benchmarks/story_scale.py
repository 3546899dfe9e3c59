"""Stories of one large theme without all pairs (issue 15): time, memory and agreement.

    python benchmarks/story_scale.py --data ../shared/data/bbc-news-summary [--sizes 1000 5000 20000]

A theme of N articles is made from the BBC development split (analysed once by
briefer's analyse stage, cached): N // 2 base articles at most (all 1,123 from
2,246 articles on), each with seeded near-copies, so that every base is one
planted story of 1 to about twice the mean copies. A copy keeps the headline
and the first sentence, drops each later sentence with probability 0.3 and
swaps two of the rest; entities are kept when their text is still in it. Each
copy is a new article (its own id and publication second, all on one day). The data stays
outside the repository.

For each size, in a fresh process (so each peak is its own):

- ``cluster``: :func:`briefer.stories.cluster` on the articles' features (the
  features' time not counted), with the default ``EXACT_LIMIT``: over all pairs
  up to it, on candidate pairs above it;
- ``find_stories``: the whole stage (features, clustering, titles, summaries);
- ``exact``: ``cluster`` forced over all pairs (``exact_limit`` = N), up to
  ``--exact-up-to`` articles;

with the wall time, the peak resident memory added by the call (``ru_maxrss``
less the resident memory before it), pairwise F1 against the planted stories,
and at the sizes where both run, pairwise F1 against the exact clustering of
the blocked one with ``exact_limit`` = N - 1 (candidate pairs, every component
on all its pairs) and, above ``EXACT_LIMIT``, of the default (components of
more than ``EXACT_LIMIT`` articles on their candidate pairs only).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bbc
import floors

from briefer import stories
from briefer.models import AnalysedArticle, SummarizedArticle

COPY_DROP = 0.3  # a copy drops each sentence after its first with this probability


def _copy(item: AnalysedArticle, key: str, second: int, rng: random.Random) -> AnalysedArticle:
    keep = [0] + [k for k in range(1, len(item.sentences)) if rng.random() >= COPY_DROP]
    if len(keep) > 3:
        a, b = rng.sample(range(1, len(keep)), 2)
        keep[a], keep[b] = keep[b], keep[a]
    sentences = tuple(item.sentences[k] for k in keep)
    lemmas = tuple(item.sentence_lemmas[k] for k in keep)
    text = " ".join(sentences)
    article = dataclasses.replace(
        item.article,
        id=key,
        url=f"https://example.org/{key}",
        text=text,
        published=datetime(2005, 1, 1, tzinfo=UTC) + timedelta(seconds=second),
        published_from="metadata",
    )
    return AnalysedArticle(
        article=article,
        sentences=sentences,
        title_lemmas=item.title_lemmas,
        lead_lemmas=tuple(w for seq in lemmas[:2] for w in seq),
        body_lemmas=tuple(w for seq in lemmas[2:] for w in seq),
        sentence_lemmas=lemmas,
        entities=tuple(e for e in item.entities if e[0] in text or e[0] in item.article.title),
    )


def theme(bases: Sequence[AnalysedArticle], size: int, seed: int = 0) -> tuple[list[SummarizedArticle], list[int]]:
    """``size`` articles of planted stories, shuffled, and the story of each."""
    rng = random.Random(seed)
    chosen = rng.sample(list(bases), min(len(bases), size // 2))
    counts = [1] * len(chosen)
    for _ in range(size - len(chosen)):
        counts[rng.randrange(len(chosen))] += 1
    items: list[SummarizedArticle] = []
    gold: list[int] = []
    seconds = rng.sample(range(86400), size)  # one day: weekdays in leads read alike
    for story, (base, count) in enumerate(zip(chosen, counts, strict=True)):
        for copy in range(count):
            key = f"s{story}c{copy}"
            items.append(SummarizedArticle(_copy(base, key, seconds[len(items)], rng), ()))
            gold.append(story)
    order = list(range(size))
    rng.shuffle(order)
    return [items[k] for k in order], [gold[k] for k in order]


def pair_f1(got: Sequence[int], gold: Sequence[int]) -> float:
    """Pairwise F1 of one labelling against another (pairs counted from the label sizes)."""

    def pairs(labels: Sequence[int]) -> int:
        sizes: dict[int, int] = {}
        for label in labels:
            sizes[label] = sizes.get(label, 0) + 1
        return sum(k * (k - 1) // 2 for k in sizes.values())

    both = pairs([hash((a, b)) for a, b in zip(got, gold, strict=True)])
    found, true = pairs(got), pairs(gold)
    if not found or not true:
        return 1.0 if found == true else 0.0
    precision, recall = both / found, both / true
    return 2 * precision * recall / (precision + recall) if both else 0.0


def _labels(groups: Sequence[Sequence[int]], size: int) -> list[int]:
    out = [0] * size
    for k, group in enumerate(groups):
        for i in group:
            out[i] = k
    return out


def _resident() -> int:
    """Resident memory of this process now, in KiB."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize() // 1024


def _measure(call: Callable[[], object]) -> tuple[object, float, float]:
    """The call's result, wall seconds and peak memory it added (MiB)."""
    before = _resident()
    started = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result, seconds, max(0, peak - before) / 1024


def run_one(data: Path, size: int, mode: str) -> dict[str, float]:
    bases = [a.analysed for a in bbc.load(data)]
    items, gold = theme(bases, size)
    if mode == "find_stories":
        found, seconds, mib = _measure(lambda: stories.find_stories(items))
        index = {item.article.id: k for k, item in enumerate(items)}
        groups = [[index[i] for i in s.article_ids] for s in found]  # type: ignore[attr-defined]
    else:
        analysed = [i.analysed for i in items]
        feats = [stories.article_features(a) for a in analysed]
        facts = [stories.article_facts(a) for a in analysed]
        actions = [stories.article_action(a) for a in analysed]
        limit = {"cluster": None, "exact": size, "blocked": size - 1}[mode]
        found, seconds, mib = _measure(
            lambda: stories.cluster(
                [w for w, _ in feats],
                [s for _, s in feats],
                leads=[lead for lead, _ in facts],
                facts=[f for _, f in facts],
                actions=actions,
                exact_limit=limit,
            )
        )
        groups = found  # type: ignore[assignment]
    labels = _labels(groups, size)
    return {"seconds": seconds, "mib": mib, "f1": pair_f1(labels, gold), "labels": labels}  # type: ignore[dict-item]


def _child(data: Path, size: int, mode: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--data", str(data), "--one", str(size), mode],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--exact-up-to", type=int, default=5000)
    parser.add_argument("--agreement-at", type=int, nargs="+", default=[2000, 5000])
    parser.add_argument("--one", nargs=2, metavar=("SIZE", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.data, int(args.one[0]), args.one[1])))
        return
    print(f"stories of one theme of planted near-copies (BBC development split); EXACT_LIMIT {stories.EXACT_LIMIT}\n")
    print("| articles | way | seconds | peak MiB added | pairwise F1 vs planted |\n|---|---|---|---|---|")
    measured: dict[str, float] = {}
    for size in args.sizes:
        modes = ["cluster", "find_stories"] + (["exact"] if size <= args.exact_up_to else [])
        for mode in modes:
            r = _child(args.data, size, mode)
            print(f"| {size:,} | {mode} | {r['seconds']:.1f} | {r['mib']:.0f} | {r['f1']:.3f} |", flush=True)
            if mode == "cluster":
                measured[f"seconds_{size}_max"] = r["seconds"]
                measured[f"mib_{size}_max"] = r["mib"]
    for size in args.agreement_at:
        exact = _child(args.data, size, "exact")
        blocked = _child(args.data, size, "blocked")
        agreement = pair_f1(blocked["labels"], exact["labels"])  # type: ignore[arg-type]
        measured[f"agreement_{size}"] = agreement
        print(
            f"\nat {size:,} articles: blocked (exact_limit {size - 1:,}) {blocked['seconds']:.1f} s, "
            f"{blocked['mib']:.0f} MiB, F1 vs planted {blocked['f1']:.3f}; exact {exact['seconds']:.1f} s, "
            f"{exact['mib']:.0f} MiB, F1 vs planted {exact['f1']:.3f}; pairwise F1 of blocked against exact "
            f"{agreement:.4f}",
            flush=True,
        )
        if size > stories.EXACT_LIMIT:
            # The default: components of more than EXACT_LIMIT articles on their candidate pairs only.
            default = _child(args.data, size, "cluster")
            measured[f"agreement_default_{size}"] = pair_f1(default["labels"], exact["labels"])  # type: ignore[arg-type]
            print(
                f"  default (exact_limit {stories.EXACT_LIMIT:,}) against exact: pairwise F1 "
                f"{measured[f'agreement_default_{size}']:.4f}",
                flush=True,
            )
    failures = floors.check("story_scale", measured)
    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
