"""Day after day: which of today's stories continue earlier ones, and what surges.

The store keeps each day's stories (:meth:`briefer.store.Store.record_stories`):
an id, the theme, the headline, the day it was first seen and its
*specifics*: the names, places, figures and months its articles give
(:func:`briefer.stories.article_features`), counted. A story today continues
an earlier one when their specifics are alike (TF-IDF cosine over today's and
the remembered stories, at least :data:`CONTINUES`): two earthquakes or two
ceasefire breaches share the words of their kind, not their places, names and
figures, so they stay two stories.

A day's clustering may cut one event in two, and the next day's in another
place, so continuation is by event, not one story to one story:

- first, article by article (:func:`_regroup`): a story of today of which
  some articles continue an earlier story continues it whole, unless its
  other articles hold together apart from those (two events of the kind in
  one story): then the articles more alike to the earlier story than to the
  others leave them, and a report of today's event that recalls yesterday's
  stays;
- which stories of today continue one is decided one to one, those that
  continue one article by article first, then the most alike pairs: each
  earlier story is continued by at most one story of today, so that today's
  other event of the kind does not take it too;
- a story today that continues an earlier one and is also alike (from
  :data:`CONTINUES`) to other earlier stories that are themselves alike to
  that one (one event, told in pieces) carries the id of the largest of them
  (most articles; then the first seen): the id a reader saw the most of stays;
- the stories of one theme today that carry the same id are one story (the
  day cut it in two); in two themes, they share the id;
- a report whose headline is an act answering an earlier story (a decision,
  an inquiry, a protest by an actor the earlier story never named:
  :func:`briefer.acts.answers`) or a round-up (any label of one, "the day in brief", or of analysis and
  opinion: :func:`briefer.labels.labelled_piece`) continues nothing by itself, and
  a story of today made only of such reports is new (:data:`ANSWERS_NEW`):
  within one day such a report is a story of its own, and so it is the day
  after. On the 95 desks cut into two mornings (benchmarks/memory_desks.py)
  day 2's statuses 0.809 -> 0.842, ECB+ as two days unchanged.

A story that continues one keeps its id, its ``first_seen`` and its days,
and is ``developing``; any other is ``new``, with an id made from the day and
its articles (the same day run again gives the same ids). Only days strictly
before the briefing's day and within ``stories.memory_days`` count, so a day
run twice, a day skipped or days run out of order give each day the same
statuses, and a day is recorded once (a second run replaces the first).

Went quiet: a story of the last earlier day with a brief that had at least
:data:`QUIET_MIN` reports that day and that no story of today continues is
*quiet* (``Briefing.quiet_stories``, most reports first): the edition gives
it one line, so that a reader knows nothing more was reported on it.

Surges: a theme or story whose article count today is at least
:data:`SURGE_RATIO` times its daily mean over the last :data:`SURGE_DAYS`
days that had a brief (a mean of less than one counts as one), and at least
:data:`SURGE_MIN` articles, gets that ratio as ``surge``; otherwise, or with
fewer than :data:`SURGE_HISTORY` such days (a desk's second morning, after a
first brief of one evening's reports: every theme would be "8 times the
usual"), ``surge`` is None.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np

from briefer import article_memo
from briefer.models import AnalysedArticle, Briefing, QuietStory, Story, SummarizedArticle, SummarySentence, ThemeGroup
from briefer.store import StoreBackend, StoreError, StoryRecord

if TYPE_CHECKING:
    from briefer.context import Context

log = logging.getLogger(__name__)

DEFAULT_MEMORY_DAYS = 7
CONTINUES = 0.3
"""Cosine similarity of specifics at which a story today continues an earlier one (see benchmarks/README.md)."""
ARTICLE_CONTINUES = 0.35
"""Cosine similarity of an article's specifics to an earlier story's at which the article continues that
story, whatever today's clustering put it with (see :func:`_regroup`)."""
CONTRAST = 0.2
"""An article below ``ARTICLE_CONTINUES`` still continues the earlier story it is most alike when it
reaches this and is more alike to that story than to the rest of its own story of today (None: never)."""
STORY_SENTENCES = 4
"""Summary sentences of a story regrouped by the memory (the config's ``summaries.theme_sentences``)."""
FEATURES_KEPT = 300
"""Specifics kept per story in the store, the most frequent first."""
QUIET_MIN = 2
"""Reports a story of the last brief had at least, to be named as quiet when nothing continues it."""
SURGE_DAYS = 7
SURGE_RATIO = 3.0
SURGE_MIN = 4
SURGE_HISTORY = 3
"""Earlier days with a brief, within the last ``SURGE_DAYS``, that a surge is measured against at least."""


def story_features(items: Sequence[SummarizedArticle]) -> dict[str, int]:
    """The specifics of a story's articles, counted (the :data:`FEATURES_KEPT` most frequent)."""
    if not article_memo.kept():
        return _story_features([item.analysed for item in items])
    from briefer import stories

    analysed = tuple(item.analysed for item in items)
    stamp = article_memo.module_stamp(stories) + article_memo.module_stamp(sys.modules[__name__])
    key = f"{stamp}:{','.join(str(id(a)) for a in analysed)}"
    found = _STORY_FEATURES.get(key)
    if found is article_memo.MISSING or any(a is not b for a, b in zip(found[0], analysed, strict=True)):
        found = (analysed, _story_features(analysed))
        _STORY_FEATURES.put(key, found)
    return dict(found[1])


