"""sources.yaml: parsed once into one typed schema; every problem reported at once.

Each problem names its key path and line; a broken config writes nothing;
paths resolve relative to the config file, not to the current folder.
"""

from __future__ import annotations

import logging
import textwrap
from pathlib import Path

import pydantic
import pytest
from click.testing import CliRunner

from briefer.cli import main
from briefer.config import Audience, Config, ConfigError, Source, load_config, parse_config

FULL = """\
briefing:
  title: Border Desk Brief
  timezone: Asia/Karachi
sources:
  - {name: Desk notes, type: folder, path: notes}
  - {name: Wire, type: feed, url: https://wire.example/rss.xml}
  - {name: Ministry, type: page, url: https://ministry.example/statement}
themes:
  - name: Talks
    keywords: [talks, delegation]
summaries:
  algorithm: lexrank
  article_sentences: 2
  theme_sentences: 5
audiences:
  - {name: analyst, template: analyst, formats: [pdf, md, json]}
  - {name: executive, template: analyst, formats: [md]}
"""


def write(folder: Path, text: str, name: str = "sources.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_public_keys_parse_into_a_typed_config(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL))

    assert isinstance(config, Config)
    assert config.briefing.title == "Border Desk Brief"
    assert config.briefing.timezone == "Asia/Karachi"
    assert [(s.name, s.type) for s in config.sources] == [
        ("Desk notes", "folder"),
        ("Wire", "feed"),
        ("Ministry", "page"),
    ]
    assert all(isinstance(s, Source) for s in config.sources)
    assert config.sources[1].url == "https://wire.example/rss.xml"
    assert [(t.name, t.keywords) for t in config.themes] == [("Talks", ["talks", "delegation"])]
    assert (config.summaries.algorithm, config.summaries.article_sentences, config.summaries.theme_sentences) == (
        "lexrank",
        2,
        5,
    )
    assert config.audience("executive") == Audience(name="executive", template="analyst", formats=["md"])
    assert config.audiences[0].formats == ["pdf", "md", "json"]


def test_config_is_frozen_so_no_stage_can_change_it(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL))
    with pytest.raises(pydantic.ValidationError):
        config.briefing.title = "changed"  # type: ignore[misc]


def test_paths_resolve_relative_to_the_config_file_not_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "desk"
    workspace.mkdir()
    path = write(workspace, FULL)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    config = load_config(Path("..") / "desk" / "sources.yaml")

    assert config.sources[0].path == workspace.resolve() / "notes"
    assert config.output == workspace.resolve() / "output"
    assert config.templates == workspace.resolve() / "templates"
    assert config.base_dir == path.parent.resolve()


def test_an_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "# nothing yet\n"))
    assert config.sources == []
    assert [a.name for a in config.audiences] == ["default"]


BROKEN = {
    "broken YAML": (
        """\
        briefing:
          title: [unclosed
        sources: []
        """,
        ["not valid YAML", "line 3"],
    ),
    "tab indentation": ("briefing:\n\ttitle: x\n", ["not valid YAML", "line 2"]),
    "unknown key": (
        """\
        briefing:
          title: T
          colour: blue
        """,
        ["line 3: briefing.colour: unknown key"],
    ),
    "unknown top-level key": ("sauces: []\n", ["line 1: sauces: unknown key"]),
    "wrong type": (
        """\
        summaries:
          article_sentences: many
        """,
        ["line 2: summaries.article_sentences: should be a whole number (got 'many')"],
    ),
    "list where a mapping belongs": ("briefing: [a, b]\n", ["line 1: briefing: should be a mapping"]),
    "missing url": (
        """\
        sources:
          - name: Ministry
            type: page
        """,
        ["line 2: sources[0]: a page source needs 'url'"],
    ),
    "missing path": (
        "sources:\n  - {name: Notes, type: folder}\n",
        ["line 2: sources[0]: a folder source needs 'path'"],
    ),
    "missing name": ("sources:\n  - {type: folder, path: x}\n", ["line 2: sources[0].name: required key is missing"]),
    "url that is not http": (
        """\
        sources:
          - name: Wire
            type: feed
            url: file:///etc/passwd
        """,
        ["line 4: sources[0].url: must start with http:// or https://"],
    ),
    "unknown source type": (
        "sources:\n  - {name: Blog, type: blog, url: https://b.example}\n",
        ["line 2: sources[0].type: should be 'folder', 'feed' or 'page' (got 'blog')"],
    ),
    "bad timezone": (
        """\
        briefing:
          title: T
          timezone: Mars/Olympus_Mons
        """,
        ["line 3: briefing.timezone: unknown time zone 'Mars/Olympus_Mons'"],
    ),
    "unknown format": (
        "audiences:\n  - {name: analyst, formats: [pdf, docx]}\n",
        ["line 2: audiences[0].formats[1]:", "(got 'docx')"],
    ),
    "repeated source names": (
        """\
        sources:
          - {name: Wire, type: feed, url: https://a.example/rss}
          - {name: Wire, type: feed, url: https://b.example/rss}
        """,
        ["line 1: sources: names must be unique, repeated: Wire"],
    ),
    "top level is a list": ("- a\n- b\n", ["the top level must be a mapping"]),
    "repeated key": (
        """\
        briefing:
          title: Morning brief
          title: Evening brief
        """,
        ["line 3: briefing.title: repeated key (first on line 2)"],
    ),
    "base_dir written in YAML": ("base_dir: /etc\n", ["line 1: base_dir: unknown key"]),
}


