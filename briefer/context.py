"""The template context: built in one place, typed, documented, versioned.

:func:`build_context` makes an audience's edition out of the day's analysis:
it picks the audience's themes in the audience's order, shortens summaries to
the audience's lengths, and caps what is shown (stories and articles per
theme), so that every format of an edition (Markdown, HTML, PDF) shows the
same thing and a day of 1,000 articles still renders quickly. briefing.json
keeps everything and states the selection.

Templates see only these values (plain data, no methods that reach the
pipeline). :data:`CONTEXT_VERSION` changes when a variable changes meaning
or disappears; adding one is not a break. docs/templates.md lists every
variable; keep the two in agreement.

Top-level variables (fields of :class:`Context`): ``context_version``,
``title``, ``date``, ``date_long``, ``timezone``, ``edition``, ``template``,
``formats``, ``generated_at``, ``themes``, ``article_count``,
``shown_count``, ``omitted_count``, ``limits``, ``sources``,
``dropped_count``, ``volume_days``, ``volume_labels``, ``volume``,
``chart_svg``. Also, set by
the renderer: ``target`` (``"md"`` for briefing.md, ``"html"`` when the
Markdown becomes the body of the HTML and PDF) and, in ``briefing.html.j2``
only, ``body``: the brief's Markdown as sanitized HTML.

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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from datetime import datetime, timedelta

from markupsafe import Markup

from briefer.chart import VolumeRow, volume_svg
from briefer.config import Audience
from briefer.models import Briefing, SourceReport, Story, SummarizedArticle, SummarySentence, ThemeGroup
from briefer.quotes import key_quotes
from briefer.text import slug

CONTEXT_VERSION = "2"
"""2: selection and caps per audience (``ThemeView.articles`` is the articles
shown in full, no longer every article of the theme); volume chart; ``target``."""

DEFAULT_MAX_STORIES = 5
"""Stories shown per theme when the audience sets no ``max_stories``."""
DEFAULT_MAX_ARTICLES = 10
"""Articles shown in full per theme when the audience sets no ``max_articles``."""
MAX_LISTED = 30
"""Further articles per theme shown as one line each; the rest are only counted (briefing.json has them)."""
SINCE_STORIES = 10
"""New stories, and developing ones, listed at most in "since the last brief"."""
KEY_QUOTES = 3
"""Quotes shown per theme (briefing.json has every one)."""
TREND_DAYS = 7
"""Days in the volume trend, the briefing's day included."""


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
    """Its summary sentences, in article order, each verbatim (at most the audience's ``article_sentences``)."""
    theme_score: float
    """How strongly it matched its theme (keyword score)."""
    theme: str
    """The theme that shows it (the first of the edition's themes that has it); others only refer to it."""
    full: bool
    """``True``: shown with its summary (in ``ThemeView.articles``); ``False``: one line (``ThemeView.listed``)."""

    @property
    def anchor(self) -> str:
        """``article-<number>``: the id of its heading, for ``[n](#article-n)`` links."""
        return f"article-{self.number}"


@dataclass(frozen=True)
class SentenceView:
    """A summary sentence, verbatim, with the articles it is quoted from."""

    text: str
    articles: tuple[ArticleView, ...]
    """The articles the sentence comes from (cite them); always shown in the edition."""
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
class QuoteView:
    """Words a speaker said, verbatim, with the articles that quote them."""

    speaker: str
    """The speaker, spellings merged as key actors are."""
    text: str
    """The quoted words, exactly as they stand in each article (no quotation marks)."""
    articles: tuple[ArticleView, ...]
    """The articles that quote them and that the edition shows."""


@dataclass(frozen=True)
class StoryView:
    """Reports of one event inside a theme."""

    title: str
    """A real headline of one of its articles."""
    summary: tuple[SentenceView, ...]
    """At most the audience's ``theme_sentences``."""
    articles: tuple[ArticleView, ...]
    """Its reports that the edition shows (in full or as one line)."""
    report_count: int
    """All its reports, shown or not."""
    id: str = ""
    """Stable across days: a story that continues one of an earlier day keeps its id."""
    status: str = ""
    """``new`` or ``developing`` (it continues a story of an earlier day); empty without a store."""
    first_seen: str = ""
    """The day it first appeared, YYYY-MM-DD."""
    days: tuple[str, ...] = ()
    """Every day it appeared, oldest first, the brief's day last."""
    surge: float | None = None
    """Today's reports over its daily mean of the last days, when far above; else None."""


