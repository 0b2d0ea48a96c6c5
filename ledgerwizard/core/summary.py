"""Day summaries per store and business day, reconciled against the Z reports (saft-cash-register.md §4.3).

Input: windows from one or many files (``saft.source.merge_windows``). Output: one ``DaySummary`` per
(company, store, business day) with the figures a voucher needs and every reconciliation check with its exact
difference. Z reports are authoritative for what a day *is*; transactions give the detail (groups × VAT).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from .display import printable
from .i18n import Text
from .money import ORE, ZERO, fmt, fmt_nb
from .saft.model import KINDS, Agg, CreditSale, Excluded, MasterData, VatKey, Window, ZReport

DEFAULT_TOLERANCE = Decimal("0.00")


@dataclass(slots=True)
class Check:
    """One reconciliation identity: ``actual`` (from the transactions or a sum) against ``expected`` (the Z)."""

    check: str  # total, group, payment, vat_base, vat, returns, tips, payments_vs_total, z_groups_sum, ...
    key: str
    register: str
    z: str
    expected: Decimal
    actual: Decimal
    tolerance: Decimal = DEFAULT_TOLERANCE
    # VAT checks only: how far the POS's own rounding (VAT rounded per line on the receipts, once per rate on the Z
    # report) can move the split between base and VAT when the gross agrees. Within it, a difference is rounding.
    rounding: Decimal = ZERO

    @property
    def difference(self) -> Decimal:
        return self.actual - self.expected

    @property
    def ok(self) -> bool:
        return abs(self.difference) <= self.tolerance

    @property
    def within_rounding(self) -> bool:
        """Not exact, but no more than the POS's VAT rounding can explain: reported, not a failure."""
        return not self.ok and abs(self.difference) <= max(self.rounding, self.tolerance)

    def describe(self) -> Text:
        what = _CHECK_NAMES.get(self.check, Text(self.check, self.check))
        key = f" {self.key}" if self.key else ""
        zpart = f" (kasse {self.register}, Z {self.z})" if self.z else f" (kasse {self.register})"
        zpart_en = f" (register {self.register}, Z {self.z})" if self.z else f" (register {self.register})"
        return Text(
            f"{what.nb}{key}{zpart}: forventet {fmt_nb(self.expected)}, fant {fmt_nb(self.actual)}, "
            f"avvik {fmt_nb(self.difference)}",
            f"{what.en}{key}{zpart_en}: expected {fmt(self.expected)}, found {fmt(self.actual)}, difference "
            f"{fmt(self.difference)}")

    def to_dict(self) -> dict:
        return {"check": self.check, "key": self.key, "register": self.register, "z": self.z,
                "expected": fmt(self.expected), "actual": fmt(self.actual), "difference": fmt(self.difference),
                "ok": self.ok, "rounding": self.within_rounding,
                "text": {"nb": self.describe().nb, "en": self.describe().en}}


_CHECK_NAMES = {
    "total": Text("Totalsalg mot Z", "Total sales against Z"),
    "group": Text("Varegruppe", "Article group"),
    "payment": Text("Betalingsmiddel", "Payment type"),
    "vat_base": Text("MVA-grunnlag", "VAT base"),
    "vat": Text("MVA-beløp", "VAT amount"),
    "returns": Text("Returer", "Returns"),
    "tips": Text("Tips", "Tips"),
    "payments_vs_total": Text("Z: betalinger mot totalsalg + øreavrunding", "Z: payments against total + rounding"),
    "z_groups_sum": Text("Z: sum varegrupper mot totalsalg", "Z: sum of article groups against total"),
    "z_vat_sum": Text("Z: sum grunnlag + MVA mot totalsalg", "Z: sum of base + VAT against total"),
    "grand_total": Text("Z: grand total salg − retur mot netto", "Z: grand total sales − returns against net"),
    "grand_total_delta": Text("Z: endring i grand total netto mot dagens salg",
                              "Z: change of net grand total against the day's sales"),
    "balance": Text("Betalinger mot salg (transaksjoner)", "Payments against sales (transactions)"),
}


