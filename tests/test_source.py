"""A source folder: many files, overlapping exports, partial and half-written files, business-day cut-off."""

import datetime as dt
import os
import shutil
import time
from decimal import Decimal as D
from pathlib import Path
from types import SimpleNamespace

from saft_helpers import Line, Location, Register, demo_locations, make_txn, simple_location, truth, write

from ledgerwizard.core.mapping import suggest
from ledgerwizard.core.saft.reader import ReadOptions
from ledgerwizard.core.saft.source import ExportSource
from ledgerwizard.core.voucher import build_voucher

START = dt.date(2026, 3, 1)


def _by_day(res):
    return {(d.store, d.business_day): d for d in res.summaries()}


def test_overlapping_weekly_exports_count_every_day_once(tmp_path):
    locs = demo_locations(START, 10)
    d = tmp_path / "exp"
    d.mkdir()
    for first in range(0, 4):  # a POS that exports the last 7 days every night
        days = {START + dt.timedelta(days=first + i) for i in range(7)}
        write(d / f"export_{first}.xml", locs, include_txn=lambda t, days=days: t.when.date() in days,
              include_z=lambda z, days=days: z.when.date() in days, created=dt.datetime(2026, 3, 8 + first))
    shutil.copy(d / "export_0.xml", d / "export_0 (copy).xml")  # a re-export of the same content
    os.utime(d / "export_0 (copy).xml", (1_600_000_000, 1_600_000_000))
    res = ExportSource(d).scan()
    assert not res.problems
    got = _by_day(res)
    want = truth(locs)
    assert set(got) == set(want) and len(got) == 2 * 10
    for key, t in want.items():
        s = got[key]
        assert s.reconciliation.ok, key
        assert s.combined.total_in == t["total"], key
        assert {k: v for k, v in s.combined.payments.items() if v} == {k: v for k, v in t["payments"].items() if v}


def test_a_partial_export_of_a_day_never_replaces_the_complete_one(tmp_path):
    locs = demo_locations(START, 2)
    d = tmp_path / "exp"
    d.mkdir()
    write(d / "full.xml", locs, created=dt.datetime(2026, 3, 3, 1))
    noon = dt.datetime.combine(START, dt.time(12))
    # a newer file whose selection starts at noon of day 1 but still carries day 1's Z report
    write(d / "late.xml", locs, include_txn=lambda t: t.when >= noon, created=dt.datetime(2026, 3, 4, 1))
    got = _by_day(ExportSource(d).scan())
    want = truth(locs)
    for key, t in want.items():
        assert got[key].reconciliation.ok
        assert got[key].combined.total_in == t["total"]


def test_file_still_being_written_is_skipped_until_complete(tmp_path, example_2021):
    d = tmp_path / "exp"
    d.mkdir()
    data = example_2021.read_bytes()
    p = d / "growing.xml"
    p.write_bytes(data[:5000])  # just written: mtime is now
    clock = [time.time()]
    src = ExportSource(d, settle_seconds=5, clock=lambda: clock[0])
    res = src.scan()
    assert res.files == [] and res.problems and res.problems[0].waiting
    clock[0] += 30  # settled, but still not well-formed: recent, so it is waited for, not an error
    res = src.scan()
    assert res.problems[0].waiting and "complete" in res.problems[0].render("en")
    p.write_bytes(data)  # the POS finishes writing
    os.utime(p, (clock[0] - 60, clock[0] - 60))
    assert src.scan().problems[0].waiting  # its size changed since the last look: one more round
    res = src.scan()
    assert not res.problems and len(res.summaries()) == 1


def test_size_changing_between_scans_means_still_written(tmp_path, example_2021):
    d = tmp_path / "exp"
    d.mkdir()
    p = d / "a.xml"
    p.write_bytes(example_2021.read_bytes())
    os.utime(p, (1_600_000_000, 1_600_000_000))
    src = ExportSource(d)
    assert src.scan().files
    with open(p, "ab") as f:
        f.write(b"\n")
    os.utime(p, (1_600_000_000, 1_600_000_000))
    res = src.scan()
    assert res.problems and res.problems[0].waiting


