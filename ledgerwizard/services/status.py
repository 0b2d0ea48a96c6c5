"""The status of every store's business days, as a person wants to see it: what was sent (voucher number, when),
what waits for its Z report, what needs a decision (and why), what failed (why, and when it is tried again), what is
being checked with the ledger, what lies before the go-live day, and what will go out at the next send time.

One row per store and business day for a period (default: the last 14 days), plus every older day that is still
unresolved (failed, held, uncertain). Read from the journal, the export folder and the schedule, never from the
ledger; no Qt. The status window, ``ledgerwizard status`` and the tray read it.

Where a company invoices its credit sales (issue 15), one ``OrderStatus`` per credit sale as well (``order_status``):
sent (the ledger's order number, when), held (the reason and what to do), failed (why; tried again at every run),
being checked, or not sent yet, with the customer and the amount; ``orders_summary`` says in one sentence what still
needs invoicing. ``ledgerwizard status`` and the status window show the same words.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ..core.i18n import Text

if TYPE_CHECKING:
    from ..core.transfer import Hold
    from .workspace import Workspace

SENT, WAITING_Z, LATE_Z, NEEDS_ATTENTION, FAILED, UNCERTAIN, BEFORE_GO_LIVE, OFF, PAUSED, DUE = (
    "sent", "waiting_z", "late_z", "needs_attention", "failed", "uncertain", "before_go_live", "off", "paused", "due")
UNRESOLVED = (NEEDS_ATTENTION, FAILED, UNCERTAIN, LATE_Z)
DEFAULT_DAYS = 14


@dataclass
class DayStatus:
    store: str
    store_name: str
    business_day: dt.date
    state: str
    text: Text  # what it means and what happens next
    total: Decimal | None = None  # the day's sales incl. VAT (when the export has the day)
    voucher_number: str = ""
    sent_at: str = ""  # ISO UTC
    at: dt.datetime | None = None  # the next automatic attempt, the end of the settling time, the next send time
    details: list[Text] = field(default_factory=list)  # differences, the error, open receipts
    closed: bool = False  # the export has the day with its Z report: a person may send it
    hold: Hold | None = None  # a day that does not reconcile: what a person would accept
    error_code: str = ""
    attempts: int = 0

    @property
    def sendable(self) -> bool:
        """May a person ask for this day to be sent now (a closed day not in the ledger yet)?"""
        return self.closed and self.state != SENT


@dataclass
class Status:
    rows: list[DayStatus]
    first: dt.date
    last: dt.date
    auto_send: bool
    first_day: dt.date | None
    notice: Text | None = None  # the journal was rebuilt
    problems: list[Text] = field(default_factory=list)  # the export folder could not be read (fully)
    orders: list[OrderStatus] = field(default_factory=list)  # the credit sales for invoicing (``order_status``)

    @property
    def orders_summary(self) -> Text | None:
        return orders_summary(self.orders)


def _date_text(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def status(ws: Workspace, now: dt.datetime | None = None, *, first: dt.date | None = None, last: dt.date | None = None,
           paused: bool = False) -> Status:
    """Every store's days from ``first`` to ``last`` (default: the 14 days before today) and every older unresolved
    day. ``paused``: the tray's pause (it is the tray's, not the settings')."""
    from ..core.errors import LedgerWizardError
    from ..core.holds import hold_for
    from ..core.schedule import OSLO, Plan, agenda, parse_stamp
    from ..core.transfer import NO_SALES, nothing_posted
    from ..core.transfer import SENT as J_SENT
    from .days import Days

    now = now or ws.now()
    today = now.astimezone(OSLO).date()
    last = last or today - dt.timedelta(days=1)
    first = first or last - dt.timedelta(days=DEFAULT_DAYS - 1)
    settings = ws.settings
    plan = Plan.from_settings(settings, paused=paused)
    stores = [s for s in settings.stores if s.enabled]
    names = {s.id: s.name for s in stores}
    problems: list[Text] = []
    try:
        store_days, results = Days(ws).store_days()
    except LedgerWizardError as e:
        store_days, results = [], []
        problems.append(Text(e.render("nb"), e.render("en")))
    for r in results:
        for p in r.problems:
            if not p.waiting:
                problems.append(Text(p.render("nb"), p.render("en")))
    problems += unclaimed_sales(settings.stores, results, max(first, plan.first_day) if plan.first_day else first,
                                last)
    by_day = {(sd.store.id, sd.summary.business_day): sd for sd in store_days}
    journal = ws.journal
    rows = {(r.store, r.business_day): r for r in journal.rows()}
    posted_z = functools.cache(journal.z_reports_posted)  # each store's Z reports already posted, read once

    closed: dict[str, dict[dt.date, bool]] = {}
    for sd in store_days:
        closed.setdefault(sd.store.id, {})[sd.summary.business_day] = sd.summary.has_z
    decisions = {(d.store, d.business_day): d for d in
                 agenda(plan, now, list(names), closed, rows, horizon_days=(today - min(first, today)).days + 1).decisions}
    first_seen = {s: min(days) for s, days in closed.items() if days}

    wanted: set[tuple[str, dt.date]] = set()
    for s in stores:
        start = max(first, first_seen.get(s.id, today)) if plan.first_day is None else first
        d = start
        while d <= last:
            wanted.add((s.id, d))
            d += dt.timedelta(days=1)
    for (store, day), jr in rows.items():
        if store in names and (first <= day <= last or jr.state in ("failed", "held", "uncertain", "sending")):
            wanted.add((store, day))
    wanted |= {k for k in by_day if first <= k[1] <= last and k[0] in names}

    out: list[DayStatus] = []
    for store, day in wanted:
        row = rows.get((store, day))
        this = by_day.get((store, day))
        dec = decisions.get((store, day))
        total = this.summary.combined.total_in if this is not None else None
        closed_day = this is not None and this.summary.has_z
        st = DayStatus(store, names[store], day, DUE, Text("", ""), total, closed=closed_day,
                       attempts=row.attempts if row else 0, error_code=row.last_error_code if row else "")
        if row is not None and row.state == J_SENT:
            st.state, st.voucher_number, st.sent_at = SENT, row.voucher_number or row.voucher_id, row.sent_at
            st.text = NO_SALES if nothing_posted(row) else Text(f"Sendt: bilag {st.voucher_number}.",
                                                                 f"Sent: voucher {st.voucher_number}.")
        elif row is not None and row.state in ("uncertain", "sending"):
            st.state = UNCERTAIN
            st.at = parse_stamp(row.check_after)
            st.text = Text("Kontrolleres mot regnskapet: usikkert om bilaget ble bokført. Det sendes ikke på nytt før "
                           "regnskapet har bekreftet at det mangler.",
                           "Being checked with the ledger: unknown whether the voucher was posted. It is not sent "
                           "again before the ledger confirms it is missing.")
        elif this is not None and not this.summary.waits_for_open and \
                (hold := hold_for(this.summary, names[store], posted_z(store))) is not None and \
                journal.decision(store, day, hold.fingerprint) is None:
            st.state, st.hold, st.details = NEEDS_ATTENTION, hold, list(hold.details)
            st.text = hold.message
        elif row is not None and row.state == "held" and this is None:
            from ..adapters.journal import SqliteJournal

            hold = SqliteJournal.held(row)
            st.state, st.hold = NEEDS_ATTENTION, hold
            st.details = list(hold.details) if hold else []
            st.text = hold.message if hold else row.error_text()
        elif row is not None and row.state == "failed":
            st.state = FAILED
            st.details = [row.error_text()] if row.last_error else []
            if dec is not None and dec.at is not None:
                st.at = dec.at
            if not row.retryable:
                st.text = Text("Feilet og må rettes (se feilen); sendes ikke automatisk før det er rettet.",
                               "Failed and needs fixing (see the error); not sent automatically until it is fixed.")
            else:
                st.text = Text("Feilet; prøves igjen automatisk.", "Failed; tried again automatically.")
        elif plan.first_day is not None and day < plan.first_day:
            st.state = BEFORE_GO_LIVE
            st.text = Text(f"Før oppstart ({_date_text(plan.first_day)}): sendes aldri, varsles aldri.",
                           f"Before go-live ({_date_text(plan.first_day)}): never sent, never alerted.")
        elif not closed_day:
            late = dec is not None and dec.action == "late_z"
            st.state = LATE_Z if late else WAITING_Z
            st.text = (Text("Z-rapporten er forsinket: sjekk at kassen er avsluttet og at eksporten kommer fram.",
                            "The Z report is late: check that the register was closed and that the export arrives.")
                       if late else Text("Venter på Z-rapporten.", "Waiting for the Z report."))
            if this is not None and this.summary.open is not None:
                st.details = [this.summary.open.describe()]
                if this.summary.open.pending:
                    st.details.append(this.summary.open.pending_text())
        elif not plan.auto_send:
            st.state = OFF
            st.text = Text("Automatisk sending er av: send dagen selv, eller slå automatisk sending på.",
                           "Automatic sending is off: send the day yourself, or switch automatic sending on.")
        elif paused:
            st.state = PAUSED
            st.text = Text("Sending er satt på pause.", "Sending is paused.")
        else:
            st.state = DUE
            due = plan.due_at(day)
            st.at = due if due > now else plan.next_slot(now)
            when = st.at.astimezone(OSLO).strftime("%d.%m. %H:%M")
            st.text = Text(f"Sendes automatisk {when}.", f"Sent automatically at {when}.")
        out.append(st)
    out.sort(key=lambda s: (s.business_day, s.store_name), reverse=True)
    orders = [o for o in order_status(ws, store_days=store_days, first=first, now=now, plan=plan)
              if o.state != O_SENT or first <= o.business_day <= last]  # the period's, and every one not sent
    return Status(out, first, last, plan.auto_send, plan.first_day, ws.journal_notice(), problems, orders)


