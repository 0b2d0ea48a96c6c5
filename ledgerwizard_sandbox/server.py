"""The ledger emulators' HTTP side, with fault injection on demand: a real HTTP server on loopback
(``Emulator.start()``, ``emu.url``), or in process through an httpx transport (``Emulator.transport()``: no
socket, the same handling and the same faults).

Faults (``Emulator.faults.add(kind, path=..., method=..., times=...)``, or ``POST /__sandbox__/faults`` from
another process):

* ``500`` / ``503``: answer with that status instead of handling the request;
* ``slow``: handle the request (a voucher *is* stored), then wait ``seconds`` before answering, past the
  client's read timeout;
* ``late_commit``: hold the answer ``seconds`` (past the client's read timeout) and commit the voucher only
  ``delay`` seconds of the emulator's clock after the request: until then nothing sees it, and searches see it
  only ``lookup_lag`` later still (the Tripletex case: stored 36 s after a client that gave up at 30 s);
* ``answer``: answer ``status`` with ``body`` instead (HTML or garbage with 200, a token answer without its
  token …);
* ``trickle``: answer 200, then send the body one byte every ``seconds``;
* ``huge``: answer 200 with a body of ``size`` bytes;
* ``drop_after``: handle the request, then close the connection without an answer (the case that makes careless
  integrations post twice);
* ``drop_before``: close the connection without handling;
* ``429``: answer 429 with ``Retry-After``;
* ``expire_tokens``: every access token issued so far stops working.

In process, a fault looks to the client as it does over a socket: a dropped connection raises
``httpx.RemoteProtocolError`` (what httpx raises when a server closes without answering), an answer held past the
request's read timeout raises ``httpx.ReadTimeout`` after the request was handled (a shorter one is waited out).
``trickle`` and ``huge`` are about sockets (the client's deadline on each read, its size cap while reading) and
need the loopback server.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import parse_qs, unquote, urlsplit

import httpx


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Response:
    status: int
    body: Any = None  # dict/list → JSON; bytes → as is; None → empty
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    kind: str
    path: str | None = None
    method: str | None = None
    times: int = 1
    seconds: float = 0.0
    delay: float = 0.0  # late_commit: emulator-clock seconds until the voucher is committed
    status: int = 200  # answer
    body: Any = None  # answer: dict/list → JSON, str → text/html, bytes as is
    size: int = 0  # huge
    match: str | None = None  # only a request whose body contains this (a GraphQL mutation's name)


class Faults:
    def __init__(self) -> None:
        self._items: list[Fault] = []
        self._lock = threading.Lock()
        self.applied: list[tuple[str, str, str]] = []

    def add(self, kind: str, *, path: str | None = None, method: str | None = None, times: int = 1,
            seconds: float = 0.0, delay: float = 0.0, status: int = 200, body: Any = None, size: int = 0,
            match: str | None = None) -> None:
        with self._lock:
            self._items.append(Fault(kind, path, method, times, seconds, delay, status, body, size, match))

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def take(self, method: str, path: str, body: bytes = b"") -> Fault | None:
        with self._lock:
            for f in self._items:
                if (f.method is None or f.method == method) and (f.path is None or f.path in path) \
                        and (f.match is None or f.match.encode() in body):
                    f.times -= 1
                    if f.times <= 0:
                        self._items.remove(f)
                    self.applied.append((f.kind, method, path))
                    return f
        return None


@dataclass
class Reply:
    """What the emulator does with a request: an answer (``response``), after ``wait`` seconds (slow,
    late_commit); or no answer, the connection closed (``drop``); or a socket-level stunt (``stream``:
    ("trickle", seconds) or ("huge", size))."""

    response: Response | None = None
    wait: float = 0.0
    drop: bool = False
    stream: tuple[str, float] | None = None


def parse_request(method: str, target: str, headers, body: bytes) -> Request:
    """A request as the emulators see it, from the request line's target (path and query) and the headers."""
    parts = urlsplit(target)
    return Request(method, unquote(parts.path), {k: v[-1] for k, v in parse_qs(parts.query).items()},
                   {k.lower(): v for k, v in headers}, body)


def encode(resp: Response) -> tuple[int, list[tuple[str, str]], bytes]:
    """An answer's status, headers and bytes (dict/list as JSON without the emulator's own ``_lw_`` keys)."""
    if isinstance(resp.body, (dict, list)):
        data = json.dumps(_public(resp.body), ensure_ascii=False, default=str).encode("utf-8")
        ctype = "application/json; charset=utf-8"
    elif isinstance(resp.body, bytes):
        data, ctype = resp.body, resp.headers.get("Content-Type", "application/octet-stream")
    else:
        data, ctype = b"", None
    headers = list(resp.headers.items())
    if ctype and "Content-Type" not in resp.headers:
        headers.append(("Content-Type", ctype))
    headers.append(("Content-Length", str(len(data))))
    return resp.status, headers, data


