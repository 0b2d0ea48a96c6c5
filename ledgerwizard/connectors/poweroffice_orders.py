"""PowerOffice GO v2: credit sales as open sales orders (invoice drafts), the customers they are for, and the
products that carry their revenue accounts (issue 15). Mixed into ``PowerOfficeConnector``.

From PowerOffice's own OpenAPI (``../shared/reference/vendor-openapi/poweroffice-go-v2.openapi.yaml``):

* ``POST /SalesOrders/Complete`` (``SalesOrderCompletePostDto``, role ``SalesOrders_Full``) makes a sales order
  with its lines; ``SalesOrderStatus`` Draft is an order the office can still edit and invoice. Its
  ``ExternalImportReference`` is duplicate-checked by PowerOffice ("only one instance of the reference can exist
  for the object type") [C]: a second POST is refused, and the answer is turned into a look-up.
* A line takes no account or VAT code of its own: ``VatCode`` is read-only, "inherited from the sales account
  used for the product set on the sales order line" [C]. So each revenue account the orders use gets a product
  (``LW<account>``, ``StandardSalesAccountId`` = that account), made once, when the first order needs it; the
  line's VAT code must be the account's (checked before sending). ``ProductUnitPrice`` is excl. VAT; a negative
  ``Quantity`` credits the line, and an order whose total is negative is a credit note draft [C].
* The reference the office reads goes on a text line (``LineType`` Text) and the receipt number in
  ``ImportedOrderNo`` ("visible on the sales order in the Go GUI") [C]; the receipt date is the order and delivery
  date; the store's department is the order's ``DepartmentId``.
* ``GET /SalesOrders`` lists orders not invoiced yet; once the office has invoiced one it is an outgoing invoice
  with the same id and ``ExternalImportReference`` (``GET /OutgoingInvoices``) [C], so a look-up asks both.
* ``GET /Customers`` and ``POST /Customers`` (``CustomerPostDto``, roles ``Customer``/``Customer_Full``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..core.mapping import Account
from ..core.transfer import Posted
from .base import Chart, LedgerCustomer, ledger_error
from .base import json_number as _float
from .http import problem_text

if TYPE_CHECKING:
    from ..core.orders import SalesOrder
    from ..core.saft.model import Customer
    from .base import Connector as _Host  # what the mixin is mixed into (for the type checker)
else:
    _Host = object

ORDER_PRIVILEGES = {"SalesOrders_Full": "lage ordre / create sales orders",
                    "Customer_Full": "lese og opprette kunder / read and create customers",
                    "Product_Full": "lese og opprette varer / read and create products",
                    "OutgoingInvoice": "lese utgående fakturaer (duplikatkontroll) / read outgoing invoices"}


def product_code(account: str) -> str:
    """The product that carries revenue account ``account`` on order lines."""
    return f"LW{account}"


def org_digits(text: str | None) -> str:
    digits = re.sub(r"\D", "", text or "")
    return digits if len(digits) == 9 else ""


class PowerOfficeOrders(_Host):
    unique_order_reference = True  # ExternalImportReference, duplicate-checked per object type [C]

    if TYPE_CHECKING:
        def _list(self, path: str, **params) -> list[dict]: ...  # PowerOfficeConnector's

    # -- customers ------------------------------------------------------------------------------------------------
    def _customers(self) -> list[LedgerCustomer]:
        out = []
        for c in self._list("/Customers"):
            name = c.get("Name") or " ".join(x for x in (c.get("FirstName"), c.get("LastName")) if x)
            out.append(LedgerCustomer(str(c["Id"]), str(c.get("Number") or ""), name or "",
                                      org_digits(c.get("OrganizationNumber")),
                                      bool(c.get("IsActive", True)) and not c.get("IsArchived", False)))
        return out

    def customer_body(self, customer: Customer) -> dict:
        """The ``CustomerPostDto`` for a POS customer (public for the contract tests)."""
        body: dict = {"Name": customer.name or customer.customer_id, "IsPerson": False,
                      "ExternalImportReference": f"POS-{customer.customer_id}"[:100]}
        if customer.org_nr:
            body["OrganizationNumber"] = customer.org_nr
        if customer.email:
            body["EmailAddress"] = customer.email
        if customer.phone:
            body["PhoneNumber"] = customer.phone
        addr = customer.postal_address or customer.street_address
        if addr is not None and addr.postal_code and addr.city:
            body["MailAddress"] = {"AddressLine1": addr.street or None, "ZipCode": addr.postal_code,
                                   "City": addr.city, "CountryCode": (addr.country or "NO")[:2]}
        return body

    def _create_customer(self, customer: Customer) -> LedgerCustomer:
        r = self._call("POST", "/Customers", json=self.customer_body(customer), idempotent=False)
        if r.status_code not in (200, 201):
            raise ledger_error("rejected", "rejected", [problem_text(r)], system=self.display_name)
        c = r.json()
        return LedgerCustomer(str(c["Id"]), str(c.get("Number") or ""), c.get("Name") or customer.name,
                              org_digits(c.get("OrganizationNumber")), True)

    # -- products: one per revenue account ---------------------------------------------------------------------------
    def _precheck_order(self, order: SalesOrder, chart: Chart) -> list[str]:
        problems = []
        for ln in order.lines:
            acc = chart.account(ln.account)
            if acc is not None and (acc.vat_code or "0") != (ln.vat_code or "0"):
                problems.append(
                    f"Konto {ln.account} har mva-kode {acc.vat_code or '0'} i PowerOffice, men varen på ordren har "
                    f"{ln.vat_code}: velg en inntektskonto med mva-kode {ln.vat_code} for varegruppen {ln.group} / "
                    f"account {ln.account} has VAT code {acc.vat_code or '0'} in PowerOffice but the order line has "
                    f"{ln.vat_code}: choose a revenue account with VAT code {ln.vat_code} for group {ln.group}")
        return problems

    def _products_found(self, accounts: list[str], chart: Chart) -> list[tuple[str, int, str | None]]:
        found = []
        for p in self._list("/Products", codes=",".join(product_code(a) for a in accounts)):
            acc = next((a for a in accounts if product_code(a) == p.get("Code")), None)
            if acc is None:
                continue
            bad = p.get("IsArchived") or str(p.get("StandardSalesAccount") or "") != acc
            found.append((acc, int(p["Id"]), (
                f"Varen {product_code(acc)} i PowerOffice er arkivert eller fører ikke til konto {acc}: rett varen "
                f"/ product {product_code(acc)} is archived or does not post to account {acc}: correct it")
                if bad else None))
        return found

    def _make_product(self, account: str, ledger_account: Account) -> int:
        r = self._call("POST", "/Products", idempotent=False, json={
            "Code": product_code(account), "Name": f"Kassesalg {account} {ledger_account.name}".strip()[:100],
            "Description": "ledgerwizard: salg fra kassen på konto / POS sales to account " + account,
            "ProductType": "Product", "StandardSalesAccountId": int(ledger_account.id)})
        if r.status_code not in (200, 201):
            raise ledger_error("rejected", "rejected", [problem_text(r)], system=self.display_name)
        return int(r.json()["Id"])

    # -- the order -----------------------------------------------------------------------------------------------------
    def order_body(self, order: SalesOrder, chart: Chart) -> dict:
        """The ``SalesOrderCompletePostDto`` for an order (public for the contract tests)."""
        products: dict[str, int] = self.__dict__.get("_products", {})
        dep = chart.department(order.department) if order.department else None
        lines: list[dict] = [{"LineType": "Text", "SortOrder": 0,
                              "Description": f"{order.external_ref}, {order.store_name}"[:250]}]
        for i, ln in enumerate(order.lines, start=1):
            line = {"LineType": "Normal", "SortOrder": i, "ProductId": products[ln.account],
                    "Description": ln.text, "Quantity": _float(ln.quantity), "ProductUnitPrice": _float(ln.unit_price)}
            if dep is not None:
                line["DepartmentId"] = int(dep.id)
            lines.append(line)
        body: dict = {"CustomerId": int(order.customer.ledger_id), "ExternalImportReference": order.external_ref,
                      "SalesOrderDate": order.date.isoformat(), "DeliveryDate": order.date.isoformat(),
                      "SalesOrderStatus": "Draft", "CurrencyCode": "NOK", "SalesOrderLines": lines}
        if dep is not None:
            body["DepartmentId"] = int(dep.id)
        if order.nr.isdigit() and len(order.nr) <= 18:
            body["ImportedOrderNo"] = int(order.nr)
        return body

    def _submit_order(self, order: SalesOrder, chart: Chart, on_send) -> Posted:
        r = self._call("POST", "/SalesOrders/Complete", json=self.order_body(order, chart), idempotent=False,
                       before_send=on_send)
        if r.status_code in (200, 201):
            o = r.json()
            return Posted(str(o["Id"]), str(o.get("SalesOrderNo") or ""))
        detail = problem_text(r)
        if r.status_code == 409 or "ExternalImportReference" in detail:
            raise ledger_error("duplicate_order", "unknown", [detail], system=self.display_name)
        raise ledger_error("rejected", "rejected", [detail], system=self.display_name)

    def _find_order(self, order: SalesOrder, ref: str) -> Posted | None:
        """The order with this receipt's reference, open or invoiced since. Not narrowed to the customer (one
        re-linked after an uncertain attempt must still find the first order). First among what this integration
        created (a short list); then among every integration's, because the attempt may have been made with
        another application key (the store got a key of its own, or lost it, since): PowerOffice keeps the
        reference unique across them, so an order missed here could never be sent again, only stay uncertain."""
        # every order for the receipt was made after its day began: changed since then (two days' margin for zones)
        since = f"{order.date - dt.timedelta(days=2)}T00:00:00Z"
        return self._find_order_in(order, ref, "true") or self._find_order_in(order, ref, "false", since)

    def _find_order_in(self, order: SalesOrder, ref: str, only_ours: str, since: str | None = None) -> Posted | None:
        narrow = {"onlyCreatedByCurrentIntegration": only_ours}
        for o in self._list("/SalesOrders", **narrow,
                            **({"lastChangedDateTimeOffsetGreaterThan": since} if since else {})):
            if o.get("ExternalImportReference") == ref:
                return Posted(str(o["Id"]), str(o.get("SalesOrderNo") or ""))
        # invoiced since: the same id, now an outgoing invoice dated on or after the order
        for inv in self._list("/OutgoingInvoices", fromDate=order.date.isoformat(), **narrow):
            if inv.get("ExternalImportReference") == ref:
                return Posted(str(inv["Id"]), str(inv.get("OrderNo") or inv.get("InvoiceNo") or ""))
        return None


__all__ = ["PowerOfficeOrders", "product_code", "ORDER_PRIVILEGES"]
