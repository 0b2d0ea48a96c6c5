"""A source is the folder a POS exports into (or single files): many files, overlapping exports of the same
days, re-exports and files still being written. This module finds the complete files, reads each once (cached
by size and modification time), and merges their windows so that no transaction is counted twice.

Merging rule: a Z window is identified by (company, register, Z number, Z date), and by its location too when the
register id is shown to be two stores' registers (``merge_windows``). When several files contain it (a POS that
exports the last 7 days every night), the copy that reconciles with its Z report and has the most transactions wins,
then the newest export. Windows are never added together across files, so an overlap can never double a day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Protocol, Sequence

from ..display import printable
from ..errors import BadInputError, IncompleteFileError, LedgerWizardError
from ..i18n import Text, current_language
from ..summary import DEFAULT_TOLERANCE, DaySummary, OpenReceipts, open_receipts, reconcile_window, summarize
from .model import Agg, Excluded, FileResult, MasterData, Note, Window
from .reader import ReadOptions, read_archive, read_file

PATTERNS = ("*.xml", "*.XML", "*.zip", "*.ZIP")  # exports are often zipped for transport
MAX_SKIPPED_LISTED = 50
log = logging.getLogger("ledgerwizard.reader")


@dataclass
class SourceProblem:
    path: str
    error: LedgerWizardError
    waiting: bool  # True: probably still being written; it will be read when complete

    def render(self, lang: str | None = None) -> str:
        return self.error.render(lang)


@dataclass
class SourceResult:
    files: list[FileResult] = field(default_factory=list)
    problems: list[SourceProblem] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)
    masters: dict[str, MasterData] = field(default_factory=dict)  # company org.nr -> merged master data
    # what a folder holds besides exports, with the reason it was not read (the first MAX_SKIPPED_LISTED of them)
    skipped: list[tuple[str, Text]] = field(default_factory=list)
    skipped_count: int = 0
    cutoff: dt.time | None = None  # the business day's cut-off the files were read with (when a day has ended)

    @property
    def open_windows(self) -> list[Window]:
        return [w for w in self.windows if w.status == "open"]

    def open_days(self, store_of: Callable[[Window], str | None] | None = None) -> list[OpenReceipts]:
        """Receipts after a register's last Z, per store and business day: open, waiting for the next Z report."""
        return open_receipts(self.windows, store_of, self.cutoff)

    def master(self, company: str) -> MasterData:
        return self.masters.get(company) or MasterData(company_ident=company)

    def summaries(self, store_of: Callable[[Window], str | None] | None = None,
                  tolerance: Decimal = DEFAULT_TOLERANCE) -> list[DaySummary]:
        out: list[DaySummary] = []
        by_company: dict[str, list[Window]] = defaultdict(list)
        for w in self.windows:
            by_company[w.company_ident].append(w)
        for company, ws in sorted(by_company.items()):
            out.extend(summarize(ws, self.master(company), store_of, tolerance, self.cutoff))
        out.sort(key=lambda d: (d.business_day, d.company_ident, d.store))
        return out

    @property
    def warnings(self) -> list[str]:
        """Every file's warnings in the user's language, each after its file's name (shown escaped)."""
        lang = current_language()
        return [f"{printable(Path(f.path).name, 160)}: {w.get(lang) if isinstance(w, Note) else w}"
                for f in self.files for w in f.warnings]


def options_key(opts: ReadOptions) -> str:
    """The reading options that change what a file yields, as one text (part of a stored result's key)."""
    return json.dumps([opts.cutoff.isoformat(), sorted(opts.gift_card_groups),
                       opts.since.isoformat() if opts.since else None])


def stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    """What of a file's status must be unchanged for an earlier result of it to be used."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


class ResultStore(Protocol):
    """Where the results of files read by an earlier process are kept (``adapters.readercache.ResultCache``)."""

    def get(self, path: Path, st: os.stat_result, opts_key: str) -> list | None: ...

    def put(self, path: Path, st_before: os.stat_result, opts_key: str, results: list) -> None: ...

    def finish(self, folders: list[Path], present: set[str]) -> None: ...


class ExportSource:
    """Reads a folder (or files) of SAF-T exports; call ``scan()`` as often as needed (results are cached in
    memory, and on disk too when a ``disk_cache`` is given: ``adapters/readercache.py``, for the next process)."""

    def __init__(self, paths: Sequence[str | Path] | str | Path, opts: ReadOptions | None = None, *,
                 settle_seconds: float = 2.0, grace_seconds: float = 600.0, clock: Callable[[], float] = time.time,
                 disk_cache: ResultStore | None = None):
        if isinstance(paths, (str, Path)):
            paths = [paths]
        self.paths = [Path(p) for p in paths]
        self.opts = opts or ReadOptions()
        self.settle_seconds = settle_seconds
        self.grace_seconds = grace_seconds
        self.clock = clock
        self._cache: dict[tuple, list] = {}
        self._last_size: dict[Path, int] = {}
        self.disk_cache = disk_cache
        self._opts_key = options_key(self.opts)

    def files(self) -> list[Path]:
        return self._listing()[0]

    def _listing(self) -> tuple[list[Path], list[tuple[str, Text]], int]:
        """The export files, and what else the folders hold with the reason it is not read."""
        out: list[Path] = []
        skipped: list[tuple[str, Text]] = []
        n_skipped = 0
        for p in self.paths:
            if p.is_dir():
                found = {f for pat in PATTERNS for f in p.glob(pat) if f.is_file()}
                out.extend(sorted(found))
                try:
                    others = sorted(f for f in p.iterdir() if f not in found)
                except OSError:
                    others = []
                for f in others:
                    n_skipped += 1
                    if len(skipped) < MAX_SKIPPED_LISTED:
                        skipped.append((str(f), Text("en undermappe (undermapper leses ikke)",
                                                     "a subfolder (subfolders are not read)") if f.is_dir() else
                                        Text("ikke en .xml- eller .zip-fil", "not an .xml or .zip file")))
            elif p.is_file():
                out.append(p)
            else:
                raise BadInputError(Text("Mappen eller filen finnes ikke.", "The folder or file does not exist."),
                                    Text("Velg mappen der kassesystemet legger SAF-T-eksportene.",
                                         "Choose the folder where the POS writes its SAF-T exports."), path=p)
        return out, skipped, n_skipped

    def _read(self, f: Path) -> tuple[list, bool]:
        """One file's results (a zip: one per member) and whether they may be kept on disk."""
        try:
            return (read_archive(f, self.opts) if f.suffix.lower() == ".zip" else [read_file(f, self.opts)]), True
        except LedgerWizardError as e:
            return [e.with_traceback(None)], True
        except Exception as e:  # noqa: BLE001 - one file never stops the folder (README's promise)
            log.error("reading %s failed unexpectedly", printable(f), exc_info=True)
            return [BadInputError(
                Text(f"Filen kunne ikke leses (uventet feil: {type(e).__name__}).",
                     f"The file could not be read (unexpected error: {type(e).__name__})."),
                Text("De andre filene er lest. Send loggfilen til support, og be kasseleverandøren om en ny "
                     "eksport.", "The other files were read. Send the log file to support, and ask the POS "
                     "vendor for a new export."), path=f)], False

    def scan(self, cancel: Callable[[], bool] | None = None,
             progress: Callable[[int, int, str], None] | None = None) -> SourceResult:
        res = SourceResult(cutoff=self.opts.cutoff)
        files, res.skipped, res.skipped_count = self._listing()
        now = self.clock()
        for i, f in enumerate(files):
            if cancel is not None and cancel():
                break
            if progress is not None:
                progress(i, len(files), printable(f.name, 160))
            try:
                st = f.stat()
            except OSError:
                continue  # removed while we looked
            age = now - st.st_mtime
            last = self._last_size.get(f)
            self._last_size[f] = st.st_size
            if age < self.settle_seconds or (last is not None and last != st.st_size):
                res.problems.append(SourceProblem(str(f), IncompleteFileError(
                    Text("Filen skrives fortsatt; den leses når den er ferdig.",
                         "The file is still being written; it will be read when complete."), path=f), True))
                continue
            key = (str(f), *stat_key(st))
            got = self._cache.get(key)
            if got is None and self.disk_cache is not None:
                got = self.disk_cache.get(f, st, self._opts_key)
            if got is None:
                got, cacheable = self._read(f)
                if cacheable and self.disk_cache is not None:
                    self.disk_cache.put(f, st, self._opts_key, got)
            self._cache[key] = got
            for one in got:  # a zip: one result per SAF-T file inside
                if isinstance(one, LedgerWizardError):
                    waiting = isinstance(one, IncompleteFileError) and age < self.grace_seconds
                    res.problems.append(SourceProblem(one.path or str(f), one, waiting))
                else:
                    res.files.append(one)
        if progress is not None:
            progress(len(files), len(files), "")
        if self.disk_cache is not None:
            self.disk_cache.finish([p for p in self.paths if p.is_dir()], {str(f) for f in files})
        for fr in res.files:
            company = fr.master.company_ident
            if company in res.masters:
                res.masters[company].merge(fr.master)
            else:
                m = MasterData(company_ident=company, company_name=fr.master.company_name)
                m.merge(fr.master)
                res.masters[company] = m
        res.windows = merge_windows(res.files)
        return res