def test_an_old_broken_file_is_reported_and_the_others_still_read(tmp_path, example_2021):
    d = tmp_path / "exp"
    d.mkdir()
    shutil.copy(example_2021, d / "good.xml")
    (d / "broken.xml").write_bytes(example_2021.read_bytes()[:3000])
    for f in d.iterdir():
        os.utime(f, (1_600_000_000, 1_600_000_000))
    res = ExportSource(d).scan()
    assert len(res.summaries()) == 1
    (bad,) = res.problems
    assert not bad.waiting and "broken.xml" in bad.render("en")


def test_z_after_midnight_belongs_to_the_previous_business_day(tmp_path):
    loc = simple_location(days=((dt.date(2026, 3, 6), dt.time(1, 30)), (dt.date(2026, 3, 7), dt.time(2, 10))))
    # a late receipt at 00:40 after the first day, before its Z at 01:30
    loc.registers[0].transactions.append(
        make_txn(100, dt.datetime(2026, 3, 7, 0, 40), [Line("300", "3", D("89.00"))], "VIPPS"))
    p = write(tmp_path / "bar.xml", [loc])
    days = {d.business_day: d for d in ExportSource(p).scan().summaries()}
    assert set(days) == {dt.date(2026, 3, 6), dt.date(2026, 3, 7)}
    assert days[dt.date(2026, 3, 6)].combined.payments["VIPPS"] == D("89.00")
    assert all(d.reconciliation.ok for d in days.values())
    # with the cut-off at midnight the Z at 01:30 is its own calendar day
    days0 = {d.business_day for d in ExportSource(p, ReadOptions(cutoff=dt.time(0, 0))).scan().summaries()}
    assert days0 == {dt.date(2026, 3, 7), dt.date(2026, 3, 8)}


def test_transactions_after_the_last_z_are_open_and_never_posted(tmp_path):
    loc = simple_location()
    loc.registers[0].transactions.append(
        make_txn(50, dt.datetime(2026, 3, 3, 10), [Line("100", "2", D("30.00"))], "BAX"))
    res = ExportSource(write(tmp_path / "open.xml", [loc])).scan()
    (day,) = res.summaries()
    assert day.business_day == dt.date(2026, 3, 2)
    (w,) = res.open_windows
    assert w.business_day == dt.date(2026, 3, 3) and w.n_trans == 1


def test_a_z_only_export_is_posted_from_the_z_figures(tmp_path):
    locs = demo_locations(START, 1)
    p = write(tmp_path / "zonly.xml", locs, include_txn=lambda t: False)
    res = ExportSource(p).scan()
    want = truth(locs)
    for s in res.summaries():
        assert s.basis == "z_reports" and s.reconciliation.ok
        assert s.combined.total_in == want[(s.store, s.business_day)]["total"]
        a = s.combined
        m = suggest(s.master, a.vat, a.groups, a.payments)
        v = build_voucher(s, m, style="net")
        assert v.balanced and v.total_debit > 0
        # rounding is not in a Z report: derived from payments − total − tips
        assert a.rounding == a.payments_total - a.total_in - a.tips


def test_transactions_without_any_z_are_summarised_with_a_warning(tmp_path):
    loc = simple_location()
    loc.registers[0].z_times.clear()
    (s,) = ExportSource(write(tmp_path / "noz.xml", [loc])).scan().summaries()
    assert not s.has_z and s.reconciliation.ok
    assert any("ingen Z-rapport" in w.nb and "no Z report" in w.en for w in s.reconciliation.warnings)


def test_duplicates_voids_and_training_are_not_counted(tmp_path):
    loc = simple_location()
    reg = loc.registers[0]
    sale = reg.transactions[0]
    dup = make_txn(sale.nr, sale.when, sale.lines, "BAX", tips=sale.tips)  # the same nr written twice
    reg.transactions.append(dup)
    reg.transactions.append(make_txn(90, sale.when, [Line("100", "2", D("500"))], "BAX", void=True))
    reg.transactions.append(make_txn(91, sale.when, [Line("100", "2", D("700"))], "BAX", training=True))
    # the Z must not include the duplicate: compute it without, then write with
    clean = Location(loc.name, [Register(reg.register_id, [t for t in reg.transactions if t is not dup], reg.z_times)])
    p = write(tmp_path / "dup.xml", [clean])
    text = p.read_text()
    first = text.index("<cashtransaction>")
    end = text.index("</cashtransaction>") + len("</cashtransaction>")
    p.write_text(text[:end] + text[first:end] + text[end:])  # the POS wrote receipt 1 twice
    os.utime(p, (1_600_000_000, 1_600_000_000))
    res = ExportSource(p).scan()
    (s,) = res.summaries()
    assert s.reconciliation.ok
    assert dict(s.excluded.counts) == {"void": 1, "training": 1}
    assert any("samme nr" in w for w in res.warnings)


