"""The pipeline: compose the stages; write nothing until every stage has succeeded.

``build`` runs the analysis once (gather -> extract -> select -> analyse ->
summarize -> group) and returns a :class:`Briefing`; ``render_all`` renders
each audience's edition in memory; ``write_editions`` writes the files, each
atomically. ``run``, which the CLI and the scheduler call, builds, then
renders every edition whose files are not already up to date on disk, then
writes them all.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import pickle
import sqlite3
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from briefer import analyse as analyse_module
from briefer import clock
from briefer.analyse import PIPELINES, analyse
from briefer.config import Audience, Config, ConfigError
from briefer.context import TREND_DAYS, volume_counts
from briefer.executor import Executor, ForkPool, Standby, make_executor, run_aside
from briefer.extract import extract_all, settle_published
from briefer.gather import gather
from briefer.http import Fetcher
from briefer.models import (
    AnalysedArticle,
    Article,
    Briefing,
    DroppedArticle,
    SourceReport,
    SummarizedArticle,
    SummarySentence,
    ThemeGroup,
)
from briefer.render import Edition, prepare_pdf, render_edition, template_search_path, template_stamp
from briefer.select import Selection, canonical_url, content_hash, day_window, in_window, select
from briefer.store import RunMemory, Store, open_store

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while a run advances."""


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class RunReport:
    """What a run did, for the closing report and for the logs."""

    sources: list[SourceReport] = field(default_factory=list)
    documents: int = 0
    downloads: int = 0  # full HTTP bodies received
    not_modified: int = 0  # HTTP 304 answers (nothing downloaded, nothing parsed)
    reused: int = 0  # extractions and analyses taken from the store instead of made again
    kept: int = 0
    merged: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # editions whose files were already up to date
    timings: dict[str, float] = field(default_factory=dict)  # wall seconds per stage, for -v and benchmarks
    day_key: str = ""  # what the day's selection and themes were made from (see _day_key)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the wall time of the block to ``stage``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start


def build(
    config: Config,
    day: date,
    progress: Progress = _no_progress,
    *,
    fresh: bool = False,
    fetcher: Fetcher | None = None,
    executor: Executor | None = None,
) -> tuple[Briefing, RunReport]:
    """Gather and analyse the day once; the result renders into any edition.

    The store (``config.store.path``) is opened once for the run: HTTP
    validators and cached documents, extractions and analyses are reused
    unless ``fresh``; what the run learns is written back either way.
    ``fetcher``: the HTTP client (tests pass one with short backoffs).
    ``executor``: where extraction, analysis and summaries run (default: the
    config's ``executor``, a local process pool or a Dask cluster).
    """
    with _session(config, fresh, executor) as (memory, workers):
        return _build(config, day, progress, memory, fetcher, workers)


@contextmanager
def _session(config: Config, fresh: bool, executor: Executor | None) -> Iterator[tuple[RunMemory, Executor]]:
    """The store and the executor of one run: opened once, and at the end the writes the run left
    for later made, the executor closed (if the run made it), the store closed, whatever happens."""
    store = open_store(config.store.path)
    memory = RunMemory(store, fresh)
    workers: Executor | None = None
    try:
        workers = executor or make_executor(config.executor)  # an unreachable Dask scheduler raises here
        yield memory, workers
    finally:
        memory.flush()
        if executor is None and workers is not None:
            workers.close()
        if store is not None:
            store.close()