def merge_windows(files: list[FileResult]) -> list[Window]:
    """One window per (company, register, Z) and per (company, register, day) for Z-less registers, unless the
    register id is shown to be two registers.

    A register id is only unique within a store's own POS: two stores of one company whose POS both call their
    register "1" are two registers, and one store's day must never be taken for the other's re-export. But a
    location renamed in the POS (older exports under the old name, a re-export of a day under the new one) is one
    register, whose copies must merge. So the location splits a register id only on evidence of two registers:
    - one file holds the id under two locations (``split``): every window of it is then keyed by its location too;
    - otherwise, copies of one Z key whose Z reports have different total sales are different registers' Z
      reports (a re-export, renamed or not, carries the same Z); copies with the same total are one window."""
    masters = {f.path: f.master for f in files}
    split: set[tuple[str, str]] = set()
    for f in files:
        place: dict[tuple[str, str], str] = {}
        for w in f.windows:
            k = (w.company_ident, w.register_id)
            if place.setdefault(k, w.location) != w.location:
                split.add(k)

    def loc(w: Window) -> str | None:
        return w.location if (w.company_ident, w.register_id) in split else None

    closed: dict[tuple, list[Window]] = defaultdict(list)
    others: dict[tuple, list[Window]] = defaultdict(list)
    for f in files:
        for w in f.windows:
            if w.zreport is not None:
                z = w.zreport
                closed[(w.company_ident, loc(w), w.register_id, z.report_id, z.date)].append(w)
            else:
                others[(w.company_ident, loc(w), w.register_id, w.status, w.business_day)].append(w)

    def score(w: Window) -> tuple:
        ok = all(c.ok or c.within_rounding for c in reconcile_window(w, masters[w.source]))
        return (ok, w.n_trans, w.source_created, w.source)

    def best(ws: list[Window]) -> Window:
        return ws[0] if len(ws) == 1 else max(ws, key=score)

    out: list[Window] = []
    for ws in closed.values():
        by_total: dict[Decimal, list[Window]] = defaultdict(list)
        for w in ws:
            by_total[w.zreport.total].append(w)  # type: ignore[union-attr]
        out.extend(best(same) for same in by_total.values())
    closed_days: dict[tuple[str, str | None, str], set] = defaultdict(set)
    last_z: dict[tuple[str, str], object] = {}
    for w in out:
        closed_days[(w.company_ident, loc(w), w.register_id)].add(w.business_day)
        k = (w.company_ident, w.register_id)
        if k not in last_z or w.zreport.when > last_z[k]:  # type: ignore[union-attr, operator]
            last_z[k] = w.zreport.when  # type: ignore[union-attr]
    dropped: list[Window] = []  # held by another file's Z window, it seems: one copy each (the fullest, newest)

    def newest(ws: list[Window]) -> Window:
        return max(ws, key=lambda w: (w.n_trans, w.source_created, w.source))

    for (company, location, reg, status, day), ws in others.items():
        k = (company, reg)
        # open receipts (shown, never sent) are those after every Z the register id has, whatever the location:
        # a renamed location's old export must not show receipts the new name's Z has closed as open for ever
        if status == "open" and k in last_z:
            # receipts after a register's last Z in their file: if another file has a Z after they began, that
            # Z's window holds them; only the ones after every known Z are still open
            before = [w for w in ws if w.first_sale is None or w.first_sale <= last_z[k]]  # type: ignore[operator]
            if before:
                dropped.append(newest(before))
            ws = [w for w in ws if w.first_sale is not None and w.first_sale > last_z[k]]  # type: ignore[operator]
            if not ws:
                continue
        elif status != "open" and day in closed_days.get((company, location, reg), ()):
            dropped.append(newest(ws))
            continue  # another file has this day closed by a Z: its window already holds these sales
        out.append(newest(ws))
    _absorb(out, dropped, loc, masters)
    out.sort(key=lambda w: (w.business_day, w.company_ident, w.register_id))
    return out


