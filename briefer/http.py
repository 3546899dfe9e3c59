"""One HTTP client for every download, with hard limits.

Every request has a connect and read timeout, a deadline for the whole
download, a redirect limit and a body size limit (counted after gzip is
undone, chunk by chunk, so a compression bomb stops at the limit), and its
failure becomes a :class:`FetchError` whose message is one line a user can
act on. Only the encodings briefer asks for (``gzip``, ``deflate``) are
accepted, one at a time: a stacked (``gzip, gzip``) or unasked (``br``)
``Content-Encoding`` is refused.

Addresses found in content (a feed item's link, a redirect) never reach
loopback, private, link-local or cloud-metadata addresses, unless they are on
the origin of the configured URL that led to them or ``http.allow_private``
is set. The check is made on the address actually connected to, after name
resolution, so a name that resolves to a public address when checked and a
private one when connecting (DNS rebinding) gains nothing.

:class:`Fetcher` is what the pipeline uses: one ``httpx.Client`` shared by
every thread, at most ``per_host`` requests at a time to any one host,
retries with exponential backoff on 429 and 5xx answers (``Retry-After`` is
honoured, in seconds or as an HTTP date, but never beyond
``max_retry_after``), and conditional requests: given the ETag and
Last-Modified of the copy it has, a server may answer 304, which is returned
as a :class:`Response` with ``status == 304`` and no body.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpcore
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


ACCEPTED_ENCODINGS = ("gzip", "deflate")
"""Content encodings briefer asks for, and the only ones it decodes."""


class FetchError(Exception):
    """A download failed; the message says why in one line."""


class AddressRefused(Exception):
    """A request would reach an address it may not (loopback, private, link-local, metadata)."""


Origin = tuple[str, int]


def url_origin(url: str) -> Origin | None:
    """(host, port) of an http(s) URL, the port filled in; None for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.lower().strip("[]"), port or (443 if scheme == "https" else 80)


def is_internal(address: str) -> bool:
    """Whether ``address`` (an IP) is loopback, private, link-local (cloud metadata at
    169.254.169.254), shared, reserved or multicast: anything but the public internet."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


class _Guard(threading.local):
    """The current request's rule, per thread (httpx's sync client connects in the caller's thread).

    ``allowed``: the (host, port) pairs that may be internal; None when anything may be reached."""

    allowed: frozenset[Origin] | None = None


_guard = _Guard()


def _internal_refusal(host: str, address: str) -> AddressRefused:
    shown = host if host == address else f"{host} ({address})"
    return AddressRefused(
        f"refused: {shown} is a loopback, private or link-local address, and the link came from "
        "a page or feed, not from sources.yaml (http.allow_private: true allows it)"
    )


def _addresses(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _check_host(host: str, port: int) -> None:
    """Refuse a host:port the current rule does not allow when every address it has is internal."""
    allowed = _guard.allowed
    if allowed is None or (host.lower(), port) in allowed:
        return
    try:
        addresses = _addresses(host, port)
    except httpcore.ConnectError:
        return  # connecting fails too, with httpx's own message
    if addresses and all(is_internal(a) for a in addresses):
        raise _internal_refusal(host, addresses[0])


class _GuardedBackend(httpcore.SyncBackend):
    """Connects only to addresses the current rule allows: the name is resolved once, here, and the
    socket is opened to the address that was checked (so DNS rebinding cannot swap it)."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        allowed = _guard.allowed
        if allowed is None or (host.lower(), port) in allowed:
            return super().connect_tcp(host, port, timeout, local_address, socket_options)
        addresses = _addresses(host, port)
        public = [a for a in addresses if not is_internal(a)]
        if not public:
            raise _internal_refusal(host, addresses[0] if addresses else host)
        failure: Exception | None = None
        for address in public:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
        assert failure is not None
        raise failure


def _check_request(request: httpx.Request) -> None:
    """Event hook run before every request, redirects included: a pooled connection is reused
    without connecting again, so the name is checked here too."""
    url = request.url
    if url.scheme not in ("http", "https") or not url.host:
        return  # httpx refuses it on its own, with its own message
    _check_host(url.host, url.port or (443 if url.scheme == "https" else 80))


