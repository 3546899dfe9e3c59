"""Golden files for the demo brief (both editions' Markdown, the analyst edition's HTML): any change
to what a reader reads shows up as a diff.

Regenerate after an intended change, then review the diff before committing:

    BRIEFER_UPDATE_GOLDEN=1 pytest tests/test_golden.py   # writes the files, and fails: nothing was compared
    git diff tests/golden/
    pytest tests/test_golden.py                           # now the comparison

The run is made reproducible: the demo is copied to a temporary folder, every
file's mtime is set to one fixed time (folder sources date plain-text articles
by mtime), SOURCE_DATE_EPOCH fixes the run's clock (``clock.now()``), the
day is fixed, and the temporary path in file:// links becomes ``/WORKSPACE``.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from briefer import __version__, archive
from briefer.config import load_config
from briefer.pipeline import run

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "demo-analyst.md"
GOLDEN_EXECUTIVE = Path(__file__).parent / "golden" / "demo-executive.md"
GOLDEN_HTML = Path(__file__).parent / "golden" / "demo-analyst.html"
DAY = date(2025, 11, 3)
FILE_TIME = datetime(2025, 11, 3, 7, 0, tzinfo=UTC).timestamp()
CLOCK = datetime(2025, 11, 3, 1, 0, tzinfo=UTC)
DEMO_THEMES = ("Mediation", "Border tensions", "Talks")


def run_demo(workspace: Path, formats: list[str], audiences: tuple[str, ...] = ("analyst",)) -> Path:
    """The demo brief, made in ``workspace``; returns the analyst edition's folder (the others beside it)."""
    shutil.rmtree(workspace, ignore_errors=True)
    workspace.mkdir(parents=True)
    shutil.copytree(REPO / "demo", workspace / "demo")
    shutil.copy2(REPO / "sources.yaml", workspace / "sources.yaml")
    for path in (workspace / "demo").rglob("*"):
        os.utime(path, (FILE_TIME, FILE_TIME))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(int(CLOCK.timestamp())))
        config = load_config(workspace / "sources.yaml")
        _, report = run(config, DAY, audiences=list(audiences), formats=formats)
    folder = workspace / "output" / DAY.isoformat() / "analyst"
    assert sorted(report.written) == sorted(folder.parent / a / f"briefing.{f}" for a in audiences for f in formats)
    return folder


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_demo(tmp_path_factory.mktemp("demo"), ["md", "json", "html"], ("analyst", "executive"))


def reproducible(text: str, workspace: Path) -> str:
    text = text.replace(workspace.resolve().as_uri(), "file:///WORKSPACE")
    return text.replace(f"briefer {__version__}", "briefer VERSION")


@pytest.fixture(scope="module")
def demo_markdown(demo_run: Path) -> str:
    return reproducible((demo_run / "briefing.md").read_text(encoding="utf-8"), demo_run.parents[2])


@pytest.fixture(scope="module")
def executive_markdown(demo_run: Path) -> str:
    folder = demo_run.parent / "executive"
    return reproducible((folder / "briefing.md").read_text(encoding="utf-8"), demo_run.parents[2])


@pytest.fixture(scope="module")
def demo_html(demo_run: Path) -> str:
    return reproducible((demo_run / "briefing.html").read_text(encoding="utf-8"), demo_run.parents[2])


