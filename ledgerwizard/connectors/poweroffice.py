"""PowerOffice GO API v2 (accounting-apis.md §1).

OAuth2 client credentials: Basic(application key : client key) plus the subscription key on every call; the
token is cached and renewed a minute before ``expires_in``. Vouchers go to ``POST /Vouchers/ManualJournals``
with gross amounts and the VAT code's internal ``VatId`` (PowerOffice splits out the VAT), internal account
and department ids, debit positive, and the ``ExternalImportReference`` (unique per client). Duplicate
detection reads ``/AccountTransactions`` for the day. A store with its own key in a shared company uses one of
the add-on application keys (seed 004: the main key plus up to 9 add-ons): ``options["app_slot"]``.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import httpx

from ..adapters.secrets import Secret
from ..core.i18n import Text
from ..core.mapping import Account
from ..core.transfer import Posted
from ..core.voucher import Voucher
from . import registry
from .base import Chart, Connector, Department, LedgerVatCode, Token, VerifyResult, ledger_error
from .base import json_number as _money
from .http import Http, problem_text
from .poweroffice_orders import PowerOfficeOrders

def sandbox_endpoints(url: str) -> dict[str, tuple[str, str]]:
    return {"production": (f"{url}/v2", f"{url}/OAuth/Token"), "demo": (f"{url}/Demo/v2", f"{url}/Demo/OAuth/Token")}


BASES = {
    "production": ("https://goapi.poweroffice.net/v2", "https://goapi.poweroffice.net/OAuth/Token"),
    "demo": ("https://goapi.poweroffice.net/Demo/v2", "https://goapi.poweroffice.net/Demo/OAuth/Token"),
}
REQUIRED_PRIVILEGES = {
    "GeneralLedgerAccount": "kontoplan / chart of accounts",
    "CommonServices": "mva-koder og låsedato / VAT codes and lock date",
    "Department": "avdelinger / departments",
    "ManualVoucher_Full": "bokføre bilag / post vouchers",
    "AccountTransaction": "lese posteringer (duplikatkontroll) / read transactions (duplicate check)",
}
OPTIONAL_PRIVILEGES = {"VoucherDocumentation_Full": "legge ved dagsoppgjøret / attach the day's report"}


def _has(privileges: set[str], name: str) -> bool:
    return name in privileges or f"{name}_Full" in privileges


class PowerOfficeConnector(PowerOfficeOrders, Connector):  # sales orders: poweroffice_orders.py
    system_id = "poweroffice"
    line_style = "gross"

    def __init__(self, *, client_key: Secret, application_key: str, subscription_key: Secret,
                 environment: str = "production", endpoints: dict[str, tuple[str, str]] | None = None, **http_kw):
        self.endpoints = endpoints or BASES  # environment -> (API base, token URL)
        base_url, self._token_url = self.endpoints[environment]
        self.environment = environment
        self._client_key = client_key
        self._app_key = application_key
        self._sub = subscription_key
        # under 10/s per subscription key: every connector with the same key in this process shares the limit
        import hashlib

        rate_key = hashlib.sha256(f"{subscription_key.reveal()}|{base_url}".encode()).hexdigest()[:16]
        self.http = Http(base_url, system=self.display_name, rate=9.0, rate_key=rate_key, **http_kw)

    @classmethod
    def from_settings(cls, *, client_key, keys, environment, base_url, options, **http_kw) -> PowerOfficeConnector:
        slot = int(options.get("app_slot", 0))  # a store's own key in a shared company: add-on application key
        if slot >= len(keys.poweroffice_app_keys):
            raise registry.get(cls.system_id).integration_missing()
        return cls(client_key=client_key, application_key=keys.poweroffice_app_keys[slot],
                   subscription_key=keys.poweroffice_subscription_key, environment=environment,
                   endpoints=sandbox_endpoints(base_url) if base_url else None, **http_kw)

    def __repr__(self) -> str:
        return f"PowerOfficeConnector(environment={self.environment!r}, client_key=***)"

    # -- authentication (the base renews a token the ledger refuses mid-run) ------------------------------------
    def _fetch_token(self, token_url: str) -> httpx.Response:
        return self.http.request(
            "POST", token_url, idempotent=True, auth=(self._app_key, self._client_key.reveal()),
            headers={"Ocp-Apim-Subscription-Key": self._sub.reveal()},
            data={"grant_type": "client_credentials"})

    def _new_token(self) -> Token:
        r = self._fetch_token(self._token_url)
        if r.status_code == 200:
            body = r.json()
            # renew a minute early (PowerOffice v2 tokens last ~20 minutes; trust expires_in)
            expiry = time.monotonic() + max(30, int(body.get("expires_in", 600)) - 60)
            return Token(body["access_token"], lambda: time.monotonic() < expiry)
        if r.status_code in (400, 401):  # invalid_client: a wrong key, or a key from the other environment
            raise self._key_refused(lambda env: self._fetch_token(self.endpoints[env][1]).status_code == 200)
        raise ledger_error("down", "not_sent", [problem_text(r)], system=self.display_name)

    def _authorize(self, token: str | None, kw: dict) -> dict:
        kw["headers"] = {**(kw.get("headers") or {}), "Authorization": f"Bearer {token}",
                         "Ocp-Apim-Subscription-Key": self._sub.reveal(), "Accept": "application/json"}
        return kw

    def _list(self, path: str, **params) -> list[dict]:
        out: list[dict] = []
        page = 1
        while True:
            r = self._call("GET", path, params={**params, "PageNumber": page, "PageSize": 1000})
            if r.status_code == 204:
                return out
            if r.status_code != 200:
                raise ledger_error("down", "not_sent", [problem_text(r)], system=self.display_name)
            items = r.json()
            out.extend(items)
            if len(items) < 1000:
                return out
            page += 1

    # -- the interface -------------------------------------------------------------------------------------------
    def _verify(self) -> VerifyResult:
        r = self._call("GET", "/ClientIntegrationInformation")
        if r.status_code != 200:
            raise ledger_error("down", "not_sent", [problem_text(r)], system=self.display_name)
        info = r.json()
        valid = set(info.get("ValidPrivileges") or [])
        missing = [f"{p} ({why})" for p, why in REQUIRED_PRIVILEGES.items() if not _has(valid, p)]
        if missing:
            raise ledger_error("privilege", "rejected", missing, system=self.display_name)
        warnings = [Text(f"Mangler {p}: {why}", f"Missing {p}: {why}") for p, why in OPTIONAL_PRIVILEGES.items()
                    if not _has(valid, p)]
        return VerifyResult(info.get("ClientName") or "", str(info.get("ClientId") or ""), warnings)

    def _read_chart(self) -> Chart:
        vat = [LedgerVatCode(str(v["Id"]), str(v.get("Code") or ""), v.get("Name") or "",
                             (Decimal(str(v.get("Rate") or 0)) * 100).quantize(Decimal("0.01")), bool(v.get("IsActive", True)))
               for v in self._list("/VatCodes")]
        accounts = [Account(str(a["AccountNo"]), a.get("Name") or "", bool(a.get("IsActive", True)),
                            str(a["VatCode"]) if a.get("VatCode") is not None else None,
                            bool(a.get("IsDepartmentRequired")), str(a["Id"]), bool(a.get("IsVatCodeLocked")))
                    for a in self._list("/GeneralLedgerAccounts")]
        deps = self._read_departments()
        lock = None
        r = self._call("GET", "/LockDateSettings")
        if r.status_code == 200 and r.json().get("LockDate"):
            lock = dt.date.fromisoformat(str(r.json()["LockDate"])[:10])
        return Chart(accounts, vat, deps, lock)

    def _read_departments(self) -> list[Department]:
        return [Department(str(d["Id"]), str(d.get("Code") or ""), d.get("Name") or "", bool(d.get("IsActive", True)))
                for d in self._list("/Departments")]

    def body(self, voucher: Voucher, chart: Chart) -> dict:
        """The ManualVoucherPostDto for a voucher (public for the contract tests)."""
        if voucher.style != "gross":
            raise ValueError("PowerOffice GO takes gross amounts with a VAT code (line style 'gross')")
        no_vat = chart.vat("0")
        lines = []
        for ln in voucher.lines:
            vat = chart.vat(ln.vat_code) if ln.vat_code else no_vat
            line = {"AccountId": int(chart.id_of("account", ln.account)), "CurrencyAmount": _money(ln.amount),
                    "VatId": int(vat.id) if vat is not None else None,
                    "PostingDate": voucher.business_day.isoformat(), "Description": ln.text}
            if ln.department:
                line["DepartmentId"] = int(chart.id_of("department", ln.department))
            lines.append(line)
        return {"VoucherDate": voucher.business_day.isoformat(), "CurrencyCode": "NOK",
                "Description": voucher.description, "ExternalImportReference": voucher.external_ref,
                "VoucherLines": lines}

    def _submit(self, voucher: Voucher, chart: Chart, on_send) -> Posted:
        r = self._call("POST", "/Vouchers/ManualJournals", json=self.body(voucher, chart), idempotent=False,
                       before_send=on_send)
        if r.status_code in (200, 201):
            v = r.json()
            return Posted(str(v["Id"]), str(v.get("VoucherNo") or ""))
        detail = problem_text(r)
        if r.status_code == 409 or "ExternalImportReference" in detail:
            raise ledger_error("duplicate", "unknown", [detail], system=self.display_name)
        if "lock" in detail.lower() or "låst" in detail.lower():
            raise ledger_error("locked_period", "rejected", [detail], system=self.display_name)
        raise ledger_error("rejected", "rejected", [detail], system=self.display_name)

    def _find(self, external_ref: str, day: dt.date) -> Posted | None:
        for t in self._list("/AccountTransactions", fromDate=day.isoformat(), toDate=day.isoformat(),
                            voucherTypes="ManualJournal"):
            if t.get("ExternalImportReference") == external_ref and not t.get("IsReversed"):
                return Posted(str(t["VoucherId"]), str(t.get("VoucherNo") or ""))
        return None

    def _attach(self, posted: Posted, pdf: bytes, filename: str) -> None:
        r = self._call("PUT", "/VoucherDocumentation", params={"id": posted.voucher_id},
                       files={"file": (filename, pdf, "application/pdf")}, idempotent=True)
        if r.status_code not in (200, 202, 204):
            raise ledger_error("rejected", "rejected", [problem_text(r)], system=self.display_name)
