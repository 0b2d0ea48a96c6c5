"""Writes realistic SAF-T Cash Register files: the demo's sample data, the property tests' random stores, and
the benchmarks' large files (a year of a busy store). Streaming: a 1 GB file is written at constant memory.

The generator computes every Z-report figure itself, independently of the reader, so a test can compare the
reader's result with what was written. Two producer styles: ``signed`` (returns written with negative amounts
and amntTp D, like Skatteetaten's 2021 example) and ``absolute`` (all amounts positive, amntTp D marks a
return, like lulzzz/vera).

Credit sales (issue 15) are written the way a POS with a "Kreditt" payment type does (Quickorder's manual, seed
004): transaction type 11002 (a return on credit: 11017), the customer (``custSupID``, with its master data in
``customersSuppliers``), an ``invoiceID``, a delivery receipt (``receiptDeliveryNum`` and an event 13016 pointing
at the receipt), lines with article, text, quantity and unit price, and a payment on the customer-account type
(12006) for the whole amount, so the Z report's totals and payments include them; ``reportCreditSales`` and
``reportReceiptDeliveryNum/Amnt`` count them. ``make_credit_txn`` builds one, ``DEMO_CUSTOMERS`` are three
customers and ``demo_locations(..., credit_customers=...)`` adds credit sales to the demo's two stores. Files
without credit sales are written exactly as before.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Callable, Iterable, Iterator
from xml.sax.saxutils import escape

from ledgerwizard.core.money import ZERO, q2

NS = "urn:StandardAuditFile-Taxation-CashRegister:NO"

# POS codes used by the generated files (as a typical Norwegian POS would have them)
VAT_CODES = {"0": ("0", Decimal("0")), "1": ("33", Decimal("12")), "2": ("31", Decimal("15")),
             "3": ("3", Decimal("25")), "6": ("6", Decimal("0"))}
GROUPS = {"100": ("04006", "Mat"), "200": ("04013", "Tobakk"), "300": ("04007", "Øl"),
          "400": ("04012", "Kaffe og te"), "500": ("04014", "Andre varer"), "900": ("04999", "Gavekort")}
PAYMENTS = {"KONT": ("12001", "Kontant"), "BAX": ("12002", "Bankkort"), "VISA": ("12003", "Kredittkort"),
            "VIPPS": ("12011", "Vipps"), "GAVE": ("12005", "Gavekort")}
# written only into files that have credit sales (files without them stay exactly as they were)
CREDIT_PAYMENT = "KUNDE"
CREDIT_BASICS = (("12", CREDIT_PAYMENT, "12006", "Kreditt (kundekonto)"), ("11", "KREDITT", "11002", "Kredittsalg"),
                 ("11", "KREDRET", "11017", "Kredittsalg og retur"), ("13", "UTLEV", "13016", "Utleveringskvittering"),
                 ("11", "INNBET", "11005", "Innbetaling på kundekonto"))


@dataclass(frozen=True)
class Customer:
    """A customer in ``customersSuppliers``: who a credit sale is invoiced to."""

    cust_id: str
    name: str
    org_nr: str = ""
    street: str = ""
    number: str = ""
    postal_code: str = ""
    city: str = ""


DEMO_CUSTOMERS = (
    Customer("K1001", "Byggmester Hansen AS", "912345678", "Industriveien", "12", "0581", "Oslo"),
    Customer("K1002", "Grünerløkka Frisør", "923456789", "Thorvald Meyers gate", "40", "0555", "Oslo"),
    Customer("K1003", "Kari Nordmann", "", "Storgata", "1", "0155", "Oslo"),  # a private customer: no org.nr
)
ARTICLES = {"A-100": ("100", "Smørbrød"), "A-300": ("300", "Pils 0,5 l"), "A-400": ("400", "Kaffe stor"),
            "A-500": ("500", "Kaffebønner 500 g")}


@dataclass
class Line:
    group: str
    vat_code: str
    gross: Decimal  # > 0 for a sale line (the transaction's kind decides the sign)
    article: str | None = None  # artID (written with the line's text, quantity and unit price)
    quantity: Decimal | None = None
    text: str | None = None

    @property
    def rate(self) -> Decimal:
        return VAT_CODES[self.vat_code][1]

    @property
    def ex(self) -> Decimal:
        return (self.gross * 100 / (100 + self.rate)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def vat(self) -> Decimal:
        return self.gross - self.ex


@dataclass
class Txn:
    nr: int
    when: dt.datetime
    lines: list[Line]
    payments: list[tuple[str, Decimal]]  # positive for a sale, as paid
    rounding: Decimal = ZERO
    tips: Decimal = ZERO
    is_return: bool = False
    void: bool = False
    training: bool = False
    copy: bool = False
    register: str = ""
    customer: str | None = None  # custSupID: a credit sale
    invoice_id: str | None = None
    settlement: bool = False  # a payment received at the register on an earlier credit sale (11005): no lines

    @property
    def total(self) -> Decimal:
        return sum((ln.gross for ln in self.lines), ZERO)

    @property
    def sign(self) -> int:
        return -1 if self.is_return else 1


@dataclass
class Register:
    register_id: str
    transactions: list[Txn] = field(default_factory=list)
    z_times: list[dt.datetime] = field(default_factory=list)  # Z taken at these moments


@dataclass
class Location:
    name: str
    registers: list[Register] = field(default_factory=list)


def make_credit_txn(nr: int, when: dt.datetime, lines: list[Line], customer: Customer | str, *,
                    invoice_id: str | None = None, is_return: bool = False) -> Txn:
    """A sale (or return) on the customer's account: paid in full with the customer-account payment type."""
    cid = customer.cust_id if isinstance(customer, Customer) else customer
    total = sum((ln.gross for ln in lines), ZERO)
    return Txn(nr, when, lines, [(CREDIT_PAYMENT, total)], is_return=is_return, customer=cid,
               invoice_id=invoice_id or f"F{when:%Y%m%d}-{nr}")


