"""End to end on the bundled demo: summaries, themes and key actors an analyst can trust."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from briefer.config import load_config
from briefer.models import Briefing
from briefer.pipeline import build
from briefer.text import squash

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def briefing(tmp_path_factory: pytest.TempPathFactory) -> Briefing:
    """The demo, built in a copy with a store of its own: the repository's store (and whatever
    earlier runs left in it) never decides what this test sees."""
    workspace = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "demo", workspace / "demo")
    shutil.copy2(ROOT / "sources.yaml", workspace / "sources.yaml")
    config = load_config(workspace / "sources.yaml")
    assert config.store.path.is_relative_to(workspace) and not config.store.path.exists()
    result, _ = build(config, date(2025, 11, 3))
    return result


def _theme_of(briefing: Briefing, title_part: str) -> list[str]:
    return [t.name for t in briefing.themes for a in t.articles if title_part in a.article.title]


def test_every_summary_sentence_is_in_its_article(briefing: Briefing) -> None:
    texts = {a.article.id: squash(a.article.text) for a in briefing.articles}
    for theme in briefing.themes:
        for sentence in theme.summary:
            assert squash(sentence.text) in texts[sentence.article_ids[0]]
            assert sentence.why and 0 < sentence.score <= 1
        for item in theme.articles:
            for sentence in item.summary:
                assert sentence.article_ids == (item.article.id,)
                assert squash(sentence.text) in texts[item.article.id]


def test_paraphrases_find_their_theme_and_unrelated_items_stay_in_other(briefing: Briefing) -> None:
    assert _theme_of(briefing, "Riyadh willing to facilitate") == ["Mediation"]
    assert _theme_of(briefing, 'China offers "good offices"') == ["Mediation"]
    assert _theme_of(briefing, "Troops trade fire at Chaman") == ["Border tensions"]
    assert _theme_of(briefing, "Peshawar edge Lahore") == ["Other"]
    assert _theme_of(briefing, "Dubai fintech") == ["Other"]
    for theme in briefing.themes:
        assert set(theme.scores) == {a.article.id for a in theme.articles}


def test_theme_summaries_cite_several_articles_without_repeats(briefing: Briefing) -> None:
    for theme in briefing.themes:
        if theme.name == "Other":
            assert theme.summary == ()
            continue
        assert len(theme.summary) == 4
        assert len({s.article_ids[0] for s in theme.summary}) == 4
        assert len({squash(s.text) for s in theme.summary}) == 4
        assert theme.summary[0].score == max(s.score for s in theme.summary)


def test_key_actors_merge_spellings(briefing: Briefing) -> None:
    actors = {e.name: e for t in briefing.themes for e in t.entities}
    assert "Zakharova" in actors["Maria Zakharova"].variants
    assert "Zakharova" not in actors
    for theme in briefing.themes:
        counts = [e.articles for e in theme.entities]
        assert counts == sorted(counts, reverse=True)
        assert all(1 <= c <= len(theme.articles) for c in counts)


@pytest.mark.parametrize("retold", [True, False])
def test_the_demo_run_on_two_days_tells_the_same_stories_on_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, retold: bool
) -> None:
    """The demo's folders are read with ``window: all``: a user who runs it today and tomorrow gets the
    same articles twice. The second day's stories are the first day's, each developing: the story
    memory once made Moscow's offer to mediate one story with Iran's and Lavrov's, as pieces of one
    event, because a crisis's offers are alike by the names they share."""
    import json

    from cli_runner import invoke

    from briefer import memory

    monkeypatch.setattr(memory, "FAMILY_FREE", retold)
    shutil.copytree(ROOT / "demo", tmp_path / "demo")
    shutil.copy2(ROOT / "sources.yaml", tmp_path / "sources.yaml")
    stories = []
    for day in ("2025-11-03", "2025-11-04"):
        result = invoke("run", "--config", str(tmp_path / "sources.yaml"), "--date", day, "--format", "json", "-q")
        assert result.exit_code == 0, result.output
        brief = json.loads((tmp_path / "output" / day / "analyst" / "briefing.json").read_text())
        stories.append(
            {t["name"]: sorted((sorted(s["article_ids"]), s["status"]) for s in t["stories"]) for t in brief["themes"]}
        )
    first = {name: [ids for ids, _ in told] for name, told in stories[0].items()}
    second = {name: [ids for ids, _ in told] for name, told in stories[1].items()}
    assert (first == second) is retold
    if retold:
        assert {status for told in stories[1].values() for _, status in told} == {"developing"}