@pytest.mark.parametrize("text, expected", list(BROKEN.values()), ids=list(BROKEN))
def test_a_broken_config_names_key_path_and_line(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(str(path) + ":")
    for part in expected:
        assert part in message


def test_every_problem_is_reported_together_in_line_order() -> None:
    text = textwrap.dedent(
        """\
        briefing:
          timezone: Nowhere/Special
        sources:
          - {name: A, type: folder}
          - {name: B, type: page, url: ftp://b.example}
        themes:
          - {name: Talks, keywords: []}
        summaries: {theme_sentences: 0, algorithm: magic}
        audiences:
          - {name: analyst, formats: [pdf], colour: red}
        """
    )
    with pytest.raises(ConfigError) as caught:
        parse_config(text, origin="desk.yaml")
    lines = str(caught.value).splitlines()
    assert lines[0] == "desk.yaml: 7 problems:"
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        "line 2",
        "line 4",
        "line 5",
        "line 7",
        "line 8",
        "line 8",
        "line 10",
    ]
    assert "briefing.timezone" in lines[1]
    assert "sources[0]: a folder source needs 'path'" in lines[2]
    assert "sources[1].url" in lines[3]
    assert "themes[0].keywords" in lines[4]
    assert "audiences[0].colour: unknown key" in lines[7]
    assert "Traceback" not in str(caught.value)


def test_messages_speak_yaml_not_python() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("sources:\n  - {name: A, type: folder, path: 5}\ndelivery:\n  email: 5\n")
    message = str(caught.value)
    assert "<class" not in message
    assert "EmailDelivery" not in message
    assert "sources[0].path: should be a path" in message


def test_audience_themes_must_name_configured_themes() -> None:
    text = "themes: [{name: Talks, keywords: [talks]}]\naudiences:\n  - {name: exec, themes: [Talks, Mediation]}\n"
    with pytest.raises(ConfigError, match=r"line 2: audiences: audience 'exec' lists unknown theme\(s\) 'Mediation'"):
        parse_config(text)
    assert parse_config(text.replace("Mediation", "Other")).audiences[0].themes == ["Talks", "Other"]


def test_missing_and_unreadable_files_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.yaml")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("briefing: {title: Caf\xe9}\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="must be UTF-8"):
        load_config(latin1)


def test_unknown_audience_lists_the_known_ones(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, FULL))
    with pytest.raises(ConfigError, match=r"no audience named 'board' .*known: analyst, executive"):
        config.audience("board")


@pytest.mark.parametrize("text, expected", list(BROKEN.values()), ids=list(BROKEN))
def test_a_broken_config_writes_nothing_and_exits_2_without_traceback(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text("Talks resume\nThe delegations met for talks on Monday in the capital city.\n")
    path = write(tmp_path, text)

    result = CliRunner().invoke(main, ["run", "--config", str(path), "--date", "2025-11-03"])

    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr.startswith("Error: "), result.stderr
    for part in expected:
        assert part in result.stderr
    assert not (tmp_path / "output").exists()


def _themes_yaml(*themes: tuple[str, list[str]]) -> str:
    lines = ["themes:"]
    for name, keywords in themes:
        lines += [f"  - name: {name}", f"    keywords: [{', '.join(keywords)}]"]
    return "\n".join(lines) + "\n"


def test_a_theme_with_one_keyword_or_a_keyword_in_two_themes_is_warned_about(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from briefer.config import parse_config

    text = _themes_yaml(("Mediation", ["mediation"]), ("Talks", ["talks", "Border"]), ("Border", ["border", "firing"]))
    with caplog.at_level(logging.WARNING, logger="briefer.config"):
        config = parse_config(text)
    assert [t.name for t in config.themes] == ["Mediation", "Talks", "Border"]  # a brief all the same
    messages = [r.getMessage() for r in caplog.records]
    assert any("line 3: themes[0] 'Mediation' has one keyword ('mediation')" in m for m in messages), messages
    assert any("keyword 'border' is in themes 'Talks' and 'Border'" in m for m in messages), messages
    assert len(messages) == 2
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="briefer.config"):
        parse_config(_themes_yaml(("Talks", ["talks", "dialogue"]), ("Border", ["border", "firing"])))
    assert not caplog.records


@pytest.mark.parametrize("second", ["Talks", "talks ", "TALKS"])
def test_two_themes_with_the_same_name_are_an_error(second: str) -> None:
    from briefer.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match="themes"):
        parse_config(_themes_yaml(("Talks", ["talks", "dialogue"]), (f'"{second}"', ["round", "delegation"])))


def test_briefer_run_stops_with_exit_2_on_two_themes_named_alike(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(_themes_yaml(("Talks", ["talks", "dialogue"]), ("talks", ["round", "delegation"])))
    result = CliRunner().invoke(main, ["run", "--config", str(path), "--date", "2025-11-03"])
    assert result.exit_code == 2
    assert "theme names 'Talks' and 'talks' differ only in case or spaces" in result.output
    assert not (tmp_path / "output").exists()