def _build(
    config: Config,
    day: date,
    progress: Progress,
    memory: RunMemory,
    fetcher: Fetcher | None,
    executor: Executor,
    on_analysis: Callable[[], None] = lambda: None,
) -> tuple[Briefing, RunReport]:
    """The day's brief; ``on_analysis`` is called when the store does not have the day's analysis."""
    report = RunReport()
    total_sources = len(config.sources)
    done = 0
    clock_now = clock.now()
    web_sources = {s.name for s in config.sources if s.url}  # dates from strangers; files are the user's own

    def source_done(_: SourceReport) -> None:
        nonlocal done
        done += 1
        progress("gather", done, total_sources)

    progress("gather", 0, total_sources)
    http = fetcher or Fetcher(config.http)
    try:
        with report.timed("gather"):
            gathered = gather(config, on_source_done=source_done, memory=memory, fetcher=http)
    finally:
        if fetcher is None:
            http.close()
    report.downloads, report.not_modified = http.downloads, http.not_modified
    gathered.reports = _record_health(gathered.reports, memory)
    report.sources = gathered.reports
    report.documents = len(gathered.documents) + len(gathered.dropped)
    dropped: list[DroppedArticle] = list(gathered.dropped)

    progress("extract", 0, len(gathered.documents))
    articles: list[Article] = []
    always: set[str] = set()
    with report.timed("extract"):
        extracted = extract_all(gathered.documents, config.briefing.max_article_chars, memory, clock_now, executor)
    for doc, result in zip(gathered.documents, extracted, strict=True):
        if isinstance(result, DroppedArticle):
            log.info("dropped %s: %s", doc.url, result.reason)
            dropped.append(result)
        else:
            first_seen = memory.seen(canonical_url(result.url), content_hash(result.text), clock_now, result.title)
            result = settle_published(result, first_seen, clock_now, from_web=doc.source in web_sources)
            articles.append(result)
            if doc.in_window_always:
                always.add(result.id)
    progress("extract", len(gathered.documents), len(gathered.documents))

    earlier = memory.earlier_theme_profiles(day)  # what the themes' articles looked like on the days before
    day_key = report.day_key = _day_key(config, day, articles, always, earlier)
    memo = _load_day(memory, day_key)
    if memo is not None:  # the same articles, the same settings: the day's analysis as it was
        selection, themes = memo
        report.reused += len(selection.articles)
        log.info("nothing new since the last run of the day: analysis reused from the store")
    else:
        on_analysis()
        selection, themes = _analyse_day(config, day, articles, always, memory, report, executor, progress, earlier)
        memo = (selection, themes)
        memory.later(lambda: memory.put_bytes("day", day_key, pickle.dumps(memo, protocol=pickle.HIGHEST_PROTOCOL)))
    dropped.extend(selection.dropped)
    report.merged = selection.merged
    report.kept = len(selection.articles)
    progress("group", len(themes), len(themes))
    for item in dropped:
        report.dropped[item.reason] += 1
    briefing = Briefing(
        title=config.briefing.title,
        date=day.isoformat(),
        timezone=config.briefing.timezone,
        generated_at=clock.now(),
        themes=tuple(themes),
        sources_report=tuple(gathered.reports),
        dropped=tuple(dropped),
        documents_read=report.documents,
    )
    return briefing, report


def _analyse_day(
    config: Config,
    day: date,
    articles: list[Article],
    always: set[str],
    memory: RunMemory,
    report: RunReport,
    executor: Executor,
    progress: Progress,
    earlier: dict[str, dict[str, tuple[int, dict[str, float]]]] | None = None,
) -> tuple[Selection, list[ThemeGroup]]:
    """Select, analyse, summarize and group the day's articles."""
    window = day_window(day, config.briefing.timezone)
    threshold = config.duplicates.threshold
    today = sum(1 for a in articles if in_window(a, window, always))
    if isinstance(executor, ForkPool) and today <= SELECT_ASIDE_MAX:
        # spaCy is needed whenever the day is analysed (for new articles, and the themes' keywords
        # are lemmatized with it) and takes most of a second to load: duplicates are found
        # meanwhile, in a forked child (on one core, the other one loading).
        with report.timed("select"):
            pending = run_aside(select, articles, window, always, threshold)
        with report.timed("load"):
            _preload()
        with report.timed("select"):
            selection = pending()
    else:
        with report.timed("select"):
            selection = select(articles, window, always, threshold, executor)

    progress("analyse", 0, len(selection.articles))
    with report.timed("analyse"):
        summarized = _summarized_cached(selection.articles, config, memory, report, executor, progress)
    progress("analyse", len(summarized), len(selection.articles))
    progress("summarize", len(summarized), len(summarized))

    with report.timed("group"):
        from briefer.group import group_themes  # _LAZY

        def remember(profiles: dict[str, tuple[int, dict[str, float]]]) -> None:
            memory.later(lambda: memory.record_theme_profiles(day, profiles))

        themes = group_themes([s.analysed for s in summarized], summarized, config, executor, earlier, remember)
    return selection, _without_lemmas(themes)


