"""Small days, read as their reader would: a 9-article EU energy day with four themes (one empty), a
6-article border-crisis day (two themes empty) and a 17-article valley desk's day of three themes whose stories a
reader would draw are known, all written for these tests (tests/fixtures/editions).

Each day runs through the real pipeline into real files; the PDFs are read back with pypdf, and the
executive page is rendered a second time by WeasyPrint with its safety clip turned off, to show that
what the page holds really fits.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pypdf
import pytest
import weasyprint

from briefer.config import parse_config
from briefer.context import build_context, fit_page
from briefer.models import Briefing
from briefer.pipeline import run
from briefer.render import md_escape, render_edition

FIXTURES = Path(__file__).parent / "fixtures" / "editions"

ENERGY = """\
briefing: {title: EU Energy Brief, timezone: Europe/Brussels}
sources:
  - {name: Continental Wire, type: folder, path: articles/continental-wire, window: all}
  - {name: Brussels Desk, type: folder, path: articles/brussels-desk, window: all}
  - {name: Power Journal, type: folder, path: articles/power-journal, window: all}
themes:
  - {name: Gas markets, keywords: [gas, LNG, storage, TTF, cargo]}
  - {name: Households and industry, keywords: [household, bills, consumer, tariff, industry, factory]}
  - {name: Renewables, keywords: [wind, solar, renewable, offshore]}
  - {name: Nuclear, keywords: [nuclear, reactor, uranium]}
summaries: {article_sentences: 3, theme_sentences: 4}
audiences:
  - {name: analyst, template: analyst, formats: [pdf, md, json, html]}
  - name: executive
    template: executive
    formats: [pdf, md, html]
    themes: [Gas markets, Households and industry, Renewables, Nuclear]
    article_sentences: 1
    theme_sentences: 2
"""

BORDER = """\
briefing: {title: Border Desk Brief, timezone: Asia/Karachi}
sources:
  - {name: Regional Wire, type: folder, path: articles/regional-wire, window: all}
  - {name: Khyber Courier, type: folder, path: articles/khyber-courier, window: all}
  - {name: Kabul Ledger, type: folder, path: articles/kabul-ledger, window: all}
themes:
  - {name: Border tensions, keywords: [border, crossing, Torkham, drone, airspace]}
  - {name: Talks, keywords: [talks, round, delegation, Istanbul]}
  - {name: Mediation, keywords: [mediation, mediator, good offices]}
  - {name: Refugees, keywords: [refugee, deportation, camp]}
summaries: {article_sentences: 3, theme_sentences: 4}
audiences:
  - {name: analyst, template: analyst, formats: [pdf, md, json, html]}
  - name: executive
    template: executive
    formats: [pdf, md, html]
    themes: [Border tensions, Talks, Mediation, Refugees]
    article_sentences: 1
    theme_sentences: 2
"""

VALLEY = """\
briefing: {title: Orvane Valley Brief, timezone: Europe/Warsaw}
sources:
  - {name: Valley Courier, type: folder, path: articles/valley-courier, window: all}
  - {name: Orvane Post, type: folder, path: articles/orvane-post, window: all}
  - {name: Radio Orvane, type: folder, path: articles/radio-orvane, window: all}
  - {name: Continental Markets, type: folder, path: articles/continental-markets, window: all}
themes:
  - {name: Factories and power, keywords: [factory, plant, power, substation, transformer, shift]}
  - {name: River and levees, keywords: [levee, flood, riverbank, seepage, dredging]}
  - {name: Roads and rail, keywords: [motorway, crash, coach, lorry, train, bridge]}
summaries: {article_sentences: 3, theme_sentences: 4}
audiences:
  - {name: analyst, template: analyst, formats: [pdf, md, json]}
