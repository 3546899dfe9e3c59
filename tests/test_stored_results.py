"""The group stage's per-article results kept in the store (issue 15): an update of the day in a new
process reads those of the articles it briefed before, and writes the brief a cold run writes.

A real store (SQLite), real folders of articles (our own writing: tests/fixtures/themes), the whole
pipeline in this process with nothing kept between runs (as ``briefer run`` from a cron line).
"""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from test_intraday import MORNING, NOON, add, brief, cold, stored, workspace

from briefer import article_memo, cached, quotes


@pytest.fixture(autouse=True)
def _fresh_process() -> None:
    article_memo.keep_between_runs(False)


def test_what_encode_writes_decode_reads_back_equal_and_of_the_same_types() -> None:
    article_memo.storable_class(quotes._Found)
    values = [
        (("word", "stem"), frozenset({"a", "b"}), {"x", "y"}),
        Counter({("messag", "message"): 4, ("text", "text"): 7}),
        Counter({"zeta": 2, "alpha": 1}),  # insertion order kept: a Counter's order can reach a brief
        {"unit": 0.23275167178376777, "weight": 1 / 3},  # floats to the last bit
        (frozenset({date(2026, 4, 7)}), None, "Khan", [1, 2], [], ()),
        [quotes._Found("the minister", 10, 42, -1)],
        ((39, 1, 2, 2), (4, 2, 1, 2)),
    ]
    for value in values:
        back = article_memo.decode(article_memo.encode(value))
        assert back == value
        assert same(back, value)  # the same types, mappings in the same order


def same(a: object, b: object) -> bool:
    """``a`` and ``b`` equal and of the same types all through, a mapping's items in the same order (a
    set's order is not compared: it follows the process's string hashes)."""
    if type(a) is not type(b) or a != b:
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, set | frozenset) and isinstance(b, set | frozenset):
        return sorted(map(repr, a)) == sorted(map(repr, b))
    return True
    with pytest.raises(TypeError):
        article_memo.encode(object())


def test_an_update_in_a_new_process_reads_the_earlier_articles_results_from_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = ["turkey-envoy", "kurram-shelling", "crossing-traders"]
    config = workspace(tmp_path)
    add(tmp_path, "border-day")
    _, _, morning = brief(config, tmp_path, MORNING)
    # Per article briefed, two rows: the group stage's, the story memory's (of the article without lemmas).
    assert stored(tmp_path, "article") == 2 * morning.kept
    before_update = tmp_path / "before-update.sqlite"
    shutil.copy(tmp_path / "store.sqlite", before_update)
    add(tmp_path, "border-day-2", later)

    found: list[str] = []
    find = quotes.find_quotes
    monkeypatch.setattr(quotes, "find_quotes", lambda item: found.append(item.article.title) or find(item))
    update_json, update_md, update = brief(config, tmp_path, NOON)
    monkeypatch.setattr(quotes, "find_quotes", find)

    assert len(found) == len(later)  # the new articles' quotations only: the others' read back
    assert stored(tmp_path, "article") == 2 * update.kept
    # The same store and the same articles, nothing read from the store's caches (--fresh): the same brief.
    shutil.copy(before_update, tmp_path / "store.sqlite")
    shutil.rmtree(tmp_path / "out")
    from briefer.pipeline import run

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(int(NOON.timestamp())))
        run(config, MORNING.date(), output=tmp_path / "out", fresh=True)
    folder = tmp_path / "out" / MORNING.date().isoformat() / "analyst"
    assert (folder / "briefing.json").read_bytes() == update_json
    assert (folder / "briefing.md").read_bytes() == update_md
    # And from an empty store.
    cold_json, cold_md, _ = cold(config, tmp_path, NOON)
    assert cold_json == update_json
    assert cold_md == update_md


def test_a_garbled_or_stale_row_is_made_again_not_served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = workspace(tmp_path)
    add(tmp_path, "border-day")
    brief(config, tmp_path, MORNING)
    with closing(sqlite3.connect(tmp_path / "store.sqlite")) as db, db:
        keys = [key for (key,) in db.execute("SELECT key FROM cache WHERE kind = 'article' ORDER BY key")]
        assert keys
        # Half the rows garbled (not JSON a result decodes from), the other half from other settings.
        for k, key in enumerate(keys):
            value = b'{"quotes": ["", "[{\\"o\\": 1}"]}' if k % 2 else b'{"quotes": ["another stamp", "[]"]}'
            db.execute("UPDATE cache SET value = ? WHERE kind = 'article' AND key = ?", (value, key))
    add(tmp_path, "border-day-2", ["turkey-envoy"])
    found: list[str] = []
    find = quotes.find_quotes
    monkeypatch.setattr(quotes, "find_quotes", lambda item: found.append(item.article.title) or find(item))
    update_json, _, update = brief(config, tmp_path, NOON)
    monkeypatch.setattr(quotes, "find_quotes", find)
    cold_json, _, _ = cold(config, tmp_path, NOON)

    assert len(found) == update.kept  # every article's quotations made again
    assert update_json == cold_json


