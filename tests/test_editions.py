"""Editions: what each audience's edition shows, on an ordinary day and on a day of 1,000 articles.

The heavy day is a :class:`Briefing` built directly from ``briefer.models``
values (no NLP), rendered once per module into real WeasyPrint PDFs that are
read back with pypdf. The trend chart reads a real SQLite store.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import textwrap
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pypdf
import pytest

from briefer.config import Audience, Config, parse_config
from briefer.context import DEFAULT_MAX_ARTICLES, MAX_LISTED, PAGE_LINES, build_context, fit_page, page_lines
from briefer.memory import sentence_key
from briefer.models import (
    AnalysedArticle,
    Article,
    Briefing,
    Entity,
    Quote,
    SourceReport,
    SourceStatus,
    Story,
    SummarizedArticle,
    SummarySentence,
    ThemeGroup,
)
from briefer.pipeline import run
from briefer.render import RenderError, check_templates, md_escape, render_edition, sanitize_html
from briefer.store import Store

DAY = "2025-11-03"
THEMES = (
    "Mediation",
    "Border tensions",
    "Talks",
    "Trade",
    "Refugees",
    "Security",
    "Energy",
    "Water",
    "Health",
    "Floods",
    "Markets",
    "Courts",
)
WORDS = (
    "officials said the delegation would meet again next week to discuss the crossing and the ceasefire terms"
).split()


def sentence(theme: int, article: int, i: int, words: int = 24) -> str:
    body = " ".join(WORDS[(article + i + k) % len(WORDS)] for k in range(words))
    return f"T{theme} A{article} S{i}: {body.capitalize()}."


def article(theme: int, n: int, sentences: int = 3) -> SummarizedArticle:
    aid = f"t{theme}a{n:04d}"
    texts = [sentence(theme, n, i) for i in range(sentences)]
    art = Article(
        id=aid,
        title=f"{THEMES[theme]} report {n}: crossings, talks and the week ahead",
        url=f"https://wire.example/{aid}",
        source=f"Wire {n % 7}",
        text=" ".join(texts),
        published=datetime(2025, 11, 3, 6, 0, tzinfo=UTC) + timedelta(minutes=n),
        published_from="metadata",
        sources=(f"Wire {n % 7}",),
        urls=(f"https://wire.example/{aid}",),
    )
    summary = tuple(SummarySentence(t, (aid,), score=float(3 - i), position=i) for i, t in enumerate(texts))
    return SummarizedArticle(AnalysedArticle(art, tuple(texts), (), (), (), (), ()), summary)


def theme_group(t: int, count: int, *, long_lines: bool = False) -> ThemeGroup:
    items = tuple(article(t, n) for n in range(count))
    first = sentence(t, 0, 0, words=400 if long_lines else 24)  # a run-on "sentence" of 2,000+ characters
    # The theme summary cites the weakest article: it must still be shown in full.
    summary = (
        SummarySentence(first, (items[0].article.id,), 1.0),
        SummarySentence(items[-1].summary[0].text, (items[-1].article.id,), 0.9),
        SummarySentence(items[1].summary[1].text, (items[1].article.id,), 0.8),
        SummarySentence(items[2].summary[2].text, (items[2].article.id,), 0.7),
    )
    stories = tuple(
        Story(
            title=items[s * 10].article.title,
            summary=tuple(items[s * 10 + k].summary[0] for k in range(3)),
            article_ids=tuple(items[s * 10 + k].article.id for k in range(10)),
        )
        for s in range(count // 10)
    )
    return ThemeGroup(
        name=THEMES[t],
        summary=summary,
        articles=items,
        scores={item.article.id: float(count - n) for n, item in enumerate(items)},
        entities=tuple(Entity(f"Actor {k}", "PERSON", 20 - k) for k in range(12)),
        stories=stories,
    )


def heavy_briefing(themes: int = 5, per_theme: int = 200, *, long_lines: bool = False) -> Briefing:
    return Briefing(
        title="Heavy Day Brief",
        date=DAY,
        timezone="UTC",
        generated_at=datetime(2025, 11, 3, 5, 0, tzinfo=UTC),
        themes=tuple(theme_group(t, per_theme, long_lines=long_lines) for t in range(themes)),
        sources_report=tuple(SourceReport(f"Wire {k}", SourceStatus.OK, 140) for k in range(7)),
    )


def make_config(workspace: Path, themes: int = 5) -> Config:
    names = ", ".join(f"{{name: {name}, keywords: [x{k}]}}" for k, name in enumerate(THEMES[:themes]))
    workspace.mkdir(parents=True, exist_ok=True)
    return parse_config(f"briefing: {{title: Heavy Day Brief}}\nthemes: [{names}]\n", base_dir=workspace)


ANALYST = Audience(name="analyst", template="analyst", formats=["md", "pdf", "json"])
EXECUTIVE = Audience(name="executive", template="executive", formats=["md", "pdf"])


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


@dataclass
class Heavy:
    briefing: Briefing
    analyst: dict[str, bytes]
    executive: dict[str, bytes]
    executive_wide: dict[str, bytes]


@pytest.fixture(scope="module")
def heavy(tmp_path_factory: pytest.TempPathFactory) -> Heavy:
    folder = tmp_path_factory.mktemp("heavy")
    briefing = heavy_briefing()  # 1,000 articles
    config = make_config(folder)
    # Twelve themes of 125 articles, each theme's top line a 2,000-character run-on sentence.
    wide = heavy_briefing(themes=12, per_theme=125, long_lines=True)
    return Heavy(
        briefing,
        render_edition(briefing, ANALYST, config, ANALYST.formats).files,
        render_edition(briefing, EXECUTIVE, config, EXECUTIVE.formats).files,
        render_edition(wide, EXECUTIVE, make_config(folder / "wide", 12), ["pdf"]).files,
    )


# -- a day of 1,000 articles ----------------------------------------------------------------


def test_the_executive_edition_is_one_page_whatever_the_day(heavy: Heavy) -> None:
    assert len(heavy.briefing.articles) == 1000
    for files in (heavy.executive, heavy.executive_wide):
        text = pages(files["briefing.pdf"])
        assert len(text) == 1, f"executive edition has {len(text)} pages"
    flat = " ".join(pages(heavy.executive["briefing.pdf"])[0].split())
    for name in THEMES[:5]:
        assert name in flat
    assert "T0 A0 S0:" in flat  # each theme's top line
    # what does not fit is named and counted, never dropped silently
    wide = " ".join(pages(heavy.executive_wide["briefing.pdf"])[0].split())
    assert re.search(r"Also today: (\w+ \(125\), )*Courts \(125\)", wide)
    assert "…" in wide  # the run-on sentence is cut, not allowed to push the page over
    for text in (flat, wide):
        said = re.search(r"(\d+) more articles in the analyst edition \(([^)]*)\)", text)
        assert said, "the page does not say what it left out"
        per_theme = [int(n) for n in re.findall(r"[A-Za-z ]+ (\d+)", said.group(2))]
        assert sum(per_theme) == int(said.group(1)) > 0


def test_the_analyst_edition_stays_bounded_and_points_to_the_json(heavy: Heavy) -> None:
    text = pages(heavy.analyst["briefing.pdf"])
    assert len(text) <= 45, f"analyst edition of 1,000 articles has {len(text)} pages"
    md = heavy.analyst["briefing.md"].decode()
    full = re.findall(r"^#### \\\[(\d+)\\\] ", md, flags=re.M)
    listed = re.findall(r"^- \\\[(\d+)\\\] ", md, flags=re.M)
    # per theme: the cap in full (plus what the theme summary cites), then one line each up to the cap
    assert 5 * DEFAULT_MAX_ARTICLES <= len(full) <= 5 * (DEFAULT_MAX_ARTICLES + 4)
    assert len(listed) == 5 * MAX_LISTED
    hidden = 1000 - len(full) - len(listed)
    said = sum(int(n) for n in re.findall(r"And (\d+) more articles in this theme: see briefing\.json", md))
    assert said == hidden > 0
    # stories past max_stories are named on one line (ten at most), the rest counted
    assert "*More stories in this theme:* " in md and "more stories in this theme: see briefing.json" in md
    numbers = [int(n) for n in full + listed]
    assert sorted(numbers) == list(range(1, len(numbers) + 1))  # every shown article numbered once


def test_a_sentence_always_cites_an_article_the_edition_shows(heavy: Heavy) -> None:
    md = heavy.analyst["briefing.md"].decode()
    anchors = set(re.findall(r"\{#([\w-]+)\}", md))
    cited = set(re.findall(r"\[\d+\]\(#([\w-]+)\)", md))
    assert cited and cited <= anchors
    # one-line articles are cited too: in Markdown their line has no id, so the "More in" heading is the target
    assert any(c.endswith("-more") for c in cited) and any(c.startswith("article-") for c in cited)
    html = heavy.analyst["briefing.html"].decode() if "briefing.html" in heavy.analyst else None
    if html is not None:
        ids = set(re.findall(r'id="([\w-]+)"', html))
        assert set(re.findall(r'href="#([\w-]+)"', html)) <= ids
    # the weakest article of a theme is cited by its summary, so it is shown in full
    assert "Mediation report 199: crossings" in md.split("## Border tensions")[0]


def test_the_json_keeps_every_article_and_states_the_selection(heavy: Heavy) -> None:
    data = json.loads(heavy.analyst["briefing.json"])
    assert sum(len(t["articles"]) for t in data["themes"]) == 1000
    edition = data["edition"]
    assert edition["themes"] == list(THEMES[:5])
    assert (edition["max_articles"], edition["max_listed"]) == (DEFAULT_MAX_ARTICLES, MAX_LISTED)
    md = heavy.analyst["briefing.md"].decode()
    shown = len(re.findall(r"^#### \\\[(\d+)\\\] ", md, flags=re.M)) + len(
        re.findall(r"^- \\\[(\d+)\\\] ", md, flags=re.M)
    )
    assert (edition["articles_shown"], edition["articles_omitted"]) == (shown, 1000 - shown)


@pytest.mark.parametrize("themes", [3, 4, 8])  # roomier up to 3 themes; 2 stories up to 4; 5 themes at most
def test_the_executive_page_fits_without_its_safety_clip(tmp_path: Path, themes: int) -> None:
    # The stylesheet clips a pathological day to one sheet; the template's own caps must already fit,
    # or a reader would see a cut line. Turn the clip off and render the widest, wordiest day.
    config = make_config(tmp_path, themes)
    style = tmp_path / "templates" / "executive" / "style.css"
    style.parent.mkdir(parents=True)
    built_in = Path(__file__).parents[1] / "briefer" / "templates" / "executive" / "style.css"
    style.write_text(built_in.read_text(encoding="utf-8") + "\n.page { position: static; height: auto; }\n")
    wide = heavy_briefing(themes=themes, per_theme=30, long_lines=True)
    pdf = render_edition(wide, EXECUTIVE, config, ["pdf"]).files["briefing.pdf"]
    assert len(pages(pdf)) == 1


# -- the audience's selection ---------------------------------------------------------------


def test_the_audience_picks_themes_order_caps_and_shorter_summaries(tmp_path: Path) -> None:
    briefing = heavy_briefing(themes=3, per_theme=30)
    desk = Audience(
        name="desk",
        themes=["Talks", "Mediation"],
        max_stories=1,
        max_articles=5,
        article_sentences=1,
        theme_sentences=2,
        formats=["md"],
    )
    context = build_context(briefing, desk)
    assert [t.name for t in context.themes] == ["Talks", "Mediation"]
    talks = context.themes[0]
    assert len(talks.summary) == 2 and len(talks.stories) == 1 and talks.story_count == 3
    assert all(len(s.summary) == 2 for s in talks.stories)
    # 5 in full, plus those the shown summaries cite (the last article is cited by the theme summary)
    assert {a.id for a in talks.articles} >= {"t2a0029"}
    assert all(a.summary == (sentence(2, int(a.id[-4:]), 0),) for a in talks.articles)  # best-scored sentence
    assert context.article_count == 60 and context.omitted_count == 0
    md = render_edition(briefing, desk, make_config(tmp_path, 3), ["md"]).files["briefing.md"].decode()
    assert md.index("## Talks") < md.index("## Mediation") and "## Border tensions" not in md


def test_a_summary_length_can_only_shorten_what_the_analysis_made() -> None:
    briefing = heavy_briefing(themes=1, per_theme=20)
    longer = Audience(name="long", article_sentences=10, theme_sentences=10)
    context = build_context(briefing, longer)
    assert len(context.themes[0].summary) == 4
    assert all(len(a.summary) == 3 for a in context.themes[0].articles)


# -- the volume chart -------------------------------------------------------------------


def test_the_chart_is_escaped_svg_with_the_weeks_trend(tmp_path: Path) -> None:
    store_path = tmp_path / "store.sqlite"
    with Store(store_path) as store:
        store.record_theme_volume("2025-10-30", {"Mediation": 12, "Talks": 3})
        store.record_theme_volume("2025-11-02", {"Mediation": 40})
        history = store.theme_volume(7, DAY)
    briefing = heavy_briefing(themes=3, per_theme=20)
    evil = ThemeGroup(**{**briefing.themes[2].__dict__, "name": '<script>x</script>&"y"'})
    briefing = Briefing(**{**briefing.__dict__, "themes": (*briefing.themes[:2], evil)})
    context = build_context(briefing, ANALYST, history)
    mediation = context.volume[0]
    assert context.volume_days[0] == "2025-10-28" and context.volume_days[-1] == DAY
    assert mediation.counts == (None, None, 12, None, None, 40, 20)
    assert context.volume[1].counts[2] == 0  # a day with a brief but no article in the theme
    svg = str(context.chart_svg)
    assert svg.startswith("<svg") and "<script>" not in svg
    assert '&lt;script&gt;x&lt;/script&gt;&amp;"y"' in svg
    assert "<title>2 Nov: 40</title>" in svg
    assert sanitize_html(svg).count("<rect") == svg.count("<rect")  # the sanitizer keeps every bar


def test_the_chart_is_drawn_in_the_analyst_pdf_and_tabled_in_the_markdown(heavy: Heavy) -> None:
    # no brief on an earlier day (the store is fresh): today's counts only, and the trend promised once
    first = " ".join(pages(heavy.analyst["briefing.pdf"])[0].split())
    assert "Articles today" in first  # the SVG's own text, as vectors
    assert first.count("Earlier days will appear here as briefs are made.") == 1 and "Last 7 days" not in first
    md = heavy.analyst["briefing.md"].decode()
    assert "| Theme | 3 Nov |" in md and "| Mediation | 200 |" in md
    assert "–" not in md.split("## Volume")[1].split("## Contents")[0]


WORKSPACE = """\
briefing: {title: Arva Valley Brief, timezone: UTC}
sources:
  - {name: Valley Desk, type: folder, path: articles/desk, window: all}
  - {name: River Wire, type: folder, path: articles/wire, window: all}
