"""One balanced sales voucher per store and business day, built from a day summary and the store's mapping.

Sign convention: a line's ``amount`` is positive for debit and negative for credit, so a voucher balances
when its amounts sum to exactly zero. Two line styles, because the ledgers differ:

* ``gross``: revenue lines carry the amount *including* VAT and a VAT code; the ledger computes the VAT.
  The VAT it will compute can differ from the POS's by an øre per rate; ``vat_differences`` reports it.
* ``net``: revenue lines are *excluding* VAT, and the POS's VAT goes on the output-VAT accounts as lines of
  their own (variant B of the reference), so the ledger's VAT equals the Z report exactly.

The builder refuses rather than guesses: any blank account raises ``UnmappedError`` listing exactly what is
unmapped, and data that do not add up raise ``UnbalancedDataError``; no plug line is ever invented.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .errors import UnbalancedDataError, UnmappedError
from .i18n import Text
from .mapping import CREDIT_RECEIVABLES, Mapping
from .money import ZERO, allocate, fmt, fmt_nb, vat_from_gross
from .saft.model import Agg, VatKey
from .summary import DaySummary, z_key

STYLES = ("gross", "net")


@dataclass(frozen=True)
class VoucherLine:
    account: str
    amount: Decimal  # + debit, − credit
    text: str
    kind: str  # revenue, vat, payment, rounding, tips, gift_card, receivables, cash_difference
    vat_code: str = ""  # the ledger's VAT code, on revenue lines
    vat_rate: Decimal | None = None
    department: str = ""

    @property
    def debit(self) -> Decimal:
        return self.amount if self.amount > 0 else ZERO

    @property
    def credit(self) -> Decimal:
        return -self.amount if self.amount < 0 else ZERO

    def to_dict(self) -> dict:
        return {"account": self.account, "text": self.text, "kind": self.kind, "vat_code": self.vat_code,
                "vat_rate": fmt(self.vat_rate) if self.vat_rate is not None else None,
                "department": self.department, "debit": fmt(self.debit), "credit": fmt(self.credit),
                "amount": fmt(self.amount)}


@dataclass(frozen=True)
class VatDifference:
    key: VatKey
    ledger_code: str
    pos_vat: Decimal
    ledger_vat: Decimal  # what the ledger computes from the gross lines

    @property
    def difference(self) -> Decimal:
        return self.ledger_vat - self.pos_vat

    def to_dict(self) -> dict:
        return {"vat_code": self.key.code, "ledger_code": self.ledger_code, "rate": fmt(self.key.rate),
                "pos_vat": fmt(self.pos_vat), "ledger_vat": fmt(self.ledger_vat),
                "difference": fmt(self.difference)}


@dataclass
class Voucher:
    store: str
    store_name: str
    company: str
    business_day: dt.date
    external_ref: str
    description: str
    style: str
    lines: list[VoucherLine]
    vat_differences: list[VatDifference] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    z_reports: list[str] = field(default_factory=list)
    z_keys: list[str] = field(default_factory=list)  # the day's Z reports as the journal keeps them (holds.z_key)

    @property
    def total_debit(self) -> Decimal:
        return sum((ln.debit for ln in self.lines), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((ln.credit for ln in self.lines), ZERO)

    @property
    def balanced(self) -> bool:
        return sum((ln.amount for ln in self.lines), ZERO) == 0

    def to_dict(self) -> dict:
        return {"store": self.store, "store_name": self.store_name, "company": self.company,
                "business_day": self.business_day.isoformat(), "external_reference": self.external_ref,
                "description": self.description, "style": self.style,
                "lines": [ln.to_dict() for ln in self.lines], "total_debit": fmt(self.total_debit),
                "total_credit": fmt(self.total_credit), "balanced": self.balanced,
                "vat_differences": [d.to_dict() for d in self.vat_differences],
                "notes": [{"nb": n.nb, "en": n.en} for n in self.notes], "z_reports": self.z_reports}


def external_reference(company: str, store: str, day: dt.date) -> str:
    """Stable per (company, store, business day); at most 40 characters, safe for every ledger's field."""
    slug = re.sub(r"[^A-Za-z0-9]+", "", store)[:11] or "S"
    h = hashlib.sha256(f"{company}\x1f{store}".encode()).hexdigest()[:6]
    comp = re.sub(r"[^0-9A-Za-z]", "", company)[:9]
    return f"LW-{comp}-{slug}-{h}-{day:%Y%m%d}"