class _Decoder:
    """Undo one accepted content encoding a chunk at a time, never past ``limit`` bytes of output."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.encoding = encoding
        self.limit = limit
        self.size = 0
        self._first = True
        wbits = zlib.MAX_WBITS | 16 if encoding == "gzip" else zlib.MAX_WBITS
        self._inflate = zlib.decompressobj(wbits) if encoding else None

    def feed(self, data: bytes) -> bytes:
        if self._inflate is None:
            out = data
        else:
            room = self.limit - self.size
            try:
                out = self._inflate.decompress(data, room + 1)
            except zlib.error:
                if not (self._first and self.encoding == "deflate"):
                    raise
                # "deflate" is sent raw (without the zlib header) by some servers
                self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._inflate.decompress(data, room + 1)
        self._first = False
        self.size += len(out)
        if self.size > self.limit:
            raise FetchError(f"response too large: over {self.limit} bytes")
        return out

    def flush(self) -> bytes:
        return self._inflate.flush() if self._inflate is not None else b""


def _content_encoding(header: str) -> str:
    """The one accepted encoding named in ``Content-Encoding`` ('' for none), or FetchError."""
    names = [n.strip().lower() for n in header.split(",") if n.strip() and n.strip().lower() != "identity"]
    names = ["gzip" if n == "x-gzip" else n for n in names]
    if len(names) > 1:
        raise FetchError(f"refused: stacked content encodings {header.strip()!r} (briefer decodes one)")
    if names and names[0] not in ACCEPTED_ENCODINGS:
        raise FetchError(f"refused: content encoding {names[0]!r} was not asked for")
    return names[0] if names else ""


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
    limits = httpx.Limits(max_connections=32, max_keepalive_connections=16)
    transport = httpx.HTTPTransport(limits=limits)
    # httpx has no public way to give its connection pool a network backend; the pool's is swapped
    # for the guarded one (checked by tests/test_hostile.py, which fail if httpx renames it).
    pool = transport._pool
    assert isinstance(getattr(pool, "_network_backend", None), httpcore.SyncBackend)
    pool._network_backend = _GuardedBackend()
    return httpx.Client(
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=True,
        max_redirects=options.max_redirects,
        headers={"User-Agent": options.user_agent, "Accept-Encoding": ", ".join(ACCEPTED_ENCODINGS)},
        limits=limits,
        transport=transport,
        event_hooks={"request": [_check_request]},
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
    *,
    origin: str | None = None,
    deadline: float | None = None,
) -> Response:
    """GET ``url`` once, within the limits of ``options``; ``etag``/``last_modified`` make it conditional.

    ``origin``: the configured URL (in sources.yaml) that led to ``url``, e.g. the feed of an item
    page; ``None`` when ``url`` itself is configured. Internal addresses are reachable only on that
    origin, unless ``options.allow_private``. ``deadline``: a ``time.monotonic()`` time the download
    must end by, besides its own."""
    own = time.monotonic() + options.timeout * DEADLINE_TIMEOUTS
    limit_s = options.timeout * DEADLINE_TIMEOUTS
    if deadline is not None and deadline < own:
        own, limit_s = deadline, max(0.0, deadline - time.monotonic())
    deadline = own
    check_url(url)
    trusted = url_origin(url if origin is None else origin)
    previous = _guard.allowed
    _guard.allowed = None if options.allow_private else frozenset([trusted] if trusted else [])
    try:
        return _fetch(client, url, options, etag, last_modified, deadline, limit_s)
    finally:
        _guard.allowed = previous


def _fetch(
    client: httpx.Client,
    url: str,
    options: HttpOptions,
    etag: str | None,
    last_modified: str | None,
    deadline: float,
    limit_s: float,
) -> Response:
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
            decoder = _Decoder(_content_encoding(response.headers.get("Content-Encoding", "")), options.max_bytes)
            chunks: list[bytes] = []
            for chunk in response.iter_raw():  # decoded here, chunk by chunk, never past max_bytes
                chunks.append(decoder.feed(chunk))
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out: the download took over {limit_s:g} s")
            chunks.append(decoder.flush())
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
    except AddressRefused as exc:
        raise FetchError(str(exc)) from None
    except zlib.error as exc:
        raise FetchError(f"cannot decode the response: {_short(exc)}") from None
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

    def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        *,
        origin: str | None = None,
        deadline: float | None = None,
    ) -> Response:
        """GET ``url``; conditional when ``etag`` or ``last_modified`` is given (a 304 comes back as such).

        ``origin`` and ``deadline``: see :func:`fetch` (a found URL, a deadline for a whole source);
        no retry is waited for past ``deadline``."""
        check_url(url)
        slot = self._host_slot(url)
        attempt = 0
        while True:
            with slot:
                if deadline is not None and time.monotonic() >= deadline:
                    raise FetchError("timed out: the source's deadline passed before this request could start")
                try:
                    response = fetch(
                        self.client, url, self.options, etag, last_modified, origin=origin, deadline=deadline
                    )
                except _RetryableStatus as exc:
                    delay = retry_delay(exc.retry_after, attempt, self.backoff, self.max_retry_after)
                    late = deadline is not None and time.monotonic() + delay > deadline
                    if attempt >= self.retries or late:
                        tries = f" (after {attempt + 1} attempts)" if attempt else ""
                        raise FetchError(f"{exc}{tries}") from None
                    problem = str(exc)
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
