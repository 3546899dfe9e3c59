"""The day's window is the calendar day in ``briefing.timezone``, not in UTC.

Every other test that filters by day uses UTC (and the demo ``window: all``).
Here the articles sit just inside and just outside midnight in New York on the
day its clocks go back (a day of 25 hours) and in Kathmandu (UTC+05:45), with
their dates written in UTC or in another offset.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from briefer.config import parse_config
from briefer.pipeline import build

SUBJECTS = {
    "A": "orchard growers counted a late frost across the northern slopes",
    "B": "the harbour pilots agreed a new rota for the winter storms",
    "C": "a museum reopened its gallery of river maps after repairs",
    "D": "the railway added a night train between the two valley towns",
    "E": "a choir from the hill villages won the regional contest",
    "F": "glaziers repaired the station roof damaged by hail",
    "G": "the cooperative bakery opened a second shop near the bridge",
    "H": "beekeepers reported a strong autumn honey harvest",
}


def workspace(path: Path, timezone: str, dates: dict[str, str]) -> Path:
    folder = path / "articles"
    folder.mkdir(parents=True)
    for key, published in dates.items():
        subject = SUBJECTS[key]
        text = (
            f"---\ntitle: Article {key}\ndate: {published}\n---\n\n"
            f"In the valley on this day, {subject}. "
            f"Officials said the news about how {subject} was welcome. "
            f"Residents who saw that {subject} spoke of a long awaited change.\n"
        )
        (folder / f"{key}.md").write_text(text, encoding="utf-8")
    config = {
        "briefing": {"title": "Window Brief", "timezone": timezone},
        "sources": [{"name": "Desk", "type": "folder", "path": "articles"}],  # window: day, the default
        "themes": [{"name": "Valley", "keywords": ["valley"]}],
        "summaries": {"algorithm": "lead"},
        "audiences": [{"name": "analyst", "formats": ["md"]}],
        "store": {"path": ".briefer/store.sqlite"},
    }
    (path / "sources.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("timezone", "day", "dates", "kept"),
    [
        (  # 2 Nov 2025: New York goes from UTC-4 to UTC-5 at 02:00; the day runs 04:00Z to 05:00Z next day
            "America/New_York",
            date(2025, 11, 2),
            {
                "A": "2025-11-02T03:59:00Z",  # 1 Nov, 23:59 EDT
                "B": "2025-11-02T00:00:00-04:00",  # midnight EDT
                "C": "2025-11-03T04:30:00Z",  # 2 Nov, 23:30 EST: the 25th hour
                "D": "2025-11-03T00:00:00-05:00",  # 3 Nov, midnight EST
                "E": "2025-11-02T12:00:00+00:00",  # the UTC day, and this one
            },
            ["B", "C", "E"],
        ),
        (  # Kathmandu is UTC+05:45: 3 Nov runs from 18:15Z on 2 Nov to 18:15Z on 3 Nov
            "Asia/Kathmandu",
            date(2025, 11, 3),
            {
                "A": "2025-11-02T18:14:59Z",  # 2 Nov, 23:59:59 local
                "B": "2025-11-02T18:15:00Z",  # 3 Nov, midnight local
                "C": "2025-11-03T23:59:00+05:45",
                "D": "2025-11-03T18:15:00Z",  # 4 Nov, midnight local, still 3 Nov in UTC
                "F": "2025-11-03T06:00:00+01:00",
            },
            ["B", "C", "F"],
        ),
    ],
)
def test_the_day_is_the_calendar_day_in_the_briefing_time_zone(
    tmp_path: Path, timezone: str, day: date, dates: dict[str, str], kept: list[str]
) -> None:
    config = parse_config((workspace(tmp_path, timezone, dates) / "sources.yaml").read_text(), base_dir=tmp_path)
    briefing, _ = build(config, day)
    assert sorted(a.article.title for a in briefing.articles) == [f"Article {key}" for key in kept]
