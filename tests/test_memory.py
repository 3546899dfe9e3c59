"""Day after day: three consecutive days of a desk, run through the real pipeline and a real store.

The corpus (tests/fixtures/days, our own writing) has a running story (the
Velm water talks, every day), a story that skips a day (the flooded Dorn
crossing: Monday, then Wednesday) and an event of the same kind on Tuesday
(a flood at another crossing, Marra), which must be a story of its own. One
Tuesday article repeats two of Monday's sentences word for word.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
import yaml

from briefer.config import Config, parse_config
from briefer.context import build_context
from briefer.memory import remember, surge
from briefer.models import Briefing, Story
from briefer.pipeline import run

FIXTURES = Path(__file__).parent / "fixtures" / "days"
DAYS = ("2026-04-06", "2026-04-07", "2026-04-08")


def make_config(workspace: Path) -> Config:
    data = {
        "briefing": {"title": "Sorra Valley Brief", "timezone": "UTC"},
        "sources": [{"name": f"Wire {day}", "type": "folder", "path": str(FIXTURES / day)} for day in DAYS],
        "themes": [
            {"name": "Talks", "keywords": ["talks", "accord", "delegation", "negotiator", "weir"]},
            {"name": "Crossings", "keywords": ["crossing", "flood", "border", "trucks"]},
        ],
        "audiences": [
            {"name": "analyst", "template": "analyst", "formats": ["md", "json", "pdf"]},
            {"name": "executive", "template": "executive", "formats": ["md"]},
        ],
    }
    return parse_config(yaml.safe_dump(data), base_dir=workspace)


def run_day(config: Config, day: str) -> Briefing:
    with pytest.MonkeyPatch.context() as patch:
        evening = datetime.fromisoformat(f"{day}T20:00:00+00:00")
        patch.setenv("SOURCE_DATE_EPOCH", str(int(evening.timestamp())))
        briefing, _ = run(config, date.fromisoformat(day))
    return briefing


def stories(briefing: Briefing) -> dict[str, Story]:
    """The day's stories by a word of their headline that names the event."""
    out = {}
    for theme in briefing.themes:
        for story in theme.stories:
            for word in ("Velm", "Dorn", "Marra", "weir", "Tessel"):
                if word in story.title:
                    out[{"weir": "Velm", "Tessel": "Marra"}.get(word, word)] = story
                    break
    return out


@dataclass
class Desk:
    config: Config
    briefings: dict[str, Briefing]

    @property
    def output(self) -> Path:
        return self.config.output


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Desk:
    config = make_config(tmp_path_factory.mktemp("desk"))
    return Desk(config, {day: run_day(config, day) for day in DAYS})


def test_a_running_story_keeps_its_id_day_after_day(desk: Desk) -> None:
    talks = [stories(desk.briefings[day])["Velm"] for day in DAYS]
    assert [s.status for s in talks] == ["new", "developing", "developing"]
    assert len({s.id for s in talks}) == 1 and talks[0].id
    assert [s.first_seen for s in talks] == [DAYS[0]] * 3
    assert [s.days for s in talks] == [DAYS[:1], DAYS[:2], DAYS]


def test_a_story_that_skips_a_day_comes_back_developing_and_an_event_of_the_same_kind_is_new(desk: Desk) -> None:
    monday, tuesday, wednesday = (stories(desk.briefings[day]) for day in DAYS)
    assert "Dorn" not in tuesday and "Marra" not in wednesday
    assert monday["Dorn"].status == "new"
    assert tuesday["Marra"].status == "new"  # a flood at another crossing: another story
    assert tuesday["Marra"].id not in {monday["Dorn"].id, monday["Velm"].id}
    assert wednesday["Dorn"].status == "developing"
    assert wednesday["Dorn"].id == monday["Dorn"].id
    assert wednesday["Dorn"].days == (DAYS[0], DAYS[2])
    assert not desk.briefings[DAYS[0]].earlier_days
    assert desk.briefings[DAYS[2]].earlier_days == DAYS[:2]


