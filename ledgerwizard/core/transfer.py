"""Exactly-once transfer of a store's business day: the state machine every path (timer, catch-up, Send now,
the wizard's test transfer, the CLI) goes through.

States per (store, business day, document) in the journal::

    pending ─► sending ─► sent
                 │  └───► failed      (the ledger answered no, or the request never left: retried or fixed)
                 └──────► uncertain   (the request may have been stored: timeout, dropped connection, 5xx)
    held                              (the day does not reconcile: waits for a person's decision or better data)

The rules that make it exactly once:

* ``sending`` is committed *just before* the voucher request leaves (the connector calls ``on_send`` after its
  token, chart and pre-check requests), and the whole transfer runs under the journal's exclusive lock. A failure
  before that point is a plain failure: nothing was sent.
* An attempt whose outcome is unknown leaves the day **uncertain**. An uncertain day (or a ``sending`` row left
  by a killed process) is asked about at every later attempt, but it is posted again only when the ledger still
  does not have it after the ledger's *settling time* (``settle_seconds``, well above the read timeout): a slow
  commit lands, and a search index that lags catches up, before a "no" is believed.
* A ledger that does not refuse a second voucher with the same external reference (``unique_reference`` is
  False: Tripletex, Xledger) is asked before **every** POST. Any day with an earlier attempt, and every day of a
  journal rebuilt after it was lost, is asked before its POST on every ledger.
* A ledger's duplicate answer, and any rejection, is checked against the ledger before the user is told: a
  voucher that is there is recorded as sent, with the ledger's number.
* A day that does not reconcile (``gate``) is **held** and posted only after a person accepted exactly those
  differences (a decision in the journal), or when later data make it reconcile.
* A closed day with nothing to book (a register's Z report on a day without sales, or a day whose every sale
  became an invoiced order) has a voucher with no lines, which every ledger refuses. It is recorded as done
  without a voucher (``sent`` with no voucher id, ``nothing_posted``), never sent and never failed night after
  night.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Protocol

from .errors import LedgerWizardError
from .i18n import Text
from .schedule import parse_stamp

if TYPE_CHECKING:  # annotations only: the journal imports this module and must stay light
    from .voucher import Voucher

PENDING, SENDING, SENT, FAILED, UNCERTAIN, HELD = "pending", "sending", "sent", "failed", "uncertain", "held"
STATES = (PENDING, SENDING, SENT, FAILED, UNCERTAIN, HELD)
VOUCHER = "voucher"  # the journal's document kind for the day's sales voucher
ORDER_DOC = "order"  # the journal's document kind for a sales order: "order:<register>:<receipt nr>"

NOTHING_TO_POST = "nothing to post"  # the journal's note for a day done without a voucher
DEFAULT_SETTLE_SECONDS = 20 * 60  # well above any read timeout (30 s) and the look-up lag seen in practice


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
    """A ledger as the engine sees it. ``unique_reference``: the ledger itself refuses a second voucher with the
    same external reference. ``settle_seconds``: how long after an uncertain attempt a "not found" is believed.
    Both are optional attributes (the safe defaults: not unique, ``DEFAULT_SETTLE_SECONDS``)."""

    def post(self, voucher: Voucher, on_send: Callable[[], None] | None = None) -> Posted: ...

    def find(self, external_ref: str, day: dt.date) -> Posted | None: ...


# --- what the journal must offer (SQLite in adapters.journal) ---------------------------------------------------

# a row's error is kept in both languages: bokmål, this separator, English (older rows: English only)
ERROR_LANG_SEP = "\n\x1e\n"


def both_languages(error: LedgerWizardError, limit: int = 1000) -> str:
    """An error as the journal keeps it (``JournalRow.error_text`` reads it back)."""
    return error.render("nb")[:limit] + ERROR_LANG_SEP + error.render("en")[:limit]


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
    doc: str = VOUCHER  # the kind of document (the day's voucher; sales orders have their own rows)
    uncertain_since: str = ""  # when the attempt whose outcome is unknown was made
    check_after: str = ""  # an uncertain day: when a "not found" from the ledger is believed
    hold: str = ""  # a held day: the fingerprint of the differences it waits on
    hold_details: str = ""  # … and its message and differences in both languages (JSON)
    z_reports: str = ""  # the Z reports (``core.holds.z_key``) of the voucher attempted, space-separated

    def error_text(self) -> Text:
        """The last error in the user's languages (a row written before both were kept: English in both)."""
        nb, sep, en = self.last_error.partition(ERROR_LANG_SEP)
        return Text(nb, en) if sep else Text(self.last_error, self.last_error)

    def to_dict(self) -> dict:
        d = dict(self.__dict__)
        d["business_day"] = self.business_day.isoformat()
        d["last_error"] = self.error_text().en  # (JSON readers and scripts: English, as before)
        d["last_error_nb"] = self.error_text().nb
        return d


