"""Duett Økonomi (accounting-apis.md §4): static key headers (integration key + the shop's client key), RFC 7807
errors, ``/system/v2/integration`` as the connection test. The voucher POST path and body, the chart and VAT
endpoints were not captured by the reference: those guesses are all in ``guesses.DUETT`` and must be checked
against Duett's Swagger before production use (README, "verified against"). Duett rejects duplicate voucher
numbers; the voucher number is derived from the store and day, so a repeated POST is refused, never doubled.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from ..adapters.secrets import Secret
from ..core.mapping import Account
from ..core.transfer import Posted
from ..core.voucher import Voucher
from .base import Chart, Connector, Department, LedgerVatCode, VerifyResult, ledger_error
from .guesses import DUETT as G
from .http import Http, problem_text


def sandbox_endpoints(url: str) -> dict[str, str]:
    return {"production": url, "demo": f"{url}/dev"}


def voucher_number(store_ref: str, day: dt.date) -> int:
    h = int(hashlib.sha256(store_ref.encode()).hexdigest()[:6], 16) % 1000
    return int(f"{G['voucher_number_prefix']}{day:%y%m%d}{h:03d}")


class DuettConnector(Connector):
    system_id = "duett"
    line_style = "gross"

    def __init__(self, *, client_key: Secret, integration_key: Secret, environment: str = "production",
                 endpoints: dict[str, str] | None = None, **http_kw):
        self.endpoints = endpoints or G["endpoints"]
        self.environment = environment
        self._client = client_key
        self._integration = integration_key
        self.http = Http(self.endpoints[environment], system=self.display_name, **http_kw)

    @classmethod
    def from_settings(cls, *, client_key, keys, environment, base_url, options, **http_kw) -> DuettConnector:
        return cls(client_key=client_key, integration_key=keys.duett_integration_key, environment=environment,
                   endpoints=sandbox_endpoints(base_url) if base_url else None, **http_kw)

    def __repr__(self) -> str:
        return f"DuettConnector(environment={self.environment!r}, client_key=***)"

    def _authorize(self, token: str | None, kw: dict) -> dict:  # static keys: no token to renew
        kw["headers"] = {**(kw.get("headers") or {}), G["integration_header"]: self._integration.reveal(),
                         G["client_header"]: self._client.reveal(), "Accept": "application/json"}
        return kw

    def _json(self, path: str, **params):
        r = self._call("GET", path, params=params or None)
        if r.status_code != 200:
            raise ledger_error("down", "not_sent", [problem_text(r)], system=self.display_name)
        return r.json()

    def _verify(self) -> VerifyResult:
        info = self._json(G["integration_path"])
        return VerifyResult(info.get("companyName") or "", str(info.get("companyId") or ""))

    def _read_departments(self) -> list[Department]:
        return [Department(str(c["id"]), str(c["code"]), c.get("name") or "",  # not usable on a voucher: inactive
                           bool(c.get("usedInAccounting", True)) and bool(c.get(G["carrier_active_field"], True)))
                for c in self._json(G["carriers_path"])]

    def _read_chart(self) -> Chart:
        from decimal import Decimal

        accounts = [Account(str(a["accountNumber"]), a.get("name") or "", bool(a.get("show", True)), a.get("vatCode"),
                            bool(a.get("requiresCarrier")), str(a.get("id") or a["accountNumber"]), bool(a.get("vatLocked")))
                    for a in self._json(G["accounts_path"])]
        vat = [LedgerVatCode(str(v["code"]), str(v["code"]), v.get("name") or "", Decimal(str(v.get("rate") or 0)))
               for v in self._json(G["vat_path"])]
        deps = self._read_departments()
        return Chart(accounts, vat, deps)

    def body(self, voucher: Voucher) -> dict:
        return {"voucherType": G["voucher_type"], "voucherNumber": voucher_number(voucher.store + voucher.company,
                                                                                  voucher.business_day),
                "voucherDate": voucher.business_day.isoformat(), "description": voucher.description,
                "refNumber": voucher.external_ref,
                "lines": [{"lineNumber": i, "accountNumber": int(ln.account), "amountGross": f"{ln.amount:.2f}",
                           "vatCode": ln.vat_code or None, "description": ln.text,
                           "carriers": [{"code": ln.department}] if ln.department else []}
                          for i, ln in enumerate(voucher.lines, start=1)]}

    def _submit(self, voucher: Voucher, chart: Chart, on_send) -> Posted:
        r = self._call("POST", G["voucher_path"], json=self.body(voucher), idempotent=False, before_send=on_send)
        if r.status_code in (200, 201):
            v = r.json()
            return Posted(str(v["id"]), str(v.get("voucherNumber") or ""))
        if r.status_code == 409:  # duplicate voucher number: an earlier attempt got through
            raise ledger_error("duplicate", "unknown", [problem_text(r)], system=self.display_name)
        raise ledger_error("rejected", "rejected", [problem_text(r)], system=self.display_name)

    def _find(self, external_ref: str, day: dt.date) -> Posted | None:
        rows = self._json(G["report_path"], **{"filter[voucherYear][EQ]": day.year, "filter[refNumber][EQ]": external_ref})
        for row in rows:
            if row.get("refNumber") == external_ref:
                return Posted(str(row["voucherId"]), str(row.get("voucherNumber") or ""))
        return None