def make_settlement_txn(nr: int, when: dt.datetime, amount: Decimal, payment_type: str,
                        customer: Customer | str) -> Txn:
    """A customer paying ``amount`` of an earlier credit sale at the register (11005): money in, the customer's
    debt down, no revenue."""
    cid = customer.cust_id if isinstance(customer, Customer) else customer
    return Txn(nr, when, [], [(payment_type, amount)], customer=cid, settlement=True)


def make_txn(nr: int, when: dt.datetime, lines: list[Line], payment_type: str, *, is_return: bool = False,
             tips: Decimal = ZERO, cash_rounding: bool = True, **flags) -> Txn:
    total = sum((ln.gross for ln in lines), ZERO)
    rounding = ZERO
    if payment_type == "KONT" and cash_rounding:
        rounding = total.quantize(Decimal("1"), ROUND_HALF_UP) - total
    paid = total + rounding + tips
    return Txn(nr, when, lines, [(payment_type, paid)], rounding, tips, is_return, **flags)


# --- Z figures, computed independently of the reader ---------------------------------------------------------

@dataclass
class ZFigures:
    report_id: int
    when: dt.datetime
    register: str = ""
    total: Decimal = ZERO
    groups: dict[str, Decimal] = field(default_factory=dict)
    payments: dict[str, Decimal] = field(default_factory=dict)
    vat: dict[str, list[Decimal]] = field(default_factory=dict)
    tips: Decimal = ZERO
    tips_num: int = 0
    rounding: Decimal = ZERO
    receipts: int = 0
    returns_num: int = 0
    returns_amt: Decimal = ZERO
    void_num: int = 0
    void_amt: Decimal = ZERO
    training_num: int = 0
    training_amt: Decimal = ZERO
    copy_num: int = 0
    copy_amt: Decimal = ZERO
    gt_sales: Decimal = ZERO
    gt_return: Decimal = ZERO
    credit_num: int = 0
    credit_amt: Decimal = ZERO


