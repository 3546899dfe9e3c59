"""Placement leaves out where and when (issue 17's small days, read as a reader would): an
off-topic piece that shares only the day's town, weekday and dates with a theme's reports is
"Other", and the names of places never count as words close to a theme's keywords."""

from __future__ import annotations

import pytest
from nlp_fixtures import article

from briefer import group
from briefer.analyse import analyse
from briefer.config import Theme
from briefer.group import OTHER, score_themes

THEMES = [
    Theme(name="Fires", keywords=["wildfire", "blaze", "firefighters"]),
    Theme(name="Evacuations", keywords=["evacuation", "evacuated", "shelter"]),
]

DAY = {
    "fire-1": "Wildfire near Redwater doubles in size on Thursday\n"
    "A wildfire north of Redwater in Alberta doubled in size on Thursday, officials said. "
    "Firefighters worked through the night on the blaze's eastern flank near Redwater. "
    "Water bombers from Edmonton joined crews on Thursday afternoon.",
    "fire-2": "Crews hold the line on the Redwater blaze\n"
    "Firefighters held a containment line on the Redwater wildfire on Thursday. "
    "The blaze covered 4,000 hectares in Alberta by Thursday evening. "
    "Crews from Edmonton and Calgary were sent north in July.",
    "fire-3": "Second wildfire flares east of Edmonton\n"
    "A second wildfire started east of Edmonton on Thursday, the province said. "
    "Firefighters and helicopters attacked the blaze from the air. "
    "Smoke drifted over Edmonton and Alberta's capital region in the afternoon.",
    "evac-1": "Redwater residents evacuated as fire nears town\n"
    "About 2,000 residents of Redwater were evacuated on Thursday as the fire approached. "
    "An evacuation centre opened in Edmonton, where families found shelter for the night.",
    "evac-2": "Fort Nelson told to leave as smoke closes highway\n"
    "Residents of Fort Nelson in British Columbia were told to leave their homes. "
    "An evacuation order covers the town and the highway south is closed by smoke. "
    "Shelter has been arranged in Fort St. John for those without family to stay with.",
    "ban-1": "Campfire ban extended across British Columbia\n"
    "British Columbia extended its campfire ban to the whole province as the wildfire risk rose. "
    "Firefighters said most of this season's blazes were started by people, not lightning.",
    "festival": "Edmonton folk festival opens with sold-out crowds on Thursday\n"
    "The Edmonton Folk Music Festival opened on Thursday in Alberta with four days of concerts. "
    "Organisers in Edmonton said the festival sold every ticket for Thursday and Friday in July. "
    "Headliners play Edmonton's main stage each evening until Sunday. "
    "Shuttle buses run from Redwater and Calgary every afternoon, and the gates close at night.",
}


@pytest.fixture(scope="module")
def items() -> list:
    return list(analyse([article(name, text) for name, text in DAY.items()]))


def _placed(items: list) -> dict[str, str]:
    scores = score_themes(items, THEMES)
    return {
        item.article.id: scores.themes[int(row.argmax())] if row.any() else OTHER
        for item, row in zip(items, scores.placed, strict=True)
    }


def test_a_piece_that_shares_only_places_and_dates_with_a_theme_is_other(items: list) -> None:
    placed = _placed(items)
    assert placed["festival"] == OTHER
    assert placed["fire-3"] == "Fires"
    assert placed["evac-1"] == "Evacuations"


def test_without_leaving_names_out_the_festival_joins_the_fires(items: list, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the rule is for: on the full wording, Edmonton, Alberta and Thursday make it fit."""
    monkeypatch.setattr(group, "TOPICAL_FIT", False)
    assert _placed(items)["festival"] != OTHER


def test_names_of_places_and_days_are_left_out_but_a_themes_keywords_are_not(items: list) -> None:
    names = group.name_stems(items, [group.ThemeMatcher.from_theme(t) for t in THEMES])
    assert {group._normalize(w) for w in ("edmonton", "redwater", "alberta", "thursday", "july")} <= names
    assert group._normalize("wildfire") not in names and group._normalize("blaze") not in names
    assert group._normalize("festival") not in names


def test_the_reason_for_other_says_names_were_left_out(items: list) -> None:
    scores = score_themes(items, THEMES)
    a = [i.article.id for i in items].index("festival")
    reason = group.explain(items, scores)[a].reason
    assert reason.startswith("Other:") and "without the names of places and dates" in reason
