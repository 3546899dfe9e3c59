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
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import numpy as np
import pytest
import yaml

from briefer import memory as memory_module
from briefer import stories as story_module
from briefer.analyse import analyse
from briefer.config import Config, parse_config
from briefer.context import build_context
from briefer.memory import (
    ARTICLE_CONTINUES,
    CONTRAST,
    _article_features,
    _continuations,
    _Earlier,
    _earlier_stories,
    _similarity,
    memory_stamp,
    remember,
    surge,
)
from briefer.models import Article, Briefing, Story, SummarizedArticle
from briefer.pipeline import build, run
from briefer.store import Store
from briefer.stories import find_stories
from briefer.summarize import summarize_articles

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
    assert surge(8, [4, 3, 4]) is None  # about twice: not far above
    assert surge(3, [0, 0, 0]) is None  # too few articles to say
    assert surge(8, []) is None  # no earlier day to compare with
    assert surge(8, [1, 1]) is None  # two earlier days do not tell the usual (a desk's second morning)


def test_a_surging_theme_is_flagged_and_shown_first(desk: Desk) -> None:
    briefing = desk.briefings[DAYS[2]]
    history = {
        "2026-04-04": {"Talks": 1, "Crossings": 1},
        "2026-04-05": {"Talks": 1, "Crossings": 0},
        "2026-04-07": {"Talks": 1, "Crossings": 1},
    }
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


# -- one event cut in pieces: by one day's clustering, or by the next's --------------------------------


def _cut(briefing: Briefing, theme: str, piece: set[str]) -> Briefing:
    """The briefing with the theme's story holding the files of ``piece`` cut in two: those, and the rest."""
    themes = []
    for group in briefing.themes:
        if group.name == theme:
            files = {item.article.id: Path(item.article.url).stem for item in group.articles}
            stories_out: list[Story] = []
            for story in group.stories:
                inside = tuple(i for i in story.article_ids if files[i] in piece)
                rest = tuple(i for i in story.article_ids if files[i] not in piece)
                if inside and rest:
                    stories_out += [replace(story, article_ids=inside), replace(story, article_ids=rest)]
                else:
                    stories_out.append(story)
            group = replace(group, stories=tuple(stories_out))
        themes.append(group)
    return replace(briefing, themes=tuple(themes))


def _talks(briefing: Briefing) -> list[Story]:
    return [s for t in briefing.themes if t.name == "Talks" for s in t.stories]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Briefing]:
    """Each day's briefing before the memory (no store history read)."""
    config = make_config(tmp_path_factory.mktemp("built"))
    return {day: build(config, date.fromisoformat(day))[0] for day in DAYS}


@pytest.mark.parametrize("alone", ["velm-talks-day-two", "velm-monitoring"])
def test_two_pieces_of_one_event_on_both_days_make_one_story_with_the_id_of_the_larger(
    built: dict[str, Briefing], tmp_path: Path, alone: str
) -> None:
    # Tuesday's clustering cut the Velm talks into two stories (two reports and one), Wednesday's into two again.
    tuesday_files = {"velm-talks-update", "velm-talks-day-two", "velm-monitoring"} - {alone}
    with Store(tmp_path / "store.db") as store:
        tuesday = remember(_cut(built[DAYS[1]], "Talks", tuesday_files), store)
        larger, smaller = sorted(_talks(tuesday), key=lambda s: -len(s.article_ids))
        assert (len(larger.article_ids), len(smaller.article_ids)) == (2, 1) and larger.id != smaller.id
        wednesday = remember(_cut(built[DAYS[2]], "Talks", {"velm-accord"}), store)
    talks = _talks(wednesday)
    assert len(talks) == 1  # both of Wednesday's pieces continue the event: one story
    assert (talks[0].id, talks[0].status, talks[0].days) == (larger.id, "developing", DAYS[1:])
    assert len(talks[0].article_ids) == 2 and talks[0].summary
    assert all(q.id not in {larger.id, smaller.id} for q in wednesday.quiet_stories)
    marra = next(s for t in tuesday.themes if t.name == "Crossings" for s in t.stories)
    assert marra.status == "new"  # the flood at another crossing stays another story


def _earlier(story_id: str, features: dict[str, int], articles: int) -> _Earlier:
    return _Earlier(story_id, "2026-04-06", Counter(features), {"2026-04-06": articles})


