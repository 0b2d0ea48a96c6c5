"""HTTP for the connectors: httpx with explicit timeouts, a total deadline and a size cap per request, the OS
certificate store (truststore), the system / environment proxy, and retries that never repeat a request whose
outcome is unknown.

Retry rules:
* connect errors (DNS, refused, TLS handshake, proxy): the request never left → retried with backoff;
* 429: not processed → retried after ``Retry-After`` (or backoff);
* 5xx, read timeouts, dropped connections: retried only for idempotent requests (GET, a token). A request that
  changes the ledger (a voucher POST) in that state raises ``LedgerError(outcome="unknown")``, so the transfer
  engine asks the ledger (``find``) before anything is sent again. Every other request's failure is
  ``outcome="not_sent"``: it cannot have stored a voucher.

Limits that keep a hostile or broken server from holding a run: each request has a **total deadline**
(``deadline`` seconds for everything, its retries and their waits included: connect, send, headers and body,
enforced on every socket read and write, so a server trickling a byte every few seconds is cut off), and an
answer larger than ``max_bytes`` (after decompression) is refused. Both are ledger errors a user can read,
never a crash.
"""

from __future__ import annotations

import logging
import random
import ssl
import threading
import time
from typing import Any, Callable

import httpcore
import httpx

from .. import __version__
from ..core.display import printable
from ..core.transfer import LedgerError
from .errors import ledger_error

log = logging.getLogger("ledgerwizard.http")

USER_AGENT = f"ledgerwizard/{__version__} (+support@ledgerwizard.no)"
DEFAULT_DEADLINE = 120.0  # seconds for one request, everything included
DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # the largest chart page seen is a few MB


def ssl_context(verify: bool | str = True) -> ssl.SSLContext | bool:
    """The operating system's trust store (Windows certificate store, macOS Keychain, Linux CA bundle)."""
    if verify is False:
        return False
    try:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except Exception:  # noqa: BLE001  # pragma: no cover - truststore unavailable: fall back to the default context
        return ssl.create_default_context()


