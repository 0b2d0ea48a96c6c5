"""One scheduler or Send-now run as plain data.

The tray does not send in its own process: it starts ``ledgerwizard run`` (the same program) for each run and
reads this report when the run has finished. The run process imports the heavy parts (XML, HTTP, TLS), does the
work through ``Workspace.run_due`` / ``Workspace.send`` and exits, so the tray that lives in the notification area
for years stays small, and a crash or hang in a run can never take the tray (or the scheduler) down with it.

Pure data and JSON, no Qt and no heavy imports: the tray loads this at start-up.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import Text

REPORT_VERSION = 1


def _text(d: dict | None) -> Text | None:
    return Text(d["nb"], d["en"]) if d else None


def _tdict(t: Text | None) -> dict | None:
    return {"nb": t.nb, "en": t.en} if t is not None else None


@dataclass
class OutcomeReport:
    store: str
    business_day: dt.date
    status: str  # sent, already_sent, recovered, failed, uncertain, held, skipped, dry_run
    message: Text
    voucher_number: str = ""
    error_code: str = ""
    error_text: Text | None = None  # the whole message with its next step, both languages
    retryable: bool = True
    attempts: int = 0  # automatic attempts so far (from the journal)
    details: list[Text] = field(default_factory=list)  # a held day's differences

    @property
    def ok(self) -> bool:
        return self.status in ("sent", "already_sent", "recovered")


@dataclass
class OrderReport:
    """One credit sale's order in a run (``services.orders.OrderOutcome`` as data)."""

    store: str
    business_day: dt.date
    register: str
    receipt: str
    customer: str
    status: str  # sent, recovered, held, failed, uncertain, dry_run
    message: Text  # what happened and what to do (a held order's reason)
    number: str = ""  # the ledger's order number
    error_code: str = ""
    error_text: Text | None = None
    retryable: bool = True
    attempts: int = 0  # attempts so far (from the journal)

    @property
    def ok(self) -> bool:
        return self.status in ("sent", "recovered", "dry_run")

    @property
    def doc(self) -> str:
        return f"order:{self.register}:{self.receipt}"  # (core.orders.order_doc, not imported: the tray loads this)

    def to_dict(self) -> dict:
        return {"store": self.store, "business_day": self.business_day.isoformat(), "register": self.register,
                "receipt": self.receipt, "customer": self.customer, "status": self.status,
                "message": _tdict(self.message), "number": self.number, "error_code": self.error_code,
                "error_text": _tdict(self.error_text), "retryable": self.retryable, "attempts": self.attempts}

    @classmethod
    def from_dict(cls, o: dict) -> "OrderReport":
        return cls(o["store"], dt.date.fromisoformat(o["business_day"]), o["register"], o["receipt"],
                   o.get("customer", ""), o["status"], _text(o.get("message")) or Text("", ""), o.get("number", ""),
                   o.get("error_code", ""), _text(o.get("error_text")), bool(o.get("retryable", True)),
                   int(o.get("attempts", 0)))


@dataclass
class DecisionReport:
    store: str
    business_day: dt.date
    action: str  # as core.schedule.Decision.action
    reason: Text


