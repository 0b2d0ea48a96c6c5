"""Xledger GraphQL (accounting-apis.md §3): ``Authorization: token <API token>``, Relay-style connections,
journals through ``addGLImportItems`` with a ``trRegNumber`` per voucher, signed string amounts, ``taxRule``
codes on revenue lines, the department in a GL object slot, ``extIdentifier`` for duplicate detection.
Throttling comes back as GraphQL errors with HTTP 200. Unconfirmed facts are in ``guesses.XLEDGER``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from decimal import Decimal

from ..adapters.secrets import Secret
from ..core.mapping import Account
from ..core.transfer import Posted
from ..core.voucher import Voucher
from .base import Chart, Connector, Department, LedgerVatCode, VerifyResult, ledger_error
from .guesses import XLEDGER as G
from .http import Http, problem_text

Q_ACCOUNTS = """query ($after: String) { accounts(first: 500, after: $after, objectStatus: OPEN) {
  edges { cursor node { dbId code description } } pageInfo { hasNextPage } } }"""
Q_KINDS = """query { objectKinds(first: 500) { edges { node { dbId name } } } }"""
Q_VALUES = """query ($kind: Int!, $after: String) { objectValues(first: 500, after: $after, filter: {objectKindDbId: $kind}) {
  edges { cursor node { dbId code description %s } } pageInfo { hasNextPage } } }""" % G["object_status_field"]
Q_RATES = """query { taxTableSetups(first: 500) { edges { node { objectValueDbId taxPercent dateFrom dateTo } } } }"""
M_IMPORT = """mutation ($inputs: [AddGLImportItemsInput!]!) { addGLImportItems(inputs: $inputs) {
  edges { clientId node { dbId } } } }"""
Q_FIND = """query ($ref: String) { glImportItems(first: 100, filter: {%s: $ref}) {
  edges { node { dbId trRegNumber postedDate extIdentifier } } } }""" % G["find_filter_argument"]


def sandbox_endpoints(url: str) -> dict[str, str]:
    return {"production": f"{url}/graphql", "demo": f"{url}/demo/graphql"}


def tr_reg_number(external_ref: str) -> int:
    """A stable registration number per voucher (groups its lines in the GL import)."""
    return int(hashlib.sha256(external_ref.encode()).hexdigest()[:7], 16)


class XledgerConnector(Connector):
    system_id = "xledger"
    line_style = G["line_style"]

    def __init__(self, *, token: Secret, environment: str = "production", endpoints: dict[str, str] | None = None,
                 department_slot: str | None = None, department_kind: str = "Avdeling", **http_kw):
        self.endpoints = endpoints or G["endpoints"]
        self.environment = environment
        self._api_token = token
        self.slot = department_slot or G["default_department_slot"]
        self.department_kind = department_kind
        self._sleep = http_kw.get("sleep", time.sleep)
        self.http = Http(self.endpoints[environment], system=self.display_name, **http_kw)

    @classmethod
    def from_settings(cls, *, client_key, keys, environment, base_url, options, **http_kw) -> XledgerConnector:
        return cls(token=client_key, environment=environment, endpoints=sandbox_endpoints(base_url) if base_url else None,
                   department_slot=options.get("department_slot"),
                   department_kind=options.get("department_kind", "Avdeling"), **http_kw)

    def __repr__(self) -> str:
        return f"XledgerConnector(environment={self.environment!r}, token=***)"

    def _authorize(self, token: str | None, kw: dict) -> dict:  # a static API token: nothing to renew
        kw["headers"] = {**(kw.get("headers") or {}), "Authorization": f"token {self._api_token.reveal()}"}
        return kw

    def _gql(self, query: str, variables: dict | None = None, *, mutation: bool = False, before_send=None) -> dict:
        for attempt in range(5):
            r = self._call("POST", self.endpoints[self.environment], json={"query": query, "variables": variables or {}},
                           idempotent=not mutation, before_send=before_send if attempt == 0 else None)
            if r.status_code != 200:
                raise ledger_error("down", "unknown" if mutation else "not_sent", [problem_text(r)], system=self.display_name)
            body = r.json()
            errors = body.get("errors") or []
            if not errors:
                return body.get("data") or {}
            codes = {str(e.get("code") or (e.get("extensions") or {}).get("code") or "") for e in errors}
            text = "; ".join(str(e.get("message")) for e in errors)
            waits = [G["throttle_waits"][c] for c in codes if c in G["throttle_waits"]]
            if waits:
                if attempt < 4 and min(waits) <= 60:
                    self._sleep(min(waits))
                    continue
                raise ledger_error("rate_limited", "not_sent", [text], system=self.display_name)
            if G["bad_token_message"] in text.lower() or "unauthori" in text.lower():
                raise ledger_error("auth", "rejected", [text], system=self.display_name)
            if "permission" in text.lower() or "access" in text.lower():
                raise ledger_error("privilege", "rejected", [text], system=self.display_name)
            raise ledger_error("rejected", "rejected", [text], system=self.display_name)
        raise AssertionError("unreachable")  # pragma: no cover

    def _connection(self, query: str, field: str, **variables) -> list[dict]:
        out: list[dict] = []
        after = None
        while True:
            data = self._gql(query, {**variables, "after": after})[field]
            edges = data.get("edges") or []
            out.extend(e["node"] for e in edges)
            if not (data.get("pageInfo") or {}).get("hasNextPage") or not edges:
                return out
            after = edges[-1].get("cursor")

    def _verify(self) -> VerifyResult:
        self.chart(refresh=True)
        return VerifyResult("", "")

    def _read_departments(self, kinds: dict | None = None) -> list[Department]:
        """The values of the department's object kind (the company's ``department_kind``, "Avdeling")."""
        if kinds is None:
            kinds = {k["name"]: k["dbId"] for k in (e["node"] for e in self._gql(Q_KINDS)["objectKinds"]["edges"])}
        if self.department_kind not in kinds:
            return []
        return [Department(str(v["dbId"]), str(v["code"]), v.get("description") or "",
                           (v.get(G["object_status_field"]) or G["object_status_open"]) == G["object_status_open"])
                for v in self._connection(Q_VALUES, "objectValues", kind=kinds[self.department_kind])]

    def _read_chart(self) -> Chart:
        accounts = [Account(str(a["code"]), a.get("description") or "", True, None, False, str(a["dbId"]))
                    for a in self._connection(Q_ACCOUNTS, "accounts")]
        kinds = {k["name"]: k["dbId"] for k in
                 (e["node"] for e in self._gql(Q_KINDS)["objectKinds"]["edges"])}
        rates = {}
        for e in self._gql(Q_RATES)["taxTableSetups"]["edges"]:
            n = e["node"]
            rates[n["objectValueDbId"]] = Decimal(str(n["taxPercent"])).quantize(Decimal("0.01"))
        vat = []
        if G["tax_rule_object_kind"] in kinds:
            vat = [LedgerVatCode(str(v["dbId"]), str(v["code"]), v.get("description") or "", rates.get(v["dbId"], Decimal(0)))
                   for v in self._connection(Q_VALUES, "objectValues", kind=kinds[G["tax_rule_object_kind"]])]
        return Chart(accounts, vat, self._read_departments(kinds))

    def body(self, voucher: Voucher) -> list[dict]:
        reg = tr_reg_number(voucher.external_ref)
        inputs = []
        for ln in voucher.lines:
            node = {"trRegNumber": reg, "postedDate": voucher.business_day.isoformat(),
                    "transactionSource": {"code": G["transaction_source"]}, "jobLevel": {"dbSubId": G["job_level_sub_id"]},
                    "account": {"code": ln.account}, "amount": f"{ln.amount:.2f}", "text": ln.text[:100],
                    "extIdentifier": voucher.external_ref}
            if ln.vat_code:
                node["taxRule"] = {"code": ln.vat_code}
            if ln.department:
                node[self.slot] = {"code": ln.department}
            inputs.append({"node": node})
        return inputs

    def _submit(self, voucher: Voucher, chart: Chart, on_send) -> Posted:
        data = self._gql(M_IMPORT, {"inputs": self.body(voucher)}, mutation=True, before_send=on_send)
        edges = (data.get("addGLImportItems") or {}).get("edges") or []
        if not edges:
            raise ledger_error("rejected", "rejected", ["no items accepted"], system=self.display_name)
        return Posted(str(edges[0]["node"]["dbId"]), str(tr_reg_number(voucher.external_ref)))

    def _find(self, external_ref: str, day: dt.date) -> Posted | None:
        edges = self._gql(Q_FIND, {"ref": external_ref})["glImportItems"]["edges"]
        for e in edges:
            n = e["node"]
            if n.get("extIdentifier") == external_ref:
                return Posted(str(n["dbId"]), str(n.get("trRegNumber") or ""))
        return None
