"""A resident process's update of a day that keeps a base (``group.UPDATE_FROM``), its themes worked out whole
(session 39, issue 15): the base it grows is the one it kept in its memory (``cached._BASES``), briefing.json's
entries of the articles it kept are written from their kept text (``render._ARTICLE_TEXTS``), the base is
written again from the placements' kept text (``codec.Codec``'s ``keep_pieces``), and the brief is the one a
new process makes of the same store and articles, byte for byte, update after update.

The border desk's fixture days (tests/fixtures/themes, our own writing) with ``UPDATE_FROM`` lowered so that
they take the 1,114-article day's path: a base kept, new articles placed alone, every theme worked out whole.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_intraday import MORNING, NOON, add, brief, stored, workspace

from briefer import article_memo, cached, group, render
from briefer.codec import Codec, Raw, indented_text, json_into
from briefer.models import Placement

LATER = ["turkey-envoy", "kurram-shelling", "crossing-traders", "third-round"]


@pytest.fixture(autouse=True)
def _base_kept(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(group, "UPDATE_FROM", 1)
    monkeypatch.setattr(group, "REBUILD_SHARE", 1.0)
    article_memo.clear()
    yield
    article_memo.keep_between_runs(False)
    article_memo.clear()


def test_a_resident_update_of_a_day_with_a_base_is_the_new_process_update_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from briefer.cache import DAY_BASE
    from briefer.store import RunMemory

    asked: list[str] = []
    get_json = RunMemory.get_json

    def spied(memory: RunMemory, kind: object, key: str) -> object:
        if kind == DAY_BASE:
            asked.append(key)
        return get_json(memory, kind, key)  # type: ignore[arg-type]

    monkeypatch.setattr(RunMemory, "get_json", spied)
    caplog.set_level(logging.INFO, logger="briefer.group")
    config = workspace(tmp_path)
    add(tmp_path, "border-day")
    article_memo.keep_between_runs(True)  # one process for every run, as briefer schedule's resident one
    brief(config, tmp_path, MORNING)
    assert stored(tmp_path, "day-base") == 1
    shutil.copy(tmp_path / "store.sqlite", tmp_path / "morning.sqlite")
    add(tmp_path, "border-day-2", LATER[:2])
    asked.clear()
    first_json, first_md, _ = brief(config, tmp_path, NOON)
    assert render._ARTICLE_TEXTS.found > 0  # the entries of the articles the morning placed, from their text
    shutil.copy(tmp_path / "store.sqlite", tmp_path / "noon.sqlite")
    add(tmp_path, "border-day-2", LATER[2:])
    second_json, second_md, _ = brief(config, tmp_path, NOON.replace(hour=15))
    assert not asked  # the resident process grew the bases it kept, read none from the store
    assert caplog.text.count("the day's groups grown by") == 2
    assert first_json != second_json

    # The same updates made by new processes, each from the store the run before it left.
    article_memo.keep_between_runs(False)
    aside = [tmp_path / "articles" / f"border-day-2-{name}.md" for name in LATER[2:]]
    for path in aside:
        path.rename(tmp_path / path.name)
    shutil.copy(tmp_path / "morning.sqlite", tmp_path / "store.sqlite")
    again_json, again_md, _ = brief(config, tmp_path, NOON)
    assert asked  # a new process reads the base from the store
    assert (again_json, again_md) == (first_json, first_md)  # byte for byte
    for path in aside:
        (tmp_path / path.name).rename(path)
    shutil.copy(tmp_path / "noon.sqlite", tmp_path / "store.sqlite")
    again_json, again_md, _ = brief(config, tmp_path, NOON.replace(hour=15))
    assert (again_json, again_md) == (second_json, second_md)


def test_a_resident_process_keeps_the_base_it_wrote_and_a_fresh_run_reads_none(tmp_path: Path) -> None:
    from briefer.store import RunMemory, open_store

    article_memo.keep_between_runs(True)
    base = group.DayBase({}, 0, {}, ())
    store = open_store(tmp_path / "store.sqlite")
    memory = RunMemory(store)
    cached.save_base(memory, "k", base)
    assert cached.load_base(memory, "k") is base
    assert cached.load_base(RunMemory(store, fresh=True), "k") is None


def _placement(reason: str) -> Placement:
    return Placement(themes=("A",), scores=(), keywords=(), learned=(), reason=reason)


def test_a_codec_that_keeps_pieces_writes_what_a_new_codec_writes() -> None:
    kept, new = _placement("one"), _placement("two")
    keeping = Codec(tuple[Placement, ...], shared=(Placement,), keep_pieces=10)
    plain = Codec(tuple[Placement, ...], shared=(Placement,))
    for value in ((kept,), (kept, new), (new, kept, _placement("one")), ()):
        assert bytes(keeping.encode_json(value)) == bytes(plain.encode_json(value))
        assert keeping.decode(json.loads(bytes(keeping.encode_json(value)))) == value
    with pytest.raises(ValueError):
        Codec(tuple[Placement, ...], shared=(Placement, Placement), keep_pieces=1)


def test_raw_json_text_is_written_where_it_was_made_for() -> None:
    value = {"a": [1, 2.5, "x"], "b": {"c": None, "d": [{"e": True}]}}
    whole, pieced = bytearray(), bytearray()
    json_into(whole, {"top": [value, value]}, 4, indent=2)
    json_into(pieced, {"top": [indented_text(value, 2), value]}, 4, indent=2)
    assert whole == pieced
    with pytest.raises(ValueError):
        json_into(bytearray(), {"top": [Raw("{}", 3)]}, 4, indent=2)
