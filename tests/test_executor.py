"""The per-article stages give the same brief in this process, in a local pool and on Dask.

The Dask test starts a real ``distributed.LocalCluster`` with two worker
processes; the pool tests fork or spawn real worker processes. All are told to
parallelise even this small day (``min_items=1`` / every chunk a task).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import logging
import multiprocessing
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefer import cached
from briefer.config import Config, parse_config
from briefer.executor import (
    DaskExecutor,
    Executor,
    ExecutorError,
    ForkPool,
    InProcess,
    ProcessPool,
    Standby,
    can_fork,
    light_items,
    make_executor,
    run_aside,
)
from briefer.output import edition_dir
from briefer.pipeline import run as run_pipeline

FIXTURES = Path(__file__).parent / "fixtures" / "nlp"
DAY = date(2025, 11, 3)


def workspace(path: Path) -> Config:
    shutil.copytree(FIXTURES, path / "articles", ignore=shutil.ignore_patterns("README.md"))
    data = {
        "briefing": {"title": "Valley Brief", "timezone": "UTC"},
        "sources": [{"name": "Desk", "type": "folder", "path": "articles", "window": "all"}],
        "themes": [
            {"name": "Mediation", "keywords": ["mediation", "mediate", "good offices"]},
            {"name": "Border tensions", "keywords": ["border", "ceasefire", "crossing"]},
        ],
        "audiences": [{"name": "analyst", "formats": ["json", "md"]}],
    }
    (path / "sources.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return parse_config((path / "sources.yaml").read_text(encoding="utf-8"), base_dir=path)


def brief_with(executor: Executor, path: Path) -> tuple[dict[str, object], str]:
    config = workspace(path)
    try:
        run_pipeline(config, DAY, fresh=True, executor=executor)
    finally:
        executor.close()
    folder = edition_dir(config.output, DAY, "analyst")
    data = json.loads((folder / "briefing.json").read_text(encoding="utf-8"))
    return data, (folder / "briefing.md").read_text(encoding="utf-8")


EPOCH = "1762146000"  # a fixed clock: generated_at is the same in every run


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, object], str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return brief_with(InProcess(), tmp_path_factory.mktemp("in-process"))


def _without_paths(data: dict[str, object]) -> str:
    """The JSON with file:// URLs cut to their file name (each run has its own folder)."""
    return re.sub(r"file://[^\"]*/", "file:///", json.dumps(data, sort_keys=True))


def _markdown_without_paths(markdown: str) -> str:
    return re.sub(r"file://[^)]*/", "file:///", markdown)


def test_a_spawned_process_pool_makes_the_same_brief(tmp_path: Path, reference: tuple[dict[str, object], str]) -> None:
    data, markdown = brief_with(ProcessPool(2, min_items=1), tmp_path)
    assert data["themes"], "the fixture day must have themes"
    assert _without_paths(data) == _without_paths(reference[0])
    assert _markdown_without_paths(markdown) == _markdown_without_paths(reference[1])


needs_fork = pytest.mark.skipif(not can_fork(), reason="workers are forked on Linux only")


