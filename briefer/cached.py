"""The stages wrapped with the cache: each looks in the store first, runs what is missing, and
leaves what it made for the store.

The stages themselves (:mod:`briefer.extract`, :mod:`briefer.analyse`,
:mod:`briefer.summarize`, :mod:`briefer.render`) know nothing of the store;
the kinds, their versions and the libraries they depend on are declared in
:mod:`briefer.cache`. Everything kept is plain JSON (PDFs: their bytes),
read back through known constructors only (:mod:`briefer.codec`).

_LAZY: summarize, group, stories and entities are imported where they are
used, not at the top: they bring SciPy and spaCy, which a
run that finds its day in the store never needs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import logging
import mmap
import os
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefer import analyse as analyse_module
from briefer import article_memo
from briefer import store as store_module
from briefer.cache import ANALYSIS, ARTICLE, DAY, DAY_BASE, EDITION, EXTRACT, FINGERPRINT, PDF, SUMMARY, Kind
from briefer.codec import Codec, CodecError
from briefer.config import Audience, Config
from briefer.executor import (
    DEFAULT_CHUNK,
    DaskExecutor,
    Executor,
    ExecutorError,
    InProcess,
    WithinCluster,
    cluster_chunk,
    light_items,
    release_memory,
)
from briefer.extract import extract_many
from briefer.models import (
    AnalysedArticle,
    Article,
    Briefing,
    DroppedArticle,
    Placement,
    QuietStory,
    RawDocument,
    Story,
    SummarizedArticle,
    SummarySentence,
    ThemeGroup,
)
from briefer.render import Aside, Edition, lay_out_pdf, template_search_path, template_stamp
from briefer.select import Fingerprint, Selection, Shelf, fingerprint_from_json, fingerprint_json, text_key
from briefer.store import Blob, RunMemory, StoreBackend, StoreError, StoryRecord, even_parts, json_bytes
from briefer.tuning import collector_paused

log = logging.getLogger(__name__)

Progress = Callable[[int], None]

# -- extraction ----------------------------------------------------------------------


def extract_key(doc: RawDocument, max_chars: int) -> str:
    """The key of ``doc``'s extraction: the document itself and the length it is cut to (its fields as
    :func:`briefer.gather.document_to_json` writes them, read without ``dataclasses.asdict``, which
    copied each document deeply: the keys of the 1,114-article day took 0.066 s, now 0.029)."""
    value = {name: getattr(doc, name) for name in _DOCUMENT_FIELDS}
    value["published"] = doc.published.isoformat() if doc.published else None
    payload = json.dumps([max_chars, value], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_DOCUMENT_FIELDS = tuple(field.name for field in dataclasses.fields(RawDocument))


def extract_all(
    docs: Sequence[RawDocument],
    max_chars: int,
    memory: RunMemory,
    now: datetime | None = None,
    executor: Executor | None = None,
) -> list[Article | DroppedArticle]:
    """:func:`briefer.extract.extract` for every document, reusing the store's extractions; the
    rest run on ``executor``."""
    keys = [extract_key(doc, max_chars) for doc in docs]
    results: dict[int, Article | DroppedArticle] = {}
    resident = article_memo.kept()
    for i, (doc, key) in enumerate(zip(docs, keys, strict=True)):
        kept = _EXTRACTED.get(key) if resident else article_memo.MISSING
        if kept is not article_memo.MISSING:
            results[i] = kept
            continue
        cached = memory.get_json(EXTRACT, key)
        if cached is not None:
            try:
                results[i] = _result_from_json(cached)
            except (KeyError, TypeError, ValueError):
                log.warning("store: unreadable cached extraction for %s, extracting again", doc.url)
    missing = [i for i in range(len(docs)) if i not in results]
    work = functools.partial(extract_many, max_chars=max_chars, now=now)
    fresh = (executor or InProcess()).map(work, [docs[i] for i in missing], min_items=light_items(executor))
    for i, result in zip(missing, fresh, strict=True):
        results[i] = result
        memory.put_json(EXTRACT, keys[i], _result_to_json(result))
    for i, key in enumerate(keys):
        _EXTRACTED.put(key, results[i])
    return [results[i] for i in range(len(docs))]


_EXTRACTED = article_memo.Memo[Article | DroppedArticle]("extractions")
"""A resident process's extractions (:func:`briefer.article_memo.keep_between_runs`), by their key:
the next run's unchanged documents are not read back from the store and decoded again."""


def _result_to_json(result: Article | DroppedArticle) -> dict[str, Any]:
    value = dataclasses.asdict(result)
    if isinstance(result, Article):
        value["published"] = result.published.isoformat()
        return {"article": value}
    return {"dropped": value}


def _result_from_json(value: dict[str, Any]) -> Article | DroppedArticle:
    if "dropped" in value:
        return DroppedArticle(**value["dropped"])
    data = dict(value["article"])
    data["published"] = datetime.fromisoformat(data["published"])
    data["sources"], data["urls"] = tuple(data["sources"]), tuple(data["urls"])
    return Article(**data)


# -- fingerprints (select) ---------------------------------------------------------------


def stored_fingerprints(memory: RunMemory, articles: Sequence[Article]) -> dict[str, Fingerprint]:
    """The fingerprints the store has for the articles' texts (by ``select.text_key``): select makes
    only the others, which an intraday update's new articles are."""
    found: dict[str, Fingerprint] = {}
    resident = article_memo.kept()
    for text in {a.text: None for a in articles}:
        key = text_key(text)
        kept = _FINGERPRINTS.get(key) if resident else article_memo.MISSING
        if kept is not article_memo.MISSING:
            found[key] = kept
            continue
        stored = stored_fingerprint(memory, key, text)
        if stored is None:
            continue
        found[key] = stored
        if resident:
            _FINGERPRINTS.put(key, _read_only(found[key]))
    return found


def stored_fingerprint(memory: RunMemory, key: str, text: str) -> Fingerprint | None:
    """The fingerprint the store has for ``text`` (its ``select.text_key`` ``key``), or None: what a Dask
    driver's select reads a block at a time (``select.select``'s ``known`` as a function), rather than
    every article's at once (:func:`stored_fingerprints`, with their words: some 5 KB an article)."""
    stored = memory.get_json(FINGERPRINT, key)
    if stored is None:
        return None
    try:
        return fingerprint_from_json(stored, text)
    except ValueError:
        log.warning("store: unreadable fingerprint, made again")
        return None


def fingerprints_made(memory: RunMemory, made: list[tuple[str, Fingerprint]]) -> None:
    """Fingerprints a Dask driver's select made (a block of them, ``select.select``'s ``sink``), into
    the store now."""
    keep_fingerprints(memory, dict(made))


_FINGERPRINTS = article_memo.Memo[Fingerprint]("fingerprints")
"""A resident process's fingerprints (:func:`briefer.article_memo.keep_between_runs`), by text key (a
pure function of the text and of select's settings, which the key holds): the next run's known texts
are not read back from the store, decoded and split into words again. Their arrays are read-only."""


def _read_only(print_: Fingerprint) -> Fingerprint:
    """``print_`` with its arrays made read-only: one kept between runs is never changed in place."""
    print_.signature.flags.writeable = False
    print_.shingle_ids.flags.writeable = False
    return print_


FINGERPRINTS_WRITTEN = 2000
"""Fingerprints encoded and written to the store in one transaction (a day of 50,000 new texts is
not encoded whole before it is written)."""


def keep_fingerprints(memory: RunMemory, made: Mapping[str, Fingerprint]) -> None:
    """The fingerprints select made, into the store now, a few thousand at a time."""
    keys = list(made)
    if article_memo.kept():
        for key in keys:
            _FINGERPRINTS.put(key, _read_only(made[key]))
    for chunk in fingerprints_for_the_store(made):
        memory.put_json_many(FINGERPRINT, chunk)


FINGERPRINTS_SENT = 100
"""Fingerprints a forked select sends in one message on its pipe (:func:`keep_fingerprints_sent`), some
0.5 MB pickled. A message of :data:`FINGERPRINTS_WRITTEN` (some 10 MB, its JSON as much again) was read
whole into the receiving process's heap, then unpickled and encoded for the store beside it: a Dask
driver's heap grew by some 37 MB of such free space while select's child ran, and its pages were new,
not shared with the child (docs/performance.md, session 56). The store writes each message in one
transaction, as it comes."""


def fingerprints_for_the_store(
    made: Mapping[str, Fingerprint], at_once: int = FINGERPRINTS_WRITTEN
) -> Iterator[list[tuple[str, Any]]]:
    """``made`` as the store keeps it (:func:`briefer.select.fingerprint_json`), ``at_once`` at a time:
    what :func:`keep_fingerprints` writes, and what a forked select sends back as it goes
    (:func:`keep_fingerprints_sent`, :data:`FINGERPRINTS_SENT` at a time)."""
    keys = list(made)
    for start in range(0, len(keys), at_once):
        yield [(key, fingerprint_json(made[key])) for key in keys[start : start + at_once]]


def keep_fingerprints_sent(memory: RunMemory, receive: Any) -> None:
    """The fingerprints a forked select sends on the pipe ``receive`` (parts of
    :func:`fingerprints_for_the_store`) into the store, a part at a time as they come, until the child
    closes its end: neither process holds them all as one message (at 50,000 articles, 320 MB pickled in
    the child and received here, the driver's tree at 1.5 GB for a moment: docs/performance.md); a
    blockwise select sends them a block at a time as it makes them."""
    while True:
        try:
            chunk = receive.recv()
        except EOFError:  # all sent (or the child failed: its error comes with its result)
            return
        memory.put_json_many(FINGERPRINT, chunk)
        del chunk


# -- analysis and summaries ------------------------------------------------------------


