"""An article of the desk's own subject that uses none of its themes' words and shares too little of
their wording to fit one (a rail line shut by snowdrifts on a mountain transport desk) goes to the theme
its wording is closest to, when what it is about is as close to the rest of the day as the day's typical
article and to that theme's articles as they are to each other; the sports page, far from the rest of
the day, stays in Other. The articles are written for this test."""

from __future__ import annotations

import pytest
from nlp_fixtures import article

from briefer import group
from briefer.analyse import analyse
from briefer.config import Theme
from briefer.group import OTHER, explain, score_themes

THEMES = [
    Theme(name="Mountain transport", keywords=["railway", "trains", "pass road", "tunnel"]),
    Theme(name="Ski resorts", keywords=["ski", "slopes", "lifts", "skiers"]),
]

DAY = {
    "rail-1": "Trains stop on the Valdora railway after rockfall\n"
    "Trains on the Valdora railway stopped on Monday after a rockfall covered the tracks above Sella. "
    "Engineers cleared the line by evening and the first trains ran again at seven.",
    "rail-2": "Tunnel under the Corvo pass to close for repairs\n"
    "The road tunnel under the Corvo pass will close for three weeks in January for repairs to its ceiling. "
    "Lorries will take the pass road, which stays open with chains required.",
    "rail-3": "Pass road to Sella reopens after avalanche clearing\n"
    "The pass road to Sella reopened on Tuesday after crews cleared two avalanches. "
    "Buses and trains to the valley ran on a winter timetable.",
    "rail-4": "Railway company orders six new trains for mountain lines\n"
    "The regional railway company ordered six trains built for steep mountain lines. "
    "They will replace carriages that have served the Valdora railway since 1985.",
    "rail-5": "Night trains through the Corvo tunnel to run daily\n"
    "Night trains through the Corvo tunnel will run every day from December. "
    "The railway said bookings doubled after the timetable was announced.",
    "ski-1": "Ski lifts open early at Monte Arsa as snow falls\n"
    "Ski lifts at Monte Arsa opened a week early after 60 centimetres of snow. "
    "Skiers queued from eight for the first runs on the upper slopes.",
    "ski-2": "Skiers flock to Sella slopes for the opening weekend\n"
    "More than 9,000 skiers came to the Sella slopes on the opening weekend. "
    "Ski schools said bookings were a fifth higher than last winter.",
    "ski-3": "New chair lifts cut queues at Corvo ski area\n"
    "Two new chair lifts at the Corvo ski area cut queues at the valley station. "
    "The resort said skiers now reach the top slopes in eight minutes.",
    "ski-4": "Resort raises ski pass prices by six percent\n"
    "The Monte Arsa resort raised the price of a day on its ski lifts and slopes by six percent for the season. "
    "Skiers can still buy cheaper passes online before the holidays.",
    "snowdrift": "Valley line between Sella and Brenno suspended after snowdrifts\n"
    "The narrow-gauge line between Sella and Brenno was suspended on Wednesday after snowdrifts blocked "
    "the cutting above Brenno. Replacement buses carried passengers along the valley, and the operator "
    "said ploughs would work through the night.",
    "match": "Sella Foxes beat Brenno in cup derby\n"
    "Sella Foxes beat Brenno 3-1 in the regional cup derby on Saturday, scoring twice in the last ten minutes. "
    "The coach praised his goalkeeper, and the fans sang long after the final whistle.",
}


def _placed() -> tuple[dict[str, str], group.ThemeScores, list]:  # type: ignore[type-arg]
    items = analyse([article(ident, text) for ident, text in DAY.items()])
    scores = score_themes(items, THEMES)
    placed = {
        item.article.id: scores.themes[int(row.argmax())] if row.any() else OTHER
        for item, row in zip(items, scores.placed, strict=True)
    }
    return placed, scores, items


def test_an_article_of_the_desks_subject_without_its_words_goes_to_the_closest_theme(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    placed, scores, items = _placed()
    assert placed["snowdrift"] == "Mountain transport"
    assert placed["match"] == OTHER  # the sports page is far from the rest of the day
    assert all(placed[k] == "Mountain transport" for k in DAY if k.startswith("rail"))
    assert all(placed[k] == "Ski resorts" for k in DAY if k.startswith("ski"))
    reason = explain(items, scores)[list(DAY).index("snowdrift")].reason
    assert reason.startswith("Mountain transport: no theme's keywords or wording are enough")
    monkeypatch.setattr(group, "ON_DESK", False)
    placed, _, _ = _placed()
    assert placed["snowdrift"] == OTHER  # what the rule mends: neither keywords nor wording placed it


def test_an_article_of_the_desks_subject_needs_a_theme_whose_articles_say_what_it_is_about(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(group, "ON_DESK_THEME", -1.0)  # no theme's articles are near enough
    placed, _, _ = _placed()
    assert placed["snowdrift"] == OTHER
