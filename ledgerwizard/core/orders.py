"""Credit sales as open sales orders in the ledger, for the office to invoice (issue 15). Pure Python, Decimal only.

A company with *invoicing* on (``Invoicing``: per ledger company, from a first business day, with the POS
customers linked to the ledger's customers) sends each credit sale (a ``CreditSale`` of the day's credit part) as
one order, and its daily voucher leaves those sales out by itself (``voucher_day``): there is no second setting to
remember, so nothing is booked twice.

``build_order`` makes the order from the receipt: one line per receipt line with its text, quantity, unit price
(excl. and incl. VAT), the ledger's VAT code, the article group's revenue account (from the store's mapping, as the
voucher would use it), the store's department; the receipt number, register, date and store are the order's reference
(``order_reference``), which is also what the exactly-once engine looks the order up by. A returned line has a
negative quantity (a receipt that is all returns is then a credit note draft, which is how both PowerOffice GO and
Tripletex take a credit on an order). ``order_hold`` says why a receipt cannot go out without a person: no customer
on the receipt, a customer not linked yet, or a receipt only partly on account; it is *held* with that reason, never
dropped and never sent to another customer. The builder refuses rather than guesses: no account or VAT code for a
line is an ``UnmappedError``, lines that do not add up to the receipt an ``UnbalancedDataError``.

Each order has its own journal row: (store, business day, ``order_doc(register, nr)``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from .codes import CUSTOMER_ACCOUNT_PAYMENT
from .errors import UnbalancedDataError, UnmappedError
from .i18n import Text
from .mapping import Mapping
from .money import ORE, ZERO, fmt, fmt_nb
from .saft.model import Agg, VatKey
from .transfer import ORDER_DOC, Hold


def order_doc(register_id: str, nr: str) -> str:
    return f"{ORDER_DOC}:{register_id}:{nr}"


def is_order_doc(doc: str) -> bool:
    return doc.startswith(ORDER_DOC + ":")


def parse_order_doc(doc: str) -> tuple[str, str]:
    """(register, receipt number) of an order's journal document."""
    register, _, nr = doc[len(ORDER_DOC) + 1:].rpartition(":")
    return register, nr


def order_reference(register_id: str, nr: str, date: dt.date, store: str) -> str:
    """The order's reference in the ledger: the POS receipt number, register and date, as the office and the
    customer read it, and the store (its id in the settings, which never changes): two stores of one company whose
    POS both call their register "1" and number their receipts alike have two references, not one. Unique per
    company, and the key the engine looks the order up by after an uncertain attempt (an attempt recorded with an
    older reference is looked up by the one the journal recorded)."""
    return f"Kvittering {nr} kasse {register_id} {date:%d.%m.%Y} butikk {store}"


# --- the company's choice ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CustomerLink:
    """A POS customer (``custSupID``) linked to a customer in the ledger."""

    pos_id: str
    ledger_id: str  # the ledger's own id (PowerOffice Id, Tripletex id)
    number: str = ""  # the customer number the office knows
    name: str = ""  # the ledger's name for it, when linked (shown; the id is what counts)

    def to_dict(self) -> dict:
        return {"pos_id": self.pos_id, "ledger_id": self.ledger_id, "number": self.number, "name": self.name}


@dataclass
class Invoicing:
    """A ledger company's invoicing of credit sales (settings ``companies[].invoicing``)."""

    enabled: bool = False
    start: dt.date | None = None  # the first business day whose credit sales become orders
    links: dict[str, CustomerLink] = field(default_factory=dict)  # POS customer id -> ledger customer

    def active(self, day: dt.date) -> bool:
        """Credit sales of ``day`` go to the ledger as orders (and stay off that day's voucher)."""
        return self.enabled and (self.start is None or day >= self.start)

    def link(self, pos_id: str) -> CustomerLink | None:
        return self.links.get(pos_id)

    def to_dict(self) -> dict:
        d: dict = {"enabled": self.enabled, "customers": [lk.to_dict() for lk in self.links.values()]}
        if self.start is not None:
            d["from"] = self.start.isoformat()
        return d

    @classmethod
    def from_dict(cls, d: dict | None) -> "Invoicing":
        d = d or {}
        links = {}
        for item in d.get("customers") or []:
            lk = CustomerLink(str(item["pos_id"]), str(item["ledger_id"]), str(item.get("number") or ""),
                              str(item.get("name") or ""))
            links[lk.pos_id] = lk
        start = d.get("from")
        return cls(bool(d.get("enabled", False)), dt.date.fromisoformat(start) if start else None, links)