def _aside_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the functions the run sends to a forked child (``executor.run_aside``), as they are sent."""
    import briefer.executor

    aside: list[str] = []
    run_aside = briefer.executor.run_aside

    def counted(fn: Callable[..., object], *args: object) -> Callable[[], object]:
        aside.append(fn.__name__)
        return run_aside(fn, *args)

    monkeypatch.setattr(briefer.executor, "run_aside", counted)  # what group_themes imports when it runs
    return aside


@needs_fork
@pytest.mark.parametrize("scored_aside", [False, True])
def test_forked_workers_make_the_same_brief(
    tmp_path: Path, reference: tuple[dict[str, object], str], monkeypatch: pytest.MonkeyPatch, scored_aside: bool
) -> None:
    import briefer.group

    aside = _aside_calls(monkeypatch)
    # the fixture day is small: with the threshold at 0 it is scored and placed in a forked child
    monkeypatch.setattr(briefer.group, "SCORE_ASIDE_FROM", 0 if scored_aside else 10**9)
    data, markdown = brief_with(ForkPool(2, min_items=1), tmp_path)
    assert aside.count("_placed_packed") == (1 if scored_aside else 0)
    assert _without_paths(data) == _without_paths(reference[0])
    assert _markdown_without_paths(markdown) == _markdown_without_paths(reference[1])


@needs_fork
def test_a_large_day_is_scored_in_this_process_the_same_brief(
    tmp_path: Path, reference: tuple[dict[str, object], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From ``SCORED_HERE_FROM`` analysed articles the day is scored and placed in the run's process, not in a
    forked child (issue 15, session 48: the child copied the pages of the day it read): the same brief, its
    themes' placements packed as the child sent them back."""
    import briefer.group
    from briefer.cached import PackedPlacements

    aside = _aside_calls(monkeypatch)
    scored_in: list[int] = []
    packed_here: list[bool] = []
    placed_packed = briefer.group._placed_packed

    def spied(*args: Any) -> Any:
        scored_in.append(os.getpid())
        placed, packed, profiles = placed_packed(*args)
        packed_here.extend(isinstance(found, PackedPlacements) for found in packed.values())
        return placed, packed, profiles

    monkeypatch.setattr(briefer.group, "_placed_packed", spied)
    monkeypatch.setattr(briefer.group, "SCORE_ASIDE_FROM", 0)
    monkeypatch.setattr(briefer.group, "SCORED_HERE_FROM", 0)  # the fixture day as a large one
    data, markdown = brief_with(ForkPool(2, min_items=1), tmp_path)
    assert "_placed_packed" not in aside and scored_in == [os.getpid()]
    assert packed_here and all(packed_here)
    assert _without_paths(data) == _without_paths(reference[0])
    assert _markdown_without_paths(markdown) == _markdown_without_paths(reference[1])