def z_figures(reg: Register) -> list[tuple[ZFigures, list[Txn]]]:
    """Each Z of the register with the transactions of its window; counted ones only for the sums."""
    out = []
    txns = sorted(reg.transactions, key=lambda t: (t.when, t.nr))
    i = 0
    gt_sales = gt_ret = ZERO
    for n, zt in enumerate(sorted(reg.z_times), start=1):
        z = ZFigures(n, zt, reg.register_id)
        window = []
        while i < len(txns) and txns[i].when <= zt:
            window.append(txns[i])
            i += 1
        for t in window:
            s = t.sign
            if t.void:
                z.void_num += 1
                z.void_amt += t.total
                continue
            if t.training:
                z.training_num += 1
                z.training_amt += t.total
                continue
            z.receipts += 1
            z.total += s * t.total
            for ln in t.lines:
                z.groups[ln.group] = z.groups.get(ln.group, ZERO) + s * ln.gross
                p = z.vat.setdefault(ln.vat_code, [ZERO, ZERO])
                p[0] += s * ln.ex
                p[1] += s * ln.vat
            for pt, amt in t.payments:
                z.payments[pt] = z.payments.get(pt, ZERO) + s * amt
            z.rounding += s * t.rounding
            if t.tips:
                z.tips += s * t.tips
                z.tips_num += 1
            if t.is_return:
                z.returns_num += 1
                z.returns_amt += t.total
                gt_ret += t.total
            else:
                gt_sales += t.total
            if t.copy:
                z.copy_num += 1
                z.copy_amt += t.total
            if t.customer is not None:
                z.credit_num += 1
                z.credit_amt += s * t.total
        z.gt_sales, z.gt_return = gt_sales, gt_ret
        out.append((z, window))
    return out


# --- writing ---------------------------------------------------------------------------------------------------

def _a(v: Decimal) -> str:
    return f"{q2(v):.2f}"


def _basics(credit: bool = False) -> Iterator[str]:
    def basic(t, bid, pre, desc):
        pre_x = f"<predefinedBasicID>{pre}</predefinedBasicID>" if pre else ""
        return (f"<basic><basicType>{t}</basicType><basicID>{bid}</basicID>{pre_x}"
                f"<basicDesc>{escape(desc)}</basicDesc></basic>")
    for gid, (pre, desc) in GROUPS.items():
        yield basic("04", gid, pre, desc)
    yield basic("05", "SAL", None, "Salgslinje")
    yield basic("05", "RET", None, "Returlinje")
    yield basic("10", "TIPS", "10001", "Tips")
    yield basic("11", "SALG", "11001", "Kontantsalg")
    yield basic("11", "RETUR", "11006", "Retur")
    for pid, (pre, desc) in PAYMENTS.items():
        yield basic("12", pid, pre, desc)
    yield basic("13", "ZRAP", "13009", "Z-rapport")
    yield basic("13", "KOPI", "13014", "Kopikvittering")
    if credit:
        for t, bid, pre, desc in CREDIT_BASICS:
            yield basic(t, bid, pre, desc)


