"""Story memory on ECB+ as two days: new or developing, stable ids, nothing printed twice.

    python benchmarks/memory.py --data ../shared/data/ecbplus [--keep /tmp/ecb-days] [--part 1|2] [--mirror]

Each ECB+ topic holds two events of the same kind (two rehab check-ins, two
earthquakes). Day 1 is the first half, by document id, of each topic's first
event (subtopic "ecb"; with ``--mirror``, "ecbplus"); day 2 is the rest of that
event plus all of the second event. Both days are written as files dated by
their modification time (see ``write_day``) into one workspace with no themes,
and run with ``briefer.pipeline.run``,
day 1 then day 2, on one store: the very path of a desk's two mornings.

On day 2 every document's story must say ``developing`` when its event was
seen on day 1 and ``new`` otherwise; a developing story must carry the id of
the day-1 story that held most of its event's day-1 documents; no summary
sentence printed in day 1's edition may be printed again on day 2. Stories
within each day are scored by pairwise precision, recall and F1 against the
events.

The threshold of continuation (``briefer.memory.CONTINUES``) is never chosen
on the answers it is scored on: the topics are cut in two halves (alternate
topics), each tunes a threshold that is scored on the other. ``--part 1`` or
``--part 2`` runs the two days on one half's topics alone (part 1: the 1st,
3rd, ... topic; part 2: the 2nd, 4th, ...), for a figure of the other half
measured apart from the half a rule was worked out on; the tuning grids and
the floors are for the whole split only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

import floors

from briefer.config import parse_config
from briefer.memory import ARTICLE_CONTINUES, CONTINUES, CONTRAST, remember
from briefer.models import Briefing
from briefer.pipeline import build, run
from briefer.store import Store

DAY1, DAY2 = date(2026, 5, 4), date(2026, 5, 5)
GRID = [round(0.05 * i, 2) for i in range(1, 15)]


def _number(doc_id: str) -> tuple[int, int]:
    topic, rest = doc_id.split("_", 1)
    return int(topic), int(re.match(r"\d+", rest).group())  # type: ignore[union-attr]


def split_days(docs: Sequence[dict], first_event: str = "ecb") -> tuple[list[dict], list[dict]]:
    """Day 1: the first half (by document id) of each topic's ``first_event`` (subtopic "ecb", or
    "ecbplus" for the mirror); day 2: the rest."""
    day1, day2 = [], []
    for topic in sorted({d["topic"] for d in docs}):
        first = [d for d in docs if d["topic"] == topic and d["subtopic"] == first_event]
        first.sort(key=lambda d: _number(d["doc_id"]))
        second = [d for d in docs if d["topic"] == topic and d["subtopic"] != first_event]
        half = len(first) // 2
        day1 += first[:half]
        day2 += first[half:] + second
    return day1, day2


def write_day(folder: Path, docs: Iterable[dict], day: date) -> None:
    """The day's documents as files dated by their modification time, noon of ``day``.

    ECB+ gives no publication date, and its reports of one event were written days apart
    ("yesterday" in one is "Thursday" in another). A date in the front matter would tell briefer
    that every report was written at noon on ``day``, and it would read each lead's weekdays and
    "yesterday" against that false date (``stories.article_dates``) and part reports of one event.
    A file without a date is what briefer knows not to read so (``published_from`` "mtime"),
    and its modification time still puts it on ``day``.
    """
    folder.mkdir(parents=True)
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()
    for doc in docs:
        lines = [line.strip() for line in doc["text"].splitlines() if line.strip()]
        # A document of one line is its text, not a headline over nothing: the cleaner drops a
        # text that only repeats the headline, and the article with it.
        head = f"---\n{yaml.safe_dump({'title': lines[0]})}---\n" if len(lines) > 1 else ""
        body = "\n\n".join(lines[1:]) or lines[0]
        path = folder / f"{doc['doc_id']}.md"
        path.write_text(f"{head}{body}\n", encoding="utf-8")
        os.utime(path, (noon, noon))


def doc_stories(briefing: Briefing) -> dict[str, tuple[str, str]]:
    """doc_id -> (story id, status), through each article's file URLs (merged duplicates: each of them)."""
    urls = {item.article.id: (item.article.url, *item.article.urls) for item in briefing.articles}
    out: dict[str, tuple[str, str]] = {}
    for theme in briefing.themes:
        for story in theme.stories:
            for article_id in story.article_ids:
                for url in urls.get(article_id, ()):
                    out[Path(url).stem] = (story.id, story.status)
    return out


