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

import functools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date as Date
from datetime import datetime, timedelta, tzinfo
from typing import TypeVar

from markupsafe import Markup

from briefer.chart import VolumeRow, volume_svg
from briefer.config import Audience
from briefer.entities import is_place, normal_form
from briefer.labels import labelled_piece
from briefer.models import (
    Briefing,
    QuietStory,
    Quote,
    SourceReport,
    Story,
    SummarizedArticle,
    SummarySentence,
    ThemeGroup,
)
from briefer.quotes import key_quotes
from briefer.summarize import leans_on_previous
from briefer.text import slug, squash
from briefer.words import CALENDAR, STOP_WORDS

OTHER = "Other"  # briefer.group.OTHER: the theme of articles in no theme (not imported: group loads the NLP stack)
TOP_STORIES = "Top stories"  # what a reader sees for it on a day with no themes configured (themes: [])

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
QUIET_STORIES = 5
"""Stories of the last brief that went quiet, named at most in "since the last brief"."""
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
    unquoted: tuple[str, ...] = ()
    """``summary`` less the sentences the edition prints before the article (its theme's summary and
    stories): what to print under its headline so that no sentence appears twice."""
    quoted: int = 0
    """How many of its ``summary`` sentences the edition prints above it (``unquoted`` leaves these out, and a
    sentence that leans on one of them: "He said ..." after the sentence that names him)."""
    printed_before: int = 0
    """How many of its summary sentences are left out because an earlier brief of the audience printed them."""

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
    """A key actor of a theme: a person, organisation, country or place named in its articles."""

    name: str
    label: str
    """spaCy label: PERSON, ORG, GPE, NORP, ..."""
    articles: int
    """How many of the theme's articles name it."""
    place: bool = False
    """Where things happen rather than who acts: a place, building or region that is no country, capital or
    people (the analyst edition lists these apart, as "Places")."""


@dataclass(frozen=True)
class QuoteView:
    """Words a speaker said, verbatim, with the articles that quote them."""

    speaker: str
    """The speaker, spellings merged as key actors are."""
    text: str
    """The quoted words, exactly as they stand in each article (no quotation marks)."""
    articles: tuple[ArticleView, ...]
    """The articles that quote them and that the edition shows."""
    more: tuple[str, ...] = ()
    """The rest of the statement when the article breaks it with its attribution ("...," she said. "..."):
    each part verbatim, in the article's order; the analyst edition joins them with "…"."""


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
    lines: tuple[SentenceView, ...] = ()
    """``summary`` less the sentences printed before it (the theme summary, earlier stories), at most
    ``theme_sentences``: what to print under the story so that no sentence appears twice."""


@dataclass(frozen=True)
class HighlightView:
    """One item of a theme's news after its top line (its first summary sentence): a story of
    several reports, or an article outside the shown stories, with one sentence of its own."""

    title: str
    """A real headline: the story's title, or the article's."""
    text: str
    """One sentence, verbatim, that is not the top line: the story's most central one that names
    something of its title (else its most central one), or the article's sentence the theme summary
    quotes, else its summary sentence nearest the lead; ``""`` when none is left."""
    articles: tuple[ArticleView, ...]
    """The story's reports that the edition shows, or the article."""
    report_count: int
    """Reports of the story; 1 for an article."""
    sources: tuple[str, ...]
    """Distinct sources of those reports, most reports first."""


@dataclass(frozen=True)
class LatestView:
    """The newest report of a theme's top story, hours after the report its top line quotes: a one-line
    edition shows its sentence under the top line, so that the top line's figures ("three workers were
    killed") are not the day's last word when a later report has others ("the death toll rose to five")."""

    text: str
    """Its summary sentence nearest its lead, verbatim; never the top line."""
    article: ArticleView
    when: str
    """When it was published, for reading: "21 Jan 16:40"."""


