"""Skatteetaten's example files: the 2021 one reproduces every Z figure; the known-bad 2016 one fails clearly."""

from decimal import Decimal as D

from ledgerwizard.core.mapping import suggest
from ledgerwizard.core.saft.source import ExportSource
from ledgerwizard.core.voucher import build_voucher


def _day(path):
    res = ExportSource([path], settle_seconds=0).scan()
    assert not res.problems
    days = res.summaries()
    assert len(days) == 1
    return days[0]


def test_2021_example_reproduces_every_z_figure(example_2021):
    d = _day(example_2021)
    z = d.zreports[0]
    a = d.combined
    assert (d.store, str(d.business_day), d.company_ident) == ("Location A: Shop Frogner", "2020-01-01", "999999999")
    assert a.total_in == z.total == D("514.20")
    assert dict(a.payments) == z.payments == {"CASH": D("295.00"), "DEBCARD": D("218.80")}
    vat = {k.code: (k.rate, b, v) for k, (b, v) in a.vat.items()}
    assert vat == {"2": (D("15.00"), D("89.38"), D("13.42")), "3": (D("25.00"), D("329.12"), D("82.28"))}
    assert d.master.standard_vat("2") == "31" and d.master.standard_vat("3") == "3"
    assert (a.returns_num, a.returns_amt) == (1, D("16.40")) == (z.returns_num, z.returns_amt)
    assert a.rounding == D("-0.40")
    assert dict(a.group_gross) == z.groups == {"100": D("102.80"), "200": D("232.00"), "300": D("179.40")}
    assert a.copy_num == 1  # the copy receipt is a counter, not a second sale
    assert d.reconciliation.ok and d.reconciliation.n_checks >= 15
    assert d.basis == "transactions"


def test_2021_example_voucher_balances_in_both_styles(example_2021):
    d = _day(example_2021)
    a = d.combined
    m = suggest(d.master, a.vat, a.groups, a.payments)
    net = build_voucher(d, m, style="net", department="1")
    lines = {(ln.account, ln.kind): ln.amount for ln in net.lines}
    assert lines == {
        ("1900", "payment"): D("295.00"), ("1579", "payment"): D("218.80"), ("7740", "rounding"): D("0.40"),
        ("3030", "revenue"): D("-89.38"), ("2701", "vat"): D("-13.42"),
        ("3000", "revenue"): D("-329.12"), ("2700", "vat"): D("-82.28"),
    }
    assert net.balanced and net.total_debit == net.total_credit == D("514.20")
    gross = build_voucher(d, m, style="gross")
    rev = {ln.account: (ln.amount, ln.vat_code) for ln in gross.lines if ln.kind == "revenue"}
    assert rev == {"3030": (D("-102.80"), "31"), "3000": (D("-411.40"), "3")}
    assert gross.balanced
    # the ledger computes 102.80 × 15/115 = 13.41: one øre less than the POS (reference §5.4)
    diffs = {d_.key.code: d_.difference for d_ in gross.vat_differences}
    assert diffs == {"2": D("-0.01"), "3": D("0.00")}
    assert any("13,41" in n.nb for n in gross.notes)


def test_2016_example_fails_reconciliation_with_the_differences_listed(example_2016):
    d = _day(example_2016)  # BOM, n1: prefix, wrong VAT maths: must be read, not crash
    rec = d.reconciliation
    assert not rec.ok
    found = {(c.check, c.key): c.difference for c in rec.differences}
    assert found[("z_vat_sum", "")] == D("120.73")  # cashSaleAmnt includes VAT in that file
    assert found[("payments_vs_total", "")] == D("3703.68")  # 3 × placeholder rounding 1234.56
    assert ("vat_base", "2 (15 %)") in found and ("vat_base", "3 (25 %)") in found
    texts = [c.describe().nb for c in rec.differences]
    assert any("forventet" in t and "avvik" in t for t in texts)


def test_2016_example_refuses_to_build_a_voucher(example_2016):
    import pytest

    from ledgerwizard.core.errors import UnbalancedDataError

    d = _day(example_2016)
    a = d.combined
    m = suggest(d.master, a.vat, a.groups, a.payments)
    with pytest.raises(UnbalancedDataError) as e:
        build_voucher(d, m)
    assert "går ikke opp" in e.value.render("nb") and "do not add up" in e.value.render("en")
    assert "Nothing was sent" in e.value.render("en")


def test_the_example_files_read_without_warnings(example_2021, example_2016):
    for path in (example_2021, example_2016):
        res = ExportSource([path], settle_seconds=0).scan()
        assert res.warnings == [] and res.open_days() == []
