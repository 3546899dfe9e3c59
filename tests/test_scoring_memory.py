"""What the day's scoring holds (docs/performance.md, session 43): results a run asks once of every
article are not held by a within block, the themes' spaces share the day's vectors' structure, the
day's profiles are the same sums made one article at a time, and a large day's parent makes no story
facts that nobody would read. The articles are the theme fixtures, written for the tests."""

from __future__ import annotations

import dataclasses
import json
import pickle
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from nlp_fixtures import THEMES, analysed

from briefer import article_memo, cached, group, stories, tfidf
from briefer.cached import PackedPlacements
from briefer.config import Config, Grouping
from briefer.executor import InProcess
from briefer.models import AnalysedArticle, ThemeGroup
from briefer.summarize import summarize_articles
from briefer.tfidf import unit_rows


@pytest.fixture(autouse=True)
def _nothing_kept() -> Iterator[None]:
    article_memo.keep_between_runs(False)
    yield
    article_memo.keep_between_runs(False)


def _scoped(name: str) -> int:
    """How many results of the memo ``name`` the open within block holds."""
    scope = article_memo._SCOPE
    assert scope is not None
    return sum(1 for memo, _, _ in scope if memo == name)


def test_a_within_block_holds_the_results_asked_twice_not_those_asked_once() -> None:
    items = analysed()
    outside = group.score_themes(items, THEMES)
    with article_memo.within():
        inside = group.score_themes(items, THEMES)
        assert _scoped("term counts") == len(items)  # read again by the day's profiles
        for once in ("word counts", "similar-word counts", "keyword hits"):
            assert _scoped(once) == 0
        group.day_profiles(items, inside)
        assert _scoped("unit term weights") == 0
    assert np.array_equal(outside.placed, inside.placed)
    assert np.array_equal(outside.similarity, inside.similarity)
    assert outside.vocabulary is not None and inside.vocabulary is not None
    assert outside.vocabulary.words == inside.vocabulary.words  # made of the word counts


def test_a_resident_process_still_keeps_what_is_asked_once() -> None:
    items = analysed()
    article_memo.keep_between_runs(True)
    article_memo.clear()
    first = group.day_vectors(items)[2]
    assert len(group._WORD_COUNTS) == len(items)
    article_memo.new_run()
    again = group.day_vectors(items)[2]
    assert group._WORD_COUNTS.found == len(items) and not group._WORD_COUNTS.missed
    assert first.words == again.words and first.terms == again.terms


def _profiles_held_first(
    items: list[AnalysedArticle], scores: group.ThemeScores
) -> dict[str, tuple[int, dict[str, float]]]:
    """:func:`briefer.group.day_profiles` as it was written before session 43: every article's unit weights
    made first, then each theme's summed."""
    docs = [group._term_counts(item) for item in items]
    units = [group._unit_weights(counts) for counts in docs]
    out: dict[str, tuple[int, dict[str, float]]] = {}
    df: Counter[str] = Counter()
    for counts in docs:
        df.update(counts.keys())
    out[group.BACKGROUND] = (len(items), dict(sorted(df.items())))
    for t, name in enumerate(scores.themes):
        rows = np.flatnonzero(scores.placed[:, t])
        total: Counter[str] = Counter()
        for a in rows:
            total.update(units[a])
        top = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[: group.PROFILE_TERMS]
        out[name] = (len(rows), {term: round(weight, 6) for term, weight in sorted(top)})
    return out


@pytest.mark.parametrize("terms", [group.PROFILE_TERMS, 5])
def test_the_profiles_made_an_article_at_a_time_are_the_same(monkeypatch: pytest.MonkeyPatch, terms: int) -> None:
    monkeypatch.setattr(group, "PROFILE_TERMS", terms)  # few terms: ties and the cut are where sums could differ
    items = analysed()
    scores = group.score_themes(items, THEMES, multiple=True)
    made = group.day_profiles(items, scores)
    assert any(count for name, (count, _) in made.items() if name != group.BACKGROUND)
    assert made == _profiles_held_first(items, scores)
    assert repr(made) == repr(_profiles_held_first(items, scores))  # the very floats, in the same order