themes:
  - {name: Mediation, keywords: [mediate, mediation, good offices]}
  - {name: Border tensions, keywords: [border, ceasefire, fire]}
  - {name: Talks, keywords: [talks, delegation, round]}
summaries: {algorithm: lead, article_sentences: 2, theme_sentences: 2}
audiences:
  - {name: analyst, template: analyst, formats: [md]}
"""


def test_each_run_records_the_days_volume_once_and_the_next_day_shows_it(tmp_path: Path) -> None:
    shutil.copytree(Path(__file__).parent / "fixtures" / "render" / "articles", tmp_path / "articles")
    (tmp_path / "sources.yaml").write_text(WORKSPACE, encoding="utf-8")
    config = parse_config(WORKSPACE, base_dir=tmp_path)
    first, _ = run(config, date(2025, 11, 2))
    run(config, date(2025, 11, 2))  # a re-run replaces the day's record
    second, _ = run(config, date(2025, 11, 3))
    with Store(config.store.path) as store:
        volume = store.theme_volume(2, "2025-11-03")
    expected = {t.name: len(t.articles) for t in first.themes}
    assert volume["2025-11-02"] == expected
    assert volume["2025-11-03"] == {t.name: len(t.articles) for t in second.themes}
    md = (tmp_path / "output" / "2025-11-03" / "analyst" / "briefing.md").read_text(encoding="utf-8")
    row = next(line for line in md.splitlines() if line.startswith(f"| {first.themes[0].name} |"))
    assert row.split("|")[-3].strip() == str(expected[first.themes[0].name])  # 2 Nov, from the store


# -- templates checked before any work -------------------------------------------------------


def test_an_unknown_variable_fails_the_check_with_file_and_line(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    override = tmp_path / "templates" / "analyst" / "briefing.md.j2"
    override.parent.mkdir(parents=True)
    good = """\
    {% extends "default/analyst/briefing.md.j2" %}
    {% block actors %}
    *People:* {{ theme.entities|length }} named in {{ theme.article_count }} articles on {{ date }}
    {% endblock %}
    """
    override.write_text(textwrap.dedent(good), encoding="utf-8")
    check_templates(config, "analyst")  # the loop variable of the extended template is known
    override.write_text(textwrap.dedent(good).replace("{{ date }}", "{{ dat }}"), encoding="utf-8")
    with pytest.raises(RenderError) as caught:
        check_templates(config, "analyst")
    assert str(caught.value).startswith(f"{override}:3: 'dat' is undefined: not a template variable")
    assert "date_long" in str(caught.value)  # and says what the context has


@pytest.mark.parametrize("template", ["analyst", "executive"])
def test_the_built_in_editions_pass_their_own_check(tmp_path: Path, template: str) -> None:
    check_templates(make_config(tmp_path), template)


def test_every_context_variable_is_documented() -> None:
    import dataclasses

    from briefer import context

    docs = (Path(__file__).parents[1] / "docs" / "templates.md").read_text(encoding="utf-8")
    assert f"Context version: **{context.CONTEXT_VERSION}**" in docs
    views = [
        context.Context,
        context.ThemeView,
        context.ArticleView,
        context.SentenceView,
        context.StoryView,
        context.HighlightView,
        context.PagePlan,
        context.EntityView,
        context.QuoteView,
        context.SourceView,
        context.Limits,
    ]
    names = {f.name for view in views for f in dataclasses.fields(view)} | context.VARIABLES | {"anchor"}
    missing = sorted(name for name in names if f"`{name}`" not in docs and f"`.{name}`" not in docs)
    assert not missing, f"docs/templates.md does not document: {missing}"


def test_an_override_may_call_super(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    override = tmp_path / "templates" / "analyst" / "briefing.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text(
        '{% extends "default/analyst/briefing.md.j2" %}\n{% block footer %}\n*Desk copy.* {{ super() }}\n'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    check_templates(config, "analyst")
    md = render_edition(heavy_briefing(1, 5), ANALYST, config, ["md"]).files["briefing.md"].decode()
    assert "*Desk copy.* *Every sentence above is quoted" in md


def test_a_key_quote_the_theme_already_prints_is_left_out_for_the_next() -> None:
    """A quote whose words stand in a sentence the theme's summary or an article prints is not
    shown again as a key quote; the next quote takes its place and the briefing keeps them all."""
    printed_in_summary = (
        '"The quays will open on Monday," harbour master Ilse Varga told reporters in Velmark on Sunday.'
    )
    printed_in_article = 'Ferries waited outside the port all night, and "nobody told us anything," one captain said.'
    unprinted = "The fishermen of Ostravin went back to sea for the first time in a week on Saturday."
    texts = [[printed_in_summary, unprinted], [printed_in_article]]
    items = []
    for n, sentences in enumerate(texts):
        aid = f"harbour{n}"
        art = Article(
            id=aid,
            title=f"Velmark harbour report {n}",
            url=f"https://wire.example/{aid}",
            source="Harbour Wire",
            text=" ".join(sentences),
            published=datetime(2025, 11, 3, 6, n, tzinfo=UTC),
            published_from="metadata",
        )
        summary = tuple(SummarySentence(t, (aid,), score=1.0, position=i) for i, t in enumerate(sentences))
        items.append(SummarizedArticle(AnalysedArticle(art, tuple(sentences), (), (), (), (), ()), summary))
    quotes = (
        Quote("Ilse Varga", "The quays will open on Monday", ("harbour0",)),
        Quote("a captain", "nobody told us anything", ("harbour1",)),
        Quote("Ilse Varga", "Safety comes before the timetable", ("harbour0",)),
        Quote("Olav Brenn", "We lost a week of catch", ("harbour0",)),
    )
    theme = ThemeGroup(
        name="Harbour",
        summary=(SummarySentence(printed_in_summary, ("harbour0",), 1.0),),
        articles=tuple(items),
        scores={"harbour0": 2.0, "harbour1": 1.0},
        quotes=quotes,
    )
    briefing = Briefing(
        title="Harbour Brief",
        date=DAY,
        timezone="UTC",
        generated_at=datetime(2025, 11, 3, 5, 0, tzinfo=UTC),
        themes=(theme,),
        sources_report=(SourceReport("Harbour Wire", SourceStatus.OK, 2),),
    )
    view = build_context(briefing, ANALYST).themes[0]
    printed = [s.text for s in view.summary] + [t for a in view.articles for t in a.unquoted]
    assert printed_in_summary in printed and printed_in_article in printed
    assert [(q.speaker, q.text) for q in view.quotes] == [
        ("Ilse Varga", "Safety comes before the timetable"),
        ("Olav Brenn", "We lost a week of catch"),
    ]
    assert len(briefing.themes[0].quotes) == 4


def test_an_article_whose_summary_an_earlier_brief_printed_says_so_under_its_headline(tmp_path: Path) -> None:
    """On a later day every sentence of an article may have been printed before: its headline
    then says where its summary went instead of standing over nothing."""
    briefing = heavy_briefing(themes=1, per_theme=12)
    repeated = briefing.themes[0].articles[0]
    printed = {sentence_key(s.text): "2025-11-02" for s in repeated.summary}
    view = next(
        a for a in build_context(briefing, ANALYST, printed=printed).themes[0].articles if a.id == repeated.article.id
    )
    assert (view.summary, view.printed_before) == ((), 3)
    md = (
        render_edition(briefing, ANALYST, make_config(tmp_path, 1), ["md"], printed=printed)
        .files["briefing.md"]
        .decode()
    )
    heading = md.index(f"#### \\[{view.number}\\] {md_escape(repeated.article.title)}")
    assert "its summary was in an earlier brief" in md[heading : md.index("####", heading + 4)]
    assert md.count("in an earlier brief") == 1


def test_a_story_whose_sentences_an_earlier_brief_printed_says_so_under_its_title(tmp_path: Path) -> None:
    briefing = replace(heavy_briefing(themes=1, per_theme=12), earlier_days=("2025-11-02",))
    story = briefing.themes[0].stories[0]
    printed = {sentence_key(s.text): "2025-11-02" for s in story.summary}
    md = render_edition(briefing, ANALYST, make_config(tmp_path, 1), ["md"], printed=printed)
    text = md.files["briefing.md"].decode()
    stories = text[text.index("### Stories") : text.index("### Articles")]
    assert f"**{md_escape(story.title)}**" in stories
    assert "*Its reports today repeat what earlier briefs printed.*" in stories
    plain = render_edition(briefing, ANALYST, make_config(tmp_path / "plain", 1), ["md"]).files["briefing.md"]
    assert b"earlier briefs printed" not in plain


def test_the_executive_lists_the_days_reports_before_its_round_ups_and_analyses() -> None:
    """A theme's one-line items: the analysis and the day's round-up, newest and highest scored,
    come after the reports of events, so that an edition short of room leaves them out first."""
    briefing = heavy_briefing(themes=1, per_theme=6)
    theme = briefing.themes[0]
    titles = {
        theme.articles[3].article.id: "Analysis: what the crossings tell us about the week ahead",
        theme.articles[4].article.id: "Border desk: the day in brief",
    }

    def retitled(item: SummarizedArticle) -> SummarizedArticle:
        art = replace(item.article, title=titles.get(item.article.id, item.article.title))
        return SummarizedArticle(replace(item.analysed, article=art), item.summary)

    theme = replace(theme, articles=tuple(retitled(item) for item in theme.articles), stories=())
    view = build_context(replace(briefing, themes=(theme,)), EXECUTIVE).themes[0]
    listed = [item.title for item in view.highlights]
    assert set(titles.values()) <= set(listed)
    labelled = [k for k, title in enumerate(listed) if title in titles.values()]
    assert labelled == list(range(len(listed) - 2, len(listed)))  # the last two, whatever their scores


def test_a_theme_that_is_one_story_is_one_item_of_the_executive_with_its_reports_counted(tmp_path: Path) -> None:
    """Every report of a theme tells one event (the licence granted, its report from the mine's town,
    the investors' welcome): the edition shows no story that only repeats the theme, and the
    executive's top line tells the event once, with its count of reports, not each report again as
    news of its own below it."""
    briefing = heavy_briefing(themes=1, per_theme=4)
    theme = briefing.themes[0]
    ids = tuple(item.article.id for item in theme.articles)
    story = Story(theme.articles[0].article.title, theme.summary[:2], ids)
    apart = build_context(replace(briefing, themes=(replace(theme, stories=()),)), EXECUTIVE).themes[0]
    one = build_context(replace(briefing, themes=(replace(theme, stories=(story,)),)), EXECUTIVE).themes[0]
    assert one.stories == () and apart.stories == ()
    assert (apart.top_reports, one.top_reports) == (1, 4)
    assert len(apart.highlights) == 3 and one.highlights == ()
    md = (
        render_edition(
            replace(briefing, themes=(replace(theme, stories=(story,)),)), EXECUTIVE, make_config(tmp_path, 1), ["md"]
        )
        .files["briefing.md"]
        .decode()
    )
    assert "; 4 reports)" in md


def test_since_the_last_brief_names_a_developing_story_by_its_new_report_and_skips_one_with_nothing_new() -> None:
    """Two developing stories. Every sentence of the first and of its reports was printed in an earlier
    brief (its old reports handed again, a folder read with ``window: all``): "since the last brief" does
    not list it, though its theme still shows it. The second has one report new today: it is listed under
    that report's headline (the toll that rose again, not yesterday's), with that report's line."""
    briefing = replace(heavy_briefing(themes=1, per_theme=20), earlier_days=("2025-11-02",))
    theme = briefing.themes[0]
    stale, moving = (replace(s, id=f"s{k}", status="developing") for k, s in enumerate(theme.stories[:2]))
    briefing = replace(briefing, themes=(replace(theme, stories=(stale, moving, *theme.stories[2:])),))
    by_id = {item.article.id: item for item in theme.articles}
    new_report = by_id[moving.article_ids[-1]]
    old = [
        *stale.summary,
        *moving.summary,
        *(s for a in (*stale.article_ids, *moving.article_ids[:-1]) for s in by_id[a].summary),
    ]
    printed = {sentence_key(s.text): "2025-11-02" for s in old}
    context = build_context(briefing, ANALYST, printed=printed)
    assert [s.title for s in context.developing_stories] == [new_report.article.title]
    assert new_report.article.title != moving.title
    assert [s.text for s in context.developing_stories[0].summary] == [new_report.summary[0].text]
    assert stale.title in [s.title for s in context.themes[0].stories]
    # With nothing printed before, every report is new: each story is named by its newest.
    listed = build_context(briefing, ANALYST)
    newest = [max((by_id[a] for a in s.article_ids), key=lambda i: i.article.published) for s in (stale, moving)]
    assert [s.title for s in listed.developing_stories] == [item.article.title for item in newest]


