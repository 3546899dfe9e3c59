"""The small articles in tests/fixtures/nlp, read and analysed once per test session."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from briefer.analyse import analyse
from briefer.config import Theme
from briefer.models import AnalysedArticle, Article

FOLDER = Path(__file__).parent / "fixtures" / "nlp"
THEMES = [
    Theme(name="Mediation", keywords=["mediation", "mediate", "mediator"]),
    Theme(name="Border tensions", keywords=["border", "ceasefire", "clash"]),
]


def article(name: str, text: str) -> Article:
    title, _, body = text.partition("\n")
    return Article(
        id=name,
        title=title.strip(),
        url=f"file:{name}",
        source="Fixture",
        text=body.strip(),
        published=datetime(2026, 1, 5, tzinfo=UTC),
        published_from="none",
    )


@lru_cache(maxsize=1)
def _all() -> tuple[AnalysedArticle, ...]:
    files = sorted(FOLDER.glob("*.txt"))
    return tuple(analyse([article(f.stem, f.read_text(encoding="utf-8")) for f in files]))


def analysed(*names: str) -> list[AnalysedArticle]:
    """The named fixtures (file stems), or all of them."""
    items = _all()
    if not names:
        return list(items)
    by_id = {a.article.id: a for a in items}
    return [by_id[n] for n in names]
