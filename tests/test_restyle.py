"""Restyling and extending the built-in templates from a workspace.

A workspace ``style.css`` can extend the built-in one (``@import "default/analyst/style.css";``)
instead of replacing it; an override of a block the template does not have is an error that
names the blocks it has; a section a template adds after a list stands apart from it. PDFs are
read back with pypdf.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner, Result

from briefer.cli import main
from briefer.render import separate_blocks

ARTICLES = Path(__file__).parent / "fixtures" / "render" / "articles"
DAY = "2025-11-03"
CONFIG = """\
briefing: {title: Arva Valley Brief, timezone: UTC}
sources:
  - {name: Valley Desk, type: folder, path: articles/desk}
themes:
  - {name: Mediation, keywords: [mediate, mediation, good offices]}
  - {name: Talks, keywords: [talks, delegation, round]}
summaries: {algorithm: lead, article_sentences: 2, theme_sentences: 2}
audiences:
  - {name: analyst, template: analyst, formats: [md, html, pdf]}
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(ARTICLES, tmp_path / "articles")
    (tmp_path / "sources.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "templates" / "analyst").mkdir(parents=True)
    return tmp_path


def run(workspace: Path) -> Result:
    return CliRunner().invoke(main, ["run", "--config", str(workspace / "sources.yaml"), "--date", DAY, "-q"])


def edition(workspace: Path, name: str) -> Path:
    return workspace / "output" / DAY / "analyst" / name


@pytest.mark.parametrize(
    "import_line",
    ['@import "default/analyst/style.css";', "@import url('default/executive/style.css');"],
    ids=["string", "url"],
)
def test_a_workspace_stylesheet_extends_the_built_in_one(
    workspace: Path, import_line: str, caplog: pytest.LogCaptureFixture
) -> None:
    css = workspace / "templates" / "analyst" / "style.css"
    css.write_text(f"{import_line}\n.cover h1 {{ color: rgb(170, 20, 60); }}\n", encoding="utf-8")
    result = run(workspace)
    assert result.exit_code == 0, result.output
    html = edition(workspace, "briefing.html").read_text()
    assert "@import" not in html  # inlined: the HTML file stands alone, WeasyPrint loads nothing
    assert 'content: "Page " counter(page) " of " counter(pages)' in html  # the built-in rules
    assert html.index("counter(pages)") < html.index("rgb(170, 20, 60)")  # then the workspace's
    pages = pypdf.PdfReader(io.BytesIO(edition(workspace, "briefing.pdf").read_bytes())).pages
    assert "Page 1 of" in pages[0].extract_text()  # page numbers and margins kept
    assert "refused" not in result.stderr + caplog.text


def test_a_workspace_stylesheet_without_the_import_replaces_the_built_in_one(workspace: Path) -> None:
    (workspace / "templates" / "analyst" / "style.css").write_text(".cover h1 { color: red; }\n")
    assert run(workspace).exit_code == 0
    assert "counter(pages)" not in edition(workspace, "briefing.html").read_text()


def test_an_import_of_a_stylesheet_that_is_nowhere_fails_before_any_source_is_read(workspace: Path) -> None:
    (workspace / "templates" / "analyst" / "style.css").write_text('@import "default/anlyst/style.css";\n')
    result = run(workspace)
    assert result.exit_code == 1, result.output
    assert "style.css: @import of 'default/anlyst/style.css': not found" in result.stderr
    assert not (workspace / "output").exists()


def test_an_override_of_a_block_the_template_lacks_names_the_blocks_it_has(workspace: Path) -> None:
    template = workspace / "templates" / "analyst" / "briefing.md.j2"
    template.write_text(
        '{% extends "default/analyst/briefing.md.j2" %}\n'
        "{% block footer %}*Desk copy.* {{ super() }}{% endblock %}\n"
        "{% block sumary %}\nnothing\n{% endblock %}\n"
    )
    result = run(workspace)
    assert result.exit_code == 1, result.output
    error = result.stderr
    assert f"{template}:3: block 'sumary' is not in default/analyst/briefing.md.j2 (did you mean 'summary'?): " in error
    blocks = error.split(": it has ", 1)[1].strip().split(", ")
    assert blocks[:3] == ["header", "failed_sources", "body"] and blocks[-1] == "footer", error
    assert {"summary", "stories", "articles", "sources"} <= set(blocks), error
    assert not (workspace / "output").exists()


def test_an_override_that_adds_a_block_inside_its_own_block_is_fine(workspace: Path) -> None:
    (workspace / "templates" / "analyst" / "briefing.md.j2").write_text(
        '{% extends "default/analyst/briefing.md.j2" %}\n'
        "{% block footer %}{% block desk_note %}*Desk copy.*{% endblock %} {{ super() }}{% endblock %}\n"
    )
    result = run(workspace)
    assert result.exit_code == 0, result.output
    assert "*Desk copy.* *Every sentence above" in edition(workspace, "briefing.md").read_text()


def test_a_section_added_after_a_list_stands_apart_from_it(workspace: Path) -> None:
    (workspace / "templates" / "analyst" / "briefing.md.j2").write_text(
        '{% extends "default/analyst/briefing.md.j2" %}\n'
        "{% block summary %}\n"
        "{% for sentence in theme.summary %}\n"
        "- {{ sentence.text }}\n"
        "{% endfor %}\n"
        "*Read the articles below.*\n"
        "## Desk notes\n"
        "Call the desk before quoting.\n\n"
        "{% endblock %}\n"
    )
    result = run(workspace)
    assert result.exit_code == 0, result.output
    md = edition(workspace, "briefing.md").read_text()
    assert "\n\n*Read the articles below.*\n\n## Desk notes\nCall the desk" in md
    html = edition(workspace, "briefing.html").read_text()
    assert "</ul>\n<p><em>Read the articles below.</em></p>" in html  # not folded into the last item
    assert "<h2>Desk notes</h2>" in html


def test_separate_blocks_keeps_items_their_indented_lines_and_fenced_code() -> None:
    text = "- a\n  {#x}\n- b\n1. c\nafter\n```\n- x\ny\n# z\n```\ntext\n# Head\n"
    assert separate_blocks(text) == "- a\n  {#x}\n- b\n1. c\n\nafter\n```\n- x\ny\n# z\n```\ntext\n\n# Head\n"


def test_a_scheduled_or_library_render_refuses_the_unknown_block_too(workspace: Path) -> None:
    from datetime import date

    from briefer.config import load_config
    from briefer.pipeline import run as run_pipeline
    from briefer.render import RenderError

    (workspace / "templates" / "analyst" / "briefing.md.j2").write_text(
        '{% extends "default/analyst/briefing.md.j2" %}\n{% block fotter %}x{% endblock %}\n'
    )
    with pytest.raises(RenderError, match=re.escape("block 'fotter' is not in default/analyst/briefing.md.j2")):
        run_pipeline(load_config(workspace / "sources.yaml"), date(2025, 11, 3), formats=["md"])
    assert not (workspace / "output").exists()