def _txn_xml(t: Txn, style: str, reg_id: str) -> str:
    s = t.sign
    tp = "D" if t.is_return else "C"

    def amt(v: Decimal) -> str:  # a revenue amount as the producer writes it
        return _a(abs(v)) if style == "absolute" else _a(s * v)

    credit = t.customer is not None
    trans_type = ("KREDRET" if t.is_return else "KREDITT") if credit else ("RETUR" if t.is_return else "SALG")
    if t.settlement:
        trans_type = "INNBET"
    parts = [f"<cashtransaction><nr>{t.nr}</nr><transID>{t.nr}</transID>"
             f"<transType>{trans_type}</transType>"
             f"<transAmntIn>{amt(t.total)}</transAmntIn>"
             f"<transAmntEx>{amt(sum((ln.ex for ln in t.lines), ZERO))}</transAmntEx><amntTp>{tp}</amntTp>"
             + (f"<custSupID>{escape(t.customer)}</custSupID>" if credit else "")
             + f"<transDate>{t.when:%Y-%m-%d}</transDate><transTime>{t.when:%H:%M:%S}</transTime>"
             + (f"<invoiceID>{escape(t.invoice_id)}</invoiceID>" if credit and t.invoice_id else "")]
    vat: dict[str, list[Decimal]] = {}
    for i, ln in enumerate(t.lines, start=1):
        p = vat.setdefault(ln.vat_code, [ZERO, ZERO])
        p[0] += ln.ex
        p[1] += ln.vat
        qty = ln.quantity if ln.quantity is not None else Decimal(1)
        art = f"<artID>{escape(ln.article)}</artID>" if ln.article else ""
        # unit price incl. VAT, as a Norwegian shop prices; the line's own text only when it has one
        ppu = f"<ppu>{(ln.gross / qty).quantize(Decimal('0.01'), ROUND_HALF_UP)}</ppu>" if ln.article else ""
        text = f"<cashTransLineDescr>{escape(ln.text)}</cashTransLineDescr>" if ln.text else ""
        parts.append(
            f"<ctLine><nr>{t.nr}</nr><lineID>{i}</lineID><lineType>{'RET' if t.is_return else 'SAL'}</lineType>"
            f"<artGroupID>{ln.group}</artGroupID>{art}<qnt>{-qty if t.is_return else qty}</qnt>"
            f"<lineAmntIn>{amt(ln.gross)}</lineAmntIn><lineAmntEx>{amt(ln.ex)}</lineAmntEx><amntTp>{tp}</amntTp>"
            f"{ppu}{text}<vat><vatCode>{ln.vat_code}</vatCode><vatPerc>{ln.rate:.2f}</vatPerc><vatAmnt>{amt(ln.vat)}</vatAmnt>"
            f"<vatAmntTp>{tp}</vatAmntTp><vatBasAmnt>{amt(ln.ex)}</vatBasAmnt></vat></ctLine>")
    for code, (b, v) in vat.items():
        parts.append(f"<vat><vatCode>{code}</vatCode><vatPerc>{VAT_CODES[code][1]:.2f}</vatPerc>"
                     f"<vatAmnt>{amt(v)}</vatAmnt><vatAmntTp>{tp}</vatAmntTp><vatBasAmnt>{amt(b)}</vatBasAmnt></vat>")
    if t.tips:
        parts.append(f"<raise><raiseType>TIPS</raiseType><raiseAmnt>{amt(t.tips)}</raiseAmnt></raise>")
    parts.append(f"<rounding><roundingAmnt>{_a(t.rounding if style == 'absolute' else s * t.rounding)}</roundingAmnt>"
                 f"</rounding>")
    for pt, paid in t.payments:
        parts.append(f"<payment><paymentType>{pt}</paymentType><paidAmnt>{_a(paid if style == 'absolute' else s * paid)}"
                     f"</paidAmnt><curCode>NOK</curCode></payment>")
    parts.append(f"<signature>NA</signature><keyVersion>NA</keyVersion><receiptNum>1</receiptNum>"
                 f"<receiptCopyNum>{1 if t.copy else 0}</receiptCopyNum>"
                 + ("<receiptDeliveryNum>1</receiptDeliveryNum>" if credit and not t.settlement else "") +
                 f"<voidTransaction>{'true' if t.void else 'false'}</voidTransaction>"
                 f"<trainingID>{'true' if t.training else 'false'}</trainingID></cashtransaction>")
    return "".join(parts)


