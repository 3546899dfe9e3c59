"""What an intraday update costs a resident process that keeps its models loaded (issue 15).

``briefer schedule`` today starts a fresh process for every run, which imports
briefer and loads spaCy again; ``benchmarks/speed.py``'s ``new`` step measures
that (a ``briefer run`` subprocess). This measures the other case, in ONE
process: the day's cold run (empty store, models loaded on the way), then
``--new-fraction`` (10%) new synthetic articles added and the day run again in
the same process, as a resident scheduler that kept its models would run it.
Each run is timed in wall and CPU seconds (this process and its forked workers,
``getrusage``), with the stages' wall times from the run report.

With ``--check`` (the default), the store, the output and the per-article results
the process kept (``briefer/article_memo.py``) are then dropped and the day is
briefed cold again from the same articles: its briefing.json must be
the update's byte for byte (every run has the same ``SOURCE_DATE_EPOCH``), and
the script exits 1 if not. ``--profile FILE`` also writes a cProfile of the
update (``python -m pstats FILE``; it slows the update, whose figures are then
not comparable); ``--sample FILE`` a sampling profile of it (seconds by function,
inclusive and own; it barely slows the run; with ``--processes 1`` it sees every stage).

    nice python benchmarks/intraday.py --data ../shared/data/bbc-news-summary/articles \\
        --themes ../shared/tools/bbc-themes.json
    # held out, against floors.json's "intraday" ceiling (ECB+ written by benchmarks/ecb_articles.py)
    nice python benchmarks/intraday.py --data /tmp/ecb-articles \\
        --themes ../shared/tools/bbc-themes.json --floors
    # 1% new on a larger day (synthetic articles, benchmarks/workspace.py)
    nice python benchmarks/intraday.py --data ../shared/data/bbc-news-summary/articles \\
        --themes ../shared/tools/bbc-themes.json --size 5000 --new-fraction 0.01

Workspaces go to ``--work`` (default ``benchmarks/work/``, git-ignored): they
hold third-party text, never commit them. Results: a JSON file under
``benchmarks/results/`` and a few lines on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from briefer.tuning import one_blas_thread

one_blas_thread()  # as the CLI does, before anything imports NumPy

import floors  # noqa: E402
from workspace import add_new, make_workspace, update_arguments  # noqa: E402

HERE = Path(__file__).resolve().parent


def cpu_seconds() -> float:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def minor_faults() -> int:
    """Minor page faults of this process and of the children it reaped: among them each page a forked
    child and its parent copy on writing to it (a figure that moves much less with the load than CPU)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_minflt + children.ru_minflt


@contextmanager
def stage_cpu() -> Iterator[dict[str, float]]:
    """CPU seconds by stage of the runs made inside (user + system, this process and the children it
    reaped: the pool's workers and the PDF's are joined within their stage), beside the wall times
    ``RunReport.timed`` keeps."""
    from briefer.report import RunReport

    spent: dict[str, float] = {}
    original = RunReport.timed

    @contextmanager
    def timed(self: RunReport, stage: str) -> Iterator[None]:
        start, faults = cpu_seconds(), minor_faults()
        try:
            with original(self, stage):
                yield
        finally:
            spent[stage] = spent.get(stage, 0.0) + cpu_seconds() - start
            spent[f"{stage} faults"] = spent.get(f"{stage} faults", 0) + minor_faults() - faults

    RunReport.timed = timed  # type: ignore[method-assign]
    try:
        yield spent
    finally:
        RunReport.timed = original  # type: ignore[method-assign]


def memo_megabytes() -> float:
    """The size of every memo's entries, pickled (a rough measure of what they hold in memory)."""
    import pickle

    from briefer import article_memo

    total = 0
    for memo in article_memo._MEMOS.values():
        for entries in (memo.current, memo.previous):
            total += len(pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL))
    return total / 2**20