@dataclass(frozen=True)
class ThemeView:
    """One theme of the edition: the audience's themes in its order (default: config order, "Other" last).

    A configured theme with no article on the day is listed too (``article_count`` 0), so an edition
    can say that nothing happened on it; "Other" only when some article fits no theme.
    """

    name: str
    anchor: str
    """Id of the theme's heading: ``theme-<slug>``."""
    summary: tuple[SentenceView, ...]
    """Theme summary, most central sentence first (at most ``theme_sentences``); empty for "Other"."""
    entities: tuple[EntityView, ...]
    """Key actors, most articles first."""
    quotes: tuple[QuoteView, ...]
    """Key quotes (at most :data:`KEY_QUOTES`): the most quoted words first, each speaker once before anyone
    twice; a quote whose words the section already prints (summary, stories, articles) is left out."""
    stories: tuple[StoryView, ...]
    """Its stories, most reports first, at most ``max_stories``."""
    story_count: int
    """All its stories of two reports or more, shown or not (a story of one report is its article)."""
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
    """Every article of this theme on the day, shown or not; 0 for a configured theme with nothing today
    (it is still listed, so the edition can say so)."""
    surge: float | None = None
    """Today's articles over the theme's daily mean of the last days, when far above; else None.
    Surging themes come first."""
    highlights: tuple[HighlightView, ...] = ()
    """The theme's news after its top line, for editions that show one line an item: its stories of
    two reports or more (most reports first; those past ``max_stories`` too, after the shown ones) but the
    top line's own, then its articles in full outside them and not cited by the top line (strongest match
    first)."""
    top_reports: int = 1
    """Reports of the top line's story (1 when its article is a story of its own): an edition that
    shows one line an item says so beside the top line, and does not list that story again."""
    top_articles: tuple[ArticleView, ...] = ()
    """The articles of the top line's story (the top line's own when it has none)."""
    more_stories: tuple[StoryView, ...] = ()
    """Its stories of two reports or more past ``max_stories``, most reports first (at most
    :data:`MORE_STORIES`): the analyst edition names them on one line, so that a story the cap leaves
    out (a government's rice release on a day of six events) is still named, with its reports."""
    latest: LatestView | None = None
    """The newest report of the top line's story when it came at least :data:`LATEST_AFTER` after every
    report the top line quotes, with its sentence nearest its lead; else None."""


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
    quiet_stories: tuple[QuietStory, ...] = ()
    """Since the last brief: stories of the last brief, in the edition's themes, that no article today
    continues (``.title``, ``.theme``, ``.last_seen`` YYYY-MM-DD, ``.articles`` its reports that day);
    most reports first."""
    themed: bool = True
    """Whether the desk configures themes; False with ``themes: []``, where the one section is the day's
    top stories (headed ``TOP_STORIES``), not a theme, and an edition says "5 more stories", not "in
    this theme"."""

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


def _key(text: str) -> str:
    """A sentence as the edition compares it for repeats: spacing and case aside."""
    return squash(text).lower()


def _keys(items: Sequence[SummarySentence]) -> set[str]:
    return {_key(s.text) for s in items}


CONTINUES_WITHIN = 90
"""Characters at most between the end of a quotation and the start of the next that go on with it: the
attribution between them ('," said the port's harbour master, Captain Ilse Varn. "')."""


def _continued(quotes: Sequence[Quote], texts: Mapping[str, str]) -> dict[int, tuple[Quote, ...]]:
    """For each quotation that goes on no other's (by its index in ``quotes``), the ones that go on with
    it, in turn: the same speaker's next words in an article that quotes both, after no more than their
    attribution between them (``CONTINUES_WITHIN`` characters, no other quotation). ``texts``: each
    article's text, by id. Each quotation is in one chain at most, whatever order ``quotes`` has."""
    following = {i: _next_part(q, quotes, texts, {i}) for i, q in enumerate(quotes)}
    continuing = {j for j in following.values() if j is not None}
    out: dict[int, tuple[Quote, ...]] = {}
    used: set[int] = set()
    for i in range(len(quotes)):
        if i in continuing:
            continue
        chain: list[Quote] = []
        used.add(i)
        nxt = following[i]
        while nxt is not None and nxt not in used:
            used.add(nxt)
            chain.append(quotes[nxt])
            nxt = following[nxt]
        if chain:
            out[i] = tuple(chain)
    return out


def _next_part(current: Quote, quotes: Sequence[Quote], texts: Mapping[str, str], skip: set[int]) -> int | None:
    """Index of the quotation that continues ``current`` in one of its articles (the nearest after it), or None."""
    for article_id in current.article_ids:
        text = texts.get(article_id)
        if text is None:
            continue
        end = text.find(current.text)
        if end < 0:
            continue
        end += len(current.text)
        found: list[tuple[int, int]] = []
        for j, other in enumerate(quotes):
            if j in skip or other.speaker != current.speaker or article_id not in other.article_ids:
                continue
            start = text.find(other.text, end)
            if 0 <= start - end <= CONTINUES_WITHIN and sum(text.count(mark, end, start) for mark in '"“”') <= 2:
                found.append((start, j))
        if found:
            return min(found)[1]
    return None


def _unprinted_quotes(quotes: Sequence[Quote], printed: Sequence[str]) -> list[Quote]:
    """``quotes`` less those whose words stand whole in a sentence (or an article's run of sentences)
    that ``printed`` holds: a key quote the section already prints would be read twice."""
    said = [_key(text) for text in printed]
    return [q for q in quotes if not any(_key(q.text) in text for text in said)]


def _unprinted(items: Sequence[SummarySentence], printed: set[str]) -> tuple[SummarySentence, ...]:
    """``items`` less the sentences already printed, and less repeats among themselves."""
    out: list[SummarySentence] = []
    seen = set(printed)
    for s in items:
        if _key(s.text) not in seen:
            seen.add(_key(s.text))
            out.append(s)
    return tuple(out)