def sections(markdown: str) -> dict[str, str]:
    """Each ``## heading`` of the brief and the text under it."""
    parts = re.split(r"^## (.+?)(?: \{#[\w-]+\})?$", markdown, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_update_mode_writes_the_golden_file_and_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    golden = tmp_path / "golden" / "brief.md"
    monkeypatch.setenv("BRIEFER_UPDATE_GOLDEN", "1")
    with pytest.raises(pytest.fail.Exception, match="was rewritten and nothing was compared"):
        compare_with_golden("# A brief\n", golden)
    assert golden.read_text(encoding="utf-8") == "# A brief\n"
    with pytest.raises(pytest.fail.Exception, match="was unchanged and nothing was compared"):
        compare_with_golden("# A brief\n", golden)
    monkeypatch.delenv("BRIEFER_UPDATE_GOLDEN")
    compare_with_golden("# A brief\n", golden)
    with pytest.raises(pytest.fail.Exception, match="differs from the golden file"):
        compare_with_golden("# Another brief\n", golden)


def test_demo_brief_fills_every_theme(demo_markdown: str) -> None:
    found = sections(demo_markdown)
    for theme in DEMO_THEMES:
        assert theme in found, f"theme {theme!r} is missing from the demo brief"
        body = found[theme]
        summary = body.split("### ", 1)[0]
        assert re.search(r"^- .+\(.+, \[\d+\]\(#article-\d+\)\)$", summary, flags=re.M), f"{theme}: no summary"
        assert re.search(r"^#### \\\[\d+\\\] .+ \{#article-\d+\}$", body, flags=re.M), f"{theme}: no article"
    assert "file:///WORKSPACE/demo/articles/" in demo_markdown
    assert "/tmp/" not in demo_markdown and str(REPO) not in demo_markdown


def test_demo_brief_matches_the_golden_file(demo_markdown: str) -> None:
    compare_with_golden(demo_markdown, GOLDEN)


def test_demo_executive_edition_matches_the_golden_file(executive_markdown: str) -> None:
    compare_with_golden(executive_markdown, GOLDEN_EXECUTIVE)


def test_demo_html_edition_matches_the_golden_file(demo_html: str) -> None:
    """The HTML the PDF is laid out from: the Markdown through the allow-list, the layout, the chart."""
    compare_with_golden(demo_html, GOLDEN_HTML)


def test_demo_executive_edition_has_its_themes_in_its_order_and_nothing_else(executive_markdown: str) -> None:
    # sources.yaml: the executive edition lists Border tensions, Talks, Mediation; "Other" is left out
    assert list(sections(executive_markdown)) == [
        "Border tensions · 6 articles",
        "Talks · 7 articles",
        "Mediation · 7 articles",
    ]
    assert "### " not in executive_markdown and "#### " not in executive_markdown  # no article listings


def compare_with_golden(text: str, golden: Path) -> None:
    """Fail unless ``text`` is the golden file. With ``BRIEFER_UPDATE_GOLDEN=1``, write it and fail
    all the same: a run that writes its own expectations has compared nothing, and must never pass."""
    if os.environ.get("BRIEFER_UPDATE_GOLDEN") == "1":
        before = golden.read_text(encoding="utf-8") if golden.exists() else None
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        pytest.fail(
            f"BRIEFER_UPDATE_GOLDEN is set: tests/golden/{golden.name} "
            f"{'was unchanged' if before == text else 'was rewritten'} and nothing was compared; review "
            "`git diff tests/golden/`, then run the tests again without BRIEFER_UPDATE_GOLDEN"
        )
    assert golden.exists(), "no golden file yet: run BRIEFER_UPDATE_GOLDEN=1 pytest tests/test_golden.py"
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"tests/golden/{golden.name}",
                "this run",
            )
        )
        pytest.fail(
            "the demo brief differs from the golden file; if the change is intended, run\n"
            "    BRIEFER_UPDATE_GOLDEN=1 pytest tests/test_golden.py\n"
            f"and review the diff:\n{diff}"
        )


def test_article_ids_do_not_depend_on_where_the_workspace_lives(demo_run: Path, tmp_path: Path) -> None:
    elsewhere = run_demo(tmp_path / "moved", ["json"])

    def ids(folder: Path) -> list[str]:
        data = json.loads((folder / "briefing.json").read_text(encoding="utf-8"))
        return sorted(a["id"] for theme in data["themes"] for a in theme["articles"])

    assert ids(elsewhere) == ids(demo_run)
    # and so the brief itself is the same, links aside
    moved = (elsewhere / "briefing.json").read_text(encoding="utf-8")
    here = (demo_run / "briefing.json").read_text(encoding="utf-8")
    assert moved.replace(elsewhere.parents[2].resolve().as_uri(), "") == here.replace(
        demo_run.parents[2].resolve().as_uri(), ""
    )


def test_the_archive_is_told_what_the_new_editions_say_and_it_is_what_they_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run tells the archive what its briefing.json holds (title, themes, articles, time), so the
    archive never reads the day's largest file back whole; what it was told is what the file says."""
    read: list[Path] = []
    real = archive._read_json
    monkeypatch.setattr(archive, "_read_json", lambda path: read.append(path) or real(path))
    folder = run_demo(tmp_path / "told", ["md", "json"])
    path = folder / "briefing.json"
    assert path.is_file() and path not in read
    told = archive._DESCRIBED[str(path)][1]
    del archive._DESCRIBED[str(path)]
    assert archive._described(path) == told
    assert told[1] == (*DEMO_THEMES, "Other") and told[2] == 23
