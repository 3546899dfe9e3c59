"""An update of a large day grows the groups an earlier run of the day stored (issue 15, ``group.DayBase``).

A large day (``group.UPDATE_FROM`` articles, themes over ``stories.EXACT_LIMIT``) is made here of the
border desk's own fixture days (tests/fixtures/themes, our own writing) with both limits lowered, so that
the whole pipeline takes the path a 50,000-article day takes: a real store, real folders of articles, the
run's clock fixed. The update need not be the cold brief of the same articles; it must be the same brief
whenever it is made again on the same store and articles, and keep the stories the earlier run found.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_intraday import MORNING, NOON, add, brief, stored, workspace

from briefer import article_memo, group, stories

LATER = ["turkey-envoy", "kurram-shelling", "crossing-traders", "doha-round"]


@pytest.fixture(autouse=True)
def _large(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fixture days as a large day: every theme of more than two articles clustered on candidate
    pairs (the large-theme path), a base kept from the first article on, grown whatever the update adds."""
    monkeypatch.setattr(group, "UPDATE_FROM", 1)
    monkeypatch.setattr(group, "REBUILD_SHARE", 1.0)
    monkeypatch.setattr(stories, "EXACT_LIMIT", 2)
    article_memo.clear()
    yield
    article_memo.clear()


def _stories(data: bytes) -> dict[str, list[tuple[str, ...]]]:
    brief_json: dict[str, Any] = json.loads(data)
    return {t["name"]: [tuple(s["article_ids"]) for s in t["stories"]] for t in brief_json["themes"]}


def _ids(data: bytes) -> set[str]:
    return {a["id"] for t in json.loads(data)["themes"] for a in t["articles"]}


def test_an_update_of_a_large_day_grows_the_stored_stories_the_same_way_every_time(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="briefer.group")
    config = workspace(tmp_path)
    add(tmp_path, "border-day")
    add(tmp_path, "border-day-2", ["russia-mediation", "airspace-violation"])
    morning_json, _, _ = brief(config, tmp_path, MORNING)
    assert stored(tmp_path, "day-base") == 1
    shutil.copy(tmp_path / "store.sqlite", tmp_path / "morning.sqlite")
    add(tmp_path, "border-day-2", LATER)
    first_json, first_md, update = brief(config, tmp_path, NOON)
    assert "the day's groups grown by" in caplog.text  # the update took the large day's path
    # Again on the same store and articles, in a new process: the same brief.
    shutil.copy(tmp_path / "morning.sqlite", tmp_path / "store.sqlite")
    article_memo.clear()
    again_json, again_md, _ = brief(config, tmp_path, NOON)

    assert update.kept > 0
    assert first_json == again_json  # byte for byte
    assert first_md == again_md
    before, after = _ids(morning_json), _ids(first_json)
    fresh = after - before
    assert fresh and before <= after
    grown = _stories(first_json)
    for theme, found in _stories(morning_json).items():
        assert theme in grown
        for story in found:
            # each story of the morning is in one story of the update, with none but new articles beside it
            holding = [s for s in grown[theme] if set(story) <= set(s)]
            assert len(holding) == 1, (theme, story)
            assert set(holding[0]) - set(story) <= fresh
    told = {i for found in grown.values() for s in found for i in s}
    assert after <= told  # every article of the update is in a story


def test_a_day_under_the_large_day_limit_keeps_no_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(group, "UPDATE_FROM", 5000)
    config = workspace(tmp_path)
    add(tmp_path, "border-day")
    brief(config, tmp_path, MORNING)
    assert stored(tmp_path, "day-base") == 0


def test_a_second_update_grows_what_the_first_left(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="briefer.group")
    config = workspace(tmp_path)
    add(tmp_path, "border-day")
    brief(config, tmp_path, MORNING)
    add(tmp_path, "border-day-2", LATER[:2])
    first_json, _, _ = brief(config, tmp_path, NOON)
    shutil.copy(tmp_path / "store.sqlite", tmp_path / "noon.sqlite")
    add(tmp_path, "border-day-2", LATER[2:])
    second_json, _, _ = brief(config, tmp_path, NOON.replace(hour=15))
    shutil.copy(tmp_path / "noon.sqlite", tmp_path / "store.sqlite")
    article_memo.clear()
    again_json, _, _ = brief(config, tmp_path, NOON.replace(hour=15))

    assert caplog.text.count("the day's groups grown by") == 3
    assert second_json == again_json  # the second update made again from the first's store: the same brief
    grown = _stories(second_json)
    fresh = _ids(second_json) - _ids(first_json)
    for theme, found in _stories(first_json).items():
        for story in found:
            holding = [s for s in grown[theme] if set(story) <= set(s)]
            assert len(holding) == 1 and set(holding[0]) - set(story) <= fresh


def test_past_the_rebuild_share_the_day_is_grouped_whole_as_a_cold_run_groups_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="briefer.group")
    monkeypatch.setattr(group, "REBUILD_SHARE", 0.0)
    config = workspace(tmp_path)
    add(tmp_path, "border-day")
    brief(config, tmp_path, MORNING)
    add(tmp_path, "border-day-2", LATER)
    update_json, update_md, _ = brief(config, tmp_path, NOON)
    (tmp_path / "store.sqlite").unlink()
    shutil.rmtree(tmp_path / "out")
    article_memo.clear()
    cold_json, cold_md, _ = brief(config, tmp_path, NOON)

    assert "grown by" not in caplog.text
    assert update_json == cold_json
    assert update_md == cold_md