def test_another_code_tree_reads_none_of_the_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = workspace(tmp_path)
    add(tmp_path, "border-day")
    _, _, morning = brief(config, tmp_path, MORNING)
    monkeypatch.setattr(cached, "source_stamp", lambda: "another tree")
    found: list[str] = []
    find = quotes.find_quotes
    monkeypatch.setattr(quotes, "find_quotes", lambda item: found.append(item.article.title) or find(item))
    (tmp_path / "out").rename(tmp_path / "out-morning")  # the day's files gone: the day made again
    with closing(sqlite3.connect(tmp_path / "store.sqlite")) as db, db:
        db.execute("DELETE FROM cache WHERE kind IN ('day', 'edition')")
    brief(config, tmp_path, NOON)
    assert len(found) == morning.kept


def test_a_resident_process_started_on_a_briefed_day_reads_the_stored_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The morning briefed by a process per run; then a resident process (briefer schedule, schedule.resident)
    # starts on that store, its memos empty, and makes the noon update.
    later = ["turkey-envoy", "kurram-shelling", "crossing-traders"]
    config = workspace(tmp_path)
    add(tmp_path, "border-day")
    brief(config, tmp_path, MORNING)
    article_memo.keep_between_runs(True)
    add(tmp_path, "border-day-2", later)
    found: list[str] = []
    find = quotes.find_quotes
    monkeypatch.setattr(quotes, "find_quotes", lambda item: found.append(item.article.title) or find(item))
    update_json, update_md, update = brief(config, tmp_path, NOON)
    monkeypatch.setattr(quotes, "find_quotes", find)

    assert len(found) == len(later)  # the others' read from the store, not made again
    assert stored(tmp_path, "article") == 2 * update.kept  # and what it made is there for the next process
    cold_json, cold_md, _ = cold(config, tmp_path, NOON)
    assert cold_json == update_json
    assert cold_md == update_md


def test_a_resident_process_writes_its_first_runs_results_and_then_keeps_to_its_memos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = ["turkey-envoy", "kurram-shelling", "crossing-traders"]
    config = workspace(tmp_path)
    add(tmp_path, "border-day")
    article_memo.keep_between_runs(True)
    _, _, morning = brief(config, tmp_path, MORNING)
    assert stored(tmp_path, "article") == 2 * morning.kept  # its first run's results, in the store too

    add(tmp_path, "border-day-2", later)
    read: list[str] = []
    monkeypatch.setattr(
        cached, "_read", lambda memory, key, read_row=cached._read: read.append(key) or read_row(memory, key)
    )
    update_json, _, _ = brief(config, tmp_path, NOON)
    monkeypatch.undo()
    assert read == []  # its memos hold the day: the store is neither read nor written
    assert stored(tmp_path, "article") == 2 * morning.kept

    # A process started later (a cron line's, nothing kept) reads what the resident process wrote.
    article_memo.keep_between_runs(False)
    (tmp_path / "out").rename(tmp_path / "out-noon")
    with closing(sqlite3.connect(tmp_path / "store.sqlite")) as db, db:
        db.execute("DELETE FROM cache WHERE kind IN ('day', 'edition')")
    found: list[str] = []
    find = quotes.find_quotes
    monkeypatch.setattr(quotes, "find_quotes", lambda item: found.append(item.article.title) or find(item))
    again_json, _, _ = brief(config, tmp_path, NOON)
    monkeypatch.setattr(quotes, "find_quotes", find)
    assert len(found) == len(later)
    assert again_json == update_json


def test_a_resident_process_keeps_the_day_it_briefed_and_writes_its_memo_in_its_first_run_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later = ["turkey-envoy", "kurram-shelling", "crossing-traders"]
    config = workspace(tmp_path)
    add(tmp_path, "border-day")
    article_memo.keep_between_runs(True)
    brief(config, tmp_path, MORNING)
    assert stored(tmp_path, "day") == 1  # its first run's day, for a process started later

    add(tmp_path, "border-day-2", later)
    update_json, update_md, update = brief(config, tmp_path, NOON)
    assert update.reused < update.kept
    assert stored(tmp_path, "day") == 1  # the update's day is in its memory, not written again

    # Nothing new: the day from its memory, the store not read; the same brief (its files kept).
    monkeypatch.setattr(cached, "_DAY_CODEC", None)  # any read of the store's memo would fail
    again_json, again_md, again = brief(config, tmp_path, NOON)
    monkeypatch.undo()
    assert again.reused == again.kept
    assert (again_json, again_md) == (update_json, update_md)

    # A process started later finds no memo of that day, briefs it from the stored results: the same brief.
    article_memo.keep_between_runs(False)
    shutil.rmtree(tmp_path / "out")
    fresh_json, fresh_md, _ = brief(config, tmp_path, NOON)
    assert stored(tmp_path, "day") == 2  # it briefed the day, and wrote its memo
    assert (fresh_json, fresh_md) == (update_json, update_md)