def analyse_and_summarize(articles: list[Article], algorithm: str, count: int) -> list[SummarizedArticle]:
    """The per-article work, in one pass over a chunk: sentences, lemmas, entities, then the summary."""
    from briefer.summarize import summarize_articles

    return summarize_articles(analyse_module.analyse(articles), algorithm, count)


Detached = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], ...], tuple[tuple[str, str], ...]]
"""An analysis without its article, and without the lemmas derived from its sentences' (see
:func:`briefer.analyse.analysed`): sentences, the headline's lemmas, each sentence's lemmas, entities."""


def analyse_detached(
    articles: list[Article], algorithm: str, count: int
) -> list[tuple[Detached, tuple[SummarySentence, ...]]]:
    """:func:`analyse_and_summarize` for a worker: what goes back is each analysis without the article
    it was given (this process has it) and the summary. The article came back as a copy, which the
    day then held twice (and its memo stored twice: 14,727 articles for 9,835 at 10,000)."""
    return [
        ((a.sentences, a.title_lemmas, a.sentence_lemmas, a.entities), item.summary)
        for item in analyse_and_summarize(articles, algorithm, count)
        for a in (item.analysed,)
    ]


def _attached(article: Article, detached: tuple[Detached, tuple[SummarySentence, ...]]) -> SummarizedArticle:
    (sentences, title_lemmas, sentence_lemmas, entities), summary = detached
    return SummarizedArticle(
        analysed=analyse_module.analysed(article, sentences, title_lemmas, sentence_lemmas, entities),
        summary=summary,
    )


def summaries_only(items: list[AnalysedArticle], algorithm: str, count: int) -> list[tuple[SummarySentence, ...]]:
    """Each analysed article's summary (a worker's job: the analyses stay here)."""
    from briefer.summarize import summarize_articles

    return [item.summary for item in summarize_articles(items, algorithm, count)]


def preload() -> None:
    """Load what the per-article stages use, in this process (forked workers then inherit it)."""
    from briefer import summarize

    analyse_module.load_nlp()
    analyse_module.lemma("preloaded")  # the lemmatizer's tables
    summarize.sentence_words("Preloaded words")  # sumy's stop words, the Snowball stemmer


def _store_keys(articles: Sequence[Article], config: Config, shelf: Shelf | None = None) -> tuple[list[str], list[str]]:
    """Each article's key of its analysis in the store, and of its summary with the config's settings
    (``shelf``: where the articles' texts are, read back one at a time)."""
    algorithm, count = config.summaries.algorithm, config.summaries.article_sentences
    keys = [_text_digest(shelf.texted(a) if shelf is not None else a) for a in articles]
    return keys, [SUMMARY.key(ANALYSIS.key(k), algorithm, str(count)) for k in keys]


def _from_store(
    articles: Sequence[Article],
    keys: Sequence[str],
    summary_keys: Sequence[str],
    memory: RunMemory,
    memo: bool,
    sent: Callable[[Article], Article] | None = None,
) -> tuple[dict[int, AnalysedArticle], dict[int, SummarizedArticle]]:
    """What the store has of each article (by its index): its analysis, and its summary made with the same
    settings when it has one. With ``memo``, a resident process's own, made for this very article, first.
    ``sent``: an analysis found is made of ``sent(article)`` (:func:`as_sent`: its text read back from where
    it is, its strings copies, for the cluster), not of the article itself."""
    analysed: dict[int, AnalysedArticle] = {}
    found: dict[int, SummarizedArticle] = {}
    for i, (article, key) in enumerate(zip(articles, keys, strict=True)):
        kept = _SUMMARIZED.get(summary_keys[i]) if memo else article_memo.MISSING
        if kept is not article_memo.MISSING and kept.analysed.article is article:
            analysed[i], found[i] = kept.analysed, kept
            continue
        item = _cached_analysis(memory, key, article, sent)
        if item is None:
            continue
        analysed[i] = item
        summary = _cached_summary(memory, summary_keys[i])
        if summary is not None:
            found[i] = SummarizedArticle(analysed=item, summary=summary)
    return analysed, found


def _resummarized(
    memory: RunMemory,
    executor: Executor,
    config: Config,
    analysed: Mapping[int, AnalysedArticle],
    indexes: Sequence[int],
    summary_keys: Sequence[str],
    found: dict[int, SummarizedArticle],
) -> None:
    """The articles at ``indexes``, analysed before but summarized with other settings: summarized again on
    the executor (the summaries, small, come back), into ``found``, and into the store while the PDFs are
    laid out."""
    again = functools.partial(
        summaries_only, algorithm=config.summaries.algorithm, count=config.summaries.article_sentences
    )
    for i, summary in zip(indexes, executor.map(again, [analysed[i] for i in indexes]), strict=True):
        found[i] = SummarizedArticle(analysed=analysed[i], summary=summary)
    summaries = [(summary_keys[i], [_fields(s) for s in found[i].summary]) for i in indexes]
    memory.later(lambda: memory.put_json_many(SUMMARY, summaries))


def _keep_batch(memory: RunMemory, batch: list[tuple[str, str, SummarizedArticle]], last: bool, stored: int) -> None:
    """A batch of new analyses and summaries into the store: now, so that a run killed later resumes from
    here (``stored``: the run's new articles stored so far, for the tests that kill it), or, the ``last``,
    while the PDFs are laid out."""
    write = functools.partial(_store_batch, memory, batch)
    if last:
        memory.later(write)
    else:
        write()
        _pause_for_tests(stored)


def _keep_encoded_batch(
    memory: RunMemory, chunks: Iterable[list[tuple[str, str, tuple[Blob, Blob]]]], last: bool, stored: int
) -> None:
    """:func:`_keep_batch` of a batch encoded where it was made (:func:`stored_chunk`), written a chunk at a
    time as ``chunks`` gives them (each fetched from the cluster as it is asked for: gathered whole, the
    10,000-article day's batch of 2,000 was some 25 MB of the driver for a moment over the analysis's level,
    docs/performance.md, sessions 67 and 68); the ``last`` one written now too: this process then waits for the
    day to be grouped on the cluster anyway, and kept for later its bytes were held to the end of the run
    (22.6 MB traced at 10,000 articles, docs/performance.md, session 57)."""
    for chunk in chunks:
        _store_encoded_batch(memory, chunk)
        del chunk
    if not last:
        _pause_for_tests(stored)


def summarized(
    articles: list[Article], config: Config, memory: RunMemory, executor: Executor, progress: Progress
) -> tuple[list[SummarizedArticle], int]:
    """Each article analysed and summarized, reusing what the store has for the same headline and
    text; also how many analyses were reused.

    Both are cached per article (``analysis``, ``summary``): a day with a few new
    articles analyses and summarizes only those. What is missing runs on the
    executor, analysis and summary in one pass per chunk.
    """
    algorithm, count = config.summaries.algorithm, config.summaries.article_sentences
    keys, summary_keys = _store_keys(articles, config)
    analysed, found = _from_store(articles, keys, summary_keys, memory, article_memo.kept())
    fresh = [i for i in range(len(articles)) if i not in analysed]
    resummarize = [i for i in analysed if i not in found]
    if fresh and executor.preloads_models(len(fresh)):
        preload()  # before the fork: the workers inherit spaCy's pipeline instead of loading it
    step = functools.partial(analyse_detached, algorithm=algorithm, count=count)
    reused = len(articles) - len(fresh)
    batches = analysis_batches(fresh)
    done = reused
    for number, batch in enumerate(batches):
        items = [articles[i] for i in batch]
        analysed_now = executor.map(step, items, on_progress=functools.partial(_progress_from, progress, done))
        for i, result in zip(batch, analysed_now, strict=True):
            found[i] = _attached(articles[i], result)
        done += len(batch)
        stored = [(keys[i], summary_keys[i], found[i]) for i in batch]
        _keep_batch(memory, stored, number == len(batches) - 1, done - reused)
    if resummarize:
        _resummarized(memory, executor, config, analysed, resummarize, summary_keys, found)
    for i, made in found.items():
        _SUMMARIZED.put(summary_keys[i], made)
    return [found[i] for i in range(len(articles))], reused


# -- the day on a Dask cluster (issue 15) ------------------------------------------------