@dataclass
class Reconciliation:
    """The checks of a day: the differences are kept in full, the passed checks only counted (a year of days
    would otherwise keep hundreds of thousands of passed checks in memory).

    ``ok`` means every identity of the reference's §4.3 holds within the tolerance, except VAT splits that only
    the POS's own rounding explains: the gross per VAT rate agrees and base and VAT differ by no more than half an
    øre per amount the POS rounded (``Check.rounding``). Those are kept in ``rounding``, shown, and not failures.
    The ledger's VAT computed from gross amounts (the voucher's ``vat_differences``) is not a check here at all.
    Open receipts (after a register's last Z) are not in the day; see ``DaySummary.open``."""

    differences: list[Check] = field(default_factory=list)
    passed: int = 0
    warnings: list[Text] = field(default_factory=list)
    rounding: list[Check] = field(default_factory=list)

    def add(self, checks: list[Check] | Check) -> None:
        for c in checks if isinstance(checks, list) else [checks]:
            if c.ok:
                self.passed += 1
            elif c.within_rounding:
                self.rounding.append(c)
            else:
                self.differences.append(c)

    @property
    def ok(self) -> bool:
        return not self.differences

    @property
    def n_checks(self) -> int:
        return self.passed + len(self.differences) + len(self.rounding)


@dataclass
class OpenReceipts:
    """Receipts after a register's last Z report of a business day: not closed yet, so not in any day's
    figures and never posted, but never silently left out either ("open, waiting for the next Z report")."""

    company_ident: str
    store: str
    business_day: dt.date
    registers: list[str]
    count: int  # receipts that will count once closed
    amount: Decimal  # Σ transAmntIn (incl. VAT) of those
    excluded: int = 0  # voided, training and non-sales among them
    # their Z report may still close them into this day: no export made after the day ended (``day_end``) shows
    # them still open, and no later receipt of the register does. The day waits (``DaySummary.has_z``).
    pending: bool = False
    day_end: dt.datetime | None = None  # when the business day ended (the cut-off the morning after), if known

    def describe(self) -> Text:
        regs = ", ".join(printable(r, 40) for r in self.registers)
        store = printable(self.store, 80)
        return Text(
            f"Åpen: {store} {self.business_day.isoformat()}: {self.count} kvitteringer ({fmt_nb(self.amount)} kr) "
            f"etter siste Z-rapport på kasse {regs}; venter på neste Z-rapport og sendes ikke før den finnes.",
            f"Open: {store} {self.business_day.isoformat()}: {self.count} receipts (NOK {fmt(self.amount)}) after "
            f"the last Z report of register {regs}; waiting for the next Z report, not sent until it exists.")

    def to_dict(self) -> dict:
        return {"company": self.company_ident, "store": self.store, "business_day": self.business_day.isoformat(),
                "status": "waiting_for_z", "registers": self.registers, "count": self.count,
                "amount": fmt(self.amount), "excluded": self.excluded, "pending": self.pending,
                "text": {"nb": self.describe().nb, "en": self.describe().en}}

    def pending_text(self) -> Text:
        """Why the day waits for these receipts, and what makes it go."""
        regs = ", ".join(printable(r, 40) for r in self.registers)
        end_nb = f" (etter {self.day_end:%d.%m. kl. %H:%M})" if self.day_end else ""
        end_en = f" (after {self.day_end:%d.%m. %H:%M})" if self.day_end else ""
        return Text(
            f"Kasse {regs} har salg etter siste Z-rapport som kan høre til denne dagen (Z-rapporten kan tas før "
            f"dagsskiftet). Dagen sendes når Z-rapporten er i eksporten, eller når en eksport laget etter at dagen "
            f"var over{end_nb} viser at salget hører til en senere dag. Tips: la kassen eksportere etter dagsskiftet.",
            f"Register {regs} has sales after its last Z report that may belong to this day (the Z report may be "
            f"taken before the day's cut-off). The day is sent once the Z report is in the export, or once an "
            f"export made after the day ended{end_en} shows the sales belong to a later day. Tip: let the POS "
            f"export after the cut-off.")


