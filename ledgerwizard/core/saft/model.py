"""What the SAF-T reader produces: master data, Z reports and per-window aggregates (Decimal only).

A *window* is the span of one register between two Z reports; it is the unit in which transactions are
aggregated, reconciled and merged across files. Aggregates are small (per group / payment type / VAT code),
so a year of receipts is read at constant memory.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from ..money import ZERO, fmt

KINDS = ("sale", "credit", "giftcard")


class Note(str):
    """A reader's warning in both languages. It *is* the Norwegian text (a plain ``str`` to whoever reads it as
    one); ``en`` is the English and ``get(lang)`` picks."""

    en: str

    def __new__(cls, nb: str, en: str | None = None) -> "Note":
        self = super().__new__(cls, nb)
        self.en = en if en is not None else nb
        return self

    def get(self, lang: str | None = None) -> str:
        from ..i18n import current_language

        return self.en if (lang or current_language()) == "en" else str(self)

    def __reduce__(self):
        return (Note, (str(self), self.en))


@dataclass(frozen=True, order=True)
class VatKey:
    """A POS VAT code with the rate it was used at (the same code can change rate over the years)."""

    code: str
    rate: Decimal

    def label(self) -> str:
        rate = f"{self.rate.normalize():f}" if self.rate == self.rate.to_integral() else f"{self.rate:f}"
        return f"{self.code or '?'} ({rate} %)"


@dataclass(frozen=True)
class Basic:
    basic_type: str
    basic_id: str
    predefined: str | None
    desc: str


@dataclass(frozen=True)
class VatCodeDetail:
    code: str
    standard_code: str | None
    desc: str


@dataclass(frozen=True)
class Address:
    street: str = ""  # streetname and number
    additional: str = ""
    postal_code: str = ""
    city: str = ""
    region: str = ""
    country: str = ""

    def to_dict(self) -> dict:
        return {"street": self.street, "additional": self.additional, "postal_code": self.postal_code,
                "city": self.city, "region": self.region, "country": self.country}


@dataclass(frozen=True)
class Customer:
    """A customer (or supplier) from ``company/customersSuppliers``: who a credit sale is invoiced to."""

    customer_id: str
    name: str
    kind: str = "Customer"  # custSupType: Customer | Supplier
    org_nr: str = ""  # the nine digits of taxRegIdent ("999999999MVA"), when it has them
    tax_reg_ident: str = ""
    contact: str = ""
    phone: str = ""
    email: str = ""
    street_address: Address | None = None
    postal_address: Address | None = None

    def to_dict(self) -> dict:
        return {"id": self.customer_id, "name": self.name, "type": self.kind, "org_nr": self.org_nr,
                "tax_reg_ident": self.tax_reg_ident, "contact": self.contact, "phone": self.phone,
                "email": self.email,
                "street_address": self.street_address.to_dict() if self.street_address else None,
                "postal_address": self.postal_address.to_dict() if self.postal_address else None}


@dataclass
class MasterData:
    company_ident: str = ""
    company_name: str = ""
    basics: dict[str, Basic] = field(default_factory=dict)
    vat_codes: dict[str, VatCodeDetail] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)  # artID -> artGroupID
    article_desc: dict[str, str] = field(default_factory=dict)  # artID -> artDesc
    customers: dict[str, Customer] = field(default_factory=dict)  # custSupID -> customer master data

    def predefined(self, basic_id: str | None) -> str | None:
        b = self.basics.get(basic_id or "")
        return b.predefined if b else None

    def desc(self, basic_id: str | None) -> str:
        b = self.basics.get(basic_id or "")
        return b.desc if b else (basic_id or "")

    def standard_vat(self, vat_code: str) -> str | None:
        d = self.vat_codes.get(vat_code)
        return d.standard_code if d else None

    def merge(self, other: "MasterData") -> None:
        self.company_ident = self.company_ident or other.company_ident
        self.company_name = self.company_name or other.company_name
        self.basics.update(other.basics)
        self.vat_codes.update(other.vat_codes)
        self.articles.update(other.articles)
        self.article_desc.update(other.article_desc)
        self.customers.update(other.customers)


@dataclass(slots=True)
class ZReport:
    register_id: str
    report_id: str
    date: dt.date
    time: dt.time
    business_day: dt.date
    total: Decimal = ZERO
    groups: dict[str, Decimal] = field(default_factory=dict)
    payments: dict[str, Decimal] = field(default_factory=dict)
    vat: dict[VatKey, list[Decimal]] = field(default_factory=dict)  # key -> [base ex VAT, VAT]
    tips: Decimal = ZERO
    tips_num: int = 0
    receipt_num: int = 0
    returns_num: int = 0
    returns_amt: Decimal = ZERO
    discount_num: int = 0
    discount_amt: Decimal = ZERO
    void_num: int = 0
    void_amt: Decimal = ZERO
    copy_num: int = 0
    copy_amt: Decimal = ZERO
    training_num: int = 0
    training_amt: Decimal = ZERO
    credit_sales_num: int = 0
    credit_sales_amt: Decimal = ZERO
    pay_ins: dict[str, Decimal] = field(default_factory=dict)
    pay_outs: dict[str, Decimal] = field(default_factory=dict)
    gt_sales: Decimal | None = None
    gt_return: Decimal | None = None
    gt_net: Decimal | None = None

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.time)

    @property
    def key(self) -> tuple[str, str, dt.date]:
        return (self.register_id, self.report_id, self.date)


def _pair() -> list[Decimal]:
    return [ZERO, ZERO]


@dataclass(slots=True)
class Agg:
    """Sums over included (counted) transactions. Signs are normalised: a return is negative."""

    n_trans: int = 0
    total_in: Decimal = ZERO  # Σ transAmntIn (incl. VAT)
    vat: dict[VatKey, list[Decimal]] = field(default_factory=lambda: defaultdict(_pair))  # [base, vat]
    groups: dict[tuple[str, VatKey | None], list[Decimal]] = field(default_factory=lambda: defaultdict(_pair))
    group_gross: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    payments: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    rounding: Decimal = ZERO
    tips: Decimal = ZERO
    tips_num: int = 0
    gift_card_sales: Decimal = ZERO
    returns_num: int = 0
    returns_amt: Decimal = ZERO  # positive
    discount_num: int = 0
    discount_amt: Decimal = ZERO  # positive
    copy_num: int = 0
    # counted-cash differences (transType 11008), per payment type: not sales, posted against the
    # cash-difference account (a shortage is negative)
    cash_difference: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    # how many amounts the POS rounded its VAT on, per VAT key (lines, or receipts without lines): bounds the
    # øre a Z report that rounds once per rate can differ by (summary.reconcile_window)
    vat_lines: dict[VatKey, int] = field(default_factory=lambda: defaultdict(int))

    @classmethod
    def total(cls, parts: Iterable[Agg]) -> Agg:
        """The sum of ``parts`` (a day's or a window's sale, credit and gift-card parts), as one new Agg."""
        a = cls()
        for p in parts:
            a.merge(p)
        return a

    def merge(self, o: "Agg") -> None:
        self.n_trans += o.n_trans
        self.total_in += o.total_in
        for k, (b, v) in o.vat.items():
            p = self.vat[k]
            p[0] += b
            p[1] += v
        for gk, (g, b) in o.groups.items():
            p = self.groups[gk]
            p[0] += g
            p[1] += b
        for name, a in o.group_gross.items():
            self.group_gross[name] += a
        for name, a in o.payments.items():
            self.payments[name] += a
        self.rounding += o.rounding
        self.tips += o.tips
        self.tips_num += o.tips_num
        self.gift_card_sales += o.gift_card_sales
        self.returns_num += o.returns_num
        self.returns_amt += o.returns_amt
        self.discount_num += o.discount_num
        self.discount_amt += o.discount_amt
        self.copy_num += o.copy_num
        for name, a in o.cash_difference.items():
            self.cash_difference[name] += a
        for k, n in o.vat_lines.items():
            self.vat_lines[k] += n

    @property
    def payments_total(self) -> Decimal:
        return sum(self.payments.values(), ZERO)

    @property
    def vat_total(self) -> Decimal:
        return sum((v for _, v in self.vat.values()), ZERO)

    @property
    def base_total(self) -> Decimal:
        return sum((b for b, _ in self.vat.values()), ZERO)

    def residual(self) -> Decimal:
        """Payments − rounding − (revenue ex VAT + VAT + tips + gift-card sales): zero when the data balance."""
        return (self.payments_total - self.rounding
                - (self.base_total + self.vat_total + self.tips + self.gift_card_sales))


@dataclass(slots=True)
class Excluded:
    """Transactions left out of the voucher, by reason (count, Σ transAmntIn)."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    amounts: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    def add(self, reason: str, amount: Decimal) -> None:
        self.counts[reason] += 1
        self.amounts[reason] += amount

    def merge(self, o: "Excluded") -> None:
        for k, n in o.counts.items():
            self.counts[k] += n
        for k, a in o.amounts.items():
            self.amounts[k] += a


