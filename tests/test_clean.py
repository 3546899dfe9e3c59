"""Boilerplate rules: what a news page carries that is not the article goes,
and ordinary news sentences that merely mention the same words stay."""

from __future__ import annotations

import pytest

from briefer.clean import CleanSettings, boilerplate_rule, clean_paragraphs, cut_text

BOILERPLATE = [
    # related links
    ("Read: Harbour board votes to extend the north quay", "related link"),
    ("Learn more: What the new tram line means for commuters", "related link"),
    ("Related: Ski lifts to run late on weekends", "related link"),
    ("Read more: Ice cores from the Weisshorn reach the laboratory", "related link"),
    ("Related Articles", "related heading"),
    ("You may also like...", "related heading"),
    ("You might also like", "related heading"),
    ("See more: Valley road reopens after the landslide", "related link"),
    ("DON'T MISS", "related heading"),
    ("More:", "related heading"),
    ("Most read in regional news", "related heading"),
    # a link label opens a link line whatever the headline after it looks like: a question,
    # a sentence with a full stop (issue: these reached a brief)
    ("Read more: Who will lead the valley council after the vote?", "related link"),
    ("Read more: The old ferry is back, but can it last?", "related link"),
    ("Also read: Why the tram fares keep rising and what comes next.", "related link"),
    ("Read also: How the harbour board counts its votes.", "related link"),
    ("See also: Why the river keeps flooding the lower town.", "related link"),
    ("Related: The mayor says the bridge will open in the spring.", "related link"),
    ("You may also like: Alpine franc hits new low", "related link"),
    ("You might also like: What the new tram line means for commuters.", "related link"),
    ("More: Valley road reopens after the landslide", "related link"),
    # calls to action
    ("Click here to read the full statement.", "call to action"),
    ("Click here for the latest updates on the floods.", "call to action"),
    ("Tap here to follow the count live", "call to action"),
    # comment, share, newsletter and cookie prompts
    ("Leave a Comment", "comment prompt"),
    ("12 Comments", "comment prompt"),
    ("Your email address will not be published. Required fields are marked *", "comment form"),
    ("Scroll to Top", "navigation"),
    ("Skip to content", "navigation"),
    ("Share this article", "share prompt"),
    ("Share on Facebook", "share prompt"),
    ("Follow us: @alpineherald", "share prompt"),
    ("Subscribe to our newsletter", "newsletter prompt"),
    ("Subscribe to the Morning Harbour newsletter", "newsletter prompt"),
    ("Get the valley's news delivered to your inbox by signing up for our newsletter.", "newsletter prompt"),
    ("Never miss a story. Subscribe to the Courier's free newsletters.", "newsletter prompt"),
    ("Harbour Briefing Newsletter", "newsletter prompt"),
    # an outlet's own alert or digest, its name no "newsletter"
    ("Sign up for the Harbour Monitor coast alert, sent every morning at 7.", "newsletter prompt"),
    ("Sign up for Delta Energy Wire's Refinery Watch, delivered every weekday at 6 a.m.", "newsletter prompt"),
    ("Got a story? Lena Fischer can be reached at lena@courier.example. Follow her on Twitter.", "author note"),
    ("Tom Hale writes about trains. His new book is out now. Follow him on Instagram @tomhale.", "author note"),
    ("Follow the Courier on Facebook, Instagram and YouTube.", "share prompt"),
    ("Follow our coverage of the floods at https://courier.example/floods", "share prompt"),
    ("The ferry will run all winter, whatever the weather.Click To Tweet", "share prompt"),
    ("If you enjoyed this article, become a member of the Courier today.", "membership pitch"),
    # an outlet's pitch for itself, its name or a plea before "Subscribe" (these reached the desks' texts)
    ("Tarrow Valley News: your news, every morning. Subscribe for $11.99 a month.", "subscription pitch"),
    ("Support local news. Subscribe to the Lakeside Courier from $3.50 a week.", "subscription pitch"),
    ("Support local reporting: subscribe to the Fenmoor Gazette for $8.99 a month.", "subscription pitch"),
    (
        "Subscribe to the Holm & Ferry Herald from $4.50 a week and get the valley's news in your inbox each morning.",
        "subscription pitch",
    ),
    ("Get the Northmoor Times in your inbox every morning — subscribe today.", "subscription pitch"),
    ("Get the Kelnau Herald at your door every morning. Subscribe from $5.99 a month.", "subscription pitch"),
    ("Kelnau Wire's commodities service is available to subscribers. Contact our sales desk.", "subscription pitch"),
    ("We use cookies to improve your experience on our site. Accept", "cookie notice"),
    ("This website uses cookies. By continuing to browse, you agree to our use of cookies.", "cookie notice"),
    ("We and our partners use cookies to personalise content and ads.", "cookie notice"),
    ("Accept all cookies", "cookie notice"),
    ("Cookie settings", "cookie notice"),
    # bylines and datelines
    ("By Sana Qureshi", "byline"),
    ("By Sana Qureshi and Tom Hale", "byline"),
    ("By SANA QURESHI | Staff Reporter", "byline"),
    ("By Sana Qureshi, staff reporter.", "byline"),
    ("By Nadia al-Rahman in Kelnau", "byline"),
    ("Reporting by Sana Qureshi; Editing by Tom Hale", "byline"),
    ("Reporting by Sana Qureshi; Editing by Tom Hale.", "byline"),
    ("(Reporting by Ada Brook in Kelnau; Writing by Tom Hale; Editing by Lena Fischer)", "byline"),
    ("Additional reporting by Lena Fischer", "byline"),
    ("Published: 12 March 2025, 10:42", "byline"),
    ("Updated at 1:23 p.m.", "byline"),
    ("6:10 AM CET 03/14/2025 by Ada Brook", "dateline"),
    ("Friday, 14 March 2025, 18:05", "dateline"),
    # credits and taxonomy
    ("SOURCE: Valley Courier and agencies", "source credit"),
    ("Filed under: Transport | Floods", "taxonomy"),
    ("Tags: ferries, floods, Altmoor", "taxonomy"),
    # copyright, adverts, navigation
    ("© 2025 Alpine Herald. All rights reserved.", "copyright"),
    ("Copyright 2025 Harbour Gazette", "copyright"),
    ("copyright Valley Courier 2019 - ISSN: 1234-5678", "copyright"),
    ("Advertisement", "advert"),
    ("Home | News | Sport | Weather", "navigation"),
    ("Home", "navigation"),
]

