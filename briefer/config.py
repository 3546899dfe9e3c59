"""``sources.yaml``: parsed once into one typed, validated schema.

:func:`load_config` collects every problem in the file and raises one
:class:`ConfigError` that lists them all, each with its key path and line,
so a user fixes the whole file in one go. Paths resolve relative to the
config file, not to the current folder.
"""

from __future__ import annotations

import difflib
import logging
import re
from email.utils import getaddresses
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from briefer import safeyaml
from briefer.output import FormatName

log = logging.getLogger(__name__)

DEFAULT_FORMATS: tuple[FormatName, ...] = ("md", "pdf", "json")


class ConfigError(Exception):
    """The config file could not be used; the message lists every problem."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _check_address(value: str) -> str:
    """One email address, ``name@host``, and nothing that could split a mail header."""
    if _CONTROL.search(value):
        raise ValueError(f"{value!r} holds a line break or control character")
    found = getaddresses([value])
    if len(found) != 1 or "," in value or ";" in value:
        raise ValueError(f"{value!r} is several addresses: write one per entry ([a@example.org, b@example.org])")
    address = found[0][1]
    local, at, host = address.rpartition("@")
    if not (local and at and host) or any(c.isspace() for c in address):
        raise ValueError(f"{value!r} is not an email address (name@example.org)")
    return value.strip()


def _check_url(value: str) -> str:
    """An http(s) URL that parses, with a host and a valid port."""
    text = value.strip()
    if not text.lower().startswith(("http://", "https://")):
        raise ValueError(f"must start with http:// or https://, not {value!r}")
    if _CONTROL.search(text) or any(c.isspace() for c in text):
        raise ValueError(f"{value!r} holds a space or control character")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid URL ({exc})") from None
    if not parts.hostname:
        raise ValueError(f"{value!r} has no host name")
    return text


def _check_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Asia/Karachi)") from None
    return value


class BriefingOptions(_Model):
    """The ``briefing:`` block."""

    title: str = "Daily Brief"
    """Title printed on every edition."""
    timezone: str = "UTC"
    """IANA time zone that defines the briefing's day (``Asia/Karachi``)."""
    max_article_chars: int = Field(default=20_000, ge=1_000)
    """Longer article texts are cut at this many characters, with a warning."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return _check_zone(value)

    @field_validator("title")
    @classmethod
    def _one_line(cls, value: str) -> str:
        """The title heads every edition and every email's subject: one line, no control characters."""
        return " ".join(_CONTROL.sub(" ", value).split()) or "Daily Brief"


class Source(_Model):
    """One entry of ``sources:``."""

    name: str = Field(min_length=1)
    """Name shown in the brief and the run report."""
    type: Literal["folder", "feed", "page"]
    """``folder`` (local .txt/.md/.html files), ``feed`` (RSS or Atom) or ``page`` (one web page)."""
    path: Path | None = None
    """Folder to read (``folder``) or a local feed file (``feed``); relative to sources.yaml."""
    url: str | None = None
    """Address of the feed or page (http or https)."""
    window: Literal["day", "all"] = "day"
    """``day``: keep only articles published on the briefing's day; ``all``: keep every article."""
    full_text: bool = False
    """``feed`` only: fetch each new item's page and extract the article (the feed's text is the fallback)."""
    max_items: int = Field(default=1_000, ge=1, le=1_000_000)
    """``feed`` only: items read from one feed, in the feed's order; the rest are dropped (one line says how many)."""
    max_file_bytes: int = Field(default=5_000_000, ge=1_000)
    """``folder``, and ``feed`` from a file: largest file read, in bytes; a larger one is skipped with its reason."""
    include: list[str] = Field(default_factory=list)
    """Keep only articles whose headline or text has one of these words or phrases (whole words, any case)."""
    exclude: list[str] = Field(default_factory=list)
    """Leave out articles whose headline or text has any of these words or phrases."""
    max_age_days: int | None = Field(default=None, ge=0)
    """Leave out articles published more than this many days before the briefing's day (any ``window``)."""

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        return None if value is None else _check_url(value)

    @model_validator(mode="after")
    def _has_location(self) -> Source:
        if self.type == "folder" and self.path is None:
            raise ValueError("a folder source needs 'path'")
        if self.type == "page" and not self.url:
            raise ValueError("a page source needs 'url'")
        if self.type == "feed" and not (self.url or self.path):
            raise ValueError("a feed source needs 'url' or 'path'")
        return self


