"""Fixtures shared by the whole test suite; keep them generic."""

from __future__ import annotations

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
