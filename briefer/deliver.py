"""Email delivery: each edition to its audience's recipients, over SMTP.

One message per recipient (each sees only their own address, and each
delivery is recorded, retried and de-duplicated on its own). A message is
``multipart/mixed``: a ``multipart/alternative`` body with the brief as plain
text (``briefing.md``) and as HTML (``briefing.html``, or ``briefing.md``
rendered and sanitized like the HTML edition), plus ``briefing.pdf`` as an
``application/pdf`` attachment when the edition has one. HTML only ever comes
from the rendered files, never from raw article text.

Each send is **at most once**, even when two processes (a ``briefer run
--send`` and the scheduler) deliver the same edition at the same moment: the
sender first claims the edition and recipient in the store, atomically
(:meth:`Store.claim_delivery`), sends only if the claim is its own, and records
the outcome after. A process that dies between the SMTP exchange and that
record leaves the claim ``sending``: nobody knows whether the message arrived,
so it is not sent again by itself (a lost brief is loud in the log; a
duplicate could not be taken back); ``resend`` takes such a claim over once
the process that held it is gone.

Delivery only reads the edition folder: a failed send never changes or
deletes the brief on disk. Credentials come only from the environment
variables that ``delivery.email.username_env`` and ``password_env`` name, and
never reach a log.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import ssl
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html import escape
from pathlib import Path

from briefer.config import Config, EmailDelivery
from briefer.store import DeliveryClaim, Store
from briefer.text import slug

log = logging.getLogger(__name__)

BACKOFF_SECONDS = 2.0
"""Delay before the first retry; each further retry waits twice as long."""

Sleep = Callable[[float], object]


class DeliveryError(Exception):
    """Email cannot be sent at all (no settings, a missing credential variable, no edition files)."""


@dataclass(frozen=True)
class DeliveryResult:
    """What happened to one edition for one recipient."""

    audience: str
    recipient: str
    status: str
    """``sent``, ``failed`` or ``skipped`` (already sent, or being sent by another process; ``reason`` says which)."""
    attempts: int = 0
    error: str | None = None
    reason: str | None = None
    """Why a recipient was skipped."""


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str

    def __repr__(self) -> str:  # never show the password, even in a traceback's locals
        return f"Credentials(username={self.username!r}, password='***')"


def credentials_from_env(settings: EmailDelivery, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The SMTP login from the environment, or ``None`` when the config names no variables."""
    env = os.environ if environ is None else environ
    if not settings.username_env and not settings.password_env:
        return None
    if not (settings.username_env and settings.password_env):
        raise DeliveryError(
            "delivery.email: set both username_env and password_env (the names of the environment "
            "variables holding the SMTP login), or neither to send without logging in"
        )
    missing = [name for name in (settings.username_env, settings.password_env) if not env.get(name)]
    if missing:
        raise DeliveryError(
            f"environment variable(s) {', '.join(missing)} not set: delivery.email.username_env and "
            "password_env name the variables that hold the SMTP login"
        )
    return Credentials(env[settings.username_env], env[settings.password_env])


def subject_for(title: str, audience: str, day: date) -> str:
    """One header line, whatever the title holds (a line break in a header would end it)."""
    return " ".join(f"{title} — {audience} edition — {day.isoformat()}".split())


def _html_from_markdown(markdown_text: str, title: str) -> str:
    from briefer.render import markdown_to_safe_html  # the HTML edition's own: one policy for both

    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{escape(title)}</title></head>\n'
        f"<body>\n{markdown_to_safe_html(markdown_text)}\n</body></html>\n"
    )


def build_message(
    settings: EmailDelivery, title: str, audience: str, day: date, folder: Path, recipient: str
) -> EmailMessage:
    """The email for one recipient, built only from the files in the edition folder."""
    md_file, html_file, pdf_file = folder / "briefing.md", folder / "briefing.html", folder / "briefing.pdf"
    if not md_file.is_file() and not pdf_file.is_file():
        raise DeliveryError(f"{folder}: no briefing.md or briefing.pdf to send (add md or pdf to the formats)")
    message = EmailMessage()
    message["Subject"] = subject_for(title, audience, day)
    message["From"] = settings.from_
    message["To"] = recipient
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=settings.from_.rpartition("@")[2] or None)
    if md_file.is_file():
        text = md_file.read_text(encoding="utf-8")
        html = html_file.read_text(encoding="utf-8") if html_file.is_file() else _html_from_markdown(text, title)
        message.set_content(text, subtype="plain", charset="utf-8")
        message.add_alternative(html, subtype="html", charset="utf-8")
    else:
        message.set_content(f"{subject_for(title, audience, day)}\n\nThe brief is attached as a PDF.\n")
    if pdf_file.is_file():
        name = f"{slug(title, 'brief')}-{audience}-{day.isoformat()}.pdf"
        message.add_attachment(pdf_file.read_bytes(), maintype="application", subtype="pdf", filename=name)
    else:
        log.warning("%s: no briefing.pdf, so the %s edition is sent without a PDF", folder, audience)
    return message