def _created(w: Window) -> dt.datetime | None:
    """When the export holding ``w`` was made (its header), in local time as the receipts are, if it says so
    plausibly (not before its own sales). A time with a zone is turned into Norwegian time; a date without a time
    is read as its first moment (later evidence, never earlier)."""
    text = w.source_created
    if text.endswith("T"):
        text = text[:-1]
    try:
        made = dt.datetime.fromisoformat(text)  # (a "Z" suffix included: Python 3.11)
    except ValueError:
        return None
    if made.tzinfo is not None:
        from .schedule import OSLO

        made = made.astimezone(OSLO).replace(tzinfo=None)
    if w.first_sale is not None and made < w.first_sale:
        return None
    return made


def _settled(w: Window, last_open: dict[tuple[str, str, str], dt.date], cutoff: dt.time | None) -> bool:
    """An open window whose receipts can no longer be closed into its own business day: the register has open
    receipts of a later day (no Z between them, so their Z comes after this day ended), or the export was made
    after this day ended and still shows them open."""
    if last_open[(w.company_ident, w.register_id, w.location)] > w.business_day:
        return True
    made = _created(w)
    return cutoff is not None and made is not None and made >= _day_end(w.business_day, cutoff)


def _day_end(day: dt.date, cutoff: dt.time) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), cutoff)


def open_receipts(windows: list[Window], store_of: Callable[[Window], str | None] | None = None,
                  cutoff: dt.time | None = None) -> list[OpenReceipts]:
    """The open windows (after a register's last Z) per (company, store, business day); ``pending`` when their
    Z report may still close them into that day (``cutoff``: the store's, which says when a day ends)."""
    store_of = store_of or _default_store
    groups: dict[tuple[str, str, dt.date], list[Window]] = defaultdict(list)
    last_open: dict[tuple[str, str, str], dt.date] = {}  # each register's latest day with open receipts
    for w in windows:
        if w.status != "open":
            continue
        rk = (w.company_ident, w.register_id, w.location)
        last_open[rk] = max(last_open.get(rk, w.business_day), w.business_day)
        store = store_of(w)
        if store is not None:
            groups[(w.company_ident, store, w.business_day)].append(w)
    out = []
    for (company, store, day), ws in sorted(groups.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1])):
        out.append(OpenReceipts(company, store, day, sorted({w.register_id for w in ws}),
                                sum(w.n_trans for w in ws), sum((w.combined.total_in for w in ws), ZERO),
                                sum(sum(w.excluded.counts.values()) for w in ws),
                                pending=any(w.n_trans and not _settled(w, last_open, cutoff) for w in ws),
                                day_end=_day_end(day, cutoff) if cutoff is not None else None))
    return out


def z_key(z: ZReport) -> str:
    """A Z report as the journal keeps it with the voucher that holds it: register, report id and the Z's own
    date (not the business day, which a changed cut-off moves). No spaces (the journal separates keys by them)."""
    return "|".join(x.replace(" ", "_") for x in (z.register_id, z.report_id, z.date.isoformat()))


def _default_store(w: Window) -> str:
    return w.location or w.register_id


