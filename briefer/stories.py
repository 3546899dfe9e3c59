"""Stories: inside one theme, the articles that report the same event.

A story is one event: who did what, where and when. Two events of the same
kind on one day (two offers to host talks, two earthquakes, two games of one
team) share most of their words; what tells them apart are the specifics:
who, where, which numbers and dates. Each article is described three ways:

- its *words*: content lemmas of headline, lead and body (the headline
  counted twice);
- its *specifics*: the words of its named entities, the numbers, the month
  names and the capitalised words inside sentences (proper nouns that the
  entity recogniser missed);
- its *facts*: those specifics as a set ("Romania's" is "Romania"), and
  among them its *lead facts*, the ones its headline and first two sentences
  state.

A dateline or a byline opening the text gives only the place it names
(:func:`story_sentences`): the agency's tag and the day's date say who filed
the report and when, and tied every report of one outlet. A named entity found
only in that tag ("Sahel Wire", which the recogniser may call a person) is none
of the article's (:func:`story_entities`).

Two articles whose leads date what they report ``DAYS_APART`` days apart or
more, and never closer (a strike "on Monday" and one "early on Thursday",
read against each article's publication date: :func:`article_dates`), are
never one story: their similarity is zero at every look, and they are
rivals in step 4. A date more than ``DATE_WINDOW`` days before publication
is background ("the rules proposed on Dec. 11"), not when the news happened;
a report whose every date is after its publication date only looks ahead
("talks on Monday", written on Sunday) and is dated apart from none
(:func:`_happened`).

In a mixed theme ("Other": a desk's day with no themes, or what no theme
holds; ``find_stories``' ``mixed``) of ``KIND_FROM`` articles or more, two
articles that report two kinds of event are never one story either. There no
keyword has sorted the clashes from the talks and the trade, and all of them
name the crisis's countries and capitals. An article's *kind* is the sum of
the word vectors (:mod:`briefer.vectors`) of its headline's and lead's common
words, no stop word and no word of a named entity ("fighting killed soldiers
overnight", "offers mediate talks host"); the theme's mean kind, what its
articles share, is taken away; two articles whose kinds are then less alike
than ``KIND_APART`` (cosine) are apart as two dated days apart are. A theme
of one kind of event (a keyword's) is not looked at this way: there the mean
taken away leaves the nuances of one kind, which one event's reports differ in.

The theme is clustered in nine steps (and a second look, 6b):

1. **Similar articles.** Similarity is a weighted mean of the TF-IDF cosine
   of words and specifics, IDF taken over the theme (sparse matrices, no
   Python loop over pairs; among 5 articles or more a token of a single
   article is dropped). Average linkage, cut at ``threshold``; in a mixed
   theme of ``KIND_FROM`` articles or more, at a higher cut when its pairs
   are alike on average above ``BACKGROUND_FROM`` (a desk with no themes
   whose every report tells one region's crisis: the background alone ties
   unrelated reports at 0.2; :func:`_background_threshold`). When the
   whole theme (4 articles or more) forms one cluster, a running story whose
   every report names the same countries and talks, the first look is taken
   again with the tokens every article has weighted zero.
   A theme of more than ``EXACT_LIMIT`` articles (a desk's day holds 10 to
   100) is not clustered over all its pairs (issue 15): candidate pairs come
   from the terms few articles share, at most ``NEIGHBOURS`` per article, and
   those at least ``FLOOR`` times ``threshold`` similar are kept. Each
   connected component of the pairs above ``threshold`` is clustered alone
   (average linkage never joins two groups with no such pair between them):
   on all its pairs when it has at most ``EXACT_LIMIT`` articles, on its
   candidate pairs otherwise. Steps 2 to 5 look at each cluster as they do
   in a small theme, save a cluster of more than ``EXACT_LIMIT`` articles,
   which stays whole. Memory and time grow about linearly with the theme
   (``docs/performance.md``, "Stories of a large theme").
2. **Two events under one cluster.** A cluster of 4 articles or more is
   looked at again with what *all* its members share weighted zero (IDF
   ``ln((1 + n) / (1 + df))`` among its members): the kind of event and the
   day's background no longer count, only what some members share and the
   others lack (a token of a single member links nothing and is left out). It
   is cut in two (average linkage); the cut stands when each part holds
   together (mean similarity ``SPLIT_COHESION`` or more) and the parts hardly
   touch (``SPLIT_CROSS`` or less), or, in a cluster whose few articles share
   little, when each part holds together at least ``SPLIT_LOOSE`` and
   ``SPLIT_RATIO`` times more than the parts touch; and when the parts state
   facts of their own (:func:`_own_facts`: each part at least one, or one part
   ``OWN_FACTS``). Each part is looked at again. Two reports of one event
   differ in words, not in a set of facts that half of them share and the
   other half lack, so they do not split. A fact one report of the other part
   names in passing ("possibly in Doha") is still a part's own; one that a
   lead of the other part states, or most of its articles name, is not. A
   number that may be a day of the month is no part's own fact
   (``OWN_NUMBERS``): reports of one event date themselves a day apart ("3
   July" in one dateline, "July 2" in another) and count what grows ("5
   dead", then "24 dead"); nor is a
   piece of a name the other part writes whole (``OWN_PIECES``: "Ka" and
   "Loni" of "Ka'Loni"). A body or works named whole in a part's leads is a
   fact of its own too (``OWN_BODIES``, :func:`article_bodies`), when no lead
   of the other part names it and most of its articles never do: "Winnipeg
   School Division" against "the Louis Riel School Division in Winnipeg",
   whose leads state every one of its words. When the parts are alike at ``OWN_ALIKE`` or more in
   step 1's look over the theme, a word only a headline's case capitalises is
   none either (``OWN_CASED``, :func:`headline_capitals`: "Woman Killed In
   ...", "Magnitude 6.1 Quake ..."), nor, when neither part states a year of
   its own, a month or a weekday (``OWN_CALENDAR``): one event's reports
   written on other days, under other headline styles. Nor does a cut stand whose two parts are both about
   one person (:func:`_main_person`, or every lead of both naming a person
   some of them are about) and alike at ``ONE_PERSON_ALIKE`` or more
   in step 1's look over the theme (:func:`_one_person_alike`): one event of
   theirs told two ways (the verdict, the victim's family), where two of their
   events (a coach hired, then fired years on) share the person and little
   else. A
   part with no fact of its own stays, under leads that all state
   ``SHARED_LEAD_FACTS`` facts in common (a fight's reports and the features
   on it all name both boxers), unless each part is mostly about a person of
   its own (step 2b's protagonists, :func:`_main_person`). A member of a cut's part that names none of its
   part's own facts, anywhere in its text, and names every fact most of the other part's leads state (that
   no lead of its part states) goes to that part (``OWN_REGROUP``, :func:`_regrouped`): the market's report of
   one of two fires, written by the wire that reports the other, names the first one's warehouse and owner
   below its lead.
2b. **Two protagonists under one cluster.** Two events of one kind told about
   two people (two climbers' deaths on one mountain): each article's
   protagonist is the person its lead names and its text mentions most, not
   a spokesman it quotes (:func:`article_protagonist`). Two articles name two
   people when neither's protagonist is in the other's lead and one of them is
   nowhere in the other's text. A cluster is cut in two (average linkage on
   the second look's similarity, less one for each such pair) when at least
   ``PEOPLE_PAIRS`` pairs across the cut have a protagonist on both sides and
   every one of them (``PEOPLE_CROSS``) names two people, when at most
   ``PEOPLE_WITHIN`` of such pairs within a side do, and when each side is
   about one person (one protagonist for most of its articles that have
   one). Reports of one event quote other officials, or tell of a victim and
   of a driver: only whole sides that name other people are parted.
3. **An article with facts of its own.** An article whose lead facts are
   mostly missing from every other article of its cluster (weighted by how
   rare each fact is in the theme, ``ln((1 + n) / (1 + df))``, so the
   crisis's countries and capitals weigh little) reports another event:
   its share found elsewhere under ``ALONE`` makes it a story of its own
   (``ALONE_MIXED`` in a mixed theme: the day's background ties reports of
   many kinds there, a flooded school and warning shots in one valley). A
   pair is parted when neither article's lead facts are found in the other;
   under ``ALONE_UNNAMED`` when their headlines name nothing in common
   (:meth:`_Day.heads_share`: the dairies' milk price and the pig price, two towns'
   shelters), as two reports of one event name its place, firm or person.
   In a cluster of three or more, an article whose lead facts are found
   elsewhere under ``ALONE_ONE_WAY`` and that names none of the other
   articles' lead facts anywhere in its text is another event too: the
   background ties it (a meatworks' export licence beside a cattle station's
   sale, both naming the beef markets of Asia), not who did what.
   In a theme of fewer than ``SHARED_FROM`` articles a fact's rarity says
   little, and this step is left out, but for a pair whose headlines name
   nothing in common (``SMALL_PAIRS``: a town's water tankers and another
   town's cholera cases, alike at step 1 by the district and the lake). A pair whose headlines open on the
   same ``OPENING_WORDS`` words, none a small word, neither telling an act, stays one (:func:`_same_opening`:
   "Antwerp dock strike delays 41 vessels", "Antwerp dock strike leaves 63 ships waiting": one event whose leads
   count what grows). An article that follows from an event
   stays with it (:func:`_follows`): a reaction or a follow-up brings new people
   into its lead (the union, the minister), but it is like one of the event's
   reports at ``ALONE_LIKE`` or more in step 1's look, and its headline names
   what that report's names ("Workers told at dawn shift meeting that Kestrel
   Falls mill will close").
4. **Two actors tied by a round-up.** Two articles whose headlines open on
   two different countries, capitals or peoples (Iran says ..., Riyadh
   willing ...), neither named in the other's lead, or that date their
   events days apart (rivals), report two events even
   when they called the same ministers on the same day, and a round-up
   naming every capital's offer ties them into one cluster. The cluster is
   cut between them when at most one other article (the round-up) is linked
   to both; each other article goes to the side it shares the more with, and
   the one linked to both to the side it is the more similar to. A headline's
   actor is a named entity the recogniser calls a place or a people, or a
   country, capital or people of ``briefer/data/countries.tsv`` (the small
   recogniser tags no place in "Togo offers to host talks").
   This step runs in a theme of any size (a Mediation theme of two offers
   and a round-up is three articles). Two actors whose articles step 1 saw
   at least ``RIVALS_ALIKE`` alike over the theme are no rivals (unless dated
   apart or of two kinds): one licence told by the government that granted
   it and by the engineers in another capital who gain by it.
5. **A round-up between events.** A round-up ("two convoys hit, a market
   burned") names several of the day's events in its body and tells none in
   its lead. In a cluster of 3 articles or more, an article is such a hub when,
   without it, the others fall into two clusters or more (average linkage at
   ``threshold``), when its lead and theirs state none of each other's facts
   (:meth:`_Day.stated`, under ``ALONE``) while its text names each group's lead
   (:meth:`_Day.found`), when no group's lead states another's, and when it
   names so ``HUB_NAMES`` of the theme's articles or more
   (:meth:`_Day.named_apart`). It stands alone and the groups are looked at
   again. A full report that ties two partial ones states their facts in its
   lead, and is no hub. One whose headline names what the headline of one
   group's report names, and of no other group's (``HUB_HEADLINE``), is that
   event's first report, not a round-up ("Three killed as blast rips through
   fireworks unit near Sattur", then "Sattur fireworks blast: toll rises to
   four"; the unit's neighbours closing for inspections after it): it joins
   that group.

6. **Two countries' events, tied by more than one round-up.** Step 4 gives up
   when more than ``HUBS`` articles are linked to both rivals: a round-up, an
   analysis and a report that names the other capital's offer in its body all tie
   them. A story that steps 2 to 5 leave whole while two of its headlines open on
   two countries (step 4's rivals whose actors ``briefer/data/countries.tsv`` names
   as two countries, by name, capital or people: Oman, Muscat; Qatar, Doha) is cut
   by average linkage on step 1's similarity that never merges two clusters holding
   such a pair, until no two clusters may merge (:func:`_constrained_linkage`):
   each other article goes with the side it is the more like on average. Only
   countries: a place that is no country ("Aceh", "Malibu") may lie inside the
   other's, and a firm or a pollster the recogniser tags a place may be named for
   another in one report of an event; dates days apart are no such pair either
   (a weekday read against a wrong publication date would cut one event in two).

6b. **Each story looked at as a theme of its own.** A story of ``RECLUSTER_FROM`` articles or more
   that steps 2 to 6 leave whole is clustered again as step 1 clusters a theme, IDF taken among its
   members only: what all of them share (the event's kind, the day's places) weighs little there,
   and a single report of a second event of that kind (another volcano's eruption, a ministry's
   decree beside the blockades it answers) falls out. Step 2 refuses a part of one article, and
   step 3 keeps a lone report whose lead shares the day's names and figures with the story's. The
   cut stands when at most one article is set apart, and then only the one that step 1's look over
   the theme also finds the least like the others (an event's reports told from an odd angle are
   set apart by one look, not both), or one whose lead step 3 finds its own and keeps only as a
   follow-up (``RECLUSTER_OWN``: a minister's response to a strike, its lead naming the minister,
   its headline the carmaker; the facts and the story's look agree), and that no member of the
   story is like at ``threshold`` in the story's own look (it is apart from each report, not only
   on average), and when every part of two or more states a fact of its own (:func:`_own_facts`):
   a large event's reports split by the story's own look do not. A story of at most
   ``RECLUSTER_ONE_SIDED_UPTO`` articles cut in two parts of two or more stands when one part states
   ``RECLUSTER_ONE_SIDED`` facts of its own and the other none (``RECLUSTER_ONE_SIDED``): two events
   of one kind on a small mixed day, each told by two or three reports, the older one's reports
   dating nothing of their own (a team's January upset, its Chicago loss); step 2's second look saw
   them apart but asked both parts, or one part three, for facts of their own.

7. **A round-up or an analysis is a story of its own.** A round-up of the day ("Education wrap:
   cap lands, universities swing the axe, asbestos shuts two schools"; "Two closures, two
   strikes, two fires: a grim Thursday for northern industry") or an analysis of a trend tells
   several events, and its lead often opens on one of them: steps 3 and 5 keep it with that one.
   An outlet often labels one ("Analysis: ...", "Opinion: ...", "Baltic Brief evening: ...",
   ``GENRE_LABEL``; or at the headline's end, "Saturday's ice storm in Quebec and New Brunswick:
   what we know", :func:`labelled_title`): such an article stands alone as soon as it names
   (:meth:`_Day.names`) one article of another story of its theme (``LABELLED_NAMES``), its words like theirs or not,
   its lead telling that article's or not.
   An article labelled as opinion or analysis ("Opinion: ...", "Why ...", ``OPINION_LABEL``) stands alone
   whatever it names (``OPINION_ALONE``): it argues about an event, and its sentences are no report
   of it.
   Unlabelled, it is known by its own text (:meth:`_Day.roundup`): its headline states no fact that another
   article of the theme names (of ``ROUNDUP_HEADLINE`` weight at most: "Thursday", "Yemen"), and
   its text names ``HUB_NAMES`` of the theme's articles or more whose leads its own does not
   tell (:meth:`_Day.named_apart`). Once the stories are found, such an article of a story of two
   or more stands alone when the articles it names that are like it (step 1's similarity at
   ``threshold``) belong to two stories or more, more of them outside its story than in it
   (:func:`_elsewhere`), and two of those stories are two events (on average less similar than
   ``threshold``). A report names its own event's reports; a long report with a headline of no
   name ("Jury shown horrific moment ...") may name the facts of another topic's reports by
   chance, but is not like them; a report that names an earlier event of its protagonist names
   one event, which the steps may have cut in two. Only in a theme clustered over all its pairs.
   Across the day (:func:`day_roundups`, before the themes' stories), an article stands alone that
   names the events of ``ROUNDUP_REPORTS`` reports placed in ``ROUNDUP_THEMES`` other themes, or
   whose sentences tell ``ROUNDUP_EVENTS`` events its lead does not, spending no fewer sentences on
   them than on its own event, and ``ROUNDUP_SPENT`` of its sentences at least (:func:`tells_events`;
   with ``themes: []`` too). A report published later whose text tells an article's lead (for
   ``ROUNDUP_NAMES`` of its weight) is no other event that article tells but a follow-up that recounts it
   (``ROUNDUP_FOLLOWS``): the first report of a landslide, its sentences on the missing, the houses evacuated
   and a second slide elsewhere, is named by the later reports of the toll rising and of the evacuated families.
   Once such a piece stands alone, the rest of its story is clustered again on step 1's similarity
   without it (``RELOOK``): liked by the events it tells, it may have tied them into one cluster
   at step 1 (a railway's feasibility study and a derailment, beside the day's round-up) that no
   step looked at once it had gone. When the piece is opinion, an analysis or an explainer
   (``RELOOK_STEPS``), the clusters found again go through steps 2 to 6 as step 1's do: an explainer
   on why the perch gets smaller names a factory's shortage and another country's export boom, and
   its words tied the two into one cluster whose steps measured the reports with it among them.
8. **One event?** A story of ``SAME_EVENT_MOST`` reports at most (a desk's event has two to four) is
   cut where its reports are unlikely one event (:func:`_one_event`): each pair's chance of one event,
   a logistic function of ten figures the steps compute (step 1's similarity of the two alone and within
   the story, the share of each lead's facts the other states and of its facts the other's lead states,
   headlines naming something in common, the overlap of their headlines' and leads' common words, two
   actors), fitted on half A of the desks' small days (``SAME_EVENT_WEIGHTS``, ``SAME_EVENT_BIAS``);
   average linkage cut at ``SAME_EVENT_CUT``. A strike at a port tied by steps 1 to 7 to the trade
   lost at a closed crossing is another event. A pair is never one event when one of them, published after
   the story's first report, tells an act that answers the event (a decision, an order, a protest by
   another actor whom the other report never names: ``ANSWERS_APART``, :mod:`briefer.acts`): "Transport
   ministry grounds the ferry" is news of its own beside the ferry's drift. Only in a theme clustered over
   all its pairs.
9. **A body found.** A report left alone whose headline tells a body found or recovered joins the theme's one
   story whose reports, published before it, told someone missing (``FOUND_CONTINUES``): the search's end,
   told with the victim's name and where the body was found, which the search's reports never named. Two
   such stories and it stays alone. A report left alone whose headline tells a place or a family mourning its
   dead, and no one acting together (a fleet that stays tied up as its crews mourn strikes), joins the earlier
   story that told deaths or someone missing, the most alike of several by a margin (``MOURNING_CONTINUES``:
   "Chizumulu buries its dead" after the capsizing). So does a story, of one report or several, whose first
   report's headline tells a toll rising (``TOLL_CONTINUES``: "Luding quake toll rises to three; lorry driver
   missing ..." with the driver's rescue after it).

``benchmarks/README-stories.md`` tells how the settings were chosen, on which
topics, and what they score on the others.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np
from scipy import sparse

from briefer import vectors
from briefer.acts import COLLECTIVE, SAME_ACT, _many_or_body, acts_for, answers, headline_act, no_name, together
from briefer.analyse import NER_MIN_WORDS, NER_SENTENCES, dateline_places
from briefer.analyse import lemma as _lemma
from briefer.labels import CLOSING_LABEL, GENRE_LABEL, stands_alone
from briefer.models import AnalysedArticle, Story, SummarizedArticle, SummarySentence
from briefer.summarize import summarize_group
from briefer.tfidf import smoothed_idf, unit_rows
from briefer.words import CALENDAR, STOP_WORDS, WEEKDAYS, fold
from briefer.words import TOKEN as _ENTITY_WORD
from briefer.words import WORD as _WORD

DEFAULT_THRESHOLD = 0.2
SHARED_FROM = 5  # from this many articles on, tokens of a single article are ignored
WORD_WEIGHT = 0.3  # share of the plain word similarity; the rest is the specifics'
SUMMARY_SENTENCES = 3
RUNNING_STORY = 4  # a theme of this many articles or more that forms one cluster is looked at again
LEAD_SENTENCES = 2  # sentences after the headline whose specifics are an article's lead facts
OPENING_PIECES = 2  # ... after at most this many pieces that open the text (a byline, a dateline: story_sentences)
DATELINE_WORDS = 8  # ... a dateline having at most this many words
MIN_PART = 2  # a cluster is cut in two only into parts of this many articles or more (step 2)
SPLIT_COHESION = 0.3  # ... each holding together at least this much, with what all share set aside
SPLIT_CROSS = 0.2  # ... and the two parts at most this similar
SPLIT_LOOSE = 0.2  # ... or each part holding together at least this much
SPLIT_RATIO = 3.0  # ... and this many times more than the parts touch
OWN_FACTS = 3  # ... and each part states a fact of its own, or one part this many (see _own_facts)
OWN_NUMBERS = True  # ... a number up to DAY_OF_MONTH is no fact of a part's own (a dateline's day, a count that grows)
DAY_OF_MONTH = 31
OWN_CASED = True  # ... nor a word only a headline's case capitalises (see headline_capitals)
OWN_CALENDAR = True  # ... nor a month or a weekday, when neither part states a year of its own
OWN_ALIKE = 0.45  # ... those two when the parts are alike this much in step 1's look
OWN_PIECES = True  # ... nor a piece of a word the other part names whole ("ka" of "ka'loni")
OWN_REGROUP = True  # ... a member naming none of its part's facts and all of the other's goes there (_regrouped)
ONE_PERSON_ALIKE = 0.4  # ... and not when both parts are about one person and alike this much in step 1's look
ONE_PERSON_ANCHOR = True  # ... or every lead of both names a person some of them are about
SHARED_LEAD_FACTS = 2  # ... that one not when every lead of the cluster states this many facts in common
LEAD_FACT_WEIGHT = 0.3  # share of the lead facts in that second look
CONTRAST_SHARED_ONLY = True  # in that second look a token of a single member is left out, in a cluster of any size
PEOPLE_PAIRS = 3  # a cluster is cut between two protagonists when this many pairs across name both (step 2b)
PEOPLE_CROSS = 1.0  # ... and this share of them name two people
PEOPLE_WITHIN = 0.1  # ... and at most this share of the pairs within a side do
PROTAGONIST_MENTIONS = 2  # a protagonist is named this many times or more (headline and sentences)
PLACES = frozenset({"GPE", "LOC", "FAC"})  # a word the recogniser calls a place more often than a person is none
ALONE = 0.2  # an article whose lead facts are found elsewhere in its cluster less than this is alone (step 3)
ALONE_MIXED = 0.22  # ... in a mixed theme of KIND_FROM articles or more, of many kinds of event
ALONE_FOLLOWS = True  # ... unless it follows from the event of the article it is most like (see _follows)
ALONE_LIKE = 0.5  # ... that is, step 1's similarity to it at least this, and a headline fact in common
ALONE_ONE_WAY: float | None = 0.35
"""... or under this share when the article names none of the others' lead facts at all (a cluster of three or
more; None: not so; 0.30 to 0.45 part the same pairs on the 86 desks)."""
ALONE_UNNAMED = 0.3  # a pair whose headlines name nothing in common is parted under this share (step 3)
OPENING_WORDS: int | None = 3  # ... never a pair whose headlines open on this many words alike (see _same_opening)
SMALL_PAIRS = True  # ... that pair test also in a theme of fewer than SHARED_FROM articles (see _alone)
RIVALS_ALIKE: float | None = 0.5  # ... unless the two are at least this alike (step 4)
HUBS = 1  # two rivals are cut apart when at most this many others are linked to both (step 4)
HUB_NAMES = 3  # a round-up names at least this many of the theme's articles whose leads its own does not tell (step 5)
HUB_CROSS = 0.25  # ... and at most this share of the other pairs across the cut are linked
HUB_HEADLINE = True  # ... a hub whose headline names what one group's headlines name joins that group
OPINION_ALONE = True
"""An article its outlet labels as opinion or analysis (``OPINION_LABEL``) is a story of its own (step 7)."""
RELOOK_STEPS = True  # ... by steps 2 to 6 too, when an opinion piece or an explainer is what left it
RELOOK = True  # ... and the rest of its story is looked at again without it (see _roundups)
RECLUSTER = True  # a story of RECLUSTER_FROM articles or more is clustered again as a theme of its own (step 6b)
RECLUSTER_FROM = 4
RECLUSTER_LINK = True  # ... an article set apart is like no member at the threshold in the story's own look
RECLUSTER_LEAST = True  # ... and is the member least like the others in step 1's look over the theme
RECLUSTER_ONE_SIDED = 2  # ... a cut in two parts stands when one states this many facts of its own, the other none,
RECLUSTER_ONE_SIDED_UPTO = 6  # ... in a story of at most this many articles (two events of two or three reports)
RECLUSTER_OWN = True  # ... or one whose lead facts step 3 finds its own, kept there as a follow-up
TRAILING_LABEL = True  # a headline closing on "what we know" labels a round-up or an analysis (step 7)
LABELLED_NAMES = 1
"""Articles whose leads its own does not tell that a labelled round-up or analysis names (step 7;
``HUB_NAMES`` for one its headline does not label): its label says it is no report, and one other
event named says it tells more than its story's."""
ROUNDUP_HEADLINE = 0.5  # a headline whose facts named elsewhere weigh at most this tells no one event (step 7)
ROUNDUP_HEADLINE_DAY: float | None = 1.2
"""... and a day's round-up by what it tells (:func:`tells_events`) one whose headline's facts other articles of the
day state weigh at most this (a weekday or a month aside; IDF over the day: the 125 desks' unlabelled round-ups
0.00 to 0.89, reports that recall three events 1.53 and more); None: not asked."""
ROUNDUP_THEMES = 2  # a text naming the events of reports placed in this many other themes is a round-up (step 7)
ROUNDUP_REPORTS = 5  # ... and the events of at least this many of the day's reports
ROUNDUP_NAMES = 0.25  # ... each report's lead facts found in its text for this share of their weight
ROUNDUP_SENTENCES = 0.1  # ... in at least this share of its sentences (a report names others in passing)
ROUNDUP_EVENTS = 3  # an article whose sentences tell this many events its lead does not is a round-up (step 7)
ROUNDUP_SPENT = 0.15  # ... in at least this share of its sentences
ROUNDUP_FOLLOWS = True
"""... not counting a report published after it whose text tells its lead for ``ROUNDUP_NAMES`` of the weight: a
follow-up recounting its event ("Llanaditas death toll rises to three ..." after "Landslide buries four houses in
Llanaditas ...", session 68: on the 167 desks 7 true pairs mended, none lost, once 08390876 read catalonia's
tractors as a protest, not a round-up)."""
DAY_ROUNDUP_LIMIT = 2000  # ... looked for on days of at most this many placed articles (all pairs)
SIGNATURE_SIZE = 12  # lead facts kept as a story's signature
DAYS_APART = 2  # two articles whose leads date things this many days apart, and no closer, are two events
DATE_WINDOW = 7  # ... among the dates at most this many days before publication (older ones are background)
WEEKDAY_AHEAD = 2  # a weekday names a day this many days ahead of publication at most (see _weekday)
ACTOR_WORDS = 3  # a headline's actor is a named entity among its first this many words
ACTOR_LABELS = frozenset({"GPE", "NORP"})  # countries, capitals, peoples: a person or an office may act for them
EXACT_LIMIT = 2000  # a theme of at most this many articles is clustered over all its pairs (step 1)
FLOOR = 0.5  # ... above it, over the pairs at least this share of the threshold similar
NEIGHBOURS = 30  # ... among this many candidates per article (see _candidate_pairs)
RARE_DF = 200  # ... found on the terms of at most this many articles
BLOCK_CELLS = 1 << 19  # ... by products of blocks of rows of about this many cells (some 60 bytes each)
SIMILARITY_CELLS = 1 << 19  # all pairs' similarity made a block of rows of about this many cells at a time
SAME_EVENT_CUT: float | None = 0.3  # step 8: a story of at most SAME_EVENT_MOST reports is cut at this chance
SAME_EVENT_MOST = 8  # ... of one event (see _one_event; the cut: benchmarks/README-stories.md, sessions 44 and 67)
SAME_EVENT_BIAS = -2.9295
SAME_EVENT_WEIGHTS = {
    "s1": 3.5684,
    "contrast": -0.7247,
    "found_min": -0.1952,
    "found_max": 1.8793,
    "stated_min": 2.1681,
    "stated_max": -1.1921,
    "heads_share": -0.0605,
    "head_cos": 2.3883,
    "lead_cos": 3.7538,
    "other_actors": -0.2442,
}
ANSWERS_APART = True  # step 8: an act that answers the story's event is a story of its own (briefer.acts)
ACTS_AFTER_FIRST = True  # ... one published after the story's first report stands apart from all its reports
KIND_APART = -0.2  # in a mixed theme, two articles whose kinds of event are this unlike are never one story
KIND_FROM = 8  # ... a mixed theme of at least this many articles (see article_kind, find_stories' ``mixed``)
ACTOR_STEM = 4  # a word this long or longer that begins another names the same actor (Iran, Iranian)