def _without_lemmas(themes: list[ThemeGroup]) -> list[ThemeGroup]:
    """The themes with their articles' lemmas left out: working data of the analysis, which no
    edition shows. They were two thirds of the day's memo (13 MB for a thousand articles),
    pickled on every run that analyses and read back on every run that does not."""
    slim: dict[int, SummarizedArticle] = {}  # an article in two themes stays one object

    def lean(item: SummarizedArticle) -> SummarizedArticle:
        if id(item) not in slim:
            analysed = dataclasses.replace(
                item.analysed, title_lemmas=(), lead_lemmas=(), body_lemmas=(), sentence_lemmas=()
            )
            slim[id(item)] = dataclasses.replace(item, analysed=analysed)
        return slim[id(item)]

    return [dataclasses.replace(t, articles=tuple(map(lean, t.articles))) for t in themes]


SELECT_ASIDE_MAX = 3000
"""Up to this many articles in the window, select runs in one forked child while spaCy loads (0.8 s):
it takes 0.35 s on one core at 1,000 articles, 2.3 s at 5,000 (a tie with two cores after the
load), 13.6 s at 20,000 (11.4 s on two). Past it, select runs first, on the executor."""

# Modules whose code decides the day's analysis: a change to any of them makes the memo stale.
# "pipeline" is one of them: it decides what is cached and how the stages are chained.
# _LAZY: summarize, group, stories and entities are imported where they are used, not at the top:
# they bring SciPy and spaCy (about a second), which a run that finds its day in the store never needs.
_DAY_MODULES = (
    "pipeline",
    "select",
    "analyse",
    "summarize",
    "group",
    "stories",
    "entities",
    "quotes",
    "models",
    "tfidf",
    "stem",
)


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    digest = hashlib.sha256(analysis_version().encode())
    for name in _DAY_MODULES:
        spec = importlib.util.find_spec(f"briefer.{name}")  # read, not imported: a warm run never loads them
        digest.update(Path(spec.origin if spec and spec.origin else "").read_bytes())
    return digest.hexdigest()