def _stories(theme: ThemeGroup, limit: int | None, skip: int = 0) -> tuple[Story, ...]:
    """The theme's stories an edition shows: two reports or more (a story of one report is that
    article, shown as such), and not every article of the theme (that story would only repeat the
    theme's summary); at most ``limit``, after the first ``skip``."""
    everything = {item.article.id for item in theme.articles}
    real = tuple(s for s in theme.stories if len(set(s.article_ids)) >= 2 and set(s.article_ids) != everything)
    return real[skip:] if limit is None else real[skip : skip + limit]


MORE_STORIES = 10
"""Stories past ``max_stories`` an edition names by their headlines, per theme (see ``ThemeView.more_stories``)."""


def _article_view(
    item: SummarizedArticle,
    number: int,
    theme: ThemeGroup,
    full: bool,
    zone: tzinfo,
    sentences: int | None,
    printed: set[str],
) -> ArticleView:
    article = item.article
    local = article.published.astimezone(zone)
    chosen = _shorten_article(item.summary, sentences)
    summary = tuple(s.text for s in chosen)
    above = [_key(s.text) in printed for s in chosen]
    # A sentence that leans on the one before it in the article ("He said the rise was below inflation") is not
    # printed alone under the headline when that one was printed above: its reader would not know who "he" is.
    unquoted = tuple(
        s.text
        for k, s in enumerate(chosen)
        if not above[k]
        and not (k and above[k - 1] and chosen[k - 1].position == s.position - 1 and leans_on_previous(s.text))
    )
    return ArticleView(
        number=number,
        id=article.id,
        title=article.title,
        url=article.url,
        source=article.source,
        sources=article.sources,
        published=local,
        published_label=f"{local.day} {local:%b %Y %H:%M}",
        summary=summary,
        theme_score=theme.scores.get(article.id, 0.0),
        theme=theme.name,
        full=full,
        unquoted=unquoted,
        quoted=sum(above),
    )


def _top_story(summary: Sequence[SentenceView], stories: Sequence[StoryView]) -> StoryView | None:
    """The story (of two reports or more) of the article the top line quotes, if it has one."""
    cited = {a.id for a in summary[0].articles} if summary else set()
    return next((story for story in stories if cited & {a.id for a in story.articles}), None)


def _whole_story(theme: ThemeGroup) -> Story | None:
    """The story of two reports or more that holds every article of the theme, if there is one: an
    edition does not show it (:func:`_stories`), but its reports are the top line's event."""
    everything = {item.article.id for item in theme.articles}
    return next((s for s in theme.stories if len(everything) >= 2 and set(s.article_ids) == everything), None)


def _highlights(
    theme: ThemeGroup,
    summary: Sequence[SentenceView],
    stories: Sequence[StoryView],
    articles: Sequence[ArticleView],
    top_story: StoryView | None,
) -> tuple[HighlightView, ...]:
    """The theme's stories, then its articles outside them, those shown in full first, then those listed
    (reports before the round-ups and analyses their outlets label: :func:`briefer.labels.labelled_piece`;
    a page with room for more than the full ones, a desk's ``themes: []`` day, shows the listed too), each
    with a sentence that is not the top line (an article's: the one the theme summary quotes, else the one
    nearest its lead); an article the top line cites is already told, and so is its story: a reader of a
    one-line-an-item edition met the top line's event once, and the room goes to the theme's other news."""
    top = _key(summary[0].text) if summary else ""
    told = {a.id for a in summary[0].articles} if summary else set()
    if top_story is not None:  # _top_story(summary, stories)
        told |= {a.id for a in top_story.articles}
    out: list[HighlightView] = []
    for story in stories:
        if story is top_story:
            continue
        texts = [s.text for s in _naming_the_title_first(story) if _key(s.text) != top]
        sources = Counter(a.source for a in story.articles)
        out.append(
            HighlightView(
                story.title,
                texts[0] if texts else "",
                story.articles,
                story.report_count,
                tuple(name for name, _ in sources.most_common()),
            )
        )
        told |= {a.id for a in story.articles}
    leads = {item.article.id: _lead_first(item.summary) for item in theme.articles}
    for sentence in summary[1:]:  # the theme summary's choice of an article's sentence comes first
        for a in sentence.articles:
            leads[a.id].insert(0, sentence.text)
    # The day's reports before its round-ups and analyses: a one-line-an-item edition that runs out
    # of room leaves out the piece that retells the others, not an event of its own.
    for article in sorted(articles, key=lambda a: labelled_piece(a.title)):
        if article.id in told:
            continue
        texts = [text for text in leads[article.id] if _key(text) != top]
        out.append(HighlightView(article.title, texts[0] if texts else "", (article,), 1, (article.source,)))
    return tuple(out)


_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")
_ENDING = re.compile(r"(?:['’]s|s)$")


def _title_words(text: str) -> set[str]:
    """Words of four letters or more, no stop words, in lower case, without a plural's or possessive's 's'."""
    return {_ENDING.sub("", w.lower()) for w in _WORD.findall(text) if w.lower() not in STOP_WORDS}


