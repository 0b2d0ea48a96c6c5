"""A persistent cache of what each export file contributes, so a run costs what is new, not the folder's history.

An adapter (files and SQLite) behind ``core.saft.source.ExportSource``'s ``disk_cache``: the core asks it for a
file's results and hands it new ones; it never opens it itself.

A shop's export folder only grows (one file a night); every ``ledgerwizard run`` is a fresh process. Each file's
reader result (its windows' aggregates, its master data, its warnings, or the error it was refused with) is kept
in the profile, keyed so that it can never be stale:

* the file's path, size, modification time (ns), change time (ns; on POSIX it moves on every write and every
  ``utime``, and no program can set it back), inode number, and a fingerprint of its first and last 32 kB;
* the reader's version (``reader.READER_VERSION``, the package version and this cache's format) and the reading
  options (cut-off, gift-card groups, horizon).

Anything that differs is a miss and the file is read again; the cache stores per-file facts only, so the merge
across files (overlaps, re-exports) and the reconciliation run exactly as on a first read. A file that changes
while it is read, or whose modification time is in the last two seconds (file systems with coarse clocks), is
not stored. A damaged or foreign cache file is logged, deleted and rebuilt, never trusted; so is a row that does
not decode. The cache is bounded (``MAX_BYTES`` of compressed payload, least recently used rows go first; rows
of files that left a scanned folder are dropped) and private to the user (0600 on POSIX).

Storage: SQLite (stdlib), one row per (file, options), the payload as zlib-compressed JSON. SQLite gives atomic
per-file updates (a new night adds one row instead of rewriting a year), safe concurrent use by the tray's run
process and the wizard, and a format that is easy to check. JSON rather than pickle or marshal: the payload is
read back from a file on disk, and neither pickle (runs code) nor marshal (not meant for untrusted data) may
decode that. What is stored is what the reader extracted from the exports: sales figures, codes, the names of
the company, stores and customers, and the file's path; no key, token or setting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
import time
import zlib
from decimal import Decimal
from pathlib import Path

from .. import __version__
from ..core.display import printable
from ..core.errors import BadInputError, HostileXmlError, IncompleteFileError, LedgerWizardError
from ..core.i18n import Text
from ..core.saft.source import options_key, stat_key
from ..core.saft.model import (KINDS, Address, Agg, Basic, CreditLine, CreditSale, Customer, Excluded, FileResult, MasterData,
                    Note, VatCodeDetail, VatKey, Window, ZReport)

log = logging.getLogger("ledgerwizard.reader")

FORMAT = 2  # bump when the payload's layout changes (2: credit sales, customers, article texts)
APPLICATION_ID = 0x4C575243  # "LWRC": a SQLite file that is not ours is never read as ours
MAX_BYTES = 256 * 1024 ** 2  # compressed payload kept at most (a busy store's year is a few MB)
FINGERPRINT_BYTES = 32 * 1024
RACY_SECONDS = 2.0  # a file modified this recently may change again within its timestamp's resolution
_ERRORS = {c.code: c for c in (BadInputError, HostileXmlError, IncompleteFileError)}


def cache_version() -> str:
    from ..core.saft.reader import READER_VERSION

    return f"{FORMAT}:{READER_VERSION}:{__version__}"


def fingerprint(path: Path, size: int) -> bytes:
    """blake2b of the first and last 32 kB and the size: cheap, and catches a file replaced by another."""
    h = hashlib.blake2b(digest_size=16)
    h.update(size.to_bytes(8, "little"))
    with open(path, "rb") as fh:
        h.update(fh.read(FINGERPRINT_BYTES))
        if size > FINGERPRINT_BYTES:
            fh.seek(max(FINGERPRINT_BYTES, size - FINGERPRINT_BYTES))
            h.update(fh.read(FINGERPRINT_BYTES))
    return h.digest()


class ResultCache:
    """The reader results of one profile, on disk. Every method swallows the cache's own failures (logged): a
    broken cache costs a re-read, never a scan."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._version = cache_version()
        self._broken = False
        self._used: list[tuple[int, str, str]] = []
        self.hits = self.misses = self.stored = 0

    # -- opening, checking, rebuilding -----------------------------------------------------------------
    def _open(self) -> sqlite3.Connection | None:
        if self._db is not None or self._broken:
            return self._db
        for attempt in (1, 2):
            try:
                self._db = self._connect()
                return self._db
            except (sqlite3.DatabaseError, _Foreign) as e:
                self.close()
                if attempt == 2:
                    break
                log.warning("reader cache %s is damaged or not ours (%s); it is deleted and rebuilt",
                            printable(self.path), printable(e, 200))
                self._delete_files()
            except OSError as e:
                log.warning("reader cache %s cannot be opened (%s); files are read without it",
                            printable(self.path), printable(e, 200))
                break
        self._broken = True
        return None

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists()
        if new:  # private from the first byte: created 0600, not chmod-ed after the fact
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        db = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if app_id == 0 and not tables:  # empty: ours now
                db.executescript(f"""
                    PRAGMA application_id = {APPLICATION_ID};
                    PRAGMA user_version = {FORMAT};
                    CREATE TABLE files (
                        path TEXT NOT NULL, opts TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
                        ctime_ns INTEGER NOT NULL, ino INTEGER NOT NULL, fingerprint BLOB NOT NULL,
                        version TEXT NOT NULL, payload BLOB NOT NULL, nbytes INTEGER NOT NULL,
                        used INTEGER NOT NULL, PRIMARY KEY (path, opts)) WITHOUT ROWID;
                """)
            elif app_id != APPLICATION_ID or "files" not in tables:
                raise _Foreign(f"application id {app_id:#x}, tables {sorted(tables)}")
            elif db.execute("PRAGMA user_version").fetchone()[0] != FORMAT:
                raise _Foreign("an older or newer cache format")
            db.execute("PRAGMA synchronous = OFF")  # a cache: a torn write is detected and rebuilt
            db.execute("PRAGMA journal_mode = WAL")
        except BaseException:
            db.close()
            raise
        return db

    def _delete_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except FileNotFoundError:
                pass
            except OSError as e:
                log.warning("reader cache %s could not be deleted (%s)", printable(self.path), printable(e, 200))

    def _failed(self, e: Exception, what: str) -> None:
        """A database error in use: the file is damaged (or locked for long); drop it and go on without."""
        if isinstance(e, sqlite3.OperationalError) and "locked" in str(e):
            log.info("reader cache %s is busy (%s); not %s this time", printable(self.path), e, what)
            return
        log.warning("reader cache %s is damaged (%s) while %s; it is deleted and rebuilt on the next scan",
                    printable(self.path), printable(e, 200), what)
        self.close()
        self._delete_files()
        self._broken = True

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    # -- use ---------------------------------------------------------------------------------------------
    def get(self, path: Path, st: os.stat_result, opts_key: str) -> list | None:
        """The cached results of ``path`` if they are exactly current, else None."""
        db = self._open()
        if db is None:
            return None
        size, mtime, ctime, ino = stat_key(st)
        try:
            row = db.execute("SELECT size, mtime_ns, ctime_ns, ino, fingerprint, version, payload, used FROM files "
                             "WHERE path = ? AND opts = ?", (str(path), opts_key)).fetchone()
        except sqlite3.Error as e:
            self._failed(e, "reading")
            return None
        if row is None or row[:4] != (size, mtime, ctime, ino) or row[5] != self._version:
            self.misses += 1
            return None
        try:
            if row[4] != fingerprint(path, size):
                self.misses += 1
                return None
        except OSError:
            return None
        try:
            results = decode(zlib.decompress(row[6]))
        except Exception as e:  # noqa: BLE001 - any undecodable row is not ours to trust
            log.warning("reader cache: the entry for %s does not decode (%s); the file is read again",
                        printable(path), printable(e, 200))
            self._delete(str(path), opts_key)
            self.misses += 1
            return None
        today = _today()
        if row[7] != today:
            self._used.append((today, str(path), opts_key))
        self.hits += 1
        return results

    def put(self, path: Path, st_before: os.stat_result, opts_key: str, results: list) -> None:
        """Store a file's results unless it changed while it was read or may still change unseen."""
        db = self._open()
        if db is None:
            return
        try:
            st_after = path.stat()
        except OSError:
            return
        if stat_key(st_after) != stat_key(st_before) or time.time() - st_before.st_mtime < RACY_SECONDS:
            return
        try:
            payload = zlib.compress(encode(results), 6)
            fp = fingerprint(path, st_before.st_size)
        except OSError:
            return
        size, mtime, ctime, ino = stat_key(st_before)
        try:
            db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       (str(path), opts_key, size, mtime, ctime, ino, fp, self._version, payload, len(payload),
                        _today()))
            self.stored += 1
        except sqlite3.Error as e:
            self._failed(e, "writing")

    def _delete(self, path: str, opts_key: str) -> None:
        db = self._open()
        if db is None:
            return
        try:
            db.execute("DELETE FROM files WHERE path = ? AND opts = ?", (path, opts_key))
        except sqlite3.Error as e:
            self._failed(e, "deleting")

    def finish(self, folders: list[Path], present: set[str]) -> None:
        """After a scan: remember what was used today, drop rows of files that left a scanned folder, keep the
        cache under its size bound (least recently used rows first), and close it until the next scan."""
        try:
            self._tidy(folders, present)
        finally:
            self.close()
            self._broken = False  # a cache deleted as damaged is built anew by the next scan

    def _tidy(self, folders: list[Path], present: set[str]) -> None:
        db = self._open()
        if db is None:
            return
        try:
            db.execute("BEGIN")
            if self._used:
                db.executemany("UPDATE files SET used = ? WHERE path = ? AND opts = ?", self._used)
                self._used.clear()
            for folder in folders:
                prefix = str(folder).rstrip("/\\") + os.sep
                gone = [(p,) for (p,) in db.execute("SELECT DISTINCT path FROM files WHERE substr(path, 1, ?) = ?",
                                                    (len(prefix), prefix))
                        if p not in present and os.sep not in p[len(prefix):]]
                db.executemany("DELETE FROM files WHERE path = ?", gone)
            total = db.execute("SELECT COALESCE(SUM(nbytes), 0) FROM files").fetchone()[0]
            if total > MAX_BYTES:
                for path, opts, nbytes in db.execute("SELECT path, opts, nbytes FROM files ORDER BY used, path")\
                        .fetchall():
                    db.execute("DELETE FROM files WHERE path = ? AND opts = ?", (path, opts))
                    total -= nbytes
                    if total <= MAX_BYTES * 3 // 4:
                        break
            db.execute("COMMIT")
        except sqlite3.Error as e:
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            self._failed(e, "tidying")