def summarized_on_cluster(
    articles: list[Article],
    config: Config,
    memory: RunMemory,
    executor: DaskExecutor,
    progress: Progress,
    shelf: Shelf | None = None,
) -> tuple[list[Any], int]:
    """:func:`summarized` on a Dask cluster that keeps the results: the day's analysed and summarized
    articles as futures, each a chunk (a list of :class:`SummarizedArticle`), in the articles' order; also
    how many analyses were reused. This process never holds the analysed day: each batch of new analyses
    comes back as the store's bytes (:func:`stored_chunk`), is written to the store, and is let go;
    what the store had is sent to the cluster (``scatter``). For :func:`grouped_on_cluster`. ``shelf``: where
    the articles' texts are (select's file, :class:`briefer.select.Shelf`), read back one at a time as each
    article is keyed and sent: the articles here hold none."""
    client = executor.client
    algorithm, count = config.summaries.algorithm, config.summaries.article_sentences
    keys, summary_keys = _store_keys(articles, config, shelf)
    # What the store has is sent to the cluster (scatter) made of copies of its articles' strings (as_sent), not
    # of the articles themselves: else each text that is not ASCII kept its UTF-8 form here once pickled.
    sent = functools.partial(as_sent, shelf=shelf)
    analysed, known = _from_store(articles, keys, summary_keys, memory, False, sent)
    unsummarized = [i for i in analysed if i not in known]
    if unsummarized:  # analysed before, summarized with other settings: the summaries (small) come back
        _resummarized(memory, executor, config, analysed, unsummarized, summary_keys, known)
    del analysed
    fresh = [i for i in range(len(articles)) if i not in known]
    reused = len(articles) - len(fresh)
    batches = analysis_batches(fresh)
    batch_of = {i: number for number, batch in enumerate(batches) for i in batch}
    size = cluster_chunk(client, len(fresh)) if fresh else DEFAULT_CHUNK
    # The chunks in the articles' order, each of one kind: runs of stored articles, runs of one batch's new ones.
    runs: list[tuple[int | None, list[int]]] = []
    for i in range(len(articles)):
        kind = batch_of.get(i)
        if not runs or runs[-1][0] != kind or len(runs[-1][1]) >= size:
            runs.append((kind, []))
        runs[-1][1].append(i)
    step = functools.partial(analyse_and_summarize, algorithm=algorithm, count=count)
    stored_runs = [run for kind, run in runs if kind is None]
    scattered = iter(
        client.scatter([[known[i] for i in run] for run in stored_runs], hash=False) if stored_runs else []
    )
    del known
    parts: list[Any] = []
    of_batch: list[list[tuple[int, list[int]]]] = [[] for _ in batches]  # each batch's runs: where in parts
    for kind, run in runs:
        if kind is not None:
            of_batch[kind].append((len(parts), run))
        parts.append(next(scattered) if kind is None else None)

    def submit(number: int) -> None:  # a batch's chunks, each with its articles (as sent), sent to the cluster
        for at, run in of_batch[number]:
            parts[at] = client.submit(step, [as_sent(articles[i], shelf) for i in run], pure=False)

    # Batches are submitted BATCHES_AHEAD ahead of the one gathered: the workers always have the next
    # one, and this process never pickles the day's articles at once (at 50,000 articles it grew by
    # 224 MB in the 2.5 seconds it submitted every chunk, and kept it to the end of the run).
    for number in range(min(BATCHES_AHEAD, len(batches))):
        submit(number)
    done = reused
    progress(done)
    for number, made in enumerate(of_batch):
        encoded = client.map(stored_chunk, [parts[at] for at, _ in made], pure=False)

        def arrived(runs: list[tuple[int, list[int]]], futures: list[Any]) -> Iterator[list[Any]]:
            # Each chunk fetched as it is stored, its future let go of: a chunk's bytes in flight, not a batch's.
            for k, (_, run) in enumerate(runs):
                results = futures[k].result()
                futures[k] = None
                yield [(keys[i], summary_keys[i], result) for i, result in zip(run, results, strict=True)]
                del results

        done += sum(len(run) for _, run in made)
        _keep_encoded_batch(memory, arrived(made, encoded), number == len(batches) - 1, done - reused)
        del encoded
        if number + BATCHES_AHEAD < len(batches):
            submit(number + BATCHES_AHEAD)
        progress(done)
        # The batch's bytes were unpickled on the client's thread, in its own malloc arena, whose freed pages stay
        # resident until trimmed: some 25 MB from the first batch of 2,000 to the end of the run (session 67).
        release_memory()
    return parts, reused


def as_sent(article: Article, shelf: Shelf | None = None) -> Article:
    """``article`` as a Dask driver sends it to the cluster to be analysed: an equal article whose strings that
    are not ASCII are copies of its own (the others its own). Pickling a string that is not ASCII keeps its
    UTF-8 form in that string for as long as it lives (CPython caches it there, as for any string asked for its
    UTF-8): each text the driver sent stayed with it a second time, encoded, held with the day's articles
    through the analysis and the group stage (at 50,000 articles 0.89 MB per 1,000 articles through the
    analysis; the 10,000-article day's non-ASCII texts are 0.85 MB of UTF-8 per 1,000: docs/performance.md,
    session 67). A copy's UTF-8 goes with the copy once the chunk is sent. ``shelf``: where the article's text
    is (:class:`briefer.select.Shelf`), read back for the copy (a new string too)."""
    changed: dict[str, Any] = {
        field.name: _copied(value)
        for field in dataclasses.fields(article)
        if isinstance(value := getattr(article, field.name), str) and not value.isascii()
    }
    if shelf is not None and article.id in shelf:
        changed["text"] = shelf.text(article)
    return dataclasses.replace(article, **changed) if changed else article


def _copied(text: str) -> str:
    """An equal string, another object (lone surrogates, which an article's text may hold, kept)."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")


BATCHES_AHEAD = 2
"""Batches of new analyses submitted to a Dask cluster before the first is gathered, and kept ahead of the
one gathered (:func:`summarized_on_cluster`): the one gathered and the next, its chunks queued on the workers."""


def stored_chunk(items: list[SummarizedArticle]) -> list[tuple[Blob, Blob]]:
    """A chunk of analyses and summaries as the store keeps them (:func:`_store_batch`'s JSON, encoded
    on the worker that made them): what a batch sends back to the process that runs briefer, which writes
    them as they are. Sent back as analyses (sentences, lemmas, entities, summary), each batch was
    unpickled there (each sentence, lemma list and entity an object), made an analysed article of that
    process (its lemmas packed into its vocabulary, :mod:`briefer.packed`, which only grows), then
    encoded: the driver grew through the analysis by what it kept of each (docs/performance.md, session 57)."""
    return [_encoded(item) for item in items]


def _encoded(item: SummarizedArticle) -> tuple[Blob, Blob]:
    """An analysis and its summary as :func:`_store_batch` writes them, byte for byte."""
    return json_bytes(_fields(item.analysed, but=_DERIVED)), json_bytes([_fields(s) for s in item.summary])


Profiles = dict[str, tuple[int, dict[str, float]]]


def day_groups(parts: list[list[SummarizedArticle]], config: Config, earlier: Mapping[str, Any] | None) -> GroupedDay:
    """The group stage of a day whose analyses are on a Dask cluster, run as a task on one of its workers
    (:func:`grouped_on_cluster`), its result kept there: the themes without their lemmas
    (:func:`without_lemmas`), as a :class:`GroupedDay`. Each theme's summary, key actors and stories are
    other tasks (:class:`WithinCluster`)."""
    from briefer.group import group_themes  # see _LAZY

    items = [item for part in parts for item in part]
    del parts
    profiles: list[Profiles] = []
    themes = group_themes([item.analysed for item in items], items, config, WithinCluster(), earlier, profiles.append)
    del items
    day = GroupedDay([], [], profiles[0] if profiles else None)
    place: dict[int, int] = {}
    for theme in without_lemmas(themes):
        for item in theme.articles:
            if id(item) not in place:  # an article in two themes is one item
                place[id(item)] = len(day.items)
                day.items.append(item)
        day.outline.append((dataclasses.replace(theme, articles=()), tuple(place[id(item)] for item in theme.articles)))
    return day


@dataclasses.dataclass
class GroupedDay:
    """The themes of a day grouped on a worker (:func:`day_groups`), as they are fetched: each distinct
    article of the themes once (``items``), each theme without its articles and with their places in
    ``items`` (``outline``), and the day's theme profiles."""

    items: list[SummarizedArticle]
    outline: list[tuple[ThemeGroup, tuple[int, ...]]]
    profiles: Profiles | None


def day_head(day: GroupedDay) -> tuple[int, int, Profiles | None]:
    """How many items and themes ``day`` has, and its profiles: its outline without the themes, which are
    fetched one at a time (:func:`day_theme`)."""
    return len(day.items), len(day.outline), day.profiles


def day_theme(day: GroupedDay, index: int, packed: int = 0) -> tuple[ThemeGroup, tuple[int, ...]]:
    """``day``'s theme ``index`` without its articles, and their places in its items; ``packed``: its
    placements as :class:`PackedPlacements` of ``packed`` placements a part."""
    theme, places = day.outline[index]
    if packed:
        theme = dataclasses.replace(
            theme,
            placements=_as_dict(PackedPlacements(theme.placements, packed, [day.items[k].article.id for k in places])),
        )
    return theme, places


PLACEMENTS_PACKED = 500
"""Placements pickled and compressed together in a :class:`PackedPlacements` (a few hundred KB of pickle)."""


class PackedPlacements(Mapping[str, Placement]):
    """A theme's placements (``ThemeGroup.placements``: why each article is in it) as the process that runs
    briefer on a Dask cluster holds them: pickled and compressed (zlib) ``size`` at a time, in the theme's
    order, where they were made; a part is unpacked when one of its placements is asked for, and the last
    one kept (briefing.json asks for them in the theme's order), but :data:`PLACEMENT_PARTS_OPEN` parts at
    most over every theme (:func:`_opened`). Held as objects they were the largest
    part of the themes fetched from the cluster: 48 MB of 77 at 10,000 articles, some 245 MB at 50,000;
    packed, a tenth of that. Equal to the dict it was made of, and in its order; ``order``: the keys in
    the order they will be asked for (the theme's articles), which the parts follow."""

    def __init__(
        self, placements: Mapping[str, Placement], size: int = PLACEMENTS_PACKED, order: Sequence[str] = ()
    ) -> None:
        import pickle
        import zlib

        packed = list(dict.fromkeys([key for key in order if key in placements] + list(placements)))
        place = {key: n for n, key in enumerate(packed)}
        self._size = size
        self._where = {key: place[key] for key in placements}
        self._parts = [
            zlib.compress(pickle.dumps([placements[k] for k in packed[i : i + size]], protocol=5), 1)
            for i in range(0, len(packed), size)
        ]
        self._open: tuple[int, list[Placement]] = (-1, [])

    @classmethod
    def from_pickled(cls, pickled: Mapping[str, bytes], size: int = PLACEMENTS_PACKED) -> PackedPlacements:
        """The same, made of each placement pickled alone (in the mapping's order): ``size`` of them unpickled at
        a time, never all (the forked child that places a large day, :func:`briefer.group._placed_packed`)."""
        import pickle
        import zlib

        keys = list(pickled)
        out = cls({})
        out._size = size
        out._where = {key: n for n, key in enumerate(keys)}
        out._parts = [
            zlib.compress(pickle.dumps([pickle.loads(pickled[k]) for k in keys[i : i + size]], protocol=5), 1)
            for i in range(0, len(keys), size)
        ]
        return out

    def __getitem__(self, key: str) -> Placement:
        import pickle
        import zlib

        part, at = divmod(self._where[key], self._size)
        opened = self._open  # read once: another thread's _opened may let it go meanwhile
        if opened[0] != part:
            self._open = (-1, [])  # its last part let go of before the next is unpacked, not both held
            opened = self._open = (part, pickle.loads(zlib.decompress(self._parts[part])))
            _opened(self)
        return opened[1][at]

    def let_go(self) -> None:
        """Its unpacked part let go of (unpacked again when asked)."""
        self._open = (-1, [])

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, key: object) -> bool:
        return key in self._where

    def __repr__(self) -> str:
        return repr(dict(self))

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_open": (-1, [])}  # the part unpacked last stays here