@needs_fork
def test_a_large_day_selected_aside_streams_its_fingerprints_to_the_store(
    tmp_path: Path, reference: tuple[dict[str, object], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From ``SELECT_STREAMED_FROM`` articles the forked select works a block of texts at a time and sends
    its fingerprints on a pipe, each block stored as it comes (issue 15: neither process holds the day's):
    the same brief, the same fingerprints in the store as the child that sends them back whole."""
    import briefer.pipeline
    import briefer.select
    from briefer.cache import FINGERPRINT
    from briefer.store import RunMemory

    put_json_many = RunMemory.put_json_many

    def stored_by(streamed: bool, path: Path) -> list[list[tuple[str, object]]]:
        writes: list[list[tuple[str, object]]] = []

        def spied(self: RunMemory, kind: object, items: Any, piecewise: int = 0) -> None:
            items = list(items)
            if kind == FINGERPRINT:
                writes.append(items)
            put_json_many(self, kind, items, piecewise)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(RunMemory, "put_json_many", spied)
            patch.setattr(briefer.pipeline, "SELECT_STREAMED_FROM", 0 if streamed else 10**9)
            patch.setattr(briefer.select, "PRINTS_BLOCK", 2)
            data, markdown = brief_with(ForkPool(2, min_items=1), path)
        assert _without_paths(data) == _without_paths(reference[0])
        assert _markdown_without_paths(markdown) == _markdown_without_paths(reference[1])
        return writes

    whole = stored_by(False, tmp_path / "whole")
    streamed = stored_by(True, tmp_path / "streamed")
    assert len(whole) == 1 and len(streamed) > 2 and all(len(block) <= 2 for block in streamed)
    assert sorted(item for block in streamed for item in block) == sorted(whole[0])


def _pids(items: list[int]) -> list[tuple[int, int]]:
    return [(item, os.getpid()) for item in items]


PARENT = os.getpid()
MEETING: dict[str, Any] = {"barrier": None, "met": set(), "go": None, "done": 0}
"""Set by :func:`all_meet` before a fork pool's map (its children inherit it)."""


@pytest.fixture
def all_meet() -> Iterator[Callable[[int], None]]:
    """``all_meet(n)``: the next fork map's function waits, in its first chunk in each process,
    until ``n`` processes have each taken one. So every process certainly takes a chunk,
    however the machine schedules them: no child needs to win a race against this process."""

    def arrange(parties: int) -> None:
        MEETING["barrier"] = multiprocessing.get_context("fork").Barrier(parties, timeout=60)

    yield arrange
    MEETING.update(barrier=None, met=set(), go=None, done=0)


def _meet() -> None:
    barrier = MEETING["barrier"]
    if barrier is not None and os.getpid() not in MEETING["met"]:
        MEETING["met"].add(os.getpid())
        barrier.wait()  # a process that never came breaks the barrier after 60 s: the test fails


def _pids_met(items: list[int]) -> list[tuple[int, int]]:
    _meet()
    return _pids(items)


@needs_fork
def test_a_fork_pool_shares_the_work_with_this_process_and_keeps_the_order(all_meet: Callable[[int], None]) -> None:
    all_meet(3)
    results = ForkPool(3, min_items=1).map(_pids_met, list(range(400)), chunk=8)
    assert [item for item, _ in results] == list(range(400))
    pids = {pid for _, pid in results}
    assert os.getpid() in pids, "this process takes chunks too"
    assert len(pids) == 3, "and so does each forked child"


def _pids_parent_first(items: list[int]) -> list[tuple[int, int]]:
    """Children start only once this process has done five chunks: the bar is certain to move here."""
    if os.getpid() == PARENT:
        MEETING["done"] += 1
        if MEETING["done"] == 5 and MEETING["go"] is not None:
            MEETING["go"].set()
    elif MEETING["go"] is not None:
        MEETING["go"].wait(60)
    return _pids(items)


def _fails_in_a_child(items: list[int]) -> list[int]:
    _meet()
    if os.getpid() != PARENT:
        raise ValueError(f"chunk {items[0]} is broken")
    return items


def _fails_here(items: list[int]) -> list[int]:
    _meet()
    if os.getpid() == PARENT:
        raise ValueError(f"chunk {items[0]} is broken")
    return items


@needs_fork
@pytest.mark.parametrize("fn", [_fails_in_a_child, _fails_here])
def test_an_error_in_any_process_reaches_the_caller(
    fn: Callable[[list[int]], list[int]], all_meet: Callable[[int], None]
) -> None:
    all_meet(2)
    with pytest.raises(ValueError, match=r"chunk \d+ is broken"):
        ForkPool(2, min_items=1).map(fn, list(range(200)), chunk=8)


def _dies_in_a_child(items: list[int]) -> list[int]:
    _meet()
    if os.getpid() != PARENT:
        os._exit(3)
    return items


@needs_fork
def test_a_worker_that_dies_is_a_clear_error(all_meet: Callable[[int], None]) -> None:
    all_meet(2)
    with pytest.raises(ExecutorError, match=r"a worker process died \(exit code 3\)"):
        ForkPool(2, min_items=1).map(_dies_in_a_child, list(range(200)), chunk=8)


def test_a_small_map_stays_in_this_process() -> None:
    assert {pid for _, pid in ForkPool(2, min_items=100).map(_pids, list(range(99)))} == {os.getpid()}


def test_a_light_map_forks_only_from_its_own_larger_threshold(all_meet: Callable[[int], None]) -> None:
    """A map of items worth a millisecond each (extraction, the stories' per-article features) stays
    here below five times the pool's threshold (the update of a day: its 111 new articles), and forks
    from it (the day cold)."""
    pool = ForkPool(2, min_items=100)
    assert light_items(pool) == 500
    assert {pid for _, pid in pool.map(_pids, list(range(499)), min_items=light_items(pool))} == {os.getpid()}
    if can_fork():
        all_meet(2)
        pids = {pid for _, pid in pool.map(_pids_met, list(range(500)), chunk=8, min_items=light_items(pool))}
        assert len(pids) == 2
    assert light_items(InProcess()) is None  # every other executor: its own threshold


def test_a_dask_local_cluster_makes_the_same_brief(
    tmp_path: Path, reference: tuple[dict[str, object], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    from briefer import cached

    monkeypatch.setattr(cached, "ITEMS_FETCHED", 3)  # the grouped day fetched from its worker in several parts
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as client,
    ):
        # Reached by its address, as `executor: {dask: tcp://host:8786}` in sources.yaml does.
        executor = make_executor(parse_config(f"executor: {{dask: '{cluster.scheduler_address}'}}\n").executor)
        assert isinstance(executor, DaskExecutor) and executor.client is not client
        with distributed.get_task_stream(client) as stream:
            data, markdown = brief_with(executor, tmp_path)
        assert executor.client.status == "closed"  # the client it opened, it closed
        # The chunks really ran on the cluster's worker processes.
        assert any(client.run(lambda: "briefer.analyse" in __import__("sys").modules).values())
        # The analyses stayed there, and the group stage and the story memory ran there too, as tasks (issue
        # 15): what came back to this process was each batch without its articles, for the store, the themes
        # with their articles' summaries (not their analyses), and the stories as the story memory made them.
        ran = {distributed.utils.key_split(task["key"]) for task in stream.data}
        there = {"analyse_and_summarize", "stored_chunk", "day_groups", "day_head", "day_theme", "day_summaries"}
        assert there | {"day_story_memory"} <= ran and "day_items" not in ran, ran
    assert _without_paths(data) == _without_paths(reference[0])
    assert _markdown_without_paths(markdown) == _markdown_without_paths(reference[1])


def test_a_dask_cluster_given_the_stored_analyses_makes_the_same_brief(
    tmp_path: Path, reference: tuple[dict[str, object], str]
) -> None:
    """A day whose analyses the store has (and not its memo): they are sent to the cluster, where the
    group stage reads them, and the brief is the same."""
    pytest.importorskip("distributed")
    import sqlite3

    config = workspace(tmp_path)
    run_pipeline(config, DAY, executor=InProcess())
    with sqlite3.connect(config.store.path) as conn:
        assert conn.execute("DELETE FROM cache WHERE kind LIKE 'day%'").rowcount > 0
    shutil.rmtree(config.output)
    ran = run_on_local_cluster(config)
    assert "day_groups" in ran and "analyse_and_summarize" not in ran, ran
    folder = edition_dir(config.output, DAY, "analyst")
    data = json.loads((folder / "briefing.json").read_text(encoding="utf-8"))
    assert _without_paths(data) == _without_paths(reference[0])
    markdown = (folder / "briefing.md").read_text(encoding="utf-8")
    assert _markdown_without_paths(markdown) == _markdown_without_paths(reference[1])


def run_on_local_cluster(config: Config, fresh: bool = False) -> set[str]:
    """Run the day's pipeline on a real LocalCluster of two worker processes; the names of the tasks it ran."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as client,
        distributed.get_task_stream(client) as stream,
    ):
        executor = DaskExecutor(cluster.scheduler_address)
        try:
            run_pipeline(config, DAY, fresh=fresh, executor=executor)
        finally:
            executor.close()
    return {distributed.utils.key_split(task["key"]) for task in stream.data}


def test_an_unreachable_dask_scheduler_is_a_clear_error() -> None:
    pytest.importorskip("distributed")
    config = parse_config("executor: {dask: 'tcp://127.0.0.1:9'}\n")
    with pytest.raises(ExecutorError, match=re.escape("cannot reach the Dask scheduler at tcp://127.0.0.1:9")):
        make_executor(config.executor)


def test_the_config_chooses_the_executor() -> None:
    assert isinstance(make_executor(parse_config("executor: {processes: 1}\n").executor), InProcess)
    pool = make_executor(parse_config("executor: {processes: 3, parallel_from: 50}\n").executor)
    assert isinstance(pool, ForkPool if can_fork() else ProcessPool)
    assert pool.workers == 3 and pool.min_items == 50


def _layout(text: str) -> tuple[str, int]:
    time.sleep(0.05)
    if not text:
        raise ValueError("nothing to lay out")
    return text.upper(), os.getpid()


@needs_fork
def test_a_job_aside_runs_in_a_child_while_this_process_goes_on() -> None:
    text, pid = run_aside(_layout, "brief")()
    assert text == "BRIEF" and pid != os.getpid()
    with pytest.raises(ValueError, match="nothing to lay out"):
        run_aside(_layout, "")()


def _hang(seconds: float) -> str:
    time.sleep(seconds)
    return "late"


@needs_fork
def test_a_child_that_gives_no_answer_in_time_is_ended_and_its_pdf_laid_out_here() -> None:
    """A forked child that hangs (one hung in fontconfig's lock, session 60) is ended once the caller has waited
    ``timeout`` seconds, an ExecutorError; the PDF maker then lays the PDF out in this process: a real PDF."""
    started = time.monotonic()
    with pytest.raises(ExecutorError, match=r"no answer in 0\.5 s"):
        run_aside(_hang, 30.0, timeout=0.5)()
    assert time.monotonic() - started < 10
    assert run_aside(_hang, 0.0, timeout=30.0)() == "late"
    hanging = functools.partial(run_aside, _hang, 30.0)  # the aside's child hangs whatever job it is given
    job = cached.pdf_maker(None, lambda fn, *args, timeout=None: hanging(timeout=0.5))
    pdf = job("<h1>Brief</h1><p>Only this.</p>", [])()
    assert pdf.startswith(b"%PDF-")


_READY = {"pid": 0}


def _get_ready(signal_file: Path | None = None) -> None:
    """A standby's preparation: remember who did it; with a file, wait (60 s at most) until it exists."""
    _READY["pid"] = os.getpid()
    deadline = time.monotonic() + 60
    while signal_file is not None and not signal_file.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    if signal_file is not None and not signal_file.exists():
        _READY["pid"] = -1  # waited in vain: the parent was held up


def _who_got_ready(payload: str) -> tuple[int, int, int]:
    return _READY["pid"], os.getpid(), len(payload)


@needs_fork
def test_a_standby_gets_ready_in_a_child_then_runs_the_first_job_there(tmp_path: Path) -> None:
    standby = Standby(_get_ready)
    try:
        standby.start()
        ready_in, ran_in, _ = standby.run(_who_got_ready, "job")()
        assert ready_in == ran_in and ran_in not in (0, os.getpid())
        later = standby.run(_who_got_ready, "job")()  # the next job: a child of its own, nothing prepared
        assert later[0] == 0 and later[1] not in (ran_in, os.getpid())
        assert _READY["pid"] == 0  # nothing was prepared in this process
    finally:
        standby.close()
    with pytest.raises(ValueError, match="nothing to lay out"):
        started = Standby(_get_ready)
        started.start()
        started.run(_layout, "")()


@needs_fork
def test_a_large_job_is_taken_while_the_standby_is_still_getting_ready(tmp_path: Path) -> None:
    go = tmp_path / "go"
    standby = Standby(lambda: _get_ready(go))
    try:
        standby.start()
        wait = standby.run(_who_got_ready, "x" * 4_000_000)  # far more than a pipe holds
        go.touch()  # reached only if run() did not wait for the preparation to end
        ready_in, ran_in, size = wait()
        assert ready_in == ran_in and size == 4_000_000
    finally:
        standby.close()


def _prepared_where(marker: str) -> tuple[str, int]:
    return Path(marker).read_text() if Path(marker).exists() else "", os.getpid()


def _mark(marker: Path) -> None:
    marker.write_text(str(os.getpid()))


@needs_fork
def test_a_waiting_standby_gets_ready_only_when_told_and_a_job_that_comes_first_runs_as_is(tmp_path: Path) -> None:
    marker = tmp_path / "ready"
    told = Standby(lambda: _mark(marker), wait=True)
    try:
        told.start()
        time.sleep(0.3)
        assert not marker.exists()  # forked, but waiting
        told.ready()
        deadline = time.monotonic() + 30
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        prepared_in, ran_in = told.run(_prepared_where, str(marker))()
        assert prepared_in == str(ran_in) and ran_in != os.getpid()
    finally:
        told.close()
    marker.unlink()
    untold = Standby(lambda: _mark(marker), wait=True)
    try:
        untold.start()
        prepared_in, ran_in = untold.run(_prepared_where, str(marker))()
        assert prepared_in == "" and ran_in != os.getpid()  # ran in the child, nothing prepared first
        assert not marker.exists()
    finally:
        untold.close()
    idle = Standby(lambda: _mark(marker), wait=True)
    idle.start()
    child = idle._child
    idle.close()  # let go while waiting
    assert child is not None and not child.is_alive() and not marker.exists()


@needs_fork
def test_an_unused_standby_is_let_go_and_one_never_started_runs_jobs_aside() -> None:
    standby = Standby(_get_ready)
    standby.start()
    child = standby._child
    standby.close()
    assert child is not None and not child.is_alive() and child.exitcode is not None
    idle = Standby(_get_ready)  # never started: no child, run() is run_aside
    assert idle.run(_layout, "brief")()[0] == "BRIEF"
    idle.close()


_INTERRUPTED = """
import signal, sys, time
from pathlib import Path
from briefer.executor import Standby, run_aside

# As in a terminal: a shell's background job, nohup or cron start with Ctrl-C ignored, and the suite may run there.
signal.signal(signal.SIGINT, signal.default_int_handler)

started = Path(sys.argv[1])

def slow(size):
    started.touch()
    time.sleep(600)
    return b"x" * size

standby = Standby(lambda: time.sleep(600))  # still getting ready when Ctrl-C comes
standby.start()
try:
    run_aside(slow, 1_000_000)()  # a result larger than a pipe holds
finally:
    standby.close()
"""


@needs_fork
def test_ctrl_c_ends_the_children_quietly_and_at_once(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    started = tmp_path / "started"
    process = subprocess.Popen(
        [sys.executable, "-c", _INTERRUPTED, str(started)], stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert started.exists()
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: to every process of the group
    _, err = process.communicate(timeout=60)  # not the 600 s of the jobs: they were ended
    assert process.returncode != 0
    assert err.count("Traceback") == 1 and err.rstrip().endswith("KeyboardInterrupt")  # this process's only
    left = subprocess.run(["ps", "-o", "pid=", "-s", str(process.pid)], capture_output=True, text=True).stdout
    assert left.split() == []


_INTERRUPTED_IN_A_FORK = """
import os, signal, time
from briefer.executor import run_aside

signal.signal(signal.SIGINT, signal.default_int_handler)
# Ctrl-C comes while the fork is under way, in its hooks (as logging's lock release is): Python drops an
# exception raised there ("Exception ignored"), and this process then waited for the ten-minute job.
os.register_at_fork(after_in_parent=lambda: os.kill(os.getpid(), signal.SIGINT))
run_aside(time.sleep, 600)()
"""


@needs_fork
def test_ctrl_c_in_the_middle_of_a_fork_is_not_lost() -> None:
    import signal
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-c", _INTERRUPTED_IN_A_FORK], stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode != 0
    assert "Exception ignored" not in err and err.rstrip().endswith("KeyboardInterrupt")
    left = subprocess.run(["ps", "-o", "pid=", "-s", str(process.pid)], capture_output=True, text=True).stdout
    assert left.split() == []


@needs_fork
def test_with_forked_workers_the_pdf_is_laid_out_aside_and_is_whole(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    config = workspace(tmp_path)
    config = config.model_copy(
        update={"audiences": [a.model_copy(update={"formats": ["pdf", "json"]}) for a in config.audiences]}
    )
    run_pipeline(config, DAY, fresh=True, executor=ForkPool(2, min_items=1))
    pdf = edition_dir(config.output, DAY, "analyst") / "briefing.pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "Valley Brief" in text


def _warns_in_a_child(items: list[int]) -> list[int]:
    _meet()
    if os.getpid() != PARENT:
        logging.getLogger("briefer.test").warning("chunk %d looked odd", items[0])
    return items


@needs_fork
def test_a_childs_log_lines_go_to_stderr_through_plain_handlers(
    capfd: pytest.CaptureFixture[str], all_meet: Callable[[int], None]
) -> None:
    from briefer import logs

    all_meet(2)
    logger = logging.getLogger("briefer")
    handlers, level, propagate = list(logger.handlers), logger.level, logger.propagate
    logs.setup(logging.WARNING, "plain")  # as the CLI does (its rich console must not reach a child)
    try:
        ForkPool(2, min_items=1).map(_warns_in_a_child, list(range(200)), chunk=8)
    finally:
        logger.handlers[:], logger.propagate = handlers, propagate
        logger.setLevel(level)
    # the parent's plain lines (time, level, message), the worker at the end
    assert re.search(r"(?m)^\d\d:\d\d:\d\d WARNING chunk \d+ looked odd \(worker \d+\)$", capfd.readouterr().err)


@pytest.mark.parametrize(
    "executor",
    [
        InProcess(),
        ProcessPool(2, min_items=1000),  # a map too small to share: it runs here, and reports as it goes
        pytest.param(ForkPool(2, min_items=1), marks=needs_fork),
    ],
)
def test_progress_is_reported_as_chunks_get_done(executor: Executor, all_meet: Callable[[int], None]) -> None:
    MEETING["go"] = multiprocessing.get_context("fork").Event() if can_fork() else None
    reported: list[int] = []
    results = executor.map(_pids_parent_first, list(range(200)), chunk=8, on_progress=reported.append)
    assert [item for item, _ in results] == list(range(200))
    assert len(reported) >= 5, "more than once: a bar that moves"
    assert reported == sorted(reported) and 0 < reported[0] and reported[-1] <= 200
    if isinstance(executor, InProcess):
        assert reported == list(range(8, 201, 8))


def _collector_state(items: list[int]) -> list[tuple[int, int, bool]]:
    import gc

    return [(item, os.getpid(), gc.get_freeze_count() > 0) for item in items]


@needs_fork
def test_forked_children_leave_what_they_share_to_the_parent(all_meet: Callable[[int], None]) -> None:
    """A fork's collector never walks what it inherited (each object it walks is written to: a page
    copied), and neither does this process's while the children run; after the map, nothing is left
    frozen here (``briefer schedule`` runs day after day in one process)."""
    import gc

    kept = [[n] * 3 for n in range(5000)]  # old objects: inherited by the children
    gc.collect()
    assert gc.get_freeze_count() == 0
    seen = ForkPool(2, min_items=1).map(_collector_state, list(range(64)), chunk=4)
    children = {frozen for _, pid, frozen in seen if pid != os.getpid()}
    here = {frozen for _, pid, frozen in seen if pid == os.getpid()}
    assert children == {True} and here == {True}, seen
    assert gc.get_freeze_count() == 0
    assert len(kept) == 5000


def test_select_aside_sends_back_places_and_makes_the_same_selection() -> None:
    """The forked select sends back where each kept article stands (or the merged copy itself), and
    the selection made of this process's own objects is the one select makes."""
    from datetime import UTC, datetime

    from briefer.models import Article
    from briefer.pipeline import _select_places, _selection_from
    from briefer.select import day_window, select

    def article(n: int, text: str, day: int = 3) -> Article:
        when = datetime(2025, 11, day, 8, n, tzinfo=UTC)
        return Article(
            id=f"a{n}",
            title=f"Headline {n}",
            url=f"https://example.org/{n}",
            source=f"Desk {n % 2}",
            text=text,
            published=when,
            published_from="source",
            sources=(f"Desk {n % 2}",),
            urls=(f"https://example.org/{n}",),
        )

    story = " ".join(
        f"The council met on day {k} to weigh the bridge repairs and the ferry timetable." for k in range(9)
    )
    articles = [
        article(0, story),
        article(1, story + " A late line."),  # a near copy: merged into a survivor with both URLs
        article(2, "Rain is forecast for the valley all week, with floods on the lower road. " * 4),
        article(3, "A market opens in the old square on Saturdays from spring. " * 4, day=1),  # outside the day
    ]
    window = day_window(DAY, "UTC")
    expected = select(articles, window, set(), 0.6)
    assert expected.merged == 1 and len(expected.dropped) == 2
    places, dropped, merged, made = run_aside(_select_places, articles, window, set(), 0.6)()
    assert len(made) == 3  # each text of the day fingerprinted (none known), for the store
    assert sorted(p for p in places if isinstance(p, int)) == [2]  # the unchanged one, by its place
    made = _selection_from(articles, places, dropped, merged)
    assert made == expected
    assert made.articles[[a.id for a in made.articles].index("a2")] is articles[2]


@needs_fork
def test_select_aside_sends_its_fingerprints_a_few_at_a_time(tmp_path: Path) -> None:
    """A large day's forked select (a Dask driver's too) sends its fingerprints in messages of
    FINGERPRINTS_SENT at most, each stored as it comes: a message of a whole block (2,000, some 10 MB
    pickled) grew the receiving process's heap by some 37 MB while the child ran (session 56). The
    selection is select's, made of this process's articles."""
    from datetime import UTC, datetime

    from briefer import cached
    from briefer.models import Article
    from briefer.pipeline import _select_groups, _selected_aside
    from briefer.select import day_window, prepared, select, text_key
    from briefer.store import RunMemory, open_store

    count = 2 * cached.FINGERPRINTS_SENT + 7
    articles = [
        Article(
            id=f"a{n}",
            title=f"Headline {n}",
            url=f"https://example.org/{n}",
            source="Desk",
            text=f"Report {n}: the council of town {n} met on day {n} about road {n * 7} and its bridge {n * 3}.",
            published=datetime(2025, 11, 3, 8, n % 60, tzinfo=UTC),
            published_from="source",
            urls=(f"https://example.org/{n}",),
        )
        for n in range(count)
    ]
    articles.append(dataclasses.replace(articles[5], id="again", title="Again"))  # the same text twice
    window = day_window(DAY, "UTC")
    day = prepared(articles, window, set())
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    pending = run_aside(_select_groups, day, 0.6, {}, send)
    send.close()
    messages = []
    with contextlib.suppress(EOFError):
        while True:
            messages.append(receive.recv())
    receive.close()
    group_of = pending()
    day.close()
    assert len(set(group_of.tolist())) == count  # the copy in its original's group
    assert max(len(message) for message in messages) <= cached.FINGERPRINTS_SENT
    assert sum(len(message) for message in messages) == count  # each text once
    memory = RunMemory(open_store(tmp_path / "store.sqlite"), False)
    selection = _selected_aside(articles, window, set(), 0.6, {}, memory)
    assert selection == select(articles, window, set(), 0.6)
    assert selection.articles[0] is articles[0]  # this process's own objects
    assert all(memory.get_json(cached.FINGERPRINT, text_key(a.text)) is not None for a in articles)


@needs_fork
def test_analyses_made_by_forked_workers_hold_this_process_articles(tmp_path: Path) -> None:
    """A worker sends back each analysis without its article: the day holds (and its memo stores)
    every article once, and the analyses are those this process would make."""
    from datetime import UTC, datetime

    from briefer import cached
    from briefer.models import Article
    from briefer.store import RunMemory

    config = workspace(tmp_path)
    towns = ["Arden", "Bexley", "Corran", "Dunmore", "Elgin"]
    articles = [
        Article(
            id=f"a{n}",
            title=f"{towns[n % 5]} council weighs bridge repairs, round {n}",
            url=f"https://example.org/{n}",
            source="Desk",
            text=(
                f"The council of {towns[n % 5]} met on Monday to weigh the bridge repairs. "
                f"Mayor Ann Keller said the ferry would run {n + 2} times a day until spring. "
                "Traders on the quay asked for a timetable before the market season."
            ),
            published=datetime(2025, 11, 3, 8, n, tzinfo=UTC),
            published_from="source",
        )
        for n in range(20)
    ]
    forked, reused = cached.summarized(articles, config, RunMemory(None), ForkPool(2, min_items=1), lambda n: None)
    here, _ = cached.summarized(articles, config, RunMemory(None), InProcess(), lambda n: None)
    assert reused == 0 and forked == here
    assert all(item.article is article for item, article in zip(forked, articles, strict=True))
    assert forked[3].analysed.lead_lemmas and forked[3].summary
