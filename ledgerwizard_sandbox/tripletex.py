"""Tripletex v2 emulator, per accounting-apis.md §2.6.

Session tokens from consumer + employee token (``POST /token/session/:create``; a test-environment path
``/test/v2`` with its own tokens), Basic ``0:<token>``, ``value``/``values`` envelopes with ``from``/``count``
paging, Norwegian 422 validation envelopes, ``x-tlx-request-id``, and ``POST /ledger/voucher`` validated
against Tripletex's own OpenAPI schema and its rules: postings present, ``row`` ≥ 1, sum zero per date, known
accounts, VAT types allowed on VAT-locked accounts, departments where required, open periods; row-0 VAT
postings generated from the gross amounts; numbers assigned per year; ``>externalVoucherNumber`` search.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
import uuid
from base64 import b64decode
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ledgerwizard.connectors.integration import SANDBOX_TRIPLETEX_CONSUMER
from .poweroffice import CHART, DEPARTMENTS, INACTIVE_DEPARTMENTS
from .server import Emulator, OpenApiValidator, Request, Response
from .tripletex_orders import TripletexOrdersEmulator

# (id, number, name, percentage, output VAT account)
VAT_TYPES = [(0, "0", "Ingen avgiftsbehandling", "0", None), (1, "1", "Fradrag inngående avgift, høy sats", "25", None),
             (3, "3", "Utgående avgift, høy sats", "25", 2700), (31, "31", "Utgående avgift, middels sats", "15", 2701),
             (32, "33", "Utgående avgift, lav sats", "12", 2703), (5, "5", "Ingen utgående avgift (innenfor mva-loven)", "0", None),
             (52, "52", "Utførsel av varer og tjenester", "0", None), (6, "6", "Ingen utgående avgift (utenfor mva-loven)", "0", None)]


def _err(status: int, code: int, message: str, validation: list[tuple[str, str]] | None = None) -> Response:
    return Response(status, {"status": status, "code": code, "message": message, "link": "https://tripletex.no/v2-docs/",
                             "developerMessage": None,
                             "validationMessages": [{"field": f, "message": m, "path": f, "rootId": None}
                                                    for f, m in (validation or [])],
                             "requestId": str(uuid.uuid4())})


@dataclass
class TtCompany:
    employee_token: str
    name: str
    org_no: str
    environment: str = "production"  # or "demo" (the test environment)
    entitlements: set[str] = field(default_factory=lambda: {"ledger", "department", "voucher",
                                                            "customer", "product", "order"})  # (orders: issue 15)
    closed_until: dt.date | None = None  # accounting periods (months) up to this date are closed
    company_id: int = 0
    accounts: list[dict] = field(default_factory=list)
    vat_types: list[dict] = field(default_factory=list)
    departments: list[dict] = field(default_factory=list)
    vouchers: dict[int, dict] = field(default_factory=dict)
    postings: list[dict] = field(default_factory=list)
    numbers: dict[int, int] = field(default_factory=dict)
    customers: list[dict] = field(default_factory=list)  # sales orders (issue 15): tripletex_orders.py
    products: list[dict] = field(default_factory=list)
    orders: dict[int, dict] = field(default_factory=dict)
    next_order_no: int = 1

    def __post_init__(self):
        if not self.accounts:
            vat_id = {n: i for i, n, *_ in VAT_TYPES}
            self.accounts = [{"id": 7000 + no, "version": 1, "number": no, "name": name,
                              "vatType": {"id": vat_id.get(vat, 0)}, "vatLocked": locked, "requiresDepartment": dep,
                              "isInactive": not active, "ledgerType": "CUSTOMER" if no == 1500 else "GENERAL"}
                             for no, name, _typ, vat, locked, dep, active in CHART]
        if not self.vat_types:
            self.vat_types = [{"id": i, "number": n, "name": nm, "percentage": float(p)} for i, n, nm, p, _ in VAT_TYPES]
        if not self.departments:
            self.departments = [{"id": 50 + int(c), "version": 1, "departmentNumber": c, "name": n,
                                 "isInactive": c in INACTIVE_DEPARTMENTS} for _i, c, n in DEPARTMENTS]


class TripletexEmulator(TripletexOrdersEmulator, Emulator):
    name = "tripletex"

    def __init__(self, session_lifetime: int = 24 * 3600, clock=time.time, refuse_duplicate_refs: bool = False):
        super().__init__(clock)
        # Tripletex keeps a second voucher with the same externalVoucherNumber (the reference: not enforced);
        # ``refuse_duplicate_refs`` models a Tripletex (or a strict fake) that refuses it with a validation message
        self.refuse_duplicate_refs = refuse_duplicate_refs
        self.companies: dict[str, TtCompany] = {}
        self.consumer_tokens = {SANDBOX_TRIPLETEX_CONSUMER}
        self.sessions: dict[str, tuple[str, float, str]] = {}
        self.session_lifetime = session_lifetime
        self.schema = OpenApiValidator("tripletex")
        self.schema_errors: list[list[str]] = []

    def add_company(self, **kw) -> TtCompany:
        kw.setdefault("employee_token", "eyJ" + secrets.token_hex(16))
        c = TtCompany(**kw)
        c.company_id = 1000 + len(self.companies)
        self.companies[c.employee_token] = c
        return c

    def add_demo_company(self, name: str, org_no: str) -> tuple[str, str]:
        c = self.add_company(name=name, org_no=org_no)
        self.seed_customers(c)
        return c.name, c.employee_token

    def expire_tokens(self) -> None:
        with self.lock:
            self.sessions.clear()

    def state(self) -> dict:
        return {c.name: {"vouchers": list(c.vouchers.values())} for c in self.companies.values()}

    def handle(self, req: Request) -> Response:
        resp = self._handle(req)
        resp.headers.setdefault("x-tlx-request-id", str(uuid.uuid4()))
        return resp

    def _handle(self, req: Request) -> Response:
        path, env = req.path, "production"
        if path.startswith("/test/"):
            path, env = path[5:], "demo"
        if not path.startswith("/v2/"):
            return _err(404, 6000, "Objektet finnes ikke.")
        path = path[3:]
        if path == "/token/session/:create" and req.method in ("POST", "PUT"):
            return self._session(req, env)
        auth = req.headers.get("authorization", "")
        try:
            user, token = b64decode(auth[6:]).decode().split(":", 1) if auth.startswith("Basic ") else ("", "")
        except Exception:  # noqa: BLE001 - any garbage in the header is a bad request
            user, token = "", ""
        s = self.sessions.get(token)
        if s is None or s[1] < time.time() or s[2] != env or user != "0":
            return _err(401, 3000, "Ugyldig eller utløpt sesjonstoken.")
        return self._api(req, self.companies[s[0]], path)

    def _session(self, req: Request, env: str) -> Response:
        try:
            d = req.json() if req.method == "POST" else req.query
        except ValueError:
            return _err(422, 22000, "Ugyldig JSON.")
        c = self.companies.get(d.get("employeeToken", ""))
        if d.get("consumerToken") not in self.consumer_tokens:
            return _err(422, 15000, "The consumer token is invalid or does not exist.")
        if c is None or c.environment != env:
            return _err(422, 15000, "The employee token is invalid or does not exist.")
        token = secrets.token_hex(24)  # no dashes (TT-ISSUE#57)
        with self.lock:
            self.sessions[token] = (c.employee_token, time.time() + self.session_lifetime, env)
        return Response(201 if req.method == "POST" else 200,
                        {"value": {"id": len(self.sessions), "version": 1, "token": token,
                                   "expirationDate": d.get("expirationDate")}})

    def _list(self, req: Request, items: list[dict]) -> Response:
        start, count = int(req.query.get("from", 0)), int(req.query.get("count", 1000))
        chunk = items[start:start + count]
        return Response(200, {"fullResultSize": len(items), "from": start, "count": len(chunk), "versionDigest": None,
                              "values": chunk})

    def _api(self, req: Request, c: TtCompany, path: str) -> Response:
        m = req.method
        if path == "/token/session/>whoAmI" and m == "GET":
            return Response(200, {"value": {"companyId": c.company_id, "company": {"id": c.company_id, "name": c.name}}})
        need = {"/ledger/account": "ledger", "/ledger/vatType": "ledger", "/ledger/accountingPeriod": "ledger",
                "/department": "department"}
        if path in need and m == "GET":
            if need[path] not in c.entitlements:
                return _err(403, 9000, "Du har ikke tilgang til denne funksjonen.")
            if path == "/ledger/account":
                return self._list(req, c.accounts)
            if path == "/ledger/vatType":
                return self._list(req, c.vat_types)
            if path == "/department":
                return self._list(req, c.departments)
            return self._list(req, self._periods(c))
        if path == "/ledger/voucher" and m == "POST":
            if "voucher" not in c.entitlements:
                return _err(403, 9000, "Du har ikke tilgang til å føre bilag.")
            return self._post_voucher(req, c)
        if path == "/ledger/voucher/>externalVoucherNumber" and m == "GET":
            ref = req.query.get("externalVoucherNumber")
            return self._list(req, [v for v in c.vouchers.values()
                                    if v.get("externalVoucherNumber") == ref and self.searchable(v)])
        if path.startswith("/ledger/voucher/") and path.endswith("/attachment") and m == "POST":
            vid = int(path.split("/")[3])
            if vid not in c.vouchers or b"%PDF" not in req.body:
                return _err(422, 18000, "Validering feilet.", [("file", "Må være en PDF.")])
            c.vouchers[vid].setdefault("attachments", 0)
            c.vouchers[vid]["attachments"] += 1
            return Response(201, {"value": {"id": vid}})
        if path.startswith("/ledger/voucher/") and m == "GET":
            v = c.vouchers.get(int(path.rsplit("/", 1)[1])) if path.rsplit("/", 1)[1].isdigit() else None
            return Response(200, {"value": v}) if v and self.committed(v) else _err(404, 6000, "Objektet finnes ikke.")
        return self._orders_api(req, c, path) or _err(404, 6000, "Objektet finnes ikke.")

    def _periods(self, c: TtCompany) -> list[dict]:
        out = []
        for year in (2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027):
            for month in range(1, 13):
                start = dt.date(year, month, 1)
                end = dt.date(year + (month == 12), month % 12 + 1, 1)  # exclusive, like Tripletex
                out.append({"id": year * 100 + month, "name": f"{start:%B %Y}", "number": month,
                            "start": start.isoformat(), "end": end.isoformat(),
                            "isClosed": bool(c.closed_until and end <= c.closed_until + dt.timedelta(days=1))})
        return out

    def _post_voucher(self, req: Request, c: TtCompany) -> Response:
        try:
            body = req.json()
        except ValueError:
            return _err(422, 22000, "Ugyldig JSON.")
        errors = self.schema.errors("post_voucher", body)
        if errors:
            self.schema_errors.append(errors)
            return _err(422, 16000, "Mapping feilet.", [(e.split(":")[0], e) for e in errors])
        postings = body.get("postings") or []
        if not postings:
            return _err(422, 18000, "Validering feilet.", [("postings", "Et bilag kan ikke registreres uten posteringer.")])
        accounts = {a["id"]: a for a in c.accounts}
        vats = {v["id"]: v for v in c.vat_types}
        deps = {d["id"]: d for d in c.departments}
        per_date: dict[str, Decimal] = {}
        rows: dict[int, Decimal] = {}
        closed = {(p["start"], p["end"]) for p in self._periods(c) if p["isClosed"]}
        for i, p in enumerate(postings):
            f = f"postings[{i}]"
            row = p.get("row")
            if not row:
                return _err(422, 18000, "Validering feilet.", [(f"{f}.row", "Posteringene på rad 0 (guiRow 0) er "
                                                                 "systemgenererte og kan ikke opprettes eller endres på utsiden av Tripletex.")])
            for key in ("account", "vatType", "department"):
                if key in p and (p[key] is None or p[key].get("id") is None):
                    return _err(422, 18000, "Validering feilet.", [(f"{f}.{key}", "Kan ikke være null.")])
            acc = accounts.get((p.get("account") or {}).get("id"))
            if acc is None:
                return _err(422, 18000, "Validering feilet.", [(f"{f}.account", "Kontoen finnes ikke.")])
            if acc["isInactive"]:
                return _err(422, 18000, "Validering feilet.", [(f"{f}.account", f"Konto {acc['number']} er inaktiv.")])
            vat_id = (p.get("vatType") or {}).get("id", 0)
            if vat_id not in vats:
                return _err(422, 18000, "Validering feilet.", [(f"{f}.vatType", "MVA-koden finnes ikke.")])
            if acc["vatLocked"] and vat_id != acc["vatType"]["id"]:
                return _err(422, 18000, "Validering feilet.", [(f"{f}.vatType", f"Konto {acc['number']} er låst til "
                                                                 f"mva-kode {acc['vatType']['id']}.")])
            dep = p.get("department")
            if dep is not None and dep.get("id") not in deps:
                return _err(422, 18000, "Validering feilet.", [(f"{f}.department", "Avdelingen finnes ikke.")])
            if dep is not None and deps[dep["id"]]["isInactive"]:
                return _err(422, 18000, "Validering feilet.", [(f"{f}.department", "Avdelingen er inaktiv.")])
            if acc["requiresDepartment"] and dep is None:
                return _err(422, 18000, "Validering feilet.", [(f"{f}.department", f"Konto {acc['number']} krever avdeling.")])
            if acc["ledgerType"] == "CUSTOMER" and not p.get("customer"):
                return _err(422, 18000, "Validering feilet.", [(f"{f}.customer", "Kunde mangler.")])
            amount = Decimal(str(p.get("amountGross", 0)))
            date = p.get("date") or body.get("date")
            if any(a <= date < b for a, b in closed):
                return _err(422, 18000, "Validering feilet.", [("date", f"Perioden for {date} er lukket.")])
            per_date[date] = per_date.get(date, Decimal(0)) + amount
            rows[row] = rows.get(row, Decimal(0)) + amount
        for date, total in per_date.items():
            if total != 0:
                return _err(422, 18000, "Validering feilet.", [("postings", f"Summen av posteringene for {date} er ikke lik 0.")])
        with self.lock:
            ref = body.get("externalVoucherNumber")
            if self.refuse_duplicate_refs and ref and any(v.get("externalVoucherNumber") == ref for v in c.vouchers.values()):
                return _err(422, 18000, "Validering feilet.",
                            [("externalVoucherNumber", "Eksternt bilagsnummer er allerede i bruk.")])
            vid = 90000 + sum(len(x.vouchers) for x in self.companies.values()) + 1
            year = int(body["date"][:4])
            c.numbers[year] = c.numbers.get(year, 0) + 1
            stored = {"id": vid, "version": 1, "date": body["date"], "number": c.numbers[year], "year": year,
                      "description": body.get("description"), "externalVoucherNumber": body.get("externalVoucherNumber"),
                      "reverseVoucher": None, "postings": []}
            for p in postings:
                gross = Decimal(str(p["amountGross"]))
                vat = vats[(p.get("vatType") or {}).get("id", 0)]
                rate = Decimal(str(vat["percentage"])) / 100
                vat_amount = (gross * rate / (1 + rate)).quantize(Decimal("0.01"), ROUND_HALF_UP) if rate else Decimal(0)
                base = {"voucher": {"id": vid}, "date": p.get("date") or body["date"], "description": p.get("description"),
                        "department": p.get("department"), "externalVoucherNumber": body.get("externalVoucherNumber")}
                stored["postings"].append({**base, "row": p["row"], "account": {"id": p["account"]["id"],
                                           "number": accounts[p["account"]["id"]]["number"]}, "vatType": {"id": vat["id"]},
                                           "amountGross": float(gross), "amount": float(gross - vat_amount)})
                if vat_amount:
                    out_no = next(x[4] for x in VAT_TYPES if x[0] == vat["id"])
                    stored["postings"].append({**base, "row": 0, "systemGenerated": True,
                                               "account": {"id": 7000 + out_no, "number": out_no}, "vatType": {"id": 0},
                                               "amountGross": float(vat_amount), "amount": float(vat_amount)})
            c.vouchers[vid] = self.stamp(stored)
        return Response(201, {"value": stored})

    def ledger_lines(self, employee_token: str, ref: str) -> list[dict]:
        return [p for v in self.companies[employee_token].vouchers.values() if v["externalVoucherNumber"] == ref
                for p in v["postings"]]
