"""Story memory on the desks of our own writing, each cut into two mornings.

    python benchmarks/memory_desks.py [--days a,b] [--no-themes] [--jobs 2] [--show]

A desk's day (``benchmarks/own_days/``) is cut in two by publication time: its first half of reports
(oldest first) is day 1, run on the desk's date; the rest is day 2, run on the next date, with the same
store and output (two configurations beside each other, ``window: all``). The gold is the desk's own:
a day-2 report's story is "developing" when its event (gold story) had a report on day 1, else "new"; a
developing story carries the id of the day-1 story that held most of its event's day-1 reports; no
summary sentence printed in day 1's analyst edition is printed again on day 2; stories within each day
are scored by pairwise precision, recall and F1 against the events, over the desks' pairs pooled.

Issue 12's measure is ECB+ as two days (``benchmarks/memory.py``); this is the same check on small
mixed days with themes, the days a desk reads, and on desks no memory rule was worked out on.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from memory import doc_stories, printed_sentences, printed_summary
from own_days import DATES, HERE

_DATE = re.compile(r"^date:\s*['\"]?([^'\"\n]+)", re.M)


def _published(path: Path) -> datetime:
    """The report's front-matter date (read by line: some headlines hold a colon YAML would not take)."""
    return datetime.fromisoformat(_DATE.search(path.read_text(encoding="utf-8")).group(1).strip())  # type: ignore[union-attr]


def split_desk(desk: Path) -> tuple[list[Path], list[Path]]:
    """The desk's articles, oldest first (then by file name): the first half is day 1, the rest day 2."""
    files = sorted(desk.glob("*/[0-9][0-9]-*.md"), key=lambda p: (_published(p), p.name))
    half = len(files) // 2
    return files[:half], files[half:]


def _key(path_or_url: str) -> str:
    return re.match(r"(\d\d)-", Path(path_or_url).name).group(1)  # type: ignore[union-attr]


def _config(workspace: Path, sources: dict, folder: str, themes: bool, memory_days: int) -> Any:
    from briefer.config import parse_config

    data = dict(sources)
    data["stories"] = dict(data.get("stories") or {}, memory_days=memory_days)
    data["sources"] = [dict(s, path=f"{folder}/{s['path']}", window="all") for s in sources["sources"]]
    if not themes:
        data["themes"] = []
    data["audiences"] = [{"name": "analyst", "template": "analyst", "formats": ["md", "json"]}]
    return parse_config(yaml.safe_dump(data, allow_unicode=True), base_dir=workspace)


def run_desk(day: str, themes: bool = True, memory_days: int = 7) -> dict[str, Any]:
    """Both mornings of one desk; what was found, by gold key."""
    from briefer.pipeline import run

    desk = HERE / day
    gold = json.loads((desk / "gold.json").read_text(encoding="utf-8"))["stories"]
    sources = yaml.safe_load((desk / "sources.yaml").read_text(encoding="utf-8"))
    first, second = split_desk(desk)
    day1, day2 = date.fromisoformat(DATES[day]), date.fromisoformat(DATES[day]) + timedelta(days=1)
    with tempfile.TemporaryDirectory(prefix=f"memory-{day}-") as scratch:
        workspace = Path(scratch)
        for folder, files in (("d1", first), ("d2", second)):
            for path in files:
                target = workspace / folder / path.parent.name / path.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
        briefings = []
        for folder, when in (("d1", day1), ("d2", day2)):
            config = _config(workspace, sources, folder, themes, memory_days)
            for source in config.sources:  # an outlet with no report this morning: an empty folder
                Path(source.path).mkdir(parents=True, exist_ok=True)
            briefing, _ = run(config, when)
            md = (config.output / when.isoformat() / "analyst" / "briefing.md").read_text(encoding="utf-8")
            data = json.loads((config.output / when.isoformat() / "analyst" / "briefing.json").read_text("utf-8"))
            briefings.append(({_key(d): s for d, s in doc_stories(briefing).items()}, printed_sentences(md), data))
    (s1, md1, data1), (s2, md2, _) = briefings
    said = printed_summary(data1, md1)
    return {
        "day": day,
        "gold": gold,
        "day1": [_key(p.name) for p in first],
        "day2": [_key(p.name) for p in second],
        "s1": s1,
        "s2": s2,
        "said": len(said),
        "again": sorted(s for s in said if s in md2),
    }


