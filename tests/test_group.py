"""Themes: keywords seed them, the day's articles teach them their vocabulary."""

from __future__ import annotations

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