def _unclaimed(stores, results, first: dt.date, last: dt.date) -> list:
    """``core.stores.unclaimed`` over every read of the export (one per set of reading options), each register
    once."""
    from ..core.stores import unclaimed

    found: dict[tuple[str, str, str], object] = {}
    for r in results:
        for u in unclaimed(stores, r.windows, first, last):
            found.setdefault((u.company_ident, u.location, u.register_id), u)
    return list(found.values())


def _register_text(u) -> str:
    from ..core.display import printable

    return printable(u.register_id, 40) + (f" ({printable(u.location, 80)})" if u.location else "")


def unclaimed_sales(stores, results, first: dt.date, last: dt.date) -> list[Text]:
    """What the export holds from ``first`` to ``last`` that no store of the setup takes (a register added to the
    POS, a location renamed in it), one line per register: those sales reach no voucher until a person adds them
    to a store. A disabled store still takes its own sales (it is off on purpose)."""
    from ..core.money import fmt, fmt_nb

    out: list[Text] = []
    for u in _unclaimed(stores, results, first, last):
        reg, n = _register_text(u), len(u.days)
        span = _date_text(u.days[0]) + (f"–{_date_text(u.days[-1])}" if n > 1 else "")
        out.append(Text(
            f"Kasse {reg} har salg i eksporten som ingen butikk i oppsettet tar med: {n} {'dag' if n == 1 else 'dager'} "
            f"({span}), {fmt_nb(u.total)} kr. Salget kommer ikke med i regnskapet. Legg "
            f"{'stedet' if u.location else 'kassen'} til i en butikk i innstillingene (eller i oppsettet).",
            f"Register {reg} has sales in the export that no store of the setup takes: {n} day{'s' if n != 1 else ''} "
            f"({span}), {fmt(u.total)}. They do not reach the ledger. Add the {'location' if u.location else 'register'}"
            f" to a store in the settings (or in the setup)."))
    return out


