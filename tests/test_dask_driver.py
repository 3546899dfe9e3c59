"""What the process that runs briefer holds with ``executor.dask`` (issue 15): the parts of the day that
are made or kept on the cluster give the store and the brief the same bytes as one process does."""

from __future__ import annotations

import gc
import json
import shutil
import sqlite3
import sys
import weakref
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from test_executor import DAY, EPOCH, run_on_local_cluster, workspace

from briefer.config import Config
from briefer.executor import Executor, InProcess
from briefer.models import ThemeGroup
from briefer.output import edition_dir
from briefer.pipeline import run as run_pipeline


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _entries(store: Path, kind: str) -> list[tuple[str, bytes]]:
    with sqlite3.connect(store) as conn:
        rows = conn.execute("SELECT key, value FROM cache WHERE kind = ? ORDER BY key", (kind,))
        return [(k, bytes(v)) for k, v in rows]


def _one_process_brief(config: Config) -> tuple[Path, dict[str, bytes]]:
    """``config``'s day run in one process: its analyst edition's folder, and the bytes of its briefing.json and
    briefing.md, to compare a cluster's run with."""
    run_pipeline(config, DAY, fresh=True, executor=InProcess())
    folder = edition_dir(config.output, DAY, "analyst")
    return folder, {name: (folder / name).read_bytes() for name in ("briefing.json", "briefing.md")}


def _forget(config: Config, where: str) -> None:
    """The store's cache rows ``where`` says (an SQL condition) deleted and the output removed: the day runs again."""
    with sqlite3.connect(config.store.path) as conn:
        conn.execute(f"DELETE FROM cache WHERE {where}")
    shutil.rmtree(config.output)


def workspace_articles(tmp_path: Path, not_ascii: bool = False) -> list[Any]:
    """The articles of the workspace made in ``tmp_path`` (``test_executor.workspace``), one a minute; with
    ``not_ascii``, each title and text with characters that are not ASCII added."""
    from datetime import UTC

    from briefer.models import Article

    articles = []
    for n, path in enumerate(sorted((tmp_path / "articles").glob("*.txt"))):
        title, text = path.read_text(encoding="utf-8").split("\n", 1)
        text = text.strip()
        if not_ascii:
            text = text.replace(" said", " said \u2018\u00a310m\u2019", 1) + f" \u2014 {n}"
            title = f"{title} \u2013 {n}"
        published = datetime(2025, 11, 3, 8, n, tzinfo=UTC)
        articles.append(Article(f"a{n}", title, f"file:///{path.name}", "Desk", text, published, "file"))
    return articles


