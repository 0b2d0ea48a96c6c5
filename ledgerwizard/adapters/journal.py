"""The transfer journal: SQLite (stdlib ``sqlite3``) in WAL mode, one row per (store, business day, document),
an append-only history of every state change, the decisions people made about held days, and the journal's
own identity. Each state change is its own committed transaction, so a kill at any instant leaves the last
committed state, never a half-written one.

The exclusive lock around a transfer is an OS file lock (``filelock``) next to the database: the tray, a
second process and the CLI can never send the same day at the same time. ``filelock`` is imported when a lock is
first needed (it pulls in OpenSSL's hashlib and more): a process that only reads the journal, such as the tray
showing the last transfers, never loads it.

A journal that is empty (a disk or sync tool truncated it), damaged or of an unknown shape is **refused** with
a clear message, never taken for a new one: a new journal would know no sent day. ``rebuild`` sets the damaged
file aside (it is never deleted) and starts a journal that asks the ledger about every day up to the rebuild
before anything is posted (``looks_up_first``). A new journal is created under a temporary name and renamed
into place, so a file at the journal's path is never a half-made one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from ..core.errors import JournalError, LedgerWizardError
from ..core.i18n import Text
from ..core.transfer import (FAILED, HELD, ORDER_DOC, PENDING, SENDING, SENT, STATES, UNCERTAIN, VOUCHER, Decision,
                             Hold, JournalRow, Posted, both_languages)

if TYPE_CHECKING:
    from filelock import BaseFileLock

Z_UNKNOWN = "?"  # ``z_reports`` of a day sent before they were kept, whose Z reports could not be told since

SCHEMA_VERSION = 4

_TRANSFERS = f"""
CREATE TABLE transfers (
    store TEXT NOT NULL,
    business_day TEXT NOT NULL,
    doc TEXT NOT NULL DEFAULT '{VOUCHER}',
    state TEXT NOT NULL CHECK (state IN ({", ".join(f"'{s}'" for s in STATES)})),
    external_ref TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    last_error_code TEXT NOT NULL DEFAULT '',
    retryable INTEGER NOT NULL DEFAULT 1,
    voucher_id TEXT NOT NULL DEFAULT '',
    voucher_number TEXT NOT NULL DEFAULT '',
    amount TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT NOT NULL DEFAULT '',
    attachment TEXT NOT NULL DEFAULT '',
    attachment_attempts INTEGER NOT NULL DEFAULT 0,
    uncertain_since TEXT NOT NULL DEFAULT '',
    check_after TEXT NOT NULL DEFAULT '',
    hold TEXT NOT NULL DEFAULT '',
    hold_details TEXT NOT NULL DEFAULT '',
    z_reports TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (store, business_day, doc)
)"""
_REST = f"""
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store TEXT NOT NULL,
    business_day TEXT NOT NULL,
    at TEXT NOT NULL,
    state TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    doc TEXT NOT NULL DEFAULT '{VOUCHER}'
);
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store TEXT NOT NULL,
    business_day TEXT NOT NULL,
    doc TEXT NOT NULL DEFAULT '{VOUCHER}',
    fingerprint TEXT NOT NULL,
    at TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_COLUMNS = {
    "transfers": {"store", "business_day", "doc", "state", "external_ref", "attempts", "last_error", "last_error_code",
                  "retryable", "voucher_id", "voucher_number", "amount", "source", "created_at", "updated_at",
                  "sent_at", "attachment", "attachment_attempts", "uncertain_since", "check_after", "hold",
                  "hold_details", "z_reports"},
    "history": {"id", "store", "business_day", "at", "state", "detail", "doc"},
    "decisions": {"id", "store", "business_day", "doc", "fingerprint", "at", "source", "details"},
    "meta": {"key", "value"},
}


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _damaged(path: Path, what_nb: str, what_en: str) -> JournalError:
    return JournalError(
        Text(f"Overføringsloggen er ødelagt: {what_nb}. Ingenting sendes før den er i orden, så ingen dag sendes "
             f"dobbelt.",
             f"The transfer journal is damaged: {what_en}. Nothing is sent until it is in order, so no day is sent "
             f"twice."),
        Text("Bygg den opp igjen fra regnskapet: «ledgerwizard journal --rebuild» (eller «Bygg opp loggen på nytt» "
             "i statusvinduet). Den ødelagte filen tas vare på.",
             "Rebuild it from the ledger: 'ledgerwizard journal --rebuild' (or 'Rebuild the journal' in the status "
             "window). The damaged file is kept."),
        path=path)


