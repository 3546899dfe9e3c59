"""A real HTTP server on 127.0.0.1 for tests, with routes set per test.

Each route says what to answer: status, headers, body, a delay before the
answer, a body streamed in chunks (no Content-Length) with a pause between
chunks, gzip compression, or a redirect. Unknown paths answer 404.

    server.route("/feed.xml", body=rss, headers={"Content-Type": "application/rss+xml"})
    server.route("/slow", body=b"late", delay=2.0)
    server.route("/held", body=b"when told", gate=threading.Event())   # answers once the test sets the event
    server.redirect("/loop", "/loop")
    url = server.url("/feed.xml")
"""

from __future__ import annotations

import gzip
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line is sent
    chunked: bool = False  # Transfer-Encoding: chunked, no Content-Length
    chunk_size: int = 1024
    chunk_delay: float = 0.0  # seconds between chunks
    gzip: bool = False  # compress the body, Content-Encoding: gzip
    gate: threading.Event | None = None  # wait for the test to set it before answering


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.server.owner.requests.append((path, dict(self.headers.items())))
        route = self.server.owner.routes.get(path)
        if route is None:
            route = Route(status=404, body=b"not here", headers={"Content-Type": "text/plain"})
        try:
            self._answer(route)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to do

    def _answer(self, route: Route) -> None:
        if route.gate is not None:
            route.gate.wait()
        if route.delay:
            time.sleep(route.delay)
        body = gzip.compress(route.body) if route.gzip else route.body
        self.send_response(route.status)
        for name, value in route.headers.items():
            self.send_header(name, value)
        if route.gzip:
            self.send_header("Content-Encoding", "gzip")
        if route.chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), route.chunk_size):
                piece = body[start : start + route.chunk_size]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
                if route.chunk_delay:
                    time.sleep(route.chunk_delay)
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler still sleeping in a timeout test must not block shutdown
    owner: TestServer

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that went away (a timeout test, a kept-alive connection closed) is no error of the
        server's. socketserver would print a traceback to sys.stderr, from the server's thread, at a moment
        that depends on the machine's load: into whatever a test captures then (a command's stderr)."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            self.owner.clients_gone += 1
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class TestServer:
    """A threaded HTTP server on 127.0.0.1 and a free port; use as a context manager."""

    __test__ = False  # not a pytest test class

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []  # (path, headers) of every request
        self.clients_gone = 0  # connections the client dropped before an answer was read
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="test-http-server", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, body: bytes | str = b"", **options: object) -> str:
        """Answer GET ``path`` as told (see :class:`Route`); return its full URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **options)  # type: ignore[arg-type]
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        """Answer ``path`` with a redirect to ``to`` (a path or a full URL)."""
        return self.route(path, status=status, headers={"Location": to})

    def start(self) -> TestServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> TestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