PLACEMENT_PARTS_OPEN = 2
"""Parts of placements held unpacked at once over every theme's :class:`PackedPlacements`. Each theme kept
the part it unpacked last to the end of the run: once briefing.json was written, every theme's last part, up
to 2,500 placements at 10,000 articles (12 MB traced at 2,000, where that is every placement), from its
writing through the store's flush, the end of a Dask driver's run (docs/performance.md, session 66). Every
reader asks a theme's placements in its order, one theme at a time (briefing.json, the memo's encoding, an
update's merge): two parts let one theme be read beside another without unpacking a part again each time."""

_OPEN_PARTS: list[weakref.ref[PackedPlacements]] = []
"""The :class:`PackedPlacements` that hold an unpacked part, the one unpacked last at the end."""


def _opened(packed: PackedPlacements) -> None:
    """``packed`` just unpacked a part: the one that unpacked a part longest ago lets it go, past
    :data:`PLACEMENT_PARTS_OPEN`."""
    held = [ref for ref in _OPEN_PARTS if ref() is not None and ref() is not packed]
    held.append(weakref.ref(packed))
    while len(held) > PLACEMENT_PARTS_OPEN:
        oldest = held.pop(0)()
        if oldest is not None:
            oldest.let_go()
    _OPEN_PARTS[:] = held


def let_go_of_unpacked_placements() -> None:
    """Every :class:`PackedPlacements`' unpacked part let go of (render done: none is asked for again)."""
    for ref in _OPEN_PARTS:
        packed = ref()
        if packed is not None:
            packed.let_go()
    _OPEN_PARTS.clear()


def _as_dict(placements: PackedPlacements) -> dict[str, Placement]:
    """``placements`` where a theme's dict of them goes (``ThemeGroup.placements``: read with ``get``, ``in``,
    ``values``, as any mapping)."""
    return placements  # type: ignore[return-value]


ItemParts = tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], Any, Any, Any]
"""A lean analysed and summarized article without its article (which the driver has): the article's id,
the analysis' fields after it (sentences, four lemma fields, entities), the summary."""


def day_items(day: GroupedDay, start: int, stop: int) -> list[ItemParts]:
    """``day``'s items from ``start`` to ``stop``, each without its article."""
    return [
        (a.article.id, a.sentences, a.title_lemmas, a.lead_lemmas, a.body_lemmas, a.sentence_lemmas, a.entities, s)
        for item in day.items[start:stop]
        for a, s in ((item.analysed, item.summary),)
    ]


def day_summaries(day: GroupedDay, start: int, stop: int) -> list[tuple[str, tuple[SummarySentence, ...]]]:
    """``day``'s items from ``start`` to ``stop`` as render reads them: each article's id and summary, not
    its analysis (the story memory reads that where the day is: :class:`DayOnCluster`)."""
    return [(item.article.id, item.summary) for item in day.items[start:stop]]


def day_ids(day: GroupedDay, unquoted: bool = False) -> set[str]:
    """The ids of ``day``'s articles (those in a theme); ``unquoted``: but those a theme's quotation cites."""
    quoted = {i for theme, _ in day.outline for quote in theme.quotes for i in quote.article_ids} if unquoted else ()
    return {item.article.id for item in day.items if item.article.id not in quoted}


def let_go_of_texts(articles: list[Article], ids: set[str]) -> None:
    """``articles`` (in place) with the text of each of ``ids`` let go (``""``): a Dask driver whose day is
    grouped on the cluster and kept there for the story memory (:func:`grouped_on_cluster`) reads no
    article's text after the analysis but a text a theme's quotation cites (render's context finds where
    the quotation goes on) and an article in no theme's (the day's memo is encoded on the worker, of its
    own articles, but for those); every other text was held from extract to render (30.1 MB at 10,000
    articles by a probe, under the themes' fetch and the story memory: docs/performance.md, session 59).
    What ``pipeline._as_rendered`` made of the articles before render, made before the fetch: the same briefs."""
    for k, article in enumerate(articles):
        if article.id in ids and article.text:
            articles[k] = dataclasses.replace(article, text="")


def texts_back(articles: list[Article], shelf: Shelf, but: set[str]) -> None:
    """``articles`` (in place, without their texts) each given its text back from ``shelf`` but those of
    ``but``: what :func:`let_go_of_texts` leaves of them had they held their texts."""
    for k, article in enumerate(articles):
        if article.id not in but and article.id in shelf:
            articles[k] = shelf.texted(article)


ITEMS_FETCHED = 1000
"""Items of the grouped day fetched from its worker at a time (:func:`grouped_on_cluster`): the themes came
back in one piece, and unpickling the 10,000-article day's took some 290 MB for a moment (docs/dask.md)."""


def grouped_on_cluster(
    executor: DaskExecutor,
    parts: list[Any],
    selection: Selection,
    config: Config,
    earlier: Mapping[str, Any] | None,
    story_memory_there: bool = False,
    shelf: Shelf | None = None,
) -> tuple[list[ThemeGroup], Profiles | None, MemoOnCluster]:
    """:func:`day_groups` of the day's analyses (``parts``, from :func:`summarized_on_cluster`) on a
    worker, and the themes it made without their lemmas, fetched from there a part at a time: the themes
    one at a time without their articles (:func:`day_theme`), then :data:`ITEMS_FETCHED` articles'
    analyses and summaries at a time, each made of this process's own article (the selection's; the
    day's memo shares each article between the selection and the themes). Also the day's memo of
    ``selection`` and the themes, encoded there (:func:`day_memo`) while this process finishes the
    brief, for :func:`save_day` to fetch and write a part at a time.

    ``story_memory_there``: the story memory is to run where the day is (:class:`DayOnCluster`, in the
    memo's ``day``): each article is fetched with its summary only, as render reads it, not its analysis
    (sentences and entities), which nothing else of this process reads; the day is kept on its worker.
    ``shelf`` (with ``story_memory_there``): where the selection's texts are, its articles holding none: those
    the brief reads (a theme's quotation cites them; in no theme) are given theirs back before the themes come,
    the articles then as :func:`let_go_of_texts` leaves them."""
    assert shelf is None or story_memory_there
    articles = selection.articles
    from distributed import wait

    client = executor.client
    day = client.submit(day_groups, parts, config, earlier, pure=False)
    wait(day)
    where = list(client.who_has(day).get(day.key, ()))  # the fetches run where the day is (none if it failed)
    pin: dict[str, Any] = {"workers": where, "allow_other_workers": False} if where else {}
    count, how_many, profiles = client.submit(day_head, day, pure=False, **pin).result()
    if story_memory_there:  # the texts let go of before the themes come, not under them
        unquoted = client.submit(day_ids, day, True, pure=False, **pin).result()
        if shelf is not None:
            texts_back(articles, shelf, unquoted)
        else:
            let_go_of_texts(articles, unquoted)
        del unquoted
        release_memory()
    one = _One({a.id: a.id for a in articles})
    # A theme at a time, each made of this process's values as it comes and its fetched copy let go of
    # before the next: the whole outline fetched at once was held twice, as it came and as made here.
    outline: list[tuple[ThemeGroup, tuple[int, ...]]] = []
    for index in range(how_many):
        theme, places = client.submit(day_theme, day, index, PLACEMENTS_PACKED, pure=False, **pin).result()
        outline.append((one.theme(theme), places))
        del theme
    mine = {a.id: a for a in articles}
    items: list[SummarizedArticle] = []
    for start in range(0, count, ITEMS_FETCHED):
        if story_memory_there:
            summaries = client.submit(day_summaries, day, start, start + ITEMS_FETCHED, pure=False, **pin).result()
            items.extend(
                SummarizedArticle(AnalysedArticle(mine[i], (), (), (), (), (), ()), one.summary(summary))
                for i, summary in summaries
            )
            del summaries
            continue
        fetched = client.submit(day_items, day, start, start + ITEMS_FETCHED, pure=False, **pin).result()
        items.extend(
            SummarizedArticle(
                AnalysedArticle(mine[i], sentences, title, lead, body, lemmas, one.entities(entities)),
                one.summary(summary),
            )
            for i, sentences, title, lead, body, lemmas, entities, summary in fetched
        )
        del fetched
    grouped = {item.article.id for item in items}
    others = [a for a in articles if a.id not in grouped]  # in no theme: not on that worker (none, as a rule)
    ids = [a.id for a in articles]
    # In the parts the store writes (this process's PART_BYTES, not the worker's), each fetched alone.
    memo = client.submit(
        day_memo, day, ids, others, selection.dropped, selection.merged, store_module.PART_BYTES, pure=False, **pin
    )
    del ids
    kept = DayOnCluster(client, day, pin, one) if story_memory_there else None
    del day, one  # let go on the worker once its memo is made (and the story memory, when kept)
    themes = _themes_of(outline, items)
    release_memory()
    return themes, profiles, MemoOnCluster(client, memo, pin, kept)


