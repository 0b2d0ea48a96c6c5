"""A real HTTP server on loopback for the ledger emulators, with fault injection on demand.

Faults (``Emulator.faults.add(kind, path=..., method=..., times=...)``, or ``POST /__sandbox__/faults`` from
another process):

* ``500`` / ``503``: answer with that status instead of handling the request;
* ``slow``: handle the request (a voucher *is* stored), then wait ``seconds`` before answering, past the
  client's read timeout;
* ``drop_after``: handle the request, then close the connection without an answer (the case that makes careless
  integrations post twice);
* ``drop_before``: close the connection without handling;
* ``429``: answer 429 with ``Retry-After``;
* ``expire_tokens``: every access token issued so far stops working.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ..paths import resources_dir


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


class Faults:
    def __init__(self) -> None:
        self._items: list[Fault] = []
        self._lock = threading.Lock()
        self.applied: list[tuple[str, str, str]] = []

    def add(self, kind: str, *, path: str | None = None, method: str | None = None, times: int = 1,
            seconds: float = 0.0) -> None:
        with self._lock:
            self._items.append(Fault(kind, path, method, times, seconds))

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def take(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for f in self._items:
                if (f.method is None or f.method == method) and (f.path is None or f.path in path):
                    f.times -= 1
                    if f.times <= 0:
                        self._items.remove(f)
                    self.applied.append((f.kind, method, path))
                    return f
        return None


_DROP = object()


class Emulator:
    """Base class: subclasses implement ``handle(Request) -> Response``."""

    name = "emulator"

    def __init__(self) -> None:
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
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"{self.name}-sandbox", daemon=True)
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
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- plumbing ----------------------------------------------------------------------------------------------
    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        req = Request(h.command, unquote(parts.path), {k: v[-1] for k, v in parse_qs(parts.query).items()},
                      {k.lower(): v for k, v in h.headers.items()}, body)
        if req.path.startswith("/__sandbox__/"):
            self._write(h, self._admin(req))
            return
        with self.lock:
            self.requests.append(req)
        fault = self.faults.take(req.method, req.path)
        if fault is not None:
            if fault.kind == "expire_tokens":
                self.expire_tokens()
                fault = None
            elif fault.kind == "drop_before":
                self._drop(h)
                return
            elif fault.kind in ("500", "502", "503"):
                self._write(h, Response(int(fault.kind), {"title": "Service Unavailable", "status": int(fault.kind)}))
                return
            elif fault.kind == "429":
                self._write(h, self.rate_limited())
                return
        try:
            resp = self.handle(req)
        except Exception as e:  # an emulator bug must look like a server error, not hang the client
            resp = Response(500, {"title": "Internal Server Error", "detail": f"{type(e).__name__}: {e}"})
        if fault is not None and fault.kind == "drop_after":
            self._drop(h)
            return
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.seconds or 2.0)
        self._write(h, resp)

    def _drop(self, h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True
        try:
            h.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _write(self, h: BaseHTTPRequestHandler, resp: Response) -> None:
        if isinstance(resp.body, (dict, list)):
            data = json.dumps(resp.body, ensure_ascii=False, default=str).encode("utf-8")
            ctype = "application/json; charset=utf-8"
        elif isinstance(resp.body, bytes):
            data, ctype = resp.body, resp.headers.get("Content-Type", "application/octet-stream")
        else:
            data, ctype = b"", None
        try:
            h.send_response(resp.status)
            for k, v in resp.headers.items():
                h.send_header(k, v)
            if ctype and "Content-Type" not in resp.headers:
                h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            if data:
                h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _admin(self, req: Request) -> Response:
        if req.path == "/__sandbox__/faults" and req.method == "POST":
            d = req.json()
            self.faults.add(d["kind"], path=d.get("path"), method=d.get("method"), times=int(d.get("times", 1)),
                            seconds=float(d.get("seconds", 0)))
            return Response(204)
        if req.path == "/__sandbox__/state":
            return Response(200, self.state())
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
        doc = json.loads((resources_dir() / "openapi" / f"{system}.json").read_text(encoding="utf-8"))
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
    return resources_dir() / "openapi" / f"{system}.json"