def unclaimed_notice(stores, results, first: dt.date, last: dt.date) -> Text | None:
    """The scheduled run's notice of sales no store takes (``unclaimed_sales``): short, and the same from night to
    night while nothing changes, so the tray tells it once rather than every night."""
    regs = [_register_text(u) for u in _unclaimed(stores, results, first, last)]
    if not regs:
        return None
    listed = ", ".join(regs[:3]) + (" …" if len(regs) > 3 else "")
    return Text(f"Eksporten har salg som ingen butikk i oppsettet tar med: kasse {listed}. Det kommer ikke med i "
                f"regnskapet. Åpne Status… for detaljer, og legg kassen til i en butikk i innstillingene.",
                f"The export has sales that no store of the setup takes: register {listed}. They do not reach the "
                f"ledger. Open Status… for details, and add the register to a store in the settings.")


def support_details(ws: Workspace, rows: list[DayStatus]) -> str:
    """What support needs about some days, with no secret in it: the program, the ledger system per store, each
    day's state, codes, voucher number and journal history."""
    import platform

    from .. import __version__

    settings = ws.settings
    lines = [f"ledgerwizard {__version__}, Python {platform.python_version()}, {platform.platform()}"]
    for st in rows:
        store = next((s for s in settings.stores if s.id == st.store), None)
        comp = settings.company(store.company) if store is not None else None
        system = f"{comp.system}/{comp.environment}" if comp is not None else "?"
        lines.append(f"{st.store} ({st.store_name}) {st.business_day} [{system}]: {st.state}"
                     + (f", voucher {st.voucher_number}" if st.voucher_number else "")
                     + (f", error {st.error_code}" if st.error_code else "") + f", attempts {st.attempts}")
        for d in st.details:
            lines.append(f"  - {d.en}")
        for at, state, detail in ws.journal.history(st.store, st.business_day):
            lines.append(f"  {at} {state} {detail}")
    return "\n".join(lines)


