"""The story memory counts each story's features once (issue 15: the Dask driver holds no scope of every
article's features through it): what it records is each story's count of its articles, as counted whole, and the
words of their headlines and leads."""

from __future__ import annotations

from pathlib import Path

from test_memory import DAYS, _cut, _move, built  # noqa: F401 (built: the fixture)

from briefer.memory import LEAD_KEY, _lead_words, remember, story_features
from briefer.models import Briefing, SummarizedArticle
from briefer.store import Store


def _expected(briefing: Briefing) -> dict[str, dict[str, int]]:
    """Each story id's features, counted here on every article its stories hold in their themes."""
    members: dict[str, dict[str, SummarizedArticle]] = {}
    for theme in briefing.themes:
        items = {item.article.id: item for item in theme.articles}
        for story in theme.stories:
            found = members.setdefault(story.id, {})
            found.update((i, items[i]) for i in story.article_ids if i in items)
    return {
        story_id: {**story_features(list(found.values())), **_lead_words(list(found.values()))}
        for story_id, found in members.items()
    }


def test_the_recorded_features_are_each_storys_articles_counted(built: dict[str, Briefing], tmp_path: Path) -> None:  # noqa: F811
    with Store(tmp_path / "store.db") as store:
        monday = remember(_cut(built[DAYS[0]], "Talks", {"velm-talks-open"}), store)
        # Tuesday continues Monday's stories (regrouped), one of them in two themes (recorded once).
        tuesday = remember(_move(built[DAYS[1]], "velm-talks-day-two", "Crossings"), store)
        wednesday = remember(built[DAYS[2]], store)
        recorded = store.stories_between(DAYS[0], "2026-04-09")
    assert any(s.status == "developing" for t in tuesday.themes for s in t.stories)
    for briefing in (monday, tuesday, wednesday):
        expected = _expected(briefing)
        assert {r.id: r.features for r in recorded if r.day == briefing.date} == expected
        assert all(any(k.startswith(LEAD_KEY) for k in features) for features in expected.values())
