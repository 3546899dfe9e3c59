"""Email delivery against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import asyncio
import email
import hashlib
import io
import ipaddress
import logging
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from pypdf import PdfReader

from briefer.config import Config, parse_config
from briefer.deliver import DeliveryError, send_editions, subject_for
from briefer.output import edition_dir
from briefer.pipeline import run as run_pipeline
from briefer.store import Store

OPS = Path(__file__).parent / "fixtures" / "ops"
DAY = date(2025, 11, 3)
USER, PASSWORD = "brief-bot", "s3cret-Pa55word"


class _AnyPortController(Controller):
    """aiosmtpd's controller, listening on a port the system picks (port 0), so no other process can take it
    between choosing and binding; ``port`` is the real one once started."""

    def _create_server(self) -> Any:
        async def create() -> Any:
            server = await self.loop.create_server(
                self._factory_invoker, host=self.hostname, port=0, ssl=self.ssl_context
            )
            self.port = int(server.sockets[0].getsockname()[1])
            return server

        return create()


class SmtpSink:
    """A real SMTP server on 127.0.0.1 that keeps what it receives.

    ``replies`` are answered to DATA in turn (``"451 ..."`` to refuse for now);
    once they run out, messages are accepted. With ``login`` set, AUTH is
    required and only that user and password are accepted. With ``hold``, each
    DATA waits (``pending`` counts the waiting ones) until :meth:`release`.
    ``ssl_context`` makes it implicit TLS from the first byte; ``tls_context``
    offers STARTTLS (and, with ``require_tls``, refuses anything before it).
    """

    def __init__(
        self,
        replies: list[str] | None = None,
        login: tuple[str, str] | None = None,
        *,
        hold: bool = False,
        ssl_context: ssl.SSLContext | None = None,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.replies = list(replies or [])
        self.logins: list[str] = []
        self.tls: list[bool] = []  # per message: whether the session was encrypted
        self.hold = hold
        self.pending = 0
        self._released = threading.Event()
        self._lock = threading.Lock()
        kwargs: dict[str, Any] = {}
        if login:
            kwargs = {"authenticator": self._authenticator(login), "auth_required": True, "auth_require_tls": False}
        if tls_context is not None:
            kwargs.update(tls_context=tls_context, require_starttls=True)
        self.controller = _AnyPortController(self, hostname="127.0.0.1", port=0, ssl_context=ssl_context, **kwargs)

    @property
    def port(self) -> int:
        return int(self.controller.port)

    def release(self) -> None:
        """Let every held DATA (and every later one) through."""
        self._released.set()

    def _authenticator(self, login: tuple[str, str]) -> Any:
        def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
            ok = isinstance(data, LoginPassword) and (data.login.decode(), data.password.decode()) == login
            if ok:
                self.logins.append(data.login.decode())
            return AuthResult(success=ok)

        return check

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.hold:
            with self._lock:
                self.pending += 1
            await asyncio.get_running_loop().run_in_executor(None, self._released.wait)
        with self._lock:
            if self.replies:
                return self.replies.pop(0)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.messages.append(email.message_from_bytes(envelope.original_content, policy=default_policy))
            self.tls.append(server.transport.get_extra_info("ssl_object") is not None)
        return "250 Message accepted"

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
        self.controller.stop()


def write_config(workspace: Path, **overrides: Any) -> Config:
    """A config for the ops workspace; ``overrides`` replace top-level blocks."""
    data: dict[str, Any] = {
        "briefing": {"title": "River Crossing Brief", "timezone": "UTC"},
        "sources": [{"name": "Valley Wire", "type": "folder", "path": "articles", "window": "all"}],
        "themes": [
            {"name": "Talks", "keywords": ["talks", "mediation", "ceasefire"]},
            {"name": "Trade", "keywords": ["trucks", "traders", "prices"]},
        ],
        "summaries": {"algorithm": "lead"},
        "audiences": [{"name": "analyst", "formats": ["md", "json"]}],
        "store": {"path": ".briefer/store.sqlite"},
    }
    data.update(overrides)
    (workspace / "sources.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return parse_config((workspace / "sources.yaml").read_text(encoding="utf-8"), base_dir=workspace)


def make_workspace(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    shutil.copytree(OPS / "articles", path / "articles", dirs_exist_ok=True)
    return path


def email_settings(port: int, **extra: Any) -> dict[str, Any]:
    settings = {"host": "127.0.0.1", "port": port, "security": "none", "from": "brief@example.org", "timeout": 5}
    settings.update(extra)
    return {"email": settings}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real edition (md, html, pdf, json), rendered once for the module."""
    workspace = make_workspace(tmp_path_factory.mktemp("rendered"))
    config = write_config(workspace, audiences=[{"name": "analyst", "formats": ["md", "html", "pdf", "json"]}])
    run_pipeline(config, DAY)
    return edition_dir(config.output, DAY, "analyst")


