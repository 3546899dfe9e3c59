"""`briefer run --send` end to end: the CLI writes the brief, then a real SMTP server gets it."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader
from test_deliver import SmtpSink, config_for, make_workspace, write_config

from briefer.cli import main


def _run(workspace: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["run", "--config", str(workspace / "sources.yaml"), "--date", "2025-11-03", "-q", *args]
    )
    return result.exit_code, result.output


def test_send_emails_the_pdf_once_and_resend_sends_again(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    with SmtpSink() as sink:
        config_for(workspace, sink.port, ["desk@example.org"])
        code, output = _run(workspace, "--send")
        assert code == 0, output
        assert len(sink.messages) == 1
        message = sink.messages[0]
        assert "River Crossing Brief" in message["Subject"] and "2025-11-03" in message["Subject"]
        pdf = next(p for p in message.iter_attachments() if p.get_content_type() == "application/pdf")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.get_content())).pages)
        assert "River Crossing Brief" in text

        code, output = _run(workspace, "--send")  # same day again: nobody gets it twice
        assert code == 0, output
        assert len(sink.messages) == 1

        code, output = _run(workspace, "--resend")
        assert code == 0, output
        assert len(sink.messages) == 2


def test_send_without_delivery_settings_is_bad_usage_and_writes_nothing(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    write_config(workspace, audiences=[{"name": "analyst", "formats": ["md"], "recipients": ["desk@example.org"]}])
    code, output = _run(workspace, "--send")
    assert code == 2
    assert "delivery.email" in output
    assert not (workspace / "output").exists()


def test_a_failed_delivery_exits_1_and_keeps_the_brief(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    with SmtpSink(replies=["554 no thanks"]) as sink:
        config_for(workspace, sink.port, ["desk@example.org"])
        code, output = _run(workspace, "--send")
    assert code == 1
    assert "email failed for desk@example.org" in output
    assert (workspace / "output" / "2025-11-03" / "analyst" / "briefing.pdf").exists()


def test_explain_prints_each_summary_sentence_with_its_score_and_article(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    write_config(workspace, summaries={"algorithm": "briefer", "article_sentences": 2, "theme_sentences": 2})
    code, output = _run(workspace, "--explain", "--format", "json")
    assert code == 0, output
    assert "why these sentences:" in output
    data = json.loads((workspace / "output" / "2025-11-03" / "analyst" / "briefing.json").read_text("utf-8"))
    titles = {a["id"]: a["title"] for t in data["themes"] for a in t["articles"]}
    explained = output.split("why these sentences:")[1]
    for theme in data["themes"]:
        for sentence in theme["summary"]:
            assert f"[{sentence['score']:.3f}] {sentence['text']}" in explained
            assert titles[sentence["article_ids"][0]] in explained
            assert sentence["why"] and f"why: {sentence['why']}" in explained


def test_manual_runs_are_recorded_for_briefer_status(tmp_path: Path) -> None:
    from briefer.store import Store

    workspace = make_workspace(tmp_path / "ws")
    write_config(workspace)
    code, output = _run(workspace)
    assert code == 0, output
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the output folder should be\n", encoding="utf-8")
    code, output = _run(workspace, "--fresh", "--output", str(blocked / "briefs"))
    assert code == 1, output
    with Store(workspace / ".briefer" / "store.sqlite") as store:
        runs = store.recent_runs(5)
    assert [(r.trigger, r.outcome) for r in runs] == [("manual", "failed"), ("manual", "ok")]
    assert "article(s)" in (runs[1].message or "")
    status = CliRunner().invoke(main, ["status", "--config", str(workspace / "sources.yaml")])
    assert status.exit_code == 0 and "manual" in status.output and "failed" in status.output
