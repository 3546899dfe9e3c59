"""The typed values that flow from one pipeline stage to the next.

Every value is frozen: a stage reads its inputs and returns new values, it
never edits what an earlier stage produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum

from briefer.packed import Packed

FAILING_RUNS_FLAG = 3
"""A source that failed on this many runs in a row is flagged in the brief and the run report."""


class SourceStatus(StrEnum):
    """What happened to one source during a run."""

    OK = "ok"
    EMPTY = "empty"
    NOT_MODIFIED = "not_modified"
    ERROR = "error"


@dataclass(frozen=True)
class RawDocument:
    """One document as a source delivered it, before any cleaning.

    ``kind`` says how to read ``body``: ``"html"`` (a web page or feed item
    with markup), ``"markdown"`` or ``"text"``.
    """

    source: str
    url: str
    body: str
    kind: str
    title: str | None = None
    published: datetime | None = None
    published_from: str = "none"  # "metadata", "feed", "mtime" or "none"
    in_window_always: bool = False  # the source's window is "all"
    fallback_body: str | None = None  # full_text feeds: the feed's own text, used when the page gives none


@dataclass(frozen=True)
class SourceReport:
    """How one source fared: status, how many documents it gave, and why not."""

    name: str
    status: SourceStatus
    articles: int = 0
    error: str | None = None
    failing_runs: int = 0  # runs in a row, this one included, in which the source failed

    @property
    def flagged(self) -> bool:
        """Failed on several runs in a row: someone should look at it."""
        return self.failing_runs >= FAILING_RUNS_FLAG


@dataclass(frozen=True)
class Article:
    """A clean article: boilerplate removed, text ready for analysis."""

    id: str
    title: str
    url: str
    source: str
    text: str
    published: datetime
    published_from: str
    sources: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    truncated: bool = False


@dataclass(frozen=True)
class AnalysedArticle:
    """An article split into sentences, with lemmas and named entities.

    Kept packed in memory (:mod:`briefer.packed`): the sentences as places in the article's text,
    the lemmas as vocabulary ids. Each read of ``sentences`` or of the lemmas gives a new tuple of
    strings, the same as was given: read them once per use, not in a loop.
    """

    article: Article
    sentences: tuple[str, ...]
    title_lemmas: tuple[str, ...]
    lead_lemmas: tuple[str, ...]  # lemmas of the first sentences
    body_lemmas: tuple[str, ...]
    sentence_lemmas: tuple[tuple[str, ...], ...]
    entities: tuple[tuple[str, str], ...]  # (text, label)

    def __post_init__(self) -> None:
        held = self.__dict__  # the fields the constructor set go into one packed value
        held["_packed"] = Packed(
            getattr(held["article"], "text", None),
            held.pop("sentences"),
            held.pop("title_lemmas"),
            held.pop("lead_lemmas"),
            held.pop("body_lemmas"),
            held.pop("sentence_lemmas"),
        )

    def __reduce__(self) -> tuple[type[AnalysedArticle], tuple[object, ...]]:
        """Pickled as its strings: the vocabulary ids mean nothing in another process."""
        return type(self), tuple(getattr(self, f.name) for f in fields(self))


class _Unpacked:
    """A packed field of :class:`AnalysedArticle`, read: the packed value's method of the same name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, owner: type | None = None) -> object:
        if obj is None:
            return self
        return getattr(obj.__dict__["_packed"], self.name)()


for _name in ("sentences", "title_lemmas", "lead_lemmas", "body_lemmas", "sentence_lemmas"):
    # Set after the dataclass is made, so that it keeps them as fields without defaults; a descriptor
    # with only __get__ lets the constructor set them in the instance, whence __post_init__ packs them.
    setattr(AnalysedArticle, _name, _Unpacked(_name))
del _name


@dataclass(frozen=True)
class SummarySentence:
    """A sentence chosen for a summary, exactly as it stands in its article."""

    text: str
    article_ids: tuple[str, ...]
    score: float = 0.0
    position: int = 0  # index of the sentence in its article
    why: str = ""  # why it was chosen: algorithm, rank or centrality (for --explain)


@dataclass(frozen=True)
class SummarizedArticle:
    analysed: AnalysedArticle
    summary: tuple[SummarySentence, ...]

    @property
    def article(self) -> Article:
        return self.analysed.article