def test_a_developing_storys_line_under_its_newest_reports_headline_is_that_reports_when_it_names_it() -> None:
    """ "Since the last brief" titles a developing story by its newest report's headline; the line under it is
    that report's when the lines hold one naming the title, not a more central one of an older report."""
    briefing = replace(heavy_briefing(themes=1, per_theme=6), earlier_days=("2025-11-02",))
    theme = briefing.themes[0]
    first, second = theme.articles[0], theme.articles[1]
    later = replace(
        second.article, published=first.article.published + timedelta(hours=5), title="Toll at Varne rises to four"
    )
    articles = (first, replace(second, analysed=replace(second.analysed, article=later)), *theme.articles[2:])
    old = SummarySentence("Three people died when the bridge fell.", (first.article.id,), 0.9)
    new = SummarySentence("The toll at Varne rose to four on Sunday.", (second.article.id,), 0.5)
    story = Story(first.article.title, (old, new), (first.article.id, second.article.id), id="s0", status="developing")
    day = replace(briefing, themes=(replace(theme, articles=articles, stories=(story,)),))
    (developing,) = build_context(day, ANALYST).developing_stories
    assert developing.title == "Toll at Varne rises to four"
    assert [s.text for s in developing.summary] == [new.text, old.text]


def test_since_the_last_brief_lists_a_new_story_of_one_report_after_those_of_more(tmp_path: Path) -> None:
    """A desk's second morning brings two events that broke overnight, one report each, beside a new
    story of three reports: all three are what is new since yesterday (a story of one report was left
    out, and a small day's brief then opened with no "Since the last brief" at all)."""
    briefing = replace(heavy_briefing(themes=1, per_theme=6), earlier_days=("2025-11-02",))
    theme = briefing.themes[0]
    items = theme.articles
    stories = (
        Story(items[0].article.title, items[0].summary[:1], (items[0].article.id,), id="s-one", status="new"),
        Story(items[1].article.title, items[1].summary[:1], (items[1].article.id,), id="s-two", status="new"),
        Story(
            items[2].article.title,
            tuple(s for item in items[2:5] for s in item.summary[:1]),
            tuple(item.article.id for item in items[2:5]),
            id="s-three",
            status="new",
        ),
    )
    briefing = replace(briefing, themes=(replace(theme, stories=stories),))
    context = build_context(briefing, ANALYST)
    assert [s.title for s in context.new_stories] == [
        items[2].article.title,
        items[0].article.title,
        items[1].article.title,
    ]
    md = render_edition(briefing, ANALYST, make_config(tmp_path, 1), ["md"]).files["briefing.md"].decode()
    assert "## Since the last brief" in md and f"**New: {items[0].article.title}** · 1 report" in md