_STORY_FEATURES: article_memo.Memo[tuple[tuple[AnalysedArticle, ...], dict[str, int]]] = article_memo.Memo(
    "memory: story features"
)
"""A resident process's :func:`story_features` of each story, by its articles' analyses (the very objects,
held with the result: :func:`briefer.cached.without_lemmas` hands each run the lean copies of the run
before): asked twice a run of each of the day's stories, the same stories each update."""


def _story_features(analysed: Sequence[AnalysedArticle]) -> dict[str, int]:
    from briefer.group import article_story_features

    counts: Counter[str] = Counter()
    for _, specifics in article_story_features(analysed):
        counts.update(specifics)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FEATURES_KEPT]
    return dict(ranked)


def mint_id(day: str, article_ids: Sequence[str]) -> str:
    """A new story's id: from its first day and its articles, so a day run again gives the same one."""
    digest = hashlib.sha256("\n".join([day, *sorted(article_ids)]).encode())
    return "s" + digest.hexdigest()[:11]


@dataclass
class _Earlier:
    """A remembered story, its days within reach put together."""

    id: str
    first_seen: str
    features: Counter[str]
    per_day: dict[str, int]  # day -> articles
    titles: list[str] = dataclasses.field(default_factory=list)  # its headline on each day
    lead: set[str] = dataclasses.field(default_factory=set)  # the words of its reports' headlines and leads


ANSWERS_NEW = True
"""A report of today whose headline is an act answering an earlier story (a decision, an inquiry, a protest by
another actor: :func:`briefer.acts.answers`, against the earlier story's headlines), or a labelled round-up, analysis
or opinion (:func:`briefer.labels.labelled_piece`), does not
continue it: within a day such a report is a story of its own (:mod:`briefer.stories`, step 8), and so it is
the day after."""
ACTS_STAY = True
"""... nor does it continue that story with the rest of its story of today: the first of its story within the day,
step 8 never parted it from today's later reports of the earlier event (an act answers only a report published
before it), so the memory's regrouping leaves it a story of its own (:func:`_regroup`). On the 110 desks cut into
two mornings 0.864 -> 0.868 (6 statuses right, 2 wrong: a strike and arrests the older desks' gold counts as the
strike's continuation), day-2 stories P 0.636 -> 0.656."""


ANOTHER_NEW = True
"""... nor does a report whose headline says it tells another event of the kind, after the earlier one: "Bezymianny
erupts hours after Shiveluch", "... in second arrest in a week", "second Kamchatka volcano at code red"
(:data:`_ANOTHER_HEADLINE`)."""
_ANOTHER_HEADLINE = re.compile(
    r"\b(?:hours|days|weeks|a\s+day|a\s+week)\s+after\s+(?!(?:the|a|an|its|his|her|their)\b)[A-Z]"
    r"|\b[Ss]econd\s+(?:[A-Z][\w'’-]*\s+)?(?:arrest|eruption|volcano|quake|earthquake|tremor|strike|walkout|attack|fire"
    r"|blaze|spill|leak|collision|crash|derailment|outage|blackout|seizure|landslide|sinking|capsizing|rupture|burst"
    r"|explosion|blast|incident|accident)s?\b"
)


def _another_event(title: str) -> bool:
    """Whether a headline says it tells another event of its kind after an earlier one (:data:`ANOTHER_NEW`)."""
    return _ANOTHER_HEADLINE.search(title) is not None


LEAD_NAMED = True
"""An act answers an earlier story whose reports' headlines and leads never name who acts, as within a day
(:func:`briefer.acts.answers`): "Energy Agency orders 41 Havbjerg turbines stopped" the day after the blade broke,
whose reports quote the agency further down. The store keeps those words with the story's features (under
:data:`LEAD_KEY`, up to :data:`LEAD_REPORTS` reports); a story stored without them is named by its features."""
LEAD_KEY = "lead:"
LEAD_REPORTS = 6


def _lead_words(items: Sequence[SummarizedArticle]) -> dict[str, int]:
    """The content words (and their lemmas) of the headline and lead of a story's first :data:`LEAD_REPORTS` reports
    (publication order), as features under :data:`LEAD_KEY` to be stored with the story's."""
    from briefer.stories import _fixed_order, _is_content, _lead_text

    words: set[str] = set()
    for item in sorted(items, key=_fixed_order)[:LEAD_REPORTS]:
        words.update(w for w in _title_words(_lead_text(item.analysed)) if _is_content(w))
    return {LEAD_KEY + w: 1 for w in sorted(words)}


def _title_words(title: str) -> frozenset[str]:
    """A headline's lower-case words and their lemmas ("seizes" -> "seize"), for :func:`briefer.acts.answers`
    when the headline's lemmas are not kept (the store keeps the headline only)."""
    from briefer.analyse import lemma

    words = re.findall(r"[^\W\d_][\w'’-]*", title.lower())
    return frozenset(words) | {lemma(word) for word in words}


