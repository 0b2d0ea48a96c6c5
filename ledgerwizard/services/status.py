"""The status of every store's business days, as a person wants to see it: what was sent (voucher number, when),
what waits for its Z report, what needs a decision (and why), what failed (why, and when it is tried again), what is
being checked with the ledger, what lies before the go-live day, and what will go out at the next send time.

One row per store and business day for a period (default: the last 14 days), plus every older day that is still
unresolved (failed, held, uncertain). Read from the journal, the export folder and the schedule, never from the
ledger; no Qt. The status window, ``ledgerwizard status`` and the tray read it.
"""

from __future__ import annotations

import datetime as dt
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


def _date_text(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def status(ws: Workspace, now: dt.datetime | None = None, *, first: dt.date | None = None, last: dt.date | None = None,
           paused: bool = False) -> Status:
    """Every store's days from ``first`` to ``last`` (default: the 14 days before today) and every older unresolved
    day. ``paused``: the tray's pause (it is the tray's, not the settings')."""
    from ..core.errors import LedgerWizardError
    from ..core.holds import hold_for
    from ..core.schedule import OSLO, Plan, agenda
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
    by_day = {(sd.store.id, sd.summary.business_day): sd for sd in store_days}
    journal = ws.journal
    rows = {(r.store, r.business_day): r for r in journal.rows()}
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
            st.text = Text(f"Sendt: bilag {st.voucher_number}.", f"Sent: voucher {st.voucher_number}.")
        elif row is not None and row.state in ("uncertain", "sending"):
            st.state = UNCERTAIN
            st.at = _parse(row.check_after)
            st.text = Text("Kontrolleres mot regnskapet: usikkert om bilaget ble bokført. Det sendes ikke på nytt før "
                           "regnskapet har bekreftet at det mangler.",
                           "Being checked with the ledger: unknown whether the voucher was posted. It is not sent "
                           "again before the ledger confirms it is missing.")
        elif this is not None and (hold := hold_for(this.summary, names[store])) is not None and \
                journal.decision(store, day, hold.fingerprint) is None:
            st.state, st.hold, st.details = NEEDS_ATTENTION, hold, list(hold.details)
            st.text = hold.message
        elif row is not None and row.state == "held" and this is None:
            from ..adapters.journal import SqliteJournal

            hold = SqliteJournal.held(row)
            st.state, st.hold = NEEDS_ATTENTION, hold
            st.details = list(hold.details) if hold else []
            st.text = hold.message if hold else Text(row.last_error, row.last_error)
        elif row is not None and row.state == "failed":
            st.state = FAILED
            st.details = [Text(row.last_error, row.last_error)] if row.last_error else []
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
    return Status(out, first, last, plan.auto_send, plan.first_day, ws.journal_notice(), problems)


def _parse(text: str) -> dt.datetime | None:
    try:
        t = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


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


__all__ = ["status", "Status", "DayStatus", "support_details", "SENT", "WAITING_Z", "LATE_Z", "NEEDS_ATTENTION",
           "FAILED", "UNCERTAIN", "BEFORE_GO_LIVE", "OFF", "PAUSED", "DUE", "UNRESOLVED"]