def test_a_story_alike_to_two_pieces_of_one_earlier_event_carries_the_larger_ones_id() -> None:
    harbour = {"Quellin": 3, "harbour": 2, "Orsk": 2, "12 cranes": 1}
    remembered = [
        _earlier("s-large", {**harbour, "Mayor Ilse Varn": 2}, articles=4),
        _earlier("s-small", {**harbour, "Pier 9": 2}, articles=1),
        _earlier("s-other", {"Tarrow": 3, "bridge": 2}, articles=6),
    ]
    today = [{**harbour, "Pier 9": 3}]  # more alike to the small piece (0.99), alike to the large one (0.62)
    [(carried, joined)] = _continuations(today, remembered, 0.3)  # type: ignore[misc]
    assert (remembered[carried].id, sorted(joined)) == ("s-large", [0, 1])


def test_pieces_that_are_not_alike_to_each_other_are_not_joined() -> None:
    # Two floods of the same kind, two stories: today's report of the Dorn flood also names Marra's
    # (alike to both from 0.3), but the two are not alike to each other, and the larger is not the one.
    remembered = [
        _earlier("s-dorn", {"Dorn": 3, "Sorra river": 2, "300 trucks": 1}, articles=1),
        _earlier("s-marra", {"Marra": 3, "Tessel river": 2, "40 families": 1}, articles=5),
    ]
    today = [{"Dorn": 3, "Sorra river": 2, "Marra": 2, "Tessel river": 1}]
    [(carried, joined)] = _continuations(today, remembered, 0.3)  # type: ignore[misc]
    assert (remembered[carried].id, sorted(joined)) == ("s-dorn", [0])
    assert _continuations([{"Velm": 2}], remembered, 0.3) == [None]


def test_two_stories_of_today_each_continuing_its_own_keep_two_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    # Yesterday's two offers to mediate (Norland's, Velm's), alike by the crisis they name; today each
    # is told again as it was (a folder read with `window: all` gives the same articles every day). Each
    # of today's stories continues its own: neither takes the other's as a piece of its event, so they
    # carry two ids and are not made one story (the demo run on two days merged its offers so, and its
    # talks with a convoy of trucks). Pieces of one event told in new reports still join (the test above).
    crisis = {"Kestrel Bay": 3, "Ostrava": 2, "border": 2}
    remembered = [
        _earlier("s-norland", {**crisis, "Norland": 3, "foreign minister Ilse Varn": 1}, articles=3),
        _earlier("s-velm", {**crisis, "Velm": 3, "talks in Velm": 1}, articles=1),
    ]
    today = [{**crisis, "Norland": 3, "foreign minister Ilse Varn": 1}, {**crisis, "Velm": 3, "talks in Velm": 1}]
    found = _continuations(today, remembered, 0.3)
    assert [(remembered[c].id, sorted(j)) for c, j in found] == [("s-norland", [0]), ("s-velm", [1])]
    monkeypatch.setattr(memory_module, "FAMILY_FREE", False)  # each took the other's as a piece of one event
    assert [remembered[c].id for c, _ in _continuations(today, remembered, 0.3)] == ["s-norland", "s-norland"]


def _move(briefing: Briefing, file: str, theme: str) -> Briefing:
    """The briefing with the Talks article of ``file`` taken out of its story and made a story of ``theme``."""
    talks = next(t for t in briefing.themes if t.name == "Talks")
    item = next(i for i in talks.articles if Path(i.article.url).stem == file)
    themes = []
    for group in briefing.themes:
        if group.name == "Talks":
            kept = tuple(
                replace(s, article_ids=tuple(i for i in s.article_ids if i != item.article.id)) for s in group.stories
            )
            group = replace(group, stories=kept)
        elif group.name == theme:
            alone = Story(item.article.title, (), (item.article.id,))
            group = replace(group, articles=(*group.articles, item), stories=(*group.stories, alone))
        themes.append(group)
    return replace(briefing, themes=tuple(themes))


def test_one_event_continued_in_two_themes_shares_its_id_and_is_recorded_once(
    built: dict[str, Briefing], tmp_path: Path
) -> None:
    with Store(tmp_path / "store.db") as store:
        monday = remember(_cut(built[DAYS[0]], "Talks", {"velm-talks-open"}), store)  # two pieces of one report each
        tuesday = remember(_move(built[DAYS[1]], "velm-talks-day-two", "Crossings"), store)
        recorded = store.stories_between(DAYS[1], DAYS[2])
    pieces = sorted(s.id for s in _talks(monday))
    velm = [s for t in tuesday.themes for s in t.stories if "Marra" not in s.title]
    assert [(t.name, len(s.article_ids)) for t in tuesday.themes for s in t.stories if s in velm] == [
        ("Talks", 2),
        ("Crossings", 1),
    ]
    assert {(s.id, s.status) for s in velm} == {(pieces[0], "developing")}  # a tie of sizes: the first id
    assert sorted((r.id, r.articles) for r in recorded if r.id == pieces[0]) == [(pieces[0], 3)]