def test_two_registers_of_one_location_make_one_store_day(tmp_path):
    a = simple_location(reg_id="K1")
    b = simple_location(reg_id="K2")
    loc = Location("Butikk", a.registers + b.registers)
    (s,) = ExportSource(write(tmp_path / "two.xml", [loc])).scan().summaries()
    assert s.registers == ["K1", "K2"] and len(s.zreports) == 2
    assert s.combined.total_in == 2 * (D("102.80") + D("59.90") + D("47.30") - D("16.40"))


# --- one register id in two locations (two stores' own POS both call their register "1") ----------------------

_DAYS3 = [(dt.date(2026, 3, d), dt.time(22, 0)) for d in (2, 3, 4)]


def _other_store(name, reg_id="1", days=_DAYS3):
    """A store whose own POS also calls its register "1" and numbers its Z reports the same way, with other sales."""
    return simple_location(name=name, reg_id=reg_id, days=days, receipts=lambda day, nr: [
        make_txn(nr, dt.datetime.combine(day, dt.time(13)), [Line("300", "3", D("49.00"))], "KONT"),
        make_txn(nr + 1, dt.datetime.combine(day, dt.time(14)), [Line("100", "2", D("12.50"))], "BAX")])


def _totals(res):
    return {(d.store, d.business_day.day): d.combined.total_in for d in res.summaries()}


def test_two_stores_whose_registers_share_an_id_each_get_their_own_days(tmp_path):
    """Overlapping exports are merged on company, register and Z report: two stores of one company whose own POS
    both call their register "1" (and number their Z reports alike) must not have one store's day taken for the
    other's re-export and dropped. Each store gets its days, each reconciles with its own Z reports (the grand
    total runs on per store, not across the two)."""
    a = simple_location(name="Grünerløkka", reg_id="1", days=_DAYS3)
    b = _other_store("Majorstuen")
    folder = tmp_path / "two-pos"
    folder.mkdir()
    write(folder / "grunerlokka.xml", [a])
    write(folder / "majorstuen.xml", [b])
    res = ExportSource(folder, settle_seconds=0).scan()
    assert not res.problems
    days = res.summaries()
    assert sorted((d.store, d.business_day.day) for d in days) == sorted(
        (s, n) for s in ("Grünerløkka", "Majorstuen") for n in (2, 3, 4))
    assert all(d.reconciliation.ok for d in days), [c.describe().en for d in days for c in d.reconciliation.differences]
    want = {**{("Grünerløkka", n): D("102.80") + D("59.90") + D("47.30") - D("16.40") for n in (2, 3, 4)},
            **{("Majorstuen", n): D("61.50") for n in (2, 3, 4)}}
    assert _totals(res) == want
    # the same two stores in one export of the company: the same
    res = ExportSource(write(tmp_path / "company.xml", [a, b]), settle_seconds=0).scan()
    assert _totals(res) == want and all(d.reconciliation.ok for d in res.summaries())
    # and with identical sales (two stores can sell alike): one file never holds a renamed copy of itself
    twin = simple_location(name="Storo", reg_id="1", days=_DAYS3)
    res = ExportSource(write(tmp_path / "twins.xml", [a, twin]), settle_seconds=0).scan()
    assert sorted(_totals(res)) == sorted((s, n) for s in ("Grünerløkka", "Storo") for n in (2, 3, 4))


def test_two_stores_without_z_reports_sharing_a_register_id_in_one_export_keep_both_days(tmp_path):
    """One file with the id under two locations is the evidence of two registers (without Z reports, copies in
    different files cannot tell a second store from a renamed location's partial re-export)."""
    both = [simple_location(name="Grünerløkka", reg_id="1", days=_DAYS3), _other_store("Majorstuen")]
    res = ExportSource(write(tmp_path / "company.xml", both, include_z=lambda z: False), settle_seconds=0).scan()
    assert sorted(_totals(res)) == sorted((s, n) for s in ("Grünerløkka", "Majorstuen") for n in (2, 3, 4))