@dataclass
class RunReport:
    outcomes: list[OutcomeReport] = field(default_factory=list)
    decisions: list[DecisionReport] = field(default_factory=list)
    wake: dt.datetime | None = None  # the scheduler's next look (None: not a scheduler run)
    confirm: bool = False  # many missed days are due: the user is asked first, nothing was sent
    due_days: int = 0  # distinct business days that were due in this run
    error_code: str = ""  # the run itself failed (settings unreadable, journal locked …)
    error_text: Text | None = None
    notice: Text | None = None  # something the user should know (the journal was rebuilt from the ledger)
    orders: list[OrderReport] = field(default_factory=list)  # the credit sales sent (or held) as orders

    def by_action(self, action: str) -> list[DecisionReport]:
        return [d for d in self.decisions if d.action == action]

    # -- building from the service's results ---------------------------------------------------------------------
    @classmethod
    def from_run(cls, agenda, outcomes, journal=None, notice: Text | None = None, orders=()) -> "RunReport":
        """From ``core.schedule.Agenda`` (or None), ``core.transfer.Outcome`` objects and the orders'
        ``services.orders.OrderOutcome`` objects; ``journal`` adds each day's (and order's) attempt count."""
        rep = cls(notice=notice)
        for o in orders:
            err = o.error
            doc = f"order:{o.register}:{o.receipt}"
            row = journal.get(o.store, o.business_day, doc) if journal is not None and o.status == "failed" else None
            rep.orders.append(OrderReport(
                o.store, o.business_day, o.register, o.receipt, o.customer, o.status, o.message, o.number,
                error_code=getattr(err, "code", "") if err is not None else "",
                error_text=Text(err.render("nb"), err.render("en")) if err is not None else None,
                retryable=bool(getattr(row, "retryable", getattr(err, "retryable", False))) if err is not None
                else True, attempts=int(getattr(row, "attempts", 0) or 0)))
        for o in outcomes:
            err = o.error
            row = journal.get(o.store, o.business_day) if journal is not None and o.status == "failed" else None
            rep.outcomes.append(OutcomeReport(
                o.store, o.business_day, o.status, o.message,
                voucher_number=(o.posted.voucher_number or o.posted.voucher_id) if o.posted else "",
                error_code=getattr(err, "code", "") if err is not None else "",
                error_text=Text(err.render("nb"), err.render("en")) if err is not None else None,
                retryable=bool(getattr(err, "retryable", False)) if err is not None else True,
                attempts=int(getattr(row, "attempts", 0) or 0), details=list(getattr(o, "details", []) or [])))
        if agenda is not None:
            rep.decisions = [DecisionReport(d.store, d.business_day, d.action, d.reason) for d in agenda.decisions]
            rep.wake = agenda.wake
            rep.confirm = bool(agenda.confirm and agenda.send and not outcomes)
            rep.due_days = len({day for _s, day in agenda.send})
        return rep

    @classmethod
    def failure(cls, error) -> "RunReport":
        """The run could not start or stopped early: a ``LedgerWizardError`` (or any exception, named only)."""
        if hasattr(error, "render"):
            return cls(error_code=error.code, error_text=Text(error.render("nb"), error.render("en")))
        name = type(error).__name__
        return cls(error_code="internal", error_text=Text(
            f"Uventet feil under overføringen ({name}). Detaljer ligger i loggmappen.",
            f"Unexpected error during the transfer ({name}). Details are in the log folder."))

    # -- JSON ----------------------------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "version": REPORT_VERSION,
            "outcomes": [{"store": o.store, "business_day": o.business_day.isoformat(), "status": o.status,
                          "message": _tdict(o.message), "voucher_number": o.voucher_number,
                          "error_code": o.error_code, "error_text": _tdict(o.error_text), "retryable": o.retryable,
                          "attempts": o.attempts, "details": [_tdict(t) for t in o.details]}
                         for o in self.outcomes],
            "decisions": [{"store": d.store, "business_day": d.business_day.isoformat(), "action": d.action,
                           "reason": _tdict(d.reason)} for d in self.decisions],
            "wake": self.wake.isoformat() if self.wake else None,
            "confirm": self.confirm,
            "due_days": self.due_days,
            "error_code": self.error_code,
            "error_text": _tdict(self.error_text),
            "notice": _tdict(self.notice),
            "orders": [o.to_dict() for o in self.orders],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "RunReport":
        if d.get("version") != REPORT_VERSION:
            raise ValueError(f"run report version {d.get('version')!r}")
        day = dt.date.fromisoformat
        return cls(
            outcomes=[OutcomeReport(o["store"], day(o["business_day"]), o["status"], _text(o["message"]) or Text("", ""),
                                    o.get("voucher_number", ""), o.get("error_code", ""), _text(o.get("error_text")),
                                    bool(o.get("retryable", True)), int(o.get("attempts", 0)),
                                    [t for t in (_text(x) for x in o.get("details") or []) if t is not None])
                      for o in d.get("outcomes", [])],
            decisions=[DecisionReport(x["store"], day(x["business_day"]), x["action"], _text(x["reason"]) or Text("", ""))
                       for x in d.get("decisions", [])],
            wake=dt.datetime.fromisoformat(d["wake"]) if d.get("wake") else None,
            confirm=bool(d.get("confirm")), due_days=int(d.get("due_days", 0)),
            error_code=d.get("error_code", ""), error_text=_text(d.get("error_text")), notice=_text(d.get("notice")),
            orders=[OrderReport.from_dict(o) for o in d.get("orders") or []])

    def write(self, path: str | Path) -> None:
        """Atomically: the tray never reads half a report."""
        path = Path(path)
        tmp = path.with_name(path.name + ".part")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self.to_dict(), f, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)

    @classmethod
    def read(cls, path: str | Path) -> "RunReport":
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))
