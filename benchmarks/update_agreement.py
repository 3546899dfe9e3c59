"""How far an update's brief is from the cold brief of the same day (issue 15, session 39).

An update that grows the stored groups (``group.DayBase``) need not give the brief a cold run of the updated
day gives. This compares two ``briefing.json`` files of the same day (the update's; the cold one, e.g.
``update_runs.py ref``'s, ``--fresh`` on the same store and articles): each article's themes, each theme's
stories (as sets of article ids: the same story, and pairs of articles told together), summary sentences,
key actors and quotations.

    python benchmarks/update_agreement.py WORK/res/resident-day-TAG/briefing.json WORK/res/ref-TAG/briefing.json
"""

from __future__ import annotations

import argparse
import json
from itertools import combinations
from pathlib import Path
from typing import Any


def themes_of(brief: dict[str, Any]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for theme in brief["themes"]:
        for article in theme.get("articles", []):
            out.setdefault(article["id"], set()).add(theme["name"])
    return out


def stories_of(brief: dict[str, Any]) -> dict[str, set[frozenset[str]]]:
    return {
        theme["name"]: {frozenset(story["article_ids"]) for story in theme.get("stories", [])}
        for theme in brief["themes"]
    }


def pairs(stories: set[frozenset[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for story in stories for p in combinations(sorted(story), 2)}


def texts(theme: dict[str, Any], field: str, key: str) -> list[str]:
    return [item[key] if isinstance(item, dict) else str(item) for item in theme.get(field, [])]


def compare(update: dict[str, Any], cold: dict[str, Any]) -> list[str]:
    lines = []
    mine, theirs = themes_of(update), themes_of(cold)
    both = set(mine) & set(theirs)
    same = sum(mine[i] == theirs[i] for i in both)
    lines.append(
        f"articles: update {len(mine)}, cold {len(theirs)}, in both {len(both)}; "
        f"the same themes {same} ({same / max(len(both), 1):.3f})"
    )
    told, cold_told = stories_of(update), stories_of(cold)
    cold_themes = {t["name"]: t for t in cold["themes"]}
    for theme in update["themes"]:
        name = theme["name"]
        a, b = told.get(name, set()), cold_told.get(name, set())
        pa, pb = pairs(a), pairs(b)
        shared = len(pa & pb)
        precision = shared / len(pa) if pa else 1.0
        recall = shared / len(pb) if pb else 1.0
        other = cold_themes.get(name, {})
        summary = len(set(texts(theme, "summary", "text")) & set(texts(other, "summary", "text")))
        actors = len(set(texts(theme, "entities", "name")) & set(texts(other, "entities", "name")))
        quotes = len(set(texts(theme, "quotes", "text")) & set(texts(other, "quotes", "text")))
        lines.append(
            f"{name}: stories update {len(a)}, cold {len(b)}, the same {len(a & b)}; pairs told together "
            f"P {precision:.3f} R {recall:.3f} ({len(pa)} / {len(pb)}); summary sentences shared {summary} of "
            f"{len(texts(theme, 'summary', 'text'))}/{len(texts(other, 'summary', 'text'))}; key actors shared "
            f"{actors} of {len(texts(theme, 'entities', 'name'))}/{len(texts(other, 'entities', 'name'))}; "
            f"quotations shared {quotes} of {len(texts(theme, 'quotes', 'text'))}/{len(texts(other, 'quotes', 'text'))}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("update", type=Path)
    parser.add_argument("cold", type=Path)
    args = parser.parse_args()
    update, cold = json.loads(args.update.read_text()), json.loads(args.cold.read_text())
    print("\n".join(compare(update, cold)))


if __name__ == "__main__":
    main()