@dataclass(frozen=True)
class Hold:
    """Why a day is not sent without a person's decision: what differs, and a fingerprint of exactly that."""

    fingerprint: str
    message: Text
    details: list[Text] = field(default_factory=list)


@dataclass(frozen=True)
class Decision:
    """A person accepted a held day's differences (when, who or what, and exactly which differences)."""

    store: str
    business_day: dt.date
    fingerprint: str
    at: str
    source: str
    details: list[Text] = field(default_factory=list)


class Journal(Protocol):
    def lock(self) -> AbstractContextManager: ...

    def get(self, store: str, day: dt.date) -> JournalRow | None: ...

    def mark_sending(self, store: str, day: dt.date, external_ref: str, amount: str, source: str, *,
                     z_reports: list[str] | None = None) -> None: ...

    def mark_sent(self, store: str, day: dt.date, posted: Posted, note: str = "", *,
                  z_reports: list[str] | None = None) -> None: ...

    def mark_failed(self, store: str, day: dt.date, error: LedgerWizardError, retryable: bool) -> None: ...

    def mark_uncertain(self, store: str, day: dt.date, since: dt.datetime, check_after: dt.datetime,
                       error: LedgerWizardError | None = None, note: str = "") -> None: ...

    def mark_held(self, store: str, day: dt.date, hold: Hold, source: str) -> None: ...

    def decision(self, store: str, day: dt.date, fingerprint: str) -> Decision | None: ...

    def looks_up_first(self, day: dt.date) -> bool: ...

    def note(self, store: str, day: dt.date, text: str, error_code: str = "") -> None: ...


# --- the one path ---------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    store: str
    business_day: dt.date
    status: str  # sent, already_sent, recovered, failed, uncertain, held, skipped, dry_run
    message: Text
    posted: Posted | None = None
    error: LedgerWizardError | None = None
    steps: list[str] = field(default_factory=list)
    details: list[Text] = field(default_factory=list)  # a held day's differences
    check_after: dt.datetime | None = None  # an uncertain day: when it is decided

    @property
    def ok(self) -> bool:
        return self.status in ("sent", "already_sent", "recovered")


class Crash(BaseException):
    """Raised by test hooks to simulate the process dying at a step (never caught by the engine)."""


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _number(p: Posted) -> str:
    return p.voucher_number or p.voucher_id


def nothing_posted(row) -> bool:
    """A journal row of a day done without a voucher (nothing to book): sent, and no voucher in the ledger."""
    return row is not None and row.state == SENT and not row.voucher_id


NO_SALES = Text("Ingen salg å bokføre: dagen er avsluttet uten bilag.",
                "No sales to post: the day is done without a voucher.")


