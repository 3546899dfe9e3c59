"""The theme-sized matrices of the stories' clustering, made a block at a time (issue 15): the very
values the whole-matrix formulas give, bit for bit, whatever the blocks, so that the stories of a
theme do not depend on how its memory was bounded."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from briefer import stories
from briefer.stories import _candidate_pairs, _cut, _similarity, _Terms


def _docs(n: int, seed: int) -> tuple[list[list[str]], list[list[str]]]:
    rng = random.Random(seed)
    common = [f"w{k}" for k in range(60)]
    rare = [f"r{k}" for k in range(400)]
    words = [rng.choices(common, k=rng.randint(5, 40)) + rng.sample(rare, rng.randint(0, 6)) for _ in range(n)]
    specifics = [rng.sample(rare, rng.randint(0, 8)) for _ in range(n)]
    return words, specifics


def _whole_similarity(words: _Terms, specifics: _Terms, members: range, weight: float) -> np.ndarray:
    """The formula as it was written before the blocks: whole products, whole sums."""
    a, b = words.tfidf(members), specifics.tfidf(members)
    sim = weight * (a @ a.T).toarray() + (1 - weight) * (b @ b.T).toarray()
    np.fill_diagonal(sim, 1.0)
    return np.clip(sim, 0.0, 1.0)


def _whole_cut(sim: np.ndarray, t: float, criterion: str) -> np.ndarray:
    distance = 1.0 - (sim + sim.T) / 2
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(np.clip(distance, 0.0, None), checks=False), method="average")
    return np.asarray(fcluster(tree, t=t, criterion=criterion)) - 1


@pytest.mark.parametrize("cells", [1, 7, 300, 1 << 19])
def test_similarity_by_blocks_is_the_whole_products(monkeypatch: pytest.MonkeyPatch, cells: int) -> None:
    words, specifics = _docs(120, seed=cells)
    w, s = _Terms(words), _Terms(specifics)
    monkeypatch.setattr(stories, "SIMILARITY_CELLS", cells)
    got = _similarity(w, s, range(len(words)), 0.6)
    assert got.tobytes() == _whole_similarity(w, s, range(len(words)), 0.6).tobytes()
    assert 0.0 < got[~np.eye(len(words), dtype=bool)].max() < 1.0  # pairs share words: not a trivial matrix


@pytest.mark.parametrize("cells", [1, 13, 1 << 19])
def test_linkage_distances_by_blocks_cut_the_same(monkeypatch: pytest.MonkeyPatch, cells: int) -> None:
    words, specifics = _docs(90, seed=3)
    sim = _similarity(_Terms(words), _Terms(specifics), range(90), 0.6)
    sim[np.triu_indices(90, 1)] *= 0.97  # not symmetric: each pair's two halves are averaged
    monkeypatch.setattr(stories, "SIMILARITY_CELLS", cells)
    for t, criterion in ((0.8, "distance"), (0.9, "distance"), (2, "maxclust")):
        got = _cut(sim, t, criterion)
        assert np.array_equal(got, _whole_cut(sim, t, criterion))
    assert len(np.unique(_cut(sim, 0.8, "distance"))) > 1


def test_candidate_pairs_do_not_depend_on_the_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    words, _ = _docs(150, seed=11)
    rows = _Terms(words).tfidf(range(150))
    whole = _candidate_pairs(rows, 0.05)
    monkeypatch.setattr(stories, "BLOCK_CELLS", 150 * 7)  # blocks of 7 rows
    small = _candidate_pairs(rows, 0.05)
    assert len(whole[0]) > 100
    for one, two in zip(whole, small, strict=True):
        assert one.tobytes() == two.tobytes()
