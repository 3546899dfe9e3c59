"""Fixtures shared by the whole test suite; keep them generic."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest
from httpserver import TestServer


@pytest.fixture
def http_server() -> Iterator[TestServer]:
    """A real HTTP server on 127.0.0.1; add routes with ``http_server.route(...)``."""
    with TestServer() as server:
        yield server


@pytest.fixture
def refused_url() -> Iterator[str]:
    """A URL on 127.0.0.1 whose port is bound but not listening: connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"


@pytest.fixture(autouse=True)
def logging_as_it_was() -> Iterator[None]:
    """A test that runs a command in this process (click's CliRunner) sets up logging as the command does:
    its own handler on ``briefer``, a level, records kept from the root. Put all of it back afterwards,
    or every later test's ``caplog`` (which listens at the root) sees nothing, depending on test order."""
    names = ("briefer", "apscheduler")
    saved = {name: (logging.getLogger(name).handlers[:], logging.getLogger(name).level) for name in names}
    propagate = {name: logging.getLogger(name).propagate for name in names}
    yield
    for name, (handlers, level) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate[name]
