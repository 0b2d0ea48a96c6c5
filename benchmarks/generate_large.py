"""Write a large, realistic SAF-T Cash Register file: a busy store with 10 registers and 1,000 receipts a day
(spread over the registers), one Z per register per evening. Streams; constant memory.

    python benchmarks/generate_large.py OUT.xml --days 365
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledgerwizard_sandbox.saftgen import (Location, Register, _txn_xml, _z_xml, write_saft,  # noqa: E402
                                          random_day, z_figures)


def write_large(path: Path, days: int, registers: int = 10, receipts_per_day: int = 1000, seed: int = 1,
                start: dt.date = dt.date(2025, 1, 1)) -> int:
    """Day by day and register by register, so memory stays flat however many days are written."""
    per_reg = receipts_per_day // registers
    with open(path, "w", encoding="utf-8", buffering=1 << 20) as out:
        # header, master data and the location start, from the product's own writer (with no registers)
        head_buf = []

        class _Cap:
            def write(self, s):
                head_buf.append(s)

        write_saft(_Cap(), [Location("Storbutikken Karl Johan", [])], start=start,
                   end=start + dt.timedelta(days=days - 1))
        head = "".join(head_buf)
        cut = head.index("</location>")
        out.write(head[:cut])
        for r in range(registers):
            reg_id = f"KJ-{r + 1:02d}"
            out.write(f"<cashregister><registerID>{reg_id}</registerID>")
            # Z events first (schema order): compute them day by day with a cumulative grand total
            nr = 1
            gt_sales = gt_ret = 0
            events = []
            state = random.Random(seed * 1000 + r)
            for d in range(days):
                day = start + dt.timedelta(days=d)
                reg = Register(reg_id, random_day(state, day, reg_id, per_reg, nr),
                               [dt.datetime.combine(day, dt.time(22, 30))])
                nr += per_reg
                (z, _), = z_figures(reg)
                z.report_id = d + 1
                z.gt_sales += gt_sales
                z.gt_return += gt_ret
                gt_sales, gt_ret = z.gt_sales, z.gt_return
                events.append(_z_xml(z, reg_id, "999888777", "Demo Kaffebar AS", r * 10000 + d))
            out.write("".join(events))
            del events
            state = random.Random(seed * 1000 + r)  # the same receipts again, now written out
            nr = 1
            for d in range(days):
                day = start + dt.timedelta(days=d)
                for t in random_day(state, day, reg_id, per_reg, nr):
                    out.write(_txn_xml(t, "signed", reg_id))
                nr += per_reg
            out.write("</cashregister>")
        out.write(head[cut:])
    return path.stat().st_size


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--days", type=int, default=365)
    a = ap.parse_args()
    size = write_large(a.out, a.days)
    print(f"{a.out}: {size / 1e6:.1f} MB, {a.days} days")


def write_daily(folder: Path, days: int, registers: int = 10, receipts_per_day: int = 1000, seed: int = 1,
                start: dt.date = dt.date(2025, 1, 1), first: int = 0) -> list[Path]:
    """One export per night, as most POS systems write them: the same busy store as ``write_large``, each file
    holding one business day (days ``first`` .. ``days - 1``), with receipt numbers, Z numbers and grand totals
    running on across the files. Every file is complete and reconciles on its own and with its neighbours."""
    folder.mkdir(parents=True, exist_ok=True)
    per_reg = receipts_per_day // registers
    head_buf: list[str] = []

    class _Cap:
        def write(self, s):
            head_buf.append(s)

    reg_ids = [f"KJ-{r + 1:02d}" for r in range(registers)]
    rngs = [random.Random(seed * 1000 + r) for r in range(registers)]
    nrs = [1] * registers
    gts = [[0, 0] for _ in range(registers)]
    out = []
    for d in range(days):
        day = start + dt.timedelta(days=d)
        blocks = []
        for r, reg_id in enumerate(reg_ids):
            txns = random_day(rngs[r], day, reg_id, per_reg, nrs[r])
            nrs[r] += per_reg
            reg = Register(reg_id, txns, [dt.datetime.combine(day, dt.time(22, 30))])
            (z, _), = z_figures(reg)
            z.report_id = d + 1
            z.gt_sales += gts[r][0]
            z.gt_return += gts[r][1]
            gts[r] = [z.gt_sales, z.gt_return]
            if d < first:
                continue
            blocks.append(f"<cashregister><registerID>{reg_id}</registerID>"
                          + _z_xml(z, reg_id, "999888777", "Demo Kaffebar AS", r * 10000 + d)
                          + "".join(_txn_xml(t, "signed", reg_id) for t in txns) + "</cashregister>")
        if d < first:
            continue
        head_buf.clear()
        created = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(2, 0))
        write_saft(_Cap(), [Location("Storbutikken Karl Johan", [])], start=day, end=day, created=created)
        head = "".join(head_buf)
        cut = head.index("</location>")
        path = folder / f"SAF-T Cash Register_999888777_{created:%Y%m%d%H%M%S}_1_1.xml"
        with open(path, "w", encoding="utf-8", buffering=1 << 20) as fh:
            fh.write(head[:cut])
            fh.write("".join(blocks))
            fh.write(head[cut:])
        out.append(path)
    return out