def included(summary: DaySummary, mapping: Mapping) -> tuple[Agg, list[Text]]:
    """The part of the day that goes on the voucher, and notes on what is left out and why."""
    agg = Agg()
    notes: list[Text] = []
    agg.merge(summary.parts["sale"])
    credit = summary.parts["credit"]
    if credit.n_trans or credit.payments:
        if mapping.credit_sales == CREDIT_RECEIVABLES:
            agg.merge(credit)
        else:
            notes.append(Text(
                f"Kredittsalg ({credit.n_trans} transaksjoner, {fmt_nb(credit.total_in)} kr) er ikke med: de "
                f"faktureres i regnskapssystemet.",
                f"Credit sales ({credit.n_trans} transactions, NOK {fmt(credit.total_in)}) are left out: they are "
                f"invoiced in the accounting system."))
    gift = summary.parts["giftcard"]
    if gift.n_trans:
        if mapping.gift_cards:
            agg.merge(gift)
        else:
            notes.append(Text(
                f"Transaksjoner med gavekort ({gift.n_trans}, {fmt_nb(gift.total_in)} kr) er ikke med: gavekort er "
                f"slått av og må føres manuelt.",
                f"Transactions with gift cards ({gift.n_trans}, NOK {fmt(gift.total_in)}) are left out: gift cards "
                f"are turned off and must be posted by hand."))
    return agg, notes


def unmapped(summary: DaySummary, mapping: Mapping, style: str = "gross") -> list[str]:
    """Everything the day needs that has no account (or VAT code), in words a shop owner recognises."""
    agg, _ = included(summary, mapping)
    m = summary.master
    missing: list[str] = []
    for key, (base, vat) in sorted(agg.vat.items()):
        if not base and not vat:
            continue
        vm = mapping.vat.get(key.code)
        std = m.standard_vat(key.code) or "?"
        label = f"Mva-kode {key.label()} (SAF-T {std})"
        if vm is None or not vm.ledger_code:
            missing.append(f"{label}: mangler regnskapets mva-kode / no ledger VAT code")
        if style == "net" and vat and (vm is None or not vm.output_account):
            missing.append(f"{label}: mangler konto for utgående mva / no output VAT account")
        groups = [(g, b) for (g, k), (_gr, b) in agg.groups.items() if k == key]
        if not groups and (vm is None or not vm.revenue_account):
            missing.append(f"{label}: mangler inntektskonto / no revenue account")
        for g, _b in sorted(groups):
            gm = mapping.groups.get(g)
            if gm is None or not gm.account_for(key.code):
                missing.append(f"Varegruppe {g or '(ingen)'} {m.desc(g)} med mva-kode {key.label()}: mangler konto / "
                               f"article group has no account")
    for t, amount in sorted(agg.payments.items()):
        if not amount:
            continue
        if t == "__credit__":
            if not mapping.receivables_account:
                missing.append("Kredittsalg: mangler konto for kundefordringer / no receivables account")
        elif not mapping.payments.get(t):
            missing.append(f"Betalingsmåte {t} ({m.desc(t)}): mangler konto / payment type has no account")
    for t, amount in sorted(agg.cash_difference.items()):
        if amount and not mapping.payments.get(t):
            missing.append(f"Betalingsmåte {t} ({m.desc(t)}): mangler konto / payment type has no account")
    if any(agg.cash_difference.values()) and not mapping.cash_difference_account:
        missing.append("Kassedifferanse: mangler konto / no cash-difference account")
    if agg.rounding and not mapping.rounding_account:
        missing.append("Øreavrunding: mangler konto / no rounding account")
    if agg.tips and not mapping.tips_account:
        missing.append("Tips: mangler konto / no tips account")
    if agg.gift_card_sales and not mapping.gift_card_account:
        missing.append("Gavekort solgt: mangler konto / no gift-card liability account")
    return missing