NEWS_SENTENCES = [
    "The ministry said it would share its findings with both delegations.",
    "Share prices in Frankfurt fell 2 percent on Thursday.",
    "By Tuesday, officials had reopened the crossing to lorries and buses.",
    "By the end of the week, the talks had stalled over the question of tariffs.",
    "Reporting by local media suggested that 12 people were hurt in the blast.",
    "Edited by hand, the ballots were counted again on Sunday.",
    "Written by two former diplomats, the letter urged both sides to return to talks.",
    "Published 12 March, the report said three bridges needed urgent repair.",
    "Updated 2025 figures show inflation fell to 4 percent, the central bank said.",
    "Copyright lawyers for the authors filed a new complaint on Monday.",
    "The EU's new cookie policy rules came into force on Monday, the commission said.",
    "Users who accept cookies will be tracked across sites, the regulator warned.",
    "'We use cookies only to keep people logged in,' the company said.",
    "The bakery said its cookies would be sold at the fair until Sunday.",
    "Comments by the finance minister on Friday unsettled the bond market.",
    "Readers left more than 300 comments under the mayor's post before it was deleted.",
    "Read the full statement, the minister told reporters, and you will see that we kept our word.",
    "Learn more about the new rules from the agency's website, the minister said.",
    "Related talks in Geneva ended without agreement on Wednesday.",
    "More-than-expected rainfall flooded the valley on Tuesday, the weather service said.",
    "More: the committee will meet again on Friday to vote on the budget.",
    "Read more than 20 reports and you will see the same complaint, the auditor said.",
    "Listen: we will not back down on the bridge tolls, the mayor told the crowd.",
    '"Read more: that is all I ask of the council," the librarian said.',
    "Clicking here and there on the old terminals, clerks took hours to log each ballot.",
    "Subscribers to the city's bike scheme rose by a fifth last year.",
    "Home prices rose 3 percent in February, the statistics office said.",
    "The publisher said all rights to the archive would pass to the city library, which will digitise it.",
    "The senator urged voters to follow her on Twitter for updates, her campaign said.",
    "Readers who subscribe to the newsletter will get the report first, the paper said.",
    "The newsletter, which has 40,000 subscribers, will close in June.",
    "The outage cut service to 310,000 subscribers in four towns. The carrier said it was restored by noon.",
    "He told the crowd: subscribe and vote.",
    '"Subscribe to the channel for $2 a month," the streamer said.',
    "Sign up for the vaccine opened on Monday, and 4,000 people registered within hours.",
    "Farmers can sign up for the scheme every weekday until March.",
    "Sources: three officials confirmed the deal was close.",
    "Also on Monday, the council approved the new bus routes.",
    "The 2019 match kicked off at 3:00 in heavy rain.",
    "Follow-up checks on the bridge found no new cracks.",
    "If you enjoyed the concert, the organisers said, tell your friends about the autumn season.",
]


@pytest.mark.parametrize(("line", "rule"), BOILERPLATE)
def test_boilerplate_line_is_recognised(line: str, rule: str) -> None:
    assert boilerplate_rule(line) == rule


