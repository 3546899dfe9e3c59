"""A sports report or a piece on the arts is in no theme that is not about them, whatever keyword it uses: a
basketball side's "third-quarter cyclone" on a desk of storms, a painter's triptych of a storm. The articles are
written for this test."""

from __future__ import annotations

import pytest
from nlp_fixtures import article
from theme_days import placed_and_why, placed_in

from briefer import group
from briefer.analyse import analyse
from briefer.config import Theme
from briefer.group import OTHER, score_themes

STORMS = Theme(name="Cyclones and storms", keywords=["cyclone", "storm", "flood", "rainfall", "evacuation"])
PORTS = Theme(name="Ports and shipping", keywords=["port", "ship", "berth", "cargo"])
SPORT = Theme(name="Sport", keywords=["league", "basketball", "match"])

DAY = {
    "storm-1": "Cyclone Irvel crosses the coast near Tallow Point\\n"
    "Cyclone Irvel crossed the coast near Tallow Point on Tuesday night with gusts of 180 km/h, cutting power to "
    "4,000 homes, the weather bureau said. Rainfall of 240 mm was recorded at Tallow Point in 24 hours.",
    "storm-2": "Evacuation centres fill as Irvel brings flooding to Wenport\\n"
    "About 600 people spent the night in evacuation centres in Wenport as the cyclone's rainfall flooded low-lying "
    "streets. The council said floodwater had entered 40 homes near the river mouth.",
    "storm-3": "Storm damage bill for Tallow Point put at 30 million\\n"
    "Insurers put the storm damage at Tallow Point at about 30 million on Wednesday as crews cleared roofs and "
    "fallen trees from the main street after the cyclone.",
    "port-1": "Wenport closes its berths as the cyclone nears\\n"
    "The Wenport port authority closed all five berths on Tuesday and sent 12 waiting ships out to sea as the "
    "cyclone approached. Cargo handling will resume once the harbour master has checked the channel.",
    "port-2": "Ore ships return to Wenport anchorage after the storm\\n"
    "The first ore ships returned to the Wenport anchorage on Wednesday, and the port said cargo handling would "
    "restart at two berths in the afternoon.",
    "hoops": "Karda Rays hit Wenport with a third-quarter cyclone to top the ladder\\n"
    "The Karda Rays scored 31 points in a wild third quarter to beat the Wenport Gulls 92-80 on Tuesday night and "
    "go top of the state basketball league's northern ladder. The game went ahead at the Wenport stadium after "
    "the storm, with buckets under the roof where the rainfall came through, and flood lights on a "
    "generator. Coach Mira Dunn said her side had played its best half of the season.",
    "triptych": "Wenport painter's storm triptych wins the Tallow Point prize\\n"
    "Wenport painter Alma Reyes won the Tallow Point art prize on Wednesday with a three-panel painting of a "
    "storm over the river mouth, painted from the flood wall during last year's evacuation. "
    "The painting was chosen from 310 entries at the town's gallery, which reopened after the storm.",
}


def _placed(themes: list[Theme]) -> tuple[dict[str, str], dict[str, str]]:
    return placed_and_why(DAY, themes)


def test_a_sports_report_and_a_piece_on_the_arts_are_in_no_theme_of_another_subject() -> None:
    placed, why = _placed([STORMS, PORTS])
    assert placed["hoops"] == OTHER and placed["triptych"] == OTHER
    assert why["hoops"].startswith("Other: a sports report (its headline and lead: ")
    assert "'basketball'" in why["hoops"] and "'ladder'" in why["hoops"]
    assert why["triptych"].startswith("Other: a piece on the arts")
    assert all(placed[k] == STORMS.name for k in DAY if k.startswith("storm-"))
    assert all(placed[k] == PORTS.name for k in DAY if k.startswith("port-"))


def test_a_desk_that_covers_sport_places_sports_reports_as_any_other() -> None:
    """With a Sport theme, the desk weighs a sports report's keywords as any article's: the rule says nothing (a
    football club's takeover may be Business)."""
    placed, _ = _placed([STORMS, PORTS, SPORT])
    assert placed["hoops"] == SPORT.name
    assert placed["triptych"] == OTHER  # the desk covers no arts
    placed, _ = _placed([STORMS, PORTS, Theme(name="Sport", keywords=["cricket"])])
    assert placed["hoops"] == STORMS.name  # no Sport keyword names it: its storm words hold it, as before