class TransferEngine:
    """Runs one store-day through the journal and the ledger. ``hook(step)`` lets tests stop the world at
    every step (``before_sending``, ``after_sending``, ``after_post``, ``after_sent``); ``clock`` is the
    time the settling rule is measured in (the journal's own clock in tests)."""

    def __init__(self, journal: Journal, hook: Callable[[str], None] | None = None,
                 clock: Callable[[], dt.datetime] | None = None):
        self.journal = journal
        self.hook = hook or (lambda step: None)
        self.clock = clock or _utc_now

    def transfer(self, store: str, day: dt.date, build: Callable[[], Voucher], ledger: Ledger,
                 source: str = "send-now", gate: Callable[[], Hold | None] | None = None) -> Outcome:
        with self.journal.lock():
            return self._transfer(store, day, build, ledger, source, gate)

    def _transfer(self, store: str, day: dt.date, build: Callable[[], Voucher], ledger: Ledger, source: str,
                  gate: Callable[[], Hold | None] | None) -> Outcome:
        now = self.clock()
        row = self.journal.get(store, day)
        if nothing_posted(row):
            return Outcome(store, day, "already_sent", NO_SALES)
        if row is not None and row.state == SENT:
            return Outcome(store, day, "already_sent", Text(
                f"Allerede sendt (bilag {row.voucher_number or row.voucher_id}).",
                f"Already sent (voucher {row.voucher_number or row.voucher_id})."),
                Posted(row.voucher_id, row.voucher_number))
        asked = False
        if row is not None and row.state in (SENDING, UNCERTAIN):
            # an earlier attempt may have been stored: ask before anything is built or sent again
            since = parse_stamp(row.uncertain_since) or parse_stamp(row.updated_at) or now
            ready = since + dt.timedelta(seconds=float(getattr(ledger, "settle_seconds", DEFAULT_SETTLE_SECONDS)))
            found = self._find(store, day, row.external_ref, ledger, since, ready)
            if isinstance(found, Outcome):
                return found
            if found is not None:
                self.journal.mark_sent(store, day, found, note="found in the ledger after an uncertain attempt")
                return self._recovered(store, day, found, Text(
                    "Bilaget var allerede bokført; ikke sendt på nytt.",
                    "The voucher was already posted; not sent again."))
            if now < ready:
                self.journal.mark_uncertain(store, day, since, ready, note="not in the ledger yet: waiting for it to settle")
                return self._uncertain(store, day, ready)
            self.journal.note(store, day, "not in the ledger after the settling time: sending again")
            asked = True
        if gate is not None:
            hold = gate()
            if hold is not None and self.journal.decision(store, day, hold.fingerprint) is None:
                self.journal.mark_held(store, day, hold, source)
                return Outcome(store, day, "held", hold.message, details=list(hold.details))
        try:
            voucher = build()
        except LedgerWizardError as e:
            self.journal.mark_failed(store, day, e, retryable=False)
            return Outcome(store, day, "failed", e.message, error=e)
        if not voucher.lines:  # nothing to book: every ledger refuses an empty voucher, and none is needed
            self.journal.mark_sent(store, day, Posted(""), note=NOTHING_TO_POST)
            return Outcome(store, day, "sent", NO_SALES)
        first_try = row is None or (row.attempts == 0 and row.state in (PENDING, HELD))
        if not asked and (not first_try or not getattr(ledger, "unique_reference", False)
                          or self.journal.looks_up_first(day)):
            try:
                found = ledger.find(voucher.external_ref, day)
            except LedgerError as e:  # nothing was sent: a plain, retryable failure
                self.journal.mark_failed(store, day, e, retryable=e.retryable)
                return Outcome(store, day, "failed", e.message, error=e)
            if found is not None:
                self.journal.mark_sent(store, day, found, note="found in the ledger before sending",
                                       z_reports=getattr(voucher, "z_keys", None))
                return self._recovered(store, day, found, Text(
                    "Bilaget finnes allerede i regnskapet; ikke sendt på nytt.",
                    "The voucher is already in the ledger; not sent again."))
        left: list[dt.datetime] = []

        def on_send() -> None:
            if left:
                return  # a second request for the same voucher (a renewed token): still the same attempt
            left.append(self.clock())
            self.journal.mark_sending(store, day, voucher.external_ref, str(voucher.total_debit), source,
                                      z_reports=getattr(voucher, "z_keys", None))
            self.hook("after_sending")

        self.hook("before_sending")
        try:
            posted = ledger.post(voucher, on_send=on_send)
        except LedgerError as e:
            if not left:  # the voucher request never left (token, chart, pre-check, connect): nothing was sent
                self.journal.mark_failed(store, day, e, retryable=e.retryable)
                return Outcome(store, day, "failed", e.message, error=e)
            if e.outcome in ("unknown", "rejected"):
                found = self._lookup(ledger, voucher.external_ref, day)
                if found is not None:
                    self.journal.mark_sent(store, day, found, note=f"in the ledger although the answer was {e.code}",
                                           z_reports=getattr(voucher, "z_keys", None))
                    return self._recovered(store, day, found, Text(
                        "svaret kom ikke fram, men regnskapet bekrefter bilaget.",
                        "the answer was lost, but the ledger confirms the voucher."), prefix=True)
            if e.outcome == "unknown":
                ready = left[0] + dt.timedelta(seconds=float(getattr(ledger, "settle_seconds", DEFAULT_SETTLE_SECONDS)))
                self.journal.mark_uncertain(store, day, left[0], ready, error=e)
                return self._uncertain(store, day, ready, e)
            self.journal.mark_failed(store, day, e, retryable=e.retryable)
            return Outcome(store, day, "failed", e.message, error=e)
        if not left:  # a ledger that does not call on_send: the attempt is recorded after the fact
            self.journal.mark_sending(store, day, voucher.external_ref, str(voucher.total_debit), source,
                                      z_reports=getattr(voucher, "z_keys", None))
        self.hook("after_post")
        self.journal.mark_sent(store, day, posted)
        self.hook("after_sent")
        return Outcome(store, day, "sent", Text(f"Sendt: bilag {_number(posted)}.", f"Sent: voucher {_number(posted)}."),
                       posted)

    @staticmethod
    def _lookup(ledger: Ledger, ref: str, day: dt.date) -> Posted | None:
        try:
            return ledger.find(ref, day)
        except LedgerError:
            return None

    def _find(self, store: str, day: dt.date, ref: str, ledger: Ledger, since: dt.datetime,
              ready: dt.datetime) -> Posted | None | Outcome:
        try:
            return ledger.find(ref, day)
        except LedgerError as e:
            # we cannot tell whether it is there: stay uncertain and ask again later; never re-send blindly
            self.journal.mark_uncertain(store, day, since, max(ready, self.clock()), error=e,
                                        note=f"could not check the ledger: {e.code}")
            return self._uncertain(store, day, ready, e)

    @staticmethod
    def _uncertain(store: str, day: dt.date, ready: dt.datetime, error: LedgerWizardError | None = None) -> Outcome:
        from .schedule import OSLO

        at = ready.astimezone(OSLO).strftime("%d.%m. %H:%M")
        return Outcome(store, day, "uncertain", Text(
            f"Usikkert om bilaget ble bokført: det kontrolleres mot regnskapet, og sendes ikke på nytt før "
            f"regnskapet har bekreftet at det mangler (tidligst {at}).",
            f"Unknown whether the voucher was posted: it is checked with the ledger and not sent again before the "
            f"ledger confirms it is missing (at {at} at the earliest)."), error=error, check_after=ready)

    @staticmethod
    def _recovered(store: str, day: dt.date, found: Posted, text: Text, prefix: bool = False) -> Outcome:
        if prefix:
            text = Text(f"Sendt (bilag {_number(found)}); {text.nb}", f"Sent (voucher {_number(found)}); {text.en}")
        else:
            text = Text(f"{text.nb} (bilag {_number(found)})", f"{text.en} (voucher {_number(found)})")
        return Outcome(store, day, "recovered", text, found)
