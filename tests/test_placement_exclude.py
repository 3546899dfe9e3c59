"""A theme's ``exclude`` phrases: a keyword in a sense the desk does not mean ("TV blackout" on an
outage desk, "film crews" beside repair crews) does not count inside them, and counts elsewhere."""

from __future__ import annotations

import logging

import pytest
from nlp_fixtures import article

from briefer.analyse import analyse
from briefer.config import Theme
from briefer.group import OTHER, ThemeMatcher, explain, score_themes

DAY = {
    "storm-1": "Ice storm leaves 90,000 without power in Varne\n"
    "An ice storm brought down lines across Varne on Saturday, leaving 90,000 customers in a blackout. "
    "Repair crews worked through the night to restore power to hospitals first. "
    "The utility said most outages would be fixed by Monday.",
    "storm-2": "Freezing rain cuts power to 20,000 in Ostrow\n"
    "Freezing rain snapped poles and downed lines around Ostrow overnight, the utility said. "
    "Crews from three provinces were sent to help restore power. "
    "Schools in Ostrow stayed closed because of the outage.",
    "storm-3": "Varne blackout enters second night\n"
    "Thousands of homes in Varne spent a second night without power after the ice storm. "
    "Line crews said fallen trees slowed the work. Warming centres opened in two schools.",
    "storm-4": "Power restored to most of Ostrow after storm\n"
    "Power was restored to most of Ostrow on Sunday, the utility said, after crews replaced forty poles. "
    "Some rural roads are still blocked by fallen trees.",
    "hockey": "Fans fume as TV blackout keeps Varne Wolves game off the air\n"
    "Varne Wolves fans found nothing but a test pattern on Saturday night after a rights dispute led to "
    "a local TV blackout of the hockey team's home game. The league said the game was on its own app. "
    "About 4,000 fans saw a 4-3 win in overtime at the rink.",
    "film": "Old town doubles as 1940s Boston for streaming drama\n"
    "Film crews dressed the old town's main street in period shop signs on Saturday for an eight-part "
    "drama. About 150 extras in coats and hats filled the street for two days of shooting.",
}


KEYWORDS = ["ice storm", "outage", "freezing rain", "downed lines", "blackout", "crews", "power restored"]


def _scores(exclude: list[str]) -> dict[str, tuple[float, str]]:
    """Per article: its keyword points for Outages and where it is placed."""
    themes = [
        Theme(name="Outages", keywords=KEYWORDS, exclude=exclude),
        Theme(name="Exports", keywords=["exports", "dam", "reservoir"]),
    ]
    items = analyse([article(ident, text) for ident, text in DAY.items()])
    scores = score_themes(items, themes)
    return {
        item.article.id: (float(points[0]), scores.themes[int(row.argmax())] if row.any() else OTHER)
        for item, points, row in zip(items, scores.keywords, scores.placed, strict=True)
    }


def test_a_keyword_inside_an_excluded_phrase_does_not_count() -> None:
    """The hockey report's "TV blackout" (headline and lead) and the film's "Film crews" are keyword
    evidence for Outages until the desk excludes them; the outage reports keep theirs and their theme."""
    before, after = _scores([]), _scores(["TV blackout", "film crews"])
    assert before["hockey"][0] > 3 and after["hockey"][0] == 0
    assert after["film"][0] == 0 and after["hockey"][1] == after["film"][1] == OTHER
    for ident in DAY:
        if ident.startswith("storm"):
            assert after[ident][1] == "Outages" and after[ident][0] >= before[ident][0] > 0


def test_an_excluded_phrase_takes_only_its_own_uses_of_the_keyword() -> None:
    """ "a TV blackout" takes one "blackout" away, not the article's other blackouts; phrases are
    matched on stems ("TV blackouts"); an exclude with none of the theme's keywords changes nothing
    and says so."""
    matcher = ThemeMatcher.from_theme(Theme(name="Outages", keywords=["blackout"], exclude=["TV blackout"]))
    lemmas = "the tv blackout follow a blackout and a second blackout".split()
    assert matcher.count(lemmas) == 2
    assert matcher.count("two tv blackouts".split()) == 0


def test_an_exclude_without_the_themes_keywords_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        matcher = ThemeMatcher.from_theme(Theme(name="Outages", keywords=["blackout"], exclude=["film crews"]))
    assert matcher.excluded == ()
    assert "holds none of its keywords" in caplog.text


def test_the_placement_says_which_excluded_phrase_did_not_count() -> None:
    themes = [
        Theme(name="Outages", keywords=KEYWORDS, exclude=["TV blackout"]),
        Theme(name="Exports", keywords=["exports", "dam", "reservoir"]),
    ]
    items = analyse([article(ident, text) for ident, text in DAY.items()])
    why = {
        item.article.id: p.reason for item, p in zip(items, explain(items, score_themes(items, themes)), strict=True)
    }
    assert why["hockey"].endswith("Not counted: the keywords in 'TV blackout', which the desk excludes.")
    assert "Not counted" not in why["storm-1"]