# What a headline says happened, by the lemma of its action (issue 17): a clash at a crossing and
# the traders' losses there are two stories even when the trade report mentions the night's firing
# in its body. Only these two kinds: with diplomacy (talks, offers, meetings), relief and disasters
# as kinds too, ECB+ half 1's mixed days lost precision (P 0.936 -> 0.923); with these two they
# gained (0.936 -> 0.950, F1 0.935 -> 0.942). See benchmarks/README-stories.md.
_EITHER = "missile"  # fired from the ground or from the air
_HARM = "kill wound injure hurt dead die casualty attack blast explosion bomb bombing"
ACTIONS: dict[str, frozenset[str]] = {
    # Fighting on the ground and from the air are two kinds (a clash at a crossing, drones over a
    # province); words of harm belong to both, so "two killed" goes with either, but "killed in
    # fighting" is on the ground (see _action_kinds). "Strike" alone is none: a dockers' strike.
    # Nor is a loss commerce by itself: "thousands of animals lost" in a blizzard, beside "herder
    # found dead" (harm), parted one event's two reports; traders and goods name commerce.
    "gunfire": frozenset(
        f"fire gunfire shoot shooting shot shell shelling clash gunfight fighting fight {_EITHER} {_HARM}".split()
    ),
    "air": frozenset(f"drone airstrike airspace aircraft jet warplane {_EITHER} {_HARM}".split()),
    "commerce": frozenset(
        "trade trader export exporter import importer goods truck lorry cargo price market "
        "business customs revenue merchant stranded strand".split()
    ),
}
_HARM_WORDS = frozenset(_HARM.split())
# "Troops trade fire", "sides exchange accusations": trade followed by these is no commerce.
NOT_COMMERCE_AFTER = frozenset("fire gunfire shot blow accusation barb blame insult".split())

_NUMBER = re.compile(r"\d+")
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
_MONTHS = {
    "jan": "january",
    "feb": "february",
    "mar": "march",
    "apr": "april",
    "may": "may",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}
_MONTH_NAMES = set(_MONTHS.values())


def _month(word: str) -> str | None:
    if word in _MONTH_NAMES:
        return word
    return _MONTHS.get(word)


@lru_cache(maxsize=65536)
def _token_specific(word: str) -> tuple[str | None, bool]:
    """What a word token adds to the specifics, and whether it does so at a sentence's start too
    (a month does; a capitalised word there is only the sentence's first word)."""
    lower = word.lower()
    month = _month(lower.rstrip("."))
    if month:
        return f"m:{month}", True
    if word[0].isupper() and _POSSESSIVE.sub("", lower) not in STOP_WORDS:  # not "Who's" ("Doctor Who's role")
        return f"c:{lower}", False
    return None, False


def _sentence_specifics(text: str, skip_first: bool) -> tuple[str, ...]:
    """The specifics of one sentence (see :func:`article_features`). Kept for the last 32,768
    sentences: a cold run asks them of each sentence three to five times (the day's round-ups, each
    theme's stories, the story memory; the themes' map inherits what the round-ups made), 100,000
    calls for 21,000 sentences on the 1,114-article day (docs/performance.md, "session 30")."""
    return _specifics_of(text, skip_first)  # one key whether ``skip_first`` is given by name or not


@lru_cache(maxsize=32768)
def _specifics_of(text: str, skip_first: bool) -> tuple[str, ...]:
    text = fold(text)  # "Ierápetra" and "Ierapetra" are one name
    out = [f"n:{m.lstrip('0') or '0'}" for m in _NUMBER.findall(text)]
    tokens = _TOKEN.findall(text)
    if not tokens:
        return tuple(out)
    specific = _token_specific
    first, anywhere = specific(tokens[0])
    if first is not None and (anywhere or not skip_first):
        out.append(first)
    out += [found for found, _ in map(specific, tokens[1:]) if found is not None]
    return tuple(out)


@lru_cache(maxsize=65536)
def _is_content(lemma: str) -> bool:
    return lemma not in STOP_WORDS and _WORD.fullmatch(lemma) is not None


def _opening(piece: str) -> bool:
    """Whether a piece at the start of a text is a byline or a dateline, not the story's first
    sentence: a piece too short to be counted as one (as the analysis counts them for its
    entities: "By Tom Reed"), or a dateline alone ("QUETTA, Nov 18 (FW) –")."""
    words = _DATE_WORD.findall(piece)
    if len(words) < NER_MIN_WORDS:
        return True
    return len(words) <= DATELINE_WORDS and piece.rstrip()[-1:] in ":–—-" and bool(dateline_places(piece))


def _opened(item: AnalysedArticle) -> int:
    """How many pieces open the article's text before its story (a byline, a dateline)."""
    sentences = item.sentences
    skip = 0
    while skip < min(OPENING_PIECES, len(sentences)) and _opening(sentences[skip]):
        skip += 1
    return skip


_AGENCY = re.compile(r"\([^()]*\)")


def story_sentences(item: AnalysedArticle) -> tuple[str, ...]:
    """The article's sentences, with the byline and dateline that open it read for the place
    they name only ("QUETTA, Nov 18 (FW) –" reads "QUETTA"; "By Tom Reed", nothing). The
    agency's tag and the day's date say who filed the report and when, not what happened: as
    lead facts they tied every report of the outlets that write datelines (issue 17, seventh
    pass). When the publication date is not known (``published_from`` not in ``DATED_BY``), a date
    line may be all that dates the report, and it is kept, without the agency's tag."""
    opened = _opened(item)
    if not opened:
        return item.sentences
    if item.article.published_from in DATED_BY:
        pieces = [" ".join(sorted(dateline_places(piece))) for piece in item.sentences[:opened]]
    else:
        pieces = [_AGENCY.sub("", piece) for piece in item.sentences[:opened]]
    return tuple(pieces) + item.sentences[opened:]


def story_entities(item: AnalysedArticle) -> tuple[tuple[str, str], ...]:
    """The article's named entities (headline and lead), less those found only in the agency's tag
    of a dateline that opens it: "Sahel Wire" in "NIAMEY, Oct 21 (Sahel Wire) –" names who filed
    the report, as the tag that :func:`story_sentences` leaves out, and tied every report of one
    outlet as a lead fact (issue 17, eighth pass)."""
    opened = _opened(item)
    tags = [tag for piece in item.sentences[:opened] for tag in _AGENCY.findall(piece)]
    if not tags:
        return item.entities
    told = " ".join((item.article.title, *item.sentences[opened : opened + NER_SENTENCES]))
    return tuple((text, label) for text, label in item.entities if text in told or not any(text in tag for tag in tags))


_ANOTHER_EVENT = re.compile(
    r"\b(?:separately|in a separate|(?:is|was|are|were) separate from|a separate (?:incident|operation|case"
    r"|attack|accident|dispute|protest|strike"
    r"|raid|seizure|event|development|rescue|sinking|crash|fire)|(?:on\s+)?the\s+same\s+(?:day|morning|afternoon"
    r"|evening|night|week)\s+as)\b",
    re.I,
)
"""A sentence that says it tells another event ("Separately, Tunisia's navy took ...", "The sinking came a few hours
before a separate operation in which ...", "The pressure in Carmarthen is separate from the incident at ..."): its
names and figures are that event's, not the article's."""
SEPARATE_EVENTS = True
UNRELATED_EVENTS = True


_UNRELATED = re.compile(
    r"\b(?:unrelated|not\s+(?:believed\s+to\s+be\s+|thought\s+to\s+be\s+)?(?:connected|related|linked)"
    r"|no\s+(?:connection|link))\b",
    re.I,
)
"""A sentence that says two events are not one ("The escape is unrelated to the one at ...", "The two incidents are
unrelated"): it tells the other event, ..."""
_BOTH = re.compile(r"\b(?:the\s+two|both)\b|^there\s+(?:is|was)\s+no\b", re.I)
"""... and when it names neither but says "the two" ("The fire followed a fatal rock fall at ... . The two incidents
are unrelated."), the sentence before it told the other."""


_QUOTE_ENDS = ('"', "”", "'", "’")


def _own_event(sentences: Sequence[str], lead: int = 0) -> list[str]:
    """``sentences`` without those that say they tell another event (``_ANOTHER_EVENT``; past the first ``lead``,
    ``_UNRELATED``: a report of two events may say so in its lead, "Police said the two incidents were not
    related")."""
    if not SEPARATE_EVENTS:
        return list(sentences)
    other = [_ANOTHER_EVENT.search(sentence) is not None for sentence in sentences]
    for i, sentence in enumerate(sentences[lead:], start=lead):
        if not UNRELATED_EVENTS or _UNRELATED.search(sentence) is None:
            continue
        if _BOTH.search(sentence) is None:
            other[i] = True  # "The escape is unrelated to the one at Vestlax's site in ..."
        elif i > lead and not sentences[i - 1].rstrip().endswith(_QUOTE_ENDS):
            other[i - 1] = True  # "The fire followed a rock fall at ... . The two incidents are unrelated."
    return [sentence for sentence, apart in zip(sentences, other, strict=True) if not apart]


_COMMENTATOR = re.compile(
    r",\s+(?:(?:an?|the)\s+)?((?:[\w’'-]+\s+){0,4}?)(?:(?:analyst|economist|strategist)s?|research\s+(?:director|head|chief)"
    r"|(?:head|director|chief)\s+of\s+(?:[\w’'-]+\s+){0,3}?research)\s+(?:at|with|for)\s+([^,.;:!?\"“”()]{1,80})"
)
"""", a power analyst at Kestrel Ridge Securities in Singapore", ", head of Asian utilities research at ...": who
comments on an event from a bank, a broker or a university, quoted after its name. Outlets of markets and trade quote
the same analyst on two events of a day."""
_NAME_JOINS = frozenset("bin ibn al el de da das do dos del della di van von der den le la y".split())
_FIRM_END = frozenset("and who which whose that says said adding added told".split())
OUTSIDE_VOICES = True


def outside_voices(item: AnalysedArticle) -> frozenset[str]:
    """The words (folded, lower-case) of the analysts, economists and strategists the article quotes and of their firms
    and towns ("Faizal bin Ahmad, a power analyst at Kestrel Ridge Securities in Singapore"), less those its
    headline names, and less a firm's words that the article writes in a sentence of its own (Intel, whose
    strategist speaks of Intel's chips, acts in the story); the town where the voice sits is outside whatever else
    names it. Who comments on an event from outside is not of the event: the wire that quotes one analyst on two
    fires of a day, or on two licences, ties them by that name alone (issue 17, the Rajasthan and Alentejo desks)."""
    if not OUTSIDE_VOICES:
        return frozenset()
    names: set[str] = set()
    firms: set[str] = set()
    towns: set[str] = set()
    voiced: set[int] = set()
    for k, sentence in enumerate(item.sentences):
        for match in _COMMENTATOR.finditer(sentence):
            before = _NAME.findall(sentence[: match.start()])
            name: list[str] = []
            for word in reversed(before[-6:]):
                if word[0].isupper() and word.lower() not in _SPEECH and word.lower() not in STOP_WORDS:
                    name.append(word)
                elif word in _NAME_JOINS and name:
                    continue
                else:
                    break
            if not name:
                continue
            voiced.add(k)
            names.update(w.lower() for w in name)
            towns.update(w.lower() for w in _NAME.findall(match.group(1)) if w[0].isupper())  # "Singapore-based"
            firm, _, town = match.group(2).partition(" in ")
            for part, into in ((firm, firms), (town, towns)):
                for word in _NAME.findall(part)[:8]:
                    if word.lower() in _FIRM_END:
                        break
                    if word[0].isupper():
                        into.add(word.lower())
    if not names:
        return frozenset()

    def folded(found: Collection[str]) -> set[str]:
        words = {fold(_POSSESSIVE.sub("", w)) for w in found}
        return words | {w.split("-", 1)[0] for w in words}  # "Singapore-based": Singapore

    elsewhere = {
        fold(_POSSESSIVE.sub("", w.lower()))
        for k, sentence in enumerate(item.sentences)
        if k not in voiced
        for w in _NAME.findall(sentence)
    }
    headline = {fold(_POSSESSIVE.sub("", w.lower())) for w in _NAME.findall(item.article.title)}
    words = folded(names) | folded(towns) | (folded(firms) - elsewhere)
    return frozenset(w for w in words if w not in headline and w not in STOP_WORDS)


def article_features(item: AnalysedArticle) -> tuple[list[str], list[str]]:
    """``(words, specifics)`` of one analysed article, as token lists."""

    def content(seq: Sequence[str]) -> list[str]:
        return [w for w in seq if is_content(w)]

    is_content = _is_content
    words = [fold(w) for w in content(item.title_lemmas) * 2 + content(item.lead_lemmas) + content(item.body_lemmas)]
    specifics = [
        f"e:{token}"
        for text, _ in story_entities(item)
        for token in _ENTITY_WORD.findall(fold(text.lower()))
        if _POSSESSIVE.sub("", token) not in STOP_WORDS
    ]
    specifics += _sentence_specifics(item.article.title, skip_first=False)
    for sentence in _own_event(story_sentences(item), LEAD_SENTENCES):
        specifics += _sentence_specifics(sentence, skip_first=True)
    outside = outside_voices(item)
    if outside:
        own = _own_word(item)
        words = [own(w) if w in outside else w for w in words]
        specifics = [own(t) if _POSSESSIVE.sub("", t.split(":", 1)[1]) in outside else t for t in specifics]
    return words, specifics


_OWN = "@"


def _own_word(item: AnalysedArticle) -> Callable[[str], str]:
    """A word made the article's own, shared with no other article (an outside voice's name: see
    :func:`outside_voices`): it weighs in the article as before, and ties it to no other (nor to another day's
    stories: no story's signature holds it)."""
    return lambda word: f"{word}{_OWN}{item.article.id}"


def _rarity(articles: int, stating: int) -> float:
    """A fact's weight among ``articles``, ``stating`` of which state it: a fact every article
    states weighs nothing; one stated by a single article, the most."""
    return math.log((1 + articles) / (1 + stating))


def _sentence_facts(text: str, skip_first: bool) -> tuple[str, ...]:
    """The facts of one sentence (see :func:`article_facts`): its specifics without their kind,
    "Romania's" read as "Romania". Kept as :func:`_sentence_specifics` are."""
    return _facts_of(text, skip_first)


@lru_cache(maxsize=32768)
def _facts_of(text: str, skip_first: bool) -> tuple[str, ...]:
    return tuple(_POSSESSIVE.sub("", t.split(":", 1)[1]) for t in _specifics_of(text, skip_first))


def article_sentence_facts(item: AnalysedArticle) -> tuple[tuple[str, ...], ...]:
    """The facts of each of the article's sentences (:func:`story_sentences`; see
    :func:`article_facts`), as a candidate round-up's sentences are read (step 7)."""
    return tuple(tuple(_sentence_facts(sentence, skip_first=True)) for sentence in story_sentences(item))


def article_facts(item: AnalysedArticle) -> tuple[frozenset[str], frozenset[str]]:
    """``(lead facts, all facts)`` of one analysed article: the specifics (see
    :func:`article_features`) of its headline and first ``LEAD_SENTENCES`` sentences, with its
    named entities' words; and those with the specifics of the rest of its text. A fact is the
    token without its kind, so an entity's word and the same capitalised word are one fact."""
    sentences = story_sentences(item)
    lead_sentences, others = sentences[:LEAD_SENTENCES], _own_event(sentences[LEAD_SENTENCES:])
    lead = [token for text, _ in story_entities(item) for token in _ENTITY_WORD.findall(fold(text.lower()))]
    # "Romania's" and "Romania" are one fact.
    lead = [fact for fact in (_POSSESSIVE.sub("", token) for token in lead) if fact not in STOP_WORDS]
    lead += _sentence_facts(item.article.title, skip_first=False)
    for sentence in lead_sentences:
        lead += _sentence_facts(sentence, skip_first=True)
    rest = [fact for sentence in others for fact in _sentence_facts(sentence, skip_first=True)]
    outside = outside_voices(item)
    if outside:
        own = _own_word(item)
        lead = [own(fact) if fact in outside else fact for fact in lead]
        rest = [own(fact) if fact in outside else fact for fact in rest]
    return frozenset(lead), frozenset(lead).union(rest)


def headline_facts(item: AnalysedArticle) -> frozenset[str]:
    """The facts its headline states (see :func:`article_facts`): its named entities' words and
    the specifics of its words after the first, which a headline capitalises whatever it is
    ("Analysis: ...", "Education wrap: ...")."""
    title = item.article.title
    facts = [t.split(":", 1)[1] for t in _sentence_specifics(title, skip_first=True)]
    facts += [
        token for text, _ in story_entities(item) if text in title for token in _ENTITY_WORD.findall(fold(text.lower()))
    ]
    return frozenset(fact for fact in (_POSSESSIVE.sub("", token) for token in facts) if fact not in STOP_WORDS)


TITLE_CASE = 0.7  # a line whose words of 4 letters or more are this share capitalised is in title case


def _title_case(text: str) -> bool:
    """Whether ``text`` is written in title case, as a headline ("Woman Killed In Queens Hit-And-Run
    Accident"): most of its words of 4 letters or more capitalised, 3 of them at least."""
    long = [word for word in _TOKEN.findall(text) if len(word) >= 4]
    return len(long) >= 3 and sum(word[0].isupper() for word in long) >= TITLE_CASE * len(long)


def headline_capitals(item: AnalysedArticle) -> frozenset[str]:
    """The words capitalised only as a headline capitalises them, never as a name: the headline's
    first word and the words of a line in title case (the headline, or a headline repeated in the
    text: "Overnight Fire Destroys Historic Building"), that no other sentence of the text writes
    capitalised ("the fire destroyed the building"). They stay lead facts (step 3 weighs them over
    the theme), but are no part's own fact in step 2 (``OWN_CASED``): two angles on one event, one
    side's outlets writing headlines in title case, stood apart on "Woman" and "Magnitude"."""
    title = item.article.title
    cased = set(_facts_of(title, False)) if _title_case(title) else set()
    first = _TOKEN.findall(fold(title))[:1]
    if first and first[0][0].isupper():
        cased.add(_POSSESSIVE.sub("", first[0].lower()))
    named: set[str] = set()
    for sentence in story_sentences(item):
        (cased if _title_case(sentence) else named).update(_facts_of(sentence, True))
    return frozenset(fact for fact in cased - named if not fact.isdigit() and not _month(fact))


def article_actor(item: AnalysedArticle) -> frozenset[str]:
    """The words of who acts in the headline: its named entity (a person, an organisation, a
    country or its people) that opens it, within its first ``ACTOR_WORDS`` words ("Iran says
    ...", "Riyadh willing to ...", "Lavrov: Moscow ready ..."); empty when the headline opens
    on something else ("Drone strike kills four in Paktika"). Without a parser this is the
    subject the way a headline is written: actor first."""
    title = item.article.title
    best: tuple[int, str] | None = None
    for text, label in item.entities:
        if label not in ACTOR_LABELS:
            continue
        at = title.find(text)
        if at < 0:
            continue
        position = len(_ENTITY_WORD.findall(title[:at]))
        if position < ACTOR_WORDS and (best is None or position < best[0]):
            best = (position, text)
    people = [text for text, label in item.entities if label == "PERSON"]
    for found in _country_names().finditer(title):
        text = found.group(0)
        if any(text in person and text != person and person in title for person in people):
            continue  # a person's name (Chad Smith, Jordan Peterson), not a country
        position = len(_ENTITY_WORD.findall(title[: found.start()]))
        if position < ACTOR_WORDS and (best is None or position < best[0]):
            best = (position, text)
    if best is None:
        return frozenset()
    return frozenset(w for w in _ENTITY_WORD.findall(best[1].lower()) if w not in STOP_WORDS)


COUNTRIES = Path(__file__).parent / "data" / "countries.tsv"


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """The world's countries, capitals and peoples (``briefer/data/countries.tsv``), as written."""
    names: set[str] = set()
    for line in COUNTRIES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        for field in line.split("\t"):
            names.update(name.strip() for name in field.split(";") if name.strip())
    return frozenset(names)


@lru_cache(maxsize=1)
def _lower_country_names() -> frozenset[str]:
    """:func:`country_names` in lower case (a headline works' name that is a country or its people)."""
    return frozenset(name.lower() for name in country_names())


