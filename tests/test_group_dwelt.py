"""A keyword that the headline, the lead and the body keep using is what the article is about, not a word in
another sense: a child's fall into a borewell belongs to a desk's wells, however unlike the day's burst mains its
other words are; a football report's "goal drought" in its headline and lead stays Other. The articles are written
for this test."""

from __future__ import annotations

import pytest
from nlp_fixtures import article
from theme_days import placed_and_why

from briefer import group
from briefer.analyse import analyse
from briefer.config import Theme
from briefer.group import OTHER, score_themes

THEMES = [
    Theme(name="Water and wells", keywords=["borewell", "groundwater", "water supply", "drought", "pipeline"]),
    Theme(name="Solar parks", keywords=["solar park", "solar panels", "inverter", "megawatts"]),
]

DAY = {
    "main-1": "Pipeline bursts near Tonk, cutting water supply to 40 wards\n"
    "A trunk pipeline carrying treated water to the city burst near Tonk early on Sunday, cutting the water "
    "supply to 40 wards. Engineers said repairs to the cracked joint would take at least twelve hours. "
    "Tankers were sent to the worst-hit colonies, and residents queued with buckets at the ward offices.",
    "main-2": "Second leak slows repairs on Tonk pipeline; tankers doubled\n"
    "Crews found a second cracked joint on the Tonk pipeline on Sunday afternoon, and the department doubled "
    "the tankers sent to the wards without water supply. Pumping will restart once the joints are welded.",
    "main-3": "Drought leaves village wells dry as groundwater falls\n"
    "Groundwater in the district has fallen by four metres in a year of drought, and the wells of twelve villages "
    "ran dry this week. Families walk two kilometres to the nearest tanker point.",
    "solar-1": "Fire damages inverter block at Marh solar park\n"
    "A fire broke out in an inverter room at the Marh solar park on Saturday and damaged 40 acres of solar panels. "
    "The operator said 120 megawatts were disconnected from the grid.",
    "solar-2": "Marh solar park operator counts losses after fire\n"
    "The operator of the Marh solar park said the fire had destroyed about 30,000 solar panels and two inverter "
    "stations, and that 120 megawatts would stay offline for weeks.",
    "borewell": "Girl, 4, falls into open borewell in Kesar field; rescuers dig parallel shaft\n"
    "A four-year-old girl fell into an uncovered borewell in a field at Kesar village on Saturday evening, and "
    "rescuers spent the night digging a parallel shaft to reach her. The borewell, about 90 feet deep, had been "
    "left open after the farmer's pump was pulled out last year. A camera lowered into the borewell showed her "
    "moving at about 35 feet, and oxygen was piped down to her. The collector said the owner of the borewell would "
    "face charges for leaving it uncovered. Rescuers reached her through a side tunnel from the shaft next to the "
    "borewell at dawn, and she was taken to hospital by ambulance. Her mother said every borewell in the area "
    "should be capped. The district has counted 140 open borewell pits since the survey began.",
    "football": "Rovers end goal drought with late winner at Kesar\n"
    "Kesar Rovers ended a five-match goal drought with a stoppage-time header on Sunday. Their striker rose above "
    "two defenders to meet a corner, and the home crowd of 3,000 celebrated their first win since February.",
}


def test_a_keyword_the_article_dwells_on_is_in_the_theme_s_sense() -> None:
    placed, why = placed_and_why(DAY, THEMES)
    assert placed["borewell"] == "Water and wells", why["borewell"]
    assert placed["football"] == OTHER
    assert "another sense" in why["football"]
    assert all(placed[k] == "Water and wells" for k in ("main-1", "main-2", "main-3"))
    assert all(placed[k] == "Solar parks" for k in ("solar-1", "solar-2"))


def test_without_the_rule_the_borewell_is_a_word_in_another_sense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(group, "SENSE_DWELT", 0)
    placed, why = placed_and_why(DAY, THEMES)
    assert placed["borewell"] == OTHER
    assert "another sense" in why["borewell"]


def test_a_keyword_dwelt_on_beside_another_theme_s_in_the_lead_is_asked_its_sense() -> None:
    """The rule holds only where no other theme's keyword stands in the headline or lead: a report whose lead names
    solar panels too may be about them, and the sense test still asks."""
    text = DAY["borewell"].replace("A four-year-old girl fell", "A four-year-old girl playing near solar panels fell")
    items = analyse([article("alone", DAY["borewell"]), article("beside", text)])
    dwelt = score_themes(items, THEMES).hits.dwelt_on(5)
    assert dwelt[:, 0].tolist() == [True, False]