class _One:
    """Equal values fetched from the cluster made one object in this process (:func:`grouped_on_cluster`):
    each fetch unpickles its own copy of every string, and the themes' outline its own copy of every
    sentence its stories share with their articles' summaries. At 10,000 articles, 5.2 named entities an
    article (18,164 distinct of 50,908), 3 summary sentences an article, each with its ``why`` (3,832
    distinct of 29,504), 10,338 of the stories' 15,233 sentences equal to an article's, the article ids
    of the summaries, stories, scores and placements (docs/performance.md, session 54). The values
    are equal, frozen and read, never compared by identity: the briefs are the same."""

    def __init__(self, ids: dict[str, str]) -> None:
        self.ids = ids  # the article ids of this process's articles, each its own object
        self.strings: dict[str, str] = {}
        self.pairs: dict[tuple[str, str], tuple[str, str]] = {}
        self.sentences: dict[SummarySentence, SummarySentence] = {}

    def id(self, value: str) -> str:
        return self.ids.get(value, value)

    def string(self, value: str) -> str:
        return self.strings.setdefault(value, value)

    def entities(self, entities: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        pairs = self.pairs
        out = []
        for pair in entities:
            known = pairs.get(pair)
            if known is None:
                known = pairs[pair] = (self.string(pair[0]), self.string(pair[1]))
            out.append(known)
        return tuple(out)

    def sentence(self, sentence: SummarySentence) -> SummarySentence:
        known = self.sentences.get(sentence)
        if known is None:
            known = dataclasses.replace(
                sentence, article_ids=tuple(map(self.id, sentence.article_ids)), why=self.string(sentence.why)
            )
            self.sentences[known] = known
        return known

    def summary(self, summary: tuple[SummarySentence, ...]) -> tuple[SummarySentence, ...]:
        return tuple(map(self.sentence, summary))

    def story(self, story: Story) -> Story:
        """``story`` (as the story memory made it on a worker: :class:`DayOnCluster`) of this process's values."""
        return dataclasses.replace(
            story,
            title=self.string(story.title),
            summary=self.summary(story.summary),
            article_ids=tuple(map(self.id, story.article_ids)),
        )

    def theme(self, theme: ThemeGroup) -> ThemeGroup:
        placements: Any = theme.placements
        if isinstance(placements, PackedPlacements):
            placements._where = {self.id(key): at for key, at in placements._where.items()}
        else:
            placements = {self.id(key): value for key, value in placements.items()}
        return dataclasses.replace(
            theme,
            summary=self.summary(theme.summary),
            scores={self.id(key): value for key, value in theme.scores.items()},
            stories=tuple(
                dataclasses.replace(
                    story, summary=self.summary(story.summary), article_ids=tuple(map(self.id, story.article_ids))
                )
                for story in theme.stories
            ),
            placements=placements,
        )


def _themes_of(
    outline: Sequence[tuple[ThemeGroup, tuple[int, ...]]], items: Sequence[SummarizedArticle]
) -> list[ThemeGroup]:
    """The themes of an outline (:class:`GroupedDay`), each with its articles: those at its places in ``items``."""
    return [dataclasses.replace(theme, articles=tuple(items[k] for k in places)) for theme, places in outline]


def day_memo(
    day: GroupedDay,
    order: list[str],
    others: list[Article],
    dropped: list[DroppedArticle],
    merged: int,
    size: int = 4 << 20,
) -> list[bytearray]:
    """The day's memo (:func:`save_day`) encoded where the day was grouped, in the parts the store keeps
    (:meth:`briefer.codec.Codec.encode_json_parts`, then :func:`briefer.store.even_parts`: ``size`` bytes
    each but the last, the store's rows, each fetched alone: in parts of 4 MB the fetch and SQLite's
    copies of a part were the driver's highest at the end of the run, docs/performance.md, session 66):
    the selection (its articles' ids in ``order``, each
    the worker's own article, ``others`` those in no theme) and the themes, the same value the process
    that runs briefer holds, so the same JSON. Encoding holds every article's and placement's JSON text
    at once (some 400 MB at 50,000 articles): on the cluster, that is never the driver's peak."""
    themes = _themes_of(day.outline, day.items)
    own = {a.id: a for a in others}
    for item in day.items:
        own.setdefault(item.article.id, item.article)
    selection = Selection([own[i] for i in order], dropped, merged)
    del own
    return list(even_parts(_DAY_CODEC.encode_json_parts(_StoredDay(selection, themes), size=size), size))


def memo_part(parts: list[bytearray], index: int) -> bytearray:
    return parts[index]


@dataclasses.dataclass
class MemoOnCluster:
    """The day's memo being encoded on a worker (:func:`day_memo`): :meth:`parts` fetches it from there
    a part at a time (4 MB each) for the store, and lets it go."""

    client: Any
    future: Any
    pin: dict[str, Any]
    day: DayOnCluster | None = None
    """The grouped day, kept on its worker for the story memory (:func:`grouped_on_cluster`)."""

    def parts(self) -> Iterator[bytearray]:
        from distributed import wait

        wait(self.future)  # encoded before the store's write transaction starts (it waits for transfers only)
        try:
            count = self.client.submit(len, self.future, pure=False, **self.pin).result()
            for index in range(count):
                yield self.client.submit(memo_part, self.future, index, pure=False, **self.pin).result()
        finally:
            self.future.release()


class _StoriesRead:
    """What the story memory asks of the store (:func:`briefer.memory.remember`), where the grouped day is
    (:func:`day_story_memory`), as the process that runs briefer read it: the earlier days' stories and
    every day each of them appeared (asked of those continued today, the same rows), or the error their
    read raised; today's stories are kept here, for that process to write."""

    def __init__(
        self,
        first: str,
        day: str,
        stories: list[StoryRecord] | StoreError,
        days: dict[str, list[str]] | StoreError,
    ) -> None:
        self.first, self.day, self.stories, self.days = first, day, stories, days
        self.recorded: list[StoryRecord] | None = None

    def stories_between(self, first_day: date | str, before_day: date | str) -> list[StoryRecord]:
        if (str(first_day), str(before_day)) != (self.first, self.day):
            raise ValueError(f"stories asked between {first_day} and {before_day}, read {self.first} to {self.day}")
        if isinstance(self.stories, StoreError):
            raise self.stories
        return self.stories

    def story_days(self, story_ids: Iterable[str], before_day: date | str) -> dict[str, list[str]]:
        if str(before_day) != self.day:
            raise ValueError(f"story days asked before {before_day}, read before {self.day}")
        if isinstance(self.days, StoreError):
            raise self.days
        return {i: list(self.days.get(i, ())) for i in sorted(set(story_ids))}

    def record_stories(self, day: date | str, stories: Iterable[StoryRecord]) -> None:
        self.recorded = list(stories)


@dataclasses.dataclass
class RememberedDay:
    """What the story memory made of a day where the day was grouped (:func:`day_story_memory`): each
    theme's stories and surge, the briefing's earlier days and quiet stories, today's story records for
    the store (none without one) and what the story memory logged."""

    themes: list[tuple[tuple[Story, ...], float | None]]
    earlier_days: tuple[str, ...]
    quiet_stories: tuple[QuietStory, ...]
    records: list[StoryRecord] | None
    logged: list[tuple[int, str]]


def day_story_memory(
    day: GroupedDay,
    briefing: Briefing,
    store: _StoriesRead | None,
    memory_days: int,
    history: Mapping[str, Mapping[str, int]],
    sentences: int,
) -> RememberedDay:
    """:func:`briefer.memory.remember` of ``briefing`` (sent without its themes, sources and dropped articles)
    with the themes of ``day``, on the worker that holds it (:class:`DayOnCluster`)."""
    from briefer.memory import log as memory_log
    from briefer.memory import remember

    logged: list[tuple[int, str]] = []

    class Kept(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            logged.append((record.levelno, record.getMessage()))

    handler = Kept()
    memory_log.addHandler(handler)
    try:
        done = remember(
            dataclasses.replace(briefing, themes=tuple(_themes_of(day.outline, day.items))),
            store,  # type: ignore[arg-type]  # the few reads and the write the story memory makes
            memory_days,
            history,
            sentences=sentences,
        )
    finally:
        memory_log.removeHandler(handler)
    return RememberedDay(
        [(theme.stories, theme.surge) for theme in done.themes],
        done.earlier_days,
        done.quiet_stories,
        store.recorded if store is not None else None,
        logged,
    )


def remembered_part(remembered: RememberedDay, what: str, index: int = 0) -> Any:
    """A part of ``remembered`` (:class:`DayOnCluster`): its ``head`` (all but the themes' stories and the
    records, and how many of each), a theme's stories and surge, or :data:`RECORDS_FETCHED` records."""
    if what == "head":
        records = remembered.records
        count = len(records) if records is not None else -1
        return remembered.earlier_days, remembered.quiet_stories, remembered.logged, len(remembered.themes), count
    if what == "theme":
        return remembered.themes[index]
    assert remembered.records is not None
    return remembered.records[index : index + RECORDS_FETCHED]


RECORDS_FETCHED = 2000
"""Today's story records fetched from the worker at a time, each written as it comes (some 3 KB a story)."""


@dataclasses.dataclass
class DayOnCluster:
    """The grouped day kept on its worker (:func:`grouped_on_cluster`), for the story memory to run there
    (:meth:`remember`): the process that runs briefer then never holds the day's analyses (each article's
    sentences and entities, fetched with it on main), nor the story memory's working set (the stories'
    caches of each sentence's specifics, the stories' and articles' features, the lemmatizer's tables):
    from the themes' fetch to render they grew a Dask driver by some 300 MB at 50,000 articles
    (docs/performance.md, session 58). The same briefs: the same function of the same values."""

    client: Any
    future: Any
    pin: dict[str, Any]
    one: _One  # this process's own strings and sentences, for the stories that come back

    def remember(
        self,
        briefing: Briefing,
        store: StoreBackend | None,
        memory_days: int,
        history: Mapping[str, Mapping[str, int]],
        sentences: int,
    ) -> Briefing:
        """``briefing`` (whose themes are this day's) as :func:`briefer.memory.remember` makes it, the story
        memory run on the day's worker, its store read and written here (the earlier days' stories sent
        there, today's fetched a part at a time as the store writes them); the day let go on the worker."""
        from briefer.memory import log as memory_log

        aside = None
        if store is not None:
            first = (date.fromisoformat(briefing.date) - timedelta(days=memory_days)).isoformat()
            stories: list[StoryRecord] | StoreError
            days: dict[str, list[str]] | StoreError = {}
            try:
                stories = store.stories_between(first, briefing.date)
            except StoreError as exc:
                stories = exc
            if not isinstance(stories, StoreError) and stories:
                try:
                    days = store.story_days({r.id for r in stories}, briefing.date)
                except StoreError as exc:
                    days = exc
            aside = _StoriesRead(first, briefing.date, stories, days)
        shell = dataclasses.replace(briefing, themes=(), sources_report=(), dropped=())
        client, pin = self.client, self.pin
        try:
            remembered = client.submit(
                day_story_memory, self.future, shell, aside, memory_days, history, sentences, pure=False, **pin
            )
            del aside, shell

            def part(*what: Any) -> Any:
                return client.submit(remembered_part, remembered, *what, pure=False, **pin).result()

            earlier_days, quiet, logged, count, records = part("head")
            for level, message in logged:
                memory_log.log(level, "%s", message)
            if records >= 0 and store is not None:
                fetched = (r for start in range(0, records, RECORDS_FETCHED) for r in part("records", start))
                try:
                    store.record_stories(briefing.date, fetched)
                except StoreError as exc:
                    memory_log.warning("store: cannot record the day's stories (%s)", exc)
            if count != len(briefing.themes):
                raise ValueError(f"the story memory gave {count} themes for {len(briefing.themes)}")
            themes = []
            for index, theme in enumerate(briefing.themes):
                made, surge = part("theme", index)
                themes.append(dataclasses.replace(theme, stories=tuple(map(self.one.story, made)), surge=surge))
            remembered.release()
        finally:
            self.future.release()
        return dataclasses.replace(briefing, themes=tuple(themes), earlier_days=earlier_days, quiet_stories=quiet)


# -- the group stage's per-article results ------------------------------------------------


STORED_MEMOS = (
    "keyword hits",
    "term counts",
    "similar-word counts",
    "quotes",
    "stories.article_features",
    "stories.article_facts",
    "stories.article_actor",
    "stories.article_dates",
    "stories.article_action",
    "stories.article_protagonist",
    "stories.article_sentence_facts",
)
"""The per-article memos of the group stage (:mod:`briefer.article_memo`) that the store keeps
(:func:`stored_results`): each a pure function of one analysed article and settings its stamp holds.
Not the word counts and unit term weights: read back from JSON they cost as much as they take to
make (1,069 BBC articles: word counts decoded in 0.40 s, encoded in 0.52 s; docs/performance.md)."""

STORED_MOST = 20_000
"""A day of more analysed articles than this keeps nothing of its group stage in the store: every
article's results are held (as JSON text) through the group stage, some 10 KB an article."""


@contextlib.contextmanager
def stored_results(memory: RunMemory, items: Sequence[AnalysedArticle], stage: str = "group stage") -> Iterator[None]:
    """While the block runs (the group stage), each article's :data:`STORED_MEMOS` results are read
    from the store when an earlier run made them with the same code and settings, and made otherwise;
    what was made is written to the store after the block (while the PDFs are laid out). An update of
    the day in a new process (``briefer run`` again, a cron line) so works out the keyword hits, term
    counts, story features and quotations of its new articles only (issue 15). A resident process
    (:func:`briefer.article_memo.keep_between_runs`) keeps them in its memos: it reads and writes the
    store in its first run only, when its memos know nothing (a day other processes briefed before it
    started, or it restarted), as a new process does. ``stage``: which stage asks, for the log."""
    if memory.store is None or not items or len(items) > STORED_MOST:
        yield
        return
    from briefer import quotes

    article_memo.storable_class(quotes._Found)
    for name in STORED_MEMOS:
        article_memo.storable_name(name)
    held = memory.article_rows
    if article_memo.kept() and not held and article_memo.holds_stored():
        # A resident process past its first run (this run's group stage read no row; its memos hold the
        # day's results): looking up and storing the new articles' results cost 0.3-0.8 s of its ~10 s
        # update (fork executor, three pairs at load 1.6-2.3, docs/performance.md).
        yield
        return
    keys = [_article_row_key(item) for item in items]
    rows = [held[key] if key in held else _read(memory, key) for key in keys]
    with article_memo.stored(zip(items, keys, rows, strict=True)) as out:
        yield
    log.info("%s: %d of %d articles' results read from the store", stage, sum(1 for row in rows if row), len(items))
    held.update(zip(keys, rows, strict=True))
    held.update(out)
    if out:
        memory.later(lambda: memory.put_json_many(ARTICLE, list(out.items())))


def _read(memory: RunMemory, key: str) -> article_memo.StoreRow:
    """An article's stored results (``{}``: none)."""
    return _row(memory.get_json(ARTICLE, key)) or {}


def _article_row_key(item: AnalysedArticle) -> str:
    """An article's key among the stored results: its headline and text (what its analysis is made of,
    see :func:`summarized`), every other field of the article, how many lemmas it holds, and briefer's
    source files."""
    a = item.article
    published = a.published.isoformat() if a.published is not None else None
    text = _text_digest(a)
    # Its lemmas are the analysis' or none (:func:`without_lemmas`: the story memory reads the themes' lean
    # articles, whose results are not those of the full ones).
    lemmas = [len(item.title_lemmas), len(item.lead_lemmas), len(item.body_lemmas), len(item.sentence_lemmas)]
    fields = [a.id, a.url, a.source, published, a.published_from, a.sources, a.urls, a.truncated, lemmas]
    return ARTICLE.key(source_stamp(), text, json.dumps(fields, ensure_ascii=False))


def _text_digest(article: Article) -> str:
    """What an article's analysis is made of, its headline and text, as a digest: the key of its
    analysis and summary (:func:`summarized`) and part of its stored results' (:func:`_article_row_key`).
    A lone surrogate (from a page's broken encoding) is kept as it is, not refused."""
    return hashlib.sha256(f"{article.title}\n{article.text}".encode("utf-8", "surrogatepass")).hexdigest()


def _row(value: Any) -> article_memo.StoreRow | None:
    """A stored row as :func:`briefer.article_memo.stored` reads it, or None when it is not one."""
    if not isinstance(value, dict):
        return None
    row = {}
    for name, entry in value.items():
        if isinstance(entry, list) and len(entry) == 2 and all(isinstance(part, str) for part in entry):
            row[name] = entry
    return row


@functools.cache
def source_stamp() -> str:
    """A digest of briefer's own Python files (read once per process)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        digest.update(f"{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


_SUMMARIZED = article_memo.Memo[SummarizedArticle]("summarized articles")
"""A resident process's analysed and summarized articles (:func:`briefer.article_memo.keep_between_runs`),
by the key of the summary: the next run hands back the same object for the same article object
(``briefer.pipeline`` gives an unchanged article the object of the run before), instead of reading
its analysis and summary from the store and unpacking them again, and the per-article memos know
its key already. Compared by identity, the article is the very one the analysis was made of."""


ANALYSIS_BATCH = 2000
"""Most articles analysed between two writes to the store. A large day is analysed in batches of
about this size, each stored as soon as it is done, so a run killed half-way (a crash, the OOM
killer, a reboot) and run again analyses only what its finished batches had not (at most one
batch is lost: some 40 s of work on a laptop). A day of up to this many articles, the 1,114-article
benchmark day included, is one batch, stored while the PDFs are laid out, as before."""

PAUSE_ENV = "BRIEFER_TEST_PAUSE_ANALYSIS"
"""Tests only: a folder with two FIFOs, ``stored`` and ``resume``; the run writes the number of
analyses stored so far to the first after its first stored batch, then waits on the second."""


def analysis_batches(items: list[int], most: int | None = None) -> list[list[int]]:
    """``items`` cut into the fewest batches of at most ``most`` (default :data:`ANALYSIS_BATCH`),
    of even sizes (two batches of 1,500, not 2,000 and 1,000: a small batch wastes the workers)."""
    most = most or ANALYSIS_BATCH
    if not items:
        return []
    count = -(-len(items) // most)
    size = -(-len(items) // count)
    return [items[k : k + size] for k in range(0, len(items), size)]


def _progress_from(progress: Progress, start: int, done: int) -> None:
    progress(start + done)


def _store_batch(memory: RunMemory, batch: list[tuple[str, str, SummarizedArticle]]) -> None:
    """Analyses and summaries of one batch, into the store, each encoded as :func:`_encoded` does (what a Dask
    worker sends back: :func:`stored_chunk`). The lemmas of the lead and the body are those of the sentences: not
    stored twice (see _cached_analysis)."""
    if memory.store is None:
        return  # nothing encoded for no store
    _store_encoded_batch(memory, [(key, summary_key, _encoded(item)) for key, summary_key, item in batch])


def _store_encoded_batch(memory: RunMemory, batch: list[tuple[str, str, tuple[Blob, Blob]]]) -> None:
    """:func:`_store_batch` of a batch encoded where it was made (:func:`stored_chunk`)."""
    memory.put_bytes_many(ANALYSIS, [(key, analysis) for key, _, (analysis, _) in batch])
    memory.put_bytes_many(SUMMARY, [(key, summary) for _, key, (_, summary) in batch])


def _pause_for_tests(stored: int) -> None:
    folder = os.environ.get(PAUSE_ENV)
    if not folder:
        return
    os.environ.pop(PAUSE_ENV)  # once
    with open(Path(folder) / "stored", "w", encoding="utf-8") as fifo:
        fifo.write(f"{stored}\n")
    with open(Path(folder) / "resume", encoding="utf-8") as fifo:
        fifo.read()


_DERIVED = frozenset({"article", "lead_lemmas", "body_lemmas"})
"""What a stored analysis leaves out: the article is the run's own, the rest is its sentences' lemmas."""


def _fields(value: Any, but: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A model's fields as a dict for the store's JSON, without those named in ``but`` (no deep copy,
    unlike ``dataclasses.asdict``: this runs for every sentence of a day)."""
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value) if f.name not in but}