_DAYS4 = [(dt.date(2026, 3, d), dt.time(22, 0)) for d in (2, 3, 4, 5)]
_DAY_TOTAL = D("102.80") + D("59.90") + D("47.30") - D("16.40")


def _per_day(res, stores=None):
    from ledgerwizard.core.stores import store_of

    out = {}
    for d in res.summaries((lambda w: store_of(stores, w)) if stores is not None else None):
        out[d.business_day.day] = out.get(d.business_day.day, D(0)) + d.combined.total_in
    return out


def _renamed(tmp_path, old_name, new_name, *, old_z=True, new_z=True, old_xml_edit=None):
    """Days 2–3 exported under the old name, days 3–5 under the new one (day 3 in both)."""
    old = simple_location(name=old_name, reg_id="1", days=_DAYS4)
    new = Location(new_name, old.registers)
    folder = tmp_path / "renamed"
    folder.mkdir(parents=True)
    p = write(folder / "old.xml", [old], include_txn=lambda t: t.when.day <= 3,
              include_z=(lambda z: z.when.day <= 3) if old_z else (lambda z: False), created=dt.datetime(2026, 3, 4, 1))
    if old_xml_edit:
        p.write_text(old_xml_edit(p.read_text(encoding="utf-8")), encoding="utf-8")
        os.utime(p, (1_600_000_000, 1_600_000_000))
    write(folder / "new.xml", [new], include_txn=lambda t: t.when.day >= 3,
          include_z=(lambda z: z.when.day >= 3) if new_z else (lambda z: False), created=dt.datetime(2026, 3, 6, 1))
    res = ExportSource(folder, settle_seconds=0).scan()
    assert not res.problems
    return res


def test_a_renamed_location_counts_a_re_exported_day_once_with_or_without_z_reports(tmp_path):
    """(From review.) Without Z reports, with a Z-less old copy of a day the new name closed, with a re-export whose
    Z report lacks the grand totals, and for a store by register list whose POS starts naming its location."""
    import re

    want = {d: _DAY_TOTAL for d in (2, 3, 4, 5)}
    assert _per_day(_renamed(tmp_path / "a", "Frogner", "Frogner Torg", old_z=False, new_z=False)) == want
    assert _per_day(_renamed(tmp_path / "b", "Frogner", "Frogner Torg", old_z=False)) == want
    strip_gt = lambda xml: re.sub(r"<reportGrandTotal\w*>[^<]*</reportGrandTotal\w*>", "", xml)  # noqa: E731
    assert _per_day(_renamed(tmp_path / "c", "Frogner", "Frogner Torg", old_xml_edit=strip_gt)) == want
    store = SimpleNamespace(id="s1", location="", registers=["1"])
    assert _per_day(_renamed(tmp_path / "d", "", "Butikk", old_z=False, new_z=False), [store]) == want


def test_a_register_lent_to_another_store_for_a_day_keeps_its_grand_total_chain(tmp_path):
    """(From review.) Days 2 and 4 at Storgata, day 3 at Torget: Storgata's day 4 follows Torget's day 3."""
    loc = simple_location(name="Storgata", reg_id="9", days=_DAYS4[:3])
    reg = loc.registers[0]
    folder = tmp_path / "lent"
    folder.mkdir()
    write(folder / "storgata.xml", [loc], include_txn=lambda t: t.when.day != 3, include_z=lambda z: z.when.day != 3)
    write(folder / "torget.xml", [Location("Torget", [reg])], include_txn=lambda t: t.when.day == 3,
          include_z=lambda z: z.when.day == 3)
    days = ExportSource(folder, settle_seconds=0).scan().summaries()
    assert [(d.store, d.business_day.day, c.check) for d in days for c in d.reconciliation.differences] == []


