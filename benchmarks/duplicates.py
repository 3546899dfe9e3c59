"""Near-duplicate merging: plant lightly edited copies, measure precision and recall of merges.

    python benchmarks/duplicates.py --data ../shared/data/bbc-news-summary [--half held-out|tune|all] [--seed N]

Base texts are the BBC articles (the corpus's own duplicates and near
duplicates dropped first). Half of them get one copy, edited one to three ways at random:
word substitutions (about 3 % of words), a dropped paragraph, an added
sentence, paragraphs reordered, a changed headline. Hard negatives that must
NOT merge are planted too: pairs of different articles sharing one long
wire-template paragraph (in groups of four), and a short article quoted whole
inside a longer one. ``briefer.select.select`` runs over everything; each
merged pair (two articles in one group) is scored against the planted pairs.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

import floors
from datasketch import MinHash, MinHashLSH

from briefer.config import Duplicates
from briefer.models import Article
from briefer.select import select

EDITS = ("substitute", "drop_paragraph", "add_sentence", "reorder", "headline")
TEMPLATE = (
    "This story was produced by the wire service's regional desk and is distributed to member newspapers under "
    "the standard syndication agreement; it may be shortened or edited for length but its substance must not be "
    "altered, and the agency's name must appear with the headline wherever it is published in print or online. "
    "Corrections are issued on the same channel within twenty-four hours of any error being found by our editors."
)


def read_corpus(folder: Path) -> list[tuple[str, list[str]]]:
    """(headline, paragraphs) of each distinct article."""
    seen: set[str] = set()
    out = []
    for path in sorted((folder / "articles").glob("*/*.txt")):
        raw = path.read_bytes()
        digest = hashlib.sha1(raw).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        blocks = [b.strip() for b in text.strip().split("\n\n") if b.strip()]
        lines = blocks[0].splitlines()
        headline = lines[0].strip()
        paragraphs = [" ".join(lines[1:]).strip()] if len(lines) > 1 else []
        paragraphs = [p for p in paragraphs if p] + [" ".join(b.split()) for b in blocks[1:]]
        if len(paragraphs) >= 3:
            out.append((headline, paragraphs))
    return drop_near_duplicates(out)


def drop_near_duplicates(corpus: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """The corpus also holds near copies of its own articles (same story, other wording or length):
    those would be real duplicates, not planted ones, so keep only the first of each (word 4-gram
    Jaccard 0.3 or more, found with datasketch's LSH independently of briefer.select)."""
    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    out = []
    for i, (headline, paragraphs) in enumerate(corpus):
        words = " ".join(paragraphs).lower().split()
        m = MinHash(num_perm=128, seed=11)
        m.update_batch([" ".join(words[j : j + 4]).encode() for j in range(max(1, len(words) - 3))])
        if lsh.query(m):
            continue
        lsh.insert(str(i), m)
        out.append((headline, paragraphs))
    return out


def edit(rng: random.Random, headline: str, paragraphs: list[str], donor: list[str], kinds: Sequence[str]):  # type: ignore[no-untyped-def]
    paragraphs = list(paragraphs)
    for kind in kinds:
        if kind == "substitute":
            words = " ".join(paragraphs).split()
            n = max(1, len(words) * 3 // 100)
            chosen = set(rng.sample(range(len(words)), n))
            synonyms = ["said", "reported", "officials", "the", "new", "major", "local", "group", "company"]
            out, k = [], 0
            for p in paragraphs:
                ws = p.split()
                ws = [rng.choice(synonyms) if (k + j) in chosen else w for j, w in enumerate(ws)]
                k += len(p.split())
                out.append(" ".join(ws))
            paragraphs = out
        elif kind == "drop_paragraph" and len(paragraphs) > 3:
            paragraphs.pop(rng.randrange(1, len(paragraphs)))
        elif kind == "add_sentence":
            sentence = rng.choice(donor).split(". ")[0].rstrip(".") + "."
            paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), sentence)
        elif kind == "reorder" and len(paragraphs) > 3:
            i = rng.randrange(1, len(paragraphs) - 1)
            paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
        elif kind == "headline":
            headline = "Update: " + " ".join(reversed(headline.split()))
    return headline, paragraphs


