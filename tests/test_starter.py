"""The starter sources.yaml that ``briefer init`` writes: no placeholder address that would fail
at run time, and no suggestion that a page source follows links."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from briefer.cli import main
from briefer.config import load_config


def starter(tmp_path: Path) -> Path:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "desk")])
    assert result.exit_code == 0, result.output
    return tmp_path / "desk" / "sources.yaml"


def test_the_starter_file_has_no_web_address_and_says_what_a_page_source_reads(tmp_path: Path) -> None:
    text = starter(tmp_path).read_text()
    assert not re.search(r"https?://\S", text), "a placeholder address would fail as a source, not as a config"
    assert "does not follow the page's links" in text
    assert load_config(starter(tmp_path.parent / "again")).sources[0].name == "Inbox"


def test_an_uncommented_example_source_fails_as_a_config_error_naming_the_key(tmp_path: Path) -> None:
    path = starter(tmp_path)
    text = path.read_text()
    uncommented = re.sub(r"^  # (- \{name: Outlet, type: feed.*)$", r"  \1", text, flags=re.M)
    assert uncommented != text
    path.write_text(uncommented)
    result = CliRunner().invoke(main, ["check", "--config", str(path)])
    assert result.exit_code == 2
    assert "sources[1].url: must start with http:// or https://, not 'THE-FEED-ADDRESS'" in result.output
