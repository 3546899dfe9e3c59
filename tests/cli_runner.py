"""briefer's command line run in the test's process (click's CliRunner), as the tests call it."""

from __future__ import annotations

from click.testing import CliRunner, Result

from briefer.cli import main


def invoke(*args: str) -> Result:
    """``briefer ARGS...``: its exit code, stdout and stderr in the result."""
    return CliRunner().invoke(main, list(args))


def extract(*args: str) -> tuple[int, str, str]:
    """``briefer extract ARGS...``: exit code, stdout, stderr."""
    result = invoke("extract", *args)
    return result.exit_code, result.stdout, result.stderr