"""


@dataclass
class Day:
    briefing: Briefing
    folder: Path  # output/<day>/

    def text(self, edition: str, name: str) -> str:
        return (self.folder / edition / name).read_text(encoding="utf-8")

    def pdf(self, edition: str) -> list[str]:
        data = (self.folder / edition / "briefing.pdf").read_bytes()
        return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]

    def json(self) -> dict:  # type: ignore[type-arg]
        return json.loads(self.text("analyst", "briefing.json"))


def make_day(workspace: Path, fixture: str, config_text: str, day: date) -> Day:
    shutil.copytree(FIXTURES / fixture, workspace / "articles")
    (workspace / "sources.yaml").write_text(config_text, encoding="utf-8")
    briefing, _ = run(parse_config(config_text, base_dir=workspace), day)
    return Day(briefing, workspace / "output" / day.isoformat())


@pytest.fixture(scope="module")
def energy(tmp_path_factory: pytest.TempPathFactory) -> Day:
    return make_day(tmp_path_factory.mktemp("energy"), "energy", ENERGY, date(2025, 11, 4))


@pytest.fixture(scope="module")
def border(tmp_path_factory: pytest.TempPathFactory) -> Day:
    return make_day(tmp_path_factory.mktemp("border"), "border", BORDER, date(2025, 11, 10))


def sections(markdown: str) -> dict[str, str]:
    """Each ``## heading`` (the theme's name, without the executive's article count) and its text."""
    parts = re.split(r"^## (.+?)(?: · \d+ articles?)?(?: \{#[\w-]+\})?$", markdown, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


# -- 3. no theme vanishes ----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "empty"), [("energy", ["Nuclear"]), ("border", ["Mediation", "Refugees"])])
def test_a_theme_with_nothing_today_is_in_every_edition_and_in_the_json(
    name: str, empty: list[str], request: pytest.FixtureRequest
) -> None:
    day: Day = request.getfixturevalue(name)
    themes = {t["name"]: t for t in day.json()["themes"]}
    for theme in empty:
        assert themes[theme]["articles"] == [] and themes[theme]["summary"] == []
        for edition in ("analyst", "executive"):
            assert f"*Nothing on {theme} today.*" in sections(day.text(edition, "briefing.md"))[theme]
            assert f"Nothing on {theme} today." in " ".join(day.pdf(edition))
    # configured themes keep their order; "Other" only holds what fits no theme
    configured = [t.name for t in day.briefing.themes if t.name != "Other"]
    assert list(themes)[: len(configured)] == configured
    assert all(t["articles"] for t in themes.values() if t["name"] == "Other")


def test_a_day_without_articles_says_so_instead_of_listing_empty_themes(tmp_path: Path) -> None:
    (tmp_path / "articles" / "continental-wire").mkdir(parents=True)
    (tmp_path / "articles" / "brussels-desk").mkdir()
    (tmp_path / "articles" / "power-journal").mkdir()
    briefing, _ = run(parse_config(ENERGY, base_dir=tmp_path), date(2025, 11, 4))
    assert briefing.themes == ()
    md = (tmp_path / "output" / "2025-11-04" / "executive" / "briefing.md").read_text(encoding="utf-8")
    assert "No articles were published on Tuesday 4 November 2025" in md and "Nothing on" not in md


# -- 4. the executive edition: one page, every theme alike, nothing dropped silently -------------


def page_without_clip(html: str) -> int:
    """Pages of the executive HTML printed with the stylesheet's one-sheet safety clip turned off."""
    unclipped = html.replace("</head>", "<style>.page { position: static; height: auto; }</style></head>")
    return len(weasyprint.HTML(string=unclipped).render().pages)


@pytest.mark.parametrize("name", ["energy", "border"])
def test_the_executive_page_fits_treats_themes_alike_and_counts_what_it_leaves_out(
    name: str, request: pytest.FixtureRequest
) -> None:
    day: Day = request.getfixturevalue(name)
    assert len(day.pdf("executive")) == 1
    assert page_without_clip(day.text("executive", "briefing.html")) == 1
    md = day.text("executive", "briefing.md")
    config = parse_config(ENERGY if name == "energy" else BORDER, base_dir=day.folder.parent.parent)
    audience = next(a for a in config.audiences if a.name == "executive")
    context = build_context(day.briefing, audience)
    # the plan its PDF's layout held, the Markdown's too
    edition = render_edition(day.briefing, audience, config, ["pdf", "md"])
    assert edition.files["briefing.md"].decode() == md
    plan = fit_page(context.themes, lines=edition.page_lines)
    parts = sections(md)
    assert list(parts) == list(audience.themes or ())  # every theme the edition lists, in its order
    told: set[str] = set()
    for theme in context.themes:
        bullets = re.findall(r"^- \*\*.+$", parts[theme.name], flags=re.M)
        # every theme alike: as many highlights as the plan says, or all it has
        assert len(bullets) == min(plan.highlights, len(theme.highlights))
        assert all("): " in line for line in bullets)  # each with a sentence, never a bare headline
        told |= {a.id for a in theme.top_articles}  # the top line and its story ("; 3 reports")
        told |= {a.id for item in theme.highlights[: plan.highlights] for a in item.articles}
        # the top line's story is not listed again below it
        assert not {a.id for a in theme.top_articles} & {a.id for item in theme.highlights for a in item.articles}
    edition_ids = {item.article.id for t in day.briefing.themes if t.name in parts for item in t.articles}
    left = len(edition_ids - told)
    if left:
        assert f"*{left} more article{'s' if left > 1 else ''} in the analyst edition (" in md
    else:
        assert "more article" not in md


def test_the_executive_page_on_a_large_day_fits_and_says_what_it_left_out(tmp_path: Path) -> None:
    from test_editions import EXECUTIVE, heavy_briefing, make_config

    for themes, per_theme in ((3, 200), (5, 40), (8, 6)):
        briefing = heavy_briefing(themes=themes, per_theme=per_theme)
        config = make_config(tmp_path / f"{themes}", themes)
        files = render_edition(briefing, EXECUTIVE, config, ["md", "pdf", "html"])
        pdf = files.files["briefing.pdf"]
        assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
        assert page_without_clip(files.files["briefing.html"].decode()) == 1
        md = files.files["briefing.md"].decode()
        plan = fit_page(build_context(briefing, EXECUTIVE).themes, lines=files.page_lines)
        assert plan.left_out > 0
        assert f"*{plan.left_out} more articles in the analyst edition (" in md
        assert sum(n for _, n in plan.left_out_by_theme) == plan.left_out
        bullets = [len(re.findall(r"^- \*\*", text, flags=re.M)) for text in sections(md).values()]
        assert len(set(bullets)) == 1 and bullets[0] == plan.highlights  # every theme alike


def test_a_page_of_one_theme_shows_more_than_three_items_and_still_fits(tmp_path: Path) -> None:
    """A desk with ``themes: []`` has one section, the day's top stories: three items left most of the
    page empty and sent the rest of the day to the analyst edition. One theme may show as many items as
    a page of three themes does (``PAGE_ITEMS``), its listed articles too once the full ones are shown,
    shortened as ever until the page holds them."""
    from dataclasses import replace

    from test_editions import EXECUTIVE, heavy_briefing, make_config

    briefing = heavy_briefing(themes=1, per_theme=30)
    briefing = replace(briefing, themes=(replace(briefing.themes[0], stories=()),))  # thirty lone reports
    (theme,) = build_context(briefing, EXECUTIVE).themes
    plan = fit_page((theme,))
    assert plan.highlights > 3 and len(theme.highlights) >= plan.highlights
    files = render_edition(briefing, EXECUTIVE, make_config(tmp_path, 1), ["md", "pdf", "html"]).files
    assert len(pypdf.PdfReader(io.BytesIO(files["briefing.pdf"])).pages) == 1
    assert page_without_clip(files["briefing.html"].decode()) == 1
    bullets = re.findall(r"^- \*\*", files["briefing.md"].decode(), flags=re.M)
    assert len(bullets) == plan.highlights
    four = fit_page(build_context(heavy_briefing(themes=4, per_theme=30), EXECUTIVE).themes)
    assert four.highlights <= 3  # a page of four themes or more (a desk's three and Other): three at most


def test_fit_page_shortens_before_it_drops_a_theme() -> None:
    from test_editions import EXECUTIVE, heavy_briefing

    small = fit_page(build_context(heavy_briefing(themes=2, per_theme=4), EXECUTIVE).themes)
    large = fit_page(build_context(heavy_briefing(themes=6, per_theme=40), EXECUTIVE).themes)
    assert small.highlights > large.highlights and small.line_chars >= large.line_chars
    assert len(large.themes) == 6 and large.named == ()


# -- 5. the analyst edition prints no sentence twice ------------------------------------------


def summary_sentences(data: dict) -> set[str]:  # type: ignore[type-arg]
    """Every sentence of every summary in briefing.json: themes', stories', articles'."""
    out = set()
    for theme in data["themes"]:
        out |= {s["text"] for s in theme["summary"]}
        out |= {s["text"] for story in theme["stories"] for s in story["summary"]}
        out |= {s["text"] for article in theme["articles"] for s in article["summary"]}
    return out


@pytest.mark.parametrize("name", ["energy", "border"])
def test_the_analyst_edition_prints_no_sentence_twice(name: str, request: pytest.FixtureRequest) -> None:
    day: Day = request.getfixturevalue(name)
    sentences = summary_sentences(day.json())
    md = day.text("analyst", "briefing.md")
    pdf = " ".join(day.pdf("analyst"))
    assert sentences
    for text in sentences:
        assert md.count(md_escape(text)) == 1, f"printed {md.count(md_escape(text))} times: {text}"
        assert pdf.count(" ".join(text.split())) <= 1, f"printed twice in the PDF: {text}"
    # and nothing the articles said is lost: every article summary sentence is printed once
    articles = {s["text"] for t in day.json()["themes"] for a in t["articles"] for s in a["summary"]}
    assert all(md.count(md_escape(text)) == 1 for text in articles)


def test_the_next_day_prints_no_sentence_twice_either(tmp_path: Path) -> None:
    # With a store that remembers yesterday, the edition opens on "Since the last brief": an index
    # of what is new, whose lines are only what the themes below do not print.
    make_day(tmp_path, "border", BORDER, date(2025, 11, 10))
    for name in ("torkham-day2.md", "chaman-reopens-wire.md"):
        shutil.copy(FIXTURES / "border-next-day" / name, tmp_path / "articles" / "regional-wire")
    shutil.copy(FIXTURES / "border-next-day" / "chaman-reopens-courier.md", tmp_path / "articles" / "khyber-courier")
    briefing, _ = run(parse_config(BORDER, base_dir=tmp_path), date(2025, 11, 11))
    day = Day(briefing, tmp_path / "output" / "2025-11-11")
    md = day.text("analyst", "briefing.md")
    assert "## Since the last brief" in md and "- **New: " in md  # a story of today, told below as well
    for text in summary_sentences(day.json()):
        assert md.count(md_escape(text)) <= 1, f"printed twice: {text}"
    # the executive page too, whose lines may be cut short: "Since the last brief" leaves out what the
    # themes below print (a story's first sentence is its highlight there)
    page = day.text("executive", "briefing.md")
    assert "## Since the last brief" in page
    for text in summary_sentences(day.json()):
        start = md_escape(text)[:60]
        assert page.count(start) <= 1, f"printed twice on the executive page: {text}"


def test_a_story_of_one_report_is_not_shown_as_a_story(border: Day) -> None:
    stories = [s for t in border.json()["themes"] for s in t["stories"]]
    assert any(len(s["article_ids"]) == 1 for s in stories)  # the day has some: the test means something
    md = border.text("analyst", "briefing.md")
    counts = [int(n) for n in re.findall(r"^\*\*.+\*\* \((\d+) reports?", md, flags=re.M)]
    assert counts and min(counts) >= 2


# -- 6. key actors are actors ------------------------------------------------------------------


def test_key_actors_leave_out_outlets_adjectives_and_the_themes_own_keywords(border: Day, energy: Day) -> None:
    border_actors = {e.name for t in border.briefing.themes for e in t.entities}
    assert {"Afghanistan", "Pakistan"} <= border_actors
    assert not border_actors & {"Khyber Courier", "Kabul Ledger", "Regional Wire", "Afghan", "Pakistani"}
    tensions = next(t for t in border.briefing.themes if t.name == "Border tensions")
    assert "Torkham" not in {e.name for e in tensions.entities}  # a keyword of the theme
    energy_actors = {e.name for t in energy.briefing.themes for e in t.entities}
    assert not energy_actors & {"European", "Nordic", "Asian", "Continental Wire"}
    gas = next(t for t in energy.briefing.themes if t.name == "Gas markets")
    assert "LNG" not in {e.name for e in gas.entities} and "European Union" in {e.name for e in gas.entities}


# -- 7. a summary keeps the lead's facts -------------------------------------------------------


def test_a_short_reports_lead_leads_its_summary(border: Day) -> None:
    # four sentences that share few words: TextRank cannot tell them apart, the lead's facts decide
    lead = "Pakistan and Afghanistan will hold a third round of talks in Istanbul next week"
    talks = next(t for t in border.briefing.themes if t.name == "Talks")
    assert talks.articles[0].summary[0].text.startswith(lead)
    assert lead in sections(border.text("executive", "briefing.md"))["Talks"]


def test_the_leads_figures_reach_both_editions(energy: Day) -> None:
    figures = "rose 12 percent on Tuesday to 48 euros per megawatt hour"
    assert figures in energy.text("analyst", "briefing.md")
    assert figures in energy.text("executive", "briefing.md")
    assert figures in " ".join(energy.pdf("executive"))


def test_a_lead_that_restates_the_headline_with_figures_or_a_date_is_kept() -> None:
    from briefer.summarize import facts, unfit_reason

    headline = "Gas price jumps to highest since February as cold snap drains European storage"
    assert (
        unfit_reason(
            "Gas price jumps 12 percent to highest since February as cold snap drains European storage.", headline
        )
        is None
    )
    headline = "Torkham crossing reopens to trucks after closure as traders count their losses"
    assert (
        unfit_reason(
            "Torkham crossing reopens to trucks on Monday after closure as traders count their losses.", headline
        )
        is None
    )
    # the headline again, with no fact of its own, is still set aside
    assert (
        unfit_reason(
            "Torkham crossing reopens to trucks after closure as traders count their losses, officials say.", headline
        )
        == "headline"
    )
    assert facts("It rose 2,300 MW in May, and may rise again on Tuesday") == {"2300", "may", "tuesday"}


# -- 8. one event, one story ---------------------------------------------------------------------

VALLEY_STORIES = {
    # each story a reader would draw: its theme and its reports' files
    ("Factories and power", ("brenna-substation-fire", "halvik-shares-fall", "brenna-power-back")),
    ("Factories and power", ("halvik-workers-refuse-shift",)),  # the workers' act, not the fire's report
    ("Factories and power", ("osterby-excavator-cable", "norva-glass-line")),  # a second cut, another park
    ("Factories and power", ("minister-orders-checks",)),
    ("River and levees", ("mirow-levee-seepage", "mirow-soldiers-sandbags")),
    ("River and levees", ("mirow-villagers-barges",)),  # the villagers' blockade
    ("River and levees", ("dalsk-bank-slip", "dalsk-slip-widens")),  # another town's bank, the same river
    ("Roads and rail", ("a4-bridge-pileup", "pileup-second-death")),
    ("Roads and rail", ("coach-bypass-crash",)),
    ("Roads and rail", ("train-drivers-strike",)),
    ("Other", ("lessin-football",)),
}


def test_a_valley_desks_day_has_the_stories_its_reader_would_draw(tmp_path: Path) -> None:
    """17 reports of one day in three themes, written for this test: two power cuts at two industrial parks on one
    day (the second told by a market wire in its own words: "halts furnace line" after "stopping five plants"),
    workers who refuse to start their shift over the first cut's lost pay (told as their second act: "... gather in
    yard, refuse to start shift"), villagers who turn back gravel barges beside the levee they blame them for, two
    riverbank failures in two towns, a pile-up and a coach crash. Each event is one story, each act its own."""
    day = make_day(tmp_path, "valley", VALLEY, date(2026, 6, 10))
    briefing = day.json()
    files = {
        a["id"]: a["url"].rsplit("/", 1)[-1].removesuffix(".md") for t in briefing["themes"] for a in t["articles"]
    }
    assert len(files) == 17
    drawn = set()
    for theme in briefing["themes"]:
        for story in theme["stories"]:
            drawn.add((theme["name"], tuple(sorted(files[i] for i in story["article_ids"]))))
    assert drawn == {(theme, tuple(sorted(names))) for theme, names in VALLEY_STORIES}