@pytest.mark.parametrize("fork", [True, False])
def test_what_the_cluster_sends_back_gives_the_store_and_the_brief_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    pytest.importorskip("distributed")
    from briefer import cached, pipeline
    from briefer import select as select_module

    if not fork:  # select in the driver's own process, its fingerprints made on the cluster a block at a time
        monkeypatch.setattr(pipeline, "can_fork", lambda: False)
    monkeypatch.setattr(select_module, "PRINTS_BLOCK", 2)

    monkeypatch.setattr(cached, "ITEMS_FETCHED", 3)
    monkeypatch.setattr(cached, "PLACEMENTS_PACKED", 2)
    config = workspace(tmp_path)
    folder, brief = _one_process_brief(config)
    # The day's memo is encoded on the worker that grouped the day; the fingerprints select's forked
    # child made are sent back a block at a time as it goes (or, where the driver cannot fork, are made
    # on the cluster a block at a time): both written by this process as they come.
    kinds = ("day", "fingerprint")
    alone = {kind: _entries(config.store.path, kind) for kind in kinds}
    assert all(alone.values())
    _forget(config, "kind IN ('day', 'fingerprint')")
    # Where it forks, the driver lets go of the day's texts once they are written for select's child
    # (select.Prepared): what the child is forked with holds no text; the selection's come back from the file.
    real_prepared, forked_with = pipeline.prepared, []

    def prepared(articles: Any, *args: Any) -> Any:
        day = real_prepared(articles, *args)
        forked_with.append((len(articles), sum(1 for a in articles if a.text)))
        return day

    monkeypatch.setattr(pipeline, "prepared", prepared)
    # The driver sends its documents to the cluster for extraction a few at a time, each part let go of
    # once its articles are back: when a part is sent, the driver's earlier parts are gone.
    monkeypatch.setattr(pipeline, "EXTRACTED_AT_ONCE", 2)
    real_extract_all, sent = cached.extract_all, []

    def extract_all(docs: Any, *args: Any) -> Any:
        gc.collect()
        sent.append((len(docs), sum(1 for part in sent for ref in part[2] if ref() is not None), []))
        sent[-1][2].extend(weakref.ref(doc) for doc in docs)
        return real_extract_all(docs, *args)

    monkeypatch.setattr(cached, "extract_all", extract_all)
    # The grouped day's themes are fetched from its worker one at a time, each as it came let go of once
    # made of this process's values, before the next is fetched: never the whole outline held twice; and
    # the texts the driver reads no more are let go of before the first comes, not under them (where it forks,
    # they were never read back from select's file: those the brief reads are, cached.texts_back).
    real_theme, real_let_go, fetched, let_go = cached._One.theme, cached.let_go_of_texts, [], []
    real_back = cached.texts_back

    def theme(self: Any, fetched_theme: Any) -> Any:
        gc.collect()
        fetched.append((bool(let_go), sum(1 for ref in fetched_refs if ref() is not None)))
        fetched_refs.append(weakref.ref(fetched_theme))
        return real_theme(self, fetched_theme)

    def let_go_of_texts(articles: Any, ids: set[str]) -> None:
        gc.collect()
        let_go.append((len(ids), sum(1 for o in gc.get_objects() if isinstance(o, ThemeGroup))))
        real_let_go(articles, ids)

    def texts_back(articles: Any, shelf: Any, but: set[str]) -> None:
        gc.collect()
        let_go.append((len(but), sum(1 for o in gc.get_objects() if isinstance(o, ThemeGroup))))
        real_back(articles, shelf, but)

    fetched_refs: list[weakref.ref[Any]] = []
    monkeypatch.setattr(cached._One, "theme", theme)
    monkeypatch.setattr(cached, "let_go_of_texts", let_go_of_texts)
    monkeypatch.setattr(cached, "texts_back", texts_back)
    ran = run_on_local_cluster(config, fresh=True)
    assert len(fetched) > 1 and fetched == [(True, 0)] * len(fetched), fetched
    assert len(let_go) == 1 and let_go[0][0] > 0 and let_go[0][1] == 0, let_go  # no theme here yet
    assert sum(n for n, _, _ in sent) > 4 and all(n <= 2 for n, _, _ in sent), sent
    assert [held for _, held, _ in sent] == [0] * len(sent), sent
    assert forked_with == ([(len(alone["fingerprint"]), 0)] if fork else []), forked_with
    assert {"day_memo", "memo_part"} <= ran, ran
    assert ("fingerprints" in ran) is not fork, ran
    assert {kind: _entries(config.store.path, kind) for kind in kinds} == alone
    # The themes' placements came back packed, a few at a time (cached.PackedPlacements): the same brief,
    # byte for byte.
    assert {name: (folder / name).read_bytes() for name in brief} == brief


def test_packed_placements_are_the_dict_they_were_made_of() -> None:
    import pickle

    from briefer.cached import PackedPlacements
    from briefer.models import Placement

    placements = {f"a{n}": Placement((f"T{n % 3}",), (), (), (f"w{n}",), f"reason {n}") for n in range(11)}
    order = [f"a{n}" for n in (10, 3, 4, 0, 1, 2, 5, 6, 7, 8, 9)] + ["not one of them"]
    packed = pickle.loads(pickle.dumps(PackedPlacements(placements, 3, order)))
    assert packed == placements and list(packed) == list(placements) and len(packed) == 11
    assert list(packed.values()) == list(placements.values())
    assert [packed.get(key) for key in order] == [placements.get(key) for key in order]
    assert "a3" in packed and "b" not in packed and packed.get("b") is None
    assert repr(packed) == repr(placements)


