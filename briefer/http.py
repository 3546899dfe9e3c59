"""One HTTP client for every download, with hard limits.

Every request has a connect and read timeout, a deadline for the whole
download, a redirect limit and a body size limit (counted after gzip is
undone), and its failure becomes a :class:`FetchError` whose message is one
line a user can act on.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from briefer.config import HttpOptions

log = logging.getLogger(__name__)

# The whole download, redirects included, may take this many read timeouts:
# a server that sends a byte just often enough to beat the read timeout
# must not hold the run for ever.
DEADLINE_TIMEOUTS = 4


class FetchError(Exception):
    """A download failed; the message says why in one line."""


@dataclass(frozen=True)
class Response:
    url: str  # final URL after redirects
    status: int
    content: bytes
    content_type: str
    encoding: str | None  # charset declared in Content-Type, if any


def make_client(options: HttpOptions) -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=True,
        max_redirects=options.max_redirects,
        headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"},
    )


def fetch(client: httpx.Client, url: str, options: HttpOptions) -> Response:
    """GET ``url`` within the limits of ``options``."""
    deadline = time.monotonic() + options.timeout * DEADLINE_TIMEOUTS
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"invalid URL {url!r}: it needs http:// or https:// and a host name")
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                reason = response.reason_phrase or "error"
                raise FetchError(f"HTTP {response.status_code} {reason}")
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
                    raise FetchError(
                        f"timed out: the download took over {options.timeout * DEADLINE_TIMEOUTS:g} s"
                    )
                chunks.append(chunk)
            return Response(
                url=str(response.url),
                status=response.status_code,
                content=b"".join(chunks),
                content_type=response.headers.get("Content-Type", ""),
                encoding=response.charset_encoding,
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


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[-1] if text else type(exc).__name__