def make_article(i: int, source: str, headline: str, paragraphs: list[str]) -> Article:
    url = f"https://{source}.example/{i}"
    return Article(
        id=f"{source}-{i}",
        title=headline,
        url=url,
        source=source,
        text="\n\n".join(paragraphs),
        published=datetime(2025, 1, 1, 12, tzinfo=UTC),
        published_from="metadata",
        sources=(source,),
        urls=(url,),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding BBC News Summary (articles/)")
    default = Duplicates().threshold
    parser.add_argument(
        "--threshold", type=float, default=default, help=f"duplicates.threshold (default {default}, the config's)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--half",
        choices=("held-out", "tune", "all"),
        default="held-out",
        help="which half of the distinct articles (by their order; tune: even places, held-out: odd) "
        "to build the day from; floors.json holds for held-out (default)",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    corpus = read_corpus(args.data)
    corpus = {"tune": corpus[0::2], "held-out": corpus[1::2], "all": corpus}[args.half]
    articles: list[Article] = []
    planted: set[frozenset[str]] = set()
    by_kind: dict[str, list[frozenset[str]]] = {k: [] for k in EDITS}
    n = len(corpus)
    order = list(range(n))
    rng.shuffle(order)
    plain, templated, quoted = order[: n - 120], order[n - 120 : n - 40], order[n - 40 :]
    for i in plain:
        headline, paragraphs = corpus[i]
        original = make_article(i, "wire", headline, paragraphs)
        articles.append(original)
        if rng.random() < 0.5:
            kinds = rng.sample(EDITS, rng.randint(1, 3))
            donor = corpus[rng.randrange(n)][1]
            copy = make_article(i, "outlet", *edit(rng, headline, paragraphs, donor, kinds))
            articles.append(copy)
            pair = frozenset((original.id, copy.id))
            planted.add(pair)
            for kind in kinds:
                by_kind[kind].append(pair)
    # Different stories from one wire template: must stay apart. Short ones, so the template weighs.
    for i in templated:
        headline, paragraphs = corpus[i]
        articles.append(make_article(i, "template", headline, [paragraphs[0], TEMPLATE, paragraphs[1]]))
    # A short article quoted whole inside a longer one: must stay apart.
    for a, b in zip(quoted[0::2], quoted[1::2], strict=True):
        short_h, short_p = corpus[a]
        long_h, long_p = corpus[b]
        articles.append(make_article(a, "short", short_h, short_p[:2]))
        articles.append(make_article(b, "long", long_h, [*long_p, *short_p[:2], *long_p]))

    rng.shuffle(articles)
    window = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC))
    started = time.perf_counter()
    selection = select(articles, window, threshold=args.threshold)
    elapsed = time.perf_counter() - started
    # Rebuild the groups: each kept article's urls name its members.
    by_url = {a.url: a.id for a in articles}
    predicted: set[frozenset[str]] = set()
    for kept in selection.articles:
        members = sorted(by_url[u] for u in kept.urls)
        predicted.update(frozenset(p) for p in combinations(members, 2))
    tp = len(predicted & planted)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(planted) if planted else 1.0
    print(
        f"{len(articles)} articles ({len(planted)} planted copies, {len(templated)} template stories, "
        f"{len(quoted) // 2} quoted pairs); threshold {args.threshold}; select took {elapsed:.1f} s"
    )
    print(f"merges reported: {selection.merged}; merged pairs {len(predicted)}, correct {tp}")
    print(f"precision {precision:.3f}  recall {recall:.3f}")
    for kind, pairs in by_kind.items():
        found = sum(1 for p in pairs if p in predicted)
        print(f"  recall with edit {kind:<15} {found}/{len(pairs)} = {found / max(len(pairs), 1):.3f}")
    wrong = predicted - planted
    for pair in sorted(wrong, key=sorted)[:10]:
        print("  false merge:", " + ".join(sorted(pair)))
    if args.half != "held-out" or args.threshold != default:
        return 0
    failures = floors.check("duplicates", {"precision": precision, "recall": recall})
    for failure in failures:
        print("BELOW FLOOR:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