def test_a_key_quote_broken_by_its_attribution_is_shown_whole(tmp_path: Path) -> None:
    """'"The silos are full," said Ilse Varn, the co-operative's chair. "We will not sell below cost."': one
    statement the article breaks with its attribution. The key quote shows both parts, each verbatim,
    joined by "…", and records both as printed; another speaker's words, or the same speaker's further
    down the article, are not joined."""
    from briefer.memory import printed_sentences

    briefing = heavy_briefing(themes=1, per_theme=4)
    theme = briefing.themes[0]
    item = theme.articles[0]
    text = (
        item.article.text
        + '\n\n"The silos are full," said Ilse Varn, the co-operative\'s chair. "We will not sell below cost."'
        + '\n\n"Prices will rise in spring," said Oskar Brent, a trader.'
        + "\n\nThe co-operative met again on Friday evening and heard from the county's grain inspector."
        + ' "Nobody wants a fight with the millers," Varn said.'
    )
    item = SummarizedArticle(replace(item.analysed, article=replace(item.article, text=text)), item.summary)
    ids = (item.article.id,)
    quotes = (  # the second part first, as a quote more articles carry would be: still told after the first
        Quote("Ilse Varn", "We will not sell below cost.", ids),
        Quote("Ilse Varn", "The silos are full", ids),
        Quote("Oskar Brent", "Prices will rise in spring", ids),
        Quote("Ilse Varn", "Nobody wants a fight with the millers", ids),
    )
    theme = replace(theme, articles=(item, *theme.articles[1:]), quotes=quotes)
    briefing = replace(briefing, themes=(theme,))
    context = build_context(briefing, ANALYST)
    shown = {q.text: q.more for q in context.themes[0].quotes}
    assert shown["The silos are full"] == ("We will not sell below cost.",)
    assert "We will not sell below cost." not in shown  # told with its first part, not on its own
    assert shown["Prices will rise in spring"] == ()
    assert {"The silos are full", "We will not sell below cost."} <= set(printed_sentences(context))
    md = render_edition(briefing, ANALYST, make_config(tmp_path, 1), ["md"]).files["briefing.md"].decode()
    assert "- “The silos are full” … “We will not sell below cost.”: Ilse Varn" in md