class RateLimiter:
    """At most ``rate`` requests per second from this process (PowerOffice: 10/s per subscription key)."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic, sleep=time.sleep):
        self.interval = 1.0 / rate
        self.clock = clock
        self.sleep = sleep
        self.next = 0.0
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            now = self.clock()
            if now < self.next:
                self.sleep(self.next - now)
                now = self.next
            self.next = now + self.interval


_SHARED: dict[str, RateLimiter] = {}
_SHARED_LOCK = threading.Lock()


def shared_limiter(key: str, rate: float) -> RateLimiter:
    """One limiter per key in this process: every connection under one limit (PowerOffice: every connector with
    the same subscription key — the company's and each store's own key — shares its 10 requests a second)."""
    with _SHARED_LOCK:
        lim = _SHARED.get(key)
        if lim is None or lim.interval != 1.0 / rate:
            lim = _SHARED[key] = RateLimiter(rate)
        return lim


# --- the total deadline, on every socket operation ---------------------------------------------------------------
# httpx's timeouts bound each read, not a whole answer: a server sending one byte every few seconds is never "late".
# httpcore takes a network backend; ours bounds each read and write by what is left of the request's deadline.

_deadline = threading.local()


def _remaining(timeout: float | None) -> float | None:
    at = getattr(_deadline, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the request's total deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream):
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _remaining(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._stream.start_tls(ssl_context, server_hostname, _remaining(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self, backend: httpcore.NetworkBackend):
        self._backend = backend

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        return _DeadlineStream(self._backend.connect_tcp(host, port, _remaining(timeout), local_address, socket_options))

    def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover - not used
        return _DeadlineStream(self._backend.connect_unix_socket(path, _remaining(timeout), socket_options))

    def sleep(self, seconds: float) -> None:  # pragma: no cover - httpcore's own retries are off
        self._backend.sleep(seconds)


def _with_deadline(transport: httpx.HTTPTransport) -> httpx.HTTPTransport:
    pool = transport._pool  # httpcore.ConnectionPool / HTTPProxy (versions pinned in requirements.lock)
    pool._network_backend = _DeadlineBackend(pool._network_backend)
    return transport


class _Client(httpx.Client):
    """httpx's client, its direct and proxy transports bounded by the request's total deadline."""

    def _init_transport(self, *args, **kw) -> httpx.BaseTransport:
        t = super()._init_transport(*args, **kw)
        return _with_deadline(t) if isinstance(t, httpx.HTTPTransport) else t

    def _init_proxy_transport(self, *args, **kw) -> httpx.BaseTransport:
        t = super()._init_proxy_transport(*args, **kw)
        return _with_deadline(t) if isinstance(t, httpx.HTTPTransport) else t


def _connect_kind(exc: Exception) -> str:
    text = f"{exc!r} {exc.__cause__!r} {exc.__context__!r}".lower()
    if isinstance(exc, httpx.ProxyError) or "proxy" in text:
        return "proxy"
    if "ssl" in text or "certificate" in text or "tls" in text:
        return "tls"
    if "name or service not known" in text or "getaddrinfo" in text or "nodename nor servname" in text \
            or "temporary failure in name resolution" in text or "no address associated" in text:
        return "dns"
    return "network"


def excerpt(r: httpx.Response, limit: int = 120) -> str:
    """The start of an answer as printable text (never a header), for "we do not understand the answer"."""
    try:
        text = r.content[:limit * 4].decode("utf-8", "replace")
    except httpx.ResponseNotRead:  # pragma: no cover - our responses are always read
        text = ""
    return printable(" ".join(text.split()), limit)


class Http:
    def __init__(self, base_url: str, *, system: str, connect_timeout: float = 5.0, read_timeout: float = 30.0,
                 retries: int = 4, rate: float | None = None, sleep: Callable[[float], None] = time.sleep,
                 verify: bool | str = True, transport: httpx.BaseTransport | None = None,
                 deadline: float = DEFAULT_DEADLINE, max_bytes: int = DEFAULT_MAX_BYTES,
                 monotonic: Callable[[], float] = time.monotonic, rate_key: str | None = None):
        """``transport``: instead of the network (the emulators in process); ``sleep`` and ``monotonic``: the
        waits (backoff, rate limit) and the rate limit's clock (a test with virtual time passes both; on the real
        clock the rate limit waits in real time). ``rate_key``: connections with the same key share one limit in
        this process."""
        self.system = system
        self.retries = retries
        self.sleep = sleep
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.limiter: RateLimiter | None = None
        if rate and monotonic is not time.monotonic:  # virtual time
            self.limiter = RateLimiter(rate, clock=monotonic, sleep=sleep)
        elif rate:
            self.limiter = shared_limiter(f"{system}|{rate_key}", rate) if rate_key else RateLimiter(rate)
        self.last: httpx.Response | None = None  # the last answer (its status and start explain a bad answer)
        self.client = _Client(
            base_url=base_url, timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            verify=ssl_context(verify) if transport is None else verify, trust_env=True,
            headers={"User-Agent": USER_AGENT}, transport=transport)

    def close(self) -> None:
        self.client.close()

    def _backoff(self, attempt: int, retry_after: str | None = None) -> float:
        if retry_after:
            try:
                return min(60.0, max(0.0, float(retry_after)))
            except ValueError:
                pass
        return min(30.0, 0.5 * (2 ** attempt)) * (0.5 + random.random() / 2)

    def _send(self, method: str, url: str, **kw) -> httpx.Response:
        """One attempt within what is left of the deadline, its body read up to ``max_bytes``."""
        with self.client.stream(method, url, **kw) as r:
            chunks, size = [], 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise _TooLarge(r.status_code)
                chunks.append(chunk)
            headers = [(k, v) for k, v in r.headers.multi_items()
                       if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")]
            return httpx.Response(r.status_code, headers=headers, content=b"".join(chunks), request=r.request)

    def _wait(self, seconds: float) -> bool:
        """Wait before a retry if the deadline leaves room for it (and a moment to try)."""
        at = getattr(_deadline, "at", None)
        if at is not None and time.monotonic() + seconds >= at:
            return False
        self.sleep(seconds)
        return True

    def request(self, method: str, url: str, *, idempotent: bool | None = None,
                before_send: Callable[[], None] | None = None, **kw) -> httpx.Response:
        """``idempotent`` (default: GET/HEAD/OPTIONS): may be repeated, and cannot have stored anything when it
        fails. ``before_send`` is called once, just before the request first leaves (the transfer journal's
        "sending")."""
        idempotent = method.upper() in ("GET", "HEAD", "OPTIONS") if idempotent is None else idempotent
        _deadline.at = time.monotonic() + self.deadline
        try:
            return self._request(method, url, idempotent, before_send, **kw)
        finally:
            _deadline.at = None

    def _request(self, method: str, url: str, idempotent: bool, before_send: Callable[[], None] | None,
                 **kw) -> httpx.Response:
        unknown = "not_sent" if idempotent else "unknown"  # what a failure after sending means for the ledger
        attempt = 0
        while True:
            if self.limiter is not None:
                self.limiter.wait()
            if before_send is not None:
                before_send()
                before_send = None
            try:
                r = self._send(method, url, **kw)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.ProxyError) as e:
                kind = _connect_kind(e)
                log.info("%s %s: connect failed (%s), attempt %d", method, url, kind, attempt + 1)
                if attempt < self.retries and self._wait(self._backoff(attempt)):
                    attempt += 1
                    continue
                raise ledger_error(kind, "not_sent", system=self.system) from None
            except _TooLarge as e:
                log.info("%s %s: answer over %d bytes", method, url, self.max_bytes)
                raise ledger_error("bad_answer", unknown, [
                    f"HTTP {e.status}: svaret er over {self.max_bytes // (1024 * 1024)} MB / "
                    f"the answer is over {self.max_bytes // (1024 * 1024)} MB"], system=self.system) from None
            except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError,
                    httpx.DecodingError) as e:
                log.info("%s %s: %s after sending, attempt %d", method, url, type(e).__name__, attempt + 1)
                if idempotent and attempt < self.retries and self._wait(self._backoff(attempt)):
                    attempt += 1
                    continue
                kind = "timeout" if isinstance(e, httpx.TimeoutException) else "network"
                raise ledger_error(kind, unknown, system=self.system) from None
            self.last = r
            if r.status_code == 429:
                log.info("%s %s: 429, attempt %d", method, url, attempt + 1)
                if attempt < self.retries and self._wait(self._backoff(attempt, r.headers.get("Retry-After"))):
                    attempt += 1
                    continue
                raise ledger_error("rate_limited", "not_sent", system=self.system)
            if r.status_code >= 500:
                log.info("%s %s: %d, attempt %d", method, url, r.status_code, attempt + 1)
                if idempotent and attempt < self.retries and self._wait(self._backoff(attempt)):
                    attempt += 1
                    continue
                raise ledger_error("down", unknown, [f"HTTP {r.status_code}: {problem_text(r)}"], system=self.system)
            return r


class _TooLarge(Exception):
    def __init__(self, status: int):
        self.status = status


def problem_text(r: httpx.Response) -> str:
    """The useful words of an error body (ProblemDetails, Tripletex envelope, or text), never a header."""
    try:
        body = r.json()
    except ValueError:
        return excerpt(r, 300)
    if isinstance(body, dict):
        low = {str(k).lower(): v for k, v in body.items()}
        parts = [str(low[k]) for k in ("title", "message", "detail", "developermessage", "error_description", "error")
                 if low.get(k)]
        for vm in low.get("validationmessages") or []:
            if isinstance(vm, dict):
                parts.append(f"{vm.get('field') or vm.get('path')}: {vm.get('message')}")
        return printable("; ".join(dict.fromkeys(parts)), 600)
    return printable(str(body), 300)


__all__ = ["Http", "LedgerError", "problem_text", "excerpt", "USER_AGENT", "RateLimiter"]
