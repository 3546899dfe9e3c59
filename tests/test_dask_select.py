"""select without the fingerprints' words (what a Dask driver's forked select does, issue 15): the words
the candidates' shingles need are made again from the texts, a few thousand kept at once, and every merge
is the one select makes with the words held."""

from __future__ import annotations

import pytest
from test_select import WINDOW, busy_day

from briefer import select as select_module
from briefer.select import fingerprint_json, select_keeping


@pytest.mark.parametrize("kept", [4096, 1])
def test_select_without_the_words_merges_as_with_them(monkeypatch: pytest.MonkeyPatch, kept: int) -> None:
    monkeypatch.setattr(select_module._Words, "KEPT", kept)
    for seed in (12, 13):
        day = [a for a in busy_day(seed) if a.published < WINDOW[1]]
        for threshold in (0.3, 0.5, 0.7):
            expected, made = select_keeping(day, WINDOW, None, threshold)
            lean, made_lean = select_keeping(day, WINDOW, None, threshold, keep_words=False)
            assert lean == expected
            assert all(p.words is None for p in made_lean.values())
            assert list(made_lean) == list(made)
            for key, print_ in made_lean.items():  # what the store keeps of them is the same
                assert fingerprint_json(print_) == fingerprint_json(made[key])
        assert expected.merged > 3