# -- a story of today that only partly continues an earlier one ------------------------------------------

HARBOUR = Path(__file__).parent / "fixtures" / "harbour"
HARBOUR_DAYS = ("2026-05-11", "2026-05-12")
MONDAY = {"quellin-pier-fire", "quellin-cranes-idle"}
TARROW = {"tarrow-silo-fire", "tarrow-quay-closed", "tarrow-second-fire"}


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Briefing]:
    """Two days of our own writing, before the memory: Monday, a fire at Quellin harbour's Pier 9 (two
    reports); Tuesday, two more reports of it, one on paper mills that lost stock in it (which names
    little of Monday's), and a fire at Tarrow port (three reports, one recalling Quellin's fire)."""
    data = {
        "briefing": {"title": "Harbour desk", "timezone": "UTC"},
        "sources": [{"name": f"Wire {day}", "type": "folder", "path": str(HARBOUR / day)} for day in HARBOUR_DAYS],
        "themes": [],
        "audiences": [{"name": "desk", "template": "analyst", "formats": ["md"]}],
    }
    config = parse_config(yaml.safe_dump(data), base_dir=tmp_path_factory.mktemp("harbour"))
    return {day: build(config, date.fromisoformat(day))[0] for day in HARBOUR_DAYS}


def _stories(briefing: Briefing, *groups: set[str]) -> Briefing:
    """The briefing with the articles of each of ``groups`` (files) made one story, as a day's clustering
    may make them, and every other article a story of its own."""
    themes = []
    for theme in briefing.themes:
        stem = {item.article.id: Path(item.article.url).stem for item in theme.articles}
        made = [Story("made", (), tuple(i for i in stem if stem[i] in files)) for files in groups]
        alone = [Story("alone", (), (i,)) for i in stem if not any(stem[i] in files for files in groups)]
        themes.append(replace(theme, stories=tuple(s for s in (*made, *alone) if s.article_ids)))
    return replace(briefing, themes=tuple(themes))


def _by_files(briefing: Briefing) -> dict[frozenset[str], Story]:
    stem = {item.article.id: Path(item.article.url).stem for item in briefing.articles}
    return {frozenset(stem[i] for i in s.article_ids): s for t in briefing.themes for s in t.stories}


def _alone_alike(briefing: Briefing, file: str, store: Store) -> float:
    """How alike one article of ``briefing`` is, by itself, to the earlier days' stories (the most alike)."""
    _, remembered, _ = _earlier_stories(store, briefing.date, 7)
    item = next(i for i in briefing.articles if Path(i.article.url).stem == file)
    return float(_similarity([_article_features(item)], [e.features for e in remembered]).max())


def test_a_report_naming_little_of_yesterday_continues_with_the_story_it_is_in(
    harbour: dict[str, Briefing], tmp_path: Path
) -> None:
    monday, tuesday = (harbour[day] for day in HARBOUR_DAYS)
    quellin = {"quellin-fire-inquiry", "quellin-pier-reopens", "paper-mills-wait"}
    with Store(tmp_path / "store.db") as store:
        [fire] = [s for t in remember(_stories(monday, MONDAY), store).themes for s in t.stories]
        assert _alone_alike(tuesday, "paper-mills-wait", store) < CONTRAST  # by itself it continues nothing
        stories_out = _by_files(remember(_stories(tuesday, quellin, TARROW), store))
    assert (stories_out[frozenset(quellin)].id, stories_out[frozenset(quellin)].status) == (fire.id, "developing")
    assert {s.status for files, s in stories_out.items() if files != frozenset(quellin)} == {"new"}


def test_two_fires_in_one_story_part_and_a_report_recalling_yesterdays_stays_with_todays(
    harbour: dict[str, Briefing], tmp_path: Path
) -> None:
    monday, tuesday = (harbour[day] for day in HARBOUR_DAYS)
    quellin = frozenset({"quellin-fire-inquiry", "quellin-pier-reopens"})
    with Store(tmp_path / "store.db") as store:
        [fire] = [s for t in remember(_stories(monday, MONDAY), store).themes for s in t.stories]
        assert _alone_alike(tuesday, "tarrow-second-fire", store) >= ARTICLE_CONTINUES  # it names Pier 9, Orsk ...
        stories_out = _by_files(remember(_stories(tuesday, quellin | TARROW), store))
    assert (stories_out[quellin].id, stories_out[quellin].status) == (fire.id, "developing")
    assert stories_out[frozenset(TARROW)].status == "new" and stories_out[frozenset(TARROW)].id != fire.id


