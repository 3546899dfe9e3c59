"""The pipeline: compose the stages; write nothing until every stage has succeeded.

``build`` runs the analysis once (gather -> extract -> select -> analyse ->
summarize -> group) and returns a :class:`Briefing`; ``render_all`` renders
each audience's edition in memory; ``write_editions`` publishes the files as the
day's new set in one swap (:mod:`briefer.publish`). ``run``, which the CLI and the scheduler call, builds, then
renders every edition whose files are not already up to date on disk, then
writes them all.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import logging
import multiprocessing
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from briefer import article_memo, cached, clock
from briefer.config import Audience, Config, ConfigError
from briefer.context import TREND_DAYS, volume_counts
from briefer.executor import DaskExecutor, Executor, can_fork, make_executor, release_memory, run_aside, standby
from briefer.extract import settle_published
from briefer.filters import filter_articles
from briefer.gather import gather
from briefer.http import Fetcher
from briefer.memory import memory_stamp, printed_before, record_printed, remember
from briefer.models import (
    AnalysedArticle,
    Article,
    Briefing,
    DroppedArticle,
    RawDocument,
    SourceReport,
    SummarizedArticle,
    ThemeGroup,
)
from briefer.output import FORMATS, edition_dir, update_archive, write_editions
from briefer.publish import stage
from briefer.render import Edition, prepare_pdf, render_edition
from briefer.report import Progress, RunReport, no_progress
from briefer.retention import prune_store
from briefer.select import (
    Fingerprint,
    Known,
    Prepared,
    Selection,
    Shelf,
    canonical_url,
    content_hash,
    day_window,
    for_the_store,
    merged_from,
    prepared,
    select,
    select_keeping,
    select_prepared,
    shelved_from,
)
from briefer.store import RunMemory, Store, open_store
from briefer.tuning import old_objects_set_aside

log = logging.getLogger(__name__)


def build(
    config: Config,
    day: date,
    progress: Progress = no_progress,
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
    with _session(config, fresh, executor, day) as (memory, workers):
        briefing, report, _ = _build(config, day, progress, memory, fetcher, workers)
        return briefing, report


@contextmanager
def _session(config: Config, fresh: bool, executor: Executor | None, day: date) -> Iterator[tuple[RunMemory, Executor]]:
    """The store and the executor of one run: opened once, and at the end the writes the run left
    for later made, the executor closed (if the run made it), the store closed, whatever happens."""
    store = open_store(config.store.path)
    memory = RunMemory(store, fresh)
    workers: Executor | None = None
    try:
        workers = executor or make_executor(config.executor)  # an unreachable Dask scheduler raises here
        yield memory, workers
        memory.flush()
        if isinstance(store, Store):  # once a day, the days past store.keep_days go (briefer.retention)
            # Counted back from the brief's day when it is in the past: a day briefed late (--date, a
            # backfill) keeps the history it reads and what it just recorded.
            prune_store(store, config, min(day, clock.today(config.briefing.timezone)))
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
    on_analysed: Callable[[], None] = lambda: None,
    run_id: int | None = None,
    story_memory_there: bool = False,
) -> tuple[Briefing, RunReport, cached.DayOnCluster | None]:
    """The day's brief; ``on_analysed`` is called once the day is analysed, when the store did not
    have its analysis (not on a run that finds it there). ``story_memory_there``: a day grouped on a
    Dask cluster is kept there for the story memory (:class:`briefer.cached.DayOnCluster`, returned),
    its articles fetched without their analyses."""
    report = RunReport()
    reports, documents, dropped = _gather(config, progress, memory, fetcher, report, run_id)
    articles, always = _extract(config, documents, dropped, memory, executor, report, progress)
    del documents  # emptied by _extract: each article holds its text, the documents' copy is not kept
    articles, filtered = filter_articles(articles, config, day)  # sources' include/exclude/max_age_days
    dropped.extend(filtered)
    earlier = memory.earlier_theme_profiles(day)  # what the themes' articles looked like on the days before
    day_key = report.day_key = cached.day_key(config, day, articles, always, earlier)
    memo = cached.load_day(memory, day_key)
    on_cluster = None
    if memo is not None:  # the same articles, the same settings: the day's analysis as it was
        selection, themes = memo
        report.reused += len(selection.articles)
        log.info("nothing new since the last run of the day: analysis reused from the store")
    else:
        selection, themes, encoded = _analyse_day(
            config, day, articles, always, memory, report, executor, progress, earlier, story_memory_there
        )
        on_cluster = encoded.day if encoded is not None else None
        on_analysed()
        cached.save_day(memory, day_key, (selection, themes), encoded)
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
        sources_report=tuple(reports),
        dropped=tuple(dropped),
        documents_read=report.documents,
    )
    return briefing, report, on_cluster


def _gather(
    config: Config,
    progress: Progress,
    memory: RunMemory,
    fetcher: Fetcher | None,
    report: RunReport,
    run_id: int | None,
) -> tuple[list[SourceReport], list[RawDocument], list[DroppedArticle]]:
    """Every source read; their results recorded in the store (``run_id``: the run they belong to)."""
    total, done = len(config.sources), iter(range(1, len(config.sources) + 1))

    def source_done(_: SourceReport) -> None:
        progress("gather", next(done), total)

    progress("gather", 0, total)
    http = fetcher or Fetcher(config.http)
    try:
        with report.timed("gather"):
            gathered = gather(config, on_source_done=source_done, memory=memory, fetcher=http)
    finally:
        if fetcher is None:
            http.close()
    report.downloads, report.not_modified = http.downloads, http.not_modified
    report.sources = _record_health(gathered.reports, memory, run_id)
    report.documents = len(gathered.documents) + len(gathered.dropped)
    return report.sources, gathered.documents, list(gathered.dropped)


EXTRACTED_AT_ONCE = 1000
"""Documents a Dask driver sends to the cluster for extraction at a time (:func:`_extract`)."""


def _extract(
    config: Config,
    documents: list[RawDocument],
    dropped: list[DroppedArticle],
    memory: RunMemory,
    executor: Executor,
    report: RunReport,
    progress: Progress,
) -> tuple[list[Article], set[str]]:
    """The documents' articles, dated (first seen, from the store); the ids of those always in the window.
    ``documents`` is emptied as they are extracted (the caller reads them no more). A Dask driver sends
    :data:`EXTRACTED_AT_ONCE` of them to the cluster at a time, each part let go of once its articles
    are back: asked for at once, the day's documents were pickled for the cluster and its articles
    gathered whole beside them, some 5 KB an article of free pages at extract's end and the documents
    held to its end (docs/performance.md, session 61). The same articles, in the same order."""
    now = clock.now()
    web_sources = {s.name for s in config.sources if s.url}  # dates from strangers; files are the user's own
    total = len(documents)
    at_once = EXTRACTED_AT_ONCE if isinstance(executor, DaskExecutor) else max(1, total)
    progress("extract", 0, total)
    articles: list[Article] = []
    always: set[str] = set()

    def take(part: list[RawDocument]) -> None:
        with report.timed("extract"):
            extracted = cached.extract_all(part, config.briefing.max_article_chars, memory, now, executor)
        for doc, result in zip(part, extracted, strict=True):
            if isinstance(result, DroppedArticle):
                log.info("dropped %s: %s", doc.url, result.reason)
                dropped.append(result)
            else:
                first_seen = memory.seen(canonical_url(result.url), _content_hash(result.text), now, result.title)
                result = settle_published(result, first_seen, now, from_web=doc.source in web_sources)
                articles.append(result)
                if doc.in_window_always:
                    always.add(result.id)

    while documents:
        part = documents[:at_once]
        del documents[:at_once]
        take(part)  # its documents let go of with it (none of them is held by a name here)
        del part
        if documents:
            progress("extract", total - len(documents), total)
            # The part's pickles and documents, freed among the articles kept: their pages given back
            # (else resident to extract's end, some 3 KB an article more).
            release_memory()
    progress("extract", total, total)
    return articles, always


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
    story_memory_there: bool = False,
) -> tuple[Selection, list[ThemeGroup], cached.MemoOnCluster | None]:
    """Select, analyse, summarize and group the day's articles; on a Dask cluster, also the day's memo
    as encoded there (:func:`briefer.cached.save_day`), and the day kept there for the story memory when
    ``story_memory_there`` (:func:`_analysed_on_cluster`)."""
    window = day_window(day, config.briefing.timezone)
    threshold = config.duplicates.threshold
    if isinstance(executor, DaskExecutor) and not article_memo.kept():  # see _analysed_on_cluster
        # A Dask driver selects a block of texts at a time (select's blockwise): each block's
        # fingerprints are made, those made written to the store as they come, their shingle ids to a
        # temporary file, and select holds the day's signatures and keys, under 1 KB an article, and a
        # bounded working set. Where it can fork, in a forked child (whose heap goes with it: made in
        # this process, select's few lasting objects kept some 60 MB of the pools around them to the
        # end of the run), which sends the fingerprints for the store a block at a time on a pipe of
        # their own, each written as it comes (cached.keep_fingerprints_sent); else here, the
        # fingerprints made on the cluster. The heap's free pages (the documents' texts, let go after
        # extract) are given back first, so that they are neither this process's nor the child's.
        release_memory()
        shelf: Shelf | None = None
        with report.timed("select"):
            if can_fork():
                known = cached.stored_fingerprints(memory, articles)
                # The day's texts are let go of once written for the child (select.Prepared): the driver's
                # heap it is forked with is the articles without their texts (docs/performance.md, session
                # 60). Those the selection keeps are read back from its file once the child is done; or, when
                # the day is kept on the cluster for the story memory, left there (select.Shelf) and read
                # back one at a time as they are keyed and sent to be analysed, and at the themes' fetch
                # those the brief reads: held, they were some 125 MB of the driver through the analysis and
                # the group stage at 50,000 articles (docs/performance.md, session 68).
                if story_memory_there:
                    selection, shelf = _SelectAside(
                        articles, window, always, threshold, known, let_go_of_texts=True
                    ).shelved(memory)
                else:
                    selection = _selected_aside(
                        articles, window, always, threshold, known, memory, let_go_of_texts=True
                    )
                del known
            else:
                selection = _selected_blockwise(articles, window, always, threshold, executor, memory)
        release_memory()  # the fingerprints sent back, stored: freed pages not held to the end
        if story_memory_there:
            # The day's articles (the caller's list, which it reads no more) let go of but those selected:
            # their texts, but those the brief reads, are let go of at the themes' fetch
            # (cached.let_go_of_texts), and a merged duplicate's would be held to the end of the run.
            articles.clear()
        try:
            themes, encoded = _analysed_on_cluster(
                config, day, selection, memory, report, executor, progress, earlier, story_memory_there, shelf
            )
        finally:
            if shelf is not None:
                shelf.close()
        return selection, themes, encoded
    if not executor.shares_memory and not isinstance(executor, DaskExecutor) and _select_blockwise(articles):
        # One process (``executor: {processes: 1}``), or a spawned pool: select a block of texts at a
        # time here, as a Dask driver that cannot fork does, each block's fingerprints written to the
        # store as they are made, their shingle ids to a temporary file, the stored ones read a block at
        # a time. Whole (select_keeping), select held every text's fingerprint with its words and every
        # candidate's shingles at once, then the fingerprints made until stored: at 100,000 articles the
        # process grew by 1.2 GB in select's phase, and the heap's freed pages stayed with it to the end
        # of the run (docs/performance.md, session 53).
        release_memory()  # the documents' freed pages
        with report.timed("select"):
            selection = _selected_blockwise(articles, window, always, threshold, executor, memory)
        release_memory()  # select's working set, let go
        return _analysed_here(config, day, selection, memory, report, executor, progress, earlier)
    known = cached.stored_fingerprints(memory, articles)  # select makes only the new texts' ones
    if executor.shares_memory or (isinstance(executor, DaskExecutor) and can_fork()):
        # spaCy is needed whenever the day is analysed (for new articles, and the themes' keywords
        # are lemmatized with it) and takes a while to load: duplicates are found meanwhile, in a
        # forked child (on one core, the other one loading). Whatever select holds at its peak (every
        # candidate's shingles: 470 MB at 10,000 articles) goes with the child, which sends back
        # only where each article it kept stands in ``articles`` (docs/performance.md, "The curve").
        # A resident process with a Dask cluster does the same: its fingerprints (a few percent of an
        # article's work) are then made here rather than on the cluster.
        # From SELECT_STREAMED_FROM articles the child selects a block of texts at a time, as a Dask
        # driver's does: its fingerprints go to the store a block at a time on a pipe of their own
        # (written here once spaCy is loaded), their shingle ids to a temporary file, so that neither
        # process holds the day's fingerprints (at 50,000 articles the child grew by 540 MB of them,
        # then pickled them whole for this process, which held them until stored: 1,525 MB for the tree).
        streamed = can_fork() and _select_blockwise(articles)
        if streamed:
            with report.timed("select"):
                release_memory()  # the documents' freed pages: neither this process's nor the child's
                aside = _SelectAside(articles, window, always, threshold, known)
            with report.timed("load"):
                cached.preload()
            with report.timed("select"):
                selection = aside.selection(memory)
            made: dict[str, Fingerprint] = {}
        else:
            with report.timed("select"):
                pending = run_aside(_select_places, articles, window, always, threshold, known)
            with report.timed("load"):
                cached.preload()
            with report.timed("select"):
                kept, dropped_here, merged, made = pending()
                selection = _selection_from(articles, kept, dropped_here, merged)
    else:
        with report.timed("select"):
            selection, made = select_keeping(articles, window, always, threshold, known, executor)
    del known
    cached.keep_fingerprints(memory, made)
    del made
    if article_memo.kept():
        selection = Selection([_as_before(a) for a in selection.articles], selection.dropped, selection.merged)
    return _analysed_here(config, day, selection, memory, report, executor, progress, earlier)


def _selected_blockwise(
    articles: list[Article],
    window: tuple[datetime, datetime],
    always: set[str] | None,
    threshold: float,
    executor: Executor,
    memory: RunMemory,
) -> Selection:
    """select here a block of texts at a time: each block's fingerprints written to the store as they are made
    (their words not kept), the stored ones read one at a time (a Dask driver that cannot fork; one process)."""
    return select(
        articles,
        window,
        always,
        threshold,
        executor,
        known=functools.partial(cached.stored_fingerprint, memory),
        keep_words=False,
        sink=functools.partial(cached.fingerprints_made, memory),
        blockwise=True,
    )


def _select_blockwise(articles: list[Article]) -> bool:
    """Whether select works a block of texts at a time (:data:`SELECT_STREAMED_FROM`, not in a resident
    process, whose fingerprints are kept with their words for its next run)."""
    return not article_memo.kept() and len(articles) >= SELECT_STREAMED_FROM


def _analysed_here(
    config: Config,
    day: date,
    selection: Selection,
    memory: RunMemory,
    report: RunReport,
    executor: Executor,
    progress: Progress,
    earlier: dict[str, dict[str, tuple[int, dict[str, float]]]] | None,
) -> tuple[Selection, list[ThemeGroup], cached.MemoOnCluster | None]:
    """The selected articles analysed, summarized and grouped in this process (its executor's workers)."""
    items = _summarized_with(cached.summarized, selection, config, memory, executor, report, progress)

    with report.timed("group"):
        from briefer.group import UPDATE_FROM, DayBase, group_themes, grown_plan  # see cached._LAZY

        def remember(profiles: dict[str, tuple[int, dict[str, float]]]) -> None:
            memory.later(lambda: memory.record_theme_profiles(day, profiles))

        # A large day keeps what its group stage made; an update of it grows that by its new articles
        # (group.DayBase, issue 15), and reads from the store the results of the articles it works on only.
        base_key = cached.base_key(config, day, earlier)
        base = cached.load_base(memory, base_key) if len(items) >= UPDATE_FROM else None
        plan = grown_plan(base, items) if base is not None else None
        analysed = [s.analysed for s in items]
        wanted = analysed if plan is None or base is None else cached.worked_on(base, plan[0], items)

        def keep_base(made: DayBase) -> None:
            cached.save_base(memory, base_key, made)

        with cached.stored_results(memory, wanted):  # the articles' results of the run before, from the store
            themes = group_themes(
                analysed,
                items,
                config,
                executor,
                earlier,
                remember,
                base if plan is not None else None,
                keep_base,
                plan,
            )
    return selection, cached.without_lemmas(themes), None


SELECT_STREAMED_FROM = 5000
"""Articles (before the window and duplicates) from which a forked select works a block of texts at a
time and sends its fingerprints to the store as it makes them (issue 15): the day's fingerprints (with
their words, 540 MB in the child at 50,000 articles) are then held by neither process. Under it (the
1,114-article day) the child's few seconds overlap spaCy's load whole, never waiting for it to be read."""

T = TypeVar("T")


def _summarized_with(
    how: Callable[[list[Article], Config, RunMemory, Any, Callable[[int], None]], tuple[list[T], int]],
    selection: Selection,
    config: Config,
    memory: RunMemory,
    executor: Executor,
    report: RunReport,
    progress: Progress,
) -> list[T]:
    """The selected articles analysed and summarized by ``how`` (:func:`briefer.cached.summarized`, or its
    Dask twin that leaves them on the cluster), timed and counted in ``report``, their progress told."""
    total = len(selection.articles)
    progress("analyse", 0, total)
    with report.timed("analyse"):
        made, reused = how(selection.articles, config, memory, executor, lambda n: progress("analyse", n, total))
    report.reused += reused
    progress("analyse", total, total)
    progress("summarize", total, total)
    return made


def _analysed_on_cluster(
    config: Config,
    day: date,
    selection: Selection,
    memory: RunMemory,
    report: RunReport,
    executor: DaskExecutor,
    progress: Progress,
    earlier: dict[str, dict[str, tuple[int, dict[str, float]]]] | None,
    story_memory_there: bool = False,
    shelf: Shelf | None = None,
) -> tuple[list[ThemeGroup], cached.MemoOnCluster]:
    """The day's themes on a Dask cluster: the analyses stay on its workers (each batch goes to the store
    on its way), and the group stage runs there as a task, so that this process gets back the themes
    without their lemmas and never holds the analysed day nor the group stage's working set (issue 15,
    docs/dask.md); nor the day's memo as it is encoded (encoded there, fetched a part at a time). The
    day's groups are not kept for its updates (:class:`briefer.group.DayBase`), nor
    are the group stage's per-article results (:func:`briefer.cached.stored_results`): an update of the
    day groups it whole, and gives the same brief. ``story_memory_there``: the grouped day kept on its
    worker for the story memory (:class:`briefer.cached.DayOnCluster`, the memo's ``day``), the themes'
    articles fetched with their summaries only. ``shelf``: where the selection's texts are (its articles
    have none), read back as they are sent to be analysed, and at the themes' fetch those the brief reads."""
    summarized = functools.partial(cached.summarized_on_cluster, shelf=shelf)
    parts = _summarized_with(summarized, selection, config, memory, executor, report, progress)
    with report.timed("group"):
        themes, profiles, encoded = cached.grouped_on_cluster(
            executor, parts, selection, config, earlier, story_memory_there, shelf
        )
        del parts  # the analyses on the workers are let go
    if profiles is not None:
        memory.later(lambda: memory.record_theme_profiles(day, profiles))
    return themes, encoded


_CONTENT_HASHES = article_memo.Memo[str]("content hashes")
"""A resident process's :func:`briefer.select.content_hash` of each text, by the text itself (a pure
function of it: the text's words split and hashed, 0.1 ms an article, every article every run)."""


def _content_hash(text: str) -> str:
    if not article_memo.kept():
        return content_hash(text)
    found = _CONTENT_HASHES.get(text)
    if found is article_memo.MISSING:
        found = content_hash(text)
        _CONTENT_HASHES.put(text, found)
    return found


_ARTICLES = article_memo.Memo[Article]("articles")
"""A resident process's articles of the runs before, by id (see :func:`_as_before`)."""


def _as_before(article: Article) -> Article:
    """The article object the run before kept when it is this one, field for field (its date
    in the same zone too), else ``article``, kept for the next run. A process that briefs the day
    again (:func:`briefer.article_memo.keep_between_runs`) reads every article back from the store
    as a new object; the same object again lets :func:`briefer.cached.summarized` hand back the
    analysis it made of it, and the per-article memos find its key without working it out."""
    before = _ARTICLES.get(article.id)
    if before is not article_memo.MISSING and before == article and repr(before.published) == repr(article.published):
        return before
    _ARTICLES.put(article.id, article)
    return article


Places = list[int | Article]
"""The articles a selection kept, each as its place in the articles given to select when it is one
of them unchanged, else itself (a duplicate's survivor, with every copy's sources and URLs)."""


class _SelectAside:
    """Select's groups found in a forked child, a block of texts at a time (:func:`briefer.select.select_prepared`),
    from the day as :func:`briefer.select.prepared` wrote it before the fork: the child reads no article object,
    so the pages of this process's articles stay shared with it (reading them, it had copied some 3 KB an
    article: docs/performance.md, session 56). Its fingerprints come back on a pipe of their own a few at a
    time, each stored as it comes (:func:`briefer.cached.keep_fingerprints_sent`), and the groups at the end;
    this process's collector leaves the objects the child shares alone meanwhile. :meth:`selection` waits
    for it: the :class:`Selection` that :func:`briefer.select.select` makes, of this process's articles."""

    def __init__(
        self,
        articles: list[Article],
        window: tuple[datetime, datetime],
        always: set[str],
        threshold: float,
        known: Known | None,
        let_go_of_texts: bool = False,
    ) -> None:
        self.articles = articles
        self.day = prepared(articles, window, always, let_go_of_texts)
        release_memory()  # the texts as written to the file, let go: free pages neither process then writes to
        self.aside = old_objects_set_aside()
        self.aside.__enter__()
        try:
            self.receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
            self.pending = run_aside(_select_groups, self.day, threshold, known, send)
            send.close()  # the child's copy is the one that stays open until it has sent everything
        except BaseException:
            self.aside.__exit__(None, None, None)
            self.day.close()
            raise

    def selection(self, memory: RunMemory) -> Selection:
        try:
            group_of = self._groups(memory)
            return merged_from(self.articles, self.day, group_of)  # the texts kept read back from the day's file
        finally:
            self.day.close()

    def shelved(self, memory: RunMemory) -> tuple[Selection, Shelf]:
        """:meth:`selection` of a day that let go of its texts, those kept left in the day's file
        (:func:`briefer.select.shelved_from`): close the shelf when done."""
        try:
            return shelved_from(self.articles, self.day, self._groups(memory))
        except BaseException:
            self.day.close()
            raise

    def _groups(self, memory: RunMemory) -> np.ndarray:
        try:
            with self.receive:
                cached.keep_fingerprints_sent(memory, self.receive)
            return self.pending()
        finally:
            self.aside.__exit__(None, None, None)


def _selected_aside(
    articles: list[Article],
    window: tuple[datetime, datetime],
    always: set[str],
    threshold: float,
    known: Known | None,
    memory: RunMemory,
    let_go_of_texts: bool = False,
) -> Selection:
    """:class:`_SelectAside`, waited for at once (a Dask driver has nothing to load meanwhile);
    ``let_go_of_texts``: ``articles`` (in place) let go of their texts before the fork
    (:class:`briefer.select.Prepared`)."""
    return _SelectAside(articles, window, always, threshold, known, let_go_of_texts).selection(memory)


def _select_groups(day: Prepared, threshold: float, known: Known | None, send: Connection) -> np.ndarray:
    """A forked child's job (:class:`_SelectAside`): the groups of ``day``'s texts, their fingerprints sent
    on ``send`` :data:`briefer.cached.FINGERPRINTS_SENT` at a time as they are made (then it is closed)."""
    gc.freeze()  # the parent's objects are not this child's to collect: a collection would copy their pages
    with send:

        def sink(part: list[tuple[str, Fingerprint]]) -> None:
            for chunk in cached.fingerprints_for_the_store(dict(part), cached.FINGERPRINTS_SENT):
                send.send(chunk)

        return select_prepared(day, threshold, known, sink)


def _select_places(
    articles: list[Article],
    window: tuple[datetime, datetime],
    always: set[str],
    threshold: float,
    known: dict[str, Fingerprint] | None = None,
) -> tuple[Places, list[DroppedArticle], int, dict[str, Fingerprint]]:
    """:func:`briefer.select.select_keeping`, its articles as :data:`Places`: a forked child's job, so
    that little goes back (not the day's texts again, which the parent holds already); also the
    fingerprints it made, for the store (without their words, unless a resident process keeps them
    for its next run: :func:`briefer.select.for_the_store`). A large day's (and a Dask driver's) select
    is :class:`_SelectAside`."""
    selection, made = select_keeping(articles, window, always, threshold, known)
    if not article_memo.kept():  # only stored (their signatures and shingle ids), not used again by this run
        made = {key: for_the_store(print_) for key, print_ in made.items()}
    place = {id(article): i for i, article in enumerate(articles)}
    kept: Places = [place.get(id(article), article) for article in selection.articles]
    return kept, selection.dropped, selection.merged, made


def _selection_from(articles: list[Article], kept: Places, dropped: list[DroppedArticle], merged: int) -> Selection:
    """The :class:`Selection` that :func:`_select_places` described, made of ``articles``' own objects."""
    return Selection([articles[k] if isinstance(k, int) else k for k in kept], dropped, merged)


def _record_health(reports: list[SourceReport], memory: RunMemory, run_id: int | None) -> list[SourceReport]:
    """Record each source's result in the store; a source failing run after run is flagged."""
    out = []
    for r in reports:
        streak = memory.record_source(run_id, r.name, r.status.value, r.error)
        r = dataclasses.replace(r, failing_runs=streak)
        if r.flagged:
            log.warning("source %r has failed on %d runs in a row: %s", r.name, streak, r.error)
        out.append(r)
    return out


def select_audiences(config: Config, names: Sequence[str] | None) -> list[Audience]:
    if not names:
        return list(config.audiences)
    return [config.audience(n) for n in names]


def render_all(
    briefing: Briefing,
    config: Config,
    audiences: Sequence[Audience],
    formats: Sequence[str] | None = None,
    history: dict[str, dict[str, int]] | None = None,
) -> list[Edition]:
    """Every edition, rendered in memory; raises before anything is written.

    ``history``: the store's theme volume of the days before, for the trend chart.
    """
    return [render_edition(briefing, a, config, formats or a.formats, history) for a in audiences]


def run(
    config: Config,
    day: date | None = None,
    audiences: Sequence[str] | None = None,
    formats: Sequence[str] | None = None,
    output: Path | None = None,
    progress: Progress = no_progress,
    *,
    fresh: bool = False,
    executor: Executor | None = None,
    run_id: int | None = None,
) -> tuple[Briefing, RunReport]:
    """Build the day's brief and write every edition; the CLI and scheduler call this.

    ``fresh``: ignore what the store remembers (downloads, extractions, analyses).
    ``executor``: where the per-article stages run (default: from the config).
    ``run_id``: the run recorded in the store (:func:`briefer.store.recorded_run`) that this is.
    """
    chosen = select_audiences(config, audiences)  # fail on an unknown audience before any work
    unknown = sorted(set(formats or ()) - set(FORMATS))
    if unknown:
        raise ConfigError(f"unknown format(s): {', '.join(unknown)} (choose from {', '.join(FORMATS)})")
    day = day or clock.today(config.briefing.timezone)
    out = output or config.output
    wants_pdf = any("pdf" in (formats or a.formats) for a in chosen)
    with (
        _session(config, fresh, executor, day) as (memory, workers),
        standby(workers, prepare_pdf, wants_pdf, wait=True) as aside,
    ):
        # The PDF's child is forked now, while this process is small (a fork keeps as its own every
        # page this process writes later), and imports WeasyPrint (under a second) once the day is
        # analysed, while this process finishes the brief, on the core the themes' map no longer
        # uses: not through the analysis and the map, where it held some 90 MB (docs/performance.md,
        # "Seventh pass").
        if aside is not None:
            aside.start()
        on_analysed = aside.ready if aside is not None else (lambda: None)
        briefing, report, on_cluster = _build(
            config, day, progress, memory, None, workers, on_analysed, run_id, story_memory_there=True
        )
        history = memory.theme_volume(TREND_DAYS, day)
        store = memory.store
        memory_days, sentences = config.stories.memory_days, config.summaries.theme_sentences
        if on_cluster is not None:
            # A day grouped on a Dask cluster: the story memory runs where the day is, which holds the
            # articles' analyses this process never fetched (docs/performance.md, session 58).
            briefing = on_cluster.remember(briefing, store, memory_days, history, sentences)
            del on_cluster
        else:
            # Each story's features are made once, and its articles' within a theme at a time (memory.remember):
            # no scope of every article's held through the story memory (some 160 MB at 50,000 articles).
            with _story_memory_results(memory, briefing, workers):
                briefing = remember(briefing, store, memory_days, history, sentences=sentences)
        memory.article_rows.clear()
        if not article_memo.kept():
            briefing = _as_rendered(briefing)
            _let_go_of_story_caches()
        # A Dask driver (no child of its own) has its PDFs laid out on the cluster, beside its own work on
        # briefing.json and the store (cached.pdf_on_worker; docs/performance.md, session 65).
        cluster = workers if aside is None and isinstance(workers, DaskExecutor) else None
        pdf_job = cached.pdf_maker(memory, aside.run if aside is not None else None, cluster)
        progress("render", 0, len(chosen))
        editions: list[tuple[str, Edition]] = []
        # The day's staging folder (briefer.publish), made for the first edition rendered: briefing.json
        # is written there as it is made (100 MB at 10,000 articles, not held in memory to the end of
        # the run); removed if anything fails before the editions are published.
        staging: Path | None = None
        made_output = not out.exists()
        try:
            for audience in chosen:
                wanted = list(formats or audience.formats)
                printed = printed_before(store, audience.name, briefing.date, config.stories.memory_days)
                stamp = memory_stamp(briefing, printed)
                key = cached.edition_key(briefing, report.day_key, audience, wanted, config, history, stamp)
                folder = edition_dir(out, day, audience.name)
                if cached.up_to_date(memory, key, folder):
                    log.info("%s: nothing changed since the last run, files kept", folder)
                    report.unchanged.append(folder)
                    continue
                staging = staging or stage(out, day)
                with report.timed("render"):
                    edition = render_edition(
                        briefing, audience, config, wanted, history, pdf_job, printed, spool=staging / audience.name
                    )
                    editions.append((key, edition))
            cached.let_go_of_unpacked_placements()  # render asks no placement again
            if cluster is not None and editions:
                # render's freed pages (the context, the HTML, briefing.json's pieces) given back before the
                # store's flush grows the heap again: the end of a Dask driver's run is these two steps, its
                # PDFs laid out on the cluster (docs/performance.md, session 66). The same files.
                release_memory()
            with report.timed("store"):
                memory.flush()  # what the analysis learnt, written while the PDFs are laid out
            with report.timed("render"):
                editions = _laid_out(editions, lays_out_here=aside is None and isinstance(workers, DaskExecutor))
            progress("render", len(chosen), len(chosen))
            with report.timed("write"):
                report.written = write_editions([e for _, e in editions], out, day, staging)
        except BaseException:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
                if made_output:
                    with contextlib.suppress(OSError):
                        out.rmdir()  # the output folder made for the staging one: nothing written
            raise
        with report.timed("write"):
            _tell_archive(briefing, report.written)
            update_archive(out, config.briefing.title)
        for key, edition in editions:
            cached.record_edition(memory, key, edition)
            edition.close()  # the pages of briefing.json the record's digest read
            record_printed(store, edition.audience, briefing.date, edition.printed)
        memory.record_theme_volume(briefing.date, volume_counts(briefing))
    return briefing, report


def _laid_out(editions: list[tuple[str, Edition]], lays_out_here: bool) -> list[tuple[str, Edition]]:
    """Each edition with its pending files made (its PDF laid out). ``lays_out_here``: a Dask driver, whose
    PDFs are laid out on its cluster, or in its own process should that fail (:func:`briefer.cached.pdf_maker`):
    the heap's free pages (briefing.json's, the story memory's, freed) are given back before each PDF is
    waited for, so that a layout here grows from a smaller heap: at 20,000 articles the end of the run 277.6
    -> 246.3 MB, the driver's peak (docs/performance.md, session 61, second part). The same files."""
    out = []
    for key, edition in editions:
        if lays_out_here and edition.pending:
            release_memory()
        out.append((key, edition.complete()))
    return out


def _story_memory_results(
    memory: RunMemory, briefing: Briefing, workers: Executor
) -> contextlib.AbstractContextManager[None]:
    """The story memory's per-article results read from the store and written there
    (:func:`briefer.cached.stored_results`: what the group stage made or read), but on a Dask cluster: there the
    group stage keeps none of its own (:func:`_analysed_on_cluster`), an update of the day groups it whole, and
    the driver held every article's results read and made (their JSON, to the store's flush) for the story
    memory's few seconds (docs/performance.md, session 55). The same briefs."""
    if isinstance(workers, DaskExecutor):
        return contextlib.nullcontext()
    analysed = list({id(i.analysed): i.analysed for theme in briefing.themes for i in theme.articles}.values())
    return cached.stored_results(memory, analysed, "story memory")


def _as_rendered(briefing: Briefing) -> Briefing:
    """``briefing`` as render reads it, once the story memory is done: each article without its analysis
    (render and the editions' context read an article's fields and summary, never its sentences, lemmas or
    entities) and without its text unless a theme's quotation cites it (the context reads those texts, to
    find where a quotation goes on). A Dask driver held every article's text and analysis from the themes'
    fetch to the end of the run (docs/performance.md, sessions 54 and 55); the same briefs. An article in
    two themes stays one object. Not in a resident process, whose next run hands render the same objects
    (:data:`briefer.render._ARTICLE_TEXTS`)."""
    quoted = {i for theme in briefing.themes for quote in theme.quotes for i in quote.article_ids}
    lean: dict[int, SummarizedArticle] = {}

    def as_rendered(item: SummarizedArticle) -> SummarizedArticle:
        made = lean.get(id(item))  # the briefing holds every item while this runs: an id is one item's
        if made is None:
            article = item.article
            if article.id not in quoted:
                article = dataclasses.replace(article, text="")
            made = lean[id(item)] = SummarizedArticle(AnalysedArticle(article, (), (), (), (), (), ()), item.summary)
        return made

    themes = tuple(
        dataclasses.replace(theme, articles=tuple(map(as_rendered, theme.articles))) for theme in briefing.themes
    )
    return dataclasses.replace(briefing, themes=themes)


def _let_go_of_story_caches() -> None:
    """Once the story memory is done, the stories' caches of each sentence's specifics and facts emptied
    (:data:`briefer.group.STORY_CACHES`: render asks none of them) and the heap's free pages given back:
    in a Dask driver, where the story memory fills them, some 29 MB traced of the 10,000-article day held
    to the end of the run (docs/performance.md, session 54). Not in a resident process (its next run asks
    them again)."""
    group, stories = sys.modules.get("briefer.group"), sys.modules.get("briefer.stories")
    if group is not None and stories is not None:
        group._let_go_of_story_caches(stories)
    release_memory()


def _tell_archive(briefing: Briefing, written: Sequence[Path]) -> None:
    """What each ``briefing.json`` just written says of itself (every audience's lists the same
    themes), so that the archive does not read the day's largest file back whole."""
    from briefer.archive import remember_edition

    themes = [theme.name for theme in briefing.themes]
    articles = len({item.article.id for theme in briefing.themes for item in theme.articles})
    for path in written:
        if path.name == "briefing.json":
            remember_edition(path, briefing.title, themes, articles, briefing.generated_at)
