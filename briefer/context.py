"""The template context: built in one place, typed, documented, versioned.

Templates see only these values (plain data, no methods that reach the
pipeline). ``docs/templates.md`` describes every variable; bump
:data:`CONTEXT_VERSION` when one changes meaning or disappears.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from briefer.config import Audience
from briefer.models import Briefing, SourceReport, SummarySentence

CONTEXT_VERSION = "1"


@dataclass(frozen=True)
class ArticleView:
    number: int  # 1-based, unique in the edition; anchor "article-<number>"
    id: str
    title: str
    url: str  # may be unsafe: templates pass it through the ``link`` filter
    source: str
    sources: tuple[str, ...]
    published: datetime
    published_label: str  # "3 Nov 2025 09:30" in the briefing's time zone
    summary: tuple[str, ...]
    theme_score: float
    theme: str  # the theme that lists it in full (its first); other themes only refer to it

    @property
    def anchor(self) -> str:
        return f"article-{self.number}"


@dataclass(frozen=True)
class SentenceView:
    text: str
    articles: tuple[ArticleView, ...]  # the articles the sentence comes from
    score: float


@dataclass(frozen=True)
class EntityView:
    name: str
    label: str
    articles: int


@dataclass(frozen=True)
class StoryView:
    title: str
    summary: tuple[SentenceView, ...]
    articles: tuple[ArticleView, ...]


@dataclass(frozen=True)
class ThemeView:
    name: str
    anchor: str
    summary: tuple[SentenceView, ...]
    articles: tuple[ArticleView, ...]
    entities: tuple[EntityView, ...]
    stories: tuple[StoryView, ...]


@dataclass(frozen=True)
class SourceView:
    name: str
    status: str
    articles: int
    error: str | None


@dataclass(frozen=True)
class Context:
    context_version: str
    title: str
    date: str  # YYYY-MM-DD
    date_long: str  # "Saturday 28 November 2026"
    timezone: str
    edition: str  # the audience's name
    generated_at: str  # ISO 8601, UTC
    themes: tuple[ThemeView, ...]  # non-empty themes, config order, "Other" last
    article_count: int
    sources: tuple[SourceView, ...]
    dropped_count: int

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _slug(name: str) -> str:
    return "theme-" + "".join(ch.lower() if ch.isalnum() else "-" for ch in name).strip("-")


def build_context(briefing: Briefing, audience: Audience) -> Context:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(briefing.timezone)
    # Number every article first (in theme order, first appearance wins), so a
    # sentence or story in one theme can cite an article shown in a later one.
    views: dict[str, ArticleView] = {}
    for theme in briefing.themes:
        for item in theme.articles:
            article = item.article
            if article.id in views:
                continue
            local = article.published.astimezone(zone)
            views[article.id] = ArticleView(
                number=len(views) + 1,
                id=article.id,
                title=article.title,
                url=article.url,
                source=article.source,
                sources=article.sources,
                published=local,
                published_label=f"{local.day} {local:%b %Y %H:%M}",
                summary=tuple(s.text for s in item.summary),
                theme_score=theme.scores.get(article.id, 0.0),
                theme=theme.name,
            )

    def cited(ids: tuple[str, ...]) -> tuple[ArticleView, ...]:
        return tuple(views[i] for i in ids if i in views)

    def sentences(items: tuple[SummarySentence, ...]) -> tuple[SentenceView, ...]:
        return tuple(SentenceView(s.text, cited(s.article_ids), s.score) for s in items)

    themes = [
        ThemeView(
            name=theme.name,
            anchor=_slug(theme.name),
            summary=sentences(theme.summary),
            articles=cited(tuple(item.article.id for item in theme.articles)),
            entities=tuple(EntityView(e.name, e.label, e.articles) for e in theme.entities),
            stories=tuple(StoryView(s.title, sentences(s.summary), cited(s.article_ids)) for s in theme.stories),
        )
        for theme in briefing.themes
    ]
    day = datetime.fromisoformat(briefing.date)
    return Context(
        context_version=CONTEXT_VERSION,
        title=briefing.title,
        date=briefing.date,
        date_long=f"{day:%A} {day.day} {day:%B %Y}",
        timezone=briefing.timezone,
        edition=audience.name,
        generated_at=briefing.generated_at.isoformat(timespec="seconds"),
        themes=tuple(themes),
        article_count=len(views),
        sources=tuple(_source_view(r) for r in briefing.sources_report),
        dropped_count=len(briefing.dropped),
    )


def _source_view(report: SourceReport) -> SourceView:
    return SourceView(report.name, report.status.value, report.articles, report.error)
