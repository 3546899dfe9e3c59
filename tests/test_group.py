"""Themes: keywords seed them, the day's articles teach them their vocabulary."""

from __future__ import annotations

import pytest
from nlp_fixtures import THEMES, analysed
from nlp_fixtures import article as fixture_article

from briefer.config import Theme
from briefer.group import OTHER, ThemeScores, assign_themes, centroid_similarity, score_themes
from briefer.models import AnalysedArticle


def _where(groups: dict) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, members in groups.items():
        for item, _ in members:
            out.setdefault(item.article.id, []).append(name)
    return out


def test_paraphrases_land_in_their_theme_and_unrelated_articles_in_other() -> None:
    items = analysed()
    scores = score_themes(items, THEMES)
    ids = [i.article.id for i in items]
    # the paraphrases carry no keyword at all
    assert scores.keywords[ids.index("med-karsa-paraphrase")].sum() == 0
    assert scores.keywords[ids.index("bor-crossing-paraphrase")].sum() == 0
    where = _where(assign_themes(items, THEMES))
    assert where["med-karsa-paraphrase"] == ["Mediation"]
    assert where["bor-crossing-paraphrase"] == ["Border tensions"]
    assert where["other-festival"] == [OTHER]
    assert where["other-startup"] == [OTHER]
    assert where["med-velmark"] == ["Mediation"] and where["bor-clash"] == ["Border tensions"]


def test_keywords_alone_leave_paraphrases_in_other() -> None:
    """The same day with an impossible similarity threshold: only the keyword step places articles."""
    where = _where(assign_themes(analysed(), THEMES, min_similarity=2.0))
    assert where["med-karsa-paraphrase"] == [OTHER]
    assert where["med-ostria"] == ["Mediation"]


def test_every_article_carries_its_theme_score() -> None:
    groups = assign_themes(analysed(), THEMES)
    for name, members in groups.items():
        for _item, score in members:
            assert 0.0 <= score <= 1.0
            if name != OTHER:
                assert score >= 0.1
        assert [s for _, s in members] == sorted((s for _, s in members), reverse=True)


def test_several_themes_per_article_when_configured() -> None:
    themes = [*THEMES, Theme(name="Amber river", keywords=["Amber river", "Amber"])]
    one = _where(assign_themes(analysed(), themes, multiple=False))
    several = _where(assign_themes(analysed(), themes, multiple=True))
    assert all(len(v) == 1 for v in one.values())
    assert any(len(v) > 1 for v in several.values())
    for article, names in one.items():
        assert names[0] in several[article]


def test_no_themes_means_everything_in_other() -> None:
    groups = assign_themes(analysed(), [])
    assert list(groups) == [OTHER] and len(groups[OTHER]) == len(analysed())


def test_an_article_does_not_vote_for_itself() -> None:
    import numpy as np
    from scipy import sparse

    vectors = sparse.csr_matrix(np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]]))
    members = np.array([[True], [True], [False]])
    sim = centroid_similarity(vectors, members)
    assert sim[0, 0] == 0.0  # its only fellow member shares no word with it
    assert abs(sim[2, 0] - (0.6 + 0.8) / np.sqrt(2)) < 1e-9


def test_a_theme_takes_only_articles_near_what_its_seeds_reach() -> None:
    import numpy as np

    from briefer.group import join_floors, place

    # Three confident seeds of theme 0 reach 0.40, 0.35 and 0.30; theme 1 has a single seed.
    similarity = np.array([[0.40, 0.0], [0.35, 0.0], [0.30, 0.0], [0.0, 0.5], [0.12, 0.02]])
    seeds = np.array([[1, 0], [1, 0], [1, 0], [0, 1], [0, 0]], dtype=bool)
    floors = join_floors(similarity, seeds, min_similarity=0.1)
    assert floors[0] == pytest.approx(0.175) and floors[1] == 0.1  # half the seeds' median; too few seeds
    keywords = np.zeros_like(similarity)
    placed = place(similarity, keywords, 2.0, False, floors)
    assert not placed[4].any(), "0.12 shares some words with theme 0 but is far from its seeds: Other"


def test_the_theme_whose_keywords_an_article_uses_wins_a_near_tie() -> None:
    import numpy as np

    from briefer.group import keyword_weight, place

    similarity = np.array([[0.240, 0.250], [0.20, 0.40]])
    keywords = np.array([[3.0, 0.0], [1.0, 0.0]])  # the first names theme 0 in its headline, the second in its body
    weight = keyword_weight(np.array([10, 10]))  # profiles that rest on ten articles each
    placed = place(similarity, keywords, 2.0, False, 0.1, weight)
    assert placed[0].tolist() == [True, False]  # a near tie: the keywords decide
    assert placed[1].tolist() == [False, True]  # clearly closer to theme 1, one body mention: similarity decides