@lru_cache(maxsize=1)
def _country_names() -> re.Pattern[str]:
    """The world's countries, capitals and peoples (:func:`country_names`) as one
    pattern of whole words, as written (capitalised): who acts in a headline when the small
    recogniser does not tag it a place or a people ("Togo offers to host talks", "Lomé wants
    ...", tagged nothing and a person)."""
    names = country_names()
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])")


@lru_cache(maxsize=1)
def _countries() -> dict[frozenset[str], str]:
    """The country each name of ``briefer/data/countries.tsv`` stands for (Muscat and Omani for
    Oman), keyed by the name's lower-case words (as :func:`article_actor` gives them)."""
    out: dict[frozenset[str], str] = {}
    for line in COUNTRIES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        country = fields[0].split(";")[0].strip()
        for field in fields:
            for name in field.split(";"):
                words = frozenset(w for w in _ENTITY_WORD.findall(name.lower()) if w not in STOP_WORDS)
                if words:
                    out.setdefault(words, country)
    return out


_NAME = re.compile(r"[^\W\d_][\w'’-]*")
_POSSESSIVE = re.compile(r"['’]s$")
# Words of a sentence that tell who said something: a name in such a sentence is its speaker
# (a spokesman quoted by one outlet and not by another), not who the report is about.
_INSTITUTION = frozenset("administration government era campaign cabinet presidency camp aides".split())
_SPEECH = frozenset(
    "said says say told tells according spokesman spokeswoman spokesperson added stated speaking".split()
)


def _surname(text: str) -> str | None:
    """The last capitalised word of a person's name (without a possessive 's), lower-cased; no
    acronym (a time zone, CDT, is no one's name)."""
    words = [_POSSESSIVE.sub("", w) for w in _NAME.findall(text) if w[0].isupper()]
    words = [w for w in words if len(w) >= 3 and not w.isupper() and w.lower() not in STOP_WORDS]
    return words[-1].lower() if words else None


PLACES_NO_ONE = True
"""A one-word name that the theme's texts write as a place ("homes in Summerlin", a dateline's "KELLBY"), and none as a
longer name's surname, makes no two parts of a cut about one person (step 2, :func:`_one_person_alike`): two water main
breaks across Las Vegas, each part "about" Summerlin, the recogniser's person (session 65)."""
_IN_NAME = re.compile(r"\b(?:in|near|across|outside|around)\s+([A-Z][\w-]*)\b(?!['’])")


def _placed(item: AnalysedArticle) -> set[str]:
    """The one-word names that ``item``'s text writes after "in", "near" ... ("homes in Summerlin") or as its dateline
    ("KELLBY —"), lower case: maybe a place the recogniser calls a person (:func:`theme_places`)."""
    placed = {found.group(1).lower() for found in _IN_NAME.finditer(" ".join(item.sentences))}
    return placed | {place.lower() for piece in item.sentences[: _opened(item)] for place in dateline_places(piece)}


def theme_places(items: Sequence[AnalysedArticle]) -> frozenset[str]:
    """The one-word names that any of a theme's articles writes as a place (:func:`_placed`), less the surnames that
    any of them gives a longer name: a place the recogniser calls a person, not someone an article is about; one
    reading of each name over the theme, so that reports of one event agree on who they are about."""
    placed: set[str] = set()
    full: set[str | None] = set()
    for item in items:
        placed |= _placed(item)
        full |= {_surname(text) for text, label in item.entities if label == "PERSON" and len(_NAME.findall(text)) > 1}
    return frozenset(placed - full)


def article_protagonist(item: AnalysedArticle) -> str | None:
    """Who the article is about (issue 17): the surname of a person its lead names (a PERSON
    entity of its headline and first sentences), the one its sentences mention most, then the
    one its headline names, then the first named. None when its lead names no person.

    Not a name: a word of a longer name of an organisation or a place (the Betty Ford Center,
    Sam's Club), a word the recogniser calls a place more often than a person (Bloomington),
    an acronym, or a word the text writes in lower case (a title-case headline's "Charged").
    Not who acts: a name before "administration", "government" ... (the Bush administration:
    its secretary acts for it). Not who the report is about: a person named only in sentences
    that say who said something (a spokesman), and not in the headline; outlets quote other
    officials."""
    first_named: dict[str, int] = {}
    votes: Counter[str] = Counter()  # as a person's name, less as a place's
    entities = story_entities(item)
    for k, (text, label) in enumerate(entities):
        if label == "PERSON":
            name = _surname(text)
            if name is not None:
                first_named.setdefault(name, k)
                votes[name] += 1
    for text, label in entities:
        words = [_POSSESSIVE.sub("", w) for w in _NAME.findall(text.lower())]
        if label == "PERSON":
            continue
        if len(words) > 1:
            for word in words:
                first_named.pop(word, None)
        elif label in PLACES and words:
            votes[words[0]] -= 1
    first_named = {name: k for name, k in first_named.items() if votes[name] >= 0}
    if not first_named:
        return None
    lower = {w for sentence in item.sentences for w in _NAME.findall(sentence) if w[0].islower()}
    counts: Counter[str] = Counter()
    acting: set[str] = set()
    in_title: set[str] = set()
    for k, sentence in enumerate((item.article.title, *item.sentences)):
        words = _NAME.findall(sentence)
        speech = k > 0 and any(w.lower() in _SPEECH for w in words)
        for i, word in enumerate(words):
            name = _POSSESSIVE.sub("", word).lower()
            if not word[0].isupper() or name not in first_named or name in lower:
                continue
            if i + 1 < len(words) and words[i + 1].lower() in _INSTITUTION:
                continue
            if k == 0:
                in_title.add(name)
                acting.add(name)
                continue
            counts[name] += 1
            if not speech:
                acting.add(name)
    named = [name for name in counts if name in acting and counts[name] + (name in in_title) >= PROTAGONIST_MENTIONS]
    if not named:
        return None
    title = in_title
    return max(named, key=lambda name: (counts[name], name in title, -first_named[name]))


def _action_kinds(lemmas: Sequence[str]) -> frozenset[str]:
    """The kinds of ``ACTIONS`` the lemmas name. A word of harm ("killed", "strike") names every
    kind it belongs to only when no word names one of them alone: "killed in Spin Boldak
    fighting" is fighting on the ground, "drone strike kills nine" from the air."""
    kinds: set[str] = set()
    harmed: set[str] = set()
    for i, lemma in enumerate(lemmas):
        for kind, words in ACTIONS.items():
            if lemma not in words:
                continue
            if kind == "commerce" and lemma == "trade" and i + 1 < len(lemmas) and lemmas[i + 1] in NOT_COMMERCE_AFTER:
                continue
            (harmed if lemma in _HARM_WORDS else kinds).add(kind)
    return frozenset(kinds | (harmed if not kinds & harmed else set()))


def article_action(item: AnalysedArticle) -> frozenset[str]:
    """What kind of thing the article reports, from the lemmas of its headline (see
    ``ACTIONS``): violence, commerce or both; empty when it names neither.
    What an article is about is in its headline, not in what its lead or body mentions in
    passing: a lead's background ("... held since the summer clashes") would part two reports
    of one prisoner swap (tests/fixtures/stories/articles.json)."""
    return _action_kinds(item.title_lemmas)


_DATE_WORD = re.compile(r"\d{1,4}|[^\W\d_]+")
DATED_BY = frozenset({"metadata", "feed", "path", "first_seen"})
"""Where a publication time comes from that a weekday or a date without its year can be read against."""


def article_dates(item: AnalysedArticle) -> frozenset[date]:
    """The days on which the article's headline and first ``LEAD_SENTENCES`` sentences say
    things happened, read against its publication date: dates written out ("Nov 1",
    "1 November 2025"), weekdays (the last such day on or before publication, but one the headline or lead writes
    with its date: that date, :func:`_weekdays_dated`), "today" and "yesterday". A date without its year takes the
    publication's (the year before when that would put it more than a day after publication). Empty when the
    publication date is not known (``published_from`` not in ``DATED_BY``): a date line alone may be when the report
    was written, days after the event, and weekdays cannot be placed."""
    article = item.article
    if article.published_from not in DATED_BY:
        return frozenset()
    published = article.published.date()
    found: set[date] = set()
    told = [_DATE_WORD.findall(text) for text in (article.title, *item.sentences[:LEAD_SENTENCES])]
    lowered = [[w.lower().rstrip(".") for w in words] for words in told]
    dated = _weekdays_dated(lowered, published)
    for words, lower in zip(told, lowered, strict=True):
        for i, word in enumerate(lower):
            month = _month(word)
            if month is not None and (word != "may" or words[i][0] == "M"):
                day = _day_next_to(lower, i)
                when = _date(_year_after(lower, i), _MONTH_NUMBER[month], day, published) if day else None
                if when is not None:
                    found.add(when)
            elif word in WEEKDAYS and _month_after(lower, i) is None:
                found.add(dated.get(word) or _weekday(published, WEEKDAYS.index(word)))
            elif word in ("today", "tonight"):
                found.add(published)
            elif word == "yesterday":
                found.add(published - timedelta(days=1))
    # A date weeks before publication is background ("the rules proposed on Dec. 11"), not when
    # what the report tells happened.
    return frozenset(d for d in found if -1 <= (published - d).days <= DATE_WINDOW)


_MONTH_NUMBER = {
    name: k
    for k, name in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}


def _weekdays_dated(texts: list[list[str]], published: date) -> dict[str, date]:
    """The weekdays the headline and lead write with their dates ("from Thursday, April 15"), each its date: the same
    weekday alone in the headline ("Mae Ngat dam to halve releases from Thursday") is that day."""
    dated: dict[str, date] = {}
    for lower in texts:
        for i, word in enumerate(lower):
            if word in WEEKDAYS and (k := _month_after(lower, i)) is not None:
                month, day = _month(lower[k]), _day_next_to(lower, k)
                when = _date(_year_after(lower, k), _MONTH_NUMBER[month], day, published) if month and day else None
                if when is not None:
                    dated.setdefault(word, when)  # a date a year back or days ahead: no day the report tells
    return dated


def _month_after(words: list[str], i: int) -> int | None:
    """Where the month of the date the weekday ``words[i]`` comes with stands ("from Thursday, April 15", "on Friday
    16 April"), or None: the date says the day, not the weekday read against the publication (a Thursday ahead is
    not last Thursday)."""
    after = words[i + 1 : i + 3]
    if after and _month(after[0]) is not None:
        return i + 1
    if len(after) == 2 and after[0].isdigit() and _month(after[1]) is not None:
        return i + 2
    return None


def _weekday(published: date, weekday: int) -> date:
    """The day a weekday names in a report published on ``published``: the nearest such day,
    ``WEEKDAY_AHEAD`` days ahead at most ("a crane will arrive on Thursday", written on a
    Wednesday, is tomorrow, not six days ago), else the last on or before publication."""
    ahead = (weekday - published.weekday()) % 7
    if 0 < ahead <= WEEKDAY_AHEAD:
        return published + timedelta(days=ahead)
    return published - timedelta(days=(7 - ahead) % 7)


def _day_next_to(words: list[str], i: int) -> int | None:
    """The day of the month written just after or just before the month at ``words[i]``."""
    for j in (i + 1, i - 1):
        if 0 <= j < len(words) and words[j].isdigit() and len(words[j]) <= 2 and 1 <= int(words[j]) <= 31:
            return int(words[j])
    return None


def _year_after(words: list[str], i: int) -> int | None:
    for j in (i + 1, i + 2):
        if 0 <= j < len(words) and words[j].isdigit() and len(words[j]) == 4 and 1900 <= int(words[j]) <= 2100:
            return int(words[j])
    return None


def _date(year: int | None, month: int, day: int, published: date) -> date | None:
    if year is None:
        year = published.year
        try:
            if date(year, month, day) > published + timedelta(days=1):
                year -= 1
        except ValueError:
            return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _akin(word: str, others: Collection[str]) -> bool:
    """Whether ``word`` or a word of the same stem (Iran, Iranian; Russia, Russian) is among ``others``."""
    if word in others:
        return True
    if len(word) < ACTOR_STEM:
        return False
    return any(len(o) >= ACTOR_STEM and (o.startswith(word) or word.startswith(o)) for o in others)


class _Terms:
    """Token lists counted once, over one vocabulary in sorted order: the TF-IDF of any subset
    of them is then array arithmetic, with no Python loop over tokens. Its columns are the
    subset's terms, still in sorted order, and each row is stored in column order: the matrix
    scikit-learn's ``TfidfVectorizer`` (fitted on the subset, then transforming it) made, to
    the bit, as the clustering used to be computed."""

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        counted = [Counter(doc) for doc in docs]
        vocabulary = sorted({term for counts in counted for term in counts})
        column = {term: j for j, term in enumerate(vocabulary)}
        self.size = len(vocabulary)
        self.ids: list[np.ndarray] = []
        self.counts: list[np.ndarray] = []
        for counts in counted:
            ids = np.fromiter((column[t] for t in counts), dtype=np.int32, count=len(counts))
            values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            order = np.argsort(ids)
            self.ids.append(ids[order])
            self.counts.append(values[order])

    def tfidf(self, members: Sequence[int], drop_common: bool = False, shared_only: bool = False) -> sparse.csr_matrix:
        """Unit TF-IDF rows of the ``members``, IDF taken among them. Among ``SHARED_FROM``
        articles or more, a token found in only one of them is left out: it links that
        article to nothing, and keeping it in the norm only dilutes what the article shares
        with the others.

        ``drop_common``: a token every article has names the running story, not an event:
        weigh it ``ln((1 + n) / (1 + df))``, zero when df = n (the smoothed IDF adds 1).
        """
        n = len(members)
        min_df = 2 if n >= SHARED_FROM or shared_only else 1
        lengths = np.array([len(self.ids[i]) for i in members], dtype=np.int64)
        if not lengths.sum():  # not one token in any document
            return sparse.csr_matrix((n, 1))
        indices = np.concatenate([self.ids[i] for i in members])
        data = np.concatenate([self.counts[i] for i in members])
        df = np.bincount(indices, minlength=self.size)
        keep = df >= min_df
        if not keep.any():
            return sparse.csr_matrix((n, 1))
        column = np.cumsum(keep, dtype=np.int64) - 1  # term id -> column among the kept terms
        kept = keep[indices]
        rows = np.repeat(np.arange(n), lengths)[kept]
        indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n))))
        counts = sparse.csr_matrix(
            (data[kept], column[indices[kept]].astype(np.int32), indptr.astype(np.int32)),
            shape=(n, int(keep.sum())),
        )
        idf = smoothed_idf(df[keep], n)
        if drop_common:
            idf = idf - 1.0
        return unit_rows(counts, idf, sublinear_tf=True)


def _tfidf(docs: Sequence[Sequence[str]], drop_common: bool = False) -> sparse.csr_matrix:
    """Unit TF-IDF rows of token lists (see :meth:`_Terms.tfidf`)."""
    return _Terms(docs).tfidf(range(len(docs)), drop_common)