def score(found: dict[str, Any]) -> dict[str, Any]:
    """Status and carried ids of one desk's day 2 (stories within each day: :func:`_pairs`, pooled)."""
    gold, s1, s2 = found["gold"], found["s1"], found["s2"]
    seen = {gold[k] for k in found["day1"]}
    owner_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for k in found["day1"]:
        if k in s1:
            owner_counts[gold[k]][s1[k][0]] += 1
    owner = {event: min(c, key=lambda s: (-c[s], s)) for event, c in owner_counts.items()}
    right = carried = developing = 0
    wrong = []
    for k in found["day2"]:
        story_id, status = s2.get(k, ("", ""))
        expected = "developing" if gold[k] in seen else "new"
        right += status == expected
        if status != expected:
            wrong.append(f"{found['day']} {k}: {status or 'no story'}, gold {expected}")
        if expected == "developing" and status == "developing":
            developing += 1
            carried += story_id == owner.get(gold[k])
    return {"right": right, "n": len(found["day2"]), "carried": carried, "developing": developing, "wrong": wrong}


def _pairs(stories: dict[str, tuple[str, str]], gold: dict[str, str], keys: list[str]) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            same = stories.get(a, ("?" + a,))[0] == stories.get(b, ("?" + b,))[0]
            same_gold = gold[a] == gold[b]
            tp += same and same_gold
            fp += same and not same_gold
            fn += same_gold and not same
    return tp, fp, fn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", default=",".join(DATES), help="which desks (default: all)")
    parser.add_argument("--no-themes", action="store_true", help="run with themes: [] (the day's top stories)")
    parser.add_argument(
        "--memory-days", type=int, default=7, help="stories.memory_days (0: day 2 without day 1's stories)"
    )
    parser.add_argument("--jobs", type=int, default=2, help="desks run at once (default 2)")
    parser.add_argument("--show", action="store_true", help="print each day-2 report with a wrong status")
    args = parser.parse_args(argv)
    days = args.days.split(",")
    with ProcessPoolExecutor(args.jobs) as pool:
        found = list(pool.map(run_desk, days, [not args.no_themes] * len(days), [args.memory_days] * len(days)))
    if args.show:
        for desk in found:
            for line in score(desk)["wrong"]:
                print("  " + line)
    label = "no themes" if args.no_themes else "the desks' themes"
    half_of = {day: "AB"[k % 2] for k, day in enumerate(sorted(DATES))}  # as own_stories.py halves them
    for half in "AB":
        part = [desk for desk in found if half_of[desk["day"]] == half]
        if part and len(part) < len(found):
            _report(part, f"half {half}: {len(part)} desks as two mornings ({label})")
    _report(found, f"{len(found)} desks as two mornings ({label})")
    return 0


def _report(found: list[dict[str, Any]], label: str) -> None:
    right = n = carried = developing = said = again = 0
    pairs = [[0, 0, 0], [0, 0, 0]]
    for desk in found:
        result = score(desk)
        right, n = right + result["right"], n + result["n"]
        carried, developing = carried + result["carried"], developing + result["developing"]
        said, again = said + desk["said"], again + len(desk["again"])
        for i, (stories, keys) in enumerate(((desk["s1"], desk["day1"]), (desk["s2"], desk["day2"]))):
            for j, value in enumerate(_pairs(stories, desk["gold"], keys)):
                pairs[i][j] += value
    print(f"{label}: {n} reports on day 2")
    for i, (tp, fp, fn) in enumerate(pairs):
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        print(f"  stories within day {i + 1}: P {p:.3f} R {r:.3f} F1 {2 * p * r / max(p + r, 1e-9):.3f} (pairs pooled)")
    print(f"  day 2, status right (developing or new): {right / max(n, 1):.3f} of {n} reports")
    carried_share = carried / max(developing, 1)
    print(f"  day 2, developing reports carrying their day-1 story's id: {carried_share:.3f} of {developing}")
    print(f"  day-1 summary sentences printed on day 1: {said}; printed again on day 2: {again}")


if __name__ == "__main__":
    raise SystemExit(main())