@dataclass(frozen=True)
class CreditLine:
    """One line of a credit sale, as the POS wrote it; amounts signed like the rest (a returned line negative)."""

    line_id: str
    article_id: str
    description: str  # the line's own text, else the article's description
    article_group: str
    quantity: Decimal | None
    unit_price: Decimal | None  # ppu, as written
    amount_ex: Decimal  # excl. VAT
    amount_in: Decimal  # incl. VAT
    vat_code: str  # the POS's code ("" when the line has none)
    vat_rate: Decimal | None
    is_return: bool
    gift_card: bool = False  # a gift card sold on account: a liability, not revenue

    def to_dict(self) -> dict:
        return {"line_id": self.line_id, "article_id": self.article_id, "description": self.description,
                "article_group": self.article_group,
                "quantity": _dec_str(self.quantity), "unit_price": _dec_str(self.unit_price),
                "amount_ex": fmt(self.amount_ex), "amount_in": fmt(self.amount_in),
                "vat_code": self.vat_code, "vat_rate": _dec_str(self.vat_rate), "is_return": self.is_return,
                "gift_card": self.gift_card}


@dataclass
class CreditSale:
    """One receipt of the window's credit part (``Window.parts["credit"]``), kept whole: a sale on account
    (11002, 11015, 11017, a customer-account payment, or a delivery receipt the register was not paid for), a
    return on account, or a payment received on account (``settlement``). Their sums are that part's sums."""

    company_ident: str
    location: str
    register_id: str
    nr: str
    trans_id: str
    when: dt.datetime
    business_day: dt.date
    transaction_type: str  # the POS's code
    predefined_type: str | None  # 11xxx
    customer_id: str
    customer: Customer | None  # from customersSuppliers, when the file has the customer
    invoice_id: str
    amount_in: Decimal  # incl. VAT, signed (a return negative)
    amount_ex: Decimal
    vat: list[tuple[VatKey, Decimal, Decimal]]  # (key, base, VAT) as counted in the part's aggregate
    payments: list[tuple[str, Decimal]]  # paid at the register (a customer-account payment type included)
    on_account: Decimal  # owed by the customer beyond those payments (the voucher's "__credit__")
    rounding: Decimal
    tips: Decimal
    gift_card_sales: Decimal
    is_return: bool
    settlement: bool  # a payment received on an earlier credit sale: nothing to invoice
    delivery_receipt: bool  # receiptDeliveryNum, or an event 13016 pointing at it
    lines: list[CreditLine]
    source: str = ""

    def to_dict(self) -> dict:
        return {"company": self.company_ident, "store_location": self.location, "register": self.register_id,
                "nr": self.nr, "trans_id": self.trans_id, "time": self.when.isoformat(),
                "business_day": self.business_day.isoformat(), "transaction_type": self.transaction_type,
                "predefined_type": self.predefined_type, "customer_id": self.customer_id,
                "customer": self.customer.to_dict() if self.customer else None, "invoice_id": self.invoice_id,
                "amount_in": fmt(self.amount_in), "amount_ex": fmt(self.amount_ex),
                "vat": [{"code": k.code, "rate": fmt(k.rate), "base": fmt(b), "vat": fmt(v)}
                        for k, b, v in self.vat],
                "payments": [{"type": t, "amount": fmt(a)} for t, a in self.payments],
                "on_account": fmt(self.on_account), "rounding": fmt(self.rounding),
                "tips": fmt(self.tips), "gift_card_sales": fmt(self.gift_card_sales),
                "is_return": self.is_return, "settlement": self.settlement,
                "delivery_receipt": self.delivery_receipt, "lines": [ln.to_dict() for ln in self.lines]}


