"""Per-article results kept between runs (briefer/article_memo.py): reused only for the very same
article, analysis and settings; what group, stories and quotes make through them is what they make
without them. The articles are the theme fixtures, written for the tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from nlp_fixtures import analysed, article

from briefer import article_memo, group, quotes, stories, summarize
from briefer.analyse import analyse
from briefer.config import Theme
from briefer.models import AnalysedArticle
from briefer.quotes import theme_quotes
from briefer.summarize import group_summary, summarize_articles, summarize_group

THEMES = [
    Theme(name="Border tensions", keywords=["border", "crossing", "ceasefire"]),
    Theme(name="Talks", keywords=["talks", "delegation", "negotiation", "mediator"]),
]


@pytest.fixture(autouse=True)
def _empty_memos() -> Iterator[None]:
    article_memo.keep_between_runs(True)
    article_memo.clear()
    yield
    article_memo.keep_between_runs(False)


def test_nothing_is_kept_unless_asked() -> None:
    article_memo.keep_between_runs(False)
    items = analysed()
    first = _scores(items)
    assert not len(group._HITS) and not len(group._TERM_COUNTS)
    article_memo.keep_between_runs(True)
    again = _scores(items)
    for a, b in zip(first[:3], again[:3], strict=True):
        assert np.array_equal(a, b)
    assert first[3] == again[3]


def _scores(items: list[AnalysedArticle]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    scores = group.score_themes(items, THEMES)
    reasons = [p.reason for p in group.explain(items, scores)]
    return scores.keywords, scores.similarity, scores.placed, reasons


def test_a_second_run_over_the_same_articles_gives_the_same_scores_from_the_memo() -> None:
    items = analysed()
    first = _scores(items)
    assert len(group._HITS) == len(items) and len(group._TERM_COUNTS) == len(items)
    again = [dataclasses.replace(item) for item in items]  # equal articles, new objects (a new run)
    article_memo.new_run()
    second = _scores(again)
    for a, b in zip(first[:3], second[:3], strict=True):
        assert np.array_equal(a, b)
    assert first[3] == second[3]
    assert len(group._HITS.current) == len(items) and not group._HITS.previous  # all found, none made


def test_the_key_holds_the_analysis_not_only_the_text() -> None:
    item = analysed()[0]
    other = dataclasses.replace(item, title_lemmas=(*item.title_lemmas, "ceasefire"))
    assert article_memo.article_key(item) != article_memo.article_key(other)
    assert article_memo.article_key(item) == article_memo.article_key(dataclasses.replace(item))
    assert group.keyword_hits([other], [group.ThemeMatcher.from_theme(t) for t in THEMES]).counts[0].sum() > (
        group.keyword_hits([item], [group.ThemeMatcher.from_theme(t) for t in THEMES]).counts[0].sum()
    )


def test_a_changed_setting_is_not_served_what_the_old_one_made(monkeypatch: pytest.MonkeyPatch) -> None:
    items = analysed()
    group.day_vectors(items)  # memoised with the headline's words counted three times
    monkeypatch.setattr(group, "PYRAMID_TERMS", False)
    _, counts, _ = group.day_vectors(items)
    article_memo.clear()
    _, fresh, _ = group.day_vectors(items)
    assert (counts != fresh).nnz == 0


def test_a_module_stamp_follows_its_settings_however_often_it_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    settings = types.ModuleType("briefer_test_settings")
    settings.LIMIT = 3  # type: ignore[attr-defined]
    settings.WORDS = ("a", "b")  # type: ignore[attr-defined]
    first = article_memo.module_stamp(settings)
    assert article_memo.module_stamp(settings) == first  # kept: nothing was bound again
    settings.LIMIT = 4  # type: ignore[attr-defined]
    changed = article_memo.module_stamp(settings)
    assert changed != first
    settings.LIMIT = 3  # type: ignore[attr-defined]
    assert article_memo.module_stamp(settings) == first
    settings.EXTRA = 1  # type: ignore[attr-defined]
    assert article_memo.module_stamp(settings) != first
    del settings.EXTRA  # type: ignore[attr-defined]
    assert article_memo.module_stamp(settings) == first
    settings.helper = 1  # type: ignore[attr-defined]  # a name that is no setting: the same stamp
    assert article_memo.module_stamp(settings) == first
    del settings.WORDS  # type: ignore[attr-defined]  # a setting gone: another stamp
    assert article_memo.module_stamp(settings) != first
    settings.WORDS = ("a", "b")  # type: ignore[attr-defined]
    assert article_memo.module_stamp(settings) == first
    # A tuple holding a list can change in place, with no name bound again: never kept.
    settings.PAIRS = (["x"],)  # type: ignore[attr-defined]
    before = article_memo.module_stamp(settings)
    settings.PAIRS[0].append("y")  # type: ignore[attr-defined]
    assert article_memo.module_stamp(settings) != before
    # The stories' stamp, kept, is the one worked out from nothing (and changes with a setting).
    kept = article_memo.module_stamp(stories)
    article_memo._STAMPS.clear()
    assert article_memo.module_stamp(stories) == kept
    monkeypatch.setattr(stories, "ALONE", stories.ALONE + 0.01)
    assert article_memo.module_stamp(stories) != kept


def test_an_entry_unused_for_a_whole_run_goes() -> None:
    memo: article_memo.Memo[int] = article_memo.Memo("test")
    memo.put("a", 1)
    memo.put("b", 2)
    article_memo.new_run()
    assert memo.get("a") == 1  # used in this run: kept for the next
    article_memo.new_run()
    assert memo.get("a") == 1
    assert memo.get("b") is article_memo.MISSING


def test_stories_per_article_functions_are_memoised_while_grouping_only() -> None:
    items = analysed()
    plain = stories.article_features
    with article_memo.patched(stories, group.STORY_FEATURES, group._STORY_MEMOS.__getitem__) as stamp:
        assert stories.article_features is not plain
        group._fill_story_features(items, None, stamp)
        assert not article_memo.missing(group._STORY_MEMOS["article_protagonist"], items, stamp)
        memoised = [stories.article_facts(item) for item in items]
    assert stories.article_features is plain
    assert memoised == [stories.article_facts(item) for item in items]


def test_quotes_from_the_memo_are_those_made_without_it() -> None:
    folder = Path(__file__).parent / "fixtures" / "quotes"
    items = analyse([article(name, (folder / f"{name}.txt").read_text(encoding="utf-8")) for name in ("talks", "wire")])
    first = theme_quotes(items)
    assert first and len(quotes._QUOTES) == len(items)
    article_memo.new_run()
    again = [dataclasses.replace(item) for item in items]
    assert theme_quotes(again) == first
    assert len(quotes._QUOTES.current) == len(items) and not quotes._QUOTES.previous  # every one found


WORDS = ["champion", "economy", "comedy", "minister", "tax", "game", "party", "mp", "band", "art", "artist"]
LEMMAS = [
    "championship",
    "champions",
    "economist",
    "economic",
    "economical",
    "comedian",
    "comedians",
    "ministerial",
    "taxation",
    "taxes",
    "games",
    "gamer",
    "parts",
    "partial",
    "mph",
    "bandwidth",
    "artists",
    "artistic",
    "arts",
    "economy",
    "champion",
    "ecics",
    "gameship",
]


def test_the_derived_keyword_looked_up_is_the_one_every_keyword_tried_finds() -> None:
    counter = group._PhraseCounter([(w,) for w in WORDS], {w: group._normalize(w) for w in WORDS})
    for lemma in LEMMAS:
        tried = next((w for w, _ in counter.words if group._derived_from(lemma, w)), None)
        assert counter._derived(lemma) == tried, lemma


def test_a_group_summary_is_kept_for_the_same_articles_in_the_same_order_only(monkeypatch: pytest.MonkeyPatch) -> None:
    items = summarize_articles(analysed("bor-clash", "bor-ceasefire", "bor-crossing-paraphrase"), "briefer", 3)
    first = summarize_group(items, 3)
    assert first == group_summary(items, 3)
    article_memo.new_run()
    assert summarize_group([dataclasses.replace(item) for item in items], 3) == first
    assert summarize._GROUPS.found == 1 and summarize._GROUPS.missed == 0
    backwards = list(reversed(items))
    assert summarize_group(backwards, 3) == group_summary(backwards, 3)
    assert summarize._GROUPS.missed == 1  # another order: made, not found
    shorter = [dataclasses.replace(item, summary=item.summary[:1]) for item in items]
    assert summarize_group(shorter, 3) == group_summary(shorter, 3)
    monkeypatch.setattr(summarize, "MAX_CANDIDATES", 2)
    assert summarize_group(items, 3) == group_summary(items, 3)
    assert summarize._GROUPS.missed == 3  # another setting: made again


def _counting() -> tuple[list[str], Callable[[AnalysedArticle], int]]:
    """A function of an article that notes each article it is asked of, and the notes."""
    made: list[str] = []

    def count(item: AnalysedArticle) -> int:
        made.append(item.article.id)
        return len(item.sentences)

    return made, count


def test_within_a_block_each_article_is_worked_out_once_and_nothing_stays() -> None:
    article_memo.keep_between_runs(False)
    items = analysed()
    made, count = _counting()

    memo = article_memo.Memo[int]("test within")
    outside = article_memo.each(memo, items, count, "s") + article_memo.each(memo, items, count, "s")
    assert len(made) == 2 * len(items)  # no block: made at every call
    made.clear()
    with article_memo.within():
        inside = article_memo.each(memo, items, count, "s") + article_memo.each(memo, items, count, "s")
        assert len(made) == len(items)  # the second call reads the first's
        article_memo.each(memo, items, count, "another stamp")  # other settings: made again
        assert len(made) == 2 * len(items)
        copies = [dataclasses.replace(item) for item in items]  # equal articles, other objects: made again
        article_memo.each(memo, copies, count, "s")
        assert len(made) == 3 * len(items)
    assert inside == outside
    assert not len(memo)  # kept nowhere between runs
    made.clear()
    article_memo.each(memo, items, count, "s")
    assert len(made) == len(items)  # the block's results went with it


def test_a_block_for_some_memos_keeps_theirs_only() -> None:
    """Session 51: ``within(only=...)`` holds the named memos' results for the block, and makes the others' at
    each call, as outside a block."""
    article_memo.keep_between_runs(False)
    items = analysed()
    made, count = _counting()

    kept = article_memo.Memo[int]("test only kept")
    other = article_memo.Memo[int]("test only other")
    with article_memo.within(only=[kept.name]):
        first = article_memo.each(kept, items, count, "s")
        assert article_memo.each(kept, items, count, "s") == first
        assert len(made) == len(items)  # the second call read the first's
        made.clear()
        article_memo.each(other, items, count, "s") + article_memo.each(other, items, count, "s")
        assert len(made) == 2 * len(items)  # not held: made at every call
    made.clear()
    article_memo.each(kept, items, count, "s")
    assert len(made) == len(items)  # the block's results went with it
    with article_memo.within():  # a block of every memo, as before
        made.clear()
        article_memo.each(other, items, count, "s") + article_memo.each(other, items, count, "s")
        assert len(made) == len(items)


def test_within_a_block_the_stories_functions_are_shared_and_give_the_same_roundups() -> None:
    article_memo.keep_between_runs(False)
    items = analysed()
    themes = {"all": items}
    calls: list[str] = []
    plain = stories.article_facts

    def counted(item: AnalysedArticle) -> object:
        calls.append(item.article.id)
        return plain(item)

    stories_memos = {name: article_memo.Memo[object](f"test {name}") for name in group.STORY_FEATURES}
    try:
        stories.article_facts = counted  # type: ignore[assignment]
        with article_memo.patched(stories, ("article_facts",), stories_memos.__getitem__):
            without_block = stories.day_roundups(themes, group.OTHER)
            once = len(calls)
            calls.clear()
            with article_memo.within():
                within_block = stories.day_roundups(themes, group.OTHER)
            assert len(calls) == len(set(calls)) == len(items)
            assert once > len(items)  # the two counts of the day each asked every article
    finally:
        stories.article_facts = plain  # type: ignore[assignment]
    assert within_block == without_block