class Theme(_Model):
    """One entry of ``themes:``."""

    name: str = Field(min_length=1)
    keywords: list[str] = Field(min_length=1)
    """Words or phrases; they match on lemmas, so 'mediate' also finds 'mediated' and 'mediation'."""
    exclude: list[str] = Field(default_factory=list)
    """Phrases in which the theme's keywords do not count ('TV blackout', 'film crews'): a keyword in
    a sense the desk does not mean."""

    @field_validator("name")
    @classmethod
    def _not_other(cls, value: str) -> str:
        if value.strip().lower() == "other":
            raise ValueError("'Other' is reserved for articles that match no theme")
        return value


class Summaries(_Model):
    """The ``summaries:`` block."""

    algorithm: Literal["briefer", "lexrank", "textrank", "lsa", "luhn", "sumbasic", "kl", "lead"] = "briefer"
    """Per-article ranking: ``briefer`` (TextRank without self-links, vectorised; the best on the
    benchmark), a sumy algorithm, or ``lead`` (the first sentences)."""
    article_sentences: int = Field(default=3, ge=1, le=20)
    """Sentences per article summary."""
    theme_sentences: int = Field(default=4, ge=1, le=20)
    """Sentences per theme summary; each names its article."""


class Duplicates(_Model):
    """The ``duplicates:`` block."""

    threshold: float = Field(default=0.5, gt=0, le=1)
    """Share of word 4-grams two texts must have in common to be one article (Jaccard)."""


class Grouping(_Model):
    """The ``grouping:`` block: how articles are sorted into themes."""

    multiple: bool = False
    """``false``: each article in its best theme; ``true``: in every theme it fits."""
    min_score: float = Field(default=2.0, ge=0)
    """Keyword points that make an article a confident seed of a theme (headline match 3, lead 2, body 1)."""
    min_similarity: float = Field(default=0.1, ge=0, le=1)
    """Similarity (0-1) to a theme's learned vocabulary an article needs to join it; below it and
    without ``min_score`` keyword points, it goes to Other."""


class Stories(_Model):
    """The ``stories:`` block: articles about the same event, inside a theme."""

    threshold: float = Field(default=0.2, gt=0, le=1)
    """Similarity (0-1) two articles need to be reports of one story (chosen on held-out ECB+ topics)."""
    memory_days: int = Field(default=7, ge=0, le=365)
    """Days back a story of today may continue (same id, "developing"); 0: every story is new."""


class Store(_Model):
    """The ``store:`` block: what survives between runs."""

    path: Path = Path(".briefer/store.sqlite")
    """SQLite file, relative to sources.yaml."""
    keep_days: int = Field(default=90, ge=14, le=36500)
    """Days of history kept: older runs, deliveries, stories, theme volume and profiles, articles
    seen and cached results are deleted once a day (never fewer than ``stories.memory_days``)."""


class Audience(_Model):
    """One entry of ``audiences:``: an edition of the brief."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    """Name of the edition; also its folder under ``output/<date>/``."""
    template: str = "analyst"
    """Template set: a folder under ``templates/`` or a built-in one (``analyst``, ``executive``); a name,
    never a path."""
    formats: list[FormatName] = Field(default_factory=lambda: list(DEFAULT_FORMATS))
    """Files to write."""
    themes: list[str] | None = None
    """Themes to include, in this order (default: all, in config order, then Other)."""
    max_stories: int | None = Field(default=None, ge=1)
    """Most stories shown per theme (default: 5); briefing.json has them all."""
    max_articles: int | None = Field(default=None, ge=1)
    """Articles shown in full per theme (default: 10); the next 30 get one line each, briefing.json has all."""
    article_sentences: int | None = Field(default=None, ge=1, le=20)
    """Sentences shown per article summary; only shortens ``summaries.article_sentences`` (the default)."""
    theme_sentences: int | None = Field(default=None, ge=1, le=20)
    """Sentences shown per theme and story summary; only shortens ``summaries.theme_sentences`` (the default)."""
    recipients: list[str] = Field(default_factory=list)
    """Email addresses that receive this edition (see ``delivery.email``), one per entry."""

    @field_validator("template")
    @classmethod
    def _template_name(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", value):
            raise ValueError(
                f"{value!r} is not a template set name: use a folder name under the workspace's templates/ "
                "or a built-in set (analyst, executive), never a path"
            )
        return value

    @field_validator("recipients")
    @classmethod
    def _addresses(cls, values: list[str]) -> list[str]:
        return [_check_address(v) for v in values]


class EmailDelivery(_Model):
    """``delivery.email``: SMTP settings; credentials come only from the environment."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    host: str
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["none", "starttls", "ssl"] = "starttls"
    from_: str = Field(alias="from")
    username_env: str | None = None
    """Name of the environment variable holding the SMTP user."""
    password_env: str | None = None
    """Name of the environment variable holding the SMTP password."""
    retries: int = Field(default=3, ge=0, le=10)
    """Attempts after the first one, with exponential backoff."""
    timeout: float = Field(default=30.0, gt=0, le=3600)

    @field_validator("from_")
    @classmethod
    def _one_sender(cls, value: str) -> str:
        return _check_address(value)

    @field_validator("host")
    @classmethod
    def _host_name(cls, value: str) -> str:
        if not value.strip() or _CONTROL.search(value) or any(c.isspace() for c in value.strip()):
            raise ValueError(f"{value!r} is not a host name")
        return value.strip()


