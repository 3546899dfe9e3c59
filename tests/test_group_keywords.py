"""Keyword evidence on small days: derived forms of a keyword count as the keyword, and a word of
one theme's phrase that another theme has as a keyword counts for both. The articles are written
for these tests."""

from __future__ import annotations

from nlp_fixtures import article

from briefer.analyse import analyse
from briefer.config import Theme
from briefer.group import OTHER, _derived_from, assign_themes, explain, score_themes


def test_a_derived_form_is_the_keyword_and_a_lookalike_is_not() -> None:
    assert _derived_from("championship", "champion")
    assert _derived_from("economist", "economy") and _derived_from("economic", "economy")
    assert _derived_from("ministerial", "minister") and _derived_from("taxation", "tax")
    assert not _derived_from("bandwidth", "band")  # a compound, not a derived form
    assert not _derived_from("parts", "party") and not _derived_from("partial", "party")
    assert not _derived_from("mph", "mp")  # too short a keyword to have derived forms
    assert not _derived_from("champion", "champion")


SPORT_AND_MONEY = [
    Theme(name="Football", keywords=["champion", "coach"]),
    Theme(name="Money", keywords=["economy", "investor"]),
]


def test_a_headline_with_a_derived_form_names_its_theme() -> None:
    items = analyse(
        [
            article(
                "title-race",
                "Rovers clinch the championship on the last afternoon\n"
                "Rovers won the league championship on Saturday with a two-goal win at Harbour Park. "
                "The squad celebrated on the pitch with their supporters.",
            ),
            article(
                "forecast",
                "Economists trim their forecast for the coming year\n"
                "Economists at three banks now expect slower growth, citing weak exports. "
                "Economic data for the autumn disappointed, they said.",
            ),
        ]
    )
    scores = score_themes(items, SPORT_AND_MONEY)
    assert scores.keywords[0].tolist()[0] >= 3 and scores.keywords[0].tolist()[1] == 0  # "championship" in the headline
    assert scores.keywords[1].tolist()[1] >= 3 and scores.keywords[1].tolist()[0] == 0  # "economists", "economic"
    placements = explain(items, scores)
    assert [m.keyword for m in placements[0].keywords] == ["champion"]
    assert placements[0].keywords[0].headline == 1


def test_a_keyword_written_without_its_accents_names_the_text_s_word_with_them() -> None:
    items = analyse(
        [
            article(
                "line-3",
                "Power failure halts Metrô Line 3 in the rush hour\n"
                "Trains on Metrô Line 3 stopped for an hour on Wednesday morning, and passengers walked along the "
                "tracks to the nearest platforms, the operator said.",
            ),
        ]
    )
    scores = score_themes(items, [Theme(name="Transit", keywords=["metro", "bus fare"]), *SPORT_AND_MONEY])
    assert scores.keywords[0].tolist()[0] >= 3  # "Metrô" in the headline and the lead
    assert [m.keyword for m in explain(items, scores)[0].keywords] == ["metro"]


BORDER_DESK = [
    Theme(name="Border tensions", keywords=["border", "crossing", "ceasefire"]),
    Theme(name="Talks", keywords=["talks", "delegation", "negotiation"]),
]

BORDER_DAY = [
    (
        "trucks-stranded",
        "Thousands of trucks stranded as the border crossing stays shut\n"
        "Drivers and traders waited a fifth day at the Torkham crossing on Tuesday as the border stayed closed. "
        "Fruit exporters said their cargo was rotting in the trucks and their losses were mounting. "
        "Customs agents said the queue of trucks stretched for kilometres.",
    ),
    (
        "ceasefire-fire",
        "Guards trade fire at the crossing despite the ceasefire\n"
        "Border guards exchanged fire near the Chaman crossing overnight despite the ceasefire. "
        "Traders said the market by the crossing emptied and trucks turned back. "
        "Exporters of fruit said their losses would grow.",
    ),
    (
        "border-trade",
        "Border closure pushes exporters to other routes\n"
        "Exporters of fruit and cement have sent their trucks north since the border crossing closed. "
        "Traders said the longer routes raised their losses and their costs.",
    ),
    (
        "talks-end",
        "Talks in Istanbul end without agreement\n"
        "The delegation from Kabul left Istanbul after the talks ended without a text. "
        "Hosts said the negotiation could resume if both delegations agreed on guarantees.",
    ),
    (
        "talks-next",
        "Hosts push for a new round of talks\n"
        "Qatar and Turkey urged both delegations to return for another round of talks. "
        "A negotiation on guarantees remained the sticking point, diplomats said.",
    ),
    (
        "talks-guarantees",
        "No further talks without guarantees, minister says\n"
        "The minister said his delegation would not return to talks without written guarantees. "
        "Diplomats said the negotiation had stalled over monitoring.",
    ),
    (
        "apples-dearer",
        "Peshawar shoppers pay more for apples\n"
        "Shoppers in Peshawar paid twice last month's price for apples on Wednesday. "
        "Bakers said flour was dearer too. "
        "A stallholder blamed the shut border and said the exporters had no trucks to spare.",
    ),
    (
        "marathon",
        "City marathon draws a record field\n"
        "More than twelve thousand runners took part in the city marathon on Sunday. "
        "Organisers said the weather was kind and the course was fast.",
    ),
]


GAMES_DESK = [
    Theme(name="Sport", keywords=["game", "match", "coach"]),
    Theme(name="Gaming industry", keywords=["games console", "studio", "download"]),
]


def test_a_word_of_another_themes_phrase_counts_for_both_themes() -> None:
    """Sport's "game" is a word of the gaming theme's "games console": the desk says that the
    gaming articles speak of games too, so "game" cannot by itself take a video-game story to Sport."""
    items = analyse(
        [
            article(
                "launch",
                "Players queue for the new game on its first night\n"
                "Shops opened at midnight for the launch of the game, the year's most awaited title. "
                "Reviewers praised the game's story and said the game looks best on the newest games console. "
                "The studio said a first update would follow within a month.",
            ),
            article(
                "studio-sales",
                "Studio's downloads beat its forecast\n"
                "The studio said downloads of its racing title passed two million in the first month. "
                "Players on every games console bought the title, and the studio plans a sequel for next year.",
            ),
            article(
                "cup-tie",
                "Coach rests his captain for the cup match\n"
                "The coach left his captain out of the cup match on Tuesday to protect an injured knee. "
                "The side won the match on penalties after extra time in front of a full stadium.",
            ),
            article(
                "derby",
                "Coach hails his side after a tense game\n"
                "The coach praised his defence after the derby match ended one-nil on Saturday. "
                "The game turned on a penalty in the second half, and the match was watched by a full stadium.",
            ),
        ]
    )
    groups = assign_themes(items, GAMES_DESK)
    where = {item.article.id: name for name, members in groups.items() for item, _ in members}
    assert where["launch"] == "Gaming industry" and where["derby"] == "Sport"
    scores = score_themes(items, GAMES_DESK)
    sport, gaming = 0, 1
    assert scores.keywords[0, gaming] > scores.keywords[0, sport] > 0  # "game" counts for both themes
    keywords = {(m.theme, m.keyword) for m in explain(items, scores)[0].keywords}
    assert ("Gaming industry", "game") in keywords and ("Sport", "game") in keywords


def test_a_day_without_themes_is_explained_without_error() -> None:
    items = analyse([article(name, text) for name, text in BORDER_DAY[:2]])
    placements = explain(items, score_themes(items, []))
    assert [p.themes for p in placements] == [(OTHER,), (OTHER,)]
    assert {p.reason for p in placements} == {"No themes are configured."}
