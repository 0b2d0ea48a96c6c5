"""Small builders for test exports (on top of the product's own generator)."""

import datetime as dt
import os
from decimal import Decimal as D

from ledgerwizard_sandbox.saftgen import Line, Location, Register, demo_locations, make_txn, write_saft, z_figures

OLD = 1_600_000_000  # an mtime long ago: the file is complete


def write(path, locations, **kw):
    with open(path, "w", encoding="utf-8") as f:
        write_saft(f, locations, **kw)
    os.utime(path, (OLD, OLD))
    return path


def truth(locations):
    """What the generator itself says each (store, business day) is: total, payments, tips."""
    out = {}
    for loc in locations:
        for reg in loc.registers:
            for z, _ in z_figures(reg):
                day = z.when.date() if z.when.time() >= dt.time(5) else z.when.date() - dt.timedelta(days=1)
                t = out.setdefault((loc.name, day), {"total": D(0), "payments": {}, "tips": D(0)})
                t["total"] += z.total
                t["tips"] += z.tips
                for p, a in z.payments.items():
                    t["payments"][p] = t["payments"].get(p, D(0)) + a
    return out


def simple_location(name="Butikk", reg_id="K1", days=((dt.date(2026, 3, 2), dt.time(22, 0)),), receipts=None):
    """One register; for each (day, z_time) two sales, a return and a tip; Z at z_time (may be after midnight)."""
    reg = Register(reg_id)
    nr = 1
    for day, zt in days:
        base = dt.datetime.combine(day, dt.time(12))
        txns = receipts(day, nr) if receipts else [
            make_txn(nr, base, [Line("100", "2", D("102.80")), Line("300", "3", D("59.90"))], "BAX", tips=D("20")),
            make_txn(nr + 1, base + dt.timedelta(hours=1), [Line("400", "3", D("47.30"))], "KONT"),
            make_txn(nr + 2, base + dt.timedelta(hours=2), [Line("100", "2", D("16.40"))], "BAX", is_return=True),
        ]
        nr += len(txns)
        reg.transactions.extend(txns)
        zday = day if zt >= dt.time(5) else day + dt.timedelta(days=1)
        reg.z_times.append(dt.datetime.combine(zday, zt))
    return Location(name, [reg])


__all__ = ["write", "truth", "simple_location", "demo_locations", "Line", "Location", "Register", "make_txn"]
