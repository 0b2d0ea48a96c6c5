"""The PowerOffice GO emulator's customers, products and sales orders (issue 15), as strict as the real service per
its OpenAPI: ``POST /Customers``, ``/Products`` and ``/SalesOrders/Complete`` validated against PowerOffice's own
schemas, then its rules: an unknown or archived customer, an unknown or archived product, a product whose sales
account has a VAT code that cannot be used on a sale (a bad VAT code), an unknown or inactive department, a line
without a quantity are refused; the ``ExternalImportReference`` is unique per object type (409); product codes
are unique. Amounts are computed the way PowerOffice does: net per line = quantity × unit price (excl. VAT), VAT
from the sales account's VAT code, rounded per line. An order is stored (and committed, searchable) like a voucher,
so the faults, late commits and lookup lag apply; ``GET /SalesOrders`` lists orders not invoiced yet, and once the
office invoices one (``invoice``) it is only found in ``GET /OutgoingInvoices`` (same id and reference).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import ROUND_HALF_UP, Decimal

from .server import Request, Response

# VAT codes a sale may carry (output VAT, exempt, outside the VAT act, no VAT treatment)
SALES_VAT_CODES = {"0", "3", "31", "33", "5", "52", "6"}

# the demo company's customers: one with the demo customers' org.nr, one with a demo customer's name only, others
DEMO_CUSTOMERS = [("Byggmester Hansen AS", "912345678", True), ("Grünerløkka Frisør", "", True),
                  ("Kontorservice Oslo AS", "987654321", True), ("Gammel Kunde AS", "976543210", False)]


def _q2(d: Decimal) -> Decimal:
    return d.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _bad(detail: str, title: str = "Validation failed", status: int = 400) -> Response:
    return Response(status, {"title": title, "status": status, "detail": detail})


class PowerOfficeOrdersEmulator:
    """Mixed into ``PowerOfficeEmulator``: ``_orders_api`` answers the order paths (None: not one of them)."""

    def seed_customers(self, c, customers=DEMO_CUSTOMERS) -> None:
        for name, org, active in customers:
            self.add_customer(c, name=name, org_no=org, active=active)

    def add_customer(self, c, *, name: str, org_no: str = "", active: bool = True, **extra) -> dict:
        with self.lock:
            no = 10000 + len(c.customers) + 1
            cust = {"Id": 7700000 + no, "Number": no, "Name": name, "OrganizationNumber": org_no or None,
                    "IsPerson": False, "IsActive": active, "IsArchived": not active, "EmailAddress": None,
                    "ExternalImportReference": None, "MailAddress": None, **extra}
            c.customers.append(cust)
        return cust

    def invoice(self, client_key: str, order_id: str, date: dt.date | None = None) -> dict:
        """The office invoices an order: it leaves ``/SalesOrders`` and is an outgoing invoice (same id)."""
        c = self.clients[client_key]
        with self.lock:
            o = c.sales_orders.pop(order_id)
            inv = {**o, "InvoiceNo": 50000 + len(c.invoices) + 1, "OrderNo": o["SalesOrderNo"],
                   "VoucherNo": c.next_voucher_no, "InvoiceDate": (date or dt.date.fromisoformat(o["SalesOrderDate"])).isoformat()}
            c.next_voucher_no += 1
            # sent from Go by a person: PowerOffice counts the invoice as that user's, not the integration's
            inv["_lw_by_user"] = True
            c.invoices[order_id] = inv
        return inv

    def orders_of(self, client_key: str) -> list[dict]:
        """Every order the client has, open or invoiced (the ledger's truth, for tests)."""
        c = self.clients[client_key]
        return list(c.sales_orders.values()) + list(c.invoices.values())

    # -- the API --------------------------------------------------------------------------------------------------
    def _orders_api(self, req: Request, c, path: str) -> Response | None:
        m = req.method
        if path == "/Customers" and m == "GET":
            return self._need(c, "Customer") or self._page(req, self._customers(req, c))
        if path == "/Customers" and m == "POST":
            return self._need(c, "Customer_Full") or self._post_customer(req, c)
        if path == "/Products" and m == "GET":
            codes = {x.strip() for x in (req.query.get("codes") or "").split(",") if x.strip()}
            return self._need(c, "Product") or self._page(req, [p for p in c.products if not codes or p["Code"] in codes])
        if path == "/Products" and m == "POST":
            return self._need(c, "Product_Full") or self._post_product(req, c)
        if path == "/SalesOrders/Complete" and m == "POST":
            return self._need(c, "SalesOrders_Full") or self._post_order(req, c)
        if path in ("/SalesOrders", "/OutgoingInvoices") and m == "GET":
            bad = self._query_problem(req)
            if bad is not None:
                return bad
        if path == "/SalesOrders" and m == "GET":
            return self._need(c, "SalesOrders") or self._page(req, self._listed(req, c, c.sales_orders.values()))
        if path == "/OutgoingInvoices" and m == "GET":
            items = self._listed(req, c, c.invoices.values())
            since = req.query.get("fromDate")
            if since:
                items = [i for i in items if i["InvoiceDate"] >= since[:10]]
            return self._need(c, "OutgoingInvoice") or self._page(req, items)
        return None

    def _customers(self, req: Request, c) -> list[dict]:
        nos = req.query.get("customerNos")
        ref = req.query.get("externalImportReference")
        out = c.customers
        if nos:
            out = [x for x in out if str(x["Number"]) in {n.strip() for n in nos.split(",")}]
        if ref:
            out = [x for x in out if x.get("ExternalImportReference") == ref]
        return out

    @staticmethod
    def _query_problem(req: Request) -> Response | None:
        """A filter PowerOffice cannot bind is a 400 (as ASP.NET answers it), never silently ignored: a boolean
        that is not true/false, a date-time without its offset (the OpenAPI's ``format: date-time``), a bad date."""
        for name in ("onlyCreatedByCurrentIntegration", "includeSubProject", "onlyUnpaidInvoices"):
            value = req.query.get(name)
            if value is not None and value.lower() not in ("true", "false"):
                return _bad(f"The value '{value}' is not valid for {name}.", "One or more validation errors occurred.")
        since = req.query.get("lastChangedDateTimeOffsetGreaterThan")
        if since is not None:
            try:
                t = dt.datetime.fromisoformat(since.replace("Z", "+00:00"))
            except ValueError:
                t = None
            if t is None or t.tzinfo is None or "T" not in since:
                return _bad(f"The value '{since}' is not valid for lastChangedDateTimeOffsetGreaterThan.",
                            "One or more validation errors occurred.")
        day = req.query.get("fromDate")
        if day is not None:
            try:
                dt.date.fromisoformat(day)
            except ValueError:
                return _bad(f"The value '{day}' is not valid for fromDate.", "One or more validation errors occurred.")
        return None

    def _listed(self, req: Request, c, items) -> list[dict]:
        out = [{k: v for k, v in o.items() if k != "SalesOrderLines"} for o in items if self.searchable(o)]
        # as PowerOffice does: whether this integration (the application key behind the token) made it, and with
        # the flag only those; an order made with another add-on key, or in Go itself, is not listed then
        auth = req.headers.get("authorization", "")
        app = self.token_apps.get(auth[7:]) if auth.startswith("Bearer ") else None
        for o in out:
            o["IsCreatedByCurrentIntegration"] = (app is not None and c.posted_with.get(str(o["Id"])) == app
                                                  and not o.pop("_lw_by_user", False))
        if (req.query.get("onlyCreatedByCurrentIntegration") or "").lower() == "true":
            out = [o for o in out if o["IsCreatedByCurrentIntegration"]]
        since = req.query.get("lastChangedDateTimeOffsetGreaterThan")
        if since:  # not inclusive; a record without the time (made by the test's helpers) counts as changed now
            t = dt.datetime.fromisoformat(since.replace("Z", "+00:00"))
            now = dt.datetime.fromtimestamp(self.clock(), dt.timezone.utc).isoformat()
            out = [o for o in out if dt.datetime.fromisoformat(o.get("LastChangedDateTimeOffset") or now) > t]
        nos = req.query.get("customerNos")
        if nos:
            wanted = {n.strip() for n in nos.split(",")}
            out = [o for o in out if str(o.get("CustomerNo")) in wanted]
        return out

    def _body(self, req: Request, operation: str) -> tuple[dict | None, Response | None]:
        try:
            body = req.json()
        except ValueError:
            return None, _bad("The request body is not valid JSON.", "Bad Request")
        errors = self.schema.errors(operation, body)
        if errors:
            self.schema_errors.append(errors)
            return None, _bad("; ".join(errors), "One or more validation errors occurred.")
        return body, None

    def _post_customer(self, req: Request, c) -> Response:
        body, bad = self._body(req, "post_customer")
        if bad:
            return bad
        if body.get("IsPerson") and not (body.get("FirstName") and body.get("LastName")):
            return _bad("FirstName and LastName are required for a person.")
        if not body.get("IsPerson") and not (body.get("Name") or "").strip():
            return _bad("Name is required for a company.")
        org = body.get("OrganizationNumber")
        if org and not re.fullmatch(r"\d{9}", org):
            return _bad(f"OrganizationNumber '{org}' is not a valid organization number.")
        with self.lock:
            if body.get("Number") is not None and any(x["Number"] == body["Number"] for x in c.customers):
                return _bad(f"A customer with number {body['Number']} already exists.", "Object conflict", 409)
            cust = self.add_customer(c, name=body.get("Name") or f"{body.get('FirstName')} {body.get('LastName')}",
                                     org_no=org or "", **{k: v for k, v in body.items() if k not in ("Name",
                                                                                                  "OrganizationNumber")})
            if body.get("Number") is not None:
                cust["Number"] = body["Number"]
        return Response(201, cust)

    def _post_product(self, req: Request, c) -> Response:
        body, bad = self._body(req, "post_product")
        if bad:
            return bad
        if not (body.get("Name") or "").strip():
            return _bad("Name is required.")
        acc = next((a for a in c.accounts if a["Id"] == body.get("StandardSalesAccountId")), None)
        if body.get("StandardSalesAccountId") is not None and acc is None:
            return _bad(f"General ledger account with id = {body['StandardSalesAccountId']} not found.",
                        "Object(s) not found")
        if acc is not None and (acc["GeneralLedgerAccountType"] != "Income" or not acc["IsActive"]):
            return _bad(f"Account {acc['AccountNo']} cannot be a sales account (not an active income account).")
        with self.lock:
            if body.get("Code") and any(p["Code"] == body["Code"] for p in c.products):
                return _bad(f"A product with code '{body['Code']}' already exists.", "Object conflict", 409)
            prod = {**body, "Id": 660000 + len(c.products) + 1, "IsArchived": bool(body.get("IsArchived")),
                    "StandardSalesAccount": acc["AccountNo"] if acc else None,
                    "StandardSalesAccountId": acc["Id"] if acc else None}
            c.products.append(self.stamp(prod))
        return Response(200, prod)

    def _post_order(self, req: Request, c) -> Response:
        body, bad = self._body(req, "post_sales_order")
        if bad:
            return bad
        cust = next((x for x in c.customers if body.get("CustomerId") is not None and x["Id"] == body["CustomerId"]),
                    None) or next((x for x in c.customers if body.get("CustomerId") is None
                                   and x["Number"] == body.get("CustomerNo")), None)
        if cust is None:
            return _bad(f"Customer with id = {body.get('CustomerId') or body.get('CustomerNo')} not found.",
                        "Object(s) not found")
        if cust["IsArchived"] or not cust["IsActive"]:
            return _bad(f"Customer {cust['Number']} {cust['Name']} is archived and cannot be used on a sales order.")
        deps = {d["Id"]: d for d in c.departments}
        for where, dep_id in [("DepartmentId", body.get("DepartmentId"))] + [
                (f"SalesOrderLines[{i}].DepartmentId", ln.get("DepartmentId"))
                for i, ln in enumerate(body.get("SalesOrderLines") or [])]:
            if dep_id is not None and (dep_id not in deps or not deps[dep_id]["IsActive"]):
                return _bad(f"{where}: department with id = {dep_id} not found or inactive.", "Object(s) not found")
        products = {p["Id"]: p for p in c.products}
        by_code = {p["Code"]: p for p in c.products if p.get("Code")}
        accounts = {a["Id"]: a for a in c.accounts}
        vats = {v["Code"]: v for v in c.vat_codes}
        lines, net_total, vat_total = [], Decimal(0), Decimal(0)
        for i, ln in enumerate(body.get("SalesOrderLines") or []):
            kind = ln.get("LineType") or "Normal"
            stored = {**ln, "Id": str(uuid.uuid4()), "LineType": kind}
            if kind == "Normal" and (ln.get("ProductId") is not None or ln.get("ProductCode")):
                prod = products.get(ln.get("ProductId")) if ln.get("ProductId") is not None else by_code.get(ln.get("ProductCode"))
                if prod is None:
                    return _bad(f"SalesOrderLines[{i}]: product {ln.get('ProductId') or ln.get('ProductCode')} not found.",
                                "Object(s) not found")
                if prod["IsArchived"]:
                    return _bad(f"SalesOrderLines[{i}]: product {prod['Code']} is archived.")
                if ln.get("Quantity") is None:
                    return _bad(f"SalesOrderLines[{i}]: Quantity is required on a line with a product.")
                acc = accounts.get(prod.get("StandardSalesAccountId"))
                vat = vats.get(acc["VatCode"]) if acc else None
                if acc is None or vat is None or not vat["IsActive"] or vat["Code"] not in SALES_VAT_CODES:
                    return _bad(f"SalesOrderLines[{i}]: the VAT code {acc['VatCode'] if acc else '?'} of the sales "
                                f"account of product {prod['Code']} cannot be used on a sale.")
                qty = Decimal(str(ln["Quantity"]))
                price = Decimal(str(ln.get("ProductUnitPrice") if ln.get("ProductUnitPrice") is not None
                                    else prod.get("UnitPrice") or 0))
                net = _q2(qty * price)
                rate = Decimal(str(vat["Rate"]))
                vat_amount = _q2(net * rate)
                stored.update(ProductCode=prod["Code"], ProductId=prod["Id"], NetAmount=float(net),
                              VatAmount=float(vat_amount), TotalAmount=float(net + vat_amount), VatCode=vat["Code"],
                              VatId=vat["Id"], VatRate=float(rate), SalesAccount=acc["AccountNo"])
                net_total += net
                vat_total += vat_amount
            lines.append(stored)
        with self.lock:
            ref = body.get("ExternalImportReference")
            if ref and any(o.get("ExternalImportReference") == ref
                           for o in list(c.sales_orders.values()) + list(c.invoices.values())):
                return _bad(f"A sales order with ExternalImportReference '{ref}' already exists.", "Object conflict", 409)
            oid = str(uuid.uuid4())
            no = c.next_order_no
            c.next_order_no += 1
            order = {**{k: v for k, v in body.items() if k != "SalesOrderLines"}, "Id": oid, "SalesOrderNo": no,
                     "CustomerId": cust["Id"], "CustomerNo": cust["Number"],
                     "SalesOrderStatus": body.get("SalesOrderStatus") or "Draft",
                     "NetAmount": float(net_total), "TotalAmount": float(net_total + vat_total),
                     "LineCount": len(lines), "SalesOrderLines": lines}
            c.sales_orders[oid] = self.stamp(order)
            # the ledger's own time of the change: the commit (a late commit lands later than the request)
            at = dt.datetime.fromtimestamp(order["_lw_commit"], dt.timezone.utc).isoformat()
            order["CreatedDateTimeOffset"] = order["LastChangedDateTimeOffset"] = at
        return Response(201, order)


__all__ = ["PowerOfficeOrdersEmulator", "SALES_VAT_CODES", "DEMO_CUSTOMERS"]