class Delivery(_Model):
    email: EmailDelivery | None = None


class Schedule(_Model):
    """The ``schedule:`` block for ``briefer schedule``."""

    cron: str = "0 6 * * *"
    """Crontab expression (minute hour day month weekday), in ``timezone``. Default: 06:00 every day
    (``briefer status`` says when it is the default, not written in the config)."""
    timezone: str | None = None
    """Time zone of the cron expression (default: ``briefing.timezone``)."""
    misfire_grace_time: int = Field(default=6 * 3600, ge=1)
    """Seconds after a missed time during which the brief is still made."""
    send: bool = True
    """Email the editions after each scheduled run when ``delivery.email`` is set."""
    day: Literal["current", "previous"] = "previous"
    """Which day a scheduled run briefs: ``previous`` (yesterday, the default: a morning brief
    of the previous day's news, whole) or ``current`` (the day it runs, so far)."""
    warm: bool = False
    """Start each run's process ahead of time, models loaded, as soon as the previous run ends
    (for briefs every few minutes; costs the waiting process's memory between runs)."""
    resident: bool = False
    """One process, started ahead as with ``warm``, makes brief after brief of the day and keeps
    what it worked out for each article between them (an update with few new articles costs a
    fraction of a cold run); replaced by a fresh one for a new day, or when it crashed or was killed.
    Costs that process's memory between runs."""

    @property
    def configured(self) -> bool:
        """Whether ``cron`` was written in the config (not the default)."""
        return "cron" in self.model_fields_set

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return None if value is None else _check_zone(value)


class Executor(_Model):
    """The ``executor:`` block: where per-article stages run."""

    processes: int | None = Field(default=None, ge=1)
    """Local worker processes (default: the number of CPUs)."""
    dask: str | None = None
    """Address of a Dask scheduler (``tcp://host:8786``); needs ``pip install briefer[dask]``."""
    parallel_from: int | None = Field(default=None, ge=1)
    """Local workers only: a stage with fewer articles than this runs in this process (default 100
    where workers are forked, Linux; 2,000 where they are spawned and must load spaCy again; see
    docs/performance.md)."""


class HttpOptions(_Model):
    """The ``http:`` block: limits for every download."""

    timeout: float = Field(default=15.0, gt=0, le=3600)
    """Seconds to wait to connect and between bytes."""
    max_bytes: int = Field(default=5_000_000, ge=1_000)
    """Largest body accepted, in bytes (after gzip or deflate is undone)."""
    max_redirects: int = Field(default=5, ge=0, le=20)
    user_agent: str = "briefer (+https://github.com/briefer/briefer)"
    allow_private: bool = False
    """Let addresses found in content (item links, redirects) reach loopback, private and
    link-local hosts. Off: only the origins written in sources.yaml may be internal."""
    full_text_deadline: float = Field(default=300.0, gt=0, le=86_400)
    """Seconds a ``full_text`` feed may spend fetching its item pages; the items not fetched by
    then keep the feed's own text."""


