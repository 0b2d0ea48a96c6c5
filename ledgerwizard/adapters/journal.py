"""The transfer journal: SQLite (stdlib ``sqlite3``) in WAL mode, one row per (store, business day), plus an
append-only history of every state change. Each state change is its own committed transaction, so a kill at
any instant leaves the last committed state, never a half-written one.

The exclusive lock around a transfer is an OS file lock (``filelock``) next to the database: the tray, a
second process and the CLI can never send the same day at the same time. ``filelock`` is imported when a lock is
first needed (it pulls in OpenSSL's hashlib and more): a process that only reads the journal, such as the tray
showing the last transfers, never loads it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..core.errors import JournalError, LedgerWizardError
from ..core.i18n import Text
from ..core.transfer import FAILED, PENDING, SENDING, SENT, JournalRow, Posted

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS transfers (
    store TEXT NOT NULL,
    business_day TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
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
    PRIMARY KEY (store, business_day)
);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    store TEXT NOT NULL,
    business_day TEXT NOT NULL,
    at TEXT NOT NULL,
    state TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
"""


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class SqliteJournal:
    def __init__(self, path: str | Path, lock_timeout: float = 30.0, clock=_utc_now):
        self.path = Path(path)
        self.clock = clock  # injectable, so the scheduler's tests can run a month in seconds
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_timeout = lock_timeout
        self._flock = None
        self._tlock = threading.RLock()
        try:
            if not self._open_current():
                self._create_or_migrate()
        except sqlite3.DatabaseError as e:
            raise JournalError(
                Text(f"Overføringsloggen kan ikke åpnes ({e}).", f"The transfer journal cannot be opened ({e})."),
                Text("Ingenting sendes før loggen er i orden: kontakt support med loggmappen.",
                     "Nothing is sent until the journal is readable: contact support with the log folder."),
                path=self.path) from None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA synchronous=FULL")
        return db

    def _open_current(self) -> bool:
        """An existing journal in WAL mode at the current schema needs no set-up, so no cross-process lock."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return False
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
            self._db = self._connect()
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise JournalError(
                    Text("Overføringsloggen er laget av en nyere versjon av ledgerwizard.",
                         "The transfer journal was written by a newer version of ledgerwizard."),
                    Text("Oppdater programmet.", "Update the program."), path=self.path)
            if version == 1:  # 1 → 2: the attachment's own state (a failed upload never re-posts the voucher)
                self._db.execute("ALTER TABLE transfers ADD COLUMN attachment TEXT NOT NULL DEFAULT ''")
                self._db.execute("ALTER TABLE transfers ADD COLUMN attachment_attempts INTEGER NOT NULL DEFAULT 0")
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

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

    # -- reading -------------------------------------------------------------------------------------------------
    def get(self, store: str, day: dt.date) -> JournalRow | None:
        cur = self._db.execute("SELECT * FROM transfers WHERE store=? AND business_day=?", (store, day.isoformat()))
        row = cur.fetchone()
        return self._row(cur, row) if row else None

    def latest(self) -> list[JournalRow]:
        """Each store's latest business day in the journal (the tray's "last transfers")."""
        cur = self._db.execute("SELECT * FROM transfers t WHERE business_day = "
                               "(SELECT MAX(business_day) FROM transfers u WHERE u.store = t.store) ORDER BY store")
        return [self._row(cur, r) for r in cur.fetchall()]

    def rows(self, store: str | None = None) -> list[JournalRow]:
        q = "SELECT * FROM transfers" + (" WHERE store=?" if store else "") + " ORDER BY business_day, store"
        cur = self._db.execute(q, (store,) if store else ())
        return [self._row(cur, r) for r in cur.fetchall()]

    def history(self, store: str, day: dt.date) -> list[tuple[str, str, str]]:
        cur = self._db.execute("SELECT at, state, detail FROM history WHERE store=? AND business_day=? ORDER BY id",
                               (store, day.isoformat()))
        return list(cur.fetchall())

    @staticmethod
    def _row(cur, r) -> JournalRow:
        d = {c[0]: v for c, v in zip(cur.description, r)}
        d["business_day"] = dt.date.fromisoformat(d["business_day"])
        d["retryable"] = bool(d["retryable"])
        return JournalRow(**d)

    # -- writing: every change is one committed transaction ------------------------------------------------------
    def _now(self) -> str:
        return self.clock().astimezone(dt.timezone.utc).isoformat(timespec="seconds")

    def _write(self, store: str, day: dt.date, state: str, detail: str, **cols) -> None:
        now = self._now()
        with self._tlock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute(
                    "INSERT OR IGNORE INTO transfers (store, business_day, state, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?)", (store, day.isoformat(), PENDING, now, now))
                sets = ", ".join(f"{k}=?" for k in cols)
                self._db.execute(
                    f"UPDATE transfers SET state=?, updated_at=?{', ' + sets if sets else ''} "
                    f"WHERE store=? AND business_day=?",
                    (state, now, *cols.values(), store, day.isoformat()))
                self._db.execute("INSERT INTO history (store, business_day, at, state, detail) VALUES (?,?,?,?,?)",
                                 (store, day.isoformat(), now, state, detail))
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

    def mark_sending(self, store: str, day: dt.date, external_ref: str, amount: str, source: str) -> None:
        row = self.get(store, day)
        attempts = (row.attempts if row else 0) + 1
        self._write(store, day, SENDING, f"attempt {attempts} ({source})", external_ref=external_ref,
                    amount=amount, attempts=attempts, source=source)

    def mark_sent(self, store: str, day: dt.date, posted: Posted, note: str = "") -> None:
        self._write(store, day, SENT, note or "posted", voucher_id=posted.voucher_id,
                    voucher_number=posted.voucher_number, sent_at=self._now(), last_error="", last_error_code="")

    def mark_failed(self, store: str, day: dt.date, error: LedgerWizardError, retryable: bool) -> None:
        # messages are built from codes and amounts only (never secrets); stored in both languages' English form
        self._write(store, day, FAILED, error.code, last_error=error.render("en")[:2000],
                    last_error_code=error.code, retryable=int(retryable))

    def note(self, store: str, day: dt.date, text: str, error_code: str = "") -> None:
        row = self.get(store, day)
        state = row.state if row else PENDING
        self._write(store, day, state, text, **({"last_error_code": error_code} if error_code else {}))

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
        """Support action: a failed day back to pending (never a sent one)."""
        row = self.get(store, day)
        if row is not None and row.state in (SENT, SENDING):
            raise JournalError(Text("Bare dager som har feilet kan settes tilbake.",
                                    "Only failed days can be reset."), path=self.path)
        self._write(store, day, PENDING, f"reset: {reason}")


__all__ = ["SqliteJournal", "PENDING", "SENDING", "SENT", "FAILED"]