@dataclass
class DaySummary:
    company_ident: str
    company_name: str
    store: str
    business_day: dt.date
    master: MasterData
    windows: list[Window]
    parts: dict[str, Agg]
    excluded: Excluded
    reconciliation: Reconciliation
    basis: str  # "transactions", "z_reports" or "mixed"
    open: OpenReceipts | None = None  # receipts of this store and day after a register's last Z (not in the figures)

    @property
    def zreports(self) -> list[ZReport]:
        return [w.zreport for w in self.windows if w.zreport is not None]

    @property
    def registers(self) -> list[str]:
        return sorted({w.register_id for w in self.windows})

    @property
    def combined(self) -> Agg:
        return Agg.total(self.parts.values())

    @property
    def credit_sales(self) -> list[CreditSale]:
        """The credit part's receipts one by one (for invoicing), in time order; their sums are that part's."""
        return sorted((cs for w in self.windows for cs in w.credit_sales),
                      key=lambda cs: (cs.when, cs.register_id, cs.nr))

    @property
    def has_z(self) -> bool:
        """Closed: a Z report for every register that sold, and no receipts after a register's last Z that its
        next Z may still close into this day (``open.pending``)."""
        return all(w.zreport is not None for w in self.windows) and not (self.open is not None and self.open.pending)

    @property
    def waits_for_open(self) -> bool:
        """Every register has its Z and the only want is receipts a register's next Z may still close into the
        day: waiting, not (yet) a matter for a person (``hold_for`` holds it only when someone sends it now)."""
        return self.open is not None and self.open.pending and all(w.zreport is not None for w in self.windows)

    def standard_vat(self, key: VatKey) -> str | None:
        return self.master.standard_vat(key.code)

    def to_dict(self) -> dict:
        a = self.combined
        m = self.master
        return {
            "company": self.company_ident,
            "company_name": self.company_name,
            "store": self.store,
            "business_day": self.business_day.isoformat(),
            "basis": self.basis,
            "registers": self.registers,
            "z_reports": [{"register": z.register_id, "report_id": z.report_id, "date": z.date.isoformat(),
                           "time": z.time.isoformat()} for z in self.zreports],
            "total": fmt(a.total_in),
            "payments": [{"type": t, "predefined": m.predefined(t) if t != "__credit__" else None,
                          "description": m.desc(t) if t != "__credit__" else "Kreditt (kundefordring)",
                          "amount": fmt(v)} for t, v in sorted(a.payments.items())],
            "vat": [{"code": k.code, "standard_code": m.standard_vat(k.code), "rate": fmt(k.rate),
                     "base": fmt(b), "vat": fmt(v)} for k, (b, v) in sorted(a.vat.items())],
            "groups": [{"group": g, "predefined": m.predefined(g), "description": m.desc(g), "amount": fmt(v)}
                       for g, v in sorted(a.group_gross.items())],
            "rounding": fmt(a.rounding),
            "tips": fmt(a.tips),
            "gift_cards": {"sold": fmt(a.gift_card_sales), "redeemed": fmt(sum(
                (v for t, v in a.payments.items() if m.predefined(t) in ("12005", "12010")), ZERO))},
            "credit_sales": fmt(self.parts["credit"].total_in),
            "credit_sale_records": [cs.to_dict() for cs in self.credit_sales],
            "cash_difference": fmt(sum(a.cash_difference.values(), ZERO)),
            "returns": {"count": a.returns_num, "amount": fmt(a.returns_amt)},
            "discounts": {"count": a.discount_num, "amount": fmt(a.discount_amt)},
            "counts": {"transactions": a.n_trans, "copies": a.copy_num,
                       "excluded": dict(self.excluded.counts)},
            "reconciliation": {
                "ok": self.reconciliation.ok,
                "differences": [c.to_dict() for c in self.reconciliation.differences],
                "rounding": [c.to_dict() for c in self.reconciliation.rounding],
                "checks": self.reconciliation.n_checks,
                "warnings": [{"nb": w.nb, "en": w.en} for w in self.reconciliation.warnings],
            },
            "open": self.open.to_dict() if self.open is not None else None,
        }


def agg_from_z(z: ZReport) -> Agg:
    """A Z-only day (the POS exported no transactions): the voucher figures come from the Z report."""
    a = Agg()
    a.total_in = z.total
    for k, (b, v) in z.vat.items():
        a.vat[k] = [b, v]
    for g, amt in z.groups.items():
        if amt:
            a.group_gross[g] += amt
            a.groups[(g, None)] = [amt, ZERO]
    for t, amt in z.payments.items():
        if amt:
            a.payments[t] += amt
    a.tips = z.tips
    a.tips_num = z.tips_num
    # rounding is not in the Z report: it is what is left between what was paid and what was sold
    a.rounding = a.payments_total - z.total - z.tips
    a.returns_num = z.returns_num
    a.returns_amt = z.returns_amt
    a.discount_num = z.discount_num
    a.discount_amt = z.discount_amt
    a.n_trans = z.receipt_num
    return a