@dataclass(frozen=True)
class Entity:
    name: str
    label: str
    articles: int
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Story:
    title: str
    summary: tuple[SummarySentence, ...]
    article_ids: tuple[str, ...]
    signature: tuple[str, ...] = ()  # what names its event (see stories._signature), to match it across days
    # Set by the story memory (briefer.memory) from the store's earlier days; empty before.
    id: str = ""  # stable across days
    status: str = ""  # "new" or "developing"
    first_seen: str = ""  # YYYY-MM-DD
    days: tuple[str, ...] = ()  # the days it appeared, oldest first, the briefing's day last
    surge: float | None = None  # today's reports over its daily mean of the last days, when far above


@dataclass(frozen=True)
class Quote:
    """Words a speaker said, exactly as the articles quote them (see :mod:`briefer.quotes`)."""

    speaker: str
    text: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class ThemeGroup:
    name: str
    summary: tuple[SummarySentence, ...]
    articles: tuple[SummarizedArticle, ...]
    scores: dict[str, float] = field(default_factory=dict)  # article id -> theme score
    entities: tuple[Entity, ...] = ()
    stories: tuple[Story, ...] = ()
    quotes: tuple[Quote, ...] = ()
    surge: float | None = None  # today's articles over its daily mean of the last days, when far above
    placements: dict[str, Placement] = field(default_factory=dict)  # article id -> why it is in this theme


@dataclass(frozen=True)
class QuietStory:
    """A story of the last brief that no article today continues (see :mod:`briefer.memory`)."""

    id: str
    title: str
    theme: str
    last_seen: str  # YYYY-MM-DD: the last brief's day
    articles: int  # its reports that day


@dataclass(frozen=True)
class DroppedArticle:
    title: str
    url: str
    reason: str


@dataclass(frozen=True)
class Briefing:
    """Everything a template needs: the analysed day, ready to render."""

    title: str
    date: str  # YYYY-MM-DD
    timezone: str
    generated_at: datetime
    themes: tuple[ThemeGroup, ...]
    sources_report: tuple[SourceReport, ...]
    dropped: tuple[DroppedArticle, ...] = ()
    documents_read: int = 0
    earlier_days: tuple[str, ...] = ()  # days before this one, in the story memory's reach, that had a brief
    quiet_stories: tuple[QuietStory, ...] = ()  # stories of the last brief with no report today

    @property
    def articles(self) -> tuple[SummarizedArticle, ...]:
        seen: dict[str, SummarizedArticle] = {}
        for theme in self.themes:
            for item in theme.articles:
                seen.setdefault(item.article.id, item)
        return tuple(seen.values())


@dataclass(frozen=True)
class KeywordMatch:
    """One keyword of a theme found in an article: how often in its headline, lead and body."""

    theme: str
    keyword: str
    headline: int = 0
    lead: int = 0
    body: int = 0
    ignored: bool = False  # the keyword matched nearly every article of the day: it counted for nothing
    weight: float = 1.0  # what each point of the lead and body counted: less for a keyword common today


@dataclass(frozen=True)
class ThemeScore:
    """An article's standing with one theme."""

    theme: str
    score: float  # 0-1: similarity and keyword evidence together; the placement follows it
    keyword_points: float  # headline match 3, lead 2, body 1
    similarity: float  # 0-1: cosine with the theme's learned vocabulary
    fits: bool  # enough keyword points or similarity to join the theme


@dataclass(frozen=True)
class SimilarWord:
    """A word of an article that is no keyword but is close to one theme's keywords in pretrained
    word vectors, and counted as weak keyword evidence for that theme."""

    theme: str
    word: str
    like: str  # the theme's keyword it is closest to
    headline: int = 0
    lead: int = 0
    body: int = 0
    points: float = 0.0  # the weak keyword points it added to the theme


@dataclass(frozen=True)
class Placement:
    """Why an article sits where it does (``briefer run --explain``, briefing.json)."""

    themes: tuple[str, ...]  # where it went ("Other" when no theme fits)
    scores: tuple[ThemeScore, ...]  # every configured theme, in config order
    keywords: tuple[KeywordMatch, ...]  # every keyword it matched, of any theme
    learned: tuple[str, ...]  # the words shared with its theme's articles that counted most
    reason: str  # one plain sentence
    earlier_days: int = 0  # earlier days of the store whose articles taught the themes
    similar: tuple[SimilarWord, ...] = ()  # words close to a theme's keywords that counted for it