def _title_rank(title: set[str], text: str, own: bool) -> tuple[bool, bool]:
    """Where a story's sentence comes under its title (lowest first): one of the report whose headline is the
    title (``own``) that names something of it (``title``, its words), then any other that does, then the rest."""
    naming = bool(title & _title_words(text))
    return (not (own and naming), not naming)


_Line = TypeVar("_Line", SummarySentence, "SentenceView")


def _title_first(lines: Sequence[_Line], title: str, own: Callable[[_Line], bool]) -> tuple[_Line, ...]:
    """A story's lines, the first of them the one :func:`_naming_the_title_first` would put first: of the report
    whose headline is its title (``own``) and naming something of it, else the first that names something of
    it; the others in the summary's order. Under "Blizzard warning for Kushiro and Nemuro", its own report's
    line, not a deer strike's that the summary put first (the same lines, one moved up)."""
    if not lines:
        return ()
    words = _title_words(title)
    ranks = [_title_rank(words, line.text, own(line)) for line in lines]
    top: int = min(range(len(lines)), key=ranks.__getitem__)  # the first on ties: the summary's order
    return tuple(lines[i] for i in (top, *(i for i in range(len(lines)) if i != top)))


def _quoting(ids: Collection[str]) -> Callable[[SummarySentence], bool]:
    """Whether a sentence is quoted from one of the articles ``ids``."""
    return lambda sentence: any(i in ids for i in sentence.article_ids)


def _naming_the_title_first(story: StoryView) -> list[SentenceView]:
    """A story's summary sentences, those of the report whose headline is its title that name something of
    it first, then the others' that do (most central first within each): the one line under the title tells
    the event the title names. The most central sentence of a story that joined another event's report to it
    may tell that event and share no word with the title, or only the day's background ("Idukki collector
    bans night travel" over "... as heavy rain in the Idukki high ranges stopped picking" of a cardamom
    auction's report)."""
    title = _title_words(story.title)
    return sorted(
        story.summary,
        key=lambda sentence: _title_rank(title, sentence.text, any(a.title == story.title for a in sentence.articles)),
    )


LATEST_HIGHLIGHTS = 2
"""Highlights a theme keeps on a one-page edition that shows its top story's latest report (see fit_page)."""
LATEST_AFTER = timedelta(hours=3)
"""How much later than the top line's report a report of its story must be to be shown as the latest."""


_NAME_WORD = re.compile(r"(?<![.!?:;]\s)(?<!^)\b[A-Z][\w'’-]{2,}")
_OPENING = re.compile(r"^[\W\d_]+")


def _names(text: str) -> set[str]:
    """Capitalised words of a sentence past its first word (a quotation's too), no stop word, weekday or
    month: the names it writes."""
    words = _NAME_WORD.findall(_OPENING.sub("", text))
    return {_ENDING.sub("", w.lower()) for w in words} - CALENDAR - STOP_WORDS


def _latest(summary: Sequence[SentenceView], top_story: StoryView | None) -> LatestView | None:
    """The newest report of the top line's story, hours after the reports the top line quotes (see
    :class:`LatestView`), with its sentence nearest its lead that names a name of the top line (a place, a
    firm, a person): read under the top line, a sentence that names nothing of it ("Nobody was hurt, though
    several windows were blown in", "The 140 passengers had already been taken off") says nothing a
    reader can place, and one that names only other things may tell another event the story joined.
    When the newest report has no such sentence, the one before it is looked at."""
    if not summary or top_story is None:
        return None
    quoted = summary[0].articles
    if not quoted:
        return None
    top_names = _names(summary[0].text)
    top = _key(summary[0].text)
    after = max(a.published for a in quoted) + LATEST_AFTER
    for newest in sorted(top_story.articles, key=lambda a: (a.published, a.id), reverse=True):
        if newest.published < after or any(a.id == newest.id for a in quoted):
            break
        texts = [text for text in newest.summary if _key(text) != top and top_names & _names(text)]
        if texts:
            when = newest.published
            return LatestView(texts[0], newest, f"{when.day} {when:%b %H:%M}")
    return None


def _lead_first(summary: Sequence[SummarySentence]) -> list[str]:
    """An article's summary sentences, the one nearest its lead first: news is written top down."""
    return [s.text for s in sorted(summary, key=lambda s: s.position)]


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


