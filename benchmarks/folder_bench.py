"""A folder of nightly exports read by a fresh process each time, as every ``ledgerwizard run`` does (issue 16):
the first read (no cache yet), a re-read of the unchanged folder (every file served by the profile's reader
cache), and a re-read after one new night's file arrived; in the same run, as baselines, the same folder read
without the cache and the new night's file read alone.

    python benchmarks/folder_bench.py                  # 30 and 365 nights (about 10 minutes the first time)
    python benchmarks/folder_bench.py --nights 30      # quicker

Every measurement is its own process (its peak RSS is its own) running the product's path: list the folder, read
or load each file, merge the windows, build and reconcile every store-day (``ExportSource.scan`` and
``SourceResult.summaries``), the reader imported before the clock starts. Files come from
``generate_large.write_daily``: a busy store (10 registers, 1,000 receipts a night, about 1.5 MB per file), with
receipt numbers, Z numbers and grand totals running on across the nights; they are written once into
benchmarks/out/ with a modification time in the past, as a POS's nightly exports are. Each step is repeated
``--repeat`` times (median shown). Targets: re-reading an unchanged year-long folder under 1 s; one new night
costs about one file's read.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
from ledgerwizard.adapters.readercache import ResultCache
from ledgerwizard.core.saft.source import ExportSource
folder, cache = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
src = ExportSource([folder], settle_seconds=0, disk_cache=ResultCache(cache) if cache != "-" else None)
res = src.scan()
t1 = time.perf_counter()
days = res.summaries()
t2 = time.perf_counter()
assert not res.problems, [p.render("en") for p in res.problems][:3]
assert days and all(d.reconciliation.ok for d in days), [c.describe().en for d in days for c in d.reconciliation.differences][:3]
c = src.disk_cache
print(json.dumps({{"seconds": t2 - t0, "scan": t1 - t0, "summaries": t2 - t1, "days": len(days),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "hits": c.hits if c else 0, "stored": c.stored if c else 0}}))
"""


def measure(folder: Path, cache: Path | None) -> dict:
    p = subprocess.run([sys.executable, "-c", _CHILD.format(root=str(HERE.parent)), str(folder),
                        str(cache) if cache else "-"], capture_output=True, text=True, check=False)
    if p.returncode:
        raise SystemExit(p.stderr[-3000:])
    return json.loads(p.stdout)


def nightly(n: int) -> tuple[Path, Path]:
    """benchmarks/out/nightly_<n>/ with n nights, and nightly_<n>_next/ with night n+1 alone."""
    sys.path.insert(0, str(HERE))
    from generate_large import write_daily

    folder, extra = HERE / "out" / f"nightly_{n}", HERE / "out" / f"nightly_{n}_next"
    if not folder.exists() or len(list(folder.glob("*.xml"))) != n:
        shutil.rmtree(folder, ignore_errors=True)
        t0 = time.perf_counter()
        write_daily(folder, n)
        print(f"generated {n} nights in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    if not extra.exists():
        write_daily(extra, n + 1, first=n)
    past = time.time() - 6 * 3600
    for f in list(folder.glob("*.xml")) + list(extra.glob("*.xml")):
        os.utime(f, (past, past))
    return folder, extra


def median(runs: list[dict]) -> dict:
    out = dict(runs[0])
    for k in ("seconds", "scan", "summaries", "rss_mb"):
        out[k] = statistics.median(r[k] for r in runs)
    return out


def bench(n: int, repeat: int) -> list[tuple[str, dict]]:
    folder, extra = nightly(n)
    mb = sum(f.stat().st_size for f in folder.glob("*.xml")) / 1e6
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "exports"
        shutil.copytree(folder, work, copy_function=os.link if _same_fs(folder, tmp) else shutil.copy2)
        cache = Path(tmp) / "profile" / "reader-cache.sqlite3"
        rows.append((f"{n} nights, {mb:.0f} MB: no cache (before issue 16)",
                     median([measure(work, None) for _ in range(repeat)])))
        first = []
        for _ in range(repeat):
            for f in cache.parent.glob("*"):
                f.unlink()
            first.append(measure(work, cache))
        rows.append(("first read (cache written)", median(first)))
        rows.append(("re-read, unchanged folder", median([measure(work, cache) for _ in range(repeat)])))
        (new,) = extra.glob("*.xml")
        one = Path(tmp) / "one"
        one.mkdir()
        shutil.copy2(new, one / new.name)
        rows.append(("baseline: the new night's file alone, no cache", median([measure(one, None)
                                                                                for _ in range(repeat)])))
        added = []
        for _ in range(repeat):
            target = work / new.name
            if target.exists():
                target.unlink()
            shutil.copy2(new, target)
            past = time.time() - 3600
            os.utime(target, (past, past))
            conn_rows = _forget(cache, target)
            del conn_rows
            added.append(measure(work, cache))
        rows.append(("re-read after one new night", median(added)))
    return rows


def _forget(cache: Path, path: Path) -> int:
    """Drop one file's row, so each repeat of "one new night" really reads it."""
    import sqlite3

    with sqlite3.connect(cache) as db:
        return db.execute("DELETE FROM files WHERE path = ?", (str(path),)).rowcount


def _same_fs(a: Path, b: str) -> bool:
    return os.stat(a).st_dev == os.stat(b).st_dev


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nights", default="30,365")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    print("| folder / step | time (scan + days) | of which scan | peak RSS | store-days | files from cache |")
    print("|---|---|---|---|---|---|")
    for n in (int(x) for x in a.nights.split(",")):
        for label, r in bench(n, a.repeat):
            print(f"| {label} | {r['seconds']:.2f} s | {r['scan']:.2f} s | {r['rss_mb']:.0f} MB | {r['days']} | "
                  f"{r['hits']} |", flush=True)


if __name__ == "__main__":
    main()