def _cached_analysis(
    memory: RunMemory, key: str, article: Article, sent: Callable[[Article], Article] | None = None
) -> AnalysedArticle | None:
    """``article``'s analysis as the store has it (of ``sent(article)`` when given, once found), or None."""
    cached = memory.get_json(ANALYSIS, key)
    if cached is None:
        return None
    if sent is not None:
        article = sent(article)
    # JSON makes a string per occurrence of a lemma ("the", "say" a hundred times an article): the
    # article keeps the vocabulary's ids instead (briefer.packed), and these strings go.
    try:
        return analyse_module.analysed(
            article,
            cached["sentences"],
            cached["title_lemmas"],
            cached["sentence_lemmas"],
            tuple(map(tuple, cached["entities"])),
        )
    except (TypeError, KeyError):
        log.warning("store: unreadable cached analysis, analysing again")
        return None


def _cached_summary(memory: RunMemory, key: str) -> tuple[SummarySentence, ...] | None:
    cached = memory.get_json(SUMMARY, key)
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


# -- the day ---------------------------------------------------------------------------

Day = tuple[Selection, list[ThemeGroup]]


@dataclasses.dataclass(frozen=True)
class _StoredDay:
    selection: Selection
    themes: list[ThemeGroup]


_DAY_CODEC = Codec(_StoredDay, shared=(Article, SummarizedArticle, Placement), by_content=(Placement,))
"""Placements are shared (an article in two themes has one) and so written one at a time, as articles
are (:meth:`Codec.encode_json`): they were a third of the memo, held whole while it was written. Written
once by their content, not their identity: a theme's placements are held packed (:class:`PackedPlacements`)
on any day placed by a forked child, each part unpacked anew as it is read and let go when the next is,
and a placement made later at a freed one's address was written as that one (another article's, read back
so by a run that takes the day from the store)."""


