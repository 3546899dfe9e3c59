"""An article about something else than the desk (a basketball report on a storm desk, named by two
keywords in another sense: "storm past", "flooding the paint") is Other, however many keywords it has;
the desk's own reports keep their themes."""

from __future__ import annotations

import pytest
from nlp_fixtures import article
from theme_days import placed_in

from briefer import group
from briefer.analyse import analyse
from briefer.config import Theme
from briefer.group import OTHER, score_themes

THEMES = [
    Theme(name="Storms", keywords=["storm", "flooding", "outage", "power lines", "crews"]),
    Theme(name="Hydro", keywords=["dam", "reservoir", "exports", "megawatts", "turbines"]),
]

DAY = {
    "storm-1": "Storm floods Varne streets and cuts power to 30,000\n"
    "A storm dropped 90 millimetres of rain on Varne overnight, flooding streets and basements. "
    "Falling trees brought down power lines and 30,000 homes lost electricity. "
    "Utility crews worked through the night to restore power.",
    "storm-2": "Flooding closes Ostrow river road as storm moves east\n"
    "Flooding closed the river road at Ostrow on Saturday as the storm moved east across the valley. "
    "Firefighters pumped water from a care home and moved residents upstairs. "
    "The weather service said more rain would fall on Sunday.",
    "storm-3": "Outage enters second day for Kessel villages\n"
    "Villages around Kessel spent a second day without power after the storm snapped poles. "
    "The utility said crews would replace forty poles by Monday. Warming centres opened in two schools.",
    "storm-4": "Insurers count storm damage in Varne\n"
    "Insurers said claims from the storm's flooding in Varne could pass 40 million. "
    "Most claims are for flooded basements and roofs damaged by falling trees.",
    "storm-5": "Power restored to most homes after storm\n"
    "Power was restored to most homes in the valley on Sunday, the utility said, after crews repaired "
    "the power lines the storm brought down. About 2,000 customers were still without electricity.",
    "hydro-1": "New dam on the Varne river to add 600 megawatts\n"
    "The province approved a 600-megawatt dam on the upper Varne river on Friday. "
    "Construction of the reservoir will start in 2028 and the turbines will turn by 2033.",
    "hydro-2": "Reservoir levels fall to ten-year low\n"
    "Water in the province's reservoirs fell to its lowest autumn level in ten years after a dry summer. "
    "The utility said it would cut power exports to neighbouring grids this winter.",
    "hydro-3": "Utility signs power exports deal with neighbouring grid\n"
    "The utility signed a deal to sell 400 megawatts to the neighbouring grid for twenty years. "
    "The power will come from its dams in the north, whose reservoirs are refilling.",
    "hydro-4": "Turbine upgrade at Kessel dam finished early\n"
    "Engineers finished replacing two turbines at the Kessel dam two months early, adding 45 megawatts. "
    "The dam's reservoir stayed open to boats during the work.",
    "hoops": "Varne Wolves storm past Ostrow in overtime thriller\n"
    "The Varne Wolves stormed past Ostrow 98-91 in overtime on Saturday, flooding the paint in the fourth "
    "quarter as their centre scored 31 points. The coach praised the bench after the basketball game. "
    "Fans stayed in the arena long after the final buzzer to cheer the players.",
}


def _placed() -> dict[str, str]:
    items = analyse([article(ident, text) for ident, text in DAY.items()])
    scores = score_themes(items, THEMES)
    return placed_in(items, scores)


def test_a_report_about_something_else_is_other_however_many_keywords_name_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    placed = _placed()
    assert placed["hoops"] == OTHER
    assert all(placed[k] == "Storms" for k in DAY if k.startswith("storm"))
    assert all(placed[k] == "Hydro" for k in DAY if k.startswith("hydro"))
    monkeypatch.setattr(group, "OFF_DESK", False)
    assert _placed()["hoops"] == OTHER  # a sports report on a desk that covers no sport (group.GENRES) too
    monkeypatch.setattr(group, "GENRES", False)
    assert _placed()["hoops"] == "Storms"  # what the two rules take away: two keywords held it