def test_an_act_answering_yesterday_s_event_and_a_round_up_are_new(
    harbour: dict[str, Briefing], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The day after the Pier 9 fire, the port board's ban on hot work (an act by another actor, who named
    nothing of Monday's reports), the mayor of Quellin closing a road (the town's office acts: Monday's reports
    name the town, never its mayor), the minister suspending the pier's lease (Monday's reports name her past
    their leads only: :data:`briefer.memory.LEAD_NAMED`) and the day's round-up are new stories, as they would be
    within one day; the pier reopening continues the fire. The ban stays new when today's clustering puts it with
    the reopening (:data:`briefer.memory.ACTS_STAY`). A second fire, at Pier 4, whose headline says so, is new
    (:data:`briefer.memory.ANOTHER_NEW`)."""
    data = {
        "briefing": {"title": "Harbour desk", "timezone": "UTC"},
        "sources": [
            {"name": "Wire", "type": "folder", "path": str(HARBOUR / HARBOUR_DAYS[1])},
            {"name": "Port desk", "type": "folder", "path": str(HARBOUR.parent / "harbour-answers" / HARBOUR_DAYS[1])},
        ],
        "themes": [],
        "audiences": [{"name": "desk", "template": "analyst", "formats": ["md"]}],
    }
    config = parse_config(yaml.safe_dump(data), base_dir=tmp_path)
    tuesday = build(config, date.fromisoformat(HARBOUR_DAYS[1]))[0]
    answers = {
        "port-board-bans-hot-work",
        "quellin-harbour-what-we-know",
        "quellin-mayor-closes-harbour-road",
        "minister-orders-crane-checks",
        "lang-suspends-orsk-pier-lease",
        "paper-merchants-count-losses",
        "quellin-second-fire-pier-4",
    }

    def statuses() -> dict[str, str]:
        with Store(tmp_path / f"store-{memory_module.ANSWERS_NEW}.db") as store:
            remember(_stories(harbour[HARBOUR_DAYS[0]], MONDAY), store)
            found = _by_files(remember(_stories(tuesday), store))
        return {file: story.status for files, story in found.items() for file in files}

    found = statuses()
    assert {name: found[name] for name in (*answers, "quellin-pier-reopens")} == {
        "port-board-bans-hot-work": "new",
        "quellin-harbour-what-we-know": "new",
        "quellin-mayor-closes-harbour-road": "new",  # Monday's reports name Quellin, not its mayor
        "minister-orders-crane-checks": "new",  # a minister visited on Monday; no headline of Monday's names one
        "lang-suspends-orsk-pier-lease": "new",  # Monday's reports name her past their leads only
        "paper-merchants-count-losses": "developing",  # people reacting in words: the fire's, told with their names
        "quellin-second-fire-pier-4": "new",  # its headline says it is another fire (ANOTHER_NEW)
        "quellin-pier-reopens": "developing",
    }
    # Today's clustering put the ban with the pier's reopening: the reopening continues the fire, the ban stays new
    together = {"port-board-bans-hot-work", "quellin-pier-reopens"}

    def clustered(name: str) -> dict[str, str]:
        with Store(tmp_path / f"store-{name}.db") as store:
            remember(_stories(harbour[HARBOUR_DAYS[0]], MONDAY), store)
            found = _by_files(remember(_stories(tuesday, together), store))
        return {file: story.status for files, story in found.items() for file in files}

    assert {name: clustered("acts-stay")[name] for name in together} == {
        "port-board-bans-hot-work": "new",
        "quellin-pier-reopens": "developing",
    }
    monkeypatch.setattr(memory_module, "ACTS_STAY", False)
    assert clustered("acts-go")["port-board-bans-hot-work"] == "developing"  # swept along with the reopening
    monkeypatch.setattr(memory_module, "ANOTHER_NEW", False)
    assert statuses()["quellin-second-fire-pier-4"] == "developing"  # the same harbour, chief and tanker: alike
    monkeypatch.setattr(memory_module, "REACTION_CONTINUES", False)
    assert statuses()["paper-merchants-count-losses"] == "new"  # too little of Monday named to continue it
    monkeypatch.setattr(memory_module, "LEAD_NAMED", False)
    assert statuses()["lang-suspends-orsk-pier-lease"] == "developing"  # named by Monday's features: continues
    monkeypatch.setattr(memory_module, "ANSWERS_NEW", False)
    assert statuses()["minister-orders-crane-checks"] == "developing"  # without the rule: alike, it continues


def test_a_story_continuing_article_by_article_takes_the_earlier_story_first() -> None:
    # The first story of today is, as a whole, the more alike to the earlier story, but the articles
    # of the second continue it one by one (the memory's regrouping said so): the second takes it.
    remembered = [_earlier("s-fire", {"Quellin": 3, "Pier 9": 2, "Orsk": 2}, articles=2)]
    today = [{"Quellin": 3, "Pier 9": 2, "Tarrow": 1}, {"Quellin": 1, "Orsk": 2, "Varn": 3}]
    assert [c and c[0] for c in _continuations(today, remembered, 0.3)] == [0, None]
    assert [c and c[0] for c in _continuations(today, remembered, 0.3, prefer={1: 0})] == [None, 0]


def test_an_edition_is_made_again_when_the_memory_regroups_its_stories(desk: Desk) -> None:
    # The memory may move an article between stories of the day without changing any id or status
    # (a report following its story): the edition's up-to-date key must see it.
    briefing = desk.briefings[DAYS[1]]
    velm = stories(briefing)["Velm"]
    fewer = replace(velm, article_ids=velm.article_ids[:-1])
    moved = tuple(replace(t, stories=tuple(fewer if s is velm else s for s in t.stories)) for t in briefing.themes)
    assert len(velm.article_ids) > 1
    assert memory_stamp(replace(briefing, themes=moved), {}) != memory_stamp(briefing, {})


# A quake desk's day of our own writing (tests/fixtures/memory/quake_day.json): the Karven earthquake
# told four times, twice the evening it struck ("5 dead") and twice the next morning, once the toll
# had risen ("24 dead", "more than 200 injured"), in other words (the shaking, then the rubble); a
# ferry fire told twice, a council's budget, a cup final. Issue 12 scores a day's stories within it.
QUAKE = Path(__file__).parent / "fixtures" / "memory" / "quake_day.json"


def _quake_day() -> list[SummarizedArticle]:
    records = json.loads(QUAKE.read_text(encoding="utf-8"))
    first = datetime(2026, 7, 3, 8, 0, tzinfo=UTC)
    articles = [
        Article(
            id=r["id"],
            title=r["title"],
            url=f"https://example.org/{r['id']}",
            source="Test wire",
            text=r["text"],
            published=first + timedelta(minutes=i),
            published_from="metadata",
        )
        for i, r in enumerate(records)
    ]
    return summarize_articles(analyse(articles), "lead", 2)


def test_one_event_told_with_two_counts_is_one_story_of_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    items = _quake_day()
    quake = frozenset({"quake-first", "quake-shaking", "quake-toll", "quake-rescue"})
    found = {frozenset(s.article_ids) for s in find_stories(items)}
    assert quake in found
    assert {frozenset({"ferry-fire", "ferry-tow"}), frozenset({"council-budget"}), frozenset({"cup-final"})} <= found
    # The evening's reports and the morning's hold together apart in step 2's second look, and
    # differ in facts only by their counts: "5" against "24" and "200", read as facts of their own
    # when a number is one, the event is cut in two.
    day = story_module._day_of(sorted(items, key=story_module._fixed_order))
    ids = [item.article.id for item in sorted(items, key=story_module._fixed_order)]
    evening = [ids.index("quake-first"), ids.index("quake-shaking")]
    morning = [ids.index("quake-toll"), ids.index("quake-rescue")]
    assert story_module._own_facts(day, evening, morning) == []
    monkeypatch.setattr(story_module, "OWN_NUMBERS", False)
    assert story_module._own_facts(day, evening, morning) == ["5"]
    monkeypatch.setattr(story_module, "TOLL_CONTINUES", False)  # step 9 would join the morning's toll back
    cut = {frozenset(s.article_ids) for s in find_stories(items)}
    assert quake not in cut
    assert frozenset({"quake-first", "quake-shaking"}) in cut and frozenset({"quake-toll", "quake-rescue"}) in cut


def test_a_piece_of_a_name_the_other_part_writes_whole_is_no_fact_of_a_part(monkeypatch: pytest.MonkeyPatch) -> None:
    # "Ka'Loni" split by one outlet's apostrophe ("ka", "loni"), whole in the others' ("ka'loni").
    leads = [frozenset({"varro", "ka", "loni"})] * 2 + [frozenset({"varro", "ka'loni"})] * 2
    day = story_module._Day([["w"]] * 4, [["s"]] * 4, leads, leads)
    assert story_module._own_facts(day, [0, 1], [2, 3]) == []
    assert story_module._own_facts(day, [2, 3], [0, 1]) == ["ka'loni"]
    monkeypatch.setattr(story_module, "OWN_PIECES", False)
    assert story_module._own_facts(day, [0, 1], [2, 3]) == ["ka", "loni"]


def _trial_day(people: list[str | None], cross: float, named: str = "brenner") -> story_module._Day:
    """Four reports of a trial by our own hand: two of the verdict (Judge Crane), two of the victim's
    family outside the court (Mira Holt), in words that part them once the trial's are set aside;
    ``cross``: how alike the two pairs are in step 1's look over the theme; ``named``: whom the
    family's leads name besides Mira Holt."""
    words = [["trial", "verdict", "jury", "court"]] * 2 + [["trial", "family", "tears", "steps"]] * 2
    leads = [frozenset({"brenner", "crane"})] * 2 + [frozenset({named, "holt"})] * 2
    day = story_module._Day(words, words, leads, leads, people=people)
    day.sim = np.array(
        [[1.0, 0.8, cross, cross], [0.8, 1.0, cross, cross], [cross, cross, 1.0, 0.8], [cross, cross, 0.8, 1.0]]
    )
    return day