def test_the_json_says_it_and_the_edition_opens_with_what_changed(desk: Desk) -> None:
    data = json.loads((desk.output / DAYS[2] / "analyst" / "briefing.json").read_text(encoding="utf-8"))
    by_title = {s["title"]: s for t in data["themes"] for s in t["stories"]}
    dorn = next(s for title, s in by_title.items() if "Dorn" in title)
    assert (dorn["status"], dorn["first_seen"], dorn["days"]) == ("developing", DAYS[0], [DAYS[0], DAYS[2]])
    assert dorn["id"] == stories(desk.briefings[DAYS[0]])["Dorn"].id
    for day in DAYS[1:]:
        for audience in ("analyst", "executive"):
            text = (desk.output / day / audience / "briefing.md").read_text(encoding="utf-8")
            assert text.index("## Since the last brief") < text.index("## Talks")
    first = (desk.output / DAYS[0] / "analyst" / "briefing.md").read_text(encoding="utf-8")
    assert "Since the last brief" not in first  # nothing to compare with on the first day
    tuesday = (desk.output / DAYS[1] / "analyst" / "briefing.md").read_text(encoding="utf-8")
    since = tuesday[tuesday.index("## Since the last brief") : tuesday.index("## Volume")]
    assert since.index("New: ") < since.index("Developing: ")  # new stories first
    assert "Marra" in since.split("Developing: ")[0]
    first_day = date.fromisoformat(DAYS[0])
    assert f"· since {first_day.day} {first_day:%b %Y}, day 2 ·" in since  # as a reader says a day, not ISO


def test_a_sentence_an_earlier_brief_printed_is_not_printed_again_and_the_json_marks_it(desk: Desk) -> None:
    data = json.loads((desk.output / DAYS[1] / "analyst" / "briefing.json").read_text(encoding="utf-8"))
    sentences = [s for t in data["themes"] for a in t["articles"] for s in a["summary"]]
    repeated = [s for s in sentences if s["printed_before"]]
    assert {s["printed_before"] for s in repeated} == {DAYS[0]}
    assert any("fixed share of 40 percent" in s["text"] for s in repeated)
    monday = (desk.output / DAYS[0] / "analyst" / "briefing.md").read_text(encoding="utf-8")
    tuesday = (desk.output / DAYS[1] / "analyst" / "briefing.md").read_text(encoding="utf-8")
    for sentence in repeated:
        assert sentence["text"] in monday
        assert sentence["text"] not in tuesday
    for day in DAYS[1:]:  # and in general: no summary line of an earlier day comes back
        later = (desk.output / day / "analyst" / "briefing.md").read_text(encoding="utf-8")
        earlier = "".join(
            (desk.output / d / "analyst" / "briefing.md").read_text(encoding="utf-8") for d in DAYS if d < day
        )
        for line in later.splitlines():
            body = line.strip().lstrip("- ").split(" ([")[0].split(" (Wire")[0]
            if len(body) > 60 and not body.startswith(("#", "*", "|", "Wire ")):
                assert body not in earlier, body


