"""The HTTP client against a real server on 127.0.0.1: retries, Retry-After, validators, limits per host.

Waits are recorded by an injected ``sleep`` instead of being slept, so the
tests see exactly how long the client would have waited, and stay fast.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
from httpserver import Route, TestServer

from briefer.config import HttpOptions
from briefer.http import Fetcher, FetchError, retry_delay


class ScriptedRoutes(dict[str, Route]):
    """Routes for :class:`TestServer` with what a plain route cannot do: a
    series of answers for one path (500, then 200), and a 304 when the
    request carries the route's own ETag or Last-Modified.

    Install with ``server.routes = ScriptedRoutes(server)``.
    """

    def __init__(self, server: TestServer) -> None:
        super().__init__()
        self.server = server
        self.series: dict[str, list[Route]] = {}
        self._lock = threading.Lock()

    def then(self, path: str, *routes: Route) -> str:
        """Answer ``path`` with each route in turn; the last one stays."""
        self.series[path] = list(routes)
        return self.server.url(path)

    def get(self, path: str, default: Any = None) -> Any:  # type: ignore[override]
        with self._lock:
            series = self.series.get(path)
            route = (series.pop(0) if len(series) > 1 else series[0]) if series else super().get(path, default)
            request = next((h for p, h in reversed(self.server.requests) if p == path), {})
        if route is None:
            return None
        etag, modified = route.headers.get("ETag"), route.headers.get("Last-Modified")
        asked_etag, asked_since = request.get("If-None-Match"), request.get("If-Modified-Since")
        if (etag and asked_etag == etag) or (modified and not etag and asked_since == modified):
            return Route(status=304, headers={k: v for k, v in route.headers.items() if k in ("ETag", "Last-Modified")})
        return route


def scripted(server: TestServer) -> ScriptedRoutes:
    routes = ScriptedRoutes(server)
    server.routes = routes
    return routes


class Waits:
    """An injected ``sleep``: records each wait instead of sleeping."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


OPTIONS = HttpOptions(timeout=0.5, max_bytes=50_000, max_redirects=3)


def fetcher(waits: Waits | None = None, **kwargs: Any) -> Fetcher:
    return Fetcher(OPTIONS, sleep=waits or Waits(), **kwargs)


def paths(server: TestServer) -> list[str]:
    return [p for p, _ in server.requests]


def test_500_then_200_is_retried_after_the_backoff(http_server: TestServer) -> None:
    url = scripted(http_server).then("/flaky", Route(status=500), Route(body=b"at last"))
    waits = Waits()

    with fetcher(waits, backoff=0.25) as http:
        response = http.get(url)

    assert (response.status, response.content) == (200, b"at last")
    assert paths(http_server) == ["/flaky", "/flaky"]
    assert waits.seconds == [0.25]


def test_backoff_doubles_and_gives_up_with_a_one_line_reason(http_server: TestServer) -> None:
    url = http_server.route("/down", b"down", status=503)
    waits = Waits()

    with fetcher(waits, backoff=0.1, retries=2) as http, pytest.raises(FetchError) as failure:
        http.get(url)

    assert str(failure.value) == "HTTP 503 Service Unavailable (after 3 attempts)"
    assert waits.seconds == [0.1, 0.2]
    assert len(http_server.requests) == 3


def test_429_honours_retry_after_in_seconds(http_server: TestServer) -> None:
    url = scripted(http_server).then("/busy", Route(status=429, headers={"Retry-After": "7"}), Route(body=b"served"))
    waits = Waits()

    with fetcher(waits, backoff=0.01) as http:
        assert http.get(url).content == b"served"

    assert waits.seconds == [7.0]


def test_retry_after_as_an_http_date_and_capped(http_server: TestServer) -> None:
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    routes = scripted(http_server)
    url = routes.then(
        "/busy",
        Route(status=429, headers={"Retry-After": soon}),
        Route(status=503, headers={"Retry-After": "86400"}),  # a hostile server: come back tomorrow
        Route(body=b"served"),
    )
    waits = Waits()

    with fetcher(waits, backoff=0.01, max_retry_after=30.0) as http:
        assert http.get(url).content == b"served"

    assert 15 <= waits.seconds[0] <= 20
    assert waits.seconds[1] == 30.0


