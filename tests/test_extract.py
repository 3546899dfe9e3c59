"""Extract: raw documents of every kind become clean article text, with no
boilerplate, no markup and no script content."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefer.extract import MIN_ARTICLE_CHARS, ExtractSettings, article_id, extract
from briefer.models import Article, DroppedArticle, RawDocument
from briefer.text import NotText, decode, html_to_text

FIXTURES = Path(__file__).parent / "fixtures" / "gather"
NOW = datetime(2025, 3, 15, 9, 0, tzinfo=UTC)


def doc(body: str, kind: str, title: str | None = None, url: str = "https://news.example/a") -> RawDocument:
    return RawDocument(source="Test", url=url, body=body, kind=kind, title=title)


def article(raw: RawDocument, max_chars: int = 20_000) -> Article:
    result = extract(raw, max_chars, now=NOW)
    assert isinstance(result, Article), result
    return result


BOILERPLATE_IN_ARTICLE = """<!DOCTYPE html><html><head><title>Harbour strike ends</title>
<meta name="date" content="2025-03-12T10:00:00Z"></head><body>
<article>
<h1>Harbour strike ends after nine days</h1>
<p>By Lena Fischer</p>
<p>Dock workers in Port Ellin voted on Wednesday to end a nine-day strike after the harbour board offered a pay rise
of 6 percent, the union said.</p>
<p>Read: How the strike emptied the fish market</p>
<p>Ships that waited off the coast began to unload on Thursday morning, and the board expects the backlog to clear by
the weekend.</p>
<p>Share this article</p>
<p>Subscribe to our newsletter</p>
<p>The board said it would share its findings on the cost of the strike with both the union and the city council.</p>
<p>Leave a Comment</p>
<p>Your email address will not be published. Required fields are marked *</p>
<p>We use cookies to improve your experience on our site. Accept</p>
<p>Reporting by Lena Fischer; Editing by Tom Hale</p>
<p>© 2025 Port Ellin Times. All rights reserved.</p>
<p>Scroll to Top</p>
</article></body></html>"""


def test_page_keeps_the_article_and_drops_every_kind_of_boilerplate() -> None:
    result = article(doc(BOILERPLATE_IN_ARTICLE, "html"))

    assert result.title == "Harbour strike ends after nine days"
    assert result.published == datetime(2025, 3, 12, 10, 0, tzinfo=UTC)
    assert result.published_from == "metadata"
    assert result.text.split("\n\n") == [
        "Dock workers in Port Ellin voted on Wednesday to end a nine-day strike after the harbour board offered a pay "
        "rise of 6 percent, the union said.",
        "Ships that waited off the coast began to unload on Thursday morning, and the board expects the backlog to "
        "clear by the weekend.",
        "The board said it would share its findings on the cost of the strike with both the union and the city "
        "council.",
    ]


@pytest.mark.parametrize("deduplicate", [False, True])
def test_a_page_is_extracted_alike_whatever_was_extracted_before_it(deduplicate: bool) -> None:
    # A wire story carried by several sites the same day: the same long paragraphs, different pages.
    # trafilatura's duplicate cache is the process's; without a fresh one for each page, the fourth
    # copy came back empty (a duplicate document) and was dropped. (The default leaves trafilatura's
    # deduplication off; with it on, each page still starts afresh.)
    settings = ExtractSettings(deduplicate=deduplicate)
    copies = [
        BOILERPLATE_IN_ARTICLE.replace("Harbour strike ends after nine days", f"Harbour strike over, site {n}").replace(
            "<article>", f"<nav><a href='/'>Home</a> <a href='/sport'>Sport {n}</a></nav><article>"
        )
        for n in range(5)
    ]
    pages = [doc(page, "html", url=f"https://site{n}.example/a") for n, page in enumerate(copies)]
    found = [extract(page, 20_000, NOW, settings) for page in pages]
    texts = [result.text if isinstance(result, Article) else result.reason for result in found]
    assert texts[0].startswith("Dock workers in Port Ellin voted")
    assert texts == [texts[0]] * 5
    again = extract(doc(copies[0], "html"), 20_000, NOW, settings)
    assert isinstance(again, Article) and again.text == texts[0]  # and once more


REGATTA = """<html><head><title>Lake regatta results</title></head><body><article>
<h1>Altmoor crew wins the lake regatta by two lengths</h1>
<p>The Altmoor eight won the autumn regatta on Lake Brenn on Saturday, finishing two lengths ahead of the
Brennstadt crew in calm water, the organisers said.</p>
<p>Final times of the first three crews:</p>
<table><tr><th>Place</th><th>Crew</th><th>Time</th></tr>
<tr><td>1</td><td>Altmoor Rowing Club</td><td>5:48.2</td></tr>
<tr><td>2</td><td>Brennstadt Boat Club</td><td>5:54.9</td></tr>
<tr><td>3</td><td>Kelnau University</td><td>6:01.3</td></tr></table>
<p>The next regatta on the lake is planned for the spring, when the club hopes to race a new boat.</p>
</article></body></html>"""


def test_a_table_in_the_article_is_article_text_unless_the_settings_leave_tables_out() -> None:
    kept = article(doc(REGATTA, "html")).text.split("\n\n")
    assert kept[1:6] == [
        "Final times of the first three crews:",
        "Place · Crew · Time",  # each row a line of plain text, its cells apart; no |---| rule
        "1 · Altmoor Rowing Club · 5:48.2",
        "2 · Brennstadt Boat Club · 5:54.9",
        "3 · Kelnau University · 6:01.3",
    ]
    assert kept[0].startswith("The Altmoor eight won") and kept[-1].endswith("race a new boat.")
    without = extract(doc(REGATTA, "html"), 20_000, NOW, ExtractSettings(tables=False))
    assert isinstance(without, Article)
    assert "Brennstadt Boat Club" not in without.text
    assert without.text.endswith("race a new boat.")


def test_page_published_time_from_a_time_element_and_title_from_og_title() -> None:
    html = """<html><head><meta property="og:title" content="Bakers win the city cup"></head><body><article>
    <p>Posted <time datetime="2025-03-11T18:30:00+02:00">yesterday evening</time></p>
    <p>The bakers' football team won the city cup on Tuesday, beating the firefighters 3-1 in front of 800 fans.</p>
    <p>The team's captain said the prize money would go to the children's ward of the city hospital.</p>
    </article></body></html>"""

    result = article(doc(html, "html"))

    assert result.title == "Bakers win the city cup"
    assert result.published == datetime(2025, 3, 11, 16, 30, tzinfo=UTC)


def test_hostile_page_fixture_gives_plain_text_only() -> None:
    result = article(doc((FIXTURES / "hostile.html").read_text(), "html"))

    assert result.published == datetime(2025, 3, 15)  # no zone given: left naive, the pipeline decides
    assert "Engineers who inspected the Ostra bridge" in result.text
    for leak in ("<", ">", "LEAK", "javascript", "file://", "passwd", "alert", "color"):
        assert leak not in result.text, leak


def test_feed_fragment_with_line_breaks_and_double_escaped_markup() -> None:
    fragment = (
        "<p>The council voted on Tuesday<br>to approve the seven-kilometre tram line.</p>"
        "&lt;p&gt;Construction starts next spring, the transport committee said.&lt;/p&gt;"
        "&lt;script&gt;alert('SCRIPT-LEAK')&lt;/script&gt;"
        "<p>Read more: Where the new stops will be</p>"
    )

    result = article(doc(fragment, "fragment", title="Tram line approved"))

    assert result.text.split("\n\n") == [
        "The council voted on Tuesday to approve the seven-kilometre tram line.",
        "Construction starts next spring, the transport committee said.",
    ]


WRAPPED_TEXT = """By Ada Brook