@dataclass(frozen=True)
class ThemeView:
    """One theme of the edition: the audience's themes in its order (default: config order, "Other" last).

    Themes with no article on the day are left out.
    """

    name: str
    anchor: str
    """Id of the theme's heading: ``theme-<slug>``."""
    summary: tuple[SentenceView, ...]
    """Theme summary, most central sentence first (at most ``theme_sentences``); empty for "Other"."""
    entities: tuple[EntityView, ...]
    """Key actors, most articles first."""
    quotes: tuple[QuoteView, ...]
    """Key quotes (at most :data:`KEY_QUOTES`): the most quoted words first, each speaker once before anyone twice."""
    stories: tuple[StoryView, ...]
    """Its stories, most reports first, at most ``max_stories``."""
    story_count: int
    """All its stories, shown or not."""
    articles: tuple[ArticleView, ...]
    """Articles shown in full with their summaries, strongest match first (at most ``max_articles``,
    more only when the summaries above cite more)."""
    listed: tuple[ArticleView, ...]
    """The next articles, one line each (at most :data:`MAX_LISTED`)."""
    elsewhere: tuple[ArticleView, ...]
    """Articles of this theme shown under an earlier theme (when articles may sit in several themes)."""
    omitted: int
    """Articles of this theme not shown at all (briefing.json has them)."""
    article_count: int
    """Every article of this theme on the day, shown or not."""
    surge: float | None = None
    """Today's articles over the theme's daily mean of the last days, when far above; else None.
    Surging themes come first."""


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
    failing_runs: int
    """Runs in a row, this one included, in which it failed (0 when it worked)."""
    flagged: bool
    """It failed on several runs in a row (``failing_runs`` >= 3): someone should look at it."""


@dataclass(frozen=True)
class Limits:
    """What the edition shows at most, after the audience's settings and the defaults."""

    max_stories: int
    """Stories per theme."""
    max_articles: int
    """Articles in full per theme."""
    max_listed: int
    """Further articles per theme, one line each."""
    article_sentences: int | None
    """Sentences per article summary, or ``None``: as the analysis made them."""
    theme_sentences: int | None
    """Sentences per theme and story summary, or ``None``: as the analysis made them."""


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
    template: str
    """The audience's template set (``analyst``, ``executive``, or a workspace set)."""
    formats: tuple[str, ...]
    """Files written for this edition in this run (``md``, ``pdf``, ``json``, ``html``)."""
    generated_at: str
    """When the brief was made, ISO 8601 in UTC (``SOURCE_DATE_EPOCH`` when set)."""
    themes: tuple[ThemeView, ...]
    """The edition's themes; empty on a day without articles."""
    article_count: int
    """The day's articles in the edition's themes, each counted once, shown or not."""
    shown_count: int
    """Of those, the articles the edition shows (in full or as one line)."""
    omitted_count: int
    """``article_count - shown_count``: only in briefing.json."""
    limits: Limits
    """The caps applied."""
    sources: tuple[SourceView, ...]
    """Every configured source, config order."""
    dropped_count: int
    """Articles read but left out (outside the day, duplicates, no text)."""
    volume_days: tuple[str, ...]
    """The trend's days, YYYY-MM-DD, oldest first; the briefing's day last."""
    volume_labels: tuple[str, ...]
    """``volume_days`` for reading: "22 Nov"."""
    volume: tuple[VolumeRow, ...]
    """Per theme of the edition: ``.theme``, ``.today`` (its articles on the day) and ``.counts``
    (one per ``volume_days``; ``None`` on a day with no recorded run)."""
    chart_svg: Markup
    """``volume`` drawn as an inline SVG chart, safe markup (labels escaped); for HTML templates."""
    earlier_days: tuple[str, ...] = ()
    """Earlier days with a brief that the story memory reaches (YYYY-MM-DD, oldest first); empty on the first day."""
    new_stories: tuple[StoryView, ...] = ()
    """Since the last brief: the stories of the edition's themes first seen today (empty on the first day)."""
    developing_stories: tuple[StoryView, ...] = ()
    """Since the last brief: stories that continue an earlier day's, each with only its sentences new today."""

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


VARIABLES = frozenset(Context.__dataclass_fields__) | {"target", "body"}
"""Every name a template may use besides globals and filters (``body``: HTML templates only)."""


def _slug(name: str) -> str:
    return "theme-" + slug(name)


def _shorten_article(summary: tuple[SummarySentence, ...], limit: int | None) -> tuple[SummarySentence, ...]:
    """The ``limit`` best-scored sentences, back in article order (a limit only ever shortens)."""
    if limit is None or len(summary) <= limit:
        return summary
    best = sorted(range(len(summary)), key=lambda i: -summary[i].score)[:limit]
    return tuple(summary[i] for i in sorted(best))


def _first(items: tuple[SummarySentence, ...], limit: int | None) -> tuple[SummarySentence, ...]:
    return items if limit is None else items[:limit]


