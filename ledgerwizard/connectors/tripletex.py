"""Tripletex API v2 (accounting-apis.md §2).

A session token is created from the integration's consumer token and the shop's employee token
(``POST /token/session/:create``), then every call uses HTTP Basic ``0:<session token>``. Vouchers go to
``POST /ledger/voucher?sendToLedger=true`` with ``row`` numbers from 1, gross amounts with a ``vatType`` on
revenue lines (Tripletex generates the VAT postings on row 0), postings summing to zero per date, and
``externalVoucherNumber`` = our external reference, which ``GET /ledger/voucher/>externalVoucherNumber`` finds
again. VAT types are resolved by their ``number`` (SAF-T code), never by a hard-coded id.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import httpx

from ..adapters.secrets import Secret
from ..core.mapping import Account
from ..core.transfer import Posted
from ..core.voucher import Voucher
from .base import Chart, Connector, Department, LedgerVatCode, Token, VerifyResult, json_number, ledger_error
from .http import Http, problem_text
from .tripletex_orders import TripletexOrders

BASES = {"production": "https://tripletex.no/v2", "demo": "https://api-test.tripletex.tech/v2"}


def sandbox_endpoints(url: str) -> dict[str, str]:
    return {"production": f"{url}/v2", "demo": f"{url}/test/v2"}


def _duplicate(r: httpx.Response, detail: str) -> bool:
    """Tripletex's duplicate answers: 409 with code 14000 (or 7000 "object exists"), or a validation message on
    the external voucher number saying it is already in use."""
    try:
        code = int((r.json() or {}).get("code") or 0)
    except (ValueError, TypeError, AttributeError):
        code = 0
    low = detail.lower()
    return (r.status_code == 409 and code in (7000, 14000)) or (
        "externalvouchernumber" in low and any(w in low for w in ("finnes", "exist", "duplic", "allerede", "in use")))


class TripletexConnector(TripletexOrders, Connector):  # sales orders: tripletex_orders.py
    system_id = "tripletex"
    line_style = "gross"

    def __init__(self, *, employee_token: Secret, consumer_token: Secret, environment: str = "production",
                 endpoints: dict[str, str] | None = None, today=dt.date.today, **http_kw):
        self.endpoints = endpoints or BASES
        self.environment = environment
        self._employee = employee_token
        self._consumer = consumer_token
        self._today = today
        self.http = Http(self.endpoints[environment], system=self.display_name, **http_kw)

    @classmethod
    def from_settings(cls, *, client_key, keys, environment, base_url, options, **http_kw) -> TripletexConnector:
        return cls(employee_token=client_key, consumer_token=keys.tripletex_consumer_token, environment=environment,
                   endpoints=sandbox_endpoints(base_url) if base_url else None, **http_kw)

    def __repr__(self) -> str:
        return f"TripletexConnector(environment={self.environment!r}, employee_token=***)"

    # -- authentication (the base renews a session the ledger refuses mid-run) ----------------------------------
    def _create_session(self, base: str | None = None) -> httpx.Response:
        expires = (self._today() + dt.timedelta(days=2)).isoformat()
        return self.http.request("POST", f"{base or self.endpoints[self.environment]}/token/session/:create",
                                 idempotent=True, json={"consumerToken": self._consumer.reveal(),
                                                        "employeeToken": self._employee.reveal(),
                                                        "expirationDate": expires})

    def _new_token(self) -> Token:
        """A session token, made anew each day (it is created to expire the day after tomorrow)."""
        r = self._create_session()
        if r.status_code in (200, 201):
            made = self._today()
            return Token(r.json()["value"]["token"], lambda: self._today() == made)
        if r.status_code in (401, 403, 404, 422):
            raise self._key_refused(lambda env: self._create_session(self.endpoints[env]).status_code in (200, 201),
                                    [problem_text(r)])
        raise ledger_error("down", "not_sent", [problem_text(r)], system=self.display_name)

    def _authorize(self, token: str | None, kw: dict) -> dict:
        kw["auth"] = ("0", token)
        return kw

    def _values(self, path: str, **params) -> list[dict]:
        out: list[dict] = []
        start = 0
        while True:
            r = self._call("GET", path, params={**params, "from": start, "count": 1000})
            if r.status_code != 200:
                raise ledger_error("down", "not_sent", [problem_text(r)], system=self.display_name)
            body = r.json()
            vals = body.get("values") or []
            out.extend(vals)
            start += len(vals)
            if not vals or start >= int(body.get("fullResultSize", start)):
                return out

    # -- the interface -------------------------------------------------------------------------------------------
    def _verify(self) -> VerifyResult:
        r = self._call("GET", "/token/session/>whoAmI")
        if r.status_code != 200:
            raise ledger_error("down", "not_sent", [problem_text(r)], system=self.display_name)
        who = r.json().get("value") or {}
        company = who.get("company") or {}
        # reading the chart checks the entitlements the transfer needs (403 → privilege)
        self.chart(refresh=True)
        return VerifyResult(company.get("name") or "", str(company.get("id") or who.get("companyId") or ""))

    def _read_departments(self) -> list[Department]:
        return [Department(str(d["id"]), str(d.get("departmentNumber") or ""), d.get("name") or "",
                           not d.get("isInactive", False)) for d in self._values("/department")]

    def _read_chart(self) -> Chart:
        vat = [LedgerVatCode(str(v["id"]), str(v.get("number") or ""), v.get("name") or "",
                             Decimal(str(v.get("percentage") or 0)).quantize(Decimal("0.01")))
               for v in self._values("/ledger/vatType")]
        vat_by_id = {v.id: v for v in vat}
        accounts = []
        for a in self._values("/ledger/account"):
            locked_to = vat_by_id.get(str((a.get("vatType") or {}).get("id")))
            accounts.append(Account(str(a["number"]), a.get("name") or "", not a.get("isInactive", False),
                                    locked_to.code if locked_to else None, bool(a.get("requiresDepartment")),
                                    str(a["id"]), bool(a.get("vatLocked"))))
        deps = self._read_departments()
        closed = [(dt.date.fromisoformat(p["start"]), dt.date.fromisoformat(p["end"]) - dt.timedelta(days=1))
                  for p in self._values("/ledger/accountingPeriod") if p.get("isClosed")]
        return Chart(accounts, vat, deps, None, closed)

    def body(self, voucher: Voucher, chart: Chart) -> dict:
        """The Voucher object for ``POST /ledger/voucher`` (public for the contract tests)."""
        if voucher.style != "gross":
            raise ValueError("Tripletex takes gross amounts with a vatType (line style 'gross')")
        postings = []
        for row, ln in enumerate(voucher.lines, start=1):
            p = {"row": row, "date": voucher.business_day.isoformat(), "description": ln.text,
                 "account": {"id": int(chart.id_of("account", ln.account))}, "amountGross": json_number(ln.amount),
                 "amountGrossCurrency": json_number(ln.amount)}
            if ln.vat_code:
                p["vatType"] = {"id": int(chart.id_of("vat", ln.vat_code))}
            if ln.department:
                p["department"] = {"id": int(chart.id_of("department", ln.department))}
            postings.append(p)
        return {"date": voucher.business_day.isoformat(), "description": voucher.description,
                "externalVoucherNumber": voucher.external_ref, "postings": postings}

    def _submit(self, voucher: Voucher, chart: Chart, on_send) -> Posted:
        r = self._call("POST", "/ledger/voucher", params={"sendToLedger": "true"}, json=self.body(voucher, chart),
                       idempotent=False, before_send=on_send)
        if r.status_code in (200, 201):
            v = r.json()["value"]
            return Posted(str(v["id"]), str(v.get("number") or ""))
        detail = problem_text(r)
        if _duplicate(r, detail):  # Tripletex does not enforce it today; if it ever does, it is a look-up
            raise ledger_error("duplicate", "unknown", [detail], system=self.display_name)
        if "periode" in detail.lower() or "period" in detail.lower():
            raise ledger_error("locked_period", "rejected", [detail], system=self.display_name)
        raise ledger_error("rejected", "rejected", [detail], system=self.display_name)

    def _find(self, external_ref: str, day: dt.date) -> Posted | None:
        r = self._call("GET", "/ledger/voucher/>externalVoucherNumber", params={"externalVoucherNumber": external_ref})
        if r.status_code != 200:
            raise ledger_error("down", "unknown", [problem_text(r)], system=self.display_name)
        for v in r.json().get("values") or []:
            if v.get("externalVoucherNumber") == external_ref and not v.get("reverseVoucher"):
                return Posted(str(v["id"]), str(v.get("number") or ""))
        return None

    def _attach(self, posted: Posted, pdf: bytes, filename: str) -> None:
        r = self._call("POST", f"/ledger/voucher/{posted.voucher_id}/attachment",
                       files={"file": (filename, pdf, "application/pdf")}, idempotent=False)  # appends pages
        if r.status_code not in (200, 201):
            raise ledger_error("rejected", "rejected", [problem_text(r)], system=self.display_name)