def test_a_location_renamed_in_the_pos_still_counts_a_re_exported_day_once(tmp_path):
    """Older exports carry the old name; a re-export of a day under the new name carries the very same Z report:
    that day is one day, under the newest export's name."""
    days = [(dt.date(2026, 3, d), dt.time(22, 0)) for d in (2, 3, 4, 5)]
    old = simple_location(name="Frogner", reg_id="1", days=days)
    new = Location("Frogner Torg", old.registers)
    folder = tmp_path / "renamed"
    folder.mkdir()
    write(folder / "old.xml", [old], include_txn=lambda t: t.when.day <= 3, include_z=lambda z: z.when.day <= 3,
          created=dt.datetime(2026, 3, 4, 1))
    write(folder / "new.xml", [new], include_txn=lambda t: t.when.day >= 3, include_z=lambda z: z.when.day >= 3,
          created=dt.datetime(2026, 3, 6, 1))
    res = ExportSource(folder, settle_seconds=0).scan()
    assert not res.problems
    assert sorted(w.business_day.day for w in res.windows) == [2, 3, 4, 5]  # day 3 once
    assert sorted(_totals(res)) == [("Frogner", 2), ("Frogner Torg", 3), ("Frogner Torg", 4), ("Frogner Torg", 5)]
    assert all(d.reconciliation.ok for d in res.summaries())


def test_days_before_the_horizon_are_not_kept(tmp_path):
    locs = demo_locations(START, 5)
    p = write(tmp_path / "year.xml", locs)
    horizon = START + dt.timedelta(days=3)
    res = ExportSource(p, ReadOptions(since=horizon)).scan()
    assert {d.business_day for d in res.summaries()} == {horizon, horizon + dt.timedelta(days=1)}
    assert all(d.reconciliation.ok for d in res.summaries())


# --- zipped exports -----------------------------------------------------------------------------------------

def _zip(path, members, old=True):
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    if old:
        os.utime(path, (1_600_000_000, 1_600_000_000))
    return path


def test_a_zipped_export_reads_like_the_files_inside(tmp_path, example_2021):
    plain = tmp_path / "plain"
    plain.mkdir()
    locs = demo_locations(dt.date(2026, 4, 1), 3)
    write(plain / "week.xml", locs)
    shutil.copy(example_2021, plain / "ex.xml")
    os.utime(plain / "ex.xml", (1_600_000_000, 1_600_000_000))
    zipped = tmp_path / "zipped"
    zipped.mkdir()
    _zip(zipped / "export.zip", {"dir/week.xml": (plain / "week.xml").read_bytes(),
                                 "ex.XML": (plain / "ex.xml").read_bytes(), "readme.txt": b"not SAF-T"})
    a = ExportSource([plain], settle_seconds=0).scan()
    b = ExportSource([zipped], settle_seconds=0).scan()
    assert not a.problems and not b.problems
    figures = lambda res: {k: d.to_dict() for k, d in _by_day(res).items()}  # noqa: E731 - not where read from
    assert figures(a) == figures(b) and len(b.files) == 2 and len(figures(a)) == 7
    assert sorted(f.path for f in b.files) == [f"{zipped / 'export.zip'}!dir/week.xml", f"{zipped / 'export.zip'}!ex.XML"]
    # the same export both zipped and plain in one folder (a re-export): every day still counted once
    shutil.copy(zipped / "export.zip", plain / "export.zip")
    both = ExportSource([plain], settle_seconds=0).scan()
    assert figures(both) == figures(a)