def test_a_space_without_keywords_shares_the_days_structure_and_has_its_values() -> None:
    vectors = group.day_vectors(analysed())[0]
    keep = np.ones(vectors.shape[1])
    keep[::3] = 0.0
    space = group._reweighed(vectors, keep)
    whole = unit_rows(vectors, keep)
    assert np.shares_memory(space.indices, vectors.indices) and np.shares_memory(space.indptr, vectors.indptr)
    assert np.array_equal(space.data, whole.data) and np.array_equal(space.indices, whole.indices)
    assert np.array_equal(space.indptr, whole.indptr) and space.has_sorted_indices == whole.has_sorted_indices
    members = np.zeros(vectors.shape[0], dtype=bool)
    members[::2] = True
    assert np.array_equal(group._theme_similarity(space, members, None), group._theme_similarity(whole, members, None))


@pytest.mark.parametrize("limit", [0, 10**6])
def test_the_parent_makes_the_facts_only_where_the_days_round_ups_are_looked_for(
    monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    monkeypatch.setattr(stories, "DAY_ROUNDUP_LIMIT", limit)
    items = analysed()
    with article_memo.patched(stories, group.STORY_FEATURES, group._STORY_MEMOS.__getitem__):
        with article_memo.within():
            group._meanwhile(items, stories)
            assert _scoped("stories.article_facts") == (len(items) if limit >= len(items) else 0)


@pytest.mark.parametrize("multiple", [False, True])
def test_the_placements_a_child_sends_back_packed_are_the_themes_own(multiple: bool) -> None:
    items = analysed()
    config = Config(themes=THEMES, grouping=Grouping(multiple=multiple))
    placed, explained, _ = group._placed(items, config, None, False)
    again, packed, _ = group._placed_packed(items, config, None, False)
    assert again == placed
    assert packed.keys() == placed.keys()
    for name, found in placed.items():
        assert isinstance(packed[name], PackedPlacements)
        expected = {items[i].article.id: explained[i] for i, _ in found}
        assert list(packed[name]) == list(expected)  # the theme's order, which briefing.json reads
        assert packed[name] == expected


def _placed_themes(items: list[Any], packed: bool) -> list[ThemeGroup]:
    """The day's themes as the map places ``items``, each with its placements (packed as the map sends them back,
    or a plain dict)."""
    placed, explained, _ = group._placed(items, Config(themes=THEMES), None, False)
    return [
        ThemeGroup(
            name=name,
            summary=(),
            articles=tuple(summarize_articles([items[i] for i, _ in found])),
            placements=(PackedPlacements if packed else dict)(  # type: ignore[arg-type]
                {items[i].article.id: explained[i] for i, _ in found}
            ),
        )
        for name, found in placed.items()
        if found
    ]


def test_an_article_in_two_themes_packed_apart_has_one_placement_in_the_days_base() -> None:
    items = analysed()
    placed, explained, _ = group._placed(items, Config(themes=THEMES), None, False)
    first, second = [name for name, found in placed.items() if found][:2]
    both = placed[first][0][0]  # as multiple=True may place it: in the second theme too
    themes = []
    for name, found in ((first, placed[first]), (second, [*placed[second], (both, 1.0)])):
        theme_items = [items[i] for i, _ in found]
        themes.append(
            ThemeGroup(
                name=name,
                summary=(),
                articles=tuple(summarize_articles(theme_items)),
                placements=PackedPlacements({items[i].article.id: explained[i] for i, _ in found}),  # type: ignore[arg-type]
            )
        )
    assert themes[0].placements[items[both].article.id] is not themes[1].placements[items[both].article.id]
    base = group.base_of(themes, len(items), {}, {})
    # The base holds the themes' packed placements themselves (not every placement unpacked until it is
    # written); the store's codec writes each once by its content: read back, one object in both themes.
    assert all(mine.placements is theirs.placements for mine, theirs in zip(base.themes, themes, strict=True))
    codec = cached._base_codec()
    stored = codec.decode(json.loads(bytes(codec.encode_json(base))))
    one, two = (theme.placements[items[both].article.id] for theme in stored.themes)
    assert one is two and one == explained[both]
    assert all(type(theme.placements) is dict for theme in stored.themes)
    assert [list(theme.placements) for theme in stored.themes] == [list(theme.placements) for theme in themes]
    assert [dict(theme.placements) for theme in stored.themes] == [dict(theme.placements) for theme in themes]
    # Unpacked placements (the day placed here) are shared as before.
    plain = [dataclasses.replace(theme, placements=dict(theme.placements)) for theme in themes]
    one, two = (theme.placements[items[both].article.id] for theme in group.base_of(plain, len(items), {}, {}).themes)
    assert one is two


def test_a_large_days_base_is_written_when_made_a_small_days_when_the_run_has_a_moment(tmp_path: Path) -> None:
    """From ``BASE_WRITTEN_FROM`` articles the day's base goes to the store as soon as it is made, not held
    through the story memory and the render to the run's last writes; the same base is read back."""
    from briefer.cache import DAY_BASE
    from briefer.store import RunMemory, Store

    items = analysed()
    themes = _placed_themes(items, packed=True)
    for whole, at_once in ((cached.BASE_WRITTEN_FROM - 1, False), (cached.BASE_WRITTEN_FROM, True)):
        store = Store(tmp_path / f"store-{whole}.sqlite")
        memory = RunMemory(store, False)
        base = group.base_of(themes, whole, {}, {})
        cached.save_base(memory, "day", base)
        assert (store.cache_get(DAY_BASE.name, DAY_BASE.key("day")) is not None) is at_once
        memory.flush()
        back = cached.load_base(memory, "day")
        assert back is not None and back.whole == whole
        assert [dict(theme.placements) for theme in back.themes] == [dict(theme.placements) for theme in themes]
        store.close()


def test_a_large_days_base_holds_its_pieces_compressed_until_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session 49: a base written when made (``BASE_WRITTEN_FROM``) from ``MEMO_COMPRESSED_FROM`` articles holds
    its placements' JSON text compressed until written, as a large day's memo does: the same bytes."""
    items = analysed()
    themes = _placed_themes(items, packed=False)
    codec = cached._base_codec(False)  # save_base's
    encode = codec.encode_json_parts
    asked: list[bool] = []

    def spied(value: Any, size: int = 4 << 20, compressed: bool = False) -> Any:
        asked.append(compressed)
        return encode(value, size, compressed)

    class Memory:
        def put_parts(self, kind: Any, key: str, parts: Any) -> None:
            self.written = b"".join(parts)

    monkeypatch.setattr(codec, "encode_json_parts", spied)
    monkeypatch.setattr(cached, "BASE_WRITTEN_FROM", 0)
    base = group.base_of(themes, len(items), {}, {})
    written = []
    for threshold in (len(items) + 1, len(items)):
        monkeypatch.setattr(cached, "MEMO_COMPRESSED_FROM", threshold)
        memory = Memory()
        cached.save_base(memory, "day", base)  # type: ignore[arg-type]
        written.append(memory.written)
    assert asked == [False, True]
    assert written[0] == written[1] == bytes(codec.encode_json(base))


def test_the_days_term_counts_are_the_matrix_lists_of_python_ints_made() -> None:
    items = analysed()
    _, counts, vocabulary = group.day_vectors(items)
    column = {t: i for i, t in enumerate(vocabulary.terms)}
    indices: list[int] = []
    values: list[int] = []
    indptr = [0]
    for found in (group._term_counts(item) for item in items):
        for t in sorted(found):
            indices.append(column[t])
            values.append(found[t])
        indptr.append(len(indices))
    assert counts.data.dtype == np.float64 and counts.indices.dtype == counts.indptr.dtype == np.int32
    assert np.array_equal(counts.data, np.asarray(values, dtype=float))
    assert np.array_equal(counts.indices, np.asarray(indices, dtype=np.int32))
    assert np.array_equal(counts.indptr, np.asarray(indptr, dtype=np.int32))


def test_a_large_days_similar_words_made_twice_are_those_held(monkeypatch: pytest.MonkeyPatch) -> None:
    items = analysed()
    matchers = [group.ThemeMatcher.from_theme(t) for t in THEMES]
    hits = group.keyword_hits(items, matchers)
    held = group.similar_words(items, matchers, hits)
    monkeypatch.setattr(group, "SIMILAR_HELD_MOST", 0)  # the fixture day as a large one: its counts made twice
    made = []
    monkeypatch.setattr(group, "_similar_counts", lambda item: made.append(item) or group_similar_counts(item))
    twice = group.similar_words(items, matchers, hits)
    assert len(made) == 2 * len(items)
    assert held is not None and twice is not None
    assert np.array_equal(held.points, twice.points) and held.words == twice.words
    assert held.naming is not None and twice.naming is not None and np.array_equal(held.naming, twice.naming)


group_similar_counts = group._similar_counts


def _scores_equal(a: group.ThemeScores, b: group.ThemeScores) -> None:
    fields = ("keywords", "similarity", "placed", "floors", "fit_similarity", "sense_similarity", "astray")
    for field in (*fields, "bare_similarity", "bare_floors", "floor_sense", "sense_floors", "meaning_gap"):
        x, y = getattr(a, field), getattr(b, field)
        assert (x is None) == (y is None), field
        if x is not None:
            assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), field


def test_a_large_days_spaces_are_made_when_asked_and_score_as_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session 44: a large day's themes' spaces without their keywords are not held through the rounds."""
    items = analysed()
    monkeypatch.setattr(group, "SEEDS_FOR_FLOOR", 1)  # the sense tests asked of more of the fixture's articles
    made: list[int] = []
    reweighed = group._reweighed
    monkeypatch.setattr(group, "_reweighed", lambda v, w: made.append(1) or reweighed(v, w))
    held = group.score_themes(items, THEMES)
    once = len(made)
    made.clear()
    monkeypatch.setattr(group, "SPACES_HELD_MOST", 0)  # the fixture day as a large one
    spaces: list[group._Space] = []
    sense_spaces = group._sense_spaces
    monkeypatch.setattr(group, "_sense_spaces", lambda *a: _kept(spaces, sense_spaces(*a)))
    asked = group.score_themes(items, THEMES)
    assert spaces and all(space._made is None for space in spaces)  # none held
    assert len(made) > once + 1  # made again each time asked
    _scores_equal(held, asked)


def _kept(into: list[group._Space], found: dict[int, tuple[group._Space, np.ndarray]]) -> dict:
    into.extend(space for space, _ in found.values())
    return found


def test_the_similarity_to_a_theme_made_a_block_of_rows_at_a_time_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session 44: the columns of a theme's profile are taken out of the day a block of rows at a time."""
    vectors = group.day_vectors(analysed())[0]
    members = np.zeros(vectors.shape[0], dtype=bool)
    members[::3] = True
    prior = np.linspace(0.0, 0.01, vectors.shape[1])
    whole = group._theme_similarity(vectors, members, prior)
    widest: list[int] = []
    dots_and_norms = group._dots_and_norms
    monkeypatch.setattr(group, "_dots_and_norms", lambda r, k, w: widest.append(r.shape[0]) or dots_and_norms(r, k, w))
    monkeypatch.setattr(group, "SIMILARITY_BLOCK", 3)
    blocks = group._theme_similarity(vectors, members, prior)
    assert max(widest) == 3 and len(widest) == -(-vectors.shape[0] // 3)
    assert np.array_equal(whole, blocks)  # the very floats
    rows = np.array([1, 4, 5])
    assert np.array_equal(group._theme_similarity(vectors, members, prior, rows), whole[rows])
    items = analysed()
    monkeypatch.setattr(group, "SIMILARITY_BLOCK", 10**9)
    one = group.score_themes(items, THEMES)
    monkeypatch.setattr(group, "SIMILARITY_BLOCK", 2)
    _scores_equal(one, group.score_themes(items, THEMES))


def _members(config: Config) -> dict[str, tuple[Any, ...]]:
    """The fixtures' articles summarized, by the theme ``config`` places them in: what the themes' map works on."""
    items = analysed()
    placed, _, _ = group._placed(items, config, None, False)
    summarized = {s.analysed.article.id: s for s in summarize_articles(items)}
    return {name: tuple(summarized[items[i].article.id] for i, _ in found) for name, found in placed.items() if found}


def _largest_theme() -> tuple[Any, ...]:
    """The articles of the fixtures' largest theme, nothing kept between runs: what one theme's parts are made of."""
    article_memo.keep_between_runs(False)
    members = _members(Config(themes=THEMES))
    return members[max(members, key=lambda n: len(members[n]))]


def test_a_large_days_theme_parts_are_packed_where_made_and_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session 44: the themes' map's processes hold each theme's parts packed, not as objects, until the map ends."""
    config = Config(themes=THEMES)
    members = _members(config)
    monkeypatch.setattr(stories, "EXACT_LIMIT", 2)  # every theme large enough for its space

    def worked() -> tuple[Any, ...]:
        spaces: dict[str, Any] = {}
        parts, quotes = group._worked_themes(members, list(members), config, (), None, stories, spaces)
        return parts, quotes, spaces

    made: list[Any] = []
    packed_parts = group._packed_theme_parts
    monkeypatch.setattr(
        group, "_packed_theme_parts", lambda themes, **o: made.extend(packed_parts(themes, **o)) or made[-len(themes) :]
    )
    as_objects = worked()
    assert not made
    monkeypatch.setattr(group, "PARTS_PACKED_FROM", 0)
    packed = worked()
    assert made and all(type(part) is bytes for part in made)
    assert packed == as_objects and packed[2]  # the spaces too


def test_a_large_themes_space_reads_the_features_its_stories_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session 51: a theme large enough for its space (the day's base) has each article's story features made
    once in the themes' map, for its stories and its space, not once for each; the same parts."""
    theme = _largest_theme()
    plain = stories.article_features
    calls: list[str] = []

    def counted(item: Any) -> Any:
        calls.append(item.article.id)
        return plain(item)

    def parts() -> list[Any]:
        calls.clear()
        monkeypatch.setattr(stories, "article_features", counted)
        memos = group.STORY_FEATURES + group.STORY_LAZY
        with article_memo.patched(stories, memos, group._STORY_MEMOS.__getitem__):
            return group.theme_parts([theme], 0.2, 4, spaces=True)

    monkeypatch.setattr(stories, "EXACT_LIMIT", 2)  # large enough for its space
    shared = parts()
    assert shared[0][5] is not None and len(calls) == len(set(calls)) == len(theme)
    monkeypatch.setattr(group, "SPACE_FEATURES_SHARED", ())  # a block that holds nothing: made for each
    apart = parts()
    assert len(calls) == 2 * len(theme)
    assert [p[:3] + p[5:] for p in shared] == [p[:3] + p[5:] for p in apart]


def test_a_themes_quotations_and_key_actors_run_each_articles_entities_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session 52: the quotations' key-actor merge and the theme's key actors read each article's entity runs
    made once in the themes' map, the speakers' runs after them; the same parts."""
    from briefer import entities

    theme = _largest_theme()
    plain = entities._run_together
    calls: list[str] = []

    def counted(item: Any, found: Any = None) -> Any:
        if found is None:
            calls.append(item.article.id)
        return plain(item, found)

    monkeypatch.setattr(entities, "_run_together", counted)
    shared = group.theme_parts([theme], 0.2, 4, quotes=True)
    assert shared[0][3] is not None and len(calls) == len(set(calls)) == len(theme)
    monkeypatch.setattr(group, "ENTITY_RUNS_SHARED", ())  # a block that holds nothing: made for each
    calls.clear()
    apart = group.theme_parts([theme], 0.2, 4, quotes=True)
    assert len(calls) == 2 * len(theme)
    assert [p[:4] for p in shared] == [p[:4] for p in apart]


def test_key_actors_with_further_people_are_those_of_the_articles_with_them_as_entities() -> None:
    """Session 52: ``key_actors(items, speakers=...)`` (the quotations' merge, each article's runs read as the theme's
    key actors have them, its speakers' after) is what the articles with the speakers added to their entities made."""
    from briefer import entities
    from briefer.quotes import find_quotes

    article_memo.keep_between_runs(False)
    items = analysed()
    names = [text for item in items for text, label in item.entities if label in ("PERSON", "ORG", "GPE")]
    people = [
        [q.speaker for q in find_quotes(item)]
        + ([names[i * 7 % len(names)], names[i * 3 % len(names)]] if i % 3 else [])
        for i, item in enumerate(items)
    ]
    assert sum(map(bool, people)) > len(items) // 2
    copies = []
    for item, added in zip(items, people, strict=True):
        copy = object.__new__(type(item))
        vars(copy).update(vars(item), entities=(*item.entities, *((p, "PERSON") for p in added)))
        copies.append(copy if added else item)
    for places in (False, True):
        expected = entities.key_actors(copies, limit=None, places=places)
        assert entities.key_actors(items, limit=None, places=places, speakers=people) == expected
        with article_memo.within():
            assert entities.key_actors(items, limit=None, places=places, speakers=people) == expected


def test_the_entity_runs_memo_is_the_one_shared() -> None:
    from briefer import entities

    assert group.ENTITY_RUNS_SHARED == (entities._RUNS_AND_NAMES.name,)


class _CountingMap(InProcess):
    """An executor whose maps are counted (it works in this process, as the fork pool's would)."""

    def __init__(self) -> None:
        self.maps: list[int] = []

    def map(self, fn: Any, items: Any, chunk: int = 1, min_items: int | None = None, on_progress: Any = None) -> Any:
        self.maps.append(len(items))
        return super().map(fn, items, chunk, min_items, on_progress)


def test_a_large_days_themes_are_worked_out_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session 45: from MAP_ALONE_FROM placed articles the themes' map is not the executor's (a forked worker and
    this process each copied the pages of the day they shared): the same parts, worked out one theme at a time."""
    config = Config(themes=THEMES)
    members = _members(config)
    themes = [name for name in members if name != group.OTHER]
    assert len(themes) >= 2

    def worked(executor: _CountingMap) -> tuple[Any, ...]:
        return group._worked_themes(members, list(members), config, (), executor, stories, None)

    small = _CountingMap()
    on_the_map = worked(small)
    assert small.maps == [len(themes)]  # a small day's themes go to the executor's map
    monkeypatch.setattr(group, "MAP_ALONE_FROM", sum(len(found) for found in members.values()))
    large = _CountingMap()
    alone = worked(large)
    assert large.maps == []
    assert alone == on_the_map


def test_a_large_days_term_counts_are_made_again_not_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session 46: a large day's term counts are not held by the scoring's within block from the day's vectors to
    its profiles (some 4 KB an article through the rounds): made again for the profiles, the same vectors and
    the same profiles, float for float."""
    items = analysed()
    with article_memo.within():
        held = group.score_themes(items, THEMES)
        assert _scoped("term counts") == len(items)
        held_profiles = group.day_profiles(items, held)
    monkeypatch.setattr(group, "TERMS_HELD_MOST", 0)  # the fixture day as a large one
    made: list[AnalysedArticle] = []
    term_counts = group._term_counts
    monkeypatch.setattr(group, "_term_counts", lambda item: made.append(item) or term_counts(item))
    with article_memo.within():
        again = group.score_themes(items, THEMES)
        assert _scoped("term counts") == 0
        assert len(made) == len(items)
        again_profiles = group.day_profiles(items, again)
        assert _scoped("term counts") == 0
    assert len(made) == 2 * len(items)  # made again for the profiles
    _scores_equal(held, again)
    assert held.vectors is not None and again.vectors is not None
    assert (held.vectors != again.vectors).nnz == 0
    assert np.array_equal(held.vectors.indices, again.vectors.indices)
    assert list(held_profiles) == list(again_profiles) and held_profiles == again_profiles
    assert [list(terms) for _, terms in held_profiles.values()] == [list(terms) for _, terms in again_profiles.values()]


def test_the_days_vectors_with_earlier_days_terms_are_the_same_read_once() -> None:
    """Session 46: the day's terms numbered as they first come and renumbered in their order give the matrix
    written term by term in that order (test_the_days_term_counts_are_the_matrix_lists_of_python_ints_made), with
    the earlier days' terms among them."""
    items = analysed()
    prior = group.prior_from_days({"2025-01-14": {"Business": (3, {"zzz": 0.5, "aaa": 0.25, "bank": 0.1})}})
    _, counts, vocabulary = group.day_vectors(items, prior)
    assert "zzz" in vocabulary.terms and "aaa" in vocabulary.terms
    column = {t: i for i, t in enumerate(vocabulary.terms)}
    rows = [sorted((column[t], c) for t, c in group._term_counts(item).items()) for item in items]
    assert counts.indices.tolist() == [i for row in rows for i, _ in row]
    assert counts.data.tolist() == [float(c) for row in rows for _, c in row]
    assert counts.shape == (len(items), len(vocabulary.terms))


def test_a_large_days_similar_words_are_held_as_numbers_and_explain_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session 46: a large day's similar words shown per article and theme are held as machine numbers, not as
    SimilarWord objects (some 2 KB an article through the scoring child's rounds): each article's made when
    asked, the same words; its placements pickle to the same bytes."""
    items = analysed()
    held = group.score_themes(items, THEMES)
    monkeypatch.setattr(group, "SIMILAR_HELD_MOST", 0)  # the fixture day as a large one
    packed = group.score_themes(items, THEMES)
    assert held.similar is not None and packed.similar is not None
    assert type(held.similar.words) is tuple
    assert isinstance(packed.similar.words, group._ShownWords)
    assert len(packed.similar.words) == len(items)
    assert any(any(per) for per in held.similar.words)  # the fixture's articles have similar words
    assert [packed.similar.words[a] for a in range(len(items))] == list(held.similar.words)
    assert packed.similar.words[-1] == held.similar.words[-1]
    assert pickle.dumps(group.explain(items, packed), protocol=5) == pickle.dumps(
        group.explain(items, held), protocol=5
    )


@pytest.mark.parametrize("block", [1, 2, 3, 4096])
@pytest.mark.parametrize("sublinear", [False, True])
def test_unit_rows_a_block_at_a_time_are_the_same_floats(
    monkeypatch: pytest.MonkeyPatch, block: int, sublinear: bool
) -> None:
    """Session 46: the day's vectors and its spaces without keywords weighed and scaled a block of rows at a time
    (tfidf.UNIT_BLOCK), not with four arrays of the day's size at once: the floats of the whole matrix at once."""
    _, counts, vocabulary = group.day_vectors(analysed())
    rng = np.random.default_rng(46)
    weights = rng.random(counts.shape[1]) * (rng.random(counts.shape[1]) > 0.2)  # some terms weigh nothing
    empty = counts.copy()
    empty.data[empty.indptr[1] : empty.indptr[3]] = 0.0  # rows whose length is nought
    empty.data[empty.data == 0.0] = 1.0 if sublinear else 0.0  # log(0) is no count
    for matrix in (counts, empty):
        monkeypatch.setattr(tfidf, "UNIT_BLOCK", matrix.shape[0] + 1)  # one block: the whole matrix at once
        expected = unit_rows(matrix, weights, sublinear_tf=sublinear)
        monkeypatch.setattr(tfidf, "UNIT_BLOCK", block)
        made = unit_rows(matrix, weights, sublinear_tf=sublinear)
        assert made.data.tobytes() == expected.data.tobytes()
        assert np.array_equal(made.indices, expected.indices) and np.array_equal(made.indptr, expected.indptr)
        assert not np.shares_memory(made.indices, matrix.indices)
        assert made.has_sorted_indices == expected.has_sorted_indices
    monkeypatch.setattr(tfidf, "UNIT_BLOCK", counts.shape[0] + 1)
    vectors = unit_rows(counts, vocabulary.idf, sublinear_tf=True)
    whole = unit_rows(vectors, weights).data.tobytes()
    monkeypatch.setattr(tfidf, "UNIT_BLOCK", block)
    reweighed = group._reweighed(vectors, weights)
    assert np.shares_memory(reweighed.indices, vectors.indices) and np.shares_memory(reweighed.indptr, vectors.indptr)
    assert reweighed.data.tobytes() == whole
    assert group.day_vectors(analysed())[0].data.tobytes() == vectors.data.tobytes()


def test_a_large_days_themes_worked_out_here_let_go_of_the_sentences_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Session 46: once this process has worked out a large day's themes itself (MAP_ALONE_FROM), the stories'
    caches of sentences' specifics and facts are emptied (held to the end of the run for nothing); a small day's
    map leaves them, and so does a process that keeps its results between runs."""
    config = Config(themes=THEMES)
    members = _members(config)

    def worked() -> tuple[Any, ...]:
        return group._worked_themes(members, list(members), config, (), InProcess(), stories, None)

    stories._specifics_of.cache_clear()
    small = worked()
    assert stories._specifics_of.cache_info().currsize > 0 and stories._facts_of.cache_info().currsize > 0
    monkeypatch.setattr(group, "MAP_ALONE_FROM", sum(len(found) for found in members.values()))
    article_memo.keep_between_runs(True)
    worked()
    assert stories._specifics_of.cache_info().currsize > 0
    article_memo.keep_between_runs(False)
    assert worked() == small
    assert stories._specifics_of.cache_info().currsize == 0 and stories._facts_of.cache_info().currsize == 0
