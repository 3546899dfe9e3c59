"""Themes: keywords seed them, the day's articles teach them their vocabulary."""

from __future__ import annotations

import pytest
from nlp_fixtures import THEMES, analysed

from briefer.config import Theme
from briefer.group import OTHER, assign_themes, centroid_similarity, score_themes


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
