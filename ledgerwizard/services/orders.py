"""Sales orders: the credit sales of a company with invoicing on, each sent once as an open order for the office
to invoice, through the same exactly-once engine and rules as the daily vouchers (``core.transfer``: sending
committed before the request, an uncertain attempt looked up and re-sent only after the ledger's settling time, a
duplicate answer turned into a look-up, a look-up before every POST where the ledger does not enforce the
reference). Each order has its own journal row, (store, business day, ``order:<register>:<receipt>``); a receipt that
cannot go out without a person (a customer not linked yet …) is *held* there with its reason and sent by a later run
once the reason is gone. Failed orders are tried again at every run (unlike seed 004's "we will not try again").

``Sending`` calls ``Orders.send`` for the days it sends and ``Orders.send_pending`` from the scheduler's run, so
Send now, the timer, the catch-up and the CLI all send orders the same way. No Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Callable

from ..core.errors import LedgerWizardError
from ..core.i18n import Text
from ..core.orders import (Invoicing, SalesOrder, build_order, customer_label, invoiceable, is_order_doc, order_doc,
                           order_hold, parse_order_doc)

if TYPE_CHECKING:
    from ..adapters.settings import Company
    from ..core.schedule import Plan
    from ..core.transfer import JournalRow, Outcome
    from .days import StoreDay


def invoicing_for(company: Company) -> Invoicing:
    """The company's invoicing, off for a system that takes no orders (the registry's ``sales_orders``)."""
    from ..connectors import registry

    inv = Invoicing.from_dict(company.invoicing)
    try:
        supported = registry.get(company.system).capabilities.sales_orders
    except LedgerWizardError:
        supported = False
    if not supported:
        inv.enabled = False
    return inv


@dataclass
class OrderOutcome:
    store: str
    business_day: dt.date
    register: str
    receipt: str
    customer: str  # the POS customer, as "name (id)"
    status: str  # sent, recovered, held, failed, uncertain, dry_run
    message: Text
    number: str = ""  # the ledger's order number
    amount: Decimal | None = None
    error: LedgerWizardError | None = None
    details: list[Text] = field(default_factory=list)
    check_after: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("sent", "recovered")

    def to_dict(self) -> dict:
        from ..core.money import fmt

        return {"store": self.store, "business_day": self.business_day.isoformat(), "register": self.register,
                "receipt": self.receipt, "customer": self.customer, "status": self.status,
                "message": {"nb": self.message.nb, "en": self.message.en}, "order_number": self.number or None,
                "amount": fmt(self.amount) if self.amount is not None else None,
                "details": [{"nb": d.nb, "en": d.en} for d in self.details],
                "check_after": self.check_after.isoformat() if self.check_after else None,
                "error": self.error.to_dict() if self.error else None}


class OrderLedger:
    """The transfer engine's ``Ledger`` for one order: ``post`` and ``find`` go to the connector's order methods
    (the connector is opened only if the ledger is asked at all: a held order never opens it)."""

    def __init__(self, connect: Callable[[], object], order: SalesOrder | None):
        self._connect = connect
        self.order = order

    @property
    def connector(self):
        from ..core.transfer import LedgerError

        try:
            return self._connect()
        except LedgerError:
            raise
        except LedgerWizardError as e:  # no key, no integration keys …: nothing was sent; said on the order
            raise LedgerError(e.message, e.hint, kind=e.code, outcome="not_sent", retryable=True,
                              details=e.details) from None

    @property
    def unique_reference(self) -> bool:
        return bool(getattr(self.connector, "unique_order_reference", False))

    @property
    def settle_seconds(self) -> float:
        from ..core.transfer import DEFAULT_SETTLE_SECONDS

        return float(getattr(self.connector, "settle_seconds", DEFAULT_SETTLE_SECONDS))

    def post(self, order, on_send=None):  # (the engine's Ledger: a SalesOrder here, not a Voucher)
        return self.connector.post_order(order, on_send)

    def find(self, external_ref: str, day: dt.date):
        if self.order is None:  # the order cannot be built now (its mapping changed): cannot tell; stay as is
            from ..connectors.base import ledger_error

            raise ledger_error("precheck_order", "not_sent", [external_ref])
        return self.connector.find_order(self.order, external_ref)  # (the reference the attempt was made with)


class Orders:
    def __init__(self, sending):  # services.sending.Sending (not imported: it imports this module)
        self.sending = sending
        self.ws = sending.ws

    # -- what goes out -------------------------------------------------------------------------------------------
    def send(self, store_days: list[StoreDay], connector: Callable, source: str,
             dry_run: bool = False) -> list[OrderOutcome]:
        """The orders of these (closed) days, each exactly once; sent orders are not reported again."""
        out: list[OrderOutcome] = []
        for sd in store_days:
            if sd.summary.has_z:
                out += self.send_day(sd, connector, source, dry_run)
        return out

    def send_pending(self, store_days: list[StoreDay], plan: Plan, now: dt.datetime, connector: Callable,
                     source: str) -> list[OrderOutcome]:
        """The scheduler's part: every closed day from the go-live day on whose send slot has come and that has
        an order not sent yet (held ones whose customer was linked since, failed ones, uncertain ones)."""
        if not plan.auto_send or plan.paused:
            return []
        due = [sd for sd in store_days if sd.summary.has_z
               and (plan.first_day is None or sd.summary.business_day >= plan.first_day)
               and plan.due_at(sd.summary.business_day) <= now]
        return self.send(due, connector, source)

    def send_day(self, sd: StoreDay, connector: Callable, source: str, dry_run: bool = False) -> list[OrderOutcome]:
        from ..connectors import registry
        from ..core.transfer import SENT, TransferEngine

        st, summary = sd.store, sd.summary
        day = summary.business_day
        company = self.ws.settings.store_company(st)
        inv = invoicing_for(company)
        if not inv.active(day):
            return []
        system = registry.name(company.system)
        journal = self.ws.journal
        # only when right: a day that waits for a person's decision on its Z differences sends no orders either
        # (they go out with the day, once the differences are accepted)
        if self.sending.hold(sd) is not None and self.sending.decision_for(sd) is None:
            return []
        booked = self._booked_on_voucher(sd, system)
        out: list[OrderOutcome] = []
        for sale in summary.credit_sales:
            if not invoiceable(sale):
                continue
            doc = order_doc(sale.register_id, sale.nr)
            row = journal.get(st.id, day, doc)
            if row is not None and row.state == SENT:
                continue
            hold = booked or order_hold(sale, summary.master, inv, system)
            link = inv.link(sale.customer_id)
            order: SalesOrder | None = None
            problem: LedgerWizardError | None = None
            if hold is None and link is not None:
                try:
                    order = build_order(sale, st.mapping, summary.master, link=link, store=st.id, store_name=st.name,
                                        department=st.department, company=company.org_nr or company.id)
                except LedgerWizardError as e:
                    problem = e
            if dry_run:
                out.append(self._dry_run(st.id, day, sale, hold, order, problem))
                continue

            def build(order=order, problem=problem):
                if problem is not None:
                    raise problem
                return order

            def gate(hold=hold):
                return hold

            def connect(company=company):
                return connector(company)

            engine = TransferEngine(journal.for_doc(doc), hook=self.sending.hook, clock=self.ws.clock)
            outcome = engine.transfer(st.id, day, build, OrderLedger(connect, order), source=source, gate=gate)
            out.append(self._outcome(outcome, sale, order, system))
        return out

    def _booked_on_voucher(self, sd: StoreDay, system: str):
        """Never twice: if the day's voucher was already posted with its credit sales on it (sent before invoicing
        was switched on, or from an earlier start date), an order for them would book them a second time. The
        journal says what was posted (the voucher's total); the voucher with the credit sales left out must have
        that total, else every order of the day is held with what to do."""
        from ..core.transfer import SENT, Hold

        row = self.ws.journal.get(sd.store.id, sd.summary.business_day)
        if row is None or row.state != SENT or not row.amount:
            return None
        try:
            posted_without = self.sending.voucher(sd).total_debit == Decimal(row.amount)
        except (LedgerWizardError, ArithmeticError):
            posted_without = False  # cannot tell: a person decides
        if posted_without:
            return None
        number = row.voucher_number or row.voucher_id
        return Hold(f"booked-on-voucher:{number}", Text(
            f"Dagens bilag {number} ble bokført i {system} med kredittsalgene på seg (før fakturering ble slått på "
            f"for denne dagen). En ordre ville føre salget to ganger: fakturer det fra kundefordringene i {system}, "
            f"eller sett fakturering til å gjelde fra en senere dag.",
            f"The day's voucher {number} was posted to {system} with the credit sales on it (before invoicing was on "
            f"for this day). An order would book the sale twice: invoice it from the receivables in {system}, or "
            f"let invoicing start on a later day."))

    # -- what the user reads ----------------------------------------------------------------------------------------
    @staticmethod
    def _dry_run(store: str, day: dt.date, sale, hold, order, problem) -> OrderOutcome:
        from ..core.money import fmt, fmt_nb

        who = customer_label(sale)
        if hold is not None:
            return OrderOutcome(store, day, sale.register_id, sale.nr, who, "held", hold.message, amount=sale.amount_in)
        if problem is not None:
            return OrderOutcome(store, day, sale.register_id, sale.nr, who, "failed", problem.message, error=problem,
                                amount=sale.amount_in)
        return OrderOutcome(store, day, sale.register_id, sale.nr, who, "dry_run", Text(
            f"Klar til sending: ordre til {who}, {len(order.lines)} linjer, {fmt_nb(order.total)} kr.",
            f"Ready to send: an order to {who}, {len(order.lines)} lines, NOK {fmt(order.total)}."),
            amount=order.total)

    @staticmethod
    def _outcome(o: Outcome, sale, order: SalesOrder | None, system: str) -> OrderOutcome:
        from ..core.schedule import OSLO

        who = customer_label(sale)
        number = (o.posted.voucher_number or o.posted.voucher_id) if o.posted else ""
        status = o.status if o.status != "already_sent" else "recovered"
        receipt = Text(f"Kvittering {sale.nr} (kasse {sale.register_id})", f"Receipt {sale.nr} (register {sale.register_id})")
        if status == "sent":
            msg = Text(f"{receipt.nb}: sendt som ordre {number} til {who} i {system}.",
                       f"{receipt.en}: sent as order {number} to {who} in {system}.")
        elif status == "recovered":
            msg = Text(f"{receipt.nb}: ordren {number} finnes allerede i {system}; ikke sendt på nytt.",
                       f"{receipt.en}: order {number} is already in {system}; not sent again.")
        elif status == "uncertain":
            at = o.check_after.astimezone(OSLO).strftime("%d.%m. %H:%M") if o.check_after else ""
            msg = Text(f"{receipt.nb}: usikkert om ordren kom fram til {system}. Den kontrolleres mot regnskapet og "
                       f"sendes ikke på nytt før regnskapet har bekreftet at den mangler (tidligst {at}).",
                       f"{receipt.en}: unknown whether the order reached {system}. It is checked with the ledger and "
                       f"not sent again before the ledger confirms it is missing (at {at} at the earliest).")
        elif status == "failed":
            msg = Text(f"{receipt.nb}: ordren ble ikke sendt: {o.message.nb} Den prøves igjen automatisk.",
                       f"{receipt.en}: the order was not sent: {o.message.en} It is tried again automatically.")
        else:  # held: the hold's own words
            msg = o.message
        return OrderOutcome(o.store, o.business_day, sale.register_id, sale.nr, who, status, msg, number,
                            order.total if order is not None else sale.amount_in, o.error, list(o.details),
                            o.check_after)


def order_rows(journal, store: str | None = None) -> list[JournalRow]:
    """Every order's journal row (the status view: sent, held, failed, uncertain), oldest first."""
    return [r for r in journal.rows(store, doc=None) if is_order_doc(r.doc)]


def receipt_of(row: JournalRow) -> tuple[str, str]:
    return parse_order_doc(row.doc)


__all__ = ["Orders", "OrderOutcome", "OrderLedger", "invoicing_for", "order_rows", "receipt_of"]