def _day_key(config: Config, day: date, articles: Sequence[Article], always: set[str], earlier: object = None) -> str:
    """What the day's analysis depends on: the code, the settings that shape it, every article and
    the ``earlier`` days' theme profiles."""
    settings = config.model_dump(mode="json", include={"themes", "summaries", "duplicates", "grouping", "stories"})
    facts = sorted(
        (a.id, a.published.isoformat(), a.published_from, a.url, list(a.sources), list(a.urls), a.truncated)
        for a in articles
    )
    payload = json.dumps(
        [_code_stamp(), settings, config.briefing.timezone, day.isoformat(), facts, sorted(always), earlier or {}],
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _load_day(memory: RunMemory, key: str) -> tuple[Selection, list[ThemeGroup]] | None:
    raw = memory.get_bytes("day", key)
    if raw is None:
        return None
    try:
        # Our own pickle, written by this code into the workspace's store (see docs/store.md).
        selection, themes = pickle.loads(raw)
    except Exception:  # an entry from another version of the models
        log.warning("store: unreadable memo of the day, analysing again")
        return None
    return selection, themes


def _record_health(reports: list[SourceReport], memory: RunMemory) -> list[SourceReport]:
    """Record each source's result in the store; a source failing run after run is flagged."""
    run_id = f"{clock.now().isoformat()}-{uuid.uuid4().hex[:8]}"
    out = []
    for r in reports:
        streak = memory.record_source(run_id, r.name, r.status.value, r.error)
        r = dataclasses.replace(r, failing_runs=streak)
        if r.flagged:
            log.warning("source %r has failed on %d runs in a row: %s", r.name, streak, r.error)
        out.append(r)
    return out


@lru_cache(maxsize=1)
def analysis_version() -> str:
    """What the cached analyses depend on: our analysis code, spaCy and the pipeline installed."""
    digest = hashlib.sha256(Path(analyse_module.__file__).read_bytes())
    parts = [digest.hexdigest()[:16]]
    for name in ("spacy", *PIPELINES):
        try:
            parts.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    return " ".join(parts)


def analyse_and_summarize(articles: list[Article], algorithm: str, count: int) -> list[SummarizedArticle]:
    """The per-article work, in one pass over a chunk: sentences, lemmas, entities, then the summary."""
    from briefer.summarize import summarize_articles

    return summarize_articles(analyse(articles), algorithm, count)


@lru_cache(maxsize=1)
def _summary_stamp() -> str:
    """What a cached article summary depends on besides its analysis: the summarizer's code and its stems."""
    digest = hashlib.sha256()
    for name in ("summarize", "stem"):
        spec = importlib.util.find_spec(f"briefer.{name}")  # read, not imported (see _LAZY)
        digest.update(Path(spec.origin if spec and spec.origin else "").read_bytes())
    return digest.hexdigest()


def _summarized_cached(
    articles: list[Article],
    config: Config,
    memory: RunMemory,
    report: RunReport,
    executor: Executor,
    progress: Progress = _no_progress,
) -> list[SummarizedArticle]:
    """Each article analysed and summarized, reusing what the store has for the same headline and text.

    Both are cached per article (``analysis``, ``summary``): a day with a few new
    articles analyses and summarizes only those. What is missing runs on the
    executor, analysis and summary in one pass per chunk.
    """
    algorithm, count = config.summaries.algorithm, config.summaries.article_sentences
    keys = _analysis_keys(articles)
    summary_keys = [hashlib.sha256(f"{k}\n{_summary_stamp()}\n{algorithm}\n{count}".encode()).hexdigest() for k in keys]
    analysed: dict[int, AnalysedArticle] = {}
    found: dict[int, SummarizedArticle] = {}
    for i, (article, key) in enumerate(zip(articles, keys, strict=True)):
        item = _cached_analysis(memory, key, article)
        if item is None:
            continue
        analysed[i] = item
        summary = _cached_summary(memory, summary_keys[i])
        if summary is not None:
            found[i] = SummarizedArticle(analysed=item, summary=summary)
    fresh = [i for i in range(len(articles)) if i not in analysed]
    resummarize = [i for i in analysed if i not in found]
    if fresh and isinstance(executor, ForkPool) and len(fresh) >= executor.min_items:
        _preload()  # before the fork: the workers inherit spaCy's pipeline instead of loading it
    step = functools.partial(analyse_and_summarize, algorithm=algorithm, count=count)
    reused = len(articles) - len(fresh)
    analysed_now = executor.map(
        step, [articles[i] for i in fresh], on_progress=lambda n: progress("analyse", reused + n, len(articles))
    )
    for i, result in zip(fresh, analysed_now, strict=True):
        found[i] = result
    # The lemmas of the lead and the body are those of the sentences: not stored twice (see _cached_analysis).
    analyses = [(keys[i], _fields(found[i].analysed, but=_DERIVED)) for i in fresh]
    memory.later(lambda: memory.put_json_many("analysis", analyses))
    if resummarize:
        from briefer.summarize import summarize_articles

        again = functools.partial(summarize_articles, algorithm=algorithm, count=count)
        for i, result in zip(resummarize, executor.map(again, [analysed[i] for i in resummarize]), strict=True):
            found[i] = result
    summaries = [(summary_keys[i], [_fields(s) for s in found[i].summary]) for i in [*fresh, *resummarize]]
    memory.later(lambda: memory.put_json_many("summary", summaries))
    report.reused += reused
    return [found[i] for i in range(len(articles))]


def _analysis_keys(articles: Sequence[Article]) -> list[str]:
    """The store keys of the articles' analyses: the same headline and text, the same analysis."""
    version = analysis_version()
    return [hashlib.sha256(f"{version}\n{a.title}\n{a.text}".encode()).hexdigest() for a in articles]


_DERIVED = frozenset({"article", "lead_lemmas", "body_lemmas"})
"""What a stored analysis leaves out: the article is the run's own, the rest is its sentences' lemmas."""


def _fields(value: Any, but: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A model's fields as a dict for the store's JSON, without those named in ``but`` (no deep copy,
    unlike ``dataclasses.asdict``: this runs for every sentence of a day)."""
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.name not in but}


def _preload() -> None:
    """Load what the per-article stages use, in this process."""
    from briefer import summarize

    analyse_module.load_nlp()
    analyse_module.lemma("preloaded")  # the lemmatizer's tables
    summarize.sentence_words("Preloaded words")  # sumy's stop words, the Snowball stemmer


def _cached_analysis(memory: RunMemory, key: str, article: Article) -> AnalysedArticle | None:
    cached = memory.get_json("analysis", key)
    if cached is None:
        return None
    # Lemmas are interned: JSON makes a string per occurrence ("the", "say" a hundred times an
    # article), which was three quarters of the memory of a day read back from the store.
    intern = sys.intern
    try:
        return analyse_module.analysed(
            article,
            tuple(cached["sentences"]),
            tuple(map(intern, cached["title_lemmas"])),
            tuple(tuple(map(intern, seq)) for seq in cached["sentence_lemmas"]),
            tuple(map(tuple, cached["entities"])),
        )
    except (TypeError, KeyError):
        log.warning("store: unreadable cached analysis, analysing again")
        return None


def _cached_summary(memory: RunMemory, key: str) -> tuple[SummarySentence, ...] | None:
    cached = memory.get_json("summary", key)
    if not isinstance(cached, list):
        return None
    try:
        return tuple(SummarySentence(**{k: _tuples(v) for k, v in entry.items()}) for entry in cached)
    except (TypeError, AttributeError):
        log.warning("store: unreadable cached summary, summarizing again")
        return None


def _tuples(value: Any) -> Any:
    """JSON lists back into the tuples the frozen models hold."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _edition_key(
    briefing: Briefing,
    day_key: str,
    audience: Audience,
    formats: Sequence[str],
    config: Config,
    history: Mapping[str, Mapping[str, int]],
) -> str:
    """Everything an edition's files depend on, except the clock: the same key, the same files.

    The themes are what the day's memo holds, so the key of the day (``day_key``,
    which names that memo) stands for them: spelling out every sentence and lemma
    of a thousand articles took a fifth of a second. ``day_key`` empty: the
    themes are spelled out."""
    themes = day_key or repr(briefing.themes)
    rest = dataclasses.replace(briefing, generated_at=datetime(2000, 1, 1, tzinfo=UTC), themes=())
    earlier = {d: dict(v) for d, v in history.items() if d != briefing.date}  # today's bar comes from the brief
    digest = hashlib.sha256(f"{themes}\n{rest!r}".encode())  # every other field, whatever objects it shares
    digest.update(json.dumps([audience.model_dump(mode="json"), sorted(formats), earlier], sort_keys=True).encode())
    digest.update(template_stamp(template_search_path(config, audience.template)).encode())
    return digest.hexdigest()


def _up_to_date(memory: RunMemory, key: str, folder: Path) -> bool:
    """True when the files made for ``key`` are in ``folder``, byte for byte."""
    recorded = memory.get_json("edition", key)
    if not isinstance(recorded, dict) or not recorded:
        return False
    for name, digest in recorded.items():
        path = folder / str(name)
        try:
            if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                return False
        except OSError:
            return False
    return True


def select_audiences(config: Config, names: Sequence[str] | None) -> list[Audience]:
    if not names:
        return list(config.audiences)
    return [config.audience(n) for n in names]


def render_all(
    briefing: Briefing,
    config: Config,
    audiences: Sequence[Audience],
    formats: Sequence[str] | None = None,
    history: Mapping[str, Mapping[str, int]] | None = None,
) -> list[Edition]:
    """Every edition, rendered in memory; raises before anything is written.

    ``history``: the store's theme volume of the days before, for the trend chart.
    """
    return [render_edition(briefing, a, config, formats or a.formats, history) for a in audiences]


def _theme_history(store: Store | None, day: date) -> dict[str, dict[str, int]]:
    if store is None:
        return {}
    try:
        return store.theme_volume(TREND_DAYS, day)
    except sqlite3.Error as exc:
        log.warning("store: cannot read the theme volume of earlier days (%s): the trend shows today only", exc)
        return {}


def _record_volume(store: Store, briefing: Briefing) -> None:
    try:
        store.record_theme_volume(briefing.date, volume_counts(briefing))
    except sqlite3.Error as exc:
        log.warning("store: cannot record the theme volume (%s)", exc)


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _update_archive(output: Path, title: str) -> None:
    """The output folder's index.html and feed.xml, brought up to date (see briefer.archive)."""
    from briefer.archive import update_archive

    try:
        update_archive(output, title)
    except OSError as exc:
        log.warning("archive: cannot write index.html and feed.xml in %s (%s)", output, exc)


def edition_dir(output: Path, day: date, audience: str) -> Path:
    return output / day.isoformat() / audience


def write_editions(editions: Sequence[Edition], output: Path, day: date) -> list[Path]:
    written = []
    for edition in editions:
        folder = edition_dir(output, day, edition.audience)
        for name, content in edition.files.items():
            target = folder / name
            write_atomic(target, content)
            written.append(target)
    return written


@contextmanager
def _pdf_standby(
    workers: Executor, chosen: Sequence[Audience], formats: Sequence[str] | None
) -> Iterator[Standby | None]:
    """Where a run with forked workers lays out its PDFs: in forked children while it goes on, the first
    in one that imports WeasyPrint as soon as the day turns out to need analysing (``start``).
    None: they are laid out in this process (other executors), or no edition wants one."""
    if not isinstance(workers, ForkPool) or not any("pdf" in (formats or a.formats) for a in chosen):
        yield None
        return
    aside = Standby(prepare_pdf)
    try:
        yield aside
    finally:
        aside.close()


def run(
    config: Config,
    day: date | None = None,
    audiences: Sequence[str] | None = None,
    formats: Sequence[str] | None = None,
    output: Path | None = None,
    progress: Progress = _no_progress,
    *,
    fresh: bool = False,
    executor: Executor | None = None,
) -> tuple[Briefing, RunReport]:
    """Build the day's brief and write every edition; the CLI and scheduler call this.

    ``fresh``: ignore what the store remembers (downloads, extractions, analyses).
    ``executor``: where the per-article stages run (default: from the config).
    """
    chosen = select_audiences(config, audiences)  # fail on an unknown audience before any work
    if formats:
        unknown = sorted(set(formats) - {"md", "pdf", "json", "html"})
        if unknown:
            raise ConfigError(f"unknown format(s): {', '.join(unknown)} (choose from md, pdf, json, html)")
    day = day or clock.today(config.briefing.timezone)
    out = output or config.output
    with _session(config, fresh, executor) as (memory, workers), _pdf_standby(workers, chosen, formats) as aside:
        store = memory.store
        on_analysis = aside.start if aside is not None else (lambda: None)
        briefing, report = _build(config, day, progress, memory, None, workers, on_analysis)
        history = _theme_history(store, day)
        progress("render", 0, len(chosen))
        editions: list[tuple[str, Edition]] = []
        for audience in chosen:
            wanted = list(formats or audience.formats)
            key = _edition_key(briefing, report.day_key, audience, wanted, config, history)
            folder = edition_dir(out, day, audience.name)
            if _up_to_date(memory, key, folder):
                log.info("%s: nothing changed since the last run, files kept", folder)
                report.unchanged.append(folder)
                continue
            with report.timed("render"):
                pdf_aside = aside.run if aside is not None else None
                edition = render_edition(briefing, audience, config, wanted, history, memory, pdf_aside)
            editions.append((key, edition))
        with report.timed("store"):
            memory.flush()  # what the analysis learnt, written while the PDFs are laid out
        with report.timed("render"):
            editions = [(key, edition.complete()) for key, edition in editions]
        progress("render", len(chosen), len(chosen))
        with report.timed("write"):
            report.written = write_editions([e for _, e in editions], out, day)
            _update_archive(out, config.briefing.title)
        for key, edition in editions:
            memory.put_json("edition", key, {n: hashlib.sha256(c).hexdigest() for n, c in edition.files.items()})
        if store is not None:
            _record_volume(store, briefing)
    return briefing, report