@dataclass
class _Layout:
    """What an edition shows, worked out theme by theme in reading order (summary, stories,
    articles): each sentence is printed where it first appears and never again."""

    themes: Sequence[ThemeGroup]
    limits: Limits
    home: dict[str, str]  # article id -> the first of the edition's themes that has it
    summaries: dict[str, tuple[SummarySentence, ...]]
    stories: dict[str, tuple[Story, ...]]
    story_lines: dict[int, tuple[SummarySentence, ...]]
    cited_by_summary: dict[str, None]
    cited_by_story: dict[str, None]
    views: dict[str, ArticleView] = field(default_factory=dict)
    full_ids: dict[str, list[str]] = field(default_factory=dict)
    listed_ids: dict[str, list[str]] = field(default_factory=dict)
    omitted: dict[str, int] = field(default_factory=dict)
    said: set[str] = field(default_factory=set)  # the sentences this edition has printed so far

    @functools.cached_property
    def places(self) -> frozenset[str]:
        """The names (normal forms) that some theme of the edition shows as a place: a place in every theme, one
        name read one way in one brief ("the Durand Line", a headline's subject in one theme and written as a place
        in another's texts), never a key actor in one theme and a place in the next."""
        return frozenset(
            normal_form(e.name) for theme in self.themes for e in theme.entities if is_place(e.name, e.label)
        )

    def number(self, made: Mapping[str, int], zone: tzinfo) -> None:
        """Number the shown articles in reading order: per theme, those in full, then the one-line
        ones; a story's lines and an article's summary leave out what came above them."""
        limits = self.limits
        for theme in self.themes:
            name = theme.name
            self.summaries[name] = _unprinted(self.summaries[name], self.said)
            self.said |= _keys(self.summaries[name])
            for story in self.stories[name]:
                self.story_lines[id(story)] = _unprinted(self.story_lines[id(story)], self.said)
                self.said |= _keys(self.story_lines[id(story)])
            own = [item for item in theme.articles if self.home[item.article.id] == name]
            # The day's reports before its round-ups and analyses, as the highlights have them.
            full = sorted(
                _pick(own, self.cited_by_summary, limits.max_articles), key=lambda i: labelled_piece(i.article.title)
            )
            in_full = {item.article.id for item in full}
            rest = [item for item in own if item.article.id not in in_full]
            listed = _pick(rest, self.cited_by_story, limits.max_listed)
            self.omitted[name] = len(rest) - len(listed)
            for items, is_full in ((full, True), (listed, False)):
                for item in items:
                    number = len(self.views) + 1
                    view = _article_view(item, number, theme, is_full, zone, limits.article_sentences, self.said)
                    view = replace(view, printed_before=made[item.article.id] - len(item.summary))
                    self.views[item.article.id] = view
                    if is_full:
                        self.said |= {_key(text) for text in view.unquoted}
            self.full_ids[name] = [item.article.id for item in full]
            self.listed_ids[name] = [item.article.id for item in listed]

    def shown(self, ids: Sequence[str]) -> tuple[ArticleView, ...]:
        return tuple(self.views[i] for i in ids if i in self.views)

    def sentence_views(self, items: Sequence[SummarySentence]) -> tuple[SentenceView, ...]:
        return tuple(SentenceView(s.text, self.shown(s.article_ids), s.score) for s in items)

    def story_view(self, s: Story, lines: Sequence[SummarySentence] = ()) -> StoryView:
        summary = self.sentence_views(_first(s.summary, self.limits.theme_sentences))
        return StoryView(
            s.title,
            summary,
            self.shown(s.article_ids),
            len(s.article_ids),
            s.id,
            s.status,
            s.first_seen,
            s.days,
            s.surge,
            lines=self.sentence_views(lines),
        )

    def printed_here(self, theme: ThemeGroup) -> list[str]:
        """What the theme's section prints: its summary, its stories' lines, each article's sentences."""
        return [
            *(s.text for s in self.summaries[theme.name]),
            *(s.text for story in self.stories[theme.name] for s in self.story_lines[id(story)]),
            *(" ".join(self.views[i].unquoted) for i in self.full_ids[theme.name]),
        ]

    def theme_view(self, theme: ThemeGroup) -> ThemeView:
        ids = [item.article.id for item in theme.articles]
        summary = self.sentence_views(self.summaries[theme.name])
        story_views = tuple(self.story_view(s, self.story_lines[id(s)]) for s in self.stories[theme.name])
        unprinted = _unprinted_quotes(theme.quotes, self.printed_here(theme))
        texts = {item.article.id: item.article.text for item in theme.articles}
        parts = _continued(unprinted, texts)
        rests = {id(q) for chain in parts.values() for q in chain}
        heads = [q for q in unprinted if id(q) not in rests]
        more = {id(unprinted[i]): chain for i, chain in parts.items()}
        quotes = key_quotes(heads, KEY_QUOTES)
        more_stories = tuple(self.story_view(s) for s in _stories(theme, MORE_STORIES, skip=self.limits.max_stories))
        top_story = _top_story(summary, story_views)
        whole = _whole_story(theme) if top_story is None and summary else None
        if whole is not None:
            # One event told by every report of the theme: the top line tells it, with its count of
            # reports, and a one-line-an-item edition lists none of them again as news of its own.
            top_story = self.story_view(whole)
        return ThemeView(
            name=theme.name,
            anchor=_slug(theme.name),
            summary=summary,
            entities=tuple(
                EntityView(e.name, e.label, e.articles, is_place(e.name, e.label) or normal_form(e.name) in self.places)
                for e in theme.entities
            ),
            quotes=tuple(
                QuoteView(q.speaker, q.text, self.shown(q.article_ids), tuple(p.text for p in more.get(id(q), ())))
                for q in quotes
            ),
            stories=story_views,
            story_count=sum(len(set(s.article_ids)) >= 2 for s in theme.stories),
            more_stories=more_stories,
            articles=self.shown(self.full_ids[theme.name]),
            listed=self.shown(self.listed_ids[theme.name]),
            elsewhere=self.shown([i for i in ids if self.home[i] != theme.name]),
            omitted=self.omitted[theme.name],
            article_count=len(ids),
            surge=theme.surge,
            highlights=_highlights(
                theme,
                summary,
                (*story_views, *more_stories),
                (*self.shown(self.full_ids[theme.name]), *self.shown(self.listed_ids[theme.name])),
                top_story,
            ),
            top_reports=top_story.report_count if top_story else 1,
            top_articles=top_story.articles if top_story else (summary[0].articles if summary else ()),
            latest=_latest(summary, top_story),
        )