def _public(obj: Any) -> Any:
    """A stored record as the API shows it: without the emulator's own bookkeeping (``_lw_`` keys)."""
    if isinstance(obj, dict):
        return {k: _public(v) for k, v in obj.items() if not (isinstance(k, str) and k.startswith("_lw_"))}
    if isinstance(obj, list):
        return [_public(v) for v in obj]
    return obj


class Emulator:
    """Base class: subclasses implement ``handle(Request) -> Response``.

    Time: ``clock`` (seconds) is the emulator's own clock, injectable so a test can let a month pass. Every
    stored voucher is *committed* at ``_lw_commit`` and *searchable* at ``_lw_seen`` (``lookup_lag`` later):
    subclasses ``stamp`` what they store and filter their searches with ``searchable``. The ledger's truth (what a
    test counts at the end) is everything stored, committed or not.
    """

    name = "emulator"

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.lookup_lag = 0.0  # searches see a voucher this long after its commit (eventual consistency)
        self._current = threading.local()  # the fault of the request being handled (a late commit's delay)
        self.faults = Faults()
        self.requests: list[Request] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.lock = threading.RLock()

    # -- life cycle --------------------------------------------------------------------------------------------
    def start(self, port: int = 0, host: str = "127.0.0.1") -> "Emulator":
        emu = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _any(self):
                emu._serve(self)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _any

        self._server = ThreadingHTTPServer((host, port), Handler)
        self._server.daemon_threads = True
        # a short poll: stop() returns within 50 ms (tests start and stop hundreds of emulators)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"{self.name}-sandbox", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start() if self._server is None else self

    def __exit__(self, *exc):
        self.stop()

    @property
    def listening(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """Where the emulator answers: its loopback address once started; before that, an address that only
        ``transport()`` reaches (a client without the transport fails to resolve it)."""
        if self._server is None:
            return f"http://{self.name}.in-process.invalid"
        return f"http://127.0.0.1:{self.port}"

    def transport(self) -> "EmulatorTransport":
        """An httpx transport that hands each request to this emulator in process (``Http(transport=…)``, and so
        every connector and ``open_connector``): no socket, the same handling and faults (module docstring)."""
        return EmulatorTransport(self)

    # -- plumbing ----------------------------------------------------------------------------------------------
    def process(self, req: Request) -> Reply:
        """Everything the emulator does with one request, whichever way it came: the admin endpoints, the record
        of requests, the faults, and the system's own handling."""
        if req.path.startswith("/__sandbox__/"):
            return Reply(self._admin(req))
        with self.lock:
            self.requests.append(req)
        fault = self.faults.take(req.method, req.path, req.body)
        if fault is not None:
            if fault.kind == "expire_tokens":
                self.expire_tokens()
                fault = None
            elif fault.kind == "drop_before":
                return Reply(drop=True)
            elif fault.kind in ("500", "502", "503"):
                return Reply(Response(int(fault.kind), {"title": "Service Unavailable", "status": int(fault.kind)}))
            elif fault.kind == "429":
                return Reply(self.rate_limited())
            elif fault.kind == "answer":
                body = fault.body.encode("utf-8") if isinstance(fault.body, str) else fault.body
                return Reply(Response(fault.status, body, {"Content-Type": "text/html; charset=utf-8"}
                                      if isinstance(fault.body, str) else {}))
            elif fault.kind == "trickle":
                return Reply(stream=("trickle", fault.seconds or 1.0))
            elif fault.kind == "huge":
                return Reply(stream=("huge", fault.size or 200 * 1024 * 1024))
        self._current.delay = fault.delay if fault is not None and fault.kind == "late_commit" else 0.0
        try:
            resp = self.handle(req)
        except Exception as e:  # noqa: BLE001 - an emulator bug must look like a server error, not hang the client
            resp = Response(500, {"title": "Internal Server Error", "detail": f"{type(e).__name__}: {e}"})
        finally:
            self._current.delay = 0.0
        if fault is not None and fault.kind == "drop_after":
            return Reply(drop=True)
        if fault is not None and fault.kind in ("slow", "late_commit"):
            return Reply(resp, wait=fault.seconds or 2.0)
        return Reply(resp)

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        reply = self.process(parse_request(h.command, h.path, h.headers.items(), body))
        if reply.drop:
            self._drop(h)
        elif reply.stream is not None:
            kind, amount = reply.stream
            self._trickle(h, amount) if kind == "trickle" else self._huge(h, int(amount))
        else:
            if reply.wait:
                time.sleep(reply.wait)
            self._write(h, reply.response)

    # -- time: commits and searches ------------------------------------------------------------------------------
    def stamp(self, record: dict) -> dict:
        """Mark a record being stored: committed now (or after a late commit's delay), searchable after the lag."""
        commit = self.clock() + float(getattr(self._current, "delay", 0.0) or 0.0)
        record["_lw_commit"] = commit
        record["_lw_seen"] = commit + self.lookup_lag
        return record

    def committed(self, record: dict) -> bool:
        return float(record.get("_lw_commit", 0.0)) <= self.clock()

    def searchable(self, record: dict) -> bool:
        return float(record.get("_lw_seen", 0.0)) <= self.clock()

    def _trickle(self, h: BaseHTTPRequestHandler, seconds: float) -> None:
        data = json.dumps({"values": [{"id": n} for n in range(200)]}).encode()
        try:
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            for b in data:
                h.wfile.write(bytes([b]))
                h.wfile.flush()
                time.sleep(seconds)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    def _huge(self, h: BaseHTTPRequestHandler, size: int) -> None:
        chunk = b"[" + b"0," * 32767 + b"0]"
        try:
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(size))
            h.end_headers()
            sent = 0
            while sent < size:
                part = chunk[: size - sent]
                h.wfile.write(part)
                sent += len(part)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    def _drop(self, h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True
        try:
            h.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _write(self, h: BaseHTTPRequestHandler, resp: Response) -> None:
        status, headers, data = encode(resp)
        try:
            h.send_response(status)
            for k, v in headers:
                h.send_header(k, v)
            h.end_headers()
            if data:
                h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _admin(self, req: Request) -> Response:
        if req.path == "/__sandbox__/faults" and req.method == "POST":
            d = req.json()
            self.faults.add(d["kind"], path=d.get("path"), method=d.get("method"), times=int(d.get("times", 1)),
                            seconds=float(d.get("seconds", 0)), delay=float(d.get("delay", 0)),
                            status=int(d.get("status", 200)), body=d.get("body"), size=int(d.get("size", 0)),
                            match=d.get("match"))
            return Response(204)
        if req.path == "/__sandbox__/state":
            return Response(200, self.state())
        if req.path == "/__sandbox__/lag" and req.method == "POST":
            self.lookup_lag = float(req.json().get("seconds", 0))
            return Response(204)
        return Response(404, {"title": "Not Found"})

    # -- for subclasses ---------------------------------------------------------------------------------------------
    def handle(self, req: Request) -> Response:  # pragma: no cover - abstract
        raise NotImplementedError

    def expire_tokens(self) -> None:
        pass

    def rate_limited(self) -> Response:
        return Response(429, {"message": "Rate limit is exceeded. Try again in 1 seconds."}, {"Retry-After": "1"})

    def state(self) -> dict:
        return {}


# --- in process: an httpx transport ------------------------------------------------------------------------------

class EmulatorTransport(httpx.BaseTransport):
    """Hands each request to an emulator's ``process`` in the calling thread and turns its reply into what httpx
    would see from the loopback server (module docstring)."""

    def __init__(self, emulator: Emulator):
        self.emulator = emulator

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        reply = self.emulator.process(parse_request(request.method, request.url.raw_path.decode("ascii"),
                                                    request.headers.items(), body))
        if reply.drop:  # as httpx reports a server that closes the connection without an answer
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
        if reply.stream is not None:
            raise RuntimeError(f"the {reply.stream[0]!r} fault needs the loopback server: start the emulator "
                               "(emu.start() / start_sandbox(listen=True)) and connect to emu.url")
        if reply.wait:
            read_timeout = (request.extensions.get("timeout") or {}).get("read")
            if read_timeout is not None and reply.wait >= read_timeout:  # handled, then the client gave up
                raise httpx.ReadTimeout("The read operation timed out", request=request)
            time.sleep(reply.wait)
        status, headers, data = encode(reply.response)
        return httpx.Response(status, headers=headers, content=data, request=request)


# --- OpenAPI request validation (the vendor's own schemas, extracted by scripts/extract_openapi.py) ------------

def _nullable(schema: Any) -> Any:
    """OpenAPI 3.0 ``nullable: true`` → JSON Schema ``type: [t, "null"]``; drops ``readOnly`` properties' checks."""
    if isinstance(schema, dict):
        out = {k: _nullable(v) for k, v in schema.items() if k not in ("example", "description")}
        if out.pop("nullable", False) and "type" in out:
            out["type"] = [out["type"], "null"]
        return out
    if isinstance(schema, list):
        return [_nullable(v) for v in schema]
    return schema


class OpenApiValidator:
    def __init__(self, system: str):
        doc = json.loads(openapi_path(system).read_text(encoding="utf-8"))
        self.source = doc["source"]
        self.operations = doc["operations"]
        self.root = {"components": {"schemas": {k: _nullable(v) for k, v in doc["components"]["schemas"].items()}}}
        from jsonschema import Draft4Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4

        self._registry = Registry().with_resource("urn:openapi", Resource(self.root, specification=DRAFT4))
        self._validator_cls = Draft4Validator

    def errors(self, operation: str, body: Any) -> list[str]:
        ref = self.operations[operation]["schema"].replace("#/", "urn:openapi#/")
        v = self._validator_cls({"$ref": ref}, registry=self._registry)
        return [f"{'/'.join(str(p) for p in e.absolute_path) or '(body)'}: {e.message}"
                for e in sorted(v.iter_errors(body), key=lambda e: list(e.absolute_path))]


def openapi_path(system: str) -> Path:
    """The requests' schemas from the vendor's OpenAPI (``openapi/<system>.json`` in this package)."""
    return Path(__file__).resolve().parent / "openapi" / f"{system}.json"