def _z_xml(z: ZFigures, reg_id: str, company: str, company_name: str, event_id: int) -> str:
    groups = "".join(f"<reportArtGroup><artGroupID>{g}</artGroupID><artGroupNum>1</artGroupNum>"
                     f"<artGroupAmnt>{_a(a)}</artGroupAmnt></reportArtGroup>" for g, a in sorted(z.groups.items()))
    pays = "".join(f"<reportPayment><paymentType>{p}</paymentType><paymentNum>1</paymentNum>"
                   f"<paymentAmnt>{_a(a)}</paymentAmnt></reportPayment>" for p, a in sorted(z.payments.items()))
    vats = "".join(f"<reportCashSaleVat><vatCode>{c}</vatCode><vatPerc>{VAT_CODES[c][1]:.2f}</vatPerc>"
                   f"<cashSaleAmnt>{_a(b)}</cashSaleAmnt><vatAmnt>{_a(v)}</vatAmnt></reportCashSaleVat>"
                   for c, (b, v) in sorted(z.vat.items()))
    if not groups:
        groups = "<reportArtGroup><artGroupID>100</artGroupID><artGroupNum>0</artGroupNum><artGroupAmnt>0.00</artGroupAmnt></reportArtGroup>"
    if not pays:
        pays = "<reportPayment><paymentType>KONT</paymentType><paymentNum>0</paymentNum><paymentAmnt>0.00</paymentAmnt></reportPayment>"
    if not vats:
        vats = "<reportCashSaleVat><vatCode>3</vatCode><vatPerc>25.00</vatPerc><cashSaleAmnt>0.00</cashSaleAmnt><vatAmnt>0.00</vatAmnt></reportCashSaleVat>"
    tip = (f"<reportTip><tipNum>{z.tips_num}</tipNum><tipAmnt>{_a(z.tips)}</tipAmnt></reportTip>" if z.tips_num else "")
    return (
        f"<event><eventID>{event_id}</eventID><eventType>ZRAP</eventType><eventDate>{z.when:%Y-%m-%d}</eventDate>"
        f"<eventTime>{z.when:%H:%M:%S}</eventTime><eventReport><reportID>{reg_id}-{z.report_id}</reportID>"
        f"<reportType>Z report</reportType><companyIdent>{company}</companyIdent>"
        f"<companyName>{escape(company_name)}</companyName><reportDate>{z.when:%Y-%m-%d}</reportDate>"
        f"<reportTime>{z.when:%H:%M:%S}</reportTime><registerID>{escape(reg_id)}</registerID>"
        f"<reportTotalCashSales><totalCashSaleAmnt>{_a(z.total)}</totalCashSaleAmnt></reportTotalCashSales>"
        f"<reportArtGroups>{groups}</reportArtGroups><reportPayments>{pays}</reportPayments>{tip}"
        f"<reportCashSalesVat>{vats}</reportCashSalesVat><reportOpeningChangeFloat>0.00</reportOpeningChangeFloat>"
        f"<reportReceiptNum>{z.receipts}</reportReceiptNum><reportOpenCashBoxNum>0</reportOpenCashBoxNum>"
        f"<reportReceiptCopyNum>{z.copy_num}</reportReceiptCopyNum><reportReceiptCopyAmnt>{_a(z.copy_amt)}"
        f"</reportReceiptCopyAmnt><reportReceiptProformaNum>0</reportReceiptProformaNum>"
        f"<reportReceiptProformaAmnt>0.00</reportReceiptProformaAmnt><reportReturnNum>{z.returns_num}"
        f"</reportReturnNum><reportReturnAmnt>{_a(z.returns_amt)}</reportReturnAmnt>"
        f"<reportDiscountNum>0</reportDiscountNum><reportDiscountAmnt>0.00</reportDiscountAmnt>"
        f"<reportVoidTransNum>{z.void_num}</reportVoidTransNum><reportVoidTransAmnt>{_a(z.void_amt)}"
        f"</reportVoidTransAmnt><reportCorrLines><reportCorrLine><corrLineType>None</corrLineType>"
        f"<corrLineNum>0</corrLineNum><corrLineAmnt>0.00</corrLineAmnt></reportCorrLine></reportCorrLines>"
        f"<reportPriceInquiries><reportPriceInquiry><priceInquiryGroup>None</priceInquiryGroup>"
        f"<priceInquiryNum>0</priceInquiryNum><priceInquiryAmnt>0.00</priceInquiryAmnt></reportPriceInquiry>"
        f"</reportPriceInquiries><reportOtherCorrs><reportOtherCorr><otherCorrType>None</otherCorrType>"
        f"<otherCorrNum>0</otherCorrNum><otherCorrAmnt>0.00</otherCorrAmnt></reportOtherCorr></reportOtherCorrs>"
        f"<reportReceiptDeliveryNum>{z.credit_num}</reportReceiptDeliveryNum><reportReceiptDeliveryAmnt>"
        f"{_a(z.credit_amt)}</reportReceiptDeliveryAmnt><reportTrainingNum>{z.training_num}</reportTrainingNum>"
        f"<reportTrainingAmnt>{_a(z.training_amt)}</reportTrainingAmnt>"
        + (f"<reportCreditSales><creditSalesNum>{z.credit_num}</creditSalesNum><creditSalesAmnt>{_a(z.credit_amt)}"
           f"</creditSalesAmnt></reportCreditSales>" if z.credit_num else "") +
        f"<reportGrandTotalSales>{_a(z.gt_sales)}</reportGrandTotalSales>"
        f"<reportGrandTotalReturn>{_a(z.gt_return)}</reportGrandTotalReturn>"
        f"<reportGrandTotalSalesNet>{_a(z.gt_sales - z.gt_return)}</reportGrandTotalSalesNet>"
        f"</eventReport></event>")


