"""Story clustering on ECB+: pairwise precision, recall, F1 and adjusted Rand index.

    python benchmarks/stories.py --data ../shared/data/ecbplus

Each document becomes an ``Article`` (first line the headline, the rest the
text), goes through ``briefer.analyse.analyse`` and is clustered by
``briefer.stories.cluster``: the very code ``find_stories`` runs in a brief.

Settings are never chosen on the answers of the split being scored: the
topics are cut in two halves (alternate topics); the threshold tuned on one
half is scored on the other, and the other way round. The fixed default
(``briefer.stories.DEFAULT_THRESHOLD``) is scored too, with a plain TF-IDF
average-linkage baseline (its threshold tuned on the answers, an upper bound
for it) for comparison.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from briefer.analyse import analyse
from briefer.models import Article
from briefer.stories import DEFAULT_THRESHOLD, _average_linkage, article_features, cluster

GRID = [round(x, 4) for x in np.arange(0.05, 0.40, 0.0125)]


def load(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "docs.jsonl").read_text(encoding="utf-8").splitlines() if line]


def to_article(doc: dict) -> Article:
    lines = [line.strip() for line in doc["text"].splitlines() if line.strip()]
    return Article(
        id=doc["doc_id"],
        title=lines[0],
        url=doc.get("url") or "",
        source="ecbplus",
        text="\n".join(lines[1:]) or lines[0],
        # ECB+ gives no publication time: every article gets the same one, so time plays no part.
        published=datetime(2000, 1, 1, tzinfo=UTC),
        published_from="none",
    )


def pairwise(labels: Sequence[int], gold: Sequence[str]) -> dict[str, float]:
    lab = np.asarray(labels)
    ref = np.asarray(gold)
    upper = np.triu_indices(len(lab), 1)
    predicted = (lab[:, None] == lab[None, :])[upper]
    true = (ref[:, None] == ref[None, :])[upper]
    tp = int((predicted & true).sum())
    p = tp / max(int(predicted.sum()), 1)
    r = tp / max(int(true.sum()), 1)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "ari": float(adjusted_rand_score(ref, lab))}


def labels_of(groups: list[list[int]], n: int) -> list[int]:
    out = [0] * n
    for k, group in enumerate(groups):
        for i in group:
            out[i] = k
    return out


def run_ours(feats: list[tuple[list[str], list[str]]], idx: Sequence[int], threshold: float) -> list[int]:
    words = [feats[i][0] for i in idx]
    specifics = [feats[i][1] for i in idx]
    return labels_of(cluster(words, specifics, threshold), len(idx))


def run_baseline(texts: list[str], idx: Sequence[int], threshold: float) -> list[int]:
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([texts[i] for i in idx])
    return list(_average_linkage((matrix @ matrix.T).toarray(), threshold))


def fmt(scores: dict[str, float]) -> str:
    return "P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  ARI {ari:.3f}".format(**scores)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding ECB+ docs.jsonl")
    parser.add_argument("--cache", type=Path, help="pickle of the analysed articles (made if missing)")
    args = parser.parse_args(argv)

    docs = load(args.data)
    gold = [d["event_cluster"] for d in docs]
    if args.cache and args.cache.exists():
        analysed = pickle.loads(args.cache.read_bytes())
    else:
        started = time.perf_counter()
        analysed = analyse([to_article(d) for d in docs])
        print(f"analysed {len(docs)} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(analysed))
    feats = [article_features(a) for a in analysed]
    texts = [d["text"] for d in docs]
    topics = sorted({d["topic"] for d in docs})
    halves = [set(topics[0::2]), set(topics[1::2])]
    split_idx = [[i for i, d in enumerate(docs) if d["topic"] in half] for half in halves]
    everything = list(range(len(docs)))

    def score(run, idx: Sequence[int], threshold: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
        return pairwise(run(idx, threshold), [gold[i] for i in idx])

    def ours(idx: Sequence[int], t: float) -> list[int]:
        return run_ours(feats, idx, t)

    def baseline(idx: Sequence[int], t: float) -> list[int]:
        return run_baseline(texts, idx, t)

    print(f"ECB+ {len(docs)} documents, {len(topics)} topics, {len(set(gold))} events")
    for name, run in (("baseline TF-IDF average linkage", baseline), ("briefer.stories", ours)):
        print(f"\n{name}")
        tuned = []
        for tune, test in ((0, 1), (1, 0)):
            best = max(GRID, key=lambda t: (score(run, split_idx[tune], t)["f1"], -t))
            tuned.append(best)
            own = fmt(score(run, split_idx[tune], best))
            held_out = fmt(score(run, split_idx[test], best))
            print(f"  tuned on half {tune + 1} (threshold {best}): {own} | held-out half {test + 1}: {held_out}")
        oracle = max(GRID, key=lambda t: score(run, everything, t)["f1"])
        print(f"  all topics, threshold tuned on all answers ({oracle}): {fmt(score(run, everything, oracle))}")
        if run is ours:
            default = fmt(score(run, everything, DEFAULT_THRESHOLD))
            print(f"  all topics, default threshold {DEFAULT_THRESHOLD}: {default}")
            # As in a brief: each topic (a theme) clustered on its own, labels made distinct.
            per_topic: list[int] = [0] * len(docs)
            offset = 0
            for topic in topics:
                idx = [i for i, d in enumerate(docs) if d["topic"] == topic]
                for i, label in zip(idx, ours(idx, DEFAULT_THRESHOLD), strict=True):
                    per_topic[i] = offset + label
                offset += len(idx)
            print(f"  each topic on its own (as one theme), default threshold: {fmt(pairwise(per_topic, gold))}")
            started = time.perf_counter()
            ours(everything, DEFAULT_THRESHOLD)
            print(f"  time to cluster all {len(docs)} documents: {time.perf_counter() - started:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