def test_packed_placements_hold_two_parts_unpacked_over_every_theme(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each theme's PackedPlacements kept the part it unpacked last to the end of the run: written theme after
    theme, briefing.json left every theme's last part unpacked (docs/performance.md, session 66). Now two parts
    at most over every theme, the oldest let go of (unpacked again when asked: the same placements), and none
    once render is done (``let_go_of_unpacked_placements``); a theme's own last part is let go of before its
    next is unpacked."""
    from briefer import cached
    from briefer.cached import PackedPlacements, let_go_of_unpacked_placements
    from briefer.models import Placement

    monkeypatch.setattr(cached, "_OPEN_PARTS", [])

    def theme(name: str) -> tuple[dict[str, Placement], PackedPlacements]:
        made = {f"{name}{n}": Placement((name,), (), (), (f"w{n}",), f"reason {n}") for n in range(7)}
        return made, PackedPlacements(made, 3, list(made))

    themes = [theme(name) for name in "abcd"]
    for made, packed in themes:  # as briefing.json asks: a theme's placements in its order, theme after theme
        assert [packed.get(key) for key in made] == list(made.values())
        assert sum(1 for _, p in themes if p._open[0] != -1) <= 2
    assert [p._open[0] != -1 for _, p in themes] == [False, False, True, True]
    made, packed = themes[0]
    assert packed["a4"] == made["a4"] and themes[2][1]._open[0] == -1  # unpacked again; the oldest let go of
    let_go_of_unpacked_placements()
    assert all(p._open == (-1, []) for _, p in themes) and not cached._OPEN_PARTS
    assert all(dict(p) == m for m, p in themes)


def test_a_file_written_as_it_was_made_is_digested_a_step_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib
    import mmap

    from briefer import cached
    from briefer.output import Spool

    monkeypatch.setattr(cached, "DIGEST_STEP", mmap.PAGESIZE)
    data = bytes(range(256)) * (3 * mmap.PAGESIZE // 256) + b"the last part of a page"
    spool = Spool(tmp_path / "briefing.json")
    spool += data
    written = spool.done()
    try:
        assert cached._digest(written) == hashlib.sha256(data).hexdigest() == cached._digest(data)
        assert written[:] == data  # its pages let go of are read again from the file
    finally:
        written.close()


def test_the_clusters_analyses_come_back_as_the_stores_bytes(tmp_path: Path) -> None:
    """Each batch analysed on the cluster comes back as the store's JSON, encoded on the worker that made it:
    this process makes no analysed article of it (which packed its lemmas into this process's vocabulary, which
    only grows: :mod:`briefer.packed`), and the store gets the same bytes as one process's."""
    pytest.importorskip("distributed")
    import uuid

    from briefer import packed

    words = [f"zorv{uuid.uuid4().hex[:12]}" for _ in range(4)]  # in no vocabulary yet

    def day(path: Path) -> Config:
        config = workspace(path)
        (path / "articles" / "other-words.txt").write_text(
            "Festival organisers count the visitors\n\n"
            f"The organisers of the harvest festival counted {words[0]} and {words[1]} among the visitors.\n\n"
            f"Stalls sold {words[2]} and {words[3]} until late in the evening, the organisers said.\n",
            encoding="utf-8",
        )
        return config

    on_cluster = day(tmp_path / "cluster")
    run_on_local_cluster(on_cluster, fresh=True)
    assert not set(words) & set(packed._IDS)
    alone = day(tmp_path / "alone")
    run_pipeline(alone, DAY, fresh=True, executor=InProcess())
    assert set(words) <= set(packed._IDS)  # the words are lemmas of the day's analyses
    for kind in ("analysis", "summary"):
        made = sorted(value for _, value in _entries(on_cluster.store.path, kind))
        assert made and made == sorted(value for _, value in _entries(alone.store.path, kind)), kind


def test_the_last_batch_analysed_on_the_cluster_is_stored_before_the_day_is_grouped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every batch analysed on the cluster is in the store when the analysis ends, the last one too: none
    of them held by this process for the end of the run."""
    distributed = pytest.importorskip("distributed")

    from briefer import cached
    from briefer.executor import DaskExecutor
    from briefer.store import RunMemory, open_store

    monkeypatch.setattr(cached, "ANALYSIS_BATCH", 3)
    config = workspace(tmp_path)
    articles = workspace_articles(tmp_path)
    assert len(cached.analysis_batches(list(range(len(articles))))) > cached.BATCHES_AHEAD
    memory = RunMemory(open_store(config.store.path))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        executor = DaskExecutor(cluster.scheduler_address)
        try:
            parts, reused = cached.summarized_on_cluster(articles, config, memory, executor, lambda done: None)
            assert len(parts) >= 1 and reused == 0
        finally:
            executor.close()
        # The batches were submitted BATCHES_AHEAD ahead of the one gathered, not all at once: the day's
        # articles were never all pickled here together.
        first: dict[str, float] = {}
        for key, *_, stamp in cluster.scheduler.transition_log:
            first.setdefault(str(key), stamp)
        made = sorted(
            stamp for key, stamp in first.items() if distributed.utils.key_split(key) == "analyse_and_summarize"
        )
        gathered = min(stamp for key, stamp in first.items() if distributed.utils.key_split(key) == "stored_chunk")
        assert len(made) == len(parts) and made[-1] > gathered
    assert not memory._later
    assert len(_entries(config.store.path, "analysis")) == len(_entries(config.store.path, "summary")) == len(articles)
    assert memory.store is not None
    memory.store.close()


def test_the_articles_a_dask_driver_sends_to_be_analysed_keep_no_utf8_copy_of_their_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sending an article to the cluster pickles it, and pickling a string that is not ASCII keeps its UTF-8
    form in that string for as long as it lives: the driver's articles, held through the analysis and the group
    stage, grew by a copy of each such text (0.89 MB per 1,000 articles at 50,000, docs/performance.md, session
    67). Copies of those strings are sent instead: every article's strings the same size after the analysis,
    the same analyses stored as sending the articles themselves."""
    distributed = pytest.importorskip("distributed")

    from briefer import cached
    from briefer.executor import DaskExecutor
    from briefer.store import RunMemory, open_store

    monkeypatch.setattr(cached, "ANALYSIS_BATCH", 3)
    config = workspace(tmp_path)
    articles = workspace_articles(tmp_path, not_ascii=True)
    sizes = [(sys.getsizeof(a.title), sys.getsizeof(a.text)) for a in articles]
    assert all(not a.text.isascii() and not a.title.isascii() for a in articles)
    memory = RunMemory(open_store(config.store.path))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        executor = DaskExecutor(cluster.scheduler_address)
        try:
            parts, _ = cached.summarized_on_cluster(articles, config, memory, executor, lambda done: None)
            texts = [item.analysed.article.text for part in executor.client.gather(parts) for item in part]
        finally:
            executor.close()
    assert [(sys.getsizeof(a.title), sys.getsizeof(a.text)) for a in articles] == sizes
    assert texts == [a.text for a in articles]  # the cluster's articles are the driver's, equal
    assert cached.as_sent(articles[0]) == articles[0] and cached.as_sent(articles[0]).text is not articles[0].text
    assert len(_entries(config.store.path, "analysis")) == len(articles)
    assert memory.store is not None
    memory.store.close()


def test_a_dask_driver_fetches_and_stores_each_batch_a_chunk_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of analyses comes back a chunk at a time, each written to the store as it comes and its bytes let
    go of before the next is fetched: gathered whole, a batch of 2,000 was some 25 MB of the driver for a moment
    at 10,000 articles (docs/performance.md, sessions 67 and 68). The same analyses stored, and each batch's
    pause for the tests after its last chunk."""
    distributed = pytest.importorskip("distributed")

    from briefer import cached
    from briefer.executor import DaskExecutor
    from briefer.store import RunMemory, open_store

    monkeypatch.setattr(cached, "ANALYSIS_BATCH", 3)
    written: list[int] = []
    store_chunk = cached._store_encoded_batch
    monkeypatch.setattr(
        cached, "_store_encoded_batch", lambda m, chunk: (written.append(len(chunk)), store_chunk(m, chunk))
    )
    config = workspace(tmp_path)
    articles = workspace_articles(tmp_path)
    batches = len(cached.analysis_batches(list(range(len(articles)))))
    memory = RunMemory(open_store(config.store.path))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        executor = DaskExecutor(cluster.scheduler_address)
        try:
            chunk = cached.cluster_chunk(executor.client, len(articles))
            cached.summarized_on_cluster(articles, config, memory, executor, lambda done: None)
        finally:
            executor.close()
    assert chunk < 3 and sum(written) == len(articles), written
    assert max(written) <= chunk and len(written) > batches, written
    assert len(_entries(config.store.path, "analysis")) == len(_entries(config.store.path, "summary")) == len(articles)
    assert memory.store is not None
    memory.store.close()


def test_the_analyses_a_dask_driver_sends_from_the_store_keep_no_utf8_copy_of_its_texts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the store has of the day's analyses is sent to the cluster (scatter) made of copies of the articles'
    strings that are not ASCII (cached.as_sent), as the new articles are: else each such text kept its UTF-8
    form in the driver once pickled, held through the analysis and the group stage (docs/performance.md,
    sessions 67 and 68). The cluster's articles equal to the driver's."""
    distributed = pytest.importorskip("distributed")

    from briefer import cached
    from briefer.executor import DaskExecutor
    from briefer.store import RunMemory, open_store

    config = workspace(tmp_path)
    articles = workspace_articles(tmp_path, not_ascii=True)
    memory = RunMemory(open_store(config.store.path))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        executor = DaskExecutor(cluster.scheduler_address)
        try:
            cached.summarized_on_cluster(list(articles), config, memory, executor, lambda done: None)
            again = workspace_articles(tmp_path, not_ascii=True)  # the next run's, the same articles
            sizes = [(sys.getsizeof(a.title), sys.getsizeof(a.text)) for a in again]
            parts, reused = cached.summarized_on_cluster(again, config, memory, executor, lambda done: None)
            texts = [item.analysed.article.text for part in executor.client.gather(parts) for item in part]
        finally:
            executor.close()
    assert reused == len(again)  # every analysis from the store, scattered
    assert [(sys.getsizeof(a.title), sys.getsizeof(a.text)) for a in again] == sizes
    assert texts == [a.text for a in again]
    assert memory.store is not None
    memory.store.close()


def test_a_dask_driver_holds_no_selected_text_until_the_brief_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Dask driver that keeps its day on the cluster leaves the texts the selection keeps in select's file
    (select.Shelf), each read back as its article is keyed and sent to be analysed: through the analysis and
    the group stage its articles hold none (at 50,000 articles some 125 MB, docs/performance.md, session 67);
    at the themes' fetch those the brief reads come back, the others never do. The same analyses, summaries
    and brief as one process, byte for byte (issue 15)."""
    pytest.importorskip("distributed")
    from briefer import cached, pipeline

    monkeypatch.setattr(cached, "ANALYSIS_BATCH", 3)
    config = workspace(tmp_path)
    folder, brief = _one_process_brief(config)
    kinds = ("analysis", "summary")
    alone = {kind: _entries(config.store.path, kind) for kind in kinds}
    assert all(alone.values())
    _forget(config, "1")

    held: dict[str, Any] = {}
    real_summarized, real_grouped = cached.summarized_on_cluster, cached.grouped_on_cluster

    def summarized(articles: Any, *args: Any, **kwargs: Any) -> Any:
        held["analysis"] = (len(articles), sum(1 for a in articles if a.text))
        return real_summarized(articles, *args, **kwargs)

    def grouped(executor: Any, parts: Any, selection: Any, *args: Any) -> Any:
        held["group"] = sum(1 for a in selection.articles if a.text)
        themes, profiles, encoded = real_grouped(executor, parts, selection, *args)
        quoted = {i for theme in themes for quote in theme.quotes for i in quote.article_ids}
        in_themes = {item.article.id for theme in themes for item in theme.articles}
        held["after"] = (
            {a.id for a in selection.articles if a.text},
            {a.id for a in selection.articles if a.id in quoted or a.id not in in_themes},
        )
        return themes, profiles, encoded

    monkeypatch.setattr(cached, "summarized_on_cluster", summarized)
    monkeypatch.setattr(cached, "grouped_on_cluster", grouped)
    shelves: list[Any] = []
    real_shelved = pipeline.shelved_from

    def shelved_from(*args: Any) -> Any:
        selection, shelf = real_shelved(*args)
        shelves.append(shelf)
        return selection, shelf

    monkeypatch.setattr(pipeline, "shelved_from", shelved_from)
    run_on_local_cluster(config, fresh=True)
    count, texts = held["analysis"]
    assert count > 3 and texts == 0 and held["group"] == 0, held
    back, brief_reads = held["after"]
    # A theme's quotation cites them, or they are in no theme (none here: the harbour desk's quotations, in
    # test_the_story_memory_runs_where_the_day_is_and_gives_one_process_s_briefs, are read back so).
    assert back == brief_reads, held
    assert len(shelves) == 1 and shelves[0].day.file.closed
    assert {kind: _entries(config.store.path, kind) for kind in kinds} == alone
    assert {name: (folder / name).read_bytes() for name in brief} == brief


def test_a_dask_driver_trims_its_heap_after_each_batch_of_analyses_it_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each batch of analyses comes back as bytes unpickled on the Dask client's thread, in that thread's malloc
    arena, whose freed pages stayed resident to the end of the run once the batch was stored: the driver trims
    its heap after each batch it stores (docs/performance.md, session 67)."""
    distributed = pytest.importorskip("distributed")

    from briefer import cached
    from briefer.executor import DaskExecutor
    from briefer.store import RunMemory, open_store

    monkeypatch.setattr(cached, "ANALYSIS_BATCH", 3)
    steps: list[str] = []
    keep = cached._keep_encoded_batch
    monkeypatch.setattr(cached, "_keep_encoded_batch", lambda *args: (steps.append("stored"), keep(*args)))
    monkeypatch.setattr(cached, "release_memory", lambda: steps.append("trim"))
    config = workspace(tmp_path)
    articles = workspace_articles(tmp_path)
    batches = len(cached.analysis_batches(list(range(len(articles)))))
    assert batches > 1
    memory = RunMemory(open_store(config.store.path))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        executor = DaskExecutor(cluster.scheduler_address)
        try:
            cached.summarized_on_cluster(articles, config, memory, executor, lambda done: None)
        finally:
            executor.close()
    assert steps == ["stored", "trim"] * batches
    assert memory.store is not None
    memory.store.close()


_DESKS = {
    # The Sorra valley's three days (tests/test_memory.py): talks and a flood that run on, one that skips a day.
    "days": (
        {
            "Talks": ["talks", "accord", "delegation", "negotiator", "weir"],
            "Crossings": ["crossing", "flood", "border"],
        },
        {day: ["days/" + day] for day in ("2026-04-06", "2026-04-07", "2026-04-08")},
    ),
    # Quellin harbour's fire and, the day after, the acts that answer it (read from each report's analysis).
    "harbour": (
        {},
        {"2026-05-11": ["harbour/2026-05-11"], "2026-05-12": ["harbour/2026-05-12", "harbour-answers/2026-05-12"]},
    ),
}


@pytest.mark.parametrize("desk", sorted(_DESKS))
def test_the_story_memory_runs_where_the_day_is_and_gives_one_process_s_briefs(tmp_path: Path, desk: str) -> None:
    """On a Dask cluster the story memory runs on the worker that grouped the day (cached.DayOnCluster): this
    process fetches each article with its summary only, never its analysis, and reads and writes the store's
    stories for it. Day after day, every brief is one process's, byte for byte, stories continued among them."""
    distributed = pytest.importorskip("distributed")
    import yaml

    from briefer import cached, pipeline
    from briefer.config import parse_config
    from briefer.executor import DaskExecutor

    fixtures = Path(__file__).parent / "fixtures"
    themes, days = _DESKS[desk]

    def config(path: Path) -> Config:
        data = {
            "briefing": {"title": "Desk", "timezone": "UTC"},
            "sources": [
                {"name": f"Wire {n}", "type": "folder", "path": str(fixtures / folder)}
                for n, folder in enumerate(dict.fromkeys(f for folders in days.values() for f in folders))
            ],
            "themes": [{"name": name, "keywords": words} for name, words in themes.items()],
            "audiences": [{"name": "desk", "template": "analyst", "formats": ["md", "json"]}],
        }
        return parse_config(yaml.safe_dump(data), base_dir=path)

    def briefs(config: Config) -> dict[str, bytes]:
        return {
            str(path.relative_to(config.output)): path.read_bytes()
            for path in sorted(config.output.rglob("briefing.*"))
        }

    def run_days(config: Config, executor_for: Callable[[], Executor]) -> None:
        for day in days:
            with pytest.MonkeyPatch.context() as patch:
                evening = datetime.fromisoformat(f"{day}T20:00:00+00:00")
                patch.setenv("SOURCE_DATE_EPOCH", str(int(evening.timestamp())))
                executor = executor_for()
                try:
                    run_pipeline(config, date.fromisoformat(day), executor=executor)
                finally:
                    executor.close()

    alone = config(tmp_path / "alone")
    run_days(alone, InProcess)
    on_cluster = config(tmp_path / "cluster")
    # Once the themes are fetched, the driver's articles hold no text but those a theme's quotation cites
    # and those of articles in no theme (cached.let_go_of_texts): the selection's and the themes' alike, and
    # the day's list of articles before select is emptied.
    fetched, texts, quoted = cached.grouped_on_cluster, [], set()

    def grouped(executor: Any, parts: Any, selection: Any, *args: Any, **kwargs: Any) -> Any:
        themes, profiles, memo = fetched(executor, parts, selection, *args, **kwargs)
        cited = {i for theme in themes for quote in theme.quotes for i in quote.article_ids}
        in_themes = {item.article.id for theme in themes for item in theme.articles}
        held = [a for a in selection.articles] + [item.article for theme in themes for item in theme.articles]
        texts.append(({a.id for a in held if a.text}, cited | {a.id for a in selection.articles} - in_themes))
        quoted.update(cited)
        return themes, profiles, memo

    before = pipeline._analysed_on_cluster

    def analysed(config: Any, day: Any, selection: Any, *args: Any, **kwargs: Any) -> Any:
        frame = sys._getframe(1)  # _analyse_day's: the day's articles before select, emptied
        texts.append(({a.id for a in frame.f_locals["articles"]}, set()))
        return before(config, day, selection, *args, **kwargs)

    with (
        pytest.MonkeyPatch.context() as patch,
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as client,
        distributed.get_task_stream(client) as stream,
    ):
        patch.setattr(cached, "grouped_on_cluster", grouped)
        patch.setattr(pipeline, "_analysed_on_cluster", analysed)
        run_days(on_cluster, lambda: DaskExecutor(cluster.scheduler_address))
    assert len(texts) == 2 * len(days) and all(held == wanted for held, wanted in texts), texts
    assert quoted or desk == "days", "no quotation on the harbour's days: its texts' case not run"
    ran = {distributed.utils.key_split(task["key"]) for task in stream.data}
    assert {"day_story_memory", "day_summaries", "day_ids"} <= ran and "day_items" not in ran, ran
    made = briefs(alone)
    assert len(made) == 2 * len(days) and briefs(on_cluster) == made
    last = json.loads(made[max(name for name in made if name.endswith(".json"))])
    assert "developing" in {story["status"] for theme in last["themes"] for story in theme["stories"]}


def test_a_dask_driver_gives_freed_pages_back_before_it_lays_a_pdf_out() -> None:
    """A Dask driver lays its PDFs out in its own process: the heap's pages freed before (briefing.json, the
    story memory, the themes' fetch) are given back first, not kept resident beside the layout's own
    (docs/performance.md, session 61). Measured by this process's resident set as the layout starts."""
    import os

    from briefer import executor, pipeline
    from briefer.render import Edition

    if executor._malloc_trim() is None:
        pytest.skip("no malloc_trim (not glibc)")

    def resident_mb() -> float:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6

    at_layout: list[float] = []

    def layout() -> bytes:
        at_layout.append(resident_mb())
        return b"%PDF-"

    for here in (True, False):
        executor.release_memory()
        before = resident_mb()
        blocks = [b"x" * 100_000 for _ in range(400)]  # 40 MB written in the C heap (below its mmap threshold)
        held = blocks[::8]  # one block in eight kept: the heap cannot shrink by its top alone
        del blocks  # 35 MB freed, in holes between those held
        edition = Edition("analyst", {"briefing.md": b"#"}, pending={"briefing.pdf": layout})
        [(key, done)] = pipeline._laid_out([("key", edition)], lays_out_here=here)
        assert key == "key" and done.files == {"briefing.md": b"#", "briefing.pdf": b"%PDF-"} and not done.pending
        del held
        if here:
            assert at_layout[-1] - before < 15, (before, at_layout)
        else:  # where the PDF is laid out in a child, nothing is asked of this heap (the check holds)
            assert at_layout[-1] - before > 30, (before, at_layout)
    executor.release_memory()


def _length(text: str) -> int:
    return len(text)


def test_a_dask_driver_keeps_no_copy_of_the_tasks_it_sent() -> None:
    """What a Dask driver submits (the day's articles with their texts, pickled as the tasks' arguments) is
    not kept once sent: distributed's stream to the scheduler kept its last 1,000 messages under 1 MB as a
    log, 15 / 41 MB of the driver's heap at 10,000 / 20,000 articles (docs/performance.md, session 62).
    Measured by the blocks the client allocated as it sent them still alive (``tracemalloc``: the
    LocalCluster's scheduler runs in this process too), on a real LocalCluster."""
    import tracemalloc

    distributed = pytest.importorskip("distributed")
    from briefer.executor import DaskExecutor

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        executor = DaskExecutor(cluster.scheduler_address)
        try:
            client = executor.client
            assert client.submit(_length, "warm", pure=False).result() == 4
            tracemalloc.start(30)
            try:
                for n in range(20):  # each task alone in its message, 200 KB of argument: 4 MB sent
                    assert client.submit(_length, f"{n:>200000}", pure=False).result() == 200_000
                gc.collect()
                held = sum(
                    stat.size
                    for stat in tracemalloc.take_snapshot().statistics("traceback")
                    if any(frame.filename.endswith("distributed/client.py") for frame in stat.traceback)
                )
            finally:
                tracemalloc.stop()
        finally:
            executor.close()
    assert held < 1_000_000, held


def test_a_dask_driver_has_its_pdf_laid_out_on_the_cluster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A Dask driver's PDF is laid out by a task of its cluster (``cached.pdf_on_worker``), not in the driver,
    where WeasyPrint's working set was the end of the run's peak at 10,000 and 20,000 articles
    (docs/performance.md, session 65): the same PDF as one process's. A worker that does not see the template
    files the driver sees refuses, and the driver lays the PDF out itself: the same PDF again."""
    import logging

    import yaml

    pytest.importorskip("distributed")
    from briefer import cached
    from briefer.config import parse_config

    workspace(tmp_path)
    data = yaml.safe_load((tmp_path / "sources.yaml").read_text(encoding="utf-8"))
    data["audiences"][0]["formats"] = ["json", "md", "pdf"]
    (tmp_path / "sources.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    config = parse_config((tmp_path / "sources.yaml").read_text(encoding="utf-8"), base_dir=tmp_path)
    run_pipeline(config, DAY, fresh=True, executor=InProcess())
    folder = edition_dir(config.output, DAY, "analyst")
    alone = (folder / "briefing.pdf").read_bytes()
    assert alone.startswith(b"%PDF-")

    shutil.rmtree(config.output)
    with caplog.at_level(logging.WARNING, logger="briefer.cached"):
        ran = run_on_local_cluster(config, fresh=True)
    assert "pdf_on_worker" in ran, ran
    assert "laying the PDF out in this process" not in caplog.text
    assert (folder / "briefing.pdf").read_bytes() == alone

    shutil.rmtree(config.output)
    caplog.clear()
    monkeypatch.setattr(cached, "template_stamp", lambda folders: "not what the worker sees")
    with caplog.at_level(logging.INFO, logger="briefer.cached"):
        ran = run_on_local_cluster(config, fresh=True)
    assert "pdf_on_worker" in ran, ran
    assert "does not see the template files this process sees: laid out in this process" in caplog.text
    assert "laying the PDF out in this process" not in caplog.text  # as documented: no warning
    assert (folder / "briefing.pdf").read_bytes() == alone


def test_a_dask_driver_trims_its_heap_before_the_store_s_flush_and_fetches_the_memo_a_row_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The end of a Dask driver's run, its PDF laid out on the cluster, is render then the store's flush
    (docs/performance.md, session 66): the themes' unpacked placements are let go of and render's freed
    pages given back before the flush (after the last edition is rendered), and the day's memo, encoded on
    the worker, is fetched in the store's rows (``store.PART_BYTES`` each but the last, as the driver's
    store has it), not in the codec's parts of 4 MB: the same rows in the store as one process writes, the
    same brief."""
    pytest.importorskip("distributed")
    from briefer import cached, pipeline
    from briefer import store as store_module

    monkeypatch.setattr(store_module, "PART_BYTES", 2048)
    config = workspace(tmp_path)
    folder, brief = _one_process_brief(config)
    alone = _entries(config.store.path, "day")
    assert len(alone) > 3  # the memo in rows of 2 KB
    _forget(config, "kind = 'day'")

    steps: list[str] = []
    real_render, real_trim, real_flush = pipeline.render_edition, pipeline.release_memory, pipeline.RunMemory.flush
    real_parts, fetched = cached.MemoOnCluster.parts, []
    real_let_go = cached.let_go_of_unpacked_placements

    def render_edition(*args: Any, **kwargs: Any) -> Any:
        steps.append("render")
        return real_render(*args, **kwargs)

    def trim() -> None:
        steps.append("trim")
        real_trim()

    def let_go() -> None:
        steps.append("let go")
        real_let_go()

    def flush(self: Any) -> None:
        steps.append("flush" if self._later else "flush (nothing)")
        real_flush(self)

    def parts(self: Any) -> Any:
        for part in real_parts(self):
            fetched.append(len(part))
            yield part

    monkeypatch.setattr(pipeline, "render_edition", render_edition)
    monkeypatch.setattr(pipeline, "release_memory", trim)
    monkeypatch.setattr(cached, "let_go_of_unpacked_placements", let_go)
    monkeypatch.setattr(pipeline.RunMemory, "flush", flush)
    monkeypatch.setattr(cached.MemoOnCluster, "parts", parts)
    run_on_local_cluster(config, fresh=True)
    after_render = steps[steps.index("render") + 1 :]
    assert after_render[:3] == ["let go", "trim", "flush"], steps
    assert len(fetched) > 3 and all(n == 2048 for n in fetched[:-1]) and 0 < fetched[-1] <= 2048, fetched
    assert _entries(config.store.path, "day") == alone
    assert {name: (folder / name).read_bytes() for name in brief} == brief