def write_saft(out: IO[str], locations: Iterable[Location], *, company: str = "999888777",
               company_name: str = "Demo Kaffebar AS", style: str = "signed", created: dt.datetime | None = None,
               start: dt.date | None = None, end: dt.date | None = None,
               include_txn: Callable[[Txn], bool] | None = None,
               include_z: Callable[[ZFigures], bool] | None = None,
               customers: Iterable[Customer] = ()) -> None:
    """Write one file. Z figures are always computed from *all* of a register's transactions; ``include_txn``
    and ``include_z`` choose what this file contains (an export of some days, a Z-only export, a partial one).
    ``customers`` go to ``customersSuppliers`` (a credit sale's customer needs not be there: an unknown one)."""
    locations = list(locations)
    customers = list(customers)
    credit = bool(customers) or any(t.customer is not None for loc in locations for reg in loc.registers
                                    for t in reg.transactions)
    created = created or dt.datetime(2026, 1, 1, 6, 0)
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w(f'<auditfile xmlns="{NS}"><header><fiscalYear>{(start or created.date()).year}</fiscalYear>'
      f'<startDate>{(start or created.date()):%Y-%m-%d}</startDate><endDate>{(end or created.date()):%Y-%m-%d}</endDate>'
      f'<curCode>NOK</curCode><dateCreated>{created:%Y-%m-%d}</dateCreated><timeCreated>{created:%H:%M:%S}'
      f'</timeCreated><softwareDesc>ledgerwizard saftgen</softwareDesc><softwareVersion>1</softwareVersion>'
      f'<softwareCompanyName>ledgerwizard</softwareCompanyName><auditfileVersion>1.0</auditfileVersion></header>')
    w(f"<company><companyIdent>{company}</companyIdent><companyName>{escape(company_name)}</companyName>"
      f"<taxRegistrationCountry>NO</taxRegistrationCountry><taxRegIdent>{company}MVA</taxRegIdent>")
    if customers:
        w("<customersSuppliers>")
        for c in customers:
            tax = (f"<taxRegistrationCountry>NO</taxRegistrationCountry><taxRegIdent>{c.org_nr}MVA</taxRegIdent>"
                   if c.org_nr else "")
            w(f"<customerSupplier><custSupID>{escape(c.cust_id)}</custSupID><custSupName>{escape(c.name)}"
              f"</custSupName><custSupType>Customer</custSupType>{tax}<streetAddress><streetname>{escape(c.street)}"
              f"</streetname><number>{escape(c.number)}</number><city>{escape(c.city)}</city><postalCode>"
              f"{escape(c.postal_code)}</postalCode><country>NO</country></streetAddress></customerSupplier>")
        w("</customersSuppliers>")
    w("<vatCodeDetails>")
    for code, (std, rate) in VAT_CODES.items():
        w(f"<vatCodeDetail><vatCode>{code}</vatCode><dateOfEntry>2020-01-01</dateOfEntry>"
          f"<vatDesc>MVA {rate} %</vatDesc><standardVatCode>{std}</standardVatCode></vatCodeDetail>")
    w("</vatCodeDetails>")
    if credit:
        w("<articles>")
        for art, (group, desc) in ARTICLES.items():
            w(f"<article><artID>{art}</artID><dateOfEntry>2020-01-01</dateOfEntry><artGroupID>{group}</artGroupID>"
              f"<artDesc>{escape(desc)}</artDesc></article>")
        w("</articles>")
    w("<basics>")
    for b in _basics(credit):
        w(b)
    w("</basics>")
    event_id = 1
    for loc in locations:
        w(f"<location><name>{escape(loc.name)}</name>")
        for reg in loc.registers:
            w(f"<cashregister><registerID>{escape(reg.register_id)}</registerID>")
            zs = z_figures(reg)
            for z, _ in zs:
                if include_z is None or include_z(z):
                    w(_z_xml(z, reg.register_id, company, company_name, event_id))
                event_id += 1
            for t in sorted(reg.transactions, key=lambda t: (t.when, t.nr)):
                if t.customer is not None and not t.settlement and (include_txn is None or include_txn(t)):  # its delivery receipt
                    w(f"<event><eventID>{escape(reg.register_id)}-UTLEV-{t.nr}</eventID><eventType>UTLEV</eventType>"
                      f"<transID>{t.nr}</transID><eventDate>{t.when:%Y-%m-%d}</eventDate>"
                      f"<eventTime>{t.when:%H:%M:%S}</eventTime></event>")
            for t in sorted(reg.transactions, key=lambda t: (t.when, t.nr)):
                if include_txn is None or include_txn(t):
                    w(_txn_xml(t, style, reg.register_id))
            w("</cashregister>")
        w("</location>")
    w("</company></auditfile>\n")


