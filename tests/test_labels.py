"""What a headline says its article is (briefer.labels): a round-up, an analysis, opinion, or a report."""

from __future__ import annotations

import pytest

from briefer import labels
from briefer.stories import labelled_title


@pytest.mark.parametrize(
    "title",
    [
        "Nordic and Baltic tech on Thursday: price spike, layoffs and a Paldiski campus",
        "Markets on Friday: stocks fall, oil rises and gold holds",
        "Harbour and coast: the day in brief",
        "Port Ellery: what happened on Tuesday",
        "The Kokand valley on Tuesday: what we know",
        "Bay of Kestrel, Thursday: what we know",
        "The Tamsel coast this weekend: what we know so far",
        # a list, then the day; the day, then a list; "a Thursday of ..." (session 49)
        "Two ferry delays, a mill closure and a new mayor: the Kestrel coast's Thursday",
        "A blaze at sea, a rockfall and a storm: Tuesday across the islands",
        "The harbour board's day: two fines, a merger and a dredging order",
        "Port Tech Today: two outages, a subsidy and a fine",
        "A Thursday of hard news across the Kestrel valley",
        # what the desk is watching, a place's or the week's (session 54)
        "Kestrel coast on Sunday: what we are watching",
        "What we're watching in the Tamsel valley this week",
        "What to watch: the Varne talks, the ferry strike and the dredging order",
    ],
)
def test_a_day_and_a_list_of_its_events_is_a_round_up(title: str) -> None:
    assert labels.stands_alone(title) and labels.labelled_piece(title)


def test_what_we_know_of_one_event_may_be_its_explainer() -> None:
    # "what we know" of a place on a day is the day's round-up (a story of its own even on a day too small for
    # step 7 to see it name the day's events); of one event, or after one, it may be that event's explainer
    assert not labels.stands_alone("Saturday's ice storm in the Ferghana hills: What we know so far")
    assert not labels.stands_alone("The Tamsel coast on Wednesday: what we know after Cyclone Orla")


@pytest.mark.parametrize(
    "title",
    [
        "Strike on Monday: dockers walk out at Port Ellery",
        "Talks resume on Monday: Norland and Kestrel Bay meet in Varne",
        "Crane drivers walk out on Thursday, ships and barges wait off the port",
        "Strike day: trains, buses and ferries halted",
        "Rice, maize and wheat prices rise on Monday",
        "Ferries, trains and buses halted: the strike on Thursday",
        "Ice bridge collapses in the night, with almost no one watching",
        "Whale-watching boat strikes calf off Kestrel Bay",
    ],
)
def test_a_report_dated_by_its_weekday_is_no_round_up(title: str) -> None:
    assert not labels.ROUNDUP_LABEL.search(title)


@pytest.mark.parametrize(
    "title",
    [
        "The Kokand valley on Tuesday: what we know",
        "Saturday's ice storm in the Ferghana hills: What we know so far",
        "The Tamsel coast on Wednesday: what we know after Cyclone Orla",
    ],
)
def test_a_headline_closing_on_what_we_know_labels_its_piece(title: str) -> None:
    # listed after the day's reports and quoted in a theme's summary only once each event is told,
    # as a round-up opening on its label is ("What we know: ..."); the stories read it so already
    assert labels.labelled_piece(title) and labelled_title(title)
    assert not labels.labelled_piece("Valley farmers say they know what the dam will cost them")
    assert not labels.labelled_piece("Dam board: what we know is not enough, say valley farmers")