def test_retry_delay_reads_every_form() -> None:
    now = datetime(2025, 3, 11, 12, 0, tzinfo=UTC)
    assert retry_delay("120", 0, 1.0, 30.0) == 30.0
    assert retry_delay("3", 0, 1.0, 30.0) == 3.0
    assert retry_delay("Tue, 11 Mar 2025 12:00:10 GMT", 0, 1.0, 30.0, now) == 10.0
    assert retry_delay("Tue, 11 Mar 2025 11:00:00 GMT", 0, 1.0, 30.0, now) == 0.0  # already past
    assert retry_delay("soon, maybe", 2, 1.0, 30.0) == 4.0  # unreadable: the backoff
    assert retry_delay(None, 1, 0.5, 30.0) == 1.0


def test_404_is_not_retried(http_server: TestServer) -> None:
    url = http_server.route("/gone", b"gone", status=404)
    waits = Waits()

    with fetcher(waits) as http, pytest.raises(FetchError, match="HTTP 404"):
        http.get(url)

    assert len(http_server.requests) == 1 and waits.seconds == []


def test_validators_are_sent_back_and_304_has_no_body(http_server: TestServer) -> None:
    modified = "Tue, 11 Mar 2025 14:05:00 GMT"
    url = scripted(http_server).then(
        "/feed", Route(body=b"<rss/>", headers={"ETag": '"v1"', "Last-Modified": modified})
    )

    with fetcher() as http:
        first = http.get(url)
        second = http.get(url, first.etag, first.last_modified)
        changed = http.get(url, '"v0"', None)

    assert (first.status, first.etag, first.last_modified) == (200, '"v1"', modified)
    assert second.not_modified and second.content == b"" and second.etag == '"v1"'
    assert changed.status == 200 and changed.content == b"<rss/>"
    headers = http_server.requests[1][1]
    assert headers["If-None-Match"] == '"v1"' and headers["If-Modified-Since"] == modified
    assert "If-None-Match" not in http_server.requests[0][1]
    assert (http.downloads, http.not_modified) == (2, 1)


def test_user_agent_and_compression_are_announced(http_server: TestServer) -> None:
    url = http_server.route("/page", b"hello " * 100, gzip=True)

    with fetcher() as http:
        assert http.get(url).content == b"hello " * 100

    headers = http_server.requests[0][1]
    assert headers["User-Agent"].startswith("briefer")
    assert "gzip" in headers["Accept-Encoding"]


def test_at_most_two_requests_at_once_to_one_host(http_server: TestServer) -> None:
    url = http_server.route("/slow", b"ok", delay=0.2)
    started = time.monotonic()

    with fetcher(per_host=2) as http, ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: http.get(url).status, range(6)))
    elapsed = time.monotonic() - started

    assert results == [200] * 6
    assert elapsed >= 0.55  # 6 requests, 2 at a time, 0.2 s each: three rounds (unlimited: one round)


def test_other_hosts_are_not_held_up_by_a_busy_one(http_server: TestServer) -> None:
    held = threading.Event()  # 127.0.0.1 answers only once the other host has answered
    slow = http_server.route("/slow", b"ok", gate=held)
    quick = slow.replace("127.0.0.1", "localhost").replace("/slow", "/quick")
    http_server.route("/quick", b"quick")
    patient = HttpOptions(timeout=60, max_bytes=50_000, max_redirects=3)

    try:
        with Fetcher(patient, sleep=Waits(), per_host=1) as http, ThreadPoolExecutor(max_workers=4) as pool:
            busy = [pool.submit(http.get, slow) for _ in range(2)]  # one at the server, one queued for the host
            deadline = time.monotonic() + 60
            while "/slow" not in paths(http_server):
                assert time.monotonic() < deadline, "the busy host never got its request"
                time.sleep(0.01)
            other = pool.submit(http.get, quick)
            assert other.result(timeout=60).content == b"quick"  # while 127.0.0.1 still holds its request
            assert paths(http_server).count("/slow") == 1  # and the second one still waits its turn there
            held.set()
            assert [f.result(timeout=60).content for f in busy] == [b"ok", b"ok"]
    finally:
        held.set()


def test_limits_are_one_line_errors(http_server: TestServer) -> None:
    http_server.redirect("/loop", "/loop")
    http_server.route("/huge", b"x" * 60_000)
    http_server.route("/late", b"late", delay=2.0)

    with fetcher() as http:
        for path, fragment in (("/loop", "too many redirects"), ("/huge", "too large"), ("/late", "timed out")):
            with pytest.raises(FetchError, match=fragment) as failure:
                http.get(http_server.url(path))
            assert "\n" not in str(failure.value)
