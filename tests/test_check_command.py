"""``briefer check``: the config and the templates checked without running; nothing read or written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefer.cli import main

ARTICLES = Path(__file__).parent / "fixtures" / "render" / "articles"
CONFIG = """\
briefing: {title: Arva Valley Brief, timezone: UTC}
sources:
  - {name: Valley Desk, type: folder, path: articles/desk}
  - {name: River Wire, type: feed, url: "http://127.0.0.1:9/never-fetched.xml"}
themes:
  - {name: Talks, keywords: [talks]}
audiences:
  - {name: analyst, template: analyst, formats: [md, pdf, json]}
  - {name: board, template: executive, formats: [pdf]}
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(ARTICLES, tmp_path / "articles")
    (tmp_path / "sources.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def check(workspace: Path) -> Result:
    return CliRunner().invoke(main, ["check", "--config", str(workspace / "sources.yaml")])


def test_a_good_workspace_passes_and_nothing_is_written(workspace: Path) -> None:
    result = check(workspace)
    assert result.exit_code == 0, result.output
    assert "2 source(s), 1 theme(s), 2 audience(s)" in result.output
    assert "ok       audience 'board': templates 'executive' ok (pdf)" in result.output
    assert "PROBLEM" not in result.output
    assert sorted(p.name for p in workspace.iterdir()) == ["articles", "sources.yaml"]  # no output/, no store


def test_a_config_error_exits_2_with_its_line(workspace: Path) -> None:
    (workspace / "sources.yaml").write_text(CONFIG.replace("timezone: UTC", "timezon: UTC"))
    result = check(workspace)
    assert result.exit_code == 2
    assert "line 1: briefing.timezon: unknown key (did you mean 'timezone'?)" in result.output


def test_a_missing_template_set_exits_2(workspace: Path) -> None:
    (workspace / "sources.yaml").write_text(CONFIG.replace("template: executive", "template: exec"))
    result = check(workspace)
    assert result.exit_code == 2 and "template set 'exec' not found" in result.output


def test_a_template_that_does_not_render_and_a_missing_folder_are_problems(workspace: Path) -> None:
    template = workspace / "templates" / "executive" / "briefing.md.j2"
    template.parent.mkdir(parents=True)
    template.write_text(
        '{% extends "default/executive/briefing.md.j2" %}\n{% block footer %}\n{{ timezone.nmae }}\n{% endblock %}\n'
    )
    shutil.rmtree(workspace / "articles" / "desk")
    result = check(workspace)
    assert result.exit_code == 1, result.output
    assert f"PROBLEM  source 'Valley Desk': folder not found: {workspace / 'articles' / 'desk'}" in result.output
    assert f"PROBLEM  audience 'board': {template}:3:" in result.output and "nmae" in result.output
    assert "ok       audience 'analyst'" in result.output
    assert not (workspace / "output").exists()


def test_recipients_without_email_settings_are_a_problem(workspace: Path) -> None:
    (workspace / "sources.yaml").write_text(CONFIG.replace("formats: [pdf]}", "formats: [pdf], recipients: [a@b.org]}"))
    result = check(workspace)
    assert result.exit_code == 1
    assert "audience(s) board have recipients, but delivery.email is not set" in result.output
