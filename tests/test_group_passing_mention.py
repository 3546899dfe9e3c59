"""A keyword in another sense in a headline ("on fire" in a cricket report) is no firmer for a second
keyword the article writes once, in its body only ("hit the timber"): the sense test still asks whether
its wording is the theme's. The articles are written for this test."""

from __future__ import annotations

import pytest
from theme_days import placed_and_why

from briefer import group
from briefer.config import Theme
from briefer.group import OTHER

THEMES = [
    Theme(name="Bushfires and forests", keywords=["bushfire", "fire", "firefighters", "logging", "timber"]),
    Theme(name="Fish farms", keywords=["salmon", "fish farm", "pens", "aquaculture"]),
]

DAY = {
    "fire-1": "Bushfire burns through 3,000 hectares near Ridgeway\n"
    "A bushfire has burnt through 3,000 hectares of dry scrub and plantation near Ridgeway since Tuesday. "
    "Firefighters worked overnight to hold containment lines along the ridge road.",
    "fire-2": "Firefighters hold lines as fire threatens Ridgeway homes\n"
    "Firefighters held containment lines through the night as the fire came within two kilometres of homes. "
    "Residents were told to leave if the wind swung to the north-west again.",
    "fire-3": "Fire ban declared across the north as temperatures climb\n"
    "A total fire ban was declared across the north for Thursday as temperatures were forecast to pass 38C. "
    "Firefighters said the dry scrub would carry any fire quickly.",
    "fire-4": "Logging halted in Ridgeway plantation after fire damage\n"
    "Logging crews were pulled out of the Ridgeway plantation after the fire burnt through two coupes. "
    "The timber company said the burnt trees would be salvaged for pulp.",
    "salmon-1": "Salmon die-off at Storm Bay fish farm\n"
    "About 200,000 salmon died in the pens of a Storm Bay fish farm this week after a bloom of jellyfish. "
    "The aquaculture company said warm water had stressed the fish.",
    "salmon-2": "Regulator orders salmon pens emptied\n"
    "The regulator ordered the company to empty six salmon pens by the end of the month. "
    "Aquaculture workers will move the surviving fish to a lease further offshore.",
    "cricket": "Opener on fire as Harbour Cricket Club chases down 214\n"
    "Opening batter Josh Varley was on fire at the recreation ground on Thursday evening, hitting 112 not out "
    "from 74 balls as the Harbour Cricket Club chased down 214. Varley hit nine sixes, three of them over the "
    "clubrooms. Their fast bowler hit the timber twice in his first over, and the club's captain made 88 "
    "before he was caught at long-on.",
}


def test_a_headline_keyword_in_another_sense_and_a_passing_second_keyword_is_other() -> None:
    placed, why = placed_and_why(DAY, THEMES)
    assert placed["cricket"] == OTHER
    assert "'fire' is the only keyword of Bushfires and forests it uses but 'timber' once in passing" in why["cricket"]
    assert all(placed[k] == "Bushfires and forests" for k in DAY if k.startswith("fire-"))
    assert all(placed[k] == "Fish farms" for k in DAY if k.startswith("salmon"))


def test_without_the_rule_the_cricket_report_is_a_bushfire(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(group, "PASSING_MENTION", False)
    assert placed_and_why(DAY, THEMES)[0]["cricket"] == "Bushfires and forests"