def pairwise_f1(labels: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    ids = sorted(gold)
    same_pred = same_gold = both = 0
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            p = labels.get(a, f"?{a}") == labels.get(b, f"?{b}")
            g = gold[a] == gold[b]
            same_pred += p
            same_gold += g
            both += p and g
    precision, recall = both / max(same_pred, 1), both / max(same_gold, 1)
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / max(precision + recall, 1e-9)}


def score_day2(
    day2: Sequence[dict],
    day1_stories: dict[str, tuple[str, str]],
    day2_stories: dict[str, tuple[str, str]],
    first_event: str = "ecb",
) -> dict[str, float]:
    """Status accuracy and carried ids on day 2 (over ``day2``, the documents scored)."""
    owner: dict[str, str] = {}  # event -> the day-1 story holding most of its day-1 documents
    by_event: dict[str, Counter[str]] = defaultdict(Counter)
    for doc_id, (story_id, _) in day1_stories.items():
        by_event[f"{doc_id.split('_')[0]}_{first_event}"][story_id] += 1
    for event, counts in by_event.items():
        owner[event] = min(counts, key=lambda s: (-counts[s], s))
    right = carried = developing = 0
    for doc in day2:
        story_id, status = day2_stories.get(doc["doc_id"], ("", ""))
        expected = "developing" if doc["subtopic"] == first_event else "new"
        right += status == expected
        if expected == "developing" and status == "developing":
            developing += 1
            carried += story_id == owner.get(doc["event_cluster"])
    return {"status": right / max(len(day2), 1), "carried_id": carried / max(developing, 1), "developing": developing}


