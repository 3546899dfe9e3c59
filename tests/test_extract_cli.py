"""``briefer extract``: what briefer sees in one page or file, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import extract as invoke
from click.testing import CliRunner
from httpserver import TestServer

from briefer.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "gather"


def test_a_web_page_as_text(http_server: TestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no sources.yaml here: default limits
    url = http_server.route("/article", (FIXTURES / "article.html").read_bytes(), headers={"Content-Type": "text/html"})

    code, out, err = invoke(url)

    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("title:") and lines[1] == f"url:       {url}"
    assert lines[2].startswith("published: ") and "(metadata)" in lines[2]
    assert "Glacier Museum in Kelnau reopened" in out
    assert "<" not in out.split("\n\n", 1)[1]


def test_a_file_as_json(tmp_path: Path) -> None:
    page = tmp_path / "note.md"
    page.write_text(
        "---\ntitle: Tram line approved\ndate: 2025-03-11T14:05:00+01:00\n---\n"
        "The city council approved a seven-kilometre tram line on Tuesday by 31 votes to 12, the committee said.\n",
        encoding="utf-8",
    )

    code, out, err = invoke(str(page), "--format", "json")

    assert code == 0, err
    data = json.loads(out)
    assert data["title"] == "Tram line approved"
    assert (data["published"], data["published_from"]) == ("2025-03-11T14:05:00+01:00", "metadata")
    assert data["text"].startswith("The city council approved")


@pytest.mark.parametrize(
    ("target", "fragment"),
    [("missing.html", "no such file"), ("notes.pdf", "unknown kind of file"), ("empty.html", "no article text")],
)
def test_failures_are_one_line_and_exit_1(tmp_path: Path, target: str, fragment: str) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")

    code, out, err = invoke(str(tmp_path / target))

    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("Error: ") and fragment in err


def test_an_http_failure_is_one_line(http_server: TestServer) -> None:
    code, _, err = invoke(http_server.url("/nothing"))
    # One line from briefer, no traceback (other lines could only be foreign threads' logging).
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert code == 1 and len(errors) == 1 and "HTTP 404" in errors[0] and "Traceback" not in err


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(main, ["extract", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output and "PATH_OR_URL" in result.output