# --- the credit sales sent as sales orders for invoicing (issue 15) ---------------------------------------------------

O_SENT, O_HELD, O_FAILED, O_UNCERTAIN, O_PENDING = "sent", "held", "failed", "uncertain", "pending"
ORDER_STATE_NAMES = {O_SENT: Text("sendt", "sent"), O_HELD: Text("holdt", "held"), O_FAILED: Text("feilet", "failed"),
                     O_UNCERTAIN: Text("usikker", "uncertain"), O_PENDING: Text("ikke sendt ennå", "not sent yet")}


@dataclass
class OrderStatus:
    """One credit sale for invoicing: sent (the ledger's order number, when), held (why, and what to do), failed
    (why; tried again at every run), uncertain (being checked with the ledger) or pending (its day is not sent
    yet). ``needs_person``: held, or failed in a way retrying cannot mend: what the office must act on."""

    store: str
    store_name: str
    business_day: dt.date
    register: str
    receipt: str
    state: str
    text: Text  # what it means and what to do
    customer: str = ""  # the POS customer, "name (id)", when the export still has the receipt
    amount: Decimal | None = None  # incl. VAT
    when: str = ""  # ISO UTC: sent, or the last attempt / hold
    order_number: str = ""
    order_id: str = ""
    reference: str = ""
    attempts: int = 0
    error_code: str = ""
    retryable: bool = True
    details: list[Text] = field(default_factory=list)
    check_after: str = ""
    system: str = ""  # the ledger's display name

    @property
    def doc(self) -> str:
        from ..core.orders import order_doc

        return order_doc(self.register, self.receipt)

    @property
    def needs_person(self) -> bool:
        return self.state == O_HELD or (self.state == O_FAILED and not self.retryable)

    @property
    def receipt_text(self) -> Text:
        return Text(f"Kvittering {self.receipt} (kasse {self.register})",
                    f"Receipt {self.receipt} (register {self.register})")

    def state_name(self) -> Text:
        return ORDER_STATE_NAMES.get(self.state, Text(self.state, self.state))

    def to_dict(self) -> dict:
        from ..core.money import fmt

        return {"store": self.store, "store_name": self.store_name, "business_day": self.business_day.isoformat(),
                "register": self.register, "receipt": self.receipt, "customer": self.customer or None,
                "amount": fmt(self.amount) if self.amount is not None else None, "state": self.state,
                "text": {"nb": self.text.nb, "en": self.text.en},
                "reason": {"nb": self.text.nb, "en": self.text.en} if self.state == O_HELD else None,
                "reference": self.reference or None, "order_id": self.order_id or None,
                "order_number": self.order_number or None,
                "sent_at": self.when if self.state == O_SENT and self.when else None,
                "updated_at": self.when or None, "attempts": self.attempts, "error_code": self.error_code or None,
                "retryable": self.retryable, "needs_person": self.needs_person,
                "details": [{"nb": d.nb, "en": d.en} for d in self.details],
                "check_after": self.check_after or None}