def _pick(items: list[SummarizedArticle], first: Mapping[str, None], room: int) -> list[SummarizedArticle]:
    """Up to ``room`` of ``items`` (more only to fit every one in ``first``), in their own order."""
    wanted = {item.article.id for item in items if item.article.id in first}
    room = max(room, len(wanted))
    for item in items:
        if len(wanted) >= room:
            break
        wanted.add(item.article.id)
    return [item for item in items if item.article.id in wanted]


def selected_themes(briefing: Briefing, audience: Audience) -> tuple[ThemeGroup, ...]:
    """The audience's themes of the day, in the audience's order (default: all, in the briefing's order)."""
    if audience.themes is None:
        return briefing.themes
    by_name = {t.name: t for t in briefing.themes}
    return tuple(by_name[name] for name in audience.themes if name in by_name)


def limits_for(audience: Audience) -> Limits:
    return Limits(
        max_stories=audience.max_stories or DEFAULT_MAX_STORIES,
        max_articles=audience.max_articles or DEFAULT_MAX_ARTICLES,
        max_listed=MAX_LISTED,
        article_sentences=audience.article_sentences,
        theme_sentences=audience.theme_sentences,
    )


def build_context(
    briefing: Briefing,
    audience: Audience,
    history: Mapping[str, Mapping[str, int]] | None = None,
    formats: Sequence[str] | None = None,
    printed: Mapping[str, str] | None = None,
) -> Context:
    """The audience's edition of ``briefing``.

    ``history``: ``{day: {theme: articles}}`` from the store for the days
    before (``Store.theme_volume``); the briefing's own day is always taken
    from ``briefing``. ``formats``: the files this run writes (default: the
    audience's).
    """
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(briefing.timezone)
    limits = limits_for(audience)
    themes = _for_reader(selected_themes(briefing, audience), printed or {})

    # Each article is shown under the first of the edition's themes that has it.
    home: dict[str, str] = {}
    for theme in themes:
        for item in theme.articles:
            home.setdefault(item.article.id, theme.name)

    # What each theme shows of its summary and stories. The articles a theme summary cites are shown
    # in full; those a story summary cites are at least listed, so every citation has its target.
    summaries = {t.name: _first(t.summary, limits.theme_sentences) for t in themes}
    # A story that holds every article of its theme would only repeat the theme's summary.
    stories = {
        t.name: tuple(s for s in t.stories if set(s.article_ids) != {i.article.id for i in t.articles})[
            : limits.max_stories
        ]
        for t in themes
    }
    cited_by_summary: dict[str, None] = {}
    cited_by_story: dict[str, None] = {}
    for theme in themes:
        for sentence in summaries[theme.name]:
            cited_by_summary.update(dict.fromkeys(sentence.article_ids))
        for story in stories[theme.name]:
            for sentence in _first(story.summary, limits.theme_sentences):
                cited_by_story.update(dict.fromkeys(sentence.article_ids))

    # Number the shown articles in reading order: per theme, those in full, then the one-line ones.
    views: dict[str, ArticleView] = {}
    full_ids: dict[str, list[str]] = {}
    listed_ids: dict[str, list[str]] = {}
    omitted: dict[str, int] = {}
    for theme in themes:
        own = [item for item in theme.articles if home[item.article.id] == theme.name]
        full = _pick(own, cited_by_summary, limits.max_articles)
        in_full = {item.article.id for item in full}
        rest = [item for item in own if item.article.id not in in_full]
        listed = _pick(rest, cited_by_story, limits.max_listed)
        omitted[theme.name] = len(rest) - len(listed)
        for items, is_full in ((full, True), (listed, False)):
            for item in items:
                article = item.article
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
                    summary=tuple(s.text for s in _shorten_article(item.summary, limits.article_sentences)),
                    theme_score=theme.scores.get(article.id, 0.0),
                    theme=theme.name,
                    full=is_full,
                )
        full_ids[theme.name] = [item.article.id for item in full]
        listed_ids[theme.name] = [item.article.id for item in listed]

    def shown(ids: Sequence[str]) -> tuple[ArticleView, ...]:
        return tuple(views[i] for i in ids if i in views)

    def sentence_views(items: tuple[SummarySentence, ...]) -> tuple[SentenceView, ...]:
        return tuple(SentenceView(s.text, shown(s.article_ids), s.score) for s in items)

    def story_view(s: Story) -> StoryView:
        summary = sentence_views(_first(s.summary, limits.theme_sentences))
        return StoryView(
            s.title, summary, shown(s.article_ids), len(s.article_ids), s.id, s.status, s.first_seen, s.days, s.surge
        )

    theme_views = []
    for theme in themes:
        ids = [item.article.id for item in theme.articles]
        theme_views.append(
            ThemeView(
                name=theme.name,
                anchor=_slug(theme.name),
                summary=sentence_views(summaries[theme.name]),
                entities=tuple(EntityView(e.name, e.label, e.articles) for e in theme.entities),
                quotes=tuple(
                    QuoteView(q.speaker, q.text, shown(q.article_ids)) for q in key_quotes(theme.quotes, KEY_QUOTES)
                ),
                stories=tuple(story_view(s) for s in stories[theme.name]),
                story_count=len(theme.stories),
                articles=shown(full_ids[theme.name]),
                listed=shown(listed_ids[theme.name]),
                elsewhere=shown([i for i in ids if home[i] != theme.name]),
                omitted=omitted[theme.name],
                article_count=len(ids),
                surge=theme.surge,
            )
        )
    since = _since(themes) if briefing.earlier_days else ()

    days, rows = _volume(briefing, themes, history or {})
    day = datetime.fromisoformat(briefing.date)
    return Context(
        context_version=CONTEXT_VERSION,
        title=briefing.title,
        date=briefing.date,
        date_long=f"{day:%A} {day.day} {day:%B %Y}",
        timezone=briefing.timezone,
        edition=audience.name,
        template=audience.template,
        formats=tuple(formats or audience.formats),
        generated_at=briefing.generated_at.astimezone(zone).isoformat(timespec="seconds"),
        themes=tuple(theme_views),
        article_count=len(home),
        shown_count=len(views),
        omitted_count=len(home) - len(views),
        limits=limits,
        sources=tuple(_source_view(r) for r in briefing.sources_report),
        dropped_count=len(briefing.dropped),
        volume_days=days,
        volume_labels=tuple(f"{int(d[8:])} {Date.fromisoformat(d):%b}" for d in days),
        volume=rows,
        chart_svg=Markup(volume_svg(days, rows)),  # built from escaped labels and numbers only
        earlier_days=briefing.earlier_days,
        new_stories=tuple(story_view(s) for s in since if s.status == "new")[:SINCE_STORIES],
        developing_stories=tuple(story_view(s) for s in since if s.status == "developing")[:SINCE_STORIES],
    )


