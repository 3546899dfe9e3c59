"""Stories of a large theme on candidate pairs (issue 15): the same stories, no theme-sized matrix."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from scipy import sparse
from story_fixtures import story_day

from briefer import stories


class _Shapes:
    """Shapes of the matrices the clustering makes: every sparse product turned dense, every
    similarity and linkage input, every pairwise table of the articles (a real spy around the
    real functions, which still do the work)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seen: list[tuple[int, ...]] = []
        toarray = sparse.csr_matrix.toarray

        def dense(matrix: Any, *args: Any, **kwargs: Any) -> np.ndarray:
            out: np.ndarray = toarray(matrix, *args, **kwargs)
            self.seen.append(out.shape)
            return out

        monkeypatch.setattr(sparse.csr_matrix, "toarray", dense)
        for name in ("_average_linkage", "_apart", "_other_actions"):
            real = getattr(stories, name)

            def spy(first: Any, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
                self.seen.append(np.shape(first) if isinstance(first, np.ndarray) else (len(first), len(first)))
                return _real(first, *args, **kwargs)

            monkeypatch.setattr(stories, name, spy)

    def square(self, n: int) -> bool:
        return any(shape[:2] == (n, n) for shape in self.seen)


@pytest.mark.parametrize(("name", "limit"), [("border_day", 5), ("climbers_day", 6), ("crossing_day", 4)])
def test_a_theme_above_the_limit_gets_the_stories_of_all_pairs(
    name: str, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = story_day(name)
    n = len(items)
    assert n > limit
    shapes = _Shapes(monkeypatch)
    exact = stories.find_stories(items)
    assert shapes.square(n)  # all pairs: the spy sees the theme-sized matrices
    shapes.seen.clear()
    blocked = stories.find_stories(items, exact_limit=limit)
    assert shapes.seen  # the spy is in place on the candidate pairs' path too
    assert not shapes.square(n)  # ... which never makes a matrix of every pair
    assert blocked == exact  # same stories, titles, summaries, signatures, order


def test_the_sparse_average_linkage_is_average_linkage_when_every_pair_is_given() -> None:
    rng = np.random.default_rng(3)
    for n in (5, 12, 30):
        points = rng.random((n, 4)) ** 3
        points /= np.linalg.norm(points, axis=1, keepdims=True)
        sim = np.clip(points @ points.T, 0.0, 1.0)
        np.fill_diagonal(sim, 1.0)
        first, second = np.triu_indices(n, k=1)
        for threshold in (0.5, 0.8, 0.9):
            want = stories._average_linkage(sim, threshold)
            got = stories._sparse_average_linkage(n, first, second, sim[first, second], threshold)
            assert _partition(got) == _partition(want)


def test_a_missing_pair_counts_as_not_similar() -> None:
    # 0-1 and 1-2 are similar, 0-2 is not given: average linkage of {0, 1} with 2 is (0.9 + 0) / 2.
    first, second, sims = np.array([0, 1]), np.array([1, 2]), np.array([0.95, 0.9])
    assert _partition(stories._sparse_average_linkage(3, first, second, sims, 0.5)) == [[0, 1], [2]]
    assert _partition(stories._sparse_average_linkage(3, first, second, sims, 0.4)) == [[0, 1, 2]]


def test_candidate_pairs_are_the_pairs_above_the_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stories, "NEIGHBOURS", 60)  # every other row a candidate
    rng = random.Random(5)
    docs = [[f"w{rng.randrange(40)}" for _ in range(12)] for _ in range(60)]
    rows = stories._tfidf(docs)
    sim = (rows @ rows.T).toarray()
    first, second, sims = stories._candidate_pairs(rows, 0.2)
    want = {(i, j) for i in range(60) for j in range(i + 1, 60) if sim[i, j] >= 0.2}
    assert want  # the check means something
    assert set(zip(first.tolist(), second.tolist(), strict=True)) == want
    assert np.allclose(sims, sim[first, second])


def _partition(labels: np.ndarray) -> list[list[int]]:
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(i)
    return sorted(groups.values())


def test_candidates_come_from_the_terms_of_few_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every article has the day's common words; 0 and 1 share a rare word, 2 and 3 another.
    monkeypatch.setattr(stories, "RARE_DF", 3)
    common = ["border", "crisis", "talks", "minister"]
    docs = [[*common, f"own{i}", f"own{i}"] for i in range(10)]
    docs[0] += ["quarry"]
    docs[1] += ["quarry"]
    docs[2] += ["ferry"]
    docs[3] += ["ferry"]
    rows = stories._tfidf(docs)
    sim = (rows @ rows.T).toarray()
    assert sim[4, 5] > 0.01  # on every word, every pair would be a candidate
    first, second, sims = stories._candidate_pairs(rows, 0.01)
    assert set(zip(first.tolist(), second.tolist(), strict=True)) == {(0, 1), (2, 3)}
    assert np.allclose(sims, sim[first, second])  # ... each similar on all its words
