"""Exactly-once transfer of a store's business day: the state machine every path (timer, catch-up, Send now,
CLI) goes through.

States per (store, business day) in the journal: ``pending`` → ``sending`` → ``sent`` | ``failed``.

The rule that makes it exactly once: ``sending`` is written (and committed) *before* the request leaves, and
the whole transfer runs under the journal's exclusive lock. So a ``sending`` row found later, under the lock,
is always a past attempt whose outcome is unknown (the process died, or the connection dropped after the
request was sent). Before anything is re-sent, the ledger is asked whether it already has the voucher's
external reference; only a clear "no" allows a new POST.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Protocol

from .errors import LedgerWizardError
from .i18n import Text

if TYPE_CHECKING:  # annotations only: the journal imports this module and must stay light
    from .voucher import Voucher

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
STATES = (PENDING, SENDING, SENT, FAILED)


# --- what a ledger connector must offer (implemented per system in the connectors) --------------------------

@dataclass(frozen=True)
class Posted:
    voucher_id: str
    voucher_number: str = ""


class LedgerError(LedgerWizardError):
    """A ledger call failed. ``outcome`` says what is known about the voucher afterwards.

    * ``not_sent``: the request never reached the ledger (DNS, refused connection, TLS before sending).
    * ``rejected``: the ledger answered and did not store it (validation, locked period, wrong key …).
    * ``unknown``: the request may have been stored (timeout after sending, connection dropped, 5xx).
    """

    code = "ledger"

    def __init__(self, message: Text, hint: Text | None = None, *, kind: str = "unknown", outcome: str = "unknown",
                 retryable: bool = True, details: list[str] | None = None):
        self.kind = kind  # auth, environment, privilege, network, down, rate_limited, rejected, locked_period …
        self.outcome = outcome
        self.retryable = retryable
        super().__init__(message, hint, details=details)
        self.code = f"ledger_{kind}"


class Ledger(Protocol):
    def post(self, voucher: Voucher) -> Posted: ...

    def find(self, external_ref: str, day: dt.date) -> Posted | None: ...


# --- what the journal must offer (SQLite in adapters.journal) ---------------------------------------------------

@dataclass
class JournalRow:
    store: str
    business_day: dt.date
    state: str = PENDING
    external_ref: str = ""
    attempts: int = 0
    last_error: str = ""
    last_error_code: str = ""
    retryable: bool = True
    voucher_id: str = ""
    voucher_number: str = ""
    amount: str = ""
    created_at: str = ""
    updated_at: str = ""
    sent_at: str = ""
    source: str = ""  # what started it: timer, catch-up, send-now, cli, wizard-test
    attachment: str = ""  # the day's documentation: '', attached, failed, skipped
    attachment_attempts: int = 0

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["business_day"] = self.business_day.isoformat()
        return d


class Journal(Protocol):
    def lock(self) -> AbstractContextManager: ...

    def get(self, store: str, day: dt.date) -> JournalRow | None: ...

    def mark_pending(self, store: str, day: dt.date, source: str = "") -> JournalRow: ...

    def mark_sending(self, store: str, day: dt.date, external_ref: str, amount: str, source: str) -> None: ...

    def mark_sent(self, store: str, day: dt.date, posted: Posted, note: str = "") -> None: ...

    def mark_failed(self, store: str, day: dt.date, error: LedgerWizardError, retryable: bool) -> None: ...

    def note(self, store: str, day: dt.date, text: str, error_code: str = "") -> None: ...


# --- the one path ---------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    store: str
    business_day: dt.date
    status: str  # sent, already_sent, recovered, failed, uncertain
    message: Text
    posted: Posted | None = None
    error: LedgerWizardError | None = None
    steps: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("sent", "already_sent", "recovered")


class Crash(BaseException):
    """Raised by test hooks to simulate the process dying at a step (never caught by the engine)."""


class TransferEngine:
    """Runs one store-day through the journal and the ledger. ``hook(step)`` lets tests stop the world at
    every step (``before_sending``, ``after_sending``, ``after_post``, ``after_sent``)."""

    def __init__(self, journal: Journal, hook: Callable[[str], None] | None = None):
        self.journal = journal
        self.hook = hook or (lambda step: None)

    def transfer(self, store: str, day: dt.date, build: Callable[[], Voucher], ledger: Ledger,
                 source: str = "send-now") -> Outcome:
        with self.journal.lock():
            return self._transfer(store, day, build, ledger, source)

    def _transfer(self, store: str, day: dt.date, build: Callable[[], Voucher], ledger: Ledger,
                  source: str) -> Outcome:
        row = self.journal.get(store, day)
        if row is not None and row.state == SENT:
            return Outcome(store, day, "already_sent", Text(
                f"Allerede sendt (bilag {row.voucher_number or row.voucher_id}).",
                f"Already sent (voucher {row.voucher_number or row.voucher_id})."),
                Posted(row.voucher_id, row.voucher_number))
        if row is not None and row.state == SENDING:
            # an earlier attempt's outcome is unknown: ask the ledger before anything is built or re-sent
            found = self._find(store, day, row.external_ref, ledger)
            if isinstance(found, Outcome):
                return found
            if found is not None:
                self.journal.mark_sent(store, day, found, note="found in the ledger after an interrupted attempt")
                return Outcome(store, day, "recovered", Text(
                    f"Bilaget var allerede bokført (bilag {found.voucher_number or found.voucher_id}); ikke sendt på nytt.",
                    f"The voucher was already posted (voucher {found.voucher_number or found.voucher_id}); not sent again."),
                    found)
            self.journal.note(store, day, "not in the ledger after an interrupted attempt: sending again")
        try:
            voucher = build()
        except LedgerWizardError as e:
            self.journal.mark_failed(store, day, e, retryable=False)
            return Outcome(store, day, "failed", e.message, error=e)
        self.hook("before_sending")
        self.journal.mark_sending(store, day, voucher.external_ref, str(voucher.total_debit), source)
        self.hook("after_sending")
        try:
            posted = ledger.post(voucher)
        except LedgerError as e:
            if e.outcome == "unknown":
                found = self._find(store, day, voucher.external_ref, ledger)
                if isinstance(found, Outcome):
                    return found
                if found is not None:
                    self.journal.mark_sent(store, day, found, note="posted although the answer was lost")
                    return Outcome(store, day, "recovered", Text(
                        f"Sendt (bilag {found.voucher_number or found.voucher_id}); svaret kom ikke fram, men "
                        f"regnskapet bekrefter bilaget.",
                        f"Sent (voucher {found.voucher_number or found.voucher_id}); the answer was lost, but the "
                        f"ledger confirms the voucher."), found)
            self.journal.mark_failed(store, day, e, retryable=e.retryable)
            return Outcome(store, day, "failed", e.message, error=e)
        self.hook("after_post")
        self.journal.mark_sent(store, day, posted)
        self.hook("after_sent")
        return Outcome(store, day, "sent", Text(
            f"Sendt: bilag {posted.voucher_number or posted.voucher_id}.",
            f"Sent: voucher {posted.voucher_number or posted.voucher_id}."), posted)

    def _find(self, store: str, day: dt.date, ref: str, ledger: Ledger) -> Posted | None | Outcome:
        try:
            return ledger.find(ref, day)
        except LedgerError as e:
            # we cannot tell whether it is there: stay in "sending" and try again later; never re-send blindly
            self.journal.note(store, day, f"could not check the ledger: {e.code}", e.code)
            return Outcome(store, day, "uncertain", Text(
                "Usikkert om bilaget ble bokført; sjekkes mot regnskapet ved neste forsøk før noe sendes på nytt.",
                "Unknown whether the voucher was posted; it is checked against the ledger at the next attempt "
                "before anything is sent again."), error=e)
