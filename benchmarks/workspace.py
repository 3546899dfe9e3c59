"""Make a briefer workspace from a folder of ``.txt`` articles, for the speed benchmarks.

The articles (first line the headline, paragraphs separated by blank lines, as
in BBC News Summary) are read from ``--data``; the workspace gets:

- ``articles/<category>/...txt``: the articles (a subfolder of ``--data`` is a
  category; files directly in it are category ``misc``);
- ``sources.yaml``: one folder source (``window: all``), the themes of a JSON
  file (``{"Theme": ["keyword", ...]}``, like ``../shared/tools/bbc-themes.json``),
  the analyst audience (pdf, md, json) and a store inside the workspace
  (``store/store.sqlite``).

Sizes: by default the data as is (every file, byte-duplicates included, as
the yardstick reads it); ``n`` smaller takes an even share of each category;
larger keeps every file and adds synthetic articles. Synthetic article ``j`` is
built around base article ``j % len(base)`` (copy ``j // len(base) + 1``): its
paragraphs are mixed with those of one or two other articles of the same
category, one paragraph may be dropped and two swapped, partner paragraphs
top it up to the base article's length, numbers are redrawn,
some names and words are swapped for others of the category, and the headline
is altered. The edits are seeded (same call, same bytes), and strong enough
that briefer's duplicate detector does not merge the copies (4-gram Jaccard
well under 0.5): replicated days are days of distinct articles, with the
length, vocabulary and theme mix of the base data.

Generated text is derived from third-party data: write workspaces outside the
repository or under ``benchmarks/work/`` (git-ignored), never commit them.

    python benchmarks/workspace.py OUT --data ../shared/data/bbc-news-summary/articles \
        --themes ../shared/tools/bbc-themes.json [--size 5000]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

SOURCE_NAME = "Benchmark folder"
AUDIENCE = "analyst"
STORE = Path("store/store.sqlite")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d[\d,.]*\d|\d")
_STOP = frozenset(
    "a an the and or but if of in on at to for from by with as is are was were be been being it its this that "
    "these those he she they we you i his her their our your not no has have had do does did will would can "
    "could should may might must said says mr mrs ms".split()
)


@dataclass(frozen=True)
class BaseArticle:
    rel: str  # "business/001.txt"
    category: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Workspace:
    root: Path
    config: Path
    articles: Path
    store: Path
    output: Path
    count: int  # articles written
    synthetic: int  # of which synthetic


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_base(data: Path, distinct: bool = True) -> list[BaseArticle]:
    """Every ``.txt`` article under ``data``, sorted (``distinct``: byte-identical files kept once)."""
    if not data.is_dir():
        raise SystemExit(f"{data}: not a folder of articles (pass --data path/to/articles)")
    seen: set[bytes] = set()
    out = []
    for path in sorted(data.rglob("*.txt")):
        raw = path.read_bytes()
        digest = hashlib.sha256(raw.strip()).digest()
        if distinct and digest in seen:
            continue
        seen.add(digest)
        rel = path.relative_to(data)
        title, _, body = _decode(raw).replace("\r\n", "\n").partition("\n")
        paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n", body) if p.strip())
        if not title.strip() or not paragraphs:
            continue
        category = rel.parts[0] if len(rel.parts) > 1 else "misc"
        out.append(BaseArticle(str(rel), category, title.strip(), paragraphs))
    if not out:
        raise SystemExit(f"{data}: no .txt articles")
    return out


def _interleaved(base: list[BaseArticle]) -> list[BaseArticle]:
    """Round-robin over categories, so that any prefix is an even mix."""
    by_cat: dict[str, list[BaseArticle]] = defaultdict(list)
    for article in base:
        by_cat[article.category].append(article)
    queues = [by_cat[c] for c in sorted(by_cat)]
    out: list[BaseArticle] = []
    for i in range(max(len(q) for q in queues)):
        out.extend(q[i] for q in queues if i < len(q))
    return out


class Vocabulary:
    """Per category: capitalised names and ordinary words, to swap words for others of the same kind."""

    def __init__(self, base: list[BaseArticle]) -> None:
        names: dict[str, set[str]] = defaultdict(set)
        words: dict[str, set[str]] = defaultdict(set)
        for article in base:
            for paragraph in article.paragraphs:
                for i, match in enumerate(_WORD.finditer(paragraph)):
                    token = match.group()
                    if token[0].isdigit() or token.lower() in _STOP or len(token) < 4:
                        continue
                    if token[0].isupper() and i > 0:
                        names[article.category].add(token)
                    elif token.islower():
                        words[article.category].add(token)
        self.names = {c: sorted(v) for c, v in names.items()}
        self.words = {c: sorted(v) for c, v in words.items()}


def _number(token: str, rng: random.Random) -> str:
    return "".join(str(rng.randint(0, 9)) if ch.isdigit() else ch for ch in token)


def _edit(text: str, category: str, vocab: Vocabulary, rng: random.Random, word_rate: float) -> str:
    """Redraw every number; swap ~35% of names and ``word_rate`` of other words (case kept)."""
    names = vocab.names.get(category) or ["Smith"]
    words = vocab.words.get(category) or ["report"]
    swap_names: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        token = match.group()
        if token[0].isdigit():
            return _number(token, rng)
        if token.lower() in _STOP or len(token) < 4:
            return token
        if token[0].isupper() and not token.isupper():
            if token not in swap_names:
                swap_names[token] = rng.choice(names) if rng.random() < 0.35 else token
            return swap_names[token]
        if token.islower() and rng.random() < word_rate:
            return rng.choice(words)
        return token

    return _WORD.sub(replace, text)


def synthesize(
    primary: BaseArticle, copy: int, pool: list[BaseArticle], vocab: Vocabulary, seed: str
) -> tuple[str, str]:
    """(title, body) of copy ``copy`` of ``primary``, mixed with 1-2 articles of ``pool``."""
    rng = random.Random(f"{seed}:{copy}:{primary.rel}")
    others = [a for a in pool if a.rel != primary.rel] or [primary]
    partners = rng.sample(others, min(len(others), rng.choice((1, 2))))
    paragraphs: list[str] = []
    for i, own in enumerate(primary.paragraphs):
        if i == 0 or rng.random() < 0.45:
            paragraphs.append(own)
        else:
            partner = rng.choice(partners)
            paragraphs.append(rng.choice(partner.paragraphs))
    paragraphs = list(dict.fromkeys(paragraphs))
    if len(paragraphs) > 3:
        del paragraphs[rng.randrange(1, len(paragraphs))]
        i = rng.randrange(1, len(paragraphs) - 1)
        paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    # Top up with the partners' paragraphs to the primary's length: the stages' costs follow the text's length.
    target = 0.88 * sum(len(p) for p in primary.paragraphs)
    spare = [p for partner in partners for p in partner.paragraphs if p not in paragraphs]
    rng.shuffle(spare)
    while spare and sum(len(p) for p in paragraphs) < target:
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), spare.pop())
    body = "\n\n".join(_edit(p, primary.category, vocab, rng, 0.15) for p in paragraphs)
    title = _edit(primary.title, primary.category, vocab, rng, 0.5)
    names = vocab.names.get(primary.category) or ["Report"]
    title = f"{title} {rng.choice(('as', 'after', 'amid', 'while', 'with'))} {rng.choice(names)} {copy}"
    return title, body


def _write(path: Path, title: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def write_config(root: Path, themes: dict[str, list[str]], title: str = "Benchmark Daily Brief") -> Path:
    """``sources.yaml`` of the workspace (JSON is YAML: no quoting surprises)."""
    config = {
        "briefing": {"title": title, "timezone": "UTC"},
        "sources": [{"name": SOURCE_NAME, "type": "folder", "path": "articles", "window": "all"}],
        "themes": [{"name": name, "keywords": list(keywords)} for name, keywords in themes.items()],
        "audiences": [{"name": AUDIENCE, "template": "analyst", "formats": ["pdf", "md", "json"]}],
        "store": {"path": str(STORE)},
        "output": "output",
    }
    path = root / "sources.yaml"
    path.write_text("# Generated by benchmarks/workspace.py\n" + json.dumps(config, indent=2) + "\n")
    return path


def update_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of a benchmark that makes a day, then an update of it with new articles
    (``benchmarks/intraday.py``, ``benchmarks/resident.py``)."""
    parser.add_argument("--data", type=Path, required=True, help="folder of .txt articles (bbc-news-summary/articles)")
    parser.add_argument("--themes", type=Path, required=True, help="JSON {theme: [keywords]}, e.g. bbc-themes.json")
    parser.add_argument("--size", type=int, help="articles in the day (default: all of --data)")
    parser.add_argument("--new-fraction", type=float, default=0.1, help="share of new articles in the update")


