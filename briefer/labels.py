"""What a headline says its article is, by the outlet's own label: an analysis, an opinion piece,
the day's round-up (step 7 of :mod:`briefer.stories`; the editions list such pieces after the
day's reports, :mod:`briefer.context`). Plain regular expressions, with nothing to load."""

from __future__ import annotations

import re

GENRE_LABEL = re.compile(
    r"^\s*(?:analysis|opinion|comment(?:ary)?|editorial|explainer|column|round-?up|week in review"
    r"|the (?:day|week) in\b[^:]{0,40}|what we know\b[^:]{0,40}"
    r"|[\w’' ]{0,40}?\b(?:wrap|round-?up|briefing|digest|evening|morning))\s*:",
    re.I,
)
"""A headline that opens on its genre, as outlets label a round-up or an analysis ("Analysis: ...",
"Opinion: ...", "The day in mining: ...", "Baltic Brief evening: ...", "Education wrap: ...")."""
_WEEKDAY = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
ROUNDUP_LABEL = re.compile(
    r"\b(?:(?:the\s+)?(?:day|week)\s+in\s+brief\b|news\s+in\s+brief\b|in\s+brief\s*:|key\s+stories\b"
    r"|what\s+(?:we\s+are|we['’]re|to\s+be)\s+watching\b|what\s+to\s+watch\b"
    rf"|what\s+happened\s+(?:on\s+)?(?:{_WEEKDAY}|today|yesterday)\b"
    rf"|(?:\b(?:{_WEEKDAY})|['’]s?\s+day|\btoday)\s*:[^:]*,[^:]*\band\b"
    rf"|,[^:]*\band\b[^:]*:\s*(?:[^:]*['’]s\s+)?(?:{_WEEKDAY})\b"
    rf"|^an?\s+(?:{_WEEKDAY})\s+of\b"
    rf"|(?:\bon\s+|,\s*|\bthis\s+)(?:{_WEEKDAY}|weekend|week)\s*:"
    r"\s*what\s+we\s+know(?:\s+so\s+far)?\s*$)",
    re.I,
)
"""A round-up's label wherever the headline puts it ("Ports and trade: the day in brief", "Gulf
health in brief: ...", "Snow day in the Alps: what happened on Thursday", "Wednesday's key
stories", "Nordic tech on Thursday: price spike, layoffs and a campus": a day and a list; "Bay of Bengal,
Thursday: what we know": a place on a day, not one event's explainer; "Two blackouts, two gas contracts and a water
swap: Central Asia's Thursday", "The regulators' day: two fines, a merger and an order", "Tech Today: two outages, a
subsidy and a fine", "A Thursday of hard news across ...": a list and a day either side of the colon), which
``GENRE_LABEL`` reads only as the headline's opening. An article so labelled is the day's round-up,
never one event's report: a story of its own, as opinion is (step 7). So is what a desk is watching ("Moldova
on Sunday: what we are watching")."""
OPINION_LABEL = re.compile(
    r"^\s*(?:(?:analysis|opinion|comment(?:ary)?|editorial|column|view|explainer|factbox|backgrounder)\s*:|(?:why|how)\s"
    r"|[^'\"‘’“”]{0,80}\?\s+\S|[^'\"‘’“”:?]{0,60}:\s*(?:what|why|how|who|which|where|when|is|are|can|will"
    r"|should|does|do)\b[^'\"‘’“”]*\?\s*$)",
    re.I,
)
"""A headline its outlet labels as opinion, analysis or an explainer ("Explainer: how harvest limits
are set", a factbox, a backgrounder), or that opens on the question an explainer
answers ("Why the grocery wage fight has moved ...", "How the watchdogs learned to act alone") or
asks one under a title of its own ("Too many mediators? The crowded diplomacy ...", "Istanbul,
round three: what would a deal need?"): no report of an event, so never one of an event's reports
in a story, whatever it names (step 7). A headline that is one question ("Saints could shut down
Reggie Bush?") may be a report's, and a question someone is quoted asking ("'Where do we go
now?': families ...") is."""


CLOSING_LABEL = re.compile(
    r":\s*what we know(?:\s+so\s+far)?(?:\s+(?:after|about|on|since|as|from)\s+[^:;'\"‘’“”]{1,60})?\s*$", re.I
)
"""A headline that closes on its genre ("The Ferghana valley on Tuesday: what we know", "Saturday's ice
storm in Quebec: what we know so far", "Madagascar on Wednesday: what we know after the cyclone"): a
round-up or an explainer, as ``GENRE_LABEL`` reads one that opens on it."""


def stands_alone(title: str) -> bool:
    """True when the headline labels its article opinion or analysis (``OPINION_LABEL``) or the
    day's round-up (``ROUNDUP_LABEL``): no one event's report, a story of its own whatever it names
    (step 7 of :mod:`briefer.stories`)."""
    return bool(OPINION_LABEL.match(title) or ROUNDUP_LABEL.search(title))


def labelled_piece(title: str) -> bool:
    """True when the headline labels its article a round-up, an analysis or opinion, not one
    event's report (any of the labels above)."""
    return bool(GENRE_LABEL.match(title) or CLOSING_LABEL.search(title)) or stands_alone(title)
