"""Xledger GraphQL emulator (accounting-apis.md §3.6): one ``POST /graphql`` (``/demo/graphql`` for demo),
``Authorization: token X``, just enough GraphQL for the operations the connector sends (the root field is read
from the query text, the arguments from the variables), Relay pagination, errors in the ``errors`` array with
HTTP 200, throttling as ``BAD_REQUEST.BURST_RATE_LIMIT_REACHED``, ``exampleValidInputs`` on invalid references.
GL import items are validated and booked at once (the real import is asynchronous: see guesses.XLEDGER).
"""

from __future__ import annotations

import time

import re
import secrets
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ledgerwizard.connectors.guesses import XLEDGER as G
from .poweroffice import CHART, DEPARTMENTS, INACTIVE_DEPARTMENTS
from .server import Emulator, Request, Response

TAX_RULES = [(3001, "0", "Ingen mva", "0"), (3003, "3", "Utgående mva høy sats", "25"),
             (3031, "31", "Utgående mva middels sats", "15"), (3033, "33", "Utgående mva lav sats", "12"),
             (3005, "5", "Fritatt", "0"), (3006, "6", "Utenfor mva-loven", "0")]
OUTPUT_ACCOUNT = {"3": "2700", "31": "2701", "33": "2703"}


def _errors(message: str, code: str = "BAD_REQUEST", **extensions) -> Response:
    return Response(200, {"data": None, "errors": [{"message": message, "code": code, "extensions": {"code": code, **extensions}}]})


class _GqlError(Exception):
    def __init__(self, message: str, code: str, **extensions):
        super().__init__(message)
        self.response = _errors(message, code, **extensions)


@dataclass
class XlEntity:
    token: str
    name: str
    environment: str = "production"
    accounts: list[dict] = field(default_factory=list)
    departments: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    journal: list[dict] = field(default_factory=list)
    batches: list[str] = field(default_factory=list)  # the extIdentifier of each accepted mutation

    def __post_init__(self):
        if not self.accounts:
            self.accounts = [{"dbId": 40000 + no, "code": str(no), "description": name}
                             for no, name, _t, _v, _l, _d, active in CHART if active]
        if not self.departments:
            self.departments = [{"dbId": 5100 + int(c), "code": c, "description": n, G["object_status_field"]:
                                 "CLOSED" if c in INACTIVE_DEPARTMENTS else G["object_status_open"]}
                                for _i, c, n in DEPARTMENTS]


