"""A test send: the day's editions emailed to an address of the user's choosing, recorded nowhere.

``briefer run --send --to me@example.org`` checks the email settings and how the brief looks in
a mail client before the real recipients get it: each edition goes to the ``--to`` addresses
only (its subject starts with ``[test]``), one attempt each, and nothing is written to the
store, so a later ``briefer run --send`` still sends to every recipient.
"""

from __future__ import annotations

import logging
import re
import smtplib
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from briefer.config import Config
from briefer.deliver import DeliveryError, DeliveryResult, build_message, credentials_from_env, send_message

log = logging.getLogger(__name__)

_ADDRESS = re.compile(r"^[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"'.][^@\s,;<>\"']*$")


def check_address(address: str) -> str:
    """``address`` when it is one plain email address; :class:`DeliveryError` otherwise."""
    if not _ADDRESS.match(address):
        raise DeliveryError(f"--to {address!r}: not one email address (name@example.org)")
    return address


def send_trial(
    config: Config, day: date, audiences: Sequence[str] | None, output: Path | None, recipients: Sequence[str]
) -> list[DeliveryResult]:
    """Email each chosen edition of ``day`` (already written) to ``recipients``; records nothing."""
    from briefer.pipeline import edition_dir

    settings = config.delivery.email
    if settings is None:
        raise DeliveryError("--send needs delivery.email in the config (see docs/email.md)")
    for recipient in recipients:
        check_address(recipient)
    credentials = credentials_from_env(settings)
    results: list[DeliveryResult] = []
    for name in audiences or [a.name for a in config.audiences]:
        folder = edition_dir(output or config.output, day, name)
        for recipient in recipients:
            message = build_message(settings, config.briefing.title, name, day, folder, recipient)
            subject = str(message["Subject"])
            del message["Subject"]
            message["Subject"] = f"[test] {subject}"
            try:
                send_message(settings, credentials, message)
            except (smtplib.SMTPException, OSError) as exc:
                log.error("test send of the %s edition to %s failed: %s", name, recipient, exc)
                results.append(DeliveryResult(name, recipient, "failed", 1, f"{type(exc).__name__}: {exc}"))
                continue
            log.info("test send: %s edition of %s sent to %s (not recorded)", name, day, recipient)
            results.append(DeliveryResult(name, recipient, "sent", 1))
    return results