def test_bad_zips_are_named_and_never_hide_the_good_files(tmp_path, example_2021):
    good = example_2021.read_bytes()
    d = tmp_path / "export"
    d.mkdir()
    _zip(d / "mixed.zip", {"good.xml": good, "broken.xml": good[: len(good) // 2]})
    _zip(d / "bomb.zip", {"big.xml": b"<" + b"0" * 50_000_000})  # packs to ~50 kB: a 1000:1 ratio
    _zip(d / "empty.zip", {"notes.txt": b"hello"})
    (d / "cut.zip").write_bytes((d / "mixed.zip").read_bytes()[:200])
    os.utime(d / "cut.zip", (1_600_000_000, 1_600_000_000))
    res = ExportSource([d], settle_seconds=0).scan()
    assert [Path(f.path).name for f in res.files] == ["mixed.zip!good.xml"]
    problems = {Path(p.path).name: p for p in res.problems}
    assert "not well-formed" in problems["mixed.zip!broken.xml"].render("en")
    assert problems["bomb.zip!big.xml"].error.code == "hostile_xml" and "zip" in problems["bomb.zip!big.xml"].render("en")
    assert "no SAF-T files" in problems["empty.zip"].render("en")
    assert "incomplete or damaged" in problems["cut.zip"].render("en") and not problems["cut.zip"].waiting
    # a zip still being copied (just written) waits instead of being reported as broken
    (d / "copying.zip").write_bytes((d / "mixed.zip").read_bytes()[:300])
    res2 = ExportSource([d], settle_seconds=0).scan()
    assert {p.path: p.waiting for p in res2.problems}[str(d / "copying.zip")] is True


# --- issue 12: one bad file never fails the folder; zip amplification; names shown safely ----------------------

def _flip_member_data(zip_path, member):
    """Corrupt the deflate stream of one member (the CRC then no longer matches and zlib itself complains)."""
    import zipfile

    with zipfile.ZipFile(zip_path) as zf:
        info = zf.getinfo(member)
    data = bytearray(zip_path.read_bytes())
    name_len, extra_len = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28], "little"), \
        int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    for i in range(start + 2, start + min(info.compress_size, 400), 7):
        data[i] ^= 0xFF
    zip_path.write_bytes(bytes(data))
    os.utime(zip_path, (1_600_000_000, 1_600_000_000))


def _set_method(zip_path, member, method):
    """Write an unknown compression method into both headers of one member."""
    import zipfile

    with zipfile.ZipFile(zip_path) as zf:
        info = zf.getinfo(member)
    data = bytearray(zip_path.read_bytes())
    data[info.header_offset + 8:info.header_offset + 10] = method.to_bytes(2, "little")
    cd = data.rfind(b"PK\x01\x02" + data[info.header_offset + 4:info.header_offset + 4])
    i = 0
    while True:
        i = data.find(b"PK\x01\x02", i)
        if i < 0:
            break
        off = int.from_bytes(data[i + 42:i + 46], "little")
        if off == info.header_offset:
            data[i + 10:i + 12] = method.to_bytes(2, "little")
        i += 4
    del cd
    zip_path.write_bytes(bytes(data))
    os.utime(zip_path, (1_600_000_000, 1_600_000_000))


def test_a_zip_member_with_damaged_data_or_an_unknown_method_is_named_and_the_rest_read(tmp_path, example_2021):
    d = tmp_path / "export"
    d.mkdir()
    good = example_2021.read_bytes()
    _zip(d / "crc.zip", {"a.xml": good, "b.xml": good})
    _flip_member_data(d / "crc.zip", "a.xml")
    _zip(d / "method.zip", {"c.xml": good, "d.xml": good})
    _set_method(d / "method.zip", "c.xml", 99)
    shutil.copy(example_2021, d / "plain.xml")
    os.utime(d / "plain.xml", (1_600_000_000, 1_600_000_000))
    res = ExportSource([d], settle_seconds=0).scan()
    assert sorted(Path(f.path).name for f in res.files) == ["crc.zip!b.xml", "method.zip!d.xml", "plain.xml"]
    problems = {Path(p.path).name: p.render("en") for p in res.problems}
    assert set(problems) == {"crc.zip!a.xml", "method.zip!c.xml"}
    assert "damaged" in problems["crc.zip!a.xml"]
    assert "compression" in problems["method.zip!c.xml"]
    assert len(res.summaries()) == 1


def _crafted_zip(path, members, raw, overlap):
    """An archive written byte by byte: ``members`` entries holding the same deflated ``raw``. With ``overlap``,
    every central-directory entry points at one local header (the classic overlapping-member bomb); without, each
    entry has its own copy (an honest archive, just an absurd one)."""
    import struct
    import zlib

    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = comp.compress(raw) + comp.flush()
    crc = zlib.crc32(raw)
    body, central = b"", b""
    for i in range(members):
        n = f"m{i}.xml".encode()
        if not overlap or i == 0:
            offset = len(body)
            body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), len(raw), len(n), 0) + n
            body += data
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), len(raw), len(n),
                               0, 0, 0, 0, 0, offset) + n
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, members, members, len(central), len(body), 0)
    path.write_bytes(body + central + end)
    os.utime(path, (1_600_000_000, 1_600_000_000))
    return path


def _overlapping_zip(path, members=400, size=30_000_000):
    return _crafted_zip(path, members, b"<" + b"0" * size, overlap=True)