@pytest.mark.parametrize("sentence", NEWS_SENTENCES)
def test_news_sentence_is_not_boilerplate(sentence: str) -> None:
    assert boilerplate_rule(sentence) is None


def test_clean_paragraphs_keeps_the_article_and_says_what_it_removed() -> None:
    paragraphs = [
        "Ferry service resumes after the floods",  # the headline, echoed
        "By Sana Qureshi",
        "The river ferry between Altmoor and Brennstadt resumed on Monday, the operator said.",
        "Read: Floods close the valley road for a second week",
        "The ministry said it would share its findings with both delegations.",
        "The ministry said it would share its findings with both delegations.",  # repeated
        "Crossings",  # a subheading: part of the article, never a summary sentence
        "Crossings will run every forty minutes until the end of the month.",
        "© 2025 Valley Courier. All rights reserved.",
    ]
    title = "Ferry service resumes after the floods"
    cleaned = clean_paragraphs(paragraphs, title, max_chars=10_000, settings=CleanSettings(repeats="all"))
    assert cleaned.text.split("\n\n") == [
        "The river ferry between Altmoor and Brennstadt resumed on Monday, the operator said.",
        "The ministry said it would share its findings with both delegations.",
        "Crossings",
        "Crossings will run every forty minutes until the end of the month.",
    ]
    assert dict((line, rule) for rule, line in cleaned.removed) == {
        "Ferry service resumes after the floods": "headline repeated",
        "By Sana Qureshi": "byline",
        "Read: Floods close the valley road for a second week": "related link",
        "The ministry said it would share its findings with both delegations.": "repeated line",
        "© 2025 Valley Courier. All rights reserved.": "copyright",
    }
    assert not cleaned.truncated


TIMETABLE = [
    "The winter timetable, day by day:",
    "Monday",
    "First ferry 6:40",
    "Tuesday",
    "First ferry 6:40",
    "The operator said the last crossing would leave at nine.",
    "The operator said the last crossing would leave at nine.",  # the same sentence again (a pull quote)
]


@pytest.mark.parametrize(
    ("repeats", "dropped"),
    [
        ("none", []),  # the default: a page's repeated lines are its own (a timetable, a table)
        ("sentences", ["The operator said the last crossing would leave at nine."]),
        ("all", ["First ferry 6:40", "The operator said the last crossing would leave at nine."]),
    ],
)
def test_repeated_lines_go_as_the_settings_say(repeats: str, dropped: list[str]) -> None:
    settings = CleanSettings(repeats=repeats)  # type: ignore[arg-type]
    cleaned = clean_paragraphs(TIMETABLE, "Ferry timetable", max_chars=10_000, settings=settings)
    assert [line for _, line in cleaned.removed] == dropped
    assert {rule for rule, _ in cleaned.removed} <= {"repeated line"}
    kept = list(TIMETABLE)
    for line in dropped:
        del kept[len(kept) - 1 - kept[::-1].index(line)]  # the later copy goes, the first stays
    assert cleaned.text.split("\n\n") == kept
    if repeats == "none":
        assert clean_paragraphs(TIMETABLE, "Ferry timetable", max_chars=10_000) == cleaned


def _sentences(n: int, start: int = 0) -> str:
    return " ".join(f"Sentence number {i} of the long report ends here." for i in range(start, start + n))


def test_long_text_is_cut_at_a_paragraph_break() -> None:
    paragraphs = [_sentences(10, start=10 * k) for k in range(5)]  # about 500 characters each
    cleaned = clean_paragraphs(paragraphs, "A long report", max_chars=1_600)
    assert cleaned.truncated
    assert cleaned.text == "\n\n".join(paragraphs[:3])
    assert len(cleaned.text) <= 1_600


def test_one_long_paragraph_is_cut_at_a_sentence_end() -> None:
    text = _sentences(100)
    cut = cut_text(text, 1_000)
    assert len(cut) <= 1_000
    assert cut.endswith("ends here.")
    assert text.startswith(cut)
    assert len(cut) > 900  # the last whole sentence that fits, not an early one


def test_sentence_ending_exactly_at_the_limit_is_kept() -> None:
    text = "First sentence is here. Second one ends right at the limit. Third one is past it."
    limit = text.index("Third") - 1  # just after "limit."
    assert cut_text(text, limit) == "First sentence is here. Second one ends right at the limit."


def test_text_without_sentence_ends_is_cut_between_words() -> None:
    text = " ".join(["word"] * 500)
    cut = cut_text(text, 1_002)
    assert len(cut) <= 1_002
    assert cut.split(" ") == ["word"] * len(cut.split(" "))  # no half word at the end


def test_short_text_is_not_cut() -> None:
    assert cut_text("One sentence.", 1_000) == "One sentence."
