"""One HTTP client for every download, with hard limits.

Every request has a connect and read timeout, a deadline for the whole
download, a redirect limit and a body size limit (counted after gzip is
undone), and its failure becomes a :class:`FetchError` whose message is one
line a user can act on.

:class:`Fetcher` is what the pipeline uses: one ``httpx.Client`` shared by
every thread, at most ``per_host`` requests at a time to any one host,
retries with exponential backoff on 429 and 5xx answers (``Retry-After`` is
honoured, in seconds or as an HTTP date, but never beyond
``max_retry_after``), and conditional requests: given the ETag and
Last-Modified of the copy it has, a server may answer 304, which is returned
as a :class:`Response` with ``status == 304`` and no body.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from briefer.config import HttpOptions

log = logging.getLogger(__name__)

# The whole download, redirects included, may take this many read timeouts:
# a server that sends a byte just often enough to beat the read timeout
# must not hold the run for ever.
DEADLINE_TIMEOUTS = 4
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRIES = 2
"""Attempts after the first one, for a 429 or 5xx answer."""
BACKOFF = 1.0
"""Seconds before the first retry; doubled for each next one."""
MAX_RETRY_AFTER = 30.0
"""Longest wait a server's ``Retry-After`` can ask for: a hostile server cannot stall a run."""
PER_HOST = 2
"""Requests at once to one host, whatever the number of sources."""


class FetchError(Exception):
    """A download failed; the message says why in one line."""


@dataclass(frozen=True)
class Response:
    url: str  # final URL after redirects
    status: int
    content: bytes
    content_type: str
    encoding: str | None  # charset declared in Content-Type, if any
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def make_client(options: HttpOptions) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=True,
        max_redirects=options.max_redirects,
        headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"},
        limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
    )


class _RetryableStatus(FetchError):
    def __init__(self, message: str, retry_after: str | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def fetch(
    client: httpx.Client,
    url: str,
    options: HttpOptions,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Response:
    """GET ``url`` once, within the limits of ``options``; ``etag``/``last_modified`` make it conditional."""
    deadline = time.monotonic() + options.timeout * DEADLINE_TIMEOUTS
    check_url(url)
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return Response(
                    url=str(response.url),
                    status=304,
                    content=b"",
                    content_type="",
                    encoding=None,
                    etag=response.headers.get("ETag") or etag,
                    last_modified=response.headers.get("Last-Modified") or last_modified,
                )
            if response.status_code >= 400:
                reason = response.reason_phrase or "error"
                message = f"HTTP {response.status_code} {reason}"
                if response.status_code in RETRY_STATUSES:
                    raise _RetryableStatus(message, response.headers.get("Retry-After"))
                raise FetchError(message)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > options.max_bytes:
                raise FetchError(f"response too large: {int(declared)} bytes (limit {options.max_bytes})")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > options.max_bytes:
                    raise FetchError(f"response too large: over {options.max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out: the download took over {options.timeout * DEADLINE_TIMEOUTS:g} s")
                chunks.append(chunk)
            return Response(
                url=str(response.url),
                status=response.status_code,
                content=b"".join(chunks),
                content_type=response.headers.get("Content-Type", ""),
                encoding=response.charset_encoding,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )
    except FetchError:
        raise
    except httpx.TooManyRedirects:
        raise FetchError(f"too many redirects (limit {options.max_redirects})") from None
    except httpx.TimeoutException:
        raise FetchError(f"timed out after {options.timeout:g} s") from None
    except httpx.ConnectError as exc:
        raise FetchError(f"cannot connect: {_short(exc)}") from None
    except httpx.DecodingError as exc:
        raise FetchError(f"cannot decode the response: {_short(exc)}") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {_short(exc)}") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"invalid URL: {_short(exc)}") from None


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"invalid URL {url!r}: it needs http:// or https:// and a host name")


def retry_delay(
    retry_after: str | None, attempt: int, backoff: float, cap: float, now: datetime | None = None
) -> float:
    """Seconds to wait before retry number ``attempt`` (0-based).

    ``Retry-After`` wins when it is readable (seconds, or an HTTP date);
    otherwise ``backoff * 2**attempt``. Never more than ``cap``.
    """
    delay = backoff * (2**attempt)
    if retry_after:
        value = retry_after.strip()
        if value.isdigit():
            delay = float(value)
        else:
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                when = None
            if when is not None:
                if when.tzinfo is None:
                    when = when.replace(tzinfo=UTC)
                delay = max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
    return min(max(delay, 0.0), cap)


class Fetcher:
    """Every download of a run: one client, a few requests per host at once, retries with backoff.

    Safe to share between threads. ``sleep`` is injectable so tests can see
    the waits without making them.
    """

    def __init__(
        self,
        options: HttpOptions,
        *,
        per_host: int = PER_HOST,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        max_retry_after: float = MAX_RETRY_AFTER,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options
        self.per_host = per_host
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.sleep = sleep
        self.client = make_client(options)
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()
        self.downloads = 0  # full bodies received (200s), for the run report and tests
        self.not_modified = 0  # 304 answers

    def _host_slot(self, url: str) -> threading.BoundedSemaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = threading.BoundedSemaphore(self.per_host)
            return self._hosts[host]

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url``; conditional when ``etag`` or ``last_modified`` is given (a 304 comes back as such)."""
        check_url(url)
        slot = self._host_slot(url)
        attempt = 0
        while True:
            with slot:
                try:
                    response = fetch(self.client, url, self.options, etag, last_modified)
                except _RetryableStatus as exc:
                    if attempt >= self.retries:
                        tries = f" (after {attempt + 1} attempts)" if attempt else ""
                        raise FetchError(f"{exc}{tries}") from None
                    problem = str(exc)
                    delay = retry_delay(exc.retry_after, attempt, self.backoff, self.max_retry_after)
                else:
                    with self._lock:
                        if response.not_modified:
                            self.not_modified += 1
                        else:
                            self.downloads += 1
                    return response
            log.info("%s: %s, retrying in %.1f s", url, problem, delay)
            self.sleep(delay)  # outside the host slot: other requests to the host may go meanwhile
            attempt += 1

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[-1] if text else type(exc).__name__