class Sampler:
    """A sampling profile of this process (not of its workers): every ``interval`` seconds of its CPU
    (``ITIMER_PROF``), the stack is looked at; each function's inclusive and own seconds are its
    share of the samples (on the stack, on top) times the run's CPU seconds. Unlike cProfile it barely
    slows the run. Python looks at a signal between two bytecodes only, so a long call into C
    (NumPy, spaCy, WeasyPrint's libraries) is one sample however long it takes: such calls are
    undercounted (in the BBC update, 2,100 samples of 2 ms for 9.3 s of CPU), the rest shares out
    their time."""

    def __init__(self, interval: float = 0.002) -> None:
        from collections import Counter

        self.interval = interval
        self.inclusive: Counter[str] = Counter()
        self.own: Counter[str] = Counter()
        self.samples = 0

    def _sample(self, signum: int, frame: Any) -> None:
        self.samples += 1
        seen = set()
        top = True
        while frame is not None:
            code = frame.f_code
            name = f"{_short(code.co_filename)}:{code.co_name}"
            if top:
                self.own[name] += 1
                top = False
            if name not in seen:
                self.inclusive[name] += 1
                seen.add(name)
            frame = frame.f_back

    def __enter__(self) -> Sampler:
        import signal

        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)
        return self

    def __exit__(self, *exc: object) -> None:
        import signal

        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, signal.SIG_DFL)

    def write(self, path: Path, cpu: float, most: int = 400) -> None:
        """The ``most`` functions with most samples, as seconds of the run's ``cpu``."""
        each = cpu / max(self.samples, 1)
        lines = [
            f"# {self.samples} samples every {self.interval * 1000:g} ms of CPU, shared out over the run's "
            f"{cpu:.2f} s of CPU; inclusive s, own s, function"
        ]
        for name, count in self.inclusive.most_common(most):
            lines.append(f"{count * each:8.3f} {self.own[name] * each:8.3f}  {name}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _short(filename: str) -> str:
    """A source file's path from its package on (``briefer/group.py``, ``weasyprint/layout/block.py``)."""
    parts = Path(filename).parts
    for anchor in ("site-packages", "python3.11", "python3.12", "python3.13"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) + 1 :])
    if "briefer" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("briefer") :])
    return filename


