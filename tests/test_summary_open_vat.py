"""Issue 10 §2 (the reader's side): receipts after a register's last Z are listed as open per store and day, never
silently left out; a Z report's VAT line with a code the file does not declare is matched by rate; VAT rounding
per line is not a reconciliation difference."""

import datetime as dt
import os
from decimal import Decimal as D

from saft_helpers import Line, Location, Register, make_txn, simple_location, write

from ledgerwizard.core.mapping import suggest
from ledgerwizard.core.saft.source import ExportSource
from ledgerwizard.core.voucher import build_voucher

DAY = dt.date(2026, 3, 2)


def _patch(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    os.utime(path, (1_600_000_000, 1_600_000_000))


# --- open receipts --------------------------------------------------------------------------------------------

def test_receipts_after_the_last_z_of_a_day_are_open_on_that_store_day(tmp_path):
    loc = simple_location()  # register K1: three receipts and a Z at 22:00
    late = [make_txn(10, dt.datetime(2026, 3, 2, 22, 30), [Line("300", "3", D("89.00"))], "BAX"),
            make_txn(11, dt.datetime(2026, 3, 2, 23, 10), [Line("100", "2", D("11.00"))], "KONT")]
    loc.registers[0].transactions.extend(late)
    k2 = Register("K2", [make_txn(1, dt.datetime(2026, 3, 2, 15), [Line("100", "2", D("40.00"))], "BAX")], [])
    k2.z_times.append(dt.datetime(2026, 3, 1, 22))  # K2's last Z was the day before: all of today is open
    loc.registers.append(k2)
    res = ExportSource(write(tmp_path / "open.xml", [loc])).scan()
    (day,) = [d for d in res.summaries() if d.business_day == DAY]
    assert day.open is not None
    assert (day.open.count, day.open.amount, day.open.registers) == (3, D("140.00"), ["K1", "K2"])
    (listed,) = res.open_days()
    assert (listed.store, listed.business_day, listed.count, listed.amount) == ("Butikk", DAY, 3, D("140.00"))
    doc = day.to_dict()["open"]
    assert doc["count"] == 3 and doc["amount"] == "140.00" and doc["registers"] == ["K1", "K2"]
    assert "neste Z-rapport" in day.open.describe().nb and "next Z report" in day.open.describe().en
    # the closed part of the day is unchanged and reconciles
    assert day.reconciliation.ok and day.combined.total_in == D("102.80") + D("59.90") + D("47.30") - D("16.40")


def test_open_receipts_of_a_day_without_any_z_yet_are_listed_too(tmp_path):
    loc = simple_location()
    loc.registers[0].transactions.append(make_txn(50, dt.datetime(2026, 3, 3, 10), [Line("100", "2", D("30.00"))], "BAX"))
    res = ExportSource(write(tmp_path / "open.xml", [loc])).scan()
    assert [d.business_day for d in res.summaries()] == [DAY]
    (o,) = res.open_days()
    assert (o.business_day, o.count, o.amount) == (dt.date(2026, 3, 3), 1, D("30.00"))
    # with a store mapping that does not know the location, nothing is listed (not ours) ...
    assert res.open_days(lambda w: None) == []
    # ... and one that does names the store
    assert res.open_days(lambda w: "s1")[0].store == "s1"


# --- Z VAT line with an undeclared code -----------------------------------------------------------------------

def test_a_z_vat_code_the_file_does_not_declare_is_matched_by_rate(tmp_path):
    p = write(tmp_path / "rate.xml", [simple_location()])
    _patch(p, "<reportCashSaleVat><vatCode>3</vatCode>", "<reportCashSaleVat><vatCode>Høy sats</vatCode>")
    (s,) = ExportSource(p).scan().summaries()
    assert s.reconciliation.ok, [c.describe().en for c in s.reconciliation.differences]
    assert not s.reconciliation.warnings


def test_a_z_vat_line_without_any_code_is_matched_by_rate(tmp_path):
    p = write(tmp_path / "nocode.xml", [simple_location()])
    _patch(p, "<reportCashSaleVat><vatCode>2</vatCode>", "<reportCashSaleVat>")
    (s,) = ExportSource(p).scan().summaries()
    assert s.reconciliation.ok, [c.describe().en for c in s.reconciliation.differences]


def test_an_ambiguous_undeclared_z_vat_code_is_said_once_plainly(tmp_path):
    # two POS codes with the same 25 % rate in the receipts: "3" and "7"
    loc = simple_location()
    p = write(tmp_path / "amb.xml", [loc])
    _patch(p, "<lineAmntIn>47.30</lineAmntIn><lineAmntEx>37.84</lineAmntEx><amntTp>C</amntTp><vat><vatCode>3</vatCode>",
           "<lineAmntIn>47.30</lineAmntIn><lineAmntEx>37.84</lineAmntEx><amntTp>C</amntTp><vat><vatCode>7</vatCode>")
    _patch(p, "<vat><vatCode>3</vatCode><vatPerc>25.00</vatPerc><vatAmnt>9.46</vatAmnt>",
           "<vat><vatCode>7</vatCode><vatPerc>25.00</vatPerc><vatAmnt>9.46</vatAmnt>")
    _patch(p, "<reportCashSaleVat><vatCode>3</vatCode>", "<reportCashSaleVat><vatCode>25%</vatCode>")
    (s,) = ExportSource(p).scan().summaries()
    rec = s.reconciliation
    assert not rec.ok  # cannot be matched: the per-code checks stay differences
    (w,) = [w for w in rec.warnings if "25%" in w.en]
    assert "3" in w.en and "7" in w.en and "ikke er deklarert" in w.nb


# --- VAT rounding per line ------------------------------------------------------------------------------------

def _rounding_file(tmp_path, z_base, z_vat, name="round.xml"):
    reg = Register("K1", [make_txn(1, dt.datetime(2026, 3, 2, 12), [Line("100", "2", D("10.00"))] * 3, "BAX")],
                   [dt.datetime(2026, 3, 2, 22)])
    p = write(tmp_path / name, [Location("Butikk", [reg])])
    # receipts carry VAT per line (3 × 1.30); the POS's Z rounds the day's 15 % VAT once (30.00 × 15/115 = 3.91)
    _patch(p, "<cashSaleAmnt>26.10</cashSaleAmnt><vatAmnt>3.90</vatAmnt>",
           f"<cashSaleAmnt>{z_base}</cashSaleAmnt><vatAmnt>{z_vat}</vatAmnt>")
    (s,) = ExportSource(p).scan().summaries()
    return s


def test_vat_rounding_per_line_is_not_a_reconciliation_difference(tmp_path):
    s = _rounding_file(tmp_path, "26.09", "3.91")
    rec = s.reconciliation
    assert rec.ok, [c.describe().en for c in rec.differences]
    assert {(c.check, c.difference) for c in rec.rounding} == {("vat", D("-0.01")), ("vat_base", D("0.01"))}
    doc = s.to_dict()["reconciliation"]
    assert doc["ok"] is True and {r["check"] for r in doc["rounding"]} == {"vat", "vat_base"}
    a = s.combined
    v = build_voucher(s, suggest(s.master, a.vat, a.groups, a.payments), style="net")
    assert v.balanced  # the voucher keeps the receipts' VAT


def test_a_vat_split_beyond_rounding_is_still_a_difference(tmp_path):
    s = _rounding_file(tmp_path, "25.10", "4.90", "split.xml")  # the same gross, VAT off by 1.00
    assert not s.reconciliation.ok
    assert {c.check for c in s.reconciliation.differences} == {"vat", "vat_base"}


def test_a_gross_difference_is_never_called_rounding(tmp_path):
    s = _rounding_file(tmp_path, "26.10", "3.91", "gross.xml")  # base + VAT is 30.01, not 30.00
    assert not s.reconciliation.ok and not s.reconciliation.rounding


def test_the_ledgers_own_vat_rounding_leaves_reconciliation_ok(example_2021):
    (s,) = ExportSource([example_2021], settle_seconds=0).scan().summaries()
    a = s.combined
    gross = build_voucher(s, suggest(s.master, a.vat, a.groups, a.payments), style="gross")
    assert any(d.difference for d in gross.vat_differences)  # 13.41 against the POS's 13.42
    assert s.reconciliation.ok and not s.reconciliation.rounding


def test_open_receipts_closed_by_a_newer_export_are_not_listed_and_the_newer_ones_are(tmp_path):
    d = tmp_path / "exp"
    d.mkdir()
    loc = simple_location(days=((dt.date(2026, 3, 2), dt.time(22)), (dt.date(2026, 3, 3), dt.time(22))))
    reg = loc.registers[0]
    reg.transactions.append(make_txn(20, dt.datetime(2026, 3, 3, 22, 30), [Line("300", "3", D("89.00"))], "BAX"))
    # the older export was taken at noon of day 2: its day-2 receipts so far are open there
    noon = dt.datetime(2026, 3, 3, 12, 30)
    write(d / "older.xml", [loc], include_txn=lambda t: t.when <= noon, include_z=lambda z: z.when <= noon,
          created=noon)
    write(d / "newer.xml", [loc], created=dt.datetime(2026, 3, 3, 23))
    res = ExportSource(d).scan()
    (o,) = res.open_days()
    assert (o.business_day, o.count, o.amount) == (dt.date(2026, 3, 3), 1, D("89.00"))
    days = {s.business_day: s for s in res.summaries()}
    assert days[dt.date(2026, 3, 3)].open == o
    assert all(s.reconciliation.ok for s in days.values())
