"""`ledgerwizard summary` (issue 10 §2–3, the reader's side): open receipts shown per store and day, VAT rounding
shown as rounding, and a folder with nothing to summarise says what it found and exits non-zero."""

import datetime as dt
import json
import os
import shutil
from decimal import Decimal as D

from saft_helpers import Line, make_txn, simple_location, write

from ledgerwizard.cli import main


def run(args, capsys):
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_an_empty_folder_says_so_and_exits_2(tmp_path, capsys):
    d = tmp_path / "empty"
    d.mkdir()
    code, out, err = run(["summary", str(d)], capsys)
    assert code == 2 and out == ""
    assert "fant ingen SAF-T-eksport" in err and "0 andre filer" in err
    code, out, err = run(["--lang", "en", "summary", str(d), "--json"], capsys)
    doc = json.loads(out)
    assert code == 2 and doc["days"] == [] and doc["files_read"] == 0 and "no SAF-T export" in doc["nothing_found"]["en"]


def test_a_folder_of_unrelated_files_lists_what_was_skipped_and_why(tmp_path, capsys, example_2021):
    d = tmp_path / "docs"
    d.mkdir()
    (d / "readme.txt").write_text("hello")
    (d / "Z-rapport.pdf").write_bytes(b"%PDF-1.4")
    (d / "old").mkdir()
    (d / "notes.xml").write_text("<notes><a/></notes>")
    os.utime(d / "notes.xml", (1_600_000_000, 1_600_000_000))
    code, out, err = run(["--lang", "en", "summary", str(d)], capsys)
    assert code == 2
    assert "readme.txt: not an .xml or .zip file" in err and "Z-rapport.pdf: not an .xml or .zip file" in err
    assert "old: a subfolder (subfolders are not read)" in err
    assert "notes.xml" in err and "not a SAF-T Cash Register file" in err
    assert "1 could not be read" in err and "3 other files skipped" in err
    code, out, _ = run(["summary", str(d), "--json"], capsys)
    doc = json.loads(out)
    assert code == 2 and doc["files_skipped"] == 3 and len(doc["skipped"]) == 3 and len(doc["problems"]) == 1


def test_exports_without_any_sales_day_exit_3(tmp_path, capsys):
    loc = simple_location()
    loc.registers[0].z_times.clear()
    loc.registers[0].transactions.clear()
    p = write(tmp_path / "empty-export.xml", [loc])
    code, out, err = run(["--lang", "en", "summary", str(p)], capsys)
    assert code == 3 and "1 SAF-T file(s) read, but they hold no sales days" in err


def test_open_receipts_are_shown_per_store_and_day(tmp_path, capsys):
    loc = simple_location()
    loc.registers[0].transactions.append(
        make_txn(9, dt.datetime(2026, 3, 2, 22, 40), [Line("300", "3", D("89.00"))], "BAX"))
    p = write(tmp_path / "open.xml", [loc])
    code, out, _ = run(["--lang", "en", "summary", str(p)], capsys)
    assert code == 0
    assert "Open: Butikk 2026-03-02: 1 receipts (NOK 89.00) after the last Z report of register K1" in out
    code, out, _ = run(["summary", str(p), "--json"], capsys)
    doc = json.loads(out)
    (o,) = doc["open"]
    assert (o["store"], o["business_day"], o["count"], o["amount"], o["status"]) == (
        "Butikk", "2026-03-02", 1, "89.00", "waiting_for_z")
    assert doc["days"][0]["open"]["count"] == 1


def test_store_and_file_names_are_printed_escaped(tmp_path, capsys, example_2021):
    d = tmp_path / "exp"
    d.mkdir()
    text = example_2021.read_text(encoding="utf-8").replace("Location A: Shop Frogner", "Shop\u009b2J\u202eX")
    (d / "a.xml").write_text(text, encoding="utf-8")
    os.utime(d / "a.xml", (1_600_000_000, 1_600_000_000))
    code, out, err = run(["summary", str(d)], capsys)
    assert code == 0 and "\u009b" not in out and "\u202e" not in out and "Shop\\x9b2J\\u202eX" in out
    shutil.rmtree(d)
    d.mkdir()
    (d / "b\x1b[2J\n\u2713 Sent.txt").write_text("x")
    code, out, err = run(["summary", str(d)], capsys)
    assert code == 2 and "\x1b" not in err and "b\\x1b[2J\\x0a\u2713 Sent.txt" in err