def timed_run(
    config_path: Path,
    day: date,
    profile: Path | None = None,
    processes: int | None = None,
    sample: Path | None = None,
) -> dict[str, Any]:
    import cProfile
    from contextlib import nullcontext

    from briefer.config import load_config
    from briefer.pipeline import run

    config = load_config(config_path)  # read again: a scheduler reads its config for every run
    if processes is not None:
        config = config.model_copy(update={"executor": config.executor.model_copy(update={"processes": processes})})
    profiler = cProfile.Profile() if profile else None
    wall, cpu, faults = time.perf_counter(), cpu_seconds(), minor_faults()
    if profiler is not None:
        profiler.enable()
    sampler = Sampler() if sample is not None else None
    own_cpu = time.process_time()  # this process's alone: the sampler sees no worker
    with stage_cpu() as spent, sampler if sampler is not None else nullcontext():
        _, report = run(config, day)
    if sampler is not None and sample is not None:
        sampler.write(sample, time.process_time() - own_cpu)
    if profiler is not None and profile is not None:
        profiler.disable()
        profiler.dump_stats(str(profile))
    from briefer import article_memo
    from briefer.warm import resident_mb

    return {
        "memo_found_missed": article_memo.lookups(),
        "rss_mb_after": round(resident_mb()),  # what a resident scheduler's process holds between runs
        "memo_entries_after": article_memo.held(),
        "wall_s": round(time.perf_counter() - wall, 2),
        "cpu_s": round(cpu_seconds() - cpu, 2),
        "minor_faults": minor_faults() - faults,
        "reused": report.reused,
        "kept": report.kept,
        "stages": {k: round(v, 2) for k, v in report.timings.items()},
        "stages_cpu": {k: round(v, 2) for k, v in spent.items() if not k.endswith(" faults")},
        "stages_minor_faults": {k[: -len(" faults")]: v for k, v in spent.items() if k.endswith(" faults")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    update_arguments(parser)
    parser.add_argument("--day", default="2025-01-15", help="the briefing's day")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="where the workspace goes (git-ignored)")
    parser.add_argument("--out", type=Path, help="results file (default benchmarks/results/intraday-<time>.json)")
    parser.add_argument("--no-check", dest="check", action="store_false", help="no cold run to check the update")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the update here")
    parser.add_argument(
        "--sample",
        type=Path,
        help="write a sampling profile of the update here (seconds by function, this process only: "
        "with --processes 1 it sees every stage; it barely slows the run)",
    )
    parser.add_argument(
        "--processes", type=int, help="executor.processes for every run (1: all in this process, to profile)"
    )
    parser.add_argument("--label", default="intraday", help="results file name prefix")
    parser.add_argument(
        "--floors",
        action="store_true",
        help="check floors.json's intraday section (exit 1 above it): for the held-out data, ECB+ as written by "
        "benchmarks/ecb_articles.py",
    )
    args = parser.parse_args()
    os.environ["SOURCE_DATE_EPOCH"] = os.environ.get("SOURCE_DATE_EPOCH", "1736935200")  # every run: the same clock

    from briefer import article_memo

    article_memo.keep_between_runs(True)  # one process, several briefs of the day: what it made, it keeps
    if args.processes != 1:
        from briefer.render import prepare_pdf

        prepare_pdf()  # as the resident scheduler's process does before its first run (briefer/warm.py)
    ws = make_workspace(args.work / "intraday", args.data, args.themes, args.size)
    os.chdir(ws.root)
    day = date.fromisoformat(args.day)
    load_before = os.getloadavg()
    cold = timed_run(ws.config, day, processes=args.processes)
    print(
        f"cold   {cold['wall_s']:7.1f} s wall {cold['cpu_s']:7.1f} s cpu  {cold['minor_faults']} minor faults  "
        f"{cold['stages']}",
        flush=True,
    )
    print(f"       cpu by stage {cold['stages_cpu']}", flush=True)
    added = add_new(ws, args.data, args.new_fraction)
    update = timed_run(ws.config, day, args.profile, args.processes, args.sample)
    update["added"] = added
    print(
        f"update {update['wall_s']:7.1f} s wall {update['cpu_s']:7.1f} s cpu  {update['minor_faults']} minor faults  "
        f"{update['stages']}",
        flush=True,
    )
    print(f"       cpu by stage {update['stages_cpu']}", flush=True)
    print(f"       minor faults by stage {update['stages_minor_faults']}", flush=True)
    print(f"       memos (found, missed) in this process {update['memo_found_missed']}", flush=True)
    memos_mb = memo_megabytes()
    print(
        f"       this process after the cold run {cold['rss_mb_after']} MB RSS, after the update "
        f"{update['rss_mb_after']} MB, of which the memos' {update['memo_entries_after']} entries "
        f"~{memos_mb:.0f} MB (pickled)",
        flush=True,
    )
    update["memos_pickled_mb"] = round(memos_mb, 1)
    ratios = {
        "update_share_wall": round(update["wall_s"] / cold["wall_s"], 3),
        "update_share_cpu": round(update["cpu_s"] / cold["cpu_s"], 3),
    }
    print(f"{ws.count} articles, {added} new: {ratios}")
    result: dict[str, Any] = {
        "size": ws.count,
        "new_fraction": args.new_fraction,
        "cold": cold,
        "update": update,
        "ratios": ratios,
        "load": [load_before, os.getloadavg()],
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    same = True
    if args.check:
        briefs = ws.output / day.isoformat()
        updated = {p.relative_to(briefs): p.read_bytes() for p in sorted(briefs.rglob("briefing.json"))}
        ws.store.unlink()
        shutil.rmtree(ws.output)
        article_memo.clear()  # cold as a fresh process is: nothing kept of the articles (briefer/article_memo.py)
        again = timed_run(ws.config, day, processes=args.processes)
        fresh = {p.relative_to(briefs): p.read_bytes() for p in sorted(briefs.rglob("briefing.json"))}
        same = bool(updated) and fresh == updated
        again["same_briefing_json"] = same
        result["cold_after"] = again
        print(
            f"cold of the same articles: {again['wall_s']:.1f} s wall {again['cpu_s']:.1f} s cpu; "
            f"briefing.json {'identical' if same else 'DIFFERS'}"
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or HERE / "results" / f"{args.label}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results: {out}")
    failures = floors.check("intraday", {"update_share_cpu_max": ratios["update_share_cpu"]}) if args.floors else []
    for failure in failures:
        print(f"ABOVE CEILING: {failure}")
    if not same or failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
