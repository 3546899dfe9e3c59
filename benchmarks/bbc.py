"""Load the BBC News Summary data set for the benchmarks (never for tests).

The data is third-party and stays outside the repository: every benchmark
takes its folder as ``--data``. Articles whose bytes repeat another's are
dropped (a known quirk of the corpus). The spaCy analysis of the whole set
takes about a minute, so it is cached in ``--cache`` (default
``~/.cache/briefer-benchmarks``), keyed by the data files and by the source of
``briefer/analyse.py``.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import briefer.analyse
from briefer.analyse import analyse
from briefer.models import AnalysedArticle, Article

DEFAULT_CACHE = Path.home() / ".cache" / "briefer-benchmarks"
CATEGORIES = ("business", "entertainment", "politics", "sport", "tech")


@dataclass(frozen=True)
class BbcArticle:
    path: str  # "business/001.txt"
    category: str
    analysed: AnalysedArticle
    reference: str  # the reference extract, sentences run together as in the file


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def split_reference(reference: str) -> list[str]:
    """The reference's sentences: the file runs them together ("time.She said")."""
    return [s.strip() for s in re.split(r"(?<=[.!?\"'])(?=[A-Z\"'])", reference) if s.strip()]


def _read(data: Path) -> list[tuple[str, str, str, str, str]]:
    """(path, category, title, body, reference), byte-duplicates dropped."""
    seen: set[bytes] = set()
    out = []
    for path in sorted((data / "articles").glob("*/*.txt")):
        raw = path.read_bytes()
        digest = hashlib.sha256(raw.strip()).digest()
        if digest in seen:
            continue
        seen.add(digest)
        rel = path.relative_to(data / "articles")
        title, _, body = _decode(raw).replace("\r\n", "\n").partition("\n")
        reference = _decode((data / "summaries" / rel).read_bytes()).strip()
        out.append((str(rel), rel.parts[0], title.strip(), body.strip(), reference))
    return out


def load(data: Path, cache: Path | None = DEFAULT_CACHE) -> list[BbcArticle]:
    """Every distinct article of the data set, analysed by briefer's analyse stage."""
    data = data.resolve()
    if not (data / "articles").is_dir():
        raise SystemExit(f"{data}: no articles/ folder (pass --data path/to/bbc-news-summary)")
    rows = _read(data)
    key = hashlib.sha256()
    key.update(Path(briefer.analyse.__file__).read_bytes())
    for row in rows:
        key.update("\x00".join(row).encode())
    cached = cache / f"bbc-{key.hexdigest()[:16]}.pickle" if cache else None
    if cached and cached.exists():
        with cached.open("rb") as handle:
            result: list[BbcArticle] = pickle.load(handle)
        return result
    stamp = datetime(2005, 1, 1, tzinfo=UTC)
    articles = [
        Article(id=rel, title=title, url=f"bbc:{rel}", source="BBC", text=body, published=stamp, published_from="none")
        for rel, _, title, body, _ in rows
    ]
    analysed = analyse(articles)
    result = [
        BbcArticle(path=rel, category=cat, analysed=item, reference=ref)
        for (rel, cat, _, _, ref), item in zip(rows, analysed, strict=True)
    ]
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with cached.open("wb") as handle:
            pickle.dump(result, handle)
    return result