def test_overlapping_zip_members_are_refused_quickly(tmp_path, example_2021):
    d = tmp_path / "export"
    d.mkdir()
    _overlapping_zip(d / "bomb.zip")
    shutil.copy(example_2021, d / "plain.xml")
    os.utime(d / "plain.xml", (1_600_000_000, 1_600_000_000))
    t0 = time.monotonic()
    res = ExportSource([d], settle_seconds=0).scan()
    assert time.monotonic() - t0 < 5
    assert [Path(f.path).name for f in res.files] == ["plain.xml"]
    (p,) = res.problems
    assert Path(p.path).name == "bomb.zip" and p.error.code == "hostile_xml" and "overlap" in p.render("en")


def test_a_zip_with_too_many_members_or_too_much_to_unpack_is_refused(tmp_path):
    d = tmp_path / "export"
    d.mkdir()
    _crafted_zip(d / "many.zip", 12_000, b"<a/>", overlap=False)
    # every member within the per-member ratio (200 kB from about 200 bytes), the archive far beyond any export
    # (1 GB from 1.3 MB)
    _crafted_zip(d / "big.zip", 5_000, b"<" + b" " * 200_000, overlap=False)
    t0 = time.monotonic()
    res = ExportSource([d], settle_seconds=0).scan()
    assert time.monotonic() - t0 < 10
    problems = {Path(p.path).name: p for p in res.problems}
    assert set(problems) == {"many.zip", "big.zip"}, problems
    assert "12000" in problems["many.zip"].render("en")
    assert problems["big.zip"].error.code == "hostile_xml" and "unpacks to" in problems["big.zip"].render("en")


def test_file_and_member_names_are_shown_with_control_characters_escaped(tmp_path, example_2021):
    d = tmp_path / "export"
    d.mkdir()
    evil = "x\n\u2713 Sent: voucher 999\x1b[2J\u202egpj.xml"
    (d / evil).write_bytes(example_2021.read_bytes()[:2000])
    text = example_2021.read_text(encoding="utf-8").replace(
        "<n1:transType>", "<n1:transType>").replace("<transType>CASHSAL</transType>", "<transType>ODD</transType>", 1)
    (d / ("warn\x1b]0;pwned\x07.xml")).write_text(text, encoding="utf-8")
    _zip(d / "z.zip", {"in\nner\x1b[31m.xml": example_2021.read_bytes()[:1500]})
    for f in d.iterdir():
        os.utime(f, (1_600_000_000, 1_600_000_000))
    res = ExportSource([d], settle_seconds=0).scan()
    shown = [p.render("en") for p in res.problems] + res.warnings
    assert len(res.problems) == 2 and res.warnings
    for s in shown:
        assert "\x1b" not in s and "\u202e" not in s and "\x07" not in s, s
        assert "\n" not in s.split(":", 1)[0], s  # the name part has no raw line break
    assert any("\\x1b" in s and "\\x0a" in s for s in shown)


def test_a_day_split_across_two_calendar_day_files_is_one_whole_day(tmp_path):
    """Found in review, reproduced here first: a POS exporting one file per calendar day (00:00–23:59) with a
    bar's Z at 02:00 (cut-off 05:00) puts the evening's receipts in one file and the after-midnight receipt with
    the Z in the next. The evening's receipts were dropped as "already in another file's Z window": the day showed
    50 kr against the Z's 350, could never reconcile, and only "send anyway" at 50 kr got it out. Receipts of
    another file that make a Z window reconcile exactly, before that Z and after the one before it, are that
    window's; anything less exact stays as it was (held, with its differences)."""
    day = dt.date(2026, 3, 1)
    k1 = Register("K1", [make_txn(1, dt.datetime(2026, 3, 1, 20), [Line("300", "3", D("100.00"))], "BAX"),
                         make_txn(2, dt.datetime(2026, 3, 1, 23, 30), [Line("300", "3", D("200.00"))], "BAX"),
                         make_txn(3, dt.datetime(2026, 3, 2, 0, 30), [Line("300", "3", D("50.00"))], "BAX"),
                         make_txn(4, dt.datetime(2026, 3, 2, 20), [Line("300", "3", D("400.00"))], "BAX")],
                  [dt.datetime(2026, 3, 2, 2)])
    for d in (day, day + dt.timedelta(days=1)):
        write(tmp_path / f"{d:%Y%m%d}.xml", [Location("Bar", [k1])], created=dt.datetime.combine(d, dt.time(23, 59)),
              include_txn=lambda t, d=d: t.when.date() == d, include_z=lambda z, d=d: z.when.date() == d)
    res = ExportSource([str(tmp_path)], settle_seconds=0).scan()
    (s,) = [s for s in res.summaries() if s.business_day == day]
    assert s.combined.total_in == D("350.00") and s.reconciliation.ok and s.has_z
    assert s.combined.n_trans == 3
    # the 20:00 sale of 2 March is after the Z: open, in no day
    assert [(o.business_day, o.amount) for o in res.open_days()] == [(day + dt.timedelta(days=1), D("400.00"))]