def order_status(ws: Workspace, store: str | None = None, *, store_days=None, first: dt.date | None = None,
                 now: dt.datetime | None = None, plan=None, journal_only: bool = False) -> list[OrderStatus]:
    """Every order the journal has (sent, held, failed, uncertain), newest day first, and the credit sales of the
    export's days with invoicing on that have no journal row yet (pending: they go with their day). ``store_days``:
    the export's days when the caller has read them (else they are read here; an unreadable folder leaves the
    journal's rows only). ``first``: pending sales before this day are left out (the journal's rows never are).
    ``journal_only``: the journal's rows alone (``ledgerwizard status``: neither the export folder nor the settings
    are needed; unreadable settings leave the stores' ids and no ledger name)."""
    from ..adapters.journal import SqliteJournal
    from ..connectors import registry
    from ..core.errors import LedgerWizardError
    from ..core.orders import customer_label, invoiceable, order_doc, order_hold
    from ..core.schedule import Plan
    from ..core.transfer import SENT as J_SENT
    from .orders import invoicing_for, order_rows, receipt_of

    from ..adapters.settings import Settings

    try:
        settings = ws.settings
    except LedgerWizardError:
        if not journal_only:
            raise
        settings = Settings()
    stores = {s.id: s for s in settings.stores}
    if journal_only:
        store_days = []
    elif store_days is None:
        try:
            from .days import Days

            store_days, _ = Days(ws).store_days()
        except LedgerWizardError:
            store_days = []
    if plan is None:
        plan = Plan.from_settings(settings)
    now = now or ws.now()
    sales = {}
    days = {}
    for sd in store_days:
        if store and sd.store.id != store:
            continue
        days[(sd.store.id, sd.summary.business_day)] = sd
        for sale in sd.summary.credit_sales:
            if invoiceable(sale):
                sales[(sd.store.id, sd.summary.business_day, order_doc(sale.register_id, sale.nr))] = sale

    def company_of(store_id: str):
        st = stores.get(store_id)
        try:
            return settings.company(st.company) if st is not None else None
        except LedgerWizardError:
            return None

    def system_of(store_id: str) -> str:
        comp = company_of(store_id)
        return registry.name(comp.system) if comp is not None else ""

    out: list[OrderStatus] = []
    seen = set()
    for r in order_rows(ws.journal, store):
        seen.add((r.store, r.business_day, r.doc))
        register, receipt = receipt_of(r)
        sale = sales.get((r.store, r.business_day, r.doc))
        system = system_of(r.store)
        amount = _decimal(r.amount) if r.amount else (sale.amount_in if sale is not None else None)
        st = OrderStatus(r.store, stores[r.store].name if r.store in stores else r.store, r.business_day, register,
                         receipt, r.state, Text("", ""), customer_label(sale) if sale is not None else "", amount,
                         r.sent_at if r.state == J_SENT else r.updated_at, r.voucher_number or r.voucher_id if
                         r.state == J_SENT else "", r.voucher_id, r.external_ref, r.attempts, r.last_error_code,
                         bool(r.retryable), system=system, check_after=r.check_after)
        if r.state == J_SENT:
            st.state = O_SENT
            st.text = Text(f"Åpen ordre {st.order_number} i {system}: fakturer den der.",
                           f"Open order {st.order_number} in {system}: invoice it there.")
        elif r.state == "held":
            st.state = O_HELD
            hold = SqliteJournal.held(r)
            st.text = hold.message if hold is not None else r.error_text()
            st.details = list(hold.details) if hold is not None else []
            comp = company_of(r.store)
            sd = days.get((r.store, r.business_day))
            if sale is not None and comp is not None and sd is not None and \
                    order_hold(sale, sd.summary.master, invoicing_for(comp), system) is None:
                st.text = Text(f"{st.text.nb} Det er ordnet nå: ordren sendes ved neste sending.",
                               f"{st.text.en} That is settled now: the order is sent at the next run.")
        elif r.state in ("uncertain", "sending"):
            st.state = O_UNCERTAIN
            st.text = Text(f"Usikkert om ordren kom fram til {system}. Den kontrolleres mot regnskapet og sendes ikke "
                           f"på nytt før regnskapet har bekreftet at den mangler.",
                           f"Unknown whether the order reached {system}. It is checked with the ledger and not sent "
                           f"again before the ledger confirms it is missing.")
        elif r.state == "failed":
            st.state = O_FAILED
            st.details = [r.error_text()] if r.last_error else []
            err = r.error_text()
            why_nb, why = (err.nb.splitlines()[0], err.en.splitlines()[0]) if r.last_error else \
                (r.last_error_code, r.last_error_code)
            if r.retryable:
                st.text = Text(f"Ikke sendt: {why_nb} Prøves igjen automatisk ved neste sending.",
                               f"Not sent: {why} Tried again automatically at the next run.")
            else:
                st.text = Text(f"Ikke sendt: {why_nb} Rett det feilen sier (kontoene, eller kunden under «Fakturering» "
                               f"i innstillingene); ordren prøves igjen ved hver sending.",
                               f"Not sent: {why} Fix what the error says (the accounts, or the customer under "
                               f"'Invoicing' in the settings); the order is tried again at every run.")
        else:  # pending: a row made but not sent
            st.state = O_PENDING
            st.text = Text("Ikke sendt ennå.", "Not sent yet.")
        out.append(st)
    for (store_id, day, doc), sale in sales.items():
        if (store_id, day, doc) in seen or store_id not in stores or (first is not None and day < first):
            continue
        comp = company_of(store_id)
        if comp is None or not invoicing_for(comp).active(day):
            continue
        text = _pending_text(days[(store_id, day)].summary.has_z, plan, day, now)
        out.append(OrderStatus(store_id, stores[store_id].name, day, sale.register_id, sale.nr, O_PENDING, text,
                               customer_label(sale), sale.amount_in, system=system_of(store_id)))
    out.sort(key=lambda o: (o.business_day, o.store_name, o.register, _nr_key(o.receipt)), reverse=True)
    return out