def test_a_cut_between_two_angles_on_one_person_alike_over_the_theme_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one_person = ["brenner"] * 4
    assert story_module._split(_trial_day(one_person, 0.5), [0, 1, 2, 3], 0.3) is None
    # Two events of one person (a coach hired, then fired years on) touch little in step 1's look.
    assert story_module._split(_trial_day(one_person, 0.25), [0, 1, 2, 3], 0.3) == [[0, 1], [2, 3]]
    # Two people's events are cut however alike, when neither's reports name the other in their leads.
    two = ["brenner"] * 2 + ["holt"] * 2
    assert story_module._split(_trial_day(two, 0.5, named="varro"), [0, 1, 2, 3], 0.3) == [[0, 1], [2, 3]]
    # The judge's reports are about him, the family's about no one person, and every lead names the
    # man on trial, whom one of them is about.
    anchored = ["crane", "crane", "brenner", "holt"]
    assert story_module._split(_trial_day(anchored, 0.5), [0, 1, 2, 3], 0.3) is None
    monkeypatch.setattr(story_module, "ONE_PERSON_ANCHOR", False)
    assert story_module._split(_trial_day(anchored, 0.5), [0, 1, 2, 3], 0.3) == [[0, 1], [2, 3]]
    monkeypatch.setattr(story_module, "ONE_PERSON_ALIKE", 1.01)
    assert story_module._split(_trial_day(one_person, 0.5), [0, 1, 2, 3], 0.3) == [[0, 1], [2, 3]]