def test_keywords_count_most_while_a_theme_has_learnt_little() -> None:
    import numpy as np

    from briefer.group import keyword_weight, place

    # One body mention of theme 0, clearly closer in wording to theme 1.
    similarity, keywords = np.array([[0.20, 0.40]]), np.array([[1.0, 0.0]])
    young = place(similarity, keywords, 2.0, False, 0.1, keyword_weight(np.array([0, 0])))
    grown = place(similarity, keywords, 2.0, False, 0.1, keyword_weight(np.array([10, 10])))
    assert young[0].tolist() == [True, False]  # nothing learnt yet: the keyword is the best witness
    assert grown[0].tolist() == [False, True]  # ten articles a theme: their vocabulary knows better


def test_everyday_words_close_to_a_themes_phrases_do_not_name_an_article() -> None:
    """A phrase's vector is the mean of its words'; made of everyday words ("winter road", "ice
    crossing") it is close to every everyday word ("time", "end", "home", "long"): similar words all
    the same, but they do not make an article fit. The words of its topic ("snow", "route") still do,
    and so do the words close to a theme of single keywords ("deer" to "moose" and "herd")."""
    from briefer import vectors
    from briefer.group import SIMILAR_MARGIN, SIMILAR_MIN, _closest, _keyword_vectors, _naming

    table = vectors.load()
    found = _keyword_vectors((("winter road", "ice crossing", "highway closure"), ("herd", "moose", "hunting")))
    assert table is not None and found is not None
    words = ["time", "end", "home", "long", "snow", "route", "deer"]
    best, top, margin, _ = _closest(table.unit(words) @ found.keys.T, found.owners, 2)
    assert best.tolist() == [0, 0, 0, 0, 0, 0, 1]
    assert ((top >= SIMILAR_MIN) & (margin >= SIMILAR_MARGIN)).all()  # every one a similar word
    naming = dict(zip(words, _naming(table, words, found, best, 2).tolist(), strict=True))
    assert naming == {
        "time": False,
        "end": False,
        "home": False,
        "long": False,
        "snow": True,
        "route": True,
        "deer": True,
    }


ORCHARD_THEMES = [
    Theme(name="Orchards", keywords=["orchard", "apple harvest", "growers", "cider"]),
    Theme(name="Ferries", keywords=["ferry", "crossing", "sailings", "harbour"]),
]
ORCHARD_DAY = {
    "orchard-1": "Orchard growers count the smallest apple harvest in a decade\n"
    "Orchard growers in the Dremmel valley say the apple harvest is the smallest in ten years. "
    "A late frost hit the orchard blossom in April, the growers' association said, "
    "and many growers picked half their usual fruit.",
    "orchard-2": "Cider makers pay growers more as apple harvest falls short\n"
    "Cider makers are paying orchard growers a third more per tonne this autumn. "
    "The short apple harvest left cider presses idle, and two cider makers stopped buying from growers.",
    "orchard-3": "Growers file record frost claims after poor apple harvest\n"
    "Orchard growers filed a record number of frost claims this year, their insurer said. "
    "The apple harvest losses came from two cold nights, and growers expect a second poor orchard season.",
    "orchard-4": "Young growers plant frost-hardy orchard rows\n"
    "Young growers planted four thousand frost-hardy trees in a new orchard on the valley's southern slopes. "
    "The orchard will give its first apple harvest in three years, the growers said.",
    "ferry-1": "Storm cancels ferry sailings to Osk island\n"
    "All ferry sailings between the mainland and Osk island were cancelled on Monday as gales swept the strait. "
    "The operator said the harbour wall at Osk had been damaged by waves. "
    "Islanders were told to expect more cancellations this week.",
    "ferry-2": "New ferry for the Osk crossing delayed to spring\n"
    "The new ferry ordered for the Osk crossing will not enter service before spring, the operator said. "
    "The shipyard has fallen behind on fitting the engines, and the old vessel will keep sailing the winter. "
    "Passengers complained about breakdowns on the old ship.",
    "ferry-3": "Harbour repairs at Osk to start next month\n"
    "Repairs to the harbour wall at Osk will start next month and last until summer, the council said. "
    "Ferry sailings will use the north berth while the works go on. "
    "The repairs will cost four million.",
    "ferry-4": "Fares for island crossing to rise in January\n"
    "Fares on the ferry crossing to Osk island will rise by six per cent in January, the operator said. "
    "Islanders who travel to the mainland for work will keep their discount card.",
    "packhouse": "Dremmel packhouse lays off forty workers a month early\n"
    "The biggest packhouse in Dremmel laid off forty seasonal workers on Tuesday, a month earlier than usual, "
    "because the frost left too little fruit to sort. The cold stores will close in December. "
    "The workers' union said most of them had no other job to go to before spring.",
    "choir": "Dremmel choir wins national prize\n"
    "The Dremmel male voice choir won the national choir prize on Saturday with a programme of folk songs. "
    "The conductor said the singers had rehearsed twice a week since the summer. "
    "The choir will sing at the capital's concert hall in the spring.",
}


