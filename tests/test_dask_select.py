"""select without the fingerprints' words (what a Dask driver's forked select does, issue 15): the words
the candidates' shingles need are made again from the texts, a few thousand kept at once, and every merge
is the one select makes with the words held."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_select import WINDOW, busy_day

from briefer import select as select_module
from briefer.select import Fingerprint, fingerprint_from_json, fingerprint_json, select, select_keeping, text_key


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


@pytest.mark.parametrize("bits", [64, 10])
def test_select_a_block_at_a_time_merges_and_stores_as_at_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, bits: int
) -> None:
    """A Dask driver's select (``blockwise``, issue 15): the fingerprints made a few texts at a time, each
    block given to the store as it comes, their shingle ids written to a file and read back a run of
    articles at a time, the stored ones read when asked for: the same merges, the same fingerprints for the
    store, as select with the whole day held; with ids that collide too (the first carriers of an id kept,
    the others found again in the file)."""
    monkeypatch.setattr(select_module, "PRINTS_BLOCK", 3)
    monkeypatch.setattr(select_module._Shingles, "BLOCK_IDS", 40)
    monkeypatch.setattr(select_module._Words, "KEPT", 2)
    monkeypatch.setattr(select_module._Shingles, "KEPT", 2)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    if bits < 64:
        mask = np.uint64((1 << bits) - 1)
        real_ids = select_module._shingle_ids
        monkeypatch.setattr(select_module, "_shingle_ids", lambda digests: real_ids(digests) & mask)
    for seed in (12, 13):
        day = [a for a in busy_day(seed) if a.published < WINDOW[1]]
        for threshold in (0.3, 0.5, 0.7):
            expected, made = select_keeping(day, WINDOW, None, threshold)
            blocks: list[list[tuple[str, Fingerprint]]] = []
            found = select(day, WINDOW, None, threshold, keep_words=False, sink=blocks.append, blockwise=True)
            assert found == expected
            assert len(blocks) > 5 and all(len(block) <= 3 for block in blocks)
            sent = dict(item for block in blocks for item in block)
            assert list(sent) == list(made)
            assert all(fingerprint_json(sent[key]) == fingerprint_json(made[key]) for key in made)
            assert not list(tmp_path.iterdir())  # the ids' file is gone
            # A day again: every fingerprint read from the store when asked for, none made.
            stored = {key: fingerprint_json(print_) for key, print_ in made.items()}
            asked: list[str] = []

            def known(
                key: str, text: str, stored: dict[str, Any] = stored, asked: list[str] = asked
            ) -> Fingerprint | None:
                asked.append(key)
                return fingerprint_from_json(stored[key], text) if key in stored else None

            before = len(blocks)
            again = select(day, WINDOW, None, threshold, known=known, sink=blocks.append, blockwise=True)
            assert again == expected and sorted(set(asked)) == sorted(stored)
            assert len(blocks) == before and {text_key(a.text) for a in day} == set(stored)
        assert expected.merged > 3
