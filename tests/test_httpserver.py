"""The tests' own HTTP server: a client that goes away is counted, never printed as a traceback.

socketserver prints a traceback to sys.stderr from the server's thread when a client resets its
connection; the moment depends on the machine's load, so the text used to land in whatever a test
was capturing then (test_extract_cli's one-line error once failed that way, under load).
"""

from __future__ import annotations

import socket
import struct
import time

import pytest
from httpserver import TestServer


def test_a_client_that_resets_its_connection_prints_nothing(
    http_server: TestServer, capsys: pytest.CaptureFixture[str]
) -> None:
    host, port = http_server.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as client:
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = reset
    deadline = time.monotonic() + 60
    while http_server.clients_gone == 0:  # the server's thread has met the reset
        assert time.monotonic() < deadline, "the server never saw the reset"
        time.sleep(0.01)
    assert "Traceback" not in capsys.readouterr().err
