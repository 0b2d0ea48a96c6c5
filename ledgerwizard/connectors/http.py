"""HTTP for the connectors: httpx with explicit timeouts, the OS certificate store (truststore), the system /
environment proxy, and retries that never repeat a request whose outcome is unknown.

Retry rules:
* connect errors (DNS, refused, TLS handshake, proxy): the request never left → retried with backoff;
* 429: not processed → retried after ``Retry-After`` (or backoff);
* 5xx, read timeouts, dropped connections: retried only for idempotent requests (GET). A POST in that state
  raises ``LedgerError(outcome="unknown")`` so the transfer engine asks the ledger (``find``) before anything
  is sent again.
"""

from __future__ import annotations

import logging
import random
import ssl
import threading
import time
from typing import Callable

import httpx

from .. import __version__
from ..core.transfer import LedgerError
from .base import ledger_error

log = logging.getLogger("ledgerwizard.http")

USER_AGENT = f"ledgerwizard/{__version__} (+support@ledgerwizard.no)"


def ssl_context(verify: bool | str = True) -> ssl.SSLContext | bool:
    """The operating system's trust store (Windows certificate store, macOS Keychain, Linux CA bundle)."""
    if verify is False:
        return False
    try:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except Exception:  # pragma: no cover - truststore unavailable: fall back to the default context
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


class Http:
    def __init__(self, base_url: str, *, system: str, connect_timeout: float = 5.0, read_timeout: float = 30.0,
                 retries: int = 4, rate: float | None = None, sleep: Callable[[float], None] = time.sleep,
                 verify: bool | str = True, transport: httpx.BaseTransport | None = None):
        self.system = system
        self.retries = retries
        self.sleep = sleep
        self.limiter = RateLimiter(rate, sleep=sleep) if rate else None
        self.client = httpx.Client(
            base_url=base_url, timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
            verify=ssl_context(verify), trust_env=True, headers={"User-Agent": USER_AGENT}, transport=transport)

    def close(self) -> None:
        self.client.close()

    def _backoff(self, attempt: int, retry_after: str | None = None) -> float:
        if retry_after:
            try:
                return min(60.0, max(0.0, float(retry_after)))
            except ValueError:
                pass
        return min(30.0, 0.5 * (2 ** attempt)) * (0.5 + random.random() / 2)

    def request(self, method: str, url: str, *, idempotent: bool | None = None, **kw) -> httpx.Response:
        idempotent = method.upper() in ("GET", "HEAD", "OPTIONS") if idempotent is None else idempotent
        attempt = 0
        while True:
            if self.limiter is not None:
                self.limiter.wait()
            try:
                r = self.client.request(method, url, **kw)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.ProxyError) as e:
                kind = _connect_kind(e)
                log.info("%s %s: connect failed (%s), attempt %d", method, url, kind, attempt + 1)
                if attempt < self.retries:
                    self.sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                raise ledger_error(kind, "not_sent", system=self.system) from None
            except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as e:
                log.info("%s %s: %s after sending, attempt %d", method, url, type(e).__name__, attempt + 1)
                if idempotent and attempt < self.retries:
                    self.sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                kind = "timeout" if isinstance(e, httpx.TimeoutException) else "network"
                raise ledger_error(kind, "unknown", system=self.system) from None
            if r.status_code == 429:
                log.info("%s %s: 429, attempt %d", method, url, attempt + 1)
                if attempt < self.retries:
                    self.sleep(self._backoff(attempt, r.headers.get("Retry-After")))
                    attempt += 1
                    continue
                raise ledger_error("rate_limited", "not_sent", system=self.system)
            if r.status_code >= 500:
                log.info("%s %s: %d, attempt %d", method, url, r.status_code, attempt + 1)
                if idempotent and attempt < self.retries:
                    self.sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                raise ledger_error("down", "unknown" if not idempotent else "not_sent", system=self.system)
            return r


def problem_text(r: httpx.Response) -> str:
    """The useful words of an error body (ProblemDetails, Tripletex envelope, or text), never a header."""
    try:
        body = r.json()
    except ValueError:
        return (r.text or "")[:300]
    if isinstance(body, dict):
        low = {str(k).lower(): v for k, v in body.items()}
        parts = [str(low[k]) for k in ("title", "message", "detail", "developermessage", "error_description", "error")
                 if low.get(k)]
        for vm in low.get("validationmessages") or []:
            if isinstance(vm, dict):
                parts.append(f"{vm.get('field') or vm.get('path')}: {vm.get('message')}")
        return "; ".join(dict.fromkeys(parts))[:600]
    return str(body)[:300]


__all__ = ["Http", "LedgerError", "problem_text", "USER_AGENT", "RateLimiter"]