class _Answers:
    """Whether a report of today may not continue an earlier story (:data:`ANSWERS_NEW`), asked only of the
    pairs alike enough to continue (a day of many reports and many earlier stories asks few): each
    headline's act read once, each earlier story's words made once."""

    def __init__(self, remembered: Sequence[_Earlier]) -> None:
        self.remembered = remembered
        # each report's act (True: a labelled piece), whether a place's office acts, whether its actor holds no name
        self._acts: dict[str, tuple[tuple[str, str] | bool | None, bool, bool]] = {}
        self._said: dict[int, tuple[frozenset[str], frozenset[str]]] = {}

    def _read(self, item: SummarizedArticle) -> tuple[tuple[str, str] | bool | None, bool, bool]:
        from briefer.labels import labelled_piece
        from briefer.stories import article_act

        if labelled_piece(item.article.title) or (ANOTHER_NEW and _another_event(item.article.title)):
            return True, False, False
        return article_act(item.analysed)

    def apart(self, item: SummarizedArticle, j: int) -> bool:
        if not ANSWERS_NEW:
            return False
        from briefer.acts import answers

        key = item.article.id
        if key not in self._acts:
            self._acts[key] = self._read(item)
        act, office, generic = self._acts[key]
        if act is None or act is False:
            return False
        if act is True:
            return True  # a round-up tells the day, no earlier story
        earlier = self.remembered[j]
        if not earlier.titles:
            return False
        if j not in self._said:
            # What the earlier story says: its headlines' words, and its reports' names, places and figures.
            titles = frozenset().union(*map(_title_words, earlier.titles))
            named = titles | {w for k in earlier.features for w in k.split(":", 1)[-1].split()}  # "c:microsoft"
            self._said[j] = (titles, named)
        titles, named = self._said[j]
        # A place's office that acts ("Zambezia governor suspends ...") is named only where the earlier story's
        # headlines name that office, as within a day. An actor holding no name of its own ("Minister", "Rail
        # regulator") is the earlier story's only when its headlines name it: its reports mention many a minister
        # in passing.
        said = titles if generic else (titles | earlier.lead if LEAD_NAMED and earlier.lead else named)
        return answers(act, office, titles, said, ". ".join(earlier.titles) if office else "")


def _similarity(today: Sequence[Mapping[str, int]], earlier: Sequence[Mapping[str, int]]) -> np.ndarray:
    """Today's stories x earlier stories: cosine of sublinear TF-IDF over the specifics of both."""
    from briefer.tfidf import fit_transform

    docs = [[t for t, n in feats.items() for _ in range(n)] for feats in (*today, *earlier)]
    if not today or not earlier or not any(docs):
        return np.zeros((len(today), len(earlier)))
    _, rows = fit_transform(docs, sublinear_tf=True)
    return np.asarray((rows[: len(today)] @ rows[len(today) :].T).todense())


def _match(sim: np.ndarray, threshold: float, prefer: Mapping[int, int] | None = None) -> dict[int, int]:
    """Today's index -> earlier index, one to one, the most alike pairs first; the pairs of ``prefer``
    (today's index -> the earlier story its articles continue) before any other, whatever their similarity."""
    prefer = prefer or {}
    pairs = sorted(
        (
            *((True, float(sim[i, j]), i, j) for i, j in prefer.items()),
            *((False, float(sim[i, j]), i, j) for i, j in zip(*np.nonzero(sim >= threshold), strict=True)),
        ),
        key=lambda p: (not p[0], -p[1], p[2], p[3]),
    )
    out: dict[int, int] = {}
    used: set[int] = set()
    for _, _, i, j in pairs:
        if i not in out and j not in used:
            out[i] = j
            used.add(j)
    return out


FAMILY_FREE = True
"""An earlier story that a story of today tells again as it was (cosine ``RETOLD`` or more) is no piece of
another story's event (see :func:`_continuations`)."""
RETOLD = 0.999


def _continuations(
    today: Sequence[Mapping[str, int]],
    remembered: Sequence[_Earlier],
    threshold: float,
    prefer: Mapping[int, int] | None = None,
    apart: Callable[[int, int], bool] | None = None,
) -> list[tuple[int, frozenset[int]] | None]:
    """For each of today's stories, the earlier story whose id it carries and the earlier stories it
    joins (None: it continues none).

    Which stories continue one is decided one to one, the most alike pairs first (from
    ``threshold``): each earlier story is continued by at most one story of today, so that of two
    events of the same kind today, the one alike to the earlier story takes it. A story of today
    that continues an earlier one is also alike (from ``threshold``) to the earlier stories alike to
    that one (the same event, cut in pieces by an earlier day's clustering) and joins them all: it
    carries the id of the largest (most articles, then first seen, then id), so that two pieces of
    today continuing two pieces of one earlier event carry one id (and none of them goes quiet).
    ``prefer``: today's stories whose articles, one by one, continue an earlier story
    (:func:`_regroup`), with that story: they take it first, so that a story of today's other event of
    the kind, alike to it as a whole, does not. ``apart``: today's stories x earlier stories that may not
    continue them (:data:`ANSWERS_NEW`).
    """
    earlier = [e.features for e in remembered]
    sim = _similarity(today, earlier)
    if apart is not None:
        for i, j in zip(*np.nonzero(sim >= threshold), strict=True):
            # a story told again as it was (a folder read with ``window: all``) is that story, whatever it is
            if sim[i, j] < RETOLD and apart(int(i), int(j)):
                sim[i, j] = 0.0
    matched = _match(sim, threshold, prefer)
    among = _similarity(earlier, earlier) if matched else np.zeros((0, 0))
    # An earlier story that a story of today tells again as it was (the same specifics: the same articles,
    # as a folder read with ``window: all`` gives them day after day) is that story's, not a piece of
    # another one's event: two offers told again carry their two ids (FAMILY_FREE).
    retold = {j: k for k, j in matched.items() if sim[k, j] >= RETOLD} if FAMILY_FREE else {}
    out: list[tuple[int, frozenset[int]] | None] = []
    for i, row in enumerate(sim):
        if i not in matched:
            out.append(None)
            continue
        first = matched[i]
        joined = [
            j
            for j in range(len(remembered))
            if j == first or (retold.get(j, i) == i and min(row[j], among[first, j]) >= threshold)
        ]
        chosen = min(
            joined,
            key=lambda j: (-sum(remembered[j].per_day.values()), remembered[j].first_seen, remembered[j].id),
        )
        out.append((chosen, frozenset(joined)))
    return out