def test_without_genres_the_keyword_places_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(group, "GENRES", False)
    placed, _ = _placed([STORMS, PORTS])
    assert placed["hoops"] == STORMS.name and placed["triptych"] == STORMS.name


POWER = Theme(name="Power cuts and drought", keywords=["power cut", "blackout", "drought", "reservoir", "dam"])

SCORED = {
    "cuts-1": "Rota power cuts of four hours as the Kessel reservoir falls\\n"
    "The grid operator ordered power cuts of up to four hours a day across Wenport from Thursday as the Kessel "
    "reservoir fell to 18 per cent, the lowest level since the drought of 2019. Hospitals keep their supply.",
    "cuts-2": "Kessel dam turbines stopped as drought bites\\n"
    "Two of the three turbines at the Kessel dam were stopped on Wednesday because the reservoir is too low, the "
    "operator said, taking 140 megawatts off the grid before the rota of power cuts begins.",
    "vote": "Wenport council votes 7-2 for blackout shelters in schools\\n"
    "The Wenport council voted 7-2 on Tuesday to keep four school halls open as warm shelters during each "
    "blackout of the rota, with generators lent by the port.",
    "derby": "Riverside end eleven-month drought against Harbour Town\\n"
    "Riverside beat Harbour Town 2-1 at Mill Lane on Saturday, their first win over their neighbours in eleven "
    "months, after a late strike from Tomas Veer settled the derby. Harbour Town had suffered a ten-minute blackout "
    "after the break, their manager said.",
}


def test_a_score_is_a_sports_cue_a_vote_is_not() -> None:
    """A match report that holds one of sport's words in its headline and lead ("derby") and a score ("beat Harbour
    Town 2-1") is a sports report; its figurative "drought" and "blackout" place it in no theme of power cuts. A
    council's "voted 7-2" names no side: that report stays in its theme."""
    items = analyse([article(ident, text) for ident, text in SCORED.items()])
    placed = placed_in(items, score_themes(items, [POWER]))
    assert placed["derby"] == OTHER
    assert placed["vote"] == POWER.name
    assert placed["cuts-1"] == POWER.name and placed["cuts-2"] == POWER.name
    assert group.genre_of(items[3]) == ("sport", ["derby", "a score"])
    assert group.genre_of(items[2]) is None


def test_a_drama_at_a_teatro_is_a_piece_on_the_arts() -> None:
    """A review whose headline and lead name the festival's "Teatro" and "a family drama" is a piece on the arts;
    the "clinic in stillness" an actress gives and an "epidemic of coughing" in the stalls place it in no theme of
    dengue and clinics."""
    health = Theme(name="Dengue and clinics", keywords=["dengue", "clinic", "epidemic", "mosquito"])
    day = {
        "dengue": "Alder declares dengue emergency as cases pass 4,000\n"
        "Alder declared a dengue emergency on Tuesday after 4,100 cases this year, and every clinic in the city will "
        "stay open until ten at night. Fumigation teams will spray against the mosquito in six districts.",
        "review": "Mostra Alderense opens with a spellbinding A Casa do Rio\n"
        "The Mostra Alderense de Teatro opened on Tuesday night with A Casa do Rio, a three-hour family drama set in "
        "a fishing village, and a full house stayed on its feet for ten minutes. Iolanda Brás gives a clinic in "
        "stillness as the eldest sister, and an epidemic of coughing in the stalls did not spoil the last act.",
    }
    items = analyse([article(ident, text) for ident, text in day.items()])
    placed = placed_in(items, score_themes(items, [health]))
    assert group.genre_of(items[1]) == ("arts", ["drama", "teatro"])
    assert placed == {"dengue": health.name, "review": OTHER}
    # a musical's revival on a desk of rents, students' carols on a desk of fisheries
    (rent, carols) = analyse(
        [
            article(
                "rent",
                "Rent at the Harbour Playhouse: a Tarn revival with the heat turned up\n"
                "Thirty years after it opened on Broadway, the musical still lands hardest in its quietest moments, "
                "and the new production at the Harbour Playhouse knows where those moments are.",
            ),
            article(
                "tuna",
                "Student tuna serenades Alder's Old Town for the food bank\n"
                "Thirty members of the university tuna sang Christmas carols and old student songs in the squares "
                "of the Old Town on Saturday, collecting food for the food bank.",
            ),
        ]
    )
    assert group.genre_of(rent) == ("arts", ["broadway", "musical", "playhouse"])
    assert group.genre_of(carols) == ("arts", ["carol", "song"])