# --- realistic random days (demo data and benchmarks) -------------------------------------------------------

def random_day(rng: random.Random, day: dt.date, register_id: str, receipts: int, first_nr: int,
               open_hour: int = 8, close_hour: int = 22) -> list[Txn]:
    out = []
    span = (close_hour - open_hour) * 3600
    for i in range(receipts):
        when = dt.datetime.combine(day, dt.time(open_hour)) + dt.timedelta(seconds=int(span * (i + rng.random()) / receipts))
        lines = []
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            group = rng.choice(("100", "100", "300", "400", "400", "500", "200"))
            code = {"100": rng.choice(("2", "2", "3")), "200": "3", "300": "3", "400": rng.choice(("2", "3")),
                    "500": "3"}[group]
            lines.append(Line(group, code, Decimal(rng.randrange(1500, 25000)) / 100))
        pay = rng.choice(("BAX", "BAX", "BAX", "VISA", "VIPPS", "KONT"))
        is_return = rng.random() < 0.01
        tips = Decimal(rng.choice((0, 0, 0, 0, 10, 20))) if pay != "KONT" and not is_return else ZERO
        out.append(make_txn(first_nr + i, when, lines, pay, is_return=is_return, tips=tips,
                            void=rng.random() < 0.003, copy=rng.random() < 0.01, register=register_id))
    return out


def credit_day(rng: random.Random, day: dt.date, first_nr: int, customers: list[Customer],
               count: int) -> list[Txn]:
    """``count`` credit sales on ``day`` (one in ten a return on credit), customers taken in turn."""
    out = []
    for i in range(count):
        when = dt.datetime.combine(day, dt.time(10)) + dt.timedelta(minutes=rng.randrange(0, 600))
        lines = []
        for _ in range(rng.choice((1, 2, 3))):
            art = rng.choice(sorted(ARTICLES))
            group, desc = ARTICLES[art]
            qty = Decimal(rng.choice((1, 1, 2, 3, 6)))
            unit = Decimal(rng.randrange(2000, 30000)) / 100
            code = {"100": "2", "300": "3", "400": "3", "500": "2"}[group]
            lines.append(Line(group, code, unit * qty, article=art, quantity=qty,
                              text=desc if rng.random() < 0.5 else None))
        out.append(make_credit_txn(first_nr + i, when, lines, customers[(first_nr + i) % len(customers)],
                                   is_return=rng.random() < 0.1))
    return out


def demo_locations(start: dt.date, days: int, seed: int = 7,
                   credit_customers: Iterable[Customer] | None = None) -> list[Location]:
    """Two stores, three registers, ``days`` days with a Z each evening: the demo's sample export. With
    ``credit_customers``, each register also sells on account to them (write the file with
    ``customers=...`` to give them master data); without, the export is exactly the demo's as before."""
    customers = list(credit_customers or [])
    credit_rng = random.Random(seed * 31 + 5)
    rng = random.Random(seed)
    locs = [Location("Kaffebar Grünerløkka", [Register("GL-1"), Register("GL-2")]),
            Location("Kaffebar Majorstuen", [Register("MJ-1")])]
    for loc in locs:
        for reg in loc.registers:
            nr = 1
            for d in range(days):
                day = start + dt.timedelta(days=d)
                txns = random_day(rng, day, reg.register_id, rng.randrange(40, 90), nr)
                nr += len(txns)
                if customers:
                    more = credit_day(credit_rng, day, nr, customers, credit_rng.choice((0, 1, 2, 3)))
                    nr += len(more)
                    txns += more
                reg.transactions.extend(txns)
                reg.z_times.append(dt.datetime.combine(day, dt.time(22, 45)))
    return locs