def _for_reader(themes: Sequence[ThemeGroup], printed: Mapping[str, str]) -> tuple[ThemeGroup, ...]:
    """The themes as this audience's reader needs them today: surging themes first (then in their
    order), surging stories first in each theme, and no sentence an earlier brief of the audience
    printed (``printed``: keys of :func:`briefer.memory.sentence_key`)."""
    from briefer.memory import sentence_key

    def fresh(sentences: tuple[SummarySentence, ...]) -> tuple[SummarySentence, ...]:
        if not printed:
            return sentences
        return tuple(s for s in sentences if sentence_key(s.text) not in printed)

    out = []
    for theme in sorted(themes, key=lambda t: -(t.surge or 0.0)):
        stories = sorted(theme.stories, key=lambda s: -(s.surge or 0.0))
        out.append(
            replace(
                theme,
                summary=fresh(theme.summary),
                stories=tuple(replace(s, summary=fresh(s.summary)) for s in stories),
                articles=tuple(
                    item if not printed else replace(item, summary=fresh(item.summary)) for item in theme.articles
                ),
            )
        )
    return tuple(out)


def _since(themes: Sequence[ThemeGroup]) -> list[Story]:
    """The edition's stories once each, as "since the last brief" lists them: surging first, then most reports."""
    seen: dict[str, Story] = {}
    for theme in themes:
        for story in theme.stories:
            seen.setdefault(story.id or repr(story.article_ids), story)
    return sorted(seen.values(), key=lambda s: (-(s.surge or 0.0), -len(s.article_ids)))


def _volume(
    briefing: Briefing, themes: Sequence[ThemeGroup], history: Mapping[str, Mapping[str, int]]
) -> tuple[tuple[str, ...], tuple[VolumeRow, ...]]:
    last = Date.fromisoformat(briefing.date)
    days = tuple((last - timedelta(days=TREND_DAYS - 1 - i)).isoformat() for i in range(TREND_DAYS))
    rows = []
    for theme in themes:
        counts: list[int | None] = []
        for day in days[:-1]:
            recorded = history.get(day) or {}
            counts.append(recorded.get(theme.name, 0) if recorded else None)
        counts.append(len(theme.articles))
        rows.append(VolumeRow(theme.name, tuple(counts)))
    return days, tuple(rows)


def volume_counts(briefing: Briefing) -> dict[str, int]:
    """The day's articles per theme, as the store records them for the trend."""
    return {theme.name: len(theme.articles) for theme in briefing.themes}


def _source_view(report: SourceReport) -> SourceView:
    return SourceView(
        report.name, report.status.value, report.articles, report.error, report.failing_runs, report.flagged
    )