def build_voucher(summary: DaySummary, mapping: Mapping, *, store_name: str | None = None,
                  department: str = "", company: str | None = None, style: str = "gross") -> Voucher:
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}")
    name = store_name or summary.store
    missing = unmapped(summary, mapping, style)
    if missing:
        raise UnmappedError(missing, name)
    agg, notes = included(summary, mapping)
    residual = agg.residual()
    if residual:
        raise UnbalancedDataError(
            Text(f"Tallene for {name} {summary.business_day} går ikke opp: betalingene er {fmt_nb(residual)} kr "
                 f"{'høyere' if residual > 0 else 'lavere'} enn salget (inkl. mva, tips og øreavrunding).",
                 f"The figures for {name} {summary.business_day} do not add up: payments are NOK {fmt(residual)} "
                 f"{'more' if residual > 0 else 'less'} than sales (incl. VAT, tips and rounding)."),
            Text("Ingenting er sendt. Kontroller Z-rapporten i kassesystemet, og kontakt kasseleverandøren om "
                 "eksporten er feil.",
                 "Nothing was sent. Check the Z report in the POS, and contact the POS vendor if the export is "
                 "wrong."),
            details=[c.describe().get() for c in summary.reconciliation.differences])
    m = summary.master
    dept = department

    # revenue: each VAT code's base (and VAT) split over its article groups, to the øre
    revenue: dict[tuple[str, VatKey], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for key, (base, vat) in sorted(agg.vat.items()):
        if not base and not vat:
            continue
        entries = sorted(((g, b if b else gr) for (g, k), (gr, b) in agg.groups.items() if k == key))
        if entries:
            bases = allocate(base, [w for _, w in entries])
            vats = allocate(vat, [w for _, w in entries])
            for (g, _), b, v in zip(entries, bases, vats, strict=True):
                acc = mapping.groups[g].account_for(key.code)
                revenue[(acc, key)][0] += b
                revenue[(acc, key)][1] += v
        else:
            acc = mapping.vat[key.code].revenue_account
            revenue[(acc, key)][0] += base
            revenue[(acc, key)][1] += vat

    lines: list[VoucherLine] = []
    for t, amount in sorted(agg.payments.items(), key=lambda kv: (kv[0] == "__credit__", kv[0])):
        if not amount:
            continue
        if t == "__credit__":
            lines.append(VoucherLine(mapping.receivables_account, amount, "Kredittsalg (kundefordring)",
                                     "receivables", department=dept))
        else:
            lines.append(VoucherLine(mapping.payments[t], amount, f"{m.desc(t)} ({t})", "payment", department=dept))
    if agg.rounding:
        lines.append(VoucherLine(mapping.rounding_account, -agg.rounding, "Øreavrunding", "rounding", department=dept))
    for t, amount in sorted(agg.cash_difference.items()):
        if amount:  # a shortage (negative) credits the cash account and debits the cash-difference account
            lines.append(VoucherLine(mapping.payments[t], amount, f"Kassedifferanse {m.desc(t)} ({t})",
                                     "cash_difference", department=dept))
            lines.append(VoucherLine(mapping.cash_difference_account, -amount, "Kassedifferanse", "cash_difference",
                                     department=dept))
    vat_differences: list[VatDifference] = []
    ledger_vat: dict[VatKey, Decimal] = defaultdict(Decimal)
    for (acc, key), (base, vat) in sorted(revenue.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        code = mapping.vat[key.code].ledger_code
        rate_txt = f"{key.rate.normalize():f} %"
        if style == "gross":
            gross = base + vat
            lines.append(VoucherLine(acc, -gross, f"Salg {rate_txt} mva", "revenue", code, key.rate, dept))
            ledger_vat[key] += vat_from_gross(gross, key.rate)
        else:
            lines.append(VoucherLine(acc, -base, f"Salg {rate_txt} mva, netto", "revenue", code, key.rate, dept))
    for key, (_base, vat) in sorted(agg.vat.items()):
        if not vat:
            continue
        if style == "net":
            lines.append(VoucherLine(mapping.vat[key.code].output_account, -vat, f"Utgående mva {key.rate.normalize():f} %",
                                     "vat", "", key.rate, dept))
        else:
            vat_differences.append(VatDifference(key, mapping.vat[key.code].ledger_code, vat, ledger_vat[key]))
    if agg.tips:
        lines.append(VoucherLine(mapping.tips_account, -agg.tips, "Tips til ansatte", "tips", department=dept))
    if agg.gift_card_sales:
        lines.append(VoucherLine(mapping.gift_card_account, -agg.gift_card_sales, "Gavekort solgt", "gift_card",
                                 department=dept))
    lines = [ln for ln in lines if ln.amount]
    total = sum((ln.amount for ln in lines), ZERO)
    if total != 0:  # cannot happen after the residual check; a guard against a bug, never a plug
        raise AssertionError(f"voucher does not balance: {total}")
    zs = [f"Z{z.report_id}" for z in summary.zreports]
    desc = f"Dagsoppgjør {name} {summary.business_day:%d.%m.%Y}" + (f" {' '.join(zs)}" if zs else "")
    for d in vat_differences:
        if d.difference:
            notes.append(Text(
                f"MVA {d.key.label()}: regnskapet regner {fmt_nb(d.ledger_vat)} kr, kassen {fmt_nb(d.pos_vat)} kr "
                f"(avvik {fmt_nb(d.difference)} kr, avrunding per linje i kassen).",
                f"VAT {d.key.label()}: the ledger computes NOK {fmt(d.ledger_vat)}, the POS NOK {fmt(d.pos_vat)} "
                f"(difference {fmt(d.difference)}, the POS rounds per line)."))
    return Voucher(
        store=summary.store, store_name=name, company=company or summary.company_ident,
        business_day=summary.business_day,
        external_ref=external_reference(company or summary.company_ident, summary.store, summary.business_day),
        description=desc, style=style, lines=lines, vat_differences=vat_differences, notes=notes, z_reports=zs,
        z_keys=[z_key(z) for z in summary.zreports])
