"""A brief made while sources failed says so: on its first page in every edition, in
``briefer status`` (the run is ``partial``) and, with ``run --strict``, in the exit code (3).

The failing sources are real: a folder whose path has a typo, and a feed served by a
real HTTP server on 127.0.0.1 that answers 500.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pypdf
import pytest
from cli_runner import invoke
from httpserver import TestServer

ARTICLES = Path(__file__).parent / "fixtures" / "render" / "articles"
DAY = "2025-11-03"


def config(feed_url: str, lost: str = "articles/dsek") -> str:
    return f"""\
briefing: {{title: Arva Valley Brief, timezone: UTC}}
sources:
  - {{name: Valley Desk, type: folder, path: articles/desk}}
  - {{name: Lost Folder, type: folder, path: {lost}}}
  - {{name: Broken Feed, type: feed, url: "{feed_url}"}}
themes:
  - {{name: Mediation, keywords: [mediate, mediation, good offices]}}
  - {{name: Talks, keywords: [talks, delegation, round]}}
summaries: {{algorithm: lead, article_sentences: 2, theme_sentences: 2}}
audiences:
  - {{name: analyst, template: analyst, formats: [md, pdf, json]}}
  - {{name: executive, template: executive, formats: [md, pdf]}}
"""


@pytest.fixture
def workspace(tmp_path: Path, http_server: TestServer) -> Path:
    shutil.copytree(ARTICLES, tmp_path / "articles")
    http_server.route("/feed.xml", status=500, body=b"oops", headers={"Content-Type": "text/plain"})
    (tmp_path / "sources.yaml").write_text(config(http_server.url("/feed.xml")), encoding="utf-8")
    return tmp_path


def first_page(pdf: Path) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()


def test_a_brief_made_while_sources_failed_says_which_and_why_on_its_first_page(workspace: Path) -> None:
    result = invoke("run", "--config", str(workspace / "sources.yaml"), "--date", DAY, "-q")
    assert result.exit_code == 0, result.output  # without --strict: written, exit 0 as before
    for edition in ("analyst", "executive"):
        folder = workspace / "output" / DAY / edition
        md = (folder / "briefing.md").read_text()
        head = md[: md.index("Mediation")]  # before the first theme
        assert "Incomplete brief: 2 of 3 sources failed" in head, head
        assert "Lost Folder: folder not found" in head and "Broken Feed: HTTP 500" in head, head
        text = " ".join(first_page(folder / "briefing.pdf").split())
        assert "Incomplete brief: 2 of 3 sources failed" in text, text
        assert "Lost Folder: folder not found" in text and "Broken Feed: HTTP 500" in text, text
    data = json.loads((workspace / "output" / DAY / "analyst" / "briefing.json").read_text())
    assert {r["name"]: r["status"] for r in data["sources_report"]}["Lost Folder"] == "error"


def test_a_brief_from_sources_that_all_worked_has_no_such_notice(workspace: Path, http_server: TestServer) -> None:
    http_server.route("/feed.xml", body=b"<rss version='2.0'><channel><title>t</title></channel></rss>")
    (workspace / "sources.yaml").write_text(config(http_server.url("/feed.xml"), lost="articles/wire"))
    assert invoke("run", "--config", str(workspace / "sources.yaml"), "--date", DAY, "-q").exit_code == 0
    for edition in ("analyst", "executive"):
        assert "Incomplete" not in (workspace / "output" / DAY / edition / "briefing.md").read_text()


def test_strict_exits_3_and_status_shows_the_run_as_partial(workspace: Path) -> None:
    result = invoke("run", "--config", str(workspace / "sources.yaml"), "--date", DAY, "--strict", "-q")
    assert result.exit_code == 3, result.output
    assert "brief written, but 2 source(s) failed: Lost Folder, Broken Feed" in result.stderr
    assert (workspace / "output" / DAY / "analyst" / "briefing.pdf").is_file()
    status = invoke("status", "--config", str(workspace / "sources.yaml"))
    assert status.exit_code == 0, status.output
    run_line = next(line for line in status.output.splitlines() if line.strip().startswith("#"))
    assert " partial " in run_line and "failed: Lost Folder, Broken Feed" in run_line, status.output


def test_strict_exits_0_and_status_shows_ok_when_every_source_worked(workspace: Path) -> None:
    text = (workspace / "sources.yaml").read_text()
    text = "\n".join(line for line in text.splitlines() if "Lost Folder" not in line and "Broken Feed" not in line)
    (workspace / "sources.yaml").write_text(text + "\n")
    result = invoke("run", "--config", str(workspace / "sources.yaml"), "--date", DAY, "--strict", "-q")
    assert result.exit_code == 0, result.output
    status = invoke("status", "--config", str(workspace / "sources.yaml"))
    run_line = next(line for line in status.output.splitlines() if line.strip().startswith("#"))
    assert " ok " in run_line, status.output


def test_a_scheduled_brief_made_while_sources_failed_is_recorded_as_partial(workspace: Path) -> None:
    from briefer.config import load_config
    from briefer.schedule import BriefScheduler
    from briefer.store import Store

    config = load_config(workspace / "sources.yaml")
    scheduler = BriefScheduler(config)
    try:
        assert scheduler.run_brief() == "partial"
    finally:
        scheduler.store.close()
    with Store(config.store.path) as store:
        (run,) = store.recent_runs(1)
    assert run.outcome == "partial" and "2 source(s) failed" in (run.message or ""), run
