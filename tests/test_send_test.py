"""``briefer run --send --to ADDRESS``: a test send to a real SMTP server (aiosmtpd) that goes to
that address only and is recorded nowhere, so the real send still reaches every recipient."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from test_deliver import SmtpSink, config_for, make_workspace

from briefer.cli import main
from briefer.store import Store


def run(workspace: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["run", "--config", str(workspace / "sources.yaml"), "--date", "2025-11-03", *args]
    )
    return result.exit_code, result.output


def deliveries(workspace: Path) -> list[object]:
    with Store(workspace / ".briefer" / "store.sqlite") as store:
        return list(store.deliveries("2025-11-03"))


def test_a_test_send_reaches_only_the_given_address_and_is_not_recorded(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    with SmtpSink() as sink:
        config_for(workspace, sink.port, ["desk@example.org", "chief@example.org"])
        code, output = run(workspace, "--send", "--to", "me@example.org")
        assert code == 0, output
        assert [m["To"] for m in sink.messages] == ["me@example.org"]
        assert sink.messages[0]["Subject"].startswith("[test] River Crossing Brief")
        assert "test email sent" in output and "(not recorded)" in output
        assert deliveries(workspace) == []

        code, output = run(workspace, "--send", "--to", "me@example.org,you@example.org", "-q")
        assert code == 0, output
        assert [m["To"] for m in sink.messages[1:]] == ["me@example.org", "you@example.org"]

        code, output = run(workspace, "--send", "-q")  # the real send: nobody was marked as served
        assert code == 0, output
        assert sorted(m["To"] for m in sink.messages[3:]) == ["chief@example.org", "desk@example.org"]
        assert len(deliveries(workspace)) == 2


def test_a_bad_address_or_to_without_send_is_bad_usage(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    with SmtpSink() as sink:
        config_for(workspace, sink.port, ["desk@example.org"])
        for args, expected in (
            (["--send", "--to", "me@example.org\nBcc: all@example.org"], "not one email address"),
            (["--send", "--to", "me"], "not one email address"),
            (["--to", "me@example.org"], "use it with --send"),
            (["--resend", "--send", "--to", "me@example.org"], "--resend has no meaning"),
        ):
            code, output = run(workspace, *args)
            assert code == 2, output
            assert expected in output
        assert sink.messages == []
    assert not (workspace / "output").exists()