def _dec_str(x: Decimal | None) -> str | None:
    return None if x is None else f"{x.normalize():f}" if x == x.to_integral() else f"{x:f}"


@dataclass
class Window:
    """One register's transactions up to and including one Z report (or one business day when it has none)."""

    company_ident: str
    location: str
    register_id: str
    business_day: dt.date
    zreport: ZReport | None
    status: str  # "closed" (has Z), "no_z" (register never had a Z in this file), "open" (after the last Z)
    parts: dict[str, Agg] = field(default_factory=lambda: {k: Agg() for k in KINDS})
    excluded: Excluded = field(default_factory=Excluded)
    duplicates: int = 0
    first_sale: dt.datetime | None = None  # the earliest transaction in the window (opening hours, for advice)
    source: str = ""  # file it came from
    source_created: str = ""  # header dateCreated + timeCreated, to prefer the newest export
    credit_sales: list[CreditSale] = field(default_factory=list)  # the credit part's receipts, one by one

    @property
    def combined(self) -> Agg:
        return Agg.total(self.parts.values())

    @property
    def n_trans(self) -> int:
        return sum(p.n_trans for p in self.parts.values())


@dataclass
class FileResult:
    path: str
    master: MasterData
    windows: list[Window]
    warnings: list[str]  # Note (bilingual) for everything the reader writes
    created: str = ""
    size: int = 0
    mtime_ns: int = 0