def voucher_day(summary, invoicing: Invoicing | None):
    """The day as its voucher sees it when its credit sales go out as orders: the credit part without the sales
    that become orders (held ones included: they go out as orders once a person has acted), whatever the store's
    own credit-sales choice, so nothing is booked twice. What is left of the credit part (payments received on
    account at the register) follows the store's choice as before (to receivables, or left out). Returns the
    summary itself when invoicing does not apply to the day."""
    if invoicing is None or not invoicing.active(summary.business_day):
        return summary
    sales = summary.credit_sales
    if not any(invoiceable(s) for s in sales):
        return summary
    rest = Agg()
    for s in sales:
        if not invoiceable(s):
            _add(rest, s)
    return dataclasses.replace(summary, parts={**summary.parts, "credit": rest})


def _add(agg: Agg, s) -> None:
    """One credit-part receipt into an aggregate, on every dimension the voucher reads."""
    agg.n_trans += 1
    agg.total_in += s.amount_in
    for key, base, vat in s.vat:
        p = agg.vat[key]
        p[0] += base
        p[1] += vat
    for ln in s.lines:
        if ln.gift_card:
            continue
        key = VatKey(ln.vat_code, ln.vat_rate) if ln.vat_rate is not None else None
        g = agg.groups[(ln.article_group, key)]
        g[0] += ln.amount_in
        g[1] += ln.amount_ex
        agg.group_gross[ln.article_group] += ln.amount_in
    for t, a in s.payments:
        agg.payments[t] += a
    if s.on_account:
        agg.payments["__credit__"] += s.on_account
    agg.rounding += s.rounding
    agg.tips += s.tips
    agg.gift_card_sales += s.gift_card_sales
    if s.is_return:
        agg.returns_num += 1
        agg.returns_amt += -s.amount_in


def invoiced_note(summary, invoicing: Invoicing | None) -> Text | None:
    """What the voucher says about the credit sales that went out as orders instead."""
    if invoicing is None or not invoicing.active(summary.business_day):
        return None
    sales = [s for s in summary.credit_sales if invoiceable(s)]
    if not sales:
        return None
    total = sum((s.amount_in for s in sales), ZERO)
    return Text(f"Kredittsalg ({len(sales)} kvitteringer, {fmt_nb(total)} kr) er ikke med: de sendes som ordre til "
                f"fakturering, hver til sin kunde.",
                f"Credit sales ({len(sales)} receipts, NOK {fmt(total)}) are left out: they are sent as orders for "
                f"invoicing, each to its customer.")


# --- which receipts become orders, and which wait --------------------------------------------------------------------

def invoiceable(sale) -> bool:
    """A credit sale that is an order: not a payment received on account (a settlement), not empty."""
    return not sale.settlement and (sale.amount_in != 0 or bool(sale.lines))


def paid_at_register(sale, master) -> Decimal:
    """What the customer paid at the register (cash, card …) besides the customer-account payment type."""
    return sum((a for t, a in sale.payments if master.predefined(t) != CUSTOMER_ACCOUNT_PAYMENT), ZERO)