def _join(theme: ThemeGroup, target: Mapping[tuple[str, ...], int | None], sentences: int) -> ThemeGroup:
    """The theme with its stories that continue the same earlier story made one (the largest first:
    its title; the summary from theirs, as :func:`_summary` makes it)."""
    groups: dict[tuple[str, int], list[Story]] = {}
    for n, story in enumerate(theme.stories):
        j = target.get(tuple(sorted(story.article_ids)))
        groups.setdefault(("continues", j) if j is not None else ("stays", n), []).append(story)
    if all(len(g) == 1 for g in groups.values()):
        return theme
    by_id = {item.article.id: item for item in theme.articles}
    order = {item.article.id: i for i, item in enumerate(theme.articles)}
    out = []
    for group in groups.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        lead = min(group, key=lambda s: (-len(s.article_ids), order.get(s.article_ids[0], 0)))
        rest = [s for s in group if s is not lead]
        ids = sorted({i for s in group for i in s.article_ids}, key=lambda i: (order.get(i, len(order)), i))
        members = [by_id[i] for i in ids if i in by_id]
        signature = tuple(dict.fromkeys(x for s in (lead, *rest) for x in s.signature))
        out.append(Story(lead.title, _summary(members, (lead, *rest), sentences), tuple(ids), signature))
    out.sort(key=lambda s: (-len(s.article_ids), order.get(s.article_ids[0], 0)))
    return dataclasses.replace(theme, stories=tuple(out))


def _regroup(
    theme: ThemeGroup,
    remembered: Sequence[_Earlier],
    threshold: float,
    sentences: int,
    contrast: float | None = None,
    answering: _Answers | None = None,
) -> tuple[tuple[Story, ...], dict[tuple[str, ...], int]]:
    """The theme's stories, corrected by what the earlier days know, and the earlier story each of those
    that continue one continues (by their sorted article ids).

    Each article is compared with every remembered story (its specifics against the story's); one
    that reaches ``threshold`` continues the most alike, and so does one that reaches ``contrast``
    when it is more alike to that earlier story than to the rest of its own story of today.
    Today's clustering may have put two events of the same kind in one story (yesterday's flood at
    Dorn and today's at Marra): the articles continuing an earlier story then leave it, when the
    others hold together apart from them, each that is more alike to the earlier story than to the
    others (:func:`_continuing`); when the others do not hold together (a single report that names
    less of the earlier days), the whole story continues. All of the theme's articles continuing one
    earlier story make one story. Other articles stay in the stories they were in. When nothing
    moves, the stories are those of the day as they were.
    """
    items = list(theme.articles)
    if not items or not theme.stories:
        return theme.stories, {}
    feats = [_article_features(item) for item in items]
    sim = _similarity(feats, [e.features for e in remembered])
    if answering is not None:
        low = threshold if contrast is None else min(threshold, contrast)
        for a, j in zip(*np.nonzero(sim >= low), strict=True):
            if answering.apart(items[a], int(j)):
                sim[a, j] = 0.0
    best = sim.argmax(axis=1)
    label: dict[str, int | None] = {
        item.article.id: int(best[a]) if sim[a, best[a]] >= threshold else None for a, item in enumerate(items)
    }
    if contrast is not None:
        # An article closer to an earlier story than to the rest of its own story of today continues it.
        home = {i: n for n, story in enumerate(theme.stories) for i in story.article_ids}
        totals = [Counter[str]() for _ in theme.stories]
        for item, f in zip(items, feats, strict=True):
            if item.article.id in home:
                totals[home[item.article.id]].update(f)
        rests = [
            dict(totals[home[item.article.id]] - Counter(f)) if item.article.id in home else {}
            for item, f in zip(items, feats, strict=True)
        ]
        both = _similarity(feats, [*(e.features for e in remembered), *rests])
        for a, item in enumerate(items):
            closest = int(best[a])
            if label[item.article.id] is None and rests[a] and sim[a, closest] >= contrast:
                if both[a, closest] > both[a, len(remembered) + a]:
                    label[item.article.id] = closest
    size = [sum(e.per_day.values()) for e in remembered]
    by_feats = {item.article.id: f for item, f in zip(items, feats, strict=True)}
    by_id = {item.article.id: item for item in items}
    groups: dict[tuple[str, int], list[str]] = {}
    for n, story in enumerate(theme.stories):
        # What today's clustering put together and continues the earlier days stays together: with
        # the earlier story most of it continues (on a tie, the larger one).
        votes = Counter(j for i in story.article_ids if (j := label.get(i)) is not None)
        continued = min(votes, key=lambda k: (-votes[k], -size[k], k)) if votes else None
        rest = [i for i in story.article_ids if label.get(i) is None]
        leaving = (
            set(story.article_ids)
            if continued is None or not rest
            else _continuing(story.article_ids, rest, by_feats, remembered[continued].features)
        )
        if ACTS_STAY and answering is not None and continued is not None:
            # An act answering the earlier story (a ban after yesterday's fire) is news of its own, though today's
            # clustering put it with today's report of that story: it stays, a story of today.
            leaving -= {i for i in leaving if answering.apart(by_id[i], continued)}
        for article_id in story.article_ids:
            key = ("continues", continued) if continued is not None and article_id in leaving else ("stays", n)
            groups.setdefault(key, []).append(article_id)
    prefer = {tuple(sorted(ids)): key[1] for key, ids in groups.items() if key[0] == "continues"}
    before = sorted(tuple(sorted(s.article_ids)) for s in theme.stories)
    if sorted(tuple(sorted(g)) for g in groups.values()) == before:
        return theme.stories, prefer
    order = {item.article.id: i for i, item in enumerate(items)}
    out = []
    for ids in groups.values():
        members = [by_id[i] for i in sorted(ids, key=order.__getitem__)]
        same = next((s for s in theme.stories if sorted(s.article_ids) == sorted(ids)), None)
        if same is not None:
            out.append(same)
            continue
        ordered = tuple(m.article.id for m in members)
        out.append(Story(members[0].article.title, _summary(members, theme.stories, sentences), ordered))
    out.sort(key=lambda s: (-len(s.article_ids), order[s.article_ids[0]]))
    return tuple(out), prefer


