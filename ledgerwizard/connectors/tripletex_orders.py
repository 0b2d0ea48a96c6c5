"""Tripletex v2: credit sales as orders the office invoices, the customers they are for, and the products that carry
their revenue accounts (issue 15). Mixed into ``TripletexConnector``.

From Tripletex's own OpenAPI 2.74.00 (``../shared/reference/vendor-openapi/tripletex-v2.openapi.json``):

* ``POST /order`` (schema ``Order``) with its ``orderLines`` embedded ("New OrderLines may be embedded here"):
  ``customer``, ``orderDate``, ``deliveryDate``, ``reference``, ``department``; a line has ``product``,
  ``description``, ``count``, a unit price and ``vatType`` (resolved by its ``number``, the SAF-T code, like the
  vouchers). ``isPrioritizeAmountsIncludingVat`` with ``unitPriceIncludingVatCurrency``: the order's total is the
  receipt's total incl. VAT, to the øre ("If only unit price Excl. VAT or unit price Inc. VAT is supplied, we will
  calculate and update the missing field"). A returned line has a negative ``count``.
* A line takes no account: the revenue account comes from the line's ``product`` (``Product.account``), so each
  revenue account the orders use gets a product (number ``LW<account>``), made once, when the first order needs it.
* Tripletex does not enforce a unique ``reference`` (nothing in the schema says it does): exactly-once relies on
  the journal and a look-up before every POST (``GET /order`` by the receipt's date, matched on the reference), as
  for the vouchers.
* ``GET /customer``, ``POST /customer`` (schema ``Customer``), ``GET /product?productNumber=``, ``POST /product``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..core.mapping import Account
from ..core.transfer import Posted
from .base import Chart, LedgerCustomer, ledger_error
from .http import problem_text
from .poweroffice_orders import _float

if TYPE_CHECKING:
    from ..core.orders import SalesOrder
    from ..core.saft.model import Customer
    from .base import Connector as _Host  # what the mixin is mixed into (for the type checker)
else:
    _Host = object


def product_number(account: str) -> str:
    return f"LW{account}"


def _org(text: str | None) -> str:
    digits = re.sub(r"\D", "", text or "")
    return digits if len(digits) == 9 else ""


class TripletexOrders(_Host):
    unique_order_reference = False  # the order's reference is not enforced unique: looked up before every POST

    if TYPE_CHECKING:
        def _values(self, path: str, **params) -> list[dict]: ...  # TripletexConnector's

    def _customers(self) -> list[LedgerCustomer]:
        return [LedgerCustomer(str(c["id"]), str(c.get("customerNumber") or ""), c.get("name") or "",
                               _org(c.get("organizationNumber")), not c.get("isInactive", False))
                for c in self._values("/customer")]

    def customer_body(self, customer: Customer) -> dict:
        """The ``Customer`` for ``POST /customer`` from a POS customer (public for the contract tests)."""
        body: dict = {"name": customer.name or customer.customer_id, "isPrivateIndividual": not customer.org_nr}
        if customer.org_nr:
            body["organizationNumber"] = customer.org_nr
        if customer.email:
            body["email"] = body["invoiceEmail"] = customer.email
        if customer.phone:
            body["phoneNumber"] = customer.phone
        addr = customer.postal_address or customer.street_address
        if addr is not None and (addr.street or addr.postal_code or addr.city):
            body["postalAddress"] = {"addressLine1": addr.street, "postalCode": addr.postal_code, "city": addr.city}
        return body

    def _create_customer(self, customer: Customer) -> LedgerCustomer:
        r = self._call("POST", "/customer", json=self.customer_body(customer), idempotent=False)
        if r.status_code not in (200, 201):
            raise ledger_error("rejected", "rejected", [problem_text(r)], system=self.display_name)
        c = r.json()["value"]
        return LedgerCustomer(str(c["id"]), str(c.get("customerNumber") or ""), c.get("name") or customer.name,
                              _org(c.get("organizationNumber")), not c.get("isInactive", False))

    def _products_found(self, accounts: list[str], chart: Chart) -> list[tuple[str, int, str | None]]:
        found = []
        for p in self._values("/product", productNumber=",".join(product_number(a) for a in accounts)):
            acc = next((a for a in accounts if product_number(a) == p.get("number")), None)
            if acc is None:
                continue
            account = chart.account(acc)
            # a product without an account would book the sale to Tripletex's default sales account: refused too
            bad = p.get("isInactive") or account is None or (p.get("account") or {}).get("id") != int(account.id)
            found.append((acc, int(p["id"]), (
                f"Produktet {product_number(acc)} i Tripletex er inaktivt eller fører ikke til konto {acc}: rett "
                f"produktet / product {product_number(acc)} is inactive or does not post to account {acc}")
                if bad else None))
        return found

    def _make_product(self, account: str, ledger_account: Account) -> int:
        r = self._call("POST", "/product", idempotent=False, json={
            "name": f"Kassesalg {account} {ledger_account.name}".strip()[:100],
            "number": product_number(account), "account": {"id": int(ledger_account.id)},
            "description": "ledgerwizard: salg fra kassen på konto / POS sales to account " + account})
        if r.status_code not in (200, 201):
            raise ledger_error("rejected", "rejected", [problem_text(r)], system=self.display_name)
        return int(r.json()["value"]["id"])

    def order_body(self, order: SalesOrder, chart: Chart) -> dict:
        """The ``Order`` for ``POST /order`` (public for the contract tests)."""
        products: dict[str, int] = self.__dict__.get("_products", {})
        lines = []
        for ln in order.lines:
            vat = chart.vat(ln.vat_code)
            if vat is None:  # (the pre-check refused it already)
                raise ValueError(f"VAT code {ln.vat_code} is not in the chart")
            lines.append({"product": {"id": products[ln.account]}, "description": ln.text, "count": _float(ln.quantity),
                          "unitPriceIncludingVatCurrency": _float(ln.unit_price_in), "vatType": {"id": int(vat.id)}})
        body: dict = {"customer": {"id": int(order.customer.ledger_id)}, "orderDate": order.date.isoformat(),
                      "deliveryDate": order.date.isoformat(), "reference": order.external_ref,
                      "invoiceComment": f"{order.external_ref}, {order.store_name}",
                      "isPrioritizeAmountsIncludingVat": True, "orderLines": lines}
        dep = chart.department(order.department) if order.department else None
        if dep is not None:
            body["department"] = {"id": int(dep.id)}
        return body

    def _submit_order(self, order: SalesOrder, chart: Chart, on_send) -> Posted:
        r = self._call("POST", "/order", json=self.order_body(order, chart), idempotent=False, before_send=on_send)
        if r.status_code in (200, 201):
            o = r.json()["value"]
            return Posted(str(o["id"]), str(o.get("number") or ""))
        detail = problem_text(r)
        if r.status_code == 409:
            raise ledger_error("duplicate_order", "unknown", [detail], system=self.display_name)
        raise ledger_error("rejected", "rejected", [detail], system=self.display_name)

    def _find_order(self, order: SalesOrder, ref: str) -> Posted | None:
        # the receipt's day, any customer (one re-linked after an uncertain attempt must still find the first order)
        for o in self._values("/order", orderDateFrom=order.date.isoformat(),
                              orderDateTo=(order.date + dt.timedelta(days=1)).isoformat()):
            if o.get("reference") == ref:
                return Posted(str(o["id"]), str(o.get("number") or ""))
        return None


__all__ = ["TripletexOrders", "product_number"]