def customer_label(sale) -> str:
    name = sale.customer.name if sale.customer is not None else ""
    return f"{name} ({sale.customer_id})" if name else sale.customer_id


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def order_hold(sale, master, invoicing: Invoicing, system: str) -> Hold | None:
    """Why this receipt cannot become an order without a person (None: it can). The reasons say what to do."""
    what = Text(f"Kvittering {sale.nr} (kasse {sale.register_id}, {sale.when:%d.%m.%Y})",
                f"Receipt {sale.nr} (register {sale.register_id}, {sale.when:%d.%m.%Y})")
    amount = Text(f"{fmt_nb(sale.amount_in)} kr", f"NOK {fmt(sale.amount_in)}")
    if not sale.customer_id:
        return Hold(_fingerprint("no_customer", sale.register_id, sale.nr), Text(
            f"{what.nb}, {amount.nb}: kassen har ikke registrert noen kunde på kredittsalget, så det kan ikke "
            f"faktureres automatisk. Fakturer det manuelt i {system}.",
            f"{what.en}, {amount.en}: the register recorded no customer on the credit sale, so it cannot be "
            f"invoiced automatically. Invoice it by hand in {system}."))
    paid = paid_at_register(sale, master)
    if paid:
        return Hold(_fingerprint("partly_paid", sale.register_id, sale.nr, fmt(paid)), Text(
            f"{what.nb} til {customer_label(sale)}, {amount.nb}: {fmt_nb(paid)} kr ble betalt i kassen, resten på "
            f"konto. En ordre på hele beløpet ville kreve kunden for mye: fakturer resten manuelt i {system}.",
            f"{what.en} to {customer_label(sale)}, {amount.en}: NOK {fmt(paid)} was paid at the register, the rest "
            f"on account. An order for the whole amount would charge the customer too much: invoice the rest by "
            f"hand in {system}."))
    if sale.tips or sale.rounding or sale.gift_card_sales or any(ln.gift_card for ln in sale.lines):
        return Hold(_fingerprint("special", sale.register_id, sale.nr), Text(
            f"{what.nb} til {customer_label(sale)}, {amount.nb}: kvitteringen har tips, øreavrunding eller gavekort "
            f"på konto, som ikke hører hjemme på en ordre. Fakturer den manuelt i {system}.",
            f"{what.en} to {customer_label(sale)}, {amount.en}: the receipt has tips, rounding or a gift card on "
            f"account, which do not belong on an order. Invoice it by hand in {system}."))
    if invoicing.link(sale.customer_id) is None:
        return Hold(_fingerprint("unlinked", sale.customer_id), Text(
            f"{what.nb}, {amount.nb}: kunden {customer_label(sale)} er ikke koblet til en kunde i {system}. Koble "
            f"kunden i oppsettet («Fakturering og kunder»); ordren sendes da av seg selv.",
            f"{what.en}, {amount.en}: the customer {customer_label(sale)} is not linked to a customer in {system}. "
            f"Link the customer in the setup ('Invoicing and customers'); the order is then sent by itself."))
    return None


# --- the order --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OrderLine:
    text: str
    quantity: Decimal  # negative for a returned line
    unit_price: Decimal  # excl. VAT, never negative (the sign is the quantity's)
    unit_price_in: Decimal  # incl. VAT
    amount_ex: Decimal  # signed, = quantity × unit_price
    amount_in: Decimal  # signed, incl. VAT, = quantity × unit_price_in
    vat_code: str  # the ledger's VAT code
    vat_rate: Decimal
    account: str  # the article group's revenue account (the voucher's, from the store's mapping)
    department: str = ""
    article: str = ""
    group: str = ""

    def to_dict(self) -> dict:
        return {"text": self.text, "quantity": f"{self.quantity.normalize():f}", "unit_price": fmt(self.unit_price),
                "unit_price_incl_vat": fmt(self.unit_price_in), "amount_ex": fmt(self.amount_ex),
                "amount_in": fmt(self.amount_in), "vat_code": self.vat_code, "vat_rate": fmt(self.vat_rate),
                "account": self.account, "department": self.department, "article": self.article, "group": self.group}


@dataclass
class SalesOrder:
    store: str
    store_name: str
    company: str
    business_day: dt.date
    date: dt.date  # the receipt's date (the order's and delivery date)
    register: str
    nr: str
    customer_id: str  # the POS's customer id
    customer_name: str
    customer: CustomerLink  # who it is invoiced to in the ledger
    department: str
    lines: list[OrderLine]
    invoice_id: str = ""  # the POS's invoice id (delivery receipt), when it wrote one

    @property
    def doc(self) -> str:
        return order_doc(self.register, self.nr)

    @property
    def external_ref(self) -> str:
        """The reference the ledger keeps and the engine looks the order up by (``order_reference``)."""
        return order_reference(self.register, self.nr, self.date, self.store)

    @property
    def business_day_text(self) -> str:
        return f"{self.business_day:%d.%m.%Y}"

    @property
    def total(self) -> Decimal:
        return sum((ln.amount_in for ln in self.lines), ZERO)

    @property
    def total_ex(self) -> Decimal:
        return sum((ln.amount_ex for ln in self.lines), ZERO)

    @property
    def total_debit(self) -> Decimal:
        """The amount the journal records for an attempt (the transfer engine reads it by this name)."""
        return self.total

    @property
    def credit_note(self) -> bool:
        return self.total < 0

    @property
    def description(self) -> str:
        return f"{self.external_ref}, {self.store_name}"

    def to_dict(self) -> dict:
        return {"store": self.store, "store_name": self.store_name, "company": self.company,
                "business_day": self.business_day.isoformat(), "date": self.date.isoformat(),
                "register": self.register, "receipt": self.nr, "reference": self.external_ref,
                "customer": {"pos_id": self.customer_id, "name": self.customer_name,
                             "ledger": self.customer.to_dict()},
                "department": self.department, "invoice_id": self.invoice_id, "credit_note": self.credit_note,
                "lines": [ln.to_dict() for ln in self.lines], "total": fmt(self.total), "total_ex": fmt(self.total_ex)}


