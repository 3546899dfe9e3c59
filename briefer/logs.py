"""Logging set-up, in one place, for the programs that own their process: the ``briefer``
command, the scheduler service and the scheduler's brief process.

Library code (the stages, the pipeline, the executor) only logs to its module's logger; it
never adds or removes a handler. One handler sits on the ``briefer`` logger, in one of three
styles:

- ``console``: for a person at a terminal, through rich (colours, no time);
- ``plain``: ``HH:MM:SS LEVEL message``, for cron and CI logs;
- ``service``: ``YYYY-MM-DD HH:MM:SS LEVEL [tag] message``, for journald or a log file.

A process forked from one set up here (the executor's workers, a PDF laid out aside) gets plain
handlers to stderr at the same levels: a rich console's lock may have been held by another
thread at the fork. Its lines look like the parent's (``HH:MM:SS LEVEL message`` under ``plain``)
and end with the worker that wrote them (``(worker 4242)``).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Literal

Style = Literal["console", "plain", "service"]

_FORMATS = {
    "plain": ("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"),
    "service": ("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S"),
}
_WORKER = " (worker %(process)d)"
"""What a forked child's lines end with: which worker wrote them."""
_worker_format: tuple[str, str | None] = ("%(levelname)s %(message)s" + _WORKER, None)
_fork_hook_installed = False


def setup(level: int, style: Style = "plain", *, tag: str = "", also: tuple[str, ...] = ()) -> logging.Handler:
    """One handler on the ``briefer`` logger (and on each logger named in ``also``), replacing any
    there; ``briefer``'s records go no further up. Returns the handler."""
    global _worker_format
    handler: logging.Handler
    if style != "console":  # a child's lines look like the parent's, the worker named at the end
        _worker_format = (_FORMATS[style][0] + _WORKER, _FORMATS[style][1])
    if style == "console":
        from rich.console import Console
        from rich.logging import RichHandler

        handler = RichHandler(console=Console(stderr=True), show_path=False, show_time=False)
    else:
        text, dates = _FORMATS[style]
        if tag:
            text = text.replace("%(message)s", f"[{tag}] %(message)s")
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(text, dates))
    for name in ("briefer", *also):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
    logging.getLogger("briefer").setLevel(level)
    _plain_in_forked_children()
    return handler


def _plain_in_forked_children() -> None:
    global _fork_hook_installed
    if not _fork_hook_installed and hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_worker_handlers)
        _fork_hook_installed = True


def _worker_handlers() -> None:
    """In a forked child: the handlers set up here, replaced by plain ones to stderr."""
    for logger in (logging.getLogger(), logging.getLogger("briefer")):
        if not logger.handlers:
            continue
        plain = logging.StreamHandler(sys.stderr)
        plain.setFormatter(logging.Formatter(*_worker_format))
        logger.handlers[:] = [plain]