class Config(_Model):
    """The whole ``sources.yaml``."""

    briefing: BriefingOptions = Field(default_factory=BriefingOptions)
    sources: list[Source] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)
    summaries: Summaries = Field(default_factory=Summaries)
    duplicates: Duplicates = Field(default_factory=Duplicates)
    grouping: Grouping = Field(default_factory=Grouping)
    stories: Stories = Field(default_factory=Stories)
    store: Store = Field(default_factory=Store)
    delivery: Delivery = Field(default_factory=Delivery)
    schedule: Schedule = Field(default_factory=Schedule)
    executor: Executor = Field(default_factory=Executor)
    audiences: list[Audience] = Field(default_factory=lambda: [Audience(name="default")], min_length=1)
    http: HttpOptions = Field(default_factory=HttpOptions)
    output: Path = Path("output")
    """Where briefs land: ``<output>/<date>/<audience>/``."""
    templates: Path = Path("templates")
    """Workspace templates, searched before the built-in ones."""
    base_dir: Path = Path(".")
    """Folder of the config file; set by :func:`load_config`, not written in YAML."""

    @field_validator("sources", "themes", "audiences")
    @classmethod
    def _unique_names(cls, items: list[Source] | list[Theme] | list[Audience]) -> list[Any]:
        names = [item.name for item in items]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"names must be unique, repeated: {', '.join(dupes)}")
        return list(items)

    @field_validator("themes")
    @classmethod
    def _distinct_theme_names(cls, themes: list[Theme]) -> list[Theme]:
        seen: dict[str, str] = {}
        for theme in themes:
            key = " ".join(theme.name.casefold().split())
            if key in seen and seen[key] != theme.name:
                raise ValueError(f"theme names {seen[key]!r} and {theme.name!r} differ only in case or spaces")
            seen.setdefault(key, theme.name)
        return themes

    @field_validator("audiences")
    @classmethod
    def _known_themes(cls, audiences: list[Audience], info: ValidationInfo) -> list[Audience]:
        if "themes" not in info.data:  # the themes are wrong themselves; reported there
            return audiences
        known = {t.name for t in info.data["themes"]} | {"Other"}
        for audience in audiences:
            unknown = [name for name in audience.themes or () if name not in known]
            if unknown:
                raise ValueError(
                    f"audience {audience.name!r} lists unknown theme(s) {', '.join(map(repr, unknown))} "
                    f"(known: {', '.join(sorted(known))})"
                )
        return audiences

    def audience(self, name: str) -> Audience:
        for audience in self.audiences:
            if audience.name == name:
                return audience
        known = ", ".join(a.name for a in self.audiences)
        raise ConfigError(f"no audience named {name!r} in the config (known: {known})")


def _line_index(node: yaml.Node, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """Map every key path in a composed YAML tree to its 1-based line."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            lines.update(_line_index(value, child))
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(_line_index(item, (*path, i)))
    return lines


def _repeated_keys(node: yaml.Node, path: tuple[Any, ...] = ()) -> list[tuple[int, str]]:
    """Keys written twice in one mapping: YAML keeps the last silently, so say so."""
    found: list[tuple[int, str]] = []
    if isinstance(node, yaml.MappingNode):
        first: dict[Any, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if key.value in first:
                where = _format_loc((*path, key.value))
                found.append((line, f"  line {line}: {where}: repeated key (first on line {first[key.value]})"))
            first.setdefault(key.value, line)
            found.extend(_repeated_keys(value, (*path, key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found.extend(_repeated_keys(item, (*path, i)))
    return found


def _format_loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _line_for(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


_PLAIN_MESSAGES = {
    "extra_forbidden": "unknown key",
    "missing": "required key is missing",
    "dict_type": "should be a mapping (key: value lines)",
    "model_type": "should be a mapping (key: value lines)",
    "model_attributes_type": "should be a mapping (key: value lines)",
    "list_type": "should be a list",
    "string_type": "should be text",
    "path_type": "should be a path (text)",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_type": "should be a number",
    "float_parsing": "should be a number",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "too_short": "should not be empty",
}


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The schema model that holds the keys at ``loc`` (``("sources", 2)`` -> :class:`Source`)."""
    model: type[BaseModel] | None = Config
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue  # an item of the list whose model was found at the key before
        field = model.model_fields.get(str(part))
        model = _model_in(field.annotation) if field is not None else None
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``X``, ``X | None`` or ``list[X]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _did_you_mean(loc: tuple[Any, ...]) -> str:
    """`` (did you mean 'timezone'?)`` for an unknown key close to a known one, else the keys there."""
    model = _model_at(loc[:-1])
    if model is None:
        return ""
    known = [field.alias or name for name, field in model.model_fields.items() if name != "base_dir"]
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (known keys here: {', '.join(known)})"


def _message(err: Any) -> str:
    """A pydantic error as a short sentence for a person editing YAML."""
    kind = err["type"]
    message = _PLAIN_MESSAGES.get(kind) or err["msg"].removeprefix("Value error, ").replace("Input should", "should")
    if kind == "extra_forbidden":
        message += _did_you_mean(tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p)))
    value = err.get("input")
    if kind not in ("extra_forbidden", "missing", "value_error") and isinstance(value, str | int | float | bool):
        message += f" (got {value!r})"
    return message


