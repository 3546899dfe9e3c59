"""The days of our own writing in tests/fixtures/stories, read as a theme's summarized articles."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from briefer.analyse import analyse
from briefer.models import Article, SummarizedArticle
from briefer.summarize import summarize_articles

FOLDER = Path(__file__).parent / "fixtures" / "stories"


def records(name: str) -> list[dict[str, Any]]:
    """The fixture's records as written (``id``, ``title``, ``text``, and what the day's tests check)."""
    loaded: list[dict[str, Any]] = json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


def gold_stories(name: str) -> set[frozenset[str]]:
    """The fixture's stories as its records draw them: the ids of each ``story``."""
    gold: dict[str, set[str]] = {}
    for record in records(name):
        gold.setdefault(record["story"], set()).add(record["id"])
    return {frozenset(ids) for ids in gold.values()}


def story_day(
    name: str, first: datetime = datetime(2025, 11, 5, 8, 0, tzinfo=UTC), titles: dict[str, str] | None = None
) -> list[SummarizedArticle]:
    """The fixture's articles analysed and summarized (lead, two sentences), each published when its
    record says, else a minute after the one before it, from ``first``. ``titles``: headlines that
    replace those of the records with these ids."""
    articles = [
        Article(
            id=r["id"],
            title=(titles or {}).get(r["id"], r["title"]),
            url=f"https://example.org/{r['id']}",
            source="Test wire",
            text=r["text"],
            published=datetime.fromisoformat(r["published"]) if "published" in r else first + timedelta(minutes=i),
            published_from="metadata",
        )
        for i, r in enumerate(records(name))
    ]
    return summarize_articles(analyse(articles), "lead", 2)