def test_a_key_quote_an_earlier_brief_showed_is_not_shown_again_and_each_shown_is_recorded() -> None:
    """Key quotes are printed words too: one an earlier brief of the audience showed gives its place to
    the next, and the quotes an edition shows are among what it records as printed."""
    from briefer.memory import printed_sentences

    briefing = heavy_briefing(themes=1, per_theme=12)
    quotes = tuple(Quote(f"Speaker {k}", f"We said this on day {k} and meant it", ("x",)) for k in range(4))
    briefing = replace(briefing, themes=(replace(briefing.themes[0], quotes=quotes),))
    first = build_context(briefing, ANALYST)
    shown = [q.text for q in first.themes[0].quotes]
    assert shown and set(shown) <= set(printed_sentences(first))
    printed = {sentence_key(text): "2025-11-02" for text in shown}
    again = [q.text for q in build_context(briefing, ANALYST, printed=printed).themes[0].quotes]
    assert again and not set(again) & set(shown)


def test_the_executive_line_under_a_story_title_names_what_the_title_names() -> None:
    """A story's most central sentence may tell another event (a report joined to the story that should
    not have been): the one line under the title is the most central one that names something of the
    title; a story whose sentences all do keeps its most central one."""
    briefing = heavy_briefing(themes=1, per_theme=6)
    theme = briefing.themes[0]
    ids = (theme.articles[4].article.id, theme.articles[5].article.id)
    title = "Fishermen block the jetty road at Pomalaa over red water"
    other = SummarySentence("Police seized nine excavators at an unlicensed dig in a protected forest.", ids[:1], 0.9)
    told = SummarySentence("Some 400 fishermen blocked the road to the jetty since early morning.", ids[1:], 0.5)
    update = SummarySentence("The jetty blockade at Pomalaa ended in the afternoon.", ids[:1], 0.95)

    def line(*summary: SummarySentence) -> str:
        story = Story(title, summary, ids)
        view = build_context(replace(briefing, themes=(replace(theme, stories=(story,)),)), EXECUTIVE).themes[0]
        return next(h for h in view.highlights if h.title == title).text

    assert line(other, told) == told.text
    assert line(update, told) == update.text  # both name the title: the most central
    assert line(other) == other.text  # none does: the most central all the same

    # The report whose headline is the title tells its event: its sentence that names the title first, before
    # a more central one of another report that names only the day's background (the district).
    headline = "Kendari collector bans night travel on hill roads after two slides"
    articles = tuple(
        replace(item, analysed=replace(item.analysed, article=replace(item.article, title=headline)))
        if item.article.id == ids[1]
        else item
        for item in theme.articles
    )
    background = SummarySentence("Cardamom rose at the Puttady auction as rain in Kendari halted it.", ids[:1], 0.9)
    own = SummarySentence("Kendari's administration banned travel on hill roads until Friday.", ids[1:], 0.5)
    story = Story(headline, (background, own), ids)
    themed = replace(theme, articles=articles, stories=(story,))
    view = build_context(replace(briefing, themes=(themed,)), EXECUTIVE).themes[0]
    assert next(h for h in view.highlights if h.title == headline).text == own.text
    # The analyst edition's lines under the title: the same sentences, the title's own report's first.
    shown = build_context(replace(briefing, themes=(themed,)), ANALYST).themes[0].stories
    assert [s.text for s in next(v for v in shown if v.title == headline).lines] == [own.text, background.text]


