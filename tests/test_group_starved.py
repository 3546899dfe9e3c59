"""A theme that ends the day without articles, while the articles its keywords name sit in the desk's
background theme (every report of a fishing harbour's day names its boats and catch), takes those whose
wording fits each other's; a lone one in another sense (a council's budget "blockade") stays
Other. The articles are written for this test."""

from __future__ import annotations

import pytest
from nlp_fixtures import article
from theme_days import placed_in

from briefer import group
from briefer.analyse import analyse
from briefer.config import Theme
from briefer.group import OTHER, explain, score_themes

THEMES = [
    Theme(name="Fishing", keywords=["fishing boats", "catch", "trawlers", "quota", "fish"]),
    Theme(name="Harbour protests", keywords=["blockade", "protesters", "pickets", "barricades"]),
]

DAY = {
    "catch-1": "Trawlers land record herring catch at Skarvik\n"
    "Trawlers landed 4,000 tonnes of herring at Skarvik on Tuesday, the largest catch of the season. "
    "Fish prices at the auction fell by a tenth as buyers filled their cold stores.",
    "catch-2": "Cod quota for next year cut by a fifth\n"
    "The fisheries ministry cut next year's cod quota by a fifth after scientists warned of falling stocks. "
    "Skippers said the smaller catch would keep fishing boats in port for weeks.",
    "catch-3": "Skarvik fish auction moves to new hall\n"
    "The fish auction at Skarvik moved into a new hall on the quay, with room for the catch of forty trawlers. "
    "Buyers said the cold chain from boat to lorry is now shorter.",
    "catch-4": "Mackerel catch falls as trawlers follow shoals north\n"
    "Mackerel landings at Brenna fell by a third this autumn as the shoals moved north. "
    "Trawlers now steam two days to reach the fish, burning more fuel for a smaller catch.",
    "catch-5": "Young skippers get help to buy fishing boats\n"
    "A state fund will lend young skippers up to half the price of second-hand fishing boats. "
    "Owners said the fleet is ageing and few crews can afford a boat of their own.",
    "protest-1": "Fishing boats close Skarvik harbour mouth over quota cut\n"
    "Protesters moored forty fishing boats across the harbour mouth at dawn, a blockade against the cod quota cut. "
    "Ferries and cargo ships waited outside while the crews chained their hulls together.",
    "protest-2": "Crews chain boats across Brenna quay as quota anger spreads\n"
    "Crews chained their boats across the Brenna quay on Tuesday and pickets stopped lorries at the gate. "
    "The protesters said they would stay until the ministry restored the cod quota for small trawlers.",
    "protest-3": "Police ask crews of fishing boats to let ferry through Skarvik harbour mouth\n"
    "Police asked the crews of the fishing boats holding the Skarvik harbour mouth to let the island ferry through. "
    "Protesters said they would stay until the ministry restored the cod quota, and turned back two lorries.",
    "budget": "Council ends blockade of harbour budget after deal on school roofs\n"
    "The county council ended a two-month blockade of its budget vote after parties agreed to fund school roofs. "
    "The budget passed by 31 votes to 20 and takes effect in January.",
}


def _placed() -> tuple[dict[str, str], group.ThemeScores, list]:  # type: ignore[type-arg]
    items = analyse([article(ident, text) for ident, text in DAY.items()])
    scores = score_themes(items, THEMES)
    placed = placed_in(items, scores)
    return placed, scores, items


def test_an_empty_theme_takes_the_articles_its_keywords_name_that_share_wording(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    placed, scores, items = _placed()
    assert {k for k, v in placed.items() if v == "Harbour protests"} == {"protest-1", "protest-2", "protest-3"}
    assert placed["budget"] == OTHER  # its "blockade" is in another sense: it shares no wording with the others
    assert all(placed[k] == "Fishing" for k in DAY if k.startswith("catch"))
    reason = explain(items, scores)[list(DAY).index("protest-1")].reason
    assert "no article was Harbour protests's" in reason and "vouch for each other" in reason
    monkeypatch.setattr(group, "STARVED", False)
    placed, _, _ = _placed()
    assert "Harbour protests" not in placed.values()  # what the rule mends: the desk's background took them


def test_a_theme_named_once_stays_empty() -> None:
    placed = score_themes(analyse([article(k, DAY[k]) for k in ("catch-1", "catch-2", "budget")]), THEMES)
    assert not placed.placed[:, 1].any()  # one article naming a theme is no theme's day
