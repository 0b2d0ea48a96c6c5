"""Duett emulator, following the guesses in connectors/guesses.py (DUETT) where the reference has no facts, and
the confirmed parts exactly: the two key headers, RFC 7807 errors, ``/system/v2/integration``, duplicate voucher
numbers rejected (per year), the voucher report's required year filter."""

from __future__ import annotations

import time

import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ledgerwizard.connectors.guesses import DUETT as G
from ledgerwizard.connectors.integration import SANDBOX_DUETT_INTEGRATION
from .poweroffice import CHART, DEPARTMENTS, INACTIVE_DEPARTMENTS
from .server import Emulator, Request, Response

VAT = [("0", "Ingen mva", "0"), ("3", "Utgående høy sats", "25"), ("31", "Utgående middels sats", "15"),
       ("33", "Utgående lav sats", "12"), ("5", "Fritatt", "0"), ("6", "Utenfor", "0")]


def _problem(status: int, title: str, detail: str = "") -> Response:
    return Response(status, {"type": "about:blank", "title": title, "status": status, "detail": detail})


@dataclass
class DuClient:
    client_key: str
    name: str
    environment: str = "production"
    vouchers: list[dict] = field(default_factory=list)
    carriers: list[dict] = field(default_factory=lambda: [
        {"id": 600 + int(c), "code": c, "name": n, "usedInAccounting": True, G["carrier_active_field"]: c not in INACTIVE_DEPARTMENTS}
        for _i, c, n in DEPARTMENTS])


class DuettEmulator(Emulator):
    name = "duett"

    def __init__(self, clock=time.time):
        super().__init__(clock)
        self.clients: dict[str, DuClient] = {}

    def add_client(self, **kw) -> DuClient:
        kw.setdefault("client_key", "du-" + secrets.token_hex(16))
        c = DuClient(**kw)
        self.clients[c.client_key] = c
        return c

    def add_demo_company(self, name: str, org_no: str) -> tuple[str, str]:
        c = self.add_client(name=name)
        return c.name, c.client_key

    def handle(self, req: Request) -> Response:
        path, env = req.path, "production"
        if path.startswith("/dev/"):
            path, env = path[4:], "demo"
        if req.headers.get(G["integration_header"].lower()) != SANDBOX_DUETT_INTEGRATION:
            return _problem(401, "Unauthorized", "Invalid integration key.")
        c = self.clients.get(req.headers.get(G["client_header"].lower(), ""))
        if c is None or c.environment != env:
            return _problem(401, "Unauthorized", "Invalid client key.")
        if path == G["integration_path"]:
            return Response(200, {"companyName": c.name, "companyId": 1, "activeModules": ["Regnskap"]})
        if path == G["accounts_path"]:
            return Response(200, [{"id": no, "accountNumber": no, "name": n, "show": active, "vatCode": v,
                                   "vatLocked": locked, "requiresCarrier": dep}
                                  for no, n, _t, v, locked, dep, active in CHART])
        if path == G["vat_path"]:
            return Response(200, [{"code": c_, "name": n, "rate": float(r)} for c_, n, r in VAT])
        if path == G["carriers_path"]:
            return Response(200, c.carriers)
        if path == G["voucher_path"] and req.method == "POST":
            return self._post(req, c)
        if path == G["report_path"]:
            year = req.query.get("filter[voucherYear][EQ]")
            if not year:
                return _problem(400, "Bad Request", "filter[voucherYear][EQ] is required.")
            ref = req.query.get("filter[refNumber][EQ]")
            return Response(200, [{"voucherId": v["id"], "voucherNumber": v["voucherNumber"], "refNumber": v["refNumber"]}
                                  for v in c.vouchers if v["voucherDate"][:4] == year and (ref is None or v["refNumber"] == ref)
                                  and self.searchable(v)])
        return _problem(404, "Not Found")

    def _post(self, req: Request, c: DuClient) -> Response:
        try:
            body = req.json()
            lines = body["lines"]
            total = sum(Decimal(ln["amountGross"]) for ln in lines)
        except (ValueError, KeyError, TypeError, InvalidOperation):
            return _problem(400, "Bad Request", "The voucher body is not valid.")
        accounts = {no: active for no, _n, _t, _v, _l, _d, active in CHART}
        for ln in lines:
            if not accounts.get(ln.get("accountNumber")):
                return _problem(400, "Validation failed", f"Account {ln.get('accountNumber')} does not exist or is hidden.")
            if ln.get("vatCode") and ln["vatCode"] not in {v[0] for v in VAT}:
                return _problem(400, "Validation failed", f"VAT code {ln['vatCode']} does not exist.")
            for car in ln.get("carriers") or []:
                known = next((x for x in c.carriers if x["code"] == (car or {}).get("code")), None)
                if known is None or not known["usedInAccounting"] or not known[G["carrier_active_field"]]:
                    return _problem(400, "Validation failed", f"Carrier {(car or {}).get('code')} does not exist or "
                                    "cannot be used in accounting.")
            if Decimal(ln["amountGross"]) == 0:
                return _problem(400, "Validation failed", "A line amount cannot be 0.")
        if total != 0:
            return _problem(400, "Validation failed", f"The voucher does not balance (sum {total}).")
        with self.lock:
            year = body["voucherDate"][:4]
            if any(v["voucherNumber"] == body["voucherNumber"] and v["voucherDate"][:4] == year for v in c.vouchers):
                return _problem(409, "Conflict", f"Voucher number {body['voucherNumber']} already exists in {year}.")
            stored = self.stamp({**body, "id": 880000 + len(c.vouchers) + 1})
            c.vouchers.append(stored)
        return Response(201, stored)