def _transient(exc: Exception) -> bool:
    """Worth another try: network trouble and 4xx replies; a 5xx reply is final."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return False
    return isinstance(exc, smtplib.SMTPException | OSError)


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"server replied {exc.smtp_code} {reply}".strip()
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "recipient refused: " + "; ".join(
            f"{code} {msg.decode('utf-8', 'replace') if isinstance(msg, bytes) else msg}"
            for code, msg in exc.recipients.values()
        )
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    return f"{type(exc).__name__}: {exc}"


def send_message(settings: EmailDelivery, credentials: Credentials | None, message: EmailMessage) -> None:
    """One SMTP session for one message, with the configured security."""
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.security == "ssl":
        smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with smtp:
        if settings.security == "starttls":
            smtp.starttls(context=context)  # raises SMTPNotSupportedError rather than send in clear text
        if credentials is not None:
            smtp.login(credentials.username, credentials.password)
        smtp.send_message(message)


def send_editions(
    config: Config,
    day: date,
    edition_dirs: Mapping[str, Path],
    store: Store,
    resend: bool = False,
    *,
    sleep: Sleep = time.sleep,
    backoff: float = BACKOFF_SECONDS,
) -> list[DeliveryResult]:
    """Email each audience's edition to its recipients; returns one result per recipient.

    ``edition_dirs`` maps an audience name to its folder
    (``output/<date>/<audience>``). An edition already sent to a recipient for
    ``day`` is skipped unless ``resend``. A failed send is retried
    ``delivery.email.retries`` times, waiting ``backoff``, then twice that, and
    so on (``sleep`` does the waiting); every outcome is recorded in the store.
    Raises :class:`DeliveryError` only when nothing can be sent at all.
    """
    settings = config.delivery.email
    if settings is None:
        raise DeliveryError("no delivery.email settings in the config: nothing to send")
    credentials = credentials_from_env(settings)
    results: list[DeliveryResult] = []
    for audience_name, folder in edition_dirs.items():
        audience = config.audience(audience_name)
        if not audience.recipients:
            log.info("%s edition: no recipients, nothing to email", audience_name)
            continue
        for recipient in audience.recipients:
            try:
                message = build_message(settings, config.briefing.title, audience_name, day, folder, recipient)
            except ValueError as exc:  # a header the email library refuses: one line, never a traceback
                raise DeliveryError(f"{audience_name} edition to {recipient!r}: cannot build the mail: {exc}") from None
            token = uuid.uuid4().hex
            claim = store.claim_delivery(
                day, audience_name, recipient, token, take_over=lambda held: _may_take_over(held, resend)
            )
            if claim.token != token:
                reason = _why_skipped(claim)
                level = logging.WARNING if claim.state == "sending" and not _alive(claim) else logging.INFO
                log.log(level, "%s edition of %s to %s: skipped: %s", audience_name, day, recipient, reason)
                results.append(DeliveryResult(audience_name, recipient, "skipped", reason=reason))
                continue
            results.append(_deliver(settings, credentials, message, recipient, claim, store, sleep, backoff))
    return results


def _alive(claim: DeliveryClaim) -> bool:
    """Whether the process holding ``claim`` may still be sending (one on another host is assumed to be)."""
    if claim.host != socket.gethostname():
        return True
    try:
        os.kill(claim.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        return True
    return True


def _may_take_over(claim: DeliveryClaim, resend: bool) -> bool:
    """A failed send is tried again; a sent one only on ``resend``; one still ``sending`` never, unless
    ``resend`` and the process that claimed it is gone (its outcome unknown)."""
    if claim.state == "failed":
        return True
    if claim.state == "sent":
        return resend
    return resend and not _alive(claim)


def _why_skipped(claim: DeliveryClaim) -> str:
    since = claim.claimed_at.isoformat(timespec="seconds")
    if claim.state == "sent":
        return "already sent (resend to send again)"
    if _alive(claim):
        return f"being sent by another process (pid {claim.pid} on {claim.host or 'this host'}, since {since})"
    return (
        f"a send started at {since} by pid {claim.pid} ended without recording whether the message left; "
        "not sent again, so nobody gets it twice (resend to send it again)"
    )


def _deliver(
    settings: EmailDelivery,
    credentials: Credentials | None,
    message: EmailMessage,
    recipient: str,
    claim: DeliveryClaim,
    store: Store,
    sleep: Sleep,
    backoff: float,
) -> DeliveryResult:
    """Send under ``claim`` (with retries) and settle it. An exception that ends the process here
    (a signal, Ctrl-C) leaves the claim ``sending``: the outcome is unknown, see the module docs."""
    day, audience = claim.day, claim.audience
    attempts = 0
    error = ""
    while True:
        attempts += 1
        try:
            send_message(settings, credentials, message)
        except (smtplib.SMTPException, OSError) as exc:
            error = _describe(exc)
            retry = _transient(exc) and attempts <= settings.retries
            log.warning(
                "%s edition to %s: attempt %d failed: %s%s",
                audience,
                recipient,
                attempts,
                error,
                "; will retry" if retry else "",
            )
            if not retry:
                break
            sleep(backoff * 2 ** (attempts - 1))
            continue
        except Exception as exc:  # not the network: the message could not even be encoded, so it never left
            error = f"{type(exc).__name__}: {exc}"
            break
        log.info("%s edition of %s sent to %s (attempt %d)", audience, day, recipient, attempts)
        store.settle_delivery(claim, "sent", attempts)
        return DeliveryResult(audience, recipient, "sent", attempts)
    log.error("%s edition of %s NOT sent to %s after %d attempt(s): %s", audience, day, recipient, attempts, error)
    store.settle_delivery(claim, "failed", attempts, error)
    return DeliveryResult(audience, recipient, "failed", attempts, error)


def send_day(
    config: Config,
    day: date,
    audiences: list[str] | None = None,
    output: Path | None = None,
    resend: bool = False,
) -> list[DeliveryResult]:
    """Email the editions already written for ``day`` (what ``briefer run --send`` calls after a run)."""
    from briefer.output import edition_dir

    names = audiences or [a.name for a in config.audiences]
    folders = {name: edition_dir(output or config.output, day, name) for name in names}
    with Store(config.store.path) as store:
        return send_editions(config, day, folders, store, resend=resend)