def _absorb(out: list[Window], dropped: list[Window], loc: Callable[[Window], str | None],
            masters: dict[str, MasterData]) -> None:
    """Receipts another file holds for a Z window that lacks them: a POS exporting one file per calendar day
    with a Z after midnight puts the evening's receipts in one file and the Z (with the receipts after midnight)
    in the next. The receipts of other files dropped as "held by another file's Z window" (``dropped``) that
    precede a Z (after the register's Z before it) join that Z's window, but only when the window does not
    reconcile without them and does, exactly, with them: a copy of receipts the window already holds (an
    overlapping export) would make it reconcile less, never more, so nothing is counted twice."""
    if not dropped:
        return
    zs: dict[tuple, list[int]] = defaultdict(list)
    for i, w in enumerate(out):
        if w.zreport is not None:
            zs[(w.company_ident, loc(w), w.register_id)].append(i)
    for idx in zs.values():
        idx.sort(key=lambda i: out[i].zreport.when)  # type: ignore[union-attr]
    taken: dict[int, list[Window]] = defaultdict(list)
    for w in dropped:
        idx = zs.get((w.company_ident, loc(w), w.register_id), [])
        if w.first_sale is None:
            continue
        for j, i in enumerate(idx):
            z = out[i].zreport
            if z is not None and z.when > w.first_sale:
                prev = out[idx[j - 1]].zreport if j else None
                if out[i].source != w.source and (prev is None or w.first_sale > prev.when):
                    taken[i].append(w)
                break

    def reconciles(w: Window) -> bool:
        return all(c.ok or c.within_rounding for c in reconcile_window(w, masters[w.source]))

    for i, ws in taken.items():
        c = out[i]
        if reconciles(c):
            continue
        merged = _merged(c, ws)
        if reconciles(merged):
            out[i] = merged


def _merged(c: Window, ws: list[Window]) -> Window:
    """``c`` with the receipts of ``ws`` (a new window: the files' own stay as read, they may be cached)."""
    ex = Excluded()
    for w in (c, *ws):
        ex.merge(w.excluded)
    firsts = [w.first_sale for w in (c, *ws) if w.first_sale is not None]
    return dataclasses.replace(
        c, parts={k: Agg.total([c.parts[k], *(w.parts[k] for w in ws if k in w.parts)]) for k in c.parts},
        excluded=ex, duplicates=c.duplicates + sum(w.duplicates for w in ws), first_sale=min(firsts) if firsts else None,
        credit_sales=sorted([*c.credit_sales, *(cs for w in ws for cs in w.credit_sales)],
                            key=lambda cs: (cs.when, cs.nr)))