def _plan(themes: Sequence[ThemeGroup], limits: Limits) -> _Layout:
    """What each theme shows of its summary and stories. The articles a theme summary cites are
    shown in full; those a story summary cites are at least listed, so every citation has its target."""
    home: dict[str, str] = {}
    for theme in themes:
        for item in theme.articles:
            home.setdefault(item.article.id, theme.name)
    summaries = {t.name: _first(t.summary, limits.theme_sentences) for t in themes}
    stories = {t.name: _stories(t, limits.max_stories) for t in themes}
    story_lines = {
        id(story): _title_first(
            _first(_unprinted(story.summary, _keys(summaries[t.name])), limits.theme_sentences),
            story.title,
            _quoting({item.article.id for item in t.articles if item.article.title == story.title}),
        )
        for t in themes
        for story in stories[t.name]
    }
    cited_by_summary: dict[str, None] = {}
    cited_by_story: dict[str, None] = {}
    for theme in themes:
        for sentence in summaries[theme.name]:
            cited_by_summary.update(dict.fromkeys(sentence.article_ids))
        for story in stories[theme.name]:
            for sentence in story_lines[id(story)]:
                cited_by_story.update(dict.fromkeys(sentence.article_ids))
    return _Layout(themes, limits, home, summaries, stories, story_lines, cited_by_summary, cited_by_story)


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
    selected = selected_themes(briefing, audience)
    made = {item.article.id: len(item.summary) for theme in selected for item in theme.articles}
    themes = _for_reader(selected, printed or {})
    layout = _plan(themes, limits)
    layout.number(made, zone)
    theme_views = [layout.theme_view(theme) for theme in themes]
    no_themes = [t.name for t in briefing.themes] == [OTHER]
    if no_themes:
        # A desk with no themes (``themes: []``): every article is in "Other", whose stories are the
        # day's top stories; the reader sees that name (briefing.json and the anchors keep "Other").
        theme_views = [replace(view, name=TOP_STORIES) for view in theme_views]
    views, home, said, story_view = layout.views, layout.home, layout.said, layout.story_view
    since = _since(themes) if briefing.earlier_days else ()
    # A developing story with nothing new today (every sentence of it and of its reports printed in an
    # earlier brief: a folder read with ``window: all`` hands the day its old reports again) is in the
    # themes below, but "since the last brief" has nothing to say of it.
    fresh = {item.article.id: item for theme in themes for item in theme.articles if item.summary}
    since = [s for s in since if s.status != "developing" or s.summary or fresh.keys() & set(s.article_ids)]

    def developing(s: Story) -> StoryView:
        """A developing story as "since the last brief" names it: by the headline of its newest report
        with something new today (the toll that rose again, not yesterday's), when it has one, its lines
        that report's first when they name the title (as a story's lines are, :func:`_title_first`)."""
        view = story_view(s, since_lines[id(s)])
        news = [fresh[a] for a in s.article_ids if a in fresh]
        if not news:
            return view
        newest = max(news, key=lambda item: (item.article.published, item.article.id))
        if not view.summary:  # the story's lines are yesterday's; its new report's are not
            view = replace(view, summary=layout.sentence_views(newest.summary[:1]))
        title = newest.article.title

        def own(line: SentenceView) -> bool:
            return any(a.id == newest.article.id for a in line.articles)

        return replace(
            view,
            title=title,
            summary=_title_first(view.summary, title, own),
            lines=_title_first(view.lines, title, own),
        )

    # "Since the last brief" comes first but is an index of what is new: its stories' lines are what
    # the themes below do not print, so that no sentence is printed twice.
    since_lines = {id(s): _unprinted(_first(s.summary, limits.theme_sentences), said) for s in since}

    days, rows = _volume(briefing, themes, history or {})
    if no_themes:
        rows = tuple(replace(row, theme=TOP_STORIES) if row.theme == OTHER else row for row in rows)
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
        new_stories=tuple(story_view(s, since_lines[id(s)]) for s in since if s.status == "new")[:SINCE_STORIES],
        developing_stories=tuple(developing(s) for s in since if s.status == "developing")[:SINCE_STORIES],
        quiet_stories=quiet_stories(briefing, audience)[:QUIET_STORIES],
        themed=not no_themes,
    )