def test_the_executive_shows_the_top_storys_latest_report_under_its_top_line(tmp_path: Path) -> None:
    """ "Three workers were killed" at 19:20, "a third worker died" the next afternoon: the one-page
    edition prints the later report's sentence under the top line, with its time and source, so the top
    line's figure is not the day's last word; a report an hour later adds no such line. The sentence
    names something of the top line: a newer report whose sentences name nothing of it ("Nobody was
    hurt ...") or only other things (a rail operator's extra trains) gives its place to the one before."""
    briefing = heavy_briefing(themes=1, per_theme=6)
    theme = briefing.themes[0]
    top = "Two workers were killed when scaffolding collapsed at the Odabasi site in Antakya on Saturday."
    third = "A third worker hurt in the collapse at the Odabasi site died in hospital on Sunday, the governor said."
    nameless = "Nobody was hurt, though several windows were blown in and a crane was damaged."
    other = "Delta Rail will run six extra trains a week between Rotterdam and Duisburg from Thursday."

    def told(item: SummarizedArticle, hours: float, *texts: str) -> SummarizedArticle:
        art = replace(item.article, published=item.article.published + timedelta(hours=hours))
        summary = tuple(SummarySentence(t, (art.id,), 1.0, k) for k, t in enumerate(texts))
        return SummarizedArticle(replace(item.analysed, article=art), summary)

    def edition(*later: tuple[float, str]) -> tuple[object, str]:
        first = told(theme.articles[0], 0, top)
        reports = tuple(told(theme.articles[k + 1], hours, text) for k, (hours, text) in enumerate(later))
        articles = (first, *reports, *theme.articles[1 + len(reports) :])
        ids = tuple(item.article.id for item in (first, *reports))
        line = (SummarySentence(top, ids[:1], 1.0),)
        story = Story(first.article.title, line, ids)
        day = replace(briefing, themes=(replace(theme, articles=articles, stories=(story,), summary=line),))
        view = build_context(day, EXECUTIVE).themes[0]
        name = "-".join(f"{h}" for h, _ in later)
        md = render_edition(day, EXECUTIVE, make_config(tmp_path / name, 1), ["md"]).files["briefing.md"]
        return view.latest, md.decode()

    latest, md = edition((5, third))
    assert latest is not None and latest.article.id == theme.articles[1].article.id
    assert latest.text == third and latest.when == "3 Nov 11:01"
    assert f"*Latest, 3 Nov 11:01 ({latest.article.source}):* {md_escape(third[:40])}" in md
    latest, md = edition((5, third), (8, nameless), (9, other))
    assert latest is not None and latest.text == third  # the newer two name nothing of the top line
    latest, md = edition((5, nameless))
    assert latest is None and "*Latest" not in md
    latest, md = edition((1, third))
    assert latest is None and "*Latest" not in md


