"""A second run of the same day: what the store lets it skip, and what it must not."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pypdf
import pytest
from test_executor import workspace

from briefer.cached import pdf_maker
from briefer.executor import InProcess
from briefer.output import edition_dir
from briefer.pipeline import run as run_pipeline
from briefer.store import RunMemory, Store

DAY = date(2025, 11, 3)


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_nothing_new_keeps_the_files_and_reuses_the_day(tmp_path: Path) -> None:
    config = workspace(tmp_path)
    _, first = run_pipeline(config, DAY, executor=InProcess())
    folder = edition_dir(config.output, DAY, "analyst")
    before = stamps(folder)
    assert first.written and not first.unchanged

    _, second = run_pipeline(config, DAY, executor=InProcess())
    assert second.unchanged == [folder] and second.written == []
    assert second.reused == first.kept  # the day's analysis came back whole from the store
    assert stamps(folder) == before  # not even rewritten

    (folder / "briefing.md").write_text("edited by hand\n", encoding="utf-8")
    _, third = run_pipeline(config, DAY, executor=InProcess())
    assert third.written and "# Valley Brief" in (folder / "briefing.md").read_text(encoding="utf-8")

    _, fresh = run_pipeline(config, DAY, fresh=True, executor=InProcess())
    assert fresh.written and not fresh.unchanged


def test_a_new_article_or_a_changed_template_makes_a_new_brief(tmp_path: Path) -> None:
    config = workspace(tmp_path)
    run_pipeline(config, DAY, executor=InProcess())

    (tmp_path / "articles" / "med-new.txt").write_text(
        "Envoys offer to mediate a water dispute\n\nTwo envoys offered on Monday to mediate between the valley towns, "
        "officials said. Both towns said they would consider the offer.\n",
        encoding="utf-8",
    )
    briefing, report = run_pipeline(config, DAY, executor=InProcess())
    assert report.written and not report.unchanged
    assert any(a.article.title == "Envoys offer to mediate a water dispute" for a in briefing.articles)

    override = tmp_path / "templates" / "analyst"
    override.mkdir(parents=True)
    (override / "style.css").write_text("body { color: #222; }\n", encoding="utf-8")
    _, report = run_pipeline(config, DAY, executor=InProcess())
    assert report.written, "a changed template must render the edition again"


def test_the_same_html_is_laid_out_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = "<html><body><h1>Valley Brief</h1><p>One sentence.</p></body></html>"
    folders: list[Path] = []
    with Store(tmp_path / "store.sqlite") as store:
        first = pdf_maker(RunMemory(store))(html, folders)()
        text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(first)).pages)
        assert "Valley Brief" in text and "One sentence." in text

        def no_layout(*args: object) -> bytes:
            raise AssertionError("WeasyPrint ran again for the same HTML")

        monkeypatch.setattr("briefer.cached.lay_out_pdf", no_layout)
        again = pdf_maker(RunMemory(store))  # another run, the same store
        assert again(html, folders)() == first
        with pytest.raises(AssertionError):
            again(html + "<p>More.</p>", folders)()
        with pytest.raises(AssertionError):  # a fresh run lays out again
            pdf_maker(RunMemory(store, fresh=True))(html, folders)()


def test_a_day_with_a_new_article_analyses_only_that_one_and_makes_the_brief_a_fresh_run_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762146000")
    config = workspace(tmp_path)
    _, first = run_pipeline(config, DAY, executor=InProcess())
    (tmp_path / "articles" / "med-new.txt").write_text(
        "Envoys offer to mediate a water dispute\n\nTwo envoys offered on Monday to mediate between the valley towns, "
        "officials said. Both towns said they would consider the offer.\n",
        encoding="utf-8",
    )
    folder = edition_dir(config.output, DAY, "analyst")
    _, second = run_pipeline(config, DAY, executor=InProcess())
    assert second.kept == first.kept + 1
    assert second.reused == first.kept, "every article but the new one: analysis and summary from the store"
    incremental = (folder / "briefing.json").read_bytes()
    _, fresh = run_pipeline(config, DAY, fresh=True, executor=InProcess())
    assert fresh.reused == 0
    assert (folder / "briefing.json").read_bytes() == incremental


class _Planted:
    """What a tampered store could hold if it were unpickled: a file made on load."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.path), "w"))


def test_the_store_holds_plain_json_and_runs_no_code_from_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json
    import pickle
    import sqlite3

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762146000")
    config = workspace(tmp_path)
    run_pipeline(config, DAY, executor=InProcess())
    folder = edition_dir(config.output, DAY, "analyst")
    before = (folder / "briefing.md").read_bytes()
    with sqlite3.connect(config.store.path) as conn:
        rows = conn.execute("SELECT kind, value FROM cache").fetchall()
    kinds = {kind for kind, _ in rows}
    assert {"extract", "analysis", "summary", "day", "edition"} <= kinds
    for kind, value in rows:
        if kind != "pdf":
            json.loads(bytes(value).decode("utf-8"))  # every entry is JSON, readable by any tool

    planted = tmp_path / "planted"
    with sqlite3.connect(config.store.path) as conn:
        conn.execute("UPDATE cache SET value = ? WHERE kind = 'day'", (pickle.dumps(_Planted(planted)),))
    (folder / "briefing.md").unlink()  # so the run renders again from what it read
    _, report = run_pipeline(config, DAY, executor=InProcess())
    assert not planted.exists(), "the store's content was run as code"
    assert (folder / "briefing.md").read_bytes() == before  # the day was analysed again, the same
    assert report.written
