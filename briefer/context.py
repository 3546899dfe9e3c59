"""The template context: built in one place, typed, documented, versioned.

Templates see only these values (plain data, no methods that reach the
pipeline). Bump :data:`CONTEXT_VERSION` when a variable changes meaning or
disappears; adding one is not a break.

Top-level variables (fields of :class:`Context`): ``context_version``,
``title``, ``date``, ``date_long``, ``timezone``, ``edition``,
``generated_at``, ``themes``, ``article_count``, ``sources``,
``dropped_count``. ``briefing.html.j2`` also gets ``body``: the brief's
Markdown as sanitized HTML.

Also available in every template:

- ``briefer_version``: the version of briefer that rendered the brief.
- filter ``link``: ``{{ label|link(url) }}`` makes a link when ``url`` is a
  safe http(s) or file URL, else prints the label alone.
- filter ``safe_url``: the URL, or ``""`` when it is unsafe (``javascript:``...).
- filter ``anchor`` (Markdown): ``{{ "name"|anchor }}`` gives the heading
  before it the id ``name``.
- filter ``md`` (Markdown): escape a value explicitly (every ``{{ value }}`` in
  a Markdown template already is).

Every text value comes from articles or feeds, so it is untrusted: Markdown
templates escape it automatically, HTML templates autoescape it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from briefer.config import Audience
from briefer.models import Briefing, SourceReport, SummarySentence

CONTEXT_VERSION = "1"


@dataclass(frozen=True)
class ArticleView:
    """One article of the edition, numbered in reading order."""

    number: int
    """1-based, unique in the edition; the article's anchor is ``article-<number>``."""
    id: str
    """Stable article id, as in briefing.json."""
    title: str
    """Headline, as the source gave it."""
    url: str
    """Where it was read; may be unsafe: pass it through the ``link`` filter."""
    source: str
    """Name of the (first) source that carried it."""
    sources: tuple[str, ...]
    """Every source that carried it (duplicates merged), ``source`` first."""
    published: datetime
    """Publication time in the briefing's time zone."""
    published_label: str
    """``published`` for reading: "3 Nov 2025 09:30"."""
    summary: tuple[str, ...]
    """Its summary sentences, in article order, each verbatim."""
    theme_score: float
    """How strongly it matched its theme (keyword score)."""
    theme: str
    """The theme that lists it in full (its first); other themes only refer to it."""

    @property
    def anchor(self) -> str:
        """``article-<number>``: the id of its heading, for ``[n](#article-n)`` links."""
        return f"article-{self.number}"


@dataclass(frozen=True)
class SentenceView:
    """A summary sentence, verbatim, with the articles it is quoted from."""

    text: str
    articles: tuple[ArticleView, ...]
    """The articles the sentence comes from (cite them)."""
    score: float
    """Rank score; higher is more central to the theme."""


@dataclass(frozen=True)
class EntityView:
    """A key actor of a theme: a person, organisation or place named in its articles."""

    name: str
    label: str
    """spaCy label: PERSON, ORG, GPE, NORP, ..."""
    articles: int
    """How many of the theme's articles name it."""


@dataclass(frozen=True)
class StoryView:
    """Reports of one event inside a theme."""

    title: str
    """A real headline of one of its articles."""
    summary: tuple[SentenceView, ...]
    articles: tuple[ArticleView, ...]


@dataclass(frozen=True)
class ThemeView:
    """One theme of the brief (config order; "Other" last; empty themes left out)."""

    name: str
    anchor: str
    """Id of the theme's heading: ``theme-<slug>``."""
    summary: tuple[SentenceView, ...]
    """Theme summary, most central sentence first; empty for "Other"."""
    articles: tuple[ArticleView, ...]
    """Its articles, strongest match first (an article may sit in several themes)."""
    entities: tuple[EntityView, ...]
    """Key actors, most articles first."""
    stories: tuple[StoryView, ...]


@dataclass(frozen=True)
class SourceView:
    """How one configured source fared in this run."""

    name: str
    status: str
    """``ok``, ``empty``, ``not_modified`` or ``error``."""
    articles: int
    """Documents it delivered."""
    error: str | None
    """One line saying why it failed or was empty."""


@dataclass(frozen=True)
class Context:
    """Every top-level template variable."""

    context_version: str
    """Version of this context (see :data:`CONTEXT_VERSION`)."""
    title: str
    """``briefing.title`` from the config."""
    date: str
    """The briefing's day, YYYY-MM-DD."""
    date_long: str
    """The day for reading: "Saturday 28 November 2026"."""
    timezone: str
    """``briefing.timezone``: the zone of every time shown."""
    edition: str
    """The audience's name."""
    generated_at: str
    """When the brief was made, ISO 8601 in UTC (``SOURCE_DATE_EPOCH`` when set)."""
    themes: tuple[ThemeView, ...]
    """Non-empty themes, config order, "Other" last; empty on a day without articles."""
    article_count: int
    """Articles in the edition, each counted once."""
    sources: tuple[SourceView, ...]
    """Every configured source, config order."""
    dropped_count: int
    """Articles read but left out (outside the day, duplicates, no text)."""

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