def quiet_stories(briefing: Briefing, audience: Audience) -> tuple[QuietStory, ...]:
    """The quiet stories of the audience's themes (all of them when the audience lists every theme)."""
    listed = audience.themes
    return tuple(q for q in briefing.quiet_stories if listed is None or q.theme in listed)


def _for_reader(themes: Sequence[ThemeGroup], printed: Mapping[str, str]) -> tuple[ThemeGroup, ...]:
    """The themes as this audience's reader needs them today: surging themes first (then in their
    order), surging stories first in each theme, and no sentence or key quote an earlier brief of the
    audience printed (``printed``: keys of :func:`briefer.memory.sentence_key`)."""
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
                # a key quote an earlier brief showed is not shown again: the next one takes its place
                quotes=tuple(q for q in theme.quotes if not printed or sentence_key(q.text) not in printed),
            )
        )
    return tuple(out)


def _since(themes: Sequence[ThemeGroup]) -> list[Story]:
    """The edition's stories once each, as "since the last brief" lists them: surging first, then most
    reports. A story of one report is listed too, after those of more: on a desk's small day the two
    events that broke overnight may each have one report, and they are what is new since yesterday."""
    seen: dict[str, Story] = {}
    for theme in themes:
        for story in theme.stories:
            seen.setdefault(story.id or repr(story.article_ids), story)
    return sorted(seen.values(), key=lambda s: (-(s.surge or 0.0), -len(set(s.article_ids))))


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


# -- one page ------------------------------------------------------------------


@dataclass(frozen=True)
class PagePlan:
    """What a one-page edition shows: the same for every theme, shortened until the page holds it."""

    themes: tuple[ThemeView, ...]
    """Themes shown with their top line and highlights (with nothing today: one line saying so)."""
    named: tuple[ThemeView, ...]
    """Themes that did not fit: named on one line with their article counts."""
    highlights: int
    """Highlights shown per theme (every theme alike)."""
    line_chars: int
    """Length at which a top line is cut (with "…")."""
    item_chars: int
    """Length at which a highlight's sentence is cut (with "…")."""
    left_out: int
    """Articles of the edition's themes that the page neither quotes nor names in a highlight."""
    left_out_by_theme: tuple[tuple[str, int], ...]
    """``(theme, articles left out)`` for each theme that leaves some out, edition order."""
    latest: bool = False
    """Whether each theme shows its top story's latest report (``ThemeView.latest``) under its top line:
    when the page holds them with as many highlights, or :data:`LATEST_HIGHLIGHTS` a theme."""
    latest_in: frozenset[str] = frozenset()
    """Names of the themes whose top story's latest report the page shows (:meth:`shows_latest`): every theme
    that has one when ``latest``; else the first ones the page holds it for, as ``latest`` asks of all."""

    def shows_latest(self, theme: ThemeView) -> bool:
        """Whether the page shows ``theme``'s top story's latest report under its top line (template's
        ``plan.shows_latest(theme)``)."""
        return theme.latest is not None and theme.name in self.latest_in


PAGE_STEPS = (
    (3, 360, 240),
    (3, 260, 170),
    (2, 360, 240),
    (2, 260, 170),
    (2, 200, 120),
    (1, 200, 120),
    (1, 160, 90),
    (0, 200, 0),
)
"""From the fullest to the leanest: (highlights per theme, top line cut, highlight sentence cut)."""
PAGE_ITEMS = 12
"""Highlights a one-page edition shows in all at most, when its themes are fewer than four (see :func:`fit_page`).
9 until the page was measured: a desk's day with ``themes: []`` then ended its page at 77 % of the sheet
(median, 82 desks) with 385 articles left out; at 12, 83 % and 314 (15 gives no more: the day's highlights
run out first)."""