def _told_day(
    first: set[str], second: set[str], cross: float, cased: list[set[str]] | None = None
) -> story_module._Day:
    """Four reports by our own hand, two and two, that step 2's second look parts (the words of a
    verdict against those of the family outside the court); each pair's leads name the trial's man
    and ``first`` or ``second``; ``cross``: how alike the pairs are in step 1's look over the theme;
    ``cased``: what each headline capitalises only as a headline (:func:`headline_capitals`)."""
    words = [["trial", "verdict", "jury", "court"]] * 2 + [["trial", "family", "tears", "steps"]] * 2
    leads = [frozenset({"brenner", *first})] * 2 + [frozenset({"brenner", *second})] * 2
    day = story_module._Day(words, words, leads, leads, cased=[frozenset(c) for c in cased] if cased else None)
    day.sim = np.array(
        [[1.0, 0.8, cross, cross], [0.8, 1.0, cross, cross], [cross, cross, 1.0, 0.8], [cross, cross, 0.8, 1.0]]
    )
    return day


def test_parts_alike_over_the_theme_that_differ_by_a_weekday_or_a_month_are_one_event(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The verdict's reports written on Thursday, the family's on Friday: one event, told on two days.
    assert story_module._split(_told_day({"thursday"}, {"friday"}, 0.5), [0, 1, 2, 3], 0.3) is None
    assert story_module._split(_told_day({"march"}, {"april"}, 0.5), [0, 1, 2, 3], 0.3) is None
    # Two events of one kind touch little over the theme; or one part states a year of its own.
    assert story_module._split(_told_day({"thursday"}, {"friday"}, 0.25), [0, 1, 2, 3], 0.3) == [[0, 1], [2, 3]]
    assert story_module._split(_told_day({"thursday", "2019"}, {"friday"}, 0.5), [0, 1, 2, 3], 0.3) == [
        [0, 1],
        [2, 3],
    ]
    monkeypatch.setattr(story_module, "OWN_CALENDAR", False)
    assert story_module._split(_told_day({"thursday"}, {"friday"}, 0.5), [0, 1, 2, 3], 0.3) == [[0, 1], [2, 3]]


def test_parts_alike_over_the_theme_do_not_stand_apart_on_a_headline_s_capitals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "Magnitude" capitalised by two title-case headlines and nowhere else, against the place the
    # other two name: one of the parts states nothing of its own.
    cased = [{"magnitude"}] * 2 + [set()] * 2
    assert story_module._split(_told_day({"magnitude"}, {"holt"}, 0.5, cased), [0, 1, 2, 3], 0.3) is None
    assert story_module._split(_told_day({"magnitude"}, {"holt"}, 0.25, cased), [0, 1, 2, 3], 0.3) == [
        [0, 1],
        [2, 3],
    ]
    monkeypatch.setattr(story_module, "OWN_CASED", False)
    assert story_module._split(_told_day({"magnitude"}, {"holt"}, 0.5, cased), [0, 1, 2, 3], 0.3) == [[0, 1], [2, 3]]


def test_a_headline_s_capitals_are_the_words_no_sentence_writes_capitalised() -> None:
    article = Article(
        id="granary",
        title="Overnight Fire Destroys Historic Brannock Granary",
        url="https://example.org/granary",
        source="Test wire",
        text=(
            "A fire destroyed the old Brannock granary in the town of Tessel early on Tuesday. "
            "Crews from the Tessel Fire Brigade fought the flames for four hours, and nobody was hurt. "
            "The granary was built in 1911 and had stood empty for a decade."
        ),
        published=datetime(2026, 7, 3, 8, 0, tzinfo=UTC),
        published_from="metadata",
    )
    (analysed,) = analyse([article])
    cased = story_module.headline_capitals(analysed)
    assert {"overnight", "destroys", "historic", "granary"} <= cased
    # A name the text writes capitalised, and a word a name in the text holds ("Tessel Fire Brigade").
    assert not {"brannock", "fire"} & cased
    # A headline in sentence case capitalises its first word only.
    assert story_module._title_case(article.title)
    assert not story_module._title_case("Fire destroys historic granary in Tessel")


ARDEN = Path(__file__).parent / "fixtures" / "arden"


def test_a_body_found_the_day_after_continues_the_search_and_the_day_in_brief_is_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Day 1: a fisherman missing in the Arden flood and the search for him (our own writing). Day 2: his body
    recovered off Belcombe point, told with his name and places day 1 never named, continues the flood's story
    (:data:`briefer.memory.FOUND_CONTINUES`), and so does his village mourning him, told with its own people
    (:data:`briefer.memory.MOURNING_CONTINUES`), but not the harbour's boats staying tied up as its fishermen
    mourn him (a stoppage, an act of its own); the day's round-up ("the day in brief") is new, as it is a story
    of its own within a day."""
    days = sorted(p.name for p in ARDEN.iterdir())
    data = {
        "briefing": {"title": "Valley desk", "timezone": "UTC"},
        "sources": [{"name": f"Wire {day}", "type": "folder", "path": str(ARDEN / day)} for day in days],
        "themes": [],
        "audiences": [{"name": "desk", "template": "analyst", "formats": ["md"]}],
    }
    config = parse_config(yaml.safe_dump(data), base_dir=tmp_path)
    first, second = (build(config, date.fromisoformat(day))[0] for day in days)

    def statuses(name: str) -> dict[str, str]:
        with Store(tmp_path / f"{name}.db") as store:
            remember(_stories(first, {"fisherman-missing", "search-resumes"}), store)
            found = _by_files(remember(_stories(second), store))
        return {file: story.status for files, story in found.items() for file in files}

    assert statuses("with") == {
        "body-recovered": "developing",
        "stowe-marsh-mourns": "developing",
        "arden-day-in-brief": "new",
        "lowmead-boats-tied-up": "new",  # the fleet's stoppage: people acting together, though they mourn
    }
    monkeypatch.setattr(memory_module, "FOUND_CONTINUES", False)
    without = statuses("without")
    assert without["body-recovered"] == "new" and without["stowe-marsh-mourns"] == "developing"
    monkeypatch.setattr(memory_module, "MOURNING_CONTINUES", False)
    assert statuses("without mourning")["stowe-marsh-mourns"] == "new"


BLAST = {
    "2026-06-01": {
        "compressor-blast": (
            "Blast at Greene compressor station injures four workers",
            "HOLLOW RIDGE – An explosion and fire at a natural gas compressor station near Hollow Ridge injured four "
            "workers on Monday evening, two of them critically, and forced about 30 households along Ridge Run Road "
            "to leave their homes for several hours, emergency officials said.\n\nThe blast happened at about 5:35 "
            "p.m. at the Ridge Run compressor station, which Tarn Midstream uses to push gas into an interstate "
            "pipeline.\n\nTwo of the injured workers were flown to the burn unit at West Alder Hospital.",
        ),
    },
    "2026-06-02": {
        "mechanic-dies": (
            "Carrow mechanic dies of burns suffered in Monday's explosion",
            "ALDER – A 34-year-old mechanic from Carrow died on Tuesday morning of the burns he suffered in the "
            "explosion at the Ridge Run compressor station, the county coroner said.\n\nEli Brandt had been in the "
            "burn unit at West Alder Hospital since Monday evening, the coroner's office said.\n\nHis brother said "
            "Brandt had worked on engines since he was a teenager.",
        ),
    },
}


def _two_mornings_status(tmp_path: Path, days: dict[str, dict[str, tuple[str, str]]], file: str, name: str) -> str:
    """The status on the second morning of ``days`` (our own writing: day -> file -> headline and text, written as
    a folder source each) of the lone report ``file``, the first morning's stories remembered in a store ``name``."""
    if not (tmp_path / "sources").exists():
        for day, files in days.items():
            (tmp_path / "sources" / day).mkdir(parents=True)
            for stem, (title, text) in files.items():
                (tmp_path / "sources" / day / f"{stem}.md").write_text(
                    f'---\ntitle: "{title}"\ndate: {day}T18:00:00+00:00\n---\n{text}\n', encoding="utf-8"
                )
    data = {
        "briefing": {"title": "Ridge desk", "timezone": "UTC"},
        "sources": [{"name": f"Wire {day}", "type": "folder", "path": str(tmp_path / "sources" / day)} for day in days],
        "themes": [],
        "audiences": [{"name": "desk", "template": "analyst", "formats": ["md"]}],
    }
    config = parse_config(yaml.safe_dump(data), base_dir=tmp_path)
    first, second = (build(config, date.fromisoformat(day))[0] for day in days)
    with Store(tmp_path / f"{name}.db") as store:
        remember(_stories(first), store)
        found = _by_files(remember(_stories(second), store))
    return found[frozenset({file})].status


def test_a_death_of_the_injuries_an_earlier_event_gave_continues_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Day 1: a compressor station's blast injures four workers (our own writing). Day 2: a mechanic dies of his
    burns, told with his name, town and the coroner, which day 1 never named: the blast's story, developing
    (:data:`briefer.memory.INJURIES_CONTINUE`); without the rule, new."""
    assert story_module.died_of_injuries(memory_module._title_words("Carrow mechanic dies of burns"))
    assert not story_module.died_of_injuries(memory_module._title_words("Man dies in crash on Ridge Run Road"))
    assert _two_mornings_status(tmp_path, BLAST, "mechanic-dies", "with") == "developing"
    monkeypatch.setattr(memory_module, "INJURIES_CONTINUE", False)
    assert _two_mornings_status(tmp_path, BLAST, "mechanic-dies", "without") == "new"


LEAK = {
    "2026-06-01": {
        "ammonia-leak": (
            "Ammonia leak at Tarnchem plant in Kessel; seven workers treated",
            "KESSEL – Ammonia escaped from a transfer line at the Tarnchem chemical plant in Kessel on Monday evening, "
            "and seven workers were treated for breathing problems, the fire zone said.\n\nResidents of Kessel were "
            "told to keep their windows shut until the readings fell.",
        ),
    },
    "2026-06-02": {
        "shares-slip": (
            "Harrow Chemicals shares slip as Kessel ammonia unit stays shut after leak",
            "LONDON – Shares in Harrow Chemicals fell as much as 3.4 percent on Tuesday after the group said the "
            "ammonia unit at its subsidiary Tarnchem would stay shut for at least a week.\n\nAnalysts at Ludgate "
            "Securities said the outage would cost the group about 4 million euros.",
        ),
    },
}


def test_a_firm_s_shares_moving_after_an_event_continue_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Day 2's report of the parent company's shares slipping after the plant's leak continues the leak's story
    (:data:`briefer.memory.MARKET_CONTINUES`); without the rule, new."""
    assert memory_module._market_reaction("Harrow Chemicals shares slip as Kessel unit stays shut")
    assert not memory_module._market_reaction("Share prices of coffee hold steady")
    assert _two_mornings_status(tmp_path, LEAK, "shares-slip", "with") == "developing"
    monkeypatch.setattr(memory_module, "MARKET_CONTINUES", False)
    assert _two_mornings_status(tmp_path, LEAK, "shares-slip", "without") == "new"
