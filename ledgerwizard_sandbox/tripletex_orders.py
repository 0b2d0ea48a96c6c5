"""The Tripletex emulator's customers, products and orders (issue 15), strict per Tripletex's OpenAPI: ``POST
/customer``, ``/product`` and ``/order`` validated against Tripletex's own schemas, then its rules in its 422
envelope: an unknown or inactive customer, an unknown or inactive product, a VAT type that cannot be used on a sale
(a bad VAT code), an unknown department, no order or delivery date, a line without a count or a price are refused;
product numbers are unique. Tripletex does not make an order's ``reference`` unique, and neither does this
emulator (``refuse_duplicate_refs`` models one that answers 409). Amounts as Tripletex computes them: with
``isPrioritizeAmountsIncludingVat`` the line incl. VAT is count × unit price incl. VAT and the net is derived from
it, else the other way round, rounded per line. ``GET /order`` needs ``orderDateFrom`` and ``orderDateTo`` (to,
excluding) and sees an order only when it is committed and searchable (late commits, lookup lag).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from .server import Request, Response

SALES_VAT_NUMBERS = {"0", "3", "31", "33", "5", "52", "6"}
DEMO_CUSTOMERS = [("Byggmester Hansen AS", "912345678", True), ("Grünerløkka Frisør", "", True),
                  ("Kontorservice Oslo AS", "987654321", True), ("Gammel Kunde AS", "976543210", False)]


def _q2(d: Decimal) -> Decimal:
    return d.quantize(Decimal("0.01"), ROUND_HALF_UP)


class TripletexOrdersEmulator:
    """Mixed into ``TripletexEmulator``: ``_orders_api`` answers the order paths (None: not one of them)."""

    def seed_customers(self, c, customers=DEMO_CUSTOMERS) -> None:
        for name, org, active in customers:
            self.add_customer(c, name=name, org_no=org, active=active)

    def add_customer(self, c, *, name: str, org_no: str = "", active: bool = True, **extra) -> dict:
        with self.lock:
            no = 10000 + len(c.customers) + 1
            cust = {"id": 3300000 + no, "version": 1, "customerNumber": no, "name": name,
                    "organizationNumber": org_no or None, "isCustomer": True, "isInactive": not active, **extra}
            c.customers.append(cust)
        return cust

    def orders_of(self, employee_token: str) -> list[dict]:
        return list(self.companies[employee_token].orders.values())

    def _orders_api(self, req: Request, c, path: str) -> Response | None:
        from .tripletex import _err

        m = req.method
        if path in ("/customer", "/product", "/order") and path.strip("/") not in c.entitlements:
            return _err(403, 9000, "Du har ikke tilgang til denne funksjonen.")
        if path == "/customer" and m == "GET":
            org = req.query.get("organizationNumber")
            return self._list(req, [x for x in c.customers if not org or x.get("organizationNumber") == org])
        if path == "/customer" and m == "POST":
            return self._post_customer(req, c)
        if path == "/product" and m == "GET":
            wanted = {x.strip() for x in (req.query.get("productNumber") or "").split(",") if x.strip()}
            return self._list(req, [p for p in c.products if not wanted or p.get("number") in wanted])
        if path == "/product" and m == "POST":
            return self._post_product(req, c)
        if path == "/order" and m == "POST":
            return self._post_order(req, c)
        if path == "/order" and m == "GET":
            try:
                a = dt.date.fromisoformat(req.query["orderDateFrom"])
                b = dt.date.fromisoformat(req.query["orderDateTo"])
            except (KeyError, ValueError):
                return _err(422, 15000, "Validering feilet.", [("orderDateFrom", "Kan ikke være null."),
                                                               ("orderDateTo", "Kan ikke være null.")])
            cust = req.query.get("customerId")
            return self._list(req, [o for o in c.orders.values() if self.searchable(o)
                                    and a <= dt.date.fromisoformat(o["orderDate"]) < b
                                    and (not cust or str(o["customer"]["id"]) in cust.split(","))])
        if path.startswith("/order/") and m == "GET" and path.rsplit("/", 1)[1].isdigit():
            o = c.orders.get(int(path.rsplit("/", 1)[1]))
            return Response(200, {"value": o}) if o and self.committed(o) else _err(404, 6000, "Objektet finnes ikke.")
        return None

    def _valid(self, req: Request, operation: str):
        from .tripletex import _err

        try:
            body = req.json()
        except ValueError:
            return None, _err(422, 22000, "Ugyldig JSON.")
        errors = self.schema.errors(operation, body)
        if errors:
            self.schema_errors.append(errors)
            return None, _err(422, 16000, "Mapping feilet.", [(e.split(":")[0], e) for e in errors])
        return body, None

    def _post_customer(self, req: Request, c) -> Response:
        from .tripletex import _err

        body, bad = self._valid(req, "post_customer")
        if bad:
            return bad
        if not (body.get("name") or "").strip():
            return _err(422, 18000, "Validering feilet.", [("name", "Kan ikke være null.")])
        org = body.get("organizationNumber")
        if org and not re.fullmatch(r"\d{9}", org):
            return _err(422, 18000, "Validering feilet.", [("organizationNumber", "Ugyldig organisasjonsnummer.")])
        extra = {k: v for k, v in body.items() if k not in ("name", "organizationNumber", "id", "version")}
        cust = self.add_customer(c, name=body["name"], org_no=org or "", **extra)
        return Response(201, {"value": cust})

    def _post_product(self, req: Request, c) -> Response:
        from .tripletex import _err

        body, bad = self._valid(req, "post_product")
        if bad:
            return bad
        if not (body.get("name") or "").strip():
            return _err(422, 18000, "Validering feilet.", [("name", "Kan ikke være null.")])
        acc_id = (body.get("account") or {}).get("id")
        acc = next((a for a in c.accounts if a["id"] == acc_id), None)
        if acc_id is not None and (acc is None or acc["isInactive"]):
            return _err(422, 18000, "Validering feilet.", [("account", "Kontoen finnes ikke eller er inaktiv.")])
        with self.lock:
            if body.get("number") and any(p.get("number") == body["number"] for p in c.products):
                return _err(422, 18000, "Validering feilet.", [("number", "Produktnummeret er i bruk.")])
            prod = {**body, "id": 440000 + len(c.products) + 1, "version": 1, "isInactive": bool(body.get("isInactive"))}
            c.products.append(prod)
        return Response(201, {"value": prod})

    def _post_order(self, req: Request, c) -> Response:
        from .tripletex import _err

        def invalid(field: str, message: str) -> Response:
            return _err(422, 18000, "Validering feilet.", [(field, message)])

        body, bad = self._valid(req, "post_order")
        if bad:
            return bad
        cust = next((x for x in c.customers if x["id"] == (body.get("customer") or {}).get("id")), None)
        if cust is None:
            return invalid("customer", "Kunden finnes ikke.")
        if cust.get("isInactive"):
            return invalid("customer", f"Kunden {cust['customerNumber']} {cust['name']} er inaktiv.")
        for key in ("orderDate", "deliveryDate"):
            if not body.get(key):
                return invalid(key, "Kan ikke være null.")
        deps = {d["id"]: d for d in c.departments}
        dep = body.get("department")
        if dep is not None and (dep.get("id") not in deps or deps[dep["id"]]["isInactive"]):
            return invalid("department", "Avdelingen finnes ikke.")
        products = {p["id"]: p for p in c.products}
        vats = {v["id"]: v for v in c.vat_types}
        incl = bool(body.get("isPrioritizeAmountsIncludingVat"))
        lines, total_ex, total_in = [], Decimal(0), Decimal(0)
        for i, ln in enumerate(body.get("orderLines") or []):
            f = f"orderLines[{i}]"
            prod = None
            if ln.get("product") is not None:
                prod = products.get(ln["product"].get("id"))
                if prod is None or prod["isInactive"]:
                    return invalid(f"{f}.product", "Produktet finnes ikke eller er inaktivt.")
            vat = vats.get((ln.get("vatType") or (prod or {}).get("vatType") or {"id": 0}).get("id"))
            if vat is None or vat["number"] not in SALES_VAT_NUMBERS:
                return invalid(f"{f}.vatType", "Ugyldig mva-kode for salg.")
            if ln.get("count") is None:
                return invalid(f"{f}.count", "Kan ikke være null.")
            count = Decimal(str(ln["count"]))
            rate = Decimal(str(vat["percentage"])) / 100
            if incl and ln.get("unitPriceIncludingVatCurrency") is not None:
                amount_in = _q2(count * Decimal(str(ln["unitPriceIncludingVatCurrency"])))
                amount_ex = _q2(amount_in / (1 + rate))
            elif ln.get("unitPriceExcludingVatCurrency") is not None:
                amount_ex = _q2(count * Decimal(str(ln["unitPriceExcludingVatCurrency"])))
                amount_in = amount_ex + _q2(amount_ex * rate)
            elif ln.get("unitPriceIncludingVatCurrency") is not None:
                amount_in = _q2(count * Decimal(str(ln["unitPriceIncludingVatCurrency"])))
                amount_ex = _q2(amount_in / (1 + rate))
            else:
                return invalid(f"{f}.unitPriceExcludingVatCurrency", "Enhetspris mangler.")
            lines.append({**ln, "id": 880000 + sum(len(o["orderLines"]) for o in c.orders.values()) + i + 1,
                          "vatType": {"id": vat["id"]}, "amountExcludingVatCurrency": float(amount_ex),
                          "amountIncludingVatCurrency": float(amount_in),
                          "account": (prod or {}).get("account")})
            total_ex += amount_ex
            total_in += amount_in
        with self.lock:
            ref = body.get("reference")
            if self.refuse_duplicate_refs and ref and any(o.get("reference") == ref for o in c.orders.values()):
                return _err(409, 7000, "Objektet finnes allerede (referansen er i bruk).")
            oid = 770000 + sum(len(x.orders) for x in self.companies.values()) + 1
            order = {**{k: v for k, v in body.items() if k != "orderLines"}, "id": oid, "version": 1,
                     "number": str(c.next_order_no), "customer": {"id": cust["id"]}, "isClosed": False,
                     "orderLines": lines, "amountExcludingVatCurrency": float(total_ex),
                     "amountIncludingVatCurrency": float(total_in)}
            c.next_order_no += 1
            c.orders[oid] = self.stamp(order)
        return Response(201, {"value": order})


__all__ = ["TripletexOrdersEmulator", "SALES_VAT_NUMBERS", "DEMO_CUSTOMERS"]
