"""Property tests: random stores, days and receipts in both producer sign styles are written as SAF-T XML and
read back; every reconciliation identity holds and every voucher balances to the øre."""

import datetime as dt
import os
import tempfile
from decimal import Decimal as D
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerwizard.core.mapping import suggest
from ledgerwizard.core.saft.source import ExportSource
from ledgerwizard.core.voucher import build_voucher
from ledgerwizard_sandbox.saftgen import Line, Location, Register, make_txn, write_saft, z_figures

amounts = st.integers(min_value=1, max_value=500_000).map(lambda n: D(n) / 100)
lines = st.lists(st.builds(Line, st.sampled_from(["100", "200", "300", "400", "500"]),
                           st.sampled_from(["1", "2", "3", "6"]), amounts), min_size=1, max_size=4)
receipt = st.fixed_dictionaries({
    "lines": lines,
    "pay": st.sampled_from(["KONT", "BAX", "VISA", "VIPPS"]),
    "is_return": st.booleans(),
    "tips": st.sampled_from([D(0), D(0), D(10), D("25.50")]),
    "void": st.sampled_from([False, False, False, True]),
    "training": st.sampled_from([False, False, False, True]),
    "copy": st.booleans(),
})
day_spec = st.tuples(st.lists(receipt, max_size=8), st.sampled_from([dt.time(22, 30), dt.time(1, 45)]))
register_spec = st.lists(day_spec, min_size=1, max_size=3)
store_spec = st.lists(register_spec, min_size=1, max_size=2)  # registers of one store
stores_spec = st.lists(store_spec, min_size=1, max_size=2)


def _build(stores):
    locs = []
    start = dt.date(2026, 5, 4)
    for s, regs in enumerate(stores):
        loc = Location(f"Butikk {s + 1}")
        for r, days in enumerate(regs):
            reg = Register(f"S{s}-R{r}")
            nr = 1
            for i, (receipts, zt) in enumerate(days):
                day = start + dt.timedelta(days=i)
                for k, rc in enumerate(receipts):
                    when = dt.datetime.combine(day, dt.time(9)) + dt.timedelta(minutes=7 * k)
                    tips = rc["tips"] if rc["pay"] != "KONT" and not rc["is_return"] else D(0)
                    reg.transactions.append(make_txn(nr, when, rc["lines"], rc["pay"], is_return=rc["is_return"],
                                                     tips=tips, void=rc["void"], training=rc["training"],
                                                     copy=rc["copy"]))
                    nr += 1
                zday = day if zt >= dt.time(5) else day + dt.timedelta(days=1)
                reg.z_times.append(dt.datetime.combine(zday, zt))
            loc.registers.append(reg)
        locs.append(loc)
    return locs


@settings(max_examples=int(os.environ.get("LW_HYPOTHESIS_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores=stores_spec, style=st.sampled_from(["signed", "absolute"]))
def test_written_days_read_back_reconciled_and_balanced(stores, style):
    locs = _build(stores)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "gen.xml"
        with open(p, "w", encoding="utf-8") as f:
            write_saft(f, locs, style=style)
        os.utime(p, (1_600_000_000, 1_600_000_000))
        res = ExportSource(p).scan()
    assert not res.problems
    days = {(s.store, s.business_day): s for s in res.summaries()}
    expected_total = {}
    for loc in locs:
        for reg in loc.registers:
            for z, _ in z_figures(reg):
                bd = z.when.date() if z.when.time() >= dt.time(5) else z.when.date() - dt.timedelta(days=1)
                expected_total[(loc.name, bd)] = expected_total.get((loc.name, bd), D(0)) + z.total
    assert set(days) == set(expected_total)
    for key, s in days.items():
        rec = s.reconciliation
        assert rec.ok, [c.describe().en for c in rec.differences]
        a = s.combined
        assert a.total_in == expected_total[key]
        assert a.residual() == 0
        m = suggest(s.master, a.vat, a.groups, a.payments)
        for style_ in ("gross", "net"):
            v = build_voucher(s, m, style=style_)
            assert v.balanced and v.total_debit == v.total_credit
            assert all(ln.account for ln in v.lines)
            if style_ == "net":
                assert sum((ln.amount for ln in v.lines if ln.kind == "vat"), D(0)) == -a.vat_total
            else:
                for diff in v.vat_differences:  # the ledger's VAT can differ only by rounding per line
                    assert abs(diff.difference) <= D("0.01") * max(1, len(v.lines))
