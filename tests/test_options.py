"""Options people type: ``--date yesterday|today|-N``, a warning for a day far ahead,
``--audience a,b``, "did you mean" for a misspelt config key, and exit 2 for a
template set that does not exist (a configuration error like the others)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from briefer.cli import main

ARTICLES = Path(__file__).parent / "fixtures" / "render" / "articles"
# 2025-11-04 09:00 UTC: "yesterday" is 2025-11-03, the fixtures' day; in Pacific/Kiritimati (UTC+14)
# it is already 23:00 on the 4th, in Pacific/Niue (UTC-11) still 22:00 on the 3rd.
CLOCK = str(int(datetime(2025, 11, 4, 9, 0, tzinfo=UTC).timestamp()))

CONFIG = """\
briefing: {title: Arva Valley Brief, timezone: UTC}
sources:
  - {name: Valley Desk, type: folder, path: articles/desk}
themes:
  - {name: Talks, keywords: [talks, delegation, round]}
summaries: {algorithm: lead, article_sentences: 1, theme_sentences: 1}
audiences:
  - {name: analyst, template: analyst, formats: [md]}
  - {name: desk, template: analyst, formats: [md]}
  - {name: board, template: executive, formats: [md]}
"""


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ARTICLES, tmp_path / "articles")
    (tmp_path / "sources.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", CLOCK)
    return tmp_path


def run(workspace: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["run", "--config", str(workspace / "sources.yaml"), "-q", *args])


def days_written(workspace: Path) -> list[str]:
    out = workspace / "output"
    return sorted(p.name for p in out.iterdir() if p.is_dir()) if out.exists() else []  # days, not the archive


@pytest.mark.parametrize(
    "value, zone, expected",
    [
        ("yesterday", "UTC", "2025-11-03"),
        ("-1", "UTC", "2025-11-03"),
        ("today", "UTC", "2025-11-04"),
        ("-0", "UTC", "2025-11-04"),
        ("-3", "UTC", "2025-11-01"),
        ("Yesterday", "Pacific/Kiritimati", "2025-11-03"),  # counted in briefing.timezone
        ("yesterday", "Pacific/Niue", "2025-11-02"),
        ("2025-10-30", "UTC", "2025-10-30"),
    ],
)
def test_date_takes_relative_days_in_the_briefing_time_zone(
    workspace: Path, value: str, zone: str, expected: str
) -> None:
    config = workspace / "sources.yaml"
    config.write_text(CONFIG.replace("timezone: UTC", f"timezone: {zone}"))
    result = run(workspace, "--date", value, "--audience", "desk")
    assert result.exit_code == 0, result.output
    assert days_written(workspace) == [expected]
    assert "Warning" not in result.stderr


@pytest.mark.parametrize("value", ["03/11/2025", "tomorow", "+1", "-x"])
def test_a_date_that_is_no_day_is_bad_usage(workspace: Path, value: str) -> None:
    result = run(workspace, "--date", value)
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--date'" in result.stderr and "today, yesterday or -N" in result.stderr
    assert days_written(workspace) == []


def test_a_date_far_in_the_future_warns_and_a_day_ahead_does_not(workspace: Path) -> None:
    result = run(workspace, "--date", "2052-11-04", "--audience", "desk")
    assert result.exit_code == 0, result.output
    assert "Warning: --date 2052-11-04 is 9862 days after today (2025-11-04)" in result.stderr
    tomorrow = run(workspace, "--date", "2025-11-05", "--audience", "desk")
    assert tomorrow.exit_code == 0 and "Warning" not in tomorrow.stderr, tomorrow.stderr


def test_audience_takes_names_separated_by_commas_like_format(workspace: Path) -> None:
    result = run(workspace, "--date", "yesterday", "--audience", "analyst,board", "--audience", "desk")
    assert result.exit_code == 0, result.output
    day = workspace / "output" / "2025-11-03"
    assert sorted(p.name for p in day.iterdir()) == ["analyst", "board", "desk"]
    shutil.rmtree(workspace / "output")
    result = run(workspace, "--date", "yesterday", "--audience", "analyst, board")
    assert sorted(p.name for p in (workspace / "output" / "2025-11-03").iterdir()) == ["analyst", "board"]


def test_an_unknown_audience_in_a_list_is_bad_usage(workspace: Path) -> None:
    result = run(workspace, "--audience", "analyst,bored")
    assert result.exit_code == 2, result.output
    assert "no audience named 'bored'" in result.stderr
    assert days_written(workspace) == []


def test_a_misspelt_config_key_gets_did_you_mean(workspace: Path) -> None:
    text = CONFIG.replace("timezone: UTC", "timezon: UTC").replace("path: articles/desk", "pth: articles/desk")
    (workspace / "sources.yaml").write_text(text + "shedule: {cron: '0 6 * * *'}\n")
    result = run(workspace)
    assert result.exit_code == 2, result.output
    assert "line 1: briefing.timezon: unknown key (did you mean 'timezone'?)" in result.stderr
    assert "line 3: sources[0].pth: unknown key (did you mean 'path'?)" in result.stderr
    assert "line 11: shedule: unknown key (did you mean 'schedule'?)" in result.stderr


def test_a_key_like_no_other_lists_the_keys_that_fit_there(workspace: Path) -> None:
    (workspace / "sources.yaml").write_text(CONFIG.replace("summaries: {", "summaries: {colour: red, "))
    result = run(workspace)
    assert result.exit_code == 2
    assert "summaries.colour: unknown key (known keys here: algorithm, article_sentences, theme_sentences)" in (
        result.stderr
    )


def test_a_missing_template_set_exits_2_like_other_config_errors(workspace: Path) -> None:
    (workspace / "sources.yaml").write_text(CONFIG.replace("template: executive", "template: executve"))
    result = run(workspace, "--date", "yesterday")
    assert result.exit_code == 2, result.output
    assert "template set 'executve' not found (searched: " in result.stderr
    assert days_written(workspace) == []