class XledgerEmulator(Emulator):
    name = "xledger"

    def __init__(self, clock=time.time):
        super().__init__(clock)
        self.entities: dict[str, XlEntity] = {}
        self.next_id = 700000

    def add_entity(self, **kw) -> XlEntity:
        kw.setdefault("token", "xl" + secrets.token_hex(20))
        e = XlEntity(**kw)
        self.entities[e.token] = e
        return e

    def add_demo_company(self, name: str, org_no: str) -> tuple[str, str]:
        e = self.add_entity(name=name)
        return e.name, e.token

    def rate_limited(self) -> Response:
        return _errors("Burst rate limit reached.", "BAD_REQUEST.BURST_RATE_LIMIT_REACHED")

    def state(self) -> dict:
        return {e.name: {"items": e.items} for e in self.entities.values()}

    def handle(self, req: Request) -> Response:
        env = "demo" if req.path.startswith("/demo/") else "production"
        if req.path not in ("/graphql", "/demo/graphql") or req.method != "POST":
            return Response(404, {"message": "Not found"})
        auth = req.headers.get("authorization", "")
        if not auth.startswith("token ") or not re.fullmatch(r"[A-Za-z0-9]{16,}", auth[6:]):
            return _errors(f"Unauthorized: {G['bad_token_message']}", "UNAUTHORIZED")
        ent = self.entities.get(auth[6:])
        if ent is None or ent.environment != env:
            return _errors("Unauthorized: the API token is not valid for this environment.", "UNAUTHORIZED")
        try:
            body = req.json()
        except ValueError:
            return Response(400, {"errors": [{"message": "Invalid JSON"}]})
        query, variables = body.get("query") or "", body.get("variables") or {}
        m = re.search(r"\{\s*(\w+)", query)
        root = m.group(1) if m else ""
        handler = getattr(self, f"_q_{root}", None)
        if handler is None:
            return _errors(f"Cannot query field '{root}' on type 'Query'.", "ARGUMENTS_OF_CORRECT_TYPE")
        try:
            return Response(200, {"data": {root: handler(ent, variables)}})
        except _GqlError as e:  # validation errors are GraphQL errors with HTTP 200, like Xledger's
            return e.response

    def _conn(self, items: list[dict], variables: dict, first: int = 500) -> dict:
        after = variables.get("after")
        start = next((i + 1 for i, x in enumerate(items) if str(x["dbId"]) == str(after)), 0) if after else 0
        chunk = items[start:start + min(first, 10000)]
        return {"edges": [{"cursor": str(x["dbId"]), "node": x} for x in chunk],
                "pageInfo": {"hasNextPage": start + len(chunk) < len(items), "hasPreviousPage": start > 0}}

    def _q_accounts(self, ent, v):
        return self._conn(ent.accounts, v)

    def _q_objectKinds(self, ent, v):
        return self._conn([{"dbId": 14, "name": G["tax_rule_object_kind"]}, {"dbId": 21, "name": "Avdeling"}], {})

    def _q_objectValues(self, ent, v):
        kind = v.get("kind")
        if kind == 14:
            return self._conn([{"dbId": i, "code": c, "description": n} for i, c, n, _ in TAX_RULES], v)
        if kind == 21:
            return self._conn(ent.departments, v)
        return self._conn([], v)

    def _q_taxTableSetups(self, ent, v):
        return self._conn([{"dbId": i, "objectValueDbId": i, "taxPercent": float(p), "dateFrom": "2018-01-01",
                            "dateTo": None} for i, _c, _n, p in TAX_RULES], {})

    def _q_glImportItems(self, ent, v):
        ref = v.get("ref")
        return self._conn([i for i in ent.items if i["extIdentifier"] == ref and self.searchable(i)], {})

    def _q_addGLImportItems(self, ent, v):
        inputs = v.get("inputs") or []
        accounts = {a["code"]: a for a in ent.accounts}
        rules = {c: (i, Decimal(p)) for i, c, _n, p in TAX_RULES}
        deps = {d["code"] for d in ent.departments}
        closed = {d["code"] for d in ent.departments if d[G["object_status_field"]] != G["object_status_open"]}
        sums: dict[tuple, Decimal] = {}
        for n, inp in enumerate(inputs):
            node = inp.get("node") or {}
            for req_field in ("trRegNumber", "postedDate", "account", "amount", "transactionSource"):
                if node.get(req_field) in (None, "", {}):
                    raise _GqlError(f"inputs[{n}].node.{req_field} is required.", "INVALID_VALUE")
            if (node.get("account") or {}).get("code") not in accounts:
                raise _GqlError(f"inputs[{n}].node.account: no account with code {node['account'].get('code')!r}.",
                                "INVALID_VALUE", exampleValidInputs=[{"code": a["code"], "dbId": a["dbId"]}
                                                                    for a in ent.accounts[:5]])
            rule = (node.get("taxRule") or {}).get("code")
            if rule is not None and rule not in rules:
                raise _GqlError(f"inputs[{n}].node.taxRule: unknown tax rule {rule!r}.", "INVALID_VALUE",
                                exampleValidInputs=[{"code": c, "dbId": i} for i, c, _n, _p in TAX_RULES])
            dep = (node.get(G["default_department_slot"]) or {}).get("code")
            if dep is not None and dep not in deps:
                raise _GqlError(f"inputs[{n}].node.glObject1: unknown object value {dep!r}.", "INVALID_VALUE")
            if dep in closed:
                raise _GqlError(f"inputs[{n}].node.glObject1: object value {dep!r} is closed.", "INVALID_VALUE")
            try:
                amount = Decimal(node["amount"])
            except (InvalidOperation, TypeError):
                raise _GqlError(f"inputs[{n}].node.amount must be a decimal string.", "INVALID_VALUE") from None
            if amount == 0:
                raise _GqlError(f"inputs[{n}].node.amount must not be 0.", "INVALID_VALUE")
            key = (node["trRegNumber"], node["postedDate"])
            sums[key] = sums.get(key, Decimal(0)) + amount
        for (reg, date), total in sums.items():
            if total != 0:
                raise _GqlError(f"Registration {reg} is not balanced on {date} (sum {total}).", "INVALID_VALUE")
        edges = []
        with self.lock:
            ent.batches.append((inputs[0].get("node") or {}).get("extIdentifier") if inputs else None)
            for n, inp in enumerate(inputs):
                node = inp["node"]
                self.next_id += 1
                item = self.stamp({"dbId": self.next_id, **node})
                ent.items.append(item)
                edges.append({"clientId": str(n), "node": {"dbId": self.next_id}})
                gross = Decimal(node["amount"])
                code = (node.get("taxRule") or {}).get("code")
                rate = rules[code][1] / 100 if code else Decimal(0)
                vat = (gross * rate / (1 + rate)).quantize(Decimal("0.01"), ROUND_HALF_UP) if rate else Decimal(0)
                dep = (node.get(G["default_department_slot"]) or {}).get("code")
                base = {"extIdentifier": node.get("extIdentifier"), "postedDate": node["postedDate"], "department": dep}
                ent.journal.append({**base, "account": node["account"]["code"], "amount": gross - vat})
                if vat:
                    ent.journal.append({**base, "account": OUTPUT_ACCOUNT[code], "amount": vat})
        return {"edges": edges}

    def ledger_lines(self, token: str, ref: str) -> list[dict]:
        return [j for j in self.entities[token].journal if j["extIdentifier"] == ref]