def _continuing(
    story: Sequence[str], rest: Sequence[str], feats: Mapping[str, Mapping[str, int]], earlier: Mapping[str, int]
) -> set[str]:
    """The articles of a story of today that continue the ``earlier`` story, when some of them do
    (by themselves) and the others (``rest``) do not, by the articles' specifics (``feats``).

    When the rest does not hold together apart from the articles that continue (its articles are, on
    average, less alike to the rest of ``rest`` than to them; one article alone holds with nothing),
    it is more of the event they continue, told with fewer of the names the earlier days gave: the
    whole story continues. Otherwise the story holds two events of the kind, and an article that
    continues by itself leaves the rest only when it is more alike to the earlier story than to the
    rest (a report of today's event that recalls yesterday's stays with today's).
    """
    apart = set(rest)
    others = [i for i in story if i not in apart]
    whole = sum((Counter(feats[x]) for x in rest), Counter[str]())
    outer = dict(sum((Counter(feats[x]) for x in others), Counter[str]()))
    own = [feats[i] for i in rest]
    cohesion, attraction = _paired(own, [dict(whole - Counter(f)) for f in own], outer)
    if float(np.mean(cohesion)) < float(np.mean(attraction)):
        return set(story)
    back = _similarity([feats[i] for i in others], [earlier, dict(whole)])
    return {i for k, i in enumerate(others) if back[k, 0] > back[k, 1]}