def printed_sentences(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def printed_summary(data: dict, markdown: str) -> set[str]:
    """The summary sentences of a ``briefing.json`` (themes', stories', articles') its edition's Markdown
    (unescaped: :func:`printed_sentences`) prints."""
    return {
        s["text"]
        for t in data["themes"]
        for part in (t["summary"], *(x["summary"] for x in t["stories"]), *(a["summary"] for a in t["articles"]))
        for s in part
        if s["text"] in markdown
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding ECB+ docs.jsonl")
    parser.add_argument("--keep", type=Path, help="make the workspace here and keep it (default: a temporary folder)")
    parser.add_argument("--part", type=int, choices=(1, 2), help="only the topics of this half (alternate topics)")
    parser.add_argument(
        "--mirror", action="store_true", help="each topic's second event (ecbplus) first, its first event on day 2"
    )
    args = parser.parse_args(argv)
    docs = [json.loads(line) for line in (args.data / "docs.jsonl").read_text(encoding="utf-8").splitlines() if line]
    if args.part:
        topics = sorted({d["topic"] for d in docs})[args.part - 1 :: 2]
        docs = [d for d in docs if d["topic"] in topics]
    first_event = "ecbplus" if args.mirror else "ecb"
    day1, day2 = split_days(docs, first_event)
    gold = {d["doc_id"]: d["event_cluster"] for d in docs}
    workspace = args.keep or Path(tempfile.mkdtemp(prefix="briefer-memory-"))
    write_day(workspace / "day1", day1, DAY1)
    write_day(workspace / "day2", day2, DAY2)
    config = parse_config(
        yaml.safe_dump(
            {
                "briefing": {"title": "ECB+ as two days", "timezone": "UTC"},
                "sources": [
                    {"name": "day 1", "type": "folder", "path": "day1"},
                    {"name": "day 2", "type": "folder", "path": "day2"},
                ],
                "themes": [],
                "audiences": [{"name": "desk", "template": "analyst", "formats": ["md", "json"]}],
            }
        ),
        base_dir=workspace,
    )
    started = time.perf_counter()
    first, _ = run(config, DAY1)
    second, _ = run(config, DAY2)
    elapsed = time.perf_counter() - started
    s1, s2 = doc_stories(first), doc_stories(second)
    label = f" (part {args.part}: topics {', '.join(map(str, topics))})" if args.part else ""
    label += " (mirror: each topic's ecbplus event first)" if args.mirror else ""
    print(
        f"ECB+ as two days{label}: {len(day1)} documents on day 1, {len(day2)} on day 2 ({elapsed:.0f} s for both runs)"
    )

    f1_day1 = pairwise_f1({d: s for d, (s, _) in s1.items()}, {d["doc_id"]: gold[d["doc_id"]] for d in day1})
    f1_day2 = pairwise_f1({d: s for d, (s, _) in s2.items()}, {d["doc_id"]: gold[d["doc_id"]] for d in day2})
    found = score_day2(day2, s1, s2, first_event)
    md1 = printed_sentences((config.output / DAY1.isoformat() / "desk" / "briefing.md").read_text(encoding="utf-8"))
    md2 = printed_sentences((config.output / DAY2.isoformat() / "desk" / "briefing.md").read_text(encoding="utf-8"))
    data1 = json.loads((config.output / DAY1.isoformat() / "desk" / "briefing.json").read_text(encoding="utf-8"))
    said = printed_summary(data1, md1)
    again = sorted(s for s in said if s in md2)
    print(f"  stories within day 1: P {f1_day1['precision']:.3f} R {f1_day1['recall']:.3f} F1 {f1_day1['f1']:.3f}")
    print(f"  stories within day 2: P {f1_day2['precision']:.3f} R {f1_day2['recall']:.3f} F1 {f1_day2['f1']:.3f}")
    print(f"  day 2, status right (developing or new): {found['status']:.3f} of {len(day2)} documents")
    carried = f"{found['carried_id']:.3f} of {found['developing']}"
    print(f"  day 2, developing documents carrying their day-1 story's id: {carried}")
    print(f"  day-1 summary sentences printed on day 1: {len(said)}; printed again on day 2: {len(again)}")
    if args.part or args.mirror:
        return 0

    # The two continuation thresholds, tuned on one half of the topics and scored on the other, on the
    # day's stories as clustering made them (``build``: before the memory), the store as day 1 left it.
    topics = sorted({d["topic"] for d in docs})
    halves = [set(topics[0::2]), set(topics[1::2])]
    raw, _ = build(config, DAY2)
    grid: dict[tuple[float, float], list[dict[str, float]]] = {}
    with Store(config.store.path) as store:
        for threshold in GRID:
            for article_threshold in GRID:
                found_again = doc_stories(
                    remember(raw, store, threshold=threshold, article_threshold=article_threshold, contrast=None)
                )
                grid[(threshold, article_threshold)] = [
                    score_day2([d for d in day2 if d["topic"] in half], s1, found_again) for half in halves
                ]
        remember(raw, store)  # the store as the defaults leave it
        contrasts = {
            c: [
                score_day2([d for d in day2 if d["topic"] in half], s1, doc_stories(remember(raw, store, contrast=c)))
                for half in halves
            ]
            for c in (None, *GRID[:8])
        }
        remember(raw, store)
    default = (CONTINUES, ARTICLE_CONTINUES)
    for tune, test in ((0, 1), (1, 0)):
        top = max(contrasts[c][tune]["status"] for c in contrasts)
        chosen = [c for c in contrasts if contrasts[c][tune]["status"] == top]
        held = [round(contrasts[c][test]["status"], 3) for c in chosen]
        print(f"  contrast tuned on half {tune + 1}: {chosen} (status {top:.3f}) | held-out half {test + 1}: {held}")
    for tune, test in ((0, 1), (1, 0)):
        best = max(grid, key=lambda t: (grid[t][tune]["status"], -abs(t[0] - default[0]) - abs(t[1] - default[1])))
        own, held = grid[best][tune], grid[best][test]
        print(
            f"  thresholds (story, article) tuned on half {tune + 1}: {best} (status {own['status']:.3f}) | "
            f"held-out half {test + 1}: status {held['status']:.3f}, carried id {held['carried_id']:.3f}"
        )
    at_default = [score_day2([d for d in day2 if d["topic"] in h], s1, s2) for h in halves]
    for half in (0, 1):
        print(
            f"  defaults {default}, contrast {CONTRAST}, half {half + 1}: status {at_default[half]['status']:.3f}, "
            f"carried id {at_default[half]['carried_id']:.3f}"
        )

    measured = {
        "status": found["status"],
        "carried_id": found["carried_id"],
        "not_printed_again": 1 - len(again) / max(len(said), 1),
        "f1_day1": f1_day1["f1"],
        "f1_day2": f1_day2["f1"],
    }
    failures = floors.check("memory", measured)
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