def day_key(config: Config, day: date, articles: Sequence[Article], always: set[str], earlier: object = None) -> str:
    """What the day's analysis depends on: the settings that shape it, every article and the
    ``earlier`` days' theme profiles it reads (the code and the libraries: :data:`briefer.cache.DAY`)."""
    settings = config.model_dump(mode="json", include={"themes", "summaries", "duplicates", "grouping", "stories"})
    facts = sorted(
        (a.id, a.published.isoformat(), a.published_from, a.url, list(a.sources), list(a.urls), a.truncated)
        for a in articles
    )
    payload = json.dumps(
        [settings, config.briefing.timezone, day.isoformat(), facts, sorted(always), earlier or {}],
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def load_day(memory: RunMemory, key: str) -> Day | None:
    """The day's selection and themes as an earlier run made them, or None (a resident process's last
    day, :data:`_DAYS`, from its memory)."""
    if article_memo.kept():
        kept = _DAYS.get(key)
        if kept is not article_memo.MISSING:
            return kept
    stored = _decoded(memory, DAY, key, _DAY_CODEC, "memo of the day", "analysing again")
    if stored is None:
        return None
    if article_memo.kept():
        _keep_day(key, (stored.selection, stored.themes))
    return stored.selection, stored.themes


def save_day(memory: RunMemory, key: str, day: Day, encoded: MemoOnCluster | None = None) -> None:
    """Keep the day for the runs after (written when the run has a moment: :meth:`RunMemory.later`).
    A resident process keeps it in its memory (:data:`_DAYS`), and writes it to the store in its
    first run of the day only (see :data:`_DAYS`). ``encoded``: the same memo, encoded on the Dask
    cluster that grouped the day (:func:`grouped_on_cluster`), fetched from there a part at a time."""
    if encoded is not None:
        memory.later(lambda: memory.put_parts(DAY, key, encoded.parts()))
        return
    if article_memo.kept():
        first = not len(_DAYS)
        _keep_day(key, day)
        if not first:
            return
    selection, themes = day
    # Kept in parts as they are made (Store.cache_put_parts): at 10,000 articles the memo's 92 MB of
    # JSON, held whole and copied by SQLite, made the last peak of the run (docs/performance.md).
    compressed = len(selection.articles) >= MEMO_COMPRESSED_FROM
    memory.later(
        lambda: memory.put_parts(
            DAY,
            key,
            _DAY_CODEC.encode_json_parts(
                _StoredDay(selection, themes), size=store_module.PART_BYTES, compressed=compressed
            ),
        )
    )


MEMO_COMPRESSED_FROM = 5000
"""Articles of a day from which its memo's pieces (every article's and placement's JSON text, held from the
first to the root's encoding: some 7 KB an article, the last peak of a large day's run) are held compressed
until written (:meth:`briefer.codec.Codec.encode_json_parts`): the same bytes written, the pieces held 35.6 ->
16.9 MB at 5,000 articles for 1.2 s of CPU more (0.8 -> 2.0 s; docs/performance.md, session 48). A smaller
day's memo is written as it was."""


_DAYS = article_memo.Memo[Day]("analysed day")
"""A resident process's (:func:`briefer.article_memo.keep_between_runs`) last analysed day, by its
:func:`day_key`: a run of the day that finds nothing new takes it from here, not from the store (the
1,114-article day's memo read back and decoded: ~1 s). Past its first run of the day such a process
writes the day's memo to the store no more (it would be read by another process only: a ``briefer
run`` by hand, or the resident process that replaces this one after a failure, which then briefs the
day from the stored per-article results instead, as it does after an update anyway): encoding and
writing it cost 0.4-0.6 s of CPU, some 5% of a 10%-new update of that day (docs/performance.md)."""


def _keep_day(key: str, day: Day) -> None:
    _DAYS.clear()  # the last day only
    _DAYS.put(key, day)


# -- a large day's groups, for its updates (issue 15) -------------------------------------------

if TYPE_CHECKING:
    from briefer.group import DayBase


def base_key(config: Config, day: date, earlier: object = None) -> str:
    """The key of the day's :class:`briefer.group.DayBase`: the settings that shape the groups, the day and
    the earlier days' theme profiles it read; not the day's articles (an update reads the base an earlier
    run of the day left), nor briefer's source files (what the base holds is a brief's, not an article's
    working data: a change to its shape bumps :data:`briefer.cache.DAY_BASE`)."""
    settings = config.model_dump(mode="json", include={"themes", "summaries", "duplicates", "grouping", "stories"})
    payload = json.dumps(
        [settings, config.briefing.timezone, day.isoformat(), earlier or {}], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


BASE_PIECES = 5000
"""A resident process's codec of the day's base keeps the JSON text of this many placements at most (some
3 KB each), for the base it writes again after each update (:meth:`briefer.codec.Codec.encode_json_parts`):
the placements of the articles an update keeps are the same objects (:data:`_BASES`)."""


@functools.cache
def _base_codec(resident: bool = False) -> Codec:
    from briefer.group import DayBase

    if resident:  # the very objects of its last base written again from their kept text
        return Codec(DayBase, shared=(Placement,), keep_pieces=BASE_PIECES)
    # A base's placements may be held packed (group.base_of), each unpacked anew as it is read: written
    # once by their content (see _DAY_CODEC).
    return Codec(DayBase, shared=(Placement,), by_content=(Placement,))


def load_base(memory: RunMemory, key: str) -> DayBase | None:
    """The day's groups as its last run left them (:func:`save_base`), or None (a resident process's from
    its memory, :data:`_BASES`, when its last run left them)."""
    if article_memo.kept() and not memory.fresh:
        kept = _BASES.get(key)
        if kept is not article_memo.MISSING:
            return kept
    base: DayBase | None = _decoded(memory, DAY_BASE, key, _base_codec(), "groups of the day", "grouping it whole")
    return base


def _decoded(memory: RunMemory, kind: Kind, key: str, codec: Codec, what: str, instead: str) -> Any:
    """The ``kind`` entry of ``key`` in the store, decoded by ``codec``; None when there is none, or when it
    cannot be read (said as "unreadable ``what``", then what the run does ``instead``)."""
    with collector_paused():
        raw = memory.get_json(kind, key)
        if raw is None:
            return None
        try:
            value = codec.decode(raw)
        except CodecError as exc:
            log.warning("store: unreadable %s (%s), %s", what, exc, instead)
            return None
        del raw  # the parsed JSON goes while the collector still rests
    return value


BASE_WRITTEN_FROM = 5000
"""Articles of a day from which its :class:`briefer.group.DayBase` is written as soon as it is made, not
when the run has a moment (while the PDFs are laid out): held until then, through the story memory and
the render, it was part of the run's last peak (its large themes' spaces, every article's digest)."""


def save_base(memory: RunMemory, key: str, base: DayBase) -> None:
    """Keep the day's groups for its updates (written when the run has a moment, or now on a day of
    :data:`BASE_WRITTEN_FROM` articles or more; a resident process also keeps them in its memory,
    :data:`_BASES`)."""
    resident = article_memo.kept()
    if resident:
        _BASES.clear()  # the last day's only
        _BASES.put(key, base)
    codec = _base_codec(resident)
    if not resident and base.whole >= BASE_WRITTEN_FROM:
        # Its placements' JSON text (some 1.3 KB an article) held compressed until written, as a large day's
        # memo's: at 100,000 articles the base's encoding was the run's peak (docs/performance.md, session 49).
        compressed = base.whole >= MEMO_COMPRESSED_FROM
        memory.put_parts(
            DAY_BASE, key, codec.encode_json_parts(base, size=store_module.PART_BYTES, compressed=compressed)
        )
        return
    memory.later(lambda: memory.put_parts(DAY_BASE, key, codec.encode_json_parts(base, size=store_module.PART_BYTES)))


_BASES = article_memo.Memo["DayBase"]("day base")
"""A resident process's (:func:`briefer.article_memo.keep_between_runs`) last :class:`briefer.group.DayBase`,
by its :func:`base_key`: its next update of the day takes it from here rather than decoding what it wrote
to the store (0.05-0.09 s at 1,114 articles), and the placements of the articles it keeps stay the same
objects from run to run (briefing.json's entries of those articles are then found whole: :mod:`briefer.render`).
The store still gets every base, for any other process."""


def worked_on(
    base: DayBase, fresh: Sequence[SummarizedArticle], items: Sequence[SummarizedArticle]
) -> list[AnalysedArticle]:
    """The articles (of ``items``) whose stored results an update that grows ``base`` reads: its ``fresh``
    ones, and those of the themes it groups whole (of at most ``EXACT_LIMIT`` articles in the base)."""
    from briefer.stories import EXACT_LIMIT

    wanted = {item.article.id for item in fresh}
    wanted.update(i for theme in base.themes if len(theme.ids) <= EXACT_LIMIT for i in theme.ids)
    return [item.analysed for item in items if item.article.id in wanted]


def without_lemmas(themes: list[ThemeGroup]) -> list[ThemeGroup]:
    """The themes with their articles' lemmas left out: working data of the analysis, which no
    edition shows. They were two thirds of the day's memo (docs/performance.md), written on
    every run that analyses and read back on every run that does not."""
    slim: dict[int, SummarizedArticle] = {}  # an article in two themes stays one object
    kept = article_memo.kept()
    if not kept:
        _LEAN.clear()  # nothing is kept between runs (any longer)
    for address in [address for address, (ref, _) in _LEAN.items() if ref() is None]:
        del _LEAN[address]  # the lean copies of analyses let go of since

    def lean_analysis(analysed: AnalysedArticle) -> AnalysedArticle:
        known = _LEAN.get(id(analysed)) if kept else None
        if known is not None and known[0]() is analysed:
            return known[1]
        made = dataclasses.replace(analysed, title_lemmas=(), lead_lemmas=(), body_lemmas=(), sentence_lemmas=())
        if kept:
            _LEAN[id(analysed)] = (weakref.ref(analysed), made)
        return made

    def lean(item: SummarizedArticle) -> SummarizedArticle:
        if id(item) not in slim:
            slim[id(item)] = dataclasses.replace(item, analysed=lean_analysis(item.analysed))
        return slim[id(item)]

    return [dataclasses.replace(t, articles=tuple(map(lean, t.articles))) for t in themes]


_LEAN: dict[int, tuple[weakref.ref[AnalysedArticle], AnalysedArticle]] = {}
"""A resident process's lean copy of each analysis (:func:`without_lemmas`), by the analysis object, while
it lives: the next run is handed the very analyses of this one (:func:`summarized`), and their lean copies
are then the same objects too, whose memo keys (:func:`briefer.article_memo.article_key`, made once per
object: the story memory asks the story features of each, twice a run) need not be worked out again."""


# -- editions ------------------------------------------------------------------------


def edition_key(
    briefing: Briefing,
    day_key: str,
    audience: Audience,
    formats: Sequence[str],
    config: Config,
    history: Mapping[str, Mapping[str, int]],
    memory_stamp: str = "",
) -> str:
    """Everything an edition's files depend on, except the clock: the same key, the same files.
    ``memory_stamp``: what the edition draws from the desk's memory of earlier days.

    The themes are what the day's memo holds, so the key of the day (``day_key``,
    which names that memo) stands for them: spelling out every sentence and lemma
    of a large day is slow (docs/performance.md). ``day_key`` empty: the
    themes are spelled out."""
    themes = day_key or repr(briefing.themes)
    rest = dataclasses.replace(briefing, generated_at=datetime(2000, 1, 1, tzinfo=UTC), themes=())
    earlier = {d: dict(v) for d, v in history.items() if d != briefing.date}  # today's bar comes from the brief
    digest = hashlib.sha256(f"{themes}\n{rest!r}".encode())  # every other field, whatever objects it shares
    digest.update(json.dumps([audience.model_dump(mode="json"), sorted(formats), earlier], sort_keys=True).encode())
    digest.update(template_stamp(template_search_path(config, audience.template)).encode())
    return hashlib.sha256(f"{digest.hexdigest()}\n{memory_stamp}".encode()).hexdigest()


def up_to_date(memory: RunMemory, key: str, folder: Path) -> bool:
    """True when the files made for ``key`` are in ``folder``, byte for byte."""
    recorded = memory.get_json(EDITION, key)
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


def record_edition(memory: RunMemory, key: str, edition: Edition) -> None:
    """Note the files written for ``key``, so a run with nothing new keeps them."""
    memory.put_json(EDITION, key, {n: _digest(c) for n, c in edition.files.items()})


DIGEST_STEP = 1 << 22
"""Bytes of a file written as it was made (:class:`briefer.output.WrittenFile`, mapped) that :func:`_digest` reads
at a time (a multiple of the page size). 16 MB a step, each step's slice copied out of the mapping, was the Dask
driver's peak at the end of the run: +32-36 MB for a moment (its mapped pages and their copy) at 10,000 and 20,000
articles (docs/performance.md, session 54)."""


def _digest(content: bytes | bytearray | mmap.mmap) -> str:
    """The SHA-256 of ``content``; a mapped file's read :data:`DIGEST_STEP` bytes at a time, each step's pages
    let go of once read (``MADV_DONTNEED``: they stay in the page cache, not in this process). Read whole,
    a 404 MB briefing.json (50,000 articles) was mapped into the process at once: the Dask driver's tree
    806 -> 1,189 MB for a moment at the end of the run."""
    if not isinstance(content, mmap.mmap):
        return hashlib.sha256(content).hexdigest()
    digest = hashlib.sha256()
    dontneed = getattr(mmap, "MADV_DONTNEED", None)
    with memoryview(content) as view:  # each step read in place, not copied out
        for start in range(0, len(content), DIGEST_STEP):
            stop = min(start + DIGEST_STEP, len(content))
            with view[start:stop] as step:
                digest.update(step)
            if dontneed is not None:
                content.madvise(dontneed, start, stop - start)
    return digest.hexdigest()


PDF_WAIT = 600.0
"""Seconds a run waits for the child laying out a PDF, counted from when the PDF is needed: a bounded brief's PDF
takes seconds (5 s at 20,000 articles); a child that has not answered by then is ended and the PDF laid out here
(a child once hung in fontconfig's lock, session 60)."""


def pdf_maker(
    memory: RunMemory | None, aside: Aside | None = None, cluster: DaskExecutor | None = None
) -> Callable[[str, list[Path]], Callable[[], bytes]]:
    """How render lays out a PDF: the stored PDF of the very same HTML (a warm run lays nothing out
    again), else laid out by ``aside`` (started at once), on a worker of ``cluster`` (a Dask driver's:
    :func:`pdf_on_worker`) or here; a PDF laid out is kept."""

    def job(html: str, folders: list[Path]) -> Callable[[], bytes]:
        stamp = template_stamp(folders) if memory is not None or cluster is not None else ""
        key = ""
        if memory is not None:
            key = hashlib.sha256(f"{stamp}\n{html}".encode()).hexdigest()
            stored = memory.get_bytes(PDF, key)
            if stored is not None and stored.startswith(b"%PDF-"):
                cached = bytes(stored)  # the same object when it is bytes (a PDF kept in parts is a bytearray)
                return lambda: cached
        if cluster is not None:
            wait = cluster.run_aside(pdf_on_worker, stamp, html, folders, timeout=PDF_WAIT)
        elif aside is not None:
            wait = aside(lay_out_pdf, html, folders, timeout=PDF_WAIT)
        else:
            wait = functools.partial(lay_out_pdf, html, folders)

        def done() -> bytes:
            try:
                pdf = wait()
            except ExecutorError as error:  # the child or the worker died, hung or failed: laid out here
                if isinstance(error.__cause__, TemplatesElsewhere):  # a worker elsewhere, as documented
                    log.info("PDF: %s: laid out in this process", error.__cause__)
                else:
                    log.warning("PDF child failed (%s): laying the PDF out in this process", error)
                pdf = lay_out_pdf(html, folders)
            if memory is not None:
                memory.put_bytes(PDF, key, pdf)
            return pdf

        return done

    return job


class TemplatesElsewhere(ExecutorError):
    """A Dask worker that does not see the template files the process that runs briefer sees."""


def pdf_on_worker(stamp: str, html: str, folders: list[Path]) -> bytes:
    """:func:`briefer.render.lay_out_pdf` as a task of a Dask driver's cluster: the layout's working set
    (WeasyPrint imported, the pages' boxes and styles: some 40 MB over the driver's heap at any day's size,
    the end of the run's peak at 10,000 and 20,000 articles) kept out of the process that runs briefer
    (docs/performance.md, session 65). The worker must see the template files the driver sees (``stamp``:
    :func:`briefer.render.template_stamp` of ``folders`` there), else it refuses
    (:class:`TemplatesElsewhere`) and the driver lays the PDF out itself: a worker on another machine without
    the workspace's templates would lay the brief out without its stylesheet. Fonts are the worker's."""
    if template_stamp(folders) != stamp:
        raise TemplatesElsewhere("the Dask worker does not see the template files this process sees")
    return lay_out_pdf(html, folders)