class _Foreign(Exception):
    """The cache file is a SQLite database, but not (this format of) ours."""


def _today() -> int:
    return int(time.time() // 86400)


# --- the payload: the reader's results as plain JSON ---------------------------------------------------------

def _d(x: Decimal) -> str:
    return str(x)


def _enc_agg(a: Agg) -> list | None:
    if not a.n_trans and not a.vat and not a.payments and not a.cash_difference and not a.groups:
        return None
    return [a.n_trans, _d(a.total_in), [[k.code, _d(k.rate), _d(b), _d(v)] for k, (b, v) in a.vat.items()],
            [[g, k.code if k is not None else None, _d(k.rate) if k is not None else None, _d(x), _d(y)]
             for (g, k), (x, y) in a.groups.items()],
            {g: _d(x) for g, x in a.group_gross.items()}, {t: _d(x) for t, x in a.payments.items()},
            _d(a.rounding), _d(a.tips), a.tips_num, _d(a.gift_card_sales), a.returns_num, _d(a.returns_amt),
            a.discount_num, _d(a.discount_amt), a.copy_num, {t: _d(x) for t, x in a.cash_difference.items()},
            [[k.code, _d(k.rate), n] for k, n in a.vat_lines.items()]]


def _enc_z(z: ZReport) -> list:
    return [z.register_id, z.report_id, z.date.isoformat(), z.time.isoformat(), z.business_day.isoformat(),
            _d(z.total), {g: _d(x) for g, x in z.groups.items()}, {t: _d(x) for t, x in z.payments.items()},
            [[k.code, _d(k.rate), _d(b), _d(v)] for k, (b, v) in z.vat.items()], _d(z.tips), z.tips_num,
            z.receipt_num, z.returns_num, _d(z.returns_amt), z.discount_num, _d(z.discount_amt), z.void_num,
            _d(z.void_amt), z.copy_num, _d(z.copy_amt), z.training_num, _d(z.training_amt), z.credit_sales_num,
            _d(z.credit_sales_amt), {t: _d(x) for t, x in z.pay_ins.items()},
            {t: _d(x) for t, x in z.pay_outs.items()},
            *[None if x is None else _d(x) for x in (z.gt_sales, z.gt_return, z.gt_net)]]


def _enc_opt(x: Decimal | None) -> str | None:
    return None if x is None else str(x)


def _enc_address(a: Address | None) -> list | None:
    return None if a is None else [a.street, a.additional, a.postal_code, a.city, a.region, a.country]


def _enc_customer(c: Customer | None) -> list | None:
    return None if c is None else [c.customer_id, c.name, c.kind, c.org_nr, c.tax_reg_ident, c.contact, c.phone,
                                   c.email, _enc_address(c.street_address), _enc_address(c.postal_address)]


def _enc_credit(cs: CreditSale) -> list:
    return [cs.company_ident, cs.location, cs.register_id, cs.nr, cs.trans_id, cs.when.isoformat(),
            cs.business_day.isoformat(), cs.transaction_type, cs.predefined_type, cs.customer_id,
            _enc_customer(cs.customer), cs.invoice_id, _d(cs.amount_in), _d(cs.amount_ex),
            [[k.code, _d(k.rate), _d(b), _d(v)] for k, b, v in cs.vat], [[t, _d(a)] for t, a in cs.payments],
            _d(cs.on_account), _d(cs.rounding), _d(cs.tips), _d(cs.gift_card_sales), cs.is_return, cs.settlement,
            cs.delivery_receipt,
            [[ln.line_id, ln.article_id, ln.description, ln.article_group, _enc_opt(ln.quantity),
              _enc_opt(ln.unit_price), _d(ln.amount_ex), _d(ln.amount_in), ln.vat_code, _enc_opt(ln.vat_rate),
              ln.is_return, ln.gift_card] for ln in cs.lines], cs.source]


def _enc_window(w: Window) -> list:
    return [w.company_ident, w.location, w.register_id, w.business_day.isoformat(),
            _enc_z(w.zreport) if w.zreport is not None else None, w.status,
            [_enc_agg(w.parts[k]) for k in KINDS], [[r, n, _d(w.excluded.amounts[r])] for r, n in
                                                     w.excluded.counts.items()],
            w.duplicates, w.first_sale.isoformat() if w.first_sale is not None else None, w.source,
            w.source_created, [_enc_credit(cs) for cs in w.credit_sales]]


def _enc_file(fr: FileResult) -> dict:
    m = fr.master
    return {"path": fr.path, "created": fr.created, "size": fr.size, "mtime_ns": fr.mtime_ns,
            "master": [m.company_ident, m.company_name,
                       [[b.basic_type, b.basic_id, b.predefined, b.desc] for b in m.basics.values()],
                       [[v.code, v.standard_code, v.desc] for v in m.vat_codes.values()], m.articles,
                       m.article_desc, [_enc_customer(c) for c in m.customers.values()]],
            "warnings": [[str(w), w.en if isinstance(w, Note) else str(w)] for w in fr.warnings],
            "windows": [_enc_window(w) for w in fr.windows]}


def _enc_error(e: LedgerWizardError) -> dict:
    return {"code": e.code, "message": [e.message.nb, e.message.en],
            "hint": [e.hint.nb, e.hint.en] if e.hint else None, "path": e.path, "details": e.details}


def encode(results: list) -> bytes:
    """A file's results (FileResult or the error it was refused with; a zip: one per member)."""
    out = []
    for r in results:
        out.append({"error": _enc_error(r)} if isinstance(r, LedgerWizardError) else {"file": _enc_file(r)})
    return json.dumps(out, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(data: bytes) -> list:
    keys: dict[tuple[str, str], VatKey] = {}
    D = Decimal

    def vk(code: str, rate: str) -> VatKey:
        k = keys.get((code, rate))
        if k is None:
            k = keys[(code, rate)] = VatKey(code, D(rate))
        return k

    def dmap(d: dict) -> dict:
        return {k: D(v) for k, v in d.items()}

    def agg(x: list | None) -> Agg:
        a = Agg()
        if x is None:
            return a
        (a.n_trans, total, vat, groups, gross, pays, rounding, tips, a.tips_num, gift, a.returns_num, ret,
         a.discount_num, disc, a.copy_num, cd, vat_lines) = x
        a.total_in, a.rounding, a.tips, a.gift_card_sales = D(total), D(rounding), D(tips), D(gift)
        a.returns_amt, a.discount_amt = D(ret), D(disc)
        for code, rate, b, v in vat:
            a.vat[vk(code, rate)] = [D(b), D(v)]
        for g, code, rate, gr, b in groups:
            a.groups[(g, vk(code, rate) if code is not None else None)] = [D(gr), D(b)]
        for g, v in gross.items():
            a.group_gross[g] = D(v)
        for t, v in pays.items():
            a.payments[t] = D(v)
        for t, v in cd.items():
            a.cash_difference[t] = D(v)
        for code, rate, n in vat_lines:
            a.vat_lines[vk(code, rate)] = n
        return a

    def zrep(x: list) -> ZReport:
        (reg, rid, date, tm, bday, total, groups, pays, vat, tips, tips_num, receipt_num, returns_num, returns_amt,
         discount_num, discount_amt, void_num, void_amt, copy_num, copy_amt, training_num, training_amt, cs_num,
         cs_amt, pay_ins, pay_outs, gt_sales, gt_return, gt_net) = x
        z = ZReport(reg, rid, dt.date.fromisoformat(date), dt.time.fromisoformat(tm), dt.date.fromisoformat(bday),
                    D(total), dmap(groups), dmap(pays), {vk(c, r): [D(b), D(v)] for c, r, b, v in vat}, D(tips),
                    tips_num, receipt_num, returns_num, D(returns_amt), discount_num, D(discount_amt), void_num,
                    D(void_amt), copy_num, D(copy_amt), training_num, D(training_amt), cs_num, D(cs_amt),
                    dmap(pay_ins), dmap(pay_outs))
        z.gt_sales, z.gt_return, z.gt_net = (None if v is None else D(v) for v in (gt_sales, gt_return, gt_net))
        return z

    def opt(x: str | None) -> Decimal | None:
        return None if x is None else D(x)

    def address(x: list | None) -> Address | None:
        return None if x is None else Address(*x)

    def customer(x: list | None) -> Customer | None:
        if x is None:
            return None
        cid, name, kind, org_nr, tax, contact, phone, email = x[:8]
        return Customer(cid, name, kind, org_nr, tax, contact, phone, email, address(x[8]), address(x[9]))

    def credit(x: list) -> CreditSale:
        (company, location, reg, nr, tid, when, day, tt, pre, cust_id, cust, inv, amount_in, amount_ex, vat, pays,
         on_account, rounding, tips, gift, is_return, settlement, delivery, lines, source) = x
        return CreditSale(
            company, location, reg, nr, tid, dt.datetime.fromisoformat(when), dt.date.fromisoformat(day), tt, pre,
            cust_id, customer(cust), inv, D(amount_in), D(amount_ex), [(vk(c, r), D(b), D(v)) for c, r, b, v in vat],
            [(t, D(a)) for t, a in pays], D(on_account), D(rounding), D(tips), D(gift), is_return, settlement,
            delivery, [CreditLine(lid, art, desc, grp, opt(q), opt(p), D(ex), D(gross), code, opt(rate), ret, gc)
                       for lid, art, desc, grp, q, p, ex, gross, code, rate, ret, gc in lines], source)

    def window(x: list) -> Window:
        (company, location, reg, day, z, status, parts, excluded, duplicates, first_sale, source, created,
         credit_sales) = x
        w = Window(company, location, reg, dt.date.fromisoformat(day), zrep(z) if z is not None else None, status,
                   {k: agg(p) for k, p in zip(KINDS, parts, strict=True)}, Excluded(), duplicates,
                   dt.datetime.fromisoformat(first_sale) if first_sale is not None else None, source, created,
                   [credit(cs) for cs in credit_sales])
        for reason, n, amount in excluded:
            w.excluded.counts[reason] = n
            w.excluded.amounts[reason] = D(amount)
        return w

    def file(x: dict) -> FileResult:
        company, name, basics, vat_codes, articles, article_desc, customers = x["master"]
        custs = [c for c in (customer(x) for x in customers) if c is not None]
        m = MasterData(company, name, {b[1]: Basic(*b) for b in basics},
                       {v[0]: VatCodeDetail(*v) for v in vat_codes}, dict(articles), dict(article_desc),
                       {c.customer_id: c for c in custs})
        return FileResult(x["path"], m, [window(w) for w in x["windows"]], [Note(nb, en) for nb, en in x["warnings"]],
                          x["created"], x["size"], x["mtime_ns"])

    def error(x: dict) -> LedgerWizardError:
        cls = _ERRORS[x["code"]]
        return cls(Text(*x["message"]), Text(*x["hint"]) if x["hint"] else None, path=x["path"],
                   details=x["details"])

    out: list[FileResult | LedgerWizardError] = []
    for item in json.loads(data):
        if "error" in item:
            out.append(error(item["error"]))
        else:
            out.append(file(item["file"]))
    return out


__all__ = ["ResultCache", "encode", "decode", "cache_version", "options_key", "fingerprint", "stat_key"]