def test_a_page_that_holds_the_latest_lines_of_some_themes_shows_theirs() -> None:
    """Every theme's latest report under its top line, or, when the page holds them with its highlights for
    only some themes, those of the first themes: a line too many drops the last theme's, not every one (the
    Alaska desk's page left ten lines empty and "trio found alive" out of the top story)."""
    from briefer.context import LatestView

    themes = build_context(heavy_briefing(themes=4, per_theme=30), EXECUTIVE).themes
    later = [
        replace(
            t,
            latest=LatestView(
                "A later report says the toll rose to five overnight. " * 3, t.highlights[0].articles[0], "3 Nov 11:01"
            ),
        )
        for t in themes
    ]
    everyone = fit_page(later, lines=200.0)
    assert everyone.latest and all(everyone.shows_latest(t) for t in later)
    plain = fit_page(themes, lines=58.0)
    some = fit_page(later, lines=58.0)
    assert not some.latest and some.highlights >= min(plain.highlights, 2)
    shown = [some.shows_latest(t) for t in later]
    assert any(shown) and not all(shown) and shown == sorted(shown, reverse=True)  # the first themes'
    assert not any(plain.shows_latest(t) for t in themes)  # no latest report: nothing to show


def test_the_executive_page_is_laid_out_and_shows_what_the_sheet_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``fit_page``'s estimate (52 lines) left a tenth to a quarter of the sheet blank on the desks' days while
    the page named articles it left out: the PDF's layout is measured, the fullest plan the sheet holds is
    kept (the Markdown shows the same), and a plan whose last line would pass the sheet's foot, cut unseen
    by the page's clip, is refused. Without a PDF there is nothing to measure: the estimate."""
    from briefer import render

    briefing = heavy_briefing(themes=4, per_theme=30)
    config = make_config(tmp_path, 4)
    themes = build_context(briefing, EXECUTIVE).themes
    estimate = fit_page(themes)
    edition = render_edition(briefing, EXECUTIVE, config, ["pdf", "md", "html"])
    measured = fit_page(themes, lines=edition.page_lines)
    assert edition.page_lines > PAGE_LINES
    assert measured.highlights > estimate.highlights and measured.left_out < estimate.left_out

    def bullets(md: str) -> list[str]:
        return re.findall(r"^- \*\*(.+?)\*\*", md, flags=re.M)

    shown = bullets(edition.files["briefing.md"].decode())
    assert len(shown) == sum(min(measured.highlights, len(t.highlights)) for t in themes)
    pdf = pypdf.PdfReader(io.BytesIO(edition.files["briefing.pdf"]))
    text = " ".join(pdf.pages[0].extract_text().split())
    assert len(pdf.pages) == 1 and all(" ".join(title.split()) in text for title in shown)
    folders = render.template_search_path(config, "executive")
    assert render._holds_all(render._layout(edition.files["briefing.html"].decode(), folders)) is True
    md_only = render_edition(briefing, EXECUTIVE, config, ["md"])
    assert md_only.page_lines == PAGE_LINES
    assert len(bullets(md_only.files["briefing.md"].decode())) < len(shown)

    # On a day of eight full themes a plan of 200 lines would pass the sheet's foot: refused, the next tried.
    wide = heavy_briefing(themes=8, per_theme=30, long_lines=True)
    config = make_config(tmp_path / "wide", 8)
    folders = render.template_search_path(config, "executive")
    context = build_context(wide, EXECUTIVE)
    with page_lines(200.0):
        body = render.render_markdown(context, config, "executive", target="html")
    too_long = render.render_html(context, body, config, "executive")
    assert render._holds_all(render._layout(too_long, folders)) is False
    monkeypatch.setattr(render, "MEASURED_LINES", (200.0, 54.0))
    again = render_edition(wide, EXECUTIVE, config, ["pdf", "html"])
    assert again.page_lines == 54.0
    assert render._holds_all(render._layout(again.files["briefing.html"].decode(), folders)) is True