def reconcile_window(w: Window, master: MasterData, tol: Decimal = DEFAULT_TOLERANCE) -> list[Check]:
    """Every identity of §4.3 that can be checked within one window."""
    z = w.zreport
    a = w.combined
    reg = w.register_id
    checks: list[Check] = []

    def add(check: str, key: str, expected: Decimal, actual: Decimal, rounding: Decimal = ZERO) -> None:
        checks.append(Check(check, key, reg, z.report_id if z else "", expected, actual, tol, rounding))

    if z is None:
        add("balance", "", ZERO, a.residual())
        return checks
    # the Z report's own arithmetic
    add("z_groups_sum", "", z.total, sum(z.groups.values(), ZERO))
    add("z_vat_sum", "", z.total, sum((b + v for b, v in z.vat.values()), ZERO))
    if z.gt_sales is not None and z.gt_return is not None and z.gt_net is not None:
        add("grand_total", "", z.gt_net, z.gt_sales - abs(z.gt_return))
    if w.n_trans == 0 and not w.excluded.counts:
        return checks  # Z-only: nothing more to compare with
    z_paid = sum(z.payments.values(), ZERO)
    # tips may be paid on top of the sale (then they are in the payments but not in the total): unverified in
    # the spec, so both readings are accepted and any other residual is reported
    tips_on_top = a.tips if z_paid != z.total + a.rounding else ZERO
    add("payments_vs_total", "", z_paid, z.total + a.rounding + tips_on_top)
    add("total", "", z.total, a.total_in)
    for g in sorted(set(z.groups) | set(a.group_gross)):
        add("group", g, z.groups.get(g, ZERO), a.group_gross.get(g, ZERO))
    for t in sorted(set(z.payments) | {t for t in a.payments if t != "__credit__"}):
        add("payment", t, z.payments.get(t, ZERO), a.payments.get(t, ZERO))
    zv, _ambiguous = match_z_vat(z.vat, a.vat, master)
    av = _vat_by_code(a.vat)
    for k in sorted(set(zv) | set(av)):
        zb, zvat = zv.get(k, (ZERO, ZERO))
        ab, avat = av.get(k, (ZERO, ZERO))
        # the gross per rate agrees: base and VAT may differ by the POS's rounding (½ øre per rounded amount on
        # the receipts, ½ øre on the Z report), never by more
        rounding = ORE * ((a.vat_lines.get(k, 1) + 2) // 2) if abs((zb + zvat) - (ab + avat)) <= tol else ZERO
        add("vat_base", k.label(), zb, ab, rounding)
        add("vat", k.label(), zvat, avat, rounding)
    add("returns", "", z.returns_amt, a.returns_amt)
    if z.tips or a.tips:
        add("tips", "", z.tips, a.tips)
    add("balance", "", ZERO, a.residual())
    return checks


def _vat_by_code(vat: dict[VatKey, list[Decimal]]) -> dict[VatKey, tuple[Decimal, Decimal]]:
    return {k: (b, v) for k, (b, v) in vat.items() if b or v}


def match_z_vat(z_vat: dict[VatKey, list[Decimal]], t_vat: dict[VatKey, list[Decimal]], master: MasterData
                ) -> tuple[dict[VatKey, tuple[Decimal, Decimal]], list[tuple[VatKey, list[VatKey]]]]:
    """The Z report's VAT lines keyed like the transactions'. Some producers write a rate name (or nothing) as
    the Z's ``vatCode``: a line whose code the file does not declare in ``vatCodeDetails`` and that the
    transactions do not use is matched to the transactions' VAT key with the same rate, when exactly one has it.
    Returns the matched lines and the ones that could not be matched because several codes share the rate."""
    zv = _vat_by_code(z_vat)
    tv = _vat_by_code(t_vat)
    out: dict[VatKey, tuple[Decimal, Decimal]] = {}
    ambiguous: list[tuple[VatKey, list[VatKey]]] = []
    for k, (b, v) in zv.items():
        target = k
        if k not in tv and k.code not in master.vat_codes:
            candidates = sorted(t for t in tv if t.rate == k.rate and t not in zv)
            if len(candidates) == 1:
                target = candidates[0]
            elif len(candidates) > 1:
                ambiguous.append((k, candidates))
        ob, ov = out.get(target, (ZERO, ZERO))
        out[target] = (ob + b, ov + v)
    return out, ambiguous


def summarize(windows: list[Window], master: MasterData, store_of: Callable[[Window], str | None] | None = None,
              tolerance: Decimal = DEFAULT_TOLERANCE, cutoff: dt.time | None = None) -> list[DaySummary]:
    """Group closed (and Z-less) windows into days per store. Open windows (after the last Z) are not in a day's
    figures: they are the day's ``open`` receipts (and ``open_receipts`` lists them all, with or without a day).

    ``store_of`` maps a window to a store id (None: not one of ours, skip); default: the location name, or the
    register id for a nameless location.
    """
    store_of = store_of or _default_store
    groups: dict[tuple[str, str, dt.date], list[Window]] = defaultdict(list)
    for w in windows:
        if w.status == "open":
            continue
        store = store_of(w)
        if store is None:
            continue
        groups[(w.company_ident, store, w.business_day)].append(w)

    # grand-total continuity per register needs the previous Z of the same register; a register id with Z reports
    # at two locations on one day is two stores' registers (both POS call theirs "1"): chained per location. A
    # register lent to another store for a day, or a renamed location, stays one chain.
    places: dict[tuple[str, str, dt.date], set[str]] = defaultdict(set)
    for w in windows:
        if w.zreport is not None:
            places[(w.company_ident, w.register_id, w.business_day)].add(w.location)
    two = {(c, r) for (c, r, _d), locs in places.items() if len(locs) > 1}
    by_register: dict[tuple[str, str, str | None], list[ZReport]] = defaultdict(list)
    for w in windows:
        if w.zreport is not None:
            rk = (w.company_ident, w.register_id)
            by_register[(*rk, w.location if rk in two else None)].append(w.zreport)
    previous: dict[int, ZReport] = {}
    for zs in by_register.values():
        zs.sort(key=lambda z: (z.when, z.report_id))
        for prev, cur in itertools.pairwise(zs):
            previous[id(cur)] = prev

    opens = {(o.company_ident, o.store, o.business_day): o for o in open_receipts(windows, store_of, cutoff)}
    out = []
    for (company, store, day), ws in sorted(groups.items(), key=lambda kv: (kv[0][2], kv[0][1])):
        ws.sort(key=lambda w: (w.register_id, w.zreport.when if w.zreport else dt.datetime.min))
        parts = {k: Agg() for k in KINDS}
        excluded = Excluded()
        rec = Reconciliation()
        bases = set()
        for w in ws:
            excluded.merge(w.excluded)
            z = w.zreport
            if z is not None and w.n_trans == 0 and not w.excluded.counts:
                parts["sale"].merge(agg_from_z(z))
                bases.add("z_reports")
            else:
                for k in KINDS:
                    parts[k].merge(w.parts[k])
                bases.add("transactions")
            rec.add(reconcile_window(w, master, tolerance))
            if z is not None and w.n_trans:
                for zk, candidates in match_z_vat(z.vat, w.combined.vat, master)[1]:
                    codes_ = ", ".join(printable(c.code, 20) or "?" for c in candidates)
                    text = Text(
                        f"Kasse {printable(w.register_id, 40)}: Z-rapportens MVA-linje {printable(zk.code, 40)!r} "
                        f"({zk.rate} %) har en kode som ikke er deklarert i filen, og flere mva-koder har den satsen "
                        f"({codes_}). Linjen kan ikke knyttes til én av dem, så MVA per kode vises som avvik.",
                        f"Register {printable(w.register_id, 40)}: the Z report's VAT line {printable(zk.code, 40)!r} "
                        f"({zk.rate} %) has a code the file does not declare, and several VAT codes have that rate "
                        f"({codes_}). It cannot be matched to one of them, so the VAT per code shows as differences.")
                    if text not in rec.warnings:
                        rec.warnings.append(text)
            if z is None:
                rec.warnings.append(Text(
                    f"Kasse {w.register_id}: ingen Z-rapport for {day.isoformat()}; tallene er fra transaksjonene.",
                    f"Register {w.register_id}: no Z report for {day.isoformat()}; figures come from the transactions."))
            else:
                pz = previous.get(id(z))
                if pz is not None and pz.gt_net is not None and z.gt_net is not None:
                    rec.add(Check("grand_total_delta", "", w.register_id, z.report_id, z.total,
                                  z.gt_net - pz.gt_net, tolerance))
        basis = "mixed" if len(bases) > 1 else (bases.pop() if bases else "transactions")
        out.append(DaySummary(company, master.company_name, store, day, master, ws, parts, excluded, rec, basis,
                              opens.get((company, store, day))))
    return out
