"""Per-source filters, as feed readers have them: words an article must or must not contain, and
how old an article may be. Applied to clean articles (after extraction), before the day's
selection; each article left out is reported with the filter that left it out.

``include``: keep only articles whose headline or text has at least one of these words or
phrases; ``exclude``: leave out those that have any; ``max_age_days``: leave out articles
published more than that many days before the briefing's day (also for ``window: all``).
Words match whole words, in any case: ``talks`` does not match "stalks".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

from briefer.config import Config, Source
from briefer.models import Article, DroppedArticle
from briefer.select import day_window


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression for a list of words or phrases, whole words, any case."""
    parts = [r"\s+".join(map(re.escape, word.split())) for word in words if word.strip()]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.I)


def _first_match(words: Sequence[str], article: Article) -> str | None:
    found = _pattern(tuple(words)).search(f"{article.title}\n{article.text}")
    return found.group(0) if found else None


def left_out_by(source: Source, article: Article, day: date, timezone: str) -> str | None:
    """Why the source's filters leave ``article`` out, or None when it stays."""
    if source.include and _first_match(source.include, article) is None:
        return f"none of the source's include words ({', '.join(source.include)})"
    if source.exclude:
        word = _first_match(source.exclude, article)
        if word is not None:
            return f"the source's exclude word {word.lower()!r}"
    if source.max_age_days is not None:
        oldest = day_window(day, timezone)[0] - timedelta(days=source.max_age_days)
        if article.published < oldest:
            return f"older than the source's max_age_days ({source.max_age_days})"
    return None


def filter_articles(
    articles: Sequence[Article], config: Config, day: date
) -> tuple[list[Article], list[DroppedArticle]]:
    """The articles the sources' filters keep, and those they leave out (with the reason)."""
    sources = {s.name: s for s in config.sources if s.include or s.exclude or s.max_age_days is not None}
    if not sources:
        return list(articles), []
    kept: list[Article] = []
    dropped: list[DroppedArticle] = []
    for article in articles:
        source = sources.get(article.source)
        why = left_out_by(source, article, day, config.briefing.timezone) if source else None
        if why is None:
            kept.append(article)
        else:
            dropped.append(DroppedArticle(title=article.title, url=article.url, reason=f"filtered out: {why}"))
    return kept, dropped