The river ferry between Altmoor and Brennstadt resumed on Monday after
two weeks of floods, the operator said. Crossings will run every forty
minutes until the end of the month.
Read: Floods close the valley road for a second week

Timetable
The operator said the new timetable would be posted at both landings and
that the report had been written
by engineers from the water board, who inspected both piers.
Share this article
Leave a Comment
"""


def test_plain_text_keeps_hard_wrapped_paragraphs_whole_and_splits_off_boilerplate_lines() -> None:
    result = article(doc(WRAPPED_TEXT, "text", title="Ferry service resumes"))

    assert result.text.split("\n\n") == [
        "The river ferry between Altmoor and Brennstadt resumed on Monday after two weeks of floods, the operator "
        "said. Crossings will run every forty minutes until the end of the month.",
        "Timetable",  # the subheading stays a paragraph of its own: never glued to a sentence
        "The operator said the new timetable would be posted at both landings and that the report had been written "
        "by engineers from the water board, who inspected both piers.",
    ]


def test_plain_text_list_items_stay_separate() -> None:
    body = (
        "The committee made three recommendations on Friday, the report said.\n"
        "- Build a second footbridge over the river by 2027.\n"
        "- Close the old quay to lorries at night.\n"
        "- Publish water levels every hour during floods.\n"
    )
    result = article(doc(body, "text", title="Committee report"))
    assert result.text.split("\n\n") == [
        "The committee made three recommendations on Friday, the report said.",
        "- Build a second footbridge over the river by 2027.",
        "- Close the old quay to lorries at night.",
        "- Publish water levels every hour during floods.",
    ]


def test_markdown_title_from_heading_and_raw_html_stripped_not_shown() -> None:
    body = """# Tunnel vote passes