def _lines(chars: int, width: int) -> int:
    return max(1, -(-chars // width))


def _theme_cost(
    theme: ThemeView, highlights: int, line_chars: int, item_chars: int, width: int, latest: bool = False
) -> float:
    """Lines of ``width`` characters a theme takes in the one-page layout (heading and spacing included);
    ``latest``: with its latest report's line under the top line."""
    cost = 2.4  # the heading and the space above it
    if not theme.article_count:
        return cost + 1.2
    if theme.summary:
        top = theme.summary[0]
        chars = min(len(top.text), line_chars) + sum(len(a.source) + 2 for a in top.articles)
        chars += 11 if theme.top_reports > 1 else 0  # "; 4 reports"
        cost += 1.08 * _lines(chars, int(width * 0.92)) + 1.0  # set larger, in a padded box
        if latest and theme.latest is not None:  # "Latest, 21 Jan 16:40 (source):" and its sentence, set smaller
            chars = 28 + len(theme.latest.article.source) + min(len(theme.latest.text), item_chars or line_chars)
            cost += 0.9 * _lines(chars, int(width * 1.05)) + 0.3
    shown = theme.highlights[:highlights]
    for item in shown:
        chars = len(item.title) + 6 + (min(len(item.text), item_chars) + 2 if item_chars else 0)
        chars += 12 if item.report_count > 1 else sum(len(s) + 2 for s in item.sources)  # "(5 reports)"
        cost += _lines(chars, width) + 0.2
    return cost + (0.3 if shown else 0.0)


def _told(theme: ThemeView, highlights: int) -> set[str]:
    """Ids of the theme's articles a one-page edition quotes or names with ``highlights`` a theme."""
    ids = {a.id for a in theme.top_articles}
    for item in theme.highlights[:highlights]:
        ids |= {a.id for a in item.articles}
    return ids


PAGE_LINES = 52.0
"""Lines of :func:`fit_page`'s estimate on a page that is not measured: the Markdown-only edition, a PDF when even
the smallest of ``briefer.render.MEASURED_LINES`` overflows. At 52 no page of the desks' days passed the sheet;
it left 8 to 29 % of it blank (benchmarks/results/session42-20261205.txt)."""

_PAGE: ContextVar[tuple[float, list[bool]] | None] = ContextVar("briefer_page_lines", default=None)


@contextmanager
def page_lines(lines: float) -> Iterator[list[bool]]:
    """Within, :func:`fit_page` counts ``lines`` lines on the page (unless a template gives its own). The list
    yielded is not empty once a template has asked for a plan: only then does the page's fit need measuring."""
    asked: list[bool] = []
    token = _PAGE.set((lines, asked))
    try:
        yield asked
    finally:
        _PAGE.reset(token)


def fit_page(
    themes: Sequence[ThemeView], lines: float | None = None, width: int = 96, reserved: float = 0.0
) -> PagePlan:
    """The fullest plan of :data:`PAGE_STEPS` whose themes fit ``lines`` lines of ``width`` characters.

    Every theme gets the same number of highlights and the same cuts; only when even the leanest
    step (top lines alone) does not fit are the last themes named on one line instead. What the page
    leaves out is counted, so the edition can say where to find it. ``reserved``: lines the page
    gives to other things before the themes (a notice of failed sources, "Since the last brief").
    Template global ``fit_page``. ``lines``: by default :data:`PAGE_LINES`, or what the PDF's layout measured
    (:func:`page_lines`, ``briefer.render``: the plan the laid-out page holds, with room to spare or none).
    """
    held = _PAGE.get()
    if held is not None:
        held[1].append(True)
    if lines is None:
        lines = held[0] if held is not None else PAGE_LINES
    room = lines - 3.0 - reserved  # the footer, the line that says what was left out, what the page puts first
    # A page of one or two themes (a desk with ``themes: []``: the day's top stories) has room for more
    # than three items a theme: about as many items in all as a page of three themes shows.
    most = PAGE_ITEMS // max(count := len(themes), 1)
    steps = (*[(k, PAGE_STEPS[0][1], PAGE_STEPS[0][2]) for k in range(most, PAGE_STEPS[0][0], -1)], *PAGE_STEPS)
    plain = next((step for step in steps if sum(_theme_cost(t, *step, width) for t in themes) <= room), None)
    # The top stories' latest reports are shown when the page keeps its highlights for them, or two a theme:
    # all of them, else those of the first themes (a line too many drops the last theme's, not every one).
    having = [i for i, t in enumerate(themes) if t.latest is not None and t.summary]
    shown: frozenset[int] = frozenset()
    fuller = None
    for n in range(len(having) if plain is not None else 0, 0, -1):
        some = frozenset(having[:n])
        fuller = next(
            (s for s in steps if sum(_theme_cost(t, *s, width, i in some) for i, t in enumerate(themes)) <= room),
            None,
        )
        if fuller is not None and plain is not None and fuller[0] >= min(plain[0], LATEST_HIGHLIGHTS):
            shown = some
            break
    latest = plain is not None and len(shown) == len(having)
    chosen = fuller if shown and fuller is not None else plain or PAGE_STEPS[-1]
    if plain is None:
        while count > 1 and sum(_theme_cost(t, *chosen, width) for t in themes[:count]) > room - 1.5:
            count -= 1
    highlights, line_chars, item_chars = chosen
    left: list[tuple[str, int]] = []
    for i, theme in enumerate(themes):
        ids = _told(theme, highlights) if i < count else set()
        missing = theme.article_count - len(ids)
        if missing > 0:
            left.append((theme.name, missing))
    return PagePlan(
        themes=tuple(themes[:count]),
        named=tuple(themes[count:]),
        highlights=highlights,
        line_chars=line_chars,
        item_chars=item_chars,
        left_out=sum(n for _, n in left),
        left_out_by_theme=tuple(left),
        latest=latest,
        latest_in=frozenset(themes[i].name for i in shown),
    )