def _unit(amount: Decimal, qty: Decimal) -> Decimal | None:
    """``amount`` / ``qty`` when it is an exact øre amount (so quantity × unit price is the line, to the øre)."""
    if qty == 0:
        return None
    unit = abs(amount) / abs(qty)
    return unit if unit == unit.quantize(ORE) else None


def _qty_text(q: Decimal) -> str:
    return f"{q.normalize():f}".replace(".", ",")


def build_order(sale, mapping: Mapping, master, *, link: CustomerLink, store: str, store_name: str,
                department: str = "", company: str = "") -> SalesOrder:
    """The open order for one credit sale (see the module's docstring). Raises ``UnmappedError`` for a line with
    no account or VAT code, ``UnbalancedDataError`` when the lines do not add up to the receipt."""
    what = f"kvittering {sale.nr} (kasse {sale.register_id})"
    missing: list[str] = []
    lines: list[OrderLine] = []
    for ln in sale.lines:
        vm = mapping.vat.get(ln.vat_code)
        code = vm.ledger_code if vm is not None else ""
        gm = mapping.groups.get(ln.article_group)
        account = (gm.account_for(ln.vat_code) if gm is not None else "") or (vm.revenue_account if vm else "")
        label = f"{ln.description or ln.article_id or ln.line_id} ({what})"
        if not ln.vat_code or not code:
            missing.append(f"Mva-kode {ln.vat_code or '(ingen)'} på {label}: mangler regnskapets mva-kode / "
                           f"no ledger VAT code")
        if not account:
            missing.append(f"Varegruppe {ln.article_group or '(ingen)'} {master.desc(ln.article_group)} med "
                           f"mva-kode {ln.vat_code or '(ingen)'}: mangler konto / article group has no account")
        if missing:
            continue
        sign = Decimal(-1) if ln.amount_in < 0 or (ln.amount_in == 0 and ln.is_return) else Decimal(1)
        qty = abs(ln.quantity) if ln.quantity else Decimal(1)
        unit_ex, unit_in = _unit(ln.amount_ex, qty), _unit(ln.amount_in, qty)
        text = ln.description or ln.article_id or "Vare"
        if unit_ex is None or unit_in is None:  # not an exact øre price per unit: one unit of the line's amount
            text = f"{text} ({_qty_text(qty)} stk)"
            qty, unit_ex, unit_in = Decimal(1), abs(ln.amount_ex), abs(ln.amount_in)
        rate = ln.vat_rate if ln.vat_rate is not None else ZERO
        lines.append(OrderLine(text[:250], sign * qty, unit_ex, unit_in, ln.amount_ex, ln.amount_in, code, rate,
                               account, department, ln.article_id, ln.article_group))
    if missing:
        raise UnmappedError(sorted(set(missing)), store_name)
    total = sum((ln.amount_in for ln in lines), ZERO)
    if not lines or total != sale.amount_in:
        raise UnbalancedDataError(
            Text(f"Kvittering {sale.nr} (kasse {sale.register_id}) går ikke opp: linjene er {fmt_nb(total)} kr, "
                 f"kvitteringen {fmt_nb(sale.amount_in)} kr.",
                 f"Receipt {sale.nr} (register {sale.register_id}) does not add up: its lines are NOK {fmt(total)}, "
                 f"the receipt NOK {fmt(sale.amount_in)}."),
            Text("Ingen ordre er sendt. Fakturer kvitteringen manuelt, og kontakt kasseleverandøren om eksporten "
                 "er feil.",
                 "No order was sent. Invoice the receipt by hand, and contact the POS vendor if the export is "
                 "wrong."))
    name = sale.customer.name if sale.customer is not None else ""
    return SalesOrder(store, store_name, company, sale.business_day, sale.when.date(), sale.register_id, sale.nr,
                      sale.customer_id, name or link.name, link, department, lines, sale.invoice_id)


__all__ = ["ORDER_DOC", "order_doc", "is_order_doc", "parse_order_doc", "order_reference", "CustomerLink",
           "Invoicing", "voucher_day", "invoiced_note", "invoiceable", "paid_at_register", "order_hold", "customer_label",
           "OrderLine", "SalesOrder", "build_order"]
