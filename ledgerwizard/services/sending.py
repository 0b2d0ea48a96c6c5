"""Sending: the one path every day takes to the ledger — the scheduler's run, the catch-up, Send now, the CLI and
the wizard's test transfer. Each day goes through the transfer engine (exactly once, held when it does not
reconcile) and, once posted, gets its day report attached.

``Sending(ws, connector_factory=…, hook=…)``: the connector factory (a company → a connector; default: the
registry with the workspace's keys) and the test hook are the service's dependencies, not arguments of each
call.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from typing import TYPE_CHECKING, Callable, Iterator

from ..core.errors import LedgerWizardError, UsageError
from ..core.i18n import Text
from .attachments import Attachments
from .days import Days, StoreDay

if TYPE_CHECKING:
    from ..connectors.base import Connector
    from ..core.schedule import Agenda
    from ..core.summary import DaySummary
    from ..core.transfer import Decision, Hold, Outcome
    from ..core.voucher import Voucher
    from .workspace import Workspace

Accept = bool | dict[tuple[str, dt.date], str]  # see Sending.send


def connector_key(company) -> str:
    """One connector per company and key: a store with a key of its own (``Settings.store_company``) has its own."""
    store = (company.options or {}).get("store_key")
    return f"{company.id}/store/{store}" if store else company.id


class Sending:
    def __init__(self, ws: Workspace, *, connector_factory: Callable | None = None,
                 hook: Callable[[str], None] | None = None, attachments: Attachments | None = None):
        self.ws = ws
        self.days = Days(ws)
        self._factory = connector_factory
        self.hook = hook
        self.attachments = attachments or Attachments(ws)
        self.order_outcomes: list = []  # the sales orders' outcomes of the last send/run (services.orders)
        self.notice: Text | None = None  # the last scheduled run's notice: sales no store takes (services.status)
        self._pool: dict[str, Connector] | None = None  # the current run's connections (``connections``)
        self._posted_z: dict[str, dict] = {}  # store id -> its Z reports already posted (``posted_z``)

    def connect(self, company):
        if self._factory is not None:
            return self._factory(company)
        from ..connectors import open_connector

        return open_connector(company, self.ws.secrets)

    @contextlib.contextmanager
    def connections(self) -> Iterator[Callable[[object], Connector]]:
        """The ledger connections of one run: one per company and key (``connector_key``), opened on first use and
        closed when the outermost run ends. A run over several stores of one company (the timer, catch-up, Send
        now) signs in once and reads the company's accounts once, not once per store. A connection that could not
        be opened is not kept: the next store tries again and gets its own error."""
        if self._pool is not None:  # inside a run already: its connections are shared
            pool = self._pool
            yield lambda company: self._pooled(pool, company)
            return
        pool = self._pool = {}
        try:
            yield lambda company: self._pooled(pool, company)
        finally:
            self._pool = None
            for con in pool.values():
                con.close()

    def _pooled(self, pool: dict[str, Connector], company) -> Connector:
        key = connector_key(company)
        con = pool.get(key)
        if con is None:
            con = pool[key] = self.connect(company)
        return con

    # -- the voucher of a day and a person's decision about it ------------------------------------------------------
    def decided_voucher(self, sd: StoreDay) -> Voucher:
        """The day's voucher with the decision a person recorded for it (if any)."""
        return self.voucher(sd, self.decision_for(sd))

    def voucher(self, sd: StoreDay, decision: Decision | None = None) -> Voucher:
        """The day's voucher; a day sent with accepted differences says so in its text. When the company
        invoices credit sales (sales orders), the voucher leaves them out by itself."""
        from ..core.holds import apply_decision
        from ..core.orders import invoiced_note, voucher_day
        from ..core.voucher import build_voucher
        from .orders import invoicing_for

        st = sd.store
        comp = self.ws.settings.company(st.company)
        invoicing = invoicing_for(comp)
        v = build_voucher(voucher_day(sd.summary, invoicing), st.mapping, store_name=st.name,
                          department=st.department, company=comp.org_nr or comp.id, style=comp.line_style)
        note = invoiced_note(sd.summary, invoicing)
        if note is not None:
            v.notes.append(note)
        return apply_decision(v, decision)

    def hold(self, sd: StoreDay) -> Hold | None:
        from ..core.holds import hold_for

        return hold_for(sd.summary, sd.store.name, self.posted_z(sd.store.id))

    def posted_z(self, store_id: str) -> dict:
        """The store's Z reports already on a voucher (read once per store until something is sent)."""
        if store_id not in self._posted_z:
            self._posted_z[store_id] = self.ws.journal.z_reports_posted(store_id)
        return self._posted_z[store_id]

    def _hold_now(self, store_id: str, summary: DaySummary, store_name: str) -> Hold | None:
        """``hold`` from the journal as it is this moment (the engine's gate, and right after a send)."""
        from ..core.holds import hold_for

        self._posted_z.pop(store_id, None)
        return hold_for(summary, store_name, self.posted_z(store_id))

    def _remember_z(self, store_days: list[StoreDay], store_id: str | None = None) -> None:
        """Days sent before the journal kept their Z reports take them from the export as it reads now (once),
        before a changed cut-off could move one to another day; only when the day still makes the voucher that
        was sent (its total), so a day the export or the cut-off has changed since gets none rather than wrong
        ones (and is marked looked at, so it is not built again at every run)."""
        from ..core.summary import z_key
        from ..core.transfer import SENT

        rows = {(r.store, r.business_day): r for r in self.ws.journal.rows(store_id)}
        for sd in store_days:
            row = rows.get((sd.store.id, sd.summary.business_day))
            if row is None or row.state != SENT or not row.voucher_id or row.z_reports:
                continue
            try:
                same = str(self.voucher(sd, self.decision_for(sd)).total_debit) == row.amount
            except LedgerWizardError:
                same = False
            keys = [z_key(z) for z in sd.summary.zreports] if same else []
            if self.ws.journal.remember_z_reports(row.store, row.business_day, keys) and keys:
                self._posted_z.pop(row.store, None)

    def decision_for(self, sd: StoreDay) -> Decision | None:
        """The person's decision that lets this held day be sent (for its current differences), if any."""
        hold = self.hold(sd)
        return None if hold is None else self.ws.journal.decision(sd.store.id, sd.summary.business_day, hold.fingerprint)

    def accept_differences(self, sd: StoreDay, source: str, fingerprint: str | None = None) -> Hold | None:
        """Record that a person has seen this day's differences and wants it sent anyway (``fingerprint``: the
        differences they saw; if the figures changed since, nothing is accepted). Returns the hold accepted."""
        hold = self.hold(sd)
        if hold is not None and fingerprint in (None, hold.fingerprint):
            self.ws.journal.decide(sd.store.id, sd.summary.business_day, hold, source)
            return hold
        return None

    # -- one day, through the engine ------------------------------------------------------------------------------------
    def transfer(self, store_id: str, store_name: str, summary: DaySummary, build: Callable[[], Voucher], con,
                 source: str, attach: bool = True) -> Outcome:
        """One store-day through the exactly-once engine, held unless it reconciles or a person decided; the day
        report attached once it is posted. ``build`` makes the voucher (with the decision, if any)."""
        from ..core.transfer import TransferEngine

        journal = self.ws.journal
        engine = TransferEngine(journal, hook=self.hook, clock=self.ws.clock)
        outcome = engine.transfer(store_id, summary.business_day, build, con, source=source,
                                  gate=lambda: self._hold_now(store_id, summary, store_name))
        self._posted_z.pop(store_id, None)  # (whatever the outcome: the attempt may have recorded Z reports)
        if outcome.status in ("sent", "recovered") and outcome.posted is not None:
            hold = self._hold_now(store_id, summary, store_name)
            decision = journal.decision(store_id, summary.business_day, hold.fingerprint) if hold else None
            self.attachments.attach(store_id, summary, build(), decision, con, outcome.posted, attach)
        return outcome

    def test_transfer(self, store_id: str, store_name: str, summary: DaySummary, build_voucher: Callable[[], Voucher],
                      con, accept: Hold | None = None, attach: bool = True) -> Outcome:
        """The wizard's test transfer: the same path as every send (held unless it reconciles or the person ticked
        "send anyway" for exactly ``accept``'s differences; the day report attached)."""
        from ..core.holds import apply_decision

        journal = self.ws.journal
        if accept is not None:
            journal.decide(store_id, summary.business_day, accept, "wizard-test")

        def build():
            h = self._hold_now(store_id, summary, store_name)
            return apply_decision(build_voucher(), journal.decision(store_id, summary.business_day, h.fingerprint)
                                  if h else None)

        return self.transfer(store_id, store_name, summary, build, con, "wizard-test", attach)

    # -- what the user or the scheduler asks for ------------------------------------------------------------------------
    def send(self, store_id: str | None = None, days: list[dt.date] | None = None, first: dt.date | None = None,
             last: dt.date | None = None, *, source: str = "cli", dry_run: bool = False,
             accept: Accept = False) -> list[Outcome]:
        """Send the chosen days (or every closed, unsent day between ``first`` and ``last``) exactly once. A day
        that does not reconcile with its Z reports is held, unless a person accepted its differences before.
        ``accept``: True, this person accepts them now for the days sent (the CLI, which lists them); or
        {(store, day): fingerprint}: exactly the differences a person was shown (the GUI)."""
        from ..connectors.base import precheck
        from ..core.transfer import SENT, Outcome

        settings = self.ws.settings
        store_days, _ = self.days.store_days(store_id)
        self._remember_z(store_days, store_id)
        wanted = [sd for sd in store_days if (days is None or sd.summary.business_day in days)
                  and not (first is not None and sd.summary.business_day < first)
                  and not (last is not None and sd.summary.business_day > last)]
        outcomes: list[Outcome] = []
        if days is not None:
            have = {(sd.store.id, sd.summary.business_day) for sd in wanted}
            stores = [settings.store(store_id)] if store_id else [s for s in settings.stores if s.enabled]
            outcomes += [Outcome(st.id, d, "skipped", Text(
                "Ingen avsluttet dag i eksportmappen (mangler Z-rapport eller eksport).",
                "No closed day in the export folder (no Z report or no export yet).")) for st in stores for d in days
                if (st.id, d) not in have]
        self.order_outcomes = []
        with self.connections() as connector:
            if not dry_run:
                self.attachments.retry(store_days, connector, self)
            for sd in wanted:
                st, day = sd.store, sd.summary.business_day
                if not sd.summary.has_z and days is None:
                    outcomes.append(Outcome(st.id, day, "skipped", Text(
                        "Venter på Z-rapporten for dagen.", "Waiting for the day's Z report.")))
                    continue
                row = self.ws.journal.get(st.id, day)
                if row is not None and row.state == SENT and days is None:
                    continue  # a range sends what is due; an explicit day reports "already sent"
                try:
                    company = settings.store_company(st)  # a store with a key of its own sends with it
                    con = connector(company)
                except LedgerWizardError as e:
                    outcomes.append(Outcome(st.id, day, "failed", e.message, error=e))
                    continue
                if accept and not dry_run and (row is None or row.state != SENT):
                    if accept is True:
                        self.accept_differences(sd, source)
                    elif (st.id, day) in accept:
                        self.accept_differences(sd, source, accept[(st.id, day)])
                if dry_run:
                    outcomes.append(self._dry_run(sd, con, precheck))
                    continue
                outcomes.append(self.transfer(st.id, st.name, sd.summary,
                                              functools.partial(self.decided_voucher, sd), con, source,
                                              company.options.get("attach_report", True)))
            self.order_outcomes += self._orders().send(wanted, connector, source, dry_run)
        outcomes.sort(key=lambda o: (o.business_day, o.store))
        return outcomes

    def _dry_run(self, sd: StoreDay, con, precheck) -> Outcome:
        from ..core.transfer import Outcome

        st, day = sd.store, sd.summary.business_day
        hold = self.hold(sd)
        if hold is not None and self.decision_for(sd) is None:
            return Outcome(st.id, day, "held", hold.message, details=list(hold.details))
        try:
            v = self.voucher(sd, self.decision_for(sd))
            precheck(v, con.chart(), con.display_name)
        except LedgerWizardError as e:
            return Outcome(st.id, day, "failed", e.message, error=e)
        return Outcome(st.id, day, "dry_run", Text(f"Klar til sending: {len(v.lines)} linjer, {v.total_debit} kr.",
                                                   f"Ready to send: {len(v.lines)} lines, NOK {v.total_debit}."))

    def send_now(self, stores: list[str] | None = None, first: dt.date | None = None, last: dt.date | None = None,
                 *, accept: dict[tuple[str, dt.date], str] | None = None, log=None) -> list[Outcome]:
        """The tray's Send now: each chosen store's latest closed day, or every day from ``first`` to ``last``
        (each reported: sent, already sent with its voucher, or not in the export yet). Same path as the timer,
        with the same notice of sales no store takes (``notice``)."""
        from ..core.schedule import OSLO, SendRequest
        from ..core.transfer import Outcome

        settings = self.ws.settings
        ids = stores or [s.id for s in settings.stores if s.enabled]
        for sid in ids:
            settings.store(sid)  # an unknown store is a clear error before anything is sent
        outcomes: list[Outcome] = []
        today = self.ws.now().astimezone(OSLO).date()
        try:
            store_days, results = self.days.store_days()
        except LedgerWizardError:
            store_days, results = [], []  # (each store's send says what is wrong with the export)
        self._note_unclaimed(results, self.ws.now(), log)
        if first is None and last is None:
            latest: dict[str, dt.date] = {}
            for sd in store_days:
                if sd.summary.has_z and sd.store.id in ids:
                    latest[sd.store.id] = max(latest.get(sd.store.id, sd.summary.business_day), sd.summary.business_day)
            orders = []  # each send() starts its own order_outcomes: the run's are all of them
            with self.connections():  # the stores of one company share its connection
                for sid in ids:
                    if sid in latest:
                        outcomes += self.send(sid, [latest[sid]], source="send-now")
                        orders += self.order_outcomes
                    else:  # reported on yesterday: the latest day that could have been closed
                        outcomes.append(Outcome(sid, today - dt.timedelta(days=1), "skipped", Text(
                            "Ingen avsluttet dag i eksportmappen ennå (mangler Z-rapport eller eksport).",
                            "No closed day in the export folder yet (no Z report or no export).")))
            self.order_outcomes = orders
            return outcomes
        lo, hi = first or last, last or first
        assert lo is not None and hi is not None  # both None returned above
        request = SendRequest(ids, lo, hi)
        problems = request.problems(today)  # the same rules as the tray's dialog
        if problems:
            raise UsageError(Text(" ".join(p.nb for p in problems), " ".join(p.en for p in problems)))
        days = [request.first + dt.timedelta(days=n) for n in range(request.days)]
        orders = []
        with self.connections():
            for sid in ids:
                outcomes += self.send(sid, days, source="send-now", accept=accept or False)
                orders += self.order_outcomes
        self.order_outcomes = orders
        outcomes.sort(key=lambda o: (o.business_day, o.store))
        return outcomes

    def _note_unclaimed(self, results: list, now: dt.datetime, log=None) -> None:
        """The run's notice (``notice``): sales in the export no store of the setup takes, the last 14 days."""
        from ..core.schedule import OSLO
        from .status import DEFAULT_DAYS, unclaimed_notice

        today = now.astimezone(OSLO).date()
        self.notice = unclaimed_notice(self.ws.settings.stores, results, today - dt.timedelta(days=DEFAULT_DAYS), today)
        if self.notice is not None and log:
            log.warning("sales no store takes: %s", self.notice.en)

    def run_due(self, now: dt.datetime, *, paused: bool = False, source: str = "timer", confirmed: bool = True,
                log=None) -> tuple[Agenda, list[Outcome]]:
        """The scheduler's step: what is due now (from the calendar, the settings and the journal), sent through
        the one path. Every decision is logged with its reason."""
        from ..core.schedule import Plan, agenda

        settings = self.ws.settings
        plan = Plan.from_settings(settings, paused=paused)
        try:
            store_days, results = self.days.store_days()
        except LedgerWizardError as e:
            if log:
                log.warning("cannot read the export folder: %s", e.code)
            store_days, results = [], []
        self._remember_z(store_days)
        self._note_unclaimed(results, now, log)
        closed: dict[str, dict[dt.date, bool]] = {}
        for sd in store_days:
            closed.setdefault(sd.store.id, {})[sd.summary.business_day] = sd.summary.has_z
        rows = {(r.store, r.business_day): r for r in self.ws.journal.rows()}
        ag = agenda(plan, now, [s.id for s in settings.stores if s.enabled], closed, rows)
        if log:
            for d in ag.decisions:
                log.info("%s %s: %s (%s)", d.store, d.business_day, d.action, d.reason.en)
        outcomes: list[Outcome] = []
        due = (ag.send if confirmed or not ag.confirm else []) + ag.recheck
        by_store: dict[str, list[dt.date]] = {}
        for store, day in sorted(due, key=lambda sd: (sd[1], sd[0])):
            by_store.setdefault(store, []).append(day)
        orders = []
        with self.connections():  # one sign-in per company for the whole run, its stores and its pending orders
            for store, days in by_store.items():
                outcomes += self.send(store, days, source=source)
                orders += self.order_outcomes
            orders += self._pending_orders([sd for sd in store_days if sd.summary.business_day not in
                                            by_store.get(sd.store.id, ())], plan, now, source)
        self.order_outcomes = orders
        if log:
            for o in outcomes:
                log.info("%s %s: %s", o.store, o.business_day, o.status)
            for o in orders:
                log.info("%s %s order %s/%s: %s", o.store, o.business_day, o.register, o.receipt, o.status)
        return ag, outcomes

    # -- sales orders (credit sales for invoicing): services/orders.py ---------------------------------------------------
    def _orders(self):
        from .orders import Orders

        return Orders(self)

    def _pending_orders(self, store_days: list[StoreDay], plan, now: dt.datetime, source: str) -> list:
        """The orders still to send on days already handled (a customer linked since, a failed or uncertain
        order): the scheduler's run sends them too, through the same path."""
        try:
            with self.connections() as connector:
                return self._orders().send_pending(store_days, plan, now, connector, source)
        except LedgerWizardError as e:
            # never silent: the run goes on with its days; the orders wait for the next run, and the log says why
            import logging

            logging.getLogger("ledgerwizard.orders").warning("the pending orders were not sent this run: %s",
                                                             e.render("en"))
            return []


__all__ = ["Sending", "Accept"]