def test_a_voided_receipt_after_the_z_or_an_export_time_with_a_zone_never_keeps_a_day_waiting(tmp_path):
    """From review of the waiting rule: a voided or training receipt after the register's Z counts for nothing,
    so it keeps no day waiting; an export's creation time written with a zone (or a date without a time) is still
    evidence of when it was made (turned into Norwegian time; a bare date as its first moment)."""
    import dataclasses

    sale = make_txn(1, dt.datetime(2026, 3, 2, 12), [Line("100", "3", D("100.00"))], "BAX")
    void = dataclasses.replace(make_txn(2, dt.datetime(2026, 3, 2, 22, 30), [Line("100", "3", D("30.00"))], "BAX"),
                               void=True)
    reg = Register("K1", [sale, void], [dt.datetime(2026, 3, 2, 22)])
    write(tmp_path / "a.xml", [Location("Kafe", [reg])], created=dt.datetime(2026, 3, 2, 23, 30))
    (s,) = ExportSource([str(tmp_path)], settle_seconds=0).scan().summaries()
    assert s.has_z and s.combined.total_in == D("100.00")

    late = make_txn(2, dt.datetime(2026, 3, 2, 23), [Line("100", "3", D("30.00"))], "BAX")  # after the Z: open
    for i, (written, closed) in enumerate([("05:30:00+01:00", True), ("04:30:00Z", True), ("04:30:00+01:00", False)]):
        folder = tmp_path / f"z{i}"
        folder.mkdir()
        path = write(folder / "a.xml", [Location("Kafe", [Register("K1", [sale, late], [dt.datetime(2026, 3, 2, 22)])])],
                     created=dt.datetime(2026, 3, 3, 5, 30))
        path.write_text(path.read_text(encoding="utf-8").replace("<timeCreated>05:30:00", f"<timeCreated>{written}"),
                        encoding="utf-8")
        (s,) = ExportSource([str(folder)], settle_seconds=0).scan().summaries()
        assert s.has_z is closed, written  # 05:30+01:00 and 04:30Z are 05:30 in Oslo (winter): after the cut-off


def test_a_calendar_day_file_written_twice_is_still_one_whole_day(tmp_path):
    """From review of the split-day rule: a POS that writes the calendar day's file twice (18:00 and 23:59, each
    the whole day so far) left two copies of the evening that never summed to the Z: one copy is taken, the
    fullest and newest."""
    k1 = Register("K1", [make_txn(1, dt.datetime(2026, 3, 1, 17), [Line("300", "3", D("100.00"))], "BAX"),
                         make_txn(2, dt.datetime(2026, 3, 1, 23), [Line("300", "3", D("60.00"))], "BAX"),
                         make_txn(3, dt.datetime(2026, 3, 2, 0, 30), [Line("300", "3", D("30.00"))], "BAX")],
                  [dt.datetime(2026, 3, 2, 2)])
    for name, made in (("a18.xml", dt.datetime(2026, 3, 1, 18)), ("a23.xml", dt.datetime(2026, 3, 1, 23, 59))):
        write(tmp_path / name, [Location("Bar", [k1])], created=made,
              include_txn=lambda t, made=made: t.when < made, include_z=lambda z: False)
    write(tmp_path / "b.xml", [Location("Bar", [k1])], created=dt.datetime(2026, 3, 2, 23, 59),
          include_txn=lambda t: t.when.date() == dt.date(2026, 3, 2), include_z=lambda z: True)
    (s,) = ExportSource([str(tmp_path)], settle_seconds=0).scan().summaries()
    assert s.combined.total_in == D("190.00") and s.reconciliation.ok and s.has_z