def test_the_archive_lists_every_edition_and_the_feed_encloses_each_pdf(desk: Desk) -> None:
    feed = feedparser.parse((desk.output / "feed.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == 6  # 3 days x 2 audiences
    assert [e.title.split("edition, ")[1] for e in feed.entries[::2]] == [
        "Wednesday 8 April 2026",
        "Tuesday 7 April 2026",
        "Monday 6 April 2026",
    ]
    enclosed = [link.href for e in feed.entries for link in e.links if link.rel == "enclosure"]
    assert enclosed == [f"{day}/analyst/briefing.pdf" for day in reversed(DAYS)]
    for href in enclosed:
        assert (desk.output / href).read_bytes().startswith(b"%PDF-")

    links: list[str] = []

    class Page(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "a":
                links.append(dict(attrs).get("href") or "")

    Page().feed((desk.output / "index.html").read_text(encoding="utf-8"))
    files = [link for link in links if link[:4].isdigit()]
    assert len(files) == 3 * 4  # analyst: pdf, md, json; executive: md
    assert files[0].startswith(DAYS[2]) and files[-1].startswith(DAYS[0])
    assert all((desk.output / f).is_file() for f in files)


def _statuses(briefing: Briefing) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    return {name: (s.id, s.status, s.days) for name, s in stories(briefing).items()}


def _recorded(config: Config) -> list[tuple[str, str]]:
    with sqlite3.connect(config.store.path) as conn:
        return sorted(conn.execute("SELECT day, story_id FROM story_days").fetchall())


def test_a_day_run_again_or_days_run_out_of_order_keep_statuses_and_count_nothing_twice(
    desk: Desk, tmp_path: Path
) -> None:
    recorded = _recorded(desk.config)
    assert len(recorded) == len({day for day, _ in recorded}) * 2 == 6  # two stories a day, once each
    again = run_day(desk.config, DAYS[1])  # Tuesday again, after Wednesday
    assert _statuses(again) == _statuses(desk.briefings[DAYS[1]])
    assert _recorded(desk.config) == recorded

    # Another desk runs Wednesday first (no history: all new), then Monday, Tuesday, Wednesday again.
    other = make_config(tmp_path)
    alone = run_day(other, DAYS[2])
    assert {s.status for s in stories(alone).values()} == {"new"}
    for day in DAYS:
        late = run_day(other, day)
        assert _statuses(late) == _statuses(desk.briefings[day]), day
    assert _recorded(other) == recorded


def test_without_a_store_every_story_is_new_and_nothing_surges(desk: Desk) -> None:
    again = remember(desk.briefings[DAYS[2]], None)
    assert {s.status for t in again.themes for s in t.stories} == {"new"}
    assert {s.days for t in again.themes for s in t.stories} == {(DAYS[2],)}
    assert all(t.surge is None for t in again.themes) and not again.earlier_days


def test_a_count_far_above_the_last_days_is_a_surge() -> None:
    assert surge(8, [1, 2, 1]) == 6.0
    assert surge(6, [0, 0, 0]) == 6.0  # a mean under one article counts as one
    assert surge(8, [4, 3]) is None  # about twice: not far above
    assert surge(3, [0, 0]) is None  # too few articles to say
    assert surge(8, []) is None  # no earlier day to compare with


def test_a_surging_theme_is_flagged_and_shown_first(desk: Desk) -> None:
    briefing = desk.briefings[DAYS[2]]
    history = {"2026-04-05": {"Talks": 1, "Crossings": 0}, "2026-04-07": {"Talks": 1, "Crossings": 1}}
    crossings = next(t for t in briefing.themes if t.name == "Crossings")
    louder = tuple(
        t if t is not crossings else replace(t, articles=t.articles * 3) for t in briefing.themes
    )  # six reports of the crossing today
    flagged = remember(replace(briefing, themes=louder), None, theme_history=history)
    assert [t.surge for t in flagged.themes] == [None, 6.0]
    context = build_context(flagged, desk.config.audiences[0])
    assert [t.name for t in context.themes] == ["Crossings", "Talks"]
    assert context.themes[0].surge == 6.0


def test_a_story_of_the_last_brief_with_no_report_today_gets_one_quiet_line(desk: Desk) -> None:
    monday, tuesday = (stories(desk.briefings[day]) for day in DAYS[:2])
    quiet = desk.briefings[DAYS[1]].quiet_stories
    assert [(q.id, q.last_seen, q.articles) for q in quiet] == [(monday["Dorn"].id, DAYS[0], 2)]
    wednesday_quiet = desk.briefings[DAYS[2]].quiet_stories  # Dorn is back; Tuesday's Marra flood went quiet
    assert [q.id for q in wednesday_quiet] == [tuesday["Marra"].id]
    assert not desk.briefings[DAYS[0]].quiet_stories
    data = json.loads((desk.output / DAYS[1] / "analyst" / "briefing.json").read_text(encoding="utf-8"))
    assert [(q["id"], q["theme"], q["last_seen"]) for q in data["quiet_stories"]] == [
        (monday["Dorn"].id, "Crossings", DAYS[0])
    ]
    for audience in ("analyst", "executive"):
        text = (desk.output / DAYS[1] / audience / "briefing.md").read_text(encoding="utf-8")
        since = text[text.index("## Since the last brief") :]
        line = next(x for x in since.splitlines() if x.startswith("- **Quiet today:**"))
        assert "Dorn" in line and "Velm" not in line