@pytest.fixture
def workspace(tmp_path: Path, rendered: Path) -> Path:
    ws = make_workspace(tmp_path / "ws")
    shutil.copytree(rendered, edition_dir(ws / "output", DAY, "analyst"))
    return ws


@pytest.fixture
def store(workspace: Path) -> Iterator[Store]:
    with Store(workspace / ".briefer" / "store.sqlite") as s:
        yield s


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    with SmtpSink() as server:
        yield server


def config_for(workspace: Path, port: int, recipients: list[str], **email_extra: Any) -> Config:
    return write_config(
        workspace,
        audiences=[{"name": "analyst", "formats": ["md", "pdf"], "recipients": recipients}],
        delivery=email_settings(port, **email_extra),
    )


def editions(config: Config) -> dict[str, Path]:
    return {"analyst": edition_dir(config.output, DAY, "analyst")}


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def parts(message: EmailMessage) -> tuple[str, str, list[EmailMessage]]:
    body_plain = message.get_body(preferencelist=("plain",))
    body_html = message.get_body(preferencelist=("html",))
    assert body_plain is not None and body_html is not None
    return str(body_plain.get_content()), str(body_html.get_content()), list(message.iter_attachments())


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # a test server on 127.0.0.1
def test_each_recipient_gets_the_pdf_and_both_alternatives(
    workspace: Path, store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TEST_SMTP_USER", USER)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)
    with SmtpSink(login=(USER, PASSWORD)) as server, caplog.at_level(logging.DEBUG):
        config = config_for(
            workspace,
            server.port,
            ["ana@example.org", "desk@example.org"],
            username_env="TEST_SMTP_USER",
            password_env="TEST_SMTP_PASSWORD",
        )
        results = send_editions(config, DAY, editions(config), store)
    assert [(r.recipient, r.status, r.attempts) for r in results] == [
        ("ana@example.org", "sent", 1),
        ("desk@example.org", "sent", 1),
    ]
    assert server.logins == [USER, USER]
    assert [rcpts for _, rcpts in server.envelopes] == [["ana@example.org"], ["desk@example.org"]]
    folder = editions(config)["analyst"]
    for message, recipient in zip(server.messages, ["ana@example.org", "desk@example.org"], strict=True):
        assert message["Subject"] == "River Crossing Brief — analyst edition — 2025-11-03"
        assert message["To"] == recipient and message["From"] == "brief@example.org"
        assert message.get_content_type() == "multipart/mixed"
        assert message.get_payload(0).get_content_type() == "multipart/alternative"  # type: ignore[union-attr]
        plain, html, attachments = parts(message)
        assert plain.replace("\r\n", "\n") == (folder / "briefing.md").read_text(encoding="utf-8")
        assert html.replace("\r\n", "\n") == (folder / "briefing.html").read_text(encoding="utf-8")
        assert [a.get_content_type() for a in attachments] == ["application/pdf"]
        pdf_bytes = attachments[0].get_content()
        assert pdf_bytes == (folder / "briefing.pdf").read_bytes()
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
        assert "River Crossing Brief" in text and "crossing" in text
        assert attachments[0].get_filename() == "river-crossing-brief-analyst-2025-11-03.pdf"
    assert PASSWORD not in caplog.text
    assert store.was_sent(DAY, "analyst", "ana@example.org") and store.was_sent(DAY, "analyst", "desk@example.org")


def test_html_alternative_comes_from_the_markdown_file_sanitized(workspace: Path, store: Store, sink: SmtpSink) -> None:
    config = config_for(workspace, sink.port, ["ana@example.org"])
    folder = editions(config)["analyst"]
    (folder / "briefing.html").unlink()
    with (folder / "briefing.md").open("a", encoding="utf-8") as handle:
        handle.write('\n<script>alert("x")</script>\n\n<img src="file:///etc/passwd" onerror="steal()">\n')
    send_editions(config, DAY, editions(config), store)
    _, html, _ = parts(sink.messages[0])
    assert "<h1" in html and "River Crossing Brief" in html
    assert "<script" not in html and "<img" not in html and "onerror" not in html


def test_a_rerun_sends_nothing_twice_unless_resend(workspace: Path, store: Store, sink: SmtpSink) -> None:
    config = config_for(workspace, sink.port, ["ana@example.org"])
    assert [r.status for r in send_editions(config, DAY, editions(config), store)] == ["sent"]
    assert [r.status for r in send_editions(config, DAY, editions(config), store)] == ["skipped"]
    assert len(sink.messages) == 1
    assert [r.status for r in send_editions(config, DAY, editions(config), store, resend=True)] == ["sent"]
    assert len(sink.messages) == 2
    other_day = date(2025, 11, 4)
    shutil.copytree(editions(config)["analyst"], edition_dir(config.output, other_day, "analyst"))
    send_editions(config, other_day, {"analyst": edition_dir(config.output, other_day, "analyst")}, store)
    assert len(sink.messages) == 3  # another day is another edition


def test_a_refusing_server_is_retried_then_recorded_failed_and_the_brief_stays(workspace: Path, store: Store) -> None:
    with socket.socket() as closed:  # bound, never listening: every connection is refused
        closed.bind(("127.0.0.1", 0))
        config = config_for(workspace, closed.getsockname()[1], ["ana@example.org"], retries=2)
        before = digest(editions(config)["analyst"])
        waits: list[float] = []
        results = send_editions(config, DAY, editions(config), store, sleep=waits.append, backoff=0.5)
    assert [(r.status, r.attempts) for r in results] == [("failed", 3)]
    assert "ConnectionRefusedError" in (results[0].error or "")
    assert waits == [0.5, 1.0]
    assert digest(editions(config)["analyst"]) == before
    assert not store.was_sent(DAY, "analyst", "ana@example.org")
    [record] = store.deliveries(DAY)
    assert (record.status, record.attempts, record.recipient) == ("failed", 3, "ana@example.org")


def test_a_temporary_refusal_is_retried_until_sent(workspace: Path, store: Store) -> None:
    with SmtpSink(replies=["451 4.3.0 Try again later"]) as server:
        config = config_for(workspace, server.port, ["ana@example.org"], retries=3)
        waits: list[float] = []
        results = send_editions(config, DAY, editions(config), store, sleep=waits.append, backoff=0.01)
    assert [(r.status, r.attempts) for r in results] == [("sent", 2)]
    assert waits == [0.01] and len(server.messages) == 1


def test_a_permanent_refusal_is_not_retried(workspace: Path, store: Store) -> None:
    with SmtpSink(replies=["550 5.7.1 Rejected"]) as server:
        config = config_for(workspace, server.port, ["ana@example.org"], retries=3)
        waits: list[float] = []
        results = send_editions(config, DAY, editions(config), store, sleep=waits.append, backoff=0.01)
    assert [(r.status, r.attempts) for r in results] == [("failed", 1)]
    assert "550" in (results[0].error or "") and waits == []


def test_starttls_is_required_when_configured(workspace: Path, store: Store, sink: SmtpSink) -> None:
    config = config_for(workspace, sink.port, ["ana@example.org"], security="starttls")
    results = send_editions(config, DAY, editions(config), store, sleep=lambda _: None)
    assert results[0].status == "failed" and "STARTTLS" in (results[0].error or "")
    assert sink.messages == []


def test_a_missing_credential_variable_is_a_clear_error(
    workspace: Path, store: Store, sink: SmtpSink, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_SMTP_USER", USER)
    monkeypatch.delenv("TEST_SMTP_PASSWORD", raising=False)
    config = config_for(
        workspace, sink.port, ["ana@example.org"], username_env="TEST_SMTP_USER", password_env="TEST_SMTP_PASSWORD"
    )
    with pytest.raises(DeliveryError, match="TEST_SMTP_PASSWORD"):
        send_editions(config, DAY, editions(config), store)
    assert sink.messages == [] and store.deliveries(DAY) == []


def test_subject() -> None:
    assert subject_for("Daily Brief", "executive", DAY) == "Daily Brief — executive edition — 2025-11-03"


SENDER = """
import sys
from datetime import date
from pathlib import Path

from briefer.config import parse_config
from briefer.deliver import send_day

workspace, day = Path(sys.argv[1]), date.fromisoformat(sys.argv[2])
config = parse_config((workspace / "sources.yaml").read_text(encoding="utf-8"), base_dir=workspace)
print("ready", flush=True)
sys.stdin.readline()  # the test's barrier: every sender goes at once
print(",".join(f"{r.recipient}={r.status}" for r in send_day(config, day)), flush=True)
"""


def test_two_processes_sending_the_same_edition_at_once_send_it_once(workspace: Path) -> None:
    """A manual ``--send`` and the scheduler's send of one edition, at the same moment.

    The server holds every message at DATA until the test releases it: the
    senders are released only once two messages wait there (both got past
    any check) or one sender has finished (it found the edition claimed). So
    the race is made to happen, every time, without a sleep.
    """
    with SmtpSink(hold=True) as server:
        config = config_for(workspace, server.port, ["ana@example.org", "desk@example.org"], timeout=60)
        senders = [
            subprocess.Popen(
                [sys.executable, "-c", SENDER, str(workspace), DAY.isoformat()],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        try:
            for sender in senders:
                assert sender.stdout is not None and sender.stdout.readline() == "ready\n", sender.communicate()
            for sender in senders:
                assert sender.stdin is not None
                sender.stdin.write("go\n")
                sender.stdin.flush()
            deadline = time.monotonic() + 60
            while server.pending < 2 and all(s.poll() is None for s in senders):
                assert time.monotonic() < deadline, "neither two messages at DATA nor a sender finished"
                time.sleep(0.01)
            server.release()
            outputs = [s.communicate(timeout=60) for s in senders]
        finally:
            for sender in senders:
                if sender.poll() is None:
                    sender.kill()
    for sender, (_, err) in zip(senders, outputs, strict=True):
        assert sender.returncode == 0, err
    statuses = sorted(part for out, _ in outputs for part in out.strip().split(","))
    assert [rcpts for _, rcpts in server.envelopes].count(["ana@example.org"]) == 1
    assert [rcpts for _, rcpts in server.envelopes].count(["desk@example.org"]) == 1
    assert len(server.messages) == 2
    assert statuses.count("ana@example.org=sent") == 1 and statuses.count("desk@example.org=sent") == 1
    with Store(config.store.path) as store:
        assert sorted((d.recipient, d.status) for d in store.deliveries(DAY)) == [
            ("ana@example.org", "sent"),
            ("desk@example.org", "sent"),
        ]


def test_a_sender_killed_mid_send_is_not_repeated_until_resend(
    workspace: Path, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """Killed between the SMTP exchange and the record: the outcome is unknown, so at most once wins."""
    with SmtpSink(hold=True) as server:
        config = config_for(workspace, server.port, ["ana@example.org"], timeout=60)
        sender = subprocess.Popen(
            [sys.executable, "-c", SENDER, str(workspace), DAY.isoformat()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert sender.stdout is not None and sender.stdout.readline() == "ready\n"
            assert sender.stdin is not None
            sender.stdin.write("go\n")
            sender.stdin.flush()
            deadline = time.monotonic() + 60
            while server.pending < 1:
                assert time.monotonic() < deadline and sender.poll() is None, sender.communicate()
                time.sleep(0.01)
        finally:
            sender.kill()
            sender.communicate()
        server.release()
        with caplog.at_level(logging.WARNING, logger="briefer.deliver"):
            [again] = send_editions(config, DAY, editions(config), store)
        assert again.status == "skipped" and "ended without recording" in (again.reason or "")
        assert any("ended without recording" in r.getMessage() for r in caplog.records)
        assert store.deliveries(DAY) == []
        [resent] = send_editions(config, DAY, editions(config), store, resend=True)
        assert (resent.status, resent.attempts) == ("sent", 1)
        assert [d.status for d in store.deliveries(DAY)] == ["sent"]


def test_a_send_held_by_a_live_process_is_never_taken_over(workspace: Path, store: Store, sink: SmtpSink) -> None:
    config = config_for(workspace, sink.port, ["ana@example.org"])
    held = store.claim_delivery(DAY, "analyst", "ana@example.org", "a-live-sender")  # this very process holds it
    assert held.token == "a-live-sender" and held.state == "sending"
    for resend in (False, True):
        [result] = send_editions(config, DAY, editions(config), store, resend=resend)
        assert result.status == "skipped" and "being sent by another process" in (result.reason or "")
    assert sink.messages == []


def test_a_failed_send_is_tried_again_on_the_next_run(workspace: Path, store: Store) -> None:
    with SmtpSink(replies=["554 5.0.0 not today"]) as server:
        config = config_for(workspace, server.port, ["ana@example.org"])
        assert [r.status for r in send_editions(config, DAY, editions(config), store)] == ["failed"]
        assert [r.status for r in send_editions(config, DAY, editions(config), store)] == ["sent"]
        assert [r.status for r in send_editions(config, DAY, editions(config), store)] == ["skipped"]
    assert len(server.messages) == 1
    assert [d.status for d in store.deliveries(DAY)] == ["failed", "sent"]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made here: ``(cert.pem, key.pem)``."""
    from cryptography import x509  # a test dependency (pyproject.toml): missing, the test fails, never skips
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "briefer test SMTP")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return folder / "cert.pem", folder / "key.pem"


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    return context


@pytest.fixture
def trusted(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The test certificate is the only one this process trusts (OpenSSL reads SSL_CERT_FILE)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_starttls_upgrades_then_logs_in_and_sends(
    workspace: Path, store: Store, certificate: tuple[Path, Path], trusted: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_SMTP_USER", USER)
    monkeypatch.setenv("TEST_SMTP_PASSWORD", PASSWORD)
    with SmtpSink(login=(USER, PASSWORD), tls_context=server_context(certificate)) as server:
        config = config_for(
            workspace,
            server.port,
            ["ana@example.org"],
            security="starttls",
            username_env="TEST_SMTP_USER",
            password_env="TEST_SMTP_PASSWORD",
        )
        results = send_editions(config, DAY, editions(config), store, sleep=lambda _: None)
    assert [(r.status, r.error) for r in results] == [("sent", None)]
    assert server.tls == [True] and server.logins == [USER]  # the server refuses anything before STARTTLS
    assert parts(server.messages[0])[2][0].get_content() == (editions(config)["analyst"] / "briefing.pdf").read_bytes()


def test_implicit_tls_sends_over_tls_from_the_first_byte(
    workspace: Path, store: Store, certificate: tuple[Path, Path], trusted: None
) -> None:
    with SmtpSink(ssl_context=server_context(certificate)) as server:
        config = config_for(workspace, server.port, ["ana@example.org"], security="ssl")
        results = send_editions(config, DAY, editions(config), store, sleep=lambda _: None)
    assert [(r.status, r.error) for r in results] == [("sent", None)]
    assert server.tls == [True] and len(server.messages) == 1


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_a_certificate_nobody_vouches_for_is_refused(
    workspace: Path, store: Store, certificate: tuple[Path, Path], security: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(workspace / "no-such-bundle.pem"))  # trust nothing
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    context = server_context(certificate)
    sink = SmtpSink(ssl_context=context) if security == "ssl" else SmtpSink(tls_context=context)
    with sink as server:
        config = config_for(workspace, server.port, ["ana@example.org"], security=security, retries=0)
        [result] = send_editions(config, DAY, editions(config), store, sleep=lambda _: None)
    assert result.status == "failed" and "CERTIFICATE_VERIFY_FAILED" in (result.error or "")
    assert server.messages == []