def make_workspace(
    root: Path, data: Path, themes_file: Path, size: int | None = None, seed: str = "briefer-bench"
) -> Workspace:
    """A fresh workspace at ``root`` (replaced if it exists) with ``size`` articles (default: all of ``data``)."""
    base = read_base(data)
    every = read_base(data, distinct=False)  # the data as is, byte-duplicates too (as the yardstick reads it)
    themes = json.loads(themes_file.read_text())
    if not isinstance(themes, dict) or not themes:
        raise SystemExit(f"{themes_file}: expected {{theme: [keywords]}}")
    if root.exists():
        shutil.rmtree(root)
    articles = root / "articles"
    articles.mkdir(parents=True)
    size = len(every) if size is None else size
    chosen = _interleaved(every)[:size] if size < len(every) else every
    for article in chosen:  # byte for byte, as the yardstick reads them
        (articles / article.rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data / article.rel, articles / article.rel)
    synthetic = add_synthetic(articles, base, max(0, size - len(every)), seed=seed, prefix="syn")
    config = write_config(root, themes)
    return Workspace(root, config, articles, root / STORE, root / "output", len(chosen) + synthetic, synthetic)


def add_synthetic(
    articles: Path, base: list[BaseArticle], count: int, *, seed: str, prefix: str, start: int = 0
) -> int:
    """Write ``count`` synthetic articles (numbers ``start``..) under ``articles``; returns ``count``."""
    if count <= 0:
        return 0
    vocab = Vocabulary(base)
    by_cat: dict[str, list[BaseArticle]] = defaultdict(list)
    for article in base:
        by_cat[article.category].append(article)
    order = _interleaved(base)
    for j in range(start, start + count):
        primary = order[j % len(order)]
        copy = j // len(order) + 1
        title, body = synthesize(primary, copy, by_cat[primary.category], vocab, seed)
        rel = Path(primary.rel)
        _write(articles / rel.parent / f"{prefix}{copy:03d}-{rel.stem}.txt", title, body)
    return count


def add_new(
    workspace: Workspace,
    data: Path,
    fraction: float = 0.1,
    seed: str = "briefer-bench-new",
    *,
    count: int | None = None,
    prefix: str = "new",
) -> int:
    """Add ``fraction`` x the workspace's articles (or ``count``) as new synthetic ones (the "10% new" day)."""
    base = read_base(data)
    count = max(1, round(workspace.count * fraction)) if count is None else count
    existing = len(list(workspace.articles.rglob(f"{prefix}*.txt")))
    return add_synthetic(workspace.articles, base, count, seed=seed, prefix=prefix, start=existing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="workspace folder to create (replaced if it exists)")
    parser.add_argument("--data", type=Path, required=True, help="folder of .txt articles (category subfolders)")
    parser.add_argument("--themes", type=Path, required=True, help="JSON {theme: [keywords]}")
    parser.add_argument("--size", type=int, help="number of articles (default: all of --data)")
    parser.add_argument("--seed", default="briefer-bench")
    args = parser.parse_args()
    ws = make_workspace(args.out, args.data, args.themes, args.size, args.seed)
    print(f"{ws.root}: {ws.count} articles ({ws.synthetic} synthetic); briefer run --config {ws.config}")


if __name__ == "__main__":
    main()