def test_the_one_line_edition_lists_a_story_past_max_stories_before_single_reports() -> None:
    """A desk's day of six stories of two reports: the sixth, past ``max_stories``, is still an event
    two outlets told, and comes among the page's items before the lone reports, not after them."""
    briefing = heavy_briefing(themes=1, per_theme=14)
    theme = briefing.themes[0]
    ids = [item.article.id for item in theme.articles]
    stories = tuple(
        Story(
            theme.articles[2 * k + 1].article.title,
            theme.articles[2 * k + 1].summary[:1],
            (ids[2 * k + 1], ids[2 * k + 2]),
        )
        for k in range(6)
    )
    view = build_context(replace(briefing, themes=(replace(theme, stories=stories),)), EXECUTIVE).themes[0]
    titles = [item.title for item in view.highlights]
    sixth = stories[5].title
    assert sixth in titles
    lone = [k for k, item in enumerate(view.highlights) if item.report_count == 1]
    assert lone and titles.index(sixth) < lone[0]
    assert [s.title for s in view.stories] == [s.title for s in stories[:5]]  # the analyst's limit stands


def test_a_sentence_leaning_on_one_printed_above_is_not_printed_alone_under_the_headline(tmp_path: Path) -> None:
    """An article whose summary is "Marta Eskel, the fares director, defended the rise. / He said the rise was below
    inflation. / Riders will pay 5.90 from April." and whose first sentence the theme's summary prints: under its
    headline "He said ..." would stand without the sentence that names him, so it is left out; the third is printed,
    and the headline says one of its sentences was quoted above."""
    named = "Marta Eskel, the fares director, defended the rise at a news conference in Velmark on Tuesday."
    leaning = "He said the rise was below the inflation of the last two years."
    own = "Riders will pay 5.90 for a single ticket from April 18, up from 5.40."
    art = Article(
        id="fares0",
        title="Velmark raises metro fares",
        url="https://wire.example/fares0",
        source="Harbour Wire",
        text=" ".join((named, leaning, own)),
        published=datetime(2025, 11, 3, 6, 0, tzinfo=UTC),
        published_from="metadata",
    )
    summary = tuple(SummarySentence(t, ("fares0",), score=1.0, position=i) for i, t in enumerate((named, leaning, own)))
    item = SummarizedArticle(AnalysedArticle(art, (named, leaning, own), (), (), (), (), ()), summary)
    theme = ThemeGroup(
        name="Fares", summary=(SummarySentence(named, ("fares0",), 1.0),), articles=(item,), scores={"fares0": 2.0}
    )
    briefing = Briefing(
        title="Fares Brief",
        date=DAY,
        timezone="UTC",
        generated_at=datetime(2025, 11, 3, 5, 0, tzinfo=UTC),
        themes=(theme,),
        sources_report=(SourceReport("Harbour Wire", SourceStatus.OK, 1),),
    )
    (view,) = build_context(briefing, ANALYST).themes[0].articles
    assert view.unquoted == (own,) and view.quoted == 1
    # and when the sentence it leans on was the last not printed above, the headline says how many were
    twice = replace(theme, summary=(*theme.summary, SummarySentence(own, ("fares0",), 0.9)))
    md = render_edition(replace(briefing, themes=(twice,)), ANALYST, make_config(tmp_path), ["md"]).files["briefing.md"]
    assert "2 of its sentences quoted above" in md.decode() and "its summary is quoted above" not in md.decode()