def parse_config(text: str, origin: str = "sources.yaml", base_dir: Path | None = None) -> Config:
    """Validate config text; raise :class:`ConfigError` listing every problem."""
    try:
        node = safeyaml.compose(text, safeyaml.CONFIG_VALUES)  # refuses alias bombs before anything walks it
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        kind = "refused" if isinstance(exc, safeyaml.YamlRefused) else "not valid YAML"
        raise ConfigError(f"{origin}:{where}: {kind}: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: the top level must be a mapping of keys (briefing:, sources:, ...)")
    lines = _line_index(node) if node is not None else {}
    found = _repeated_keys(node) if node is not None else []
    if "base_dir" in data:  # set from the file's location, never written in YAML
        found.append((lines.get(("base_dir",), 0), f"  line {lines.get(('base_dir',), 0)}: base_dir: unknown key"))
        del data["base_dir"]
    config = None
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("function-", "literal["))))
            line = _line_for(loc, lines)
            where = f"line {line}: " if line else ""
            found.append((line or 0, f"  {where}{_format_loc(loc)}: {_message(err)}"))
    if found or config is None:
        problems = [text for _, text in sorted(dict.fromkeys(found), key=lambda item: item[0])]
        noun = "problem" if len(problems) == 1 else "problems"
        raise ConfigError(f"{origin}: {len(problems)} {noun}:\n" + "\n".join(problems))
    _warn_about_themes(config, lines, origin)
    base = base_dir or Path(".")
    return _resolve_paths(config, base.resolve())


def _warn_about_themes(config: Config, lines: dict[tuple[Any, ...], int], origin: str) -> None:
    """Themes that will place articles poorly, each said in one line; the brief is made all the same.
    (A keyword that matches every article can only be seen on a day: the run warns about it.)"""
    owners: dict[str, list[int]] = {}
    for i, theme in enumerate(config.themes):
        line = lines.get(("themes", i, "keywords")) or lines.get(("themes", i))
        where = f"{origin}: line {line}: themes[{i}]" if line else f"{origin}: themes[{i}]"
        if len(theme.keywords) == 1:
            log.warning(
                "%s %r has one keyword (%r): articles that do not use it can only be placed by similarity; "
                "give it a few words its articles use",
                where,
                theme.name,
                theme.keywords[0],
            )
        for keyword in dict.fromkeys(" ".join(k.lower().split()) for k in theme.keywords):
            owners.setdefault(keyword, []).append(i)
    for keyword, themes in owners.items():
        if len(themes) > 1:
            names = " and ".join(repr(config.themes[i].name) for i in themes)
            log.warning(
                "%s: keyword %r is in themes %s: it counts for each, so it cannot tell them apart; keep it in one",
                origin,
                keyword,
                names,
            )


def _resolve_paths(config: Config, base: Path) -> Config:
    def resolve(p: Path) -> Path:
        return p if p.is_absolute() else (base / p)

    sources = [s.model_copy(update={"path": resolve(s.path)}) if s.path else s for s in config.sources]
    return config.model_copy(
        update={
            "store": config.store.model_copy(update={"path": resolve(config.store.path)}),
            "sources": sources,
            "output": resolve(config.output),
            "templates": resolve(config.templates),
            "base_dir": base,
        }
    )


def load_config(path: Path | str) -> Config:
    """Read and validate ``sources.yaml``."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found (pass --config PATH or run in a workspace)") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: the config must be UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return parse_config(text, origin=str(path), base_dir=path.parent)