def _similarity(
    words: _Terms, specifics: _Terms, members: Sequence[int], word_weight: float, drop_common: bool = False
) -> np.ndarray:
    a = words.tfidf(members, drop_common)
    b = specifics.tfidf(members, drop_common)
    # A block of rows at a time into the one matrix made: each row of a sparse product is summed
    # on its own, so a block's rows are those of the whole product, bit for bit, without the
    # whole product (up to every pair: 12 bytes each), its dense copies and their weighted sums.
    n = a.shape[0]
    sim = np.empty((n, n))
    across, specific = a.T.tocsr(), b.T.tocsr()
    step = max(1, SIMILARITY_CELLS // max(n, 1))
    for start in range(0, n, step):
        rows = slice(start, start + step)
        sim[rows] = word_weight * (a[rows] @ across).toarray() + (1 - word_weight) * (b[rows] @ specific).toarray()
    np.fill_diagonal(sim, 1.0)
    return np.clip(sim, 0.0, 1.0, out=sim)


def similarity(
    words: Sequence[Sequence[str]],
    specifics: Sequence[Sequence[str]],
    word_weight: float = WORD_WEIGHT,
    drop_common: bool = False,
) -> np.ndarray:
    """Pairwise similarity (0-1) of articles, IDF taken among these articles only.

    ``drop_common``: tokens that every article has weigh nothing.
    """
    return _similarity(_Terms(words), _Terms(specifics), range(len(words)), word_weight, drop_common)


def _cut(sim: np.ndarray, t: float, criterion: str) -> np.ndarray:
    """Cluster label (from 0) of each row: the average-linkage tree of ``1 - sim``, cut by scipy's
    ``fcluster(tree, t, criterion)``."""
    from scipy.cluster.hierarchy import fcluster, linkage  # here: 0.4 s of import a warm run never needs

    # The condensed distances (squareform's order: each row's pairs to its right) made a block of
    # rows at a time, the same values as squareform of the whole ``1 - (sim + sim.T) / 2``,
    # without that matrix and its temporaries (each as large as ``sim``).
    n = len(sim)
    condensed = np.empty(n * (n - 1) // 2)
    step = max(1, SIMILARITY_CELLS // max(n, 1))
    at = 0
    for start in range(0, n, step):
        block = (sim[start : start + step] + sim[:, start : start + step].T) / 2
        np.subtract(1.0, block, out=block)
        np.clip(block, 0.0, None, out=block)
        for k, row in enumerate(block, start):
            condensed[at : at + n - k - 1] = row[k + 1 :]
            at += n - k - 1
    tree = linkage(condensed, method="average")
    return np.asarray(fcluster(tree, t=t, criterion=criterion)) - 1


def _average_linkage(sim: np.ndarray, threshold: float) -> np.ndarray:
    """Cluster label of each row: average linkage cut where mean similarity falls under ``threshold``."""
    return _cut(sim, 1.0 - threshold, "distance")


def _halves(sim: np.ndarray) -> np.ndarray:
    """Label (0 or 1) of each row: average linkage cut into two clusters."""
    return _cut(sim, 2, "maxclust")


def _mean_within(sim: np.ndarray, rows: np.ndarray) -> float:
    """Mean similarity of the distinct pairs among ``rows``."""
    k = len(rows)
    block = sim[np.ix_(rows, rows)]
    return float((block.sum() - np.trace(block)) / (k * (k - 1)))


def _apart(dates: Sequence[frozenset[date]]) -> np.ndarray:
    """Pairs of articles whose leads date things ``DAYS_APART`` days apart or more and never
    closer: both dated, and no date of one near a date of the other (as matrices: articles by
    dates, dates near each other)."""
    n = len(dates)
    days = sorted(set().union(*dates)) if n else []
    if not days:
        return np.zeros((n, n), dtype=bool)
    column = {day: k for k, day in enumerate(days)}
    stated = np.zeros((n, len(days)))
    for i, found in enumerate(dates):
        stated[i, [column[d] for d in found]] = 1.0
    ordinal = np.array([d.toordinal() for d in days])
    near = (np.abs(ordinal[:, None] - ordinal[None, :]) < DAYS_APART).astype(float)
    dated = np.asarray(stated.any(axis=1), dtype=bool)
    return np.asarray(stated @ near @ stated.T == 0) & dated[:, None] & dated[None, :]


_Value = TypeVar("_Value")


def _pairwise(values: Sequence[_Value], apart: Callable[[_Value, _Value], bool]) -> np.ndarray:
    """The pairs of articles (by their ``values``) that ``apart`` says are never one story, as a matrix."""
    n = len(values)
    out = np.zeros((n, n), dtype=bool)
    for i in range(n):
        for j in range(i + 1, n):
            if apart(values[i], values[j]):
                out[i, j] = out[j, i] = True
    return out


_HARMED = frozenset(kind for kind, words in ACTIONS.items() if _HARM_WORDS <= words)
"""The kinds a headline's words of harm alone name ("nine die": see :func:`_action_kinds`)."""
_COMMERCE = frozenset({"commerce"})


def _two_kinds(
    one: frozenset[str], two: frozenset[str], actor: frozenset[str] = frozenset(), other: frozenset[str] = frozenset()
) -> bool:
    """Whether two headlines report two kinds of thing (a clash, trade losses): both name a kind and they
    share none. Not a toll beside goods sent under one actor's name (``actor``, ``other``: :func:`article_actor`):
    "Campinas declares dengue emergency as cases pass 14,000 and nine die" (harm) and "Campinas dengue deaths rise
    to 11 as state sends 60 agents and smoke trucks" (a truck, commerce) tell one outbreak."""
    if not one or not two or one & two:
        return False
    return not (actor and actor == other and {one, two} == {_HARMED, _COMMERCE})


def _other_actions(actions: Sequence[frozenset[str]], actors: Sequence[frozenset[str]]) -> np.ndarray:
    """Pairs of articles whose headlines report two kinds of thing (:func:`_two_kinds`)."""
    return _pairwise(list(zip(actions, actors, strict=True)), lambda a, b: _two_kinds(a[0], b[0], a[1], b[1]))


def _centred(kind: Sequence[np.ndarray | None]) -> np.ndarray:
    """Each article's kind with the theme's mean kind taken away, of length 1 (zeros without one:
    such an article is like every other, never apart)."""
    known = [i for i, k in enumerate(kind) if k is not None]
    if not known:
        return np.zeros((len(kind), 1))
    rows = np.stack([k for k in kind if k is not None])
    rows = rows - rows.mean(axis=0)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    out = np.zeros((len(kind), rows.shape[1]))
    out[known] = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    return out


class _Day:
    """What the clustering of one theme needs, counted once: words, specifics, lead facts (as
    :class:`_Terms`) and the facts of each article, with each fact's weight in the theme.

    Pairs of articles that are never one story (dated days apart, two kinds of thing, two
    people) are worked out for the whole theme at once when it has at most ``exact_limit``
    articles, and for the members of one cluster at a time above it (no theme-sized matrix)."""

    def __init__(
        self,
        words: Sequence[Sequence[str]],
        specifics: Sequence[Sequence[str]],
        leads: Sequence[frozenset[str]],
        facts: Sequence[frozenset[str]],
        actors: Sequence[frozenset[str]] | None = None,
        dates: Sequence[frozenset[date]] | None = None,
        actions: Sequence[frozenset[str]] | None = None,
        people: Sequence[str | None] | None = None,
        exact_limit: int | None = None,
        heads: Sequence[frozenset[str]] | None = None,
        labelled: Sequence[bool] | None = None,
        opinion: Sequence[bool] | None = None,
        cased: Sequence[frozenset[str]] | None = None,
        kind: Sequence[np.ndarray | None] | None = None,
        contents: Sequence[tuple[frozenset[str], frozenset[str]]] | None = None,
        acts: Sequence[tuple[str, str] | None] | None = None,
        published: Sequence[float | None] | None = None,
        lead_texts: Sequence[str] | None = None,
        offices: Sequence[bool] | None = None,
        bare: Sequence[bool] | None = None,
        vessels: Sequence[tuple[frozenset[str], frozenset[str]]] | None = None,
        sites: Sequence[tuple[frozenset[str], ...]] | None = None,
        seconds: Sequence[_Second] | None = None,
        bodies: Sequence[frozenset[str]] | None = None,
        texts: _Texts | None = None,
    ) -> None:
        self.size = len(words)
        # Each lead's bodies and works named whole (:func:`article_bodies`), and each article's text to look
        # for them in (step 2's own facts: :func:`_own_bodies`).
        self.bodies = list(bodies) if bodies is not None else None
        self.texts = texts
        self.vessels = list(vessels) if vessels is not None else None
        self.sites = list(sites) if sites is not None else None
        self.placed: frozenset[str] = frozenset()  # one-word names the theme writes as places (theme_places)
        self.seconds = list(seconds) if seconds is not None else None
        self.contents = list(contents) if contents is not None else None
        self.acts = list(acts) if acts is not None else [None] * self.size
        self.published = list(published) if published is not None else [None] * self.size
        self.lead_texts = list(lead_texts) if lead_texts is not None else [""] * self.size
        self.offices = list(offices) if offices is not None else [False] * self.size
        self.bare = list(bare) if bare is not None else [False] * self.size
        self.kind = _centred(kind) if kind is not None else None
        self.cased = list(cased) if cased is not None else [frozenset()] * self.size
        self.heads = list(heads) if heads is not None else None
        self.labelled = list(labelled) if labelled is not None else [False] * self.size
        self.opinion = list(opinion) if opinion is not None else [False] * self.size
        self._roundup: dict[int, bool] = {}
        self._names: dict[int, list[int]] = {}  # member -> the articles it names (names)
        self.exact_limit = EXACT_LIMIT if exact_limit is None else exact_limit
        self.dense = self.size <= self.exact_limit
        self.dates = list(dates) if dates is not None else [frozenset()] * self.size
        self.kinds = list(actions) if actions is not None else None
        # Two articles about two people (see article_protagonist): each has its protagonist,
        # neither's is in the other's lead, and one of them is nowhere in the other's text (as
        # other_actors: a report may name the other event's person in its body).
        names = list(people) if people is not None else [None] * self.size
        self.people = names
        self.lead_sets = leads
        self.named = np.array([bool(x) for x in names], dtype=bool)
        self.actors = list(actors) if actors is not None else [frozenset()] * self.size
        self.words = _Terms(words)
        self.specifics = _Terms(specifics)
        self.leads = [sorted(lead) for lead in leads]
        self.lead_terms = _Terms(self.leads)
        self.facts = facts
        df = Counter(fact for found in facts for fact in found)
        self.df = df
        n = self.size
        self.weight = {fact: _rarity(n, count) for fact, count in df.items()}
        # Each article's lead facts weighed once (:meth:`_share` asks again and again).
        self.lead_weight = [math.fsum(self.weight.get(fact, 0.0) for fact in lead) for lead in self.lead_sets]
        self._apart: np.ndarray | None = None
        self.sim: np.ndarray | None = None
        self._other_people: np.ndarray | None = None
        if self.dense:
            everyone = range(self.size)
            self._apart = self._apart_of(everyone)
            self._other_people = self._other_people_of(everyone)

    def _apart_of(self, members: Sequence[int]) -> np.ndarray:
        apart = _apart([self.dates[i] for i in members])
        if self.kinds is not None:
            apart |= _other_actions([self.kinds[i] for i in members], [self.actors[i] for i in members])
        if self.vessels is not None:
            apart |= _other_vessels([self.vessels[i] for i in members])
        if self.sites is not None:
            apart |= _pairwise([self.sites[i] for i in members], _two_sites)
        if self.seconds is not None:
            apart |= _pairwise([self.seconds[i] for i in members], _second_apart)
        if TWO_ACTS_APART and self.contents is not None:
            apart |= _pairwise([(self.acts[i], self.contents[i][0]) for i in members], _two_acts)
        if self.kind is not None:
            rows = self.kind[list(members)]
            apart |= (rows @ rows.T) < KIND_APART
        return apart

    def _other_people_of(self, members: Sequence[int]) -> np.ndarray:
        names, leads, facts = self.people, self.lead_sets, self.facts
        k = len(members)
        out = np.zeros((k, k), dtype=bool)
        for a, i in enumerate(members):
            one = names[i]
            if not one:
                continue
            for b in range(a + 1, k):
                j = members[b]
                two = names[j]
                if not two or one in leads[j] or two in leads[i]:
                    continue
                if one not in facts[j] or two not in facts[i]:
                    out[a, b] = out[b, a] = True
        return out

    def apart(self, members: Sequence[int]) -> np.ndarray:
        """Pairs among ``members`` that are never one story: dated days apart (see
        :func:`article_dates`) or reporting two kinds of thing (:func:`article_action`)."""
        if self._apart is not None:
            return self._apart[np.ix_(members, members)]
        return self._apart_of(members)

    def other_people(self, members: Sequence[int]) -> np.ndarray:
        """Pairs among ``members`` whose articles are about two people (step 2b)."""
        if self._other_people is not None:
            return self._other_people[np.ix_(members, members)]
        return self._other_people_of(members)

    def apart_pairs(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """For each pair ``(first[k], second[k])``, whether the two are never one story."""
        near = DAYS_APART
        dates, kinds = self.dates, self.kinds
        out = np.zeros(len(first), dtype=bool)
        if self.kind is not None and len(first):
            out |= np.einsum("ij,ij->i", self.kind[first], self.kind[second]) < KIND_APART
        for k, (i, j) in enumerate(zip(first.tolist(), second.tolist(), strict=True)):
            one, two = dates[i], dates[j]
            if one and two and all(abs((x - y).days) >= near for x in one for y in two):
                out[k] = True
            elif kinds is not None and _two_kinds(kinds[i], kinds[j], self.actors[i], self.actors[j]):
                out[k] = True
            elif self.vessels is not None and _two_vessels(self.vessels[i], self.vessels[j]):
                out[k] = True
            elif self.sites is not None and _two_sites(self.sites[i], self.sites[j]):
                out[k] = True
            elif self.seconds is not None and _second_apart(self.seconds[i], self.seconds[j]):
                out[k] = True
            elif (
                TWO_ACTS_APART
                and self.contents is not None
                and _two_acts((self.acts[i], self.contents[i][0]), (self.acts[j], self.contents[j][0]))
            ):
                out[k] = True
        return out

    def contrast(self, members: Sequence[int], word_weight: float) -> np.ndarray:
        """Similarity among ``members`` with what all of them share weighted zero."""
        shared = CONTRAST_SHARED_ONLY
        a = self.words.tfidf(members, drop_common=True, shared_only=shared)
        b = self.specifics.tfidf(members, drop_common=True, shared_only=shared)
        c = self.lead_terms.tfidf(members, drop_common=True, shared_only=shared)
        lead = LEAD_FACT_WEIGHT
        sim = (
            (1 - lead) * word_weight * (a @ a.T).toarray()
            + (1 - lead) * (1 - word_weight) * (b @ b.T).toarray()
            + lead * (c @ c.T).toarray()
        )
        return np.where(self.apart(members), 0.0, sim)

    def other_actors(self, a: int, b: int) -> bool:
        """Whether the headlines of ``a`` and ``b`` name two different actors (Iran offers ...,
        Riyadh willing ...): each names one, neither's actor is among the other's lead facts,
        and one of them is nowhere in the other's text. Two sides of one event (Kabul accuses
        Islamabad ..., Islamabad denies ...) name each other. Their words are compared with their
        accents folded, as the facts are ("Kaposvár man, 63, dies ..." names the "Kaposvar" of "Two
        Kaposvár anglers ...")."""
        first, second = ({fold(w) for w in self.actors[m]} for m in (a, b))
        if not first or not second:
            return False
        if any(_akin(w, self.leads[b]) for w in first) or any(_akin(w, self.leads[a]) for w in second):
            return False
        return not any(_akin(w, self.facts[b]) for w in first) or not any(_akin(w, self.facts[a]) for w in second)

    def rivals(self, members: Sequence[int]) -> np.ndarray:
        """Pairs among ``members`` that step 4 cuts between: their headlines name two actors
        (:meth:`other_actors`), or they are never one story by date or kind (:meth:`apart`)."""
        k = len(members)
        out = self.apart(members).copy()
        for a in range(k):
            for b in range(a + 1, k):
                if self.other_actors(members[a], members[b]):
                    out[a, b] = out[b, a] = True
        return out

    def two_countries(self, members: Sequence[int]) -> np.ndarray:
        """Pairs among ``members`` whose headlines open on two countries (step 6): two actors
        (:meth:`other_actors`) that ``briefer/data/countries.tsv`` names as two countries, by
        their names, capitals or peoples (Oman, Muscat; Qatar, Doha). A place that is no country
        ("Aceh", "Malibu") may lie inside the other's, and a firm or a pollster the recogniser
        tags a place may be named for another in one report of an event."""
        countries = _countries()
        country = [countries.get(self.actors[i]) for i in members]
        k = len(members)
        out = np.zeros((k, k), dtype=bool)
        for a in range(k):
            for b in range(a + 1, k):
                one, two = country[a], country[b]
                if one is not None and two is not None and one != two and self.other_actors(members[a], members[b]):
                    out[a, b] = out[b, a] = True
        return out

    def looked(self, members: Sequence[int], word_weight: float = WORD_WEIGHT) -> np.ndarray:
        """Step 1's similarity among ``members`` (over the theme); for a theme clustered on candidate
        pairs, which has none over it, the members' own."""
        if self.sim is not None:
            return self.sim[np.ix_(members, members)]
        return _similarity(self.words, self.specifics, members, word_weight)

    def stated(self, member: int, others: Sequence[int]) -> float:
        """Share (by weight) of ``member``'s lead facts that some lead of ``others`` states too; 0.0
        when its lead states nothing of weight (unlike :meth:`found`: a round-up's general lead
        tells no one event)."""
        return self._share(member, self.lead_sets[member], [self.lead_sets[o] for o in others], 0.0)

    def named_apart(self, member: int) -> int:
        """How many articles of the theme ``member`` names in its text (their lead facts found in
        it for ``ALONE`` of their weight) while no lead of the two states the other's: a
        round-up names the day's events, a report tells its own in its lead."""
        return len(self.names(member))

    def names(self, member: int) -> list[int]:
        """The articles :meth:`named_apart` counts."""
        known = self._names.get(member)
        if known is not None:
            return known
        out = self._names[member] = []
        for other in range(self.size):
            if other == member or self.found(other, [member]) < ALONE:
                continue
            if self.labelled[member] or (self.stated(member, [other]) < ALONE and self.stated(other, [member]) < ALONE):
                out.append(other)
        return out

    def roundup(self, member: int) -> bool:
        """Whether ``member`` is a round-up or an analysis of the day's events (step 7): its
        headline names no fact that another article of the theme names (of ``ROUNDUP_HEADLINE``
        weight at most: "Education wrap: cap lands, universities swing the axe", "Two closures,
        two strikes, two fires: a grim Thursday") while its text names ``HUB_NAMES`` of the
        theme's articles or more whose leads its own does not tell (:meth:`named_apart`)."""
        if self.heads is None:
            return False
        known = self._roundup.get(member)
        if known is None:
            own = self.facts[member]
            elsewhere = [fact for fact in self.heads[member] if self.df.get(fact, 0) > (fact in own)]
            told = math.fsum(self.weight.get(fact, 0.0) for fact in elsewhere)
            labelled = self.labelled[member]  # its outlet says so: "Analysis:", "Evening briefing:"
            known = self.named_apart(member) >= (LABELLED_NAMES if labelled else HUB_NAMES) and (
                labelled or told <= ROUNDUP_HEADLINE
            )
            self._roundup[member] = known
        return known

    def heads_share(self, a: int, b: int) -> bool:
        """Whether the headlines of ``a`` and ``b`` name something in common: a headline fact of some
        weight in the theme that is no figure, written alike or with one stem (Iran, Iranian;
        :func:`_akin`), or a country's names (Qatar, Doha, Qatari; ``briefer/data/countries.tsv``).
        True when the headlines are not known (:func:`cluster` without them)."""
        if self.heads is None:
            return True
        countries = _countries()
        named = [[f for f in self.heads[m] if self.weight.get(f, 0.0) > 0.0 and not f.isdigit()] for m in (a, b)]
        for one in named[0]:
            country = countries.get(frozenset((one,)))
            for two in named[1]:
                if _akin(one, [two]) or (country is not None and country == countries.get(frozenset((two,)))):
                    return True
        return False

    def found(self, member: int, others: Sequence[int]) -> float:
        """Share (by weight) of ``member``'s lead facts that some of ``others`` state too; 1.0
        when its lead states nothing of weight."""
        return self._share(member, self.leads[member], [self.facts[o] for o in others], 1.0)

    def found_among(self, member: int, other: int, articles: int) -> float:
        """Share of ``member``'s lead facts that ``other`` states, each fact weighed as if the theme
        had at least ``articles`` articles (a small theme's facts: see :func:`_alone`); 1.0 when its
        lead states nothing."""
        n = max(self.size, articles)
        weight = {fact: _rarity(n, self.df.get(fact, 0)) for fact in self.lead_sets[member]}
        total = math.fsum(weight.values())
        if total <= 0.0:
            return 1.0
        return math.fsum(w for fact, w in weight.items() if fact in self.facts[other]) / total

    def _share(self, member: int, lead: Collection[str], elsewhere: Sequence[Collection[str]], empty: float) -> float:
        """Share (by weight) of the facts of ``lead``, ``member``'s lead facts, found in any of
        ``elsewhere``; ``empty`` when ``lead`` holds nothing of weight."""
        total = self.lead_weight[member]
        if total <= 0.0:
            return empty
        found = elsewhere[0] if len(elsewhere) == 1 else frozenset().union(*elsewhere)
        return math.fsum(self.weight.get(fact, 0.0) for fact in lead if fact in found) / total


def cluster(
    words: Sequence[Sequence[str]],
    specifics: Sequence[Sequence[str]],
    threshold: float = DEFAULT_THRESHOLD,
    word_weight: float = WORD_WEIGHT,
    leads: Sequence[Collection[str]] | None = None,
    facts: Sequence[Collection[str]] | None = None,
    actions: Sequence[Collection[str]] | None = None,
    exact_limit: int | None = None,
) -> list[list[int]]:
    """Indexes of the articles grouped by event, each group in input order.

    ``leads`` and ``facts``: each article's lead facts and all its facts (see
    :func:`article_facts`); without them, an article's specifics serve as both.
    ``actions``: what each headline reports (see :func:`article_action`); two
    articles whose kinds are named and disjoint are never one story.
    ``exact_limit``: more articles than this (``EXACT_LIMIT`` by default) are
    clustered on candidate pairs, not all pairs (see :func:`_blocked_labels`).
    Groups come largest first, ties in order of their first article.
    """
    lead_sets = [frozenset(x) for x in (leads if leads is not None else specifics)]
    fact_sets = [frozenset(x) for x in (facts if facts is not None else specifics)]
    kinds = [frozenset(x) for x in actions] if actions is not None else None
    day = _Day(words, specifics, lead_sets, fact_sets, actions=kinds, exact_limit=exact_limit)
    return _cluster(day, threshold, word_weight)


def _cluster(day: _Day, threshold: float = DEFAULT_THRESHOLD, word_weight: float = WORD_WEIGHT) -> list[list[int]]:
    if day.size < 2:
        return [[0]] if day.size else []
    if day.dense:
        everyone = list(range(day.size))
        apart = day.apart(everyone)
        # Two articles that date their events days apart are never one story (see article_dates).
        sim = _similarity(day.words, day.specifics, everyone, word_weight)
        if BACKGROUND_SLOPE and day.kind is not None:
            threshold = _background_threshold(sim, threshold)
        sim[apart] = 0.0  # in place: the theme's matrix once, not twice
        first = sim
        labels = _average_linkage(sim, threshold)
    else:
        labels = _blocked_labels(day, threshold, word_weight)
    if day.size >= RUNNING_STORY and len(np.unique(labels)) == 1:
        # The whole theme is one cluster: a running story whose every report names the same
        # countries and talks. Look once more, with what all of them share set aside.
        if day.dense:
            sim = _similarity(day.words, day.specifics, everyone, word_weight, drop_common=True)
            labels = _average_linkage(np.where(apart, 0.0, sim), threshold)
        else:
            labels = _blocked_labels(day, threshold, word_weight, drop_common=True)
    if day.dense:
        day.sim = sim
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    done = _looked(day, [[int(i) for i in group] for group in np.split(order, bounds)], threshold, word_weight)
    if day.dense:
        done = _roundups(day, done, first, threshold, word_weight)
    elif OPINION_ALONE:
        # A theme clustered on candidate pairs has no step 1 similarity to tell a round-up by; its
        # labelled opinion and analysis, and the day's round-ups, stand alone all the same.
        done = [part for group in done for part in _opinion_apart(day, group)]
    if day.contents is not None:  # made only where step 8 looks (see _day_of)
        done = [part for group in done for part in _one_event(day, group)]
        if FOUND_CONTINUES:
            done = _found_continues(day, done)
        if ONE_WORKS_JOINS and day.sites is not None:
            done = _one_works(day, done)
    done.sort(key=lambda group: (-len(group), group[0]))
    return done


def _cosine(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def _one_event(day: _Day, group: list[int]) -> list[list[int]]:
    """The story ``group`` cut where its reports are unlikely one event (step 8): each pair's chance of one event
    from ten figures the steps compute (fitted on half A of the desks), average linkage at ``SAME_EVENT_CUT``."""
    if not 2 <= len(group) <= SAME_EVENT_MOST or day.contents is None or SAME_EVENT_CUT is None or not day.dense:
        return [group]
    k = len(group)
    contrast = day.contrast(group, WORD_WEIGHT)
    chance = np.ones((k, k))
    times = [day.published[m] for m in group]
    first = min((t for t in times if t is not None), default=None)
    for i in range(k):
        for j in range(i + 1, k):
            a, b = group[i], group[j]
            fa, fb = day.found(a, [b]), day.found(b, [a])
            sa, sb = day.stated(a, [b]), day.stated(b, [a])
            figures = {
                "s1": float(day.looked([a, b])[0, 1]),
                "contrast": float(contrast[i, j]),
                "found_min": min(fa, fb),
                "found_max": max(fa, fb),
                "stated_min": min(sa, sb),
                "stated_max": max(sa, sb),
                "heads_share": float(day.heads_share(a, b)),
                "head_cos": _cosine(day.contents[a][0], day.contents[b][0]),
                "lead_cos": _cosine(day.contents[a][1], day.contents[b][1]),
                "other_actors": float(day.other_actors(a, b)),
            }
            z = SAME_EVENT_BIAS + sum(SAME_EVENT_WEIGHTS[name] * value for name, value in figures.items())
            chance[i, j] = chance[j, i] = 0.0 if _answer(day, a, b, first) else 1.0 / (1.0 + math.exp(-z))
    labels = _average_linkage(chance, SAME_EVENT_CUT)
    return [[group[i] for i in np.flatnonzero(labels == label)] for label in np.unique(labels)]


ONE_WORKS_JOINS = True
"""Two stories whose every report with a works in its lead names one and the same works (:func:`article_sites`), a
headline of each naming it, and none of whose reports tells an act in its headline, are one event: "Two workers
trapped as pit wall collapses at Eshidiya phosphate mine" and "One dead, one missing after night-shift collapse at
Eshidiya", cut apart where all the theme's reports share the mine's words."""


def _one_works(day: _Day, groups: list[list[int]]) -> list[list[int]]:
    """``groups`` with the stories about one works joined (:data:`ONE_WORKS_JOINS`)."""
    assert day.sites is not None
    sites = day.sites

    def works(group: list[int]) -> frozenset[str] | None:
        named = [sites[m][0] for m in group if sites[m][0]]
        if not named or any(day.acts[m] is not None or day.labelled[m] or day.opinion[m] for m in group):
            return None
        # ... and a headline of the story names it: the story is about the works, not only near it
        return frozenset(
            site for site in frozenset.intersection(*named) if any(_site_in((site,), sites[m][3]) for m in group)
        )

    out = [list(group) for group in groups]
    k = 0
    while k < len(out):
        mine = works(out[k])
        partner = None
        if mine:
            same = [j for j in range(len(out)) if j != k and (other := works(out[j])) and mine & other]
            pairs = np.array([(a, b) for a in out[k] for b in out[same[0]]]) if len(same) == 1 else None
            if pairs is not None and not day.apart_pairs(pairs[:, 0], pairs[:, 1]).any():
                partner = same[0]  # one other story about the works, and no two of their reports kept apart
        if partner is None:
            k += 1
            continue
        out[k] = sorted(out[k] + out[partner])
        del out[partner]
        k = 0
    return out


FOUND_CONTINUES = True
"""Step 9: a report alone whose headline tells a body found continues the theme's one story of someone missing
before it ("Body of Kakopetros shepherd recovered ..." after "Shepherd missing as flash flood sweeps ..."): the
search's end, told with the victim's name and the place the body was found, which the search's reports never
named."""
_FOUND_VERBS = frozenset("find recover pull retrieve wash identify".split())


def body_found(title: Collection[str]) -> bool:
    """Whether a headline (its lower-case lemmas) tells a body found: "Body of ... recovered", "... found dead"."""
    return not _FOUND_VERBS.isdisjoint(title) and ("body" in title or "dead" in title)


MOURNING_CONTINUES = True
"""... and so does a report left alone whose headline tells a place or a family mourning its dead (:func:`mourning`:
"Chizumulu buries its dead as toll ... rises to nine"), told with the village's own people: it joins the earlier
story that told deaths or someone missing, the one most alike to it (by step 1's similarity, a mean over the
story's reports) when there are several."""
MOURNING_ALIKE = 0.05
"""... by at least this much over the next most alike; else the report stays alone."""
_MOURNING = frozenset("mourn mourns funeral funerals vigil".split())
_DEATHS = frozenset("dead death die kill toll miss body drown".split())


INJURIES_CONTINUE = True
"""... and so does a report left alone whose headline tells someone who died of the injuries an event gave them
(:func:`died_of_injuries`: "Conveyor operator ... dies of burns in Sofia hospital" the day after the conveyor fire):
it joins the earlier story whose reports told people hurt in its headline or lead, the one most alike to it when there
are several (as a mourning does; across days: :data:`briefer.memory.INJURIES_CONTINUE`)."""
REACTION_CONTINUES = True
"""... and so does a report left alone whose headline tells many people reacting in words (:func:`reaction_in_words`:
"Turkish hauliers count the cost of Red Bridge queue") and tells no act of theirs: it joins the earlier story most
alike to it (by ``MOURNING_ALIKE`` over the next), if that story's headlines name what its headline names (a name of
some weight in the theme, as :func:`_follows` asks) and its headline tells no other kind of event than theirs (traders
counting their losses at a closed crossing are no part of the clash that closed it). Session 68: 3 true pairs of the
167 desks, none false (without the name, 5 and 9)."""
TOLL_CONTINUES = True
"""... and so does a story whose first report's headline tells a toll rising ("Luding quake toll rises to three; lorry
driver missing on Detuo road", :func:`toll_rises`), a lone report or the first of several (the rescue of the missing
driver told after it): a toll that rises was told before, so it joins the earlier story that told deaths, the one most
alike to it when there are several (as a mourning does). Steps 1 to 8 can keep such a story apart from the event's
first reports when its own facts (the driver, the road, the bridge) are many."""
_RISES = frozenset("rise climb reach hit grow jump mount pass top".split())
_TOLL = re.compile(r"\btoll\b", re.I)
MARKET_CONTINUES = True
"""... and so does a lone report whose headline tells a firm's shares moving (:func:`market_reaction`: "Southern Cross
Grid shares slide after Melbourne substation fire cuts power to 62,000"), on the same terms: the market's view of the
event, told with the firm's and the analysts' names (across days: :data:`briefer.memory.MARKET_CONTINUES`). Session
69: 2 true pairs of the 170 desks (victoria), none false."""
RESTORED_CONTINUES = True
"""... and so does a lone report whose headline tells something reopened, resumed or restored after what stopped it
(:func:`restored`: "Gashuunsukhait lane reopens after cab fire; burned driver flown ...", "Cerbat Lithium to resume
drilling Monday after court win"): the event's end, told with the crews' and the operators' names. Session 69: 2 true
pairs of the 170 desks (mongolia, arizona), none false; without the "after" it also joined "Antakya's Long Bazaar
reopens its first 140 shops" (a rebuilding's step) to the scaffolding collapse."""
_RESTORED = re.compile(
    r"\b(?:reopens?|reopened|reopening|resumes?|resumed|restored?|roll(?:s|ing)? again|running again|open again|"
    r"(?:power|lights|water|trains|service|services|flights|heating|supply) (?:is |are )?back)\b",
    re.I,
)
_AFTER = re.compile(r"\b(?:after|as|once|following)\b", re.I)
_INJURIES = frozenset("burn burns injury injuries wound wounds".split())
_HURT = frozenset("hurt injure injured injury injuries burn burns wound wounded critical".split())


def died_of_injuries(words: Collection[str]) -> bool:
    """Whether a headline (its lower-case words and lemmas) tells someone dying of their burns, injuries or wounds, or
    succumbing: not "Man dies in crash", an event of its own."""
    return ("die" in words and not _INJURIES.isdisjoint(words)) or "succumb" in words


def toll_rises(title: Collection[str], headline: str) -> bool:
    """Whether a headline (its lower-case lemmas ``title``, and as written) tells a toll rising: "... toll rises to
    three", "... as toll reaches eleven"; not a road's or a bridge's tolls ("Bridge tolls to rise 4 per cent")."""
    return not _RISES.isdisjoint(title) and _TOLL.search(headline) is not None


def _first_clause(headline: str) -> str:
    """A headline up to its first semicolon or colon: what it tells first ("Lane reopens after cab fire" of "Lane
    reopens after cab fire; burned driver flown to Ulaanbaatar")."""
    return re.split(r"[;:]\s*", headline)[0]


def restored(headline: str) -> bool:
    """Whether a headline tells, in its first clause, something reopened, resumed or restored ("... lane reopens",
    "Trains roll again ...", "Power back at most ..."), and after or as what ("... after cab fire", "... as crews
    clear ...")."""
    return _RESTORED.search(_first_clause(headline)) is not None and _AFTER.search(headline) is not None


def mourning(title: Collection[str]) -> bool:
    """Whether a headline (its lower-case words and lemmas) tells a place or a family mourning its dead: "Jamiltepec
    mourns grandmother ...", "Jongowe buries its dead", "Funeral for ..."."""
    return not _MOURNING.isdisjoint(title) or ("bury" in title and ("dead" in title or "toll" in title))


def _found_continues(day: _Day, groups: list[list[int]]) -> list[list[int]]:
    """``groups`` with each lone report of a body found joined to the one earlier story of someone missing
    (:data:`FOUND_CONTINUES`): a member published before it tells "missing" in its headline or lead. Two such
    stories, or none, and the report stays alone; a round-up or labelled opinion is no such story. A lone report of
    a mourning or of a death of injuries joins the earlier story that told deaths or people hurt, the most alike of
    several (:data:`MOURNING_CONTINUES`, :data:`INJURIES_CONTINUE`)."""
    assert day.contents is not None
    contents = day.contents
    out = [list(group) for group in groups]
    for group in groups:
        if len(group) != 1:
            if TOLL_CONTINUES and day.texts is not None:
                out = _toll_continues(day, out, group)
            continue
        member = group[0]
        title = contents[member][0]
        when = day.published[member]
        if when is None or day.labelled[member] or day.opinion[member]:
            continue
        found = body_found(title)
        mourns = MOURNING_CONTINUES and mourning(title) and not _together(day.acts[member])
        died = INJURIES_CONTINUE and died_of_injuries(title)
        if TOLL_CONTINUES and day.texts is not None and toll_rises(title, day.texts.headline(member)):
            mourns = True
        if not (found or mourns or died):
            reacts = REACTION_CONTINUES or MARKET_CONTINUES or RESTORED_CONTINUES
            if reacts and day.acts is not None and day.acts[member] is None and day.texts is not None:
                out = _reaction_continues(day, out, member)
            continue
        told = frozenset({"miss"}) if found else _HURT if died else _DEATHS
        missing = [
            other
            for other in out
            if member not in other
            and any(
                _reported_before(day, m, when) and not told.isdisjoint(contents[m][0] | contents[m][1]) for m in other
            )
        ]
        if (mourns or died) and not found and len(missing) > 1:
            most = _most_alike(day, member, missing)
            missing = [missing[most]] if most is not None else []
        if len(missing) == 1:
            missing[0].append(member)
            out = [other for other in out if other != [member]]
    return out


def _toll_continues(day: _Day, groups: list[list[int]], story: list[int]) -> list[list[int]]:
    """``groups`` with ``story`` (a story of several reports, among ``groups``) joined to the earlier story that told
    deaths, the most alike of several, if its first report's headline tells a toll rising (:data:`TOLL_CONTINUES`)."""
    assert day.contents is not None and day.texts is not None
    contents = day.contents
    story = next(group for group in groups if story[0] in group)  # as earlier steps of step 9 left it
    dated = [m for m in story if day.published[m] is not None]
    if not dated:
        return groups
    first = min(dated, key=lambda m: (day.published[m], m))
    when = day.published[first]
    assert when is not None
    if day.labelled[first] or day.opinion[first] or not toll_rises(contents[first][0], day.texts.headline(first)):
        return groups
    told = [
        other
        for other in groups
        if other != story
        and any(
            _reported_before(day, m, when) and not _DEATHS.isdisjoint(contents[m][0] | contents[m][1]) for m in other
        )
    ]
    k = _most_alike(day, first, told) if told else None
    if k is None:
        return groups
    return [[*group, *story] if group is told[k] else group for group in groups if group != story]


def _reported_before(day: _Day, m: int, when: float) -> bool:
    """Whether article ``m`` is a report published before ``when``: no labelled piece, opinion or round-up."""
    published = day.published[m]
    return (
        published is not None and published < when and not day.labelled[m] and not day.opinion[m] and not day.roundup(m)
    )


def _most_alike(day: _Day, member: int, stories: list[list[int]]) -> int | None:
    """Which of ``stories`` is most alike to ``member`` (step 1's similarity, a mean over the story's reports), if it is
    the only one or more alike than the next by ``MOURNING_ALIKE``; else None."""
    if len(stories) == 1:
        return 0
    alike = sorted(((float(day.looked([member, *story])[0, 1:].mean()), k) for k, story in enumerate(stories)))
    return alike[-1][1] if alike[-1][0] >= alike[-2][0] + MOURNING_ALIKE else None


def _reaction_continues(day: _Day, groups: list[list[int]], member: int) -> list[list[int]]:
    """``groups`` with the lone report ``member``, if its headline tells many people reacting in words, a firm's
    shares moving or something reopened after what stopped it, joined to the earlier story most alike to it whose
    headlines name what its own names (:data:`REACTION_CONTINUES`, :data:`MARKET_CONTINUES`,
    :data:`RESTORED_CONTINUES`)."""
    assert day.texts is not None and day.heads is not None
    when = day.published[member]
    headline = day.texts.headline(member)
    told = (
        (REACTION_CONTINUES and reaction_in_words(headline))
        or (MARKET_CONTINUES and market_reaction(headline))
        or (RESTORED_CONTINUES and restored(headline))
    )
    if when is None or not told:
        return groups
    earlier = [group for group in groups if member not in group and any(_reported_before(day, m, when) for m in group)]
    k = _most_alike(day, member, earlier) if earlier else None
    if k is None:
        return groups
    heads = day.heads
    story = earlier[k]
    kinds = day.kinds
    if kinds is not None and kinds[member] and all(kinds[m] and kinds[m].isdisjoint(kinds[member]) for m in story):
        return groups  # "Ghulam Khan traders count losses as crossing stays closed": trade, not the clash's gunfire
    named = any(fact not in CALENDAR and _head_name(day, fact) for m in story for fact in heads[member] & heads[m])
    if not named:
        return groups
    return [[*group, member] if group is story else group for group in groups if group != [member]]


def _answer(day: _Day, a: int, b: int, first: float | None = None) -> bool:
    """Whether one of ``a`` and ``b`` reports an act of its own that the other's event has not (a decision, a
    protest answering it: :func:`briefer.acts.answers`): never one event. The act is one published after
    the other, or (with ``ACTS_AFTER_FIRST``) after the story's first report (``first``): an act that opens
    its story may be the event itself ("Regional commission approves ..."), and one that answers the event
    stands apart from the event's later reports too ("Jonkershoek fire contained" after the district's ban)."""
    if not ANSWERS_APART or day.contents is None:
        return False
    when = {a: day.published[a], b: day.published[b]}
    for act_of, other in ((a, b), (b, a)):
        act, at, against = day.acts[act_of], when[act_of], when[other]
        if act is None or at is None or against is None:
            continue  # no answer without an event before it
        if not (at > against or (ACTS_AFTER_FIRST and first is not None and at > first)):
            continue
        words = day.contents[other][0] | day.contents[other][1]
        if answers(act, day.offices[act_of], day.contents[other][0], words, day.lead_texts[other], day.bare[act_of]):
            return True
    return False


BACKGROUND_FROM = 0.09
"""A mixed theme's mean similarity (step 1's look, all pairs) above which its cut rises: the desks' small days
average 0.09 to 0.23 (most 0.11 to 0.16), ECB+'s mixed days of many topics 0.05 to 0.09
(benchmarks/README-stories.md, session 40)."""
BACKGROUND_SLOPE = 3.0  # ... the cut rises this much a unit of mean similarity above it (chosen on desks half A)
BACKGROUND_CAP = 0.3  # ... to at most this


def _background_threshold(sim: np.ndarray, threshold: float) -> float:
    """Step 1's threshold for a mixed theme, raised with the day's background: the mean similarity of
    its pairs of articles over ``BACKGROUND_FROM`` (a desk whose every report tells one region's
    crisis), by ``BACKGROUND_SLOPE`` per unit, at most ``BACKGROUND_CAP``."""
    n = len(sim)
    if n < 2:
        return threshold
    mean = (float(sim.sum()) - float(np.trace(sim))) / (n * (n - 1))
    return max(threshold, min(BACKGROUND_CAP, threshold + BACKGROUND_SLOPE * (mean - BACKGROUND_FROM)))


def _looked(day: _Day, pending: list[list[int]], threshold: float, word_weight: float) -> list[list[int]]:
    """Step 1's clusters ``pending`` looked at again, pair by pair and as themes of their own
    (steps 2 to 6 of the module's description)."""
    done: list[list[int]] = []
    while pending:
        members = pending.pop()
        if len(members) > day.exact_limit:
            # A story this large is not looked at again pair by pair (steps 2 to 5).
            done.append(sorted(members))
            continue
        if len(members) == 2 and day.apart(members)[0, 1]:
            # Left as a pair when a third article that tied them went its own way (step 3).
            pending.extend([[members[0]], [members[1]]])
            continue
        parts = _split(day, members, word_weight)
        if parts is None:
            parts = _two_people(day, members, word_weight)
        if parts is None:
            parts = _alone(day, members)
        if parts is None:
            parts = _rivals(day, members, word_weight)
        if parts is None:
            parts = _hub(day, members, threshold, word_weight)
        if parts is None:
            parts = _kept_apart(day, members)
        if parts is None:
            done.append(sorted(members))
        else:
            pending.extend(parts)
    if RECLUSTER and day.dense:
        done = [part for group in done for part in _reclustered(day, group, threshold, word_weight)]
    return done


def _reclustered(day: _Day, group: list[int], threshold: float, word_weight: float) -> list[list[int]]:
    """The story ``group`` clustered again as a theme of its own (step 6b of the module's
    description), or ``[group]`` when that cut does not stand."""
    if len(group) < RECLUSTER_FROM or day.sim is None:
        return [group]
    sim = np.where(day.apart(group), 0.0, _similarity(day.words, day.specifics, group, word_weight))
    labels = _average_linkage(sim, threshold)
    parts = [[group[i] for i in np.flatnonzero(labels == label)] for label in np.unique(labels)]
    single = [part[0] for part in parts if len(part) < MIN_PART]
    if len(parts) < 2 or len(single) > 1 or (single and len(parts) > 2):
        return [group]
    if single:
        # The one set apart is the member least like the others in the theme's first look too, or one
        # that step 3 sets apart by its lead facts and keeps as a follow-up (RECLUSTER_OWN).
        whole = day.sim[np.ix_(group, group)]
        odd = single[0] != group[int(np.argmin(whole.sum(axis=1)))]
        if RECLUSTER_LEAST and odd and not (RECLUSTER_OWN and _kept_by_follows(day, single[0], group)):
            return [group]
        k = group.index(single[0])
        if RECLUSTER_LINK and float(np.delete(sim[k], k).max()) >= threshold:
            return [group]
    own = [len(_own_facts(day, part, [m for m in group if m not in part])) for part in parts if len(part) >= MIN_PART]
    # Every part of two or more states a fact of its own; in a small story cut in two, one part's
    # facts are enough (two events of one kind, the older one's reports dating nothing of their own).
    one_sided = len(parts) == 2 and not single and len(group) <= RECLUSTER_ONE_SIDED_UPTO
    if min(own) < 1 and not (one_sided and max(own) >= RECLUSTER_ONE_SIDED):
        return [group]
    return parts


def _kept_by_follows(day: _Day, member: int, group: list[int]) -> bool:
    """Whether step 3 would set ``member`` apart from ``group`` by its lead facts (found in the others
    for less than ``ALONE`` of their weight) but keeps it as a follow-up (:func:`_follows`)."""
    others = [m for m in group if m != member]
    return day.size >= SHARED_FROM and day.found(member, others) < ALONE and _follows(day, member, others)


def _opinion_apart(day: _Day, group: list[int]) -> list[list[int]]:
    """``group`` with each of its opinion pieces (:func:`briefer.labels.stands_alone`, the day's round-ups) a
    story of its own (step 7)."""
    if len(group) < 2:
        return [group]
    return _set_apart(group, [m for m in group if day.opinion[m]])


def _set_apart(group: list[int], alone: list[int]) -> list[list[int]]:
    """Each of ``alone`` a story of its own, the rest of ``group`` one story."""
    rest = [m for m in group if m not in alone]
    return [[m] for m in alone] + ([rest] if rest else [])


def _kept_apart(day: _Day, members: list[int]) -> list[list[int]] | None:
    """A story that steps 2 to 5 left whole though two of its headlines open on two countries, cut
    so that no part holds two such articles (see step 6 of the module's description), or None."""
    if len(members) < 2:
        return None
    countries = day.two_countries(members)
    if countries.any():
        labels = _constrained_linkage(day.looked(members), countries)
        return [[members[i] for i in np.flatnonzero(labels == label)] for label in np.unique(labels)]
    return None


def _roundups(
    day: _Day, groups: list[list[int]], sim: np.ndarray, threshold: float, word_weight: float = WORD_WEIGHT
) -> list[list[int]]:
    """The stories ``groups`` with each round-up or analysis a story of its own (see step 7 of the
    module's description), or ``groups`` as they are; the rest of a story that loses one is
    clustered again without it (``RELOOK``: average linkage at ``threshold``, as in step 1).
    ``sim``: step 1's similarity over the theme."""
    if day.heads is None:
        return groups
    story = {i: k for k, group in enumerate(groups) for i in group}
    out: list[list[int]] = []
    for k, group in enumerate(groups):
        if len(group) < 2:
            out.append(group)
            continue
        alone = [
            m
            for m in group
            if (OPINION_ALONE and day.opinion[m]) or (day.roundup(m) and _elsewhere(day, m, story, k, sim, threshold))
        ]
        parts = _set_apart(group, alone)
        if RELOOK and alone and len(parts[-1]) > 1:
            rest = parts.pop()
            labels = _average_linkage(sim[np.ix_(rest, rest)], threshold)
            again = [[rest[i] for i in np.flatnonzero(labels == label)] for label in np.unique(labels)]
            if RELOOK_STEPS and any(day.opinion[m] for m in alone):
                # An opinion piece or an explainer that tied the story's reports together is no
                # report of its event: the rest is looked at pair by pair as step 1's clusters are.
                again = _looked(day, again, threshold, word_weight)
            parts += again
        out += parts
    return out


def _elsewhere(day: _Day, member: int, story: dict[int, int], own: int, sim: np.ndarray, threshold: float) -> bool:
    """Whether ``member`` names (:meth:`_Day.names`) articles it is like (``like``: step 1's
    similarity at the threshold or more) of two stories or more, more of them outside its own
    story ``own`` than in it: the day's events a round-up tells, not the chance facts of a long
    text that the reports of another topic state."""
    labelled = day.labelled[member]
    # A labelled round-up or analysis ("Opinion: ...") names the day's events by its outlet's word,
    # not by chance: the events it names count whether or not its words are like theirs.
    named = [o for o in day.names(member) if labelled or sim[member, o] >= threshold]
    outside = sum(story[o] != own for o in named)
    if outside <= (0 if labelled else len(named) - outside):
        return False
    if labelled:  # its outlet says it is no report of one event, and it names another story's
        return True
    # Two of the stories it names are two events: on average unlike (step 1's similarity under
    # the threshold), not one event that the steps after step 1 cut in two.
    told: dict[int, list[int]] = {}
    for o in named:
        told.setdefault(story[o], []).append(o)
    parts = list(told.values())
    return any(float(sim[np.ix_(one, two)].mean()) < threshold for a, one in enumerate(parts) for two in parts[a + 1 :])


def _constrained_linkage(sim: np.ndarray, cannot: np.ndarray) -> np.ndarray:
    """Cluster label of each row: average linkage that merges, again and again, the two clusters
    of the highest mean similarity between which no pair is in ``cannot``, until no two clusters
    may merge. Labels count from 0 in the order of each cluster's first row; ties go to the
    first pair in row order (the same parts on every run)."""
    k = len(sim)
    total = (sim + sim.T) / 2
    np.fill_diagonal(total, 0.0)
    blocked = cannot.copy()
    np.fill_diagonal(blocked, True)
    size = np.ones(k)
    alive = np.ones(k, dtype=bool)
    owner = np.arange(k)
    while True:
        usable = alive[:, None] & alive[None, :] & ~blocked
        if not usable.any():
            break
        mean = np.where(usable, total / np.outer(size, size), -np.inf)
        a, b = sorted(int(x) for x in np.unravel_index(int(np.argmax(mean)), mean.shape))
        total[a, :] += total[b, :]
        total[:, a] += total[:, b]
        total[a, a] = 0.0
        blocked[a, :] |= blocked[b, :]
        blocked[:, a] |= blocked[:, b]
        size[a] += size[b]
        alive[b] = False
        owner[owner == b] = a
    _, labels = np.unique(owner, return_inverse=True)
    return np.asarray(labels)


def _joint_rows(day: _Day, word_weight: float, drop_common: bool = False) -> sparse.csr_matrix:
    """One unit row per article whose dot products are the similarity of :func:`_similarity`:
    the words' and the specifics' TF-IDF rows side by side, weighted by the square roots of
    their shares, IDF taken over the whole theme."""
    everyone = range(day.size)
    a = day.words.tfidf(everyone, drop_common)
    b = day.specifics.tfidf(everyone, drop_common)
    return sparse.hstack([math.sqrt(word_weight) * a, math.sqrt(1 - word_weight) * b], format="csr")


def _candidate_pairs(rows: sparse.csr_matrix, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(first, second, similarity)`` of the candidate pairs of rows (first < second) at least
    ``floor`` similar, never a matrix of every pair.

    A row's candidates are the ``NEIGHBOURS`` rows that share the most with it on the terms
    found in at most ``RARE_DF`` rows (products of blocks of rows on those columns: a term of
    a few articles links a few pairs, where a common word links every pair); the similarity
    of each candidate pair is then taken on the whole rows. Among at most ``RARE_DF`` rows
    every pair is a candidate."""
    n, width = rows.shape
    df = np.bincount(rows.indices, minlength=width)
    rare = sparse.csr_matrix(rows[:, np.flatnonzero(df <= RARE_DF)])
    columns = sparse.csr_matrix(rare.T)
    block = max(1, BLOCK_CELLS // max(n, 1))
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    for start in range(0, n, block):
        product = sparse.csr_matrix(rare[start : start + block] @ columns)
        row = np.repeat(np.arange(start, start + product.shape[0]), np.diff(product.indptr))
        col = product.indices.astype(np.int64)
        shared = product.data
        keep = col != row
        row, col, shared = row[keep], col[keep], shared[keep]
        # Each row's most shared first (a shared weight is at most 1), in the product's own
        # order on ties: the same pairs on every run.
        order = np.argsort(row * 4.0 - shared, kind="stable")
        row, col = row[order], col[order]
        starts = np.searchsorted(row, row, side="left")
        best = np.arange(len(row)) - starts < NEIGHBOURS
        firsts.append(row[best])
        seconds.append(col[best])
    if not firsts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    low, high = np.minimum(first, second), np.maximum(first, second)
    _, at = np.unique(low * n + high, return_index=True)  # a pair found from both its rows, once
    low, high = low[at], high[at]
    sims = np.empty(len(low))
    chunk = 1 << 10  # pairs at a time: two rows of a few hundred terms each (some 12 KB a pair at the peak)
    for start in range(0, len(low), chunk):
        pair = slice(start, start + chunk)
        sims[pair] = np.asarray(rows[low[pair]].multiply(rows[high[pair]]).sum(axis=1)).ravel()
    keep = sims >= floor
    return low[keep], high[keep], np.clip(sims[keep], 0.0, 1.0)


def _blocked_labels(day: _Day, threshold: float, word_weight: float, drop_common: bool = False) -> np.ndarray:
    """Step 1 on a theme of more than ``exact_limit`` articles, without all pairs.

    Candidate pairs are those at least ``FLOOR`` times ``threshold`` similar (sparse products
    of blocks of rows, :func:`_candidate_pairs`). Average linkage cut at ``threshold`` never
    joins two groups with no pair at ``threshold`` or more between them, so each of its
    clusters lies within one connected component of those pairs, and clustering each
    component alone gives the same clusters. A component of at most ``exact_limit`` articles
    is clustered on all its pairs, as a small theme is; a larger one on its candidate pairs,
    a missing pair counting as not similar (:func:`_sparse_average_linkage`)."""
    from scipy.sparse.csgraph import connected_components

    n = day.size
    rows = _joint_rows(day, word_weight, drop_common)
    first, second, sims = _candidate_pairs(rows, FLOOR * threshold)
    parted = day.apart_pairs(first, second)
    first, second, sims = first[~parted], second[~parted], sims[~parted]
    strong = sims >= threshold - 1e-9
    graph = sparse.coo_matrix((np.ones(int(strong.sum())), (first[strong], second[strong])), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    labels = np.full(n, -1, dtype=np.int64)
    order = np.argsort(component, kind="stable")
    bounds = np.flatnonzero(np.diff(component[order])) + 1
    taken = 0
    for members in np.split(order, bounds):
        if len(members) == 1:
            labels[members] = taken
            taken += 1
            continue
        if len(members) <= day.exact_limit:
            block = rows[members]
            sim = np.asarray((block @ block.T).toarray())
            np.fill_diagonal(sim, 1.0)
            sim = np.where(day.apart([int(i) for i in members]), 0.0, np.clip(sim, 0.0, 1.0))
            local = _average_linkage(sim, threshold)
        else:
            inside = (component[first] == component[members[0]]) & (component[second] == component[members[0]])
            index = np.full(n, -1, dtype=np.int64)
            index[members] = np.arange(len(members))
            local = _sparse_average_linkage(
                len(members), index[first[inside]], index[second[inside]], sims[inside], threshold
            )
        labels[members] = local + taken
        taken += int(local.max()) + 1
    return labels


def _sparse_average_linkage(
    n: int, first: np.ndarray, second: np.ndarray, sims: np.ndarray, threshold: float
) -> np.ndarray:
    """Cluster label (0, 1, ...) of each of ``n`` items: average linkage on the pairs given
    (``first[k]``, ``second[k]``, similarity ``sims[k]``), a pair not given counting as 0, cut
    where mean similarity falls under ``threshold``. Groups are merged most similar first, the
    lowest indexes first on ties. With every pair given it is :func:`_average_linkage`."""
    links: list[dict[int, float]] = [{} for _ in range(n)]  # a group's summed similarity to others
    heap: list[tuple[float, int, int]] = []
    for i, j, s in zip(first.tolist(), second.tolist(), sims.tolist(), strict=True):
        links[i][j] = links[i].get(j, 0.0) + s
        links[j][i] = links[j].get(i, 0.0) + s
        heap.append((-links[i][j], min(i, j), max(i, j)))
    size = [1] * n
    alive = [True] * n
    heapq.heapify(heap)
    parent = list(range(n))
    while heap:
        mean, i, j = heapq.heappop(heap)
        if not (alive[i] and alive[j]) or j not in links[i]:
            continue
        if -mean < threshold - 1e-12:
            break
        if abs(links[i][j] / (size[i] * size[j]) + mean) > 1e-12:
            continue  # a stale entry: the groups have changed since
        keep, gone = (i, j) if len(links[i]) >= len(links[j]) else (j, i)
        alive[gone] = False
        parent[gone] = keep
        del links[keep][gone]
        del links[gone][keep]
        for other, total in links[gone].items():
            links[keep][other] = links[keep].get(other, 0.0) + total
            del links[other][gone]
            links[other][keep] = links[keep][other]
        links[gone] = {}
        size[keep] += size[gone]
        for other, total in links[keep].items():
            heapq.heappush(heap, (-total / (size[keep] * size[other]), min(keep, other), max(keep, other)))
    root = list(range(n))
    for k in range(n):
        r = k
        while parent[r] != r:
            r = parent[r]
        root[k] = r
    _, labels = np.unique(np.array(root), return_inverse=True)
    return np.asarray(labels, dtype=np.int64)


def _split(day: _Day, members: list[int], word_weight: float) -> list[list[int]] | None:
    """The two events under one cluster, or None (see step 2 of the module's description)."""
    if len(members) < 2 * MIN_PART:
        return None
    sim = day.contrast(members, word_weight)
    labels = _halves(sim)
    first, second = np.flatnonzero(labels == 0), np.flatnonzero(labels == 1)
    if min(len(first), len(second)) < MIN_PART:
        return None
    cohesion = min(_mean_within(sim, first), _mean_within(sim, second))
    cross = float(sim[np.ix_(first, second)].mean())
    # The parts hold together and hardly touch; or, in a small cluster whose few articles share
    # little (two events of two reports each), each part holds together several times more
    # than the parts touch.
    apart = cohesion >= SPLIT_COHESION and cross <= SPLIT_CROSS
    if not apart and not (cohesion >= SPLIT_LOOSE and cohesion >= SPLIT_RATIO * cross):
        return None
    parts = [[members[i] for i in first], [members[i] for i in second]]
    # Each part is an event of its own when it states what the other never does: two events, each
    # with its facts; or one event told with many facts the other part lacks. Two angles on one
    # event (its details in three reports, its reactions in three others) state no such facts.
    # Parts alike over the theme (step 1's look) do not stand apart on words only a headline's case
    # capitalises, nor, when neither states a year of its own, on a month or a weekday: one event,
    # its reports written on other days and under other headline styles.
    alike = day.sim is not None and float(day.sim[np.ix_(*parts)].mean()) >= OWN_ALIKE
    facts = [_own_facts(day, part, other, OWN_CASED and alike) for part, other in (parts, parts[::-1])]
    if OWN_CALENDAR and alike and not any(_year(fact) for found in facts for fact in found):
        facts = [[fact for fact in found if fact not in CALENDAR] for found in facts]
    own = [len(found) for found in facts]
    if min(own) < 1 and max(own) < OWN_FACTS:
        return None
    if _one_person_alike(day, parts):
        return None
    if OWN_REGROUP:
        parts = _regrouped(day, parts, facts)
    if min(own) < 1 and len(frozenset.intersection(*(day.lead_sets[m] for m in members))) >= SHARED_LEAD_FACTS:
        # A part with no fact of its own, under leads that all state the same who and whom
        # (Klitschko and Rahman, in a fight's reports and its features alike), or who and when:
        # one event; unless each part is mostly about a person of its own (two climbers' falls on
        # one mountain share the mountain in every lead: step 2b's protagonists).
        main = [_main_person(day, part) for part in parts]
        if main[0] is None or main[1] is None or main[0] == main[1]:
            return None
    return parts


def _regrouped(day: _Day, parts: list[list[int]], facts: list[list[str]]) -> list[list[int]]:
    """``parts`` (a cut of step 2, each with its own facts ``facts``), a member moved to the other part when it names
    none of its part's own facts and names every fact that most of the other part's leads state and no lead of its
    part does; a part keeps ``MIN_PART`` members at least. "Raw sugar futures jump 3% after fire at Santos
    warehouse", by the wire that reports a second fire across the harbour, names the first one's warehouse and owner,
    not the second's terminal."""
    out = [list(parts[0]), list(parts[1])]
    for side in (0, 1):
        own, other = out[side], out[1 - side]
        mine = frozenset(fact for fact in facts[side] if not fact.startswith("body:"))
        counts = Counter(fact for j in other for fact in day.lead_sets[j])
        theirs = frozenset(fact for fact, count in counts.items() if _most_of(count, other) and not _weak(fact))
        theirs -= frozenset().union(*(day.lead_sets[i] for i in own))
        if not mine or not theirs:
            continue
        for m in list(own):
            named = _named_by(day, m)
            if len(own) > MIN_PART and not named & mine and theirs <= named:
                own.remove(m)
                other.append(m)
    return [sorted(part) for part in out]


def _one_person_alike(day: _Day, parts: list[list[int]]) -> bool:
    """Whether the two parts of a cut are about one person (:func:`_main_person`; or every lead of
    both names a person some of them are about: :func:`_person_in_leads`) and, in step 1's look over
    the theme, alike on average at ``ONE_PERSON_ALIKE`` or more: one event of that person
    told two ways (the jury's verdict and the victim's family), not two of their events (a coach
    hired one year and fired three years on), whose reports share the person and little else."""
    if day.sim is None:
        return False
    main = [_main_person(day, part) for part in parts]
    if main[0] is not None and main[0] in day.placed:
        main[0] = None  # "Summerlin", the recogniser's person, that the theme writes "in Summerlin": a place
    if (main[0] is None or main[0] != main[1]) and not _person_in_leads(day, parts):
        return False
    return float(day.sim[np.ix_(parts[0], parts[1])].mean()) >= ONE_PERSON_ALIKE


def _person_in_leads(day: _Day, parts: list[list[int]]) -> bool:
    """Whether every lead of both parts names a person that some of them are about
    (:func:`article_protagonist`): the victim of a shooting, named in the reports of the arrest and
    in those of the trial (``ONE_PERSON_ANCHOR``)."""
    if not ONE_PERSON_ANCHOR:
        return False
    members = [m for part in parts for m in part]
    people = {day.people[m] for m in members} - {None}
    return any(all(person in day.lead_sets[m] for m in members) for person in people)


def _main_person(day: _Day, part: Sequence[int]) -> str | None:
    """The protagonist (:func:`article_protagonist`) of most of ``part``'s articles that have one,
    or None when none has more than half of them."""
    found = Counter(day.people[m] for m in part if day.people[m])
    for name, count in found.most_common(1):
        if 2 * count > sum(found.values()):
            return name
    return None


def _own_facts(day: _Day, part: Sequence[int], other: Sequence[int], cased: bool = False) -> list[str]:
    """The lead facts that at least half of ``part`` (two articles or more) state, that no lead of
    ``other`` states and that at most half of ``other``'s articles name anywhere (one of two reports
    of another event may name it in passing: "the same thing that happened on I-35 near Owatonna"); no number that
    may be a day of the month (:func:`_weak`), and no piece of a word that ``other`` names whole (:func:`_pieces`);
    with ``cased``, no word an article of ``part`` capitalises only as a headline does
    (:func:`headline_capitals`)."""
    counts = Counter(fact for i in part for fact in (day.lead_sets[i] - day.cased[i] if cased else day.lead_sets[i]))
    # Another part's leads never state it, and most of its articles never name it: a report may
    # name another event in passing ("the statement did not mention Qatar's offer").
    named = Counter(fact for j in other for fact in _named_by(day, j))
    elsewhere = frozenset(fact for fact, count in named.items() if 2 * count > len(other))
    elsewhere |= frozenset().union(*(day.lead_sets[j] for j in other))
    if OWN_PIECES:
        elsewhere |= frozenset().union(*(_pieces(day.lead_sets[j]) for j in other))
    return sorted(
        fact for fact, count in counts.items() if _most_of(count, part) and fact not in elsewhere and not _weak(fact)
    ) + _own_bodies(day, part, other)


def _most_of(count: int, part: Sequence[int]) -> bool:
    """Whether ``count`` of ``part``'s articles are half of it or more, and two or more: a part's own fact."""
    return count >= 2 and 2 * count >= len(part)


def _own_bodies(day: _Day, part: Sequence[int], other: Sequence[int]) -> list[str]:
    """The bodies and works named whole (:func:`article_bodies`) that are ``part``'s own facts (``OWN_BODIES``):
    stated by the leads of at least half of it (two or more), by no lead of ``other``, and named in the texts of
    at most half of ``other``'s articles."""
    if not OWN_BODIES or day.bodies is None or day.texts is None:
        return []
    bodies = day.bodies
    counts = Counter(body for i in part for body in bodies[i])
    stated = frozenset().union(*(bodies[j] for j in other))
    named = [body for body, count in counts.items() if _most_of(count, part) and body not in stated]
    if not named:
        return []
    texts = [day.texts[j] for j in other]  # each made once, in lower case
    return sorted(f"body:{body}" for body in named if 2 * sum(body in text for text in texts) <= len(other))


def _weak(fact: str) -> bool:
    """Whether ``fact`` is a number that may be a day of the month (31 at most): reports of one
    event write two days (two datelines: "3 July" and "July 2") and small counts that grow ("5
    dead", then "24 dead"). A year stays a fact (two events of one kind a year apart), and so do a
    length, a sum, a crowd ("a 240-kilometre line", "900 million", "300 passengers")."""
    return OWN_NUMBERS and fact.isdigit() and int(fact) <= DAY_OF_MONTH


def _year(fact: str) -> bool:
    """Whether ``fact`` is a year ("2009")."""
    return len(fact) == 4 and fact.isdigit() and 1800 <= int(fact) <= 2200


_PIECE = re.compile(r"['’-]")


def _pieces(facts: Collection[str]) -> frozenset[str]:
    """The pieces of the facts that join words ("ka'loni": "ka", "loni"; "mat-su": "mat", "su")."""
    return frozenset(piece for fact in facts if _PIECE.search(fact) for piece in _PIECE.split(fact) if piece)


def _named_by(day: _Day, member: int) -> frozenset[str]:
    """What ``member`` names, for :func:`_own_facts`: its facts, and the pieces of those that join
    words (``OWN_PIECES``)."""
    facts = day.facts[member]
    return facts | _pieces(facts) if OWN_PIECES else facts


def _two_people(day: _Day, members: list[int], word_weight: float) -> list[list[int]] | None:
    """Two events of one kind told about two people under one cluster (two climbers' deaths,
    two players' arrests), or None (see step 2b of the module's description)."""
    if len(members) < 2:
        return None
    other = day.other_people(members)
    if not other.any():
        return None
    named = day.named[members]
    both = named[:, None] & named[None, :]  # pairs whose two articles have a protagonist
    labels = _halves(day.contrast(members, word_weight) - other) if len(members) > 2 else np.array([0, 1])
    sides = np.flatnonzero(labels == 0), np.flatnonzero(labels == 1)
    across = both[np.ix_(*sides)]
    if across.sum() < PEOPLE_PAIRS or other[np.ix_(*sides)].sum() < PEOPLE_CROSS * across.sum():
        return None
    for side in sides:
        # Each side is about one person: not a victim on one side and a driver and a town on the other.
        if named[side].any() and _main_person(day, [members[i] for i in side]) is None:
            return None
    inside = [(i, j) for side in sides for a, i in enumerate(side) for j in side[a + 1 :] if both[i, j]]
    if inside and sum(bool(other[i, j]) for i, j in inside) > PEOPLE_WITHIN * len(inside):
        return None
    return [[members[i] for i in side] for side in sides]


def _alone(day: _Day, members: list[int]) -> list[list[int]] | None:
    """The article of ``members`` whose lead facts are least found in the others, set apart when
    that share is under ``ALONE`` (a pair: when neither is found in the other, for ``ALONE_UNNAMED``
    when their headlines name nothing in common), or None."""
    if len(members) < 2:
        return None
    if day.size < SHARED_FROM:
        # Among so few articles how rare a fact is says little (in a theme of two, what both state
        # weighs nothing); but two headlines naming nothing in common still ask the pair's leads to
        # tell each other's, each fact weighed as among SHARED_FROM articles.
        if not (SMALL_PAIRS and len(members) == 2 and not day.heads_share(*members)):
            return None
        a, b = members
        if _same_opening(day, a, b):
            return None
        if max(day.found_among(a, b, SHARED_FROM), day.found_among(b, a, SHARED_FROM)) >= ALONE_UNNAMED:
            return None
        return [[a], [b]]
    if len(members) == 2 and _same_opening(day, *members):
        return None
    shares = [day.found(m, [o for o in members if o != m]) for m in members]
    k = int(np.argmin(shares))  # the first on ties: the same article on every run
    alone = ALONE_MIXED if day.kind is not None else ALONE
    if len(members) == 2 and not day.heads_share(members[0], members[1]):
        # Two reports of one event name in their headlines what happened to whom or where (the
        # mill, the crossing, the firm; Doha and Qatar as one). Two headlines naming nothing in
        # common (a dairy's milk price and the pig prices; two towns' shelters) ask more of the leads.
        alone = ALONE_UNNAMED
    others = [m for m in members if m != members[k]]
    if (max(shares) if len(members) == 2 else shares[k]) >= alone:
        one_way = (
            ALONE_ONE_WAY is not None
            and len(members) > 2
            and shares[k] < ALONE_ONE_WAY
            and max(day.found(o, [members[k]]) for o in others) <= 0.0
        )
        if not one_way:
            return None
    if _follows(day, members[k], others):
        return None
    return [[members[k]], others]


def _same_opening(day: _Day, a: int, b: int) -> bool:
    """Whether two headlines open on the same ``OPENING_WORDS`` words, none a small word, and neither tells an act
    (:func:`briefer.acts.headline_act`): one event named the same way twice, whatever figures their leads give as it
    goes on ("Antwerp dock strike delays 41 vessels ..." in the morning, "Antwerp dock strike leaves 63 ships waiting
    ..." in the afternoon); not one actor's two acts ("Coast Guard seizes Bangladeshi trawler", "Coast Guard seizes
    Indian trawler")."""
    if OPENING_WORDS is None or day.texts is None or day.acts[a] is not None or day.acts[b] is not None:
        return False
    one, two = (_TOKEN.findall(day.texts.title(m))[:OPENING_WORDS] for m in (a, b))
    return len(one) == OPENING_WORDS and one == two and not any(word in STOP_WORDS for word in one)


def _follows(day: _Day, member: int, others: list[int]) -> bool:
    """Whether ``member``, whose lead states facts of its own (step 3), tells what follows from the
    event of the member of ``others`` it is the most like (step 1's similarity at ``ALONE_LIKE`` or
    more), which its headline names too (a name of some weight in the theme, not a figure): "Workers told at dawn
    shift meeting that Kestrel Falls mill will close", beside "Cedarline to close Kestrel Falls
    sawmill". A reaction or a follow-up brings new people into its lead (a union, a minister), and
    its words and the name in its headline are the event's."""
    if not ALONE_FOLLOWS or day.sim is None or day.heads is None:
        return False
    row = day.sim[member, others]
    like = others[int(np.argmax(row))]
    if float(row.max()) < ALONE_LIKE:
        return False
    return any(_head_name(day, fact) for fact in day.heads[member] & day.heads[like])


def _head_name(day: _Day, fact: str) -> bool:
    """Whether a fact two headlines share names something of some weight in the theme (:func:`_follows`): a name, not
    a figure ("3,000 hectares" and "12,000 hectares" share the fact "0"), that not every headline states."""
    assert day.heads is not None
    heads = day.heads
    return not fact.isdigit() and (day.weight.get(fact, 0.0) > 0.0 or 2 * sum(fact in h for h in heads) <= len(heads))


def _rivals(day: _Day, members: list[int], word_weight: float) -> list[list[int]] | None:
    """Two articles whose headlines name two different actors (Iran offers ..., Riyadh willing
    ...) or that date their events days apart, tied into one cluster through a round-up: the
    cluster is cut between them, or None (see step 4 of the module's description).

    Two articles are *linked* when one's lead facts are found in the other for ``ALONE`` of
    their weight or more, and rivals are never linked. Around the least linked pair of rivals,
    every other article goes to the side it is linked and similar to the more. The cut stands
    when at most ``HUBS`` other articles are linked to both rivals (the round-up; more say
    that the two are one event told by two sides) and at most ``HUB_CROSS`` of the pairs
    across the cut, the round-up's aside, are linked."""
    if len(members) < 3:
        return None
    k = len(members)
    rivals = day.rivals(members)
    if not rivals.any():
        return None
    own: np.ndarray | None = None  # the cluster's own similarity (IDF among its members), made when needed
    if RIVALS_ALIKE is not None:
        # Two headlines naming two actors over texts this alike are one event told from two
        # places ("Greenland grants licence for Nuuluk mine", "Reykjavik engineers set to gain
        # as Greenland licenses Nuuluk mine"); days apart or two kinds of thing stay rivals.
        looked = day.looked(members, word_weight)
        own = looked if day.sim is None else None  # the same matrix when the theme has no step 1 look
        rivals &= (looked < RIVALS_ALIKE) | day.apart(members)
        if not rivals.any():
            return None
    found = np.ones((k, k))
    for i in range(k):
        for j in range(k):
            if i != j:
                found[i, j] = day.found(members[i], [members[j]])
    link = np.where(rivals, 0.0, np.maximum(found, found.T))
    linked = link >= ALONE
    first, second = (int(x) for x in np.unravel_index(int(np.argmin(np.where(rivals, link, np.inf))), link.shape))
    hubs = [i for i in range(k) if i not in (first, second) and linked[i, first] and linked[i, second]]
    if len(hubs) > HUBS:
        return None
    sim = own if own is not None else _similarity(day.words, day.specifics, members, word_weight)
    sides: list[list[int]] = [[first], [second]]
    for i in [i for i in range(k) if i not in (first, second) and i not in hubs] + hubs:
        # An article linked to both rivals says by its links nothing of its side: what it is
        # like says it (a summit's communiqué beside an offer to host talks, both naming the bloc).
        to_first = (0.0 if i in hubs else min(link[i, first], 1.0)) + sim[i, first]
        to_second = (0.0 if i in hubs else min(link[i, second], 1.0)) + sim[i, second]
        sides[0 if to_first >= to_second else 1].append(i)
    cross = [linked[i, j] for i in sides[0] for j in sides[1] if i not in hubs and j not in hubs]
    if cross and float(np.mean(cross)) > HUB_CROSS:
        return None
    return [sorted(members[i] for i in side) for side in sides]


def _hub(day: _Day, members: list[int], threshold: float, word_weight: float) -> list[list[int]] | None:
    """A round-up that ties two events into one cluster, or None (see step 5 of the module's
    description): without it, the others fall into two clusters or more (average linkage at
    ``threshold``, as in step 1), and its lead states the lead facts of at most one of them. It
    joins that one, or stands alone. An article whose lead tells what two of them tell is a
    report of one event that they tell in parts, and is no hub."""
    k = len(members)
    if k < 3:
        return None
    sim = np.where(day.apart(members), 0.0, _similarity(day.words, day.specifics, members, word_weight))
    for h in range(k):
        rest = [i for i in range(k) if i != h]
        labels = _average_linkage(sim[np.ix_(rest, rest)], threshold)
        groups = [[members[rest[a]] for a in np.flatnonzero(labels == label)] for label in np.unique(labels)]
        if len(groups) < 2:
            continue
        hub = members[h]
        if any(day.stated(hub, g) >= ALONE or any(day.stated(i, [hub]) >= ALONE for i in g) for g in groups):
            continue
        # Each group's lead is what the round-up names; no group's lead tells another's event.
        if not all(max(day.found(i, [hub]) for i in g) >= ALONE for g in groups):
            continue
        if any(day.stated(i, o) >= ALONE for g in groups for o in groups if o is not g for i in g):
            continue
        if day.named_apart(hub) < HUB_NAMES:
            continue
        return _hub_parts(day, hub, groups)
    return None


def _hub_parts(day: _Day, hub: int, groups: list[list[int]]) -> list[list[int]]:
    """The stories a cluster falls into around its hub (step 5): ``groups``, and the hub alone; or, when the
    hub's headline names what the headline of a report of one group names and of no other's (``HUB_HEADLINE``,
    :meth:`_Day.heads_share`), the groups with the hub joined to that one: the event's first report."""
    if HUB_HEADLINE:
        named = [g for g in groups if any(day.heads_share(hub, i) for i in g)]
        if len(named) == 1:
            return [sorted([*g, hub]) if g is named[0] else sorted(g) for g in groups]
    return [sorted(g) for g in groups] + [[hub]]


def _central(sim: np.ndarray) -> int:
    """Index of the row most similar, on average, to the others (first on ties)."""
    if sim.shape[0] < 2:
        return 0
    return int(np.argmax(sim.sum(axis=1)))


def find_stories(
    items: Sequence[SummarizedArticle],
    threshold: float = DEFAULT_THRESHOLD,
    sentences: int = SUMMARY_SENTENCES,
    exact_limit: int | None = None,
    alone: Collection[str] = (),
    mixed: bool = False,
) -> tuple[Story, ...]:
    """The stories of one theme: each event once, with every article that reported it.

    An article that is the only report of its event is a story of one article.
    A story's title is the headline of the report that tells its event (see
    :func:`_title_of`), its summary the multi-article summary of its articles
    (:func:`summarize_group`; a story of one article keeps that article's own
    summary), and its ``article_ids`` keep the order of ``items``. Stories come
    largest first, then the one with the latest report first.

    Only the order of ``items`` in ``article_ids`` depends on the theme's order of
    its articles: the stories, their titles, summaries and order are decided on
    the articles in a fixed order of their own (publication time, then id).

    A theme of more than ``exact_limit`` articles (``EXACT_LIMIT`` by default) is
    clustered on candidate pairs, not all pairs (see :func:`_blocked_labels`).

    ``alone``: ids of articles that are stories of their own whatever they name (the day's
    round-ups, :func:`day_roundups`), as an article labelled opinion or analysis is.

    ``mixed``: the theme is "Other", of many kinds of event (see the module's note on kinds).
    """
    if not items:
        return ()
    position = {id(item): k for k, item in enumerate(items)}
    items = sorted(items, key=_fixed_order)
    day = _day_of(items, exact_limit, alone, mixed)
    actors, actions = day.actors, day.kinds or []
    groups = _cluster(day, threshold)
    day.sim = None  # step 1's matrix, done with: not held beside the one below
    # One similarity over the theme serves every story's choice of title (no TF-IDF fit per story);
    # above the exact limit, the rows it is made of, multiplied story by story.
    whole = None
    rows = None
    if len(items) > 1 and day.dense:
        whole = _similarity(day.words, day.specifics, range(len(items)), WORD_WEIGHT)
    elif len(items) > 1:
        rows = _joint_rows(day, WORD_WEIGHT)
    groups = _newest_first(groups)
    stories = []
    for group in groups:
        members = [items[i] for i in group]
        if whole is not None:
            sim = whole[np.ix_(group, group)]
        elif rows is not None and len(group) > 1:
            sim = np.asarray((rows[group] @ rows[group].T).toarray())
        else:
            sim = np.zeros((1, 1))
        title = members[_title_of(members, sim, [actors[i] for i in group], [actions[i] for i in group])].article.title
        stories.append(
            Story(
                title=title,
                summary=_story_summary(members, sentences),
                article_ids=tuple(m.article.id for m in sorted(members, key=lambda m: position[id(m)])),
                signature=_signature(day, group),
            )
        )
    return tuple(stories)


class _Told:
    """What the articles of a day (or of a theme) name of each other's leads, counted once over
    their facts (IDF over these articles): which article names which (``names``), and which
    reports' leads each sentence of an article tells (:meth:`sentence_tells`)."""

    def __init__(
        self, items: Sequence[AnalysedArticle], said: dict[int, tuple[tuple[str, ...], ...]] | None = None
    ) -> None:
        self.items = items
        # Each article's sentences' facts, by the article object's id: what two counts of one day share.
        self._said = said if said is not None else {}
        self._tells: dict[int, sparse.csr_matrix] = {}  # sentence_tells, by article
        n = len(items)
        facts = [article_facts(item) for item in items]
        column: dict[str, int] = {}
        df: Counter[int] = Counter()
        for _, every in facts:
            df.update(column.setdefault(fact, len(column)) for fact in every)
        weight = np.zeros(len(column))
        for k, count in df.items():
            weight[k] = _rarity(n, count)
        self.column, self.weight = column, weight
        self.df_of = df  # how many of the articles state each fact, by its column
        leads = [lead for lead, _ in facts]
        self.shares = self._rows(leads, weighted=True)
        # in_text[b, a]: share of b's lead found in a's text; told[a, b]: of a's lead in b's lead.
        in_text = np.asarray((self.shares @ self._rows([every for _, every in facts], weighted=False).T).todense())
        told = np.asarray((self.shares @ self._rows(leads, weighted=False).T).todense())
        # Two articles whose leads tell each other's (for ALONE of the weight) report one event.
        self.one_event = np.maximum(told, told.T) >= ALONE
        self.names = (in_text.T >= ROUNDUP_NAMES) & ~self.one_event
        if ROUNDUP_FOLLOWS:
            # names[a, b] no more where b, published after a, recounts a's lead in its text: a's follow-up.
            nan = float("nan")  # an article with no time of publication follows none, none follows it
            when = np.array([item.article.published.timestamp() if item.article.published else nan for item in items])
            self.names &= ~((in_text >= ROUNDUP_NAMES) & (when[None, :] > when[:, None]))
        np.fill_diagonal(self.names, False)
        self.by_fact = self.shares.tocsc()

    def _rows(self, sets: Sequence[Collection[str]], weighted: bool) -> sparse.csr_matrix:
        """One row per article over the facts: 1 for each of its ``sets``' facts, or (``weighted``)
        the fact's weight over the set's total weight (a share when multiplied by 0/1 rows)."""
        column, weight = self.column, self.weight
        data, cols, indptr = [], [], [0]
        for facts_of in sets:
            k = np.fromiter((column[f] for f in facts_of), dtype=np.int64, count=len(facts_of))
            values = weight[k] if weighted else np.ones(len(k))
            total = values.sum()
            if weighted:
                values = values / total if total > 0 else np.zeros(len(k))
            data.append(values)
            cols.append(k)
            indptr.append(indptr[-1] + len(k))
        return sparse.csr_matrix(
            (np.concatenate(data or [np.zeros(0)]), np.concatenate(cols or [np.zeros(0, np.int64)]), indptr),
            shape=(len(sets), len(column)),
        )

    def sentence_tells(self, a: int) -> sparse.csr_matrix:
        """Sentences of article ``a`` x articles: True where the sentence tells the article's lead
        (for ``ALONE`` of its weight)."""
        if a not in self._tells:
            self.tell_all([a])
        return self._tells[a]

    def tell_all(self, members: Sequence[int]) -> None:
        """:meth:`sentence_tells` of each of ``members``, by one sparse product for all their
        sentences (sentences x facts, 0/1, by the leads' shares of weight)."""
        column = self.column
        cols: list[int] = []
        indptr = [0]
        bounds = [0]
        for a in members:
            item = self.items[a]
            facts = self._said.get(id(item))
            if facts is None:
                facts = self._said[id(item)] = article_sentence_facts(item)
            for found in facts:
                cols += sorted({column[fact] for fact in found if fact in column})
                indptr.append(len(cols))
            bounds.append(len(indptr) - 1)
        said = sparse.csr_matrix(
            (np.ones(len(cols)), np.asarray(cols, dtype=np.int64), indptr), shape=(len(indptr) - 1, len(column))
        )
        told = (said @ self.by_fact.T).tocsr() >= ALONE
        for k, a in enumerate(members):
            self._tells[a] = told[bounds[k] : bounds[k + 1]]

    def headline_general(self, a: int, most: float) -> bool:
        """Whether the headline of article ``a`` tells no one event: the weight of its facts (:func:`headline_facts`,
        but a weekday or a month) that another article states is at most ``most``, or its outlet labels it a
        round-up or an analysis. "Levijärvi mine fire out after nine hours; production halted as safety agency
        investigates" names the mine the fire's other reports name, and is one of them, however many other events it
        recalls; "Two closures, two strikes, two fires: a grim Thursday for northern industry" names none."""
        item = self.items[a]
        if labelled_title(item.article.title) or stands_alone(item.article.title):
            return True
        column, weight, df = self.column, self.weight, self.df_of
        heads = [
            fact for fact in headline_facts(item) if fact in column and df[column[fact]] > 1 and fact not in CALENDAR
        ]
        return math.fsum(float(weight[column[fact]]) for fact in heads) <= most

    def events_told(self, a: int) -> int:
        """How many events the sentences of article ``a`` tell, among the articles it names (see
        ``names``): the named reports whose leads tell each other's are one event. None (0) when
        fewer of its sentences tell them than tell its own event (the reports whose leads tell its
        lead's), or fewer than ``ROUNDUP_SPENT`` of them: a report of a game names the league's other
        games in a sentence each, a round-up spends its text on the events it lists."""
        named = np.flatnonzero(self.names[a])
        if len(named) < ROUNDUP_EVENTS:
            return len(named)
        event = {int(b): int(b) for b in named}  # union-find over the named reports

        def root(b: int) -> int:
            while event[b] != b:
                event[b] = event[event[b]]
                b = event[b]
            return b

        for x, b in enumerate(named):
            for c in named[x + 1 :]:
                if self.one_event[b, c]:
                    event[root(int(b))] = root(int(c))
        roots = np.full(len(self.items), -1, dtype=np.int64)
        roots[named] = [root(int(b)) for b in named]
        events = len(np.unique(roots[named]))
        if events < ROUNDUP_EVENTS:
            return events  # its sentences can tell no more events than it names
        own = self.one_event[a].copy()
        own[a] = False
        tells = self.sentence_tells(a)
        others = int((tells @ (roots >= 0) > 0).sum())
        mine = int((tells @ own > 0).sum())
        told = np.unique(roots[tells.indices])
        spent = others >= mine and others >= ROUNDUP_SPENT * tells.shape[0]
        return int((told >= 0).sum()) if spent else 0


def tells_events(
    items: Sequence[AnalysedArticle], said: dict[int, tuple[tuple[str, ...], ...]] | None = None
) -> frozenset[str]:
    """The ids of the round-ups among ``items``: articles whose sentences tell ``ROUNDUP_EVENTS``
    events or more that their own lead does not ("A fire at sea, a sinking in the Bali Strait, two
    mountains awake": a sentence or more on each), each event the reports whose leads tell each
    other's. A report of one event tells its own event's reports in its lead, and names another
    event in a sentence or two of background ("the strike comes as teachers across the border
    walked out"), rarely two more (step 7). None among more than ``DAY_ROUNDUP_LIMIT`` articles."""
    if len(items) < ROUNDUP_EVENTS + 1 or len(items) > DAY_ROUNDUP_LIMIT:
        return frozenset()
    told = _Told(items, said)
    told.tell_all([a for a in range(len(items)) if told.names[a].sum() >= ROUNDUP_EVENTS])
    return frozenset(
        item.article.id
        for a, item in enumerate(items)
        if told.events_told(a) >= ROUNDUP_EVENTS
        and (ROUNDUP_HEADLINE_DAY is None or told.headline_general(a, ROUNDUP_HEADLINE_DAY))
    )


def day_roundups(themes: Mapping[str, Sequence[AnalysedArticle]], other: str) -> frozenset[str]:
    """The ids of the day's round-ups: articles whose text names ``ROUNDUP_REPORTS`` of the day's
    reports or more, placed in ``ROUNDUP_THEMES`` themes or more besides their own ("Two
    blackouts, two gas contracts and a water swap: Central Asia's Thursday"), and articles whose
    sentences tell ``ROUNDUP_EVENTS`` of the day's events or more (:func:`tells_events`, over
    every article of the day, "Other" too). A theme's stories
    see only the theme, where a round-up of the whole day names one or two events and joins one
    of them; across the day it names several themes' events, as a report of one event, which may
    mention another in passing, does not (step 7). ``other``: the theme of articles placed in
    none, which tells nothing of the themes. Looked for on days of at most ``DAY_ROUNDUP_LIMIT`` placed
    articles (all pairs); none on a larger day.

    An article *names* another when the other's lead facts are found in its text for
    ``ROUNDUP_NAMES`` of their weight (IDF over the day's placed articles) and neither lead states
    the other's for ``ALONE`` (two reports of one event tell each other's lead). A round-up spends
    its text on them: at least ``ROUNDUP_SENTENCES`` of its sentences tell (for ``ALONE`` of the
    weight) the lead of a report placed in another theme, where a report of one event of a crisis
    names the others in a sentence or two of background ("the talks ended as the crossing stayed
    shut")."""
    every: dict[str, AnalysedArticle] = {}
    for found in themes.values():
        for item in found:
            every.setdefault(item.article.id, item)
    said: dict[int, tuple[tuple[str, ...], ...]] = {}  # each article's sentences' facts, for both counts below
    out = set(tells_events([every[i] for i in sorted(every)], said))
    placed: dict[str, set[str]] = {}
    items: dict[str, AnalysedArticle] = {}
    for name, found in themes.items():
        if name == other:
            continue
        for item in found:
            placed.setdefault(item.article.id, set()).add(name)
            items[item.article.id] = item
    ids = sorted(placed)
    n = len(ids)
    if n < 3 or n > DAY_ROUNDUP_LIMIT:
        return frozenset(out)
    told = _Told([items[i] for i in ids], said)
    names = told.names

    # Each article's themes as bits: "placed in a theme the other is not in" for all at once.
    theme_bit = {name: 1 << b for b, name in enumerate(sorted({t for i in ids for t in placed[i]}))}
    masks = np.array([sum(theme_bit[t] for t in placed[i]) for i in ids], dtype=object)

    def told_apart(a: int) -> float:
        """Share of the sentences of ``ids[a]`` that tell the lead of a report placed in another theme."""
        elsewhere = (masks & ~masks[a]) != 0
        tells = told.sentence_tells(a)
        return int((tells @ elsewhere > 0).sum()) / max(tells.shape[0], 1)

    candidates = []
    for a, article_id in enumerate(ids):
        named = np.flatnonzero(names[a])
        if len(named) < ROUNDUP_REPORTS:
            continue
        other_themes = set().union(*(placed[ids[b]] for b in named)) - placed[article_id]
        if len(other_themes) >= ROUNDUP_THEMES:
            candidates.append(a)
    told.tell_all(candidates)
    out.update(ids[a] for a in candidates if told_apart(a) >= ROUNDUP_SENTENCES)
    return frozenset(out)


def article_kind(item: AnalysedArticle) -> np.ndarray | None:
    """The kind of event an article reports: the sum of the word vectors of its headline's and
    lead's common words (no stop word, no word of a named entity), of length 1; None without the
    word vectors or such words."""
    table = vectors.load()
    if table is None:
        return None
    named = {w.lower() for text, _ in item.entities for w in _ENTITY_WORD.findall(text)}
    words = [w.lower() for w in (*item.title_lemmas, *item.lead_lemmas)]
    words = [w for w in words if len(w) > 2 and w.isalpha() and w not in STOP_WORDS and w not in named]
    if not words:
        return None
    total = table.unit(words).sum(axis=0)
    norm = float(np.linalg.norm(total))
    return total / norm if norm > 0 else None


VESSELS_APART = True
"""Two reports whose leads name two ships or boats by name, neither lead naming the other's, are two events
(the ferries MV Sound Islander and MV Green Bay Islander, in the ice on one morning): see :func:`_two_vessels`."""
_PREFIXED = r"(?:MV|M/V|MS|M/S|MT|M/T|SS|RV|R/V|FV|F/V|FB|F/B)\s+"
_CALLED_SHIP = (
    r"[Tt]he\s+(?:[a-z-]+\s+)?(?:ferry|tanker|trawler|freighter|carrier|ship|vessel|catcher-processor|"
    r"barge|yacht|boat|riverboat|liner|dredger|seiner|longliner)\s+"
)
_AGENT_SHIP = re.compile(r"(?:icgs|ccgs|uscgc|hms|hmcs|hmas|hmnzs|uss|usns|ins|pns|brp|kri|kd|cgs)\b")
"""A navy's or a coast guard's ship: it answers an event (a rescue, a seizure), it is not the event's vessel."""
_SHIP_NAME = r"((?:[A-Z][\w'’-]+)(?:\s+(?:[A-Z][\w'’-]+|[IVX]+|\d+)){0,3})"
_VESSEL = re.compile(rf"\b(?:{_PREFIXED}|{_CALLED_SHIP}){_SHIP_NAME}")
_VESSEL_HEADLINE = re.compile(rf"\b{_PREFIXED}{_SHIP_NAME}")
"""A vessel's name after its prefix ("MV Sound Islander", "FB Sagor Kanya-2") or, in a sentence, after "the
ferry", "the supply vessel" ... ("The supply vessel Grand Banks Tern"); in a headline, after a prefix only (its
capitals are the headline's). Not an icebreaker, a tug or a navy's ship (:data:`_AGENT_SHIP`)."""


def article_vessels(item: AnalysedArticle) -> tuple[frozenset[str], frozenset[str]]:
    """The vessels an article's headline and lead name, and those its whole text names (lower case)."""
    sentences = story_sentences(item)
    told = [x for x in sentences if any(c.islower() for c in x)]  # not its dateline ("FAREWELL")
    lead = " ".join(told[:LEAD_SENTENCES])
    in_lead = _vessel_names(_VESSEL_HEADLINE, item.article.title) | _vessel_names(_VESSEL, lead)
    return frozenset(in_lead), frozenset(in_lead | _vessel_names(_VESSEL, " ".join(sentences)))


_CIVIL_PREFIX = re.compile(rf"^{_PREFIXED}", re.I)


def _vessel_names(pattern: re.Pattern[str], text: str) -> set[str]:
    """Vessels' names in ``text``, lower case, without a prefix ("the trawler FB Sagor Kanya-2": "sagor kanya-2")."""
    names = (_CIVIL_PREFIX.sub("", m.group(1)).lower() for m in pattern.finditer(text))
    return {name for name in names if name and not _AGENT_SHIP.match(name)}


def _two_vessels(one: tuple[frozenset[str], frozenset[str]], two: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Whether two reports' leads name vessels and neither report names the other lead's anywhere (two ships
    in one collision: one report names the other's in its body)."""
    return bool(one[0]) and bool(two[0]) and not one[0] & two[1] and not two[0] & one[1]


def _other_vessels(vessels: Sequence[tuple[frozenset[str], frozenset[str]]]) -> np.ndarray:
    return _pairwise(vessels, _two_vessels)


SECOND_APART = True
"""A report whose headline says it tells a second event of a kind ("Nine more Indian fishermen held off Talaimannar in
second arrest", "Bezymianny ash climbs to 10 km, second Kamchatka volcano at code red") is never one event with a
report published before it that never names a name of that headline (the first event's reports, told before the
second happened): see :func:`_second_apart`."""
_SECOND = re.compile(
    r"\b(?:second|another|third)\s+(?:[\w'’-]+\s+){0,2}?(?:arrests?|outbreaks?|accidents?|crash|leak|fire|blaze|"
    r"quake|earthquake|eruption|volcano|strike|spill|escape|collapse|landslide|wreck|derailment|seizure|attack|"
    r"blast|explosion|rollover|capsizing|sinking|grounding|breakdown|search|rescue)\b|\balso\s+(?:found|confirmed|reported)\b",
    re.I,
)
_HEADLINE_NAME = re.compile(r"\b[A-Z][\w'’-]{3,}")
ELSEWHERE_APART = True
"""A report that tells, after its own event, another one some way off ("..., hours after an attack on the gendarmerie
brigade at Ekona some 20 kilometres away"; "less than a day after a scaffolding collapse killed two workers in
Antakya, 55 kilometres away") is never one event with a report whose headline names that other place and whose
headline its own headline's places are not in: see :func:`_far_apart` (looked for with the second events of
``SECOND_APART``, where step 8 looks)."""
_ELSEWHERE = re.compile(
    r"\bafter\b(?P<told>[^.;!?]{0,200}?)\b(?:kilomet(?:re|er)s?|km|miles?)\s+away\b(?P<more>\s+(?:in|on)\s+[^,.;!?]*)?"
)
_Second = tuple[bool, frozenset[str], frozenset[str], float | None, frozenset[str], frozenset[str]]


def article_second(item: SummarizedArticle) -> _Second:
    """Whether an article's headline tells a second event of a kind (``_SECOND``), the names of that headline (its
    capitalised words of four letters or more that its text writes capitalised too), the words of its text (lower
    case, accents folded), when it was published, and for :func:`_far_apart`: the names of its headline (lower case,
    folded) and the names its text gives an event it tells as another one some way off (:data:`_ELSEWHERE`)."""
    title, text = item.article.title, " ".join(story_sentences(item.analysed))
    second = _SECOND.search(title) is not None
    found = [(m.start(), m.group()) for m in _HEADLINE_NAME.finditer(title)]
    names = {
        fold(w.lower())
        for at, w in found
        if re.search(rf"\b{re.escape(w)}\b" if at else rf"(?<=[a-z,] ){re.escape(w)}\b", text)
    }  # the headline's first word only where the text writes it capitalised within a sentence
    words = {fold(w.lower()) for w in _TOKEN.findall(" ".join((title, text)))}  # "Ierápetra", "Ierapetra"
    published = item.article.published.timestamp() if item.article.published else None
    heads = frozenset(fold(w.lower()) for _, w in found) if ELSEWHERE_APART else frozenset()
    elsewhere = frozenset(
        fold(name.group().lower())
        for told in (_ELSEWHERE.finditer(text) if ELSEWHERE_APART else ())
        for name in _HEADLINE_NAME.finditer(told.group("told") + (told.group("more") or ""))
    )
    return second, frozenset(names) if second else frozenset(), frozenset(words), published, heads, elsewhere


def _second_apart(one: _Second, two: _Second) -> bool:
    """Whether of two reports, one tells a second event of a kind (:func:`article_second`), was published after the
    other, and names in its headline a name the other never writes; or one tells the other's event as another one
    some way off (:func:`_far_apart`)."""
    for a, b in ((one, two), (two, one)):
        if a[0] and a[3] is not None and b[3] is not None and a[3] > b[3] and not a[1] <= b[2]:
            return True
        if _far_apart(a, b):
            return True
    return False


def _far_apart(one: _Second, two: _Second) -> bool:
    """Whether report ``one`` tells another event some way off (:data:`ELSEWHERE_APART`) at a place ``two``'s
    headline names, while its own headline names that place nowhere and ``two``'s headline names no name of its own
    headline's: "Police officer killed as gunmen on motorbikes fire on Muyuka checkpoint", whose lead ends "hours
    after an attack on the gendarmerie brigade at Ekona some 20 kilometres away", beside "Two gendarmes killed as
    gunmen attack Ekona brigade on Buea–Kumba road"."""
    far = one[5] & two[4]
    return bool(far) and not far & one[4] and not (one[4] - far) & two[4]


TWO_ACTS_APART = True
"""Two headlines that tell one actor's two acts and share no other word ("PNG grounds Golden Wave fleet after observers
report threats at sea", "PNG opens sale of 2027 fishing days, sets higher minimum price") are two events."""


def _two_acts(
    one: tuple[tuple[str, str] | None, frozenset[str]], two: tuple[tuple[str, str] | None, frozenset[str]]
) -> bool:
    """:data:`TWO_ACTS_APART` for two headlines, each its act (:func:`article_act`) and its words' lemmas."""
    (act_one, words_one), (act_two, words_two) = one, two
    if act_one is None or act_two is None or act_one[1] == act_two[1]:
        return False
    if act_one[1] in SAME_ACT.get(act_two[1], ()) or act_one[1] in words_two or act_two[1] in words_one:
        return False
    actor = {w.lower() for w in act_one[0].split()}
    if actor != {w.lower() for w in act_two[0].split()}:
        return False
    return not (words_one & words_two) - actor


SITES_APART = True
"""Two reports whose leads name two works by name (a mine, a refinery, a plant: "its Bull Lake copper-silver mine",
"its Lodgepole mine"; "its polyethylene plant in Geismar"), neither report naming the other lead's anywhere, are two
events: two companies' accidents told by one market wire in its own words (benchmarks/README-stories.md, session
51). See :func:`_two_sites`."""
HEADLINE_SITES = True
"""Two reports whose headlines name two works of one kind, neither headline naming the other's, are two events too: two
empty quake-damaged buildings burned in one night, "Fire tears through ... Wardell Building" and "Fire guts Harrow
Street church hall ...", whose second report's lead tells the first fire (session 65)."""
_WORKS_KINDS = {
    "mine": "mine|mines|pit|quarry|colliery|oilfield|field",
    "plant": "refinery|smelter|plant|factory|mill|works|foundry",
    "power": "power station|power plant|dam|reactor",
    "yard": "terminal|depot|warehouse|shipyard",
    "building": "building|hall|church|chapel|cathedral|tower|hotel|school|hospital|museum|library|theatre",
}
"""Works by what they are (a mine, a plant, a power station, a yard): two reports name two works of one kind (two
mines, a refinery and a chemicals plant), not a power station and a mill its cuts stopped."""
_KIND_OF = {word: kind for kind, words in _WORKS_KINDS.items() for word in words.split("|")}
_WORKS = (
    "(?i:" + "|".join(sorted((w.replace(" ", r"\s+") for w in _KIND_OF), key=len, reverse=True)) + r")(?!\s+[A-Z])"
)  # not a body's name: "Mine Safety and Health Administration", "Relief and Works Agency"
_SITE_NAMED = re.compile(
    rf"\b((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){{0,2}})\s+((?:[a-z][\w-]*\s+){{0,2}}?)({_WORKS})\b"
)
_SITE_AT = re.compile(rf"\b({_WORKS})\s+(?:in|at|near|outside)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+){{0,2}})")
"""A works named before its kind ("the Pelican Bend refinery", "Kestrel's Bull Lake copper-silver mine") or by the
place it stands in ("its polyethylene plant in Geismar")."""
_NOT_A_NAME = frozenset(
    "the a an its their his her this that on in at by after before when monday tuesday wednesday thursday friday "
    "saturday sunday according mr mrs ms dr mw gw kw mwh gwh".split()
)


def _site_names(text: str, buildings: bool = False) -> set[str]:
    """The works ``text`` names, each as its kind (:data:`_WORKS_KINDS`) and its name (lower case) without what opens it
    ("The", an owner's "Tidewater's"), "kind:name", with no more than what it makes between its name and its kind
    ("Eshidiya phosphate mine", not a headline's "Loader slides into pit"); by the place they stand in only where it
    names none by its own name. Buildings only with ``buildings`` (a headline's: a lead names the hall where evacuees
    sleep, the hospital that takes the injured, the hotel where guests wait, beside its event's site)."""
    named: set[str] = set()
    for pattern, name_at, kind_at, out in ((_SITE_NAMED, 1, 3, named), (_SITE_AT, 2, 1, set())):
        for found in pattern.finditer(text):
            if pattern is _SITE_NAMED and any(w in STOP_WORDS for w in found.group(2).split()):
                continue  # what a works makes stands between its name and its kind, not "Loader slides into pit"
            words = re.sub(r"^.*['’]s?\s+", "", found.group(name_at)).split()
            while words and (words[0].lower() in _NOT_A_NAME or words[0].lower() in STOP_WORDS):
                words = words[1:]  # "She ... church", "According to the ... hall"
            if words and re.search(r"['’]s?$", words[-1]):
                continue  # an owner's ("Phil Ford's school record", "Sarah Palin's home church"), not a works' name
            if words and not words[-1].endswith("-based"):  # "Kaolack-based plant": no name
                kind = _KIND_OF[" ".join(found.group(kind_at).lower().split())]
                if buildings or kind != "building":
                    out.add(f"{kind}:{' '.join(words).lower()}")
        if out:
            return out  # "its Bull Lake copper-silver mine in Montana": Bull Lake, not the state it stands in
    return set()


_Sites = tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]


def article_sites(item: AnalysedArticle) -> _Sites:
    """The works an article's lead names (:func:`_site_names`) and the words of its headline and lead (lower case, also
    without a possessive's "'s"); the works its headline names, and its headline's words."""
    sentences = story_sentences(item)
    told = [x for x in sentences if any(c.islower() for c in x)]  # not its dateline
    words = {w.lower() for w in _TOKEN.findall(" ".join((item.article.title, *_own_event(sentences, LEAD_SENTENCES))))}
    words |= {re.sub(r"['’]s?$", "", w) for w in words}
    words |= {re.split(r"['’]", w)[-1] for w in words}  # "Fossa dell'Angelo": a works named "Angelo"
    title = item.article.title
    heads = {w.lower() for w in _TOKEN.findall(title)}
    heads |= {re.sub(r"['’]s?$", "", w) for w in heads}
    lead = frozenset(_site_names(" ".join(told[:LEAD_SENTENCES])))
    return lead, frozenset(words), _headline_sites(item) if HEADLINE_SITES else frozenset(), frozenset(heads)


def _headline_sites(item: AnalysedArticle) -> frozenset[str]:
    """The works a headline names (:func:`_site_names`), but those named by one word of a place or a people ("Israeli
    plant", "Welsh cold mill", "Montana copper mine"): a wire's words for a works whose name it leaves to its text."""
    places = {text.lower() for text, label in item.entities if label in PLACES or label == "NORP"}
    places |= _lower_country_names()
    return frozenset(
        site
        for site in _site_names(item.article.title, buildings=True)
        if not (len(name := site.split(":", 1)[1].split()) == 1 and name[0] in places)
    )


_NAME_WORDS_COMMON = frozenset(
    "street road avenue lane square place park north south east west upper lower great little new old saint".split()
)
"""Words of a works' name that many names share ("Harrow Street church hall"): another report's "Manchester Street"
names no such works."""


def _site_in(sites: Collection[str], words: Collection[str]) -> bool:
    """Whether ``words`` name one of ``sites``: a word of its name of four letters or more, not one many names share
    (:data:`_NAME_WORDS_COMMON`; all its words if it has none)."""
    for site in sites:
        parts = site.split(":", 1)[1].split()
        long = [w for w in parts if len(w) > 3 and w not in _NAME_WORDS_COMMON]
        if any(w in words for w in long) if long else all(w in words for w in parts):
            return True
    return False


def _two_sites(one: tuple[frozenset[str], ...], two: tuple[frozenset[str], ...]) -> bool:
    """Whether two reports' leads name works of one kind and neither report's headline and lead name the other lead's;
    or (``HEADLINE_SITES``) their headlines name works of one kind and neither headline names the other's."""
    kinds = {site.split(":", 1)[0] for site in one[0]} & {site.split(":", 1)[0] for site in two[0]}
    if kinds and not _site_in(one[0], two[1]) and not _site_in(two[0], one[1]):
        return True
    if len(one) < 4 or len(two) < 4:
        return False
    # The headlines' works: neither headline names the other's, and one of them the other's headline and lead never
    # name (the first fire's report, told before the second broke out).
    kinds = {site.split(":", 1)[0] for site in one[2]} & {site.split(":", 1)[0] for site in two[2]}
    return (
        bool(kinds)
        and not _site_in(one[2], two[3])
        and not _site_in(two[2], one[3])
        and not (_site_in(one[2], two[1]) and _site_in(two[2], one[1]))
    )


def _day_of(
    items: Sequence[SummarizedArticle], exact_limit: int | None = None, alone: Collection[str] = (), mixed: bool = False
) -> _Day:
    """What the clustering needs of a theme's articles, in the order given. ``alone``: ids of
    articles that stand alone as labelled opinion does (the day's round-ups, :func:`day_roundups`)."""
    feats = [article_features(item.analysed) for item in items]
    facts = [article_facts(item.analysed) for item in items]
    looked_at = SAME_EVENT_CUT is not None and len(items) <= (EXACT_LIMIT if exact_limit is None else exact_limit)
    # Each headline's act and its office (the City of Bethel for "Bethel declares ..."), and the leads to look
    # for it in: only where an office acts.
    read = [article_act(item.analysed) for item in items] if looked_at else None
    acts = [act for act, _, _ in read] if read is not None else None
    offices = [office for _, office, _ in read] if read is not None else None
    day = _Day(
        [w for w, _ in feats],
        [s for _, s in feats],
        [lead for lead, _ in facts],
        [f for _, f in facts],
        [article_actor(item.analysed) for item in items],
        [_happened(article_dates(item.analysed), item.article.published) for item in items],
        [article_action(item.analysed) for item in items],
        [article_protagonist(item.analysed) for item in items],
        exact_limit,
        [headline_facts(item.analysed) for item in items],
        [labelled_title(item.article.title) for item in items],
        [stands_alone(item.article.title) or item.article.id in alone for item in items],
        [headline_capitals(item.analysed) for item in items] if OWN_CASED else None,
        [article_kind(item.analysed) for item in items] if mixed and len(items) >= KIND_FROM else None,
        _contents(items) if looked_at else None,  # step 8's figures, only where it looks
        acts,
        [item.article.published.timestamp() if item.article.published else None for item in items],
        [_lead_text(item.analysed) for item in items] if offices and any(offices) else None,
        offices,
        [bare for _, _, bare in read] if read is not None else None,
        [article_vessels(item.analysed) for item in items] if VESSELS_APART and looked_at else None,
        [article_sites(item.analysed) for item in items] if SITES_APART and looked_at else None,
        [article_second(item) for item in items] if SECOND_APART and looked_at else None,
        [article_bodies(item.analysed) for item in items] if OWN_BODIES and looked_at else None,
        _Texts(items) if OWN_BODIES and looked_at else None,
    )
    if PLACES_NO_ONE and looked_at:
        day.placed = theme_places([item.analysed for item in items])
    return day


class _Texts:
    """The headline and text of each article, in lower case, made when asked (none held beside the articles)."""

    def __init__(self, items: Sequence[SummarizedArticle]) -> None:
        self._items = items

    def __getitem__(self, index: int) -> str:
        article = self._items[index].article
        return f"{article.title}\n{article.text}".lower()

    def title(self, index: int) -> str:
        """The headline alone, in lower case."""
        return self._items[index].article.title.lower()

    def headline(self, index: int) -> str:
        """The headline as written."""
        return self._items[index].article.title


OWN_BODIES = True
"""Step 2: a body or a works named whole in the leads of at least half of a part (two or more), named by no lead
of the other part and in the texts of at most half of its articles, is a fact of the part's own: "Winnipeg School
Division" against "Louis Riel School Division", whose every word the other part's leads state ("the Louis Riel School
Division in Winnipeg")."""
BODY_LABELS = frozenset({"ORG", "FAC"})
BODY_WORDS = 2  # ... a name of at least this many words
_THE = re.compile(r"^the\s+|['’]s?$", re.I)


def article_bodies(item: AnalysedArticle) -> frozenset[str]:
    """The names of bodies and works (``BODY_LABELS``) of ``BODY_WORDS`` words or more that the recogniser found in
    the article's headline and lead, in lower case, without "the" or a possessive ("the Winnipeg School Division's":
    "winnipeg school division"); not a dateline's place in capitals ("WINNIPEG")."""
    return frozenset(
        _THE.sub("", text.strip()).lower()
        for text, label in story_entities(item)
        if label in BODY_LABELS and len(text.split()) >= BODY_WORDS and not text.isupper()
    )


def _happened(dates: frozenset[date], published: datetime | None) -> frozenset[date]:
    """An article's dates (:func:`article_dates`) as step 1 keeps two reports apart by them: none when every one
    is after its publication date, a day it only looks ahead to ("... as the labour department called both sides
    to talks on Monday", written on Sunday): such a report dates no event of its own, and is dated apart from no
    report of the sit-in on Saturday."""
    if published is None or not dates or any(d <= published.date() for d in dates):
        return dates
    return frozenset()


def acting_together(item: AnalysedArticle) -> bool:
    """Whether an article's headline tells people acting together (:data:`briefer.acts.COLLECTIVE`): "Hopedale
    oyster fleet to stay tied up Friday as oystermen mourn deckhand" is the fleet's strike, not the mourning that
    continues the deckhand's story (step 9; :data:`briefer.memory.MOURNING_CONTINUES`)."""
    return _together(headline_act(item.article.title, item.entities))


def _together(act: tuple[str, str] | None) -> bool:
    """Whether a headline's act (:func:`briefer.acts.headline_act`) is one people take together."""
    return act is not None and act[1] in COLLECTIVE


_FIRST_NAME = re.compile(r"[A-Z][\w'’-]{2,}")


def _unrecognised(item: AnalysedArticle) -> str | None:
    """The word a headline opens on when the recogniser tagged nothing there and the text writes that word capitalised
    after a lower-case word ("Ibercar halts Martorell assembly lines ...", its text "... at Ibercar's plant"): a name,
    who may act alone (:func:`article_act`)."""
    title = item.article.title
    first = _FIRST_NAME.match(title)
    if first is None or any(title.startswith(text) for text, _ in item.entities):
        return None
    word = first.group()
    if word.lower() in STOP_WORDS or together(word):
        return None  # a common word, or many people who act together ("Shepherds lift ... blockade")
    if not re.search(rf"(?<=[a-z,] ){re.escape(word)}\b", " ".join(item.sentences)):
        return None
    return word


def article_act(item: AnalysedArticle) -> tuple[tuple[str, str] | None, bool, bool]:
    """An article's headline act (:func:`briefer.acts.headline_act`), whether the place that acts does so
    through an office its headline and lead name (:func:`briefer.acts.acts_for`), and whether its actor holds
    no name (:func:`briefer.acts.no_name`): step 8's, and the story memory's the day after."""
    act = headline_act(item.article.title, item.entities)
    if act is None and (name := _unrecognised(item)) is not None:
        act = headline_act(item.article.title, (*item.entities, (name, "ORG")))
        act = act if act is not None and act[0] == name else None  # "Ibercar halts ...", the name alone acting
    if act is None:
        return None, False, False
    entities = story_entities(item)
    return act, acts_for(act[0], entities, _lead_text(item)), no_name(act[0], item.article.text, entities)


def _lead_text(item: AnalysedArticle) -> str:
    """An article's headline and lead as written (step 8's acts: the office that acts for a place)."""
    return ". ".join((item.article.title, *story_sentences(item)[:LEAD_SENTENCES]))  # no phrase across them


def _contents(items: Sequence[SummarizedArticle]) -> list[tuple[frozenset[str], frozenset[str]]]:
    """Each article's headline's and lead's common words (step 8's figures), made only for a theme step 8 looks at:
    one clustered over all its pairs."""
    return [
        (
            _unstruck(_content_lemmas(item.analysed.title_lemmas), item.article.title),
            _unstruck(_content_lemmas(item.analysed.lead_lemmas), _lead_text(item.analysed)),
        )
        for item in items
    ]


def _content_lemmas(lemmas: Sequence[str]) -> frozenset[str]:
    """The content words of ``lemmas``, folded (no stop word, no number)."""
    return frozenset(fold(w) for w in lemmas if _is_content(w))


_STRIKING = re.compile(r"\bstrik", re.IGNORECASE)


def _unstruck(lemmas: frozenset[str], text: str) -> frozenset[str]:
    """``lemmas`` without "strike" where ``text`` only writes "struck": a block that struck a quarryman, a quake that
    struck a town, not a strike (:data:`briefer.acts.COLLECTIVE_TOLD`: the quarrymen's stoppage answers the
    mourning of the man "struck" by the block)."""
    return lemmas - {"strike"} if "strike" in lemmas and _STRIKING.search(text) is None else lemmas


def labelled_title(title: str) -> bool:
    """Whether a headline labels its article a round-up or an analysis: opening on its genre
    (``GENRE_LABEL``), or closing on it ("Saturday's ice storm in Quebec and New Brunswick: what we
    know")."""
    return bool(GENRE_LABEL.match(title)) or (TRAILING_LABEL and bool(CLOSING_LABEL.search(title)))


def _fixed_order(item: SummarizedArticle) -> tuple[bool, float, str]:
    """A theme's articles in an order of their own: published first (oldest first), then by id."""
    published = item.article.published
    return (published is None, published.timestamp() if published is not None else 0.0, item.article.id)


def _newest_first(groups: list[list[int]]) -> list[list[int]]:
    """Groups largest first; among groups of one size, the one whose latest report is the latest
    first (indexes are in the fixed order, oldest first, so a group's last is its latest)."""
    return sorted(groups, key=lambda group: (-len(group), -group[-1]))


_ASKS = frozenset("why how what who where when which is are can will should does do".split())
_DAY_WORDS = frozenset((*WEEKDAYS, "today", "yesterday", "tonight"))


def _report_score(item: SummarizedArticle, actor: frozenset[str], action: frozenset[str]) -> int:
    """How much an article reads as the dated news report of an event, not an analysis or a
    round-up: a headline that says who did what (an actor or an action of ``ACTIONS``), that is
    no question ("Too many mediators?", "Why Moscow wants ..."), and a lead that says when
    (a weekday, today, yesterday)."""
    title = item.article.title
    words = _DATE_WORD.findall(title.lower())
    asks = "?" in title or (bool(words) and words[0] in _ASKS)
    # The lead, and the dateline or byline the analysis may have split off before it.
    dated = any(w in _DAY_WORDS for lemmas in item.analysed.sentence_lemmas[: LEAD_SENTENCES + 1] for w in lemmas)
    return (0 if asks else 2) + (1 if actor or action else 0) + (1 if dated else 0)


_REACTIONS = frozenset(
    "say warn fear urge ask cheer brace worry complain welcome criticise criticize question doubt hail slam "
    "count wary".split()
)


def reaction_in_words(title: str) -> bool:
    """Whether a headline's first clause opens on many people or a body of many (:func:`briefer.acts.together`:
    "Lusaka millers and welders", "Unions") who react in words ("... say dearer loans will hit planting", "... count
    the cost of Red Bridge queue"): a comment, which stays with what it comments on (step 9,
    :data:`REACTION_CONTINUES`; across days :data:`briefer.memory.REACTION_CONTINUES`)."""
    words = _first_clause(title).split()
    for k, word in enumerate(words[:6]):
        lower = word.lower().strip(",'\"’")
        if lower in _REACTIONS or _lemma(lower) in _REACTIONS:
            return k > 0 and _many_or_body(words[k - 1].strip(",'\"’"))
    return False


def market_reaction(title: str) -> bool:
    """Whether a headline's first clause tells shares moving ("Lunense Stone shares fall 6% after fatal accident at
    Carrara quarry": a share word, then its verb, within its first six words): the market's view of an event, which
    titles its story only when no report of the event itself does (:func:`_title_of`, session 64), and continues an
    earlier story when it stands alone (:data:`briefer.memory.MARKET_CONTINUES`); not a report's tail ("Sahyadri
    Metals to close Welsh cold mill, cutting 410 jobs; shares slip")."""
    words = _first_clause(title).lower().split()
    return any(word in _SHARES and words[k + 1] in _MOVES for k, word in enumerate(words[:6]) if k + 1 < len(words))


_SHARES = frozenset("share shares stock stocks".split())
_MOVES = frozenset(
    "slip slips fall falls sink sinks slide slides drop drops tumble tumbles plunge plunges jump jumps rise rises "
    "climb climbs".split()
)


REPORT_SCORE = 3
"""A headline that is no question and says who did what or when (:func:`_report_score`) reads as
a report: beyond that, the story's most central report titles it (:func:`_title_of`)."""


def _title_of(
    members: Sequence[SummarizedArticle],
    sim: np.ndarray,
    actors: Sequence[frozenset[str]],
    actions: Sequence[frozenset[str]],
) -> int:
    """Index of the member whose headline titles the story: among those that read as the news
    report of the event (:func:`_report_score` at least ``REPORT_SCORE``; all of them when none
    does, the best first), the most central (most similar, on average, to the others), then the
    first in the fixed order. Every report of the event can title it; one that joined it wrongly
    (a factory's job cuts beside its turbine's breakdown) is the least like the others, and
    should not, however well it reads as a report. A market's view of the event (its owner's shares
    falling, :func:`market_reaction`) titles it only when no other report reads as well."""
    if len(members) < 2:
        return 0
    centrality = sim.sum(axis=1)
    scores = [
        min(_report_score(m, a, k), REPORT_SCORE) - market_reaction(m.article.title)
        for m, a, k in zip(members, actors, actions, strict=True)
    ]
    return max(range(len(members)), key=lambda i: (scores[i], round(float(centrality[i]), 9), -i))


def _signature(day: _Day, group: Sequence[int]) -> tuple[str, ...]:
    """What names the story's event, to match it with a story of another day: the lead facts
    stated by the most of its articles, the rarer in the theme first, at most ``SIGNATURE_SIZE``."""
    counts = Counter(fact for i in group for fact in day.leads[i] if _OWN not in fact)  # no outside voice's words
    ranked = sorted(counts, key=lambda fact: (-counts[fact], -day.weight.get(fact, 0.0), fact))
    return tuple(ranked[:SIGNATURE_SIZE])


SPACE_TERMS = 60  # a stored story's centroid keeps its heaviest this many terms (see ThemeSpace)


@dataclass(frozen=True)
class ThemeSpace:
    """The vector space a theme of more than ``EXACT_LIMIT`` articles was clustered in (:func:`_joint_rows`:
    words' and specifics' TF-IDF, IDF over the theme, terms of two articles or more) as a run of the day
    kept it for the day's updates (issue 15): each term's IDF, and each story's centroid (the mean of its
    articles' rows, its ``SPACE_TERMS`` heaviest terms), in the order of the theme's stories. A row's dot
    product with a story's centroid is the row's average similarity to the story's articles (average
    linkage, step 1), but for the terms left out. Terms are ``w:`` words and ``s:`` specifics."""

    articles: int
    idf: dict[str, float]
    centroids: tuple[dict[str, float], ...]


def _space_rows(
    feats: Sequence[tuple[Sequence[str], Sequence[str]]], idf: Mapping[str, float], column: Mapping[str, int]
) -> sparse.csr_matrix:
    """Each article's joint row (:func:`_joint_rows`) in a stored space: its words' and specifics' TF-IDF
    (sublinear TF, the space's IDF, terms the space lacks left out, as a term of one article is), each
    of unit length, weighed by the square roots of their shares."""
    weights = (math.sqrt(WORD_WEIGHT), math.sqrt(1 - WORD_WEIGHT))
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for words, specifics in feats:
        row: dict[int, float] = {}
        for prefix, tokens, weight in (("w:", words, weights[0]), ("s:", specifics, weights[1])):
            part = {}
            for term, count in Counter(tokens).items():
                found = idf.get(prefix + term)
                if found is not None:
                    part[column[prefix + term]] = (1.0 + math.log(count)) * found
            norm = math.sqrt(math.fsum(v * v for v in part.values()))
            for j, v in part.items():
                row[j] = weight * v / norm
        for j in sorted(row):
            indices.append(j)
            data.append(row[j])
        indptr.append(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(feats), len(column)))


def _centroid(rows: sparse.csr_matrix, terms: Sequence[str]) -> dict[str, float]:
    """The mean of ``rows``, its ``SPACE_TERMS`` heaviest terms (the heavier, then the first in ``terms``)."""
    mean = np.asarray(rows.sum(axis=0)).ravel() / max(rows.shape[0], 1)
    found = np.flatnonzero(mean)
    top = found[np.lexsort((found, -mean[found]))][:SPACE_TERMS]
    return {terms[j]: round(float(mean[j]), 6) for j in sorted(top.tolist())}


def theme_space(items: Sequence[SummarizedArticle], stories: Sequence[Story]) -> ThemeSpace:
    """The :class:`ThemeSpace` of a theme's ``items`` and the ``stories`` :func:`find_stories` found in them."""
    feats = [article_features(item.analysed) for item in items]
    n = len(items)
    min_df = 2 if n >= SHARED_FROM else 1
    idf: dict[str, float] = {}
    for prefix, k in (("w:", 0), ("s:", 1)):
        df = Counter(term for feat in feats for term in set(feat[k]))
        kept = sorted(term for term, count in df.items() if count >= min_df)
        values = smoothed_idf(np.array([df[t] for t in kept], dtype=np.int64), n) if kept else np.zeros(0)
        idf.update({prefix + t: float(v) for t, v in zip(kept, values.tolist(), strict=True)})
    terms = sorted(idf)
    column = {term: j for j, term in enumerate(terms)}
    rows = _space_rows(feats, idf, column)
    place = {item.article.id: k for k, item in enumerate(items)}
    centroids = tuple(_centroid(rows[[place[i] for i in story.article_ids]], terms) for story in stories)
    return ThemeSpace(n, idf, centroids)


def grown_stories(
    stored: Sequence[Story],
    items: Sequence[SummarizedArticle],
    fresh: Collection[str],
    threshold: float = DEFAULT_THRESHOLD,
    sentences: int = SUMMARY_SENTENCES,
    alone: Collection[str] = (),
    mixed: bool = False,
    space: ThemeSpace | None = None,
) -> tuple[tuple[Story, ...], ThemeSpace | None]:
    """The stories of a theme of more than ``EXACT_LIMIT`` articles in an update of the day: those an
    earlier run of the day found (``stored``, its :func:`find_stories`), grown by the articles it did
    not have (``fresh``, ids among ``items``), without clustering the theme again (issue 15).

    The fresh articles are clustered among themselves (:func:`find_stories`' steps, a small theme of
    their own); each of their stories joins the stored story most like it in the theme's stored space
    (``space``, :class:`ThemeSpace`: the mean similarity of its articles to the story's, average linkage
    as step 1 measures it) when that is at least ``threshold`` (the first in the stored order on a tie),
    or stands as a story of its own. A stored story that neither gains nor loses an article is kept as it
    was (title, summary, signature); one that does is told again over its members (title, summary and
    signature as :func:`find_stories` makes them, over the story's articles). A stored article no longer
    among ``items`` leaves its story. Stories come in :func:`find_stories`' order: largest first, then
    the one with the latest report first. Also the space with each story's centroid (the new ones' and
    those grown moved by their new articles; the IDF the stored one's). The same
    stored stories and the same articles give the same stories."""
    by_id = {item.article.id: item for item in items}
    position = {item.article.id: k for k, item in enumerate(items)}
    rank = {item.article.id: r for r, item in enumerate(sorted(items, key=_fixed_order))}
    fresh = frozenset(fresh)
    groups: list[list[str]] = []
    kept: list[Story | None] = []
    centroids: list[dict[str, float]] = []
    old = space.centroids if space is not None and len(space.centroids) == len(stored) else [{}] * len(stored)
    for story, centroid in zip(stored, old, strict=True):
        ids = [i for i in story.article_ids if i in by_id and i not in fresh]
        if ids:
            groups.append(ids)
            kept.append(story if len(ids) == len(story.article_ids) else None)
            centroids.append(centroid)
    new = sorted((by_id[i] for i in fresh if i in by_id), key=_fixed_order)
    if new:
        idf = space.idf if space is not None else {}
        terms = sorted(idf)
        column = {term: j for j, term in enumerate(terms)}
        rows = _space_rows([article_features(item.analysed) for item in new], idf, column)
        known = _centroid_rows(centroids, column)
        day = _day_of(new, None, alone, mixed)
        for group in _cluster(day, threshold):
            mean = np.asarray(rows[group].sum(axis=0)).ravel() / len(group)
            ids = [new[i].article.id for i in group]
            sims = known @ mean if known.shape[0] and len(terms) else np.zeros(0)
            best = int(np.argmax(sims)) if len(sims) else -1  # the first of the most alike
            if best >= 0 and sims[best] >= threshold:
                size = len(groups[best])
                merged = {t: v * size for t, v in centroids[best].items()}
                for t, v in _centroid(rows[group], terms).items():
                    merged[t] = merged.get(t, 0.0) + v * len(group)
                total = size + len(group)
                top = sorted(merged, key=lambda t: (-merged[t], t))[:SPACE_TERMS]
                centroids[best] = {t: round(merged[t] / total, 6) for t in sorted(top)}
                groups[best].extend(ids)
                kept[best] = None
            else:
                groups.append(ids)
                kept.append(None)
                centroids.append(_centroid(rows[group], terms))
    order = sorted(range(len(groups)), key=lambda g: (-len(groups[g]), -max(rank[i] for i in groups[g])))
    out: list[Story] = []
    for g in order:
        same = kept[g]
        if same is None:
            members = sorted((by_id[i] for i in groups[g]), key=_fixed_order)
            out.append(_told(members, sentences, position))
        else:
            out.append(same)
    if space is None:
        return tuple(out), None
    return tuple(out), ThemeSpace(space.articles, space.idf, tuple(centroids[g] for g in order))


def _centroid_rows(centroids: Sequence[Mapping[str, float]], column: Mapping[str, int]) -> sparse.csr_matrix:
    """The stored centroids as rows of the space's columns."""
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for centroid in centroids:
        for term, value in sorted(centroid.items(), key=lambda kv: column[kv[0]]):
            indices.append(column[term])
            data.append(value)
        indptr.append(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(centroids), len(column)))


OWN_BULLETS = True
"""A story's lines are its own event's: past an article's lead, a sentence that says it tells another event ("The
pressure in Carmarthen is separate from the incident at the Grange ...", "The two boards said the pressures were
unrelated") is none of its story's lines (the other event's story tells it), though it stays in its article's
summary."""


def _own_lines(item: SummarizedArticle) -> SummarizedArticle:
    """``item`` with its summary's sentences past its lead that tell another event left out (``OWN_BULLETS``)."""
    other = [line for line in item.summary if _ANOTHER_EVENT.search(line.text) or _UNRELATED.search(line.text)]
    if not other:
        return item  # most articles: their sentences (packed) not read for the lead's place
    lead = _opened(item.analysed)
    kept = tuple(line for line in item.summary if line.position <= lead or line not in other)
    return item if len(kept) == len(item.summary) or not kept else replace(item, summary=kept)


def _story_summary(members: Sequence[SummarizedArticle], sentences: int) -> tuple[SummarySentence, ...]:
    """A story's summary: its articles' (:func:`summarize_group`); a story of one article is that article,
    its own summary in its own order. Each article's lines are its own event's (``OWN_BULLETS``)."""
    if OWN_BULLETS:
        members = [_own_lines(item) for item in members]
    return summarize_group(members, sentences) if len(members) > 1 else members[0].summary[:sentences]


def _told(members: Sequence[SummarizedArticle], sentences: int, position: Mapping[str, int]) -> Story:
    """One story of ``members`` (in the fixed order) as :func:`find_stories` tells it, its title, summary
    and signature worked out over its own articles."""
    day = _day_of(members)
    group = list(range(len(members)))
    if len(members) > 1:
        if day.dense:
            sim = _similarity(day.words, day.specifics, group, WORD_WEIGHT)
        else:  # each member's summed similarity to the others (all _title_of reads), not every pair's
            rows = _joint_rows(day, WORD_WEIGHT)
            sim = np.asarray(rows @ sparse.csr_matrix(rows.sum(axis=0)).T.toarray())
        title = members[_title_of(members, sim, day.actors, day.kinds or [frozenset()] * len(members))].article.title
    else:
        title = members[0].article.title
    return Story(
        title=title,
        summary=_story_summary(members, sentences),
        article_ids=tuple(m.article.id for m in sorted(members, key=lambda m: position[m.article.id])),
        signature=_signature(day, group),
    )