def _paired(
    docs: Sequence[Mapping[str, int]], partners: Sequence[Mapping[str, int]], common: Mapping[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``docs``: its cosine with its own partner (``partners``, in order) and with ``common``,
    over one sublinear TF-IDF of them all (as :func:`_similarity`, without the full matrix)."""
    from briefer.tfidf import fit_transform

    n = len(docs)
    bags = [[t for t, c in feats.items() for _ in range(c)] for feats in (*docs, *partners, common)]
    if not any(bags):
        return np.zeros(n), np.zeros(n)
    _, rows = fit_transform(bags, sublinear_tf=True)
    own, paired = rows[:n], rows[n : 2 * n]
    return np.asarray(own.multiply(paired).sum(axis=1)).ravel(), np.asarray((own @ rows[2 * n].T).todense()).ravel()


def _summary(
    members: Sequence[SummarizedArticle], stories: Sequence[Story], sentences: int
) -> tuple[SummarySentence, ...]:
    """A regrouped story's summary without summarizing again (the day's lemmas are gone by now): the
    sentences of the day's story summaries that cite its articles, in their rank, then the best
    sentence of each of its articles' own summaries not cited yet."""
    ids = {m.article.id for m in members}
    chosen: list[SummarySentence] = []
    for story in stories:
        chosen += [x for x in story.summary if set(x.article_ids) <= ids and x not in chosen]
    cited = {i for x in chosen for i in x.article_ids}
    for member in members:
        if member.article.id not in cited and member.summary:
            chosen.append(max(member.summary, key=lambda x: (x.score, -x.position)))
    return tuple(chosen[:sentences])


def _article_features(item: SummarizedArticle) -> dict[str, int]:
    return story_features([item])


def surge(today: int, earlier: Sequence[int]) -> float | None:
    """``today`` over the mean of ``earlier`` (at least one) when far above; None otherwise or with fewer than
    ``SURGE_HISTORY`` earlier days to tell the usual from."""
    if len(earlier) < SURGE_HISTORY or today < SURGE_MIN:
        return None
    ratio = today / max(sum(earlier) / len(earlier), 1.0)
    return round(ratio, 2) if ratio >= SURGE_RATIO else None


def remember(
    briefing: Briefing,
    store: StoreBackend | None,
    memory_days: int = DEFAULT_MEMORY_DAYS,
    theme_history: Mapping[str, Mapping[str, int]] | None = None,
    threshold: float = CONTINUES,
    article_threshold: float = ARTICLE_CONTINUES,
    sentences: int = STORY_SENTENCES,
    contrast: float | None = CONTRAST,
) -> Briefing:
    """The briefing with every story's id, status, first day, days and surge, and every theme's
    surge; today's stories recorded in the store (replacing an earlier run of the same day).

    ``theme_history``: ``{day: {theme: articles}}`` of the days before (``Store.theme_volume``).
    Without a store every story is new and nothing surges.
    """
    day = briefing.date
    earlier_days, remembered, last_day = _earlier_stories(store, day, memory_days)
    # Today's stories, regrouped by what continues what, each set of articles once (a story may sit in two themes).
    themes_today, prefer = list(briefing.themes), {}
    answering = _Answers(remembered)
    features: dict[tuple[str, ...], dict[str, int]] = {}  # each story's, made once for _continue and _records
    if remembered:
        regrouped = []
        for t in themes_today:
            # Its articles' features, asked again by its stories as regrouped: a theme's held at once, not the day's.
            with article_memo.within():
                regrouped.append(_regroup(t, remembered, article_threshold, sentences, contrast, answering))
                _count_stories(t, regrouped[-1][0], features)
        themes_today = [dataclasses.replace(t, stories=r[0]) for t, r in zip(themes_today, regrouped, strict=True)]
        prefer = {k: j for _, p in regrouped for k, j in p.items()}
    themes_today, by_articles, target, joined_by = _continue(
        themes_today, remembered, threshold, sentences, prefer, features, answering
    )
    keys = list(by_articles)
    continued = {j for k in keys if k in joined_by for j in joined_by[k]}
    all_days: dict[str, list[str]] = {}
    if store is not None and continued:
        try:
            all_days = store.story_days([remembered[j].id for j in continued], day)
        except StoreError as exc:
            log.warning("store: cannot read the days of earlier stories (%s)", exc)
    recent = [d for d in earlier_days if d >= (date.fromisoformat(day) - timedelta(days=SURGE_DAYS)).isoformat()]
    decided: dict[tuple[str, ...], Story] = {}
    for key in keys:
        story = by_articles[key][2]
        j = target.get(key)
        known = remembered[j] if j is not None else None
        if known is not None:
            family = [remembered[x] for x in sorted(joined_by[key])]
            seen = {d for e in family for d in (*all_days.get(e.id, ()), *e.per_day)}
            first_seen = min(e.first_seen for e in family)
            days = (*sorted(seen), day)
            story = dataclasses.replace(story, id=known.id, status="developing", first_seen=first_seen, days=days)
        else:
            story = dataclasses.replace(story, id=mint_id(day, key), status="new", first_seen=day, days=(day,))
        counts = [known.per_day.get(d, 0) if known else 0 for d in recent]
        decided[key] = dataclasses.replace(story, surge=surge(len(story.article_ids), counts))
    if store is not None:
        try:
            store.record_stories(day, _records(day, by_articles, decided, features))
        except StoreError as exc:
            log.warning("store: cannot record the day's stories (%s)", exc)
    themes = _with_surges(themes_today, decided, theme_history or {}, day)
    continued_ids = {remembered[j].id for j in continued}
    quiet = sorted(
        (q for q in last_day if q.articles >= QUIET_MIN and q.id not in continued_ids),
        key=lambda q: (-q.articles, q.theme, q.title, q.id),
    )
    return dataclasses.replace(briefing, themes=themes, earlier_days=earlier_days, quiet_stories=tuple(quiet))


def _continue(
    themes: Sequence[ThemeGroup],
    remembered: Sequence[_Earlier],
    threshold: float,
    sentences: int,
    prefer: Mapping[tuple[str, ...], int] | None = None,
    features: dict[tuple[str, ...], dict[str, int]] | None = None,
    answering: _Answers | None = None,
) -> tuple[
    list[ThemeGroup],
    dict[tuple[str, ...], tuple[str, Sequence[SummarizedArticle], Story]],
    dict[tuple[str, ...], int | None],
    dict[tuple[str, ...], frozenset[int]],
]:
    """Which earlier story each of today's stories continues (see :func:`_continuations`), a theme's
    stories continuing one made one (:func:`_join`): the themes, their stories once by sorted
    article ids, the earlier story each carries the id of (or None), and the earlier stories each joins.
    ``features``: each story's :func:`story_features` made before, by its sorted article ids; receives the
    others."""
    by_articles = _stories_once(themes)
    first = {n: prefer[k] for n, k in enumerate(by_articles) if prefer and k in prefer}
    known = features if features is not None else {}
    made = {key: known[key] if key in known else story_features(v[1]) for key, v in by_articles.items()}
    if features is not None:
        features.update(made)
    # A story of today every report of which answers an earlier story (or rounds the day up) does not continue it.
    keys = list(made)

    def apart(i: int, j: int) -> bool:
        return answering is not None and all(answering.apart(item, j) for item in by_articles[keys[i]][1])

    continues = _continuations(list(made.values()), remembered, threshold, first, apart)
    if FOUND_CONTINUES or MOURNING_CONTINUES or REACTION_CONTINUES:
        _found_continues(list(by_articles.values()), list(made.values()), remembered, continues)
    del made
    target = {k: c[0] if c is not None else None for k, c in zip(by_articles, continues, strict=True)}
    joined_by = {k: c[1] for k, c in zip(by_articles, continues, strict=True) if c is not None}
    if not joined_by:
        return list(themes), by_articles, target, joined_by
    themes = [_join(t, target, sentences) for t in themes]
    joined = _stories_once(themes)
    for key in set(joined) - set(by_articles):
        parts = [k for k in by_articles if set(k) <= set(key) and target[k] is not None]
        target[key] = target[parts[0]]
        joined_by[key] = frozenset().union(*(joined_by[k] for k in parts))
    return list(themes), joined, target, joined_by


FOUND_CONTINUES = True
"""A story of today of one report, a body found ("Body of Kakopetros shepherd recovered ..."), that continues no
earlier story by its names continues the earlier story most alike to it, if alike at least :data:`FOUND_ALIKE`:
the search's end, told with the victim's name and where the body was found, which the search's reports never named
(within a day: :func:`briefer.stories.body_found`, the stories' step 9). On the 107 desks cut into two mornings, 6
reports' statuses right, none wrong; a text's "missing" asked as well, 4 and none."""
FOUND_ALIKE = 0.05
MOURNING_CONTINUES = True
"""... and so does a lone report of a place or a family mourning its dead (:func:`briefer.stories.mourning`:
"Jamiltepec mourns grandmother crushed by adobe wall", "Jongowe buries its dead"), told with the village's own
people. On the 110 desks cut into two mornings, 5 reports' statuses right, none wrong (0.860 -> 0.864)."""


INJURIES_CONTINUE = True
"""... and so does a lone report of someone who died of the injuries an earlier event gave them ("Carmichaels
mechanic dies of burns" the day after the compressor station's blast; "... succumbs ..."): the event's toll, told
with the victim's name and hospital, which the event's reports did not give. On the 149 desks cut into two mornings,
1 report's status right, none wrong (0.899 -> 0.900)."""


REACTION_CONTINUES = True
"""... and so does a lone report whose headline tells people reacting in words ("Pharmacists warn of thin margins
after UAE orders lower prices", "Lusaka farmers and traders say dearer loans will hit planting"): a comment stays
with what it comments on (:data:`briefer.acts.ACTS`), told the day after with the reacting people's own names, if
the earlier story is alike at least :data:`REACTION_ALIKE`."""
REACTION_ALIKE = 0.1


def _reaction(title: str) -> bool:
    """Whether a headline tells many people reacting in words (:func:`briefer.stories.reaction_in_words`,
    :data:`REACTION_CONTINUES`)."""
    from briefer.stories import reaction_in_words

    return REACTION_CONTINUES and reaction_in_words(title)


MARKET_CONTINUES = True
"""... and so does a lone report whose headline tells a firm's shares moving ("Hallworth shares slip as Kallo ammonia
unit stays shut after leak"): the market's reaction to the earlier event, told with the parent company's and the
analysts' names, if the earlier story is alike at least :data:`REACTION_ALIKE`. On the 149 desks cut into two
mornings, 1 report's status right, none wrong (0.900 -> 0.901)."""


def _market_reaction(title: str) -> bool:
    """Whether a headline's first clause tells shares moving (:func:`briefer.stories.market_reaction`)."""
    from briefer.stories import market_reaction

    return MARKET_CONTINUES and market_reaction(title)


def _ends_a_search(title: str) -> bool:
    """Whether a headline tells a body found (:data:`FOUND_CONTINUES`), a mourning (:data:`MOURNING_CONTINUES`) or a
    death of injuries (:data:`INJURIES_CONTINUE`)."""
    from briefer.stories import body_found, died_of_injuries, mourning

    words = _title_words(title)
    return (
        (FOUND_CONTINUES and body_found(words))
        or (MOURNING_CONTINUES and mourning(words))
        or (INJURIES_CONTINUE and died_of_injuries(words))
    )


def _found_continues(
    stories: Sequence[tuple[str, Sequence[SummarizedArticle], Story]],
    features: Sequence[Mapping[str, int]],
    remembered: Sequence[_Earlier],
    continues: list[tuple[int, frozenset[int]] | None],
) -> None:
    """Set in ``continues`` the earlier story each lone report of a body found (:data:`FOUND_CONTINUES`) or of
    mourning (:data:`MOURNING_CONTINUES`) continues, unless its headline tells people acting together (a fleet
    that stays tied up as its crews mourn: :data:`briefer.acts.COLLECTIVE`)."""
    from briefer.stories import acting_together

    least: dict[int, float] = {}  # each lone report's story, and how alike the earlier story must be
    for i, (_, items, _) in enumerate(stories):
        if continues[i] is not None or len(items) != 1:
            continue
        title = items[0].article.title
        reacts = _reaction(title) or _market_reaction(title)
        alike = FOUND_ALIKE if _ends_a_search(title) else REACTION_ALIKE if reacts else None
        if alike is not None and not acting_together(items[0].analysed):  # "... stay tied up as oystermen mourn"
            least[i] = alike
    if not least or not remembered:
        return
    lone = list(least)
    sim = _similarity([features[i] for i in lone], [e.features for e in remembered])
    for row, i in zip(sim, lone, strict=True):
        j = int(np.argmax(row))
        if row[j] >= least[i]:
            continues[i] = (j, frozenset({j}))


def _count_stories(
    theme: ThemeGroup, stories: Sequence[Story], features: dict[tuple[str, ...], dict[str, int]]
) -> None:
    """The :func:`story_features` of ``stories`` (``theme``'s, regrouped) not in ``features`` yet, by their
    sorted article ids, of the articles :func:`_stories_once` gives them (the first theme's)."""
    items = {item.article.id: item for item in theme.articles}
    for story in stories:
        key = tuple(sorted(story.article_ids))
        if key not in features:
            features[key] = story_features([items[i] for i in story.article_ids if i in items])


def _records(
    day: str,
    by_articles: Mapping[tuple[str, ...], tuple[str, Sequence[SummarizedArticle], Story]],
    decided: Mapping[tuple[str, ...], Story],
    features: Mapping[tuple[str, ...], dict[str, int]] | None = None,
) -> Iterator[StoryRecord]:
    """What the store keeps of today's stories, one record per id: a story continued in two themes
    is recorded once, with the articles of both (under the first theme). ``features``: the stories'
    :func:`story_features` made before, by sorted article ids, for a record of one story (the counts of
    a set of articles, in whatever order; a record of several is counted here). Made as the store writes
    them: each record's features with its lead words are a dict of their own, some 3 KB a story, and
    every story's held at once set the story memory's peak (docs/performance.md, session 55)."""
    per_id: dict[str, tuple[str, Story, dict[str, SummarizedArticle | None]]] = {}
    keys: dict[str, list[tuple[str, ...]]] = {}
    for key, (theme_name, items, _) in by_articles.items():
        story = decided[key]
        _, _, members = per_id.setdefault(story.id, (theme_name, story, {}))
        keys.setdefault(story.id, []).append(key)
        for article_id in key:
            members.setdefault(article_id, None)
        members.update((item.article.id, item) for item in items)

    def counted(story_id: str, members: dict[str, SummarizedArticle | None]) -> dict[str, int]:
        made = keys[story_id]
        known = [m for m in members.values() if m is not None]
        lead = _lead_words(known) if LEAD_NAMED else {}
        if features is not None and len(made) == 1 and made[0] in features:
            return {**features[made[0]], **lead}
        return {**story_features(known), **lead}

    return (
        StoryRecord(
            day,
            story_id,
            theme_name,
            story.title,
            story.first_seen,
            len(members),
            counted(story_id, members),
        )
        for story_id, (theme_name, story, members) in per_id.items()
    )


def _earlier_stories(
    store: StoreBackend | None, day: str, memory_days: int
) -> tuple[tuple[str, ...], list[_Earlier], list[QuietStory]]:
    """The days before ``day`` (within ``memory_days``) that have stories, those stories (one per id),
    and the stories of the last of those days (as quiet ones, should nothing continue them)."""
    first = (date.fromisoformat(day) - timedelta(days=memory_days)).isoformat()
    records: list[StoryRecord] = []
    if store is not None:
        try:
            records = store.stories_between(first, day)
        except StoreError as exc:
            log.warning("store: cannot read earlier stories (%s): every story counts as new", exc)
    earlier: dict[str, _Earlier] = {}
    for r in records:
        record = earlier.setdefault(r.id, _Earlier(r.id, r.first_seen, Counter(), {}))
        record.features.update({k: n for k, n in r.features.items() if not k.startswith(LEAD_KEY)})
        record.lead.update(k[len(LEAD_KEY) :] for k in r.features if k.startswith(LEAD_KEY))
        record.per_day[r.day] = r.articles
        record.first_seen = min(record.first_seen, r.first_seen)
        record.titles.append(r.title)
    days = tuple(sorted({r.day for r in records}))
    last = [QuietStory(r.id, r.title, r.theme, r.day, r.articles) for r in records if days and r.day == days[-1]]
    return days, list(earlier.values()), last


def _stories_once(
    themes: Sequence[ThemeGroup],
) -> dict[tuple[str, ...], tuple[str, Sequence[SummarizedArticle], Story]]:
    """Every story of the day once, by its sorted article ids: its theme, its articles and itself."""
    by_articles: dict[tuple[str, ...], tuple[str, Sequence[SummarizedArticle], Story]] = {}
    for theme in themes:
        items = {item.article.id: item for item in theme.articles}
        for story in theme.stories:
            key = tuple(sorted(story.article_ids))
            by_articles.setdefault(key, (theme.name, [items[i] for i in story.article_ids if i in items], story))
    return by_articles


def _with_surges(
    themes_today: Sequence[ThemeGroup],
    decided: Mapping[tuple[str, ...], Story],
    history: Mapping[str, Mapping[str, int]],
    day: str,
) -> tuple[ThemeGroup, ...]:
    """The themes with their decided stories and their own surge against the last days' volume."""
    since = (date.fromisoformat(day) - timedelta(days=SURGE_DAYS)).isoformat()
    volume_days = [d for d, counts in sorted(history.items()) if counts and since <= d < day]
    themes = []
    for theme in themes_today:
        stories = tuple(decided[tuple(sorted(s.article_ids))] for s in theme.stories)
        counts = [history[d].get(theme.name, 0) for d in volume_days]
        themes.append(dataclasses.replace(theme, stories=stories, surge=surge(len(theme.articles), counts)))
    return tuple(themes)


def sentence_key(text: str) -> str:
    """What identifies a printed sentence: its words, whatever the spacing."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:20]


def printed_before(
    store: StoreBackend | None, audience: str, day: str, memory_days: int = DEFAULT_MEMORY_DAYS
) -> dict[str, str]:
    """Sentence key -> the first earlier day (within ``memory_days``) the audience's edition printed it."""
    if store is None:
        return {}
    first = (date.fromisoformat(day) - timedelta(days=memory_days)).isoformat()
    try:
        return store.printed_between(audience, first, day)
    except StoreError as exc:
        log.warning("store: cannot read what earlier briefs printed (%s): nothing is left out", exc)
        return {}


def record_printed(store: StoreBackend | None, audience: str, day: str, sentences: Iterable[str]) -> None:
    """Remember the sentences the audience's edition of ``day`` printed (replacing a run of the same day)."""
    if store is None:
        return
    try:
        store.record_printed(audience, day, sorted({sentence_key(s) for s in sentences}))
    except StoreError as exc:
        log.warning("store: cannot record the sentences printed (%s)", exc)


def memory_stamp(briefing: Briefing, printed: Mapping[str, str]) -> str:
    """What an edition takes from the memory, for its up-to-date key: statuses, surges, the stories' articles
    (the memory regroups them), sentences printed before."""
    facts = [
        (t.name, t.surge, [(s.id, s.status, s.first_seen, s.days, s.surge, s.article_ids) for s in t.stories])
        for t in briefing.themes
    ]
    stamp = (facts, briefing.earlier_days, briefing.quiet_stories, sorted(printed.items()))
    return hashlib.sha256(repr(stamp).encode()).hexdigest()


def printed_sentences(context: Context) -> list[str]:
    """Every sentence an edition prints: theme, story and article summaries, "since the last brief", and
    the themes' key quotes."""
    out: list[str] = []
    for story in (*context.new_stories, *context.developing_stories):
        out += [s.text for s in story.summary]
    for theme in context.themes:
        out += [s.text for s in theme.summary]
        out += [text for q in theme.quotes for text in (q.text, *q.more)]
        for story in theme.stories:
            out += [s.text for s in story.summary]
        for article in theme.articles:
            out += list(article.summary)
    return out