class SqliteJournal:
    def __init__(self, path: str | Path, lock_timeout: float = 30.0, clock=_utc_now):
        self.path = Path(path)
        self.clock = clock  # injectable, so the scheduler's tests can run a month in seconds
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_timeout = lock_timeout
        self._flock: BaseFileLock | None = None  # filelock's, made on first use
        self._tlock = threading.RLock()
        self.created = False  # this process made the journal (there was none)
        try:
            if not self._open_current():
                self._create_or_migrate()
            self._check()
        except JournalError:
            self._close_quietly()
            raise
        except sqlite3.DatabaseError as e:
            self._close_quietly()
            raise _damaged(self.path, f"SQLite sier «{e}»", f"SQLite says '{e}'") from None
        self._meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())

    # -- opening -----------------------------------------------------------------------------------------------
    def _connect(self, path: Path | None = None) -> sqlite3.Connection:
        db = sqlite3.connect(str(path or self.path), timeout=30, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA synchronous=FULL")
        return db

    def _close_quietly(self) -> None:
        db = getattr(self, "_db", None)
        if db is not None:
            try:
                db.close()
            except sqlite3.Error:
                pass

    def _refuse_empty(self) -> None:
        if self.path.exists() and self.path.stat().st_size == 0:
            raise _damaged(self.path, "filen er tom (0 byte; et disk- eller synkroniseringsverktøy kan ha tømt den)",
                           "the file is empty (0 bytes; a disk or sync tool may have truncated it)")

    def _open_current(self) -> bool:
        """An existing journal in WAL mode at the current schema needs no set-up, so no cross-process lock."""
        if not self.path.exists():
            return False
        self._refuse_empty()
        db = self._connect()
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            mode = db.execute("PRAGMA journal_mode").fetchone()[0]
        except sqlite3.DatabaseError:
            db.close()
            raise
        if version == SCHEMA_VERSION and str(mode).lower() == "wal":
            self._db = db
            return True
        db.close()
        return False

    def _create_or_migrate(self) -> None:
        # set-up and migration under the cross-process lock: SQLite does not always wait (busy handler)
        # while another process switches the journal mode or creates the schema
        with self._locked(Text("Overføringsloggen er i bruk av et annet ledgerwizard-vindu.",
                               "The transfer journal is in use by another ledgerwizard window."),
                          Text("Vent litt og prøv igjen.", "Wait a moment and try again.")):
            if not self.path.exists():
                self._create_new({})
            self._refuse_empty()
            self._db = self._connect()
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise JournalError(
                    Text("Overføringsloggen er laget av en nyere versjon av ledgerwizard.",
                         "The transfer journal was written by a newer version of ledgerwizard."),
                    Text("Oppdater programmet.", "Update the program."), path=self.path)
            if version == 0:
                tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
                if tables:
                    raise _damaged(self.path, "ukjent innhold (ingen versjon)", "unknown contents (no version)")
            self._db.execute("PRAGMA journal_mode=WAL")
            if version in (1, 2, 3):
                self._migrate(version)
            elif version == 0:  # set up by an older program that stopped half-way: nothing in it yet
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute(_TRANSFERS)
                for stmt in filter(str.strip, _REST.split(";")):
                    self._db.execute(stmt)
                self._db.execute("INSERT OR IGNORE INTO meta VALUES ('journal_id', ?)", (uuid.uuid4().hex,))
                self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                self._db.execute("COMMIT")

    def _create_new(self, meta: dict[str, str]) -> None:
        """A new journal, made under a temporary name and renamed into place (never a half-made file)."""
        tmp = self.path.with_name(f"{self.path.name}.new-{os.getpid()}-{uuid.uuid4().hex[:6]}")
        db = self._connect(tmp)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("BEGIN IMMEDIATE")
            db.execute(_TRANSFERS)
            for stmt in filter(str.strip, _REST.split(";")):
                db.execute(stmt)
            meta = {"journal_id": uuid.uuid4().hex, "created_at": self._now(), **meta}
            db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.execute("COMMIT")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
        for suffix in ("-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        os.replace(tmp, self.path)
        self.created = True

    def _migrate(self, version: int) -> None:
        """1 → 2 added the attachment's own state; 2 → 3 adds the document kind to the key, the uncertain and
        held states, decisions and the journal's identity (SQLite cannot change a CHECK constraint, so the
        transfers table is copied); 3 → 4 adds the Z reports an attempt's voucher holds."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if version == 3:
                db.execute("ALTER TABLE transfers ADD COLUMN z_reports TEXT NOT NULL DEFAULT ''")
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                db.execute("COMMIT")
                return
            if version == 1:
                db.execute("ALTER TABLE transfers ADD COLUMN attachment TEXT NOT NULL DEFAULT ''")
                db.execute("ALTER TABLE transfers ADD COLUMN attachment_attempts INTEGER NOT NULL DEFAULT 0")
            db.execute("ALTER TABLE transfers RENAME TO transfers_v2")
            db.execute(_TRANSFERS)
            cols = ("store, business_day, state, external_ref, attempts, last_error, last_error_code, retryable, "
                    "voucher_id, voucher_number, amount, source, created_at, updated_at, sent_at, attachment, "
                    "attachment_attempts")
            db.execute(f"INSERT INTO transfers ({cols}) SELECT {cols} FROM transfers_v2")
            db.execute("DROP TABLE transfers_v2")
            db.execute(f"ALTER TABLE history ADD COLUMN doc TEXT NOT NULL DEFAULT '{VOUCHER}'")
            for stmt in filter(str.strip, _REST.split(";")):
                db.execute(stmt)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('journal_id', ?)", (uuid.uuid4().hex,))
            db.execute("INSERT OR IGNORE INTO meta VALUES ('created_at', ?)", (self._now(),))
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _check(self) -> None:
        """The journal is what it says it is: SQLite's own quick check, and the tables and columns of this
        schema version (a journal whose shape is wrong fails here, not half-way through a transfer)."""
        problems = [r[0] for r in self._db.execute("PRAGMA quick_check(5)").fetchall()]
        if problems != ["ok"]:
            raise _damaged(self.path, "SQLite-kontrollen fant feil (" + "; ".join(problems)[:300] + ")",
                           "SQLite's check found errors (" + "; ".join(problems)[:300] + ")")
        for table, wanted in _COLUMNS.items():
            have = {r[1] for r in self._db.execute(f"PRAGMA table_info({table})").fetchall()}
            if not wanted <= have:
                missing = ", ".join(sorted(wanted - have))
                raise _damaged(self.path, f"tabellen {table} mangler {missing}", f"table {table} lacks {missing}")

    @contextmanager
    def _locked(self, message: Text, hint: Text) -> Iterator[None]:
        from filelock import FileLock, Timeout

        if self._flock is None:
            self._flock = FileLock(str(self.path) + ".lock", timeout=self._lock_timeout)
        try:
            with self._flock:
                yield
        except Timeout:
            raise JournalError(message, hint, path=self.path) from None

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def lock(self) -> Iterator[None]:
        with self._tlock:
            with self._locked(
                    Text("En annen overføring pågår (et annet ledgerwizard-vindu eller kommandolinjen).",
                         "Another transfer is running (another ledgerwizard window or the command line)."),
                    Text("Vent til den er ferdig og prøv igjen.", "Wait until it has finished and try again.")):
                yield

    # -- identity and rebuilding ---------------------------------------------------------------------------------
    @property
    def journal_id(self) -> str:
        return self._meta.get("journal_id", "")

    @property
    def rebuilt_at(self) -> dt.datetime | None:
        text = self._meta.get("rebuilt_at")
        return dt.datetime.fromisoformat(text) if text else None

    @property
    def rebuild_reason(self) -> str:
        return self._meta.get("rebuild_reason", "")

    def looks_up_first(self, day: dt.date) -> bool:
        """A journal started after the old one was lost does not know what was sent before: every day up to the
        rebuild is asked about in the ledger before it is posted."""
        at = self.rebuilt_at
        return at is not None and day <= at.date()

    def mark_rebuilt(self, reason: str) -> None:
        """This journal replaces one that was lost or replaced (``reason``): ask the ledger first."""
        with self._tlock:
            now = self._now()
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('rebuilt_at', ?)", (now,))
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('rebuild_reason', ?)", (reason,))
            self._meta.update(rebuilt_at=now, rebuild_reason=reason)

    @classmethod
    def rebuild(cls, path: str | Path, reason: str = "damaged", clock=_utc_now) -> tuple["SqliteJournal", Path | None]:
        """Set a damaged journal aside (renamed, never deleted) and start a new one that asks the ledger about
        every earlier day before posting it. Returns the new journal and where the old file went."""
        path = Path(path)
        aside = None
        if path.exists():
            stamp = clock().astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
            aside = path.with_name(f"{path.name}.damaged-{stamp}-{uuid.uuid4().hex[:4]}")
            os.replace(path, aside)
            for suffix in ("-wal", "-shm"):
                extra = Path(str(path) + suffix)
                if extra.exists():
                    os.replace(extra, Path(str(aside) + suffix))
        j = cls(path, clock=clock)
        j.mark_rebuilt(reason)
        return j, aside

    # -- reading -------------------------------------------------------------------------------------------------
    def get(self, store: str, day: dt.date, doc: str = VOUCHER) -> JournalRow | None:
        cur = self._db.execute("SELECT * FROM transfers WHERE store=? AND business_day=? AND doc=?",
                               (store, day.isoformat(), doc))
        row = cur.fetchone()
        return self._row(cur, row) if row else None

    def latest(self) -> list[JournalRow]:
        """Each store's latest business day in the journal (the tray's "last transfers")."""
        cur = self._db.execute(
            "SELECT * FROM transfers t WHERE doc=? AND business_day = (SELECT MAX(business_day) FROM transfers u "
            "WHERE u.store = t.store AND u.doc = t.doc) ORDER BY store", (VOUCHER,))
        return [self._row(cur, r) for r in cur.fetchall()]

    def rows(self, store: str | None = None, doc: str | None = VOUCHER) -> list[JournalRow]:
        where, args = [], []
        if store:
            where.append("store=?")
            args.append(store)
        if doc is not None:
            where.append("doc=?")
            args.append(doc)
        q = "SELECT * FROM transfers" + (" WHERE " + " AND ".join(where) if where else "") + \
            " ORDER BY business_day, store, doc"
        cur = self._db.execute(q, args)
        return [self._row(cur, r) for r in cur.fetchall()]

    def last_change(self) -> str:
        """Changes whenever anything is written (a window following a run looks at this, cheaply)."""
        r = self._db.execute("SELECT MAX(id) FROM history").fetchone()
        return str(r[0] or 0)

    def in_state(self, *states: str, doc: str = VOUCHER) -> list[JournalRow]:
        """Every row in one of ``states`` (the tray's "needs attention" and "being checked")."""
        cur = self._db.execute(f"SELECT * FROM transfers WHERE doc=? AND state IN ({', '.join('?' * len(states))}) "
                               f"ORDER BY business_day, store", (doc, *states))
        return [self._row(cur, r) for r in cur.fetchall()]

    def orders_in_state(self, *states: str) -> list[JournalRow]:
        """Every sales order's row in one of ``states`` (the tray's orders that need a person), found by SQLite, not
        by reading every row of a journal that only grows."""
        cur = self._db.execute(f"SELECT * FROM transfers WHERE doc LIKE ? AND state IN ({', '.join('?' * len(states))}) "
                               f"ORDER BY business_day, store, doc", (ORDER_DOC + ":%", *states))
        return [self._row(cur, r) for r in cur.fetchall()]

    def history(self, store: str, day: dt.date, doc: str = VOUCHER) -> list[tuple[str, str, str]]:
        cur = self._db.execute("SELECT at, state, detail FROM history WHERE store=? AND business_day=? AND doc=? "
                               "ORDER BY id", (store, day.isoformat(), doc))
        return list(cur.fetchall())

    @staticmethod
    def _row(cur, r) -> JournalRow:
        d = {c[0]: v for c, v in zip(cur.description, r, strict=True)}
        d["business_day"] = dt.date.fromisoformat(d["business_day"])
        d["retryable"] = bool(d["retryable"])
        return JournalRow(**d)

    # -- writing: every change is one committed transaction ------------------------------------------------------
    def _now(self) -> str:
        return self.clock().astimezone(dt.timezone.utc).isoformat(timespec="seconds")

    def _write(self, store: str, day: dt.date, state: str, detail: str, doc: str = VOUCHER, **cols) -> None:
        now = self._now()
        with self._tlock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT OR IGNORE INTO transfers (store, business_day, doc, state, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)", (store, day.isoformat(), doc, PENDING, now, now))
                sets = ", ".join(f"{k}=?" for k in cols)
                self._db.execute(
                    f"UPDATE transfers SET state=?, updated_at=?{', ' + sets if sets else ''} "
                    f"WHERE store=? AND business_day=? AND doc=?",
                    (state, now, *cols.values(), store, day.isoformat(), doc))
                self._db.execute("INSERT INTO history (store, business_day, doc, at, state, detail) VALUES (?,?,?,?,?,?)",
                                 (store, day.isoformat(), doc, now, state, detail))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def mark_pending(self, store: str, day: dt.date, source: str = "") -> JournalRow:
        row = self.get(store, day)
        if row is None:
            self._write(store, day, PENDING, f"due ({source})", source=source)
            row = self.get(store, day)
        return row  # type: ignore[return-value]

    def mark_sending(self, store: str, day: dt.date, external_ref: str, amount: str, source: str,
                     doc: str = VOUCHER, *, z_reports: list[str] | None = None) -> None:
        row = self.get(store, day, doc)
        attempts = (row.attempts if row else 0) + 1
        self._write(store, day, SENDING, f"attempt {attempts} ({source})", doc, external_ref=external_ref,
                    amount=amount, attempts=attempts, source=source, hold="", z_reports=" ".join(z_reports or []))

    def z_reports_posted(self, store: str) -> dict[str, dt.date]:
        """The Z reports (``core.holds.z_key``) of ``store``'s vouchers that were sent or may have been (sending,
        uncertain), each with its business day: a Z on another day's voucher is never posted again unasked."""
        cur = self._db.execute("SELECT business_day, z_reports FROM transfers WHERE store=? AND doc=? AND "
                               "z_reports != '' AND state IN (?, ?, ?)", (store, VOUCHER, SENT, SENDING, UNCERTAIN))
        return {k: dt.date.fromisoformat(day) for day, keys in cur.fetchall() for k in keys.split() if k != Z_UNKNOWN}

    def mark_sent(self, store: str, day: dt.date, posted: Posted, note: str = "", doc: str = VOUCHER, *,
                  z_reports: list[str] | None = None) -> None:
        extra = {"z_reports": " ".join(z_reports)} if z_reports else {}
        self._write(store, day, SENT, note or "posted", doc, voucher_id=posted.voucher_id,
                    voucher_number=posted.voucher_number, sent_at=self._now(), last_error="", last_error_code="",
                    uncertain_since="", check_after="", hold="", hold_details="", **extra)

    def remember_z_reports(self, store: str, day: dt.date, z_reports: list[str]) -> bool:
        """The Z reports of a day sent before the journal kept them (schema 3, a journal rebuilt from the ledger),
        from the export as it reads now: once, so a later cut-off change cannot post them again with another day.
        None known (the day no longer makes the voucher sent) is kept as ``Z_UNKNOWN``: looked at, not asked
        again. True when the row took them."""
        with self._tlock:  # (one statement: atomic in autocommit)
            cur = self._db.execute("UPDATE transfers SET z_reports=? WHERE store=? AND business_day=? AND doc=? AND "
                                   "state=? AND z_reports=''", (" ".join(z_reports) or Z_UNKNOWN, store,
                                                                 day.isoformat(), VOUCHER, SENT))
        return cur.rowcount > 0

    def mark_failed(self, store: str, day: dt.date, error: LedgerWizardError, retryable: bool,
                    doc: str = VOUCHER) -> None:
        # messages are built from codes and amounts only (never secrets); stored in both languages
        self._write(store, day, FAILED, error.code, doc, last_error=both_languages(error),
                    last_error_code=error.code, retryable=int(retryable), uncertain_since="", check_after="")

    def mark_uncertain(self, store: str, day: dt.date, since: dt.datetime, check_after: dt.datetime,
                       error: LedgerWizardError | None = None, note: str = "", doc: str = VOUCHER) -> None:
        """The attempt made at ``since`` may have been stored; a "not found" is believed from ``check_after``."""
        iso = lambda t: t.astimezone(dt.timezone.utc).isoformat(timespec="seconds")  # noqa: E731
        cols: dict = {"uncertain_since": iso(since), "check_after": iso(check_after), "retryable": 1}
        if error is not None:
            cols.update(last_error=both_languages(error), last_error_code=error.code)
        self._write(store, day, UNCERTAIN, note or (error.code if error else "outcome unknown"), doc, **cols)

    def mark_held(self, store: str, day: dt.date, hold: Hold, source: str, doc: str = VOUCHER) -> None:
        row = self.get(store, day, doc)
        if row is not None and row.state == HELD and row.hold == hold.fingerprint:
            return  # the same differences as before: nothing new to record
        text = hold.message.en + ("\n" + "\n".join(f"  - {d.en}" for d in hold.details) if hold.details else "")
        details = json.dumps({"message": [hold.message.nb, hold.message.en],
                              "details": [[d.nb, d.en] for d in hold.details]}, ensure_ascii=False)
        self._write(store, day, HELD, f"held: {hold.message.en}", doc, hold=hold.fingerprint, last_error=text[:2000],
                    hold_details=details, last_error_code="not_reconciled", retryable=1, source=source)

    @staticmethod
    def held(row: JournalRow) -> Hold | None:
        """A held row's hold as it was recorded: its message and differences in both languages."""
        if row.state != HELD or not row.hold:
            return None
        try:
            d = json.loads(row.hold_details or "{}")
            message = Text(*map(str, d["message"]))
            details = [Text(str(nb), str(en)) for nb, en in d.get("details", [])]
        except (ValueError, KeyError, TypeError):
            message, details = row.error_text(), []
        return Hold(row.hold, message, details)

    def decide(self, store: str, day: dt.date, hold: Hold, source: str) -> Decision:
        """A person accepted exactly these differences for this day (recorded, with when and from where)."""
        now = self._now()
        details = json.dumps([[d.nb, d.en] for d in hold.details], ensure_ascii=False)
        with self._tlock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("INSERT INTO decisions (store, business_day, doc, fingerprint, at, source, details) "
                                 "VALUES (?,?,?,?,?,?,?)",
                                 (store, day.isoformat(), VOUCHER, hold.fingerprint, now, source, details))
                self._db.execute("INSERT INTO history (store, business_day, doc, at, state, detail) VALUES (?,?,?,?,?,?)",
                                 (store, day.isoformat(), VOUCHER, now, "decision",
                                  f"differences accepted ({source}): {hold.message.en}"))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return Decision(store, day, hold.fingerprint, now, source, list(hold.details))

    def decision(self, store: str, day: dt.date, fingerprint: str, doc: str = VOUCHER) -> Decision | None:
        r = self._db.execute("SELECT at, source, details FROM decisions WHERE store=? AND business_day=? AND doc=? "
                             "AND fingerprint=? ORDER BY id DESC LIMIT 1",
                             (store, day.isoformat(), doc, fingerprint)).fetchone()
        if r is None:
            return None
        try:
            details = [Text(str(nb), str(en)) for nb, en in json.loads(r[2] or "[]")]
        except (ValueError, TypeError):
            details = []
        return Decision(store, day, fingerprint, r[0], r[1], details)

    def note(self, store: str, day: dt.date, text: str, error_code: str = "", doc: str = VOUCHER) -> None:
        row = self.get(store, day, doc)
        state = row.state if row else PENDING
        self._write(store, day, state, text, doc, **({"last_error_code": error_code} if error_code else {}))

    def for_doc(self, doc: str) -> "DocumentJournal":
        """The journal as the transfer engine sees it for another kind of document (a sales order's own rows,
        ``core.orders.order_doc``): the same lock, the same states and rules, keyed by (store, day, ``doc``)."""
        return DocumentJournal(self, doc)

    def mark_attachment(self, store: str, day: dt.date, state: str, detail: str = "") -> None:
        """The day's documentation: '' (none), 'attached', 'failed' (retried on its own), 'skipped'."""
        row = self.get(store, day)
        if row is None or row.state != SENT:
            return
        self._write(store, day, SENT, f"attachment {state} {detail}".strip(), attachment=state,
                    attachment_attempts=row.attachment_attempts + (state != "skipped"))

    def pending_attachments(self) -> list[JournalRow]:
        return [r for r in self.rows() if r.state == SENT and r.attachment == "failed"]

    def reset(self, store: str, day: dt.date, reason: str) -> None:
        """Support action: a failed day back to pending (never a sent, sending or uncertain one)."""
        row = self.get(store, day)
        if row is not None and row.state in (SENT, SENDING, UNCERTAIN):
            raise JournalError(Text("Bare dager som har feilet kan settes tilbake.",
                                    "Only failed days can be reset."), path=self.path)
        self._write(store, day, PENDING, f"reset: {reason}")


class DocumentJournal:
    """One kind of document's rows of a ``SqliteJournal``, with the interface ``core.transfer.Journal`` the engine
    uses (so a sales order goes through exactly the engine and the rules a day's voucher does)."""

    def __init__(self, journal: SqliteJournal, doc: str):
        self.journal = journal
        self.doc = doc

    def lock(self):
        return self.journal.lock()

    def get(self, store: str, day: dt.date) -> JournalRow | None:
        return self.journal.get(store, day, self.doc)

    def mark_sending(self, store: str, day: dt.date, external_ref: str, amount: str, source: str, *,
                     z_reports: list[str] | None = None) -> None:
        self.journal.mark_sending(store, day, external_ref, amount, source, doc=self.doc)

    def mark_sent(self, store: str, day: dt.date, posted: Posted, note: str = "", *,
                  z_reports: list[str] | None = None) -> None:
        self.journal.mark_sent(store, day, posted, note, doc=self.doc)

    def mark_failed(self, store: str, day: dt.date, error: LedgerWizardError, retryable: bool) -> None:
        self.journal.mark_failed(store, day, error, retryable, doc=self.doc)

    def mark_uncertain(self, store: str, day: dt.date, since: dt.datetime, check_after: dt.datetime,
                       error: LedgerWizardError | None = None, note: str = "") -> None:
        self.journal.mark_uncertain(store, day, since, check_after, error, note, doc=self.doc)

    def mark_held(self, store: str, day: dt.date, hold: Hold, source: str) -> None:
        self.journal.mark_held(store, day, hold, source, doc=self.doc)

    def decision(self, store: str, day: dt.date, fingerprint: str) -> Decision | None:
        return self.journal.decision(store, day, fingerprint, doc=self.doc)

    def looks_up_first(self, day: dt.date) -> bool:
        return self.journal.looks_up_first(day)

    def note(self, store: str, day: dt.date, text: str, error_code: str = "") -> None:
        self.journal.note(store, day, text, error_code, doc=self.doc)


__all__ = ["SqliteJournal", "DocumentJournal", "PENDING", "SENDING", "SENT", "FAILED", "UNCERTAIN", "HELD"]
