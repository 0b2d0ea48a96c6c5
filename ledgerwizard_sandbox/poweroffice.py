"""PowerOffice GO v2 emulator, as strict as the real service per accounting-apis.md §1.7.

Token endpoint (Basic application:client key + subscription key; production ``/OAuth/Token``, demo
``/Demo/OAuth/Token``), bearer tokens with expiry, privileges (403 with an empty body), PascalCase JSON, bare
arrays and 204 on empty lists, ``accountNos`` ranges, 10 requests/second per subscription key (429 with
``Retry-After``), and ``POST /Vouchers/ManualJournals`` validated against PowerOffice's own OpenAPI schema and
the ledger rules: balanced, no zero amounts, known and active accounts, VAT codes, VAT-locked accounts,
department-required accounts, lock date, unique ``ExternalImportReference``. VAT is split from the gross
amounts into the output-VAT accounts in ``/AccountTransactions``.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
import uuid
from base64 import b64decode
from collections import deque
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ledgerwizard.connectors.integration import SANDBOX_POWEROFFICE_APP_KEYS, SANDBOX_POWEROFFICE_SUBSCRIPTION
from .poweroffice_orders import PowerOfficeOrdersEmulator
from .server import Emulator, OpenApiValidator, Request, Response

ALL_PRIVILEGES = ["GeneralLedgerAccount_Full", "CommonServices_Full", "Department_Full", "ManualVoucher_Full",
                  "AccountTransaction_Full", "VoucherDocumentation_Full",
                  # sales orders (issue 15): poweroffice_orders.py
                  "SalesOrders_Full", "Customer_Full", "Product_Full", "OutgoingInvoice_Full"]

# (AccountNo, Name, Type, VatCode, IsVatCodeLocked, IsDepartmentRequired, IsActive)
CHART = [
    (1500, "Kundefordringer", "Asset", "0", True, False, True),
    (1579, "Andre kortsiktige fordringer", "Asset", "0", False, False, True),
    (1580, "Oppgjørskonto bankkort", "Asset", "0", False, False, True),
    (1581, "Oppgjørskonto Vipps", "Asset", "0", False, False, True),
    (1900, "Kontanter", "Asset", "0", False, False, True),
    (1909, "Kassedifferanse", "Asset", "0", False, False, True),
    (1920, "Bankinnskudd", "Asset", "0", True, False, True),
    (2700, "Utgående merverdiavgift, høy sats", "Liability", "0", True, False, True),
    (2701, "Utgående merverdiavgift, middels sats", "Liability", "0", True, False, True),
    (2703, "Utgående merverdiavgift, lav sats", "Liability", "0", True, False, True),
    (2900, "Forskudd fra kunder", "Liability", "0", False, False, True),
    (2901, "Gavekort", "Liability", "0", False, False, True),
    (2902, "Tilgodelapper", "Liability", "0", False, False, True),
    (2910, "Gjeld til ansatte", "Liability", "0", False, False, True),
    (3000, "Salgsinntekt handelsvarer, avgiftspliktig, høy sats", "Income", "3", False, False, True),
    (3020, "Salgsinntekt tjenester, avgiftspliktig, høy sats", "Income", "3", False, False, True),
    (3030, "Salgsinntekt handelsvarer, avgiftspliktig, middels sats", "Income", "31", False, False, True),
    (3040, "Salgsinntekt egentilvirkede varer, middels sats", "Income", "31", False, True, True),
    (3050, "Salgsinntekt tjenester, avgiftspliktig, lav sats", "Income", "33", False, False, True),
    (3100, "Salgsinntekt, avgiftsfri", "Income", "5", False, False, True),
    (3200, "Salgsinntekt, unntatt avgiftsplikt", "Income", "6", False, False, True),
    (3900, "Annen driftsrelatert inntekt", "Income", "0", False, False, True),
    (3999, "Salg gammel kasse (ikke bruk)", "Income", "3", False, False, False),
    (7740, "Øreavrunding", "Expense", "0", False, False, True),
    (7770, "Bank- og kortgebyr", "Expense", "0", False, False, True),
]
# (Id, Code, Name, Rate 0..1, output VAT account)
VAT_CODES = [(1, "0", "Ingen mva-behandling", "0", None), (11, "1", "Inngående mva, høy sats", "0.25", None),
             (12, "3", "Utgående mva, høy sats", "0.25", 2700), (13, "31", "Utgående mva, middels sats", "0.15", 2701),
             (14, "33", "Utgående mva, lav sats", "0.12", 2703), (15, "5", "Innenlands omsetning, fritatt", "0", None),
             (16, "52", "Utførsel, fritatt", "0", None), (17, "6", "Utenfor merverdiavgiftsloven", "0", None)]
DEPARTMENTS = [(101, "1", "Grünerløkka"), (102, "2", "Majorstuen"), (103, "3", "Frogner"), (104, "9", "Lager")]
INACTIVE_DEPARTMENTS = {"9"}  # every emulator: department 9 exists but is inactive


@dataclass
class PoClient:
    client_key: str
    name: str
    org_no: str
    environment: str = "production"  # or "demo"
    app_key: str = SANDBOX_POWEROFFICE_APP_KEYS[0]
    privileges: list[str] = field(default_factory=lambda: list(ALL_PRIVILEGES))
    lock_date: dt.date | None = None
    client_id: int = 0
    accounts: list[dict] = field(default_factory=list)
    vat_codes: list[dict] = field(default_factory=list)
    departments: list[dict] = field(default_factory=list)
    vouchers: dict[str, dict] = field(default_factory=dict)
    transactions: list[dict] = field(default_factory=list)
    documents: dict[str, bytes] = field(default_factory=dict)
    next_voucher_no: int = 10001
    customers: list[dict] = field(default_factory=list)  # sales orders (issue 15): poweroffice_orders.py
    products: list[dict] = field(default_factory=list)
    sales_orders: dict[str, dict] = field(default_factory=dict)  # not invoiced yet
    invoices: dict[str, dict] = field(default_factory=dict)  # invoiced by the office (same id)
    next_order_no: int = 1
    # the client's further client keys (seed 004: "every POS department needs its own API key"): client key ->
    # the application key it was made for (an add-on's "Egendefinert" extension), same ledger
    addon_keys: dict[str, str] = field(default_factory=dict)
    posted_with: dict[str, str] = field(default_factory=dict)  # voucher or order id -> the application key that posted it

    def __post_init__(self):
        if not self.accounts:
            self.accounts = [{"Id": 5510000 + no, "AccountNo": no, "Name": name, "GeneralLedgerAccountType": typ,
                              "VatCode": vat, "VatCodeId": next(v[0] for v in VAT_CODES if v[1] == vat),
                              "IsVatCodeLocked": locked, "IsDepartmentRequired": dep, "IsProjectRequired": False,
                              "IsActive": active, "CurrencyCode": "NOK", "DepartmentId": None, "DepartmentCode": None,
                              "LastChangedDateTimeOffset": "2026-01-02T08:00:00+01:00"}
                             for no, name, typ, vat, locked, dep, active in CHART]
        if not self.vat_codes:
            self.vat_codes = [{"Id": i, "Code": c, "Name": n, "Description": n, "Rate": float(r), "IsActive": True,
                               "IsCustom": False, "ValidFrom": "2005-01-01", "ValidTo": None} for i, c, n, r, _ in VAT_CODES]
        if not self.departments:
            self.departments = [{"Id": i, "Code": c, "Name": n, "IsActive": c not in INACTIVE_DEPARTMENTS}
                                for i, c, n in DEPARTMENTS]


def _accounts_filter(spec: str | None):
    """``accountNos`` like "1000-1999, 2500, 3000-"."""
    if not spec:
        return lambda n: True
    parts = []
    for p in spec.split(","):
        p = p.strip()
        if "-" in p:
            a, b = p.split("-", 1)
            parts.append((int(a) if a else 0, int(b) if b else 10 ** 12))
        elif p:
            parts.append((int(p), int(p)))
    return lambda n: any(a <= n <= b for a, b in parts)


class PowerOfficeEmulator(PowerOfficeOrdersEmulator, Emulator):
    name = "poweroffice"

    def __init__(self, token_lifetime: int = 1200, rate_limit: int = 10, clock=time.time, monotonic=time.monotonic):
        """``monotonic``: the rate limit's clock (a test with virtual time passes the one its client sleeps on)."""
        super().__init__(clock)
        self.monotonic = monotonic
        self.clients: dict[str, PoClient] = {}
        self.app_keys = set(SANDBOX_POWEROFFICE_APP_KEYS)
        self.subscription_keys = {SANDBOX_POWEROFFICE_SUBSCRIPTION}
        self.tokens: dict[str, tuple[str, float, str]] = {}  # token -> (client key, expiry, environment)
        self.token_apps: dict[str, str] = {}  # token -> the application key it was issued to
        self.token_lifetime = token_lifetime
        self.rate_limit = rate_limit
        self._calls: dict[str, deque] = {}
        self.schema = OpenApiValidator("poweroffice")
        self.schema_errors: list[list[str]] = []

    def add_client(self, **kw) -> PoClient:
        kw.setdefault("client_key", str(uuid.uuid4()))
        c = PoClient(**kw)
        c.client_id = 800000 + len(self.clients)
        self.clients[c.client_key] = c
        return c

    def add_addon_key(self, client: PoClient, slot: int) -> str:
        """A further client key for ``client`` (same ledger), made in PowerOffice with the application key of
        ``slot`` (0 the main one, 1–9 the add-ons): "Egendefinert" and the add-on's application key. A client has
        at most one key per application key."""
        app = SANDBOX_POWEROFFICE_APP_KEYS[slot]
        if app == client.app_key or app in client.addon_keys.values():
            raise ValueError(f"the client already has a key for application key {slot}")
        key = str(uuid.uuid4())
        with self.lock:
            client.addon_keys[key] = app
            self.clients[key] = client
        return key

    def app_key_of(self, client: PoClient, client_key: str) -> str:
        return client.addon_keys.get(client_key, client.app_key if client_key == client.client_key else "")

    def add_demo_company(self, name: str, org_no: str) -> tuple[str, str]:
        c = self.add_client(name=name, org_no=org_no)
        self.seed_customers(c)
        return c.name, c.client_key

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens.clear()

    def state(self) -> dict:
        return {c.client_key[:8] + "…": {"name": c.name, "vouchers": list(c.vouchers.values())} for c in self.clients.values()}

    # -- dispatch -------------------------------------------------------------------------------------------------
    def handle(self, req: Request) -> Response:
        path = req.path
        env = "production"
        low = path.lower()
        if low.startswith("/demo/"):
            env, path = "demo", path[5:]
            low = path.lower()
        if low == "/oauth/token" and req.method == "POST":
            return self._token(req, env)
        if not low.startswith("/v2/"):
            return Response(404, {"title": "Not Found"})
        sub = req.headers.get("ocp-apim-subscription-key") or req.query.get("subscription-key")
        if sub not in self.subscription_keys:
            return Response(401, {"statusCode": 401, "message": "Access denied due to missing subscription key."})
        if self._throttled(sub):
            return self.rate_limited()
        auth = req.headers.get("authorization", "")
        tok = self.tokens.get(auth[7:]) if auth.startswith("Bearer ") else None
        if tok is None or tok[1] < time.time() or tok[2] != env:
            return Response(401, {"title": "Unauthorized", "detail": "The access token is missing, invalid or expired."})
        client = self.clients[tok[0]]
        res = self._api(req, client, path[3:])
        if req.method == "POST" and res.status in (200, 201) and isinstance(res.body, dict) and "Id" in res.body:
            with self.lock:  # which integration (application key) made the voucher or order
                client.posted_with[str(res.body["Id"])] = self.token_apps.get(auth[7:], "")
        return res

    def _throttled(self, sub: str) -> bool:
        now = self.monotonic()
        with self.lock:
            q = self._calls.setdefault(sub, deque())
            while q and q[0] < now - 1.0:
                q.popleft()
            if len(q) >= self.rate_limit:
                return True
            q.append(now)
            return False

    def _token(self, req: Request, env: str) -> Response:
        bad = Response(400, {"error": "invalid_client", "error_description": "Client integration not found. Please "
                             "ensure the provided keys are matching the desired environment."})
        if req.headers.get("ocp-apim-subscription-key") not in self.subscription_keys:
            return Response(401, {"statusCode": 401, "message": "Access denied due to invalid subscription key."})
        auth = req.headers.get("authorization", "")
        if not auth.startswith("Basic ") or b"grant_type=client_credentials" not in req.body:
            return Response(400, {"error": "invalid_request"})
        try:
            app, client_key = b64decode(auth[6:]).decode().split(":", 1)
        except Exception:  # noqa: BLE001 - any garbage in the header is a bad request
            return Response(400, {"error": "invalid_request"})
        c = self.clients.get(client_key)
        if app not in self.app_keys or c is None or self.app_key_of(c, client_key) != app or c.environment != env:
            return bad  # a client key works only with the application key it was made for
        token = secrets.token_urlsafe(32)
        with self.lock:
            self.tokens[token] = (client_key, time.time() + self.token_lifetime, env)
            self.token_apps[token] = app
        return Response(200, {"access_token": token, "token_type": "bearer", "expires_in": self.token_lifetime})

    def _need(self, client: PoClient, privilege: str) -> Response | None:
        if privilege in client.privileges or privilege.removesuffix("_Full") + "_Full" in client.privileges:
            return None
        return Response(403)  # PowerOffice often answers 403 with an empty body

    def _api(self, req: Request, c: PoClient, path: str) -> Response:
        m = req.method
        if path == "/ClientIntegrationInformation" and m == "GET":
            return Response(200, {"ClientId": c.client_id, "ClientName": c.name, "ActiveClientSubscriptions": ["Accounting"],
                                  "ValidPrivileges": c.privileges, "InvalidPrivileges": []})
        if path == "/GeneralLedgerAccounts" and m == "GET":
            return self._need(c, "GeneralLedgerAccount") or self._page(
                req, [a for a in c.accounts if _accounts_filter(req.query.get("accountNos"))(a["AccountNo"])])
        if path == "/VatCodes" and m == "GET":
            return self._need(c, "CommonServices") or self._page(req, c.vat_codes)
        if path == "/Departments" and m == "GET":
            return self._need(c, "Department") or self._page(req, c.departments)
        if path == "/LockDateSettings" and m == "GET":
            return self._need(c, "CommonServices") or Response(200, {"LockDate": c.lock_date.isoformat() if c.lock_date else None})
        if path == "/AccountTransactions" and m == "GET":
            return self._need(c, "AccountTransaction") or self._transactions(req, c)
        if path == "/Vouchers/ManualJournals" and m == "POST":
            return self._need(c, "ManualVoucher_Full") or self._post_voucher(req, c)
        if path.startswith("/Vouchers/ManualJournals/") and m == "GET":
            v = c.vouchers.get(path.rsplit("/", 1)[1])
            return Response(200, v) if v and self.committed(v) else Response(404, {"title": "Object(s) not found"})
        if path.startswith("/Vouchers/Reverse/") and m == "POST":
            return self._reverse(c, path.rsplit("/", 1)[1])
        if path == "/VoucherDocumentation" and m == "PUT":
            return self._need(c, "VoucherDocumentation_Full") or self._document(req, c)
        return self._orders_api(req, c, path) or Response(404, {"title": "Not Found"})

    def _page(self, req: Request, items: list[dict]) -> Response:
        try:
            page = int(req.query.get("PageNumber", 1))
            size = min(int(req.query.get("PageSize", 5000)), 20000)
        except ValueError:
            return Response(400, {"title": "Invalid resourceParameter", "detail": "PageNumber/PageSize"})
        chunk = items[(page - 1) * size: page * size]
        return Response(200, chunk) if chunk else Response(204)

    def _transactions(self, req: Request, c: PoClient) -> Response:
        try:
            a = dt.date.fromisoformat(req.query["fromDate"])
            b = dt.date.fromisoformat(req.query["toDate"])
        except (KeyError, ValueError):
            return Response(400, {"title": "Bad Request", "detail": "fromDate and toDate are required"})
        types = set((req.query.get("voucherTypes") or "").split(",")) - {""}
        items = [t for t in c.transactions if self.searchable(t) and a <= dt.date.fromisoformat(t["PostingDate"]) <= b
                 and (not types or t["VoucherType"] in types)]
        return self._page(req, items)

    def _post_voucher(self, req: Request, c: PoClient) -> Response:
        def bad(detail: str, title: str = "Validation failed", status: int = 400) -> Response:
            return Response(status, {"title": title, "status": status, "detail": detail})

        try:
            body = req.json()
        except ValueError:
            return bad("The request body is not valid JSON.", "Bad Request")
        errors = self.schema.errors("post_manual_voucher", body)
        if errors:
            self.schema_errors.append(errors)
            return bad("; ".join(errors), "One or more validation errors occurred.")
        if not body.get("VoucherDate") or not body.get("CurrencyCode"):
            return bad("VoucherDate and CurrencyCode are required.")
        lines = body.get("VoucherLines") or []
        if not lines:
            return bad("A voucher must have lines.")
        acc_by_id = {a["Id"]: a for a in c.accounts}
        vat_by_id = {v["Id"]: v for v in c.vat_codes}
        dep_by_id = {d["Id"]: d for d in c.departments}
        per_date: dict[str, Decimal] = {}
        for i, ln in enumerate(lines):
            amount = Decimal(str(ln["CurrencyAmount"]))
            if amount == 0:
                return bad(f"VoucherLines[{i}]: The amount must be a positive or negative number not 0.")
            if amount != amount.quantize(Decimal("0.01")):
                return bad(f"VoucherLines[{i}]: CurrencyAmount has more than two decimals.")
            acc = acc_by_id.get(ln.get("AccountId"))
            if acc is None:
                return bad(f"General ledger account with id = {ln.get('AccountId')} not found.", "Object(s) not found")
            if not acc["IsActive"]:
                return bad(f"Account {acc['AccountNo']} is inactive.")
            vat = vat_by_id.get(ln.get("VatId"))
            if vat is None:
                return bad(f"Vat code with id = {ln.get('VatId')} not found.", "Object(s) not found")
            if acc["IsVatCodeLocked"] and vat["Code"] != acc["VatCode"]:
                return bad(f"Account {acc['AccountNo']} is locked to VAT code {acc['VatCode']}.")
            dep_id = ln.get("DepartmentId")
            if dep_id is not None and dep_id not in dep_by_id:
                return bad(f"Department with id = {dep_id} not found.", "Object(s) not found")
            if dep_id is not None and not dep_by_id[dep_id]["IsActive"]:
                return bad(f"Department {dep_by_id[dep_id]['Code']} is inactive.")
            if acc["IsDepartmentRequired"] and dep_id is None:
                return bad(f"Account {acc['AccountNo']} requires a department.")
            posting = dt.date.fromisoformat(ln["PostingDate"])
            if c.lock_date is not None and posting <= c.lock_date:
                return bad(f"It's not possible to create accounting entries on {posting} (lock date {c.lock_date}).",
                           "Locked period")
            per_date[ln["PostingDate"]] = per_date.get(ln["PostingDate"], Decimal(0)) + amount
        for date, total in per_date.items():
            if total != 0:
                return bad(f"The voucher is not balanced for {date}: the sum is {total}.")
        ref = body.get("ExternalImportReference")
        with self.lock:
            if ref and any(v.get("ExternalImportReference") == ref and not v["IsReversed"] for v in c.vouchers.values()):
                return bad(f"A voucher with ExternalImportReference '{ref}' already exists.", "Object conflict", 409)
            vid = str(uuid.uuid4())
            no = c.next_voucher_no
            c.next_voucher_no += 1
            stored = {**body, "Id": vid, "VoucherNo": no, "IsReversed": False,
                      "CreatedDateTimeOffset": dt.datetime.now(dt.timezone.utc).isoformat(),
                      "VoucherLines": [{**ln, "Id": str(uuid.uuid4())} for ln in lines]}
            c.vouchers[vid] = self.stamp(stored)
            for ln in lines:
                self._book(c, stored, ln, acc_by_id[ln["AccountId"]], vat_by_id[ln["VatId"]], dep_by_id.get(ln.get("DepartmentId")))
        return Response(201, stored)

    def _book(self, c: PoClient, v: dict, ln: dict, acc: dict, vat: dict, dep: dict | None) -> None:
        gross = Decimal(str(ln["CurrencyAmount"]))
        rate = Decimal(str(vat["Rate"]))
        vat_amount = (gross * rate / (1 + rate)).quantize(Decimal("0.01"), ROUND_HALF_UP) if rate else Decimal(0)
        base = {"VoucherId": v["Id"], "VoucherNo": v["VoucherNo"], "VoucherType": "ManualJournal",
                "VoucherDate": v["VoucherDate"], "PostingDate": ln["PostingDate"], "Description": ln.get("Description"),
                "VoucherDescription": v.get("Description"), "ExternalImportReference": v.get("ExternalImportReference"),
                "DepartmentId": dep["Id"] if dep else None, "DepartmentCode": dep["Code"] if dep else None,
                "CurrencyCode": "NOK", "IsReversed": False, "_lw_commit": v["_lw_commit"], "_lw_seen": v["_lw_seen"]}
        c.transactions.append({**base, "Id": len(c.transactions) + 1, "AccountId": acc["Id"], "AccountNo": acc["AccountNo"],
                               "Amount": float(gross - vat_amount), "CurrencyAmount": float(gross - vat_amount),
                               "VatId": vat["Id"], "VatCode": vat["Code"], "VatRate": float(rate),
                               "VatAmount": float(vat_amount)})
        if vat_amount:
            out_no = next(x[4] for x in VAT_CODES if x[0] == vat["Id"])
            out = next(a for a in c.accounts if a["AccountNo"] == out_no)
            c.transactions.append({**base, "Id": len(c.transactions) + 1, "AccountId": out["Id"], "AccountNo": out_no,
                                   "Amount": float(vat_amount), "CurrencyAmount": float(vat_amount), "VatId": 1,
                                   "VatCode": "0", "VatRate": 0.0, "VatAmount": 0.0})

    def _reverse(self, c: PoClient, vid: str) -> Response:
        with self.lock:
            v = c.vouchers.get(vid)
            if v is None:
                return Response(404, {"title": "Object(s) not found"})
            v["IsReversed"] = True
            for t in c.transactions:
                if t["VoucherId"] == vid:
                    t["IsReversed"] = True
        return Response(202)

    def _document(self, req: Request, c: PoClient) -> Response:
        vid = req.query.get("id")
        if vid not in c.vouchers:
            return Response(404, {"title": "Object(s) not found"})
        ctype = req.headers.get("content-type", "")
        if not ctype.startswith("multipart/form-data") or b"%PDF" not in req.body:
            return Response(400, {"title": "Bad Request", "detail": "A PDF file is required."})
        c.documents[vid] = req.body
        return Response(204)

    def ledger_lines(self, client_key: str, ref: str) -> list[dict]:
        """The ledger's own booking of a voucher, VAT split out: what an accountant sees (for tests)."""
        c = self.clients[client_key]
        return [t for t in c.transactions if t["ExternalImportReference"] == ref and not t["IsReversed"]]