def _orchard_day_placed(day: dict[str, str], report: str) -> tuple[list[AnalysedArticle], ThemeScores]:
    """The valley day analysed and scored on ORCHARD_THEMES, checked placed as a reader would: the orchard
    reports and ``report`` in Orchards, the ferries in Ferries, the choir's prize in Other."""
    from theme_days import placed_in

    from briefer.analyse import analyse

    items = analyse([fixture_article(name, text) for name, text in day.items()])
    scores = score_themes(items, ORCHARD_THEMES)
    placed = placed_in(items, scores)
    assert placed[report] == "Orchards"
    assert placed["choir"] == OTHER
    assert all(placed[k] == "Orchards" for k in day if k.startswith("orchard"))
    assert all(placed[k] == "Ferries" for k in day if k.startswith("ferry"))
    return items, scores


def test_an_article_without_keywords_is_measured_as_the_themes_articles_are_without_theirs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The orchard reports all write "orchard", "growers" or "apple harvest", so they are alike by their
    keywords as much as by anything, and the floor they set is high. The packhouse's lay-offs write none of
    them, only the fruit, the frost and the packhouse: it falls short of that floor and went to Other.
    Compared as the orchard reports are without their keywords, it is as close as they are to each other
    (the choir's prize is not); the placement says so."""
    from theme_days import placed_in

    from briefer import group
    from briefer.group import explain

    items, scores = _orchard_day_placed(ORCHARD_DAY, "packhouse")
    a = [item.article.id for item in items].index("packhouse")
    assert scores.fitting[a, 0] < scores.floors[0]  # short of the floor the keywords set
    assert "without Orchards's keywords, which it does not use, it reaches it" in explain(items, scores)[a].reason
    monkeypatch.setattr(group, "BARE_FIT", False)
    assert placed_in(items, score_themes(items, ORCHARD_THEMES))["packhouse"] == OTHER  # what the rule changes


def test_the_day_is_explained_from_its_scores_read_once_not_once_an_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """``ThemeScores.score`` and ``.bare`` are worked out over every article of the day when read: read for
    each article, the explanations were quadratic in the day's size (100,000 articles: some 380 s, session 50).
    Read once, the same placements."""
    from briefer import group
    from briefer.group import explain

    items, scores = _orchard_day_placed(ORCHARD_DAY, "packhouse")
    before = explain(items, scores)
    reads = {"score": 0, "bare": 0}
    for name in reads:
        prop = getattr(ThemeScores, name)

        def counted(self: ThemeScores, prop: property = prop, name: str = name) -> object:
            reads[name] += 1
            return prop.fget(self)  # type: ignore[misc]

        monkeypatch.setattr(ThemeScores, name, property(counted))
    assert explain(items, scores) == before
    assert len(items) > 2 and reads == {"score": 1, "bare": 1}
    assert group.BARE_FIT and scores.bare is not None  # the bare fits are asked (the packhouse's)


def test_the_words_an_article_shares_with_its_theme_are_told_without_the_threaded_norm(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each placement's shared words are the largest of its terms' gains over the theme's profile's norm: an
    OpenBLAS dot product, which past 10,000 terms waits for the library's threads, milliseconds an article on a
    loaded machine. The norm summed in NumPy's order decides the same words unless its last bits could; the
    exact norm is then asked. The same placements; the exact norm asked for none of this day's articles."""
    import numpy as np

    from briefer import group
    from briefer.group import explain

    items, scores = _orchard_day_placed(ORCHARD_DAY, "packhouse")
    exact = np.linalg.norm
    asked: list[int] = []

    def counted(x: object, *args: object, **kwargs: object) -> object:
        asked.append(1)
        return exact(x, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(np.linalg, "norm", counted)
    placements = explain(items, scores)
    assert asked == [] and any(p.learned for p in placements)
    monkeypatch.setattr(group, "_surely_shown", lambda shares, profile: None)  # every norm the exact one
    assert explain(items, scores) == placements
    assert len(asked) >= len(items) - 1


def test_the_shared_words_are_left_to_the_exact_norm_when_its_last_bits_could_decide() -> None:
    """Near ties and gains at the floor: :func:`_surely_shown` gives up (None), or gives what the exact norm does."""
    import numpy as np

    from briefer.group import LEARNED_FLOOR, LEARNED_SHOWN, _surely_shown

    def exact(shares: np.ndarray, profile: np.ndarray) -> list[int]:
        gains = shares / float(np.linalg.norm(profile))
        return [int(i) for i in np.argsort(-gains, kind="stable")[:LEARNED_SHOWN] if gains[i] > LEARNED_FLOOR]

    rng = np.random.default_rng(50)
    decided = 0
    for trial in range(400):
        profile = rng.random(int(rng.integers(5, 30_000))) * (rng.random() < 0.5 or 1e-3)
        shares = rng.random(int(rng.integers(1, 40))) * rng.choice([1e-3, 1e-1, 1.0])
        if trial % 4 == 1:
            shares[rng.integers(0, len(shares), 3)] = shares[0]  # exact ties keep their places' order
        if trial % 4 == 2:
            shares[0] = LEARNED_FLOOR * float(np.linalg.norm(profile))  # a gain at the floor
        if trial % 4 == 3 and len(shares) > 1:
            shares[1] = np.nextafter(shares[0], 0.0)  # two gains a unit of the last place apart
        got = _surely_shown(shares, profile)
        if got is not None:
            decided += 1
            assert got == exact(shares, profile)
    assert decided > 200
    profile = np.ones(20_000)
    assert _surely_shown(np.array([LEARNED_FLOOR * float(np.linalg.norm(profile)), 0.5]), profile) is None
    assert _surely_shown(np.array([0.5, float(np.nextafter(0.5, 0.0))]), profile) is None
    assert _surely_shown(np.array([0.5, 0.25]), profile) == [0, 1]


CROSSING_DAY = {
    **{name: text for name, text in ORCHARD_DAY.items() if not name.startswith("ferry")},
    "ferry-1": "Gales cancel ferry sailings to Osk\n"
    "The operator cancelled every ferry sailing between the mainland and Osk on Monday as gales swept the strait. "
    "Islanders were told the timetable would stay suspended until the wind drops, and the service would resume "
    "with extra sailings.",
    "ferry-2": "New ferry for the Osk crossing late\n"
    "The new ferry for the Osk crossing will not join the service before spring, the operator told islanders. "
    "The old vessel will keep the winter timetable between the mainland and the island.",
    "ferry-3": "Harbour works cut Osk sailings\n"
    "Works on the harbour wall at Osk will cut the ferry timetable to two sailings a day, the operator said. "
    "Islanders who travel to the mainland will be given priority on the service.",
    "ferry-4": "Ferry fares to Osk rise in January\n"
    "Fares on the ferry crossing to Osk will rise in January, the operator said. Islanders who use the service "
    "to reach the mainland for work keep their timetable discount.",
    "ferry-5": "Osk islanders ask for a later last sailing\n"
    "Islanders have asked the operator for a later last ferry from the mainland in summer. The operator said it "
    "would look at the timetable for next year if the crossing's crew rota allows it.",
    "patrol": "Osk school crossing patrol wins road safety award\n"
    "The crossing patrol outside the primary school in Osk won the council's road safety award on Monday. "
    "For twelve years the patrol has walked pupils over the busy high street before lessons and after the school "
    "timetable ends. Teachers, parents and children plan a party in the playground for the patrol's retirement.",
}


def test_one_keyword_in_an_article_off_the_desk_must_be_worded_as_the_themes_articles_are_with_each_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A school's crossing patrol names Ferries by "crossing" in its headline and lead, and shares the desk's
    everyday words (timetable, islanders' Osk, the council's service) enough to pass the fixed sense test
    (similarity without Ferries's keywords about 0.10, over 0.075). But it is less about the desk than the day's
    typical article, and the ferry reports, without their keywords, are far more alike with each other: under
    0.7 of what they reach, the keyword is in another sense, and the patrol is Other. The ferry reports keep
    their theme, and so do the orchard reports and the packhouse's lay-offs."""
    from theme_days import placed_in

    from briefer import group
    from briefer.analyse import analyse
    from briefer.group import explain

    items = analyse([fixture_article(name, text) for name, text in CROSSING_DAY.items()])
    scores = score_themes(items, ORCHARD_THEMES)
    placed = placed_in(items, scores)
    assert placed["patrol"] == OTHER
    assert all(placed[k] == "Ferries" for k in CROSSING_DAY if k.startswith("ferry"))
    assert all(placed[k] == "Orchards" for k in CROSSING_DAY if k.startswith("orchard") or k == "packhouse")
    a = [item.article.id for item in items].index("patrol")
    assert scores.sense_similarity is not None and scores.sense_similarity[a, 1] > scores.sense  # the fixed test
    assert "less about the desk's subject than the day's typical article" in explain(items, scores)[a].reason
    monkeypatch.setattr(group, "SENSE_FLOOR", False)
    assert placed_in(items, score_themes(items, ORCHARD_THEMES))["patrol"] == "Ferries"  # what the rule changes


FESTIVAL_DAY = {
    **{name: text for name, text in ORCHARD_DAY.items() if name != "packhouse"},
    "festival": "Dremmel festival cancelled after frost\n"
    "The spring festival in Dremmel will not take place next year, its organisers said, because the frost "
    "killed the buds along the valley. Hotels said bookings for the festival weekend had been cancelled and "
    "the tourist office would refund visitors' tickets.",
}


def test_an_article_without_keywords_a_little_less_typical_of_the_day_is_still_measured_without_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The valley's spring festival, cancelled because the frost killed the buds, writes no keyword of Orchards,
    and its hotels and tickets put it a little further from the rest of the day than the day's median article
    (the desk gap about -0.02): a report of the desk's own subject all the same. Compared as the orchard reports
    are without their keywords, it reaches their floor and goes to Orchards; the choir's prize stays in Other. With
    no room under the median (``BARE_DESK_GAP`` 0) it is never asked, and falls short of the floor the orchard
    reports set with their keywords."""
    from theme_days import placed_in

    from briefer import group

    items, scores = _orchard_day_placed(FESTIVAL_DAY, "festival")
    a = [item.article.id for item in items].index("festival")
    assert scores.desk_gap is not None and -group.BARE_DESK_GAP <= scores.desk_gap[a] < 0.0  # under the median
    assert scores.fitting[a, 0] < scores.floors[0]  # short of the floor the keywords set
    monkeypatch.setattr(group, "BARE_DESK_GAP", 0.0)
    assert placed_in(items, score_themes(items, ORCHARD_THEMES))["festival"] == OTHER  # what the rule changes


def test_an_article_with_no_keyword_follows_its_events_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "Money sent home by Tajik workers drops by a tenth" writes none of its theme's keywords and shares a canal
    "bank" and "winter" with the water theme; the article most like it, "Remittances to Tajikistan fall 11%", is
    the remittances theme's by its keywords: a report of one event goes where the other is held."""
    import numpy as np
    from scipy import sparse

    from briefer import group

    vectors = sparse.csr_matrix(
        np.array(
            [
                [1.0, 0.2, 0.0],  # 0: no keyword, placed in theme 0, most like 2
                [0.0, 1.0, 0.0],  # 1: theme 0's report
                [1.0, 0.0, 0.1],  # 2: theme 1's report, held by its keywords
                [0.0, 0.0, 1.0],  # 3: no keyword, most like 2 but not enough
            ]
        )
    )
    keywords = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 4.0], [0.0, 0.0]])
    held = keywords >= 2.0
    placed = np.array([[True, False], [True, False], [False, True], [True, False]])
    followed, alike = group.follow_reports(vectors, keywords, held, placed)
    assert followed.tolist() == [2, -1, -1, -1]
    assert alike[0] > group.FOLLOW_SIMILARITY > alike[3]
    # a report that only its wording holds (no keyword of the theme) leads nobody
    assert group.follow_reports(vectors, keywords, np.zeros_like(held), placed)[0].tolist() == [-1, -1, -1, -1]
    # a day larger than FOLLOW_LIMIT is not compared article by article
    monkeypatch.setattr(group, "FOLLOW_LIMIT", 3)
    assert group.follow_reports(vectors, keywords, held, placed)[0].tolist() == [-1, -1, -1, -1]