def _pending_text(closed: bool, plan, day: dt.date, now: dt.datetime) -> Text:
    """A credit sale whose day has not been sent yet: when it goes."""
    from ..core.schedule import OSLO

    if not closed:
        return Text("Ikke sendt ennå: venter på dagens Z-rapport.", "Not sent yet: waits for the day's Z report.")
    if not plan.auto_send:
        return Text("Ikke sendt ennå: går med dagen når du sender den (automatisk sending er av).",
                    "Not sent yet: goes with the day when you send it (automatic sending is off).")
    due = plan.due_at(day)
    at = due if due > now else plan.next_slot(now)
    when = at.astimezone(OSLO).strftime("%d.%m. %H:%M")
    return Text(f"Ikke sendt ennå: sendes automatisk {when}.", f"Not sent yet: sent automatically at {when}.")


def orders_summary(orders: list[OrderStatus]) -> Text | None:
    """One sentence on what still needs invoicing: sent orders wait to be invoiced in the ledger, held and failed ones
    need a person, the rest go out by themselves."""
    if not orders:
        return None
    from ..core.money import ZERO, fmt, fmt_nb

    sent = [o for o in orders if o.state == O_SENT]
    person = [o for o in orders if o.needs_person]
    rest = [o for o in orders if o.state != O_SENT and not o.needs_person]
    total = sum((o.amount for o in person if o.amount is not None), ZERO)
    nb, en = [], []
    if sent:
        nb.append(f"{len(sent)} ordre ligger i regnskapet og faktureres der")
        en.append(f"{len(sent)} order(s) are in the ledger, to be invoiced there")
    known = all(o.amount is not None for o in person)  # (``status`` reads the journal only: a hold has no amount)
    if person:
        nb.append(f"{len(person)} kredittsalg" + (f" ({fmt_nb(total)} kr)" if known else "") +
                  " trenger deg før de kan sendes")
        en.append(f"{len(person)} credit sale(s)" + (f" (NOK {fmt(total)})" if known else "") +
                  " need you before they can be sent")
    if rest:
        nb.append(f"{len(rest)} sendes av seg selv")
        en.append(f"{len(rest)} go out by themselves")
    return Text("Ordre til fakturering: " + "; ".join(nb) + ".", "Orders for invoicing: " + "; ".join(en) + ".")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (ArithmeticError, ValueError):
        return None


def _nr_key(nr: str) -> tuple[int, str]:
    return (int(nr), "") if nr.isdigit() else (0, nr)


def order_support_details(ws: Workspace, orders: list[OrderStatus]) -> str:
    """What support needs about some orders, with no secret in it."""
    lines = []
    for o in orders:
        lines.append(f"{o.store} ({o.store_name}) {o.business_day} order {o.register}/{o.receipt}: {o.state}"
                     + (f", order number {o.order_number}" if o.order_number else "")
                     + (f", error {o.error_code}" if o.error_code else "") + f", attempts {o.attempts}")
        lines.append(f"  - {o.text.en}")
        for at, state, detail in ws.journal.history(o.store, o.business_day, o.doc):
            lines.append(f"  {at} {state} {detail}")
    return "\n".join(lines)


__all__ = ["status", "Status", "DayStatus", "support_details", "OrderStatus", "order_status", "orders_summary",
           "order_support_details", "O_SENT", "O_HELD", "O_FAILED", "O_UNCERTAIN", "O_PENDING", "SENT", "WAITING_Z", "LATE_Z", "NEEDS_ATTENTION",
           "FAILED", "UNCERTAIN", "BEFORE_GO_LIVE", "OFF", "PAUSED", "DUE", "UNRESOLVED"]