Voters approved the <em>lake tunnel</em> on Sunday by 58 percent, the election office said; AT&T and a < b stay.

<script>alert("SCRIPT-LEAK")</script>
<iframe src="file:///etc/passwd">IFRAME-LEAK</iframe>
<!-- COMMENT-LEAK -->

![map of the route](file:///etc/passwd) The tunnel will cost **1.2 billion francs**, the canton said.
"""
    result = article(doc(body, "markdown", url="file:///articles/tunnel.md"))

    assert result.title == "Tunnel vote passes"
    assert result.text.split("\n\n") == [
        "Voters approved the lake tunnel on Sunday by 58 percent, the election office said; AT&T and a < b stay.",
        "The tunnel will cost 1.2 billion francs, the canton said.",
    ]


def test_long_article_is_cut_with_a_warning_at_a_sentence_end(caplog: pytest.LogCaptureFixture) -> None:
    sentence = "The survey counted {n} new nests on the cliffs this spring, the bird society said."
    paragraphs = ["<p>" + " ".join(sentence.format(n=10 * p + i) for i in range(10)) + "</p>" for p in range(10)]

    with caplog.at_level(logging.WARNING, logger="briefer.extract"):
        result = article(doc("".join(paragraphs), "fragment", title="Seabirds return"), max_chars=2_500)

    assert result.truncated
    assert len(result.text) <= 2_500
    assert result.text.endswith("the bird society said.")
    assert len(result.text) > 2_000  # cut near the limit, not at the first break
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "https://news.example/a" in warnings[0].getMessage() and "2500" in warnings[0].getMessage()


def test_short_article_is_not_truncated_and_not_warned(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="briefer.extract"):
        result = article(doc(WRAPPED_TEXT, "text", title="Ferry"))
    assert not result.truncated
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_page_with_only_boilerplate_is_dropped_with_a_reason() -> None:
    html = "<html><body><p>Leave a Comment</p><p>Subscribe to our newsletter</p><p>Scroll to Top</p></body></html>"
    result = extract(doc(html, "html"), 20_000, now=NOW)
    assert isinstance(result, DroppedArticle)
    assert result.url == "https://news.example/a"
    assert result.reason == "no article text after cleaning"


def test_text_just_over_the_minimum_is_kept_and_under_it_dropped() -> None:
    kept = "The ferry runs again. " * (MIN_ARTICLE_CHARS // 20)
    assert len(kept.strip()) >= MIN_ARTICLE_CHARS
    assert isinstance(extract(doc(kept, "text", title="Ferry"), 20_000, now=NOW), Article)
    assert isinstance(extract(doc("The ferry runs again.", "text", title="Ferry"), 20_000, now=NOW), DroppedArticle)


def test_article_without_any_date_is_dated_when_fetched() -> None:
    result = article(doc(WRAPPED_TEXT, "text", title="Ferry"))
    assert (result.published, result.published_from) == (NOW, "fetched")


def test_without_a_clock_given_an_undated_article_is_dated_by_the_runs_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))  # reproducible output holds here too
    result = extract(doc(WRAPPED_TEXT, "text", title="Ferry"), 20_000)
    assert isinstance(result, Article)
    assert (result.published, result.published_from) == (NOW, "fetched")


def test_article_id_is_stable_and_depends_on_source_headline_and_text() -> None:
    first = article(doc(WRAPPED_TEXT, "text", title="Ferry"))
    again = article(doc(WRAPPED_TEXT, "text", title="Ferry"))
    moved = article(doc(WRAPPED_TEXT, "text", title="Ferry", url="https://other.example/a"))
    retitled = article(doc(WRAPPED_TEXT, "text", title="Ferry back"))
    assert first.id == again.id == article_id(first.source, "Ferry", first.text)
    assert moved.id == first.id  # the address is not part of the id: a moved workspace keeps its ids
    assert retitled.id != first.id
    assert article_id("s", "T", "Same  text\nhere") == article_id("s", "T", "Same text here")  # whitespace aside


# -- text helpers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "declared", "expected"),
    [
        ("Zürich’s “tunnel” vote".encode(), "iso-8859-1", "Zürich’s “tunnel” vote"),  # wrong declared charset
        ("Zürich’s “tunnel” €5".encode("cp1252"), "latin-1", "Zürich’s “tunnel” €5"),  # latin-1 means cp1252
        ("Grève à Zürich".encode("latin-1"), None, "Grève à Zürich"),
        ('<meta charset="koi8-r"><p>Привет</p>'.encode("koi8-r"), None, '<meta charset="koi8-r"><p>Привет</p>'),
        ("Plain UTF-16 text".encode("utf-16-le"), None, "Plain UTF-16 text"),
        ("Plain UTF-16 text".encode("utf-16-be"), None, "Plain UTF-16 text"),
        (b"\xef\xbb\xbfWith a BOM", None, "With a BOM"),
    ],
    ids=[
        "utf8-declared-latin1",
        "cp1252-declared-latin1",
        "latin1",
        "meta-charset",
        "utf16le-no-bom",
        "utf16be-no-bom",
        "utf8-bom",
    ],
)
def test_decode(data: bytes, declared: str | None, expected: str) -> None:
    assert decode(data, declared) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t ", "empty"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff", "binary"),
        (bytes(range(1, 9)) * 50, "binary"),
    ],
    ids=["empty", "blank", "gif", "control-bytes"],
)
def test_decode_refuses_what_is_not_text(data: bytes, reason: str) -> None:
    with pytest.raises(NotText, match=reason):
        decode(data)


def test_html_to_text_drops_non_text_elements_and_keeps_tails() -> None:
    html = (
        "<div>Before <script>S1</script><script>S2</script><style>S3</style>after."
        "<title>T</title><textarea>TA</textarea><select><option>O</option></select>"
        "<noscript>N</noscript><template>TP</template><svg><text>SV</text></svg>"
        '<button>B</button><iframe src="https://x.example/">I</iframe> End.</div>'
    )
    assert html_to_text(html) == "Before after. End."
